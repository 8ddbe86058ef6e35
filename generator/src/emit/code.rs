//! Formatted Rust source written directly as text: blocks indent by four spaces, and
//! statements, arms, signatures, fields and headers are laid out by rustfmt's rules
//! (`format/`), so that `cargo fmt` leaves generated crates exactly as written.
//!
//! Writing text instead of building tokens and pretty-printing a parsed tree keeps emitting
//! proportional to the output: for GitHub's 3 MB client it is the difference between 300 ms
//! and a few tens.

use std::fmt::Write as _;

use super::docs::{comment_text, sanitize};
use super::format::{self, TAB};

/// The width lines are kept within where a line break is possible, as rustfmt's default.
const WIDTH: usize = 100;

/// The widest line an attribute of a `use` item stays on, see [`Code::use_attribute`].
const USE_ATTRIBUTE_WIDTH: usize = 94;
/// The longest item of a list rustfmt lays out several to a line when it overflows
/// (`short_array_element_width_threshold`); a list with a longer one goes one to a line.
const SHORT_ITEM: usize = 10;

/// One source file being written.
pub struct Code {
    text: String,
    depth: usize,
    /// A blank line is due before the next line, unless that line closes a block.
    blank_due: bool,
    /// The struct or enum being written, if any.
    body: Option<Body>,
}

/// Where [`Code::chain`] puts a chain's root and links.
#[derive(Clone, Copy)]
enum ChainLayout {
    /// `head root` on the first line, each link on a line of its own under it.
    AfterHead,
    /// `head` alone, the root on the next line, the links under the root.
    NextLine,
    /// `head callee(`, an argument on each line, `)`, then each link at the head's column.
    ArgumentsBroken,
}

/// A struct or enum whose members rustfmt lays out one by one, but leaves as written,
/// header included, when any one of them does not fit.
struct Body {
    /// Where the body's first member starts in the text.
    start: usize,
    failed: bool,
    /// Where each member laid out over several lines is, and its text as written on one
    /// line.
    members: Vec<(std::ops::Range<usize>, String)>,
}

impl Code {
    /// An empty file.
    pub fn new() -> Self {
        Code { text: String::with_capacity(4096), depth: 0, blank_due: false, body: None }
    }

    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Writes `line` at the current indentation.
    pub fn line(&mut self, line: &str) {
        self.start_line();
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// Writes a line built by `format_args!`, at the current indentation.
    pub fn line_fmt(&mut self, line: std::fmt::Arguments<'_>) {
        self.start_line();
        // Writing to a `String` cannot fail.
        let _ = self.text.write_fmt(line);
        self.text.push('\n');
    }

    fn start_line(&mut self) {
        if self.blank_due && !self.text.is_empty() && !self.text.ends_with("{\n") {
            self.text.push('\n');
        }
        self.blank_due = false;
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
    }

    /// Writes `head`, which ends with `{`, and indents what follows.
    pub fn open(&mut self, head: &str) {
        self.line(head);
        self.depth += 1;
    }

    /// Ends the innermost block with `tail` (`}`, `};`, `},`).
    pub fn close(&mut self, tail: &str) {
        self.blank_due = false;
        self.depth = self.depth.saturating_sub(1);
        self.line(tail);
    }

    /// The column the current line starts at.
    fn indent(&self) -> usize {
        self.depth * 4
    }

    /// A statement (`let x = y;`, `x = y;`, `return x;`, `x;`) or a block's tail expression,
    /// laid out as rustfmt lays it out.
    pub fn statement(&mut self, text: &str) {
        if self.fits(text.len()) {
            self.line(text);
            return;
        }
        let laid_out = format::statement(text, self.indent());
        self.line(same_words(text, &laid_out).unwrap_or(text));
    }

    /// `{call}({name} {{ members }})` as a statement (`Some(Self { a, b })`), written as
    /// [`Code::statement`] writes it. Where the literal overflows its call with a member on
    /// each line, as nearly every long one does, it is written so without being parsed back
    /// and laid out, which took a fifth of GitHub's types.
    pub fn call_with_struct(&mut self, call: &str, name: &str, members: &[String]) {
        let body = joined_length(members);
        // `(`, ` { `, ` })`
        let one_line = call.len() + name.len() + body + 6;
        // The literal on a line of its own inside the call: `Self { a, b },`.
        let nested = self.indent() + TAB + name.len() + body + 6;
        // rustfmt keeps a column for the comma and one more.
        let member_room = WIDTH.saturating_sub(self.indent() + TAB + 2);
        let overflows = !self.fits(one_line)
            && nested > WIDTH
            && self.fits(call.len() + name.len() + 3)
            && members.iter().all(|member| member.len() <= member_room);
        if !overflows {
            let members = members.join(", ");
            let literal = if members.is_empty() {
                format!("{name} {{}}")
            } else {
                format!("{name} {{ {members} }}")
            };
            self.statement(&format!("{call}({literal})"));
            return;
        }
        self.vertical(format_args!("{call}({name} {{"), members, "})");
    }

    /// `open`, then each of `items` on a line of its own one level in, a comma after it,
    /// then `close`.
    fn vertical(&mut self, open: std::fmt::Arguments<'_>, items: &[String], close: &str) {
        self.line_fmt(open);
        self.depth += 1;
        for item in items {
            self.line_fmt(format_args!("{item},"));
        }
        self.depth -= 1;
        self.line(close);
    }

    /// `{head}{callee}({args}){links};`, a method chain as a statement (`let request =
    /// Request::new(..).path(..);`), written as [`Code::statement`] writes it. Where the
    /// layout rustfmt gives it is certain, as it is for nearly every request a client builds,
    /// it is written so without being parsed back: each link on a line of its own, under the
    /// root where the root fits after `head`, else after `head` with the root on the next
    /// line where it fits there, else after the root's arguments, each on a line of its own.
    pub fn chain(&mut self, head: &str, (callee, args): (&str, &[String]), links: &[String]) {
        let root = format!("{callee}({})", args.join(", "));
        let links_length: usize = links.iter().map(String::len).sum();
        let before_last = links.len().saturating_sub(1);
        let all_but_last: usize = links[..before_last].iter().map(String::len).sum();
        let indent = self.indent();
        // A link on its own line at `column`; the last keeps a column for the `;`.
        let links_fit = |column: usize| links.iter().all(|link| column + link.len() < WIDTH);
        // The chain on one line, or its links after the root, at `column`: rustfmt would
        // overflow or join them there.
        let joins = |column: usize, head: usize| {
            column + head + root.len() + links_length < WIDTH
                || column + head + root.len() + all_but_last <= WIDTH
        };
        let layout = if links.len() < 2
            || root.len() <= TAB
            || self.fits(head.len() + root.len() + links_length + 1)
        {
            None
        } else if self.fits(head.len() + root.len() + 1) {
            (!joins(indent + TAB, 0) && !joins(indent, head.len()) && links_fit(indent + TAB))
                .then_some(ChainLayout::AfterHead)
        } else if indent + TAB + root.len() < WIDTH {
            (!head.is_empty() && !joins(indent + TAB, 0) && links_fit(indent + 2 * TAB))
                .then_some(ChainLayout::NextLine)
        } else {
            let args_fit = args.iter().all(|arg| indent + TAB + arg.len() + 2 <= WIDTH);
            (!args.is_empty()
                && args_fit
                && self.fits(head.len() + callee.len() + 1)
                // rustfmt keeps the links to the width left after the root's opening, not
                // knowing yet that the root breaks.
                && links_fit(indent + head.len() + callee.len() + 1))
            .then_some(ChainLayout::ArgumentsBroken)
        };
        let links_at = |code: &mut Code, depth: usize| {
            code.depth += depth;
            for (index, link) in links.iter().enumerate() {
                let end = if index == before_last { ";" } else { "" };
                code.line_fmt(format_args!("{link}{end}"));
            }
            code.depth -= depth;
        };
        match layout {
            None => self.statement(&format!("{head}{root}{};", links.concat())),
            Some(ChainLayout::AfterHead) => {
                self.line_fmt(format_args!("{head}{root}"));
                links_at(self, 1);
            }
            Some(ChainLayout::NextLine) => {
                self.line(head.trim_end());
                self.depth += 1;
                self.line(&root);
                links_at(self, 1);
                self.depth -= 1;
            }
            Some(ChainLayout::ArgumentsBroken) => {
                self.vertical(format_args!("{head}{callee}("), args, ")");
                links_at(self, 0);
            }
        }
    }

    /// A match arm `pattern => body,`.
    pub fn arm(&mut self, pattern: &str, body: &str) {
        // ` => ` and `,`
        if self.fits(pattern.len() + body.len() + 5) {
            self.line_fmt(format_args!("{pattern} => {body},"));
        } else {
            let laid_out = format::match_arm(pattern, body, self.indent());
            let written = format!("{pattern} => {body},");
            self.line(same_words(&written, &laid_out).unwrap_or(&written));
        }
    }

    /// `let (a, b) = (x, y) else {`, the statements of `body`, and `};`, laid out as rustfmt
    /// lays them out; with one pattern, `let a = x else {`. `false`, with nothing written,
    /// when an item does not fit on a line of its own, where rustfmt would break it too.
    pub fn let_else(&mut self, patterns: &[String], values: &[String], body: &[String]) -> bool {
        let tuple = |items: &[String]| match items {
            [one] => one.clone(),
            several => format!("({})", several.join(", ")),
        };
        let (pattern, value) = (tuple(patterns), tuple(values));
        let inner = self.indent() + TAB;
        let head = format!("let {pattern} = {value}");
        // rustfmt keeps a column for the `;` of a `let` on each line that ends with its value.
        if self.fits(head.len() + " else {".len() + 1) {
            self.open(&format!("{head} else {{"));
        } else if self.fits(head.len() + 1) {
            self.line(&head);
            self.open("else {");
        } else if self.fits("let ".len() + pattern.len() + 1) && inner + value.len() < WIDTH {
            // rustfmt measures the pattern against the line less one column, and then adds
            // ` =` to it, one column past the line if need be.
            self.line_fmt(format_args!("let {pattern} ="));
            self.line_fmt(format_args!("    {value}"));
            self.open("else {");
        } else {
            // `Some(a),` on a line of its own, and the values too when they overflow theirs,
            // several to a line when each is short, as rustfmt lays out a list of short items.
            let item_fits = |item: &String| inner + item.len() < WIDTH;
            if patterns.len() < 2 || !patterns.iter().chain(values).all(item_fits) {
                return false;
            }
            let value_fits = self.fits(") = ".len() + value.len() + 1);
            self.open("let (");
            for pattern in patterns {
                self.line_fmt(format_args!("{pattern},"));
            }
            if value_fits {
                self.close(&format!(") = {value}"));
            } else if values.iter().all(|value| value.len() <= SHORT_ITEM) {
                self.depth -= 1;
                self.fill(") = (", values, ")");
            } else {
                self.close(") = (");
                self.depth += 1;
                for value in values {
                    self.line_fmt(format_args!("{value},"));
                }
                self.close(")");
            }
            self.open("else {");
        }
        for statement in body {
            self.statement(statement);
        }
        self.close("};");
        true
    }

    /// Whether a line `length` long fits one level in from the current indentation.
    pub fn fits_inside(&self, length: usize) -> bool {
        self.indent() + TAB + length <= WIDTH
    }

    /// Whether a line `length` long fits at the current indentation, where rustfmt keeps
    /// it as it is: the common case, written without building the line first.
    fn fits(&self, length: usize) -> bool {
        self.indent() + length <= format::MAX_WIDTH
    }

    /// Opens `if let pattern = value {`.
    pub fn open_if_let(&mut self, pattern: &str, value: &str) {
        let laid_out = format::if_let(pattern, value, self.indent());
        let written = format!("if let {pattern} = {value} {{");
        self.open(same_words(&written, &laid_out).unwrap_or(&written));
    }

    /// Opens a function: `head(params) -> ret {` (`head` is `pub fn name`).
    pub fn open_fn(&mut self, head: &str, params: &[String], ret: Option<&str>) {
        // `(`, `)` and ` {`; ` -> ` before a return type
        let ret_length = ret.map_or(0, |ret| ret.len() + 4);
        if self.fits(head.len() + joined_length(params) + ret_length + 4) {
            self.start_line();
            self.text.push_str(head);
            self.push_joined("(", params, ")");
            if let Some(ret) = ret {
                self.text.push_str(" -> ");
                self.text.push_str(ret);
            }
            self.text.push_str(" {\n");
            self.depth += 1;
        } else if !params.is_empty()
            // Each parameter on a line of its own, keeping a column for its comma, and the
            // return type after the `)` of the last line, as rustfmt writes nearly every
            // signature too long for one line: written without parsing it back.
            && params.iter().all(|param| self.fits(TAB + param.len() + 1))
            // rustfmt counts the indentation twice when it decides whether the brace fits.
            && self.fits(self.indent() + ret_length + 3)
        {
            let close = match ret {
                Some(ret) => format!(") -> {ret} {{"),
                None => ") {".to_owned(),
            };
            self.vertical(format_args!("{head}("), params, &close);
            self.depth += 1;
        } else {
            let laid_out = format::signature(head, params, ret, self.indent());
            let arrow = ret.map(|ret| format!(" -> {ret}")).unwrap_or_default();
            let written = format!("{head}({}){arrow} {{", params.join(", "));
            self.open(same_words(&written, &laid_out).unwrap_or(&written));
        }
    }

    /// Opens `impl target {` or, with a trait, `impl trait_ for target {`; `generics` is
    /// empty or `<'de>`.
    pub fn open_impl(&mut self, generics: &str, trait_: Option<&str>, target: &str) {
        let laid_out = format::impl_header(generics, trait_, target, self.indent());
        let written = match trait_ {
            Some(trait_) => format!("impl{generics} {trait_} for {target} {{"),
            None => format!("impl{generics} {target} {{"),
        };
        self.open(same_words(&written, &laid_out).unwrap_or(&written));
    }

    /// An attribute `{open}items{close}` (`#[serde(` ... `)]`), broken as rustfmt breaks it.
    pub fn attribute(&mut self, open: &str, items: &[String], close: &str) {
        // rustfmt keeps the last column free on an attribute's line.
        let length = open.len() + joined_length(items) + close.len() + 1;
        self.attribute_if(self.fits(length), open, items, close);
    }

    /// An attribute of a `use` item: rustfmt lays those out in 95 columns (measured with
    /// rustfmt 1.8: a 95-column `#[cfg(any(..))]` is kept on one line above a `fn` and
    /// broken above a `use`).
    pub fn use_attribute(&mut self, open: &str, items: &[String], close: &str) {
        let length = open.len() + joined_length(items) + close.len();
        self.attribute_if(self.indent() + length <= USE_ATTRIBUTE_WIDTH, open, items, close);
    }

    fn attribute_if(&mut self, one_line: bool, open: &str, items: &[String], close: &str) {
        if one_line {
            self.start_line();
            self.push_joined(open, items, close);
            self.text.push('\n');
        } else {
            let laid_out = format::attribute_broken(open, items, close, self.indent());
            self.member(Some(laid_out), &format!("{open}{}{close}", items.join(", ")));
        }
    }

    /// Appends `open`, the `items` separated by `, `, and `close` to the current line.
    fn push_joined(&mut self, open: &str, items: &[String], close: &str) {
        self.text.push_str(open);
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                self.text.push_str(", ");
            }
            self.text.push_str(item);
        }
        self.text.push_str(close);
    }

    /// `pub type name = ty;`, `head` being `pub type name`.
    pub fn type_alias(&mut self, head: &str, ty: &str) {
        let laid_out = format::type_alias(head, ty, self.indent());
        let written = format!("{head} = {ty};");
        self.line(same_words(&written, &laid_out).unwrap_or(&written));
    }

    /// A struct without fields: `head {}`.
    pub fn empty_struct(&mut self, head: &str) {
        let laid_out = format::empty_struct(head, self.indent());
        let written = format!("{head} {{}}");
        self.line(same_words(&written, &laid_out).unwrap_or(&written));
    }

    /// Opens a struct `head {` whose fields are written with [`Code::field`] and
    /// [`Code::line`], and closed with [`Code::close_body`]. rustfmt leaves such a struct
    /// as written, header included, when one field does not fit.
    pub fn open_struct(&mut self, head: &str) {
        self.body = Some(Body { start: self.text.len(), failed: false, members: Vec::new() });
        let laid_out = format::item_header(head, self.indent());
        self.member(Some(laid_out), &format!("{head} {{"));
        self.depth += 1;
    }

    /// Opens an enum `head {` whose variants are written with [`Code::tuple`] and
    /// [`Code::line`], and closed with [`Code::close_body`]. rustfmt leaves its variants
    /// as written when one of them does not fit, but lays out the header.
    pub fn open_enum(&mut self, head: &str) {
        let laid_out = format::item_header(head, self.indent());
        let written = format!("{head} {{");
        self.open(same_words(&written, &laid_out).unwrap_or(&written));
        self.body = Some(Body { start: self.text.len(), failed: false, members: Vec::new() });
    }

    /// A field `pub name: ty,` of the open struct.
    pub fn field(&mut self, name: &str, ty: &str) {
        self.field_visible_as("pub", name, ty);
    }

    /// A field `visibility name: ty,` of the open struct (`pub(crate)`).
    pub fn field_visible_as(&mut self, visibility: &str, name: &str, ty: &str) {
        // ` `, `: ` and `,`
        if self.fits(visibility.len() + name.len() + ty.len() + 4) {
            self.line_fmt(format_args!("{visibility} {name}: {ty},"));
            return;
        }
        let prefix = format!("{visibility} {name}:");
        let laid_out = format::field(&prefix, ty, self.indent());
        self.member(laid_out, &format!("{prefix} {ty},"));
    }

    /// A tuple variant `head(fields),` or a tuple struct `head(fields);` (`tail` is `,` or
    /// `;`).
    pub fn tuple(&mut self, head: &str, fields: &[String], tail: &str) {
        if let [field] = fields {
            // `(` and `)`
            if self.fits(head.len() + field.len() + tail.len() + 2) {
                self.line_fmt(format_args!("{head}({field}){tail}"));
                return;
            }
        }
        let laid_out = format::tuple(head, fields, tail, self.indent());
        self.member(laid_out, &format!("{head}({}){tail}", fields.join(", ")));
    }

    /// Closes the open body; if a member of it could not be laid out, every member is put
    /// back as written, as rustfmt leaves such an item.
    pub fn close_body(&mut self) {
        if let Some(body) = self.body.take() {
            if body.failed {
                // Only the body is rewritten, so that a file of many such items stays linear.
                let written = self.text.split_off(body.start);
                let mut copied = body.start;
                for (range, raw) in body.members {
                    self.text.push_str(&written[copied - body.start..range.start - body.start]);
                    self.text.push_str(&raw);
                    copied = range.end;
                }
                self.text.push_str(&written[copied - body.start..]);
            }
        }
        self.close("}");
    }

    /// A line that is one member of the open body, if any: `laid_out`, or `raw` where it
    /// could not be laid out.
    fn member(&mut self, laid_out: Option<String>, raw: &str) {
        let laid_out = laid_out.filter(|laid_out| same_words(raw, laid_out).is_some());
        self.start_line();
        let start = self.text.len() - self.indent();
        self.text.push_str(laid_out.as_deref().unwrap_or(raw));
        self.text.push('\n');
        if let Some(body) = &mut self.body {
            body.failed |= laid_out.is_none();
            // Most members fit on their line; only the others would need putting back.
            if laid_out.is_some_and(|laid_out| laid_out != raw) {
                let raw = format!("{}{raw}\n", " ".repeat(self.depth * 4));
                body.members.push((start..self.text.len(), raw));
            }
        }
    }

    /// Separates what was written from what follows by one blank line, unless a block ends
    /// or starts in between.
    pub fn blank(&mut self) {
        self.blank_due = true;
    }

    /// `///` lines for spec prose, made safe for rustdoc; nothing for `None` or blank text.
    pub fn docs(&mut self, text: Option<&str>) {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            for line in sanitize(text) {
                self.doc_line("///", &line);
            }
        }
    }

    /// `///` lines for text the generator wrote itself (intra-doc links included); only
    /// spec prose embedded in it needs [`super::docs::prose`] first.
    pub fn raw_docs(&mut self, text: &str) {
        for line in text.lines() {
            self.doc_line("///", line);
        }
    }

    /// `//!` lines documenting the file's module.
    pub fn inner_docs(&mut self, text: &str) {
        for line in text.lines() {
            self.doc_line("//!", line);
        }
    }

    /// The one place every doc comment line is written, made safe with
    /// [`super::docs::comment_text`].
    fn doc_line(&mut self, marker: &str, line: &str) {
        if line.is_empty() {
            self.line(marker);
        } else {
            self.line_fmt(format_args!("{marker} {}", comment_text(line)));
        }
    }

    /// `open`, the `items` separated by commas, then `close`, on one line if it fits;
    /// otherwise each line filled with as many items as fit, as rustfmt lays out `use`
    /// lists and other lists of short items (the values of a `let … else`).
    pub fn fill(&mut self, open: &str, items: &[String], close: &str) {
        let one_line =
            items.iter().map(|item| item.len() + 2).sum::<usize>() + open.len() + close.len();
        // rustfmt keeps two columns free on a `use` list's line.
        if self.depth * 4 + one_line <= WIDTH {
            self.line_fmt(format_args!("{open}{}{close}", items.join(", ")));
            return;
        }
        self.line(open);
        self.depth += 1;
        // rustfmt keeps a column for the `;` after the list on every line.
        let room = WIDTH.saturating_sub(self.depth * 4 + 1);
        let mut current = String::new();
        let mut wrapped = false;
        for (index, item) in items.iter().enumerate() {
            // rustfmt counts the comma after the last item only once it has wrapped a line.
            let comma = usize::from(index + 1 < items.len() || wrapped);
            if !current.is_empty() && current.len() + 1 + item.len() + comma > room {
                self.line(&current);
                current.clear();
                wrapped = true;
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(item);
            current.push(',');
        }
        if !current.is_empty() {
            self.line(&current);
        }
        self.depth -= 1;
        self.line(close);
    }

    /// `head` with this code after it, following a blank line: a file's `use` lines go above
    /// its items but are known only once the items are written. `head` is copied into the
    /// items' buffer, which grows by doubling and so mostly has room, rather than the items,
    /// megabytes in the largest files, into a buffer of their own (GitHub's emit: 2 ms).
    pub fn preceded_by(self, mut head: Code) -> Code {
        if self.text.is_empty() {
            return head;
        }
        let mut text = self.text;
        if !head.text.is_empty() {
            head.text.push('\n');
            text.insert_str(0, &head.text);
        }
        Code { text, blank_due: false, ..head }
    }

    /// The file, under a `@generated` header naming the command that wrote it.
    pub fn finish(self, generated_by: &str) -> String {
        let generated_by = comment_text(generated_by);
        let mut header = format!("// @generated by `{generated_by}`; do not edit by hand.\n");
        if !self.text.is_empty() {
            header.push('\n');
        }
        // Into the text's own buffer, which has room more often than not, rather than a
        // copy of several megabytes.
        let mut text = self.text;
        text.insert_str(0, &header);
        text
    }
}

/// The length of `items` joined by `, `.
fn joined_length(items: &[String]) -> usize {
    items.iter().map(String::len).sum::<usize>() + 2 * items.len().saturating_sub(1)
}

/// A Rust string literal of `text`, the one way every string the document gives (wire
/// names, enum values, paths, media types) is written into code: quotes, backslashes and
/// every character outside ASCII are escaped, so that the literal means `text` and shows
/// what it holds (rustc denies bidi controls in literals,
/// `text_direction_codepoint_in_literal`, and clippy invisible characters). Escaping all
/// of non-ASCII, not only the [`hidden`] characters, keeps generated code ASCII outside its
/// comments, so the layout rules, which count bytes, measure lines as rustfmt does (in
/// display columns: `名` is three bytes and two columns wide).
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            ch if ch.is_ascii() && !ch.is_ascii_control() => out.push(ch),
            ch => out.push_str(&format!("\\u{{{:x}}}", u32::from(ch))),
        }
    }
    out.push('"');
    out
}

/// Characters that change how source text reads without being seen: control characters
/// (rustc refuses a bare CR in a doc comment), the bidi controls rustc denies in comments
/// and literals (`text_direction_codepoint_in_comment`, `_in_literal`), the invisible ones
/// clippy denies in literals (`invisible_characters`: zero-width space, soft hyphen, word
/// joiner), line and paragraph separators, and the byte order mark. Generated code writes
/// them as `\u{..}`.
pub fn hidden(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// `laid_out` if it holds the same words as `written` (identifiers, keywords, numbers, the
/// letters of literals, in order): layout moves only whitespace, punctuation and braces. A
/// layout rule that lost a word would give code that parses and that rustfmt accepts, but
/// that does not compile; `written` is then kept, which the rustfmt test reports.
fn same_words<'t>(written: &str, laid_out: &'t str) -> Option<&'t str> {
    // Bytes rather than characters: layout moves only ASCII, so every byte of a character
    // outside ASCII is kept as a letter would be.
    fn words(text: &str) -> impl Iterator<Item = u8> + '_ {
        text.bytes().filter(|b| b.is_ascii_alphanumeric() || *b == b'_' || !b.is_ascii())
    }
    words(written).eq(words(laid_out)).then_some(laid_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layout_that_loses_a_word_is_not_used() {
        let written = "pub fn get(&self, id: &str) -> Result<Response<Pet>, Error<Infallible>> {";
        let broken = "pub fn get(\n    &self,\n    id: &str,\n) -> Result<\n    Response<Pet>,\n    Error<Infallible>,\n> {";
        assert_eq!(same_words(written, broken), Some(broken));
        assert_eq!(same_words(written, "pub fn get(\n    &self,\n    id: &str,\n) {"), None);
        assert_eq!(
            same_words("x => a.b(c),", "x => {\n    a.b(c)\n}"),
            Some("x => {\n    a.b(c)\n}")
        );
    }

    /// What `let_else` writes at depth 2 for the locals `names`, each `Some(name)` in the
    /// pattern, with a `return` in the `else`.
    fn let_else(names: &[&str]) -> Option<String> {
        let patterns: Vec<String> = names.iter().map(|name| format!("Some({name})")).collect();
        let values: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        let mut code = Code { depth: 2, ..Code::new() };
        let body = ["return None;".to_owned()];
        code.let_else(&patterns, &values, &body).then_some(code.text)
    }

    /// Each layout rustfmt gives `let … else`, as rustfmt 1.8 wrote these very statements.
    #[test]
    fn let_else_is_laid_out_as_rustfmt_lays_it_out() {
        let [a24, a27, a31, a48, a62, a95] =
            [24, 27, 31, 48, 62, 95].map(|length| "a".repeat(length));
        let tail = "            return None;\n        };\n";
        let cases = [
            (vec!["id"], format!("        let Some(id) = id else {{\n{tail}")),
            (
                vec![a24.as_str(), "bc"],
                format!("        let (Some({a24}), Some(bc)) = ({a24}, bc) else {{\n{tail}"),
            ),
            (
                vec![a27.as_str(), "bc"],
                format!(
                    "        let (Some({a27}), Some(bc)) = ({a27}, bc)\n        else {{\n{tail}"
                ),
            ),
            (
                vec![a31.as_str(), "bc"],
                format!(
                    "        let (Some({a31}), Some(bc)) =\n            ({a31}, bc)\n        else {{\n{tail}"
                ),
            ),
            // `let … =` 101 columns wide.
            (
                vec!["r#type", "account", "enabled", "id", "application", "scopes"],
                format!(
                    "        let (Some(r#type), Some(account), Some(enabled), Some(id), Some(application), Some(scopes)) =\n            (r#type, account, enabled, id, application, scopes)\n        else {{\n{tail}"
                ),
            ),
            (
                vec![
                    "currently_due",
                    "errors",
                    "eventually_due",
                    "past_due",
                    "pending_verification",
                ],
                format!(
                    "        let (\n            Some(currently_due),\n            Some(errors),\n            Some(eventually_due),\n            Some(past_due),\n            Some(pending_verification),\n        ) = (currently_due, errors, eventually_due, past_due, pending_verification)\n        else {{\n{tail}"
                ),
            ),
        ];
        for (names, expected) in cases {
            assert_eq!(let_else(&names), Some(expected), "{names:?}");
        }
        // rustfmt leaves a pattern wider than its line as written; the caller writes another
        // statement.
        assert_eq!(let_else(&[a95.as_str(), "b"]), None);
        let vertical = format!(
            "        let (\n            Some({a48}),\n            Some({a62}),\n            Some(c),\n        ) = (\n            {a48},\n            {a62},\n            c,\n        )\n        else {{\n{tail}"
        );
        assert_eq!(let_else(&[a48.as_str(), a62.as_str(), "c"]), Some(vertical));
        // Short values several to a line: the comma after the last counts once a line has
        // been filled, so a first line may reach the 100th column with it and a later not.
        let rows = |names: Vec<String>| {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            let laid_out = let_else(&names).expect("laid out");
            let start = laid_out.find(") = (\n").expect("values on lines of their own");
            laid_out[start..]
                .lines()
                .skip(1)
                .take_while(|line| *line != "        )")
                .map(str::len)
                .collect::<Vec<_>>()
        };
        let ten = |count: usize| (0..count).map(|i| format!("a{i:09}")).collect::<Vec<_>>();
        let mut first = ten(14);
        first.push("bbb".to_owned());
        assert_eq!(rows(first), [95, 95, 16]);
        let mut last = ten(7);
        last.push("bb".to_owned());
        last.extend(ten(3).into_iter().map(|name| name.replace('a', "c")));
        assert_eq!(rows(last), [99, 47]);
        let stripe =
            "alias created created_by id item_type list_items livemode metadata name object";
        assert_eq!(rows(stripe.split(' ').map(str::to_owned).collect()), [100]);
        assert_eq!(let_else(&[a95.as_str()]), None);
    }

    /// What `statement` writes for `text` at `depth`.
    fn laid_out(depth: usize, text: &str) -> String {
        let mut code = Code { depth, ..Code::new() };
        code.statement(text);
        code.text
    }

    /// Names of every length up to `longest`, from `seed`.
    fn name(seed: usize, length: usize) -> String {
        (0..length).map(|i| char::from(b'a' + ((seed + i * 7) % 26) as u8)).collect()
    }

    /// The shortcut writes what the general rules write, on literals of every width around
    /// the lines' edges.
    #[test]
    fn a_struct_literal_in_a_call_is_written_as_statement_lays_it_out() {
        let mut vertical = 0;
        for depth in [1, 2, 3] {
            for count in [0, 1, 2, 3, 6] {
                for length in 4..=44 {
                    let members: Vec<String> = (0..count)
                        .map(|i| match i % 3 {
                            0 => name(i, length),
                            1 => format!(
                                "{}: fields.required({}, {i})?",
                                name(i, length),
                                name(i, length)
                            ),
                            _ => format!("{}: {}", name(i, 3), name(i, length)),
                        })
                        .collect();
                    let mut code = Code { depth, ..Code::new() };
                    code.call_with_struct("Some", "Self", &members);
                    let members = members.join(", ");
                    let literal = if members.is_empty() {
                        "Self {}".to_owned()
                    } else {
                        format!("Self {{ {members} }}")
                    };
                    let expected = laid_out(depth, &format!("Some({literal})"));
                    assert_eq!(code.text, expected);
                    vertical +=
                        usize::from(expected.ends_with("})\n") && expected.lines().count() > 2);
                }
            }
        }
        assert!(vertical > 20, "{vertical} vertical literals");
    }

    /// The shortcut writes what the general rules write, on signatures of every width
    /// around the lines' edges.
    #[test]
    fn a_signature_is_written_as_the_general_rules_lay_it_out() {
        let mut vertical = 0;
        for depth in [1, 3] {
            for count in [1, 2, 4] {
                for ret_length in [0, 10].into_iter().chain(60..=92) {
                    for length in (4..=100).step_by(6) {
                        let params: Vec<String> = (0..count)
                            .map(|i| format!("{}: &{}", name(i, 4), name(i, length)))
                            .collect();
                        let ret =
                            (ret_length > 0).then(|| format!("Result<{}>", name(3, ret_length)));
                        let mut code = Code { depth, ..Code::new() };
                        code.open_fn("pub fn call", &params, ret.as_deref());
                        let laid_out =
                            format::signature("pub fn call", &params, ret.as_deref(), depth * 4);
                        let indented: String = laid_out
                            .lines()
                            .map(|line| {
                                format!(
                                    "{}{line}\n",
                                    " ".repeat(if line.starts_with(' ') { 0 } else { depth * 4 })
                                )
                            })
                            .collect();
                        assert_eq!(code.text, indented, "{params:?} {ret:?}");
                        vertical += usize::from(laid_out.lines().count() == count + 2);
                    }
                }
            }
        }
        assert!(vertical > 20, "{vertical} vertical signatures");
    }

    /// The shortcut writes what the general rules write, on chains of every width around
    /// the lines' edges, in each of its layouts.
    #[test]
    fn a_method_chain_is_written_as_statement_lays_it_out() {
        let mut layouts = [0; 3];
        for depth in [1, 3] {
            for head in ["let request = ", ""] {
                for path_length in [2, 30, 55, 59, 60, 61, 62, 65, 70, 75, 80, 90] {
                    for count in [1, 2, 3, 5] {
                        for length in (4..=100).step_by(3) {
                            let args = [
                                "Method::GET".to_owned(),
                                format!("\"/{}\"", name(path_length, path_length)),
                                "&[]".to_owned(),
                            ];
                            let links: Vec<String> = (0..count)
                                .map(|i| match i % 3 {
                                    0 => format!(
                                        ".path(\"{}\", self.{})",
                                        name(i, length / 2),
                                        name(i, length / 3)
                                    ),
                                    1 => format!(
                                        ".query(self.{}, Style::Form {{ explode: true }})",
                                        name(i, length / 2)
                                    ),
                                    _ => format!(
                                        ".query(\"{}\", self.{}.as_ref(), Style::Form {{ explode: true }})",
                                        name(i, length / 4),
                                        name(i, length / 4)
                                    ),
                                })
                                .collect();
                            let mut code = Code { depth, ..Code::new() };
                            code.chain(head, ("Request::new", &args), &links);
                            let root = format!("Request::new({})", args.join(", "));
                            let expected =
                                laid_out(depth, &format!("{head}{root}{};", links.concat()));
                            assert_eq!(code.text, expected, "{head}{root} {links:?}");
                            let lines: Vec<&str> = expected.lines().collect();
                            if lines.len() == count + 1 && count > 1 {
                                layouts[0] += 1;
                            } else if lines[0].ends_with('=') {
                                layouts[1] += 1;
                            } else if lines[0].ends_with('(') {
                                layouts[2] += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(layouts.iter().all(|&count| count > 20), "{layouts:?}");
    }

    #[test]
    fn blank_lines_separate_items_but_never_open_or_close_a_block() {
        let mut code = Code::new();
        code.blank();
        code.open("impl A {");
        code.blank();
        code.line("fn a() {}");
        code.blank();
        code.line("fn b() {}");
        code.blank();
        code.close("}");
        assert_eq!(
            code.finish("x"),
            "// @generated by `x`; do not edit by hand.\n\nimpl A {\n    fn a() {}\n\n    fn b() {}\n}\n"
        );
    }

    #[test]
    fn a_struct_with_a_field_that_cannot_fit_is_written_as_is_header_included() {
        let name = "S".repeat(95);
        let ty = "T".repeat(99);
        let mut code = Code::new();
        code.open_struct(&format!("pub struct {name}"));
        code.field("short", "Option<Vec<u8>>");
        code.field("long", &ty);
        code.close_body();
        let expected = format!(
            "pub struct {name} {{\n    pub short: Option<Vec<u8>>,\n    pub long: {ty},\n}}\n"
        );
        assert!(code.finish("x").ends_with(&expected));
    }

    #[test]
    fn an_enum_with_a_variant_that_cannot_fit_still_has_its_header_laid_out() {
        let name = "E".repeat(95);
        let ty = "T".repeat(99);
        let mut code = Code::new();
        code.open_enum(&format!("pub enum {name}"));
        code.tuple("Long", std::slice::from_ref(&ty), ",");
        code.close_body();
        assert!(code.finish("x").ends_with(&format!("pub enum {name}\n{{\n    Long({ty}),\n}}\n")));
    }

    #[test]
    fn a_long_use_list_fills_its_lines() {
        let mut code = Code::new();
        let names: Vec<String> = (0..30).map(|i| format!("Name{i}")).collect();
        code.fill("use super::types::{", &names, "};");
        let text = code.finish("x");
        let lines: Vec<&str> = text.lines().skip(2).collect();
        assert_eq!(lines[0], "use super::types::{");
        assert!(lines[1].starts_with("    Name0, Name1, ") && lines[1].len() <= WIDTH, "{text}");
        assert_eq!(lines.last(), Some(&"};"));
    }

    #[test]
    fn a_use_list_that_has_not_wrapped_may_fill_its_line_to_the_last_column() {
        // rustfmt keeps these four on one line of exactly 100 columns, trailing comma
        // included: it counts the last comma only once the list has wrapped.
        let names = [
            "ChatV2CredentialZzzzz",
            "CreateCredentialXXBody",
            "ListCredentialXXResponse",
            "UpdateCredentialXXBody",
        ]
        .map(str::to_owned);
        let mut code = Code::new();
        code.fill("use super::super::types::{", &names, "};");
        let text = code.finish("x");
        assert_eq!(text.lines().nth(3).map(str::len), Some(100), "{text}");
    }

    #[test]
    fn string_literals_escape_quotes_backslashes_and_control_characters() {
        assert_eq!(string_literal("a \"b\" \\ \n"), r#""a \"b\" \\ \n""#);
        assert_eq!(
            string_literal("\u{202E}evil\u{2066}\u{200F}\u{61C}\r\0\u{7f}\u{85}\u{feff} 名前"),
            r#""\u{202e}evil\u{2066}\u{200f}\u{61c}\r\0\u{7f}\u{85}\u{feff} \u{540d}\u{524d}""#
        );
    }

    #[test]
    fn an_attribute_of_a_use_item_breaks_at_95_columns() {
        let items: Vec<String> = ["a-b_2", "default_4", "self", "untagged_3"]
            .iter()
            .map(|f| format!("feature = \"{f}\""))
            .collect();
        let mut code = Code::new();
        code.attribute("#[cfg(any(", &items, "))]");
        code.use_attribute("#[cfg(any(", &items, "))]");
        let text = code.finish("x");
        let lines: Vec<&str> = text.lines().skip(2).collect();
        assert_eq!(lines[0].len(), 95, "{text}");
        assert_eq!(lines[1], "#[cfg(any(");
        assert_eq!(lines[2], "    feature = \"a-b_2\",");
        assert_eq!(lines.last(), Some(&"))]"));
    }

    #[test]
    fn a_head_goes_above_the_items_after_a_blank_line() {
        let code = |lines: &[&str]| {
            let mut code = Code::new();
            lines.iter().for_each(|line| code.line(line));
            code
        };
        let uses = || code(&["use a::B;"]);
        let items = || code(&["pub struct C;"]);
        assert_eq!(
            items().preceded_by(uses()).finish("x").lines().skip(2).collect::<Vec<_>>(),
            ["use a::B;", "", "pub struct C;"]
        );
        assert_eq!(
            items().preceded_by(code(&[])).finish("x").lines().nth(2),
            Some("pub struct C;")
        );
        assert_eq!(code(&[]).preceded_by(uses()).finish("x").lines().nth(2), Some("use a::B;"));
        // Items that fill their buffer to the byte are copied once more, not cut.
        let mut full = Code { text: String::with_capacity(14), ..Code::new() };
        full.line("pub struct C;");
        assert_eq!(full.text.capacity(), full.text.len());
        assert_eq!(full.preceded_by(uses()).text, "use a::B;\n\npub struct C;\n");
    }

    #[test]
    fn doc_lines_show_hidden_characters_as_escapes() {
        let mut code = Code::new();
        code.raw_docs("a\u{202E}b\rc\u{0}d");
        code.inner_docs("\u{2067}x");
        assert_eq!(
            code.finish("gen\u{202D}"),
            "// @generated by `gen\\u{202d}`; do not edit by hand.\n\n/// a\\u{202e}b\\u{d}c\\u{0}d\n//! \\u{2067}x\n"
        );
    }
}
