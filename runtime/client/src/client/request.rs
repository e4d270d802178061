//! Turning a serialized request into what goes on the wire: endpoint
//! resolution, absolute URI, `host` and `user-agent`, SigV4 signing (with the
//! `aws-sigv4` crate) and the per-attempt SDK headers.

use std::time::SystemTime;

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use http::header::{HeaderName, HeaderValue, AUTHORIZATION, HOST, USER_AGENT};

use super::service::{parse_endpoint_url, Endpoint, ServiceInfo};
use crate::config::Config;
use crate::credentials::Credentials;
use crate::endpoint::Params;
use crate::event_stream_signing::{EventSigner, STREAMING_EVENTS_PAYLOAD};
use smithy_rt::error::BuildError;
use smithy_rt::operation::HttpRequest;

const X_AMZ_DATE: &str = "x-amz-date";
const X_AMZ_SECURITY_TOKEN: &str = "x-amz-security-token";
const X_AMZ_CONTENT_SHA256: &str = "x-amz-content-sha256";
const INVOCATION_ID: &str = "amz-sdk-invocation-id";
const SDK_REQUEST: &str = "amz-sdk-request";

/// Where a call goes and the endpoint's signing overrides.
#[derive(Clone, Debug)]
pub(crate) struct ResolvedEndpoint {
    base: http::Uri,
    /// The endpoint's signing region, else the configured region.
    pub signing_region: Option<String>,
    /// The endpoint's signing name, if it names one.
    pub signing_name: Option<String>,
    /// The names of the endpoint's `authSchemes`.
    pub auth_schemes: Vec<String>,
}

/// How one call is authenticated.
pub(crate) enum Identity {
    /// SigV4 with these credentials, region and name.
    SigV4 {
        credentials: Credentials,
        region: String,
        name: String,
        unsigned_payload: bool,
    },
    /// `Authorization: Bearer <token>`.
    Bearer(String),
    /// Nothing.
    Anonymous,
}

/// The endpoint rule parameters of one call: the configured region as
/// `AWS::Region`, the configuration's built-ins and client context
/// parameters, then the operation's own parameters (which win).
pub(crate) fn endpoint_params(
    config: &Config,
    operation: Vec<(&'static str, smithy_rt::operation::EndpointParam)>,
) -> Params {
    let mut params = Params::new();
    if let Some(region) = config.region() {
        params.set(crate::endpoint::BUILTIN_REGION, region);
    }
    for (name, value) in config.endpoint_params() {
        params.set(name.clone(), value.clone());
    }
    for (name, value) in operation {
        params.set(name, value);
    }
    params
}

/// The endpoint override if configured, else the service's rules for the
/// call's endpoint parameters.
pub(crate) fn resolve_endpoint(
    service: &ServiceInfo,
    config: &Config,
    params: &Params,
) -> Result<ResolvedEndpoint, BuildError> {
    let endpoint = match config.endpoint_url() {
        Some(url) if service.endpoint_url_in_rules => {
            let mut params = params.clone();
            params.set(crate::endpoint::BUILTIN_ENDPOINT, url);
            (service.default_endpoint)(&params).map_err(|e| {
                BuildError::other(format!(
                    "cannot resolve the {} endpoint for the endpoint URL {url}: {e}",
                    service.sdk_id
                ))
            })?
        }
        Some(url) => Endpoint::new(url),
        None => (service.default_endpoint)(params).map_err(|e| {
            BuildError::other(format!(
                "cannot resolve the {} endpoint: {e}",
                service.sdk_id
            ))
        })?,
    };
    let base = parse_endpoint_url(&endpoint.url)
        .map_err(|m| BuildError::other(format!("the endpoint URL {m}")))?;
    let signing_region = endpoint
        .signing_region
        .or_else(|| config.region().map(str::to_owned));
    Ok(ResolvedEndpoint {
        base,
        signing_region,
        signing_name: endpoint.signing_name,
        auth_schemes: endpoint.auth_schemes,
    })
}

/// Why SigV4 cannot be used with `endpoint`, if it cannot: the endpoint
/// names auth schemes and none is `sigv4`.
pub(crate) fn sigv4_refusal(endpoint: &ResolvedEndpoint) -> Option<String> {
    if endpoint.auth_schemes.is_empty() || endpoint.auth_schemes.iter().any(|s| s == "sigv4") {
        return None;
    }
    Some(format!(
        "the endpoint requires the auth scheme {}, which this client cannot sign with",
        endpoint.auth_schemes.join(" or ")
    ))
}

/// The region and name to sign with: the endpoint's, else the configured
/// region and the scheme's name.
pub(crate) fn signing_scope(
    endpoint: &ResolvedEndpoint,
    scheme_name: &str,
) -> Result<(String, String), BuildError> {
    let region = endpoint.signing_region.clone().ok_or_else(|| {
        BuildError::other(
            "no region configured: set AWS_REGION, a profile `region`, or ConfigBuilder::region",
        )
    })?;
    let name = endpoint
        .signing_name
        .clone()
        .unwrap_or_else(|| scheme_name.to_owned());
    if name.is_empty() {
        return Err(BuildError::other(
            "the service has no SigV4 signing name (no aws.auth#sigv4 trait)",
        ));
    }
    Ok((region, name))
}

/// Makes the request's URI absolute (base path of the endpoint first) and
/// sets `host` and `user-agent`.
pub(crate) fn to_absolute(
    mut request: HttpRequest,
    endpoint: &ResolvedEndpoint,
    user_agent: &HeaderValue,
) -> Result<HttpRequest, BuildError> {
    let base = &endpoint.base;
    let scheme = base.scheme_str().unwrap_or("https");
    let authority = base
        .authority()
        .ok_or_else(|| BuildError::other("the endpoint URL has no host"))?;
    let base_path = base.path().trim_end_matches('/');
    let relative = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
    let separator = if relative.starts_with('/') { "" } else { "/" };
    // `@endpoint` operations put a host prefix (already checked by the
    // serializer) in front of the endpoint's host.
    let prefix = request
        .extensions()
        .get::<smithy_rt::operation::HostPrefix>()
        .map_or("", |p| p.0.as_str());
    let host_name = format!("{prefix}{}", authority.host());
    let authority = match authority.port() {
        Some(port) => format!("{host_name}:{port}"),
        None => host_name.clone(),
    };
    let uri: http::Uri = format!("{scheme}://{authority}{base_path}{separator}{relative}")
        .parse()
        .map_err(|e| BuildError::other(format!("the request URI is invalid: {e}")))?;

    let default_port = if scheme == "http" { 80 } else { 443 };
    let host = match uri.port_u16() {
        Some(port) if port != default_port => format!("{host_name}:{port}"),
        _ => host_name,
    };
    let host = HeaderValue::from_str(&host)
        .map_err(|_| BuildError::other("the endpoint host is not a valid header"))?;
    *request.uri_mut() = uri;
    let headers = request.headers_mut();
    headers.insert(HOST, host);
    headers.insert(USER_AGENT, user_agent.clone());
    for name in [
        AUTHORIZATION.as_str(),
        X_AMZ_DATE,
        X_AMZ_SECURITY_TOKEN,
        INVOCATION_ID,
        SDK_REQUEST,
    ] {
        headers.remove(name);
    }
    Ok(request)
}

/// What identifies one attempt of one call.
pub(crate) struct AttemptInfo<'a> {
    pub invocation_id: &'a str,
    pub attempt: u32,
    pub max_attempts: u32,
}

/// A signed copy of `request` for one attempt: SigV4 over method, URI,
/// every header present (except `user-agent`) and the body; then
/// `x-amz-date`, `authorization`, `x-amz-security-token` (when there is a
/// session token) and, unsigned like the AWS CLI does, the
/// `amz-sdk-invocation-id` and `amz-sdk-request` headers.
pub(crate) fn sign_attempt(
    request: &HttpRequest,
    identity: &Identity,
    info: &AttemptInfo<'_>,
    time: SystemTime,
) -> Result<HttpRequest, BuildError> {
    let (credentials, region, name, unsigned_payload) = match identity {
        Identity::SigV4 {
            credentials,
            region,
            name,
            unsigned_payload,
        } => (credentials, region, name, *unsigned_payload),
        Identity::Bearer(token) => return bearer_attempt(request, token, info),
        Identity::Anonymous => return unsigned_attempt(request, info),
    };
    let body = if unsigned_payload {
        SignableBody::UnsignedPayload
    } else {
        SignableBody::Bytes(request.body())
    };
    let scope = SigV4Scope {
        credentials,
        region,
        name,
    };
    sigv4_attempt(request, &scope, body, info, time).map(|(signed, _)| signed)
}

/// A copy of `request` (whose body is empty: the messages follow) for the
/// one attempt of an operation with an input event stream, and the signer
/// of its messages. With SigV4 the payload hash is
/// [`STREAMING_EVENTS_PAYLOAD`], also sent (and signed) as
/// `x-amz-content-sha256`, and the signer is seeded with the request's
/// signature; with a bearer token or no authentication there is no signer
/// (the messages go unsigned).
pub(crate) fn sign_streaming_attempt(
    request: &HttpRequest,
    identity: &Identity,
    info: &AttemptInfo<'_>,
    time: SystemTime,
) -> Result<(HttpRequest, Option<EventSigner>), BuildError> {
    let (credentials, region, name) = match identity {
        Identity::SigV4 {
            credentials,
            region,
            name,
            ..
        } => (credentials, region, name),
        Identity::Bearer(token) => return Ok((bearer_attempt(request, token, info)?, None)),
        Identity::Anonymous => return Ok((unsigned_attempt(request, info)?, None)),
    };
    let mut streaming = http::Request::new(bytes::Bytes::new());
    *streaming.method_mut() = request.method().clone();
    *streaming.uri_mut() = request.uri().clone();
    *streaming.headers_mut() = request.headers().clone();
    let headers = streaming.headers_mut();
    // The body's length is unknown: it goes chunked (HTTP/1.1) or framed
    // (HTTP/2), never with the length the serializer may have set.
    headers.remove(http::header::CONTENT_LENGTH);
    headers.insert(
        X_AMZ_CONTENT_SHA256,
        HeaderValue::from_static(STREAMING_EVENTS_PAYLOAD),
    );
    let scope = SigV4Scope {
        credentials,
        region,
        name,
    };
    let body = SignableBody::Precomputed(STREAMING_EVENTS_PAYLOAD.to_owned());
    let (signed, signature) = sigv4_attempt(&streaming, &scope, body, info, time)?;
    let signer = EventSigner::new(credentials, region.as_str(), name.as_str(), &signature)
        .map_err(|e| BuildError::other(format!("cannot sign the event stream: {e}")))?;
    Ok((signed, Some(signer)))
}

/// Who signs with SigV4, for which region and service.
struct SigV4Scope<'a> {
    credentials: &'a Credentials,
    region: &'a str,
    name: &'a str,
}

/// A SigV4-signed copy of `request` whose payload is hashed as `body`
/// says, and the request's hex signature.
fn sigv4_attempt(
    request: &HttpRequest,
    scope: &SigV4Scope<'_>,
    body: SignableBody<'_>,
    info: &AttemptInfo<'_>,
    time: SystemTime,
) -> Result<(HttpRequest, String), BuildError> {
    let mut headers = Vec::with_capacity(request.headers().len());
    for (name, value) in request.headers() {
        let value = value.to_str().map_err(|_| {
            BuildError::other(format!(
                "header `{name}` is not visible ASCII and cannot be signed"
            ))
        })?;
        headers.push((name.as_str(), value));
    }
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(
        request.method().as_str(),
        uri.as_str(),
        headers.into_iter(),
        body,
    )
    .map_err(|e| BuildError::other(format!("cannot sign the request: {e}")))?;
    let identity = scope.credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(scope.region)
        .name(scope.name)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| BuildError::other(format!("cannot sign the request: {e}")))?
        .into();
    let (instructions, signature) = sign(signable, &params)
        .map_err(|e| BuildError::other(format!("cannot sign the request: {e}")))?
        .into_parts();

    let mut signed = http::Request::new(request.body().clone());
    *signed.method_mut() = request.method().clone();
    *signed.uri_mut() = request.uri().clone();
    *signed.headers_mut() = request.headers().clone();
    let out = signed.headers_mut();
    for (name, value) in instructions.headers() {
        // Never echo the value: it may be the session token.
        let invalid = || BuildError::other(format!("signing produced an invalid `{name}` header"));
        let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let mut header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
        if header_name == AUTHORIZATION || header_name.as_str() == X_AMZ_SECURITY_TOKEN {
            header_value.set_sensitive(true);
        }
        out.insert(header_name, header_value);
    }
    attempt_headers(out, info)?;
    Ok((signed, signature))
}

/// A copy of `request` for one attempt with `Authorization: Bearer <token>`
/// (marked sensitive) and the per-attempt headers.
pub(crate) fn bearer_attempt(
    request: &HttpRequest,
    token: &str,
    info: &AttemptInfo<'_>,
) -> Result<HttpRequest, BuildError> {
    let mut copy = unsigned_attempt(request, info)?;
    // Never echo the value: it is a secret.
    let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
        .map_err(|_| BuildError::other("the bearer token is not a valid header value"))?;
    value.set_sensitive(true);
    copy.headers_mut().insert(AUTHORIZATION, value);
    Ok(copy)
}

/// An unsigned copy of `request` for one attempt (signing turned off):
/// only the `amz-sdk-invocation-id` and `amz-sdk-request` headers are added.
pub(crate) fn unsigned_attempt(
    request: &HttpRequest,
    info: &AttemptInfo<'_>,
) -> Result<HttpRequest, BuildError> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    attempt_headers(copy.headers_mut(), info)?;
    Ok(copy)
}

fn attempt_headers(out: &mut http::HeaderMap, info: &AttemptInfo<'_>) -> Result<(), BuildError> {
    let invocation_id = HeaderValue::from_str(info.invocation_id)
        .map_err(|_| BuildError::other("invalid invocation id"))?;
    out.insert(INVOCATION_ID, invocation_id);
    let sdk_request = format!("attempt={}; max={}", info.attempt, info.max_attempts);
    let sdk_request = HeaderValue::from_str(&sdk_request)
        .map_err(|_| BuildError::other("invalid attempt header"))?;
    out.insert(SDK_REQUEST, sdk_request);
    Ok(())
}

/// A random (version 4) UUID, the same for every attempt of one call.
pub(crate) fn new_invocation_id() -> String {
    let mut bytes = fastrand::u128(..).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

/// `smithy-rt/<version> api/<sdk-id>#<api-version> os/<os> lang/rust`.
pub(crate) fn user_agent(service: &ServiceInfo) -> HeaderValue {
    let sdk: String = service
        .sdk_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let text = format!(
        "smithy-rt/{} api/{sdk}#{} os/{} lang/rust",
        env!("CARGO_PKG_VERSION"),
        service.api_version,
        std::env::consts::OS
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| {
        HeaderValue::from_static(concat!("smithy-rt/", env!("CARGO_PKG_VERSION")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn absolute(base: &str, relative: &str) -> HttpRequest {
        let endpoint = ResolvedEndpoint {
            base: base.parse().unwrap(),
            signing_region: Some("us-east-1".into()),
            signing_name: Some("chime".into()),
            auth_schemes: vec![],
        };
        let request = http::Request::builder()
            .uri(relative)
            .body(bytes::Bytes::new())
            .unwrap();
        to_absolute(request, &endpoint, &HeaderValue::from_static("ua")).unwrap()
    }

    #[test]
    fn uris_are_joined_and_host_drops_default_ports() {
        let cases = [
            (
                "https://chime.us-east-1.amazonaws.com",
                "/a/b?x=1",
                "https://chime.us-east-1.amazonaws.com/a/b?x=1",
                "chime.us-east-1.amazonaws.com",
            ),
            ("https://h:443/base/", "/a", "https://h:443/base/a", "h"),
            ("http://h:80", "/a", "http://h:80/a", "h"),
            (
                "http://127.0.0.1:8080/v1",
                "/a?q",
                "http://127.0.0.1:8080/v1/a?q",
                "127.0.0.1:8080",
            ),
            (
                "http://[::1]:9000",
                "/a",
                "http://[::1]:9000/a",
                "[::1]:9000",
            ),
        ];
        for (base, relative, uri, host) in cases {
            let r = absolute(base, relative);
            assert_eq!(r.uri().to_string(), uri);
            assert_eq!(r.headers()["host"], host, "{base}");
            assert_eq!(r.headers()["user-agent"], "ua");
        }
    }

    #[test]
    fn host_prefixes_go_in_front_of_the_endpoint_host() {
        let endpoint = ResolvedEndpoint {
            base: "http://127.0.0.1.nip.example:8080/v1".parse().unwrap(),
            signing_region: Some("us-east-1".into()),
            signing_name: Some("chime".into()),
            auth_schemes: vec![],
        };
        let mut request = http::Request::builder()
            .uri("/a")
            .body(bytes::Bytes::new())
            .unwrap();
        request
            .extensions_mut()
            .insert(smithy_rt::operation::HostPrefix("foo.bar-".into()));
        let r = to_absolute(request, &endpoint, &HeaderValue::from_static("ua")).unwrap();
        assert_eq!(
            r.uri().to_string(),
            "http://foo.bar-127.0.0.1.nip.example:8080/v1/a"
        );
        assert_eq!(r.headers()["host"], "foo.bar-127.0.0.1.nip.example:8080");
    }

    #[test]
    fn invocation_ids_are_v4_uuids() {
        let a = new_invocation_id();
        let b = new_invocation_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let parts: Vec<_> = a.split('-').map(str::len).collect();
        assert_eq!(parts, [8, 4, 4, 4, 12]);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        assert!(a
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)));
    }
}
