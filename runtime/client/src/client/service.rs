//! What the runtime needs to know about the service a generated crate wraps,
//! and the endpoint a call goes to.

/// Where requests go and how they are signed, as resolved from the model's
/// endpoint rules (or from an endpoint URL override).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// Absolute `http` or `https` URL; may carry a base path, which is put in
    /// front of every operation's path.
    pub url: String,
    /// Region to sign with, when the endpoint dictates one (a global service
    /// signs with a fixed region); else the configured region is used.
    pub signing_region: Option<String>,
    /// Signing name, when the endpoint overrides the service's.
    pub signing_name: Option<String>,
    /// The `name`s of the endpoint's `authSchemes` property (`sigv4`,
    /// `sigv4a`, ...), in order; empty when it names none.
    pub auth_schemes: Vec<String>,
}

impl Endpoint {
    /// An endpoint at `url` with no signing overrides.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            signing_region: None,
            signing_name: None,
            auth_schemes: Vec::new(),
        }
    }

    /// Sets the region to sign with.
    pub fn with_signing_region(mut self, region: impl Into<String>) -> Self {
        self.signing_region = Some(region.into());
        self
    }

    /// Sets the signing name.
    pub fn with_signing_name(mut self, name: impl Into<String>) -> Self {
        self.signing_name = Some(name.into());
        self
    }
}

/// Keeps the URL and SigV4 overrides of a ruleset's answer. (Endpoint
/// headers and other properties are not used by this runtime.)
impl From<crate::endpoint::ResolvedEndpoint> for Endpoint {
    fn from(resolved: crate::endpoint::ResolvedEndpoint) -> Self {
        let auth_schemes = resolved
            .properties
            .get("authSchemes")
            .and_then(serde_json::Value::as_array)
            .map(|schemes| {
                schemes
                    .iter()
                    .filter_map(|s| s.get("name").and_then(serde_json::Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        Self {
            url: resolved.url,
            signing_region: resolved.signing_region,
            signing_name: resolved.signing_name,
            auth_schemes,
        }
    }
}

/// Static facts about a service, supplied by the generated crate as a
/// `const`.
///
/// ```
/// use smithy_client::client::{Endpoint, ServiceInfo};
/// use smithy_client::endpoint::Params;
///
/// fn resolve(_params: &Params) -> Result<Endpoint, String> {
///     Ok(Endpoint::new("https://chime.us-east-1.amazonaws.com").with_signing_region("us-east-1"))
/// }
///
/// const CHIME: ServiceInfo = ServiceInfo {
///     sdk_id: "Chime",
///     signing_name: "chime",
///     api_version: "2018-05-01",
///     default_endpoint: resolve,
///     endpoint_url_in_rules: false,
/// };
/// assert_eq!(CHIME.endpoint_env_var(), "AWS_ENDPOINT_URL_CHIME");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ServiceInfo {
    /// The model's `sdkId`, e.g. `Chime`; names the service-specific endpoint
    /// variable `AWS_ENDPOINT_URL_<SDK_ID>` and appears in the user agent.
    pub sdk_id: &'static str,
    /// The SigV4 signing name, e.g. `chime`, used by operations that do not
    /// list their [`AuthScheme`](smithy_rt::operation::AuthScheme)s; empty
    /// for a service without `aws.auth#sigv4`.
    pub signing_name: &'static str,
    /// The model's API version, e.g. `2018-05-01`.
    pub api_version: &'static str,
    /// Resolves the endpoint from the endpoint rule parameters of a call
    /// (built-ins such as `AWS::Region` under their built-in names, client
    /// context parameters from the configuration, the operation's context
    /// parameters) when no endpoint URL is configured. An `Err` explains why
    /// no endpoint exists (e.g. a region is required).
    pub default_endpoint: fn(params: &crate::endpoint::Params) -> Result<Endpoint, String>,
    /// The rules read the `SDK::Endpoint` built-in: a configured endpoint URL
    /// is passed to [`default_endpoint`](Self::default_endpoint) as that
    /// built-in (the rules may rewrite it, e.g. put an account id in front
    /// of the host, as the AWS SDKs and botocore do) rather than used as is.
    pub endpoint_url_in_rules: bool,
}

impl ServiceInfo {
    /// The service-specific endpoint variable: `AWS_ENDPOINT_URL_` followed by
    /// the SDK id upper-cased, spaces and dashes turned into `_`.
    pub fn endpoint_env_var(&self) -> String {
        let suffix: String = self
            .sdk_id
            .chars()
            .map(|c| {
                if c == ' ' || c == '-' {
                    '_'
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect();
        format!("AWS_ENDPOINT_URL_{suffix}")
    }

    /// The bearer token variable: `AWS_BEARER_TOKEN_` followed by the SDK id
    /// spelled as in [`endpoint_env_var`](Self::endpoint_env_var).
    pub fn bearer_token_env_var(&self) -> String {
        self.endpoint_env_var()
            .replacen("AWS_ENDPOINT_URL_", "AWS_BEARER_TOKEN_", 1)
    }
}

/// Checks an endpoint URL: absolute, `http` or `https`, a host, no user
/// info, no query. The message never repeats the URL (it may hold secrets).
pub(crate) fn parse_endpoint_url(url: &str) -> Result<http::Uri, String> {
    let uri: http::Uri = url
        .trim()
        .parse()
        .map_err(|_| "is not a valid URL".to_owned())?;
    match uri.scheme_str() {
        Some("http") | Some("https") => {}
        Some(_) => return Err("must use the http or https scheme".into()),
        None => return Err("must be an absolute URL (https://host[:port][/base-path])".into()),
    }
    let authority = uri.authority().ok_or("has no host")?;
    if authority.as_str().contains('@') {
        return Err("must not contain user information".into());
    }
    if authority.host().is_empty() {
        return Err("has no host".into());
    }
    // `http` accepts any digits as a port and then reports none, which
    // would send the request to the scheme's default port: refuse instead.
    let text = authority.as_str();
    let after_host = match text.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or("", |(_, rest)| rest),
        None => text.rfind(':').map_or("", |i| &text[i..]),
    };
    let port = after_host.strip_prefix(':').unwrap_or_default();
    if !port.is_empty() && authority.port_u16().is_none_or(|p| p == 0) {
        return Err("has a port out of range (must be from 1 to 65535)".into());
    }
    if uri.query().is_some() {
        return Err("must not have a query string".into());
    }
    Ok(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_urls_are_checked() {
        assert!(parse_endpoint_url("https://chime.us-east-1.amazonaws.com").is_ok());
        assert!(parse_endpoint_url("http://127.0.0.1:8080/base/").is_ok());
        assert!(parse_endpoint_url("ftp://x").is_err());
        assert!(parse_endpoint_url("/relative").is_err());
        assert!(parse_endpoint_url("https://user:pw@host").is_err());
        assert!(parse_endpoint_url("https://host/?q=1").is_err());
        assert!(parse_endpoint_url("not a url").is_err());
        assert!(parse_endpoint_url("http://[::1]:8080/").is_ok());
        assert!(parse_endpoint_url("http://[::1]/").is_ok());
        assert!(parse_endpoint_url("http://127.0.0.1:65535/").is_ok());
        for bad in [
            "http://127.0.0.1:99999/",
            "http://127.0.0.1:65536",
            "http://127.0.0.1:0/",
            "http://[::1]:70000/",
        ] {
            assert_eq!(
                parse_endpoint_url(bad).unwrap_err(),
                "has a port out of range (must be from 1 to 65535)",
                "{bad}"
            );
        }
    }
}
