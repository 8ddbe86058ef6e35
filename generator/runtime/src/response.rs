//! `Response`, the decoded success the caller gets, `RawResponse`, a response as received
//! that the generated operation decodes by status, and `CallFuture`, what awaiting a call gives.

use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::error::Error;

/// The future of one operation's call, as `.await` on the call gives it: boxed, so that every
/// call type can name its `IntoFuture` type (an `async fn`'s future has no name).
pub type CallFuture<'a, T, E> =
    Pin<Box<dyn Future<Output = Result<Response<T>, Error<E>>> + Send + 'a>>;

/// A successful response: the decoded value, with the status and headers it came with.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    raw_body: Vec<u8>,
    value: T,
}

impl<T> Response<T> {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as received, before decoding.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// A response whose body is `value`, a stream still to be read: its raw body is empty.
    #[cfg(feature = "streaming")]
    pub(super) fn streamed(status: StatusCode, headers: HeaderMap, value: T) -> Self {
        Response { status, headers, raw_body: Vec::new(), value }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// A response as received, before the operation decides what its status means.
#[derive(Debug)]
pub struct RawResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Vec<u8>,
}

impl RawResponse {
    /// The status code.
    #[cfg(feature = "status")]
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// A success whose JSON body is `T`.
    #[cfg(feature = "json")]
    pub fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        self.json_with(|value| value)
    }

    /// A success whose JSON body is `T`, wrapped by `variant`.
    #[cfg(feature = "json-with")]
    pub fn json_with<T: serde::de::DeserializeOwned, V, E>(
        self,
        variant: impl FnOnce(T) -> V,
    ) -> Result<Response<V>, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(self.success(variant(value))),
            Err(error) => Err(self.undecodable(error.to_string())),
        }
    }

    /// A success whose body is text.
    #[cfg(feature = "text")]
    pub fn text<E>(self) -> Result<Response<String>, Error<E>> {
        self.text_with(|text| text)
    }

    /// A success whose body is bytes.
    pub fn bytes<E>(self) -> Result<Response<Vec<u8>>, Error<E>> {
        self.bytes_with(|bytes| bytes)
    }

    /// A success whose body is text, wrapped by `variant`.
    #[cfg(feature = "text-with")]
    pub fn text_with<V, E>(
        self,
        variant: impl FnOnce(String) -> V,
    ) -> Result<Response<V>, Error<E>> {
        match String::from_utf8(self.body.clone()) {
            Ok(text) => Ok(self.success(variant(text))),
            Err(error) => Err(self.undecodable(error.to_string())),
        }
    }

    /// A success whose body is bytes, wrapped by `variant`.
    pub fn bytes_with<V, E>(
        self,
        variant: impl FnOnce(Vec<u8>) -> V,
    ) -> Result<Response<V>, Error<E>> {
        let body = self.body.clone();
        Ok(self.success(variant(body)))
    }

    /// Any response, whatever its status, with its raw body: for requests the document does
    /// not describe.
    pub fn into_raw<E>(self) -> Result<Response<Vec<u8>>, Error<E>> {
        self.bytes()
    }

    /// A success without a body (or one the document does not describe).
    #[cfg(feature = "empty")]
    pub fn empty<V, E>(self, value: V) -> Result<Response<V>, Error<E>> {
        Ok(self.success(value))
    }

    /// A documented error whose JSON body is `T`.
    #[cfg(feature = "api-json")]
    pub fn api_json<T: serde::de::DeserializeOwned, E>(
        self,
        variant: impl FnOnce(T) -> E,
    ) -> Error<E> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => self.api_error(variant(body)),
            Err(error) => self.undecodable(error.to_string()),
        }
    }

    /// A documented error whose body is text.
    #[cfg(feature = "api-text")]
    pub fn api_text<E>(self, variant: impl FnOnce(String) -> E) -> Error<E> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        self.api_error(variant(text))
    }

    /// A documented error whose body is bytes.
    #[cfg(feature = "api-bytes")]
    pub fn api_bytes<E>(self, variant: impl FnOnce(Vec<u8>) -> E) -> Error<E> {
        let body = self.body.clone();
        self.api_error(variant(body))
    }

    /// A documented error without a body.
    #[cfg(feature = "api-empty")]
    pub fn api_empty<E>(self, error: E) -> Error<E> {
        self.api_error(error)
    }

    /// A status the document does not list.
    #[cfg(feature = "unexpected")]
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedResponse(Box::new(super::error::UnexpectedResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            decode_error: None,
        }))
    }

    fn success<V>(self, value: V) -> Response<V> {
        Response { status: self.status, headers: self.headers, raw_body: self.body, value }
    }

    #[cfg(feature = "api-error")]
    fn api_error<E>(self, body: E) -> Error<E> {
        Error::Api(Box::new(super::error::ApiError {
            status: self.status,
            headers: self.headers,
            body,
            raw_body: self.body,
        }))
    }

    #[cfg(feature = "undecodable")]
    fn undecodable<E>(self, reason: String) -> Error<E> {
        Error::UnexpectedResponse(Box::new(super::error::UnexpectedResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            decode_error: Some(reason),
        }))
    }
}
