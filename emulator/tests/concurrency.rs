//! Concurrency over HTTP: 16 clients add overlapping member sets to the same room at the same
//! time; afterwards no membership is lost or duplicated, and every answer's per-member errors
//! agree with the final state.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use chime::types::{ErrorCode, MembershipItem, RoomMembershipRole};
use chime_emulator::auth::Keys;
use chime_emulator::config::Config;
use chime_emulator::http::spawn_local;
use clap::Parser;
use common::{client, seed_file, temp_dir, KEY, SECRET};

const ACCOUNT: &str = "c0c0c0c0-1b2f-4c3d-9e4f-5a6b7c8d9e0f";
const BOT: &str = "b0000000-0000-4000-8000-0000000c0b07";
const SUSPENDED: &str = "5u5pe0de-0000-4000-8000-000000000000";
const CLIENTS: usize = 16;
const BATCHES_PER_CLIENT: usize = 6;
const POOL: usize = 60;

fn user(i: usize) -> String {
    format!("c0000000-0000-4000-8000-{i:012}")
}

/// An emulator on a file-backed store (WAL, synchronous=FULL), served by its own 2-thread runtime;
/// returns its endpoint.
fn start(dir: &std::path::Path) -> String {
    let users: Vec<String> = (0..POOL).map(user).collect();
    let seed = seed_file(dir, ACCOUNT, &users, SUSPENDED, BOT);
    let data = dir.join("data");
    let config = Config::parse_from([
        "chime-emulator",
        "--data-dir",
        data.to_str().unwrap(),
        "--seed",
        seed.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
    ]);
    let mut keys = Keys::new();
    keys.insert(KEY, SECRET);
    spawn_local(config, Some(keys)).expect("the emulator starts")
}

type Items = Vec<(String, RoomMembershipRole)>;
type Answer = Vec<(String, ErrorCode)>;

#[test]
fn sixteen_clients_adding_to_one_room_lose_and_duplicate_nothing() {
    let dir = temp_dir("concurrency");
    let endpoint = start(&dir);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let admin = client(&endpoint, KEY, SECRET, 3);
    let room = runtime.block_on(async {
        admin
            .create_room()
            .account_id(ACCOUNT)
            .name("contended")
            .send()
            .await
            .expect("CreateRoom")
            .room
            .and_then(|r| r.room_id)
            .expect("a room id")
    });
    let barrier = Arc::new(tokio::sync::Barrier::new(CLIENTS));
    let mut rng = fastrand::Rng::new();
    eprintln!("random seed: {}", rng.get_seed());
    let tasks: Vec<_> = (0..CLIENTS)
        .map(|n| {
            // Each client: its own connection pool, a few batches of overlapping members with
            // random roles (sometimes the suspended user, the bot, an unknown id).
            let c = client(&endpoint, KEY, SECRET, 1);
            let room = room.clone();
            let barrier = Arc::clone(&barrier);
            let batches: Vec<Items> = (0..BATCHES_PER_CLIENT)
                .map(|_| {
                    let mut used = BTreeSet::new();
                    let mut items: Items = Vec::new();
                    for _ in 0..rng.usize(5..=45) {
                        let i = rng.usize(0..POOL);
                        if used.insert(i) {
                            items.push((user(i), random_role(&mut rng)));
                        }
                    }
                    if rng.u8(0..3) == 0 {
                        items.push((BOT.to_owned(), random_role(&mut rng)));
                    }
                    if rng.u8(0..4) == 0 {
                        items.push((SUSPENDED.to_owned(), random_role(&mut rng)));
                    }
                    if rng.u8(0..4) == 0 {
                        items.push((format!("ghost-{n}"), random_role(&mut rng)));
                    }
                    rng.shuffle(&mut items);
                    items
                })
                .collect();
            runtime.spawn(async move {
                barrier.wait().await;
                let mut answered: Vec<(Items, Answer)> = Vec::new();
                for items in batches {
                    let request = items.iter().fold(
                        c.batch_create_room_membership()
                            .account_id(ACCOUNT)
                            .room_id(&room),
                        |b, (m, r)| {
                            b.membership_item_list(
                                MembershipItem::builder()
                                    .member_id(m)
                                    .role(r.clone())
                                    .build(),
                            )
                        },
                    );
                    let out = request
                        .send()
                        .await
                        .expect("BatchCreateRoomMembership answers");
                    let errors = out
                        .errors
                        .expect("Errors is always answered")
                        .into_iter()
                        .map(|e| {
                            (
                                e.member_id.expect("MemberId"),
                                e.error_code.expect("ErrorCode"),
                            )
                        })
                        .collect();
                    answered.push((items, errors));
                }
                answered
            })
        })
        .collect();
    let answers: Vec<(Items, Answer)> = runtime.block_on(async {
        let mut all = Vec::new();
        for t in tasks {
            let answered = tokio::time::timeout(Duration::from_secs(300), t)
                .await
                .expect("the clients finish")
                .expect("a client does not panic");
            all.extend(answered);
        }
        all
    });
    let listed = runtime.block_on(common::memberships(&admin, ACCOUNT, &room));
    let members: BTreeMap<&str, &RoomMembershipRole> =
        listed.iter().map(|(m, r)| (m.as_str(), r)).collect();
    assert_eq!(
        members.len(),
        listed.len(),
        "a member is listed twice: {listed:?}"
    );
    // No lost membership: everyone valid that was asked for is a member, nobody else is.
    let asked: BTreeSet<&str> = answers
        .iter()
        .flat_map(|(items, _)| items.iter().map(|(m, _)| m.as_str()))
        .filter(|m| *m != SUSPENDED && !m.starts_with("ghost-"))
        .collect();
    let present: BTreeSet<&str> = members.keys().copied().collect();
    assert_eq!(
        present, asked,
        "the room's members are not the members asked for"
    );
    // Every answer agrees with the final state: an item without error asked for the role the
    // member has; Conflict for another role; NotFound/Forbidden only for unknown/suspended ids.
    let mut created_or_same = 0;
    let mut conflicts = 0;
    for (items, errors) in &answers {
        let by_member: BTreeMap<&str, &ErrorCode> =
            errors.iter().map(|(m, c)| (m.as_str(), c)).collect();
        assert_eq!(
            by_member.len(),
            errors.len(),
            "one error per member: {errors:?}"
        );
        let order: Vec<&str> = items
            .iter()
            .map(|(m, _)| m.as_str())
            .filter(|m| by_member.contains_key(m))
            .collect();
        let error_order: Vec<&str> = errors.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(
            order, error_order,
            "errors are in request order and name asked members"
        );
        for (m, r) in items {
            let final_role = members.get(m.as_str()).copied();
            match by_member.get(m.as_str()) {
                None => {
                    assert_eq!(
                        final_role,
                        Some(r),
                        "{m} answered as {r:?} but is {final_role:?}"
                    );
                    created_or_same += 1;
                }
                Some(ErrorCode::Conflict) => {
                    assert!(
                        final_role.is_some() && final_role != Some(r),
                        "{m} answered Conflict for {r:?} but is {final_role:?}"
                    );
                    conflicts += 1;
                }
                Some(ErrorCode::NotFound) => assert!(m.starts_with("ghost-"), "{m}: NotFound"),
                Some(ErrorCode::Forbidden) => assert_eq!(m, SUSPENDED, "{m}: Forbidden"),
                Some(other) => panic!("unexpected {other:?} for {m}"),
            }
        }
    }
    eprintln!(
        "{} batches, {} members, {created_or_same} items added or unchanged, {conflicts} conflicts",
        answers.len(),
        members.len()
    );
    // The contention was real: many items met a membership another client had made.
    assert!(conflicts > 0, "no conflicting role was ever requested");
    let _ = std::fs::remove_dir_all(&dir);
}

fn random_role(rng: &mut fastrand::Rng) -> RoomMembershipRole {
    if rng.bool() {
        RoomMembershipRole::Member
    } else {
        RoomMembershipRole::Administrator
    }
}
