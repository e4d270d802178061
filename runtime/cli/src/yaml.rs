//! YAML in and out: `--cli-input-yaml` is parsed with `yaml-rust2` into a
//! JSON value; `--output yaml` is written here in the block style the AWS
//! CLI v2 prints (`key: value`, `- ` items at the key's indentation, strings
//! quoted only where YAML would read them as something else).

use serde_json::{Map, Number, Value};
use yaml_rust2::{Yaml, YamlLoader};

use crate::format::{item_shape, ordered_keys, python_number};
use crate::spec::Shape;

/// Parses one YAML document into a JSON value (`null` for an empty text).
pub fn parse(text: &str) -> Result<Value, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    match docs.into_iter().next() {
        None => Ok(Value::Null),
        Some(doc) => to_json(doc),
    }
}

fn to_json(y: Yaml) -> Result<Value, String> {
    Ok(match y {
        Yaml::Null => Value::Null,
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Integer(i) => Value::from(i),
        Yaml::Real(text) => match text.parse::<f64>().ok().and_then(Number::from_f64) {
            Some(n) => Value::Number(n),
            None => Value::String(text),
        },
        Yaml::String(s) => Value::String(s),
        Yaml::Array(items) => {
            Value::Array(items.into_iter().map(to_json).collect::<Result<_, _>>()?)
        }
        Yaml::Hash(hash) => {
            let mut obj = Map::new();
            for (k, v) in hash {
                let key = match k {
                    Yaml::String(s) | Yaml::Real(s) => s,
                    Yaml::Integer(i) => i.to_string(),
                    Yaml::Boolean(b) => b.to_string(),
                    Yaml::Null => "null".to_owned(),
                    _ => return Err("mapping keys must be scalars".into()),
                };
                obj.insert(key, to_json(v)?);
            }
            Value::Object(obj)
        }
        Yaml::Alias(_) => return Err("aliases are not supported".into()),
        Yaml::BadValue => return Err("invalid value".into()),
    })
}

/// Renders `value` as a YAML document, members in model order when `shape`
/// is known.
pub fn render(value: &Value, shape: Option<&Shape>) -> String {
    let mut out = String::new();
    match value {
        Value::Object(o) if !o.is_empty() => mapping(o, shape, 0, &mut out),
        Value::Array(a) if !a.is_empty() => sequence(a, shape, 0, &mut out),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push(' ');
    }
}

fn mapping(obj: &Map<String, Value>, shape: Option<&Shape>, indent: usize, out: &mut String) {
    for (i, (k, v, s)) in ordered_keys(obj, shape).into_iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        out.push_str(&string(k));
        out.push(':');
        value_after_key(v, s, indent, out);
    }
}

/// The value of a `key:` (the key is already written).
fn value_after_key(v: &Value, s: Option<&Shape>, indent: usize, out: &mut String) {
    match v {
        Value::Object(o) if !o.is_empty() => {
            out.push('\n');
            pad(out, indent + 2);
            mapping(o, s, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            pad(out, indent);
            sequence(a, s, indent, out);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn sequence(items: &[Value], shape: Option<&Shape>, indent: usize, out: &mut String) {
    let s = item_shape(shape);
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        out.push_str("- ");
        match v {
            Value::Object(o) if !o.is_empty() => mapping(o, s, indent + 2, out),
            Value::Array(a) if !a.is_empty() => sequence(a, s, indent + 2, out),
            other => {
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

/// A scalar in YAML: strings quoted only where needed.
pub fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => python_number(n),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string as a plain, single-quoted or double-quoted YAML scalar.
pub fn string(s: &str) -> String {
    if s.chars().any(|c| c.is_control()) {
        return Value::String(s.to_owned()).to_string();
    }
    if needs_quotes(s) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    s.to_owned()
}

fn needs_quotes(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return true;
    }
    let lower = s.to_ascii_lowercase();
    let reserved = ["true", "false", "yes", "no", "on", "off", "null", "~"];
    if reserved.contains(&lower.as_str()) {
        return true;
    }
    let numeric = s.parse::<f64>().is_ok()
        || s.starts_with("0x")
        || s.starts_with("0o")
        || lower.trim_start_matches(['+', '-']) == ".inf"
        || lower == ".nan";
    if numeric {
        return true;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        // `-x`, `?x` and `:x` are plain when followed by a non-space.
        let plain_indicator = matches!(first, '-' | '?' | ':')
            && s.chars().nth(1).is_some_and(|c| !c.is_whitespace());
        if !plain_indicator {
            return true;
        }
    }
    s.contains(": ") || s.contains(" #") || s.ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn renders_block_style() {
        assert_eq!(render(&json!({"Errors": []}), None), "Errors: []\n");
        let v = json!({"Errors": [{"MemberId": "a", "ErrorCode": "1"}], "N": {"x": true, "y": ""}});
        assert_eq!(
            render(&v, None),
            "Errors:\n- ErrorCode: '1'\n  MemberId: a\nN:\n  x: true\n  y: ''\n"
        );
        assert_eq!(string("it's: here"), "'it''s: here'");
        assert_eq!(string("a\nb"), "\"a\\nb\"");
        assert_eq!(string("-x"), "-x");
    }

    #[test]
    fn parses_to_json() {
        let v =
            parse("AccountId: acct\nMembershipItemList:\n- MemberId: a\n  Role: Member\nN: 5\n")
                .unwrap();
        assert_eq!(
            v,
            json!({"AccountId": "acct", "MembershipItemList": [{"MemberId": "a", "Role": "Member"}], "N": 5})
        );
        assert!(parse("a: [b").is_err());
        assert_eq!(parse("").unwrap(), Value::Null);
    }
}
