//! Reading a document: JSON or YAML text into a tree of [`Node`]s that remember their position.
//!
//! Both syntaxes produce the same tree, so later stages never know which one was written. Any
//! problem with the text itself (unreadable file, syntax error, empty document) is reported
//! here, with its line, column and the JSON pointer of the value concerned.

mod json;
mod node;
pub mod overlay;
pub mod reference;
mod yaml;

#[cfg(feature = "conformance")]
pub(crate) use node::unescape_segment;
pub use node::{Node, Pointer, Span, Value};

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location, Report};

/// A parsed document and the text it came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file as the user named it.
    pub file: PathBuf,
    /// Its text, without a byte order mark; spans count from its start.
    pub source: String,
    /// The top-level value.
    pub root: Node,
}

/// What loading produced: the document and any warnings (duplicate keys...).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The document.
    pub document: Document,
    /// Warnings about the text; never errors, which make loading fail.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and parses a file. Errors (unreadable file, invalid JSON/YAML, empty document) come back
/// as a Report naming the file.
pub fn load_file(path: &Path) -> Result<Loaded, Report> {
    load_str(path, read_text(path)?)
}

/// The text of a file, which must be UTF-8; an error is a Report naming the file.
pub fn read_text(path: &Path) -> Result<String, Report> {
    let bytes = std::fs::read(path).map_err(|error| {
        let message = format!("cannot read `{}`: {error}", path.display());
        Report::new(path, String::new(), vec![Diagnostic::error(message, None)])
    })?;
    String::from_utf8(bytes).map_err(|error| not_utf8(path, error))
}

/// Parses text already read; `file` is only used in messages and to pick the syntax.
pub fn load_str(file: &Path, mut source: String) -> Result<Loaded, Report> {
    if source.starts_with('\u{feff}') {
        source.drain(..'\u{feff}'.len_utf8());
    }
    let parsed = match syntax(file, &source) {
        Syntax::Json if source.trim_start_matches([' ', '\t', '\r', '\n']).is_empty() => {
            Ok((None, Vec::new()))
        }
        Syntax::Json => json::parse(&source).map(|(root, warnings)| (Some(root), warnings)),
        Syntax::Yaml => yaml::parse(&source),
    };
    match parsed {
        Ok((Some(root), warnings)) => {
            Ok(Loaded { document: Document { file: file.to_path_buf(), source, root }, warnings })
        }
        Ok((None, mut diagnostics)) => {
            let location = Location { span: Span::new(1, 1), pointer: Pointer::root() };
            diagnostics.push(Diagnostic::error(
                "the document is empty; expected an OpenAPI object",
                Some(location),
            ));
            Err(Report::new(file, source, diagnostics))
        }
        Err(diagnostics) => Err(Report::new(file, source, diagnostics)),
    }
}

/// Which parser reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Json,
    Yaml,
}

/// The extension decides; without a known one, text starting with `{` or `[` is JSON, as YAML
/// documents almost never start with a flow collection.
fn syntax(file: &Path, source: &str) -> Syntax {
    let extension = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("json") => Syntax::Json,
        Some("yaml" | "yml") => Syntax::Yaml,
        _ if source.trim_start().starts_with(['{', '[']) => Syntax::Json,
        _ => Syntax::Yaml,
    }
}

/// The error for a file that is not UTF-8, located at the first bad byte.
fn not_utf8(path: &Path, error: std::string::FromUtf8Error) -> Report {
    let valid = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    // Both UTF-16 byte order marks start with bytes UTF-8 never contains.
    let help = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        "the file looks like UTF-16; save it as UTF-8"
    } else {
        "save the file as UTF-8"
    };
    // `valid` is on a character boundary, so the prefix decodes as it is.
    let before = String::from_utf8_lossy(&bytes[..valid]);
    let before = before.strip_prefix('\u{feff}').unwrap_or(&before);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
    let span = Span::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    );
    let diagnostic = Diagnostic::error(
        format!("`{}` is not valid UTF-8", path.display()),
        Some(Location { span, pointer: Pointer::root() }),
    )
    .with_help(help);
    let source = String::from_utf8_lossy(&bytes).into_owned();
    let source = source.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(source);
    Report::new(path, source, vec![diagnostic])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    /// A file in the system's temporary directory, removed when dropped.
    struct TempFile(PathBuf);

    impl TempFile {
        fn new(name: &str, contents: &[u8]) -> Self {
            let path =
                std::env::temp_dir().join(format!("load-test-{}-{name}", std::process::id()));
            std::fs::write(&path, contents).unwrap();
            TempFile(path)
        }
    }

    impl Drop for TempFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn only_error(report: &Report) -> &Diagnostic {
        assert_eq!(report.diagnostics.len(), 1, "{report}");
        assert_eq!(report.diagnostics[0].severity, Severity::Error);
        &report.diagnostics[0]
    }

    #[test]
    fn the_extension_picks_the_syntax() {
        // A trailing comma in a flow mapping is valid YAML but not JSON.
        let text = "{\"a\": 1,}";
        assert!(load_str(Path::new("spec.yaml"), text.to_owned()).is_ok());
        assert!(load_str(Path::new("spec.YML"), text.to_owned()).is_ok());
        let report = load_str(Path::new("spec.json"), text.to_owned()).unwrap_err();
        assert_eq!(only_error(&report).message, "expected a key string, found `}`");
        assert_eq!(report.file, Path::new("spec.json"));
        let report = load_str(Path::new("spec.JSON"), "a: 1".to_owned()).unwrap_err();
        assert_eq!(only_error(&report).message, "expected a value, found `a`");
    }

    #[test]
    fn without_a_known_extension_the_text_is_sniffed() {
        let report = load_str(Path::new("spec"), "\n  {\"a\": 1,}".to_owned()).unwrap_err();
        assert_eq!(only_error(&report).message, "expected a key string, found `}`");
        let report = load_str(Path::new("spec.txt"), "\u{feff}[1,]".to_owned()).unwrap_err();
        assert_eq!(only_error(&report).message, "expected a value, found `]`");
        let loaded = load_str(Path::new("spec.txt"), "openapi: 3.1.0\n".to_owned()).unwrap();
        assert_eq!(loaded.document.root.get("openapi").unwrap().as_str(), Some("3.1.0"));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let loaded = load_str(Path::new("a.yaml"), "\u{feff}openapi: 3.1.0\n".to_owned()).unwrap();
        assert_eq!(loaded.document.source, "openapi: 3.1.0\n");
        let openapi = loaded.document.root.get("openapi").unwrap();
        assert_eq!(openapi.span, Span::new(1, 10));
        let loaded = load_str(Path::new("a.json"), "\u{feff}{\"a\": true}".to_owned()).unwrap();
        assert_eq!(loaded.document.source, "{\"a\": true}");
        assert_eq!(loaded.document.root.get("a").unwrap().span, Span::new(1, 7));
    }

    #[test]
    fn an_empty_document_is_an_error() {
        let cases = [
            ("a.json", "  \n"),
            ("a.yaml", ""),
            ("a.yaml", "# nothing yet\n"),
            ("a.yml", "---\n"),
            ("a", ""),
        ];
        for (file, text) in cases {
            let report = load_str(Path::new(file), text.to_owned()).unwrap_err();
            let error = only_error(&report);
            assert_eq!(
                error.message, "the document is empty; expected an OpenAPI object",
                "{file}: {text:?}"
            );
            let location = error.location.as_ref().unwrap();
            assert_eq!((location.span, location.pointer.as_str()), (Span::new(1, 1), "#"));
        }
    }

    #[test]
    fn warnings_are_returned_with_the_document() {
        let loaded = load_str(Path::new("a.yaml"), "a: 1\na: 2\n".to_owned()).unwrap();
        assert_eq!(loaded.warnings.len(), 1);
        assert_eq!(loaded.document.root.get("a").unwrap().value, Value::Integer(2));
    }

    #[test]
    fn errors_keep_the_text_and_earlier_warnings() {
        let text = "a: 1\na: 2\nb: [\n";
        let report = load_str(Path::new("bad.yaml"), text.to_owned()).unwrap_err();
        assert_eq!(report.source, text);
        assert_eq!(report.diagnostics.len(), 2);
        assert_eq!(report.diagnostics[0].severity, Severity::Warning);
        assert_eq!(report.error_count(), 1);
    }

    #[test]
    fn a_missing_file_is_reported_without_location() {
        let path = Path::new("specs/does-not-exist.yaml");
        let report = load_file(path).unwrap_err();
        let error = only_error(&report);
        assert_eq!(
            error.message,
            "cannot read `specs/does-not-exist.yaml`: No such file or directory (os error 2)"
        );
        assert_eq!(error.location, None);
        assert_eq!(report.file, path);
        assert_eq!(report.source, "");
    }

    #[test]
    fn a_file_is_read_and_parsed() {
        let file = TempFile::new("ok.yaml", b"openapi: 3.0.3\ninfo:\n  title: T\n");
        let loaded = load_file(&file.0).unwrap();
        assert_eq!(loaded.document.file, file.0);
        assert_eq!(loaded.document.source, "openapi: 3.0.3\ninfo:\n  title: T\n");
        assert_eq!(loaded.document.root.pointer("/info/title").unwrap().span, Span::new(3, 10));
    }

    #[test]
    fn a_file_that_is_not_utf8_is_located() {
        let file = TempFile::new("latin1.yaml", b"openapi: 3.0.3\ninfo:\n  title: caf\xe9\n");
        let report = load_file(&file.0).unwrap_err();
        let error = only_error(&report);
        assert_eq!(error.message, format!("`{}` is not valid UTF-8", file.0.display()));
        assert_eq!(error.location.as_ref().unwrap().span, Span::new(3, 13));
        assert_eq!(error.help.as_deref(), Some("save the file as UTF-8"));
        assert_eq!(report.source, "openapi: 3.0.3\ninfo:\n  title: caf\u{FFFD}\n");
        let file = TempFile::new("utf16.json", &[0xFF, 0xFE, b'{', 0, b'}', 0]);
        let report = load_file(&file.0).unwrap_err();
        assert_eq!(
            only_error(&report).help.as_deref(),
            Some("the file looks like UTF-16; save it as UTF-8")
        );
    }

    /// Every real-world document of `tests/corpus/` loads, as an object.
    #[test]
    fn the_corpus_loads() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
        let mut checked = 0;
        for dir in [root.clone(), root.join("openapi-3.1")] {
            let entries = std::fs::read_dir(&dir)
                .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
            let mut paths: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
            paths.sort();
            for path in paths {
                let extension = path.extension().and_then(|e| e.to_str());
                if !matches!(extension, Some("json" | "yaml" | "yml")) {
                    continue;
                }
                let loaded = load_file(&path).unwrap_or_else(|report| panic!("{report}"));
                assert!(loaded.document.root.as_object().is_some(), "{}", path.display());
                checked += 1;
            }
        }
        assert_eq!(checked, 24, "documents in tests/corpus/");
    }
}
