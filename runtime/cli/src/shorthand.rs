//! The AWS CLI's shorthand syntax, parsed purely syntactically into JSON
//! values (strings, lists, objects); the model decides afterwards what the
//! strings mean (see [`crate::params`]).
//!
//! ```text
//! parameter     = keyval *("," keyval)
//! keyval        = key ("=" / "@=") [values]      ; "@=" reads file:// values
//! key           = *(ALPHA / DIGIT / "-" / "_" / "." / "#" / "/" / ":")
//! values        = csv-value / explicit-list / hash-literal
//! csv-value     = first-value *("," second-value) ; a=b,c is {"a": ["b", "c"]}
//! explicit-list = "[" [value *("," value)] "]"
//! hash-literal  = "{" keyval *("," keyval) "}"
//! value         = explicit-list / hash-literal / first-value
//! first-value   = single-quoted / double-quoted / word
//! ```
//!
//! Words may contain `\,` for a comma; quoted values may contain an escaped
//! quote (`\'`, `\"`) and `\\` for a backslash. Trailing whitespace of
//! unquoted words is dropped. Errors name what was expected and what was
//! found, and point at the character with a caret, as the AWS CLI does.

use std::fmt;

use serde_json::{Map, Value};

use crate::limits::MAX_DEPTH;

/// A shorthand value that could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShorthandError {
    message: String,
}

impl ShorthandError {
    fn syntax(input: &[char], expected: &str, actual: &str, index: usize) -> Self {
        Self {
            message: format!(
                "Expected: '{expected}', received: '{actual}' for input:\n{}",
                location(input, index)
            ),
        }
    }

    fn too_deep(input: &[char], index: usize) -> Self {
        Self {
            message: format!(
                "{}, for input:\n{}",
                crate::limits::too_deep_message(),
                location(input, index)
            ),
        }
    }

    fn duplicate(input: &[char], key: &str, index: usize) -> Self {
        Self {
            message: format!(
                "Second instance of key \"{key}\" encountered for input:\n{}\nThis is often \
                 because there is a preceding \",\" instead of a space.",
                location(input, index)
            ),
        }
    }

    /// An error raised while resolving an `@=` file reference.
    pub fn other(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for ShorthandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ShorthandError {}

/// The input with a caret under character `index`, on the line it is on.
fn location(input: &[char], index: usize) -> String {
    let index = index.min(input.len());
    let consumed: String = input[..index].iter().collect();
    let rest: String = input[index..].iter().collect();
    let column = match consumed.rfind('\n') {
        Some(nl) => consumed[nl + 1..].chars().count(),
        None => index,
    };
    let (head, tail) = match rest.find('\n') {
        Some(nl) => (format!("{consumed}{}", &rest[..nl]), rest[nl..].to_owned()),
        None => (format!("{consumed}{rest}"), String::new()),
    };
    format!("{head}\n{}^{tail}", " ".repeat(column))
}

/// Reads `file://` and `fileb://` references after `@=`; `None` when the
/// value is not a reference.
pub type FileResolver<'a> = &'a dyn Fn(&str) -> Result<Option<String>, String>;

/// Parses one shorthand value, e.g. `MemberId=a,Role=Member`, into an object.
/// Lists and maps may nest [`MAX_DEPTH`] deep, the outer object included
/// (`a=[[b]]` is 3 deep); deeper values are an error, never a deep recursion.
pub fn parse(input: &str, files: FileResolver<'_>) -> Result<Value, ShorthandError> {
    let chars: Vec<char> = input.chars().collect();
    let mut p = Parser {
        input: &chars,
        index: 0,
        resolve_files: false,
        files,
        depth: 1,
    };
    p.parameter()
}

fn is_start(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | ',' | '=' | '[' | '{'))
}

fn is_first_follow(c: char) -> bool {
    c.is_whitespace() || !(c.is_control() || matches!(c, '"' | '\'' | ',' | ']' | '}'))
}

fn is_second_follow(c: char) -> bool {
    c.is_whitespace() || !(c.is_control() || matches!(c, '"' | '\'' | ',' | '='))
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#' | '/' | ':')
}

struct Parser<'a> {
    input: &'a [char],
    index: usize,
    resolve_files: bool,
    files: FileResolver<'a>,
    /// Lists and maps open around the current position, the outer object
    /// included.
    depth: usize,
}

type R<T> = Result<T, ShorthandError>;

impl Parser<'_> {
    fn current(&self) -> Option<char> {
        self.input.get(self.index).copied()
    }

    fn at_eof(&self) -> bool {
        self.index >= self.input.len()
    }

    fn consume_whitespace(&mut self) {
        while self.current().is_some_and(char::is_whitespace) {
            self.index += 1;
        }
    }

    fn expect(&mut self, c: char, consume_whitespace: bool) -> R<()> {
        if consume_whitespace {
            self.consume_whitespace();
        }
        match self.current() {
            None => Err(ShorthandError::syntax(
                self.input,
                &c.to_string(),
                "EOF",
                self.index,
            )),
            Some(actual) if actual != c => Err(ShorthandError::syntax(
                self.input,
                &c.to_string(),
                &actual.to_string(),
                self.index,
            )),
            Some(_) => {
                self.index += 1;
                if consume_whitespace {
                    self.consume_whitespace();
                }
                Ok(())
            }
        }
    }

    fn parameter(&mut self) -> R<Value> {
        let mut params = Map::new();
        let (key, value) = self.keyval()?;
        params.insert(key, value);
        let mut last_index = self.index;
        while !self.at_eof() {
            self.expect(',', true)?;
            let (key, value) = self.keyval()?;
            if params.contains_key(&key) {
                return Err(ShorthandError::duplicate(self.input, &key, last_index + 1));
            }
            params.insert(key, value);
            last_index = self.index;
        }
        Ok(Value::Object(params))
    }

    /// `key "=" values` or `key "@=" values`.
    fn keyval(&mut self) -> R<(String, Value)> {
        let key = self.key();
        self.file_marker();
        self.expect('=', true)?;
        let value = self.values()?;
        Ok((key, value))
    }

    /// Consumes an optional `@` before `=`, which turns on file references.
    fn file_marker(&mut self) {
        self.consume_whitespace();
        self.resolve_files = self.current() == Some('@');
        if self.resolve_files {
            self.index += 1;
            self.consume_whitespace();
        }
    }

    fn key(&mut self) -> String {
        let start = self.index;
        while self.current().is_some_and(is_key_char) {
            self.index += 1;
        }
        self.input[start..self.index].iter().collect()
    }

    fn values(&mut self) -> R<Value> {
        match self.current() {
            None => Ok(Value::String(String::new())),
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            Some(_) => self.csv_value(),
        }
    }

    fn csv_value(&mut self) -> R<Value> {
        let first = self.first_value()?;
        self.consume_whitespace();
        if self.current() != Some(',') {
            return Ok(first);
        }
        self.expect(',', true)?;
        let mut list = vec![first];
        loop {
            let attempt = self.second_value().and_then(|value| {
                self.consume_whitespace();
                if self.at_eof() {
                    return Ok((value, true));
                }
                self.expect(',', true)?;
                Ok((value, false))
            });
            match attempt {
                Ok((value, done)) => {
                    list.push(value);
                    if done {
                        break;
                    }
                }
                Err(e) => {
                    // `a=b,c=d`: `c` starts the next key, so back up to the
                    // comma before it and end this value.
                    if self.at_eof() {
                        return Err(e);
                    }
                    self.backtrack_to(',');
                    break;
                }
            }
        }
        if list.len() == 1 {
            return Ok(list.swap_remove(0));
        }
        Ok(Value::Array(list))
    }

    fn backtrack_to(&mut self, c: char) {
        while self.index > 0 && self.input.get(self.index) != Some(&c) {
            self.index -= 1;
        }
    }

    /// Enters a list or map at the current position, or refuses to go
    /// deeper than [`MAX_DEPTH`]; [`Parser::leave`] undoes it.
    fn enter(&mut self) -> R<()> {
        if self.depth >= MAX_DEPTH {
            return Err(ShorthandError::too_deep(self.input, self.index));
        }
        self.depth += 1;
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn explicit_list(&mut self) -> R<Value> {
        self.enter()?;
        let result = self.explicit_list_items();
        self.leave();
        result
    }

    fn explicit_list_items(&mut self) -> R<Value> {
        self.expect('[', true)?;
        let mut values = Vec::new();
        while self.current() != Some(']') {
            values.push(self.explicit_value()?);
            self.consume_whitespace();
            if self.current() != Some(']') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
        }
        self.expect(']', false)?;
        Ok(Value::Array(values))
    }

    fn explicit_value(&mut self) -> R<Value> {
        match self.current() {
            Some('[') => self.explicit_list(),
            Some('{') => self.hash_literal(),
            _ => self.first_value(),
        }
    }

    fn hash_literal(&mut self) -> R<Value> {
        self.enter()?;
        let result = self.hash_literal_members();
        self.leave();
        result
    }

    fn hash_literal_members(&mut self) -> R<Value> {
        self.expect('{', true)?;
        let mut map = Map::new();
        while self.current() != Some('}') {
            let key = self.key();
            self.file_marker();
            self.expect('=', true)?;
            let value = self.explicit_value()?;
            self.consume_whitespace();
            if self.current() != Some('}') {
                self.expect(',', false)?;
                self.consume_whitespace();
            }
            map.insert(key, value);
        }
        self.expect('}', false)?;
        Ok(Value::Object(map))
    }

    fn first_value(&mut self) -> R<Value> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => {
                let word = self.word(is_first_follow).unwrap_or_default();
                self.finish_word(word)
            }
        }
    }

    fn second_value(&mut self) -> R<Value> {
        match self.current() {
            Some('\'') => self.quoted('\''),
            Some('"') => self.quoted('"'),
            _ => match self.word(is_second_follow) {
                Some(word) => self.finish_word(word),
                None => Err(ShorthandError::syntax(
                    self.input, "<second>", "<none>", self.index,
                )),
            },
        }
    }

    /// An unquoted word: a start character then follow characters, `\,`
    /// anywhere standing for a comma. `None` if no word starts here.
    fn word(&mut self, follow: fn(char) -> bool) -> Option<String> {
        let start = self.index;
        let mut i = start;
        let mut out = String::new();
        while let Some(&c) = self.input.get(i) {
            if c == '\\' && self.input.get(i + 1) == Some(&',') {
                out.push(',');
                i += 2;
                continue;
            }
            let ok = if i == start { is_start(c) } else { follow(c) };
            if !ok {
                break;
            }
            out.push(c);
            i += 1;
        }
        if i == start {
            return None;
        }
        self.index = i;
        Some(out.trim_end().to_owned())
    }

    fn finish_word(&self, word: String) -> R<Value> {
        self.resolve(word)
    }

    /// A quoted value: up to the first quote not preceded by a backslash
    /// (else the last escaped one); `\q` becomes `q` and `\\` becomes `\`.
    fn quoted(&mut self, q: char) -> R<Value> {
        let start = self.index;
        let mut end = None;
        let mut last_escaped = None;
        let mut i = start + 1;
        while let Some(&c) = self.input.get(i) {
            if c == q {
                if self.input[i - 1] == '\\' && i - 1 > start {
                    last_escaped = Some(i);
                } else {
                    end = Some(i);
                    break;
                }
            }
            i += 1;
        }
        let Some(end) = end.or(last_escaped) else {
            let name = if q == '\'' {
                "singled quoted"
            } else {
                "double quoted"
            };
            return Err(ShorthandError::syntax(
                self.input,
                &format!("<{name}>"),
                "<none>",
                self.index,
            ));
        };
        self.index = end + 1;
        let inner: String = self.input[start + 1..end].iter().collect();
        let value = inner
            .replace(&format!("\\{q}"), &q.to_string())
            .replace("\\\\", "\\");
        self.resolve(value)
    }

    fn resolve(&self, value: String) -> R<Value> {
        if self.resolve_files {
            if let Some(contents) = (self.files)(&value).map_err(ShorthandError::other)? {
                return Ok(Value::String(contents));
            }
        }
        Ok(Value::String(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn no_files(_: &str) -> Result<Option<String>, String> {
        Ok(None)
    }

    fn p(s: &str) -> Value {
        parse(s, &no_files).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn err(s: &str) -> String {
        parse(s, &no_files).unwrap_err().to_string()
    }

    #[test]
    fn reference_page_values() {
        assert_eq!(
            p("MemberId=1ab2345c-67de-8901-f23g-45h678901j2k,Role=Administrator"),
            json!({"MemberId": "1ab2345c-67de-8901-f23g-45h678901j2k", "Role": "Administrator"})
        );
    }

    #[test]
    fn csv_lists_and_backtracking() {
        assert_eq!(p("a=b,c"), json!({"a": ["b", "c"]}));
        assert_eq!(p("a=b,c,d=e"), json!({"a": ["b", "c"], "d": "e"}));
        assert_eq!(p("MemberId=a,Role"), json!({"MemberId": ["a", "Role"]}));
        assert_eq!(p("a="), json!({"a": ""}));
        assert_eq!(p("a=b , c=d"), json!({"a": "b", "c": "d"}));
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(p(r#"a="b,c",d='e f'"#), json!({"a": "b,c", "d": "e f"}));
        assert_eq!(p(r"a=b\,c"), json!({"a": "b,c"}));
        assert_eq!(p(r#"a="say \"hi\"""#), json!({"a": "say \"hi\""}));
        assert_eq!(p(r"a='it\'s'"), json!({"a": "it's"}));
        assert_eq!(p(r"a='back\\slash'"), json!({"a": r"back\slash"}));
        assert_eq!(p("a=x=y"), json!({"a": "x=y"}));
    }

    #[test]
    fn nested() {
        assert_eq!(
            p("a=[b,c],d={e=f,g=[h]}"),
            json!({"a": ["b", "c"], "d": {"e": "f", "g": ["h"]}})
        );
        assert_eq!(p("a=[{b=c},{b=d}]"), json!({"a": [{"b": "c"}, {"b": "d"}]}));
        assert_eq!(p("a=[]"), json!({"a": []}));
    }

    #[test]
    fn errors_point_at_the_bad_character() {
        assert_eq!(
            err("MemberId"),
            "Expected: '=', received: 'EOF' for input:\nMemberId\n        ^"
        );
        assert_eq!(
            err("MemberId=a,MemberId=b"),
            "Second instance of key \"MemberId\" encountered for input:\nMemberId=a,MemberId=b\n           ^\nThis is often because there is a preceding \",\" instead of a space."
        );
        assert_eq!(
            err("a=b,"),
            "Expected: '<second>', received: '<none>' for input:\na=b,\n    ^"
        );
        assert_eq!(
            err("a=[b"),
            "Expected: ',', received: 'EOF' for input:\na=[b\n    ^"
        );
        assert_eq!(
            err("a=\"b"),
            "Expected: '<double quoted>', received: '<none>' for input:\na=\"b\n  ^"
        );
        assert_eq!(
            err("a=[b,\nc"),
            "Expected: ',', received: 'EOF' for input:\na=[b,\nc\n ^"
        );
        assert_eq!(p("a=b\nc"), json!({"a": "b\nc"}));
    }

    #[test]
    fn nesting_is_bounded() {
        // The outer object counts: MAX_DEPTH - 1 lists fit, one more does not.
        let fits = format!(
            "a={}b{}",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert_eq!(p(&fits)["a"].as_array().map(Vec::len), Some(1));
        let deep = format!("a={}b{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let e = err(&deep);
        assert!(
            e.starts_with(
                "lists and maps are nested deeper than 100 levels, the limit, for input:\n"
            ),
            "{e}"
        );
        // The caret points at the bracket that goes too deep.
        let caret = e.lines().nth(2).unwrap_or_default();
        assert_eq!(caret.len(), 2 + MAX_DEPTH);
        let maps = format!("a={}", "{b=".repeat(MAX_DEPTH));
        assert!(err(&maps).starts_with("lists and maps are nested deeper"));
        // Far past any stack: an error, not an overflow (35,000 overflowed before).
        let e = err(&format!("a={}", "[".repeat(200_000)));
        assert!(e.starts_with("lists and maps are nested deeper"));
        let mixed = format!("a={}", "[{b=".repeat(100_000));
        assert!(err(&mixed).starts_with("lists and maps are nested deeper"));
    }

    #[test]
    fn file_references_after_at() {
        let files = |v: &str| -> Result<Option<String>, String> {
            Ok(v.strip_prefix("file://").map(|p| format!("<{p}>")))
        };
        assert_eq!(
            parse("a@=file://x,b=file://y", &files).unwrap(),
            json!({"a": "<x>", "b": "file://y"})
        );
    }
}
