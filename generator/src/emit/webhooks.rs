//! The `webhooks` module: one `Event` enum over every webhook, callback and `x-webhooks`
//! entry, decoded from a request body by its tag property or by a name the caller knows.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

use super::docs::{prose, raw_doc_attrs};
use super::imports::{Imports, Item};
use super::types::{TypeWriter, ident};

/// The items of the `webhooks` module.
pub fn webhooks_module(api: &Api) -> TokenStream {
    let mut imports = Imports::new(["Event".to_owned()]);
    let mut writer = TypeWriter::new(&mut imports, "super::types");
    let variants: Vec<TokenStream> = api
        .webhooks
        .iter()
        .map(|webhook| {
            let mut doc = format!("`{}`", webhook.name);
            if let Some(docs) = &webhook.docs {
                doc.push_str(": ");
                doc.push_str(&prose(docs));
            }
            let docs = raw_doc_attrs(&doc);
            let variant = ident(&webhook.variant);
            let payload = writer.ty(&webhook.payload);
            quote! { #docs #variant(#payload), }
        })
        .collect();
    let names: Vec<&str> = api.webhooks.iter().map(|w| w.name.as_str()).collect();
    let variant_names: Vec<_> = api.webhooks.iter().map(|w| ident(&w.variant)).collect();
    let body_type = writer.item(Item::WebhookBody);
    let error = writer.item(Item::WebhookError);
    let result = writer.item(Item::Result);
    let serialize = writer.item(Item::Serialize);
    let serializer = writer.item(Item::Serializer);

    let from_slice = match &api.webhook_tag {
        Some(tag) => {
            let tag_values: Vec<&str> = api.webhooks.iter().filter_map(|w| w.tag_value.as_deref()).collect();
            let doc = raw_doc_attrs(&format!("Decodes a webhook request body; its `{tag}` property says which event it is."));
            quote! {
                #doc
                pub fn from_slice(body: &[u8]) -> #result<Self, #error> {
                    let body = #body_type::parse(body)?;
                    match body.tag(#tag)? {
                        #(#tag_values => body.decode(#names).map(Self::#variant_names),)*
                        other => {
                            let other = other.to_owned();
                            Err(body.unknown(&other))
                        }
                    }
                }
            }
        }
        None => match (names.as_slice(), variant_names.as_slice()) {
            ([name], [variant]) => quote! {
                /// Decodes a webhook request body.
                pub fn from_slice(body: &[u8]) -> #result<Self, #error> {
                    #body_type::parse(body)?.decode(#name).map(Self::#variant)
                }
            },
            _ => quote! {
                /// Decodes a webhook request body as the first event whose payload it fits;
                /// payloads do not name their event, so prefer [`Event::from_named`] when the
                /// delivery says which event it is.
                pub fn from_slice(body: &[u8]) -> #result<Self, #error> {
                    let body = #body_type::parse(body)?;
                    #(
                        if let Some(payload) = body.try_decode() {
                            return Ok(Self::#variant_names(payload));
                        }
                    )*
                    Err(body.unknown("(no event's payload fits)"))
                }
            },
        },
    };
    let uses = imports.uses();
    quote! {
        #uses

        /// An event the API sends to webhook endpoints.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Event {
            #(#variants)*
        }

        impl Event {
            /// Every event name, as the document writes it.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// The event's name, as the document writes it.
            pub fn name(&self) -> &'static str {
                match self {
                    #(Self::#variant_names(_) => #names,)*
                }
            }

            #from_slice

            /// Decodes a webhook request body as the event called `name` (known from the
            /// delivery: a header, or the endpoint it was sent to).
            pub fn from_named(name: &str, body: &[u8]) -> #result<Self, #error> {
                let body = #body_type::parse(body)?;
                match name {
                    #(#names => body.decode(#names).map(Self::#variant_names),)*
                    other => Err(body.unknown(other)),
                }
            }
        }

        /// Encodes the payload alone, as the API sends it.
        impl #serialize for Event {
            fn serialize<S: #serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                match self {
                    #(Self::#variant_names(payload) => payload.serialize(serializer),)*
                }
            }
        }
    }
}
