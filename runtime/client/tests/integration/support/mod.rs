//! Shared pieces: the test operation, test servers, the SigV4 checker.

pub mod op;

pub use test_support::{server, sigv4};

use std::time::Duration;

use smithy_client::client::Client;
use smithy_client::config::{Config, ConfigBuilder, RetryConfig, TimeoutConfig};

pub use op::{input, BatchCreateRoomMembership as Op, OpError, CHIME};
pub use server::{json, Captured, RawAction, RawServer, Reply, TestServer};

/// The example key pair AWS documents (and the AWS CLI reference used).
pub use test_support::sigv4::{EXAMPLE_ACCESS_KEY as AKID, EXAMPLE_SECRET as SECRET};
pub const TOKEN: &str = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN";

pub use test_support::sigv4::EXAMPLE_CHIME as EXPECTED;

/// Retries with tiny waits so tests stay fast.
pub fn fast_retries() -> RetryConfig {
    RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(2))
        .with_max_backoff(Duration::from_millis(10))
}

/// A configuration pointing at `url` with the example keys and a session token.
pub fn config(url: &str) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .static_credentials(AKID, SECRET, Some(TOKEN.to_owned()))
        .endpoint_url(url)
        .retry_config(fast_retries())
        .timeout_config(
            TimeoutConfig::standard()
                .with_attempt(Duration::from_secs(5))
                .with_operation(Duration::from_secs(10)),
        )
}

pub fn client(config: ConfigBuilder) -> Client {
    Client::new(CHIME, config.build())
}

/// A handler that checks the signature and answers 403 if it is wrong, else
/// hands over to `then`.
pub fn verified(
    then: impl Fn(&Captured, usize) -> Reply + Send + Sync + 'static,
) -> impl Fn(&Captured, usize) -> Reply + Send + Sync + 'static {
    move |request, index| match sigv4::verify(request, &EXPECTED) {
        Ok(_) => then(request, index),
        Err(why) => json(
            403,
            &format!(r#"{{"__type":"InvalidSignatureException","message":{why:?}}}"#),
        ),
    }
}
