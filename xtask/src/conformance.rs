//! `cargo xtask conformance`: every operation of every document in `specs/`, and of corpus
//! documents with many operations, called through its generated client against Stoplight
//! Prism, which validates each request against the document.
//!
//! For each document this writes a standalone crate with its conformance test
//! (`tests/conformance.rs`, see `generator::emit::conformance_crate`) into
//! `target/conformance/<name>/`, starts `prism mock` on a free port, runs the test with
//! `cargo test`, and stops Prism by its process id, also when something fails. The crates
//! share one target directory, so their dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::files;
use crate::prism::{self, Mock};

/// Corpus documents whose every operation the suite calls, besides `specs/`: chosen for their
/// number of operations and the variety of their parameters and bodies.
const CORPUS: &[&str] = &[
    "oai-petstore-expanded.yaml",
    "openapi-3.1/adyen-transfer-v4.json",
    "openapi-3.1/redocly-museum.yaml",
    "oxide-buildomat.json",
    "oxide-nexus.json",
    "spotify-fixed.yaml",
    "swagger-petstore-v3.yaml",
    "twilio-api_v2010.json",
    "twilio-chat_v2.json",
    "xero-projects.yaml",
];

/// What one document's run found.
struct Outcome {
    document: String,
    /// The test's summary line, or why there is none.
    summary: String,
    passed: bool,
}

/// Runs the suite on `documents`, or on `specs/` and [`CORPUS`] when none are given.
pub fn run(documents: &[String]) -> Result<(), String> {
    let root = crate::workspace_root();
    let prism = prism::install(&root)?;
    let out = root.join("target").join("conformance");
    let documents: Vec<PathBuf> = if documents.is_empty() {
        let corpus = crate::corpus_dir();
        let mut all = crate::test::spec_files(&root)?;
        all.extend(CORPUS.iter().map(|name| corpus.join(name)));
        all
    } else {
        documents.iter().map(PathBuf::from).collect()
    };
    control(&root, &prism, &out)?;
    let mut outcomes = Vec::new();
    for document in &documents {
        let outcome = run_document(&root, &prism, &out, document)?;
        println!("conformance: {}: {}", outcome.document, outcome.summary);
        outcomes.push(outcome);
    }
    let table = summary(&outcomes);
    println!("\n{table}");
    println!("{}", total(&outcomes));
    let report = out.join("report.md");
    std::fs::write(&report, &table)
        .map_err(|e| format!("cannot write {}: {e}", report.display()))?;
    let failed: Vec<&str> =
        outcomes.iter().filter(|o| !o.passed).map(|o| o.document.as_str()).collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "conformance failed for {}; the failures are listed above, Prism's logs are in {}",
            failed.join(", "),
            out.display()
        ))
    }
}

/// Generates, serves and tests one document.
fn run_document(root: &Path, prism: &Path, out: &Path, document: &Path) -> Result<Outcome, String> {
    let file_name =
        document.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = file_name.split('.').next().unwrap_or_default();
    let crate_name = format!(
        "conformance-{}",
        stem.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let (model, cases) =
        generator::conformance_model_from_file(document).map_err(|report| report.to_string())?;
    let tree = generator::emit::conformance_crate(&crate_name, &model.api, &file_name, &cases);
    let run = serve_and_test(prism, out, &crate_name, document, &tree)?;
    if run.passed() {
        for line in run.output.lines().filter(|line| line.starts_with("not judged: ")) {
            println!("{line}");
        }
    } else {
        eprintln!("{}", run.output);
    }
    if !run.rejections.is_empty() {
        eprintln!("Prism logged rejected requests:\n{}", run.rejections.join("\n"));
    }
    Ok(Outcome {
        document: document.strip_prefix(root).unwrap_or(document).display().to_string(),
        summary: run
            .summary()
            .unwrap_or_else(|| format!("the test did not finish ({})", run.status)),
        passed: run.passed(),
    })
}

/// The control: one call with an argument the document forbids must make the suite fail,
/// naming Prism's objection, or the suite could not notice an invalid request.
fn control(root: &Path, prism: &Path, out: &Path) -> Result<(), String> {
    let document = root.join("xtask").join("fixtures").join("conformance-control.yaml");
    let (model, mut cases) =
        generator::conformance_model_from_file(&document).map_err(|report| report.to_string())?;
    let Some(limit) = cases.first_mut().and_then(|case| case.parameters.first_mut()) else {
        return Err(format!("{} has no parameter to break", document.display()));
    };
    *limit = Some(serde_json::json!(0));
    let crate_name = "conformance-control";
    let tree = generator::emit::conformance_crate(
        crate_name,
        &model.api,
        "conformance-control.yaml",
        &cases,
    );
    let run = serve_and_test(prism, out, crate_name, &document, &tree)?;
    let expected = "list_items, status 200: the mock server rejects the request: Request query parameter limit must be >= 1";
    if !run.passed()
        && run.output.contains(expected)
        && run.rejections == ["Request query parameter limit must be >= 1"]
    {
        println!("conformance: control: a forbidden argument is reported ({expected})");
        Ok(())
    } else {
        Err(format!(
            "the conformance control did not fail as it should, with `{expected}`:\n{}",
            run.output
        ))
    }
}

/// What running one conformance test found.
struct TestRun {
    status: std::process::ExitStatus,
    /// The test's standard output and error.
    output: String,
    /// Request violations in Prism's log (see [`request_rejections`]).
    rejections: Vec<String>,
}

impl TestRun {
    fn passed(&self) -> bool {
        self.status.success() && self.rejections.is_empty()
    }

    fn summary(&self) -> Option<String> {
        self.output.lines().find_map(|line| line.strip_prefix("conformance: ")).map(str::to_owned)
    }
}

/// Writes the crate `tree` to `out/<crate_name>`, starts Prism for `document`, runs the
/// crate's conformance test against it, and stops Prism.
fn serve_and_test(
    prism: &Path,
    out: &Path,
    crate_name: &str,
    document: &Path,
    tree: &generator::emit::Files,
) -> Result<TestRun, String> {
    let crate_dir = out.join(crate_name);
    let owned = |path: &Path| {
        tree.contains_key(path) || path.starts_with("src") || path.starts_with("tests")
    };
    let difference = files::compare(&crate_dir, tree, owned).map_err(|e| e.to_string())?;
    files::apply(&crate_dir, tree, &difference).map_err(|e| e.to_string())?;
    let log = out.join(format!("{crate_name}.log"));
    let mock = Mock::start(prism, document, &log)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .args(["test", "--quiet", "--test", "conformance", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .args(["--", "--nocapture"])
        .env("CARGO_TARGET_DIR", out.join("target"))
        .env(generator::emit::CONFORMANCE_BASE_URL, mock.base_url());
    let output = command.output().map_err(|e| format!("cannot run {command:?}: {e}"));
    drop(mock);
    let output = output?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let rejections = request_rejections(&std::fs::read_to_string(&log).unwrap_or_default());
    Ok(TestRun { status: output.status, output: text, rejections })
}

/// The request violations Prism logged, except its known inability to read arrays in form
/// bodies (stoplightio/prism#2473), which the test itself counts apart; violations of its
/// own responses are the mock's, and the test judges those calls by what the client decoded.
fn request_rejections(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|line| {
            line.split_once("[VALIDATOR] ✖  error").map(|(_, message)| message.trim())
        })
        .filter(|message| !message.starts_with("Violation: response."))
        .filter(|message| {
            !(message.starts_with("Request body property") && message.ends_with("must be array"))
        })
        .map(str::to_owned)
        .collect()
}

/// The suite's summary line: the counts of every document's summary added up.
fn total(outcomes: &[Outcome]) -> String {
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

/// The Markdown table of every document's summary.
fn summary(outcomes: &[Outcome]) -> String {
    let mut table = String::from("| document | result |\n| --- | --- |\n");
    for outcome in outcomes {
        table.push_str(&format!("| `{}` | {} |\n", outcome.document, outcome.summary));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_request_violations_are_rejections_but_the_mock_s_own_are_not() {
        let log = "[1:14:37 PM] ›     [VALIDATOR] ✖  error     Request body property Permission must be array
[1:14:37 PM] ›     [VALIDATOR] ✖  error     Violation: response.body.id Response body property id must match pattern
[1:14:37 PM] ›     [VALIDATOR] ✔  success   The request passed the validation rules. Looking for the best response
[1:14:38 PM] ›     [VALIDATOR] ✖  error     Request query parameter limit must be integer";
        assert_eq!(request_rejections(log), ["Request query parameter limit must be integer"]);
    }

    #[test]
    fn the_total_adds_up_every_document() {
        let outcome = |summary: &str| Outcome {
            document: String::new(),
            summary: summary.to_owned(),
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
    fn the_summary_table_lists_each_document() {
        let outcomes = [Outcome {
            document: "specs/a.yaml".to_owned(),
            summary: "2 operations".to_owned(),
            passed: true,
        }];
        assert_eq!(
            summary(&outcomes),
            "| document | result |\n| --- | --- |\n| `specs/a.yaml` | 2 operations |\n"
        );
    }
}
