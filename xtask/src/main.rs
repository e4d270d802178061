//! Maintainer tasks for the workspace.
//!
//! * `cargo xtask codegen`: regenerates every crate listed in [`JOBS`].
//! * `cargo xtask codegen --config <file>`: runs one job only (any config file).
//! * `cargo xtask codegen --check`: fails, naming each stale file, if the
//!   committed output differs from what the generator produces now.
//! * `cargo xtask cli-parity`: compares `chime` with `aws chime` (AWS CLI v1).
//! * `cargo xtask cli-bench [N]`: times one call of each, side by side.
//! * `cargo xtask protocol-report`: runs the generated protocol compliance
//!   tests and prints passed / failed / skipped per test group, with the
//!   reason for every case that does not pass.
//! * `cargo xtask fuzz [--seconds N] [target...]`: builds and runs the fuzz
//!   targets in `fuzz/` on stable (see `xtask/src/fuzz.rs`).
//! * `cargo xtask aws-models <dir> [--jobs N] [--only a,b] [--keep] [--no-compile] [--verbose]`:
//!   generates and checks every restJson1 model in a directory (see
//!   `xtask/src/aws_models.rs` and `docs/aws-models.md`).
//! * `cargo xtask botocore-diff [--ci] [--only a,b] [--models DIR] [--seed N] [--cases N]`:
//!   compares the requests of generated clients with botocore's (see
//!   `xtask/src/botocore_diff.rs` and `docs/botocore-diff.md`).

use std::process::ExitCode;
use std::time::Instant;

use xtask::{codegen, workspace_root};

mod aws_models;
mod botocore_diff;
mod fuzz;

const USAGE: &str =
    "usage: cargo xtask codegen [--check] [--config <file.codegen.json>]... | cargo xtask protocol-report";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => {
            let mut check = false;
            let mut configs = Vec::new();
            let mut rest = args.iter().skip(1);
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--check" => check = true,
                    "--config" => match rest.next() {
                        Some(path) => configs.push(std::path::PathBuf::from(path)),
                        None => {
                            eprintln!("--config needs a file; {USAGE}");
                            return ExitCode::from(2);
                        }
                    },
                    bad => {
                        eprintln!("unknown argument {bad:?}; {USAGE}");
                        return ExitCode::from(2);
                    }
                }
            }
            if configs.is_empty() {
                codegen::run(&workspace_root(), check)
            } else {
                codegen::run_jobs(&workspace_root(), &configs, check)
            }
        }
        Some("protocol-report") if args.len() == 1 => {
            xtask::protocol_report::run(&workspace_root()).map(|report| {
                print!("{report}");
                "protocol-report: done".to_owned()
            })
        }
        Some("fuzz") => fuzz::run(&workspace_root(), &args[1..]),
        Some("aws-models") => aws_models::run(&workspace_root(), &args[1..]),
        Some("botocore-diff") => botocore_diff::run(&workspace_root(), &args[1..]),
        Some("cli-parity") => xtask::cli_parity::run(&workspace_root()),
        Some("cli-bench") => {
            let n = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20);
            xtask::cli_bench::run(&workspace_root(), n)
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(summary) => {
            eprintln!(
                "{summary} in {:.0} ms",
                started.elapsed().as_secs_f64() * 1000.0
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
