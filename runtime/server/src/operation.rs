//! The contract between a generated operation and the server runtime, and
//! the one function that answers a routed request for any operation.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use smithy_rt::error::DeserializeError;
use smithy_rt::event_stream::stream::MessageStream;
use smithy_rt::operation::Operation;
use smithy_rt::validation::ValidationError;

use crate::{HttpResponse, Rejection};

/// A routed request: its head, its whole (bounded) body and the values of
/// its URI labels, percent-decoded, in URI-pattern order. The body is read
/// whole before the operation runs, an input event stream too: its events
/// are read from the buffered body (bounded by
/// [`ServerConfig::max_body_bytes`](crate::ServerConfig)).
#[derive(Debug)]
pub struct Request {
    /// Method, URI, headers, extensions.
    pub parts: http::request::Parts,
    /// The body.
    pub body: Bytes,
    /// Label values.
    pub labels: Vec<String>,
}

impl Request {
    /// Label `i`, or an error naming `member` (only if the router and the
    /// generated reader disagree, which they do not).
    pub fn label(&self, i: usize, member: &str) -> Result<&str, DeserializeError> {
        self.labels
            .get(i)
            .map(String::as_str)
            .ok_or_else(|| DeserializeError::new(format!("label:{member}"), "missing URI label"))
    }
}

/// One operation of a service, as generated from its Smithy model, seen
/// from the server: its [`Operation`] (input, output, error enum, name,
/// validation) plus reading the request and writing the answer.
pub trait ServerOperation: Operation<Error: OperationErrorResponse> {
    /// The content type of the request body (`None`: no body). Default:
    /// a restJson1 document, `application/json`.
    const REQUEST_CONTENT_TYPE: Option<&'static str> = Some("application/json");
    /// The content type of the success response body (`None`: no body).
    /// Default: a restJson1 document, `application/json`.
    const RESPONSE_CONTENT_TYPE: Option<&'static str> = Some("application/json");
    /// True if any request `Content-Type` is accepted: the input has no
    /// members at all, or its payload is a blob without `@mediaType`.
    const ANY_REQUEST_CONTENT_TYPE: bool = false;
    /// True if any `Accept` is satisfied: the output's payload is a blob
    /// without `@mediaType`.
    const ANY_ACCEPT: bool = false;

    /// Reads the input from the request: labels, query, headers, body.
    fn deserialize_request(request: &Request) -> Result<Self::Input, DeserializeError>;

    /// The answer to a constraint violation: Smithy's `ValidationException`
    /// when the operation lists it, else the operation's own 400 client
    /// error. Default: the error enum's
    /// [`from_validation`](OperationErrorResponse::from_validation), else
    /// `ValidationException`.
    fn validation_failed(error: &ValidationError) -> HttpResponse {
        match Self::Error::from_validation(error).and_then(|e| e.to_response()) {
            Some(response) => response,
            None => crate::response::validation_exception(error),
        }
    }

    /// Writes the output: status, headers, body. For an operation with an
    /// output event stream, the head of the response (its body empty).
    fn serialize_output(output: &Self::Output) -> HttpResponse;

    /// Operations whose output has an event stream (an `@streaming` union
    /// member bound to the payload): moves that stream out of `output` as
    /// the messages to send, in order, after the head that
    /// [`serialize_output`](Self::serialize_output) writes. Default: `None`.
    fn output_event_stream(output: &mut Self::Output) -> Option<MessageStream> {
        let _ = output;
        None
    }

    /// Writes a modelled error; `None` for an error the model does not
    /// describe (answered as an internal failure). Default: the error
    /// enum's [`OperationErrorResponse`] impl.
    fn serialize_error(error: &Self::Error) -> Option<HttpResponse> {
        error.to_response()
    }
}

/// A modelled error structure written as an HTTP error response.
pub trait ErrorResponse {
    /// The response: the error's status, `X-Amzn-ErrorType`, headers and body.
    fn to_response(&self) -> HttpResponse;
}

/// A modelled 400 error that carries constraint violations in its message,
/// for an operation that does not list Smithy's `ValidationException`.
pub trait FromValidation {
    /// The error with every violation in its message.
    fn from_validation(error: &ValidationError) -> Self;
}

/// An operation's error enum written as an HTTP error response.
/// [`operation_error_response!`](crate::operation_error_response)
/// implements it from the [`ErrorResponse`] of each modelled error.
pub trait OperationErrorResponse {
    /// The response of a modelled error; `None` for `Unhandled`.
    fn to_response(&self) -> Option<HttpResponse>;

    /// The operation's own error answering a constraint violation; `None`
    /// (the default) when it is answered with `ValidationException`.
    fn from_validation(error: &ValidationError) -> Option<Self>
    where
        Self: Sized,
    {
        let _ = error;
        None
    }
}

/// Implements [`OperationErrorResponse`] for an operation's error enum whose
/// variants each hold one modelled error (plus `Unhandled`); after
/// `validation =`, the variant whose error ([`FromValidation`]) answers a
/// constraint violation, when it is not `ValidationException`:
///
/// ```ignore
/// operation_error_response!(MyOpError { BadRequest, NotFound }, validation = BadRequest);
/// ```
#[macro_export]
macro_rules! operation_error_response {
    ($enum:ident { $($variant:ident),* $(,)? } $(, validation = $validation:ident)?) => {
        impl $crate::operation::OperationErrorResponse for $enum {
            fn to_response(&self) -> ::std::option::Option<$crate::HttpResponse> {
                match self {
                    $(Self::$variant(e) => ::std::option::Option::Some(
                        $crate::operation::ErrorResponse::to_response(e),
                    ),)*
                    Self::Unhandled(_) => ::std::option::Option::None,
                }
            }

            $(
                fn from_validation(
                    error: &::smithy_rt::validation::ValidationError,
                ) -> ::std::option::Option<Self> {
                    ::std::option::Option::Some(Self::$validation(
                        $crate::operation::FromValidation::from_validation(error),
                    ))
                }
            )?
        }
    };
}

/// A boxed, shareable async handler of operation `O` with state `S`.
pub type Handler<S, O> = Arc<
    dyn Fn(
            Arc<S>,
            <O as Operation>::Input,
        ) -> Pin<
            Box<
                dyn Future<Output = Result<<O as Operation>::Output, <O as Operation>::Error>>
                    + Send,
            >,
        > + Send
        + Sync,
>;

/// Boxes an async function `f(state, input) -> Result<Output, Error>` as a
/// [`Handler`].
pub fn handler<S, O, F, Fut>(f: F) -> Handler<S, O>
where
    O: ServerOperation,
    S: Send + Sync + 'static,
    F: Fn(Arc<S>, O::Input) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<O::Output, O::Error>> + Send + 'static,
{
    Arc::new(move |state, input| Box::pin(f(state, input)))
}

/// The handler of operation `O` with state `S` once it is set: a field of a
/// generated service builder (and of the service it builds).
pub struct Slot<S, O: ServerOperation> {
    handler: Option<Handler<S, O>>,
}

impl<S, O: ServerOperation> Default for Slot<S, O> {
    fn default() -> Self {
        Self { handler: None }
    }
}

impl<S, O> Slot<S, O>
where
    O: ServerOperation,
    S: Send + Sync + 'static,
{
    /// Boxes the async function `f(state, input) -> Result<Output, Error>`
    /// as the handler, replacing any earlier one.
    pub fn set<F, Fut>(&mut self, f: F)
    where
        F: Fn(Arc<S>, O::Input) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<O::Output, O::Error>> + Send + 'static,
    {
        self.handler = Some(handler::<S, O, F, Fut>(f));
    }

    /// True once a handler is set.
    pub fn is_set(&self) -> bool {
        self.handler.is_some()
    }

    /// The operation's name while no handler is set.
    pub fn missing(&self) -> Option<&'static str> {
        (!self.is_set()).then_some(O::NAME)
    }
}

/// Answers a routed request for operation `O`: checks the media types,
/// reads and validates the input, runs the handler and writes its output or
/// error. Never panics; a handler's panic is caught by the service.
pub async fn handle<S, O>(state: Arc<S>, handler: Handler<S, O>, request: Request) -> HttpResponse
where
    O: ServerOperation,
    S: Send + Sync + 'static,
{
    if !O::ANY_REQUEST_CONTENT_TYPE {
        if let Err(r) = crate::request::check_content_type(
            &request.parts.headers,
            request.body.len(),
            O::REQUEST_CONTENT_TYPE,
        ) {
            return r.into_response();
        }
    }
    if !O::ANY_ACCEPT {
        if let Err(r) =
            crate::request::check_accept(&request.parts.headers, O::RESPONSE_CONTENT_TYPE)
        {
            return r.into_response();
        }
    }
    let input = match O::deserialize_request(&request) {
        Ok(input) => input,
        // A required member that is absent is a constraint violation
        // (`must not be null`), answered like the others.
        Err(e) if e.message() == smithy_rt::error::MISSING_MEMBER => {
            let pointer = e.path().to_owned();
            let message = format!(
                "Value at '{pointer}' failed to satisfy constraint: Member must not be null"
            );
            let error = ValidationError::from_violations(vec![smithy_rt::validation::Violation {
                path: pointer,
                message,
            }]);
            return O::validation_failed(&error);
        }
        Err(e) => return Rejection::Serialization(e).into_response(),
    };
    drop(request);
    if let Err(e) = O::validate(&input) {
        return O::validation_failed(&e);
    }
    match handler(state, input).await {
        Ok(mut output) => {
            let events = O::output_event_stream(&mut output);
            let mut response = O::serialize_output(&output);
            if let Some(events) = events {
                if response.status().is_success() {
                    crate::response::attach_event_stream(&mut response, events);
                }
            }
            response
        }
        Err(error) => match O::serialize_error(&error) {
            Some(response) => response,
            None => Rejection::Internal.into_response(),
        },
    }
}

/// Answers a routed request with operation `O` if it has a handler (the
/// generated builder refuses to build otherwise, so it always has).
pub fn route<S, O>(
    state: Arc<S>,
    slot: &Slot<S, O>,
    request: Request,
) -> crate::service::ResponseFuture
where
    O: ServerOperation,
    S: Send + Sync + 'static,
{
    match &slot.handler {
        Some(h) => Box::pin(handle::<S, O>(state, Arc::clone(h), request)),
        None => Box::pin(async { Rejection::Internal.into_response() }),
    }
}

/// The answer for an operation index the service does not have.
pub fn unknown() -> crate::service::ResponseFuture {
    Box::pin(async { Rejection::UnknownOperation.into_response() })
}

/// The operations a service builder has no handler for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingHandlers {
    names: Vec<&'static str>,
}

impl MissingHandlers {
    /// The error for these operation names.
    pub fn new(names: Vec<&'static str>) -> Self {
        Self { names }
    }

    /// The operations without a handler, in model order.
    pub fn operations(&self) -> &[&'static str] {
        &self.names
    }
}

impl std::fmt::Display for MissingHandlers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "operations without a handler: {}", self.names.join(", "))
    }
}

impl std::error::Error for MissingHandlers {}
