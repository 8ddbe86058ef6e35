//! Cargo features per tag: each operation belongs to the feature of its first tag (in a
//! document without tags, of the resource its path names: `groups.rs`), and each type to
//! the features whose operations reach it, so that a crate built with one tag's feature
//! compiles only that tag's methods and the types they use.

use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt};

use crate::ir::{Api, Content, Operation, TypeKind, TypeRef};
use crate::naming::{self, Scope};

use super::code::{Code, string_literal};

/// The feature of operations without tags.
const UNTAGGED: &str = "untagged";

/// The feature of the schemas no operation uses.
const SCHEMAS: &str = "schemas";

/// Which feature each operation and type needs.
pub struct Features {
    /// The feature of each operation, by index in [`Api::operations`].
    operations: Vec<String>,
    /// The tag part of each operation's feature (`device-tokens`), by the same index.
    tags: Vec<String>,
    /// The features whose operations reach each type (and [`SCHEMAS`] for what a schema no
    /// operation uses reaches); absent for types every build needs (webhook payloads and
    /// what they use) and, in a crate of one API, for those every feature reaches.
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
        // A large document without tags is grouped by the resources its paths name instead.
        let untagged = api.operations.iter().all(|op| op.tags.is_empty());
        let path_groups = if untagged && api.operations.len() >= super::groups::GROUPED_FROM {
            let paths: Vec<&str> = api.operations.iter().map(|op| op.path.as_str()).collect();
            super::groups::path_groups(&paths)
        } else {
            vec![None; api.operations.len()]
        };
        let tags: Vec<String> = api
            .operations
            .iter()
            .zip(&path_groups)
            .map(|(op, group)| {
                let tag = op.tags.first().or(group.as_ref()).map(String::as_str);
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
        let mut all: Vec<String> = operations.clone();
        // The schemas no operation uses, and what they use, are one more feature: a schema
        // a user decodes by hand (an event a webhook delivers) is there by default, and a
        // build of one tag's feature does not compile the rest of the document through it.
        let unreached: Vec<TypeRef> = api
            .types
            .keys()
            .filter(|name| !reached.contains_key(*name))
            .map(|name| TypeRef::Named(name.clone()))
            .collect();
        if !unreached.is_empty() {
            let schemas = names.claim(SCHEMAS);
            let schemas = match &prefix {
                Some(prefix) => format!("{prefix}-{schemas}"),
                None => schemas,
            };
            for ty in reachable(api, unreached.iter()) {
                reached.entry(ty).or_default().insert(schemas.clone());
            }
            all.push(schemas);
        }
        // The webhooks module is in every build, and so are the payloads it decodes.
        let webhooks: Vec<&TypeRef> = api.webhooks.iter().map(|webhook| &webhook.payload).collect();
        for ty in reachable(api, webhooks) {
            reached.remove(&ty);
        }
        all.sort();
        all.dedup();
        // In a crate of one API, a type every feature reaches is in every build that can
        // call anything, so it goes ungated: a crate built with no feature at all has
        // nothing to call. Listing all of Stripe's 62 features on each of the 2,776 items
        // its features share was half of its `types.rs` (5 of 9.7 MB), and parsing them
        // 0.1 s of a one-feature check.
        // In a crate of several APIs a build of another API's features must not have it;
        // with a single feature, its one-line gate costs nothing to keep.
        if prefix.is_none() && all.len() > 1 {
            reached.retain(|_, features| features.len() < all.len());
        }
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
        operation.responses.iter().flat_map(|r| r.contents.iter().flat_map(Content::types));
    parameters.chain(bodies).chain(responses)
}

/// Which ways each type crosses the wire, so that it implements only the serde traits its
/// uses need: what a request carries (in a parameter or a body, directly or within other
/// types) is serialised, what a response or one of its events carries is deserialised. A
/// webhook's payload is both, as a receiver's tests send one; so is a type nothing carries
/// (a schema no operation uses), for its users to read and write themselves.
#[derive(Debug, Clone, Default)]
pub struct Directions {
    /// The types a request carries.
    sent: BTreeSet<String>,
    /// The types that implement `Serialize`.
    serialized: BTreeSet<String>,
    /// The types that implement `Deserialize`.
    deserialized: BTreeSet<String>,
    /// Every type is deserialised: the conformance tests decode each argument from JSON.
    decode_all: bool,
}

impl Directions {
    /// The directions of the types of `api`.
    pub fn new(api: &Api) -> Self {
        let parameters = api.operations.iter().flat_map(|o| o.parameters.iter().map(|p| &p.ty));
        let bodies = api.operations.iter().flat_map(|operation| {
            operation.body.iter().flat_map(|body| body.contents.iter().flat_map(Content::types))
        });
        let responses = api.operations.iter().flat_map(|operation| {
            operation.responses.iter().flat_map(|r| r.contents.iter().flat_map(Content::types))
        });
        let sent = reachable(api, parameters.chain(bodies));
        let received = reachable(api, responses);
        let unused: Vec<TypeRef> = api
            .types
            .keys()
            .filter(|name| !sent.contains(*name) && !received.contains(*name))
            .map(|name| TypeRef::Named(name.clone()))
            .collect();
        let webhooks = api.webhooks.iter().map(|webhook| &webhook.payload);
        let both = reachable(api, unused.iter().chain(webhooks));
        Directions {
            serialized: sent.union(&both).cloned().collect(),
            deserialized: received.union(&both).cloned().collect(),
            sent,
            decode_all: false,
        }
    }

    /// These directions with every type deserialisable too.
    #[cfg(feature = "conformance")]
    pub fn decoding_all(self) -> Self {
        Directions { decode_all: true, ..self }
    }

    /// Whether a request carries the type `name`: it then has a constructor and setters.
    pub fn is_sent(&self, name: &str) -> bool {
        self.sent.contains(name)
    }

    /// Whether the type `name` implements `Serialize`.
    pub fn serializes(&self, name: &str) -> bool {
        self.serialized.contains(name)
    }

    /// Whether the type `name` implements `Deserialize`.
    pub fn deserializes(&self, name: &str) -> bool {
        self.decode_all || self.deserialized.contains(name)
    }
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
