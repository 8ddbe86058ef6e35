//! Links in the document's prose to paths of the API's own web site
//! (`[Get Track](/documentation/get-track)`, `<a href="/documentation/get-track">`): they
//! mean that site, which `externalDocs.url` names, and lead nowhere from the generated docs,
//! so they are made absolute against it. Those that cannot be are left to the emitters,
//! which keep only their text.

use crate::ir::{Api, TypeKind};
use crate::load::Node;

/// The origin (`https://developer.example.com`) the document's relative links are paths of:
/// that of `externalDocs.url` when it is an absolute `http(s)` URL. A server's URL is not
/// taken: an API's host is seldom where its documentation is.
pub(super) fn link_origin(root: &Node) -> Option<String> {
    let url = root.get("externalDocs")?.get("url")?.as_str()?.trim();
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    // A host with characters that end or quote a Markdown link target would change the link.
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || "()<>[]`\\\"'".contains(c)) {
        return None;
    }
    Some(format!("{scheme}://{host}"))
}

/// What comes before a link's target, in Markdown (`[text](/x)`) and in the HTML anchors
/// that web-page prose also uses (`<a href="/x">`), which the emitters make Markdown links.
/// [`resolve_all`] looks for `](` and `href=` only, two searches of each text instead of
/// three, as most texts have none.
const TARGET_STARTS: [&str; 3] = ["](", "href=\"", "href='"];

/// Every link of `text` whose target is a path (`](/x)`, `href="/x"`, not `](//host/x)`)
/// made absolute against `origin`.
pub(super) fn resolve(text: &str, origin: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let find = |start: &str, from: usize| {
        text[from..].find(&format!("{start}/")).map(|at| from + at + start.len())
    };
    // Where the next target of each kind starts, found again only once passed, so that the
    // text is read once per kind however many links it has.
    let mut next: Vec<Option<usize>> = TARGET_STARTS.iter().map(|start| find(start, 0)).collect();
    let mut done = 0;
    while let Some(target) = next.iter().flatten().copied().min() {
        out.push_str(&text[done..target]);
        if !text[target..].starts_with("//") {
            out.push_str(origin);
        }
        done = target;
        for (start, at) in TARGET_STARTS.iter().zip(&mut next) {
            if *at == Some(target) {
                *at = find(start, target);
            }
        }
    }
    out.push_str(&text[done..]);
    out
}

/// Resolves the links of every doc text of the model.
pub(super) fn resolve_all(api: &mut Api, origin: &str) {
    let fix = |text: &mut Option<String>| {
        // Most texts have no link at all: they are kept rather than copied.
        if let Some(text) = text
            && (text.contains("](") || text.contains("href="))
        {
            *text = resolve(text, origin);
        }
    };
    fix(&mut api.description);
    for server in &mut api.servers {
        fix(&mut server.description);
        for variable in &mut server.variables {
            fix(&mut variable.description);
        }
    }
    for def in api.types.values_mut() {
        fix(&mut def.docs);
        match &mut def.kind {
            TypeKind::Struct(object) => object.fields.iter_mut().for_each(|f| fix(&mut f.docs)),
            TypeKind::Enum(choice) => choice.variants.iter_mut().for_each(|v| fix(&mut v.docs)),
            TypeKind::Union(_) | TypeKind::Alias(_) | TypeKind::Newtype(_) => {}
        }
    }
    for operation in &mut api.operations {
        fix(&mut operation.summary);
        fix(&mut operation.description);
        operation.parameters.iter_mut().for_each(|p| fix(&mut p.docs));
        if let Some(body) = &mut operation.body {
            fix(&mut body.docs);
        }
        operation.responses.iter_mut().for_each(|r| fix(&mut r.docs));
    }
    api.webhooks.iter_mut().for_each(|w| fix(&mut w.docs));
    api.security_schemes.iter_mut().for_each(|s| fix(&mut s.docs));
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::load_str;

    fn origin_of(document: &str) -> Option<String> {
        match load_str(Path::new("links.json"), document.to_owned()) {
            Ok(loaded) => link_origin(&loaded.document.root),
            Err(report) => panic!("{report}"),
        }
    }

    #[test]
    fn the_origin_is_that_of_external_docs_and_only_of_an_http_url() {
        assert_eq!(
            origin_of(r#"{"externalDocs": {"url": "https://dev.x.io/docs/?a#b"}}"#).as_deref(),
            Some("https://dev.x.io")
        );
        assert_eq!(origin_of(r#"{"externalDocs": {"url": "/docs"}}"#), None);
        assert_eq!(origin_of(r#"{"externalDocs": {"url": "ftp://x.io"}}"#), None);
        assert_eq!(origin_of(r#"{"servers": [{"url": "https://api.x.io"}]}"#), None);
    }

    #[test]
    fn paths_become_links_into_the_origin_and_other_targets_stay() {
        assert_eq!(
            resolve("[a](/docs/a), [b](//cdn.io/b), [c](https://c.io/c)", "https://dev.x.io"),
            "[a](https://dev.x.io/docs/a), [b](//cdn.io/b), [c](https://c.io/c)"
        );
    }

    #[test]
    fn html_anchors_to_paths_lead_into_the_origin_too() {
        assert_eq!(
            resolve(
                "<a href=\"/docs/a\">a</a> <a href='/b'>b</a> <a href=\"//cdn.io/c\">c</a> [d](/d)",
                "https://dev.x.io"
            ),
            "<a href=\"https://dev.x.io/docs/a\">a</a> <a href='https://dev.x.io/b'>b</a> <a href=\"//cdn.io/c\">c</a> [d](https://dev.x.io/d)"
        );
    }
}
