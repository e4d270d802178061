//! The emulator on the wire: the generated Chime server with every handler
//! registered, behind what a real endpoint does first — a bounded body,
//! SigV4 verification and, when asked for, injected faults and latency.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use chime::server::ChimeService;
use http_body_util::{BodyExt, Full, Limited};

use crate::auth::Keys;
use crate::config::{Config, Fault};
use crate::Emulator;

/// The generated service with all 62 handlers of [`crate::ops`].
pub type EmulatorService = smithy_server::Service<ChimeService<Emulator>>;

/// Builds the service on `state` (every operation has a handler, so the
/// builder's check cannot fail; it is still reported as an error).
pub fn service(
    state: Arc<Emulator>,
    max_body_bytes: usize,
) -> Result<EmulatorService, smithy_server::MissingHandlers> {
    let builder = ChimeService::builder_shared(state);
    macro_rules! register {
        ($(($handler:ident, $op:ident)),* $(,)?) => {
            builder $(.$handler(crate::ops::$handler))*
        };
    }
    let builder = crate::for_each_operation!(register);
    Ok(builder
        .build()?
        .into_service_with(smithy_server::ServerConfig { max_body_bytes }))
}

/// What sits in front of the service: keys to verify with (`None`: no
/// auth), fault injection and latency.
#[derive(Clone)]
pub struct Front {
    /// The service.
    pub service: EmulatorService,
    /// Signature keys, or `None` with `--no-auth`.
    pub keys: Option<Arc<Keys>>,
    /// Options for faults, latency and the body limit.
    pub config: Arc<Config>,
}

fn error(status: u16, kind: &str, code: &str, message: &str) -> http::Response<Bytes> {
    let body = serde_json::json!({ "Code": code, "Message": message }).to_string();
    http::Response::builder()
        .status(status)
        .header("x-amzn-errortype", kind)
        .header("content-type", "application/json")
        .body(Bytes::from(body))
        .unwrap_or_else(|_| http::Response::new(Bytes::new()))
}

impl Front {
    /// Answers one request whose body is in memory.
    pub async fn answer(&self, request: http::Request<Bytes>) -> http::Response<Bytes> {
        if let Some(keys) = &self.keys {
            let (parts, body) = request.into_parts();
            if let Err(e) = crate::auth::verify(&parts, &body, keys, SystemTime::now()) {
                tracing::info!(status = 403, "refused: {e}");
                return error(403, "ForbiddenException", "Forbidden", &e.to_string());
            }
            return self
                .after_auth(http::Request::from_parts(parts, body))
                .await;
        }
        self.after_auth(request).await
    }

    async fn after_auth(&self, request: http::Request<Bytes>) -> http::Response<Bytes> {
        if let Some(latency) = self.config.latency {
            tokio::time::sleep(latency).await;
        }
        let fault = self.config.pick_fault();
        if let Some(f) = fault {
            // Logged like every other answer, so a client's retries can be seen in the log.
            let status = if f == Fault::Unavailable { 503 } else { 429 };
            tracing::info!(status, "injected fault (--fail-rate)");
        }
        match fault {
            Some(Fault::Unavailable) => {
                return error(
                    503,
                    "ServiceUnavailableException",
                    "ServiceUnavailable",
                    "injected fault (--fail-rate)",
                )
            }
            Some(Fault::Throttled) => {
                return error(
                    429,
                    "ThrottledClientException",
                    "Throttled",
                    "injected fault (--fail-rate)",
                )
            }
            None => {}
        }
        self.service.call_bytes(request).await
    }
}

/// Serves the emulator on `listener` until the future is dropped.
pub async fn serve(listener: tokio::net::TcpListener, front: Front) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        let _ = stream.set_nodelay(true);
        let front = front.clone();
        tokio::spawn(async move {
            let io = hyper_util::rt::TokioIo::new(stream);
            let svc =
                hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    let front = front.clone();
                    async move {
                        let limit = front.config.max_body_bytes;
                        let (parts, body) = req.into_parts();
                        let response = match Limited::new(body, limit).collect().await {
                            Ok(body) => {
                                front
                                    .answer(http::Request::from_parts(parts, body.to_bytes()))
                                    .await
                            }
                            Err(_) => error(
                                413,
                                "PayloadTooLargeException",
                                "BadRequest",
                                &format!("the request body is larger than {limit} bytes"),
                            ),
                        };
                        Ok::<_, Infallible>(response.map(Full::new))
                    }
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

/// Starts the emulator that `config` describes on `127.0.0.1` (a free port)
/// from a thread of its own with a two-worker Tokio runtime, verifying
/// SigV4 with `keys` (`None`: no authentication, as `--no-auth`), and
/// returns its endpoint, `http://127.0.0.1:PORT`, once it accepts
/// connections. For tests that want a Chime in their own process (the way
/// moto's threaded server is used); it serves until the process ends.
/// `config.listen` is ignored.
pub fn spawn_local(config: Config, keys: Option<Keys>) -> Result<String, String> {
    let prepared = config.prepare()?;
    let service = service(Arc::clone(&prepared.emulator), config.max_body_bytes)
        .map_err(|e| e.to_string())?;
    let front = Front {
        service,
        keys: keys.map(Arc::new),
        config: Arc::new(config),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("chime-emulator".to_owned())
        .spawn(move || {
            let started = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .map_err(|e| format!("cannot start a Tokio runtime: {e}"));
            let rt = match started {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            rt.block_on(async move {
                let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
                    Ok(l) => l,
                    Err(e) => {
                        let _ = tx.send(Err(format!("cannot listen on 127.0.0.1: {e}")));
                        return;
                    }
                };
                let _ = tx.send(
                    listener
                        .local_addr()
                        .map_err(|e| format!("cannot read the bound address: {e}")),
                );
                let _ = serve(listener, front).await;
            });
        })
        .map_err(|e| format!("cannot start the emulator's thread: {e}"))?;
    let addr = rx
        .recv()
        .map_err(|_| "the emulator's thread stopped before listening".to_owned())??;
    Ok(format!("http://{addr}"))
}
