//! Decoding webhook request bodies into events, and why a delivery was not accepted.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::verify::VerifyError;

/// Why a webhook delivery was not accepted: its signature did not verify, or its body did
/// not decode to an event.
#[derive(Debug)]
pub enum WebhookError {
    /// The delivery is not signed with the secret (or not recently); its body was not read.
    Unverified(VerifyError),
    /// The body is not JSON, or not the payload of the event it names.
    Invalid {
        /// The event the body was read as, when known.
        event: Option<String>,
        /// What did not decode.
        error: serde_json::Error,
    },
    /// The body names an event this client does not know; the JSON is kept for the caller.
    UnknownEvent {
        /// The event name found (or given).
        name: String,
        /// The body.
        payload: Value,
    },
    /// The body lacks the property that names the event.
    MissingTag {
        /// The property.
        property: &'static str,
        /// The body.
        payload: Value,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::Unverified(error) => write!(f, "webhook delivery rejected: {error}"),
            WebhookError::Invalid { event: Some(event), error } => {
                write!(f, "invalid payload for webhook event `{event}`: {error}")
            }
            WebhookError::Invalid { event: None, error } => {
                write!(f, "invalid webhook payload: {error}")
            }
            WebhookError::UnknownEvent { name, .. } => write!(f, "unknown webhook event `{name}`"),
            WebhookError::MissingTag { property, .. } => {
                write!(f, "webhook payload has no string `{property}` naming its event")
            }
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Invalid { error, .. } => Some(error),
            WebhookError::Unverified(error) => Some(error),
            _ => None,
        }
    }
}

/// So that `Event::verify_and_decode` checks with `?`.
impl From<VerifyError> for WebhookError {
    fn from(error: VerifyError) -> Self {
        WebhookError::Unverified(error)
    }
}

/// A webhook request body, read as JSON but not yet as a particular event.
#[derive(Debug)]
pub struct WebhookBody {
    payload: Value,
}

impl WebhookBody {
    /// Reads `body` as JSON.
    pub fn parse(body: &[u8]) -> Result<Self, WebhookError> {
        serde_json::from_slice(body)
            .map(|payload| WebhookBody { payload })
            .map_err(|error| WebhookError::Invalid { event: None, error })
    }

    /// The string value of `property`, which names the event.
    #[cfg(feature = "webhook-tags")]
    pub fn tag(&self, property: &'static str) -> Result<&str, WebhookError> {
        match self.payload.get(property).and_then(Value::as_str) {
            Some(tag) => Ok(tag),
            None => Err(WebhookError::MissingTag { property, payload: self.payload.clone() }),
        }
    }

    /// Decodes the body as the payload of `event`.
    pub fn decode<T: DeserializeOwned>(self, event: &str) -> Result<T, WebhookError> {
        serde_json::from_value(self.payload)
            .map_err(|error| WebhookError::Invalid { event: Some(event.to_owned()), error })
    }

    /// The body decoded as `T`, if it fits; the body is kept either way.
    #[cfg(feature = "webhook-payload-match")]
    pub fn try_decode<T: DeserializeOwned>(&self) -> Option<T> {
        T::deserialize(&self.payload).ok()
    }

    /// The error for an event name no variant has.
    pub fn unknown(self, name: &str) -> WebhookError {
        WebhookError::UnknownEvent { name: name.to_owned(), payload: self.payload }
    }
}
