//! Support code the generated modules share: the HTTP client core with its retries,
//! request hooks, per-call options, request building,
//! response decoding and errors, streamed bodies and server-sent events, webhook decoding and
//! signature verification, the three-state field value, base64 bytes, the serde
//! helpers that keep each generated type small, and the streams of a list's pages.

mod base64_bytes;
#[cfg(feature = "body")]
mod body;
mod client;
#[cfg(feature = "string-enums")]
mod enums;
mod error;
#[cfg(feature = "event-stream")]
mod events;
mod hook;
#[cfg(feature = "client-credentials")]
mod oauth;
#[cfg(feature = "decode-objects")]
mod objects;
mod options;
#[cfg(feature = "pagination")]
mod pages;
mod rate;
mod request;
mod response;
mod retry;
#[cfg(feature = "streaming")]
mod stream;
mod style;
#[cfg(feature = "tagged-unions")]
mod tagged;
mod tristate;
#[cfg(feature = "decode-untagged")]
mod untagged;
#[cfg(feature = "webhooks")]
mod verify;
#[cfg(feature = "webhooks")]
mod webhook;

#[cfg(test)]
mod tests;

pub use base64_bytes::Base64;
#[cfg(feature = "body")]
pub use body::Body;
/// The chunks of a [`ByteStream`], so a caller names them without a `bytes` dependency of
/// its own.
#[cfg(feature = "streaming")]
pub use bytes::Bytes;
pub use client::BuildError;
pub use error::{ApiError, Error, UnexpectedResponse};
#[cfg(feature = "event-stream")]
pub use events::{Event, EventStream};
/// What reads a stream (`while let Some(event) = stream.next().await`, or the items of a
/// list's pages), so a caller needs no `futures` dependency of its own.
#[cfg(feature = "stream-ext")]
pub use futures_util::StreamExt;
pub use hook::{AttemptResponse, Hook, HookError};
#[cfg(feature = "client-credentials")]
pub use oauth::TokenError;
pub use options::RequestOptions;
/// The streams of a list's pages, and what builds them: public, so that a request the
/// document does not describe (`send_raw`) can be paged too.
#[cfg(feature = "pagination")]
pub use pages::{Items, PageRequest, Pages, Paging, items, pages};
pub use request::{Multipart, Request};
/// The HTTP client the generated code is built on, at the version it is built with, so that
/// `send_raw`'s `Method` and `http_client`'s `Client` need no `reqwest` dependency of the
/// user's own, which would have to be the same major version.
pub use reqwest;
pub use response::{CallFuture, Response};
pub use retry::RetryPolicy;
#[cfg(feature = "streaming")]
pub use stream::{ByteStream, StreamError};
pub use style::Style;
pub use tristate::Tristate;
#[cfg(feature = "webhooks")]
pub use verify::{DEFAULT_TOLERANCE, SignatureEncoding, VerifyError, WebhookVerifier};
#[cfg(feature = "webhooks")]
pub use webhook::WebhookError;

// What the generated code calls but its users do not: `pub(crate)` once inlined.
#[cfg(feature = "credentials")]
pub use client::Credential;
pub use client::{ClientCore, ClientSettings};
#[cfg(feature = "string-enums")]
pub use enums::deserialize_string_enum;
#[cfg(feature = "keyed-events")]
pub use events::{KeyedEvent, json_data};
#[cfg(feature = "client-credentials")]
pub use oauth::ClientAuthentication;
#[cfg(feature = "decode-objects")]
pub use objects::{Fields, Object, deserialize_object};
#[cfg(feature = "call")]
pub use response::RawResponse;
#[cfg(feature = "decode-tagged")]
pub use tagged::Tagged;
#[cfg(feature = "encode-tagged")]
pub use tagged::serialize_tagged;
#[cfg(feature = "decode-untagged")]
pub use untagged::Alternatives;
#[cfg(feature = "webhooks")]
pub use webhook::WebhookBody;
