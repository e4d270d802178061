//! Credentials: the types the client signs with, re-exported from
//! `aws-credential-types` so any provider written for the AWS SDK (such as
//! `aws-config`'s default chain) plugs into
//! [`ConfigBuilder::credentials_provider`](crate::config::ConfigBuilder::credentials_provider),
//! plus the static sources [`Config::from_env`](crate::config::Config::from_env)
//! reads: environment variables and shared-file profiles.
//!
//! Secrets never appear in `Debug` output, logs or error messages: the
//! `Debug` of [`Credentials`] shows the access key id and the provider name
//! only, and errors name the variable or file line at fault, never its value.

pub use aws_credential_types::provider::error::CredentialsError;
pub use aws_credential_types::provider::future::ProvideCredentials as ProvideCredentialsFuture;
pub use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
pub use aws_credential_types::Credentials;

use crate::config::profile::Profile;
use crate::config::ConfigError;

/// Provider name of credentials given by value.
pub const STATIC_PROVIDER: &str = "Static";
/// Provider name of credentials read from `AWS_ACCESS_KEY_ID` and friends.
pub const ENVIRONMENT_PROVIDER: &str = "Environment";
/// Provider name of credentials read from a shared-file profile.
pub const PROFILE_PROVIDER: &str = "Profile";

/// Fixed credentials: access key id, secret access key, optional session token.
pub fn static_credentials(
    access_key_id: impl Into<String>,
    secret_access_key: impl Into<String>,
    session_token: Option<String>,
) -> Credentials {
    Credentials::new(
        access_key_id,
        secret_access_key,
        session_token,
        None,
        STATIC_PROVIDER,
    )
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
/// `AWS_SESSION_TOKEN`; `None` if neither key variable is set.
pub(crate) fn from_env_vars(
    var: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Credentials>, ConfigError> {
    let pair = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY"));
    let (access_key_id, secret) = match pair {
        (None, None) => return Ok(None),
        (Some(a), Some(s)) => (a, s),
        (Some(_), None) => return Err(incomplete("environment", "AWS_SECRET_ACCESS_KEY")),
        (None, Some(_)) => return Err(incomplete("environment", "AWS_ACCESS_KEY_ID")),
    };
    let token = var("AWS_SESSION_TOKEN");
    Ok(Some(Credentials::new(
        access_key_id,
        secret,
        token,
        None,
        ENVIRONMENT_PROVIDER,
    )))
}

/// Keys of credential sources this runtime does not implement.
const UNSUPPORTED_SOURCES: [&str; 6] = [
    "role_arn",
    "credential_process",
    "sso_session",
    "sso_start_url",
    "web_identity_token_file",
    "credential_source",
];

/// Static credentials from a profile's `aws_access_key_id`,
/// `aws_secret_access_key` and `aws_session_token`; `None` if it has no keys.
pub(crate) fn from_profile(profile: &Profile) -> Result<Option<Credentials>, ConfigError> {
    const ID: &str = "aws_access_key_id";
    const SECRET: &str = "aws_secret_access_key";
    let (access_key_id, secret) = match (profile.get(ID), profile.get(SECRET)) {
        (Some(a), Some(s)) => (a, s),
        (Some(_), None) => return Err(incomplete(&profile.origin(ID), SECRET)),
        (None, Some(_)) => return Err(incomplete(&profile.origin(SECRET), ID)),
        (None, None) => {
            if let Some(key) = UNSUPPORTED_SOURCES
                .iter()
                .find(|k| profile.get(k).is_some())
            {
                tracing::warn!(
                    origin = %profile.origin(key),
                    "the profile gets credentials through `{key}`, which smithy-rt does not implement; \
                     pass a provider (e.g. from aws-config) to ConfigBuilder::credentials_provider"
                );
            }
            return Ok(None);
        }
    };
    let token = profile.get("aws_session_token").map(str::to_owned);
    Ok(Some(Credentials::new(
        access_key_id,
        secret,
        token,
        None,
        PROFILE_PROVIDER,
    )))
}

fn incomplete(origin: &str, missing: &'static str) -> ConfigError {
    ConfigError::IncompleteCredentials {
        origin: origin.to_owned(),
        missing,
    }
}
