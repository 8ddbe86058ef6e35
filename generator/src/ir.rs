//! The intermediate model the emitters read.
//!
//! Every OpenAPI question (`$ref` chains, `nullable` beside a `$ref`, `allOf` merging, names,
//! recursion) is settled while building it, in [`crate::normalize`]; emitting code only reads
//! this model and never looks at the document again.

use indexmap::IndexMap;
use serde::Serialize;

/// Named types by their Rust name. Hashed with foldhash, as the document's own objects are
/// (`load::Members`): the normaliser looks a type up for nearly every schema it reads.
pub type Types = IndexMap<String, TypeDef, foldhash::fast::RandomState>;

/// One API: the types and operations of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version` as written (often not semver: `2025-11-10`, `latest`).
    pub version: String,
    /// `info.description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `servers`, in document order.
    pub servers: Vec<Server>,
    /// Every named type, keyed and sorted by its Rust name.
    pub types: Types,
    /// Every operation, in document order (paths, then methods in the order OpenAPI lists them).
    pub operations: Vec<Operation>,
    /// Events the API sends to its users' endpoints: 3.1 `webhooks`, 3.0 `x-webhooks`, and
    /// operation `callbacks`, in document order.
    pub webhooks: Vec<Webhook>,
    /// The payload property (`event`, `type`) whose single allowed value names the event in
    /// every payload, so a request body alone says which event it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_tag: Option<String>,
    /// `components.securitySchemes` the client can send credentials for, in document order;
    /// operations refer to them by index.
    pub security_schemes: Vec<SecurityScheme>,
}

/// An event delivered to a webhook endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Webhook {
    /// The event's name as the document writes it (`personalAccessToken.updated`).
    pub name: String,
    /// Rust variant name in the event enum.
    pub variant: String,
    /// Type of the request body the API sends.
    pub payload: TypeRef,
    /// Summary and description of the webhook operation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// The value of the payload's tag property that names this event, when every payload
    /// has one (see [`Api::webhook_tag`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_value: Option<String>,
}

/// A way to authenticate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityScheme {
    /// The key under `components.securitySchemes`.
    pub key: String,
    /// Rust name of the client builder method that sets its credential (snake case).
    pub setter: String,
    /// What is sent.
    pub kind: SecurityKind,
    /// OAuth 2.0's `clientCredentials` flow, whose tokens the client fetches itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_credentials: Option<ClientCredentialsFlow>,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// An OAuth 2.0 `clientCredentials` flow (RFC 6749 §4.4): a client id and secret exchanged
/// at the token URL for bearer tokens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientCredentialsFlow {
    /// `tokenUrl`: absolute, or relative to the base URL.
    pub token_url: String,
    /// Rust name of the client builder method that sets the client id and secret, sent to
    /// the token endpoint in a `Basic` header.
    pub setter: String,
    /// Rust name of the one that sends them in the form body (`client_secret_post`).
    pub post_setter: String,
}

/// The OAuth 2.0 scopes an operation's security requirements ask of one scheme with a
/// client-credentials flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OAuthScopes {
    /// Index into [`Api::security_schemes`].
    pub scheme: usize,
    /// The scopes, in document order, without repeats.
    pub scopes: Vec<String>,
}

/// What a security scheme sends.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SecurityKind {
    /// `Authorization: Bearer <token>`: HTTP `bearer`, OAuth 2.0 and OpenID Connect tokens.
    Bearer {
        /// Which kind of token the document names (`JWT`, `oauth2`).
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<String>,
    },
    /// HTTP `basic`.
    Basic,
    /// An API key in a header, the query or a cookie.
    ApiKey {
        /// Where it goes.
        location: ParameterLocation,
        /// Header, parameter or cookie name.
        name: String,
    },
}

/// A server the API is reachable at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    /// URL template, possibly with `{variables}`.
    pub url: String,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Variables of the template with their defaults, in document order.
    pub variables: Vec<ServerVariable>,
    /// The URL with every variable at its default, without a trailing `/`, when this is the
    /// first server and that URL is absolute `http(s)` with nothing that could move its host:
    /// the client's base URL unless its caller sets another.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_url: Option<String>,
}

/// One `{variable}` of a server URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerVariable {
    /// Name as written in the template.
    pub name: String,
    /// The value used unless the caller picks another.
    pub default: String,
    /// Allowed values, when listed.
    pub allowed: Vec<String>,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A Rust type the generated module defines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// Unique Rust name (`UsersProviderKey`); not serialised, as [`Api::types`] is keyed by it.
    #[serde(skip)]
    pub name: String,
    /// Doc comment text: title and description of the schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// JSON pointer of the schema it comes from.
    pub origin: String,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Struct),
    /// A string or integer enum, open to values added later.
    Enum(Enum),
    /// `oneOf`/`anyOf`: one of several types.
    Union(Union),
    /// Another name for a type (`pub type Id = String;`).
    Alias(TypeRef),
    /// A one-field tuple struct; used instead of an alias where an alias would be recursive
    /// (`Tree = Vec<Tree>`), which Rust does not allow.
    Newtype(Newtype),
}

impl TypeKind {
    /// The types a value of this kind is, rather than contains: a union's variants, an
    /// alias's or a newtype's target; decoding one decodes them without reading input first.
    pub fn parts(&self) -> Box<dyn Iterator<Item = &TypeRef> + '_> {
        match self {
            TypeKind::Union(union) => Box::new(union.variants.iter().map(|variant| &variant.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype(Newtype { ty, .. }) => {
                Box::new(std::iter::once(ty))
            }
            TypeKind::Struct(_) | TypeKind::Enum(_) => Box::new(std::iter::empty()),
        }
    }
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Struct {
    /// Fields in document order: merged `allOf` members first, then own properties.
    pub fields: Vec<Field>,
    /// Type of the values of properties not listed (`additionalProperties: {schema}`), kept in
    /// a map field next to the named ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional: Option<AdditionalProperties>,
}

/// The map of undeclared properties of a struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AdditionalProperties {
    /// Rust field name (normally `additional_properties`).
    pub name: String,
    /// Type of each value.
    pub ty: TypeRef,
}

/// One field of a struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Field {
    /// Rust identifier, raw if it is a keyword (`r#type`).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Doc comment text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// Type of a present, non-null value.
    pub ty: TypeRef,
    /// The property must be present.
    pub required: bool,
    /// The property may be `null`.
    pub nullable: bool,
    /// The value is stored behind a `Box` because the type contains itself.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
    /// The value is a non-object `allOf` member whose fields are read from the same object
    /// (`#[serde(flatten)]`); `wire_name` is then meaningless.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub flatten: bool,
}

/// A string or integer enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Enum {
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant that carries a value not listed in the document.
    pub fallback: String,
}

impl Enum {
    /// Whether every value is a string: the enum is read and written as a string (with
    /// `as_str`, `FromStr` and an `Unknown(String)` fallback) rather than as an integer.
    pub fn holds_strings(&self) -> bool {
        self.variants.iter().all(|variant| matches!(variant.value, EnumValue::String(_)))
    }
}

/// One known value of an enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub value: EnumValue,
    /// Doc comment text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// A value of an enum as sent on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum EnumValue {
    /// A string enum's value.
    String(String),
    /// An integer enum's value.
    Integer(i64),
}

/// A `oneOf`/`anyOf`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Union {
    /// Alternatives in the order they are tried when decoding an untagged union.
    pub variants: Vec<UnionVariant>,
    /// The discriminator property naming the variant, when the document declares one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Name of the variant that keeps, as received, an object whose tag value no variant
    /// has (tagged unions only): servers add kinds of objects, as they add enum values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct UnionVariant {
    /// Rust variant name.
    pub name: String,
    /// Type it holds.
    pub ty: TypeRef,
    /// The discriminator value selecting it (tagged unions only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_value: Option<String>,
    /// Stored behind a `Box` because the type contains itself.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
}

/// A tuple struct around one type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Newtype {
    /// Type it wraps.
    pub ty: TypeRef,
    /// Stored behind a `Box` because the type contains itself.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub boxed: bool,
}

/// A use of a type: in a field, a variant, a parameter, a body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum TypeRef {
    /// A type the module defines, by name.
    Named(String),
    /// A built-in scalar.
    Primitive(Primitive),
    /// Any JSON value.
    Any,
    /// A list.
    Array(Box<TypeRef>),
    /// An object used as a map from string keys.
    Map(Box<TypeRef>),
    /// A value that may be `null` where presence is not a field's business (array items, map
    /// values).
    Nullable(Box<TypeRef>),
    /// A JSON array of fixed length whose items have their own types (3.1 `prefixItems`).
    Tuple(Vec<TypeRef>),
    /// A type of another crate the document names with `x-rust-type`, written as given
    /// (`chrono::DateTime<chrono::Utc>`); the generated crate must depend on that crate.
    External(String),
}

impl TypeRef {
    /// The named type this is, seen through `null`.
    pub fn named(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Nullable(inner) => inner.named(),
            _ => None,
        }
    }
}

/// Scalars and the formats that pick a Rust type for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Primitive {
    /// `string`.
    String,
    /// `boolean`.
    Bool,
    /// `integer` with `format: int8`.
    I8,
    /// `format: int16`.
    I16,
    /// `format: int32`.
    I32,
    /// `integer` with `format: int64` or no format.
    I64,
    /// `format: uint8`.
    U8,
    /// `format: uint16`.
    U16,
    /// `format: uint32`.
    U32,
    /// `format: uint64`.
    U64,
    /// `number` with `format: float`.
    F32,
    /// `number` with `format: double` or no format.
    F64,
    /// `format: date-time` (RFC 3339).
    DateTime,
    /// `format: date` (RFC 3339 full-date).
    Date,
    /// `format: uuid`.
    Uuid,
    /// `format: byte`: base64 text carrying bytes.
    Base64,
    /// `format: binary`: raw bytes.
    Binary,
}

/// An HTTP operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// Rust method name (snake case), unique in the API.
    pub name: String,
    /// `operationId` as written, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template as written (`/users/{user_id}/tokens/{token}`).
    pub path: String,
    /// `summary`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `tags`.
    pub tags: Vec<String>,
    /// `deprecated: true`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// Path-level and operation parameters, in that order, the operation's own overriding.
    pub parameters: Vec<Parameter>,
    /// The request body, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<RequestBody>,
    /// Responses in document order.
    pub responses: Vec<Response>,
    /// Alternatives of security requirements, each the indexes into
    /// [`Api::security_schemes`] of the schemes needed together; empty when the operation
    /// needs none, and an empty alternative when anonymous access is one of them.
    pub security: Vec<Vec<usize>>,
    /// The scopes its security requirements ask of the schemes with a client-credentials
    /// flow, each scheme once (the scopes of every requirement naming it, merged).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<OAuthScopes>,
    /// How the operation's list continues on further pages, when its shape (or an extension)
    /// says so (`normalize/pagination.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
}

/// How the pages of a list operation follow one another. Parameter and member names are as on
/// the wire; every parameter named is a query parameter of the operation in the `form` style.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pagination {
    /// What the next request changes.
    pub scheme: PageScheme,
    /// The member of the success body holding the page's items; `None` when the body is
    /// the list itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Field>,
    /// The type of one item.
    pub item: TypeRef,
    /// A boolean member of the body that is `false` on the last page (`has_more`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_more: Option<String>,
    /// The query parameter setting the page size (`limit`, `per_page`): a page with fewer
    /// items than the caller asked for is the last of an offset or page-number list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<String>,
}

/// What a next page's request changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PageScheme {
    /// `parameter` takes the `id` member of the previous page's last item (`starting_after`).
    ItemCursor {
        /// The query parameter.
        parameter: String,
        /// The item's member.
        id: String,
    },
    /// `parameter` takes the body's `field` (`next_cursor`, `next_page_token`).
    BodyCursor {
        /// The query parameter.
        parameter: String,
        /// The body's member.
        field: String,
    },
    /// The body's `field` is the next page's URL (`next`, `next_page_uri`).
    NextUrl {
        /// The body's member.
        field: String,
    },
    /// The `Link` header's `rel="next"` URL (RFC 8288).
    LinkHeader,
    /// `parameter` is the offset of the first item: the previous offset plus its items.
    Offset {
        /// The query parameter.
        parameter: String,
    },
    /// `parameter` is the page number, counted from `first`.
    PageNumber {
        /// The query parameter.
        parameter: String,
        /// The number of the first page.
        first: i64,
    },
}

impl PageScheme {
    /// The scheme's name in notes and reports.
    pub fn label(&self) -> &'static str {
        match self {
            PageScheme::ItemCursor { .. } => "cursor from the last item",
            PageScheme::BodyCursor { .. } => "cursor in the body",
            PageScheme::NextUrl { .. } => "next URL in the body",
            PageScheme::LinkHeader => "Link header",
            PageScheme::Offset { .. } => "offset",
            PageScheme::PageNumber { .. } => "page number",
        }
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ParameterLocation {
    /// A `{segment}` of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParameterLocation {
    /// The style a parameter here has when the document names none: `simple` in the path
    /// and headers, exploded `form` in the query and cookies.
    pub fn default_style(self) -> Style {
        match self {
            ParameterLocation::Path | ParameterLocation::Header => Style::Simple { explode: false },
            ParameterLocation::Query | ParameterLocation::Cookie => Style::Form { explode: true },
        }
    }
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// Name on the wire.
    pub wire_name: String,
    /// Rust identifier.
    pub name: String,
    /// Where it goes.
    pub location: ParameterLocation,
    /// Must be given.
    pub required: bool,
    /// Its type.
    pub ty: TypeRef,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// How the value is written: the document's `style` and `explode`, or their defaults
    /// for the location.
    pub style: Style,
    /// `allowReserved`: RFC 3986's reserved characters of a query value are sent as they are.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allow_reserved: bool,
}

/// How a parameter's or a form property's value is written on the wire: OpenAPI's `style`
/// with its `explode`, or JSON text for a parameter described by `content` (or a form
/// property whose `encoding` names a JSON media type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Style {
    /// `blue`, `blue,black`; objects `R,100,G,200`, exploded `R=100,G=200`.
    Simple {
        /// Object members as `key=value`.
        explode: bool,
    },
    /// `.blue`, `.blue,black`, exploded `.blue.black`.
    Label {
        /// Items and members each after their own `.`.
        explode: bool,
    },
    /// `;color=blue`, `;color=blue,black`, exploded `;color=blue;color=black`.
    Matrix {
        /// Items and members each as their own `;name=value`.
        explode: bool,
    },
    /// `color=blue`, `color=blue,black`, exploded `color=blue&color=black`.
    Form {
        /// Items as repeated pairs, object members as pairs of their own.
        explode: bool,
    },
    /// `color=blue%20black`.
    SpaceDelimited,
    /// `color=blue|black`.
    PipeDelimited,
    /// `color[R]=100&color[G]=200`, nested values in the bracket form.
    DeepObject,
    /// The value's JSON text.
    Json,
}

/// The body of a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBody {
    /// Must be sent.
    pub required: bool,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// One entry per media type, in document order.
    pub contents: Vec<Content>,
}

/// A body in one media type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Content {
    /// `application/json`, `multipart/form-data`...
    pub media_type: String,
    /// Type of the body; `None` when the document gives no schema.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ty: Option<TypeRef>,
    /// `encoding`: how the properties it names are written, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub encoding: Vec<PropertyEncoding>,
    /// The types of a `text/event-stream` body's events, in document order, when OpenAPI
    /// 3.2's `itemSchema` is a union of them keyed by their `event` field; empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventType>,
}

impl Content {
    /// The types the body is made of: its own, and its events' data.
    pub fn types(&self) -> impl Iterator<Item = &TypeRef> {
        self.ty.iter().chain(self.events.iter().filter_map(|event| event.data.as_ref()))
    }

    /// [`Content::types`], to change.
    pub fn types_mut(&mut self) -> impl Iterator<Item = &mut TypeRef> {
        self.ty.iter_mut().chain(self.events.iter_mut().filter_map(|event| event.data.as_mut()))
    }
}

/// The variant of an operation's enum of events keyed by type that holds an event of a
/// type the document does not list; no [`EventType::variant`] takes it.
pub const UNKNOWN_EVENT: &str = "Unknown";

/// One type of server-sent event of a union keyed by the `event` field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventType {
    /// The value of `event` that names it.
    pub event: String,
    /// The variant of the operation's enum of events.
    pub variant: String,
    /// The JSON type of its `data`; `None` when its data is text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<TypeRef>,
    /// The alternative's `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// How one property of a form or multipart body is written (an entry of `encoding`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PropertyEncoding {
    /// The property's name on the wire.
    pub property: String,
    /// In a form body: its style, or `Json` for a JSON `contentType`.
    pub style: Style,
    /// `contentType`: the media type of its part in a multipart body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// One documented response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// Which status codes it covers.
    pub status: Status,
    /// `description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// Bodies by media type; empty when the response has none.
    pub contents: Vec<Content>,
}

/// The status key of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Status {
    /// One status code (`404`).
    Code(u16),
    /// A class (`4XX` is `Range(4)`).
    Range(u8),
    /// `default`: every status not listed.
    Default,
}
