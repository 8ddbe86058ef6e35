//! `cargo xtask codegen`: `specs/` -> `generated/`, each document with the overlay beside it
//! (`specs/NAME.overlay.yaml` for `specs/NAME.yaml`) applied first.

use std::path::{Path, PathBuf};

use generator::diagnostic::Report;
use generator::emit::{self, Files, SpecModule};
use generator::naming;

use crate::{changes, files};

/// Write the files, or only report the stale ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `cargo xtask codegen`.
    Write,
    /// `cargo xtask codegen --check`.
    Check,
}

/// `cargo xtask codegen [--check] [--verbose]`: with `verbose`, the notes of each document
/// (which operations page, and how) are printed with its warnings.
pub fn run((mode, verbose): (Mode, bool)) -> Result<(), String> {
    run_in(&crate::workspace_root(), mode, verbose)
}

/// Prints the warnings of `report`, and its notes when `verbose`; returns the number of
/// notes left unprinted.
pub fn print_diagnostics(report: &Report, verbose: bool) -> usize {
    if report.has_problems() || (verbose && report.note_count() > 0) {
        eprintln!("{}\n", report.shown(verbose));
    }
    if verbose { 0 } else { report.note_count() }
}

/// The line that stands for the notes left unprinted, if any.
pub fn notes_summary(unprinted: usize) -> Option<String> {
    (unprinted > 0).then(|| {
        format!(
            "note: {unprinted} list operation(s) also page with `.pages()` and `.items()` (or stay single-page by their `x-pagination`); `--verbose` shows each"
        )
    })
}

/// Regenerates `root/generated` from `root/specs`.
fn run_in(root: &Path, mode: Mode, verbose: bool) -> Result<(), String> {
    let specs = spec_files(&root.join("specs"))?;
    if specs.is_empty() {
        return Err("no OpenAPI documents (*.yaml, *.yml, *.json) in specs/".to_owned());
    }

    let mut models = Vec::new();
    let mut failures = Vec::new();
    let mut unprinted = 0;
    for (spec, overlay) in &specs {
        let shown = relative(root, spec);
        let overlays = match overlay {
            Some(overlay) => vec![(PathBuf::from(relative(root, overlay)), read(overlay)?)],
            None => Vec::new(),
        };
        match generator::model_from_str_with_overlays(Path::new(&shown), read(spec)?, overlays) {
            Ok(model) => {
                unprinted += print_diagnostics(&model.warnings, verbose);
                models.push((module_name(spec), model.api, shown));
            }
            Err(report) => failures.push(report),
        }
    }
    if let Some(summary) = notes_summary(unprinted) {
        eprintln!("{summary}\n");
    }
    if !failures.is_empty() {
        let reports: Vec<String> = failures.iter().map(ToString::to_string).collect();
        return Err(format!(
            "{}\n\nnothing written: {} document(s) have errors",
            reports.join("\n\n"),
            failures.len()
        ));
    }

    let modules: Vec<SpecModule<'_>> = models
        .iter()
        .map(|(name, api, source)| SpecModule { name: name.clone(), api, source: source.clone() })
        .collect();
    let mut tree = emit::workspace_crate("generated", &modules);
    let out_dir = root.join("generated");
    // The report is written only when something else changes, so it is never stale nor
    // missing by itself.
    let not_report = |path: &Path| path != Path::new(changes::FILE);
    let difference = files::compare(&out_dir, &tree, not_report).map_err(|e| e.to_string())?;
    let old = if difference.is_empty() {
        Files::new()
    } else {
        changes::read_crate(&out_dir).map_err(|e| e.to_string())?
    };
    match mode {
        Mode::Check if difference.is_empty() => {
            println!("generated/ is up to date ({} files)", difference.unchanged);
            Ok(())
        }
        Mode::Check => {
            let mut message = String::from("generated/ is stale; run `cargo xtask codegen`:\n");
            for (label, paths) in [
                ("differs", &difference.changed),
                ("missing", &difference.missing),
                ("not generated", &difference.extra),
            ] {
                for path in paths {
                    message.push_str(&format!("  generated/{} ({label})\n", slash(path)));
                }
            }
            message.push_str("\nThe public API change codegen would make:\n\n");
            match changes::compare(&old, &tree) {
                Ok(report) => message.push_str(&changes::printed(&report)),
                Err(error) => message.push_str(&format!("unknown: {error}")),
            }
            Err(message.trim_end().to_owned())
        }
        Mode::Write if difference.is_empty() => {
            println!("generated/: 0 written, 0 removed, {} unchanged", difference.unchanged);
            Ok(())
        }
        Mode::Write => {
            let report = changes::compare(&old, &tree);
            tree.insert(PathBuf::from(changes::FILE), changes::changes_file(&old, &tree));
            let difference =
                files::compare(&out_dir, &tree, not_report).map_err(|e| e.to_string())?;
            files::apply(&out_dir, &tree, &difference).map_err(|e| e.to_string())?;
            println!(
                "generated/: {} written, {} removed, {} unchanged",
                difference.changed.len() + difference.missing.len(),
                difference.extra.len(),
                difference.unchanged
            );
            match report {
                Ok(report) => print!("\n{}", changes::printed(&report)),
                Err(error) => eprintln!("the public API change is not known: {error}"),
            }
            Ok(())
        }
    }
}

/// The OpenAPI documents in `dir`, sorted by name, each with the overlay beside it: the file
/// of the same name with `.overlay` before its extension (`pets.overlay.yaml` for
/// `pets.yaml`, in any of the three extensions). An overlay beside no document is an error,
/// as it would otherwise be read as a document or silently ignored.
pub fn spec_files(dir: &Path) -> Result<Vec<(PathBuf, Option<PathBuf>)>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json")
        })
        .collect();
    files.sort();
    let stem = |path: &Path| path.file_stem().map(|s| s.to_string_lossy().into_owned());
    let (overlays, specs): (Vec<PathBuf>, Vec<PathBuf>) = files
        .into_iter()
        .partition(|path| stem(path).is_some_and(|stem| stem.ends_with(".overlay")));
    let mut paired: Vec<(PathBuf, Option<PathBuf>)> =
        specs.into_iter().map(|spec| (spec, None)).collect();
    for overlay in overlays {
        let target = stem(&overlay).and_then(|s| s.strip_suffix(".overlay").map(str::to_owned));
        let spec = paired.iter_mut().find(|(spec, _)| stem(spec) == target);
        match spec {
            Some((_, slot @ None)) => *slot = Some(overlay),
            Some((spec, Some(first))) => {
                return Err(format!(
                    "{} has two overlays, {} and {}; keep one",
                    spec.display(),
                    first.display(),
                    overlay.display()
                ));
            }
            None => {
                return Err(format!(
                    "{} is beside no document: it overlays `{}.yaml`, `.yml` or `.json` of the same folder",
                    overlay.display(),
                    target.unwrap_or_default()
                ));
            }
        }
    }
    Ok(paired)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-codegen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("specs")).expect("creates scratch directory");
        std::fs::create_dir_all(dir.join("generated")).expect("creates scratch directory");
        dir
    }

    const GOOD: &str = "openapi: 3.0.3\ninfo: {title: Good, version: '1'}\npaths: {}\n";

    /// `generated/` is what `cargo xtask codegen` writes from `specs/` and the generator as
    /// they are: the same check as `codegen --check`, inside `cargo test`.
    #[test]
    fn generated_is_fresh() {
        if let Err(stale) = run_in(&crate::workspace_root(), Mode::Check, false) {
            panic!("{stale}");
        }
    }

    #[test]
    fn a_broken_spec_stops_the_run_before_anything_is_written() {
        let root = scratch("broken");
        std::fs::write(root.join("specs/good.yaml"), GOOD).expect("writes");
        std::fs::write(root.join("specs/bad.yaml"), "openapi: 3.0.3\ninfo: {title: Bad, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {$ref: '#/nope'}}}\n").expect("writes");
        std::fs::write(root.join("generated/old.rs"), "// kept").expect("writes");
        let error = run_in(&root, Mode::Write, false).expect_err("bad.yaml has an error");
        assert!(error.contains("`$ref` target `#/nope` does not exist"), "{error}");
        assert!(error.ends_with("nothing written: 1 document(s) have errors"), "{error}");
        let files: Vec<_> = std::fs::read_dir(root.join("generated"))
            .expect("reads")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(files, ["old.rs"]);
        std::fs::remove_dir_all(&root).expect("cleans up");
    }

    #[test]
    fn check_names_each_stale_file_and_write_makes_it_pass() {
        let root = scratch("check");
        std::fs::write(root.join("specs/good.yaml"), GOOD).expect("writes");
        std::fs::write(root.join("generated/leftover.rs"), "// stale").expect("writes");
        let error = run_in(&root, Mode::Check, false).expect_err("nothing is generated yet");
        assert!(error.starts_with("generated/ is stale; run `cargo xtask codegen`:\n"), "{error}");
        assert!(error.contains("  generated/src/good/client.rs (missing)"), "{error}");
        assert!(error.contains("  generated/leftover.rs (not generated)"), "{error}");
        run_in(&root, Mode::Write, false).expect("writes");
        run_in(&root, Mode::Check, false).expect("up to date after writing");
        std::fs::remove_dir_all(&root).expect("cleans up");
    }

    /// `specs/NAME.overlay.yaml` is applied to `specs/NAME.yaml` and is no module of its own;
    /// an overlay beside no document stops the run.
    #[test]
    fn an_overlay_beside_a_document_is_found_and_applied() {
        let root = scratch("overlay");
        std::fs::write(root.join("specs/good.yaml"), GOOD).expect("writes");
        std::fs::write(
            root.join("specs/good.overlay.yaml"),
            "overlay: 1.0.0\ninfo: {title: Pet, version: '1'}\nactions:\n  - target: $\n    update: {components: {schemas: {Pet: {type: object, properties: {name: {type: string}}}}}}\n",
        )
        .expect("writes");
        run_in(&root, Mode::Write, false).expect("writes");
        let types = std::fs::read_to_string(root.join("generated/src/good/types.rs"))
            .expect("the overlay's schema made a types module");
        assert!(types.contains("pub struct Pet {"), "{types}");
        assert!(!root.join("generated/src/good_overlay").exists());
        std::fs::write(root.join("specs/other.overlay.yml"), "overlay: 1.0.0\n").expect("writes");
        let error = run_in(&root, Mode::Check, false).expect_err("other.yaml does not exist");
        assert_eq!(
            error,
            format!(
                "{} is beside no document: it overlays `other.yaml`, `.yml` or `.json` of the same folder",
                root.join("specs/other.overlay.yml").display()
            )
        );
        std::fs::remove_dir_all(&root).expect("cleans up");
    }

    /// A problem of the overlay is shown in the overlay file, by its path in `specs/`.
    #[test]
    fn a_problem_of_an_overlay_names_the_overlay_file() {
        let root = scratch("overlay-error");
        std::fs::write(root.join("specs/good.yaml"), GOOD).expect("writes");
        std::fs::write(
            root.join("specs/good.overlay.yaml"),
            "overlay: 1.0.0\ninfo: {title: Fix, version: '1'}\nactions:\n  - target: $.paths[?@.get\n    remove: true\n",
        )
        .expect("writes");
        let error = run_in(&root, Mode::Write, false).expect_err("the JSONPath is invalid");
        assert_eq!(
            error,
            "error: `$.paths[?@.get` is not a valid JSONPath (RFC 9535): at position 14, in long-hand segment, expected closing ']'
 --> specs/good.overlay.yaml:4:13
  |
4 |   - target: $.paths[?@.get
  |             ^
  = at: #/actions/0/target

nothing written: 1 document(s) have errors"
        );
        std::fs::remove_dir_all(&root).expect("cleans up");
    }

    const WITH_PET: &str = "openapi: 3.0.3\ninfo: {title: Good, version: '1'}\npaths: {}\ncomponents: {schemas: {Pet: {type: object, properties: {name: {type: string}}}}}\n";

    /// A codegen run that changes `generated/` says what it did to the public API in
    /// `CHANGES.md`; a run that changes nothing leaves it alone; `--check` on a stale tree
    /// shows the change it would make.
    #[test]
    fn changes_md_reports_each_regeneration_that_changes_the_crate() {
        let root = scratch("changes");
        let changes_md = root.join("generated/CHANGES.md");
        std::fs::write(root.join("specs/good.yaml"), GOOD).expect("writes");
        run_in(&root, Mode::Write, false).expect("writes");
        std::fs::write(root.join("specs/good.yaml"), WITH_PET).expect("writes");
        run_in(&root, Mode::Write, false).expect("writes");
        let written = std::fs::read_to_string(&changes_md).expect("CHANGES.md is written");
        assert_eq!(
            written,
            "# Public API changes

What the last `cargo xtask codegen` changed in the public API of this crate, relative to the files it replaced. Written by `cargo xtask codegen`; do not edit by hand.

Semver: **minor** (additive; no caller breaks)

## Added (3)

- `[features] good-schemas` (cargo feature enabling [])
- `good::types` (module)
- `good::types::Pet` (struct, feature `good-schemas`)

## Changed (1)

- `[features] default`: `[]` → `[good-schemas]`

## Removed (0)
"
        );
        run_in(&root, Mode::Check, false).expect("CHANGES.md is neither stale nor extra");
        let before = std::fs::metadata(&changes_md).and_then(|m| m.modified()).expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        run_in(&root, Mode::Write, false).expect("writes");
        let after = std::fs::metadata(&changes_md).and_then(|m| m.modified()).expect("mtime");
        assert_eq!(before, after, "a run that changes nothing leaves CHANGES.md alone");
        std::fs::write(root.join("specs/good.yaml"), GOOD).expect("writes");
        let stale = run_in(&root, Mode::Check, false).expect_err("Pet is gone");
        assert!(
            stale.ends_with(
                "\n\nThe public API change codegen would make:\n\nsemver: major\n\n# Public API changes\n\nSemver: **major** (breaking; some callers must change)\n\n## Added (0)\n\n## Changed (1)\n\n- `[features] default`: `[good-schemas]` → `[]` (breaking: no longer enables `good-schemas` by default)\n\n## Removed (3)\n\n- `[features] good-schemas` (cargo feature) (breaking: crates that enable it no longer build)\n- `good::types` (module) (breaking: removed, or no longer importable at this path)\n- `good::types::Pet` (struct) (breaking: removed, or no longer importable at this path)"
            ),
            "{stale}"
        );
        std::fs::remove_dir_all(&root).expect("cleans up");
    }
}
