//! What generated event marshallers and unmarshallers share: members as
//! message headers (`@eventHeader`), payload text, and which union member a
//! message carries.

use bytes::Bytes;

use super::frame::{Header, HeaderValue, Message};
use super::smithy::EventKind;
use super::stream::BoxError;
use crate::datetime::DateTime;
use crate::error::DeserializeError;

/// A value an `@eventHeader` member holds: boolean, byte, short, integer,
/// long, blob, string or timestamp (and `Option`s of them, absent when
/// `None`).
pub trait EventHeaderValue: Sized {
    /// The header value, `None` for an unset member.
    fn to_header(&self) -> Result<Option<HeaderValue>, BoxError>;
    /// The member's value read from header `value`.
    fn from_header(value: &HeaderValue) -> Option<Self>;
}

macro_rules! header_value {
    ($ty:ty, $variant:ident) => {
        impl EventHeaderValue for $ty {
            fn to_header(&self) -> Result<Option<HeaderValue>, BoxError> {
                Ok(Some(HeaderValue::$variant(self.clone())))
            }
            fn from_header(value: &HeaderValue) -> Option<Self> {
                match value {
                    HeaderValue::$variant(v) => Some(v.clone()),
                    _ => None,
                }
            }
        }
    };
}

header_value!(bool, Bool);
header_value!(i8, Byte);
header_value!(i16, Short);
header_value!(i32, Integer);
header_value!(i64, Long);
header_value!(String, String);

impl EventHeaderValue for Vec<u8> {
    fn to_header(&self) -> Result<Option<HeaderValue>, BoxError> {
        Ok(Some(HeaderValue::ByteArray(Bytes::copy_from_slice(self))))
    }
    fn from_header(value: &HeaderValue) -> Option<Self> {
        value.as_bytes().map(|b| b.to_vec())
    }
}

impl EventHeaderValue for DateTime {
    fn to_header(&self) -> Result<Option<HeaderValue>, BoxError> {
        match self.to_millis() {
            Some(ms) => Ok(Some(HeaderValue::Timestamp(ms))),
            None => {
                Err("a timestamp header is out of the range of milliseconds since the epoch".into())
            }
        }
    }
    fn from_header(value: &HeaderValue) -> Option<Self> {
        value.as_datetime()
    }
}

impl<V: EventHeaderValue> EventHeaderValue for Option<V> {
    fn to_header(&self) -> Result<Option<HeaderValue>, BoxError> {
        match self {
            Some(v) => v.to_header(),
            None => Ok(None),
        }
    }
    fn from_header(value: &HeaderValue) -> Option<Self> {
        V::from_header(value).map(Some)
    }
}

/// Adds header `name` with `value` to `message` (nothing for an unset
/// member).
pub fn push_header<V: EventHeaderValue>(
    message: &mut Message,
    name: &str,
    value: &V,
) -> Result<(), BoxError> {
    if let Some(v) = value.to_header()? {
        message.push_header(Header::new(name, v));
    }
    Ok(())
}

/// The value of header `name` of `message`: `None` if absent, an error if it
/// has another type than the member's.
pub fn read_header<V: EventHeaderValue>(
    message: &Message,
    name: &str,
) -> Result<Option<V>, DeserializeError> {
    match message.header(name) {
        None => Ok(None),
        Some(value) => V::from_header(value).map(Some).ok_or_else(|| {
            DeserializeError::new(
                format!("header:{name}"),
                format!(
                    "the event header has the wrong type ({})",
                    value.type_name()
                ),
            )
        }),
    }
}

/// [`read_header`] for a member that must be set.
pub fn required_header<V: EventHeaderValue>(
    message: &Message,
    name: &str,
) -> Result<V, DeserializeError> {
    read_header(message, name)?.ok_or_else(|| {
        DeserializeError::new(format!("header:{name}"), "required event header is missing")
    })
}

/// The payload as UTF-8 text (a string `@eventPayload`).
pub fn payload_text(message: &Message) -> Result<String, DeserializeError> {
    String::from_utf8(message.payload().to_vec())
        .map_err(|_| DeserializeError::new("payload", "the event payload is not UTF-8 text"))
}

/// The payload read as a JSON object: an empty payload counts as `{}`.
pub fn json_payload(message: &Message) -> &[u8] {
    if message.payload().is_empty() {
        b"{}"
    } else {
        message.payload()
    }
}

/// The union member an `event` or `exception` message carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageMember<'a> {
    /// An event: its `:event-type`.
    Event(&'a str),
    /// A modeled error: its `:exception-type`.
    Exception(&'a str),
}

/// Which member `message` carries (an `error` message, which unmarshallers
/// never see, is refused).
pub fn message_member(message: &Message) -> Result<MessageMember<'_>, DeserializeError> {
    match message.kind() {
        Ok(EventKind::Event { event_type, .. }) => Ok(MessageMember::Event(event_type)),
        Ok(EventKind::Exception { exception_type, .. }) => {
            Ok(MessageMember::Exception(exception_type))
        }
        Ok(EventKind::Error { code, .. }) => Err(DeserializeError::new(
            "",
            format!("the event stream carried an error: {code}"),
        )),
        Err(e) => Err(DeserializeError::new("", e.to_string())),
    }
}

/// The error for an `exception` message naming no error of the stream.
pub fn unknown_exception(name: &str) -> DeserializeError {
    DeserializeError::new(
        "",
        format!("the event stream carried an error this model does not describe: {name}"),
    )
}

/// The error for an event the program cannot send: the union's `Unknown`.
pub fn unknown_event() -> BoxError {
    "an event of a member unknown to this version of the model cannot be sent".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_round_trip() {
        let mut m = Message::event("e", None, Bytes::new());
        push_header(&mut m, "b", &Some(true)).expect("bool");
        push_header(&mut m, "n", &Option::<i32>::None).expect("none");
        push_header(&mut m, "t", &DateTime::from_millis(1_730_384_114_000)).expect("time");
        push_header(&mut m, "x", &vec![1u8, 2]).expect("blob");
        assert_eq!(read_header::<bool>(&m, "b").ok(), Some(Some(true)));
        assert_eq!(read_header::<i32>(&m, "n").ok(), Some(None));
        assert_eq!(
            required_header::<DateTime>(&m, "t")
                .ok()
                .and_then(|t| t.to_millis()),
            Some(1_730_384_114_000)
        );
        assert_eq!(read_header::<Vec<u8>>(&m, "x").ok(), Some(Some(vec![1, 2])));
        assert!(read_header::<i64>(&m, "b").is_err());
        assert!(required_header::<String>(&m, "missing").is_err());
    }

    #[test]
    fn members_are_named_by_kind() {
        let e = Message::event("a", None, Bytes::new());
        assert_eq!(message_member(&e).ok(), Some(MessageMember::Event("a")));
        let x = Message::exception("b", None, Bytes::new());
        assert_eq!(message_member(&x).ok(), Some(MessageMember::Exception("b")));
        assert!(message_member(&Message::error("c", "d")).is_err());
        assert!(message_member(&Message::new(Bytes::new())).is_err());
    }
}
