//! The runtime crate (`generator/runtime/`, package `client-runtime`) written into a generated
//! crate as its `runtime` module: `lib.rs` becomes `runtime/mod.rs`, each module it declares a
//! file beside it, and its `[dependencies]` the generated crate's.
//!
//! The sources are copied as they are, but for the parts a crate may not use. Each carries
//! `#[cfg(feature = "…")]` with a feature of the runtime crate, whose builds have them all;
//! a generated crate gets the part without the attribute when every build of it uses the part,
//! under its own tag features when only those tags' operations or types use it, and not at all
//! when nothing does. Left in unused, the part would be dead code in the crate. The unit tests
//! (`#[cfg(test)]`) are always left out.

/// `lib.rs` and the modules it declares, by file name.
const SOURCES: &[(&str, &str)] = &[
    ("lib.rs", include_str!("../../runtime/src/lib.rs")),
    ("base64_bytes.rs", include_str!("../../runtime/src/base64_bytes.rs")),
    ("client.rs", include_str!("../../runtime/src/client.rs")),
    ("enums.rs", include_str!("../../runtime/src/enums.rs")),
    ("error.rs", include_str!("../../runtime/src/error.rs")),
    ("options.rs", include_str!("../../runtime/src/options.rs")),
    ("request.rs", include_str!("../../runtime/src/request.rs")),
    ("response.rs", include_str!("../../runtime/src/response.rs")),
    ("retry.rs", include_str!("../../runtime/src/retry.rs")),
    ("tagged.rs", include_str!("../../runtime/src/tagged.rs")),
    ("tristate.rs", include_str!("../../runtime/src/tristate.rs")),
    ("webhook.rs", include_str!("../../runtime/src/webhook.rs")),
];

/// The runtime crate's manifest, whose `[dependencies]` every generated crate has.
const MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The `[dependencies]` lines of the runtime crate, which are those of every generated crate.
pub fn dependencies() -> &'static str {
    let start = MANIFEST.find("\n[dependencies]\n").map_or(MANIFEST.len(), |i| i + 16);
    let section = &MANIFEST[start..];
    section.find("\n[").map_or(section, |end| &section[..=end])
}

/// The files of the `runtime` module, by path relative to it (`mod.rs`, `client.rs`...).
pub fn files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut declared = String::new();
    for (name, source) in SOURCES {
        let text = inline(source);
        if *name == "lib.rs" {
            declared = text.clone();
            files.push(("mod.rs".to_owned(), text));
        } else {
            let module = name.trim_end_matches(".rs");
            // A module left out of `mod.rs` is not written either.
            if declared.lines().any(|line| line == format!("mod {module};")) {
                files.push(((*name).to_owned(), text));
            }
        }
    }
    files
}

/// `source` without its `#[cfg(test)]` items.
fn inline(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let indent = indentation(line);
        index += 1;
        if gate(line) != Some("test") {
            out.push(line.to_owned());
            continue;
        }
        index = item_end(&lines, index, indent) + 1;
        // One blank line separated the item from its neighbours: keep it only between two
        // items.
        let next = lines.get(index).copied();
        let block_ends = next.is_none_or(|next| next.is_empty() || indentation(next) < indent);
        if out.last().is_some_and(|last| last.is_empty()) && block_ends {
            out.pop();
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// What a `#[cfg(…)]` line tests (`test`, `feature = "name"`); `None` for any other line.
fn gate(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix("#[cfg(")?.strip_suffix(")]")
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The index of the last line of the item starting at `start` and indented by `indent`: the
/// first line at that indentation that ends it (`;`, `,` or `}` ends a rustfmt-formatted
/// item, a variant or a match arm).
fn item_end(lines: &[&str], start: usize, indent: usize) -> usize {
    (start..lines.len())
        .find(|&index| {
            let line = lines[index];
            !line.is_empty()
                && indentation(line) == indent
                && (line.ends_with(';') || line.ends_with(',') || line.ends_with('}'))
        })
        .unwrap_or(lines.len())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{SOURCES, dependencies, files};

    /// The runtime crate's `src/`, read from disk to check what `SOURCES` includes.
    fn source_dir() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime").join("src")
    }

    #[test]
    fn every_module_of_the_runtime_crate_is_inlined() {
        let mut on_disk: Vec<String> = std::fs::read_dir(source_dir())
            .expect("runtime sources")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".rs") && name != "tests.rs")
            .collect();
        on_disk.sort();
        let mut inlined: Vec<String> = SOURCES.iter().map(|(name, _)| (*name).to_owned()).collect();
        inlined.sort();
        assert_eq!(inlined, on_disk);
    }

    #[test]
    fn the_unit_tests_stay_in_the_runtime_crate() {
        let lib = std::fs::read_to_string(source_dir().join("lib.rs")).expect("lib.rs");
        assert!(lib.contains("#[cfg(test)]\nmod tests;\n"), "{lib}");
        for (name, text) in files() {
            assert!(
                !text.contains("#[cfg(test)]") && !text.contains("mod tests"),
                "{name}:\n{text}"
            );
        }
    }

    #[test]
    fn every_runtime_file_has_a_module_doc_comment() {
        let mut pending = vec![source_dir()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(dir).expect("runtime sources") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let text = std::fs::read_to_string(&path).expect("source");
                    assert!(text.starts_with("//! "), "{} has no `//!` comment", path.display());
                }
            }
        }
    }

    #[test]
    fn generated_crates_depend_on_what_the_runtime_crate_does() {
        let manifest =
            std::fs::read_to_string(source_dir().join("../Cargo.toml")).expect("manifest");
        let section = dependencies();
        assert!(section.starts_with("base64 = ") && section.ends_with("\"] }\n"), "{section}");
        assert!(manifest.contains(&format!("\n[dependencies]\n{section}")), "{section}");
        assert!(!section.contains("\n["), "{section}");
    }
}
