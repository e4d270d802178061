//! The SigV4 verifier against requests signed by the `aws-sigv4` crate (what the AWS SDKs use).

use std::time::{Duration, SystemTime};

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use chime_emulator::auth::{verify, AuthError, Keys};

const KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn keys() -> Keys {
    let mut keys = Keys::new();
    keys.insert(KEY_ID, SECRET);
    keys.insert("AKIDOTHER", "another-secret");
    keys
}

/// A BatchCreateRoomMembership request signed with `secret` at `time`.
fn signed(key_id: &str, secret: &str, time: SystemTime, body: &str) -> http::Request<Vec<u8>> {
    let uri = "http://127.0.0.1:5181/accounts/12a3456b-7c89-012d-3456-78901e23fg45/rooms/r%2B1/memberships?operation=batch-create";
    let headers = [
        ("host", "127.0.0.1:5181"),
        ("content-type", "application/json"),
    ];
    let signable = SignableRequest::new(
        "POST",
        uri,
        headers.iter().copied(),
        SignableBody::Bytes(body.as_bytes()),
    )
    .unwrap();
    let identity = Credentials::new(key_id, secret, None, None, "test").into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("chime")
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    let mut request = http::Request::builder().method("POST").uri(uri);
    for (k, v) in headers {
        request = request.header(k, v);
    }
    for (k, v) in instructions.headers() {
        request = request.header(k, v);
    }
    request.body(body.as_bytes().to_vec()).unwrap()
}

fn check(request: http::Request<Vec<u8>>, now: SystemTime) -> Result<(), AuthError> {
    let (parts, body) = request.into_parts();
    verify(&parts, &body, &keys(), now)
}

const BODY: &str = r#"{"MembershipItemList":[{"MemberId":"1ab2345c","Role":"Member"}]}"#;

#[test]
fn accepts_a_request_signed_by_aws_sigv4() {
    let now = SystemTime::now();
    check(signed(KEY_ID, SECRET, now, BODY), now).unwrap();
    // Any configured key works, and a few minutes of clock skew are fine.
    check(
        signed("AKIDOTHER", "another-secret", now, BODY),
        now + Duration::from_secs(14 * 60),
    )
    .unwrap();
}

#[test]
fn refuses_a_wrong_secret() {
    let now = SystemTime::now();
    let err = check(signed(KEY_ID, "not-the-secret", now, BODY), now).unwrap_err();
    assert_eq!(err, AuthError::SignatureMismatch);
}

#[test]
fn refuses_an_unknown_access_key() {
    let now = SystemTime::now();
    let err = check(signed("AKIDUNKNOWN", SECRET, now, BODY), now).unwrap_err();
    assert_eq!(err, AuthError::UnknownKey("AKIDUNKNOWN".to_owned()));
}

#[test]
fn refuses_a_request_older_than_15_minutes() {
    let now = SystemTime::now();
    let then = now - Duration::from_secs(16 * 60);
    let err = check(signed(KEY_ID, SECRET, then, BODY), now).unwrap_err();
    assert!(matches!(err, AuthError::Expired { .. }), "{err:?}");
    // Also from the future.
    let later = now + Duration::from_secs(16 * 60);
    let err = check(signed(KEY_ID, SECRET, later, BODY), now).unwrap_err();
    assert!(matches!(err, AuthError::Expired { .. }), "{err:?}");
}

#[test]
fn refuses_a_tampered_body() {
    let now = SystemTime::now();
    let request = signed(KEY_ID, SECRET, now, BODY);
    let (parts, _) = request.into_parts();
    let tampered = BODY.replace("Member\"", "Administrator\"");
    let err = verify(&parts, tampered.as_bytes(), &keys(), now).unwrap_err();
    assert!(
        matches!(err, AuthError::SignatureMismatch | AuthError::BodyMismatch),
        "{err:?}"
    );
}

#[test]
fn refuses_a_tampered_path_query_or_header() {
    let now = SystemTime::now();
    let (mut parts, body) = signed(KEY_ID, SECRET, now, BODY).into_parts();
    parts.uri = parts
        .uri
        .to_string()
        .replace("batch-create", "batch-delete")
        .parse()
        .unwrap();
    assert_eq!(
        verify(&parts, &body, &keys(), now).unwrap_err(),
        AuthError::SignatureMismatch
    );
    let (mut parts, body) = signed(KEY_ID, SECRET, now, BODY).into_parts();
    parts
        .headers
        .insert("host", http::HeaderValue::from_static("evil.example"));
    assert_eq!(
        verify(&parts, &body, &keys(), now).unwrap_err(),
        AuthError::SignatureMismatch
    );
}

#[test]
fn refuses_unsigned_and_malformed_requests() {
    let now = SystemTime::now();
    let (parts, body) = http::Request::builder()
        .uri("/accounts")
        .body(Vec::<u8>::new())
        .unwrap()
        .into_parts();
    assert_eq!(
        verify(&parts, &body, &keys(), now).unwrap_err(),
        AuthError::Missing
    );
    let (parts, body) = http::Request::builder()
        .uri("/accounts")
        .header("authorization", "AWS4-HMAC-SHA256 garbage")
        .body(Vec::<u8>::new())
        .unwrap()
        .into_parts();
    assert!(matches!(
        verify(&parts, &body, &keys(), now).unwrap_err(),
        AuthError::Malformed(_)
    ));
}

#[test]
fn secrets_never_show_in_debug_or_messages() {
    let keys = keys();
    let debug = format!("{keys:?}");
    assert!(debug.contains(KEY_ID));
    assert!(!debug.contains(SECRET) && !debug.contains("another-secret"));
    let now = SystemTime::now();
    let err = check(signed(KEY_ID, "wrong", now, BODY), now).unwrap_err();
    assert!(!err.to_string().contains(SECRET));
}

#[test]
fn reads_every_profile_of_a_credentials_file() {
    let keys = Keys::from_credentials_text(
        "[default]\naws_access_key_id = AKID1\naws_secret_access_key = s1\n\n\
         # comment\n[profile other]\naws_access_key_id=AKID2\naws_secret_access_key=s2\nregion=us-east-1\n",
    )
    .unwrap();
    assert_eq!(
        keys.access_key_ids().collect::<Vec<_>>(),
        ["AKID1", "AKID2"]
    );
    assert!(Keys::from_credentials_text("[x]\naws_access_key_id = A\n").is_err());
}
