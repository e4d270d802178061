//! `cargo xtask fuzz [--seconds N] [--no-sanitizer] [target...]`: builds the
//! libFuzzer crate in `fuzz/` and runs each target for N seconds (default
//! 60) on its committed corpus, then prints per target the executions, the
//! corpus size and the findings (crash files).
//!
//! It needs no nightly toolchain: the build sets `RUSTC_BOOTSTRAP=1` and
//! passes the flags `cargo fuzz` passes (SanitizerCoverage with inline 8-bit
//! counters, PC table and comparison tracing, `--cfg fuzzing`, and
//! AddressSanitizer unless `--no-sanitizer`), for the host target only so
//! build scripts and proc macros stay uninstrumented.
//!
//! Layout: seeds in `fuzz/corpus/<target>/` (committed, read only here),
//! what libFuzzer adds in `fuzz/corpus-run/<target>/`, crash files and the
//! log in `fuzz/artifacts/<target>/` (both ignored by git). A crash stops
//! libFuzzer; the run is restarted for the time left (at most
//! [`MAX_RESTARTS`] times) so one shallow bug does not hide the rest.
//! Minimize a crash with `fuzz/target/<triple>/release/<target>
//! -minimize_crash=1 -runs=10000 <file>` and commit it under
//! `fuzz/regressions/<target>/`, where `cargo test -p fuzz-targets` replays it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// How often a target that crashed is started again within its time.
const MAX_RESTARTS: usize = 10;

const USAGE: &str = "usage: cargo xtask fuzz [--seconds N] [--no-sanitizer] [target...]";

/// What one target's run found.
struct Outcome {
    target: String,
    executions: u64,
    corpus: usize,
    findings: Vec<PathBuf>,
}

/// Runs the subcommand with its arguments (after `fuzz`).
pub fn run(root: &Path, args: &[String]) -> Result<String, String> {
    let mut seconds: u64 = 60;
    let mut sanitizer = true;
    let mut targets = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seconds" => {
                seconds = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or(format!("--seconds needs a number; {USAGE}"))?;
            }
            "--no-sanitizer" => sanitizer = false,
            a if a.starts_with('-') => return Err(format!("unknown option {a:?}; {USAGE}")),
            t => targets.push(t.to_owned()),
        }
    }
    let fuzz = root.join("fuzz");
    let all = list_targets(&fuzz)?;
    if targets.is_empty() {
        targets = all.clone();
    }
    if let Some(bad) = targets.iter().find(|t| !all.contains(t)) {
        return Err(format!(
            "no fuzz target {bad:?}; targets: {}",
            all.join(", ")
        ));
    }
    let bin_dir = build(&fuzz, sanitizer)?;
    let mut outcomes = Vec::new();
    for target in &targets {
        let outcome = run_target(&fuzz, &bin_dir, target, seconds)?;
        eprintln!(
            "fuzz {}: {} executions, corpus {}, {} finding(s)",
            outcome.target,
            outcome.executions,
            outcome.corpus,
            outcome.findings.len()
        );
        outcomes.push(outcome);
    }
    println!(
        "{:<20} {:>14} {:>8}  findings",
        "target", "executions", "corpus"
    );
    for o in &outcomes {
        let findings = if o.findings.is_empty() {
            "none".to_owned()
        } else {
            o.findings
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        println!(
            "{:<20} {:>14} {:>8}  {findings}",
            o.target, o.executions, o.corpus
        );
    }
    let found: usize = outcomes.iter().map(|o| o.findings.len()).sum();
    if found > 0 {
        Err(format!("fuzz: {found} finding(s)"))
    } else {
        Ok(format!(
            "fuzz: {} target(s), {seconds} s each, no findings",
            outcomes.len()
        ))
    }
}

/// The targets: one file each in `fuzz/fuzz_targets/`.
fn list_targets(fuzz: &Path) -> Result<Vec<String>, String> {
    let dir = fuzz.join("fuzz_targets");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".rs").map(str::to_owned)
        })
        .collect();
    names.sort();
    Ok(names)
}

fn host_triple() -> Result<String, String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .map_err(|e| format!("rustc -vV: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .ok_or_else(|| "rustc -vV printed no host".to_owned())
}

/// Builds every target; returns the directory of the binaries.
fn build(fuzz: &Path, sanitizer: bool) -> Result<PathBuf, String> {
    let triple = host_triple()?;
    let mut flags = vec![
        "-Cpasses=sancov-module",
        "-Cllvm-args=-sanitizer-coverage-level=4",
        "-Cllvm-args=-sanitizer-coverage-inline-8bit-counters",
        "-Cllvm-args=-sanitizer-coverage-pc-table",
        "-Cllvm-args=-sanitizer-coverage-trace-compares",
        "--cfg",
        "fuzzing",
        "-Cdebug-assertions",
        "-Coverflow-checks",
        "-Cforce-frame-pointers",
    ];
    if sanitizer {
        flags.push("-Zsanitizer=address");
    }
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| fuzz.join("target"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(fuzz)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("RUSTFLAGS", flags.join(" "))
        .env("CARGO_TARGET_DIR", &target_dir)
        .args(["build", "--release", "--bins", "--target", &triple])
        .status()
        .map_err(|e| format!("cargo build (fuzz): {e}"))?;
    if !status.success() {
        return Err("building the fuzz targets failed".to_owned());
    }
    Ok(target_dir.join(triple).join("release"))
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The number after `stat::number_of_executed_units:` in libFuzzer's final
/// statistics, or else the count of its last `#N` status line.
fn executions(log: &str) -> u64 {
    let stat = log.lines().rev().find_map(|l| {
        l.strip_prefix("stat::number_of_executed_units:")
            .and_then(|n| n.trim().parse().ok())
    });
    stat.unwrap_or_else(|| {
        log.lines()
            .rev()
            .find_map(|l| {
                l.strip_prefix('#')
                    .and_then(|r| r.split_whitespace().next())
                    .and_then(|n| n.parse().ok())
            })
            .unwrap_or(0)
    })
}

fn run_target(fuzz: &Path, bin_dir: &Path, target: &str, seconds: u64) -> Result<Outcome, String> {
    let seeds = fuzz.join("corpus").join(target);
    let work = fuzz.join("corpus-run").join(target);
    let artifacts = fuzz.join("artifacts").join(target);
    for dir in [&seeds, &work, &artifacts] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let before = files(&artifacts);
    let mut log_all = String::new();
    let mut total = 0u64;
    let started = Instant::now();
    let budget = Duration::from_secs(seconds);
    for _ in 0..=MAX_RESTARTS {
        let left = budget.saturating_sub(started.elapsed()).as_secs();
        if left == 0 {
            break;
        }
        let out = Command::new(bin_dir.join(target))
            .arg(&work)
            .arg(&seeds)
            .arg(format!("-max_total_time={left}"))
            .arg("-print_final_stats=1")
            .arg("-timeout=10")
            .arg("-rss_limit_mb=2048")
            .arg("-max_len=4096")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .output()
            .map_err(|e| format!("{target}: {e}"))?;
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        total += executions(&log);
        log_all.push_str(&log);
        if out.status.success() {
            break;
        }
    }
    let log_path = artifacts.join("last-run.log");
    std::fs::write(&log_path, &log_all).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let findings: Vec<PathBuf> = files(&artifacts)
        .into_iter()
        .filter(|f| !before.contains(f) && f != &log_path)
        .collect();
    let mut corpus: Vec<PathBuf> = files(&work);
    corpus.extend(files(&seeds));
    Ok(Outcome {
        target: target.to_owned(),
        executions: total,
        corpus: corpus.len(),
        findings,
    })
}

#[cfg(test)]
mod tests {
    use super::executions;

    #[test]
    fn reads_final_stats_or_last_status_line() {
        let log = "#2\tINITED cov: 10\n#4096\tpulse cov: 12\nDone 5000 runs in 1 second(s)\nstat::number_of_executed_units: 5001\nstat::average_exec_per_sec:     5001\n";
        assert_eq!(executions(log), 5001);
        assert_eq!(executions("#2\tINITED\n#77\tNEW cov: 3\n==1== ERROR"), 77);
        assert_eq!(executions("nothing"), 0);
    }
}
