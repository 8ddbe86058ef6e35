//! Support code the generated modules share: the HTTP client core with its retries,
//! per-call options, request building,
//! response decoding and errors, webhook decoding, the three-state field value, base64 bytes, the serde
//! helpers that keep each generated type small, and the streams of a list's pages.

mod base64_bytes;
mod client;
#[cfg(feature = "string-enums")]
mod enums;
mod error;
mod options;
#[cfg(feature = "pagination")]
mod pages;
mod request;
mod response;
mod retry;
mod style;
#[cfg(feature = "tagged-unions")]
mod tagged;
mod tristate;
#[cfg(feature = "webhooks")]
mod webhook;

#[cfg(test)]
mod tests;

pub use base64_bytes::Base64;
pub use client::BuildError;
pub use error::{ApiError, Error, UnexpectedResponse};
/// What `while let Some(item) = items.next().await` calls on a stream of pages or items, so
/// that reading one needs no `futures` dependency of the caller's own.
#[cfg(feature = "pagination")]
pub use futures_util::StreamExt;
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
pub use style::Style;
pub use tristate::Tristate;
#[cfg(feature = "webhooks")]
pub use webhook::WebhookError;

// What the generated code calls but its users do not: `pub(crate)` once inlined.
#[cfg(feature = "credentials")]
pub use client::Credential;
pub use client::{ClientCore, ClientSettings};
#[cfg(feature = "string-enums")]
pub use enums::deserialize_string_enum;
#[cfg(feature = "tagged-unions")]
pub use tagged::{Tagged, serialize_tagged};
#[cfg(feature = "webhooks")]
pub use webhook::WebhookBody;
