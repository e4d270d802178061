//! The transport seam: what the client needs from an HTTP stack, so the real
//! one (hyper + rustls) and test doubles are interchangeable.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use smithy_rt::event_stream::stream::Body;
use smithy_rt::operation::{HttpRequest, HttpResponse};

/// The future a connector returns for one request.
pub type ConnectorFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, ConnectorError>> + Send + 'a>>;

/// A request whose body is sent as it is produced (an event stream).
pub type StreamingRequest = http::Request<Body>;

/// A response whose body is read as it arrives (an event stream).
pub type StreamingResponse = http::Response<Body>;

/// The future a connector returns for one streaming request: it resolves
/// with the response head, the body still unread.
pub type StreamingFuture<'a> =
    Pin<Box<dyn Future<Output = Result<StreamingResponse, ConnectorError>> + Send + 'a>>;

/// Limits the client asks a connector to enforce on one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectorSettings {
    /// Largest response body, in bytes, the connector may read. A response
    /// declaring or sending more must fail with
    /// [`ConnectorError::body_too_large`] instead of being buffered.
    pub max_response_body: usize,
}

impl ConnectorSettings {
    /// Settings with the given body limit.
    pub fn new(max_response_body: usize) -> Self {
        Self { max_response_body }
    }
}

/// Sends one fully built, signed request and returns the response with its
/// whole body read.
///
/// The request URI is absolute (`https://host/path?query`); every header,
/// `host` and the signature included, is already set. Implement this to put
/// your own HTTP stack (or a test double such as
/// [`MockConnector`](crate::client::MockConnector)) under the client with
/// [`ConfigBuilder::http_connector`](crate::config::ConfigBuilder::http_connector).
///
/// Time limits are the client's business: it wraps each call in the attempt
/// timeout, so a connector need not (but may) enforce its own.
///
/// Operations with an event stream use [`call_streaming`](Self::call_streaming)
/// instead; every other operation uses [`call`](Self::call).
pub trait HttpConnector: Send + Sync + fmt::Debug + 'static {
    /// Sends `request`; never reads more than `settings.max_response_body` bytes of body.
    fn call(&self, request: HttpRequest, settings: ConnectorSettings) -> ConnectorFuture<'_>;

    /// Sends `request` for an operation with an event stream: its body is
    /// polled as the connection can take it (possibly for as long as the
    /// stream lives), and the response is handed over as soon as its head
    /// has arrived, its body unread and unbounded (the client bounds it
    /// itself when it reads an error answer whole). Both directions may be
    /// in flight at once: the response can start before the request body
    /// has ended.
    ///
    /// Default: fails with a [`ConnectorErrorKind::Other`] error saying that
    /// this connector cannot stream, so a connector written before event
    /// streams existed keeps working for every other operation.
    fn call_streaming(
        &self,
        request: StreamingRequest,
        settings: ConnectorSettings,
    ) -> StreamingFuture<'_> {
        let _ = (request, settings);
        Box::pin(async move {
            Err(ConnectorError::other(
                "this HTTP connector cannot stream request or response bodies, which \
                 operations with an event stream need (implement \
                 HttpConnector::call_streaming, or use HyperConnector)",
                None,
            ))
        })
    }
}

/// A connector shared by every clone of a client.
#[derive(Clone, Debug)]
pub struct SharedConnector(Arc<dyn HttpConnector>);

impl SharedConnector {
    /// Wraps `connector`.
    pub fn new(connector: impl HttpConnector) -> Self {
        Self(Arc::new(connector))
    }
}

impl HttpConnector for SharedConnector {
    fn call(&self, request: HttpRequest, settings: ConnectorSettings) -> ConnectorFuture<'_> {
        self.0.call(request, settings)
    }

    fn call_streaming(
        &self,
        request: StreamingRequest,
        settings: ConnectorSettings,
    ) -> StreamingFuture<'_> {
        self.0.call_streaming(request, settings)
    }
}

/// Why a connector could not produce a response.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectorErrorKind {
    /// The connection could not be established (refused, DNS, TLS handshake).
    /// Retried.
    Connect,
    /// The connection failed mid-exchange (reset, closed early, truncated
    /// body). Retried.
    Io,
    /// Establishing the connection took longer than the limit. Retried.
    ConnectTimeout(Duration),
    /// The response body is larger than the configured limit. Not retried.
    BodyTooLarge {
        /// HTTP status of the oversized response.
        status: u16,
        /// Its `x-amzn-RequestId`, if any.
        request_id: Option<String>,
        /// The limit, in bytes.
        limit: usize,
    },
    /// Anything else (a malformed request, a connector misconfiguration, an
    /// exhausted test double). Not retried.
    Other,
}

/// A transport failure, classified so the client knows whether to retry.
#[derive(Debug)]
pub struct ConnectorError {
    kind: ConnectorErrorKind,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

impl ConnectorError {
    fn with(
        kind: ConnectorErrorKind,
        message: impl Into<String>,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            message: message.into(),
            source,
        }
    }

    /// The connection could not be established.
    pub fn connect(
        message: impl Into<String>,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self::with(ConnectorErrorKind::Connect, message, source)
    }

    /// The connection broke mid-exchange (reset, early close, truncated body).
    pub fn io(message: impl Into<String>, source: Option<Box<dyn StdError + Send + Sync>>) -> Self {
        Self::with(ConnectorErrorKind::Io, message, source)
    }

    /// Connecting took longer than `limit`.
    pub fn connect_timeout(limit: Duration) -> Self {
        Self::with(
            ConnectorErrorKind::ConnectTimeout(limit),
            format!("connect timeout after {limit:?}"),
            None,
        )
    }

    /// The response body exceeds `limit` bytes.
    pub fn body_too_large(status: u16, request_id: Option<String>, limit: usize) -> Self {
        let message = format!("response body exceeds the limit of {limit} bytes");
        Self::with(
            ConnectorErrorKind::BodyTooLarge {
                status,
                request_id,
                limit,
            },
            message,
            None,
        )
    }

    /// Any other, non-retryable failure.
    pub fn other(
        message: impl Into<String>,
        source: Option<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self::with(ConnectorErrorKind::Other, message, source)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> &ConnectorErrorKind {
        &self.kind
    }

    /// The description, without the cause.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// True if another attempt may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            ConnectorErrorKind::Connect
                | ConnectorErrorKind::Io
                | ConnectorErrorKind::ConnectTimeout(_)
        )
    }

    /// Splits the error into its description and cause.
    pub fn into_parts(
        self,
    ) -> (
        ConnectorErrorKind,
        String,
        Option<Box<dyn StdError + Send + Sync>>,
    ) {
        (self.kind, self.message, self.source)
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for ConnectorError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

/// Largest buffer reserved up front from a `Content-Length`, whatever it says.
const MAX_PREALLOCATION: usize = 1 << 20;

/// Reads the whole body of `response`, refusing to buffer more than `limit`
/// bytes; `body_error` turns a failure of the body into the error to report.
pub(crate) async fn read_bounded<B>(
    response: http::Response<B>,
    limit: usize,
    body_error: impl Fn(B::Error) -> ConnectorError,
) -> Result<HttpResponse, ConnectorError>
where
    B: http_body::Body<Data = bytes::Bytes> + Unpin,
{
    use http_body_util::BodyExt as _;

    let (parts, mut body) = response.into_parts();
    let too_large = || {
        let request_id = parts
            .headers
            .get("x-amzn-requestid")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        ConnectorError::body_too_large(parts.status.as_u16(), request_id, limit)
    };
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let capacity = declared.map_or(0, |n| n as usize).min(MAX_PREALLOCATION);
    let mut buf = bytes::BytesMut::with_capacity(capacity);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(&body_error)?;
        if let Ok(data) = frame.into_data() {
            if data.len() > limit - buf.len() {
                return Err(too_large());
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(http::Response::from_parts(parts, buf.freeze()))
}
