//! The rows issue 9 asks for, side by side in one run (`harness issue9`):
//!
//! 1. **Parse speed.** The generated client's `deserialize_output` of a 201 with 50
//!    `MemberError`s, and the generated server's `deserialize_request` of a 50-item
//!    BatchCreateRoomMembership, each against `serde_json::from_slice` into serde-derived structs
//!    (the floor); and the peak heap of each parse as a multiple of the body size, from a counting
//!    global allocator (below).
//! 2. **Server CPU.** BatchCreateRoomMembership (1 and 50 items) served on loopback by the
//!    generated server (`chime::server::ChimeService` through `smithy_server::serve`) and by a
//!    floor: a plain hyper HTTP/1.1 handler that parses the same body into serde-derived structs
//!    and answers the same bytes (201, `{"Errors":[]}`, the same headers). Each server runs on
//!    its own OS thread with a current-thread Tokio runtime, so all of its work (accept, hyper,
//!    routing, parsing, validation, the handler, the answer) is on that thread, whose CPU clock
//!    (`pthread_getcpuclockid`, nanoseconds) is read before and after each run. The load comes
//!    from a bare hyper client on the main thread sending pre-built request bytes, one connection
//!    sequentially or 16 connections at once, keep-alive.
//! 3. **Client floor.** The same bare hyper client, our `chime::Client` and aws-sdk-chime, each
//!    against the floor server; a client's CPU is the process's CPU clock less the server
//!    thread's, per request.
//!
//! The counting allocator wraps the system allocator for the whole harness binary; it counts
//! only while a peak is being measured (one relaxed atomic load per allocation otherwise).

use std::alloc::{GlobalAlloc, Layout, System};
use std::convert::Infallible;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use smithy_rt::operation::Operation;
use smithy_server::ServerOperation;

use crate::inputs;
use crate::report::{Check, Goal};
use crate::stats::{BenchSettings, Summary};

type Op = chime::operation::batch_create_room_membership::BatchCreateRoomMembership;

const PATH: &str = "/accounts/12a3456b-7c89-012d-3456-78901e23fg45/rooms/abcd1e2d-3e45-6789-01f2-3g45h67i890j/memberships?operation=batch-create";
const REQUEST_ID: &str = "8f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";

// ---------------------------------------------------------------- counting allocator

struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

fn count(delta: isize) {
    let now = CURRENT.fetch_add(delta, Ordering::Relaxed) + delta;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; the counters are plain atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            count(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        if COUNTING.load(Ordering::Relaxed) {
            count(-(layout.size() as isize));
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            count(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The most heap bytes live at once while `f` runs, its result included (it is dropped only
/// after the count stops). Call with no other thread allocating.
fn peak_heap<T>(f: impl FnOnce() -> T) -> usize {
    CURRENT.store(0, Ordering::SeqCst);
    PEAK.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    let v = black_box(f());
    COUNTING.store(false, Ordering::SeqCst);
    let peak = PEAK.load(Ordering::SeqCst).max(0) as usize;
    drop(v);
    peak
}

// ---------------------------------------------------------------- results

/// One parse routine: ns per parse and peak heap bytes.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ParseRow {
    pub key: String,
    pub label: String,
    pub ns: Summary,
    pub peak_bytes: usize,
}

/// One load scenario: who (server or client), items, concurrency.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LoadRow {
    /// `ours` / `floor` (servers); `bare` / `ours` / `aws` (clients).
    pub who: String,
    pub items: usize,
    pub concurrency: usize,
    pub rps: Summary,
    /// CPU per request of the measured side (µs).
    pub cpu_us: Summary,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Issue9Results {
    pub response_bytes: usize,
    pub request_bytes: usize,
    /// Rounds of the parse benchmarks (each a full warm-up + 40 samples).
    pub parse_rounds: usize,
    pub parse: Vec<ParseRow>,
    pub runs: usize,
    pub requests_sequential: u64,
    pub requests_concurrent: u64,
    pub servers: Vec<LoadRow>,
    pub clients: Vec<LoadRow>,
    pub seconds: f64,
    pub other_load: crate::machine::OtherLoad,
}

impl Issue9Results {
    fn parse(&self, key: &str) -> Option<&ParseRow> {
        self.parse.iter().find(|p| p.key == key)
    }
    fn server(&self, who: &str, items: usize, concurrency: usize) -> Option<&LoadRow> {
        self.servers
            .iter()
            .find(|s| s.who == who && s.items == items && s.concurrency == concurrency)
    }
    fn client(&self, who: &str, items: usize, concurrency: usize) -> Option<&LoadRow> {
        self.clients
            .iter()
            .find(|s| s.who == who && s.items == items && s.concurrency == concurrency)
    }
    fn parse_ratio(&self, ours: &str, floor: &str) -> Option<f64> {
        Some(self.parse(ours)?.ns.median / self.parse(floor)?.ns.median)
    }
}

// ---------------------------------------------------------------- floors

/// The server floor's request: serde-derived, the same wire shape.
#[derive(Deserialize)]
#[allow(dead_code)]
struct FloorRequest {
    #[serde(rename = "MembershipItemList")]
    membership_item_list: Vec<FloorRequestItem>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct FloorRequestItem {
    #[serde(rename = "MemberId")]
    member_id: Option<String>,
    #[serde(rename = "Role")]
    role: Option<FloorRole>,
}

#[derive(Deserialize)]
enum FloorRole {
    Administrator,
    Member,
    #[serde(other)]
    Unknown,
}

/// The server floor's parse: the body into derived structs, and the two URI labels copied as
/// the generated reader copies them.
#[allow(dead_code)]
struct FloorInput {
    account_id: String,
    room_id: String,
    body: FloorRequest,
}

fn floor_parse_request(labels: &[String], body: &[u8]) -> FloorInput {
    FloorInput {
        account_id: String::from(labels[0].as_str()),
        room_id: String::from(labels[1].as_str()),
        body: serde_json::from_slice(body).expect("the floor parses"),
    }
}

fn request_body(items: usize) -> Bytes {
    Op::serialize(&inputs::ours_input(items))
        .expect("serializes")
        .into_body()
}

fn server_request(body: Bytes) -> smithy_server::Request {
    let (parts, ()) = http::Request::builder()
        .method("POST")
        .uri(PATH)
        .header("content-type", "application/json")
        .body(())
        .unwrap()
        .into_parts();
    smithy_server::Request {
        parts,
        body,
        labels: vec![inputs::ACCOUNT_ID.into(), inputs::ROOM_ID.into()],
    }
}

// ---------------------------------------------------------------- 1. parse speed and heap

fn parse_section(quick: bool) -> (Vec<ParseRow>, usize, usize, usize) {
    let settings = if quick {
        BenchSettings::QUICK
    } else {
        BenchSettings::DEFAULT
    };
    let rounds = if quick { 1 } else { 5 };
    // The client: a 201 with 50 MemberErrors.
    let response = inputs::member_errors_body(50);
    let ok = http::Response::builder()
        .status(201)
        .header("content-type", "application/json")
        .header("x-amzn-requestid", REQUEST_ID)
        .body(smithy_rt::Bytes::from(response.clone()))
        .unwrap();
    let parsed = Op::deserialize_output(&ok).expect("parses");
    assert_eq!(parsed.errors.as_ref().map(Vec::len), Some(50));
    for (i, e) in parsed.errors.iter().flatten().enumerate() {
        let id = inputs::member_id(i);
        assert_eq!(e.member_id.as_deref(), Some(id.as_str()));
        let message = format!("The member {id} was not found in the account.");
        assert_eq!(e.error_message.as_deref(), Some(message.as_str()));
        assert!(e.error_code.is_some());
    }
    // The server: the 50-item request body our client sends.
    let body = request_body(50);
    let request = server_request(body.clone());
    let input = <Op as ServerOperation>::deserialize_request(&request).expect("parses");
    assert_eq!(input.membership_item_list.len(), 50);
    assert_eq!(input.account_id, inputs::ACCOUNT_ID);
    let floor = floor_parse_request(&request.labels, &body);
    assert_eq!(floor.body.membership_item_list.len(), 50);

    type Routine<'a> = (&'static str, &'static str, Box<dyn Fn(u64) + 'a>);
    let routines: Vec<Routine<'_>> = vec![
        (
            "client_floor",
            "response: serde_json::from_slice into derived structs (floor)",
            Box::new(|iters| {
                for _ in 0..iters {
                    let v: inputs::FloorOutput =
                        serde_json::from_slice(black_box(response.as_bytes())).unwrap();
                    black_box(v);
                }
            }),
        ),
        (
            "client_ours",
            "response: deserialize_output (generated client)",
            Box::new(|iters| {
                for _ in 0..iters {
                    black_box(Op::deserialize_output(black_box(&ok)).unwrap());
                }
            }),
        ),
        (
            "server_floor",
            "request: labels + serde_json::from_slice into derived structs (floor)",
            Box::new(|iters| {
                for _ in 0..iters {
                    black_box(floor_parse_request(
                        black_box(&request.labels),
                        black_box(&request.body),
                    ));
                }
            }),
        ),
        (
            "server_ours",
            "request: deserialize_request (generated server)",
            Box::new(|iters| {
                for _ in 0..iters {
                    black_box(
                        <Op as ServerOperation>::deserialize_request(black_box(&request)).unwrap(),
                    );
                }
            }),
        ),
    ];
    let mut medians: Vec<Vec<f64>> = vec![Vec::new(); routines.len()];
    for round in 0..rounds {
        for (i, (_, label, f)) in routines.iter().enumerate() {
            let s = cpu_bench(settings, f);
            eprintln!(
                "  round {}/{rounds} {label}: {:.0} ns (min {:.0}, max {:.0})",
                round + 1,
                s.median,
                s.min,
                s.max
            );
            medians[i].push(s.median);
        }
    }
    let peaks = [
        peak_heap(|| serde_json::from_slice::<inputs::FloorOutput>(response.as_bytes()).unwrap()),
        peak_heap(|| Op::deserialize_output(&ok).unwrap()),
        peak_heap(|| floor_parse_request(&request.labels, &request.body)),
        peak_heap(|| <Op as ServerOperation>::deserialize_request(&request).unwrap()),
    ];
    let rows = routines
        .iter()
        .zip(medians)
        .zip(peaks)
        .map(|(((key, label, _), m), peak_bytes)| ParseRow {
            key: (*key).into(),
            label: (*label).into(),
            ns: Summary::of(&m),
            peak_bytes,
        })
        .collect();
    (rows, response.len(), body.len(), rounds)
}

/// [`crate::stats::bench`] on this thread's CPU clock instead of the wall clock: on a shared
/// machine a sample preempted by another process is not charged for the time it waited.
fn cpu_bench(settings: BenchSettings, run: impl Fn(u64)) -> Summary {
    let now = || clock_ns(libc::CLOCK_THREAD_CPUTIME_ID);
    let start = now();
    let mut iters = 1u64;
    let mut per_iter = 0.0f64;
    let (warm_up, sample) = (
        settings.warm_up.as_nanos() as f64,
        settings.sample_time.as_nanos() as f64,
    );
    while now() - start < warm_up {
        let t = now();
        run(iters);
        let took = now() - t;
        per_iter = took / iters as f64;
        if took < sample / 4.0 {
            iters = iters.saturating_mul(2);
        }
    }
    let batch = if per_iter > 0.0 {
        ((sample / per_iter) as u64).max(1)
    } else {
        iters
    };
    let mut samples = Vec::with_capacity(settings.samples);
    for _ in 0..settings.samples {
        let t = now();
        run(batch);
        samples.push((now() - t) / batch as f64);
    }
    Summary::of(&samples)
}

// ---------------------------------------------------------------- servers on their own threads

fn process_cpu_ns() -> f64 {
    clock_ns(libc::CLOCK_PROCESS_CPUTIME_ID)
}

fn clock_ns(clock: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec to write to.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    ts.tv_sec as f64 * 1e9 + ts.tv_nsec as f64
}

/// A loopback server running on a thread of its own (kept until the process exits: an idle
/// current-thread runtime waits in epoll and uses no CPU).
struct ServerThread {
    port: u16,
    clock: libc::clockid_t,
}

impl ServerThread {
    fn cpu_ns(&self) -> f64 {
        clock_ns(self.clock)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ours,
    Floor,
}

fn start_server(kind: Kind) -> ServerThread {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name(match kind {
            Kind::Ours => "server-ours".into(),
            Kind::Floor => "server-floor".into(),
        })
        .spawn(move || {
            let mut clock: libc::clockid_t = 0;
            // SAFETY: the calling thread's own handle, a valid out pointer.
            unsafe { libc::pthread_getcpuclockid(libc::pthread_self(), &mut clock) };
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send((listener.local_addr().unwrap().port(), clock))
                    .unwrap();
                match kind {
                    Kind::Ours => {
                        let _ = smithy_server::serve(listener, ours_service()).await;
                    }
                    Kind::Floor => floor_serve(listener).await,
                }
            });
        })
        .expect("spawns the server thread");
    let (port, clock) = rx.recv().expect("the server starts");
    ServerThread { port, clock }
}

fn ours_service() -> smithy_server::Service<chime::server::ChimeService<()>> {
    use chime::operation::batch_create_room_membership::{
        BatchCreateRoomMembershipInput, BatchCreateRoomMembershipOutput,
    };
    chime::server::ChimeService::builder(())
        .batch_create_room_membership(
            |_: Arc<()>, input: BatchCreateRoomMembershipInput| async move {
                black_box(input);
                Ok(BatchCreateRoomMembershipOutput::builder()
                    .set_errors(Some(vec![]))
                    .build())
            },
        )
        .build_unchecked()
        .into_service()
}

/// The floor: hyper's HTTP/1.1 server as `smithy_server::serve` runs it (a task per
/// connection, nodelay, default settings), and a handler that reads the body, parses it into
/// derived structs and answers the generated server's bytes.
async fn floor_serve(listener: tokio::net::TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(floor_handler);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
    }
}

async fn floor_handler(
    req: http::Request<hyper::body::Incoming>,
) -> Result<http::Response<Full<Bytes>>, Infallible> {
    let parsed = match req.into_body().collect().await {
        Ok(body) => serde_json::from_slice::<FloorRequest>(&body.to_bytes()).ok(),
        Err(_) => None,
    };
    let Some(parsed) = parsed else {
        let mut r = http::Response::new(Full::new(Bytes::new()));
        *r.status_mut() = http::StatusCode::BAD_REQUEST;
        return Ok(r);
    };
    black_box(parsed);
    Ok(http::Response::builder()
        .status(201)
        .header("content-type", "application/json")
        .header("content-length", 13)
        .header("x-amzn-requestid", REQUEST_ID)
        .body(Full::new(Bytes::from_static(br#"{"Errors":[]}"#)))
        .unwrap())
}

// ---------------------------------------------------------------- the bare hyper client

/// A request as our client sent it: head and body, replayed as they are.
#[derive(Clone)]
struct Prebuilt {
    uri: http::Uri,
    headers: http::HeaderMap,
    body: Bytes,
}

impl Prebuilt {
    fn request(&self) -> http::Request<Full<Bytes>> {
        let mut r = http::Request::new(Full::new(self.body.clone()));
        *r.method_mut() = http::Method::POST;
        *r.uri_mut() = self.uri.clone();
        *r.headers_mut() = self.headers.clone();
        r
    }
}

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn connect(port: u16) -> Result<Sender, String> {
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .map_err(|e| e.to_string())?;
    let _ = stream.set_nodelay(true);
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// One request on a kept-alive connection; the answer read to its end.
async fn bare_call(sender: &mut Sender, req: &Prebuilt) -> Result<(), String> {
    sender.ready().await.map_err(|e| e.to_string())?;
    let resp = sender
        .send_request(req.request())
        .await
        .map_err(|e| e.to_string())?;
    if resp.status() != 201 {
        return Err(format!("status {}", resp.status()));
    }
    let body = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| e.to_string())?;
    black_box(body.to_bytes());
    Ok(())
}

/// `requests` calls over `concurrency` connections (one task each, each owning its connection
/// for the batch and handing it back at the end).
async fn bare_batch(
    senders: &mut Vec<Sender>,
    req: &Prebuilt,
    requests: u64,
) -> Result<(), String> {
    let per = requests / senders.len() as u64;
    let tasks: Vec<_> = senders
        .drain(..)
        .map(|mut s| {
            let req = req.clone();
            tokio::spawn(async move {
                for _ in 0..per {
                    bare_call(&mut s, &req).await?;
                }
                Ok::<Sender, String>(s)
            })
        })
        .collect();
    for t in tasks {
        senders.push(t.await.map_err(|e| e.to_string())??);
    }
    Ok(())
}

/// The requests our client sends for `items` items, captured by a server that answers 201.
async fn capture(items: usize) -> Result<Prebuilt, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let seen: Arc<Mutex<Option<Prebuilt>>> = Arc::default();
    let seen2 = Arc::clone(&seen);
    let server = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let svc = hyper::service::service_fn(move |req: http::Request<hyper::body::Incoming>| {
            let seen = Arc::clone(&seen2);
            async move {
                let (parts, body) = req.into_parts();
                let body = body
                    .collect()
                    .await
                    .map(|b| b.to_bytes())
                    .unwrap_or_default();
                *seen.lock().unwrap() = Some(Prebuilt {
                    uri: parts.uri,
                    headers: parts.headers,
                    body,
                });
                Ok::<_, Infallible>(
                    http::Response::builder()
                        .status(201)
                        .header("content-type", "application/json")
                        .body(Full::new(Bytes::from_static(br#"{"Errors":[]}"#)))
                        .unwrap(),
                )
            }
        });
        let _ = hyper::server::conn::http1::Builder::new()
            .serve_connection(TokioIo::new(stream), svc)
            .await;
    });
    let client = crate::load::ours_client(&format!("http://127.0.0.1:{port}"));
    client
        .batch_create_room_membership()
        .account_id(inputs::ACCOUNT_ID)
        .room_id(inputs::ROOM_ID)
        .set_membership_item_list(Some(inputs::ours(items)))
        .send()
        .await
        .map_err(|e| format!("{e:?}"))?;
    drop(client);
    server.abort();
    let got = seen.lock().unwrap().take();
    got.ok_or_else(|| "nothing captured".into())
}

// ---------------------------------------------------------------- 2 and 3: load

#[derive(Clone, Copy, PartialEq, Eq)]
enum ClientKind {
    Bare,
    Ours,
    Aws,
}

impl ClientKind {
    fn name(self) -> &'static str {
        match self {
            ClientKind::Bare => "bare",
            ClientKind::Ours => "ours",
            ClientKind::Aws => "aws",
        }
    }
}

/// One measured run: (wall seconds, server-thread CPU ns, process CPU ns).
struct Measured {
    wall_s: f64,
    server_ns: f64,
    process_ns: f64,
}

async fn measured<F, Fut>(server: &ServerThread, run: F) -> Result<Measured, String>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let (s0, p0, t0) = (server.cpu_ns(), process_cpu_ns(), Instant::now());
    run().await?;
    let wall_s = t0.elapsed().as_secs_f64();
    Ok(Measured {
        wall_s,
        server_ns: server.cpu_ns() - s0,
        process_ns: process_cpu_ns() - p0,
    })
}

/// `requests` calls through an SDK client, `concurrency` tasks at a time.
async fn sdk_batch(
    kind: ClientKind,
    ours: &chime::Client,
    aws: &aws_sdk_chime::Client,
    items: usize,
    concurrency: usize,
    requests: u64,
) -> Result<(), String> {
    let per = requests / concurrency as u64;
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (ours, aws) = (ours.clone(), aws.clone());
        let (ours_list, aws_list) = match kind {
            ClientKind::Ours => (inputs::ours(items), Vec::new()),
            _ => (Vec::new(), inputs::aws(items)),
        };
        tasks.push(tokio::spawn(async move {
            for _ in 0..per {
                match kind {
                    ClientKind::Ours => ours
                        .batch_create_room_membership()
                        .account_id(inputs::ACCOUNT_ID)
                        .room_id(inputs::ROOM_ID)
                        .set_membership_item_list(Some(ours_list.clone()))
                        .send()
                        .await
                        .map(|_| ())
                        .map_err(|e| format!("{e:?}"))?,
                    _ => aws
                        .batch_create_room_membership()
                        .account_id(inputs::ACCOUNT_ID)
                        .room_id(inputs::ROOM_ID)
                        .set_membership_item_list(Some(aws_list.clone()))
                        .send()
                        .await
                        .map(|_| ())
                        .map_err(|e| format!("{e:?}"))?,
                }
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    Ok(())
}

/// Checks that both servers answer the same bytes (status, header names, body; the request id
/// differs) and that the generated server is really the one answering.
async fn check_answers(
    ours: &ServerThread,
    floor: &ServerThread,
    req: &Prebuilt,
) -> Result<(), String> {
    let mut seen = Vec::new();
    for s in [ours, floor] {
        let mut sender = connect(s.port).await?;
        sender.ready().await.map_err(|e| e.to_string())?;
        let resp = sender
            .send_request(req.request())
            .await
            .map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let mut names: Vec<String> = resp
            .headers()
            .keys()
            .map(|k| k.as_str().to_owned())
            .collect();
        names.sort();
        let body = resp
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?;
        seen.push((status, names, body.to_bytes()));
    }
    if seen[0] != seen[1] || seen[0].0 != 201 || &seen[0].2[..] != br#"{"Errors":[]}"# {
        return Err(format!("the servers answer differently: {seen:?}"));
    }
    Ok(())
}

fn summarize(who: &str, items: usize, concurrency: usize, runs: &[(f64, f64)]) -> LoadRow {
    let rps: Vec<f64> = runs.iter().map(|r| r.0).collect();
    let cpu: Vec<f64> = runs.iter().map(|r| r.1).collect();
    LoadRow {
        who: who.into(),
        items,
        concurrency,
        rps: Summary::of(&rps),
        cpu_us: Summary::of(&cpu),
    }
}

type LoadRows = (Vec<LoadRow>, Vec<LoadRow>);

fn load_section(runs: usize, seq: u64, conc: u64) -> Result<LoadRows, String> {
    let ours_server = start_server(Kind::Ours);
    let floor_server = start_server(Kind::Floor);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let prebuilt = [capture(1).await?, capture(50).await?];
        for p in &prebuilt {
            check_answers(&ours_server, &floor_server, p).await?;
        }
        let floor_endpoint = format!("http://127.0.0.1:{}", floor_server.port);
        let ours_client = crate::load::ours_client(&floor_endpoint);
        let aws_client = crate::load::aws_client(&floor_endpoint).await;
        let servers_kinds = [(Kind::Ours, &ours_server, "ours"), (Kind::Floor, &floor_server, "floor")];
        let clients_kinds = [ClientKind::Bare, ClientKind::Ours, ClientKind::Aws];
        // (who, items, concurrency) -> per run (req/s, µs CPU per request)
        let mut server_runs: Vec<((&str, usize, usize), Vec<(f64, f64)>)> = Vec::new();
        let mut client_runs: Vec<((&str, usize, usize), Vec<(f64, f64)>)> = Vec::new();
        for run in 0..runs {
            for concurrency in [1usize, 16] {
                let requests = if concurrency == 1 { seq } else { conc };
                for (idx, items) in [1usize, 50].into_iter().enumerate() {
                    let req = &prebuilt[idx];
                    // 2. Each server under the bare client.
                    for (_, server, who) in &servers_kinds {
                        let mut senders = Vec::with_capacity(concurrency);
                        for _ in 0..concurrency {
                            senders.push(connect(server.port).await?);
                        }
                        bare_batch(&mut senders, req, (requests / 10).max(100)).await?;
                        let m = measured(server, || bare_batch(&mut senders, req, requests)).await?;
                        let per = (requests / concurrency as u64 * concurrency as u64) as f64;
                        let (rps, cpu) = (per / m.wall_s, m.server_ns / 1e3 / per);
                        eprintln!(
                            "  run {}/{runs} server {who:>5} items={items:>2} concurrency={concurrency:>2}: {rps:>7.0} req/s, {cpu:>6.1} us server CPU/req",
                            run + 1
                        );
                        push(&mut server_runs, (*who, items, concurrency), (rps, cpu));
                    }
                    // 3. Each client against the floor server.
                    for kind in clients_kinds {
                        let who = kind.name();
                        let m = if kind == ClientKind::Bare {
                            let mut senders = Vec::with_capacity(concurrency);
                            for _ in 0..concurrency {
                                senders.push(connect(floor_server.port).await?);
                            }
                            bare_batch(&mut senders, req, (requests / 10).max(100)).await?;
                            measured(&floor_server, || bare_batch(&mut senders, req, requests)).await?
                        } else {
                            let warm = (requests / 10).max(100);
                            sdk_batch(kind, &ours_client, &aws_client, items, concurrency, warm).await?;
                            measured(&floor_server, || {
                                sdk_batch(kind, &ours_client, &aws_client, items, concurrency, requests)
                            })
                            .await?
                        };
                        let per = (requests / concurrency as u64 * concurrency as u64) as f64;
                        let rps = per / m.wall_s;
                        let cpu = (m.process_ns - m.server_ns) / 1e3 / per;
                        eprintln!(
                            "  run {}/{runs} client {who:>5} items={items:>2} concurrency={concurrency:>2}: {rps:>7.0} req/s, {cpu:>6.1} us client CPU/req",
                            run + 1
                        );
                        push(&mut client_runs, (who, items, concurrency), (rps, cpu));
                    }
                }
            }
        }
        let rows = |v: Vec<((&str, usize, usize), Vec<(f64, f64)>)>| -> Vec<LoadRow> {
            v.into_iter()
                .map(|((who, items, c), r)| summarize(who, items, c, &r))
                .collect()
        };
        Ok((rows(server_runs), rows(client_runs)))
    })
}

fn push<'a>(
    v: &mut Vec<((&'a str, usize, usize), Vec<(f64, f64)>)>,
    key: (&'a str, usize, usize),
    value: (f64, f64),
) {
    match v.iter_mut().find(|(k, _)| *k == key) {
        Some((_, runs)) => runs.push(value),
        None => v.push((key, vec![value])),
    }
}

/// Runs the whole section.
pub fn run(runs: usize, quick: bool) -> Result<Issue9Results, String> {
    let snapshot = crate::machine::Snapshot::take();
    let started = Instant::now();
    eprintln!("-- parse speed and peak heap");
    let (parse, response_bytes, request_bytes, parse_rounds) = parse_section(quick);
    let (seq, conc) = if quick { (500, 1_000) } else { (4_000, 8_000) };
    eprintln!("-- servers and clients on loopback");
    let (servers, clients) = load_section(runs, seq, conc)?;
    Ok(Issue9Results {
        response_bytes,
        request_bytes,
        parse_rounds,
        parse,
        runs,
        requests_sequential: seq,
        requests_concurrent: conc,
        servers,
        clients,
        seconds: started.elapsed().as_secs_f64(),
        other_load: snapshot.other_load(),
    })
}

// ---------------------------------------------------------------- report

/// The section's targets, for the summary table.
pub fn checks(r: &crate::Results, out: &mut Vec<Check>) {
    let i = r.issue9.as_ref();
    let pending = || Some("section `issue9` not run".to_owned());
    let mut push = |name: String, short: String, value: Option<f64>, target: f64| {
        out.push(Check {
            name,
            short,
            value,
            goal: Goal::AtMost,
            target,
            unit: "",
            pending: value.is_none().then(pending).flatten(),
        });
    };
    push(
        "Response parsing, 201 with 50 MemberErrors: deserialize_output / serde_json floor".into(),
        "Parse response vs serde_json".into(),
        i.and_then(|i| i.parse_ratio("client_ours", "client_floor")),
        1.2,
    );
    push(
        "Request parsing, 50 items: server deserialize_request / serde_json floor".into(),
        "Parse request vs serde_json".into(),
        i.and_then(|i| i.parse_ratio("server_ours", "server_floor")),
        1.2,
    );
    for (key, what) in [
        ("client_ours", "deserialize_output"),
        ("server_ours", "deserialize_request"),
    ] {
        let body = |i: &Issue9Results| {
            if key == "client_ours" {
                i.response_bytes
            } else {
                i.request_bytes
            }
        };
        push(
            format!("Peak heap of {what} / body size"),
            format!("Peak heap, {what}"),
            i.and_then(|i| Some(i.parse(key)?.peak_bytes as f64 / body(i) as f64)),
            4.0,
        );
    }
    for concurrency in [1usize, 16] {
        for items in [1usize, 50] {
            let how = if concurrency == 1 {
                "sequential".to_owned()
            } else {
                format!("{concurrency} concurrent")
            };
            push(
                format!(
                    "Server CPU per request, {items} item(s), {how}: generated server / hyper + serde floor"
                ),
                format!("Server CPU, {items} item(s), {how}"),
                i.and_then(|i| {
                    Some(
                        i.server("ours", items, concurrency)?.cpu_us.median
                            / i.server("floor", items, concurrency)?.cpu_us.median,
                    )
                }),
                1.3,
            );
        }
    }
}

/// The section of BENCHMARKS.md.
pub fn markdown(w: &mut String, r: &crate::Results) {
    use std::fmt::Write as _;
    let Some(i) = &r.issue9 else {
        return;
    };
    let range = |s: &Summary, d: usize| format!("{:.d$} ({:.d$}–{:.d$})", s.median, s.min, s.max);
    let _ = writeln!(
        w,
        "\n## Issue 9: parse speed, the generated server, and the client's hyper floor\n"
    );
    let _ = writeln!(
        w,
        "Measured together in {:.0} s by\n\n```sh\n{}\n```\n\n(section `issue9`, run niced on the \
         shared machine). Other processes on the machine used {:.0} CPU-s meanwhile ({:.0}% of the {} cores{}); every figure is the median \
         of the runs, minimum–maximum in parentheses.\n",
        i.seconds,
        r.command,
        i.other_load.cpu_seconds,
        i.other_load.cpu_seconds / i.seconds.max(1e-9)
            / r.machine.as_ref().map_or(2, |m| m.cores.max(1)) as f64
            * 100.0,
        r.machine.as_ref().map_or(2, |m| m.cores),
        if i.other_load.top.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = i
                .other_load
                .top
                .iter()
                .map(|(n, c)| format!("{n} {c:.0} s"))
                .collect();
            format!("; busiest: {}", names.join(", "))
        }
    );

    let _ = writeln!(w, "### Parse speed and peak heap\n");
    let _ = writeln!(
        w,
        "In process, hand-rolled loop timed on the thread's CPU clock (`CLOCK_THREAD_CPUTIME_ID`, so \
         time spent preempted by other processes is not counted); {} round(s), each a warm-up and \
         40 samples of ~25 ms CPU per routine, the routines alternating; ns of CPU per parse is \
         the median of the rounds' medians. The \
         response is a 201 with 50 `MemberError`s ({} bytes) read by the generated client's \
         `deserialize_output` (a streaming reader); the request is the 50-item \
         BatchCreateRoomMembership body our client sends ({} bytes) read by \
         `<BatchCreateRoomMembership as smithy_server::ServerOperation>::deserialize_request` (two \
         URI labels and the body). Floors: `serde_json::from_slice` into serde-derived structs of \
         the same shape (string enums with a catch-all; the request floor also copies the two \
         labels). Peak heap: the most bytes live at once during one parse, result included, \
         counted by a global allocator wrapping the system's.\n",
        i.parse_rounds, i.response_bytes, i.request_bytes
    );
    let _ = writeln!(w, "| routine | ns | / floor | peak heap | / body |");
    let _ = writeln!(w, "|---|---:|---:|---:|---:|");
    for p in &i.parse {
        let (floor, body) = if p.key.starts_with("client") {
            (i.parse("client_floor"), i.response_bytes)
        } else {
            (i.parse("server_floor"), i.request_bytes)
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} B | {:.2}× |",
            p.label,
            range(&p.ns, 0),
            floor.map_or(String::new(), |f| format!(
                "{:.2}×",
                p.ns.median / f.ns.median
            )),
            p.peak_bytes,
            p.peak_bytes as f64 / body as f64
        );
    }

    let _ = writeln!(
        w,
        "\n### The generated server against a hyper + serde floor\n"
    );
    let _ = writeln!(
        w,
        "BatchCreateRoomMembership on 127.0.0.1. Ours: `chime::server::ChimeService` with a handler \
         answering an empty `Errors` list, served by `smithy_server::serve` (routing, body limit, \
         content-type and accept checks, request reader, validation, handler, response writer, \
         request id, tracing span with no subscriber). Floor: hyper's HTTP/1.1 server the same way \
         (a task per connection, nodelay), whose handler collects the body, parses it with \
         `serde_json::from_slice` into derived structs and answers the same bytes (201, \
         `content-type`, `content-length`, `x-amzn-requestid`, `{{\"Errors\":[]}}`; checked before \
         measuring). Each server has an OS thread and a current-thread Tokio runtime of its own; its \
         CPU is that thread's clock (`pthread_getcpuclockid`, ns) over the measured requests. The \
         load: a bare hyper client on the harness's main thread replaying the request our client \
         sends (captured once, SigV4 headers included) on keep-alive connections, one connection \
         ({} requests) or 16 connections at once ({} requests), after a warm-up of a tenth; {} runs, \
         the servers alternating.\n",
        i.requests_sequential, i.requests_concurrent, i.runs
    );
    let _ = writeln!(
        w,
        "| items | connections | requests/s ours | requests/s floor | server CPU µs/request ours | floor | ours / floor |"
    );
    let _ = writeln!(w, "|---:|---:|---:|---:|---:|---:|---:|");
    for concurrency in [1usize, 16] {
        for items in [1usize, 50] {
            if let (Some(o), Some(f)) = (
                i.server("ours", items, concurrency),
                i.server("floor", items, concurrency),
            ) {
                let _ = writeln!(
                    w,
                    "| {items} | {concurrency} | {} | {} | {} | {} | {:.2}× |",
                    range(&o.rps, 0),
                    range(&f.rps, 0),
                    range(&o.cpu_us, 1),
                    range(&f.cpu_us, 1),
                    o.cpu_us.median / f.cpu_us.median
                );
            }
        }
    }

    let _ = writeln!(
        w,
        "\n### Client CPU per request against a bare hyper client\n"
    );
    let _ = writeln!(
        w,
        "The three clients against the floor server above, each on the harness's main thread \
         (current-thread Tokio runtime, one task per concurrent caller): the bare hyper client \
         replaying the captured request bytes on keep-alive, our `chime::Client` and aws-sdk-chime \
         (+ aws-config) configured as in section 1, each call built through the fluent builder. A \
         client's CPU is the process's CPU clock less the server thread's, per request. The last \
         column is section 1's ratio (separate client processes, the blocking loopback server), \
         where that section has been run.\n"
    );
    let _ = writeln!(
        w,
        "| items | concurrency | bare hyper µs | ours µs | aws-sdk-chime µs | ours / bare | aws / bare | ours / aws | ours / aws (section 1) |"
    );
    let _ = writeln!(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for concurrency in [1usize, 16] {
        for items in [1usize, 50] {
            let (Some(b), Some(o), Some(a)) = (
                i.client("bare", items, concurrency),
                i.client("ours", items, concurrency),
                i.client("aws", items, concurrency),
            ) else {
                continue;
            };
            let section1 = r.load.as_ref().and_then(|l| {
                let find = |sdk| {
                    l.scenarios
                        .iter()
                        .find(|s| s.sdk == sdk && s.items == items && s.concurrency == concurrency)
                };
                Some(
                    find(crate::load::Sdk::Ours)?.cpu_us.median
                        / find(crate::load::Sdk::Aws)?.cpu_us.median,
                )
            });
            let _ = writeln!(
                w,
                "| {items} | {concurrency} | {} | {} | {} | {:.2}× | {:.2}× | {:.2}× | {} |",
                range(&b.cpu_us, 1),
                range(&o.cpu_us, 1),
                range(&a.cpu_us, 1),
                o.cpu_us.median / b.cpu_us.median,
                a.cpu_us.median / b.cpu_us.median,
                o.cpu_us.median / a.cpu_us.median,
                section1.map_or("not run".into(), |v| format!("{v:.2}×"))
            );
        }
    }
    let _ = writeln!(
        w,
        "\n| items | concurrency | requests/s bare | ours | aws-sdk-chime |"
    );
    let _ = writeln!(w, "|---:|---:|---:|---:|---:|");
    for concurrency in [1usize, 16] {
        for items in [1usize, 50] {
            if let (Some(b), Some(o), Some(a)) = (
                i.client("bare", items, concurrency),
                i.client("ours", items, concurrency),
                i.client("aws", items, concurrency),
            ) {
                let _ = writeln!(
                    w,
                    "| {items} | {concurrency} | {} | {} | {} |",
                    range(&b.rps, 0),
                    range(&o.rps, 0),
                    range(&a.rps, 0)
                );
            }
        }
    }
}
