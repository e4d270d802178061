//! Which answers are retried, how often, and what each attempt carries.

use smithy_rt::error::{ProvideErrorMetadata, SdkError};

use crate::support::*;

#[tokio::test]
async fn a_503_then_201_succeeds_on_the_second_attempt_with_the_same_invocation_id() {
    let server = TestServer::start(verified(|_, index| {
        if index == 0 {
            json(503, r#"{"message":"slow down"}"#)
        } else {
            json(201, r#"{"Errors":[]}"#)
        }
    }))
    .await;
    let client = client(config(&server.url()));
    let output = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect("second attempt succeeds");
    assert!(output.errors.is_empty());

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[0].header("amz-sdk-request"),
        Some("attempt=1; max=3")
    );
    assert_eq!(
        requests[1].header("amz-sdk-request"),
        Some("attempt=2; max=3")
    );
    let ids: Vec<_> = requests
        .iter()
        .map(|r| r.header("amz-sdk-invocation-id").unwrap().to_owned())
        .collect();
    assert_eq!(ids[0], ids[1], "one invocation id per call");
    assert_eq!(requests[0].body, requests[1].body);
    for r in &requests {
        sigv4::verify(r, &EXPECTED).expect("each attempt is signed");
    }

    // A second call gets a fresh invocation id.
    client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect("succeeds");
    assert_ne!(
        server.requests()[2]
            .header("amz-sdk-invocation-id")
            .unwrap(),
        ids[0]
    );
}

#[tokio::test]
async fn throttling_every_time_fails_after_exactly_max_attempts() {
    let server =
        TestServer::start(|_, _| json(429, r#"{"__type":"ThrottlingException","message":"rate"}"#))
            .await;
    let client = client(config(&server.url()));
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("always throttled");
    let SdkError::Service(OpError::Unhandled(unhandled)) = &err else {
        panic!("expected unhandled, got {err:?}")
    };
    assert_eq!(unhandled.meta().status(), 429);
    assert_eq!(unhandled.code(), Some("ThrottlingException"));
    assert_eq!(server.requests().len(), 3);
    let last = &server.requests()[2];
    assert_eq!(last.header("amz-sdk-request"), Some("attempt=3; max=3"));

    let server = TestServer::start(|_, _| json(429, "{}")).await;
    let client = crate::support::client(config(&server.url()).max_attempts(5));
    client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("always throttled");
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn every_transient_status_is_retried() {
    for status in [500u16, 502, 503, 504] {
        let server = TestServer::start(move |_, index| {
            if index == 0 {
                json(status, "{}")
            } else {
                json(200, "{}")
            }
        })
        .await;
        client(config(&server.url()))
            .invoke::<Op>(input("acct-1", &["a"]))
            .await
            .expect("retried");
        assert_eq!(server.requests().len(), 2, "status {status}");
    }
}

#[tokio::test]
async fn a_400_is_tried_exactly_once() {
    let server = TestServer::start(|_, _| {
        json(
            400,
            r#"{"code":"BadRequestException","message":"bad member"}"#,
        )
    })
    .await;
    let client = client(config(&server.url()));
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("400");
    let SdkError::Service(OpError::BadRequest(meta)) = &err else {
        panic!("expected BadRequest, got {err:?}")
    };
    assert_eq!(meta.message(), Some("bad member"));
    assert_eq!(meta.request_id(), Some("req-400"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn other_4xx_are_never_retried() {
    for status in [401u16, 403, 404, 409, 413] {
        let server = TestServer::start(move |_, _| json(status, "{}")).await;
        let err = client(config(&server.url()))
            .invoke::<Op>(input("acct-1", &["a"]))
            .await
            .expect_err("4xx");
        assert!(matches!(err, SdkError::Service(_)), "{err:?}");
        assert_eq!(server.requests().len(), 1, "status {status}");
    }
}

#[tokio::test]
async fn one_max_attempt_disables_retries() {
    let server = TestServer::start(|_, _| json(503, "{}")).await;
    let client = client(config(&server.url()).max_attempts(1));
    client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("503");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].header("amz-sdk-request"),
        Some("attempt=1; max=1")
    );
}
