//! Doc comments from spec prose: descriptions are Markdown written for web pages, and
//! rustdoc would otherwise compile their code blocks, warn on their bare URLs and brackets,
//! and clippy on their list continuations.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`, one per line; nothing for `None` or blank text.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return TokenStream::new();
    };
    let lines = sanitize(text);
    let lines = lines.iter().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #( #[doc = #lines] )* }
}

/// `#[doc]` attributes for text the generator wrote itself (intra-doc links included), one
/// per line; only spec prose embedded in it needs [`prose`] first.
pub fn raw_doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote! { #( #[doc = #lines] )* }
}

/// Spec prose made safe for rustdoc, to embed in generated text.
pub fn prose(text: &str) -> String {
    sanitize(text).join("\n")
}

/// Markdown made safe for rustdoc, as lines.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    for raw in text.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ").lines() {
        let trimmed = raw.trim();
        if trimmed.starts_with("```") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                // Only Rust would be compiled as a doctest; everything else is text here.
                out.push("```text".to_owned());
            }
            in_fence = !in_fence;
            list_indent = None;
            continue;
        }
        if in_fence {
            out.push(raw.trim_end().to_owned());
            continue;
        }
        if trimmed.is_empty() {
            list_indent = None;
            out.push(String::new());
            continue;
        }
        let line = escape_inline(trimmed);
        match list_marker_width(trimmed) {
            Some(width) => {
                list_indent = Some(width);
                out.push(line);
            }
            // A line continuing a list item is indented under it, or clippy reads it as a
            // lazy continuation.
            None => match list_indent {
                Some(width) => out.push(format!("{}{line}", " ".repeat(width))),
                None => out.push(line),
            },
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// The width of a list marker starting `line` (`- `, `* `, `+ `, `1. `).
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|marker| line.starts_with(marker)) {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// Escapes what rustdoc would misread in running text: brackets that are not Markdown
/// links (taken for intra-doc links), angle brackets (taken for HTML), and bare URLs.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut in_code = false;
    while i < chars.len() {
        let ch = chars[i];
        if ch == '`' {
            in_code = !in_code;
            out.push(ch);
            i += 1;
            continue;
        }
        if in_code {
            out.push(ch);
            i += 1;
            continue;
        }
        match ch {
            '[' => match markdown_link_end(&chars, i) {
                Some(end) => {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            'h' if starts_url(&chars[i..]) => {
                let end = chars[i..].iter().position(|c| c.is_whitespace()).map_or(chars.len(), |p| i + p);
                let mut url_end = end;
                while url_end > i && matches!(chars[url_end - 1], '.' | ',' | ';' | ':' | ')' | '!' | '?') {
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

/// The end of `[text](target)` starting at `start`, if that is what is there.
fn markdown_link_end(chars: &[char], start: usize) -> Option<usize> {
    let close = start + chars[start..].iter().position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 1 + chars[close + 1..].iter().position(|&c| c == ')')?;
    Some(end + 1)
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
        assert_eq!(sanitize("`a[0] <T>`\n```\nlet x = 1;\n```"), ["`a[0] <T>`", "```text", "let x = 1;", "```"]);
    }

    #[test]
    fn indents_list_continuations_and_trims_indentation() {
        assert_eq!(sanitize("- one\ncontinued\n\n    indented text"), ["- one", "  continued", "", "indented text"]);
    }
}
