//! Rust names for things the document names freely: types, fields, variants, methods.
//!
//! Every name is a valid ASCII identifier (keywords become raw identifiers or get a suffix,
//! symbols become words, letters outside ASCII lose their accents or become their code
//! point, a leading digit gets a prefix) and is made unique within its scope by a
//! [`Scope`], so that two document names that case to the same Rust name (`ASC` and `asc`)
//! still get distinct identifiers, deterministically.

use foldhash::{HashMap, HashSet};

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

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
    "hook",
    "rate_limit",
    "max_retries",
    "retry_policy",
    "build",
];

/// Names the generated code writes without a path where a type of the API would shadow
/// them: prelude items it calls, constructs or implements bare (`Ok(..)`, `Some(..)`,
/// `impl From<i64>`, `Default::default()`, `impl Into<String>`, `impl Fn(&str)`). Types never
/// take these names (see [`Scope::types`]). The other items the code uses (`Option`,
/// `String`, `Value`, `Error`, `Client`...) go through `emit/imports.rs`, which writes their
/// full path in a file where a type of the API has the same name.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Ok",
    "Err",
    "Some",
    "None",
    "From",
    "Into",
    "Default",
    "Fn",
    "FnMut",
    "FnOnce",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Iterator",
    "IntoIterator",
    "ToString",
    "ToOwned",
];

/// Crates the generated code names by path (`std::env::var`, `reqwest::Client`,
/// `serde::Serialize`): a module of the generated code with one of these names would shadow
/// the crate in every path written beside it, so modules never take them; nor `client`, the
/// module the tags' modules are declared in (clippy's `module_inception`).
pub const RESERVED_MODULE_NAMES: &[&str] = &[
    "client",
    "std",
    "core",
    "alloc",
    "reqwest",
    "serde",
    "serde_json",
    "serde_urlencoded",
    "chrono",
    "uuid",
    "tokio",
    "tracing",
    "base64",
    "percent_encoding",
];

/// The cargo feature `cargo` itself defines; tags never take it.
const RESERVED_FEATURES: &[&str] = &["default"];

/// Keywords that cannot be raw identifiers either.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A type name in upper camel case (`firebase-fcm` -> `FirebaseFcm`); `fallback` when the
/// text has nothing to build a name from.
pub fn type_name(text: &str, fallback: &str) -> String {
    camel(text, fallback, "Type")
}

/// The name of a type nested in `parent` under `part`, both upper camel case: `part`
/// appended without the words `parent` ends with and `part` starts with, which would
/// otherwise be said twice (`AutoMerge` + `MergeMethod` -> `AutoMergeMethod`, `GitHubApp` +
/// `AppSlug` -> `GitHubAppSlug`). `None` when `part` is only such words (`Commit` + `Commit`,
/// `PersonalAccessTokenUpdatedEvent` + `Event`): without them `part` adds nothing to tell the
/// type from `parent`, which only the caller, knowing what the type is, can add.
pub fn nested_type_name(parent: &str, part: &str) -> Option<String> {
    let parent_words = camel_words(parent);
    let part_words = camel_words(part);
    let overlap = (1..=parent_words.len().min(part_words.len()))
        .rev()
        .find(|&n| parent_words[parent_words.len() - n..] == part_words[..n])
        .unwrap_or(0);
    (overlap < part_words.len()).then(|| format!("{parent}{}", part_words[overlap..].concat()))
}

/// The words of an upper camel case name, each starting at an upper case letter (digits
/// stay with the word before them: `ApiV2010Account` is `Api`, `V2010`, `Account`).
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (index, ch) in name.char_indices() {
        if ch.is_ascii_uppercase() && index > start {
            words.push(&name[start..index]);
            start = index;
        }
    }
    if start < name.len() {
        words.push(&name[start..]);
    }
    words
}

/// An enum or union variant name in upper camel case; values starting with a digit get a
/// `Value` prefix (`2` -> `Value2`).
pub fn variant_name(text: &str) -> String {
    camel(text, "Value", "Value")
}

/// Words written in camel case that are one word (`OAuth`, not `O` and `Auth`), each with
/// the spelling that cases as one: snake case splits at every capital that starts a word,
/// so `OAuth2` would be `o_auth2`.
const ONE_WORD: &[(&str, &str)] = &[
    ("OAuth", "Oauth"),
    ("ETag", "Etag"),
    ("GitHub", "Github"),
    ("GitLab", "Gitlab"),
    ("JavaScript", "Javascript"),
    ("TypeScript", "Typescript"),
    ("WebSocket", "Websocket"),
    ("YouTube", "Youtube"),
    ("LinkedIn", "Linkedin"),
    ("PayPal", "Paypal"),
];

/// `text` with each word of [`ONE_WORD`] spelled to case as one word, where it is a word of
/// its own: not followed by a lower case letter (`OAuthor` is left alone).
fn join_one_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'outer: while let Some(ch) = rest.chars().next() {
        for (word, spelling) in ONE_WORD {
            if let Some(after) = rest.strip_prefix(word)
                && !after.starts_with(|c: char| c.is_ascii_lowercase())
            {
                out.push_str(spelling);
                rest = after;
                continue 'outer;
            }
        }
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// Whether `name` is a keyword of some edition, which a name the document gives verbatim
/// (`x-rust-name`) may not be.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name) || NOT_RAW.contains(&name)
}

/// A field, parameter or method name in snake case; keywords become raw identifiers.
pub fn field_name(text: &str, fallback: &str) -> String {
    let mut name = if is_snake_case(text) {
        text.to_owned()
    } else {
        filter_ident(snake_case(&spell_symbols(&join_one_words(text))))
    };
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.chars().all(|c| c.is_ascii_digit() || c == '_') {
        // clippy's `just_underscores_and_digits` objects to `_123` as a binding.
        name = format!("{fallback}_{}", name.trim_start_matches('_'));
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// A cargo feature name from a tag: ASCII kebab case (`Store Front` -> `store-front`), a
/// character outside ASCII written as its code point (`Données` -> `donn-ue9-es`), as cargo
/// accepts only ASCII letters, digits, `_`, `-` and `+` in feature names, and `fallback`
/// when nothing is left. Every character is one cargo accepts in a feature and TOML in a
/// bare key, and the first is a letter or digit.
pub fn feature_name(text: &str, fallback: &str) -> String {
    let mut name = String::with_capacity(text.len());
    let push_dash = |name: &mut String| {
        if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    };
    for ch in text.to_kebab_case().chars() {
        if ch.is_ascii_alphanumeric() {
            name.push(ch.to_ascii_lowercase());
        } else if ch.is_alphanumeric() {
            push_dash(&mut name);
            name.push_str(&format!("u{:x}", u32::from(ch)));
            push_dash(&mut name);
        } else {
            push_dash(&mut name);
        }
    }
    while name.ends_with('-') {
        name.pop();
    }
    if name.is_empty() { fallback.to_owned() } else { name }
}

fn camel(text: &str, fallback: &str, digit_prefix: &str) -> String {
    let mut name = if is_upper_camel_case(text) {
        text.to_owned()
    } else {
        filter_ident(upper_camel_case(&spell_symbols(text)))
    };
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

/// Whether `text` is ASCII snake case that [`field_name`]'s conversion gives back unchanged:
/// words of lower case letters and digits, the first starting with a letter, joined by single
/// underscores. Most property and parameter names are, and the conversion is a tenth of
/// GitHub's normalising time when each goes through it.
fn is_snake_case(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && !text.ends_with('_')
        && !text.contains("__")
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether `text` is ASCII upper camel case that [`camel`]'s conversion gives back unchanged:
/// letters and digits, starting with a capital, no capital after another or after a digit.
fn is_upper_camel_case(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes
            .windows(2)
            .all(|pair| !pair[1].is_ascii_uppercase() || pair[0].is_ascii_lowercase())
}

/// heck's `to_snake_case`: the words of `text` in lower case, joined by underscores.
fn snake_case(text: &str) -> String {
    if !text.is_ascii() {
        return text.to_snake_case();
    }
    let mut out = String::with_capacity(text.len() + 4);
    ascii_words(text, |word| {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    });
    out
}

/// heck's `to_upper_camel_case`: the words of `text`, each capitalised, joined.
fn upper_camel_case(text: &str) -> String {
    if !text.is_ascii() {
        return text.to_upper_camel_case();
    }
    let mut out = String::with_capacity(text.len());
    ascii_words(text, |word| {
        let mut chars = word.chars();
        out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        out.extend(chars.map(|c| c.to_ascii_lowercase()));
    });
    out
}

/// The words of ASCII `text` as heck splits them, without the formatting machinery heck
/// writes each character through, which took a tenth of the normaliser's time: runs of
/// letters and digits, split where a lower case letter meets a capital (`userId`) and before
/// the last capital of a run that a lower case letter follows (`HTTPServer`).
fn ascii_words<'t>(text: &'t str, mut word: impl FnMut(&'t str)) {
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        Boundary,
        Lower,
        Upper,
    }
    for run in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = run.as_bytes();
        let (mut start, mut case) = (0, Case::Boundary);
        for (index, &byte) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(index + 1) else {
                word(&run[start..]);
                break;
            };
            let next_case = if byte.is_ascii_lowercase() {
                Case::Lower
            } else if byte.is_ascii_uppercase() {
                Case::Upper
            } else {
                case
            };
            if next_case == Case::Lower && next.is_ascii_uppercase() {
                word(&run[start..=index]);
                (start, case) = (index + 1, Case::Boundary);
            } else if case == Case::Upper && byte.is_ascii_uppercase() && next.is_ascii_lowercase()
            {
                word(&run[start..index]);
                (start, case) = (index, Case::Boundary);
            } else {
                case = next_case;
            }
        }
    }
}

/// Keeps only characters an identifier may continue with; the first character is checked by
/// the callers, which prefix names starting with a digit. Identifiers are ASCII: rustc warns
/// on many letters outside it (`uncommon_codepoints` on `ǅ`, `confusable_idents` and
/// `mixed_script_confusables` on Cyrillic or Greek that look Latin), and
/// [`ascii_letters`] has already spelled every letter in ASCII.
fn filter_ident(mut name: String) -> String {
    name.retain(|c| c == '_' || c.is_ascii_alphanumeric());
    name
}

/// Latin letters with diacritics from U+00C0 to U+017F, by code point, as the ASCII letter
/// they are written with; `*` for the two symbols of the range (`×`, `÷`).
const LATIN_BASES: &str = concat!(
    "AAAAAAACEEEEIIIIDNOOOOO*OUUUUYTsaaaaaaaceeeeiiiidnooooo*ouuuuyty",
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs",
);

/// The letters of `text` in ASCII: accented Latin letters lose their accents (`Données` ->
/// `Donnees`, `straße` -> `strasse`), and any other letter or digit outside ASCII becomes
/// its code point as a word of its own (`名前` -> ` u540d  u524d `), so that names that
/// differ stay apart; everything else is kept for the casing and symbol rules.
fn ascii_letters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        let code = u32::from(ch);
        match ch {
            _ if ch.is_ascii() => out.push(ch),
            'ß' => out.push_str("ss"),
            'Æ' => out.push_str("AE"),
            'æ' => out.push_str("ae"),
            'Œ' => out.push_str("OE"),
            'œ' => out.push_str("oe"),
            'Þ' => out.push_str("TH"),
            'þ' => out.push_str("th"),
            '\u{C0}'..='\u{17F}' if ch.is_alphabetic() => {
                let base = LATIN_BASES.as_bytes().get((code - 0xC0) as usize).copied();
                out.push(char::from(base.unwrap_or(b'*')));
            }
            _ if ch.is_alphanumeric() => out.push_str(&format!(" u{code:x} ")),
            _ => out.push(ch),
        }
    }
    out
}

/// Turns symbols into words where they carry the meaning: `+` always (`Etc/GMT+0` and
/// `Etc/GMT-0` must differ), and every symbol of a text that has no letters or digits
/// (`!=` -> `not eq`, `>` -> `gt`), since casing would otherwise leave nothing.
fn spell_symbols(text: &str) -> String {
    // ASCII with a letter or digit and no `+`, as nearly every name is, has nothing to spell.
    if text.is_ascii() && !text.contains('+') && text.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return text.to_owned();
    }
    let has_alphanumeric = text.chars().any(char::is_alphanumeric);
    let mut out = String::with_capacity(text.len() + 8);
    for ch in ascii_letters(text).chars() {
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
    /// For each suffix stem (`Asc`, `auth_time_`), the first suffix not yet tried: every
    /// smaller one was taken when it was tried, and names are never given back, so
    /// starting there gives the same name as counting from 2 without the n-th collision
    /// costing n tries.
    next_suffix: HashMap<String, usize>,
    /// How many suffixed names were tried, over the scope's life.
    #[cfg(test)]
    tries: usize,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    /// A scope with `names` already taken.
    pub fn reserving(names: &[&str]) -> Self {
        Scope { taken: names.iter().map(|name| (*name).to_owned()).collect(), ..Scope::default() }
    }

    /// The scope of an API's type names: [`RESERVED_TYPE_NAMES`] are taken.
    pub fn types() -> Self {
        Scope::reserving(RESERVED_TYPE_NAMES)
    }

    /// The scope of the modules generated beside one another: [`RESERVED_MODULE_NAMES`]
    /// are taken.
    pub fn modules() -> Self {
        Scope::reserving(RESERVED_MODULE_NAMES)
    }

    /// The scope of an API's cargo features: `default` is taken.
    pub fn features() -> Self {
        Scope::reserving(RESERVED_FEATURES)
    }

    /// `name` if free, else `name2`, `name3`... (snake-case names get `name_2`); marks the
    /// result as taken.
    pub fn claim(&mut self, name: &str) -> String {
        if self.taken.insert(name.to_owned()) {
            return name.to_owned();
        }
        let separator = if name.starts_with(|c: char| c.is_uppercase()) { "" } else { "_" };
        // `self_` becomes `self_2`: a double underscore is not snake case to rustc.
        let base = name.strip_prefix("r#").unwrap_or(name).trim_end_matches('_');
        let stem = format!("{base}{separator}");
        let mut n = self.next_suffix.get(&stem).copied().unwrap_or(2);
        loop {
            #[cfg(test)]
            {
                self.tries += 1;
            }
            let candidate = format!("{stem}{n}");
            n += 1;
            if self.taken.insert(candidate.clone()) {
                self.next_suffix.insert(stem, n);
                return candidate;
            }
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
        assert_eq!(type_name("Données", "T"), "Donnees");
        assert_eq!(type_name("straße", "T"), "Strasse");
        assert_eq!(type_name("ǅemal", "T"), "U1c5Emal");
        assert_eq!(type_name("名前", "T"), "U540dU524d");
        assert_eq!(type_name("Ωmega", "T"), "U3a9Mega");
    }

    /// Issue 17: `PersonalAccessTokenUpdatedEventEvent`, `AutoMergeMergeMethod`,
    /// `CommitCommit`: a nested type's name said its parent's last words again.
    #[test]
    fn nested_type_names_do_not_say_the_parents_last_words_twice() {
        let nested = |parent: &str, part: &str| nested_type_name(parent, part);
        assert_eq!(nested("Token", "Status").as_deref(), Some("TokenStatus"));
        assert_eq!(nested("AutoMerge", "MergeMethod").as_deref(), Some("AutoMergeMethod"));
        assert_eq!(
            nested("PaymentMethodUsBankAccount", "AccountHolderType").as_deref(),
            Some("PaymentMethodUsBankAccountHolderType")
        );
        assert_eq!(nested("Package", "PackageType").as_deref(), Some("PackageType"));
        // The longest overlap goes, whole words only.
        assert_eq!(nested("UsBankUs", "UsBankUsId").as_deref(), Some("UsBankUsId"));
        assert_eq!(nested("Statuses", "Status").as_deref(), Some("StatusesStatus"));
        assert_eq!(nested("ApiV2010", "V2010Call").as_deref(), Some("ApiV2010Call"));
        assert_eq!(nested("PersonalAccessTokenUpdatedEvent", "Event"), None);
        assert_eq!(nested("FileCommit", "Commit"), None);
        assert_eq!(nested("Commit", "Commit"), None);
    }

    /// Every string of up to six characters from `alphabet`.
    fn strings(alphabet: &[char]) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..6 {
            last = last
                .iter()
                .flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    /// The shortcuts of `field_name` and `camel` return what the conversion would: checked
    /// on every short string of the characters that decide where the conversion splits words.
    #[test]
    fn names_already_in_case_are_what_converting_them_gives() {
        let mut snake = 0;
        for text in strings(&['a', 'z', '0', '9', '_', 'A', ' ']) {
            if is_snake_case(&text) {
                snake += 1;
                let converted = filter_ident(spell_symbols(&join_one_words(&text)).to_snake_case());
                assert_eq!(converted, text);
            }
        }
        let mut camel = 0;
        for text in strings(&['a', 'Z', 'A', 'z', '0', '_', '-']) {
            if is_upper_camel_case(&text) {
                camel += 1;
                assert_eq!(filter_ident(spell_symbols(&text).to_upper_camel_case()), text);
            }
        }
        assert_eq!((snake, camel), (5650, 2184), "names the shortcuts take");
        for taken in ["OAuth", "ETag", "HTTPServer", "A1B", "user_", "_user", "a__b", "9a"] {
            assert!(!is_snake_case(taken) && !is_upper_camel_case(taken), "{taken}");
        }
    }

    /// The conversions of ASCII text split and case words exactly as heck does, checked on
    /// every short string of the kinds of character that decide where words split.
    #[test]
    fn ascii_names_are_converted_as_heck_converts_them() {
        let all = strings(&['a', 'b', 'A', 'B', '0', '_', ' ']);
        for text in &all {
            assert_eq!(snake_case(text), text.to_snake_case(), "{text:?}");
            assert_eq!(upper_camel_case(text), text.to_upper_camel_case(), "{text:?}");
        }
        assert_eq!(all.len(), 137_257);
        assert_eq!(upper_camel_case("HTTPServer_userId2x"), "HttpServerUserId2x");
        assert_eq!(snake_case("Ωmega"), "ωmega");
    }

    #[test]
    fn the_latin_table_covers_its_range() {
        assert_eq!(LATIN_BASES.len(), 0x180 - 0xC0);
        assert_eq!(ascii_letters("ÀÿĀžſ×"), "AyAzs×");
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
        assert_eq!(field_name("123", "f"), "f_123");
        assert_eq!(field_name("_1_", "f"), "f_1");
        assert_eq!(field_name("名前", "f"), "u540d_u524d");
        assert_eq!(field_name("", "f"), "empty");
        assert_eq!(field_name("$", "f"), "dollar");
    }

    /// Issue 17: Xero's and Discord's `OAuth2` scheme had the setter `o_auth2`.
    #[test]
    fn words_written_in_camel_case_stay_one_word_in_snake_case() {
        assert_eq!(field_name("OAuth2", "f"), "oauth2");
        assert_eq!(field_name("OAuth2.0", "f"), "oauth2_0");
        assert_eq!(field_name("getOAuthToken", "f"), "get_oauth_token");
        assert_eq!(field_name("ETag", "f"), "etag");
        assert_eq!(field_name("GitHubApp", "f"), "github_app");
        assert_eq!(field_name("OAuthor", "f"), "o_author");
        // The spec's own snake case is kept: Spotify's scheme is `oauth_2_0`.
        assert_eq!(field_name("oauth_2_0", "f"), "oauth_2_0");
    }

    #[test]
    fn feature_names_are_ascii_kebab_case() {
        assert_eq!(feature_name("Store Front", "x"), "store-front");
        assert_eq!(feature_name("Données", "x"), "donn-ue9-es");
        assert_eq!(feature_name("名前", "x"), "u540d-u524d");
        assert_eq!(feature_name("dep:x", "x"), "dep-x");
        assert_eq!(feature_name("-+a.b\n\r", "x"), "a-b");
        assert_eq!(feature_name("\u{202E}", "untagged"), "untagged");
        assert_eq!(feature_name("", "untagged"), "untagged");
    }

    #[test]
    fn reserved_names_are_never_handed_out() {
        assert_eq!(Scope::types().claim("Ok"), "Ok2");
        assert_eq!(Scope::types().claim("From"), "From2");
        assert_eq!(Scope::modules().claim("std"), "std_2");
        assert_eq!(Scope::features().claim("default"), "default_2");
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
        assert_eq!(scope.claim("self_"), "self_");
        assert_eq!(scope.claim("self_"), "self_2");
    }

    /// Issue 16: the n-th claim of one name tried n suffixes, so n claims cost n²/2 tries
    /// (50 million for the 10,000 here); each suffix is now tried once, the names unchanged.
    #[test]
    fn colliding_claims_try_each_suffix_once() {
        let mut scope = Scope::new();
        // Taken beforehand by a name of the document, and skipped as before.
        assert_eq!(scope.claim("Asc4"), "Asc4");
        let claimed: Vec<String> = (0..10_000).map(|_| scope.claim("Asc")).collect();
        assert_eq!(claimed[..5], ["Asc", "Asc2", "Asc3", "Asc5", "Asc6"]);
        assert_eq!(claimed[9_999], "Asc10001");
        // 9,999 suffixed names and `Asc4`, tried once.
        assert_eq!(scope.tries, 10_000);
        // A name that takes a later suffix is skipped when the count reaches it.
        assert_eq!(scope.claim("Asc10003"), "Asc10003");
        assert_eq!(scope.claim("Asc"), "Asc10002");
        assert_eq!(scope.claim("Asc"), "Asc10004");
        // `r#type` and `type` share their suffixes.
        assert_eq!(scope.claim("type"), "type");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("type"), "type_2");
        assert_eq!(scope.claim("r#type"), "type_3");
    }
}
