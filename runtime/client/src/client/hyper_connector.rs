//! The default transport: hyper 1 (hyper-util's pooled client) over TCP,
//! with rustls (ring, Mozilla's root certificates from `webpki-roots`) for
//! `https` endpoints. Plain `http` works too, for local test servers.
//!
//! TLS connections offer HTTP/2 and HTTP/1.1 with ALPN and speak what the
//! server picks (AWS requires HTTP/2 for bidirectional event streams); plain
//! `http` connections speak HTTP/1.1, unless the connector was built with
//! [`HyperConnector::http2_only`].

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Either, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector as TcpConnector;
use hyper_util::client::legacy::Client as LegacyClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::connector::{
    read_bounded, ConnectorError, ConnectorFuture, ConnectorSettings, HttpConnector,
    StreamingFuture, StreamingRequest,
};
use smithy_rt::event_stream::stream::{Body, BoxError};
use smithy_rt::operation::HttpRequest;

/// One pool for both kinds of request: a whole body (every operation but
/// those with an input event stream) or a streaming one.
type Inner = LegacyClient<HttpsConnector<TcpConnector>, Either<Full<Bytes>, Body>>;

/// Which HTTP versions a connector speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Versions {
    /// HTTP/2 or HTTP/1.1 as ALPN decides on TLS; HTTP/1.1 on plain TCP.
    Negotiated,
    /// HTTP/2 on every connection (h2c with prior knowledge on plain TCP).
    Http2Only,
}

/// The default [`HttpConnector`]: hyper + rustls, with a connection pool.
///
/// Cheap to clone; clones share the pool.
#[derive(Clone, Debug)]
pub struct HyperConnector {
    inner: Result<Inner, String>,
    connect_timeout: Duration,
}

impl HyperConnector {
    /// A connector whose TCP connects give up after `connect_timeout`.
    pub fn new(connect_timeout: Duration) -> Self {
        Self::build(connect_timeout, true, Versions::Negotiated)
    }

    /// Like [`new`](Self::new) but speaking HTTP/2 only: TLS connections
    /// offer only `h2` with ALPN, and plain `http` connections speak HTTP/2
    /// from their first byte (h2c with prior knowledge), as some local
    /// emulators of streaming services expect. A server that does not speak
    /// HTTP/2 cannot be reached with it.
    pub fn http2_only(connect_timeout: Duration) -> Self {
        Self::build(connect_timeout, true, Versions::Http2Only)
    }

    /// Like [`new`](Self::new) but accepting any server certificate (the
    /// AWS CLI's `--no-verify-ssl`): the TLS handshake's signatures are still
    /// checked, the certificate chain and host name are not. For test
    /// endpoints only; it defeats TLS's protection against impostors.
    pub fn without_certificate_verification(connect_timeout: Duration) -> Self {
        Self::build(connect_timeout, false, Versions::Negotiated)
    }

    fn build(connect_timeout: Duration, verify: bool, versions: Versions) -> Self {
        let inner = tls_config(verify).map(|tls| {
            let mut tcp = TcpConnector::new();
            tcp.enforce_http(false);
            tcp.set_nodelay(true);
            tcp.set_connect_timeout(Some(connect_timeout));
            let https = hyper_rustls::HttpsConnectorBuilder::new()
                .with_tls_config(tls)
                .https_or_http();
            let https = match versions {
                Versions::Negotiated => https.enable_http1().enable_http2().wrap_connector(tcp),
                Versions::Http2Only => https.enable_http2().wrap_connector(tcp),
            };
            LegacyClient::builder(TokioExecutor::new())
                .pool_timer(TokioTimer::new())
                .timer(TokioTimer::new())
                .pool_idle_timeout(Duration::from_secs(20))
                .http2_only(versions == Versions::Http2Only)
                .build(https)
        });
        Self {
            inner,
            connect_timeout,
        }
    }
}

fn tls_config(verify: bool) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    let mut config = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup failed: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    if !verify {
        config
            .dangerous()
            .set_certificate_verifier(Arc::new(AnyCertificate(provider)));
    }
    Ok(config)
}

/// Accepts every server certificate but still checks handshake signatures.
#[derive(Debug)]
struct AnyCertificate(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

impl HttpConnector for HyperConnector {
    fn call(&self, request: HttpRequest, settings: ConnectorSettings) -> ConnectorFuture<'_> {
        Box::pin(async move {
            let client = self
                .inner
                .as_ref()
                .map_err(|e| ConnectorError::other(e.clone(), None))?;
            let request = request.map(|body| Either::Left(Full::new(body)));
            let response = client
                .request(request)
                .await
                .map_err(|e| classify(e, self.connect_timeout))?;
            read_bounded(response, settings.max_response_body, |e| {
                ConnectorError::io(
                    format!("reading the response body failed: {}", describe(&e)),
                    None,
                )
            })
            .await
        })
    }

    /// The request body is polled by the connection as it can send it; the
    /// response is returned with its head, its body unread.
    fn call_streaming(
        &self,
        request: StreamingRequest,
        _settings: ConnectorSettings,
    ) -> StreamingFuture<'_> {
        Box::pin(async move {
            let client = self
                .inner
                .as_ref()
                .map_err(|e| ConnectorError::other(e.clone(), None))?;
            let response = client
                .request(request.map(Either::Right))
                .await
                .map_err(|e| classify(e, self.connect_timeout))?;
            Ok(response.map(|body| body.map_err(BoxError::from).boxed_unsync()))
        })
    }
}

fn classify(err: hyper_util::client::legacy::Error, connect_timeout: Duration) -> ConnectorError {
    let chain = || causes(&err);
    if err.is_connect() {
        let timed_out = chain().any(|e| {
            e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        });
        if timed_out {
            return ConnectorError::connect_timeout(connect_timeout);
        }
        return ConnectorError::connect(format!("connection failed: {}", describe(&err)), None);
    }
    let user_error = chain().any(|e| {
        e.downcast_ref::<hyper::Error>()
            .is_some_and(hyper::Error::is_user)
    });
    if user_error {
        return ConnectorError::other(
            format!("request rejected by the HTTP client: {}", describe(&err)),
            None,
        );
    }
    // A response that is not HTTP (a bad status line, bad headers) will not
    // get better by asking again: not retried.
    let malformed = chain().any(|e| {
        e.downcast_ref::<hyper::Error>()
            .is_some_and(|h| h.is_parse() || h.is_parse_status())
    });
    if malformed {
        return ConnectorError::other(
            format!("the response is not valid HTTP: {}", describe(&err)),
            None,
        );
    }
    ConnectorError::io(
        format!("connection failed during the exchange: {}", describe(&err)),
        None,
    )
}

/// The error and its causes, outermost first.
fn causes<'a>(
    err: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(err), |e: &&'a (dyn StdError + 'static)| (*e).source())
}

/// The error and all its causes, joined with `: ` (repeats dropped).
fn describe(err: &(dyn StdError + 'static)) -> String {
    let mut out = String::new();
    for e in causes(err) {
        let text = e.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
}
