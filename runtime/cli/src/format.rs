//! Printing documents as the AWS CLI does: JSON with a four-space indent
//! (Python's `json.dumps(indent=4, ensure_ascii=False)`), YAML, and the
//! `text` and `table` formats. Structure members print in model order when
//! the shape is known; other objects print with sorted keys.

use serde_json::Value;

use crate::spec::{Kind, Shape};

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
                out.push_str(&Value::String(k.clone()).to_string());
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
