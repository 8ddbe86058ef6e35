//! The query parameter names an operation declares, and the names of a request's query that
//! it does not. Prism accepts query parameters the operation does not declare, so a
//! deepObject parameter sent as bare member pairs (`gt=5` for `created[gt]=5`) would pass as
//! a few unknown parameters; the judging proxy rejects them with this check.

use std::collections::BTreeSet;

use generator::load::{Node, reference};

use super::names::{admits_scalar, pair_names};

/// How deep `allOf`/`anyOf`/`oneOf` members are searched for the properties of an exploded
/// object parameter.
const MAX_MEMBER_DEPTH: usize = 8;

/// The query names one operation accepts.
#[derive(Debug, Default, PartialEq)]
pub struct Declared {
    /// The operation as messages name it: `GET /v1/customers`.
    operation: String,
    /// Names sent as they are: parameters, the members of exploded `form` objects, and query
    /// credentials.
    exact: BTreeSet<String>,
    /// deepObject parameters, sent as `name[member]` (`name[a][b]`, `name[]`...).
    deep: BTreeSet<String>,
    /// The deepObject parameters whose schema also admits a bare value (`created=5`).
    deep_or_bare: BTreeSet<String>,
    /// An exploded `form` object parameter takes members it does not list, so any name may
    /// be one of them.
    open: bool,
}

impl Declared {
    /// The query names that `method` `path` of `document` accepts: its own and its path's
    /// parameters, and the names of the document's query credentials (`apiKey` schemes),
    /// which the client may send with any call. `None` when the document has no such
    /// operation.
    pub fn of(document: &Node, path: &str, method: &str) -> Option<Declared> {
        let item = reference::dereference(document, document.get("paths")?.get(path)?);
        let operation = item.get(&method.to_ascii_lowercase())?;
        let mut declared = Declared {
            operation: format!("{} {path}", method.to_ascii_uppercase()),
            ..Declared::default()
        };
        let parameters = [item, operation]
            .into_iter()
            .filter_map(|node| node.get("parameters").and_then(Node::as_array))
            .flatten()
            .map(|parameter| reference::dereference(document, parameter));
        for parameter in parameters {
            declared.add_parameter(document, parameter);
        }
        let schemes = document
            .get("components")
            .and_then(|components| components.get("securitySchemes"))
            .and_then(Node::as_object);
        for scheme in schemes.into_iter().flat_map(|schemes| schemes.values()) {
            let scheme = reference::dereference(document, scheme);
            let in_query = scheme.get("type").and_then(Node::as_str) == Some("apiKey")
                && scheme.get("in").and_then(Node::as_str) == Some("query");
            if let (true, Some(name)) = (in_query, scheme.get("name").and_then(Node::as_str)) {
                declared.exact.insert(name.to_owned());
            }
        }
        Some(declared)
    }

    /// Adds one parameter object, if it is a query parameter.
    fn add_parameter(&mut self, document: &Node, parameter: &Node) {
        let (Some("query"), Some(name)) = (
            parameter.get("in").and_then(Node::as_str),
            parameter.get("name").and_then(Node::as_str),
        ) else {
            return;
        };
        let style = parameter.get("style").and_then(Node::as_str).unwrap_or("form");
        let explode = parameter.get("explode").and_then(Node::as_bool).unwrap_or(style == "form");
        let schema = parameter.get("schema").map(|schema| reference::dereference(document, schema));
        if style == "deepObject" {
            self.deep.insert(name.to_owned());
            if schema.is_some_and(|schema| admits_scalar(document, schema)) {
                self.deep_or_bare.insert(name.to_owned());
            }
            return;
        }
        self.exact.insert(name.to_owned());
        if let (Some(schema), "form", true) = (schema, style, explode) {
            self.add_members(document, schema, 0);
        }
    }

    /// Adds the properties of an exploded `form` object parameter's schema (at `depth` 0) or
    /// of its members, which are sent as query parameters of their own.
    fn add_members(&mut self, document: &Node, schema: &Node, depth: usize) {
        if depth > MAX_MEMBER_DEPTH {
            return;
        }
        let properties = schema.get("properties").and_then(Node::as_object);
        self.exact.extend(properties.into_iter().flat_map(|properties| properties.keys().cloned()));
        // The parameter's own schema decides which members it takes besides those it lists;
        // the members of its `allOf`/`anyOf`/`oneOf` only add names.
        let object = schema.get("type").and_then(Node::as_str) == Some("object")
            || properties.is_some()
            || schema.get("additionalProperties").is_some();
        let closed = schema.get("additionalProperties").and_then(Node::as_bool) == Some(false);
        if depth == 0 && object && !closed {
            self.open = true;
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            let members = schema.get(keyword).and_then(Node::as_array).unwrap_or_default();
            for member in members {
                self.add_members(document, reference::dereference(document, member), depth + 1);
            }
        }
    }

    /// Why names of `query` (a URL's query as sent, percent-encoded) are not the operation's:
    /// one message for each such name, once, in the order they first come. A deepObject
    /// parameter sent bare is one, unless its schema admits a bare value.
    pub fn undeclared(&self, query: &str) -> Vec<String> {
        let mut messages = Vec::new();
        for name in pair_names(query) {
            let deep_member = name
                .split_once('[')
                .is_some_and(|(base, rest)| self.deep.contains(base) && rest.contains(']'));
            if self.exact.contains(&name) || deep_member || self.deep_or_bare.contains(&name) {
                continue;
            }
            if self.deep.contains(&name) {
                messages.push(format!(
                    "query parameter `{name}` of {} is a deepObject parameter sent without brackets: expected `{name}[member]=value`",
                    self.operation
                ));
            } else if !self.open {
                messages.push(format!(
                    "query parameter `{name}` is not declared by {}",
                    self.operation
                ));
            }
        }
        messages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model of a small document with one operation, `GET /items`.
    fn declared(parameters: &str) -> Declared {
        let text = format!(
            r##"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}},
            "components": {{
                "securitySchemes": {{"key": {{"type": "apiKey", "in": "query", "name": "api_key"}}}},
                "parameters": {{"page": {{"name": "page", "in": "query", "schema": {{"type": "integer"}}}}}}
            }},
            "paths": {{"/items": {{
                "parameters": [{{"$ref": "#/components/parameters/page"}}],
                "get": {{"parameters": {parameters}, "responses": {{"200": {{"description": "ok"}}}}}}
            }}}}}}"##
        );
        let loaded = generator::load::load_str(std::path::Path::new("t.json"), text)
            .expect("the test document loads");
        Declared::of(&loaded.document.root, "/items", "get").expect("GET /items is declared")
    }

    #[test]
    fn a_deep_object_sent_as_bare_members_is_rejected_by_name() {
        let declared = declared(
            r#"[{"name": "created", "in": "query", "style": "deepObject", "explode": true,
                "schema": {"type": "object", "properties": {"gt": {"type": "integer"}}}}]"#,
        );
        assert_eq!(
            declared.undeclared("created%5Bgt%5D=5&created[lt][x]=6&page=2&api_key=k"),
            Vec::<String>::new()
        );
        assert_eq!(
            declared.undeclared("gt=5&gt=6&page=1"),
            ["query parameter `gt` is not declared by GET /items"]
        );
        assert_eq!(
            declared.undeclared("created=5"),
            [
                "query parameter `created` of GET /items is a deepObject parameter sent without brackets: expected `created[member]=value`"
            ]
        );
    }

    #[test]
    fn a_deep_object_that_admits_a_scalar_may_be_sent_bare() {
        let declared = declared(
            r#"[{"name": "created", "in": "query", "style": "deepObject", "explode": true,
                "schema": {"anyOf": [{"type": "object"}, {"type": "integer"}]}}]"#,
        );
        assert_eq!(declared.undeclared("created=5&created[gt]=1"), Vec::<String>::new());
    }

    #[test]
    fn an_exploded_form_object_sends_its_members_as_names() {
        let closed = declared(
            r#"[{"name": "filter", "in": "query", "schema": {"type": "object",
                "additionalProperties": false,
                "allOf": [{"properties": {"color": {"type": "string"}}}]}}]"#,
        );
        assert_eq!(closed.undeclared("color=red"), Vec::<String>::new());
        assert_eq!(
            closed.undeclared("filter%5Bcolor%5D=red"),
            ["query parameter `filter[color]` is not declared by GET /items"]
        );
        let open = declared(r#"[{"name": "tags", "in": "query", "schema": {"type": "object"}}]"#);
        assert_eq!(open.undeclared("anything=1"), Vec::<String>::new());
    }

    #[test]
    fn a_form_parameter_that_does_not_explode_takes_only_its_name() {
        let declared = declared(
            r#"[{"name": "point", "in": "query", "explode": false,
                "schema": {"type": "object", "properties": {"x": {"type": "number"}}}}]"#,
        );
        assert_eq!(declared.undeclared("point=x,1"), Vec::<String>::new());
        assert_eq!(
            declared.undeclared("x=1"),
            ["query parameter `x` is not declared by GET /items"]
        );
    }
}
