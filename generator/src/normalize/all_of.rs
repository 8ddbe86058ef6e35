//! `allOf`: every member merged into one struct, with the schema's own `properties` and
//! the union of every `required` list (Courier's `BadRequest`).

use foldhash::HashSet;

use crate::ir::{Primitive, TypeRef};
use crate::load::{Node, Pointer};

use super::object::Members;
use super::{Naming, Normalizer, Shape};

/// `allOf` members nested deeper than this are taken for a cycle.
const MAX_DEPTH: usize = 32;

impl<'a> Normalizer<'a> {
    pub(super) fn all_of(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        naming: Naming<'_>,
        nullable: bool,
    ) -> Shape {
        let members = node.get("allOf").and_then(Node::as_array).unwrap_or_default();
        let has_own_members =
            ["properties", "additionalProperties"].iter().any(|key| node.get(key).is_some())
                || ["oneOf", "anyOf"]
                    .iter()
                    .any(|key| node.get(key).is_some_and(|union| !allows_anything(union)));
        if let ([member], false, None) = (members, has_own_members, node.get("$ref")) {
            // `allOf: [$ref]` is how 3.0 documents attach `nullable` or a description to a
            // reference: the type is the member's own.
            let member_pointer = pointer.join("allOf").index(0);
            let mut shape = match naming {
                Naming::Claimed(_) => self.convert(member, &member_pointer, naming),
                Naming::Hint(hint) => self.schema(member, &member_pointer, hint),
            };
            shape.nullable |= nullable;
            return shape;
        }

        let mut merged = Merged::default();
        if node.get("$ref").is_some() {
            self.collect(node, pointer, &mut merged, 0);
        }
        for (index, member) in members.iter().enumerate() {
            self.collect(member, &pointer.join("allOf").index(index), &mut merged, 0);
        }
        self.collect_own(node, pointer, &mut merged);
        for key in ["oneOf", "anyOf"] {
            if let Some(union) = node.get(key).filter(|union| !allows_anything(union)) {
                let message =
                    format!("`{key}` beside `allOf` is not merged; its alternatives are ignored");
                self.warning(union, &pointer.join(key), message);
            }
        }

        let Merged { members, primitives, seen_object, .. } = merged;
        if members.properties.is_empty() && members.additional.is_none() {
            match members.flattened.as_slice() {
                [] => {
                    let ty = match primitives.as_slice() {
                        [first, rest @ ..] if !seen_object && rest.iter().all(|p| p == first) => {
                            TypeRef::Primitive(*first)
                        }
                        _ if seen_object => TypeRef::Map(Box::new(TypeRef::Any)),
                        _ => TypeRef::Any,
                    };
                    return Shape::new(ty, nullable);
                }
                [(only, only_pointer)] if !seen_object => {
                    let mut shape = self.schema(only, only_pointer, naming.base());
                    shape.nullable |= nullable;
                    return shape;
                }
                _ => {}
            }
        }
        Shape::new(self.structure(node, pointer, naming, nullable, members), nullable)
    }

    /// Adds one member, following `$ref`s and nested `allOf`s.
    fn collect(
        &mut self,
        member: &'a Node,
        pointer: &Pointer,
        merged: &mut Merged<'a>,
        depth: usize,
    ) {
        let Some((member, pointer)) = self.dereference(member, pointer) else {
            return;
        };
        if depth > MAX_DEPTH || !merged.seen.insert(pointer.as_str().to_owned()) {
            return;
        }
        if let Some(nested) = member.get("allOf").and_then(Node::as_array) {
            for (index, inner) in nested.iter().enumerate() {
                self.collect(inner, &pointer.join("allOf").index(index), merged, depth + 1);
            }
        }
        let is_union = ["oneOf", "anyOf", "enum"].iter().any(|key| member.get(key).is_some());
        if is_union && member.get("properties").is_none() {
            merged.members.flattened.push((member, pointer));
            return;
        }
        self.collect_own(member, &pointer, merged);
    }

    /// Adds the properties written on `node` itself (not in its `allOf`).
    fn collect_own(&mut self, node: &'a Node, pointer: &Pointer, merged: &mut Merged<'a>) {
        let types = self.declared_types(node, pointer);
        let object_like =
            ["properties", "additionalProperties"].iter().any(|key| node.get(key).is_some());
        if object_like || types.iter().any(|t| t == "object") {
            merged.seen_object = true;
            for property in self.properties(node, pointer) {
                match merged.members.properties.iter_mut().find(|p| p.name == property.name) {
                    // A later member narrows a property an earlier one declared.
                    Some(existing) => *existing = property,
                    None => merged.members.properties.push(property),
                }
            }
            let required = self.required(node, pointer);
            merged.members.required.extend(required);
            if let Some(values) = node
                .get("additionalProperties")
                .filter(|v| v.as_object().is_some_and(|m| !m.is_empty()))
            {
                merged.members.additional = Some(values);
            }
        } else {
            for ty in types {
                if matches!(ty.as_str(), "string" | "integer" | "number" | "boolean") {
                    let primitive = self.primitive(&ty, node, pointer);
                    merged.primitives.push(primitive);
                }
            }
            // A member with only constraints (`required`, `minLength`) narrows without adding.
            let required = self.required(node, pointer);
            merged.members.required.extend(required);
        }
    }
}

/// A `oneOf`/`anyOf` list whose every member is `{}` or `true`: it constrains nothing.
fn allows_anything(union: &Node) -> bool {
    union.as_array().is_some_and(|members| {
        members.iter().all(|member| {
            member.as_bool() == Some(true) || member.as_object().is_some_and(|m| m.is_empty())
        })
    })
}

#[derive(Default)]
struct Merged<'a> {
    members: Members<'a>,
    primitives: Vec<Primitive>,
    seen_object: bool,
    seen: HashSet<String>,
}
