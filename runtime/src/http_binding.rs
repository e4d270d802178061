//! restJson1 HTTP bindings shared by every operation: URI labels, query
//! strings, headers and the error-code rules.

use std::fmt::Write as _;

use crate::error::{BuildError, ErrorMetadata};
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
        return Err(BuildError::invalid(member, "an HTTP label must not be empty"));
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
        return Err(BuildError::invalid(member, "an HTTP label must not be empty"));
    }
    for (i, segment) in value.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        push_segment(out, segment);
    }
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
        response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
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
        names.iter().find_map(|n| obj.get(*n).and_then(|v| v.as_str()).map(str::to_owned))
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
        assert_eq!(sanitize_error_code("aws.protocoltests.restjson#FooError"), "FooError");
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
            .body(bytes::Bytes::from_static(br#"{"code":"Other","Message":"bad"}"#))
            .unwrap();
        let m = error_metadata(&resp);
        assert_eq!((m.code(), m.message(), m.request_id(), m.status()), (Some("BadRequestException"), Some("bad"), Some("rid"), 400));
        let resp = http::Response::builder()
            .status(404)
            .body(bytes::Bytes::from_static(br#"{"__type":"ns#NotFoundException","message":"m"}"#))
            .unwrap();
        let m = error_metadata(&resp);
        assert_eq!((m.code(), m.message()), (Some("NotFoundException"), Some("m")));
        let resp = http::Response::builder().status(503).body(bytes::Bytes::from_static(b"<html>")).unwrap();
        assert_eq!(error_metadata(&resp).code(), None);
    }
}
