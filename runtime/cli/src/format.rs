//! Printing documents as the AWS CLI does: JSON with a four-space indent
//! (Python's `json.dumps(indent=4, ensure_ascii=False)`), YAML, and the
//! `text` and `table` formats. Structure members print in model order when
//! the shape is known; other objects print with sorted keys.

use std::borrow::Cow;

use serde_json::Value;

use crate::spec::{Kind, Shape};

/// Whether `c` must not reach a terminal as is: the control characters
/// (C0, DEL, C1; ESC and carriage return included) other than newline and
/// tab.
fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `text` as it may be written to a terminal: every control character but
/// newline and tab written as `\xNN` (so `ESC` is `\x1b`, carriage return
/// `\x0d`, the C1 `CSI` `\x9b`), so that text from a service cannot move
/// the cursor, rewrite the screen or reprogram the terminal. Error
/// messages, `--debug` logs and the `text` and `table` outputs pass through
/// it; the `json` and `yaml` outputs escape in their own syntax.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A JSON string literal with every control character escaped: serde_json
/// escapes C0; DEL and C1 become `\u007f`..`\u009f` here (the same value to
/// any JSON reader, inert on a terminal).
pub fn json_string(s: &str) -> String {
    let quoted = Value::String(s.to_owned()).to_string();
    if !quoted.chars().any(char::is_control) {
        return quoted;
    }
    let mut out = String::with_capacity(quoted.len() + 16);
    for c in quoted.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The `--output` formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// `json` (the default).
    Json,
    /// `yaml`.
    Yaml,
    /// `text`: tab-separated.
    Text,
    /// `table`: boxed tables.
    Table,
}

impl Output {
    /// Parses an `--output` value.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "json" => Some(Output::Json),
            "yaml" => Some(Output::Yaml),
            "text" => Some(Output::Text),
            "table" => Some(Output::Table),
            _ => None,
        }
    }
}

/// Renders `value` (the response, or a `--query` result when `shape` is
/// `None`) of operation `title` in `format`; empty when nothing is printed.
pub fn render(
    value: &Value,
    shape: Option<&Shape>,
    format: Output,
    title: &str,
    color: bool,
) -> String {
    match format {
        Output::Json => {
            if value.as_object().is_some_and(|o| o.is_empty()) {
                return String::new();
            }
            let mut out = String::new();
            json(value, shape, 0, &mut out);
            out.push('\n');
            out
        }
        Output::Yaml => {
            if value.as_object().is_some_and(|o| o.is_empty()) {
                return String::new();
            }
            crate::yaml::render(value, shape)
        }
        Output::Text => crate::text::render(value),
        Output::Table => crate::table::render(value, title, color),
    }
}

/// The keys of `obj` in print order: members of `shape` first, in model
/// order, then any others, sorted.
pub fn ordered_keys<'a>(
    obj: &'a serde_json::Map<String, Value>,
    shape: Option<&Shape>,
) -> Vec<(&'a String, &'a Value, Option<&'static Shape>)> {
    let members = match shape.map(|s| &s.kind) {
        Some(Kind::Structure(m) | Kind::Union(m)) => *m,
        _ => &[],
    };
    let mut out = Vec::with_capacity(obj.len());
    for m in members {
        if let Some((k, v)) = obj.get_key_value(m.name) {
            out.push((k, v, Some(m.target)));
        }
    }
    let map_values = match shape.map(|s| &s.kind) {
        Some(Kind::Map(_, v)) => Some(v.target),
        _ => None,
    };
    for (k, v) in obj {
        if !members.iter().any(|m| m.name == k) {
            out.push((k, v, map_values));
        }
    }
    out
}

/// The shape of list items, if `shape` is a list.
pub fn item_shape(shape: Option<&Shape>) -> Option<&'static Shape> {
    match shape.map(|s| &s.kind) {
        Some(Kind::List(m)) => Some(m.target),
        _ => None,
    }
}

/// Python's `json.dumps(value, indent=4, ensure_ascii=False)`.
pub fn json(value: &Value, shape: Option<&Shape>, level: usize, out: &mut String) {
    match value {
        Value::Object(obj) if obj.is_empty() => out.push_str("{}"),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(obj) => {
            out.push('{');
            for (i, (k, v, s)) in ordered_keys(obj, shape).into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                out.push_str(&json_string(k));
                out.push_str(": ");
                json(v, s, level + 1, out);
            }
            newline(out, level);
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            let s = item_shape(shape);
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                json(v, s, level + 1, out);
            }
            newline(out, level);
            out.push(']');
        }
        Value::Number(n) => out.push_str(&python_number(n)),
        Value::String(s) => out.push_str(&json_string(s)),
        other => out.push_str(&other.to_string()),
    }
}

fn newline(out: &mut String, level: usize) {
    out.push('\n');
    for _ in 0..level {
        out.push_str("    ");
    }
}

/// A number as Python prints it (`1e+16`, not `1e16`).
pub fn python_number(n: &serde_json::Number) -> String {
    let text = n.to_string();
    if n.is_f64() {
        if let Some(pos) = text.find('e') {
            let (mantissa, exp) = text.split_at(pos);
            let exp = &exp[1..];
            let sign = if exp.starts_with('-') { "" } else { "+" };
            let digits = exp.trim_start_matches(['-', '+']);
            let padded = if digits.len() < 2 {
                format!("0{digits}")
            } else {
                digits.to_owned()
            };
            let minus = if exp.starts_with('-') { "-" } else { "" };
            return format!("{mantissa}e{sign}{minus}{padded}");
        }
    }
    text
}

/// A scalar as Python's `str()` prints it (`True`, `None`, ...), for the
/// text and table formats.
pub fn python_str(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => python_number(n),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let hostile = "a\x1b[2J\rb\u{9b}31m\u{7f}\u{0}\tc\nd";
        assert_eq!(
            terminal_safe(hostile),
            "a\\x1b[2J\\x0db\\x9b31m\\x7f\\x00\tc\nd"
        );
        assert!(matches!(terminal_safe("plain é\n"), Cow::Borrowed(_)));
        let v = json!({"Code\u{9b}": hostile});
        let out = render(&v, None, Output::Json, "X", false);
        assert!(
            !out.contains(|c: char| c.is_control() && c != '\n'),
            "{out:?}"
        );
        assert_eq!(
            serde_json::from_str::<Value>(&out).unwrap(),
            v,
            "escaped JSON reads back as the same value"
        );
        for format in [Output::Text, Output::Table, Output::Yaml] {
            let out = render(
                &json!({"Errors": [{"ErrorMessage": hostile, "MemberId": "\u{1b}]0;x\u{7}"}]}),
                None,
                format,
                "X",
                false,
            );
            assert!(!out.contains(|c: char| is_unsafe(c)), "{format:?}: {out:?}");
        }
    }

    #[test]
    fn json_like_python() {
        let v = json!({"Errors": []});
        assert_eq!(
            render(&v, None, Output::Json, "X", false),
            "{\n    \"Errors\": []\n}\n"
        );
        let v = json!({"a": {"b": [1, "x", true, null, {}]}});
        assert_eq!(
            render(&v, None, Output::Json, "X", false),
            "{\n    \"a\": {\n        \"b\": [\n            1,\n            \"x\",\n            true,\n            null,\n            {}\n        ]\n    }\n}\n"
        );
        assert_eq!(render(&json!({}), None, Output::Json, "X", false), "");
        assert_eq!(
            render(&json!("é\n"), None, Output::Json, "X", false),
            "\"é\\n\"\n"
        );
        assert_eq!(
            python_number(&serde_json::Number::from_f64(1e16).unwrap()),
            "1e+16"
        );
        assert_eq!(
            python_number(&serde_json::Number::from_f64(1.5).unwrap()),
            "1.5"
        );
    }
}
