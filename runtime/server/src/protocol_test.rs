//! Helpers for the server-side protocol compliance tests that the generator
//! writes from a model's `smithy.test` traits
//! (`tests/server_protocol_tests.rs` of a generated crate): building the
//! request a case describes, running a service without a reactor, and
//! checking a response against what a case expects. Each check collects
//! every mismatch and panics once with all of them.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;

use crate::HttpResponse;

/// Runs a future that does not wait on I/O (a generated service answering
/// a request whose body is in memory) to completion on this thread.
pub fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}

/// The request a test case describes.
#[derive(Clone, Copy, Debug, Default)]
pub struct TestRequest<'a> {
    /// Method, e.g. `POST`.
    pub method: &'a str,
    /// Path, percent-encoded as on the wire.
    pub uri: &'a str,
    /// Host, sent as the `Host` header.
    pub host: Option<&'a str>,
    /// `key=value` pairs, percent-encoded as on the wire.
    pub query_params: &'a [&'a str],
    /// Headers.
    pub headers: &'a [(&'a str, &'a str)],
    /// Body.
    pub body: &'a str,
}

/// The `http::Request` for `r`.
pub fn request(r: &TestRequest<'_>) -> http::Request<Bytes> {
    let mut uri = r.uri.to_owned();
    if !r.query_params.is_empty() {
        uri.push(if uri.contains('?') { '&' } else { '?' });
        uri.push_str(&r.query_params.join("&"));
    }
    let mut b = http::Request::builder().method(r.method).uri(uri.as_str());
    if let Some(h) = r.host {
        b = b.header(http::header::HOST, h);
    }
    for (k, v) in r.headers {
        b = b.header(*k, *v);
    }
    b.body(Bytes::copy_from_slice(r.body.as_bytes()))
        .expect("the test case's request is valid HTTP")
}

/// The `http::Request` for `r` with `body` as its body instead of
/// `r.body`: bytes that are not text, such as an event stream.
pub fn request_with_body(r: &TestRequest<'_>, body: &[u8]) -> http::Request<Bytes> {
    let (parts, _) = request(r).into_parts();
    http::Request::from_parts(parts, Bytes::copy_from_slice(body))
}

/// What a case expects of a response.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExpectedResponse<'a> {
    /// Status code.
    pub code: u16,
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
    /// A regular expression the body's `message` must match.
    pub message_regex: Option<&'a str>,
}

/// Checks `response` against `expected`; panics listing every mismatch.
pub fn check_response(response: &HttpResponse, expected: &ExpectedResponse<'_>) {
    let mut problems = Vec::new();
    if response.status().as_u16() != expected.code {
        problems.push(format!(
            "status: expected {}, got {}",
            expected.code,
            response.status().as_u16()
        ));
    }
    let headers = response.headers();
    for (name, want) in expected.headers {
        let got: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .map(|v| v.to_str().unwrap_or("<not text>"))
            .collect();
        let got = got.join(", ");
        if got.is_empty() && !headers.contains_key(*name) {
            problems.push(format!("header {name}: expected {want:?}, absent"));
        } else if !same_header(&got, want) {
            problems.push(format!("header {name}: expected {want:?}, got {got:?}"));
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
    let media = expected.body_media_type.or_else(|| {
        headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    });
    if let Some(body) = expected.body {
        if let Err(e) = smithy_rt::protocol_test::compare_body(response.body(), body, media) {
            problems.push(e);
        }
    }
    if let Some(re) = expected.message_regex {
        let message = serde_json::from_slice::<serde_json::Value>(response.body())
            .ok()
            .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
            .unwrap_or_default();
        match regex_lite::Regex::new(re) {
            Ok(r) if r.is_match(&message) => {}
            Ok(_) => problems.push(format!("message: {message:?} does not match {re:?}")),
            Err(e) => problems.push(format!("message: the regex {re:?} is invalid: {e}")),
        }
    }
    assert!(
        problems.is_empty(),
        "the response differs from the test case:\n  {}\nresponse: {} {:?} {:?}",
        problems.join("\n  "),
        response.status(),
        response.headers(),
        String::from_utf8_lossy(response.body())
    );
}

/// Header values compare equal when their comma-separated items do, with
/// the whitespace around the commas ignored.
fn same_header(got: &str, want: &str) -> bool {
    let items = |s: &str| s.split(',').map(str::trim).collect::<Vec<_>>().join(",");
    got == want || items(got) == items(want)
}
