//! The `webhooks` module: one `Event` enum over every webhook, callback and `x-webhooks`
//! entry, decoded from a request body by its tag property or by a name the caller knows.

use crate::ir::Api;

use super::code::{Code, string_literal};
use super::docs::prose;
use super::imports::{Imports, Item};
use super::layout::Layout;
use super::types::TypeWriter;

/// The `webhooks` module.
pub fn webhooks_module(api: &Api) -> Code {
    let mut imports = Imports::new(["Event".to_owned()]);
    let mut writer = TypeWriter::new(&mut imports, "super::types");
    let layout = Layout::new(api);
    let mut items = Code::new();
    let names: Vec<String> = api.webhooks.iter().map(|w| string_literal(&w.name)).collect();
    let variants: Vec<&str> = api.webhooks.iter().map(|w| w.variant.as_str()).collect();
    let body_type = writer.item(Item::WebhookBody);
    let error = writer.item(Item::WebhookError);
    let result = writer.item(Item::Result);
    let serialize = writer.item(Item::Serialize);
    let serializer = writer.item(Item::Serializer);
    let verifier = writer.item(Item::WebhookVerifier);
    let header_map = writer.item(Item::HeaderMap);

    items.line("/// An event the API sends to webhook endpoints.");
    items.line("#[derive(Debug, Clone, PartialEq)]");
    items.line("#[non_exhaustive]");
    items.open_enum("pub enum Event");
    for webhook in &api.webhooks {
        let mut doc = format!("`{}`", webhook.name);
        if let Some(docs) = &webhook.docs {
            doc.push_str(": ");
            doc.push_str(&prose(docs));
        }
        items.raw_docs(&doc);
        // Boxed as the types module boxes a union's large payloads: the same decision, so
        // that an `Event` is as small as its small payloads (clippy's `large_enum_variant`).
        let payload = writer.ty(&webhook.payload);
        let payload = writer.boxed(payload, layout.is_large(&webhook.payload));
        let of = format!("[`Event::{}`]", webhook.variant);
        let payload = writer.simple(payload, &format!("{}Payload", webhook.variant), &of);
        items.tuple(&webhook.variant, &[payload], ",");
    }
    items.close_body();

    items.blank();
    items.open("impl Event {");
    items.line("/// Every event name, as the document writes it.");
    items
        .statement(&format!("pub const NAMES: &'static [&'static str] = &[{}];", names.join(", ")));
    items.blank();
    items.line("/// The event's name, as the document writes it.");
    items.open("pub fn name(&self) -> &'static str {");
    items.open("match self {");
    for (variant, name) in variants.iter().zip(&names) {
        items.arm(&format!("Self::{variant}(_)"), name);
    }
    items.close("}");
    items.close("}");
    items.blank();
    match dispatch(api) {
        Dispatch::Tag(tag) => {
            items.raw_docs(&format!(
                "Decodes a webhook request body; its `{tag}` property says which event it is."
            ));
            open_from_slice(&mut items, &result, &error);
            items.statement(&format!("let body = {body_type}::parse(body)?;"));
            items.open(&format!("match body.tag({})? {{", string_literal(tag)));
            for (webhook, name) in api.webhooks.iter().zip(&names) {
                if let Some(value) = &webhook.tag_value {
                    items.arm(
                        &string_literal(value),
                        &format!("body.decode({name}).map(Self::{})", webhook.variant),
                    );
                }
            }
            items.open("other => {");
            items.line("let other = other.to_owned();");
            items.line("Err(body.unknown(&other))");
            items.close("}");
            items.close("}");
            items.close("}");
        }
        Dispatch::Single => {
            items.line("/// Decodes a webhook request body.");
            open_from_slice(&mut items, &result, &error);
            let (name, variant) = (&names[0], &variants[0]);
            items.statement(&format!(
                "{body_type}::parse(body)?.decode({name}).map(Self::{variant})"
            ));
            items.close("}");
        }
        Dispatch::FirstFit => {
            items.line(
                "/// Decodes a webhook request body as the first event whose payload it fits;",
            );
            items.line(
                "/// payloads do not name their event, so prefer [`Event::from_named`] when the",
            );
            items.line("/// delivery says which event it is.");
            open_from_slice(&mut items, &result, &error);
            items.statement(&format!("let body = {body_type}::parse(body)?;"));
            for variant in &variants {
                items.open("if let Some(payload) = body.try_decode() {");
                items.statement(&format!("return Ok(Self::{variant}(payload));"));
                items.close("}");
            }
            items.line("Err(body.unknown(\"(no event's payload fits)\"))");
            items.close("}");
        }
    }
    items.blank();
    items.line("/// Decodes a webhook request body as the event called `name` (known from the");
    items.line("/// delivery: a header, or the endpoint it was sent to).");
    items.open_fn(
        "pub fn from_named",
        &["name: &str".to_owned(), "body: &[u8]".to_owned()],
        Some(&format!("{result}<Self, {error}>")),
    );
    items.statement(&format!("let body = {body_type}::parse(body)?;"));
    items.open("match name {");
    for (variant, name) in variants.iter().zip(&names) {
        items.arm(name, &format!("body.decode({name}).map(Self::{variant})"));
    }
    items.line("other => Err(body.unknown(other)),");
    items.close("}");
    items.close("}");
    items.blank();
    items.line(
        "/// Checks that a delivery (its request's headers and raw body) was signed with the",
    );
    items.line(
        "/// secret `verifier` holds, then decodes its body as [`Event::from_slice`] does. A",
    );
    items.line(
        "/// forgery, a changed body or a stale timestamp is [`WebhookError::Unverified`], and",
    );
    items.line("/// its body is not read.");
    items.open_fn(
        "pub fn verify_and_decode",
        &[
            format!("headers: &{header_map}"),
            "body: &[u8]".to_owned(),
            format!("verifier: &{verifier}"),
        ],
        Some(&format!("{result}<Self, {error}>")),
    );
    items.statement("verifier.verify(headers, body)?;");
    items.line("Self::from_slice(body)");
    items.close("}");
    items.close("}");

    items.blank();
    items.line("/// Encodes the payload alone, as the API sends it.");
    items.open_impl("", Some(&serialize), "Event");
    items.open_fn(
        &format!("fn serialize<S: {serializer}>"),
        &["&self".to_owned(), "serializer: S".to_owned()],
        Some(&format!("{result}<S::Ok, S::Error>")),
    );
    items.open("match self {");
    for variant in &variants {
        items.arm(&format!("Self::{variant}(payload)"), "payload.serialize(serializer)");
    }
    items.close("}");
    items.close("}");
    items.close("}");
    writer.write_aliases(&mut items, None);

    let mut uses = Code::new();
    imports.write_uses(&mut uses);
    items.preceded_by(uses)
}

/// How `Event::from_slice` tells which event a request body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dispatch<'a> {
    /// By the property (`event`, `type`) whose value names the event in every payload.
    Tag(&'a str),
    /// There is only one event.
    Single,
    /// By trying each event's payload in turn.
    FirstFit,
}

/// How the events of `api` are told apart; the runtime keeps what this needs.
pub fn dispatch(api: &Api) -> Dispatch<'_> {
    match (&api.webhook_tag, api.webhooks.len()) {
        (Some(tag), _) => Dispatch::Tag(tag),
        (None, 1) => Dispatch::Single,
        (None, _) => Dispatch::FirstFit,
    }
}

/// Opens `pub fn from_slice(body: &[u8]) -> Result<Self, WebhookError>`.
fn open_from_slice(code: &mut Code, result: &str, error: &str) {
    code.open_fn(
        "pub fn from_slice",
        &["body: &[u8]".to_owned()],
        Some(&format!("{result}<Self, {error}>")),
    );
}
