//! Server-sent events keyed by their type: OpenAPI 3.2's `itemSchema` of a
//! `text/event-stream` body as a union whose alternatives each name one value of the
//! event's `event` field and may give their own `data`. The client decodes each event's data
//! by that value into a variant of the operation's enum of events.

use crate::ir::{EventType, TypeRef, UNKNOWN_EVENT};
use crate::load::{Node, Pointer};
use crate::media::{MediaKind, is_event_stream, media_kind};
use crate::naming::{self, Scope};

use super::Normalizer;
use super::schema::nullable_in_place;

/// One alternative of the union, as read before any of its schemas is.
struct Alternative<'a> {
    event: String,
    /// The `data` property's schema node, with its pointer: the alternative's own, else
    /// the item's.
    data: Option<(&'a Node, Pointer)>,
    docs: Option<String>,
}

impl<'a> Normalizer<'a> {
    /// The event types of `media` (an entry of a `content` map at `at`), when it is a
    /// `text/event-stream` whose `itemSchema` has a `oneOf` (or `anyOf`) whose every
    /// alternative names a different value of `event` with `const` or a one-value `enum`.
    /// Empty otherwise: the events are then read by their common `data`, since a union
    /// whose alternatives the client cannot tell apart by `event` is not keyed.
    pub(super) fn event_types(
        &mut self,
        media_type: &str,
        media: &'a Node,
        at: &Pointer,
        hint: &str,
    ) -> Vec<EventType> {
        if !is_event_stream(media_type) {
            return Vec::new();
        }
        let Some(alternatives) = self.alternatives(media, at) else {
            return Vec::new();
        };
        let mut variants = Scope::new();
        variants.claim(UNKNOWN_EVENT);
        alternatives
            .into_iter()
            .map(|alternative| {
                let variant = variants.claim(&naming::variant_name(&alternative.event));
                // Data in another media type than JSON is read as text, its schema unread.
                let data = alternative.data.and_then(|(data, pointer)| {
                    let schema = data.get("contentSchema")?;
                    let json = data
                        .get("contentMediaType")
                        .and_then(Node::as_str)
                        .is_none_or(|media_type| media_kind(media_type) == MediaKind::Json);
                    if !json {
                        return None;
                    }
                    let pointer = pointer.join("contentSchema");
                    let shape = self.schema(schema, &pointer, &format!("{hint}{variant}"));
                    Some(nullable_in_place(shape))
                });
                let data =
                    data.filter(|ty| *ty != TypeRef::Primitive(crate::ir::Primitive::String));
                EventType { event: alternative.event, variant, data, docs: alternative.docs }
            })
            .collect()
    }

    /// The alternatives of the `itemSchema` of `media`, `None` unless every one names its
    /// event type and no two the same one.
    fn alternatives(&mut self, media: &'a Node, at: &Pointer) -> Option<Vec<Alternative<'a>>> {
        let item = media.get("itemSchema")?;
        let (item, item_at) = self.dereference(item, &at.join("itemSchema"))?;
        let (keyword, list) = ["oneOf", "anyOf"]
            .into_iter()
            .find_map(|keyword| Some((keyword, item.get(keyword)?.as_array()?)))?;
        let common_data = item
            .get("properties")
            .and_then(|properties| properties.get("data"))
            .map(|data| (data, item_at.join("properties").join("data")));
        let mut found: Vec<Alternative<'a>> = Vec::new();
        for (index, alternative) in list.iter().enumerate() {
            let (alternative, pointer) =
                self.dereference(alternative, &item_at.join(keyword).index(index))?;
            let properties = alternative.get("properties");
            let event = properties.and_then(|p| p.get("event")).and_then(single_value)?;
            if found.iter().any(|known| known.event == event) {
                return None;
            }
            let data = properties
                .and_then(|p| p.get("data"))
                .map(|data| (data, pointer.join("properties").join("data")))
                .or_else(|| common_data.clone());
            let docs = super::text(alternative, "description");
            found.push(Alternative { event: event.to_owned(), data, docs });
        }
        (!found.is_empty()).then_some(found)
    }
}

/// The one string a schema allows: its `const`, or the value of a one-value `enum`.
fn single_value(schema: &Node) -> Option<&str> {
    match schema.get("const") {
        Some(value) => value.as_str(),
        None => match schema.get("enum")?.as_array()? {
            [value] => value.as_str(),
            _ => None,
        },
    }
}
