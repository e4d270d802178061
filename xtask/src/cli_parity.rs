//! `cargo xtask cli-parity`: runs the AWS CLI v1 (`aws chime ...`) and our
//! `chime` on the same argument sets against one capture server on
//! 127.0.0.1 and reports every difference in the request sent (method, path
//! and query, JSON body), standard output, standard error and exit code.
//! Differences this project makes on purpose are labelled as such.
//!
//! `aws` is what `scripts/aws-cli` finds or installs (`$AWS_CLI`, else a venv under `target/`), else `aws` on the
//! `PATH`; without it the task says so and succeeds.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the capture server saw it.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    /// Method, e.g. `POST`.
    pub method: String,
    /// Path and query.
    pub uri: String,
    /// The body, parsed as JSON when it is JSON.
    pub body: serde_json::Value,
}

/// A capture server: answers by room id (`room-400`: a `BadRequestException`,
/// `room-errors`: member errors, anything else: `{"Errors":[]}`) and
/// records every request.
pub struct CaptureServer {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl CaptureServer {
    /// Starts the server on a thread.
    pub fn start() -> Result<Self, String> {
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("bind: {e}"))?;
        let url = format!(
            "http://{}",
            listener.local_addr().map_err(|e| e.to_string())?
        );
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let record = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let record = record.clone();
                std::thread::spawn(move || serve(stream, &record));
            }
        });
        Ok(Self { url, seen })
    }

    /// Takes the requests seen so far.
    pub fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

fn serve(mut stream: TcpStream, record: &Mutex<Vec<Seen>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    loop {
        let Some((method, uri, body)) = read_request(&mut stream) else {
            return;
        };
        let (status, reply) = if uri.contains("/rooms/room-400/") {
            (400, r#"{"Code":"BadRequestException","Message":"x"}"#)
        } else if uri.contains("/rooms/room-errors/") {
            (
                201,
                r#"{"Errors":[{"MemberId":"a","ErrorCode":"NotFound","ErrorMessage":"no such member"}]}"#,
            )
        } else {
            (201, r#"{"Errors":[]}"#)
        };
        let body = serde_json::from_slice(&body)
            .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(&body).into()));
        record
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Seen { method, uri, body });
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\nx-amzn-requestid: req-1\r\ncontent-length: {}\r\n\r\n{reply}",
            reply.len()
        );
        if stream.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

/// Reads one request: method, path and query, body (by `content-length`).
fn read_request(stream: &mut TcpStream) -> Option<(String, String, Vec<u8>)> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 {
            return None;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let mut first = head.lines().next()?.split(' ');
    let method = first.next()?.to_owned();
    let uri = first.next()?.to_owned();
    let length: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).ok()?;
    Some((method, uri, body))
}

/// The AWS CLI: what `scripts/aws-cli` finds or installs (`$AWS_CLI`, else
/// a venv under `target/awscli-venv`).
pub fn find_aws() -> Option<PathBuf> {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/aws-cli");
    let out = Command::new(script).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    path.is_file().then_some(path)
}

/// Builds `chime` (`release` or debug) and returns its path.
pub fn build_chime(root: &Path, release: bool) -> Result<PathBuf, String> {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root)
        .args(["build", "--quiet", "-p", "chime-cli"]);
    if release {
        c.arg("--release");
    }
    let status = c.status().map_err(|e| format!("cargo build: {e}"))?;
    if !status.success() {
        return Err("cargo build -p chime-cli failed".into());
    }
    let dir = if release { "release" } else { "debug" };
    Ok(root.join("target").join(dir).join("chime"))
}

/// The same clean environment for both programs.
pub fn clean_env(c: &mut Command, home: &Path) {
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
        .env(
            "AWS_SECRET_ACCESS_KEY",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        )
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("AWS_PAGER", "");
}

struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
    requests: Vec<Seen>,
}

fn run_one(program: &[&Path], args: &[String], server: &CaptureServer, home: &Path) -> Outcome {
    let mut c = Command::new(program[0]);
    if program.len() > 1 {
        c.arg(program[1]);
    }
    c.args(args);
    clean_env(&mut c, home);
    let out = c.output();
    std::thread::sleep(Duration::from_millis(20));
    let requests = server.take();
    match out {
        Ok(o) => Outcome {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            // The AWS CLI v1 prints its upgrade notice in usage messages.
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            requests,
        },
        Err(e) => Outcome {
            code: -1,
            stdout: String::new(),
            stderr: e.to_string(),
            requests,
        },
    }
}

/// The argument sets, each with the differences we make on purpose.
fn cases(url: &str, dir: &Path) -> Vec<(&'static str, Vec<String>, &'static str)> {
    let items = dir.join("items.json");
    let input = dir.join("input.json");
    let _ = std::fs::write(
        &items,
        r#"[{"MemberId":"a","Role":"Administrator"},{"MemberId":"b","Role":"Member"}]"#,
    );
    let _ = std::fs::write(
        &input,
        r#"{"AccountId":"x","RoomId":"room-1","MembershipItemList":[{"MemberId":"a"}]}"#,
    );
    let fifty_one: Vec<String> = (0..51)
        .map(|i| format!("MemberId=m{i},Role=Member"))
        .collect();
    let call = |rest: &[&str]| -> Vec<String> {
        let mut v = vec![
            "batch-create-room-membership".to_owned(),
            "--endpoint-url".to_owned(),
            url.to_owned(),
        ];
        v.extend(rest.iter().map(|s| (*s).to_owned()));
        v
    };
    let std3 = |room: &str, items: &[&str]| -> Vec<String> {
        let mut v: Vec<&str> = vec![
            "--account-id",
            "acct-1",
            "--room-id",
            room,
            "--membership-item-list",
        ];
        v.extend(items);
        call(&v)
    };
    let exit_v2 = "exit code: the AWS CLI v1 exits 255 where v2 (and we) exit 252/253/254";
    let validation = "we validate @length/@pattern/enums before sending (v1 does not); --no-parameter-validation sends";
    let mut big = vec![
        "--account-id".to_owned(),
        "acct-1".to_owned(),
        "--room-id".to_owned(),
        "room-1".to_owned(),
        "--membership-item-list".to_owned(),
    ];
    big.extend(fifty_one.iter().cloned());
    let mut big_unvalidated = big.clone();
    big_unvalidated.insert(0, "--no-parameter-validation".to_owned());
    vec![
        (
            "reference page example",
            std3(
                "room-1",
                &[
                    "MemberId=1ab2345c-67de-8901-f23g-45h678901j2k,Role=Administrator",
                    "MemberId=2ab2345c-67de-8901-f23g-45h678901j2k,Role=Member",
                ],
            ),
            "",
        ),
        (
            "two members",
            std3(
                "room-1",
                &["MemberId=a,Role=Administrator", "MemberId=b,Role=Member"],
            ),
            "",
        ),
        (
            "JSON list",
            std3(
                "room-1",
                &[r#"[{"MemberId":"a","Role":"Administrator"},{"MemberId":"b","Role":"Member"}]"#],
            ),
            "",
        ),
        (
            "JSON objects",
            std3(
                "room-1",
                &[r#"{"MemberId":"a"}"#, r#"{"MemberId":"b","Role":"Member"}"#],
            ),
            "",
        ),
        (
            "quotes and escapes",
            std3(
                "room-1",
                &[
                    r#"MemberId="a,b",Role=Member"#,
                    r"MemberId='it\'s',Role=Member",
                    r"MemberId=x\,y",
                ],
            ),
            "",
        ),
        (
            "file:// list",
            std3("room-1", &[&format!("file://{}", items.display())]),
            "",
        ),
        (
            "cli-input-json with override",
            call(&[
                "--cli-input-json",
                &format!("file://{}", input.display()),
                "--account-id",
                "acct-1",
            ]),
            "",
        ),
        (
            "member errors json",
            std3("room-errors", &["MemberId=a"]),
            "",
        ),
        (
            "member errors text",
            {
                let mut v = std3("room-errors", &["MemberId=a"]);
                v.extend(["--output".into(), "text".into()]);
                v
            },
            "",
        ),
        (
            "member errors table",
            {
                let mut v = std3("room-errors", &["MemberId=a"]);
                v.extend(["--output".into(), "table".into()]);
                v
            },
            "",
        ),
        (
            "query",
            {
                let mut v = std3("room-errors", &["MemberId=a"]);
                v.extend(["--query".into(), "Errors[0].[MemberId,ErrorCode]".into()]);
                v
            },
            "",
        ),
        (
            "HTTP 400",
            std3("room-400", &["MemberId=a,Role=Administrator"]),
            exit_v2,
        ),
        (
            "51 items",
            call(&big.iter().map(String::as_str).collect::<Vec<_>>()),
            validation,
        ),
        (
            "51 items, no validation",
            call(
                &big_unvalidated
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
            ),
            "",
        ),
        (
            "blank account",
            call(&[
                "--account-id",
                "   ",
                "--room-id",
                "room-1",
                "--membership-item-list",
                "MemberId=a,Role=Administrator",
            ]),
            validation,
        ),
        (
            "bad enum",
            std3("room-1", &["MemberId=a,Role=Boss"]),
            validation,
        ),
        (
            "unknown key",
            std3("room-1", &["MemberId=a,Foo=b"]),
            exit_v2,
        ),
        ("bad shorthand", std3("room-1", &["MemberId"]), exit_v2),
        (
            "duplicate key",
            std3("room-1", &["MemberId=a,MemberId=b"]),
            exit_v2,
        ),
        (
            "missing option",
            call(&["--account-id", "a", "--room-id", "r"]),
            "usage text and exit code (v1: 2, ours: 252) differ",
        ),
        (
            "skeleton input",
            vec![
                "batch-create-room-membership".into(),
                "--generate-cli-skeleton".into(),
            ],
            "",
        ),
        (
            "skeleton output",
            call(&[
                "--account-id",
                "a",
                "--room-id",
                "r",
                "--membership-item-list",
                "MemberId=a",
                "--generate-cli-skeleton",
                "output",
            ]),
            "",
        ),
    ]
}

fn short(requests: &[Seen]) -> String {
    let text = format!("{requests:?}");
    if text.chars().count() > 240 {
        format!("{}...", text.chars().take(240).collect::<String>())
    } else {
        text
    }
}

/// Runs every case with both programs and prints the differences.
pub fn run(root: &Path) -> Result<String, String> {
    let Some(aws) = find_aws() else {
        return Ok("cli-parity: `aws` (AWS CLI v1) is not installed; nothing compared".into());
    };
    let chime = build_chime(root, false)?;
    let server = CaptureServer::start()?;
    let dir = std::env::temp_dir().join(format!("cli-parity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let chime_cmd = "chime".as_ref();
    let (mut same, mut intended, mut unexpected) = (0, 0, 0);
    for (name, args, known) in cases(&server.url, &dir) {
        // `--no-parameter-validation` is ours; the AWS CLI v1 never validates constraints.
        let aws_args: Vec<String> = args
            .iter()
            .filter(|a| *a != "--no-parameter-validation")
            .cloned()
            .collect();
        let a = run_one(&[&aws, chime_cmd], &aws_args, &server, &dir);
        let c = run_one(&[&chime], &args, &server, &dir);
        let mut diffs = Vec::new();
        if a.requests != c.requests {
            diffs.push(format!(
                "requests:\n      aws:   {}\n      chime: {}",
                short(&a.requests),
                short(&c.requests)
            ));
        }
        if a.stdout != c.stdout {
            diffs.push(format!(
                "stdout:\n      aws:   {:?}\n      chime: {:?}",
                a.stdout, c.stdout
            ));
        }
        if a.stderr != c.stderr {
            diffs.push(format!(
                "stderr:\n      aws:   {:?}\n      chime: {:?}",
                a.stderr, c.stderr
            ));
        }
        if a.code != c.code {
            diffs.push(format!("exit code: aws {}, chime {}", a.code, c.code));
        }
        if diffs.is_empty() {
            same += 1;
            println!(
                "SAME       {name} (exit {}, {} request(s))",
                c.code,
                c.requests.len()
            );
        } else {
            let label = if known.is_empty() {
                unexpected += 1;
                "DIFFERENT "
            } else {
                intended += 1;
                "INTENDED  "
            };
            println!(
                "{label} {name}{}",
                if known.is_empty() {
                    String::new()
                } else {
                    format!(" ({known})")
                }
            );
            for d in diffs {
                println!("    {d}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let summary = format!(
        "cli-parity: {same} same, {intended} intended differences, {unexpected} unexpected differences"
    );
    if unexpected > 0 {
        Err(summary)
    } else {
        Ok(summary)
    }
}
