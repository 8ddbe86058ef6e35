//! Rough sizes of the generated types, to box the large payloads of enums: an enum is as
//! big as its biggest variant, so one large struct would make every value of the enum large
//! (clippy's `large_enum_variant`), and moving it around slow.

use foldhash::{HashMap, HashMapExt};
use std::cell::RefCell;

use crate::ir::{Api, Primitive, TypeKind, TypeRef};

/// Payloads estimated above this many bytes are boxed. Clippy warns at a difference of
/// 200 bytes between variants; staying well under it leaves room for estimation error.
const BOX_ABOVE: usize = 96;

/// Size estimates of an API's types, computed on demand.
pub struct Layout<'a> {
    api: &'a Api,
    sizes: RefCell<HashMap<String, usize>>,
}

impl<'a> Layout<'a> {
    /// Estimates for `api`.
    pub fn new(api: &'a Api) -> Self {
        Layout { api, sizes: RefCell::new(HashMap::new()) }
    }

    /// Whether an enum payload of type `ty` should be boxed.
    pub fn is_large(&self, ty: &TypeRef) -> bool {
        self.size(ty) > BOX_ABOVE
    }

    /// The estimated size of `ty` in bytes, on a 64-bit target.
    pub fn size(&self, ty: &TypeRef) -> usize {
        match ty {
            TypeRef::Named(name) => self.named(name),
            TypeRef::Primitive(primitive) => match primitive {
                Primitive::Bool | Primitive::I8 | Primitive::U8 => 1,
                Primitive::I16 | Primitive::U16 => 2,
                Primitive::I32 | Primitive::U32 | Primitive::F32 | Primitive::Date => 4,
                Primitive::I64 | Primitive::U64 | Primitive::F64 => 8,
                Primitive::DateTime => 12,
                Primitive::Uuid => 16,
                Primitive::String | Primitive::Base64 | Primitive::Binary => 24,
            },
            TypeRef::Any => 32,
            // Unknown; most types a user maps a schema to hold a pointer and two lengths.
            TypeRef::External(_) => 24,
            TypeRef::Array(_) | TypeRef::Map(_) => 24,
            TypeRef::Nullable(inner) => self.size(inner) + 8,
            TypeRef::Tuple(items) => items.iter().map(|item| self.size(item)).sum(),
        }
    }

    fn named(&self, name: &str) -> usize {
        if let Some(size) = self.sizes.borrow().get(name) {
            return *size;
        }
        // A type being measured is reached again only through a `Box`.
        self.sizes.borrow_mut().insert(name.to_owned(), 8);
        let size = match self.api.types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(structure)) => {
                let fields: usize = structure
                    .fields
                    .iter()
                    .map(|field| {
                        let value = if field.boxed { 8 } else { self.size(&field.ty) };
                        if field.required && !field.nullable { value } else { value + 8 }
                    })
                    .sum();
                fields + structure.additional.as_ref().map_or(0, |_| 24)
            }
            Some(TypeKind::Enum(_)) => 24,
            Some(TypeKind::Union(union)) => {
                let largest = union
                    .variants
                    .iter()
                    .map(|v| if v.boxed || self.is_large(&v.ty) { 8 } else { self.size(&v.ty) })
                    .max();
                largest.unwrap_or(0) + 8
            }
            Some(TypeKind::Alias(ty)) => self.size(ty),
            Some(TypeKind::Newtype(newtype)) => {
                if newtype.boxed {
                    8
                } else {
                    self.size(&newtype.ty)
                }
            }
            None => 8,
        };
        self.sizes.borrow_mut().insert(name.to_owned(), size);
        size
    }
}
