//! Typed values: strings, numbers, booleans, blobs, timestamps, documents.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use super::{JsonReader, Timestamps};
use crate::datetime::{DateTime, Format};
use crate::error::DeserializeError;

/// Numbers of at most this many digits fit an `f64` exactly.
const EXACT_F64_DIGITS: usize = 15;

impl<'a> JsonReader<'a> {
    /// Reads a string, borrowed from the input when it has no escapes.
    #[inline]
    pub fn str(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        if self.peek() != Some(b'"') {
            return Err(self.mismatch("a string"));
        }
        self.read_str()
    }

    /// Reads a string.
    #[inline]
    pub fn string(&mut self) -> Result<String, DeserializeError> {
        self.str().map(Cow::into_owned)
    }

    /// Reads `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, DeserializeError> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            _ => Err(self.mismatch("a boolean")),
        }
    }

    /// Reads an integer that fits `T` (`i8`, `i16`, `i32`, `i64`; any
    /// `TryFrom<i64>`). A fraction or exponent (`1.0`, `1e2`) is
    /// `expected an integer, found a number`; a value outside `T`'s range is
    /// `integer 300 is out of range for i8`. `-0` reads as 0.
    #[inline]
    pub fn integer<T: TryFrom<i64>>(&mut self) -> Result<T, DeserializeError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.mismatch("an integer"));
        }
        let at = self.pos;
        let (start, end, integer) = self.scan_number()?;
        if !integer {
            self.pos = at;
            return Err(self.mismatch("an integer"));
        }
        let text = self.input.get(start..end).unwrap_or_default();
        let (negative, digits) = match text.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, text),
        };
        let mut magnitude: u64 = 0;
        let mut fits = true;
        for &d in digits {
            match magnitude
                .checked_mul(10)
                .and_then(|m| m.checked_add(u64::from(d - b'0')))
            {
                Some(m) => magnitude = m,
                None => {
                    fits = false;
                    break;
                }
            }
        }
        let value = if !fits {
            None
        } else if negative {
            0i64.checked_sub_unsigned(magnitude)
        } else {
            i64::try_from(magnitude).ok()
        };
        match value.and_then(|v| T::try_from(v).ok()) {
            Some(v) => Ok(v),
            None => {
                let text = self.number_str(start, end);
                Err(self.error(format!(
                    "integer {text} is out of range for {}",
                    std::any::type_name::<T>()
                )))
            }
        }
    }

    /// Reads a `double`: a number, or one of the strings `"NaN"`,
    /// `"Infinity"`, `"-Infinity"` (restJson1's non-finite values). Other
    /// strings are `expected a number, found the string "..."`; a number too
    /// large for `f64` is `number 1e999 is out of range for f64`.
    pub fn float(&mut self) -> Result<f64, DeserializeError> {
        match self.peek() {
            Some(b'"') => self.special_float().map(|f| f as f64),
            Some(b'-' | b'0'..=b'9') => {
                let (start, end, integer) = self.scan_number()?;
                let text = self.number_str(start, end);
                let digits = text.len() - usize::from(text.starts_with('-'));
                if integer && digits <= EXACT_F64_DIGITS {
                    let mut v: i64 = 0;
                    for d in text.bytes().filter(u8::is_ascii_digit) {
                        v = v * 10 + i64::from(d - b'0');
                    }
                    return Ok(if text.starts_with('-') {
                        -(v as f64)
                    } else {
                        v as f64
                    });
                }
                match text.parse::<f64>() {
                    Ok(f) if f.is_finite() => Ok(f),
                    _ => Err(self.error(format!("number {text} is out of range for f64"))),
                }
            }
            _ => Err(self.mismatch("a number")),
        }
    }

    /// Reads a `float` (`f32`), like [`JsonReader::float`] (rounded once,
    /// from the text; a number beyond `f32`'s range is an error).
    pub fn float32(&mut self) -> Result<f32, DeserializeError> {
        match self.peek() {
            Some(b'"') => self.special_float(),
            Some(b'-' | b'0'..=b'9') => {
                let (start, end, _) = self.scan_number()?;
                let text = self.number_str(start, end);
                match text.parse::<f32>() {
                    Ok(f) if f.is_finite() => Ok(f),
                    _ => Err(self.error(format!("number {text} is out of range for f32"))),
                }
            }
            _ => Err(self.mismatch("a number")),
        }
    }

    fn special_float(&mut self) -> Result<f32, DeserializeError> {
        let s = self.read_str()?;
        match &*s {
            "NaN" => Ok(f32::NAN),
            "Infinity" => Ok(f32::INFINITY),
            "-Infinity" => Ok(f32::NEG_INFINITY),
            _ => Err(self.error(format!("expected a number, found the string {s:?}"))),
        }
    }

    /// Reads a number as its text, exactly as written (`bigInteger`,
    /// `bigDecimal`).
    pub fn number_text(&mut self) -> Result<String, DeserializeError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.mismatch("a number"));
        }
        let (start, end, _) = self.scan_number()?;
        Ok(self.number_str(start, end).to_owned())
    }

    /// Reads a base64 (standard alphabet, padded) blob:
    /// `invalid base64: ...` when it does not decode.
    pub fn blob(&mut self) -> Result<Vec<u8>, DeserializeError> {
        use base64::Engine as _;
        let s = self.str()?;
        base64::engine::general_purpose::STANDARD
            .decode(s.as_bytes())
            .map_err(|e| self.error(format!("invalid base64: {e}")))
    }

    /// Reads a timestamp in `format` ([`Timestamps::Modelled`]): epoch
    /// seconds are a number, `date-time` and `http-date` a string in that
    /// format. With [`Timestamps::Any`] a number is epoch seconds and a
    /// string may be in any of the three formats. Errors:
    /// `expected a number of epoch seconds, found a string`,
    /// `expected a timestamp string, found a number`,
    /// `invalid timestamp: <why>`.
    pub fn timestamp(&mut self, format: Format) -> Result<DateTime, DeserializeError> {
        let any = self.profile.timestamps == Timestamps::Any;
        let bad = |r: &Self, e: &dyn std::fmt::Display| r.error(format!("invalid timestamp: {e}"));
        match self.peek() {
            Some(b'-' | b'0'..=b'9') if any || format == Format::EpochSeconds => {
                let (start, end, _) = self.scan_number()?;
                let text = self.number_str(start, end);
                DateTime::parse(text, Format::EpochSeconds).map_err(|e| bad(self, &e))
            }
            Some(b'"') if any => {
                let s = self.read_str()?;
                let mut first = None;
                for f in [Format::DateTime, Format::HttpDate, Format::EpochSeconds] {
                    match DateTime::parse(&s, f) {
                        Ok(t) => return Ok(t),
                        Err(e) => {
                            first.get_or_insert(e);
                        }
                    }
                }
                let why = match first {
                    Some(e) if s.bytes().next().is_some_and(|b| b.is_ascii_digit()) => {
                        format!(
                            "{e} (expected an ISO 8601 date-time, an HTTP date or epoch seconds)"
                        )
                    }
                    _ => {
                        format!("{s:?} is not an ISO 8601 date-time, an HTTP date or epoch seconds")
                    }
                };
                Err(bad(self, &why))
            }
            Some(b'"') if format != Format::EpochSeconds => {
                let s = self.read_str()?;
                if self.profile.timestamps == Timestamps::ModelledUtc
                    && format == Format::DateTime
                    && !(s.ends_with('Z') || s.ends_with('z'))
                {
                    return Err(bad(self, &format!("{s:?} is not a UTC date-time")));
                }
                DateTime::parse(&s, format).map_err(|e| bad(self, &e))
            }
            _ if any => Err(self.mismatch("a timestamp")),
            _ if format == Format::EpochSeconds => Err(self.mismatch("a number of epoch seconds")),
            _ => Err(self.mismatch("a timestamp string")),
        }
    }

    /// Reads a document: any JSON value, as a `serde_json::Value` (nesting
    /// bounded by [`super::MAX_DEPTH`] like everything else). Integers that
    /// fit `i64`/`u64` stay integers; a number too large for `f64` is an
    /// error.
    pub fn document(&mut self) -> Result<Value, DeserializeError> {
        match self.peek_kind()? {
            super::Kind::Null => self.literal(b"null").map(|()| Value::Null),
            super::Kind::Bool => self.boolean().map(Value::Bool),
            super::Kind::String => self.string().map(Value::String),
            super::Kind::Number => {
                let (start, end, integer) = self.scan_number()?;
                let text = self.number_str(start, end);
                if integer {
                    if let Ok(v) = text.parse::<i64>() {
                        return Ok(Value::from(v));
                    }
                    if let Ok(v) = text.parse::<u64>() {
                        return Ok(Value::from(v));
                    }
                }
                match text.parse::<f64>().ok().and_then(Number::from_f64) {
                    Some(n) => Ok(Value::Number(n)),
                    None => Err(self.error(format!("number {text} is out of range for f64"))),
                }
            }
            super::Kind::Array => {
                self.begin_array()?;
                let mut items = Vec::new();
                while self.next_item()? {
                    items.push(self.document()?);
                }
                Ok(Value::Array(items))
            }
            super::Kind::Object => {
                self.begin_object()?;
                let mut map = Map::new();
                while let Some(key) = self.next_key()? {
                    let value = self.document()?;
                    map.insert(key.into_owned(), value);
                }
                Ok(Value::Object(map))
            }
        }
    }
}
