//! Generated crates compile and pass clippy: every fixture and every document of `specs/`
//! is written as a standalone crate, as `cargo xtask generate` does, and checked with
//! `cargo clippy -- -D warnings`, all sharing one target directory. (`rustfmt.rs` checks
//! the same crates, inlined runtime included, against rustfmt.)

use std::path::{Path, PathBuf};
use std::process::Command;

use tests::{fixture, workspace_root};

fn write_crate(spec: &Path, name: &str, out: &Path) {
    let model = generator::model_from_file_with_overlays(spec, &tests::overlays_beside(spec))
        .unwrap_or_else(|report| panic!("{report}"));
    let source = spec.file_name().expect("file name").to_string_lossy().into_owned();
    let files = generator::emit::standalone_crate(name, &model.api, &source);
    let _ = std::fs::remove_dir_all(out);
    for (path, content) in files {
        let path = out.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("creates directories");
        std::fs::write(path, content).expect("writes");
    }
}

#[test]
fn standalone_crates_compile_without_warnings() {
    let root = workspace_root();
    let scratch = root.join("target").join("standalone-crates");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(fixture(""))
        .expect("fixtures")
        .chain(std::fs::read_dir(root.join("specs")).expect("specs"))
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
        .filter(|path| !tests::is_overlay(path))
        .collect();
    specs.sort();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut failures = Vec::new();
    for spec in &specs {
        let stem = spec.file_stem().expect("stem").to_string_lossy().replace(['_', '.'], "-");
        let dir = scratch.join(&stem);
        write_crate(spec, &format!("check-{stem}"), &dir);
        let output = Command::new(&cargo)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root.join("target").join("standalone-target"))
            .args(["clippy", "--quiet", "--", "-D", "warnings"])
            .output()
            .expect("runs cargo clippy");
        if !output.status.success() {
            failures.push(format!(
                "{}:\n{}",
                spec.display(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One tag's feature alone, and no feature at all, compile without warnings: every type
/// and import the other tags need is left out with them, and a type every feature reaches
/// is in every build without a `cfg`.
#[test]
fn each_tag_feature_compiles_alone() {
    let root = workspace_root();
    let dir = root.join("target").join("standalone-crates").join("tags-features");
    write_crate(&fixture("tags.yaml"), "check-tags-features", &dir);
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("manifest");
    assert!(
        manifest.contains("[features]\ndefault = [\"pets\", \"schemas\", \"store-front\", \"untagged\"]\npets = []\nschemas = []\nstore-front = []\nuntagged = []\n"),
        "{manifest}"
    );
    let types = std::fs::read_to_string(dir.join("src").join("types.rs")).expect("types");
    // `Problem` is reached by every feature, so it is in every build; `Person` by two.
    assert!(
        types.contains("}\n\n#[derive(Debug, Clone, PartialEq, Default, Serialize)]\n#[non_exhaustive]\npub struct Problem {"),
        "{types}"
    );
    assert!(
        types.contains("#[cfg(any(feature = \"pets\", feature = \"store-front\"))]\n#[derive(Debug, Clone, PartialEq, Default)]\n#[non_exhaustive]\npub struct Person {"),
        "{types}"
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for features in [
        &["--features", "pets"][..],
        &["--features", "store-front"],
        &["--features", "untagged"],
        &["--features", "schemas"],
        &[],
    ] {
        let output = Command::new(&cargo)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root.join("target").join("standalone-target"))
            .args(["clippy", "--quiet", "--no-default-features"])
            .args(features)
            .args(["--", "-D", "warnings"])
            .output()
            .expect("runs cargo clippy");
        assert!(
            output.status.success(),
            "{features:?}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
