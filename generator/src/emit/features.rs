//! Cargo features per tag: each operation belongs to the feature of its first tag, and each
//! type to the features whose operations reach it, so that a crate built with one tag's
//! feature compiles only that tag's methods and the types they use.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{Api, Operation, TypeKind, TypeRef};
use crate::naming::{self, Scope};

use super::code::{Code, string_literal};

/// The feature of operations without tags.
const UNTAGGED: &str = "untagged";

/// Which feature each operation and type needs.
pub struct Features {
    /// The feature of each operation, by index in [`Api::operations`].
    operations: Vec<String>,
    /// The tag part of each operation's feature (`device-tokens`), by the same index.
    tags: Vec<String>,
    /// The features whose operations reach each type; absent for types every build needs
    /// (webhook payloads and what they use, schemas no operation uses).
    types: HashMap<String, BTreeSet<String>>,
    /// Every feature, sorted.
    all: Vec<String>,
}

impl Features {
    /// The features of `api`, named after its tags, each prefixed with `prefix` and a dash
    /// when given (`courier-device-tokens` in a crate of several APIs).
    pub fn new(api: &Api, prefix: Option<&str>) -> Self {
        // Each first tag (or none) gets a name of its own, in document order, so that tags
        // equal once cased (`pets`, `Pets`) or sanitised still get distinct features.
        let mut names = Scope::features();
        let mut by_tag: HashMap<Option<&str>, String> = HashMap::new();
        let tags: Vec<String> = api
            .operations
            .iter()
            .map(|op| {
                let tag = op.tags.first().map(String::as_str);
                by_tag
                    .entry(tag)
                    .or_insert_with(|| {
                        names.claim(&naming::feature_name(tag.unwrap_or(UNTAGGED), UNTAGGED))
                    })
                    .clone()
            })
            .collect();
        let prefix = prefix.map(|prefix| naming::feature_name(prefix, "api"));
        let operations: Vec<String> = tags
            .iter()
            .map(|tag| match &prefix {
                Some(prefix) => format!("{prefix}-{tag}"),
                None => tag.clone(),
            })
            .collect();
        // One walk per feature rather than per operation: a type reached by a feature's
        // first operation is usually reached by the rest too.
        let mut roots: BTreeMap<&str, Vec<&TypeRef>> = BTreeMap::new();
        for (operation, feature) in api.operations.iter().zip(&operations) {
            roots.entry(feature).or_default().extend(operation_types(operation));
        }
        let mut reached: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (feature, roots) in roots {
            for ty in reachable(api, roots) {
                reached.entry(ty).or_default().insert(feature.to_owned());
            }
        }
        let unreached = api.types.keys().filter(|name| !reached.contains_key(*name)).cloned();
        let webhooks =
            api.webhooks.iter().map(|webhook| webhook.payload.clone()).collect::<Vec<_>>();
        let always_roots: Vec<TypeRef> = unreached.map(TypeRef::Named).chain(webhooks).collect();
        for ty in reachable(api, always_roots.iter()) {
            reached.remove(&ty);
        }
        let mut all: Vec<String> = operations.clone();
        all.sort();
        all.dedup();
        Features { operations, tags, types: reached, all }
    }

    /// Every feature, sorted.
    pub fn all(&self) -> &[String] {
        &self.all
    }

    /// The feature of the operation at `index`.
    pub fn operation(&self, index: usize) -> &str {
        &self.operations[index]
    }

    /// The tag part of the feature of the operation at `index` (`device-tokens`).
    pub fn operation_tag(&self, index: usize) -> &str {
        &self.tags[index]
    }

    /// The features a type needs; `None` when every build has it.
    pub fn of_type(&self, name: &str) -> Option<&BTreeSet<String>> {
        self.types.get(name)
    }
}

/// Writes `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`;
/// nothing for `None`.
pub fn write_cfg(code: &mut Code, features: Option<&BTreeSet<String>>) {
    write_cfg_of(code, features, false);
}

/// [`write_cfg`] above a `use` item, whose attributes rustfmt lays out narrower.
pub fn write_use_cfg(code: &mut Code, features: Option<&BTreeSet<String>>) {
    write_cfg_of(code, features, true);
}

fn write_cfg_of(code: &mut Code, features: Option<&BTreeSet<String>>, before_use: bool) {
    let features: Vec<String> = features
        .into_iter()
        .flatten()
        .map(|f| format!("feature = {}", string_literal(f)))
        .collect();
    match features.as_slice() {
        [] => {}
        [one] => code.line_fmt(format_args!("#[cfg({one})]")),
        several if before_use => code.use_attribute("#[cfg(any(", several, "))]"),
        several => code.attribute("#[cfg(any(", several, "))]"),
    }
}

/// The types an operation uses directly: parameters, bodies, responses.
fn operation_types(operation: &Operation) -> impl Iterator<Item = &TypeRef> {
    let parameters = operation.parameters.iter().map(|p| &p.ty);
    let bodies =
        operation.body.iter().flat_map(|body| body.contents.iter().filter_map(|c| c.ty.as_ref()));
    let responses =
        operation.responses.iter().flat_map(|r| r.contents.iter().filter_map(|c| c.ty.as_ref()));
    parameters.chain(bodies).chain(responses)
}

/// The names of the types a request carries, in a parameter or a body, directly or within
/// other types.
pub fn sent_types(api: &Api) -> BTreeSet<String> {
    let parameters = api.operations.iter().flat_map(|o| o.parameters.iter().map(|p| &p.ty));
    let bodies = api.operations.iter().flat_map(|operation| {
        operation.body.iter().flat_map(|body| body.contents.iter().filter_map(|c| c.ty.as_ref()))
    });
    reachable(api, parameters.chain(bodies))
}

/// The names of every type `roots` use, directly or through other types.
fn reachable<'a>(api: &'a Api, roots: impl IntoIterator<Item = &'a TypeRef>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<&TypeRef> = roots.into_iter().collect();
    while let Some(ty) = pending.pop() {
        match ty {
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                match api.types.get(name).map(|def| &def.kind) {
                    Some(TypeKind::Struct(structure)) => {
                        pending.extend(structure.fields.iter().map(|f| &f.ty));
                        pending.extend(structure.additional.iter().map(|a| &a.ty));
                    }
                    Some(TypeKind::Union(union)) => {
                        pending.extend(union.variants.iter().map(|v| &v.ty))
                    }
                    Some(TypeKind::Alias(inner)) => pending.push(inner),
                    Some(TypeKind::Newtype(newtype)) => pending.push(&newtype.ty),
                    Some(TypeKind::Enum(_)) | None => {}
                }
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                pending.push(inner)
            }
            TypeRef::Tuple(items) => pending.extend(items),
            TypeRef::Primitive(_) | TypeRef::Any | TypeRef::External(_) => {}
        }
    }
    seen
}
