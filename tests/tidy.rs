//! Repository hygiene, checked by every `cargo test` as rust-analyzer's tidy test does: each
//! hand-written source file says what it is for, no file names a path of one machine, no
//! code reads outside the repository through a relative path, no snapshot is left pending,
//! and the corpus says where each of its documents comes from and under which licence.

use std::path::{Component, Path, PathBuf};

use tests::workspace_root;

/// Folders that hold no hand-written text of ours: build output, git's own files, and the
/// corpus, whose documents are kept byte for byte as published.
const NOT_OURS: &[&str] = &["target", ".git", "tests/corpus"];

/// Where hand-written Rust lives; `generated/` is written by `cargo xtask codegen`.
const HAND_WRITTEN: &[&str] = &["generator", "xtask", "tests"];

/// Top-level folders whose absolute paths exist on one machine only: home and work folders,
/// temporary files. Spelled without their slashes so this file passes its own
/// check.
const MACHINE_FOLDERS: &[&str] = &["work", "root", "home", "Users", "tmp"];

#[test]
fn every_hand_written_source_file_has_a_module_doc() {
    let root = workspace_root();
    let missing: Vec<String> = rust_files(&root)
        .into_iter()
        .filter(|path| HAND_WRITTEN.iter().any(|dir| path.starts_with(root.join(dir))))
        .filter(|path| !starts_with_module_doc(&read(path)))
        .map(|path| shown(&root, &path))
        .collect();
    assert!(missing.is_empty(), "files without a `//!` module doc:\n{}", missing.join("\n"));
}

#[test]
fn no_file_names_a_path_of_this_machine() {
    let root = workspace_root();
    let mut found = Vec::new();
    for path in text_files(&root) {
        for (line, hit) in machine_paths(&read(&path)) {
            found.push(format!("{}:{line}: {hit}", shown(&root, &path)));
        }
    }
    assert!(found.is_empty(), "absolute paths of one machine:\n{}", found.join("\n"));
}

#[test]
fn no_code_reads_outside_the_repository() {
    let root = workspace_root();
    let mut found = Vec::new();
    for path in rust_files(&root) {
        for (line, hit) in escapes(&root, &path, &read(&path)) {
            found.push(format!("{}:{line}: {hit}", shown(&root, &path)));
        }
    }
    assert!(found.is_empty(), "paths that leave the repository:\n{}", found.join("\n"));
}

/// A snapshot insta left to review (`.snap.new`) is never part of the repository: it is
/// accepted into its `.snap` or thrown away, and a failing snapshot test says which.
#[test]
fn no_snapshot_is_left_pending() {
    let root = workspace_root();
    let pending: Vec<String> = files_under(&root)
        .into_iter()
        .filter(|path| path.to_string_lossy().ends_with(".snap.new"))
        .map(|path| shown(&root, &path))
        .collect();
    assert!(pending.is_empty(), "snapshots left to review:\n{}", pending.join("\n"));
}

#[test]
fn the_corpus_lists_every_document_with_its_origin_and_licence() {
    let corpus = workspace_root().join("tests").join("corpus");
    let sources = read(&corpus.join("SOURCES.md"));
    let mut listed: Vec<String> = Vec::new();
    for row in sources.lines().filter(|line| line.starts_with("| ")) {
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        let file = cells[0];
        if !(file.ends_with(".yaml") || file.ends_with(".json")) {
            continue;
        }
        let licence = cells.get(5).copied().unwrap_or_default();
        assert!(!licence.is_empty(), "SOURCES.md: `{file}` has no licence");
        let origin = cells.get(4).copied().unwrap_or_default();
        assert!(origin.contains(" @ `"), "SOURCES.md: `{file}` names no commit: {origin}");
        listed.push(file.to_owned());
    }
    listed.sort();
    let mut present: Vec<String> = files_under(&corpus)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "json"))
        .map(|path| shown(&corpus, &path))
        .collect();
    present.sort();
    assert_eq!(listed, present, "tests/corpus/SOURCES.md and the documents beside it differ");
}

#[test]
fn the_checks_find_what_they_look_for() {
    assert!(starts_with_module_doc("\n//! What this is.\nuse std::fmt;\n"));
    assert!(!starts_with_module_doc("// a comment\n//! late\n"));
    assert!(!starts_with_module_doc("use std::fmt;\n"));

    let text = format!("let a = 1;\nlet corpus = Path::new(\"/{}/shared/corpus\");\n", "work");
    assert_eq!(machine_paths(&text), [(2, format!("/{}/shared/corpus\");", "work"))]);
    assert_eq!(machine_paths("a/work/b and ./tmp/x"), []);

    let root = &workspace_root();
    let file = root.join("generator/src/emit/mod.rs");
    let inside = "const A: &str = include_str!(\"../../../.rustfmt.toml\");\n\
                  let b = Path::new(env!(\"CARGO_MANIFEST_DIR\")).join(\"../tests/corpus\");\n";
    assert_eq!(escapes(root, &file, inside), []);
    let outside = "let a = Path::new(env!(\"CARGO_MANIFEST_DIR\")).join(\"../../shared/corpus\");\n\
                   let b = include_str!(\"../../../../x\");\n\
                   let c = root.join(\"..\").join(\"shared\");\n";
    let lines: Vec<usize> =
        escapes(root, &file, outside).into_iter().map(|(line, _)| line).collect();
    assert_eq!(lines, [1, 2, 3]);
}

/// Whether the first line that is not blank is a `//!` comment.
fn starts_with_module_doc(text: &str) -> bool {
    text.lines().find(|line| !line.trim().is_empty()).is_some_and(|line| line.starts_with("//!"))
}

/// Each line that holds an absolute path of one machine, with the path and what follows it.
fn machine_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        for folder in MACHINE_FOLDERS {
            let prefix = format!("/{folder}/");
            let starts = line.match_indices(&prefix).map(|(at, _)| at);
            // `a/work/b` is a relative path that happens to contain the word.
            let absolute = starts.filter(|&at| {
                at == 0
                    || !line[..at].ends_with(|c: char| c.is_alphanumeric() || "_.-/".contains(c))
            });
            if let Some(at) = absolute.min() {
                let end = line[at..].find(char::is_whitespace).map_or(line.len(), |n| at + n);
                found.push((index + 1, line[at..end].to_owned()));
            }
        }
    }
    found
}

/// Each line of the Rust file `path` whose relative path leaves the repository at `root`:
/// a join of the parent directory, or a string literal starting with `../` that climbs
/// above `root`. Literals
/// in `include_str!` and its kin are relative to the file; all others to its crate, the
/// directory cargo runs tests in and `CARGO_MANIFEST_DIR` names.
fn escapes(root: &Path, path: &Path, text: &str) -> Vec<(usize, String)> {
    let file_dir = path.parent().unwrap_or(root);
    let crate_dir = path
        .ancestors()
        .skip(1)
        .find(|dir| dir.join("Cargo.toml").is_file() || dir.join("src").is_dir())
        .unwrap_or(root);
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.contains(".join(\"..\")") {
            found.push((index + 1, line.trim().to_owned()));
            continue;
        }
        let base = if line.contains("include") { file_dir } else { crate_dir };
        let climbs = string_literals(line)
            .into_iter()
            .filter(|literal| literal.starts_with("../"))
            .any(|literal| !stays_under(root, &base.join(literal)));
        if climbs {
            found.push((index + 1, line.trim().to_owned()));
        }
    }
    found
}

/// The contents of the `"…"` literals of one line (escapes left as written).
fn string_literals(line: &str) -> Vec<&str> {
    let mut literals = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let mut escaped = false;
        let end = after.char_indices().find(|&(_, c)| {
            let closes = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            closes
        });
        let Some((end, _)) = end else { break };
        literals.push(&after[..end]);
        rest = &after[end + 1..];
    }
    literals
}

/// Whether `path`, with its `..` resolved, is `root` or below it.
fn stays_under(root: &Path, path: &Path) -> bool {
    let mut resolved = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
    }
    resolved.starts_with(root)
}

fn rust_files(root: &Path) -> Vec<PathBuf> {
    files_under(root)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect()
}

/// Every file of ours that is UTF-8 text.
fn text_files(root: &Path) -> Vec<PathBuf> {
    files_under(root).into_iter().filter(|path| std::fs::read_to_string(path).is_ok()).collect()
}

/// Every file under `dir`, sorted, leaving out [`NOT_OURS`] when `dir` is the repository.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let root = workspace_root();
    let skipped: Vec<PathBuf> =
        NOT_OURS.iter().map(|folder| root.join(folder)).filter(|folder| folder != dir).collect();
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", current.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if skipped.contains(&path) {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// `path` relative to `base`, with `/` separators.
fn shown(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
