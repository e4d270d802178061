"""Reads event stream bodies with botocore's EventStreamBuffer and prints
what it parsed, for runtime/tests/event_stream.rs.

Input (stdin): a JSON object, vector name -> hex of a whole body.
Output (stdout): a JSON object, vector name -> list of messages, each
{"headers": [[name, python type, value]], "payload": hex}, where bytes
values are hex and the python type is bool, int, str or bytes. The body is
fed in 7-byte pieces so that botocore's own reassembly is exercised.
"""
import json
import sys

from botocore.eventstream import EventStreamBuffer


def render(value):
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, int):
        return ["int", value]
    if isinstance(value, str):
        return ["str", value]
    if isinstance(value, (bytes, bytearray)):
        return ["bytes", bytes(value).hex()]
    raise TypeError(type(value).__name__)


def parse(body):
    buf = EventStreamBuffer()
    out = []
    for i in range(0, len(body), 7):
        buf.add_data(body[i : i + 7])
        for message in buf:
            headers = [[name] + render(value) for name, value in message.headers.items()]
            out.append({"headers": headers, "payload": message.payload.hex()})
    return out


vectors = json.load(sys.stdin)
json.dump({name: parse(bytes.fromhex(hexed)) for name, hexed in sorted(vectors.items())}, sys.stdout, indent=1, sort_keys=True)
sys.stdout.write("\n")
