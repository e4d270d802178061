//! Clean builds of the example program (one BatchCreateRoomMembership call)
//! on our crate and on aws-sdk-chime + aws-config, each in a fresh target
//! directory, with Cargo's default dev and release profiles; and the size of
//! the release binaries, as built and stripped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::machine::{OtherLoad, Snapshot};
use crate::stats::Summary;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BuildPoint {
    pub program: String,
    pub profile: String,
    pub crates_compiled: usize,
    pub seconds: Summary,
    /// CPU seconds the build itself used (cargo, rustc, linkers, C compilers).
    pub cpu_seconds: Summary,
    /// What other processes used while each run was going on.
    pub other_load: Vec<OtherLoad>,
    pub binary_bytes: Option<u64>,
    pub stripped_bytes: Option<u64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BuildResults {
    pub runs: usize,
    pub points: Vec<BuildPoint>,
}

impl BuildResults {
    pub fn get(&self, program: &str, profile: &str) -> Option<&BuildPoint> {
        self.points
            .iter()
            .find(|p| p.program == program && p.profile == profile)
    }
}

pub fn run(bench: &Path, runs: usize, timings: bool) -> Result<BuildResults, String> {
    let manifest = bench.join("Cargo.toml");
    let status = cargo()
        .args(["fetch", "--locked", "--manifest-path"])
        .arg(&manifest)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo fetch failed".into());
    }
    let combos = [
        ("example-ours", "debug"),
        ("example-aws", "debug"),
        ("example-ours", "release"),
        ("example-aws", "release"),
    ];
    let mut raw: Vec<Raw> = combos.iter().map(|_| Raw::default()).collect();
    for run in 0..runs {
        for (i, (program, profile)) in combos.iter().enumerate() {
            let dir = bench
                .join("target/clean")
                .join(format!("{program}-{profile}"));
            let _ = std::fs::remove_dir_all(&dir);
            let snapshot = Snapshot::take();
            let (cu0, cs0) = crate::machine::children_cpu();
            let t = Instant::now();
            let mut cmd = cargo();
            cmd.args([
                "build",
                "--locked",
                "--offline",
                "-p",
                program,
                "--manifest-path",
            ])
            .arg(&manifest)
            .arg("--target-dir")
            .arg(&dir);
            if *profile == "release" {
                cmd.arg("--release");
            }
            if timings {
                cmd.arg("--timings");
            }
            let out = cmd
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .output()
                .map_err(|e| e.to_string())?;
            let secs = t.elapsed().as_secs_f64();
            let (cu1, cs1) = crate::machine::children_cpu();
            let other = snapshot.other_load();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if !out.status.success() {
                return Err(format!("building {program} ({profile}) failed:\n{stderr}"));
            }
            let crates = stderr
                .lines()
                .filter(|l| l.trim_start().starts_with("Compiling "))
                .count();
            eprintln!(
                "  run {}/{runs} {program} {profile}: {secs:.1} s, {crates} crates, other processes {:.1} CPU-s",
                run + 1,
                other.cpu_seconds
            );
            let entry = &mut raw[i];
            entry.seconds.push(secs);
            entry.cpu.push((cu1 - cu0) + (cs1 - cs0));
            entry.other.push(other);
            entry.crates = crates;
            if *profile == "release" {
                let bin = dir.join("release").join(program);
                entry.sizes = Some(sizes(&bin)?);
            }
            if timings {
                if let Some(report) = newest_timings(&dir) {
                    let to = bench
                        .join("target")
                        .join(format!("timings-{program}-{profile}.html"));
                    let _ = std::fs::copy(report, to);
                }
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    let points = combos
        .iter()
        .zip(raw)
        .map(|((program, profile), raw)| BuildPoint {
            program: program.to_string(),
            profile: profile.to_string(),
            crates_compiled: raw.crates,
            seconds: Summary::of(&raw.seconds),
            cpu_seconds: Summary::of(&raw.cpu),
            other_load: raw.other,
            binary_bytes: raw.sizes.map(|s| s.0),
            stripped_bytes: raw.sizes.map(|s| s.1),
        })
        .collect();
    Ok(BuildResults { runs, points })
}

/// What the runs of one program and profile measured.
#[derive(Default)]
struct Raw {
    seconds: Vec<f64>,
    cpu: Vec<f64>,
    other: Vec<OtherLoad>,
    crates: usize,
    sizes: Option<(u64, u64)>,
}

/// Cargo with nothing inherited that could change what is built or cached.
fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "CARGO_BUILD_RUSTC_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_INCREMENTAL",
        "CARGO_PROFILE_RELEASE_DEBUG",
        "CARGO_BUILD_JOBS",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn sizes(bin: &Path) -> Result<(u64, u64), String> {
    let size = std::fs::metadata(bin)
        .map_err(|e| format!("{}: {e}", bin.display()))?
        .len();
    let stripped: PathBuf = bin.with_extension("stripped");
    let status = Command::new("strip")
        .arg("-o")
        .arg(&stripped)
        .arg(bin)
        .status()
        .map_err(|e| format!("strip: {e}"))?;
    if !status.success() {
        return Err("strip failed".into());
    }
    let stripped_size = std::fs::metadata(&stripped)
        .map_err(|e| e.to_string())?
        .len();
    Ok((size, stripped_size))
}

fn newest_timings(dir: &Path) -> Option<PathBuf> {
    let timings = dir.join("cargo-timings");
    std::fs::read_dir(timings)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .max()
}
