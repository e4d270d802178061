//! The lexical layer of [`JsonReader`]: strings, numbers and skipping.

use std::borrow::Cow;

use super::{JsonReader, MAX_DEPTH};
use crate::error::DeserializeError;

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Whether `b` ends a run of plain string bytes: `"`, `\` or a control
/// character.
#[inline(always)]
fn is_special(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

/// The index of the first `"`, `\` or control character in `bytes` at or
/// after `i`, or `bytes.len()`. Eight bytes at a time: in each mask the
/// lowest set high bit marks exactly the first matching byte (borrows only
/// propagate upwards from a match), which is all that is used.
#[inline(always)]
fn find_special(bytes: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let q = w ^ (LO * u64::from(b'"'));
        let s = w ^ (LO * u64::from(b'\\'));
        let m = (q.wrapping_sub(LO) & !q)
            | (s.wrapping_sub(LO) & !s)
            | (w.wrapping_sub(LO * 0x20) & !w);
        let m = m & HI;
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if is_special(b) {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

fn hex4(bytes: &[u8]) -> Option<u16> {
    let mut v: u16 = 0;
    for &b in bytes.get(..4)? {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return None,
        };
        v = v << 4 | u16::from(d);
    }
    Some(v)
}

/// Why an escape is invalid, or the char and the bytes it took (after `\`).
fn escape(bytes: &[u8]) -> Result<(char, usize), &'static str> {
    let c = match bytes.first() {
        None => return Err("EOF while parsing a string"),
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => {
            let hi = match hex4(bytes.get(1..).unwrap_or_default()) {
                Some(v) => v,
                None if bytes.len() < 5 => return Err("EOF while parsing a string"),
                None => return Err("invalid \\u escape"),
            };
            if (0xDC00..0xE000).contains(&hi) {
                return Err("lone low surrogate in \\u escape");
            }
            if !(0xD800..0xDC00).contains(&hi) {
                return char::from_u32(u32::from(hi))
                    .map(|c| (c, 5))
                    .ok_or("invalid \\u escape");
            }
            if bytes.len() < 11 {
                return Err(if bytes.get(5..).is_some_and(|r| b"\\u".starts_with(r)) {
                    "EOF while parsing a string"
                } else {
                    "lone high surrogate in \\u escape"
                });
            }
            if bytes.get(5..7) != Some(b"\\u") {
                return Err("lone high surrogate in \\u escape");
            }
            let lo = hex4(bytes.get(7..).unwrap_or_default()).ok_or("invalid \\u escape")?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err("lone high surrogate in \\u escape");
            }
            let c = 0x10000 + ((u32::from(hi) - 0xD800) << 10) + (u32::from(lo) - 0xDC00);
            return char::from_u32(c)
                .map(|c| (c, 11))
                .ok_or("invalid \\u escape");
        }
        Some(_) => return Err("invalid escape"),
    };
    Ok((c, 1))
}

/// Decodes the raw content of a string the reader has already validated.
pub(super) fn decode_raw(raw: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let j = find_special(raw, i);
        out.extend_from_slice(raw.get(i..j)?);
        i = j;
        if i < raw.len() {
            let (c, n) = escape(raw.get(i + 1..)?).ok()?;
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            i += 1 + n;
        }
    }
    String::from_utf8(out).ok()
}

impl<'a> JsonReader<'a> {
    /// Scans a string whose opening quote has been consumed, checking
    /// escapes and UTF-8; when `out` is given, writes the decoded text there
    /// once an escape is seen. Returns the raw content span and whether it
    /// has escapes; the position is then after the closing quote.
    #[inline]
    fn string_tail(
        &mut self,
        mut out: Option<&mut Vec<u8>>,
    ) -> Result<(usize, usize, bool), DeserializeError> {
        let input = self.input;
        let start = self.pos;
        let mut seg = start;
        let mut escaped = false;
        loop {
            let i = find_special(input, self.pos);
            self.pos = i;
            let Some(&b) = input.get(i) else {
                return Err(self.syntax("EOF while parsing a string"));
            };
            let chunk = input.get(seg..i).unwrap_or_default();
            if !chunk.is_ascii() && std::str::from_utf8(chunk).is_err() {
                return Err(self.syntax("invalid UTF-8 in string"));
            }
            match b {
                b'"' => {
                    if escaped {
                        if let Some(out) = out.as_deref_mut() {
                            out.extend_from_slice(chunk);
                        }
                    }
                    self.pos = i + 1;
                    return Ok((start, i, escaped));
                }
                b'\\' => {
                    if let Some(out) = out.as_deref_mut() {
                        if !escaped {
                            out.reserve(i - start + 16);
                        }
                        out.extend_from_slice(chunk);
                    }
                    escaped = true;
                    match escape(input.get(i + 1..).unwrap_or_default()) {
                        Ok((c, n)) => {
                            if let Some(out) = out.as_deref_mut() {
                                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                            }
                            self.pos = i + 1 + n;
                            seg = self.pos;
                        }
                        Err(why) => {
                            self.pos = i + 1;
                            if why.starts_with("EOF") {
                                self.pos = input.len();
                            }
                            return Err(self.syntax(why));
                        }
                    }
                }
                _ => return Err(self.syntax("control character (\\u0000-\\u001F) in string")),
            }
        }
    }

    /// Scans a string whose opening quote has been consumed.
    pub(super) fn scan_string(&mut self) -> Result<(usize, usize, bool), DeserializeError> {
        self.string_tail(None)
    }

    /// Reads a string value (the next byte is its `"`).
    #[inline]
    pub(super) fn read_str(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        self.pos += 1;
        let mut buf = Vec::new();
        let (start, end, escaped) = self.string_tail(Some(&mut buf))?;
        if escaped {
            String::from_utf8(buf)
                .map(Cow::Owned)
                .map_err(|_| self.syntax("invalid UTF-8 in string"))
        } else {
            let input: &'a [u8] = self.input;
            std::str::from_utf8(input.get(start..end).unwrap_or_default())
                .map(Cow::Borrowed)
                .map_err(|_| self.syntax("invalid UTF-8 in string"))
        }
    }

    /// Scans a number at the position (which holds `-` or a digit): its
    /// span and whether it is an integer (no fraction, no exponent).
    #[inline]
    pub(super) fn scan_number(&mut self) -> Result<(usize, usize, bool), DeserializeError> {
        let input = self.input;
        let start = self.pos;
        let mut i = start;
        if input.get(i) == Some(&b'-') {
            i += 1;
        }
        match input.get(i) {
            Some(b'0') => {
                i += 1;
                if input.get(i).is_some_and(u8::is_ascii_digit) {
                    self.pos = i;
                    return Err(self.syntax("invalid number: leading zero"));
                }
            }
            Some(b'1'..=b'9') => {
                i += 1;
                while input.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            None => {
                self.pos = i;
                return Err(self.syntax("EOF while parsing a value"));
            }
            Some(_) => {
                self.pos = i;
                return Err(self.syntax("invalid number"));
            }
        }
        let mut integer = true;
        if input.get(i) == Some(&b'.') {
            integer = false;
            i += 1;
            let digits = i;
            while input.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == digits {
                self.pos = i;
                return Err(self.syntax(if i == input.len() {
                    "EOF while parsing a value"
                } else {
                    "invalid number: no digits after '.'"
                }));
            }
        }
        if matches!(input.get(i), Some(b'e' | b'E')) {
            integer = false;
            i += 1;
            if matches!(input.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let digits = i;
            while input.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            if i == digits {
                self.pos = i;
                return Err(self.syntax(if i == input.len() {
                    "EOF while parsing a value"
                } else {
                    "invalid number: no digits in exponent"
                }));
            }
        }
        self.pos = i;
        Ok((start, i, integer))
    }

    /// The text of the number span `start..end` (ASCII by construction).
    pub(super) fn number_str(&self, start: usize, end: usize) -> &'a str {
        let input: &'a [u8] = self.input;
        std::str::from_utf8(input.get(start..end).unwrap_or_default()).unwrap_or_default()
    }

    /// Skips one value of any kind, checking its syntax. Iterative: nested
    /// containers are tracked in a bit stack (one bit per level, set for an
    /// object), bounded by [`MAX_DEPTH`] together with the open frames.
    pub fn skip(&mut self) -> Result<(), DeserializeError> {
        let budget = MAX_DEPTH.saturating_sub(self.depth);
        let mut stack: u128 = 0;
        let mut n: usize = 0;
        'value: loop {
            // A value is next.
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    self.scan_string()?;
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.scan_number()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(open @ (b'[' | b'{')) => {
                    if n >= budget || n >= 128 {
                        return Err(self.syntax(&format!("nesting deeper than {MAX_DEPTH} levels")));
                    }
                    self.pos += 1;
                    let object = open == b'{';
                    stack = (stack << 1) | u128::from(object);
                    n += 1;
                    let close = if object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        stack >>= 1;
                        n -= 1;
                    } else if object {
                        self.skip_key()?;
                        continue 'value;
                    } else {
                        continue 'value;
                    }
                }
                None => return Err(self.syntax("EOF while parsing a value")),
                Some(_) => return Err(self.syntax("expected value")),
            }
            // After a value: close containers until another value is due.
            loop {
                if n == 0 {
                    return Ok(());
                }
                let object = stack & 1 == 1;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        let close = if object { b'}' } else { b']' };
                        if self.peek() == Some(close) {
                            return Err(self.syntax("trailing comma"));
                        }
                        if object {
                            self.skip_key()?;
                        }
                        continue 'value;
                    }
                    Some(b'}') if object => {}
                    Some(b']') if !object => {}
                    None if object => return Err(self.syntax("EOF while parsing an object")),
                    None => return Err(self.syntax("EOF while parsing a list")),
                    Some(_) if object => return Err(self.syntax("expected ',' or '}'")),
                    Some(_) => return Err(self.syntax("expected ',' or ']'")),
                }
                self.pos += 1;
                stack >>= 1;
                n -= 1;
            }
        }
    }

    /// Skips `"key":` inside an object being skipped.
    fn skip_key(&mut self) -> Result<(), DeserializeError> {
        match self.peek() {
            Some(b'"') => {}
            None => return Err(self.syntax("EOF while parsing an object")),
            Some(_) => return Err(self.syntax("key must be a string")),
        }
        self.pos += 1;
        self.scan_string()?;
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(self.syntax("EOF while parsing an object")),
            Some(_) => Err(self.syntax("expected ':'")),
        }
    }
}
