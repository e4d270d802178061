//! The bodies of the fuzz targets in `fuzz/fuzz_targets/`, one plain
//! function each, so that the libFuzzer binaries are one line and
//! `tests/replay.rs` replays every committed corpus file and crash on the
//! stable toolchain (`cargo test --workspace`).
//!
//! Every function takes arbitrary bytes and panics only on a finding.

use smithy_rt::datetime::{DateTime, Format};
use smithy_rt::pattern::{Engine, Pattern};

mod cli_args;
mod event_stream_decoder;
mod event_stream_events;
mod message;
mod response_deserializers;
mod server_request;

pub use cli_args::cli_args;
pub use event_stream_decoder::event_stream_decoder;
pub use event_stream_events::event_stream_events;
pub use response_deserializers::{response_deserializers, OPERATIONS};
pub use server_request::{server_request, UNHANDLED};

/// A target's body.
pub type Target = fn(&[u8]);

/// Every target, by name (the name of its directory under `fuzz/corpus/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("pattern_vs_regress", pattern_vs_regress),
    ("datetime", datetime),
    ("json_document", json_document),
    ("cli_shorthand", cli_shorthand),
    ("cli_yaml", cli_yaml),
    ("codegen_model", codegen_model),
    ("server_request", server_request),
    ("response_deserializers", response_deserializers),
    ("cli_args", cli_args),
    ("event_stream_decoder", event_stream_decoder),
    ("event_stream_events", event_stream_events),
];

/// Longest pattern tried, in characters: keeps `regress` (the reference,
/// which backtracks) from exponential time on the fuzzer's nested quantifiers.
const MAX_PATTERN: usize = 48;
/// Longest subject string tried, in characters, for the same reason.
const MAX_SUBJECT: usize = 12;

/// Differential: a pattern and subjects from `data` (separated by `0xFF`
/// bytes, which UTF-8 never contains); for every pattern `regress` accepts,
/// [`Pattern`] must give `regress`'s answer on every subject, with the engine
/// it picked and with the backtracking engine forced. Regular patterns must
/// get the linear engine. Where regress is no oracle (it deviates from
/// ECMA-262, panics or never finishes, see [`oracle_usable`]) both of our
/// engines still run and must agree with each other.
pub fn pattern_vs_regress(data: &[u8]) {
    let mut parts = data.split(|&b| b == 0xFF);
    let pattern = String::from_utf8_lossy(parts.next().unwrap_or_default());
    if pattern.chars().count() > MAX_PATTERN {
        return;
    }
    // ES2025 modifier groups: ours refuses them (regress 0.10.5 can panic
    // compiling them, regressions/pattern_vs_regress/regress-compile-panic-
    // modifier-group), so regress is not asked.
    // (The scan is by bytes: `(?i` inside a class is literal and such a
    // pattern is merely skipped, regressions/pattern_vs_regress/
    // modifier-text-in-class.)
    if has_modifier_group(&pattern) {
        return;
    }
    // Compiling is safe with regress; matching not always.
    let Ok(reference) = regress::Regex::new(&pattern) else {
        return;
    };
    let oracle = oracle_usable(&pattern);
    let compiled = match Pattern::new(&pattern) {
        Ok(p) => p,
        // ES2025 modifier groups are refused, by design (see smithy_rt::pattern).
        Err(_) if has_modifier_group(&pattern) => return,
        // Where regress reads escapes differently it also accepts patterns
        // that ECMA-262 (and we) refuse: `\x]\` is `x]` and a lone `\`
        // (regressions/pattern_vs_regress/regress-x-escape-validity-*).
        Err(_) if regress_deviates(&pattern) => return,
        Err(e) => panic!("regress accepts {pattern:?} but Pattern::new says {e}"),
    };
    if compiled.engine() == Engine::Backtracking {
        assert!(
            needs_backtracking(&pattern),
            "{pattern:?} is regular but was not translated to the linear engine"
        );
    }
    let forced = Pattern::new_backtracking(&pattern).expect("compiles as above");
    let mut subjects: Vec<String> = parts
        .map(|s| {
            String::from_utf8_lossy(s)
                .chars()
                .take(MAX_SUBJECT)
                .collect()
        })
        .collect();
    if subjects.is_empty() {
        subjects.push(String::new());
    }
    for subject in &subjects {
        // Running out of budget is an allowed, documented outcome.
        let chosen = compiled.try_match(subject);
        let backtracking = forced.try_match(subject);
        if let (Ok(a), Ok(b)) = (chosen, backtracking) {
            assert_eq!(
                a, b,
                "our engines disagree on pattern {pattern:?}, subject {subject:?}"
            );
        }
        // Our backtracking engine follows ECMA-262's matcher step for step,
        // as regress's backtracker does (which has no budget): where ours
        // runs out of its budget the search tree is exponential, and regress
        // would spend seconds to hours on it, so the oracle is not asked.
        // E.g. `(|a(~a)*((^a:?){2,55}$\u{3}\1)+|){255,}$\u{3}`: each of the
        // 255 required iterations may take either empty alternative
        // (regressions/pattern_vs_regress/regress-exponential-*).
        if !oracle || backtracking.is_err() {
            continue;
        }
        // regress itself panics on some backreference patterns (index out of
        // bounds in its matcher, e.g. `^(?:(.)|b\2)+$`): the oracle has no
        // answer there. Our runtime never matches with regress.
        let Some(expected) = oracle_matches(&reference, subject) else {
            continue;
        };
        for (engine, got) in [("chosen", chosen), ("backtracking", backtracking)] {
            if let Ok(got) = got {
                assert_eq!(
                    got, expected,
                    "{engine} engine on pattern {pattern:?}, subject {subject:?}"
                );
            }
        }
    }
}

/// Whether `regress` 0.10.5 can be asked to match `pattern` and trusted.
/// Not where it departs from ECMA-262 ([`regress_deviates`]), panics
/// ([`regress_panics`]), or never finishes: its backtracker resets a loop's
/// iteration count when an outer loop enters the loop again, without
/// recording the old count, so backtracking into the earlier entry resumes
/// with a wrong count; when the loop's body can match the empty string the
/// search then runs forever and its backtrack stack grows until memory runs
/// out. `(?:a(a|){3}){16,}` on five characters passed libFuzzer's 2 GiB in
/// 8 s, `(?:(a|){2}b){2}` on `ab` grows the same way; with the count saved
/// (a one-line change to regress, tried locally) both answer in
/// microseconds, as ours do. The structural test is ours
/// ([`smithy_rt::pattern::has_nullable_loop_in_loop`]: a repetition whose
/// body can match empty inside one that can run twice), slightly wider than
/// regress's trigger, which its optimizer narrows (it unrolls small counted
/// loops without capture groups).
/// (regressions/pattern_vs_regress/regress-loop-reentry-*,
/// regress-slow-nested-empty.)
fn oracle_usable(pattern: &str) -> bool {
    !(regress_deviates(pattern)
        || regress_panics(pattern)
        || smithy_rt::pattern::has_nullable_loop_in_loop(pattern))
}

/// Escapes where `regress` departs from ECMA-262 (see `smithy_rt::pattern`):
/// without the `u` flag `\u{41}` is `u{41}` (regress reads `A`), and `\x`
/// without two hex digits is `x` (regress also swallows the next character).
fn regress_deviates(pattern: &str) -> bool {
    let b = pattern.as_bytes();
    // A lookbehind over non-ASCII text: regress 0.10.5 answers
    // `/\uFFFD\uFFFD(?<=\uFFFD{9})/` on twelve U+FFFD with no match, V8 and
    // we with a match (regressions/pattern_vs_regress/lookbehind-non-ascii).
    let lookbehind = pattern.contains("(?<=") || pattern.contains("(?<!");
    if lookbehind && !pattern.is_ascii() {
        return true;
    }
    b.windows(2).enumerate().any(|(i, w)| match w {
        // `\u{41}` without the `u` flag; or a lone surrogate escape
        // (`\uD83D` without its pair), after which regress 0.10.5 misreads
        // what follows: V8 (node) agrees with us that
        // `/\uD83D*a\\uFFFD/.test("a\uFFFD")` is true
        // (regressions/pattern_vs_regress/regress-panics-d48f4ae0).
        [b'\\', b'u'] => {
            b.get(i + 2) == Some(&b'{')
                || b.get(i + 2..i + 4).is_some_and(|h| {
                    h[0].eq_ignore_ascii_case(&b'd') && b"89abcdefABCDEF".contains(&h[1])
                })
        }
        [b'\\', b'x'] => !b
            .get(i + 2..i + 4)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
        _ => false,
    })
}

/// regress 0.10.5 panics (index out of bounds) when it matches a decimal
/// escape that names no group inside a lookbehind, e.g. `(?<!\1)`. Our
/// matcher never calls regress's, so only the reference is skipped here.
/// `regress`'s answer for `subject`, or `None` if regress panics (the
/// fuzzer's abort-on-panic hook is set aside for the call).
fn oracle_matches(reference: &regress::Regex, subject: &str) -> Option<bool> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        reference.find(subject).is_some()
    }));
    std::panic::set_hook(hook);
    answer.ok()
}

fn regress_panics(pattern: &str) -> bool {
    let lookbehind = pattern.contains("(?<=") || pattern.contains("(?<!");
    lookbehind
        && pattern
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'\\' && w[1].is_ascii_digit())
}

fn has_modifier_group(pattern: &str) -> bool {
    let b = pattern.as_bytes();
    b.windows(3)
        .any(|w| w[0] == b'(' && w[1] == b'?' && matches!(w[2], b'i' | b'm' | b's' | b'-'))
}

/// What can legitimately put a pattern on the backtracking engine:
/// backreferences, lookaround, or a counted repetition too large for
/// `regex-lite`.
fn needs_backtracking(pattern: &str) -> bool {
    let lookaround = ["(?=", "(?!", "(?<=", "(?<!"]
        .iter()
        .any(|l| pattern.contains(l));
    let b = pattern.as_bytes();
    let backref = b
        .windows(2)
        .any(|w| w[0] == b'\\' && (w[1].is_ascii_digit() || w[1] == b'k'));
    let big_count = b.windows(3).any(|w| w.iter().all(u8::is_ascii_digit));
    lookaround || backref || big_count
}

/// The timestamp parsers never panic, and parse → format → parse → format
/// is stable: the second text equals the first.
pub fn datetime(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let formats = [Format::DateTime, Format::HttpDate, Format::EpochSeconds];
    let format = formats[usize::from(selector) % formats.len()];
    let text = String::from_utf8_lossy(rest);
    let Ok(parsed) = DateTime::parse(&text, format) else {
        return;
    };
    for target in formats {
        let Ok(written) = parsed.format(target) else {
            continue;
        };
        let again = DateTime::parse(&written, target)
            .unwrap_or_else(|e| panic!("{written:?} (from {text:?}) does not parse back: {e}"));
        let rewritten = again
            .format(target)
            .expect("an instant that formatted once");
        assert_eq!(written, rewritten, "round trip of {text:?} in {target:?}");
    }
}

/// The response body readers never panic; a body that parses re-parses from
/// its own serialization to the same value (floats to within [`MAX_ULPS`]
/// units in the last place: serde_json without its `float_roundtrip` feature
/// misrounds some decimals, e.g. `1.05e-300` by one ULP and
/// `10666666666666736848.20e18` by two).
pub fn json_document(data: &[u8]) {
    let _ = smithy_rt::json::parse_error_body(data);
    let Ok(value) = smithy_rt::json::parse_body(data) else {
        return;
    };
    // serde_json's `raw_value` feature (enabled in this build by the
    // generator) gives the object key `$serde_json::private::RawValue` a
    // meaning of its own when a `Value` is written back out, so a body using
    // that key parses but does not round-trip through serde_json. That is
    // serde_json's, not ours (the generated readers use their own reader);
    // found by this target (regressions/json_document/raw-value-key).
    if mentions_raw_value_key(&value) {
        return;
    }
    let text = serde_json::to_vec(&value).expect("a parsed value serializes");
    let again = smithy_rt::json::parse_body(&text).expect("a serialized value parses");
    assert!(
        same_json(&value, &again),
        "{value:?} reads back as {again:?}"
    );
}

/// True if an object key anywhere in `v` is serde_json's private raw-value
/// marker.
fn mentions_raw_value_key(v: &serde_json::Value) -> bool {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if map.keys().any(|k| k == "$serde_json::private::RawValue") {
                    return true;
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

/// How far apart (in units in the last place) a float may read back; see
/// [`json_document`].
const MAX_ULPS: u64 = 4;

fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) => x == y || x.to_bits().abs_diff(y.to_bits()) <= MAX_ULPS,
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && same_json(vx, vy))
        }
        _ => a == b,
    }
}

/// The CLI's shorthand parser never panics (nor overflows the stack).
pub fn cli_shorthand(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let files = |_: &str| -> Result<Option<String>, String> { Ok(None) };
    if let Err(e) = smithy_cli_rt::shorthand::parse(&text, &files) {
        let _ = e.to_string();
    }
}

/// The CLI's YAML reader never panics, overflows or explodes; what it reads
/// renders as YAML without panicking.
pub fn cli_yaml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(value) = smithy_cli_rt::yaml::parse(&text) {
        let _ = smithy_cli_rt::yaml::render(&value, None);
    }
}

/// The generator never panics on a model: it generates or reports
/// diagnostics. The configuration selects every operation of the first
/// service shape in the model.
pub fn codegen_model(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let service = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|model| {
            let shapes = model.get("shapes")?.as_object()?;
            shapes
                .iter()
                .find(|(_, s)| s.get("type").and_then(|t| t.as_str()) == Some("service"))
                .map(|(id, _)| id.clone())
        })
        .unwrap_or_else(|| "ex#Svc".to_owned());
    let config = serde_json::from_value(serde_json::json!({
        "model": "model.json",
        "service": service,
        "crate_name": "fuzzed",
        "out_dir": "out",
        "operations": ["*"],
    }));
    let Ok(config) = config else {
        return;
    };
    let _ = smithy_codegen::generate(&config, "model.json", &text);
}
