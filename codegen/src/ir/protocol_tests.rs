//! Protocol compliance test cases (`smithy.test#httpRequestTests`,
//! `httpResponseTests`, `httpMalformedRequestTests`), read from the model as
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
