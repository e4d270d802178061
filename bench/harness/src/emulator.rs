//! The emulator (`chime-emulator`) on loopback: requests/s and server CPU per request for
//! GetRoom and for BatchCreateRoomMembership with 50 items, with durable commits (a file-backed
//! store: WAL, `synchronous=FULL`), against a floor: the same SQLite transaction run directly
//! through the emulator's `Store`, without HTTP.
//!
//! The emulator runs in this process on its own current-thread runtime, so everything the server
//! does for a request (accept, HTTP/1.1, SigV4, routing, parsing, validation, the handler,
//! SQLite, the commit's fsync, serialization) happens on one thread, whose CPU time is read from
//! `/proc/self/task/<tid>/schedstat` (nanoseconds) before and after each run. The client (our
//! generated `chime::Client`, one request at a time) runs on the harness's main thread.
//!
//! Where the time goes is measured piece by piece on the main thread, each as CPU per request:
//! the service without HTTP or auth (`Front::answer` on a request already in memory), SigV4
//! verification alone, the handler alone, the floor, and the floor on an in-memory store (no
//! file I/O, no fsync). The differences give HTTP, parsing/validation/serialization, the
//! handler's own overhead, and file I/O + fsync.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use bytes::Bytes;
use chime::types::MembershipItem;
use chime_emulator::auth::{self, Keys};
use chime_emulator::config::Config;
use chime_emulator::http::{serve, service, Front};
use chime_emulator::{ops, seed, Emulator, Options, Store};
use clap::Parser;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::stats::Summary;

const KEY: &str = "AKIDBENCHEMULATOR";
const SECRET: &str = "bench/emulator/secret";
const ACCOUNT: &str = "be0c0000-0000-4000-8000-000000000001";
const ITEMS: usize = 50;
/// Rooms seeded per store: every batch goes to a room of its own, so each of its 50 items is a
/// new membership (an insert), never a no-op.
const ROOMS: usize = 40_000;

/// One operation: over HTTP, and the pieces.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EmuRow {
    pub operation: String,
    /// Requests per second, one client, one request at a time.
    pub rps: Summary,
    /// CPU of the emulator's thread per request over HTTP (µs).
    pub server_cpu_us: Summary,
    /// The same SQLite transaction through `Store`, file-backed (µs CPU).
    pub floor_cpu_us: Summary,
    /// CPU per request of each piece (µs): (label, summary).
    pub pieces: Vec<(String, Summary)>,
}

impl EmuRow {
    pub fn ratio(&self) -> f64 {
        self.server_cpu_us.median / self.floor_cpu_us.median
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EmulatorResults {
    pub rows: Vec<EmuRow>,
    /// How long each measured run lasted (s), and how many runs.
    pub run_seconds: f64,
    pub runs: usize,
}

fn gettid() -> i32 {
    // SAFETY: gettid has no preconditions.
    unsafe { libc::syscall(libc::SYS_gettid) as i32 }
}

/// CPU time of thread `tid` of this process, in nanoseconds.
fn thread_cpu_ns(tid: i32) -> f64 {
    if let Ok(s) = std::fs::read_to_string(format!("/proc/self/task/{tid}/schedstat")) {
        if let Some(ns) = s
            .split_whitespace()
            .next()
            .and_then(|v| v.parse::<f64>().ok())
        {
            return ns;
        }
    }
    // Without schedstat: utime + stime in clock ticks.
    let stat = std::fs::read_to_string(format!("/proc/self/task/{tid}/stat")).unwrap_or_default();
    let fields: Vec<f64> = stat
        .rsplit_once(')')
        .map(|(_, rest)| {
            rest.split_whitespace()
                .filter_map(|f| f.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let ticks = fields.get(10).copied().unwrap_or(0.0) + fields.get(11).copied().unwrap_or(0.0);
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    ticks * 1e9 / hz
}

fn user_id(i: usize) -> String {
    format!("be0c0000-0000-4000-8000-{i:012}")
}

fn room_id(i: usize) -> String {
    format!("be0c0000-0000-4000-9000-{i:012}")
}

/// An Enterprise account with 50 users and [`ROOMS`] empty rooms.
fn seed_store(emu: &Emulator) -> Result<(), String> {
    let users: Vec<serde_json::Value> = (0..ITEMS)
        .map(|i| {
            serde_json::json!({ "id": user_id(i), "email": format!("u{i}@example.com"), "displayName": format!("User {i}") })
        })
        .collect();
    let rooms: Vec<serde_json::Value> = (0..ROOMS)
        .map(|i| serde_json::json!({ "id": room_id(i), "name": format!("room {i}") }))
        .collect();
    let text = serde_json::json!({ "accounts": [{
        "id": ACCOUNT, "name": "Bench", "type": "EnterpriseLWA", "users": users, "rooms": rooms
    }]})
    .to_string();
    let s = seed::parse(&text).map_err(|e| e.to_string())?;
    seed::apply(emu, &s).map_err(|e| e.to_string())?;
    Ok(())
}

/// Hands out rooms, each used by one batch only.
struct Rooms(AtomicUsize);

impl Rooms {
    fn next(&self) -> Option<String> {
        let i = self.0.fetch_add(1, Ordering::Relaxed);
        (i < ROOMS).then(|| room_id(i))
    }
}

/// The floor of BatchCreateRoomMembership: the checks and inserts of the handler as plain SQL
/// (cached statements) in one write transaction of the store.
fn floor_batch(store: &Store, room: &str) {
    store
        .write(|tx| {
            let kind: String = tx
                .prepare_cached("SELECT account_type FROM accounts WHERE id = ?1")?
                .query_row([ACCOUNT], |r| r.get(0))?;
            assert_ne!(kind, "Team");
            let room: String = tx
                .prepare_cached("SELECT id FROM rooms WHERE id = ?1 AND account_id = ?2")?
                .query_row([room, ACCOUNT], |r| r.get(0))?;
            for i in 0..ITEMS {
                let member = user_id(i);
                let suspended: Option<bool> = tx
                    .prepare_cached("SELECT suspended FROM users WHERE id = ?1 AND account_id = ?2")?
                    .query_row([&member, ACCOUNT], |r| r.get(0))
                    .optional()?;
                assert_eq!(suspended, Some(false));
                let existing: Option<String> = tx
                    .prepare_cached(
                        "SELECT role FROM room_memberships WHERE room_id = ?1 AND member_id = ?2",
                    )?
                    .query_row([&room, &member], |r| r.get(0))
                    .optional()?;
                assert!(existing.is_none());
                tx.prepare_cached(
                    "INSERT INTO room_memberships (room_id, member_id, member_type, role, invited_by, updated)
                     VALUES (?1, ?2, 'User', 'Member', ?3, ?4)",
                )?
                .execute(params![room, member, "arn:aws:iam::123456789012:root", 0i64])?;
            }
            Ok(())
        })
        .expect("the floor transaction commits");
}

/// The floor of GetRoom: the account's type and the room's columns in one read transaction.
fn floor_get(store: &Store, room: &str) {
    store
        .read(|tx| {
            let kind: String = tx
                .prepare_cached("SELECT account_type FROM accounts WHERE id = ?1")?
                .query_row([ACCOUNT], |r| r.get(0))?;
            assert_ne!(kind, "Team");
            let row: (String, String, String, String, i64, i64) = tx
                .prepare_cached(
                    "SELECT id, account_id, name, created_by, created, updated FROM rooms
                     WHERE id = ?1 AND account_id = ?2",
                )?
                .query_row([room, ACCOUNT], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })?;
            std::hint::black_box(row);
            Ok(())
        })
        .expect("the floor read");
}

/// The emulator served on its own current-thread runtime; the thread's id.
struct Server {
    endpoint: String,
    tid: i32,
}

fn start_server(emu: Arc<Emulator>) -> Server {
    let config = Config::parse_from(["chime-emulator", "--in-memory", "--listen", "127.0.0.1:0"]);
    let mut keys = Keys::new();
    keys.insert(KEY, SECRET);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("emulator".into())
        .spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("a port");
                let addr = listener.local_addr().expect("an address");
                tx.send((addr, gettid())).expect("the harness waits");
                let front = Front {
                    service: service(emu, config.max_body_bytes).expect("every handler"),
                    keys: Some(Arc::new(keys)),
                    config: Arc::new(config),
                };
                let _ = serve(listener, front).await;
            });
        })
        .expect("the emulator thread starts");
    let (addr, tid) = rx.recv().expect("the emulator starts");
    Server {
        endpoint: format!("http://{addr}"),
        tid,
    }
}

/// Runs `one()` repeatedly for about `seconds` (or until it returns false); returns (CPU ns of
/// thread `tid` per call, calls per second of wall time).
fn measure(tid: i32, seconds: f64, mut one: impl FnMut() -> bool) -> (f64, f64) {
    let cpu0 = thread_cpu_ns(tid);
    let t0 = Instant::now();
    let mut n = 0u64;
    while t0.elapsed().as_secs_f64() < seconds {
        if !one() {
            break;
        }
        n += 1;
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = thread_cpu_ns(tid) - cpu0;
    let n = n.max(1) as f64;
    (cpu / n, n / wall)
}

fn batch_input(
    room: &str,
) -> chime::operation::batch_create_room_membership::BatchCreateRoomMembershipInput {
    let items: Vec<MembershipItem> = (0..ITEMS)
        .map(|i| MembershipItem::builder().member_id(user_id(i)).build())
        .collect();
    chime::operation::batch_create_room_membership::BatchCreateRoomMembershipInput::builder()
        .account_id(ACCOUNT)
        .room_id(room)
        .set_membership_item_list(Some(items))
        .build()
        .expect("a valid input")
}

fn batch_body() -> Bytes {
    let items: Vec<serde_json::Value> = (0..ITEMS)
        .map(|i| serde_json::json!({ "MemberId": user_id(i) }))
        .collect();
    Bytes::from(serde_json::json!({ "MembershipItemList": items }).to_string())
}

/// A request as the service receives it (body in memory), for the pieces without HTTP.
fn request(method: &str, path: &str, body: Bytes) -> http::Request<Bytes> {
    http::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "127.0.0.1")
        .header("content-type", "application/json")
        .body(body)
        .expect("a request")
}

/// A request signed with aws-sigv4 (what the SDKs send), for SigV4 verification alone.
fn signed(method: &str, path: &str, body: &[u8]) -> (http::request::Parts, Bytes) {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    use aws_sigv4::sign::v4;
    let uri = format!("http://127.0.0.1:5181{path}");
    let headers = [
        ("host", "127.0.0.1:5181"),
        ("content-type", "application/json"),
    ];
    let signable = SignableRequest::new(
        method,
        &uri,
        headers.iter().copied(),
        SignableBody::Bytes(body),
    )
    .expect("signable");
    let identity = aws_credential_types::Credentials::new(KEY, SECRET, None, None, "bench").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("chime")
        .time(SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .expect("params")
        .into();
    let (instructions, _) = sign(signable, &params).expect("signed").into_parts();
    let mut b = http::Request::builder().method(method).uri(path);
    for (k, v) in headers {
        b = b.header(k, v);
    }
    for (k, v) in instructions.headers() {
        b = b.header(k, v);
    }
    let (parts, _) = b.body(()).expect("a request").into_parts();
    (parts, Bytes::copy_from_slice(body))
}

#[derive(Clone, Copy, PartialEq)]
enum Op {
    GetRoom,
    Batch,
}

pub fn run(runs: usize, quick: bool) -> Result<EmulatorResults, String> {
    let seconds = if quick { 0.4 } else { 1.5 };
    let dir = std::env::temp_dir().join(format!("harness-emulator-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::open_dir(&dir).map_err(|e| e.to_string())?;
    let emu = Arc::new(Emulator::new(store, Options::default()));
    seed_store(&emu)?;
    let memory = Arc::new(Emulator::new(
        Store::open_in_memory().map_err(|e| e.to_string())?,
        Options::default(),
    ));
    seed_store(&memory)?;
    let rooms = Rooms(AtomicUsize::new(1));
    let memory_rooms = Rooms(AtomicUsize::new(1));
    let server = start_server(Arc::clone(&emu));
    let client = chime::Client::new(
        chime::Client::config_builder()
            .region("us-east-1")
            .static_credentials(KEY, SECRET, None)
            .endpoint_url(&server.endpoint)
            .build(),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let front = Front {
        service: service(Arc::clone(&emu), 1 << 20).map_err(|e| e.to_string())?,
        keys: None,
        config: Arc::new(Config::parse_from(["chime-emulator", "--in-memory"])),
    };
    let me = gettid();
    // GetRoom reads room 0 (with two members, so it is not empty).
    let fixed = room_id(0);
    rt.block_on(ops::batch_create_room_membership(
        Arc::clone(&emu),
        batch_input(&fixed),
    ))
    .map_err(|e| format!("{e:?}"))?;
    let mut keys = Keys::new();
    keys.insert(KEY, SECRET);
    let mut rows = Vec::new();
    for op in [Op::GetRoom, Op::Batch] {
        let (name, method, path_of): (&str, &str, fn(&str) -> String) = match op {
            Op::GetRoom => ("GetRoom", "GET", |room| {
                format!("/accounts/{ACCOUNT}/rooms/{room}")
            }),
            Op::Batch => ("BatchCreateRoomMembership, 50 items", "POST", |room| {
                format!("/accounts/{ACCOUNT}/rooms/{room}/memberships?operation=batch-create")
            }),
        };
        eprintln!("  {name}");
        let body = if op == Op::Batch {
            batch_body()
        } else {
            Bytes::new()
        };
        let room_for = |rooms: &Rooms| -> Option<String> {
            if op == Op::Batch {
                rooms.next()
            } else {
                Some(fixed.clone())
            }
        };
        let (mut rps, mut server_cpu, mut floor) = (Vec::new(), Vec::new(), Vec::new());
        let labels = [
            "service without HTTP or SigV4 (routing, parsing, validation, handler, serialization)",
            "SigV4 verification",
            "handler alone (store transaction, output)",
            "floor in memory (the same SQL, no file I/O, no fsync)",
        ];
        let mut pieces: Vec<Vec<f64>> = vec![Vec::new(); labels.len()];
        // One unrecorded round warms caches and connections.
        for run in 0..=runs {
            let record = run > 0;
            let (cpu, per_s) = measure(server.tid, seconds, || {
                let Some(room) = room_for(&rooms) else {
                    return false;
                };
                let ok = rt.block_on(async {
                    match op {
                        Op::GetRoom => client
                            .get_room()
                            .account_id(ACCOUNT)
                            .room_id(&room)
                            .send()
                            .await
                            .map(|_| ())
                            .map_err(|e| format!("{e:?}")),
                        Op::Batch => (0..ITEMS)
                            .fold(
                                client
                                    .batch_create_room_membership()
                                    .account_id(ACCOUNT)
                                    .room_id(&room),
                                |b, i| {
                                    b.membership_item_list(
                                        MembershipItem::builder().member_id(user_id(i)).build(),
                                    )
                                },
                            )
                            .send()
                            .await
                            .map(|o| assert!(o.errors.unwrap_or_default().is_empty()))
                            .map_err(|e| format!("{e:?}")),
                    }
                });
                ok.expect("the emulator answers");
                true
            });
            let (floor_cpu, _) = measure(me, seconds, || {
                let Some(room) = room_for(&rooms) else {
                    return false;
                };
                match op {
                    Op::GetRoom => floor_get(&emu.store, &room),
                    Op::Batch => floor_batch(&emu.store, &room),
                }
                true
            });
            let (service_cpu, _) = measure(me, seconds, || {
                let Some(room) = room_for(&rooms) else {
                    return false;
                };
                let response =
                    rt.block_on(front.answer(request(method, &path_of(&room), body.clone())));
                assert!(response.status().is_success(), "{:?}", response);
                true
            });
            let (parts, signed_body) = signed(method, &path_of(&fixed), &body);
            let now = SystemTime::now();
            let (auth_cpu, _) = measure(me, seconds.min(0.3), || {
                auth::verify(&parts, &signed_body, &keys, now).expect("a valid signature");
                true
            });
            let (handler_cpu, _) = measure(me, seconds, || {
                let Some(room) = room_for(&rooms) else {
                    return false;
                };
                match op {
                    Op::GetRoom => {
                        let input = chime::operation::get_room::GetRoomInput::builder()
                            .account_id(ACCOUNT)
                            .room_id(&room)
                            .build()
                            .expect("input");
                        rt.block_on(ops::get_room(Arc::clone(&emu), input))
                            .expect("GetRoom");
                    }
                    Op::Batch => {
                        rt.block_on(ops::batch_create_room_membership(
                            Arc::clone(&emu),
                            batch_input(&room),
                        ))
                        .expect("BatchCreateRoomMembership");
                    }
                }
                true
            });
            let (memory_cpu, _) = measure(me, seconds.min(0.5), || {
                let Some(room) = room_for(&memory_rooms) else {
                    return false;
                };
                match op {
                    Op::GetRoom => floor_get(&memory.store, &room),
                    Op::Batch => floor_batch(&memory.store, &room),
                }
                true
            });
            if record {
                rps.push(per_s);
                server_cpu.push(cpu / 1e3);
                floor.push(floor_cpu / 1e3);
                for (i, v) in [service_cpu, auth_cpu, handler_cpu, memory_cpu]
                    .into_iter()
                    .enumerate()
                {
                    pieces[i].push(v / 1e3);
                }
            }
        }
        if rooms.0.load(Ordering::Relaxed) >= ROOMS {
            eprintln!("  (ran out of rooms: runs were cut short)");
        }
        let row = EmuRow {
            operation: name.to_owned(),
            rps: Summary::of(&rps),
            server_cpu_us: Summary::of(&server_cpu),
            floor_cpu_us: Summary::of(&floor),
            pieces: labels
                .iter()
                .zip(&pieces)
                .map(|(l, v)| (l.to_string(), Summary::of(v)))
                .collect(),
        };
        eprintln!(
            "    {:.0} req/s, server CPU {:.1} µs/req, floor {:.1} µs: {:.2}×",
            row.rps.median,
            row.server_cpu_us.median,
            row.floor_cpu_us.median,
            row.ratio()
        );
        rows.push(row);
    }
    drop(emu);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(EmulatorResults {
        rows,
        run_seconds: seconds,
        runs,
    })
}

/// The targets: server CPU per request over the floor's, at most 1.5×, for each operation.
pub fn checks(r: &crate::Results, out: &mut Vec<crate::report::Check>) {
    for op in ["GetRoom", "BatchCreateRoomMembership, 50 items"] {
        let row = r
            .emulator
            .as_ref()
            .and_then(|e| e.rows.iter().find(|row| row.operation == op));
        out.push(crate::report::Check {
            name: format!("Emulator server CPU per request, {op}: over HTTP / SQLite floor"),
            short: format!("Emulator CPU, {op}"),
            value: row.map(EmuRow::ratio),
            goal: crate::report::Goal::AtMost,
            target: 1.5,
            unit: "",
            pending: row
                .is_none()
                .then(|| "section `emulator` not run".to_owned()),
        });
    }
}

/// The section of BENCHMARKS.md.
pub fn markdown(w: &mut String, r: &crate::Results) {
    use std::fmt::Write as _;
    let Some(e) = &r.emulator else {
        return;
    };
    let range = |s: &Summary| format!("{:.1} ({:.1}–{:.1})", s.median, s.min, s.max);
    let _ = writeln!(w, "\n## Emulator: requests/s and server CPU per request\n");
    let _ = writeln!(
        w,
        "`chime-emulator` in process on one current-thread runtime (its thread's CPU from \
         `/proc/self/task/<tid>/schedstat`), file-backed store (WAL, `synchronous=FULL`), SigV4 on; \
         one client (`chime::Client`) sending one request at a time over loopback; {} runs of \
         {:.1} s after a warm-up run. Every batch adds 50 new members to a room of its own. The \
         floor is the same SQLite transaction through the emulator's `Store` (cached statements, \
         no HTTP). CPU in µs per request.\n",
        e.runs, e.run_seconds
    );
    let _ = writeln!(
        w,
        "| operation | requests/s | server CPU µs | floor CPU µs | ratio |"
    );
    let _ = writeln!(w, "|---|---:|---:|---:|---:|");
    for row in &e.rows {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {:.2}× |",
            row.operation,
            range(&row.rps),
            range(&row.server_cpu_us),
            range(&row.floor_cpu_us),
            row.ratio()
        );
    }
    let _ = writeln!(
        w,
        "\nWhere the server's CPU goes (medians, µs per request):\n"
    );
    let _ = writeln!(
        w,
        "| piece | {} |",
        e.rows
            .iter()
            .map(|r| r.operation.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(w, "|---|{}", "---:|".repeat(e.rows.len()));
    let piece = |row: &EmuRow, i: usize| row.pieces.get(i).map_or(f64::NAN, |p| p.1.median);
    let derived: [(&str, &dyn Fn(&EmuRow) -> f64); 6] = [
        (
            "HTTP/1.1, TCP, body collection (total − service − SigV4)",
            &|r| r.server_cpu_us.median - piece(r, 0) - piece(r, 1),
        ),
        ("SigV4 verification", &|r| piece(r, 1)),
        (
            "routing, parsing, validation, serialization (service − handler)",
            &|r| piece(r, 0) - piece(r, 2),
        ),
        ("handler beyond the floor's SQL (handler − floor)", &|r| {
            piece(r, 2) - r.floor_cpu_us.median
        }),
        (
            "file I/O, WAL and fsync (floor − floor in memory)",
            &|r| r.floor_cpu_us.median - piece(r, 3),
        ),
        ("SQL work (floor in memory)", &|r| piece(r, 3)),
    ];
    for (label, f) in derived {
        let cells: Vec<String> = e.rows.iter().map(|r| format!("{:.1}", f(r))).collect();
        let _ = writeln!(w, "| {label} | {} |", cells.join(" | "));
    }
    let _ = writeln!(
        w,
        "\nMeasured pieces (µs CPU per request, median and range):\n"
    );
    let _ = writeln!(w, "| piece | operation | µs |");
    let _ = writeln!(w, "|---|---|---:|");
    for row in &e.rows {
        for (label, s) in &row.pieces {
            let _ = writeln!(w, "| {label} | {} | {} |", row.operation, range(s));
        }
    }
}
