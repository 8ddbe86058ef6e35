//! Helpers shared by the test modules of this crate. The crate's documentation is the
//! README, so that `cargo test` compiles and runs the README's examples.
#![doc = include_str!("../README.md")]

use std::path::{Path, PathBuf};

// The generated code of `wire_fixture` refers to the runtime as `crate::runtime`: the runtime
// crate itself, whose internals are public, where a generated crate's are `pub(crate)`.
use client_runtime as runtime;

/// The client of `fixtures/wire.yaml`, which the wire tests call. It is part of the library,
/// not of the test binary, as a generated crate's items are public API: the binary would
/// take each constructor or setter no test calls for dead code.
pub mod wire_fixture;

/// The client of `fixtures/oauth.yaml`, whose OAuth 2.0 client-credentials flows the OAuth
/// tests and the README's example call.
pub mod oauth_fixture;
/// The client of `fixtures/pagination.yaml`, one list operation per pagination scheme, which
/// the pagination tests call.
pub mod pagination_fixture;
/// The client of Hugging Face's text-generation document (`corpus/`), for the README's
/// example of reading its event stream.
pub mod text_generation;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(Path::to_path_buf).unwrap_or(manifest_dir)
}

/// Whether `path` is an overlay (`NAME.overlay.yaml`), which `cargo xtask codegen` applies to
/// the document beside it rather than reading as a document.
pub fn is_overlay(path: &Path) -> bool {
    path.file_stem().is_some_and(|stem| stem.to_string_lossy().ends_with(".overlay"))
}

/// The overlays `cargo xtask codegen` applies to `spec`: the file beside it named
/// `NAME.overlay.yaml` (or `.yml`, `.json`), if there is one.
pub fn overlays_beside(spec: &Path) -> Vec<PathBuf> {
    let Some(stem) = spec.file_stem() else { return Vec::new() };
    let stem = stem.to_string_lossy();
    ["yaml", "yml", "json"]
        .iter()
        .map(|extension| spec.with_file_name(format!("{stem}.overlay.{extension}")))
        .filter(|overlay| overlay.is_file())
        .collect()
}

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    workspace_root().join("tests").join("fixtures").join(name)
}
