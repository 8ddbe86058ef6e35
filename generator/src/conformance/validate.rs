//! Whether a JSON value conforms to a schema of the document.
//!
//! The synthesiser checks every value it returns with this, so a value it cannot get right is
//! `None` rather than a request the mock server rejects. The checks follow JSON Schema 2020-12
//! and the OpenAPI 3.0 dialect of it, as Prism's validator reads them:
//!
//! - `type` (a name or a list), `enum`, `const`, 3.0 `nullable: true` (which admits `null`
//!   whatever else the schema says, as converters to JSON Schema make it);
//! - numbers: `minimum`, `maximum`, both forms of `exclusiveMinimum`/`exclusiveMaximum`
//!   (3.0 booleans, 3.1 numbers), `multipleOf`, and the `int32`/`int64` formats;
//! - strings: `minLength`, `maxLength` (in characters), `pattern` (a search, as in
//!   ECMAScript; a pattern Rust's `regex` cannot compile fails the check), and the formats
//!   `date-time`, `date`, `time`, `duration`, `uuid`, `email`, `hostname`, `ipv4`, `ipv6`,
//!   `uri`, `uri-reference`, `byte`, `regex` and `json-pointer`; other formats pass;
//! - arrays: `items` (a schema, or a list as in draft 4 with `additionalItems`),
//!   `prefixItems`, `minItems`, `maxItems`, `uniqueItems`, `contains`;
//! - objects: `properties`, `required`, `additionalProperties`, `patternProperties`,
//!   `propertyNames`, `minProperties`, `maxProperties`, `dependentRequired`;
//! - `allOf`, `anyOf`, `oneOf` (exactly one; a `discriminator` does not relax it), `not`,
//!   `if`/`then`/`else`, and local `$ref`s with their siblings (as `allOf`).
//!
//! OpenAPI's `readOnly` and `writeOnly` depend on the [`Direction`]: a `readOnly` property is
//! not required in a request and must not be sent in one, and a `writeOnly` one likewise in a
//! response.

use foldhash::{HashMap, HashMapExt};
use std::net::{Ipv4Addr, Ipv6Addr};

use regex::Regex;
use serde_json::{Map, Number, Value as Json};

use crate::load::reference::{self, MAX_CHAIN};
use crate::load::{Node, Value};

use super::Direction;
use super::pattern;

/// Schemas applied inside one another before a check gives up and fails: only a cycle of
/// `$ref`s or `allOf`s that never descends into the value goes this deep.
const MAX_DEPTH: usize = 200;

/// Schemas one validator applies before it fails every further check, so that a pathological
/// document cannot make a check take minutes.
const MAX_STEPS: usize = 4_000_000;

/// Whether `value` conforms to `schema` (a node of `document`, or one built for the purpose),
/// sent in `direction`.
pub fn conforms(document: &Node, schema: &Node, value: &Json, direction: Direction) -> bool {
    Validator::new(document, direction).valid(schema, value)
}

/// Checks values against the schemas of one document; keeps compiled patterns between checks.
pub(crate) struct Validator<'a> {
    document: &'a Node,
    direction: Direction,
    siblings: bool,
    patterns: HashMap<String, Option<Pattern>>,
    /// Names of properties that `required` lists may leave out here, because a sibling schema
    /// of the same `allOf` declares them `readOnly` (requests) or `writeOnly` (responses).
    hidden: Vec<String>,
    depth: usize,
    steps: usize,
}

impl<'a> Validator<'a> {
    /// A validator for values sent in `direction`.
    pub(crate) fn new(document: &'a Node, direction: Direction) -> Self {
        let siblings = siblings_apply(document);
        Validator {
            document,
            direction,
            siblings,
            patterns: HashMap::new(),
            hidden: Vec::new(),
            depth: 0,
            steps: 0,
        }
    }

    /// Whether `value` conforms to `schema`.
    pub(crate) fn valid(&mut self, schema: &'a Node, value: &Json) -> bool {
        if self.depth >= MAX_DEPTH || self.steps >= MAX_STEPS {
            return false;
        }
        self.depth += 1;
        self.steps += 1;
        let valid = self.check(schema, value);
        self.depth -= 1;
        valid
    }

    /// Whether `value`, a property value or an array item, conforms to `schema`: what siblings
    /// of the enclosing object allowed to be left out says nothing about it.
    fn valid_member(&mut self, schema: &'a Node, value: &Json) -> bool {
        let hidden = std::mem::take(&mut self.hidden);
        let valid = self.valid(schema, value);
        self.hidden = hidden;
        valid
    }

    fn check(&mut self, schema: &'a Node, value: &Json) -> bool {
        if !matches!(schema.value, Value::Object(_)) {
            // `true`, `false`, and anything that is not a schema (which allows anything).
            return schema.as_bool() != Some(false);
        }
        if value.is_null() && schema.get("nullable").and_then(Node::as_bool) == Some(true) {
            return true;
        }
        let view = Part::new(schema, self.siblings);
        let mark = self.hidden.len();
        if schema.get("$ref").is_some() || schema.get("allOf").is_some() {
            let mut hidden = Vec::new();
            hidden_names(self.document, schema, self.direction, &mut hidden, 0);
            self.hidden.extend(hidden);
        }
        let valid = self.reference(schema, value)
            && self.types(view, value)
            && self.enumeration(view, value)
            && self.number(view, value)
            && self.string(view, value)
            && self.array(view, value)
            && self.object(view, value)
            && self.combinators(view, value);
        self.hidden.truncate(mark);
        valid
    }

    fn reference(&mut self, schema: &'a Node, value: &Json) -> bool {
        match reference::target(self.document, schema) {
            None => true,
            Some(Ok(target)) => self.valid(target, value),
            Some(Err(_)) => false,
        }
    }

    fn types(&mut self, schema: Part<'a>, value: &Json) -> bool {
        match schema.get("type").map(|ty| &ty.value) {
            Some(Value::String(name)) => type_matches(name, value),
            Some(Value::Array(names)) => {
                names.iter().any(|name| name.as_str().is_some_and(|name| type_matches(name, value)))
            }
            _ => true,
        }
    }

    fn enumeration(&mut self, schema: Part<'a>, value: &Json) -> bool {
        if let Some(values) = schema.get("enum").and_then(Node::as_array) {
            if !values.iter().any(|allowed| node_equals(allowed, value)) {
                return false;
            }
        }
        schema.get("const").is_none_or(|allowed| node_equals(allowed, value))
    }

    fn number(&mut self, schema: Part<'a>, value: &Json) -> bool {
        let Json::Number(number) = value else {
            return true;
        };
        let Some(x) = number.as_f64() else {
            return false;
        };
        let number_of = |key: &str| schema.get(key).and_then(Node::as_f64);
        let flag = |key: &str| schema.get(key).and_then(Node::as_bool) == Some(true);
        if let Some(minimum) = number_of("minimum") {
            if x < minimum || (flag("exclusiveMinimum") && x <= minimum) {
                return false;
            }
        }
        if let Some(maximum) = number_of("maximum") {
            if x > maximum || (flag("exclusiveMaximum") && x >= maximum) {
                return false;
            }
        }
        if number_of("exclusiveMinimum").is_some_and(|bound| x <= bound)
            || number_of("exclusiveMaximum").is_some_and(|bound| x >= bound)
        {
            return false;
        }
        if let Some(multiple) = number_of("multipleOf") {
            if multiple > 0.0 && !is_multiple(number, multiple) {
                return false;
            }
        }
        match schema.get("format").and_then(Node::as_str) {
            Some("int32") => {
                is_integer(number) && (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&x)
            }
            Some("int64") => is_integer(number),
            _ => true,
        }
    }

    fn string(&mut self, schema: Part<'a>, value: &Json) -> bool {
        let Json::String(text) = value else {
            return true;
        };
        let length = text.chars().count();
        let count = |key: &str| schema.get(key).and_then(Node::as_i64);
        if count("minLength").is_some_and(|min| (length as i64) < min)
            || count("maxLength").is_some_and(|max| (length as i64) > max)
        {
            return false;
        }
        if let Some(pattern) = schema.get("pattern").and_then(Node::as_str) {
            if !self.search(pattern, text) {
                return false;
            }
        }
        schema.get("format").and_then(Node::as_str).is_none_or(|format| format_holds(format, text))
    }

    fn array(&mut self, schema: Part<'a>, value: &Json) -> bool {
        let Json::Array(items) = value else {
            return true;
        };
        let count = |key: &str| schema.get(key).and_then(Node::as_i64);
        if count("minItems").is_some_and(|min| (items.len() as i64) < min)
            || count("maxItems").is_some_and(|max| (items.len() as i64) > max)
        {
            return false;
        }
        if schema.get("uniqueItems").and_then(Node::as_bool) == Some(true) {
            for (index, item) in items.iter().enumerate() {
                if items[..index].iter().any(|earlier| json_equals(earlier, item)) {
                    return false;
                }
            }
        }
        let (prefix, rest) =
            match (schema.get("prefixItems").and_then(Node::as_array), schema.get("items")) {
                (Some(prefix), rest) => (prefix, rest),
                (None, Some(items)) if items.as_array().is_some() => {
                    (items.as_array().unwrap_or_default(), schema.get("additionalItems"))
                }
                (None, rest) => (&[][..], rest),
            };
        for (index, item) in items.iter().enumerate() {
            let item_schema = prefix.get(index).or(rest);
            if item_schema.is_some_and(|item_schema| !self.valid_member(item_schema, item)) {
                return false;
            }
        }
        match schema.get("contains") {
            Some(contains) => items.iter().any(|item| self.valid_member(contains, item)),
            None => true,
        }
    }

    fn object(&mut self, schema: Part<'a>, value: &Json) -> bool {
        let Json::Object(members) = value else {
            return true;
        };
        let properties = schema.get("properties").and_then(Node::as_object);
        for name in schema.get("required").and_then(Node::as_array).unwrap_or_default() {
            let Some(name) = name.as_str() else {
                continue;
            };
            if members.contains_key(name) {
                continue;
            }
            let declared = properties.and_then(|properties| properties.get(name));
            let hidden = declared
                .is_some_and(|property| hides(self.document, property, self.direction))
                || self.hidden.iter().any(|hidden| hidden == name);
            if !hidden {
                return false;
            }
        }
        let count = |key: &str| schema.get(key).and_then(Node::as_i64);
        if count("minProperties").is_some_and(|min| (members.len() as i64) < min)
            || count("maxProperties").is_some_and(|max| (members.len() as i64) > max)
        {
            return false;
        }
        if let Some(dependent) = schema.get("dependentRequired").and_then(Node::as_object) {
            for (name, needed) in dependent {
                if members.contains_key(name.as_str()) {
                    let needed = needed.as_array().unwrap_or_default();
                    if !needed
                        .iter()
                        .filter_map(Node::as_str)
                        .all(|other| members.contains_key(other))
                    {
                        return false;
                    }
                }
            }
        }
        let pattern_properties = schema.get("patternProperties").and_then(Node::as_object);
        for (key, member) in members {
            let mut declared = false;
            if let Some(property) = properties.and_then(|properties| properties.get(key.as_str())) {
                declared = true;
                if hides(self.document, property, self.direction)
                    || !self.valid_member(property, member)
                {
                    return false;
                }
            }
            for (pattern, property) in pattern_properties.into_iter().flatten() {
                if self.search(pattern, key) {
                    declared = true;
                    if !self.valid_member(property, member) {
                        return false;
                    }
                }
            }
            if !declared {
                if let Some(additional) = schema.get("additionalProperties") {
                    if !self.valid_member(additional, member) {
                        return false;
                    }
                }
            }
            if let Some(names) = schema.get("propertyNames") {
                if !self.valid_member(names, &Json::String(key.clone())) {
                    return false;
                }
            }
        }
        true
    }

    fn combinators(&mut self, schema: Part<'a>, value: &Json) -> bool {
        let members = |key: &str| schema.get(key).and_then(Node::as_array);
        if let Some(all) = members("allOf") {
            if !all.iter().all(|member| self.valid(member, value)) {
                return false;
            }
        }
        if let Some(any) = members("anyOf") {
            if !any.iter().any(|member| self.valid(member, value)) {
                return false;
            }
        }
        if let Some(one) = members("oneOf") {
            let mut matched = 0;
            for member in one {
                if self.valid(member, value) {
                    matched += 1;
                    if matched > 1 {
                        break;
                    }
                }
            }
            if matched != 1 {
                return false;
            }
        }
        if let Some(not) = schema.get("not") {
            if self.valid(not, value) {
                return false;
            }
        }
        if let Some(condition) = schema.get("if") {
            let branch =
                if self.valid(condition, value) { schema.get("then") } else { schema.get("else") };
            if branch.is_some_and(|branch| !self.valid(branch, value)) {
                return false;
            }
        }
        true
    }

    /// Whether `pattern` matches somewhere in `text`; a pattern that does not compile fails.
    fn search(&mut self, pattern: &str, text: &str) -> bool {
        let compiled =
            self.patterns.entry(pattern.to_owned()).or_insert_with(|| Pattern::new(pattern));
        compiled.as_ref().is_some_and(|compiled| compiled.is_match(text))
    }
}

/// A compiled `pattern`: Rust's `regex` and, for the look-aheads it lacks, those at the start
/// of an anchored pattern (`^(?!...)`), checked separately.
struct Pattern {
    main: Regex,
    lookaheads: Vec<(bool, Regex)>,
}

impl Pattern {
    fn new(pattern: &str) -> Option<Self> {
        let split = pattern::split(pattern)?;
        let lookaheads = split
            .lookaheads
            .iter()
            .map(|(positive, body)| {
                Regex::new(&format!("^(?:{body})")).ok().map(|regex| (*positive, regex))
            })
            .collect::<Option<_>>()?;
        Some(Pattern { main: Regex::new(&split.rest).ok()?, lookaheads })
    }

    fn is_match(&self, text: &str) -> bool {
        self.main.is_match(text)
            && self.lookaheads.iter().all(|(positive, regex)| regex.is_match(text) == *positive)
    }
}

/// Keywords beside a `$ref` that apply in a 3.0 document, where the standard ignores them
/// all: those the generator merges into the type (`properties`, `required`, `allOf`,
/// `additionalProperties`), `nullable`, and `readOnly`/`writeOnly`.
const REF_SIBLINGS_30: &[&str] = &[
    "$ref",
    "nullable",
    "properties",
    "required",
    "allOf",
    "additionalProperties",
    "readOnly",
    "writeOnly",
];

/// Whether every keyword beside a `$ref` applies: in 3.1, not in 3.0.
pub(crate) fn siblings_apply(document: &Node) -> bool {
    !document
        .get("openapi")
        .and_then(Node::as_str)
        .is_some_and(|version| version.starts_with("3.0"))
}

/// A schema object with the keywords that apply to it.
#[derive(Clone, Copy)]
pub(crate) struct Part<'a> {
    /// The schema.
    pub(crate) node: &'a Node,
    /// A `$ref` object of a 3.0 document: only [`REF_SIBLINGS_30`] apply.
    reference_only: bool,
}

impl<'a> Part<'a> {
    /// `node` in a document where keywords beside a `$ref` apply (`siblings`) or not.
    pub(crate) fn new(node: &'a Node, siblings: bool) -> Self {
        Part { node, reference_only: !siblings && node.get("$ref").is_some() }
    }

    /// The keyword `key`, if it applies.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Node> {
        if self.reference_only && !REF_SIBLINGS_30.contains(&key) {
            return None;
        }
        self.node.get(key)
    }
}

/// Whether `schema`, through its `$ref`s and `allOf` members, says `key: true`.
pub(crate) fn flagged(document: &Node, schema: &Node, key: &str) -> bool {
    flagged_at(document, schema, key, 0)
}

fn flagged_at(document: &Node, schema: &Node, key: &str, depth: usize) -> bool {
    if depth > MAX_CHAIN {
        return false;
    }
    if schema.get(key).and_then(Node::as_bool) == Some(true) {
        return true;
    }
    let target = reference::target(document, schema).and_then(Result::ok);
    if target.is_some_and(|target| flagged_at(document, target, key, depth + 1)) {
        return true;
    }
    let members = schema.get("allOf").and_then(Node::as_array).unwrap_or_default();
    members.iter().any(|member| flagged_at(document, member, key, depth + 1))
}

/// Whether a property with this schema is left out of values sent in `direction`: `readOnly`
/// ones from requests, `writeOnly` ones from responses.
pub(crate) fn hides(document: &Node, property: &Node, direction: Direction) -> bool {
    let key = match direction {
        Direction::Request => "readOnly",
        Direction::Response => "writeOnly",
    };
    flagged(document, property, key)
}

/// The properties declared by `schema`, its `$ref` targets and its `allOf` members that
/// [`hides`] leaves out.
fn hidden_names(
    document: &Node,
    schema: &Node,
    direction: Direction,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > MAX_CHAIN {
        return;
    }
    for (name, property) in schema.get("properties").and_then(Node::as_object).into_iter().flatten()
    {
        if hides(document, property, direction) && !out.contains(name) {
            out.push(name.clone());
        }
    }
    if let Some(Ok(target)) = reference::target(document, schema) {
        hidden_names(document, target, direction, out, depth + 1);
    }
    for member in schema.get("allOf").and_then(Node::as_array).unwrap_or_default() {
        hidden_names(document, member, direction, out, depth + 1);
    }
}

/// The node as JSON; `None` for a number JSON cannot hold (YAML's `.nan`, `.inf`).
pub fn to_json(node: &Node) -> Option<Json> {
    Some(match &node.value {
        Value::Null => Json::Null,
        Value::Bool(flag) => Json::Bool(*flag),
        Value::Integer(integer) => Json::from(*integer),
        Value::Float(float) => Json::Number(Number::from_f64(*float)?),
        Value::String(text) => Json::String(text.clone()),
        Value::Array(items) => Json::Array(items.iter().map(to_json).collect::<Option<_>>()?),
        Value::Object(members) => {
            let mut map = Map::new();
            for (key, member) in members {
                map.insert(key.clone(), to_json(member)?);
            }
            Json::Object(map)
        }
    })
}

/// JSON equality as JSON Schema has it: `1` and `1.0` are the same number.
pub(crate) fn json_equals(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(a), Json::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(a), Some(b)) => a == b,
            _ => a.as_f64() == b.as_f64(),
        },
        (Json::Array(a), Json::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| json_equals(a, b))
        }
        (Json::Object(a), Json::Object(b)) => {
            a.len() == b.len()
                && a.iter().all(|(key, a)| b.get(key).is_some_and(|b| json_equals(a, b)))
        }
        _ => a == b,
    }
}

fn node_equals(node: &Node, value: &Json) -> bool {
    to_json(node).is_some_and(|node| json_equals(&node, value))
}

fn type_matches(name: &str, value: &Json) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => matches!(value, Json::Number(number) if is_integer(number)),
        "array" => value.is_array(),
        "object" => value.is_object(),
        // Not a JSON Schema type (`file` in documents converted from Swagger 2.0).
        _ => true,
    }
}

/// A number without fraction, however it is written (`2` or `2.0`).
fn is_integer(number: &Number) -> bool {
    number.is_i64() || number.is_u64() || number.as_f64().is_some_and(|x| x.fract() == 0.0)
}

/// `multipleOf`: exact for integers, else the quotient must be a whole number, as JavaScript
/// validators compute it.
fn is_multiple(number: &Number, multiple: f64) -> bool {
    if multiple.fract() == 0.0 && multiple < 9.0e15 {
        if let Some(integer) = number.as_i64() {
            return i128::from(integer) % (multiple as i128) == 0;
        }
    }
    number.as_f64().is_some_and(|x| {
        let quotient = x / multiple;
        quotient.is_finite() && quotient.fract() == 0.0
    })
}

/// The string formats checked; any other format is only a hint and passes.
fn format_holds(format: &str, text: &str) -> bool {
    match format {
        "date-time" => date_time(text),
        "date" => date(text),
        "time" => time(text),
        "duration" => duration(text),
        "uuid" => uuid(text),
        "email" | "idn-email" => email(text),
        "hostname" => hostname(text),
        "ipv4" => text.parse::<Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<Ipv6Addr>().is_ok(),
        "uri" | "url" | "iri" => uri(text),
        "uri-reference" | "iri-reference" => !text.chars().any(char::is_whitespace),
        "byte" => base64(text),
        "regex" => regex_syntax::Parser::new().parse(text).is_ok(),
        "json-pointer" => text.is_empty() || text.starts_with('/'),
        _ => true,
    }
}

fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// RFC 3339 `full-date`: `2024-01-02`, a day that exists.
fn date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (digits(year), digits(month), digits(day)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// RFC 3339 `full-time`: `03:04:05`, an optional fraction, and `Z` or an offset.
fn time(text: &str) -> bool {
    let Some(clock) = text.get(..8) else {
        return false;
    };
    let fields: Vec<&str> = clock.split(':').collect();
    let [hour, minute, second] = fields.as_slice() else {
        return false;
    };
    let in_range =
        |field: &str, max: u32| field.len() == 2 && digits(field).is_some_and(|value| value <= max);
    if !(in_range(hour, 23) && in_range(minute, 59) && in_range(second, 60)) {
        return false;
    }
    let mut rest = &text[8..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if length == 0 {
            return false;
        }
        rest = &fraction[length..];
    }
    match rest {
        "Z" | "z" => true,
        offset => {
            let Some(offset) = offset.strip_prefix(['+', '-']) else {
                return false;
            };
            let fields: Vec<&str> = offset.split(':').collect();
            matches!(fields.as_slice(), [hours, minutes] if in_range(hours, 23) && in_range(minutes, 59))
        }
    }
}

fn date_time(text: &str) -> bool {
    match (text.get(..10), text.get(10..11), text.get(11..)) {
        (Some(day), Some("T" | "t" | " "), Some(clock)) => date(day) && time(clock),
        _ => false,
    }
}

/// ISO 8601 duration, loosely: `P` and then designators (`P1D`, `PT5M`, `P1Y2M`).
fn duration(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('P') else {
        return false;
    };
    !rest.is_empty()
        && rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().all(|c| c.is_ascii_digit() || "YMWDTHS.,".contains(c))
}

fn uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(index, c)| match index {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
}

fn hostname(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 253
        && text.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        })
}

/// An absolute URI: a scheme, `:`, and no whitespace.
fn uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut letters = scheme.chars();
    letters.next().is_some_and(|first| first.is_ascii_alphabetic())
        && letters.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Standard base64 with padding.
fn base64(text: &str) -> bool {
    let body = text.trim_end_matches('=');
    text.len() % 4 == 0
        && text.len() - body.len() <= 2
        && body.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'+' || byte == b'/')
}
