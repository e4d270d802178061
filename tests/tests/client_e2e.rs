//! The generated client end to end over real HTTP on 127.0.0.1: the test
//! server recomputes every SigV4 signature from the secret key and checks
//! the exact request; answers come back typed.

use std::time::Duration;

use chime::operation::batch_create_room_membership::BatchCreateRoomMembershipError;
use chime::types::{MembershipItem, RoomMembershipRole};
use chime::{Client, Config, ProvideErrorMetadata, RetryConfig, SdkError, TimeoutConfig};
use test_support::server::{json, Captured, Reply, TestServer};
use test_support::sigv4;

use test_support::sigv4::{
    EXAMPLE_ACCESS_KEY as AKID, EXAMPLE_CHIME as EXPECTED, EXAMPLE_SECRET as SECRET,
};

fn client(url: &str, validation: bool) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .static_credentials(AKID, SECRET, Some("SESSIONTOKEN".to_owned()))
            .endpoint_url(url)
            .validation(validation)
            .retry_config(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(2))
                    .with_max_backoff(Duration::from_millis(10)),
            )
            .timeout_config(TimeoutConfig::standard().with_attempt(Duration::from_secs(5)))
            .build(),
    )
}

/// Answers with `reply` once the signature and the request are right, else 403/400.
fn checked(
    reply: impl Fn(usize) -> Reply + Send + Sync + 'static,
) -> impl Fn(&Captured, usize) -> Reply + Send + Sync {
    move |req, i| {
        if let Err(why) = sigv4::verify(req, &EXPECTED) {
            return json(403, &format!(r#"{{"Message":"bad signature: {why}"}}"#));
        }
        let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
        let expected: serde_json::Value = serde_json::json!({
            "MembershipItemList": [
                {"MemberId": "a", "Role": "Administrator"},
                {"MemberId": "b", "Role": "Member"}
            ]
        });
        if req.method != "POST"
            || req.uri != "/accounts/acct-1/rooms/room-1/memberships?operation=batch-create"
            || req.header("content-type") != Some("application/json")
            || req.header("x-amz-security-token") != Some("SESSIONTOKEN")
            || body != expected
        {
            return json(
                400,
                &format!(
                    r#"{{"Message":"unexpected request {} {}"}}"#,
                    req.method, req.uri
                ),
            );
        }
        reply(i)
    }
}

async fn call(
    client: &Client,
) -> Result<
    chime::operation::batch_create_room_membership::BatchCreateRoomMembershipOutput,
    SdkError<BatchCreateRoomMembershipError>,
> {
    client
        .batch_create_room_membership()
        .account_id("acct-1")
        .room_id("room-1")
        .membership_item_list(
            MembershipItem::builder()
                .member_id("a")
                .role(RoomMembershipRole::Administrator)
                .build(),
        )
        .membership_item_list(
            MembershipItem::builder()
                .member_id("b")
                .role("Member")
                .build(),
        )
        .send()
        .await
}

#[tokio::test]
async fn success_returns_the_typed_output() {
    let server = TestServer::start(checked(|_| {
        json(201, r#"{"Errors":[{"MemberId":"b","ErrorCode":"NotFound","ErrorMessage":"no such member"}]}"#)
    }))
    .await;
    let output = call(&client(&server.url(), true)).await.unwrap();
    let errors = output.errors.unwrap();
    assert_eq!(errors[0].member_id.as_deref(), Some("b"));
    assert_eq!(
        errors[0].error_code,
        Some(chime::types::ErrorCode::NotFound)
    );
    assert_eq!(server.requests().len(), 1);
    assert_eq!(
        server.requests()[0].header("amz-sdk-request"),
        Some("attempt=1; max=3")
    );
}

#[tokio::test]
async fn each_modelled_error_arrives_as_its_variant() {
    let codes = [
        (400, "BadRequestException"),
        (401, "UnauthorizedClientException"),
        (403, "ForbiddenException"),
        (404, "NotFoundException"),
        (429, "ThrottledClientException"),
        (500, "ServiceFailureException"),
        (503, "ServiceUnavailableException"),
    ];
    for (status, code) in codes {
        let server = TestServer::start(checked(move |_| {
            let mut reply = json(
                status,
                &format!(r#"{{"Code":"BadRequest","Message":"no {code}"}}"#),
            );
            if let Reply::Respond(r) = &mut reply {
                r.headers_mut()
                    .insert("x-amzn-ErrorType", code.parse().unwrap());
            }
            reply
        }))
        .await;
        let client = Client::new(
            client(&server.url(), true)
                .config()
                .to_builder()
                .max_attempts(1)
                .build(),
        );
        let err = call(&client).await.unwrap_err();
        let service = err
            .as_service_error()
            .unwrap_or_else(|| panic!("{status}: {err:?}"));
        assert_eq!(service.code(), Some(code));
        assert_eq!(service.message(), Some(format!("no {code}").as_str()));
        assert_eq!(service.request_id(), Some(format!("req-{status}").as_str()));
        assert!(!service.is_unhandled(), "{status} {code}");
        assert_eq!(err.to_string(), format!("{code}: no {code}"));
    }
}

#[tokio::test]
async fn a_503_then_201_succeeds_on_the_second_attempt() {
    let server = TestServer::start(checked(|i| {
        if i == 0 {
            json(503, "{}")
        } else {
            json(201, r#"{"Errors":[]}"#)
        }
    }))
    .await;
    let output = call(&client(&server.url(), true)).await.unwrap();
    assert_eq!(output.errors, Some(vec![]));
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].header("amz-sdk-request"), Some("attempt=2; max=3"));
    assert_eq!(
        seen[0].header("amz-sdk-invocation-id"),
        seen[1].header("amz-sdk-invocation-id")
    );
}

#[tokio::test]
async fn throttling_is_retried_up_to_the_limit_and_400_is_not_retried() {
    let server = TestServer::start(checked(|_| json(429, r#"{"Message":"slow down"}"#))).await;
    let err = call(&client(&server.url(), true)).await.unwrap_err();
    assert!(matches!(
        err.as_service_error(),
        Some(BatchCreateRoomMembershipError::ThrottledClientException(_))
    ));
    assert_eq!(server.requests().len(), 3);

    let server = TestServer::start(checked(|_| json(400, r#"{"Message":"bad"}"#))).await;
    let err = call(&client(&server.url(), true)).await.unwrap_err();
    assert!(err.as_service_error().unwrap().is_bad_request_exception());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn validation_stops_51_items_before_sending_unless_turned_off() {
    let server = TestServer::start(|_: &Captured, _| json(201, r#"{"Errors":[]}"#)).await;
    let send = |client: Client| async move {
        let mut b = client
            .batch_create_room_membership()
            .account_id("acct-1")
            .room_id("room-1");
        for i in 0..51 {
            b = b.membership_item_list(
                MembershipItem::builder()
                    .member_id(format!("m{i}"))
                    .role("Member")
                    .build(),
            );
        }
        b.send().await
    };
    match send(client(&server.url(), true)).await.unwrap_err() {
        SdkError::Validation(v) => assert_eq!(v.violations()[0].path, "/MembershipItemList"),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 0);
    send(client(&server.url(), false)).await.unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn missing_required_members_fail_before_anything_is_sent() {
    let server = TestServer::start(|_: &Captured, _| json(201, "{}")).await;
    let err = client(&server.url(), true)
        .batch_create_room_membership()
        .room_id("r")
        .send()
        .await
        .unwrap_err();
    match err {
        SdkError::Build(e) => {
            let paths: Vec<&str> = e.problems().iter().map(|p| p.path.as_str()).collect();
            assert_eq!(paths, ["/AccountId", "/MembershipItemList"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_mock_connector_answers_without_a_network() {
    let mock = smithy_client::client::MockConnector::new().with_json(201, r#"{"Errors":[]}"#);
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .static_credentials(AKID, SECRET, None)
            .http_connector(mock.clone())
            .build(),
    );
    let output = call(&client).await.unwrap();
    assert_eq!(output.errors, Some(vec![]));
    let sent = mock.requests();
    assert_eq!(sent.len(), 1);
    // The default endpoint comes from the model's endpoint rules.
    assert_eq!(sent[0].uri().host(), Some("chime.us-east-1.amazonaws.com"));
    assert_eq!(sent[0].uri().scheme_str(), Some("https"));
}

fn mock_client(mock: &smithy_client::client::MockConnector) -> Client {
    Client::new(
        Config::builder()
            .region("us-east-1")
            .static_credentials(AKID, SECRET, None)
            .http_connector(mock.clone())
            .build(),
    )
}

#[tokio::test]
async fn a_response_missing_required_simple_members_is_corrected_to_zero_values() {
    // Client error correction (as smithy-rs does): the model requires
    // `AwsAccountId` and `Name`, the service left them out.
    let mock = smithy_client::client::MockConnector::new()
        .with_json(200, r#"{"Account":{"AccountId":"a-1"}}"#);
    let output = mock_client(&mock)
        .get_account()
        .account_id("a-1")
        .send()
        .await
        .unwrap();
    let account = output.account.unwrap();
    assert_eq!(account.account_id, "a-1");
    assert_eq!(account.aws_account_id, "");
    assert_eq!(account.name, "");
}

#[tokio::test]
async fn a_response_missing_a_required_structure_is_still_an_error() {
    // `UserSettings.Telephony` is a required structure: no zero value.
    let mock = smithy_client::client::MockConnector::new().with_json(200, r#"{"UserSettings":{}}"#);
    let err = mock_client(&mock)
        .get_user_settings()
        .account_id("a-1")
        .user_id("u-1")
        .send()
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("/UserSettings/Telephony"), "{text}");
    assert!(text.contains("required member is missing"), "{text}");
}
