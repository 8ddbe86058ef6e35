//! Parameter values as OpenAPI's `style` and `explode` write them: RFC 6570 expansions for
//! path and query values (`simple`, `label`, `matrix`, `form`), the delimited query styles,
//! and `deepObject`'s bracket form (`created[gte]=1`), which nested values (`line_items[0][price]`)
//! extend as deepObject-style APIs read them.
//!
//! Our own encoder rather than `serde_qs`: that crate writes only the bracket form, and writes
//! spaces as `+`, which a server reading RFC 3986 query strings takes for a plus sign; one
//! encoder over the JSON value covers every style of the table, byte for byte.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// How a parameter's value is written on the wire: OpenAPI's `style` with its `explode`, or
/// the JSON text of a parameter that the document describes with `content`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `blue`, `blue,black`, `R,100,G,200` (`R=100,G=200` exploded): path and header values.
    Simple {
        /// Object members as `key=value`.
        explode: bool,
    },
    /// `.blue`, `.blue,black` (`.blue.black` exploded): path values.
    Label {
        /// Items and members each after their own `.`.
        explode: bool,
    },
    /// `;color=blue`, `;color=blue,black` (`;color=blue;color=black` exploded): path values.
    Matrix {
        /// Items and members each as their own `;name=value`.
        explode: bool,
    },
    /// `color=blue`, `color=blue,black` (`color=blue&color=black` exploded): query values,
    /// cookies and form bodies.
    Form {
        /// Items as repeated pairs, object members as pairs of their own.
        explode: bool,
    },
    /// `color=blue%20black%20brown`: query arrays.
    SpaceDelimited,
    /// `color=blue|black|brown`: query arrays.
    PipeDelimited,
    /// `color[R]=100&color[G]=200`: query objects, and form properties in that encoding.
    DeepObject,
    /// The value's JSON text (`content: {application/json: ...}`).
    Json,
}

/// RFC 3986's unreserved characters; everything else in a value is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// With `allowReserved`: RFC 3986's reserved characters are written as they are, but for
/// those a query string or a form pair cannot carry as data (`#`, `[`, `]`, `&`, `+`, `=`).
const UNRESERVED_AND_RESERVED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';');

/// The text `{name}` becomes in a path: percent-encoded, with the style's prefix and
/// delimiters (`.`, `;name=`).
pub(crate) fn path_value(name: &str, value: &Tree, style: Style) -> String {
    let encode = |text: &str| utf8_percent_encode(text, UNRESERVED).to_string();
    match (style, flatten(value)) {
        (Style::Label { explode }, flat) => {
            let separator = if explode { "." } else { "," };
            format!(".{}", flat.join(&encode, separator, explode))
        }
        (Style::Matrix { explode }, Flat::List(items)) if explode => {
            items.iter().map(|item| format!(";{name}={}", encode(item))).collect()
        }
        (Style::Matrix { explode: true }, Flat::Pairs(pairs)) => {
            pairs.iter().map(|(key, item)| format!(";{}={}", encode(key), encode(item))).collect()
        }
        (Style::Matrix { .. }, Flat::Scalar(text)) if text.is_empty() => format!(";{name}"),
        (Style::Matrix { .. }, flat) => format!(";{name}={}", flat.join(&encode, ",", false)),
        (Style::Json, _) => encode(&value.json()),
        (Style::Simple { explode }, flat) => flat.join(&encode, ",", explode),
        // Not path styles: the normaliser warns and asks for `simple`; written as it would be.
        (_, flat) => flat.join(&encode, ",", false),
    }
}

/// The `name=value` pairs of a query parameter or a form property, each percent-encoded
/// (`allow_reserved`: RFC 3986's reserved characters kept); none for `null`. An empty array
/// or object is `name=` where the style writes one pair, so that a required parameter is
/// still there, and nothing where it writes a pair per item.
pub(crate) fn query_pairs(
    name: &str,
    value: &Tree,
    style: Style,
    allow_reserved: bool,
) -> Vec<String> {
    let encode = |text: &str| encode_value(text, allow_reserved);
    let key = encode_key(name);
    if *value == Tree::Null {
        return Vec::new();
    }
    match (style, flatten(value)) {
        (Style::Json, _) => vec![format!("{key}={}", encode(&value.json()))],
        (Style::DeepObject, _) => {
            let mut pairs = Vec::new();
            brackets(&key, value, &encode, &mut pairs);
            pairs
        }
        (Style::Form { explode: true } | Style::Simple { explode: true }, Flat::List(items)) => {
            items.iter().map(|item| format!("{key}={}", encode(item))).collect()
        }
        (Style::Form { explode: true } | Style::Simple { explode: true }, Flat::Pairs(pairs)) => {
            pairs
                .iter()
                .map(|(member, item)| format!("{}={}", encode_key(member), encode(item)))
                .collect()
        }
        (Style::SpaceDelimited, flat @ (Flat::List(_) | Flat::Pairs(_))) => {
            vec![format!("{key}={}", flat.join(&encode, "%20", false))]
        }
        (Style::PipeDelimited, flat @ (Flat::List(_) | Flat::Pairs(_))) => {
            vec![format!("{key}={}", flat.join(&encode, "|", false))]
        }
        (_, flat) => vec![format!("{key}={}", flat.join(&encode, ",", false))],
    }
}

/// A header's value in the `simple` style (or as JSON text), not percent-encoded: header
/// values are text, and one a header cannot carry is refused when the request is built.
pub(crate) fn header_value(value: &Tree, style: Style) -> String {
    match style {
        Style::Json => value.json(),
        Style::Simple { explode } | Style::Form { explode } => {
            flatten(value).join(&|text: &str| text.to_owned(), ",", explode)
        }
        _ => flatten(value).join(&|text: &str| text.to_owned(), ",", false),
    }
}

/// The `name=value` pairs a cookie parameter adds to the `Cookie` header, in the `form`
/// style with values percent-encoded, so that a `;` or `,` in a value cannot start another
/// cookie.
pub(crate) fn cookie_pairs(name: &str, value: &Tree, style: Style) -> Vec<String> {
    query_pairs(name, value, style, false)
}

/// One `name=value` pair of plain text (an API key, a per-call query parameter), both
/// percent-encoded.
pub(crate) fn form_pair(name: &str, value: &str) -> String {
    format!("{}={}", encode_key(name), utf8_percent_encode(value, UNRESERVED))
}

/// The value's text as written in a query or form pair: percent-encoded, but with RFC 3986's
/// reserved characters and `%XX` triples kept as they are when `allow_reserved`.
fn encode_value(text: &str, allow_reserved: bool) -> String {
    if !allow_reserved {
        return utf8_percent_encode(text, UNRESERVED).to_string();
    }
    let set = UNRESERVED_AND_RESERVED;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.push_str(&utf8_percent_encode(&rest[..at], set).to_string());
        let triple = rest[at..].get(..3).filter(|t| t[1..].bytes().all(|b| b.is_ascii_hexdigit()));
        match triple {
            Some(triple) => {
                out.push_str(triple);
                rest = &rest[at + 3..];
            }
            None => {
                out.push_str("%25");
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(&utf8_percent_encode(rest, set).to_string());
    out
}

/// A name in a pair, percent-encoded but for the brackets of the bracket form.
fn encode_key(name: &str) -> String {
    utf8_percent_encode(name, UNRESERVED).to_string()
}

/// The bracket form: `key[member]` for object members and `key[index]` for array items,
/// nested as deep as the value, `key=` for `null` (which deepObject-style APIs such as
/// Stripe's read as "clear this field").
fn brackets(key: &str, value: &Tree, encode: &dyn Fn(&str) -> String, pairs: &mut Vec<String>) {
    match value {
        Tree::Object(members) => {
            for (member, item) in members {
                brackets(&format!("{key}[{}]", encode_key(member)), item, encode, pairs);
            }
        }
        Tree::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                brackets(&format!("{key}[{index}]"), item, encode, pairs);
            }
        }
        scalar => pairs.push(format!("{key}={}", encode(&scalar.text()))),
    }
}

/// A value as the one-level styles see it.
enum Flat {
    /// A string, number or boolean (`null` is the empty string).
    Scalar(String),
    /// An array's items.
    List(Vec<String>),
    /// An object's members, in the object's order.
    Pairs(Vec<(String, String)>),
}

impl Flat {
    /// The items joined by `separator`, each encoded; pairs as `key,value` or, `exploded`,
    /// as `key=value`, joined by `separator` too.
    fn join(&self, encode: &dyn Fn(&str) -> String, separator: &str, exploded: bool) -> String {
        match self {
            Flat::Scalar(text) => encode(text),
            Flat::List(items) => {
                items.iter().map(|item| encode(item)).collect::<Vec<_>>().join(separator)
            }
            Flat::Pairs(pairs) => {
                let pair_separator = if exploded { "=" } else { separator };
                pairs
                    .iter()
                    .map(|(key, item)| format!("{}{pair_separator}{}", encode(key), encode(item)))
                    .collect::<Vec<_>>()
                    .join(separator)
            }
        }
    }
}

/// `value` as one level: nested arrays and objects, which the one-level styles do not
/// define, are written as their JSON text.
fn flatten(value: &Tree) -> Flat {
    match value {
        Tree::Array(items) => Flat::List(items.iter().map(Tree::text).collect()),
        Tree::Object(members) => {
            Flat::Pairs(members.iter().map(|(key, item)| (key.clone(), item.text())).collect())
        }
        scalar => Flat::Scalar(scalar.text()),
    }
}

/// A value as JSON describes it, with object members in the order they were written (a
/// struct's fields in declaration order), which `serde_json::Value` would sort.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tree {
    /// `null`.
    Null,
    /// A string.
    Text(String),
    /// A number or a boolean, as JSON writes it.
    Literal(String),
    /// An array.
    Array(Vec<Tree>),
    /// An object's members, in order.
    Object(Vec<(String, Tree)>),
}

impl Tree {
    /// Whether the value is an object, or an array holding arrays or objects: what the
    /// one-level styles cannot write.
    pub(crate) fn is_nested(&self) -> bool {
        match self {
            Tree::Object(_) => true,
            Tree::Array(items) => {
                items.iter().any(|item| matches!(item, Tree::Array(_) | Tree::Object(_)))
            }
            _ => false,
        }
    }

    /// What kind of JSON value this is, for messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Tree::Null => "null",
            Tree::Text(_) => "a string",
            Tree::Literal(_) => "a number or a boolean",
            Tree::Array(_) => "an array",
            Tree::Object(_) => "an object",
        }
    }

    /// The text of a scalar (`null` is the empty string); an array's or object's JSON.
    pub(crate) fn text(&self) -> String {
        match self {
            Tree::Null => String::new(),
            Tree::Text(text) | Tree::Literal(text) => text.clone(),
            nested => nested.json(),
        }
    }

    /// The JSON text.
    pub(crate) fn json(&self) -> String {
        match self {
            Tree::Null => "null".to_owned(),
            Tree::Text(text) => serde_json::Value::from(text.as_str()).to_string(),
            Tree::Literal(text) => text.clone(),
            Tree::Array(items) => {
                format!("[{}]", items.iter().map(Tree::json).collect::<Vec<_>>().join(","))
            }
            Tree::Object(members) => {
                let members: Vec<String> = members
                    .iter()
                    .map(|(key, item)| {
                        format!("{}:{}", serde_json::Value::from(key.as_str()), item.json())
                    })
                    .collect();
                format!("{{{}}}", members.join(","))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Tree, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Tree, E> {
        Ok(Tree::Literal(value.to_string()))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Tree, E> {
        Ok(Tree::Literal(value.to_string()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Tree, E> {
        Ok(Tree::Literal(value.to_string()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Tree, E> {
        // As JSON writes it (`1.5`, `100.0`); a JSON text holds no NaN or infinity.
        Ok(Tree::Literal(serde_json::Value::from(value).to_string()))
    }

    fn visit_str<E>(self, value: &str) -> Result<Tree, E> {
        Ok(Tree::Text(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Tree, E> {
        Ok(Tree::Text(value))
    }

    fn visit_unit<E>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(Tree::Object(members))
    }
}
