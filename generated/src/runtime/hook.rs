//! Request hooks: the caller's own code run on every attempt of every call, to sign a
//! request, add headers computed per request, refuse one, or log and count what comes back,
//! without changing the generated code.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// Code run on every attempt of every call of a client, set with the client builder's
/// `hook`; several run in the order they were set.
///
/// [`Hook::before_send`] sees the request as it is about to leave, once per attempt, so a
/// retried request passes through it again (and a signature with a timestamp is fresh):
/// credentials, default headers, call options and the body are in it already, so a signer
/// signs the final bytes. [`Hook::after_response`] sees each response's head (and its body,
/// when it was read whole), retried ones included. Both are synchronous: they run between
/// building a request and sending it, where a signature is a computation, not a wait; a
/// token that must be fetched is best refreshed elsewhere and read here.
pub trait Hook: Send + Sync {
    /// Changes `request` (headers, URL query, body) before it is sent, or refuses it: the
    /// call then ends with [`Error::Refused`](super::Error::Refused) and is not retried. A
    /// request moved to another scheme, host or port than the base URL's is refused too.
    ///
    /// The body is readable with `request.body().and_then(|body| body.as_bytes())` unless it
    /// is a stream (a multipart form, a file or a stream given to the call).
    fn before_send(&self, request: &mut reqwest::Request) -> Result<(), HookError> {
        let _ = request;
        Ok(())
    }

    /// Sees a response an attempt received, before it is retried or decoded. Not called
    /// when no response came (a connection error, a timeout).
    fn after_response(&self, response: &AttemptResponse<'_>) {
        let _ = response;
    }
}

/// A hook shared with the caller, who reads what it noted (`.hook(counter.clone())` with
/// `counter: Arc<Counter>`), is a hook.
impl<H: Hook + ?Sized> Hook for Arc<H> {
    fn before_send(&self, request: &mut reqwest::Request) -> Result<(), HookError> {
        (**self).before_send(request)
    }

    fn after_response(&self, response: &AttemptResponse<'_>) {
        (**self).after_response(response);
    }
}

/// What [`Hook::after_response`] sees of one attempt's response.
#[derive(Debug)]
pub struct AttemptResponse<'a> {
    pub(super) method: &'a Method,
    pub(super) path: &'a str,
    pub(super) attempt: u32,
    pub(super) status: StatusCode,
    pub(super) headers: &'a HeaderMap,
    pub(super) body: Option<&'a [u8]>,
}

impl AttemptResponse<'_> {
    /// The request's method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The request's URL path (without the query, which may hold a credential).
    pub fn path(&self) -> &str {
        self.path
    }

    /// Which attempt of the call this is: 1, then 2 for the first retry...
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The response's status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The response's body, when the call reads it whole; `None` for a body the call reads
    /// as a stream (events, downloads), which is not read yet.
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }
}

/// Why a hook refused to send a request.
#[derive(Debug)]
pub struct HookError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl HookError {
    /// A refusal that says `message`.
    pub fn new(message: impl Into<String>) -> Self {
        HookError { message: message.into(), source: None }
    }

    /// A refusal that says `message`, caused by `source` (a signer's own error).
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        HookError { message: message.into(), source: Some(source.into()) }
    }

    /// What the hook said.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn std::error::Error + 'static))
    }
}

/// The hooks of a client, in the order they were set.
#[derive(Clone, Default)]
pub(super) struct Hooks(Vec<Arc<dyn Hook>>);

/// Hooks are the caller's code, which need not be `Debug`: a client prints how many it has.
impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hook(s)", self.0.len())
    }
}

/// Why an attempt was not sent after its hooks ran.
pub(super) enum Stop {
    /// A hook refused it.
    Refused(HookError),
    /// The request could not be built to show the hooks (what sending would have failed on).
    Unbuilt(reqwest::Error),
}

impl Hooks {
    pub(super) fn push(&mut self, hook: Arc<dyn Hook>) {
        self.0.push(hook);
    }

    /// `builder`'s request, as every hook left it; the builder itself without hooks.
    pub(super) fn before_send(
        &self,
        client: &reqwest::Client,
        builder: reqwest::RequestBuilder,
    ) -> Result<(reqwest::RequestBuilder, Option<reqwest::Url>), Stop> {
        if self.0.is_empty() {
            return Ok((builder, None));
        }
        let mut request = builder.build().map_err(Stop::Unbuilt)?;
        for hook in &self.0 {
            hook.before_send(&mut request).map_err(Stop::Refused)?;
        }
        let url = request.url().clone();
        Ok((reqwest::RequestBuilder::from_parts(client.clone(), request), Some(url)))
    }

    pub(super) fn after_response(&self, response: &AttemptResponse<'_>) {
        for hook in &self.0 {
            hook.after_response(response);
        }
    }
}
