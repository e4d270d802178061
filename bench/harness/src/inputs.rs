//! The same BatchCreateRoomMembership input for every contender: ids shaped
//! like the API reference's, alternating roles.

pub const ACCOUNT_ID: &str = "12a3456b-7c89-012d-3456-78901e23fg45";
pub const ROOM_ID: &str = "abcd1e2d-3e45-6789-01f2-3g45h67i890j";
pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const REGION: &str = "us-east-1";

/// Member id number `i`.
pub fn member_id(i: usize) -> String {
    format!("{i:02}ab2345c-67de-8901-f23g-45h678901j2k")
}

/// Whether member `i` is an administrator (else a plain member).
pub fn is_admin(i: usize) -> bool {
    i.is_multiple_of(2)
}

pub fn ours(n: usize) -> Vec<chime::types::MembershipItem> {
    use chime::types::{MembershipItem, RoomMembershipRole};
    (0..n)
        .map(|i| {
            MembershipItem::builder()
                .member_id(member_id(i))
                .role(if is_admin(i) {
                    RoomMembershipRole::Administrator
                } else {
                    RoomMembershipRole::Member
                })
                .build()
        })
        .collect()
}

pub fn ours_input(
    n: usize,
) -> chime::operation::batch_create_room_membership::BatchCreateRoomMembershipInput {
    chime::operation::batch_create_room_membership::BatchCreateRoomMembershipInput::builder()
        .account_id(ACCOUNT_ID)
        .room_id(ROOM_ID)
        .set_membership_item_list(Some(ours(n)))
        .build()
        .expect("all required members set")
}

pub fn aws(n: usize) -> Vec<aws_sdk_chime::types::MembershipItem> {
    use aws_sdk_chime::types::{MembershipItem, RoomMembershipRole};
    (0..n)
        .map(|i| {
            MembershipItem::builder()
                .member_id(member_id(i))
                .role(if is_admin(i) {
                    RoomMembershipRole::Administrator
                } else {
                    RoomMembershipRole::Member
                })
                .build()
        })
        .collect()
}

/// The floor: a plain serde-derived struct with the same wire shape.
#[derive(serde::Serialize)]
pub struct FloorBody<'a> {
    #[serde(rename = "MembershipItemList")]
    pub membership_item_list: &'a [FloorItem],
}

#[derive(serde::Serialize)]
pub struct FloorItem {
    #[serde(rename = "MemberId")]
    pub member_id: String,
    #[serde(rename = "Role")]
    pub role: FloorRole,
}

#[derive(serde::Serialize)]
pub enum FloorRole {
    Administrator,
    Member,
}

pub fn floor(n: usize) -> Vec<FloorItem> {
    (0..n)
        .map(|i| FloorItem {
            member_id: member_id(i),
            role: if is_admin(i) {
                FloorRole::Administrator
            } else {
                FloorRole::Member
            },
        })
        .collect()
}

/// A 201 answer listing `n` per-member errors.
pub fn member_errors_body(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"MemberId":"{}","ErrorCode":"NotFound","ErrorMessage":"The member {} was not found in the account."}}"#,
                member_id(i),
                member_id(i)
            )
        })
        .collect();
    format!(r#"{{"Errors":[{}]}}"#, items.join(","))
}

/// The floor for reading that answer: serde-derived structs (their fields
/// are only read by the benchmark's checks, but serde must fill them all).
#[derive(serde::Deserialize)]
#[allow(dead_code)]
pub struct FloorOutput {
    #[serde(rename = "Errors")]
    pub errors: Option<Vec<FloorMemberError>>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
pub struct FloorMemberError {
    #[serde(rename = "MemberId")]
    pub member_id: Option<String>,
    #[serde(rename = "ErrorCode")]
    pub error_code: Option<FloorErrorCode>,
    #[serde(rename = "ErrorMessage")]
    pub error_message: Option<String>,
}

/// Chime's `ErrorCode` enum, with a catch-all as a forward-compatible client needs.
#[derive(serde::Deserialize)]
pub enum FloorErrorCode {
    BadRequest,
    Conflict,
    Forbidden,
    NotFound,
    PreconditionFailed,
    ResourceLimitExceeded,
    ServiceFailure,
    AccessDenied,
    ServiceUnavailable,
    Throttled,
    Throttling,
    Unauthorized,
    Unprocessable,
    VoiceConnectorGroupAssociationsExist,
    PhoneNumberAssociationsExist,
    #[serde(other)]
    Unknown,
}
