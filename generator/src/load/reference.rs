//! `$ref`: which node of the document a reference names, and how far a chain of them is
//! followed. The normaliser and the conformance machinery both resolve through here, so they
//! agree on what a reference means and on when a chain is taken for a cycle.

use super::node::{Node, Pointer, unescape_segment};

/// The most `$ref`s followed in a row; a longer chain is taken for a cycle.
pub const MAX_CHAIN: usize = 64;

/// Why a `$ref` names no node of this document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved<'a> {
    /// The `$ref` value is not a string.
    NotAString,
    /// The reference points into another document (`common.yaml#/Pet`).
    External(&'a str),
    /// The local pointer names nothing.
    Missing(&'a str),
}

/// The node `reference` names: a local JSON pointer (`#/components/schemas/Pet`), with `~0`,
/// `~1` and percent escapes decoded.
pub fn lookup<'a, 'r>(root: &'a Node, reference: &'r str) -> Result<&'a Node, Unresolved<'r>> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(Unresolved::External(reference));
    };
    root.pointer(fragment).ok_or(Unresolved::Missing(reference))
}

/// The node the `$ref` of `node` names; `None` when `node` has no `$ref`.
pub fn target<'a>(root: &'a Node, node: &'a Node) -> Option<Result<&'a Node, Unresolved<'a>>> {
    let reference = node.get("$ref")?;
    let Some(reference) = reference.as_str() else { return Some(Err(Unresolved::NotAString)) };
    Some(lookup(root, reference))
}

/// The node a chain of `$ref`s starting at `node` ends on: the first without a `$ref`, or the
/// last one reached when a reference cannot be followed or the chain is longer than
/// [`MAX_CHAIN`]. For readers that only need the schema and report nothing.
pub fn dereference<'a>(root: &'a Node, node: &'a Node) -> &'a Node {
    let mut node = node;
    for _ in 0..MAX_CHAIN {
        match target(root, node) {
            Some(Ok(next)) => node = next,
            Some(Err(_)) | None => break,
        }
    }
    node
}

/// The pointer of a `$ref` fragment in the form [`Pointer::join`] builds, so both ways of
/// reaching a schema find the same named type (percent-escapes decoded, `~` escapes kept).
pub fn canonical_pointer(fragment: &str) -> Pointer {
    // Nothing to decode: the fragment is already the pointer's text, as nearly always.
    if fragment.starts_with('/') && !fragment.contains(['%', '~']) {
        return Pointer::from_ref(&format!("#{fragment}"));
    }
    let segments = fragment.strip_prefix('/').map(|rest| rest.split('/'));
    let mut pointer = Pointer::root();
    for segment in segments.into_iter().flatten() {
        pointer = pointer.join(unescape_segment(segment));
    }
    pointer
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn document(text: &str) -> Node {
        crate::load::load_str(Path::new("t.yaml"), text.to_owned())
            .unwrap_or_else(|report| panic!("{report}"))
            .document
            .root
    }

    #[test]
    fn a_local_reference_names_its_node_and_escapes_are_decoded() {
        let root = document("a: {$ref: '#/b~1c'}\nb/c: {x: 1}\nd%e: 2\n");
        let target = lookup(&root, "#/b~1c").unwrap();
        assert_eq!(target.get("x").and_then(Node::as_i64), Some(1));
        assert_eq!(lookup(&root, "#/d%25e").unwrap().as_i64(), Some(2));
    }

    #[test]
    fn canonical_pointers_match_joined_ones() {
        let joined = Pointer::root().join("paths").join("/users/{id}").join("get");
        assert_eq!(canonical_pointer("/paths/~1users~1%7Bid%7D/get"), joined);
    }

    #[test]
    fn other_documents_missing_targets_and_non_strings_are_told_apart() {
        let root = document("a: {$ref: 3}\n");
        assert_eq!(lookup(&root, "pets.yaml#/Pet"), Err(Unresolved::External("pets.yaml#/Pet")));
        assert_eq!(lookup(&root, "#/nope"), Err(Unresolved::Missing("#/nope")));
        assert_eq!(target(&root, root.get("a").unwrap()), Some(Err(Unresolved::NotAString)));
        assert_eq!(target(&root, &root), None);
    }

    #[test]
    fn a_chain_ends_at_the_first_node_without_a_reference_or_where_it_cannot_go_on() {
        let root = document(
            "a: {$ref: '#/b'}\nb: {$ref: '#/c'}\nc: {type: string}\nd: {$ref: '#/nope'}\nloop: {$ref: '#/loop'}\n",
        );
        let end = |key: &str| dereference(&root, root.get(key).unwrap());
        assert_eq!(end("a").get("type").and_then(Node::as_str), Some("string"));
        assert!(std::ptr::eq(end("d"), root.get("d").unwrap()));
        assert!(std::ptr::eq(end("loop"), root.get("loop").unwrap()));
    }
}
