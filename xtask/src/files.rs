//! Writing a generated file tree: only what changed, each file atomically, and nothing
//! at all unless the whole tree was generated first.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use generator::emit::Files;

/// How a directory differs from the tree that should be there.
#[derive(Debug, Default)]
pub struct Difference {
    /// Files whose content differs.
    pub changed: Vec<PathBuf>,
    /// Files that should exist and do not.
    pub missing: Vec<PathBuf>,
    /// Files that exist and should not.
    pub extra: Vec<PathBuf>,
    /// Files already as they should be.
    pub unchanged: usize,
}

impl Difference {
    /// Whether the directory already holds exactly the tree.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

/// Compares `dir` with `files` (paths relative to `dir`); `owned` says which existing files
/// the tree is responsible for, so that an extra one is reported.
pub fn compare(dir: &Path, files: &Files, owned: impl Fn(&Path) -> bool) -> io::Result<Difference> {
    let mut difference = Difference::default();
    for (path, content) in files {
        match fs::read(dir.join(path)) {
            Ok(existing) if existing == content.as_bytes() => difference.unchanged += 1,
            Ok(_) => difference.changed.push(path.clone()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                difference.missing.push(path.clone())
            }
            Err(error) => {
                return Err(io::Error::new(
                    error.kind(),
                    format!("cannot read {}: {error}", dir.join(path).display()),
                ));
            }
        }
    }
    for path in list(dir)? {
        if owned(&path) && !files.contains_key(&path) {
            difference.extra.push(path);
        }
    }
    Ok(difference)
}

/// Makes `dir` hold `files`: writes changed and missing files (each to a temporary file
/// renamed into place, so no file is ever half-written) and removes the extra ones.
pub fn apply(dir: &Path, files: &Files, difference: &Difference) -> io::Result<()> {
    for path in difference.changed.iter().chain(&difference.missing) {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| annotate(e, parent))?;
        }
        let temporary = target.with_extension("tmp~");
        let content = files.get(path).map(String::as_str).unwrap_or_default();
        fs::write(&temporary, content).map_err(|e| annotate(e, &temporary))?;
        fs::rename(&temporary, &target).map_err(|e| annotate(e, &target))?;
    }
    for path in &difference.extra {
        let target = dir.join(path);
        fs::remove_file(&target).map_err(|e| annotate(e, &target))?;
        remove_empty_parents(dir, &target);
    }
    Ok(())
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut current = file.parent();
    while let Some(dir) = current {
        if dir == root || fs::remove_dir(dir).is_err() {
            break;
        }
        current = dir.parent();
    }
}

/// Every file under `dir`, relative to it, sorted; nothing if `dir` does not exist.
pub fn list(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let entries = match fs::read_dir(dir.join(&relative)) {
            Ok(entries) => entries,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(annotate(error, &dir.join(&relative))),
        };
        for entry in entries {
            let entry = entry?;
            let path = relative.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                pending.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn annotate(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("creates scratch directory");
        dir
    }

    fn tree(entries: &[(&str, &str)]) -> Files {
        entries.iter().map(|(path, content)| (PathBuf::from(path), (*content).to_owned())).collect()
    }

    #[test]
    fn compare_names_changed_missing_and_extra_files() {
        let dir = scratch("compare");
        fs::create_dir_all(dir.join("src")).expect("mkdir");
        fs::write(dir.join("src/same.rs"), "same").expect("write");
        fs::write(dir.join("src/old.rs"), "old").expect("write");
        fs::write(dir.join("src/gone.rs"), "gone").expect("write");
        let wanted =
            tree(&[("src/same.rs", "same"), ("src/old.rs", "new"), ("src/added.rs", "added")]);
        let difference = compare(&dir, &wanted, |_| true).expect("compares");
        assert_eq!(difference.changed, [PathBuf::from("src/old.rs")]);
        assert_eq!(difference.missing, [PathBuf::from("src/added.rs")]);
        assert_eq!(difference.extra, [PathBuf::from("src/gone.rs")]);
        assert_eq!(difference.unchanged, 1);
        fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[test]
    fn apply_writes_only_what_differs_and_removes_extras() {
        let dir = scratch("apply");
        fs::create_dir_all(dir.join("src/gone")).expect("mkdir");
        fs::write(dir.join("src/same.rs"), "same").expect("write");
        fs::write(dir.join("src/gone/file.rs"), "gone").expect("write");
        let before =
            fs::metadata(dir.join("src/same.rs")).and_then(|m| m.modified()).expect("mtime");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let wanted = tree(&[("src/same.rs", "same"), ("src/new/added.rs", "added")]);
        let difference = compare(&dir, &wanted, |_| true).expect("compares");
        apply(&dir, &wanted, &difference).expect("applies");
        assert_eq!(fs::read_to_string(dir.join("src/new/added.rs")).expect("read"), "added");
        assert!(!dir.join("src/gone").exists(), "an emptied directory is removed");
        let after =
            fs::metadata(dir.join("src/same.rs")).and_then(|m| m.modified()).expect("mtime");
        assert_eq!(before, after, "an unchanged file is not rewritten");
        assert!(compare(&dir, &wanted, |_| true).expect("compares").is_empty());
        fs::remove_dir_all(&dir).expect("cleans up");
    }
}
