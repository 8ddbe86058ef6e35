//! Names of items from outside the generated module, imported with `use` unless a type of
//! the module has the same name, in which case the full path is written instead.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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
    Runtime,
    Duration,
    Method,
    Error,
    Response,
    Request,
    ClientCore,
    ClientSettings,
    Credential,
    BuildError,
    Multipart,
    Form,
    WebhookBody,
    WebhookError,
    RequestOptions,
    RetryPolicy,
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
            Item::Duration => ("std::time::Duration", false),
            Item::Method => ("reqwest::Method", false),
            Item::Error => ("crate::runtime::Error", false),
            Item::Response => ("crate::runtime::Response", false),
            Item::Request => ("crate::runtime::Request", false),
            Item::ClientCore => ("crate::runtime::ClientCore", false),
            Item::ClientSettings => ("crate::runtime::ClientSettings", false),
            Item::Credential => ("crate::runtime::Credential", false),
            Item::BuildError => ("crate::runtime::BuildError", false),
            Item::Multipart => ("crate::runtime::Multipart", false),
            Item::Form => ("reqwest::multipart::Form", false),
            Item::WebhookBody => ("crate::runtime::WebhookBody", false),
            Item::RequestOptions => ("crate::runtime::RequestOptions", false),
            Item::RetryPolicy => ("crate::runtime::RetryPolicy", false),
            Item::WebhookError => ("crate::runtime::WebhookError", false),
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
            let usage = self.used.entry(path.to_owned()).or_insert_with(|| Some(BTreeSet::new()));
            match (usage.as_mut(), &self.current) {
                (Some(features), Some(current)) => features.extend(current.iter().cloned()),
                (Some(_), None) => *usage = None,
                (None, _) => {}
            }
        }
        text.to_owned()
    }

    /// Writes the `use` items, grouped by parent path and by the features they need, sorted.
    pub fn write_uses(&self, code: &mut Code) {
        let mut groups: BTreeMap<(Option<&BTreeSet<String>>, &str), Vec<String>> = BTreeMap::new();
        for (path, features) in &self.used {
            let (parent, name) = path.rsplit_once("::").unwrap_or(("", path));
            groups.entry((features.as_ref(), parent)).or_default().push(name.to_owned());
        }
        for ((features, parent), names) in groups {
            super::features::write_cfg(code, features);
            match names.as_slice() {
                [single] => code.line_fmt(format_args!("use {parent}::{single};")),
                several => code.fill(&format!("use {parent}::{{"), several, "};"),
            }
        }
    }
}
