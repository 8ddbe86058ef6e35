//! What the query and form checks share: the names of `name=value` pairs as sent, and whether
//! a schema admits a value that is sent bare (`name=value`) rather than as members
//! (`name[member]=value`).

use generator::load::{Node, reference};

/// How deep `allOf`/`anyOf`/`oneOf` members are searched.
const MAX_MEMBER_DEPTH: usize = 8;

/// The types sent as one bare value.
const SCALARS: &[&str] = &["string", "integer", "number", "boolean"];

/// The names of the `name=value` pairs of `text` (a query or a form body), percent-decoded,
/// each once, in the order they first come.
pub fn pair_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for pair in text.split('&').filter(|pair| !pair.is_empty()) {
        let name = percent_decode(pair.split('=').next().unwrap_or_default());
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// Whether `schema` admits a value sent bare: a string, number or boolean (Stripe's `created`
/// is an object of bounds or an integer; its `address` an object or `""` to clear it).
pub fn admits_scalar(document: &Node, schema: &Node) -> bool {
    admits_scalar_at(document, reference::dereference(document, schema), 0)
}

fn admits_scalar_at(document: &Node, schema: &Node, depth: usize) -> bool {
    if depth > MAX_MEMBER_DEPTH {
        return false;
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(node) => match node.as_array() {
            Some(list) => list.iter().filter_map(Node::as_str).collect(),
            None => node.as_str().into_iter().collect(),
        },
        None => Vec::new(),
    };
    let listed = schema.get("enum").and_then(Node::as_array).unwrap_or_default();
    let unions = ["anyOf", "oneOf", "allOf"]
        .iter()
        .filter_map(|keyword| schema.get(keyword).and_then(Node::as_array))
        .flatten()
        .any(|member| {
            admits_scalar_at(document, reference::dereference(document, member), depth + 1)
        });
    types.iter().any(|ty| SCALARS.contains(ty))
        || listed.iter().any(|value| value.as_str().is_some() || value.as_f64().is_some())
        || unions
}

/// `text` with `+` as a space and `%XX` escapes decoded, as the names of pairs are sent; an
/// escape that does not decode to UTF-8 is kept as it is.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escape = bytes
            .get(index + 1..index + 3)
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match (bytes[index], escape) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                index += 3;
            }
            (b'+', _) => {
                decoded.push(b' ');
                index += 1;
            }
            (byte, _) => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_percent_decoded_once_each() {
        assert_eq!(pair_names("a%5Bb%5D=1&c+d=2&a[b]=3&&e"), ["a[b]", "c d", "e"]);
        assert_eq!(percent_decode("%zz%C3%A9"), "%zzé");
    }

    #[test]
    fn unions_with_a_scalar_member_admit_a_bare_value() {
        let text = r##"{"components": {"schemas": {"range": {"type": "object"}}},
            "created": {"anyOf": [{"$ref": "#/components/schemas/range"}, {"type": "integer"}]},
            "address": {"anyOf": [{"type": "object"}, {"enum": [""]}]},
            "expand": {"type": "array", "items": {"type": "string"}},
            "filter": {"$ref": "#/components/schemas/range"}}"##;
        let loaded = generator::load::load_str(std::path::Path::new("t.json"), text.to_owned())
            .expect("the test document loads");
        let root = &loaded.document.root;
        let admits = |name: &str| admits_scalar(root, root.get(name).expect("a test schema"));
        assert!(admits("created") && admits("address"));
        assert!(!admits("expand") && !admits("filter"));
    }
}
