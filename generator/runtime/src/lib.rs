//! Support code the generated modules share: the HTTP client core with its retries,
//! per-call options, request building,
//! response decoding and errors, webhook decoding, the three-state field value, base64 bytes, and the serde
//! helpers that keep each generated type small.

mod base64_bytes;
mod client;
mod enums;
mod error;
mod options;
mod request;
mod response;
mod retry;
mod tagged;
mod tristate;
mod webhook;

#[cfg(test)]
mod tests;

pub use base64_bytes::Base64;
pub use client::{BuildError, ClientCore, ClientSettings, Credential, SendError};
pub use enums::deserialize_string_enum;
pub use error::{ApiError, Error, UnexpectedResponse};
pub use options::RequestOptions;
pub use request::{Body, Multipart, Request};
pub use response::{RawResponse, Response};
pub use retry::RetryPolicy;
pub use tagged::{Tagged, serialize_tagged};
pub use tristate::Tristate;
pub use webhook::{WebhookBody, WebhookError};
