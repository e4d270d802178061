//! Turning the values given for one parameter on the command line into a
//! document value, as the AWS CLI does: `file://` and `fileb://` references,
//! JSON for values that start with `[` or `{`, the shorthand syntax for
//! complex values otherwise, and the model-driven fix-ups of shorthand
//! (numbers and booleans from text, a single value where a list is wanted).

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::limits::{self, ReadError};
use crate::shorthand;
use crate::spec::{Kind, Member, Shape};

/// A parameter value that cannot be used; shown as
/// `Error parsing parameter '--x': <message>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The option, e.g. `--membership-item-list`.
    pub option: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Error parsing parameter '{}': {}",
            self.option, self.message
        )
    }
}

/// What a `file://` or `fileb://` reference holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileValue {
    /// `file://`: the file as UTF-8 text.
    Text(String),
    /// `fileb://`: the raw bytes.
    Bytes(Vec<u8>),
}

/// Reads `value` if it is a `file://` or `fileb://` reference (`~` is the
/// home directory); `Ok(None)` for any other value.
pub fn read_reference(value: &str) -> Result<Option<FileValue>, String> {
    let (binary, rest) = if let Some(rest) = value.strip_prefix("fileb://") {
        (true, rest)
    } else if let Some(rest) = value.strip_prefix("file://") {
        (false, rest)
    } else {
        return Ok(None);
    };
    let path = expand_home(rest);
    let bytes = limits::read_file(&path).map_err(|e| {
        let why = match e {
            ReadError::Io(e) => io_message(&e),
            ReadError::TooLarge => limits::too_large_message(),
        };
        format!("Unable to load paramfile {value}: {why}")
    })?;
    if binary {
        return Ok(Some(FileValue::Bytes(bytes)));
    }
    String::from_utf8(bytes)
        .map(|t| Some(FileValue::Text(t)))
        .map_err(|_| {
            format!(
                "Unable to load paramfile ({}), text contents could not be decoded.  If this is a \
             binary file, please use the fileb:// prefix instead of the file:// prefix.",
                path.display()
            )
        })
}

fn io_message(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn expand_home(path: &str) -> PathBuf {
    if let Some(rest) = path.strip_prefix("~/") {
        if let Some(home) = std::env::var_os("HOME") {
            return PathBuf::from(home).join(rest);
        }
    }
    PathBuf::from(path)
}

/// A reference's contents as document text: text as is, bytes as base64.
fn reference_text(v: FileValue) -> String {
    match v {
        FileValue::Text(t) => t,
        FileValue::Bytes(b) => smithy_rt::http_binding::base64(&b),
    }
}

/// The document value of top-level parameter `member` from the values given
/// after its option (one, or several for a list).
pub fn unpack(member: &Member, values: &[String]) -> Result<Value, ParamError> {
    let err = |message: String| ParamError {
        option: member.option.to_owned(),
        message,
    };
    // A single `file://` value stands for the file's contents.
    let from_file = match values {
        [one] => read_reference(one).map_err(&err)?,
        _ => None,
    };
    let shape = member.target;
    if let Some(contents) = from_file {
        let text = match (&shape.kind, contents) {
            (Kind::Blob, FileValue::Bytes(b)) => smithy_rt::http_binding::base64(&b),
            (_, v) => reference_text(v),
        };
        return unpack_text(shape, &[text]).map_err(err);
    }
    unpack_text(shape, values).map_err(err)
}

/// Unpacks text values (already free of file references) for `shape`.
fn unpack_text(shape: &Shape, values: &[String]) -> Result<Value, String> {
    if matches!(shape.kind, Kind::Document) {
        return parse_json(&values.join(" "));
    }
    if shape.is_scalar() {
        let value = values.first().map(String::as_str).unwrap_or_default();
        return scalar(shape, value);
    }
    let first = values.first().map(String::as_str).unwrap_or_default();
    let looks_like_json = first.trim_start().starts_with(['[', '{']);
    if !looks_like_json && supports_shorthand(shape) {
        return shorthand_value(shape, values);
    }
    match &shape.kind {
        Kind::List(member) => {
            if looks_like_json && first.trim_start().starts_with('[') && values.len() == 1 {
                return parse_json(first);
            }
            let items = values
                .iter()
                .map(|v| unpack_text(member.target, std::slice::from_ref(v)))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Array(items))
        }
        _ => {
            if first.trim_start().starts_with('{') {
                parse_json(first)
            } else {
                Err(format!("Invalid JSON:\n{first}"))
            }
        }
    }
}

fn parse_json(text: &str) -> Result<Value, String> {
    limits::parse_json(text).map_err(|e| format!("Invalid JSON: {e}\nJSON received: {text}"))
}

/// Structures, maps, unions, and lists of those take shorthand.
fn supports_shorthand(shape: &Shape) -> bool {
    match &shape.kind {
        Kind::Structure(_) | Kind::Union(_) | Kind::Map(..) => true,
        Kind::List(m) => matches!(
            m.target.kind,
            Kind::Structure(_) | Kind::Union(_) | Kind::Map(..) | Kind::List(_)
        ),
        _ => false,
    }
}

fn shorthand_value(shape: &Shape, values: &[String]) -> Result<Value, String> {
    let files =
        |v: &str| -> Result<Option<String>, String> { Ok(read_reference(v)?.map(reference_text)) };
    let parse_one = |text: &str, shape: &Shape| -> Result<Value, String> {
        // A structure whose only member is a string `Value` takes the bare value.
        if let Kind::Structure([only]) = shape.kind {
            if only.name == "Value"
                && matches!(only.target.kind, Kind::String)
                && !text.contains('=')
            {
                return Ok(serde_json::json!({ "Value": text }));
            }
        }
        let mut parsed = shorthand::parse(text, &files).map_err(|e| e.to_string())?;
        fix_up(&mut parsed, shape)?;
        Ok(parsed)
    };
    match &shape.kind {
        Kind::List(member) => values
            .iter()
            .map(|v| parse_one(v, member.target))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        _ => parse_one(
            values.first().map(String::as_str).unwrap_or_default(),
            shape,
        ),
    }
}

/// The AWS CLI's fix-ups of shorthand values by the model: text to numbers
/// and booleans, a lone value to a one-item list.
fn fix_up(value: &mut Value, shape: &Shape) -> Result<(), String> {
    match (&shape.kind, value) {
        (Kind::Document, v) if !v.is_null() => Err(format!(
            "Shorthand syntax does not support document types. Use JSON input for top-level \
             argument to specify nested parameter: {}",
            shape.name
        )),
        (Kind::Structure(members) | Kind::Union(members), Value::Object(obj)) => {
            for m in members.iter() {
                if let Some(v) = obj.get_mut(m.name) {
                    fix_up(v, m.target)?;
                }
            }
            Ok(())
        }
        (Kind::List(member), v) => {
            if let Value::Array(items) = v {
                for item in items {
                    fix_up(item, member.target)?;
                }
            } else {
                let mut one = std::mem::take(v);
                fix_up(&mut one, member.target)?;
                *v = Value::Array(vec![one]);
            }
            Ok(())
        }
        (Kind::Map(_, value_member), Value::Object(obj)) => {
            for v in obj.values_mut() {
                fix_up(v, value_member.target)?;
            }
            Ok(())
        }
        (_, v @ Value::String(_)) if shape.is_scalar() => {
            let text = v.as_str().unwrap_or_default().to_owned();
            match &shape.kind {
                Kind::Boolean => match text.to_ascii_lowercase().as_str() {
                    "true" => *v = Value::Bool(true),
                    "false" => *v = Value::Bool(false),
                    _ => {}
                },
                Kind::String | Kind::Enum(_) | Kind::Timestamp | Kind::Blob => {}
                _ => *v = scalar(shape, &text)?,
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A scalar from its text: numbers parsed, everything else kept as text.
pub fn scalar(shape: &Shape, text: &str) -> Result<Value, String> {
    let t = text.trim();
    match &shape.kind {
        Kind::Byte | Kind::Short | Kind::Integer | Kind::Long | Kind::IntEnum(_) => t
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("invalid literal for int() with base 10: '{text}'")),
        Kind::BigInteger | Kind::BigDecimal => serde_json::from_str::<serde_json::Number>(t)
            .map(Value::Number)
            .map_err(|_| format!("could not convert string to number: '{text}'")),
        Kind::Float | Kind::Double => match t.to_ascii_lowercase().as_str() {
            "nan" => Ok(Value::String("NaN".into())),
            "inf" | "infinity" => Ok(Value::String("Infinity".into())),
            "-inf" | "-infinity" => Ok(Value::String("-Infinity".into())),
            _ => t
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| format!("could not convert string to float: '{text}'")),
        },
        Kind::Boolean => Ok(Value::Bool(!t.eq_ignore_ascii_case("false"))),
        _ => Ok(Value::String(text.to_owned())),
    }
}

/// Parses `--cli-input-json` (a literal or a `file://` reference): a JSON object.
pub fn input_json(text: &str) -> Result<Map<String, Value>, ParamError> {
    let err = |message: String| ParamError {
        option: "cli-input-json".into(),
        message,
    };
    let text = match read_reference(text).map_err(err)? {
        Some(v) => reference_text(v),
        None => text.to_owned(),
    };
    match limits::parse_json(&text) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err(err(format!(
            "Invalid JSON: the input must be a JSON object\nJSON received: {text}"
        ))),
        Err(e) => Err(err(format!("Invalid JSON: {e}\nJSON received: {text}"))),
    }
}

/// Parses `--cli-input-yaml` (a literal or a `file://` reference): a YAML mapping.
pub fn input_yaml(text: &str) -> Result<Map<String, Value>, ParamError> {
    let err = |message: String| ParamError {
        option: "cli-input-yaml".into(),
        message,
    };
    let text = match read_reference(text).map_err(err)? {
        Some(v) => reference_text(v),
        None => text.to_owned(),
    };
    match crate::yaml::parse(&text) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(err("Invalid YAML: the input must be a mapping".into())),
        Err(e) => Err(err(format!("Invalid YAML: {e}"))),
    }
}
