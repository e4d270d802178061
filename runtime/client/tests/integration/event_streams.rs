//! Event streams over real HTTP on 127.0.0.1: a duplex exchange whose input
//! envelopes the server verifies one by one (HTTP/1.1 and h2c), the error
//! answers, a server that drops the connection mid-stream, unsigned streams,
//! and the mock and default connectors.

use std::convert::Infallible;
use std::fmt;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use smithy_client::client::{
    ConnectorError, ConnectorFuture, ConnectorSettings, HttpConnector, HyperConnector,
    MockConnector,
};
use smithy_client::event_stream_signing::{
    seed_signature, EventSigner, CHUNK_SIGNATURE_HEADER, DATE_HEADER, STREAMING_EVENTS_PAYLOAD,
};
use smithy_rt::error::{BuildError, DeserializeError, ProvideErrorMetadata, SdkError};
use smithy_rt::event_stream::stream::{
    full_body, Body, BoxError, EventStream, EventStreamError, MessageStream, Unmarshalled,
};
use smithy_rt::event_stream::{HeaderValue, Message, MessageDecoder};
use smithy_rt::operation::{HttpRequest, HttpResponse, Operation, Validate};
use smithy_rt::validation::ValidationError;

use crate::support::*;

// ---------------------------------------------------------------------------
// A hand-written operation with an event stream both ways.

#[derive(Debug, PartialEq)]
enum Ev {
    Text(String),
}

#[derive(Debug, PartialEq)]
struct Boom(String);

impl fmt::Display for Boom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Boom: {}", self.0)
    }
}

fn marshal(event: Ev) -> Result<Message, BoxError> {
    let Ev::Text(text) = event;
    Ok(Message::event(
        "Text",
        Some("text/plain"),
        Bytes::from(text.into_bytes()),
    ))
}

fn unmarshal(message: &Message) -> Result<Unmarshalled<Ev, Boom>, DeserializeError> {
    let text = || String::from_utf8_lossy(message.payload()).into_owned();
    Ok(match (message.event_type(), message.exception_type()) {
        (Some("Text"), _) => Unmarshalled::Event(Ev::Text(text())),
        (_, Some("Boom")) => Unmarshalled::Exception(Boom(text())),
        (Some(_), _) => Unmarshalled::Unknown,
        _ => return Err(DeserializeError::new("", "neither an event nor a Boom")),
    })
}

struct ConverseInput {
    events: EventStream<Ev, Boom>,
}

impl Validate for ConverseInput {
    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

struct ConverseOutput {
    events: EventStream<Ev, Boom>,
}

/// `POST /converse`: text events in, `echo:` text events out.
struct Converse;

impl Operation for Converse {
    type Input = ConverseInput;
    type Output = ConverseOutput;
    type Error = OpError;
    const NAME: &'static str = "Converse";

    fn serialize(_input: &ConverseInput) -> Result<HttpRequest, BuildError> {
        http::Request::builder()
            .method("POST")
            .uri("/converse")
            .header("content-type", "application/vnd.amazon.eventstream")
            .body(Bytes::new())
            .map_err(|e| BuildError::invalid("request", e))
    }

    fn deserialize_output(_response: &HttpResponse) -> Result<ConverseOutput, DeserializeError> {
        Err(DeserializeError::new("", "Converse has an output stream"))
    }

    fn input_event_stream(input: &mut ConverseInput) -> Option<MessageStream> {
        Some(std::mem::take(&mut input.events).into_messages(marshal))
    }

    const OUTPUT_EVENT_STREAM: bool = true;

    fn deserialize_streaming_output(
        _head: &HttpResponse,
        body: Body,
    ) -> Result<ConverseOutput, DeserializeError> {
        Ok(ConverseOutput {
            events: EventStream::from_body(body, unmarshal),
        })
    }
}

fn text(t: &str) -> Ev {
    Ev::Text(t.to_owned())
}

/// Fails the test instead of hanging it.
async fn within<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), future)
        .await
        .expect("the exchange finished in time")
}

// ---------------------------------------------------------------------------
// Test servers.

type Handler = Arc<dyn Fn(http::Request<Incoming>) -> http::Response<Body> + Send + Sync>;

/// How a test server speaks.
#[derive(Clone)]
enum Mode {
    Http1,
    /// HTTP/2 from the first byte (prior knowledge).
    H2c,
    /// TLS with a self-signed certificate for 127.0.0.1 (made once with
    /// `openssl req -x509 -newkey ec ...`, kept in `tests/data` as DER),
    /// offering these ALPN protocols; HTTP/2 if the client picks `h2`.
    Tls(Vec<Vec<u8>>),
}

fn tls_acceptor(alpn: Vec<Vec<u8>>) -> tokio_rustls::TlsAcceptor {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let cert = std::fs::read(data.join("loopback-cert.der")).expect("test certificate");
    let key = std::fs::read(data.join("loopback-key.der")).expect("test key");
    let key = rustls::pki_types::PrivatePkcs8KeyDer::from(key);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert.into()], key.into())
        .expect("a valid certificate");
    config.alpn_protocols = alpn;
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

/// A hyper server on 127.0.0.1.
async fn serve(mode: Mode, handler: Handler) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    let acceptor = match &mode {
        Mode::Tls(alpn) => Some(tls_acceptor(alpn.clone())),
        _ => None,
    };
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let handler = handler.clone();
            let acceptor = acceptor.clone();
            let mode = mode.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let response = handler(request);
                    async move { Ok::<_, Infallible>(response) }
                });
                // A failed connection is the client's business.
                let _ = match (mode, acceptor) {
                    (Mode::Tls(_), Some(acceptor)) => {
                        let Ok(tls) = acceptor.accept(stream).await else {
                            return;
                        };
                        let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
                        serve_connection(h2, TokioIo::new(tls), service).await
                    }
                    (mode, _) => {
                        serve_connection(matches!(mode, Mode::H2c), TokioIo::new(stream), service)
                            .await
                    }
                };
            });
        }
    });
    addr
}

async fn serve_connection<I, S>(http2: bool, io: I, service: S) -> Result<(), hyper::Error>
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
    S: hyper::service::HttpService<Incoming, ResBody = Body> + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<BoxError>,
{
    if http2 {
        hyper::server::conn::http2::Builder::new(TokioExecutor::new())
            .serve_connection(io, service)
            .await
    } else {
        hyper::server::conn::http1::Builder::new()
            .serve_connection(io, service)
            .await
    }
}

/// A response body fed through a channel; it ends when the sender drops.
struct ChannelBody(tokio::sync::mpsc::Receiver<Bytes>);

impl http_body::Body for ChannelBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        self.0
            .poll_recv(cx)
            .map(|bytes| bytes.map(|b| Ok(http_body::Frame::data(b))))
    }
}

fn stream_response(rx: tokio::sync::mpsc::Receiver<Bytes>) -> http::Response<Body> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/vnd.amazon.eventstream")
        .header("x-amzn-RequestId", "req-stream")
        .body(ChannelBody(rx).boxed_unsync())
        .expect("valid response")
}

fn encoded(message: &Message) -> Bytes {
    message.encode().expect("encodable message")
}

/// What the duplex server saw.
#[derive(Debug, Default)]
struct Seen {
    content_sha256: Option<String>,
    signed_headers: Option<String>,
    /// The text of each input event whose envelope signature checked out.
    verified: Vec<String>,
    end_envelope: bool,
    failures: Vec<String>,
}

/// The signed envelope `envelope` checked against the next signature of
/// `verifier`: its event, or `None` for the end envelope.
fn open_verified(
    verifier: &mut EventSigner,
    envelope: &Message,
) -> Result<Option<Message>, String> {
    let millis = match envelope.header(DATE_HEADER) {
        Some(HeaderValue::Timestamp(ms)) => *ms,
        other => return Err(format!("envelope :date is {other:?}")),
    };
    let got = envelope
        .header(CHUNK_SIGNATURE_HEADER)
        .and_then(HeaderValue::as_bytes)
        .ok_or("envelope without :chunk-signature")?;
    let time = UNIX_EPOCH + Duration::from_millis(u64::try_from(millis).map_err(|_| "date")?);
    let expected = verifier
        .sign_payload(envelope.payload().clone(), time)
        .map_err(|e| e.to_string())?;
    let want = expected
        .header(CHUNK_SIGNATURE_HEADER)
        .and_then(HeaderValue::as_bytes)
        .ok_or("no expected signature")?;
    if got != want {
        return Err("envelope signature does not chain from the previous one".into());
    }
    if envelope.payload().is_empty() {
        return Ok(None);
    }
    Message::decode(envelope.payload())
        .map(Some)
        .map_err(|e| e.to_string())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac_sha256(key: &[u8], data: &str) -> Result<Vec<u8>, String> {
    use hmac::{KeyInit, Mac};
    let mut mac =
        <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(key).map_err(|e| e.to_string())?;
    mac.update(data.as_bytes());
    Ok(mac.finalize().into_bytes().to_vec())
}

/// Checks the initial request's SigV4 signature independently of the
/// client's signer: the canonical request's payload hash must be
/// `STREAMING-AWS4-HMAC-SHA256-EVENTS`. (Only what `POST /converse` needs:
/// no query; `host` from the URI's authority when HTTP/2 carried it there.)
fn verify_initial_request(request: &http::Request<Incoming>) -> Result<(), String> {
    use sha2::Digest;
    let header = |name: &str| -> Option<String> {
        match request.headers().get(name) {
            Some(v) => v.to_str().ok().map(|v| v.trim().to_owned()),
            None if name == "host" => request.uri().authority().map(|a| a.to_string()),
            None => None,
        }
    };
    let authorization = header("authorization").ok_or("no authorization")?;
    let rest = authorization
        .strip_prefix("AWS4-HMAC-SHA256 Credential=")
        .ok_or("not SigV4")?;
    let mut parts = rest.split(", ");
    let credential = parts.next().ok_or("no credential")?;
    let signed_headers = parts
        .next()
        .and_then(|p| p.strip_prefix("SignedHeaders="))
        .ok_or("no SignedHeaders")?;
    let signature = parts
        .next()
        .and_then(|p| p.strip_prefix("Signature="))
        .ok_or("no Signature")?;
    let scope = credential
        .strip_prefix(&format!("{AKID}/"))
        .ok_or("another access key")?;
    let day = scope.split('/').next().unwrap_or_default();
    if scope != format!("{day}/us-east-1/chime/aws4_request") {
        return Err(format!("scope {scope}"));
    }
    if request.uri().query().is_some() {
        return Err("unexpected query".into());
    }
    let mut canonical_headers = String::new();
    for name in signed_headers.split(';') {
        let value = header(name).ok_or(format!("signed header {name} is missing"))?;
        canonical_headers.push_str(&format!("{name}:{value}\n"));
    }
    let canonical_request = format!(
        "{}\n{}\n\n{canonical_headers}\n{signed_headers}\n{STREAMING_EVENTS_PAYLOAD}",
        request.method(),
        request.uri().path(),
    );
    let amz_date = header("x-amz-date").ok_or("no x-amz-date")?;
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&sha2::Sha256::digest(canonical_request.as_bytes()))
    );
    let mut key = hmac_sha256(format!("AWS4{SECRET}").as_bytes(), day)?;
    for part in ["us-east-1", "chime", "aws4_request"] {
        key = hmac_sha256(&key, part)?;
    }
    if hex(&hmac_sha256(&key, &string_to_sign)?) != signature {
        return Err("the initial request's signature does not match".into());
    }
    Ok(())
}

/// The duplex server: checks each input envelope's signature (chained from
/// the seed in the request's `Authorization`), and answers each event at
/// once with `echo:<text>`; the response ends after the end envelope.
fn duplex_handler(seen: Arc<Mutex<Seen>>) -> Handler {
    Arc::new(move |request: http::Request<Incoming>| {
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let authorization = header("authorization").unwrap_or_default();
        {
            let mut seen = seen.lock().expect("lock");
            if let Err(why) = verify_initial_request(&request) {
                seen.failures.push(why);
            }
            seen.content_sha256 = header("x-amz-content-sha256");
            seen.signed_headers = authorization
                .split(", ")
                .find_map(|p| p.strip_prefix("SignedHeaders="))
                .map(str::to_owned);
        }
        let seed = seed_signature(&authorization)
            .unwrap_or_default()
            .to_owned();
        let (tx, rx) = tokio::sync::mpsc::channel(8);
        let seen = seen.clone();
        let mut body = request.into_body();
        tokio::spawn(async move {
            let fail = |why: String| seen.lock().expect("lock").failures.push(why);
            let mut verifier = match EventSigner::from_secret(SECRET, "us-east-1", "chime", &seed) {
                Ok(v) => v,
                Err(e) => return fail(format!("seed: {e}")),
            };
            let mut decoder = MessageDecoder::new();
            while let Some(frame) = body.frame().await {
                let frame = match frame {
                    Ok(frame) => frame,
                    Err(e) => return fail(format!("request body: {e}")),
                };
                if let Some(data) = frame.data_ref() {
                    decoder.push(data);
                }
                loop {
                    let envelope = match decoder.next_message() {
                        Ok(Some(m)) => m,
                        Ok(None) => break,
                        Err(e) => return fail(format!("decode: {e}")),
                    };
                    match open_verified(&mut verifier, &envelope) {
                        Ok(Some(event)) => {
                            let said = String::from_utf8_lossy(event.payload()).into_owned();
                            seen.lock().expect("lock").verified.push(said.clone());
                            let echo =
                                Message::event("Text", None, format!("echo:{said}").into_bytes());
                            if tx.send(encoded(&echo)).await.is_err() {
                                return fail("the response was dropped".into());
                            }
                        }
                        Ok(None) => seen.lock().expect("lock").end_envelope = true,
                        Err(why) => return fail(why),
                    }
                }
            }
            // The request body ended: dropping `tx` ends the response.
        });
        stream_response(rx)
    })
}

/// Event 2 is sent only once the answer to event 1 has arrived: the
/// exchange is duplex or it deadlocks (and times out).
async fn duplex_exchange(client: &smithy_client::client::Client, seen: &Arc<Mutex<Seen>>) {
    let (tx, events) = EventStream::channel(1);
    let mut output = within(client.invoke::<Converse>(ConverseInput { events }))
        .await
        .expect("the call succeeds");
    tx.send(text("one")).await.expect("input open");
    let first = within(output.events.recv()).await.expect("an event");
    assert_eq!(first, Some(text("echo:one")));
    tx.send(text("two")).await.expect("input open");
    let second = within(output.events.recv()).await.expect("an event");
    assert_eq!(second, Some(text("echo:two")));
    drop(tx);
    let end = within(output.events.recv()).await.expect("a clean end");
    assert_eq!(end, None);

    let seen = seen.lock().expect("lock");
    assert_eq!(seen.failures, Vec::<String>::new());
    assert_eq!(seen.verified, ["one", "two"]);
    assert!(seen.end_envelope, "the signed end envelope arrived");
    assert_eq!(
        seen.content_sha256.as_deref(),
        Some(STREAMING_EVENTS_PAYLOAD)
    );
    let signed = seen.signed_headers.as_deref().unwrap_or_default();
    assert!(
        signed.split(';').any(|h| h == "x-amz-content-sha256"),
        "{signed}"
    );
}

#[tokio::test]
async fn duplex_signed_event_stream_over_http1() {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let addr = serve(Mode::Http1, duplex_handler(seen.clone())).await;
    let client = client(config(&format!("http://{addr}")));
    duplex_exchange(&client, &seen).await;
}

/// A buffered call, the duplex exchange, and a buffered call again, on one
/// client against a server speaking `mode`: returns the HTTP version of each
/// request as the server saw it.
async fn mixed_calls(mode: Mode, scheme: &str, connector: HyperConnector) -> Vec<http::Version> {
    let seen = Arc::new(Mutex::new(Seen::default()));
    let duplex = duplex_handler(seen.clone());
    let versions = Arc::new(Mutex::new(Vec::new()));
    let log = versions.clone();
    let handler: Handler = Arc::new(move |request: http::Request<Incoming>| {
        log.lock().expect("lock").push(request.version());
        if request.uri().path() == "/converse" {
            return duplex(request);
        }
        http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(full_body(Bytes::from_static(br#"{"Errors":[]}"#)))
            .expect("valid response")
    });
    let addr = serve(mode, handler).await;
    let client = client(config(&format!("{scheme}://{addr}")).http_connector(connector));

    let output = within(client.invoke::<Op>(input("acct", &["m1"])))
        .await
        .expect("a buffered call");
    assert_eq!(output.errors, Vec::new());
    duplex_exchange(&client, &seen).await;
    let output = within(client.invoke::<Op>(input("acct", &["m2"])))
        .await
        .expect("a buffered call after the stream");
    assert_eq!(output.errors, Vec::new());
    let versions = versions.lock().expect("lock");
    versions.clone()
}

#[tokio::test]
async fn duplex_signed_event_stream_and_buffered_calls_over_h2c() {
    let connector = HyperConnector::http2_only(Duration::from_secs(2));
    let versions = mixed_calls(Mode::H2c, "http", connector).await;
    assert_eq!(versions, [http::Version::HTTP_2; 3]);
}

#[tokio::test]
async fn tls_negotiates_http2_with_alpn_for_buffered_and_streaming_calls() {
    let alpn = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let connector = HyperConnector::without_certificate_verification(Duration::from_secs(2));
    let versions = mixed_calls(Mode::Tls(alpn), "https", connector).await;
    assert_eq!(versions, [http::Version::HTTP_2; 3]);
}

#[tokio::test]
async fn tls_servers_without_http2_are_spoken_to_in_http1() {
    let alpn = vec![b"http/1.1".to_vec()];
    let connector = HyperConnector::without_certificate_verification(Duration::from_secs(2));
    let versions = mixed_calls(Mode::Tls(alpn), "https", connector).await;
    assert_eq!(versions, [http::Version::HTTP_11; 3]);
}

#[tokio::test]
async fn plain_http_stays_http1() {
    let connector = HyperConnector::new(Duration::from_secs(2));
    let versions = mixed_calls(Mode::Http1, "http", connector).await;
    assert_eq!(versions, [http::Version::HTTP_11; 3]);
}

#[tokio::test]
async fn an_error_answer_to_a_streaming_call_is_a_service_error() {
    let handler: Handler = Arc::new(|_request| {
        http::Response::builder()
            .status(400)
            .header("content-type", "application/json")
            .header("x-amzn-RequestId", "req-400")
            .body(full_body(Bytes::from_static(
                br#"{"__type":"BadRequestException","message":"no streams today"}"#,
            )))
            .expect("valid response")
    });
    let addr = serve(Mode::Http1, handler).await;
    let client = client(config(&format!("http://{addr}")));
    let (_tx, events) = EventStream::channel(1);
    let result = within(client.invoke::<Converse>(ConverseInput { events })).await;
    match result {
        Err(SdkError::Service(OpError::BadRequest(meta))) => {
            assert_eq!(meta.message(), Some("no streams today"));
        }
        Err(other) => panic!("expected a service error, got {other:?}"),
        Ok(_) => panic!("expected a service error, got a stream"),
    }
}

#[tokio::test]
async fn a_server_closing_mid_stream_is_a_transport_or_decode_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        // Read the request through the end of its chunked body (the input
        // stream is empty: only the end envelope), so closing sends a FIN.
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        while !request.ends_with(b"0\r\n\r\n") {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => request.extend_from_slice(&buf[..n]),
            }
        }
        let whole = encoded(&Message::event("Text", None, &b"cut short"[..]));
        let half = &whole[..whole.len() / 2];
        let mut answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
        answer.extend_from_slice(format!("{:x}\r\n", half.len()).as_bytes());
        answer.extend_from_slice(half);
        answer.extend_from_slice(b"\r\n");
        let _ = stream.write_all(&answer).await;
        let _ = stream.flush().await;
        // Dropping the socket closes the connection mid-message.
    });
    let client = client(config(&format!("http://{addr}")));
    let events = EventStream::from(Vec::<Ev>::new());
    let mut output = within(client.invoke::<Converse>(ConverseInput { events }))
        .await
        .expect("the head arrived");
    match within(output.events.recv()).await {
        Err(EventStreamError::Transport(_) | EventStreamError::Decode(_)) => {}
        other => panic!("expected a transport or decode error, got {other:?}"),
    }
    assert!(matches!(within(output.events.recv()).await, Ok(None)));
}

#[tokio::test]
async fn unsigned_streams_send_bare_messages_and_exceptions_are_modeled_errors() {
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    let handler: Handler = Arc::new(move |request: http::Request<Incoming>| {
        let log = log.clone();
        let authorized = request.headers().contains_key("authorization");
        let (tx, rx) = tokio::sync::mpsc::channel(8);
        let mut body = request.into_body();
        tokio::spawn(async move {
            let mut decoder = MessageDecoder::new();
            while let Some(Ok(frame)) = body.frame().await {
                if let Some(data) = frame.data_ref() {
                    decoder.push(data);
                }
                while let Ok(Some(message)) = decoder.next_message() {
                    let enveloped = message.header(CHUNK_SIGNATURE_HEADER).is_some();
                    let said = String::from_utf8_lossy(message.payload()).into_owned();
                    log.lock()
                        .expect("lock")
                        .push((authorized, enveloped, said.clone()));
                    let echo = Message::event("Text", None, format!("echo:{said}").into_bytes());
                    let boom = Message::exception("Boom", None, &b"too loud"[..]);
                    let _ = tx.send(encoded(&echo)).await;
                    let _ = tx.send(encoded(&boom)).await;
                }
            }
        });
        stream_response(rx)
    });
    let addr = serve(Mode::Http1, handler).await;
    let client = client(config(&format!("http://{addr}")).sign_requests(false));
    let events = EventStream::from(vec![text("hi")]);
    let mut output = within(client.invoke::<Converse>(ConverseInput { events }))
        .await
        .expect("the call succeeds");
    assert_eq!(
        within(output.events.recv()).await.expect("an event"),
        Some(text("echo:hi"))
    );
    match within(output.events.recv()).await {
        Err(EventStreamError::Modeled(Boom(m))) => assert_eq!(m, "too loud"),
        other => panic!("expected the modeled error, got {other:?}"),
    }
    assert!(matches!(within(output.events.recv()).await, Ok(None)));
    assert_eq!(
        *received.lock().expect("lock"),
        [(false, false, "hi".to_owned())]
    );
}

#[tokio::test]
async fn the_mock_connector_records_the_signed_stream_and_answers_with_events() {
    let mut body = Vec::new();
    Message::event("Text", None, &b"canned"[..])
        .encode_into(&mut body)
        .expect("encode");
    let response = http::Response::builder()
        .status(200)
        .body(Bytes::from(body))
        .expect("valid response");
    let mock = MockConnector::new().with_response(response);
    let client = client(config("https://example.com").http_connector(mock.clone()));
    let events = EventStream::from(vec![text("a"), text("b")]);
    let mut output = within(client.invoke::<Converse>(ConverseInput { events }))
        .await
        .expect("the call succeeds");
    assert_eq!(
        within(output.events.recv()).await.expect("an event"),
        Some(text("canned"))
    );
    assert!(matches!(within(output.events.recv()).await, Ok(None)));

    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.headers()["amz-sdk-request"], "attempt=1; max=1");
    let authorization = request.headers()["authorization"].to_str().expect("ascii");
    let seed = seed_signature(authorization).expect("a SigV4 signature");
    let mut verifier =
        EventSigner::from_secret(SECRET, "us-east-1", "chime", seed).expect("a valid seed");
    let envelopes = smithy_rt::event_stream::decode::decode_all(request.body()).expect("messages");
    let opened: Vec<Option<String>> = envelopes
        .iter()
        .map(|e| {
            open_verified(&mut verifier, e)
                .expect("a valid signature")
                .map(|m| String::from_utf8_lossy(m.payload()).into_owned())
        })
        .collect();
    assert_eq!(opened, [Some("a".to_owned()), Some("b".to_owned()), None]);
}

/// A connector written before event streams: only `call`.
#[derive(Debug)]
struct BufferedOnly;

impl HttpConnector for BufferedOnly {
    fn call(&self, _request: HttpRequest, _settings: ConnectorSettings) -> ConnectorFuture<'_> {
        Box::pin(async { Err(ConnectorError::other("not used", None)) })
    }
}

#[tokio::test]
async fn a_connector_that_cannot_stream_says_so() {
    let client = client(config("https://example.com").http_connector(BufferedOnly));
    let events = EventStream::from(vec![text("a")]);
    match client.invoke::<Converse>(ConverseInput { events }).await {
        Err(SdkError::Dispatch(e)) => {
            assert!(e.to_string().contains("cannot stream"), "{e}");
        }
        Err(other) => panic!("expected a dispatch error, got {other:?}"),
        Ok(_) => panic!("expected a dispatch error"),
    }
}

/// `GET /subscribe`: a whole request, an output stream.
struct Subscribe;

impl Operation for Subscribe {
    type Input = ConverseInput;
    type Output = ConverseOutput;
    type Error = OpError;
    const NAME: &'static str = "Subscribe";

    fn serialize(_input: &ConverseInput) -> Result<HttpRequest, BuildError> {
        http::Request::builder()
            .method("GET")
            .uri("/subscribe")
            .body(Bytes::new())
            .map_err(|e| BuildError::invalid("request", e))
    }

    fn deserialize_output(_response: &HttpResponse) -> Result<ConverseOutput, DeserializeError> {
        Err(DeserializeError::new("", "Subscribe has an output stream"))
    }

    const OUTPUT_EVENT_STREAM: bool = true;

    fn deserialize_streaming_output(
        _head: &HttpResponse,
        body: Body,
    ) -> Result<ConverseOutput, DeserializeError> {
        Ok(ConverseOutput {
            events: EventStream::from_body(body, unmarshal),
        })
    }
}

fn no_input() -> ConverseInput {
    ConverseInput {
        events: EventStream::default(),
    }
}

#[tokio::test]
async fn an_output_only_stream_is_retried_until_a_head_arrives() {
    let mut body = Vec::new();
    Message::event("Text", None, &b"tick"[..])
        .encode_into(&mut body)
        .expect("encode");
    let stream = http::Response::builder()
        .status(200)
        .body(Bytes::from(body))
        .expect("valid response");
    let mock = MockConnector::new()
        .with_json(503, r#"{"__type":"ServiceUnavailableException"}"#)
        .with_error(ConnectorError::io("connection reset", None))
        .with_response(stream);
    let client = client(config("https://example.com").http_connector(mock.clone()));
    let mut output = within(client.invoke::<Subscribe>(no_input()))
        .await
        .expect("the third attempt succeeds");
    assert_eq!(
        within(output.events.recv()).await.expect("an event"),
        Some(text("tick"))
    );
    assert!(matches!(within(output.events.recv()).await, Ok(None)));
    let attempts: Vec<_> = mock
        .requests()
        .iter()
        .map(|r| r.headers()["amz-sdk-request"].clone())
        .collect();
    assert_eq!(
        attempts,
        ["attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"]
    );
    // A whole request is signed with its body's hash, as usual.
    assert!(mock.requests()[0]
        .headers()
        .get("x-amz-content-sha256")
        .is_none());
}

#[tokio::test]
async fn a_call_with_an_input_stream_is_not_retried() {
    let hits = Arc::new(Mutex::new(0));
    let count = hits.clone();
    let handler: Handler = Arc::new(move |_request| {
        *count.lock().expect("lock") += 1;
        http::Response::builder()
            .status(503)
            .header("content-type", "application/json")
            .body(full_body(Bytes::from_static(
                br#"{"__type":"ServiceUnavailableException","message":"busy"}"#,
            )))
            .expect("valid response")
    });
    let addr = serve(Mode::Http1, handler).await;
    let client = client(config(&format!("http://{addr}")));
    let events = EventStream::from(vec![text("a")]);
    match within(client.invoke::<Converse>(ConverseInput { events })).await {
        Err(SdkError::Service(e)) => {
            assert_eq!(e.meta().code(), Some("ServiceUnavailableException"));
        }
        Err(other) => panic!("expected the 503 as a service error, got {other:?}"),
        Ok(_) => panic!("expected the 503 as a service error"),
    }
    assert_eq!(*hits.lock().expect("lock"), 1);
}

#[tokio::test]
async fn the_timeouts_bound_the_head_not_the_stream() {
    let handler: Handler = Arc::new(|_request| {
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(600)).await;
            let late = Message::event("Text", None, &b"late"[..]);
            let _ = tx.send(encoded(&late)).await;
        });
        stream_response(rx)
    });
    let addr = serve(Mode::Http1, handler).await;
    let timeouts = smithy_client::config::TimeoutConfig::standard()
        .with_attempt(Duration::from_millis(200))
        .with_operation(Duration::from_millis(300));
    let client = client(config(&format!("http://{addr}")).timeout_config(timeouts));
    let mut output = within(client.invoke::<Subscribe>(no_input()))
        .await
        .expect("the head arrives in time");
    assert_eq!(
        within(output.events.recv()).await.expect("an event"),
        Some(text("late"))
    );
    assert!(matches!(within(output.events.recv()).await, Ok(None)));
}
