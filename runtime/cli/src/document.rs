//! Helpers the generated document writers call for values that need more
//! than a `serde_json::Value` constructor.

use serde_json::Value;
use smithy_rt::datetime::{DateTime, Format};

/// A float: a JSON number, or the strings `NaN`, `Infinity`, `-Infinity`.
pub fn float(v: f64) -> Value {
    if v.is_nan() {
        Value::String("NaN".into())
    } else if v.is_infinite() {
        Value::String(if v > 0.0 { "Infinity" } else { "-Infinity" }.into())
    } else {
        serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
    }
}

/// A big number kept as decimal text: a JSON number when it parses as one.
pub fn number_text(text: &str) -> Value {
    serde_json::from_str::<serde_json::Number>(text)
        .map(Value::Number)
        .unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// A timestamp as the service sent it: a number of epoch seconds, or the
/// `date-time` / `http-date` text (what the AWS CLI v1 prints).
pub fn timestamp(v: &DateTime, format: Format) -> Value {
    match format {
        Format::EpochSeconds => {
            let secs = v.as_secs_f64();
            if secs.fract() == 0.0 && secs.abs() < 9.0e15 {
                Value::from(secs as i64)
            } else {
                float(secs)
            }
        }
        f => match v.format(f) {
            Ok(text) => Value::String(text),
            Err(_) => float(v.as_secs_f64()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        assert_eq!(float(1.5), serde_json::json!(1.5));
        assert_eq!(float(f64::NAN), serde_json::json!("NaN"));
        assert_eq!(
            number_text("12345678901234567890"),
            serde_json::json!(12345678901234567890u64)
        );
        let t = DateTime::from_secs_and_nanos(1_575_326_818, 0);
        assert_eq!(
            timestamp(&t, Format::EpochSeconds),
            serde_json::json!(1575326818)
        );
        assert_eq!(
            timestamp(&t, Format::DateTime),
            serde_json::json!("2019-12-02T22:46:58Z")
        );
    }
}
