//! `Error`: why a call failed, with the response when there was one.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::hook::HookError;

/// Why a call failed. `E` is the operation's own error type, with one variant per error
/// status its document lists. A kind of failure added later is a new variant, so a `match`
/// on it needs a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a status the document lists as an error, and its body
    /// decoded as documented. (Boxed, as are unexpected responses, so that `Result`s stay
    /// small on the happy path.)
    Api(Box<ApiError<E>>),
    /// The server answered with a status the document does not list, or with a body that
    /// does not decode as documented; the raw response is kept.
    UnexpectedResponse(Box<UnexpectedResponse>),
    /// No complete response arrived within the timeout (after any retries).
    Timeout(reqwest::Error),
    /// The request could not be sent or its response could not be read (connection, TLS).
    Transport(reqwest::Error),
    /// The response's body is larger than the call's limit
    /// ([`RequestOptions::max_response_size`](super::RequestOptions::max_response_size),
    /// 64 MiB unless set), by its `Content-Length` or by the bytes received; the rest of it
    /// was not read.
    ResponseTooLarge {
        /// The response's status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The arguments cannot make a valid request: a header value with a line break, a path
    /// parameter of `..`, a body that cannot be encoded.
    InvalidRequest(String),
    /// A hook set on the client (`ClientBuilder::hook`) refused to send the request; it was
    /// not sent, nor retried.
    Refused(HookError),
    /// No access token could be had from the token endpoint of an OAuth 2.0 scheme's client
    /// credentials flow: it refused them, gave no bearer token, or could not be reached.
    Token(super::oauth::TokenError),
}

/// A documented error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<E> {
    /// Its status.
    pub status: StatusCode,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its body, decoded as the document describes it for this status.
    pub body: E,
    /// Its body as received.
    pub raw_body: Vec<u8>,
}

/// A response the document does not describe.
#[derive(Debug, Clone, PartialEq)]
pub struct UnexpectedResponse {
    /// Its status.
    pub status: StatusCode,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its body as received.
    pub body: Vec<u8>,
    /// Why the body did not decode, when the status was documented.
    pub decode_error: Option<String>,
}

impl<E> Error<E> {
    /// The status of the response, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::UnexpectedResponse(response) => Some(response.status),
            Error::Timeout(_) => None,
            Error::Transport(error) => error.status(),
            Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::InvalidRequest(_) | Error::Refused(_) => None,
            Error::Token(_) => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => match server_message(&error.raw_body) {
                Some(message) => write!(f, "{}: {message}", error.status),
                None => write!(f, "{}", error.status),
            },
            Error::UnexpectedResponse(response) => {
                write!(f, "unexpected response {}", response.status)?;
                if let Some(reason) = &response.decode_error {
                    write!(f, " ({reason})")?;
                }
                match server_message(&response.body) {
                    Some(message) => write!(f, ": {message}"),
                    None if response.body.is_empty() => Ok(()),
                    None => write!(f, ": {}", excerpt(&response.body)),
                }
            }
            Error::Timeout(error) => write!(f, "request timed out: {error}"),
            Error::Transport(error) => write!(f, "request failed: {error}"),
            Error::ResponseTooLarge { status, limit } => write!(
                f,
                "response {status} has a body larger than the limit of {limit} bytes \
                 (`RequestOptions::max_response_size`)"
            ),
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Refused(error) => write!(f, "request refused by a hook: {error}"),
            Error::Token(error) => write!(f, "{error}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout(error) | Error::Transport(error) => Some(error),
            Error::Refused(error) => Some(error),
            Error::Token(error) => Some(error),
            _ => None,
        }
    }
}

/// The message a JSON error body carries, under the names APIs commonly use.
fn server_message(body: &[u8]) -> Option<String> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text =
        |value: &serde_json::Value| value.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    ["message", "error_description", "detail", "title", "error"]
        .iter()
        .find_map(|key| json.get(key).and_then(text))
        .or_else(|| json.get("error").and_then(|error| error.get("message")).and_then(text))
}

/// The start of a body that is not JSON, for a one-line message.
fn excerpt(body: &[u8]) -> String {
    const LIMIT: usize = 200;
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    match text.char_indices().nth(LIMIT) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.to_owned(),
    }
}
