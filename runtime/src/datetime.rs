//! Smithy `timestamp` values: [`DateTime`] and its three wire [`Format`]s.
//!
//! A [`DateTime`] is a number of whole seconds since the Unix epoch (negative
//! before 1970) plus a nanosecond fraction that always counts *forward*, so
//! `-1.5` seconds is `secs = -2, subsec_nanos = 500_000_000`. The calendar
//! arithmetic (proleptic Gregorian, UTC, no leap seconds) is done here by hand.
//!
//! Formats:
//! * [`Format::DateTime`]: RFC 3339, `2019-12-16T23:48:18Z`, `1985-04-12T23:20:50.52Z`;
//! * [`Format::HttpDate`]: RFC 7231 IMF-fixdate, `Tue, 29 Apr 2014 18:30:38 GMT`;
//! * [`Format::EpochSeconds`]: `1398796238` or `1398796238.123`.
//!
//! Fractions are written only when nonzero, with trailing zeros trimmed. When
//! parsing text, digits finer than a nanosecond are dropped (the time is
//! rounded down to the nanosecond); `f64` seconds are rounded to the nearest
//! nanosecond of their shortest decimal form, so `1398796238.123_f64` is
//! exactly `.123` seconds. Years 0000 to 9999 can be formatted and parsed.

use std::error::Error as StdError;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;
/// `0000-01-01T00:00:00Z`, the first instant the text formats can show.
const FIRST_FORMATTABLE: i64 = -62_167_219_200;
/// `10000-01-01T00:00:00Z`, the first instant the text formats cannot show.
const END_FORMATTABLE: i64 = 253_402_300_800;
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// An instant in UTC: seconds since `1970-01-01T00:00:00Z` plus nanoseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

/// The wire formats of a Smithy timestamp (`@timestampFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 3339 `date-time`, e.g. `2019-12-16T23:48:18Z`.
    DateTime,
    /// RFC 7231 IMF-fixdate, e.g. `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
    /// Seconds since the epoch as a decimal number, e.g. `1398796238.123`.
    EpochSeconds,
}

impl Format {
    /// The Smithy name of the format: `date-time`, `http-date` or `epoch-seconds`.
    pub fn smithy_name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::HttpDate => "http-date",
            Format::EpochSeconds => "epoch-seconds",
        }
    }
}

impl DateTime {
    /// `1970-01-01T00:00:00Z`.
    pub const UNIX_EPOCH: DateTime = DateTime { secs: 0, nanos: 0 };
    /// The earliest representable instant.
    pub const MIN: DateTime = DateTime { secs: i64::MIN, nanos: 0 };
    /// The latest representable instant.
    pub const MAX: DateTime = DateTime { secs: i64::MAX, nanos: NANOS_PER_SEC - 1 };

    /// Whole seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        DateTime { secs, nanos: 0 }
    }

    /// Seconds since the epoch plus a forward nanosecond fraction; nanoseconds
    /// beyond a second carry into the seconds (saturating at [`DateTime::MAX`]).
    pub fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        match secs.checked_add(i64::from(nanos / NANOS_PER_SEC)) {
            Some(secs) => DateTime { secs, nanos: nanos % NANOS_PER_SEC },
            None => DateTime::MAX,
        }
    }

    /// Milliseconds since the epoch.
    pub fn from_millis(millis: i64) -> Self {
        let nanos = millis.rem_euclid(1000) as u32 * 1_000_000;
        DateTime { secs: millis.div_euclid(1000), nanos }
    }

    /// Seconds since the epoch as an `f64`, rounded to the nearest nanosecond
    /// of its shortest decimal form. Errors for NaN, infinities and values
    /// outside the `i64` seconds range.
    pub fn try_from_secs_f64(secs: f64) -> Result<Self, DateTimeParseError> {
        let text = format!("{secs}");
        if !secs.is_finite() {
            let kind = ParseErrorKind::Unexpected { expected: "a finite number" };
            return Err(DateTimeParseError::new(Format::EpochSeconds, kind, 0, &text));
        }
        // Whole values are exact (the shortest decimal of 2^63 would not be).
        if secs.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&secs) {
            return Ok(DateTime::from_secs(secs as i64));
        }
        parse_epoch_seconds(&text, Rounding::Nearest)
    }

    /// Like [`DateTime::try_from_secs_f64`], but saturating: values beyond the
    /// range give [`DateTime::MIN`] or [`DateTime::MAX`], NaN gives the epoch.
    pub fn from_secs_f64(secs: f64) -> Self {
        match Self::try_from_secs_f64(secs) {
            Ok(value) => value,
            Err(_) if secs.is_nan() => DateTime::UNIX_EPOCH,
            Err(_) if secs > 0.0 => DateTime::MAX,
            Err(_) => DateTime::MIN,
        }
    }

    /// `secs` plus a fraction of a second given as an `f64` (normally in
    /// `0.0..1.0`), with the rounding and saturation of [`DateTime::from_secs_f64`].
    pub fn from_fractional_secs(secs: i64, fraction: f64) -> Self {
        let part = Self::from_secs_f64(fraction);
        match secs.checked_add(part.secs) {
            Some(secs) => DateTime { secs, nanos: part.nanos },
            None if secs > 0 => DateTime::MAX,
            None => DateTime::MIN,
        }
    }

    /// Whole seconds since the epoch, rounded down (`-1.5 s` gives `-2`).
    pub const fn secs(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds after [`DateTime::secs`], in `0..1_000_000_000`.
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Seconds since the epoch as an `f64` (precision is lost far from 1970).
    pub fn as_secs_f64(&self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / 1e9
    }

    /// Milliseconds since the epoch, rounded down; `None` if they overflow `i64`.
    pub fn to_millis(&self) -> Option<i64> {
        self.secs.checked_mul(1000)?.checked_add(i64::from(self.nanos / 1_000_000))
    }

    /// Parses `text` in `format`.
    pub fn parse(text: &str, format: Format) -> Result<Self, DateTimeParseError> {
        match format {
            Format::DateTime => parse_date_time(text),
            Format::HttpDate => parse_http_date(text),
            Format::EpochSeconds => parse_epoch_seconds(text, Rounding::Down),
        }
    }

    /// Writes this instant in `format`. The text formats fail outside the
    /// years 0000 to 9999; epoch seconds never fail.
    pub fn format(&self, format: Format) -> Result<String, DateTimeRangeError> {
        if format == Format::EpochSeconds {
            return Ok(self.epoch_seconds_text());
        }
        if !(FIRST_FORMATTABLE..END_FORMATTABLE).contains(&self.secs) {
            return Err(DateTimeRangeError { value: *self, target: format.smithy_name() });
        }
        let days = self.secs.div_euclid(SECS_PER_DAY);
        let day_secs = self.secs.rem_euclid(SECS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let (h, m, s) = (day_secs / 3600, day_secs / 60 % 60, day_secs % 60);
        let frac = fraction_text(self.nanos);
        Ok(if format == Format::DateTime {
            format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{frac}Z")
        } else {
            let weekday = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
            let month = MONTHS[month as usize - 1];
            format!("{weekday}, {day:02} {month} {year:04} {h:02}:{m:02}:{s:02}{frac} GMT")
        })
    }

    fn epoch_seconds_text(&self) -> String {
        if self.nanos == 0 {
            self.secs.to_string()
        } else if self.secs >= 0 {
            format!("{}{}", self.secs, fraction_text(self.nanos))
        } else {
            // secs + nanos/1e9 = -((-secs - 1) + (1e9 - nanos)/1e9)
            let whole = (self.secs + 1).unsigned_abs();
            format!("-{whole}{}", fraction_text(NANOS_PER_SEC - self.nanos))
        }
    }
}

impl fmt::Display for DateTime {
    /// RFC 3339 when the year is within 0000..=9999, else epoch seconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format(Format::DateTime) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{}s since the epoch", self.epoch_seconds_text()),
        }
    }
}

impl From<SystemTime> for DateTime {
    /// Saturates at [`DateTime::MIN`] and [`DateTime::MAX`].
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => match i64::try_from(after.as_secs()) {
                Ok(secs) => DateTime { secs, nanos: after.subsec_nanos() },
                Err(_) => DateTime::MAX,
            },
            Err(before) => {
                let before = before.duration();
                let (secs, nanos) = (before.as_secs(), before.subsec_nanos());
                let secs = if nanos == 0 { secs } else { secs.saturating_add(1) };
                match 0i64.checked_sub_unsigned(secs) {
                    Some(secs) if nanos == 0 => DateTime { secs, nanos: 0 },
                    Some(secs) => DateTime { secs, nanos: NANOS_PER_SEC - nanos },
                    None => DateTime::MIN,
                }
            }
        }
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeRangeError;

    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        let time = if value.secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(value.secs.unsigned_abs(), value.nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(value.secs.unsigned_abs()))
                .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(value.nanos))))
        };
        time.ok_or(DateTimeRangeError { value, target: "SystemTime" })
    }
}

/// A [`DateTime`] outside the range a format or another time type can hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeRangeError {
    value: DateTime,
    target: &'static str,
}

impl DateTimeRangeError {
    /// The instant that could not be represented.
    pub fn value(&self) -> DateTime {
        self.value
    }
}

impl fmt::Display for DateTimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.value.epoch_seconds_text();
        write!(f, "timestamp {secs}s since the epoch is outside the range of {}", self.target)
    }
}

impl StdError for DateTimeRangeError {}

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
    fn new(format: Format, kind: ParseErrorKind, position: usize, input: &str) -> Self {
        let input = match input.char_indices().nth(64) {
            Some((cut, _)) => format!("{}…", &input[..cut]),
            None => input.to_owned(),
        };
        DateTimeParseError { format, kind, position, input }
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
        write!(f, "invalid {name} timestamp {:?} at byte {at}: ", self.input)?;
        match &self.kind {
            ParseErrorKind::UnexpectedEnd { expected } => write!(f, "ended where {expected} was expected"),
            ParseErrorKind::Unexpected { expected } => write!(f, "expected {expected}"),
            ParseErrorKind::OutOfRange { field } => write!(f, "{field} out of range"),
            ParseErrorKind::TrailingCharacters => f.write_str("unexpected text after the timestamp"),
            ParseErrorKind::Overflow => f.write_str("too far from the epoch"),
        }
    }
}

impl StdError for DateTimeParseError {}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = i64::from((month + 9) % 12); // March is 0
    let day_of_year = (153 * shifted_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian (year, month, day) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `.` and the nonzero nanoseconds without trailing zeros, or nothing.
fn fraction_text(nanos: u32) -> String {
    if nanos == 0 {
        return String::new();
    }
    let digits = format!("{nanos:09}");
    format!(".{}", digits.trim_end_matches('0'))
}

/// A reader over timestamp text that reports errors with their position.
struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    format: Format,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, format: Format) -> Self {
        Cursor { text, bytes: text.as_bytes(), pos: 0, format }
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
    fn number(&mut self, count: usize, range: (u32, u32), field: &'static str) -> Result<u32, DateTimeParseError> {
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

fn parse_date_time(text: &str) -> Result<DateTime, DateTimeParseError> {
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
    c.finish(days_from_civil(year, month, day) * SECS_PER_DAY + time - offset, nanos)
}

fn parse_http_date(text: &str) -> Result<DateTime, DateTimeParseError> {
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
    let month = match MONTHS.iter().position(|m| text.get(c.pos..c.pos + 3) == Some(*m)) {
        Some(index) => index as u32 + 1,
        None => return Err(c.unexpected("month name like 'Apr'")),
    };
    c.pos += 3;
    c.literal(" ")?;
    let year = i64::from(c.number(4, (0, 9999), "4-digit year")?);
    if day > days_in_month(year, month) {
        return Err(c.error_at(day_start, ParseErrorKind::OutOfRange { field: "day of month" }));
    }
    c.literal(" ")?;
    let (time, nanos) = c.time_of_day()?;
    c.literal(" GMT")?;
    c.finish(days_from_civil(year, month, day) * SECS_PER_DAY + time, nanos)
}

/// How digits finer than a nanosecond are treated.
#[derive(Clone, Copy, PartialEq)]
enum Rounding {
    /// Toward the past (text).
    Down,
    /// To the nearest nanosecond, halves away from zero (`f64`).
    Nearest,
}

/// Parses `-?digits(.digits)?([eE][+-]?digits)?` exactly.
fn parse_epoch_seconds(text: &str, rounding: Rounding) -> Result<DateTime, DateTimeParseError> {
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
    let digit = |i: i64| if i < 0 { 0 } else { digits.get(i as usize).copied().unwrap_or(0) };
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
        (true, 0) => (u64::try_from(whole).ok().and_then(|w| 0i64.checked_sub_unsigned(w)), 0),
        (true, _) => {
            let secs = u64::try_from(whole + 1).ok().and_then(|w| 0i64.checked_sub_unsigned(w));
            (secs, NANOS_PER_SEC - nanos)
        }
    };
    match secs {
        Some(secs) => Ok(DateTime { secs, nanos }),
        None => Err(overflow()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips_every_day_of_four_centuries() {
        let start = days_from_civil(1600, 1, 1);
        for days in start..start + 146_097 * 2 {
            let (y, m, d) = civil_from_days(days);
            assert!(d >= 1 && d <= days_in_month(y, m));
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
