//! rustfmt's `Shape`: the room an expression has, and the measures of laid-out text that
//! its rules compare with it.

/// The line width of the project's `.rustfmt.toml`.
pub const MAX_WIDTH: usize = 100;

/// One indentation step.
pub const TAB: usize = 4;

/// Where text starts and how wide it may be: `indent` is the block indentation its
/// continuation lines start at, `offset` how far past it the text starts on its first line,
/// `width` the columns left from there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub width: usize,
    pub indent: usize,
    pub offset: usize,
}

impl Shape {
    /// The whole line after `indent`.
    pub fn indented(indent: usize) -> Shape {
        Shape { width: MAX_WIDTH.saturating_sub(indent), indent, offset: 0 }
    }

    /// The same start with the rest of the line.
    pub fn with_max_width(self) -> Shape {
        Shape { width: MAX_WIDTH.saturating_sub(self.indent), ..self }
    }

    /// Indented `delta` more, starting a line.
    pub fn block_indent(self, delta: usize) -> Shape {
        Shape { indent: self.indent + delta, offset: 0, ..self }
    }

    /// `delta` columns further right on the same line.
    pub fn offset_left(self, delta: usize) -> Option<Shape> {
        Some(Shape { width: self.width.checked_sub(delta)?, offset: self.offset + delta, ..self })
    }

    /// `delta` columns fewer at the end.
    pub fn sub_width(self, delta: usize) -> Option<Shape> {
        Some(Shape { width: self.width.checked_sub(delta)?, ..self })
    }

    /// The columns before the text on its first line.
    pub fn used_width(self) -> usize {
        self.indent + self.offset
    }

    /// What the caller keeps at the end of the line (a `;` or `,`).
    pub fn rhs_overhead(self) -> usize {
        MAX_WIDTH.saturating_sub(self.used_width() + self.width)
    }
}

pub fn first_line_width(text: &str) -> usize {
    text.split('\n').next().map_or(0, str::len)
}

pub fn last_line_width(text: &str) -> usize {
    text.rsplit('\n').next().map_or(0, str::len)
}

/// Whether `text` ends with a line of closing delimiters only, after which more can follow
/// on the same line (`)`, `})?`).
pub fn last_line_extendable(text: &str) -> bool {
    if text.ends_with("\"#") {
        return true;
    }
    for c in text.chars().rev() {
        match c {
            '(' | ')' | ']' | '}' | '?' | '>' => continue,
            '\n' => break,
            _ if c.is_whitespace() => continue,
            _ => return false,
        }
    }
    true
}

/// Whether laid-out text fits: its first line in `shape`, the others in the line width,
/// the last one before what `shape` keeps at the end.
pub fn fits(text: &str, shape: Shape) -> bool {
    if first_line_width(text) > shape.width {
        return false;
    }
    if !text.contains('\n') {
        return true;
    }
    text.split('\n').skip(1).all(|line| line.len() <= MAX_WIDTH)
        && last_line_width(text) <= shape.used_width() + shape.width
}

/// `text` if it [`fits`].
pub fn wrap(text: String, shape: Shape) -> Option<String> {
    fits(&text, shape).then_some(text)
}

/// A line break followed by `indent` spaces.
pub fn newline(indent: usize) -> String {
    format!("\n{}", " ".repeat(indent))
}
