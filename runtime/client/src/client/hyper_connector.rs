//! The default transport: hyper 1 (hyper-util's pooled client) over TCP,
//! with rustls (ring, Mozilla's root certificates from `webpki-roots`) for
//! `https` endpoints. Plain `http` works too, for local test servers.

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector as TcpConnector;
use hyper_util::client::legacy::Client as LegacyClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use super::connector::{ConnectorError, ConnectorFuture, ConnectorSettings, HttpConnector};
use smithy_rt::operation::{HttpRequest, HttpResponse};

type Inner = LegacyClient<HttpsConnector<TcpConnector>, Full<Bytes>>;

/// Largest buffer reserved up front from a `Content-Length`, whatever it says.
const MAX_PREALLOCATION: usize = 1 << 20;

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
        Self::build(connect_timeout, true)
    }

    /// Like [`new`](Self::new) but accepting any server certificate (the
    /// AWS CLI's `--no-verify-ssl`): the TLS handshake's signatures are still
    /// checked, the certificate chain and host name are not. For test
    /// endpoints only; it defeats TLS's protection against impostors.
    pub fn without_certificate_verification(connect_timeout: Duration) -> Self {
        Self::build(connect_timeout, false)
    }

    fn build(connect_timeout: Duration, verify: bool) -> Self {
        let inner = tls_config(verify).map(|tls| {
            let mut tcp = TcpConnector::new();
            tcp.enforce_http(false);
            tcp.set_nodelay(true);
            tcp.set_connect_timeout(Some(connect_timeout));
            let https = hyper_rustls::HttpsConnectorBuilder::new()
                .with_tls_config(tls)
                .https_or_http()
                .enable_http1()
                .wrap_connector(tcp);
            LegacyClient::builder(TokioExecutor::new())
                .pool_timer(TokioTimer::new())
                .pool_idle_timeout(Duration::from_secs(20))
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
            let request = request.map(Full::new);
            let response = client
                .request(request)
                .await
                .map_err(|e| classify(e, self.connect_timeout))?;
            read_bounded(response, settings.max_response_body).await
        })
    }
}

/// Reads the whole body, refusing to buffer more than `limit` bytes.
async fn read_bounded(
    response: http::Response<Incoming>,
    limit: usize,
) -> Result<HttpResponse, ConnectorError> {
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
    let mut buf = BytesMut::with_capacity(capacity);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            ConnectorError::io(
                format!("reading the response body failed: {}", describe(&e)),
                None,
            )
        })?;
        if let Ok(data) = frame.into_data() {
            if data.len() > limit - buf.len() {
                return Err(too_large());
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(http::Response::from_parts(parts, buf.freeze()))
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
