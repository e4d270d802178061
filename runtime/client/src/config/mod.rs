//! Client configuration: region, credentials, endpoint, retries, timeouts,
//! validation, limits and the HTTP connector; built by hand with
//! [`Config::builder`] or read from the environment and the shared AWS files
//! with [`Config::from_env`].

mod env;
mod error;
mod ini;
pub(crate) mod profile;
mod retry;
mod timeout;

use std::fmt;
use std::sync::Arc;

pub use error::ConfigError;
pub use retry::RetryConfig;
pub use timeout::TimeoutConfig;

use std::collections::BTreeMap;

use crate::client::{HttpConnector, SharedConnector};
use crate::credentials::{self, ProvideCredentials};
use crate::endpoint::ParamValue;

/// Default cap on a response body: 10 MiB.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 10 * 1024 * 1024;

/// Everything a [`Client`](crate::client::Client) needs besides the service
/// description. Immutable; cheap to clone.
///
/// `Debug` shows which settings are present but never credentials.
#[derive(Clone)]
pub struct Config {
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Arc<dyn ProvideCredentials>>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) retry: RetryConfig,
    pub(crate) timeouts: TimeoutConfig,
    pub(crate) validation: bool,
    pub(crate) sign: bool,
    pub(crate) max_response_body: usize,
    pub(crate) connector: Option<SharedConnector>,
    pub(crate) request_compression: smithy_rt::compression::CompressionSettings,
    /// Endpoint rule parameters: client context parameters by name and
    /// built-ins by built-in name (`AWS::UseFIPS`).
    pub(crate) endpoint_params: BTreeMap<String, ParamValue>,
    /// The token of `smithy.api#httpBearerAuth`.
    pub(crate) bearer_token: Option<String>,
}

impl Config {
    /// A builder with every default: no region, no credentials, no endpoint
    /// override, [`RetryConfig::standard`], [`TimeoutConfig::standard`],
    /// validation on, [`DEFAULT_MAX_RESPONSE_BODY`], the hyper connector.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder holding this configuration, to change a few settings.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            inner: self.clone(),
        }
    }

    /// The region, if one is set.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The credentials provider, if one is set.
    pub fn credentials_provider(&self) -> Option<&Arc<dyn ProvideCredentials>> {
        self.credentials.as_ref()
    }

    /// The endpoint URL override, if one is set.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The retry policy.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry
    }

    /// The time limits.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeouts
    }

    /// Whether inputs are validated before sending (see
    /// [`ConfigBuilder::validation`]).
    pub fn validation(&self) -> bool {
        self.validation
    }

    /// When request bodies are compressed (see
    /// [`ConfigBuilder::disable_request_compression`]).
    pub fn request_compression(&self) -> smithy_rt::compression::CompressionSettings {
        self.request_compression
    }

    /// Whether requests are signed (see [`ConfigBuilder::sign_requests`]).
    pub fn sign_requests(&self) -> bool {
        self.sign
    }

    /// The largest response body read, in bytes.
    pub fn max_response_body_size(&self) -> usize {
        self.max_response_body
    }

    /// The custom connector, if one is set.
    pub fn http_connector(&self) -> Option<&SharedConnector> {
        self.connector.as_ref()
    }

    /// The endpoint rule parameters set with [`ConfigBuilder::endpoint_param`]
    /// (and [`use_fips`](ConfigBuilder::use_fips),
    /// [`use_dual_stack`](ConfigBuilder::use_dual_stack)), by name.
    pub fn endpoint_params(&self) -> &BTreeMap<String, ParamValue> {
        &self.endpoint_params
    }

    /// The bearer token, if one is set.
    pub fn bearer_token(&self) -> Option<&str> {
        self.bearer_token.as_deref()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            region: None,
            credentials: None,
            endpoint_url: None,
            retry: RetryConfig::standard(),
            timeouts: TimeoutConfig::standard(),
            validation: true,
            sign: true,
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            connector: None,
            request_compression: Default::default(),
            endpoint_params: BTreeMap::new(),
            bearer_token: None,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|_| "** redacted **"),
            )
            .field(
                "endpoint_url",
                &self.endpoint_url.as_deref().map(redact_user_info),
            )
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field("validation", &self.validation)
            .field("sign", &self.sign)
            .field("max_response_body", &self.max_response_body)
            .field(
                "connector",
                &self
                    .connector
                    .as_ref()
                    .map_or("default (hyper + rustls)", |_| "custom"),
            )
            .field("endpoint_params", &self.endpoint_params)
            .field(
                "bearer_token",
                &self.bearer_token.as_ref().map(|_| "** redacted **"),
            )
            .field("request_compression", &self.request_compression)
            .finish()
    }
}

/// A URL is shown as is unless it carries user information (`user:pw@`).
fn redact_user_info(url: &str) -> &str {
    if url.contains('@') {
        "** redacted (contains user information) **"
    } else {
        url
    }
}

/// Builds a [`Config`]; every setter is optional.
#[derive(Clone, Default)]
pub struct ConfigBuilder {
    inner: Config,
}

impl ConfigBuilder {
    /// Sets the region (e.g. `us-east-1`), used to resolve the endpoint and
    /// to sign unless the endpoint names its own signing region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.inner.region = Some(region.into());
        self
    }

    /// Sets or clears the region.
    pub fn set_region(&mut self, region: Option<String>) -> &mut Self {
        self.inner.region = region;
        self
    }

    /// Sets where credentials come from: anything implementing
    /// [`ProvideCredentials`], such as `aws-config`'s default chain
    /// (`SdkConfig::credentials_provider()`), or a fixed
    /// [`Credentials`](crate::credentials::Credentials).
    /// The provider is asked once per call.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.inner.credentials = Some(Arc::new(provider));
        self
    }

    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(
        &mut self,
        provider: Option<Arc<dyn ProvideCredentials>>,
    ) -> &mut Self {
        self.inner.credentials = provider;
        self
    }

    /// Uses fixed credentials (access key id, secret key, optional session
    /// token). Avoid hard-coding real keys; prefer [`Config::from_env`].
    pub fn static_credentials(
        self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        self.credentials_provider(credentials::static_credentials(
            access_key_id,
            secret_access_key,
            session_token,
        ))
    }

    /// Sends every request to `url` (`https://host[:port][/base-path]`)
    /// instead of the endpoint the service's rules resolve; the base path, if
    /// any, is put in front of every operation's path.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.inner.endpoint_url = Some(url.into());
        self
    }

    /// Sets or clears the endpoint URL override.
    pub fn set_endpoint_url(&mut self, url: Option<String>) -> &mut Self {
        self.inner.endpoint_url = url;
        self
    }

    /// Sets the retry policy.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.inner.retry = retry;
        self
    }

    /// Shorthand for changing only the number of attempts (1 disables retries).
    pub fn max_attempts(mut self, max_attempts: u32) -> Self {
        self.inner.retry = self.inner.retry.with_max_attempts(max_attempts);
        self
    }

    /// Sets the time limits.
    pub fn timeout_config(mut self, timeouts: TimeoutConfig) -> Self {
        self.inner.timeouts = timeouts;
        self
    }

    /// Turns client-side validation of inputs on (the default) or off.
    ///
    /// Smithy's guidance is that clients may skip checking constraint traits
    /// (`@length`, `@pattern`, `@range`, enum values, ...) because a service
    /// can relax a constraint later, and a client that keeps enforcing the
    /// old limit would then refuse inputs the service accepts. This runtime
    /// still validates by default so mistakes fail fast, locally, with every
    /// violation listed and nothing sent; turn it off to let the service be
    /// the only judge. Inputs that cannot be put on the wire at all (e.g. an
    /// empty path label) still fail with
    /// [`SdkError::Build`](smithy_rt::error::SdkError::Build) whatever this switch says.
    pub fn validation(mut self, enabled: bool) -> Self {
        self.inner.validation = enabled;
        self
    }

    /// Signs requests with SigV4 (the default) or sends them anonymously
    /// (`false`, the AWS CLI's `--no-sign-request`): no credentials are
    /// loaded, no `authorization` or `x-amz-date` header is added.
    pub fn sign_requests(mut self, enabled: bool) -> Self {
        self.inner.sign = enabled;
        self
    }

    /// Caps the response body the client will read, in bytes; a larger
    /// response fails with [`SdkError::Response`](smithy_rt::error::SdkError::Response)
    /// instead of being buffered. Default [`DEFAULT_MAX_RESPONSE_BODY`].
    pub fn max_response_body_size(mut self, bytes: usize) -> Self {
        self.inner.max_response_body = bytes;
        self
    }

    /// Replaces the HTTP stack, e.g. with a
    /// [`MockConnector`](crate::client::MockConnector) in tests. The default
    /// is [`HyperConnector`](crate::client::HyperConnector).
    pub fn http_connector(mut self, connector: impl HttpConnector) -> Self {
        self.inner.connector = Some(SharedConnector::new(connector));
        self
    }

    /// Sets an endpoint rule parameter for every call: a client context
    /// parameter of the service's `smithy.rules#clientContextParams` by its
    /// name (e.g. `endpoint_param("ForcePathStyle", true)`), or a built-in by
    /// its built-in name (`AWS::UseFIPS`, `AWS::UseDualStack`). Parameters
    /// the operation binds from its input win over these; names the rule set
    /// does not declare are ignored.
    pub fn endpoint_param(mut self, name: impl Into<String>, value: impl Into<ParamValue>) -> Self {
        self.inner.endpoint_params.insert(name.into(), value.into());
        self
    }

    /// Resolves FIPS endpoints (the `AWS::UseFIPS` built-in).
    pub fn use_fips(self, enabled: bool) -> Self {
        self.endpoint_param(crate::endpoint::BUILTIN_USE_FIPS, enabled)
    }

    /// Resolves dual-stack endpoints (the `AWS::UseDualStack` built-in).
    pub fn use_dual_stack(self, enabled: bool) -> Self {
        self.endpoint_param(crate::endpoint::BUILTIN_USE_DUAL_STACK, enabled)
    }

    /// Sets the token sent as `Authorization: Bearer <token>` to operations
    /// that accept `smithy.api#httpBearerAuth`. [`Config::from_env`] reads it
    /// from `AWS_BEARER_TOKEN_<SDK_ID>`.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.inner.bearer_token = Some(token.into());
        self
    }

    /// Sets or clears the bearer token.
    pub fn set_bearer_token(&mut self, token: Option<String>) -> &mut Self {
        self.inner.bearer_token = token;
        self
    }

    /// Turns request compression (`@requestCompression`) off or back on
    /// (`disable_request_compression`; on by default).
    pub fn disable_request_compression(mut self, disabled: bool) -> Self {
        self.inner.request_compression.disabled = disabled;
        self
    }

    /// Sets the smallest request body, in bytes, that is compressed
    /// (`request_min_compression_size_bytes`; default 10,240; at most
    /// 10,485,760, larger values are capped).
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.inner.request_compression.min_size =
            bytes.min(smithy_rt::compression::MAX_MIN_COMPRESSION_SIZE);
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        self.inner
    }
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ConfigBuilder").field(&self.inner).finish()
    }
}
