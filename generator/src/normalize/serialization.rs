//! How values are written on the wire: a parameter's `style`, `explode`, `allowReserved` or
//! `content`, and the `encoding` of a form or multipart body's properties. Each is checked
//! against what its location allows; what cannot be sent as the document asks is sent the
//! nearest way the runtime can, with a located warning.

use crate::diagnostic::Diagnostic;
use crate::ir::{ParameterLocation, PropertyEncoding, Style};
use crate::load::{Node, Pointer, reference};
use crate::media::{MediaKind, media_kind};

use super::Normalizer;

/// A schema's shape, as far as the one-level styles care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A string, number or boolean, or a schema that says nothing of its type.
    Scalar,
    /// An array of scalars.
    List,
    /// An object whose members are scalars.
    Object,
    /// An array holding arrays or objects, or an object with such members.
    Nested,
}

impl<'a> Normalizer<'a> {
    /// The style of parameter `node` (declared at `pointer`, in `location`) and its
    /// `allowReserved`; `content_type` is the media type of its `content`, when `content`
    /// rather than `schema` describes it.
    pub(super) fn parameter_style(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        location: ParameterLocation,
        content_type: Option<&str>,
    ) -> (Style, bool) {
        let name = node.get("name").and_then(Node::as_str).unwrap_or_default();
        let allow_reserved = node.get("allowReserved").and_then(Node::as_bool) == Some(true);
        if allow_reserved && location != ParameterLocation::Query {
            let message = format!(
                "`allowReserved` applies to query parameters only; `{name}` is sent percent-encoded"
            );
            self.warning(node, &pointer.join("allowReserved"), message);
        }
        let allow_reserved = allow_reserved && location == ParameterLocation::Query;
        if let Some(media_type) = content_type {
            return match media_kind(media_type) {
                MediaKind::Json => (Style::Json, allow_reserved),
                _ => {
                    let message = format!(
                        "parameter `{name}` is described by `content` of type `{media_type}`; sending its value as text"
                    );
                    self.warning(node, &pointer.join("content"), message);
                    (location.default_style(), allow_reserved)
                }
            };
        }
        let style = self.declared_style(node, pointer, location, name);
        if let Some(schema) = node.get("schema") {
            self.check_shape(
                schema,
                &pointer.join("schema"),
                style,
                &format!("parameter `{name}`"),
            );
        }
        (style, allow_reserved)
    }

    /// `style` and `explode` as declared, or the location's default for a style it does not
    /// allow (with a warning).
    fn declared_style(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        location: ParameterLocation,
        name: &str,
    ) -> Style {
        let declared = node.get("style").and_then(Node::as_str);
        let style = declared.and_then(|style| allowed_style(location, style));
        if let (Some(declared), None) = (declared, style) {
            let default = location.default_style();
            let message = format!(
                "style `{declared}` is not defined for {} parameters; sending `{name}` in the `{}` style",
                location_name(location),
                style_name(default)
            );
            self.warning(node, &pointer.join("style"), message);
        }
        let style = style.unwrap_or(location.default_style());
        let explode = node.get("explode").and_then(Node::as_bool);
        with_explode(style, explode)
    }

    /// The `encoding` of a body in `media_type` (`content` entry `media`, at `pointer`): how
    /// each property it names is written. `schema` is the body's schema, whose object
    /// properties the `encoding` does not name are checked too.
    pub(super) fn body_encoding(
        &mut self,
        media: &'a Node,
        pointer: &Pointer,
        media_type: &str,
    ) -> Vec<PropertyEncoding> {
        let kind = media_kind(media_type);
        if !matches!(kind, MediaKind::Form | MediaKind::Multipart) {
            return Vec::new();
        }
        let encoding = media.get("encoding").and_then(Node::as_object);
        let mut encodings = Vec::new();
        for (property, entry) in encoding.into_iter().flatten() {
            let at = pointer.join("encoding").join(property);
            encodings.push(self.property_encoding(property, entry, &at, kind));
        }
        if kind == MediaKind::Form {
            self.check_unencoded_properties(media, pointer, &encodings);
        }
        encodings
    }

    fn property_encoding(
        &mut self,
        property: &str,
        entry: &'a Node,
        pointer: &Pointer,
        kind: MediaKind,
    ) -> PropertyEncoding {
        let content_type = entry.get("contentType").and_then(Node::as_str).map(str::to_owned);
        if entry.get("headers").and_then(Node::as_object).is_some_and(|h| !h.is_empty()) {
            let message =
                format!("the headers of property `{property}`'s part are not sent by the client");
            self.warning(entry, &pointer.join("headers"), message);
        }
        if kind == MediaKind::Form
            && entry.get("allowReserved").and_then(Node::as_bool) == Some(true)
        {
            let message = format!(
                "`allowReserved` is not applied to form property `{property}`; its value is sent percent-encoded"
            );
            self.warning(entry, &pointer.join("allowReserved"), message);
        }
        let json = content_type.as_deref().is_some_and(|ct| media_kind(ct) == MediaKind::Json);
        let style = if kind == MediaKind::Form && json {
            Style::Json
        } else {
            let declared = entry.get("style").and_then(Node::as_str);
            let style = declared.and_then(|style| allowed_style(ParameterLocation::Query, style));
            if let (Some(declared), None) = (declared, style) {
                let message = format!(
                    "style `{declared}` is not defined for form properties; sending `{property}` in the `form` style"
                );
                self.warning(entry, &pointer.join("style"), message);
            }
            let explode = entry.get("explode").and_then(Node::as_bool);
            with_explode(style.unwrap_or(Style::Form { explode: true }), explode)
        };
        PropertyEncoding { property: property.to_owned(), style, content_type }
    }

    /// Properties of a form body that `encoding` does not name and whose values the `form`
    /// style does not define (objects, arrays of objects): the runtime sends them in the
    /// bracket form, which the document should say.
    fn check_unencoded_properties(
        &mut self,
        media: &'a Node,
        pointer: &Pointer,
        encodings: &[PropertyEncoding],
    ) {
        let root = &self.document.root;
        let Some(declared) = media.get("schema") else {
            return;
        };
        let schema = reference::dereference(root, declared);
        let inline = declared.get("$ref").is_none();
        let properties = schema.get("properties").and_then(Node::as_object);
        for (property, property_schema) in properties.into_iter().flatten() {
            if encodings.iter().any(|encoding| encoding.property == *property) {
                continue;
            }
            if matches!(shape(root, property_schema), Shape::Object | Shape::Nested) {
                // Inline, a property has a pointer of its own; behind a `$ref`, the body's schema.
                let at = pointer.join("schema");
                let at = if inline { at.join("properties").join(property) } else { at };
                let message = format!(
                    "form property `{property}` is an object or holds objects, which the `form` style does not define; it is sent in the bracket form (`{property}[key]=value`, `{property}[0][key]=value`)"
                );
                self.push(
                    Diagnostic::warning(
                        message,
                        Some(self.location(property_schema, &at)),
                    )
                    .with_help(format!(
                        "say so with `encoding: {{{property}: {{style: deepObject, explode: true}}}}`"
                    )),
                );
            }
        }
    }

    /// Warns when a one-level style is asked to write nested values, which it does not
    /// define: the runtime writes each nested value as its JSON text.
    fn check_shape(&mut self, schema: &'a Node, pointer: &Pointer, style: Style, what: &str) {
        let one_level = !matches!(style, Style::DeepObject | Style::Json);
        if one_level && shape(&self.document.root, schema) == Shape::Nested {
            let message = format!(
                "{what} holds arrays or objects inside its value, which the `{}` style does not define; each is sent as its JSON text",
                style_name(style)
            );
            self.warning(schema, pointer, message);
        }
    }
}

/// `style` if `location` allows it (with OpenAPI's default `explode`), else `None`.
fn allowed_style(location: ParameterLocation, style: &str) -> Option<Style> {
    let style = match style {
        "simple" => Style::Simple { explode: false },
        "label" => Style::Label { explode: false },
        "matrix" => Style::Matrix { explode: false },
        "form" => Style::Form { explode: true },
        "spaceDelimited" => Style::SpaceDelimited,
        "pipeDelimited" => Style::PipeDelimited,
        "deepObject" => Style::DeepObject,
        _ => return None,
    };
    let allowed = match location {
        ParameterLocation::Path => {
            matches!(style, Style::Simple { .. } | Style::Label { .. } | Style::Matrix { .. })
        }
        ParameterLocation::Query => matches!(
            style,
            Style::Form { .. } | Style::SpaceDelimited | Style::PipeDelimited | Style::DeepObject
        ),
        ParameterLocation::Header => matches!(style, Style::Simple { .. }),
        ParameterLocation::Cookie => matches!(style, Style::Form { .. }),
    };
    allowed.then_some(style)
}

/// `style` with the document's `explode`: delimited styles exploded are the exploded `form`
/// style, as OpenAPI defines them only unexploded; deepObject is the bracket form either way.
fn with_explode(style: Style, explode: Option<bool>) -> Style {
    match (style, explode) {
        (Style::Simple { .. }, Some(explode)) => Style::Simple { explode },
        (Style::Label { .. }, Some(explode)) => Style::Label { explode },
        (Style::Matrix { .. }, Some(explode)) => Style::Matrix { explode },
        (Style::Form { .. }, Some(explode)) => Style::Form { explode },
        (Style::SpaceDelimited | Style::PipeDelimited, Some(true)) => Style::Form { explode: true },
        (style, _) => style,
    }
}

fn style_name(style: Style) -> &'static str {
    match style {
        Style::Simple { .. } => "simple",
        Style::Label { .. } => "label",
        Style::Matrix { .. } => "matrix",
        Style::Form { .. } => "form",
        Style::SpaceDelimited => "spaceDelimited",
        Style::PipeDelimited => "pipeDelimited",
        Style::DeepObject => "deepObject",
        Style::Json => "JSON",
    }
}

fn location_name(location: ParameterLocation) -> &'static str {
    match location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
        ParameterLocation::Cookie => "cookie",
    }
}

/// The shape of `schema`: what its `type` (or `items`, `properties`) says, through `$ref`s.
fn shape(root: &Node, schema: &Node) -> Shape {
    let schema = reference::dereference(root, schema);
    let nested = |node: &Node| {
        let node = reference::dereference(root, node);
        matches!(kind(node), Some("array" | "object"))
    };
    match kind(schema) {
        Some("array") => match schema.get("items") {
            Some(items) if nested(items) => Shape::Nested,
            _ => Shape::List,
        },
        Some("object") => {
            let properties = schema.get("properties").and_then(Node::as_object);
            if properties.into_iter().flatten().any(|(_, property)| nested(property)) {
                Shape::Nested
            } else {
                Shape::Object
            }
        }
        _ => Shape::Scalar,
    }
}

/// A schema's `type`, or `object`/`array` when it has `properties`/`items` and no `type`.
fn kind(schema: &Node) -> Option<&str> {
    match schema.get("type") {
        Some(ty) => ty.as_str().or_else(|| {
            // 3.1 type lists: the first type that is not `null`.
            ty.as_array()?.iter().filter_map(Node::as_str).find(|name| *name != "null")
        }),
        None if schema.get("properties").is_some() => Some("object"),
        None if schema.get("items").is_some() => Some("array"),
        None => None,
    }
}
