//! Parsing the three timestamp formats, and [`DateTimeParseError`].

use std::error::Error as StdError;
use std::fmt;

use super::civil::{days_from_civil, days_in_month};
use super::{DateTime, Format, MONTHS, NANOS_PER_SEC, SECS_PER_DAY, WEEKDAYS};

/// What was wrong with a timestamp's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The text ended where `expected` should have been.
    UnexpectedEnd {
        /// What should have come next, e.g. `"2-digit month"`.
        expected: &'static str,
    },
    /// A character other than `expected` was found.
    Unexpected {
        /// What should have been there, e.g. `"'T'"`.
        expected: &'static str,
    },
    /// A field was well-formed but its value is impossible (`month 13`, `Feb 30`).
    OutOfRange {
        /// The field, e.g. `"day of month"`.
        field: &'static str,
    },
    /// Text followed a complete timestamp.
    TrailingCharacters,
    /// The value is beyond the `i64` seconds a [`DateTime`] holds.
    Overflow,
}

/// A timestamp that could not be parsed: what was wrong, where, and in which format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeParseError {
    format: Format,
    kind: ParseErrorKind,
    position: usize,
    input: String,
}

impl DateTimeParseError {
    pub(super) fn new(format: Format, kind: ParseErrorKind, position: usize, input: &str) -> Self {
        let input = match input.char_indices().nth(64) {
            Some((cut, _)) => format!("{}…", &input[..cut]),
            None => input.to_owned(),
        };
        DateTimeParseError {
            format,
            kind,
            position,
            input,
        }
    }

    /// What was wrong.
    pub fn kind(&self) -> &ParseErrorKind {
        &self.kind
    }

    /// The byte offset in the input where the problem was found.
    pub fn position(&self) -> usize {
        self.position
    }

    /// The format that was being parsed.
    pub fn format(&self) -> Format {
        self.format
    }
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, at) = (self.format.smithy_name(), self.position);
        write!(
            f,
            "invalid {name} timestamp {:?} at byte {at}: ",
            self.input
        )?;
        match &self.kind {
            ParseErrorKind::UnexpectedEnd { expected } => {
                write!(f, "ended where {expected} was expected")
            }
            ParseErrorKind::Unexpected { expected } => write!(f, "expected {expected}"),
            ParseErrorKind::OutOfRange { field } => write!(f, "{field} out of range"),
            ParseErrorKind::TrailingCharacters => {
                f.write_str("unexpected text after the timestamp")
            }
            ParseErrorKind::Overflow => f.write_str("too far from the epoch"),
        }
    }
}

impl StdError for DateTimeParseError {}

/// A reader over timestamp text that reports errors with their position.
struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    format: Format,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, format: Format) -> Self {
        Cursor {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            format,
        }
    }

    fn error_at(&self, position: usize, kind: ParseErrorKind) -> DateTimeParseError {
        DateTimeParseError::new(self.format, kind, position, self.text)
    }

    fn unexpected(&self, expected: &'static str) -> DateTimeParseError {
        let kind = if self.pos >= self.bytes.len() {
            ParseErrorKind::UnexpectedEnd { expected }
        } else {
            ParseErrorKind::Unexpected { expected }
        };
        self.error_at(self.pos, kind)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Consumes one of `options` and returns it.
    fn one_of(&mut self, options: &[u8], expected: &'static str) -> Result<u8, DateTimeParseError> {
        match self.peek() {
            Some(b) if options.contains(&b) => {
                self.pos += 1;
                Ok(b)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    /// Consumes exactly `count` ASCII digits; checks the value is within `range`.
    fn number(
        &mut self,
        count: usize,
        range: (u32, u32),
        field: &'static str,
    ) -> Result<u32, DateTimeParseError> {
        let start = self.pos;
        let mut value = 0u32;
        for _ in 0..count {
            match self.peek() {
                Some(b @ b'0'..=b'9') => value = value * 10 + u32::from(b - b'0'),
                _ => return Err(self.unexpected(field)),
            }
            self.pos += 1;
        }
        if value < range.0 || value > range.1 {
            return Err(self.error_at(start, ParseErrorKind::OutOfRange { field }));
        }
        Ok(value)
    }

    /// After a `.`, one or more digits; nanoseconds, finer digits dropped.
    fn fraction(&mut self) -> Result<u32, DateTimeParseError> {
        let start = self.pos;
        let mut nanos = 0u32;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            if self.pos - start < 9 {
                nanos = nanos * 10 + u32::from(b - b'0');
            }
            self.pos += 1;
        }
        match self.pos - start {
            0 => Err(self.unexpected("fractional-second digits")),
            n if n < 9 => Ok(nanos * 10u32.pow(9 - n as u32)),
            _ => Ok(nanos),
        }
    }

    /// Consumes `word` exactly.
    fn literal(&mut self, word: &'static str) -> Result<(), DateTimeParseError> {
        for &b in word.as_bytes() {
            if self.peek() != Some(b) {
                return Err(self.unexpected(word));
            }
            self.pos += 1;
        }
        Ok(())
    }

    /// `hh:mm:ss` and an optional `.fraction`: (seconds into the day, nanoseconds).
    fn time_of_day(&mut self) -> Result<(i64, u32), DateTimeParseError> {
        let hour = self.number(2, (0, 23), "hour")?;
        self.one_of(b":", "':'")?;
        let minute = self.number(2, (0, 59), "minute")?;
        self.one_of(b":", "':'")?;
        let second = self.number(2, (0, 59), "second")?;
        let nanos = if self.peek() == Some(b'.') {
            self.pos += 1;
            self.fraction()?
        } else {
            0
        };
        Ok((i64::from(hour * 3600 + minute * 60 + second), nanos))
    }

    fn day_of_month(&mut self, year: i64, month: u32) -> Result<u32, DateTimeParseError> {
        self.number(2, (1, days_in_month(year, month)), "day of month")
    }

    fn finish(&self, secs: i64, nanos: u32) -> Result<DateTime, DateTimeParseError> {
        if self.pos != self.bytes.len() {
            return Err(self.error_at(self.pos, ParseErrorKind::TrailingCharacters));
        }
        Ok(DateTime { secs, nanos })
    }
}

pub(super) fn parse_date_time(text: &str) -> Result<DateTime, DateTimeParseError> {
    let mut c = Cursor::new(text, Format::DateTime);
    let year = i64::from(c.number(4, (0, 9999), "4-digit year")?);
    c.one_of(b"-", "'-'")?;
    let month = c.number(2, (1, 12), "month")?;
    c.one_of(b"-", "'-'")?;
    let day = c.day_of_month(year, month)?;
    c.one_of(b"Tt", "'T'")?;
    let (time, nanos) = c.time_of_day()?;
    let offset = match c.one_of(b"Zz+-", "'Z' or a UTC offset like '+01:00'")? {
        b'Z' | b'z' => 0,
        sign => {
            let hours = c.number(2, (0, 23), "offset hours")?;
            c.one_of(b":", "':'")?;
            let minutes = c.number(2, (0, 59), "offset minutes")?;
            let offset = i64::from(hours * 3600 + minutes * 60);
            if sign == b'-' {
                -offset
            } else {
                offset
            }
        }
    };
    c.finish(
        days_from_civil(year, month, day) * SECS_PER_DAY + time - offset,
        nanos,
    )
}

pub(super) fn parse_http_date(text: &str) -> Result<DateTime, DateTimeParseError> {
    let mut c = Cursor::new(text, Format::HttpDate);
    // The day name is checked for spelling only: the date itself decides the day.
    let name = text.get(..3).unwrap_or("");
    if !WEEKDAYS.contains(&name) {
        return Err(c.unexpected("day name like 'Tue'"));
    }
    c.pos = 3;
    c.literal(", ")?;
    let day_start = c.pos;
    let day = c.number(2, (1, 31), "2-digit day")?;
    c.literal(" ")?;
    let month = match MONTHS
        .iter()
        .position(|m| text.get(c.pos..c.pos + 3) == Some(*m))
    {
        Some(index) => index as u32 + 1,
        None => return Err(c.unexpected("month name like 'Apr'")),
    };
    c.pos += 3;
    c.literal(" ")?;
    let year = i64::from(c.number(4, (0, 9999), "4-digit year")?);
    if day > days_in_month(year, month) {
        return Err(c.error_at(
            day_start,
            ParseErrorKind::OutOfRange {
                field: "day of month",
            },
        ));
    }
    c.literal(" ")?;
    let (time, nanos) = c.time_of_day()?;
    c.literal(" GMT")?;
    c.finish(
        days_from_civil(year, month, day) * SECS_PER_DAY + time,
        nanos,
    )
}

/// How digits finer than a nanosecond are treated.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Rounding {
    /// Toward the past (text).
    Down,
    /// To the nearest nanosecond, halves away from zero (`f64`).
    Nearest,
}

/// Parses `-?digits(.digits)?([eE][+-]?digits)?` exactly.
pub(super) fn parse_epoch_seconds(
    text: &str,
    rounding: Rounding,
) -> Result<DateTime, DateTimeParseError> {
    let mut c = Cursor::new(text, Format::EpochSeconds);
    let negative = c.peek() == Some(b'-');
    c.pos += usize::from(negative);
    // Significant digits (leading zeros dropped) and where the point falls in them.
    let mut digits: Vec<u8> = Vec::new();
    let mut point: i64 = 0;
    let mut take_digits = |c: &mut Cursor<'_>, integer: bool| -> usize {
        let start = c.pos;
        while let Some(b @ b'0'..=b'9') = c.peek() {
            if !(digits.is_empty() && b == b'0') {
                digits.push(b - b'0');
            }
            if integer && !digits.is_empty() {
                point += 1;
            } else if !integer && digits.is_empty() {
                point -= 1;
            }
            c.pos += 1;
        }
        c.pos - start
    };
    if take_digits(&mut c, true) == 0 {
        return Err(c.unexpected("digits"));
    }
    if c.peek() == Some(b'.') {
        c.pos += 1;
        if take_digits(&mut c, false) == 0 {
            return Err(c.unexpected("digits after '.'"));
        }
    }
    if matches!(c.peek(), Some(b'e' | b'E')) {
        c.pos += 1;
        let exp_negative = match c.peek() {
            Some(sign @ (b'+' | b'-')) => {
                c.pos += 1;
                sign == b'-'
            }
            _ => false,
        };
        let start = c.pos;
        let mut exp: i64 = 0;
        while let Some(b @ b'0'..=b'9') = c.peek() {
            exp = (exp * 10 + i64::from(b - b'0')).min(1_000_000);
            c.pos += 1;
        }
        if c.pos == start {
            return Err(c.unexpected("exponent digits"));
        }
        point += if exp_negative { -exp } else { exp };
    }
    if c.pos != text.len() {
        return Err(c.error_at(c.pos, ParseErrorKind::TrailingCharacters));
    }
    let overflow = || c.error_at(0, ParseErrorKind::Overflow);
    if digits.is_empty() {
        return Ok(DateTime::UNIX_EPOCH);
    }
    if point > 20 {
        return Err(overflow());
    }
    let digit = |i: i64| {
        if i < 0 {
            0
        } else {
            digits.get(i as usize).copied().unwrap_or(0)
        }
    };
    let mut whole = (0..point.max(0)).fold(0u128, |acc, i| acc * 10 + u128::from(digit(i)));
    let mut nanos = (point..point + 9).fold(0u32, |acc, i| acc * 10 + u32::from(digit(i)));
    let rest = point + 9;
    let bump = match rounding {
        Rounding::Down => negative && (rest.max(0)..digits.len() as i64).any(|i| digit(i) != 0),
        Rounding::Nearest => digit(rest) >= 5,
    };
    if bump {
        nanos += 1;
        if nanos == NANOS_PER_SEC {
            nanos = 0;
            whole += 1;
        }
    }
    // Negative values count back the whole seconds, then forward the fraction.
    let (secs, nanos) = match (negative, nanos) {
        (false, _) => (i64::try_from(whole).ok(), nanos),
        (true, 0) => (
            u64::try_from(whole)
                .ok()
                .and_then(|w| 0i64.checked_sub_unsigned(w)),
            0,
        ),
        (true, _) => {
            let secs = u64::try_from(whole + 1)
                .ok()
                .and_then(|w| 0i64.checked_sub_unsigned(w));
            (secs, NANOS_PER_SEC - nanos)
        }
    };
    match secs {
        Some(secs) => Ok(DateTime { secs, nanos }),
        None => Err(overflow()),
    }
}
