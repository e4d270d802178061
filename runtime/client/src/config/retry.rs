//! How many times a call is tried and how long to wait between tries.

use std::time::Duration;

/// Retry policy: which failures are retried is fixed (throttling and server
/// errors 429/500/502/503/504, connection failures, attempt timeouts; never
/// other 4xx), how often and how patiently is configured here.
///
/// The wait before retry `n` (1-based) is drawn uniformly from
/// `[0, min(max_backoff, initial_backoff * 2^(n-1))]` ("exponential backoff
/// with full jitter"), so clients that failed together do not retry together.
///
/// Defaults follow the AWS SDKs' standard mode: 3 attempts, 1 s initial
/// backoff, 20 s cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryConfig {
    /// Default number of attempts, the first one included.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    /// Default upper bound of the first wait.
    pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_secs(1);
    /// Default cap on any wait.
    pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(20);

    /// The standard policy (see the type's documentation for the values).
    pub const fn standard() -> Self {
        Self {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            initial_backoff: Self::DEFAULT_INITIAL_BACKOFF,
            max_backoff: Self::DEFAULT_MAX_BACKOFF,
        }
    }

    /// One attempt, no retries.
    pub const fn disabled() -> Self {
        Self::standard().with_max_attempts(1)
    }

    /// Sets the number of attempts, the first included; 0 is taken as 1.
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        self
    }

    /// Sets the upper bound of the first wait (doubled for each later retry).
    pub const fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets the cap on any single wait.
    pub const fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Number of attempts, the first included (at least 1).
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Upper bound of the first wait.
    pub const fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// Cap on any single wait.
    pub const fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// The largest wait before retry `retry` (1 for the first retry).
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32
            .checked_shl(retry.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff)
    }

    /// A random wait before retry `retry`: uniform in `[0, backoff_ceiling(retry)]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self.backoff_ceiling(retry);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_exponentially_up_to_the_cap_with_full_jitter() {
        let r = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(350));
        assert_eq!(r.backoff_ceiling(1), Duration::from_millis(100));
        assert_eq!(r.backoff_ceiling(2), Duration::from_millis(200));
        assert_eq!(r.backoff_ceiling(3), Duration::from_millis(350));
        assert_eq!(r.backoff_ceiling(40), Duration::from_millis(350));
        for retry in 1..6 {
            assert!(r.backoff(retry) <= r.backoff_ceiling(retry));
        }
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
    }
}
