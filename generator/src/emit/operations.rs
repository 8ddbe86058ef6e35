//! The `operations` module: per-operation types (optional parameters, documented errors,
//! several success bodies), and the plan of each operation that `client.rs` follows.

use std::collections::BTreeSet;

use crate::ir::{
    Api, Content, Operation, Parameter, ParameterLocation, Primitive, Status, Style, TypeKind,
    TypeRef,
};
use crate::media::{MediaKind, REQUEST_PREFERENCE, RESPONSE_PREFERENCE, media_kind, preferred};
use crate::naming::{self, Scope};

use super::code::Code;
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
    /// No body.
    Empty,
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
    /// Required parameters, in the order they become arguments.
    pub arguments: Vec<(&'a Parameter, String)>,
    /// Optional parameters, fields of the params struct.
    pub optional: Vec<&'a Parameter>,
    /// Name of the params struct, when there are optional parameters.
    pub params_type: Option<String>,
    /// The request body, its argument name, and whether it is required.
    pub body: Option<(Payload, String, bool)>,
    /// Documented success responses.
    pub successes: Vec<Outcome>,
    /// Name of the success enum, when there are several successes.
    pub success_type: Option<String>,
    /// Documented error responses.
    pub errors: Vec<Outcome>,
    /// Name of the error enum, when errors are documented.
    pub error_type: Option<String>,
    /// The `Accept` header: the media types of the response bodies the client decodes,
    /// unless the operation has an `Accept` parameter of its own.
    pub accept: Option<String>,
}

/// Plans every operation, naming their types uniquely.
pub fn plans(api: &Api) -> Vec<Plan<'_>> {
    let mut names = Scope::new();
    api.operations.iter().map(|operation| plan(api, operation, &mut names)).collect()
}

fn plan<'a>(api: &Api, operation: &'a Operation, names: &mut Scope) -> Plan<'a> {
    let base = naming::type_name(&operation.name, "Operation");
    let mut argument_names = Scope::new();
    for reserved in ["body", "params", "request", "response"] {
        argument_names.claim(reserved);
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
    let optional: Vec<&Parameter> = operation.parameters.iter().filter(|p| !p.required).collect();
    let params_type = (!optional.is_empty()).then(|| names.claim(&format!("{base}Params")));
    let body = operation.body.as_ref().and_then(|body| {
        let payload = request_payload(api, &body.contents)?;
        Some((payload, "body".to_owned(), body.required))
    });

    let mut success_names = Scope::new();
    let mut error_names = Scope::new();
    let mut successes = Vec::new();
    let mut errors = Vec::new();
    for response in &operation.responses {
        let payload = response_payload(&response.contents);
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
    let success_type = (successes.len() > 1).then(|| names.claim(&format!("{base}Success")));
    let error_type = (!errors.is_empty()).then(|| names.claim(&format!("{base}Error")));
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
    Plan {
        operation,
        arguments,
        optional,
        params_type,
        body,
        successes,
        success_type,
        errors,
        error_type,
        accept,
    }
}

fn is_success(status: Status) -> bool {
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

/// What a response body becomes: JSON if offered, else text, else bytes.
fn response_payload(contents: &[Content]) -> Payload {
    match decoded_content(contents) {
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
            Decoding::Empty => "empty",
            Decoding::ApiJson => "api_json",
            Decoding::ApiText => "api_text",
            Decoding::ApiBytes => "api_bytes",
            Decoding::ApiEmpty => "api_empty",
            Decoding::Unexpected => "unexpected",
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
                (Payload::Multipart(_) | Payload::Empty, _) => Decoding::Empty,
            };
            let statuses = ArmStatuses::Documented(outcome.status);
            documented.push(ResponseArm { statuses, outcome: Some(outcome), decoding });
        }
        for outcome in &self.errors {
            let decoding = match &outcome.payload {
                Payload::Json(_) | Payload::Form(..) => Decoding::ApiJson,
                Payload::Text(_) => Decoding::ApiText,
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
            [plan.params_type.clone(), plan.success_type.clone(), plan.error_type.clone()]
        })
        .flatten();
    let mut imports = Imports::new(local);
    let mut items = Code::new();
    for (index, plan) in plans.iter().enumerate() {
        let needs = BTreeSet::from([features.operation(index).to_owned()]);
        imports.set_features(Some(&needs));
        let mut writer = TypeWriter::new(&mut imports, "super::types");
        let method = plan.operation.name.trim_start_matches("r#");
        if let Some(name) = &plan.params_type {
            items.blank();
            items.raw_docs(&format!("Optional parameters of [`Client::{method}`](super::Client::{method}); `Default` leaves every one out."));
            write_cfg(&mut items, Some(&needs));
            params_struct(&mut items, &mut writer, plan, name);
        }
        if let Some(name) = &plan.success_type {
            items.blank();
            items.raw_docs(&format!(
                "A successful response of [`Client::{method}`](super::Client::{method}), by status."
            ));
            write_cfg(&mut items, Some(&needs));
            outcome_enum(&mut items, &mut writer, &layout, name, &plan.successes);
        }
        if let Some(name) = &plan.error_type {
            items.blank();
            items.raw_docs(&format!("An error response documented for [`Client::{method}`](super::Client::{method}), by status."));
            write_cfg(&mut items, Some(&needs));
            outcome_enum(&mut items, &mut writer, &layout, name, &plan.errors);
        }
        writer.write_aliases(&mut items, Some(&needs));
    }
    let mut code = Code::new();
    imports.write_uses(&mut code);
    code.append(items);
    code
}

fn params_struct(code: &mut Code, writer: &mut TypeWriter<'_>, plan: &Plan<'_>, name: &str) {
    code.line("#[derive(Debug, Clone, Default, PartialEq)]");
    code.open_struct(&format!("pub struct {name}"));
    for parameter in &plan.optional {
        code.docs(parameter.docs.as_deref());
        let ty = writer.ty(&parameter.ty);
        let option = writer.item(Item::Option);
        let hint = format!("{name}{}", naming::type_name(&parameter.name, "Parameter"));
        let of = format!("[`{name}`]'s `{}`", parameter.name.trim_start_matches("r#"));
        let ty = writer.simple(format!("{option}<{ty}>"), &hint, &of);
        code.field(&parameter.name, &ty);
    }
    code.close_body();
}

fn outcome_enum(
    code: &mut Code,
    writer: &mut TypeWriter<'_>,
    layout: &Layout<'_>,
    name: &str,
    outcomes: &[Outcome],
) {
    code.line("#[derive(Debug, Clone, PartialEq)]");
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

/// The Rust type a response payload decodes to; `None` for no body.
pub fn payload_type(writer: &mut TypeWriter<'_>, payload: &Payload) -> Option<String> {
    match payload {
        Payload::Json(ty) | Payload::Form(ty, _) => Some(writer.ty(ty)),
        Payload::Text(_) => Some(writer.item(Item::String)),
        Payload::Bytes(_) => Some(writer.ty(&TypeRef::Primitive(Primitive::Binary))),
        Payload::Multipart(_) | Payload::Empty => None,
    }
}
