//! Parsing of `smithy_rt::datetime::DateTime` from its three wire formats.

use smithy_rt::datetime::{DateTime, DateTimeParseError, Format, ParseErrorKind};

fn at(secs: i64, nanos: u32) -> DateTime {
    DateTime::from_secs_and_nanos(secs, nanos)
}

fn date_time(text: &str) -> DateTime {
    DateTime::parse(text, Format::DateTime).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn error(text: &str, format: Format) -> DateTimeParseError {
    match DateTime::parse(text, format) {
        Ok(value) => panic!("{text:?} parsed as {value:?}"),
        Err(err) => err,
    }
}

#[test]
fn rfc3339_utc() {
    assert_eq!(
        date_time("2019-12-16T23:48:18Z"),
        DateTime::from_secs(1576540098)
    );
    assert_eq!(date_time("1970-01-01T00:00:00Z"), DateTime::UNIX_EPOCH);
    assert_eq!(date_time("1970-01-01t00:00:00z"), DateTime::UNIX_EPOCH);
    assert_eq!(
        date_time("0001-01-01T00:00:00Z"),
        DateTime::from_secs(-62135596800)
    );
    assert_eq!(
        date_time("9999-12-31T23:59:59Z"),
        DateTime::from_secs(253402300799)
    );
}

#[test]
fn rfc3339_fractions_of_any_length() {
    assert_eq!(
        date_time("1985-04-12T23:20:50.52Z"),
        at(482196050, 520_000_000)
    );
    assert_eq!(
        date_time("1985-04-12T23:20:50.5Z"),
        at(482196050, 500_000_000)
    );
    assert_eq!(date_time("1985-04-12T23:20:50.000Z"), at(482196050, 0));
    assert_eq!(
        date_time("1970-01-01T00:00:00.123456789Z"),
        at(0, 123_456_789)
    );
    // Digits finer than a nanosecond are dropped.
    assert_eq!(
        date_time("1970-01-01T00:00:00.1234567899999Z"),
        at(0, 123_456_789)
    );
    assert_eq!(
        date_time("1969-12-31T23:59:59.999999999999Z"),
        at(-1, 999_999_999)
    );
}

#[test]
fn rfc3339_offsets() {
    assert_eq!(
        date_time("1996-12-19T16:39:57-08:00"),
        DateTime::from_secs(851042397)
    );
    assert_eq!(
        date_time("1996-12-20T00:39:57Z"),
        DateTime::from_secs(851042397)
    );
    assert_eq!(
        date_time("1996-12-20T01:39:57+01:00"),
        DateTime::from_secs(851042397)
    );
    assert_eq!(
        date_time("1937-01-01T12:00:27.87+00:20"),
        at(-1041337173, 870_000_000)
    );
    assert_eq!(date_time("1970-01-01T00:00:00+00:00"), DateTime::UNIX_EPOCH);
    assert_eq!(date_time("1970-01-01T00:00:00-00:00"), DateTime::UNIX_EPOCH);
    // An offset may move the instant across the year boundary.
    assert_eq!(
        date_time("0001-01-01T00:00:00+01:00"),
        DateTime::from_secs(-62135596800 - 3600)
    );
}

#[test]
fn rfc3339_leap_days() {
    assert_eq!(
        date_time("2000-02-29T12:00:00Z"),
        DateTime::from_secs(951825600)
    );
    assert_eq!(
        date_time("2400-02-29T00:00:00Z"),
        DateTime::from_secs(13574563200)
    );
    assert_eq!(date_time("2024-02-29T00:00:00Z").secs() % 86_400, 0);
    for bad in [
        "1900-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z",
        "2023-02-29T00:00:00Z",
    ] {
        let err = error(bad, Format::DateTime);
        assert_eq!(
            err.kind(),
            &ParseErrorKind::OutOfRange {
                field: "day of month"
            },
            "{bad}"
        );
        assert_eq!(err.position(), 8);
    }
}

#[test]
fn rfc3339_invalid_dates_and_times() {
    let cases: &[(&str, usize, ParseErrorKind)] = &[
        (
            "2019-02-30T00:00:00Z",
            8,
            ParseErrorKind::OutOfRange {
                field: "day of month",
            },
        ),
        (
            "2019-04-31T00:00:00Z",
            8,
            ParseErrorKind::OutOfRange {
                field: "day of month",
            },
        ),
        (
            "2019-13-01T00:00:00Z",
            5,
            ParseErrorKind::OutOfRange { field: "month" },
        ),
        (
            "2019-00-01T00:00:00Z",
            5,
            ParseErrorKind::OutOfRange { field: "month" },
        ),
        (
            "2019-01-00T00:00:00Z",
            8,
            ParseErrorKind::OutOfRange {
                field: "day of month",
            },
        ),
        (
            "2019-01-01T24:00:00Z",
            11,
            ParseErrorKind::OutOfRange { field: "hour" },
        ),
        (
            "2019-01-01T23:60:00Z",
            14,
            ParseErrorKind::OutOfRange { field: "minute" },
        ),
        (
            "2019-01-01T23:59:60Z",
            17,
            ParseErrorKind::OutOfRange { field: "second" },
        ),
        (
            "2019-01-01T00:00:00+24:00",
            20,
            ParseErrorKind::OutOfRange {
                field: "offset hours",
            },
        ),
        (
            "2019-01-01T00:00:00",
            19,
            ParseErrorKind::UnexpectedEnd {
                expected: "'Z' or a UTC offset like '+01:00'",
            },
        ),
        (
            "2019-01-01 00:00:00Z",
            10,
            ParseErrorKind::Unexpected { expected: "'T'" },
        ),
        (
            "2019-01-01T00:00:00.Z",
            20,
            ParseErrorKind::Unexpected {
                expected: "fractional-second digits",
            },
        ),
        (
            "2019-01-01T00:00:00ZZ",
            20,
            ParseErrorKind::TrailingCharacters,
        ),
        (
            "2019-01-01T00:00:00+0100",
            22,
            ParseErrorKind::Unexpected { expected: "':'" },
        ),
        (
            "19-01-01T00:00:00Z",
            2,
            ParseErrorKind::Unexpected {
                expected: "4-digit year",
            },
        ),
        (
            "2019-1-01T00:00:00Z",
            6,
            ParseErrorKind::Unexpected { expected: "month" },
        ),
        (
            "",
            0,
            ParseErrorKind::UnexpectedEnd {
                expected: "4-digit year",
            },
        ),
    ];
    for (text, position, kind) in cases {
        let err = error(text, Format::DateTime);
        assert_eq!(
            (err.kind(), err.position()),
            (kind, *position),
            "{text}: {err}"
        );
        assert_eq!(err.format(), Format::DateTime);
    }
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "garbage",
        "2019-01-01T00:00:00Zjunk",
        "２０１９-01-01T00:00:00Z",
        "Tue, 29 Apr 2014 18:30:38 UTC",
        "é",
        "-",
        "1e",
        "1.",
        ".5",
        "--1",
        "1e99999999999999999999",
        "9999999999999999999999",
    ];
    for text in inputs {
        for format in [Format::DateTime, Format::HttpDate, Format::EpochSeconds] {
            let _ = DateTime::parse(text, format);
        }
    }
    // A truncated prefix of a valid timestamp always fails cleanly.
    let full = "Tue, 29 Apr 2014 18:30:38.123 GMT";
    for end in 0..full.len() {
        assert!(DateTime::parse(&full[..end], Format::HttpDate).is_err());
    }
}

#[test]
fn error_messages_say_what_and_where() {
    let err = error("2019-02-30T00:00:00Z", Format::DateTime);
    assert_eq!(
        err.to_string(),
        "invalid date-time timestamp \"2019-02-30T00:00:00Z\" at byte 8: day of month out of range"
    );
    let err = error("2019-01-01T00:00:00", Format::DateTime);
    assert!(
        err.to_string()
            .contains("at byte 19: ended where 'Z' or a UTC offset"),
        "{err}"
    );
    let long = "x".repeat(1000);
    assert!(error(&long, Format::DateTime).to_string().len() < 200);
}

#[test]
fn http_dates() {
    let parse =
        |text: &str| DateTime::parse(text, Format::HttpDate).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        parse("Tue, 29 Apr 2014 18:30:38 GMT"),
        DateTime::from_secs(1398796238)
    );
    assert_eq!(
        parse("Tue, 29 Apr 2014 18:30:38.123 GMT"),
        at(1398796238, 123_000_000)
    );
    assert_eq!(
        parse("Sun, 02 Jan 2000 20:34:56.000 GMT"),
        DateTime::from_secs(946845296)
    );
    assert_eq!(parse("Thu, 01 Jan 1970 00:00:00 GMT"), DateTime::UNIX_EPOCH);
    assert_eq!(
        parse("Wed, 31 Dec 1969 23:59:59.5 GMT"),
        at(-1, 500_000_000)
    );
    assert_eq!(
        parse("Tue, 29 Feb 2000 12:00:00 GMT"),
        DateTime::from_secs(951825600)
    );
}

#[test]
fn invalid_http_dates() {
    let cases: &[(&str, usize, ParseErrorKind)] = &[
        (
            "Tue, 30 Feb 2014 18:30:38 GMT",
            5,
            ParseErrorKind::OutOfRange {
                field: "day of month",
            },
        ),
        (
            "Tue, 29 Feb 2014 18:30:38 GMT",
            5,
            ParseErrorKind::OutOfRange {
                field: "day of month",
            },
        ),
        (
            "Tue, 29 Apx 2014 18:30:38 GMT",
            8,
            ParseErrorKind::Unexpected {
                expected: "month name like 'Apr'",
            },
        ),
        (
            "Tuesday, 29 Apr 2014 18:30:38 GMT",
            3,
            ParseErrorKind::Unexpected { expected: ", " },
        ),
        (
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            0,
            ParseErrorKind::Unexpected {
                expected: "day name like 'Tue'",
            },
        ),
        (
            "Tue, 9 Apr 2014 18:30:38 GMT",
            6,
            ParseErrorKind::Unexpected {
                expected: "2-digit day",
            },
        ),
        (
            "Tue, 29 Apr 2014 25:30:38 GMT",
            17,
            ParseErrorKind::OutOfRange { field: "hour" },
        ),
        (
            "Tue, 29 Apr 2014 18:30:38",
            25,
            ParseErrorKind::UnexpectedEnd { expected: " GMT" },
        ),
        (
            "Tue, 29 Apr 2014 18:30:38 GMT ",
            29,
            ParseErrorKind::TrailingCharacters,
        ),
        (
            "2014-04-29T18:30:38Z",
            0,
            ParseErrorKind::Unexpected {
                expected: "day name like 'Tue'",
            },
        ),
    ];
    for (text, position, kind) in cases {
        let err = error(text, Format::HttpDate);
        assert_eq!(
            (err.kind(), err.position()),
            (kind, *position),
            "{text}: {err}"
        );
    }
}

#[test]
fn epoch_seconds_text() {
    let parse =
        |text: &str| DateTime::parse(text, Format::EpochSeconds).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(parse("1398796238"), DateTime::from_secs(1398796238));
    assert_eq!(parse("1398796238.123"), at(1398796238, 123_000_000));
    assert_eq!(parse("0"), DateTime::UNIX_EPOCH);
    assert_eq!(parse("-0"), DateTime::UNIX_EPOCH);
    assert_eq!(parse("-0.5"), at(-1, 500_000_000));
    assert_eq!(parse("-1.000000001"), at(-2, 999_999_999));
    assert_eq!(parse("1.3987962381E9"), at(1398796238, 100_000_000));
    assert_eq!(parse("1398796238123e-3"), at(1398796238, 123_000_000));
    assert_eq!(parse("12.5E+1"), DateTime::from_secs(125));
    assert_eq!(parse("0.0000000001"), DateTime::UNIX_EPOCH);
    // Below a nanosecond, text rounds toward the past.
    assert_eq!(parse("-0.0000000001"), at(-1, 999_999_999));
    assert_eq!(parse("1e-99999999999999999999"), DateTime::UNIX_EPOCH);
    assert_eq!(parse("9223372036854775807.999999999"), DateTime::MAX);
    assert_eq!(parse("-9223372036854775808"), DateTime::MIN);
}

#[test]
fn invalid_epoch_seconds() {
    let cases: &[(&str, usize, ParseErrorKind)] = &[
        ("", 0, ParseErrorKind::UnexpectedEnd { expected: "digits" }),
        ("abc", 0, ParseErrorKind::Unexpected { expected: "digits" }),
        (
            "1.",
            2,
            ParseErrorKind::UnexpectedEnd {
                expected: "digits after '.'",
            },
        ),
        (
            "1e",
            2,
            ParseErrorKind::UnexpectedEnd {
                expected: "exponent digits",
            },
        ),
        ("12x", 2, ParseErrorKind::TrailingCharacters),
        (" 12", 0, ParseErrorKind::Unexpected { expected: "digits" }),
        ("9223372036854775808", 0, ParseErrorKind::Overflow),
        ("-9223372036854775808.5", 0, ParseErrorKind::Overflow),
        ("1e20", 0, ParseErrorKind::Overflow),
    ];
    for (text, position, kind) in cases {
        let err = error(text, Format::EpochSeconds);
        assert_eq!(
            (err.kind(), err.position()),
            (kind, *position),
            "{text}: {err}"
        );
    }
}

#[test]
fn single_character_mutations_never_panic() {
    let valid = [
        ("1985-04-12T23:20:50.52+01:30", Format::DateTime),
        ("Tue, 29 Apr 2014 18:30:38.123 GMT", Format::HttpDate),
        ("-1398796238.123e-2", Format::EpochSeconds),
    ];
    for (text, format) in valid {
        for (at, _) in text.char_indices() {
            for replacement in ["", "9", "0", ":", "-", "é", " ", "Z", ".", "e"] {
                let mutated = format!("{}{replacement}{}", &text[..at], &text[at + 1..]);
                if let Ok(value) = DateTime::parse(&mutated, format) {
                    // Whatever parses formats and parses back to the same instant.
                    let again = value.format(Format::EpochSeconds).unwrap();
                    assert_eq!(
                        DateTime::parse(&again, Format::EpochSeconds).unwrap(),
                        value
                    );
                }
            }
        }
    }
}
