//! `cargo xtask codegen`: `specs/` -> `generated/`.

use std::path::{Path, PathBuf};

use generator::emit::{self, SpecModule};
use generator::naming;

use crate::files;

/// Write the files, or only report the stale ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `cargo xtask codegen`.
    Write,
    /// `cargo xtask codegen --check`.
    Check,
}

pub fn run(mode: Mode) -> Result<(), String> {
    let root = crate::workspace_root();
    let specs = spec_files(&root.join("specs"))?;
    if specs.is_empty() {
        return Err("no OpenAPI documents (*.yaml, *.yml, *.json) in specs/".to_owned());
    }

    let mut models = Vec::new();
    let mut failures = Vec::new();
    for spec in &specs {
        let shown = relative(&root, spec);
        match generator::model_from_str(Path::new(&shown), read(spec)?) {
            Ok(model) => {
                if !model.warnings.diagnostics.is_empty() {
                    eprintln!("{}\n", model.warnings);
                }
                models.push((module_name(spec), model.api, shown));
            }
            Err(report) => failures.push(report),
        }
    }
    if !failures.is_empty() {
        let reports: Vec<String> = failures.iter().map(ToString::to_string).collect();
        return Err(format!("{}\n\nnothing written: {} document(s) have errors", reports.join("\n\n"), failures.len()));
    }

    let modules: Vec<SpecModule<'_>> =
        models.iter().map(|(name, api, source)| SpecModule { name: name.clone(), api, source: source.clone() }).collect();
    let tree = emit::workspace_crate("generated", &modules).map_err(|e| e.to_string())?;
    let out_dir = root.join("generated");
    let difference = files::compare(&out_dir, &tree, |_| true).map_err(|e| e.to_string())?;
    match mode {
        Mode::Check if difference.is_empty() => {
            println!("generated/ is up to date ({} files)", difference.unchanged);
            Ok(())
        }
        Mode::Check => {
            let mut message = String::from("generated/ is stale; run `cargo xtask codegen`:\n");
            for (label, paths) in [("differs", &difference.changed), ("missing", &difference.missing), ("not generated", &difference.extra)] {
                for path in paths {
                    message.push_str(&format!("  generated/{} ({label})\n", slash(path)));
                }
            }
            Err(message.trim_end().to_owned())
        }
        Mode::Write => {
            files::apply(&out_dir, &tree, &difference).map_err(|e| e.to_string())?;
            println!(
                "generated/: {} written, {} removed, {} unchanged",
                difference.changed.len() + difference.missing.len(),
                difference.extra.len(),
                difference.unchanged
            );
            Ok(())
        }
    }
}

/// The OpenAPI documents in `dir`, sorted by name.
fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json"))
        .collect();
    specs.sort();
    Ok(specs)
}

/// The module a document becomes: its file name in snake case
/// (`personal-access-tokens.yaml` -> `personal_access_tokens`).
fn module_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    naming::field_name(&stem, "api")
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// `path` relative to `root`, with `/` separators, for messages and generated headers that
/// must not depend on where the checkout is.
fn relative(root: &Path, path: &Path) -> String {
    slash(path.strip_prefix(root).unwrap_or(path))
}

fn slash(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
