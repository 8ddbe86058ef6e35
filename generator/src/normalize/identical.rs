//! Inline schemas that describe the same type become one type.
//!
//! Documents repeat small schemas in place (a `status` enum in a resource and again in its
//! patch body, the same error object under five responses); as distinct Rust types, a value
//! read from one could not be sent as the other, nor two of them matched in one arm. Two
//! types are the same when their kinds are equal with the docs left out: same fields in the
//! same order with the same Rust and wire names, types, presence and nullability; same enum
//! values and variant names in the same order; same union alternatives and tags. Docs are
//! left out because prose does not change which values a type holds: the merged type keeps
//! the docs of the one that stays, facts lines (`Default: ...`) included.
//!
//! Which name stays: a component's (the document's own name) when an inline schema is the
//! same as one, else the name of the first of the inline schemas in the order they were
//! read, so a schema added later in the document never renames a type that was there
//! before. Components are never merged with one another: each is a name the document gives.

use foldhash::{HashMap, HashMapExt};

use crate::ir::{
    Content, Enum, EnumVariant, Field, Operation, Struct, TypeDef, TypeKind, TypeRef, Webhook,
};

use super::Normalizer;

impl Normalizer<'_> {
    /// Merges every inline type into the first type that is the same (see the module docs),
    /// and points every use of a merged type at the one that stays. Runs until nothing
    /// changes, as merging two types' members can make the two types the same; each round
    /// hashes each type once.
    pub(super) fn merge_identical_types(
        &mut self,
        operations: &mut [Operation],
        webhooks: &mut [Webhook],
    ) {
        loop {
            let renames = self.identical_types();
            if renames.is_empty() {
                return;
            }
            self.types.retain(|name, _| !renames.contains_key(name));
            for def in self.types.values_mut() {
                rename_in_kind(&mut def.kind, &renames);
            }
            for operation in operations.iter_mut() {
                rename_in_operation(operation, &renames);
            }
            for webhook in webhooks.iter_mut() {
                rename(&mut webhook.payload, &renames);
            }
        }
    }

    /// One round: each inline type that is the same as a component, or as an inline type
    /// read before it, with the name it takes.
    fn identical_types(&self) -> HashMap<String, String> {
        let mut first: HashMap<TypeKind, &str> = HashMap::new();
        for (name, def) in &self.types {
            if self.component_types.contains(name) {
                first.entry(key(def)).or_insert(name);
            }
        }
        let mut renames: HashMap<String, String> = HashMap::new();
        // `types` holds each type after the types it is made of, so the types of an inline
        // type's members have met theirs by the time it is keyed: a parent merges in the
        // round its members do.
        for (name, def) in &self.types {
            if self.component_types.contains(name) {
                continue;
            }
            let mut kind = key(def);
            rename_in_kind(&mut kind, &renames);
            match first.get(&kind) {
                Some(&same) => {
                    renames.insert(name.clone(), same.to_owned());
                }
                None => {
                    first.insert(kind, name);
                }
            }
        }
        renames
    }
}

/// What makes two types the same: the kind, without docs. Built member by member rather
/// than cloned whole, which copied every doc text only to drop it.
fn key(def: &TypeDef) -> TypeKind {
    match &def.kind {
        TypeKind::Struct(structure) => TypeKind::Struct(Struct {
            fields: structure
                .fields
                .iter()
                .map(|field| Field {
                    name: field.name.clone(),
                    wire_name: field.wire_name.clone(),
                    docs: None,
                    ty: field.ty.clone(),
                    required: field.required,
                    nullable: field.nullable,
                    boxed: field.boxed,
                    flatten: field.flatten,
                })
                .collect(),
            additional: structure.additional.clone(),
        }),
        TypeKind::Enum(enumeration) => TypeKind::Enum(Enum {
            variants: enumeration
                .variants
                .iter()
                .map(|variant| EnumVariant {
                    name: variant.name.clone(),
                    value: variant.value.clone(),
                    docs: None,
                })
                .collect(),
            fallback: enumeration.fallback.clone(),
        }),
        TypeKind::Union(_) | TypeKind::Alias(_) | TypeKind::Newtype(_) => def.kind.clone(),
    }
}

/// Points the uses of renamed types in `kind` at the types they were merged into.
fn rename_in_kind(kind: &mut TypeKind, renames: &HashMap<String, String>) {
    match kind {
        TypeKind::Struct(structure) => {
            for field in &mut structure.fields {
                rename(&mut field.ty, renames);
            }
            if let Some(additional) = &mut structure.additional {
                rename(&mut additional.ty, renames);
            }
        }
        TypeKind::Union(union) => {
            for variant in &mut union.variants {
                rename(&mut variant.ty, renames);
            }
        }
        TypeKind::Alias(ty) => rename(ty, renames),
        TypeKind::Newtype(newtype) => rename(&mut newtype.ty, renames),
        TypeKind::Enum(_) => {}
    }
}

fn rename_in_operation(operation: &mut Operation, renames: &HashMap<String, String>) {
    for parameter in &mut operation.parameters {
        rename(&mut parameter.ty, renames);
    }
    let bodies = operation.body.iter_mut().flat_map(|body| body.contents.iter_mut());
    let responses = operation.responses.iter_mut().flat_map(|r| r.contents.iter_mut());
    for ty in bodies.chain(responses).flat_map(Content::types_mut) {
        rename(ty, renames);
    }
    // The pages' items name the type of the list they come from.
    if let Some(pagination) = &mut operation.pagination {
        rename(&mut pagination.item, renames);
        if let Some(items) = &mut pagination.items {
            rename(&mut items.ty, renames);
        }
    }
}

/// Points `ty` at the type a renamed type was merged into. Its depth is that of the schemas
/// it was read from, which the normaliser bounds.
fn rename(ty: &mut TypeRef, renames: &HashMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(new) = renames.get(name) {
                name.clone_from(new);
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            rename(inner, renames)
        }
        TypeRef::Tuple(items) => items.iter_mut().for_each(|item| rename(item, renames)),
        TypeRef::Primitive(_) | TypeRef::Any | TypeRef::External(_) => {}
    }
}
