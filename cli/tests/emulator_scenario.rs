//! The scenario of issue 10 through three clients, each against a fresh
//! emulator started in-process (in memory, `--account-type` left as
//! `Team`, a seed with one `EnterpriseLWA` account of 40 users):
//!
//! 1. the generated client (`chime::Client`, static credentials,
//!    `.endpoint_url(...)`);
//! 2. our `chime` binary (`--endpoint-url`, credentials in the environment,
//!    `--output json`);
//! 3. the real AWS CLI v1 when `AWS_CLI` names an `aws` command (CI sets it
//!    with `scripts/aws-cli`); skipped with a message otherwise.
//!
//! The scenario: CreateAccount makes a `Team` account, on which
//! BatchCreateRoomMembership is 403 `ForbiddenException`; in the seeded
//! Enterprise account, three users are created (CreateUser works on any
//! account type), one is suspended (BatchSuspendUser: `Team` or
//! `EnterpriseLWA` accounts), a bot and a room are created; 50 members are
//! added in one batch (unknown, suspended, duplicate and bot ids among
//! them) and the per-member errors checked pair by pair; the memberships are
//! listed page by page; a role is updated (a bot's cannot be: 400); a
//! membership is deleted (twice: 404 the second time); the room is deleted
//! and GetRoom and ListRoomMemberships answer 404 after.
//!
//! Volatile values (generated ids, timestamps, PINs, security tokens) are
//! normalised: each distinct id becomes `<idN>` in order of appearance.
//! Then our CLI's standard output must equal the AWS CLI's byte for byte at
//! every step, with the same standard error and exit code (service errors
//! exit 254 in ours, 255 in the AWS CLI v1, as the README documents), and
//! the generated client's typed results must agree with our CLI's JSON (and
//! the AWS CLI's) on every value checked.
//!
//! Two intended differences are checked as such (see the steps): without
//! options, our `list-room-memberships` pages (the model's `@paginated`)
//! while the AWS CLI v1, which has no paginator for it, prints one page and
//! its NextToken (ours does with `--no-paginate`; the AWS CLI given our
//! paginator model through `AWS_DATA_PATH` prints what ours does); and a
//! batch of 51 items is refused by our CLI before sending (252) but sent by
//! the AWS CLI v1 (BadRequestException from the service; ours prints the
//! same with `--no-parameter-validation`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use chime::types::{MembershipItem, RoomMembership};
use chime::{ProvideErrorMetadata, SdkError};
use chime_emulator::auth::Keys;
use chime_emulator::config::Config;
use chime_emulator::http::spawn_local;
use clap::Parser;
use common::{scratch_dir, Run, AKID, SECRET};
use serde_json::{json, Value};

/// The seeded Enterprise account.
const ENTERPRISE: &str = "5e0c1d2e-3f4a-4b5c-8d6e-7f8091a2b3c4";
/// How many users the seed gives it.
const SEEDED: usize = 40;
/// A member id shaped like a user id that belongs to no one.
const UNKNOWN: &str = "00000000-0000-4000-8000-00000000dead";
/// A member id that is not even shaped like one.
const GHOST: &str = "ghost";
/// Any room id: the account check comes first.
const SOME_ROOM: &str = "00000000-0000-4000-8000-0000000000aa";
/// The page size used for ListRoomMemberships.
const PAGE: usize = 20;

fn seeded_user(i: usize) -> String {
    format!("{i:08x}-5eed-4000-8000-000000000000")
}

/// The seed file: one `EnterpriseLWA` account with `SEEDED` users.
fn seed_file() -> PathBuf {
    let dir = scratch_dir("emulator-scenario");
    let users: Vec<Value> = (0..SEEDED)
        .map(|i| {
            json!({
                "id": seeded_user(i),
                "email": format!("user{i:02}@example.com"),
                "displayName": format!("User {i:02}"),
            })
        })
        .collect();
    let seed = json!({"accounts": [{
        "id": ENTERPRISE,
        "name": "Scenario Enterprise",
        "type": "EnterpriseLWA",
        "users": users,
    }]});
    let path = dir.join("seed.json");
    std::fs::write(&path, seed.to_string()).unwrap();
    path
}

/// Starts a fresh emulator (in memory, `--account-type` as default) with
/// `seed` on a free port, on its own runtime thread; returns its endpoint.
fn start(seed: &Path) -> String {
    let config = Config::parse_from([
        "chime-emulator",
        "--in-memory",
        "--seed",
        seed.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
    ]);
    let mut keys = Keys::new();
    keys.insert(AKID, SECRET);
    spawn_local(config, Some(keys)).expect("the emulator starts")
}

// ---------------------------------------------------------------------------
// What the scenario adds, and what it must answer.

/// The ids the scenario creates.
struct Ids {
    dana: String,
    erin: String,
    /// Suspended before the batch.
    frank: String,
    bot: String,
}

/// The 50 items of the batch, with the role given (none: `Member`).
fn batch_items(ids: &Ids) -> Vec<(String, Option<&'static str>)> {
    let mut items: Vec<(String, Option<&'static str>)> = (0..SEEDED)
        .map(|i| {
            let role = match i % 3 {
                0 => Some("Administrator"),
                1 => Some("Member"),
                _ => None,
            };
            (seeded_user(i), role)
        })
        .collect();
    items.extend([
        (ids.dana.clone(), Some("Administrator")),
        (ids.erin.clone(), None),
        // Suspended: Forbidden.
        (ids.frank.clone(), Some("Member")),
        (ids.bot.clone(), None),
        // Neither a user nor a bot of the account: NotFound.
        (UNKNOWN.to_owned(), None),
        (GHOST.to_owned(), Some("Administrator")),
        // Duplicates: the same role is a no-op, another role a Conflict.
        (seeded_user(0), Some("Administrator")),
        (ids.dana.clone(), Some("Member")),
        (ids.bot.clone(), Some("Member")),
        (seeded_user(1), Some("Administrator")),
    ]);
    assert_eq!(items.len(), 50);
    items
}

/// The `(MemberId, ErrorCode)` pairs the batch must answer, in order.
fn expected_errors(ids: &Ids) -> Vec<(String, String)> {
    [
        (ids.frank.as_str(), "Forbidden"),
        (UNKNOWN, "NotFound"),
        (GHOST, "NotFound"),
        (ids.dana.as_str(), "Conflict"),
        (seeded_user(1).as_str(), "Conflict"),
    ]
    .iter()
    .map(|(m, c)| ((*m).to_owned(), (*c).to_owned()))
    .collect()
}

/// The members after the batch, in the order they joined, with their roles.
fn expected_members(ids: &Ids) -> Vec<(String, String)> {
    let mut members: Vec<(String, String)> = (0..SEEDED)
        .map(|i| {
            let role = if i % 3 == 0 {
                "Administrator"
            } else {
                "Member"
            };
            (seeded_user(i), role.to_owned())
        })
        .collect();
    members.push((ids.dana.clone(), "Administrator".to_owned()));
    members.push((ids.erin.clone(), "Member".to_owned()));
    members.push((ids.bot.clone(), "Member".to_owned()));
    members
}

// ---------------------------------------------------------------------------
// Facts: the values checked at each step, from typed results or from JSON.

type Facts = Vec<(String, Value)>;

/// The members of `fields` in `v` (null when absent), in that order.
fn pick(v: &Value, fields: &[&str]) -> Value {
    Value::Array(
        fields
            .iter()
            .map(|f| v.get(*f).cloned().unwrap_or(Value::Null))
            .collect(),
    )
}

const ACCOUNT_FIELDS: &[&str] = &["AccountId", "Name", "AccountType", "AccountStatus"];
const USER_FIELDS: &[&str] = &[
    "UserId",
    "AccountId",
    "PrimaryEmail",
    "DisplayName",
    "LicenseType",
    "UserType",
    "UserRegistrationStatus",
];
const BOT_FIELDS: &[&str] = &["BotId", "DisplayName", "BotType", "Disabled", "BotEmail"];
const ROOM_FIELDS: &[&str] = &["RoomId", "Name", "AccountId", "CreatedBy"];

/// One membership: the member's id, type, email, name and account, the
/// role, the room and who invited.
fn membership_json(m: &Value) -> Value {
    let member = &m["Member"];
    json!([
        member["MemberId"],
        member["MemberType"],
        member["Email"],
        member["FullName"],
        member["AccountId"],
        m["Role"],
        m["RoomId"],
        m["InvitedBy"],
        m["UpdatedTimestamp"].is_string(),
    ])
}

fn membership_typed(m: &RoomMembership) -> Value {
    let member = m.member.as_ref().expect("Member");
    json!([
        member.member_id,
        member.member_type.as_ref().map(|t| t.as_str()),
        member.email,
        member.full_name,
        member.account_id,
        m.role.as_ref().map(|r| r.as_str()),
        m.room_id,
        m.invited_by,
        m.updated_timestamp.is_some(),
    ])
}

/// A list page: its memberships and its token.
fn page_json(v: &Value) -> Value {
    let list: Vec<Value> = v["RoomMemberships"]
        .as_array()
        .expect("RoomMemberships")
        .iter()
        .map(membership_json)
        .collect();
    json!({"RoomMemberships": list, "NextToken": v.get("NextToken")})
}

fn page_typed(list: &[RoomMembership], token: Option<&String>) -> Value {
    let list: Vec<Value> = list.iter().map(membership_typed).collect();
    json!({"RoomMemberships": list, "NextToken": token})
}

/// A service error's code and message, from the generated client.
fn error_typed<E: ProvideErrorMetadata + std::fmt::Debug, T: std::fmt::Debug>(
    r: Result<T, SdkError<E>>,
) -> Value {
    match r {
        Err(SdkError::Service(e)) => json!({"Code": e.code(), "Message": e.message()}),
        other => panic!("expected a service error, got {other:?}"),
    }
}

/// A service error's code and message, from a CLI's standard error
/// (`An error occurred (Code) when calling the Op operation: message`).
fn error_cli(run: &Run) -> Value {
    let text = run.stderr.trim();
    let rest = text
        .strip_prefix("An error occurred (")
        .unwrap_or_else(|| panic!("not a service error: {run:?}"));
    let (code, rest) = rest.split_once(") when calling the ").unwrap();
    let (_, message) = rest.split_once(" operation: ").unwrap();
    json!({"Code": code, "Message": message})
}

// ---------------------------------------------------------------------------
// 1. The generated client.

async fn client_scenario(endpoint: &str) -> Facts {
    let c = chime::Client::new(
        chime::Client::config_builder()
            .region("us-east-1")
            .static_credentials(AKID, SECRET, None)
            .endpoint_url(endpoint)
            .build(),
    );
    let mut facts = Facts::new();
    let mut fact = |step: &str, v: Value| facts.push((step.to_owned(), v));

    // CreateAccount makes a Team account, which cannot hold rooms.
    let a = c
        .create_account()
        .name("Scenario Team")
        .send()
        .await
        .unwrap()
        .account
        .unwrap();
    fact(
        "create-account",
        json!([
            a.account_id,
            a.name,
            a.account_type.as_ref().map(|t| t.as_str()),
            a.account_status.as_ref().map(|s| s.as_str())
        ]),
    );
    assert_eq!(a.account_type.as_ref().map(|t| t.as_str()), Some("Team"));
    let r = c
        .batch_create_room_membership()
        .account_id(&a.account_id)
        .room_id(SOME_ROOM)
        .membership_item_list(MembershipItem::builder().member_id(seeded_user(0)).build())
        .send()
        .await;
    fact(
        "batch-create-room-membership (Team account)",
        error_typed(r),
    );

    // Users in the Enterprise account; Frank is suspended.
    let mut users = Vec::new();
    for name in ["Dana", "Erin", "Frank"] {
        let u = c
            .create_user()
            .account_id(ENTERPRISE)
            .email(format!("{}@example.com", name.to_lowercase()))
            .username(name)
            .send()
            .await
            .unwrap()
            .user
            .unwrap();
        fact(
            "create-user",
            json!([
                u.user_id,
                u.account_id,
                u.primary_email,
                u.display_name,
                u.license_type.as_ref().map(|l| l.as_str()),
                u.user_type.as_ref().map(|t| t.as_str()),
                u.user_registration_status.as_ref().map(|s| s.as_str())
            ]),
        );
        users.push(u.user_id);
    }
    let suspended = c
        .batch_suspend_user()
        .account_id(ENTERPRISE)
        .user_id_list(&users[2])
        .send()
        .await
        .unwrap();
    fact(
        "batch-suspend-user",
        json!(suspended.user_errors.unwrap().len()),
    );
    let u = c
        .get_user()
        .account_id(ENTERPRISE)
        .user_id(&users[2])
        .send()
        .await
        .unwrap()
        .user
        .unwrap();
    fact(
        "get-user (suspended)",
        json!([
            u.user_id,
            u.user_registration_status.as_ref().map(|s| s.as_str())
        ]),
    );

    let b = c
        .create_bot()
        .account_id(ENTERPRISE)
        .display_name("Helper Bot")
        .domain("example.com")
        .send()
        .await
        .unwrap()
        .bot
        .unwrap();
    fact(
        "create-bot",
        json!([
            b.bot_id,
            b.display_name,
            b.bot_type.as_ref().map(|t| t.as_str()),
            b.disabled,
            b.bot_email
        ]),
    );
    let room = c
        .create_room()
        .account_id(ENTERPRISE)
        .name("Scenario Room")
        .send()
        .await
        .unwrap()
        .room
        .unwrap();
    fact(
        "create-room",
        json!([room.room_id, room.name, room.account_id, room.created_by]),
    );
    let room_id = room.room_id.unwrap();
    let ids = Ids {
        dana: users[0].clone(),
        erin: users[1].clone(),
        frank: users[2].clone(),
        bot: b.bot_id.unwrap(),
    };

    // The batch of 50.
    let mut batch = c
        .batch_create_room_membership()
        .account_id(ENTERPRISE)
        .room_id(&room_id);
    for (id, role) in batch_items(&ids) {
        let item = MembershipItem::builder().member_id(id);
        batch = batch.membership_item_list(match role {
            Some(r) => item.role(r).build(),
            None => item.build(),
        });
    }
    let errors = batch.send().await.unwrap().errors.unwrap();
    let pairs: Vec<(String, String)> = errors
        .iter()
        .map(|e| {
            (
                e.member_id.clone().unwrap(),
                e.error_code.as_ref().unwrap().as_str().to_owned(),
            )
        })
        .collect();
    assert_eq!(pairs, expected_errors(&ids));
    let errors: Vec<Value> = errors
        .iter()
        .map(|e| {
            json!([
                e.member_id,
                e.error_code.as_ref().map(|c| c.as_str()),
                e.error_message
            ])
        })
        .collect();
    fact("batch-create-room-membership", json!(errors));

    // 51 items: refused before sending; without validation, by the service.
    let too_many = |c: &chime::Client| {
        let mut batch = c
            .batch_create_room_membership()
            .account_id(ENTERPRISE)
            .room_id(&room_id);
        for i in 0..51 {
            batch = batch.membership_item_list(
                MembershipItem::builder()
                    .member_id(format!("extra-{i}"))
                    .build(),
            );
        }
        batch
    };
    let r = too_many(&c).send().await;
    assert!(matches!(r, Err(SdkError::Validation(_))), "{r:?}");
    let unvalidated = chime::Client::new(
        chime::Client::config_builder()
            .region("us-east-1")
            .static_credentials(AKID, SECRET, None)
            .endpoint_url(endpoint)
            .validation(false)
            .build(),
    );
    let r = too_many(&unvalidated).send().await;
    fact("batch-create-room-membership (51 items)", error_typed(r));

    // Pages of 20, by hand and with the paginator.
    let mut token: Option<String> = None;
    let mut all = Vec::new();
    loop {
        let page = c
            .list_room_memberships()
            .account_id(ENTERPRISE)
            .room_id(&room_id)
            .max_results(PAGE as i32)
            .set_next_token(token.take())
            .send()
            .await
            .unwrap();
        let list = page.room_memberships.unwrap();
        fact(
            "list-room-memberships (page)",
            page_typed(&list, page.next_token.as_ref()),
        );
        all.extend(list);
        match page.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    let got: Vec<(String, String)> = all
        .iter()
        .map(|m| {
            (
                m.member.as_ref().unwrap().member_id.clone().unwrap(),
                m.role.as_ref().unwrap().as_str().to_owned(),
            )
        })
        .collect();
    assert_eq!(got, expected_members(&ids));
    let mut paginator = c
        .list_room_memberships()
        .account_id(ENTERPRISE)
        .room_id(&room_id)
        .max_results(7)
        .into_paginator();
    let mut paged = Vec::new();
    while let Some(page) = paginator.next_page().await {
        paged.extend(page.unwrap().room_memberships.unwrap());
    }
    assert_eq!(paged, all, "the paginator sees the same memberships");
    fact("list-room-memberships (all pages)", page_typed(&all, None));

    // A role update; a bot's role cannot change.
    let m = c
        .update_room_membership()
        .account_id(ENTERPRISE)
        .room_id(&room_id)
        .member_id(&ids.dana)
        .role("Member")
        .send()
        .await
        .unwrap()
        .room_membership
        .unwrap();
    fact("update-room-membership", membership_typed(&m));
    let r = c
        .update_room_membership()
        .account_id(ENTERPRISE)
        .room_id(&room_id)
        .member_id(&ids.bot)
        .role("Administrator")
        .send()
        .await;
    fact("update-room-membership (bot)", error_typed(r));

    // A membership deleted, then again.
    c.delete_room_membership()
        .account_id(ENTERPRISE)
        .room_id(&room_id)
        .member_id(&ids.erin)
        .send()
        .await
        .unwrap();
    let r = c
        .delete_room_membership()
        .account_id(ENTERPRISE)
        .room_id(&room_id)
        .member_id(&ids.erin)
        .send()
        .await;
    fact("delete-room-membership (again)", error_typed(r));
    let page = c
        .list_room_memberships()
        .account_id(ENTERPRISE)
        .room_id(&room_id)
        .max_results(50)
        .send()
        .await
        .unwrap();
    fact(
        "list-room-memberships (after)",
        page_typed(
            page.room_memberships.as_deref().unwrap(),
            page.next_token.as_ref(),
        ),
    );

    // The room deleted: 404 after.
    c.delete_room()
        .account_id(ENTERPRISE)
        .room_id(&room_id)
        .send()
        .await
        .unwrap();
    let r = c
        .get_room()
        .account_id(ENTERPRISE)
        .room_id(&room_id)
        .send()
        .await;
    assert!(matches!(&r, Err(SdkError::Service(e)) if e.is_not_found_exception()));
    fact("get-room (deleted)", error_typed(r));
    let r = c
        .list_room_memberships()
        .account_id(ENTERPRISE)
        .room_id(&room_id)
        .send()
        .await;
    assert!(matches!(&r, Err(SdkError::Service(e)) if e.is_not_found_exception()));
    fact("list-room-memberships (deleted)", error_typed(r));
    facts
}

// ---------------------------------------------------------------------------
// 2 and 3. A command line: ours or the AWS CLI v1.

#[derive(Clone, Copy, PartialEq, Debug)]
enum Which {
    Ours,
    Aws,
}

struct Cli {
    which: Which,
    program: PathBuf,
    endpoint: String,
    /// `AWS_DATA_PATH` giving the AWS CLI a paginator for
    /// ListRoomMemberships (written from our CLI description).
    data_path: PathBuf,
}

/// How the two command lines' answers to a step must compare.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Compare {
    /// Byte for byte (after normalisation).
    Same,
    /// The same, when the AWS CLI is given our paginator model.
    SameWithPaginator,
    /// An intended difference, checked by the step itself.
    Differ,
}

/// One step of a command line's run.
#[derive(Debug)]
struct Step {
    label: String,
    compare: Compare,
    run: Run,
}

impl Cli {
    fn run(&self, args: &[&str], paginator: bool) -> Run {
        let mut c = Command::new(&self.program);
        if self.which == Which::Aws {
            c.arg("chime");
        }
        c.args(args)
            .args(["--endpoint-url", &self.endpoint, "--output", "json"])
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", scratch_dir("emulator-scenario-home"))
            .env("AWS_ACCESS_KEY_ID", AKID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env("AWS_MAX_ATTEMPTS", "1");
        if paginator && self.which == Which::Aws {
            c.env("AWS_DATA_PATH", &self.data_path);
        }
        c.output()
            .unwrap_or_else(|e| panic!("run {:?}: {e}", self.program))
            .into()
    }
}

/// Runs the scenario with a command line; returns every step and the facts.
fn cli_scenario(cli: &Cli) -> (Vec<Step>, Facts) {
    let mut steps = Vec::<Step>::new();
    let mut facts = Facts::new();
    // Runs a step with `ours` or `aws` as the arguments (by which command
    // line this is) and records it.
    let mut step_each = |label: &str, compare: Compare, ours: &[&str], aws: &[&str]| -> Run {
        let args = match cli.which {
            Which::Ours => ours,
            Which::Aws => aws,
        };
        let run = cli.run(args, compare == Compare::SameWithPaginator);
        steps.push(Step {
            label: label.to_owned(),
            compare,
            run: Run {
                code: run.code,
                stdout: run.stdout.clone(),
                stderr: run.stderr.clone(),
            },
        });
        run
    };
    macro_rules! step {
        ($label:expr, $compare:expr, $args:expr $(,)?) => {
            step_each($label, $compare, $args, $args)
        };
    }
    let ok = |run: &Run| -> Value {
        assert_eq!(run.code, 0, "{run:?}");
        if run.stdout.is_empty() {
            return Value::Null;
        }
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {run:?}"))
    };
    let service_error = |run: &Run, code: &str| -> Value {
        let exit = match cli.which {
            Which::Ours => 254,
            Which::Aws => 255,
        };
        assert_eq!(run.code, exit, "{run:?}");
        assert!(run.stdout.is_empty(), "{run:?}");
        let e = error_cli(run);
        assert_eq!(e["Code"], code, "{run:?}");
        e
    };
    let mut fact = |step: &str, v: Value| facts.push((step.to_owned(), v));

    let v = ok(&step!(
        "create-account",
        Compare::Same,
        &["create-account", "--name", "Scenario Team"],
    ));
    let team = v["Account"]["AccountId"].as_str().unwrap().to_owned();
    fact("create-account", pick(&v["Account"], ACCOUNT_FIELDS));
    let run = step!(
        "batch-create-room-membership (Team account)",
        Compare::Same,
        &[
            "batch-create-room-membership",
            "--account-id",
            &team,
            "--room-id",
            SOME_ROOM,
            "--membership-item-list",
            &format!("MemberId={}", seeded_user(0)),
        ],
    );
    fact(
        "batch-create-room-membership (Team account)",
        service_error(&run, "ForbiddenException"),
    );

    let mut users = Vec::new();
    for name in ["Dana", "Erin", "Frank"] {
        let v = ok(&step!(
            "create-user",
            Compare::Same,
            &[
                "create-user",
                "--account-id",
                ENTERPRISE,
                "--email",
                &format!("{}@example.com", name.to_lowercase()),
                "--username",
                name,
            ],
        ));
        fact("create-user", pick(&v["User"], USER_FIELDS));
        users.push(v["User"]["UserId"].as_str().unwrap().to_owned());
    }
    let v = ok(&step!(
        "batch-suspend-user",
        Compare::Same,
        &[
            "batch-suspend-user",
            "--account-id",
            ENTERPRISE,
            "--user-id-list",
            &users[2],
        ],
    ));
    fact(
        "batch-suspend-user",
        json!(v["UserErrors"].as_array().unwrap().len()),
    );
    let v = ok(&step!(
        "get-user (suspended)",
        Compare::Same,
        &[
            "get-user",
            "--account-id",
            ENTERPRISE,
            "--user-id",
            &users[2],
        ],
    ));
    fact(
        "get-user (suspended)",
        pick(&v["User"], &["UserId", "UserRegistrationStatus"]),
    );

    let v = ok(&step!(
        "create-bot",
        Compare::Same,
        &[
            "create-bot",
            "--account-id",
            ENTERPRISE,
            "--display-name",
            "Helper Bot",
            "--domain",
            "example.com",
        ],
    ));
    fact("create-bot", pick(&v["Bot"], BOT_FIELDS));
    let bot = v["Bot"]["BotId"].as_str().unwrap().to_owned();
    let v = ok(&step!(
        "create-room",
        Compare::Same,
        &[
            "create-room",
            "--account-id",
            ENTERPRISE,
            "--name",
            "Scenario Room",
        ],
    ));
    fact("create-room", pick(&v["Room"], ROOM_FIELDS));
    let room = v["Room"]["RoomId"].as_str().unwrap().to_owned();
    let ids = Ids {
        dana: users[0].clone(),
        erin: users[1].clone(),
        frank: users[2].clone(),
        bot,
    };

    // The batch of 50, in the shorthand syntax.
    let items: Vec<String> = batch_items(&ids)
        .into_iter()
        .map(|(id, role)| match role {
            Some(r) => format!("MemberId={id},Role={r}"),
            None => format!("MemberId={id}"),
        })
        .collect();
    let mut args = vec![
        "batch-create-room-membership",
        "--account-id",
        ENTERPRISE,
        "--room-id",
        &room,
        "--membership-item-list",
    ];
    args.extend(items.iter().map(String::as_str));
    let v = ok(&step!("batch-create-room-membership", Compare::Same, &args));
    let errors = v["Errors"].as_array().unwrap();
    let pairs: Vec<(String, String)> = errors
        .iter()
        .map(|e| {
            (
                e["MemberId"].as_str().unwrap().to_owned(),
                e["ErrorCode"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(pairs, expected_errors(&ids), "{:?}", cli.which);
    let errors: Vec<Value> = errors
        .iter()
        .map(|e| pick(e, &["MemberId", "ErrorCode", "ErrorMessage"]))
        .collect();
    fact("batch-create-room-membership", json!(errors));

    // 51 items. Intended difference (README): our CLI checks the model's
    // constraints before sending, exits 252 and names the parameter; the AWS
    // CLI v1 checks no maximum length, sends, and the service answers
    // BadRequestException. With --no-parameter-validation (which the AWS CLI
    // v1 does not have) ours sends too, and prints the same.
    let extra: Vec<String> = (0..51).map(|i| format!("MemberId=extra-{i}")).collect();
    let mut args = vec![
        "batch-create-room-membership",
        "--account-id",
        ENTERPRISE,
        "--room-id",
        &room,
        "--membership-item-list",
    ];
    args.extend(extra.iter().map(String::as_str));
    let run = step!(
        "batch-create-room-membership (51 items)",
        Compare::Differ,
        &args
    );
    match cli.which {
        Which::Ours => {
            assert_eq!(run.code, 252, "{run:?}");
            assert_eq!(
                run.stderr,
                "\nParameter validation failed:\nValue with length 51 at '--membership-item-list' \
                 failed to satisfy constraint: Member must have length between 0 and 50, inclusive\n"
            );
        }
        Which::Aws => {
            service_error(&run, "BadRequestException");
        }
    }
    let mut unvalidated = args.clone();
    unvalidated.push("--no-parameter-validation");
    let run = step_each(
        "batch-create-room-membership (51 items, sent)",
        Compare::Same,
        &unvalidated,
        &args,
    );
    fact(
        "batch-create-room-membership (51 items)",
        service_error(&run, "BadRequestException"),
    );

    // Pages of 20 with the service's own options (which turn our CLI's
    // pagination off, as they do the AWS CLI's).
    let list = [
        "list-room-memberships",
        "--account-id",
        ENTERPRISE,
        "--room-id",
        &room,
    ];
    let page_size = PAGE.to_string();
    let mut token: Option<String> = None;
    let mut all = Vec::new();
    loop {
        let mut args = list.to_vec();
        args.extend(["--max-results", &page_size]);
        if let Some(t) = &token {
            args.extend(["--next-token", t]);
        }
        let v = ok(&step!("list-room-memberships (page)", Compare::Same, &args));
        fact("list-room-memberships (page)", page_json(&v));
        all.extend(v["RoomMemberships"].as_array().unwrap().iter().cloned());
        match v.get("NextToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_owned()),
            None => break,
        }
    }
    let got: Vec<(String, String)> = all
        .iter()
        .map(|m| {
            (
                m["Member"]["MemberId"].as_str().unwrap().to_owned(),
                m["Role"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(got, expected_members(&ids), "{:?}", cli.which);
    let merged = json!({ "RoomMemberships": all });
    fact("list-room-memberships (all pages)", page_json(&merged));

    // Without options. Intended difference: our CLI pages every `@paginated`
    // operation of the model (issue 10), while the AWS CLI v1's paginator
    // model has none for ListRoomMemberships, so it sends one request and
    // prints the service's first page (10 by default) with its NextToken.
    let run = step!("list-room-memberships", Compare::Differ, &list);
    let v = ok(&run);
    match cli.which {
        Which::Ours => assert_eq!(v, merged, "every page merged, no NextToken"),
        Which::Aws => {
            assert_eq!(v["RoomMemberships"].as_array().unwrap()[..], all[..10]);
            assert!(v["NextToken"].is_string(), "{v}");
        }
    }
    // ...which is what ours prints with --no-paginate,
    let mut args = list.to_vec();
    args.push("--no-paginate");
    let ours_single = step!("list-room-memberships --no-paginate", Compare::Same, &args);
    assert_eq!(
        ok(&ours_single)["RoomMemberships"].as_array().unwrap()[..],
        all[..10]
    );
    // ...and the AWS CLI, given the paginator from the model, prints ours.
    step!(
        "list-room-memberships (paginator)",
        Compare::SameWithPaginator,
        &list,
    );
    let mut args = list.to_vec();
    args.extend(["--page-size", "7", "--max-items", "25"]);
    let v = ok(&step!(
        "list-room-memberships --max-items (paginator)",
        Compare::SameWithPaginator,
        &args,
    ));
    assert_eq!(v["RoomMemberships"].as_array().unwrap()[..], all[..25]);
    let resume = v["NextToken"].as_str().expect("NextToken").to_owned();
    let mut args = list.to_vec();
    args.extend(["--page-size", "7", "--starting-token", &resume]);
    let v = ok(&step!(
        "list-room-memberships --starting-token (paginator)",
        Compare::SameWithPaginator,
        &args,
    ));
    assert_eq!(v["RoomMemberships"].as_array().unwrap()[..], all[25..]);

    // A role update; a bot's role cannot change.
    let v = ok(&step!(
        "update-room-membership",
        Compare::Same,
        &[
            "update-room-membership",
            "--account-id",
            ENTERPRISE,
            "--room-id",
            &room,
            "--member-id",
            &ids.dana,
            "--role",
            "Member",
        ],
    ));
    fact(
        "update-room-membership",
        membership_json(&v["RoomMembership"]),
    );
    let run = step!(
        "update-room-membership (bot)",
        Compare::Same,
        &[
            "update-room-membership",
            "--account-id",
            ENTERPRISE,
            "--room-id",
            &room,
            "--member-id",
            &ids.bot,
            "--role",
            "Administrator",
        ],
    );
    fact(
        "update-room-membership (bot)",
        service_error(&run, "BadRequestException"),
    );

    // A membership deleted (no output), then again.
    let delete = [
        "delete-room-membership",
        "--account-id",
        ENTERPRISE,
        "--room-id",
        &room,
        "--member-id",
        &ids.erin,
    ];
    let run = step!("delete-room-membership", Compare::Same, &delete);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    let run = step!("delete-room-membership (again)", Compare::Same, &delete);
    fact(
        "delete-room-membership (again)",
        service_error(&run, "NotFoundException"),
    );
    let mut args = list.to_vec();
    args.extend(["--max-results", "50"]);
    let v = ok(&step!(
        "list-room-memberships (after)",
        Compare::Same,
        &args
    ));
    fact("list-room-memberships (after)", page_json(&v));

    // The room deleted: 404 after.
    let run = step!(
        "delete-room",
        Compare::Same,
        &[
            "delete-room",
            "--account-id",
            ENTERPRISE,
            "--room-id",
            &room,
        ],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    let run = step!(
        "get-room (deleted)",
        Compare::Same,
        &["get-room", "--account-id", ENTERPRISE, "--room-id", &room],
    );
    fact(
        "get-room (deleted)",
        service_error(&run, "NotFoundException"),
    );
    let run = step!("list-room-memberships (deleted)", Compare::Same, &list);
    fact(
        "list-room-memberships (deleted)",
        service_error(&run, "NotFoundException"),
    );
    (steps, facts)
}

/// A botocore data directory with `chime/2018-05-01/paginators-1.json`
/// written from our CLI description (the model's `@paginated` traits).
fn aws_data_path() -> PathBuf {
    let mut pagination = serde_json::Map::new();
    for op in chime::cli::SERVICE.operations {
        let Some(p) = op.paginated else { continue };
        let mut config = json!({
            "input_token": p.input_token,
            "output_token": p.output_token,
            "result_key": p.items,
        });
        if let Some(limit) = p.page_size {
            config["limit_key"] = json!(limit);
        }
        pagination.insert(op.name.to_owned(), config);
    }
    let root = scratch_dir("emulator-scenario").join("aws-data");
    let version = root.join("chime/2018-05-01");
    std::fs::create_dir_all(&version).unwrap();
    std::fs::write(
        version.join("paginators-1.json"),
        serde_json::to_string_pretty(&json!({ "pagination": pagination })).unwrap(),
    )
    .unwrap();
    root
}

// ---------------------------------------------------------------------------
// Normalisation of volatile values.

/// Replaces, in order of appearance: each distinct UUID by `<idN>`; ISO 8601
/// timestamps by `<time>`; the values of `PersonalPIN` and `SecurityToken`
/// (random) by `<secret>`; the id prefix of a bot's e-mail
/// (`name-<8 hex>@domain`) by the placeholder of the id it starts.
#[derive(Default)]
struct Normaliser {
    ids: Vec<String>,
}

impl Normaliser {
    fn apply(&mut self, text: &str) -> String {
        let b = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < b.len() {
            let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
            if boundary && is_uuid(&b[i..]) {
                let id = &text[i..i + 36];
                let n = match self.ids.iter().position(|k| k == id) {
                    Some(n) => n,
                    None => {
                        self.ids.push(id.to_owned());
                        self.ids.len() - 1
                    }
                };
                out.push_str(&format!("<id{n}>"));
                i += 36;
                continue;
            }
            if boundary {
                if let Some(n) = timestamp_len(&b[i..]) {
                    out.push_str("<time>");
                    i += n;
                    continue;
                }
            }
            if let Some((key_len, value_len)) = secret_at(&text[i..]) {
                out.push_str(&text[i..i + key_len]);
                out.push_str("<secret>");
                i += key_len + value_len;
                continue;
            }
            if b[i] == b'-'
                && b.len() > i + 9
                && b[i + 1..i + 9].iter().all(u8::is_ascii_hexdigit)
                && b[i + 9] == b'@'
            {
                let prefix = &text[i + 1..i + 9];
                if let Some(n) = self.ids.iter().position(|k| k.starts_with(prefix)) {
                    out.push_str(&format!("-<id{n} prefix>@"));
                    i += 10;
                    continue;
                }
            }
            let ch = text[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
        out
    }
}

fn is_uuid(b: &[u8]) -> bool {
    if b.len() < 36 || b.get(36).is_some_and(u8::is_ascii_alphanumeric) {
        return false;
    }
    b[..36].iter().enumerate().all(|(i, c)| match i {
        8 | 13 | 18 | 23 => *c == b'-',
        _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
    })
}

/// `YYYY-MM-DDTHH:MM:SS` with an optional fraction and zone.
fn timestamp_len(b: &[u8]) -> Option<usize> {
    let shape = b"0000-00-00T00:00:00";
    if b.len() < shape.len() {
        return None;
    }
    let fits = shape.iter().zip(b).all(|(s, c)| match s {
        b'0' => c.is_ascii_digit(),
        _ => s == c,
    });
    if !fits {
        return None;
    }
    let mut n = shape.len();
    if b.get(n) == Some(&b'.') {
        n += 1;
        while b.get(n).is_some_and(u8::is_ascii_digit) {
            n += 1;
        }
    }
    match b.get(n) {
        Some(b'Z') => n += 1,
        Some(b'+' | b'-') if b.len() >= n + 6 => n += 6,
        _ => {}
    }
    Some(n)
}

/// At `"PersonalPIN": "` or `"SecurityToken": "` (with or without the
/// space): the key's length (up to the opening quote of the value) and the
/// value's.
fn secret_at(text: &str) -> Option<(usize, usize)> {
    for key in ["\"PersonalPIN\":", "\"SecurityToken\":"] {
        let Some(rest) = text.strip_prefix(key) else {
            continue;
        };
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        let value = rest[spaces..].strip_prefix('"')?;
        let end = value.find('"')?;
        return Some((key.len() + spaces + 1, end));
    }
    None
}

/// Each fact as `label: normalised JSON`, one a line.
fn normalised_facts(facts: &Facts) -> Vec<String> {
    let mut n = Normaliser::default();
    facts
        .iter()
        .map(|(label, v)| format!("{label}: {}", n.apply(&v.to_string())))
        .collect()
}

/// Each step normalised: label, exit code, standard output, standard error.
fn normalised_steps(steps: &[Step]) -> Vec<(String, Compare, i32, String, String)> {
    let mut n = Normaliser::default();
    steps
        .iter()
        .map(|s| {
            let stdout = n.apply(&s.run.stdout);
            let stderr = n.apply(&s.run.stderr);
            (s.label.clone(), s.compare, s.run.code, stdout, stderr)
        })
        .collect()
}

#[test]
fn normalisation_maps_ids_in_order_and_hides_volatile_values() {
    let mut n = Normaliser::default();
    let text = "{\"BotId\": \"3fb7caac-71bf-4f28-b67d-2e5740e3c521\", \
                \"At\": \"2026-11-30T16:29:13.885Z\", \"Other\": \"a7357f67-148c-47a2-907c-77c55853b066\", \
                \"BotEmail\": \"helper-bot-3fb7caac@example.com\", \"SecurityToken\": \"x_Y-z\", \
                \"PersonalPIN\":\"0123456789\", \"Again\": \"3fb7caac-71bf-4f28-b67d-2e5740e3c521\", \
                \"NextToken\": \"76313a6d656d62657273686970733a3230\"}";
    assert_eq!(
        n.apply(text),
        "{\"BotId\": \"<id0>\", \"At\": \"<time>\", \"Other\": \"<id1>\", \
         \"BotEmail\": \"helper-bot-<id0 prefix>@example.com\", \"SecurityToken\": \"<secret>\", \
         \"PersonalPIN\":\"<secret>\", \"Again\": \"<id0>\", \
         \"NextToken\": \"76313a6d656d62657273686970733a3230\"}"
    );
}

// ---------------------------------------------------------------------------

#[test]
fn the_issue_10_scenario_agrees_across_the_client_our_cli_and_the_aws_cli() {
    let seed = seed_file();

    // 1. The generated client.
    let started = Instant::now();
    let endpoint = start(&seed);
    let client_facts = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(client_scenario(&endpoint));
    eprintln!("generated client: {:?}", started.elapsed());

    // 2. Our CLI.
    let started = Instant::now();
    let data_path = aws_data_path();
    let ours = Cli {
        which: Which::Ours,
        program: PathBuf::from(env!("CARGO_BIN_EXE_chime")),
        endpoint: start(&seed),
        data_path: data_path.clone(),
    };
    let (our_steps, our_facts) = cli_scenario(&ours);
    eprintln!("our chime: {:?}", started.elapsed());
    for s in &our_steps {
        if s.run.code == 0 {
            assert_eq!(s.run.stderr, "", "{}: {:?}", s.label, s.run);
        }
    }

    // The client's typed results agree with our CLI's JSON.
    let client_facts = normalised_facts(&client_facts);
    let our_normalised = normalised_facts(&our_facts);
    assert_eq!(client_facts.len(), our_normalised.len());
    for (c, o) in client_facts.iter().zip(&our_normalised) {
        assert_eq!(c, o, "the generated client and chime disagree");
    }

    // 3. The AWS CLI v1.
    let Some(aws) = std::env::var_os("AWS_CLI").filter(|v| !v.is_empty()) else {
        eprintln!(
            "AWS_CLI is not set: the AWS CLI v1 part is skipped \
             (export AWS_CLI=$(scripts/aws-cli) to run it)"
        );
        return;
    };
    let started = Instant::now();
    let theirs = Cli {
        which: Which::Aws,
        program: PathBuf::from(aws),
        endpoint: start(&seed),
        data_path,
    };
    let (aws_steps, aws_facts) = cli_scenario(&theirs);
    eprintln!("aws chime: {:?}", started.elapsed());
    assert_eq!(
        normalised_facts(&aws_facts),
        client_facts,
        "the generated client and the AWS CLI disagree"
    );

    let ours = normalised_steps(&our_steps);
    let theirs = normalised_steps(&aws_steps);
    assert_eq!(ours.len(), theirs.len());
    let mut identical = 0;
    for (o, t) in ours.iter().zip(&theirs) {
        assert_eq!(o.0, t.0, "the same step");
        if o.1 == Compare::Differ {
            continue;
        }
        let label = &o.0;
        // Exit codes: the same, except for service errors (254 in ours, the
        // AWS CLI v2's; 255 in the AWS CLI v1), as the README documents.
        let codes_agree =
            o.2 == t.2 || (o.2 == 254 && t.2 == 255 && o.4.contains("An error occurred ("));
        assert!(
            codes_agree,
            "{label}: exit {} in chime, {} in aws",
            o.2, t.2
        );
        assert_eq!(o.3, t.3, "{label}: standard output differs");
        assert_eq!(o.4, t.4, "{label}: standard error differs");
        identical += 1;
    }
    eprintln!("{identical} of {} steps byte-identical", ours.len());
}
