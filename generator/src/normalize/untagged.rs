//! The order in which an untagged union's variants are tried. serde takes the first variant
//! that decodes, so a variant that accepts more (any string, any object) listed before one
//! that accepts less would hide it: `oneOf: [string, {format: date-time}]` would never
//! give a date, and an object whose properties are all optional would take every object.

use std::collections::VecDeque;

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::ir::{Primitive, TypeKind, TypeRef, Types};

use super::Normalizer;

/// Named types followed through aliases before a type counts as accepting anything.
const MAX_DEPTH: usize = 16;

impl Normalizer<'_> {
    /// Sorts the variants of every untagged union from the one that accepts least to the one
    /// that accepts most, keeping document order among equals.
    pub(super) fn order_untagged_unions(&mut self) {
        let kinds = NamedKinds::of(&self.types);
        let orders: Vec<(String, Vec<usize>)> = self
            .types
            .iter()
            .filter_map(|(name, def)| match &def.kind {
                TypeKind::Union(union) if union.tag.is_none() => {
                    let keys: Vec<(u8, (u8, usize))> = union
                        .variants
                        .iter()
                        .map(|variant| {
                            (kinds.of_type(&variant.ty), breadth(&self.types, &variant.ty, 0))
                        })
                        .collect();
                    // An insertion sort that moves a variant only ahead of ones that accept
                    // some of the same JSON and more of it: variants of different JSON types
                    // (a string and a boolean) keep their document order.
                    // The broadest rank placed so far per set of kinds lets a variant that
                    // nothing placed accepts more than goes last without a scan, so a union
                    // of thousands of alike alternatives is ordered in linear time.
                    let mut broadest: [Option<(u8, usize)>; 32] = [None; 32];
                    let mut order: Vec<usize> = Vec::with_capacity(keys.len());
                    for (index, &(kinds, rank)) in keys.iter().enumerate() {
                        let overtakes = broadest.iter().enumerate().any(|(placed_kinds, most)| {
                            placed_kinds as u8 & kinds != 0 && most.is_some_and(|most| rank < most)
                        });
                        let ahead = if overtakes {
                            order.iter().position(|&placed| {
                                let (placed_kinds, placed_rank) = keys[placed];
                                placed_kinds & kinds != 0 && rank < placed_rank
                            })
                        } else {
                            None
                        };
                        order.insert(ahead.unwrap_or(order.len()), index);
                        let most = &mut broadest[usize::from(kinds)];
                        *most = (*most).max(Some(rank));
                    }
                    Some((name.clone(), order))
                }
                _ => None,
            })
            .collect();
        for (name, order) in orders {
            if let Some(TypeKind::Union(union)) = self.types.get_mut(&name).map(|def| &mut def.kind)
            {
                let mut variants: Vec<_> =
                    std::mem::take(&mut union.variants).into_iter().map(Some).collect();
                union.variants =
                    order.into_iter().filter_map(|index| variants[index].take()).collect();
            }
        }
    }
}

const STRING: u8 = 1;
const NUMBER: u8 = 2;
const BOOLEAN: u8 = 4;
const ARRAY: u8 = 8;
const OBJECT: u8 = 16;
const ANY: u8 = STRING | NUMBER | BOOLEAN | ARRAY | OBJECT;

/// The JSON types each named type accepts, as a set of bits, computed for all of them at
/// once: a union accepts what its variants accept, however deep unions of unions go.
struct NamedKinds<'t> {
    kinds: HashMap<&'t str, u8>,
}

impl<'t> NamedKinds<'t> {
    /// The least solution of "a type accepts what its parts accept", by a worklist: a type
    /// is looked at again only when a type it names gains a kind, and kinds only grow, so
    /// the work is linear in the size of the model.
    fn of(types: &'t Types) -> Self {
        let mut named = NamedKinds { kinds: HashMap::with_capacity(types.len()) };
        let mut users: HashMap<&'t str, Vec<&'t str>> = HashMap::new();
        for (name, def) in types {
            for ty in def.kind.parts() {
                if let Some(target) = ty.named() {
                    users.entry(target).or_default().push(name);
                }
            }
        }
        // A queue in which each type waits at most once: a union of thousands of variants
        // is looked at again once per round of changes, not once per changed variant.
        let mut pending: VecDeque<&'t str> = types.keys().map(String::as_str).collect();
        let mut waiting: HashSet<&'t str> = pending.iter().copied().collect();
        while let Some(name) = pending.pop_front() {
            waiting.remove(name);
            let Some(def) = types.get(name) else { continue };
            let kinds = named.of_kind(&def.kind);
            let known = named.kinds.entry(name).or_default();
            if kinds & !*known != 0 {
                *known |= kinds;
                for &user in users.get(name).into_iter().flatten() {
                    if waiting.insert(user) {
                        pending.push_back(user);
                    }
                }
            }
        }
        named
    }

    fn of_kind(&self, kind: &TypeKind) -> u8 {
        match kind {
            TypeKind::Struct(_) => OBJECT,
            TypeKind::Enum(enumeration) => {
                let strings = enumeration
                    .variants
                    .iter()
                    .all(|v| matches!(v.value, crate::ir::EnumValue::String(_)));
                if strings { STRING } else { NUMBER }
            }
            TypeKind::Union(union) if union.tag.is_some() => OBJECT,
            TypeKind::Union(_) | TypeKind::Alias(_) | TypeKind::Newtype(_) => {
                kind.parts().fold(0, |kinds, ty| kinds | self.of_type(ty))
            }
        }
    }

    /// The JSON types `ty` accepts; a named type not (yet) known accepts nothing.
    fn of_type(&self, ty: &TypeRef) -> u8 {
        match ty {
            TypeRef::Primitive(Primitive::Bool) => BOOLEAN,
            TypeRef::Primitive(
                Primitive::I8
                | Primitive::I16
                | Primitive::I32
                | Primitive::I64
                | Primitive::U8
                | Primitive::U16
                | Primitive::U32
                | Primitive::U64
                | Primitive::F32
                | Primitive::F64,
            ) => NUMBER,
            TypeRef::Primitive(Primitive::Binary) | TypeRef::Array(_) | TypeRef::Tuple(_) => ARRAY,
            TypeRef::Primitive(_) => STRING,
            TypeRef::Map(_) => OBJECT,
            // Another crate's type may read any JSON.
            TypeRef::Any | TypeRef::External(_) => ANY,
            TypeRef::Nullable(inner) => self.of_type(inner),
            TypeRef::Named(name) => self.kinds.get(name.as_str()).copied().unwrap_or_default(),
        }
    }
}

/// How much of JSON a type accepts, as a sort key: first the class (0: one JSON type with a
/// restriction, such as integers, dates, objects with required properties; 1: any string or
/// number; 2: any object with the right optional properties; 3: anything), then, among
/// objects, the more required properties the earlier.
fn breadth(types: &Types, ty: &TypeRef, depth: usize) -> (u8, usize) {
    const SPECIFIC: (u8, usize) = (0, 0);
    const ANY_SCALAR: (u8, usize) = (1, 0);
    if depth > MAX_DEPTH {
        return ANY_SCALAR;
    }
    match ty {
        TypeRef::Primitive(Primitive::String | Primitive::F32 | Primitive::F64) => ANY_SCALAR,
        TypeRef::Primitive(_) | TypeRef::Array(_) | TypeRef::Tuple(_) => SPECIFIC,
        TypeRef::Nullable(inner) => breadth(types, inner, depth + 1),
        TypeRef::Map(_) | TypeRef::Any | TypeRef::External(_) => (3, 0),
        TypeRef::Named(name) => match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(structure)) => {
                let required = structure
                    .fields
                    .iter()
                    .filter(|field| field.required && !field.flatten)
                    .count();
                if required == 0 { (2, 0) } else { (0, usize::MAX - required) }
            }
            Some(TypeKind::Union(union)) if union.tag.is_some() => (0, usize::MAX - 1),
            Some(TypeKind::Alias(inner)) => breadth(types, inner, depth + 1),
            Some(TypeKind::Newtype(newtype)) => breadth(types, &newtype.ty, depth + 1),
            Some(TypeKind::Enum(_) | TypeKind::Union(_)) | None => ANY_SCALAR,
        },
    }
}
