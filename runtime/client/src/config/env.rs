//! Loading a configuration the way the AWS CLI and SDKs do: environment
//! variables first, then the selected profile of the shared files.

use std::path::{Path, PathBuf};

use super::profile::{self, Profile, Profiles};
use super::{Config, ConfigBuilder, ConfigError};
use crate::client::service::parse_endpoint_url;
use crate::client::ServiceInfo;
use crate::credentials;

impl Config {
    /// Loads a configuration from the process environment and the shared
    /// AWS files; shorthand for [`ConfigBuilder::from_env`] then `build()`.
    pub fn from_env(service: &ServiceInfo) -> Result<Config, ConfigError> {
        Ok(ConfigBuilder::from_env(service)?.build())
    }
}

impl ConfigBuilder {
    /// A builder preset from the process environment and the shared AWS
    /// files, following the AWS conventions (first match wins):
    ///
    /// * profile: `AWS_PROFILE`, else `default`; files `AWS_CONFIG_FILE`
    ///   (default `~/.aws/config`, sections `[default]` and
    ///   `[profile NAME]`) and `AWS_SHARED_CREDENTIALS_FILE` (default
    ///   `~/.aws/credentials`, sections `[NAME]`, winning over the config
    ///   file); missing files are fine, malformed ones are errors naming the
    ///   file and line;
    /// * region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`;
    /// * credentials: `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY`
    ///   (+ `AWS_SESSION_TOKEN`), else the profile's `aws_access_key_id` +
    ///   `aws_secret_access_key` (+ `aws_session_token`);
    /// * endpoint URL: `AWS_ENDPOINT_URL_<SDK_ID>` (e.g.
    ///   `AWS_ENDPOINT_URL_CHIME`), `AWS_ENDPOINT_URL`, the profile's
    ///   `endpoint_url`; all ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
    ///   (or the profile's `ignore_configured_endpoint_urls`) is `true`;
    /// * attempts: `AWS_MAX_ATTEMPTS`, the profile's `max_attempts`;
    /// * FIPS and dual-stack endpoints: `AWS_USE_FIPS_ENDPOINT`,
    ///   `AWS_USE_DUALSTACK_ENDPOINT`, the profile's `use_fips_endpoint`,
    ///   `use_dualstack_endpoint` (`true` or `false`);
    /// * bearer token (`smithy.api#httpBearerAuth`): `AWS_BEARER_TOKEN_<SDK_ID>`.
    ///
    /// Empty variables count as unset. Everything else keeps its default and
    /// any setting can still be changed on the returned builder. Only static
    /// credentials are read; for SSO, roles or processes, pass an
    /// `aws-config` provider to [`credentials_provider`](Self::credentials_provider).
    pub fn from_env(service: &ServiceInfo) -> Result<ConfigBuilder, ConfigError> {
        let home = home_dir();
        Self::from_env_with(service, &|name| std::env::var(name).ok(), home.as_deref())
    }

    /// [`from_env`](Self::from_env) with the environment given explicitly:
    /// `var` looks a variable up, `home` is the home directory (for
    /// `~/.aws/...`). Lets tests and embedders load a configuration without
    /// touching the process environment.
    pub fn from_env_with(
        service: &ServiceInfo,
        var: &dyn Fn(&str) -> Option<String>,
        home: Option<&Path>,
    ) -> Result<ConfigBuilder, ConfigError> {
        let var = |name: &str| {
            var(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let explicit_profile = var("AWS_PROFILE");
        let profile_name = explicit_profile
            .clone()
            .unwrap_or_else(|| "default".to_owned());
        let (config_file, credentials_file) = profile::file_paths(&var, home);
        let profiles = Profiles::load(&config_file, &credentials_file)?;
        let profile = profiles.get(&profile_name);

        let env_credentials = credentials::from_env_vars(&var)?;
        if profile.is_none() && explicit_profile.is_some() && env_credentials.is_none() {
            return Err(ConfigError::ProfileNotFound {
                profile: profile_name,
                config_file,
                credentials_file,
            });
        }
        let credentials = match env_credentials {
            Some(c) => Some(c),
            None => profile
                .map(credentials::from_profile)
                .transpose()?
                .flatten(),
        };

        let setting = |env: &[&str], key: &str| -> Option<(String, String, String)> {
            for name in env {
                if let Some(v) = var(name) {
                    return Some((v, (*name).to_owned(), "environment".to_owned()));
                }
            }
            let p = profile?;
            p.get(key)
                .map(|v| (v.to_owned(), key.to_owned(), p.origin(key)))
        };

        let mut builder = ConfigBuilder::default();
        if let Some(c) = credentials {
            builder = builder.credentials_provider(c);
        }
        if let Some((region, _, _)) = setting(&["AWS_REGION", "AWS_DEFAULT_REGION"], "region") {
            builder = builder.region(region);
        }
        if !ignore_endpoints(&var, profile)? {
            let specific = service.endpoint_env_var();
            if let Some((url, name, origin)) =
                setting(&[specific.as_str(), "AWS_ENDPOINT_URL"], "endpoint_url")
            {
                parse_endpoint_url(&url).map_err(|message| invalid(name, origin, message))?;
                builder = builder.endpoint_url(url);
            }
        }
        if let Some(token) = var(&service.bearer_token_env_var()) {
            builder = builder.bearer_token(token);
        }
        for (env, key, builtin) in [
            (
                "AWS_USE_FIPS_ENDPOINT",
                "use_fips_endpoint",
                crate::endpoint::BUILTIN_USE_FIPS,
            ),
            (
                "AWS_USE_DUALSTACK_ENDPOINT",
                "use_dualstack_endpoint",
                crate::endpoint::BUILTIN_USE_DUAL_STACK,
            ),
        ] {
            if let Some((v, name, origin)) = setting(&[env], key) {
                let on = match v.to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(invalid(
                            name,
                            origin,
                            format!("expected true or false, found '{v}'"),
                        ))
                    }
                };
                builder = builder.endpoint_param(builtin, on);
            }
        }
        if let Some((n, name, origin)) = setting(&["AWS_MAX_ATTEMPTS"], "max_attempts") {
            let attempts = n.parse::<u32>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                invalid(
                    name,
                    origin,
                    format!("expected a whole number of at least 1, found '{n}'"),
                )
            })?;
            builder = builder.max_attempts(attempts);
        }
        if let Some((v, name, origin)) = setting(
            &["AWS_DISABLE_REQUEST_COMPRESSION"],
            "disable_request_compression",
        ) {
            let disabled = match v.to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => {
                    return Err(invalid(
                        name,
                        origin,
                        "expected `true` or `false`".to_owned(),
                    ))
                }
            };
            builder = builder.disable_request_compression(disabled);
        }
        if let Some((v, name, origin)) = setting(
            &["AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES"],
            "request_min_compression_size_bytes",
        ) {
            let n = v.parse::<u64>().map_err(|_| ()).and_then(|n| {
                smithy_rt::compression::CompressionSettings::check_min_size(n).map_err(|_| ())
            });
            let n = n.map_err(|()| {
                invalid(
                    name,
                    origin,
                    format!("expected a whole number from 0 to 10485760, found '{v}'"),
                )
            })?;
            builder = builder.request_min_compression_size_bytes(n);
        }
        Ok(builder)
    }
}

fn ignore_endpoints(
    var: &dyn Fn(&str) -> Option<String>,
    profile: Option<&Profile>,
) -> Result<bool, ConfigError> {
    const ENV: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
    const KEY: &str = "ignore_configured_endpoint_urls";
    let (value, name, origin) = match (var(ENV), profile.and_then(|p| p.get(KEY).map(|v| (v, p)))) {
        (Some(v), _) => (v, ENV, "environment".to_owned()),
        (None, Some((v, p))) => (v.to_owned(), KEY, p.origin(KEY)),
        (None, None) => return Ok(false),
    };
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid(
            name.to_owned(),
            origin,
            "expected `true` or `false`".to_owned(),
        )),
    }
}

fn invalid(setting: String, origin: String, message: String) -> ConfigError {
    ConfigError::InvalidValue {
        setting,
        origin,
        message,
    }
}

/// `HOME`, or `USERPROFILE` on Windows.
fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| {
            if cfg!(windows) {
                std::env::var_os("USERPROFILE")
            } else {
                None
            }
        })
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}
