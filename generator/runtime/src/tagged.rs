//! Encoding and decoding internally tagged unions, whose tag property picks the variant.

use serde_json::Value;

/// Encodes one variant of an internally tagged union: the variant's object with the tag
/// property set to the variant's tag value, whatever the object itself holds there.
#[cfg(feature = "encode-tagged")]
pub fn serialize_tagged<S, T>(
    serializer: S,
    tag: &str,
    tag_value: &str,
    content: &T,
) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize,
{
    use serde::ser::Error as _;
    let mut json = serde_json::to_value(content).map_err(S::Error::custom)?;
    let Value::Object(members) = &mut json else {
        let message =
            format!("variant `{tag_value}` must encode to an object to carry the `{tag}` property");
        return Err(S::Error::custom(message));
    };
    members.insert(tag.to_owned(), Value::String(tag_value.to_owned()));
    serde::Serialize::serialize(&json, serializer)
}

/// An object of an internally tagged union, read but not yet decoded: its tag picks the
/// variant type, which then decodes the whole object (the tag property included, as the
/// variant's own schema usually declares it).
#[cfg(feature = "decode-tagged")]
#[derive(Debug)]
pub struct Tagged {
    tag: String,
    content: Value,
}

#[cfg(feature = "decode-tagged")]
impl Tagged {
    /// Reads an object and its string property `tag_property`.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        tag_property: &str,
    ) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let content = <Value as serde::Deserialize>::deserialize(deserializer)?;
        let tag = match content.get(tag_property) {
            Some(Value::String(tag)) => tag.clone(),
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "expected `{tag_property}` to be a string, found {other}"
                )));
            }
            None => return Err(D::Error::custom(format!("missing field `{tag_property}`"))),
        };
        Ok(Tagged { tag, content })
    }

    /// The tag value.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Decodes the object as the variant type `T`.
    pub fn into_variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(self) -> Result<T, E> {
        serde_json::from_value(self.content).map_err(E::custom)
    }

    /// The object as read, for a tag value no variant has.
    pub fn into_value(self) -> Value {
        self.content
    }
}
