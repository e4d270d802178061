//! What the machine is and what else it is doing: CPU clocks of this process,
//! of other processes and of the whole system, and the versions in play.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};

/// User and system CPU seconds of this process (all threads) so far.
pub fn self_cpu() -> (f64, f64) {
    rusage(libc::RUSAGE_SELF)
}

/// User and system CPU seconds of the waited-for children of this process.
pub fn children_cpu() -> (f64, f64) {
    rusage(libc::RUSAGE_CHILDREN)
}

fn rusage(who: libc::c_int) -> (f64, f64) {
    // SAFETY: getrusage only writes into the zeroed struct we pass.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(who, &mut ru) };
    assert_eq!(rc, 0, "getrusage failed");
    let secs = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    (secs(ru.ru_utime), secs(ru.ru_stime))
}

fn clock_ticks() -> f64 {
    // SAFETY: sysconf has no preconditions.
    let t = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    if t > 0 {
        t as f64
    } else {
        100.0
    }
}

/// utime + stime of process `pid` from /proc, in seconds (10 ms resolution).
pub fn process_cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the command name: state is field 3, utime field 14, stime field 15.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / clock_ticks())
}

/// Busy CPU seconds of the whole machine (all cores) since boot, from
/// /proc/stat (user, nice, system, irq, softirq, steal).
pub fn system_busy_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let Some(line) = stat.lines().next() else {
        return f64::NAN;
    };
    let v: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal
    let busy: f64 = [0usize, 1, 2, 5, 6, 7]
        .iter()
        .map(|&i| v.get(i).copied().unwrap_or(0.0))
        .sum();
    busy / clock_ticks()
}

/// CPU seconds used so far by every process, keyed by pid, with its name and
/// parent pid.
pub fn process_table() -> HashMap<u32, (String, u32, f64)> {
    let mut out = HashMap::new();
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return out;
    };
    let ticks = clock_ticks();
    for entry in dir.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let name = stat[open + 1..close].to_owned();
        let fields: Vec<&str> = stat[close + 1..].split_whitespace().collect();
        let parse = |i: usize| fields.get(i).and_then(|x| x.parse::<f64>().ok());
        let (Some(ppid), Some(u), Some(s)) = (parse(1), parse(11), parse(12)) else {
            continue;
        };
        out.insert(pid, (name, ppid as u32, (u + s) / ticks));
    }
    out
}

/// Other work seen during a measured interval: CPU seconds used by processes
/// outside this process's tree (the machine's busy time less what this
/// process and its children used), and the busiest long-lived ones by name.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OtherLoad {
    pub cpu_seconds: f64,
    pub top: Vec<(String, f64)>,
}

/// Takes a process snapshot now; [`Snapshot::other_load`] later tells what
/// processes not descended from this one used in between.
pub struct Snapshot {
    table: HashMap<u32, (String, u32, f64)>,
    busy: f64,
    ours: f64,
}

/// CPU seconds used by this process and its waited-for children.
fn own_cpu() -> f64 {
    let (u, s) = self_cpu();
    let (cu, cs) = children_cpu();
    u + s + cu + cs
}

impl Snapshot {
    pub fn take() -> Self {
        Self {
            table: process_table(),
            busy: system_busy_seconds(),
            ours: own_cpu(),
        }
    }

    pub fn other_load(&self) -> OtherLoad {
        let now = process_table();
        let me = std::process::id();
        let is_ours = |mut pid: u32| {
            for _ in 0..64 {
                if pid == me {
                    return true;
                }
                match now.get(&pid).or_else(|| self.table.get(&pid)) {
                    Some((_, ppid, _)) if *ppid != 0 => pid = *ppid,
                    _ => return false,
                }
            }
            false
        };
        let mut by_name: HashMap<String, f64> = HashMap::new();
        for (pid, (name, ppid, cpu)) in &now {
            if is_ours(*pid) {
                continue;
            }
            // Kernel threads (children of kthreadd) count in the total only.
            let kernel = *ppid == 2 || *pid == 2;
            let before = self.table.get(pid).map_or(0.0, |(_, _, c)| *c);
            let used = cpu - before;
            if used > 0.0 && !kernel {
                *by_name.entry(name.clone()).or_default() += used;
            }
        }
        // Short-lived processes (another session's rustc) come and go between
        // the snapshots: the total is what the machine did minus our share.
        let total = ((system_busy_seconds() - self.busy) - (own_cpu() - self.ours)).max(0.0);
        let mut top: Vec<(String, f64)> = by_name.into_iter().filter(|(_, c)| *c >= 0.5).collect();
        top.sort_by(|a, b| b.1.total_cmp(&a.1));
        top.truncate(5);
        OtherLoad {
            cpu_seconds: total,
            top,
        }
    }
}

/// The machine and the versions of everything compared.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MachineInfo {
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub kernel: String,
    pub rustc: String,
    pub cargo: String,
    pub commit: String,
    pub load_at_start: String,
    pub crates: Vec<(String, String)>,
    pub date: String,
}

pub fn machine_info(repo: &Path, bench: &Path) -> MachineInfo {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_else(|| "unknown".into());
    let memory_gib = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let commit = {
        let head = run_text(
            Command::new("git")
                .args(["rev-parse", "--short", "HEAD"])
                .current_dir(repo),
        );
        let dirty = run_text(
            Command::new("git")
                .args(["status", "--porcelain"])
                .current_dir(repo),
        );
        if dirty.is_empty() {
            head
        } else {
            format!("{head} (with uncommitted changes)")
        }
    };
    let lock = std::fs::read_to_string(bench.join("Cargo.lock")).unwrap_or_default();
    let crates = [
        "aws-sdk-chime",
        "aws-config",
        "aws-smithy-runtime",
        "aws-smithy-http-client",
        "aws-sigv4",
        "hyper",
        "tokio",
        "rustls",
        "serde_json",
    ]
    .iter()
    .map(|name| (name.to_string(), locked_versions(&lock, name).join(", ")))
    .collect();
    MachineInfo {
        cpu,
        cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
        memory_gib,
        kernel: read("/proc/sys/kernel/osrelease").trim().to_owned(),
        rustc: run_text(Command::new("rustc").arg("-V")),
        cargo: run_text(Command::new("cargo").arg("-V")),
        commit,
        load_at_start: read("/proc/loadavg")
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        crates,
        date: run_text(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])),
    }
}

/// Every version of crate `name` in a Cargo.lock.
pub fn locked_versions(lock: &str, name: &str) -> Vec<String> {
    let needle = format!("name = \"{name}\"\nversion = \"");
    lock.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &lock[i + needle.len()..];
            rest.split('"').next().map(str::to_owned)
        })
        .collect()
}

/// Trimmed stdout of a command, or an empty string if it could not run.
pub fn run_text(cmd: &mut Command) -> String {
    cmd.output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}
