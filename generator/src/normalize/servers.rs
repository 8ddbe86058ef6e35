//! `servers`: the URLs an API is reachable at, their `{variables}`, and which URL a client
//! sends to when its caller names none.

use crate::diagnostic::Diagnostic;
use crate::ir::{Server, ServerVariable};
use crate::load::{Node, Pointer};

use super::{Normalizer, scalar_text, text};

impl Normalizer<'_> {
    /// Every server with a string `url`, in document order. The first one's URL, with its
    /// variables at their defaults, becomes the client's default base URL when it is an
    /// absolute `http(s)` URL that nothing can misread.
    pub(super) fn servers(&mut self, root: &Node) -> Vec<Server> {
        let Some(servers) = root.get("servers").and_then(Node::as_array) else {
            return Vec::new();
        };
        let base = Pointer::root().join("servers");
        let mut read = Vec::new();
        for (index, server) in servers.iter().enumerate() {
            let pointer = base.join(index.to_string());
            let Some(url_node) = server.get("url") else { continue };
            let Some(url) = url_node.as_str() else { continue };
            let variables = self.server_variables(server, &pointer);
            let url_pointer = pointer.join("url");
            let expanded = self.expand(url, &variables, url_node, &url_pointer);
            let default_url = match expanded {
                Some(expanded) if index == 0 => self.default_url(&expanded, url_node, &url_pointer),
                _ => None,
            };
            read.push(Server {
                url: url.to_owned(),
                description: text(server, "description"),
                variables,
                default_url,
            });
        }
        read
    }

    fn server_variables(&mut self, server: &Node, pointer: &Pointer) -> Vec<ServerVariable> {
        let Some(variables) = server.get("variables").and_then(Node::as_object) else {
            return Vec::new();
        };
        let mut read = Vec::new();
        for (name, variable) in variables {
            let pointer = pointer.join("variables").join(name);
            let allowed: Vec<String> = variable
                .get("enum")
                .and_then(Node::as_array)
                .map(|values| values.iter().filter_map(|v| scalar_text(Some(v))).collect())
                .unwrap_or_default();
            let Some(default) = scalar_text(variable.get("default")) else {
                let message = format!("server variable `{name}` has no `default`");
                self.push(
                    Diagnostic::error(message, Some(self.location(variable, &pointer)))
                        .with_help("OpenAPI requires a `default` for every server variable; the URL cannot be built without one"),
                );
                continue;
            };
            if !allowed.is_empty() && !allowed.contains(&default) {
                let message = format!(
                    "the `default` of server variable `{name}`, `{default}`, is not one of its `enum` values"
                );
                self.warning(variable, &pointer.join("default"), message);
            }
            read.push(ServerVariable {
                name: name.clone(),
                default,
                allowed,
                description: text(variable, "description"),
            });
        }
        read
    }

    /// The URL with every `{variable}` replaced by its default; `None`, with a warning, when
    /// it names a variable that `variables` does not declare, or leaves a brace unclosed.
    fn expand(
        &mut self,
        url: &str,
        variables: &[ServerVariable],
        node: &Node,
        pointer: &Pointer,
    ) -> Option<String> {
        let mut expanded = String::with_capacity(url.len());
        let mut rest = url;
        while let Some(open) = rest.find('{') {
            expanded.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                let message = format!("server URL `{url}` has a `{{` that is never closed");
                self.warning(node, pointer, message);
                return None;
            };
            let name = &rest[open + 1..open + close];
            let Some(variable) = variables.iter().find(|variable| variable.name == name) else {
                let message = format!(
                    "server URL `{url}` uses `{{{name}}}`, which `variables` does not declare"
                );
                self.warning(node, pointer, message);
                return None;
            };
            expanded.push_str(&variable.default);
            rest = &rest[open + close + 1..];
        }
        expanded.push_str(rest);
        Some(expanded)
    }

    /// `url` as the client's default base URL, without its trailing `/`, when it is an
    /// absolute `http(s)` URL whose host no character can move; a relative URL gives `None`
    /// quietly (the caller sets the base URL), anything else with a warning.
    fn default_url(&mut self, url: &str, node: &Node, pointer: &Pointer) -> Option<String> {
        let lowercase = url.to_ascii_lowercase();
        let scheme_end = ["https://", "http://"]
            .iter()
            .find(|scheme| lowercase.starts_with(*scheme))
            .map(|scheme| scheme.len())?;
        let after_scheme = &url[scheme_end..];
        let authority_end = after_scheme.find(['/', '?', '#']).unwrap_or(after_scheme.len());
        let authority = &after_scheme[..authority_end];
        let problem = if let Some(bad) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
            Some(format!("holds the character {}", bad.escape_unicode()))
        } else if url.contains('\\') {
            Some("holds a backslash, which URL parsers read as `/`".to_owned())
        } else if authority.is_empty() || authority.starts_with(':') || authority.starts_with('.') {
            Some("has no host".to_owned())
        } else if authority.contains('@') {
            Some("has user information before its host".to_owned())
        } else if after_scheme[authority_end..].contains(['?', '#']) {
            Some("has a query or fragment, to which no path can be appended".to_owned())
        } else {
            None
        };
        match problem {
            Some(problem) => {
                let message =
                    format!("server URL `{url}` {problem}; the client has no default base URL");
                self.push(
                    Diagnostic::warning(message, Some(self.location(node, pointer)))
                        .with_help("callers must set one with `ClientBuilder::base_url`"),
                );
                None
            }
            None => Some(url.trim_end_matches('/').to_owned()),
        }
    }
}
