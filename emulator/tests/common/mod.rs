//! Shared by the tests that run the real `chime-emulator` binary: start it on a free port,
//! capture everything it prints, kill it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// The access key the tests sign with.
pub const KEY: &str = "AKIDEMULATORWIRE";
/// Its secret: distinctive, so that finding it in the emulator's output is unambiguous.
pub const SECRET: &str = "wire/Secret+Key-7f3a9c0d1e2b/NEVER-LOGGED";

/// A running `chime-emulator` process.
pub struct Process {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub endpoint: String,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    output: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

/// A fresh directory under the system's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "chime-emulator-{name}-{}-{nanos}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// Writes an AWS-format credentials file with [`KEY`]/[`SECRET`] (and a second profile).
pub fn credentials_file(dir: &Path) -> PathBuf {
    let path = dir.join("credentials");
    std::fs::write(
        &path,
        format!(
            "[default]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n\n\
             [other]\naws_access_key_id = AKIDSECONDKEY\naws_secret_access_key = second/secret/KEY-55aa\n"
        ),
    )
    .expect("the credentials file is written");
    path
}

fn pump(
    stream: impl Read + Send + 'static,
    output: Arc<Mutex<String>>,
    tx: Option<mpsc::Sender<String>>,
) -> JoinHandle<()> {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut line = Vec::new();
        let mut tx = tx;
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let text = String::from_utf8_lossy(&line).into_owned();
                    if let Some(at) = text.find("operations at http://") {
                        if let Some(tx) = tx.take() {
                            let url = text[at + "operations at ".len()..].trim().to_owned();
                            let _ = tx.send(url);
                        }
                    }
                    output.lock().unwrap().push_str(&text);
                }
            }
        }
    })
}

impl Process {
    /// Starts the binary with `args` (plus `--listen 127.0.0.1:0`) and `envs` (AWS keys and the
    /// listen address are removed from the inherited environment first); waits until it prints
    /// its endpoint.
    pub fn start(args: &[&str], envs: &[(&str, &str)]) -> Process {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_chime-emulator"));
        cmd.args(args)
            .args(["--listen", "127.0.0.1:0"])
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .env_remove("AWS_SESSION_TOKEN")
            .env_remove("CHIME_EMULATOR_ADDR")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the chime-emulator binary starts");
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let readers = vec![
            pump(child.stdout.take().unwrap(), Arc::clone(&output), Some(tx)),
            pump(child.stderr.take().unwrap(), Arc::clone(&output), None),
        ];
        let endpoint = match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "the emulator did not print its endpoint; it printed:\n{}",
                    output.lock().unwrap()
                );
            }
        };
        let addr = endpoint.trim_start_matches("http://").to_owned();
        Process {
            child,
            endpoint,
            addr,
            output,
            readers,
        }
    }

    /// Everything printed so far on stdout and stderr.
    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// SIGKILL, then wait for the process; returns everything it printed.
    pub fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for r in std::mem::take(&mut self.readers) {
            let _ = r.join();
        }
        self.output()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The generated client on `endpoint`, signing with `key`/`secret`, trying each call
/// `attempts` times with short backoffs.
pub fn client(endpoint: &str, key: &str, secret: &str, attempts: u32) -> chime::Client {
    chime::Client::new(
        chime::Client::config_builder()
            .region("us-east-1")
            .static_credentials(key, secret, None)
            .endpoint_url(endpoint)
            .retry_config(
                chime::RetryConfig::standard()
                    .with_max_attempts(attempts)
                    .with_initial_backoff(Duration::from_millis(5))
                    .with_max_backoff(Duration::from_millis(20)),
            )
            .build(),
    )
}

/// A seed file (JSON) with one EnterpriseLWA account `account` holding the users `users`
/// (ids; emails derived), the suspended user `suspended` and the bot `bot`.
pub fn seed_file(
    dir: &Path,
    account: &str,
    users: &[String],
    suspended: &str,
    bot: &str,
) -> PathBuf {
    let mut list: Vec<serde_json::Value> = users
        .iter()
        .map(|id| serde_json::json!({ "id": id, "email": format!("{id}@example.com"), "displayName": id }))
        .collect();
    list.push(serde_json::json!({
        "id": suspended, "email": format!("{suspended}@example.com"), "displayName": "Suspended", "suspended": true
    }));
    let seed = serde_json::json!({ "accounts": [{
        "id": account, "name": "Wire Enterprise", "type": "EnterpriseLWA",
        "users": list,
        "bots": [{ "id": bot, "displayName": "Wire Bot", "domain": "example.com" }]
    }]});
    let path = dir.join("seed.json");
    std::fs::write(&path, seed.to_string()).expect("the seed file is written");
    path
}

/// Every membership of a room, following `NextToken`: member id → role.
pub async fn memberships(
    c: &chime::Client,
    account: &str,
    room: &str,
) -> Vec<(String, chime::types::RoomMembershipRole)> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .list_room_memberships()
            .account_id(account)
            .room_id(room)
            .max_results(99)
            .set_next_token(token.clone())
            .send()
            .await
            .expect("ListRoomMemberships answers");
        for m in page.room_memberships.unwrap_or_default() {
            let id = m.member.and_then(|m| m.member_id).expect("a member id");
            out.push((id, m.role.expect("a role")));
        }
        token = page.next_token;
        if token.is_none() {
            return out;
        }
    }
}

/// Every room of an account, following `NextToken`: (id, name).
pub async fn rooms(c: &chime::Client, account: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = c
            .list_rooms()
            .account_id(account)
            .max_results(99)
            .set_next_token(token.clone())
            .send()
            .await
            .expect("ListRooms answers");
        for r in page.rooms.unwrap_or_default() {
            out.push((r.room_id.expect("a room id"), r.name.unwrap_or_default()));
        }
        token = page.next_token;
        if token.is_none() {
            return out;
        }
    }
}
