//! The HTTP core every generated client holds: its settings and credentials, and sending a
//! request with them, retried as its policy allows.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{
    AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, PROXY_AUTHORIZATION,
    USER_AGENT,
};
use reqwest::{StatusCode, Url};

use super::error::Error;
use super::hook::{AttemptResponse, Hook, HookError, Hooks, Stop};
use super::oauth::{ClientCredentials, Grant, TokenError};
use super::options::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT, RequestOptions,
};
use super::rate::RateLimit;
use super::request::{Payload, Request};
use super::response::RawResponse;
#[cfg(any(
    feature = "courier-device-tokens",
    feature = "losant-user-api-token",
    feature = "personal-access-tokens-personal-access-tokens",
    feature = "users-users",
))]
use super::response::{CallFuture, Response};
use super::retry::{RetryPolicy, is_idempotent, is_retryable};
use super::style;

/// A credential for one security scheme of the document.
#[derive(Clone)]
pub enum Credential {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2.0, OpenID Connect).
    Bearer(String),
    /// OAuth 2.0 client credentials, exchanged for the bearer tokens sent.
    ClientCredentials(Arc<ClientCredentials>),
}

/// Never prints the secret, so clients can be logged.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl Credential {
    /// The kind of credential, and the name it goes under, without the secret.
    fn redacted(&self) -> String {
        // `*self`: without schemes the enum has no variants, and only a place of its type
        // can be matched with no arms.
        match *self {
            Credential::Bearer(_) => "Bearer(<redacted>)".to_owned(),
            Credential::ClientCredentials(ref source) => format!("{source:?}"),
        }
    }
}

/// The parts of a request that credentials go into.
struct Parts {
    headers: HeaderMap,
    /// Percent-encoded `name=value` pairs.
    query: Vec<String>,
    /// `name=value` pairs, their values percent-encoded.
    cookies: Vec<String>,
    /// Whether a credential is among the query pairs, so that the URL is a secret too.
    secret_query: bool,
}

impl Parts {
    /// Adds `credential` where its scheme says. A header it sets is marked sensitive, so
    /// that `Debug` output and HTTP/2 header compression leave its value out.
    fn authorize(&mut self, credential: &Credential) -> Result<(), SendError> {
        match *credential {
            Credential::Bearer(ref token) => {
                let value = secret(&AUTHORIZATION, &format!("Bearer {token}"))?;
                self.headers.insert(AUTHORIZATION, value);
                Ok(())
            }
            // Its token is fetched, maybe from the network, for each attempt (`Grant`).
            Credential::ClientCredentials(_) => Ok(()),
        }
    }
}

/// Why a client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl(String),
    /// A default header has an invalid name or value.
    InvalidHeader(String),
    /// The HTTP client could not be created (TLS initialisation).
    Http(reqwest::Error),
    /// `from_env` found none of the environment variables it reads.
    MissingCredentials(String),
    /// The rate limit allows no requests at all.
    InvalidRateLimit(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidBaseUrl(message)
            | BuildError::InvalidHeader(message)
            | BuildError::MissingCredentials(message)
            | BuildError::InvalidRateLimit(message) => f.write_str(message),
            BuildError::Http(error) => write!(f, "cannot create the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(error) => Some(error),
            _ => None,
        }
    }
}

/// The settings a generated client builder collects.
#[derive(Debug, Clone)]
pub struct ClientSettings {
    base_url: String,
    pub(super) timeout: Duration,
    /// Used only when the builder makes the HTTP client: one given to it keeps its own.
    pub(super) connect_timeout: Duration,
    user_agent: String,
    headers: Vec<(String, String)>,
    http: Option<reqwest::Client>,
    credentials: Vec<Option<Credential>>,
    retry: RetryPolicy,
    hooks: Hooks,
    /// Requests allowed per period, when limited.
    rate_limit: Option<(u32, Duration)>,
}

impl ClientSettings {
    /// Settings with the document's default base URL and room for `schemes` credentials.
    /// The `User-Agent` is the crate's name and version with `about` as its comment
    /// (`generated/0.1.0 (courier; openapi-rust-generator)`): the crate alone does not say
    /// which of its APIs is calling, nor that it is generated code.
    pub fn new(base_url: &str, schemes: usize, about: &str) -> Self {
        ClientSettings {
            base_url: base_url.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: format!(
                "{}/{} ({about})",
                env!("CARGO_PKG_NAME"),
                env!("CARGO_PKG_VERSION")
            ),
            headers: Vec::new(),
            http: None,
            credentials: vec![None; schemes],
            retry: RetryPolicy::default(),
            hooks: Hooks::default(),
            rate_limit: None,
        }
    }

    /// Sets how failed requests are retried.
    pub fn retry_policy(&mut self, retry: RetryPolicy) {
        self.retry = retry;
    }

    /// The retry policy so far, to change one setting of it.
    pub fn current_retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// Replaces the base URL.
    pub fn base_url(&mut self, url: String) {
        self.base_url = url;
    }

    /// Sets the timeout of each attempt (60 s unless set), from sending the request to the
    /// end of the response's body.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// Replaces the `User-Agent`.
    pub fn user_agent(&mut self, user_agent: String) {
        self.user_agent = user_agent;
    }

    /// Adds a header sent with every request.
    pub fn default_header(&mut self, name: String, value: String) {
        self.headers.push((name, value));
    }

    /// Uses an existing `reqwest::Client` (connection pool, proxies, TLS settings).
    pub fn http_client(&mut self, client: reqwest::Client) {
        self.http = Some(client);
    }

    /// Sends at most `requests` requests every `period`, spaced evenly, counting every
    /// attempt of every call (retries and the pages of a list included).
    pub fn rate_limit(&mut self, requests: u32, period: Duration) {
        self.rate_limit = Some((requests, period));
    }

    /// Adds a hook run on every attempt, after those added before it.
    pub fn hook(&mut self, hook: Arc<dyn Hook>) {
        self.hooks.push(hook);
    }

    /// Sets the credential of the scheme at `index`.
    pub fn credential(&mut self, index: usize, credential: Credential) {
        if let Some(slot) = self.credentials.get_mut(index) {
            *slot = Some(credential);
        }
    }

    /// The client.
    pub fn build(self) -> Result<ClientCore, BuildError> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let base = match Url::parse(&base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => url,
            _ => {
                return Err(BuildError::InvalidBaseUrl(format!(
                    "base URL `{base_url}` is not an absolute http(s) URL; set one with `base_url`"
                )));
            }
        };
        let mut headers = HeaderMap::new();
        let user_agent = HeaderValue::from_str(&self.user_agent).map_err(|_| {
            BuildError::InvalidHeader(format!("invalid user agent {:?}", self.user_agent))
        })?;
        headers.insert(USER_AGENT, user_agent);
        for (name, value) in &self.headers {
            let invalid =
                || BuildError::InvalidHeader(format!("invalid default header `{name}: {value}`"));
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            headers.append(header_name, header_value);
        }
        mark_secrets(&mut headers);
        let http = match self.http {
            Some(http) => http,
            // Redirects are responses like any other: an operation that documents a `303`
            // decodes it, and an undocumented one reaches the caller with its `Location`.
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(BuildError::Http)?,
        };
        let rate_limit = match self.rate_limit {
            None => None,
            Some((requests, period)) => Some(RateLimit::new(requests, period).ok_or_else(|| {
                BuildError::InvalidRateLimit(format!(
                    "a rate limit of {requests} requests every {period:?} allows none; leave it unset for no limit"
                ))
            })?),
        };
        let inner = Inner {
            http,
            base,
            base_url,
            timeout: self.timeout,
            headers,
            credentials: self.credentials,
            retry: self.retry,
            hooks: self.hooks,
            rate_limit,
        };
        Ok(ClientCore { inner: Arc::new(inner) })
    }
}

/// What every generated client holds: the HTTP client, where to send, and the credentials,
/// shared by clones.
#[derive(Debug, Clone)]
pub struct ClientCore {
    pub(super) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(super) struct Inner {
    http: reqwest::Client,
    /// Where every request goes: its scheme, host and port, and its path as the prefix of
    /// every request's path.
    base: Url,
    /// The base URL as set, for [`ClientCore::base_url`].
    base_url: String,
    timeout: Duration,
    headers: HeaderMap,
    credentials: Vec<Option<Credential>>,
    retry: RetryPolicy,
    hooks: Hooks,
    rate_limit: Option<RateLimit>,
}

/// Why a request was not answered: turned into the operation's [`Error`] by `?`.
#[derive(Debug)]
pub enum SendError {
    /// See [`Error::InvalidRequest`].
    InvalidRequest(String),
    /// See [`Error::Timeout`].
    Timeout(reqwest::Error),
    /// See [`Error::Transport`].
    Transport(reqwest::Error),
    /// See [`Error::ResponseTooLarge`].
    ResponseTooLarge {
        /// The response's status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: u64,
    },
    /// See [`Error::Refused`].
    Refused(HookError),
    /// See [`Error::Token`].
    Token(TokenError),
}

impl<E> From<SendError> for Error<E> {
    fn from(error: SendError) -> Self {
        match error {
            SendError::InvalidRequest(message) => Error::InvalidRequest(message),
            SendError::Timeout(error) => Error::Timeout(error),
            SendError::Transport(error) => Error::Transport(error),
            SendError::ResponseTooLarge { status, limit } => {
                Error::ResponseTooLarge { status, limit }
            }
            SendError::Refused(error) => Error::Refused(error),
            SendError::Token(error) => Error::Token(error),
        }
    }
}

/// [`ClientCore::send`]'s future, boxed by [`ClientCore::call`].
#[cfg(any(
    feature = "courier-device-tokens",
    feature = "losant-user-api-token",
    feature = "personal-access-tokens-personal-access-tokens",
    feature = "users-users",
))]
type SendFuture<'a> =
    std::pin::Pin<Box<dyn Future<Output = Result<RawResponse, SendError>> + Send + 'a>>;

impl ClientCore {
    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` with the credentials its security requirements ask for, retrying as
    /// the client's policy and `options` allow, and reads the whole response.
    pub async fn send(
        &self,
        request: Request,
        options: &RequestOptions,
    ) -> Result<RawResponse, SendError> {
        self.inner.send(request, options).await
    }

    /// The future of a call: sends `request` as [`ClientCore::send`] does and decodes the
    /// response with the operation's `decode`. One generic future for every operation, where
    /// an `async fn` per operation would have the compiler prove each one's state `Send`
    /// (a fifth of the time `cargo check` took on GitHub's crate).
    #[cfg(any(
        feature = "courier-device-tokens",
        feature = "losant-user-api-token",
        feature = "personal-access-tokens-personal-access-tokens",
        feature = "users-users",
    ))]
    pub fn call<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Request,
        options: &'a RequestOptions,
        decode: fn(RawResponse) -> Result<Response<T>, Error<E>>,
    ) -> CallFuture<'a, T, E> {
        let sent = self.send_boxed(request, options);
        Box::pin(async move { decode(sent.await?) })
    }

    /// [`ClientCore::send`]'s future, boxed where no type parameter is in scope: the
    /// compiler proves it `Send` there far faster than inside the generic [`ClientCore::call`]
    /// (0.1 s of every check of a generated crate).
    #[cfg(any(
        feature = "courier-device-tokens",
        feature = "losant-user-api-token",
        feature = "personal-access-tokens-personal-access-tokens",
        feature = "users-users",
    ))]
    fn send_boxed<'a>(&'a self, request: Request, options: &'a RequestOptions) -> SendFuture<'a> {
        Box::pin(self.send(request, options))
    }
}

/// A request ready to send, kept so that it can be sent again.
pub(super) struct Prepared {
    method: reqwest::Method,
    template: String,
    pub(super) url: Url,
    pub(super) headers: HeaderMap,
    /// Whether the URL carries a credential, which errors then leave out.
    pub(super) secret_url: bool,
    body: Payload,
}

/// Why an attempt ended without a whole response.
enum Failure {
    /// The request could not be sent, or no response head came back.
    Send(reqwest::Error),
    /// The response's body could not be read to its end: the connection closed or the
    /// attempt timed out mid-body.
    Body(reqwest::Error),
    /// The response's body is larger than the limit; the response had this status.
    TooLarge(StatusCode),
}

/// One attempt: `request` sent and its response read whole, with at most `limit` bytes of
/// body, so that a body that breaks off fails the attempt like a connection that does.
async fn exchange(request: reqwest::RequestBuilder, limit: u64) -> Result<RawResponse, Failure> {
    let mut response = request.send().await.map_err(Failure::Send)?;
    let status = response.status();
    let declared = response.content_length().unwrap_or(0);
    if declared > limit {
        return Err(Failure::TooLarge(status));
    }
    // Room for the body it declares (at most the limit), so that reading it never reallocates.
    let mut body = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(Failure::Body)? {
        if u64::try_from(body.len() + chunk.len()).map_or(true, |length| length > limit) {
            return Err(Failure::TooLarge(status));
        }
        body.extend_from_slice(&chunk);
    }
    let headers = std::mem::take(response.headers_mut());
    Ok(RawResponse { status, headers, body })
}

/// A response as an attempt gives it back, whose status and headers say whether to retry.
trait Answer {
    fn status(&self) -> StatusCode;
    fn headers(&self) -> &HeaderMap;
    /// The body, when the attempt read it whole.
    fn body(&self) -> Option<&[u8]>;
}

impl Answer for RawResponse {
    fn status(&self) -> StatusCode {
        self.status
    }

    fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    fn body(&self) -> Option<&[u8]> {
        Some(&self.body)
    }
}

impl Inner {
    async fn send(
        &self,
        request: Request,
        options: &RequestOptions,
    ) -> Result<RawResponse, SendError> {
        let limit = options.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE);
        let timeout = options.timeout.unwrap_or(self.timeout);
        // The HTTP client's timeout runs from sending to the body's last byte.
        let attempt = |builder: reqwest::RequestBuilder| exchange(builder.timeout(timeout), limit);
        self.attempts(request, options, attempt).await
    }

    /// Sends `request` once, and again as the retry policy allows, each time with `attempt`.
    async fn attempts<R, F, A>(
        &self,
        request: Request,
        options: &RequestOptions,
        attempt: F,
    ) -> Result<R, SendError>
    where
        R: Answer,
        F: Fn(reqwest::RequestBuilder) -> A,
        A: std::future::Future<Output = Result<R, Failure>>,
    {
        let mut grant = Grant::of(&self.credentials_for(request.security), request.scopes);
        let prepared = self.prepare(request, options)?;
        let retryable_request = is_idempotent(&prepared.method)
            || options.idempotency_key.is_some()
            || options.retry_non_idempotent;
        // A multipart form or a stream can be sent only once.
        let max_retries = match (&prepared.body, retryable_request) {
            (Payload::Multipart(_), _) | (_, false) => 0,
            _ => options.max_retries.unwrap_or(self.retry.max_retries),
        };
        // How many sends after the first may need the body again.
        let resends = max_retries;
        // One more, after a token the API refused (401), when the body can be sent again.
        let resends = resends + Grant::extra_sends(grant.as_ref(), &prepared.body);
        let limit = options.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE);
        let mut body = Some(prepared.body);
        let mut attempt_number = 0;
        loop {
            attempt_number += 1;
            let span = tracing::debug_span!(
                "request",
                method = %prepared.method,
                path = %prepared.template,
                attempt = attempt_number,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            if let Some(rate_limit) = &self.rate_limit {
                rate_limit.wait().await;
            }
            let started = Instant::now();
            let mut builder = self
                .http
                .request(prepared.method.clone(), prepared.url.clone())
                .headers(prepared.headers.clone());
            if let Some(grant) = grant.as_mut() {
                let timeout = options.timeout.unwrap_or(self.timeout);
                builder = grant.authorize(builder, &self.http, &self.base, timeout).await?;
            }
            builder = match if attempt_number <= resends {
                body.as_ref().and_then(Payload::clone_for_retry)
            } else {
                body.take()
            } {
                Some(Payload::Encoded { data, .. }) => builder.body(data),
                Some(Payload::Multipart(form)) => builder.multipart(form),
                Some(Payload::None) | None => builder,
            };
            // Each attempt passes through the hooks, after everything else has been set on it,
            // and is checked again where it goes: a hook may rewrite the URL.
            let outcome = match span.in_scope(|| self.hooks.before_send(&self.http, builder)) {
                Ok((builder, hooked_url)) => {
                    if let Some(url) = hooked_url {
                        same_origin(&self.base, &url).map_err(SendError::InvalidRequest)?;
                    }
                    attempt(builder).await
                }
                Err(Stop::Refused(error)) => return Err(SendError::Refused(error)),
                Err(Stop::Unbuilt(error)) => Err(Failure::Send(error)),
            };
            let elapsed = started.elapsed().as_millis() as u64;
            span.record("duration_ms", elapsed);
            // Every response reaches the hooks, a refused token's included.
            if let Ok(response) = &outcome {
                span.record("status", response.status().as_u16());
                span.in_scope(|| {
                    self.hooks.after_response(&AttemptResponse {
                        method: &prepared.method,
                        path: prepared.url.path(),
                        attempt: attempt_number,
                        status: response.status(),
                        headers: response.headers(),
                        body: response.body(),
                    })
                });
            }
            if let (Ok(response), Some(grant)) = (&outcome, grant.as_mut()) {
                if response.status() == StatusCode::UNAUTHORIZED && grant.renew(body.as_ref()) {
                    span.in_scope(|| tracing::debug!("access token refused: renewing it"));
                    continue;
                }
            }
            let retries_left = attempt_number <= max_retries;
            let retry_after = match &outcome {
                Ok(response) => {
                    let retry = retries_left && is_retryable(response.status(), response.headers());
                    retry.then(|| self.retry.delay(attempt_number, Some(response.headers())))
                }
                Err(Failure::Send(error)) => {
                    let retry = retries_left
                        && (error.is_connect() || error.is_timeout() || error.is_request());
                    retry.then(|| self.retry.delay(attempt_number, None))
                }
                // No head in time: sent again, it may come.
                // The response broke off: sent again, it may arrive whole.
                Err(Failure::Body(_)) => {
                    retries_left.then(|| self.retry.delay(attempt_number, None))
                }
                // The same body would be as large again.
                Err(Failure::TooLarge(status)) => {
                    span.record("status", status.as_u16());
                    None
                }
            };
            span.in_scope(|| {
                tracing::debug!(retry_in_ms = retry_after.map(|d| d.as_millis() as u64), "response")
            });
            let error = match (outcome, retry_after) {
                (_, Some(delay)) => {
                    tokio::time::sleep(delay).await;
                    continue;
                }
                (Ok(response), None) => return Ok(response),
                (Err(Failure::TooLarge(status)), None) => {
                    return Err(SendError::ResponseTooLarge { status, limit });
                }
                (Err(Failure::Send(error) | Failure::Body(error)), None) => error,
            };
            // A credential in the query would be printed with the URL.
            let error = if prepared.secret_url { error.without_url() } else { error };
            return Err(if error.is_timeout() {
                SendError::Timeout(error)
            } else {
                SendError::Transport(error)
            });
        }
    }

    /// The URL, headers (credentials included) and body of `request`.
    pub(super) fn prepare(
        &self,
        request: Request,
        options: &RequestOptions,
    ) -> Result<Prepared, SendError> {
        if let Some(problem) = request.problem {
            return Err(SendError::InvalidRequest(problem));
        }
        let mut url = url_under(&self.base, &request.path).map_err(SendError::InvalidRequest)?;
        let mut parts = Parts {
            headers: self.headers.clone(),
            query: request.query,
            cookies: request.cookies,
            secret_query: false,
        };
        for (_, credential) in self.credentials_for(request.security) {
            parts.authorize(credential)?;
        }
        let Parts { mut headers, mut query, cookies, secret_query } = parts;
        query.extend(options.query.iter().map(|(name, value)| style::form_pair(name, value)));
        if !query.is_empty() {
            // The pairs are encoded already: the URL keeps them byte for byte.
            let pairs = query.join("&");
            let full = match url.query() {
                Some(existing) if !existing.is_empty() => format!("{existing}&{pairs}"),
                _ => pairs,
            };
            url.set_query(Some(&full));
        }
        for (name, value) in request.headers {
            headers.insert(name, value);
        }
        if !cookies.is_empty() {
            insert(&mut headers, COOKIE, &cookies.join("; "))?;
        }
        if let Some(key) = &options.idempotency_key {
            insert(&mut headers, HeaderName::from_static("idempotency-key"), key)?;
        }
        for (name, value) in &options.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| SendError::InvalidRequest(format!("invalid header name `{name}`")))?;
            insert(&mut headers, header_name, value)?;
        }
        if let Payload::Encoded { content_type, .. } = &request.body {
            insert(&mut headers, CONTENT_TYPE, content_type)?;
        }
        mark_secrets(&mut headers);
        Ok(Prepared {
            method: request.method,
            template: request.template,
            url,
            headers,
            secret_url: secret_query,
            body: request.body,
        })
    }

    /// The credentials of the first alternative whose every scheme has one; none when the
    /// operation needs no security, allows anonymous access first, or nothing is configured.
    fn credentials_for(&self, security: &[&[usize]]) -> Vec<(usize, &Credential)> {
        security
            .iter()
            .find_map(|schemes| {
                schemes
                    .iter()
                    .map(|&index| Some((index, self.credentials.get(index)?.as_ref()?)))
                    .collect::<Option<Vec<_>>>()
            })
            .unwrap_or_default()
    }
}

fn insert(headers: &mut HeaderMap, name: HeaderName, value: &str) -> Result<(), SendError> {
    let value = HeaderValue::from_str(value).map_err(|_| {
        SendError::InvalidRequest(format!("header `{name}` cannot carry this value"))
    })?;
    headers.insert(name, value);
    Ok(())
}

/// `value` as the value of header `name`, marked sensitive.
fn secret(name: &HeaderName, value: &str) -> Result<HeaderValue, SendError> {
    let mut value = HeaderValue::from_str(value).map_err(|_| {
        SendError::InvalidRequest(format!("header `{name}` cannot carry this credential"))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// Marks sensitive the headers that carry secrets whoever set them (a default header, a
/// call's option, cookies), as the credentials' own are.
fn mark_secrets(headers: &mut HeaderMap) {
    for (name, value) in headers.iter_mut() {
        if [AUTHORIZATION, PROXY_AUTHORIZATION, COOKIE].contains(name) {
            value.set_sensitive(true);
        }
    }
}

/// The URL of `path` (a request's path, its parameters percent-encoded) on the server of
/// `base`, under `base`'s own path (`https://host/v1` and `/users` are
/// `https://host/v1/users`).
///
/// The path is set as a path, never parsed as URL text: whatever it holds (`@host`, `//host`,
/// `?`, `#`), it cannot change the scheme, host or port the credentials are sent to, nor add
/// a query or fragment; a path that does not start with `/`, or whose `..` segments climb out
/// of `base`'s path, is refused.
pub(super) fn url_under(base: &Url, path: &str) -> Result<Url, String> {
    if !path.starts_with('/') {
        return Err(format!("the path `{path}` does not start with `/`"));
    }
    let prefix = base.path().trim_end_matches('/');
    let mut url = base.clone();
    url.set_fragment(None);
    url.set_path(&format!("{prefix}{path}"));
    let under = url.path().strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'));
    if !under {
        return Err(format!(
            "the path `{path}` leads to `{}`, outside the base URL's path `{prefix}/`",
            url.path()
        ));
    }
    same_origin(base, &url)?;
    Ok(url)
}

/// Refuses `url` unless its scheme, host and port are `base`'s: the last check before a
/// request and its credentials leave, whatever built the URL.
pub(super) fn same_origin(base: &Url, url: &Url) -> Result<(), String> {
    if url.origin() == base.origin() {
        Ok(())
    } else {
        Err(format!(
            "the request would go to `{}` instead of the base URL's `{}`",
            url.origin().ascii_serialization(),
            base.origin().ascii_serialization()
        ))
    }
}
