//! What a regeneration changes in the public API of a crate, and the semver level that
//! change needs: `cargo xtask changes OLD_DIR NEW_DIR`, and `generated/CHANGES.md`, which
//! `cargo xtask codegen` writes whenever it changes `generated/`.
//!
//! `surface.rs` reads a crate's public API from its source, `diff.rs` compares two of them
//! by cargo-semver-checks' rules, and this file is the report and its Markdown.

mod diff;
mod features;
mod surface;
mod syntax;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use generator::emit::Files;

pub use diff::{Entry, Section, Semver};
pub use surface::SurfaceError;

/// The file of `generated/` the report is written to; not generated from `specs/`, so
/// `codegen --check` neither expects nor removes it.
pub const FILE: &str = "CHANGES.md";

/// A section lists at most this many entries (its breaking ones first), so that the
/// report of a change to a Stripe-size API stays readable.
const MAX_LISTED: usize = 200;

/// The public API changes between two versions of a crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Every difference, sorted by the item it is about.
    pub entries: Vec<Entry>,
}

/// The report of what changes from the crate `old` to the crate `new` (each a map of
/// path relative to the crate → text: `Cargo.toml`, `src/lib.rs`, `src/**/*.rs`).
pub fn compare(old: &Files, new: &Files) -> Result<Report, SurfaceError> {
    let before = surface::extract(old)?;
    let after = surface::extract(new)?;
    Ok(Report { entries: diff::entries(&before, &after) })
}

impl Report {
    /// The version bump the change needs: the highest level of its entries.
    pub fn semver(&self) -> Semver {
        self.entries.iter().map(|entry| entry.level).max().unwrap_or(Semver::Patch)
    }

    /// The report as Markdown, with `intro` (if any) as a paragraph under the title.
    pub fn markdown(&self, intro: Option<&str>) -> String {
        let mut out = String::from("# Public API changes\n\n");
        if let Some(intro) = intro {
            out.push_str(intro);
            out.push_str("\n\n");
        }
        let semver = self.semver();
        let meaning = match semver {
            Semver::Major => "breaking; some callers must change",
            Semver::Minor => "additive; no caller breaks",
            Semver::Patch => "no public API change",
        };
        out.push_str(&format!("Semver: **{}** ({meaning})\n", semver.name()));
        for (section, title) in [
            (Section::Added, "Added"),
            (Section::Changed, "Changed"),
            (Section::Removed, "Removed"),
        ] {
            let entries: Vec<&Entry> =
                self.entries.iter().filter(|entry| entry.section == section).collect();
            out.push_str(&format!("\n## {title} ({})\n", entries.len()));
            if entries.is_empty() {
                continue;
            }
            out.push('\n');
            for entry in listed(&entries) {
                out.push_str(&line(entry));
                out.push('\n');
            }
            if entries.len() > MAX_LISTED {
                out.push_str(&format!("- … and {} more\n", entries.len() - MAX_LISTED));
            }
        }
        out
    }
}

/// The entries a section shows, in their order: all of them up to the limit, the breaking
/// ones chosen first, since those are what a reviewer must see.
fn listed<'a>(entries: &[&'a Entry]) -> Vec<&'a Entry> {
    if entries.len() <= MAX_LISTED {
        return entries.to_vec();
    }
    let mut chosen: Vec<usize> = (0..entries.len())
        .filter(|&index| entries[index].level == Semver::Major)
        .chain((0..entries.len()).filter(|&index| entries[index].level != Semver::Major))
        .take(MAX_LISTED)
        .collect();
    chosen.sort_unstable();
    chosen.into_iter().map(|index| entries[index]).collect()
}

fn line(entry: &Entry) -> String {
    let body = match entry.section {
        Section::Changed => format!("- `{}`: {}", entry.subject, entry.detail),
        Section::Added | Section::Removed => format!("- `{}` ({})", entry.subject, entry.detail),
    };
    match (entry.level, entry.reason.is_empty()) {
        (Semver::Major, _) => format!("{body} (breaking: {})", entry.reason),
        (_, true) => body,
        (_, false) => format!("{body} ({})", entry.reason),
    }
}

/// The crate in `dir` as the comparison reads it: `Cargo.toml` and the `.rs` files of
/// `src/`; nothing when `dir` does not exist.
pub fn read_crate(dir: &Path) -> std::io::Result<Files> {
    let mut files = Files::new();
    let manifest = dir.join("Cargo.toml");
    match std::fs::read_to_string(&manifest) {
        Ok(text) => {
            files.insert(PathBuf::from("Cargo.toml"), text);
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(annotate(error, &manifest)),
    }
    for path in crate::files::list(&dir.join("src"))? {
        if path.extension().is_some_and(|ext| ext == "rs") {
            let full = dir.join("src").join(&path);
            let text = std::fs::read_to_string(&full).map_err(|e| annotate(e, &full))?;
            files.insert(Path::new("src").join(path), text);
        }
    }
    Ok(files)
}

fn annotate(error: std::io::Error, path: &Path) -> std::io::Error {
    std::io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// What `cargo xtask changes` and `codegen` print: the level on the first line, then the
/// report.
pub fn printed(report: &Report) -> String {
    format!("semver: {}\n\n{}", report.semver().name(), report.markdown(None))
}

/// `generated/CHANGES.md` for a codegen run that replaced `old` with `new`.
pub fn changes_file(old: &Files, new: &Files) -> String {
    let intro = "What the last `cargo xtask codegen` changed in the public API of this crate, \
                 relative to the files it replaced. Written by `cargo xtask codegen`; do not \
                 edit by hand.";
    match compare(old, new) {
        Ok(report) => report.markdown(Some(intro)),
        Err(error) => format!(
            "# Public API changes\n\n{intro}\n\nThe files it replaced could not be read as Rust \
             ({error}), so the change is not known.\n"
        ),
    }
}

/// `cargo xtask changes OLD_DIR NEW_DIR`.
pub fn run(args: &[String]) -> Result<(), String> {
    let [old, new] = args else {
        return Err(format!(
            "expected OLD_DIR NEW_DIR, found {} argument(s); see `cargo xtask changes --help`",
            args.len()
        ));
    };
    let mut surfaces = Vec::new();
    for dir in [old, new] {
        let dir = Path::new(dir);
        if !dir.join("src/lib.rs").is_file() {
            return Err(format!("{} is not a library crate: it has no src/lib.rs", dir.display()));
        }
        let files = read_crate(dir).map_err(|e| e.to_string())?;
        let surface =
            surface::extract(&files).map_err(|error| format!("{}: {error}", dir.display()))?;
        surfaces.push(surface);
    }
    let report = Report { entries: diff::entries(&surfaces[0], &surfaces[1]) };
    print!("{}", printed(&report));
    Ok(())
}
