//! `cargo xtask evolution`: proves that a spec change the document only adds to does not
//! break the code of the generated client's callers, and that the API change report says
//! so, on the pairs of documents in `tests/evolution/`.
//!
//! Each pair is a folder with `v1.yaml`, `v2.yaml`, `caller.rs` (code written against v1's
//! client) and `semver` (`minor` for an additive change, `major` for a breaking one, as
//! cargo-semver-checks classifies it). The check:
//! - the change report of [`crate::changes`] between the crates of v1 and v2 gives the
//!   pair's `semver`;
//! - every caller compiles against v1, and the caller of every additive pair compiles,
//!   unchanged, against v2;
//! - with `--semver-checks`, cargo-semver-checks (installed pinned into `target/tools/`)
//!   finds a breaking change in exactly the pairs marked `major`.
//!
//! The pairs are modules of one crate per version (and the callers of one caller crate), so
//! that the whole check is two `cargo check`s sharing the target directory of the other
//! generated crates the tests build.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::emit::{Files, SpecModule};

use crate::changes;

/// The pinned cargo-semver-checks the classification is checked against.
const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// The package name of the generated crates, as the callers name it.
const API_CRATE: &str = "evolution-api";

/// One pair of documents.
#[derive(Debug)]
struct Pair {
    /// The folder's name (`optional-parameter`).
    name: String,
    /// Its module in the crates (`optional_parameter`).
    module: String,
    folder: PathBuf,
    /// `minor` or `major`.
    expected: String,
}

/// `cargo xtask evolution [--semver-checks]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let semver_checks = match args {
        [] => false,
        [flag] if flag == "--semver-checks" => true,
        _ => {
            return Err(format!(
                "unexpected arguments for `evolution`: {}; see `cargo xtask evolution --help`",
                args.join(" ")
            ));
        }
    };
    let root = crate::workspace_root();
    let summary = check(&root, semver_checks)?;
    print!("{summary}");
    Ok(())
}

/// Runs the whole check; the table of pairs on success, every failure otherwise.
fn check(root: &Path, semver_checks: bool) -> Result<String, String> {
    let pairs = pairs(&root.join("tests").join("evolution"))?;
    let scratch = root.join("target").join("evolution");
    let mut failures = Vec::new();
    let mut table = String::from("pair                     report  expected\n");

    let mut crates = Vec::new();
    for version in ["v1", "v2"] {
        let mut models = Vec::new();
        for pair in &pairs {
            let spec = pair.folder.join(format!("{version}.yaml"));
            let model = generator::model_from_file(&spec).map_err(|report| report.to_string())?;
            models.push((pair, spec, model));
        }
        let modules: Vec<SpecModule<'_>> = models
            .iter()
            .map(|(pair, spec, model)| SpecModule {
                name: pair.module.clone(),
                api: &model.api,
                source: relative(root, spec),
            })
            .collect();
        let mut files = generator::emit::workspace_crate(API_CRATE, &modules);
        // A workspace of its own: under `target/` of this one, cargo would take it for a
        // member that the workspace does not list.
        if let Some(manifest) = files.get_mut(Path::new("Cargo.toml")) {
            manifest.push_str("\n[workspace]\n");
        }
        let standalone: Vec<Files> = models
            .iter()
            .map(|(pair, spec, model)| {
                generator::emit::standalone_crate(&pair.name, &model.api, &relative(root, spec))
            })
            .collect();
        crates.push((files, standalone));
    }
    let [(v1, v1_pairs), (v2, v2_pairs)] =
        <[_; 2]>::try_from(crates).map_err(|_| "two versions were generated".to_owned())?;

    for ((pair, old), new) in pairs.iter().zip(&v1_pairs).zip(&v2_pairs) {
        let report = changes::compare(old, new)
            .map_err(|error| format!("{}: the change report failed: {error}", pair.name))?;
        let found = report.semver().name();
        let _ = writeln!(table, "{:<24} {:<7} {}", pair.name, found, pair.expected);
        if found != pair.expected {
            failures.push(format!(
                "{}: the change report says {found}, the pair is {}:\n{}",
                pair.name,
                pair.expected,
                report.markdown(None)
            ));
        }
    }

    let v1_dir = scratch.join("v1");
    let v2_dir = scratch.join("v2");
    write_tree(&v1_dir, &v1)?;
    write_tree(&v2_dir, &v2)?;
    let target = root.join("target").join("standalone-target");
    let additive: Vec<&Pair> = pairs.iter().filter(|pair| pair.expected != "major").collect();
    let all: Vec<&Pair> = pairs.iter().collect();
    for (label, api, callers) in [("v1", &v1_dir, &all), ("v2", &v2_dir, &additive)] {
        let dir = scratch.join(format!("callers-{label}"));
        write_callers(&dir, api, callers)?;
        if let Err(errors) = cargo(&dir, &target, &["check", "--quiet"]) {
            failures.push(format!("the callers do not compile against {label}:\n{errors}"));
        }
    }

    if semver_checks {
        match semver_checks_breaks(root, &v1_dir, &v2_dir, &target) {
            Ok(breaking) => {
                for pair in &pairs {
                    let found = if breaking.contains(&pair.module) { "major" } else { "minor" };
                    if found != pair.expected {
                        failures.push(format!(
                            "{}: cargo-semver-checks says {found}, the pair is {}",
                            pair.name, pair.expected
                        ));
                    }
                }
                table.push_str("cargo-semver-checks agrees on every pair\n");
            }
            Err(error) => failures.push(error),
        }
    }
    if failures.is_empty() { Ok(table) } else { Err(failures.join("\n\n")) }
}

/// The pairs in `folder`, by name.
fn pairs(folder: &Path) -> Result<Vec<Pair>, String> {
    let entries = fs::read_dir(folder)
        .map_err(|error| format!("cannot read {}: {error}", folder.display()))?;
    let mut pairs = Vec::new();
    for entry in entries {
        let path = entry.map_err(|error| error.to_string())?.path();
        if !path.is_dir() {
            continue;
        }
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default().to_owned();
        let semver = path.join("semver");
        let expected = fs::read_to_string(&semver)
            .map_err(|error| format!("cannot read {}: {error}", semver.display()))?
            .trim()
            .to_owned();
        if expected != "minor" && expected != "major" {
            return Err(format!(
                "{}: `{expected}` is neither `minor` nor `major`",
                semver.display()
            ));
        }
        pairs.push(Pair { module: name.replace('-', "_"), name, folder: path, expected });
    }
    pairs.sort_by(|a, b| a.name.cmp(&b.name));
    if pairs.is_empty() {
        return Err(format!("no pairs in {}", folder.display()));
    }
    Ok(pairs)
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).display().to_string()
}

/// Replaces `dir` with `files`.
fn write_tree(dir: &Path, files: &Files) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir)
            .map_err(|error| format!("cannot clear {}: {error}", dir.display()))?;
    }
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        }
        fs::write(&path, text)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    Ok(())
}

/// A crate of the callers of `pairs`, each its own module, depending on the crate in `api`.
fn write_callers(dir: &Path, api: &Path, pairs: &[&Pair]) -> Result<(), String> {
    let mut files = Files::new();
    let api_path = api.display().to_string().replace('\\', "/");
    files.insert(
        "Cargo.toml".into(),
        format!(
            "[package]\nname = \"evolution-callers\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n{API_CRATE} = {{ path = \"{api_path}\" }}\n\n[workspace]\n"
        ),
    );
    let mut lib = String::from("//! The callers of the spec-evolution pairs.\n\n");
    for pair in pairs {
        let _ = writeln!(lib, "pub mod {};", pair.module);
        let caller = pair.folder.join("caller.rs");
        let text = fs::read_to_string(&caller)
            .map_err(|error| format!("cannot read {}: {error}", caller.display()))?;
        files.insert(format!("src/{}.rs", pair.module).into(), text);
    }
    files.insert("src/lib.rs".into(), lib);
    write_tree(dir, &files)
}

/// Runs `cargo args` in `dir` with the shared target directory; its error output on failure.
fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// The modules in which cargo-semver-checks finds a breaking change between the crates in
/// `v1` and `v2`.
fn semver_checks_breaks(
    root: &Path,
    v1: &Path,
    v2: &Path,
    target: &Path,
) -> Result<Vec<String>, String> {
    let tools = root.join("target").join("tools");
    let binary = tools.join("bin").join("cargo-semver-checks");
    if !binary.exists() {
        println!("installing cargo-semver-checks {SEMVER_CHECKS_VERSION} into {}", tools.display());
        let status = Command::new(env!("CARGO"))
            .args(["install", "--locked", "--quiet", "cargo-semver-checks", "--version"])
            .arg(SEMVER_CHECKS_VERSION)
            .arg("--root")
            .arg(&tools)
            .status()
            .map_err(|error| format!("cannot run cargo install: {error}"))?;
        if !status.success() {
            return Err("cargo install cargo-semver-checks failed".to_owned());
        }
    }
    let mut rustdocs = Vec::new();
    for (label, dir) in [("v1", v1), ("v2", v2)] {
        // Both crates are `evolution-api` 0.1.0: each JSON is copied before the next
        // overwrites it.
        let output = Command::new(env!("CARGO"))
            .args(["rustdoc", "--quiet", "--lib", "--all-features", "--"])
            .args(["-Z", "unstable-options", "--output-format", "json"])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .env("RUSTC_BOOTSTRAP", "1")
            .output()
            .map_err(|error| format!("cannot run cargo rustdoc: {error}"))?;
        if !output.status.success() {
            return Err(format!(
                "rustdoc JSON of {label} failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let json = target.join("doc").join("evolution_api.json");
        let copy = dir.join("rustdoc.json");
        fs::copy(&json, &copy)
            .map_err(|error| format!("cannot copy {}: {error}", json.display()))?;
        rustdocs.push(copy);
    }
    let output = Command::new(&binary)
        .args(["semver-checks", "check-release", "--baseline-rustdoc"])
        .arg(&rustdocs[0])
        .arg("--current-rustdoc")
        .arg(&rustdocs[1])
        .output()
        .map_err(|error| format!("cannot run {}: {error}", binary.display()))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(breaking_modules(&text))
}

/// The modules cargo-semver-checks' report names under a failed lint: each `Failed in:` line
/// names an item (`evolution_api::module::...`) or a file (`src/module/...`).
fn breaking_modules(report: &str) -> Vec<String> {
    let mut modules = Vec::new();
    let mut failed_in = false;
    for line in report.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("Failed in:") {
            failed_in = true;
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with("---") {
            failed_in = false;
            continue;
        }
        if !failed_in {
            continue;
        }
        let module = trimmed
            .split("evolution_api::")
            .nth(1)
            .or_else(|| trimmed.split(" src/").nth(1))
            .and_then(|rest| rest.split(['/', ':', ' ', '.', ',']).next());
        if let Some(module) = module.filter(|module| !module.is_empty()) {
            if !modules.iter().any(|known| known == module) {
                modules.push(module.to_owned());
            }
        }
    }
    modules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn additive_spec_changes_keep_callers_compiling_and_are_reported_minor() {
        let root = crate::workspace_root();
        match check(&root, false) {
            Ok(table) => {
                for pair in pairs(&root.join("tests").join("evolution")).unwrap_or_default() {
                    assert!(table.contains(&pair.name), "{table}");
                }
            }
            Err(failures) => panic!("{failures}"),
        }
    }

    #[test]
    fn the_modules_of_failed_lints_are_read_from_the_report() {
        // As cargo-semver-checks 0.51 prints it.
        let report = "--- failure method_parameter_count_changed: pub method parameter count changed ---
       impl: https://github.com/obi1kenobi/cargo-semver-checks/tree/v0.51.0/src/lints/method_parameter_count_changed.ron
Failed in:
  evolution_api::required_parameter::Client::list_items takes 0 parameters in src/required_parameter/client/untagged.rs:19, but now takes 1 parameters in src/required_parameter/client/untagged.rs:23
--- failure inherent_method_missing: pub method removed or renamed ---
Failed in:
  Client::get_legacy, previously in file src/removed_operation/client/untagged.rs:19
     Summary semver requires new major version: 2 major and 0 minor checks failed
";
        assert_eq!(breaking_modules(report), ["required_parameter", "removed_operation"]);
    }
}
