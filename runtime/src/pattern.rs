//! `@pattern` matching with ECMA-262 semantics in linear time where possible.
//!
//! Smithy patterns are ECMA-262 regular expressions, unanchored. `regress`
//! implements those semantics exactly but backtracks, so a pattern such as
//! `^([0-9]+)+$` takes exponential time on a long non-matching input. Most
//! patterns use only the regular subset (no backreferences or lookaround);
//! those are translated, with ECMA's meaning of `.`, `\d`, `\w`, `\s` and
//! their negations spelled out as explicit classes, into the syntax of
//! `regex-lite`, whose matching time is linear in the input. Anything the
//! translation does not cover falls back to `regress`, so the answer is
//! always ECMA's; only the cost differs.

use std::fmt;

/// A compiled `@pattern`.
pub struct Pattern {
    engine: Engine,
}

enum Engine {
    /// Linear time: the pattern translated to `regex-lite` syntax.
    Linear(regex_lite::Regex),
    /// Backtracking, full ECMA-262 (backreferences, lookaround, Annex B quirks).
    Ecma(regress::Regex),
}

/// A pattern that is not valid ECMA-262.
#[derive(Debug)]
pub struct PatternError(String);

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid ECMA-262 pattern: {}", self.0)
    }
}

impl std::error::Error for PatternError {}

impl Pattern {
    /// Compiles an ECMA-262 pattern (as written in the model).
    pub fn new(pattern: &str) -> Result<Self, PatternError> {
        // regress is the authority on what is valid ECMA-262.
        let ecma = regress::Regex::new(pattern).map_err(|e| PatternError(e.to_string()))?;
        if let Some(linear) = translate(pattern).and_then(|t| regex_lite::Regex::new(&t).ok()) {
            return Ok(Self {
                engine: Engine::Linear(linear),
            });
        }
        Ok(Self {
            engine: Engine::Ecma(ecma),
        })
    }

    /// True if the pattern matches anywhere in `value` (Smithy patterns are
    /// not implicitly anchored).
    pub fn is_match(&self, value: &str) -> bool {
        match &self.engine {
            Engine::Linear(r) => r.is_match(value),
            Engine::Ecma(r) => r.find(value).is_some(),
        }
    }

    /// True if matching takes linear time (the pattern was translated).
    pub fn is_linear(&self) -> bool {
        matches!(self.engine, Engine::Linear(_))
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pattern")
            .field("linear", &self.is_linear())
            .finish()
    }
}

/// ECMA-262 `\s` as the inside of a character class.
const SPACE: &str = r"\t\n\x{0B}\x{0C}\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
/// ECMA-262 `\d`.
const DIGIT: &str = "0-9";
/// ECMA-262 `\w`.
const WORD: &str = "A-Za-z0-9_";
/// What ECMA-262 `.` does not match (line terminators).
const LINE_TERMINATORS: &str = r"\n\r\x{2028}\x{2029}";

/// Translates an ECMA-262 pattern to `regex-lite` syntax with the same
/// meaning, or `None` if it uses anything outside the covered subset.
fn translate(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                let (text, used) = escape(&chars[i + 1..], false)?;
                out.push_str(&text);
                i += 1 + used;
                continue;
            }
            '.' => out.push_str(&format!("[^{LINE_TERMINATORS}]")),
            '[' => {
                let (text, used) = class(&chars[i..])?;
                out.push_str(&text);
                i += used;
                continue;
            }
            '(' => {
                if chars.get(i + 1) == Some(&'?') {
                    // Only non-capturing groups; lookaround and named groups fall back.
                    if chars.get(i + 2) != Some(&':') {
                        return None;
                    }
                    out.push_str("(?:");
                    i += 3;
                    continue;
                }
                out.push('(');
            }
            '{' => {
                // A quantifier must be well formed; ECMA's literal `{` (Annex B) falls back.
                let close = chars[i..].iter().position(|&c| c == '}')?;
                let inner: String = chars[i + 1..i + close].iter().collect();
                let ok = !inner.is_empty()
                    && inner.split(',').count() <= 2
                    && inner.split(',').next().is_some_and(|n| !n.is_empty())
                    && inner
                        .split(',')
                        .all(|n| n.chars().all(|c| c.is_ascii_digit()));
                if !ok {
                    return None;
                }
                out.push('{');
                out.push_str(&inner);
                out.push('}');
                i += close + 1;
                continue;
            }
            '}' | ']' => return None,
            c => out.push(c),
        }
        i += 1;
    }
    Some(out)
}

/// Translates a character class starting at `chars[0] == '['`; returns the
/// text and how many characters it used.
fn class(chars: &[char]) -> Option<(String, usize)> {
    let mut out = String::from("[");
    let mut i = 1;
    if chars.get(i) == Some(&'^') {
        out.push('^');
        i += 1;
    }
    // `[]` and `[^]` mean "nothing" and "anything" in ECMA only.
    if chars.get(i) == Some(&']') {
        return None;
    }
    let mut items = 0;
    loop {
        let c = *chars.get(i)?;
        match c {
            ']' => {
                out.push(']');
                return (items > 0).then_some((out, i + 1));
            }
            '\\' => {
                let (text, used) = escape(&chars[i + 1..], true)?;
                out.push_str(&text);
                i += 1 + used;
                items += 1;
                continue;
            }
            // Characters that are set operators or nesting in regex-lite classes.
            '[' | '&' | '~' => out.push_str(&format!("\\{c}")),
            '-' if chars.get(i + 1) == Some(&'-') => return None,
            c => out.push(c),
        }
        items += 1;
        i += 1;
    }
}

/// Translates the escape after a backslash; returns the text and how many
/// characters after the backslash it used.
fn escape(rest: &[char], in_class: bool) -> Option<(String, usize)> {
    let c = *rest.first()?;
    let class_of = |set: &str, negated: bool| -> Option<String> {
        match (in_class, negated) {
            (true, false) => Some(set.to_owned()),
            // A negated shorthand inside a class has no flat spelling.
            (true, true) => None,
            (false, false) => Some(format!("[{set}]")),
            (false, true) => Some(format!("[^{set}]")),
        }
    };
    let text = match c {
        'd' => class_of(DIGIT, false)?,
        'D' => class_of(DIGIT, true)?,
        'w' => class_of(WORD, false)?,
        'W' => class_of(WORD, true)?,
        's' => class_of(SPACE, false)?,
        'S' => class_of(SPACE, true)?,
        // ASCII word boundaries, as ECMA defines them.
        'b' if !in_class => r"(?:\b)".to_owned(),
        'B' if !in_class => r"(?:\B)".to_owned(),
        't' => r"\t".to_owned(),
        'n' => r"\n".to_owned(),
        'r' => r"\r".to_owned(),
        'f' => r"\x{0C}".to_owned(),
        'v' => r"\x{0B}".to_owned(),
        '0' if !rest.get(1).is_some_and(char::is_ascii_digit) => r"\x{00}".to_owned(),
        'x' => {
            let hex: String = rest.get(1..3)?.iter().collect();
            u32::from_str_radix(&hex, 16).ok()?;
            return Some((format!(r"\x{{{hex}}}"), 3));
        }
        'u' => {
            let hex: String = rest.get(1..5)?.iter().collect();
            u32::from_str_radix(&hex, 16).ok()?;
            return Some((format!(r"\x{{{hex}}}"), 5));
        }
        // Escaped punctuation is that character.
        c if c.is_ascii_punctuation() => format!("\\{c}"),
        // Backreferences, \c, \k, \p and Annex B identity escapes fall back.
        _ => return None,
    };
    Some((text, 1))
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

    #[test]
    fn non_regular_patterns_fall_back_to_regress() {
        for pattern in [r"(a)\1", r"a(?=b)", r"(?<n>a)", r"a{", r"[]", r"\cA"] {
            let compiled = Pattern::new(pattern).unwrap();
            assert!(!compiled.is_linear(), "{pattern}");
        }
        assert!(Pattern::new(r"(a)\1").unwrap().is_match("xaa"));
        assert!(!Pattern::new(r"a(?=b)").unwrap().is_match("ac"));
        assert!(Pattern::new("(unclosed").is_err());
    }

    #[test]
    fn catastrophic_backtracking_is_gone() {
        let evil = Pattern::new(r"^([0-9]+)+$").unwrap();
        assert!(evil.is_linear());
        let input = format!("{}x", "1".repeat(10_000));
        assert!(!evil.is_match(&input));
    }
}
