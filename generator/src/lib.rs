//! Generates typed Rust clients from OpenAPI documents.
//!
//! The pipeline has one module per stage: [`load`] parses YAML or JSON into a tree that
//! remembers positions, [`normalize`] settles every OpenAPI question into the [`ir`] model,
//! and [`emit`] prints that model as Rust. [`diagnostic`] reports problems with the file,
//! line, column and JSON pointer of the node concerned.

/// JSON values that a schema of the document accepts, for the conformance tests' arguments.
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod diagnostic;
pub mod emit;
pub mod ir;
pub mod load;
mod media;
pub mod naming;
pub mod normalize;

use std::path::{Path, PathBuf};

use diagnostic::{Diagnostic, Report};
use ir::Api;

/// The model of one document and the warnings met while building it.
#[derive(Debug)]
pub struct Model {
    /// The model.
    pub api: Api,
    /// Warnings (never errors) with the document text, ready to print.
    pub warnings: Report,
}

/// Loads and normalises the document at `path`. Every problem is reported, not only the
/// first: the error holds all errors and warnings.
pub fn model_from_file(path: &Path) -> Result<Model, Report> {
    let loaded = load::load_file(path)?;
    model_from_loaded(loaded, Vec::new())
}

/// [`model_from_file_with_overlays`], with the arguments of the conformance test's call of
/// each operation (see [`conformance::cases`]).
#[cfg(feature = "conformance")]
pub fn conformance_model_from_file(
    path: &Path,
    overlays: &[PathBuf],
) -> Result<(Model, Vec<conformance::Case>), Report> {
    let (loaded, sources) = overlaid(load::read_text(path)?, path, read_overlays(overlays)?)?;
    let root = loaded.document.root.clone();
    let model = model_from_loaded(loaded, sources)?;
    let cases = conformance::cases(&root, &model.api);
    Ok((model, cases))
}

/// [`model_from_file`] for text already read; `path` names it in messages.
pub fn model_from_str(path: &Path, source: String) -> Result<Model, Report> {
    let loaded = load::load_str(path, source)?;
    model_from_loaded(loaded, Vec::new())
}

/// [`model_from_file`] with the overlays at `overlays` applied, in order, to the document
/// before it is normalised (see [`load::overlay`]).
pub fn model_from_file_with_overlays(path: &Path, overlays: &[PathBuf]) -> Result<Model, Report> {
    model_from_str_with_overlays(path, load::read_text(path)?, read_overlays(overlays)?)
}

/// [`model_from_str`] with overlays, each a file name (for messages) and its text, applied in
/// order to the document before it is normalised. A problem of an overlay is located in it:
/// invalid text is a report on the overlay file; a malformed action, an invalid JSONPath, a
/// target that selects nothing, and any later problem in a node an overlay brought name the
/// overlay file in the document's report.
pub fn model_from_str_with_overlays(
    path: &Path,
    source: String,
    overlays: Vec<(PathBuf, String)>,
) -> Result<Model, Report> {
    let (loaded, sources) = overlaid(source, path, overlays)?;
    model_from_loaded(loaded, sources)
}

/// The text of each overlay file.
fn read_overlays(overlays: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, Report> {
    overlays.iter().map(|overlay| Ok((overlay.clone(), load::read_text(overlay)?))).collect()
}

/// The document loaded with the overlays applied, and the overlays' files and texts for the
/// report; an error of any overlay is a report that shows it.
fn overlaid(
    source: String,
    path: &Path,
    overlays: Vec<(PathBuf, String)>,
) -> Result<(load::Loaded, Vec<(PathBuf, String)>), Report> {
    let mut loaded = load::load_str(path, source)?;
    let mut sources = Vec::with_capacity(overlays.len());
    let mut diagnostics = Vec::new();
    for (number, (file, text)) in (1..).zip(overlays) {
        let (overlay, warnings) = load::overlay::load_overlay(&file, text, number)?;
        diagnostics.extend(warnings);
        diagnostics.extend(load::overlay::apply(&mut loaded.document.root, &overlay));
        sources.push((overlay.file, overlay.source));
    }
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    loaded.warnings.extend(diagnostics);
    if failed {
        let document = loaded.document;
        let report = Report::new(&document.file, document.source, loaded.warnings);
        return Err(report.with_overlays(sources));
    }
    Ok((loaded, sources))
}

fn model_from_loaded(
    loaded: load::Loaded,
    overlays: Vec<(PathBuf, String)>,
) -> Result<Model, Report> {
    let normalized = normalize::normalize(&loaded.document);
    let mut diagnostics: Vec<Diagnostic> = loaded.warnings;
    diagnostics.extend(normalized.diagnostics);
    let document = loaded.document;
    let report = Report::new(&document.file, document.source, diagnostics).with_overlays(overlays);
    match normalized.api {
        Some(api) if !report.has_errors() => Ok(Model { api, warnings: report }),
        _ => Err(report),
    }
}
