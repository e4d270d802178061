//! A minimal streaming JSON writer: no intermediate tree, no allocation
//! beyond the output buffer.

use std::io::Write as _;

/// Owns the output buffer of one JSON document.
#[derive(Debug, Default)]
pub struct JsonWriter {
    buf: Vec<u8>,
}

impl JsonWriter {
    /// A writer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            buf: Vec::with_capacity(capacity),
        }
    }

    /// The writer for the top-level value.
    pub fn value(&mut self) -> ValueWriter<'_> {
        ValueWriter { buf: &mut self.buf }
    }

    /// The document written so far.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }
}

/// Writes exactly one JSON value.
#[derive(Debug)]
pub struct ValueWriter<'a> {
    buf: &'a mut Vec<u8>,
}

impl<'a> ValueWriter<'a> {
    /// A string, escaped as JSON requires.
    pub fn string(self, value: &str) {
        write_string(self.buf, value);
    }

    /// `true` or `false`.
    pub fn boolean(self, value: bool) {
        self.buf
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// An integer.
    pub fn integer(self, value: i64) {
        let _ = serde_json::to_writer(&mut *self.buf, &value);
    }

    /// A float; NaN and the infinities are written as the strings `"NaN"`,
    /// `"Infinity"` and `"-Infinity"` as restJson1 requires.
    pub fn float(self, value: f64) {
        if value.is_nan() {
            self.buf.extend_from_slice(b"\"NaN\"");
        } else if value.is_infinite() {
            self.buf.extend_from_slice(if value > 0.0 {
                b"\"Infinity\""
            } else {
                b"\"-Infinity\""
            });
        } else {
            let _ = serde_json::to_writer(&mut *self.buf, &value);
        }
    }

    /// A number given by its decimal text (bigInteger, bigDecimal); written
    /// verbatim, so the caller must pass a valid JSON number.
    pub fn number_text(self, text: &str) {
        self.buf.extend_from_slice(text.as_bytes());
    }

    /// A blob, base64-encoded.
    pub fn blob(self, value: &[u8]) {
        use base64::Engine as _;
        self.buf.push(b'"');
        let encoded = base64::engine::general_purpose::STANDARD.encode(value);
        self.buf.extend_from_slice(encoded.as_bytes());
        self.buf.push(b'"');
    }

    /// A timestamp: a number for epoch-seconds, else a string. A value the
    /// text formats cannot express (outside years 0000 to 9999) is written as
    /// epoch seconds, the only lossless choice left.
    pub fn timestamp(self, value: &crate::datetime::DateTime, format: crate::datetime::Format) {
        use crate::datetime::Format;
        match value.format(format) {
            Ok(text) if format != Format::EpochSeconds => write_string(self.buf, &text),
            _ => {
                let text = value
                    .format(Format::EpochSeconds)
                    .unwrap_or_else(|_| value.secs().to_string());
                self.buf.extend_from_slice(text.as_bytes());
            }
        }
    }

    /// `null`.
    pub fn null(self) {
        self.buf.extend_from_slice(b"null");
    }

    /// An arbitrary document value.
    pub fn document(self, value: &serde_json::Value) {
        let _ = serde_json::to_writer(&mut *self.buf, value);
    }

    /// Pre-rendered JSON text, written verbatim.
    pub fn raw(self, json: &str) {
        let _ = self.buf.write_all(json.as_bytes());
    }

    /// Starts an object; call [`ObjectWriter::finish`] to close it.
    pub fn object(self) -> ObjectWriter<'a> {
        self.buf.push(b'{');
        ObjectWriter {
            buf: self.buf,
            first: true,
        }
    }

    /// Starts an array; call [`ArrayWriter::finish`] to close it.
    pub fn array(self) -> ArrayWriter<'a> {
        self.buf.push(b'[');
        ArrayWriter {
            buf: self.buf,
            first: true,
        }
    }
}

/// Writes the members of one object.
#[derive(Debug)]
pub struct ObjectWriter<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl ObjectWriter<'_> {
    /// Writes `"key":` and returns the writer for its value, which must be
    /// written before the next key.
    pub fn key(&mut self, key: &str) -> ValueWriter<'_> {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        write_string(self.buf, key);
        self.buf.push(b':');
        ValueWriter { buf: self.buf }
    }

    /// Closes the object.
    pub fn finish(self) {
        self.buf.push(b'}');
    }
}

/// Writes the items of one array.
#[derive(Debug)]
pub struct ArrayWriter<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
}

impl ArrayWriter<'_> {
    /// The writer for the next item.
    pub fn item(&mut self) -> ValueWriter<'_> {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        ValueWriter { buf: self.buf }
    }

    /// Closes the array.
    pub fn finish(self) {
        self.buf.push(b']');
    }
}

fn write_string(buf: &mut Vec<u8>, value: &str) {
    buf.push(b'"');
    let bytes = value.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => {
                buf.extend_from_slice(&bytes[start..i]);
                let _ = write!(buf, "\\u{b:04x}");
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        buf.extend_from_slice(&bytes[start..i]);
        buf.extend_from_slice(escape);
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_documents_that_parse_back() {
        let mut w = JsonWriter::default();
        let mut obj = w.value().object();
        obj.key("s").string("a\"b\\c\n\u{1}é");
        let mut arr = obj.key("list").array();
        arr.item().integer(-3);
        arr.item().float(1.5);
        arr.item().float(f64::NAN);
        arr.item().float(f64::NEG_INFINITY);
        arr.item().boolean(true);
        arr.item().null();
        arr.finish();
        obj.key("b").blob(b"hi");
        obj.key("empty").object().finish();
        obj.finish();
        let text = String::from_utf8(w.into_bytes()).unwrap();
        assert_eq!(
            text,
            r#"{"s":"a\"b\\c\n\u0001é","list":[-3,1.5,"NaN","-Infinity",true,null],"b":"aGk=","empty":{}}"#
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["s"], "a\"b\\c\n\u{1}é");
    }
}
