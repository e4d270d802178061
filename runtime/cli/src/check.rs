//! Checks a document against the input shape before anything is sent:
//! required members, unknown keys, JSON types, union arity; normalizes
//! timestamps to RFC 3339 text. Problems carry JSON pointers, shown as
//! parameter paths (`--membership-item-list[3].MemberId`).

use serde_json::{Map, Value};
use smithy_rt::datetime::{DateTime, Format};

use crate::spec::{Kind, Shape};

/// One problem with the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// JSON pointer of the value at fault (of its parent for missing and
    /// unknown members).
    pub pointer: String,
    /// What is wrong, with the parameter path in it.
    pub message: String,
}

/// Checks `doc` (the operation input) against `input` and returns every
/// problem; timestamps are rewritten as RFC 3339 text.
pub fn check(input: &Shape, doc: &mut Value) -> Vec<Problem> {
    let mut out = Vec::new();
    walk(input, input, doc, &mut Vec::new(), &mut out);
    out
}

/// One step of a JSON pointer.
#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

fn pointer(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        s.push('/');
        match seg {
            Seg::Key(k) => s.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Seg::Index(i) => s.push_str(&i.to_string()),
        }
    }
    s
}

fn walk(root: &Shape, shape: &Shape, v: &mut Value, path: &mut Vec<Seg>, out: &mut Vec<Problem>) {
    let here = |path: &[Seg]| param_path(root, &pointer(path));
    let type_error = |v: &Value, valid: &str, path: &[Seg], out: &mut Vec<Problem>| {
        out.push(Problem {
            pointer: pointer(path),
            message: format!(
                "Invalid type for parameter {}, value: {}, type: {}, valid types: {valid}",
                here(path),
                short(v),
                json_type(v)
            ),
        });
    };
    match &shape.kind {
        Kind::Structure(members) | Kind::Union(members) => {
            let Value::Object(obj) = v else {
                return type_error(v, "object", path, out);
            };
            let parent = if path.is_empty() {
                "input".to_owned()
            } else {
                here(path)
            };
            for key in obj.keys() {
                if !members.iter().any(|m| m.name == key) {
                    let names: Vec<&str> = members.iter().map(|m| m.name).collect();
                    out.push(Problem {
                        pointer: pointer(path),
                        message: format!(
                            "Unknown parameter in {parent}: \"{key}\", must be one of: {}",
                            names.join(", ")
                        ),
                    });
                }
            }
            if matches!(shape.kind, Kind::Union(_)) {
                let set = obj.values().filter(|v| !v.is_null()).count();
                if set != 1 {
                    let names: Vec<&str> = members.iter().map(|m| m.name).collect();
                    out.push(Problem {
                        pointer: pointer(path),
                        message: format!(
                            "Invalid number of parameters set for tagged union structure {parent}. \
                             Can only set one of the following keys: {}.",
                            names.join(", ")
                        ),
                    });
                }
            }
            for m in members.iter() {
                match obj.get_mut(m.name) {
                    None | Some(Value::Null) => {
                        if m.required {
                            out.push(Problem {
                                pointer: pointer(path),
                                message: format!(
                                    "Missing required parameter in {parent}: \"{}\"",
                                    m.name
                                ),
                            });
                        }
                    }
                    Some(child) => {
                        path.push(Seg::Key(m.name.to_owned()));
                        walk(root, m.target, child, path, out);
                        path.pop();
                    }
                }
            }
        }
        Kind::List(member) => {
            let Value::Array(items) = v else {
                return type_error(v, "list", path, out);
            };
            for (i, item) in items.iter_mut().enumerate() {
                path.push(Seg::Index(i));
                walk(root, member.target, item, path, out);
                path.pop();
            }
        }
        Kind::Map(_, value) => {
            let Value::Object(obj) = v else {
                return type_error(v, "map", path, out);
            };
            for (k, item) in obj.iter_mut() {
                path.push(Seg::Key(k.clone()));
                walk(root, value.target, item, path, out);
                path.pop();
            }
        }
        Kind::String | Kind::Enum(_) => {
            if !v.is_string() {
                type_error(v, "string", path, out);
            }
        }
        Kind::Boolean => {
            if !v.is_boolean() {
                type_error(v, "boolean", path, out);
            }
        }
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum(_) => {
            if !(v.is_i64() || v.is_u64()) {
                type_error(v, "integer", path, out);
            }
        }
        Kind::BigInteger | Kind::BigDecimal => {
            if !v.is_number() {
                type_error(v, "number", path, out);
            }
        }
        Kind::Float | Kind::Double => {
            let special = matches!(v.as_str(), Some("NaN" | "Infinity" | "-Infinity"));
            if !(v.is_number() || special) {
                type_error(v, "float", path, out);
            }
        }
        Kind::Blob => {
            if !v.is_string() {
                type_error(v, "blob (base64 text)", path, out);
            }
        }
        Kind::Timestamp => match timestamp(v) {
            Some(t) => *v = Value::String(t),
            None => type_error(v, "timestamp (ISO 8601 text or epoch seconds)", path, out),
        },
        Kind::Document => {}
    }
}

/// RFC 3339 text for a timestamp given as epoch seconds or as date text.
fn timestamp(v: &Value) -> Option<String> {
    let t = match v {
        Value::Number(n) => DateTime::parse(&n.to_string(), Format::EpochSeconds).ok()?,
        Value::String(s) => {
            let s = s.trim();
            DateTime::parse(s, Format::DateTime)
                .or_else(|_| DateTime::parse(&format!("{s}Z"), Format::DateTime))
                .or_else(|_| DateTime::parse(&format!("{s}T00:00:00Z"), Format::DateTime))
                .or_else(|_| DateTime::parse(s, Format::EpochSeconds))
                .or_else(|_| DateTime::parse(s, Format::HttpDate))
                .ok()?
        }
        _ => return None,
    };
    t.format(Format::DateTime).ok()
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// A value as shown in a message, cut to a readable length.
fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(77).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// The parameter path of a JSON pointer into the input of shape `input`:
/// `/MembershipItemList/3/MemberId` is `--membership-item-list[3].MemberId`.
pub fn param_path(input: &Shape, pointer: &str) -> String {
    let mut out = String::new();
    let mut shape = input;
    let segments = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"));
    for (i, seg) in segments.enumerate() {
        match &shape.kind {
            Kind::Structure(members) | Kind::Union(members) => {
                match members.iter().find(|m| m.name == seg) {
                    Some(m) => {
                        if i == 0 && !m.option.is_empty() {
                            out.push_str(m.option);
                        } else {
                            if i > 0 {
                                out.push('.');
                            }
                            out.push_str(m.name);
                        }
                        shape = m.target;
                    }
                    None => {
                        if i > 0 {
                            out.push('.');
                        }
                        out.push_str(&seg);
                    }
                }
            }
            Kind::List(m) => {
                out.push_str(&format!("[{seg}]"));
                shape = m.target;
            }
            Kind::Map(_, value) => {
                out.push('.');
                out.push_str(&seg);
                shape = value.target;
            }
            _ => {
                out.push('/');
                out.push_str(&seg);
            }
        }
    }
    if out.is_empty() {
        "input".to_owned()
    } else {
        out
    }
}

/// Merges command-line parameters over `--cli-input-json`/`yaml` values:
/// each top-level member given on the command line replaces the file's.
pub fn merge(base: Map<String, Value>, overrides: Map<String, Value>) -> Map<String, Value> {
    let mut out = base;
    for (k, v) in overrides {
        out.insert(k, v);
    }
    out
}
