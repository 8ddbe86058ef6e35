//! The rules of the comparison on small crates, each a change and the exact entries and
//! semver level it gives; the Markdown of a report; and the surface of the checked-in
//! `generated/` crate, to prove the reader on real output.

use std::path::{Path, PathBuf};

use generator::emit::Files;

use super::*;

const MANIFEST: &str = "[package]\nname = \"demo\"\n\n[features]\ndefault = [\"a\"]\na = []\n";

/// A crate of `lib.rs` and further `src/` files.
fn krate(lib: &str, others: &[(&str, &str)]) -> Files {
    let mut files = Files::new();
    files.insert(PathBuf::from("Cargo.toml"), MANIFEST.to_owned());
    files.insert(PathBuf::from("src/lib.rs"), lib.to_owned());
    for (path, text) in others {
        files.insert(PathBuf::from(path), (*text).to_owned());
    }
    files
}

/// The level and the rendered entries of the change from `old` to `new` (`lib.rs` only).
fn change(old: &str, new: &str) -> (Semver, Vec<String>) {
    let report = compare(&krate(old, &[]), &krate(new, &[])).expect("both parse");
    (report.semver(), report.entries.iter().map(line).collect())
}

#[test]
fn a_field_added_to_a_non_exhaustive_struct_is_minor() {
    let (semver, lines) = change(
        "#[non_exhaustive] pub struct S { pub a: u8 }",
        "#[non_exhaustive] pub struct S { pub a: u8, pub b: Option<String> }",
    );
    assert_eq!(semver, Semver::Minor);
    assert_eq!(lines, ["- `S::b` (field: `Option<String>`)"]);
}

#[test]
fn a_field_added_to_a_struct_with_a_private_field_is_minor() {
    let (semver, lines) =
        change("pub struct S { pub a: u8, b: u8 }", "pub struct S { pub a: u8, b: u8, pub c: u8 }");
    assert_eq!(semver, Semver::Minor);
    assert_eq!(lines, ["- `S::c` (field: `u8`)"]);
}

#[test]
fn a_field_added_to_an_exhaustive_struct_of_public_fields_is_major() {
    let (semver, lines) =
        change("pub struct S { pub a: u8 }", "pub struct S { pub a: u8, pub b: u8 }");
    assert_eq!(semver, Semver::Major);
    assert_eq!(
        lines,
        ["- `S::b` (field: `u8`) (breaking: struct literals outside the crate must now set it)"]
    );
}

#[test]
fn a_field_removed_or_retyped_is_major() {
    let (semver, lines) =
        change("pub struct S { pub a: u8, pub b: u8 }", "pub struct S { pub a: u16, b: u8 }");
    assert_eq!(semver, Semver::Major);
    assert_eq!(
        lines,
        [
            "- `S`: now has a private field (breaking: struct literals outside the crate no longer compile)",
            "- `S::a`: `u8` → `u16` (breaking: field type changed)",
            "- `S::b` (field: `u8`) (breaking: field removed or no longer public)",
        ]
    );
}

#[test]
fn a_struct_becoming_non_exhaustive_is_major() {
    let (semver, lines) =
        change("pub struct S { pub a: u8 }", "#[non_exhaustive]\npub struct S { pub a: u8 }");
    assert_eq!(semver, Semver::Major);
    assert_eq!(
        lines,
        [
            "- `S`: now `#[non_exhaustive]` (breaking: literals and exhaustive matches outside the crate no longer compile)"
        ]
    );
}

#[test]
fn a_method_added_is_minor() {
    let (semver, lines) = change(
        "pub struct C; impl C { pub fn a(&self) {} }",
        "pub struct C; impl C { pub fn a(&self) {} pub async fn b(&self, id: &str) -> u8 { 0 } fn private(&self) {} }",
    );
    assert_eq!(semver, Semver::Minor);
    assert_eq!(lines, ["- `C::b` (method)"]);
}

#[test]
fn a_function_removed_is_major() {
    let (semver, lines) = change("pub fn a() {}\npub fn b() {}", "pub fn a() {}");
    assert_eq!(semver, Semver::Major);
    assert_eq!(lines, ["- `b` (fn) (breaking: removed, or no longer importable at this path)"]);
}

#[test]
fn a_parameter_added_is_major() {
    let (semver, lines) = change(
        "pub struct C; impl C { pub fn get(&self, id: &str) {} }",
        "pub struct C; impl C { pub fn get(&self, id: &str, page: u32) {} }",
    );
    assert_eq!(semver, Semver::Major);
    assert_eq!(
        lines,
        [
            "- `C::get`: `fn get(&self, id: &str)` → `fn get(&self, id: &str, page: u32)` (breaking: takes 3 parameters instead of 2)"
        ]
    );
}

#[test]
fn a_return_type_changed_is_major_and_a_parameter_renamed_is_not() {
    let (semver, lines) =
        change("pub fn get(id: &str) -> u8 { 0 }", "pub fn get(id: &str) -> u16 { 0 }");
    assert_eq!(semver, Semver::Major);
    assert_eq!(
        lines,
        [
            "- `get`: `fn get(id: &str) -> u8` → `fn get(id: &str) -> u16` (breaking: return type changed)"
        ]
    );
    let (semver, lines) = change("pub fn get(id: &str) {}", "pub fn get(key: &str) {}");
    assert_eq!(semver, Semver::Patch);
    assert_eq!(lines, ["- `get`: `fn get(id: &str)` → `fn get(key: &str)` (parameter names only)"]);
}

#[test]
fn a_function_becoming_async_is_major() {
    let (semver, lines) = change("pub fn get() {}", "pub async fn get() {}");
    assert_eq!(semver, Semver::Major);
    assert_eq!(lines, ["- `get`: `fn get()` → `async fn get()` (breaking: now async)"]);
}

#[test]
fn a_variant_added_to_a_non_exhaustive_enum_is_minor() {
    let (semver, lines) = change(
        "#[non_exhaustive] pub enum E { A, B(u8) }",
        "#[non_exhaustive] pub enum E { A, B(u8), C { x: String } }",
    );
    assert_eq!(semver, Semver::Minor);
    assert_eq!(lines, ["- `E::C` (variant `C { x: String }`)"]);
}

#[test]
fn a_variant_added_to_an_exhaustive_enum_is_major() {
    let (semver, lines) = change("pub enum E { A }", "pub enum E { A, B }");
    assert_eq!(semver, Semver::Major);
    assert_eq!(
        lines,
        [
            "- `E::B` (variant `B`) (breaking: exhaustive matches outside the crate no longer compile)"
        ]
    );
}

#[test]
fn a_variant_removed_or_reshaped_is_major() {
    let (semver, lines) = change("pub enum E { A(u8), B }", "pub enum E { A(u8, u8) }");
    assert_eq!(semver, Semver::Major);
    assert_eq!(
        lines,
        [
            "- `E::A`: `A(u8)` → `A(u8, u8)` (breaking: variant's fields changed)",
            "- `E::B` (variant `B`) (breaking: variant removed)",
        ]
    );
}

#[test]
fn a_default_derive_removed_is_major() {
    let (semver, lines) = change(
        "#[derive(Debug, Clone, Default)] pub struct S;",
        "#[derive(Debug, Clone)] pub struct S;",
    );
    assert_eq!(semver, Semver::Major);
    assert_eq!(
        lines,
        ["- `impl Default for S` (derive) (breaking: `Default` is no longer derived)"]
    );
}

#[test]
fn a_derive_replaced_by_an_impl_of_the_same_trait_changes_nothing() {
    let (semver, lines) = change(
        "#[derive(Debug, serde::Deserialize)] pub struct S {}",
        "#[derive(Debug)] pub struct S {}\nimpl<'de> serde::Deserialize<'de> for S {\n    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> { todo!() }\n}",
    );
    assert_eq!(semver, Semver::Patch);
    assert_eq!(lines, Vec::<String>::new());
}

#[test]
fn a_trait_impl_in_a_private_module_is_part_of_the_type() {
    let old = "pub struct S;";
    let new = "pub struct S;\nmod imp {\n    use std::fmt;\n    impl fmt::Display for super::S {\n        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { Ok(()) }\n    }\n    impl std::future::IntoFuture for crate::S {\n        type Output = u8;\n        type IntoFuture = std::future::Ready<u8>;\n        fn into_future(self) -> Self::IntoFuture { std::future::ready(0) }\n    }\n}";
    let (semver, lines) = change(old, new);
    assert_eq!(semver, Semver::Minor);
    assert_eq!(
        lines,
        [
            "- `impl Display for S` (trait impl)",
            "- `impl IntoFuture for S` (trait impl, `IntoFuture = std::future::Ready<u8>`, `Output = u8`)",
        ]
    );
}

#[test]
fn docs_and_bodies_and_private_items_changing_is_a_patch() {
    let (semver, lines) = change(
        "/// Old doc.\npub fn f() -> u8 { 1 }\nfn helper() {}\npub struct S { pub a: u8, b: u8 }",
        "/// New doc.\npub fn f() -> u8 {\n    2\n}\nfn other() {}\npub struct S { pub a: u8, c: String }",
    );
    assert_eq!(semver, Semver::Patch);
    assert_eq!(lines, Vec::<String>::new());
}

#[test]
fn a_feature_removed_is_major_and_one_added_is_minor() {
    let old = krate("", &[]);
    let mut new = krate("", &[]);
    new.insert(
        PathBuf::from("Cargo.toml"),
        "[package]\nname = \"demo\"\n\n[features]\ndefault = []\nb = []\n".to_owned(),
    );
    let report = compare(&old, &new).expect("parses");
    assert_eq!(report.semver(), Semver::Major);
    let lines: Vec<String> = report.entries.iter().map(line).collect();
    assert_eq!(
        lines,
        [
            "- `[features] a` (cargo feature) (breaking: crates that enable it no longer build)",
            "- `[features] b` (cargo feature enabling [])",
            "- `[features] default`: `[a]` → `[]` (breaking: no longer enables `a` by default)",
        ]
    );
}

#[test]
fn an_item_newly_behind_a_feature_is_major() {
    let (semver, lines) = change(
        "pub mod m { pub struct S; }",
        "pub mod m { #[cfg(feature = \"a\")] pub struct S; }",
    );
    assert_eq!(semver, Semver::Major);
    assert_eq!(lines, ["- `m::S`: needs feature `a` (breaking: now needs feature `a`)"]);
}

#[test]
fn a_method_of_a_gated_module_needs_its_feature() {
    let lib = "pub mod client;";
    let old = krate(lib, &[("src/client.rs", "pub struct Client;")]);
    let new = krate(
        lib,
        &[
            ("src/client.rs", "pub struct Client;\n#[cfg(feature = \"a\")]\nmod tag;"),
            (
                "src/client/tag.rs",
                "use super::Client;\nimpl Client {\n    pub async fn list(&self) -> Vec<u8> { Vec::new() }\n}",
            ),
        ],
    );
    let report = compare(&old, &new).expect("parses");
    assert_eq!(report.semver(), Semver::Minor);
    let lines: Vec<String> = report.entries.iter().map(line).collect();
    assert_eq!(lines, ["- `client::Client::list` (method, feature `a`)"]);
}

#[test]
fn a_public_item_of_a_private_module_counts_only_if_re_exported() {
    let files = krate(
        "mod hidden;\npub mod shown;\npub use hidden::Exported;",
        &[
            (
                "src/hidden.rs",
                "pub struct Exported;\npub struct NotExported;\nimpl NotExported { pub fn f(&self) {} }",
            ),
            (
                "src/shown/mod.rs",
                "pub(crate) struct CrateOnly;\npub use self::inner::*;\nmod inner { pub fn g() {} }",
            ),
        ],
    );
    let surface = surface::extract(&files).expect("parses");
    let paths: Vec<&String> = surface.items.keys().collect();
    assert_eq!(paths, ["Exported", "shown", "shown::g"]);
}

#[test]
fn an_inherent_method_in_a_private_module_is_on_the_types_public_path() {
    let files = krate(
        "pub mod api;\npub use api::Client;",
        &[
            ("src/api.rs", "pub struct Client;\nmod calls;"),
            (
                "src/api/calls.rs",
                "use super::Client;\nimpl Client {\n    /// Lists.\n    pub async fn list<'a>(&'a self, tags: impl IntoIterator<Item = &'a str>) -> Result<Vec<u8>, ()> { Ok(Vec::new()) }\n    pub(crate) fn internal(&self) {}\n}",
            ),
        ],
    );
    let surface = surface::extract(&files).expect("parses");
    let client = &surface.items["api::Client"];
    assert_eq!(
        client.paths.iter().collect::<Vec<_>>(),
        ["Client", "api::Client"],
        "defined at a public path, re-exported at another"
    );
    let members: Vec<(&String, &str)> =
        client.members.iter().map(|(name, member)| (name, member.declaration.as_str())).collect();
    assert_eq!(
        members,
        [(
            &"list".to_owned(),
            "async fn list<'a>(&'a self, tags: impl IntoIterator<Item = &'a str>) -> Result<Vec<u8>, ()>"
        )]
    );
}

#[test]
fn a_missing_module_file_is_an_error_naming_it() {
    let error = surface::extract(&krate("pub mod gone;", &[])).expect_err("no file");
    assert_eq!(
        error.to_string(),
        "src/lib.rs: `mod gone;` has no file src/gone.rs or src/gone/mod.rs"
    );
}

#[test]
fn the_report_renders_as_markdown_in_path_order() {
    let old = "pub mod client { pub struct Client; impl Client { pub fn get(&self, id: &str) {} } }\npub enum E { A }\npub fn gone() {}";
    let new = "pub mod client { pub struct Client; impl Client { pub fn get(&self, id: &str, page: u32) {} pub fn list(&self) {} } }\n#[non_exhaustive]\npub enum E { A, B }";
    let report = compare(&krate(old, &[]), &krate(new, &[])).expect("parses");
    let expected = "# Public API changes

Semver: **major** (breaking; some callers must change)

## Added (2)

- `E::B` (variant `B`)
- `client::Client::list` (method)

## Changed (2)

- `E`: now `#[non_exhaustive]` (breaking: literals and exhaustive matches outside the crate no longer compile)
- `client::Client::get`: `fn get(&self, id: &str)` → `fn get(&self, id: &str, page: u32)` (breaking: takes 3 parameters instead of 2)

## Removed (1)

- `gone` (fn) (breaking: removed, or no longer importable at this path)
";
    assert_eq!(report.markdown(None), expected);
    assert_eq!(printed(&report), format!("semver: major\n\n{expected}"));
}

#[test]
fn a_long_section_is_cut_after_its_limit_keeping_the_breaking_entries() {
    let old: String = (0..250).map(|i| format!("pub fn f{i:03}() {{}}\n")).collect();
    let new: String =
        (0..250).map(|i| format!("pub fn f{i:03}() {{}}\npub fn g{i:03}() {{}}\n")).collect();
    let mut new_without_last = new.replace("pub fn f249() {}\n", "");
    new_without_last.push('\n');
    let report = compare(&krate(&old, &[]), &krate(&new_without_last, &[])).expect("parses");
    let markdown = report.markdown(None);
    assert!(markdown.contains("\n## Added (250)\n\n- `g000` (fn)\n"), "{markdown}");
    assert!(markdown.contains("- `g199` (fn)\n- … and 50 more\n"), "{markdown}");
    assert!(!markdown.contains("`g200`"), "{markdown}");
    assert!(markdown.ends_with("## Removed (1)\n\n- `f249` (fn) (breaking: removed, or no longer importable at this path)\n"), "{markdown}");
}

/// The reader on the crate `cargo xtask codegen` writes: the Losant client's methods on
/// the type's public path with the feature of their tag, a types struct with its fields
/// and derives, the runtime's re-exports, and nothing of its `pub(crate)` internals.
#[test]
fn the_surface_of_the_checked_in_generated_crate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let files = read_crate(&dir).expect("reads generated/");
    assert!(files.contains_key(Path::new("src/losant/client.rs")), "generated/ is read");
    let surface = surface::extract(&files).expect("generated/ parses");

    let client = &surface.items["losant::client::Client"];
    assert_eq!(
        client.paths.iter().collect::<Vec<_>>(),
        ["losant::Client", "losant::client::Client", "losant::prelude::Client"]
    );
    let get = &client.members["user_api_token_get"];
    assert_eq!(
        get.declaration,
        "fn user_api_token_get<'a>(&'a self, api_token_id: &'a str) -> UserApiTokenGetCall<'a>"
    );
    assert_eq!(get.features.iter().collect::<Vec<_>>(), ["losant-user-api-token"]);
    assert_eq!(client.members["builder"].declaration, "fn builder() -> ClientBuilder");
    assert!(client.members["builder"].features.is_empty());

    let token = &surface.items["losant::types::ApiToken"];
    assert_eq!(token.declaration, "struct ApiToken");
    assert_eq!(token.features.iter().collect::<Vec<_>>(), ["losant-user-api-token"]);
    assert_eq!(token.fields["creation_date"], "Option<DateTime<Utc>>");
    assert!(!token.private_fields);
    for derived in ["Debug", "Clone", "PartialEq", "Default"] {
        assert!(token.impls[derived].derived, "{derived}");
    }
    // Only received, so only decoded, through the runtime's `Object`, which is internal.
    assert!(!token.impls["Deserialize"].derived);
    assert!(!token.impls.contains_key("Serialize"));
    assert!(!token.impls.contains_key("Object"));

    assert_eq!(surface.items["runtime::reqwest"].declaration, "pub use reqwest");
    assert!(surface.items.contains_key("runtime::Tristate"));
    assert!(!surface.items.keys().any(|key| key.contains("ClientCore")), "pub(crate) re-export");
    assert_eq!(surface.features["losant-user-api-token"], Vec::<String>::new());
}

#[test]
fn globs_that_import_each_other_end() {
    let files = krate(
        "pub mod a { pub use super::b::*; pub use super::c::*; pub struct A; }\npub mod b { pub use super::a::*; pub use super::c::*; }\npub mod c { pub use super::a::*; pub use super::b::*; }",
        &[],
    );
    let surface = surface::extract(&files).expect("parses");
    assert_eq!(surface.items["a::A"].paths.iter().collect::<Vec<_>>(), ["a::A", "b::A", "c::A"]);
}
