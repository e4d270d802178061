//! The scenario of issue 10, on the handlers directly (no HTTP): an Enterprise account, users, a
//! bot, a room; a batch of 50 members including unknown, suspended, duplicate and bot ids; the
//! per-member errors; paginated listing; a role update; a membership deletion; the room deleted
//! and 404s after.

use std::collections::BTreeSet;
use std::sync::Arc;

use chime::operation::batch_create_room_membership::*;
use chime::operation::batch_suspend_user::BatchSuspendUserInput;
use chime::operation::create_account::CreateAccountInput;
use chime::operation::create_bot::CreateBotInput;
use chime::operation::create_room::CreateRoomInput;
use chime::operation::create_room_membership::{
    CreateRoomMembershipError, CreateRoomMembershipInput,
};
use chime::operation::create_user::CreateUserInput;
use chime::operation::delete_room::DeleteRoomInput;
use chime::operation::delete_room_membership::{
    DeleteRoomMembershipError, DeleteRoomMembershipInput,
};
use chime::operation::get_room::{GetRoomError, GetRoomInput};
use chime::operation::list_room_memberships::{ListRoomMembershipsError, ListRoomMembershipsInput};
use chime::operation::update_room_membership::UpdateRoomMembershipInput;
use chime::types::{AccountType, ErrorCode, MemberType, MembershipItem, RoomMembershipRole};
use chime_emulator::{ops, Emulator, Options, Store};

fn enterprise_emulator() -> Arc<Emulator> {
    let options = Options {
        account_type: AccountType::EnterpriseLwa,
        ..Options::default()
    };
    Arc::new(Emulator::new(Store::open_in_memory().unwrap(), options))
}

#[tokio::test]
async fn batch_create_room_membership_scenario() {
    let emu = enterprise_emulator();
    let account = ops::create_account(
        emu.clone(),
        CreateAccountInput::builder()
            .name("Example Corp")
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .account
    .unwrap();
    let account_id = account.account_id.clone();
    assert_eq!(account.account_type, Some(AccountType::EnterpriseLwa));

    let mut users = Vec::new();
    for i in 0..46 {
        let user = ops::create_user(
            emu.clone(),
            CreateUserInput::builder()
                .account_id(&account_id)
                .email(format!("user{i}@example.com"))
                .username(format!("User {i}"))
                .build()
                .unwrap(),
        )
        .await
        .unwrap()
        .user
        .unwrap();
        users.push(user.user_id);
    }
    let bot = ops::create_bot(
        emu.clone(),
        CreateBotInput::builder()
            .account_id(&account_id)
            .display_name("Helper Bot")
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .bot
    .unwrap();
    let bot_id = bot.bot_id.unwrap();
    let room = ops::create_room(
        emu.clone(),
        CreateRoomInput::builder()
            .account_id(&account_id)
            .name("General")
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .room
    .unwrap();
    let room_id = room.room_id.unwrap();

    // User 45 is suspended; user 44 is already a member as Administrator.
    let suspended = users[45].clone();
    let out = ops::batch_suspend_user(
        emu.clone(),
        BatchSuspendUserInput::builder()
            .account_id(&account_id)
            .user_id_list(&suspended)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(out.user_errors, Some(vec![]));
    let existing = users[44].clone();
    ops::create_room_membership(
        emu.clone(),
        CreateRoomMembershipInput::builder()
            .account_id(&account_id)
            .room_id(&room_id)
            .member_id(&existing)
            .role(RoomMembershipRole::Administrator)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();

    // 50 items: 44 users (every third an administrator), the bot, an unknown id, the suspended
    // user, user 0 again with the same role, user 1 again with another role, and the existing
    // administrator as a plain member.
    let unknown = "00000000-0000-4000-8000-000000000000".to_owned();
    let mut items: Vec<MembershipItem> = Vec::new();
    for (i, u) in users[..44].iter().enumerate() {
        let mut item = MembershipItem::builder().member_id(u);
        if i % 3 == 0 {
            item = item.role(RoomMembershipRole::Administrator);
        }
        items.push(item.build());
    }
    items.push(MembershipItem::builder().member_id(&bot_id).build());
    items.push(MembershipItem::builder().member_id(&unknown).build());
    items.push(MembershipItem::builder().member_id(&suspended).build());
    items.push(
        MembershipItem::builder()
            .member_id(&users[0])
            .role(RoomMembershipRole::Administrator)
            .build(),
    );
    items.push(
        MembershipItem::builder()
            .member_id(&users[1])
            .role(RoomMembershipRole::Administrator)
            .build(),
    );
    items.push(
        MembershipItem::builder()
            .member_id(&existing)
            .role(RoomMembershipRole::Member)
            .build(),
    );
    assert_eq!(items.len(), 50);
    let out = ops::batch_create_room_membership(
        emu.clone(),
        BatchCreateRoomMembershipInput::builder()
            .account_id(&account_id)
            .room_id(&room_id)
            .set_membership_item_list(Some(items))
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let errors: Vec<(String, ErrorCode)> = out
        .errors
        .unwrap()
        .into_iter()
        .map(|e| {
            assert!(e.error_message.as_deref().is_some_and(|m| !m.is_empty()));
            (e.member_id.unwrap(), e.error_code.unwrap())
        })
        .collect();
    assert_eq!(
        errors,
        vec![
            (unknown.clone(), ErrorCode::NotFound),
            (suspended.clone(), ErrorCode::Forbidden),
            (users[1].clone(), ErrorCode::Conflict),
            (existing.clone(), ErrorCode::Conflict),
        ]
    );

    // 44 users + the bot + the earlier administrator, listed 10 at a time.
    let mut seen = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let out = ops::list_room_memberships(
            emu.clone(),
            ListRoomMembershipsInput::builder()
                .account_id(&account_id)
                .room_id(&room_id)
                .max_results(10)
                .set_next_token(token.take())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
        pages += 1;
        let page = out.room_memberships.unwrap();
        assert!(page.len() <= 10);
        seen.extend(page);
        match out.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    assert_eq!(pages, 5);
    assert_eq!(seen.len(), 46);
    let ids: BTreeSet<String> = seen
        .iter()
        .map(|m| m.member.as_ref().unwrap().member_id.clone().unwrap())
        .collect();
    assert_eq!(ids.len(), 46, "no duplicates");
    assert!(ids.contains(&bot_id) && !ids.contains(&unknown) && !ids.contains(&suspended));
    let role_of = |id: &str| {
        seen.iter()
            .find(|m| m.member.as_ref().unwrap().member_id.as_deref() == Some(id))
            .and_then(|m| m.role.clone())
    };
    assert_eq!(role_of(&users[0]), Some(RoomMembershipRole::Administrator));
    assert_eq!(role_of(&users[1]), Some(RoomMembershipRole::Member));
    assert_eq!(role_of(&existing), Some(RoomMembershipRole::Administrator));
    let bot_member = seen
        .iter()
        .find(|m| m.member.as_ref().unwrap().member_id.as_deref() == Some(bot_id.as_str()))
        .unwrap();
    assert_eq!(
        bot_member.member.as_ref().unwrap().member_type,
        Some(MemberType::Bot)
    );
    assert_eq!(
        bot_member.member.as_ref().unwrap().full_name.as_deref(),
        Some("Helper Bot")
    );

    // Update a role.
    let updated = ops::update_room_membership(
        emu.clone(),
        UpdateRoomMembershipInput::builder()
            .account_id(&account_id)
            .room_id(&room_id)
            .member_id(&users[1])
            .role(RoomMembershipRole::Administrator)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        updated.room_membership.unwrap().role,
        Some(RoomMembershipRole::Administrator)
    );

    // Single add of an existing member with another role: 409.
    let err = ops::create_room_membership(
        emu.clone(),
        CreateRoomMembershipInput::builder()
            .account_id(&account_id)
            .room_id(&room_id)
            .member_id(&users[2])
            .role(RoomMembershipRole::Administrator)
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        CreateRoomMembershipError::ConflictException(_)
    ));

    // Delete a membership; deleting it again is 404.
    let delete = || {
        ops::delete_room_membership(
            emu.clone(),
            DeleteRoomMembershipInput::builder()
                .account_id(&account_id)
                .room_id(&room_id)
                .member_id(&users[2])
                .build()
                .unwrap(),
        )
    };
    delete().await.unwrap();
    assert!(matches!(
        delete().await.unwrap_err(),
        DeleteRoomMembershipError::NotFoundException(_)
    ));

    // Delete the room: 404s after.
    ops::delete_room(
        emu.clone(),
        DeleteRoomInput::builder()
            .account_id(&account_id)
            .room_id(&room_id)
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let err = ops::get_room(
        emu.clone(),
        GetRoomInput::builder()
            .account_id(&account_id)
            .room_id(&room_id)
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, GetRoomError::NotFoundException(_)));
    let err = ops::list_room_memberships(
        emu.clone(),
        ListRoomMembershipsInput::builder()
            .account_id(&account_id)
            .room_id(&room_id)
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        ListRoomMembershipsError::NotFoundException(_)
    ));
    let err = ops::batch_create_room_membership(
        emu.clone(),
        BatchCreateRoomMembershipInput::builder()
            .account_id(&account_id)
            .room_id(&room_id)
            .membership_item_list(MembershipItem::builder().member_id(&users[3]).build())
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        BatchCreateRoomMembershipError::NotFoundException(_)
    ));
}

#[tokio::test]
async fn batch_needs_an_existing_enterprise_account_and_room() {
    let emu = Emulator::in_memory().unwrap();
    let batch = |account: &str, room: &str| {
        ops::batch_create_room_membership(
            emu.clone(),
            BatchCreateRoomMembershipInput::builder()
                .account_id(account)
                .room_id(room)
                .membership_item_list(MembershipItem::builder().member_id("x").build())
                .build()
                .unwrap(),
        )
    };
    // No such account: 404.
    let err = batch("no-such-account", "r").await.unwrap_err();
    assert!(matches!(
        err,
        BatchCreateRoomMembershipError::NotFoundException(_)
    ));
    // A Team account (CreateAccount's default): 403.
    let team = ops::create_account(
        emu.clone(),
        CreateAccountInput::builder().name("Team").build().unwrap(),
    )
    .await
    .unwrap()
    .account
    .unwrap();
    assert_eq!(team.account_type, Some(AccountType::Team));
    let err = batch(&team.account_id, "r").await.unwrap_err();
    assert!(matches!(
        err,
        BatchCreateRoomMembershipError::ForbiddenException(_)
    ));
    // An Enterprise account from a seed, without that room: 404.
    let seed = chime_emulator::seed::parse(
        r#"{"accounts":[{"id":"e1","name":"Ent","type":"EnterpriseOIDC"}]}"#,
    )
    .unwrap();
    chime_emulator::seed::apply(&emu, &seed).unwrap();
    let err = batch("e1", "no-such-room").await.unwrap_err();
    assert!(matches!(
        err,
        BatchCreateRoomMembershipError::NotFoundException(_)
    ));
}
