//! The order in which an untagged union's variants are tried. serde takes the first variant
//! that decodes, so a variant that accepts more (any string, any object) listed before one
//! that accepts less would hide it: `oneOf: [string, {format: date-time}]` would never
//! give a date, and an object whose properties are all optional would take every object.

use indexmap::IndexMap;

use crate::ir::{Primitive, TypeDef, TypeKind, TypeRef};

use super::Normalizer;

/// Named types followed through aliases before a type counts as accepting anything.
const MAX_DEPTH: usize = 16;

impl Normalizer<'_> {
    /// Sorts the variants of every untagged union from the one that accepts least to the one
    /// that accepts most, keeping document order among equals.
    pub(super) fn order_untagged_unions(&mut self) {
        let orders: Vec<(String, Vec<usize>)> = self
            .types
            .iter()
            .filter_map(|(name, def)| match &def.kind {
                TypeKind::Union(union) if union.tag.is_none() => {
                    // An insertion sort that moves a variant only ahead of ones that accept
                    // some of the same JSON and more of it: variants of different JSON types
                    // (a string and a boolean) keep their document order.
                    let key = |index: usize| {
                        let ty = &union.variants[index].ty;
                        (json_kinds(&self.types, ty, 0), breadth(&self.types, ty, 0))
                    };
                    let mut order: Vec<usize> = Vec::with_capacity(union.variants.len());
                    for index in 0..union.variants.len() {
                        let (kinds, rank) = key(index);
                        let ahead = order.iter().position(|&placed| {
                            let (placed_kinds, placed_rank) = key(placed);
                            placed_kinds & kinds != 0 && rank < placed_rank
                        });
                        order.insert(ahead.unwrap_or(order.len()), index);
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

/// The JSON types a type accepts, as a set of bits.
fn json_kinds(types: &IndexMap<String, TypeDef>, ty: &TypeRef, depth: usize) -> u8 {
    if depth > MAX_DEPTH {
        return ANY;
    }
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
        TypeRef::Any => ANY,
        TypeRef::Nullable(inner) => json_kinds(types, inner, depth + 1),
        TypeRef::Named(name) => match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(_)) => OBJECT,
            Some(TypeKind::Enum(enumeration)) => {
                if enumeration
                    .variants
                    .iter()
                    .all(|v| matches!(v.value, crate::ir::EnumValue::String(_)))
                {
                    STRING
                } else {
                    NUMBER
                }
            }
            Some(TypeKind::Union(union)) if union.tag.is_some() => OBJECT,
            Some(TypeKind::Union(union)) => union
                .variants
                .iter()
                .fold(0, |kinds, v| kinds | json_kinds(types, &v.ty, depth + 1)),
            Some(TypeKind::Alias(inner)) => json_kinds(types, inner, depth + 1),
            Some(TypeKind::Newtype(newtype)) => json_kinds(types, &newtype.ty, depth + 1),
            None => ANY,
        },
    }
}

/// How much of JSON a type accepts, as a sort key: first the class (0: one JSON type with a
/// restriction, such as integers, dates, objects with required properties; 1: any string or
/// number; 2: any object with the right optional properties; 3: anything), then, among
/// objects, the more required properties the earlier.
fn breadth(types: &IndexMap<String, TypeDef>, ty: &TypeRef, depth: usize) -> (u8, usize) {
    const SPECIFIC: (u8, usize) = (0, 0);
    const ANY_SCALAR: (u8, usize) = (1, 0);
    if depth > MAX_DEPTH {
        return ANY_SCALAR;
    }
    match ty {
        TypeRef::Primitive(Primitive::String | Primitive::F32 | Primitive::F64) => ANY_SCALAR,
        TypeRef::Primitive(_) | TypeRef::Array(_) | TypeRef::Tuple(_) => SPECIFIC,
        TypeRef::Nullable(inner) => breadth(types, inner, depth + 1),
        TypeRef::Map(_) | TypeRef::Any => (3, 0),
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
