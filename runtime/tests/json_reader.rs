//! The streaming JSON reader: every token, every error with its pointer,
//! profiles, limits, truncation, and a differential test against serde_json.

use std::borrow::Cow;

use serde_json::{json, Value};
use smithy_rt::datetime::{DateTime, Format};
use smithy_rt::error::DeserializeError;
use smithy_rt::json::reader::{Kind, MAX_DEPTH};
use smithy_rt::json::{Field, JsonReader, Member, Profile};

// ----- generated-style readers used throughout -----

#[derive(Debug, Default, PartialEq)]
struct MemberError {
    member_id: Option<String>,
    error_code: Option<String>,
    error_message: Option<String>,
}

static MEMBER_ERROR: [Field; 3] = [
    Field::new("MemberId", "MemberId"),
    Field::new("ErrorCode", "ErrorCode"),
    Field::new("ErrorMessage", "ErrorMessage"),
];

fn member_error(r: &mut JsonReader<'_>) -> Result<MemberError, DeserializeError> {
    let mut out = MemberError::default();
    r.begin_object()?;
    while let Some(i) = r.next_field(&MEMBER_ERROR)? {
        match i {
            0 => out.member_id = Some(r.string()?),
            1 => out.error_code = Some(r.string()?),
            2 => out.error_message = Some(r.string()?),
            _ => r.skip()?,
        }
    }
    Ok(out)
}

static OUTPUT: [Field; 1] = [Field::new("Errors", "Errors")];

fn output(r: &mut JsonReader<'_>) -> Result<Option<Vec<MemberError>>, DeserializeError> {
    let mut errors = None;
    r.begin_object()?;
    while let Some(i) = r.next_field(&OUTPUT)? {
        if i == 0 {
            let mut list = Vec::new();
            r.begin_array()?;
            while r.next_item()? {
                if r.dense_null()? {
                    continue;
                }
                list.push(member_error(r)?);
            }
            errors = Some(list);
        }
    }
    Ok(errors)
}

fn read_output(
    body: &[u8],
    profile: &'static Profile,
) -> Result<Option<Vec<MemberError>>, DeserializeError> {
    let mut r = JsonReader::body(body, profile);
    let out = output(&mut r)?;
    r.end()?;
    Ok(out)
}

/// Runs `f` on a reader of `json` and then `end`.
fn with<T>(
    json: &str,
    f: impl FnOnce(&mut JsonReader<'_>) -> Result<T, DeserializeError>,
) -> Result<T, DeserializeError> {
    let mut r = JsonReader::new(json.as_bytes(), &Profile::WIRE);
    let v = f(&mut r)?;
    r.end()?;
    Ok(v)
}

fn err<T: std::fmt::Debug>(r: Result<T, DeserializeError>) -> (String, String) {
    let e = r.expect_err("an error");
    (e.path().to_owned(), e.message().to_owned())
}

fn realistic_body(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"MemberId":"{i:02}ab2345c-67de","ErrorCode":"NotFound","ErrorMessage":"The member {i} was not found \"here\" \u00e9\ud83d\ude00."}}"#
            )
        })
        .collect();
    format!(
        r#"{{"Errors":[{}],"Extra":{{"a":[1,2.5e3,true,null,"x"]}}}}"#,
        items.join(",")
    )
}

// ----- tokens -----

#[test]
fn structures_lists_and_unknown_keys() {
    let body = realistic_body(3);
    let errors = read_output(body.as_bytes(), &Profile::WIRE)
        .unwrap()
        .unwrap();
    assert_eq!(errors.len(), 3);
    assert_eq!(errors[1].member_id.as_deref(), Some("01ab2345c-67de"));
    assert_eq!(
        errors[2].error_message.as_deref(),
        Some("The member 2 was not found \"here\" é😀.")
    );
    // Pretty-printed, keys out of order, explicit nulls.
    let body = "{\n  \"Errors\" : [\n    { \"ErrorMessage\" : \"m\",\t\"MemberId\" : null,\r\n \"ErrorCode\": \"c\" }\n  ]\n}\n";
    let errors = read_output(body.as_bytes(), &Profile::WIRE)
        .unwrap()
        .unwrap();
    assert_eq!(
        errors,
        [MemberError {
            member_id: None,
            error_code: Some("c".into()),
            error_message: Some("m".into())
        }]
    );
    // Empty body reads as {}, an empty object and an empty list are fine.
    assert_eq!(read_output(b"", &Profile::WIRE).unwrap(), None);
    assert_eq!(read_output(b" \n ", &Profile::WIRE).unwrap(), None);
    assert_eq!(read_output(b"{}", &Profile::WIRE).unwrap(), None);
    assert_eq!(
        read_output(br#"{"Errors":[]}"#, &Profile::WIRE).unwrap(),
        Some(vec![])
    );
    assert_eq!(
        read_output(br#"{"Errors":null}"#, &Profile::WIRE).unwrap(),
        None
    );
    // `new` does not treat an empty body as {}.
    let mut r = JsonReader::new(b"", &Profile::WIRE);
    assert_eq!(
        r.begin_object().unwrap_err().message(),
        "invalid JSON: EOF while parsing a value at line 1 column 1"
    );
}

#[test]
fn strings_and_escapes() {
    let s = |json: &str| with(json, |r| r.string());
    assert_eq!(s(r#""plain""#).unwrap(), "plain");
    assert_eq!(s(r#""""#).unwrap(), "");
    assert_eq!(s(r#""\"\\\/\b\f\n\r\t""#).unwrap(), "\"\\/\u{8}\u{c}\n\r\t");
    assert_eq!(s(r#""\u0041\u00e9\u20AC""#).unwrap(), "Aé€");
    assert_eq!(s(r#""\ud83d\ude00 \uD834\uDD1E""#).unwrap(), "😀 𝄞");
    assert_eq!(s("\"é😀 raw\"").unwrap(), "é😀 raw");
    assert_eq!(s(r#""\u0000""#).unwrap(), "\0");
    // Long strings cross the eight-byte scanning boundary everywhere.
    for n in 0..40 {
        let text: String = "abcdefghij".chars().cycle().take(n).collect();
        for pos in 0..=n {
            let mut with_escape = text.clone();
            with_escape.insert_str(pos, "\\n");
            let expected = format!("{}\n{}", &text[..pos], &text[pos..]);
            assert_eq!(s(&format!("\"{with_escape}\"")).unwrap(), expected);
        }
        assert_eq!(s(&format!("\"{text}\"")).unwrap(), text);
    }
    // Borrowed when there are no escapes, owned when there are.
    with(r#"["abc","a\nc"]"#, |r| {
        r.begin_array()?;
        assert!(r.next_item()?);
        assert!(matches!(r.str()?, Cow::Borrowed("abc")));
        assert!(r.next_item()?);
        assert!(matches!(r.str()?, Cow::Owned(ref s) if s == "a\nc"));
        assert!(!r.next_item()?);
        Ok(())
    })
    .unwrap();
}

#[test]
fn string_errors() {
    let s = |json: &[u8]| {
        let mut r = JsonReader::new(json, &Profile::WIRE);
        let e = r.string().and_then(|_| r.end()).unwrap_err();
        e.message().to_owned()
    };
    assert_eq!(
        s(b"\"a\x01b\""),
        "invalid JSON: control character (\\u0000-\\u001F) in string at line 1 column 3"
    );
    assert_eq!(
        s(b"\"a\tb\"").split(" at ").next(),
        Some("invalid JSON: control character (\\u0000-\\u001F) in string")
    );
    assert_eq!(
        s(br#""\x""#),
        "invalid JSON: invalid escape at line 1 column 3"
    );
    assert_eq!(
        s(br#""\u12G4""#),
        "invalid JSON: invalid \\u escape at line 1 column 3"
    );
    assert_eq!(
        s(br#""\ud800""#),
        "invalid JSON: lone high surrogate in \\u escape at line 1 column 3"
    );
    assert_eq!(
        s(br#""\ud800\u0041""#),
        "invalid JSON: lone high surrogate in \\u escape at line 1 column 3"
    );
    assert_eq!(
        s(br#""\udc00""#),
        "invalid JSON: lone low surrogate in \\u escape at line 1 column 3"
    );
    assert_eq!(
        s(b"\"\xff\""),
        "invalid JSON: invalid UTF-8 in string at line 1 column 3"
    );
    assert_eq!(
        s(b"\"ok \xc3\x28\""),
        "invalid JSON: invalid UTF-8 in string at line 1 column 7"
    );
    // Overlong encodings and encoded surrogates are invalid UTF-8 too.
    assert!(s(b"\"\xc0\xaf\"").contains("invalid UTF-8"));
    assert!(s(b"\"\xed\xa0\x80\"").contains("invalid UTF-8"));
    assert!(s(b"\"a\\\"").contains("EOF while parsing a string"));
    assert!(s(b"\"abc").contains("EOF while parsing a string"));
    assert!(s(b"'abc'").contains("expected value"));
    // Invalid UTF-8 in a key or a skipped value is caught as well.
    let e = read_output(b"{\"Err\xffors\":1}", &Profile::WIRE).unwrap_err();
    assert!(e.message().contains("invalid UTF-8"), "{e}");
    let e = read_output(b"{\"X\":[\"\xff\"]}", &Profile::WIRE).unwrap_err();
    assert!(e.message().contains("invalid UTF-8"), "{e}");
}

#[test]
fn numbers() {
    let int = |json: &str| with(json, |r| r.integer::<i64>());
    assert_eq!(int("0").unwrap(), 0);
    assert_eq!(int("-0").unwrap(), 0);
    assert_eq!(int("9223372036854775807").unwrap(), i64::MAX);
    assert_eq!(int("-9223372036854775808").unwrap(), i64::MIN);
    assert_eq!(with("127", |r| r.integer::<i8>()).unwrap(), 127);
    assert_eq!(with("-128", |r| r.integer::<i8>()).unwrap(), -128);
    assert_eq!(with("-32768", |r| r.integer::<i16>()).unwrap(), i16::MIN);
    assert_eq!(
        with("2147483647", |r| r.integer::<i32>()).unwrap(),
        i32::MAX
    );
    assert_eq!(
        err(with("128", |r| r.integer::<i8>())).1,
        "integer 128 is out of range for i8"
    );
    assert_eq!(
        err(with("-32769", |r| r.integer::<i16>())).1,
        "integer -32769 is out of range for i16"
    );
    assert_eq!(
        err(int("9223372036854775808")).1,
        "integer 9223372036854775808 is out of range for i64"
    );
    assert_eq!(
        err(int("-99999999999999999999999")).1,
        "integer -99999999999999999999999 is out of range for i64"
    );
    for not_integer in ["1.1", "1.0", "1e2", "1E+2", "-0.0", "1.001"] {
        assert_eq!(
            err(int(not_integer)).1,
            "expected an integer, found a number",
            "{not_integer}"
        );
    }
    for (json, found) in [
        (r#""123""#, "a string"),
        ("true", "a boolean"),
        ("null", "null"),
        ("[1]", "an array"),
        ("{}", "an object"),
    ] {
        assert_eq!(
            err(int(json)).1,
            format!("expected an integer, found {found}")
        );
    }
    for bad in [
        "01",
        "-",
        "+1",
        ".5",
        "1.",
        "1e",
        "1e+",
        "0x42",
        "Infinity",
        "-Infinity",
        "NaN",
        "2ABC",
        "--1",
    ] {
        let (path, message) = err(int(bad));
        assert!(message.starts_with("invalid JSON: "), "{bad}: {message}");
        assert_eq!(path, "");
    }

    let float = |json: &str| with(json, |r| r.float());
    assert_eq!(float("1.5").unwrap(), 1.5);
    assert_eq!(float("-2").unwrap(), -2.0);
    assert!(float("-0").unwrap().is_sign_negative());
    assert_eq!(float("1e3").unwrap(), 1000.0);
    assert_eq!(float("1E-2").unwrap(), 0.01);
    assert_eq!(
        float("123456789012345678901234567890").unwrap(),
        1.2345678901234568e29
    );
    assert_eq!(float("0.1").unwrap(), 0.1);
    assert_eq!(float("2.2250738585072014e-308").unwrap(), f64::MIN_POSITIVE);
    assert_eq!(float("1e-400").unwrap(), 0.0);
    assert!(float(r#""NaN""#).unwrap().is_nan());
    assert_eq!(float(r#""Infinity""#).unwrap(), f64::INFINITY);
    assert_eq!(float(r#""-Infinity""#).unwrap(), f64::NEG_INFINITY);
    assert_eq!(
        err(float(r#""123""#)).1,
        "expected a number, found the string \"123\""
    );
    assert_eq!(err(float("true")).1, "expected a number, found a boolean");
    assert_eq!(
        err(float("1e400")).1,
        "number 1e400 is out of range for f64"
    );
    let f32 = |json: &str| with(json, |r| r.float32());
    assert_eq!(f32("1.1").unwrap(), 1.1f32);
    assert_eq!(f32(r#""-Infinity""#).unwrap(), f32::NEG_INFINITY);
    assert_eq!(err(f32("1e39")).1, "number 1e39 is out of range for f32");

    let text = |json: &str| with(json, |r| r.number_text());
    assert_eq!(
        text("123456789012345678901234567890").unwrap(),
        "123456789012345678901234567890"
    );
    assert_eq!(text("-1.50e-10").unwrap(), "-1.50e-10");
    assert_eq!(err(text(r#""1""#)).1, "expected a number, found a string");
}

#[test]
fn booleans_nulls_kinds() {
    assert!(with("true", |r| r.boolean()).unwrap());
    assert!(!with(" false ", |r| r.boolean()).unwrap());
    assert_eq!(
        err(with("1", |r| r.boolean())).1,
        "expected a boolean, found a number"
    );
    assert_eq!(
        err(with(r#""true""#, |r| r.boolean())).1,
        "expected a boolean, found a string"
    );
    assert!(err(with("tru", |r| r.boolean()))
        .1
        .contains("EOF while parsing a value"));
    assert!(err(with("trUe", |r| r.boolean()))
        .1
        .contains("expected value"));
    assert!(err(with("nul", |r| r.take_null())).1.contains("EOF"));
    assert!(with("null", |r| r.take_null()).unwrap());
    assert!(!with("1", |r| {
        let n = r.take_null()?;
        r.integer::<i32>()?;
        Ok(n)
    })
    .unwrap());
    let kinds = with(r#"[null,true,false,-1,"s",[],{}]"#, |r| {
        let mut kinds = Vec::new();
        r.begin_array()?;
        while r.next_item()? {
            kinds.push(r.peek_kind()?);
            r.skip()?;
        }
        Ok(kinds)
    })
    .unwrap();
    use Kind::*;
    assert_eq!(kinds, [Null, Bool, Bool, Number, String, Array, Object]);
}

#[test]
fn blobs_and_timestamps() {
    assert_eq!(with(r#""dmFsdWU=""#, |r| r.blob()).unwrap(), b"value");
    assert_eq!(with(r#""""#, |r| r.blob()).unwrap(), b"");
    for bad in [r#""xyz""#, r#""YmxvYg=""#, r#""-_==""#, r#""YQ""#] {
        let (_, m) = err(with(bad, |r| r.blob()));
        assert!(m.starts_with("invalid base64: "), "{bad}: {m}");
    }
    assert_eq!(
        err(with("[98]", |r| r.blob())).1,
        "expected a string, found an array"
    );

    let ts = |json: &str, f: Format| with(json, |r| r.timestamp(f));
    assert_eq!(
        ts("1398796238", Format::EpochSeconds).unwrap(),
        DateTime::from_secs(1398796238)
    );
    assert_eq!(
        ts("1398796238.5", Format::EpochSeconds).unwrap(),
        DateTime::from_secs_and_nanos(1398796238, 500_000_000)
    );
    assert_eq!(
        ts("1.398796238e9", Format::EpochSeconds).unwrap(),
        DateTime::from_secs(1398796238)
    );
    assert_eq!(
        ts(r#""2014-04-29T18:30:38Z""#, Format::DateTime).unwrap(),
        DateTime::from_secs(1398796238)
    );
    assert_eq!(
        ts(r#""Tue, 29 Apr 2014 18:30:38 GMT""#, Format::HttpDate).unwrap(),
        DateTime::from_secs(1398796238)
    );
    assert_eq!(
        err(ts(r#""1398796238""#, Format::EpochSeconds)).1,
        "expected a number of epoch seconds, found a string"
    );
    assert_eq!(
        err(ts("1398796238", Format::DateTime)).1,
        "expected a timestamp string, found a number"
    );
    let (_, m) = err(ts(r#""Tue, 29 Apr 2014 18:30:38 GMT""#, Format::DateTime));
    assert!(m.starts_with("invalid timestamp: "), "{m}");
    let (_, m) = err(ts(r#""2014-04-29T18:30:38Z""#, Format::HttpDate));
    assert!(m.starts_with("invalid timestamp: "), "{m}");

    // Documents take any of the forms, whatever the member's format.
    let any = |json: &str| {
        let mut r = JsonReader::new(json.as_bytes(), &Profile::DOCUMENT);
        r.timestamp(Format::HttpDate)
    };
    let t = DateTime::from_secs(1398796238);
    assert_eq!(any("1398796238").unwrap(), t);
    assert_eq!(any(r#""1398796238""#).unwrap(), t);
    assert_eq!(any(r#""2014-04-29T18:30:38Z""#).unwrap(), t);
    assert_eq!(any(r#""Tue, 29 Apr 2014 18:30:38 GMT""#).unwrap(), t);
    let e = any(r#""yesterday""#).unwrap_err();
    assert_eq!(
        e.message(),
        "invalid timestamp: \"yesterday\" is not an ISO 8601 date-time, an HTTP date or epoch seconds"
    );
    assert!(any(r#""2014-13-29T18:30:38Z""#)
        .unwrap_err()
        .message()
        .starts_with("invalid timestamp: "));
    assert_eq!(
        any("true").unwrap_err().message(),
        "expected a timestamp, found a boolean"
    );
}

#[test]
fn documents() {
    let text = r#"{"a":[1,-2,3.5,18446744073709551615,1e300,"x\n",true,false,null,{}],"b":{"c":[[]]},"a2":"é"}"#;
    let v = with(text, |r| r.document()).unwrap();
    assert_eq!(v, serde_json::from_str::<Value>(text).unwrap());
    assert_eq!(with("\"hello\"", |r| r.document()).unwrap(), json!("hello"));
    assert_eq!(with("10", |r| r.document()).unwrap(), json!(10));
    assert_eq!(
        err(with("[1e999]", |r| r.document())),
        ("/0".into(), "number 1e999 is out of range for f64".into())
    );
}

#[test]
fn maps_unions_and_sparse_collections() {
    // Dense map.
    let dense = |json: &str, p: &'static Profile| {
        let mut r = JsonReader::new(json.as_bytes(), p);
        let mut out = Vec::new();
        r.begin_object()?;
        while let Some(k) = r.next_key()? {
            if r.dense_null()? {
                continue;
            }
            out.push((k.into_owned(), r.integer::<i32>()?));
        }
        r.end()?;
        Ok::<_, DeserializeError>(out)
    };
    let m = r#"{"a":1,"b\u0021":null,"c":3}"#;
    assert_eq!(
        dense(m, &Profile::WIRE).unwrap(),
        [("a".into(), 1), ("c".into(), 3)]
    );
    let e = dense(m, &Profile::SERVER).unwrap_err();
    assert_eq!(
        (e.path(), e.message()),
        ("/b!", "expected a value, found null")
    );
    let e = dense(r#"{"a":"x"}"#, &Profile::WIRE).unwrap_err();
    assert_eq!(
        (e.path(), e.message()),
        ("/a", "expected an integer, found a string")
    );
    assert!(dense(r#"{null:"abc"}"#, &Profile::SERVER)
        .unwrap_err()
        .message()
        .contains("key must be a string"));

    // Dense list under SERVER.
    let e = JsonReader::new(br#"["a",null]"#, &Profile::SERVER);
    let mut r = e;
    r.begin_array().unwrap();
    assert!(r.next_item().unwrap());
    assert_eq!(r.string().unwrap(), "a");
    assert!(r.next_item().unwrap());
    let e = r.dense_null().unwrap_err();
    assert_eq!(
        (e.path(), e.message()),
        ("/1", "expected a value, found null")
    );

    // Sparse map keeps nulls.
    let mut r = JsonReader::new(br#"{"x":null,"y":true}"#, &Profile::SERVER);
    let mut out = Vec::new();
    r.begin_object().unwrap();
    while let Some(k) = r.next_key().unwrap() {
        let v = if r.take_null().unwrap() {
            None
        } else {
            Some(r.boolean().unwrap())
        };
        out.push((k, v));
    }
    r.end().unwrap();
    assert_eq!(out, [("x".into(), None), ("y".into(), Some(true))]);

    // A union: unknown members come back, the caller decides.
    static UNION: [Field; 2] = [Field::new("int", "int"), Field::new("string", "string")];
    #[derive(Debug, PartialEq)]
    enum U {
        Int(i32),
        Str(String),
        Unknown(String),
    }
    let union = |json: &str, server: bool| -> Result<U, DeserializeError> {
        let mut r = JsonReader::new(
            json.as_bytes(),
            if server {
                &Profile::SERVER
            } else {
                &Profile::WIRE
            },
        );
        let mut value = None;
        r.begin_object()?;
        while let Some(m) = r.next_member(&UNION)? {
            if value.is_some() {
                return Err(r.error("a union must have exactly one member set"));
            }
            value = Some(match m {
                Member::Known(0) => U::Int(r.integer()?),
                Member::Known(_) => U::Str(r.string()?),
                Member::Unknown(k) if !server => {
                    r.skip()?;
                    U::Unknown(k.into_owned())
                }
                Member::Unknown(k) => return Err(r.error(format!("unknown union member {k:?}"))),
            });
        }
        let v = value.ok_or_else(|| r.error("a union must have exactly one member set"))?;
        r.end()?;
        Ok(v)
    };
    assert_eq!(union(r#"{"int":2}"#, true).unwrap(), U::Int(2));
    assert_eq!(
        union(r#"{"other":[1]}"#, false).unwrap(),
        U::Unknown("other".into())
    );
    assert_eq!(
        err(union(r#"{"int":2,"string":"three"}"#, true)),
        (
            "/string".into(),
            "a union must have exactly one member set".into()
        )
    );
    assert_eq!(
        err(union(r#"{"int":2,"unknownField":"three"}"#, true)).0,
        "/unknownField"
    );
    assert_eq!(err(union(r#"{"int":null}"#, true)).0, "");
    assert_eq!(err(union(r#"{}"#, true)).0, "");
    assert_eq!(
        err(union(r#"["int"]"#, true)).1,
        "expected an object, found an array"
    );
}

#[test]
fn profiles() {
    static FIELDS: [Field; 2] = [Field::new("wireA", "A"), Field::new("b", "B")];
    let read = |json: &str, p: &'static Profile| {
        let mut r = JsonReader::new(json.as_bytes(), p);
        let mut out = Vec::new();
        r.begin_object()?;
        while let Some(i) = r.next_field(&FIELDS)? {
            out.push((i, r.integer::<i32>()?));
        }
        r.end()?;
        Ok::<_, DeserializeError>(out)
    };
    assert_eq!(
        read(r#"{"wireA":1,"A":2,"b":3,"B":4}"#, &Profile::WIRE).unwrap(),
        [(0, 1), (1, 3)]
    );
    assert_eq!(
        read(r#"{"B":4,"A":2}"#, &Profile::DOCUMENT).unwrap(),
        [(1, 4), (0, 2)]
    );
    let e = read(r#"{"A":1,"wireA":2}"#, &Profile::DOCUMENT).unwrap_err();
    assert_eq!(e.path(), "/wireA");
    assert_eq!(
        e.message(),
        "unknown member \"wireA\", must be one of: A, B"
    );
    assert_eq!(read(r#"{"A":null}"#, &Profile::WIRE).unwrap(), []);
    assert_eq!(read(r#"{"wireA":null}"#, &Profile::SERVER).unwrap(), []);
    // A document's `null` member is absent, as the AWS CLI treats it.
    assert_eq!(read(r#"{"A":null}"#, &Profile::DOCUMENT).unwrap(), []);
    // Escaped keys match after decoding.
    assert_eq!(
        read(r#"{"wire\u0041":7}"#, &Profile::WIRE).unwrap(),
        [(0, 7)]
    );
    assert_eq!(Profile::WIRE.key_of(&FIELDS[0]), "wireA");
    assert_eq!(Profile::DOCUMENT.key_of(&FIELDS[0]), "A");
    // Missing required members name their pointer, by profile.
    let mut r = JsonReader::new(br#"{"x":[{}]}"#, &Profile::DOCUMENT);
    r.begin_object().unwrap();
    assert_eq!(r.next_key().unwrap().as_deref(), Some("x"));
    r.begin_array().unwrap();
    assert!(r.next_item().unwrap());
    r.begin_object().unwrap();
    assert_eq!(r.next_field(&FIELDS).unwrap(), None);
    let e = r.missing(&FIELDS, 0);
    assert_eq!(
        (e.path(), e.message()),
        ("/x/0/A", "required member is missing")
    );
}

// ----- errors and their pointers -----

#[test]
fn type_errors_name_the_pointer() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"{"Errors":{"MemberId":"a"}}"#,
            "/Errors",
            "expected an array, found an object",
        ),
        (
            r#"{"Errors":[{"MemberId":5}]}"#,
            "/Errors/0/MemberId",
            "expected a string, found a number",
        ),
        (
            r#"{"Errors":[{},{},{},{"ErrorCode":true}]}"#,
            "/Errors/3/ErrorCode",
            "expected a string, found a boolean",
        ),
        (
            r#"{"Errors":[{},"x"]}"#,
            "/Errors/1",
            "expected an object, found a string",
        ),
        (r#"[1,2]"#, "", "expected an object, found an array"),
        (r#""Errors""#, "", "expected an object, found a string"),
        (r#"null"#, "", "expected an object, found null"),
        (
            r#"{"Errors":[{"Member~Id/x":1,"MemberId":[]}]}"#,
            "/Errors/0/MemberId",
            "expected a string, found an array",
        ),
    ];
    for (body, path, message) in cases {
        let e = read_output(body.as_bytes(), &Profile::WIRE).unwrap_err();
        assert_eq!((e.path(), e.message()), (*path, *message), "{body}");
    }
    // Keys are escaped per RFC 6901 and unescaped from JSON.
    let mut r = JsonReader::new(br#"{"a~b/c\"d":[0,{"\u00e9":x}]}"#, &Profile::WIRE);
    let e = r.document().unwrap_err();
    assert_eq!(e.path(), "/a~0b~1c\"d/1/é");
}

#[test]
fn syntax_errors() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"{"Errors":["#,
            "/Errors",
            "EOF while parsing a list at line 1 column 12",
        ),
        (
            r#"{"Errors":[{"MemberId":"a""#,
            "/Errors/0/MemberId",
            "EOF while parsing an object at line 1 column 27",
        ),
        ("<html>oops</html>", "", "expected value at line 1 column 1"),
        (
            r#"{"Errors":[],}"#,
            "/Errors",
            "trailing comma at line 1 column 14",
        ),
        (
            r#"{"Errors":[{},]}"#,
            "/Errors/0",
            "trailing comma at line 1 column 15",
        ),
        (
            r#"{"Errors":[{} {}]}"#,
            "/Errors/0",
            "expected ',' or ']' at line 1 column 15",
        ),
        (
            r#"{"Errors" []}"#,
            "/Errors",
            "expected ':' at line 1 column 11",
        ),
        (
            r#"{"Errors":[] "X":1}"#,
            "/Errors",
            "expected ',' or '}' at line 1 column 14",
        ),
        (
            r#"{Errors:[]}"#,
            "",
            "key must be a string at line 1 column 2",
        ),
        (
            r#"{'Errors':[]}"#,
            "",
            "key must be a string at line 1 column 2",
        ),
        (
            "{\"Errors\":[]}x",
            "",
            "trailing characters at line 1 column 14",
        ),
        (
            "{\"Errors\":[]} {}",
            "",
            "trailing characters at line 1 column 15",
        ),
        (
            "{\"X\":01}",
            "/X",
            "invalid number: leading zero at line 1 column 7",
        ),
        (
            "{\"X\":1.}",
            "/X",
            "invalid number: no digits after '.' at line 1 column 8",
        ),
        (
            "{\"X\":1e}",
            "/X",
            "invalid number: no digits in exponent at line 1 column 8",
        ),
        ("{\"X\":[1,]}", "/X", "trailing comma at line 1 column 9"),
        (
            "{\"X\":{\"a\":1,}}",
            "/X",
            "trailing comma at line 1 column 13",
        ),
        (
            "{\"X\":{\"a\" 1}}",
            "/X",
            "expected ':' at line 1 column 11",
        ),
        (
            "{\"X\":[1 2]}",
            "/X",
            "expected ',' or ']' at line 1 column 9",
        ),
        (
            "{\"X\":{\"a\":1]}",
            "/X",
            "expected ',' or '}' at line 1 column 12",
        ),
        ("{\"X\":[}", "/X", "expected value at line 1 column 7"),
        ("{\"X\":NaN}", "/X", "expected value at line 1 column 6"),
        (
            "{\"int\" :\x0c10}",
            "/int",
            "expected value at line 1 column 9",
        ),
        (
            "{\n  \"int\": 10 // the integer should be 10\n}",
            "/int",
            "expected ',' or '}' at line 2 column 13",
        ),
        (
            "{\"int\": 10 /* the integer should be 10 */}",
            "/int",
            "expected ',' or '}' at line 1 column 12",
        ),
        ("{[", "", "key must be a string at line 1 column 2"),
        (
            "abc{ \"int\": 10 }",
            "",
            "expected value at line 1 column 1",
        ),
        ("\u{feff}{}", "", "expected value at line 1 column 1"),
        (
            "{\"X\":\"a\u{1}\"}",
            "/X",
            "control character (\\u0000-\\u001F) in string at line 1 column 8",
        ),
    ];
    let mut wrong = Vec::new();
    for (body, path, message) in cases {
        let e = read_output(body.as_bytes(), &Profile::WIRE).unwrap_err();
        if (e.path(), e.message()) != (*path, format!("invalid JSON: {message}").as_str()) {
            wrong.push(format!("{body:?}: {:?} {:?}", e.path(), e.message()));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn depth_is_limited_without_recursion() {
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let skip = |json: &str| {
        let mut r = JsonReader::new(json.as_bytes(), &Profile::WIRE);
        r.skip().and_then(|()| r.end())
    };
    let doc = |json: &str| {
        let mut r = JsonReader::new(json.as_bytes(), &Profile::WIRE);
        r.document().and_then(|v| r.end().map(|()| v))
    };
    assert!(skip(&nested(MAX_DEPTH)).is_ok());
    assert!(doc(&nested(MAX_DEPTH)).is_ok());
    let e = skip(&nested(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(
        e.message(),
        "invalid JSON: nesting deeper than 128 levels at line 1 column 129"
    );
    let e = doc(&nested(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(
        e.message(),
        "invalid JSON: nesting deeper than 128 levels at line 1 column 129"
    );
    assert_eq!(e.path(), "/0".repeat(MAX_DEPTH));
    assert!(skip(&nested(100_000)).is_err());
    assert!(doc(&nested(100_000)).is_err());
    let objects = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    assert!(skip(&objects).is_err());
    // Skipping inside open containers counts them too.
    let body = format!("{{\"Errors\":[],\"X\":{}}}", nested(MAX_DEPTH - 1));
    assert!(read_output(body.as_bytes(), &Profile::WIRE).is_ok());
    let body = format!("{{\"Errors\":[],\"X\":{}}}", nested(MAX_DEPTH));
    let e = read_output(body.as_bytes(), &Profile::WIRE).unwrap_err();
    assert!(
        e.message().contains("nesting deeper than 128 levels"),
        "{e}"
    );
    assert_eq!(e.path(), "/X");
    // Wide is fine: a large body of tiny arrays.
    let wide = format!("[{}]", vec!["[]"; 200_000].join(","));
    assert!(skip(&wide).is_ok());
}

#[test]
fn misuse_is_an_error_not_a_panic() {
    let mut r = JsonReader::new(b"[1]", &Profile::WIRE);
    assert!(r.next_item().is_err());
    assert!(r.next_key().is_err());
    r.begin_array().unwrap();
    assert!(r.next_field(&MEMBER_ERROR).is_err());
    let r2 = JsonReader::new(b"[1]", &Profile::WIRE);
    assert!(format!("{r2:?}").contains("JsonReader"));
    let mut r3 = JsonReader::new(b"[1]", &Profile::WIRE);
    r3.begin_array().unwrap();
    assert!(r3.end().is_err());
}

#[test]
fn truncation_at_every_byte_is_an_error() {
    let body = realistic_body(4);
    let bytes = body.as_bytes();
    assert!(read_output(bytes, &Profile::WIRE).is_ok());
    for cut in 1..bytes.len() {
        let part = &bytes[..cut];
        assert!(read_output(part, &Profile::WIRE).is_err(), "cut at {cut}");
        for p in [&Profile::SERVER, &Profile::DOCUMENT] {
            let _ = read_output(part, p);
        }
        let mut r = JsonReader::new(part, &Profile::WIRE);
        assert!(
            r.skip().and_then(|()| r.end()).is_err(),
            "skip, cut at {cut}"
        );
        let mut r = JsonReader::new(part, &Profile::WIRE);
        assert!(
            r.document().and_then(|_| r.end()).is_err(),
            "document, cut at {cut}"
        );
    }
}

// ----- differential test against serde_json -----

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_string(rng: &mut Rng) -> String {
    const ALPHABET: &[&str] = &[
        "a", "Z", "0", " ", "~", "/", "\"", "\\", "\n", "\t", "\u{1}", "\u{1f}", "é", "€", "😀",
        "\u{7f}", "\u{ffff}",
    ];
    let len = rng.below(12);
    (0..len)
        .map(|_| ALPHABET[rng.below(ALPHABET.len() as u64) as usize])
        .collect()
}

fn random_number(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("{}", rng.next() as i64),
        1 => format!("{}", rng.below(1000)),
        2 => format!("-{}.{}", rng.below(100000), rng.below(1000)),
        3 => format!(
            "{}e{}{}",
            rng.below(100),
            ["", "+", "-"][rng.below(3) as usize],
            rng.below(330)
        ),
        4 => format!("{}", rng.next()),
        _ => format!("{}{}", rng.next(), rng.next()),
    }
}

fn escape_randomly(rng: &mut Rng, s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || rng.below(8) == 0 => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    if rng.below(2) == 0 {
                        out.push_str(&format!("\\u{u:04x}"));
                    } else {
                        out.push_str(&format!("\\u{u:04X}"));
                    }
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn ws(rng: &mut Rng) -> &'static str {
    [" ", "", "", "\n", "\t", "\r\n  "][rng.below(6) as usize]
}

fn random_json(rng: &mut Rng, depth: usize) -> String {
    let pick = if depth > 5 {
        rng.below(5)
    } else {
        rng.below(8)
    };
    match pick {
        0 => "null".into(),
        1 => ["true", "false"][rng.below(2) as usize].into(),
        2 => random_number(rng),
        3 | 4 => {
            let s = random_string(rng);
            escape_randomly(rng, &s)
        }
        5 => {
            let n = rng.below(5);
            let items: Vec<String> = (0..n)
                .map(|_| format!("{}{}{}", ws(rng), random_json(rng, depth + 1), ws(rng)))
                .collect();
            format!("[{}]", items.join(","))
        }
        _ => {
            let n = rng.below(5);
            let items: Vec<String> = (0..n)
                .map(|_| {
                    let k = random_string(rng);
                    let k = escape_randomly(rng, &k);
                    format!(
                        "{}{k}{}:{}{}",
                        ws(rng),
                        ws(rng),
                        ws(rng),
                        random_json(rng, depth + 1)
                    )
                })
                .collect();
            format!("{{{}}}", items.join(","))
        }
    }
}

/// Equal, with floats allowed to differ in the last two bits: serde_json's
/// default float parsing is not always correctly rounded, `str::parse` is.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x.signum() == y.signum() && x.to_bits().abs_diff(y.to_bits()) <= 2)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

fn ours(bytes: &[u8]) -> Result<Value, DeserializeError> {
    let mut r = JsonReader::new(bytes, &Profile::WIRE);
    let v = r.document()?;
    r.end()?;
    Ok(v)
}

#[test]
fn differential_against_serde_json() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut valid = 0;
    let mut mutated_rejected = 0;
    for round in 0..4000 {
        let text = random_json(&mut rng, 0);
        let expected: Result<Value, _> = serde_json::from_str(&text);
        let got = ours(text.as_bytes());
        match (&expected, &got) {
            (Ok(a), Ok(b)) => {
                assert!(same(a, b), "round {round}: {text}: serde {a:?}, ours {b:?}");
                valid += 1;
            }
            // Numbers beyond f64 are errors in both.
            (Err(_), Err(_)) => {}
            _ => panic!("round {round}: {text}: serde {expected:?}, ours {got:?}"),
        }
        // Mutations: both parsers accept or reject alike.
        let mut bytes = text.clone().into_bytes();
        for _ in 0..1 + rng.below(3) {
            if bytes.is_empty() {
                break;
            }
            let i = rng.below(bytes.len() as u64) as usize;
            match rng.below(4) {
                0 => {
                    bytes.remove(i);
                }
                1 => bytes.insert(i, b",:[]{}\"\\0-e.nx \x01\xff\xc3"[rng.below(18) as usize]),
                2 => bytes[i] = rng.below(256) as u8,
                _ => bytes.truncate(i),
            }
        }
        let expected: Result<Value, _> = serde_json::from_slice(&bytes);
        let got = ours(&bytes);
        match (&expected, &got) {
            (Ok(a), Ok(b)) => assert!(same(a, b), "mutated {:?}", String::from_utf8_lossy(&bytes)),
            (Err(_), Err(_)) => mutated_rejected += 1,
            _ => panic!(
                "mutated {:?}: serde {expected:?}, ours {got:?}",
                String::from_utf8_lossy(&bytes)
            ),
        }
    }
    assert!(valid > 3000, "{valid}");
    assert!(mutated_rejected > 1000, "{mutated_rejected}");
}
