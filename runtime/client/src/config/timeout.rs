//! Time limits that make sure no call can hang its caller.

use std::time::Duration;

/// Three nested time limits, all always on:
///
/// * **connect** (default 3.1 s, as in the AWS SDKs): establishing one TCP
///   connection;
/// * **attempt** (default 30 s): one try, from sending the request to having
///   read the whole response; a timed-out attempt is retried;
/// * **operation** (default 90 s): the whole call, every attempt, the waits
///   between them and credential loading included; never retried.
///
/// With the defaults, three attempts against a server that never answers end
/// with the operation timeout after 90 s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Duration,
    attempt: Duration,
    operation: Duration,
}

impl TimeoutConfig {
    /// Default connect timeout.
    pub const DEFAULT_CONNECT: Duration = Duration::from_millis(3100);
    /// Default per-attempt timeout.
    pub const DEFAULT_ATTEMPT: Duration = Duration::from_secs(30);
    /// Default whole-operation timeout.
    pub const DEFAULT_OPERATION: Duration = Duration::from_secs(90);

    /// The default limits.
    pub const fn standard() -> Self {
        Self {
            connect: Self::DEFAULT_CONNECT,
            attempt: Self::DEFAULT_ATTEMPT,
            operation: Self::DEFAULT_OPERATION,
        }
    }

    /// Sets the connect timeout.
    pub const fn with_connect(mut self, limit: Duration) -> Self {
        self.connect = limit;
        self
    }

    /// Sets the per-attempt timeout.
    pub const fn with_attempt(mut self, limit: Duration) -> Self {
        self.attempt = limit;
        self
    }

    /// Sets the whole-operation timeout.
    pub const fn with_operation(mut self, limit: Duration) -> Self {
        self.operation = limit;
        self
    }

    /// The connect timeout.
    pub const fn connect(&self) -> Duration {
        self.connect
    }

    /// The per-attempt timeout.
    pub const fn attempt(&self) -> Duration {
        self.attempt
    }

    /// The whole-operation timeout.
    pub const fn operation(&self) -> Duration {
        self.operation
    }
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self::standard()
    }
}
