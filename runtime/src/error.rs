//! Errors every call can produce, and the metadata of service errors.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::validation::{ValidationError, Violation};

/// The message of a [`DeserializeError`] for a required member that is
/// absent (a server answers it as a `must not be null` violation).
pub const MISSING_MEMBER: &str = "required member is missing";

/// What the service said about an error, whatever its modelled type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: u16,
}

impl ErrorMetadata {
    /// Metadata from its parts.
    pub fn new(
        status: u16,
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
    ) -> Self {
        Self {
            code,
            message,
            request_id,
            status,
        }
    }

    /// The same metadata with `code` as its code (when the code was inferred
    /// from the HTTP status rather than sent by the service).
    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.to_owned());
        self
    }

    /// `meta` if a builder was given one, else metadata carrying only
    /// `code`: what an error builder puts in the error it builds.
    pub fn or_code(meta: Option<Self>, code: &str) -> Self {
        meta.unwrap_or_else(|| Self::default().with_code(code))
    }

    /// The error code (shape name), e.g. `BadRequestException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message, if the service sent one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id from the `x-amzn-RequestId` header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status code of the response.
    pub fn status(&self) -> u16 {
        self.status
    }
}

/// Access to the [`ErrorMetadata`] of a service error.
pub trait ProvideErrorMetadata {
    /// The metadata of this error.
    fn meta(&self) -> &ErrorMetadata;

    /// Shorthand for `self.meta().code()`.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// Shorthand for `self.meta().message()`.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }

    /// Shorthand for `self.meta().request_id()`.
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

/// An error response whose code the operation does not model.
///
/// Keeps everything needed to diagnose it: status, code, message, request id
/// and the raw body (already bounded in size by the transport).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unhandled {
    meta: ErrorMetadata,
    body: Bytes,
}

impl Unhandled {
    /// An unhandled error from its metadata and raw body.
    pub fn new(meta: ErrorMetadata, body: Bytes) -> Self {
        Self { meta, body }
    }

    /// The raw response body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unhandled error (HTTP {}", self.meta.status)?;
        if let Some(code) = self.meta.code() {
            write!(f, ", {code}")?;
        }
        f.write_str(")")?;
        if let Some(message) = self.meta.message() {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl StdError for Unhandled {}

/// A response body (or header) could not be read into the modelled shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeserializeError {
    path: String,
    message: String,
}

impl DeserializeError {
    /// An error at `path` (a JSON pointer into the body, or a header name).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }

    /// Where the problem is: a JSON pointer into the body, or `header:<name>`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "malformed response: {}", self.message)
        } else {
            write!(f, "malformed response at '{}': {}", self.path, self.message)
        }
    }
}

impl StdError for DeserializeError {}

/// A value could not be built or a request could not be constructed from it
/// (missing required members, an empty or unencodable label, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    problems: Vec<Violation>,
}

impl BuildError {
    /// Required members that were never set, by member name; reported together.
    pub fn missing(members: &[&str]) -> Self {
        let problems = members
            .iter()
            .map(|m| Violation {
                path: format!("/{m}"),
                message: format!(
                    "Value at '/{m}' failed to satisfy constraint: Member must not be null"
                ),
            })
            .collect();
        Self { problems }
    }

    /// A member whose value cannot be put on the wire.
    pub fn invalid(member: &str, why: impl fmt::Display) -> Self {
        Self {
            problems: vec![Violation {
                path: format!("/{member}"),
                message: format!("{member}: {why}"),
            }],
        }
    }

    /// A problem that is not about one member (no region configured, an
    /// unusable endpoint, a request that cannot be signed); its path is empty.
    pub fn other(message: impl fmt::Display) -> Self {
        Self {
            problems: vec![Violation {
                path: String::new(),
                message: message.to_string(),
            }],
        }
    }

    /// The same problems for a value built at `pointer` inside a larger one:
    /// `/hi` becomes `/structureList/0/hi`, in paths and messages alike.
    pub fn nested_under(self, pointer: &str) -> Self {
        let problems = self
            .problems
            .into_iter()
            .map(|v| Violation {
                message: v.message.replacen(
                    &format!("'{}'", v.path),
                    &format!("'{pointer}{}'", v.path),
                    1,
                ),
                path: format!("{pointer}{}", v.path),
            })
            .collect();
        Self { problems }
    }

    /// Every problem found.
    pub fn problems(&self) -> &[Violation] {
        &self.problems
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot build: ")?;
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&p.message)?;
        }
        Ok(())
    }
}

impl StdError for BuildError {}

#[cfg(test)]
mod build_error_tests {
    use super::BuildError;

    #[test]
    fn nested_problems_name_the_whole_path() {
        let e = BuildError::missing(&["hi"]).nested_under("/structureList/0");
        assert_eq!(e.problems()[0].path, "/structureList/0/hi");
        assert_eq!(
            e.problems()[0].message,
            "Value at '/structureList/0/hi' failed to satisfy constraint: Member must not be null"
        );
    }
}

/// Which time limit a call hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Establishing the connection.
    Connect,
    /// One attempt (request sent, response fully read).
    Attempt,
    /// The whole operation, all attempts and back-off included.
    Operation,
}

/// A call ran out of time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    /// Which limit was hit.
    pub kind: TimeoutKind,
    /// The limit that was configured.
    pub limit: Duration,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TimeoutKind::Connect => "connect",
            TimeoutKind::Attempt => "attempt",
            TimeoutKind::Operation => "operation",
        };
        write!(f, "{what} timeout after {:?}", self.limit)
    }
}

impl StdError for TimeoutError {}

/// The request could not be sent or the response could not be received
/// (connection refused or reset, TLS failure, truncated body, ...).
#[derive(Debug)]
pub struct DispatchError {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl DispatchError {
    /// A transport failure with a description and its cause.
    pub fn new(
        message: impl Into<String>,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            message: message.into(),
            source,
        }
    }
}

impl fmt::Display for DispatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for DispatchError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// A successful response that could not be read: malformed, wrong types,
/// truncated or over the size limit.
#[derive(Debug)]
pub struct ResponseError {
    /// HTTP status of the response.
    pub status: u16,
    /// Request id, if the response carried one.
    pub request_id: Option<String>,
    /// What was wrong with it.
    pub source: DeserializeError,
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.source)
    }
}

impl StdError for ResponseError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

/// Everything that can go wrong with one call of operation error type `E`.
#[derive(Debug)]
pub enum SdkError<E> {
    /// The input could not be turned into a request.
    Build(BuildError),
    /// The input failed client-side validation; nothing was sent.
    Validation(ValidationError),
    /// A time limit was hit.
    Timeout(TimeoutError),
    /// The request could not be sent or the response not received.
    Dispatch(DispatchError),
    /// A success response could not be read.
    Response(ResponseError),
    /// The service answered with an error (modelled or unhandled).
    Service(E),
}

impl<E> SdkError<E> {
    /// The service error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service error, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Build(e) => write!(f, "request construction failed: {e}"),
            SdkError::Validation(e) => write!(f, "invalid input: {e}"),
            SdkError::Timeout(e) => write!(f, "{e}"),
            SdkError::Dispatch(e) => write!(f, "dispatch failure: {e}"),
            SdkError::Response(e) => write!(f, "response error: {e}"),
            SdkError::Service(e) => write!(f, "{e}"),
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::Build(e) => Some(e),
            SdkError::Validation(e) => Some(e),
            SdkError::Timeout(e) => Some(e),
            SdkError::Dispatch(e) => Some(e),
            SdkError::Response(e) => Some(e),
            SdkError::Service(e) => Some(e),
        }
    }
}
