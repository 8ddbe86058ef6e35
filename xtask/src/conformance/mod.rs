//! `cargo xtask conformance`: every operation of every document in `specs/` and of the
//! corpus, called through its generated client against a judge that validates each request
//! against the document: Stoplight Prism, or for the documents Prism cannot load the
//! express-openapi-validator judge (see [`Judge`]).
//!
//! For each document this writes a standalone crate with its conformance test
//! (`tests/conformance.rs`, see `generator::emit::conformance_crate`) into
//! `target/conformance/<name>/`, starts the judge on a free port with the judging proxy
//! ([`crate::proxy`]) in front of it, runs the test with `cargo test` against the proxy, and
//! stops both, also when something fails. The crates share one target directory, so their
//! dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use generator::load::Node;

use crate::files;
use crate::proxy::Proxy;
use crate::server::Server;

mod control;
mod report;

use report::{NOT_JUDGED, NOTHING_TO_CALL, Outcome, reasons, summary, total};

/// Which judge validates a document's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judge {
    /// Stoplight Prism's mock server ([`crate::prism`]).
    Prism,
    /// The express-openapi-validator judge ([`crate::express`]).
    Express,
}

impl Judge {
    /// The judge's name in messages and in the report.
    fn name(self) -> &'static str {
        match self {
            Judge::Prism => "Prism",
            Judge::Express => "express-openapi-validator",
        }
    }
}

/// Which runs include a corpus document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runs {
    /// Every run: `cargo xtask conformance`, and so `cargo xtask test` and CI.
    Every,
    /// Only the whole corpus, `cargo xtask conformance --all`: too slow for CI (Stripe and
    /// GitHub take minutes to compile), or adding little that the others do not cover.
    All,
}

/// Every document of `tests/corpus/`, with its judge and the runs that call it. Prism judges
/// the documents it loads; Stripe's never finishes loading in Prism and GitHub's makes it
/// fetch URLs found in examples, so the express judge takes those.
const CORPUS: &[(&str, Judge, Runs)] = &[
    ("github-rest.json", Judge::Express, Runs::All),
    ("hf-text-generation-inference.json", Judge::Prism, Runs::All),
    ("oai-api-with-examples.yaml", Judge::Prism, Runs::All),
    ("oai-callback-example.yaml", Judge::Prism, Runs::All),
    ("oai-link-example.yaml", Judge::Prism, Runs::All),
    ("oai-petstore-expanded.yaml", Judge::Prism, Runs::Every),
    ("oai-petstore.yaml", Judge::Express, Runs::Every),
    ("oai-uspto.yaml", Judge::Express, Runs::Every),
    ("openapi-3.1/adyen-transfer-v4.json", Judge::Prism, Runs::Every),
    ("openapi-3.1/adyen-transfer-webhooks-v4.json", Judge::Prism, Runs::All),
    ("openapi-3.1/discord.json", Judge::Prism, Runs::All),
    ("openapi-3.1/oai-non-oauth-scopes.yaml", Judge::Prism, Runs::All),
    ("openapi-3.1/oai-webhook-example.yaml", Judge::Prism, Runs::All),
    ("openapi-3.1/redocly-museum.yaml", Judge::Prism, Runs::Every),
    ("oxide-buildomat.json", Judge::Prism, Runs::Every),
    ("oxide-keeper.json", Judge::Express, Runs::Every),
    ("oxide-nexus.json", Judge::Prism, Runs::Every),
    ("oxide-propolis.json", Judge::Express, Runs::All),
    ("spotify-fixed.yaml", Judge::Prism, Runs::Every),
    ("stripe-spec3.yaml", Judge::Express, Runs::All),
    ("swagger-petstore-v3.yaml", Judge::Prism, Runs::Every),
    ("twilio-api_v2010.json", Judge::Prism, Runs::Every),
    ("twilio-chat_v2.json", Judge::Prism, Runs::Every),
    ("xero-projects.yaml", Judge::Prism, Runs::Every),
];

/// The stack of the conformance test's thread.
const TEST_STACK_BYTES: usize = 64 * 1024 * 1024;

/// What the command line asks for.
#[derive(Debug, PartialEq)]
struct Request {
    /// `--all`: every corpus document, not only those of every run.
    all: bool,
    /// Documents named on the command line, judged by `--judge` (Prism by default).
    files: Vec<(PathBuf, Judge)>,
}

fn parse(args: &[String]) -> Result<Request, String> {
    let mut request = Request { all: false, files: Vec::new() };
    let mut judge = Judge::Prism;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--all" => request.all = true,
            "--judge" => {
                judge = match args.next().map(String::as_str) {
                    Some("prism") => Judge::Prism,
                    Some("express") => Judge::Express,
                    other => return Err(format!("--judge takes prism or express, not {other:?}")),
                }
            }
            file => request.files.push((PathBuf::from(file), judge)),
        }
    }
    if request.all && !request.files.is_empty() {
        return Err("--all runs the whole corpus; name no files with it".to_owned());
    }
    Ok(request)
}

/// The judges' programs, installed on first use.
struct Tools {
    root: PathBuf,
    prism: Option<PathBuf>,
    express: Option<PathBuf>,
}

impl Tools {
    /// Starts `judge` for the document at `path`, loaded as `document`, with its output in
    /// `log`, installing it first if needed.
    fn start(
        &mut self,
        judge: Judge,
        (path, document): (&Path, &Node),
        log: &Path,
    ) -> Result<Server, String> {
        match judge {
            Judge::Prism => {
                let prism = match self.prism.take() {
                    Some(prism) => prism,
                    None => crate::prism::install(&self.root)?,
                };
                let server = crate::prism::start(&prism, path, log);
                self.prism = Some(prism);
                server
            }
            Judge::Express => {
                let modules = match self.express.take() {
                    Some(modules) => modules,
                    None => crate::express::install(&self.root)?,
                };
                let server = crate::express::start(&self.root, &modules, (path, document), log);
                self.express = Some(modules);
                server
            }
        }
    }
}

/// Runs the suite: on the documents named in `args`, else on `specs/` and the corpus
/// documents of every run, or of the whole corpus with `--all`.
pub fn run(args: &[String]) -> Result<(), String> {
    let request = parse(args)?;
    let root = crate::workspace_root();
    let out = root.join("target").join("conformance");
    let documents: Vec<(PathBuf, Judge)> = if request.files.is_empty() {
        let corpus = crate::corpus_dir();
        let mut all: Vec<(PathBuf, Judge)> =
            crate::test::spec_files(&root)?.into_iter().map(|spec| (spec, Judge::Prism)).collect();
        all.extend(
            CORPUS
                .iter()
                .filter(|(_, _, runs)| request.all || *runs == Runs::Every)
                .map(|(name, judge, _)| (corpus.join(name), *judge)),
        );
        all
    } else {
        request.files
    };
    let mut tools = Tools { root: root.clone(), prism: None, express: None };
    for judge in [Judge::Prism, Judge::Express] {
        if documents.iter().any(|(_, used)| *used == judge) {
            control::control(&root, &mut tools, judge, &out)?;
        }
    }
    let mut outcomes = Vec::new();
    for (document, judge) in &documents {
        let outcome = run_document(&root, &mut tools, *judge, &out, document)?;
        println!("conformance: {} ({}): {}", outcome.document, judge.name(), outcome.summary);
        outcomes.push(outcome);
    }
    let table = format!("{}\n{}", summary(&outcomes), reasons(&outcomes));
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
            "conformance failed for {}; the failures are listed above, the judges' logs are in {}",
            failed.join(", "),
            out.display()
        ))
    }
}

/// Generates, serves and tests one document.
fn run_document(
    root: &Path,
    tools: &mut Tools,
    judge: Judge,
    out: &Path,
    document: &Path,
) -> Result<Outcome, String> {
    let file_name =
        document.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = file_name.split('.').next().unwrap_or_default();
    let crate_name = format!(
        "conformance-{}",
        stem.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let (model, cases) = generator::conformance_model_from_file(document, &[])
        .map_err(|report| report.to_string())?;
    let shown = document.strip_prefix(root).unwrap_or(document).display().to_string();
    if model.api.operations.is_empty() {
        // Only webhooks: there is nothing to call, and Prism refuses to serve such a document.
        return Ok(Outcome {
            document: shown,
            judge,
            summary: NOTHING_TO_CALL.to_owned(),
            not_judged: Vec::new(),
            passed: true,
        });
    }
    let tree = generator::emit::conformance_crate(&crate_name, &model.api, &file_name, &cases);
    let run = serve_and_test(tools, judge, out, &crate_name, document, &tree)?;
    let not_judged: Vec<String> =
        run.output.lines().filter(|line| line.starts_with(NOT_JUDGED)).map(str::to_owned).collect();
    if run.passed() {
        for line in &not_judged {
            println!("{line}");
        }
    } else {
        eprintln!("{}", run.output);
    }
    if !run.rejections.is_empty() {
        eprintln!("Prism logged rejected requests:\n{}", run.rejections.join("\n"));
    }
    Ok(Outcome {
        document: shown,
        judge,
        summary: run
            .summary()
            .unwrap_or_else(|| format!("the test did not finish ({})", run.status)),
        not_judged,
        passed: run.passed(),
    })
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

/// Writes the crate `tree` to `out/<crate_name>`, starts `judge` for `document` with the
/// judging proxy in front of it, runs the crate's conformance test against the proxy, and
/// stops both.
fn serve_and_test(
    tools: &mut Tools,
    judge: Judge,
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
    let loaded = generator::load::load_file(document).map_err(|report| report.to_string())?;
    let root = Arc::new(loaded.document.root);
    let log = out.join(format!("{crate_name}.log"));
    let server = tools.start(judge, (document, &root), &log)?;
    let proxy = Proxy::start(root, server.port())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .args(["test", "--quiet", "--test", "conformance", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .args(["--", "--nocapture"])
        .env("CARGO_TARGET_DIR", out.join("target"))
        // The test's one future holds every operation's; in a debug build GitHub's outgrows
        // the 2 MiB stack of a test thread.
        .env("RUST_MIN_STACK", TEST_STACK_BYTES.to_string())
        .env(generator::emit::CONFORMANCE_BASE_URL, proxy.base_url());
    let output = command.output().map_err(|e| format!("cannot run {command:?}: {e}"));
    drop(proxy);
    drop(server);
    let output = output?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let rejections = match judge {
        Judge::Prism => request_rejections(&std::fs::read_to_string(&log).unwrap_or_default()),
        // The express judge reports every rejection in its answer's header, which the test
        // reads; its log repeats them.
        Judge::Express => Vec::new(),
    };
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
    fn every_corpus_document_has_a_judge_once() {
        let corpus = crate::corpus_dir();
        let mut found = Vec::new();
        for folder in [corpus.clone(), corpus.join("openapi-3.1")] {
            let entries = std::fs::read_dir(&folder).expect("the corpus folder is readable");
            for path in entries.map(|entry| entry.expect("a folder entry").path()) {
                if path.extension().is_some_and(|ext| ext == "yaml" || ext == "json") {
                    let relative = path.strip_prefix(&corpus).expect("a path in the corpus");
                    found.push(relative.display().to_string());
                }
            }
        }
        found.sort();
        let listed: Vec<&str> = CORPUS.iter().map(|(name, _, _)| *name).collect();
        assert_eq!(listed, found, "CORPUS lists each corpus document once, in order");
    }

    #[test]
    fn the_command_line_names_the_runs_and_the_judges_of_files() {
        let args = |args: &[&str]| args.iter().map(|arg| (*arg).to_owned()).collect::<Vec<_>>();
        assert_eq!(parse(&args(&["--all"])), Ok(Request { all: true, files: Vec::new() }));
        assert_eq!(
            parse(&args(&["a.yaml", "--judge", "express", "b.yaml"])),
            Ok(Request {
                all: false,
                files: vec![
                    (PathBuf::from("a.yaml"), Judge::Prism),
                    (PathBuf::from("b.yaml"), Judge::Express)
                ],
            })
        );
        assert_eq!(
            parse(&args(&["--judge", "other"])),
            Err("--judge takes prism or express, not Some(\"other\")".to_owned())
        );
        assert!(parse(&args(&["--all", "a.yaml"])).is_err());
    }
}
