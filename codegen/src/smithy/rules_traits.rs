//! Ids of the auth and endpoint-rules traits the generated client reads
//! (kept apart from [`super::traits`]).

/// `smithy.api#auth`: the auth schemes of a service or operation, in order.
pub const AUTH: &str = "smithy.api#auth";
/// `smithy.api#optionalAuth`: the operation may be sent without auth.
pub const OPTIONAL_AUTH: &str = "smithy.api#optionalAuth";
/// `smithy.api#noAuth`: the scheme of anonymous requests.
pub const NO_AUTH: &str = "smithy.api#noAuth";
/// `smithy.api#httpBearerAuth`.
pub const HTTP_BEARER_AUTH: &str = "smithy.api#httpBearerAuth";
/// `smithy.api#httpBasicAuth` (not supported).
pub const HTTP_BASIC_AUTH: &str = "smithy.api#httpBasicAuth";
/// `smithy.api#httpDigestAuth` (not supported).
pub const HTTP_DIGEST_AUTH: &str = "smithy.api#httpDigestAuth";
/// `smithy.api#httpApiKeyAuth` (not supported).
pub const HTTP_API_KEY_AUTH: &str = "smithy.api#httpApiKeyAuth";
/// `aws.auth#sigv4`.
pub const SIGV4: &str = "aws.auth#sigv4";
/// `aws.auth#sigv4a` (not supported).
pub const SIGV4A: &str = "aws.auth#sigv4a";
/// `aws.auth#unsignedPayload`: sign with `UNSIGNED-PAYLOAD`.
pub const UNSIGNED_PAYLOAD: &str = "aws.auth#unsignedPayload";
/// `smithy.rules#staticContextParams` on operations.
pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
/// `smithy.rules#contextParam` on input members.
pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
/// `smithy.rules#operationContextParams` on operations.
pub const OPERATION_CONTEXT_PARAMS: &str = "smithy.rules#operationContextParams";
/// `smithy.rules#clientContextParams` on services.
pub const CLIENT_CONTEXT_PARAMS: &str = "smithy.rules#clientContextParams";
