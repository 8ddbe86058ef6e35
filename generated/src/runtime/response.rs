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
    #[cfg(any(
        feature = "courier-device-tokens",
        feature = "losant-user-api-token",
        feature = "personal-access-tokens-personal-access-tokens",
        feature = "users-users",
    ))]
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// A success whose JSON body is `T`.
    #[cfg(any(
        feature = "losant-user-api-token",
        feature = "personal-access-tokens-personal-access-tokens",
        feature = "users-users",
    ))]
    pub fn json<T: serde::de::DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        self.json_with(|value| value)
    }

    /// A success whose JSON body is `T`, wrapped by `variant`.
    #[cfg(any(
        feature = "losant-user-api-token",
        feature = "personal-access-tokens-personal-access-tokens",
        feature = "users-users",
    ))]
    pub fn json_with<T: serde::de::DeserializeOwned, V, E>(
        self,
        variant: impl FnOnce(T) -> V,
    ) -> Result<Response<V>, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(self.success(variant(value))),
            Err(error) => Err(self.undecodable(error.to_string())),
        }
    }

    /// A success whose body is bytes.
    pub fn bytes<E>(self) -> Result<Response<Vec<u8>>, Error<E>> {
        self.bytes_with(|bytes| bytes)
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
    #[cfg(feature = "courier-device-tokens")]
    pub fn empty<V, E>(self, value: V) -> Result<Response<V>, Error<E>> {
        Ok(self.success(value))
    }

    /// A documented error whose JSON body is `T`.
    #[cfg(any(
        feature = "courier-device-tokens",
        feature = "losant-user-api-token",
        feature = "users-users",
    ))]
    pub fn api_json<T: serde::de::DeserializeOwned, E>(
        self,
        variant: impl FnOnce(T) -> E,
    ) -> Error<E> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => self.api_error(variant(body)),
            Err(error) => self.undecodable(error.to_string()),
        }
    }

    /// A status the document does not list.
    #[cfg(any(
        feature = "courier-device-tokens",
        feature = "losant-user-api-token",
        feature = "personal-access-tokens-personal-access-tokens",
        feature = "users-users",
    ))]
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

    #[cfg(any(
        feature = "courier-device-tokens",
        feature = "losant-user-api-token",
        feature = "users-users",
    ))]
    fn api_error<E>(self, body: E) -> Error<E> {
        Error::Api(Box::new(super::error::ApiError {
            status: self.status,
            headers: self.headers,
            body,
            raw_body: self.body,
        }))
    }

    #[cfg(any(
        feature = "courier-device-tokens",
        feature = "losant-user-api-token",
        feature = "personal-access-tokens-personal-access-tokens",
        feature = "users-users",
    ))]
    fn undecodable<E>(self, reason: String) -> Error<E> {
        Error::UnexpectedResponse(Box::new(super::error::UnexpectedResponse {
            status: self.status,
            headers: self.headers,
            body: self.body,
            decode_error: Some(reason),
        }))
    }
}
