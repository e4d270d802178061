//! `cargo xtask protocol-report`: runs the generated protocol compliance
//! tests of every job with `protocol_tests` and prints, per service and test
//! group (request, response, malformed, event_stream), how many cases passed, failed and
//! were skipped, with the reason for every case that did not pass.
//!
//! Known failures (`known_failures` in the job's config) are generated with
//! `#[ignore]`; the report runs each of them on its own, with a time limit,
//! and says whether it still fails.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use smithy_codegen::protocol_catalog::{catalog, Case};

/// How long one known failure may run before it counts as hanging.
const KNOWN_FAILURE_LIMIT: Duration = Duration::from_secs(20);

/// The outcome of one case.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

/// The two sides a job's protocol tests check: the test target and the
/// catalog of its cases.
type CatalogFn = fn(&Path) -> Result<(smithy_codegen::config::Config, Vec<Case>), String>;
const SIDES: [(&str, &str, CatalogFn); 2] = [
    (
        "client",
        "protocol_tests",
        smithy_codegen::protocol_catalog::catalog,
    ),
    (
        "server",
        "server_protocol_tests",
        smithy_codegen::protocol_catalog::server_catalog,
    ),
];

/// Passed, failed, skipped per group, per side.
type Counts = BTreeMap<&'static str, [[usize; 3]; 2]>;

/// Runs every job's protocol tests and returns the report text.
pub fn run(root: &Path) -> Result<String, String> {
    let mut out = String::new();
    let mut totals: Counts = BTreeMap::new();
    for job in crate::JOBS {
        let config_path = root.join(job);
        let (config, _) = catalog(&config_path)?;
        if !config.protocol_tests {
            continue;
        }
        let mut by_group: Counts = BTreeMap::new();
        let mut notes = Vec::new();
        for (side_index, (side, target, catalog_of)) in SIDES.iter().enumerate() {
            let (_, cases) = catalog_of(&config_path)?;
            let binary = build_tests(root, &config.crate_name, target)?;
            let results = run_tests(&binary, &[])?;
            for case in &cases {
                let outcome = outcome(&binary, case, &results);
                let slot = match &outcome {
                    Outcome::Passed => 0,
                    Outcome::Failed(_) => 1,
                    Outcome::Skipped(_) => 2,
                };
                by_group.entry(case.group).or_default()[side_index][slot] += 1;
                totals.entry(case.group).or_default()[side_index][slot] += 1;
                match outcome {
                    Outcome::Passed => {}
                    Outcome::Failed(why) => notes.push(format!(
                        "    FAILED  {side} {:<12} {} ({}): {why}",
                        case.group, case.id, case.shape
                    )),
                    Outcome::Skipped(why) => notes.push(format!(
                        "    skipped {side} {:<12} {} ({}): {why}",
                        case.group, case.id, case.shape
                    )),
                }
            }
        }
        let _ = writeln!(
            out,
            "{} ({}, from {job})",
            config.service, config.crate_name
        );
        table(&mut out, &by_group);
        if !notes.is_empty() {
            let _ = writeln!(out, "  not passing:");
            for n in notes {
                let _ = writeln!(out, "{n}");
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "All services");
    table(&mut out, &totals);
    Ok(out)
}

/// The counts per group, client and server side by side.
fn table(out: &mut String, counts: &Counts) {
    let _ = writeln!(out, "  {:<12} {:^27} | {:^27}", "", "client", "server");
    let _ = writeln!(
        out,
        "  {:<12} {:>6} {:>6} {:>7}       | {:>6} {:>6} {:>7}",
        "group", "passed", "failed", "skipped", "passed", "failed", "skipped"
    );
    for group in smithy_codegen::emit::protocol_tests::GROUPS {
        let [[cp, cf, cs], [sp, sf, ss]] = counts.get(group).copied().unwrap_or_default();
        let _ = writeln!(
            out,
            "  {group:<12} {cp:>6} {cf:>6} {cs:>7}       | {sp:>6} {sf:>6} {ss:>7}"
        );
    }
}

/// A case's outcome from the test run (known failures are run on their own).
fn outcome(binary: &Path, case: &Case, results: &BTreeMap<String, String>) -> Outcome {
    if let Some(why) = &case.skipped {
        return Outcome::Skipped(why.clone());
    }
    let mut failed = Vec::new();
    for f in &case.functions {
        let status = match results.get(f).map(String::as_str) {
            Some(s) if s.starts_with("ignored") => run_one(binary, f),
            Some(s) => s.to_owned(),
            None => "not generated".to_owned(),
        };
        if status != "ok" {
            failed.push(if case.functions.len() > 1 {
                format!("{f}: {status}")
            } else {
                status
            });
        }
    }
    match (&case.known_failure, failed.is_empty()) {
        (None, true) => Outcome::Passed,
        (Some(why), true) => Outcome::Failed(format!(
            "listed as a known failure ({why}) but passes now: remove it from known_failures"
        )),
        (Some(why), false) => Outcome::Failed(format!("known failure: {why}")),
        (None, false) => Outcome::Failed(failed.join("; ")),
    }
}

/// Builds the crate's test target `target` and returns the test binary.
fn build_tests(root: &Path, crate_name: &str, target: &str) -> Result<PathBuf, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .current_dir(root)
        .args(["test", "-p", crate_name, "--test", target, "--no-run"])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let text = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "building the tests of {crate_name} failed:\n{text}"
        ));
    }
    text.lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix(&format!("Executable tests/{target}.rs ("))
                .map(str::to_owned)
        })
        .filter_map(|l| l.strip_suffix(')').map(str::to_owned))
        .map(|p| root.join(p))
        .next()
        .ok_or_else(|| format!("cargo did not name the test binary of {crate_name}:\n{text}"))
}

/// Runs the test binary and returns each test's status (`ok`, `FAILED`, `ignored`).
fn run_tests(binary: &Path, args: &[&str]) -> Result<BTreeMap<String, String>, String> {
    let output = Command::new(binary)
        .args(args)
        .args(["--test-threads", "2"])
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    Ok(parse(&String::from_utf8_lossy(&output.stdout)))
}

fn parse(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("test "))
        .filter_map(|l| l.rsplit_once(" ... "))
        .map(|(name, status)| (name.to_owned(), status.trim().to_owned()))
        .collect()
}

/// Runs one ignored test with a time limit; a test that hangs is stopped.
fn run_one(binary: &Path, name: &str) -> String {
    let child = Command::new(binary)
        .args(["--ignored", "--exact", name])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return "could not be run".to_owned();
    };
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > KNOWN_FAILURE_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return format!("did not finish within {} s", KNOWN_FAILURE_LIMIT.as_secs());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => return "could not be run".to_owned(),
        }
    }
    let mut stdout = String::new();
    if let Some(mut s) = child.stdout.take() {
        use std::io::Read as _;
        let _ = s.read_to_string(&mut stdout);
    }
    parse(&stdout)
        .remove(name)
        .unwrap_or_else(|| "did not run".to_owned())
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_libtest_lines() {
        let r = super::parse("running 2 tests\ntest a ... ok\ntest b_c ... FAILED\ntest d ... ignored, known failure: x\n");
        assert_eq!(r["a"], "ok");
        assert_eq!(r["b_c"], "FAILED");
        assert!(r["d"].starts_with("ignored"));
    }
}
