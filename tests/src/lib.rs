//! Helpers shared by the tests: canned HTTP responses and request checks.

use bytes::Bytes;

/// An HTTP response with a status, headers and a body, as the transport hands it on.
pub fn response(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Bytes> {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(Bytes::copy_from_slice(body.as_bytes()))
        .expect("valid test response")
}

/// Parses a JSON body for comparison as JSON (not as bytes).
pub fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body).expect("body is JSON")
}

/// The README's Rust examples, compiled as doc tests so they stay true.
#[doc = include_str!("../../README.md")]
pub mod readme {}
