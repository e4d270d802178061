//! Requests the server refuses before an operation's handler runs, each
//! with the status and error type the restJson1 protocol prescribes.

use bytes::Bytes;
use smithy_rt::error::DeserializeError;

use crate::response::error_response;
use crate::HttpResponse;

/// Why a request was refused by the protocol layer.
#[derive(Debug)]
#[non_exhaustive]
pub enum Rejection {
    /// No operation has this path (404, `UnknownOperationException`).
    UnknownOperation,
    /// An operation has this path, but not this method (405).
    MethodNotAllowed,
    /// The request could not be read: unreadable JSON, a wrong type, a bad
    /// timestamp, base64 or number, a label that is not UTF-8 (400,
    /// `SerializationException`).
    Serialization(DeserializeError),
    /// Missing or wrong `Content-Type` (415, `UnsupportedMediaTypeException`).
    UnsupportedMediaType,
    /// `Accept` excludes what the operation answers with (406,
    /// `NotAcceptableException`).
    NotAcceptable,
    /// The body is over the configured limit (413, `PayloadTooLargeException`).
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body could not be read from the connection (400).
    BodyRead(String),
    /// The handler failed without a modelled error, or panicked (500,
    /// `InternalFailureException`); nothing about the cause is sent.
    Internal,
}

impl Rejection {
    /// The status and `X-Amzn-ErrorType` of the answer.
    pub fn status_and_type(&self) -> (u16, &'static str) {
        match self {
            Rejection::UnknownOperation => (404, "UnknownOperationException"),
            Rejection::MethodNotAllowed => (405, "UnknownOperationException"),
            Rejection::Serialization(_) | Rejection::BodyRead(_) => (400, "SerializationException"),
            Rejection::UnsupportedMediaType => (415, "UnsupportedMediaTypeException"),
            Rejection::NotAcceptable => (406, "NotAcceptableException"),
            Rejection::PayloadTooLarge { .. } => (413, "PayloadTooLargeException"),
            Rejection::Internal => (500, "InternalFailureException"),
        }
    }

    /// The answer: status, `X-Amzn-ErrorType` and a JSON body whose
    /// `message` says what was wrong (never internal details).
    pub fn into_response(self) -> HttpResponse {
        let (status, kind) = self.status_and_type();
        let message = match &self {
            Rejection::Serialization(e) if e.path().is_empty() => {
                format!("malformed request: {}", e.message())
            }
            Rejection::Serialization(e) => {
                format!("malformed request at '{}': {}", e.path(), e.message())
            }
            Rejection::BodyRead(why) => format!("the request body could not be read: {why}"),
            Rejection::PayloadTooLarge { limit } => {
                format!("the request body is larger than {limit} bytes")
            }
            Rejection::UnknownOperation => "no operation matches this request".to_owned(),
            Rejection::MethodNotAllowed => {
                "the operation at this path does not accept this method".to_owned()
            }
            Rejection::UnsupportedMediaType => "unsupported Content-Type".to_owned(),
            Rejection::NotAcceptable => {
                "the operation cannot answer with a media type the Accept header allows".to_owned()
            }
            Rejection::Internal => "internal failure".to_owned(),
        };
        let mut w = smithy_rt::json::JsonWriter::with_capacity(64 + message.len());
        let mut obj = w.value().object();
        obj.key("message").string(&message);
        obj.finish();
        error_response(status, kind, Bytes::from(w.into_bytes()))
    }
}

impl From<DeserializeError> for Rejection {
    fn from(e: DeserializeError) -> Self {
        Rejection::Serialization(e)
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (status, kind) = self.status_and_type();
        write!(f, "{status} {kind}")?;
        if let Rejection::Serialization(e) = self {
            write!(f, ": {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejection {}
