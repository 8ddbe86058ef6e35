//! OAuth 2.0 client credentials (RFC 6749 §4.4): access tokens fetched from the document's
//! `tokenUrl` with a client id and secret, cached per set of scopes, renewed before they
//! expire and once when the API refuses one, one fetch shared by every call waiting for it.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use reqwest::{StatusCode, Url};

use super::client::{Credential, SendError};
use super::request::Payload;

/// The longest time before a token's expiry at which it is renewed; a token that lives less
/// than ten times this is renewed after nine tenths of its life.
const RENEWAL_MARGIN: Duration = Duration::from_secs(30);

/// The most of a token endpoint's answer that is read.
const MAX_TOKEN_RESPONSE: usize = 64 * 1024;

/// What `application/x-www-form-urlencoded` leaves as it is: letters, digits and `*-._`
/// (the space becomes `+`).
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_');

/// How the client proves its identity to the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuthentication {
    /// `Authorization: Basic` with the form-encoded id and secret, which every token
    /// endpoint must accept.
    Basic,
    /// `client_id` and `client_secret` in the form body (`client_secret_post`), for
    /// endpoints that ask for it.
    Post,
}

/// A client id and secret, and the tokens obtained with them, shared by clones of a client.
pub struct ClientCredentials {
    /// The document's `tokenUrl`, resolved against the base URL when it is relative.
    token_url: &'static str,
    client_id: String,
    client_secret: String,
    authentication: ClientAuthentication,
    /// By scope set (sorted, space-separated): the token, behind a lock that a call holds
    /// while it fetches one, so that the calls waiting for it share its answer.
    tokens: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<Token>>>>>,
}

/// Leaves the secret and the tokens out, so that clients can be logged.
impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("authentication", &self.authentication)
            .finish_non_exhaustive()
    }
}

/// An access token and when to stop using it.
struct Token {
    value: Arc<str>,
    /// `None` when the endpoint gave no `expires_in`: used until the API refuses it.
    renew_at: Option<Instant>,
}

impl Credential {
    /// The credential of an OAuth 2.0 scheme with a `clientCredentials` flow: tokens from
    /// `token_url`, for `client_id` and `client_secret`.
    pub fn client_credentials(
        token_url: &'static str,
        client_id: String,
        client_secret: String,
        authentication: ClientAuthentication,
    ) -> Credential {
        Credential::ClientCredentials(Arc::new(ClientCredentials {
            token_url,
            client_id,
            client_secret,
            authentication,
            tokens: Mutex::new(HashMap::new()),
        }))
    }
}

/// Why no access token could be had from a token endpoint.
#[derive(Debug)]
#[non_exhaustive]
pub enum TokenError {
    /// The endpoint refused: an error status, with RFC 6749 §5.2's `error` code and
    /// `error_description` when its body has them.
    Refused {
        /// The token endpoint.
        endpoint: String,
        /// The status it answered with.
        status: StatusCode,
        /// Its `error` code (`invalid_client`, `invalid_scope`...).
        error: Option<String>,
        /// Its `error_description`.
        description: Option<String>,
    },
    /// The endpoint answered with success but without a bearer access token.
    Invalid {
        /// The token endpoint.
        endpoint: String,
        /// What was wrong with the answer.
        reason: String,
    },
    /// The endpoint could not be reached, or its answer not read.
    Transport {
        /// The token endpoint.
        endpoint: String,
        /// The HTTP client's error.
        error: reqwest::Error,
    },
    /// The token URL is neither `https` nor on the base URL's scheme, host and port, so the
    /// secret is not sent to it: a document could otherwise send it in plain text anywhere.
    InsecureEndpoint {
        /// The token URL, resolved against the base URL.
        endpoint: String,
    },
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Refused { endpoint, status, error, description } => {
                write!(
                    f,
                    "the token endpoint `{endpoint}` refused the client credentials ({status})"
                )?;
                match (error, description) {
                    (Some(error), Some(description)) => write!(f, ": {error}: {description}"),
                    (Some(error), None) => write!(f, ": {error}"),
                    (None, _) => Ok(()),
                }
            }
            TokenError::Invalid { endpoint, reason } => {
                write!(f, "the token endpoint `{endpoint}` gave no usable access token: {reason}")
            }
            TokenError::Transport { endpoint, error } => {
                write!(f, "the token endpoint `{endpoint}` could not be reached: {error}")
            }
            TokenError::InsecureEndpoint { endpoint } => write!(
                f,
                "the token endpoint `{endpoint}` is neither https nor on the base URL's origin; \
                 the client secret is not sent to it"
            ),
        }
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokenError::Transport { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The token one request sends: its source, the scopes its operation asks for, and the token
/// it last sent.
pub(super) struct Grant {
    source: Arc<ClientCredentials>,
    /// Sorted, space-separated: the `scope` parameter, and the key of the cache.
    scopes: String,
    sent: Option<Arc<str>>,
    /// The token the API refused, after which the token is renewed (once).
    refused: Option<Arc<str>>,
}

impl Grant {
    /// The grant of the client-credentials credential among `credentials` (the chosen
    /// alternative's, by scheme index), with the scopes `scopes` lists for its scheme.
    pub(super) fn of(
        credentials: &[(usize, &Credential)],
        scopes: &[(usize, &[&str])],
    ) -> Option<Grant> {
        credentials.iter().find_map(|&(index, credential)| {
            let Credential::ClientCredentials(source) = credential else {
                return None;
            };
            let mut asked: Vec<&str> = scopes
                .iter()
                .filter(|(scheme, _)| *scheme == index)
                .flat_map(|(_, scopes)| scopes.iter().copied())
                .collect();
            asked.sort_unstable();
            asked.dedup();
            Some(Grant {
                source: source.clone(),
                scopes: asked.join(" "),
                sent: None,
                refused: None,
            })
        })
    }

    /// `builder` with `Authorization: Bearer` and a token that is still fresh, fetched from
    /// the token endpoint when the cache has none.
    pub(super) async fn authorize(
        &mut self,
        builder: reqwest::RequestBuilder,
        http: &reqwest::Client,
        base: &Url,
        timeout: Duration,
    ) -> Result<reqwest::RequestBuilder, SendError> {
        let slot = {
            let mut tokens = self.source.tokens.lock().unwrap_or_else(PoisonError::into_inner);
            tokens.entry(self.scopes.clone()).or_default().clone()
        };
        // Held across the fetch: the calls that want this token meanwhile wait here, and
        // then find it cached.
        let mut cached = slot.lock().await;
        let usable = cached.as_ref().filter(|token| {
            token.renew_at.is_none_or(|at| Instant::now() < at)
                && self.refused.as_ref().is_none_or(|refused| *refused != token.value)
        });
        let value = match usable {
            Some(token) => token.value.clone(),
            None => {
                let token = self.fetch(http, base, timeout).await.map_err(SendError::Token)?;
                let value = token.value.clone();
                *cached = Some(token);
                value
            }
        };
        drop(cached);
        let mut header = HeaderValue::from_str(&format!("Bearer {value}")).map_err(|_| {
            SendError::InvalidRequest("the access token cannot be sent in a header".to_owned())
        })?;
        header.set_sensitive(true);
        self.sent = Some(value);
        Ok(builder.header(AUTHORIZATION, header))
    }

    /// After the API refused the token sent (401): whether to send the request again, with
    /// a new token that [`Grant::authorize`] fetches unless another call did meanwhile. Only
    /// once, and only when the request's body can be sent again.
    pub(super) fn renew(&mut self, body: Option<&Payload>) -> bool {
        if self.refused.is_some() || !body.is_some_and(resendable) {
            return false;
        }
        self.refused = self.sent.take();
        self.refused.is_some()
    }

    /// How many more times than its retries a request's body may be sent: once more, after
    /// a refused token, when the request sends a token and its body can be sent again.
    pub(super) fn extra_sends(grant: Option<&Grant>, body: &Payload) -> u32 {
        u32::from(grant.is_some() && resendable(body))
    }

    /// A token from the endpoint: RFC 6749 §4.4.2's request, §5.1's answer.
    async fn fetch(
        &self,
        http: &reqwest::Client,
        base: &Url,
        timeout: Duration,
    ) -> Result<Token, TokenError> {
        let source = &self.source;
        let url = endpoint(base, source.token_url)?;
        let endpoint = url.as_str().to_owned();
        let mut form = vec![("grant_type", "client_credentials")];
        if !self.scopes.is_empty() {
            form.push(("scope", &self.scopes));
        }
        let mut request = http
            .post(url)
            .timeout(timeout)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        match source.authentication {
            ClientAuthentication::Basic => {
                use base64::Engine as _;
                let pair = format!(
                    "{}:{}",
                    form_encode(&source.client_id),
                    form_encode(&source.client_secret)
                );
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                let mut header =
                    HeaderValue::from_str(&format!("Basic {encoded}")).map_err(|_| {
                        TokenError::Invalid {
                            endpoint: endpoint.clone(),
                            reason: "the client id cannot be sent".to_owned(),
                        }
                    })?;
                header.set_sensitive(true);
                request = request.header(AUTHORIZATION, header);
            }
            ClientAuthentication::Post => {
                form.push(("client_id", &source.client_id));
                form.push(("client_secret", &source.client_secret));
            }
        }
        let body: Vec<String> =
            form.iter().map(|(name, value)| format!("{name}={}", form_encode(value))).collect();
        let span = tracing::debug_span!("token", endpoint = %endpoint, scope = %self.scopes, status = tracing::field::Empty);
        let transport = |error: reqwest::Error| TokenError::Transport {
            endpoint: endpoint.clone(),
            error: error.without_url(),
        };
        let mut response = request.body(body.join("&")).send().await.map_err(transport)?;
        let status = response.status();
        span.record("status", status.as_u16());
        let mut answer = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if answer.len() + chunk.len() > MAX_TOKEN_RESPONSE {
                return Err(TokenError::Invalid {
                    endpoint,
                    reason: format!("its answer is larger than {MAX_TOKEN_RESPONSE} bytes"),
                });
            }
            answer.extend_from_slice(&chunk);
        }
        let json: Option<serde_json::Value> = serde_json::from_slice(&answer).ok();
        let field = |name: &str| {
            json.as_ref().and_then(|json| json.get(name)).and_then(|value| value.as_str())
        };
        if !status.is_success() {
            span.in_scope(|| tracing::debug!("token refused"));
            return Err(TokenError::Refused {
                endpoint,
                status,
                error: field("error").map(str::to_owned),
                description: field("error_description").map(str::to_owned),
            });
        }
        let invalid = |reason: &str| TokenError::Invalid {
            endpoint: endpoint.clone(),
            reason: reason.to_owned(),
        };
        let value = field("access_token").ok_or_else(|| invalid("no `access_token`"))?;
        if !field("token_type").is_some_and(|kind| kind.eq_ignore_ascii_case("bearer")) {
            return Err(invalid("its `token_type` is not `Bearer`"));
        }
        // Some endpoints write the number as a string.
        let lifetime = json.as_ref().and_then(|json| json.get("expires_in")).and_then(|value| {
            value.as_u64().or_else(|| value.as_str().and_then(|text| text.parse().ok()))
        });
        // A lifetime past what `Instant` can count is no expiry.
        let renew_at = lifetime.and_then(|seconds| {
            let lifetime = Duration::from_secs(seconds);
            Instant::now().checked_add(lifetime - RENEWAL_MARGIN.min(lifetime / 10))
        });
        span.in_scope(|| tracing::debug!(expires_in = lifetime, "token fetched"));
        Ok(Token { value: Arc::from(value), renew_at })
    }
}

/// Whether `body` can be sent again: not a multipart form or a stream, which are read once.
fn resendable(body: &Payload) -> bool {
    matches!(body, Payload::None | Payload::Encoded { .. })
}

/// The token URL, resolved against `base` when relative, and only when the secret may be
/// sent to it: over `https`, or to the base URL's own scheme, host and port (a local
/// server the caller chose).
pub(super) fn endpoint(base: &Url, token_url: &str) -> Result<Url, TokenError> {
    let url = base.join(token_url).map_err(|error| TokenError::Invalid {
        endpoint: token_url.to_owned(),
        reason: format!("the token URL is not a URL: {error}"),
    })?;
    let safe = url.username().is_empty()
        && url.password().is_none()
        && (url.scheme() == "https" || url.origin() == base.origin());
    if safe { Ok(url) } else { Err(TokenError::InsecureEndpoint { endpoint: url.to_string() }) }
}

/// `text` as `application/x-www-form-urlencoded` writes it, as RFC 6749 asks of the client id
/// and secret in the `Basic` header as well as of the form's values.
pub(super) fn form_encode(text: &str) -> String {
    utf8_percent_encode(text, FORM).to_string().replace("%20", "+")
}
