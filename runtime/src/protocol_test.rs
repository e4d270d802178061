//! Comparison helpers for the protocol compliance tests that the generator
//! writes from a model's `smithy.test` traits (`tests/protocol_tests.rs` of a
//! generated crate). Every generated test calls these instead of repeating
//! its own checks; each helper collects every mismatch and panics once with
//! all of them.

use std::collections::BTreeMap;

pub mod event_stream;

use bytes::Bytes;

use crate::operation::{HostPrefix, HttpRequest, HttpResponse};
use crate::validation::{ValidationError, Violation};

/// What an `httpRequestTests` case expects of a serialized request.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExpectedRequest<'a> {
    /// Method, e.g. `POST`.
    pub method: &'a str,
    /// Path as sent to the configured `host` (its base path included).
    pub uri: &'a str,
    /// The configured endpoint host, possibly with a base path (`example.com/custom`).
    pub host: Option<&'a str>,
    /// The host the request must go to (after any `@endpoint` host prefix).
    pub resolved_host: Option<&'a str>,
    /// `key=value` pairs (percent-encoded as on the wire) that must be present.
    pub query_params: &'a [&'a str],
    /// Query keys that must be absent.
    pub forbid_query_params: &'a [&'a str],
    /// Query keys that must be present.
    pub require_query_params: &'a [&'a str],
    /// Headers that must be present with these values.
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must be absent.
    pub forbid_headers: &'a [&'a str],
    /// Headers that must be present.
    pub require_headers: &'a [&'a str],
    /// The body, if the case gives one.
    pub body: Option<&'a str>,
    /// How to compare the body: JSON media types as JSON, others as bytes.
    pub body_media_type: Option<&'a str>,
}

/// Checks `request` against `expected`; panics listing every mismatch.
pub fn check_request(request: &HttpRequest, expected: &ExpectedRequest<'_>) {
    let mut problems = Vec::new();
    if request.method().as_str() != expected.method {
        problems.push(format!(
            "method: expected {}, got {}",
            expected.method,
            request.method()
        ));
    }
    let path = request.uri().path();
    let base_path = expected
        .host
        .and_then(|h| h.find('/').map(|i| h[i..].trim_end_matches('/')))
        .unwrap_or("");
    let sent = format!("{base_path}{path}");
    if sent != expected.uri {
        problems.push(format!("uri: expected {}, got {sent}", expected.uri));
    }
    if let Some(resolved) = expected.resolved_host {
        let host = expected.host.unwrap_or_default();
        let host = host.split('/').next().unwrap_or_default();
        let prefix = request
            .extensions()
            .get::<HostPrefix>()
            .map_or("", |p| p.0.as_str());
        let actual = format!("{prefix}{host}");
        if actual != resolved {
            problems.push(format!("host: expected {resolved}, got {actual}"));
        }
    }
    check_query(request, expected, &mut problems);
    check_headers(request.headers(), expected, &mut problems);
    if let Some(body) = expected.body {
        if let Err(p) = compare_body(request.body(), body, expected.body_media_type) {
            problems.push(p);
        }
    }
    report(problems);
}

fn check_query(request: &HttpRequest, expected: &ExpectedRequest<'_>, problems: &mut Vec<String>) {
    let query = request.uri().query().unwrap_or("");
    let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    let key = |p: &str| p.split('=').next().unwrap_or_default().to_owned();
    let mut remaining = pairs.clone();
    for want in expected.query_params {
        match remaining.iter().position(|p| p == want) {
            Some(i) => {
                remaining.remove(i);
            }
            None => problems.push(format!("query: missing {want} in {query:?}")),
        }
    }
    for k in expected.forbid_query_params {
        if pairs.iter().any(|p| key(p) == *k) {
            problems.push(format!("query: {k} must not be sent, got {query:?}"));
        }
    }
    for k in expected.require_query_params {
        if !pairs.iter().any(|p| key(p) == *k) {
            problems.push(format!("query: {k} must be sent, got {query:?}"));
        }
    }
}

fn check_headers(
    headers: &http::HeaderMap,
    expected: &ExpectedRequest<'_>,
    problems: &mut Vec<String>,
) {
    for (name, value) in expected.headers {
        let got: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        if got.is_empty() {
            problems.push(format!("header {name}: missing, expected {value:?}"));
        } else if got.join(", ") != *value {
            problems.push(format!(
                "header {name}: expected {value:?}, got {:?}",
                got.join(", ")
            ));
        }
    }
    for name in expected.forbid_headers {
        if headers.contains_key(*name) {
            problems.push(format!("header {name}: must not be sent"));
        }
    }
    for name in expected.require_headers {
        if !headers.contains_key(*name) {
            problems.push(format!("header {name}: must be sent"));
        }
    }
}

/// Compares a body with the expected text: as JSON for JSON media types (an
/// empty expected body must be empty), else byte for byte.
pub fn compare_body(actual: &[u8], expected: &str, media_type: Option<&str>) -> Result<(), String> {
    let is_json = media_type.is_some_and(|m| m == "application/json" || m.ends_with("+json"));
    if is_json && !expected.trim().is_empty() {
        let want: serde_json::Value = serde_json::from_str(expected)
            .map_err(|e| format!("body: the expected body is not JSON: {e}"))?;
        let got: serde_json::Value = serde_json::from_slice(actual).map_err(|e| {
            format!(
                "body: not JSON ({e}): {:?}",
                String::from_utf8_lossy(actual)
            )
        })?;
        if got != want {
            return Err(format!("body: expected JSON {want}, got {got}"));
        }
        Ok(())
    } else if actual != expected.as_bytes() {
        Err(format!(
            "body: expected {expected:?}, got {:?}",
            String::from_utf8_lossy(actual)
        ))
    } else {
        Ok(())
    }
}

/// An HTTP response as an `httpResponseTests` case describes it.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Bytes::copy_from_slice(body.as_bytes()))
        .expect("the test case's response is valid HTTP")
}

/// Asserts that `actual` equals `expected`; values that differ only in NaNs
/// (which are never equal to themselves) count as equal when they print the same.
pub fn assert_same<T: PartialEq + std::fmt::Debug>(actual: &T, expected: &T) {
    if actual != expected {
        let (a, e) = (format!("{actual:#?}"), format!("{expected:#?}"));
        assert!(a == e, "deserialized value differs:\n got: {a}\nwant: {e}");
    }
}

/// Checks the violations found for a malformed request against the
/// `message` and `fieldList` of the expected ValidationException body.
pub fn check_violations(found: &[Violation], expected_body: &str) {
    let body: serde_json::Value =
        serde_json::from_str(expected_body).expect("the expected body is JSON");
    let mut problems = Vec::new();
    if found.is_empty() {
        problems.push("no violation was found".to_owned());
    } else {
        let message = ValidationError::from_violations(found.to_vec()).to_string();
        if let Some(want) = body.get("message").and_then(|m| m.as_str()) {
            if message != want {
                problems.push(format!("message:\n got: {message}\nwant: {want}"));
            }
        }
    }
    let want: BTreeMap<String, String> = body
        .get("fieldList")
        .and_then(|l| l.as_array())
        .map(|items| {
            items
                .iter()
                .map(|i| {
                    (
                        i["path"].as_str().unwrap_or_default().to_owned(),
                        i["message"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let got: BTreeMap<String, String> = found
        .iter()
        .map(|v| (v.path.clone(), v.message.clone()))
        .collect();
    if got != want {
        problems.push(format!("fieldList:\n got: {got:?}\nwant: {want:?}"));
    }
    report(problems);
}

fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} mismatch(es):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> HttpRequest {
        let mut r = http::Request::builder()
            .method("POST")
            .uri("/x?a=1&b=%20")
            .header("content-type", "application/json")
            .body(Bytes::from_static(br#"{"k": [1, 2]}"#))
            .unwrap();
        r.extensions_mut().insert(HostPrefix("foo.".to_owned()));
        r
    }

    #[test]
    fn matching_requests_pass() {
        check_request(
            &request(),
            &ExpectedRequest {
                method: "POST",
                uri: "/custom/x",
                host: Some("example.com/custom"),
                resolved_host: Some("foo.example.com"),
                query_params: &["b=%20"],
                forbid_query_params: &["c"],
                require_query_params: &["a"],
                headers: &[("Content-Type", "application/json")],
                forbid_headers: &["x-y"],
                require_headers: &["content-type"],
                body: Some("{\"k\":[1,2]}"),
                body_media_type: Some("application/json"),
            },
        );
    }

    #[test]
    #[should_panic(expected = "4 mismatch(es)")]
    fn every_mismatch_is_reported() {
        check_request(
            &request(),
            &ExpectedRequest {
                method: "GET",
                uri: "/y",
                query_params: &["a=2"],
                body: Some("{}"),
                body_media_type: Some("application/json"),
                ..Default::default()
            },
        );
    }

    #[test]
    fn bodies_and_violations() {
        assert!(compare_body(b"abc", "abc", Some("application/octet-stream")).is_ok());
        assert!(compare_body(b"", "", Some("application/json")).is_ok());
        assert!(compare_body(b"{}", "", Some("application/json")).is_err());
        let v = vec![Violation {
            path: "/a".to_owned(),
            message: "Value at '/a' failed to satisfy constraint: Member must not be null"
                .to_owned(),
        }];
        check_violations(
            &v,
            r#"{"message": "1 validation error detected. Value at '/a' failed to satisfy constraint: Member must not be null",
                "fieldList": [{"path": "/a", "message": "Value at '/a' failed to satisfy constraint: Member must not be null"}]}"#,
        );
        assert_same(&f64::NAN, &f64::NAN);
    }
}
