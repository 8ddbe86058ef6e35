//! `RequestOptions`: per-handle overrides of a client's headers, timeout, retries and
//! response size limit; and the defaults every client starts from.

use std::time::Duration;

/// How long one attempt may take, from sending the request to the last byte of the response,
/// when neither the client nor the call sets a timeout: long enough for a slow report or a
/// large page over a slow link (64 MiB at ~1 MiB/s), short enough that a server that has
/// stopped answering fails the call within a minute instead of hanging it forever.
pub(super) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long establishing a connection (TCP and TLS) may take on the HTTP client a builder
/// makes: a healthy server takes well under a second, and 10 s leaves room for a lost `SYN`
/// retransmitted twice (after 1 s and 3 s) before an unreachable host fails the attempt.
pub(super) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest response body read, in bytes, unless the call sets another: 64 MiB, far above
/// the pages and documents JSON APIs return, and low enough that a broken or hostile server
/// cannot exhaust the caller's memory (a body is held whole, and decoding it takes more).
pub(super) const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;

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
    pub(super) max_response_size: Option<u64>,
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

    /// Fails a call that takes longer than `timeout` (each attempt, from sending the request
    /// to the end of the response's body), instead of the client's timeout (60 s unless the
    /// client's builder sets another). A call whose body is a stream (events, a download
    /// read as bytes) is timed up to the response's head, then each chunk of its body must
    /// come within `timeout` of the one before.
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

    /// Sends `Last-Event-ID: id`, which asks an event stream to resume after the event of
    /// that id ([`EventStream::last_event_id`](super::EventStream::last_event_id)).
    #[cfg(feature = "event-stream")]
    pub fn last_event_id(self, id: impl Into<String>) -> Self {
        self.header("Last-Event-ID", id)
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

    /// Reads response bodies of at most `bytes` bytes (64 MiB unless set); a larger one ends
    /// the call with [`Error::ResponseTooLarge`](super::Error::ResponseTooLarge) as soon as
    /// its `Content-Length` or the bytes received so far exceed the limit.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = Some(bytes);
        self
    }
}
