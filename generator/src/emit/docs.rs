//! Doc comments from spec prose: descriptions are Markdown written for web pages, and
//! rustdoc would otherwise compile their code blocks, warn on their bare URLs and brackets,
//! and clippy on their list continuations.

use std::borrow::Cow;

use super::code::hidden;

/// One line of a comment as written to the file: every [`hidden`] character (a bare CR,
/// NUL, a bidi control that rustc denies in comments) becomes a visible `\u{..}` escape.
/// Every `///`, `//!` and `//` line of generated code passes through here.
pub fn comment_text(line: &str) -> Cow<'_, str> {
    if !line.chars().any(hidden) {
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

/// Spec prose made safe for rustdoc, to embed in generated text.
pub fn prose(text: &str) -> String {
    sanitize(text).join("\n")
}

/// Spec prose made safe for rustdoc as one line, for a list item: line breaks of any kind
/// (`<br>` included) would end the item, so they are spaces, and a paragraph that ends
/// without punctuation gets a full stop so that it does not run into the next.
pub fn prose_line(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
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
    sanitize_with(text, true)
}

/// Markdown made safe for rustdoc, as lines; `<br>` tags are line breaks when `breaks`,
/// else spaces.
fn sanitize_with(text: &str, breaks: bool) -> Vec<String> {
    let mut lines: Vec<(String, bool)> = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    for raw in text.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ").lines() {
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
                // `<br><br>` ends a paragraph, as a blank line would.
                if index == 0 || !broken[index - 1].is_empty() {
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
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if ch == '`' {
            // A code span runs from a run of backticks to the next run of the same length
            // (CommonMark); a run with no match is literal text.
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            let end = code_span_end(&chars, i + run, run).unwrap_or(i + run);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        match ch {
            '[' => match markdown_link_end(&chars, i) {
                Some((close, end)) => {
                    let text: String = chars[i + 1..close].iter().collect();
                    let target: String = chars[close + 2..end - 1].iter().collect();
                    if is_url(&target) {
                        out.push('[');
                        out.push_str(&escape_inline(&text));
                        out.push_str("](");
                        out.push_str(&target);
                        out.push(')');
                    } else {
                        // rustdoc would take the target for an intra-doc link to a Rust item of
                        // the API's own code base, which this crate does not have, or resolve
                        // a path against the docs' own host.
                        out.push_str(&escape_inline(&text));
                    }
                    i = end;
                    continue;
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            'h' if starts_url(&chars[i..]) => {
                let end = chars[i..]
                    .iter()
                    .position(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
                    .map_or(chars.len(), |p| i + p);
                let mut url_end = end;
                while url_end > i
                    && matches!(chars[url_end - 1], '.' | ',' | ';' | ':' | ')' | '!' | '?')
                {
                    url_end -= 1;
                }
                out.push('<');
                out.extend(&chars[i..url_end]);
                out.push('>');
                i = url_end;
                continue;
            }
            _ => out.push(ch),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let prefix: String = chars.iter().take(8).collect();
    prefix.starts_with("http://") || prefix.starts_with("https://")
}

/// One past the run of exactly `run` backticks that closes a code span opened before
/// `from`, if there is one.
fn code_span_end(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let length = chars[i..].iter().take_while(|&&c| c == '`').count();
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
fn markdown_link_end(chars: &[char], start: usize) -> Option<(usize, usize)> {
    let close = start + chars[start..].iter().position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 1 + chars[close + 1..].iter().position(|&c| c == ')')?;
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
            sanitize("See [docs](https://x.io) or https://y.io. Use a[0] <b>bold</b>"),
            ["See [docs](https://x.io) or <https://y.io>. Use a\\[0\\] &lt;b&gt;bold&lt;/b&gt;"]
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
    fn html_in_link_text_and_after_urls_is_escaped() {
        assert_eq!(
            sanitize(
                "the [<Conference> verb](https://x.io/c) and <a href=\"https://y.io/n\">namespaces</a>"
            ),
            [
                "the [&lt;Conference&gt; verb](https://x.io/c) and &lt;a href=\"<https://y.io/n>\"&gt;namespaces&lt;/a&gt;"
            ]
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
