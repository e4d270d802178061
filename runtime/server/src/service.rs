//! The `tower::Service` that every generated service runs as, and a helper
//! that serves it with hyper on a `TcpListener`.

use std::convert::Infallible;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use bytes::Bytes;
use http_body::Body;
use http_body_util::{BodyExt, Limited};
use tracing::Instrument;

use crate::operation::Request;
use crate::router::{RouteMatch, Router};
use crate::{HttpResponse, Rejection};

/// A boxed response future.
pub type ResponseFuture = Pin<Box<dyn Future<Output = HttpResponse> + Send>>;

/// What a generated service provides: its routes and, per operation index,
/// the answer to a routed request. Implemented by generated code.
pub trait Dispatch: Send + Sync + 'static {
    /// The routes, one per operation, in operation-index order.
    fn router(&self) -> &Router;
    /// The name of operation `index`.
    fn operation_name(&self, index: usize) -> &'static str;
    /// Answers `request` with operation `index`.
    fn dispatch(&self, index: usize, request: Request) -> ResponseFuture;
}

/// Limits of a server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Largest request body accepted, in bytes (10 MiB by default).
    pub max_body_bytes: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 10 * 1024 * 1024,
        }
    }
}

/// A generated service as a `tower::Service<http::Request<B>>`: routes,
/// bounds the body, answers, adds `x-amzn-RequestId` and traces each request
/// in a span with the operation name and request id.
pub struct Service<D> {
    inner: Arc<D>,
    config: Arc<ServerConfig>,
}

impl<D> Clone for Service<D> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            config: Arc::clone(&self.config),
        }
    }
}

impl<D: Dispatch> Service<D> {
    /// Wraps a dispatcher with the default limits.
    pub fn new(inner: D) -> Self {
        Self::with_config(inner, ServerConfig::default())
    }

    /// Wraps a dispatcher with `config`.
    pub fn with_config(inner: D, config: ServerConfig) -> Self {
        Self {
            inner: Arc::new(inner),
            config: Arc::new(config),
        }
    }

    /// The dispatcher.
    pub fn inner(&self) -> &D {
        &self.inner
    }

    /// Answers one request whose body is already in memory (used by tests
    /// and benchmarks that bypass the connection).
    pub async fn call_bytes(&self, request: http::Request<Bytes>) -> HttpResponse {
        let (parts, body) = request.into_parts();
        if body.len() > self.config.max_body_bytes {
            return finish(
                Rejection::PayloadTooLarge {
                    limit: self.config.max_body_bytes,
                }
                .into_response(),
                &request_id(),
            );
        }
        let mut parts = parts;
        let body = decode_body(&mut parts, body, self.config.max_body_bytes);
        answer(Arc::clone(&self.inner), parts, body).await
    }
}

/// Undoes a `Content-Encoding: gzip` (the last encoding applied, as a client
/// with `@requestCompression` sends it): the body is decompressed, never past
/// `limit` bytes (a zip bomb is refused with 413 once it reaches the limit),
/// and `gzip` is taken off the header. Other encodings are left to the
/// operation.
fn decode_body(
    parts: &mut http::request::Parts,
    body: Bytes,
    limit: usize,
) -> Result<Bytes, Rejection> {
    let Some(value) = parts.headers.get(http::header::CONTENT_ENCODING) else {
        return Ok(body);
    };
    let text = value.to_str().unwrap_or_default();
    let (rest, last) = match text.rsplit_once(',') {
        Some((rest, last)) => (rest.trim(), last.trim()),
        None => ("", text.trim()),
    };
    if body.is_empty() || !last.eq_ignore_ascii_case("gzip") {
        return Ok(body);
    }
    let decoded = smithy_rt::compression::gunzip_bounded(&body, limit).map_err(|e| match e {
        smithy_rt::compression::GunzipError::TooLarge { limit } => {
            Rejection::PayloadTooLarge { limit }
        }
        e => Rejection::BodyRead(e.to_string()),
    })?;
    match http::HeaderValue::from_str(rest) {
        Ok(v) if !rest.is_empty() => {
            parts.headers.insert(http::header::CONTENT_ENCODING, v);
        }
        _ => {
            parts.headers.remove(http::header::CONTENT_ENCODING);
        }
    }
    parts
        .headers
        .insert(http::header::CONTENT_LENGTH, decoded.len().into());
    Ok(Bytes::from(decoded))
}

/// A request id: a random (version 4) UUID in its 36-character text form,
/// written into a stack buffer.
struct RequestId([u8; 36]);

impl RequestId {
    fn as_str(&self) -> &str {
        // Only ASCII hex digits and dashes are ever written.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn request_id() -> RequestId {
    uuid_v4(fastrand::u64(..), fastrand::u64(..))
}

fn uuid_v4(a: u64, b: u64) -> RequestId {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // Same layout as `{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}` of
    // `a >> 32`, `a >> 16 & 0xffff`, `a & 0xfff`, `b >> 48 & 0x3fff | 0x8000`
    // and `b & 0xffff_ffff_ffff`.
    let fields: [(u64, usize); 5] = [
        (a >> 32, 8),
        ((a >> 16) & 0xffff, 4),
        (0x4000 | (a & 0x0fff), 4),
        ((b >> 48) & 0x3fff | 0x8000, 4),
        (b & 0xffff_ffff_ffff, 12),
    ];
    let mut out = [b'-'; 36];
    let mut at = 0;
    for (value, digits) in fields {
        for d in 0..digits {
            let shift = 4 * (digits - 1 - d);
            out[at + d] = HEX[((value >> shift) & 0xf) as usize];
        }
        at += digits + 1;
    }
    RequestId(out)
}

fn finish(mut response: HttpResponse, id: &RequestId) -> HttpResponse {
    if let Ok(v) = http::HeaderValue::from_bytes(&id.0) {
        response
            .headers_mut()
            .insert(http::header::HeaderName::from_static("x-amzn-requestid"), v);
    }
    response
}

async fn answer<D: Dispatch>(
    inner: Arc<D>,
    parts: http::request::Parts,
    body: Result<Bytes, Rejection>,
) -> HttpResponse {
    let id = request_id();
    let started = Instant::now();
    let found = inner
        .router()
        .find(&parts.method, parts.uri.path(), parts.uri.query());
    let (name, response) = match found {
        RouteMatch::Found { index, labels } => {
            let name = inner.operation_name(index);
            let span = tracing::info_span!("request", operation = name, request_id = %id);
            let response = match body {
                Err(rejection) => rejection.into_response(),
                Ok(body) => {
                    let request = Request {
                        parts,
                        body,
                        labels,
                    };
                    let fut = inner.dispatch(index, request);
                    match CatchUnwind(AssertUnwindSafe(fut))
                        .instrument(span.clone())
                        .await
                    {
                        Ok(r) => r,
                        Err(()) => {
                            span.in_scope(|| tracing::error!("the handler panicked"));
                            Rejection::Internal.into_response()
                        }
                    }
                }
            };
            (name, response)
        }
        RouteMatch::MethodNotAllowed => ("-", Rejection::MethodNotAllowed.into_response()),
        RouteMatch::NotFound => ("-", Rejection::UnknownOperation.into_response()),
        RouteMatch::BadLabel => (
            "-",
            Rejection::Serialization(smithy_rt::error::DeserializeError::new(
                "label",
                "a URI label is not valid percent-encoded UTF-8",
            ))
            .into_response(),
        ),
    };
    tracing::info!(
        operation = name,
        status = response.status().as_u16(),
        latency_us = started.elapsed().as_micros() as u64,
        request_id = %id,
        "answered"
    );
    finish(response, &id)
}

/// Polls a future, turning a panic into `Err(())`.
struct CatchUnwind<F>(AssertUnwindSafe<F>);

impl<F: Future + Unpin> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = &mut self.0;
        match std::panic::catch_unwind(AssertUnwindSafe(|| Pin::new(&mut inner.0).poll(cx))) {
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        }
    }
}

impl<D, B> tower_service::Service<http::Request<B>> for Service<D>
where
    D: Dispatch,
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = http::Response<ResponseBody>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let inner = Arc::clone(&self.inner);
        let limit = self.config.max_body_bytes;
        Box::pin(async move {
            let (mut parts, body) = request.into_parts();
            let body = match Limited::new(body, limit).collect().await {
                Ok(collected) => Ok(collected.to_bytes()),
                Err(e)
                    if e.downcast_ref::<http_body_util::LengthLimitError>()
                        .is_some() =>
                {
                    Err(Rejection::PayloadTooLarge { limit })
                }
                Err(e) => Err(Rejection::BodyRead(e.to_string())),
            };
            let body = body.and_then(|b| decode_body(&mut parts, b, limit));
            let mut response = answer(inner, parts, body).await;
            Ok(match crate::response::take_event_stream(&mut response) {
                Some(stream) => response.map(|_| ResponseBody::stream(stream)),
                None => response.map(ResponseBody::full),
            })
        })
    }
}

/// The body of a response the service sends: its whole bytes (every answer
/// but one), or an output event stream, sent message by message as the
/// handler produces them.
pub struct ResponseBody {
    kind: ResponseBodyKind,
}

enum ResponseBodyKind {
    /// The bytes, until they are sent.
    Full(Option<Bytes>),
    /// An event stream.
    Stream(smithy_rt::event_stream::stream::Body),
}

impl ResponseBody {
    /// A body of these bytes.
    pub fn full(bytes: Bytes) -> Self {
        Self {
            kind: ResponseBodyKind::Full(Some(bytes).filter(|b| !b.is_empty())),
        }
    }

    /// A streaming body.
    pub fn stream(body: smithy_rt::event_stream::stream::Body) -> Self {
        Self {
            kind: ResponseBodyKind::Stream(body),
        }
    }
}

impl std::fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ResponseBodyKind::Full(b) => f
                .debug_tuple("Full")
                .field(&b.as_ref().map_or(0, Bytes::len))
                .finish(),
            ResponseBodyKind::Stream(_) => f.write_str("Stream"),
        }
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = smithy_rt::event_stream::stream::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        match &mut self.get_mut().kind {
            ResponseBodyKind::Full(bytes) => {
                Poll::Ready(bytes.take().map(|b| Ok(http_body::Frame::data(b))))
            }
            ResponseBodyKind::Stream(body) => Pin::new(body).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.kind {
            ResponseBodyKind::Full(bytes) => bytes.is_none(),
            ResponseBodyKind::Stream(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match &self.kind {
            ResponseBodyKind::Full(bytes) => {
                http_body::SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            ResponseBodyKind::Stream(body) => body.size_hint(),
        }
    }
}

/// Serves `service` on `listener` with HTTP/1.1 (keep-alive) until the
/// returned future is dropped; each connection runs on its own task.
pub async fn serve<D: Dispatch>(
    listener: tokio::net::TcpListener,
    service: Service<D>,
) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let service = service.clone();
        tokio::spawn(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            let svc =
                hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    let mut service = service.clone();
                    tower_service::Service::call(&mut service, req)
                });
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, svc)
                .await
            {
                tracing::debug!("connection ended: {e}");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(encoding: &str) -> http::request::Parts {
        let (parts, ()) = http::Request::builder()
            .header(http::header::CONTENT_ENCODING, encoding)
            .body(())
            .unwrap()
            .into_parts();
        parts
    }

    #[test]
    fn response_bodies_are_whole_bytes_or_a_stream() {
        use smithy_rt::event_stream::Message;
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let full = ResponseBody::full(Bytes::from_static(b"{}"));
        assert_eq!(full.size_hint().exact(), Some(2));
        assert!(!full.is_end_stream());
        assert_eq!(rt.block_on(full.collect()).unwrap().to_bytes(), "{}");
        assert!(ResponseBody::full(Bytes::new()).is_end_stream());

        // A response with an attached event stream sends it as its body.
        let message = Message::event("e", None, Bytes::from_static(b"x"));
        let expected = message.encode().unwrap();
        let messages: smithy_rt::event_stream::stream::MessageStream = Box::pin(
            smithy_rt::event_stream::EventStream::<Message, String>::from(vec![message])
                .into_messages(Ok),
        );
        let mut response = HttpResponse::new(Bytes::new());
        crate::response::attach_event_stream(&mut response, messages);
        let stream = crate::response::take_event_stream(&mut response).unwrap();
        assert!(crate::response::take_event_stream(&mut response).is_none());
        let body = ResponseBody::stream(stream);
        assert_eq!(rt.block_on(body.collect()).unwrap().to_bytes(), expected);
    }

    #[test]
    fn request_ids_are_uuids() {
        for (a, b) in [
            (0, 0),
            (u64::MAX, u64::MAX),
            (0x0123_4567_89ab_cdef, 0xfedc_ba98_7654_3210),
        ] {
            let expected = format!(
                "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                a >> 32,
                (a >> 16) & 0xffff,
                a & 0x0fff,
                (b >> 48) & 0x3fff | 0x8000,
                b & 0xffff_ffff_ffff
            );
            assert_eq!(uuid_v4(a, b).as_str(), expected);
            assert_eq!(uuid_v4(a, b).to_string(), expected);
        }
        let response = finish(HttpResponse::new(Bytes::new()), &uuid_v4(1, 2));
        assert_eq!(
            response.headers()["x-amzn-requestid"],
            uuid_v4(1, 2).as_str()
        );
    }

    #[test]
    fn gzip_bodies_are_decoded() {
        let data = b"{\"data\":\"hello\"}".repeat(100);
        let z = Bytes::from(smithy_rt::compression::gzip(&data));
        let mut p = parts("custom, gzip");
        assert_eq!(decode_body(&mut p, z.clone(), 1 << 20).unwrap(), data);
        assert_eq!(p.headers[http::header::CONTENT_ENCODING], "custom");
        let mut p = parts("GZIP");
        assert_eq!(decode_body(&mut p, z, 1 << 20).unwrap(), data);
        assert!(p.headers.get(http::header::CONTENT_ENCODING).is_none());
        // Another last encoding is the operation's business.
        let mut p = parts("gzip, custom");
        assert_eq!(
            decode_body(&mut p, Bytes::from_static(b"x"), 10).unwrap(),
            "x"
        );
    }

    #[test]
    fn zip_bombs_stop_at_the_limit() {
        let bomb = Bytes::from(smithy_rt::compression::gzip(&vec![0; 8 << 20]));
        let mut p = parts("gzip");
        assert!(matches!(
            decode_body(&mut p, bomb, 1 << 20),
            Err(Rejection::PayloadTooLarge { limit }) if limit == 1 << 20
        ));
        let mut p = parts("gzip");
        assert!(matches!(
            decode_body(&mut p, Bytes::from_static(b"not gzip"), 100),
            Err(Rejection::BodyRead(_))
        ));
    }
}
