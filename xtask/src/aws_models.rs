//! `cargo xtask aws-models <dir> [--jobs N] [--only a,b,c] [--keep] [--no-compile] [--verbose]`:
//! the sweep over official AWS models.
//!
//! For every `*.json` model under `<dir>` (recursively) it finds the service
//! shape with `aws.protocols#restJson1`, names a crate after the service's
//! `aws.api#service` `sdkId` ([`crate_name`]: `"Chime SDK Voice"` becomes
//! `smithy-aws-chime-sdk-voice`), generates it with every operation (`"*"`)
//! into one scratch Cargo workspace, `target/aws-models/`, and checks each
//! crate under `RUSTFLAGS=-D warnings` three times: default features (the
//! client), `--features cli`, and `--no-default-features --features server`.
//! A crate that has `tests/endpoint_tests.rs` (the generator writes one test
//! per `smithy.rules#endpointTests` case of the model) gets those run too;
//! otherwise the column shows `-`.
//!
//! The scratch workspace's `Cargo.toml` is written on every run: its
//! `[workspace.package]` and `[workspace.dependencies]` are copied from this
//! repository's root manifest with every `path` made absolute, so the
//! generated crates build against this checkout's `runtime/` crates. It has
//! its own target directory, `target/aws-models/target/`, shared by all
//! crates so dependencies compile once; cargo runs under `nice -n 10`.
//!
//! Output: one row per service on stdout, then
//! `services: N/M generated, K/M compiled; operations: A/B` (A counts the
//! operations of the services that generated). `--verbose` adds the first
//! generator diagnostic or compiler error under each failing row. The full
//! log, with failure causes grouped by message pattern and counted, goes to
//! `target/aws-models/report.md`.
//!
//! Without `--keep`, crates whose every check passed are deleted at the end
//! (failing and unchecked ones stay for inspection). `--only` takes names as
//! the table shows them (`chime-sdk-voice`), crate names, or model file
//! names with or without their date (`chime-sdk-voice-2022-08-03`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use serde_json::Value;

const USAGE: &str = "usage: cargo xtask aws-models <dir> [--jobs N] [--only a,b,c] [--keep] [--no-compile] [--verbose]";

/// Prefix of every generated crate's name.
pub const CRATE_PREFIX: &str = "smithy-aws-";

/// The scratch workspace, relative to the repository root.
const SCRATCH: &str = "target/aws-models";

/// Command-line options.
#[derive(Debug, Default, PartialEq, Eq)]
struct Options {
    dir: PathBuf,
    jobs: usize,
    only: Option<Vec<String>>,
    keep: bool,
    no_compile: bool,
    verbose: bool,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        ..Options::default()
    };
    let mut dir = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--jobs" | "-j" => {
                o.jobs = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or(format!("--jobs needs a positive number; {USAGE}"))?;
            }
            "--only" => {
                let list = it.next().ok_or(format!("--only needs names; {USAGE}"))?;
                let names = list
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned);
                o.only.get_or_insert_with(Vec::new).extend(names);
            }
            "--keep" => o.keep = true,
            "--no-compile" => o.no_compile = true,
            "--verbose" | "-v" => o.verbose = true,
            a if a.starts_with('-') => return Err(format!("unknown option {a:?}; {USAGE}")),
            d if dir.is_none() => dir = Some(PathBuf::from(d)),
            d => return Err(format!("unexpected argument {d:?}; {USAGE}")),
        }
    }
    o.dir = dir.ok_or(USAGE.to_owned())?;
    Ok(o)
}

// ---------------------------------------------------------------------------
// Service discovery and naming (pure).

/// What the sweep needs to know about a model's restJson1 service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Absolute shape id, e.g. `com.amazonaws.chime#UCBuzzConsoleService`.
    pub shape_id: String,
    /// `aws.api#service` `sdkId`, e.g. `Chime SDK Voice`.
    pub sdk_id: String,
    /// Operations bound to the service, directly or through resources.
    pub operations: usize,
    /// Cases in the service's `smithy.rules#endpointTests`.
    pub endpoint_test_cases: usize,
}

/// Finds the one service shape with `aws.protocols#restJson1` in a parsed
/// Smithy JSON AST model.
pub fn find_service(model: &Value) -> Result<ServiceInfo, String> {
    let shapes = model
        .get("shapes")
        .and_then(Value::as_object)
        .ok_or("the model has no `shapes` object")?;
    let services: Vec<(&String, &Value)> = shapes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("service"))
        .collect();
    let rest: Vec<&(&String, &Value)> = services
        .iter()
        .filter(|(_, s)| traits(s).is_some_and(|t| t.contains_key("aws.protocols#restJson1")))
        .collect();
    let (id, shape) = match rest.as_slice() {
        [one] => **one,
        [] => {
            let others: Vec<String> = services
                .iter()
                .map(|(id, s)| {
                    let protocols: Vec<&str> = traits(s)
                        .map(|t| {
                            t.keys()
                                .filter(|k| k.starts_with("aws.protocols#"))
                                .map(String::as_str)
                                .collect()
                        })
                        .unwrap_or_default();
                    format!("{id} ({})", protocols.join(", "))
                })
                .collect();
            return Err(if others.is_empty() {
                "no service shape".to_owned()
            } else {
                format!(
                    "no service shape with aws.protocols#restJson1; services: {}",
                    others.join("; ")
                )
            });
        }
        many => {
            let ids: Vec<&str> = many.iter().map(|(id, _)| id.as_str()).collect();
            return Err(format!(
                "{} restJson1 service shapes: {}",
                ids.len(),
                ids.join(", ")
            ));
        }
    };
    let t = traits(shape).cloned().unwrap_or_default();
    let sdk_id = t
        .get("aws.api#service")
        .and_then(|s| s.get("sdkId"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        // Not an AWS model: the shape name stands in.
        .unwrap_or_else(|| id.rsplit('#').next().unwrap_or(id).to_owned());
    let endpoint_test_cases = t
        .get("smithy.rules#endpointTests")
        .and_then(|e| e.get("testCases"))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    Ok(ServiceInfo {
        shape_id: id.clone(),
        sdk_id,
        operations: count_operations(shapes, id),
        endpoint_test_cases,
    })
}

fn traits(shape: &Value) -> Option<&serde_json::Map<String, Value>> {
    shape.get("traits").and_then(Value::as_object)
}

/// The operations in a service's closure: its `operations` and those of its
/// resources, recursively (lifecycle operations included), each once.
fn count_operations(shapes: &serde_json::Map<String, Value>, service: &str) -> usize {
    const SINGLE: &[&str] = &["create", "put", "read", "update", "delete", "list"];
    const LISTS: &[&str] = &["operations", "collectionOperations"];
    let mut operations = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut stack = vec![service.to_owned()];
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(shape) = shapes.get(&id) else {
            continue;
        };
        let target = |v: &Value| v.get("target").and_then(Value::as_str).map(str::to_owned);
        let list = |key: &str| -> Vec<String> {
            shape
                .get(key)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(target).collect())
                .unwrap_or_default()
        };
        for key in LISTS {
            operations.extend(list(key));
        }
        for key in SINGLE {
            if let Some(op) = shape.get(*key).and_then(target) {
                operations.insert(op);
            }
        }
        stack.extend(list("resources"));
    }
    operations.len()
}

/// The short name of a service: its `sdkId` lower-cased, every run of
/// characters other than ASCII letters and digits a single `-`
/// (`"Chime SDK Voice"` is `chime-sdk-voice`, `"ApiGatewayV2"` is
/// `apigatewayv2`).
pub fn service_name(sdk_id: &str) -> String {
    let mut out = String::new();
    for c in sdk_id.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The crate generated for a service: [`CRATE_PREFIX`] and [`service_name`].
pub fn crate_name(sdk_id: &str) -> String {
    format!("{CRATE_PREFIX}{}", service_name(sdk_id))
}

/// A model file's name without `.json` and without a trailing
/// `-YYYY-MM-DD` version (`chime-2018-05-01.json` is `chime`).
fn model_stem(file: &str) -> (String, String) {
    let stem = file.strip_suffix(".json").unwrap_or(file).to_owned();
    let parts: Vec<&str> = stem.rsplitn(4, '-').collect();
    let dated = parts.len() == 4
        && parts[..3]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()))
        && [2, 2, 4] == [parts[0].len(), parts[1].len(), parts[2].len()];
    let short = if dated {
        parts[3].to_owned()
    } else {
        stem.clone()
    };
    (stem, short)
}

/// The pattern of a message, for grouping failures by cause: text in
/// backticks or double quotes becomes `…`, shape ids become `<shape>` (trait
/// ids stay), numbers become `N`, and what follows a quoted name and a
/// colon (a deprecation note) goes.
pub fn cause_of(message: &str) -> String {
    let first = message.lines().next().unwrap_or("").trim();
    let mut out = String::new();
    let mut chars = first.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '"' => {
                // Skip to the matching quote; an unmatched one is kept.
                let rest: String = chars.clone().collect();
                if let Some(end) = rest.find(c) {
                    out.push(c);
                    out.push('…');
                    out.push(c);
                    for _ in 0..rest[..end].chars().count() + 1 {
                        chars.next();
                    }
                } else {
                    out.push(c);
                }
            }
            // A number on its own (not `ECMA-262`, `V2`).
            c if c.is_ascii_digit()
                && !out.ends_with(|p: char| p.is_ascii_alphanumeric() || p == '-') =>
            {
                while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    chars.next();
                }
                out.push('N');
            }
            c => out.push(c),
        }
    }
    // Shape ids (`ns.x#Name` or `ns.x#Name$member`) outside quotes.
    let words: Vec<String> = out
        .split(' ')
        .map(|w| {
            let core = w
                .trim_start_matches('(')
                .trim_end_matches([':', ',', ';', ')', '.']);
            // A shape (`ns#Name`), not a trait (`smithy.api#streaming`).
            let shape = core.split_once('#').is_some_and(|(ns, name)| {
                ns.contains('.') && name.starts_with(|c: char| c.is_ascii_uppercase())
            });
            if shape && !core.contains('…') {
                w.replacen(core, "<shape>", 1)
            } else {
                w.to_owned()
            }
        })
        .collect();
    let mut cause = words.join(" ");
    // What follows a quoted name is the model's own text (a deprecation
    // note): one cause for all of them.
    if let Some(i) = cause.find("`…`: ") {
        cause.truncate(i + "`…`".len());
    }
    cause
}

// ---------------------------------------------------------------------------
// Outcomes and report formatting (pure).

/// One compile check of one crate.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Check {
    /// Not run (generation failed, `--no-compile`, or not selected).
    #[default]
    NotRun,
    /// `cargo check` passed.
    Passed {
        /// Wall time.
        secs: f64,
    },
    /// `cargo check` failed.
    Failed {
        /// Wall time.
        secs: f64,
        /// The errors, in order (each a cause key and the rendered text).
        errors: Vec<CompileError>,
    },
}

impl Check {
    fn cell(&self) -> &'static str {
        match self {
            Check::NotRun => "-",
            Check::Passed { .. } => "yes",
            Check::Failed { .. } => "no",
        }
    }
    fn secs(&self) -> Option<f64> {
        match self {
            Check::NotRun => None,
            Check::Passed { secs } | Check::Failed { secs, .. } => Some(*secs),
        }
    }
    fn passed(&self) -> bool {
        matches!(self, Check::Passed { .. })
    }
}

/// One compiler error (or cargo error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// Grouping key: the error code or lint and the message's pattern.
    pub cause: String,
    /// One line: the message and where.
    pub line: String,
    /// The compiler's full rendering.
    pub rendered: String,
}

/// The three feature sets checked.
pub const MODES: [(&str, &[&str]); 3] = [
    ("default", &[]),
    ("cli", &["--features", "cli"]),
    ("server", &["--no-default-features", "--features", "server"]),
];

/// What happened to one model.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Model file, relative to the swept directory.
    pub model: String,
    /// Name in the table: [`service_name`], or the model file stem.
    pub name: String,
    /// Crate name, if the service was found.
    pub crate_name: Option<String>,
    /// Operations of the service (0 if it was not found).
    pub operations: usize,
    /// Endpoint test cases in the model.
    pub endpoint_test_cases: usize,
    /// Generation: `Ok(files)` or every diagnostic (one line each).
    pub generated: Result<usize, Vec<String>>,
    /// Generation wall time.
    pub generate_secs: f64,
    /// The checks, in [`MODES`] order.
    pub checks: [Check; 3],
    /// Endpoint tests (passed, total), if the crate has them and they ran.
    pub endpoint_tests: Option<(usize, usize)>,
}

impl Default for Outcome {
    fn default() -> Self {
        Outcome {
            model: String::new(),
            name: String::new(),
            crate_name: None,
            operations: 0,
            endpoint_test_cases: 0,
            generated: Ok(0),
            generate_secs: 0.0,
            checks: Default::default(),
            endpoint_tests: None,
        }
    }
}

impl Outcome {
    fn row(&self) -> [String; 7] {
        [
            self.name.clone(),
            if self.generated.is_ok() { "yes" } else { "no" }.to_owned(),
            self.checks[0].cell().to_owned(),
            self.checks[1].cell().to_owned(),
            self.checks[2].cell().to_owned(),
            self.endpoint_tests
                .map_or("-".to_owned(), |(p, t)| format!("{p}/{t}")),
            self.operations.to_string(),
        ]
    }

    /// The first problem, one line, for `--verbose`.
    pub fn first_problem(&self) -> Option<String> {
        if let Err(diags) = &self.generated {
            return Some(format!(
                "generate: {} ({} diagnostic(s))",
                diags.first().map_or("(none)", String::as_str),
                diags.len()
            ));
        }
        let failed: Vec<String> = MODES
            .iter()
            .zip(&self.checks)
            .filter_map(|((mode, _), c)| match c {
                Check::Failed { errors, .. } => Some(format!(
                    "{mode}: {} ({} error(s))",
                    errors.first().map_or("(no message)", |e| e.line.as_str()),
                    errors.len()
                )),
                _ => None,
            })
            .collect();
        (!failed.is_empty()).then(|| failed.join("\n"))
    }

    fn all_passed(&self) -> bool {
        self.generated.is_ok()
            && self
                .checks
                .iter()
                .all(|c| !matches!(c, Check::Failed { .. }))
            && self.checks.iter().any(Check::passed)
            && self.endpoint_tests.is_none_or(|(p, t)| p == t)
    }
}

const HEADER: [&str; 7] = [
    "service",
    "generated",
    "compiled",
    "cli",
    "server",
    "endpoint tests passed/total",
    "operations",
];

/// The table: one row per outcome, columns padded, `|` separated; with
/// `verbose`, the first problem indented under a failing row.
pub fn format_table(outcomes: &[Outcome], verbose: bool) -> String {
    let rows: Vec<[String; 7]> = outcomes.iter().map(Outcome::row).collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i == 6 {
                    format!("{c:>w$}")
                } else {
                    format!("{c:<w$}")
                }
            })
            .collect();
        format!("{}\n", padded.join(" | ").trim_end())
    };
    let mut out = line(&HEADER.map(str::to_owned));
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&format!("{}\n", rule.join("-|-")));
    for (o, r) in outcomes.iter().zip(&rows) {
        out.push_str(&line(r));
        if verbose {
            if let Some(p) = o.first_problem() {
                for l in p.lines() {
                    out.push_str(&format!("    {l}\n"));
                }
            }
        }
    }
    out
}

/// The totals: a line with the feature checks and the last line
/// `services: N/M generated, K/M compiled; operations: A/B`.
pub fn format_summary(outcomes: &[Outcome], compiled: bool) -> String {
    let m = outcomes.len();
    let generated = outcomes.iter().filter(|o| o.generated.is_ok()).count();
    let passed = |i: usize| outcomes.iter().filter(|o| o.checks[i].passed()).count();
    let tried = |i: usize| {
        outcomes
            .iter()
            .filter(|o| !matches!(o.checks[i], Check::NotRun))
            .count()
    };
    let ops: usize = outcomes.iter().map(|o| o.operations).sum();
    let ops_generated: usize = outcomes
        .iter()
        .filter(|o| o.generated.is_ok())
        .map(|o| o.operations)
        .sum();
    let (ep_pass, ep_total) = outcomes
        .iter()
        .filter_map(|o| o.endpoint_tests)
        .fold((0, 0), |(p, t), (a, b)| (p + a, t + b));
    let endpoint = if ep_total == 0 {
        "- (not generated)".to_owned()
    } else {
        format!("{ep_pass}/{ep_total} passed")
    };
    let mut out = String::new();
    if compiled {
        out.push_str(&format!(
            "checks (-D warnings): default {}/{} passed, cli {}/{}, server {}/{}; endpoint tests: {endpoint}\n",
            passed(0),
            tried(0),
            passed(1),
            tried(1),
            passed(2),
            tried(2)
        ));
    }
    out.push_str(&format!(
        "services: {generated}/{m} generated, {}/{m} compiled{}; operations: {ops_generated}/{ops}\n",
        passed(0),
        if compiled { "" } else { " (--no-compile)" }
    ));
    out
}

/// Failure causes: cause to (services, count of occurrences).
type Causes = BTreeMap<String, (BTreeSet<String>, usize)>;

fn generation_causes(outcomes: &[Outcome]) -> Causes {
    let mut causes = Causes::new();
    for o in outcomes {
        if let Err(diags) = &o.generated {
            for d in diags {
                // `error: <location>: <message>`: the location is per shape.
                let message = d
                    .strip_prefix("error: ")
                    .and_then(|rest| rest.split_once(": ").map(|(_, m)| m))
                    .unwrap_or(d);
                let e = causes.entry(cause_of(message)).or_default();
                e.0.insert(o.name.clone());
                e.1 += 1;
            }
        }
    }
    causes
}

fn compile_causes(outcomes: &[Outcome], mode: usize) -> Causes {
    let mut causes = Causes::new();
    for o in outcomes {
        if let Check::Failed { errors, .. } = &o.checks[mode] {
            for e in errors {
                let c = causes.entry(e.cause.clone()).or_default();
                c.0.insert(o.name.clone());
                c.1 += 1;
            }
        }
    }
    causes
}

/// A Markdown table of causes, most services first.
pub fn format_causes(causes: &Causes, what: &str) -> String {
    if causes.is_empty() {
        return "none\n".to_owned();
    }
    let mut sorted: Vec<(&String, &(BTreeSet<String>, usize))> = causes.iter().collect();
    sorted.sort_by(|a, b| b.1 .0.len().cmp(&a.1 .0.len()).then(b.1 .1.cmp(&a.1 .1)));
    let mut out =
        format!("| cause | services | {what} | services (first 8) |\n|---|---:|---:|---|\n");
    for (cause, (services, n)) in sorted {
        let examples: Vec<&str> = services.iter().take(8).map(String::as_str).collect();
        let more = if services.len() > 8 { ", …" } else { "" };
        out.push_str(&format!(
            "| {} | {} | {n} | {}{more} |\n",
            cause.replace('|', "\\|"),
            services.len(),
            examples.join(", ")
        ));
    }
    out
}

fn secs_cell(s: Option<f64>) -> String {
    s.map_or("-".to_owned(), |s| format!("{s:.0}"))
}

/// The full report, Markdown.
fn format_report(run: &RunInfo, outcomes: &[Outcome]) -> String {
    let mut r = String::new();
    let _ = writeln!(r, "# aws-models sweep\n");
    let _ = writeln!(r, "`cargo xtask aws-models {}`\n", run.command);
    let _ = writeln!(
        r,
        "Models from `{}`; {} selected of {} found. Generation {:.1} s ({} job(s)); compile checks {:.0} s.\n",
        run.dir,
        outcomes.len(),
        run.found,
        run.generate_secs,
        run.jobs,
        run.compile_secs
    );
    let _ = writeln!(r, "```\n{}```\n", format_summary(outcomes, run.compiled));
    let checked: Vec<f64> = outcomes
        .iter()
        .filter_map(|o| {
            let s: Vec<f64> = o.checks.iter().filter_map(Check::secs).collect();
            (s.len() == MODES.len()).then(|| s.iter().sum())
        })
        .collect();
    if !checked.is_empty() {
        let total: f64 = checked.iter().sum();
        let _ = writeln!(
            r,
            "Compile checks: {} crate(s) checked in all {} modes, {:.0} s in all, {:.0} s per crate on average.\n",
            checked.len(),
            MODES.len(),
            total,
            total / checked.len() as f64
        );
    }
    let _ = writeln!(r, "## Generation failures by cause\n");
    r.push_str(&format_causes(&generation_causes(outcomes), "diagnostics"));
    for (i, (mode, flags)) in MODES.iter().enumerate() {
        let _ = writeln!(
            r,
            "\n## Compile failures by cause: {mode} (`cargo check{}{}`)\n",
            if flags.is_empty() { "" } else { " " },
            flags.join(" ")
        );
        r.push_str(&format_causes(&compile_causes(outcomes, i), "errors"));
    }
    let _ = writeln!(r, "\n## Services\n");
    let _ = writeln!(
        r,
        "| service | model | crate | generated | compiled | cli | server | endpoint tests passed/total | endpoint test cases in model | operations | generate s | check s (default/cli/server) |\n|---|---|---|---|---|---|---|---|---:|---:|---:|---|"
    );
    for o in outcomes {
        let row = o.row();
        let _ = writeln!(
            r,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {} |",
            row[0],
            o.model,
            o.crate_name.as_deref().unwrap_or("-"),
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            o.endpoint_test_cases,
            row[6],
            o.generate_secs,
            o.checks
                .iter()
                .map(|c| secs_cell(c.secs()))
                .collect::<Vec<_>>()
                .join("/")
        );
    }
    let _ = writeln!(r, "\n## Logs\n");
    for o in outcomes {
        let failing =
            o.generated.is_err() || o.checks.iter().any(|c| matches!(c, Check::Failed { .. }));
        if !failing {
            continue;
        }
        let _ = writeln!(r, "### {} ({})\n", o.name, o.model);
        if let Err(diags) = &o.generated {
            let _ = writeln!(r, "Generation: {} diagnostic(s)\n\n```", diags.len());
            for d in diags {
                let _ = writeln!(r, "{d}");
            }
            let _ = writeln!(r, "```\n");
        }
        for ((mode, _), c) in MODES.iter().zip(&o.checks) {
            if let Check::Failed { errors, .. } = c {
                let _ = writeln!(r, "Check `{mode}`: {} error(s)\n\n```", errors.len());
                const SHOWN: usize = 40;
                for e in errors.iter().take(SHOWN) {
                    let _ = writeln!(r, "{}", e.rendered.trim_end());
                }
                if errors.len() > SHOWN {
                    let mut rest: BTreeMap<&str, usize> = BTreeMap::new();
                    for e in &errors[SHOWN..] {
                        *rest.entry(&e.cause).or_default() += 1;
                    }
                    let _ = writeln!(r, "... and {} more:", errors.len() - SHOWN);
                    for (cause, n) in rest {
                        let _ = writeln!(r, "  {n} × {cause}");
                    }
                }
                let _ = writeln!(r, "```\n");
            }
        }
    }
    r
}

struct RunInfo {
    command: String,
    dir: String,
    found: usize,
    jobs: usize,
    compiled: bool,
    generate_secs: f64,
    compile_secs: f64,
}

// ---------------------------------------------------------------------------
// Running.

/// Runs the subcommand with its arguments (after `aws-models`).
pub fn run(root: &Path, args: &[String]) -> Result<String, String> {
    let opts = parse_args(args)?;
    let scratch = root.join(SCRATCH);
    let crates_dir = scratch.join("crates");
    let mut files = Vec::new();
    collect_models(&opts.dir, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.json model under {}", opts.dir.display()));
    }

    // Discovery, in parallel (parsing 60 MB of JSON).
    let started = Instant::now();
    let found: Vec<(PathBuf, String, Result<ServiceInfo, String>)> =
        parallel(&files, opts.jobs, |path| {
            let rel = path
                .strip_prefix(&opts.dir)
                .unwrap_or(path)
                .display()
                .to_string();
            let info = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read: {e}"))
                .and_then(|t| {
                    serde_json::from_str::<Value>(&t).map_err(|e| format!("invalid JSON: {e}"))
                })
                .and_then(|v| find_service(&v));
            (path.clone(), rel, info)
        });
    let selected: Vec<&(PathBuf, String, Result<ServiceInfo, String>)> = match &opts.only {
        None => found.iter().collect(),
        Some(names) => {
            let mut unknown: BTreeSet<&String> = names.iter().collect();
            let picked = found
                .iter()
                .filter(|(_, rel, info)| {
                    let file = rel.rsplit('/').next().unwrap_or(rel);
                    let (stem, short) = model_stem(file);
                    let mut keys = vec![stem, short];
                    if let Ok(i) = info {
                        keys.push(service_name(&i.sdk_id));
                        keys.push(crate_name(&i.sdk_id));
                    }
                    let hit: Vec<&String> = names.iter().filter(|n| keys.contains(n)).collect();
                    for h in &hit {
                        unknown.remove(h);
                    }
                    !hit.is_empty()
                })
                .collect();
            if !unknown.is_empty() {
                let list: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
                return Err(format!("--only: no model named {}", list.join(", ")));
            }
            picked
        }
    };
    // Two models of one sdkId would write one crate: refuse early.
    let mut names: BTreeMap<String, &str> = BTreeMap::new();
    for (_, rel, info) in &selected {
        if let Ok(i) = info {
            if let Some(other) = names.insert(crate_name(&i.sdk_id), rel) {
                return Err(format!(
                    "{rel} and {other} both name the crate {}",
                    crate_name(&i.sdk_id)
                ));
            }
        }
    }

    // Generation, in parallel, into a fresh crates/ directory.
    if crates_dir.exists() {
        std::fs::remove_dir_all(&crates_dir)
            .map_err(|e| format!("cannot remove {}: {e}", crates_dir.display()))?;
    }
    eprintln!(
        "aws-models: generating {} service(s) with {} job(s)",
        selected.len(),
        opts.jobs
    );
    let panics = quiet_panics();
    let mut outcomes: Vec<Outcome> = parallel(&selected, opts.jobs, |(path, rel, info)| {
        generate_one(path, rel, info, &crates_dir)
    });
    drop(panics);
    let generate_secs = started.elapsed().as_secs_f64();
    let generated: Vec<String> = outcomes
        .iter()
        .filter(|o| o.generated.is_ok())
        .filter_map(|o| o.crate_name.clone())
        .collect();
    eprintln!(
        "aws-models: {}/{} generated in {generate_secs:.1} s",
        generated.len(),
        outcomes.len()
    );

    write_workspace(root, &scratch, &generated)?;
    let mut run = RunInfo {
        command: std::iter::once(opts.dir.display().to_string())
            .chain(args.iter().skip(1).cloned())
            .collect::<Vec<_>>()
            .join(" "),
        dir: opts.dir.display().to_string(),
        found: found.len(),
        jobs: opts.jobs,
        compiled: !opts.no_compile,
        generate_secs,
        compile_secs: 0.0,
    };
    let report_path = scratch.join("report.md");
    let compile_started = Instant::now();
    if !opts.no_compile {
        let n = generated.len();
        let mut i = 0;
        for idx in 0..outcomes.len() {
            let o = &mut outcomes[idx];
            if o.generated.is_err() {
                continue;
            }
            i += 1;
            let krate = o.crate_name.clone().unwrap_or_default();
            for (m, (mode, flags)) in MODES.iter().enumerate() {
                o.checks[m] = cargo_check(&scratch, &krate, flags, opts.jobs);
                eprintln!(
                    "aws-models: [{i}/{n}] {} {mode}: {} in {:.0} s",
                    o.name,
                    o.checks[m].cell(),
                    o.checks[m].secs().unwrap_or(0.0)
                );
            }
            if crates_dir
                .join(&krate)
                .join("tests/endpoint_tests.rs")
                .exists()
            {
                o.endpoint_tests = endpoint_tests(&scratch, &krate, opts.jobs);
            }
            // The report so far, so that a long sweep can be read (or
            // stopped) half way.
            run.compile_secs = compile_started.elapsed().as_secs_f64();
            let _ = std::fs::write(&report_path, format_report(&run, &outcomes));
        }
    }
    run.compile_secs = compile_started.elapsed().as_secs_f64();

    print!("{}", format_table(&outcomes, opts.verbose));
    let summary = format_summary(&outcomes, !opts.no_compile);
    print!("{summary}");
    std::fs::write(&report_path, format_report(&run, &outcomes))
        .map_err(|e| format!("cannot write {}: {e}", report_path.display()))?;

    if !opts.keep && !opts.no_compile {
        // Crates that passed every check go; the rest stay for inspection.
        let mut left = Vec::new();
        for o in &outcomes {
            let Some(k) = &o.crate_name else { continue };
            if o.all_passed() {
                let _ = std::fs::remove_dir_all(crates_dir.join(k));
            } else if o.generated.is_ok() {
                left.push(k.clone());
            }
        }
        write_workspace(root, &scratch, &left)?;
    }
    let failures = outcomes
        .iter()
        .filter(|o| {
            o.generated.is_err()
                || o.checks.iter().any(|c| matches!(c, Check::Failed { .. }))
                || o.endpoint_tests.is_some_and(|(p, t)| p != t)
        })
        .count();
    let report = report_path
        .strip_prefix(root)
        .unwrap_or(&report_path)
        .display()
        .to_string();
    if failures == 0 {
        Ok(format!("aws-models: all passed; report in {report}"))
    } else {
        Err(format!(
            "aws-models: {failures} of {} service(s) failed; report in {report}",
            outcomes.len()
        ))
    }
}

/// `*.json` files under `dir`, recursively.
fn collect_models(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            collect_models(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

/// Maps `f` over `items` on `jobs` threads, keeping the order.
fn parallel<T: Sync, R: Send>(items: &[T], jobs: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..jobs.min(items.len()).max(1) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = f(item);
                if let Ok(mut v) = results.lock() {
                    v[i] = Some(r);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

thread_local! {
    static PANIC_AT: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// While alive, panics are not printed; their location is kept for the
/// panicking thread ([`PANIC_AT`]). The previous hook comes back on drop.
struct QuietPanics;

fn quiet_panics() -> QuietPanics {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()));
        PANIC_AT.with(|p| *p.borrow_mut() = at);
    }));
    QuietPanics
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        let _ = std::panic::take_hook();
    }
}

fn generate_one(
    path: &Path,
    rel: &str,
    info: &Result<ServiceInfo, String>,
    crates_dir: &Path,
) -> Outcome {
    let started = Instant::now();
    let file = rel.rsplit('/').next().unwrap_or(rel).to_owned();
    let mut o = Outcome {
        model: rel.to_owned(),
        name: model_stem(&file).1,
        ..Outcome::default()
    };
    let info = match info {
        Ok(i) => i,
        Err(e) => {
            o.generated = Err(vec![format!("error: {rel}: {e}")]);
            return o;
        }
    };
    let krate = crate_name(&info.sdk_id);
    o.name = service_name(&info.sdk_id);
    o.crate_name = Some(krate.clone());
    o.operations = info.operations;
    o.endpoint_test_cases = info.endpoint_test_cases;
    let result = (|| -> Result<usize, Vec<String>> {
        let text = std::fs::read_to_string(path).map_err(|e| vec![format!("error: {rel}: {e}")])?;
        let config: smithy_codegen::Config = serde_json::from_value(serde_json::json!({
            "model": file,
            "service": info.shape_id,
            "crate_name": krate,
            "out_dir": ".",
            "operations": ["*"],
        }))
        .map_err(|e| vec![format!("error: {rel}: config: {e}")])?;
        let generated =
            std::panic::catch_unwind(|| smithy_codegen::generate(&config, &file, &text))
                .map_err(|payload| {
                    let msg = payload
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_default();
                    let at = PANIC_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
                    vec![format!("error: {rel}: generator panicked at {at}: {msg}")]
                })?
                .map_err(|diags| diags.iter().map(|d| d.to_string()).collect::<Vec<_>>())?;
        let dir = crates_dir.join(&krate);
        for f in &generated {
            let p = dir.join(&f.path);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| vec![format!("error: {}: {e}", parent.display())])?;
            }
            std::fs::write(&p, &f.contents)
                .map_err(|e| vec![format!("error: {}: {e}", p.display())])?;
        }
        Ok(generated.len())
    })();
    o.generated = result;
    o.generate_secs = started.elapsed().as_secs_f64();
    o
}

/// The `[section]` of a TOML file, header included, up to the next header.
fn toml_section(text: &str, header: &str) -> Option<String> {
    let mut out = String::new();
    let mut inside = false;
    let mut found = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            if inside {
                break;
            }
            inside = t == header;
            found |= inside;
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    found.then_some(out)
}

/// Makes every `path = "..."` in `section` absolute, relative to `root`.
fn absolute_paths(section: &str, root: &Path) -> String {
    let mut out = String::new();
    for line in section.lines() {
        match line.split_once("path = \"") {
            Some((before, rest)) if !line.trim_start().starts_with('#') => {
                let (rel, after) = rest.split_once('"').unwrap_or((rest, ""));
                let abs = root.join(rel).display().to_string();
                let escaped = abs.replace('\\', "\\\\").replace('"', "\\\"");
                let _ = writeln!(out, "{before}path = \"{escaped}\"{after}");
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The scratch workspace manifest for `members` (crate names under
/// `crates/`), with this repository's shared package fields and
/// dependencies, paths made absolute.
pub fn workspace_manifest(root_manifest: &str, root: &Path, members: &[String]) -> String {
    let mut m = String::from(
        "# Written by `cargo xtask aws-models` on every run; not part of the repository.\n[workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    for k in members {
        let _ = writeln!(m, "    \"crates/{k}\",");
    }
    m.push_str("]\n\n");
    for header in ["[workspace.package]", "[workspace.dependencies]"] {
        if let Some(s) = toml_section(root_manifest, header) {
            m.push_str(&absolute_paths(&s, root));
            m.push('\n');
        }
    }
    // Test binaries (endpoint tests) of hundreds of crates: no debug info,
    // which keeps the scratch target directory and link times small.
    m.push_str("[profile.dev]\ndebug = false\n");
    m
}

fn write_workspace(root: &Path, scratch: &Path, members: &[String]) -> Result<(), String> {
    let root_manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read the root Cargo.toml: {e}"))?;
    std::fs::create_dir_all(scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let path = scratch.join("Cargo.toml");
    std::fs::write(&path, workspace_manifest(&root_manifest, root, members))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    // Start from this repository's versions, so nothing new is resolved.
    let lock = scratch.join("Cargo.lock");
    if !lock.exists() {
        let _ = std::fs::copy(root.join("Cargo.lock"), &lock);
    }
    Ok(())
}

/// `nice -n 10 cargo <args>` in the scratch workspace, its own target
/// directory, warnings denied and incremental compilation off.
fn cargo(scratch: &Path, args: &[&str], jobs: usize) -> Command {
    let cargo_bin = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut c = if cfg!(unix) {
        let mut c = Command::new("nice");
        c.args(["-n", "10"]).arg(cargo_bin);
        c
    } else {
        Command::new(cargo_bin)
    };
    c.args(args)
        .arg("--manifest-path")
        .arg(scratch.join("Cargo.toml"))
        .arg("-j")
        .arg(jobs.to_string())
        .current_dir(scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    c
}

fn cargo_check(scratch: &Path, krate: &str, flags: &[&str], jobs: usize) -> Check {
    let started = Instant::now();
    let mut args = vec!["check", "--message-format=json", "-p", krate];
    args.extend_from_slice(flags);
    let out = cargo(scratch, &args, jobs).output();
    let secs = started.elapsed().as_secs_f64();
    let out = match out {
        Ok(o) => o,
        Err(e) => {
            return Check::Failed {
                secs,
                errors: vec![CompileError {
                    cause: "cannot run cargo".to_owned(),
                    line: format!("cannot run cargo: {e}"),
                    rendered: e.to_string(),
                }],
            }
        }
    };
    if out.status.success() {
        return Check::Passed { secs };
    }
    let mut errors = compiler_errors(&String::from_utf8_lossy(&out.stdout));
    if errors.is_empty() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or("cargo failed without a message")
            .to_owned();
        errors.push(CompileError {
            cause: format!("cargo: {}", cause_of(&line)),
            line,
            rendered: stderr.into_owned(),
        });
    }
    Check::Failed { secs, errors }
}

/// The errors in cargo's JSON messages (warnings are errors here), without
/// rustc's closing summaries.
pub fn compiler_errors(json_lines: &str) -> Vec<CompileError> {
    let mut out = Vec::new();
    for line in json_lines.lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if v.get("reason").and_then(Value::as_str) != Some("compiler-message") {
            continue;
        }
        let Some(msg) = v.get("message") else {
            continue;
        };
        if msg.get("level").and_then(Value::as_str) != Some("error") {
            continue;
        }
        let text = msg.get("message").and_then(Value::as_str).unwrap_or("");
        if text.starts_with("aborting due to") {
            continue;
        }
        let code = msg
            .get("code")
            .and_then(|c| c.get("code"))
            .and_then(Value::as_str);
        let at = msg
            .get("spans")
            .and_then(Value::as_array)
            .and_then(|spans| {
                spans
                    .iter()
                    .find(|s| s.get("is_primary").and_then(Value::as_bool) == Some(true))
            })
            .map(|s| {
                format!(
                    " at {}:{}",
                    s.get("file_name").and_then(Value::as_str).unwrap_or("?"),
                    s.get("line_start").and_then(Value::as_u64).unwrap_or(0)
                )
            })
            .unwrap_or_default();
        let head = match code {
            Some(c) => format!("error[{c}]: {text}"),
            None => format!("error: {text}"),
        };
        out.push(CompileError {
            cause: match code {
                Some(c) => format!("{c}: {}", cause_of(text)),
                None => cause_of(text),
            },
            line: format!("{head}{at}"),
            rendered: msg
                .get("rendered")
                .and_then(Value::as_str)
                .unwrap_or(&head)
                .to_owned(),
        });
    }
    out
}

/// Runs `tests/endpoint_tests.rs`: (passed, total), or None if it did not
/// produce a result line.
fn endpoint_tests(scratch: &Path, krate: &str, jobs: usize) -> Option<(usize, usize)> {
    let out = cargo(
        scratch,
        &["test", "-p", krate, "--test", "endpoint_tests"],
        jobs,
    )
    .output()
    .ok()?;
    parse_test_result(&String::from_utf8_lossy(&out.stdout))
}

/// `test result: ok. 3 passed; 1 failed; ...` to (passed, passed + failed).
pub fn parse_test_result(stdout: &str) -> Option<(usize, usize)> {
    let line = stdout.lines().find(|l| l.starts_with("test result:"))?;
    let count = |what: &str| -> Option<usize> {
        line.split(';')
            .find_map(|part| part.trim().strip_suffix(what))
            .and_then(|n| n.trim().rsplit(' ').next()?.parse().ok())
    };
    let passed = count(" passed")?;
    let failed = count(" failed").unwrap_or(0);
    Some((passed, passed + failed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn model() -> Value {
        json!({
            "smithy": "2.0",
            "shapes": {
                "ns.a#Other": { "type": "service", "traits": { "aws.protocols#awsJson1_1": {} } },
                "ns.a#Svc": {
                    "type": "service",
                    "version": "2020-01-01",
                    "operations": [ { "target": "ns.a#Op1" }, { "target": "ns.a#Op2" } ],
                    "resources": [ { "target": "ns.a#Thing" } ],
                    "traits": {
                        "aws.protocols#restJson1": {},
                        "aws.api#service": { "sdkId": "Chime SDK Voice" },
                        "smithy.rules#endpointTests": { "testCases": [ {}, {}, {} ] }
                    }
                },
                "ns.a#Thing": {
                    "type": "resource",
                    "read": { "target": "ns.a#Get" },
                    "operations": [ { "target": "ns.a#Op1" } ],
                    "collectionOperations": [ { "target": "ns.a#Batch" } ],
                    "resources": [ { "target": "ns.a#Child" }, { "target": "ns.a#Thing" } ]
                },
                "ns.a#Child": { "type": "resource", "list": { "target": "ns.a#List" } }
            }
        })
    }

    #[test]
    fn finds_the_restjson1_service_and_counts_its_operations() {
        let info = find_service(&model()).unwrap();
        assert_eq!(
            info,
            ServiceInfo {
                shape_id: "ns.a#Svc".to_owned(),
                sdk_id: "Chime SDK Voice".to_owned(),
                // Op1 (twice), Op2, Get, Batch, List.
                operations: 5,
                endpoint_test_cases: 3,
            }
        );
    }

    #[test]
    fn names_the_protocols_when_there_is_no_restjson1_service() {
        let m = json!({ "shapes": {
            "ns.a#Db": { "type": "service", "traits": { "aws.protocols#awsJson1_0": {} } }
        }});
        assert_eq!(
            find_service(&m).unwrap_err(),
            "no service shape with aws.protocols#restJson1; services: ns.a#Db (aws.protocols#awsJson1_0)"
        );
        assert_eq!(
            find_service(&json!({ "shapes": {} })).unwrap_err(),
            "no service shape"
        );
        let two = json!({ "shapes": {
            "ns.a#A": { "type": "service", "traits": { "aws.protocols#restJson1": {} } },
            "ns.a#B": { "type": "service", "traits": { "aws.protocols#restJson1": {} } }
        }});
        assert_eq!(
            find_service(&two).unwrap_err(),
            "2 restJson1 service shapes: ns.a#A, ns.a#B"
        );
    }

    #[test]
    fn without_sdk_id_the_shape_name_names_the_crate() {
        let m = json!({ "shapes": {
            "ns.a#Weather": { "type": "service", "traits": { "aws.protocols#restJson1": {} } }
        }});
        let info = find_service(&m).unwrap();
        assert_eq!((info.sdk_id.as_str(), info.operations), ("Weather", 0));
    }

    #[test]
    fn crate_names_are_kebab_case_with_our_prefix() {
        for (sdk_id, name) in [
            ("Chime SDK Voice", "smithy-aws-chime-sdk-voice"),
            ("API Gateway", "smithy-aws-api-gateway"),
            ("ApiGatewayV2", "smithy-aws-apigatewayv2"),
            (
                "codestar notifications",
                "smithy-aws-codestar-notifications",
            ),
            ("Resource Explorer 2", "smithy-aws-resource-explorer-2"),
            ("  Odd / name--here ", "smithy-aws-odd-name-here"),
        ] {
            assert_eq!(crate_name(sdk_id), name);
        }
        assert_eq!(service_name("SSO OIDC"), "sso-oidc");
    }

    #[test]
    fn model_stems_lose_their_date() {
        assert_eq!(
            model_stem("chime-sdk-voice-2022-08-03.json"),
            (
                "chime-sdk-voice-2022-08-03".to_owned(),
                "chime-sdk-voice".to_owned()
            )
        );
        assert_eq!(
            model_stem("weather.json"),
            ("weather".to_owned(), "weather".to_owned())
        );
    }

    #[test]
    fn causes_group_messages_by_pattern() {
        assert_eq!(
            cause_of("pattern `(?s).*` is not ECMA-262: inline flags at 2"),
            "pattern `…` is not ECMA-262: inline flags at N"
        );
        assert_eq!(
            cause_of("operation com.amazonaws.x#Op uses an event stream (\"In\")"),
            "operation <shape> uses an event stream (\"…\")"
        );
        assert_eq!(
            cause_of("(ns.a#Op$Member) event streams are not supported (smithy.api#streaming)"),
            "(<shape>) event streams are not supported (smithy.api#streaming)"
        );
        assert_eq!(
            cause_of("use of deprecated field `a::B::c`: This field is deprecated, use D."),
            "use of deprecated field `…`"
        );
        assert_eq!(
            cause_of("no method named `len` found for enum `Kind`"),
            cause_of("no method named `len` found for enum `Other`")
        );
    }

    fn outcome(name: &str, ok: bool, checks: [Check; 3], ops: usize) -> Outcome {
        Outcome {
            model: format!("{name}-2020-01-01.json"),
            name: name.to_owned(),
            crate_name: Some(crate_name(name)),
            operations: ops,
            generated: if ok {
                Ok(10)
            } else {
                Err(vec![
                    "error: ns.a#Op: operation uses an event stream".to_owned(),
                    "error: ns.a#Op2: operation uses an event stream".to_owned(),
                ])
            },
            checks,
            ..Outcome::default()
        }
    }

    fn failed(line: &str) -> Check {
        Check::Failed {
            secs: 2.0,
            errors: vec![CompileError {
                cause: "E0599: no method named `…`".to_owned(),
                line: line.to_owned(),
                rendered: line.to_owned(),
            }],
        }
    }

    fn sample() -> Vec<Outcome> {
        let ok = Check::Passed { secs: 1.0 };
        vec![
            outcome("chime", true, [ok.clone(), ok.clone(), ok.clone()], 62),
            outcome(
                "ebs",
                true,
                [
                    failed("error[E0599]: no method named `len` at src/a.rs:3"),
                    failed("x"),
                    ok,
                ],
                6,
            ),
            outcome("lambda", false, Default::default(), 80),
        ]
    }

    #[test]
    fn table_has_one_row_per_service_and_the_summary_line() {
        let o = sample();
        assert_eq!(
            format_table(&o, false),
            "\
service | generated | compiled | cli | server | endpoint tests passed/total | operations
--------|-----------|----------|-----|--------|-----------------------------|-----------
chime   | yes       | yes      | yes | yes    | -                           |         62
ebs     | yes       | no       | no  | yes    | -                           |          6
lambda  | no        | -        | -   | -      | -                           |         80
"
        );
        assert_eq!(
            format_summary(&o, true),
            "checks (-D warnings): default 1/2 passed, cli 1/2, server 2/2; endpoint tests: - (not generated)\n\
             services: 2/3 generated, 1/3 compiled; operations: 68/148\n"
        );
        assert_eq!(
            format_summary(&o, false).lines().last(),
            Some("services: 2/3 generated, 1/3 compiled (--no-compile); operations: 68/148")
        );
    }

    #[test]
    fn verbose_table_names_the_first_problem() {
        let t = format_table(&sample(), true);
        assert!(t.contains(
            "ebs     | yes       | no       | no  | yes    | -                           |          6\n    default: error[E0599]: no method named `len` at src/a.rs:3 (1 error(s))\n    cli: x (1 error(s))\n"
        ), "{t}");
        assert!(t.contains(
            "\n    generate: error: ns.a#Op: operation uses an event stream (2 diagnostic(s))\n"
        ), "{t}");
    }

    #[test]
    fn causes_are_counted_per_service_and_occurrence() {
        let o = sample();
        let gen = generation_causes(&o);
        assert_eq!(
            gen.get("operation uses an event stream"),
            Some(&(BTreeSet::from(["lambda".to_owned()]), 2))
        );
        let table = format_causes(&compile_causes(&o, 0), "errors");
        assert_eq!(
            table,
            "| cause | services | errors | services (first 8) |\n|---|---:|---:|---|\n| E0599: no method named `…` | 1 | 1 | ebs |\n"
        );
        assert_eq!(format_causes(&compile_causes(&o, 2), "errors"), "none\n");
    }

    #[test]
    fn compiler_messages_become_errors_without_summaries() {
        let lines = [
            json!({"reason": "compiler-artifact"}).to_string(),
            json!({"reason": "compiler-message", "message": {
                "level": "error", "message": "unnecessary braces around block return value",
                "code": {"code": "unused_braces"},
                "spans": [{"is_primary": true, "file_name": "src/cli.rs", "line_start": 7}],
                "rendered": "error: unnecessary braces\n --> src/cli.rs:7\n"}})
            .to_string(),
            json!({"reason": "compiler-message", "message": {
                "level": "warning", "message": "x", "code": null, "spans": [], "rendered": "w"}})
            .to_string(),
            json!({"reason": "compiler-message", "message": {
                "level": "error", "message": "aborting due to 1 previous error",
                "code": null, "spans": [], "rendered": "a"}})
            .to_string(),
        ];
        let errors = compiler_errors(&lines.join("\n"));
        assert_eq!(
            errors,
            vec![CompileError {
                cause: "unused_braces: unnecessary braces around block return value".to_owned(),
                line: "error[unused_braces]: unnecessary braces around block return value at src/cli.rs:7"
                    .to_owned(),
                rendered: "error: unnecessary braces\n --> src/cli.rs:7\n".to_owned(),
            }]
        );
    }

    #[test]
    fn test_results_are_parsed() {
        assert_eq!(
            parse_test_result("running 4 tests\ntest result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n"),
            Some((3, 4))
        );
        assert_eq!(parse_test_result("no tests"), None);
    }

    #[test]
    fn the_workspace_manifest_points_at_this_checkout() {
        let root_manifest = "[workspace]\nmembers = [\"codegen\"]\n\n[workspace.package]\nedition = \"2021\"\n\n[workspace.dependencies]\n# comment with path = \"x\"\nsmithy-rt = { path = \"runtime\" }\nhttp = \"1\"\n\n[profile.dev]\ndebug = false\n";
        let m = workspace_manifest(
            root_manifest,
            Path::new("/repo"),
            &["smithy-aws-chime".to_owned()],
        );
        assert!(
            m.contains("members = [\n    \"crates/smithy-aws-chime\",\n]\n"),
            "{m}"
        );
        assert!(
            m.contains("[workspace.package]\nedition = \"2021\"\n"),
            "{m}"
        );
        assert!(
            m.contains("smithy-rt = { path = \"/repo/runtime\" }\nhttp = \"1\"\n"),
            "{m}"
        );
        assert!(m.contains("# comment with path = \"x\"\n"), "{m}");
        assert!(m.ends_with("[profile.dev]\ndebug = false\n"), "{m}");
    }

    #[test]
    fn arguments() {
        let args = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let o = parse_args(&args(
            "dir --jobs 1 --only a,b --only c --keep --no-compile -v",
        ))
        .unwrap();
        assert_eq!(o.dir, PathBuf::from("dir"));
        assert_eq!(o.jobs, 1);
        assert_eq!(o.only, Some(vec!["a".into(), "b".into(), "c".into()]));
        assert!(o.keep && o.no_compile && o.verbose);
        assert!(parse_args(&args("--jobs 0 dir")).is_err());
        assert!(parse_args(&args("dir other")).is_err());
        assert!(parse_args(&[]).is_err());
    }
}
