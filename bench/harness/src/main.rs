//! The benchmark suite: this project's `chime` crate, generator and CLI side
//! by side with aws-sdk-chime and the AWS CLI.
//!
//! ```text
//! cargo run --release --manifest-path bench/Cargo.toml -p harness -- all
//! ```
//!
//! runs every section and writes `BENCHMARKS.md` (repository root) and
//! `bench/chart.svg`. Sections can be re-run alone (`prep`, `parse`, `calls`,
//! `load`, `codegen`, `cli`, `builds`); each run updates the saved results
//! (`bench/target/results.json`) and re-renders the report from them.
//! Internal subcommands: `serve` (the loopback server) and `client` (one
//! measured client process).

mod builds;
mod chart;
mod cli;
mod codegen;
mod emulator;
mod inputs;
mod issue9;
mod load;
mod machine;
mod micro;
mod report;
mod server;
mod stats;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// Everything measured, saved between runs of single sections.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Results {
    pub machine: Option<machine::MachineInfo>,
    pub prep: Option<micro::MicroResults>,
    pub parse: Option<micro::MicroResults>,
    pub calls: Option<micro::MicroResults>,
    pub load: Option<load::LoadResults>,
    pub codegen: Option<codegen::CodegenResults>,
    pub cli: Option<cli::CliResults>,
    pub builds: Option<builds::BuildResults>,
    #[serde(default)]
    pub emulator: Option<emulator::EmulatorResults>,
    #[serde(default)]
    pub issue9: Option<issue9::Issue9Results>,
    /// The command that produced the results, and how long it took.
    pub command: String,
    pub total_seconds: f64,
    pub quick: bool,
}

const USAGE: &str = "usage: harness all|prep|parse|calls|load|codegen|cli|builds|emulator|issue9|report \
[--quick] [--runs N] [--build-runs N] [--timings]";

struct Options {
    quick: bool,
    runs: usize,
    build_runs: usize,
    timings: bool,
}

fn bench_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("harness lives in bench/")
        .to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => {
            let secs = args
                .iter()
                .position(|a| a == "--max-seconds")
                .and_then(|i| args.get(i + 1))
                .and_then(|s| s.parse().ok())
                .unwrap_or(600);
            return match server::serve(Duration::from_secs(secs)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("serve: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Some("client") => {
            return match load::client_main(&args[1..]) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("client: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Some("profile") => {
            let routine = args.get(1).map_or("", String::as_str);
            let iters = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10_000);
            return match micro::profile(routine, iters) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("profile: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        _ => {}
    }
    let Some(section) = args.first().cloned() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let mut opts = Options {
        quick: false,
        runs: 5,
        build_runs: 3,
        timings: false,
    };
    let mut rest = args[1..].iter();
    while let Some(a) = rest.next() {
        let mut number = |name: &str| -> Option<usize> {
            let v = rest.next().and_then(|v| v.parse().ok());
            if v.is_none() {
                eprintln!("{name} needs a number");
            }
            v
        };
        match a.as_str() {
            "--quick" => opts.quick = true,
            "--timings" => opts.timings = true,
            "--runs" => match number("--runs") {
                Some(n) if n > 0 => opts.runs = n,
                _ => return ExitCode::from(2),
            },
            "--build-runs" => match number("--build-runs") {
                Some(n) if n > 0 => opts.build_runs = n,
                _ => return ExitCode::from(2),
            },
            other => {
                eprintln!("unknown argument {other:?}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    if opts.quick {
        opts.runs = opts.runs.min(2);
        opts.build_runs = 1;
    }
    match run(&section, &opts, &args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(section: &str, opts: &Options, args: &[String]) -> Result<(), String> {
    let bench = bench_dir();
    let repo = bench
        .parent()
        .expect("bench/ is in the repository")
        .to_path_buf();
    let saved = bench.join("target/results.json");
    let started = Instant::now();
    let mut results: Results = if section == "all" {
        Results::default()
    } else {
        std::fs::read(&saved)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    };
    let all = section == "all";
    if !matches!(
        section,
        "all"
            | "prep"
            | "parse"
            | "calls"
            | "load"
            | "codegen"
            | "cli"
            | "builds"
            | "emulator"
            | "issue9"
            | "report"
    ) {
        return Err(format!("unknown section {section:?}\n{USAGE}"));
    }
    if section != "report" {
        results.machine = Some(machine::machine_info(&repo, &bench));
        results.quick = opts.quick;
    }
    if all || section == "prep" {
        eprintln!("== request preparation (50 items)");
        results.prep = Some(micro::prep(opts.quick));
    }
    if all || section == "parse" {
        eprintln!("== response parsing");
        results.parse = Some(micro::parse(opts.quick));
    }
    if all || section == "calls" {
        eprintln!("== one call in process, canned transport");
        results.calls = Some(micro::in_process(opts.quick));
    }
    if all || section == "load" {
        eprintln!("== throughput and CPU per request on loopback");
        results.load = Some(load::run_all(opts.runs, opts.quick).map_err(|e| e.to_string())?);
    }
    if all || section == "codegen" {
        eprintln!("== code generation");
        results.codegen = Some(codegen::run(&repo, if opts.quick { 2 } else { 5 })?);
    }
    if all || section == "cli" {
        eprintln!("== CLI, one call");
        results.cli = Some(cli::run(&repo, &bench, opts.quick)?);
    }
    if all || section == "builds" {
        eprintln!(
            "== clean builds and binary sizes ({} run(s))",
            opts.build_runs
        );
        results.builds = Some(builds::run(&bench, opts.build_runs, opts.timings)?);
    }
    if all || section == "emulator" {
        eprintln!("== the emulator on loopback vs its SQLite floor");
        results.emulator = Some(emulator::run(opts.runs, opts.quick)?);
    }
    if all || section == "issue9" {
        eprintln!("== issue 9: parse speed, the generated server, the client's hyper floor");
        results.issue9 = Some(issue9::run(opts.runs, opts.quick)?);
    }
    if section != "report" {
        results.command = format!(
            "cargo run --release --manifest-path bench/Cargo.toml -p harness -- {}",
            args.join(" ")
        );
        if all {
            results.total_seconds = started.elapsed().as_secs_f64();
        }
        std::fs::create_dir_all(bench.join("target")).map_err(|e| e.to_string())?;
        std::fs::write(
            &saved,
            serde_json::to_vec_pretty(&results).map_err(|e| e.to_string())?,
        )
        .map_err(|e| e.to_string())?;
    }
    let checks = report::checks(&results);
    let markdown = report::markdown(&results, &checks);
    std::fs::write(repo.join("BENCHMARKS.md"), markdown).map_err(|e| e.to_string())?;
    std::fs::write(bench.join("chart.svg"), chart::svg(&checks)).map_err(|e| e.to_string())?;
    eprintln!("wrote BENCHMARKS.md and bench/chart.svg");
    for c in &checks {
        eprintln!(
            "  {:<50} {:>8}  target {:<8} {}",
            c.name,
            c.ratio_text(),
            c.target_text(),
            if c.met() { "met" } else { "MISSED" }
        );
    }
    Ok(())
}
