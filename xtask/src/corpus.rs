//! `cargo xtask corpus [DIR]`: every OpenAPI document under DIR (default
//! `tests/corpus/`) becomes a standalone crate that must pass
//! `cargo clippy -- -D warnings` and `cargo doc` with warnings denied. The table also counts,
//! per document, the operations that page (by scheme) and those whose bodies the client
//! streams: event streams (`.await` gives one, + those with `send_events`), downloads
//! (`send_streaming`) and binary uploads. `--pagination` only reports, per document, which
//! list operations page and by which scheme.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::emit;
use generator::ir::Api;

use crate::files;

/// The outcome for one document.
struct Outcome {
    spec: String,
    generated: bool,
    compiles: bool,
    seconds: f64,
    first_error: String,
    /// The operations whose bodies the client streams.
    streaming: emit::Streaming,
    /// The operations that page, by scheme (see [`pagination`]).
    pages: String,
}

pub fn run(args: &[String]) -> Result<(), String> {
    let root = crate::workspace_root();
    let (only_pagination, args) = match args {
        [flag, rest @ ..] if flag == "--pagination" => (true, rest),
        _ => (false, args),
    };
    let dir = match args {
        [] => crate::corpus_dir(),
        [dir] => PathBuf::from(dir),
        _ => {
            return Err(format!(
                "usage: cargo xtask corpus [--pagination] [DIR]\n{}",
                crate::USAGE
            ));
        }
    };
    let specs = documents(&dir)?;
    if specs.is_empty() {
        return Err(format!("no OpenAPI documents in {}", dir.display()));
    }
    if only_pagination {
        println!("{}", pagination_table(&dir, &specs));
        return Ok(());
    }
    let scratch = root.join("target").join("corpus");
    let target_dir = root.join("target").join("corpus-target");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut outcomes = Vec::new();
    for spec in &specs {
        let shown = spec.strip_prefix(&dir).unwrap_or(spec).display().to_string();
        eprintln!("corpus: {shown}");
        let started = Instant::now();
        let mut outcome = Outcome {
            spec: shown,
            generated: false,
            compiles: false,
            seconds: 0.0,
            first_error: String::new(),
            streaming: emit::Streaming::default(),
            pages: String::new(),
        };
        match generate(spec, &scratch) {
            Err(error) => outcome.first_error = error,
            Ok((crate_dir, streaming, pages)) => {
                outcome.streaming = streaming;
                outcome.pages = pages;
                outcome.generated = true;
                match check(&cargo, &crate_dir, &target_dir) {
                    Ok(()) => outcome.compiles = true,
                    Err(error) => outcome.first_error = error,
                }
            }
        }
        outcome.seconds = started.elapsed().as_secs_f64();
        outcomes.push(outcome);
    }
    let table = table(&outcomes);
    println!("{table}");
    let _ = std::fs::write(scratch.join("report.md"), &table);
    let failed = outcomes.iter().filter(|o| !o.compiles).count();
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} of {} documents failed", outcomes.len()))
    }
}

/// Every `.yaml`, `.yml` and `.json` file under `dir`, sorted.
fn documents(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current)
            .map_err(|e| format!("cannot read {}: {e}", current.display()))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml" || ext == "json")
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The operations of `api` that page: `N of M`, then the count of each scheme.
fn pagination(api: &Api) -> String {
    let mut schemes: Vec<(&str, usize)> = Vec::new();
    for pagination in api.operations.iter().filter_map(|o| o.pagination.as_ref()) {
        let label = pagination.scheme.label();
        match schemes.iter_mut().find(|(known, _)| *known == label) {
            Some((_, count)) => *count += 1,
            None => schemes.push((label, 1)),
        }
    }
    schemes.sort();
    let paged: usize = schemes.iter().map(|(_, count)| count).sum();
    let mut text = format!("{paged} of {}", api.operations.len());
    if !schemes.is_empty() {
        let each: Vec<String> =
            schemes.iter().map(|(label, count)| format!("{label}: {count}")).collect();
        text.push_str(&format!(" ({})", each.join(", ")));
    }
    text
}

/// `--pagination`: the model of each document, and the operations of each that page.
fn pagination_table(dir: &Path, specs: &[PathBuf]) -> String {
    let mut out = String::from("| spec | operations that page (by scheme) |\n| --- | --- |\n");
    for spec in specs {
        let shown = spec.strip_prefix(dir).unwrap_or(spec).display().to_string();
        let pages = match generator::model_from_file(spec) {
            Ok(model) => pagination(&model.api),
            Err(report) => first_line(&report.to_string()),
        };
        out.push_str(&format!("| {shown} | {} |\n", pages.replace('|', "\\|")));
    }
    out
}

/// Writes the crate of `spec` under `scratch`, and says which operations it streams and which
/// page; the first line of the first error otherwise.
fn generate(spec: &Path, scratch: &Path) -> Result<(PathBuf, emit::Streaming, String), String> {
    let model =
        generator::model_from_file(spec).map_err(|report| first_line(&report.to_string()))?;
    let stem = spec.file_stem().map(|s| s.to_string_lossy().to_lowercase()).unwrap_or_default();
    let name: String = format!("corpus-{stem}")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let source = spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tree = emit::standalone_crate(&name, &model.api, &source);
    let crate_dir = scratch.join(&name);
    let difference = files::compare(&crate_dir, &tree, |path| path.starts_with("src"))
        .map_err(|e| e.to_string())?;
    files::apply(&crate_dir, &tree, &difference).map_err(|e| e.to_string())?;
    Ok((crate_dir, emit::streaming(&model.api), pagination(&model.api)))
}

/// `cargo clippy -- -D warnings`, then `cargo doc` with warnings denied.
fn check(cargo: &str, crate_dir: &Path, target_dir: &Path) -> Result<(), String> {
    let clippy: &[&str] = &["clippy", "--quiet", "--", "-D", "warnings"];
    let doc: &[&str] = &["doc", "--quiet", "--no-deps"];
    for args in [clippy, doc] {
        let mut command = Command::new(cargo);
        command
            .current_dir(crate_dir)
            .env("CARGO_TARGET_DIR", target_dir)
            .env("RUSTDOCFLAGS", "-D warnings")
            .args(args);
        let output = command.output().map_err(|e| format!("cannot run cargo: {e}"))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first = stderr
                .lines()
                .find(|line| line.starts_with("error") || line.starts_with("warning"))
                .unwrap_or("cargo failed");
            let location = stderr
                .lines()
                .find(|line| line.trim_start().starts_with("-->"))
                .map(str::trim)
                .unwrap_or("");
            return Err(format!("{} {first} {location}", args[0]).trim().to_owned());
        }
    }
    Ok(())
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_owned()
}

fn table(outcomes: &[Outcome]) -> String {
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let mut out = String::from(
        "| spec | generated | compiles | seconds | pages | event streams | downloads, uploads | first error |\n| --- | --- | --- | ---: | --- | ---: | ---: | --- |\n",
    );
    for o in outcomes {
        let s = &o.streaming;
        out.push_str(&format!(
            "| {} | {} | {} | {:.1} | {} | {} + {} | {}, {} | {} |\n",
            o.spec,
            yes_no(o.generated),
            yes_no(o.compiles),
            o.seconds,
            o.pages,
            s.events,
            s.events_on_request,
            s.downloads,
            s.uploads,
            o.first_error.replace('|', "\\|")
        ));
    }
    let passed = outcomes.iter().filter(|o| o.compiles).count();
    out.push_str(&format!("\n{passed} passed, {} failed\n", outcomes.len() - passed));
    out
}
