//! `securitySchemes` and `security` requirements: which credential each operation sends.

use crate::ir::{ParameterLocation, SecurityKind, SecurityScheme};
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
            self.scheme_index.insert(key.clone(), out.len());
            out.push(SecurityScheme {
                key: key.clone(),
                setter: setters.claim(&naming::field_name(key, "credential")),
                kind,
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

    /// A `security` list: each requirement object is one alternative, `{}` meaning that
    /// anonymous access is allowed. Alternatives naming an unknown scheme are dropped.
    pub(super) fn security_requirements(
        &mut self,
        node: &Node,
        pointer: &Pointer,
    ) -> Vec<Vec<usize>> {
        let Some(requirements) = node.as_array() else {
            let message = format!(
                "expected `security` to be a list of requirement objects, found {}; ignoring it",
                node.kind()
            );
            self.warning(node, pointer, message);
            return Vec::new();
        };
        let mut alternatives = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let Some(schemes) = requirement.as_object() else {
                continue;
            };
            let mut alternative = Vec::with_capacity(schemes.len());
            for key in schemes.keys() {
                match self.scheme_index.get(key) {
                    Some(&scheme) => alternative.push(scheme),
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
        alternatives
    }
}
