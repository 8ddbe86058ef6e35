//! The `[features]` table of a `Cargo.toml`: each feature's name and what it enables.
//!
//! A small reader of that one table rather than a TOML crate: a generated manifest writes
//! it as `name = ["a", "b"]` lines, and the comparison needs nothing else of the file.

use std::collections::BTreeMap;

/// Feature name → the features and dependencies it enables, in the manifest's order.
pub type Features = BTreeMap<String, Vec<String>>;

/// The features of `manifest`, or a message naming the line that is not `name = [...]`.
pub fn parse(manifest: &str) -> Result<Features, String> {
    let mut features = Features::new();
    let mut in_table = false;
    let mut pending: Option<(String, String)> = None;
    for (index, raw) in manifest.lines().enumerate() {
        let line = strip_comment(raw).trim().to_owned();
        if let Some((name, mut value)) = pending.take() {
            value.push(' ');
            value.push_str(&line);
            if value.trim_end().ends_with(']') {
                features.insert(name, list(&value).map_err(|e| at(index, &e))?);
            } else {
                pending = Some((name, value));
            }
            continue;
        }
        if line.starts_with('[') {
            in_table = line == "[features]";
            continue;
        }
        if !in_table || line.is_empty() {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            return Err(at(index, "expected `name = [...]`"));
        };
        let name = name.trim().trim_matches('"').to_owned();
        let value = value.trim().to_owned();
        if !value.starts_with('[') {
            return Err(at(index, "expected a list after `=`"));
        }
        if value.ends_with(']') {
            features.insert(name, list(&value).map_err(|e| at(index, &e))?);
        } else {
            pending = Some((name, value));
        }
    }
    match pending {
        Some((name, _)) => Err(format!("Cargo.toml: the list of feature `{name}` is not closed")),
        None => Ok(features),
    }
}

fn at(index: usize, message: &str) -> String {
    format!("Cargo.toml:{}: {message}", index + 1)
}

/// `line` without a `#` comment, leaving a `#` inside a string alone.
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    for (position, character) in line.char_indices() {
        match character {
            '"' => in_string = !in_string,
            '#' if !in_string => return &line[..position],
            _ => {}
        }
    }
    line
}

/// The strings of a `["a", "b"]` list.
fn list(value: &str) -> Result<Vec<String>, String> {
    let inner = value
        .trim()
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .ok_or_else(|| "expected a list in brackets".to_owned())?;
    inner
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .strip_prefix('"')
                .and_then(|rest| rest.strip_suffix('"'))
                .map(str::to_owned)
                .ok_or_else(|| format!("expected a quoted string, found `{entry}`"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_read_from_their_table_only() {
        let manifest = "[package]\nname = \"x\"\n\n[features]\n# a comment\ndefault = [\"a\", \"b\"] # why\na = []\n\"b\" = [\n  \"dep:serde\",\n  \"a\",\n]\n\n[dependencies]\nserde = \"1\"\n";
        let features = parse(manifest).expect("parses");
        let expected: Features = [
            ("a".to_owned(), vec![]),
            ("b".to_owned(), vec!["dep:serde".to_owned(), "a".to_owned()]),
            ("default".to_owned(), vec!["a".to_owned(), "b".to_owned()]),
        ]
        .into_iter()
        .collect();
        assert_eq!(features, expected);
    }

    #[test]
    fn a_line_that_is_not_a_feature_is_an_error_with_its_line() {
        assert_eq!(
            parse("[features]\na = 3\n").err().as_deref(),
            Some("Cargo.toml:2: expected a list after `=`")
        );
    }
}
