//! YAML documents read into the same tree as JSON, through `saphyr-parser`'s events.
//!
//! The parser's events are read rather than a loaded tree so that keys, aliases, merge keys and
//! limits are handled here, each error with its position. Plain scalars are resolved by the
//! YAML 1.2 core schema (not 1.1: `yes` and `on` stay strings), keys are kept as written,
//! aliases are expanded and `<<` merge keys applied.
//!
//! `saphyr-parser` spans have 1-based lines but 0-based columns, counted in characters. A node
//! starts at its properties (`&anchor`, `!tag`) when it has some, as in the YAML specification;
//! otherwise at its first character, except for two kinds of node that [`Builder`] corrects
//! with the source text (see [`Builder::sequence_span`] and [`Builder::block_scalar_span`]).

use foldhash::HashSet;
use std::borrow::Cow;

use indexmap::IndexMap;
use indexmap::map::Entry;
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Tag};

use super::json::MAX_DEPTH;
use super::node::{Members, Node, Pointer, Span, Value};
use crate::diagnostic::{Diagnostic, Location};

/// Most nodes anchors and aliases may copy in one document. An alias is a copy of its anchored
/// node, and an anchor keeps a copy of its node for the aliases to come, so both count: this
/// bounds memory and time on documents built to explode ("billion laughs", or thousands of
/// anchors nested in each other, which copy their subtrees again at each level) while leaving
/// ordinary reuse of anchors untouched.
const MAX_COPIED_NODES: usize = 1_000_000;

/// Most bytes of keys and strings anchors and aliases may copy in one document, for the same
/// reason: one long string aliased many times is one node each time.
const MAX_COPIED_BYTES: usize = 100_000_000;

/// Most under-indented quoted scalars repaired in one document; each repair parses the
/// document again.
const MAX_REINDENTS: usize = 100;

/// The prefix `!!` stands for.
const CORE_TAG_PREFIX: &str = "tag:yaml.org,2002:";

/// Parses the first document of the YAML stream `source` (without a byte order mark).
///
/// `Ok` holds the root, `None` when the stream has no document or only an empty one, and the
/// warnings; `Err` holds the warnings met before the error, then the error.
pub(super) fn parse(source: &str) -> Result<(Option<Node>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut text = Cow::Borrowed(source);
    let mut reindented = Vec::new();
    let mut retries = 0;
    loop {
        let mut builder = Builder::new(&text, &reindented);
        let (underindented, diagnostics) = match builder.run() {
            Ok(root) => return Ok((root, builder.diagnostics)),
            Err(Failed) => (builder.underindented, builder.diagnostics),
        };
        let repaired = underindented
            .filter(|_| retries < MAX_REINDENTS)
            .and_then(|quote| reindent(&text, quote, &mut reindented));
        let Some(repaired) = repaired else {
            return Err(diagnostics);
        };
        text = Cow::Owned(repaired);
        retries += 1;
    }
}

/// Re-indents the continuation lines of the quoted scalar whose opening quote is at `quote`,
/// recording the inserted spaces in `reindented`; `None` if there is nothing to repair.
///
/// Documents in the wild (and libyaml, which accepts them) continue multi-line quoted strings
/// at column 0, e.g. a PEM certificate under `example:`; YAML requires them to be indented more
/// than the key, and `saphyr-parser` rejects them. Leading white space of continuation lines is
/// not part of a quoted scalar's value, so indenting them changes nothing but the positions,
/// which [`Builder::position`] maps back.
fn reindent(text: &str, quote: Marker, reindented: &mut Vec<(usize, usize)>) -> Option<String> {
    let line_start =
        if quote.line() <= 1 { 0 } else { text.match_indices('\n').nth(quote.line() - 2)?.0 + 1 };
    let (open, delimiter) = text[line_start..].char_indices().nth(quote.col())?;
    let open = line_start + open;
    let bytes = text.as_bytes();
    let mut close = None;
    let mut i = open + 1;
    while i < bytes.len() {
        match (delimiter, bytes[i]) {
            ('"', b'\\') => i += 1,
            ('"', b'"') => {
                close = Some(i);
                break;
            }
            ('\'', b'\'') if bytes.get(i + 1) == Some(&b'\'') => i += 1,
            ('\'', b'\'') => {
                close = Some(i);
                break;
            }
            ('"' | '\'', _) => {}
            _ => return None,
        }
        i += 1;
    }
    let close = close.unwrap_or(bytes.len());
    let indent = quote.col() + 1;
    let padding = " ".repeat(indent);
    let mut out = String::with_capacity(text.len() + indent * 8);
    let mut copied = 0;
    let mut line = quote.line();
    let mut inserted = false;
    for (newline, _) in text[open..close].match_indices('\n') {
        let at = open + newline + 1;
        out.push_str(&text[copied..at]);
        out.push_str(&padding);
        copied = at;
        line += 1;
        reindented.push((line, indent));
        inserted = true;
    }
    out.push_str(&text[copied..]);
    // Lines are only ever added after the ones of an earlier repair, which failed earlier in
    // the text, except when a repair fails again; keep the list sorted and merged either way.
    reindented.sort_unstable_by_key(|&(line, _)| line);
    reindented.dedup_by(|later, earlier| {
        let same = later.0 == earlier.0;
        if same {
            earlier.1 += later.1;
        }
        same
    });
    inserted.then_some(out)
}

/// The error has been recorded in `Builder::diagnostics`.
#[derive(Debug)]
struct Failed;

type Built<T> = Result<T, Failed>;

/// A mapping key read, waiting for its value.
#[derive(Debug)]
struct Key {
    text: String,
    span: Span,
    /// A plain `<<`: the value is merged into the mapping instead of stored under a key.
    merge: bool,
}

/// Mappings merged into a mapping by `<<`, with where they were written.
#[derive(Debug)]
struct Merge {
    /// How many explicit keys came before the `<<`; the merged keys are placed there.
    at: usize,
    sources: Vec<Members>,
}

/// A collection whose end event has not come yet.
#[derive(Debug)]
enum Frame {
    Sequence {
        items: Vec<Node>,
        span: Span,
        anchor: usize,
        /// Of the items read so far.
        extent: Extent,
    },
    Mapping {
        map: Members,
        span: Span,
        anchor: usize,
        key: Option<Key>,
        merges: Vec<Merge>,
        /// Of the keys and values read so far, merged ones included.
        extent: Extent,
    },
}

/// What copying a node costs, kept up to date as the node is read so that anchoring it does
/// not need a walk over it: an anchor inside an anchor inside an anchor would walk the same
/// nodes once per level.
#[derive(Debug, Clone, Copy, Default)]
struct Extent {
    /// Nodes, counting every level; an upper bound, as a key written twice or merged keys
    /// overridden by explicit ones count each time they were read.
    nodes: usize,
    /// Bytes of the keys and strings.
    bytes: usize,
    /// Levels of nesting, so an alias cannot push the tree past [`MAX_DEPTH`].
    height: usize,
}

impl Extent {
    /// A scalar: one node, of its text's length when it is a string.
    fn scalar(value: &Value) -> Self {
        let bytes = match value {
            Value::String(text) => text.len(),
            _ => 0,
        };
        Extent { nodes: 1, bytes, height: 1 }
    }

    /// Adds a member of the collection being read, and the bytes of its key.
    fn add(&mut self, member: Extent, key_bytes: usize) {
        self.nodes = self.nodes.saturating_add(member.nodes);
        self.bytes = self.bytes.saturating_add(member.bytes).saturating_add(key_bytes);
        self.height = self.height.max(member.height);
    }

    /// The collection itself once its members are all read: one more node, one more level.
    fn closed(self) -> Self {
        Extent { nodes: self.nodes.saturating_add(1), bytes: self.bytes, height: self.height + 1 }
    }
}

/// A node with an anchor, kept for the aliases that refer to it.
#[derive(Debug)]
struct Anchored {
    node: Node,
    /// The scalar as written, for an alias used as a mapping key; `None` for collections.
    text: Option<String>,
    /// Of `node`, counted against [`MAX_COPIED_NODES`] and [`MAX_COPIED_BYTES`] at each use.
    extent: Extent,
}

struct Builder<'a> {
    /// The text parsed: the user's, or a copy with quoted scalars re-indented.
    source: &'a str,
    /// Lines (1-based, sorted) where `reindent` inserted spaces, and how many.
    reindented: &'a [(usize, usize)],
    /// Set when the error is a quoted scalar continued on lines indented too little, which
    /// `reindent` can repair: the marker of its opening quote.
    underindented: Option<Marker>,
    /// Byte offset of the start of each line, built the first time a marker needs correcting.
    line_starts: Option<Vec<usize>>,
    /// The line, column and byte offset of the last marker [`Builder::offset`] placed.
    cursor: Option<(usize, usize, usize)>,
    /// Every name written after a `*` anywhere in the text, quoted or not: a superset of the
    /// anchors some alias uses. Only those anchors keep a copy of their node.
    aliased: HashSet<&'a str>,
    stack: Vec<Frame>,
    /// Indexed by `saphyr-parser`'s anchor ids, which count up from 1; `None` while the anchored
    /// collection is still being read.
    anchors: Vec<Option<Anchored>>,
    /// What anchors and aliases have copied so far.
    copied: Extent,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    fn new(source: &'a str, reindented: &'a [(usize, usize)]) -> Self {
        Builder {
            source,
            reindented,
            underindented: None,
            line_starts: None,
            cursor: None,
            aliased: source.match_indices('*').map(|(i, _)| name_at(&source[i + 1..])).collect(),
            stack: Vec::new(),
            anchors: Vec::new(),
            copied: Extent::default(),
            diagnostics: Vec::new(),
        }
    }

    fn run(&mut self) -> Built<Option<Node>> {
        let mut parser = Parser::new_from_str(self.source);
        let mut root: Option<Node> = None;
        let mut documents = 0;
        loop {
            let (event, marker) = match parser.next_event() {
                Some(Ok((event, span))) => (event, span.start),
                Some(Err(error)) => return Err(self.scan_error(&error)),
                None => break,
            };
            match event {
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        let location =
                            Location { span: self.span(marker), pointer: Pointer::root() };
                        self.diagnostics.push(
                            Diagnostic::warning(
                                concat!(
                                    "the file holds more than one YAML document; ",
                                    "only the first is read"
                                ),
                                Some(location),
                            )
                            .with_help("split the documents into separate files"),
                        );
                        break;
                    }
                }
                Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
                Event::Scalar(text, style, anchor, tag) => {
                    // Nothing written (no document content, or `---` alone) is no document
                    // rather than a null one.
                    let nothing = self.stack.is_empty()
                        && text.is_empty()
                        && style == ScalarStyle::Plain
                        && tag.is_none()
                        && anchor == 0;
                    if nothing {
                        continue;
                    }
                    if let Some(node) = self.scalar(text, style, anchor, tag.as_deref(), marker)? {
                        let extent = Extent::scalar(&node.value);
                        self.complete(node, extent, &mut root)?;
                    }
                }
                Event::Alias(id) => {
                    if let Some((node, extent)) = self.alias(id, marker)? {
                        self.complete(node, extent, &mut root)?;
                    }
                }
                Event::SequenceStart(anchor, tag) => {
                    self.check_start("a sequence", marker)?;
                    let span = if anchor == 0 && tag.is_none() {
                        self.sequence_span(marker)
                    } else {
                        self.span(marker)
                    };
                    let anchor = self.kept_anchor(anchor, marker);
                    self.stack.push(Frame::Sequence {
                        items: Vec::new(),
                        span,
                        anchor,
                        extent: Extent::default(),
                    });
                }
                Event::MappingStart(anchor, _) => {
                    self.check_start("a mapping", marker)?;
                    let anchor = self.kept_anchor(anchor, marker);
                    self.stack.push(Frame::Mapping {
                        map: Members::default(),
                        span: self.span(marker),
                        anchor,
                        key: None,
                        merges: Vec::new(),
                        extent: Extent::default(),
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some((node, extent)) = self.end_collection()? {
                        self.complete(node, extent, &mut root)?;
                    }
                }
            }
        }
        Ok(root)
    }

    /// Handles a scalar event: a mapping key is recorded, any other scalar is returned as a node.
    fn scalar(
        &mut self,
        text: Cow<'_, str>,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        marker: Marker,
    ) -> Built<Option<Node>> {
        let mut at = self.span(marker);
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
            && anchor == 0
            && tag.is_none()
        {
            at = self.block_scalar_span(marker);
        }
        // The span is placed by the anchor as written; whether it is kept is another matter.
        let anchor = self.kept_anchor(anchor, marker);
        if self.awaiting_key() {
            let merge = style == ScalarStyle::Plain && text == "<<" && tag.is_none_or(is_merge_tag);
            let text = kept(text);
            if anchor != 0 {
                let node = Node::new(Value::String(text.clone()), at);
                let extent = Extent::scalar(&node.value);
                self.store_anchor(anchor, node, Some(text.clone()), extent)?;
            }
            self.set_key(Key { text, span: at, merge });
            return Ok(None);
        }
        if style == ScalarStyle::Plain && text.is_empty() {
            // An empty value has no character of its own and is placed at the `:` before it;
            // the key it belongs to is where a reader looks for it.
            if let Some(Frame::Mapping { key: Some(key), .. }) = self.stack.last() {
                at = key.span;
            }
        }
        let written = (anchor != 0).then(|| text.to_string());
        let node = Node::new(resolve_scalar(text, style, tag), at);
        if anchor != 0 {
            let extent = Extent::scalar(&node.value);
            self.store_anchor(anchor, node.clone(), written, extent)?;
        }
        Ok(Some(node))
    }

    /// Handles an alias event: a copy of the anchored node, or a key when one is expected.
    fn alias(&mut self, id: usize, marker: Marker) -> Built<Option<(Node, Extent)>> {
        let awaiting_key = self.awaiting_key();
        let Some(anchored) = self.anchors.get(id).and_then(Option::as_ref) else {
            let name = self.alias_name(marker);
            return Err(self.fail(
                self.span(marker),
                format!("alias `*{name}` refers to a node that contains it"),
                Some("recursive structures cannot be represented; repeat the content instead"),
            ));
        };
        if awaiting_key {
            let Some(text) = anchored.text.clone() else {
                return Err(self.fail(
                    self.span(marker),
                    "a mapping key must be a scalar, found an alias to a collection",
                    None,
                ));
            };
            self.set_key(Key { text, span: self.span(marker), merge: false });
            return Ok(None);
        }
        let extent = anchored.extent;
        self.copy(extent, self.span(marker))?;
        if self.stack.len() + extent.height > MAX_DEPTH {
            return Err(self.too_deep(self.span(marker)));
        }
        let copy =
            self.anchors.get(id).and_then(Option::as_ref).map(|anchored| anchored.node.clone());
        Ok(copy.map(|node| (node, extent)))
    }

    /// Checks that a collection may start here: not as a mapping key, not too deep.
    fn check_start(&mut self, what: &str, marker: Marker) -> Built<()> {
        if self.awaiting_key() {
            return Err(self.fail(
                self.span(marker),
                format!("a mapping key must be a scalar, found {what}"),
                Some("OpenAPI documents only use string keys"),
            ));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.too_deep(self.span(marker)));
        }
        Ok(())
    }

    /// Pops the innermost collection and returns it as a node.
    fn end_collection(&mut self) -> Built<Option<(Node, Extent)>> {
        let Some(frame) = self.stack.pop() else { return Ok(None) };
        let (node, anchor, extent) = match frame {
            Frame::Sequence { items, span, anchor, extent } => {
                (Node::new(Value::Array(items), span), anchor, extent.closed())
            }
            Frame::Mapping { map, span, anchor, merges, extent, .. } => {
                (Node::new(Value::Object(apply_merges(map, merges)), span), anchor, extent.closed())
            }
        };
        if anchor != 0 {
            self.store_anchor(anchor, node.clone(), None, extent)?;
        }
        Ok(Some((node, extent)))
    }

    /// Places a finished node as the root, the next item or the value of the pending key.
    fn complete(&mut self, node: Node, extent: Extent, root: &mut Option<Node>) -> Built<()> {
        let Some(frame) = self.stack.last_mut() else {
            // A second root only comes with a second document, where reading stops.
            if root.is_none() {
                *root = Some(node);
            }
            return Ok(());
        };
        match frame {
            Frame::Sequence { items, extent: items_extent, .. } => {
                items_extent.add(extent, 0);
                items.push(node);
            }
            Frame::Mapping { map, key, merges, extent: map_extent, .. } => {
                map_extent.add(extent, key.as_ref().map_or(0, |key| key.text.len()));
                let Some(key) = key.take() else {
                    // Keys are taken by `scalar` and `alias`; collections as keys are refused
                    // in `check_start`. Nothing else reaches here.
                    return Ok(());
                };
                if key.merge {
                    let at = map.len();
                    let Some(sources) = merge_sources(node.value) else {
                        return Err(self.fail(
                            node.span,
                            "the value of a merge key `<<` must be a mapping or a list of mappings",
                            None,
                        ));
                    };
                    merges.push(Merge { at, sources });
                    return Ok(());
                }
                match map.entry(key.text) {
                    Entry::Occupied(mut entry) => {
                        let message = format!("duplicate key `{}`; the last one wins", entry.key());
                        let key_text = entry.key().clone();
                        entry.insert(node);
                        let location =
                            Location { span: key.span, pointer: self.pointer().join(key_text) };
                        self.diagnostics.push(Diagnostic::warning(message, Some(location)));
                    }
                    Entry::Vacant(entry) => {
                        entry.insert(node);
                    }
                }
            }
        }
        Ok(())
    }

    /// A `saphyr-parser` marker as a span: its lines start at 1 but its columns at 0.
    fn span(&self, marker: Marker) -> Span {
        self.position(marker.line(), marker.col())
    }

    /// The span of a 1-based line and 0-based column of the parsed text, in the user's text.
    fn position(&self, line: usize, column: usize) -> Span {
        let inserted = match self.reindented.binary_search_by_key(&line, |&(line, _)| line) {
            Ok(i) => self.reindented[i].1,
            Err(_) => 0,
        };
        Span::new(to_u32(line), to_u32(column.saturating_sub(inserted) + 1))
    }

    fn awaiting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Mapping { key: None, .. }))
    }

    fn set_key(&mut self, key: Key) {
        if let Some(Frame::Mapping { key: pending, .. }) = self.stack.last_mut() {
            *pending = Some(key);
        }
    }

    /// Keeps a copy of `node` for the aliases to `id`, counted as any copy is.
    fn store_anchor(
        &mut self,
        id: usize,
        node: Node,
        text: Option<String>,
        extent: Extent,
    ) -> Built<()> {
        self.copy(extent, node.span)?;
        if self.anchors.len() <= id {
            self.anchors.resize_with(id + 1, || None);
        }
        self.anchors[id] = Some(Anchored { node, text, extent });
        Ok(())
    }

    /// Counts a copy of a node of `extent`, made at `at`, against the limits.
    fn copy(&mut self, extent: Extent, at: Span) -> Built<()> {
        self.copied.add(extent, 0);
        let help = Some("the document is too repetitive to expand; use fewer anchors and aliases");
        if self.copied.nodes > MAX_COPIED_NODES {
            return Err(self.fail(
                at,
                format!("anchors and aliases copy more than {MAX_COPIED_NODES} nodes"),
                help,
            ));
        }
        if self.copied.bytes > MAX_COPIED_BYTES {
            return Err(self.fail(
                at,
                format!("anchors and aliases copy more than {MAX_COPIED_BYTES} bytes of text"),
                help,
            ));
        }
        Ok(())
    }

    /// The JSON pointer of the innermost node being read.
    fn pointer(&self) -> Pointer {
        let mut pointer = Pointer::root();
        for frame in &self.stack {
            match frame {
                Frame::Sequence { items, .. } => pointer = pointer.index(items.len()),
                Frame::Mapping { key: Some(key), .. } => pointer = pointer.join(&key.text),
                Frame::Mapping { key: None, .. } => break,
            }
        }
        pointer
    }

    fn fail(&mut self, at: Span, message: impl Into<String>, help: Option<&str>) -> Failed {
        let location = Location { span: at, pointer: self.pointer() };
        let mut diagnostic = Diagnostic::error(message, Some(location));
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        self.diagnostics.push(diagnostic);
        Failed
    }

    fn too_deep(&mut self, at: Span) -> Failed {
        self.fail(
            at,
            format!("mappings and sequences are nested more than {MAX_DEPTH} levels deep"),
            None,
        )
    }

    fn scan_error(&mut self, error: &ScanError) -> Failed {
        if error.info() == "invalid indentation in quoted scalar" {
            self.underindented = Some(*error.marker());
        }
        let (message, help) = readable_scan_error(error.info());
        let message = if error.info() == "while parsing node, found unknown anchor" {
            format!(
                "alias `*{}` refers to an anchor that is not defined",
                self.alias_name(*error.marker())
            )
        } else {
            format!("invalid YAML: {message}")
        };
        self.fail(self.span(*error.marker()), message, help)
    }

    /// The byte offsets of the start of a marker's line and of the marker itself, from its
    /// line and character column; `None` past the text.
    fn offset(&mut self, marker: Marker) -> Option<(usize, usize)> {
        let source = self.source;
        let starts = self.line_starts.get_or_insert_with(|| {
            std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect()
        });
        let start = *starts.get(marker.line().checked_sub(1)?)?;
        // Columns count characters: counting on from the last marker of the same line keeps a
        // long line (a flow collection of thousands of items) from being counted again for
        // each of them.
        let (from_column, from) = match self.cursor {
            Some((line, column, at)) if line == marker.line() && column <= marker.col() => {
                (column, at)
            }
            _ => (0, start),
        };
        let at = source[from..]
            .char_indices()
            .nth(marker.col() - from_column)
            .map_or(source.len(), |(i, _)| from + i);
        self.cursor = Some((marker.line(), marker.col(), at));
        Some((start, at))
    }

    /// `anchor`, or 0 (no anchor) when no alias can refer to it: an anchor no alias names
    /// needs no copy of its node. When the anchor's name cannot be read at `marker`, where
    /// the node's properties start, it is kept.
    fn kept_anchor(&mut self, anchor: usize, marker: Marker) -> usize {
        if anchor == 0 {
            return 0;
        }
        let Some((_, at)) = self.offset(marker) else { return anchor };
        let named = anchor_at(&self.source[at..]);
        if named.is_some_and(|name| !self.aliased.contains(name)) { 0 } else { anchor }
    }

    /// The name after `*` at an alias's marker, for messages.
    fn alias_name(&mut self, marker: Marker) -> String {
        let Some((_, at)) = self.offset(marker) else { return String::new() };
        let rest = self.source[at..].strip_prefix('*').unwrap_or(&self.source[at..]);
        name_at(rest).to_owned()
    }

    /// The marker of a sequence without indentation (`key:` then `- item` in the same column)
    /// is its first item, after the `- `; the sequence starts at the dash. Not called for a
    /// sequence with properties, whose marker is at them.
    fn sequence_span(&mut self, marker: Marker) -> Span {
        let Some((start, at)) = self.offset(marker) else { return self.span(marker) };
        if self.source[at..].starts_with(['-', '[']) {
            return self.span(marker);
        }
        let before = self.source[start..at].trim_end_matches([' ', '\t']);
        if before.ends_with('-') {
            return self.position(marker.line(), before.chars().count() - 1);
        }
        self.span(marker)
    }

    /// A block scalar's marker is the first character of its content, lines below its `|` or
    /// `>` indicator; the scalar starts at the indicator, found on the nearest line above that
    /// is not blank. Not called for a scalar with properties, whose marker is at them.
    fn block_scalar_span(&mut self, marker: Marker) -> Span {
        let Some((mut start, at)) = self.offset(marker) else { return self.span(marker) };
        if self.source[at..].starts_with(['|', '>']) {
            return self.span(marker);
        }
        let mut line = marker.line();
        while start > 0 {
            let end = start - 1;
            start = self.source[..end].rfind('\n').map_or(0, |i| i + 1);
            line = line.saturating_sub(1);
            let text = &self.source[start..end];
            if !text.trim().is_empty() {
                return match block_indicator(text) {
                    Some(i) => self.position(line, text[..i].chars().count()),
                    None => self.span(marker),
                };
            }
        }
        self.span(marker)
    }
}

/// The anchor or alias name at the start of `text`: up to a space or a flow indicator.
fn name_at(text: &str) -> &str {
    let end = text.find(|c: char| c.is_whitespace() || ",[]{}".contains(c)).unwrap_or(text.len());
    &text[..end]
}

/// The anchor among the properties (`&anchor`, `!tag`, in either order) at the start of
/// `text`; `None` when they cannot be read so.
fn anchor_at(text: &str) -> Option<&str> {
    let mut rest = text;
    for _ in 0..2 {
        if let Some(anchor) = rest.strip_prefix('&') {
            return Some(name_at(anchor));
        }
        let tag = rest.strip_prefix('!')?;
        rest = tag[name_at(tag).len()..].trim_start();
    }
    None
}

/// The byte offset of the `|` or `>` that ends a block scalar header line: the last such
/// character followed only by chomping and indentation indicators and perhaps a comment.
fn block_indicator(line: &str) -> Option<usize> {
    line.char_indices().rev().filter(|&(_, c)| c == '|' || c == '>').map(|(i, _)| i).find(|&i| {
        let rest = line[i + 1..]
            .trim_start_matches(['-', '+', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
        let after_blanks = rest.trim_start();
        after_blanks.is_empty()
            || (after_blanks.starts_with('#') && after_blanks.len() < rest.len())
    })
}

/// The entries `<<` merges: one mapping, or each of a list of mappings.
fn merge_sources(value: Value) -> Option<Vec<Members>> {
    match value {
        Value::Object(map) => Some(vec![map]),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item.value {
                Value::Object(map) => Some(map),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

/// Adds merged entries to `map`: explicit keys win over merged ones, and among merged mappings
/// the first listed wins. Merged entries take the place of their `<<`.
fn apply_merges(map: Members, merges: Vec<Merge>) -> Members {
    if merges.is_empty() {
        return map;
    }
    let mut merged: IndexMap<String, (usize, Node)> = IndexMap::new();
    for Merge { at, sources } in merges {
        for source in sources {
            for (key, node) in source {
                if !map.contains_key(&key) && !merged.contains_key(&key) {
                    merged.insert(key, (at, node));
                }
            }
        }
    }
    let mut out = Members::with_capacity_and_hasher(map.len() + merged.len(), Default::default());
    let mut pending = merged.into_iter().peekable();
    for (index, (key, node)) in map.into_iter().enumerate() {
        while let Some((merged_key, (_, merged_node))) =
            pending.next_if(|(_, (at, _))| *at <= index)
        {
            out.insert(merged_key, merged_node);
        }
        out.insert(key, node);
    }
    out.extend(pending.map(|(key, (_, node))| (key, node)));
    out
}

fn is_merge_tag(tag: &Tag) -> bool {
    tag.handle == CORE_TAG_PREFIX && tag.suffix == "merge"
}

/// The value of a scalar: quoted and block scalars are strings, plain ones are resolved by the
/// core schema, and the core tags (`!!str`, `!!int`...) force a type where the text allows it.
/// The text is taken rather than borrowed so that a string value can reuse it (see [`kept`]).
fn resolve_scalar(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.handle == CORE_TAG_PREFIX {
            let forced = match tag.suffix.as_str() {
                "str" => return Value::String(kept(text)),
                "null" => Some(Value::Null),
                "bool" => resolve_bool(&text).map(Value::Bool),
                "int" => resolve_int(&text),
                "float" => {
                    resolve_float(&text).or_else(|| resolve_int(&text).and_then(|v| to_float(&v)))
                }
                _ => None,
            };
            if let Some(value) = forced {
                return value;
            }
        } else if tag.handle.is_empty() && tag.suffix == "!" {
            // The non-specific tag `!` makes a scalar a string.
            return Value::String(kept(text));
        }
    }
    if style != ScalarStyle::Plain {
        return Value::String(kept(text));
    }
    resolve_plain(text)
}

/// A scalar's text as kept in the tree. `saphyr-parser` builds each plain scalar in a string
/// with 128 bytes or more to spare; kept as they are, the spare room of thousands of short keys
/// and values outweighs their text (loading Stripe's document then takes a third more memory),
/// so a string more than half empty is copied to one of its length, and others are moved.
fn kept(text: Cow<'_, str>) -> String {
    match text {
        Cow::Owned(text) if text.capacity() <= 2 * text.len() => text,
        text => String::from(&*text),
    }
}

/// The YAML 1.2 core schema.
fn resolve_plain(text: Cow<'_, str>) -> Value {
    if matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    if let Some(value) = resolve_bool(&text) {
        return Value::Bool(value);
    }
    match resolve_int(&text).or_else(|| resolve_float(&text)) {
        Some(value) => value,
        None => Value::String(kept(text)),
    }
}

fn resolve_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`; beyond `i64` the value is kept as a float.
fn resolve_int(text: &str) -> Option<Value> {
    let (digits, radix) = if let Some(octal) = text.strip_prefix("0o") {
        (octal, 8)
    } else if let Some(hex) = text.strip_prefix("0x") {
        (hex, 16)
    } else {
        let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
        if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some(match text.parse::<i64>() {
            Ok(value) => Value::Integer(value),
            Err(_) => Value::Float(text.parse::<f64>().ok()?),
        });
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    Some(match i64::from_str_radix(digits, radix) {
        Ok(value) => Value::Integer(value),
        Err(_) => Value::Float(
            digits
                .chars()
                .filter_map(|c| c.to_digit(radix))
                .fold(0.0, |acc, d| acc * f64::from(radix) + f64::from(d)),
        ),
    })
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?.inf` and `.nan`.
fn resolve_float(text: &str) -> Option<Value> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(Value::Float(if negative { f64::NEG_INFINITY } else { f64::INFINITY }));
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(Value::Float(f64::NAN));
    }
    let bytes = unsigned.as_bytes();
    let digits = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let whole = digits(0);
    let mut i = whole;
    let mut fraction = 0;
    if bytes.get(i) == Some(&b'.') {
        fraction = digits(i + 1);
        i += 1 + fraction;
    }
    if whole == 0 && fraction == 0 {
        return None;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let sign = usize::from(matches!(bytes.get(i + 1), Some(b'-' | b'+')));
        let exponent = digits(i + 1 + sign);
        if exponent == 0 {
            return None;
        }
        i += 1 + sign + exponent;
    }
    if i != bytes.len() {
        return None;
    }
    text.parse::<f64>().ok().map(Value::Float)
}

fn to_float(value: &Value) -> Option<Value> {
    match value {
        Value::Integer(i) => Some(Value::Float(*i as f64)),
        Value::Float(f) => Some(Value::Float(*f)),
        _ => None,
    }
}

/// `saphyr-parser`'s message in plainer words, with a hint for the usual causes.
fn readable_scan_error(info: &str) -> (String, Option<&'static str>) {
    const INDENTATION: Option<&str> = Some("check the indentation of this line and the ones above");
    let (message, help) = match info {
        "mapping values are not allowed in this context" => (
            "`:` is not allowed here",
            Some("check the indentation, or quote the value if it contains `: `"),
        ),
        "simple key expect ':'" => ("expected `:` after a mapping key", INDENTATION),
        "did not find expected key"
        | "while parsing a block mapping, did not find expected key" => {
            ("expected a mapping key", INDENTATION)
        }
        "while parsing a block collection, did not find expected '-' indicator" => {
            ("expected `-` before the next item of the sequence", INDENTATION)
        }
        "while parsing a node, did not find expected node content" => ("expected a value", None),
        "while scanning a quoted scalar, found unexpected end of stream" => (
            "unexpected end of input inside a quoted string",
            Some("the string starting here is never closed"),
        ),
        "while parsing a flow sequence, expected ',' or ']'" => {
            ("expected `,` or `]` in a flow sequence", None)
        }
        "while parsing a flow mapping, did not find expected ',' or '}'" => {
            ("expected `,` or `}` in a flow mapping", None)
        }
        "while parsing a quoted scalar, found unknown escape character" => (
            "invalid escape in a double-quoted string",
            Some("write a backslash as `\\\\`, or use a single-quoted string"),
        ),
        "invalid indentation in quoted scalar" => (
            "a quoted string continues on a line indented too little",
            Some("indent every line of the string more than its key"),
        ),
        "misplaced bracket" => (
            "closing bracket without an opening one",
            Some("remove it, or quote the value it belongs to"),
        ),
        "comment intercepting the multiline text" => (
            "a comment cannot come between the lines of a value",
            Some("move the comment below the last line of the value"),
        ),
        "recursion limit exceeded" => {
            ("flow collections are nested more than 255 levels deep", None)
        }
        _ if info.starts_with("tabs disallowed") => {
            ("tabs cannot be used for indentation", Some("indent with spaces"))
        }
        _ if info.starts_with("unexpected character") => {
            (info, Some("`@`, `` ` `` and `%` cannot start a plain value; quote the value"))
        }
        _ => (info, None),
    };
    (backtick_quotes(message), help)
}

/// Rewrites `'x'` and `` `x' `` around one character as `` `x` ``, the style of the other
/// messages.
fn backtick_quotes(message: &str) -> String {
    let chars: Vec<char> = message.chars().collect();
    let mut out = String::with_capacity(message.len());
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '\'' | '`') && i + 2 < chars.len() && chars[i + 2] == '\'' {
            out.push('`');
            out.push(chars[i + 1]);
            out.push('`');
            i += 3;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn ok(source: &str) -> Node {
        match parse(source) {
            Ok((Some(node), warnings)) => {
                assert!(warnings.is_empty(), "unexpected warnings: {warnings:?}");
                node
            }
            other => panic!("parse failed: {other:?}"),
        }
    }

    /// The single error: message, line, column and pointer.
    fn error(source: &str) -> (String, u32, u32, String) {
        let diagnostics = parse(source).expect_err("parse should fail");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        let location = diagnostics[0].location.clone().unwrap();
        (
            diagnostics[0].message.clone(),
            location.span.line,
            location.span.column,
            location.pointer.to_string(),
        )
    }

    fn span(line: u32, column: u32) -> Span {
        Span::new(line, column)
    }

    fn at<'n>(root: &'n Node, pointer: &str) -> &'n Node {
        root.pointer(pointer).unwrap_or_else(|| panic!("no node at {pointer}"))
    }

    fn keys(node: &Node) -> Vec<&str> {
        node.as_object().unwrap().keys().map(String::as_str).collect()
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let cases: &[(&str, Value)] = &[
            ("null", Value::Null),
            ("Null", Value::Null),
            ("NULL", Value::Null),
            ("~", Value::Null),
            ("", Value::Null),
            ("true", Value::Bool(true)),
            ("True", Value::Bool(true)),
            ("TRUE", Value::Bool(true)),
            ("false", Value::Bool(false)),
            ("FALSE", Value::Bool(false)),
            ("0", Value::Integer(0)),
            ("-17", Value::Integer(-17)),
            ("+5", Value::Integer(5)),
            ("007", Value::Integer(7)),
            ("0x1F", Value::Integer(31)),
            ("0o17", Value::Integer(15)),
            ("9223372036854775807", Value::Integer(i64::MAX)),
            ("99999999999999999999", Value::Float(1e20)),
            ("0xFFFFFFFFFFFFFFFFFF", Value::Float(4_722_366_482_869_645_213_695.0)),
            ("1.5", Value::Float(1.5)),
            ("3.0", Value::Float(3.0)),
            ("-.5", Value::Float(-0.5)),
            ("1.", Value::Float(1.0)),
            ("1e3", Value::Float(1000.0)),
            ("2.5E-1", Value::Float(0.25)),
            (".inf", Value::Float(f64::INFINITY)),
            ("+.Inf", Value::Float(f64::INFINITY)),
            ("-.INF", Value::Float(f64::NEG_INFINITY)),
            ("yes", Value::String("yes".into())),
            ("no", Value::String("no".into())),
            ("on", Value::String("on".into())),
            ("3.0.0", Value::String("3.0.0".into())),
            ("1_000", Value::String("1_000".into())),
            ("0x", Value::String("0x".into())),
            ("0b101", Value::String("0b101".into())),
            ("1e", Value::String("1e".into())),
            (".", Value::String(".".into())),
            ("-x", Value::String("-x".into())),
            ("nan", Value::String("nan".into())),
            ("hello world", Value::String("hello world".into())),
        ];
        for (text, expected) in cases {
            let root = ok(&format!("v: {text}\n"));
            assert_eq!(&at(&root, "/v").value, expected, "for {text:?}");
        }
        let nan = ok("v: .nan\n");
        assert!(matches!(at(&nan, "/v").value, Value::Float(f) if f.is_nan()));
    }

    #[test]
    fn quoted_and_block_scalars_are_strings() {
        let root = ok(
            "a: '1'\nb: \"true\"\nc: |\n  null\nd: >-\n  12\n  34\ne: 'it''s'\nf: \"\\u00e9\\n\"\n",
        );
        assert_eq!(at(&root, "/a").value, Value::String("1".into()));
        assert_eq!(at(&root, "/b").value, Value::String("true".into()));
        assert_eq!(at(&root, "/c").value, Value::String("null\n".into()));
        assert_eq!(at(&root, "/d").value, Value::String("12 34".into()));
        assert_eq!(at(&root, "/e").value, Value::String("it's".into()));
        assert_eq!(at(&root, "/f").value, Value::String("é\n".into()));
    }

    #[test]
    fn core_tags_force_a_type() {
        let root = ok("a: !!str 12\nb: !!int \"7\"\nc: !!float 3\nd: !!bool \"true\"\n\
             e: !!null x\nf: ! 12\ng: !custom 12\nh: !!int nope\n");
        assert_eq!(at(&root, "/a").value, Value::String("12".into()));
        assert_eq!(at(&root, "/b").value, Value::Integer(7));
        assert_eq!(at(&root, "/c").value, Value::Float(3.0));
        assert_eq!(at(&root, "/d").value, Value::Bool(true));
        assert_eq!(at(&root, "/e").value, Value::Null);
        assert_eq!(at(&root, "/f").value, Value::String("12".into()));
        assert_eq!(at(&root, "/g").value, Value::Integer(12));
        assert_eq!(at(&root, "/h").value, Value::String("nope".into()));
    }

    #[test]
    fn keys_are_strings_as_written() {
        let root = ok("200: ok\ntrue: t\n1.50: f\n~: n\n'quoted': q\n0x10: h\n? explicit\n: e\n");
        assert_eq!(keys(&root), ["200", "true", "1.50", "~", "quoted", "0x10", "explicit"]);
        assert_eq!(at(&root, "/200").value, Value::String("ok".into()));
    }

    #[test]
    fn spans_point_at_the_first_character_of_each_node() {
        let source = "\
openapi: 3.1.0
paths:
  /pets:
    get:
      tags:
      - pets
      - 'animals'
      summary: |
        List pets.
      x-flow: {a: [1, 2], b: \"é\"}
  /empty:
";
        let root = ok(source);
        assert_eq!(root.span, span(1, 1));
        assert_eq!(at(&root, "/openapi").span, span(1, 10));
        assert_eq!(at(&root, "/paths").span, span(3, 3));
        assert_eq!(at(&root, "/paths/~1pets").span, span(4, 5));
        assert_eq!(at(&root, "/paths/~1pets/get").span, span(5, 7));
        assert_eq!(at(&root, "/paths/~1pets/get/tags").span, span(6, 7));
        assert_eq!(at(&root, "/paths/~1pets/get/tags/0").span, span(6, 9));
        assert_eq!(at(&root, "/paths/~1pets/get/tags/1").span, span(7, 9));
        assert_eq!(at(&root, "/paths/~1pets/get/summary").span, span(8, 16));
        assert_eq!(
            at(&root, "/paths/~1pets/get/summary").value,
            Value::String("List pets.\n".into())
        );
        assert_eq!(at(&root, "/paths/~1pets/get/x-flow").span, span(10, 15));
        assert_eq!(at(&root, "/paths/~1pets/get/x-flow/a").span, span(10, 19));
        assert_eq!(at(&root, "/paths/~1pets/get/x-flow/a/1").span, span(10, 23));
        assert_eq!(at(&root, "/paths/~1pets/get/x-flow/b").span, span(10, 30));
        // An empty value is placed at its key, not at the next token.
        assert_eq!(at(&root, "/paths/~1empty").value, Value::Null);
        assert_eq!(at(&root, "/paths/~1empty").span, span(11, 3));
    }

    #[test]
    fn columns_count_characters() {
        let root = ok("é: ü\n\"日本\": [😀, x]\n");
        assert_eq!(at(&root, "/é").span, span(1, 4));
        assert_eq!(at(&root, "/日本").span, span(2, 7));
        assert_eq!(at(&root, "/日本/1").span, span(2, 11));
    }

    #[test]
    fn block_scalar_spans_find_their_indicator() {
        let source = concat!(
            "a: |+ # a | comment\n\n  text\n",
            "\"b|>\": >-\n  folded\n",
            "c:\n  - |\n    item\n",
            "d: |\ne: 1\n"
        );
        let root = ok(source);
        assert_eq!(at(&root, "/a").span, span(1, 4));
        assert_eq!(at(&root, "/a").value, Value::String("\ntext\n".into()));
        assert_eq!(at(&root, "/b|>").span, span(4, 8));
        assert_eq!(at(&root, "/c/0").span, span(7, 5));
        assert_eq!(at(&root, "/d").span, span(9, 4));
        assert_eq!(at(&root, "/d").value, Value::String(String::new()));
    }

    #[test]
    fn anchors_and_aliases_copy_the_anchored_node() {
        let root =
            ok("defs:\n  id: &id\n    type: integer\n  name: &n pet\nuses:\n  - *id\n  - *n\n");
        let copied = at(&root, "/uses/0");
        assert_eq!(copied, at(&root, "/defs/id"));
        // An anchored node starts at its anchor.
        assert_eq!(copied.span, span(2, 7));
        assert_eq!(at(&root, "/uses/1").value, Value::String("pet".into()));
        assert_eq!(at(&root, "/uses/1").span, span(4, 9));
    }

    #[test]
    fn nodes_with_properties_start_at_them() {
        // `text |` ends like a block scalar header: the scalar under it, whose marker is at its
        // tag, must not be taken for one whose indicator is to be searched for above.
        let source = "a: !!str |\n  text |\nb: &b >-\n  x\nc:\n- &s\n  - 1\n- !!seq [2]\n";
        let root = ok(source);
        assert_eq!(at(&root, "/a").span, span(1, 4));
        assert_eq!(at(&root, "/b").span, span(3, 4));
        assert_eq!(at(&root, "/c").span, span(6, 1));
        assert_eq!(at(&root, "/c/0").span, span(6, 3));
        assert_eq!(at(&root, "/c/0/0").span, span(7, 5));
        assert_eq!(at(&root, "/c/1").span, span(8, 3));
    }

    #[test]
    fn mappings_start_at_their_first_entry() {
        let root = ok("x:\n  ? a\n  : b\n? explicit\n: e\n");
        assert_eq!(root.span, span(1, 1));
        assert_eq!(at(&root, "/x").span, span(2, 3));
        assert_eq!(at(&root, "/explicit").span, span(5, 3));
    }

    #[test]
    fn aliases_as_keys_use_the_scalar_as_written() {
        let root = ok("a: &k 200\n*k : ok\n");
        assert_eq!(keys(&root), ["a", "200"]);
        assert_eq!(at(&root, "/a").value, Value::Integer(200));
    }

    #[test]
    fn merge_keys_merge_with_explicit_keys_first() {
        let source = "\
base: &base {a: 1, b: 2}
more: &more {c: 3, a: 9}
one:
  <<: *base
  b: 20
list:
  x: 0
  <<: [*base, *more]
  b: 21
";
        let root = ok(source);
        let one = at(&root, "/one");
        assert_eq!(keys(one), ["a", "b"]);
        assert_eq!(at(one, "/a").value, Value::Integer(1));
        assert_eq!(at(one, "/a").span, span(1, 17));
        assert_eq!(at(one, "/b").value, Value::Integer(20));
        let list = at(&root, "/list");
        assert_eq!(keys(list), ["x", "a", "c", "b"]);
        assert_eq!(at(list, "/a").value, Value::Integer(1));
        assert_eq!(at(list, "/c").value, Value::Integer(3));
        assert_eq!(at(list, "/b").value, Value::Integer(21));
        // A quoted `<<` is an ordinary key.
        let quoted = ok("'<<': {a: 1}\n");
        assert_eq!(keys(&quoted), ["<<"]);
    }

    #[test]
    fn merge_of_a_scalar_is_an_error() {
        assert_eq!(
            error("a:\n  <<: 5\n"),
            (
                "the value of a merge key `<<` must be a mapping or a list of mappings".into(),
                2,
                7,
                "#/a".into()
            )
        );
    }

    #[test]
    fn duplicate_keys_warn_and_the_last_wins() {
        let (root, warnings) = parse("schema:\n  type: string\n  type: integer\n").unwrap();
        let root = root.unwrap();
        assert_eq!(at(&root, "/schema/type").value, Value::String("integer".into()));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].severity, Severity::Warning);
        assert_eq!(warnings[0].message, "duplicate key `type`; the last one wins");
        let location = warnings[0].location.clone().unwrap();
        assert_eq!(location.span, span(3, 3));
        assert_eq!(location.pointer.as_str(), "#/schema/type");
    }

    #[test]
    fn collection_keys_are_errors() {
        assert_eq!(
            error("x:\n  {a: 1}: v\n"),
            ("a mapping key must be a scalar, found a mapping".into(), 2, 3, "#/x".into())
        );
        assert_eq!(
            error("? [a, b]\n: v\n"),
            ("a mapping key must be a scalar, found a sequence".into(), 1, 3, "#".into())
        );
        assert_eq!(
            error("a: &m {k: v}\n*m : x\n"),
            (
                "a mapping key must be a scalar, found an alias to a collection".into(),
                2,
                1,
                "#".into()
            )
        );
    }

    #[test]
    fn alias_errors() {
        assert_eq!(
            error("a: &x [1, *x]\n"),
            ("alias `*x` refers to a node that contains it".into(), 1, 11, "#/a/1".into())
        );
        assert_eq!(
            error("paths:\n  x: *nope\n"),
            (
                "alias `*nope` refers to an anchor that is not defined".into(),
                2,
                6,
                "#/paths/x".into()
            )
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        assert_eq!(
            error("paths:\n  /pets:\n    get:\n      summary: \"x\n"),
            (
                "invalid YAML: unexpected end of input inside a quoted string".into(),
                4,
                16,
                "#/paths/~1pets/get/summary".into()
            )
        );
        assert_eq!(
            error("a: b: c\n"),
            ("invalid YAML: `:` is not allowed here".into(), 1, 5, "#".into())
        );
        assert_eq!(
            error("a:\n\tb: 1\n"),
            ("invalid YAML: tabs cannot be used for indentation".into(), 2, 2, "#/a".into())
        );
        assert_eq!(
            error("info: {title: x]\n"),
            ("invalid YAML: expected `,` or `}` in a flow mapping".into(), 1, 16, "#/info".into())
        );
        assert_eq!(
            error("a: \"\\q\"\n"),
            ("invalid YAML: invalid escape in a double-quoted string".into(), 1, 4, "#/a".into())
        );
        assert_eq!(
            error("a:\n  - 1\n  b: 2\n"),
            (
                "invalid YAML: expected `-` before the next item of the sequence".into(),
                3,
                3,
                "#/a/1".into()
            )
        );
        assert_eq!(
            error("a: [1]]\n"),
            ("invalid YAML: closing bracket without an opening one".into(), 1, 7, "#".into())
        );
        assert_eq!(
            error("a: b # c\n  d\n"),
            (
                "invalid YAML: a comment cannot come between the lines of a value".into(),
                1,
                6,
                "#".into()
            )
        );
        assert_eq!(
            error("a: @x\n"),
            ("invalid YAML: unexpected character: `@`".into(), 1, 4, "#/a".into())
        );
    }

    #[test]
    fn quoted_strings_continued_at_column_zero_are_accepted() {
        let source = "\
items:
  example: \"-----BEGIN-----
MIIF
-----END-----\"
  next: 'a
b'
  after: 1
";
        let root = ok(source);
        assert_eq!(
            at(&root, "/items/example").value,
            Value::String("-----BEGIN----- MIIF -----END-----".into())
        );
        assert_eq!(at(&root, "/items/example").span, span(2, 12));
        assert_eq!(at(&root, "/items/next").value, Value::String("a b".into()));
        assert_eq!(at(&root, "/items/after").span, span(7, 10));
    }

    #[test]
    fn only_the_first_document_is_read() {
        let (root, warnings) = parse("a: 1\n---\nb: 2\n").unwrap();
        assert_eq!(keys(&root.unwrap()), ["a"]);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].message,
            "the file holds more than one YAML document; only the first is read"
        );
        assert_eq!(warnings[0].location.as_ref().unwrap().span, span(2, 1));
        // An explicit start and end of one document is no second document.
        let (_, warnings) = parse("---\na: 1\n...\n").unwrap();
        assert!(warnings.is_empty());
    }

    #[test]
    fn nothing_written_is_no_document() {
        for source in ["", "\n\n", "# only a comment\n", "---\n", "--- # c\n...\n"] {
            assert_eq!(parse(source).unwrap().0, None, "for {source:?}");
        }
        assert_eq!(ok("~\n").value, Value::Null);
        assert_eq!(ok("--- null\n").value, Value::Null);
    }

    #[test]
    fn nesting_is_limited() {
        let nested = |depth: usize| {
            let mut source = String::new();
            for level in 0..depth {
                source.push_str(&" ".repeat(level));
                source.push_str("k:\n");
            }
            source
        };
        assert!(parse(&nested(MAX_DEPTH)).is_ok());
        let (message, line, column, _) = error(&nested(MAX_DEPTH + 2));
        assert_eq!(message, "mappings and sequences are nested more than 512 levels deep");
        // The limit is met at the first key of the mapping past it.
        assert_eq!((line, column), (MAX_DEPTH as u32 + 1, MAX_DEPTH as u32 + 1));
        // Aliases cannot get past the limit either.
        let mut source = String::from("a: &a\n");
        for level in 1..MAX_DEPTH - 1 {
            source.push_str(&" ".repeat(level));
            source.push_str("k:\n");
        }
        assert!(parse(&source).is_ok());
        source.push_str("b: [[*a]]\n");
        let (message, line, column, pointer) = error(&source);
        assert_eq!(message, "mappings and sequences are nested more than 512 levels deep");
        assert_eq!((line, column, pointer.as_str()), (MAX_DEPTH as u32, 6, "#/b/0/0"));
        // saphyr-parser has its own, lower limit for flow collections.
        let (message, ..) = error(&"[".repeat(300));
        assert_eq!(message, "invalid YAML: flow collections are nested more than 255 levels deep");
    }

    #[test]
    fn alias_expansion_is_bounded() {
        let mut source = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let previous = format!("*l{}", level - 1);
            let items = [previous.as_str(); 10].join(", ");
            source.push_str(&format!("l{level}: &l{level} [{items}]\n"));
        }
        let diagnostics = parse(&source).unwrap_err();
        assert_eq!(diagnostics[0].message, "anchors and aliases copy more than 1000000 nodes");
    }

    /// 400 levels of nested mappings with an anchor each, 21 nodes a level.
    fn nested_anchors(depth: usize) -> String {
        let mut source = String::new();
        for level in 0..depth {
            let indent = " ".repeat(level);
            source.push_str(&format!("{indent}l{level}: &a{level}\n"));
            for sibling in 0..20 {
                source.push_str(&format!("{indent} s{sibling}: x\n"));
            }
        }
        source
    }

    /// Anchors no alias names keep no copy: nested in each other, each would copy its subtree,
    /// which the levels above copy again (an 883 KB file took 4.5 GB).
    #[test]
    fn anchors_without_aliases_copy_nothing() {
        let source = nested_anchors(400);
        let mut builder = Builder::new(&source, &[]);
        assert!(builder.run().is_ok());
        assert_eq!((builder.copied.nodes, builder.copied.bytes), (0, 0));
        // An alias anywhere, even in a string, keeps its anchor's copy; only that one.
        let source = format!("{}note: 'see *a399 above'\n", nested_anchors(400));
        let mut builder = Builder::new(&source, &[]);
        assert!(builder.run().is_ok());
        assert_eq!((builder.copied.nodes, builder.copied.bytes), (21, 70));
    }

    #[test]
    fn anchors_are_found_among_the_properties() {
        assert_eq!(anchor_at("&a b"), Some("a"));
        assert_eq!(anchor_at("&a[1]"), Some("a"));
        assert_eq!(anchor_at("!!str &x y"), Some("x"));
        assert_eq!(anchor_at("!t\n  &a\n"), Some("a"));
        assert_eq!(anchor_at("!t x"), None);
        assert_eq!(anchor_at("x"), None);
    }

    /// Aliased anchors nested in each other each keep a copy of their subtree, which the levels
    /// above copy again: 400 levels of 21 nodes would copy 1.7 million nodes. What anchors
    /// copy counts against the same limit as aliases, met at the anchor of the level where
    /// the copies pass it: levels 400 to 92 copy (21 + 42 + ... + 309 * 21) nodes, a million
    /// and a bit.
    #[test]
    fn nested_anchors_count_what_they_copy() {
        let aliases = |depth: usize| {
            let names: Vec<String> = (0..depth).map(|level| format!("*a{level}")).collect();
            format!("uses: [{}]\n", names.join(", "))
        };
        let source = nested_anchors(400) + &aliases(400);
        let (message, line, column, pointer) = error(&source);
        assert_eq!(message, "anchors and aliases copy more than 1000000 nodes");
        let level = 91;
        let expected: Pointer = (0..=level).fold(Pointer::root(), |p, l| p.join(format!("l{l}")));
        let anchor_line = level * 21 + 1;
        assert_eq!(
            (line, column, pointer),
            (anchor_line as u32, level as u32 + 6, expected.to_string())
        );
        // Fewer levels load, having copied each level's subtree once for the anchor and once
        // for the alias, and nothing more.
        let source = nested_anchors(20) + &aliases(20);
        let mut builder = Builder::new(&source, &[]);
        assert!(builder.run().is_ok());
        assert_eq!(builder.copied.nodes, 2 * 21 * (20 * 21 / 2));
        // Level `l` is in the subtrees of levels 0 to `l`: its keys and values (`s0: x`...,
        // 70 bytes) and the key of the next level are copied `l + 1` times, twice.
        let bytes: usize = (0..20)
            .map(|l| (l + 1) * (70 + if l < 19 { format!("l{}", l + 1).len() } else { 0 }))
            .sum();
        assert_eq!(builder.copied.bytes, 2 * bytes);
    }

    #[test]
    fn columns_on_a_long_line_are_counted_on_from_the_last_marker() {
        let items: Vec<String> = (0..1_000).map(|i| format!("[é{i}]")).collect();
        let root = ok(&format!("x: [{}]\ny: [[1]]\n", items.join(", ")));
        let column = 5 + (0..999).map(|i| format!("[é{i}], ").chars().count()).sum::<usize>();
        assert_eq!(at(&root, "/x/999").span, span(1, column as u32));
        assert_eq!(at(&root, "/x/999/0").value, Value::String("é999".into()));
        assert_eq!(at(&root, "/y/0").span, span(2, 5));
    }

    #[test]
    fn a_long_string_aliased_many_times_is_bounded() {
        let mut source = format!("s: &s {}\nl:\n", "x".repeat(100_000));
        for _ in 0..1_000 {
            source.push_str("- *s\n");
        }
        let (message, line, column, pointer) = error(&source);
        assert_eq!(message, "anchors and aliases copy more than 100000000 bytes of text");
        assert_eq!((line, column, pointer.as_str()), (1002, 3, "#/l/999"));
    }

    #[test]
    fn block_indicator_skips_comments_and_indicators() {
        assert_eq!(block_indicator("key: |"), Some(5));
        assert_eq!(block_indicator("key: >-2 # a > b"), Some(5));
        assert_eq!(block_indicator("\"a|b\": |+"), Some(7));
        assert_eq!(block_indicator("key: a|b"), None);
    }
}
