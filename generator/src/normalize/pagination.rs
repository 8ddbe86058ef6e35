//! Auto-pagination: which list operations continue on further pages, and how.
//!
//! A scheme is recognised from the operation's shape only: its query parameters, the one
//! JSON success body (a list, or an object with exactly one list member) and the headers
//! that response declares. Names are compared squashed (lower case, without `_`, `-`, `.`,
//! `@` and `$`), so `next_page_uri`, `nextPageUri` and `NextPageUri` are one name. In order,
//! the first scheme that matches exactly once wins:
//!
//! 1. a cursor in the body: a string member `next<X>` and a string parameter `<X>` or
//!    `<X>token` (`next_cursor` → `cursor`, `next_page_token` → `page_token`,
//!    `next_page` → `page_token`);
//! 2. a next URL in the body: a string member `next`, `next_url`, `next_uri`, `next_link`,
//!    `next_href`, `next_page_url`, `next_page_uri` or `@odata.nextLink`;
//! 3. a cursor from the last item: a boolean `has_more` member, a string parameter
//!    `starting_after` or `after`, and items that all have an `id`;
//! 4. the `Link` header, declared by the success response;
//! 5. an offset: an integer parameter `offset` and a page size parameter;
//! 6. a page number: an integer parameter `page` or `page_number` and a page size parameter.
//!
//! Page size parameters are `limit`, `per_page`, `page_size` and `size`; beside a string
//! parameter `page_token`, `cursor`, `token`, `after` or `starting_after` that no step above
//! used, offsets and page numbers are not trusted to reach every page. Only `GET`s are
//! recognised by shape; two candidates for one step (two lists, two next URLs) leave the
//! operation single-page. The vendor extensions `x-pagination` (ours, `false` to switch off),
//! `x-speakeasy-pagination` and `x-fern-pagination` state a scheme instead, checked against
//! the same shape. Each recognition is a note located at the operation (or its extension).

use crate::diagnostic::{Diagnostic, Location};
use crate::ir::{
    Field, Operation, PageScheme, Pagination, ParameterLocation, Primitive, Status, Style,
    TypeKind, TypeRef,
};
use crate::load::{Node, Pointer, reference};
use crate::media::{MediaKind, RESPONSE_PREFERENCE, media_kind, preferred};

use super::Normalizer;
use super::operation::parse_status;

/// Aliases followed from a body's type to the struct or list it names.
const MAX_ALIASES: usize = 64;

/// Members whose squashed name says they hold the next page's URL.
const NEXT_URLS: &[&str] = &[
    "next",
    "nexturl",
    "nexturi",
    "nextlink",
    "nexthref",
    "nextpageurl",
    "nextpageuri",
    "odatanextlink",
];

/// Parameters that take the last item's `id`.
const ITEM_CURSORS: &[&str] = &["startingafter", "after"];

/// Parameters that set the page size.
const SIZES: &[&str] = &["limit", "perpage", "pagesize", "size"];

/// Parameters holding an opaque position, beside which offsets and page numbers are not
/// trusted to reach every page (Twilio's `Page` is only meaningful with its `PageToken`).
const TOKENS: &[&str] = &["pagetoken", "cursor", "token", "after", "startingafter"];

/// Parameters holding a page number.
const PAGE_NUMBERS: &[&str] = &["page", "pagenumber"];

/// A scheme as stated by an extension or recognised, before it is checked against the shape:
/// the names it uses, on the wire.
#[derive(Debug, Default)]
struct Wanted {
    kind: Kind,
    parameter: Option<String>,
    field: Option<String>,
    id: Option<String>,
    items: Option<String>,
    has_more: Option<String>,
    size: Option<String>,
    first: Option<i64>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum Kind {
    #[default]
    ItemCursor,
    BodyCursor,
    NextUrl,
    LinkHeader,
    Offset,
    PageNumber,
}

/// What a page of the operation holds.
struct Shape {
    /// The list member of an object body and its item type, or the item type of a list body.
    items: Result<(Option<Field>, TypeRef), &'static str>,
    /// The object body's members (empty for a list body).
    fields: Vec<Field>,
    /// Whether the success response declares a `Link` header.
    link: bool,
}

/// What an extension on the operation says.
enum Stated {
    /// Nothing: the shape decides.
    Nothing,
    /// `x-pagination: false`.
    Off(Location),
    /// A scheme, with where and by which extension.
    Scheme(Wanted, Location, &'static str),
    /// An extension the generator cannot follow, with why.
    Unusable(Location, String),
}

/// Lower case without the separators names use between words.
fn squash(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | '@' | '$' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

impl<'a> Normalizer<'a> {
    /// How `operation` (read from `node` at `pointer`) pages, if it does; notes what was
    /// recognised, and warns about an extension that cannot be followed.
    pub(super) fn pagination(
        &mut self,
        node: &'a Node,
        pointer: &Pointer,
        operation: &Operation,
    ) -> Option<Pagination> {
        let stated = self.stated(node, pointer);
        let operation_at = || Location { span: node.span, pointer: pointer.clone() };
        let (wanted, at, source) = match stated {
            Stated::Off(at) => {
                let message = format!(
                    "`{} {}` stays single-page: `x-pagination: false`",
                    operation.method, operation.path
                );
                self.push(Diagnostic::note(message, Some(at)));
                return None;
            }
            Stated::Unusable(at, why) => {
                let message =
                    format!("`{} {}` stays single-page: {why}", operation.method, operation.path);
                self.push(Diagnostic::warning(message, Some(at)).with_help(
                    "see the README's \"Pagination\" for the extensions and forms read",
                ));
                return None;
            }
            Stated::Scheme(wanted, at, source) => (Some(wanted), at, source),
            Stated::Nothing => (None, operation_at(), "its shape"),
        };
        let stated = wanted.is_some();
        let Some(shape) = self.page_shape(node, operation) else {
            if stated {
                let message = format!(
                    "`{} {}` stays single-page: {source} is on an operation without one JSON success body",
                    operation.method, operation.path
                );
                self.push(Diagnostic::warning(message, Some(at)));
            }
            return None;
        };
        let wanted = match wanted {
            Some(wanted) => wanted,
            None if operation.method == "GET" => recognise(operation, &shape)?,
            None => return None,
        };
        let first = page_number_start(&self.document.root, node, &wanted);
        match self.resolve(operation, &shape, Wanted { first: wanted.first.or(first), ..wanted }) {
            Ok(pagination) => {
                let message = format!(
                    "`{} {}` pages by {} (from {source}): `{}` also has `.pages()` and `.items()`",
                    operation.method,
                    operation.path,
                    describe(&pagination),
                    operation.name.trim_start_matches("r#"),
                );
                self.push(Diagnostic::note(message, Some(at)));
                Some(pagination)
            }
            Err(why) if stated => {
                let message = format!(
                    "`{} {}` stays single-page: {source} {why}",
                    operation.method, operation.path
                );
                self.push(Diagnostic::warning(message, Some(at)).with_help(
                    "name query parameters and members of the JSON success body the operation has",
                ));
                None
            }
            Err(_) => None,
        }
    }

    /// The extension on the operation, read in order: ours, Speakeasy's, Fern's.
    fn stated(&self, node: &Node, pointer: &Pointer) -> Stated {
        let at =
            |key: &str, value: &Node| Location { span: value.span, pointer: pointer.join(key) };
        if let Some(value) = node.get("x-pagination") {
            let at = at("x-pagination", value);
            return match (value.as_bool(), value.as_object()) {
                (Some(false), _) => Stated::Off(at),
                (_, Some(_)) => match ours(value) {
                    Ok(wanted) => Stated::Scheme(wanted, at, "`x-pagination`"),
                    Err(why) => Stated::Unusable(at, why),
                },
                _ => Stated::Unusable(
                    at,
                    "`x-pagination` is neither `false` nor an object".to_owned(),
                ),
            };
        }
        if let Some(value) = node.get("x-speakeasy-pagination") {
            let at = at("x-speakeasy-pagination", value);
            return match speakeasy(value) {
                Ok(wanted) => Stated::Scheme(wanted, at, "`x-speakeasy-pagination`"),
                Err(why) => Stated::Unusable(at, why),
            };
        }
        if let Some(value) = node.get("x-fern-pagination") {
            let at = at("x-fern-pagination", value);
            // `true` takes the document's own `x-fern-pagination`.
            let value = match value.as_bool() {
                Some(true) => match self.document.root.get("x-fern-pagination") {
                    Some(shared) => shared,
                    None => {
                        let why = "`x-fern-pagination: true` but the document has no top-level `x-fern-pagination`";
                        return Stated::Unusable(at, why.to_owned());
                    }
                },
                Some(false) => return Stated::Off(at),
                None => value,
            };
            return match fern(value) {
                Ok(wanted) => Stated::Scheme(wanted, at, "`x-fern-pagination`"),
                Err(why) => Stated::Unusable(at, why),
            };
        }
        Stated::Nothing
    }

    /// The page's shape: `None` unless the operation has exactly one success, with a JSON
    /// body that is a list or an object.
    fn page_shape(&self, node: &Node, operation: &Operation) -> Option<Shape> {
        let success = |status: Status| match status {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(class) => class == 2,
            Status::Default => false,
        };
        let mut successes = operation.responses.iter().filter(|r| success(r.status));
        let response = successes.next()?;
        if successes.next().is_some() {
            return None;
        }
        let content = preferred(&response.contents, |c| &c.media_type, &RESPONSE_PREFERENCE)?;
        if media_kind(&content.media_type) != MediaKind::Json {
            return None;
        }
        let root = &self.document.root;
        let link = node
            .get("responses")
            .and_then(Node::as_object)
            .and_then(|responses| {
                responses.iter().find(|(key, _)| parse_status(key) == Some(response.status))
            })
            .map(|(_, declared)| reference::dereference(root, declared))
            .and_then(|declared| declared.get("headers"))
            .and_then(Node::as_object)
            .is_some_and(|headers| headers.keys().any(|name| name.eq_ignore_ascii_case("link")));
        let (fields, items) = match self.resolve_type(content.ty.as_ref()?) {
            Resolved::List(item) => (Vec::new(), Ok((None, item))),
            Resolved::Struct(fields) => {
                let lists: Vec<&Field> =
                    fields.iter().filter(|f| matches!(f.ty, TypeRef::Array(_))).collect();
                let items = match lists.as_slice() {
                    [list] => match &list.ty {
                        TypeRef::Array(item) => Ok((Some((*list).clone()), (**item).clone())),
                        _ => Err("its body has no list"),
                    },
                    [] => Err("its body has no list"),
                    _ => Err("its body has several lists"),
                };
                (fields, items)
            }
            Resolved::Other => return None,
        };
        Some(Shape { items, fields, link })
    }

    /// What `ty` is, seen through aliases.
    fn resolve_type(&self, ty: &TypeRef) -> Resolved {
        let mut ty = ty;
        for _ in 0..MAX_ALIASES {
            match ty {
                TypeRef::Array(item) => return Resolved::List((**item).clone()),
                TypeRef::Named(name) => match self.types.get(name).map(|d| &d.kind) {
                    Some(TypeKind::Struct(structure)) => {
                        return Resolved::Struct(
                            structure.fields.iter().filter(|f| !f.flatten).cloned().collect(),
                        );
                    }
                    Some(TypeKind::Alias(target)) => ty = target,
                    _ => return Resolved::Other,
                },
                _ => return Resolved::Other,
            }
        }
        Resolved::Other
    }
}

/// A body type seen through its aliases.
enum Resolved {
    List(TypeRef),
    Struct(Vec<Field>),
    Other,
}

/// The scheme the shape of a `GET` shows, if exactly one does at the first step that
/// matches (see the module docs).
fn recognise(operation: &Operation, shape: &Shape) -> Option<Wanted> {
    let strings = query_parameters(operation, false);
    let integers = query_parameters(operation, true);
    let members = |wanted: &dyn Fn(&Field) -> bool| -> Vec<&Field> {
        shape.fields.iter().filter(|f| wanted(f)).collect()
    };
    let is_string = |f: &Field| f.ty == TypeRef::Primitive(Primitive::String);
    let has_more = members(&|f| {
        squash(&f.wire_name) == "hasmore" && f.ty == TypeRef::Primitive(Primitive::Bool)
    });
    let has_more = match has_more.as_slice() {
        [one] => Some(one.wire_name.clone()),
        _ => None,
    };
    let size = |names: &[String]| -> Option<String> {
        let found: Vec<&String> =
            names.iter().filter(|n| SIZES.contains(&squash(n).as_str())).collect();
        match found.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    };
    let all: Vec<String> = strings.iter().chain(&integers).cloned().collect();
    let wanted = |kind: Kind| Wanted { kind, has_more: has_more.clone(), ..Wanted::default() };

    // 1. A cursor in the body, and the parameter that takes it.
    let mut cursors = Vec::new();
    for field in members(&is_string) {
        let squashed = squash(&field.wire_name);
        let Some(rest) = squashed.strip_prefix("next").filter(|rest| !rest.is_empty()) else {
            continue;
        };
        if NEXT_URLS.contains(&squashed.as_str()) {
            continue;
        }
        for parameter in &strings {
            let name = squash(parameter);
            if name == rest || name == format!("{rest}token") {
                cursors.push((parameter.clone(), field.wire_name.clone()));
            }
        }
    }
    if !cursors.is_empty() {
        let [(parameter, field)] = cursors.as_slice() else {
            return None;
        };
        return Some(Wanted {
            parameter: Some(parameter.clone()),
            field: Some(field.clone()),
            ..wanted(Kind::BodyCursor)
        });
    }
    // 2. The next page's URL in the body.
    let urls = members(&|f| is_string(f) && NEXT_URLS.contains(&squash(&f.wire_name).as_str()));
    if !urls.is_empty() {
        let [url] = urls.as_slice() else {
            return None;
        };
        return Some(Wanted { field: Some(url.wire_name.clone()), ..wanted(Kind::NextUrl) });
    }
    // 3. The last item's id, while the body says more follow.
    let after: Vec<&String> =
        strings.iter().filter(|n| ITEM_CURSORS.contains(&squash(n).as_str())).collect();
    if has_more.is_some() && !after.is_empty() {
        let [parameter] = after.as_slice() else {
            return None;
        };
        return Some(Wanted { parameter: Some((*parameter).clone()), ..wanted(Kind::ItemCursor) });
    }
    // 4. The `Link` header.
    if shape.link {
        return Some(wanted(Kind::LinkHeader));
    }
    // 5 and 6. An offset or a page number, with a page size; not beside a token parameter,
    // which says the numbers alone do not reach every page.
    if strings.iter().any(|n| TOKENS.contains(&squash(n).as_str())) {
        return None;
    }
    let size = size(&all)?;
    for (kind, names) in [(Kind::Offset, &["offset"][..]), (Kind::PageNumber, PAGE_NUMBERS)] {
        let found: Vec<&String> =
            integers.iter().filter(|n| names.contains(&squash(n).as_str())).collect();
        match found.as_slice() {
            [] => continue,
            [parameter] => {
                return Some(Wanted {
                    parameter: Some((*parameter).clone()),
                    size: Some(size),
                    ..wanted(kind)
                });
            }
            _ => return None,
        }
    }
    None
}

/// The wire names of the operation's query parameters in the `form` style that hold a
/// string (or, with `integers`, an integer).
fn query_parameters(operation: &Operation, integers: bool) -> Vec<String> {
    operation
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query && matches!(p.style, Style::Form { .. }))
        .filter(|p| match &p.ty {
            TypeRef::Primitive(Primitive::String) => !integers,
            TypeRef::Primitive(
                Primitive::I8
                | Primitive::I16
                | Primitive::I32
                | Primitive::I64
                | Primitive::U8
                | Primitive::U16
                | Primitive::U32
                | Primitive::U64,
            ) => integers,
            _ => false,
        })
        .map(|p| p.wire_name.clone())
        .collect()
}

/// The first page's number for a page-number scheme: the page parameter's `default`, else
/// its `minimum` (`0` for a list counted from zero), as the operation declares it.
fn page_number_start(root: &Node, node: &Node, wanted: &Wanted) -> Option<i64> {
    if wanted.kind != Kind::PageNumber {
        return None;
    }
    let name = wanted.parameter.as_deref()?;
    let parameters = node.get("parameters").and_then(Node::as_array)?;
    let schema = parameters
        .iter()
        .map(|p| reference::dereference(root, p))
        .find(|p| p.get("name").and_then(Node::as_str) == Some(name))?
        .get("schema")
        .map(|schema| reference::dereference(root, schema))?;
    schema.get("default").or_else(|| schema.get("minimum")).and_then(Node::as_i64)
}

impl Normalizer<'_> {
    /// `wanted` checked against the operation and its page: each name it uses must be a query
    /// parameter or a body member of the right type.
    fn resolve(
        &self,
        operation: &Operation,
        shape: &Shape,
        wanted: Wanted,
    ) -> Result<Pagination, String> {
        let strings = query_parameters(operation, false);
        let integers = query_parameters(operation, true);
        let (items, item) = match &wanted.items {
            Some(name) => {
                let field =
                    shape.fields.iter().find(|f| &f.wire_name == name).ok_or_else(|| {
                        format!("names the items `{name}`, which the body does not have")
                    })?;
                match &field.ty {
                    TypeRef::Array(item) => (Some(field.clone()), (**item).clone()),
                    _ => return Err(format!("names the items `{name}`, which is not a list")),
                }
            }
            None => shape.items.clone().map_err(str::to_owned)?,
        };
        if items.as_ref().is_some_and(|f| f.boxed) {
            return Err("finds its items in a member stored in a `Box`".to_owned());
        }
        let member = |name: &Option<String>, what: &str, ty: Primitive| -> Result<String, String> {
            let name = name.clone().ok_or_else(|| format!("names no {what}"))?;
            match shape.fields.iter().find(|f| f.wire_name == name) {
                Some(f) if f.ty == TypeRef::Primitive(ty) => Ok(name),
                Some(_) => Err(format!("names the {what} `{name}`, of another type")),
                None => Err(format!("names the {what} `{name}`, which the body does not have")),
            }
        };
        let parameter = |list: &[String], what: &str| -> Result<String, String> {
            let name =
                wanted.parameter.clone().ok_or_else(|| format!("names no {what} parameter"))?;
            if list.contains(&name) {
                Ok(name)
            } else {
                Err(format!(
                    "names the {what} parameter `{name}`, which is not a query parameter of that type"
                ))
            }
        };
        let scheme = match wanted.kind {
            Kind::ItemCursor => {
                let id = wanted.id.clone().unwrap_or_else(|| "id".to_owned());
                if !self.items_have(&item, &id) {
                    return Err(format!("needs every item to have `{id}`"));
                }
                PageScheme::ItemCursor { parameter: parameter(&strings, "cursor")?, id }
            }
            Kind::BodyCursor => PageScheme::BodyCursor {
                parameter: parameter(&strings, "cursor")?,
                field: member(&wanted.field, "next cursor", Primitive::String)?,
            },
            Kind::NextUrl => {
                PageScheme::NextUrl { field: member(&wanted.field, "next URL", Primitive::String)? }
            }
            Kind::LinkHeader => PageScheme::LinkHeader,
            Kind::Offset => PageScheme::Offset { parameter: parameter(&integers, "offset")? },
            Kind::PageNumber => PageScheme::PageNumber {
                parameter: parameter(&integers, "page")?,
                first: wanted.first.unwrap_or(1),
            },
        };
        let has_more = match &wanted.has_more {
            Some(_) => Some(member(&wanted.has_more, "more-pages flag", Primitive::Bool)?),
            None => None,
        };
        let size = match &wanted.size {
            Some(name) if integers.contains(name) => Some(name.clone()),
            Some(name) => {
                return Err(format!(
                    "names the page size parameter `{name}`, which is not an integer query parameter"
                ));
            }
            None => None,
        };
        Ok(Pagination { scheme, items, item, has_more, size })
    }

    /// Whether every item (a struct, or a union of structs) has a string or integer member
    /// `id`, which the next request sends.
    fn items_have(&self, item: &TypeRef, id: &str) -> bool {
        let has = |fields: &[Field]| {
            fields.iter().any(|f| {
                f.wire_name == id
                    && matches!(
                        f.ty,
                        TypeRef::Primitive(
                            Primitive::String | Primitive::I32 | Primitive::I64 | Primitive::U64
                        )
                    )
            })
        };
        match self.resolve_type(item) {
            Resolved::Struct(fields) => has(&fields),
            Resolved::List(_) => false,
            Resolved::Other => {
                let union =
                    item.named().and_then(|name| match self.types.get(name).map(|d| &d.kind) {
                        Some(TypeKind::Union(union)) => Some(union),
                        _ => None,
                    });
                union.is_some_and(|union| {
                    !union.variants.is_empty()
                        && union.variants.iter().all(|variant| {
                            matches!(self.resolve_type(&variant.ty), Resolved::Struct(fields) if has(&fields))
                        })
                })
            }
        }
    }
}

/// The scheme and the names it uses, for the note.
fn describe(pagination: &Pagination) -> String {
    let detail = match &pagination.scheme {
        PageScheme::ItemCursor { parameter, id } => format!("`{parameter}` = last item's `{id}`"),
        PageScheme::BodyCursor { parameter, field } => format!("`{parameter}` = `{field}`"),
        PageScheme::NextUrl { field } => format!("`{field}`"),
        PageScheme::LinkHeader => "`rel=\"next\"`".to_owned(),
        PageScheme::Offset { parameter } | PageScheme::PageNumber { parameter, .. } => {
            format!("`{parameter}`")
        }
    };
    format!("{} ({detail})", pagination.scheme.label())
}

/// One member named by an extension's path: `$.data`, `$response.data`, `$request.cursor`.
fn member_path(path: &str) -> Option<String> {
    let rest = path
        .strip_prefix("$response.")
        .or_else(|| path.strip_prefix("$request."))
        .or_else(|| path.strip_prefix("$."))?;
    let simple = !rest.is_empty() && !rest.contains(['.', '[', ']', '*']);
    simple.then(|| rest.to_owned())
}

/// `x-pagination`: `{scheme, parameter, field, id, items, has_more, size, first}`.
fn ours(value: &Node) -> Result<Wanted, String> {
    let text = |key: &str| value.get(key).and_then(Node::as_str).map(str::to_owned);
    let kind = match text("scheme").as_deref() {
        Some("item-cursor") => Kind::ItemCursor,
        Some("cursor") => Kind::BodyCursor,
        Some("next-url") => Kind::NextUrl,
        Some("link-header") => Kind::LinkHeader,
        Some("offset") => Kind::Offset,
        Some("page") => Kind::PageNumber,
        other => {
            return Err(format!(
                "`x-pagination` has the scheme {}; it takes `item-cursor`, `cursor`, `next-url`, `link-header`, `offset` or `page`",
                other.map_or_else(|| "(none)".to_owned(), |s| format!("`{s}`"))
            ));
        }
    };
    Ok(Wanted {
        kind,
        parameter: text("parameter"),
        field: text("field"),
        id: text("id"),
        items: text("items"),
        has_more: text("has_more"),
        size: text("size"),
        first: value.get("first").and_then(Node::as_i64),
    })
}

/// `x-speakeasy-pagination`: `type` `offsetLimit`, `cursor` or `url`, `inputs` (each a
/// `name`, `in: parameters` and `type` `offset`, `page`, `limit` or `cursor`) and `outputs`
/// (`results`, `nextCursor`, `nextUrl`, as `$.member`; `nextCursor: $.list[-1].id` is the
/// last item's member).
fn speakeasy(value: &Node) -> Result<Wanted, String> {
    let mut wanted = Wanted::default();
    let mut inputs = Vec::new();
    for input in value.get("inputs").and_then(Node::as_array).unwrap_or_default() {
        let field = |key: &str| input.get(key).and_then(Node::as_str).unwrap_or_default();
        if field("in") != "parameters" {
            return Err(format!(
                "`x-speakeasy-pagination` reads `{}` from `in: {}`; only `in: parameters` is supported",
                field("name"),
                field("in")
            ));
        }
        inputs.push((field("type").to_owned(), field("name").to_owned()));
    }
    let input = |kind: &str| inputs.iter().find(|(t, _)| t == kind).map(|(_, n)| n.clone());
    let outputs = value.get("outputs");
    let output = |key: &str| -> Result<Option<String>, String> {
        match outputs.and_then(|o| o.get(key)).and_then(Node::as_str) {
            Some(path) => member_path(path).map(Some).ok_or_else(|| {
                format!(
                    "`x-speakeasy-pagination` output `{key}: {path}` is not one member (`$.name`)"
                )
            }),
            None => Ok(None),
        }
    };
    wanted.size = input("limit");
    match value.get("type").and_then(Node::as_str) {
        Some("offsetLimit") => {
            wanted.items = output("results")?;
            if let Some(offset) = input("offset") {
                wanted.kind = Kind::Offset;
                wanted.parameter = Some(offset);
            } else if let Some(page) = input("page") {
                wanted.kind = Kind::PageNumber;
                wanted.parameter = Some(page);
            } else {
                return Err("`x-speakeasy-pagination` of type `offsetLimit` has no `offset` or `page` input".to_owned());
            }
        }
        Some("cursor") => {
            wanted.parameter = input("cursor");
            wanted.items = output("results")?;
            let path = outputs.and_then(|o| o.get("nextCursor")).and_then(Node::as_str);
            let last_item =
                path.and_then(|p| p.strip_prefix("$.")).and_then(|p| p.split_once("[-1]."));
            match last_item {
                Some((list, id)) if !list.contains(['.', '[']) && !id.contains(['.', '[']) => {
                    wanted.kind = Kind::ItemCursor;
                    wanted.items = Some(list.to_owned());
                    wanted.id = Some(id.to_owned());
                }
                _ => {
                    wanted.kind = Kind::BodyCursor;
                    wanted.field = output("nextCursor")?;
                }
            }
        }
        Some("url") => {
            wanted.kind = Kind::NextUrl;
            wanted.field = output("nextUrl")?;
            wanted.items = output("results")?;
        }
        other => {
            return Err(format!(
                "`x-speakeasy-pagination` has the type {}; it takes `offsetLimit`, `cursor` or `url`",
                other.map_or_else(|| "(none)".to_owned(), |s| format!("`{s}`"))
            ));
        }
    }
    Ok(wanted)
}

/// `x-fern-pagination`: `cursor` with `next_cursor`, `next_uri` or `next_path`, or `offset`
/// (with `step`, an offset; without, a page number), each with `results` and optionally
/// `has-next-page`, as `$request.name` and `$response.name`.
fn fern(value: &Node) -> Result<Wanted, String> {
    let path = |key: &str| -> Result<Option<String>, String> {
        match value.get(key).and_then(Node::as_str) {
            Some(path) => member_path(path).map(Some).ok_or_else(|| {
                format!("`x-fern-pagination` `{key}: {path}` is not one member (`$response.name`)")
            }),
            None => Ok(None),
        }
    };
    let mut wanted =
        Wanted { items: path("results")?, has_more: path("has-next-page")?, ..Wanted::default() };
    if let Some(cursor) = path("cursor")? {
        wanted.kind = Kind::BodyCursor;
        wanted.parameter = Some(cursor);
        wanted.field = path("next_cursor")?;
    } else if let Some(next) = path("next_uri")?.or(path("next_path")?) {
        wanted.kind = Kind::NextUrl;
        wanted.field = Some(next);
    } else if let Some(offset) = path("offset")? {
        wanted.parameter = Some(offset);
        match path("step")? {
            Some(step) => {
                wanted.kind = Kind::Offset;
                wanted.size = Some(step);
            }
            None => wanted.kind = Kind::PageNumber,
        }
    } else {
        return Err(
            "`x-fern-pagination` has no `cursor`, `next_uri`, `next_path` or `offset`".to_owned()
        );
    }
    Ok(wanted)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::ir::{PageScheme, Pagination, TypeRef};

    /// The pagination of the one operation of a document whose `GET /things` has the query
    /// parameters `parameters` (`name: type` pairs), the success body `body` and the
    /// operation-level `extra` YAML; and the diagnostics printed with notes.
    fn paginate(
        parameters: &[(&str, &str)],
        body: &str,
        extra: &str,
    ) -> (Option<Pagination>, String) {
        let parameters: String = parameters
            .iter()
            .map(|(name, ty)| format!("{{name: {name}, in: query, schema: {{type: {ty}}}}}"))
            .collect::<Vec<_>>()
            .join(", ");
        let document = format!(
            "openapi: 3.0.3
info: {{title: T, version: '1'}}
components:
  schemas:
    Thing: {{type: object, properties: {{id: {{type: string}}}}}}
paths:
  /things:
    get:
      operationId: listThings
{extra}      parameters: [{parameters}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {body}
"
        );
        let model = crate::model_from_str(Path::new("t.yaml"), document)
            .unwrap_or_else(|report| panic!("{report}"));
        (model.api.operations[0].pagination.clone(), model.warnings.to_string())
    }

    /// Query parameters as `(name, type)`.
    type Parameters<'a> = Vec<(&'a str, &'a str)>;

    const THINGS: &str = "{type: array, items: {$ref: '#/components/schemas/Thing'}}";

    #[test]
    fn a_cursor_from_the_last_item_is_a_located_note() {
        let body = format!(
            "{{type: object, properties: {{data: {THINGS}, has_more: {{type: boolean}}}}}}"
        );
        let (pagination, notes) =
            paginate(&[("starting_after", "string"), ("limit", "integer")], &body, "");
        let pagination = pagination.expect("pages");
        assert_eq!(
            pagination.scheme,
            PageScheme::ItemCursor { parameter: "starting_after".to_owned(), id: "id".to_owned() }
        );
        assert_eq!(pagination.items.map(|f| f.wire_name), Some("data".to_owned()));
        assert_eq!(pagination.has_more.as_deref(), Some("has_more"));
        assert_eq!(
            notes,
            "note: `GET /things` pages by cursor from the last item (`starting_after` = last item's `id`) (from its shape): `list_things` also has `.pages()` and `.items()`
 --> t.yaml:9:7
  |
9 |       operationId: listThings
  |       ^
  = at: #/paths/~1things/get"
        );
    }

    /// Two lists whose inline items are the same type page into the one type that stays, as
    /// the rest of the model does once identical types are merged (Stripe's crate named a
    /// merged-away item type and did not compile).
    #[test]
    fn the_items_of_a_list_are_of_the_type_identical_ones_merge_into() {
        let list = |path: &str, id: &str| {
            format!(
                "  /{path}:
    get:
      operationId: {id}
      parameters: [{{name: starting_after, in: query, schema: {{type: string}}}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  has_more: {{type: boolean}}
                  data: {{type: array, items: {{type: object, properties: {{id: {{type: string}}}}}}}}
"
            )
        };
        let document = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{}{}",
            list("cards", "listCards"),
            list("banks", "listBanks")
        );
        let model = crate::model_from_str(Path::new("t.yaml"), document)
            .unwrap_or_else(|report| panic!("{report}"));
        let items: Vec<TypeRef> = model
            .api
            .operations
            .iter()
            .map(|operation| operation.pagination.as_ref().expect("pages").item.clone())
            .collect();
        let kept = TypeRef::Named("ListCardsResponseDataItem".to_owned());
        assert_eq!(items, [kept.clone(), kept]);
        assert!(model.api.types.contains_key("ListCardsResponseDataItem"));
        assert!(!model.api.types.contains_key("ListBanksResponseDataItem"));
    }

    #[test]
    fn each_scheme_is_recognised_by_its_shape() {
        let object =
            |members: &str| format!("{{type: object, properties: {{items: {THINGS}, {members}}}}}");
        let cases: Vec<(Parameters<'_>, String, PageScheme)> = vec![
            (
                vec![("pageToken", "string")],
                object("nextPageToken: {type: string}"),
                PageScheme::BodyCursor {
                    parameter: "pageToken".into(),
                    field: "nextPageToken".into(),
                },
            ),
            (
                vec![("page_token", "string")],
                object("next_page: {type: string}"),
                PageScheme::BodyCursor {
                    parameter: "page_token".into(),
                    field: "next_page".into(),
                },
            ),
            (
                vec![("offset", "integer"), ("limit", "integer")],
                object("next: {type: string, nullable: true}"),
                PageScheme::NextUrl { field: "next".into() },
            ),
            (
                vec![("offset", "integer"), ("limit", "integer")],
                THINGS.to_owned(),
                PageScheme::Offset { parameter: "offset".into() },
            ),
            (
                vec![("page", "integer"), ("per_page", "integer")],
                object("total: {type: integer}"),
                PageScheme::PageNumber { parameter: "page".into(), first: 1 },
            ),
        ];
        for (parameters, body, scheme) in cases {
            let (pagination, _) = paginate(&parameters, &body, "");
            assert_eq!(pagination.map(|p| p.scheme), Some(scheme), "{body}");
        }
    }

    #[test]
    fn ambiguous_or_incomplete_shapes_stay_single_page() {
        let cases: Vec<(Parameters<'_>, String)> = vec![
            // Two lists: which holds the items?
            (
                vec![("cursor", "string")],
                format!(
                    "{{type: object, properties: {{a: {THINGS}, b: {THINGS}, next_cursor: {{type: string}}}}}}"
                ),
            ),
            // Two next URLs.
            (
                vec![],
                format!(
                    "{{type: object, properties: {{items: {THINGS}, next: {{type: string}}, next_url: {{type: string}}}}}}"
                ),
            ),
            // A page number without a page size, and one beside a page token.
            (vec![("page", "integer")], THINGS.to_owned()),
            (
                vec![("Page", "integer"), ("PageSize", "integer"), ("PageToken", "string")],
                THINGS.to_owned(),
            ),
            // `after` without `has_more` (Discord's snowflakes): no sign of the end.
            (
                vec![("after", "string"), ("limit", "integer")],
                format!("{{type: object, properties: {{items: {THINGS}}}}}"),
            ),
        ];
        for (parameters, body) in cases {
            let (pagination, notes) = paginate(&parameters, &body, "");
            assert_eq!(pagination, None, "{body}");
            assert_eq!(notes, "", "{body}");
        }
    }

    #[test]
    fn vendor_extensions_state_or_switch_off_the_scheme() {
        let body = format!(
            "{{type: object, properties: {{results: {THINGS}, cont: {{type: string}}, more: {{type: boolean}}}}}}"
        );
        let parameters =
            [("from", "string"), ("skip", "integer"), ("n", "integer"), ("p", "integer")];
        let cases = [
            (
                "      x-pagination: {scheme: cursor, parameter: from, field: cont, has_more: more}\n",
                PageScheme::BodyCursor { parameter: "from".into(), field: "cont".into() },
            ),
            (
                "      x-speakeasy-pagination: {type: offsetLimit, inputs: [{name: skip, in: parameters, type: offset}, {name: n, in: parameters, type: limit}], outputs: {results: $.results}}\n",
                PageScheme::Offset { parameter: "skip".into() },
            ),
            (
                "      x-speakeasy-pagination: {type: cursor, inputs: [{name: from, in: parameters, type: cursor}], outputs: {nextCursor: '$.results[-1].id'}}\n",
                PageScheme::ItemCursor { parameter: "from".into(), id: "id".into() },
            ),
            (
                "      x-speakeasy-pagination: {type: url, outputs: {nextUrl: $.cont}}\n",
                PageScheme::NextUrl { field: "cont".into() },
            ),
            (
                "      x-fern-pagination: {cursor: $request.from, next_cursor: $response.cont, results: $response.results}\n",
                PageScheme::BodyCursor { parameter: "from".into(), field: "cont".into() },
            ),
            (
                "      x-fern-pagination: {offset: $request.p, results: $response.results}\n",
                PageScheme::PageNumber { parameter: "p".into(), first: 1 },
            ),
            (
                "      x-fern-pagination: {offset: $request.skip, step: $request.n, results: $response.results}\n",
                PageScheme::Offset { parameter: "skip".into() },
            ),
        ];
        for (extra, scheme) in cases {
            let (pagination, notes) = paginate(&parameters, &body, extra);
            assert_eq!(pagination.map(|p| p.scheme), Some(scheme), "{extra}");
            assert!(notes.starts_with("note: `GET /things` pages by "), "{notes}");
        }

        let stripe = format!(
            "{{type: object, properties: {{data: {THINGS}, has_more: {{type: boolean}}}}}}"
        );
        let (pagination, notes) =
            paginate(&[("starting_after", "string")], &stripe, "      x-pagination: false\n");
        assert_eq!(pagination, None);
        assert!(
            notes.starts_with(
                "note: `GET /things` stays single-page: `x-pagination: false`\n  --> t.yaml:10:21\n"
            ),
            "{notes}"
        );
    }

    #[test]
    fn an_extension_that_cannot_be_followed_is_a_warning() {
        let body = format!("{{type: object, properties: {{results: {THINGS}}}}}");
        let (pagination, warnings) = paginate(
            &[("from", "string")],
            &body,
            "      x-pagination: {scheme: cursor, parameter: from, field: missing}\n",
        );
        assert_eq!(pagination, None);
        assert_eq!(
            warnings.lines().next(),
            Some(
                "warning: `GET /things` stays single-page: `x-pagination` names the next cursor `missing`, which the body does not have"
            )
        );
        let (pagination, warnings) = paginate(
            &[("from", "string")],
            &body,
            "      x-speakeasy-pagination: {type: cursor, inputs: [{name: from, in: requestBody, type: cursor}], outputs: {nextCursor: $.a.b}}\n",
        );
        assert_eq!(pagination, None);
        assert_eq!(
            warnings.lines().next(),
            Some(
                "warning: `GET /things` stays single-page: `x-speakeasy-pagination` reads `from` from `in: requestBody`; only `in: parameters` is supported"
            )
        );
        let (pagination, warnings) = paginate(
            &[("from", "string")],
            "{type: string}",
            "      x-pagination: {scheme: link-header}\n",
        );
        assert_eq!(pagination, None);
        assert_eq!(
            warnings.lines().next(),
            Some(
                "warning: `GET /things` stays single-page: `x-pagination` is on an operation without one JSON success body"
            )
        );
    }
}
