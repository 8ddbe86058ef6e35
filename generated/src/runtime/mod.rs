//! Support code the generated modules share: the HTTP client core with its retries,
//! request hooks, per-call options, request building,
//! response decoding and errors, streamed bodies and server-sent events, webhook decoding and
//! signature verification, the three-state field value, base64 bytes, the serde
//! helpers that keep each generated type small, and the streams of a list's pages.

mod base64_bytes;
mod client;
mod enums;
mod error;
mod hook;
mod oauth;
mod objects;
mod options;
mod rate;
mod request;
mod response;
mod retry;
mod style;
mod tristate;
mod verify;
mod webhook;

pub use base64_bytes::Base64;
pub use client::BuildError;
pub use error::{ApiError, Error, UnexpectedResponse};
pub use hook::{AttemptResponse, Hook, HookError};
pub use oauth::TokenError;
pub use options::RequestOptions;
pub use request::{Multipart, Request};
/// The HTTP client the generated code is built on, at the version it is built with, so that
/// `send_raw`'s `Method` and `http_client`'s `Client` need no `reqwest` dependency of the
/// user's own, which would have to be the same major version.
pub use reqwest;
pub use response::{CallFuture, Response};
pub use retry::RetryPolicy;
pub use style::Style;
pub use tristate::Tristate;
pub use verify::{DEFAULT_TOLERANCE, SignatureEncoding, VerifyError, WebhookVerifier};
pub use webhook::WebhookError;

// What the generated code calls but its users do not: `pub(crate)` once inlined.
pub(crate) use client::Credential;
pub(crate) use client::{ClientCore, ClientSettings};
pub(crate) use enums::deserialize_string_enum;
pub(crate) use oauth::ClientAuthentication;
pub(crate) use objects::{Fields, Object, deserialize_object};
#[cfg(any(
    feature = "courier-device-tokens",
    feature = "losant-user-api-token",
    feature = "personal-access-tokens-personal-access-tokens",
    feature = "users-users",
))]
pub(crate) use response::RawResponse;
pub(crate) use webhook::WebhookBody;
