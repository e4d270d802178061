//! The documented examples of tests/reference/api-reference-BatchCreateRoomMembership.txt (a copy of ../shared/reference),
//! exactly: the sample request, the sample response and the seven errors.

use chime::operation::batch_create_room_membership::{
    BatchCreateRoomMembership, BatchCreateRoomMembershipError, BatchCreateRoomMembershipInput,
};
use chime::types::{MembershipItem, RoomMembershipRole};
use chime::ProvideErrorMetadata;
use chime_tests::{json, response};
use smithy_rt::operation::Operation;

fn documented_input() -> BatchCreateRoomMembershipInput {
    BatchCreateRoomMembershipInput::builder()
        .account_id("12a3456b-7c89-012d-3456-78901e23fg45")
        .room_id("abcd1e2d-3e45-6789-01f2-3g45h67i890j")
        .membership_item_list(
            MembershipItem::builder()
                .member_id("1ab2345c-67de-8901-f23g-45h678901j2k")
                .role(RoomMembershipRole::Administrator)
                .build(),
        )
        .membership_item_list(
            MembershipItem::builder()
                .member_id("2ab2345c-67de-8901-f23g-45h678901j2k")
                .role("Member")
                .build(),
        )
        .build()
        .expect("all required members set")
}

#[test]
fn sample_request_matches_the_reference() {
    let input = documented_input();
    assert_eq!(input.validate(), Ok(()));
    let request = BatchCreateRoomMembership::serialize(&input).unwrap();
    assert_eq!(request.method(), "POST");
    assert_eq!(
        request.uri().path(),
        "/accounts/12a3456b-7c89-012d-3456-78901e23fg45/rooms/abcd1e2d-3e45-6789-01f2-3g45h67i890j/memberships"
    );
    assert_eq!(request.uri().query(), Some("operation=batch-create"));
    assert_eq!(request.headers()["content-type"], "application/json");
    let documented = r#"{"MembershipItemList": [{"MemberId": "1ab2345c-67de-8901-f23g-45h678901j2k", "Role": "Administrator"}, {"MemberId": "2ab2345c-67de-8901-f23g-45h678901j2k", "Role": "Member"}]}"#;
    assert_eq!(json(request.body()), json(documented.as_bytes()));
}

#[test]
fn request_matches_what_the_aws_cli_sent() {
    // tests/reference/aws-cli/request-two-members.txt
    let input = BatchCreateRoomMembershipInput::builder()
        .account_id("acct-1")
        .room_id("room-1")
        .membership_item_list(
            MembershipItem::builder()
                .member_id("a")
                .role("Administrator")
                .build(),
        )
        .membership_item_list(
            MembershipItem::builder()
                .member_id("b")
                .role("Member")
                .build(),
        )
        .build()
        .unwrap();
    let request = BatchCreateRoomMembership::serialize(&input).unwrap();
    assert_eq!(
        request.uri().to_string(),
        "/accounts/acct-1/rooms/room-1/memberships?operation=batch-create"
    );
    let sent = r#"{"MembershipItemList": [{"MemberId": "a", "Role": "Administrator"}, {"MemberId": "b", "Role": "Member"}]}"#;
    assert_eq!(json(request.body()), json(sent.as_bytes()));
    // Same member order as botocore, without the spaces.
    assert_eq!(
        std::str::from_utf8(request.body()).unwrap(),
        r#"{"MembershipItemList":[{"MemberId":"a","Role":"Administrator"},{"MemberId":"b","Role":"Member"}]}"#
    );
}

#[test]
fn sample_response_reads_as_empty_errors() {
    let resp = response(
        201,
        &[
            ("x-amzn-RequestId", "169ba401-d886-475f-8b3f-e01eac6fadfb"),
            ("Content-Type", "application/json"),
        ],
        r#"{"Errors":[]}"#,
    );
    let output = BatchCreateRoomMembership::deserialize_output(&resp).unwrap();
    assert_eq!(output.errors, Some(vec![]));
}

#[test]
fn per_member_errors_are_typed() {
    let resp = response(
        201,
        &[],
        r#"{"Errors":[{"MemberId":"m1","ErrorCode":"NotFound","ErrorMessage":"no such user"},{"MemberId":"m2","ErrorCode":"SomethingNew"}]}"#,
    );
    let errors = BatchCreateRoomMembership::deserialize_output(&resp)
        .unwrap()
        .errors
        .unwrap();
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].member_id.as_deref(), Some("m1"));
    assert_eq!(
        errors[0].error_code,
        Some(chime::types::ErrorCode::NotFound)
    );
    assert_eq!(errors[0].error_message.as_deref(), Some("no such user"));
    assert_eq!(
        errors[1].error_code,
        Some(chime::types::ErrorCode::Unknown("SomethingNew".into()))
    );
    assert_eq!(
        errors[1].error_code.as_ref().unwrap().as_str(),
        "SomethingNew"
    );
}

/// The seven documented errors: status and body in, the right variant out,
/// with code and message.
#[test]
fn each_documented_error_maps_to_its_variant() {
    type IsVariant = fn(&BatchCreateRoomMembershipError) -> bool;
    let cases: [(u16, &str, IsVariant); 7] = [
        (
            400,
            "BadRequestException",
            BatchCreateRoomMembershipError::is_bad_request_exception,
        ),
        (
            401,
            "UnauthorizedClientException",
            BatchCreateRoomMembershipError::is_unauthorized_client_exception,
        ),
        (
            403,
            "ForbiddenException",
            BatchCreateRoomMembershipError::is_forbidden_exception,
        ),
        (
            404,
            "NotFoundException",
            BatchCreateRoomMembershipError::is_not_found_exception,
        ),
        (
            429,
            "ThrottledClientException",
            BatchCreateRoomMembershipError::is_throttled_client_exception,
        ),
        (
            500,
            "ServiceFailureException",
            BatchCreateRoomMembershipError::is_service_failure_exception,
        ),
        (
            503,
            "ServiceUnavailableException",
            BatchCreateRoomMembershipError::is_service_unavailable_exception,
        ),
    ];
    for (status, code, is_variant) in cases {
        let body = format!(r#"{{"Code":"BadRequest","Message":"message for {code}"}}"#);
        let resp = response(
            status,
            &[("x-amzn-ErrorType", code), ("x-amzn-RequestId", "req-1")],
            &body,
        );
        let err = BatchCreateRoomMembership::deserialize_error(&resp);
        assert!(is_variant(&err), "{status} {code} became {err:?}");
        assert_eq!(err.code(), Some(code));
        assert_eq!(err.message(), Some(format!("message for {code}").as_str()));
        assert_eq!(err.request_id(), Some("req-1"));
        assert_eq!(err.meta().status(), status);
        assert_eq!(err.to_string(), format!("{code}: message for {code}"));
    }
    // The modelled members are read too.
    let resp = response(
        400,
        &[("x-amzn-ErrorType", "BadRequestException")],
        r#"{"Code":"BadRequest","Message":"x"}"#,
    );
    match BatchCreateRoomMembership::deserialize_error(&resp) {
        BatchCreateRoomMembershipError::BadRequestException(e) => {
            assert_eq!(e.code, Some(chime::types::ErrorCode::BadRequest));
            assert_eq!(e.message.as_deref(), Some("x"));
        }
        other => panic!("{other:?}"),
    }
}
