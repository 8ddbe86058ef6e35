//! `cargo xtask test`: every test, with whatever the tests need beyond cargo installed first:
//! the OpenAPI validator (pip), Stoplight Prism (npm) and rustfmt (rustup); then the workspace's tests, those
//! that need Prism included, and the conformance suite against its judges (which installs the
//! express judge's packages too).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The OpenAPI validator every document of `specs/` must pass, from PyPI.
const VALIDATOR: &str = "openapi-spec-validator==0.9.0";

pub fn run() -> Result<(), String> {
    let root = crate::workspace_root();
    validate_specs(&root)?;
    crate::prism::install(&root)?;
    ensure_rustfmt()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // The tests marked `#[ignore]` are the ones that need Prism, which is installed now.
    let test = ["test", "--workspace", "--", "--include-ignored"];
    run_command(Command::new(cargo).current_dir(&root).args(test))?;
    crate::conformance::run(&[])
}

/// Installs the toolchain's rustfmt with rustup when it is missing (a minimal rustup
/// profile leaves it out): the tests check generated code against it.
fn ensure_rustfmt() -> Result<(), String> {
    let present = Command::new("rustfmt").arg("--version").output();
    if present.is_ok_and(|output| output.status.success()) {
        return Ok(());
    }
    println!("installing rustfmt with rustup");
    run_command(Command::new("rustup").args(["component", "add", "rustfmt"]))
}

/// Runs the OpenAPI validator on every document of `specs/`, installing it into
/// `target/tools/` the first time.
fn validate_specs(root: &Path) -> Result<(), String> {
    let venv = root.join("target").join("tools").join("openapi-spec-validator");
    let validator = venv.join("bin").join("openapi-spec-validator");
    if !validator.exists() {
        println!("installing {VALIDATOR} into {}", venv.display());
        run_command(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
        run_command(
            Command::new(venv.join("bin").join("pip")).args(["install", "--quiet", VALIDATOR]),
        )?;
    }
    let specs = spec_files(root)?;
    run_command(
        Command::new(&validator)
            .current_dir(root)
            .args(specs.iter().map(|spec| spec.strip_prefix(root).unwrap_or(spec))),
    )
}

/// The documents of `specs/`, sorted, without the overlays beside them (an overlay is not an
/// OpenAPI document, and the validator judges the document as its vendor wrote it).
pub fn spec_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let specs = crate::codegen::spec_files(&root.join("specs"))?;
    Ok(specs.into_iter().map(|(spec, _)| spec).collect())
}

fn run_command(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let status = command.status().map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{shown} failed ({status})")) }
}
