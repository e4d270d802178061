//! YAML in and out: `--cli-input-yaml` is parsed with `yaml-rust2` into a
//! JSON value; `--output yaml` is written here in the block style the AWS
//! CLI v2 prints (`key: value`, `- ` items at the key's indentation, strings
//! quoted only where YAML would read them as something else).

use std::collections::HashMap;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::{ScanError, Yaml};

use crate::format::{item_shape, ordered_keys, python_number};
use crate::limits::{MAX_ALIAS_EXPANSION, MAX_DEPTH};
use crate::spec::Shape;

/// Parses the first YAML document of `text` into a JSON value (`null` for
/// an empty text); later documents are checked and dropped.
///
/// Built from the parser's events without recursion: sequences and
/// mappings may nest [`MAX_DEPTH`] deep (aliases included), and anchors and
/// aliases may copy at most [`MAX_ALIAS_EXPANSION`] in total (1 per node
/// plus the bytes of each string and key), so a small "billion laughs"
/// file is refused instead of filling the memory. Keys must be scalars and
/// unique. Errors say what and where (`... at byte 3 line 1 column 4`).
pub fn parse(text: &str) -> Result<Value, String> {
    let mut parser = Parser::new_from_str(text);
    let mut builder = Builder::default();
    loop {
        let (event, mark) = parser.next_token().map_err(|e| e.to_string())?;
        if event == Event::StreamEnd {
            break;
        }
        builder.event(event, mark).map_err(|e| e.to_string())?;
    }
    Ok(builder.first.unwrap_or(Value::Null))
}

/// A sequence or mapping being built.
struct Frame {
    node: Partial,
    anchor: usize,
    /// The height of the tallest child (0 for scalars only).
    child_height: usize,
    /// Nodes plus string bytes under this node.
    size: usize,
}

enum Partial {
    Seq(Vec<Value>),
    /// The mapping and the key waiting for its value.
    Map(Map<String, Value>, Option<String>),
}

/// An anchored value, with what copying it costs.
struct Anchored {
    value: Value,
    height: usize,
    size: usize,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    /// Units copied by anchors and aliases so far in this document.
    copied: usize,
    first: Option<Value>,
    documents: usize,
}

fn error(mark: Marker, message: String) -> ScanError {
    ScanError::new_string(mark, message)
}

impl Builder {
    fn event(&mut self, event: Event, mark: Marker) -> Result<(), ScanError> {
        match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
            Event::DocumentStart => {
                self.stack.clear();
                self.anchors.clear();
                self.copied = 0;
            }
            Event::DocumentEnd => {
                self.documents += 1;
            }
            Event::SequenceStart(anchor, _) => self.open(Partial::Seq(Vec::new()), anchor, mark)?,
            Event::MappingStart(anchor, _) => {
                self.open(Partial::Map(Map::new(), None), anchor, mark)?
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err(error(mark, "unbalanced end of a collection".into()));
                };
                let value = match frame.node {
                    Partial::Seq(items) => Value::Array(items),
                    Partial::Map(obj, None) => Value::Object(obj),
                    Partial::Map(_, Some(key)) => {
                        return Err(error(mark, format!("the key \"{key}\" has no value")))
                    }
                };
                self.finish(
                    value,
                    frame.anchor,
                    frame.child_height + 1,
                    frame.size,
                    mark,
                )?;
            }
            Event::Scalar(text, style, anchor, tag) => {
                let yaml = typed_scalar(text, style, tag);
                let size = 1 + yaml_text_len(&yaml);
                if self.expects_key() {
                    let key = key_text(yaml)
                        .ok_or_else(|| error(mark, "mapping keys must be scalars".into()))?;
                    self.finish(Value::String(key), anchor, 0, size, mark)?;
                } else {
                    let value = to_json(yaml).map_err(|m| error(mark, m))?;
                    self.finish(value, anchor, 0, size, mark)?;
                }
            }
            Event::Alias(id) => {
                let Some(a) = self.anchors.get(&id) else {
                    return Err(error(
                        mark,
                        "the alias refers to an anchor that is not complete or not defined before it"
                            .into(),
                    ));
                };
                if self.stack.len() + a.height > MAX_DEPTH {
                    return Err(error(mark, crate::limits::too_deep_message()));
                }
                let (value, height, size) = (a.value.clone(), a.height, a.size);
                self.copy(size, mark)?;
                self.finish(value, 0, height, size, mark)?;
            }
        }
        Ok(())
    }

    fn expects_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                node: Partial::Map(_, None),
                ..
            })
        )
    }

    fn copy(&mut self, size: usize, mark: Marker) -> Result<(), ScanError> {
        self.copied = self.copied.saturating_add(size);
        if self.copied > MAX_ALIAS_EXPANSION {
            return Err(error(
                mark,
                format!(
                    "anchors and aliases copy more than {MAX_ALIAS_EXPANSION} nodes and bytes, the limit"
                ),
            ));
        }
        Ok(())
    }

    fn open(&mut self, node: Partial, anchor: usize, mark: Marker) -> Result<(), ScanError> {
        if self.expects_key() {
            return Err(error(mark, "mapping keys must be scalars".into()));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(error(mark, crate::limits::too_deep_message()));
        }
        self.stack.push(Frame {
            node,
            anchor,
            child_height: 0,
            size: 1,
        });
        Ok(())
    }

    /// A complete node: kept for its anchor, then added to its parent (or
    /// is the document).
    fn finish(
        &mut self,
        value: Value,
        anchor: usize,
        height: usize,
        size: usize,
        mark: Marker,
    ) -> Result<(), ScanError> {
        if anchor > 0 {
            self.copy(size, mark)?;
            self.anchors.insert(
                anchor,
                Anchored {
                    value: value.clone(),
                    height,
                    size,
                },
            );
        }
        let Some(parent) = self.stack.last_mut() else {
            if self.documents == 0 && self.first.is_none() {
                self.first = Some(value);
            }
            return Ok(());
        };
        parent.child_height = parent.child_height.max(height);
        parent.size = parent.size.saturating_add(size);
        match &mut parent.node {
            Partial::Seq(items) => items.push(value),
            Partial::Map(obj, key) => match key.take() {
                None => {
                    *key = Some(match value {
                        Value::String(k) => k,
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => "null".to_owned(),
                        _ => return Err(error(mark, "mapping keys must be scalars".into())),
                    })
                }
                Some(k) => {
                    if obj.contains_key(&k) {
                        return Err(error(mark, format!("duplicated key in mapping: \"{k}\"")));
                    }
                    obj.insert(k, value);
                }
            },
        }
        Ok(())
    }
}

/// A scalar as yaml-rust2's loader types it: quoted scalars are strings,
/// `!!bool`, `!!int`, `!!float`, `!!null` are checked, plain ones guessed.
fn typed_scalar(text: String, style: TScalarStyle, tag: Option<Tag>) -> Yaml {
    if style != TScalarStyle::Plain {
        return Yaml::String(text);
    }
    let Some(tag) = tag else {
        return Yaml::from_str(&text);
    };
    if tag.handle != "tag:yaml.org,2002:" {
        return Yaml::String(text);
    }
    match tag.suffix.as_str() {
        "bool" => match text.as_str() {
            "true" | "True" | "TRUE" => Yaml::Boolean(true),
            "false" | "False" | "FALSE" => Yaml::Boolean(false),
            _ => Yaml::BadValue,
        },
        "int" => text.parse().map_or(Yaml::BadValue, Yaml::Integer),
        "float" => match Yaml::from_str(&text) {
            Yaml::Real(_) | Yaml::Integer(_) => Yaml::Real(text),
            _ => Yaml::BadValue,
        },
        "null" => match text.as_str() {
            "~" | "null" => Yaml::Null,
            _ => Yaml::BadValue,
        },
        _ => Yaml::String(text),
    }
}

fn yaml_text_len(y: &Yaml) -> usize {
    match y {
        Yaml::String(s) | Yaml::Real(s) => s.len(),
        _ => 0,
    }
}

/// A scalar key's text, as the AWS CLI reads it (`1` and `true` are keys
/// `"1"` and `"true"`).
fn key_text(y: Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        Yaml::Null => Some("null".to_owned()),
        _ => None,
    }
}

/// A scalar's JSON value.
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
        Yaml::Array(_) | Yaml::Hash(_) | Yaml::Alias(_) => {
            return Err("unexpected collection".into())
        }
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
        return crate::format::json_string(s);
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
        assert_eq!(
            parse("a: !!int '5'\nb: '5'\n1: x\ntrue: y\nc: 1.5\nd: ~\n---\nz: 1\n").unwrap(),
            json!({"a": "5", "b": "5", "1": "x", "true": "y", "c": 1.5, "d": null})
        );
        assert_eq!(parse("a: !!int 5").unwrap(), json!({"a": 5}));
        assert!(parse("a: !!int x")
            .unwrap_err()
            .starts_with("invalid value at byte"));
        assert!(parse("a: 1\na: 2\n")
            .unwrap_err()
            .starts_with("duplicated key in mapping: \"a\""));
        assert!(parse("? [a]\n: b\n")
            .unwrap_err()
            .starts_with("mapping keys must be scalars"));
        assert!(parse("a: 1\n---\nb: [c\n").is_err());
    }

    #[test]
    fn aliases_within_bounds_are_copied() {
        let v = parse("base: &m {MemberId: a, Role: Member}\nlist: [*m, *m]\nk: &k key\n*k : v\n")
            .unwrap();
        assert_eq!(
            v,
            json!({"base": {"MemberId": "a", "Role": "Member"},
                   "list": [{"MemberId": "a", "Role": "Member"}, {"MemberId": "a", "Role": "Member"}],
                   "k": "key", "key": "v"})
        );
        let e = parse("a: *nope\n").unwrap_err();
        assert!(e.contains("anchor"), "{e}");
        // An alias inside its own anchor's node refers to an incomplete node.
        let e = parse("a: &x [*x]\n").unwrap_err();
        assert!(e.contains("not complete"), "{e}");
    }

    #[test]
    fn billion_laughs_is_refused() {
        // 363 bytes that the loader expanded to 2.2 GB: each level ten
        // aliases of the previous.
        let mut text = String::from("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..=6 {
            let refs = vec![format!("*l{}", i - 1); 10].join(", ");
            text.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
        }
        let e = parse(&text).unwrap_err();
        assert!(
            e.starts_with(
                "anchors and aliases copy more than 1000000 nodes and bytes, the limit at byte"
            ),
            "{e}"
        );
        // Three levels (1,000 copies of "lol") are fine.
        let small: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
        assert!(parse(&small).is_ok());
    }

    #[test]
    fn depth_is_bounded() {
        let block = |n: usize| format!("{}x\n", "- ".repeat(n));
        assert!(parse(&block(MAX_DEPTH)).is_ok());
        let e = parse(&block(MAX_DEPTH + 1)).unwrap_err();
        assert!(
            e.starts_with("lists and maps are nested deeper than 100 levels, the limit at byte"),
            "{e}"
        );
        // 7,700 levels of block nesting overflowed the stack before.
        assert!(parse(&block(50_000)).is_err());
        let mappings: String = (0..300).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        assert!(parse(&mappings).is_err());
        let flow = format!("a: {}", "[".repeat(10_000));
        assert!(parse(&flow).is_err());
        // Aliases count with the depth they are used at.
        let nested = format!(
            "a: &a {}x{}\nb: [*a]\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        let e = parse(&nested).unwrap_err();
        assert!(e.starts_with("lists and maps are nested deeper"), "{e}");
    }
}
