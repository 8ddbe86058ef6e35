//! Retry decisions and delays: `Retry-After` in its three forms, backoff, and which statuses
//! are worth retrying.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::retry::{RetryPolicy, is_retryable};

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, value.parse().expect("header value"));
    }
    map
}

#[test]
fn retry_after_in_seconds_milliseconds_or_a_date_is_honoured_up_to_the_cap() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.delay(1, Some(&headers(&[("retry-after", "3")]))), Duration::from_secs(3));
    assert_eq!(
        policy.delay(1, Some(&headers(&[("retry-after-ms", "250")]))),
        Duration::from_millis(250)
    );
    assert_eq!(policy.delay(1, Some(&headers(&[("retry-after", "120")]))), Duration::from_secs(8));
    let past = headers(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]);
    assert_eq!(policy.delay(1, Some(&past)), Duration::ZERO);
}

#[test]
fn backoff_doubles_with_at_most_a_quarter_of_jitter() {
    let policy = RetryPolicy::default();
    for (retry, full) in [(1, 500), (2, 1000), (3, 2000), (10, 8000)] {
        let delay = policy.delay(retry, None).as_millis();
        assert!(delay <= full && delay >= full * 3 / 4, "retry {retry}: {delay} ms");
    }
}

#[test]
fn retryable_statuses() {
    let none = HeaderMap::new();
    for status in [408, 429, 500, 502, 503, 504] {
        assert!(is_retryable(StatusCode::from_u16(status).expect("status"), &none), "{status}");
    }
    for status in [400, 401, 404, 409, 422] {
        assert!(!is_retryable(StatusCode::from_u16(status).expect("status"), &none), "{status}");
    }
    assert!(is_retryable(StatusCode::CONFLICT, &headers(&[("retry-after", "1")])));
    assert!(!is_retryable(
        StatusCode::SERVICE_UNAVAILABLE,
        &headers(&[("x-should-retry", "false")])
    ));
    assert!(is_retryable(StatusCode::BAD_REQUEST, &headers(&[("x-should-retry", "true")])));
}
