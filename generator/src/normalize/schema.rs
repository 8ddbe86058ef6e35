//! Reading one schema: which rule applies, primitives and their formats, and doc text.

use foldhash::HashSet;

use crate::diagnostic::Diagnostic;
use crate::ir::{Primitive, TypeRef};
use crate::load::{Node, Pointer, Value};
use crate::naming;

use super::rust_names::Named;
use super::{Naming, Normalizer, Shape};

/// Most schemas read one inside another: inline subschemas, and the targets of `$ref`s that
/// are not components (those are read where they are used; a component is read once, on its
/// own). Reading recurses once per level, and the model's types nest as deep as the schemas
/// they come from, which bounds the recursion of every later walk over a type (see
/// ARCHITECTURE.md); real documents nest a dozen levels.
pub(super) const MAX_NESTING: usize = 64;

/// Most parts (types, and the arrays, maps, options and tuples around them) of one tuple
/// type. A tuple is the one type with several parts that has no name, so a tuple of two
/// unnamed `$ref`s to a tuple of two... is a type that doubles in size at each level.
const MAX_TUPLE_PARTS: usize = 10_000;

/// Keywords beside a 3.1 `$ref` that add to the target rather than annotate it.
const STRUCTURAL_SIBLINGS: &[&str] = &["properties", "allOf", "required", "additionalProperties"];

/// Keywords that make a schema conditional or dynamic, which no Rust type expresses.
const UNMAPPED: &[&str] =
    &["if", "then", "else", "dependentSchemas", "$dynamicRef", "unevaluatedItems", "contains"];

impl<'a> Normalizer<'a> {
    /// The type of the schema `node` found at `pointer`, where `hint` names any type it needs.
    /// A schema that already has a named type (a component, or one reached before) gives it.
    pub(super) fn schema(&mut self, node: &'a Node, pointer: &Pointer, hint: &str) -> Shape {
        if let Some(named) = self.named.get(pointer.as_str()) {
            return Shape::new(TypeRef::Named(named.name.clone()), named.nullable);
        }
        self.convert(node, pointer, Naming::Hint(hint))
    }

    /// The name hint of the type of `schema`, nested in `parent` under `part` (a property,
    /// a parameter, an alternative's title), both upper camel case, with `siblings` the
    /// parts of the other members of `parent`: without the words the two share (see
    /// [`naming::nested_type_name`]), unless that is the name of a type already or the name
    /// a sibling would get (`PlatformPayment` + `PlatformPaymentType` beside `Type`), as a
    /// shorter name that collides would take a number instead.
    pub(super) fn nested_hint(
        &self,
        parent: &str,
        part: &str,
        schema: &Node,
        siblings: &HashSet<String>,
    ) -> String {
        let rest = match naming::nested_type_name(parent, part) {
            Some(name) => name[parent.len()..].to_owned(),
            None => repeat_word(schema).to_owned(),
        };
        let name = format!("{parent}{rest}");
        // A list's hint names no type of its own, only its items' (`{name}Item`).
        let collides =
            !rest.is_empty() && (siblings.contains(&rest) || self.type_names.contains(&name));
        if collides { format!("{parent}{part}") } else { name }
    }

    /// Reads a schema that has no named type yet. Every way into a schema's subschemas comes
    /// back here, so this is where their nesting is bounded (see [`MAX_NESTING`]).
    pub(super) fn convert(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        naming: Naming<'_>,
    ) -> Shape {
        if self.nesting >= MAX_NESTING {
            // Once is enough: every sibling at this depth, and every other path to it, would
            // say the same.
            if std::mem::replace(&mut self.nesting_reported, true) {
                return Shape::any();
            }
            let message = format!(
                "schemas nest more than {MAX_NESTING} levels deep here, counting the `$ref`s followed on the way"
            );
            self.push(
                Diagnostic::error(message, Some(self.location(node, pointer))).with_help(
                    "give the nested schemas names under `components/schemas`: a `$ref` to a component does not nest",
                ),
            );
            return Shape::any();
        }
        self.nesting += 1;
        let shape = self.read(node, pointer, naming);
        self.nesting -= 1;
        shape
    }

    /// [`Normalizer::convert`] within the bound.
    fn read(&mut self, node: &'a Node, pointer: &Pointer, naming: Naming<'_>) -> Shape {
        if node.as_object().is_none() {
            return self.non_object_schema(node, pointer);
        }
        self.report_unmapped(node, pointer);
        if let Some(path) = self.rust_type(node, pointer) {
            return Shape::new(TypeRef::External(path), declares_null(node));
        }
        let given = match naming {
            // A component's given name was claimed with the component's.
            Naming::Hint(_) if node.get("$ref").is_none() => {
                let named = if super::rust_names::is_property(pointer) {
                    Named::PropertyType
                } else {
                    Named::Type
                };
                self.rust_name(node, pointer, named)
            }
            _ => None,
        };
        let naming = match &given {
            Some(name) => Naming::Hint(name),
            None => naming,
        };
        let nullable = declares_null(node);
        if node.get("$ref").is_some() {
            if STRUCTURAL_SIBLINGS.iter().any(|key| node.get(key).is_some()) {
                // 3.1 lets a `$ref` sit beside other keywords; they narrow the target as an
                // `allOf` of the two would.
                return self.all_of(node, pointer, naming, nullable);
            }
            let mut shape = self.reference(node, pointer, naming.base());
            shape.nullable |= nullable;
            return shape;
        }
        if node.get("allOf").and_then(Node::as_array).is_some_and(|members| !members.is_empty()) {
            return self.all_of(node, pointer, naming, nullable);
        }
        for key in ["oneOf", "anyOf"] {
            let members = node.get(key).and_then(Node::as_array).filter(|m| !m.is_empty());
            if let Some(members) = members {
                if super::one_of::only_constrains(node, members) {
                    // GitHub's check runs: the alternatives only say which combinations of
                    // the object's own properties are valid, which the object's type holds.
                    break;
                }
                return self.union(node, pointer, naming, nullable, key);
            }
        }
        if node.get("enum").is_some() || node.get("const").is_some() {
            return self.enumeration(node, pointer, naming, nullable);
        }
        let types = self.declared_types(node, pointer);
        match types.as_slice() {
            [] => Shape::new(self.untyped(node, pointer, naming), nullable),
            [single] => Shape::new(self.typed(single, node, pointer, naming), nullable),
            several => {
                let several: Vec<String> = several.to_vec();
                self.type_union(&several, node, pointer, naming, nullable)
            }
        }
    }

    /// `true` and `{}` allow anything; `false` allows nothing, which no client can send.
    fn non_object_schema(&mut self, node: &'a Node, pointer: &Pointer) -> Shape {
        match node.value {
            Value::Bool(true) => Shape::any(),
            Value::Bool(false) => {
                self.warning(
                    node,
                    pointer,
                    "schema `false` allows no value; generating `serde_json::Value`",
                );
                Shape::any()
            }
            _ => {
                let message = format!(
                    "expected a schema object, found {}; generating `serde_json::Value`",
                    node.kind()
                );
                self.warning(node, pointer, message);
                Shape::any()
            }
        }
    }

    /// The non-null members of `type`: a string in 3.0, a string or a list in 3.1.
    pub(super) fn declared_types(&mut self, node: &Node, pointer: &Pointer) -> Vec<String> {
        let Some(ty) = node.get("type") else {
            return Vec::new();
        };
        match &ty.value {
            Value::String(name) if name != "null" => vec![name.clone()],
            Value::String(_) => Vec::new(),
            Value::Array(items) => {
                let mut names = Vec::new();
                for item in items {
                    match item.as_str() {
                        Some("null") => {}
                        Some(name) if !names.iter().any(|n: &String| n == name) => {
                            names.push(name.to_owned())
                        }
                        Some(_) => {}
                        None => {
                            let message = format!(
                                "expected a type name in `type`, found {}; ignoring it",
                                item.kind()
                            );
                            self.warning(item, &pointer.join("type"), message);
                        }
                    }
                }
                names
            }
            _ => {
                let message = format!(
                    "expected `type` to be a string or a list of strings, found {}; ignoring it",
                    ty.kind()
                );
                self.warning(ty, &pointer.join("type"), message);
                Vec::new()
            }
        }
    }

    /// A schema without `type`: its keywords tell what it is, else it allows any value.
    fn untyped(&mut self, node: &'a Node, pointer: &Pointer, naming: Naming<'_>) -> TypeRef {
        if node.get("properties").is_some() || node.get("additionalProperties").is_some() {
            self.object(node, pointer, naming, declares_null(node))
        } else if node.get("items").is_some() {
            self.array(node, pointer, naming)
        } else {
            TypeRef::Any
        }
    }

    /// A schema with one declared type.
    fn typed(
        &mut self,
        ty: &str,
        node: &'a Node,
        pointer: &Pointer,
        naming: Naming<'_>,
    ) -> TypeRef {
        match ty {
            "object" => self.object(node, pointer, naming, declares_null(node)),
            "array" => self.array(node, pointer, naming),
            "string" | "integer" | "number" | "boolean" => {
                TypeRef::Primitive(self.primitive(ty, node, pointer))
            }
            other => {
                let message = format!(
                    "unknown type `{other}`; expected one of `string`, `integer`, `number`, `boolean`, `array`, `object`, `null`; generating `serde_json::Value`"
                );
                let at = node.get("type").unwrap_or(node);
                self.warning(at, &pointer.join("type"), message);
                TypeRef::Any
            }
        }
    }

    fn array(&mut self, node: &'a Node, pointer: &Pointer, naming: Naming<'_>) -> TypeRef {
        if let Some(prefix) = node.get("prefixItems").and_then(Node::as_array) {
            return self.tuple(node, prefix, pointer, naming);
        }
        let Some(items) = node.get("items") else {
            return TypeRef::Array(Box::new(TypeRef::Any));
        };
        let hint = format!("{}Item", naming.base());
        let item = self.schema(items, &pointer.join("items"), &hint);
        TypeRef::Array(Box::new(nullable_in_place(item)))
    }

    /// `prefixItems` with no further items is a tuple; with further items allowed, the
    /// array is a list of whatever those items are.
    fn tuple(
        &mut self,
        node: &'a Node,
        prefix: &'a [Node],
        pointer: &Pointer,
        naming: Naming<'_>,
    ) -> TypeRef {
        let closed = node.get("items").and_then(Node::as_bool) == Some(false);
        if !closed {
            let message = "`prefixItems` without `items: false` allows more items than it describes; generating a list of any JSON value";
            self.warning(node, &pointer.join("prefixItems"), message);
            return TypeRef::Array(Box::new(TypeRef::Any));
        }
        let items = prefix
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let hint = format!("{}Item{}", naming.base(), index + 1);
                nullable_in_place(self.schema(
                    item,
                    &pointer.join("prefixItems").index(index),
                    &hint,
                ))
            })
            .collect();
        let tuple = TypeRef::Tuple(items);
        if parts(&tuple) > MAX_TUPLE_PARTS {
            let message = format!(
                "this tuple's type has more than {MAX_TUPLE_PARTS} parts: its items repeat schemas whose items repeat others; generating a list of any JSON value"
            );
            self.push(
                Diagnostic::error(message, Some(self.location(node, pointer)))
                    .with_help("name the repeated schemas under `components/schemas`"),
            );
            return TypeRef::Array(Box::new(TypeRef::Any));
        }
        tuple
    }

    /// JSON Schema keywords whose meaning a Rust type cannot carry: they are reported where
    /// they are, and the schema is read without them.
    fn report_unmapped(&mut self, node: &Node, pointer: &Pointer) {
        for key in UNMAPPED {
            if let Some(value) = node.get(key) {
                let message =
                    format!("`{key}` cannot be mapped to a Rust type; it is ignored here");
                self.warning(value, &pointer.join(key), message);
            }
        }
    }

    /// The Rust scalar for a primitive type and its `format`; unknown formats keep the
    /// plain type, as the format is only a hint.
    pub(super) fn primitive(&mut self, ty: &str, node: &Node, pointer: &Pointer) -> Primitive {
        let format = node.get("format").and_then(Node::as_str).unwrap_or("");
        // 3.1 says how string content is encoded with `contentEncoding`/`contentMediaType`.
        let format = match (
            node.get("contentEncoding").and_then(Node::as_str),
            node.get("contentMediaType").and_then(Node::as_str),
        ) {
            (Some("base64" | "base64url"), _) => "byte",
            (None, Some("application/octet-stream")) => "binary",
            _ => format,
        };
        match (ty, format) {
            ("string", "date-time") => Primitive::DateTime,
            ("string", "date") => Primitive::Date,
            ("string", "uuid") => Primitive::Uuid,
            ("string", "byte") => Primitive::Base64,
            ("string", "binary") => Primitive::Binary,
            ("string", _) => Primitive::String,
            ("boolean", _) => Primitive::Bool,
            ("integer", "int8") => Primitive::I8,
            ("integer", "int16") => Primitive::I16,
            ("integer", "int32") => Primitive::I32,
            ("integer", "uint8") => Primitive::U8,
            ("integer", "uint16") => Primitive::U16,
            ("integer", "uint32") => Primitive::U32,
            ("integer", "uint64") => Primitive::U64,
            ("integer", _) => Primitive::I64,
            ("number", "float") => Primitive::F32,
            ("number", _) => Primitive::F64,
            _ => {
                self.warning(
                    node,
                    pointer,
                    format!("`{ty}` is not a primitive type; generating a string"),
                );
                Primitive::String
            }
        }
    }
}

/// The word a nested type is told from its parent by when its own name only repeats the
/// parent's last words (`Commit.commit`): `Kind` for an enum, which names a kind of thing
/// (`PersonalAccessTokenUpdatedEvent.event` -> `PersonalAccessTokenUpdatedEventKind`);
/// nothing for a list, whose items add `Item` (`GitTree.tree` -> `GitTreeItem`); `Details`
/// for anything else (`Commit.commit` -> `CommitDetails`).
fn repeat_word(schema: &Node) -> &'static str {
    let array = schema.get("type").is_some_and(|ty| match &ty.value {
        Value::String(name) => name == "array",
        Value::Array(names) => names.iter().any(|name| name.as_str() == Some("array")),
        _ => false,
    });
    if schema.get("enum").is_some() || schema.get("const").is_some() {
        "Kind"
    } else if array || schema.get("items").is_some() {
        ""
    } else {
        "Details"
    }
}

/// Whether a schema allows `null`: `nullable: true` (3.0), `null` in a `type` list or
/// `type: 'null'` (3.1), or `null` among its `enum` values.
pub(super) fn declares_null(node: &Node) -> bool {
    let nullable = node.get("nullable").and_then(Node::as_bool) == Some(true);
    let null_type = match node.get("type").map(|t| &t.value) {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(items)) => items.iter().any(|t| t.as_str() == Some("null")),
        _ => false,
    };
    let null_value = node
        .get("enum")
        .and_then(Node::as_array)
        .is_some_and(|values| values.iter().any(|v| v.value == Value::Null));
    nullable || null_type || null_value
}

/// How many parts `ty` is made of, itself included.
fn parts(ty: &TypeRef) -> usize {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => 1 + parts(inner),
        TypeRef::Tuple(items) => 1 + items.iter().map(parts).sum::<usize>(),
        TypeRef::Named(_) | TypeRef::Primitive(_) | TypeRef::Any | TypeRef::External(_) => 1,
    }
}

/// A nested type that may be null, where no field can say so (array items, map values).
pub(super) fn nullable_in_place(shape: Shape) -> TypeRef {
    if shape.nullable && shape.ty != TypeRef::Any {
        TypeRef::Nullable(Box::new(shape.ty))
    } else {
        shape.ty
    }
}

/// Doc text for the type `name` made from `schema`: its `title`, unless that only repeats
/// the name, then its `description`.
pub(super) fn docs(schema: &Node, name: &str) -> Option<String> {
    let title = super::text(schema, "title").filter(|title| !same_words(title, name));
    let description = super::text(schema, "description");
    match (title, description) {
        (Some(title), Some(description)) => Some(format!("{title}\n\n{description}")),
        (title, description) => title.or(description),
    }
}

/// `usersTracking` and `UsersTracking` say the same.
fn same_words(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>()
    };
    letters(a) == letters(b)
}
