//! Problems found in a document, located by line, column and JSON pointer, printed like rustc's.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::load::{Pointer, Span};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation went on; the output degrades gracefully at this place.
    Warning,
    /// Generation cannot produce a client from this document.
    Error,
}

/// Where in the document a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Line and column of the node.
    pub span: Span,
    /// JSON pointer of the node, e.g. `#/components/schemas/Pet/properties/id`.
    pub pointer: Pointer,
}

/// One problem in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where; `None` only for problems of the file as a whole (it cannot be read).
    pub location: Option<Location>,
    /// What would be accepted instead, or what the generator did about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(message: impl Into<String>, location: Option<Location>) -> Self {
        Diagnostic { severity: Severity::Error, message: message.into(), location, help: None }
    }

    /// A warning at `location`.
    pub fn warning(message: impl Into<String>, location: Option<Location>) -> Self {
        Diagnostic { severity: Severity::Warning, message: message.into(), location, help: None }
    }

    /// The same diagnostic with a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Every problem found in one file, with the text needed to show each in context.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file as the user named it.
    pub file: PathBuf,
    /// Its text, for snippets; empty when it could not be read.
    pub source: String,
    /// Errors and warnings in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report on `file` whose text is `source`.
    pub fn new(file: &Path, source: String, diagnostics: Vec<Diagnostic>) -> Self {
        Report { file: file.to_path_buf(), source, diagnostics }
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            render(f, &self.file, &self.source, diagnostic)?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

/// Writes one diagnostic the way rustc does:
///
/// ```text
/// error: `$ref` target `#/components/schemas/Missing` does not exist
///   --> specs/pets.yaml:12:17
///    |
/// 12 |               $ref: '#/components/schemas/Missing'
///    |                 ^
///    = at: #/paths/~1pets/get/responses/200/content/application~1json/schema
///    = help: define the schema under `components/schemas`, or fix the reference
/// ```
fn render(f: &mut fmt::Formatter<'_>, file: &Path, source: &str, d: &Diagnostic) -> fmt::Result {
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    writeln!(f, "{label}: {}", d.message)?;
    match &d.location {
        Some(Location { span, pointer }) => {
            let line_text = source.lines().nth(span.line.saturating_sub(1) as usize);
            let gutter = span.line.to_string().len();
            let pad = " ".repeat(gutter);
            writeln!(f, "{pad}--> {}:{}:{}", file.display(), span.line, span.column)?;
            if let Some(text) = line_text {
                let caret_at: usize = text
                    .chars()
                    .take(span.column.saturating_sub(1) as usize)
                    .map(|c| if c == '\t' { 4 } else { 1 })
                    .sum();
                writeln!(f, "{pad} |")?;
                writeln!(f, "{} | {}", span.line, text.replace('\t', "    "))?;
                writeln!(f, "{pad} | {}^", " ".repeat(caret_at))?;
            }
            write!(f, "{pad} = at: {pointer}")?;
            if let Some(help) = &d.help {
                write!(f, "\n{pad} = help: {help}")?;
            }
        }
        None => {
            write!(f, " --> {}", file.display())?;
            if let Some(help) = &d.help {
                write!(f, "\n  = help: {help}")?;
            }
        }
    }
    Ok(())
}
