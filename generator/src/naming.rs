//! Rust names for things the document names freely: types, fields, variants, methods.
//!
//! Every name is a valid identifier (keywords become raw identifiers or get a suffix, symbols
//! become words, a leading digit gets a prefix) and is made unique within its scope by a
//! [`Scope`], so that two document names that case to the same Rust name (`ASC` and `asc`)
//! still get distinct identifiers, deterministically.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition; these become raw identifiers (`r#type`) in snake case.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Methods every generated `Client` defines itself; operations never take these names.
pub const CLIENT_METHODS: &[&str] =
    &["builder", "from_env", "from_env_with", "base_url", "with_options", "send_raw"];

/// Methods every generated `ClientBuilder` defines itself; credential setters never take
/// these names.
pub const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "timeout",
    "user_agent",
    "default_header",
    "http_client",
    "max_retries",
    "retry_policy",
    "build",
];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A type name in upper camel case (`firebase-fcm` -> `FirebaseFcm`); `fallback` when the
/// text has nothing to build a name from.
pub fn type_name(text: &str, fallback: &str) -> String {
    camel(text, fallback, "Type")
}

/// An enum or union variant name in upper camel case; values starting with a digit get a
/// `Value` prefix (`2` -> `Value2`).
pub fn variant_name(text: &str) -> String {
    camel(text, "Value", "Value")
}

/// A field, parameter or method name in snake case; keywords become raw identifiers.
pub fn field_name(text: &str, fallback: &str) -> String {
    let words = spell_symbols(text);
    let mut name: String = filter_ident(&words.to_snake_case());
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

fn camel(text: &str, fallback: &str, digit_prefix: &str) -> String {
    let words = spell_symbols(text);
    let mut name = filter_ident(&words.to_upper_camel_case());
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

/// Keeps only characters an identifier may continue with; the first character is checked by
/// the callers, which prefix names starting with a digit.
fn filter_ident(name: &str) -> String {
    name.chars().filter(|&c| c == '_' || unicode_ident::is_xid_continue(c)).collect()
}

/// Turns symbols into words where they carry the meaning: `+` always (`Etc/GMT+0` and
/// `Etc/GMT-0` must differ), and every symbol of a text that has no letters or digits
/// (`!=` -> `not eq`, `>` -> `gt`), since casing would otherwise leave nothing.
fn spell_symbols(text: &str) -> String {
    let has_alphanumeric = text.chars().any(char::is_alphanumeric);
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        let word = match ch {
            '+' => Some("plus"),
            _ if has_alphanumeric => None,
            '!' => Some("not"),
            '=' => Some("eq"),
            '<' => Some("lt"),
            '>' => Some("gt"),
            '-' => Some("minus"),
            '*' => Some("star"),
            '/' => Some("slash"),
            '&' => Some("and"),
            '|' => Some("or"),
            '%' => Some("percent"),
            '.' => Some("dot"),
            '@' => Some("at"),
            '#' => Some("hash"),
            '$' => Some("dollar"),
            '~' => Some("tilde"),
            '?' => Some("question"),
            ':' => Some("colon"),
            ',' => Some("comma"),
            '^' => Some("caret"),
            '_' => Some("underscore"),
            ' ' => Some("space"),
            _ => None,
        };
        match word {
            Some(word) => {
                out.push(' ');
                out.push_str(word);
                out.push(' ');
            }
            None => out.push(ch),
        }
    }
    if text.is_empty() {
        out.push_str("empty");
    }
    out
}

/// The names already used in one scope (a module's types, a struct's fields, an enum's
/// variants); hands out unique ones in the order asked, so the result is deterministic.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    /// `name` if free, else `name2`, `name3`... (snake-case names get `name_2`); marks the
    /// result as taken.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let separator = if name.starts_with(|c: char| c.is_uppercase()) { "" } else { "_" };
        let base = name.strip_prefix("r#").unwrap_or(name);
        let mut n = 2;
        loop {
            let candidate = format!("{base}{separator}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_upper_camel_case() {
        assert_eq!(type_name("usersTracking", "T"), "UsersTracking");
        assert_eq!(type_name("api token patch", "T"), "ApiTokenPatch");
        assert_eq!(type_name("Self", "T"), "SelfValue");
        assert_eq!(type_name("1password", "T"), "Type1password");
        assert_eq!(type_name("", "Fallback"), "Empty");
        assert_eq!(type_name("😀", "Fallback"), "Fallback");
    }

    #[test]
    fn variant_names_spell_symbols_and_keep_plus_apart_from_minus() {
        assert_eq!(variant_name("firebase-fcm"), "FirebaseFcm");
        assert_eq!(variant_name("multiple filter search request"), "MultipleFilterSearchRequest");
        assert_eq!(variant_name("!="), "NotEq");
        assert_eq!(variant_name(">"), "Gt");
        assert_eq!(variant_name("Etc/GMT+0"), "EtcGmtPlus0");
        assert_eq!(variant_name("Etc/GMT-0"), "EtcGmt0");
        assert_eq!(
            variant_name("Metadata field filter (multi-select)"),
            "MetadataFieldFilterMultiSelect"
        );
        assert_eq!(variant_name("2"), "Value2");
        assert_eq!(variant_name(""), "Empty");
    }

    #[test]
    fn field_names_are_snake_case_and_escape_keywords() {
        assert_eq!(field_name("apiTokenId", "f"), "api_token_id");
        assert_eq!(field_name("type", "f"), "r#type");
        assert_eq!(field_name("self", "f"), "self_");
        assert_eq!(field_name("@odata.type", "f"), "odata_type");
        assert_eq!(field_name("2fa", "f"), "_2fa");
        assert_eq!(field_name("", "f"), "empty");
        assert_eq!(field_name("$", "f"), "dollar");
    }

    #[test]
    fn scope_suffixes_collisions_in_order() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("Asc"), "Asc");
        assert_eq!(scope.claim("Asc"), "Asc2");
        assert_eq!(scope.claim("Asc"), "Asc3");
        assert_eq!(scope.claim("auth_time"), "auth_time");
        assert_eq!(scope.claim("auth_time"), "auth_time_2");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("r#type"), "type_2");
    }
}
