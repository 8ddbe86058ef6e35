//! The document tree every later stage reads: JSON values that remember where they were written.

use std::borrow::Cow;

use indexmap::IndexMap;

/// A 1-based line and column in the source text, counted in characters, and which file that
/// text is: a node an overlay put into the document keeps the overlay's position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Span {
    /// Line number, starting at 1.
    pub line: u32,
    /// Column number, starting at 1.
    pub column: u32,
    /// The file: 0 for the document, `n` for the `n`-th overlay applied to it (see
    /// [`Report::overlays`](crate::diagnostic::Report::overlays)).
    pub file: u32,
}

impl Span {
    /// Line `line`, column `column` of the document itself.
    pub fn new(line: u32, column: u32) -> Self {
        Span { line, column, file: 0 }
    }
}

/// One value of the document with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What was written.
    pub value: Value,
    /// Where it starts.
    pub span: Span,
}

/// A JSON value; YAML documents are read into the same shape.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` (YAML also `~` and an empty value).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number without fraction or exponent that fits in an `i64`.
    Integer(i64),
    /// Any other number.
    Float(f64),
    /// A string; YAML keys and quoted scalars are always strings.
    String(String),
    /// A list.
    Array(Vec<Node>),
    /// A map, in document order. Keys that are not strings in YAML (`200:`) are kept as written.
    Object(Members),
}

/// The members of an object, in document order. Hashed with foldhash rather than the
/// standard library's SipHash: every key of the document is hashed once when read and
/// again at each lookup, and SipHash was several percent of a profile of generating GitHub's
/// document. foldhash's per-process seed keeps keys crafted to collide out of reach.
pub type Members = IndexMap<String, Node, foldhash::fast::RandomState>;

impl Node {
    /// A node at `span`.
    pub fn new(value: Value, span: Span) -> Self {
        Node { value, span }
    }

    /// The member `key` of an object; `None` for a missing key or a node that is not an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Object(map) => map.get(key),
            _ => None,
        }
    }

    /// The string, if this node is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this node is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The integer, if this node is one (a float with no fraction counts).
    pub fn as_i64(&self) -> Option<i64> {
        match self.value {
            Value::Integer(i) => Some(i),
            Value::Float(f) if f.fract() == 0.0 && f >= i64::MIN as f64 && f <= i64::MAX as f64 => {
                Some(f as i64)
            }
            _ => None,
        }
    }

    /// The number as a float, if this node is a number.
    pub fn as_f64(&self) -> Option<f64> {
        match self.value {
            Value::Integer(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    /// The members, if this node is an object.
    pub fn as_object(&self) -> Option<&Members> {
        match &self.value {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The items, if this node is an array.
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A short name of this node's kind for messages: "a string", "an object"...
    pub fn kind(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Integer(_) | Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// The node at a JSON pointer relative to this one (`/components/schemas/Pet`, already
    /// without the leading `#`); `None` when a segment does not exist.
    pub fn pointer(&self, pointer: &str) -> Option<&Node> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/').try_fold(self, |node, segment| {
            let key = unescape_segment(segment);
            match &node.value {
                Value::Object(map) => map.get(&*key),
                Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            }
        })
    }
}

/// `~1` -> `/`, `~0` -> `~`, and percent-decoding, as a `$ref` fragment may carry both.
pub(crate) fn unescape_segment(segment: &str) -> Cow<'_, str> {
    if !segment.contains(['%', '~']) {
        return Cow::Borrowed(segment);
    }
    let decoded = percent_decode(segment);
    Cow::Owned(decoded.replace("~1", "/").replace("~0", "~"))
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// A JSON pointer under construction, always with the leading `#`, e.g.
/// `#/paths/~1users~1{user_id}/put/requestBody`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// A pointer taken as written in a `$ref` (`#/components/schemas/Pet`).
    pub fn from_ref(reference: &str) -> Self {
        Pointer(reference.to_owned())
    }

    /// This pointer with one more segment, escaped as RFC 6901 requires.
    pub fn join(&self, segment: impl AsRef<str>) -> Self {
        let segment = segment.as_ref();
        let mut out = String::with_capacity(self.0.len() + segment.len() + 1);
        out.push_str(&self.0);
        out.push('/');
        if !segment.contains(['~', '/']) {
            out.push_str(segment);
            return Pointer(out);
        }
        for ch in segment.chars() {
            match ch {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                _ => out.push(ch),
            }
        }
        Pointer(out)
    }

    /// This pointer with an array index appended.
    pub fn index(&self, index: usize) -> Self {
        Pointer(format!("{}/{index}", self.0))
    }

    /// The pointer as text, starting with `#`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key of the component this pointer names, when it is exactly
    /// `#/components/<section>/<key>` (`ManyTracks` for `#/components/responses/ManyTracks`).
    pub fn component(&self, section: &str) -> Option<String> {
        let key = self.0.strip_prefix("#/components/")?.strip_prefix(section)?.strip_prefix('/')?;
        (!key.is_empty() && !key.contains('/')).then(|| key.replace("~1", "/").replace("~0", "~"))
    }

    /// The part after `#`, as [`Node::pointer`] takes it.
    pub fn fragment(&self) -> &str {
        self.0.strip_prefix('#').unwrap_or(&self.0)
    }
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
