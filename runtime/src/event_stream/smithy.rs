//! The Smithy meaning of event stream messages.
//!
//! Every message of a Smithy event stream carries a string header
//! `:message-type`:
//!
//! * `event`: one member of the stream's union; `:event-type` names the
//!   member, `:content-type` (when there is a payload) its media type;
//! * `exception`: a modeled error, one of the union's error members;
//!   `:exception-type` names the member, `:content-type` the payload's media
//!   type;
//! * `error`: an unmodeled error; `:error-code` and `:error-message` say what
//!   happened and there is no meaningful payload.
//!
//! RPC protocols also send the operation's non-stream members as a first
//! event named [`INITIAL_REQUEST`] / [`INITIAL_RESPONSE`].

use std::fmt;

use bytes::Bytes;

use super::frame::{HeaderValue, Message};

/// Header naming the kind of message.
pub const MESSAGE_TYPE: &str = ":message-type";
/// Header naming the event (the union member) of an `event` message.
pub const EVENT_TYPE: &str = ":event-type";
/// Header naming the error member of an `exception` message.
pub const EXCEPTION_TYPE: &str = ":exception-type";
/// Header giving the payload's media type.
pub const CONTENT_TYPE: &str = ":content-type";
/// Header giving an `error` message's code.
pub const ERROR_CODE: &str = ":error-code";
/// Header giving an `error` message's human-readable message.
pub const ERROR_MESSAGE: &str = ":error-message";
/// `:event-type` of the first event of an RPC input stream.
pub const INITIAL_REQUEST: &str = "initial-request";
/// `:event-type` of the first event of an RPC output stream.
pub const INITIAL_RESPONSE: &str = "initial-response";

/// The value of `:message-type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageType {
    /// `event`: a union member.
    Event,
    /// `exception`: a modeled error.
    Exception,
    /// `error`: an unmodeled error.
    Error,
}

impl MessageType {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            MessageType::Event => "event",
            MessageType::Exception => "exception",
            MessageType::Error => "error",
        }
    }

    /// The type a header value names, if any.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "event" => Some(MessageType::Event),
            "exception" => Some(MessageType::Exception),
            "error" => Some(MessageType::Error),
            _ => None,
        }
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message classified by its Smithy headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind<'a> {
    /// An event: the union member `event_type`.
    Event {
        /// The `:event-type` header.
        event_type: &'a str,
        /// The `:content-type` header, if present.
        content_type: Option<&'a str>,
    },
    /// A modeled error: the union's error member `exception_type`.
    Exception {
        /// The `:exception-type` header.
        exception_type: &'a str,
        /// The `:content-type` header, if present.
        content_type: Option<&'a str>,
    },
    /// An unmodeled error.
    Error {
        /// The `:error-code` header.
        code: &'a str,
        /// The `:error-message` header, if present.
        message: Option<&'a str>,
    },
}

/// A message whose Smithy headers are missing or wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SemanticError {
    /// A required header is absent.
    MissingHeader(&'static str),
    /// A header is not a string.
    NotAString {
        /// The header's name.
        name: &'static str,
        /// The type it has.
        found: &'static str,
    },
    /// `:message-type` is none of `event`, `exception`, `error`.
    UnknownMessageType(String),
}

impl fmt::Display for SemanticError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SemanticError::MissingHeader(name) => {
                write!(f, "the event stream message has no `{name}` header")
            }
            SemanticError::NotAString { name, found } => write!(
                f,
                "the event stream header `{name}` is a {found}, not a string"
            ),
            SemanticError::UnknownMessageType(t) => write!(
                f,
                "unknown event stream message type `{t}` (expected event, exception or error)"
            ),
        }
    }
}

impl std::error::Error for SemanticError {}

impl Message {
    /// An `event` message for the union member `event_type`, with
    /// `:message-type`, `:event-type` and, when `content_type` is given,
    /// `:content-type`.
    pub fn event(event_type: &str, content_type: Option<&str>, payload: impl Into<Bytes>) -> Self {
        let message = Message::new(payload)
            .with_header(MESSAGE_TYPE, MessageType::Event.as_str())
            .with_header(EVENT_TYPE, event_type);
        match content_type {
            Some(ct) => message.with_header(CONTENT_TYPE, ct),
            None => message,
        }
    }

    /// An `exception` message for the error member `exception_type`.
    pub fn exception(
        exception_type: &str,
        content_type: Option<&str>,
        payload: impl Into<Bytes>,
    ) -> Self {
        let message = Message::new(payload)
            .with_header(MESSAGE_TYPE, MessageType::Exception.as_str())
            .with_header(EXCEPTION_TYPE, exception_type);
        match content_type {
            Some(ct) => message.with_header(CONTENT_TYPE, ct),
            None => message,
        }
    }

    /// An `error` message (unmodeled) with an empty payload.
    pub fn error(code: &str, message: &str) -> Self {
        Message::new(Bytes::new())
            .with_header(MESSAGE_TYPE, MessageType::Error.as_str())
            .with_header(ERROR_CODE, code)
            .with_header(ERROR_MESSAGE, message)
    }

    /// The string value of header `name`: `Ok(None)` if absent, an error if
    /// it is not a string.
    pub fn string_header(&self, name: &'static str) -> Result<Option<&str>, SemanticError> {
        match self.header(name) {
            None => Ok(None),
            Some(HeaderValue::String(s)) => Ok(Some(s)),
            Some(other) => Err(SemanticError::NotAString {
                name,
                found: other.type_name(),
            }),
        }
    }

    fn required_string(&self, name: &'static str) -> Result<&str, SemanticError> {
        self.string_header(name)?
            .ok_or(SemanticError::MissingHeader(name))
    }

    /// The `:message-type`.
    pub fn message_type(&self) -> Result<MessageType, SemanticError> {
        let name = self.required_string(MESSAGE_TYPE)?;
        MessageType::from_name(name).ok_or_else(|| SemanticError::UnknownMessageType(name.into()))
    }

    /// The `:event-type`, if it is present and a string.
    pub fn event_type(&self) -> Option<&str> {
        self.header(EVENT_TYPE).and_then(HeaderValue::as_str)
    }

    /// The `:exception-type`, if it is present and a string.
    pub fn exception_type(&self) -> Option<&str> {
        self.header(EXCEPTION_TYPE).and_then(HeaderValue::as_str)
    }

    /// The `:content-type`, if it is present and a string.
    pub fn content_type(&self) -> Option<&str> {
        self.header(CONTENT_TYPE).and_then(HeaderValue::as_str)
    }

    /// The `:error-code`, if it is present and a string.
    pub fn error_code(&self) -> Option<&str> {
        self.header(ERROR_CODE).and_then(HeaderValue::as_str)
    }

    /// The `:error-message`, if it is present and a string.
    pub fn error_message(&self) -> Option<&str> {
        self.header(ERROR_MESSAGE).and_then(HeaderValue::as_str)
    }

    /// This message classified by its `:message-type`, with the headers its
    /// kind requires (`:event-type`, `:exception-type` or `:error-code`).
    pub fn kind(&self) -> Result<EventKind<'_>, SemanticError> {
        Ok(match self.message_type()? {
            MessageType::Event => EventKind::Event {
                event_type: self.required_string(EVENT_TYPE)?,
                content_type: self.string_header(CONTENT_TYPE)?,
            },
            MessageType::Exception => EventKind::Exception {
                exception_type: self.required_string(EXCEPTION_TYPE)?,
                content_type: self.string_header(CONTENT_TYPE)?,
            },
            MessageType::Error => EventKind::Error {
                code: self.required_string(ERROR_CODE)?,
                message: self.string_header(ERROR_MESSAGE)?,
            },
        })
    }
}
