//! Servers that misbehave: never answer, reset, truncate, send garbage or
//! too much. None of it may hang the caller or panic.

use std::time::{Duration, Instant};

use smithy_client::config::TimeoutConfig;
use smithy_rt::error::{ProvideErrorMetadata, SdkError, TimeoutKind};

use crate::support::*;

fn timeouts(attempt_ms: u64, operation_ms: u64) -> TimeoutConfig {
    TimeoutConfig::standard()
        .with_attempt(Duration::from_millis(attempt_ms))
        .with_operation(Duration::from_millis(operation_ms))
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_attempt_timeout_on_every_attempt() {
    let server = TestServer::start(|_, _| Reply::Hang).await;
    let client = client(
        config(&server.url())
            .timeout_config(timeouts(200, 20_000))
            .max_attempts(2),
    );
    let started = Instant::now();
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("times out");
    let elapsed = started.elapsed();
    let SdkError::Timeout(t) = &err else {
        panic!("expected a timeout, got {err:?}")
    };
    assert_eq!(t.kind, TimeoutKind::Attempt);
    assert_eq!(t.limit, Duration::from_millis(200));
    assert!(
        elapsed >= Duration::from_millis(400),
        "two attempts: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(5), "bounded: {elapsed:?}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_operation_timeout_bounds_the_whole_call() {
    let server = RawServer::start(|_| RawAction::Hang).await;
    let client = client(config(&server.url()).timeout_config(timeouts(10_000, 300)));
    let started = Instant::now();
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("times out");
    let elapsed = started.elapsed();
    let SdkError::Timeout(t) = &err else {
        panic!("expected a timeout, got {err:?}")
    };
    assert_eq!(t.kind, TimeoutKind::Operation);
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(5),
        "{elapsed:?}"
    );
    assert_eq!(err.to_string(), "operation timeout after 300ms");
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported_as_dispatch_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let client = client(config(&format!("http://{addr}")));
    let started = Instant::now();
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("refused");
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    assert!(err.to_string().contains("connection failed"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_listener_that_never_completes_the_handshake_hits_the_connect_timeout() {
    // A listener whose accept queue is full drops further SYNs, so connecting
    // to it hangs: a loopback stand-in for an unreachable host.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = socket.local_addr().unwrap();
    let _listener = socket.listen(0).unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        let connect = tokio::net::TcpStream::connect(addr);
        if let Ok(Ok(stream)) = tokio::time::timeout(Duration::from_millis(200), connect).await {
            fillers.push(stream);
        }
    }
    let probe = tokio::time::timeout(
        Duration::from_millis(200),
        tokio::net::TcpStream::connect(addr),
    )
    .await;
    if probe.is_ok() {
        eprintln!("skipped: this kernel completes handshakes beyond the accept queue");
        return;
    }
    let timeouts = TimeoutConfig::standard()
        .with_connect(Duration::from_millis(150))
        .with_attempt(Duration::from_secs(5))
        .with_operation(Duration::from_secs(10));
    let client = client(config(&format!("http://{addr}")).timeout_config(timeouts));
    let started = Instant::now();
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("cannot connect");
    let elapsed = started.elapsed();
    let SdkError::Timeout(t) = &err else {
        panic!("expected a timeout, got {err:?}")
    };
    assert_eq!(
        (t.kind, t.limit),
        (TimeoutKind::Connect, Duration::from_millis(150))
    );
    assert!(
        elapsed >= Duration::from_millis(450) && elapsed < Duration::from_secs(6),
        "3 attempts: {elapsed:?}"
    );
}

#[tokio::test]
async fn a_reset_connection_is_retried() {
    let server = RawServer::start(|_| RawAction::Reset).await;
    let client = client(config(&server.url()));
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("reset");
    assert!(matches!(err, SdkError::Dispatch(_)), "{err:?}");
    assert_eq!(server.hits(), 3, "reset is retried up to max attempts");

    let ok = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}"
        .to_vec();
    let server = RawServer::start(move |i| {
        if i == 0 {
            RawAction::Reset
        } else {
            RawAction::Write(ok.clone())
        }
    })
    .await;
    client_for(&server)
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect("second attempt succeeds");
    assert_eq!(server.hits(), 2);
}

fn client_for(server: &RawServer) -> smithy_client::client::Client {
    client(config(&server.url()))
}

#[tokio::test]
async fn a_truncated_body_is_a_dispatch_failure_not_a_panic() {
    let truncated =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"Errors\":[".to_vec();
    let server = RawServer::start(move |_| RawAction::Write(truncated.clone())).await;
    let client = client(config(&server.url()).max_attempts(2));
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("truncated");
    let SdkError::Dispatch(d) = &err else {
        panic!("expected a dispatch failure, got {err:?}")
    };
    assert!(
        d.to_string().contains("reading the response body failed"),
        "{d}"
    );
    assert_eq!(server.hits(), 2, "a broken body is a transient failure");
}

#[tokio::test]
async fn a_response_that_is_not_http_is_not_retried() {
    for garbage in [
        b"HELLO THERE\r\n\r\n".to_vec(),
        b"HTTP/1.1 2000 Nope\r\n\r\n".to_vec(),
        b"HTTP/1.1 200 OK\r\nbad header line\r\n\r\n".to_vec(),
    ] {
        let server = RawServer::start(move |_| RawAction::Write(garbage.clone())).await;
        let client = client(config(&server.url()).max_attempts(3));
        let err = client
            .invoke::<Op>(input("acct-1", &["a"]))
            .await
            .expect_err("not HTTP");
        let SdkError::Dispatch(d) = &err else {
            panic!("expected a dispatch failure, got {err:?}")
        };
        assert!(d.to_string().contains("not valid HTTP"), "{d}");
        assert_eq!(server.hits(), 1, "a malformed response is not transient");
    }
}

#[tokio::test]
async fn a_non_json_error_body_is_an_unhandled_service_error() {
    let server = TestServer::start(|_, _| {
        Reply::Respond(
            http::Response::builder()
                .status(403)
                .header("content-type", "text/html")
                .body(smithy_rt::Bytes::from_static(b"<html>Forbidden</html>"))
                .unwrap(),
        )
    })
    .await;
    let err = client(config(&server.url()))
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("403");
    let SdkError::Service(OpError::Unhandled(u)) = &err else {
        panic!("expected unhandled, got {err:?}")
    };
    assert_eq!(u.meta().status(), 403);
    assert_eq!(u.code(), None);
    assert_eq!(&u.body()[..], b"<html>Forbidden</html>");
    assert_eq!(err.to_string(), "unhandled error (HTTP 403)");
}

#[tokio::test]
async fn an_oversized_response_with_content_length_is_refused_without_reading_it() {
    let big = "x".repeat(64 * 1024);
    let server = TestServer::start(move |_, _| json(200, &big)).await;
    let client = client(config(&server.url()).max_response_body_size(16 * 1024));
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("too big");
    let SdkError::Response(r) = &err else {
        panic!("expected a response error, got {err:?}")
    };
    assert_eq!(r.status, 200);
    assert_eq!(r.request_id.as_deref(), Some("req-200"));
    assert!(
        r.to_string().contains("exceeds the limit of 16384 bytes"),
        "{r}"
    );
    assert_eq!(server.requests().len(), 1, "not retried");
}

#[tokio::test]
async fn an_oversized_chunked_response_is_cut_off_at_the_limit() {
    let mut raw =
        b"HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..64 {
        raw.extend_from_slice(b"400\r\n");
        raw.extend_from_slice(&[b'y'; 0x400]);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let server = RawServer::start(move |_| RawAction::Write(raw.clone())).await;
    let client = client(config(&server.url()).max_response_body_size(10_000));
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("too big");
    let SdkError::Response(r) = &err else {
        panic!("expected a response error, got {err:?}")
    };
    assert_eq!(r.status, 500);
    assert!(
        r.to_string().contains("exceeds the limit of 10000 bytes"),
        "{r}"
    );
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_response_at_exactly_the_limit_is_accepted() {
    let server = TestServer::start(|_, _| json(200, r#"{"Errors":[]}"#)).await;
    let client = client(config(&server.url()).max_response_body_size(13));
    client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect("13 bytes fit in 13");
}

#[tokio::test]
async fn garbage_instead_of_http_is_a_dispatch_failure() {
    let server = RawServer::start(|_| RawAction::Write(b"NOT HTTP AT ALL\r\n\r\n".to_vec())).await;
    let err = client(config(&server.url()).max_attempts(1))
        .invoke::<Op>(input("acct-1", &["a"]))
        .await;
    assert!(matches!(err, Err(SdkError::Dispatch(_))), "{err:?}");
}
