//! What a schema says about its values beyond their type (`default`, `example`, `enum`,
//! bounds, `deprecated`), as one line of doc text: the generated types cannot carry these,
//! and a caller choosing an argument needs them.

use crate::ir::{TypeKind, TypeRef};
use crate::load::{Node, Value};

use super::Normalizer;

/// Enums longer than this are not listed: the docs would be a wall of values, and the type
/// (an enum, when the values are strings) lists them anyway.
const MAX_LISTED: usize = 10;

/// Values longer than this are left out: a long example is a payload, not a hint.
const MAX_VALUE_CHARS: usize = 80;

/// The facts of `schema` as one line ("Default: `20`. Minimum: 1, maximum: 50."), with
/// `owner`, the parameter or property that holds it, able to add `deprecated` and an
/// `example` of its own. `None` when there is nothing to say. `variants` says the owner's
/// type is an enum of the allowed values: its variants list them on its own page, so the
/// line does not repeat them; a plain type with allowed values (booleans, numbers) keeps them.
pub(super) fn facts(schema: Option<&Node>, owner: Option<&Node>, variants: bool) -> Option<String> {
    let get =
        |key: &str| owner.and_then(|o| o.get(key)).or_else(|| schema.and_then(|s| s.get(key)));
    let mut sentences = Vec::new();
    let deprecated = |node: Option<&Node>| {
        node.and_then(|n| n.get("deprecated")).and_then(Node::as_bool) == Some(true)
    };
    if deprecated(owner) || deprecated(schema) {
        sentences.push("**Deprecated.**".to_owned());
    }
    let schema_get = |key: &str| schema.and_then(|s| s.get(key));
    if let Some(default) = schema_get("default").and_then(value) {
        sentences.push(format!("Default: {default}."));
    }
    // 3.1 writes a single allowed value as `const`, which 3.0 could only write as `enum`.
    let allowed = match (schema_get("enum").and_then(Node::as_array), schema_get("const")) {
        (Some(values), _) => values.iter().collect::<Vec<_>>(),
        (None, Some(only)) => vec![only],
        (None, None) => Vec::new(),
    };
    if !variants && !allowed.is_empty() && allowed.len() <= MAX_LISTED {
        let listed: Option<Vec<String>> = allowed.into_iter().map(value).collect();
        if let Some(listed) = listed {
            sentences.push(format!("One of: {}.", listed.join(", ")));
        }
    }
    let bounds = [
        ("minimum", "exclusiveMinimum", "minimum", "more than"),
        ("maximum", "exclusiveMaximum", "maximum", "less than"),
    ]
    .iter()
    .filter_map(|(key, exclusive_key, word, exclusive_word)| {
        bound(schema, key, exclusive_key, word, exclusive_word)
    })
    .collect::<Vec<_>>();
    if let Some(sentence) = sentence(bounds) {
        sentences.push(sentence);
    }
    let (min_length, max_length) =
        (number(schema_get("minLength")), number(schema_get("maxLength")));
    if let (Some(min), Some(max)) = (&min_length, &max_length)
        && min == max
    {
        sentences.push(format!("Length: {min}."));
    } else {
        let lengths = [("minimum length", min_length), ("maximum length", max_length)]
            .into_iter()
            .filter_map(|(word, n)| n.map(|n| format!("{word}: {n}")))
            .collect::<Vec<_>>();
        if let Some(sentence) = sentence(lengths) {
            sentences.push(sentence);
        }
    }
    // 3.1 schemas list `examples`; the first is the one 3.0 would have written as `example`.
    let example = get("example").or_else(|| {
        schema_get("examples").and_then(Node::as_array).and_then(|examples| examples.first())
    });
    if let Some(example) = example.and_then(value) {
        sentences.push(format!("Example: {example}."));
    }
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

impl Normalizer<'_> {
    /// Whether `ty` is an enum the model defines, whose variants are a schema's allowed
    /// values (the `variants` of [`facts`]). An enum is defined as soon as its schema is
    /// read, so the type a schema was just read as is known here.
    pub(super) fn is_enum(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Named(name)
            if matches!(self.types.get(name).map(|def| &def.kind), Some(TypeKind::Enum(_))))
    }
}

/// A bound as a phrase: `minimum: 1`, or `more than 0` for an exclusive one (OpenAPI 3.0
/// writes `exclusiveMinimum: true` beside `minimum`, 3.1 a number in its place).
fn bound(
    schema: Option<&Node>,
    key: &str,
    exclusive_key: &str,
    word: &str,
    exclusive_word: &str,
) -> Option<String> {
    let schema = schema?;
    let exclusive = schema.get(exclusive_key);
    if let Some(n) = number(exclusive) {
        return Some(format!("{exclusive_word} {n}"));
    }
    let n = number(schema.get(key))?;
    if exclusive.and_then(Node::as_bool) == Some(true) {
        Some(format!("{exclusive_word} {n}"))
    } else {
        Some(format!("{word}: {n}"))
    }
}

/// Phrases joined into a sentence with its first letter capitalised.
fn sentence(phrases: Vec<String>) -> Option<String> {
    let joined = phrases.join(", ");
    let mut chars = joined.chars();
    let first = chars.next()?;
    Some(format!("{}{}.", first.to_uppercase(), chars.as_str()))
}

/// A number as the document writes it.
fn number(node: Option<&Node>) -> Option<String> {
    match &node?.value {
        Value::Integer(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// A scalar as a code span: `20`, `"asc"`, `true`. Lists, objects, and strings a code span
/// cannot hold on one line are left out.
fn value(node: &Node) -> Option<String> {
    let text = match &node.value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Integer(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::String(s) if s.contains(['`', '\n', '\r']) => return None,
        Value::String(s) => format!("\"{s}\""),
        Value::Array(_) | Value::Object(_) => return None,
    };
    (text.chars().count() <= MAX_VALUE_CHARS).then(|| format!("`{text}`"))
}

/// Prose and facts as one doc text, the facts in a paragraph of their own.
pub(super) fn with_facts(docs: Option<String>, facts: Option<String>) -> Option<String> {
    match (docs, facts) {
        (Some(docs), Some(facts)) => Some(format!("{docs}\n\n{facts}")),
        (docs, facts) => docs.or(facts),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::load_str;

    /// The facts of the schema `schema` of a parameter `owner`, both written as JSON.
    fn facts_of(schema: &str, owner: &str) -> Option<String> {
        facts_with(schema, owner, false)
    }

    /// [`facts_of`], saying whether the owner's type is an enum of the allowed values.
    fn facts_with(schema: &str, owner: &str, variants: bool) -> Option<String> {
        let text = format!("{{\"schema\": {schema}, \"owner\": {owner}}}");
        let root = match load_str(Path::new("facts.json"), text) {
            Ok(loaded) => loaded.document.root,
            Err(report) => panic!("{report}"),
        };
        facts(root.get("schema"), root.get("owner"), variants)
    }

    #[test]
    fn default_bounds_and_example_make_one_line() {
        assert_eq!(
            facts_of(r#"{"default": 20, "minimum": 1, "maximum": 50, "example": 5}"#, "{}")
                .as_deref(),
            Some("Default: `20`. Minimum: 1, maximum: 50. Example: `5`.")
        );
    }

    #[test]
    fn exclusive_bounds_in_either_version_say_more_than_and_less_than() {
        assert_eq!(
            facts_of(r#"{"minimum": 0, "exclusiveMinimum": true, "exclusiveMaximum": 1.5}"#, "{}")
                .as_deref(),
            Some("More than 0, less than 1.5.")
        );
    }

    #[test]
    fn lengths_equal_or_not() {
        assert_eq!(
            facts_of(r#"{"minLength": 22, "maxLength": 22}"#, "{}").as_deref(),
            Some("Length: 22.")
        );
        assert_eq!(
            facts_of(r#"{"minLength": 1, "maxLength": 255}"#, "{}").as_deref(),
            Some("Minimum length: 1, maximum length: 255.")
        );
    }

    #[test]
    fn a_deprecated_parameter_and_its_enum_and_own_example() {
        assert_eq!(
            facts_of(
                r#"{"enum": ["asc", "desc"], "example": "desc"}"#,
                r#"{"deprecated": true, "example": "asc"}"#
            )
            .as_deref(),
            Some("**Deprecated.** One of: `\"asc\"`, `\"desc\"`. Example: `\"asc\"`.")
        );
    }

    #[test]
    fn an_enum_type_s_values_are_left_to_its_variants() {
        let schema = r#"{"enum": ["asc", "desc"], "default": "asc", "example": "desc"}"#;
        assert_eq!(
            facts_with(schema, "{}", true).as_deref(),
            Some("Default: `\"asc\"`. Example: `\"desc\"`.")
        );
        assert_eq!(
            facts_with(schema, "{}", false).as_deref(),
            Some("Default: `\"asc\"`. One of: `\"asc\"`, `\"desc\"`. Example: `\"desc\"`.")
        );
    }

    #[test]
    fn long_enums_and_values_a_code_span_cannot_hold_are_left_out() {
        let eleven: Vec<String> = (0..11).map(|n| n.to_string()).collect();
        let schema =
            format!(r#"{{"enum": [{}], "default": "a`b", "example": [1]}}"#, eleven.join(","));
        assert_eq!(facts_of(&schema, "{}"), None);
    }
}
