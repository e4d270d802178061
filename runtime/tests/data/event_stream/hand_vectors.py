"""Builds event stream messages by hand from the specification (struct +
zlib.crc32, nothing from the Rust code under test), checks that botocore's
EventStreamBuffer reads them as described, and prints them as hex for
runtime/tests/event_stream.rs.

Run with a Python that has botocore: python3 hand_vectors.py
"""
import struct
import zlib

from botocore.eventstream import EventStreamBuffer


def header(name, type_byte, value=b""):
    n = name.encode("utf-8")
    return struct.pack(">B", len(n)) + n + struct.pack(">B", type_byte) + value


def message(headers, payload):
    total = 12 + len(headers) + len(payload) + 4
    prelude = struct.pack(">II", total, len(headers))
    prelude += struct.pack(">I", zlib.crc32(prelude) & 0xFFFFFFFF)
    body = prelude + headers + payload
    return body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


UUID = bytes(range(0x10, 0x20))
VECTORS = {
    "empty": (message(b"", b""), {}, b""),
    "payload_no_headers": (message(b"", b"{'foo':'bar'}"), {}, b"{'foo':'bar'}"),
    "one_string_header": (
        message(header("content-type", 7, struct.pack(">H", 16) + b"application/json"), b"{'foo':'bar'}"),
        {"content-type": "application/json"},
        b"{'foo':'bar'}",
    ),
    "int8_header": (message(header("event-type", 2, struct.pack(">b", 40)), b""), {"event-type": 40}, b""),
    "int16_header": (message(header("event-type", 3, struct.pack(">h", -2)), b""), {"event-type": -2}, b""),
    "all_header_types": (
        message(
            header("true", 0)
            + header("false", 1)
            + header("byte", 2, struct.pack(">b", -1))
            + header("short", 3, struct.pack(">h", -300))
            + header("integer", 4, struct.pack(">i", 123456789))
            + header("long", 5, struct.pack(">q", -(2**40)))
            + header("bytes", 6, struct.pack(">H", 3) + b"\x00\xff\x10")
            + header("string", 7, struct.pack(">H", 6) + "h\u00e9llo".encode("utf-8"))
            + header("timestamp", 8, struct.pack(">q", 1796061961250))
            + header("uuid", 9, UUID),
            b"payload",
        ),
        {
            "true": True,
            "false": False,
            "byte": -1,
            "short": -300,
            "integer": 123456789,
            "long": -(2**40),
            "bytes": b"\x00\xff\x10",
            "string": "h\u00e9llo",
            "timestamp": 1796061961250,
            "uuid": UUID,
        },
        b"payload",
    ),
    "error_message": (
        message(
            header(":message-type", 7, struct.pack(">H", 5) + b"error")
            + header(":error-code", 7, struct.pack(">H", 11) + b"Throttled42")
            + header(":error-message", 7, struct.pack(">H", 8) + b"slow it!"),
            b"",
        ),
        {":message-type": "error", ":error-code": "Throttled42", ":error-message": "slow it!"},
        b"",
    ),
}

for name, (wire, headers, payload) in VECTORS.items():
    buf = EventStreamBuffer()
    buf.add_data(wire)
    got = list(buf)
    assert len(got) == 1, name
    assert got[0].headers == headers, (name, got[0].headers)
    assert got[0].payload == payload, name
    print(f"{name}: {wire.hex()}")
