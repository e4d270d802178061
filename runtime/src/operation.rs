//! The contract between generated operations and the hand-written runtime.
//!
//! Each generated operation is a zero-sized type implementing [`Operation`]:
//! it knows how to validate its input, put it on the wire, and read the
//! answer. Everything around that (endpoint, signing, retries, timeouts,
//! transport) is the runtime's job and is written once.

use bytes::Bytes;

use crate::error::{BuildError, DeserializeError, ProvideErrorMetadata};
use crate::error_dispatch::OperationError;
use crate::event_stream::stream::{Body, MessageStream};
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
    type Input: Validate + Send + Sync + 'static;
    /// The output structure.
    type Output: Send + 'static;
    /// The operation's error enum: one variant per modelled error plus `Unhandled`.
    type Error: std::error::Error + ProvideErrorMetadata + OperationError + Send + Sync + 'static;

    /// The operation's name in the model, e.g. `BatchCreateRoomMembership`.
    const NAME: &'static str;

    /// Checks every constraint of the model on `input` and reports all
    /// violations. Default: the input's [`Validate`] impl.
    fn validate(input: &Self::Input) -> Result<(), ValidationError> {
        Validate::validate(input)
    }

    /// Puts `input` on the wire (restJson1): method, path, query, headers, body.
    fn serialize(input: &Self::Input) -> Result<HttpRequest, BuildError>;

    /// Reads a success (2xx) response into the output.
    fn deserialize_output(response: &HttpResponse) -> Result<Self::Output, DeserializeError>;

    /// Reads an error (non-2xx) response into the error enum. Never fails: an
    /// unknown code or an unreadable body yields the `Unhandled` variant.
    /// Default: the error enum's [`OperationError`] impl.
    fn deserialize_error(response: &HttpResponse) -> Self::Error {
        OperationError::from_response(response)
    }

    /// Operations whose input has an event stream (an `@streaming` union
    /// member bound to the payload): moves that stream out of `input` as the
    /// messages to send, unsigned, in order. [`serialize`](Self::serialize)
    /// writes the initial request (its body empty); the client then sends
    /// these messages as the body, signing each. Default: `None`.
    fn input_event_stream(input: &mut Self::Input) -> Option<MessageStream> {
        let _ = input;
        None
    }

    /// `true` for operations whose output has an event stream: the client
    /// then reads only the head of a success response and hands its body to
    /// [`deserialize_streaming_output`](Self::deserialize_streaming_output).
    const OUTPUT_EVENT_STREAM: bool = false;

    /// Reads the initial response of an operation with an output event
    /// stream: status and headers from `head` (whose body is empty), the
    /// stream from `body`. Default: an error, the operation has none.
    fn deserialize_streaming_output(
        head: &HttpResponse,
        body: Body,
    ) -> Result<Self::Output, DeserializeError> {
        let _ = (head, body);
        Err(DeserializeError::new(
            "",
            format!("{} has no output event stream", Self::NAME),
        ))
    }

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

/// An input structure that checks the constraints of the model on itself.
pub trait Validate {
    /// Checks every constraint of the model and reports all violations,
    /// each with its JSON-pointer path.
    fn validate(&self) -> Result<(), ValidationError>;
}

/// Implements [`Validate`] for an input structure, and the inherent
/// `validate` that calls it, documented with the structure's name: with a
/// validator `fn(&Input, &Path, &mut Violations)`, or without one for an
/// input that has no constraints. The structure is named by its identifier,
/// or by a path followed by `as "Name"`.
///
/// ```ignore
/// input_validation!(OpInput, validate_op_input);
/// input_validation!(crate::types::SharedInput as "SharedInput");
/// ```
#[macro_export]
macro_rules! input_validation {
    (@body $input:ident) => {
        ::std::result::Result::Ok(())
    };
    (@body $input:ident $validator:path) => {{
        let mut out = $crate::validation::Violations::new();
        $validator($input, &$crate::validation::Path::Root, &mut out);
        out.finish()
    }};
    ($name:ident $(, $validator:path)? $(,)?) => {
        $crate::input_validation!($name as ::std::stringify!($name) $(, $validator)?);
    };
    ($ty:ty as $name:expr $(, $validator:path)? $(,)?) => {
        impl $ty {
            #[doc = ::std::concat!(
                " Checks every constraint of the model on this `",
                $name,
                "` and returns all violations, each with its JSON-pointer path."
            )]
            pub fn validate(&self) -> ::std::result::Result<(), $crate::validation::ValidationError> {
                <Self as $crate::operation::Validate>::validate(self)
            }
        }

        impl $crate::operation::Validate for $ty {
            fn validate(&self) -> ::std::result::Result<(), $crate::validation::ValidationError> {
                $crate::input_validation!(@body self $($validator)?)
            }
        }
    };
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
