//! Building one JSON value that a schema accepts.

use std::ptr;

use indexmap::IndexMap;
use serde_json::{Map, Number, Value as Json};

use crate::load::reference::{self, MAX_CHAIN};
use crate::load::{Node, unescape_segment};

use crate::normalize::implied_tag_value;

use super::pattern;
use super::validate::{Part, Validator, hides, json_equals, siblings_apply, to_json};

/// Which way a value travels, which decides what OpenAPI's `readOnly` and `writeOnly` mean
/// for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// A request parameter or body: `readOnly` properties are left out (and are not required).
    Request,
    /// A response body: `writeOnly` properties are left out (and are not required).
    Response,
}

/// Values nested inside one another (properties, items) before giving up.
const MAX_DEPTH: usize = 48;

/// Schemas one call of [`instance`] may synthesise, so that trying the alternatives of many
/// nested unions stays bounded.
const MAX_CALLS: usize = 20_000;

/// Schemas merged for one value (through `$ref`s, `allOf`s and union alternatives) before
/// giving up.
const MAX_PARTS: usize = 256;

/// Items of one array, characters of one string, at most: a `minItems` or `minLength` above
/// it gives `None` rather than a huge value.
const MAX_SIZE: usize = 10_000;

/// Values tried for one item of a `uniqueItems` array before it counts as impossible.
const UNIQUE_TRIES: usize = 8;

/// A JSON value that `schema` accepts when sent in `direction`, or `None` when none can be
/// built: an unresolvable `$ref`, contradictory constraints, a pattern Rust cannot read, or
/// recursion that a value would have to follow forever.
///
/// `document` is the root of the OpenAPI document, against which local `$ref`s resolve;
/// `schema` is usually one of its nodes (a component, a parameter's or a body's schema). The
/// rules are described in the [module documentation](super); every value returned has
/// passed [`conforms`](super::conforms).
pub fn instance(document: &Node, schema: &Node, direction: Direction) -> Option<Json> {
    let mut synth = Synth {
        document,
        direction,
        validator: Validator::new(document, direction),
        siblings: siblings_apply(document),
        active: Vec::new(),
        depth: 0,
        calls: 0,
        variant: 0,
    };
    synth.generate(vec![schema], None)
}

/// The state of one call of [`instance`].
struct Synth<'a> {
    document: &'a Node,
    direction: Direction,
    validator: Validator<'a>,
    /// Whether every keyword beside a `$ref` applies (3.1), or only those the generator merges
    /// (3.0; see [`Part`]).
    siblings: bool,
    /// Schemas whose value is being built, by the value nesting that leads here: the schemas a
    /// value was asked for and the `$ref` targets and union alternatives they went through.
    /// Meeting one of them again for a nested value is recursion, and that value is refused.
    active: Vec<&'a Node>,
    depth: usize,
    calls: usize,
    /// Which of several acceptable values to give, so that items of a `uniqueItems` array
    /// differ: 0 gives the preferred one.
    variant: usize,
}

/// What one value must satisfy and what its synthesis reads.
#[derive(Clone)]
struct Level<'a> {
    /// The schemas the value is checked against.
    origins: Vec<&'a Node>,
    /// The origins with every `$ref` target and `allOf` member they include, and the chosen
    /// union alternatives with theirs, once each: the keywords of all of them apply.
    parts: Vec<Part<'a>>,
    /// Unions (the node and `oneOf` or `anyOf`) whose alternative is among the parts.
    settled: Vec<(&'a Node, &'static str)>,
    /// Property values discriminators ask for.
    tags: Vec<(String, Json)>,
    /// The value at this place in an enclosing example, tried after the schema's own.
    hint: Option<Json>,
    /// Length of [`Synth::active`] before this value's schemas were added.
    mark: usize,
}

impl<'a> Synth<'a> {
    /// A value every schema of `origins` accepts.
    fn generate(&mut self, origins: Vec<&'a Node>, hint: Option<Json>) -> Option<Json> {
        if self.depth >= MAX_DEPTH || self.calls >= MAX_CALLS {
            return None;
        }
        self.calls += 1;
        let mark = self.active.len();
        let mut parts = Vec::new();
        let entered = origins.iter().all(|origin| self.enter(origin, mark));
        let siblings = self.siblings;
        let result = if entered
            && origins.iter().all(|origin| include(self.document, origin, &mut parts, siblings))
        {
            self.depth += 1;
            let level = Level {
                origins: origins.clone(),
                parts,
                settled: Vec::new(),
                tags: Vec::new(),
                hint,
                mark,
            };
            let result = self.level(level);
            self.depth -= 1;
            result
        } else {
            None
        };
        self.active.truncate(mark);
        // A recursive or impossible value may still be `null` (3.0 `nullable` beside a `$ref`).
        result.or_else(|| self.accepts(&origins, &Json::Null).then_some(Json::Null))
    }

    /// Marks `schema` and the chain of `$ref`s (and one-member `allOf`s) it starts as being
    /// built; `false` when one of them already is, further out than `mark`.
    fn enter(&mut self, schema: &'a Node, mark: usize) -> bool {
        let mut node = schema;
        for _ in 0..MAX_CHAIN {
            if self.active[..mark].iter().any(|active| ptr::eq(*active, node)) {
                return false;
            }
            self.active.push(node);
            let target = match (
                reference::target(self.document, node),
                node.get("allOf").and_then(Node::as_array),
            ) {
                (Some(target), _) => target.ok(),
                // `allOf: [$ref]`, the 3.0 way of putting `nullable` or a description on a `$ref`.
                (None, Some([only])) => Some(only),
                (None, _) => None,
            };
            match target {
                Some(target) => node = target,
                None => return true,
            }
        }
        false
    }

    /// Whether every schema of `origins` accepts `value`.
    fn accepts(&mut self, origins: &[&'a Node], value: &Json) -> bool {
        origins.iter().all(|origin| self.validator.valid(origin, value))
    }

    fn level(&mut self, level: Level<'a>) -> Option<Json> {
        if self.calls >= MAX_CALLS {
            return None;
        }
        // Values the document gives, when valid.
        let mut accepted: Vec<Json> = Vec::new();
        for candidate in candidates(&level) {
            if accepted.iter().any(|seen| json_equals(seen, &candidate)) {
                continue;
            }
            if self.accepts(&level.origins, &candidate) {
                accepted.push(candidate);
                if accepted.len() > self.variant {
                    break;
                }
            }
        }
        if let Some(value) = accepted.get(self.variant) {
            return Some(value.clone());
        }
        let listed = level
            .parts
            .iter()
            .any(|part| part.get("enum").is_some() || part.get("const").is_some());
        if listed {
            // Only the listed values are valid, and none of the others was.
            return accepted.pop();
        }
        if let Some((union, key)) = unsettled_union(&level) {
            return self.union(level, union, key);
        }
        for ty in types(&level.parts) {
            for candidate in self.synthesise(ty, &level) {
                if self.accepts(&level.origins, &candidate) {
                    return Some(candidate);
                }
            }
        }
        None
    }

    /// The first alternative of `union`'s `key` (`oneOf` or `anyOf`) that gives a value, `null`
    /// ones last. A `discriminator` sets its property to the name of the alternative.
    fn union(&mut self, level: Level<'a>, union: &'a Node, key: &'static str) -> Option<Json> {
        let alternatives = union.get(key).and_then(Node::as_array).unwrap_or_default();
        let tag_property =
            union.get("discriminator").and_then(|d| d.get("propertyName")).and_then(Node::as_str);
        let (nulls, others): (Vec<&'a Node>, Vec<&'a Node>) =
            alternatives.iter().partition(|alternative| is_null_schema(alternative));
        for alternative in others.into_iter().chain(nulls) {
            let mark = self.active.len();
            let mut next = level.clone();
            next.settled.push((union, key));
            if self.enter(alternative, level.mark)
                && include(self.document, alternative, &mut next.parts, self.siblings)
            {
                if let (Some(property), Some(tag)) =
                    (tag_property, self.tag_for(union, alternative))
                {
                    next.tags.push((property.to_owned(), Json::String(tag)));
                }
                let result = self.level(next);
                self.active.truncate(mark);
                if result.is_some() {
                    return result;
                }
            } else {
                self.active.truncate(mark);
            }
        }
        None
    }

    /// Candidate values of type `ty` for the level; the first valid one is taken.
    fn synthesise(&mut self, ty: &str, level: &Level<'a>) -> Vec<Json> {
        match ty {
            "null" => vec![Json::Null],
            "boolean" => vec![Json::Bool(self.variant % 2 == 0)],
            "integer" => integer(&level.parts, self.variant).into_iter().collect(),
            "number" => number(&level.parts, self.variant),
            "string" => strings(&level.parts, self.variant),
            "array" => self.array(level).into_iter().collect(),
            "object" => self.object(level).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    fn array(&mut self, level: &Level<'a>) -> Option<Json> {
        let mut min = 0;
        let mut max: Option<usize> = None;
        let mut unique = false;
        let mut prefix: Vec<&'a Node> = Vec::new();
        let mut items: Vec<&'a Node> = Vec::new();
        let mut closed = false;
        for part in &level.parts {
            min = min.max(count(part, "minItems").unwrap_or(0));
            if let Some(limit) = count(part, "maxItems") {
                max = Some(max.map_or(limit, |max: usize| max.min(limit)));
            }
            unique |= part.get("uniqueItems").and_then(Node::as_bool) == Some(true);
            let tuple = part.get("prefixItems").and_then(Node::as_array);
            let (tuple, rest) = match (tuple, part.get("items")) {
                (Some(tuple), rest) => (Some(tuple), rest),
                (None, Some(list)) if list.as_array().is_some() => {
                    (list.as_array(), part.get("additionalItems"))
                }
                (None, rest) => (None, rest),
            };
            if let Some(tuple) = tuple.filter(|_| prefix.is_empty()) {
                prefix = tuple.iter().collect();
            }
            match rest {
                Some(rest) if rest.as_bool() == Some(false) => closed = true,
                Some(rest) => items.push(rest),
                None => {}
            }
        }
        let wanted = if max == Some(0) { 0 } else { min.max(prefix.len()).max(1) };
        let mut length = max.map_or(wanted, |max| wanted.min(max));
        if closed {
            length = length.min(prefix.len());
        }
        if length < min || length > MAX_SIZE {
            return None;
        }
        let hint = array_hint(level);
        let base = self.variant;
        let mut out: Vec<Json> = Vec::with_capacity(length);
        for index in 0..length {
            let schemas = match prefix.get(index) {
                Some(schema) => vec![*schema],
                None => items.clone(),
            };
            let hint = hint.as_ref().and_then(|hint| hint.get(index)).cloned();
            let mut produced = None;
            for attempt in 0..if unique { UNIQUE_TRIES } else { 1 } {
                if unique {
                    self.variant = base + index + attempt * length;
                }
                match self.generate(schemas.clone(), hint.clone()) {
                    Some(item)
                        if unique && out.iter().any(|earlier| json_equals(earlier, &item)) =>
                    {
                        continue;
                    }
                    Some(item) => {
                        produced = Some(item);
                        break;
                    }
                    None => break,
                }
            }
            self.variant = base;
            match produced {
                Some(item) => out.push(item),
                // An array that may be empty is, when its items cannot be built (recursion).
                None if min == 0 => return Some(Json::Array(Vec::new())),
                None => return None,
            }
        }
        Some(Json::Array(out))
    }

    fn object(&mut self, level: &Level<'a>) -> Option<Json> {
        let mut properties: IndexMap<&'a str, Vec<&'a Node>> = IndexMap::new();
        let mut required: Vec<&'a str> = Vec::new();
        let mut additional: Vec<&'a Node> = Vec::new();
        let mut closed = false;
        let mut min_properties = 0;
        for part in &level.parts {
            for (name, schema) in
                part.get("properties").and_then(Node::as_object).into_iter().flatten()
            {
                properties.entry(name.as_str()).or_default().push(schema);
            }
            for name in part.get("required").and_then(Node::as_array).unwrap_or_default() {
                if let Some(name) = name.as_str() {
                    if !required.contains(&name) {
                        required.push(name);
                    }
                }
            }
            match part.get("additionalProperties") {
                Some(schema) if schema.as_bool() == Some(false) => closed = true,
                Some(schema) if schema.as_object().is_some() => additional.push(schema),
                _ => {}
            }
            min_properties = min_properties.max(count(part, "minProperties").unwrap_or(0));
        }
        let schemas_of = |name: &str| match properties.get(name) {
            Some(schemas) => Some(schemas.clone()),
            None if closed => None,
            None => Some(additional.clone()),
        };
        let hint = object_hint(level);
        let mut tags = level.tags.clone();
        for part in &level.parts {
            let property = part
                .get("discriminator")
                .and_then(|d| d.get("propertyName"))
                .and_then(Node::as_str);
            if let Some(property) =
                property.filter(|property| !tags.iter().any(|(name, _)| name == property))
            {
                if let Some(tag) = self.inherited_tag(part.node, &level.parts) {
                    tags.push((property.to_owned(), Json::String(tag)));
                }
            }
        }

        let mut out = Map::new();
        for (name, tag) in &tags {
            if let Some(schemas) = schemas_of(name) {
                if !self.hidden(&schemas) && self.accepts(&schemas, tag) {
                    out.insert(name.clone(), tag.clone());
                }
            }
        }
        for name in required {
            if out.contains_key(name) {
                continue;
            }
            let schemas = schemas_of(name)?;
            if self.hidden(&schemas) {
                continue;
            }
            let value = self.generate(schemas, member_hint(hint.as_ref(), name))?;
            out.insert(name.to_owned(), value);
        }
        if out.len() < min_properties {
            for (name, schemas) in &properties {
                if out.len() >= min_properties {
                    break;
                }
                if out.contains_key(*name) || self.hidden(schemas) {
                    continue;
                }
                if let Some(value) =
                    self.generate(schemas.clone(), member_hint(hint.as_ref(), name))
                {
                    out.insert((*name).to_owned(), value);
                }
            }
            let mut index = 0;
            while out.len() < min_properties && !closed && index <= min_properties {
                index += 1;
                let name = format!("additionalProp{index}");
                if out.contains_key(&name) || properties.contains_key(name.as_str()) {
                    continue;
                }
                let value = self.generate(additional.clone(), member_hint(hint.as_ref(), &name))?;
                out.insert(name, value);
            }
        }
        Some(Json::Object(out))
    }

    /// Whether a property with these schemas is left out in this direction.
    fn hidden(&self, schemas: &[&'a Node]) -> bool {
        schemas.iter().any(|schema| hides(self.document, schema, self.direction))
    }

    /// The discriminator value of `alternative` of `union`: the `mapping` key that points at
    /// it, else the single value its tag property declares, else the name of the schema its
    /// `$ref` points at, as the generated types read it. `None` for an inline alternative.
    fn tag_for(&self, union: &Node, alternative: &'a Node) -> Option<String> {
        let reference = alternative.get("$ref")?.as_str()?;
        let target = reference::lookup(self.document, reference).ok()?;
        let mapping =
            union.get("discriminator").and_then(|d| d.get("mapping")).and_then(Node::as_object);
        for (key, value) in mapping.into_iter().flatten() {
            let points_here = value.as_str().and_then(|value| self.mapping_target(value));
            if points_here.is_some_and(|node| ptr::eq(node, target)) {
                return Some(key.clone());
            }
        }
        let property =
            union.get("discriminator").and_then(|d| d.get("propertyName")).and_then(Node::as_str);
        if let Some(declared) =
            property.and_then(|property| implied_tag_value(self.document, reference, property))
        {
            return Some(declared);
        }
        reference.rsplit('/').next().map(|segment| unescape_segment(segment).into_owned())
    }

    /// The discriminator value for a schema that includes `base` (which has the
    /// `discriminator`) through `allOf`: the `mapping` key that points at one of the parts,
    /// else the name of the first component schema among them other than `base`, else
    /// `base`'s own name.
    fn inherited_tag(&self, base: &'a Node, parts: &[Part<'a>]) -> Option<String> {
        let mapping =
            base.get("discriminator").and_then(|d| d.get("mapping")).and_then(Node::as_object);
        for (key, value) in mapping.into_iter().flatten() {
            let target = value.as_str().and_then(|value| self.mapping_target(value));
            if target.is_some_and(|target| parts.iter().any(|part| ptr::eq(part.node, target))) {
                return Some(key.clone());
            }
        }
        let components = self.document.pointer("/components/schemas").and_then(Node::as_object)?;
        let name_of = |node: &Node| {
            components
                .iter()
                .find(|(_, schema)| ptr::eq(*schema, node))
                .map(|(name, _)| name.clone())
        };
        parts
            .iter()
            .filter(|part| !ptr::eq(part.node, base))
            .find_map(|part| name_of(part.node))
            .or_else(|| name_of(base))
    }

    /// The schema a `mapping` value names: a `$ref` or the name of a component schema.
    fn mapping_target(&self, value: &str) -> Option<&'a Node> {
        if value.contains('#') {
            reference::lookup(self.document, value.get(value.find('#')?..)?).ok()
        } else {
            self.document.pointer("/components/schemas").and_then(|schemas| schemas.get(value))
        }
    }
}

/// Adds `schema` and what it includes (its `$ref` target, its `allOf` members, and theirs) to
/// `parts`, each node once. `false` when one of them is `false` or a `$ref` does not resolve.
/// Without `siblings` (3.0), only some keywords beside a `$ref` apply.
fn include<'a>(
    document: &'a Node,
    schema: &'a Node,
    parts: &mut Vec<Part<'a>>,
    siblings: bool,
) -> bool {
    if parts.iter().any(|part| ptr::eq(part.node, schema)) {
        return true;
    }
    if parts.len() >= MAX_PARTS {
        return false;
    }
    if schema.as_object().is_none() {
        return schema.as_bool() != Some(false);
    }
    parts.push(Part::new(schema, siblings));
    if let Some(target) = reference::target(document, schema) {
        match target {
            Ok(target) => {
                if !include(document, target, parts, siblings) {
                    return false;
                }
            }
            Err(_) => return false,
        }
    }
    let members = schema.get("allOf").and_then(Node::as_array).unwrap_or_default();
    members.iter().all(|member| include(document, member, parts, siblings))
}

/// The first `oneOf`/`anyOf` among the parts whose alternative is not chosen yet.
fn unsettled_union<'a>(level: &Level<'a>) -> Option<(&'a Node, &'static str)> {
    for part in &level.parts {
        for key in ["oneOf", "anyOf"] {
            let has_members =
                part.get(key).and_then(Node::as_array).is_some_and(|members| !members.is_empty());
            let settled = level
                .settled
                .iter()
                .any(|(node, settled_key)| ptr::eq(*node, part.node) && *settled_key == key);
            if has_members && !settled {
                return Some((part.node, key));
            }
        }
    }
    None
}

/// `{type: 'null'}` and `{enum: [null]}`, the 3.1 way of making a union nullable.
fn is_null_schema(schema: &Node) -> bool {
    schema.get("type").and_then(Node::as_str) == Some("null")
        || schema.get("enum").and_then(Node::as_array).is_some_and(|values| {
            values.len() == 1 && values.iter().all(|value| value.value == crate::load::Value::Null)
        })
}

/// Values the document offers for the level, best first: the parts' `example`s, their
/// `examples` lists, the value at this place in an enclosing example, then `default`s,
/// `const`s and `enum` values.
fn candidates(level: &Level<'_>) -> Vec<Json> {
    let mut out = Vec::new();
    let each = |key: &str, out: &mut Vec<Json>| {
        for part in &level.parts {
            if let Some(value) = part.get(key).and_then(to_json) {
                out.push(value);
            }
        }
    };
    each("example", &mut out);
    for part in &level.parts {
        for example in part.get("examples").and_then(Node::as_array).unwrap_or_default() {
            out.extend(to_json(example));
        }
    }
    out.extend(level.hint.clone());
    each("default", &mut out);
    each("const", &mut out);
    for part in &level.parts {
        for value in part.get("enum").and_then(Node::as_array).unwrap_or_default() {
            out.extend(to_json(value));
        }
    }
    out
}

/// The enclosing example or the parts' own example, if it is an object: its members are tried
/// for the properties when the whole is not valid (a `readOnly` `id` in a request).
fn object_hint(level: &Level<'_>) -> Option<Map<String, Json>> {
    examples_of(level).into_iter().find_map(|value| match value {
        Json::Object(members) => Some(members),
        _ => None,
    })
}

/// Like [`object_hint`], for the items of an array.
fn array_hint(level: &Level<'_>) -> Option<Vec<Json>> {
    examples_of(level).into_iter().find_map(|value| match value {
        Json::Array(items) => Some(items),
        _ => None,
    })
}

fn examples_of(level: &Level<'_>) -> Vec<Json> {
    let mut out: Vec<Json> = level.hint.clone().into_iter().collect();
    for part in &level.parts {
        out.extend(part.get("example").and_then(to_json));
        out.extend(
            part.get("examples")
                .and_then(Node::as_array)
                .and_then(|list| list.first())
                .and_then(to_json),
        );
        out.extend(part.get("default").and_then(to_json));
    }
    out
}

fn member_hint(hint: Option<&Map<String, Json>>, name: &str) -> Option<Json> {
    hint.and_then(|hint| hint.get(name)).cloned()
}

/// A non-negative count keyword (`minItems`...).
fn count(part: &Part<'_>, key: &str) -> Option<usize> {
    part.get(key).and_then(Node::as_i64).and_then(|value| usize::try_from(value).ok())
}

/// The JSON types to try, in order: those every part allows (a 3.0 `type` with `nullable`,
/// a 3.1 list), `null` last; without any `type`, the one the keywords suggest, then the
/// others, a string first.
fn types(parts: &[Part<'_>]) -> Vec<&'static str> {
    let mut allowed: Option<Vec<&'static str>> = None;
    for part in parts {
        let Some(declared) = declared_types(part) else {
            continue;
        };
        allowed = Some(match allowed {
            None => declared,
            Some(before) => before
                .into_iter()
                .filter_map(|ty| match ty {
                    _ if declared.contains(&ty) => Some(ty),
                    "number" if declared.contains(&"integer") => Some("integer"),
                    "integer" if declared.contains(&"number") => Some("integer"),
                    _ => None,
                })
                .collect(),
        });
    }
    let mut out = match allowed {
        Some(allowed) => allowed,
        None => {
            let mut out = inferred_types(parts);
            for ty in ["string", "integer", "boolean", "object", "array", "null"] {
                if !out.contains(&ty) {
                    out.push(ty);
                }
            }
            out
        }
    };
    if let Some(null) = out.iter().position(|ty| *ty == "null") {
        out.remove(null);
        out.push("null");
    }
    out
}

/// The types a part declares, with `null` for 3.0 `nullable: true`; `None` without `type`.
fn declared_types(part: &Part<'_>) -> Option<Vec<&'static str>> {
    let known = |name: &str| -> &'static str {
        match name {
            "null" => "null",
            "boolean" => "boolean",
            "integer" => "integer",
            "number" => "number",
            "array" => "array",
            "object" => "object",
            // `string`, and names JSON Schema does not have (`file`).
            _ => "string",
        }
    };
    let mut out: Vec<&'static str> = match &part.get("type")?.value {
        crate::load::Value::String(name) => vec![known(name)],
        crate::load::Value::Array(names) => {
            names.iter().filter_map(Node::as_str).map(known).collect()
        }
        _ => return None,
    };
    if part.get("nullable").and_then(Node::as_bool) == Some(true) && !out.contains(&"null") {
        out.push("null");
    }
    out.dedup();
    Some(out)
}

/// The type the keywords of untyped parts suggest (`properties` for an object...).
fn inferred_types(parts: &[Part<'_>]) -> Vec<&'static str> {
    const OBJECT: &[&str] = &[
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "minProperties",
        "maxProperties",
        "propertyNames",
        "discriminator",
    ];
    const ARRAY: &[&str] =
        &["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"];
    const STRING: &[&str] = &["minLength", "maxLength", "pattern"];
    const NUMBER: &[&str] =
        &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
    let has =
        |keys: &[&str]| parts.iter().any(|part| keys.iter().any(|key| part.get(key).is_some()));
    let format = parts.iter().find_map(|part| part.get("format").and_then(Node::as_str));
    let integer_format =
        format.is_some_and(|format| INTEGER_FORMATS.iter().any(|(name, _, _)| *name == format));
    let mut out = Vec::new();
    if has(OBJECT) {
        out.push("object");
    }
    if has(ARRAY) {
        out.push("array");
    }
    if has(STRING) || (format.is_some() && !integer_format) {
        out.push("string");
    }
    if integer_format {
        out.push("integer");
    }
    if has(NUMBER) {
        out.push("number");
    }
    out
}

/// Integer formats and the range each allows.
const INTEGER_FORMATS: &[(&str, i128, i128)] = &[
    ("int8", i8::MIN as i128, i8::MAX as i128),
    ("int16", i16::MIN as i128, i16::MAX as i128),
    ("int32", i32::MIN as i128, i32::MAX as i128),
    ("int64", i64::MIN as i128, i64::MAX as i128),
    ("uint8", 0, u8::MAX as i128),
    ("uint16", 0, u16::MAX as i128),
    ("uint32", 0, u32::MAX as i128),
    ("uint64", 0, u64::MAX as i128),
];

/// Lower and upper bounds of the parts, each with whether it is exclusive.
struct Bounds {
    low: Option<(f64, bool)>,
    high: Option<(f64, bool)>,
    multiples: Vec<f64>,
}

impl Bounds {
    fn of(parts: &[Part<'_>]) -> Self {
        let mut bounds = Bounds { low: None, high: None, multiples: Vec::new() };
        for part in parts {
            let number = |key: &str| part.get(key).and_then(Node::as_f64).filter(|x| x.is_finite());
            let flag = |key: &str| part.get(key).and_then(Node::as_bool) == Some(true);
            if let Some(minimum) = number("minimum") {
                bounds.raise((minimum, flag("exclusiveMinimum")));
            }
            if let Some(minimum) = number("exclusiveMinimum") {
                bounds.raise((minimum, true));
            }
            if let Some(maximum) = number("maximum") {
                bounds.lower((maximum, flag("exclusiveMaximum")));
            }
            if let Some(maximum) = number("exclusiveMaximum") {
                bounds.lower((maximum, true));
            }
            if let Some(multiple) = number("multipleOf").filter(|multiple| *multiple > 0.0) {
                bounds.multiples.push(multiple);
            }
        }
        bounds
    }

    fn raise(&mut self, low: (f64, bool)) {
        let tighter = match self.low {
            None => true,
            Some(current) => low.0 > current.0 || (low.0 == current.0 && low.1),
        };
        if tighter {
            self.low = Some(low);
        }
    }

    fn lower(&mut self, high: (f64, bool)) {
        let tighter = match self.high {
            None => true,
            Some(current) => high.0 < current.0 || (high.0 == current.0 && high.1),
        };
        if tighter {
            self.high = Some(high);
        }
    }

    fn contains(&self, x: f64) -> bool {
        let above =
            self.low.is_none_or(|(low, exclusive)| if exclusive { x > low } else { x >= low });
        let below =
            self.high.is_none_or(|(high, exclusive)| if exclusive { x < high } else { x <= high });
        above && below
    }
}

/// An integer in the bounds (and the range of the format), a multiple of every whole
/// `multipleOf`: 1 when allowed, else the allowed value nearest to it.
fn integer(parts: &[Part<'_>], variant: usize) -> Option<Json> {
    let bounds = Bounds::of(parts);
    let mut low =
        bounds.low.map(
            |(low, exclusive)| {
                if exclusive { low.floor() as i128 + 1 } else { low.ceil() as i128 }
            },
        );
    let mut high =
        bounds.high.map(
            |(high, exclusive)| {
                if exclusive { high.ceil() as i128 - 1 } else { high.floor() as i128 }
            },
        );
    for part in parts {
        let format = part.get("format").and_then(Node::as_str);
        if let Some((_, min, max)) =
            INTEGER_FORMATS.iter().find(|(name, _, _)| Some(*name) == format)
        {
            low = Some(low.map_or(*min, |low| low.max(*min)));
            high = Some(high.map_or(*max, |high| high.min(*max)));
        }
    }
    let mut step: i128 = 1;
    for multiple in
        bounds.multiples.iter().filter(|multiple| multiple.fract() == 0.0 && **multiple < 1e18)
    {
        step = lcm(step, *multiple as i128)?;
    }
    let inside = |x: i128| low.is_none_or(|low| x >= low) && high.is_none_or(|high| x <= high);
    let target = 1_i128
        .clamp(low.unwrap_or(i128::MIN), high.unwrap_or(i128::MAX).max(low.unwrap_or(i128::MIN)));
    let down = target.div_euclid(step).checked_mul(step)?;
    let up = if target.rem_euclid(step) == 0 { Some(down) } else { down.checked_add(step) };
    let first = [up, Some(down)].into_iter().flatten().find(|x| inside(*x))?;
    let offset = i128::try_from(variant).ok()?.checked_mul(step)?;
    let value = [first.checked_add(offset), first.checked_sub(offset)]
        .into_iter()
        .flatten()
        .find(|x| inside(*x))?;
    i64::try_from(value).map(Json::from).ok().or_else(|| u64::try_from(value).map(Json::from).ok())
}

fn lcm(a: i128, b: i128) -> Option<i128> {
    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    (a / gcd(a, b)).checked_mul(b)
}

/// Numbers in the bounds, multiples of the first `multipleOf`, 1 preferred; the caller takes
/// the first that passes every check.
fn number(parts: &[Part<'_>], variant: usize) -> Vec<Json> {
    let bounds = Bounds::of(parts);
    let shift = variant as f64;
    let mut out = Vec::new();
    if let Some(&multiple) = bounds.multiples.first() {
        let decimals =
            format!("{multiple}").split_once('.').map_or(0, |(_, fraction)| fraction.len()).min(15)
                as i32;
        let scale = 10f64.powi(decimals);
        let round = |x: f64| (x * scale).round() / scale;
        let low = bounds.low.map(|(low, _)| (low / multiple).ceil());
        let high = bounds.high.map(|(high, _)| (high / multiple).floor());
        let start =
            (1.0 / multiple).ceil().max(low.unwrap_or(f64::MIN)).min(high.unwrap_or(f64::MAX))
                + shift;
        for k in (0..20)
            .map(|step| start + f64::from(step))
            .chain((1..20).map(|step| start - f64::from(step)))
        {
            let x = round(k * multiple);
            if bounds.contains(x) && bounds.multiples.iter().all(|m| (x / m).fract() == 0.0) {
                out.extend(Number::from_f64(x).map(Json::Number));
                break;
            }
        }
        return out;
    }
    let mut tries = vec![1.0 + shift];
    match (bounds.low, bounds.high) {
        (Some((low, _)), Some((high, _))) => {
            tries.extend([low + shift, (low + high) / 2.0, high - shift])
        }
        (Some((low, _)), None) => tries.extend([low + shift, low + 1.0 + shift]),
        (None, Some((high, _))) => tries.extend([high - shift, high - 1.0 - shift]),
        (None, None) => {}
    }
    for x in tries {
        if x.is_finite() && bounds.contains(x) {
            out.extend(Number::from_f64(x).map(Json::Number));
        }
    }
    out
}

/// Candidate strings: the value of the `format`, one matching the `pattern`s, then
/// `"example"`, each fitted to `minLength`/`maxLength`.
fn strings(parts: &[Part<'_>], variant: usize) -> Vec<Json> {
    let mut min = 0;
    let mut max: Option<usize> = None;
    let mut format = None;
    let mut patterns = Vec::new();
    for part in parts {
        min = min.max(count(part, "minLength").unwrap_or(0));
        if let Some(limit) = count(part, "maxLength") {
            max = Some(max.map_or(limit, |max: usize| max.min(limit)));
        }
        let encoding = part.get("contentEncoding").and_then(Node::as_str);
        let declared = part.get("format").and_then(Node::as_str);
        format =
            format.or(if matches!(encoding, Some("base64")) { Some("byte") } else { declared });
        patterns.extend(part.get("pattern").and_then(Node::as_str));
    }
    if min > MAX_SIZE {
        return Vec::new();
    }
    let mut out = Vec::new();
    if let Some(text) = format.and_then(|format| format_value(format, variant, min)) {
        out.push(text);
    }
    for pattern in &patterns {
        // Other variants too, in case the first is one a look-ahead excludes.
        for other in 0..4 {
            out.extend(pattern::matching(pattern, min, max, variant + other));
        }
    }
    out.dedup();
    if patterns.is_empty() {
        let mut text =
            if variant == 0 { "example".to_owned() } else { format!("example{variant}") };
        let length = text.chars().count();
        text.extend(std::iter::repeat_n('a', min.saturating_sub(length)));
        if let Some(max) = max {
            text = text.chars().take(max).collect();
        }
        out.push(text);
    }
    out.into_iter().map(Json::String).collect()
}

/// A value of a string `format` (`variant` > 0 gives others), padded to `min` characters
/// where the format has room for it. `None` for formats without a typical value.
fn format_value(format: &str, variant: usize, min: usize) -> Option<String> {
    let suffix = if variant == 0 { String::new() } else { variant.to_string() };
    let day = 2 + variant % 27;
    let text = match format {
        "date-time" => format!("2024-01-{day:02}T03:04:05Z"),
        "date" => format!("2024-01-{day:02}"),
        "time" => format!("03:04:{:02}Z", 5 + variant % 50),
        "duration" => format!("P{}D", 1 + variant),
        "uuid" => format!("123e4567-e89b-12d3-a456-{:012x}", 0x4266_1417_4000_usize + variant),
        "email" | "idn-email" => {
            let padding = "a".repeat(min.saturating_sub(16 + suffix.len()));
            format!("user{suffix}{padding}@example.com")
        }
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => {
            let path = if variant == 0 { String::new() } else { format!("/{variant}") };
            let base = format!("https://example.com{path}");
            match min.checked_sub(base.len() + 1) {
                Some(padding) => format!("{base}/{}", "a".repeat(padding)),
                None => base,
            }
        }
        "uri-template" => format!("https://example.com/{suffix}{{id}}"),
        "hostname" | "idn-hostname" => format!("example{suffix}.com"),
        "ipv4" => format!("192.0.2.{}", 1 + variant % 254),
        "ipv6" => format!("2001:db8::{:x}", 1 + variant),
        "byte" => base64(format!("example{suffix}").as_bytes()),
        "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32" | "uint64"
        | "integer" | "decimal" | "number" | "double" | "float" => (1 + variant).to_string(),
        "json-pointer" => format!("/example{suffix}"),
        "regex" => format!("^example{suffix}$"),
        _ => return None,
    };
    Some(text)
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (index, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
