//! The arguments of each operation's conformance calls: the document's own examples where
//! it gives valid ones, values built from the schemas otherwise.

use serde_json::Value as Json;

use crate::ir::{Api, Operation, Parameter, ParameterLocation, Status};
use crate::load::{Node, reference};
use crate::media::{MediaKind, REQUEST_PREFERENCE, media_kind, preferred};
use crate::normalize::parse_status;

use super::instance::{Direction, instance};
use super::validate::{conforms, to_json};

/// What the conformance test passes to one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// A value for each of the operation's parameters, in the order of
    /// [`Operation::parameters`]; `None` where neither the document nor its schema gives one.
    pub parameters: Vec<Option<Json>>,
    /// The request body in the media type the client sends, when the operation takes one and
    /// a value could be made.
    pub body: Option<Json>,
    /// Responses whose JSON example, the one a mock server sends, its own schema rejects:
    /// a client that follows the schema cannot decode them.
    pub invalid_examples: Vec<Status>,
    /// Query pairs sent besides the operation's own parameters, through the per-call options:
    /// only the suite's controls set any, to send what a correct client never would (a
    /// deepObject parameter's members as bare pairs).
    pub stray_query: Vec<(String, String)>,
}

/// One [`Case`] per operation of `api`, in the same order; `document` is the document `api`
/// was read from.
pub fn cases(document: &Node, api: &Api) -> Vec<Case> {
    api.operations.iter().map(|operation| case(document, operation)).collect()
}

fn case(document: &Node, operation: &Operation) -> Case {
    let path_item = document
        .get("paths")
        .and_then(|paths| paths.get(&operation.path))
        .map(|item| reference::dereference(document, item));
    let raw = path_item.and_then(|item| item.get(&operation.method.to_ascii_lowercase()));
    let declared: Vec<&Node> = [path_item, raw]
        .into_iter()
        .flatten()
        .filter_map(|node| node.get("parameters").and_then(Node::as_array))
        .flatten()
        .map(|parameter| reference::dereference(document, parameter))
        .collect();
    let parameters = operation
        .parameters
        .iter()
        .map(|parameter| {
            // The operation's own declaration overrides the path's, so the last one wins.
            let node = declared.iter().rev().find(|node| declares(node, parameter))?;
            parameter_value(document, node)
        })
        .collect();
    let body = raw
        .and_then(|raw| raw.get("requestBody"))
        .and_then(|body| body_value(document, reference::dereference(document, body)));
    let responses = raw.and_then(|raw| raw.get("responses")).and_then(Node::as_object);
    let invalid_examples = responses
        .into_iter()
        .flatten()
        .filter(|(_, response)| {
            example_disagrees(document, reference::dereference(document, response))
        })
        .filter_map(|(key, _)| parse_status(key))
        .collect();
    Case { parameters, body, invalid_examples, stray_query: Vec::new() }
}

/// Whether the example a mock server answers with for this response (the JSON media type's
/// `example`, its first `examples` entry, or its schema's `example`) is one its schema
/// rejects.
fn example_disagrees(document: &Node, response: &Node) -> bool {
    let Some(content) = response.get("content").and_then(Node::as_object) else {
        return false;
    };
    let json = content.iter().find(|(media_type, _)| media_kind(media_type) == MediaKind::Json);
    let Some((_, media)) = json else {
        return false;
    };
    let Some(schema) = media.get("schema").map(|schema| reference::dereference(document, schema))
    else {
        return false;
    };
    let first_named = || {
        let examples = media.get("examples").and_then(Node::as_object)?;
        examples
            .values()
            .next()
            .and_then(|example| reference::dereference(document, example).get("value"))
    };
    let example = media.get("example").or_else(first_named).or_else(|| schema.get("example"));
    example
        .and_then(to_json)
        .is_some_and(|value| !conforms(document, schema, &value, Direction::Response))
}

fn declares(node: &Node, parameter: &Parameter) -> bool {
    let location = match parameter.location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
        ParameterLocation::Cookie => "cookie",
    };
    node.get("name").and_then(Node::as_str) == Some(parameter.wire_name.as_str())
        && node
            .get("in")
            .and_then(Node::as_str)
            .is_some_and(|place| place.eq_ignore_ascii_case(location))
}

/// The parameter's `example`, its first valid `examples` entry, or a value of its schema
/// (or of the schema of its first `content` entry).
fn parameter_value(document: &Node, parameter: &Node) -> Option<Json> {
    let schema = parameter.get("schema").or_else(|| {
        let content = parameter.get("content").and_then(Node::as_object)?;
        content.values().next().and_then(|media| media.get("schema"))
    })?;
    let schema = reference::dereference(document, schema);
    documented_example(document, parameter, schema)
        .or_else(|| instance(document, schema, Direction::Request))
}

/// The value of the media type the client sends, chosen as the client chooses it.
fn body_value(document: &Node, body: &Node) -> Option<Json> {
    let content: Vec<(&String, &Node)> =
        body.get("content").and_then(Node::as_object)?.iter().collect();
    let (media_type, media) =
        preferred(&content, |(media_type, _)| media_type.as_str(), &REQUEST_PREFERENCE)?;
    let Some(schema) = media.get("schema") else {
        // Without a schema any body is valid.
        return Some(
            media
                .get("example")
                .and_then(to_json)
                .unwrap_or_else(|| Json::String("example".to_owned())),
        );
    };
    let schema = reference::dereference(document, schema);
    let value = documented_example(document, media, schema)
        .or_else(|| instance(document, schema, Direction::Request))?;
    if media_kind(media_type) != MediaKind::Form {
        return Some(value);
    }
    let mut filled = value.clone();
    fill_empty_objects(document, schema, &mut filled, 0);
    Some(if conforms(document, schema, &filled, Direction::Request) { filled } else { value })
}

/// How deep [`fill_empty_objects`] goes into nested objects and their schemas.
const MAX_FILL_DEPTH: usize = 8;

/// Gives a member to every empty object of a form body's `value` whose schema lists one that
/// a value can be built for. A form sends an object as its members' pairs, so `{}` is not
/// sent at all, and a required object (Stripe's `components`, whose members are all
/// optional) would go missing however the client encodes it.
fn fill_empty_objects(document: &Node, schema: &Node, value: &mut Json, depth: usize) {
    if depth > MAX_FILL_DEPTH {
        return;
    }
    let Json::Object(members) = value else {
        return;
    };
    let mut properties = Vec::new();
    properties_of(document, schema, &mut properties, 0);
    for (name, member) in members.iter_mut() {
        if let Some((_, property)) = properties.iter().find(|(known, _)| known == name) {
            fill_empty_objects(document, property, member, depth + 1);
        }
    }
    if !members.is_empty() {
        return;
    }
    for (name, property) in properties {
        let Some(mut candidate) = instance(document, property, Direction::Request) else {
            continue;
        };
        fill_empty_objects(document, property, &mut candidate, depth + 1);
        let empty = match &candidate {
            Json::Object(members) => members.is_empty(),
            Json::Array(items) => items.is_empty(),
            _ => false,
        };
        if !empty {
            members.insert(name.to_owned(), candidate);
            return;
        }
    }
}

/// The properties `schema` lists, with those of its `allOf`, `anyOf` and `oneOf` members
/// (Stripe's are `anyOf` an object and `""`), the first schema of each name.
fn properties_of<'a>(
    document: &'a Node,
    schema: &'a Node,
    out: &mut Vec<(&'a str, &'a Node)>,
    depth: usize,
) {
    if depth > MAX_FILL_DEPTH {
        return;
    }
    let schema = reference::dereference(document, schema);
    for (name, property) in schema.get("properties").and_then(Node::as_object).into_iter().flatten()
    {
        if !out.iter().any(|(known, _)| known == name) {
            out.push((name, reference::dereference(document, property)));
        }
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        for member in schema.get(keyword).and_then(Node::as_array).unwrap_or_default() {
            properties_of(document, member, out, depth + 1);
        }
    }
}

/// The `example` of a parameter or media type object, or the `value` of its first entry in
/// `examples`, when it is valid for `schema`: documents often carry examples that their own
/// schemas reject, and Prism would reject the request built from them.
fn documented_example(document: &Node, holder: &Node, schema: &Node) -> Option<Json> {
    let single = holder.get("example").into_iter();
    let named = holder
        .get("examples")
        .and_then(Node::as_object)
        .into_iter()
        .flat_map(|examples| examples.values())
        .filter_map(|example| reference::dereference(document, example).get("value"));
    single
        .chain(named)
        .filter_map(to_json)
        .find(|value| conforms(document, schema, value, Direction::Request))
}
