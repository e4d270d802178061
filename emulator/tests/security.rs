//! Security of the real `chime-emulator` binary over HTTP: refused signatures (wrong secret,
//! unknown key, a replayed old request, a tampered body, no signature) answer 403
//! ForbiddenException and change nothing; secrets never reach its output; `--no-auth` accepts
//! unsigned requests; a body over `--max-body-bytes` is 413 and changes nothing; `--fail-rate 1`
//! answers only 503/429 (which the generated client retries); malformed requests never bring the
//! server down.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings,
};
use aws_sigv4::sign::v4;
use chime::ProvideErrorMetadata;
use common::{client, credentials_file, seed_file, temp_dir, Process, KEY, SECRET};

const ACCOUNT: &str = "5ec0a11d-1b2f-4c3d-9e4f-5a6b7c8d9e0f";
const BOT: &str = "b0000000-0000-4000-8000-0000005ecb07";
const SUSPENDED: &str = "5u5pe0de-0000-4000-8000-0000005ec000";
const ENV_KEY: &str = "AKIDFROMENVIRONMENT";
const ENV_SECRET: &str = "env/Secret+Key-c4f1e2d3/NEVER-LOGGED";
const SECOND_SECRET: &str = "second/secret/KEY-55aa";

fn user(i: usize) -> String {
    format!("5ec00000-0000-4000-8000-{i:012}")
}

/// A data directory with the credentials file and a seed of 60 users; the arguments to start
/// the emulator on it in memory.
fn setup(name: &str) -> (std::path::PathBuf, Vec<String>) {
    let dir = temp_dir(name);
    let creds = credentials_file(&dir);
    let users: Vec<String> = (0..60).map(user).collect();
    let seed = seed_file(&dir, ACCOUNT, &users, SUSPENDED, BOT);
    let args = vec![
        "--in-memory".to_owned(),
        "--credentials-file".to_owned(),
        creds.display().to_string(),
        "--seed".to_owned(),
        seed.display().to_string(),
    ];
    (dir, args)
}

fn start(args: &[String], extra: &[&str], envs: &[(&str, &str)]) -> Process {
    let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
    all.extend_from_slice(extra);
    Process::start(&all, envs)
}

/// A raw HTTP/1.1 request signed with `aws-sigv4` (what the AWS SDKs use) at `time`, over
/// `signed_body`; `sent_body` is what is actually sent.
#[allow(clippy::too_many_arguments)]
fn signed(
    addr: &str,
    method: &str,
    path: &str,
    signed_body: &[u8],
    sent_body: &[u8],
    key: &str,
    secret: &str,
    time: SystemTime,
    content_sha256: bool,
) -> Vec<u8> {
    let uri = format!("http://{addr}{path}");
    let headers = [("host", addr), ("content-type", "application/json")];
    let signable = SignableRequest::new(
        method,
        &uri,
        headers.iter().copied(),
        SignableBody::Bytes(signed_body),
    )
    .unwrap();
    let identity = Credentials::new(key, secret, None, None, "test").into();
    let mut settings = SigningSettings::default();
    if content_sha256 {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("chime")
        .time(time)
        .settings(settings)
        .build()
        .unwrap()
        .into();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    for (k, v) in instructions.headers() {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        sent_body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(sent_body);
    bytes
}

/// An unsigned raw request.
fn unsigned(addr: &str, method: &str, path: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// What came back from a raw exchange.
#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    #[allow(dead_code)] // shown when an assertion fails
    body: String,
}

/// Sends a complete request (with `connection: close`) on a new connection and reads until the
/// server closes; `None` when the server closed without an answer.
fn exchange(addr: &str, bytes: &[u8]) -> Option<Reply> {
    send(addr, bytes, false)
}

/// Sends `bytes`, then (when `half_close`) closes the sending side, as a truncated request
/// would; reads until the server closes.
fn send(addr: &str, bytes: &[u8], half_close: bool) -> Option<Reply> {
    let mut s = TcpStream::connect(addr).expect("the emulator accepts connections");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
    // The server may answer (and close) before reading everything, e.g. a too-large header.
    let _ = s.write_all(bytes);
    if half_close {
        let _ = s.shutdown(Shutdown::Write);
    }
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let status = head.split_whitespace().nth(1)?.parse().ok()?;
    Some(Reply {
        status,
        head: head.to_ascii_lowercase(),
        body: body.to_owned(),
    })
}

fn assert_forbidden(what: &str, reply: Option<Reply>) {
    let reply = reply.unwrap_or_else(|| panic!("{what}: no answer"));
    assert_eq!(reply.status, 403, "{what}: {reply:?}");
    assert!(
        reply.head.contains("x-amzn-errortype: forbiddenexception"),
        "{what}: {reply:?}"
    );
}

fn assert_service_forbidden<E: ProvideErrorMetadata + std::fmt::Debug, R: std::fmt::Debug>(
    what: &str,
    result: Result<R, chime::SdkError<E>>,
) {
    let err = result
        .expect_err(what)
        .into_service_error()
        .unwrap_or_else(|| panic!("{what}: not a service error"));
    assert_eq!(err.meta().status(), 403, "{what}: {err:?}");
    assert_eq!(err.code(), Some("ForbiddenException"), "{what}: {err:?}");
}

/// Everything the account has: its rooms and each room's memberships.
async fn snapshot(c: &chime::Client) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for (id, name) in common::rooms(c, ACCOUNT).await {
        let members = common::memberships(c, ACCOUNT, &id)
            .await
            .into_iter()
            .map(|(m, r)| format!("{m}:{}", r.as_str()))
            .collect();
        out.push((id, name, members));
    }
    out
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn batch_body(members: &[String]) -> Vec<u8> {
    let items: Vec<serde_json::Value> = members
        .iter()
        .map(|m| serde_json::json!({ "MemberId": m, "Role": "Member" }))
        .collect();
    serde_json::json!({ "MembershipItemList": items })
        .to_string()
        .into_bytes()
}

#[test]
fn refused_signatures_answer_403_change_nothing_and_no_secret_is_logged() {
    let (dir, args) = setup("auth");
    let emu = start(
        &args,
        &[],
        &[
            ("AWS_ACCESS_KEY_ID", ENV_KEY),
            ("AWS_SECRET_ACCESS_KEY", ENV_SECRET),
        ],
    );
    let rt = runtime();
    let good = client(&emu.endpoint, KEY, SECRET, 1);
    let room = rt.block_on(async {
        let room = good
            .create_room()
            .account_id(ACCOUNT)
            .name("guarded")
            .send()
            .await
            .expect("a signed CreateRoom")
            .room
            .and_then(|r| r.room_id)
            .unwrap();
        good.batch_create_room_membership()
            .account_id(ACCOUNT)
            .room_id(&room)
            .membership_item_list(
                chime::types::MembershipItem::builder()
                    .member_id(user(0))
                    .build(),
            )
            .send()
            .await
            .expect("a signed batch");
        room
    });
    // The key from the environment and the second profile of the file work too.
    rt.block_on(async {
        for (k, s) in [(ENV_KEY, ENV_SECRET), ("AKIDSECONDKEY", SECOND_SECRET)] {
            client(&emu.endpoint, k, s, 1)
                .get_room()
                .account_id(ACCOUNT)
                .room_id(&room)
                .send()
                .await
                .unwrap_or_else(|e| panic!("key {k}: {e:?}"));
        }
    });
    let before = rt.block_on(snapshot(&good));
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].2.len(), 1);

    // Through the generated client: a wrong secret, an unknown access key.
    rt.block_on(async {
        for (what, c) in [
            (
                "wrong secret",
                client(&emu.endpoint, KEY, "not-the-secret", 1),
            ),
            (
                "unknown key",
                client(&emu.endpoint, "AKIDUNKNOWN", SECRET, 1),
            ),
        ] {
            assert_service_forbidden(
                what,
                c.create_room()
                    .account_id(ACCOUNT)
                    .name("intruder")
                    .send()
                    .await,
            );
            assert_service_forbidden(
                what,
                c.delete_room()
                    .account_id(ACCOUNT)
                    .room_id(&room)
                    .send()
                    .await,
            );
            assert_service_forbidden(
                what,
                c.batch_create_room_membership()
                    .account_id(ACCOUNT)
                    .room_id(&room)
                    .membership_item_list(
                        chime::types::MembershipItem::builder()
                            .member_id(user(1))
                            .build(),
                    )
                    .send()
                    .await,
            );
        }
    });

    // Raw requests signed by aws-sigv4. First the control: signed now, sent as signed, it works,
    // so each refusal below is for the one thing changed.
    let rooms_path = format!("/accounts/{ACCOUNT}/rooms");
    let batch_path = format!("/accounts/{ACCOUNT}/rooms/{room}/memberships?operation=batch-create");
    let now = SystemTime::now();
    let addr = emu.addr.as_str();
    let control_body = batch_body(&[user(2)]);
    let control = exchange(
        addr,
        &signed(
            addr,
            "POST",
            &batch_path,
            &control_body,
            &control_body,
            KEY,
            SECRET,
            now,
            true,
        ),
    )
    .expect("an answer");
    assert_eq!(control.status, 201, "the control request: {control:?}");
    let before = rt.block_on(snapshot(&good));
    assert_eq!(before[0].2.len(), 2, "the control request added its member");

    let body = batch_body(&[user(3), user(4)]);
    let room_body = br#"{"Name":"replayed"}"#;
    for (what, minutes_ago) in [
        ("replayed 16 minutes later", 16u64),
        ("replayed a day later", 24 * 60),
    ] {
        let old = now - Duration::from_secs(minutes_ago * 60);
        for sha in [false, true] {
            assert_forbidden(
                what,
                exchange(
                    addr,
                    &signed(
                        addr,
                        "POST",
                        &batch_path,
                        &body,
                        &body,
                        KEY,
                        SECRET,
                        old,
                        sha,
                    ),
                ),
            );
            assert_forbidden(
                what,
                exchange(
                    addr,
                    &signed(
                        addr,
                        "POST",
                        &rooms_path,
                        room_body,
                        room_body,
                        KEY,
                        SECRET,
                        old,
                        sha,
                    ),
                ),
            );
        }
    }
    assert_forbidden(
        "dated 20 minutes ahead",
        exchange(
            addr,
            &signed(
                addr,
                "POST",
                &rooms_path,
                room_body,
                room_body,
                KEY,
                SECRET,
                now + Duration::from_secs(20 * 60),
                false,
            ),
        ),
    );
    // Tampered bodies: same length, another member; with and without x-amz-content-sha256.
    let tampered = batch_body(&[user(5), user(6)]);
    assert_eq!(tampered.len(), body.len());
    for sha in [false, true] {
        assert_forbidden(
            "tampered body",
            exchange(
                addr,
                &signed(
                    addr,
                    "POST",
                    &batch_path,
                    &body,
                    &tampered,
                    KEY,
                    SECRET,
                    now,
                    sha,
                ),
            ),
        );
        assert_forbidden(
            "tampered room name",
            exchange(
                addr,
                &signed(
                    addr,
                    "POST",
                    &rooms_path,
                    br#"{"Name":"innocent"}"#,
                    br#"{"Name":"tampered"}"#,
                    KEY,
                    SECRET,
                    now,
                    sha,
                ),
            ),
        );
    }
    // Signed for another path; signed with the right key by someone without it; not signed.
    let other_path =
        format!("/accounts/{ACCOUNT}/rooms/{room}/memberships?operation=batch-create&x=1");
    let mut moved = signed(
        addr,
        "POST",
        &other_path,
        &body,
        &body,
        KEY,
        SECRET,
        now,
        false,
    );
    let text = String::from_utf8_lossy(&moved).replacen(&other_path, &batch_path, 1);
    moved = text.into_bytes();
    assert_forbidden("signature for another URI", exchange(addr, &moved));
    assert_forbidden(
        "wrong secret (raw)",
        exchange(
            addr,
            &signed(
                addr,
                "POST",
                &batch_path,
                &body,
                &body,
                KEY,
                "guess",
                now,
                false,
            ),
        ),
    );
    assert_forbidden(
        "unsigned",
        exchange(addr, &unsigned(addr, "POST", &batch_path, &body)),
    );
    assert_forbidden(
        "unsigned delete",
        exchange(
            addr,
            &unsigned(
                addr,
                "DELETE",
                &format!("/accounts/{ACCOUNT}/rooms/{room}"),
                b"",
            ),
        ),
    );

    let after = rt.block_on(snapshot(&good));
    assert_eq!(after, before, "a refused request changed the state");

    let output = emu.kill();
    assert!(
        output.contains("answered") && output.contains("refused"),
        "the emulator's log was captured:\n{output}"
    );
    for secret in [SECRET, ENV_SECRET, SECOND_SECRET, "not-the-secret"] {
        assert!(
            !output.contains(secret),
            "a secret appears in the emulator's output:\n{output}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_auth_accepts_unsigned_requests() {
    let (dir, args) = setup("noauth");
    let emu = start(&args, &["--no-auth"], &[]);
    let addr = emu.addr.as_str();
    let reply = exchange(
        addr,
        &unsigned(
            addr,
            "POST",
            &format!("/accounts/{ACCOUNT}/rooms"),
            br#"{"Name":"open"}"#,
        ),
    )
    .expect("an answer");
    assert_eq!(reply.status, 201, "{reply:?}");
    // Any signature goes too, even with a secret nobody configured.
    let c = client(&emu.endpoint, "AKIDANYONE", "any-secret", 1);
    let rooms = runtime().block_on(common::rooms(&c, ACCOUNT));
    assert_eq!(rooms.len(), 1);
    assert_eq!(rooms[0].1, "open");
    drop(emu);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_body_over_max_body_bytes_is_413_and_changes_nothing() {
    let (dir, args) = setup("body");
    let emu = start(&args, &["--max-body-bytes", "2048"], &[]);
    let rt = runtime();
    let c = client(&emu.endpoint, KEY, SECRET, 1);
    let room = rt.block_on(async {
        c.create_room()
            .account_id(ACCOUNT)
            .name("bounded")
            .send()
            .await
            .unwrap()
            .room
            .and_then(|r| r.room_id)
            .unwrap()
    });
    let addr = emu.addr.as_str();
    let path = format!("/accounts/{ACCOUNT}/rooms/{room}/memberships?operation=batch-create");
    let members: Vec<String> = (0..50).map(user).collect();
    let big = batch_body(&members);
    assert!(big.len() > 2048);
    let now = SystemTime::now();
    let reply = exchange(
        addr,
        &signed(addr, "POST", &path, &big, &big, KEY, SECRET, now, false),
    )
    .expect("an answer");
    assert_eq!(reply.status, 413, "{reply:?}");
    // Also without a Content-Length (chunked): the limit holds while streaming.
    let mut chunked = signed(addr, "POST", &path, &big, b"", KEY, SECRET, now, false);
    let text = String::from_utf8_lossy(&chunked)
        .replace("content-length: 0", "transfer-encoding: chunked");
    chunked = text.into_bytes();
    for piece in big.chunks(500) {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let reply = exchange(addr, &chunked).expect("an answer");
    assert_eq!(reply.status, 413, "chunked: {reply:?}");
    // The generated client sees the 413 as an error.
    let err = rt.block_on(
        members
            .iter()
            .fold(
                c.batch_create_room_membership()
                    .account_id(ACCOUNT)
                    .room_id(&room),
                |b, m| {
                    b.membership_item_list(
                        chime::types::MembershipItem::builder().member_id(m).build(),
                    )
                },
            )
            .send(),
    );
    let err = err
        .expect_err("413")
        .into_service_error()
        .expect("a service error");
    assert_eq!(err.meta().status(), 413, "{err:?}");
    assert!(
        rt.block_on(common::memberships(&c, ACCOUNT, &room))
            .is_empty(),
        "a refused body changed the room"
    );
    // The same members in bodies under the limit are added: the refusal was for the size only.
    let small = batch_body(&members[..10]);
    let reply = exchange(
        addr,
        &signed(
            addr,
            "POST",
            &path,
            &small,
            &small,
            KEY,
            SECRET,
            SystemTime::now(),
            false,
        ),
    )
    .expect("an answer");
    assert_eq!(reply.status, 201, "{reply:?}");
    assert_eq!(
        rt.block_on(common::memberships(&c, ACCOUNT, &room)).len(),
        10
    );
    drop(emu);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn fail_rate_one_answers_only_503_or_429_and_the_client_retries_them() {
    let (dir, args) = setup("faults");
    let emu = start(&args, &["--fail-rate", "1"], &[]);
    let addr = emu.addr.as_str();
    let path = format!("/accounts/{ACCOUNT}/rooms");
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..40 {
        let body = format!(r#"{{"Name":"r{i}"}}"#);
        let reply = exchange(
            addr,
            &signed(
                addr,
                "POST",
                &path,
                body.as_bytes(),
                body.as_bytes(),
                KEY,
                SECRET,
                SystemTime::now(),
                false,
            ),
        )
        .expect("an answer");
        assert!(matches!(reply.status, 503 | 429), "{reply:?}");
        let kind = if reply.status == 503 {
            "serviceunavailableexception"
        } else {
            "throttledclientexception"
        };
        assert!(
            reply.head.contains(&format!("x-amzn-errortype: {kind}")),
            "{reply:?}"
        );
        seen.insert(reply.status);
    }
    assert_eq!(seen.len(), 2, "both 503 and 429 are injected: {seen:?}");
    // Each injected fault is logged (the log may reach us a little after the answer).
    let logged = || emu.output().matches("injected fault").count();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while logged() < 40 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let faults_before = logged();
    assert_eq!(faults_before, 40, "each injected fault is logged");
    // The generated client retries them: 4 attempts, each answered by a fault, then the error.
    let c = client(&emu.endpoint, KEY, SECRET, 4);
    let err = runtime()
        .block_on(c.create_room().account_id(ACCOUNT).name("retried").send())
        .expect_err("every attempt fails")
        .into_service_error()
        .expect("a service error");
    assert!(matches!(err.meta().status(), 503 | 429), "{err:?}");
    assert!(
        err.is_service_unavailable_exception() || err.is_throttled_client_exception(),
        "{err:?}"
    );
    let output = emu.kill();
    assert_eq!(
        output.matches("injected fault").count() - faults_before,
        4,
        "the client made 4 attempts:\n{output}"
    );
    assert!(
        !output.contains("answered"),
        "no request reached a handler:\n{output}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn malformed_requests_never_crash_the_server() {
    let (dir, args) = setup("malformed");
    let mut emu = start(&args, &[], &[]);
    let addr = emu.addr.clone();
    let addr = addr.as_str();
    let mut rng = fastrand::Rng::new();
    let garbage: Vec<u8> = (0..4096).map(|_| rng.u8(..)).collect();
    let rooms = format!("/accounts/{ACCOUNT}/rooms");
    let now = SystemTime::now();
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("random bytes", garbage),
        ("nothing", Vec::new()),
        ("a bare line", b"hello\r\n\r\n".to_vec()),
        ("no version", b"POST /accounts\r\n\r\n".to_vec()),
        (
            "truncated head",
            format!("POST {rooms} HTTP/1.1\r\nhost: {addr}\r\ncontent-le").into_bytes(),
        ),
        (
            "truncated body",
            format!("POST {rooms} HTTP/1.1\r\nhost: {addr}\r\ncontent-length: 1000\r\n\r\n{{\"Name\":").into_bytes(),
        ),
        (
            "bad content-length",
            format!("POST {rooms} HTTP/1.1\r\nhost: {addr}\r\ncontent-length: -5\r\n\r\n").into_bytes(),
        ),
        (
            "bad chunk",
            format!("POST {rooms} HTTP/1.1\r\nhost: {addr}\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nxx\r\n").into_bytes(),
        ),
        (
            "huge header",
            format!("GET {rooms} HTTP/1.1\r\nhost: {addr}\r\nx-big: {}\r\n\r\n", "a".repeat(2 << 20)).into_bytes(),
        ),
        (
            "many headers",
            format!(
                "GET {rooms} HTTP/1.1\r\nhost: {addr}\r\n{}\r\n",
                (0..5000).map(|i| format!("x-h{i}: v\r\n")).collect::<String>()
            )
            .into_bytes(),
        ),
        (
            "a huge URI",
            format!("GET /accounts/{} HTTP/1.1\r\nhost: {addr}\r\n\r\n", "x".repeat(1 << 20)).into_bytes(),
        ),
        (
            "non-UTF-8 path",
            format!("GET /accounts/%FF%FE/rooms/%C0 HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n").into_bytes(),
        ),
        (
            "unknown method",
            format!("BREW {rooms} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n\r\n").into_bytes(),
        ),
        (
            "a garbage Authorization",
            format!(
                "POST {rooms} HTTP/1.1\r\nhost: {addr}\r\nauthorization: AWS4-HMAC-SHA256 Credential=/,,==,\r\n\
                 x-amz-date: 99999999T999999Z\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}"
            )
            .into_bytes(),
        ),
    ];
    // Signed, so they reach the server's parsing and validation.
    let deep = "[".repeat(100_000);
    for (what, body) in [
        ("signed, invalid JSON", &b"{\"Name\": [1, 2"[..]),
        ("signed, wrong types", &b"{\"Name\": {\"a\": 1e999}}"[..]),
        ("signed, not JSON at all", &b"\x00\xff\xfe garbage"[..]),
        ("signed, deeply nested", deep.as_bytes()),
    ] {
        cases.push((
            what,
            signed(addr, "POST", &rooms, body, body, KEY, SECRET, now, false),
        ));
    }
    let batch = format!("/accounts/{ACCOUNT}/rooms/nope/memberships?operation=batch-create");
    let nested = format!("{{\"MembershipItemList\": {deep}");
    cases.push((
        "signed batch, nested list",
        signed(
            addr,
            "POST",
            &batch,
            nested.as_bytes(),
            nested.as_bytes(),
            KEY,
            SECRET,
            now,
            false,
        ),
    ));
    let c = client(&emu.endpoint, KEY, SECRET, 1);
    let rt = runtime();
    for (what, bytes) in &cases {
        // Signed requests and complete heads must be answered; truncated ones may just be
        // closed.
        let complete = what.starts_with("signed")
            || [
                "a garbage Authorization",
                "non-UTF-8 path",
                "unknown method",
            ]
            .contains(what);
        let reply = send(addr, bytes, !complete);
        if complete {
            assert!(reply.is_some(), "{what}: no answer");
        }
        if let Some(reply) = reply {
            assert!(
                (400..500).contains(&reply.status),
                "{what}: a malformed request is a client error, got {reply:?}"
            );
        }
        assert!(
            emu.is_running(),
            "{what} brought the emulator down:\n{}",
            emu.output()
        );
        // And it still answers a good request.
        let rooms = rt.block_on(common::rooms(&c, ACCOUNT));
        assert!(rooms.is_empty(), "{what} created a room: {rooms:?}");
    }
    let output = emu.kill();
    assert!(!output.contains("panicked"), "{output}");
    let _ = std::fs::remove_dir_all(&dir);
}
