//! Proves that the emitter writes what rustfmt would: the standalone crate of every corpus
//! document, every fixture and every spec, with the `tests/conformance.rs` that `--conformance` adds, is
//! written under `target/rustfmt-check/`, and the toolchain's rustfmt, with the project's
//! `.rustfmt.toml`, must find nothing to change in it. A user's
//! `cargo fmt` then leaves generated code alone, and the emitter's layout rules
//! (`generator/src/emit/format/`) are checked against rustfmt itself on real documents.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use tests::workspace_root;

/// Generating and checking Stripe's crate alone takes seconds in a debug build; the
/// documents are shared out among this many threads.
const THREADS: usize = 3;

/// At most this many lines of rustfmt's output are shown per crate, so that a rule that
/// goes wrong everywhere still gives a readable failure.
const SHOWN_LINES: usize = 200;

#[test]
fn every_generated_crate_is_as_rustfmt_writes_it() {
    let rustfmt_version = Command::new("rustfmt").arg("--version").output();
    assert!(
        rustfmt_version.is_ok_and(|output| output.status.success()),
        "rustfmt cannot be run; install it with `rustup component add rustfmt`"
    );
    let documents = documents();
    assert!(documents.len() > 30, "expected the corpus and the fixtures, found {documents:?}");
    let scratch = workspace_root().join("target").join("rustfmt-check");
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                while let Some(document) = documents.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(failure) = check(document, &scratch) {
                        failures
                            .lock()
                            .unwrap_or_else(|poisoned| poisoned.into_inner())
                            .push(failure);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every OpenAPI document of `tests/corpus/` (recursively), `tests/fixtures/` and `specs/`.
fn documents() -> Vec<PathBuf> {
    let root = workspace_root();
    let tests = root.join("tests");
    let mut documents = Vec::new();
    collect(&tests.join("corpus"), &mut documents);
    collect(&tests.join("fixtures"), &mut documents);
    collect(&root.join("specs"), &mut documents);
    documents.sort();
    documents
}

fn collect(dir: &Path, documents: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the folder is readable") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            collect(&path, documents);
        } else if path.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
            && !tests::is_overlay(&path)
        {
            documents.push(path);
        }
    }
}

/// Generates the crate of `document` under `scratch` and runs `rustfmt --check` on its
/// roots; `Err` names the crate and holds rustfmt's output.
fn check(document: &Path, scratch: &Path) -> Result<(), String> {
    let name = crate_name(document);
    let (model, cases) =
        generator::conformance_model_from_file(document, &tests::overlays_beside(document))
            .map_err(|report| format!("{}: does not generate: {report}", document.display()))?;
    let source = document.file_name().map(|name| name.to_string_lossy().into_owned());
    let source = source.unwrap_or_default();
    let files = generator::emit::conformance_crate(&name, &model.api, &source, &cases);
    let dir = scratch.join(&name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("the old crate can be removed");
    }
    for (path, text) in &files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("files are in a folder"))
            .expect("the scratch folder is writable");
        std::fs::write(&path, text).expect("the scratch folder is writable");
    }
    let output = Command::new("rustfmt")
        .args(["--check", "--edition", "2024", "--config-path"])
        .arg(workspace_root().join(".rustfmt.toml"))
        .arg(dir.join("src").join("lib.rs"))
        .arg(dir.join("tests").join("conformance.rs"))
        .output()
        .map_err(|error| {
            format!(
                "rustfmt cannot be run ({error}); install it with `rustup component add rustfmt`"
            )
        })?;
    if output.status.success() {
        return Ok(());
    }
    let report = String::from_utf8_lossy(&output.stdout);
    let shown: Vec<&str> = report.lines().take(SHOWN_LINES).collect();
    Err(format!(
        "rustfmt would change the crate of {} (written to {}):\n{}\n{}",
        document.display(),
        dir.display(),
        shown.join("\n"),
        String::from_utf8_lossy(&output.stderr)
    ))
}

/// A crate name for a document: its file name without extension, dots made dashes, with
/// a prefix that keeps it a valid name (`pair-3.0.yaml` -> `fmt-pair-3-0`).
fn crate_name(document: &Path) -> String {
    let stem = document.file_stem().map(|stem| stem.to_string_lossy()).unwrap_or_default();
    format!("fmt-{}", stem.replace(['.', '_'], "-"))
}
