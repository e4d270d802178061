//! Building responses: success bodies and error answers.

use bytes::Bytes;
use smithy_rt::event_stream::stream::MessageStream;

use crate::HttpResponse;

/// Finishes a response builder with `body` and, when the body is not
/// empty, its `content_type`. A header the handler's output made
/// unrepresentable (a control character in a header value) turns into a
/// 500 rather than a panic.
pub fn finish(
    mut builder: http::response::Builder,
    body: Bytes,
    content_type: Option<&str>,
) -> HttpResponse {
    if let Some(ct) = content_type {
        if !body.is_empty() {
            builder = match ct {
                // The common one, without parsing and copying it.
                "application/json" => builder.header(
                    http::header::CONTENT_TYPE,
                    http::HeaderValue::from_static("application/json"),
                ),
                ct => builder.header(http::header::CONTENT_TYPE, ct),
            };
        }
    }
    builder = builder.header(http::header::CONTENT_LENGTH, body.len());
    match builder.body(body) {
        Ok(r) => r,
        Err(_) => crate::Rejection::Internal.into_response(),
    }
}

/// An error answer: `status`, `X-Amzn-ErrorType: kind` and a JSON body.
pub fn error_response(status: u16, kind: &str, body: Bytes) -> HttpResponse {
    let builder = http::Response::builder()
        .status(status)
        .header("x-amzn-errortype", kind)
        .header(http::header::CONTENT_TYPE, "application/json");
    match builder.body(body) {
        Ok(r) => r,
        Err(_) => {
            let mut r = http::Response::new(Bytes::from_static(b"{}"));
            *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
            r
        }
    }
}

/// Smithy's `ValidationException` answer: 400 with `message` and
/// `fieldList` (every violation's path and message).
pub fn validation_exception(error: &smithy_rt::validation::ValidationError) -> HttpResponse {
    let mut w = smithy_rt::json::JsonWriter::with_capacity(256);
    let mut obj = w.value().object();
    obj.key("message").string(&error.to_string());
    let mut list = obj.key("fieldList").array();
    for v in error.violations() {
        let mut item = list.item().object();
        item.key("path").string(&v.path);
        item.key("message").string(&v.message);
        item.finish();
    }
    list.finish();
    obj.finish();
    error_response(400, "ValidationException", Bytes::from(w.into_bytes()))
}

/// Finishes the response of a message whose body is its body members: an
/// empty body is written as `{}` (restJson1 always answers a JSON document),
/// except with a status that has no body (204, 304).
pub fn finish_document(
    builder: http::response::Builder,
    status: u16,
    body: Bytes,
    content_type: Option<&str>,
) -> HttpResponse {
    let no_body = status == 204 || status == 304;
    if body.is_empty() && !no_body {
        finish(builder, Bytes::from_static(b"{}"), Some("application/json"))
    } else {
        finish(builder, body, content_type)
    }
}

/// Finishes the response of a modelled error: an empty body is written as
/// `{}`, and a body without a content type of its own is `application/json`.
pub fn finish_error(
    builder: http::response::Builder,
    body: Bytes,
    content_type: Option<&str>,
) -> HttpResponse {
    let content_type = content_type.or(Some("application/json"));
    let body = if body.is_empty() {
        Bytes::from_static(b"{}")
    } else {
        body
    };
    finish(builder, body, content_type)
}

/// Finishes the head of a response whose body is an event stream: its
/// `content_type` (`application/vnd.amazon.eventstream`), no
/// `Content-Length`; the events are attached by
/// [`attach_event_stream`].
pub fn finish_stream_head(
    mut builder: http::response::Builder,
    content_type: Option<&str>,
) -> HttpResponse {
    if let Some(ct) = content_type {
        builder = builder.header(http::header::CONTENT_TYPE, ct);
    }
    match builder.body(Bytes::new()) {
        Ok(r) => r,
        Err(_) => crate::Rejection::Internal.into_response(),
    }
}

/// The event stream a response sends as its body, kept in the response's
/// extensions until the service sends it.
#[derive(Clone)]
struct EventStreamBody(
    std::sync::Arc<std::sync::Mutex<Option<smithy_rt::event_stream::stream::Body>>>,
);

/// Makes `events` the body of `response` (whose own body is empty): the
/// service sends each message as it comes, encoded.
pub fn attach_event_stream(response: &mut HttpResponse, events: MessageStream) {
    let body = smithy_rt::event_stream::stream::message_body(events);
    response
        .extensions_mut()
        .insert(EventStreamBody(std::sync::Arc::new(std::sync::Mutex::new(
            Some(body),
        ))));
}

/// Takes the event stream [`attach_event_stream`] gave `response`, if any:
/// the body to send instead of the response's (empty) bytes.
pub fn take_event_stream(
    response: &mut HttpResponse,
) -> Option<smithy_rt::event_stream::stream::Body> {
    let attached = response.extensions_mut().remove::<EventStreamBody>()?;
    let mut slot = attached
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    slot.take()
}
