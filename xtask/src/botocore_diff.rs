//! `cargo xtask botocore-diff [--ci] [--only a,b] [--models DIR] [--seed N]
//! [--cases N] [--max-ops N] [--max-rows N] [--jobs N]`: a differential check of generated
//! clients against botocore, the serializer of the AWS CLI.
//!
//! For each service of [`SERVICES`] (or [`CI_SERVICES`] with `--ci`):
//!
//! 1. the crate is generated from the official model with every operation
//!    into the scratch workspace `target/botocore-diff/crates/` (as
//!    `cargo xtask aws-models` does; Chime uses this repository's
//!    `generated/` crate instead);
//! 2. one binary, `botocore-diff-runner`, is built with every crate's `cli`
//!    feature: `botocore-diff-runner <service> <command> ...` runs the
//!    generated CLI of `<service>` (`smithy_cli_rt::app::execute`). A crate
//!    that does not compile is reported and left out, and the build retried;
//! 3. `scripts/botocore_diff.py` runs under the Python of the AWS CLI v1
//!    venv (`scripts/aws-cli`): it builds inputs from botocore's model of
//!    the service, sends each through botocore and through the runner (to a
//!    local capture server) and compares the two requests. It prints one row
//!    per service and writes `target/botocore-diff/report.md` (differences
//!    grouped by cause) and `results.json`.
//!
//! Every subprocess has a time limit. The command fails when a service
//! cannot be generated or built, when an operation cannot be run, or when a
//! difference has no known cause (see `docs/botocore-diff.md`).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::aws_models::{crate_name, find_service, service_name, workspace_manifest};

const USAGE: &str = "usage: cargo xtask botocore-diff [--ci] [--only a,b,c] [--models DIR] [--seed N] [--cases N] [--max-ops N] [--max-rows N] [--jobs N]";

/// The scratch workspace, relative to the repository root.
const SCRATCH: &str = "target/botocore-diff";

/// The runner crate's name.
const RUNNER: &str = "botocore-diff-runner";

/// The services of a full run: model file (in the restJson1 models
/// directory) and botocore's name of the service.
pub const SERVICES: &[(&str, &str)] = &[
    ("chime-2018-05-01.json", "chime"),
    ("account-2021-02-01.json", "account"),
    ("amp-2020-08-01.json", "amp"),
    ("api-gateway-2015-07-09.json", "apigateway"),
    ("apigatewayv2-2018-11-29.json", "apigatewayv2"),
    ("appsync-2017-07-25.json", "appsync"),
    ("backup-2018-11-15.json", "backup"),
    ("batch-2016-08-10.json", "batch"),
    (
        "cloudfront-keyvaluestore-2022-07-26.json",
        "cloudfront-keyvaluestore",
    ),
    ("codecatalyst-2022-09-28.json", "codecatalyst"),
    ("dataexchange-2017-07-25.json", "dataexchange"),
    ("ebs-2019-11-02.json", "ebs"),
    ("efs-2015-02-01.json", "efs"),
    ("eks-2017-11-01.json", "eks"),
    ("fis-2020-12-01.json", "fis"),
    ("glacier-2012-06-01.json", "glacier"),
    ("iot-jobs-data-plane-2017-09-29.json", "iot-jobs-data"),
    (
        "kinesis-video-signaling-2019-12-04.json",
        "kinesis-video-signaling",
    ),
    ("mediastore-data-2017-09-01.json", "mediastore-data"),
    ("mwaa-2020-07-01.json", "mwaa"),
    ("neptune-graph-2023-11-29.json", "neptune-graph"),
    ("polly-2016-06-10.json", "polly"),
    ("rds-data-2018-08-01.json", "rds-data"),
    ("resource-groups-2017-11-27.json", "resource-groups"),
    ("scheduler-2021-06-30.json", "scheduler"),
    ("sso-2019-06-10.json", "sso"),
    ("sso-oidc-2019-06-10.json", "sso-oidc"),
    ("synthetics-2017-10-11.json", "synthetics"),
    ("xray-2016-04-12.json", "xray"),
    (
        "apigatewaymanagementapi-2018-11-29.json",
        "apigatewaymanagementapi",
    ),
    ("appconfig-2019-10-09.json", "appconfig"),
    ("entityresolution-2018-05-10.json", "entityresolution"),
    ("appconfigdata-2021-11-11.json", "appconfigdata"),
    ("iot-2015-05-28.json", "iot"),
    ("iot-data-plane-2015-05-28.json", "iot-data"),
    (
        "kinesis-video-archived-media-2017-09-30.json",
        "kinesis-video-archived-media",
    ),
    ("lex-runtime-service-2016-11-28.json", "lex-runtime"),
];

/// The services of `--ci`: models committed under
/// `tests/fixtures/aws-models/` (49 operations). dataexchange and amplify
/// are committed too but left out to keep the step's build small (74 more
/// operations, about as many again); a full run covers dataexchange.
pub const CI_SERVICES: &[(&str, &str)] = &[
    (
        "cloudfront-keyvaluestore-2022-07-26.json",
        "cloudfront-keyvaluestore",
    ),
    ("codecatalyst-2022-09-28.json", "codecatalyst"),
    ("mediastore-data-2017-09-01.json", "mediastore-data"),
];

/// Time limits.
const TAR_SECS: u64 = 300;
const AWS_CLI_SECS: u64 = 900;
const PROBE_SECS: u64 = 60;
const BUILD_SECS: u64 = 3 * 3600;
const CALL_SECS: u64 = 30;

#[derive(Debug, PartialEq, Eq)]
struct Options {
    ci: bool,
    only: Option<Vec<String>>,
    models: Option<PathBuf>,
    seed: u64,
    cases: u32,
    max_ops: u32,
    max_rows: u32,
    jobs: usize,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        ci: false,
        only: None,
        models: None,
        seed: 11,
        cases: 3,
        max_ops: 0,
        max_rows: 60,
        jobs: 1,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value; {USAGE}"))
        };
        let number = |name: &str, v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{name}: not a number: {v:?}; {USAGE}"))
        };
        match a.as_str() {
            "--ci" => o.ci = true,
            "--only" => {
                o.only = Some(
                    value("--only")?
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect(),
                )
            }
            "--models" => o.models = Some(PathBuf::from(value("--models")?)),
            "--seed" => o.seed = number("--seed", value("--seed")?)?,
            "--cases" => o.cases = number("--cases", value("--cases")?)?.clamp(1, 20) as u32,
            "--max-ops" => o.max_ops = number("--max-ops", value("--max-ops")?)? as u32,
            "--max-rows" => {
                o.max_rows = number("--max-rows", value("--max-rows")?)?.clamp(1, 100_000) as u32
            }
            "--jobs" => o.jobs = number("--jobs", value("--jobs")?)?.clamp(1, 64) as usize,
            bad => return Err(format!("unknown argument {bad:?}; {USAGE}")),
        }
    }
    Ok(o)
}

/// Runs `cmd` with a time limit; standard output and error are collected
/// (unless `inherit`, when they go to the terminal). Returns the exit
/// success and the combined output, or an error naming `what`.
fn run_limited(
    mut cmd: Command,
    what: &str,
    secs: u64,
    inherit: bool,
) -> Result<(bool, String), String> {
    if inherit {
        cmd.stdout(Stdio::inherit()).stderr(Stdio::inherit());
    } else {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    cmd.stdin(Stdio::null());
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("botocore-diff: cannot run {what}: {e}"))?;
    // Readers on their own threads, so that a full pipe never blocks the
    // child while we wait.
    let reader = |r: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut s);
            }
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = reader(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
    );
    let err = reader(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read + Send>),
    );
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > Duration::from_secs(secs) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("botocore-diff: {what} timed out after {secs} s"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(200)),
            Err(e) => return Err(format!("botocore-diff: waiting for {what}: {e}")),
        }
    };
    let mut text = out.join().unwrap_or_default();
    text.push_str(&err.join().unwrap_or_default());
    Ok((status.success(), text))
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// The Python of the AWS CLI v1 venv, checked to import botocore.
fn python(root: &Path) -> Result<PathBuf, String> {
    let mut c = Command::new("bash");
    c.arg(root.join("scripts/aws-cli")).current_dir(root);
    let (ok, text) = run_limited(c, "scripts/aws-cli", AWS_CLI_SECS, false)?;
    let aws = text.lines().last().unwrap_or_default().trim().to_owned();
    if !ok || aws.is_empty() {
        return Err(format!(
            "botocore-diff: scripts/aws-cli failed:\n{}",
            tail(&text, 20)
        ));
    }
    let dir = Path::new(&aws)
        .parent()
        .ok_or_else(|| format!("botocore-diff: scripts/aws-cli printed {aws:?}"))?;
    let py = ["python3", "python"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.exists())
        .ok_or_else(|| format!("botocore-diff: no python next to {aws}"))?;
    let mut c = Command::new(&py);
    c.args([
        "-c",
        "try:\n import awscli.botocore as b\nexcept ImportError:\n import botocore as b\nprint(b.__version__)",
    ]);
    let (ok, text) = run_limited(c, "the venv's python", PROBE_SECS, false)?;
    if !ok {
        return Err(format!(
            "botocore-diff: {} cannot import botocore:\n{}",
            py.display(),
            tail(&text, 10)
        ));
    }
    eprintln!("botocore-diff: botocore {} ({})", text.trim(), py.display());
    Ok(py)
}

/// The directory of the restJson1 models, extracting the archive under
/// `target/` when needed.
fn models_dir(root: &Path, opts: &Options) -> Result<PathBuf, String> {
    if opts.ci {
        return Ok(root.join("tests/fixtures/aws-models"));
    }
    if let Some(d) = &opts.models {
        return Ok(d.clone());
    }
    let dir = root.join("target/aws-models-src/restJson1");
    if dir.is_dir() {
        return Ok(dir);
    }
    let archive = root.join("../shared/aws-models/restjson1.tar.xz");
    if !archive.exists() {
        return Err(format!(
            "botocore-diff: no models: neither {} nor {} exists (or give --models DIR)",
            dir.display(),
            archive.display()
        ));
    }
    let dest = root.join("target/aws-models-src");
    std::fs::create_dir_all(&dest).map_err(|e| format!("{}: {e}", dest.display()))?;
    let mut c = Command::new("tar");
    c.arg("xJf").arg(&archive).arg("-C").arg(&dest);
    let (ok, text) = run_limited(c, "tar", TAR_SECS, false)?;
    if !ok {
        return Err(format!("botocore-diff: tar failed: {}", tail(&text, 10)));
    }
    Ok(dir)
}

/// One service of the run.
struct Service {
    /// The runner's name for it (the `aws-models` table name), e.g. `efs`.
    ident: String,
    botocore: &'static str,
    model: PathBuf,
    /// Cargo package name.
    krate: String,
    /// Where the crate is (for the runner's manifest).
    path: PathBuf,
}

/// Generates the crate of `model` into `crates_dir`.
fn generate(model: &Path, crates_dir: &Path) -> Result<(String, String), String> {
    let file = model
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or_default()
        .to_owned();
    let text = std::fs::read_to_string(model).map_err(|e| format!("{}: {e}", model.display()))?;
    let parsed: Value =
        serde_json::from_str(&text).map_err(|e| format!("{file}: invalid JSON: {e}"))?;
    let info = find_service(&parsed).map_err(|e| format!("{file}: {e}"))?;
    let krate = crate_name(&info.sdk_id);
    let config: smithy_codegen::Config = serde_json::from_value(serde_json::json!({
        "model": file,
        "service": info.shape_id,
        "crate_name": krate,
        "out_dir": ".",
        "operations": ["*"],
    }))
    .map_err(|e| format!("{file}: config: {e}"))?;
    let files = std::panic::catch_unwind(|| smithy_codegen::generate(&config, &file, &text))
        .map_err(|_| format!("{file}: the generator panicked"))?
        .map_err(|diags| {
            let first: Vec<String> = diags.iter().take(3).map(|d| d.to_string()).collect();
            format!(
                "{file}: {} diagnostic(s), first: {}",
                diags.len(),
                first.join(" | ")
            )
        })?;
    let dir = crates_dir.join(&krate);
    let mut wanted = BTreeSet::new();
    for f in &files {
        let p = dir.join(&f.path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        // Unchanged files keep their time stamp, so cargo reuses the
        // previous run's build of the crate.
        if std::fs::read(&p).ok().as_deref() != Some(f.contents.as_bytes()) {
            std::fs::write(&p, &f.contents).map_err(|e| format!("{}: {e}", p.display()))?;
        }
        wanted.insert(p);
    }
    remove_others(&dir, &wanted);
    Ok((krate, service_name(&info.sdk_id)))
}

/// Deletes the files under `dir` that are not in `keep` (left by an
/// earlier generation).
fn remove_others(dir: &Path, keep: &BTreeSet<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            remove_others(&p, keep);
        } else if !keep.contains(&p) {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// The runner's `Cargo.toml` and `src/main.rs`.
fn runner_sources(services: &[Service]) -> (String, String) {
    let mut manifest = format!(
        "# Written by `cargo xtask botocore-diff`; not part of the repository.\n[package]\nname = \"{RUNNER}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nsmithy-cli-rt.workspace = true\n"
    );
    let mut arms = String::new();
    for s in services {
        let path = s.path.display().to_string().replace('\\', "/");
        let _ = writeln!(
            manifest,
            "{} = {{ path = \"{path}\", features = [\"cli\"] }}",
            s.krate
        );
        let _ = writeln!(
            arms,
            "        Some(\"{}\") => &{}::cli::SERVICE,",
            s.ident,
            s.krate.replace('-', "_")
        );
    }
    let main = format!(
        "//! Written by `cargo xtask botocore-diff`: `{RUNNER} <service> <aws-cli-args>`.\n\
         fn main() -> std::process::ExitCode {{\n\
         \x20   let mut args = std::env::args().skip(1);\n\
         \x20   let service = args.next();\n\
         \x20   let rest: Vec<String> = args.collect();\n\
         \x20   let svc: &'static smithy_cli_rt::spec::Service = match service.as_deref() {{\n\
         {arms}\
         \x20       other => {{\n\
         \x20           eprintln!(\"unknown service {{other:?}}\");\n\
         \x20           return std::process::ExitCode::from(2);\n\
         \x20       }}\n\
         \x20   }};\n\
         \x20   let stdout = std::io::stdout();\n\
         \x20   let mut out = stdout.lock();\n\
         \x20   let mut err = std::io::stderr();\n\
         \x20   let code = smithy_cli_rt::app::execute(svc, &[], &rest, &smithy_cli_rt::app::ProcessEnv, &mut out, &mut err);\n\
         \x20   std::process::ExitCode::from(code)\n\
         }}\n"
    );
    (manifest, main)
}

/// Writes the scratch workspace and the runner for `services`.
fn write_runner(root: &Path, scratch: &Path, services: &[Service]) -> Result<(), String> {
    let root_manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read the root Cargo.toml: {e}"))?;
    let mut members: Vec<String> = services
        .iter()
        .filter(|s| s.path.starts_with(scratch))
        .map(|s| s.krate.clone())
        .collect();
    members.push(RUNNER.to_owned());
    // `workspace_manifest` turns debug info off: a third of the disk and
    // faster links (CI is short of disk).
    let manifest = workspace_manifest(&root_manifest, root, &members)
        .replace("cargo xtask aws-models", "cargo xtask botocore-diff");
    let write = |p: PathBuf, text: &str| -> Result<(), String> {
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        if std::fs::read(&p).ok().as_deref() == Some(text.as_bytes()) {
            return Ok(());
        }
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))
    };
    write(scratch.join("Cargo.toml"), &manifest)?;
    let lock = scratch.join("Cargo.lock");
    if !lock.exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), &lock);
    }
    let (m, main) = runner_sources(services);
    let dir = scratch.join("crates").join(RUNNER);
    write(dir.join("Cargo.toml"), &m)?;
    write(dir.join("src/main.rs"), &main)
}

/// The packages cargo names in `could not compile `...`` lines.
fn failed_packages(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.split_once("could not compile `"))
        .filter_map(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name.to_owned())
        .collect()
}

/// Builds the runner; crates that fail are dropped (and reported) and the
/// build retried. Returns the binary.
fn build_runner(
    root: &Path,
    scratch: &Path,
    services: &mut Vec<Service>,
    jobs: usize,
    problems: &mut Vec<String>,
) -> Result<PathBuf, String> {
    for _attempt in 0..4 {
        write_runner(root, scratch, services)?;
        let cargo_bin = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let mut c = if cfg!(unix) {
            let mut c = Command::new("nice");
            c.args(["-n", "15"]).arg(&cargo_bin);
            c
        } else {
            Command::new(&cargo_bin)
        };
        c.args(["build", "-p", RUNNER, "-j", &jobs.to_string()])
            .arg("--manifest-path")
            .arg(scratch.join("Cargo.toml"))
            .current_dir(scratch)
            .env("CARGO_TARGET_DIR", scratch.join("target"))
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS")
            .env_remove("RUSTC_WRAPPER");
        let started = Instant::now();
        eprintln!(
            "botocore-diff: building {RUNNER} with {} service(s), -j {jobs}",
            services.len()
        );
        let (ok, text) = run_limited(c, "cargo build", BUILD_SECS, false)?;
        if ok {
            eprintln!(
                "botocore-diff: built in {:.0} s",
                started.elapsed().as_secs_f64()
            );
            let exe = scratch
                .join("target/debug")
                .join(format!("{RUNNER}{}", std::env::consts::EXE_SUFFIX));
            return Ok(exe);
        }
        let failed = failed_packages(&text);
        let before = services.len();
        services.retain(|s| !failed.contains(&s.krate));
        if services.len() == before || failed.contains(RUNNER) || services.is_empty() {
            return Err(format!(
                "botocore-diff: cargo build failed:\n{}",
                tail(&text, 40)
            ));
        }
        for f in &failed {
            let first_error = text
                .lines()
                .find(|l| l.starts_with("error"))
                .unwrap_or("")
                .to_owned();
            problems.push(format!(
                "{f}: does not compile with --features cli (first error: {first_error})"
            ));
            eprintln!("botocore-diff: {f} does not compile; left out");
        }
    }
    Err("botocore-diff: cargo build kept failing".to_owned())
}

/// Runs the subcommand with its arguments (after `botocore-diff`).
pub fn run(root: &Path, args: &[String]) -> Result<String, String> {
    let opts = parse_args(args)?;
    let scratch = root.join(SCRATCH);
    let crates_dir = scratch.join("crates");
    let py = python(root)?;
    let models = models_dir(root, &opts)?;
    let list = if opts.ci { CI_SERVICES } else { SERVICES };
    let selected: Vec<&(&str, &str)> = list
        .iter()
        .filter(|(file, boto)| {
            opts.only.as_ref().is_none_or(|names| {
                names.iter().any(|n| {
                    n == boto
                        || file
                            .strip_suffix(".json")
                            .is_some_and(|f| f.starts_with(n.as_str()))
                })
            })
        })
        .collect();
    if selected.is_empty() {
        return Err(format!("botocore-diff: --only selects no service; {USAGE}"));
    }
    let mut problems = Vec::new();
    let mut services = Vec::new();
    for (file, boto) in selected {
        let model = models.join(file);
        if *boto == "chime" && !opts.ci {
            // The committed crate: what this repository ships.
            services.push(Service {
                ident: "chime".to_owned(),
                botocore: boto,
                model: root.join("model").join(file),
                krate: "chime".to_owned(),
                path: root.join("generated"),
            });
            continue;
        }
        match generate(&model, &crates_dir) {
            Ok((krate, ident)) => services.push(Service {
                ident,
                botocore: boto,
                model,
                path: crates_dir.join(&krate),
                krate,
            }),
            Err(e) => {
                eprintln!("botocore-diff: not generated: {e}");
                problems.push(format!("not generated: {e}"));
            }
        }
    }
    if services.is_empty() {
        return Err("botocore-diff: no service generated".to_owned());
    }
    let runner = build_runner(root, &scratch, &mut services, opts.jobs, &mut problems)?;

    let report = scratch.join("report.md");
    let results = scratch.join("results.json");
    let mut c = Command::new(&py);
    c.arg(root.join("scripts/botocore_diff.py"))
        .arg("--runner")
        .arg(&runner)
        .args(["--seed", &opts.seed.to_string()])
        .args(["--cases", &opts.cases.to_string()])
        .args(["--max-ops", &opts.max_ops.to_string()])
        .args(["--max-rows", &opts.max_rows.to_string()])
        .args(["--timeout", &CALL_SECS.to_string()])
        .arg("--json")
        .arg(&results)
        .arg("--report")
        .arg(&report)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8");
    for s in &services {
        c.arg("--service")
            .arg(format!("{}:{}:{}", s.ident, s.botocore, s.model.display()));
    }
    // Two requests per case, a process per case for ours: a generous limit
    // that still ends a hung run.
    let limit = 600 + 60 * services.len() as u64 * u64::from(opts.cases);
    let (ok, _) = run_limited(c, "scripts/botocore_diff.py", limit, true)?;
    let shown = report
        .strip_prefix(root)
        .unwrap_or(&report)
        .display()
        .to_string();
    for p in &problems {
        eprintln!("botocore-diff: {p}");
    }
    if ok && problems.is_empty() {
        Ok(format!(
            "botocore-diff: every difference explained; report in {shown}"
        ))
    } else {
        Err(format!(
            "botocore-diff: unexplained differences or failures ({} service problem(s)); report in {shown}",
            problems.len()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments() {
        let a = |s: &[&str]| parse_args(&s.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        let o = a(&["--ci", "--only", "efs, xray", "--cases", "3"]).unwrap();
        assert!(o.ci);
        assert_eq!(o.only, Some(vec!["efs".to_owned(), "xray".to_owned()]));
        assert_eq!(o.cases, 3);
        assert!(a(&["--bogus"]).is_err());
        assert!(a(&["--seed"]).is_err());
    }

    #[test]
    fn failed_packages_are_found() {
        let text = "error[E0308]: x\nerror: could not compile `smithy-aws-efs` (lib) due to 1 previous error\n";
        assert_eq!(
            failed_packages(text).into_iter().collect::<Vec<_>>(),
            vec!["smithy-aws-efs".to_owned()]
        );
    }

    #[test]
    fn the_runner_dispatches_on_the_service() {
        let s = Service {
            ident: "efs".into(),
            botocore: "efs",
            model: PathBuf::from("m.json"),
            krate: "smithy-aws-efs".into(),
            path: PathBuf::from("crates/smithy-aws-efs"),
        };
        let (m, main) = runner_sources(&[s]);
        assert!(m.contains(
            "smithy-aws-efs = { path = \"crates/smithy-aws-efs\", features = [\"cli\"] }"
        ));
        assert!(main.contains("Some(\"efs\") => &smithy_aws_efs::cli::SERVICE,"));
    }
}
