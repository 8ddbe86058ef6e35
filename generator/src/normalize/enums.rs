//! `enum` and `const`: open Rust enums for strings and integers, the plain type otherwise.

use foldhash::{HashSet, HashSetExt};

use crate::ir::{Enum, EnumValue, EnumVariant, TypeDef, TypeKind, TypeRef};
use crate::load::{Node, Pointer, Value};
use crate::naming::{self, Scope};

use super::schema::docs;
use super::{Naming, Normalizer, Shape};

/// Names tried, in order, for the variant holding values the document does not list.
pub(super) const FALLBACK_NAMES: &[&str] = &["Unknown", "Other", "UnknownValue"];

impl<'a> Normalizer<'a> {
    pub(super) fn enumeration(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        naming: Naming<'_>,
        nullable: bool,
    ) -> Shape {
        let (values, values_pointer) = match (node.get("enum"), node.get("const")) {
            (Some(values), _) => match values.as_array() {
                Some(values) => (
                    values.iter().filter(|v| v.value != Value::Null).collect::<Vec<_>>(),
                    pointer.join("enum"),
                ),
                None => {
                    let message = format!(
                        "expected `enum` to be a list of values, found {}; ignoring it",
                        values.kind()
                    );
                    self.warning(values, &pointer.join("enum"), message);
                    (Vec::new(), pointer.join("enum"))
                }
            },
            (None, Some(constant)) => (vec![constant], pointer.join("const")),
            (None, None) => (Vec::new(), pointer.join("enum")),
        };
        let declared = self.declared_types(node, pointer);
        let declared = declared.first().map(String::as_str);
        let all_strings = !values.is_empty() && values.iter().all(|v| v.as_str().is_some());
        let all_integers =
            !values.is_empty() && values.iter().all(|v| matches!(v.value, Value::Integer(_)));

        let wire_values: Option<Vec<EnumValue>> = match declared {
            Some("string") | None if all_strings => Some(
                values
                    .iter()
                    .filter_map(|v| v.as_str())
                    .map(|s| EnumValue::String(s.to_owned()))
                    .collect(),
            ),
            Some("string") => Some(
                values
                    .iter()
                    .filter_map(|v| super::scalar_text(Some(v)))
                    .map(EnumValue::String)
                    .collect(),
            ),
            Some("integer") | None if all_integers => {
                Some(values.iter().filter_map(|v| v.as_i64()).map(EnumValue::Integer).collect())
            }
            _ => None,
        };
        let Some(wire_values) = wire_values.filter(|values| !values.is_empty()) else {
            if values.is_empty()
                && node.get("enum").is_some_and(|v| v.as_array().is_some_and(|a| a.is_empty()))
            {
                let message = "`enum: []` allows no value; generating the plain type";
                self.warning(node.get("enum").unwrap_or(node), &values_pointer, message);
            }
            // Booleans, numbers and mixed lists: the plain type says all a client needs.
            let ty = match declared {
                Some(ty @ ("string" | "integer" | "number" | "boolean")) => {
                    TypeRef::Primitive(self.primitive(ty, node, pointer))
                }
                Some("object") => self.object(node, pointer, naming, nullable),
                _ => values.first().map_or(TypeRef::Any, |v| match v.value {
                    Value::Bool(_) => TypeRef::Primitive(crate::ir::Primitive::Bool),
                    Value::Integer(_) => TypeRef::Primitive(crate::ir::Primitive::I64),
                    Value::Float(_) => TypeRef::Primitive(crate::ir::Primitive::F64),
                    _ => TypeRef::Any,
                }),
            };
            return Shape::new(ty, nullable);
        };

        let name = self.take_name(naming);
        self.register(pointer, &name, nullable);
        let given_names = string_list(node, &["x-enum-varnames", "x-enumNames"])
            .filter(|names| names.len() == wire_values.len());
        let given_docs = string_list(node, &["x-enum-descriptions", "x-enumDescriptions"])
            .filter(|docs| docs.len() == wire_values.len());
        let mut names = Scope::new();
        let mut variants: Vec<EnumVariant> = Vec::with_capacity(wire_values.len());
        for (index, value) in first_occurrences(wire_values) {
            let name = match (&given_names, &value) {
                (Some(given), _) => naming::variant_name(&given[index]),
                (None, EnumValue::String(text)) => naming::variant_name(text),
                (None, EnumValue::Integer(number)) if *number < 0 => {
                    format!("Minus{}", number.unsigned_abs())
                }
                (None, EnumValue::Integer(number)) => format!("Value{number}"),
            };
            let docs = given_docs
                .as_ref()
                .map(|docs| docs[index].clone())
                .filter(|d| !d.trim().is_empty());
            variants.push(EnumVariant { name: names.claim(&name), value, docs });
        }
        let fallback = FALLBACK_NAMES
            .iter()
            .find(|candidate| !names.contains(candidate))
            .map_or_else(|| names.claim("Unknown"), |name| (*name).to_owned());
        let docs = docs(node, &name);
        let kind = TypeKind::Enum(Enum { variants, fallback });
        self.define(TypeDef { name: name.clone(), docs, origin: pointer.to_string(), kind });
        Shape::new(TypeRef::Named(name), nullable)
    }
}

/// Each distinct value once, where it is first listed, with its index in the list (which the
/// `x-enum-varnames` and `x-enum-descriptions` lists follow). Linear in the number of
/// values: a document may list tens of thousands.
fn first_occurrences(values: Vec<EnumValue>) -> Vec<(usize, EnumValue)> {
    let mut seen = HashSet::with_capacity(values.len());
    values.into_iter().enumerate().filter(|(_, value)| seen.insert(value.clone())).collect()
}

/// The first of the extension keys present that holds a list of strings.
fn string_list(node: &Node, keys: &[&str]) -> Option<Vec<String>> {
    keys.iter().find_map(|key| {
        let items = node.get(key)?.as_array()?;
        items.iter().map(|item| item.as_str().map(str::to_owned)).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_values_are_kept_where_first_listed() {
        let s = |v: &str| EnumValue::String(v.to_owned());
        let values = vec![s("b"), s("a"), s("b"), EnumValue::Integer(1), s("a"), s("c")];
        assert_eq!(
            first_occurrences(values),
            [(0, s("b")), (1, s("a")), (3, EnumValue::Integer(1)), (5, s("c"))]
        );
    }
}
