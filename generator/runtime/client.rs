use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use super::error::Error;
use super::request::{Body, Request};
use super::response::RawResponse;

/// A credential for one security scheme of the document.
#[derive(Clone)]
pub enum Credential {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2.0, OpenID Connect).
    Bearer(String),
    /// `Authorization: Basic <base64 of user:password>`.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: String,
    },
    /// An API key in a header.
    HeaderKey {
        /// The header's name.
        name: &'static str,
        /// The key.
        value: String,
    },
    /// An API key in the query string.
    QueryKey {
        /// The parameter's name.
        name: &'static str,
        /// The key.
        value: String,
    },
    /// An API key in a cookie.
    CookieKey {
        /// The cookie's name.
        name: &'static str,
        /// The key.
        value: String,
    },
}

/// Never prints the secret, so clients can be logged.
impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Credential::Basic { username, .. } => write!(f, "Basic({username:?}, <redacted>)"),
            Credential::HeaderKey { name, .. } => write!(f, "HeaderKey({name:?}, <redacted>)"),
            Credential::QueryKey { name, .. } => write!(f, "QueryKey({name:?}, <redacted>)"),
            Credential::CookieKey { name, .. } => write!(f, "CookieKey({name:?}, <redacted>)"),
        }
    }
}

/// Why a client could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl(String),
    /// A default header has an invalid name or value.
    InvalidHeader(String),
    /// The HTTP client could not be created (TLS initialisation).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidBaseUrl(message) | BuildError::InvalidHeader(message) => f.write_str(message),
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
    timeout: Option<Duration>,
    user_agent: String,
    headers: Vec<(String, String)>,
    http: Option<reqwest::Client>,
    credentials: Vec<Option<Credential>>,
}

impl ClientSettings {
    /// Settings with the document's default base URL and room for `schemes` credentials.
    pub fn new(base_url: &str, schemes: usize) -> Self {
        ClientSettings {
            base_url: base_url.to_owned(),
            timeout: None,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            headers: Vec::new(),
            http: None,
            credentials: vec![None; schemes],
        }
    }

    /// Replaces the base URL.
    pub fn base_url(&mut self, url: String) {
        self.base_url = url;
    }

    /// Sets a timeout for whole requests.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
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

    /// Sets the credential of the scheme at `index`.
    pub fn credential(&mut self, index: usize, credential: Credential) {
        if let Some(slot) = self.credentials.get_mut(index) {
            *slot = Some(credential);
        }
    }

    /// The client.
    pub fn build(self) -> Result<ClientCore, BuildError> {
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {}
            _ => {
                return Err(BuildError::InvalidBaseUrl(format!(
                    "base URL `{base_url}` is not an absolute http(s) URL; set one with `base_url`"
                )));
            }
        }
        let mut headers = HeaderMap::new();
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| BuildError::InvalidHeader(format!("invalid user agent {:?}", self.user_agent)))?;
        headers.insert(USER_AGENT, user_agent);
        for (name, value) in &self.headers {
            let invalid = || BuildError::InvalidHeader(format!("invalid default header `{name}: {value}`"));
            let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            let header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
            headers.append(header_name, header_value);
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(BuildError::Http)?,
        };
        let inner = Inner { http, base_url, timeout: self.timeout, headers, credentials: self.credentials };
        Ok(ClientCore { inner: Arc::new(inner) })
    }
}

/// What every generated client holds: the HTTP client, where to send, and the credentials,
/// shared by clones.
#[derive(Debug, Clone)]
pub struct ClientCore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    timeout: Option<Duration>,
    headers: HeaderMap,
    credentials: Vec<Option<Credential>>,
}

/// Why a request was not answered: turned into the operation's [`Error`] by `?`.
#[derive(Debug)]
pub enum SendError {
    /// See [`Error::InvalidRequest`].
    InvalidRequest(String),
    /// See [`Error::Transport`].
    Transport(reqwest::Error),
}

impl<E> From<SendError> for Error<E> {
    fn from(error: SendError) -> Self {
        match error {
            SendError::InvalidRequest(message) => Error::InvalidRequest(message),
            SendError::Transport(error) => Error::Transport(error),
        }
    }
}

impl ClientCore {
    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` with the credentials its security requirements ask for, and reads the
    /// whole response.
    pub async fn send(&self, request: Request) -> Result<RawResponse, SendError> {
        self.inner.send(request).await
    }
}

impl Inner {
    async fn send(&self, request: Request) -> Result<RawResponse, SendError> {
        if let Some(problem) = request.problem {
            return Err(SendError::InvalidRequest(problem));
        }
        let mut url = reqwest::Url::parse(&format!("{}{}", self.base_url, request.path))
            .map_err(|error| SendError::InvalidRequest(format!("invalid URL for `{}`: {error}", request.path)))?;
        let mut query = request.query;
        let mut headers = self.headers.clone();
        let mut cookies = request.cookies;
        for credential in self.credentials_for(request.security) {
            match credential {
                Credential::Bearer(token) => insert(&mut headers, AUTHORIZATION, &format!("Bearer {token}"))?,
                Credential::Basic { username, password } => {
                    let encoded = STANDARD.encode(format!("{username}:{password}"));
                    insert(&mut headers, AUTHORIZATION, &format!("Basic {encoded}"))?;
                }
                Credential::HeaderKey { name, value } => {
                    let name = HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| SendError::InvalidRequest(format!("invalid API key header name `{name}`")))?;
                    insert(&mut headers, name, value)?;
                }
                Credential::QueryKey { name, value } => query.push(((*name).to_owned(), value.clone())),
                Credential::CookieKey { name, value } => cookies.push(((*name).to_owned(), value.clone())),
            }
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(&query);
        }
        for (name, value) in request.headers {
            headers.insert(name, value);
        }
        if !cookies.is_empty() {
            let cookie = cookies.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("; ");
            insert(&mut headers, COOKIE, &cookie)?;
        }
        let mut builder = self.http.request(request.method, url);
        builder = match request.body {
            Body::None => builder,
            Body::Encoded { content_type, data } => {
                insert(&mut headers, CONTENT_TYPE, &content_type)?;
                builder.body(data)
            }
            Body::Multipart(form) => builder.multipart(form),
        };
        builder = builder.headers(headers);
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        let response = builder.send().await.map_err(SendError::Transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(SendError::Transport)?.to_vec();
        Ok(RawResponse { status, headers, body })
    }

    /// The credentials of the first alternative whose every scheme has one; none when the
    /// operation needs no security, allows anonymous access first, or nothing is configured.
    fn credentials_for(&self, security: &[&[usize]]) -> Vec<&Credential> {
        security
            .iter()
            .find_map(|schemes| {
                schemes.iter().map(|&index| self.credentials.get(index).and_then(Option::as_ref)).collect::<Option<Vec<_>>>()
            })
            .unwrap_or_default()
    }
}

fn insert(headers: &mut HeaderMap, name: HeaderName, value: &str) -> Result<(), SendError> {
    let value =
        HeaderValue::from_str(value).map_err(|_| SendError::InvalidRequest(format!("header `{name}` cannot carry this value")))?;
    headers.insert(name, value);
    Ok(())
}
