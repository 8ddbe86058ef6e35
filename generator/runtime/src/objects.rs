//! Decoding generated structs from objects. One visitor here reads an object's keys for every
//! struct, and each struct's own code is a `match` from a key's position in its list of
//! properties to the field that property fills.
//!
//! serde's derive writes that visitor into each struct instead, with an enum of its fields, a
//! second visitor for the keys, and a reading of the struct from a sequence, which JSON never
//! gives. Type checking that code was most of the time a generated crate took to check:
//! Stripe's `account` feature went from 10.4 s to 4.0 s without it.

#[cfg(feature = "decode-others")]
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

/// A struct decoded from an object by [`deserialize_object`].
pub trait Object: Sized {
    /// Whether a property whose key is not among the wire names given to
    /// [`deserialize_object`] is kept, known by the position after the last of them, instead
    /// of being skipped.
    const KEEPS_OTHERS: bool = false;

    /// Reads the properties [`Fields::next_property`] gives into the struct's fields. `None` when
    /// reading failed: the error is then in `fields`, which reports it.
    fn decode<'de, A: MapAccess<'de>>(fields: &mut Fields<'de, A>) -> Option<Self>;
}

/// Decodes the struct `T` from an object: the body of each generated struct's `Deserialize`.
/// `name` is the struct's, for errors ("invalid type: string, expected struct Pet"), and
/// `names` the wire names of its properties, which [`Object::decode`] knows by their
/// position. They are arguments rather than constants of [`Object`] because each constant
/// is a body of its own for the compiler to check: Stripe's `customers` feature checks
/// 0.2 s faster without them.
pub fn deserialize_object<'de, D, T>(
    deserializer: D,
    name: &'static str,
    names: &'static [&'static str],
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Object,
{
    deserializer.deserialize_struct(name, names, ObjectVisitor { name, names, object: PhantomData })
}

struct ObjectVisitor<T> {
    name: &'static str,
    names: &'static [&'static str],
    object: PhantomData<T>,
}

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let mut fields = Fields {
            map,
            names: self.names,
            keeps_others: T::KEEPS_OTHERS,
            seen: Seen::new(self.names.len()),
            other: None,
            error: None,
            lifetime: PhantomData,
        };
        let decoded = T::decode(&mut fields);
        match (decoded, fields.error) {
            (_, Some(error)) => Err(error),
            (Some(value), None) => Ok(value),
            // `decode` returns `None` only after an error, which `Fields` keeps.
            (None, None) => Err(A::Error::custom(format_args!("cannot decode {}", self.name))),
        }
    }
}

/// The properties of an object being decoded into a struct, read one by one by the struct's
/// [`Object::decode`]. The first error ends the reading and is kept, so that each field is
/// read without a branch of its own for failing: [`Fields::next_property`] then gives `None`.
pub struct Fields<'de, A: MapAccess<'de>> {
    map: A,
    names: &'static [&'static str],
    keeps_others: bool,
    seen: Seen,
    /// The key of the property not in `names` whose value is to be read next.
    other: Option<String>,
    error: Option<A::Error>,
    lifetime: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Fields<'de, A> {
    /// The position of the next property to read, among the struct's names (or after them,
    /// for a property kept in its map of others), skipping the properties the struct does
    /// not know. `None` at the end of the object and after an error: a property given twice
    /// is one, as serde's derive has it.
    pub fn next_property(&mut self) -> Option<usize> {
        if self.error.is_some() {
            return None;
        }
        match self.next_key() {
            Ok(next) => next,
            Err(error) => {
                self.error = Some(error);
                None
            }
        }
    }

    fn next_key(&mut self) -> Result<Option<usize>, A::Error> {
        loop {
            let seed = KeySeed { names: self.names, keeps_others: self.keeps_others };
            match self.map.next_key_seed(seed)? {
                None => return Ok(None),
                Some(Key::Known(index)) => {
                    if !self.seen.insert(index) {
                        return Err(A::Error::duplicate_field(self.names[index]));
                    }
                    return Ok(Some(index));
                }
                Some(Key::Other(key)) => {
                    self.other = Some(key);
                    return Ok(Some(self.names.len()));
                }
                Some(Key::Skipped) => {
                    self.map.next_value::<IgnoredAny>()?;
                }
            }
        }
    }

    /// Reads the property's value into `field`.
    #[cfg(feature = "decode-optional")]
    pub fn set<T: Deserialize<'de>>(&mut self, field: &mut T) {
        match self.map.next_value() {
            Ok(value) => *field = value,
            Err(error) => self.error = Some(error),
        }
    }

    /// Reads the value of a property the struct requires into `field`, `None` until then.
    #[cfg(feature = "decode-required")]
    pub fn set_some<T: Deserialize<'de>>(&mut self, field: &mut Option<T>) {
        match self.map.next_value() {
            Ok(value) => *field = Some(value),
            Err(error) => self.error = Some(error),
        }
    }

    /// Reads the value of a property not in the struct's names into `others`, its map of
    /// them.
    #[cfg(feature = "decode-others")]
    pub fn keep<T: Deserialize<'de>>(&mut self, others: &mut BTreeMap<String, T>) {
        let key = self.other.take().unwrap_or_default();
        match self.map.next_value() {
            Ok(value) => {
                others.insert(key, value);
            }
            Err(error) => self.error = Some(error),
        }
    }

    /// `None`, with serde's "missing field" error kept for the first of the properties at
    /// `required` the object did not have: the `else` of a struct's
    /// `let (Some(a), Some(b)) = (a, b)`, whose required fields are read by
    /// [`Fields::set_some`] and so are `None` only when absent or after an error.
    #[cfg(feature = "decode-required")]
    pub fn missing<T>(&mut self, required: &[usize]) -> Option<T> {
        let absent = required.iter().copied().find(|index| !self.seen.contains(*index));
        match absent {
            Some(index) => self.required(None, index),
            None => None,
        }
    }

    /// The value of the required property at `index`, or `None` with serde's "missing
    /// field" error kept, when the object did not have it.
    #[cfg(feature = "decode-required")]
    pub fn required<T>(&mut self, value: Option<T>, index: usize) -> Option<T> {
        if value.is_none() && self.error.is_none() {
            let name = self.names.get(index).copied().unwrap_or_default();
            self.error = Some(A::Error::missing_field(name));
        }
        value
    }
}

/// The positions of the properties read so far.
pub(crate) enum Seen {
    /// A bit per position, for structs of up to 64 properties.
    Few(u64),
    Many(Vec<bool>),
}

impl Seen {
    pub(crate) fn new(count: usize) -> Seen {
        if count <= 64 { Seen::Few(0) } else { Seen::Many(vec![false; count]) }
    }

    /// Whether `index` has been read.
    #[cfg(feature = "decode-required")]
    pub(crate) fn contains(&self, index: usize) -> bool {
        match self {
            Seen::Few(bits) => index < 64 && *bits & (1u64 << index) != 0,
            Seen::Many(seen) => seen.get(index).copied().unwrap_or(false),
        }
    }

    /// Marks `index` read; whether it was not before.
    pub(crate) fn insert(&mut self, index: usize) -> bool {
        match self {
            Seen::Few(bits) => {
                let bit = 1u64 << index;
                let new = *bits & bit == 0;
                *bits |= bit;
                new
            }
            Seen::Many(seen) => match seen.get_mut(index) {
                Some(seen) => !std::mem::replace(seen, true),
                None => true,
            },
        }
    }
}

/// A property's key, as a struct knows it.
enum Key {
    Known(usize),
    /// Not among the struct's names, and kept.
    Other(String),
    /// Not among the struct's names, and not kept.
    Skipped,
}

struct KeySeed {
    names: &'static [&'static str],
    keeps_others: bool,
}

impl KeySeed {
    fn key(&self, key: &str) -> Key {
        match self.names.iter().position(|name| *name == key) {
            Some(index) => Key::Known(index),
            None if self.keeps_others => Key::Other(key.to_owned()),
            None => Key::Skipped,
        }
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("field identifier")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Key, E> {
        Ok(self.key(key))
    }

    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(key) {
            Ok(key) => Ok(self.key(key)),
            Err(_) if self.keeps_others => Err(E::custom("a property name that is not UTF-8")),
            Err(_) => Ok(Key::Skipped),
        }
    }
}
