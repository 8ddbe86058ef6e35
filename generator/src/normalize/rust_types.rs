//! `x-rust-type`: a schema the user maps to a type of another crate, so that no type is
//! generated for it. The value is the type's path (`chrono::DateTime<chrono::Utc>`), or
//! typify's and progenitor's object `{crate, version, path}`; either way the path is
//! checked to parse as a Rust type path with `syn`, and the crate that defines it is the
//! user's to add to the generated crate's dependencies.

use crate::diagnostic::Diagnostic;
use crate::load::{Node, Pointer};

use super::Normalizer;

/// The extension that maps a schema to an existing Rust type.
const RUST_TYPE: &str = "x-rust-type";

impl Normalizer<'_> {
    /// The Rust type `node`'s `x-rust-type` maps it to, checked; `None` when there is none or
    /// it is not a type path, which is an error at the extension.
    pub(super) fn rust_type(&mut self, node: &Node, pointer: &Pointer) -> Option<String> {
        let given = node.get(RUST_TYPE)?;
        let at = pointer.join(RUST_TYPE);
        let (path, path_node, path_at) = match (given.as_str(), given.as_object()) {
            (Some(path), _) => (path, given, at.clone()),
            (None, Some(_)) => {
                let field =
                    |key: &str| given.get(key).and_then(|value| value.as_str().map(|s| (s, value)));
                let (Some((path, path_node)), Some((krate, _)), Some(_)) =
                    (field("path"), field("crate"), field("version"))
                else {
                    let message = format!(
                        "`{RUST_TYPE}` as an object needs `crate`, `version` and `path`, each a string"
                    );
                    self.push(
                        Diagnostic::error(message, Some(self.location(given, &at)))
                            .with_help("write `{crate: chrono, version: '0.4', path: 'chrono::DateTime<chrono::Utc>'}`, or the path alone"),
                    );
                    return None;
                };
                let in_crate = path.trim_start_matches("::").split("::").next() == Some(krate);
                if !in_crate {
                    let message = format!(
                        "`{RUST_TYPE}` path `{path}` is not in its crate `{krate}`; it must start with `{krate}::`"
                    );
                    self.error(path_node, &at.join("path"), message);
                    return None;
                }
                (path, path_node, at.join("path"))
            }
            (None, None) => {
                let message = format!(
                    "`{RUST_TYPE}` must be a Rust type path or an object with `crate`, `version` and `path`, not {}",
                    given.kind()
                );
                self.error(given, &at, message);
                return None;
            }
        };
        match check_path(path) {
            Ok(path) => Some(path),
            Err(problem) => {
                let message = format!("`{RUST_TYPE}: {path}` is not a Rust type path: {problem}");
                self.push(
                    Diagnostic::error(message, Some(self.location(path_node, &path_at)))
                        .with_help("write the path of a type the generated crate can name, such as `chrono::DateTime<chrono::Utc>`"),
                );
                None
            }
        }
    }
}

/// `path` as it is written into the generated code, when it parses as a type path (with
/// generic arguments, and a leading `::` or not); else what is wrong with it.
fn check_path(path: &str) -> Result<String, String> {
    match syn::parse_str::<syn::Type>(path) {
        Ok(syn::Type::Path(parsed)) if parsed.qself.is_none() => Ok(path.trim().to_owned()),
        Ok(_) => {
            Err("only a path to a type is accepted, not a reference, tuple or other type"
                .to_owned())
        }
        Err(error) => Err(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_path_is_accepted_and_other_text_is_not() {
        for path in
            ["chrono::DateTime<chrono::Utc>", "::my_types::Id", "u64", " rust_decimal::Decimal "]
        {
            assert_eq!(check_path(path), Ok(path.trim().to_owned()), "{path}");
        }
        assert_eq!(
            check_path("&str"),
            Err("only a path to a type is accepted, not a reference, tuple or other type"
                .to_owned())
        );
        assert_eq!(
            check_path("(u8, u8)"),
            Err("only a path to a type is accepted, not a reference, tuple or other type"
                .to_owned())
        );
        assert_eq!(check_path("chrono::DateTime<"), Err("unexpected end of input, expected one of: `for`, parentheses, `unsafe`, `fn`, `extern`, identifier, `::`, `<`, `dyn`, square brackets, `*`, `&`, `!`, `impl`, `_`, lifetime".to_owned()));
        assert_eq!(check_path("two words"), Err("unexpected token".to_owned()));
    }
}
