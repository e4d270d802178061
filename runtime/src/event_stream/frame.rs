//! Messages, headers and header values, and their encoding.

use std::fmt;

use bytes::Bytes;

use super::{
    MAX_HEADERS_LEN, MAX_HEADER_NAME_LEN, MAX_HEADER_VALUE_LEN, MAX_MESSAGE_LEN, MIN_MESSAGE_LEN,
    PRELUDE_LEN,
};
use crate::datetime::DateTime;

/// Wire type of a `true` header value (no value bytes).
pub const TYPE_BOOL_TRUE: u8 = 0;
/// Wire type of a `false` header value (no value bytes).
pub const TYPE_BOOL_FALSE: u8 = 1;
/// Wire type of a signed byte.
pub const TYPE_BYTE: u8 = 2;
/// Wire type of a big-endian `i16`.
pub const TYPE_SHORT: u8 = 3;
/// Wire type of a big-endian `i32`.
pub const TYPE_INTEGER: u8 = 4;
/// Wire type of a big-endian `i64`.
pub const TYPE_LONG: u8 = 5;
/// Wire type of a byte array (big-endian `u16` length, then the bytes).
pub const TYPE_BYTE_ARRAY: u8 = 6;
/// Wire type of a UTF-8 string (big-endian `u16` length, then the bytes).
pub const TYPE_STRING: u8 = 7;
/// Wire type of a timestamp (big-endian `i64` milliseconds since the epoch).
pub const TYPE_TIMESTAMP: u8 = 8;
/// Wire type of a UUID (16 bytes).
pub const TYPE_UUID: u8 = 9;

/// The value of one header.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HeaderValue {
    /// Types 0 (`true`) and 1 (`false`).
    Bool(bool),
    /// Type 2: a signed byte.
    Byte(i8),
    /// Type 3: a 16-bit integer.
    Short(i16),
    /// Type 4: a 32-bit integer.
    Integer(i32),
    /// Type 5: a 64-bit integer.
    Long(i64),
    /// Type 6: at most [`MAX_HEADER_VALUE_LEN`] bytes.
    ByteArray(Bytes),
    /// Type 7: at most [`MAX_HEADER_VALUE_LEN`] bytes of UTF-8.
    String(String),
    /// Type 8: milliseconds since 1970-01-01T00:00:00Z.
    Timestamp(i64),
    /// Type 9: a UUID's 16 bytes.
    Uuid([u8; 16]),
}

impl HeaderValue {
    /// The wire type byte of this value.
    pub fn type_byte(&self) -> u8 {
        match self {
            HeaderValue::Bool(true) => TYPE_BOOL_TRUE,
            HeaderValue::Bool(false) => TYPE_BOOL_FALSE,
            HeaderValue::Byte(_) => TYPE_BYTE,
            HeaderValue::Short(_) => TYPE_SHORT,
            HeaderValue::Integer(_) => TYPE_INTEGER,
            HeaderValue::Long(_) => TYPE_LONG,
            HeaderValue::ByteArray(_) => TYPE_BYTE_ARRAY,
            HeaderValue::String(_) => TYPE_STRING,
            HeaderValue::Timestamp(_) => TYPE_TIMESTAMP,
            HeaderValue::Uuid(_) => TYPE_UUID,
        }
    }

    /// The name of this value's type, as in error messages.
    pub fn type_name(&self) -> &'static str {
        type_name(self.type_byte())
    }

    /// The string, if this is a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            HeaderValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// The bytes, if this is a byte-array value.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match self {
            HeaderValue::ByteArray(b) => Some(b),
            _ => None,
        }
    }

    /// The boolean, if this is a boolean value.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            HeaderValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number widened to `i64`, if this is a byte, short, integer or
    /// long value.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            HeaderValue::Byte(v) => Some(i64::from(*v)),
            HeaderValue::Short(v) => Some(i64::from(*v)),
            HeaderValue::Integer(v) => Some(i64::from(*v)),
            HeaderValue::Long(v) => Some(*v),
            _ => None,
        }
    }

    /// The instant, if this is a timestamp value.
    pub fn as_datetime(&self) -> Option<DateTime> {
        match self {
            HeaderValue::Timestamp(ms) => Some(DateTime::from_millis(*ms)),
            _ => None,
        }
    }

    /// The UUID's bytes, if this is a UUID value.
    pub fn as_uuid(&self) -> Option<&[u8; 16]> {
        match self {
            HeaderValue::Uuid(u) => Some(u),
            _ => None,
        }
    }

    /// Bytes this value takes on the wire after its type byte.
    fn value_len(&self) -> usize {
        match self {
            HeaderValue::Bool(_) => 0,
            HeaderValue::Byte(_) => 1,
            HeaderValue::Short(_) => 2,
            HeaderValue::Integer(_) => 4,
            HeaderValue::Long(_) | HeaderValue::Timestamp(_) => 8,
            HeaderValue::ByteArray(b) => 2 + b.len(),
            HeaderValue::String(s) => 2 + s.len(),
            HeaderValue::Uuid(_) => 16,
        }
    }
}

impl From<bool> for HeaderValue {
    fn from(v: bool) -> Self {
        HeaderValue::Bool(v)
    }
}

impl From<&str> for HeaderValue {
    fn from(v: &str) -> Self {
        HeaderValue::String(v.to_owned())
    }
}

impl From<String> for HeaderValue {
    fn from(v: String) -> Self {
        HeaderValue::String(v)
    }
}

impl From<Bytes> for HeaderValue {
    fn from(v: Bytes) -> Self {
        HeaderValue::ByteArray(v)
    }
}

/// The name of wire type `t` (`"unknown"` past 9).
pub fn type_name(t: u8) -> &'static str {
    match t {
        TYPE_BOOL_TRUE | TYPE_BOOL_FALSE => "boolean",
        TYPE_BYTE => "byte",
        TYPE_SHORT => "short",
        TYPE_INTEGER => "integer",
        TYPE_LONG => "long",
        TYPE_BYTE_ARRAY => "byte array",
        TYPE_STRING => "string",
        TYPE_TIMESTAMP => "timestamp",
        TYPE_UUID => "uuid",
        _ => "unknown",
    }
}

/// One header: a name and a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    name: String,
    value: HeaderValue,
}

impl Header {
    /// A header; its limits are checked when the message is encoded.
    pub fn new(name: impl Into<String>, value: impl Into<HeaderValue>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }

    /// The header's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The header's value.
    pub fn value(&self) -> &HeaderValue {
        &self.value
    }

    /// Bytes this header takes on the wire.
    pub fn encoded_len(&self) -> usize {
        1 + self.name.len() + 1 + self.value.value_len()
    }

    /// Checks the name and value limits.
    fn check(&self) -> Result<(), EncodeError> {
        if self.name.is_empty() {
            return Err(EncodeError::EmptyHeaderName);
        }
        if self.name.len() > MAX_HEADER_NAME_LEN {
            return Err(EncodeError::HeaderNameTooLong {
                len: self.name.len(),
            });
        }
        let value_len = match &self.value {
            HeaderValue::ByteArray(b) => b.len(),
            HeaderValue::String(s) => s.len(),
            _ => 0,
        };
        if value_len > MAX_HEADER_VALUE_LEN {
            return Err(EncodeError::HeaderValueTooLong {
                name: self.name.clone(),
                len: value_len,
            });
        }
        Ok(())
    }

    /// Appends the wire form (limits already checked).
    fn write(&self, out: &mut Vec<u8>) {
        // Both lengths were checked against their limits by `check`.
        out.push(self.name.len() as u8);
        out.extend_from_slice(self.name.as_bytes());
        out.push(self.value.type_byte());
        match &self.value {
            HeaderValue::Bool(_) => {}
            HeaderValue::Byte(v) => out.extend_from_slice(&v.to_be_bytes()),
            HeaderValue::Short(v) => out.extend_from_slice(&v.to_be_bytes()),
            HeaderValue::Integer(v) => out.extend_from_slice(&v.to_be_bytes()),
            HeaderValue::Long(v) | HeaderValue::Timestamp(v) => {
                out.extend_from_slice(&v.to_be_bytes())
            }
            HeaderValue::ByteArray(b) => {
                out.extend_from_slice(&(b.len() as u16).to_be_bytes());
                out.extend_from_slice(b);
            }
            HeaderValue::String(s) => {
                out.extend_from_slice(&(s.len() as u16).to_be_bytes());
                out.extend_from_slice(s.as_bytes());
            }
            HeaderValue::Uuid(u) => out.extend_from_slice(u),
        }
    }
}

/// One event stream message: headers (in order; a name may repeat) and a
/// payload.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Message {
    headers: Vec<Header>,
    payload: Bytes,
}

impl Message {
    /// A message with no headers.
    pub fn new(payload: impl Into<Bytes>) -> Self {
        Message {
            headers: Vec::new(),
            payload: payload.into(),
        }
    }

    /// A message from its parts.
    pub fn from_parts(headers: Vec<Header>, payload: Bytes) -> Self {
        Message { headers, payload }
    }

    /// The same message with one more header, after the others.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<HeaderValue>) -> Self {
        self.headers.push(Header::new(name, value));
        self
    }

    /// Appends a header.
    pub fn push_header(&mut self, header: Header) {
        self.headers.push(header);
    }

    /// The headers, in wire order.
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// The value of the first header named `name`.
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find(|h| h.name == name)
            .map(|h| &h.value)
    }

    /// The payload.
    pub fn payload(&self) -> &Bytes {
        &self.payload
    }

    /// The headers and the payload.
    pub fn into_parts(self) -> (Vec<Header>, Bytes) {
        (self.headers, self.payload)
    }

    /// Length of the headers section on the wire.
    pub fn headers_len(&self) -> usize {
        self.headers.iter().map(Header::encoded_len).sum()
    }

    /// Length of the whole encoded message.
    pub fn encoded_len(&self) -> usize {
        MIN_MESSAGE_LEN + self.headers_len() + self.payload.len()
    }

    /// The wire form of this message, after checking every limit (header
    /// names 1..=255 bytes, values at most 65535 bytes, headers at most
    /// [`MAX_HEADERS_LEN`], the message at most [`MAX_MESSAGE_LEN`]).
    pub fn encode(&self) -> Result<Bytes, EncodeError> {
        let mut out = Vec::new();
        self.encode_into(&mut out)?;
        Ok(Bytes::from(out))
    }

    /// Appends the wire form of this message to `out`; on error nothing is
    /// appended.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        for header in &self.headers {
            header.check()?;
        }
        let headers_len = self.headers_len();
        if headers_len > MAX_HEADERS_LEN {
            return Err(EncodeError::HeadersTooLong { len: headers_len });
        }
        let total = self.encoded_len();
        if total > MAX_MESSAGE_LEN {
            return Err(EncodeError::MessageTooLong { len: total });
        }
        let start = out.len();
        out.reserve(total);
        // Both fit in u32: they are at most MAX_MESSAGE_LEN.
        out.extend_from_slice(&(total as u32).to_be_bytes());
        out.extend_from_slice(&(headers_len as u32).to_be_bytes());
        let prelude_crc = crc32fast::hash(&out[start..start + PRELUDE_LEN - 4]);
        out.extend_from_slice(&prelude_crc.to_be_bytes());
        for header in &self.headers {
            header.write(out);
        }
        out.extend_from_slice(&self.payload);
        let message_crc = crc32fast::hash(&out[start..]);
        out.extend_from_slice(&message_crc.to_be_bytes());
        Ok(())
    }

    /// Encodes just the headers section (what SigV4 event signing hashes
    /// for the `:date` header).
    pub fn encode_headers(headers: &[Header]) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::new();
        for header in headers {
            header.check()?;
            header.write(&mut out);
        }
        if out.len() > MAX_HEADERS_LEN {
            return Err(EncodeError::HeadersTooLong { len: out.len() });
        }
        Ok(out)
    }

    /// Decodes exactly one whole message from `data` (see
    /// [`MessageDecoder`](super::MessageDecoder) for a stream).
    pub fn decode(data: &[u8]) -> Result<Message, super::DecodeError> {
        super::decode::decode_one(data)
    }
}

/// Why a message cannot be encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A header has an empty name.
    EmptyHeaderName,
    /// A header name is longer than 255 bytes.
    HeaderNameTooLong {
        /// The name's length in bytes.
        len: usize,
    },
    /// A string or byte-array value is longer than 65535 bytes.
    HeaderValueTooLong {
        /// The header's name.
        name: String,
        /// The value's length in bytes.
        len: usize,
    },
    /// The headers section is longer than [`MAX_HEADERS_LEN`].
    HeadersTooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The message is longer than [`MAX_MESSAGE_LEN`].
    MessageTooLong {
        /// Its length in bytes.
        len: usize,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::EmptyHeaderName => f.write_str("an event stream header has an empty name"),
            EncodeError::HeaderNameTooLong { len } => write!(
                f,
                "an event stream header name is {len} bytes long, over the limit of {MAX_HEADER_NAME_LEN}"
            ),
            EncodeError::HeaderValueTooLong { name, len } => write!(
                f,
                "the value of event stream header `{name}` is {len} bytes long, over the limit of {MAX_HEADER_VALUE_LEN}"
            ),
            EncodeError::HeadersTooLong { len } => write!(
                f,
                "the event stream message headers are {len} bytes long, over the limit of {MAX_HEADERS_LEN}"
            ),
            EncodeError::MessageTooLong { len } => write!(
                f,
                "the event stream message is {len} bytes long, over the limit of {MAX_MESSAGE_LEN}"
            ),
        }
    }
}

impl std::error::Error for EncodeError {}
