//! Comparing two surfaces: every difference as an entry of the report, with the semver
//! level it needs, by cargo-semver-checks' rules (its lint names are given where a rule
//! follows one).
//!
//! Where this differs from cargo-semver-checks, on purpose: a parameter's or a field's
//! type that changes is breaking here (cargo-semver-checks compares parameter counts and
//! field names, not types, which it cannot see in rustdoc JSON across versions), and so
//! is any impl of a trait that is removed, derived or not.

use std::collections::BTreeSet;

use super::features::Features;
use super::surface::{Item, Kind, Surface};
use super::syntax::FnSignature;

/// How much a version number must change for a change to the public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Semver {
    /// Nothing a consumer can use changed.
    Patch,
    /// Only additions: no consumer's code breaks.
    Minor,
    /// Some consumer's code may stop compiling.
    Major,
}

impl Semver {
    /// `patch`, `minor` or `major`.
    pub fn name(self) -> &'static str {
        match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

/// Which list of the report an entry is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// Something new.
    Added,
    /// Something that exists in both, different.
    Changed,
    /// Something gone.
    Removed,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its list.
    pub section: Section,
    /// What it is about, as shown: `losant::client::Client::user_api_token_get`,
    /// `impl Default for losant::types::ApiToken`, `feature users-users`.
    pub subject: String,
    /// Sorts entries by the item they are about.
    pub key: String,
    /// What it is (added, removed) or what changed (`old` → `new`).
    pub detail: String,
    /// The level the change needs.
    pub level: Semver,
    /// Why it breaks callers, or why a change is harmless.
    pub reason: String,
}

/// Every difference between `old` and `new`, sorted by the item they are about.
pub fn entries(old: &Surface, new: &Surface) -> Vec<Entry> {
    let mut out = Out::default();
    let mut matched = BTreeSet::new();
    for (key, before) in &old.items {
        let found = new
            .items
            .get_key_value(key)
            .or_else(|| new.items.iter().find(|(_, after)| after.paths.contains(key)))
            .or_else(|| {
                new.items.iter().find(|(_, after)| {
                    after.kind == before.kind && !after.paths.is_disjoint(&before.paths)
                })
            });
        match found {
            Some((new_key, after)) => {
                matched.insert(new_key.clone());
                item(&mut out, new_key, before, after);
            }
            None => out.push(
                Section::Removed,
                key,
                key,
                before.kind.name().to_owned(),
                Semver::Major,
                "removed, or no longer importable at this path",
            ),
        }
    }
    for (key, after) in &new.items {
        if !matched.contains(key) {
            let detail = format!("{}{}", after.kind.name(), features_note(&after.features));
            out.push(Section::Added, key, key, detail, Semver::Minor, "");
        }
    }
    cargo_features(&mut out, &old.features, &new.features);
    let mut entries = out.0;
    entries.sort_by(|a, b| a.key.cmp(&b.key).then_with(|| a.subject.cmp(&b.subject)));
    entries
}

#[derive(Default)]
struct Out(Vec<Entry>);

impl Out {
    fn push(
        &mut self,
        section: Section,
        subject: &str,
        key: &str,
        detail: String,
        level: Semver,
        reason: &str,
    ) {
        self.0.push(Entry {
            section,
            subject: subject.to_owned(),
            key: key.to_owned(),
            detail,
            level,
            reason: reason.to_owned(),
        });
    }
}

/// `, feature `a`` for what an added item needs; empty when it needs nothing.
pub fn features_note(features: &BTreeSet<String>) -> String {
    if features.is_empty() {
        return String::new();
    }
    let names: Vec<String> = features.iter().map(|name| format!("`{name}`")).collect();
    let word = if features.len() == 1 { "feature" } else { "features" };
    format!(", {word} {}", names.join(", "))
}

fn arrow(old: &str, new: &str) -> String {
    format!("`{old}` → `{new}`")
}

/// The features `after` needs that `before` did not (breaking: code built without them
/// loses the item), or that it no longer needs (additive).
fn gates(
    out: &mut Out,
    subject: &str,
    key: &str,
    before: &BTreeSet<String>,
    after: &BTreeSet<String>,
) {
    let needed: BTreeSet<String> = after.difference(before).cloned().collect();
    let freed: BTreeSet<String> = before.difference(after).cloned().collect();
    if !needed.is_empty() {
        let reason = format!("now needs{}", features_note(&needed).trim_start_matches(','));
        let detail = format!("needs{}", features_note(after).trim_start_matches(','));
        out.push(Section::Changed, subject, key, detail, Semver::Major, &reason);
    } else if !freed.is_empty() {
        let reason = format!("no longer needs{}", features_note(&freed).trim_start_matches(','));
        let detail = if after.is_empty() {
            "needs no feature".to_owned()
        } else {
            format!("needs{}", features_note(after).trim_start_matches(','))
        };
        out.push(Section::Changed, subject, key, detail, Semver::Minor, &reason);
    }
}

fn item(out: &mut Out, path: &str, before: &Item, after: &Item) {
    for gone in before.paths.difference(&after.paths) {
        let detail = format!("path of {} `{path}`", before.kind.name());
        out.push(
            Section::Removed,
            gone,
            gone,
            detail,
            Semver::Major,
            "no longer importable at this path",
        );
    }
    for new_path in after.paths.difference(&before.paths) {
        let detail = format!("new path of {} `{path}`", after.kind.name());
        out.push(Section::Added, new_path, new_path, detail, Semver::Minor, "");
    }
    let detail = arrow(&before.declaration, &after.declaration);
    if before.kind != after.kind {
        let reason = format!("was a {}, now a {}", before.kind.name(), after.kind.name());
        out.push(Section::Changed, path, path, detail, Semver::Major, &reason);
        return;
    }
    if before.shape != after.shape {
        let reason = match (&before.function, &after.function) {
            (Some(old), Some(new)) => function_reason(old, new),
            _ => format!("{} declaration changed", before.kind.name()),
        };
        out.push(Section::Changed, path, path, detail, Semver::Major, &reason);
    } else if before.declaration != after.declaration {
        // Only parameter names differ: callers pass arguments by position.
        out.push(Section::Changed, path, path, detail, Semver::Patch, "parameter names only");
    }
    gates(out, path, path, &before.features, &after.features);
    match (before.non_exhaustive, after.non_exhaustive) {
        // struct_marked_non_exhaustive, enum_marked_non_exhaustive
        (false, true) => out.push(
            Section::Changed,
            path,
            path,
            "now `#[non_exhaustive]`".to_owned(),
            Semver::Major,
            "literals and exhaustive matches outside the crate no longer compile",
        ),
        (true, false) => out.push(
            Section::Changed,
            path,
            path,
            "no longer `#[non_exhaustive]`".to_owned(),
            Semver::Minor,
            "",
        ),
        _ => {}
    }
    if matches!(before.kind, Kind::Struct | Kind::Union) {
        fields(out, path, before, after);
    }
    if before.kind == Kind::Enum {
        variants(out, path, before, after);
    }
    impls(out, path, before, after);
    members(out, path, before, after);
}

/// What differs between two signatures of a function, in words.
fn function_reason(old: &FnSignature, new: &FnSignature) -> String {
    let mut reasons = Vec::new();
    if old.qualifiers != new.qualifiers {
        let was_async = old.qualifiers.contains("async");
        let is_async = new.qualifiers.contains("async");
        reasons.push(match (was_async, is_async) {
            (false, true) => "now async".to_owned(),
            (true, false) => "no longer async".to_owned(),
            _ => format!("qualifiers `{}` → `{}`", old.qualifiers.trim(), new.qualifiers.trim()),
        });
    }
    if old.generics != new.generics {
        reasons.push("generic parameters or bounds changed".to_owned());
    }
    if old.params.len() != new.params.len() {
        reasons.push(format!(
            "takes {} parameters instead of {}",
            new.params.len(),
            old.params.len()
        ));
    } else if old.params != new.params {
        reasons.push("parameter types changed".to_owned());
    }
    if old.output != new.output {
        reasons.push("return type changed".to_owned());
    }
    reasons.join(", ")
}

fn fields(out: &mut Out, path: &str, before: &Item, after: &Item) {
    // A struct consumers can build with a literal: every field visible, and not
    // `#[non_exhaustive]` (constructible_struct_adds_field).
    let constructible =
        before.kind == Kind::Struct && !before.private_fields && !before.non_exhaustive;
    let still_exhaustive = !after.non_exhaustive;
    for (name, ty) in &before.fields {
        let subject = format!("{path}::{name}");
        match after.fields.get(name) {
            // struct_pub_field_missing
            None => out.push(
                Section::Removed,
                &subject,
                &subject,
                format!("field: `{ty}`"),
                Semver::Major,
                "field removed or no longer public",
            ),
            Some(new_ty) if new_ty != ty => out.push(
                Section::Changed,
                &subject,
                &subject,
                arrow(ty, new_ty),
                Semver::Major,
                "field type changed",
            ),
            Some(_) => {}
        }
    }
    for (name, ty) in &after.fields {
        if before.fields.contains_key(name) {
            continue;
        }
        let subject = format!("{path}::{name}");
        let detail = format!("field: `{ty}`");
        if constructible && still_exhaustive {
            let reason = "struct literals outside the crate must now set it";
            out.push(Section::Added, &subject, &subject, detail, Semver::Major, reason);
        } else {
            out.push(Section::Added, &subject, &subject, detail, Semver::Minor, "");
        }
    }
    match (before.private_fields, after.private_fields) {
        // constructible_struct_adds_private_field
        (false, true) if constructible && still_exhaustive => out.push(
            Section::Changed,
            path,
            path,
            "now has a private field".to_owned(),
            Semver::Major,
            "struct literals outside the crate no longer compile",
        ),
        // struct_no_longer_has_non_pub_fields
        (true, false) if still_exhaustive && before.kind == Kind::Struct => out.push(
            Section::Changed,
            path,
            path,
            "no longer has private fields".to_owned(),
            Semver::Minor,
            "now constructible with a struct literal",
        ),
        _ => {}
    }
}

fn variants(out: &mut Out, path: &str, before: &Item, after: &Item) {
    for (name, variant) in &before.variants {
        let subject = format!("{path}::{name}");
        let Some(new) = after.variants.get(name) else {
            // enum_variant_missing
            out.push(
                Section::Removed,
                &subject,
                &subject,
                format!("variant `{}`", variant.declaration),
                Semver::Major,
                "variant removed",
            );
            continue;
        };
        if variant.declaration != new.declaration {
            let only_added = variant.named
                && new.named
                && variant.fields.iter().all(|field| new.fields.contains(field));
            // enum_non_exhaustive_struct_variant_field_added is minor; any other change of
            // a variant's fields breaks patterns or constructors.
            let (level, reason) = if only_added && variant.non_exhaustive && new.non_exhaustive {
                (Semver::Minor, "field added to a `#[non_exhaustive]` variant")
            } else {
                (Semver::Major, "variant's fields changed")
            };
            let detail = arrow(&variant.declaration, &new.declaration);
            out.push(Section::Changed, &subject, &subject, detail, level, reason);
        }
        if !variant.non_exhaustive && new.non_exhaustive {
            // variant_marked_non_exhaustive
            out.push(
                Section::Changed,
                &subject,
                &subject,
                "now `#[non_exhaustive]`".to_owned(),
                Semver::Major,
                "patterns and constructors outside the crate no longer compile",
            );
        }
    }
    for (name, variant) in &after.variants {
        if before.variants.contains_key(name) {
            continue;
        }
        let subject = format!("{path}::{name}");
        let detail = format!("variant `{}`", variant.declaration);
        if after.non_exhaustive {
            out.push(Section::Added, &subject, &subject, detail, Semver::Minor, "");
        } else {
            // enum_variant_added
            let reason = "exhaustive matches outside the crate no longer compile";
            out.push(Section::Added, &subject, &subject, detail, Semver::Major, reason);
        }
    }
}

fn impls(out: &mut Out, path: &str, before: &Item, after: &Item) {
    for (name, old) in &before.impls {
        let subject = format!("impl {name} for {path}");
        let key = format!("{path} impl {name}");
        let Some(new) = after.impls.get(name) else {
            let (detail, reason) = if old.derived {
                // derive_trait_impl_removed
                ("derive".to_owned(), format!("`{name}` is no longer derived"))
            } else {
                ("trait impl".to_owned(), format!("`{name}` is no longer implemented"))
            };
            out.push(Section::Removed, &subject, &key, detail, Semver::Major, &reason);
            continue;
        };
        for (assoc, ty) in &old.associated {
            match new.associated.get(assoc) {
                Some(new_ty) if new_ty == ty => {}
                new_ty => {
                    let detail = arrow(
                        &format!("{assoc} = {ty}"),
                        &new_ty.map_or("(none)".to_owned(), |t| format!("{assoc} = {t}")),
                    );
                    let reason = format!("associated type `{assoc}` changed");
                    out.push(Section::Changed, &subject, &key, detail, Semver::Major, &reason);
                }
            }
        }
        gates(out, &subject, &key, &old.features, &new.features);
    }
    for (name, new) in &after.impls {
        if before.impls.contains_key(name) {
            continue;
        }
        let subject = format!("impl {name} for {path}");
        let key = format!("{path} impl {name}");
        let what = if new.derived { "derive" } else { "trait impl" };
        let associated: Vec<String> =
            new.associated.iter().map(|(name, ty)| format!("`{name} = {ty}`")).collect();
        let associated = if associated.is_empty() {
            String::new()
        } else {
            format!(", {}", associated.join(", "))
        };
        let detail = format!("{what}{associated}{}", features_note(&new.features));
        out.push(Section::Added, &subject, &key, detail, Semver::Minor, "");
    }
}

fn members(out: &mut Out, path: &str, before: &Item, after: &Item) {
    let is_trait = before.kind == Kind::Trait;
    for (name, old) in &before.members {
        let subject = format!("{path}::{name}");
        let Some(new) = after.members.get(name) else {
            // inherent_method_missing, trait_method_missing...
            let reason = format!("{} removed", old.kind.name());
            let detail = format!("{}: `{}`", old.kind.name(), old.declaration);
            out.push(Section::Removed, &subject, &subject, detail, Semver::Major, &reason);
            continue;
        };
        let detail = arrow(&old.declaration, &new.declaration);
        if old.shape != new.shape {
            let reason = match (&old.function, &new.function) {
                (Some(old), Some(new)) => function_reason(old, new),
                _ => format!("{} changed", old.kind.name()),
            };
            out.push(Section::Changed, &subject, &subject, detail, Semver::Major, &reason);
        } else if old.declaration != new.declaration {
            out.push(
                Section::Changed,
                &subject,
                &subject,
                detail,
                Semver::Patch,
                "parameter names only",
            );
        }
        if is_trait && old.provided && !new.provided {
            out.push(
                Section::Changed,
                &subject,
                &subject,
                "no longer has a default".to_owned(),
                Semver::Major,
                "implementors outside the crate must now write it",
            );
        }
        gates(out, &subject, &subject, &old.features, &new.features);
    }
    for (name, new) in &after.members {
        if before.members.contains_key(name) {
            continue;
        }
        let subject = format!("{path}::{name}");
        let detail = format!("{}{}", new.kind.name(), features_note(&new.features));
        if is_trait && !new.provided {
            // trait_method_added, trait_associated_type_added...
            let reason = "implementors outside the crate must now write it";
            out.push(Section::Added, &subject, &subject, detail, Semver::Major, reason);
        } else {
            out.push(Section::Added, &subject, &subject, detail, Semver::Minor, "");
        }
    }
}

fn cargo_features(out: &mut Out, before: &Features, after: &Features) {
    let key = |name: &str| format!("Cargo.toml features {name}");
    for (name, enables) in before {
        let subject = format!("[features] {name}");
        let Some(new) = after.get(name) else {
            // feature_missing
            let reason = "crates that enable it no longer build";
            out.push(
                Section::Removed,
                &subject,
                &key(name),
                "cargo feature".to_owned(),
                Semver::Major,
                reason,
            );
            continue;
        };
        if enables == new {
            continue;
        }
        let detail = arrow(&format!("[{}]", enables.join(", ")), &format!("[{}]", new.join(", ")));
        let dropped: Vec<&String> = enables.iter().filter(|x| !new.contains(x)).collect();
        if name == "default" && !dropped.is_empty() {
            // feature_not_enabled_by_default
            let names: Vec<String> = dropped.iter().map(|name| format!("`{name}`")).collect();
            let reason = format!("no longer enables {} by default", names.join(", "));
            out.push(Section::Changed, &subject, &key(name), detail, Semver::Major, &reason);
        } else {
            // cargo-semver-checks has no rule for what a non-default feature enables.
            out.push(Section::Changed, &subject, &key(name), detail, Semver::Minor, "");
        }
    }
    for (name, enables) in after {
        if !before.contains_key(name) {
            let subject = format!("[features] {name}");
            let detail = format!("cargo feature enabling [{}]", enables.join(", "));
            out.push(Section::Added, &subject, &key(name), detail, Semver::Minor, "");
        }
    }
}
