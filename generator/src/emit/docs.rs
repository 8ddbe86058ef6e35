//! Doc comments from spec prose: descriptions are Markdown written for web pages, and
//! rustdoc would otherwise compile their code blocks, warn on their bare URLs and brackets,
//! and clippy on their list continuations, and show their HTML tags as text.

use std::borrow::Cow;

use super::code::hidden;

/// One line of a comment as written to the file: every [`hidden`] character (a bare CR,
/// NUL, a bidi control that rustc denies in comments) becomes a visible `\u{..}` escape.
/// Every `///`, `//!` and `//` line of generated code passes through here.
pub fn comment_text(line: &str) -> Cow<'_, str> {
    // Printable ASCII, as nearly every line is, has nothing hidden; the check per character
    // is for the rest.
    if line.bytes().all(|b| matches!(b, b' '..=b'~')) || !line.chars().any(hidden) {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len() + 8);
    for ch in line.chars() {
        if hidden(ch) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(ch)));
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

/// `text` with every line break (`\r\n`, a bare `\r`) a line feed; most texts have only
/// line feeds, and are not copied.
fn line_feeds(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// Spec prose made safe for rustdoc, to embed in generated text.
pub fn prose(text: &str) -> String {
    sanitize(text).join("\n")
}

/// Spec prose made safe for rustdoc as one line, for a list item: line breaks of any kind
/// (`<br>` included) would end the item, so they are spaces, and a paragraph that ends
/// without punctuation gets a full stop so that it does not run into the next.
pub fn prose_line(text: &str) -> String {
    let text = html_to_markdown(&line_feeds(text));
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|paragraph| paragraph.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|paragraph| !paragraph.is_empty())
        .collect();
    let last = paragraphs.len().saturating_sub(1);
    let words = paragraphs
        .into_iter()
        .enumerate()
        .map(|(index, paragraph)| {
            let ends = paragraph.ends_with(['.', '!', '?', ':', ';']);
            if index < last && !ends { format!("{paragraph}.") } else { paragraph }
        })
        .collect::<Vec<_>>()
        .join(" ");
    sanitize_with(&words, false).join(" ")
}

/// Markdown made safe for rustdoc, as lines.
pub fn sanitize(text: &str) -> Vec<String> {
    sanitize_with(&html_to_markdown(&line_feeds(text)), true)
}

/// Markdown made safe for rustdoc, as lines; `<br>` tags are line breaks when `breaks`,
/// else spaces.
fn sanitize_with(text: &str, breaks: bool) -> Vec<String> {
    let mut lines: Vec<(String, bool)> = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    let text = line_feeds(text);
    let text = if text.contains('\t') { Cow::Owned(text.replace('\t', "    ")) } else { text };
    for raw in text.lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") {
            // Only Rust would be compiled as a doctest; everything else is text here.
            lines.push((if in_fence { "```" } else { "```text" }.to_owned(), true));
            in_fence = !in_fence;
            list_indent = None;
            continue;
        }
        if in_fence {
            lines.push((raw.trim_end().to_owned(), true));
            continue;
        }
        let mut broken = break_lines(trimmed);
        if !breaks {
            broken.retain(|piece| !piece.is_empty());
            broken = vec![broken.join(" ")];
        }
        for (index, trimmed) in broken.iter().enumerate() {
            if trimmed.is_empty() {
                // `<br><br>` ends a paragraph, as a blank line would; blank lines before the
                // text or after another (HTML paragraphs and lists leave them) say nothing.
                let after_text = lines.last().is_some_and(|(line, code)| *code || !line.is_empty());
                if after_text && (index == 0 || !broken[index - 1].is_empty()) {
                    list_indent = None;
                    lines.push((String::new(), false));
                }
                continue;
            }
            // A `<br>` between two pieces of text is a hard line break.
            let next_is_text = broken.get(index + 1).is_some_and(|next| !next.is_empty());
            let trimmed = if next_is_text { format!("{trimmed}\\") } else { trimmed.clone() };
            text_line(&mut lines, &mut list_indent, &trimmed);
        }
    }
    if in_fence {
        lines.push(("```".to_owned(), true));
    }
    let mut out = escape_runs(lines);
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// The HTML tags of web-page prose that Markdown has a form for, in that form: a link
/// (`<a href="x">y</a>` is `[y](x)`, whose target the emitters then check like any other),
/// code, emphasis, paragraphs and lists. rustdoc would show them as text once escaped, as it
/// does every other tag. Fenced blocks and code spans are left as they are, and so is a tag
/// without its partner; `<br>` is left to [`break_lines`].
fn html_to_markdown(text: &str) -> String {
    if !text.contains('<') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut prose: Vec<&str> = Vec::new();
    let mut in_fence = false;
    for line in text.split('\n') {
        let fence = line.trim_start().starts_with("```");
        if in_fence || fence {
            if !prose.is_empty() {
                out.push_str(&html_run(&prose.join("\n")));
                out.push('\n');
                prose.clear();
            }
            out.push_str(line);
            out.push('\n');
            in_fence ^= fence;
        } else {
            prose.push(line);
        }
    }
    if prose.is_empty() {
        out.pop();
    } else {
        out.push_str(&html_run(&prose.join("\n")));
    }
    out
}

/// An HTML tag of prose: its lowercased name, whether it closes, where it is in the text
/// and, for a link, its target.
struct Tag {
    name: String,
    closing: bool,
    span: std::ops::Range<usize>,
    href: Option<String>,
}

/// [`html_to_markdown`] of prose without fences. The tags are found in one pass and paired
/// with a stack per name, so that the work stays linear in the text whatever its tags.
fn html_run(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut tags: Vec<Tag> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '`' => {
                let run = backticks(&chars, i);
                i = code_span_end(&chars, i + run, run).unwrap_or(i + run);
            }
            '<' => match tag_at(&chars, i) {
                Some(tag) => {
                    i = tag.span.end;
                    tags.push(tag);
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    // The tag each one is paired with.
    let mut partner: Vec<Option<usize>> = vec![None; tags.len()];
    let mut open: foldhash::HashMap<&str, Vec<usize>> = foldhash::HashMap::default();
    for (index, tag) in tags.iter().enumerate() {
        if !matches!(tag.name.as_str(), "a" | "code" | "strong" | "b" | "em" | "i") {
            continue;
        }
        let stack = open.entry(tag.name.as_str()).or_default();
        if !tag.closing {
            stack.push(index);
        } else if let Some(opening) = stack.pop() {
            partner[opening] = Some(index);
            partner[index] = Some(opening);
        }
    }
    let text_of = |range: std::ops::Range<usize>| chars[range].iter().collect::<String>();
    let mut out = String::with_capacity(text.len());
    let mut lists: Vec<bool> = Vec::new();
    let mut at = 0;
    for (index, tag) in tags.iter().enumerate() {
        // The closing tag of a code span already written.
        if tag.span.start < at {
            continue;
        }
        out.push_str(&text_of(at..tag.span.start));
        at = tag.span.end;
        let raw = || text_of(tag.span.clone());
        let replacement = match (tag.name.as_str(), tag.closing, partner[index]) {
            ("p", _, _) => "\n\n".to_owned(),
            ("ul" | "ol", false, _) => {
                lists.push(tag.name == "ol");
                "\n\n".to_owned()
            }
            ("ul" | "ol", true, _) => {
                lists.pop();
                "\n\n".to_owned()
            }
            ("li", false, _) => {
                if lists.last() == Some(&true) { "\n1. " } else { "\n- " }.to_owned()
            }
            ("li", true, _) => String::new(),
            (_, _, None) => raw(),
            (name, closing, Some(other)) => {
                // What the pair encloses, from the opening tag to the closing one.
                let (first, last) = if closing { (other, index) } else { (index, other) };
                let inner = &chars[tags[first].span.end..tags[last].span.start];
                match name {
                    "a" => match tags[first].href.as_deref().filter(|href| link_target(href)) {
                        Some(href) if closing => format!("]({href})"),
                        Some(_) => "[".to_owned(),
                        None => String::new(),
                    },
                    "code" => match code_text(inner, last - first == 1) {
                        Some(code) if !closing => {
                            at = tags[last].span.end;
                            code
                        }
                        _ => raw(),
                    },
                    _ => {
                        let flanked = inner.first().is_some_and(|c| !c.is_whitespace())
                            && inner.last().is_some_and(|c| !c.is_whitespace());
                        match (flanked, name) {
                            (false, _) => String::new(),
                            (true, "strong" | "b") => "**".to_owned(),
                            (true, _) => "*".to_owned(),
                        }
                    }
                }
            }
        };
        out.push_str(&replacement);
    }
    out.push_str(&text_of(at..chars.len()));
    out
}

/// The tag that starts at `start` (`<p>`, `</a>`, `<a href="x" target="_blank">`), if one of
/// [`html_run`]'s names does; the end of the tag may not be past the line.
fn tag_at(chars: &[char], start: usize) -> Option<Tag> {
    let closing = chars.get(start + 1) == Some(&'/');
    let name_start = start + 1 + usize::from(closing);
    let name_len = chars[name_start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
    let name: String = chars[name_start..name_start + name_len].iter().collect();
    let name = name.to_ascii_lowercase();
    if !matches!(
        name.as_str(),
        "a" | "code" | "strong" | "b" | "em" | "i" | "p" | "ul" | "ol" | "li"
    ) {
        return None;
    }
    let mut i = name_start + name_len;
    if !chars.get(i).is_some_and(|c| c.is_whitespace() || matches!(c, '>' | '/')) {
        return None;
    }
    let mut quote: Option<char> = None;
    while let Some(&ch) = chars.get(i) {
        match (quote, ch) {
            (_, '\n') => return None,
            (Some(open), ch) if ch == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, '<') => return None,
            (None, '>') => break,
            (None, _) => {}
        }
        i += 1;
    }
    if i >= chars.len() {
        return None;
    }
    let attributes: String = chars[name_start + name_len..i].iter().collect();
    let href = (name == "a" && !closing).then(|| attribute(&attributes, "href")).flatten();
    Some(Tag { name, closing, span: start..i + 1, href })
}

/// The value of the attribute `name` in the attributes of a tag, quoted or not.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let lower = attributes.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        // `data-href=` is another attribute.
        if at > 0 && !lower[..at].ends_with(char::is_whitespace) {
            continue;
        }
        let Some(rest) = attributes[from..].trim_start().strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        return Some(match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or("").to_owned(),
            _ => rest.split(char::is_whitespace).next().unwrap_or("").to_owned(),
        });
    }
    None
}

/// A link target that a Markdown link can hold as it is: not empty, and without the spaces,
/// parentheses and angle brackets that would end or change it.
fn link_target(href: &str) -> bool {
    !href.is_empty() && !href.contains(|c: char| c.is_whitespace() || "()<>`".contains(c))
}

/// `<code>` text as a code span, with its character references decoded since a code span
/// shows them as written; `None` when it holds other tags (`only_text` false), a line break
/// or a backtick, which a code span could not show as the page does.
fn code_text(inner: &[char], only_text: bool) -> Option<String> {
    if !only_text || inner.iter().any(|&c| c == '\n' || c == '`') {
        return None;
    }
    let text: String = inner.iter().collect();
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    Some(if decoded.trim().is_empty() { String::new() } else { format!("`{decoded}`") })
}

/// One line of running text, indented under the list item it continues.
fn text_line(lines: &mut Vec<(String, bool)>, list_indent: &mut Option<usize>, trimmed: &str) {
    match list_marker_width(trimmed) {
        Some(width) => {
            *list_indent = Some(width);
            lines.push((trimmed.to_owned(), false));
        }
        // A line continuing a list item is indented under it, or clippy reads it as a
        // lazy continuation.
        None => match *list_indent {
            Some(width) => lines.push((format!("{}{trimmed}", " ".repeat(width)), false)),
            None => lines.push((trimmed.to_owned(), false)),
        },
    }
}

/// A line split at its `<br>` tags (`<br/>`, `<BR />`, and the same HTML-escaped, as some
/// documents write them): the pieces trimmed, an empty piece where two tags meet. A line
/// without tags is one piece; a line that is only a blank is one empty piece.
fn break_lines(line: &str) -> Vec<String> {
    if !line.contains(['<', '&']) {
        return vec![line.trim().to_owned()];
    }
    let mut pieces = Vec::new();
    let mut rest = line;
    let mut piece = String::new();
    while !rest.is_empty() {
        if let Some(after) = br_tag(rest) {
            pieces.push(std::mem::take(&mut piece).trim().to_owned());
            rest = after;
            continue;
        }
        let mut chars = rest.chars();
        if let Some(ch) = chars.next() {
            piece.push(ch);
        }
        rest = chars.as_str();
    }
    pieces.push(piece.trim().to_owned());
    // A tag at either end of the line breaks nothing.
    if pieces.len() > 1 && pieces.last().is_some_and(String::is_empty) {
        pieces.pop();
    }
    if pieces.len() > 1 && pieces.first().is_some_and(String::is_empty) {
        pieces.remove(0);
    }
    pieces
}

/// The text after a `<br>` tag that starts `text`, if one does.
fn br_tag(text: &str) -> Option<&str> {
    let starts = |text: &str, prefix: &str| {
        text.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let open = ["<br", "&lt;br"].into_iter().find(|open| starts(text, open))?;
    let rest = text[open.len()..].trim_start_matches(' ');
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    [">", "&gt;"].into_iter().find(|close| starts(rest, close)).map(|close| &rest[close.len()..])
}

/// Escapes each run of consecutive prose lines as one text, so that a link or a code span
/// broken over two lines is still recognised; code block lines are kept as they are.
fn escape_runs(lines: Vec<(String, bool)>) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, out: &mut Vec<String>| {
        if !run.is_empty() {
            out.extend(escape_inline(&run.join("\n")).split('\n').map(str::to_owned));
            run.clear();
        }
    };
    for (line, code) in lines {
        if code || line.is_empty() {
            // Code spans and links do not cross paragraphs.
            flush(&mut run, &mut out);
            out.push(line);
        } else {
            run.push(line);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The width of a list marker starting `line` (`- `, `* `, `+ `, `1. `).
fn list_marker_width(line: &str) -> Option<usize> {
    let marker = if ["- ", "* ", "+ "].iter().any(|marker| line.starts_with(marker)) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !line[digits..].starts_with(". ") {
            return None;
        }
        digits + 1
    };
    // The item's text starts after the marker and its spaces (`*   text`).
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    Some(marker + spaces.min(4))
}

/// Escapes what rustdoc would misread in running text: brackets that are not Markdown
/// links (taken for intra-doc links), angle brackets (taken for HTML), and bare URLs.
/// Every character it looks for is ASCII, so it reads bytes: text between them is copied
/// a run at a time, and every index it cuts at is a character boundary.
fn escape_inline(line: &str) -> String {
    if !line.contains(['`', '[', ']', '<', '>']) && !line.contains("http") {
        return line.to_owned();
    }
    let bytes = line.as_bytes();
    let mut out = String::with_capacity(line.len() + 8);
    // The start of the text read but not yet copied.
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes[i] {
            b'`' => {
                // A code span runs from a run of backticks to the next run of the same length
                // (CommonMark); a run with no match is literal text.
                let run = backticks(bytes, i);
                i = code_span_end(bytes, i + run, run).unwrap_or(i + run);
                continue;
            }
            b'[' => match markdown_link_end(bytes, i) {
                Some((close, end)) => {
                    out.push_str(&line[copied..i]);
                    let text = &line[i + 1..close];
                    let target = &line[close + 2..end - 1];
                    if is_url(target) {
                        out.push('[');
                        out.push_str(&escape_inline(text));
                        out.push_str("](");
                        out.push_str(target);
                        out.push(')');
                    } else {
                        // rustdoc would take the target for an intra-doc link to a Rust item of
                        // the API's own code base, which this crate does not have, or resolve
                        // a path against the docs' own host.
                        out.push_str(&escape_inline(text));
                    }
                    i = end;
                    copied = end;
                    continue;
                }
                None => "\\[",
            },
            b']' => "\\]",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'h' if line[i..].starts_with("http://") || line[i..].starts_with("https://") => {
                let end = line[i..]
                    .char_indices()
                    .find(|&(_, c)| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
                    .map_or(bytes.len(), |(at, _)| i + at);
                let mut url_end = end;
                while url_end > i
                    && matches!(bytes[url_end - 1], b'.' | b',' | b';' | b':' | b')' | b'!' | b'?')
                {
                    url_end -= 1;
                }
                out.push_str(&line[copied..i]);
                out.push('<');
                out.push_str(&line[i..url_end]);
                out.push('>');
                i = url_end;
                copied = url_end;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&line[copied..i]);
        out.push_str(escaped);
        i += 1;
        copied = i;
    }
    out.push_str(&line[copied..]);
    out
}

/// The length of the run of backticks at `start`.
fn backticks<T: Copy + Into<u32>>(text: &[T], start: usize) -> usize {
    text[start..].iter().take_while(|&&c| c.into() == u32::from(b'`')).count()
}

/// One past the run of exactly `run` backticks that closes a code span opened before
/// `from`, if there is one; `text` is a line's bytes or its characters.
fn code_span_end<T: Copy + Into<u32>>(text: &[T], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < text.len() {
        if text[i].into() == u32::from(b'`') {
            let length = backticks(text, i);
            if length == run {
                return Some(i + length);
            }
            i += length;
        } else {
            i += 1;
        }
    }
    None
}

/// The positions of `]` and one past `)` of a `[text](target)` starting at `start`, if that
/// is what is there.
fn markdown_link_end(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let close = start + bytes[start..].iter().position(|&b| b == b']')?;
    if bytes.get(close + 1) != Some(&b'(') {
        return None;
    }
    let end = close + 1 + bytes[close + 1..].iter().position(|&b| b == b')')?;
    Some((close, end + 1))
}

/// A link target that leads somewhere from the generated docs: a URL, not a Rust path
/// (which rustdoc would take for an intra-doc link) nor a path of the API's own web site
/// (`/docs/x`), which the model resolves when the document says where that site is.
fn is_url(target: &str) -> bool {
    target.contains("://")
        || target.starts_with("//")
        || target.starts_with('#')
        || target.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_brackets_html_and_bare_urls() {
        assert_eq!(
            sanitize("See [docs](https://x.io) or https://y.io. Use a[0] <span>Vec<T></span>"),
            [
                "See [docs](https://x.io) or <https://y.io>. Use a\\[0\\] &lt;span&gt;Vec&lt;T&gt;&lt;/span&gt;"
            ]
        );
    }

    #[test]
    fn escapes_between_characters_of_any_width() {
        assert_eq!(
            sanitize("é[x] — https://é.io/ü. `ä<b>` «<» [ü](https://x.io/ö) ``ë`"),
            ["é\\[x\\] — <https://é.io/ü>. `ä<b>` «&lt;» [ü](https://x.io/ö) ``ë`"]
        );
    }

    #[test]
    fn keeps_code_spans_and_marks_fences_as_text() {
        assert_eq!(
            sanitize("`a[0] <T>`\n```\nlet x = 1;\n```"),
            ["`a[0] <T>`", "```text", "let x = 1;", "```"]
        );
    }

    #[test]
    fn html_in_link_text_is_escaped_and_an_anchor_is_a_link() {
        assert_eq!(
            sanitize(
                "the [<Conference> verb](https://x.io/c) and <a href=\"https://y.io/n\">namespaces</a>"
            ),
            ["the [&lt;Conference&gt; verb](https://x.io/c) and [namespaces](https://y.io/n)"]
        );
    }

    #[test]
    fn html_anchors_are_markdown_links_and_those_to_paths_keep_their_text() {
        assert_eq!(
            sanitize(
                "Through <a href=\"https://x.io/auth/\">OAuth 2.0</a>, <A target='_blank' HREF='https://x.io/a?b=1&amp;c=2'>this</A>, <a href=\"/docs/connect\">Connect</a> or <a name=\"top\">here</a>."
            ),
            [
                "Through [OAuth 2.0](https://x.io/auth/), [this](https://x.io/a?b=1&amp;c=2), Connect or here."
            ]
        );
    }

    #[test]
    fn html_paragraphs_code_emphasis_and_lists_are_markdown() {
        assert_eq!(
            sanitize(
                "<p>Use <code>limit</code> and <code>&lt;T&gt;</code>; <strong>only</strong> <em>once</em>.</p>\n\n<p>Either:</p><ul><li>a <b>bold </b>choice</li><li>or <i>not</i></li></ul><ol><li>first</li></ol>"
            ),
            [
                "Use `limit` and `<T>`; **only** *once*.",
                "",
                "Either:",
                "",
                "- a bold choice",
                "- or *not*",
                "",
                "1. first"
            ]
        );
    }

    #[test]
    fn tags_without_a_partner_or_in_code_stay_text() {
        assert_eq!(
            sanitize("<strong>open, `<b>x</b>`, <code>a<i>b</i></code>\n```\n<p>kept</p>\n```"),
            [
                "&lt;strong&gt;open, `<b>x</b>`, &lt;code&gt;a*b*&lt;/code&gt;",
                "```text",
                "<p>kept</p>",
                "```"
            ]
        );
    }

    #[test]
    fn a_one_line_item_reads_html_paragraphs_as_sentences() {
        assert_eq!(
            prose_line("<p>The <a href=\"https://x.io\">ID</a></p><p>Unique.</p>"),
            "The [ID](https://x.io). Unique."
        );
    }

    #[test]
    fn links_to_rust_paths_of_another_code_base_keep_only_their_text() {
        assert_eq!(
            sanitize("See [`Certificate`](crate::views::Certificate)."),
            ["See `Certificate`."]
        );
    }

    #[test]
    fn an_unmatched_backtick_run_is_text_and_does_not_hide_brackets() {
        assert_eq!(
            sanitize("Example ```rust let a = 1;\n\nlet b = data[0]; // `..0` ```"),
            ["Example ```rust let a = 1;", "", "let b = data\\[0\\]; // `..0` ```"]
        );
    }

    #[test]
    fn a_link_broken_over_two_lines_stays_a_link() {
        assert_eq!(
            sanitize("*   use the [Git Trees\nAPI](https://x.io/t)."),
            ["*   use the [Git Trees", "    API](https://x.io/t)."]
        );
    }

    #[test]
    fn a_link_to_a_path_of_the_apis_web_site_keeps_only_its_text() {
        assert_eq!(
            sanitize("See [Get Track](/documentation/web-api/reference/get-track) or [x](//x.io)."),
            ["See Get Track or [x](//x.io)."]
        );
    }

    #[test]
    fn br_tags_are_line_breaks_and_two_end_a_paragraph() {
        assert_eq!(
            sanitize("one<br/>two <BR /> three&lt;br/&gt;<br>four<br>"),
            ["one\\", "two\\", "three", "", "four"]
        );
    }

    #[test]
    fn a_br_tag_in_a_list_item_keeps_the_next_piece_in_the_item() {
        assert_eq!(sanitize("- item<br/>more"), ["- item\\", "  more"]);
    }

    #[test]
    fn one_line_prose_has_spaces_for_its_breaks() {
        assert_eq!(
            prose_line("The ID.<br/>Find it\nin [it](https://x.io)\n\nDefault: `1`."),
            "The ID. Find it in [it](https://x.io). Default: `1`."
        );
    }

    #[test]
    fn indents_list_continuations_and_trims_indentation() {
        assert_eq!(
            sanitize("- one\ncontinued\n\n    indented text"),
            ["- one", "  continued", "", "indented text"]
        );
    }
}
