//! Configuration from the environment and the global options, and the call
//! itself on a current-thread Tokio runtime that Ctrl-C interrupts.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use smithy_client::client::{Client, HyperConnector, SharedConnector};
use smithy_client::config::{Config, ConfigBuilder, TimeoutConfig};

use crate::app::{call_failure, Environment, Failure};
use crate::argv::Globals;
use crate::debug::DebugConnector;
use crate::spec::{Operation, Service};

/// "No limit" for a timeout of 0: a year.
const NO_LIMIT: Duration = Duration::from_secs(365 * 24 * 3600);

fn seconds(option: &str, text: &str) -> Result<Duration, Failure> {
    let secs: f64 = text
        .trim()
        .parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s >= 0.0)
        .ok_or_else(|| Failure::Usage(format!("argument {option}: invalid int value: '{text}'")))?;
    Ok(if secs == 0.0 {
        NO_LIMIT
    } else {
        Duration::from_secs_f64(secs)
    })
}

/// The client configuration: environment and shared files (with
/// `--profile` as `AWS_PROFILE`), then the global options.
pub fn config(svc: &Service, g: &Globals, env: &dyn Environment) -> Result<Config, Failure> {
    if let Some(url) = &g.endpoint_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Failure::Param(format!(
                "Bad value for --endpoint-url \"{url}\": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/"
            )));
        }
    }
    // As in botocore, an explicit --profile also means "not the
    // environment's keys".
    let var = |name: &str| match (&g.profile, name) {
        (Some(p), "AWS_PROFILE") => Some(p.clone()),
        (Some(_), "AWS_ACCESS_KEY_ID" | "AWS_SECRET_ACCESS_KEY" | "AWS_SESSION_TOKEN") => None,
        _ => env.var(name),
    };
    let home = env.var("HOME").filter(|h| !h.is_empty()).map(PathBuf::from);
    let mut builder = ConfigBuilder::from_env_with(&svc.info, &var, home.as_deref())
        .map_err(|e| Failure::Config(e.to_string()))?;
    if let Some(r) = &g.region {
        builder = builder.region(r.clone());
    }
    if let Some(u) = &g.endpoint_url {
        builder = builder.endpoint_url(u.clone());
    }
    let mut timeouts = TimeoutConfig::standard();
    if let Some(t) = &g.connect_timeout {
        timeouts = timeouts.with_connect(seconds("--cli-connect-timeout", t)?);
    }
    if let Some(t) = &g.read_timeout {
        let limit = seconds("--cli-read-timeout", t)?;
        timeouts = timeouts.with_attempt(limit).with_operation(
            limit
                .saturating_mul(4)
                .max(TimeoutConfig::DEFAULT_OPERATION),
        );
    }
    builder = builder
        .timeout_config(timeouts)
        .validation(!g.no_validation)
        .sign_requests(!g.no_sign_request);
    if g.no_verify_ssl || g.debug {
        let transport = if g.no_verify_ssl {
            HyperConnector::without_certificate_verification(timeouts.connect())
        } else {
            HyperConnector::new(timeouts.connect())
        };
        let shared = SharedConnector::new(transport);
        builder = if g.debug {
            builder.http_connector(DebugConnector::new(shared))
        } else {
            builder.http_connector(shared)
        };
    }
    let config = builder.build();
    if !g.no_sign_request && config.credentials_provider().is_none() {
        return Err(Failure::Config(
            "Unable to locate credentials. You can configure credentials by setting \
             AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in the shared \
             credentials file (~/.aws/credentials)."
                .into(),
        ));
    }
    if config.region().is_none() && config.endpoint_url().is_none() {
        return Err(Failure::Config(
            "You must specify a region. You can also configure your region by setting \
             AWS_REGION or a profile's region in ~/.aws/config."
                .into(),
        ));
    }
    if g.debug {
        eprintln!("DEBUG - configuration: {config:?}");
    }
    Ok(config)
}

/// Runs `op` with document `input`; Ctrl-C ends the wait with
/// [`Failure::Interrupted`].
pub fn invoke(
    svc: &Service,
    op: &Operation,
    g: &Globals,
    input: Value,
    env: &dyn Environment,
) -> Result<Value, Failure> {
    let config = config(svc, g, env)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Other(format!("cannot start the I/O runtime: {e}")))?;
    runtime.block_on(async {
        let client = Client::new(svc.info, config);
        let call = (op.call)(&client, &input);
        tokio::select! {
            result = call => result.map_err(|e| call_failure(op, e)),
            _ = tokio::signal::ctrl_c() => Err(Failure::Interrupted),
        }
    })
}
