//! BENCHMARKS.md: every figure with its median and range, each target with
//! its ratio, and the hand-written analysis from bench/NOTES.md.

use std::fmt::Write as _;

use crate::load::{Scenario, Sdk};
use crate::stats::Summary;
use crate::Results;

/// Which way a target points.
#[derive(Clone, Copy, Debug)]
pub enum Goal {
    /// The value must be at least the target.
    AtLeast,
    /// The value must be at most the target.
    AtMost,
}

/// One target of the issue and what was measured for it.
#[derive(Clone, Debug)]
pub struct Check {
    pub name: String,
    /// The label on the chart.
    pub short: String,
    /// The ratio (or, with a unit, the absolute value) measured.
    pub value: Option<f64>,
    pub goal: Goal,
    pub target: f64,
    /// Empty for ratios (shown as `1.23×`), else the unit (`s`).
    pub unit: &'static str,
    /// Why there is no value.
    pub pending: Option<String>,
}

impl Check {
    pub fn met(&self) -> bool {
        match (self.value, self.goal) {
            (Some(v), Goal::AtLeast) => v >= self.target,
            (Some(v), Goal::AtMost) => v <= self.target,
            (None, _) => false,
        }
    }

    fn fmt(&self, v: f64) -> String {
        if self.unit.is_empty() {
            if v < 0.1 {
                format!("{v:.3}×")
            } else {
                format!("{v:.2}×")
            }
        } else {
            format!("{v:.2} {}", self.unit)
        }
    }

    pub fn ratio_text(&self) -> String {
        match self.value {
            Some(v) => self.fmt(v),
            None => "pending".into(),
        }
    }

    pub fn target_text(&self) -> String {
        let op = match self.goal {
            Goal::AtLeast => "≥",
            Goal::AtMost if self.unit.is_empty() => "≤",
            Goal::AtMost => "<",
        };
        format!("{op} {}", self.fmt(self.target))
    }

    /// How many times better than the reference (higher is better), and the
    /// same for the target: what the chart draws.
    pub fn advantage(&self) -> Option<(f64, f64)> {
        let v = self.value?;
        Some(match self.goal {
            Goal::AtLeast => (v, self.target),
            Goal::AtMost => (1.0 / v, 1.0 / self.target),
        })
    }

    pub fn status(&self) -> &'static str {
        match (&self.pending, self.met()) {
            (Some(_), _) => "pending",
            (None, true) => "met",
            (None, false) => "**missed**",
        }
    }
}

fn scenario(r: &Results, sdk: Sdk, items: usize, concurrency: usize) -> Option<&Scenario> {
    r.load
        .as_ref()?
        .scenarios
        .iter()
        .find(|s| s.sdk == sdk && s.items == items && s.concurrency == concurrency)
}

/// Every target of the issue, in the order of the summary table.
pub fn checks(r: &Results) -> Vec<Check> {
    let mut out = Vec::new();
    let missing = |what: &str| Some(format!("section `{what}` not run"));
    for items in [1usize, 50] {
        let pair = scenario(r, Sdk::Ours, items, 1).zip(scenario(r, Sdk::Aws, items, 1));
        out.push(Check {
            name: format!("Throughput, sequential, {items} item(s): ours / aws-sdk-chime"),
            short: format!("Throughput, sequential, {items} item(s)"),
            value: pair.map(|(o, a)| o.rps.median / a.rps.median),
            goal: Goal::AtLeast,
            target: 2.0,
            unit: "",
            pending: pair.is_none().then(|| missing("load")).flatten(),
        });
    }
    for items in [1usize, 50] {
        let pair = scenario(r, Sdk::Ours, items, 1).zip(scenario(r, Sdk::Aws, items, 1));
        out.push(Check {
            name: format!(
                "Client CPU per request, sequential, {items} item(s): ours / aws-sdk-chime"
            ),
            short: format!("CPU per request, sequential, {items} item(s)"),
            value: pair.map(|(o, a)| o.cpu_us.median / a.cpu_us.median),
            goal: Goal::AtMost,
            target: 0.5,
            unit: "",
            pending: pair.is_none().then(|| missing("load")).flatten(),
        });
    }
    let prep = r
        .prep
        .as_ref()
        .and_then(|p| Some(p.get("validate_serialize")?.median / p.get("floor")?.median));
    out.push(Check {
        name: "Validate + serialize, 50 items: ours / serde_json floor".into(),
        short: "Validate + serialize vs serde_json".into(),
        value: prep,
        goal: Goal::AtMost,
        target: 1.3,
        unit: "",
        pending: prep.is_none().then(|| missing("prep")).flatten(),
    });
    let build =
        |program: &str, profile: &str| r.builds.as_ref().and_then(|b| b.get(program, profile));
    let debug = build("example-ours", "debug")
        .zip(build("example-aws", "debug"))
        .map(|(o, a)| o.seconds.median / a.seconds.median);
    out.push(Check {
        name: "Clean debug build of the example: ours / aws-sdk-chime".into(),
        short: "Clean debug build".into(),
        value: debug,
        goal: Goal::AtMost,
        target: 0.5,
        unit: "",
        pending: debug.is_none().then(|| missing("builds")).flatten(),
    });
    for (stripped, label) in [(false, "as built"), (true, "stripped")] {
        let size = build("example-ours", "release")
            .zip(build("example-aws", "release"))
            .and_then(|(o, a)| {
                let pick = |p: &crate::builds::BuildPoint| {
                    if stripped {
                        p.stripped_bytes
                    } else {
                        p.binary_bytes
                    }
                };
                Some(pick(o)? as f64 / pick(a)? as f64)
            });
        out.push(Check {
            name: format!("Release binary size ({label}): ours / aws-sdk-chime"),
            short: format!("Release binary ({label})"),
            value: size,
            goal: Goal::AtMost,
            target: 0.5,
            unit: "",
            pending: size.is_none().then(|| missing("builds")).flatten(),
        });
    }
    let whole = r
        .codegen
        .as_ref()
        .and_then(|c| c.points.last())
        .map(|p| p.ms.median / 1000.0);
    out.push(Check {
        name: "Code generation, whole Chime model".into(),
        short: "Codegen, whole model (vs 1 s)".into(),
        value: whole,
        goal: Goal::AtMost,
        target: 1.0,
        unit: "s",
        pending: whole.is_none().then(|| missing("codegen")).flatten(),
    });
    let cli = r
        .cli
        .as_ref()
        .and_then(|c| Some(c.ours.as_ref()?.ms.median / c.aws.ms.median));
    out.push(Check {
        name: "CLI, one call: ours / AWS CLI v1".into(),
        short: "CLI, one call".into(),
        value: cli,
        goal: Goal::AtMost,
        target: 0.05,
        unit: "",
        pending: match (&r.cli, cli) {
            (_, Some(_)) => None,
            (Some(c), None) => c.ours_missing.clone(),
            (None, None) => missing("cli"),
        },
    });
    crate::emulator::checks(r, &mut out);
    crate::issue9::checks(r, &mut out);
    out
}

fn range(s: &Summary, digits: usize) -> String {
    format!("{:.d$} ({:.d$}–{:.d$})", s.median, s.min, s.max, d = digits)
}

fn thousands(v: f64) -> String {
    let n = v.round() as i64;
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn rps_range(s: &Summary) -> String {
    format!(
        "{} ({}–{})",
        thousands(s.median),
        thousands(s.min),
        thousands(s.max)
    )
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / 1024.0 / 1024.0)
}

pub fn markdown(r: &Results, checks: &[Check]) -> String {
    let mut md = String::new();
    let w = &mut md;
    let _ = writeln!(w, "# Benchmarks\n");
    let _ = writeln!(
        w,
        "<!-- Generated by bench/harness; do not edit by hand. The analysis at the end comes from bench/NOTES.md. -->\n"
    );
    let _ = writeln!(
        w,
        "This project's generated `chime` crate, its generator and its CLI, side by side with \
         aws-sdk-chime (+ aws-config) and the AWS CLI v1, measured in one run on one machine by"
    );
    let _ = writeln!(w, "\n```sh\n{}\n```\n", r.command);
    if r.total_seconds > 0.0 {
        let _ = writeln!(
            w,
            "(the whole run took {:.0} min{}).",
            r.total_seconds / 60.0,
            if r.quick {
                "; `--quick`: fewer repetitions, figures are indicative only"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(
        w,
        "Every figure is the median of repeated runs with the minimum–maximum in parentheses.\n"
    );
    let _ = writeln!(w, "![Ratios against targets](bench/chart.svg)\n");

    let _ = writeln!(w, "## Targets\n");
    let _ = writeln!(w, "| measure | ratio | target | |");
    let _ = writeln!(w, "|---|---:|---:|---|");
    for c in checks {
        let shown = match &c.pending {
            Some(why) => format!("pending: {why}"),
            None => c.ratio_text(),
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            c.name,
            shown,
            c.target_text(),
            c.status()
        );
    }

    if let Some(m) = &r.machine {
        let _ = writeln!(w, "\n## Machine and versions\n");
        let _ = writeln!(
            w,
            "- {} cores ({}), {:.0} GiB, Linux {}; load average at start {}",
            m.cores, m.cpu, m.memory_gib, m.kernel, m.load_at_start
        );
        let _ = writeln!(w, "- {}; {}", m.rustc, m.cargo);
        let _ = writeln!(w, "- this repository at {}, measured {}", m.commit, m.date);
        let crates: Vec<String> = m
            .crates
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(n, v)| format!("{n} {v}"))
            .collect();
        let _ = writeln!(w, "- from bench/Cargo.lock: {}", crates.join(", "));
        if let Some(c) = &r.cli {
            let _ = writeln!(w, "- AWS CLI: {}", c.aws.version);
        }
    }

    if let Some(l) = &r.load {
        let _ = writeln!(
            w,
            "\n## 1. Throughput and client CPU per request (loopback)\n"
        );
        let _ = writeln!(
            w,
            "A small multi-threaded Rust server on 127.0.0.1 (one thread per connection, keep-alive) \
             answers every request with 201 `{{\"Errors\":[]}}`. Each run is a separate client process \
             that warms up, then makes {} sequential calls (current-thread Tokio runtime) or {} calls \
             16 at a time (multi-thread runtime, one worker per core); its CPU is getrusage(RUSAGE_SELF) \
             over the measured calls, user + system. Both SDKs: SigV4 with the same static credentials, \
             `us-east-1`, endpoint URL set to the server, 3 attempts (standard retry), connect 3.1 s / \
             attempt 30 s / operation 90 s timeouts; ours validates every input (the default). Each call \
             builds its input through the fluent builder. {} runs of each scenario, the SDKs alternating.\n",
            l.requests_sequential, l.requests_concurrent, l.runs
        );
        let _ = writeln!(
            w,
            "Other processes on the machine used {:.0} CPU-s during the {:.0} s of this section ({:.0}% of the {} cores{}).\n",
            l.other_load.cpu_seconds,
            l.seconds,
            l.other_load.cpu_seconds / l.seconds.max(1e-9)
                / r.machine.as_ref().map_or(2, |m| m.cores.max(1)) as f64
                * 100.0,
            r.machine.as_ref().map_or(2, |m| m.cores),
            top_names(&l.other_load)
        );
        let _ = writeln!(
            w,
            "| items | concurrency | SDK | requests/s | client CPU µs/request | server CPU µs/request |"
        );
        let _ = writeln!(w, "|---:|---:|---|---:|---:|---:|");
        for s in &l.scenarios {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} |",
                s.items,
                s.concurrency,
                match s.sdk {
                    Sdk::Ours => "ours",
                    Sdk::Aws => "aws-sdk-chime",
                },
                rps_range(&s.rps),
                range(&s.cpu_us, 1),
                range(&s.server_cpu_us, 0)
            );
        }
        let _ = writeln!(
            w,
            "\n| items | concurrency | throughput ours / aws | CPU per request ours / aws |"
        );
        let _ = writeln!(w, "|---:|---:|---:|---:|");
        for concurrency in [1usize, 16] {
            for items in [1usize, 50] {
                if let (Some(o), Some(a)) = (
                    scenario(r, Sdk::Ours, items, concurrency),
                    scenario(r, Sdk::Aws, items, concurrency),
                ) {
                    let _ = writeln!(
                        w,
                        "| {items} | {concurrency} | {:.2}× | {:.2}× |",
                        o.rps.median / a.rps.median,
                        o.cpu_us.median / a.cpu_us.median
                    );
                }
            }
        }
    }

    if let Some(p) = &r.prep {
        let _ = writeln!(
            w,
            "\n## 2. Request preparation, {}-item BatchCreateRoomMembership\n",
            p.items
        );
        let _ = writeln!(
            w,
            "In process, hand-rolled loop (warm-up, then 40 samples of ~25 ms each); ns per request. \
             Ours goes through `<BatchCreateRoomMembership as smithy_rt::operation::Operation>::validate` \
             and `::serialize` (method, percent-encoded path, query, content-type, body: an \
             `http::Request<Bytes>`); the floor is `serde_json::to_vec` of a serde-derived struct with \
             the same wire shape, and the harness checks that both bodies are byte-identical ({} bytes). \
             Signing is the same `aws-sigv4` calls `smithy_rt` makes for every attempt; the last row \
             also makes the URI absolute and sets `host` and `user-agent` first, as the client does.\n",
            p.body_bytes
        );
        micro_table(w, p, p.get("floor").map(|f| f.median));
        if let (Some(sign), Some(all)) = (p.get("sign"), p.get("validate_serialize_sign")) {
            let _ = writeln!(
                w,
                "\nSigning is {:.0}% of validate + serialize + sign.",
                sign.median / all.median * 100.0
            );
        }
    }

    if let Some(c) = &r.calls {
        let _ = writeln!(w, "\n## 3. One whole call in process (canned transport)\n");
        let _ = writeln!(
            w,
            "The same fluent call as in section 1, with each SDK's own transport seam replaced by one \
             that answers 201 `{{\"Errors\":[]}}` from memory (ours: `smithy_client::client::HttpConnector`; \
             aws-sdk-chime: `aws_smithy_runtime_api::client::http::HttpConnector`). No sockets, no hyper: \
             this is each SDK's own per-call cost (builder, validation, serialization, endpoint, \
             SigV4, retry bookkeeping, timeouts, deserialization). ns per call.\n"
        );
        let _ = writeln!(w, "| call | ours | aws-sdk-chime | ours / aws |");
        let _ = writeln!(w, "|---|---:|---:|---:|");
        for n in [1usize, 50] {
            if let (Some(o), Some(a)) = (
                c.get(&format!("call_ours_{n}")),
                c.get(&format!("call_aws_{n}")),
            ) {
                let _ = writeln!(
                    w,
                    "| {n} item(s) | {} | {} | {:.2}× |",
                    range(o, 0),
                    range(a, 0),
                    o.median / a.median
                );
            }
        }
    }

    if let Some(p) = &r.parse {
        let _ = writeln!(w, "\n## 4. Response parsing\n");
        let _ = writeln!(
            w,
            "`deserialize_output` of a 201 with {} MemberErrors ({} bytes) and `deserialize_error` of a \
             404 with `x-amzn-ErrorType: NotFoundException`, against `serde_json::from_slice` of the \
             same 201 body into serde-derived structs. ns per response.\n",
            p.items, p.body_bytes
        );
        micro_table(w, p, p.get("floor_output").map(|f| f.median));
    }

    if let Some(c) = &r.codegen {
        let _ = writeln!(w, "\n## 5. Code generation\n");
        let _ = writeln!(
            w,
            "`smithy_codegen::generate(&config, name, model_text)` in process (parse, check, lower, \
             emit, format every file with prettyplease), release profile, for growing subsets of the \
             model's operations (BatchCreateRoomMembership first, then alphabetical); \"shapes\" counts \
             the model shapes those operations reach ({} shapes in the model). One unrecorded run, then \
             {} runs each.\n",
            c.model_shapes, c.runs
        );
        let _ = writeln!(
            w,
            "| operations | shapes | files | output | time, ms | µs per shape |"
        );
        let _ = writeln!(w, "|---:|---:|---:|---:|---:|---:|");
        for p in &c.points {
            let _ = writeln!(
                w,
                "| {} | {} | {} | {:.0} KiB | {} | {:.0} |",
                p.operations,
                p.shapes,
                p.files,
                p.output_bytes as f64 / 1024.0,
                range(&p.ms, 1),
                p.ms.median * 1000.0 / p.shapes as f64
            );
        }
        if !c.chains.is_empty() {
            let _ = writeln!(
                w,
                "\nNested chains (a structure holding a list of the next structure, `depth` shapes deep):\n"
            );
            let _ = writeln!(w, "| depth | output | time, ms | µs per shape |");
            let _ = writeln!(w, "|---:|---:|---:|---:|");
            for p in &c.chains {
                let _ = writeln!(
                    w,
                    "| {} | {:.0} KiB | {} | {:.0} |",
                    p.depth,
                    p.output_bytes as f64 / 1024.0,
                    range(&p.ms, 1),
                    p.ms.median * 1000.0 / p.depth as f64
                );
            }
            if let Some(b) = c.chain_exponent {
                let _ = writeln!(
                    w,
                    "\nLeast-squares fit of time = a · depth^b over the chains: b = {b:.2} (1 is linear)."
                );
            }
        }
        if let (Some(first), Some(last)) = (c.points.first(), c.points.last()) {
            let slope =
                (last.ms.median - first.ms.median) / (last.shapes - first.shapes).max(1) as f64;
            let _ = writeln!(
                w,
                "\nFrom one operation to the whole model the time grows by {:.0} µs per added shape \
                 (linear fit through the end points).",
                slope * 1000.0
            );
        }
    }

    if let Some(b) = &r.builds {
        let _ = writeln!(w, "\n## 6. Clean builds and binary size\n");
        let _ = writeln!(
            w,
            "The example program (bench/example-ours, bench/example-aws: build a client from the \
             environment, make one BatchCreateRoomMembership call, print the errors) built with \
             `cargo build --locked --offline [--release]` into a fresh target directory, Cargo's \
             default profiles, dependencies already downloaded; {} run(s), alternating. \"CPU\" is \
             what the build's processes used (user + system, both cores); \"other load\" is CPU used \
             meanwhile by processes outside the harness (other work on this shared machine).\n",
            b.runs
        );
        let _ = writeln!(
            w,
            "| program | profile | crates | wall, s | build CPU, s | other load, CPU-s |"
        );
        let _ = writeln!(w, "|---|---|---:|---:|---:|---|");
        for p in &b.points {
            let other: Vec<String> = p
                .other_load
                .iter()
                .map(|o| {
                    let top: Vec<String> =
                        o.top.iter().map(|(n, c)| format!("{n} {c:.0}")).collect();
                    if top.is_empty() {
                        format!("{:.1}", o.cpu_seconds)
                    } else {
                        format!("{:.1} ({})", o.cpu_seconds, top.join(", "))
                    }
                })
                .collect();
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} |",
                p.program,
                p.profile,
                p.crates_compiled,
                range(&p.seconds, 1),
                range(&p.cpu_seconds, 0),
                other.join("; ")
            );
        }
        let _ = writeln!(w, "\n| release binary | as built | stripped |");
        let _ = writeln!(w, "|---|---:|---:|");
        for p in b.points.iter().filter(|p| p.profile == "release") {
            if let (Some(a), Some(s)) = (p.binary_bytes, p.stripped_bytes) {
                let _ = writeln!(w, "| {} | {} | {} |", p.program, mib(a), mib(s));
            }
        }
    }

    if let Some(c) = &r.cli {
        let _ = writeln!(w, "\n## 7. CLI, one call\n");
        let _ = writeln!(
            w,
            "Process start to exit (wall clock, after two unrecorded runs), adding two members to a \
             room on the loopback server with `--endpoint-url`, credentials from the environment and \
             an empty HOME.\n"
        );
        let _ = writeln!(w, "| command | version | runs | ms |");
        let _ = writeln!(w, "|---|---|---:|---:|");
        let _ = writeln!(
            w,
            "| `{}` | {} | {} | {} |",
            c.aws.name,
            c.aws.version,
            c.aws.runs,
            range(&c.aws.ms, 1)
        );
        match (&c.ours, &c.ours_missing) {
            (Some(o), _) => {
                let _ = writeln!(
                    w,
                    "| `{}` | {} | {} | {} |",
                    o.name,
                    o.version,
                    o.runs,
                    range(&o.ms, 1)
                );
            }
            (None, why) => {
                let _ = writeln!(
                    w,
                    "| `chime batch-create-room-membership` | pending | | {} |",
                    why.as_deref().unwrap_or("not measured")
                );
            }
        }
    }

    crate::emulator::markdown(w, r);
    crate::issue9::markdown(w, r);

    let notes = std::fs::read_to_string(crate::bench_dir().join("NOTES.md")).unwrap_or_default();
    if !notes.trim().is_empty() {
        let _ = writeln!(w, "\n{}", notes.trim_end());
    }
    md
}

fn micro_table(w: &mut String, p: &crate::micro::MicroResults, floor: Option<f64>) {
    let _ = writeln!(w, "| routine | ns | / floor |");
    let _ = writeln!(w, "|---|---:|---:|");
    for m in &p.rows {
        let ratio = floor.map_or(String::new(), |f| format!("{:.2}×", m.ns.median / f));
        let _ = writeln!(w, "| {} | {} | {} |", m.label, range(&m.ns, 0), ratio);
    }
}

fn top_names(o: &crate::machine::OtherLoad) -> String {
    if o.top.is_empty() {
        return String::new();
    }
    let names: Vec<String> = o.top.iter().map(|(n, c)| format!("{n} {c:.0} s")).collect();
    format!("; busiest: {}", names.join(", "))
}
