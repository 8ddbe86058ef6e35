//! Groups for the operations of a document without tags (Stripe's, Twilio's), so that its
//! crate still splits into features a user can compile one at a time: by the resource a
//! path names, its first literal segment after the prefix every path shares (`/v1`), and,
//! where one resource would hold more than half of the operations, by the next one within it.

use std::collections::BTreeMap;

/// The fewest operations a document without tags must have to be grouped: a smaller crate
/// checks in a few seconds whole (oxide-nexus, 252 operations, in about 5 s), and its one
/// feature, `untagged`, stays as it was.
pub const GROUPED_FROM: usize = 50;

/// A group holding more than this share of the operations is split by the next segment.
const SPLIT_ABOVE: f64 = 0.5;

/// The group of each of `paths` (one per operation, in order): the segment of its path that
/// names it, as written in the document. `None` for a path with no literal segment after the
/// shared prefix (`/`, `/v1/{id}`), which keeps the features' default group.
pub fn path_groups(paths: &[&str]) -> Vec<Option<String>> {
    let segments: Vec<Vec<&str>> = paths.iter().map(|path| literal_segments(path)).collect();
    let shared = shared_prefix(&segments);
    let mut groups = vec![None; paths.len()];
    let members: Vec<usize> = (0..paths.len()).collect();
    assign(&segments, members, shared, paths.len(), &mut groups);
    groups
}

/// Names the group of each of `members` by its segment at `depth`, and splits a group too
/// large for `total` operations by the segment after.
fn assign(
    segments: &[Vec<&str>],
    members: Vec<usize>,
    depth: usize,
    total: usize,
    groups: &mut [Option<String>],
) {
    let mut by_segment: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for member in members {
        if let Some(segment) = segments[member].get(depth) {
            by_segment.entry(segment).or_default().push(member);
        }
    }
    for (segment, members) in by_segment {
        for &member in &members {
            groups[member] = Some(segment.to_owned());
        }
        let deeper = members.iter().filter(|&&m| segments[m].len() > depth + 1).count();
        // The share is of all operations, so that splitting ends.
        if members.len() as f64 > total as f64 * SPLIT_ABOVE && deeper > 0 {
            let within: Vec<usize> =
                members.into_iter().filter(|&m| segments[m].len() > depth + 1).collect();
            assign(segments, within, depth + 1, total, groups);
        }
    }
}

/// The literal segments of `path` (its parameters left out), each without an extension
/// (`Calls.json` → `Calls`), since one resource is often offered as several.
fn literal_segments(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|segment| !segment.is_empty() && !segment.contains('{'))
        .map(|segment| segment.split_once('.').map_or(segment, |(stem, _)| stem))
        .filter(|segment| !segment.is_empty())
        .collect()
}

/// How many leading segments every path shares, with at least one more segment in some
/// path, so that a document of one resource (`/v1/pets`, `/v1/pets/{id}`) is not one group
/// per nothing.
fn shared_prefix(segments: &[Vec<&str>]) -> usize {
    let Some(first) = segments.first() else {
        return 0;
    };
    let mut depth = 0;
    while let Some(segment) = first.get(depth) {
        let all_share = segments.iter().all(|other| other.get(depth) == Some(segment));
        let more = segments.iter().any(|other| other.len() > depth + 1);
        if !all_share || !more {
            break;
        }
        depth += 1;
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(paths: &[&str]) -> Vec<Option<String>> {
        path_groups(paths)
    }

    /// `Some` of each name, `None` for an empty one.
    fn named(names: &[&str]) -> Vec<Option<String>> {
        names.iter().map(|name| (!name.is_empty()).then(|| (*name).to_owned())).collect()
    }

    #[test]
    fn a_versioned_api_groups_by_the_resource_after_the_version() {
        let paths = [
            "/v1/charges",
            "/v1/charges/{charge}",
            "/v1/customers/{customer}/sources",
            "/v1/test_helpers/treasury/{id}",
            "/v1/{id}",
        ];
        assert_eq!(groups(&paths), named(&["charges", "charges", "customers", "test_helpers", ""]));
    }

    #[test]
    fn a_resource_holding_most_operations_splits_by_the_one_within_it() {
        let paths = [
            "/2010-04-01/Accounts.json",
            "/2010-04-01/Accounts/{Sid}.json",
            "/2010-04-01/Accounts/{Sid}/Calls.json",
            "/2010-04-01/Accounts/{Sid}/Calls/{CallSid}.json",
            "/2010-04-01/Accounts/{Sid}/Messages.json",
            "/2010-04-01/Applications.json",
        ];
        assert_eq!(
            groups(&paths),
            named(&["Accounts", "Accounts", "Calls", "Calls", "Messages", "Applications"])
        );
    }

    /// The features of a document without tags of `count` operations on five resources.
    fn features_of_untagged(count: usize) -> Vec<String> {
        let mut yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n".to_owned();
        for index in 0..count {
            let resource = ["charges", "customers", "plans", "prices", "refunds"][index % 5];
            yaml.push_str(&format!(
                "  /v1/{resource}/x{index}:\n    get: {{responses: {{'204': {{description: ok}}}}}}\n"
            ));
        }
        let model = crate::model_from_str(std::path::Path::new("t.yaml"), yaml)
            .unwrap_or_else(|report| panic!("{report}"));
        crate::emit::features::Features::new(&model.api, None).all().to_vec()
    }

    #[test]
    fn a_large_document_without_tags_gets_a_feature_per_resource_and_a_small_one_just_one() {
        assert_eq!(
            features_of_untagged(GROUPED_FROM),
            ["charges", "customers", "plans", "prices", "refunds"]
        );
        assert_eq!(features_of_untagged(GROUPED_FROM - 1), ["untagged"]);
    }

    #[test]
    fn one_resource_is_one_group() {
        assert_eq!(groups(&["/pets", "/pets/{id}"]), named(&["pets", "pets"]));
        assert_eq!(groups(&["/"]), named(&[""]));
    }
}
