//! A test double for users' own tests: answers calls from a queue of canned
//! responses or transport errors, without any network, and records every
//! request it was given.
//!
//! ```
//! use smithy_client::client::{ConnectorError, MockConnector};
//! use smithy_client::config::Config;
//!
//! let mock = MockConnector::new()
//!     .with_json(503, r#"{"message":"try later"}"#)
//!     .with_error(ConnectorError::io("connection reset", None))
//!     .with_json(200, r#"{"Errors":[]}"#);
//! let config = Config::builder()
//!     .region("us-east-1")
//!     .static_credentials("AKIDEXAMPLE", "not-a-real-secret", None)
//!     .http_connector(mock.clone())
//!     .build();
//! // ... build a client from `config`, make a call, then inspect what was sent:
//! assert_eq!(mock.requests().len(), 0);
//! assert_eq!(mock.remaining(), 3);
//! ```
//!
//! Each attempt (retries included) takes the next reply. When the queue is
//! empty the connector answers with a non-retryable
//! [`ConnectorError`] of kind [`Other`](super::ConnectorErrorKind::Other), so
//! a test that expected fewer calls fails instead of hanging. The response
//! body limit is enforced as by the real transport.
//!
//! Operations with an event stream go through
//! [`HttpConnector::call_streaming`]: the mock reads the request body to its
//! end (recording it, signed envelopes and all, as the request's body) and
//! then answers with the next reply, whose body becomes the response's
//! stream. So an input stream that waits for output events before it ends
//! cannot be tested with the mock; use a real server for duplex exchanges.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use http_body_util::BodyExt as _;

use super::connector::{
    ConnectorError, ConnectorFuture, ConnectorSettings, HttpConnector, StreamingFuture,
    StreamingRequest,
};
use smithy_rt::event_stream::stream::full_body;
use smithy_rt::operation::{HttpRequest, HttpResponse};

#[derive(Debug)]
enum Reply {
    Response(HttpResponse),
    Error(ConnectorError),
}

#[derive(Debug, Default)]
struct State {
    replies: VecDeque<Reply>,
    requests: Vec<HttpRequest>,
}

/// Answers requests from a queue of canned replies; clones share the queue
/// and the record of requests, so keep one clone to inspect after the call.
#[derive(Clone, Debug, Default)]
pub struct MockConnector {
    state: Arc<Mutex<State>>,
}

impl MockConnector {
    /// A connector with nothing queued.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queues `response` as the answer to the next unanswered attempt.
    pub fn with_response(self, response: HttpResponse) -> Self {
        self.push_response(response);
        self
    }

    /// Queues a response with `status`, `content-type: application/json`, an
    /// `x-amzn-RequestId` of `mock-request-<n>` and `body`.
    pub fn with_json(self, status: u16, body: &str) -> Self {
        self.push_json(status, body);
        self
    }

    /// Queues a transport failure (connection reset, connect timeout, ...).
    pub fn with_error(self, error: ConnectorError) -> Self {
        self.push_error(error);
        self
    }

    /// Like [`with_response`](Self::with_response), through a shared handle.
    pub fn push_response(&self, response: HttpResponse) {
        self.state().replies.push_back(Reply::Response(response));
    }

    /// Like [`with_json`](Self::with_json), through a shared handle.
    pub fn push_json(&self, status: u16, body: &str) {
        let mut state = self.state();
        let n = state.replies.len() + state.requests.len() + 1;
        let mut response = http::Response::new(Bytes::copy_from_slice(body.as_bytes()));
        *response.status_mut() =
            http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        if let Ok(id) = http::HeaderValue::from_str(&format!("mock-request-{n}")) {
            headers.insert("x-amzn-requestid", id);
        }
        state.replies.push_back(Reply::Response(response));
    }

    /// Like [`with_error`](Self::with_error), through a shared handle.
    pub fn push_error(&self, error: ConnectorError) {
        self.state().replies.push_back(Reply::Error(error));
    }

    /// Copies of every request received so far, in order (one per attempt),
    /// exactly as they would have gone on the wire: absolute URI, signed
    /// headers, body. Sensitive header values stay marked sensitive.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.state().requests.iter().map(copy_request).collect()
    }

    /// How many replies are still queued.
    pub fn remaining(&self) -> usize {
        self.state().replies.len()
    }
}

fn copy_request(request: &HttpRequest) -> HttpRequest {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    copy
}

impl MockConnector {
    /// Records `request` and takes the next reply.
    fn take_reply(&self, request: HttpRequest) -> Option<Reply> {
        let mut state = self.state();
        state.requests.push(request);
        state.replies.pop_front()
    }
}

/// The answer `reply` makes, under the body limit of `settings`.
fn answer(
    reply: Option<Reply>,
    settings: ConnectorSettings,
) -> Result<HttpResponse, ConnectorError> {
    match reply {
        Some(Reply::Response(response)) => {
            if response.body().len() > settings.max_response_body {
                let request_id = response
                    .headers()
                    .get("x-amzn-requestid")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                Err(ConnectorError::body_too_large(
                    response.status().as_u16(),
                    request_id,
                    settings.max_response_body,
                ))
            } else {
                Ok(response)
            }
        }
        Some(Reply::Error(error)) => Err(error),
        None => Err(ConnectorError::other(
            "MockConnector has no reply queued for this request",
            None,
        )),
    }
}

impl HttpConnector for MockConnector {
    fn call(&self, request: HttpRequest, settings: ConnectorSettings) -> ConnectorFuture<'_> {
        let reply = self.take_reply(request);
        Box::pin(async move { answer(reply, settings) })
    }

    /// Reads the request body to its end, then answers like
    /// [`call`](HttpConnector::call) with the reply's body as the stream.
    fn call_streaming(
        &self,
        request: StreamingRequest,
        _settings: ConnectorSettings,
    ) -> StreamingFuture<'_> {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.map_err(|e| {
                ConnectorError::other(format!("the request body failed: {e}"), None)
            })?;
            let request = http::Request::from_parts(parts, body.to_bytes());
            // No limit here: the client bounds the body itself when it
            // reads an error answer whole, and a stream is never bounded.
            let unbounded = ConnectorSettings::new(usize::MAX);
            let response = answer(self.take_reply(request), unbounded)?;
            Ok(response.map(full_body))
        })
    }
}
