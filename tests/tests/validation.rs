//! The generated validator: every constraint in the closure, all violations
//! at once, JSON-pointer paths and Smithy's wording.

use chime::operation::batch_create_room_membership::BatchCreateRoomMembershipInput;
use chime::types::MembershipItem;

fn items(n: usize) -> Vec<MembershipItem> {
    (0..n)
        .map(|i| {
            MembershipItem::builder()
                .member_id(format!("m{i}"))
                .role("Member")
                .build()
        })
        .collect()
}

fn input(account: &str, room: &str, list: Vec<MembershipItem>) -> BatchCreateRoomMembershipInput {
    BatchCreateRoomMembershipInput::builder()
        .account_id(account)
        .room_id(room)
        .set_membership_item_list(Some(list))
        .build()
        .unwrap()
}

fn messages(i: &BatchCreateRoomMembershipInput) -> Vec<(String, String)> {
    match i.validate() {
        Ok(()) => vec![],
        Err(e) => e
            .violations()
            .iter()
            .map(|v| (v.path.clone(), v.message.clone()))
            .collect(),
    }
}

#[test]
fn item_counts_0_1_50_are_valid_and_51_is_not() {
    for n in [0, 1, 50] {
        assert_eq!(messages(&input("a", "r", items(n))), vec![], "{n} items");
    }
    assert_eq!(
        messages(&input("a", "r", items(51))),
        vec![(
            "/MembershipItemList".to_owned(),
            "Value with length 51 at '/MembershipItemList' failed to satisfy constraint: Member must have length between 0 and 50, inclusive"
                .to_owned()
        )]
    );
}

#[test]
fn empty_blank_and_whitespace_ids_fail_the_pattern() {
    for bad in ["", " ", "   ", "\t\n", "\u{a0}\u{2003}\u{feff}"] {
        let v = messages(&input(bad, "room", items(1)));
        assert_eq!(
            v,
            vec![(
                "/AccountId".to_owned(),
                r"Value at '/AccountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \S".to_owned()
            )],
            "account id {bad:?}"
        );
    }
    // One non-space anywhere satisfies the unanchored `\S`.
    assert_eq!(messages(&input("  x  ", "room", items(1))), vec![]);
    let mut list = items(4);
    list[3] = MembershipItem::builder()
        .member_id(" ")
        .role("Member")
        .build();
    assert_eq!(
        messages(&input("a", "r", list)),
        vec![(
            "/MembershipItemList/3/MemberId".to_owned(),
            r"Value at '/MembershipItemList/3/MemberId' failed to satisfy constraint: Member must satisfy regular expression pattern: \S"
                .to_owned()
        )]
    );
}

#[test]
fn unknown_role_is_reported_with_the_allowed_values() {
    let list = vec![MembershipItem::builder()
        .member_id("a")
        .role("administrator")
        .build()];
    assert_eq!(
        messages(&input("a", "r", list)),
        vec![(
            "/MembershipItemList/0/Role".to_owned(),
            "Value at '/MembershipItemList/0/Role' failed to satisfy constraint: Member must satisfy enum value set: [Administrator, Member]"
                .to_owned()
        )]
    );
}

#[test]
fn missing_required_members_are_all_reported_by_the_builder() {
    let err = BatchCreateRoomMembershipInput::builder()
        .build()
        .unwrap_err();
    let paths: Vec<&str> = err.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["/AccountId", "/RoomId", "/MembershipItemList"]);
    assert_eq!(
        err.problems()[0].message,
        "Value at '/AccountId' failed to satisfy constraint: Member must not be null"
    );
    let err = BatchCreateRoomMembershipInput::builder()
        .room_id("r")
        .build()
        .unwrap_err();
    let paths: Vec<&str> = err.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["/AccountId", "/MembershipItemList"]);
}

#[test]
fn several_violations_are_all_reported_in_walk_order() {
    let mut list = items(51);
    list[3] = MembershipItem::builder()
        .member_id("")
        .role("Member")
        .build();
    list[7] = MembershipItem::builder()
        .member_id("x")
        .role("Owner")
        .build();
    let input = input(" ", "", list);
    let err = input.validate().unwrap_err();
    let paths: Vec<&str> = err.violations().iter().map(|v| v.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/AccountId",
            "/RoomId",
            "/MembershipItemList",
            "/MembershipItemList/3/MemberId",
            "/MembershipItemList/7/Role"
        ]
    );
    assert!(err
        .to_string()
        .starts_with("5 validation errors detected. Value at '/AccountId'"));
}
