//! The Rust names a document gives its items: `x-rust-name` on schemas, properties,
//! parameters and operations, used as written once checked, and the vendor extensions that
//! mean the same (`x-speakeasy-name-override`, `x-fern-sdk-method-name`), cased by our own
//! rules as they are written for other languages.
//!
//! `x-rust-name` says what it names by its case: on a property's schema, a snake case name
//! names the field and an upper camel case one the schema's type; on a parameter object the
//! parameter, on an operation the method, on any other schema its type.

use crate::load::{Node, Pointer};
use crate::naming;

use super::Normalizer;

/// The extension that gives an item its Rust name, before every vendor's.
pub(super) const RUST_NAME: &str = "x-rust-name";

/// What a given name names, which decides the case it must be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Named {
    /// A struct, enum or alias: `UpperCamelCase`.
    Type,
    /// The type of a property's schema, whose `x-rust-name` in snake case names the field.
    PropertyType,
    /// A field of a struct, from a property's schema, whose `x-rust-name` in upper camel
    /// case names the schema's type.
    Field,
    /// A parameter of an operation's call: `snake_case`.
    Parameter,
    /// An operation's method: `snake_case`.
    Method,
}

impl Named {
    fn what(self) -> &'static str {
        match self {
            Named::Type | Named::PropertyType => "a type",
            Named::Field => "a field",
            Named::Parameter => "a parameter",
            Named::Method => "a method",
        }
    }
}

/// Whether a given name is written as a type's (starts with a capital letter).
fn looks_like_type(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
}

impl Normalizer<'_> {
    /// The name `node`'s `x-rust-name` gives what `named` says, checked: `None` when there is
    /// none, when it names the other item a property's schema may name (a property's type,
    /// or its field), or when it is not a Rust identifier of the right case, which is an error
    /// at the extension.
    pub(super) fn rust_name(
        &mut self,
        node: &Node,
        pointer: &Pointer,
        named: Named,
    ) -> Option<String> {
        let given = node.get(RUST_NAME)?;
        let at = pointer.join(RUST_NAME);
        let Some(name) = given.as_str() else {
            let message = format!("`{RUST_NAME}` must be a string, not {}", given.kind());
            self.error(given, &at, message);
            return None;
        };
        let wants_type = matches!(named, Named::Type | Named::PropertyType);
        match named {
            // The other of the two items a property's schema names reads it.
            Named::Field if looks_like_type(name) => return None,
            Named::PropertyType if !looks_like_type(name) => return None,
            _ => {}
        }
        let problem = if wants_type {
            if !looks_like_type(name) || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
                Some(format!(
                    "`{RUST_NAME}: {name}` is not a Rust type name in UpperCamelCase; it names {} here",
                    named.what()
                ))
            } else if naming::is_keyword(name) || naming::RESERVED_TYPE_NAMES.contains(&name) {
                Some(format!(
                    "`{RUST_NAME}: {name}` is a name the generated code uses itself; it cannot name a type"
                ))
            } else {
                None
            }
        } else if !is_snake_case(name) {
            Some(format!(
                "`{RUST_NAME}: {name}` is not a Rust name in snake_case; it names {} here",
                named.what()
            ))
        } else if naming::is_keyword(name) {
            Some(format!(
                "`{RUST_NAME}: {name}` is a Rust keyword; it cannot name {}",
                named.what()
            ))
        } else {
            None
        };
        match problem {
            None => Some(name.to_owned()),
            Some(message) => {
                let help = if wants_type {
                    "write ASCII letters and digits, starting with a capital letter (`PetOwner`)"
                } else {
                    "write lower case ASCII letters and digits in words joined by `_` (`owner_id`)"
                };
                let diagnostic =
                    crate::diagnostic::Diagnostic::error(message, Some(self.location(given, &at)))
                        .with_help(help);
                self.push(diagnostic);
                None
            }
        }
    }

    /// The name `node` gives itself, `x-rust-name` first, then the first of the vendor
    /// extensions `vendors` that holds a string, cased as `named` wants by [`naming`].
    pub(super) fn given_name(
        &mut self,
        node: &Node,
        pointer: &Pointer,
        named: Named,
        vendors: &[&str],
    ) -> Option<String> {
        if node.get(RUST_NAME).is_some() {
            return self.rust_name(node, pointer, named);
        }
        let vendor = vendors.iter().find_map(|key| node.get(key)?.as_str())?;
        Some(match named {
            Named::Type | Named::PropertyType => naming::type_name(vendor, "Type"),
            Named::Field => naming::field_name(vendor, "field"),
            Named::Parameter => naming::field_name(vendor, "parameter"),
            Named::Method => naming::field_name(vendor, "call"),
        })
    }
}

/// Whether the schema at `pointer` is a property's (`.../properties/{name}`), where a given
/// name may name the field instead of the type.
pub(super) fn is_property(pointer: &Pointer) -> bool {
    let mut segments = pointer.as_str().rsplit('/');
    segments.next().is_some() && segments.next() == Some("properties")
}

/// Lower case ASCII words of letters and digits joined by single underscores, starting with
/// a letter: what rustc's `non_snake_case` accepts, without the leading or doubled
/// underscores it tolerates but no one means.
fn is_snake_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split('_').all(|word| {
            !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_is_lower_case_words_joined_by_single_underscores() {
        for name in ["id", "owner_id", "v2", "page_2_size"] {
            assert!(is_snake_case(name), "{name}");
        }
        for name in ["", "Id", "ownerId", "_id", "id_", "owner__id", "2fa", "größe", "a-b"] {
            assert!(!is_snake_case(name), "{name}");
        }
    }
}
