//! Objects: structs from `properties`, maps from `additionalProperties`.

use foldhash::{HashSet, HashSetExt};

use crate::ir::{AdditionalProperties, Field, Struct, TypeDef, TypeKind, TypeRef};
use crate::load::{Node, Pointer, Value};
use crate::naming::{self, Scope};

use super::rust_names::Named;

use super::facts::{facts, with_facts};
use super::schema::{docs, nullable_in_place};
use super::{Naming, Normalizer};

/// What `additionalProperties` says.
enum Additional<'a> {
    /// Absent or `true` or `{}`: any other property is allowed, of any type.
    Any,
    /// `false`: no other property.
    None,
    /// A schema for the values of every other property.
    Schema(&'a Node),
}

/// What a struct is made of.
#[derive(Default)]
pub(super) struct Members<'a> {
    /// Declared properties, in order.
    pub(super) properties: Vec<Property<'a>>,
    /// Names of the required ones.
    pub(super) required: HashSet<String>,
    /// Schema of the values of undeclared properties, kept in a map.
    pub(super) additional: Option<&'a Node>,
    /// `allOf` members that are not objects (unions, enums), read from the same object.
    pub(super) flattened: Vec<(&'a Node, Pointer)>,
}

/// A property to become a field: its name, schema and the pointer of the schema.
pub(super) struct Property<'a> {
    pub(super) name: &'a str,
    pub(super) schema: &'a Node,
    pub(super) pointer: Pointer,
}

impl<'a> Normalizer<'a> {
    /// An object schema: a struct when it lists properties, else a map.
    pub(super) fn object(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        naming: Naming<'_>,
        nullable: bool,
    ) -> TypeRef {
        let properties = self.properties(node, pointer);
        let additional = additional(node);
        if properties.is_empty() {
            return match additional {
                Additional::Any => TypeRef::Map(Box::new(TypeRef::Any)),
                Additional::Schema(values) => {
                    let hint = format!("{}Value", naming.base());
                    let value = self.schema(values, &pointer.join("additionalProperties"), &hint);
                    TypeRef::Map(Box::new(nullable_in_place(value)))
                }
                Additional::None => {
                    self.structure(node, pointer, naming, nullable, Members::default())
                }
            };
        }
        let required = self.required(node, pointer);
        let additional = match additional {
            Additional::Schema(values) => Some(values),
            Additional::Any | Additional::None => None,
        };
        self.structure(
            node,
            pointer,
            naming,
            nullable,
            Members { properties, required, additional, flattened: Vec::new() },
        )
    }

    /// Defines a struct with the given members.
    pub(super) fn structure(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        naming: Naming<'_>,
        nullable: bool,
        members: Members<'a>,
    ) -> TypeRef {
        let Members { properties, required, additional, flattened } = members;
        let name = self.take_name(naming);
        self.register(pointer, &name, nullable);
        let mut field_names = Scope::new();
        let mut fields = Vec::with_capacity(properties.len() + flattened.len());
        let parts: Vec<String> =
            properties.iter().map(|p| naming::type_name(p.name, "Field")).collect();
        // A set: an object of n properties asks it n times.
        let siblings: HashSet<String> = parts.iter().cloned().collect();
        for (property, part) in properties.into_iter().zip(&parts) {
            let hint = self.nested_hint(&name, part, property.schema, &siblings);
            let shape = self.schema(property.schema, &property.pointer, &hint);
            let required_here = self.required_flag(property.schema, &property.pointer);
            // A property without a description of its own (`loudness: {$ref: Loudness}`)
            // is described by the schema it refers to.
            let described =
                crate::load::reference::dereference(&self.document.root, property.schema);
            // Its title is left out when it only repeats the name of the type it refers to.
            let target = property.schema.get("$ref").and_then(Node::as_str).unwrap_or_default();
            let target = target.rsplit('/').next().unwrap_or_default();
            let docs = docs(property.schema, "").or_else(|| docs(described, target));
            let given = self.given_name(property.schema, &property.pointer, Named::Field, &[]);
            let wanted = given.unwrap_or_else(|| naming::field_name(property.name, "field"));
            fields.push(Field {
                name: field_names.claim(&wanted),
                wire_name: property.name.to_owned(),
                docs: with_facts(
                    docs,
                    facts(Some(described), Some(property.schema), self.is_enum(&shape.ty)),
                ),
                ty: shape.ty,
                required: required.contains(property.name) || required_here,
                nullable: shape.nullable,
                boxed: false,
                flatten: false,
            });
        }
        for (schema, member_pointer) in flattened {
            let shape = self.schema(schema, &member_pointer, &format!("{name}Base"));
            let field_name = match &shape.ty {
                TypeRef::Named(type_name) => naming::field_name(type_name, "base"),
                _ => "base".to_owned(),
            };
            fields.push(Field {
                name: field_names.claim(&field_name),
                wire_name: String::new(),
                docs: docs(schema, ""),
                ty: shape.ty,
                required: true,
                nullable: false,
                boxed: false,
                flatten: true,
            });
        }
        let additional = additional.map(|values| {
            let hint = format!("{name}Value");
            let value = self.schema(values, &pointer.join("additionalProperties"), &hint);
            AdditionalProperties {
                name: field_names.claim("additional_properties"),
                ty: nullable_in_place(value),
            }
        });
        let docs = docs(node, &name);
        let kind = TypeKind::Struct(Struct { fields, additional });
        self.define(TypeDef { name: name.clone(), docs, origin: pointer.to_string(), kind });
        TypeRef::Named(name)
    }

    /// The members of `properties`, in document order.
    pub(super) fn properties(&mut self, node: &'a Node, pointer: &Pointer) -> Vec<Property<'a>> {
        let Some(properties) = node.get("properties") else {
            return Vec::new();
        };
        let Some(members) = properties.as_object() else {
            let message = format!(
                "expected `properties` to be an object, found {}; ignoring it",
                properties.kind()
            );
            self.warning(properties, &pointer.join("properties"), message);
            return Vec::new();
        };
        let base = pointer.join("properties");
        members
            .iter()
            .map(|(name, schema)| Property { name, schema, pointer: base.join(name) })
            .collect()
    }

    /// The names listed in `required`.
    pub(super) fn required(&mut self, node: &Node, pointer: &Pointer) -> HashSet<String> {
        match node.get("required").map(|r| (r, &r.value)) {
            Some((_, Value::Array(names))) => {
                names.iter().filter_map(Node::as_str).map(str::to_owned).collect()
            }
            Some((_, Value::Bool(_))) | None => HashSet::new(),
            Some((required, _)) => {
                let message = format!(
                    "expected `required` to be a list of property names, found {}; ignoring it",
                    required.kind()
                );
                self.warning(required, &pointer.join("required"), message);
                HashSet::new()
            }
        }
    }

    /// `required: true` written on a property schema, as some documents do: the intent is
    /// clear, so the property is taken as required, with a warning.
    fn required_flag(&mut self, schema: &Node, pointer: &Pointer) -> bool {
        let Some(flag) = schema.get("required").filter(|r| matches!(r.value, Value::Bool(_)))
        else {
            return false;
        };
        let required = flag.as_bool() == Some(true);
        let message = format!(
            "`required: {required}` on a property schema is not OpenAPI; taking the property as {}",
            if required { "required" } else { "optional" }
        );
        self.warning(flag, &pointer.join("required"), message);
        required
    }
}

fn additional(node: &Node) -> Additional<'_> {
    match node.get("additionalProperties") {
        None => Additional::Any,
        Some(value) => match &value.value {
            Value::Bool(false) => Additional::None,
            Value::Bool(true) => Additional::Any,
            Value::Object(members) if members.is_empty() => Additional::Any,
            _ => Additional::Schema(value),
        },
    }
}
