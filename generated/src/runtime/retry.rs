//! `RetryPolicy`: which failures are worth sending again and how long to wait before.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// When and how long to wait before trying a request again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; `0` turns retrying off.
    pub max_retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub initial_delay: Duration,
    /// The longest wait, for backoff and for a server's `Retry-After` alike.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
        }
    }
}

/// Methods that have the same effect however often they are sent.
pub(super) fn is_idempotent(method: &Method) -> bool {
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS].contains(method)
}

/// Whether a response says the request may succeed if sent again: `408`, `429`, any
/// `5xx`, and a `409` the server marks as transient (a lock held by another request) with
/// `Retry-After` or `x-should-retry: true`. `x-should-retry` decides when present.
pub(super) fn is_retryable(status: StatusCode, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => return true,
        Some("false") => return false,
        _ => {}
    }
    match status.as_u16() {
        408 | 429 | 500..=599 => true,
        409 => headers.contains_key("retry-after") || headers.contains_key("retry-after-ms"),
        _ => false,
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1 for the first): the server's `retry-after-ms`
    /// or `Retry-After` (seconds or an HTTP date) when it gives one, else exponential
    /// backoff with jitter; never more than `max_delay`.
    pub(super) fn delay(&self, retry: u32, headers: Option<&HeaderMap>) -> Duration {
        if let Some(asked) = headers.and_then(server_delay) {
            return asked.min(self.max_delay);
        }
        let exponent = retry.saturating_sub(1).min(16);
        let backoff = self.initial_delay.saturating_mul(1 << exponent).min(self.max_delay);
        // Up to a quarter less, so that clients failing together do not retry together.
        let jitter = 1.0 - 0.25 * random_fraction();
        backoff.mul_f64(jitter)
    }
}

fn server_delay(headers: &HeaderMap) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(milliseconds) = text("retry-after-ms")
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|ms| ms.is_finite() && *ms >= 0.0)
    {
        return Some(Duration::from_secs_f64(milliseconds / 1000.0));
    }
    let retry_after = text("retry-after")?;
    if let Ok(seconds) = retry_after.parse::<f64>() {
        return (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(retry_after).ok()?;
    let at = UNIX_EPOCH + Duration::from_secs(u64::try_from(date.timestamp()).unwrap_or(0));
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// A number in [0, 1) from the standard library's per-process random hasher keys.
fn random_fraction() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(0);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}
