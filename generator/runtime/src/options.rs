//! `RequestOptions`: per-handle overrides of a client's headers, timeout and retries.

use std::time::Duration;

/// Settings for the calls of one client handle, over the client's own:
/// `client.with_options(RequestOptions::new().timeout(Duration::from_secs(5)))`.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(super) headers: Vec<(String, String)>,
    pub(super) query: Vec<(String, String)>,
    pub(super) timeout: Option<Duration>,
    pub(super) max_retries: Option<u32>,
    pub(super) idempotency_key: Option<String>,
    pub(super) retry_non_idempotent: bool,
}

impl RequestOptions {
    /// No overrides.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// Sends an extra header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends an extra query parameter.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Fails a call that takes longer than `timeout` (each attempt), instead of the client's
    /// timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries a failed call at most `retries` times instead of the client's number; `0`
    /// turns retrying off.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Sends `Idempotency-Key: key`, which also makes a `POST` or `PATCH` safe to retry.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Retries `POST` and `PATCH` calls too, which are not retried by default since the
    /// server may have acted on a request whose answer was lost.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }
}
