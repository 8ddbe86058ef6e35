//! Whether a mock's answer is one its document allows. A mock can answer with a body its own
//! schema rejects (Prism answers `{}` for an object with required properties at its depth
//! limit on recursive schemas, and says nothing), and a client that cannot decode such a body
//! is not at fault; the judging proxy checks every answer with this before the test judges
//! the client's decoding of it.

use generator::conformance::{Direction, conforms};
use generator::load::{Node, reference};

/// The message of an answer whose body its schema rejects.
pub const REJECTED: &str = "the mock answered with a body its schema rejects";

/// Why `body`, answered with `status` and `content_type` to `method` `path` of `document`,
/// breaks the document; `None` when it fits, or when the document has no JSON schema for it.
pub fn fault(
    document: &Node,
    (method, path): (&str, &str),
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Option<String> {
    let item = reference::dereference(document, document.get("paths")?.get(path)?);
    let responses = item.get(&method.to_ascii_lowercase())?.get("responses")?.as_object()?;
    let code = status.to_string();
    let range = format!("{}XX", status / 100);
    let response = responses
        .get(&code)
        .or_else(|| responses.iter().find(|(key, _)| key.eq_ignore_ascii_case(&range)).map(|e| e.1))
        .or_else(|| responses.get("default"))?;
    let content = reference::dereference(document, response).get("content")?.as_object()?;
    let media_type = essence(content_type.unwrap_or_default());
    let keyed: Vec<(String, &Node)> =
        content.iter().map(|(key, media)| (essence(key), media)).collect();
    let wildcard = format!("{}/*", media_type.split('/').next().unwrap_or_default());
    let (_, media) = [media_type.as_str(), wildcard.as_str(), "*/*"]
        .into_iter()
        .find_map(|wanted| keyed.iter().find(|(key, _)| key == wanted))?;
    // `application/json`, `application/problem+json`, `application/vnd.github+json`...
    if !media_type.ends_with("json") {
        return None;
    }
    let schema = reference::dereference(document, media.get("schema")?);
    match serde_json::from_slice(body) {
        Err(error) => Some(format!("the mock answered with a body that is not JSON: {error}")),
        Ok(value) if !conforms(document, schema, &value, Direction::Response) => {
            Some(REJECTED.to_owned())
        }
        Ok(_) => None,
    }
}

/// A media type without its parameters, in lower case: `application/json`.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENT: &str = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "components": {"schemas": {"Node": {"type": "object", "required": ["name", "children"],
            "properties": {"name": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}},
        "paths": {"/nodes": {"get": {"responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}},
            "4XX": {"description": "no", "content": {"text/plain": {"schema": {"type": "string"}}}}
        }}}}}"##;

    fn fault_of(status: u16, content_type: &str, body: &str) -> Option<String> {
        let loaded = generator::load::load_str(std::path::Path::new("t.json"), DOCUMENT.to_owned())
            .expect("the test document loads");
        fault(&loaded.document.root, ("GET", "/nodes"), status, Some(content_type), body.as_bytes())
    }

    #[test]
    fn an_empty_object_at_the_depth_limit_is_the_mock_s_fault() {
        let body = r#"{"name": "a", "children": [{}]}"#;
        assert_eq!(
            fault_of(200, "application/json; charset=utf-8", body).as_deref(),
            Some(REJECTED)
        );
        let valid = r#"{"name": "a", "children": [{"name": "b", "children": []}]}"#;
        assert_eq!(fault_of(200, "application/json", valid), None);
    }

    #[test]
    fn a_body_that_is_not_json_is_named() {
        assert_eq!(
            fault_of(200, "application/json", "{").as_deref(),
            Some(
                "the mock answered with a body that is not JSON: EOF while parsing an object at line 1 column 1"
            )
        );
    }

    #[test]
    fn answers_without_a_json_schema_are_not_checked() {
        assert_eq!(fault_of(404, "text/plain", "{"), None);
        assert_eq!(fault_of(500, "application/problem+json", "{}"), None);
    }
}
