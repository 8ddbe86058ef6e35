//! `Tristate`: a field that can be absent, `null`, or a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that is optional and nullable: absent, explicitly `null`, or a value.
///
/// `Option` cannot tell "leave unchanged" from "clear": a PATCH body that omits a field
/// keeps the stored value, while one that sends `null` erases it. Fields of this type are
/// omitted from the JSON when [`Tristate::Absent`] (the default) and sent as `null` when
/// [`Tristate::Null`]; decoding gives `Absent` for a missing property and `Null` for `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Tristate<T> {
    /// Not sent, or not received.
    #[default]
    Absent,
    /// Sent or received as `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Tristate<T> {
    /// Whether the field is left out; generated structs use it to skip the field.
    pub fn is_absent(&self) -> bool {
        matches!(self, Tristate::Absent)
    }

    /// Whether the field is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Tristate::Null)
    }

    /// The value, if there is one.
    pub fn as_ref(&self) -> Option<&T> {
        match self {
            Tristate::Value(value) => Some(value),
            Tristate::Absent | Tristate::Null => None,
        }
    }

    /// The value, if there is one, dropping the difference between absent and `null`.
    pub fn into_option(self) -> Option<T> {
        match self {
            Tristate::Value(value) => Some(value),
            Tristate::Absent | Tristate::Null => None,
        }
    }
}

/// A value is [`Tristate::Value`], so a field reads `body.name = "x".to_owned().into()`.
impl<T> From<T> for Tristate<T> {
    fn from(value: T) -> Self {
        Tristate::Value(value)
    }
}

/// `Some` is [`Tristate::Value`] and `None` is [`Tristate::Null`], not `Absent`: a field of
/// this type is nullable, and whoever converts an `Option` into it has said what it holds,
/// "nothing" included; leaving the field out is its `Default`, which needs no conversion.
impl<T> From<Option<T>> for Tristate<T> {
    fn from(value: Option<T>) -> Self {
        value.map_or(Tristate::Null, Tristate::Value)
    }
}

/// A string literal for the commonest field type, so `body.name = "x".into()` compiles.
impl From<&str> for Tristate<String> {
    fn from(value: &str) -> Self {
        Tristate::Value(value.to_owned())
    }
}

impl<T: Serialize> Serialize for Tristate<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tristate::Value(value) => value.serialize(serializer),
            Tristate::Absent | Tristate::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tristate<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer)
            .map(|value| value.map_or(Tristate::Null, Tristate::Value))
    }
}
