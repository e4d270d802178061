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

mod civil;
mod parse;

use civil::civil_from_days;
use parse::{parse_date_time, parse_epoch_seconds, parse_http_date, Rounding};
pub use parse::{DateTimeParseError, ParseErrorKind};

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;
/// `0000-01-01T00:00:00Z`, the first instant the text formats can show.
const FIRST_FORMATTABLE: i64 = -62_167_219_200;
/// `10000-01-01T00:00:00Z`, the first instant the text formats cannot show.
const END_FORMATTABLE: i64 = 253_402_300_800;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
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
    pub const MIN: DateTime = DateTime {
        secs: i64::MIN,
        nanos: 0,
    };
    /// The latest representable instant.
    pub const MAX: DateTime = DateTime {
        secs: i64::MAX,
        nanos: NANOS_PER_SEC - 1,
    };

    /// Whole seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        DateTime { secs, nanos: 0 }
    }

    /// Seconds since the epoch plus a forward nanosecond fraction; nanoseconds
    /// beyond a second carry into the seconds (saturating at [`DateTime::MAX`]).
    pub fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        match secs.checked_add(i64::from(nanos / NANOS_PER_SEC)) {
            Some(secs) => DateTime {
                secs,
                nanos: nanos % NANOS_PER_SEC,
            },
            None => DateTime::MAX,
        }
    }

    /// Milliseconds since the epoch.
    pub fn from_millis(millis: i64) -> Self {
        let nanos = millis.rem_euclid(1000) as u32 * 1_000_000;
        DateTime {
            secs: millis.div_euclid(1000),
            nanos,
        }
    }

    /// Seconds since the epoch as an `f64`, rounded to the nearest nanosecond
    /// of its shortest decimal form. Errors for NaN, infinities and values
    /// outside the `i64` seconds range.
    pub fn try_from_secs_f64(secs: f64) -> Result<Self, DateTimeParseError> {
        let text = format!("{secs}");
        if !secs.is_finite() {
            let kind = ParseErrorKind::Unexpected {
                expected: "a finite number",
            };
            return Err(DateTimeParseError::new(
                Format::EpochSeconds,
                kind,
                0,
                &text,
            ));
        }
        // Whole values are exact (the shortest decimal of 2^63 would not be).
        if secs.fract() == 0.0
            && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&secs)
        {
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
            Some(secs) => DateTime {
                secs,
                nanos: part.nanos,
            },
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
        self.secs
            .checked_mul(1000)?
            .checked_add(i64::from(self.nanos / 1_000_000))
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
            return Err(DateTimeRangeError {
                value: *self,
                target: format.smithy_name(),
            });
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
                Ok(secs) => DateTime {
                    secs,
                    nanos: after.subsec_nanos(),
                },
                Err(_) => DateTime::MAX,
            },
            Err(before) => {
                let before = before.duration();
                let (secs, nanos) = (before.as_secs(), before.subsec_nanos());
                let secs = if nanos == 0 {
                    secs
                } else {
                    secs.saturating_add(1)
                };
                match 0i64.checked_sub_unsigned(secs) {
                    Some(secs) if nanos == 0 => DateTime { secs, nanos: 0 },
                    Some(secs) => DateTime {
                        secs,
                        nanos: NANOS_PER_SEC - nanos,
                    },
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
        time.ok_or(DateTimeRangeError {
            value,
            target: "SystemTime",
        })
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
        write!(
            f,
            "timestamp {secs}s since the epoch is outside the range of {}",
            self.target
        )
    }
}

impl StdError for DateTimeRangeError {}

/// `.` and the nonzero nanoseconds without trailing zeros, or nothing.
fn fraction_text(nanos: u32) -> String {
    if nanos == 0 {
        return String::new();
    }
    let digits = format!("{nanos:09}");
    format!(".{}", digits.trim_end_matches('0'))
}
