//! The conformance suite's report: each document's outcome, the summary line with every
//! count added up, the table of documents and the table of the reasons calls were not judged.

use super::Judge;

/// The summary of a document without operations (only webhooks), which is not served.
pub const NOTHING_TO_CALL: &str = "0 operations, 0 calls, 0 passed, 0 failed, 0 not judged for faults of the mock or the document, 0 operations not called";

/// What one document's run found.
pub struct Outcome {
    /// The document's path, relative to the workspace root when it is inside.
    pub document: String,
    /// The judge of its calls.
    pub judge: Judge,
    /// The test's summary line, or why there is none.
    pub summary: String,
    /// The test's lines for the calls it did not judge, each with its reason.
    pub not_judged: Vec<String>,
    /// Whether the test passed and the judge logged no rejection.
    pub passed: bool,
}

/// The suite's summary line: the counts of every document's summary added up.
pub fn total(outcomes: &[Outcome]) -> String {
    let mut sums = [0usize; 6];
    for outcome in outcomes {
        let counts = outcome
            .summary
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse::<usize>().ok());
        for (sum, count) in sums.iter_mut().zip(counts) {
            *sum += count;
        }
    }
    let [operations, calls, passed, failed, not_judged, not_called] = sums;
    format!(
        "conformance: {} documents, {operations} operations, {calls} calls: {passed} passed, {failed} failed, {not_judged} not judged for faults of the mock or the document, {not_called} operations not called",
        outcomes.len()
    )
}

/// How the test starts the line of a call it does not judge.
pub const NOT_JUDGED: &str = "not judged: ";

/// The Markdown table of the reasons calls were not judged, each with its number of calls,
/// most frequent first. A reason is the text after the status up to its details:
/// `not judged: op, status 200: the mock cannot answer (NO_COMPLEX_OBJECT_TEXT): ...` is
/// counted under `the mock cannot answer (NO_COMPLEX_OBJECT_TEXT)`.
pub fn reasons(outcomes: &[Outcome]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for line in outcomes.iter().flat_map(|outcome| &outcome.not_judged) {
        let after_status = line.split_once(", status ").map_or(line.as_str(), |(_, rest)| rest);
        let reason = after_status.split_once(": ").map_or(after_status, |(_, reason)| reason);
        let reason = reason.split_once(": ").map_or(reason, |(reason, _)| reason).to_owned();
        match counts.iter_mut().find(|(known, _)| *known == reason) {
            Some((_, count)) => *count += 1,
            None => counts.push((reason, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut table = String::from("| not judged because | calls |\n| --- | ---: |\n");
    for (reason, count) in counts {
        table.push_str(&format!("| {reason} | {count} |\n"));
    }
    table
}

/// The Markdown table of every document's summary.
pub fn summary(outcomes: &[Outcome]) -> String {
    let mut table = String::from("| document | judge | result |\n| --- | --- | --- |\n");
    for outcome in outcomes {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            outcome.document,
            outcome.judge.name(),
            outcome.summary
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_total_adds_up_every_document() {
        let outcome = |summary: &str| Outcome {
            document: String::new(),
            judge: Judge::Prism,
            summary: summary.to_owned(),
            not_judged: Vec::new(),
            passed: true,
        };
        let outcomes = [
            outcome(
                "2 operations, 4 calls, 4 passed, 0 failed, 0 not judged for faults of the mock or the document, 0 operations not called",
            ),
            outcome(
                "54 operations, 54 calls, 50 passed, 0 failed, 4 not judged for faults of the mock or the document, 1 operations not called",
            ),
        ];
        assert_eq!(
            total(&outcomes),
            "conformance: 2 documents, 56 operations, 58 calls: 54 passed, 0 failed, 4 not judged for faults of the mock or the document, 1 operations not called"
        );
    }

    #[test]
    fn reasons_are_counted_without_their_details() {
        let outcome = Outcome {
            document: String::new(),
            judge: Judge::Prism,
            summary: String::new(),
            not_judged: vec![
                "not judged: a, status 200: the mock cannot answer (NO_COMPLEX_OBJECT_TEXT): Cannot serialise".to_owned(),
                "not judged: b, status 404: the document's example does not fit its schema".to_owned(),
                "not judged: c, status 500: the mock cannot answer (NO_COMPLEX_OBJECT_TEXT): Cannot serialise".to_owned(),
            ],
            passed: true,
        };
        assert_eq!(
            reasons(&[outcome]),
            "| not judged because | calls |\n| --- | ---: |\n| the mock cannot answer (NO_COMPLEX_OBJECT_TEXT) | 2 |\n| the document's example does not fit its schema | 1 |\n"
        );
    }

    #[test]
    fn the_summary_table_lists_each_document() {
        let outcomes = [Outcome {
            document: "specs/a.yaml".to_owned(),
            judge: Judge::Express,
            summary: "2 operations".to_owned(),
            not_judged: Vec::new(),
            passed: true,
        }];
        assert_eq!(
            summary(&outcomes),
            "| document | judge | result |\n| --- | --- | --- |\n| `specs/a.yaml` | express-openapi-validator | 2 operations |\n"
        );
    }
}
