//! restJson1 HTTP bindings shared by every operation: URI labels, query
//! strings, headers and the error-code rules.

use std::fmt::Write as _;

use crate::error::{BuildError, DeserializeError, ErrorMetadata};
use crate::operation::HttpResponse;

/// Characters that never need escaping (RFC 3986 "unreserved").
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn push_escaped(out: &mut String, value: &str, keep_slash: bool) {
    for &b in value.as_bytes() {
        if is_unreserved(b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// Appends one `{label}` to a path: percent-encodes every byte that is not
/// unreserved (so `/`, `?`, `#`, `%`, spaces and non-ASCII cannot change the
/// path or query) and encodes the dots of a `.` or `..` value so it can never
/// be read as a dot-segment. An empty label is an error: it would collapse
/// the path.
pub fn push_label(out: &mut String, member: &str, value: &str) -> Result<(), BuildError> {
    if value.is_empty() {
        return Err(BuildError::invalid(
            member,
            "an HTTP label must not be empty",
        ));
    }
    push_segment(out, value);
    Ok(())
}

fn push_segment(out: &mut String, segment: &str) {
    if segment == "." || segment == ".." {
        for _ in 0..segment.len() {
            out.push_str("%2E");
        }
    } else {
        push_escaped(out, segment, false);
    }
}

/// Appends a greedy `{label+}`: like [`push_label`] but `/` separates
/// segments and stays literal; no segment may be a dot-segment.
pub fn push_greedy_label(out: &mut String, member: &str, value: &str) -> Result<(), BuildError> {
    if value.is_empty() {
        return Err(BuildError::invalid(
            member,
            "an HTTP label must not be empty",
        ));
    }
    for (i, segment) in value.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        push_segment(out, segment);
    }
    Ok(())
}

/// Appends the value of a `@hostLabel` member to a host prefix: it must be a
/// non-empty run of letters, digits and `-` (dots only between such runs), so
/// that it cannot change which host the request goes to.
pub fn push_host_label(out: &mut String, member: &str, value: &str) -> Result<(), BuildError> {
    let valid = !value.is_empty()
        && value.split('.').all(|part| {
            !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if !valid {
        return Err(BuildError::invalid(
            member,
            format!("{value:?} is not a valid host label"),
        ));
    }
    out.push_str(value);
    Ok(())
}

/// Builds a query string from `key=value` pairs, percent-encoding both sides.
/// A pair with `None` as value is written as a bare key.
#[derive(Debug, Default)]
pub struct QueryWriter {
    out: String,
}

impl QueryWriter {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `key=value` (or a bare `key` when `value` is `None`).
    pub fn push(&mut self, key: &str, value: Option<&str>) {
        if !self.out.is_empty() {
            self.out.push('&');
        }
        push_escaped(&mut self.out, key, false);
        if let Some(v) = value {
            self.out.push('=');
            push_escaped(&mut self.out, v, false);
        }
    }

    /// The query (without `?`), empty if nothing was pushed.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Base64 (standard alphabet, padded), for blobs in headers and query strings.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Text of a float for a label, query value or header: `NaN`, `Infinity`,
/// `-Infinity`, else the shortest decimal that reads back to the same value.
pub fn fmt_float(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string())
    }
}

/// Text of a `float` (f32): like [`fmt_float`], with the shortest decimal
/// that reads back to the same f32 (`1.1`, not `1.100000023841858`).
pub fn fmt_float32(v: f32) -> String {
    if v.is_finite() {
        // Rust prints the shortest round-trip form; make it a JSON number.
        let text = format!("{v:?}");
        match text.find(['e', 'E']) {
            Some(_) => fmt_float(text.parse::<f64>().unwrap_or(f64::from(v))),
            None => text,
        }
    } else {
        fmt_float(f64::from(v))
    }
}

/// Adds header `name: value` to the request unless it already has `name`
/// (headers a per-service customization sends by default, e.g. API
/// Gateway's `accept: application/json`).
pub fn default_header(
    request: http::request::Builder,
    name: &'static str,
    value: &'static str,
) -> http::request::Builder {
    if request.headers_ref().is_some_and(|h| h.contains_key(name)) {
        request
    } else {
        request.header(name, value)
    }
}

/// Ends a serialized request: adds `content-type` (unless a member already
/// set one) when there is a body to describe, and `content-length` for a
/// non-empty body.
pub fn finish_request(
    mut request: http::request::Builder,
    body: bytes::Bytes,
    content_type: Option<&str>,
) -> Result<crate::operation::HttpRequest, BuildError> {
    if let Some(ct) = content_type {
        let has = request
            .headers_ref()
            .is_some_and(|h| h.contains_key(http::header::CONTENT_TYPE));
        if !has {
            request = request.header(http::header::CONTENT_TYPE, ct);
        }
    }
    if !body.is_empty() {
        request = request.header(http::header::CONTENT_LENGTH, body.len());
    }
    request
        .body(body)
        .map_err(|e| BuildError::invalid("request", e))
}

/// Text of a timestamp for a label, query value or header. A value the text
/// formats cannot express is written as epoch seconds.
pub fn fmt_timestamp(v: &crate::datetime::DateTime, format: crate::datetime::Format) -> String {
    v.format(format)
        .or_else(|_| v.format(crate::datetime::Format::EpochSeconds))
        .unwrap_or_else(|_| v.secs().to_string())
}

/// Parses a timestamp header (http-date unless the member says otherwise).
pub fn header_timestamp(
    text: &str,
    name: &str,
    format: crate::datetime::Format,
) -> Result<crate::datetime::DateTime, DeserializeError> {
    crate::datetime::DateTime::parse(text.trim(), format).map_err(|e| {
        DeserializeError::new(format!("header:{name}"), format!("invalid timestamp: {e}"))
    })
}

/// One item of a list-valued header: quoted (with `"` and `\` escaped) if
/// it contains a comma or a double quote, as restJson1 requires.
pub fn quote_header_item(item: &str) -> String {
    if item.contains(',') || item.contains('"') {
        let mut out = String::with_capacity(item.len() + 2);
        out.push('"');
        for c in item.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
        out
    } else {
        item.to_owned()
    }
}

/// Splits a list-valued header into items, honouring double-quoted items.
/// Timestamps in http-date form contain a comma of their own, so for
/// timestamp lists every second comma separates items.
pub fn split_header_list(text: &str, http_dates: bool) -> Vec<String> {
    if http_dates {
        let parts: Vec<&str> = text.split(',').collect();
        return parts
            .chunks(2)
            .map(|c| c.join(",").trim().to_owned())
            .collect();
    }
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ' ' || *c == '\t') {
            chars.next();
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        if let Some(n) = chars.next() {
                            item.push(n);
                        }
                    }
                    '"' => break,
                    c => item.push(c),
                }
            }
            for c in chars.by_ref() {
                if c == ',' {
                    break;
                }
            }
            out.push(item);
        } else {
            let mut ended = true;
            for c in chars.by_ref() {
                if c == ',' {
                    ended = false;
                    break;
                }
                item.push(c);
            }
            out.push(item.trim().to_owned());
            if ended {
                break;
            }
            continue;
        }
        if chars.peek().is_none() {
            break;
        }
    }
    out
}

/// The text of header `name`, if present; a value that is not visible ASCII
/// or UTF-8 is an error naming the header.
pub fn header_text<'h>(
    headers: &'h http::HeaderMap,
    name: &str,
) -> Result<Option<&'h str>, DeserializeError> {
    match headers.get(name) {
        None => Ok(None),
        Some(v) => std::str::from_utf8(v.as_bytes()).map(Some).map_err(|_| {
            DeserializeError::new(format!("header:{name}"), "header value is not UTF-8")
        }),
    }
}

/// Parses header text into a number or boolean.
pub fn header_parse<T: std::str::FromStr>(text: &str, name: &str) -> Result<T, DeserializeError> {
    text.trim().parse().map_err(|_| {
        DeserializeError::new(
            format!("header:{name}"),
            format!("cannot read {text:?} as {}", std::any::type_name::<T>()),
        )
    })
}

/// Parses header text into a float, accepting `NaN` and the infinities.
pub fn header_float(text: &str, name: &str) -> Result<f64, DeserializeError> {
    match text.trim() {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        t => header_parse(t, name),
    }
}

/// Parses header text into a `float` (f32), accepting `NaN` and the infinities.
pub fn header_float32(text: &str, name: &str) -> Result<f32, DeserializeError> {
    header_float(text, name).map(|f| f as f32)
}

/// Decodes a base64 header into bytes.
pub fn header_base64(text: &str, name: &str) -> Result<Vec<u8>, DeserializeError> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .map_err(|e| {
            DeserializeError::new(format!("header:{name}"), format!("invalid base64: {e}"))
        })
}

/// Decodes a base64 header into text (strings with `@mediaType`).
pub fn header_base64_text(text: &str, name: &str) -> Result<String, DeserializeError> {
    String::from_utf8(header_base64(text, name)?)
        .map_err(|_| DeserializeError::new(format!("header:{name}"), "decoded header is not UTF-8"))
}

/// Every header starting with `prefix` (lower case), keyed by the rest of its name.
pub fn prefix_headers(
    headers: &http::HeaderMap,
    prefix: &str,
) -> Result<std::collections::BTreeMap<String, String>, DeserializeError> {
    let mut out = std::collections::BTreeMap::new();
    for (name, value) in headers {
        if let Some(rest) = name.as_str().strip_prefix(prefix) {
            let text = std::str::from_utf8(value.as_bytes()).map_err(|_| {
                DeserializeError::new(format!("header:{name}"), "header value is not UTF-8")
            })?;
            out.insert(rest.to_owned(), text.to_owned());
        }
    }
    Ok(out)
}

/// A text payload.
pub fn body_text(body: &[u8]) -> Result<String, DeserializeError> {
    String::from_utf8(body.to_vec())
        .map_err(|_| DeserializeError::new("", "text payload is not UTF-8"))
}

/// Largest error body the error-metadata parser looks into.
const MAX_ERROR_JSON: usize = 1 << 20;

/// Reads code, message and request id from an error response, following the
/// restJson1 rules: the code comes from the `X-Amzn-ErrorType` header, else
/// `code` or `__type` in a JSON body; anything after `:` and up to the last
/// `#` is dropped (`aws.protocoltests#FooError:http://...` becomes
/// `FooError`). The message is `message` or `Message` in the body.
pub fn error_metadata(response: &HttpResponse) -> ErrorMetadata {
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let request_id = header("x-amzn-requestid");
    let body = response.body();
    let json: Option<serde_json::Map<String, serde_json::Value>> = if body.len() <= MAX_ERROR_JSON {
        serde_json::from_slice(body).ok()
    } else {
        None
    };
    let field = |names: &[&str]| -> Option<String> {
        let obj = json.as_ref()?;
        names
            .iter()
            .find_map(|n| obj.get(*n).and_then(|v| v.as_str()).map(str::to_owned))
    };
    let code = header("x-amzn-errortype")
        .or_else(|| field(&["code", "__type"]))
        .map(|c| sanitize_error_code(&c).to_owned())
        .filter(|c| !c.is_empty());
    let message = field(&["message", "Message", "errorMessage"]);
    ErrorMetadata::new(status, code, message, request_id)
}

/// Strips a raw error code to the bare shape name: drops anything after `:`
/// and anything up to and including the last `#`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let raw = raw.split(':').next().unwrap_or(raw);
    let raw = raw.rsplit('#').next().unwrap_or(raw);
    raw.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(v: &str) -> String {
        let mut s = String::new();
        push_label(&mut s, "L", v).unwrap();
        s
    }

    #[test]
    fn labels_cannot_escape_their_segment() {
        assert_eq!(label("acct-1"), "acct-1");
        assert_eq!(label("../x"), "..%2Fx");
        assert_eq!(label(".."), "%2E%2E");
        assert_eq!(label("."), "%2E");
        assert_eq!(label("a/b"), "a%2Fb");
        assert_eq!(label("a?b"), "a%3Fb");
        assert_eq!(label("a#b"), "a%23b");
        assert_eq!(label("a b%"), "a%20b%25");
        assert_eq!(label("é"), "%C3%A9");
        assert!(push_label(&mut String::new(), "AccountId", "").is_err());
    }

    #[test]
    fn greedy_labels_keep_slashes_but_not_dot_segments() {
        let mut s = String::new();
        push_greedy_label(&mut s, "K", "a/../b c").unwrap();
        assert_eq!(s, "a/%2E%2E/b%20c");
    }

    #[test]
    fn header_lists() {
        assert_eq!(split_header_list("a, b,c", false), ["a", "b", "c"]);
        assert_eq!(
            split_header_list(r#""b,c", "\"quoted\"", d"#, false),
            ["b,c", "\"quoted\"", "d"]
        );
        assert_eq!(
            split_header_list(
                "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT",
                true
            ),
            [
                "Mon, 16 Dec 2019 23:48:18 GMT",
                "Mon, 16 Dec 2019 23:48:18 GMT"
            ]
        );
        assert_eq!(quote_header_item("b,c"), "\"b,c\"");
        assert_eq!(quote_header_item("plain"), "plain");
        assert_eq!(fmt_float(f64::NAN), "NaN");
        assert_eq!(fmt_float(1.5), "1.5");
    }

    #[test]
    fn floats_host_labels_and_finished_requests() {
        assert_eq!(fmt_float32(1.1), "1.1");
        assert_eq!(fmt_float32(4.0), "4.0");
        assert_eq!(fmt_float32(f32::NEG_INFINITY), "-Infinity");
        let mut host = String::from("foo.");
        push_host_label(&mut host, "label", "bar-1").unwrap();
        assert_eq!(host, "foo.bar-1");
        for bad in ["", "a/b", "a..b", "x.com:80", "é"] {
            assert!(push_host_label(&mut String::new(), "label", bad).is_err());
        }
        let builder = http::Request::builder().header("content-type", "image/jpg");
        let r = finish_request(
            builder,
            bytes::Bytes::from_static(b"1234"),
            Some("application/octet-stream"),
        )
        .unwrap();
        assert_eq!(r.headers()["content-type"], "image/jpg");
        assert_eq!(r.headers()["content-length"], "4");
        let r = finish_request(http::Request::builder(), bytes::Bytes::new(), None).unwrap();
        assert!(r.headers().is_empty());
    }

    #[test]
    fn query_encoding() {
        let mut q = QueryWriter::new();
        q.push("operation", Some("batch-create"));
        q.push("a b", Some("c&d=e"));
        q.push("flag", None);
        assert_eq!(q.finish(), "operation=batch-create&a%20b=c%26d%3De&flag");
    }

    #[test]
    fn error_codes_are_sanitized() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
            "FooError"
        );
        assert_eq!(sanitize_error_code("FooError:http://x#y"), "FooError");
    }

    #[test]
    fn metadata_prefers_header_then_body() {
        let resp = http::Response::builder()
            .status(400)
            .header("X-Amzn-ErrorType", "BadRequestException:http://x")
            .header("x-amzn-RequestId", "rid")
            .body(bytes::Bytes::from_static(
                br#"{"code":"Other","Message":"bad"}"#,
            ))
            .unwrap();
        let m = error_metadata(&resp);
        assert_eq!(
            (m.code(), m.message(), m.request_id(), m.status()),
            (Some("BadRequestException"), Some("bad"), Some("rid"), 400)
        );
        let resp = http::Response::builder()
            .status(404)
            .body(bytes::Bytes::from_static(
                br#"{"__type":"ns#NotFoundException","message":"m"}"#,
            ))
            .unwrap();
        let m = error_metadata(&resp);
        assert_eq!(
            (m.code(), m.message()),
            (Some("NotFoundException"), Some("m"))
        );
        let resp = http::Response::builder()
            .status(503)
            .body(bytes::Bytes::from_static(b"<html>"))
            .unwrap();
        assert_eq!(error_metadata(&resp).code(), None);
    }
}
