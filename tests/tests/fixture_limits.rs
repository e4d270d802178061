//! A fixture model with other limits (1..=20 unique items, ids of 3..=36
//! characters matching `^[a-z0-9-]+$`, a third role) generates a validator
//! that enforces those limits: the generator reads the model, not the
//! reference page.

use limits_fixture::operation::batch_create_room_membership::BatchCreateRoomMembershipInput;
use limits_fixture::types::{MembershipItem, RoomMembershipRole};

fn items(n: usize) -> Vec<MembershipItem> {
    (0..n)
        .map(|i| {
            MembershipItem::builder()
                .member_id(format!("member-{i}"))
                .role("Owner")
                .build()
        })
        .collect()
}

fn input(account: &str, list: Vec<MembershipItem>) -> BatchCreateRoomMembershipInput {
    BatchCreateRoomMembershipInput::builder()
        .account_id(account)
        .room_id("room-1")
        .set_membership_item_list(Some(list))
        .build()
        .unwrap()
}

fn messages(i: &BatchCreateRoomMembershipInput) -> Vec<String> {
    i.validate()
        .err()
        .map(|e| e.violations().iter().map(|v| v.message.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn list_limits_come_from_the_model() {
    assert_eq!(messages(&input("acct", items(20))), Vec::<String>::new());
    assert_eq!(
        messages(&input("acct", items(21))),
        ["Value with length 21 at '/MembershipItemList' failed to satisfy constraint: Member must have length between 1 and 20, inclusive"]
    );
    assert_eq!(
        messages(&input("acct", items(0))),
        ["Value with length 0 at '/MembershipItemList' failed to satisfy constraint: Member must have length between 1 and 20, inclusive"]
    );
    let mut dup = items(2);
    dup[1] = dup[0].clone();
    assert_eq!(
        messages(&input("acct", dup)),
        ["Value at '/MembershipItemList' failed to satisfy constraint: Member must have unique values"]
    );
}

#[test]
fn pattern_length_and_enum_come_from_the_model() {
    assert_eq!(
        messages(&input("ACCT", items(1))),
        ["Value at '/AccountId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9-]+$"]
    );
    assert_eq!(
        messages(&input("ab", items(1))),
        ["Value with length 2 at '/AccountId' failed to satisfy constraint: Member must have length between 3 and 36, inclusive"]
    );
    // Lengths count Unicode scalar values, not bytes: 3 characters, 6 bytes, wrong pattern only.
    assert_eq!(messages(&input("ééé", items(1))).len(), 1);
    assert_eq!(
        RoomMembershipRole::values(),
        ["Administrator", "Member", "Owner"]
    );
    assert_eq!(RoomMembershipRole::from("Owner"), RoomMembershipRole::Owner);
}

#[test]
fn the_chime_crate_rejects_what_the_fixture_accepts() {
    let chime_input =
        chime::operation::batch_create_room_membership::BatchCreateRoomMembershipInput::builder()
            .account_id("acct")
            .room_id("room-1")
            .membership_item_list(
                chime::types::MembershipItem::builder()
                    .member_id("m")
                    .role("Owner")
                    .build(),
            )
            .build()
            .unwrap();
    assert_eq!(
        chime_input.validate().unwrap_err().violations()[0].path,
        "/MembershipItemList/0/Role"
    );
}
