//! restJson1 edge cases of the generated serializer and deserializers: labels
//! that try to escape their path segment, and hostile or broken responses.

use chime::operation::batch_create_room_membership::{
    BatchCreateRoomMembership, BatchCreateRoomMembershipError, BatchCreateRoomMembershipInput,
};
use chime::types::MembershipItem;
use chime::ProvideErrorMetadata;
use chime_tests::response;
use smithy_rt::operation::Operation;

fn request_uri(account: &str, room: &str) -> Result<String, smithy_rt::error::BuildError> {
    let input = BatchCreateRoomMembershipInput::builder()
        .account_id(account)
        .room_id(room)
        .membership_item_list(MembershipItem::builder().member_id("a").build())
        .build()
        .unwrap();
    BatchCreateRoomMembership::serialize(&input).map(|r| r.uri().to_string())
}

#[test]
fn labels_can_never_change_the_path_or_query() {
    let cases = [
        (
            "../x",
            "/accounts/..%2Fx/rooms/r/memberships?operation=batch-create",
        ),
        (
            "..",
            "/accounts/%2E%2E/rooms/r/memberships?operation=batch-create",
        ),
        (
            "a/b",
            "/accounts/a%2Fb/rooms/r/memberships?operation=batch-create",
        ),
        (
            "a?b",
            "/accounts/a%3Fb/rooms/r/memberships?operation=batch-create",
        ),
        (
            "a#b",
            "/accounts/a%23b/rooms/r/memberships?operation=batch-create",
        ),
        (
            "a b",
            "/accounts/a%20b/rooms/r/memberships?operation=batch-create",
        ),
        (
            "   ",
            "/accounts/%20%20%20/rooms/r/memberships?operation=batch-create",
        ),
        (
            "ünï",
            "/accounts/%C3%BCn%C3%AF/rooms/r/memberships?operation=batch-create",
        ),
        (
            "a&operation=x",
            "/accounts/a%26operation%3Dx/rooms/r/memberships?operation=batch-create",
        ),
    ];
    for (label, expected) in cases {
        let uri = request_uri(label, "r").unwrap();
        assert_eq!(uri, expected, "label {label:?}");
        let parsed: http::Uri = uri.parse().unwrap();
        assert_eq!(
            parsed.path().split('/').count(),
            6,
            "label {label:?} changed the number of segments"
        );
        assert_eq!(parsed.query(), Some("operation=batch-create"));
    }
}

#[test]
fn an_empty_label_is_a_build_error_not_a_collapsed_path() {
    let err = request_uri("", "r").unwrap_err();
    assert_eq!(err.problems()[0].path, "/AccountId");
    let err = request_uri("a", "").unwrap_err();
    assert_eq!(err.problems()[0].path, "/RoomId");
}

#[test]
fn broken_success_responses_are_typed_errors() {
    let cases = [
        // Truncated bodies: the pointer says how far the reader got.
        (r#"{"Errors":["#, "/Errors"),
        (r#"{"Errors":[{"MemberId":"a""#, "/Errors/0/MemberId"),
        ("<html>oops</html>", ""),
        (r#"{"Errors":{"MemberId":"a"}}"#, "/Errors"),
        (r#"{"Errors":[{"MemberId":5}]}"#, "/Errors/0/MemberId"),
        (r#"{"Errors":[{"ErrorCode":true}]}"#, "/Errors/0/ErrorCode"),
        (r#"[1,2]"#, ""),
        ("\"Errors\"", ""),
    ];
    for (body, path) in cases {
        let err =
            BatchCreateRoomMembership::deserialize_output(&response(201, &[], body)).unwrap_err();
        assert_eq!(err.path(), path, "body {body:?}: {err}");
    }
    // An empty body, explicit nulls and unknown members are fine.
    assert_eq!(
        BatchCreateRoomMembership::deserialize_output(&response(201, &[], ""))
            .unwrap()
            .errors,
        None
    );
    assert_eq!(
        BatchCreateRoomMembership::deserialize_output(&response(
            201,
            &[],
            r#"{"Errors":null,"New":1}"#
        ))
        .unwrap()
        .errors,
        None
    );
    // Deep nesting is refused by the parser's recursion limit, not by a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(BatchCreateRoomMembership::deserialize_output(&response(201, &[], &deep)).is_err());
}

#[test]
fn error_codes_follow_the_restjson1_rules() {
    // Header wins over the body; anything after ':' is dropped.
    let resp = response(
        400,
        &[(
            "X-Amzn-ErrorType",
            "NotFoundException:http://internal.amazon.com/coral/",
        )],
        r#"{"code":"BadRequestException","message":"gone"}"#,
    );
    let err = BatchCreateRoomMembership::deserialize_error(&resp);
    assert!(err.is_not_found_exception(), "{err:?}");
    assert_eq!(err.message(), Some("gone"));
    // `__type` with a namespace.
    let resp = response(
        400,
        &[],
        r#"{"__type":"com.amazonaws.chime#ForbiddenException","Message":"no"}"#,
    );
    assert!(BatchCreateRoomMembership::deserialize_error(&resp).is_forbidden_exception());
    // No code at all: the modelled status decides, even with an HTML body.
    let resp = response(503, &[], "<html>Service Unavailable</html>");
    let err = BatchCreateRoomMembership::deserialize_error(&resp);
    assert!(err.is_service_unavailable_exception(), "{err:?}");
    assert_eq!(err.code(), Some("ServiceUnavailableException"));
    // An unknown code keeps status, code, message and raw body.
    let resp = response(
        409,
        &[("x-amzn-RequestId", "r-9")],
        r#"{"code":"ConflictException","message":"busy"}"#,
    );
    match BatchCreateRoomMembership::deserialize_error(&resp) {
        BatchCreateRoomMembershipError::Unhandled(u) => {
            assert_eq!(
                (u.meta().status(), u.code(), u.message(), u.request_id()),
                (409, Some("ConflictException"), Some("busy"), Some("r-9"))
            );
            assert_eq!(
                &u.body()[..],
                br#"{"code":"ConflictException","message":"busy"}"#
            );
        }
        other => panic!("{other:?}"),
    }
    // A modelled code whose body has the wrong types is kept as unhandled, not dropped.
    let resp = response(
        400,
        &[("x-amzn-ErrorType", "BadRequestException")],
        r#"{"Message":42}"#,
    );
    assert!(BatchCreateRoomMembership::deserialize_error(&resp).is_unhandled());
    // Unknown status without code.
    let resp = response(418, &[], "");
    let err = BatchCreateRoomMembership::deserialize_error(&resp);
    assert!(err.is_unhandled());
    assert_eq!(err.meta().status(), 418);
}

#[test]
fn debug_and_display_are_useful() {
    let item = MembershipItem::builder()
        .member_id("a")
        .role("Member")
        .build();
    assert_eq!(
        format!("{item:?}"),
        r#"MembershipItem { member_id: Some("a"), role: Some(Member) }"#
    );
}

/// Every truncation and many byte-level corruptions of real responses are
/// read without a panic: as a typed error, or (for some corruptions that stay
/// valid JSON) as a value.
#[test]
fn corrupted_responses_never_panic() {
    let ok = br#"{"Errors":[{"MemberId":"m1","ErrorCode":"NotFound","ErrorMessage":"no such user \u00e9"}]}"#;
    let err = br#"{"Code":"BadRequest","Message":"x","__type":"ns#BadRequestException"}"#;
    for body in [&ok[..], &err[..]] {
        for cut in 0..body.len() {
            let truncated = &body[..cut];
            let r = http::Response::builder()
                .status(201)
                .body(bytes::Bytes::copy_from_slice(truncated))
                .unwrap();
            let _ = BatchCreateRoomMembership::deserialize_output(&r);
            let r = http::Response::builder()
                .status(400)
                .body(bytes::Bytes::copy_from_slice(truncated))
                .unwrap();
            let _ = BatchCreateRoomMembership::deserialize_error(&r);
        }
        for i in 0..body.len() {
            for b in [b'"', b'{', b']', b'\\', 0xff, b'0'] {
                let mut corrupt = body.to_vec();
                corrupt[i] = b;
                let r = http::Response::builder()
                    .status(201)
                    .body(bytes::Bytes::from(corrupt.clone()))
                    .unwrap();
                let _ = BatchCreateRoomMembership::deserialize_output(&r);
                let r = http::Response::builder()
                    .status(503)
                    .body(bytes::Bytes::from(corrupt))
                    .unwrap();
                let _ = BatchCreateRoomMembership::deserialize_error(&r);
            }
        }
    }
}
