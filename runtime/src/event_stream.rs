//! Event streams: the `application/vnd.amazon.eventstream` framing and the
//! Smithy event semantics on top of it.
//!
//! A stream is a sequence of binary messages. Each message is
//!
//! ```text
//! +----------------+----------------+----------------+
//! | total length   | headers length | prelude CRC32  |   prelude (12 bytes, big-endian)
//! +----------------+----------------+----------------+
//! | headers (headers length bytes)                   |
//! | payload (total - headers - 16 bytes)             |
//! +--------------------------------------------------+
//! | message CRC32 (over every byte before it)        |
//! +--------------------------------------------------+
//! ```
//!
//! and each header is a name (one length byte, 1..=255 bytes of UTF-8), a
//! type byte and a value ([`HeaderValue`], types 0..=9). Both CRCs are CRC-32
//! (IEEE, the gzip one), computed with the `crc32fast` crate.
//!
//! * [`frame`]: [`Message`], [`Header`], [`HeaderValue`] and the encoder;
//! * [`decode`]: the incremental [`MessageDecoder`] (feed it the body as it
//!   arrives, take whole messages out) and [`DecodeError`];
//! * [`smithy`]: the Smithy headers (`:message-type`, `:event-type`,
//!   `:exception-type`, `:content-type`, `:error-code`, `:error-message`),
//!   constructors for the three kinds of message and [`EventKind`], a
//!   message classified by kind;
//! * [`stream`]: [`EventStream`], the typed stream of an operation's
//!   `@streaming` union member on either side, and the bodies it is read
//!   from and written to.
//!
//! Every malformed input is a typed [`DecodeError`] naming what is wrong and
//! at which byte offset of the stream; nothing panics, and nothing is
//! allocated from a length read off the wire before that length is checked
//! against the limits below.
//!
//! SigV4 signing of the messages a client sends lives in `smithy-client`.

pub mod decode;
pub mod frame;
pub mod smithy;
pub mod stream;

pub use decode::{DecodeError, DecodeErrorKind, MessageDecoder};
pub use frame::{EncodeError, Header, HeaderValue, Message};
pub use smithy::{EventKind, MessageType, SemanticError};
pub use stream::{EventSender, EventStream, EventStreamError, StreamClosed};

/// The media type of an event stream body.
pub const CONTENT_TYPE: &str = "application/vnd.amazon.eventstream";

/// Longest message accepted or produced, in bytes (prelude, headers,
/// payload and both CRCs): 16 MiB.
pub const MAX_MESSAGE_LEN: usize = 16 * 1024 * 1024;
/// Longest headers section accepted or produced, in bytes: 128 KiB.
pub const MAX_HEADERS_LEN: usize = 128 * 1024;
/// Longest header name, in bytes (its length is one byte on the wire).
pub const MAX_HEADER_NAME_LEN: usize = u8::MAX as usize;
/// Longest byte-array or string header value, in bytes (its length is two
/// bytes on the wire).
pub const MAX_HEADER_VALUE_LEN: usize = u16::MAX as usize;
/// Length of the prelude: total length, headers length, prelude CRC.
pub const PRELUDE_LEN: usize = 12;
/// Shortest message: the prelude and the message CRC, with no headers and
/// no payload.
pub const MIN_MESSAGE_LEN: usize = PRELUDE_LEN + 4;
