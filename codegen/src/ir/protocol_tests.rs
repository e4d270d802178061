//! Protocol compliance test cases (`smithy.test#httpRequestTests`,
//! `httpResponseTests`, `httpMalformedRequestTests`, `eventStreamTests`), read from the model as
//! they are. Only cases for the service's protocol are kept; which side they
//! apply to is kept so that emitters and reports can decide.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

use super::ShapeRef;

/// Who a test case is for (`appliesTo`); absent means both.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum AppliesTo {
    /// Clients only.
    Client,
    /// Servers only.
    Server,
}

/// One `smithy.test#httpRequestTests` case.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestTest {
    /// Unique id.
    pub id: String,
    /// Protocol shape id.
    pub protocol: String,
    /// Expected method.
    pub method: String,
    /// Expected path (without query).
    pub uri: String,
    /// Endpoint host the client is configured with.
    #[serde(default)]
    pub host: Option<String>,
    /// Host the request must be sent to.
    #[serde(default)]
    pub resolved_host: Option<String>,
    /// Query pairs that must be present (percent-encoded).
    #[serde(default)]
    pub query_params: Vec<String>,
    /// Query keys that must be absent.
    #[serde(default)]
    pub forbid_query_params: Vec<String>,
    /// Query keys that must be present.
    #[serde(default)]
    pub require_query_params: Vec<String>,
    /// Headers that must be present with these values.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// Headers that must be absent.
    #[serde(default)]
    pub forbid_headers: Vec<String>,
    /// Headers that must be present.
    #[serde(default)]
    pub require_headers: Vec<String>,
    /// Expected body.
    #[serde(default)]
    pub body: Option<String>,
    /// How to compare the body.
    #[serde(default)]
    pub body_media_type: Option<String>,
    /// The input.
    #[serde(default)]
    pub params: Option<Value>,
    /// Who the case is for.
    #[serde(default)]
    pub applies_to: Option<AppliesTo>,
}

/// One `smithy.test#httpResponseTests` case.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseTest {
    /// Unique id.
    pub id: String,
    /// Protocol shape id.
    pub protocol: String,
    /// Status code.
    pub code: u16,
    /// Response headers.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// Headers that must be absent.
    #[serde(default)]
    pub forbid_headers: Vec<String>,
    /// Headers that must be present.
    #[serde(default)]
    pub require_headers: Vec<String>,
    /// Response body.
    #[serde(default)]
    pub body: Option<String>,
    /// Media type of the body.
    #[serde(default)]
    pub body_media_type: Option<String>,
    /// The expected output or error.
    #[serde(default)]
    pub params: Option<Value>,
    /// Who the case is for.
    #[serde(default)]
    pub applies_to: Option<AppliesTo>,
}

/// One `smithy.test#httpMalformedRequestTests` definition.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MalformedTest {
    /// Unique id.
    pub id: String,
    /// Protocol shape id.
    pub protocol: String,
    /// The request a server receives.
    pub request: MalformedRequest,
    /// What the server must answer.
    pub response: MalformedResponse,
    /// Values substituted for `$name` placeholders, one case per index.
    #[serde(default)]
    pub test_parameters: IndexMap<String, Vec<String>>,
}

/// The request of a malformed-request test.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MalformedRequest {
    /// Method.
    pub method: String,
    /// Path.
    pub uri: String,
    /// Query pairs (percent-encoded).
    #[serde(default)]
    pub query_params: Vec<String>,
    /// Headers.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// Body.
    #[serde(default)]
    pub body: Option<String>,
}

/// The expected answer to a malformed request.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MalformedResponse {
    /// Status code.
    pub code: u16,
    /// Headers.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// Body assertion.
    #[serde(default)]
    pub body: Option<MalformedResponseBody>,
}

/// The body assertion of a malformed-request test.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MalformedResponseBody {
    /// Media type.
    pub media_type: String,
    /// The assertion on its contents.
    pub assertion: BodyAssertion,
}

/// Either exact contents or a regex over the message.
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BodyAssertion {
    /// The exact body (compared per media type).
    #[serde(default)]
    pub contents: Option<String>,
    /// A regular expression the body must match.
    #[serde(default)]
    pub message_regex: Option<String>,
}

/// The test cases of one operation.
#[derive(Clone, Debug, Default)]
pub struct OperationTests {
    /// `httpRequestTests`.
    pub request: Vec<RequestTest>,
    /// `httpResponseTests` on the operation.
    pub response: Vec<ResponseTest>,
    /// `httpMalformedRequestTests`.
    pub malformed: Vec<MalformedTest>,
    /// `eventStreamTests`.
    pub event_stream: Vec<EventStreamTest>,
}

/// `httpResponseTests` on an error structure, read through an operation that
/// can return the error.
#[derive(Clone, Debug)]
pub struct ErrorTests {
    /// The error structure.
    pub error: ShapeRef,
    /// The cases.
    pub response: Vec<ResponseTest>,
}

/// One `smithy.test#eventStreamTests` case, checked and typed by lowering.
#[derive(Clone, Debug, PartialEq)]
pub struct EventStreamTest {
    /// Unique id.
    pub id: String,
    /// Who the case is for.
    pub applies_to: Option<AppliesTo>,
    /// `documentation`.
    pub documentation: Option<String>,
    /// `initialRequestParams`: input members other than the stream.
    pub initial_request_params: Option<serde_json::Map<String, Value>>,
    /// `initialRequest` (an `InitialHttpRequest`).
    pub initial_request: Option<InitialHttpRequest>,
    /// `initialResponseParams`: output members other than the stream.
    pub initial_response_params: Option<serde_json::Map<String, Value>>,
    /// `initialResponse` (an `InitialHttpResponse`).
    pub initial_response: Option<InitialHttpResponse>,
    /// The events, in order.
    pub events: Vec<TestEvent>,
    /// The expected outcome.
    pub expectation: TestExpectation,
}

/// `smithy.test#InitialHttpRequest`: the members of an `httpRequestTests`
/// case that describe the request.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InitialHttpRequest {
    /// Expected method.
    pub method: String,
    /// Expected path (without query).
    pub uri: String,
    /// Endpoint host.
    #[serde(default)]
    pub host: Option<String>,
    /// Host the request must be sent to.
    #[serde(default)]
    pub resolved_host: Option<String>,
    /// Query pairs that must be present (percent-encoded).
    #[serde(default)]
    pub query_params: Vec<String>,
    /// Query keys that must be absent.
    #[serde(default)]
    pub forbid_query_params: Vec<String>,
    /// Query keys that must be present.
    #[serde(default)]
    pub require_query_params: Vec<String>,
    /// Headers that must be present with these values.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// Headers that must be absent.
    #[serde(default)]
    pub forbid_headers: Vec<String>,
    /// Headers that must be present.
    #[serde(default)]
    pub require_headers: Vec<String>,
    /// Expected body.
    #[serde(default)]
    pub body: Option<String>,
    /// How to compare the body.
    #[serde(default)]
    pub body_media_type: Option<String>,
}

/// `smithy.test#InitialHttpResponse`: the members of an
/// `httpResponseTests` case that describe the response.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InitialHttpResponse {
    /// Status code.
    pub code: u16,
    /// Headers.
    #[serde(default)]
    pub headers: IndexMap<String, String>,
    /// Headers that must be absent.
    #[serde(default)]
    pub forbid_headers: Vec<String>,
    /// Headers that must be present.
    #[serde(default)]
    pub require_headers: Vec<String>,
    /// Body.
    #[serde(default)]
    pub body: Option<String>,
    /// Media type of the body.
    #[serde(default)]
    pub body_media_type: Option<String>,
}

/// Which way an event goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventDirection {
    /// `request`: client to server (the input stream).
    Request,
    /// `response`: server to client (the output stream).
    Response,
}

/// One event of an [`EventStreamTest`].
#[derive(Clone, Debug, PartialEq)]
pub struct TestEvent {
    /// Which way it goes.
    pub direction: EventDirection,
    /// The union value (`None`: an unmodeled event, e.g. an `error` message).
    pub params: Option<serde_json::Map<String, Value>>,
    /// Headers the message must carry, typed (by name).
    pub headers: Vec<(String, TestHeaderValue)>,
    /// Headers the message must not carry.
    pub forbid_headers: Vec<String>,
    /// Headers the message must carry, whatever their value.
    pub require_headers: Vec<String>,
    /// The expected payload (text), if the case gives one.
    pub body: Option<String>,
    /// How to compare it.
    pub body_media_type: Option<String>,
    /// The whole encoded message a reader is given: `bytes`, or (when the
    /// case has none) the message built from `headers` and `body`.
    pub bytes: Vec<u8>,
}

/// A typed event header value (`smithy.test#EventHeaderValue`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestHeaderValue {
    /// `boolean`.
    Boolean(bool),
    /// `byte`.
    Byte(i8),
    /// `short`.
    Short(i16),
    /// `integer`.
    Integer(i32),
    /// `long`.
    Long(i64),
    /// `blob` (decoded from base64).
    Blob(Vec<u8>),
    /// `string`.
    String(String),
    /// `timestamp`, in milliseconds since the epoch.
    Timestamp(i64),
}

/// `smithy.test#TestExpectation`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TestExpectation {
    /// `success` (or no expectation).
    Success,
    /// `failure`: the side under test must fail; with `errorId`, with that
    /// modeled error (its shape id).
    Failure {
        /// `errorId`.
        error_id: Option<String>,
    },
}
