//! Paths and operations: parameters, request bodies and responses, each schema read into
//! the model with a name built from the operation.

use foldhash::{HashMap, HashMapExt, HashSet};

use crate::diagnostic::Diagnostic;
use crate::ir::{
    Content, Operation, Parameter, ParameterLocation, RequestBody, Response, Status, TypeRef,
};
use crate::load::{Node, Pointer};
use crate::media::{MediaKind, REQUEST_PREFERENCE, RESPONSE_PREFERENCE, media_kind, preferred};
use crate::naming::{self, Scope};

use super::rust_names::Named;

use super::facts::{facts, with_facts};
use super::schema::docs;
use super::{Normalizer, text};

/// Methods in the order OpenAPI lists them in a path item.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Method names handed out, with the operation (`GET /users`) that has each.
struct MethodNames {
    scope: Scope,
    owners: HashMap<String, String>,
}

impl Default for MethodNames {
    /// The client's own methods are taken from the start, with themselves as owners.
    fn default() -> Self {
        let mut scope = Scope::new();
        let mut owners = HashMap::new();
        for method in naming::CLIENT_METHODS {
            scope.claim(method);
            owners.insert((*method).to_owned(), "the client's own method of that name".to_owned());
        }
        MethodNames { scope, owners }
    }
}

/// A parameter as read, with where it was declared.
struct Declared<'a> {
    parameter: Parameter,
    node: &'a Node,
    pointer: Pointer,
}

/// A path with its (dereferenced) path item.
struct PathItem<'a> {
    path: &'a str,
    node: &'a Node,
    pointer: Pointer,
}

impl<'a> Normalizer<'a> {
    pub(super) fn operations(&mut self, root: &'a Node) -> Vec<Operation> {
        let Some(paths) = root.get("paths") else {
            return Vec::new();
        };
        let paths_pointer = Pointer::root().join("paths");
        let Some(paths) = paths.as_object() else {
            let message = format!("expected `paths` to be an object, found {}", paths.kind());
            self.error(paths, &paths_pointer, message);
            return Vec::new();
        };
        let mut method_names = MethodNames::default();
        let mut operations = Vec::new();
        for (path, item) in paths {
            if path.starts_with("x-") {
                continue;
            }
            if !path.starts_with('/') {
                let message = format!("path `{path}` does not start with `/`");
                self.push(
                    Diagnostic::error(message, Some(self.location(item, &paths_pointer.join(path))))
                        .with_help("a path is appended to the server URL and must start with `/` (`/users/{id}`); any other start could send the request, with its credentials, to another host"),
                );
                continue;
            }
            if path.contains(['?', '#']) {
                let message = format!(
                    "path `{path}` holds a `?` or `#`, which the client sends percent-encoded as part of the path"
                );
                self.push(
                    Diagnostic::warning(
                        message,
                        Some(self.location(item, &paths_pointer.join(path))),
                    )
                    .with_help("a path has no query or fragment; declare query parameters instead"),
                );
            }
            let Some((node, pointer)) = self.dereference(item, &paths_pointer.join(path)) else {
                continue;
            };
            let item = PathItem { path, node, pointer };
            for method in METHODS {
                if let Some(operation) = item.node.get(method) {
                    operations.push(self.operation(&item, method, operation, &mut method_names));
                }
            }
            self.skip_unsupported_methods(&item);
        }
        operations
    }

    /// Warns of the operations of OpenAPI 3.2 a path item may have beside those of
    /// [`METHODS`], which the client leaves out: `query` and `additionalOperations`.
    fn skip_unsupported_methods(&mut self, item: &PathItem<'a>) {
        for key in ["query", "additionalOperations"] {
            if let Some(node) = item.node.get(key) {
                let message = format!(
                    "`{key}` operations of `{}` are left out: the client supports the methods of OpenAPI 3.1",
                    item.path
                );
                self.push(Diagnostic::warning(
                    message,
                    Some(self.location(node, &item.pointer.join(key))),
                ));
            }
        }
    }

    fn operation(
        &mut self,
        item: &PathItem<'a>,
        method: &str,
        node: &'a Node,
        method_names: &mut MethodNames,
    ) -> Operation {
        let PathItem { path, pointer: item_pointer, .. } = item;
        let pointer = &item_pointer.join(method);
        let operation_id =
            node.get("operationId").and_then(Node::as_str).filter(|id| !id.trim().is_empty());
        let given = self.given_name(node, pointer, Named::Method, &["x-speakeasy-name-override"]);
        let given = given.or_else(|| fern_method_name(node));
        let wanted = match (&given, operation_id) {
            (Some(given), _) => given.clone(),
            (None, Some(id)) => naming::field_name(id, "call"),
            (None, None) => naming::field_name(&name_from_path(method, path), "call"),
        };
        let this = format!("`{} {path}`", method.to_uppercase());
        let name = method_names.scope.claim(&wanted);
        if name == wanted {
            method_names.owners.insert(name.clone(), this);
        } else {
            let first = method_names.owners.get(&wanted).cloned().unwrap_or_default();
            let message = match operation_id.filter(|_| given.is_none()) {
                Some(id) => format!(
                    "duplicate operationId `{id}`, also used by {first}; this operation's method is named `{name}`"
                ),
                None => format!(
                    "the method name `{wanted}` is already taken by {first}; this operation's method is named `{name}`"
                ),
            };
            let (at, at_pointer) = match node.get("operationId") {
                Some(id) => (id, pointer.join("operationId")),
                None => (node, pointer.clone()),
            };
            self.push(
                Diagnostic::warning(message, Some(self.location(at, &at_pointer)))
                    .with_help("give every operation a unique `operationId`"),
            );
        }
        let type_base = naming::type_name(&name, "Operation");

        let mut declared = Vec::new();
        self.parameters(item.node, &item_pointer.join("parameters"), &type_base, &mut declared);
        self.parameters(node, &pointer.join("parameters"), &type_base, &mut declared);
        let mut parameters = self.check_path_parameters(path, node, pointer, declared);
        let mut parameter_names = Scope::new();
        for parameter in &mut parameters {
            parameter.name = parameter_names.claim(&parameter.name);
        }

        let body = node
            .get("requestBody")
            .and_then(|body| self.request_body(body, &pointer.join("requestBody"), &type_base));
        let responses = self.responses(node, pointer, &type_base);
        let (security, scopes) = match node.get("security") {
            Some(security) => self.security_requirements(security, &pointer.join("security")),
            None => self.default_security.clone(),
        };
        let mut operation = Operation {
            name,
            operation_id: operation_id.map(str::to_owned),
            method: method.to_uppercase(),
            path: (*path).to_owned(),
            summary: text(node, "summary"),
            description: text(node, "description"),
            tags: node
                .get("tags")
                .and_then(Node::as_array)
                .map(|tags| tags.iter().filter_map(Node::as_str).map(str::to_owned).collect())
                .unwrap_or_default(),
            deprecated: node.get("deprecated").and_then(Node::as_bool) == Some(true),
            parameters,
            body,
            responses,
            security,
            scopes,
            pagination: None,
        };
        operation.pagination = self.pagination(node, pointer, &operation);
        operation
    }

    /// Reads a `parameters` list into `into`; a parameter with the name and location of one
    /// already there (a path-level one) replaces it, as OpenAPI specifies.
    fn parameters(
        &mut self,
        owner: &'a Node,
        pointer: &Pointer,
        type_base: &str,
        into: &mut Vec<Declared<'a>>,
    ) {
        let Some(list) = owner.get("parameters") else {
            return;
        };
        let Some(list) = list.as_array() else {
            let message = format!("expected `parameters` to be a list, found {}", list.kind());
            self.warning(list, pointer, message);
            return;
        };
        // What the inline parameters' types would be named after, for `nested_hint`.
        let parts: HashSet<String> = list
            .iter()
            .filter_map(|parameter| parameter.get("name")?.as_str())
            .map(|name| naming::type_name(name, "Parameter"))
            .collect();
        for (index, parameter) in list.iter().enumerate() {
            let Some((parameter, parameter_pointer)) =
                self.dereference(parameter, &pointer.index(index))
            else {
                continue;
            };
            let Some(read) = self.parameter(parameter, &parameter_pointer, type_base, &parts)
            else {
                continue;
            };
            let declared =
                Declared { parameter: read, node: parameter, pointer: parameter_pointer };
            let same = |p: &&mut Declared<'a>| {
                p.parameter.wire_name == declared.parameter.wire_name
                    && p.parameter.location == declared.parameter.location
            };
            match into.iter_mut().find(same) {
                Some(existing) => *existing = declared,
                None => into.push(declared),
            }
        }
    }

    fn parameter(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        type_base: &str,
        siblings: &HashSet<String>,
    ) -> Option<Parameter> {
        if pointer.component("parameters").is_none() {
            return self.read_parameter(node, pointer, type_base, siblings);
        }
        if let Some(read) = self.shared_parameters.get(pointer.as_str()) {
            return Some(read.clone());
        }
        let reported = self.diagnostics.len();
        let read = self.read_parameter(node, pointer, type_base, siblings)?;
        if self.diagnostics.len() == reported {
            self.shared_parameters.insert(pointer.as_str().to_owned(), read.clone());
        }
        Some(read)
    }

    /// A parameter as [`Normalizer::parameter`] gives it, read from the document.
    fn read_parameter(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        type_base: &str,
        siblings: &HashSet<String>,
    ) -> Option<Parameter> {
        let Some(wire_name) = node.get("name").and_then(Node::as_str) else {
            self.warning(node, pointer, "parameter without a `name`; ignoring it");
            return None;
        };
        let location = match node.get("in").and_then(Node::as_str) {
            Some("path") => ParameterLocation::Path,
            Some("query") => ParameterLocation::Query,
            Some("header") => ParameterLocation::Header,
            Some("cookie") => ParameterLocation::Cookie,
            other => {
                let message = format!(
                    "parameter `{wire_name}` has `in: {}`; expected `path`, `query`, `header` or `cookie`; ignoring it",
                    other.unwrap_or("(missing)")
                );
                self.warning(node, pointer, message);
                return None;
            }
        };
        // A shared parameter's types are named after its component, not the first operation.
        let hint = match pointer.component("parameters") {
            Some(key) => self.component_hint(&key, "Parameter"),
            None => {
                let part = naming::type_name(wire_name, "Parameter");
                self.nested_hint(type_base, &part, node.get("schema").unwrap_or(node), siblings)
            }
        };
        let content = node.get("content").and_then(Node::as_object);
        let content_type = match (node.get("schema"), content) {
            (None, Some(content)) => content.keys().next().map(String::as_str),
            _ => None,
        };
        let schema = match (node.get("schema"), content) {
            (Some(schema), _) => Some((schema, pointer.join("schema"))),
            (None, Some(content)) => content.iter().next().and_then(|(media_type, media)| {
                media
                    .get("schema")
                    .map(|schema| (schema, pointer.join("content").join(media_type).join("schema")))
            }),
            (None, None) => None,
        };
        // A parameter without a description of its own may be described on its schema.
        let document = self.document;
        let described = schema
            .as_ref()
            .map(|(schema, _)| crate::load::reference::dereference(&document.root, schema));
        let ty = match schema {
            Some((schema, schema_pointer)) => self.schema(schema, &schema_pointer, &hint).ty,
            None => {
                let message =
                    format!("parameter `{wire_name}` has no `schema`; sending it as a string");
                self.warning(node, pointer, message);
                TypeRef::Primitive(crate::ir::Primitive::String)
            }
        };
        let docs = with_facts(
            docs(node, "").or_else(|| described.and_then(|schema| docs(schema, ""))),
            facts(described, Some(node), self.is_enum(&ty)),
        );
        let (style, allow_reserved) = self.parameter_style(node, pointer, location, content_type);
        let given =
            self.given_name(node, pointer, Named::Parameter, &["x-speakeasy-name-override"]);
        Some(Parameter {
            wire_name: wire_name.to_owned(),
            name: given.unwrap_or_else(|| naming::field_name(wire_name, "parameter")),
            location,
            required: location == ParameterLocation::Path
                || node.get("required").and_then(Node::as_bool) == Some(true),
            ty,
            docs,
            style,
            allow_reserved,
        })
    }

    /// Every `{name}` of the template needs a path parameter and every path parameter a
    /// `{name}`; either mistake is recoverable, so both are warnings.
    fn check_path_parameters(
        &mut self,
        path: &str,
        node: &Node,
        pointer: &Pointer,
        declared: Vec<Declared<'a>>,
    ) -> Vec<Parameter> {
        let template: Vec<&str> = path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}'))
            .map(|(name, _)| name)
            .collect();
        let mut parameters = Vec::with_capacity(declared.len());
        for Declared { parameter, node: parameter_node, pointer: parameter_pointer } in declared {
            if parameter.location == ParameterLocation::Path
                && !template.contains(&parameter.wire_name.as_str())
            {
                let message = format!(
                    "path parameter `{}` does not appear in the path template `{path}`; ignoring it",
                    parameter.wire_name
                );
                let help = format!(
                    "add `{{{}}}` to the path, or declare the parameter `in: query`",
                    parameter.wire_name
                );
                self.push(
                    Diagnostic::warning(
                        message,
                        Some(self.location(parameter_node, &parameter_pointer)),
                    )
                    .with_help(help),
                );
            } else {
                parameters.push(parameter);
            }
        }
        for name in template {
            let declared = parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.wire_name == name);
            if !declared {
                let message = format!(
                    "path template `{path}` has `{{{name}}}` but the operation declares no path parameter `{name}`; taking it as a required string"
                );
                self.warning(node, pointer, message);
                parameters.push(Parameter {
                    wire_name: name.to_owned(),
                    name: naming::field_name(name, "parameter"),
                    location: ParameterLocation::Path,
                    required: true,
                    ty: TypeRef::Primitive(crate::ir::Primitive::String),
                    docs: None,
                    style: crate::ir::Style::Simple { explode: false },
                    allow_reserved: false,
                });
            }
        }
        parameters
    }

    fn request_body(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        type_base: &str,
    ) -> Option<RequestBody> {
        let (node, pointer) = self.dereference(node, pointer)?;
        let hint = match pointer.component("requestBodies") {
            Some(key) => self.component_hint(&key, "Body"),
            None => format!("{type_base}Body"),
        };
        let mut contents = self.contents(node, &pointer, &hint, &REQUEST_PREFERENCE);
        // Only the media type the client sends needs its `encoding`, and only its problems
        // are worth a warning.
        let sent = preferred(&contents, |c| &c.media_type, &REQUEST_PREFERENCE)
            .map(|content| content.media_type.clone());
        let media = sent.as_deref().and_then(|media_type| {
            node.get("content").and_then(|content| content.get(media_type)).map(|m| (media_type, m))
        });
        if let Some((media_type, media)) = media {
            let at = pointer.join("content").join(media_type);
            let encoding = self.body_encoding(media, &at, media_type);
            if let Some(content) = contents.iter_mut().find(|c| c.media_type == media_type) {
                content.encoding = encoding;
            }
        }
        Some(RequestBody {
            required: node.get("required").and_then(Node::as_bool) == Some(true),
            docs: text(node, "description"),
            contents,
        })
    }

    fn responses(&mut self, node: &'a Node, pointer: &Pointer, type_base: &str) -> Vec<Response> {
        let Some(responses) = node.get("responses").and_then(Node::as_object) else {
            return Vec::new();
        };
        let base = pointer.join("responses");
        let successes = responses.keys().filter(|status| status.starts_with('2')).count();
        let mut out = Vec::with_capacity(responses.len());
        for (key, response) in responses {
            let Some(status) = parse_status(key) else {
                let message = format!(
                    "response key `{key}` is not a status code, a range like `4XX`, or `default`; ignoring it"
                );
                self.warning(response, &base.join(key), message);
                continue;
            };
            let Some((response, response_pointer)) = self.dereference(response, &base.join(key))
            else {
                continue;
            };
            let hint = match (response_pointer.component("responses"), status) {
                // A shared response's types are named after its component (`Unauthorized`),
                // not after the first operation that uses it.
                (Some(key), _) => self.component_hint(&key, "Response"),
                (None, Status::Code(code)) if (200..300).contains(&code) && successes == 1 => {
                    format!("{type_base}Response")
                }
                (None, Status::Code(code)) => format!("{type_base}Response{code}"),
                (None, Status::Range(class)) => format!("{type_base}Response{class}xx"),
                (None, Status::Default) => format!("{type_base}DefaultResponse"),
            };
            let contents = self.contents(response, &response_pointer, &hint, &RESPONSE_PREFERENCE);
            out.push(Response { status, docs: text(response, "description"), contents });
        }
        out
    }

    /// The name hint of the types of a shared parameter, body or response: its component's
    /// key, and the kind of component after it where a type has that name already (GitHub's
    /// `package-visibility` parameter beside `package`'s `visibility` is
    /// `PackageVisibilityParameter`), where a number would say nothing. Only the first use
    /// reads the component's schemas: later ones find their types by pointer.
    fn component_hint(&self, key: &str, kind: &str) -> String {
        let name = naming::type_name(key, kind);
        if self.type_names.contains(&name) { format!("{name}{kind}") } else { name }
    }

    /// The `content` map: one entry per media type, in document order. The schema of the
    /// kind of body the client prefers (`preference`) is named by `hint`; another kind adds
    /// its kind (`CreateThreadBody`, `CreateThreadBodyMultipart`), where a number would say
    /// nothing. A schema the same as another is merged into it later (`identical.rs`).
    fn contents(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        hint: &str,
        preference: &[MediaKind],
    ) -> Vec<Content> {
        let Some(content) = node.get("content").and_then(Node::as_object) else {
            return Vec::new();
        };
        let base = pointer.join("content");
        let media_types: Vec<&String> = content.keys().collect();
        let preferred = preferred(&media_types, |media_type| media_type, preference)
            .map(|media_type| media_kind(media_type));
        content
            .iter()
            .map(|(media_type, media)| {
                let at = base.join(media_type);
                let kind = media_kind(media_type);
                let hint = match preferred {
                    Some(preferred) if preferred != kind => format!("{hint}{}", kind_word(kind)),
                    _ => hint.to_owned(),
                };
                let ty = match (media.get("schema"), event_data(media_type, media)) {
                    (Some(schema), _) => {
                        let shape = self.schema(schema, &at.join("schema"), &hint);
                        Some(super::schema::nullable_in_place(shape))
                    }
                    (None, Some((schema, path))) => {
                        let pointer = path.iter().fold(at.clone(), |p, key| p.join(key));
                        let shape = self.schema(schema, &pointer, &hint);
                        Some(super::schema::nullable_in_place(shape))
                    }
                    (None, None) => None,
                };
                let events = self.event_types(media_type, media, &at, &hint);
                Content { media_type: media_type.clone(), ty, encoding: Vec::new(), events }
            })
            .collect()
    }
}

/// The word a body's type is told apart by when the operation has another kind of body.
fn kind_word(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Json => "Json",
        MediaKind::Form => "Form",
        MediaKind::Multipart => "Multipart",
        MediaKind::Text => "Text",
        MediaKind::Bytes => "Bytes",
    }
}

/// The schema of each event's `data` in OpenAPI 3.2's `itemSchema` of a `text/event-stream`
/// body, with its path under the media type: the item is the event, an object whose `data`
/// property names its JSON schema in `contentSchema`. `None` when the data is text (or the
/// document says nothing of it), which the client then reads as text.
fn event_data<'n>(media_type: &str, media: &'n Node) -> Option<(&'n Node, [&'static str; 4])> {
    if !crate::media::is_event_stream(media_type) {
        return None;
    }
    let data = media.get("itemSchema")?.get("properties")?.get("data")?;
    let schema = data.get("contentSchema")?;
    Some((schema, ["itemSchema", "properties", "data", "contentSchema"]))
}

/// `200`, `4XX` (any case) or `default`.
pub(crate) fn parse_status(key: &str) -> Option<Status> {
    if key == "default" {
        return Some(Status::Default);
    }
    if let Some(class) = key.strip_suffix("XX").or_else(|| key.strip_suffix("xx")) {
        return class.parse::<u8>().ok().filter(|c| (1..=5).contains(c)).map(Status::Range);
    }
    key.parse::<u16>().ok().filter(|code| (100..=599).contains(code)).map(Status::Code)
}

/// The method name Fern's extensions give an operation: `x-fern-sdk-method-name` after the
/// words of `x-fern-sdk-group-name` (a name or a list of them), which tell apart the methods
/// Fern puts on one sub-client each (`users.list`, `pets.list` -> `users_list`, `pets_list`).
fn fern_method_name(node: &Node) -> Option<String> {
    let method = node.get("x-fern-sdk-method-name")?.as_str()?;
    let group: Vec<&str> = match node.get("x-fern-sdk-group-name") {
        Some(group) => match group.as_array() {
            Some(items) => items.iter().filter_map(Node::as_str).collect(),
            None => group.as_str().into_iter().collect(),
        },
        None => Vec::new(),
    };
    let words: Vec<&str> = group.into_iter().chain(std::iter::once(method)).collect();
    Some(naming::field_name(&words.join("_"), "call"))
}

/// A method name for an operation without `operationId`: `get /users/{id}/tokens` ->
/// `get_users_by_id_tokens`.
fn name_from_path(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(parameter) => words.push(format!("by {parameter}")),
            None => words.push(segment.to_owned()),
        }
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse() {
        assert_eq!(parse_status("204"), Some(Status::Code(204)));
        assert_eq!(parse_status("4XX"), Some(Status::Range(4)));
        assert_eq!(parse_status("default"), Some(Status::Default));
        assert_eq!(parse_status("ok"), None);
    }

    #[test]
    fn names_without_operation_id_come_from_method_and_path() {
        assert_eq!(
            naming::field_name(&name_from_path("get", "/users/{id}/tokens"), "x"),
            "get_users_by_id_tokens"
        );
    }
}
