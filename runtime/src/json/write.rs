//! A minimal streaming JSON writer: no intermediate tree, no allocation
//! beyond the output buffer.

use std::io::Write as _;

use super::reader::{KeyBy, Profile};

/// Owns the output buffer of one JSON document.
#[derive(Debug)]
pub struct JsonWriter {
    buf: Vec<u8>,
    keys: KeyBy,
}

impl Default for JsonWriter {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl JsonWriter {
    /// A writer for wire bodies (`@jsonName` keys) with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            buf: Vec::with_capacity(capacity),
            keys: KeyBy::Wire,
        }
    }

    /// A writer whose member keys follow `profile` (member names for CLI
    /// documents, wire names for bodies).
    pub fn with_profile(capacity: usize, profile: &Profile) -> Self {
        Self {
            buf: Vec::with_capacity(capacity),
            keys: profile.keys,
        }
    }

    /// The writer for the top-level value.
    #[inline]
    pub fn value(&mut self) -> ValueWriter<'_> {
        ValueWriter {
            buf: &mut self.buf,
            keys: self.keys,
        }
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
    keys: KeyBy,
}

impl<'a> ValueWriter<'a> {
    /// A string, escaped as JSON requires.
    #[inline]
    pub fn string(self, value: &str) {
        write_string(self.buf, value);
    }

    /// `true` or `false`.
    #[inline]
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

    /// A `float` (f32), written with the shortest decimal that reads back to
    /// the same f32 (`1.1`, not `1.100000023841858`); NaN and the infinities
    /// as in [`ValueWriter::float`].
    pub fn float32(self, value: f32) {
        if value.is_finite() {
            let text = crate::http_binding::fmt_float32(value);
            self.buf.extend_from_slice(text.as_bytes());
        } else {
            self.float(f64::from(value));
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
    #[inline]
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
    #[inline]
    pub fn object(self) -> ObjectWriter<'a> {
        self.buf.push(b'{');
        ObjectWriter {
            buf: self.buf,
            first: true,
            keys: self.keys,
        }
    }

    /// Starts an array; call [`ArrayWriter::finish`] to close it.
    #[inline]
    pub fn array(self) -> ArrayWriter<'a> {
        self.buf.push(b'[');
        ArrayWriter {
            buf: self.buf,
            first: true,
            keys: self.keys,
        }
    }
}

/// Writes the members of one object.
#[derive(Debug)]
pub struct ObjectWriter<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
    keys: KeyBy,
}

impl ObjectWriter<'_> {
    /// Writes `"key":` and returns the writer for its value, which must be
    /// written before the next key.
    #[inline]
    pub fn key(&mut self, key: &str) -> ValueWriter<'_> {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        write_string(self.buf, key);
        self.buf.push(b':');
        ValueWriter {
            buf: self.buf,
            keys: self.keys,
        }
    }

    /// Like [`ObjectWriter::key`] for a member whose wire name (`@jsonName`)
    /// differs from its member name: the writer's profile picks one.
    #[inline]
    pub fn member(&mut self, wire: &str, name: &str) -> ValueWriter<'_> {
        let key = match self.keys {
            KeyBy::Wire => wire,
            KeyBy::Member => name,
        };
        self.key(key)
    }

    /// Writes member `key`, whose `value` is always set (required or with a
    /// default), with `write`.
    #[inline]
    pub fn always<T: ?Sized>(
        &mut self,
        key: &str,
        value: &T,
        write: impl FnOnce(&T, ValueWriter<'_>),
    ) {
        write(value, self.key(key));
    }

    /// [`ObjectWriter::always`] for a member whose wire name differs from
    /// its member name ([`ObjectWriter::member`]).
    #[inline]
    pub fn always_member<T: ?Sized>(
        &mut self,
        wire: &str,
        name: &str,
        value: &T,
        write: impl FnOnce(&T, ValueWriter<'_>),
    ) {
        write(value, self.member(wire, name));
    }

    /// Writes member `key` with `write` if `value` is set; nothing if it
    /// is not.
    #[inline]
    pub fn optional<T>(
        &mut self,
        key: &str,
        value: &Option<T>,
        write: impl FnOnce(&T, ValueWriter<'_>),
    ) {
        if let Some(x) = value {
            write(x, self.key(key));
        }
    }

    /// [`ObjectWriter::optional`] for a member whose wire name differs from
    /// its member name ([`ObjectWriter::member`]).
    #[inline]
    pub fn optional_member<T>(
        &mut self,
        wire: &str,
        name: &str,
        value: &Option<T>,
        write: impl FnOnce(&T, ValueWriter<'_>),
    ) {
        if let Some(x) = value {
            write(x, self.member(wire, name));
        }
    }

    /// Closes the object.
    #[inline]
    pub fn finish(self) {
        self.buf.push(b'}');
    }
}

/// Writes the items of one array.
#[derive(Debug)]
pub struct ArrayWriter<'a> {
    buf: &'a mut Vec<u8>,
    first: bool,
    keys: KeyBy,
}

impl ArrayWriter<'_> {
    /// The writer for the next item.
    #[inline]
    pub fn item(&mut self) -> ValueWriter<'_> {
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        ValueWriter {
            buf: self.buf,
            keys: self.keys,
        }
    }

    /// Closes the array.
    #[inline]
    pub fn finish(self) {
        self.buf.push(b']');
    }
}

/// Writes `value` as a JSON string, escaping exactly what serde_json escapes
/// (`"`, `\\`, and control characters, the common ones by their short form).
/// Inlined so that constant member names are checked at compile time.
#[inline]
fn write_string(buf: &mut Vec<u8>, value: &str) {
    let bytes = value.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    if needs_escape(bytes) {
        write_escaped(buf, bytes);
    } else {
        buf.extend_from_slice(bytes);
    }
    buf.push(b'"');
}

/// The slow path, for the rare string that has something to escape.
#[cold]
fn write_escaped(buf: &mut Vec<u8>, bytes: &[u8]) {
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
}

/// True if any byte is a control character, `"` or `\\` (bytes of
/// multi-byte UTF-8 sequences never are), tested eight bytes at a time.
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().expect("eight bytes"));
    let n = bytes.len();
    if n < 8 {
        // Overlapping loads straight from the string (a copy into a padded
        // buffer would stall store-to-load forwarding): every byte is in the
        // word, some twice.
        let w = if n >= 4 {
            let lo = u32::from_le_bytes(bytes[..4].try_into().expect("four bytes"));
            let hi = u32::from_le_bytes(bytes[n - 4..].try_into().expect("four bytes"));
            u64::from(lo) | u64::from(hi) << 32
        } else if n > 0 {
            let (a, b, c) = (bytes[0], bytes[n / 2], bytes[n - 1]);
            u64::from_le_bytes([a, b, c, a, b, c, a, b])
        } else {
            return false;
        };
        return escape_bits(w) != 0;
    }
    let found = bytes
        .chunks_exact(8)
        .fold(0, |acc, c| acc | escape_bits(word(c)));
    // The last eight bytes (overlapping the chunks) cover the remainder.
    (found | escape_bits(word(&bytes[n - 8..]))) != 0
}

/// Non-zero if any of the eight bytes packed in `word` is below 0x20, `"` or
/// `\\`. Exact for "any byte", as the classic zero-byte test is (a borrow only
/// reaches bytes above one that already matched).
#[inline]
fn escape_bits(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash
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

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_does() {
        // Every special byte, at every offset of the eight-byte fast path,
        // among plain ASCII and multi-byte UTF-8.
        let mut specials: Vec<char> = (0u8..0x20).map(char::from).collect();
        specials.extend(['"', '\\', '/', '\u{7f}', 'é', '€', '😀', '\u{2028}', ' ']);
        let mut cases = vec![String::new(), "plain".into(), "0123456789abcdefghij".into()];
        for &c in &specials {
            for pad in 0..17 {
                let a = "x".repeat(pad);
                cases.push(format!("{a}{c}"));
                cases.push(format!("{c}{a}"));
                cases.push(format!("{a}{c}{a}{c}é{a}"));
            }
        }
        cases.push(specials.iter().collect());
        for s in cases {
            let mut buf = Vec::new();
            write_string(&mut buf, &s);
            assert_eq!(
                String::from_utf8(buf).unwrap(),
                serde_json::to_string(&s).unwrap(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn the_fast_test_matches_the_byte_test() {
        let special = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Bias bytes towards the interesting range.
            let word = seed & 0x7f7f_7f7f_7f7f_7f7f | (seed >> 3 & 0x8080_8080_8080_8080);
            let bytes = word.to_le_bytes();
            assert_eq!(
                escape_bits(word) != 0,
                bytes.iter().any(|&b| special(b)),
                "{bytes:?}"
            );
        }
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[pos] = b;
                let word = u64::from_le_bytes(bytes);
                assert_eq!(escape_bits(word) != 0, special(b), "{b} at {pos}");
            }
            for len in 1..=25 {
                for pos in 0..len {
                    let mut long = vec![b'a'; len];
                    long[pos] = b;
                    assert_eq!(needs_escape(&long), special(b), "{b} in {long:?}");
                }
            }
        }
    }
}
