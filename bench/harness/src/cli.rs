//! One CLI call, process start to exit: our `chime` binary (package
//! `chime-cli`) against `aws chime batch-create-room-membership` from the
//! AWS CLI v1, both against the loopback server with the same two members.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::inputs;
use crate::server::ServerProcess;
use crate::stats::Summary;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CliPoint {
    pub name: String,
    pub version: String,
    pub runs: usize,
    pub ms: Summary,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CliResults {
    pub ours: Option<CliPoint>,
    /// Why ours was not measured, if it was not.
    pub ours_missing: Option<String>,
    pub aws: CliPoint,
}

pub fn run(repo: &Path, bench: &Path, quick: bool) -> Result<CliResults, String> {
    let aws = aws_cli(bench)?;
    let ours = our_cli(repo);
    let server = ServerProcess::start().map_err(|e| e.to_string())?;
    let endpoint = server.endpoint();
    let home = bench.join("target/cli-home");
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let args = |program: &Path, service_prefix: bool| {
        let mut cmd = Command::new(program);
        if service_prefix {
            cmd.arg("chime");
        }
        cmd.args([
            "batch-create-room-membership",
            "--account-id",
            inputs::ACCOUNT_ID,
            "--room-id",
            inputs::ROOM_ID,
            "--membership-item-list",
            &format!("MemberId={},Role=Administrator", inputs::member_id(0)),
            &format!("MemberId={},Role=Member", inputs::member_id(1)),
            "--endpoint-url",
            &endpoint,
            "--region",
            inputs::REGION,
        ])
        .env("HOME", &home)
        .env("AWS_ACCESS_KEY_ID", inputs::ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", inputs::SECRET_KEY)
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_DEFAULT_PROFILE")
        .stdin(Stdio::null());
        cmd
    };
    let (aws_runs, our_runs) = if quick { (3, 10) } else { (10, 40) };
    let aws_version = crate::machine::run_text(Command::new(&aws).arg("--version"));
    let aws_point = CliPoint {
        name: "aws chime batch-create-room-membership".into(),
        version: aws_version,
        runs: aws_runs,
        ms: time_runs(|| args(&aws, true), aws_runs)?,
    };
    let (ours_point, ours_missing) = match ours {
        Ok(bin) => (
            Some(CliPoint {
                name: "chime batch-create-room-membership".into(),
                version: crate::machine::run_text(Command::new(&bin).arg("--version")),
                runs: our_runs,
                ms: time_runs(|| args(&bin, false), our_runs)?,
            }),
            None,
        ),
        Err(why) => (None, Some(why)),
    };
    Ok(CliResults {
        ours: ours_point,
        ours_missing,
        aws: aws_point,
    })
}

/// Wall time from spawn to exit, after two unrecorded runs.
fn time_runs(make: impl Fn() -> Command, runs: usize) -> Result<Summary, String> {
    let mut times = Vec::new();
    for i in 0..runs + 2 {
        let mut cmd = make();
        let t = Instant::now();
        let out = cmd.output().map_err(|e| e.to_string())?;
        let ms = t.elapsed().as_secs_f64() * 1e3;
        if !out.status.success() {
            return Err(format!(
                "{:?} failed ({}): {}{}",
                cmd.get_program(),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if i >= 2 {
            times.push(ms);
        }
    }
    eprintln!(
        "  {:?}: {:.1} ms",
        make().get_program(),
        Summary::of(&times).median
    );
    Ok(Summary::of(&times))
}

/// The AWS CLI v1: what the repository's `scripts/aws-cli` finds or
/// installs (`$AWS_CLI`, else a venv under `target/awscli-venv` with
/// `pip install awscli==1.46.3`).
fn aws_cli(bench: &Path) -> Result<PathBuf, String> {
    let script = bench.join("../scripts/aws-cli");
    let out = Command::new(&script)
        .output()
        .map_err(|e| format!("running {}: {e}", script.display()))?;
    if !out.status.success() {
        return Err(format!(
            "could not find or install the AWS CLI: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if path.exists() {
        Ok(path)
    } else {
        Err(format!("{} does not exist", path.display()))
    }
}

/// Builds our CLI (release) in the root workspace if its package exists.
fn our_cli(repo: &Path) -> Result<PathBuf, String> {
    let manifest = repo.join("cli/Cargo.toml");
    if !manifest.exists() {
        return Err("the `chime-cli` package (cli/Cargo.toml) does not exist yet".into());
    }
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "-p", "chime-cli", "--manifest-path"])
        .arg(repo.join("Cargo.toml"))
        .env_remove("CARGO_TARGET_DIR")
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("building `chime-cli` failed (see the build output above)".into());
    }
    let bin = repo.join("target/release/chime");
    if bin.exists() {
        Ok(bin)
    } else {
        Err(format!("{} was not produced", bin.display()))
    }
}
