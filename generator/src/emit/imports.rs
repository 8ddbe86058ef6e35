//! Names of items from outside the generated module, imported with `use` unless a type of
//! the module has the same name, in which case the full path is written instead.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet};

use super::code::Code;

/// An item the generated code refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Item {
    Option,
    String,
    Vec,
    Box,
    Result,
    BTreeMap,
    Value,
    DateTime,
    Utc,
    NaiveDate,
    Uuid,
    Serialize,
    Deserialize,
    Serializer,
    Deserializer,
    FromStr,
    Infallible,
    Fmt,
    Base64,
    Tristate,
    Tagged,
    Object,
    Fields,
    Alternatives,
    MapAccess,
    Runtime,
    Duration,
    Method,
    Error,
    Response,
    Request,
    ClientCore,
    ClientSettings,
    Credential,
    ClientAuthentication,
    BuildError,
    Multipart,
    Form,
    WebhookBody,
    WebhookError,
    WebhookVerifier,
    HeaderMap,
    Hook,
    Arc,
    RequestOptions,
    RetryPolicy,
    Style,
    IntoFuture,
    CallFuture,
    Body,
    EventStream,
    RawResponse,
    KeyedEvent,
    JsonData,
    ByteStream,
    Pages,
    Items,
    Paging,
    PageRequest,
    PagesOf,
    ItemsOf,
}

impl Item {
    /// The full path, and whether the item is in the prelude (used without `use`).
    fn path(self) -> (&'static str, bool) {
        match self {
            Item::Option => ("std::option::Option", true),
            Item::String => ("std::string::String", true),
            Item::Vec => ("std::vec::Vec", true),
            Item::Box => ("std::boxed::Box", true),
            Item::Result => ("std::result::Result", true),
            Item::BTreeMap => ("std::collections::BTreeMap", false),
            Item::Value => ("serde_json::Value", false),
            Item::DateTime => ("chrono::DateTime", false),
            Item::Utc => ("chrono::Utc", false),
            Item::NaiveDate => ("chrono::NaiveDate", false),
            Item::Uuid => ("uuid::Uuid", false),
            Item::Serialize => ("serde::Serialize", false),
            Item::Deserialize => ("serde::Deserialize", false),
            Item::Serializer => ("serde::Serializer", false),
            Item::Deserializer => ("serde::Deserializer", false),
            Item::FromStr => ("std::str::FromStr", false),
            Item::Infallible => ("std::convert::Infallible", false),
            Item::Fmt => ("std::fmt", false),
            Item::Base64 => ("crate::runtime::Base64", false),
            Item::Tristate => ("crate::runtime::Tristate", false),
            Item::Tagged => ("crate::runtime::Tagged", false),
            Item::Object => ("crate::runtime::Object", false),
            Item::Fields => ("crate::runtime::Fields", false),
            Item::Alternatives => ("crate::runtime::Alternatives", false),
            Item::MapAccess => ("serde::de::MapAccess", false),
            Item::Runtime => ("crate::runtime", false),
            Item::Duration => ("std::time::Duration", false),
            Item::Method => ("reqwest::Method", false),
            Item::Error => ("crate::runtime::Error", false),
            Item::Response => ("crate::runtime::Response", false),
            Item::Request => ("crate::runtime::Request", false),
            Item::ClientCore => ("crate::runtime::ClientCore", false),
            Item::ClientSettings => ("crate::runtime::ClientSettings", false),
            Item::Credential => ("crate::runtime::Credential", false),
            Item::ClientAuthentication => ("crate::runtime::ClientAuthentication", false),
            Item::BuildError => ("crate::runtime::BuildError", false),
            Item::Multipart => ("crate::runtime::Multipart", false),
            Item::Form => ("reqwest::multipart::Form", false),
            Item::WebhookBody => ("crate::runtime::WebhookBody", false),
            Item::RequestOptions => ("crate::runtime::RequestOptions", false),
            Item::RetryPolicy => ("crate::runtime::RetryPolicy", false),
            Item::Style => ("crate::runtime::Style", false),
            Item::WebhookError => ("crate::runtime::WebhookError", false),
            Item::WebhookVerifier => ("crate::runtime::WebhookVerifier", false),
            Item::HeaderMap => ("reqwest::header::HeaderMap", false),
            Item::Hook => ("crate::runtime::Hook", false),
            Item::Arc => ("std::sync::Arc", false),
            Item::IntoFuture => ("std::future::IntoFuture", false),
            Item::CallFuture => ("crate::runtime::CallFuture", false),
            Item::Body => ("crate::runtime::Body", false),
            Item::EventStream => ("crate::runtime::EventStream", false),
            Item::RawResponse => ("crate::runtime::RawResponse", false),
            Item::KeyedEvent => ("crate::runtime::KeyedEvent", false),
            Item::JsonData => ("crate::runtime::json_data", false),
            Item::ByteStream => ("crate::runtime::ByteStream", false),
            Item::Pages => ("crate::runtime::Pages", false),
            Item::Items => ("crate::runtime::Items", false),
            Item::Paging => ("crate::runtime::Paging", false),
            Item::PageRequest => ("crate::runtime::PageRequest", false),
            Item::PagesOf => ("crate::runtime::pages", false),
            Item::ItemsOf => ("crate::runtime::items", false),
        }
    }
}

/// The imports of one generated file.
pub struct Imports {
    /// Names the file itself defines.
    local: HashSet<String>,
    /// Short names in use, with the path each stands for.
    bound: HashMap<String, String>,
    /// Imported paths, each with the features of the items using it; `None` when an item
    /// every build has uses it.
    used: BTreeMap<String, Option<BTreeSet<String>>>,
    /// The features of the item being written; `None` for one every build has.
    current: Option<BTreeSet<String>>,
}

impl Imports {
    /// Imports for a file that defines the items named `local`.
    pub fn new(local: impl IntoIterator<Item = String>) -> Self {
        Imports {
            local: local.into_iter().collect(),
            bound: HashMap::new(),
            used: BTreeMap::new(),
            current: None,
        }
    }

    /// Says which features the items written from now on need, so that an import used
    /// only by them is compiled only with them (and never unused).
    pub fn set_features(&mut self, features: Option<&BTreeSet<String>>) {
        self.current = features.cloned();
    }

    /// A name for an item the file defines besides those it was made with (a type alias),
    /// `wanted` or `wanted2`, `wanted3`... so that it is no other local item, no name
    /// imported so far, and none the generated code uses bare; items imported later under
    /// the same short name are written with their full path.
    pub fn define(&mut self, wanted: &str) -> String {
        let mut name = wanted.to_owned();
        let mut suffix = 2;
        while self.local.contains(&name)
            || self.bound.contains_key(&name)
            || crate::naming::RESERVED_TYPE_NAMES.contains(&name.as_str())
        {
            name = format!("{wanted}{suffix}");
            suffix += 1;
        }
        self.local.insert(name.clone());
        name
    }

    /// How to write `item` here: its short name (recording the `use`), or its full path
    /// when a local item or an earlier import already has the short name.
    pub fn get(&mut self, item: Item) -> String {
        let (path, prelude) = item.path();
        self.resolve(path, prelude)
    }

    /// How to write the item at `path` (`super::types::Pet`), imported like [`Imports::get`].
    pub fn path(&mut self, path: &str) -> String {
        self.resolve(path, false)
    }

    fn resolve(&mut self, path: &str, prelude: bool) -> String {
        let short = path.rsplit("::").next().unwrap_or(path);
        let text = if self.local.contains(short) {
            path
        } else {
            match self.bound.get(short) {
                Some(bound) if bound == path => short,
                Some(_) => path,
                None => {
                    self.bound.insert(short.to_owned(), path.to_owned());
                    short
                }
            }
        };
        if text == short && !prelude {
            // Most items are used again and again: their entry is looked up, not made.
            match (self.used.get_mut(path), &self.current) {
                (None, current) => {
                    self.used.insert(path.to_owned(), current.clone());
                }
                (Some(Some(features)), Some(current)) => {
                    for feature in current {
                        if !features.contains(feature) {
                            features.insert(feature.clone());
                        }
                    }
                }
                (Some(usage @ Some(_)), None) => *usage = None,
                (Some(None), _) => {}
            }
        }
        text.to_owned()
    }

    /// Writes the `use` items, one per parent path and set of features, in the order
    /// rustfmt sorts them (its attributes move with each item, so features play no part).
    pub fn write_uses(&self, code: &mut Code) {
        let mut groups: BTreeMap<(Option<&BTreeSet<String>>, &str), Vec<&str>> = BTreeMap::new();
        for (path, features) in &self.used {
            let (parent, name) = path.rsplit_once("::").unwrap_or(("", path));
            groups.entry((features.as_ref(), parent)).or_default().push(name);
        }
        let mut uses: Vec<Use<'_>> = groups
            .into_iter()
            .map(|((features, parent), mut names)| {
                names.sort_by(|a, b| version_sort(a, b));
                Use { features, parent, names }
            })
            .collect();
        uses.sort_by(Use::rustfmt_order);
        for Use { features, parent, names } in uses {
            super::features::write_use_cfg(code, features);
            match names.as_slice() {
                [single] => code.line_fmt(format_args!("use {parent}::{single};")),
                several => {
                    let several: Vec<String> =
                        several.iter().map(|name| name.to_string()).collect();
                    code.fill(&format!("use {parent}::{{"), &several, "};")
                }
            }
        }
    }
}

/// One `use` item: `use parent::name;` or `use parent::{a, b};`, under a `#[cfg]` when it
/// needs features.
struct Use<'a> {
    features: Option<&'a BTreeSet<String>>,
    parent: &'a str,
    /// The imported names, in rustfmt's order.
    names: Vec<&'a str>,
}

impl Use<'_> {
    /// rustfmt's order of `use` items (its `UseTree` ordering): segment by segment, `self`
    /// before `super` before `crate` before names (in version order) before `{...}` lists,
    /// and a path before the longer paths it starts.
    fn rustfmt_order(a: &Use<'_>, b: &Use<'_>) -> Ordering {
        let (a, b) = (a.segments(), b.segments());
        a.iter()
            .zip(&b)
            .map(|(a, b)| a.rustfmt_order(b))
            .find(|order| order.is_ne())
            .unwrap_or_else(|| a.len().cmp(&b.len()))
    }

    fn segments(&self) -> Vec<Segment<'_>> {
        let mut segments: Vec<Segment<'_>> = self.parent.split("::").map(Segment::Name).collect();
        segments.push(match self.names.as_slice() {
            [single] => Segment::Name(single),
            several => Segment::List(several.to_vec()),
        });
        segments
    }
}

/// A segment of a `use` path.
enum Segment<'a> {
    Name(&'a str),
    /// `{a, b}`: names of one segment each.
    List(Vec<&'a str>),
}

impl Segment<'_> {
    fn rank(&self) -> u8 {
        match self {
            Segment::Name("self") => 0,
            Segment::Name("super") => 1,
            Segment::Name("crate") => 2,
            Segment::Name(_) => 3,
            Segment::List(_) => 4,
        }
    }

    fn rustfmt_order(&self, other: &Segment<'_>) -> Ordering {
        match (self, other) {
            (Segment::List(a), Segment::List(b)) => a
                .iter()
                .zip(b)
                .map(|(a, b)| version_sort(a, b))
                .find(|order| order.is_ne())
                .unwrap_or_else(|| a.len().cmp(&b.len())),
            (Segment::Name(a), Segment::Name(b)) if self.rank() == 3 && other.rank() == 3 => {
                version_sort(a, b)
            }
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

/// The Rust style guide's version sort of identifiers, which rustfmt sorts imports by: raw
/// prefixes ignored, `_` before anything else, runs of digits compared as numbers (fewer
/// leading zeros first when equal), other runs by their bytes.
pub fn version_sort(a: &str, b: &str) -> Ordering {
    let mut a_chunks = VersionChunks(a.trim_start_matches("r#"));
    let mut b_chunks = VersionChunks(b.trim_start_matches("r#"));
    let mut zeros = Ordering::Equal;
    loop {
        let (a, b) = match (a_chunks.next(), b_chunks.next()) {
            (None, None) => return zeros,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(a), Some(b)) => (a, b),
        };
        let order = match (a, b) {
            (Chunk::Underscore, Chunk::Underscore) => Ordering::Equal,
            (Chunk::Underscore, _) => Ordering::Less,
            (_, Chunk::Underscore) => Ordering::Greater,
            (Chunk::Number(a), Chunk::Number(b)) => {
                let (a_digits, b_digits) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
                let value =
                    a_digits.len().cmp(&b_digits.len()).then_with(|| a_digits.cmp(b_digits));
                if value.is_eq() && zeros.is_eq() {
                    // More leading zeros sort first, but only once all else is equal.
                    zeros = b.len().cmp(&a.len());
                }
                value
            }
            (Chunk::Text(a) | Chunk::Number(a), Chunk::Text(b) | Chunk::Number(b)) => a.cmp(b),
        };
        if order.is_ne() {
            return order;
        }
    }
}

/// A run of an identifier in version sorting.
#[derive(Clone, Copy)]
enum Chunk<'a> {
    Underscore,
    Number(&'a str),
    Text(&'a str),
}

/// The chunks of an identifier: `_`, runs of digits, and runs of anything else.
struct VersionChunks<'a>(&'a str);

impl<'a> Iterator for VersionChunks<'a> {
    type Item = Chunk<'a>;

    fn next(&mut self) -> Option<Chunk<'a>> {
        let first = self.0.chars().next()?;
        if first == '_' {
            self.0 = &self.0[1..];
            return Some(Chunk::Underscore);
        }
        let digits = first.is_ascii_digit();
        let end = self
            .0
            .find(
                |c: char| if digits { !c.is_ascii_digit() } else { c == '_' || c.is_ascii_digit() },
            )
            .unwrap_or(self.0.len());
        let (chunk, rest) = self.0.split_at(end);
        self.0 = rest;
        Some(if digits { Chunk::Number(chunk) } else { Chunk::Text(chunk) })
    }
}
