//! `--debug`: a connector wrapper that prints each request and response on
//! standard error, with the signature and session token redacted.

use std::io::Write;

use smithy_client::client::{ConnectorFuture, ConnectorSettings, HttpConnector, SharedConnector};
use smithy_rt::operation::{HttpRequest, HttpResponse};

/// Logs every exchange of the connector it wraps.
#[derive(Debug)]
pub struct DebugConnector {
    inner: SharedConnector,
}

impl DebugConnector {
    /// Wraps `inner`.
    pub fn new(inner: SharedConnector) -> Self {
        Self { inner }
    }
}

impl HttpConnector for DebugConnector {
    fn call(&self, request: HttpRequest, settings: ConnectorSettings) -> ConnectorFuture<'_> {
        log(&describe_request(&request));
        let call = self.inner.call(request, settings);
        Box::pin(async move {
            let result = call.await;
            match &result {
                Ok(response) => log(&describe_response(response)),
                Err(e) => log(&format!("DEBUG - no response: {e}\n")),
            }
            result
        })
    }
}

/// Writes to standard error with control characters escaped (the bodies
/// and headers come from the server).
fn log(text: &str) {
    let text = crate::format::terminal_safe(text);
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// A header value as shown: the signature and session token redacted.
pub fn redact(name: &str, value: &str) -> String {
    match name {
        "authorization" => match value.find("Signature=") {
            Some(i) => format!("{}Signature=** redacted **", &value[..i]),
            None => "** redacted **".to_owned(),
        },
        "x-amz-security-token" => "** redacted **".to_owned(),
        _ => value.to_owned(),
    }
}

fn headers(map: &http::HeaderMap) -> String {
    let mut out = String::new();
    for (name, value) in map {
        let value = String::from_utf8_lossy(value.as_bytes());
        out.push_str(&format!("  {}: {}\n", name, redact(name.as_str(), &value)));
    }
    out
}

/// The request as `--debug` prints it.
pub fn describe_request(r: &HttpRequest) -> String {
    format!(
        "DEBUG - sending request: {} {}\n{}  body: {}\n",
        r.method(),
        r.uri(),
        headers(r.headers()),
        String::from_utf8_lossy(r.body())
    )
}

/// The response as `--debug` prints it.
pub fn describe_response(r: &HttpResponse) -> String {
    format!(
        "DEBUG - received response: {}\n{}  body: {}\n",
        r.status().as_u16(),
        headers(r.headers()),
        String::from_utf8_lossy(r.body())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_and_token_are_redacted() {
        let auth = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/chime/aws4_request, SignedHeaders=host, Signature=abc123";
        assert_eq!(
            redact("authorization", auth),
            "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/chime/aws4_request, SignedHeaders=host, Signature=** redacted **"
        );
        assert_eq!(redact("x-amz-security-token", "secret"), "** redacted **");
        assert_eq!(
            redact("content-type", "application/json"),
            "application/json"
        );
    }
}
