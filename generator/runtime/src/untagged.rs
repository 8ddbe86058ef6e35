//! Decoding untagged unions: the value is read once, then decoded as each alternative in
//! turn until one fits, as serde's `#[serde(untagged)]` derive does, without a visitor of its
//! own written into every union.

use serde::de::{DeserializeOwned, Deserializer, Error};
use serde_json::Value;

/// A value read whole, to be decoded as each alternative of an untagged union.
#[derive(Debug)]
pub struct Alternatives(Value);

impl Alternatives {
    /// Reads the value.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <Value as serde::Deserialize>::deserialize(deserializer).map(Alternatives)
    }

    /// The value decoded as `T`, if it is one.
    pub fn to<T: DeserializeOwned>(&self) -> Option<T> {
        T::deserialize(&self.0).ok()
    }

    /// serde's error for a value that is none of the alternatives of `union`.
    pub fn mismatch<E: Error>(&self, union: &str) -> E {
        E::custom(format_args!("data did not match any variant of untagged enum {union}"))
    }
}
