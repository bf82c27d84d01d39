//! When to try again, and how long to wait first.

use super::options::FetchOptions;
use std::time::Duration;

/// Why one attempt failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Connection trouble, 5xx, 429, a body cut short: worth another attempt.
    Retry {
        reason: String,
        retry_after: Option<Duration>,
    },
    /// Retrying will not help, and the error says why (4xx, untrusted certificate, disk full).
    Stop(crate::Error),
    /// Retrying will not help; the caller reports it as a failed download.
    GiveUp(String),
}

impl Failure {
    pub(super) fn retry(reason: impl Into<String>) -> Self {
        Self::Retry {
            reason: reason.into(),
            retry_after: None,
        }
    }
}

/// The wait after failed attempt `attempt` (from 1): what the server asked for if it did,
/// else `backoff × 2^(attempt-1)`; never more than `max_wait`.
pub(crate) fn wait(
    options: &FetchOptions,
    attempt: u32,
    retry_after: Option<Duration>,
) -> Duration {
    let doubled = options
        .backoff
        .saturating_mul(2_u32.saturating_pow(attempt.saturating_sub(1)));
    retry_after.unwrap_or(doubled).min(options.max_wait)
}

/// `Retry-After` in seconds; the HTTP-date form is rare for downloads and falls back to backoff.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse().ok().map(Duration::from_secs)
}

/// Statuses worth retrying: timeouts, rate limits and server errors.
pub(crate) fn retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500..=599)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let options = FetchOptions::default();
        let waits: Vec<u64> = (1..=6).map(|n| wait(&options, n, None).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 20]);
        assert_eq!(wait(&options, 1, Some(Duration::from_secs(3))).as_secs(), 3);
        assert_eq!(
            wait(&options, 1, Some(Duration::from_mins(10))).as_secs(),
            20
        );
    }

    #[test]
    fn reads_retry_after_seconds_only() {
        assert_eq!(parse_retry_after(" 2 "), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn retries_server_trouble_not_client_errors() {
        assert!(
            [408, 429, 500, 502, 503, 504]
                .into_iter()
                .all(retryable_status)
        );
        assert!(![400, 401, 403, 404, 410].into_iter().any(retryable_status));
    }
}
