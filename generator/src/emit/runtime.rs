//! The runtime crate (`generator/runtime/`, package `client-runtime`) written into a generated
//! crate as its `runtime` module: `lib.rs` becomes `runtime/mod.rs`, each module it declares a
//! file beside it, and its `[dependencies]` the generated crate's.
//!
//! The sources are copied as they are, but for the parts a crate may not use. Each carries
//! `#[cfg(feature = "…")]` with a feature of the runtime crate, whose builds have them all;
//! a generated crate gets the part without the attribute when every build of it uses the part,
//! under its own tag features when only those tags' operations or types use it, and not at all
//! when nothing does. Left in unused, the part would be dead code in the crate. The unit tests
//! (`#[cfg(test)]`) are always left out.
//!
//! What the generated code calls but its users do not (`ClientCore`, `Credential`, `Tagged`...)
//! is re-exported `pub(crate)`: `lib.rs` lists it after [`INTERNAL`], and a generated crate's
//! documentation shows only the API its users call.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{ParameterLocation, SecurityKind, TypeKind};

use super::context::ApiContext;
use super::operations::{Payload, Plan};
use super::types::decoding_features;
use super::webhooks::{Dispatch, dispatch};

/// `lib.rs` and the modules it declares, by file name.
const SOURCES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../runtime/src/lib.rs")),
    ("base64_bytes.rs", include_str!("../../runtime/src/base64_bytes.rs")),
    ("body.rs", include_str!("../../runtime/src/body.rs")),
    ("client.rs", include_str!("../../runtime/src/client.rs")),
    ("enums.rs", include_str!("../../runtime/src/enums.rs")),
    ("error.rs", include_str!("../../runtime/src/error.rs")),
    ("events.rs", include_str!("../../runtime/src/events.rs")),
    ("hook.rs", include_str!("../../runtime/src/hook.rs")),
    ("oauth.rs", include_str!("../../runtime/src/oauth.rs")),
    ("objects.rs", include_str!("../../runtime/src/objects.rs")),
    ("options.rs", include_str!("../../runtime/src/options.rs")),
    ("pages.rs", include_str!("../../runtime/src/pages.rs")),
    ("rate.rs", include_str!("../../runtime/src/rate.rs")),
    ("request.rs", include_str!("../../runtime/src/request.rs")),
    ("response.rs", include_str!("../../runtime/src/response.rs")),
    ("retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("stream.rs", include_str!("../../runtime/src/stream.rs")),
    ("style.rs", include_str!("../../runtime/src/style.rs")),
    ("tagged.rs", include_str!("../../runtime/src/tagged.rs")),
    ("tristate.rs", include_str!("../../runtime/src/tristate.rs")),
    ("untagged.rs", include_str!("../../runtime/src/untagged.rs")),
    ("verify.rs", include_str!("../../runtime/src/verify.rs")),
    ("webhook.rs", include_str!("../../runtime/src/webhook.rs")),
];

/// The runtime crate's manifest, whose `[dependencies]` every generated crate has.
const MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The comment in `lib.rs` after which its re-exports are internal to a generated crate.
const INTERNAL: &str = "// What the generated code calls but its users do not";

/// The width rustfmt keeps lines within.
const WIDTH: usize = 100;

/// The `[dependencies]` lines of the runtime crate that a crate using `needs` has: every
/// one but the optional ones no feature it uses enables (`dep:hmac`), which it has as
/// ordinary dependencies. A crate without webhooks compiles no HMAC.
pub fn dependencies(needs: &Needs) -> String {
    let start = MANIFEST.find("\n[dependencies]\n").map_or(MANIFEST.len(), |i| i + 16);
    let section = &MANIFEST[start..];
    // The section is its lines up to the first blank one.
    let section = section.find("\n\n").map_or(section, |end| &section[..=end]);
    let enabled = needs.with_implied();
    let mut lines = String::new();
    for line in section.lines() {
        let kept = match line.strip_suffix(", optional = true }") {
            None => line.to_owned(),
            Some(head) => {
                let name = head.split(" = ").next().unwrap_or(head);
                if !enabled.contains_key(&format!("dep:{name}")) {
                    continue;
                }
                // `name = { version = "1" }` is `name = "1"`, as rustfmt's TOML peers write it.
                match head.split_once(" = { version = ") {
                    Some((name, version)) if !version.contains(',') => {
                        format!("{name} = {version}")
                    }
                    _ => format!("{head} }}"),
                }
            }
        };
        lines.push_str(&kept);
        lines.push('\n');
    }
    lines
}

/// Which builds of a generated crate use one part of the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Need {
    /// Every build.
    Always,
    /// Builds with at least one of these tag features.
    Features(BTreeSet<String>),
}

impl Need {
    /// The builds that have an item needing `features` (`None`: every build).
    fn of(features: Option<&BTreeSet<String>>) -> Need {
        match features {
            Some(features) => Need::Features(features.clone()),
            None => Need::Always,
        }
    }

    /// The builds of either.
    fn or(self, other: Need) -> Need {
        match (self, other) {
            (Need::Features(mut a), Need::Features(b)) => {
                a.extend(b);
                Need::Features(a)
            }
            _ => Need::Always,
        }
    }
}

/// Which runtime features (`cfg(feature = "…")` in its sources) a generated crate uses.
#[derive(Debug, Default)]
pub struct Needs {
    /// By runtime feature; a feature absent here is not used.
    features: BTreeMap<String, Need>,
}

impl Needs {
    /// Adds what the code generated for `api` uses; `features` says which builds have each
    /// of its operations and types.
    pub fn add_api(&mut self, context: &ApiContext<'_>) {
        let ApiContext { api, features, plans, directions } = context;
        for scheme in &api.security_schemes {
            let kind = match &scheme.kind {
                SecurityKind::Bearer { .. } => "bearer",
                SecurityKind::Basic => "basic",
                SecurityKind::ApiKey { location: ParameterLocation::Query, .. } => "query-key",
                SecurityKind::ApiKey { location: ParameterLocation::Cookie, .. } => "cookie-key",
                SecurityKind::ApiKey { .. } => "header-key",
            };
            self.add(kind, Need::Always);
            if scheme.client_credentials.is_some() {
                self.add("client-credentials", Need::Always);
            }
        }
        for (name, definition) in &api.types {
            if let TypeKind::Struct(structure) = &definition.kind {
                if directions.deserializes(name) {
                    for feature in decoding_features(structure) {
                        self.add(feature, Need::of(features.of_type(name)));
                    }
                }
                continue;
            }
            let (encoding, decoding) = match &definition.kind {
                TypeKind::Enum(enumeration) if enumeration.holds_strings() => {
                    (None, Some("string-enums"))
                }
                TypeKind::Union(union) if union.tag.is_some() => {
                    (Some("encode-tagged"), Some("decode-tagged"))
                }
                TypeKind::Union(_) => (None, Some("decode-untagged")),
                _ => continue,
            };
            let used = [
                encoding.filter(|_| directions.serializes(name)),
                decoding.filter(|_| directions.deserializes(name)),
            ];
            for feature in used.into_iter().flatten() {
                self.add(feature, Need::of(features.of_type(name)));
            }
        }
        if !api.webhooks.is_empty() {
            self.add("webhooks", Need::Always);
            match dispatch(api) {
                Dispatch::Tag(_) => self.add("webhook-tags", Need::Always),
                Dispatch::Single => {}
                Dispatch::FirstFit => self.add("webhook-payload-match", Need::Always),
            }
        }
        for (index, plan) in plans.iter().enumerate() {
            let need = Need::Features(BTreeSet::from([features.operation(index).to_owned()]));
            for feature in decoding(plan) {
                self.add(&feature, need.clone());
            }
            if plan.operation.pagination.is_some() {
                self.add("pagination", need.clone());
            }
        }
    }

    fn add(&mut self, feature: &str, need: Need) {
        let merged = match self.features.remove(feature) {
            Some(known) => known.or(need),
            None => need,
        };
        self.features.insert(feature.to_owned(), merged);
    }

    /// Each feature used, with what it enables in the runtime crate's manifest.
    fn with_implied(&self) -> BTreeMap<String, Need> {
        let mut needs: BTreeMap<String, Need> = BTreeMap::new();
        for (feature, need) in &self.features {
            for enabled in implied(feature) {
                let merged = match needs.remove(&enabled) {
                    Some(known) => known.or(need.clone()),
                    None => need.clone(),
                };
                needs.insert(enabled, merged);
            }
        }
        needs
    }
}

/// The runtime features of the `RawResponse` and `StreamedResponse` methods the method
/// generated for `plan` calls: `status`, and one per way it reads a response, named after
/// the method (`json_with` → `json-with`, `text_events` → `text-events`), those of
/// `send_events` and of a download's `send_streaming`, and `body` for a binary request body. A method without a
/// gate (`bytes`, which `send_raw` uses too) names no feature, which is harmless.
fn decoding(plan: &Plan<'_>) -> Vec<String> {
    let mut used = vec!["status".to_owned()];
    used.extend(plan.response_arms().iter().map(|arm| arm.decoding.method().replace('_', "-")));
    if !plan.streams() {
        used.push("call".to_owned());
    }
    if plan.downloads() {
        used.push("bytes-stream".to_owned());
    }
    if let Some(Payload::Events(_, data)) = &plan.events {
        used.push(data.decoding().method().replace('_', "-"));
    }
    if matches!(plan.body, Some((Payload::Bytes(_), _, _))) {
        used.push("body".to_owned());
    }
    if !plan.part_streams().is_empty() {
        used.push("part-body".to_owned());
    }
    used
}

/// `feature` and every feature it enables, by the `[features]` table of the runtime crate.
fn implied(feature: &str) -> BTreeSet<String> {
    let table = MANIFEST.split_once("\n[features]\n").map_or("", |(_, table)| table);
    let mut found = BTreeSet::new();
    let mut pending = vec![feature.to_owned()];
    while let Some(feature) = pending.pop() {
        let prefix = format!("{feature} = [");
        if let Some(list) = table.lines().find_map(|line| line.strip_prefix(prefix.as_str())) {
            let enabled = list.trim_end_matches(']').split(", ").filter(|name| !name.is_empty());
            pending.extend(enabled.map(|name| name.trim_matches('"').to_owned()));
        }
        found.insert(feature);
    }
    found
}

/// The files of the `runtime` module, by path relative to it (`mod.rs`, `client.rs`...).
pub fn files(needs: &Needs) -> Vec<(String, String)> {
    let needs = needs.with_implied();
    let mut files = Vec::new();
    let mut declared = String::new();
    for (name, source) in SOURCES {
        let text = inline(source, &needs);
        if *name == "lib.rs" {
            declared = text.clone();
            files.push(("mod.rs".to_owned(), text));
        } else {
            let module = name.trim_end_matches(".rs");
            // A module left out of `mod.rs` is not written either.
            if declared.lines().any(|line| line == format!("mod {module};")) {
                files.push(((*name).to_owned(), text));
            }
        }
    }
    files
}

/// `source` with each gated item kept, put under the crate's features, or left out, and the
/// internal re-exports made `pub(crate)`.
fn inline(source: &str, needs: &BTreeMap<String, Need>) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut internal = false;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let indent = indentation(line);
        index += 1;
        internal |= line.starts_with(INTERNAL);
        let Some(gate) = gate(line) else {
            match line.strip_prefix("pub use ") {
                Some(path) if internal => out.push(format!("pub(crate) use {path}")),
                _ => out.push(line.to_owned()),
            }
            continue;
        };
        let feature = gate.strip_prefix("feature = \"").and_then(|g| g.strip_suffix('"'));
        match feature.and_then(|feature| needs.get(feature)) {
            Some(Need::Always) => {}
            Some(Need::Features(features)) => out.extend(cfg_lines(indent, features)),
            None => {
                // The item's doc comment and attributes come before the gate.
                while out.last().is_some_and(|last| {
                    let code = last.trim_start();
                    indentation(last) == indent
                        && (code.starts_with("///") || code.starts_with("#["))
                }) {
                    out.pop();
                }
                index = item_end(&lines, index, indent) + 1;
                let next = lines.get(index).copied();
                let closes =
                    next.is_some_and(|next| !next.is_empty() && indentation(next) < indent);
                if out.last().is_some_and(|last| last.ends_with('{')) && closes {
                    // The block is empty now: rustfmt closes it on the line that opens it.
                    if let (Some(open), Some(close)) = (out.pop(), next) {
                        out.push(format!("{open}{}", close.trim_start()));
                        index += 1;
                    }
                } else if out.last().is_some_and(|last| last.is_empty())
                    && (next.is_none_or(str::is_empty) || closes)
                {
                    // One blank line separated the item from its neighbours: keep it only
                    // between two items.
                    out.pop();
                } else if out.last().is_some_and(|last| last.ends_with('{')) && next == Some("") {
                    index += 1;
                }
            }
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// What a `#[cfg(…)]` line tests (`test`, `feature = "name"`); `None` for any other line.
fn gate(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix("#[cfg(")?.strip_suffix(")]")
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The index of the last line of the item starting at `start` and indented by `indent`: the
/// first line at that indentation that ends it (`;`, `,` or `}` ends a rustfmt-formatted
/// item, a variant or a match arm), or, after a line at that indentation ending in `=`
/// (`type Alias<'a> =`), the first line of its value that ends in `;`, which rustfmt
/// indents further.
fn item_end(lines: &[&str], start: usize, indent: usize) -> usize {
    let mut value_continues = false;
    (start..lines.len())
        .find(|&index| {
            let line = lines[index];
            if line.is_empty() {
                return false;
            }
            if indentation(line) == indent {
                value_continues = line.ends_with('=');
                line.ends_with(';') || line.ends_with(',') || line.ends_with('}')
            } else {
                value_continues && line.ends_with(';')
            }
        })
        .unwrap_or(lines.len())
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", …))]` at `indent`, as rustfmt lays
/// it out.
fn cfg_lines(indent: usize, features: &BTreeSet<String>) -> Vec<String> {
    let pad = " ".repeat(indent);
    let tests: Vec<String> = features.iter().map(|f| format!("feature = {f:?}")).collect();
    let line = match tests.as_slice() {
        [one] => format!("{pad}#[cfg({one})]"),
        several => format!("{pad}#[cfg(any({}))]", several.join(", ")),
    };
    if tests.len() == 1 || line.len() <= WIDTH {
        return vec![line];
    }
    let mut lines = vec![format!("{pad}#[cfg(any(")];
    lines.extend(tests.iter().map(|test| format!("{pad}    {test},")));
    lines.push(format!("{pad}))]"));
    lines
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use std::collections::{BTreeMap, BTreeSet};

    use super::{MANIFEST, Need, Needs, SOURCES, dependencies, files, gate, inline};

    /// The runtime crate's `src/`, read from disk to check what `SOURCES` includes.
    fn source_dir() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime").join("src")
    }

    #[test]
    fn every_module_of_the_runtime_crate_is_inlined() {
        let mut on_disk: Vec<String> = std::fs::read_dir(source_dir())
            .expect("runtime sources")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".rs") && name != "tests.rs")
            .collect();
        on_disk.sort();
        let mut inlined: Vec<String> = SOURCES.iter().map(|(name, _)| (*name).to_owned()).collect();
        inlined.sort();
        assert_eq!(inlined, on_disk);
    }

    #[test]
    fn the_unit_tests_stay_in_the_runtime_crate() {
        let lib = std::fs::read_to_string(source_dir().join("lib.rs")).expect("lib.rs");
        assert!(lib.contains("#[cfg(test)]\nmod tests;\n"), "{lib}");
        for (name, text) in files(&Needs::default()) {
            assert!(
                !text.contains("#[cfg(test)]") && !text.contains("mod tests"),
                "{name}:\n{text}"
            );
        }
    }

    #[test]
    fn generated_crates_depend_on_what_the_runtime_crate_does() {
        let manifest =
            std::fs::read_to_string(source_dir().join("../Cargo.toml")).expect("manifest");
        let section = dependencies(&everything());
        assert!(section.starts_with("base64 = ") && section.ends_with("\"] }\n"), "{section}");
        assert!(!section.contains("\n[") && !section.contains('#'), "{section}");
        // Every line of the manifest's section, optional ones as ordinary dependencies.
        let written = manifest.replace(", optional = true }", " }");
        let written = written.replace("{ version = \"0.13\" }", "\"0.13\"");
        let written = written.replace("{ version = \"0.11\" }", "\"0.11\"");
        assert!(written.contains(&format!("\n[dependencies]\n{section}")), "{section}");
    }

    #[test]
    fn only_a_crate_with_webhooks_depends_on_hmac_and_sha2() {
        let without = dependencies(&Needs::default());
        assert!(!without.contains("hmac") && !without.contains("sha2"), "{without}");
        let mut needs = Needs::default();
        needs.add("webhooks", Need::Always);
        let with = dependencies(&needs);
        assert!(with.contains("\nhmac = \"0.13\"\n"), "{with}");
        assert!(with.contains("\nsha2 = \"0.11\"\n"), "{with}");
    }

    /// Every feature of the runtime crate, as a crate using all of them would have it.
    fn everything() -> Needs {
        let mut needs = Needs::default();
        let table = MANIFEST.split_once("\n[features]\n").map_or("", |(_, table)| table);
        for line in table.lines().filter(|line| line.ends_with(']') && !line.starts_with('#')) {
            if let Some((name, _)) = line.split_once(" = [") {
                needs.add(name, Need::Always);
            }
        }
        needs
    }

    /// The names `mod.rs` re-exports with `visibility` (`pub`, `pub(crate)`).
    fn reexports(needs: &Needs, visibility: &str) -> Vec<String> {
        let files = files(needs);
        let module = &files.iter().find(|(name, _)| name == "mod.rs").expect("mod.rs").1;
        let prefix = format!("{visibility} use ");
        let mut names: Vec<String> = module
            .lines()
            .filter_map(|line| line.strip_prefix(prefix.as_str()))
            .flat_map(|path| {
                let path = path.trim_end_matches(';');
                let names = path.rsplit_once("::").map_or(path, |(_, n)| n);
                names.trim_matches(['{', '}']).split(", ").map(str::to_owned).collect::<Vec<_>>()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_generated_crate_shows_only_what_its_users_call() {
        let needs = everything();
        let public = [
            "ApiError",
            "AttemptResponse",
            "Base64",
            "Body",
            "BuildError",
            "ByteStream",
            "Bytes",
            "CallFuture",
            "DEFAULT_TOLERANCE",
            "Error",
            "Event",
            "EventStream",
            "Hook",
            "HookError",
            "Items",
            "Multipart",
            "PageRequest",
            "Pages",
            "Paging",
            "Request",
            "RequestOptions",
            "Response",
            "RetryPolicy",
            "SignatureEncoding",
            "StreamError",
            "StreamExt",
            "Style",
            "TokenError",
            "Tristate",
            "UnexpectedResponse",
            "VerifyError",
            "WebhookError",
            "WebhookVerifier",
            "items",
            "pages",
            "reqwest",
        ];
        assert_eq!(reexports(&needs, "pub"), public);
        let internal = [
            "Alternatives",
            "ClientAuthentication",
            "ClientCore",
            "ClientSettings",
            "Credential",
            "Fields",
            "KeyedEvent",
            "Object",
            "RawResponse",
            "Tagged",
            "WebhookBody",
            "deserialize_object",
            "deserialize_string_enum",
            "json_data",
            "serialize_tagged",
        ];
        assert_eq!(reexports(&needs, "pub(crate)"), internal);
    }

    #[test]
    fn a_crate_that_uses_nothing_optional_gets_nothing_optional() {
        let needs = Needs::default();
        let written: BTreeMap<String, String> = files(&needs).into_iter().collect();
        for module in ["enums.rs", "oauth.rs", "pages.rs", "tagged.rs", "webhook.rs"] {
            assert!(!written.contains_key(module), "{module}");
        }
        assert_eq!(reexports(&needs, "pub(crate)"), ["ClientCore", "ClientSettings"]);
        let client = &written["client.rs"];
        assert!(client.contains("\npub enum Credential {}\n"), "{client}");
        assert!(client.contains("        match *self {}\n"), "{client}");
        assert!(!client.contains("cfg("), "{client}");
        let response = &written["response.rs"];
        assert!(!response.contains("fn json") && !response.contains("cfg("), "{response}");
        assert!(response.contains("pub fn into_raw<E>"), "{response}");
    }

    /// The generated methods call `RawResponse` methods named by [`Decoding::method`], and
    /// [`decoding`] keeps each under the feature of the same name, so every such method must
    /// exist with that gate, or none.
    #[test]
    fn each_way_of_reading_a_response_is_a_method_under_its_own_gate() {
        use crate::emit::operations::Decoding;
        let source = |file: &str| SOURCES.iter().find(|(name, _)| *name == file).expect(file).1;
        let all = [
            Decoding::Json,
            Decoding::JsonWith,
            Decoding::Text,
            Decoding::TextWith,
            Decoding::Bytes,
            Decoding::BytesWith,
            Decoding::Events,
            Decoding::TextEvents,
            Decoding::KeyedEvents,
            Decoding::Empty,
            Decoding::ApiJson,
            Decoding::ApiText,
            Decoding::ApiBytes,
            Decoding::ApiEmpty,
            Decoding::Unexpected,
        ];
        for decoding in all {
            let method = decoding.method();
            // A stream is read from the response's head, the rest from the whole response.
            let file = match decoding {
                Decoding::Events | Decoding::TextEvents | Decoding::KeyedEvents => "stream.rs",
                _ => "response.rs",
            };
            let lines: Vec<&str> = source(file).lines().collect();
            let at = lines
                .iter()
                .position(|line| {
                    line.trim_start().starts_with(&format!("pub fn {method}<"))
                        || line.trim_start().starts_with(&format!("pub fn {method}("))
                })
                .unwrap_or_else(|| panic!("{file} has no method `{method}`"));
            let gates: Vec<&str> = lines[..at]
                .iter()
                .rev()
                .take_while(|line| !line.trim().is_empty())
                .filter_map(|line| gate(line))
                .collect();
            let feature = format!("feature = \"{}\"", method.replace('_', "-"));
            assert!(
                gates.is_empty() || gates == [feature.as_str()],
                "`{method}` is gated by {gates:?}"
            );
        }
    }

    #[test]
    fn every_gate_in_the_sources_is_a_feature_of_the_runtime_crate() {
        let features = everything().features;
        for (name, source) in SOURCES {
            for gate in source.lines().filter_map(gate) {
                let feature = gate.strip_prefix("feature = \"").and_then(|g| g.strip_suffix('"'));
                assert!(
                    feature.is_some_and(|f| features.contains_key(f)) || gate == "test",
                    "{name}: cfg({gate})"
                );
            }
        }
    }

    #[test]
    fn a_gated_alias_whose_value_continues_on_the_next_line_is_left_out_whole() {
        let source = "use a::A;\n\n/// Long.\n#[cfg(feature = \"one\")]\ntype Long<'a> =\n    Box<dyn A + 'a>;\n\nimpl A {\n    fn a() {}\n}\n";
        assert_eq!(inline(source, &BTreeMap::new()), "use a::A;\n\nimpl A {\n    fn a() {}\n}\n");
    }

    #[test]
    fn a_gated_item_is_kept_left_out_or_put_under_the_tags_that_use_it() {
        let source = "impl A {\n    /// One.\n    #[cfg(feature = \"one\")]\n    fn one() {}\n\n    /// Two.\n    #[cfg(feature = \"two\")]\n    fn two() {\n        2\n    }\n\n    /// Three.\n    #[cfg(feature = \"three\")]\n    fn three() {}\n}\n";
        let tags = |names: &[&str]| Need::Features(names.iter().map(|n| (*n).to_owned()).collect());
        let needs = BTreeMap::from([
            ("one".to_owned(), Need::Always),
            ("three".to_owned(), tags(&["pets", "stores"])),
        ]);
        assert_eq!(
            inline(source, &needs),
            "impl A {\n    /// One.\n    fn one() {}\n\n    /// Three.\n    #[cfg(any(feature = \"pets\", feature = \"stores\"))]\n    fn three() {}\n}\n"
        );
        let needs = BTreeMap::from([("two".to_owned(), tags(&["pets"]))]);
        assert_eq!(
            inline(source, &needs),
            "impl A {\n    /// Two.\n    #[cfg(feature = \"pets\")]\n    fn two() {\n        2\n    }\n}\n"
        );
        assert_eq!(inline(source, &BTreeMap::new()), "impl A {}\n");
        let many: BTreeSet<String> = (0..9).map(|i| format!("feature-number-{i}")).collect();
        let needs = BTreeMap::from([("one".to_owned(), Need::Features(many))]);
        let text = inline(source, &needs);
        assert!(
            text.contains("    #[cfg(any(\n        feature = \"feature-number-0\",\n"),
            "{text}"
        );
        assert!(
            text.contains("        feature = \"feature-number-8\",\n    ))]\n    fn one() {}\n}\n"),
            "{text}"
        );
    }
}
