//! One call from input to output: validate, serialize, resolve the endpoint,
//! load credentials, then attempts (sign, send, read) with retries, backoff
//! and the three time limits.
//!
//! Operations with an event stream take the streaming path
//! ([`run_streaming`]): the request body is the input stream's messages
//! (each in a signed envelope under SigV4), and a success response's body is
//! handed to the output stream unread. Such a call gets its answer when the
//! response head arrives, so the attempt and operation timeouts bound getting
//! the head, not the life of the streams. A call with an input stream makes
//! a single attempt: once its body has started it cannot be sent again.

use std::time::{Duration, SystemTime};

use tracing::field::Empty;
use tracing::Instrument;

use super::connector::{
    read_bounded, ConnectorError, ConnectorErrorKind, ConnectorSettings, HttpConnector,
};
use super::request::{
    endpoint_params, new_invocation_id, resolve_endpoint, sign_attempt, sign_streaming_attempt,
    signing_scope, sigv4_refusal, to_absolute, AttemptInfo, Identity, ResolvedEndpoint,
};
use super::ClientInner;
use crate::credentials::{Credentials, ProvideCredentials};
use crate::event_stream_signing::signed_message_body;
use smithy_rt::error::{
    BuildError, DeserializeError, DispatchError, ResponseError, SdkError, TimeoutError, TimeoutKind,
};
use smithy_rt::event_stream::stream::{full_body, message_body, Body, MessageStream};
use smithy_rt::operation::{AuthScheme, HttpRequest, HttpResponse, Operation};

/// Statuses worth another attempt: throttling and transient server errors.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// Runs one call under the operation timeout, inside a span named for the
/// operation.
pub(crate) async fn invoke<O: Operation>(
    inner: &ClientInner,
    input: O::Input,
) -> Result<O::Output, SdkError<O::Error>> {
    let span = tracing::info_span!(
        "call",
        service = inner.service.sdk_id,
        operation = O::NAME,
        attempts = Empty,
        outcome = Empty,
    );
    let limit = inner.config.timeouts.operation();
    let call = async {
        let result = match tokio::time::timeout(limit, run::<O>(inner, input)).await {
            Ok(result) => result,
            Err(_) => Err(SdkError::Timeout(TimeoutError {
                kind: TimeoutKind::Operation,
                limit,
            })),
        };
        match &result {
            Ok(_) => {
                tracing::Span::current().record("outcome", "success");
                tracing::debug!("call succeeded");
            }
            Err(e) => {
                tracing::Span::current().record("outcome", outcome_name(e));
                tracing::debug!(error = %e, "call failed");
            }
        }
        result
    };
    call.instrument(span).await
}

async fn run<O: Operation>(
    inner: &ClientInner,
    mut input: O::Input,
) -> Result<O::Output, SdkError<O::Error>> {
    let config = &inner.config;
    if config.validation {
        O::validate(&input).map_err(SdkError::Validation)?;
    }
    let mut request = O::serialize(&input).map_err(SdkError::Build)?;
    let events = O::input_event_stream(&mut input);
    if events.is_none()
        && smithy_rt::compression::apply_settings(&mut request, &config.request_compression)
    {
        smithy_rt::checksum::refresh(&mut request);
    }
    let validate_checksum = request
        .extensions()
        .get::<smithy_rt::checksum::ValidateResponseChecksum>()
        .cloned();
    let params = endpoint_params(config, O::endpoint_params(&input));
    drop(input);
    let endpoint = resolve_endpoint(&inner.service, config, &params).map_err(SdkError::Build)?;
    let request = to_absolute(request, &endpoint, &inner.user_agent).map_err(SdkError::Build)?;
    let identity = select_auth::<O>(inner, &endpoint).await?;
    if events.is_some() || O::OUTPUT_EVENT_STREAM {
        return run_streaming::<O>(inner, request, &identity, events).await;
    }

    let invocation_id = new_invocation_id();
    let max_attempts = config.retry.max_attempts();
    let settings = ConnectorSettings::new(config.max_response_body);
    let mut attempt = 1;
    loop {
        tracing::Span::current().record("attempts", attempt);
        let info = AttemptInfo {
            invocation_id: &invocation_id,
            attempt,
            max_attempts,
        };
        let signed =
            sign_attempt(&request, &identity, &info, SystemTime::now()).map_err(SdkError::Build)?;
        let span = attempt_span(attempt, max_attempts);
        let result = send(inner, signed, settings).instrument(span.clone()).await;

        let retry_reason = match result {
            Ok(response) => {
                let status = response.status().as_u16();
                span.record("status", status);
                if response.status().is_success() {
                    if let Some(v) = &validate_checksum {
                        smithy_rt::checksum::validate_response(&v.0, &response)
                            .map_err(|source| response_error(&response, source))?;
                    }
                    return read_output::<O>(&response);
                }
                error_answer::<O>(&response, attempt, max_attempts)?
            }
            Err(failure) => failed_attempt(&span, failure, attempt, max_attempts)?,
        };
        back_off(config, attempt, &retry_reason).await;
        attempt += 1;
    }
}

/// After an error answer (non-2xx): the call's result when the status is not
/// retried or no attempt is left, else why to retry.
fn error_answer<O: Operation>(
    response: &HttpResponse,
    attempt: u32,
    max_attempts: u32,
) -> Result<String, SdkError<O::Error>> {
    let status = response.status().as_u16();
    if !is_retryable_status(status) || attempt >= max_attempts {
        return Err(SdkError::Service(O::deserialize_error(response)));
    }
    Ok(format!("HTTP {status}"))
}

/// After an attempt that got no answer: the call's error when the failure
/// is not retried or no attempt is left, else why to retry.
fn failed_attempt<E>(
    span: &tracing::Span,
    failure: AttemptFailure,
    attempt: u32,
    max_attempts: u32,
) -> Result<String, SdkError<E>> {
    span.record("error", tracing::field::display(&failure));
    if !failure.is_retryable() || attempt >= max_attempts {
        return Err(failure.into_sdk_error());
    }
    Ok(failure.to_string())
}

/// Waits the backoff before attempt `attempt + 1`.
async fn back_off(config: &crate::config::Config, attempt: u32, reason: &str) {
    let delay = config.retry.backoff(attempt);
    tracing::debug!(attempt, reason = %reason, delay_ms = delay.as_millis() as u64, "retrying");
    tokio::time::sleep(delay).await;
}

/// The attempts of a call with an event stream. With an input stream
/// (`events`) there is one attempt, whose body is the stream; otherwise the
/// request body is whole and attempts are retried as usual until a response
/// head arrives. A success answer of an operation with an output stream is
/// read by [`Operation::deserialize_streaming_output`], its body unread; any
/// other answer is read whole (bounded) as on the buffered path.
async fn run_streaming<O: Operation>(
    inner: &ClientInner,
    request: HttpRequest,
    identity: &Identity,
    mut events: Option<MessageStream>,
) -> Result<O::Output, SdkError<O::Error>> {
    let config = &inner.config;
    let invocation_id = new_invocation_id();
    let max_attempts = if events.is_some() {
        1
    } else {
        config.retry.max_attempts()
    };
    let settings = ConnectorSettings::new(config.max_response_body);
    let mut attempt = 1;
    loop {
        tracing::Span::current().record("attempts", attempt);
        let info = AttemptInfo {
            invocation_id: &invocation_id,
            attempt,
            max_attempts,
        };
        let now = SystemTime::now();
        let signed = match events.take() {
            Some(messages) => {
                let (signed, signer) = sign_streaming_attempt(&request, identity, &info, now)
                    .map_err(SdkError::Build)?;
                let body = match signer {
                    Some(signer) => signed_message_body(messages, signer),
                    None => message_body(messages),
                };
                signed.map(|_| body)
            }
            None => sign_attempt(&request, identity, &info, now)
                .map_err(SdkError::Build)?
                .map(full_body),
        };
        let span = attempt_span(attempt, max_attempts);
        let result = send_streaming(inner, signed, settings, O::OUTPUT_EVENT_STREAM)
            .instrument(span.clone())
            .await;

        let retry_reason = match result {
            Ok(Answer::Stream(head, body)) => {
                span.record("status", head.status().as_u16());
                return O::deserialize_streaming_output(&head, body)
                    .map_err(|source| response_error(&head, source));
            }
            Ok(Answer::Whole(response)) => {
                let status = response.status().as_u16();
                span.record("status", status);
                if response.status().is_success() {
                    return read_output::<O>(&response);
                }
                error_answer::<O>(&response, attempt, max_attempts)?
            }
            Err(failure) => failed_attempt(&span, failure, attempt, max_attempts)?,
        };
        back_off(config, attempt, &retry_reason).await;
        attempt += 1;
    }
}

/// What one streaming attempt got.
enum Answer {
    /// A success head of an operation with an output stream (the head's
    /// body empty), and the body, unread.
    Stream(HttpResponse, Body),
    /// Any other response, its body read whole.
    Whole(HttpResponse),
}

/// One streaming attempt: the response head (and, unless it is the success
/// of an output stream, the whole bounded body) under the attempt timeout.
async fn send_streaming(
    inner: &ClientInner,
    request: http::Request<Body>,
    settings: ConnectorSettings,
    output_stream: bool,
) -> Result<Answer, AttemptFailure> {
    let limit = inner.config.timeouts.attempt();
    let exchange = async {
        let response = inner.connector.call_streaming(request, settings).await?;
        if output_stream && response.status().is_success() {
            let (parts, body) = response.into_parts();
            return Ok(Answer::Stream(
                http::Response::from_parts(parts, bytes::Bytes::new()),
                body,
            ));
        }
        read_bounded(response, settings.max_response_body, |e| {
            ConnectorError::io(format!("reading the response body failed: {e}"), None)
        })
        .await
        .map(Answer::Whole)
    };
    match tokio::time::timeout(limit, exchange).await {
        Ok(Ok(answer)) => Ok(answer),
        Ok(Err(e)) => Err(AttemptFailure::Connector(e)),
        Err(_) => Err(AttemptFailure::Timeout(limit)),
    }
}

fn read_output<O: Operation>(response: &HttpResponse) -> Result<O::Output, SdkError<O::Error>> {
    O::deserialize_output(response).map_err(|source| response_error(response, source))
}

/// A success answer that could not be read.
fn response_error<E>(response: &HttpResponse, source: DeserializeError) -> SdkError<E> {
    SdkError::Response(ResponseError {
        status: response.status().as_u16(),
        request_id: request_id(response),
        source,
    })
}

/// The span of one attempt.
fn attempt_span(attempt: u32, max_attempts: u32) -> tracing::Span {
    tracing::debug_span!(
        "attempt",
        attempt,
        max_attempts,
        status = Empty,
        error = Empty
    )
}

fn request_id(response: &HttpResponse) -> Option<String> {
    response
        .headers()
        .get("x-amzn-requestid")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The first of the operation's auth schemes ([`Operation::AUTH`], else
/// SigV4 with the service's signing name) that this configuration has an
/// identity for; anonymous when signing is turned off. An operation with
/// `@optionalAuth` or `smithy.api#noAuth` lists [`AuthScheme::NoAuth`], so it
/// is sent anonymously when nothing before it can be used.
async fn select_auth<O: Operation>(
    inner: &ClientInner,
    endpoint: &ResolvedEndpoint,
) -> Result<Identity, SdkError<O::Error>> {
    let config = &inner.config;
    if !config.sign {
        return Ok(Identity::Anonymous);
    }
    let service_default = [AuthScheme::SigV4 {
        signing_name: inner.service.signing_name,
        unsigned_payload: false,
    }];
    let schemes = if O::AUTH.is_empty() {
        &service_default[..]
    } else {
        O::AUTH
    };
    let mut missing = Vec::new();
    for scheme in schemes {
        match *scheme {
            AuthScheme::SigV4 {
                signing_name,
                unsigned_payload,
            } => {
                if let Some(why) = sigv4_refusal(endpoint) {
                    missing.push(why);
                    continue;
                }
                if config.credentials.is_none() {
                    missing.push(NO_CREDENTIALS.to_owned());
                    continue;
                }
                let (region, name) =
                    signing_scope(endpoint, signing_name).map_err(SdkError::Build)?;
                let credentials = load_credentials(config.credentials.as_deref()).await?;
                return Ok(Identity::SigV4 {
                    credentials,
                    region,
                    name,
                    unsigned_payload,
                });
            }
            AuthScheme::Bearer => match &config.bearer_token {
                Some(token) => return Ok(Identity::Bearer(token.clone())),
                None => missing.push(format!(
                    "no bearer token configured: set {} or ConfigBuilder::bearer_token",
                    inner.service.bearer_token_env_var()
                )),
            },
            AuthScheme::NoAuth => return Ok(Identity::Anonymous),
        }
    }
    Err(SdkError::Build(BuildError::other(missing.join("; "))))
}

const NO_CREDENTIALS: &str =
    "no credentials configured: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile with \
     aws_access_key_id and aws_secret_access_key, or ConfigBuilder::credentials_provider";

async fn load_credentials<E>(
    provider: Option<&dyn ProvideCredentials>,
) -> Result<Credentials, SdkError<E>> {
    let provider = provider.ok_or_else(|| {
        SdkError::Build(BuildError::other(
            "no credentials configured: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile with \
             aws_access_key_id and aws_secret_access_key, or ConfigBuilder::credentials_provider",
        ))
    })?;
    provider.provide_credentials().await.map_err(|e| {
        SdkError::Dispatch(DispatchError::new(
            "failed to load credentials",
            Some(Box::new(e)),
        ))
    })
}

/// Why an attempt produced no response.
#[derive(Debug)]
enum AttemptFailure {
    Connector(ConnectorError),
    Timeout(Duration),
}

impl AttemptFailure {
    fn is_retryable(&self) -> bool {
        match self {
            AttemptFailure::Connector(e) => e.is_retryable(),
            AttemptFailure::Timeout(_) => true,
        }
    }

    fn into_sdk_error<E>(self) -> SdkError<E> {
        let error = match self {
            AttemptFailure::Timeout(limit) => {
                return SdkError::Timeout(TimeoutError {
                    kind: TimeoutKind::Attempt,
                    limit,
                });
            }
            AttemptFailure::Connector(error) => error,
        };
        let (kind, message, source) = error.into_parts();
        match kind {
            ConnectorErrorKind::ConnectTimeout(limit) => SdkError::Timeout(TimeoutError {
                kind: TimeoutKind::Connect,
                limit,
            }),
            ConnectorErrorKind::BodyTooLarge {
                status, request_id, ..
            } => SdkError::Response(ResponseError {
                status,
                request_id,
                source: DeserializeError::new("", message),
            }),
            _ => SdkError::Dispatch(DispatchError::new(message, source)),
        }
    }
}

impl std::fmt::Display for AttemptFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AttemptFailure::Connector(e) => write!(f, "{e}"),
            AttemptFailure::Timeout(limit) => write!(f, "attempt timeout after {limit:?}"),
        }
    }
}

/// One attempt under the attempt timeout.
async fn send(
    inner: &ClientInner,
    request: smithy_rt::operation::HttpRequest,
    settings: ConnectorSettings,
) -> Result<HttpResponse, AttemptFailure> {
    let limit = inner.config.timeouts.attempt();
    match tokio::time::timeout(limit, inner.connector.call(request, settings)).await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(e)) => Err(AttemptFailure::Connector(e)),
        Err(_) => Err(AttemptFailure::Timeout(limit)),
    }
}

fn outcome_name<E>(error: &SdkError<E>) -> &'static str {
    match error {
        SdkError::Build(_) => "build_error",
        SdkError::Validation(_) => "validation_error",
        SdkError::Timeout(_) => "timeout",
        SdkError::Dispatch(_) => "dispatch_error",
        SdkError::Response(_) => "response_error",
        SdkError::Service(_) => "service_error",
    }
}
