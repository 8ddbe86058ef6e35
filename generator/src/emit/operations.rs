//! The `operations` module: per-operation types (optional parameters, documented errors,
//! several success bodies), and the plan of each operation that `client.rs` follows.

use std::collections::BTreeSet;

use crate::ir::{
    Api, Content, EventType, Operation, Parameter, ParameterLocation, Primitive, Status, Style,
    TypeKind, TypeRef, UNKNOWN_EVENT,
};
use crate::media::{
    MediaKind, REQUEST_PREFERENCE, RESPONSE_PREFERENCE, is_event_stream, media_kind, preferred,
};
use crate::naming::{self, Scope};

use super::code::{Code, string_literal};
use super::docs::prose;
use super::features::{Features, write_cfg};
use super::imports::{Imports, Item};
use super::layout::Layout;
use super::types::TypeWriter;

/// How a body (request or response) is carried.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// JSON of the given type.
    Json(TypeRef),
    /// `application/x-www-form-urlencoded` of the given type, with the style of each property
    /// its `encoding` names.
    Form(TypeRef, Vec<(String, Style)>),
    /// `multipart/form-data` built from the fields of a struct (its name and fields); `None`
    /// when the document gives no struct, and the caller passes a `reqwest` form.
    Multipart(Option<(String, Vec<MultipartField>)>),
    /// Text (`text/plain` and other text types), with its media type.
    Text(String),
    /// Bytes (`application/octet-stream`, images...), with their media type.
    Bytes(String),
    /// Server-sent events (`text/event-stream`, a response's only success), with the
    /// media type and what each event's `data` is.
    Events(String, EventData),
    /// No body.
    Empty,
}

impl Payload {
    /// The payload read whole: events as text, where a stream cannot be held (a variant of
    /// an enum of several successes or of errors, which are read whole).
    fn buffered(self) -> Payload {
        match self {
            Payload::Events(media_type, _) => Payload::Text(media_type),
            other => other,
        }
    }
}

/// What the `data` of each server-sent event of a stream decodes to.
#[derive(Debug, Clone, PartialEq)]
pub enum EventData {
    /// Text, as sent.
    Text,
    /// JSON of this type.
    Json(TypeRef),
    /// A variant of the operation's enum of events (named first), chosen by the event's
    /// type.
    Keyed(String, Vec<EventType>),
}

/// A field of a multipart body: one part.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartField {
    /// The part's name.
    pub wire_name: String,
    /// The struct field.
    pub field: String,
    /// Sent as a file (`format: binary`) rather than text.
    pub binary: bool,
    /// The field is a plain value rather than an `Option` or `Tristate`.
    pub always_present: bool,
    /// The part's media type, when the body's `encoding` names one.
    pub content_type: Option<String>,
    /// For a file part, the call's field and setter that take it as a [`runtime::Body`] (a
    /// stream or a file, sent as it is read) in place of the struct field's bytes.
    ///
    /// [`runtime::Body`]: client_runtime::Body
    pub stream: Option<String>,
}

/// A response status the operation documents, and what its body becomes.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The status key.
    pub status: Status,
    /// Variant name in the success or error enum.
    pub variant: String,
    /// The body.
    pub payload: Payload,
    /// The response's description.
    pub docs: Option<String>,
}

/// What the generated method of one operation looks like.
pub struct Plan<'a> {
    /// The operation.
    pub operation: &'a Operation,
    /// Required parameters, in the order they become arguments, with their names (as
    /// arguments and as fields of the call).
    pub arguments: Vec<(&'a Parameter, String)>,
    /// Optional parameters, each with the name of its field and setter on the call.
    pub optional: Vec<(&'a Parameter, String)>,
    /// Name of the call type: what the client's method returns, whose setters take the
    /// optional parameters and whose `send` (or `.await`) makes the request.
    pub call_type: String,
    /// The request body, its argument name, and whether it is required.
    pub body: Option<(Payload, String, bool)>,
    /// Documented success responses.
    pub successes: Vec<Outcome>,
    /// Name of the success enum, when there are several successes.
    pub success_type: Option<String>,
    /// Documented error responses.
    pub errors: Vec<Outcome>,
    /// Name of the error enum; an operation without documented errors has one too, without
    /// variants, so that documenting one later only adds a variant.
    pub error_type: String,
    /// The `Accept` header: the media types of the response bodies the client decodes,
    /// unless the operation has an `Accept` parameter of its own.
    pub accept: Option<String>,
    /// Server-sent events ([`Payload::Events`]) the one success offers beside the media type
    /// the call decodes (JSON, mostly, for APIs that stream when the body asks them to): the
    /// call's `send_events` asks for them and reads them as a stream.
    pub events: Option<Payload>,
}

/// The members of every call type besides its parameters: its fields `client` and `body`,
/// its methods `send`, `decode`, `send_streaming` (of a download), `send_events` and `body`,
/// `IntoFuture::into_future`; and what a parameter must not
/// be named after, `request` and `response`, the locals of `send`.
const CALL_MEMBERS: [&str; 9] = [
    "client",
    "body",
    "send",
    "decode",
    "send_streaming",
    "send_events",
    "into_future",
    "request",
    "response",
];

/// Plans every operation, naming their types uniquely.
pub fn plans(api: &Api) -> Vec<Plan<'_>> {
    let mut names = Scope::new();
    api.operations.iter().map(|operation| plan(api, operation, &mut names)).collect()
}

fn plan<'a>(api: &Api, operation: &'a Operation, names: &mut Scope) -> Plan<'a> {
    let base = naming::type_name(&operation.name, "Operation");
    // The names of the call's fields and setters: the arguments, the optional parameters,
    // and what the call type itself defines.
    let mut argument_names = Scope::new();
    for reserved in CALL_MEMBERS {
        argument_names.claim(reserved);
    }
    if operation.pagination.is_some() {
        for reserved in super::pagination::CALL_MEMBERS {
            argument_names.claim(reserved);
        }
    }
    let mut path_parameters: Vec<&Parameter> =
        operation.parameters.iter().filter(|p| p.location == ParameterLocation::Path).collect();
    path_parameters.sort_by_key(|p| {
        operation.path.find(&format!("{{{}}}", p.wire_name)).unwrap_or(usize::MAX)
    });
    let required_others =
        operation.parameters.iter().filter(|p| p.location != ParameterLocation::Path && p.required);
    let arguments: Vec<(&Parameter, String)> = path_parameters
        .into_iter()
        .chain(required_others)
        .map(|parameter| (parameter, argument_names.claim(&parameter.name)))
        .collect();
    let optional: Vec<(&Parameter, String)> = operation
        .parameters
        .iter()
        .filter(|p| !p.required)
        .map(|parameter| (parameter, argument_names.claim(&parameter.name)))
        .collect();
    let call_type = names.claim(&format!("{base}Call"));
    let mut body = operation.body.as_ref().and_then(|body| {
        let payload = request_payload(api, &body.contents)?;
        Some((payload, "body".to_owned(), body.required))
    });
    // A call that pages is cloned for each page, which a stream cannot be.
    if let (Some((Payload::Multipart(Some((_, fields))), _, _)), None) =
        (&mut body, &operation.pagination)
    {
        for field in fields.iter_mut().filter(|field| field.binary) {
            let name = format!("{}_stream", field.field.trim_start_matches("r#"));
            field.stream = Some(argument_names.claim(&name));
        }
    }

    let mut success_names = Scope::new();
    let mut error_names = Scope::new();
    let mut successes = Vec::new();
    let mut errors = Vec::new();
    for response in &operation.responses {
        let payload = response_payload(&response.contents, names, &base);
        let success = is_success(response.status);
        let scope = if success { &mut success_names } else { &mut error_names };
        let outcome = Outcome {
            status: response.status,
            variant: scope.claim(&status_name(response.status)),
            payload,
            docs: response.docs.clone(),
        };
        if success {
            successes.push(outcome);
        } else {
            errors.push(outcome);
        }
    }
    // Only a call's one success can be a stream: an enum of several is read whole.
    if successes.len() > 1 {
        for outcome in &mut successes {
            outcome.payload = outcome.payload.clone().buffered();
        }
    }
    for outcome in &mut errors {
        outcome.payload = outcome.payload.clone().buffered();
    }
    let success_type = (successes.len() > 1).then(|| names.claim(&format!("{base}Success")));
    let error_type = names.claim(&format!("{base}Error"));
    let mut accepted: Vec<&str> = Vec::new();
    for media_type in operation
        .responses
        .iter()
        .filter_map(|response| decoded_content(&response.contents))
        .map(|content| content.media_type.as_str())
    {
        if !accepted.contains(&media_type) {
            accepted.push(media_type);
        }
    }
    let own_accept = operation.parameters.iter().any(|p| {
        p.location == ParameterLocation::Header && p.wire_name.eq_ignore_ascii_case("accept")
    });
    let accept = (!accepted.is_empty() && !own_accept).then(|| accepted.join(", "));
    let success_contents = operation.responses.iter().filter(|r| is_success(r.status));
    let events = match (successes.as_slice(), success_contents.collect::<Vec<_>>().as_slice()) {
        ([outcome], [response]) if !matches!(outcome.payload, Payload::Events(..)) => response
            .contents
            .iter()
            .find(|content| is_event_stream(&content.media_type))
            .map(|content| event_payload(content, names, &base)),
        _ => None,
    };
    Plan {
        operation,
        arguments,
        optional,
        call_type,
        body,
        successes,
        success_type,
        errors,
        error_type,
        accept,
        events,
    }
}

pub(super) fn is_success(status: Status) -> bool {
    match status {
        Status::Code(code) => (200..300).contains(&code),
        Status::Range(class) => class == 2,
        Status::Default => false,
    }
}

/// The media type a request body is sent as: JSON if offered, else a form, multipart,
/// bytes, then text.
fn request_payload(api: &Api, contents: &[Content]) -> Option<Payload> {
    let content = preferred(contents, |c| &c.media_type, &REQUEST_PREFERENCE)?;
    Some(match media_kind(&content.media_type) {
        MediaKind::Json => Payload::Json(content.ty.clone().unwrap_or(TypeRef::Any)),
        MediaKind::Form => {
            let ty = content.ty.clone().unwrap_or(TypeRef::Map(Box::new(TypeRef::Any)));
            let encodings = content
                .encoding
                .iter()
                .map(|encoding| (encoding.property.clone(), encoding.style))
                .collect();
            Payload::Form(ty, encodings)
        }
        MediaKind::Multipart => {
            let structure = match &content.ty {
                Some(TypeRef::Named(name)) => match api.types.get(name).map(|d| &d.kind) {
                    Some(TypeKind::Struct(structure)) => {
                        let fields = structure
                            .fields
                            .iter()
                            .filter(|field| !field.flatten)
                            .map(|field| MultipartField {
                                wire_name: field.wire_name.clone(),
                                field: field.name.clone(),
                                binary: field.ty == TypeRef::Primitive(Primitive::Binary),
                                always_present: field.required && !field.nullable,
                                content_type: content
                                    .encoding
                                    .iter()
                                    .find(|encoding| encoding.property == field.wire_name)
                                    .and_then(|encoding| encoding.content_type.clone()),
                                stream: None,
                            })
                            .collect();
                        Some((name.clone(), fields))
                    }
                    _ => None,
                },
                _ => None,
            };
            Payload::Multipart(structure)
        }
        MediaKind::Bytes => Payload::Bytes(content.media_type.clone()),
        MediaKind::Text => Payload::Text(content.media_type.clone()),
    })
}

/// The content of a response the client decodes: JSON if offered, else text, else the
/// first, as bytes.
fn decoded_content(contents: &[Content]) -> Option<&Content> {
    preferred(contents, |c| &c.media_type, &RESPONSE_PREFERENCE)
}

/// What a response body becomes: JSON if offered, else text (server-sent events as a
/// stream of them, their data JSON unless the schema is a string or absent), else bytes.
/// `names` and `base` name an enum of events keyed by their type.
fn response_payload(contents: &[Content], names: &mut Scope, base: &str) -> Payload {
    match decoded_content(contents) {
        Some(content) if is_event_stream(&content.media_type) => {
            event_payload(content, names, base)
        }
        Some(content) => match media_kind(&content.media_type) {
            MediaKind::Json => Payload::Json(content.ty.clone().unwrap_or(TypeRef::Any)),
            MediaKind::Text => Payload::Text(content.media_type.clone()),
            MediaKind::Form | MediaKind::Multipart | MediaKind::Bytes => {
                Payload::Bytes(content.media_type.clone())
            }
        },
        None => Payload::Empty,
    }
}

/// Server-sent events of `content`: a variant of an enum named after `base` chosen by their
/// type where the document keys them so, else their data JSON of its type, or text when the
/// schema is a string or absent.
fn event_payload(content: &Content, names: &mut Scope, base: &str) -> Payload {
    let data = if !content.events.is_empty() {
        EventData::Keyed(names.claim(&format!("{base}Event")), content.events.clone())
    } else {
        match content.ty.clone().filter(|ty| *ty != TypeRef::Primitive(Primitive::String)) {
            Some(ty) => EventData::Json(ty),
            None => EventData::Text,
        }
    };
    Payload::Events(content.media_type.clone(), data)
}

/// A variant name for a status: its reason phrase (`404` -> `NotFound`).
fn status_name(status: Status) -> String {
    match status {
        Status::Code(code) => match reason_phrase(code) {
            Some(reason) => naming::variant_name(reason),
            None => format!("Status{code}"),
        },
        Status::Range(1) => "Informational".to_owned(),
        Status::Range(2) => "Success".to_owned(),
        Status::Range(3) => "Redirection".to_owned(),
        Status::Range(4) => "ClientError".to_owned(),
        Status::Range(class) => {
            if class == 5 {
                "ServerError".to_owned()
            } else {
                format!("Status{class}xx")
            }
        }
        Status::Default => "Default".to_owned(),
    }
}

fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "I'm a teapot",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        _ => return None,
    })
}

/// How the generated method reads one response: the `RawResponse` method it calls. The
/// client writes the calls and the inlined runtime keeps exactly the methods called, so both
/// take them from [`Plan::response_arms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoding {
    /// The only success body, decoded as JSON.
    Json,
    /// A success body decoded as JSON into a variant of the success enum.
    JsonWith,
    /// The only success body, as text.
    Text,
    /// A success body as text, in a variant of the success enum.
    TextWith,
    /// The only success body, as bytes.
    Bytes,
    /// A success body as bytes, in a variant of the success enum.
    BytesWith,
    /// The only success body, server-sent events with JSON data, as a stream.
    Events,
    /// The only success body, server-sent events with text data, as a stream.
    TextEvents,
    /// The only success body, server-sent events whose type says what their data is, as a
    /// stream of the operation's enum of them.
    KeyedEvents,
    /// A success without a body (or with one the client does not read).
    Empty,
    /// A documented error with a JSON body.
    ApiJson,
    /// A documented error with a text body.
    ApiText,
    /// A documented error with a bytes body.
    ApiBytes,
    /// A documented error without a body.
    ApiEmpty,
    /// Any status the operation does not document.
    Unexpected,
}

impl Decoding {
    /// The name of the `RawResponse` method.
    pub fn method(self) -> &'static str {
        match self {
            Decoding::Json => "json",
            Decoding::JsonWith => "json_with",
            Decoding::Text => "text",
            Decoding::TextWith => "text_with",
            Decoding::Bytes => "bytes",
            Decoding::BytesWith => "bytes_with",
            Decoding::Events => "events",
            Decoding::TextEvents => "text_events",
            Decoding::KeyedEvents => "keyed_events",
            Decoding::Empty => "empty",
            Decoding::ApiJson => "api_json",
            Decoding::ApiText => "api_text",
            Decoding::ApiBytes => "api_bytes",
            Decoding::ApiEmpty => "api_empty",
            Decoding::Unexpected => "unexpected",
        }
    }
}

impl EventData {
    /// How a response of these events is read.
    pub fn decoding(&self) -> Decoding {
        match self {
            EventData::Text => Decoding::TextEvents,
            EventData::Json(_) => Decoding::Events,
            EventData::Keyed(..) => Decoding::KeyedEvents,
        }
    }
}

/// One arm of the generated `match` on a response's status.
#[derive(Debug, Clone, Copy)]
pub struct ResponseArm<'p> {
    /// The statuses it matches.
    pub statuses: ArmStatuses,
    /// The documented response, unless the arm is a fallback.
    pub outcome: Option<&'p Outcome>,
    /// How the response is read.
    pub decoding: Decoding,
}

/// The statuses one arm matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArmStatuses {
    /// Every `2XX`, for an operation that documents no success.
    AnySuccess,
    /// A documented status key.
    Documented(Status),
    /// Every status no other arm matches.
    Rest,
}

impl Plan<'_> {
    /// The arms of the `match` on the response's status, in the order they are written:
    /// exact codes, then ranges, then `default` or the fallback for undocumented statuses.
    pub fn response_arms(&self) -> Vec<ResponseArm<'_>> {
        let enumerated = self.success_type.is_some();
        let mut documented: Vec<ResponseArm<'_>> = Vec::new();
        for outcome in &self.successes {
            let decoding = match (&outcome.payload, enumerated) {
                (Payload::Json(_) | Payload::Form(..), false) => Decoding::Json,
                (Payload::Json(_) | Payload::Form(..), true) => Decoding::JsonWith,
                (Payload::Text(_), false) => Decoding::Text,
                (Payload::Text(_), true) => Decoding::TextWith,
                (Payload::Bytes(_), false) => Decoding::Bytes,
                (Payload::Bytes(_), true) => Decoding::BytesWith,
                (Payload::Events(_, data), _) => data.decoding(),
                (Payload::Multipart(_) | Payload::Empty, _) => Decoding::Empty,
            };
            let statuses = ArmStatuses::Documented(outcome.status);
            documented.push(ResponseArm { statuses, outcome: Some(outcome), decoding });
        }
        for outcome in &self.errors {
            let decoding = match &outcome.payload {
                Payload::Json(_) | Payload::Form(..) => Decoding::ApiJson,
                Payload::Text(_) | Payload::Events(..) => Decoding::ApiText,
                Payload::Bytes(_) => Decoding::ApiBytes,
                Payload::Multipart(_) | Payload::Empty => Decoding::ApiEmpty,
            };
            let statuses = ArmStatuses::Documented(outcome.status);
            documented.push(ResponseArm { statuses, outcome: Some(outcome), decoding });
        }
        documented.sort_by_key(|arm| match arm.statuses {
            ArmStatuses::Documented(Status::Code(_)) => 0,
            ArmStatuses::Documented(Status::Range(_)) => 1,
            _ => 2,
        });
        let mut arms = Vec::new();
        if self.successes.is_empty() {
            let statuses = ArmStatuses::AnySuccess;
            arms.push(ResponseArm { statuses, outcome: None, decoding: Decoding::Empty });
        }
        let has_default =
            documented.iter().any(|arm| arm.statuses == ArmStatuses::Documented(Status::Default));
        arms.extend(documented);
        if !has_default {
            let statuses = ArmStatuses::Rest;
            arms.push(ResponseArm { statuses, outcome: None, decoding: Decoding::Unexpected });
        }
        arms
    }

    /// Whether `send` reads the response as a stream: its one success is server-sent events.
    pub fn streams(&self) -> bool {
        self.response_arms().iter().any(|arm| {
            matches!(arm.decoding, Decoding::Events | Decoding::TextEvents | Decoding::KeyedEvents)
        })
    }

    /// The file parts of the multipart body that the call can send from a stream or a file,
    /// each with the name of its field and setter on the call.
    pub fn part_streams(&self) -> Vec<(&MultipartField, &String)> {
        match &self.body {
            Some((Payload::Multipart(Some((_, fields))), _, _)) => {
                fields.iter().filter_map(|field| Some((field, field.stream.as_ref()?))).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The operation's enum of events keyed by their type, with its variants: of its one
    /// success, or of the events `send_events` asks for.
    pub fn event_enum(&self) -> Option<(&String, &[EventType])> {
        let streamed = self.successes.iter().map(|outcome| &outcome.payload);
        streamed.chain(&self.events).find_map(|payload| match payload {
            Payload::Events(_, EventData::Keyed(name, events)) => Some((name, events.as_slice())),
            _ => None,
        })
    }

    /// Whether the call also has `send_streaming`, which gives its one success, bytes, as
    /// a stream rather than a `Vec<u8>`.
    pub fn downloads(&self) -> bool {
        self.success_type.is_none()
            && matches!(self.successes.as_slice(), [outcome] if matches!(outcome.payload, Payload::Bytes(_)))
    }
}

/// How a status is written in a `match`: `404`, `400..=499`, or `_`.
pub fn status_pattern(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(class) => format!("{0}00..={0}99", class),
        Status::Default => "_".to_owned(),
    }
}

/// The text of a status for docs: `400`, `4XX`, `any other status`.
pub fn status_text(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(class) => format!("{class}XX"),
        Status::Default => "any other status".to_owned(),
    }
}

/// The `operations` module.
pub fn operations_module(api: &Api, plans: &[Plan<'_>], features: &Features) -> Code {
    let layout = Layout::new(api);
    let local = plans
        .iter()
        .flat_map(|plan| {
            let events = plan.event_enum().map(|(name, _)| name);
            [Some(&plan.call_type), plan.success_type.as_ref(), Some(&plan.error_type), events]
        })
        .flatten()
        .cloned();
    let mut imports = Imports::new(local);
    let mut items = Code::new();
    for (index, plan) in plans.iter().enumerate() {
        let needs = BTreeSet::from([features.operation(index).to_owned()]);
        imports.set_features(Some(&needs));
        let mut writer = TypeWriter::operations(&mut imports);
        let method = plan.operation.name.trim_start_matches("r#");
        call_type(&mut items, &mut writer, plan, &needs);
        if let Some(name) = &plan.success_type {
            items.blank();
            items.raw_docs(&format!(
                "A successful response of [`Client::{method}`](super::Client::{method}), by status."
            ));
            write_cfg(&mut items, Some(&needs));
            outcome_enum(&mut items, &mut writer, &layout, name, &plan.successes);
        }
        items.blank();
        items.raw_docs(&format!("An error response documented for [`Client::{method}`](super::Client::{method}), by status."));
        write_cfg(&mut items, Some(&needs));
        outcome_enum(&mut items, &mut writer, &layout, &plan.error_type, &plan.errors);
        if let Some((name, events)) = plan.event_enum() {
            items.blank();
            items.raw_docs(&format!(
                "An event of [`Client::{method}`](super::Client::{method}), by its type (its `event` field)."
            ));
            event_enum(&mut items, &mut writer, &layout, (name, events), &needs);
        }
        writer.write_aliases(&mut items, Some(&needs));
    }
    let mut uses = Code::new();
    imports.write_uses(&mut uses);
    items.preceded_by(uses)
}

/// How a required parameter is taken: strings as `&str`, numbers and booleans by value,
/// anything else by reference.
pub(super) enum Passing {
    Str,
    Value,
    Slice,
    Reference,
}

pub(super) fn passing(ty: &TypeRef) -> Passing {
    match ty {
        TypeRef::Primitive(Primitive::String) => Passing::Str,
        TypeRef::Primitive(
            Primitive::Bool
            | Primitive::I8
            | Primitive::I16
            | Primitive::I32
            | Primitive::I64
            | Primitive::U8
            | Primitive::U16
            | Primitive::U32
            | Primitive::U64
            | Primitive::F32
            | Primitive::F64
            | Primitive::Uuid,
        ) => Passing::Value,
        TypeRef::Array(_) => Passing::Slice,
        _ => Passing::Reference,
    }
}

/// The type a required parameter is taken as, its references living for `'a`.
pub(super) fn argument_type(writer: &mut TypeWriter<'_>, ty: &TypeRef) -> String {
    match passing(ty) {
        Passing::Str => "&'a str".to_owned(),
        Passing::Value => writer.ty(ty),
        Passing::Slice => {
            let item = match ty {
                TypeRef::Array(item) => writer.ty(item),
                other => writer.ty(other),
            };
            format!("&'a [{item}]")
        }
        Passing::Reference => format!("&'a {}", writer.ty(ty)),
    }
}

/// The type a request body is taken as, its references living for `'a`; `None` when
/// nothing is sent.
pub(super) fn body_type(writer: &mut TypeWriter<'_>, payload: &Payload) -> Option<String> {
    Some(match payload {
        Payload::Json(ty) | Payload::Form(ty, _) => format!("&'a {}", writer.ty(ty)),
        Payload::Multipart(Some((structure, _))) => format!("&'a {}", writer.named(structure)),
        Payload::Multipart(None) => writer.item(Item::Form),
        Payload::Text(_) => "&'a str".to_owned(),
        Payload::Bytes(_) => writer.item(Item::Body),
        Payload::Events(..) | Payload::Empty => return None,
    })
}

/// The call type of an operation: the client's method returns it with the required
/// arguments; its setters take the optional parameters (and an optional body), so that a
/// parameter the document adds later is one more setter, and no call site changes.
fn call_type(
    code: &mut Code,
    writer: &mut TypeWriter<'_>,
    plan: &Plan<'_>,
    needs: &BTreeSet<String>,
) {
    let name = &plan.call_type;
    let method = plan.operation.name.trim_start_matches("r#");
    let client = writer.path("super::Client");
    let option = writer.item(Item::Option);
    code.blank();
    code.raw_docs(&format!(
        "A call of [`Client::{method}`](super::Client::{method}): its setters add the optional parameters, and `.await` (or [`send`]({name}::send)) makes the request."
    ));
    write_cfg(code, Some(needs));
    // A call that pages is cloned for each page's request.
    let derives = if plan.operation.pagination.is_some() { "Debug, Clone" } else { "Debug" };
    code.line_fmt(format_args!("#[derive({derives})]"));
    code.line("#[must_use = \"a call does nothing until it is awaited\"]");
    code.open_struct(&format!("pub struct {name}<'a>"));
    code.field_visible_as("pub(crate)", "client", &format!("&'a {client}"));
    for (parameter, argument) in &plan.arguments {
        let ty = argument_type(writer, &parameter.ty);
        let ty = writer.simple(
            ty,
            &format!("{name}{}", naming::type_name(argument, "Member")),
            &format!("[`{name}`]'s `{}`", argument.trim_start_matches("r#")),
        );
        code.field_visible_as("pub(crate)", argument, &ty);
    }
    for (parameter, field) in &plan.optional {
        let ty = writer.ty(&parameter.ty);
        let ty = writer.simple(
            format!("{option}<{ty}>"),
            &format!("{name}{}", naming::type_name(field, "Member")),
            &format!("[`{name}`]'s `{}`", field.trim_start_matches("r#")),
        );
        code.field_visible_as("pub(crate)", field, &ty);
    }
    if let Some((payload, body, required)) = &plan.body {
        if let Some(ty) = body_type(writer, payload) {
            let ty = if *required { ty } else { format!("{option}<{ty}>") };
            code.field_visible_as("pub(crate)", body, &ty);
        }
    }
    let part_streams = plan.part_streams();
    if !part_streams.is_empty() {
        let ty = format!("{option}<{}>", writer.item(Item::Body));
        for (_, stream) in &part_streams {
            code.field_visible_as("pub(crate)", stream, &ty);
        }
    }
    code.close_body();

    let optional_body =
        plan.body.as_ref().filter(|(payload, _, required)| !required && *payload != Payload::Empty);
    if !plan.optional.is_empty() || optional_body.is_some() || !part_streams.is_empty() {
        code.blank();
        write_cfg(code, Some(needs));
        code.open(&format!("impl<'a> {name}<'a> {{"));
        for (parameter, field) in &plan.optional {
            code.blank();
            code.docs(parameter.docs.as_deref());
            let (argument, value) = match &parameter.ty {
                TypeRef::Primitive(Primitive::String) => {
                    (format!("impl Into<{}>", writer.item(Item::String)), "value.into()")
                }
                ty => (writer.ty(ty), "value"),
            };
            code.open_fn(
                &format!("pub fn {field}"),
                &["mut self".to_owned(), format!("value: {argument}")],
                Some("Self"),
            );
            code.statement(&format!("self.{field} = Some({value});"));
            code.line("self");
            code.close("}");
        }
        if let Some((payload, body, _)) = optional_body {
            if let Some(ty) = body_type(writer, payload) {
                let docs = plan
                    .operation
                    .body
                    .as_ref()
                    .and_then(|b| b.docs.as_deref())
                    .unwrap_or("The request body.");
                // Bytes, a stream or a file.
                let (ty, value) = match payload {
                    Payload::Bytes(_) => (format!("impl Into<{ty}>"), format!("{body}.into()")),
                    _ => (ty, body.clone()),
                };
                code.blank();
                code.docs(Some(docs));
                code.open_fn(
                    &format!("pub fn {body}"),
                    &["mut self".to_owned(), format!("{body}: {ty}")],
                    Some("Self"),
                );
                code.statement(&format!("self.{body} = Some({value});"));
                code.line("self");
                code.close("}");
            }
        }
        for (field, stream) in &part_streams {
            let body = writer.item(Item::Body);
            let wire = &field.wire_name;
            let struct_field = field.field.trim_start_matches("r#");
            code.blank();
            code.raw_docs(&format!(
                "Sends the part `{wire}` from `body`, which a stream or a file can be (read once, as it is sent), in place of the body's `{struct_field}`."
            ));
            code.open_fn(
                &format!("pub fn {stream}"),
                &["mut self".to_owned(), format!("body: impl Into<{body}>")],
                Some("Self"),
            );
            code.statement(&format!("self.{stream} = Some(body.into());"));
            code.line("self");
            code.close("}");
        }
        code.close("}");
    }

    let into_future = writer.item(Item::IntoFuture);
    let call_future = writer.item(Item::CallFuture);
    let success = success_type(writer, plan);
    let error = writer.operation_type(&plan.error_type);
    let output = outcome_type(writer, plan, &success, &error);
    code.blank();
    write_cfg(code, Some(needs));
    code.open_impl("<'a>", Some(&into_future), &format!("{name}<'a>"));
    code.type_alias("type Output", &output);
    code.type_alias("type IntoFuture", &format!("{call_future}<'a, {success}, {error}>"));
    code.blank();
    code.open_fn("fn into_future", &["self".to_owned()], Some("Self::IntoFuture"));
    // `send` is the call's boxed future, but where it streams, an `async fn`.
    code.line(if plan.streams() { "Box::pin(self.send())" } else { "self.send()" });
    code.close("}");
    code.close("}");
}

/// What awaiting a call gives, named with a type alias when too complex to read in place.
pub(super) fn outcome_type(
    writer: &mut TypeWriter<'_>,
    plan: &Plan<'_>,
    success: &str,
    error: &str,
) -> String {
    let method = plan.operation.name.trim_start_matches("r#");
    let ty = call_result(writer, success, error);
    writer.simple(
        ty,
        &format!("{}Result", naming::type_name(method, "Operation")),
        &format!("what `Client::{method}` returns"),
    )
}

/// `Result<Response<success>, Error<error>>`, what sending a call gives.
pub(super) fn call_result(writer: &mut TypeWriter<'_>, success: &str, error: &str) -> String {
    let result = writer.item(Item::Result);
    let response = writer.item(Item::Response);
    let error_type = writer.item(Item::Error);
    format!("{result}<{response}<{success}>, {error_type}<{error}>>")
}

/// The type of the value a successful call gives.
pub(super) fn success_type(writer: &mut TypeWriter<'_>, plan: &Plan<'_>) -> String {
    match (&plan.success_type, plan.successes.as_slice()) {
        (Some(name), _) => writer.operation_type(name),
        (None, [single]) => {
            payload_type(writer, &single.payload).unwrap_or_else(|| "()".to_owned())
        }
        (None, _) => "()".to_owned(),
    }
}

fn outcome_enum(
    code: &mut Code,
    writer: &mut TypeWriter<'_>,
    layout: &Layout<'_>,
    name: &str,
    outcomes: &[Outcome],
) {
    code.line("#[derive(Debug, Clone, PartialEq)]");
    code.line("#[non_exhaustive]");
    if outcomes.is_empty() {
        code.line_fmt(format_args!("pub enum {name} {{}}"));
        return;
    }
    code.open_enum(&format!("pub enum {name}"));
    for outcome in outcomes {
        let mut text = match outcome.status {
            Status::Default => "Any status not listed".to_owned(),
            status => format!("Status {}", status_text(status)),
        };
        if let Some(description) = outcome.docs.as_deref().filter(|d| !d.is_empty()) {
            text.push_str(": ");
            text.push_str(&prose(description));
        }
        code.raw_docs(&text);
        let boxed = match &outcome.payload {
            Payload::Json(ty) | Payload::Form(ty, _) => layout.is_large(ty),
            _ => false,
        };
        let variant = &outcome.variant;
        match payload_type(writer, &outcome.payload) {
            Some(ty) => {
                let ty = writer.boxed(ty, boxed);
                let of = format!("[`{name}::{variant}`]");
                let ty = writer.simple(ty, &format!("{name}{variant}"), &of);
                code.tuple(variant, &[ty], ",");
            }
            None => code.line_fmt(format_args!("{variant},")),
        }
    }
    code.close_body();
}

/// The enum `name` of an operation's events keyed by their type, and how each decodes: a
/// variant per type the document lists, and one for the types it does not.
fn event_enum(
    code: &mut Code,
    writer: &mut TypeWriter<'_>,
    layout: &Layout<'_>,
    (name, events): (&str, &[EventType]),
    needs: &BTreeSet<String>,
) {
    write_cfg(code, Some(needs));
    code.line("#[derive(Debug, Clone, PartialEq)]");
    code.line("#[non_exhaustive]");
    code.open_enum(&format!("pub enum {name}"));
    let string = writer.item(Item::String);
    for event in events {
        let mut text = format!("`{}` events", event.event);
        if let Some(description) = event.docs.as_deref() {
            text.push_str(": ");
            text.push_str(&prose(description));
        }
        code.raw_docs(&text);
        let ty = match &event.data {
            Some(ty) => {
                let boxed = layout.is_large(ty);
                let ty = writer.ty(ty);
                let ty = writer.boxed(ty, boxed);
                let of = format!("[`{name}::{}`]", event.variant);
                writer.simple(ty, &format!("{name}{}", event.variant), &of)
            }
            None => string.clone(),
        };
        code.tuple(&event.variant, &[ty], ",");
    }
    code.raw_docs("An event of a type the document does not list, with its data as sent.");
    code.tuple(UNKNOWN_EVENT, std::slice::from_ref(&string), ",");
    code.close_body();
    code.blank();
    let keyed = writer.item(Item::KeyedEvent);
    let json_data = writer.item(Item::JsonData);
    write_cfg(code, Some(needs));
    code.open_impl("", Some(&keyed), name);
    let result = writer.item(Item::Result);
    code.open_fn(
        "fn decode",
        &["event: &str".to_owned(), "data: &str".to_owned()],
        Some(&format!("{result}<Self, {string}>")),
    );
    code.open("match event {");
    for event in events {
        let decoded = match &event.data {
            Some(_) => format!("{json_data}(data).map(Self::{})", event.variant),
            None => format!("Ok(Self::{}(data.to_owned()))", event.variant),
        };
        code.arm(&string_literal(&event.event), &decoded);
    }
    code.arm("_", &format!("Ok(Self::{UNKNOWN_EVENT}(data.to_owned()))"));
    code.close("}");
    code.close("}");
    code.close("}");
}

/// The Rust type a response payload decodes to; `None` for no body.
pub fn payload_type(writer: &mut TypeWriter<'_>, payload: &Payload) -> Option<String> {
    match payload {
        Payload::Json(ty) | Payload::Form(ty, _) => Some(writer.ty(ty)),
        Payload::Text(_) => Some(writer.item(Item::String)),
        Payload::Bytes(_) => Some(writer.ty(&TypeRef::Primitive(Primitive::Binary))),
        Payload::Events(_, data) => {
            let data = match data {
                EventData::Json(ty) => writer.ty(ty),
                EventData::Text => writer.item(Item::String),
                EventData::Keyed(name, _) => writer.operation_type(name),
            };
            Some(format!("{}<{data}>", writer.item(Item::EventStream)))
        }
        Payload::Multipart(_) | Payload::Empty => None,
    }
}
