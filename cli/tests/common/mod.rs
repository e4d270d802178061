//! Running the real `chime` binary against a server on 127.0.0.1, and the
//! AWS CLI's recorded requests from `shared/reference/aws-cli`.
#![allow(dead_code, unused_imports)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub use test_support::server::{json, Captured, Reply, TestServer};
pub use test_support::sigv4::{self, Expected};

pub const AKID: &str = "AKIDEXAMPLE";
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

pub const EXPECTED: Expected<'static> = Expected {
    access_key: AKID,
    secret: SECRET,
    region: "us-east-1",
    service: "chime",
};

/// What one run printed and returned.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// A command with a clean environment: static credentials, `us-east-1`, a
/// home directory without `.aws`, one attempt per call.
pub fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chime"));
    c.args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", scratch_dir("home"))
        .env("AWS_ACCESS_KEY_ID", AKID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "1");
    c
}

/// Runs `chime args...` with the clean environment.
pub fn chime(args: &[&str]) -> Run {
    command(args).output().expect("run chime").into()
}

/// Runs `chime args...` with `stdin` as standard input.
pub fn chime_with_stdin(args: &[&str], stdin: &str) -> Run {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn chime");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait").into()
}

/// A fresh directory under the target directory.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "chime-cli-{name}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// `tests/reference/aws-cli/<name>`: what the real AWS CLI printed and sent
/// (copied into the repository from ../shared/reference).
pub fn reference(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/reference/aws-cli")
        .join(name)
}

/// A request the AWS CLI sent, from a capture file: method, path and
/// query, body.
#[derive(Debug)]
pub struct Recorded {
    pub method: String,
    pub uri: String,
    pub body: serde_json::Value,
}

/// Every request of an AWS CLI capture file.
pub fn recorded(name: &str) -> Vec<Recorded> {
    let text = std::fs::read_to_string(reference(name)).expect("reference capture");
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(request_line) = line.strip_prefix("request-line: ") else {
            continue;
        };
        let mut parts = request_line.split(' ');
        let method = parts.next().unwrap_or_default().to_owned();
        let uri = parts.next().unwrap_or_default().to_owned();
        for l in lines.by_ref() {
            if l == "--- body (verbatim) ---" {
                break;
            }
        }
        let body = lines.next().unwrap_or_default();
        out.push(Recorded {
            method,
            uri,
            body: serde_json::from_str(body).expect("recorded body is JSON"),
        });
    }
    out
}

/// Checks that `got` is the recorded request (method, path, query, JSON
/// body) and is signed for `chime` in `us-east-1`.
pub fn assert_same_request(got: &Captured, want: &Recorded) {
    assert_eq!(got.method, want.method);
    assert_eq!(got.uri, want.uri);
    let body: serde_json::Value = serde_json::from_slice(&got.body).expect("JSON body");
    assert_eq!(body, want.body);
    assert_eq!(got.header("content-type"), Some("application/json"));
    sigv4::verify(got, &EXPECTED).expect("valid SigV4 signature");
}

/// A server answering every request with `{"Errors":[]}` (201).
pub async fn ok_server() -> TestServer {
    TestServer::start(|_, _| json(201, r#"{"Errors":[]}"#)).await
}

/// Runs the binary on a blocking thread so the server keeps serving.
pub async fn run(args: Vec<String>) -> Run {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        chime(&args)
    })
    .await
    .expect("join")
}

/// `["batch-create-room-membership", "--endpoint-url", url, ...rest]`.
pub fn call_args(url: &str, rest: &[&str]) -> Vec<String> {
    let mut v = vec![
        "batch-create-room-membership".to_owned(),
        "--endpoint-url".to_owned(),
        url.to_owned(),
    ];
    v.extend(rest.iter().map(|s| (*s).to_owned()));
    v
}

/// Runs `chime args...` with the clean environment and at most `kib` KiB of
/// virtual memory (`ulimit -v`), so that a run that would fill the memory
/// aborts instead of taking the machine down.
pub fn chime_with_memory_limit(args: &[&str], kib: u64) -> Run {
    let c = command(&[]);
    let script = format!("ulimit -v {kib} && exec \"$0\" \"$@\"");
    let mut sh = Command::new("sh");
    sh.arg("-c").arg(script).arg(c.get_program()).args(args);
    sh.env_clear();
    for (k, v) in c.get_envs() {
        if let Some(v) = v {
            sh.env(k, v);
        }
    }
    sh.output().expect("run chime under sh").into()
}

/// How a run ended, for messages: the exit code, or the signal that ended
/// it (a stack overflow aborts with SIGABRT or SIGSEGV).
pub fn ending(o: &Output) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(sig) = o.status.signal() {
            return format!("killed by signal {sig}");
        }
    }
    format!("exit {:?}", o.status.code())
}
