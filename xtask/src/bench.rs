//! `cargo xtask bench [--quick]`: how long generation takes, stage by stage, on the largest
//! corpus documents and on synthetic documents of 100, 1,000 and 10,000 operations, with
//! the peak memory of each run. Prints a table and writes it to `target/bench/`.
//! `cargo xtask bench --compile` times `cargo check` and `cargo build` of generated crates.
//!
//! Each document is measured in a child process (`cargo xtask bench-one FILE`) so that its
//! peak memory is its own. Timings are wall-clock medians of three runs of a release build:
//! the `cargo xtask` alias builds xtask in debug, so a debug build hands the command (but
//! `--quick`) over to a release build of itself first.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Documents of the corpus measured in full mode, the largest ones.
const CORPUS: &[&str] =
    &["github-rest.json", "stripe-spec3.yaml", "twilio-api_v2010.json", "openapi-3.1/discord.json"];

/// Timings of one run, in milliseconds, and the peak resident memory in kilobytes.
struct Measurement {
    parse: f64,
    normalize: f64,
    emit: f64,
    peak_kb: u64,
}

pub fn run(args: &[String]) -> Result<(), String> {
    // `--quick` only proves the bench runs (CI), which a debug build does as well.
    if cfg!(debug_assertions) && args.iter().all(|arg| arg != "--quick") {
        return run_in_release(args);
    }
    let quick = match args {
        [] => false,
        [flag] if flag == "--quick" => true,
        [flag] if flag == "--compile" => return compile_times(),
        _ => {
            return Err(format!(
                "usage: cargo xtask bench [--quick | --compile]\n{}",
                crate::USAGE
            ));
        }
    };
    let root = crate::workspace_root();
    let out = root.join("target").join("bench");
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut documents: Vec<(String, PathBuf)> = Vec::new();
    let sizes: &[usize] = if quick { &[100] } else { &[100, 1_000, 10_000] };
    for &operations in sizes {
        let path = out.join(format!("synthetic-{operations}.json"));
        std::fs::write(&path, synthetic(operations))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        documents.push((format!("synthetic, {operations} operations"), path));
    }
    if !quick {
        let corpus = crate::corpus_dir();
        documents.extend(CORPUS.iter().map(|name| (name.to_string(), corpus.join(name))));
    }
    let runs = if quick { 1 } else { 3 };
    let mut table = String::from(
        "| document | size | parse ms | normalise ms | emit ms | total ms | total / parse | peak MiB |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (name, path) in &documents {
        let mut measurements: Vec<Measurement> =
            (0..runs).map(|_| measure_in_child(path)).collect::<Result<_, _>>()?;
        measurements.sort_by(|a, b| {
            (a.parse + a.normalize + a.emit).total_cmp(&(b.parse + b.normalize + b.emit))
        });
        let m = &measurements[measurements.len() / 2];
        let total = m.parse + m.normalize + m.emit;
        let bytes = std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0);
        table.push_str(&format!(
            "| {name} | {:.1} MB | {:.0} | {:.0} | {:.0} | {:.0} | {:.1}× | {:.0} |\n",
            bytes as f64 / 1e6,
            m.parse,
            m.normalize,
            m.emit,
            total,
            total / m.parse.max(0.001),
            m.peak_kb as f64 / 1024.0
        ));
        eprintln!("bench: {name} done");
    }
    println!("{table}");
    let report = out.join(if quick { "quick.md" } else { "report.md" });
    std::fs::write(&report, &table)
        .map_err(|e| format!("cannot write {}: {e}", report.display()))?;
    println!("written to {}", report.display());
    Ok(())
}

/// Runs `bench` with `args` in a release build of xtask: a debug build's timings would
/// measure unoptimised code, not the generator users run.
fn run_in_release(args: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command.current_dir(crate::workspace_root());
    command.args(["run", "--quiet", "--release", "--package", "xtask", "--", "bench"]).args(args);
    let status = command.status().map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("{command:?} failed ({status})")) }
}

/// Crates whose compile time `--compile` measures, with the single features tried alone.
const COMPILED: &[(&str, &str, &[&str])] = &[
    ("github-rest.json", "github-client", &["repos", "emojis"]),
    ("stripe-spec3.yaml", "stripe-client", &[]),
];

/// `cargo xtask bench --compile`: `cargo check` and `cargo build` of generated crates with
/// all features and with one tag's, dependencies built first, so that the generated code
/// alone is measured.
fn compile_times() -> Result<(), String> {
    let root = crate::workspace_root();
    let out = root.join("target").join("compile-bench");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut table = String::from(
        "| crate | features | `cargo check` s | `cargo build` s |\n| --- | --- | ---: | ---: |\n",
    );
    for (spec, name, tags) in COMPILED {
        let path = crate::corpus_dir().join(spec);
        let model = generator::model_from_file(&path).map_err(|report| report.to_string())?;
        let files = generator::emit::standalone_crate(name, &model.api, spec);
        let dir = out.join(name);
        for (file, text) in &files {
            let target = dir.join(file);
            std::fs::create_dir_all(target.parent().unwrap_or(&dir)).map_err(|e| e.to_string())?;
            std::fs::write(&target, text).map_err(|e| e.to_string())?;
        }
        let cargo_run = |args: &[&str]| -> Result<f64, String> {
            let started = Instant::now();
            let status = Command::new(&cargo)
                .current_dir(&dir)
                .env("CARGO_TARGET_DIR", out.join("target"))
                .args(args)
                .arg("--quiet")
                .status()
                .map_err(|e| format!("cannot run cargo: {e}"))?;
            if !status.success() {
                return Err(format!("cargo {} failed for {name}", args.join(" ")));
            }
            Ok(started.elapsed().as_secs_f64())
        };
        // Dependencies first, so that the timings below are of the generated crate alone.
        cargo_run(&["check", "--no-default-features"])?;
        cargo_run(&["build", "--no-default-features"])?;
        let mut selections: Vec<(String, Vec<&str>)> = vec![("all".to_owned(), Vec::new())];
        for tag in *tags {
            selections
                .push((format!("`{tag}` only"), vec!["--no-default-features", "--features", tag]));
        }
        for (label, flags) in selections {
            let mut times = Vec::new();
            for command in ["check", "build"] {
                let lib = dir.join("src").join("lib.rs");
                let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
                std::fs::write(&lib, text).map_err(|e| e.to_string())?;
                let mut args = vec![command];
                args.extend(&flags);
                times.push(cargo_run(&args)?);
            }
            table.push_str(&format!("| {name} | {label} | {:.1} | {:.1} |\n", times[0], times[1]));
            eprintln!("bench: {name} {label} done");
        }
    }
    println!("{table}");
    let report = out.join("report.md");
    std::fs::write(&report, &table)
        .map_err(|e| format!("cannot write {}: {e}", report.display()))?;
    println!("written to {}", report.display());
    Ok(())
}

/// Runs `bench-one` in a child process and reads its line of results.
fn measure_in_child(path: &Path) -> Result<Measurement, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let output = Command::new(exe)
        .arg("bench-one")
        .arg(path)
        .output()
        .map_err(|e| format!("cannot run bench-one: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "bench-one {} failed: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let numbers: Vec<f64> = text.split_whitespace().filter_map(|n| n.parse().ok()).collect();
    match numbers.as_slice() {
        [parse, normalize, emit, peak] => Ok(Measurement {
            parse: *parse,
            normalize: *normalize,
            emit: *emit,
            peak_kb: *peak as u64,
        }),
        _ => Err(format!("unexpected bench-one output: {text}")),
    }
}

/// `cargo xtask bench-one FILE`: the stages of generating FILE's crate, timed, and the
/// process's peak memory: `parse_ms normalize_ms emit_ms peak_kb`.
pub fn one(args: &[String]) -> Result<(), String> {
    let [path] = args else {
        return Err("usage: cargo xtask bench-one FILE".to_owned());
    };
    let path = Path::new(path);
    let source = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let started = Instant::now();
    let loaded = generator::load::load_str(path, source).map_err(|report| report.to_string())?;
    let parsed = Instant::now();
    let normalized = generator::normalize::normalize(&loaded.document);
    let api = normalized.api.ok_or_else(|| format!("{} has errors", path.display()))?;
    let modelled = Instant::now();
    let files = generator::emit::standalone_crate("bench", &api, "bench.json");
    let emitted = Instant::now();
    let written: usize = files.values().map(String::len).sum();
    eprintln!("{written} bytes of Rust");
    let ms = |from: Instant, to: Instant| (to - from).as_secs_f64() * 1000.0;
    println!(
        "{} {} {} {}",
        ms(started, parsed),
        ms(parsed, modelled),
        ms(modelled, emitted),
        peak_kb()
    );
    Ok(())
}

/// The peak resident set size of this process (`VmHWM`), in kilobytes; 0 where `/proc` is
/// not available.
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| status.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|line| line.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// A document with `operations` operations over `operations / 2` schemas, in the shapes
/// real APIs use: CRUD paths with path and query parameters, objects with nested objects,
/// arrays, enums, nullable and optional fields, `allOf` and `oneOf`.
fn synthetic(operations: usize) -> String {
    let resources = operations.div_ceil(4);
    let mut paths = Vec::with_capacity(resources * 2);
    let mut schemas = Vec::with_capacity(resources * 2);
    for r in 0..resources {
        let name = format!("Resource{r}");
        let other = format!("Resource{}", (r + 1) % resources);
        paths.push(format!(
            r##""/resources{r}": {{"get": {{"operationId": "list{r}", "tags": ["tag{tag}"], "parameters": [{{"name": "limit", "in": "query", "schema": {{"type": "integer", "format": "int32"}}}}, {{"name": "status", "in": "query", "schema": {{"type": "string", "enum": ["active", "archived"]}}}}], "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"type": "array", "items": {{"$ref": "#/components/schemas/{name}"}}}}}}}}}}, "default": {{"description": "error", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Problem"}}}}}}}}}}}},
 "post": {{"operationId": "create{r}", "tags": ["tag{tag}"], "requestBody": {{"required": true, "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/{name}Input"}}}}}}}}, "responses": {{"201": {{"description": "created", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/{name}"}}}}}}}}, "400": {{"description": "bad", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Problem"}}}}}}}}}}}}}},
"/resources{r}/{{id}}": {{"parameters": [{{"name": "id", "in": "path", "required": true, "schema": {{"type": "string"}}}}], "get": {{"operationId": "get{r}", "tags": ["tag{tag}"], "responses": {{"200": {{"description": "ok", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/{name}"}}}}}}}}, "404": {{"description": "missing", "content": {{"application/json": {{"schema": {{"$ref": "#/components/schemas/Problem"}}}}}}}}}}}},
 "delete": {{"operationId": "delete{r}", "tags": ["tag{tag}"], "responses": {{"204": {{"description": "gone"}}}}}}}}"##,
            tag = r % 10
        ));
        schemas.push(format!(
            r##""{name}": {{"type": "object", "description": "Resource number {r}.", "required": ["id", "kind"], "properties": {{"id": {{"type": "string", "format": "uuid"}}, "kind": {{"type": "string", "enum": ["small", "large", "extra-large"]}}, "created": {{"type": "string", "format": "date-time"}}, "note": {{"type": "string", "nullable": true}}, "count": {{"type": "integer", "format": "int64"}}, "tags": {{"type": "array", "items": {{"type": "string"}}}}, "owner": {{"type": "object", "properties": {{"name": {{"type": "string"}}, "email": {{"type": "string"}}}}}}, "related": {{"$ref": "#/components/schemas/{other}"}}, "value": {{"oneOf": [{{"type": "string"}}, {{"type": "number"}}]}}}}}},
"{name}Input": {{"allOf": [{{"$ref": "#/components/schemas/Base"}}, {{"type": "object", "properties": {{"note": {{"type": "string"}}, "count": {{"type": "integer"}}}}}}]}}"##
        ));
    }
    format!(
        r##"{{"openapi": "3.0.3", "info": {{"title": "Synthetic", "version": "1"}}, "servers": [{{"url": "https://example.com"}}],
"paths": {{{}}},
"components": {{"schemas": {{"Problem": {{"type": "object", "properties": {{"title": {{"type": "string"}}, "status": {{"type": "integer"}}}}}}, "Base": {{"type": "object", "required": ["name"], "properties": {{"name": {{"type": "string"}}}}}}, {}}}}}}}"##,
        paths.join(",\n"),
        schemas.join(",\n")
    )
}
