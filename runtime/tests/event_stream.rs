//! The event stream framing against vectors built by hand from the
//! specification, malformed input of every kind, and botocore.
//!
//! * The `HAND_*` vectors were built with `struct` and `zlib.crc32` by
//!   `tests/data/event_stream/hand_vectors.py`, which also checks that
//!   botocore's `EventStreamBuffer` reads each as described here.
//! * `tests/data/event_stream/encoded/*.bin` are bodies our encoder wrote;
//!   `botocore.json` is what botocore read from them
//!   (`botocore_parse.py`). The committed files are checked without Python;
//!   when `BOTOCORE_PYTHON` names a Python with botocore (or `AWS_CLI` names
//!   an `aws` in a virtualenv that has it), botocore is also run on the
//!   bytes encoded now. `EVENT_STREAM_BLESS=1` rewrites the files.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use bytes::Bytes;
use smithy_rt::event_stream::decode::decode_all;
use smithy_rt::event_stream::smithy::{
    CONTENT_TYPE, ERROR_CODE, EVENT_TYPE, EXCEPTION_TYPE, MESSAGE_TYPE,
};
use smithy_rt::event_stream::{
    DecodeErrorKind, EncodeError, EventKind, HeaderValue, Message, MessageDecoder, MessageType,
    SemanticError, MAX_HEADERS_LEN, MAX_MESSAGE_LEN,
};

// ---------------------------------------------------------------- vectors

const HAND_EMPTY: &str = "000000100000000005c248eb7d98c8ff";
const HAND_PAYLOAD_NO_HEADERS: &str = "0000001d00000000fd528c5a7b27666f6f273a27626172277dc3653936";
const HAND_ONE_STRING_HEADER: &str = "0000003d0000002007fd83960c636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e7b27666f6f273a27626172277d8d9c08b1";
const HAND_INT8_HEADER: &str = "0000001d0000000d83e3f0e70a6576656e742d7479706502283974e7e8";
const HAND_INT16_HEADER: &str = "0000001e0000000e5d4adb8d0a6576656e742d7479706503fffe82c365ca";
const HAND_ALL_HEADER_TYPES: &str = "000000940000007d6f1053380474727565000566616c736501046279746502ff0573686f727403fed407696e746567657204075bcd15046c6f6e6705ffffff000000000005627974657306000300ff1006737472696e6707000668c3a96c6c6f0974696d657374616d7008000001a22da29c22047575696409101112131415161718191a1b1c1d1e1f7061796c6f61642bd38f19";
const HAND_ERROR_MESSAGE: &str = "0000005a0000004a8188a08d0d3a6d6573736167652d747970650700056572726f720b3a6572726f722d636f646507000b5468726f74746c656434320e3a6572726f722d6d657373616765070008736c6f772069742141500a01";

const UUID: [u8; 16] = [
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
];

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

/// The message `HAND_ALL_HEADER_TYPES` describes.
fn all_header_types() -> Message {
    Message::new("payload")
        .with_header("true", true)
        .with_header("false", false)
        .with_header("byte", HeaderValue::Byte(-1))
        .with_header("short", HeaderValue::Short(-300))
        .with_header("integer", HeaderValue::Integer(123_456_789))
        .with_header("long", HeaderValue::Long(-(1 << 40)))
        .with_header("bytes", Bytes::from_static(&[0x00, 0xff, 0x10]))
        .with_header("string", "h\u{e9}llo")
        .with_header("timestamp", HeaderValue::Timestamp(1_796_061_961_250))
        .with_header("uuid", HeaderValue::Uuid(UUID))
}

/// Every hand vector with the message it describes.
fn hand_vectors() -> Vec<(&'static str, Message)> {
    vec![
        (HAND_EMPTY, Message::new(Bytes::new())),
        (HAND_PAYLOAD_NO_HEADERS, Message::new("{'foo':'bar'}")),
        (
            HAND_ONE_STRING_HEADER,
            Message::new("{'foo':'bar'}").with_header("content-type", "application/json"),
        ),
        (
            HAND_INT8_HEADER,
            Message::new(Bytes::new()).with_header("event-type", HeaderValue::Byte(40)),
        ),
        (
            HAND_INT16_HEADER,
            Message::new(Bytes::new()).with_header("event-type", HeaderValue::Short(-2)),
        ),
        (HAND_ALL_HEADER_TYPES, all_header_types()),
        (
            HAND_ERROR_MESSAGE,
            Message::error("Throttled42", "slow it!"),
        ),
    ]
}

/// A prelude with a correct CRC.
fn prelude(total: u32, headers: u32) -> Vec<u8> {
    let mut out = total.to_be_bytes().to_vec();
    out.extend_from_slice(&headers.to_be_bytes());
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

/// A message with correct lengths and CRCs around arbitrary header bytes.
fn frame(headers: &[u8], payload: &[u8]) -> Vec<u8> {
    let total = 16 + headers.len() + payload.len();
    let mut out = prelude(total as u32, headers.len() as u32);
    out.extend_from_slice(headers);
    out.extend_from_slice(payload);
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_be_bytes());
    out
}

fn decode_err(data: &[u8]) -> (u64, DecodeErrorKind) {
    let e = Message::decode(data).unwrap_err();
    assert!(!e.to_string().is_empty());
    (e.offset(), e.kind().clone())
}

// ---------------------------------------------------------------- decoding

#[test]
fn hand_vectors_decode_and_encode_back_exactly() {
    for (wire, expected) in hand_vectors() {
        let bytes = unhex(wire);
        let got = Message::decode(&bytes).unwrap();
        assert_eq!(got, expected, "{wire}");
        assert_eq!(hex(&expected.encode().unwrap()), wire);
        assert_eq!(expected.encoded_len(), bytes.len());
    }
}

#[test]
fn all_header_types_have_their_accessors() {
    let m = Message::decode(&unhex(HAND_ALL_HEADER_TYPES)).unwrap();
    assert_eq!(m.headers().len(), 10);
    assert_eq!(m.header("true").and_then(HeaderValue::as_bool), Some(true));
    assert_eq!(
        m.header("false").and_then(HeaderValue::as_bool),
        Some(false)
    );
    assert_eq!(m.header("byte").and_then(HeaderValue::as_i64), Some(-1));
    assert_eq!(m.header("short").and_then(HeaderValue::as_i64), Some(-300));
    assert_eq!(
        m.header("integer").and_then(HeaderValue::as_i64),
        Some(123_456_789)
    );
    assert_eq!(
        m.header("long").and_then(HeaderValue::as_i64),
        Some(-(1 << 40))
    );
    assert_eq!(
        m.header("bytes")
            .and_then(HeaderValue::as_bytes)
            .map(|b| b.to_vec()),
        Some(vec![0, 0xff, 0x10])
    );
    assert_eq!(
        m.header("string").and_then(HeaderValue::as_str),
        Some("h\u{e9}llo")
    );
    let ts = m
        .header("timestamp")
        .and_then(HeaderValue::as_datetime)
        .unwrap();
    assert_eq!(
        ts.format(smithy_rt::datetime::Format::DateTime).unwrap(),
        "2026-11-30T18:06:01.25Z"
    );
    assert_eq!(m.header("uuid").and_then(HeaderValue::as_uuid), Some(&UUID));
    assert_eq!(m.header("missing"), None);
    assert_eq!(m.payload().as_ref(), b"payload");
    let types: Vec<u8> = m.headers().iter().map(|h| h.value().type_byte()).collect();
    assert_eq!(types, (0..=9).collect::<Vec<u8>>());
}

/// The concatenation of every hand vector, fed in pieces of every size
/// from 1 byte (the whole stream byte by byte) up.
#[test]
fn split_feeding_yields_the_same_messages() {
    let vectors = hand_vectors();
    let stream: Vec<u8> = vectors.iter().flat_map(|(w, _)| unhex(w)).collect();
    let expected: Vec<Message> = vectors.into_iter().map(|(_, m)| m).collect();
    for piece in [1, 2, 3, 5, 11, 12, 13, 16, 100, stream.len()] {
        let mut decoder = MessageDecoder::new();
        let mut got = Vec::new();
        for chunk in stream.chunks(piece) {
            decoder.push(chunk);
            while let Some(m) = decoder.next_message().unwrap() {
                got.push(m);
            }
        }
        decoder.finish().unwrap();
        assert_eq!(got, expected, "pieces of {piece}");
        assert_eq!(decoder.offset(), stream.len() as u64);
        assert_eq!(decoder.buffered_len(), 0);
    }
    assert_eq!(decode_all(&stream).unwrap(), expected);
    assert_eq!(decode_all(&[]).unwrap(), Vec::<Message>::new());
}

#[test]
fn bad_prelude_crc() {
    let mut b = unhex(HAND_ONE_STRING_HEADER);
    b[10] ^= 0x01;
    let (offset, kind) = decode_err(&b);
    assert_eq!(offset, 8);
    assert!(matches!(kind, DecodeErrorKind::PreludeCrcMismatch { .. }));
    // A corrupted length is caught by the prelude CRC too.
    let mut b = unhex(HAND_ONE_STRING_HEADER);
    b[3] ^= 0x40;
    assert!(matches!(
        decode_err(&b).1,
        DecodeErrorKind::PreludeCrcMismatch { .. }
    ));
}

#[test]
fn bad_message_crc() {
    let mut b = unhex(HAND_ONE_STRING_HEADER);
    let last = b.len() - 1;
    b[last] ^= 0x80;
    let (offset, kind) = decode_err(&b);
    assert_eq!(offset, (b.len() - 4) as u64);
    assert!(matches!(kind, DecodeErrorKind::MessageCrcMismatch { .. }));
    // A corrupted payload byte.
    let mut b = unhex(HAND_ONE_STRING_HEADER);
    b[50] ^= 0x01;
    assert!(matches!(
        decode_err(&b).1,
        DecodeErrorKind::MessageCrcMismatch { .. }
    ));
}

#[test]
fn bad_crc_in_a_later_message_has_its_stream_offset() {
    let first = unhex(HAND_EMPTY);
    let mut second = unhex(HAND_PAYLOAD_NO_HEADERS);
    let last = second.len() - 1;
    second[last] ^= 1;
    let stream = [first.clone(), second.clone()].concat();
    let e = decode_all(&stream).unwrap_err();
    assert_eq!(e.offset(), (first.len() + second.len() - 4) as u64);
}

#[test]
fn truncated() {
    let b = unhex(HAND_ALL_HEADER_TYPES);
    for cut in [0, 1, 11, 12, 13, b.len() - 1] {
        let (offset, kind) = decode_err(&b[..cut]);
        assert_eq!(offset, cut as u64);
        let expected = if cut < 12 { 12 } else { b.len() };
        assert_eq!(
            kind,
            DecodeErrorKind::Truncated {
                expected,
                available: cut
            },
            "cut at {cut}"
        );
        if cut > 0 {
            let mut decoder = MessageDecoder::new();
            decoder.push(&b[..cut]);
            assert_eq!(decoder.next_message().unwrap(), None);
            let e = decoder.finish().unwrap_err();
            assert!(matches!(e.kind(), DecodeErrorKind::Truncated { .. }));
        }
    }
    // A whole message, then half a prelude.
    let stream = [unhex(HAND_EMPTY), vec![0, 0, 0]].concat();
    let e = decode_all(&stream).unwrap_err();
    assert_eq!(e.offset(), 19);
}

#[test]
fn trailing_bytes_after_one_message() {
    let b = [unhex(HAND_EMPTY), vec![0]].concat();
    assert_eq!(
        decode_err(&b),
        (16, DecodeErrorKind::TrailingBytes { len: 1 })
    );
}

/// Oversize and inconsistent lengths are refused from the 12 prelude bytes
/// alone, before the rest of the message is waited for (or allocated).
#[test]
fn oversize_and_inconsistent_lengths() {
    let cases: Vec<(u32, u32, u64, DecodeErrorKind)> = vec![
        (
            MAX_MESSAGE_LEN as u32 + 1,
            0,
            0,
            DecodeErrorKind::MessageTooLong {
                len: MAX_MESSAGE_LEN as u32 + 1,
            },
        ),
        (
            u32::MAX,
            0,
            0,
            DecodeErrorKind::MessageTooLong { len: u32::MAX },
        ),
        (15, 0, 0, DecodeErrorKind::MessageTooShort { len: 15 }),
        (0, 0, 0, DecodeErrorKind::MessageTooShort { len: 0 }),
        (
            1 << 20,
            MAX_HEADERS_LEN as u32 + 1,
            4,
            DecodeErrorKind::HeadersTooLong {
                len: MAX_HEADERS_LEN as u32 + 1,
            },
        ),
        (
            100,
            85,
            4,
            DecodeErrorKind::HeadersExceedMessage {
                headers_len: 85,
                total_len: 100,
            },
        ),
        (
            16,
            u32::MAX,
            4,
            DecodeErrorKind::HeadersTooLong { len: u32::MAX },
        ),
    ];
    for (total, headers, offset, kind) in cases {
        let mut decoder = MessageDecoder::new();
        decoder.push(&prelude(total, headers));
        let e = decoder.next_message().unwrap_err();
        assert_eq!((e.offset(), e.kind()), (offset, &kind));
        assert_eq!(decoder.buffered_len(), 0);
    }
    // The largest allowed lengths pass the prelude check and wait for more.
    let mut decoder = MessageDecoder::new();
    decoder.push(&prelude(MAX_MESSAGE_LEN as u32, MAX_HEADERS_LEN as u32));
    assert_eq!(decoder.next_message().unwrap(), None);
}

#[test]
fn malformed_headers() {
    let ok = |name: &[u8], rest: &[u8]| {
        let mut h = vec![name.len() as u8];
        h.extend_from_slice(name);
        h.extend_from_slice(rest);
        h
    };
    // Unknown header type 10, at the type byte's offset.
    let (offset, kind) = decode_err(&frame(&ok(b"x", &[10]), b""));
    assert_eq!((offset, kind), (14, DecodeErrorKind::UnknownHeaderType(10)));
    assert_eq!(
        decode_err(&frame(&ok(b"x", &[0xff]), b"")).1,
        DecodeErrorKind::UnknownHeaderType(0xff)
    );
    // Empty name.
    assert_eq!(
        decode_err(&frame(&[0, 0], b"")),
        (12, DecodeErrorKind::EmptyHeaderName)
    );
    // Name not UTF-8.
    assert_eq!(
        decode_err(&frame(&ok(&[0xc3, 0x28], &[0]), b"")),
        (13, DecodeErrorKind::HeaderNameNotUtf8)
    );
    // String value not UTF-8.
    assert_eq!(
        decode_err(&frame(&ok(b"s", &[7, 0, 1, 0xff]), b"")),
        (
            17,
            DecodeErrorKind::StringNotUtf8 {
                name: "s".to_owned()
            }
        )
    );
    // A name, a type byte, a fixed-size value, a length and a
    // variable-length value running past the headers section.
    let overruns: Vec<(Vec<u8>, &str)> = vec![
        (vec![5, b'a'], "header name"),
        (vec![1, b'a'], "header value type"),
        (ok(b"a", &[4, 0, 0]), "integer value"),
        (ok(b"a", &[5, 0, 0, 0, 0, 0, 0, 0]), "long value"),
        (ok(b"a", &[8, 0]), "timestamp value"),
        (ok(b"a", &[9, 0, 0]), "uuid value"),
        (ok(b"a", &[7, 0]), "string length"),
        (ok(b"a", &[7, 0, 5, b'a']), "string value"),
        (ok(b"a", &[6, 0xff, 0xff]), "byte array value"),
    ];
    for (headers, what) in overruns {
        // The payload after the headers must not be read as header bytes.
        let (_, kind) = decode_err(&frame(&headers, b"payload bytes"));
        assert!(
            matches!(kind, DecodeErrorKind::HeaderOverrun { what: w, .. } if w == what),
            "{what}: {kind:?}"
        );
    }
}

#[test]
fn a_failed_stream_stays_failed() {
    let mut b = unhex(HAND_EMPTY);
    b[15] ^= 1;
    let mut decoder = MessageDecoder::new();
    decoder.push(&b);
    let e = decoder.next_message().unwrap_err();
    assert!(decoder.has_failed());
    decoder.push(&unhex(HAND_EMPTY));
    assert_eq!(decoder.next_message().unwrap_err(), e);
    assert_eq!(decoder.finish().unwrap_err(), e);
    assert_eq!(decoder.buffered_len(), 0);
}

// ---------------------------------------------------------------- encoding

#[test]
fn encoder_limits() {
    let long_name = "n".repeat(256);
    assert_eq!(
        Message::new("").with_header(long_name, true).encode(),
        Err(EncodeError::HeaderNameTooLong { len: 256 })
    );
    assert_eq!(
        Message::new("").with_header("", true).encode(),
        Err(EncodeError::EmptyHeaderName)
    );
    let big = "v".repeat(65_536);
    assert_eq!(
        Message::new("").with_header("s", big.as_str()).encode(),
        Err(EncodeError::HeaderValueTooLong {
            name: "s".to_owned(),
            len: 65_536
        })
    );
    // The longest name and values are fine and round-trip.
    let max = Message::new("p")
        .with_header("n".repeat(255), "v".repeat(65_535))
        .with_header("b", Bytes::from(vec![7u8; 60_000]));
    let max_bytes = Message::new("").with_header("b", Bytes::from(vec![7u8; 65_535]));
    assert_eq!(
        Message::decode(&max_bytes.encode().unwrap()).unwrap(),
        max_bytes
    );
    let wire = max.encode().unwrap();
    assert_eq!(Message::decode(&wire).unwrap(), max);
    // Headers over 128 KiB.
    let mut m = Message::new("");
    for i in 0..3 {
        m = m.with_header(format!("h{i}"), "v".repeat(60_000));
    }
    assert!(matches!(
        m.encode(),
        Err(EncodeError::HeadersTooLong { .. })
    ));
    // A message over 16 MiB.
    let m = Message::new(vec![0u8; MAX_MESSAGE_LEN - 15]);
    assert_eq!(
        m.encode(),
        Err(EncodeError::MessageTooLong {
            len: MAX_MESSAGE_LEN + 1
        })
    );
    let m = Message::new(vec![0u8; MAX_MESSAGE_LEN - 16]);
    assert_eq!(m.encode().unwrap().len(), MAX_MESSAGE_LEN);
    // Nothing is appended on error.
    let mut out = vec![1, 2, 3];
    assert!(Message::new("")
        .with_header("", true)
        .encode_into(&mut out)
        .is_err());
    assert_eq!(out, [1, 2, 3]);
}

#[test]
fn encode_headers_is_the_headers_section() {
    let m = all_header_types();
    let section = Message::encode_headers(m.headers()).unwrap();
    let wire = m.encode().unwrap();
    assert_eq!(section.len(), m.headers_len());
    assert_eq!(&wire[12..12 + section.len()], &section[..]);
}

// ---------------------------------------------------------------- Smithy

#[test]
fn smithy_message_kinds() {
    let e = Message::event("Greeting", Some("application/json"), "{}");
    assert_eq!(e.message_type(), Ok(MessageType::Event));
    assert_eq!(e.event_type(), Some("Greeting"));
    assert_eq!(e.content_type(), Some("application/json"));
    assert_eq!(
        e.kind(),
        Ok(EventKind::Event {
            event_type: "Greeting",
            content_type: Some("application/json")
        })
    );
    let x = Message::exception("BadThing", Some("application/json"), "{\"message\":\"m\"}");
    assert_eq!(x.exception_type(), Some("BadThing"));
    assert_eq!(
        x.kind(),
        Ok(EventKind::Exception {
            exception_type: "BadThing",
            content_type: Some("application/json")
        })
    );
    let decoded = Message::decode(&unhex(HAND_ERROR_MESSAGE)).unwrap();
    assert_eq!(decoded.error_code(), Some("Throttled42"));
    assert_eq!(decoded.error_message(), Some("slow it!"));
    assert_eq!(
        decoded.kind(),
        Ok(EventKind::Error {
            code: "Throttled42",
            message: Some("slow it!")
        })
    );
    for t in [
        MessageType::Event,
        MessageType::Exception,
        MessageType::Error,
    ] {
        assert_eq!(MessageType::from_name(t.as_str()), Some(t));
    }
}

#[test]
fn smithy_header_problems() {
    let none = Message::new("");
    assert_eq!(none.kind(), Err(SemanticError::MissingHeader(MESSAGE_TYPE)));
    let wrong = Message::new("").with_header(MESSAGE_TYPE, true);
    assert_eq!(
        wrong.kind(),
        Err(SemanticError::NotAString {
            name: MESSAGE_TYPE,
            found: "boolean"
        })
    );
    let unknown = Message::new("").with_header(MESSAGE_TYPE, "party");
    assert_eq!(
        unknown.kind(),
        Err(SemanticError::UnknownMessageType("party".to_owned()))
    );
    let no_event_type = Message::new("").with_header(MESSAGE_TYPE, "event");
    assert_eq!(
        no_event_type.kind(),
        Err(SemanticError::MissingHeader(EVENT_TYPE))
    );
    let no_exception_type = Message::new("").with_header(MESSAGE_TYPE, "exception");
    assert_eq!(
        no_exception_type.kind(),
        Err(SemanticError::MissingHeader(EXCEPTION_TYPE))
    );
    let no_code = Message::new("").with_header(MESSAGE_TYPE, "error");
    assert_eq!(
        no_code.kind(),
        Err(SemanticError::MissingHeader(ERROR_CODE))
    );
    let bad_content_type = Message::new("")
        .with_header(MESSAGE_TYPE, "event")
        .with_header(EVENT_TYPE, "E")
        .with_header(CONTENT_TYPE, HeaderValue::Integer(1));
    assert!(matches!(
        bad_content_type.kind(),
        Err(SemanticError::NotAString { name, .. }) if name == CONTENT_TYPE
    ));
    assert_eq!(bad_content_type.content_type(), None);
    for e in [
        SemanticError::MissingHeader(EVENT_TYPE),
        SemanticError::UnknownMessageType("x".into()),
    ] {
        assert!(!e.to_string().is_empty());
    }
}

// ---------------------------------------------------------------- botocore

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/event_stream")
}

/// The bodies our encoder writes for `encoded/<name>.bin`.
fn encoded_vectors() -> Vec<(&'static str, Vec<u8>)> {
    let stream = [
        Message::event(
            "Greeting",
            Some("application/json"),
            "{\"hello\":\"world\"}",
        ),
        Message::event(
            "Audio",
            Some("application/octet-stream"),
            vec![0u8, 1, 2, 3],
        ),
        Message::event("Empty", None, Bytes::new()),
    ]
    .iter()
    .flat_map(|m| m.encode().unwrap().to_vec())
    .collect();
    let long = Message::new(vec![0xabu8; 300])
        .with_header("n".repeat(255), "s".repeat(300))
        .with_header("b", Bytes::from(vec![0x5au8; 256]));
    vec![
        (
            "all_header_types",
            all_header_types().encode().unwrap().to_vec(),
        ),
        (
            "empty",
            Message::new(Bytes::new()).encode().unwrap().to_vec(),
        ),
        (
            "error",
            Message::error("ThrottlingException", "Rate exceeded")
                .encode()
                .unwrap()
                .to_vec(),
        ),
        (
            "exception",
            Message::exception(
                "BadRequestException",
                Some("application/json"),
                "{\"Message\":\"no\"}",
            )
            .encode()
            .unwrap()
            .to_vec(),
        ),
        ("long_values", long.encode().unwrap().to_vec()),
        ("stream_of_events", stream),
    ]
}

/// A message as `botocore_parse.py` prints it.
fn render(m: &Message) -> serde_json::Value {
    use serde_json::json;
    let headers: Vec<serde_json::Value> = m
        .headers()
        .iter()
        .map(|h| {
            let (t, v) = match h.value() {
                HeaderValue::Bool(b) => ("bool", json!(b)),
                HeaderValue::Byte(_)
                | HeaderValue::Short(_)
                | HeaderValue::Integer(_)
                | HeaderValue::Long(_) => ("int", json!(h.value().as_i64())),
                HeaderValue::Timestamp(ms) => ("int", json!(ms)),
                HeaderValue::ByteArray(b) => ("bytes", json!(hex(b))),
                HeaderValue::String(s) => ("str", json!(s)),
                HeaderValue::Uuid(u) => ("bytes", json!(hex(u))),
            };
            json!([h.name(), t, v])
        })
        .collect();
    json!({"headers": headers, "payload": hex(m.payload())})
}

fn botocore_json() -> serde_json::Value {
    let text = std::fs::read_to_string(data_dir().join("botocore.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A Python that can import botocore, or why there is none.
fn botocore_python() -> Result<PathBuf, String> {
    let candidate = match (
        std::env::var_os("BOTOCORE_PYTHON"),
        std::env::var_os("AWS_CLI"),
    ) {
        (Some(p), _) => PathBuf::from(p),
        (None, Some(aws)) => Path::new(&aws).with_file_name("python"),
        (None, None) => return Err("neither BOTOCORE_PYTHON nor AWS_CLI is set".to_owned()),
    };
    let ok = Command::new(&candidate)
        .args(["-c", "import botocore.eventstream"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Ok(candidate)
    } else {
        Err(format!("{} cannot import botocore", candidate.display()))
    }
}

fn run_botocore(python: &Path, vectors: &[(&str, Vec<u8>)]) -> serde_json::Value {
    use std::io::Write;
    let input: serde_json::Map<String, serde_json::Value> = vectors
        .iter()
        .map(|(n, b)| (n.to_string(), serde_json::Value::String(hex(b))))
        .collect();
    let mut child = Command::new(python)
        .arg(data_dir().join("botocore_parse.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::Value::Object(input).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "botocore_parse.py failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The committed bodies are what the encoder writes now, and our decoder
/// reads them as botocore did.
#[test]
fn committed_vectors_match_encoder_and_botocore_result() {
    let vectors = encoded_vectors();
    let dir = data_dir().join("encoded");
    if std::env::var_os("EVENT_STREAM_BLESS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in &vectors {
            std::fs::write(dir.join(format!("{name}.bin")), bytes).unwrap();
        }
        let python = botocore_python().expect("blessing needs botocore");
        let parsed = run_botocore(&python, &vectors);
        let text = format!("{}\n", serde_json::to_string_pretty(&parsed).unwrap());
        std::fs::write(data_dir().join("botocore.json"), text).unwrap();
    }
    let expected = botocore_json();
    for (name, bytes) in &vectors {
        let committed = std::fs::read(dir.join(format!("{name}.bin"))).unwrap();
        assert_eq!(&committed, bytes, "encoded/{name}.bin is stale");
        let ours: Vec<serde_json::Value> = decode_all(bytes).unwrap().iter().map(render).collect();
        assert_eq!(
            serde_json::Value::Array(ours),
            expected[*name],
            "botocore read {name} differently"
        );
    }
}

/// botocore reads what the encoder writes now.
#[test]
fn botocore_reads_our_encoder_output() {
    let python = match botocore_python() {
        Ok(p) => p,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let parsed = run_botocore(&python, &encoded_vectors());
    assert_eq!(parsed, botocore_json());
}
