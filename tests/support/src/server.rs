//! Servers on 127.0.0.1 started by each test: a hyper server whose answers
//! a closure decides, and a raw TCP server for transport faults hyper would
//! not produce (resets, truncated or endless bodies).

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Captured {
    pub method: String,
    /// Path and query, as sent.
    pub uri: String,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

impl Captured {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// What the hyper server does with a request.
pub enum Reply {
    Respond(http::Response<Bytes>),
    /// Accept the request and never answer.
    Hang,
}

/// A response with a JSON body and a request id.
pub fn json(status: u16, body: &str) -> Reply {
    let response = http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("x-amzn-RequestId", format!("req-{status}"))
        .body(Bytes::copy_from_slice(body.as_bytes()))
        .expect("valid response");
    Reply::Respond(response)
}

type Handler = dyn Fn(&Captured, usize) -> Reply + Send + Sync;

/// A hyper HTTP/1 server; the handler gets each request and its 0-based index.
pub struct TestServer {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Captured>>>,
}

impl TestServer {
    pub async fn start(
        handler: impl Fn(&Captured, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let requests: Arc<Mutex<Vec<Captured>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let recorded = requests.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handler = handler.clone();
                let recorded = recorded.clone();
                let service = service_fn(move |request: http::Request<hyper::body::Incoming>| {
                    let handler = handler.clone();
                    let recorded = recorded.clone();
                    async move {
                        let (parts, body) = request.into_parts();
                        let body = body
                            .collect()
                            .await
                            .map(|b| b.to_bytes())
                            .unwrap_or_default();
                        let captured = Captured {
                            method: parts.method.to_string(),
                            uri: parts
                                .uri
                                .path_and_query()
                                .map_or("/", |pq| pq.as_str())
                                .to_owned(),
                            headers: parts.headers,
                            body,
                        };
                        let index = {
                            let mut list = recorded.lock().unwrap();
                            list.push(captured.clone());
                            list.len() - 1
                        };
                        match handler(&captured, index) {
                            Reply::Respond(response) => {
                                Ok::<_, Infallible>(response.map(Full::new))
                            }
                            Reply::Hang => {
                                tokio::time::sleep(Duration::from_secs(3600)).await;
                                Ok(http::Response::new(Full::new(Bytes::new())))
                            }
                        }
                    }
                });
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { addr, requests }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Captured> {
        self.requests.lock().unwrap().clone()
    }
}

/// What the raw server does after reading a request.
#[derive(Clone, Debug)]
pub enum RawAction {
    /// Close with a TCP reset.
    Reset,
    /// Write these bytes, then close.
    Write(Vec<u8>),
    /// Keep the connection open and never write.
    Hang,
}

/// A raw TCP server that reads one request per connection and then does
/// what the closure says for that request's 0-based index.
pub struct RawServer {
    pub addr: SocketAddr,
    hits: Arc<AtomicUsize>,
}

impl RawServer {
    pub async fn start(action: impl Fn(usize) -> RawAction + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        let action = Arc::new(action);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let counter = counter.clone();
                let action = action.clone();
                tokio::spawn(async move {
                    if read_request(&mut stream).await.is_none() {
                        return;
                    }
                    let index = counter.fetch_add(1, Ordering::SeqCst);
                    match action(index) {
                        RawAction::Reset => {
                            let _ = stream.set_zero_linger();
                            drop(stream);
                        }
                        RawAction::Write(bytes) => {
                            let _ = stream.write_all(&bytes).await;
                            let _ = stream.shutdown().await;
                        }
                        RawAction::Hang => {
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                        }
                    }
                });
            }
        });
        Self { addr, hits }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests read so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// Reads one request (head and `Content-Length` body); `None` on EOF.
async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 1 << 20 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Some(buf)
}
