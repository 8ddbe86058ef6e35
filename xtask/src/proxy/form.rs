//! The field names of a form body (`application/x-www-form-urlencoded`) against the body's
//! schema and its `encoding`. The express judge parses form bodies with `qs`, which reads
//! `name[member]` brackets whatever the document declares, so it cannot see a deepObject
//! field (Stripe's `expand`, `metadata`, `address`...) sent as bare pairs; this check can.

use std::collections::BTreeMap;

use generator::load::{Node, reference};

use super::names::{admits_scalar, pair_names};

/// The media type of form bodies.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// How one property of a form body is sent.
#[derive(Debug, PartialEq)]
enum Field {
    /// `style: form` (the default): `name=value`, repeated for an array.
    Plain,
    /// `style: deepObject`: `name[member]=value`, or `name=value` when `bare` (its schema
    /// admits a scalar).
    Deep { bare: bool },
}

/// The fields the form body of one operation takes.
#[derive(Debug, PartialEq)]
pub struct FormFields {
    /// The operation as messages name it: `POST /v1/customers`.
    operation: String,
    /// The body's properties, with how each is sent.
    fields: BTreeMap<String, Field>,
    /// The body takes properties it does not list (no `additionalProperties: false`).
    open: bool,
}

impl FormFields {
    /// The fields of the form body of `method` `path` of `document`; `None` when the operation
    /// takes no form body.
    pub fn of(document: &Node, path: &str, method: &str) -> Option<FormFields> {
        let item = reference::dereference(document, document.get("paths")?.get(path)?);
        let body = item.get(&method.to_ascii_lowercase())?.get("requestBody")?;
        let content = reference::dereference(document, body).get("content")?.as_object()?;
        let (_, media) = content.iter().find(|(media_type, _)| {
            media_type.split(';').next().is_some_and(|essence| essence.trim() == FORM)
        })?;
        let schema = reference::dereference(document, media.get("schema")?);
        let encoding = media.get("encoding").and_then(Node::as_object);
        let mut fields = BTreeMap::new();
        let members = schema.get("allOf").and_then(Node::as_array).unwrap_or_default();
        let parts = std::iter::once(schema)
            .chain(members.iter().map(|member| reference::dereference(document, member)));
        for part in parts {
            for (name, property) in
                part.get("properties").and_then(Node::as_object).into_iter().flatten()
            {
                let style = encoding
                    .and_then(|encoding| encoding.get(name))
                    .and_then(|encoded| encoded.get("style"))
                    .and_then(Node::as_str);
                let field = match style {
                    Some("deepObject") => Field::Deep { bare: admits_scalar(document, property) },
                    _ => Field::Plain,
                };
                fields.insert(name.clone(), field);
            }
        }
        let open = schema.get("additionalProperties").and_then(Node::as_bool) != Some(false);
        Some(FormFields {
            operation: format!("{} {path}", method.to_ascii_uppercase()),
            fields,
            open,
        })
    }

    /// Why names of the form body `body` do not fit the operation's body: one message for each
    /// such name, once, in the order they first come.
    pub fn unfit(&self, body: &str) -> Vec<String> {
        let mut messages = Vec::new();
        for name in pair_names(body) {
            let (base, bracketed) = match name.split_once('[') {
                Some((base, _)) => (base, true),
                None => (name.as_str(), false),
            };
            match self.fields.get(base) {
                Some(Field::Deep { bare: false }) if !bracketed => messages.push(format!(
                    "form field `{name}` of {} is encoded deepObject but sent without brackets: expected `{name}[member]=value`",
                    self.operation
                )),
                Some(_) => {}
                None if self.open => {}
                None => messages.push(format!(
                    "form field `{name}` is not a property of the body of {}",
                    self.operation
                )),
            }
        }
        messages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form fields of `POST /customers` in a document whose form body has `schema` and
    /// `encoding` (JSON).
    fn fields(schema: &str, encoding: &str) -> FormFields {
        let text = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}},
            "paths": {{"/customers": {{"post": {{
                "requestBody": {{"content": {{"application/x-www-form-urlencoded": {{
                    "schema": {schema}, "encoding": {encoding}}}}}}},
                "responses": {{"200": {{"description": "ok"}}}}}}}}}}}}"#
        );
        let loaded = generator::load::load_str(std::path::Path::new("t.json"), text)
            .expect("the test document loads");
        FormFields::of(&loaded.document.root, "/customers", "post").expect("a form body")
    }

    #[test]
    fn a_deep_object_field_sent_bare_is_named() {
        let fields = fields(
            r#"{"type": "object", "additionalProperties": false, "properties": {
                "expand": {"type": "array", "items": {"type": "string"}},
                "address": {"anyOf": [{"type": "object"}, {"enum": [""]}]},
                "name": {"type": "string"}}}"#,
            r#"{"expand": {"style": "deepObject", "explode": true},
                "address": {"style": "deepObject", "explode": true}}"#,
        );
        assert_eq!(
            fields.unfit("expand%5B0%5D=a&address=&address[line1]=x&name=n"),
            Vec::<String>::new()
        );
        assert_eq!(
            fields.unfit("expand=a&expand=b&line1=x"),
            [
                "form field `expand` of POST /customers is encoded deepObject but sent without brackets: expected `expand[member]=value`",
                "form field `line1` is not a property of the body of POST /customers",
            ]
        );
    }

    #[test]
    fn an_open_body_takes_any_field() {
        let fields = fields(r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#, "{}");
        assert_eq!(fields.unfit("a=1&b=2"), Vec::<String>::new());
    }
}
