//! The invariants `ARCHITECTURE.md` states, each checked here where a test can check it
//! (the others name their test there).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use generator::emit::{self, Files};
use tests::{fixture, workspace_root};

/// The parts of the generator that read the document: the loaded tree, the normaliser,
/// diagnostics about positions in the text, and the entry points that run them.
const READS_THE_DOCUMENT: &[&str] =
    &["crate::load", "crate::normalize", "crate::diagnostic", "crate::model_from"];

/// Nothing after `ir.rs` reads the document: outside their unit tests, the emitters never
/// reach the loaded tree or the normaliser, only the model and the helpers for names and
/// media types.
#[test]
fn nothing_after_the_model_reads_the_document() {
    let emit_dir = workspace_root().join("generator").join("src").join("emit");
    let mut found = Vec::new();
    let mut pending = vec![emit_dir.clone()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("the emitters' folder is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("an emitter is readable");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (index, line) in code.lines().enumerate() {
                if READS_THE_DOCUMENT.iter().any(|part| line.contains(part)) {
                    let file = path.strip_prefix(&emit_dir).unwrap_or(&path).display();
                    found.push(format!("emit/{file}:{}: {}", index + 1, line.trim()));
                }
            }
        }
    }
    assert!(found.is_empty(), "emitters reaching past the model:\n{}", found.join("\n"));
}

/// Emitting cannot fail: every check is done while building the model, so the emitters
/// return files, not a `Result`. This test stops compiling if that changes.
#[test]
fn emitting_cannot_fail() {
    let workspace: fn(&str, &[emit::SpecModule<'_>]) -> Files = emit::workspace_crate;
    let standalone: fn(&str, &generator::ir::Api, &str) -> Files = emit::standalone_crate;
    let model = model(&fixture("wire.yaml"));
    assert!(!standalone("wire", &model, "wire.yaml").is_empty());
    assert!(!workspace("wire", &[]).is_empty());
}

/// Output is deterministic: two runs over the same document in one process, where every
/// `HashMap` iterates in its own order, write the same bytes.
#[test]
fn output_is_deterministic() {
    let corpus = workspace_root().join("tests").join("corpus");
    let mut documents: Vec<PathBuf> = ["spotify-fixed.yaml", "openapi-3.1/adyen-transfer-v4.json"]
        .iter()
        .map(|name| corpus.join(name))
        .collect();
    documents.extend(fixtures());
    for document in documents {
        let first = emit::standalone_crate("client", &model(&document), "document");
        let second = emit::standalone_crate("client", &model(&document), "document");
        assert!(first == second, "{} generates different code on each run", document.display());
    }
}

/// Every type the model names is one it defines: a pass that merges, renames or drops types
/// (identical schemas, union cycles) reaches every place a type is named, the pages of a
/// list included. Read from the model's serialised form, so that a field added to the model
/// later is checked without this test knowing of it.
#[test]
fn every_type_the_model_names_is_defined() {
    let corpus = workspace_root().join("tests").join("corpus");
    let mut documents = fixtures();
    for dir in [corpus.clone(), corpus.join("openapi-3.1")] {
        let entries = std::fs::read_dir(&dir).expect("tests/corpus is readable");
        documents.extend(entries.map(|entry| entry.expect("a directory entry").path()).filter(
            |path| path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml"),
        ));
    }
    let mut dangling = Vec::new();
    for document in &documents {
        let api = model(document);
        let tree = serde_json::to_value(&api).expect("the model serialises");
        let mut named = Vec::new();
        named_types(&tree, &mut named);
        for name in named {
            if !api.types.contains_key(name) {
                dangling.push(format!("{}: `{name}`", document.display()));
            }
        }
    }
    assert!(documents.len() > 24, "the corpus and the fixtures are read");
    assert!(dangling.is_empty(), "types named but not defined:\n{}", dangling.join("\n"));
}

/// The names in every `{"Named": name}` of a serialised model.
fn named_types<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::Object(members) => {
            for (key, member) in members {
                match (key.as_str(), member) {
                    ("Named", serde_json::Value::String(name)) => out.push(name),
                    _ => named_types(member, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| named_types(item, out)),
        _ => {}
    }
}

/// The names `naming` reserves for the client's own methods are exactly the methods the
/// emitter writes on `Client` and `ClientBuilder`, so no operation or credential setter can
/// take one of them.
#[test]
fn the_names_the_client_reserves_are_the_methods_it_defines() {
    let source = "openapi: 3.0.3\ninfo: {title: Reserved, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n    aBearer: {type: http, scheme: bearer}\n    aBasic: {type: http, scheme: basic}\n    aHeaderKey: {type: apiKey, in: header, name: X-Key}\n    aQueryKey: {type: apiKey, in: query, name: key}\n    aCookieKey: {type: apiKey, in: cookie, name: key}\n";
    let api = generator::model_from_str(Path::new("reserved.yaml"), source.to_owned())
        .unwrap_or_else(|report| panic!("{report}"))
        .api;
    let files = emit::standalone_crate("reserved", &api, "reserved.yaml");
    let client = syn::parse_file(&files[Path::new("src/client.rs")]).expect("client.rs parses");
    let setters = ["a_bearer", "a_basic", "a_header_key", "a_query_key", "a_cookie_key"];
    let builder: BTreeSet<String> = methods(&client, "ClientBuilder")
        .into_iter()
        .filter(|name| !setters.contains(&name.as_str()))
        .collect();
    assert_eq!(builder, names(generator::naming::BUILDER_METHODS));
    assert_eq!(methods(&client, "Client"), names(generator::naming::CLIENT_METHODS));
}

/// The functions of every `impl` block of `type_name` in `file`.
fn methods(file: &syn::File, type_name: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for item in &file.items {
        let syn::Item::Impl(block) = item else { continue };
        let syn::Type::Path(self_type) = &*block.self_ty else { continue };
        if block.trait_.is_none() && self_type.path.is_ident(type_name) {
            for member in &block.items {
                if let syn::ImplItem::Fn(function) = member {
                    found.insert(function.sig.ident.to_string());
                }
            }
        }
    }
    found
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|name| (*name).to_owned()).collect()
}

fn model(path: &Path) -> generator::ir::Api {
    generator::model_from_file(path).unwrap_or_else(|report| panic!("{report}")).api
}

fn fixtures() -> Vec<PathBuf> {
    let dir = workspace_root().join("tests").join("fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    paths.sort();
    paths
}
