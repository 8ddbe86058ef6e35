//! `cargo xtask bench --compile`: how long `cargo check` of a generated crate alone takes
//! (its dependencies built first, incremental compilation off), ours against progenitor's
//! for the corpus documents progenitor can generate, and ours with all features and with
//! the largest and the smallest features alone for the largest documents. Prints the table
//! with each target of issue 20 met or not, and writes it to `target/compile-bench/report.md`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The progenitor the comparison is made with, installed pinned into `target/tools/`.
const PROGENITOR_VERSION: &str = "0.15.1";

/// Documents checked beside progenitor's crate of them, largest first: those of the corpus
/// progenitor 0.15.1 generates (it panics or refuses on GitHub's, Stripe's, Spotify's,
/// Twilio's and Ably's).
const AGAINST_PROGENITOR: &[&str] =
    &["oxide-nexus.json", "oxide-propolis.json", "oxide-buildomat.json", "oxide-keeper.json"];

/// Documents checked with all features, with each of their [`LARGEST_FEATURES`] largest
/// features alone and with their smallest.
const BY_FEATURE: &[&str] = &["github-rest.json", "stripe-spec3.yaml"];

/// How many of a document's features, those that compile the most code, are checked alone:
/// their sizes are close enough that the largest is not always the slowest.
const LARGEST_FEATURES: usize = 3;
/// The most seconds `cargo check` of a whole crate of [`BY_FEATURE`] may take.
const ALL_FEATURES_TARGET: f64 = 20.0;
/// The most seconds `cargo check` of any one feature of them may take.
const ONE_FEATURE_TARGET: f64 = 5.0;
/// The most our check of nexus may take, as a share of progenitor's.
const PROGENITOR_RATIO_TARGET: f64 = 0.5;
/// Timed checks of each crate, of which the median counts: this machine has spells in which
/// the same check takes a fifth longer, and one run of three caught in one moves no figure.
const CHECK_RUNS: usize = 3;

/// One row of the table.
struct Row {
    document: String,
    features: String,
    ours: f64,
    progenitor: Option<f64>,
    target: String,
}

pub fn run() -> Result<(), String> {
    let root = crate::workspace_root();
    let out = root.join("target").join("compile-bench");
    let target_dir = out.join("target");
    let progenitor = install_progenitor(&root)?;
    let mut rows = Vec::new();
    for document in AGAINST_PROGENITOR {
        let ours = write_ours(&out, document)?;
        let theirs = write_progenitors(&progenitor, &out, document)?;
        let ours_time = check_time(&ours, &target_dir, &[])?;
        let theirs_time = check_time(&theirs, &target_dir, &[])?;
        let ratio = ours_time / theirs_time;
        let target = if *document == "oxide-nexus.json" {
            verdict(ratio <= PROGENITOR_RATIO_TARGET, &format!("≤ {PROGENITOR_RATIO_TARGET}×"))
        } else {
            String::new()
        };
        rows.push(Row {
            document: (*document).to_owned(),
            features: "all".to_owned(),
            ours: ours_time,
            progenitor: Some(theirs_time),
            target,
        });
        eprintln!("bench --compile: {document} done");
    }
    for document in BY_FEATURE {
        let ours = write_ours(&out, document)?;
        let all = check_time(&ours, &target_dir, &[])?;
        rows.push(Row {
            document: (*document).to_owned(),
            features: "all".to_owned(),
            ours: all,
            progenitor: None,
            target: verdict(all <= ALL_FEATURES_TARGET, &format!("≤ {ALL_FEATURES_TARGET} s")),
        });
        let by_size = features_by_size(&ours)?;
        let largest = by_size.iter().take(LARGEST_FEATURES);
        for feature in largest.chain(by_size.last()) {
            let flags = ["--no-default-features", "--features", feature.as_str()];
            let time = check_time(&ours, &target_dir, &flags)?;
            rows.push(Row {
                document: (*document).to_owned(),
                features: format!("`{feature}` alone"),
                ours: time,
                progenitor: None,
                target: verdict(time <= ONE_FEATURE_TARGET, &format!("≤ {ONE_FEATURE_TARGET} s")),
            });
        }
        eprintln!("bench --compile: {document} done");
    }
    let table = table(&rows);
    println!("{table}");
    let report = out.join("report.md");
    std::fs::write(&report, &table)
        .map_err(|e| format!("cannot write {}: {e}", report.display()))?;
    println!("written to {}", report.display());
    Ok(())
}

/// `met (target)` or `NOT met (target)`.
fn verdict(met: bool, target: &str) -> String {
    if met { format!("met ({target})") } else { format!("NOT met ({target})") }
}

fn table(rows: &[Row]) -> String {
    let mut table = String::from(
        "| document | features | ours: `cargo check` s | progenitor 0.15.1 s | ours / progenitor | target |\n| --- | --- | ---: | ---: | ---: | --- |\n",
    );
    for row in rows {
        let (theirs, ratio) = match row.progenitor {
            Some(theirs) => (format!("{theirs:.1}"), format!("{:.2}", row.ours / theirs)),
            None => (String::new(), String::new()),
        };
        table.push_str(&format!(
            "| {} | {} | {:.1} | {theirs} | {ratio} | {} |\n",
            row.document, row.features, row.ours, row.target
        ));
    }
    table
}

/// Writes our crate of the corpus `document` into `out/ours-<stem>`.
fn write_ours(out: &Path, document: &str) -> Result<PathBuf, String> {
    let path = crate::corpus_dir().join(document);
    let model = generator::model_from_file(&path).map_err(|report| report.to_string())?;
    let name = format!("ours-{}", stem(document));
    let files = generator::emit::standalone_crate(&name, &model.api, document);
    let dir = out.join(&name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    for (file, text) in &files {
        let target = dir.join(file);
        std::fs::create_dir_all(target.parent().unwrap_or(&dir)).map_err(|e| e.to_string())?;
        std::fs::write(&target, text).map_err(|e| e.to_string())?;
    }
    Ok(dir)
}

/// Writes progenitor's crate of the corpus `document` into `out/progenitor-<stem>`, a
/// workspace of its own as ours is.
fn write_progenitors(progenitor: &Path, out: &Path, document: &str) -> Result<PathBuf, String> {
    let name = format!("progenitor-{}", stem(document));
    let dir = out.join(&name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)
            .map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    let output = Command::new(progenitor)
        .arg("progenitor")
        .arg("-i")
        .arg(crate::corpus_dir().join(document))
        .arg("-o")
        .arg(&dir)
        .args(["-n", &name, "-v", "0.1.0"])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", progenitor.display()))?;
    if !output.status.success() {
        return Err(format!(
            "progenitor cannot generate {document}: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let manifest = dir.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    if !text.contains("[workspace]") {
        text.push_str("\n[workspace]\n");
        std::fs::write(&manifest, text)
            .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    }
    Ok(dir)
}

/// `oxide-nexus.json` → `oxide-nexus`.
fn stem(document: &str) -> &str {
    document.split_once('.').map_or(document, |(stem, _)| stem)
}

/// The features of our crate in `dir` ordered by how much code each compiles alone, most
/// first: its module of the client, which `client.rs` declares under it, and the items of
/// `types.rs` and `operations.rs` whose `cfg` names it. Items no `cfg` gates add the same to
/// every feature and are left out. A feature's operations alone mislead: Stripe's
/// `treasury` has fewer than `customers` but reaches as many types.
fn features_by_size(dir: &Path) -> Result<Vec<String>, String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let src = dir.join("src");
    let mut sizes: Vec<(String, usize)> = Vec::new();
    let client = read(&src.join("client.rs"))?;
    let lines: Vec<&str> = client.lines().collect();
    for pair in lines.windows(2) {
        let feature =
            pair[0].strip_prefix("#[cfg(feature = \"").and_then(|rest| rest.strip_suffix("\")]"));
        let module = pair[1].strip_prefix("mod ").and_then(|rest| rest.strip_suffix(';'));
        if let (Some(feature), Some(module)) = (feature, module) {
            let code = read(&src.join("client").join(format!("{module}.rs")))?;
            sizes.push((feature.to_owned(), code.len()));
        }
    }
    if sizes.is_empty() {
        return Err(format!("{} declares no feature modules", src.join("client.rs").display()));
    }
    for file in ["types.rs", "operations.rs"] {
        for (features, size) in gated_items(&read(&src.join(file))?) {
            for feature in features {
                if let Some(entry) = sizes.iter_mut().find(|(name, _)| *name == feature) {
                    entry.1 += size;
                }
            }
        }
    }
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(sizes.into_iter().map(|(feature, _)| feature).collect())
}

/// The features and the length of each top-level item of the formatted Rust `code` that a
/// `cfg` gates. Top-level items are separated by a blank line and start at the first
/// column; their doc comments come before the `cfg`, which rustfmt may spread over lines.
fn gated_items(code: &str) -> Vec<(Vec<&str>, usize)> {
    let mut items: Vec<(Vec<&str>, usize)> = Vec::new();
    for block in code.split("\n\n") {
        let continues_item = block.starts_with(|c: char| c.is_whitespace() || c == '}');
        if let (true, Some(item)) = (continues_item, items.last_mut()) {
            item.1 += block.len() + 2;
            continue;
        }
        let mut attributes = block;
        while attributes.starts_with("//") {
            attributes = attributes.split_once('\n').map_or("", |(_, next)| next);
        }
        let features = attributes
            .strip_prefix("#[cfg(")
            .and_then(|cfg| cfg.split_once(")]"))
            .map(|(cfg, _)| {
                cfg.split("feature = \"")
                    .skip(1)
                    .filter_map(|rest| rest.split('"').next())
                    .collect()
            })
            .unwrap_or_default();
        items.push((features, block.len() + 2));
    }
    items
}

/// Seconds `cargo check` of the crate in `dir` alone takes with `flags`: it is checked once
/// to build its dependencies, then its `lib.rs` is touched before each of [`CHECK_RUNS`]
/// timed checks, and the median is kept.
fn check_time(dir: &Path, target_dir: &Path, flags: &[&str]) -> Result<f64, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let check = || -> Result<f64, String> {
        let started = Instant::now();
        let status = Command::new(&cargo)
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target_dir)
            .env("CARGO_INCREMENTAL", "0")
            .args(["check", "--quiet"])
            .args(flags)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("cargo check {} failed in {}", flags.join(" "), dir.display()));
        }
        Ok(started.elapsed().as_secs_f64())
    };
    check()?;
    let lib = dir.join("src").join("lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    let mut times = Vec::with_capacity(CHECK_RUNS);
    for _ in 0..CHECK_RUNS {
        std::fs::write(&lib, &text).map_err(|e| e.to_string())?;
        times.push(check()?);
    }
    Ok(median(times))
}

/// The middle of `times`; not a number when there is none.
fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times.get(times.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The pinned `cargo-progenitor`, installed into `target/tools/` the first time.
fn install_progenitor(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target").join("tools");
    let binary = tools.join("bin").join("cargo-progenitor");
    let version = tools.join("cargo-progenitor.version");
    let installed = std::fs::read_to_string(&version).is_ok_and(|v| v == PROGENITOR_VERSION);
    if binary.exists() && installed {
        return Ok(binary);
    }
    println!("installing cargo-progenitor {PROGENITOR_VERSION} into {}", tools.display());
    let status = Command::new(env!("CARGO"))
        .args(["install", "--locked", "--quiet", "--force", "cargo-progenitor", "--version"])
        .arg(PROGENITOR_VERSION)
        .arg("--root")
        .arg(&tools)
        .status()
        .map_err(|e| format!("cannot run cargo install: {e}"))?;
    if !status.success() {
        return Err("cargo install cargo-progenitor failed".to_owned());
    }
    std::fs::write(&version, PROGENITOR_VERSION).map_err(|e| e.to_string())?;
    Ok(binary)
}

#[cfg(test)]
mod tests {
    use super::{gated_items, median};

    #[test]
    fn gated_items_are_sized_whole_with_the_features_of_their_cfg() {
        let code = "use crate::runtime;\n\n/// A pet.\n#[cfg(feature = \"pets\")]\npub struct Pet;\n\n#[cfg(any(\n    feature = \"pets\",\n    feature = \"store\"\n))]\nimpl Pet {\n    fn a() {}\n\n    fn b() {}\n}\n";
        let items = gated_items(code);
        assert_eq!(items, vec![(vec![], 21), (vec!["pets"], 53), (vec!["pets", "store"], 85 + 18)]);
        assert_eq!(items.iter().map(|(_, size)| size).sum::<usize>(), code.len() + 2);
    }

    #[test]
    fn median_is_the_middle_time_whatever_the_order() {
        assert_eq!(median(vec![5.9, 4.9, 5.3]), 5.3);
        assert_eq!(median(vec![4.5]), 4.5);
        assert!(median(Vec::new()).is_nan());
    }
}
