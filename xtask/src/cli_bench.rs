//! `cargo xtask cli-bench [N]`: one full `batch-create-room-membership` call
//! against a capture server on 127.0.0.1, process start to exit, timed N
//! times (default 20) for our release `chime` and, side by side in the same
//! run, for `aws chime` (AWS CLI v1) when it is installed. A benchmark, not
//! a test: it reports numbers and fails only if a call fails.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::cli_parity::{build_chime, clean_env, find_aws, CaptureServer};

fn time_calls(
    program: &[&Path],
    url: &str,
    home: &Path,
    n: usize,
) -> Result<Vec<Duration>, String> {
    let args = [
        "batch-create-room-membership",
        "--endpoint-url",
        url,
        "--account-id",
        "acct-1",
        "--room-id",
        "room-1",
        "--membership-item-list",
        "MemberId=a,Role=Administrator",
        "MemberId=b,Role=Member",
    ];
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        let mut c = Command::new(program[0]);
        c.args(&program[1..]).args(args);
        clean_env(&mut c, home);
        let start = Instant::now();
        let out = c
            .output()
            .map_err(|e| format!("{}: {e}", program[0].display()))?;
        times.push(start.elapsed());
        if !out.status.success() {
            return Err(format!(
                "{} failed: {}",
                program[0].display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    times.sort();
    Ok(times)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn describe(name: &str, t: &[Duration]) -> String {
    let mean = t.iter().sum::<Duration>() / t.len().max(1) as u32;
    format!(
        "{name:<28} mean {:>8.2} ms   median {:>8.2} ms   min {:>8.2} ms   max {:>8.2} ms   ({} runs)",
        ms(mean),
        ms(t[t.len() / 2]),
        ms(t[0]),
        ms(t[t.len() - 1]),
        t.len()
    )
}

/// Runs the benchmark and returns the report.
pub fn run(root: &Path, n: usize) -> Result<String, String> {
    let n = n.max(1);
    let chime = build_chime(root, true)?;
    let server = CaptureServer::start()?;
    let home = std::env::temp_dir().join(format!("cli-bench-{}", std::process::id()));
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    // Warm the file cache once for each program.
    let _ = time_calls(&[&chime], &server.url, &home, 1)?;
    let ours = time_calls(&[&chime], &server.url, &home, n)?;
    let mut report = describe("chime (release)", &ours);
    if let Some(aws) = find_aws() {
        let chime_arg = Path::new("chime");
        let _ = time_calls(&[&aws, chime_arg], &server.url, &home, 1)?;
        let theirs = time_calls(&[&aws, chime_arg], &server.url, &home, n)?;
        report.push('\n');
        report.push_str(&describe("aws chime (AWS CLI v1)", &theirs));
        let ratio = ms(theirs[theirs.len() / 2]) / ms(ours[ours.len() / 2]);
        report.push_str(&format!(
            "\nmedian ratio: chime takes 1/{ratio:.0} of the AWS CLI's wall time (target: at most 1/20)"
        ));
    } else {
        report.push_str("\n`aws` (AWS CLI v1) is not installed: no comparison");
    }
    let _ = std::fs::remove_dir_all(&home);
    Ok(report)
}
