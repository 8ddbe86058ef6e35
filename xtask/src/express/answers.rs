//! The answers the express judge sends: for every documented response body, the document's
//! example when its schema accepts it, else a value the generator's synthesiser builds from
//! the schema. openapi-sampler, the judge's own fallback, fills a string that has a `pattern`
//! or a `format` with text neither allows (Discord: 124 of 738 answers), and a client cannot
//! be judged on an answer its document rejects; the judge takes these values first.

use generator::conformance::{Direction, conforms, instance, to_json};
use generator::load::{Node, reference};
use serde_json::{Map, Value as Json};

/// `{"GET /path": {"200": {"application/json": value}}}`: a value for every media type of
/// every response of every operation of `document` that has one, keyed by the response's key
/// in the document (`200`, `4XX`, `default`).
pub fn answers(document: &Node) -> Json {
    let mut operations = Map::new();
    let paths = document.get("paths").and_then(Node::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let item = reference::dereference(document, item);
        for (method, operation) in item.as_object().into_iter().flatten() {
            let Some(responses) = operation.get("responses").and_then(Node::as_object) else {
                continue;
            };
            let mut statuses = Map::new();
            for (status, response) in responses {
                let response = reference::dereference(document, response);
                let content = response.get("content").and_then(Node::as_object);
                let values: Map<String, Json> = content
                    .into_iter()
                    .flatten()
                    .filter_map(|(media_type, media)| {
                        Some((media_type.clone(), value(document, media)?))
                    })
                    .collect();
                if !values.is_empty() {
                    statuses.insert(status.clone(), Json::Object(values));
                }
            }
            if !statuses.is_empty() {
                let key = format!("{} {path}", method.to_ascii_uppercase());
                operations.insert(key, Json::Object(statuses));
            }
        }
    }
    Json::Object(operations)
}

/// The media type's example (its `example`, its first `examples` entry, or its schema's
/// `example`) when the schema accepts it, else a value built from the schema.
fn value(document: &Node, media: &Node) -> Option<Json> {
    let schema = reference::dereference(document, media.get("schema")?);
    let named = media
        .get("examples")
        .and_then(Node::as_object)
        .and_then(|examples| examples.values().next())
        .and_then(|example| reference::dereference(document, example).get("value"));
    let documented = [media.get("example"), named, schema.get("example")]
        .into_iter()
        .flatten()
        .filter_map(to_json)
        .find(|value| conforms(document, schema, value, Direction::Response));
    documented.or_else(|| instance(document, schema, Direction::Response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_example_is_kept_and_an_invalid_one_replaced() {
        let text = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/items": {"get": {"responses": {
                "200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
                    "example": {"id": 7}}}},
                "default": {"description": "no", "content": {"application/json": {
                    "schema": {"type": "string", "pattern": "^[a-z]{3}$"},
                    "example": "not it"}}},
                "204": {"description": "none"}}}}}}"##;
        let loaded = generator::load::load_str(std::path::Path::new("t.json"), text.to_owned())
            .expect("the test document loads");
        assert_eq!(
            answers(&loaded.document.root),
            serde_json::json!({"GET /items": {
                "200": {"application/json": {"id": 7}},
                "default": {"application/json": "aaa"}
            }})
        );
    }
}
