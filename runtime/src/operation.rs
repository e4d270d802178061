//! The contract between generated operations and the hand-written runtime.
//!
//! Each generated operation is a zero-sized type implementing [`Operation`]:
//! it knows how to validate its input, put it on the wire, and read the
//! answer. Everything around that (endpoint, signing, retries, timeouts,
//! transport) is the runtime's job and is written once.

use bytes::Bytes;

use crate::error::{BuildError, DeserializeError, ProvideErrorMetadata};
use crate::validation::ValidationError;

/// A request as the serializer produces it: the URI holds only the path and
/// query (relative to the endpoint); the runtime adds scheme, host, signing
/// and transport headers.
pub type HttpRequest = http::Request<Bytes>;

/// A response with its whole body read (and bounded) by the transport.
pub type HttpResponse = http::Response<Bytes>;

/// One operation of a service, as generated from its Smithy model.
pub trait Operation: Send + Sync + 'static {
    /// The input structure.
    type Input: Send + Sync + 'static;
    /// The output structure.
    type Output: Send + 'static;
    /// The operation's error enum: one variant per modelled error plus `Unhandled`.
    type Error: std::error::Error + ProvideErrorMetadata + Send + Sync + 'static;

    /// The operation's name in the model, e.g. `BatchCreateRoomMembership`.
    const NAME: &'static str;

    /// Checks every constraint of the model on `input` and reports all violations.
    fn validate(input: &Self::Input) -> Result<(), ValidationError>;

    /// Puts `input` on the wire (restJson1): method, path, query, headers, body.
    fn serialize(input: &Self::Input) -> Result<HttpRequest, BuildError>;

    /// Reads a success (2xx) response into the output.
    fn deserialize_output(response: &HttpResponse) -> Result<Self::Output, DeserializeError>;

    /// Reads an error (non-2xx) response into the error enum. Never fails: an
    /// unknown code or an unreadable body yields the `Unhandled` variant.
    fn deserialize_error(response: &HttpResponse) -> Self::Error;

    /// The endpoint rule parameters this call binds: the operation's
    /// `@staticContextParams`, then the input members with `@contextParam`
    /// and the `@operationContextParams` paths that are set. The client adds
    /// them to the built-ins and client context parameters of its
    /// configuration before resolving the endpoint. Default: none.
    fn endpoint_params(input: &Self::Input) -> Vec<(&'static str, EndpointParam)> {
        let _ = input;
        Vec::new()
    }

    /// The auth schemes the operation accepts, in the model's order of
    /// preference; the client uses the first one it has an identity for.
    /// Default: SigV4 with the service's signing name.
    const AUTH: &'static [AuthScheme] = &[];
}

/// The host prefix of an operation with `@endpoint(hostPrefix: ...)`, e.g.
/// `foo.bar.` for `foo.{label}.`: `serialize` stores it as an extension of the
/// request, and the endpoint host it is sent to must start with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPrefix(pub String);

/// The value of an endpoint rule parameter that an operation binds from its
/// input (`@contextParam`, `@operationContextParams`) or its model
/// (`@staticContextParams`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointParam {
    /// A `String` parameter.
    String(String),
    /// A `Boolean` parameter.
    Bool(bool),
    /// A `StringArray` parameter.
    StringArray(Vec<String>),
}

/// One way of authenticating a request, as the model's `@auth` (or the
/// service's auth traits, in order) lists them for an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// `aws.auth#sigv4`: SigV4 with this signing name (unless the endpoint
    /// names another); `unsigned_payload` for `aws.auth#unsignedPayload`
    /// operations, whose body is not hashed (`UNSIGNED-PAYLOAD`).
    SigV4 {
        /// The `name` of `aws.auth#sigv4`, never empty.
        signing_name: &'static str,
        /// Sign with `UNSIGNED-PAYLOAD` instead of the body's hash.
        unsigned_payload: bool,
    },
    /// `smithy.api#httpBearerAuth`: `Authorization: Bearer <token>`.
    Bearer,
    /// `smithy.api#noAuth`, or the fallback of an `@optionalAuth`
    /// operation: sent without any authentication.
    NoAuth,
}
