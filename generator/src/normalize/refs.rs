//! `$ref`: finding the target, following chains, and the siblings a `$ref` may carry.

use crate::diagnostic::Diagnostic;
use crate::ir::TypeRef;
use crate::load::reference::{self, MAX_CHAIN, Unresolved, canonical_pointer};
use crate::load::{Node, Pointer};
use crate::naming;

use super::{Naming, Normalizer, Shape};

/// Words of a JSON pointer that name OpenAPI structure rather than things of the API.
const STRUCTURE: &[&str] = &[
    "components",
    "schemas",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "additionalProperties",
    "content",
    "schema",
    "paths",
    "responses",
    "requestBody",
    "parameters",
    "requestBodies",
    "headers",
    "definitions",
    "$defs",
];

impl<'a> Normalizer<'a> {
    /// The type of a schema that is a `$ref`. A sibling `nullable: true` (Courier's
    /// `expiry_date`) makes it nullable however the target is declared.
    pub(super) fn reference(&mut self, node: &'a Node, pointer: &Pointer, hint: &str) -> Shape {
        let Some((target, target_pointer)) = self.follow(node, pointer) else {
            return Shape::any();
        };
        let mut shape = if let Some(named) = self.named.get(target_pointer.as_str()) {
            Shape::new(TypeRef::Named(named.name.clone()), named.nullable)
        } else if self.resolving.contains(target_pointer.as_str()) {
            let message = format!(
                "`$ref` cycle through `{target_pointer}` never reaches an object, enum or union that could hold it"
            );
            self.push(
                Diagnostic::error(message, Some(self.location(node, &pointer.join("$ref"))))
                    .with_help("break the cycle: a type can contain itself only through a property, an array item or a union member"),
            );
            Shape::any()
        } else if let Some(shape) = self.read_targets.get(target_pointer.as_str()) {
            shape.clone()
        } else {
            self.resolving.insert(target_pointer.as_str().to_owned());
            let name_hint = name_from_pointer(&target_pointer).unwrap_or_else(|| hint.to_owned());
            let shape = self.convert(target, &target_pointer, Naming::Hint(&name_hint));
            self.resolving.remove(target_pointer.as_str());
            self.read_targets.insert(target_pointer.as_str().to_owned(), shape.clone());
            shape
        };
        shape.nullable |= node.get("nullable").and_then(Node::as_bool) == Some(true);
        shape
    }

    /// The node a `$ref` object points to, with its pointer. Reports a missing target (an
    /// error) or an external reference (a warning: the value degrades to any JSON) and gives
    /// `None` for both.
    pub(super) fn follow(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
    ) -> Option<(&'a Node, Pointer)> {
        let document = self.document;
        let Some(resolved) = reference::target(&document.root, node) else {
            return Some((node, pointer.clone()));
        };
        let reference_node = node.get("$ref")?;
        let ref_pointer = pointer.join("$ref");
        match resolved {
            Ok(target) => {
                let reference = reference_node.as_str().unwrap_or_default();
                Some((target, canonical_pointer(reference.strip_prefix('#').unwrap_or_default())))
            }
            Err(Unresolved::NotAString) => {
                let message =
                    format!("expected `$ref` to be a string, found {}", reference_node.kind());
                self.error(reference_node, &ref_pointer, message);
                None
            }
            Err(Unresolved::External(reference)) => {
                let message = format!(
                    "external reference `{reference}` is not supported; generating `serde_json::Value`"
                );
                self.push(
                    Diagnostic::warning(message, Some(self.location(reference_node, &ref_pointer)))
                        .with_help("bundle the document into one file first (for example with `redocly bundle`)"),
                );
                None
            }
            Err(Unresolved::Missing(reference)) => {
                let message = format!("`$ref` target `{reference}` does not exist");
                let help = match reference.strip_prefix("#/components/schemas/") {
                    Some(name) => {
                        format!("define `{name}` under `components/schemas`, or fix the reference")
                    }
                    None => {
                        "fix the reference so that it points to a node of this document".to_owned()
                    }
                };
                self.push(
                    Diagnostic::error(message, Some(self.location(reference_node, &ref_pointer)))
                        .with_help(help),
                );
                None
            }
        }
    }

    /// Follows `$ref`s until a node without one (a parameter, a response, a request body).
    pub(super) fn dereference(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
    ) -> Option<(&'a Node, Pointer)> {
        let (mut node, mut pointer) = (node, pointer.clone());
        for _ in 0..MAX_CHAIN {
            if node.get("$ref").is_none() {
                return Some((node, pointer));
            }
            (node, pointer) = self.follow(node, &pointer)?;
        }
        self.error(
            node,
            &pointer,
            format!("`$ref` chain longer than {MAX_CHAIN} links; is it a cycle?"),
        );
        None
    }
}

/// A type name for a schema reached by a `$ref` that is not a component schema, from the
/// last two meaningful words of its pointer
/// (`#/components/schemas/Pet/properties/owner` -> `PetOwner`).
fn name_from_pointer(pointer: &Pointer) -> Option<String> {
    let fragment = pointer.fragment();
    // `#/components/<section>/<Name>`: the section (standard or not) says nothing of the name.
    let fragment = match fragment.strip_prefix("/components/") {
        Some(rest) => rest.split_once('/').map_or("", |(_, name)| name),
        None => fragment,
    };
    let words: Vec<&str> = fragment
        .split('/')
        .filter(|word| {
            !word.is_empty()
                && !STRUCTURE.contains(word)
                && !word.contains('~')
                && word.parse::<usize>().is_err()
        })
        .collect();
    let tail = &words[words.len().saturating_sub(2)..];
    let joined = tail.join(" ");
    (!joined.is_empty()).then(|| naming::type_name(&joined, "Schema"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_last_meaningful_words() {
        let pointer = canonical_pointer("/components/schemas/Pet/properties/owner");
        assert_eq!(name_from_pointer(&pointer).as_deref(), Some("PetOwner"));
        let pointer = canonical_pointer("/components/mediaTypes/Widget/schema");
        assert_eq!(name_from_pointer(&pointer).as_deref(), Some("Widget"));
    }
}
