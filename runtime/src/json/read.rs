//! Typed readers over a parsed JSON body. Each reader checks the JSON type
//! (and numeric range) and reports the JSON pointer of a mismatch.

use serde_json::{Map, Value};

use crate::error::DeserializeError;
use crate::validation::Path;

/// A JSON object, as the readers see it.
pub type Object = Map<String, Value>;

/// Parses a response body. An empty (or all-whitespace) body reads as `{}`,
/// as restJson1 allows for outputs without body members.
pub fn parse_body(body: &[u8]) -> Result<Value, DeserializeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(body)
        .map_err(|e| DeserializeError::new("", format!("invalid JSON body: {e}")))
}

/// Parses an error response body leniently: anything that is not a JSON
/// object (an HTML page from a proxy, a truncated body, nothing) reads as
/// `{}`, so the error is still classified by its code or status.
pub fn parse_error_body(body: &[u8]) -> Value {
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => v,
        _ => Value::Object(Map::new()),
    }
}

/// The value of member `name`, treating an explicit `null` as absent.
pub fn member<'v>(obj: &'v Object, name: &str) -> Option<&'v Value> {
    match obj.get(name) {
        None | Some(Value::Null) => None,
        Some(v) => Some(v),
    }
}

fn mismatch(path: &Path<'_>, expected: &str, found: &Value) -> DeserializeError {
    let found = match found {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    DeserializeError::new(
        path.to_pointer(),
        format!("expected {expected}, found {found}"),
    )
}

/// Reads an object.
pub fn object<'v>(v: &'v Value, path: &Path<'_>) -> Result<&'v Object, DeserializeError> {
    v.as_object().ok_or_else(|| mismatch(path, "an object", v))
}

/// Reads an array.
pub fn array<'v>(v: &'v Value, path: &Path<'_>) -> Result<&'v [Value], DeserializeError> {
    v.as_array()
        .map(Vec::as_slice)
        .ok_or_else(|| mismatch(path, "an array", v))
}

/// Reads a string.
pub fn string(v: &Value, path: &Path<'_>) -> Result<String, DeserializeError> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| mismatch(path, "a string", v))
}

/// Reads a string without copying it.
pub fn str<'v>(v: &'v Value, path: &Path<'_>) -> Result<&'v str, DeserializeError> {
    v.as_str().ok_or_else(|| mismatch(path, "a string", v))
}

/// Reads a boolean.
pub fn boolean(v: &Value, path: &Path<'_>) -> Result<bool, DeserializeError> {
    v.as_bool().ok_or_else(|| mismatch(path, "a boolean", v))
}

/// Reads an integer and checks that it fits `T` (byte, short, integer, long).
pub fn integer<T: TryFrom<i64>>(v: &Value, path: &Path<'_>) -> Result<T, DeserializeError> {
    let n = v.as_i64().ok_or_else(|| mismatch(path, "an integer", v))?;
    T::try_from(n).map_err(|_| {
        DeserializeError::new(
            path.to_pointer(),
            format!(
                "integer {n} is out of range for {}",
                std::any::type_name::<T>()
            ),
        )
    })
}

/// Reads a float, accepting the strings `NaN`, `Infinity` and `-Infinity`.
pub fn float(v: &Value, path: &Path<'_>) -> Result<f64, DeserializeError> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| mismatch(path, "a number", v)),
        Value::String(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(DeserializeError::new(
                path.to_pointer(),
                format!("expected a number, found the string {s:?}"),
            )),
        },
        _ => Err(mismatch(path, "a number", v)),
    }
}

/// Reads a `float` (f32), accepting the same special strings as [`float`].
pub fn float32(v: &Value, path: &Path<'_>) -> Result<f32, DeserializeError> {
    float(v, path).map(|f| f as f32)
}

/// Reads a document: any JSON value, kept as it is.
pub fn document(v: &Value, _path: &Path<'_>) -> Value {
    v.clone()
}

/// Reads a number as its decimal text (bigInteger, bigDecimal).
pub fn number_text(v: &Value, path: &Path<'_>) -> Result<String, DeserializeError> {
    match v {
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(mismatch(path, "a number", v)),
    }
}

/// Reads a timestamp: epoch seconds may be a number; `date-time` and
/// `http-date` are strings in that format.
pub fn timestamp(
    v: &Value,
    path: &Path<'_>,
    format: crate::datetime::Format,
) -> Result<crate::datetime::DateTime, DeserializeError> {
    use crate::datetime::{DateTime, Format};
    let bad = |e: &dyn std::fmt::Display| {
        DeserializeError::new(path.to_pointer(), format!("invalid timestamp: {e}"))
    };
    match (v, format) {
        (Value::Number(n), Format::EpochSeconds) => {
            DateTime::parse(&n.to_string(), Format::EpochSeconds).map_err(|e| bad(&e))
        }
        (Value::String(s), f) if f != Format::EpochSeconds => {
            DateTime::parse(s, f).map_err(|e| bad(&e))
        }
        (other, Format::EpochSeconds) => Err(mismatch(path, "a number of epoch seconds", other)),
        (other, _) => Err(mismatch(path, "a timestamp string", other)),
    }
}

/// Reads a base64-encoded blob.
pub fn blob(v: &Value, path: &Path<'_>) -> Result<Vec<u8>, DeserializeError> {
    use base64::Engine as _;
    let s = str(v, path)?;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .map_err(|e| DeserializeError::new(path.to_pointer(), format!("invalid base64: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatches_name_the_path() {
        let v: Value = serde_json::from_str(r#"{"Errors":[{"MemberId":5}]}"#).unwrap();
        let root = Path::Root;
        let obj = object(&v, &root).unwrap();
        let errors = array(member(obj, "Errors").unwrap(), &root.key("Errors")).unwrap();
        let p = root.key("Errors");
        let item_path = p.index(0);
        let item = object(&errors[0], &item_path).unwrap();
        let err = string(
            member(item, "MemberId").unwrap(),
            &item_path.key("MemberId"),
        )
        .unwrap_err();
        assert_eq!(err.path(), "/Errors/0/MemberId");
        assert_eq!(err.message(), "expected a string, found a number");
    }

    #[test]
    fn numbers_are_range_checked_and_floats_accept_specials() {
        let root = Path::Root;
        assert!(integer::<i8>(&Value::from(300), &root).is_err());
        assert_eq!(integer::<i32>(&Value::from(-7), &root).unwrap(), -7);
        assert!(float(&Value::from("NaN"), &root).unwrap().is_nan());
        assert_eq!(
            float(&Value::from("-Infinity"), &root).unwrap(),
            f64::NEG_INFINITY
        );
        assert!(float(&Value::from("nope"), &root).is_err());
    }

    #[test]
    fn bodies() {
        assert_eq!(parse_body(b"  ").unwrap(), Value::Object(Map::new()));
        assert!(parse_body(b"{\"Errors\":[").is_err());
        assert!(parse_body(b"<html>").is_err());
        assert!(member(
            parse_body(br#"{"a":null}"#).unwrap().as_object().unwrap(),
            "a"
        )
        .is_none());
    }
}
