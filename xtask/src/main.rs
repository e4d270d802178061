//! Maintainer tasks for the workspace.
//!
//! * `cargo xtask codegen`: regenerates every crate listed in [`JOBS`].
//! * `cargo xtask codegen --check`: fails, naming each stale file, if the
//!   committed output differs from what the generator produces now.

use std::process::ExitCode;
use std::time::Instant;

use xtask::{codegen, workspace_root};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let started = Instant::now();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => {
            let check = args.iter().skip(1).any(|a| a == "--check");
            if let Some(bad) = args.iter().skip(1).find(|a| *a != "--check") {
                eprintln!("unknown argument {bad:?}; usage: cargo xtask codegen [--check]");
                return ExitCode::from(2);
            }
            codegen::run(&workspace_root(), check)
        }
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
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
