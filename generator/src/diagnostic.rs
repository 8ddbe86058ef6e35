//! Problems found in a document, located by line, column and JSON pointer, printed like rustc's.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::load::{Pointer, Span};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Not a problem: what the generator recognised (a list's pagination), printed like a
    /// warning when asked for and never counted as one.
    Note,
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

    /// A note at `location`.
    pub fn note(message: impl Into<String>, location: Option<Location>) -> Self {
        Diagnostic { severity: Severity::Note, message: message.into(), location, help: None }
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

/// Every problem found in one document, with the text needed to show each in context.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file as the user named it.
    pub file: PathBuf,
    /// Its text, for snippets; empty when it could not be read.
    pub source: String,
    /// The overlays applied to the document, each file with its text: a diagnostic whose
    /// span's `file` is `n` is in the `n`-th of them.
    pub overlays: Vec<(PathBuf, String)>,
    /// Errors and warnings in document order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// A report on `file` whose text is `source`.
    pub fn new(file: &Path, source: String, diagnostics: Vec<Diagnostic>) -> Self {
        Report { file: file.to_path_buf(), source, overlays: Vec::new(), diagnostics }
    }

    /// The same report, with the overlays its diagnostics' spans may name.
    pub fn with_overlays(mut self, overlays: Vec<(PathBuf, String)>) -> Self {
        self.overlays = overlays;
        self
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The number of notes.
    pub fn note_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Note).count()
    }

    /// Whether the report has a warning or an error, which a run prints whatever it is asked.
    pub fn has_problems(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity != Severity::Note)
    }

    /// The report as printed, with its notes or without them.
    pub fn shown(&self, notes: bool) -> Shown<'_> {
        Shown { report: self, notes }
    }
}

/// A [`Report`] printed with or without its notes (see [`Report::shown`]).
pub struct Shown<'a> {
    report: &'a Report,
    notes: bool,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = self.report;
        // One pass over the text for all diagnostics: a document with a warning on each of
        // its lines would otherwise be scanned once per warning.
        let files: Vec<(&Path, LineIndex<'_>)> =
            std::iter::once((report.file.as_path(), LineIndex::new(&report.source)))
                .chain(
                    report
                        .overlays
                        .iter()
                        .map(|(file, source)| (file.as_path(), LineIndex::new(source))),
                )
                .collect();
        let shown =
            report.diagnostics.iter().filter(|d| self.notes || d.severity != Severity::Note);
        for (i, diagnostic) in shown.enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            // A span names its file by index; one out of range (never built) falls back to
            // the document rather than failing to print.
            let index = diagnostic.location.as_ref().map_or(0, |l| l.span.file as usize);
            if let Some((file, lines)) = files.get(index).or_else(|| files.first()) {
                render(f, file, lines, diagnostic)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.shown(true).fmt(f)
    }
}

/// Lines of at most this many bytes are shown whole under a diagnostic.
const SNIPPET_BYTES: usize = 160;

/// Characters shown on each side of the caret in a longer line (a minified document), so that
/// each diagnostic prints a few lines, not the document.
const SNIPPET_SIDE: usize = 60;

/// Where each line of a text starts, so that a diagnostic finds its line without scanning.
struct LineIndex<'a> {
    source: &'a str,
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
    /// The line, column (in characters, 0-based) and byte offset in the line of the last
    /// caret placed on a long line: diagnostics come in document order, so finding the next
    /// one's column counts on from there rather than from the line's start.
    cursor: std::cell::Cell<Option<(u32, usize, usize)>>,
}

/// The part of a line shown under a diagnostic.
struct Snippet<'a> {
    text: &'a str,
    /// Whether the line goes on before and after `text`.
    cut_before: bool,
    cut_after: bool,
    /// The characters of `text` before the caret.
    before_caret: usize,
}

impl<'a> LineIndex<'a> {
    fn new(source: &'a str) -> Self {
        let starts =
            std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { source, starts, cursor: std::cell::Cell::new(None) }
    }

    /// The line `line` as shown with a caret at the 1-based character column `column`: whole
    /// when it is short, else around the caret.
    fn snippet(&self, line: u32, column: u32) -> Option<Snippet<'a>> {
        let text = self.line(line)?;
        let column = column.saturating_sub(1) as usize;
        if text.len() <= SNIPPET_BYTES {
            let before_caret = text.chars().take(column).count();
            return Some(Snippet { text, cut_before: false, cut_after: false, before_caret });
        }
        let (mut counted, mut at) = match self.cursor.get() {
            Some((cursor_line, counted, at)) if cursor_line == line && counted <= column => {
                (counted, at)
            }
            _ => (0, 0),
        };
        for c in text[at..].chars() {
            if counted == column {
                break;
            }
            counted += 1;
            at += c.len_utf8();
        }
        self.cursor.set(Some((line, counted, at)));
        let start =
            text[..at].char_indices().rev().take(SNIPPET_SIDE).last().map_or(at, |(i, _)| i);
        let end = text[at..].char_indices().nth(SNIPPET_SIDE).map_or(text.len(), |(i, _)| at + i);
        Some(Snippet {
            text: &text[start..end],
            cut_before: start > 0,
            cut_after: end < text.len(),
            before_caret: text[start..at].chars().count(),
        })
    }

    /// The text of the 1-based line `line` without its line break, as [`str::lines`] gives
    /// it: `None` past the last line, and for the empty line after a final line break.
    fn line(&self, line: u32) -> Option<&'a str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(index)?;
        if start >= self.source.len() {
            return None;
        }
        let end = self.starts.get(index + 1).map_or(self.source.len(), |next| next - 1);
        let text = &self.source[start..end];
        Some(if end < self.source.len() { text.strip_suffix('\r').unwrap_or(text) } else { text })
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
///
/// Everything taken from the document or the command line (the message and help quote keys
/// and values, the pointer is made of keys, the snippet is a line of the file) goes through
/// [`escape`], so no text of a document reaches the terminal as a control sequence.
fn render(
    f: &mut fmt::Formatter<'_>,
    file: &Path,
    lines: &LineIndex<'_>,
    d: &Diagnostic,
) -> fmt::Result {
    let label = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    };
    let file = file.display().to_string();
    let file = escape(&file);
    writeln!(f, "{label}: {}", escape(&d.message))?;
    match &d.location {
        Some(Location { span, pointer }) => {
            let gutter = span.line.to_string().len();
            let pad = " ".repeat(gutter);
            writeln!(f, "{pad}--> {file}:{}:{}", span.line, span.column)?;
            if let Some(snippet) = lines.snippet(span.line, span.column) {
                let width = |c: char| match c {
                    '\t' => 4,
                    c => shown(c).map_or(1, |shown| shown.chars().count()),
                };
                let (before, after) = (
                    if snippet.cut_before { "..." } else { "" },
                    if snippet.cut_after { "..." } else { "" },
                );
                let caret_at: usize = before.len()
                    + snippet.text.chars().take(snippet.before_caret).map(width).sum::<usize>();
                let text = escape(&snippet.text.replace('\t', "    ")).into_owned();
                writeln!(f, "{pad} |")?;
                writeln!(f, "{} | {before}{text}{after}", span.line)?;
                writeln!(f, "{pad} | {}^", " ".repeat(caret_at))?;
            }
            write!(f, "{pad} = at: {}", escape(pointer.as_str()))?;
            if let Some(help) = &d.help {
                write!(f, "\n{pad} = help: {}", escape(help))?;
            }
        }
        None => {
            write!(f, " --> {file}")?;
            if let Some(help) = &d.help {
                write!(f, "\n  = help: {}", escape(help))?;
            }
        }
    }
    Ok(())
}

/// `text` with every character that a terminal would act on instead of print written as a
/// Rust escape (`\u{1b}`): C0 controls, DEL, C1 controls, and the marks that reorder text
/// (bidirectional embeddings, overrides and isolates), which could make a line read as
/// something else.
fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| shown(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match shown(c) {
            Some(shown) => out.push_str(&shown),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// How [`escape`] writes `c`, when not as itself.
fn shown(c: char) -> Option<String> {
    match c {
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some(format!("\\u{{{:x}}}", u32::from(c))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_gives_the_lines_str_lines_gives() {
        for source in ["", "a", "a\n", "a\r\nb\r\n", "a\n\nb", "a\rb\r", "\n\n", "x\r\n\r\ny\n"] {
            let index = LineIndex::new(source);
            let expected: Vec<&str> = source.lines().collect();
            let found: Vec<&str> = (1..).map_while(|line| index.line(line)).collect();
            assert_eq!(found, expected, "{source:?}");
            assert_eq!(index.line(0), None);
        }
    }

    /// A minified document is one line: each diagnostic shows the part around its caret, not
    /// the whole document.
    #[test]
    fn a_long_line_is_shown_around_the_caret() {
        // Column 300 is shown with the 60 characters before it and the 14 left after it.
        let line = format!("{{\"a\": [{}\"é\"]}}", "1, ".repeat(100));
        let diagnostics = [80, 300].map(|column| {
            let location = Location { span: Span::new(1, column), pointer: Pointer::root() };
            Diagnostic::warning("w", Some(location))
        });
        let report = Report::new(Path::new("min.json"), line, diagnostics.to_vec());
        let short = "1, ".repeat(20);
        assert_eq!(
            report.to_string(),
            format!(
                "warning: w\n --> min.json:1:80\n  |\n1 | ...{short}{short}...\n  | {}^\n  = at: #\n\
                 warning: w\n --> min.json:1:300\n  |\n1 | ...{}\"é\"]}}\n  | {}^\n  = at: #",
                " ".repeat(63),
                &"1, ".repeat(100)[232..],
                " ".repeat(63),
            )
        );
    }

    #[test]
    fn terminal_controls_are_escaped_and_other_text_is_kept() {
        assert!(matches!(escape("ünïcode `key` 😀"), Cow::Borrowed(_)));
        assert_eq!(
            escape(
                "\u{1b}[2J\t\r\n\u{7f}\u{85}\u{9b}\u{200e}\u{200f}\u{202a}\u{202e}\u{2066}\u{2069}"
            ),
            "\\u{1b}[2J\\u{9}\\u{d}\\u{a}\\u{7f}\\u{85}\\u{9b}\\u{200e}\\u{200f}\\u{202a}\\u{202e}\\u{2066}\\u{2069}"
        );
    }
}
