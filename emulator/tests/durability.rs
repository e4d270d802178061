//! Durability of the real `chime-emulator` binary on a data directory: writers add rooms and
//! BatchCreateRoomMembership batches over HTTP while the process is SIGKILLed at random moments
//! and restarted on the same directory, several times; then every acknowledged write must be
//! there, exactly as answered, and no batch may be half applied.
//!
//! How a batch that was never answered is judged: each batch starts and ends with a member used by
//! no other batch (`first`, `last`). Memberships are never removed nor changed by the writers, so
//! a committed batch leaves both, an uncommitted one neither, and a half-applied prefix would
//! leave `first` without `last`. Every membership present must also come from a committed batch
//! that asked for it with that role.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chime::types::{ErrorCode, MembershipItem, RoomMembershipRole};
use common::{client, credentials_file, seed_file, temp_dir, Process, KEY, SECRET};

const ACCOUNT: &str = "0d7e5a8c-1b2f-4c3d-9e4f-5a6b7c8d9e0f";
const BOT: &str = "b0000000-0000-4000-8000-00000000b0b0";
const SUSPENDED: &str = "s0000000-0000-4000-8000-0000005u5pe0";
/// Members shared by every batch (overlaps, conflicts and no-ops).
const SHARED: usize = 40;
/// Members each used by one batch only (two per batch).
const FRESH: usize = 4000;
const ROUNDS: usize = 6;
const WRITERS: usize = 4;

fn shared_id(i: usize) -> String {
    format!("5a000000-0000-4000-8000-{i:012}")
}

fn fresh_id(i: usize) -> String {
    format!("f0000000-0000-4000-8000-{i:012}")
}

#[derive(Debug)]
struct Batch {
    room: String,
    items: Vec<(String, RoomMembershipRole)>,
    first: String,
    last: String,
    /// The per-member errors answered, or `None` when no answer came (the process was killed).
    answer: Option<Vec<(String, ErrorCode)>>,
}

#[derive(Debug)]
struct RoomWrite {
    name: String,
    /// The room id answered, or `None` when no answer came.
    id: Option<String>,
}

#[derive(Default)]
struct Log {
    batches: Vec<Batch>,
    rooms: Vec<RoomWrite>,
    /// Answers that should never have come from a live emulator.
    unexpected: Vec<String>,
}

struct Shared {
    log: Mutex<Log>,
    /// Rooms whose creation was acknowledged (batches go only there).
    acked_rooms: Mutex<Vec<String>>,
    next_fresh: AtomicUsize,
    next_name: AtomicUsize,
    killed: AtomicBool,
}

fn role(rng: &mut fastrand::Rng) -> RoomMembershipRole {
    if rng.bool() {
        RoomMembershipRole::Member
    } else {
        RoomMembershipRole::Administrator
    }
}

/// One random batch: a fresh member, shared members (sometimes repeated with the same role),
/// sometimes an unknown id, the suspended user and the bot, and a fresh member last.
fn new_batch(rng: &mut fastrand::Rng, shared: &Shared, room: String) -> Option<Batch> {
    let f = shared.next_fresh.fetch_add(2, Ordering::SeqCst);
    if f + 1 >= FRESH {
        return None;
    }
    let (first, last) = (fresh_id(f), fresh_id(f + 1));
    let mut items = vec![(first.clone(), RoomMembershipRole::Member)];
    let mut used = BTreeSet::new();
    for _ in 0..rng.usize(0..=40) {
        let i = rng.usize(0..SHARED);
        if used.insert(i) {
            items.push((shared_id(i), role(rng)));
        }
    }
    if items.len() > 2 && rng.u8(0..4) == 0 {
        // The same member twice with the same role: both items have the same outcome.
        let again = items[rng.usize(1..items.len())].clone();
        items.push(again);
    }
    if rng.u8(0..3) == 0 {
        items.push((format!("ghost-{}", rng.u32(..)), role(rng)));
    }
    if rng.u8(0..4) == 0 {
        items.push((SUSPENDED.to_owned(), role(rng)));
    }
    if rng.u8(0..4) == 0 {
        items.push((BOT.to_owned(), role(rng)));
    }
    items.truncate(49);
    items.push((last.clone(), RoomMembershipRole::Administrator));
    Some(Batch {
        room,
        items,
        first,
        last,
        answer: None,
    })
}

async fn writer(c: chime::Client, shared: Arc<Shared>, seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    while !shared.killed.load(Ordering::SeqCst) {
        let room = {
            let rooms = shared.acked_rooms.lock().unwrap();
            if rooms.is_empty() || rng.u8(0..10) == 0 {
                None
            } else {
                Some(rooms[rng.usize(0..rooms.len())].clone())
            }
        };
        match room {
            None => {
                let name = format!("room-{}", shared.next_name.fetch_add(1, Ordering::SeqCst));
                let index = {
                    let mut log = shared.log.lock().unwrap();
                    log.rooms.push(RoomWrite {
                        name: name.clone(),
                        id: None,
                    });
                    log.rooms.len() - 1
                };
                match c.create_room().account_id(ACCOUNT).name(&name).send().await {
                    Ok(out) => {
                        let id = out.room.and_then(|r| r.room_id).expect("a room id");
                        shared.log.lock().unwrap().rooms[index].id = Some(id.clone());
                        shared.acked_rooms.lock().unwrap().push(id);
                    }
                    Err(e) => note_failure(&shared, "CreateRoom", e),
                }
            }
            Some(room) => {
                let Some(batch) = new_batch(&mut rng, &shared, room) else {
                    return;
                };
                let request = batch.items.iter().fold(
                    c.batch_create_room_membership()
                        .account_id(ACCOUNT)
                        .room_id(&batch.room),
                    |b, (m, r)| {
                        b.membership_item_list(
                            MembershipItem::builder()
                                .member_id(m)
                                .role(r.clone())
                                .build(),
                        )
                    },
                );
                let index = {
                    let mut log = shared.log.lock().unwrap();
                    log.batches.push(batch);
                    log.batches.len() - 1
                };
                match request.send().await {
                    Ok(out) => {
                        let errors = out
                            .errors
                            .expect("Errors is always answered")
                            .into_iter()
                            .map(|e| (e.member_id.unwrap_or_default(), e.error_code.unwrap()))
                            .collect();
                        shared.log.lock().unwrap().batches[index].answer = Some(errors);
                    }
                    Err(e) => note_failure(&shared, "BatchCreateRoomMembership", e),
                }
            }
        }
    }
}

/// A call without an answer is fine once the process is killed; an error answered by a live
/// emulator is not.
fn note_failure<E: std::fmt::Debug>(shared: &Shared, op: &str, e: chime::SdkError<E>) {
    if matches!(e, chime::SdkError::Service(_)) || !shared.killed.load(Ordering::SeqCst) {
        shared
            .log
            .lock()
            .unwrap()
            .unexpected
            .push(format!("{op}: {e:?}"));
    }
}

#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_write_and_leaves_no_half_batch() {
    let dir = temp_dir("durability");
    let data = dir.join("data");
    let creds = credentials_file(&dir);
    let mut users: Vec<String> = (0..SHARED).map(shared_id).collect();
    users.extend((0..FRESH).map(fresh_id));
    let seed = seed_file(&dir, ACCOUNT, &users, SUSPENDED, BOT);
    let args = [
        "--data-dir",
        data.to_str().unwrap(),
        "--credentials-file",
        creds.to_str().unwrap(),
        "--seed",
        seed.to_str().unwrap(),
    ];
    let shared = Arc::new(Shared {
        log: Mutex::new(Log::default()),
        acked_rooms: Mutex::new(Vec::new()),
        next_fresh: AtomicUsize::new(0),
        next_name: AtomicUsize::new(0),
        killed: AtomicBool::new(false),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut rng = fastrand::Rng::new();
    eprintln!("random seed of the kill schedule: {}", rng.get_seed());
    for round in 0..ROUNDS {
        let process = Process::start(&args, &[]);
        shared.killed.store(false, Ordering::SeqCst);
        let c = client(&process.endpoint, KEY, SECRET, 1);
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                runtime.spawn(writer(
                    c.clone(),
                    Arc::clone(&shared),
                    rng.u64(..) ^ (round * WRITERS + w) as u64,
                ))
            })
            .collect();
        // Kill at a random moment: early rounds may kill during the first requests.
        std::thread::sleep(Duration::from_millis(rng.u64(150..1500)));
        shared.killed.store(true, Ordering::SeqCst);
        process.kill();
        runtime.block_on(async {
            for w in writers {
                tokio::time::timeout(Duration::from_secs(120), w)
                    .await
                    .expect("a writer stops once the emulator is gone")
                    .expect("a writer does not panic");
            }
        });
    }
    // Restart once more and check everything through the API.
    let process = Process::start(&args, &[]);
    let c = client(&process.endpoint, KEY, SECRET, 3);
    let log = std::mem::take(&mut *shared.log.lock().unwrap());
    assert!(
        log.unexpected.is_empty(),
        "answers from a live emulator: {:#?}",
        log.unexpected
    );
    let acked_batches = log.batches.iter().filter(|b| b.answer.is_some()).count();
    let acked_rooms = log.rooms.iter().filter(|r| r.id.is_some()).count();
    eprintln!(
        "{} rooms ({acked_rooms} acknowledged), {} batches ({acked_batches} acknowledged) over {ROUNDS} kills",
        log.rooms.len(),
        log.batches.len()
    );
    assert!(
        acked_batches >= 5,
        "too few acknowledged batches to prove anything"
    );
    runtime.block_on(check(&c, &log));
    drop(process);
    let _ = std::fs::remove_dir_all(&dir);
}

async fn check(c: &chime::Client, log: &Log) {
    // Rooms: every acknowledged one is there with its name; every room there was asked for, once.
    let present = common::rooms(c, ACCOUNT).await;
    let by_id: BTreeMap<&str, &str> = present
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str()))
        .collect();
    assert_eq!(by_id.len(), present.len(), "a room is listed twice");
    for r in &log.rooms {
        if let Some(id) = &r.id {
            assert_eq!(
                by_id.get(id.as_str()),
                Some(&r.name.as_str()),
                "acknowledged room {id} ({}) is lost",
                r.name
            );
        }
    }
    let asked: BTreeSet<&str> = log.rooms.iter().map(|r| r.name.as_str()).collect();
    let mut names = BTreeSet::new();
    for (id, name) in &present {
        assert!(
            asked.contains(name.as_str()),
            "room {id} ({name}) was never asked for"
        );
        assert!(names.insert(name.as_str()), "room {name} was created twice");
    }
    // Memberships, room by room.
    let mut batches_by_room: BTreeMap<&str, Vec<&Batch>> = BTreeMap::new();
    for b in &log.batches {
        batches_by_room.entry(b.room.as_str()).or_default().push(b);
    }
    let mut committed_unacked = 0;
    let mut lost_unacked = 0;
    for (room, _) in &present {
        let listed = common::memberships(c, ACCOUNT, room).await;
        let members: BTreeMap<&str, &RoomMembershipRole> =
            listed.iter().map(|(m, r)| (m.as_str(), r)).collect();
        assert_eq!(
            members.len(),
            listed.len(),
            "a member is listed twice in {room}"
        );
        let batches = batches_by_room.remove(room.as_str()).unwrap_or_default();
        let mut committed = Vec::new();
        for b in &batches {
            let has_first = members.contains_key(b.first.as_str());
            let has_last = members.contains_key(b.last.as_str());
            assert_eq!(
                has_first, has_last,
                "half a batch in {room}: first member present {has_first}, last {has_last}: {b:?}"
            );
            match &b.answer {
                Some(errors) => {
                    assert!(has_first, "an acknowledged batch is lost in {room}: {b:?}");
                    check_answer(room, b, errors, &members);
                    committed.push(b);
                }
                None if has_first => {
                    committed_unacked += 1;
                    // Applied without an answer: applied completely.
                    for (m, _) in &b.items {
                        if valid_member(m) {
                            assert!(
                                members.contains_key(m.as_str()),
                                "a committed batch without answer misses {m} in {room}: {b:?}"
                            );
                        }
                    }
                    committed.push(b);
                }
                None => lost_unacked += 1,
            }
        }
        // Every membership comes from a committed batch that asked for it with that role.
        for (m, r) in &members {
            let explained = committed
                .iter()
                .any(|b| b.items.iter().any(|(im, ir)| im == m && ir == *r));
            assert!(
                explained,
                "member {m} ({r:?}) of {room} comes from no committed batch"
            );
        }
    }
    assert!(
        batches_by_room.is_empty(),
        "batches went to rooms that are gone: {:?}",
        batches_by_room.keys()
    );
    eprintln!(
        "unacknowledged batches: {committed_unacked} committed whole, {lost_unacked} not applied"
    );
}

fn valid_member(m: &str) -> bool {
    m != SUSPENDED && !m.starts_with("ghost-")
}

/// An acknowledged batch left exactly what it answered: each item without an error is a member
/// with the role asked for; `Conflict` a member with another role; `NotFound` (unknown ids) and
/// `Forbidden` (the suspended user) are not members.
fn check_answer(
    room: &str,
    b: &Batch,
    errors: &[(String, ErrorCode)],
    members: &BTreeMap<&str, &RoomMembershipRole>,
) {
    let mut errors = errors.iter().peekable();
    for (m, r) in &b.items {
        let outcome = match errors.peek() {
            Some((em, code)) if em == m => {
                errors.next();
                Some(code.clone())
            }
            _ => None,
        };
        let present = members.get(m.as_str()).copied();
        match outcome {
            None => {
                assert!(valid_member(m), "{m} was accepted in {room}: {b:?}");
                assert_eq!(
                    present,
                    Some(r),
                    "{m} answered as added to {room} as {r:?}: {b:?}"
                );
            }
            Some(ErrorCode::Conflict) => {
                assert!(
                    present.is_some() && present != Some(r),
                    "{m} answered Conflict in {room} but is {present:?}: {b:?}"
                );
            }
            Some(ErrorCode::NotFound) => {
                assert!(m.starts_with("ghost-"), "{m} answered NotFound: {b:?}");
                assert_eq!(present, None);
            }
            Some(ErrorCode::Forbidden) => {
                assert_eq!(m, SUSPENDED, "{m} answered Forbidden: {b:?}");
                assert_eq!(present, None);
            }
            Some(other) => panic!("unexpected error code {other:?} for {m}: {b:?}"),
        }
    }
    assert!(
        errors.next().is_none(),
        "errors that match no item, or out of order, in {room}: {b:?}"
    );
}
