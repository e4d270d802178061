//! Decoding: whole messages out of a body that arrives in pieces.
//!
//! [`MessageDecoder`] buffers what it is given and hands out each message
//! once all of its bytes are there. The prelude is checked (its CRC, then the
//! lengths against [`MAX_MESSAGE_LEN`] and [`MAX_HEADERS_LEN`]) as soon as
//! its 12 bytes have arrived, so a bad length is refused before the rest of
//! the message is waited for; the decoder never reserves memory for a length
//! it read, it only keeps the bytes it was fed. The first error ends the
//! stream: the decoder returns it again from then on (event stream framing
//! cannot resynchronize).

use std::fmt;

use bytes::{Bytes, BytesMut};

use super::frame::{
    Header, HeaderValue, Message, TYPE_BOOL_FALSE, TYPE_BOOL_TRUE, TYPE_BYTE, TYPE_BYTE_ARRAY,
    TYPE_INTEGER, TYPE_LONG, TYPE_SHORT, TYPE_STRING, TYPE_TIMESTAMP, TYPE_UUID,
};
use super::{MAX_HEADERS_LEN, MAX_MESSAGE_LEN, MIN_MESSAGE_LEN, PRELUDE_LEN};

/// Incremental decoder of an event stream body.
///
/// ```
/// use smithy_rt::event_stream::{Message, MessageDecoder};
///
/// let wire = Message::new("hello").with_header(":event-type", "Greeting").encode()?;
/// let mut decoder = MessageDecoder::new();
/// let mut got = Vec::new();
/// for piece in wire.chunks(5) {
///     decoder.push(piece);
///     while let Some(message) = decoder.next_message()? {
///         got.push(message);
///     }
/// }
/// decoder.finish()?; // the body ended between messages
/// assert_eq!(got[0].payload().as_ref(), b"hello");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct MessageDecoder {
    /// Bytes received and not yet handed out as messages.
    buf: BytesMut,
    /// Stream offset of `buf[0]`.
    offset: u64,
    /// The checked prelude of the message starting at `buf[0]`.
    prelude: Option<Prelude>,
    /// The error that ended the stream.
    failed: Option<DecodeError>,
}

/// The lengths of a checked prelude.
#[derive(Clone, Copy, Debug)]
struct Prelude {
    total: usize,
    headers: usize,
}

impl MessageDecoder {
    /// A decoder at the start of a stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the next bytes of the body. Take the messages out with
    /// [`next_message`](Self::next_message) after each push: the decoder
    /// keeps everything pushed and not yet decoded. Ignored once the stream
    /// has failed.
    pub fn push(&mut self, data: &[u8]) {
        if self.failed.is_none() {
            self.buf.extend_from_slice(data);
        }
    }

    /// The next whole message, `Ok(None)` if more bytes are needed, or the
    /// error that ends the stream.
    pub fn next_message(&mut self) -> Result<Option<Message>, DecodeError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let prelude = match self.prelude {
            Some(p) => p,
            None => {
                let Some(bytes) = self.buf.get(..PRELUDE_LEN) else {
                    return Ok(None);
                };
                match check_prelude(bytes, self.offset) {
                    Ok(p) => {
                        self.prelude = Some(p);
                        p
                    }
                    Err(e) => return Err(self.fail(e)),
                }
            }
        };
        if self.buf.len() < prelude.total {
            return Ok(None);
        }
        let frame = self.buf.split_to(prelude.total).freeze();
        let base = self.offset;
        self.prelude = None;
        self.offset += prelude.total as u64;
        parse_frame(frame, prelude, base)
            .map(Some)
            .map_err(|e| self.fail(e))
    }

    /// Call at the end of the body: an error if it ended inside a message
    /// (or the stream had already failed).
    pub fn finish(&self) -> Result<(), DecodeError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if self.buf.is_empty() {
            return Ok(());
        }
        let expected = self.prelude.map_or(PRELUDE_LEN, |p| p.total);
        Err(DecodeError {
            offset: self.offset + self.buf.len() as u64,
            kind: DecodeErrorKind::Truncated {
                expected,
                available: self.buf.len(),
            },
        })
    }

    /// Bytes pushed and not yet handed out as messages.
    pub fn buffered_len(&self) -> usize {
        self.buf.len()
    }

    /// Stream offset of the next message (bytes handed out so far).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// True once an error has ended the stream.
    pub fn has_failed(&self) -> bool {
        self.failed.is_some()
    }

    fn fail(&mut self, e: DecodeError) -> DecodeError {
        self.buf = BytesMut::new();
        self.prelude = None;
        self.failed = Some(e.clone());
        e
    }
}

/// Every message of a whole body, in order.
pub fn decode_all(body: &[u8]) -> Result<Vec<Message>, DecodeError> {
    let mut decoder = MessageDecoder::new();
    decoder.push(body);
    let mut out = Vec::new();
    while let Some(message) = decoder.next_message()? {
        out.push(message);
    }
    decoder.finish()?;
    Ok(out)
}

/// Exactly one message from `data`.
pub(super) fn decode_one(data: &[u8]) -> Result<Message, DecodeError> {
    let truncated = |expected| DecodeError {
        offset: data.len() as u64,
        kind: DecodeErrorKind::Truncated {
            expected,
            available: data.len(),
        },
    };
    let Some(bytes) = data.get(..PRELUDE_LEN) else {
        return Err(truncated(PRELUDE_LEN));
    };
    let prelude = check_prelude(bytes, 0)?;
    let Some(frame) = data.get(..prelude.total) else {
        return Err(truncated(prelude.total));
    };
    if data.len() > prelude.total {
        return Err(DecodeError {
            offset: prelude.total as u64,
            kind: DecodeErrorKind::TrailingBytes {
                len: data.len() - prelude.total,
            },
        });
    }
    parse_frame(Bytes::copy_from_slice(frame), prelude, 0)
}

fn be_u32(b: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    if let Some(src) = b.get(at..at + 4) {
        word.copy_from_slice(src);
    }
    u32::from_be_bytes(word)
}

/// Checks the 12 prelude bytes of the message at stream offset `base`.
fn check_prelude(b: &[u8], base: u64) -> Result<Prelude, DecodeError> {
    let err = |at: u64, kind| {
        Err(DecodeError {
            offset: base + at,
            kind,
        })
    };
    let total = be_u32(b, 0);
    let headers = be_u32(b, 4);
    let expected = be_u32(b, 8);
    let computed = crc32fast::hash(b.get(..8).unwrap_or_default());
    if expected != computed {
        return err(
            8,
            DecodeErrorKind::PreludeCrcMismatch { expected, computed },
        );
    }
    let (total_len, headers_len) = (total as usize, headers as usize);
    if total_len < MIN_MESSAGE_LEN {
        return err(0, DecodeErrorKind::MessageTooShort { len: total });
    }
    if total_len > MAX_MESSAGE_LEN {
        return err(0, DecodeErrorKind::MessageTooLong { len: total });
    }
    if headers_len > MAX_HEADERS_LEN {
        return err(4, DecodeErrorKind::HeadersTooLong { len: headers });
    }
    if headers_len > total_len - MIN_MESSAGE_LEN {
        return err(
            4,
            DecodeErrorKind::HeadersExceedMessage {
                headers_len: headers,
                total_len: total,
            },
        );
    }
    Ok(Prelude {
        total: total_len,
        headers: headers_len,
    })
}

/// Checks the message CRC of `frame` (exactly one message, prelude already
/// checked) and reads its headers and payload.
fn parse_frame(frame: Bytes, prelude: Prelude, base: u64) -> Result<Message, DecodeError> {
    let crc_at = prelude.total - 4;
    let expected = be_u32(&frame, crc_at);
    let computed = crc32fast::hash(frame.get(..crc_at).unwrap_or_default());
    if expected != computed {
        return Err(DecodeError {
            offset: base + crc_at as u64,
            kind: DecodeErrorKind::MessageCrcMismatch { expected, computed },
        });
    }
    let headers_end = PRELUDE_LEN + prelude.headers;
    let headers = parse_headers(
        frame.slice(PRELUDE_LEN..headers_end),
        base + PRELUDE_LEN as u64,
    )?;
    Ok(Message::from_parts(
        headers,
        frame.slice(headers_end..crc_at),
    ))
}

/// Reads a headers section starting at stream offset `base`.
fn parse_headers(section: Bytes, base: u64) -> Result<Vec<Header>, DecodeError> {
    let mut reader = Reader {
        data: section,
        pos: 0,
        base,
    };
    let mut headers = Vec::new();
    while reader.pos < reader.data.len() {
        headers.push(reader.header()?);
    }
    Ok(headers)
}

struct Reader {
    data: Bytes,
    pos: usize,
    base: u64,
}

impl Reader {
    fn error(&self, at: usize, kind: DecodeErrorKind) -> DecodeError {
        DecodeError {
            offset: self.base + at as u64,
            kind,
        }
    }

    /// The next `n` bytes, or an overrun error saying what was being read.
    fn take(&mut self, n: usize, what: &'static str) -> Result<Bytes, DecodeError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.data.len());
        match end {
            Some(end) => {
                let out = self.data.slice(self.pos..end);
                self.pos = end;
                Ok(out)
            }
            None => Err(self.error(
                self.pos,
                DecodeErrorKind::HeaderOverrun {
                    what,
                    needed: n,
                    available: self.data.len() - self.pos,
                },
            )),
        }
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N], DecodeError> {
        let bytes = self.take(N, what)?;
        let mut out = [0u8; N];
        out.copy_from_slice(&bytes);
        Ok(out)
    }

    fn header(&mut self) -> Result<Header, DecodeError> {
        let start = self.pos;
        let [name_len] = self.array::<1>("header name length")?;
        if name_len == 0 {
            return Err(self.error(start, DecodeErrorKind::EmptyHeaderName));
        }
        let name_bytes = self.take(usize::from(name_len), "header name")?;
        let name = std::str::from_utf8(&name_bytes)
            .map_err(|_| self.error(start + 1, DecodeErrorKind::HeaderNameNotUtf8))?
            .to_owned();
        let type_at = self.pos;
        let [value_type] = self.array::<1>("header value type")?;
        let value = match value_type {
            TYPE_BOOL_TRUE => HeaderValue::Bool(true),
            TYPE_BOOL_FALSE => HeaderValue::Bool(false),
            TYPE_BYTE => HeaderValue::Byte(i8::from_be_bytes(self.array("byte value")?)),
            TYPE_SHORT => HeaderValue::Short(i16::from_be_bytes(self.array("short value")?)),
            TYPE_INTEGER => HeaderValue::Integer(i32::from_be_bytes(self.array("integer value")?)),
            TYPE_LONG => HeaderValue::Long(i64::from_be_bytes(self.array("long value")?)),
            TYPE_BYTE_ARRAY => {
                let len = u16::from_be_bytes(self.array("byte array length")?);
                HeaderValue::ByteArray(self.take(usize::from(len), "byte array value")?)
            }
            TYPE_STRING => {
                let len = u16::from_be_bytes(self.array("string length")?);
                let value_at = self.pos;
                let bytes = self.take(usize::from(len), "string value")?;
                match String::from_utf8(bytes.to_vec()) {
                    Ok(s) => HeaderValue::String(s),
                    Err(_) => {
                        return Err(self.error(value_at, DecodeErrorKind::StringNotUtf8 { name }))
                    }
                }
            }
            TYPE_TIMESTAMP => {
                HeaderValue::Timestamp(i64::from_be_bytes(self.array("timestamp value")?))
            }
            TYPE_UUID => HeaderValue::Uuid(self.array("uuid value")?),
            other => {
                return Err(self.error(type_at, DecodeErrorKind::UnknownHeaderType(other)));
            }
        };
        Ok(Header::new(name, value))
    }
}

/// A malformed event stream: what is wrong and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    offset: u64,
    kind: DecodeErrorKind,
}

impl DecodeError {
    /// Byte offset in the stream (for [`Message::decode`], in the message)
    /// of the field at fault; for [`DecodeErrorKind::Truncated`], where the
    /// input ended.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// What is wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.kind
    }
}

/// What is wrong with a malformed event stream.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The prelude's CRC does not match its first 8 bytes.
    PreludeCrcMismatch {
        /// The CRC the prelude carries.
        expected: u32,
        /// The CRC of the bytes received.
        computed: u32,
    },
    /// The total length is under 16 (prelude and message CRC).
    MessageTooShort {
        /// The total length read.
        len: u32,
    },
    /// The total length is over [`MAX_MESSAGE_LEN`].
    MessageTooLong {
        /// The total length read.
        len: u32,
    },
    /// The headers length is over [`MAX_HEADERS_LEN`].
    HeadersTooLong {
        /// The headers length read.
        len: u32,
    },
    /// The headers do not fit in the message.
    HeadersExceedMessage {
        /// The headers length read.
        headers_len: u32,
        /// The total length read.
        total_len: u32,
    },
    /// The message CRC does not match the bytes before it.
    MessageCrcMismatch {
        /// The CRC the message carries.
        expected: u32,
        /// The CRC of the bytes received.
        computed: u32,
    },
    /// The input ended inside a message.
    Truncated {
        /// Bytes the message (or, before its prelude arrived, the prelude)
        /// needs.
        expected: usize,
        /// Bytes of it received.
        available: usize,
    },
    /// Bytes follow the one message expected ([`Message::decode`] only).
    TrailingBytes {
        /// How many.
        len: usize,
    },
    /// A header name of length zero.
    EmptyHeaderName,
    /// A header name that is not UTF-8.
    HeaderNameNotUtf8,
    /// A string header value that is not UTF-8.
    StringNotUtf8 {
        /// The header's name.
        name: String,
    },
    /// A header value type byte over 9.
    UnknownHeaderType(u8),
    /// A header runs past the end of the headers section.
    HeaderOverrun {
        /// The part of the header being read.
        what: &'static str,
        /// Bytes it needs.
        needed: usize,
        /// Bytes left in the headers section.
        available: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed event stream at byte {}: ", self.offset)?;
        match &self.kind {
            DecodeErrorKind::PreludeCrcMismatch { expected, computed } => write!(
                f,
                "prelude CRC32 is {expected:#010x} but the prelude's is {computed:#010x}"
            ),
            DecodeErrorKind::MessageTooShort { len } => write!(
                f,
                "message length {len} is under the minimum of {MIN_MESSAGE_LEN}"
            ),
            DecodeErrorKind::MessageTooLong { len } => write!(
                f,
                "message length {len} is over the limit of {MAX_MESSAGE_LEN}"
            ),
            DecodeErrorKind::HeadersTooLong { len } => write!(
                f,
                "headers length {len} is over the limit of {MAX_HEADERS_LEN}"
            ),
            DecodeErrorKind::HeadersExceedMessage {
                headers_len,
                total_len,
            } => write!(
                f,
                "headers length {headers_len} does not fit in a message of {total_len} bytes"
            ),
            DecodeErrorKind::MessageCrcMismatch { expected, computed } => write!(
                f,
                "message CRC32 is {expected:#010x} but the message's is {computed:#010x}"
            ),
            DecodeErrorKind::Truncated {
                expected,
                available,
            } => write!(
                f,
                "the input ends {available} bytes into a message of {expected} bytes"
            ),
            DecodeErrorKind::TrailingBytes { len } => {
                write!(f, "{len} bytes follow the message")
            }
            DecodeErrorKind::EmptyHeaderName => f.write_str("empty header name"),
            DecodeErrorKind::HeaderNameNotUtf8 => f.write_str("header name is not UTF-8"),
            DecodeErrorKind::StringNotUtf8 { name } => {
                write!(f, "the string value of header `{name}` is not UTF-8")
            }
            DecodeErrorKind::UnknownHeaderType(t) => {
                write!(f, "unknown header value type {t} (types are 0..=9)")
            }
            DecodeErrorKind::HeaderOverrun {
                what,
                needed,
                available,
            } => write!(
                f,
                "the {what} needs {needed} bytes but the headers section has {available} left"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}
