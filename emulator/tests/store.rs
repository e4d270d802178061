//! The store: a file-backed store survives reopening, migrations are versioned, pagination is
//! stable under inserts, and 16 concurrent writers to one room lose and duplicate nothing.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use chime::operation::batch_create_room_membership::BatchCreateRoomMembershipInput;
use chime::operation::create_room::CreateRoomInput;
use chime::operation::create_user::CreateUserInput;
use chime::operation::get_room::GetRoomInput;
use chime::operation::list_room_memberships::ListRoomMembershipsInput;
use chime::operation::list_rooms::{ListRoomsError, ListRoomsInput};
use chime::types::MembershipItem;
use chime_emulator::store::SCHEMA_VERSION;
use chime_emulator::{ops, seed, Emulator, Options, Store};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "chime-emulator-test-{name}-{}-{}",
        std::process::id(),
        fastrand_id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn fastrand_id() -> u64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

fn enterprise(emu: &Emulator) {
    let s = seed::parse(
        "accounts:\n  - id: ent\n    name: Ent\n    type: EnterpriseLWA\n    users:\n      - id: u1\n        email: u1@example.com\n",
    )
    .unwrap();
    seed::apply(emu, &s).unwrap();
}

async fn new_room(emu: &Arc<Emulator>, name: &str) -> String {
    ops::create_room(
        emu.clone(),
        CreateRoomInput::builder()
            .account_id("ent")
            .name(name)
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .room
    .unwrap()
    .room_id
    .unwrap()
}

#[tokio::test]
async fn a_file_backed_store_survives_reopening() {
    let dir = temp_dir("reopen");
    let room_id = {
        let emu = Arc::new(Emulator::new(
            Store::open_dir(&dir).unwrap(),
            Options::default(),
        ));
        assert_eq!(emu.store.schema_version().unwrap(), SCHEMA_VERSION);
        enterprise(&emu);
        new_room(&emu, "Durable").await
    };
    let emu = Arc::new(Emulator::new(
        Store::open_dir(&dir).unwrap(),
        Options::default(),
    ));
    assert_eq!(emu.store.schema_version().unwrap(), SCHEMA_VERSION);
    let room = ops::get_room(
        emu.clone(),
        GetRoomInput::builder()
            .account_id("ent")
            .room_id(&room_id)
            .build()
            .unwrap(),
    )
    .await
    .unwrap()
    .room
    .unwrap();
    assert_eq!(room.name.as_deref(), Some("Durable"));
    // Loading the same seed again changes nothing.
    let s =
        seed::parse("accounts:\n  - id: ent\n    name: Ent\n    type: EnterpriseLWA\n").unwrap();
    let report = seed::apply(&emu, &s).unwrap();
    assert_eq!(report.skipped, vec!["ent".to_owned()]);
    assert!(report.created.is_empty());
    drop(emu);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = temp_dir("newer");
    drop(Store::open_dir(&dir).unwrap());
    assert!(bump_schema_version(&dir));
    let err = Store::open_dir(&dir).unwrap_err();
    assert!(err.to_string().contains("newer"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Sets `user_version` past this build's schema, through a transaction of the store itself.
fn bump_schema_version(dir: &std::path::Path) -> bool {
    let store = Store::open_dir(dir).unwrap();
    store
        .write(|tx| {
            tx.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
                .map_err(chime_emulator::Fail::from)
        })
        .is_ok()
}

#[tokio::test]
async fn pagination_is_stable_under_inserts() {
    let emu = Emulator::in_memory().unwrap();
    enterprise(&emu);
    for i in 0..25 {
        new_room(&emu, &format!("room {i}")).await;
    }
    let mut seen = Vec::new();
    let mut token = None;
    let mut inserted = 0;
    loop {
        let out = ops::list_rooms(
            emu.clone(),
            ListRoomsInput::builder()
                .account_id("ent")
                .max_results(7)
                .set_next_token(token.take())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
        seen.extend(out.rooms.unwrap().into_iter().map(|r| r.name.unwrap()));
        // Insert between pages: new rooms come after the ones already listed.
        if inserted < 3 {
            new_room(&emu, &format!("late {inserted}")).await;
            inserted += 1;
        }
        match out.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no room listed twice");
    assert_eq!(
        seen.len(),
        28,
        "every room listed, including those added meanwhile"
    );
    assert_eq!(seen[0], "room 0");
    // A token of another list, or garbage, is a 400.
    let err = ops::list_rooms(
        emu.clone(),
        ListRoomsInput::builder()
            .account_id("ent")
            .next_token("not-a-token")
            .build()
            .unwrap(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ListRoomsError::BadRequestException(_)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_concurrent_writers_lose_and_duplicate_nothing() {
    let emu = Emulator::in_memory().unwrap();
    enterprise(&emu);
    let room_id = new_room(&emu, "busy").await;
    let mut users = Vec::new();
    for i in 0..160 {
        let u = ops::create_user(
            emu.clone(),
            CreateUserInput::builder()
                .account_id("ent")
                .email(format!("c{i}@example.com"))
                .build()
                .unwrap(),
        )
        .await
        .unwrap()
        .user
        .unwrap();
        users.push(u.user_id);
    }
    let users = Arc::new(users);
    let mut tasks = Vec::new();
    for t in 0..16 {
        let emu = emu.clone();
        let users = users.clone();
        let room_id = room_id.clone();
        tasks.push(tokio::spawn(async move {
            // Each task adds its own 10 users and, overlapping, its neighbour's first 5.
            let mut items = Vec::new();
            for i in 0..10 {
                items.push(
                    MembershipItem::builder()
                        .member_id(&users[t * 10 + i])
                        .build(),
                );
            }
            let next = (t + 1) % 16;
            for i in 0..5 {
                items.push(
                    MembershipItem::builder()
                        .member_id(&users[next * 10 + i])
                        .build(),
                );
            }
            ops::batch_create_room_membership(
                emu,
                BatchCreateRoomMembershipInput::builder()
                    .account_id("ent")
                    .room_id(&room_id)
                    .set_membership_item_list(Some(items))
                    .build()
                    .unwrap(),
            )
            .await
            .unwrap()
        }));
    }
    for task in tasks {
        let out = task.await.unwrap();
        assert_eq!(out.errors, Some(vec![]), "same role twice is a no-op");
    }
    let mut ids = Vec::new();
    let mut token = None;
    loop {
        let out = ops::list_room_memberships(
            emu.clone(),
            ListRoomMembershipsInput::builder()
                .account_id("ent")
                .room_id(&room_id)
                .max_results(99)
                .set_next_token(token.take())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
        ids.extend(
            out.room_memberships
                .unwrap()
                .into_iter()
                .map(|m| m.member.unwrap().member_id.unwrap()),
        );
        match out.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), 160);
    assert_eq!(unique.len(), 160);
}
