//! Happy path, signing, error mapping, validation and endpoints over real HTTP.

use smithy_rt::error::{ProvideErrorMetadata, SdkError};

use crate::support::*;

const OK_BODY: &str = r#"{"Errors":[{"MemberId":"b","ErrorCode":"NotFound"}]}"#;

#[tokio::test]
async fn signed_request_reaches_the_server_and_the_output_is_read() {
    let server = TestServer::start(verified(|_, _| json(201, OK_BODY))).await;
    let client = client(config(&server.url()));

    let output = client
        .invoke::<Op>(input("acct-1", &["a", "b"]))
        .await
        .expect("call succeeds");
    assert_eq!(output.errors, vec![("b".to_owned(), "NotFound".to_owned())]);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.uri,
        "/accounts/acct-1/rooms/room-1/memberships?operation=batch-create"
    );
    assert_eq!(
        &r.body[..],
        br#"{"MembershipItemList":[{"MemberId":"a","Role":"Member"},{"MemberId":"b","Role":"Member"}]}"#
    );
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("x-amz-security-token"), Some(TOKEN));
    assert_eq!(r.header("host"), Some(server.addr.to_string().as_str()));
    assert!(
        r.header("user-agent")
            .is_some_and(|ua| ua.starts_with("smithy-rt/")),
        "{:?}",
        r.header("user-agent")
    );
    assert_eq!(r.header("amz-sdk-request"), Some("attempt=1; max=3"));
    let id = r.header("amz-sdk-invocation-id").expect("invocation id");
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "4", "a version 4 UUID: {id}");

    let signed = sigv4::verify(r, &EXPECTED).expect("signature verifies");
    for name in ["content-type", "host", "x-amz-date", "x-amz-security-token"] {
        assert!(
            signed.iter().any(|s| s == name),
            "{name} is signed: {signed:?}"
        );
    }
}

#[tokio::test]
async fn the_checker_accepts_the_aws_cli_reference_request() {
    // Bytes the real AWS CLI sent (shared/reference/aws-cli/request-two-members.txt).
    let mut headers = http::HeaderMap::new();
    headers.insert("host", "127.0.0.1:18790".parse().unwrap());
    headers.insert("content-type", "application/json".parse().unwrap());
    headers.insert("x-amz-date", "20261122T020033Z".parse().unwrap());
    headers.insert(
        "authorization",
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261122/us-east-1/chime/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date, \
         Signature=fd3b7de63d6bdc552ff3941c4ea8e4b4be5294383276f3925ef6a94348427eaf"
            .parse()
            .unwrap(),
    );
    let request = Captured {
        method: "POST".into(),
        uri: "/accounts/acct-1/rooms/room-1/memberships?operation=batch-create".into(),
        headers,
        body: smithy_rt::Bytes::from_static(
            br#"{"MembershipItemList": [{"MemberId": "a", "Role": "Administrator"}, {"MemberId": "b", "Role": "Member"}]}"#,
        ),
    };
    sigv4::verify(&request, &EXPECTED).expect("the CLI's signature verifies");
    let mut tampered = request.clone();
    tampered.body = smithy_rt::Bytes::from_static(b"{}");
    assert!(sigv4::verify(&tampered, &EXPECTED).is_err());
}

#[tokio::test]
async fn labels_with_reserved_characters_are_encoded_and_signed() {
    let server = TestServer::start(verified(|_, _| json(200, "{}"))).await;
    let client = client(config(&server.url()));
    client
        .invoke::<Op>(input("acct 1/é?", &["a"]))
        .await
        .expect("call succeeds");
    assert_eq!(
        server.requests()[0].uri,
        "/accounts/acct%201%2F%C3%A9%3F/rooms/room-1/memberships?operation=batch-create"
    );
}

#[tokio::test]
async fn the_endpoint_base_path_is_put_in_front_of_the_operation_path() {
    let server = TestServer::start(verified(|_, _| json(200, "{}"))).await;
    let client = client(config(&format!("{}/base/v1/", server.url())));
    client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect("call succeeds");
    assert_eq!(
        server.requests()[0].uri,
        "/base/v1/accounts/acct-1/rooms/room-1/memberships?operation=batch-create"
    );
}

#[tokio::test]
async fn a_modelled_error_becomes_a_service_error_with_its_metadata() {
    let server = TestServer::start(|_, _| {
        json(
            404,
            r#"{"__type":"com.amazonaws.chime#NotFoundException","message":"no such room"}"#,
        )
    })
    .await;
    let client = client(config(&server.url()));
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("404");
    let SdkError::Service(service) = &err else {
        panic!("expected a service error, got {err:?}")
    };
    assert!(matches!(service, OpError::NotFound(_)), "{service:?}");
    assert_eq!(service.code(), Some("NotFoundException"));
    assert_eq!(service.message(), Some("no such room"));
    assert_eq!(service.request_id(), Some("req-404"));
    assert_eq!(service.meta().status(), 404);
    assert_eq!(server.requests().len(), 1, "404 is not retried");
}

#[tokio::test]
async fn a_malformed_success_body_is_a_response_error() {
    let server = TestServer::start(|_, _| json(200, r#"{"Errors": 5}"#)).await;
    let client = client(config(&server.url()));
    let err = client
        .invoke::<Op>(input("acct-1", &["a"]))
        .await
        .expect_err("bad body");
    let SdkError::Response(response) = &err else {
        panic!("expected a response error, got {err:?}")
    };
    assert_eq!(response.status, 200);
    assert_eq!(response.request_id.as_deref(), Some("req-200"));
    assert_eq!(response.source.path(), "/Errors");
}

#[tokio::test]
async fn validation_on_rejects_bad_input_without_sending_anything() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let client = client(config(&server.url()));
    let err = client
        .invoke::<Op>(input("  ", &["a", "b", "c", "d"]))
        .await
        .expect_err("invalid");
    let SdkError::Validation(v) = &err else {
        panic!("expected a validation error, got {err:?}")
    };
    let paths: Vec<_> = v.violations().iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["/AccountId", "/MembershipItemList"]);
    assert!(
        err.to_string()
            .starts_with("invalid input: 2 validation errors detected."),
        "{err}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    assert_eq!(server.requests().len(), 0, "nothing reached the server");
}

#[tokio::test]
async fn validation_off_sends_the_request_and_lets_the_service_judge() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let client = client(config(&server.url()).validation(false));
    client
        .invoke::<Op>(input("  ", &["a", "b", "c", "d"]))
        .await
        .expect("sent and answered");
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].uri,
        "/accounts/%20%20/rooms/room-1/memberships?operation=batch-create"
    );
}

#[tokio::test]
async fn an_input_that_cannot_be_put_on_the_wire_is_a_build_error_even_without_validation() {
    let server = TestServer::start(|_, _| json(200, "{}")).await;
    let client = client(config(&server.url()).validation(false));
    let err = client
        .invoke::<Op>(input("", &["a"]))
        .await
        .expect_err("empty label");
    assert!(matches!(err, SdkError::Build(_)), "{err:?}");
    assert_eq!(server.requests().len(), 0);
}

#[tokio::test]
async fn the_call_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = client(config("http://127.0.0.1:9"));
    let call = client.invoke::<Op>(input("acct-1", &["a"]));
    assert_send(&call);
}
