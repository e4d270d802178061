//! The client: one handle per service that runs any generated
//! [`Operation`] end to end.
//!
//! [`Client::invoke`] validates the input (unless turned off), serializes
//! it, resolves the endpoint, loads credentials, then for each attempt signs
//! the request with SigV4, sends it through the [`HttpConnector`] and reads
//! the answer, retrying throttling, transient server errors and connection
//! failures with exponential backoff and full jitter. Every call is bounded
//! by the connect, attempt and operation timeouts of its
//! [`TimeoutConfig`](crate::config::TimeoutConfig).
//!
//! Operations with an event stream go through
//! [`HttpConnector::call_streaming`]: the input stream's messages are the
//! request body, sent as they are produced (under SigV4 each in a signed
//! envelope chained from the request's signature, then a signed end
//! envelope; unsigned with a bearer token or no authentication), and the
//! output stream reads the response body as it arrives, both at once. Such a
//! call returns as soon as the response head has arrived: the attempt and
//! operation timeouts bound that, not the life of the streams. A call with
//! an input stream is never retried (its body cannot be sent twice); one
//! with only an output stream is retried like any other until a head
//! arrives.
//!
//! Tracing: each call is an `info` span `call` (fields `service`,
//! `operation`, `attempts`, `outcome`) holding one `debug` span `attempt`
//! per try (fields `attempt`, `max_attempts`, `status`, `error`). Neither
//! spans nor events ever carry headers, bodies or credentials.

mod connector;
mod hyper_connector;
mod mock;
mod orchestrator;
mod request;
pub(crate) mod service;

use std::fmt;
use std::sync::Arc;

pub use connector::{
    ConnectorError, ConnectorErrorKind, ConnectorFuture, ConnectorSettings, HttpConnector,
    SharedConnector, StreamingFuture, StreamingRequest, StreamingResponse,
};
pub use hyper_connector::HyperConnector;
pub use mock::MockConnector;
pub use service::{Endpoint, ServiceInfo};

use crate::config::Config;
use smithy_rt::error::SdkError;
use smithy_rt::operation::Operation;

/// A handle on one service with one configuration. Cheap to clone: clones
/// share the configuration and the connection pool.
///
/// Calls need a Tokio runtime (with the time driver enabled) to run in.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) service: ServiceInfo,
    pub(crate) config: Config,
    pub(crate) connector: SharedConnector,
    pub(crate) user_agent: http::HeaderValue,
}

impl Client {
    /// A client for `service` configured by `config`. Uses the configured
    /// connector, else a [`HyperConnector`] with the configured connect
    /// timeout. Nothing is checked or contacted until the first call.
    pub fn new(service: ServiceInfo, config: Config) -> Self {
        let connector = match &config.connector {
            Some(connector) => connector.clone(),
            None => SharedConnector::new(HyperConnector::new(config.timeouts.connect())),
        };
        let user_agent = request::user_agent(&service);
        Self {
            inner: Arc::new(ClientInner {
                service,
                config,
                connector,
                user_agent,
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The service description.
    pub fn service(&self) -> &ServiceInfo {
        &self.inner.service
    }

    /// Runs operation `O` with `input`.
    ///
    /// Errors: [`SdkError::Validation`] when validation is on and the input
    /// breaks a constraint (nothing is sent); [`SdkError::Build`] when the
    /// request cannot be formed (bad input, no region, no endpoint, no
    /// credentials); [`SdkError::Timeout`] when a time limit is hit;
    /// [`SdkError::Dispatch`] when the request could not be sent or the
    /// answer not received (after retries); [`SdkError::Response`] when a
    /// response cannot be read (malformed success body, over the size limit);
    /// [`SdkError::Service`] when the service answered with an error (after
    /// retries, for retryable ones).
    ///
    /// An operation with an event stream returns as soon as the response
    /// head has arrived, its streams still open (see the
    /// [module documentation](self)); errors later in a stream are reported
    /// by the output stream itself.
    pub async fn invoke<O: Operation>(
        &self,
        input: O::Input,
    ) -> Result<O::Output, SdkError<O::Error>> {
        orchestrator::invoke::<O>(&self.inner, input).await
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.sdk_id)
            .field("config", &self.inner.config)
            .finish()
    }
}
