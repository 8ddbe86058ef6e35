//! What a change does, as a reviewer sees it: the generated code of each per-rule fixture
//! in `tests/fixtures/`, and the model of every document in `specs/`. The code generated
//! from `specs/` is not snapshotted: it is checked in under `generated/`, where a review
//! already shows each change (and `generated_is_fresh` fails when it is stale).

use std::path::Path;

use tests::{fixture, workspace_root};

use crate::support::unparsable_file;

/// The warnings and the generated `types.rs` for one fixture.
fn generated_types(name: &str) -> String {
    generated_file(name, "types.rs")
}

/// The warnings and one generated file (`types.rs`, `client.rs`...) for one fixture.
fn generated_file(name: &str, file: &str) -> String {
    let shown = format!("tests/fixtures/{name}");
    let source = std::fs::read_to_string(fixture(name)).expect("fixture is readable");
    let model = match generator::model_from_str(Path::new(&shown), source) {
        Ok(model) => model,
        Err(report) => panic!("{report}"),
    };
    let files = generator::emit::standalone_crate("fixture", &model.api, name);
    assert_eq!(unparsable_file(&files), None);
    let code = &files[Path::new("src").join(file).as_path()];
    if model.warnings.diagnostics.is_empty() {
        code.clone()
    } else {
        format!("/* warnings:\n{}\n*/\n{code}", model.warnings)
    }
}

macro_rules! fixture_snapshots {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                insta::assert_snapshot!(stringify!($test), generated_types($file));
            }
        )*
    };
}

fixture_snapshots! {
    tags => "tags.yaml",
    refs => "refs.yaml",
    nullable => "nullable.yaml",
    presence => "presence.yaml",
    one_of => "one-of.yaml",
    all_of => "all-of.yaml",
    enums => "enums.yaml",
    free_form => "free-form.yaml",
    names => "names.yaml",
    docs => "docs.yaml",
}

#[test]
fn client_of_the_wire_fixture() {
    insta::assert_snapshot!("wire_client", generated_file("wire.yaml", "client.rs"));
    insta::assert_snapshot!(
        "wire_client_untagged",
        generated_file("wire.yaml", "client/untagged.rs")
    );
    insta::assert_snapshot!("wire_operations", generated_file("wire.yaml", "operations.rs"));
}

/// `.pages()` and `.items()` of one list operation per pagination scheme, with the notes
/// saying which scheme each has.
#[test]
fn client_of_the_pagination_fixture() {
    insta::assert_snapshot!(
        "pagination_client_untagged",
        generated_file("pagination.yaml", "client/untagged.rs")
    );
}

/// The client-credentials setters of each OAuth 2.0 scheme with that flow, and the scopes
/// each operation asks.
#[test]
fn client_of_the_oauth_fixture() {
    insta::assert_snapshot!("oauth_client", generated_file("oauth.yaml", "client.rs"));
    insta::assert_snapshot!(
        "oauth_client_untagged",
        generated_file("oauth.yaml", "client/untagged.rs")
    );
}

/// Parameter docs read from their schemas, facts of schemas in docs, and links and `<br>`s
/// of spec prose cleaned for rustdoc.
#[test]
fn client_of_the_parameter_docs_fixture() {
    insta::assert_snapshot!(
        "parameter_docs_client",
        generated_file("parameter-docs.yaml", "client/untagged.rs")
    );
    insta::assert_snapshot!(
        "parameter_docs_operations",
        generated_file("parameter-docs.yaml", "operations.rs")
    );
    insta::assert_snapshot!(
        "parameter_docs_types",
        generated_file("parameter-docs.yaml", "types.rs")
    );
}

/// `x-rust-name` renames a component and an inline type, a field (its wire name kept by
/// `rename`), a parameter and a method; vendors' names rename a component, a parameter and
/// methods; `x-rust-type` maps two schemas to existing types, generating none.
#[test]
fn rust_names_fixture() {
    insta::assert_snapshot!("rust_names_types", generated_file("rust-names.yaml", "types.rs"));
    insta::assert_snapshot!(
        "rust_names_client",
        generated_file("rust-names.yaml", "client/untagged.rs")
    );
    insta::assert_snapshot!(
        "rust_names_operations",
        generated_file("rust-names.yaml", "operations.rs")
    );
}

#[test]
fn conformance_test_of_the_wire_fixture() {
    let (model, cases) = generator::conformance_model_from_file(&fixture("wire.yaml"), &[])
        .unwrap_or_else(|report| panic!("{report}"));
    let files =
        generator::emit::conformance_crate("wire-conformance", &model.api, "wire.yaml", &cases);
    assert_eq!(unparsable_file(&files), None);
    insta::assert_snapshot!("wire_conformance", files[Path::new("tests/conformance.rs")]);
}

fn spec_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(workspace_root().join("specs"))
        .expect("specs/ is readable")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| !tests::is_overlay(path))
        .map(|path| path.file_name().expect("a file").to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    names
}

#[test]
fn model_of_every_spec() {
    let specs = workspace_root().join("specs");
    for name in spec_names() {
        let source = std::fs::read_to_string(specs.join(&name)).expect("spec is readable");
        // With the overlay beside it, as `cargo xtask codegen` reads it.
        let overlays = tests::overlays_beside(&specs.join(&name))
            .into_iter()
            .map(|overlay| {
                let text = std::fs::read_to_string(&overlay).expect("overlay is readable");
                (overlay, text)
            })
            .collect();
        let model = generator::model_from_str_with_overlays(
            Path::new(&format!("specs/{name}")),
            source,
            overlays,
        )
        .unwrap_or_else(|report| panic!("{report}"));
        insta::assert_yaml_snapshot!(format!("model_{name}"), model.api);
    }
}

/// Every generated file of a fixture crate but its first line (the `@generated` header,
/// which names the source document).
fn generated_crate(name: &str) -> Vec<(String, String)> {
    let model =
        generator::model_from_file(&fixture(name)).unwrap_or_else(|report| panic!("{report}"));
    let files = generator::emit::standalone_crate("pair", &model.api, "pair.yaml");
    files
        .into_iter()
        .filter(|(path, _)| path.starts_with("src") && !path.starts_with("src/runtime"))
        .map(|(path, text)| (path.display().to_string(), text))
        .collect()
}

#[test]
fn the_same_api_in_3_0_and_3_1_style_generates_the_same_rust() {
    let old = generated_crate("pair-3.0.yaml");
    let new = generated_crate("pair-3.1.yaml");
    let names: Vec<&str> = old.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(
        names,
        [
            "src/client/untagged.rs",
            "src/client.rs",
            "src/lib.rs",
            "src/operations.rs",
            "src/types.rs",
            "src/webhooks.rs"
        ]
    );
    for ((path, old), (_, new)) in old.iter().zip(&new) {
        assert_eq!(old, new, "{path} differs");
    }
    insta::assert_snapshot!("pair_types", &new[4].1);
}
