//! `Base64`: bytes that travel in JSON as base64 text (`format: byte`).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use serde::de::Error;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes carried in JSON as base64 text (`format: byte`).
///
/// Encodes with the standard alphabet and padding; decodes the standard or the URL-safe
/// alphabet, as servers use both.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Base64(pub Vec<u8>);

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD
            .decode(&text)
            .or_else(|_| URL_SAFE.decode(&text))
            .map(Base64)
            .map_err(|error| D::Error::custom(format!("invalid base64: {error}")))
    }
}
