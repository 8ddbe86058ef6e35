//! Support code the generated modules share: the three-state field value, base64 bytes,
//! and the serde helpers that keep each generated type small.

mod base64_bytes;
mod enums;
mod tagged;
mod tristate;

pub use base64_bytes::Base64;
pub use enums::deserialize_string_enum;
pub use tagged::{Tagged, serialize_tagged};
pub use tristate::Tristate;
