//! `cargo xtask bench [--quick]`: how long generation takes, stage by stage, on the largest
//! corpus documents and on synthetic documents of 100, 1,000 and 10,000 operations, with
//! the peak memory of each run; then on hostile shapes (one key repeated, a long enum,
//! chains of `$ref`s and of `oneOf`s, nested YAML anchors) of 1,000, 10,000 and 100,000
//! items each, with the growth of the time per tenfold size, which stays near 10 where the
//! work is linear, and on arrays of arrays 8, 16 and 32 deep. Prints the tables and writes
//! them to `target/bench/`.
//! Last, the peak memory of streaming a download and an upload of 512 MiB (`--quick`: 128)
//! through a generated client, beside a buffered download of 256 MiB.
//! `cargo xtask bench --compile` times `cargo check` and `cargo build` of generated crates.
//!
//! Each document is measured in a child process (`cargo xtask bench-one FILE`) so that its
//! peak memory is its own. Timings are wall-clock medians of five runs (the documents of the
//! first table, whose times are compared with their floor) or three (the hostile shapes) of
//! a release build: the `cargo xtask` alias builds xtask in debug, so a debug build hands the
//! command (but `--quick`) over to a release build of itself first.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::diagnostic::Report;

/// Documents of the corpus measured in full mode, the largest ones.
const CORPUS: &[&str] =
    &["github-rest.json", "stripe-spec3.yaml", "twilio-api_v2010.json", "openapi-3.1/discord.json"];

/// The target of issue 20: generating this document takes at most this many times as long
/// as `openapiv3` takes to parse it (its floor, [`floor`]).
const FLOOR_TARGET: (&str, f64) = ("github-rest.json", 3.0);

/// Timings of one run, in milliseconds, the peak resident memory in kilobytes, and what
/// became of the document.
struct Measurement {
    parse: f64,
    normalize: f64,
    emit: f64,
    /// Printing the diagnostics.
    report: f64,
    peak_kb: u64,
    /// `generated`, or the first error that refused the document.
    outcome: String,
}

impl Measurement {
    fn total(&self) -> f64 {
        self.parse + self.normalize + self.emit + self.report
    }
}

/// A hostile shape: what it is, and the document of `n` items of it.
struct Hostile {
    shape: &'static str,
    build: fn(usize) -> String,
    /// The values of `n` measured, where they are not the numbers of items of
    /// [`ITEMS`]: a depth the normaliser's bounds keep small, whose growth is per doubling.
    sizes: Option<&'static [usize]>,
}

/// The numbers of items of a hostile shape; `--quick` measures the first.
const ITEMS: &[usize] = &[1_000, 10_000, 100_000];

/// The hostile shapes measured.
const HOSTILE: &[Hostile] = &[
    Hostile {
        shape: "one key repeated n times (a warning each)",
        build: repeated_keys,
        sizes: None,
    },
    Hostile { shape: "an enum of n values", build: long_enum, sizes: None },
    Hostile {
        shape: "n `$ref`s, in chains of 50 outside the components",
        build: ref_chains,
        sizes: None,
    },
    Hostile { shape: "n components, in chains of 500 `oneOf`s", build: one_of_chains, sizes: None },
    Hostile {
        shape: "n nodes under 400 nested anchors, no alias",
        build: nested_anchors,
        sizes: None,
    },
    Hostile { shape: "a YAML line of n flow sequences", build: flow_line, sizes: None },
    Hostile { shape: "a `oneOf` of n inline objects", build: wide_one_of, sizes: None },
    Hostile {
        shape: "an array of arrays n deep (growth per doubling)",
        build: nested_arrays,
        sizes: Some(&[8, 16, 32]),
    },
];

pub fn run(args: &[String]) -> Result<(), String> {
    // `--quick` only proves the bench runs (CI), which a debug build does as well.
    if cfg!(debug_assertions) && args.iter().all(|arg| arg != "--quick") {
        return run_in_release(args);
    }
    let quick = match args {
        [] => false,
        [flag] if flag == "--quick" => true,
        [flag] if flag == "--compile" => return crate::bench_compile::run(),
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
    // The shared machine has slow spells of a few seconds; five runs keep one out of the
    // median of the documents whose ratio to their floor is a target.
    let document_runs = if quick { 1 } else { 5 };
    let mut table = String::from(
        "| document | size | parse ms | normalise ms | emit ms | total ms | total / parse | openapiv3 ms | total / openapiv3 | peak MiB |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    let mut target = None;
    for (name, path) in &documents {
        let m = median(path, document_runs)?;
        if m.outcome != "generated" {
            return Err(format!("{} was refused: {}", path.display(), m.outcome));
        }
        let total = m.parse + m.normalize + m.emit;
        let bytes = std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0);
        // The floor of the real documents only: openapiv3 reads JSON here, and the
        // synthetic documents are ours.
        let floor = match path.extension() {
            Some(extension) if extension == "json" && !quick && !name.starts_with("synthetic") => {
                Some(floor_median(path, document_runs)?)
            }
            _ => None,
        };
        let (floor_cell, ratio_cell) = match &floor {
            Some(Floor::Parsed(ms)) => {
                (format!("{ms:.0}"), format!("{:.1}×", total / ms.max(0.001)))
            }
            Some(Floor::Rejected) => ("rejects it".to_owned(), String::new()),
            None => (String::new(), String::new()),
        };
        if let (true, Some(Floor::Parsed(ms))) = (name == FLOOR_TARGET.0, &floor) {
            target = Some((total, *ms));
        }
        table.push_str(&format!(
            "| {name} | {:.1} MB | {:.0} | {:.0} | {:.0} | {:.0} | {:.1}× | {floor_cell} | {ratio_cell} | {:.0} |\n",
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
    if let Some((total, floor)) = target {
        let (name, most) = FLOOR_TARGET;
        let ratio = total / floor.max(0.001);
        let verdict = if ratio <= most { "met" } else { "NOT met" };
        table.push_str(&format!(
            "\n{name} generates in {total:.0} ms, {ratio:.1} times openapiv3's {floor:.0} ms parse of it; the target is at most {most}×: {verdict}.\n"
        ));
    }
    table.push('\n');
    table.push_str(&hostile(&out, quick, runs)?);
    table.push('\n');
    table.push_str(&stream_memory(quick)?);
    println!("{table}");
    let report = out.join(if quick { "quick.md" } else { "report.md" });
    std::fs::write(&report, &table)
        .map_err(|e| format!("cannot write {}: {e}", report.display()))?;
    println!("written to {}", report.display());
    Ok(())
}

/// Transfers `stream_memory` measures: mode and MiB; `--quick` the first two, smaller.
const TRANSFERS: &[(&str, u64)] = &[("download", 512), ("upload", 512), ("buffered", 256)];

/// The table of streamed transfers: the peak memory of downloading and uploading a body
/// several times the 64 MiB limit of buffered bodies through the generated client and a
/// local server (the `stream-memory` binary of the `tests` crate, one process each), beside
/// a buffered download for comparison. `--quick` moves 128 MiB each way in a debug build.
fn stream_memory(quick: bool) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let profile: &[&str] = if quick { &[] } else { &["--release"] };
    let mut build = Command::new(&cargo);
    build.current_dir(crate::workspace_root());
    build.args(["build", "--quiet", "--package", "tests", "--bin", "stream-memory"]).args(profile);
    let status = build.status().map_err(|e| format!("cannot run {build:?}: {e}"))?;
    if !status.success() {
        return Err(format!("{build:?} failed ({status})"));
    }
    let binary = crate::workspace_root()
        .join("target")
        .join(if quick { "debug" } else { "release" })
        .join("stream-memory");
    let mut table = String::from(
        "| transfer | MiB | peak MiB | before it MiB | seconds |\n| --- | ---: | ---: | ---: | ---: |\n",
    );
    let transfers: Vec<(&str, u64)> = if quick {
        TRANSFERS.iter().take(2).map(|&(mode, _)| (mode, 128)).collect()
    } else {
        TRANSFERS.to_vec()
    };
    for (mode, mebibytes) in transfers {
        let started = Instant::now();
        let output = Command::new(&binary)
            .args([mode, &mebibytes.to_string()])
            .output()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let seconds = started.elapsed().as_secs_f64();
        let text = String::from_utf8_lossy(&output.stdout);
        let fields: Vec<u64> =
            text.split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
        let (moved, peak, before) = match (output.status.success(), fields.as_slice()) {
            (true, [moved, peak, before]) => (*moved, *peak, *before),
            _ => {
                return Err(format!(
                    "stream-memory {mode} {mebibytes} failed: {}{}",
                    text,
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
        };
        if moved != mebibytes * 1024 * 1024 {
            return Err(format!("stream-memory {mode} moved {moved} bytes of {mebibytes} MiB"));
        }
        table.push_str(&format!(
            "| {mode} | {mebibytes} | {:.1} | {:.1} | {seconds:.2} |\n",
            peak as f64 / 1024.0,
            before as f64 / 1024.0
        ));
        eprintln!("bench: {mode} of {mebibytes} MiB done");
    }
    Ok(table)
}

/// What `openapiv3` made of a document: its parse time in milliseconds, or a refusal (it
/// reads OpenAPI 3.0 only).
enum Floor {
    Parsed(f64),
    Rejected,
}

/// The median of `runs` measurements of [`floor`], each in a child process.
fn floor_median(path: &Path, runs: usize) -> Result<Floor, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find the xtask binary: {e}"))?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let output = Command::new(&exe)
            .arg("bench-floor")
            .arg(path)
            .output()
            .map_err(|e| format!("cannot run bench-floor: {e}"))?;
        let text = String::from_utf8_lossy(&output.stdout);
        match (output.status.success(), text.trim().parse::<f64>()) {
            (true, Ok(ms)) => times.push(ms),
            (true, Err(_)) if text.trim() == "rejected" => return Ok(Floor::Rejected),
            _ => {
                return Err(format!(
                    "bench-floor {} failed: {text}{}",
                    path.display(),
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let middle = times.get(times.len() / 2).copied();
    middle.map(Floor::Parsed).ok_or_else(|| format!("bench-floor {}: no runs", path.display()))
}

/// `cargo xtask bench-floor FILE`: how long `openapiv3` 2, the typed model other Rust
/// generators read documents into, takes to parse FILE, a JSON document, with `serde_json`:
/// the floor generation is measured against. Prints the milliseconds, or `rejected` where
/// openapiv3 cannot read the document. Like `bench-one`, it runs in a process of its own, so
/// that both start from the same empty heap; neither times dropping what it built.
pub fn floor(args: &[String]) -> Result<(), String> {
    let [path] = args else {
        return Err("usage: cargo xtask bench-floor FILE".to_owned());
    };
    let source = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let started = Instant::now();
    let parsed = serde_json::from_str::<openapiv3::OpenAPI>(&source);
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    match parsed {
        Ok(_) => println!("{elapsed}"),
        Err(_) => println!("rejected"),
    }
    Ok(())
}

/// The median of `runs` runs by total time.
fn median(path: &Path, runs: usize) -> Result<Measurement, String> {
    let mut measurements: Vec<Measurement> =
        (0..runs).map(|_| measure_in_child(path)).collect::<Result<_, _>>()?;
    measurements.sort_by(|a, b| a.total().total_cmp(&b.total()));
    let middle = measurements.len() / 2;
    Ok(measurements.swap_remove(middle))
}

/// The table of the hostile shapes: each at 1,000, 10,000 and 100,000 items (`--quick`:
/// 1,000), or at its own sizes (`--quick`: the largest), with the total time's growth from
/// the size before.
fn hostile(out: &Path, quick: bool, runs: usize) -> Result<String, String> {
    let mut table = String::from(
        "| hostile shape | n | size | parse ms | normalise ms | emit ms | report ms | total ms | growth per 10× | peak MiB | outcome |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n",
    );
    for (index, Hostile { shape, build, sizes }) in HOSTILE.iter().enumerate() {
        // `--quick` measures the smallest number of items, and the deepest nesting.
        let sizes = match (quick, sizes) {
            (false, Some(sizes)) => sizes,
            (true, Some(sizes)) => {
                sizes.split_last().map_or(*sizes, |(n, _)| std::slice::from_ref(n))
            }
            (false, None) => ITEMS,
            (true, None) => &ITEMS[..1],
        };
        let mut previous: Option<f64> = None;
        for &n in sizes {
            let path = out.join(format!("hostile-{index}-{n}.yaml"));
            std::fs::write(&path, build(n))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            let m = median(&path, runs)?;
            let bytes = std::fs::metadata(&path).map(|meta| meta.len()).unwrap_or(0);
            let growth = previous
                .map_or(String::new(), |before| format!("{:.1}×", m.total() / before.max(0.001)));
            table.push_str(&format!(
                "| {shape} | {n} | {:.2} MB | {:.0} | {:.0} | {:.0} | {:.0} | {:.0} | {growth} | {:.0} | {} |\n",
                bytes as f64 / 1e6,
                m.parse,
                m.normalize,
                m.emit,
                m.report,
                m.total(),
                m.peak_kb as f64 / 1024.0,
                m.outcome.replace('|', "\\|")
            ));
            previous = Some(m.total());
            eprintln!("bench: {shape}, {n} done");
        }
    }
    Ok(table)
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
    let mut words = text.trim_end().splitn(6, ' ');
    let mut number = || words.next().and_then(|n| n.parse::<f64>().ok());
    match (number(), number(), number(), number(), number(), words.next()) {
        (Some(parse), Some(normalize), Some(emit), Some(report), Some(peak), Some(outcome)) => {
            Ok(Measurement {
                parse,
                normalize,
                emit,
                report,
                peak_kb: peak as u64,
                outcome: outcome.to_owned(),
            })
        }
        _ => Err(format!("unexpected bench-one output: {text}")),
    }
}

/// `cargo xtask bench-one FILE`: the stages of generating FILE's crate, timed, the process's
/// peak memory and the outcome: `parse_ms normalize_ms emit_ms report_ms peak_kb outcome`,
/// where the outcome is `generated` or the first error; a refused document stops at the
/// stage that refused it, and printing its report is timed.
pub fn one(args: &[String]) -> Result<(), String> {
    let [path] = args else {
        return Err("usage: cargo xtask bench-one FILE".to_owned());
    };
    let path = Path::new(path);
    let source = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let ms = |from: Instant, to: Instant| (to - from).as_secs_f64() * 1000.0;
    let started = Instant::now();
    let loaded = generator::load::load_str(path, source);
    let parsed = Instant::now();
    let (mut normalize, mut emit) = (0.0, 0.0);
    let report = match loaded {
        Err(report) => report,
        Ok(loaded) => {
            let normalized = generator::normalize::normalize(&loaded.document);
            let modelled = Instant::now();
            normalize = ms(parsed, modelled);
            let mut diagnostics = loaded.warnings;
            diagnostics.extend(normalized.diagnostics);
            let document = loaded.document;
            let report = Report::new(&document.file, document.source, diagnostics);
            if let (Some(api), false) = (normalized.api, report.has_errors()) {
                let files = generator::emit::standalone_crate("bench", &api, "bench.json");
                emit = ms(modelled, Instant::now());
                let written: usize = files.values().map(String::len).sum();
                eprintln!("{written} bytes of Rust");
            }
            report
        }
    };
    let printing = Instant::now();
    let text = report.to_string();
    let printed = ms(printing, Instant::now());
    eprintln!("{} bytes of diagnostics", text.len());
    let outcome = match report.diagnostics.iter().find(|d| d.is_error()) {
        Some(error) => format!("refused: {}", error.message),
        None => "generated".to_owned(),
    };
    println!(
        "{} {normalize} {emit} {printed} {} {}",
        ms(started, parsed),
        peak_kb(),
        outcome.replace('\n', " ")
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

/// The start of every hostile document.
const HOSTILE_HEAD: &str = "openapi: 3.0.3\ninfo: {title: Hostile, version: '1'}\npaths: {}\n";

/// One key written `n` times in a mapping: a warning for each repetition, each printed with
/// its line (which was found by scanning the text from its start, once per warning).
fn repeated_keys(n: usize) -> String {
    let mut source = format!("{HOSTILE_HEAD}x-repeated:\n");
    for i in 0..n {
        source.push_str(&format!("  key: {i}\n"));
    }
    source
}

/// An enum of `n` distinct values (each was compared with every one before it).
fn long_enum(n: usize) -> String {
    let values: Vec<String> = (0..n).map(|i| format!("value-{i}")).collect();
    format!(
        "{HOSTILE_HEAD}components:\n  schemas:\n    Big: {{type: string, enum: [{}]}}\n",
        values.join(", ")
    )
}

/// `n` `$ref`s outside `components/schemas`, in chains of 50 each ending on an object, each
/// used by a component: read one inside another, within the bound on nesting.
fn ref_chains(n: usize) -> String {
    let chains = n.div_ceil(50);
    let mut schemas = String::new();
    let mut definitions = String::new();
    for c in 0..chains {
        schemas.push_str(&format!("    C{c}: {{$ref: '#/x-defs/c{c}_0'}}\n"));
        for i in 0..50 {
            definitions.push_str(&format!("  c{c}_{i}: {{$ref: '#/x-defs/c{c}_{}'}}\n", i + 1));
        }
        definitions.push_str(&format!("  c{c}_50: {{properties: {{id: {{type: integer}}}}}}\n"));
    }
    format!("{HOSTILE_HEAD}components:\n  schemas:\n{schemas}x-defs:\n{definitions}")
}

/// `n` components in chains of 500, each a `oneOf` of the next and a string: the model's
/// types nest 500 levels, within the bound.
fn one_of_chains(n: usize) -> String {
    let mut source = format!("{HOSTILE_HEAD}components:\n  schemas:\n");
    for i in 0..n {
        if i % 500 == 499 || i + 1 == n {
            source.push_str(&format!("    S{i}: {{type: integer}}\n"));
        } else {
            source.push_str(&format!(
                "    S{i}: {{oneOf: [{{$ref: '#/components/schemas/S{}'}}, {{type: string}}]}}\n",
                i + 1
            ));
        }
    }
    source
}

/// 400 mappings nested in each other, each with an anchor and none aliased, holding `n`
/// scalars between them: each anchor kept a copy of its subtree, 200 times the document
/// (an 883 KB file of this shape took 4.5 GB).
fn nested_anchors(n: usize) -> String {
    let per_level = n.div_ceil(400);
    let mut source = String::from(HOSTILE_HEAD);
    for level in 0..400 {
        let indent = " ".repeat(level);
        source.push_str(&format!("{indent}x-l{level}: &a{level}\n"));
        for item in 0..per_level {
            source.push_str(&format!("{indent} s{item}: x\n"));
        }
    }
    source
}

/// `n` flow sequences on one line: the column of each was counted from the line's start.
fn flow_line(n: usize) -> String {
    format!("{HOSTILE_HEAD}x-flow: [{}]\n", vec!["[1]"; n].join(", "))
}

/// One `oneOf` of `n` inline objects, each with a property of its own: ordering the
/// variants recomputed what each accepts for every pair of them (20,000: 67 s).
fn wide_one_of(n: usize) -> String {
    let mut source = format!("{HOSTILE_HEAD}components:\n  schemas:\n    Wide:\n      oneOf:\n");
    for i in 0..n {
        source.push_str(&format!(
            "        - {{type: object, properties: {{p{i}: {{type: string}}}}}}\n"
        ));
    }
    source
}

/// A component that is an array of arrays `n` deep, returned by an operation and held by a
/// struct's field: its type, written on one line, is laid out by rustfmt's rules in the
/// signature, the alias and the field, and every level of it was laid out twice by the
/// level above (24 deep: 8.5 s).
fn nested_arrays(n: usize) -> String {
    let schema = format!("{}{{type: string}}{}", "{type: array, items: ".repeat(n), "}".repeat(n));
    format!(
        "openapi: 3.0.3\ninfo: {{title: Hostile, version: '1'}}\npaths:\n  /deep:\n    get:\n      operationId: getDeep\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Deep'}}\ncomponents:\n  schemas:\n    Deep: {schema}\n    Holder: {{type: object, required: [deep], properties: {{deep: {schema}}}}}\n"
    )
}
