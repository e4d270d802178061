//! Constraint violations with JSON-pointer paths and Smithy's wording.
//!
//! Generated validators walk a value and report into a [`Violations`] sink.
//! Paths are built lazily: a [`Path`] is a chain of borrowed segments on the
//! stack, rendered to a JSON pointer only when a violation is recorded, so a
//! valid input costs no allocation.

use std::fmt;

/// A location inside an input, as a chain of segments rooted at the input.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The input itself (renders as the empty pointer `""`).
    Root,
    /// A structure member or map key below `parent`.
    Key(&'a Path<'a>, &'a str),
    /// A list item below `parent`.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of member or map key `key` below this one.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The path of list item `index` below this one.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    /// Renders the path as an RFC 6901 JSON pointer, e.g. `/MembershipItemList/3/MemberId`.
    pub fn to_pointer(&self) -> String {
        let mut out = String::new();
        self.write_pointer(&mut out);
        out
    }

    fn write_pointer(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write_pointer(out);
                out.push('/');
                for c in key.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Path::Index(parent, index) => {
                parent.write_pointer(out);
                out.push('/');
                out.push_str(&index.to_string());
            }
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_pointer())
    }
}

/// One failed constraint: where, and Smithy's message for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer to the offending value, e.g. `/MembershipItemList/3/MemberId`.
    pub path: String,
    /// Smithy ValidationException wording, e.g. `Value at '/AccountId' failed to
    /// satisfy constraint: Member must satisfy regular expression pattern: \S`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Collects every violation found in one walk of an input.
#[derive(Debug, Default)]
pub struct Violations {
    list: Vec<Violation>,
}

impl Violations {
    /// An empty sink.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a violation with a ready-made message.
    pub fn push(&mut self, path: &Path<'_>, message: String) {
        self.list.push(Violation {
            path: path.to_pointer(),
            message,
        });
    }

    /// `@required`: the member is absent.
    pub fn required(&mut self, path: &Path<'_>) {
        let p = path.to_pointer();
        let message =
            format!("Value at '{p}' failed to satisfy constraint: Member must not be null");
        self.list.push(Violation { path: p, message });
    }

    /// `@length`: checks `len` against the bounds and records a violation if outside.
    pub fn length(&mut self, path: &Path<'_>, len: usize, min: Option<u64>, max: Option<u64>) {
        let len64 = len as u64;
        let too_short = min.is_some_and(|m| len64 < m);
        let too_long = max.is_some_and(|m| len64 > m);
        if !(too_short || too_long) {
            return;
        }
        let rule = bounds_rule(min, max);
        let p = path.to_pointer();
        let message = format!(
            "Value with length {len} at '{p}' failed to satisfy constraint: Member must have length {rule}"
        );
        self.list.push(Violation { path: p, message });
    }

    /// `@pattern`: records a violation unless `regex` finds a match anywhere in
    /// `value` (Smithy patterns are not implicitly anchored).
    pub fn pattern(
        &mut self,
        path: &Path<'_>,
        value: &str,
        regex: &crate::pattern::Pattern,
        pattern: &str,
    ) {
        if matches_pattern(value, regex, pattern) {
            return;
        }
        let p = path.to_pointer();
        let message = format!(
            "Value at '{p}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
        );
        self.list.push(Violation { path: p, message });
    }

    /// `@range` on an integral value.
    pub fn range_int(
        &mut self,
        path: &Path<'_>,
        value: i128,
        min: Option<i128>,
        max: Option<i128>,
    ) {
        if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
            self.range_violation(path, min.map(|v| v.to_string()), max.map(|v| v.to_string()));
        }
    }

    /// `@range` on a floating-point value; NaN is outside every range.
    pub fn range_float(&mut self, path: &Path<'_>, value: f64, min: Option<f64>, max: Option<f64>) {
        // Written so that NaN (unordered) is outside every bound.
        let below = min.is_some_and(|m| value.partial_cmp(&m).is_none_or(|o| o.is_lt()));
        let above = max.is_some_and(|m| value.partial_cmp(&m).is_none_or(|o| o.is_gt()));
        if below || above {
            self.range_violation(path, min.map(fmt_bound), max.map(fmt_bound));
        }
    }

    fn range_violation(&mut self, path: &Path<'_>, min: Option<String>, max: Option<String>) {
        let rule = bounds_rule(min, max);
        let p = path.to_pointer();
        let message = format!("Value at '{p}' failed to satisfy constraint: Member must be {rule}");
        self.list.push(Violation { path: p, message });
    }

    /// Enum membership: `value` is not one of `allowed`.
    pub fn enum_value(&mut self, path: &Path<'_>, allowed: &[&str]) {
        let p = path.to_pointer();
        let message = format!(
            "Value at '{p}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
            allowed.join(", ")
        );
        self.list.push(Violation { path: p, message });
    }

    /// `@uniqueItems`: records a violation if any two items are equal.
    pub fn unique_items<T: PartialEq>(&mut self, path: &Path<'_>, items: &[T]) {
        let repeated = items
            .iter()
            .enumerate()
            .any(|(i, a)| items[i + 1..].iter().any(|b| a == b));
        if repeated {
            let p = path.to_pointer();
            let message = format!(
                "Value at '{p}' failed to satisfy constraint: Member must have unique values"
            );
            self.list.push(Violation { path: p, message });
        }
    }

    /// True if nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Ends the walk: `Ok(())` if nothing was recorded, else every violation.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.list.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                violations: self.list,
            })
        }
    }
}

/// Whether `regex` (compiled from `pattern`) finds a match in `value`.
///
/// "Contains a non-space" (`\S`, or its spelled-out form `.*\S.*`) is the
/// pattern of nearly every identifier in AWS models, checked on every id of
/// every list item; it is answered here without the regex engine, with the
/// same ECMA-262 meaning of `\s` that regress implements (the tests compare
/// the two on every Unicode scalar value). Any other pattern goes to regress.
fn matches_pattern(value: &str, regex: &crate::pattern::Pattern, pattern: &str) -> bool {
    match pattern {
        r"\S" | r".*\S.*" => value.chars().any(|c| !is_ecma_space(c)),
        _ => regex.is_match(value),
    }
}

/// ECMA-262 `\s`: WhiteSpace (TAB, VT, FF, ZWNBSP and the `Zs` category) and
/// LineTerminator (LF, CR, LS, PS).
fn is_ecma_space(c: char) -> bool {
    match c {
        '\u{9}'..='\u{d}' | ' ' => true,
        c if c.is_ascii() => false,
        '\u{a0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200a}'
        | '\u{2028}'
        | '\u{2029}'
        | '\u{202f}'
        | '\u{205f}'
        | '\u{3000}'
        | '\u{feff}' => true,
        _ => false,
    }
}

/// Smithy's wording of a `@length` or `@range` rule. Only called for a
/// violation, which needs at least one bound.
fn bounds_rule(min: Option<impl fmt::Display>, max: Option<impl fmt::Display>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("between {lo} and {hi}, inclusive"),
        (Some(lo), None) => format!("greater than or equal to {lo}"),
        (None, Some(hi)) => format!("less than or equal to {hi}"),
        (None, None) => "within its bounds".to_owned(),
    }
}

fn fmt_bound(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// An input failed client-side validation; holds every violation found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// Every violation, in the order the input was walked.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Builds an error from a non-empty list of violations.
    pub fn from_violations(violations: Vec<Violation>) -> Self {
        Self { violations }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        let noun = if n == 1 { "error" } else { "errors" };
        write!(f, "{n} validation {noun} detected. ")?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&v.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_and_nests() {
        let root = Path::Root;
        let list = root.key("MembershipItemList");
        let item = list.index(3);
        let member = item.key("a/b~c");
        assert_eq!(member.to_pointer(), "/MembershipItemList/3/a~1b~0c");
        assert_eq!(root.to_pointer(), "");
    }

    #[test]
    fn length_wording_matches_smithy() {
        let mut v = Violations::new();
        let root = Path::Root;
        v.length(&root.key("MembershipItemList"), 51, Some(0), Some(50));
        v.length(&root.key("s"), 1, Some(2), None);
        v.length(&root.key("t"), 9, None, Some(8));
        v.length(&root.key("ok"), 8, Some(2), Some(8));
        let err = v.finish().unwrap_err();
        let msgs: Vec<_> = err
            .violations()
            .iter()
            .map(|v| v.message.as_str())
            .collect();
        assert_eq!(
            msgs,
            [
                "Value with length 51 at '/MembershipItemList' failed to satisfy constraint: Member must have length between 0 and 50, inclusive",
                "Value with length 1 at '/s' failed to satisfy constraint: Member must have length greater than or equal to 2",
                "Value with length 9 at '/t' failed to satisfy constraint: Member must have length less than or equal to 8",
            ]
        );
        assert!(err
            .to_string()
            .starts_with("3 validation errors detected. Value with length 51"));
    }

    #[test]
    fn pattern_is_unanchored_ecma() {
        let re = crate::pattern::Pattern::new(r"\S").unwrap();
        let mut v = Violations::new();
        let root = Path::Root;
        v.pattern(&root.key("a"), "  x ", &re, r"\S");
        v.pattern(&root.key("b"), " \t\u{a0}\u{feff}", &re, r"\S");
        let err = v.finish().unwrap_err();
        assert_eq!(err.violations().len(), 1);
        assert_eq!(err.violations()[0].path, "/b");
    }

    #[test]
    fn non_space_fast_path_agrees_with_regress_everywhere() {
        for pattern in [r"\S", r".*\S.*"] {
            let re = regress::Regex::new(pattern).unwrap();
            let compiled = crate::pattern::Pattern::new(pattern).unwrap();
            for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
                let one = c.to_string();
                assert_eq!(
                    matches_pattern(&one, &compiled, pattern),
                    re.find(&one).is_some(),
                    "{pattern} on U+{:04X}",
                    c as u32
                );
            }
            for s in [
                "",
                " ",
                " \t\n\u{a0}\u{feff}\u{3000}",
                "  x ",
                "\u{2029}é",
                "abc",
            ] {
                assert_eq!(
                    matches_pattern(s, &compiled, pattern),
                    re.find(s).is_some(),
                    "{s:?}"
                );
            }
        }
        // Any other pattern is the regex's business.
        let re = crate::pattern::Pattern::new("^[a-z]+$").unwrap();
        assert!(matches_pattern("abc", &re, "^[a-z]+$"));
        assert!(!matches_pattern("ab c", &re, "^[a-z]+$"));
    }

    #[test]
    fn range_and_unique() {
        let mut v = Violations::new();
        let root = Path::Root;
        v.range_int(&root.key("i"), 1, Some(2), Some(8));
        v.range_float(&root.key("f"), 9.0, None, Some(8.8));
        v.range_float(&root.key("n"), f64::NAN, Some(0.0), None);
        v.unique_items(&root.key("u"), &[1, 2, 1]);
        v.unique_items(&root.key("w"), &[1, 2, 3]);
        let msgs: Vec<_> = v
            .finish()
            .unwrap_err()
            .violations()
            .iter()
            .map(|v| v.message.clone())
            .collect();
        assert_eq!(
            msgs,
            [
                "Value at '/i' failed to satisfy constraint: Member must be between 2 and 8, inclusive",
                "Value at '/f' failed to satisfy constraint: Member must be less than or equal to 8.8",
                "Value at '/n' failed to satisfy constraint: Member must be greater than or equal to 0",
                "Value at '/u' failed to satisfy constraint: Member must have unique values",
            ]
        );
    }
}
