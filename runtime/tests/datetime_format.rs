//! Formatting, construction and conversions of `smithy_rt::datetime::DateTime`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use smithy_rt::datetime::{DateTime, Format};

fn at(secs: i64, nanos: u32) -> DateTime {
    DateTime::from_secs_and_nanos(secs, nanos)
}

fn fmt(value: DateTime, format: Format) -> String {
    value.format(format).expect("formattable")
}

#[test]
fn date_time_without_fraction() {
    assert_eq!(
        fmt(DateTime::from_secs(1576540098), Format::DateTime),
        "2019-12-16T23:48:18Z"
    );
    assert_eq!(
        fmt(DateTime::UNIX_EPOCH, Format::DateTime),
        "1970-01-01T00:00:00Z"
    );
}

#[test]
fn date_time_fraction_is_trimmed() {
    assert_eq!(
        fmt(at(482196050, 520_000_000), Format::DateTime),
        "1985-04-12T23:20:50.52Z"
    );
    assert_eq!(
        fmt(at(0, 1), Format::DateTime),
        "1970-01-01T00:00:00.000000001Z"
    );
    assert_eq!(
        fmt(at(0, 123_456_789), Format::DateTime),
        "1970-01-01T00:00:00.123456789Z"
    );
    assert_eq!(
        fmt(at(0, 100_000_000), Format::DateTime),
        "1970-01-01T00:00:00.1Z"
    );
}

#[test]
fn before_1970_counts_the_fraction_forward() {
    // -0.5 s is one second back, half a second forward.
    assert_eq!(
        fmt(at(-1, 500_000_000), Format::DateTime),
        "1969-12-31T23:59:59.5Z"
    );
    assert_eq!(
        fmt(DateTime::from_secs(-1), Format::DateTime),
        "1969-12-31T23:59:59Z"
    );
    assert_eq!(
        fmt(DateTime::from_secs(-14182940), Format::DateTime),
        "1969-07-20T20:17:40Z"
    );
    assert_eq!(
        fmt(DateTime::from_secs(-14182940), Format::HttpDate),
        "Sun, 20 Jul 1969 20:17:40 GMT"
    );
}

#[test]
fn leap_days() {
    assert_eq!(
        fmt(DateTime::from_secs(951825600), Format::DateTime),
        "2000-02-29T12:00:00Z"
    );
    assert_eq!(
        fmt(DateTime::from_secs(13574563200), Format::DateTime),
        "2400-02-29T00:00:00Z"
    );
    // 1900 and 2100 are not leap years: the day after Feb 28 is Mar 1.
    let feb_28_1900 = DateTime::parse("1900-02-28T00:00:00Z", Format::DateTime).unwrap();
    assert_eq!(
        fmt(at(feb_28_1900.secs() + 86_400, 0), Format::DateTime),
        "1900-03-01T00:00:00Z"
    );
    let feb_28_2100 = DateTime::parse("2100-02-28T00:00:00Z", Format::DateTime).unwrap();
    assert_eq!(
        fmt(at(feb_28_2100.secs() + 86_400, 0), Format::DateTime),
        "2100-03-01T00:00:00Z"
    );
}

#[test]
fn year_range_edges() {
    assert_eq!(
        fmt(DateTime::from_secs(-62135596800), Format::DateTime),
        "0001-01-01T00:00:00Z"
    );
    assert_eq!(
        fmt(DateTime::from_secs(-62135596800), Format::HttpDate),
        "Mon, 01 Jan 0001 00:00:00 GMT"
    );
    let last = at(253402300799, 999_999_999);
    assert_eq!(
        fmt(last, Format::DateTime),
        "9999-12-31T23:59:59.999999999Z"
    );
    assert_eq!(
        fmt(last, Format::HttpDate),
        "Fri, 31 Dec 9999 23:59:59.999999999 GMT"
    );
    assert_eq!(
        fmt(DateTime::from_secs(-62167219200), Format::DateTime),
        "0000-01-01T00:00:00Z"
    );
}

#[test]
fn out_of_range_text_formats_are_errors() {
    for value in [
        DateTime::from_secs(253402300800),
        DateTime::from_secs(-62167219201),
        DateTime::MAX,
        DateTime::MIN,
    ] {
        let err = value.format(Format::DateTime).unwrap_err();
        assert_eq!(err.value(), value);
        assert!(
            err.to_string().contains("outside the range of date-time"),
            "{err}"
        );
        assert!(value.format(Format::HttpDate).is_err());
        assert!(value.format(Format::EpochSeconds).is_ok());
        // Display falls back to epoch seconds rather than failing.
        assert!(value.to_string().ends_with("s since the epoch"));
    }
}

#[test]
fn http_date() {
    assert_eq!(
        fmt(DateTime::from_secs(1398796238), Format::HttpDate),
        "Tue, 29 Apr 2014 18:30:38 GMT"
    );
    assert_eq!(
        fmt(at(1398796238, 123_000_000), Format::HttpDate),
        "Tue, 29 Apr 2014 18:30:38.123 GMT"
    );
    assert_eq!(
        fmt(DateTime::UNIX_EPOCH, Format::HttpDate),
        "Thu, 01 Jan 1970 00:00:00 GMT"
    );
    assert_eq!(
        fmt(DateTime::from_secs(1576540098), Format::HttpDate),
        "Mon, 16 Dec 2019 23:48:18 GMT"
    );
}

#[test]
fn epoch_seconds() {
    assert_eq!(
        fmt(DateTime::from_secs(1398796238), Format::EpochSeconds),
        "1398796238"
    );
    assert_eq!(
        fmt(at(1398796238, 123_000_000), Format::EpochSeconds),
        "1398796238.123"
    );
    assert_eq!(fmt(at(1, 1), Format::EpochSeconds), "1.000000001");
    assert_eq!(fmt(at(-1, 500_000_000), Format::EpochSeconds), "-0.5");
    assert_eq!(fmt(at(-2, 750_000_000), Format::EpochSeconds), "-1.25");
    assert_eq!(fmt(DateTime::from_secs(-5), Format::EpochSeconds), "-5");
    assert_eq!(
        fmt(DateTime::MIN, Format::EpochSeconds),
        "-9223372036854775808"
    );
    assert_eq!(
        fmt(DateTime::MAX, Format::EpochSeconds),
        "9223372036854775807.999999999"
    );
    assert_eq!(
        fmt(at(i64::MIN, 1), Format::EpochSeconds),
        "-9223372036854775807.999999999"
    );
}

#[test]
fn epoch_seconds_text_round_trips() {
    let samples = [
        at(0, 0),
        at(-1, 1),
        at(-1, 999_999_999),
        at(1398796238, 123_000_000),
        at(-1041337173, 870_000_000),
        DateTime::MIN,
        DateTime::MAX,
        at(i64::MIN, 999_999_999),
    ];
    for value in samples {
        let text = fmt(value, Format::EpochSeconds);
        assert_eq!(
            DateTime::parse(&text, Format::EpochSeconds).unwrap(),
            value,
            "{text}"
        );
        if let Ok(text) = value.format(Format::DateTime) {
            assert_eq!(
                DateTime::parse(&text, Format::DateTime).unwrap(),
                value,
                "{text}"
            );
        }
        if let Ok(text) = value.format(Format::HttpDate) {
            assert_eq!(
                DateTime::parse(&text, Format::HttpDate).unwrap(),
                value,
                "{text}"
            );
        }
    }
}

#[test]
fn construction_and_accessors() {
    assert_eq!(at(5, 2_500_000_000), at(7, 500_000_000));
    assert_eq!(at(i64::MAX, 1_000_000_000), DateTime::MAX);
    assert_eq!(DateTime::from_millis(1_500), at(1, 500_000_000));
    assert_eq!(DateTime::from_millis(-1_500), at(-2, 500_000_000));
    assert_eq!(DateTime::from_millis(-1_000), at(-1, 0));
    assert_eq!(at(-2, 500_000_000).to_millis(), Some(-1_500));
    assert_eq!(DateTime::MAX.to_millis(), None);
    let value = at(-2, 500_000_000);
    assert_eq!((value.secs(), value.subsec_nanos()), (-2, 500_000_000));
    assert_eq!(value.as_secs_f64(), -1.5);
    assert!(at(-1, 0) < at(-1, 1) && at(-1, 999_999_999) < at(0, 0));
}

#[test]
fn from_f64_uses_the_shortest_decimal() {
    assert_eq!(
        DateTime::from_secs_f64(1398796238.123),
        at(1398796238, 123_000_000)
    );
    assert_eq!(
        DateTime::from_secs_f64(946845296.123),
        at(946845296, 123_000_000)
    );
    assert_eq!(DateTime::from_secs_f64(-1.5), at(-2, 500_000_000));
    assert_eq!(DateTime::from_secs_f64(-0.0), DateTime::UNIX_EPOCH);
    assert_eq!(DateTime::from_secs_f64(1e-10), DateTime::UNIX_EPOCH);
    assert_eq!(DateTime::from_secs_f64(6e-10), at(0, 1));
    assert_eq!(DateTime::from_secs_f64(-6e-10), at(-1, 999_999_999));
    assert_eq!(DateTime::from_secs_f64(0.9999999999), at(1, 0));
    assert_eq!(
        DateTime::from_fractional_secs(1398796238, 0.123),
        at(1398796238, 123_000_000)
    );
    assert_eq!(
        DateTime::from_fractional_secs(-1, 0.25),
        at(-1, 250_000_000)
    );
    for value in [
        at(1398796238, 123_000_000),
        at(-14182940, 5_000_000),
        at(1576540098, 0),
    ] {
        assert_eq!(DateTime::from_secs_f64(value.as_secs_f64()), value);
    }
}

#[test]
fn from_f64_edge_values() {
    assert_eq!(DateTime::from_secs_f64(f64::NAN), DateTime::UNIX_EPOCH);
    assert_eq!(DateTime::from_secs_f64(f64::INFINITY), DateTime::MAX);
    assert_eq!(DateTime::from_secs_f64(f64::NEG_INFINITY), DateTime::MIN);
    assert_eq!(DateTime::from_secs_f64(1e300), DateTime::MAX);
    assert_eq!(DateTime::from_secs_f64(-1e300), DateTime::MIN);
    assert!(DateTime::try_from_secs_f64(f64::NAN).is_err());
    assert!(DateTime::try_from_secs_f64(1e19).is_err());
    assert_eq!(
        DateTime::try_from_secs_f64(-9.223372036854776e18).unwrap(),
        DateTime::MIN
    );
    assert_eq!(DateTime::from_fractional_secs(i64::MAX, 1.5), DateTime::MAX);
}

#[test]
fn system_time_conversions() {
    let after = UNIX_EPOCH + Duration::new(1398796238, 123);
    assert_eq!(DateTime::from(after), at(1398796238, 123));
    assert_eq!(SystemTime::try_from(at(1398796238, 123)).unwrap(), after);
    let before = UNIX_EPOCH - Duration::new(1, 500_000_000);
    assert_eq!(DateTime::from(before), at(-2, 500_000_000));
    assert_eq!(SystemTime::try_from(at(-2, 500_000_000)).unwrap(), before);
    let whole_before = UNIX_EPOCH - Duration::from_secs(86_400);
    assert_eq!(DateTime::from(whole_before), DateTime::from_secs(-86_400));
    assert_eq!(
        SystemTime::try_from(DateTime::from_secs(-86_400)).unwrap(),
        whole_before
    );
    let now = SystemTime::now();
    assert_eq!(SystemTime::try_from(DateTime::from(now)).unwrap(), now);
}

#[test]
fn display_is_rfc3339() {
    assert_eq!(
        at(482196050, 520_000_000).to_string(),
        "1985-04-12T23:20:50.52Z"
    );
    assert_eq!(Format::HttpDate.smithy_name(), "http-date");
}
