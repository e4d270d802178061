//! The generated Chime server: the documented request reaches the handler as
//! the documented input, the documented response comes back, each documented
//! error is answered with its status and type, constraint violations are
//! answered as BadRequestException listing every violation, and the
//! generated client round-trips through a real server on 127.0.0.1.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use chime::operation::batch_create_room_membership::{
    BatchCreateRoomMembershipError, BatchCreateRoomMembershipInput, BatchCreateRoomMembershipOutput,
};
use chime::server::ChimeService;
use chime::types::error::{
    BadRequestException, ForbiddenException, NotFoundException, ServiceFailureException,
    ServiceUnavailableException, ThrottledClientException, UnauthorizedClientException,
};
use chime::types::{MemberError, RoomMembershipRole};

#[derive(Default)]
struct State {
    seen: Mutex<Vec<BatchCreateRoomMembershipInput>>,
}

/// A server whose BatchCreateRoomMembership handler records its input and
/// answers by the account id: `fail-<Code>` answers that documented error,
/// anything else the documented empty `Errors`.
fn service() -> (smithy_server::Service<ChimeService<State>>, Arc<State>) {
    let svc = ChimeService::builder(State::default())
        .batch_create_room_membership(
            |state: Arc<State>, input: BatchCreateRoomMembershipInput| async move {
                state.seen.lock().unwrap().push(input.clone());
                use BatchCreateRoomMembershipError as E;
                let msg = "message from the handler";
                match input.account_id.strip_prefix("fail-") {
                    None if input.account_id == "partial" => {
                        Ok(BatchCreateRoomMembershipOutput::builder()
                            .errors(
                                MemberError::builder()
                                    .member_id("b")
                                    .error_code("NotFound")
                                    .error_message("no such member")
                                    .build(),
                            )
                            .build())
                    }
                    None => Ok(BatchCreateRoomMembershipOutput::builder()
                        .set_errors(Some(vec![]))
                        .build()),
                    Some("BadRequestException") => Err(E::BadRequestException(
                        BadRequestException::builder().message(msg).build(),
                    )),
                    Some("UnauthorizedClientException") => Err(E::UnauthorizedClientException(
                        UnauthorizedClientException::builder().message(msg).build(),
                    )),
                    Some("ForbiddenException") => Err(E::ForbiddenException(
                        ForbiddenException::builder().message(msg).build(),
                    )),
                    Some("NotFoundException") => Err(E::NotFoundException(
                        NotFoundException::builder().message(msg).build(),
                    )),
                    Some("ThrottledClientException") => Err(E::ThrottledClientException(
                        ThrottledClientException::builder().message(msg).build(),
                    )),
                    Some("ServiceFailureException") => Err(E::ServiceFailureException(
                        ServiceFailureException::builder().message(msg).build(),
                    )),
                    Some("ServiceUnavailableException") => Err(E::ServiceUnavailableException(
                        ServiceUnavailableException::builder().message(msg).build(),
                    )),
                    Some(_) => panic!("the handler panics"),
                }
            },
        )
        .build_unchecked();
    let state = Arc::clone(svc.state());
    (svc.into_service(), state)
}

fn post(path: &str, body: &str) -> http::Request<Bytes> {
    http::Request::builder()
        .method("POST")
        .uri(path)
        .header("content-type", "application/json")
        .body(Bytes::copy_from_slice(body.as_bytes()))
        .unwrap()
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(body)))
}

#[tokio::test]
async fn the_documented_request_reaches_the_handler_and_the_documented_response_comes_back() {
    let (svc, state) = service();
    let documented = r#"{"MembershipItemList": [{"MemberId": "1ab2345c-67de-8901-f23g-45h678901j2k", "Role": "Administrator"}, {"MemberId": "2ab2345c-67de-8901-f23g-45h678901j2k", "Role": "Member"}]}"#;
    let resp = svc
        .call_bytes(post(
            "/accounts/12a3456b-7c89-012d-3456-78901e23fg45/rooms/abcd1e2d-3e45-6789-01f2-3g45h67i890j/memberships?operation=batch-create",
            documented,
        ))
        .await;
    // The reference page: HTTP/1.1 201, Content-Type: application/json, {"Errors": []}.
    assert_eq!(resp.status(), 201);
    assert_eq!(resp.headers()["content-type"], "application/json");
    assert!(resp.headers().contains_key("x-amzn-requestid"));
    assert_eq!(resp.body().as_ref(), br#"{"Errors":[]}"#);
    let seen = state.seen.lock().unwrap();
    let input = &seen[0];
    assert_eq!(input.account_id, "12a3456b-7c89-012d-3456-78901e23fg45");
    assert_eq!(input.room_id, "abcd1e2d-3e45-6789-01f2-3g45h67i890j");
    assert_eq!(input.membership_item_list.len(), 2);
    assert_eq!(
        input.membership_item_list[0].member_id.as_deref(),
        Some("1ab2345c-67de-8901-f23g-45h678901j2k")
    );
    assert_eq!(
        input.membership_item_list[0].role,
        Some(RoomMembershipRole::Administrator)
    );
    assert_eq!(
        input.membership_item_list[1].role,
        Some(RoomMembershipRole::Member)
    );
}

#[tokio::test]
async fn what_the_aws_cli_sent_is_understood() {
    // tests/reference/aws-cli/request-two-members.txt, headers and body verbatim.
    let (svc, state) = service();
    let req = http::Request::builder()
        .method("POST")
        .uri("/accounts/acct-1/rooms/room-1/memberships?operation=batch-create")
        .header("Host", "127.0.0.1:18790")
        .header("Accept-Encoding", "identity")
        .header("Content-Type", "application/json")
        .header("X-Amz-Date", "20261122T020033Z")
        .body(Bytes::from_static(br#"{"MembershipItemList": [{"MemberId": "a", "Role": "Administrator"}, {"MemberId": "b", "Role": "Member"}]}"#))
        .unwrap();
    let resp = svc.call_bytes(req).await;
    assert_eq!(resp.status(), 201);
    let seen = state.seen.lock().unwrap();
    assert_eq!(seen[0].account_id, "acct-1");
    assert_eq!(
        seen[0].membership_item_list[1].member_id.as_deref(),
        Some("b")
    );
}

#[tokio::test]
async fn each_documented_error_is_answered_with_its_status_and_type() {
    let (svc, _) = service();
    for (code, status) in [
        ("BadRequestException", 400),
        ("UnauthorizedClientException", 401),
        ("ForbiddenException", 403),
        ("NotFoundException", 404),
        ("ThrottledClientException", 429),
        ("ServiceFailureException", 500),
        ("ServiceUnavailableException", 503),
    ] {
        let resp = svc
            .call_bytes(post(
                &format!("/accounts/fail-{code}/rooms/r/memberships?operation=batch-create"),
                r#"{"MembershipItemList":[{"MemberId":"a"}]}"#,
            ))
            .await;
        assert_eq!(resp.status(), status, "{code}");
        assert_eq!(resp.headers()["x-amzn-errortype"], code);
        assert_eq!(json(resp.body())["Message"], "message from the handler");
    }
}

#[tokio::test]
async fn constraint_violations_are_a_bad_request_listing_every_violation() {
    let (svc, state) = service();
    let items: Vec<String> = (0..51)
        .map(|i| format!(r#"{{"MemberId":"m{i}","Role":"Member"}}"#))
        .collect();
    let fifty_one = format!(r#"{{"MembershipItemList":[{}]}}"#, items.join(","));
    let resp = svc
        .call_bytes(post(
            "/accounts/a/rooms/r/memberships?operation=batch-create",
            &fifty_one,
        ))
        .await;
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.headers()["x-amzn-errortype"], "BadRequestException");
    assert_eq!(
        json(resp.body())["Message"],
        "1 validation error detected. Value with length 51 at '/MembershipItemList' failed to satisfy constraint: Member must have length between 0 and 50, inclusive"
    );
    // A blank id and an unknown role: both listed.
    let resp = svc
        .call_bytes(post(
            "/accounts/a/rooms/r/memberships?operation=batch-create",
            r#"{"MembershipItemList":[{"MemberId":" ","Role":"Owner"}]}"#,
        ))
        .await;
    assert_eq!(resp.status(), 400);
    let message = json(resp.body())["Message"].as_str().unwrap().to_owned();
    assert!(
        message.starts_with("2 validation errors detected."),
        "{message}"
    );
    assert!(
        message.contains("'/MembershipItemList/0/MemberId'"),
        "{message}"
    );
    assert!(
        message.contains("'/MembershipItemList/0/Role'"),
        "{message}"
    );
    // A missing required member.
    let resp = svc
        .call_bytes(post(
            "/accounts/a/rooms/r/memberships?operation=batch-create",
            "{}",
        ))
        .await;
    assert_eq!(resp.status(), 400);
    assert_eq!(
        json(resp.body())["Message"],
        "1 validation error detected. Value at '/MembershipItemList' failed to satisfy constraint: Member must not be null"
    );
    assert!(state.seen.lock().unwrap().is_empty(), "no handler ran");
}

#[tokio::test]
async fn malformed_requests_are_answered_by_the_protocol_layer() {
    let (svc, state) = service();
    let path = "/accounts/a/rooms/r/memberships?operation=batch-create";
    let cases: Vec<(http::Request<Bytes>, u16, &str)> = vec![
        (post(path, "{not json"), 400, "SerializationException"),
        (
            post(path, r#"{"MembershipItemList":"x"}"#),
            400,
            "SerializationException",
        ),
        (
            http::Request::builder()
                .method("POST")
                .uri(path)
                .header("content-type", "text/plain")
                .body(Bytes::from_static(b"{}"))
                .unwrap(),
            415,
            "UnsupportedMediaTypeException",
        ),
        (
            http::Request::builder()
                .method("POST")
                .uri(path)
                .header("content-type", "application/json")
                .header("accept", "text/html")
                .body(Bytes::from_static(b"{}"))
                .unwrap(),
            406,
            "NotAcceptableException",
        ),
        (
            post("/no/such/thing", "{}"),
            404,
            "UnknownOperationException",
        ),
        (
            http::Request::builder()
                .method("PATCH")
                .uri(path)
                .body(Bytes::new())
                .unwrap(),
            405,
            "UnknownOperationException",
        ),
        (
            post(
                "/accounts/%FF/rooms/r/memberships?operation=batch-create",
                "{}",
            ),
            400,
            "SerializationException",
        ),
        (
            post(
                "/accounts/fail-panic/rooms/r/memberships?operation=batch-create",
                r#"{"MembershipItemList":[]}"#,
            ),
            500,
            "InternalFailureException",
        ),
    ];
    for (req, status, kind) in cases {
        let what = format!("{} {}", req.method(), req.uri());
        let resp = svc.call_bytes(req).await;
        assert_eq!(resp.status(), status, "{what}");
        assert_eq!(resp.headers()["x-amzn-errortype"], kind, "{what}");
        assert!(resp.headers().contains_key("x-amzn-requestid"), "{what}");
        assert!(
            !String::from_utf8_lossy(resp.body()).contains("panics"),
            "nothing leaked"
        );
    }
    assert_eq!(
        state.seen.lock().unwrap().len(),
        1,
        "only the panicking call ran"
    );
}

#[tokio::test]
async fn the_builder_names_the_operations_without_a_handler() {
    let missing = ChimeService::builder(())
        .batch_create_room_membership(|_, _| async {
            Ok(BatchCreateRoomMembershipOutput::builder().build())
        })
        .build()
        .err()
        .expect("61 handlers are missing");
    assert_eq!(missing.operations().len(), 61);
    assert!(missing.operations().contains(&"CreateRoom"));
    assert!(!missing.operations().contains(&"BatchCreateRoomMembership"));
}

#[tokio::test]
async fn the_generated_client_round_trips_through_a_loopback_server() {
    let (svc, state) = service();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(smithy_server::serve(listener, svc));
    let client = chime::Client::new(
        chime::Client::config_builder()
            .region("us-east-1")
            .static_credentials("AKID", "SECRET", None)
            .endpoint_url(format!("http://{addr}"))
            .build(),
    );
    let out = client
        .batch_create_room_membership()
        .account_id("partial")
        .room_id("room 1/x")
        .membership_item_list(
            chime::types::MembershipItem::builder()
                .member_id("a")
                .role("Administrator")
                .build(),
        )
        .membership_item_list(
            chime::types::MembershipItem::builder()
                .member_id("b")
                .build(),
        )
        .send()
        .await
        .unwrap();
    let errors = out.errors.unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].error_code,
        Some(chime::types::ErrorCode::NotFound)
    );
    assert_eq!(state.seen.lock().unwrap()[0].room_id, "room 1/x");
    let err = client
        .batch_create_room_membership()
        .account_id("fail-NotFoundException")
        .room_id("r")
        .membership_item_list(
            chime::types::MembershipItem::builder()
                .member_id("a")
                .build(),
        )
        .send()
        .await
        .unwrap_err();
    let err = err.into_service_error().expect("a service error");
    assert!(err.is_not_found_exception(), "{err:?}");
    server.abort();
}
