//! Lowering of the `smithy.test` traits into [`crate::ir::OperationTests`]:
//! the cases for the service's protocol, read as they are (the
//! `eventStreamTests` cases are checked and typed: header values, base64
//! bytes, expectations).

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diag::{pointer_segment, Diagnostics};
use crate::emit::test_values::base64_decode;
use crate::ir::{
    AppliesTo, EventDirection, EventStreamTest, InitialHttpRequest, InitialHttpResponse,
    MalformedTest, OperationTests, RequestTest, ResponseTest, TestEvent, TestExpectation,
    TestHeaderValue,
};
use crate::smithy::{ast, traits};

/// The protocol whose cases are kept.
const PROTOCOL: &str = traits::REST_JSON1;

fn cases<T: DeserializeOwned>(
    diags: &mut Diagnostics,
    id: &str,
    t: &ast::Traits,
    name: &str,
    protocol: impl Fn(&T) -> &str,
) -> Vec<T> {
    let Some(v) = t.get(name) else {
        return vec![];
    };
    match serde_json::from_value::<Vec<T>>(v.clone()) {
        Ok(list) => list
            .into_iter()
            .filter(|c| protocol(c) == PROTOCOL)
            .collect(),
        Err(e) => {
            diags.shape(id, format!("invalid {name}: {e}"));
            vec![]
        }
    }
}

/// The response test cases on a shape (an operation or an error structure).
pub(crate) fn response_tests(
    diags: &mut Diagnostics,
    id: &str,
    t: &ast::Traits,
) -> Vec<ResponseTest> {
    cases(
        diags,
        id,
        t,
        traits::HTTP_RESPONSE_TESTS,
        |c: &ResponseTest| c.protocol.as_str(),
    )
}

/// Every test case on an operation.
pub(crate) fn operation_tests(
    diags: &mut Diagnostics,
    id: &str,
    t: &ast::Traits,
) -> OperationTests {
    OperationTests {
        request: cases(
            diags,
            id,
            t,
            traits::HTTP_REQUEST_TESTS,
            |c: &RequestTest| c.protocol.as_str(),
        ),
        response: response_tests(diags, id, t),
        malformed: cases(
            diags,
            id,
            t,
            traits::HTTP_MALFORMED_REQUEST_TESTS,
            |c: &MalformedTest| c.protocol.as_str(),
        ),
        event_stream: event_stream_tests(diags, id, t),
    }
}

/// The `eventStreamTests` cases on an operation, for the service's protocol.
/// Each malformed value is a diagnostic at the operation naming its JSON
/// pointer in the trait's value.
pub(crate) fn event_stream_tests(
    diags: &mut Diagnostics,
    id: &str,
    t: &ast::Traits,
) -> Vec<EventStreamTest> {
    let name = traits::EVENT_STREAM_TESTS;
    let Some(v) = t.get(name) else {
        return vec![];
    };
    let Some(list) = v.as_array() else {
        diags.shape(id, format!("{name}: expected a list of test cases"));
        return vec![];
    };
    let mut out = Vec::new();
    for (i, case) in list.iter().enumerate() {
        let mut r = CaseReader {
            diags: &mut *diags,
            id,
            at: format!("{name}/{i}"),
        };
        if let Some(c) = r.case(case) {
            out.push(c);
        }
    }
    out
}

/// Reads one case, recording every problem with its JSON pointer.
struct CaseReader<'a> {
    diags: &'a mut Diagnostics,
    id: &'a str,
    at: String,
}

impl CaseReader<'_> {
    fn fail(&mut self, pointer: &str, message: impl std::fmt::Display) {
        self.diags
            .shape(self.id, format!("{}{pointer}: {message}", self.at));
    }

    fn string(&mut self, v: Option<&Value>, pointer: &str) -> Option<String> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.fail(pointer, "expected a string");
                None
            }
        }
    }

    fn object(&mut self, v: Option<&Value>, pointer: &str) -> Option<Map<String, Value>> {
        match v {
            None | Some(Value::Null) => None,
            Some(Value::Object(o)) => Some(o.clone()),
            Some(_) => {
                self.fail(pointer, "expected an object");
                None
            }
        }
    }

    fn strings(&mut self, v: Option<&Value>, pointer: &str) -> Vec<String> {
        match v {
            None | Some(Value::Null) => vec![],
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
                .iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect(),
            Some(_) => {
                self.fail(pointer, "expected a list of strings");
                vec![]
            }
        }
    }

    fn typed<T: DeserializeOwned>(&mut self, v: Option<&Value>, pointer: &str) -> Option<T> {
        let v = v.filter(|v| !v.is_null())?;
        match serde_json::from_value(v.clone()) {
            Ok(x) => Some(x),
            Err(e) => {
                self.fail(pointer, e);
                None
            }
        }
    }

    fn case(&mut self, v: &Value) -> Option<EventStreamTest> {
        let Some(c) = v.as_object() else {
            self.fail("", "expected a test case object");
            return None;
        };
        const KNOWN: [&str; 15] = [
            "id",
            "protocol",
            "initialRequestParams",
            "initialRequest",
            "initialRequestShape",
            "initialResponseParams",
            "initialResponse",
            "initialResponseShape",
            "events",
            "expectation",
            "vendorParams",
            "vendorParamsShape",
            "documentation",
            "appliesTo",
            "tags",
        ];
        for k in c.keys().filter(|k| !KNOWN.contains(&k.as_str())) {
            self.fail(&format!("/{}", pointer_segment(k)), "unknown member");
        }
        let protocol = self.string(c.get("protocol"), "/protocol");
        let Some(id) = self.string(c.get("id"), "/id") else {
            self.fail("/id", "required");
            return None;
        };
        if protocol.as_deref() != Some(PROTOCOL) {
            return None;
        }
        let applies_to = match c.get("appliesTo").and_then(Value::as_str) {
            None => None,
            Some("client") => Some(AppliesTo::Client),
            Some("server") => Some(AppliesTo::Server),
            Some(other) => {
                self.fail(
                    "/appliesTo",
                    format!("expected client or server, got {other:?}"),
                );
                None
            }
        };
        for (shape_key, value_key, want) in [
            (
                "initialRequestShape",
                "initialRequest",
                "smithy.test#InitialHttpRequest",
            ),
            (
                "initialResponseShape",
                "initialResponse",
                "smithy.test#InitialHttpResponse",
            ),
        ] {
            let shape = self.string(c.get(shape_key), &format!("/{shape_key}"));
            if c.get(value_key).is_some() && shape.as_deref() != Some(want) {
                self.fail(
                    &format!("/{shape_key}"),
                    format!("{value_key} is read as {want} (an HTTP protocol); got {shape:?}"),
                );
            }
        }
        let initial_request: Option<InitialHttpRequest> =
            self.typed(c.get("initialRequest"), "/initialRequest");
        let initial_response: Option<InitialHttpResponse> =
            self.typed(c.get("initialResponse"), "/initialResponse");
        let initial_request_params =
            self.object(c.get("initialRequestParams"), "/initialRequestParams");
        let initial_response_params =
            self.object(c.get("initialResponseParams"), "/initialResponseParams");
        let documentation = self.string(c.get("documentation"), "/documentation");
        let events = match c.get("events") {
            None | Some(Value::Null) => vec![],
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .filter_map(|(j, e)| self.event(e, &format!("/events/{j}")))
                .collect(),
            Some(_) => {
                self.fail("/events", "expected a list of events");
                vec![]
            }
        };
        let expectation = self.expectation(c.get("expectation"))?;
        Some(EventStreamTest {
            id,
            applies_to,
            documentation,
            initial_request_params,
            initial_request,
            initial_response_params,
            initial_response,
            events,
            expectation,
        })
    }

    fn expectation(&mut self, v: Option<&Value>) -> Option<TestExpectation> {
        let Some(v) = v.filter(|v| !v.is_null()) else {
            return Some(TestExpectation::Success);
        };
        let obj = v.as_object().filter(|o| o.len() == 1);
        match obj.and_then(|o| o.iter().next()) {
            Some((k, _)) if k == "success" => Some(TestExpectation::Success),
            Some((k, f)) if k == "failure" => {
                let Some(f) = f.as_object() else {
                    self.fail("/expectation/failure", "expected an object");
                    return None;
                };
                for k in f.keys().filter(|k| *k != "errorId") {
                    self.fail(
                        &format!("/expectation/failure/{}", pointer_segment(k)),
                        "unknown member",
                    );
                }
                let error_id = self.string(f.get("errorId"), "/expectation/failure/errorId");
                Some(TestExpectation::Failure { error_id })
            }
            _ => {
                self.fail(
                    "/expectation",
                    "expected exactly one of success and failure",
                );
                None
            }
        }
    }

    fn event(&mut self, v: &Value, at: &str) -> Option<TestEvent> {
        let Some(e) = v.as_object() else {
            self.fail(at, "expected an event object");
            return None;
        };
        const KNOWN: [&str; 10] = [
            "type",
            "params",
            "headers",
            "forbidHeaders",
            "requireHeaders",
            "body",
            "bodyMediaType",
            "bytes",
            "vendorParams",
            "vendorParamsShape",
        ];
        for k in e.keys().filter(|k| !KNOWN.contains(&k.as_str())) {
            self.fail(&format!("{at}/{}", pointer_segment(k)), "unknown member");
        }
        let direction = match e.get("type").and_then(Value::as_str) {
            Some("request") => EventDirection::Request,
            Some("response") => EventDirection::Response,
            _ => {
                self.fail(
                    &format!("{at}/type"),
                    "expected \"request\" or \"response\"",
                );
                return None;
            }
        };
        let params = self.object(e.get("params"), &format!("{at}/params"));
        let mut headers = Vec::new();
        if let Some(h) = self.object(e.get("headers"), &format!("{at}/headers")) {
            for (name, value) in &h {
                let p = format!("{at}/headers/{}", pointer_segment(name));
                if let Some(value) = self.header_value(value, &p) {
                    headers.push((name.clone(), value));
                }
            }
        }
        let forbid_headers = self.strings(e.get("forbidHeaders"), &format!("{at}/forbidHeaders"));
        let require_headers =
            self.strings(e.get("requireHeaders"), &format!("{at}/requireHeaders"));
        let body = self.string(e.get("body"), &format!("{at}/body"));
        let body_media_type = self.string(e.get("bodyMediaType"), &format!("{at}/bodyMediaType"));
        let bytes = match self.string(e.get("bytes"), &format!("{at}/bytes")) {
            Some(b) => match base64_decode(&b) {
                Some(bytes) => {
                    self.check_bytes(&bytes, &headers, body.as_deref(), at);
                    bytes
                }
                None => {
                    self.fail(&format!("{at}/bytes"), "not base64");
                    return None;
                }
            },
            None => match encode_message(&headers, body.as_deref().unwrap_or("")) {
                Ok(bytes) => bytes,
                Err(why) => {
                    self.fail(
                        at,
                        format!("no bytes, and the message cannot be built: {why}"),
                    );
                    return None;
                }
            },
        };
        Some(TestEvent {
            direction,
            params,
            headers,
            forbid_headers,
            require_headers,
            body,
            body_media_type,
            bytes,
        })
    }

    /// Warns when `bytes` (one well-formed message) disagrees with the
    /// event's `headers` or `body`: the readers are given the bytes, the
    /// writers are checked against the headers and body. Bytes that are not
    /// one message may be meant to be malformed, and are left alone.
    fn check_bytes(
        &mut self,
        bytes: &[u8],
        headers: &[(String, TestHeaderValue)],
        body: Option<&str>,
        at: &str,
    ) {
        let Ok(m) = smithy_rt::event_stream::Message::decode(bytes) else {
            return;
        };
        let mut differences = Vec::new();
        for (name, want) in headers {
            let same = m.header(name).is_some_and(|got| header_matches(got, want));
            if !same {
                differences.push(format!("header {name}"));
            }
        }
        if body.is_some_and(|b| b.as_bytes() != m.payload().as_ref()) {
            differences.push("body".to_owned());
        }
        if !differences.is_empty() {
            self.diags.warn_shape(
                self.id,
                format!(
                    "{}{at}/bytes: the message disagrees with the event's {}",
                    self.at,
                    differences.join(", ")
                ),
            );
        }
    }

    fn header_value(&mut self, v: &Value, at: &str) -> Option<TestHeaderValue> {
        let Some((kind, x)) = v
            .as_object()
            .filter(|o| o.len() == 1)
            .and_then(|o| o.iter().next())
        else {
            self.fail(
                at,
                "expected an EventHeaderValue: an object with one member",
            );
            return None;
        };
        let at = format!("{at}/{}", pointer_segment(kind));
        let int = |lo: i64, hi: i64| x.as_i64().filter(|n| (lo..=hi).contains(n));
        let value = match kind.as_str() {
            "boolean" => x.as_bool().map(TestHeaderValue::Boolean),
            "byte" => match x {
                // The spec writes a byte as base64 text; the suites as a number.
                Value::String(s) => base64_decode(s)
                    .filter(|b| b.len() == 1)
                    .map(|b| TestHeaderValue::Byte(i8::from_ne_bytes([b[0]]))),
                _ => int(i8::MIN.into(), i8::MAX.into())
                    .and_then(|n| i8::try_from(n).ok())
                    .map(TestHeaderValue::Byte),
            },
            "short" => int(i16::MIN.into(), i16::MAX.into())
                .and_then(|n| i16::try_from(n).ok())
                .map(TestHeaderValue::Short),
            "integer" => int(i32::MIN.into(), i32::MAX.into())
                .and_then(|n| i32::try_from(n).ok())
                .map(TestHeaderValue::Integer),
            "long" => x.as_i64().map(TestHeaderValue::Long),
            "blob" => x
                .as_str()
                .and_then(base64_decode)
                .map(TestHeaderValue::Blob),
            "string" => x.as_str().map(|s| TestHeaderValue::String(s.to_owned())),
            "timestamp" => timestamp_millis(x).map(TestHeaderValue::Timestamp),
            other => {
                self.fail(&at, format!("unknown header value type {other:?}"));
                return None;
            }
        };
        if value.is_none() {
            self.fail(&at, format!("{x} is not a valid {kind} header value"));
        }
        value
    }
}

/// True if header value `got` is `want`.
fn header_matches(got: &smithy_rt::event_stream::HeaderValue, want: &TestHeaderValue) -> bool {
    use smithy_rt::event_stream::HeaderValue as H;
    match (got, want) {
        (H::Bool(a), TestHeaderValue::Boolean(b)) => a == b,
        (H::Byte(a), TestHeaderValue::Byte(b)) => a == b,
        (H::Short(a), TestHeaderValue::Short(b)) => a == b,
        (H::Integer(a), TestHeaderValue::Integer(b)) => a == b,
        (H::Long(a), TestHeaderValue::Long(b)) => a == b,
        (H::ByteArray(a), TestHeaderValue::Blob(b)) => a.as_ref() == b.as_slice(),
        (H::String(a), TestHeaderValue::String(b)) => a == b,
        (H::Timestamp(a), TestHeaderValue::Timestamp(b)) => a == b,
        _ => false,
    }
}

/// A timestamp node value (epoch seconds, or RFC 3339 text) in milliseconds.
fn timestamp_millis(v: &Value) -> Option<i64> {
    use smithy_rt::datetime::{DateTime, Format};
    match v {
        Value::String(s) => DateTime::parse(s, Format::DateTime)
            .ok()
            .and_then(|t| t.to_millis()),
        Value::Number(n) => match n.as_i64() {
            Some(secs) => secs.checked_mul(1000),
            None => n
                .as_f64()
                .filter(|f| f.is_finite())
                .map(|f| (f * 1000.0).round() as i64),
        },
        _ => None,
    }
}

/// The encoded message with `headers` and payload `body`.
fn encode_message(headers: &[(String, TestHeaderValue)], body: &str) -> Result<Vec<u8>, String> {
    use smithy_rt::event_stream::{Header, HeaderValue, Message};
    let headers = headers
        .iter()
        .map(|(name, v)| {
            let value = match v {
                TestHeaderValue::Boolean(b) => HeaderValue::Bool(*b),
                TestHeaderValue::Byte(n) => HeaderValue::Byte(*n),
                TestHeaderValue::Short(n) => HeaderValue::Short(*n),
                TestHeaderValue::Integer(n) => HeaderValue::Integer(*n),
                TestHeaderValue::Long(n) => HeaderValue::Long(*n),
                TestHeaderValue::Blob(b) => HeaderValue::ByteArray(b.clone().into()),
                TestHeaderValue::String(s) => HeaderValue::String(s.clone()),
                TestHeaderValue::Timestamp(ms) => HeaderValue::Timestamp(*ms),
            };
            Header::new(name.clone(), value)
        })
        .collect();
    Message::from_parts(headers, body.as_bytes().to_vec().into())
        .encode()
        .map(|b| b.to_vec())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn lower(cases: Value) -> Result<Vec<EventStreamTest>, Vec<crate::diag::Diagnostic>> {
        let mut diags = Diagnostics::default();
        let mut t = ast::Traits::new();
        t.insert(traits::EVENT_STREAM_TESTS.to_owned(), cases);
        let out = event_stream_tests(&mut diags, "ns#Op", &t);
        diags.finish(out)
    }

    fn messages(cases: Value) -> Vec<String> {
        match lower(cases) {
            Ok(_) => vec![],
            Err(list) => list.into_iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn a_case_is_typed() {
        let cases = lower(json!([{
            "id": "A",
            "protocol": PROTOCOL,
            "appliesTo": "client",
            "events": [{
                "type": "request",
                "params": {"headers": {"b": true}},
                "headers": {
                    ":message-type": {"string": "event"},
                    "b": {"boolean": true},
                    "n": {"byte": -1},
                    "x": {"blob": "Zm9v"},
                    "t": {"timestamp": "2024-10-31T14:15:14Z"}
                },
                "body": "{}",
                "bodyMediaType": "application/json"
            }],
            "expectation": {"failure": {"errorId": "ns#E"}}
        }, {
            "id": "OtherProtocol",
            "protocol": "aws.protocols#awsJson1_0"
        }]))
        .expect("valid");
        assert_eq!(cases.len(), 1);
        let c = &cases[0];
        assert_eq!(c.applies_to, Some(AppliesTo::Client));
        assert_eq!(
            c.expectation,
            TestExpectation::Failure {
                error_id: Some("ns#E".to_owned())
            }
        );
        let e = &c.events[0];
        assert_eq!(e.direction, EventDirection::Request);
        let h: std::collections::BTreeMap<_, _> = e.headers.iter().cloned().collect();
        assert_eq!(h["b"], TestHeaderValue::Boolean(true));
        assert_eq!(h["n"], TestHeaderValue::Byte(-1));
        assert_eq!(h["x"], TestHeaderValue::Blob(b"foo".to_vec()));
        assert_eq!(h["t"], TestHeaderValue::Timestamp(1_730_384_114_000));
        // Without `bytes`, the message is built from the headers and body.
        let m = smithy_rt::event_stream::Message::decode(&e.bytes).expect("a message");
        assert_eq!(m.payload().as_ref(), b"{}");
        assert_eq!(
            m.header("n"),
            Some(&smithy_rt::event_stream::HeaderValue::Byte(-1))
        );
    }

    #[test]
    fn bytes_that_disagree_with_the_headers_are_warned_about() {
        let mut diags = Diagnostics::default();
        let mut t = ast::Traits::new();
        // The bytes of an `event` message whose `:event-type` is `headers`.
        let bytes = "AAAASwAAADv7Cl8VDTptZXNzYWdlLXR5cGUHAAVldmVudAs6ZXZlbnQtdHlwZQcAB2hlYWRlcnMNYm9vbGVhbkhlYWRlcgC4J9Ws";
        t.insert(
            traits::EVENT_STREAM_TESTS.to_owned(),
            json!([{
                "id": "C",
                "protocol": PROTOCOL,
                "events": [{
                    "type": "response",
                    "headers": {":event-type": {"string": "other"}, "booleanHeader": {"boolean": true}},
                    "bytes": bytes
                }]
            }]),
        );
        let cases = event_stream_tests(&mut diags, "ns#Op", &t);
        assert_eq!(cases.len(), 1);
        let warnings: Vec<String> = diags.warnings().iter().map(|d| d.to_string()).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains(
                "/events/0/bytes: the message disagrees with the event's header :event-type"
            ),
            "{warnings:?}"
        );
        assert!(diags.is_empty());
    }

    #[test]
    fn malformed_cases_are_diagnostics_with_pointers() {
        let found = messages(json!([{
            "id": "B",
            "protocol": PROTOCOL,
            "events": [{
                "type": "sideways",
                "headers": {}
            }, {
                "type": "response",
                "headers": {"a/b": {"integer": 1e10}, "c": {"float": 1}},
                "bytes": "not base64!"
            }],
            "expectation": {"success": {}, "failure": {}},
            "initialRequest": {"method": "POST"},
            "initialRequestShape": "smithy.test#InitialHttpRequest",
            "surprise": 1
        }]));
        let want = [
            "/events/0/type: expected \"request\" or \"response\"",
            "/events/1/headers/a~1b/integer: 10000000000.0 is not a valid integer header value",
            "/events/1/headers/c/float: unknown header value type \"float\"",
            "/events/1/bytes: not base64",
            "/expectation: expected exactly one of success and failure",
            "/initialRequest: missing field `uri`",
            "/surprise: unknown member",
        ];
        for w in want {
            assert!(
                found.iter().any(
                    |f| f.starts_with("error: ns#Op: smithy.test#eventStreamTests/0")
                        && f.contains(w)
                ),
                "{w} not in {found:#?}"
            );
        }
    }
}
