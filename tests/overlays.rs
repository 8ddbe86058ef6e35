//! An overlay fixing a real document: `tests/overlays/` holds corrections of corpus
//! documents, and each is proved to change the generated code as it says.

use std::path::{Path, PathBuf};

use tests::workspace_root;

/// The generated `types.rs` of a corpus document, with the given overlays applied.
fn types_of(document: &str, overlays: &[PathBuf]) -> String {
    let path = workspace_root().join("tests/corpus").join(document);
    let model = generator::model_from_file_with_overlays(&path, overlays)
        .unwrap_or_else(|report| panic!("{report}"));
    let files = generator::emit::standalone_crate("fixed", &model.api, document);
    files[Path::new("src/types.rs")].clone()
}

/// The text of the struct `name` in generated code, from its derive to its closing brace.
fn structure(code: &str, name: &str) -> String {
    let start = code.find(&format!("pub struct {name} {{")).expect("the struct is generated");
    let start = code[..start].rfind("#[derive").expect("the struct derives");
    let end = start + code[start..].find("\n}\n").expect("the struct ends") + 2;
    code[start..end].to_owned()
}

/// Hugging Face's `ErrorResponse` requires `error_type`, which the document's own example
/// of the 404 of `POST /tokenize` leaves out; with the overlay the field is an `Option`, so
/// that body decodes.
#[test]
fn the_text_generation_overlay_makes_error_type_optional() {
    let document = "hf-text-generation-inference.json";
    let overlay = workspace_root().join("tests/overlays/hf-text-generation-inference.overlay.yaml");
    assert_eq!(
        structure(&types_of(document, &[]), "ErrorResponse"),
        "#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ErrorResponse {
    pub error: String,
    pub error_type: String,
}"
    );
    assert_eq!(
        structure(&types_of(document, std::slice::from_ref(&overlay)), "ErrorResponse"),
        "#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct ErrorResponse {
    pub error: String,
    pub error_type: Option<String>,
}"
    );
    // Decoding requires what the struct requires: the field was read with `set_some` and
    // checked with the other required field, and is now read with `set`.
    let decoded_with_overlay = types_of(document, &[overlay]);
    assert!(decoded_with_overlay.contains("1 => fields.set(&mut error_type),"));
    assert!(decoded_with_overlay.contains("let Some(error) = error else {"));
    let decoded = types_of(document, &[]);
    assert!(decoded.contains("1 => fields.set_some(&mut error_type),"));
    assert!(decoded.contains("let (Some(error), Some(error_type)) = (error, error_type) else {"));
}

/// The tests that generate every document of `specs/` (snapshots, clippy, rustfmt) read it
/// as `cargo xtask codegen` does: an overlay beside a document is applied to it, and is not
/// a document itself.
#[test]
fn the_overlay_beside_a_document_is_found_by_its_name() {
    let overlays = workspace_root().join("tests/overlays");
    let overlay = overlays.join("hf-text-generation-inference.overlay.yaml");
    assert!(tests::is_overlay(&overlay));
    assert_eq!(
        tests::overlays_beside(&overlays.join("hf-text-generation-inference.json")),
        [overlay]
    );
    assert_eq!(tests::overlays_beside(&overlays.join("other.yaml")), Vec::<PathBuf>::new());
    assert!(!tests::is_overlay(
        &workspace_root().join("tests/corpus/hf-text-generation-inference.json")
    ));
}
