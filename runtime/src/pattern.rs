//! `@pattern` matching with ECMA-262 semantics, in linear time or under a
//! step budget.
//!
//! Smithy patterns are ECMA-262 regular expressions, unanchored and without
//! flags, so Annex B syntax applies (`\<` is `<`, `\8` is `8`, `\1` with no
//! group is U+0001, `\c` without a letter is a backslash, a `{` or `]` that
//! starts nothing is itself). A pattern is matched against the Unicode scalar
//! values of the string, as `regress` matches a `&str`: `.` and every class
//! match one scalar value, and `\uD83D\uDE00` (a surrogate pair written as
//! two escapes) is the one character U+1F600; a lone surrogate never matches.
//! We follow ECMA-262 where `regress` departs from it: without the `u` flag
//! `\u{41}` is `u{41}` (41 `u`s; regress reads `A`), and `\x` not followed
//! by two hex digits is `x` (`\x4g` is `x4g`; regress swallows a character).
//!
//! [`Pattern::new`] parses the pattern itself, asks `regress` (the ECMA-262
//! reference the generator uses too) whether it is valid (compiling only:
//! regress never matches at run time) and picks an engine
//! ([`Pattern::engine`]):
//!
//! - [`Engine::Linear`]: every pattern without backreferences or lookaround.
//!   It is translated exactly to `regex-lite`: each class, escape, `.` and
//!   class set operation (`[\S\d]`, `[^\W\s]`, Annex B `[\w-a]`) is
//!   computed as an explicit set of code point ranges, so nothing is left to
//!   the two dialects agreeing; what is passed through is concatenation,
//!   alternation, repetition, `^`, `$` and the ASCII `\b`/`\B`, which mean
//!   the same in both. Matching takes time linear in the value's length
//!   (times the pattern's size), whatever the pattern: `^(a+)+[\S\d]$` is as
//!   fast as `^a+$`.
//! - [`Engine::Backtracking`]: patterns with backreferences (`\1`,
//!   `\k<name>`) or lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`), which no
//!   linear engine can match, and the rare regular pattern `regex-lite`
//!   declines (a counted repetition past its 10 MiB program limit, such as
//!   `(?:a{1000}){1000}`). They run on the
//!   backtracking matcher of this module, which follows ECMA-262's matcher
//!   semantics step for step under a budget of [`STEP_BUDGET`] steps per
//!   value (an instruction, an undone change or a character compared by a
//!   backreference each count as one; a million steps take a few
//!   milliseconds, and memory is bounded along with them).
//!
//! **When the budget runs out** [`Pattern::try_match`] returns
//! [`Err(BudgetExhausted)`](BudgetExhausted) and [`Pattern::is_match`]
//! returns `false`: the value is treated as not matching, so `@pattern`
//! validation reports its usual violation ("Member must satisfy regular
//! expression pattern"). Failing closed means a hostile value can cost a
//! server at most the budget and never gets past the constraint; a
//! legitimate value needs a pathological pattern *and* a long value to hit
//! the limit.
//!
//! Patterns this module does not implement are refused by [`Pattern::new`]
//! with a [`PatternError`] (never matched with an unbounded engine): groups
//! nested deeper than 100 levels (`regress` itself overflows the stack a few
//! hundred levels down) and ES2025 modifier groups such as `(?i:...)`.

mod backtrack;
mod linear;
mod parse;

use std::fmt;

/// The most steps the backtracking engine spends on one value.
pub const STEP_BUDGET: u64 = 1_000_000;

/// A compiled `@pattern`.
pub struct Pattern {
    matcher: Matcher,
}

enum Matcher {
    Linear(regex_lite::Regex),
    Backtracking(backtrack::Program),
}

/// Which engine matches a [`Pattern`]; see the [module docs](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// `regex-lite`: time linear in the value's length.
    Linear,
    /// The budgeted backtracking matcher (backreferences, lookaround).
    Backtracking,
}

/// A pattern that is not valid ECMA-262, or that this module does not
/// implement (see the [module docs](self)).
#[derive(Debug)]
pub struct PatternError(String);

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid ECMA-262 pattern: {}", self.0)
    }
}

impl std::error::Error for PatternError {}

/// The backtracking engine used its [`STEP_BUDGET`] before it had an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetExhausted;

impl fmt::Display for BudgetExhausted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pattern matching gave up after {STEP_BUDGET} steps")
    }
}

impl std::error::Error for BudgetExhausted {}

impl Pattern {
    /// Compiles an ECMA-262 pattern (as written in the model).
    pub fn new(pattern: &str) -> Result<Self, PatternError> {
        if parse::nesting(pattern) > parse::MAX_NESTING {
            return Err(PatternError(format!(
                "groups nested more than {} deep",
                parse::MAX_NESTING
            )));
        }
        // Our parser first: it refuses what regress would choke on (an
        // ES2025 modifier group like `(?i:\c%w)` makes regress 0.10.5 panic
        // while compiling, found by the pattern_vs_regress fuzz target).
        let parsed = parse::parse(pattern).map_err(|e| PatternError(e.to_string()))?;
        // regress is the authority on what is valid ECMA-262.
        regress::Regex::new(pattern).map_err(|e| PatternError(e.to_string()))?;
        if parsed.node.is_regular() {
            let linear = linear::translate(&parsed.node).and_then(|t| {
                regex_lite::RegexBuilder::new(&t)
                    .nest_limit(1000)
                    .build()
                    .ok()
            });
            if let Some(re) = linear {
                return Ok(Self {
                    matcher: Matcher::Linear(re),
                });
            }
        }
        Ok(Self {
            matcher: Matcher::Backtracking(backtrack::Program::new(&parsed.node, parsed.groups)),
        })
    }

    /// Compiles `pattern` for the backtracking engine even if it is regular,
    /// so that tests and the differential fuzz target can check that engine
    /// against `regress` on every pattern.
    #[doc(hidden)]
    pub fn new_backtracking(pattern: &str) -> Result<Self, PatternError> {
        let linear = Self::new(pattern)?;
        if linear.engine() == Engine::Backtracking {
            return Ok(linear);
        }
        let parsed = parse::parse(pattern).map_err(|e| PatternError(e.to_string()))?;
        Ok(Self {
            matcher: Matcher::Backtracking(backtrack::Program::new(&parsed.node, parsed.groups)),
        })
    }

    /// True if the pattern matches anywhere in `value` (Smithy patterns are
    /// not implicitly anchored). A match that runs out of its step budget is
    /// `false`; see [`Pattern::try_match`].
    pub fn is_match(&self, value: &str) -> bool {
        self.try_match(value).unwrap_or(false)
    }

    /// Whether the pattern matches anywhere in `value`, or
    /// [`BudgetExhausted`] if the backtracking engine gave up.
    pub fn try_match(&self, value: &str) -> Result<bool, BudgetExhausted> {
        match &self.matcher {
            Matcher::Linear(r) => Ok(r.is_match(value)),
            Matcher::Backtracking(p) => p.is_match(value, STEP_BUDGET).map_err(|_| BudgetExhausted),
        }
    }

    /// The engine that matches this pattern.
    pub fn engine(&self) -> Engine {
        match self.matcher {
            Matcher::Linear(_) => Engine::Linear,
            Matcher::Backtracking(_) => Engine::Backtracking,
        }
    }

    /// True if matching takes linear time (the pattern was translated).
    pub fn is_linear(&self) -> bool {
        self.engine() == Engine::Linear
    }
}

/// True if `pattern` parses and a repetition whose body can match the empty
/// string sits inside a repetition that can run more than once, as in
/// `(?:(a|)+b){2}` or `((a|)*|)*b`.
///
/// Both engines of this module match such patterns like any other (in
/// linear time, or within the budget). The `pattern_vs_regress` fuzz target
/// uses this to keep `regress` 0.10.5, its oracle, away from them: regress's
/// backtracker resets a loop's iteration count when the loop is entered
/// again without recording the old count for backtracking, so backtracking
/// into an earlier entry resumes with a wrong count, and when the body can
/// match the empty string the search never ends (its backtrack stack grows
/// until memory runs out).
#[doc(hidden)]
pub fn has_nullable_loop_in_loop(pattern: &str) -> bool {
    parse::parse(pattern).is_ok_and(|p| p.node.has_nullable_loop_in_loop())
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pattern")
            .field("engine", &self.engine())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns from the Chime model and the Smithy protocol tests, plus
    /// edge cases of the translation.
    const PATTERNS: &[&str] = &[
        r"\S",
        r".*\S.*",
        r"^$|^[a-zA-Z0-9 ]{2,15}$",
        r"^[A-Z]{2}$",
        r"^[-_a-zA-Z0-9]*$",
        r"^[a-fA-F0-9]{8}(?:-[a-fA-F0-9]{4}){3}-[a-fA-F0-9]{12}$",
        r"^[a-zA-Z0-9+/]+$",
        r"^\+?[1-9]\d{1,14}$",
        r"^.+@.+\..+$",
        r"^8(00|33|44|55|66|77|88)$",
        r"^[a-m]+$",
        r"^[g-m]+$",
        r"^([0-9]+)+$",
        r"\w+\s\W",
        r"[\d\s]x",
        r"\bab\B",
        r"a.b",
        r"[^\s]",
        r"\u00e9|\x41",
        r"a{2,}b{1}c{0,3}",
    ];

    const INPUTS: &[&str] = &[
        "",
        " ",
        "\t\u{a0}\u{feff}\u{2028}",
        "abc",
        "ABC",
        "ab",
        "US",
        "12a3456b-7c89-012d-3456-78901e23fg45",
        "12a3456b-7c89-012d-3456-78901e23f045",
        "+15555550100",
        "jane@example.com",
        "800",
        "hello world",
        "a\nb",
        "a\u{2028}b",
        "a\u{2029}b",
        "axb",
        "é",
        "A",
        "aabbc",
        "1 x",
        "ab cd",
        "ghi",
        "0123456789",
        "x y_z!",
        "\u{3000}",
    ];

    #[test]
    fn a_modifier_group_that_crashes_regress_is_refused_first() {
        // regress 0.10.5 panics ("Char 63 should be folded") compiling this.
        assert!(Pattern::new("cbc\u{0}\"c\\A5D\\\\-[\\W]8+(?i:\\c%w/a)aa").is_err());
        assert!(Pattern::new("(?i:\\c%w/a)").is_err());
    }

    #[test]
    fn translated_patterns_agree_with_regress() {
        for pattern in PATTERNS {
            let compiled = Pattern::new(pattern).unwrap();
            assert!(compiled.is_linear(), "{pattern} should be translated");
            let ecma = regress::Regex::new(pattern).unwrap();
            for input in INPUTS {
                assert_eq!(
                    compiled.is_match(input),
                    ecma.find(input).is_some(),
                    "pattern {pattern:?} on {input:?}"
                );
            }
        }
    }

    #[test]
    fn translated_patterns_agree_with_regress_on_generated_inputs() {
        // Every single character up to U+3100 and U+FEFF, then pseudo-random
        // strings over an alphabet that exercises each class boundary.
        let mut inputs: Vec<String> = (0u32..0x3100)
            .chain([0xfeff, 0x1_f600])
            .filter_map(char::from_u32)
            .map(String::from)
            .collect();
        let alphabet: Vec<char> = "aAzZ09_-+@.x \t\n\u{a0}\u{2028}é/=".chars().collect();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let s: String = (0..len)
                .map(|k| alphabet[((seed >> (k * 5)) as usize + k) % alphabet.len()])
                .collect();
            inputs.push(s);
        }
        for pattern in PATTERNS {
            let compiled = Pattern::new(pattern).unwrap();
            let ecma = regress::Regex::new(pattern).unwrap();
            for input in &inputs {
                assert_eq!(
                    compiled.is_match(input),
                    ecma.find(input).is_some(),
                    "pattern {pattern:?} on {input:?}"
                );
            }
        }
    }

    /// Asserts that `pattern` compiles to `engine` and agrees with regress
    /// on every input.
    fn agrees(pattern: &str, engine: Engine, inputs: &[&str]) {
        let compiled = Pattern::new(pattern).unwrap();
        assert_eq!(compiled.engine(), engine, "{pattern}");
        let ecma = regress::Regex::new(pattern).unwrap();
        for input in inputs {
            assert_eq!(
                compiled.try_match(input),
                Ok(ecma.find(input).is_some()),
                "pattern {pattern:?} on {input:?}"
            );
        }
    }

    #[test]
    fn identity_escapes_are_the_character() {
        // `\>` and `\<` were word boundaries in regex-lite.
        agrees(r"\>", Engine::Linear, &[">", "r", "ab", "", "<"]);
        agrees(r"a\<b", Engine::Linear, &["a<b", "ab", "a b"]);
        assert!(Pattern::new(r"\>").unwrap().is_match(">"));
        assert!(!Pattern::new(r"\>").unwrap().is_match("r"));
        for p in [
            r"\a", r"\_", r"\é", r"\-", r"\/", r"\p{L}", r"\P", r"\k", r"\8", r"\9", r"[\8]",
            r"\ ", r"\'",
        ] {
            agrees(
                p,
                Engine::Linear,
                &[
                    "a", "_", "é", "-", "/", "p{L}", "P", "k", "8", "9", " ", "'", "\\",
                ],
            );
        }
    }

    #[test]
    fn class_set_operations_are_linear() {
        let inputs = [
            "",
            "a",
            "1",
            " ",
            "\u{a0}",
            "\t",
            "x1",
            "-",
            "é",
            "\u{1f600}",
            "_",
            "\n",
        ];
        for p in [
            r"[\S\d]",
            r"[^\S\d]",
            r"[\s\D]",
            r"[\W\d]",
            r"[^\W\s]",
            r"[\w-a]",
            r"[\d-\w]",
            r"[a-\d]",
            r"^[\S\d]$",
            r"[\b]",
            r"[]",
            r"[^]",
            r"^[^]$",
            r"[\s\S]",
            r"[-a]",
            r"[a-]",
            r"[\-]",
            r"[\c_]",
            r"[\c]",
            r"[\c1]",
            r"[\k]",
            r"[\1]",
            r"[\400]",
            r"[\0]",
            r"[\x41-\x5A]",
        ] {
            agrees(p, Engine::Linear, &inputs);
        }
    }

    #[test]
    fn redos_pattern_is_linear() {
        // 14 s on 27 characters with the backtracking engine, doubling per character.
        let evil = Pattern::new(r"^(a+)+[\S\d]$").unwrap();
        assert_eq!(evil.engine(), Engine::Linear);
        let input = format!("{} ", "a".repeat(5000));
        assert_eq!(evil.try_match(&input), Ok(false));
        assert!(evil.is_match("aaab"));
    }

    #[test]
    fn annex_b_escapes_are_exact() {
        let inputs = [
            "",
            "\\c",
            "\\c1",
            "c",
            "\u{1}",
            "\u{8}",
            "\u{ff}",
            " 0",
            "\u{0}8",
            "\u{0}",
            "a{",
            "a{1",
            "a{,5}",
            "]",
            "}",
            "{",
            "k",
            "k<b>",
            "x1",
            "u12",
            "\n",
            "\u{1f600}",
            "\u{1f601}",
            "A",
            "\u{10}",
            "\u{1f}",
        ];
        for p in [
            r"\c",
            r"\c1",
            r"a\c",
            r"\cJ",
            r"\cj",
            r"\1",
            r"\377",
            r"\400",
            r"\08",
            r"\00",
            r"\01",
            r"\0",
            r"\8",
            r"a{",
            r"a{1",
            r"a{,5}",
            r"a{1,2",
            r"]",
            r"}",
            r"{",
            r"x{",
            r"\{",
            r"\}",
            r"\]",
            r"\k",
            r"\k<b>",
            r"\x1",
            r"\u12",
            r"\x41",
            r"\u0041",
            r"\uD83D\uDE00",
            r"^\uD83D\uDE00$",
            r"[\uD83D\uDE00]",
            r"[\uD83D\uDE00-\uD83D\uDE02]",
            r"\uD83D",
            r"\uDE00",
            r"[\uD800-\uDFFF]",
            r"^[^\uD83D]$",
            r"^.$",
            r"\D\D",
            r"[\c_]",
            r"[\c0]",
            r"\b+",
            r"\B{2}",
            r"(?:)",
            r"a{0}",
            r"(?:a){0}b",
        ] {
            agrees(p, Engine::Linear, &inputs);
        }
    }

    #[test]
    fn braced_u_is_ecma_not_regress() {
        // Without the u flag `\u{41}` is `u` repeated 41 times; regress reads `A`.
        let p = Pattern::new(r"^\u{3}$").unwrap();
        assert_eq!(p.engine(), Engine::Linear);
        assert!(p.is_match("uuu"));
        assert!(!p.is_match("\u{3}"));
        assert!(Pattern::new(r"\u{zz}").unwrap().is_match("u{zz}"));
        // `\x` without two hex digits is `x`; regress swallows the next character.
        assert!(Pattern::new(r"^\x4g$").unwrap().is_match("x4g"));
        assert!(!Pattern::new(r"^\x1$").unwrap().is_match("x"));
    }

    #[test]
    fn backreferences_and_lookaround_use_the_budgeted_engine() {
        let inputs = [
            "",
            "a",
            "aa",
            "aab",
            "ab",
            "ac",
            "b",
            "xyb",
            "abc",
            "bc",
            "xaa",
            "zaacbbbcac",
            "abab",
            "aaaa",
        ];
        for p in [
            r"(a)\1",
            r"a(?=b)",
            r"a(?!b)",
            r"(?<=a)b",
            r"(?<!a)b",
            r"(?<=\1(a))b",
            r"(?<=(a)\1)b",
            r"(?<=(\w)+)b",
            r"(a|)*\1b",
            r"(?:(a)|b)*\1c",
            r"(z)((a+)?(b+)?(c))*\3",
            r"(?<n>a)\k<n>",
            r"\k<n>(?<n>a)",
            r"(?=(a))\1",
            r"(?!(a))\1b",
            r"(a*)*\1b",
            r"(a*)+?\1$",
            r"^(?:(a)|b\1)+$",
            r"((a)|b)+\2",
            r"(?=a)*b",
            r"(?=a)+a",
            r"(?:(?=(a))a)*\1",
            r"^(ab|a)(?=b)\1",
            r"(.)(?<!\1.)",
            r"(a)|\1b",
        ] {
            agrees(p, Engine::Backtracking, &inputs);
        }
    }

    #[test]
    fn budget_exhaustion_is_reported_and_fails_closed() {
        let evil = Pattern::new(r"^(a+)+\1b$").unwrap();
        assert_eq!(evil.engine(), Engine::Backtracking);
        let input = "a".repeat(64);
        assert_eq!(evil.try_match(&input), Err(BudgetExhausted));
        assert!(!evil.is_match(&input));
        // The same pattern answers short values exactly.
        assert_eq!(evil.try_match("aab"), Ok(true));
        assert_eq!(evil.try_match("aaa"), Ok(false));
    }

    #[test]
    fn large_counted_repetitions_are_budgeted() {
        let p = Pattern::new(r"^(?:a{1000}){1000}$").unwrap();
        assert_eq!(p.engine(), Engine::Backtracking);
        assert_eq!(p.try_match("aaa"), Ok(false));
        let q = Pattern::new(r"a{99999999999}").unwrap();
        assert_eq!(q.try_match("aaa"), Ok(false));
    }

    #[test]
    fn invalid_and_unsupported_patterns_are_errors() {
        for p in [
            "(unclosed",
            "a**",
            "{1}",
            "x{1}{2}",
            "[z-a]",
            "a{2,1}",
            r"\",
            "(?<=a)*b",
        ] {
            assert!(Pattern::new(p).is_err(), "{p}");
        }
        let deep = format!("{}a{}", "(".repeat(500), ")".repeat(500));
        assert!(Pattern::new(&deep).is_err());
        assert!(Pattern::new("(?i:a)").is_err());
        let ok = format!("{}a{}", "(".repeat(100), ")".repeat(100));
        assert!(Pattern::new(&ok).unwrap().is_match("a"));
    }

    /// The two open `pattern_vs_regress` findings of the 600 s run
    /// (fuzz/regressions/pattern_vs_regress/regress-loop-reentry-*): regress
    /// 0.10.5 never finishes them (its backtrack stack grows past 2 GiB);
    /// both our engines answer at once, and correctly.
    #[test]
    fn regress_loop_reentry_findings_are_bounded_here() {
        let long_a = "a".repeat(64);
        let cases: &[(&str, &[(&str, bool)])] = &[
            (
                "(?:a(a|){3}){16,}",
                &[
                    ("`aaaa", false),
                    ("aaaa", false),
                    ("", false),
                    (&long_a[..15], false),
                    (&long_a[..16], true),
                    (&long_a, true),
                ],
            ),
            (
                "^ |(||(||||2&||\\?:?<)+)+\u{FFFD}\u{FFFD}",
                &[
                    ("", false),
                    (" ", true),
                    ("\u{FFFD}", false),
                    ("\u{FFFD}\u{FFFD}", true),
                    ("2&?:<\u{FFFD}\u{FFFD}", true),
                    ("2&?:<\u{FFFD}", false),
                ],
            ),
            (
                "((a|)*|)*b",
                &[("abzcbaab", true), ("", false), ("c", false)],
            ),
        ];
        for (pattern, subjects) in cases {
            let chosen = Pattern::new(pattern).unwrap();
            assert_eq!(chosen.engine(), Engine::Linear, "{pattern}");
            let forced = Pattern::new_backtracking(pattern).unwrap();
            assert_eq!(forced.engine(), Engine::Backtracking, "{pattern}");
            for (subject, expected) in subjects.iter() {
                assert_eq!(chosen.try_match(subject), Ok(*expected), "{subject:?}");
                // The backtracking engine answers the fuzzer's subjects (at
                // most 12 characters); on longer ones this pattern's
                // choices multiply (8 per `a`) and it may give up.
                match forced.try_match(subject) {
                    Ok(got) => assert_eq!(got, *expected, "{pattern:?} on {subject:?}"),
                    Err(BudgetExhausted) => assert!(subject.chars().count() > 12),
                }
            }
            // A long value: linear, or within the budget.
            let long = format!("{}`", "a".repeat(100_000));
            assert!(chosen.try_match(&long).is_ok());
            let _ = forced.try_match(&long);
            assert!(has_nullable_loop_in_loop(pattern), "{pattern}");
        }
    }

    #[test]
    fn nullable_loops_in_loops_are_recognised() {
        for p in [
            "(?:(a|){2}b){2}",
            "(||(||a)+)+b",
            "(?:(a|)*b){2}",
            "(?:(a|)?b)+",
            "(?:(a*)+b){2}",
            "(?:(?:a|)*b)*",
            "((?=a)*b)+",
            "((\\1)+a)*",
            "(?:x(?:(a|){2}|c))*",
        ] {
            assert!(has_nullable_loop_in_loop(p), "{p}");
        }
        for p in [
            "(a|)+",
            "(?:(a|b){2}c){2}",
            "(?:(a*)b){2}",
            "(?:a*)+",
            "(?:(a|)b)?",
            "(?:(a|)b){1}",
            "(?:(a|){0}b)+",
            "(a|)*(b|)*",
            "(unclosed",
        ] {
            assert!(!has_nullable_loop_in_loop(p), "{p}");
        }
    }

    #[test]
    fn catastrophic_backtracking_is_gone() {
        let evil = Pattern::new(r"^([0-9]+)+$").unwrap();
        assert!(evil.is_linear());
        let input = format!("{}x", "1".repeat(10_000));
        assert!(!evil.is_match(&input));
    }
}
