//! Names of items from outside the generated module, imported with `use` unless a type of
//! the module has the same name, in which case the full path is written instead.

use std::collections::{BTreeSet, HashSet};

use proc_macro2::TokenStream;

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
    Runtime,
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
            Item::Runtime => ("crate::runtime", false),
        }
    }

    fn short_name(self) -> &'static str {
        let (path, _) = self.path();
        path.rsplit("::").next().unwrap_or(path)
    }
}

/// The imports of one generated file.
pub struct Imports {
    local: HashSet<String>,
    used: BTreeSet<&'static str>,
}

impl Imports {
    /// Imports for a file whose module defines the types named `local`.
    pub fn new(local: impl IntoIterator<Item = String>) -> Self {
        Imports { local: local.into_iter().collect(), used: BTreeSet::new() }
    }

    /// How to write `item` here: its short name (recording the `use`), or its full path
    /// when a local type shadows the short name.
    pub fn get(&mut self, item: Item) -> TokenStream {
        let (path, prelude) = item.path();
        let short = item.short_name();
        let text = if self.local.contains(short) {
            path
        } else {
            if !prelude {
                self.used.insert(path);
            }
            short
        };
        text.parse().unwrap_or_default()
    }

    /// The same as [`Imports::get`], as text, for serde attributes that take paths in strings.
    pub fn text(&mut self, item: Item) -> String {
        self.get(item).to_string().replace(' ', "")
    }

    /// The `use` items, grouped by parent path and sorted.
    pub fn uses(&self) -> TokenStream {
        let mut groups: Vec<(&str, Vec<&str>)> = Vec::new();
        for path in &self.used {
            let (parent, name) = path.rsplit_once("::").unwrap_or(("", path));
            match groups.iter_mut().find(|(p, _)| *p == parent) {
                Some((_, names)) => names.push(name),
                None => groups.push((parent, vec![name])),
            }
        }
        let mut out = String::new();
        for (parent, names) in groups {
            match names.as_slice() {
                [single] => out.push_str(&format!("use {parent}::{single};\n")),
                several => out.push_str(&format!("use {parent}::{{{}}};\n", several.join(", "))),
            }
        }
        out.parse().unwrap_or_default()
    }
}
