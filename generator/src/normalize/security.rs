//! `securitySchemes` and `security` requirements: which credential each operation sends,
//! and the OAuth 2.0 client-credentials flows whose tokens the client fetches, with the
//! scopes each operation asks.

use crate::ir::{
    ClientCredentialsFlow, OAuthScopes, ParameterLocation, SecurityKind, SecurityScheme,
};
use crate::load::{Node, Pointer};
use crate::naming::{self, Scope};

use super::{Normalizer, text};

impl<'a> Normalizer<'a> {
    /// Reads `components.securitySchemes`; schemes the client cannot send (mutual TLS, HTTP
    /// digest) are reported and left out.
    pub(super) fn security_schemes(&mut self, root: &'a Node) -> Vec<SecurityScheme> {
        let Some(schemes) =
            root.get("components").and_then(|c| c.get("securitySchemes")).and_then(Node::as_object)
        else {
            return Vec::new();
        };
        let base = Pointer::root().join("components").join("securitySchemes");
        let mut setters = Scope::new();
        for method in naming::BUILDER_METHODS {
            setters.claim(method);
        }
        let mut out = Vec::new();
        for (key, scheme) in schemes {
            let Some((scheme, pointer)) = self.dereference(scheme, &base.join(key)) else {
                continue;
            };
            let Some(kind) = self.security_kind(scheme, &pointer) else {
                continue;
            };
            let setter = setters.claim(&naming::field_name(key, "credential"));
            let client_credentials =
                self.client_credentials_flow(scheme, &pointer).map(|token_url| {
                    let stem = setter.trim_start_matches("r#");
                    let mut claim = |suffix: &str| {
                        setters
                            .claim(&naming::field_name(&format!("{stem}_{suffix}"), "credential"))
                    };
                    let (setter, post_setter) =
                        (claim("client_credentials"), claim("client_secret_post"));
                    ClientCredentialsFlow { token_url, setter, post_setter }
                });
            if client_credentials.is_some() {
                self.client_credentials.insert(out.len());
            }
            self.scheme_index.insert(key.clone(), out.len());
            out.push(SecurityScheme {
                key: key.clone(),
                setter,
                kind,
                client_credentials,
                docs: text(scheme, "description"),
            });
        }
        out
    }

    fn security_kind(&mut self, scheme: &Node, pointer: &Pointer) -> Option<SecurityKind> {
        let ty = scheme.get("type").and_then(Node::as_str).unwrap_or("");
        let kind = match ty {
            "http" => match scheme
                .get("scheme")
                .and_then(Node::as_str)
                .map(str::to_ascii_lowercase)
                .as_deref()
            {
                Some("bearer") => {
                    Some(SecurityKind::Bearer { format: text(scheme, "bearerFormat") })
                }
                Some("basic") => Some(SecurityKind::Basic),
                _ => None,
            },
            "apiKey" => {
                let location = match scheme.get("in").and_then(Node::as_str) {
                    Some("header") => Some(ParameterLocation::Header),
                    Some("query") => Some(ParameterLocation::Query),
                    Some("cookie") => Some(ParameterLocation::Cookie),
                    _ => None,
                };
                let name = scheme.get("name").and_then(Node::as_str).map(str::to_owned);
                location.zip(name).map(|(location, name)| SecurityKind::ApiKey { location, name })
            }
            "oauth2" => {
                Some(SecurityKind::Bearer { format: Some("OAuth 2.0 access token".to_owned()) })
            }
            "openIdConnect" => {
                Some(SecurityKind::Bearer { format: Some("OpenID Connect token".to_owned()) })
            }
            _ => None,
        };
        if kind.is_none() {
            let message = format!(
                "security scheme of type `{ty}` is not supported; operations needing only it are sent without credentials"
            );
            self.warning(scheme, pointer, message);
        }
        kind
    }

    /// The `tokenUrl` of an `oauth2` scheme's `clientCredentials` flow, when the client can
    /// fetch tokens from it: a path, or an absolute `http(s)` URL whose host no character
    /// can move (the rule of `servers.rs`). Another is a warning, and callers then set a
    /// token themselves. (Where the runtime sends the secret is checked again there: only
    /// over `https`, or to the base URL's own origin.)
    fn client_credentials_flow(&mut self, scheme: &Node, pointer: &Pointer) -> Option<String> {
        if scheme.get("type").and_then(Node::as_str) != Some("oauth2") {
            return None;
        }
        let flow = scheme.get("flows")?.get("clientCredentials")?;
        let pointer = pointer.join("flows").join("clientCredentials").join("tokenUrl");
        let Some(url) = flow.get("tokenUrl").and_then(Node::as_str) else {
            let message = "a `clientCredentials` flow without a string `tokenUrl`; callers set a token themselves".to_owned();
            self.warning(flow, &pointer, message);
            return None;
        };
        let lowercase = url.to_ascii_lowercase();
        let authority =
            ["https://", "http://"].iter().find(|s| lowercase.starts_with(*s)).map(|scheme| {
                // The scheme is ASCII, so its lowercase is as long.
                let rest = &url[scheme.len()..];
                &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())]
            });
        let problem = if let Some(bad) = url.chars().find(|c| c.is_whitespace() || c.is_control()) {
            Some(format!("holds the character {}", bad.escape_unicode()))
        } else if url.contains('\\') {
            Some("holds a backslash, which URL parsers read as `/`".to_owned())
        } else if url.contains('#') {
            Some("has a fragment".to_owned())
        } else {
            match authority {
                Some(authority) if authority.is_empty() || authority.starts_with([':', '.']) => {
                    Some("has no host".to_owned())
                }
                Some(authority) if authority.contains('@') => {
                    Some("has user information before its host".to_owned())
                }
                Some(_) => None,
                None if url.starts_with('/') && !url.starts_with("//") => None,
                None => Some("is neither an absolute http(s) URL nor a path".to_owned()),
            }
        };
        match problem {
            Some(problem) => {
                let message = format!(
                    "token URL `{url}` {problem}; the client does not fetch tokens from it, and callers set a token themselves"
                );
                self.warning(flow, &pointer, message);
                None
            }
            None => Some(url.to_owned()),
        }
    }

    /// A `security` list: each requirement object is one alternative, `{}` meaning that
    /// anonymous access is allowed. Alternatives naming an unknown scheme are dropped. With
    /// them, the scopes they ask of each scheme with a client-credentials flow.
    pub(super) fn security_requirements(
        &mut self,
        node: &Node,
        pointer: &Pointer,
    ) -> (Vec<Vec<usize>>, Vec<OAuthScopes>) {
        let Some(requirements) = node.as_array() else {
            let message = format!(
                "expected `security` to be a list of requirement objects, found {}; ignoring it",
                node.kind()
            );
            self.warning(node, pointer, message);
            return (Vec::new(), Vec::new());
        };
        let mut alternatives = Vec::new();
        let mut scopes: Vec<OAuthScopes> = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let Some(schemes) = requirement.as_object() else {
                continue;
            };
            let mut alternative = Vec::with_capacity(schemes.len());
            for (key, asked) in schemes {
                match self.scheme_index.get(key) {
                    Some(&scheme) => {
                        alternative.push(scheme);
                        if self.client_credentials.contains(&scheme) {
                            add_scopes(&mut scopes, scheme, asked);
                        }
                    }
                    None => {
                        let message = format!(
                            "security requirement names `{key}`, which is not a supported scheme of `components.securitySchemes`"
                        );
                        self.warning(requirement, &pointer.index(index), message);
                        alternative.clear();
                        break;
                    }
                }
            }
            if alternative.len() == schemes.len() {
                alternatives.push(alternative);
            }
        }
        scopes.retain(|asked| !asked.scopes.is_empty());
        (alternatives, scopes)
    }
}

/// Adds the scope names of `asked` (a requirement's list) to those of `scheme`.
fn add_scopes(scopes: &mut Vec<OAuthScopes>, scheme: usize, asked: &Node) {
    let names = asked.as_array().into_iter().flatten().filter_map(Node::as_str);
    if !scopes.iter().any(|known| known.scheme == scheme) {
        scopes.push(OAuthScopes { scheme, scopes: Vec::new() });
    }
    let Some(entry) = scopes.iter_mut().find(|known| known.scheme == scheme) else {
        return;
    };
    for name in names {
        if !entry.scopes.iter().any(|known| known == name) {
            entry.scopes.push(name.to_owned());
        }
    }
}
