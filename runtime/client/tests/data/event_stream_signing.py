"""Computes the expected event stream signatures of
runtime/client/tests/event_stream_signing.rs independently of the Rust code:
the SigV4 event string to sign, hmac/hashlib, and the envelopes framed with
struct and zlib.crc32. Run: python3 event_stream_signing.py
"""
import hashlib
import hmac
import struct
import time
import zlib

SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"
SERVICE = "transcribe"
SEED = hashlib.sha256(b"seed").hexdigest()


def header(name, type_byte, value=b""):
    n = name.encode()
    return struct.pack(">B", len(n)) + n + struct.pack(">B", type_byte) + value


def string(name, value):
    v = value.encode()
    return header(name, 7, struct.pack(">H", len(v)) + v)


def message(headers, payload):
    total = 12 + len(headers) + len(payload) + 4
    prelude = struct.pack(">II", total, len(headers))
    prelude += struct.pack(">I", zlib.crc32(prelude) & 0xFFFFFFFF)
    body = prelude + headers + payload
    return body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def h(key, data):
    return hmac.new(key, data.encode(), hashlib.sha256).digest()


def sign(prior, millis, payload):
    secs = millis // 1000
    amz = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(secs))
    day = amz[:8]
    key = h(h(h(h(("AWS4" + SECRET).encode(), day), REGION), SERVICE), "aws4_request")
    date_header = header(":date", 8, struct.pack(">q", millis))
    to_sign = "\n".join([
        "AWS4-HMAC-SHA256-PAYLOAD",
        amz,
        f"{day}/{REGION}/{SERVICE}/aws4_request",
        prior,
        hashlib.sha256(date_header).hexdigest(),
        hashlib.sha256(payload).hexdigest(),
    ])
    sig = hmac.new(key, to_sign.encode(), hashlib.sha256).digest()
    envelope = message(date_header + header(":chunk-signature", 6, struct.pack(">H", 32) + sig), payload)
    return sig.hex(), envelope.hex()


inner = message(
    string(":message-type", "event")
    + string(":event-type", "AudioEvent")
    + string(":content-type", "application/octet-stream"),
    bytes([0, 1, 2, 3]),
)
print("SEED", SEED)
print("INNER", inner.hex())
# 2026-11-30T18:06:01.250Z, then 2026-12-01T00:00:00Z (the next day: a new
# signing key), then the end of the stream one second later.
sig1, env1 = sign(SEED, 1796061961250, inner)
print("SIG1", sig1)
print("ENV1", env1)
sig2, env2 = sign(sig1, 1796083200000, inner)
print("SIG2", sig2)
sig3, env3 = sign(sig2, 1796083201000, b"")
print("SIG3", sig3)
print("ENV3", env3)
