//! `chime list-rooms` pages as the AWS CLI v1 does (`--starting-token`,
//! `--page-size`, `--max-items`, `--no-paginate`, every output format),
//! against the emulator started in-process with 1,000 rooms created through
//! the generated client.
//!
//! When `AWS_CLI` names an `aws` command (CI sets it with `scripts/aws-cli`),
//! every command also runs with the real AWS CLI v1 and the standard outputs
//! and exit codes must be byte-identical. The AWS CLI v1 pages only the
//! operations its own paginator model lists (for Chime: `ListAccounts` and
//! `ListUsers`); `list-users` is compared as it is installed, and for
//! `list-rooms` the AWS CLI is given, through `AWS_DATA_PATH`, a paginator
//! model written from our CLI description (the model's `@paginated` trait),
//! so that botocore's page loop runs on the same facts as ours.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chime_emulator::auth::Keys;
use chime_emulator::config::Config;
use chime_emulator::http::spawn_local;
use clap::Parser;
use common::{command, scratch_dir, Run, AKID, SECRET};
use serde_json::{json, Value};

const ACCOUNT: &str = "7d3c5e1a-2b4f-4c6d-8e9f-0a1b2c3d4e5f";
const ROOMS: usize = 1000;
const USERS: usize = 45;

struct Fixture {
    endpoint: String,
    /// Every room id and name in the service's order (following `NextToken`).
    rooms: Vec<(String, String)>,
    /// The ids of the seeded users in the service's order.
    users: Vec<String>,
    /// `AWS_DATA_PATH` for the AWS CLI: our paginator facts.
    data_path: PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = scratch_dir("pagination-fixture");
        let users: Vec<Value> = (0..USERS)
            .map(|i| {
                json!({
                    "id": format!("{i:08x}-0000-4000-8000-000000000000"),
                    "email": format!("user{i:03}@example.com"),
                    "displayName": format!("User {i:03}"),
                })
            })
            .collect();
        let seed = json!({"accounts": [{
            "id": ACCOUNT,
            "name": "Pagination",
            "type": "EnterpriseLWA",
            "users": users,
        }]});
        let seed_path = dir.join("seed.json");
        std::fs::write(&seed_path, seed.to_string()).unwrap();
        let endpoint = start(&seed_path);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (rooms, users) = rt.block_on(async {
            let c = chime::Client::new(
                chime::Client::config_builder()
                    .region("us-east-1")
                    .static_credentials(AKID, SECRET, None)
                    .endpoint_url(&endpoint)
                    .build(),
            );
            for i in 0..ROOMS {
                c.create_room()
                    .account_id(ACCOUNT)
                    .name(format!("room-{i:04}"))
                    .send()
                    .await
                    .expect("CreateRoom");
            }
            let mut rooms = Vec::new();
            let mut token: Option<String> = None;
            loop {
                let page = c
                    .list_rooms()
                    .account_id(ACCOUNT)
                    .max_results(99)
                    .set_next_token(token.take())
                    .send()
                    .await
                    .expect("ListRooms");
                for r in page.rooms.unwrap_or_default() {
                    rooms.push((r.room_id.unwrap(), r.name.unwrap()));
                }
                match page.next_token {
                    Some(t) => token = Some(t),
                    None => break,
                }
            }
            let mut users = Vec::new();
            loop {
                let page = c
                    .list_users()
                    .account_id(ACCOUNT)
                    .set_next_token(token.take())
                    .send()
                    .await
                    .expect("ListUsers");
                users.extend(
                    page.users
                        .unwrap_or_default()
                        .into_iter()
                        .map(|u| u.user_id),
                );
                match page.next_token {
                    Some(t) => token = Some(t),
                    None => break,
                }
            }
            (rooms, users)
        });
        assert_eq!(rooms.len(), ROOMS, "the emulator lists every room once");
        assert_eq!(users.len(), USERS);
        Fixture {
            endpoint,
            rooms,
            users,
            data_path: aws_data_path(&dir),
        }
    })
}

/// Starts the emulator with `seed` on a free port on its own runtime
/// thread; returns its endpoint URL.
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

/// A botocore data directory with `chime/2018-05-01/paginators-1.json`
/// written from our CLI description.
fn aws_data_path(dir: &Path) -> PathBuf {
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
    let root = dir.join("aws-data");
    let version = root.join("chime/2018-05-01");
    std::fs::create_dir_all(&version).unwrap();
    std::fs::write(
        version.join("paginators-1.json"),
        serde_json::to_string_pretty(&json!({ "pagination": pagination })).unwrap(),
    )
    .unwrap();
    root
}

/// Runs `chime ARGS --endpoint-url ...`; when `AWS_CLI` is set, also `aws
/// chime ARGS --endpoint-url ...` (with our paginator facts when
/// `override_paginators`), and asserts the same standard output and exit
/// code.
fn run_both(args: &[&str], override_paginators: bool) -> Run {
    let f = fixture();
    let mut full: Vec<&str> = args.to_vec();
    full.extend(["--endpoint-url", &f.endpoint]);
    let ours: Run = command(&full).output().expect("run chime").into();
    if let Ok(aws) = std::env::var("AWS_CLI") {
        let mut c = std::process::Command::new(aws);
        c.arg("chime")
            .args(&full)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", scratch_dir("aws-home"))
            .env("AWS_ACCESS_KEY_ID", AKID)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env("AWS_MAX_ATTEMPTS", "1");
        if override_paginators {
            c.env("AWS_DATA_PATH", &f.data_path);
        }
        let theirs: Run = c.output().expect("run the AWS CLI").into();
        assert_eq!(
            (ours.code, &ours.stdout),
            (theirs.code, &theirs.stdout),
            "chime and aws chime differ on {args:?}\nour stderr: {}\ntheir stderr: {}",
            ours.stderr,
            theirs.stderr
        );
    }
    ours
}

/// `run_both` for `list-rooms --account-id ACCOUNT ARGS`.
fn list_rooms(args: &[&str]) -> Run {
    let mut full = vec!["list-rooms", "--account-id", ACCOUNT];
    full.extend_from_slice(args);
    let run = run_both(&full, true);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run
}

fn parse(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The room ids of a `list-rooms` JSON output.
fn ids(v: &Value) -> Vec<String> {
    v["Rooms"]
        .as_array()
        .map(|rooms| {
            rooms
                .iter()
                .map(|r| r["RoomId"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn expected_ids(range: std::ops::Range<usize>) -> Vec<String> {
    fixture().rooms[range]
        .iter()
        .map(|(id, _)| id.clone())
        .collect()
}

/// botocore's token decoded: the service's token and the truncation.
fn decode(token: &str) -> Value {
    fn b64(text: &str) -> Vec<u8> {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let values: Vec<u32> = text
            .bytes()
            .filter(|&c| c != b'=')
            .map(|c| alphabet.iter().position(|&a| a == c).expect("base64") as u32)
            .collect();
        let mut out = Vec::new();
        for chunk in values.chunks(4) {
            let mut n = 0;
            for (i, v) in chunk.iter().enumerate() {
                n |= v << (18 - 6 * i);
            }
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8][..chunk.len() - 1]);
        }
        out
    }
    serde_json::from_slice(&b64(token)).expect("a JSON token")
}

/// The service's own first page and token for a page size.
fn service_page(max_results: Option<i32>, token: Option<String>) -> (Vec<String>, Option<String>) {
    let f = fixture();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let c = chime::Client::new(
            chime::Client::config_builder()
                .region("us-east-1")
                .static_credentials(AKID, SECRET, None)
                .endpoint_url(&f.endpoint)
                .build(),
        );
        let page = c
            .list_rooms()
            .account_id(ACCOUNT)
            .set_max_results(max_results)
            .set_next_token(token)
            .send()
            .await
            .unwrap();
        (
            page.rooms
                .unwrap_or_default()
                .into_iter()
                .map(|r| r.room_id.unwrap())
                .collect(),
            page.next_token,
        )
    })
}

#[test]
fn without_options_every_page_is_merged_in_order() {
    let run = list_rooms(&[]);
    let v = parse(&run);
    assert_eq!(ids(&v), expected_ids(0..ROOMS));
    assert_eq!(v.as_object().unwrap().len(), 1, "no NextToken at the end");
    assert!(run.stdout.starts_with("{\n    \"Rooms\": [\n        {\n"));
    assert!(run.stdout.ends_with("        }\n    ]\n}\n"));
}

#[test]
fn max_items_stops_and_starting_token_resumes_without_gap_or_duplicate() {
    let run = list_rooms(&["--max-items", "150"]);
    let v = parse(&run);
    assert_eq!(ids(&v), expected_ids(0..150));
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["NextToken", "Rooms"]);
    assert!(run.stdout.ends_with(&format!(
        "    ],\n    \"NextToken\": \"{}\"\n}}\n",
        v["NextToken"].as_str().unwrap()
    )));
    // The token names the page the next item is on and how many of it
    // were shown (none when 150 ends a page of the service's default size).
    let default_page = service_page(None, None).0.len();
    let token = decode(v["NextToken"].as_str().unwrap());
    assert!(token["NextToken"].is_string(), "{token}");
    let v155 = parse(&list_rooms(&["--max-items", "155"]));
    assert_eq!(ids(&v155), expected_ids(0..155));
    let token155 = decode(v155["NextToken"].as_str().unwrap());
    match 155 % default_page {
        0 => assert_eq!(token155.as_object().unwrap().len(), 1, "{token155}"),
        shown => assert_eq!(token155["boto_truncate_amount"], json!(shown), "{token155}"),
    }

    // Resume until the end, 150 at a time.
    let mut seen = ids(&v);
    let mut next = v["NextToken"].as_str().map(str::to_owned);
    let mut runs = 1;
    while let Some(t) = next {
        let v = parse(&list_rooms(&["--max-items", "150", "--starting-token", &t]));
        let page = ids(&v);
        assert!(
            page.len() == 150 || v.get("NextToken").is_none(),
            "{}",
            page.len()
        );
        seen.extend(page);
        next = v
            .get("NextToken")
            .and_then(Value::as_str)
            .map(str::to_owned);
        runs += 1;
        assert!(runs <= 8, "no end after {runs} runs");
    }
    assert_eq!(runs, 7);
    assert_eq!(seen, expected_ids(0..ROOMS), "no gap, no duplicate");

    // A resume at a page boundary has no truncation: 3 pages of 50.
    let v = parse(&list_rooms(&["--page-size", "50", "--max-items", "150"]));
    let (_, third) = service_page(Some(50), None);
    let (_, third) = service_page(Some(50), third);
    let (_, after) = service_page(Some(50), third);
    assert_eq!(
        decode(v["NextToken"].as_str().unwrap()),
        json!({"NextToken": after})
    );
    let v = parse(&list_rooms(&[
        "--page-size",
        "50",
        "--max-items",
        "10",
        "--starting-token",
        v["NextToken"].as_str().unwrap(),
    ]));
    assert_eq!(ids(&v), expected_ids(150..160));
}

#[test]
fn page_size_sets_the_limit_member() {
    let v = parse(&list_rooms(&["--page-size", "7"]));
    assert_eq!(ids(&v), expected_ids(0..ROOMS));
    let v = parse(&list_rooms(&["--page-size", "7", "--max-items", "20"]));
    assert_eq!(ids(&v), expected_ids(0..20));
    // Items 15..=21 are the third page of 7: six of it were shown.
    let (_, second) = service_page(Some(7), None);
    let (_, third) = service_page(Some(7), second);
    assert_eq!(
        decode(v["NextToken"].as_str().unwrap()),
        json!({"NextToken": third, "boto_truncate_amount": 6})
    );
    let v = parse(&list_rooms(&[
        "--page-size",
        "7",
        "--max-items",
        "20",
        "--starting-token",
        v["NextToken"].as_str().unwrap(),
    ]));
    assert_eq!(ids(&v), expected_ids(20..40));
    assert_eq!(
        decode(v["NextToken"].as_str().unwrap())["boto_truncate_amount"],
        json!(5),
        "20 + 20 = 40 = 5 pages of 7 and 5 of the sixth"
    );
}

#[test]
fn no_paginate_prints_one_page_and_the_services_token() {
    let (first, token) = service_page(None, None);
    assert!(token.is_some() && first.len() < ROOMS);
    let v = parse(&list_rooms(&["--no-paginate"]));
    assert_eq!(ids(&v), first);
    assert_eq!(
        v["NextToken"].as_str(),
        token.as_deref(),
        "the service's own token"
    );

    // The service's own options turn pagination off, as in the AWS CLI.
    let (five, token) = service_page(Some(5), None);
    let v = parse(&list_rooms(&["--max-results", "5"]));
    assert_eq!(ids(&v), five);
    assert_eq!(v["NextToken"].as_str(), token.as_deref());
    let v = parse(&list_rooms(&[
        "--next-token",
        token.as_deref().unwrap(),
        "--max-results",
        "5",
    ]));
    assert_eq!(ids(&v), expected_ids(5..10));

    // ...and cannot be mixed with the CLI's.
    for args in [
        vec!["--no-paginate", "--max-items", "5"],
        vec![
            "--max-results",
            "5",
            "--starting-token",
            "x",
            "--page-size",
            "3",
        ],
    ] {
        let mut full = vec!["list-rooms", "--account-id", ACCOUNT];
        full.extend(args.iter().copied());
        let run = run_both(&full, true);
        assert_eq!(run.code, 255, "{args:?}");
        assert!(run.stdout.is_empty());
        assert!(
            run.stderr
                .contains("Cannot specify --no-paginate along with pagination arguments: --"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn text_output_prints_page_by_page_then_the_token() {
    let run = list_rooms(&["--output", "text"]);
    let rows: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(rows.len(), ROOMS);
    assert!(rows.iter().all(|r| r.starts_with("ROOMS\t")));
    let run = list_rooms(&["--output", "text", "--max-items", "150"]);
    let v = parse(&list_rooms(&["--max-items", "150"]));
    let rows: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(rows.len(), 151);
    assert_eq!(
        rows[150],
        format!("NEXTTOKEN\t{}", v["NextToken"].as_str().unwrap())
    );
    // --query applies to each page in the text output (and to the token).
    let run = list_rooms(&[
        "--output",
        "text",
        "--page-size",
        "99",
        "--max-items",
        "250",
        "--query",
        "Rooms[0].Name",
    ]);
    let names = &fixture().rooms;
    assert_eq!(
        run.stdout,
        format!("{}\n{}\n{}\nNone\n", names[0].1, names[99].1, names[198].1)
    );
}

#[test]
fn json_table_and_yaml_show_the_merged_result_and_the_token() {
    let v = parse(&list_rooms(&["--max-items", "3"]));
    let token = v["NextToken"].as_str().unwrap().to_owned();
    let table = list_rooms(&["--output", "table", "--max-items", "3"]);
    assert!(table.stdout.contains("ListRooms"), "{}", table.stdout);
    assert!(table.stdout.contains(&token), "{}", table.stdout);
    assert_eq!(table.stdout.matches("||+-").count(), 0);
    for (id, _) in &fixture().rooms[..3] {
        assert!(table.stdout.contains(id.as_str()));
    }
    // YAML (not an AWS CLI v1 output: compared with the JSON only).
    let yaml = command(&[
        "list-rooms",
        "--account-id",
        ACCOUNT,
        "--output",
        "yaml",
        "--max-items",
        "3",
        "--endpoint-url",
        &fixture().endpoint,
    ])
    .output()
    .unwrap();
    let yaml = String::from_utf8(yaml.stdout).unwrap();
    assert!(yaml.starts_with("Rooms:\n- "), "{yaml}");
    assert!(yaml.ends_with(&format!("NextToken: {token}\n")), "{yaml}");
    assert_eq!(yaml.lines().filter(|l| l.starts_with("- ")).count(), 3);

    // --query sees the merged result in JSON and table.
    let run = list_rooms(&["--query", "length(Rooms)"]);
    assert_eq!(run.stdout, "1000\n");
    let run = list_rooms(&["--max-items", "2", "--query", "[Rooms[].Name, NextToken]"]);
    assert_eq!(
        parse(&run),
        json!([[fixture().rooms[0].1, fixture().rooms[1].1], token_for(2)])
    );
    list_rooms(&[
        "--output",
        "table",
        "--page-size",
        "40",
        "--max-items",
        "45",
        "--query",
        "Rooms[].[Name]",
    ]);
}

fn token_for(max_items: usize) -> String {
    let v = parse(&list_rooms(&["--max-items", &max_items.to_string()]));
    v["NextToken"].as_str().unwrap().to_owned()
}

#[test]
fn edge_values_of_max_items() {
    // Zero and negative values warn and behave as botocore's loop does.
    let run = list_rooms(&["--max-items", "0"]);
    assert!(run
        .stderr
        .contains("warning: Non-positive values for --max-items"));
    let v = parse(&run);
    assert_eq!(ids(&v), Vec::<String>::new());
    assert_eq!(
        decode(v["NextToken"].as_str().unwrap())["boto_truncate_amount"],
        json!(0)
    );
    list_rooms(&["--max-items", "-1", "--page-size", "4"]);
    // More than there are: everything, no token.
    let v = parse(&list_rooms(&["--max-items", "5000", "--page-size", "99"]));
    assert_eq!(ids(&v).len(), ROOMS);
    assert!(v.get("NextToken").is_none());
    // Exactly all: the last page has no token, so none is printed.
    let v = parse(&list_rooms(&["--max-items", "1000", "--page-size", "50"]));
    assert_eq!(ids(&v).len(), ROOMS);
    assert!(v.get("NextToken").is_none());
    // A raw service token is accepted as a starting token.
    let (_, raw) = service_page(Some(10), None);
    let v = parse(&list_rooms(&[
        "--starting-token",
        raw.as_deref().unwrap(),
        "--max-items",
        "5",
    ]));
    assert_eq!(ids(&v), expected_ids(10..15));
}

#[test]
fn list_users_matches_the_installed_aws_cli() {
    // ListUsers is in the AWS CLI's own paginator model: no override.
    let users = &fixture().users;
    let base = ["list-users", "--account-id", ACCOUNT];
    let run = |extra: &[&str]| {
        let mut full = base.to_vec();
        full.extend_from_slice(extra);
        let run = run_both(&full, false);
        assert_eq!(run.code, 0, "{extra:?}: {}", run.stderr);
        run
    };
    let all = |v: &Value| -> Vec<String> {
        v["Users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["UserId"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(all(&parse(&run(&["--page-size", "4"]))), *users);
    let v = parse(&run(&["--page-size", "4", "--max-items", "10"]));
    assert_eq!(all(&v), users[..10]);
    let v = parse(&run(&[
        "--page-size",
        "4",
        "--max-items",
        "10",
        "--starting-token",
        v["NextToken"].as_str().unwrap(),
    ]));
    assert_eq!(all(&v), users[10..20]);
    run(&["--output", "text", "--page-size", "6", "--max-items", "13"]);
    run(&["--output", "table", "--max-items", "2"]);
    run(&["--no-paginate", "--max-results", "3"]);
}

#[test]
fn help_and_skeleton_show_the_aws_clis_paging_options() {
    let help = common::chime(&["list-rooms", "help"]);
    assert_eq!(help.code, 0);
    for shown in [
        "[--starting-token <value>]",
        "[--page-size <value>]",
        "[--max-items <value>]",
    ] {
        assert!(help.stdout.contains(shown), "{shown}");
    }
    assert!(help.stdout.contains("list-rooms is a paginated operation."));
    assert!(!help.stdout.contains("--next-token"));
    assert!(!help.stdout.contains("--max-results"));
    // The skeleton is the input shape, NextToken and MaxResults included.
    let skeleton = common::chime(&["list-rooms", "--generate-cli-skeleton"]);
    let v: Value = serde_json::from_str(&skeleton.stdout).unwrap();
    assert!(v.get("NextToken").is_some() && v.get("MaxResults").is_some());
    // Commands that do not paginate have no such options.
    let run = common::chime(&[
        "get-room",
        "--account-id",
        ACCOUNT,
        "--room-id",
        "x",
        "--max-items",
        "3",
    ]);
    assert_eq!(run.code, 252);
    assert!(
        run.stderr.contains("Unknown options: --max-items, 3"),
        "{}",
        run.stderr
    );
    // argparse's message for a value that is not an integer.
    let run = common::chime(&["list-rooms", "--account-id", ACCOUNT, "--max-items", "x"]);
    assert_eq!(run.code, 252);
    assert!(run
        .stderr
        .contains("argument --max-items: invalid int value: 'x'"));
}
