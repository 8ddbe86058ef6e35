//! OpenAPI Overlays (Overlay Specification 1.0.0): corrections a user keeps beside a document
//! they do not own, applied to the loaded tree before it is normalised.
//!
//! An overlay is a list of actions, each a JSONPath `target` (RFC 9535) with an `update` to
//! merge into every node it selects or `remove: true`. The targets are resolved by
//! `serde_json_path` on a `serde_json` copy of the tree, whose normalized paths then lead to
//! the same nodes of our own tree: the changes are made there, so the document's nodes keep
//! their positions and the nodes an update brings carry the overlay's, and a later problem
//! in one of them is reported in the overlay file.

use std::path::{Path, PathBuf};

use serde_json_path::{JsonPath, PathElement};

use super::node::Members;
use super::{Node, Pointer, Value, load_str};
use crate::diagnostic::{Diagnostic, Location, Report};

/// An overlay file, read, with every span naming it.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// The file as the user named it.
    pub file: PathBuf,
    /// Its text, for the snippets of diagnostics located in it.
    pub source: String,
    /// The top-level value, each span's `file` set to the overlay's number.
    pub root: Node,
}

/// Parses the text of the overlay `path` as the `number`-th overlay (from 1) applied to a
/// document; the warnings of its text (duplicate keys...) come back with it, located in it.
/// Invalid YAML or JSON is a report naming the overlay file.
pub fn load_overlay(
    path: &Path,
    source: String,
    number: u32,
) -> Result<(Overlay, Vec<Diagnostic>), Report> {
    let loaded = load_str(path, source)?;
    let mut root = loaded.document.root;
    mark(&mut root, number);
    let warnings = loaded
        .warnings
        .into_iter()
        .map(|mut warning| {
            if let Some(location) = &mut warning.location {
                location.span.file = number;
            }
            warning
        })
        .collect();
    let overlay = Overlay { file: loaded.document.file, source: loaded.document.source, root };
    Ok((overlay, warnings))
}

/// Sets the file of every span of `node` to `number`. Iterative: the loaders bound the depth,
/// but a walk of our own needs no stack to rely on that.
fn mark(node: &mut Node, number: u32) {
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        node.span.file = number;
        match &mut node.value {
            Value::Array(items) => pending.extend(items.iter_mut()),
            Value::Object(members) => pending.extend(members.values_mut()),
            _ => {}
        }
    }
}

/// One action of an overlay, checked.
struct Action<'a> {
    /// The action object, where a warning about the whole action points.
    node: &'a Node,
    pointer: Pointer,
    target: &'a str,
    path: JsonPath,
    change: Change<'a>,
}

/// What an action does to each node its target selects.
enum Change<'a> {
    /// Merge into an object, or append to an array.
    Update(&'a Node),
    /// Take the node out of its object or array.
    Remove,
    /// Neither `update` nor `remove: true`: the action changes nothing.
    Nothing,
}

/// Applies `overlay` to `document`, action by action in order. A malformed overlay (not
/// version 1.0.x, an action without a `target`, an invalid JSONPath...) changes nothing and
/// comes back as errors located in the overlay file; a target that selects nothing is a
/// warning there, as the document may have changed under it.
pub fn apply(document: &mut Node, overlay: &Overlay) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let actions = read(&overlay.root, &mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return diagnostics;
    }
    for action in actions {
        let json = to_json(document);
        let mut targets: Vec<Vec<Step>> = action
            .path
            .query_located(&json)
            .locations()
            .map(|path| path.iter().map(Step::from).collect())
            .collect();
        if targets.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    format!("the target `{}` selects nothing in the document", action.target),
                    Some(Location { span: action.node.span, pointer: action.pointer.clone() }),
                )
                .with_help("the action changes nothing; fix the target or remove the action"),
            );
            continue;
        }
        match action.change {
            Change::Update(update) => {
                for steps in &targets {
                    let merged =
                        find(document, steps).map(|node| merge(node, update, steps, &action));
                    if let Some(Err(diagnostic)) = merged {
                        diagnostics.push(diagnostic);
                    }
                }
            }
            Change::Remove => {
                // Last first: a later index of an array, and a node inside another selected
                // one, are taken out before what would move or hold them.
                targets.sort_by(|a, b| b.cmp(a));
                for steps in &targets {
                    if let Err(diagnostic) = remove(document, steps, &action) {
                        diagnostics.push(diagnostic);
                    }
                }
            }
            Change::Nothing => {}
        }
    }
    diagnostics
}

/// One step of a normalized path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

impl From<&PathElement<'_>> for Step {
    fn from(element: &PathElement<'_>) -> Self {
        match element {
            PathElement::Name(name) => Step::Key((*name).to_owned()),
            PathElement::Index(index) => Step::Index(*index),
        }
    }
}

/// The JSON pointer of a normalized path, for messages.
fn pointer_of(steps: &[Step]) -> Pointer {
    steps.iter().fold(Pointer::root(), |pointer, step| match step {
        Step::Key(key) => pointer.join(key),
        Step::Index(index) => pointer.index(*index),
    })
}

/// The node a normalized path leads to.
fn find<'a>(mut node: &'a mut Node, steps: &[Step]) -> Option<&'a mut Node> {
    for step in steps {
        node = match (&mut node.value, step) {
            (Value::Object(members), Step::Key(key)) => members.get_mut(key.as_str())?,
            (Value::Array(items), Step::Index(index)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Merges `update` into `target` as the specification says: into an object, each member of
/// the update replaces the member of that name, except that objects are merged the same way
/// and arrays appended to; to an array, the update is appended as one more item.
fn merge(
    target: &mut Node,
    update: &Node,
    steps: &[Step],
    action: &Action<'_>,
) -> Result<(), Diagnostic> {
    match (&mut target.value, &update.value) {
        (Value::Object(_), Value::Object(members)) => {
            merge_members(target, members);
            Ok(())
        }
        (Value::Array(items), _) => {
            items.push(update.clone());
            Ok(())
        }
        (Value::Object(_), _) => Err(Diagnostic::error(
            format!(
                "the target `{}` selects an object (`{}`), so `update` must be an object, not {}",
                action.target,
                pointer_of(steps),
                update.kind()
            ),
            Some(Location { span: update.span, pointer: action.pointer.join("update") }),
        )),
        _ => Err(Diagnostic::error(
            format!(
                "the target `{}` selects {} (`{}`); an update applies to an object or an array",
                action.target,
                target.kind(),
                pointer_of(steps)
            ),
            Some(Location { span: action.node.span, pointer: action.pointer.clone() }),
        )
        .with_help("select the object that holds the value, and update that member")),
    }
}

/// The recursive part of [`merge`], iterative so that no update is too deep to apply.
fn merge_members(target: &mut Node, members: &Members) {
    let mut pending: Vec<(&mut Node, &Members)> = vec![(target, members)];
    while let Some((target, members)) = pending.pop() {
        let Value::Object(existing) = &mut target.value else { continue };
        // Collected first: the borrow of one member for a nested merge must end before the
        // next member is inserted.
        let mut nested = Vec::new();
        for (key, value) in members {
            match existing.get_mut(key.as_str()) {
                Some(old) => match (&mut old.value, &value.value) {
                    (Value::Object(_), Value::Object(_)) => nested.push(key.as_str()),
                    (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
                    _ => *old = value.clone(),
                },
                None => {
                    existing.insert(key.clone(), value.clone());
                }
            }
        }
        for (key, old) in existing.iter_mut() {
            if !nested.contains(&key.as_str()) {
                continue;
            }
            if let Some(Value::Object(more)) = members.get(key.as_str()).map(|n| &n.value) {
                pending.push((old, more));
            }
        }
    }
}

/// Takes the node a normalized path leads to out of its parent. A path that no longer leads
/// anywhere (inside a node already removed) is left alone.
fn remove(document: &mut Node, steps: &[Step], action: &Action<'_>) -> Result<(), Diagnostic> {
    let Some((last, parent)) = steps.split_last() else {
        return Err(Diagnostic::error(
            format!(
                "the target `{}` selects the whole document, which cannot be removed",
                action.target
            ),
            Some(Location { span: action.node.span, pointer: action.pointer.clone() }),
        ));
    };
    let Some(parent) = find(document, parent) else { return Ok(()) };
    match (&mut parent.value, last) {
        (Value::Object(members), Step::Key(key)) => {
            members.shift_remove(key.as_str());
        }
        (Value::Array(items), Step::Index(index)) if *index < items.len() => {
            items.remove(*index);
        }
        _ => {}
    }
    Ok(())
}

/// The actions of an overlay, checked against the specification's fixed fields; each problem
/// is an error in `diagnostics`.
fn read<'a>(root: &'a Node, diagnostics: &mut Vec<Diagnostic>) -> Vec<Action<'a>> {
    let at = |node: &Node, pointer: &Pointer| {
        Some(Location { span: node.span, pointer: pointer.clone() })
    };
    let mut error = |message: String, node: &Node, pointer: &Pointer| {
        diagnostics.push(Diagnostic::error(message, at(node, pointer)));
    };
    let top = Pointer::root();
    let Some(members) = root.as_object() else {
        error(format!("an overlay must be an object, not {}", root.kind()), root, &top);
        return Vec::new();
    };
    match root.get("overlay") {
        Some(version) if version.as_str().is_some_and(is_version_1_0) => {}
        Some(version) => error(
            "unsupported overlay version; expected `overlay: 1.0.0` (Overlay Specification 1.0)"
                .to_owned(),
            version,
            &top.join("overlay"),
        ),
        None => error("an overlay needs `overlay: 1.0.0`".to_owned(), root, &top),
    }
    match root.get("info") {
        Some(info) if info.as_object().is_some() => {
            for field in ["title", "version"] {
                match info.get(field) {
                    Some(value) if value.as_str().is_some() => {}
                    Some(value) => error(
                        format!("`info.{field}` must be a string, not {}", value.kind()),
                        value,
                        &top.join("info").join(field),
                    ),
                    None => error(format!("`info` needs a `{field}`"), info, &top.join("info")),
                }
            }
        }
        Some(info) => {
            error(format!("`info` must be an object, not {}", info.kind()), info, &top.join("info"))
        }
        None => {
            error("an overlay needs an `info` with `title` and `version`".to_owned(), root, &top)
        }
    }
    if let Some(extends) = root.get("extends").filter(|extends| extends.as_str().is_none()) {
        error(
            format!("`extends` must be a URL string, not {}", extends.kind()),
            extends,
            &top.join("extends"),
        );
    }
    for (key, value) in members {
        if !matches!(key.as_str(), "overlay" | "info" | "extends" | "actions")
            && !key.starts_with("x-")
        {
            error(format!("unknown overlay field `{key}`"), value, &top.join(key));
        }
    }
    let list = match root.get("actions") {
        Some(Node { value: Value::Array(items), .. }) if !items.is_empty() => items,
        Some(actions) => {
            error(
                "`actions` must be a list of at least one action".to_owned(),
                actions,
                &top.join("actions"),
            );
            return Vec::new();
        }
        None => {
            error(
                "an overlay needs `actions`, a list of at least one action".to_owned(),
                root,
                &top,
            );
            return Vec::new();
        }
    };
    let mut actions = Vec::new();
    for (index, node) in list.iter().enumerate() {
        let pointer = top.join("actions").index(index);
        let Some(fields) = node.as_object() else {
            error(format!("an action must be an object, not {}", node.kind()), node, &pointer);
            continue;
        };
        for (key, value) in fields {
            if !matches!(key.as_str(), "target" | "description" | "update" | "remove")
                && !key.starts_with("x-")
            {
                error(format!("unknown action field `{key}`"), value, &pointer.join(key));
            }
        }
        if let Some(description) =
            node.get("description").filter(|description| description.as_str().is_none())
        {
            error(
                format!("`description` must be a string, not {}", description.kind()),
                description,
                &pointer.join("description"),
            );
        }
        let remove = match node.get("remove") {
            None => false,
            Some(value) => match value.as_bool() {
                Some(remove) => remove,
                None => {
                    error(
                        format!("`remove` must be a boolean, not {}", value.kind()),
                        value,
                        &pointer.join("remove"),
                    );
                    false
                }
            },
        };
        let Some(target_node) = node.get("target") else {
            error("an action needs a `target`, a JSONPath".to_owned(), node, &pointer);
            continue;
        };
        let Some(target) = target_node.as_str() else {
            error(
                format!("`target` must be a JSONPath string, not {}", target_node.kind()),
                target_node,
                &pointer.join("target"),
            );
            continue;
        };
        let path = match JsonPath::parse(target) {
            Ok(path) => path,
            Err(parse) => {
                error(
                    format!("`{target}` is not a valid JSONPath (RFC 9535): {parse}"),
                    target_node,
                    &pointer.join("target"),
                );
                continue;
            }
        };
        // The specification: `update` "has no impact if the `remove` field ... is `true`".
        let change = match (remove, node.get("update")) {
            (true, _) => Change::Remove,
            (false, Some(update)) => Change::Update(update),
            (false, None) => Change::Nothing,
        };
        actions.push(Action { node, pointer, target, path, change });
    }
    actions
}

/// Whether `version` is one of Overlay 1.0's (`1.0.0`, `1.0.1`...).
fn is_version_1_0(version: &str) -> bool {
    version
        .strip_prefix("1.0.")
        .is_some_and(|patch| !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()))
}

/// `node` as a `serde_json` value, for the JSONPath query. Iterative, as [`mark`] is.
fn to_json(node: &Node) -> serde_json::Value {
    /// A container being filled: its node's members or items not yet converted.
    enum Frame<'a> {
        Array(std::slice::Iter<'a, Node>, Vec<serde_json::Value>),
        Object(
            indexmap::map::Iter<'a, String, Node>,
            serde_json::Map<String, serde_json::Value>,
            Option<String>,
        ),
    }
    fn scalar(value: &Value) -> serde_json::Value {
        match value {
            Value::Null | Value::Array(_) | Value::Object(_) => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Integer(i) => serde_json::Value::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::String(s) => serde_json::Value::String(s.clone()),
        }
    }
    fn open(node: &Node) -> Result<Frame<'_>, serde_json::Value> {
        match &node.value {
            Value::Array(items) => Ok(Frame::Array(items.iter(), Vec::with_capacity(items.len()))),
            Value::Object(members) => {
                Ok(Frame::Object(members.iter(), serde_json::Map::new(), None))
            }
            other => Err(scalar(other)),
        }
    }
    let mut stack = match open(node) {
        Ok(frame) => vec![frame],
        Err(value) => return value,
    };
    loop {
        let Some(top) = stack.last_mut() else { return serde_json::Value::Null };
        let next = match top {
            Frame::Array(items, _) => items.next(),
            Frame::Object(members, _, key) => members.next().map(|(name, node)| {
                *key = Some(name.clone());
                node
            }),
        };
        let value = match next {
            Some(child) => match open(child) {
                Ok(frame) => {
                    stack.push(frame);
                    continue;
                }
                Err(value) => value,
            },
            None => {
                let finished = match stack.pop() {
                    Some(Frame::Array(_, items)) => serde_json::Value::Array(items),
                    Some(Frame::Object(_, map, _)) => serde_json::Value::Object(map),
                    None => serde_json::Value::Null,
                };
                if stack.is_empty() {
                    return finished;
                }
                finished
            }
        };
        match stack.last_mut() {
            Some(Frame::Array(_, items)) => items.push(value),
            Some(Frame::Object(_, map, key)) => {
                map.insert(key.take().unwrap_or_default(), value);
            }
            None => return value,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::load::Span;

    const DOCUMENT: &str = "\
openapi: 3.0.3
info:
  title: Pets
  version: '1'
  contact:
    name: Team
tags:
  - name: a
  - name: b
  - name: a
paths:
  /pets:
    get:
      responses: {'200': {description: ok}}
    post:
      responses: {'201': {description: ok}}
  /pets/{id}:
    get:
      responses: {'200': {description: ok}}
    delete:
      responses: {'204': {description: ok}}
components:
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer}
    Name:
      type: string
";

    /// The document with `overlay` applied: its tree and the diagnostics, printed.
    fn applied(overlay: &str) -> (Node, String) {
        let mut document = load_str(Path::new("pets.yaml"), DOCUMENT.to_owned()).unwrap().document;
        let (overlay, warnings) =
            load_overlay(Path::new("fix.overlay.yaml"), overlay.to_owned(), 1).unwrap();
        assert_eq!(warnings, []);
        let diagnostics = apply(&mut document.root, &overlay);
        let report = Report::new(&document.file, document.source, diagnostics)
            .with_overlays(vec![(overlay.file, overlay.source)]);
        (document.root, report.to_string())
    }

    fn overlay(actions: &str) -> String {
        format!("overlay: 1.0.0\ninfo:\n  title: Fixes\n  version: '1'\nactions:\n{actions}")
    }

    fn json_at(root: &Node, pointer: &str) -> serde_json::Value {
        to_json(root.pointer(pointer).unwrap())
    }

    #[test]
    fn an_update_merges_objects_recursively_and_replaces_other_values() {
        let (root, report) = applied(&overlay(
            "  - target: $.info\n    update:\n      title: Pet store\n      contact: {email: team@example.com}\n",
        ));
        assert_eq!(report, "");
        assert_eq!(
            json_at(&root, "/info"),
            json!({"title": "Pet store", "version": "1", "contact": {"name": "Team", "email": "team@example.com"}})
        );
        // The document's nodes keep their places; what the overlay brought carries its own.
        assert_eq!(root.pointer("/info/version").unwrap().span, Span::new(4, 12));
        assert_eq!(root.pointer("/info/contact/name").unwrap().span, Span::new(6, 11));
        let title = root.pointer("/info/title").unwrap().span;
        assert_eq!(title, Span { line: 8, column: 14, file: 1 });
        let email = root.pointer("/info/contact/email").unwrap().span;
        assert_eq!(email, Span { line: 9, column: 24, file: 1 });
        // Members keep the document's order, new ones after.
        let keys: Vec<&String> =
            root.pointer("/info/contact").unwrap().as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "email"]);
    }

    #[test]
    fn an_update_appends_to_a_selected_array_and_to_the_arrays_it_merges() {
        let (root, report) = applied(&overlay(
            "  - target: $.tags\n    update: {name: c}\n  - target: $.components.schemas.Pet\n    update:\n      required: [name]\n      properties: {name: {type: string}}\n",
        ));
        assert_eq!(report, "");
        assert_eq!(
            json_at(&root, "/tags"),
            json!([{"name": "a"}, {"name": "b"}, {"name": "a"}, {"name": "c"}])
        );
        assert_eq!(json_at(&root, "/components/schemas/Pet/required"), json!(["id", "name"]));
        assert_eq!(
            json_at(&root, "/components/schemas/Pet/properties"),
            json!({"id": {"type": "integer"}, "name": {"type": "string"}})
        );
    }

    #[test]
    fn remove_takes_every_selected_node_out_of_its_parent() {
        let (root, report) = applied(&overlay(
            "  - target: $.paths['/pets/{id}'].delete\n    remove: true\n  - target: $.tags[?@.name=='a']\n    remove: true\n    update: {ignored: true}\n",
        ));
        assert_eq!(report, "");
        let methods: Vec<&String> =
            root.pointer("/paths/~1pets~1{id}").unwrap().as_object().unwrap().keys().collect();
        assert_eq!(methods, ["get"]);
        // Both `a`s are gone, the second after the first had moved the list.
        assert_eq!(json_at(&root, "/tags"), json!([{"name": "b"}]));
    }

    #[test]
    fn a_wildcard_target_updates_each_node_it_selects() {
        let (root, report) =
            applied(&overlay("  - target: $.paths.*.get\n    update: {deprecated: true}\n"));
        assert_eq!(report, "");
        assert_eq!(json_at(&root, "/paths/~1pets/get/deprecated"), json!(true));
        assert_eq!(json_at(&root, "/paths/~1pets~1{id}/get/deprecated"), json!(true));
        assert_eq!(root.pointer("/paths/~1pets/post/deprecated"), None);
        assert_eq!(root.pointer("/paths/~1pets~1{id}/delete/deprecated"), None);
    }

    #[test]
    fn a_filter_target_updates_the_nodes_that_pass_it() {
        let (root, report) = applied(&overlay(
            "  - target: $.components.schemas[?@.type=='object']\n    update: {additionalProperties: false}\n",
        ));
        assert_eq!(report, "");
        assert_eq!(json_at(&root, "/components/schemas/Pet/additionalProperties"), json!(false));
        assert_eq!(json_at(&root, "/components/schemas/Name"), json!({"type": "string"}));
    }

    #[test]
    fn a_target_that_selects_nothing_is_a_warning_at_the_action() {
        let (root, report) = applied(&overlay(
            "  - target: $.info\n    update: {title: Pet store}\n  - description: Gone in v2\n    target: $.paths['/owners'].get\n    remove: true\n",
        ));
        assert_eq!(
            report,
            "warning: the target `$.paths['/owners'].get` selects nothing in the document
 --> fix.overlay.yaml:8:5
  |
8 |   - description: Gone in v2
  |     ^
  = at: #/actions/1
  = help: the action changes nothing; fix the target or remove the action"
        );
        assert_eq!(json_at(&root, "/info/title"), json!("Pet store"));
    }

    #[test]
    fn an_invalid_jsonpath_is_an_error_in_the_overlay_file_and_nothing_is_applied() {
        let (root, report) = applied(&overlay(
            "  - target: $.info\n    update: {title: Pet store}\n  - target: $.paths[?@.get\n    remove: true\n",
        ));
        assert_eq!(
            report,
            "error: `$.paths[?@.get` is not a valid JSONPath (RFC 9535): at position 14, in long-hand segment, expected closing ']'
 --> fix.overlay.yaml:8:13
  |
8 |   - target: $.paths[?@.get
  |             ^
  = at: #/actions/1/target"
        );
        assert_eq!(json_at(&root, "/info/title"), json!("Pets"));
    }

    #[test]
    fn a_malformed_overlay_is_an_error_at_each_problem() {
        let (_, report) = applied(
            "overlay: 2.0.0\ninfo: {title: Fixes}\nactions:\n  - update: {x: 1}\n  - target: $.info\n    updates: {x: 1}\n    remove: yes please\n",
        );
        let messages: Vec<&str> = report.lines().filter(|line| line.starts_with("error")).collect();
        assert_eq!(
            messages,
            [
                "error: unsupported overlay version; expected `overlay: 1.0.0` (Overlay Specification 1.0)",
                "error: `info` needs a `version`",
                "error: an action needs a `target`, a JSONPath",
                "error: unknown action field `updates`",
                "error: `remove` must be a boolean, not a string",
            ]
        );
    }

    #[test]
    fn an_update_of_a_value_that_is_not_an_object_or_array_is_an_error() {
        let (_, report) = applied(&overlay("  - target: $.info.title\n    update: {x: 1}\n"));
        assert_eq!(
            report,
            "error: the target `$.info.title` selects a string (`#/info/title`); an update applies to an object or an array
 --> fix.overlay.yaml:6:5
  |
6 |   - target: $.info.title
  |     ^
  = at: #/actions/0
  = help: select the object that holds the value, and update that member"
        );
    }

    /// A problem the normaliser finds in a node an overlay brought is shown in the overlay.
    #[test]
    fn a_later_error_in_an_updated_node_names_the_overlay_file() {
        let overlay = overlay(
            "  - target: $.components.schemas.Pet.properties\n    update:\n      owner: {$ref: '#/components/schemas/Owner'}\n",
        );
        let report = crate::model_from_str_with_overlays(
            Path::new("pets.yaml"),
            DOCUMENT.to_owned(),
            vec![(PathBuf::from("fix.overlay.yaml"), overlay)],
        )
        .unwrap_err();
        let errors = report.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
        let text = Report { diagnostics: errors, ..report }.to_string();
        assert_eq!(
            text,
            "error: `$ref` target `#/components/schemas/Owner` does not exist
 --> fix.overlay.yaml:8:21
  |
8 |       owner: {$ref: '#/components/schemas/Owner'}
  |                     ^
  = at: #/components/schemas/Pet/properties/owner/$ref
  = help: define `Owner` under `components/schemas`, or fix the reference"
        );
    }
}
