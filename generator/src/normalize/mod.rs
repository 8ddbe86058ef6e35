//! Normalising: an OpenAPI document (3.0 or 3.1) becomes the [`Api`] model.
//!
//! One file per concept: `refs.rs` follows `$ref`s, `schema.rs` dispatches a schema to the
//! rule for its shape (`object.rs`, `all_of.rs`, `one_of.rs`, `enums.rs`), `operation.rs`
//! reads paths, `identical.rs` makes inline schemas that describe the same type one type,
//! `union_cycles.rs` keeps unions from being their own alternatives, and
//! `recursion.rs` boxes the types that contain themselves.

mod all_of;
mod enums;
mod events;
mod facts;
mod identical;
mod links;
mod object;
mod one_of;
mod operation;
mod pagination;
mod recursion;
mod refs;
mod rust_names;
mod rust_types;
mod schema;
mod security;
mod serialization;
mod servers;
#[cfg(test)]
mod tests;
mod union_cycles;
mod untagged;
mod webhooks;

#[cfg(feature = "conformance")]
pub(crate) use one_of::implied_tag_value;
#[cfg(feature = "conformance")]
pub(crate) use operation::parse_status;

use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::diagnostic::{Diagnostic, Location};
use crate::ir::{Api, OAuthScopes, TypeDef, TypeKind, TypeRef, Types};
use crate::load::{Document, Node, Pointer};
use crate::naming::{self, Scope};

/// What normalising produced: the model, unless an error made it unusable, and every
/// problem found on the way.
#[derive(Debug)]
pub struct Normalized {
    /// The model; `None` when the document has errors.
    pub api: Option<Api>,
    /// Errors and warnings in the order they were found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the model of `document`, collecting every problem instead of stopping at the first.
pub fn normalize(document: &Document) -> Normalized {
    let mut normalizer = Normalizer::new(document);
    let api = normalizer.run();
    let has_errors = normalizer.diagnostics.iter().any(Diagnostic::is_error);
    Normalized {
        api: if has_errors { None } else { Some(api) },
        diagnostics: normalizer.diagnostics,
    }
}

/// A schema read into the model: the Rust type of a present, non-null value, and whether the
/// schema also allows `null`.
#[derive(Debug, Clone, PartialEq)]
struct Shape {
    ty: TypeRef,
    nullable: bool,
}

impl Shape {
    fn new(ty: TypeRef, nullable: bool) -> Self {
        Shape { ty, nullable }
    }

    fn any() -> Self {
        Shape::new(TypeRef::Any, false)
    }
}

/// How the type a schema may produce is named: a component's name was claimed before any
/// schema was read, so that inline types can never take it; an inline schema claims a name
/// built from where it is used only when it turns out to need a type of its own.
#[derive(Debug, Clone, Copy)]
enum Naming<'n> {
    Claimed(&'n str),
    Hint(&'n str),
}

impl Naming<'_> {
    /// The base for the names of types nested in this one.
    fn base(&self) -> &str {
        match self {
            Naming::Claimed(name) | Naming::Hint(name) => name,
        }
    }
}

/// A named type already assigned to a schema, found again by the schema's pointer.
#[derive(Debug, Clone)]
struct Named {
    name: String,
    nullable: bool,
}

struct Normalizer<'a> {
    document: &'a Document,
    diagnostics: Vec<Diagnostic>,
    type_names: Scope,
    types: Types,
    /// The names of the component schemas' types: the document's own names, which inline
    /// types that are the same are merged into and which are never merged themselves.
    component_types: HashSet<String>,
    /// Schemas that have a named type, by JSON pointer, so a schema reached twice (by `$ref`
    /// and in place, or by two `$ref`s) becomes one type.
    named: HashMap<String, Named>,
    /// Pointers of unnamed schemas being read through a `$ref`, to stop a cycle that never
    /// passes through a named type.
    resolving: HashSet<String>,
    /// What the unnamed targets of `$ref`s were read as, so that each is read once: a schema
    /// whose two members refer to the same unnamed schema, whose two members do the same...
    /// would otherwise be read a number of times exponential in the nesting.
    read_targets: HashMap<String, Shape>,
    /// The parameters of `components/parameters` read so far, by pointer: most operations
    /// of a large API share a few (`owner`, `repo`, `per_page`), each read once. Those whose
    /// reading was reported on are read again at every use, which reports it there.
    shared_parameters: HashMap<String, crate::ir::Parameter>,
    /// Schemas being read one inside another, bounded by [`schema::MAX_NESTING`].
    nesting: usize,
    /// Whether the bound on `nesting` was met, which is reported once.
    nesting_reported: bool,
    /// Indexes of the supported security schemes, by key.
    scheme_index: HashMap<String, usize>,
    /// The document's `security`, which operations without their own inherit.
    default_security: (Vec<Vec<usize>>, Vec<OAuthScopes>),
    /// Indexes of the schemes with a client-credentials flow, whose scopes operations ask.
    client_credentials: BTreeSet<usize>,
}

impl<'a> Normalizer<'a> {
    fn new(document: &'a Document) -> Self {
        Normalizer {
            document,
            diagnostics: Vec::new(),
            type_names: Scope::types(),
            types: Types::default(),
            component_types: HashSet::new(),
            named: HashMap::new(),
            resolving: HashSet::new(),
            read_targets: HashMap::new(),
            shared_parameters: HashMap::new(),
            nesting: 0,
            nesting_reported: false,
            scheme_index: HashMap::new(),
            default_security: (Vec::new(), Vec::new()),
            client_credentials: BTreeSet::new(),
        }
    }

    fn run(&mut self) -> Api {
        let document = self.document;
        let root = &document.root;
        let pointer = Pointer::root();
        if root.as_object().is_none() {
            self.error(
                root,
                &pointer,
                format!(
                    "expected an OpenAPI object at the top of the document, found {}",
                    root.kind()
                ),
            );
        }
        self.check_version(root);
        let info = root.get("info");
        if info.is_none() {
            self.warning(
                root,
                &pointer,
                "the document has no `info` object; the API is named `API`",
            );
        }
        let info_text = |key: &str| {
            info.and_then(|info| info.get(key)).and_then(Node::as_str).map(str::to_owned)
        };
        let title = info_text("title").unwrap_or_else(|| "API".to_owned());
        let version = info_text("version").unwrap_or_default();
        let description = info_text("description");
        let servers = self.servers(root);

        let security_schemes = self.security_schemes(root);
        if let Some(security) = root.get("security") {
            self.default_security = self.security_requirements(security, &pointer.join("security"));
        }
        self.claim_component_names(root);
        self.components(root);
        let mut operations = self.operations(root);
        let (mut webhooks, webhook_tag) = self.webhooks(root);
        self.merge_identical_types(&mut operations, &mut webhooks);
        self.break_union_cycles();
        self.box_recursive_types();
        self.order_untagged_unions();

        let mut types = std::mem::take(&mut self.types);
        types.sort_unstable_keys();
        let mut api = Api {
            title,
            version,
            description,
            servers,
            types,
            operations,
            webhooks,
            webhook_tag,
            security_schemes,
        };
        if let Some(origin) = links::link_origin(root) {
            links::resolve_all(&mut api, &origin);
        }
        api
    }

    fn check_version(&mut self, root: &Node) {
        let supported = "supported versions are OpenAPI 3.0.x, 3.1.x and 3.2.x";
        match (root.get("openapi"), root.get("swagger")) {
            (Some(node), _) => {
                let version = match &node.value {
                    crate::load::Value::String(text) => text.clone(),
                    crate::load::Value::Float(number) => number.to_string(),
                    _ => String::new(),
                };
                if !["3.0", "3.1", "3.2"].iter().any(|known| version.starts_with(known)) {
                    let message = format!("unsupported OpenAPI version `{version}`; {supported}");
                    self.error(node, &Pointer::root().join("openapi"), message);
                }
            }
            (None, Some(node)) => {
                let message = "Swagger 2.0 documents are not supported";
                let help = format!(
                    "{supported}; convert the document first (for example with swagger2openapi)"
                );
                self.push(
                    Diagnostic::error(
                        message,
                        Some(self.location(node, &Pointer::root().join("swagger"))),
                    )
                    .with_help(help),
                );
            }
            (None, None) if root.as_object().is_some() => {
                let message = "the document has no `openapi` version field";
                self.push(
                    Diagnostic::error(message, Some(self.location(root, &Pointer::root())))
                        .with_help(format!(
                            "add `openapi: 3.0.3` or `openapi: 3.1.0`; {supported}"
                        )),
                );
            }
            (None, None) => {}
        }
    }

    /// Claims every component schema's name before any schema is read, so component names
    /// never depend on what inline schemas happened to be met first.
    fn claim_component_names(&mut self, root: &Node) {
        let Some(schemas) =
            root.get("components").and_then(|c| c.get("schemas")).and_then(Node::as_object)
        else {
            return;
        };
        let base = Pointer::root().join("components").join("schemas");
        for (key, schema) in schemas {
            let given = self.given_name(
                schema,
                &base.join(key),
                rust_names::Named::Type,
                &["x-speakeasy-name-override"],
            );
            let wanted = given.unwrap_or_else(|| naming::type_name(key, "Schema"));
            let name = self.type_names.claim(&wanted);
            self.component_types.insert(name.clone());
            let nullable = schema::declares_null(schema);
            self.named.insert(base.join(key).as_str().to_owned(), Named { name, nullable });
        }
    }

    fn components(&mut self, root: &'a Node) {
        let Some(schemas) =
            root.get("components").and_then(|c| c.get("schemas")).and_then(Node::as_object)
        else {
            return;
        };
        let base = Pointer::root().join("components").join("schemas");
        for (key, schema) in schemas {
            let pointer = base.join(key);
            let Some(Named { name, .. }) = self.named.get(pointer.as_str()).cloned() else {
                continue;
            };
            let shape = self.convert(schema, &pointer, Naming::Claimed(&name));
            if shape.ty == TypeRef::Named(name.clone()) && !self.types.contains_key(&name) {
                // The schema is a `$ref` to itself: it describes no value.
                let reference = schema.get("$ref").unwrap_or(schema);
                let message =
                    format!("schema `{key}` is a `$ref` to itself and describes no value");
                self.push(
                    Diagnostic::error(
                        message,
                        Some(self.location(reference, &pointer.join("$ref"))),
                    )
                    .with_help(
                        "point the `$ref` at another schema, or give the schema content of its own",
                    ),
                );
            } else if shape.ty != TypeRef::Named(name.clone()) {
                let docs = schema::docs(schema, &name);
                self.define(TypeDef {
                    name,
                    docs,
                    origin: pointer.to_string(),
                    kind: TypeKind::Alias(shape.ty),
                });
            }
        }
    }

    /// Claims a type name built from `hint`, or takes the already claimed component name.
    fn take_name(&mut self, naming: Naming<'_>) -> String {
        match naming {
            Naming::Claimed(name) => name.to_owned(),
            Naming::Hint(hint) => self.type_names.claim(hint),
        }
    }

    /// Records that the schema at `pointer` is the named type `name`, before its members are
    /// read, so a member referring back to it finds it.
    fn register(&mut self, pointer: &Pointer, name: &str, nullable: bool) {
        self.named.insert(pointer.as_str().to_owned(), Named { name: name.to_owned(), nullable });
    }

    fn define(&mut self, def: TypeDef) {
        self.types.insert(def.name.clone(), def);
    }

    fn location(&self, node: &Node, pointer: &Pointer) -> Location {
        Location { span: node.span, pointer: pointer.clone() }
    }

    /// Where the schema a type was made from (its `origin` pointer) is in the document.
    fn origin_location(&self, origin: &str) -> Location {
        let pointer = Pointer::from_ref(origin);
        let span = self
            .document
            .root
            .pointer(pointer.fragment())
            .map(|node| node.span)
            .unwrap_or_default();
        Location { span, pointer }
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn error(&mut self, node: &Node, pointer: &Pointer, message: impl Into<String>) {
        let location = self.location(node, pointer);
        self.push(Diagnostic::error(message, Some(location)));
    }

    fn warning(&mut self, node: &Node, pointer: &Pointer, message: impl Into<String>) {
        let location = self.location(node, pointer);
        self.push(Diagnostic::warning(message, Some(location)));
    }
}

/// The string member `key` of `node`, trimmed, when it is a non-empty string.
fn text(node: &Node, key: &str) -> Option<String> {
    let text = node.get(key)?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A scalar written as text: `default: 8080` and `default: "8080"` both give `8080`.
fn scalar_text(node: Option<&Node>) -> Option<String> {
    use crate::load::Value;
    match &node?.value {
        Value::String(s) => Some(s.clone()),
        Value::Integer(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
