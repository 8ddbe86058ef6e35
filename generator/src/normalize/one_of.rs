//! `oneOf`/`anyOf` (and 3.1 `type` lists): an enum with one variant per alternative;
//! internally tagged when a `discriminator` names the variant.

use foldhash::{HashSet, HashSetExt};

use crate::ir::{Primitive, TypeDef, TypeKind, TypeRef, Union, UnionVariant};
use crate::load::{Node, Pointer, Value, reference};
use crate::naming::{self, Scope};

use super::enums::FALLBACK_NAMES;
use super::schema::docs;
use super::{Naming, Normalizer, Shape};

/// One alternative read from the document.
struct Alternative {
    ty: TypeRef,
    /// The variant name an inline alternative asks for (its title or position), rather than
    /// the name of the type made for it, which repeats the union's name.
    label: Option<String>,
    /// Pointer of the component the alternative refers to, when it is a `$ref`.
    target: Option<String>,
}

impl<'a> Normalizer<'a> {
    /// `oneOf` or `anyOf` (`key`), with its `{type: 'null'}` members folded into nullability.
    pub(super) fn union(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        naming: Naming<'_>,
        nullable: bool,
        key: &str,
    ) -> Shape {
        let members = node.get(key).and_then(Node::as_array).unwrap_or_default();
        let mut nullable = nullable;
        let mut alternatives: Vec<(&'a Node, Pointer)> = Vec::new();
        for (index, member) in members.iter().enumerate() {
            if is_null_schema(member) {
                nullable = true;
            } else {
                alternatives.push((member, pointer.join(key).index(index)));
            }
        }
        if let [(only, only_pointer)] = alternatives.as_slice() {
            let mut shape = match naming {
                Naming::Claimed(_) => self.convert(only, only_pointer, naming),
                Naming::Hint(hint) => self.schema(only, only_pointer, hint),
            };
            shape.nullable |= nullable;
            return shape;
        }
        if alternatives.is_empty() {
            return Shape::new(TypeRef::Any, nullable);
        }

        // Claimed before the alternatives are read: one of them may refer back to it.
        let name = self.take_name(naming);
        self.register(pointer, &name, nullable);
        let mut read = Vec::with_capacity(alternatives.len());
        let labels: Vec<String> = alternatives
            .iter()
            .enumerate()
            .map(|(index, (member, _))| variant_hint(member, index))
            .collect();
        // A set: a union of n alternatives asks it n times.
        let siblings: HashSet<String> = labels.iter().cloned().collect();
        for ((member, member_pointer), label) in alternatives.into_iter().zip(labels) {
            let hint = self.nested_hint(&name, &label, member, &siblings);
            let target = member.get("$ref").and_then(Node::as_str).map(|r| r.to_owned());
            let shape = self.schema(member, &member_pointer, &hint);
            nullable |= shape.nullable;
            let inline_type = target.is_none() && shape.ty == TypeRef::Named(hint);
            read.push(Alternative { ty: shape.ty, target, label: inline_type.then_some(label) });
        }
        self.register(pointer, &name, nullable);
        let union = match self.discriminated(node, pointer, &read) {
            Some(union) => union,
            None => untagged(read),
        };
        let kind = match union.variants.as_slice() {
            [only] => TypeKind::Alias(only.ty.clone()),
            _ => TypeKind::Union(union),
        };
        let docs = docs(node, &name);
        self.define(TypeDef { name: name.clone(), docs, origin: pointer.to_string(), kind });
        Shape::new(TypeRef::Named(name), nullable)
    }

    /// A 3.1 `type` list with several non-null types: a union of those types.
    pub(super) fn type_union(
        &mut self,
        types: &[String],
        node: &'a Node,
        pointer: &Pointer,
        naming: Naming<'_>,
        nullable: bool,
    ) -> Shape {
        let name = self.take_name(naming);
        self.register(pointer, &name, nullable);
        let mut read = Vec::with_capacity(types.len());
        for ty in types {
            let ty = match ty.as_str() {
                "string" | "integer" | "number" | "boolean" => {
                    TypeRef::Primitive(self.primitive(ty, node, pointer))
                }
                "array" => {
                    let hint = format!("{name}Item");
                    let item = node
                        .get("items")
                        .map(|items| self.schema(items, &pointer.join("items"), &hint));
                    TypeRef::Array(Box::new(item.map_or(TypeRef::Any, |shape| shape.ty)))
                }
                _ => TypeRef::Map(Box::new(TypeRef::Any)),
            };
            read.push(Alternative { ty, target: None, label: None });
        }
        let docs = docs(node, &name);
        let kind = TypeKind::Union(untagged(read));
        self.define(TypeDef { name: name.clone(), docs, origin: pointer.to_string(), kind });
        Shape::new(TypeRef::Named(name), nullable)
    }

    /// An internally tagged union, when the schema has a `discriminator` and every
    /// alternative is a `$ref` whose tag value the mapping (or the component name) gives.
    fn discriminated(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        read: &[Alternative],
    ) -> Option<Union> {
        let discriminator = node.get("discriminator")?;
        let tag = discriminator.get("propertyName")?.as_str()?.to_owned();
        let discriminator_pointer = pointer.join("discriminator");
        if read.iter().any(|alternative| alternative.target.is_none()) {
            let message = "a `discriminator` needs every alternative to be a `$ref`; decoding tries each alternative in turn instead";
            self.warning(discriminator, &discriminator_pointer, message);
            return None;
        }
        let mapping: Vec<(&str, &str)> = discriminator
            .get("mapping")
            .and_then(Node::as_object)
            .map(|mapping| {
                mapping
                    .iter()
                    .filter_map(|(value, target)| Some((value.as_str(), target.as_str()?)))
                    .collect()
            })
            .unwrap_or_default();
        self.check_mapping(discriminator, &discriminator_pointer, &mapping, read);
        let mut names = Scope::new();
        let mut variants = Vec::new();
        for alternative in read {
            let target = alternative.target.as_deref().unwrap_or_default();
            let component = target.rsplit('/').next().unwrap_or(target);
            let mut values: Vec<&str> = mapping
                .iter()
                .filter(|(_, mapped)| *mapped == target || *mapped == component)
                .map(|(value, _)| *value)
                .collect();
            let implied = implied_tag_value(&self.document.root, target, &tag);
            if values.is_empty() {
                values.push(implied.as_deref().unwrap_or(component));
            }
            for value in values {
                variants.push(UnionVariant {
                    name: names.claim(&naming::variant_name(value)),
                    ty: alternative.ty.clone(),
                    tag_value: Some(value.to_owned()),
                    boxed: false,
                });
            }
        }
        let fallback = FALLBACK_NAMES
            .iter()
            .find(|candidate| !names.contains(candidate))
            .map_or_else(|| names.claim("Unknown"), |name| (*name).to_owned());
        Some(Union { variants, tag: Some(tag), fallback: Some(fallback) })
    }
}

impl Normalizer<'_> {
    /// Warns of every `mapping` entry that names none of the alternatives: its tag value
    /// would decode as the fallback variant, which is never what the author meant.
    fn check_mapping(
        &mut self,
        discriminator: &Node,
        pointer: &Pointer,
        mapping: &[(&str, &str)],
        read: &[Alternative],
    ) {
        for (value, mapped) in mapping {
            let names_an_alternative = read.iter().any(|alternative| {
                let target = alternative.target.as_deref().unwrap_or_default();
                let component = target.rsplit('/').next().unwrap_or(target);
                *mapped == target || *mapped == component
            });
            if names_an_alternative {
                continue;
            }
            let root = &self.document.root;
            let exists = if mapped.contains('#') {
                reference::lookup(root, mapped).is_ok()
            } else {
                root.get("components")
                    .and_then(|components| components.get("schemas"))
                    .and_then(|schemas| schemas.get(mapped))
                    .is_some()
            };
            let what = if exists {
                "which is not one of the alternatives"
            } else {
                "which does not exist"
            };
            let message = format!(
                "discriminator `mapping` sends the tag value `{value}` to `{mapped}`, {what}; that value decodes as the fallback variant"
            );
            let node = discriminator
                .get("mapping")
                .and_then(|mapping| mapping.get(value))
                .unwrap_or(discriminator);
            self.warning(node, &pointer.join("mapping").join(value), message);
        }
    }
}

/// Whether the alternatives of an object's `oneOf`/`anyOf` (`members`) only constrain the
/// object's own properties (`required: [status, conclusion]`, `status: {enum: [completed]}`)
/// rather than describing values of their own: each is inline, names no type but `object`,
/// and has no property the object does not declare.
pub(super) fn only_constrains(node: &Node, members: &[Node]) -> bool {
    const CONSTRAINTS: &[&str] =
        &["properties", "required", "additionalProperties", "description", "title", "type"];
    let Some(own) = node.get("properties").and_then(Node::as_object) else {
        return false;
    };
    members.iter().all(|member| {
        let Some(keys) = member.as_object() else { return false };
        let object_only = member.get("type").is_none_or(|ty| ty.as_str() == Some("object"));
        let narrows = member
            .get("properties")
            .and_then(Node::as_object)
            .is_none_or(|properties| properties.keys().all(|name| own.contains_key(name)));
        object_only && narrows && keys.keys().all(|key| CONSTRAINTS.contains(&key.as_str()))
    })
}

/// The tag value an alternative declares for itself when the mapping does not name it: the
/// single `enum` value or the `const` of its tag property (`type: {enum: [track]}`), which
/// is what such documents' servers send, rather than the component name OpenAPI implies.
pub(crate) fn implied_tag_value(root: &Node, target: &str, tag: &str) -> Option<String> {
    /// `allOf` levels searched for the tag property.
    const MAX_DEPTH: usize = 8;
    fn declared(root: &Node, schema: &Node, tag: &str, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        let schema = reference::dereference(root, schema);
        if let Some(property) = schema.get("properties").and_then(|properties| properties.get(tag))
        {
            let property = reference::dereference(root, property);
            if let Some(value) = property.get("const").and_then(Node::as_str) {
                return Some(value.to_owned());
            }
            if let Some([only]) = property.get("enum").and_then(Node::as_array) {
                return only.as_str().map(str::to_owned);
            }
        }
        let members = schema.get("allOf").and_then(Node::as_array).unwrap_or_default();
        members.iter().find_map(|member| declared(root, member, tag, depth + 1))
    }
    let schema = reference::lookup(root, target).ok()?;
    declared(root, schema, tag, 0)
}

/// An untagged union: alternatives tried in document order, identical ones dropped.
fn untagged(read: Vec<Alternative>) -> Union {
    let mut names = Scope::new();
    let mut variants: Vec<UnionVariant> = Vec::with_capacity(read.len());
    let mut seen: HashSet<TypeRef> = HashSet::with_capacity(read.len());
    for alternative in read {
        if !seen.insert(alternative.ty.clone()) {
            continue;
        }
        let name =
            names.claim(&alternative.label.unwrap_or_else(|| variant_name_for(&alternative.ty)));
        variants.push(UnionVariant { name, ty: alternative.ty, tag_value: None, boxed: false });
    }
    Union { variants, tag: None, fallback: None }
}

/// A variant name that says what the variant holds: `String`, `Bool`, `Pet`, `PetList`.
fn variant_name_for(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Primitive(primitive) => match primitive {
            Primitive::String => "String",
            Primitive::Bool => "Bool",
            Primitive::I8 | Primitive::I16 | Primitive::I32 | Primitive::I64 => "Integer",
            Primitive::U8 | Primitive::U16 | Primitive::U32 | Primitive::U64 => "Unsigned",
            Primitive::F32 | Primitive::F64 => "Number",
            Primitive::DateTime => "DateTime",
            Primitive::Date => "Date",
            Primitive::Uuid => "Uuid",
            Primitive::Base64 | Primitive::Binary => "Bytes",
        }
        .to_owned(),
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Array(item) => format!("{}List", variant_name_for(item)),
        TypeRef::Map(value) => format!("{}Map", variant_name_for(value)),
        TypeRef::Nullable(inner) => variant_name_for(inner),
        TypeRef::Tuple(_) => "Tuple".to_owned(),
        // The type's own name, without its path and generic arguments.
        TypeRef::External(path) => {
            let path = path.split('<').next().unwrap_or(path);
            let last = path.rsplit("::").next().unwrap_or(path);
            naming::type_name(last, "External")
        }
    }
}

/// The name part an inline alternative's type gets: its `title`, else its position.
fn variant_hint(member: &Node, index: usize) -> String {
    match member.get("title").and_then(Node::as_str) {
        Some(title) => naming::type_name(title, "Variant"),
        None => format!("Variant{}", index + 1),
    }
}

/// `{type: 'null'}` (3.1) or `{nullable: true}` alone: a member that only allows `null`.
fn is_null_schema(node: &Node) -> bool {
    match node.get("type").map(|t| &t.value) {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(items)) => items.iter().all(|t| t.as_str() == Some("null")),
        None => node
            .as_object()
            .is_some_and(|members| members.len() == 1 && node.get("nullable").is_some()),
        _ => false,
    }
}
