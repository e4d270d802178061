//! The emulator on the wire: the generated server with every handler, SigV4
//! verified, driven by the generated client and (when `AWS_CLI` names an
//! `aws` command, as `.ci/run` arranges) by the real AWS CLI v1.

use chime::types::{ErrorCode, MembershipItem, RoomMembershipRole};
use chime_emulator::auth::Keys;
use chime_emulator::config::Config;
use chime_emulator::http::spawn_local;
use clap::Parser;

const KEY: &str = "AKIDEMULATORTEST";
const SECRET: &str = "emulator/test/secret/key";
const ACCOUNT: &str = "4f8a6f5e-3c1d-4b2a-9e8f-0a1b2c3d4e5f";
const ALICE: &str = "1ab2345c-67de-4901-a23b-45c678901d2e";
const CAROL_SUSPENDED: &str = "3ab2345c-67de-4901-a23b-45c678901d2e";
const BOT: &str = "9bc8d7e6-f5a4-4b3c-8d2e-1f0a9b8c7d6e";

/// Starts an emulator seeded with `examples/seed.json` on a free port, on
/// its own runtime thread; returns its endpoint URL.
fn start() -> String {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seed.json");
    let config = Config::parse_from([
        "chime-emulator",
        "--in-memory",
        "--seed",
        seed,
        "--listen",
        "127.0.0.1:0",
    ]);
    let mut keys = Keys::new();
    keys.insert(KEY, SECRET);
    spawn_local(config, Some(keys)).expect("the emulator starts")
}

fn client(endpoint: &str, secret: &str) -> chime::Client {
    chime::Client::new(
        chime::Client::config_builder()
            .region("us-east-1")
            .static_credentials(KEY, secret, None)
            .endpoint_url(endpoint)
            .build(),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn the_generated_client_drives_a_room_scenario() {
    let endpoint = start();
    let c = client(&endpoint, SECRET);
    let room = c
        .create_room()
        .account_id(ACCOUNT)
        .name("scenario")
        .send()
        .await
        .unwrap()
        .room
        .unwrap()
        .room_id
        .unwrap();
    let item = |id: &str, role: Option<&str>| {
        let b = MembershipItem::builder().member_id(id);
        match role {
            Some(r) => b.role(r).build(),
            None => b.build(),
        }
    };
    let out = c
        .batch_create_room_membership()
        .account_id(ACCOUNT)
        .room_id(&room)
        .membership_item_list(item(ALICE, Some("Administrator")))
        .membership_item_list(item(BOT, None))
        .membership_item_list(item(CAROL_SUSPENDED, None))
        .membership_item_list(item("ghost", None))
        .send()
        .await
        .unwrap();
    let errors = out.errors.unwrap();
    let codes: Vec<_> = errors
        .iter()
        .map(|e| (e.member_id.clone().unwrap(), e.error_code.clone().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [
            (CAROL_SUSPENDED.to_owned(), ErrorCode::Forbidden),
            ("ghost".to_owned(), ErrorCode::NotFound)
        ]
    );
    // Adding Alice again with another role is a conflict; with the same, nothing.
    let again = c
        .batch_create_room_membership()
        .account_id(ACCOUNT)
        .room_id(&room)
        .membership_item_list(item(ALICE, Some("Member")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.errors.unwrap()[0].error_code,
        Some(ErrorCode::Conflict)
    );
    let members = c
        .list_room_memberships()
        .account_id(ACCOUNT)
        .room_id(&room)
        .send()
        .await
        .unwrap()
        .room_memberships
        .unwrap();
    assert_eq!(members.len(), 2);
    c.update_room_membership()
        .account_id(ACCOUNT)
        .room_id(&room)
        .member_id(ALICE)
        .role(RoomMembershipRole::Member)
        .send()
        .await
        .unwrap();
    c.delete_room_membership()
        .account_id(ACCOUNT)
        .room_id(&room)
        .member_id(BOT)
        .send()
        .await
        .unwrap();
    // A wrong secret is refused and changes nothing.
    let bad = client(&endpoint, "not-the-secret")
        .delete_room()
        .account_id(ACCOUNT)
        .room_id(&room)
        .send()
        .await
        .unwrap_err()
        .into_service_error()
        .expect("a service error");
    assert!(bad.is_forbidden_exception(), "{bad:?}");
    let members = c
        .list_room_memberships()
        .account_id(ACCOUNT)
        .room_id(&room)
        .send()
        .await
        .unwrap()
        .room_memberships
        .unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0].role, Some(RoomMembershipRole::Member));
    // Constraint violations are a BadRequestException listing them.
    let too_many = (0..51).fold(
        c.batch_create_room_membership()
            .account_id(ACCOUNT)
            .room_id(&room),
        |b, i| b.membership_item_list(item(&format!("m{i}"), None)),
    );
    let err = too_many.send().await.unwrap_err();
    assert!(
        matches!(err, chime::SdkError::Validation(_)),
        "the client validates first: {err:?}"
    );
    c.delete_room()
        .account_id(ACCOUNT)
        .room_id(&room)
        .send()
        .await
        .unwrap();
    let gone = c
        .get_room()
        .account_id(ACCOUNT)
        .room_id(&room)
        .send()
        .await
        .unwrap_err()
        .into_service_error()
        .unwrap();
    assert!(gone.is_not_found_exception(), "{gone:?}");
}

/// The same kind of scenario with the real AWS CLI v1, when `AWS_CLI` is set.
#[test]
fn the_real_aws_cli_drives_the_emulator() {
    let Ok(aws) = std::env::var("AWS_CLI") else {
        eprintln!("AWS_CLI is not set: skipping the AWS CLI scenario");
        return;
    };
    let endpoint = start();
    let run = |args: &[&str]| -> (i32, serde_json::Value, String) {
        let out = std::process::Command::new(&aws)
            .arg("chime")
            .args(args)
            .args(["--endpoint-url", &endpoint, "--output", "json"])
            .env("AWS_ACCESS_KEY_ID", KEY)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env_remove("AWS_PROFILE")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .output()
            .expect("the AWS CLI runs");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let value = if stdout.trim().is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_str(&stdout).unwrap_or(serde_json::Value::Null)
        };
        (
            out.status.code().unwrap_or(-1),
            value,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (rc, room, err) = run(&["create-room", "--account-id", ACCOUNT, "--name", "cli room"]);
    assert_eq!(rc, 0, "{err}");
    let room_id = room["Room"]["RoomId"].as_str().unwrap().to_owned();
    let (rc, out, err) = run(&[
        "batch-create-room-membership",
        "--account-id",
        ACCOUNT,
        "--room-id",
        &room_id,
        "--membership-item-list",
        &format!("MemberId={ALICE},Role=Administrator"),
        &format!("MemberId={BOT}"),
        "MemberId=ghost",
    ]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(out["Errors"][0]["MemberId"], "ghost");
    assert_eq!(out["Errors"][0]["ErrorCode"], "NotFound");
    let (rc, out, err) = run(&[
        "list-room-memberships",
        "--account-id",
        ACCOUNT,
        "--room-id",
        &room_id,
    ]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(out["RoomMemberships"].as_array().unwrap().len(), 2);
    let (rc, _, err) = run(&[
        "delete-room",
        "--account-id",
        ACCOUNT,
        "--room-id",
        &room_id,
    ]);
    assert_eq!(rc, 0, "{err}");
    let (rc, _, err) = run(&["get-room", "--account-id", ACCOUNT, "--room-id", &room_id]);
    assert_eq!(rc, 255, "{err}");
    assert!(err.contains("(NotFoundException)"), "{err}");
}
