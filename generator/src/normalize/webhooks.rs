//! Webhooks: 3.1 `webhooks`, the 3.0 `x-webhooks` convention, and operation `callbacks`
//! all become events with a payload type, and one property that names the event when every
//! payload has it.

use crate::ir::{EnumValue, TypeKind, TypeRef, Webhook};
use crate::load::{Node, Pointer};
use crate::naming::{self, Scope};

use super::{Normalizer, text};

/// Methods in the order OpenAPI lists them in a path item.
const METHODS: &[&str] = &["post", "put", "patch", "get", "delete", "options", "head", "trace"];

/// A path item describing an event, and where it was found.
struct EventItem<'a> {
    name: String,
    node: &'a Node,
    pointer: Pointer,
}

impl<'a> Normalizer<'a> {
    /// Every event of the document, and the tag property shared by their payloads.
    pub(super) fn webhooks(&mut self, root: &'a Node) -> (Vec<Webhook>, Option<String>) {
        let mut items = Vec::new();
        for key in ["webhooks", "x-webhooks"] {
            if let Some(events) = root.get(key).and_then(Node::as_object) {
                let base = Pointer::root().join(key);
                for (name, item) in events {
                    items.push(EventItem {
                        name: name.clone(),
                        node: item,
                        pointer: base.join(name),
                    });
                }
            }
        }
        self.callbacks(root, &mut items);

        let mut variants = Scope::new();
        let mut webhooks = Vec::new();
        for item in items {
            let Some((node, pointer)) = self.dereference(item.node, &item.pointer) else {
                continue;
            };
            let Some((method, operation)) =
                METHODS.iter().find_map(|method| node.get(method).map(|op| (*method, op)))
            else {
                self.warning(
                    node,
                    &pointer,
                    format!("webhook `{}` has no operation; ignoring it", item.name),
                );
                continue;
            };
            let operation_pointer = pointer.join(method);
            let hint = format!("{}Payload", naming::type_name(&item.name, "Event"));
            let payload = self.webhook_payload(operation, &operation_pointer, &hint);
            let docs = match (text(operation, "summary"), text(operation, "description")) {
                (Some(summary), Some(description)) if summary != description => {
                    Some(format!("{summary}\n\n{description}"))
                }
                (summary, description) => summary.or(description),
            };
            webhooks.push(Webhook {
                variant: variants.claim(&naming::variant_name(&item.name)),
                name: item.name,
                payload,
                docs,
                tag_value: None,
            });
        }
        let tag = self.tag_webhooks(&mut webhooks);
        (webhooks, tag)
    }

    /// Operation `callbacks`: each expression of each callback is an event named after the
    /// callback (and the expression, when a callback has several).
    fn callbacks(&mut self, root: &'a Node, items: &mut Vec<EventItem<'a>>) {
        let Some(paths) = root.get("paths").and_then(Node::as_object) else {
            return;
        };
        let paths_pointer = Pointer::root().join("paths");
        for (path, path_item) in paths {
            for (method, operation) in path_item.as_object().into_iter().flatten() {
                let Some(callbacks) = operation.get("callbacks").and_then(Node::as_object) else {
                    continue;
                };
                let base = paths_pointer.join(path).join(method).join("callbacks");
                for (callback_name, callback) in callbacks {
                    let Some((callback, callback_pointer)) =
                        self.dereference(callback, &base.join(callback_name))
                    else {
                        continue;
                    };
                    let expressions = callback.as_object().map(|e| e.len()).unwrap_or_default();
                    for (expression, item) in callback.as_object().into_iter().flatten() {
                        let name = if expressions == 1 {
                            callback_name.clone()
                        } else {
                            format!("{callback_name} {expression}")
                        };
                        items.push(EventItem {
                            name,
                            node: item,
                            pointer: callback_pointer.join(expression),
                        });
                    }
                }
            }
        }
    }

    /// The JSON body of a webhook operation; any JSON when it has none.
    fn webhook_payload(&mut self, operation: &'a Node, pointer: &Pointer, hint: &str) -> TypeRef {
        let Some((body, body_pointer)) = operation
            .get("requestBody")
            .and_then(|b| self.dereference(b, &pointer.join("requestBody")))
        else {
            return TypeRef::Any;
        };
        let content = body.get("content").and_then(Node::as_object);
        let json = content.and_then(|content| {
            content.iter().find(|(media_type, _)| {
                media_type.starts_with("application/json") || media_type.contains("+json")
            })
        });
        match json
            .and_then(|(media_type, media)| media.get("schema").map(|schema| (media_type, schema)))
        {
            Some((media_type, schema)) => {
                let schema_pointer = body_pointer.join("content").join(media_type).join("schema");
                self.schema(schema, &schema_pointer, hint).ty
            }
            None => TypeRef::Any,
        }
    }

    /// Finds a property that every payload has, as a string allowing exactly one value
    /// (`event: {enum: [personalAccessToken.updated]}`), with a different value for each
    /// event; records each event's value and returns the property's name.
    fn tag_webhooks(&self, webhooks: &mut [Webhook]) -> Option<String> {
        let mut candidates: Option<Vec<(String, Vec<String>)>> = None;
        for webhook in webhooks.iter() {
            let constants = self.single_value_properties(&webhook.payload);
            candidates = Some(match candidates {
                None => {
                    constants.into_iter().map(|(property, value)| (property, vec![value])).collect()
                }
                Some(previous) => previous
                    .into_iter()
                    .filter_map(|(property, mut values)| {
                        let (_, value) = constants.iter().find(|(name, _)| *name == property)?;
                        values.push(value.clone());
                        Some((property, values))
                    })
                    .collect(),
            });
        }
        let (property, values) = candidates?.into_iter().find(|(_, values)| {
            let mut sorted = values.clone();
            sorted.sort();
            sorted.dedup();
            sorted.len() == values.len()
        })?;
        for (webhook, value) in webhooks.iter_mut().zip(values) {
            webhook.tag_value = Some(value);
        }
        Some(property)
    }

    /// Wire names of the properties of a struct payload whose type is a string enum of one
    /// value, with that value, in field order.
    fn single_value_properties(&self, payload: &TypeRef) -> Vec<(String, String)> {
        let TypeRef::Named(name) = payload else {
            return Vec::new();
        };
        let Some(TypeKind::Struct(structure)) = self.types.get(name).map(|def| &def.kind) else {
            return Vec::new();
        };
        structure
            .fields
            .iter()
            .filter(|field| field.required && !field.nullable)
            .filter_map(|field| {
                let TypeRef::Named(ty) = &field.ty else {
                    return None;
                };
                match self.types.get(ty).map(|def| &def.kind) {
                    Some(TypeKind::Enum(enumeration)) => match enumeration.variants.as_slice() {
                        [only] => match &only.value {
                            EnumValue::String(value) => {
                                Some((field.wire_name.clone(), value.clone()))
                            }
                            EnumValue::Integer(_) => None,
                        },
                        _ => None,
                    },
                    _ => None,
                }
            })
            .collect()
    }
}
