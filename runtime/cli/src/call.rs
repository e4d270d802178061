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

/// "No limit" for a timeout of 0: a year, far past any call.
const NO_LIMIT: Duration = Duration::from_secs(365 * 24 * 3600);

/// The largest `--cli-connect-timeout` and `--cli-read-timeout`, in
/// seconds: 365 days (larger values would mean "no limit", which is `0`).
pub const MAX_TIMEOUT_SECS: u64 = 365 * 24 * 3600;

/// A timeout option's value: a number of seconds from 0 to
/// [`MAX_TIMEOUT_SECS`] (fractions allowed); `None` for 0, "no limit".
/// Anything else (negative, NaN, infinite, too large, not a number) is a
/// usage error naming the option.
pub fn seconds(option: &str, text: &str) -> Result<Option<Duration>, Failure> {
    let invalid = || {
        Failure::Usage(format!(
            "argument {option}: invalid value: '{text}' (a number of seconds from 0 to \
             {MAX_TIMEOUT_SECS}; 0 means no limit)"
        ))
    };
    let secs: f64 = text.trim().parse().map_err(|_| invalid())?;
    if !(0.0..=MAX_TIMEOUT_SECS as f64).contains(&secs) {
        return Err(invalid());
    }
    if secs == 0.0 {
        return Ok(None);
    }
    Duration::try_from_secs_f64(secs)
        .map(Some)
        .map_err(|_| invalid())
}

/// The time limits of a call from `--cli-connect-timeout` and
/// `--cli-read-timeout` (see [`TimeoutConfig`] for their meaning):
///
/// * connect: the option's value; `0`: no limit; default 3.1 s;
/// * attempt: `--cli-read-timeout`; `0`: no limit; default 30 s;
/// * operation (every attempt and the waits between them): the larger of
///   90 s and four times `--cli-read-timeout`; no limit when that is `0`;
///   default 90 s.
pub fn timeouts(g: &Globals) -> Result<TimeoutConfig, Failure> {
    let mut timeouts = TimeoutConfig::standard();
    if let Some(t) = &g.connect_timeout {
        let limit = seconds("--cli-connect-timeout", t)?;
        timeouts = timeouts.with_connect(limit.unwrap_or(NO_LIMIT));
    }
    if let Some(t) = &g.read_timeout {
        timeouts = match seconds("--cli-read-timeout", t)? {
            Some(limit) => timeouts.with_attempt(limit).with_operation(
                limit
                    .saturating_mul(4)
                    .max(TimeoutConfig::DEFAULT_OPERATION),
            ),
            None => timeouts.with_attempt(NO_LIMIT).with_operation(NO_LIMIT),
        };
    }
    Ok(timeouts)
}

/// Checks an `--endpoint-url` before anything is sent: `http` or `https`,
/// a host, a port (if any) from 1 to 65535, no user information, no query
/// or fragment. The message is the AWS CLI's for a missing scheme and as
/// plain for the rest; a user name and password are never repeated.
pub fn check_endpoint_url(url: &str) -> Result<(), String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!(
            "Bad value for --endpoint-url \"{url}\": scheme is missing.  Must be of the form \
             http://<hostname>/ or https://<hostname>/"
        ));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let shown = match authority.rfind('@') {
        Some(at) => url.replacen(&authority[..at], "****", 1),
        None => url.to_owned(),
    };
    let bad = |why: String| format!("Bad value for --endpoint-url \"{shown}\": {why}");
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return Err(bad(format!(
            "the scheme \"{scheme}\" is not supported.  Must be of the form http://<hostname>/ \
             or https://<hostname>/"
        )));
    }
    if authority.contains('@') {
        return Err(bad(
            "a user name or password is not allowed in the URL.".into()
        ));
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        match v6.split_once(']') {
            Some((host, after)) => (host, after.strip_prefix(':')),
            None => return Err(bad("the IPv6 address has no closing \"]\".".into())),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(bad(
            "the host name is missing.  Must be of the form http://<hostname>/ or \
                        https://<hostname>/"
                .into(),
        ));
    }
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        let valid = port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !valid {
            return Err(bad(format!(
                "the port \"{port}\" is out of range.  Must be a number from 1 to 65535."
            )));
        }
    }
    if url.contains('?') || url.contains('#') {
        return Err(bad("a query string or fragment is not allowed.".into()));
    }
    if url.trim().parse::<http::Uri>().is_err() {
        return Err(bad("it is not a valid URL.".into()));
    }
    Ok(())
}

/// The client configuration: environment and shared files (with
/// `--profile` as `AWS_PROFILE`), then the global options.
pub fn config(svc: &Service, g: &Globals, env: &dyn Environment) -> Result<Config, Failure> {
    if let Some(url) = &g.endpoint_url {
        check_endpoint_url(url).map_err(Failure::Other)?;
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
    let timeouts = timeouts(g)?;
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

/// Runs `op` page by page as [`crate::paginate::pages`] describes; each
/// page goes to `on_page` as it arrives. Returns the resume token to print.
pub fn invoke_pages(
    svc: &Service,
    op: &Operation,
    g: &Globals,
    input: Value,
    env: &dyn Environment,
    settings: &crate::paginate::Settings,
    on_page: &mut dyn FnMut(Value),
) -> Result<Option<String>, Failure> {
    let config = config(svc, g, env)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Other(format!("cannot start the I/O runtime: {e}")))?;
    runtime.block_on(async {
        let client = Client::new(svc.info, config);
        let client = &client;
        let call = move |doc: Value| async move {
            (op.call)(client, &doc)
                .await
                .map_err(|e| call_failure(op, e))
        };
        tokio::select! {
            result = crate::paginate::pages(settings, input, call, on_page) => result,
            _ = tokio::signal::ctrl_c() => Err(Failure::Interrupted),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_values_are_bounded() {
        let ok = |t: &str| seconds("--cli-read-timeout", t).map_err(|_| ()).unwrap();
        assert_eq!(ok("0"), None);
        assert_eq!(ok("0.0"), None);
        assert_eq!(ok("5"), Some(Duration::from_secs(5)));
        assert_eq!(ok(" 1.5 "), Some(Duration::from_millis(1500)));
        assert_eq!(ok("31536000"), Some(Duration::from_secs(MAX_TIMEOUT_SECS)));
        for bad in [
            "1e20", "1e300", "31536001", "-1", "-0.5", "NaN", "inf", "-inf", "", "x", "1s",
        ] {
            match seconds("--cli-read-timeout", bad) {
                Err(Failure::Usage(m)) => assert_eq!(
                    m,
                    format!(
                        "argument --cli-read-timeout: invalid value: '{bad}' (a number of seconds \
                         from 0 to 31536000; 0 means no limit)"
                    )
                ),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn read_timeout_zero_lifts_the_attempt_and_operation_limits() {
        let g = |connect: Option<&str>, read: Option<&str>| Globals {
            connect_timeout: connect.map(str::to_owned),
            read_timeout: read.map(str::to_owned),
            ..Globals::default()
        };
        let t = timeouts(&g(None, None)).unwrap();
        assert_eq!(t, TimeoutConfig::standard());
        let t = timeouts(&g(Some("2"), Some("10"))).unwrap();
        assert_eq!(t.connect(), Duration::from_secs(2));
        assert_eq!(t.attempt(), Duration::from_secs(10));
        assert_eq!(t.operation(), TimeoutConfig::DEFAULT_OPERATION);
        let t = timeouts(&g(None, Some("60"))).unwrap();
        assert_eq!(t.operation(), Duration::from_secs(240));
        let t = timeouts(&g(Some("0"), Some("0"))).unwrap();
        assert_eq!(
            (t.connect(), t.attempt(), t.operation()),
            (NO_LIMIT, NO_LIMIT, NO_LIMIT)
        );
        assert!(timeouts(&g(Some("1e300"), None)).is_err());
    }

    #[test]
    fn endpoint_urls_are_checked() {
        for good in [
            "http://127.0.0.1:8080",
            "https://chime.us-east-1.amazonaws.com/",
            "HTTP://host:65535/base/",
            "http://[::1]:1/",
            "http://host:/",
        ] {
            assert_eq!(check_endpoint_url(good), Ok(()), "{good}");
        }
        let err = |u: &str| check_endpoint_url(u).unwrap_err();
        assert_eq!(
            err("127.0.0.1:99"),
            "Bad value for --endpoint-url \"127.0.0.1:99\": scheme is missing.  Must be of the \
             form http://<hostname>/ or https://<hostname>/"
        );
        assert_eq!(
            err("http://127.0.0.1:99999/"),
            "Bad value for --endpoint-url \"http://127.0.0.1:99999/\": the port \"99999\" is out \
             of range.  Must be a number from 1 to 65535."
        );
        for port in ["0", "65536", "4294967297", "-1", "8o", "+80", "000000080"] {
            let e = err(&format!("http://h:{port}/"));
            assert!(e.contains("is out of range"), "{port}: {e}");
        }
        assert!(err("ftp://x/").contains("the scheme \"ftp\" is not supported"));
        assert!(err("http://:80/").contains("the host name is missing"));
        assert!(err("http:///x").contains("the host name is missing"));
        assert!(err("http://[::1/").contains("no closing"));
        assert!(err("http://h/?a=b").contains("query"));
        let e = err("https://user:secret@host/");
        assert!(!e.contains("secret") && e.contains("****@host"), "{e}");
        assert!(err("http://h o/").contains("not a valid URL"));
    }
}
