//! `--generate-cli-skeleton`: sample inputs and outputs built from the
//! shapes as the AWS CLI builds them (empty strings, the first enum value,
//! `0`, `0.0`, `true`, one list item, a `KeyName` map entry; member names as
//! the strings of output samples), and a YAML input sample with each
//! member's documentation and `[REQUIRED]` as comments.

use serde_json::{Map, Value};

use crate::format::json;
use crate::help::first_paragraph;
use crate::spec::{Kind, Member, Shape};
use crate::yaml;

/// A sample document of `shape`; strings are member names when `names`.
pub fn sample(shape: &'static Shape, names: bool) -> Value {
    let mut stack = Vec::new();
    generate(shape, names, "", &mut stack)
}

fn generate(
    shape: &'static Shape,
    names: bool,
    name: &str,
    stack: &mut Vec<*const Shape>,
) -> Value {
    stack.push(shape as *const Shape);
    let value = match &shape.kind {
        Kind::Structure(members) | Kind::Union(members) => {
            if stack.iter().filter(|s| std::ptr::eq(**s, shape)).count() > 1 {
                Value::Object(Map::new())
            } else {
                let mut obj = Map::new();
                for m in members.iter() {
                    obj.insert(m.name.to_owned(), generate(m.target, names, m.name, stack));
                }
                Value::Object(obj)
            }
        }
        Kind::List(m) => {
            let item_name = if names { m.target.name } else { "" };
            Value::Array(vec![generate(m.target, names, item_name, stack)])
        }
        Kind::Map(_, v) => {
            let mut obj = Map::new();
            obj.insert("KeyName".to_owned(), generate(v.target, names, "", stack));
            Value::Object(obj)
        }
        Kind::String if names => Value::String(name.to_owned()),
        Kind::Enum(_) if names => Value::String(name.to_owned()),
        Kind::String => Value::String(String::new()),
        Kind::Enum(values) => Value::String(values.first().copied().unwrap_or_default().to_owned()),
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum(_) => Value::from(0),
        Kind::BigInteger | Kind::BigDecimal => Value::from(0),
        Kind::Float | Kind::Double => Value::from(0.0),
        Kind::Boolean => Value::Bool(true),
        Kind::Timestamp => Value::String("1970-01-01T00:00:00".to_owned()),
        Kind::Blob | Kind::Document => Value::Null,
    };
    stack.pop();
    value
}

/// The JSON input skeleton, as `--generate-cli-skeleton input` prints it.
pub fn input_json(shape: &'static Shape) -> String {
    let mut out = String::new();
    json(&sample(shape, false), Some(shape), 0, &mut out);
    out.push('\n');
    out
}

/// The YAML input skeleton with documentation comments.
pub fn input_yaml(shape: &'static Shape) -> String {
    let sample = sample(shape, false);
    let mut out = String::new();
    match &sample {
        Value::Object(obj) if !obj.is_empty() => mapping(obj, shape.members(), 0, &mut out),
        _ => out.push_str("{}\n"),
    }
    out
}

fn comment(m: &Member) -> String {
    let mut text = String::new();
    if m.required {
        text.push_str("[REQUIRED] ");
    }
    text.push_str(&first_paragraph(m.docs));
    if let Kind::Enum(values) = m.target.kind {
        if !text.ends_with(' ') && !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&format!("Valid values are: {}.", values.join(", ")));
    }
    let text = text.trim().to_owned();
    if text.is_empty() {
        String::new()
    } else {
        format!("  # {text}")
    }
}

fn pad(out: &mut String, indent: usize) {
    out.push_str(&" ".repeat(indent));
}

fn mapping(obj: &Map<String, Value>, members: &[Member], indent: usize, out: &mut String) {
    let mut first = true;
    for m in members {
        let Some(v) = obj.get(m.name) else { continue };
        if !first {
            pad(out, indent);
        }
        first = false;
        out.push_str(m.name);
        out.push(':');
        let note = comment(m);
        match v {
            Value::Object(o) if !o.is_empty() => {
                out.push_str(&note);
                out.push('\n');
                pad(out, indent + 2);
                object_value(o, m.target, indent + 2, out);
            }
            Value::Array(items) if !items.is_empty() => {
                out.push_str(&note);
                out.push('\n');
                pad(out, indent);
                sequence(items, m.target, indent, out);
            }
            other => {
                out.push(' ');
                out.push_str(&yaml::scalar(other));
                out.push_str(&note);
                out.push('\n');
            }
        }
    }
}

/// An object value: a structure's members with comments, or a map's keys.
fn object_value(o: &Map<String, Value>, shape: &Shape, indent: usize, out: &mut String) {
    match &shape.kind {
        Kind::Structure(members) | Kind::Union(members) => mapping(o, members, indent, out),
        _ => {
            let mut plain = String::new();
            json_as_yaml(&Value::Object(o.clone()), indent, &mut plain);
            out.push_str(&plain);
        }
    }
}

fn json_as_yaml(v: &Value, indent: usize, out: &mut String) {
    let text = yaml::render(v, None);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        out.push_str(line);
        out.push('\n');
    }
}

fn sequence(items: &[Value], shape: &Shape, indent: usize, out: &mut String) {
    let item_shape = match &shape.kind {
        Kind::List(m) => Some(m.target),
        _ => None,
    };
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            pad(out, indent);
        }
        out.push_str("- ");
        match (v, item_shape) {
            (Value::Object(o), Some(s)) if !o.is_empty() => object_value(o, s, indent + 2, out),
            (Value::Array(a), Some(s)) if !a.is_empty() => sequence(a, s, indent + 2, out),
            (other, _) => {
                out.push_str(&yaml::scalar(other));
                out.push('\n');
            }
        }
    }
}
