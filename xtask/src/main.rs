//! `cargo xtask`: the project's tasks, runnable on a fresh machine with nothing but cargo.
//!
//! - `cargo xtask codegen [--check]` regenerates `generated/` from `specs/`, and writes what
//!   that changes in its public API to `generated/CHANGES.md`.
//! - `cargo xtask changes OLD_DIR NEW_DIR` reports the public API change between two crates.
//! - `cargo xtask generate --spec FILE --out DIR --name CRATE` writes a standalone crate, a
//!   member of the workspace it is written into if any.
//! - `cargo xtask corpus [DIR]` proves every document of a folder generates a clean crate.
//! - `cargo xtask conformance [--all]` checks the generated clients' requests with the judges.
//! - `cargo xtask evolution [--semver-checks]` proves additive spec changes keep callers compiling.
//! - `cargo xtask test` runs every test.

mod allocator;
mod bench;
mod bench_compile;
mod changes;
mod codegen;
mod conformance;
mod corpus;
mod evolution;
mod express;
mod files;
mod generate;
mod npm;
mod prism;
mod proxy;
mod server;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--check] [--verbose]  regenerate generated/ from specs/ (--check: fail if stale)
  cargo xtask changes OLD_DIR NEW_DIR  what changes in the public API from one crate to another,
                                       and the semver level it needs (major, minor, patch)
  cargo xtask generate --spec FILE --out DIR --name CRATE [--overlay FILE]... [--conformance] [--own-workspace] [--verbose]
                                       write a standalone client crate for one document
                                       (--conformance: with tests/conformance.rs, run by `cargo xtask conformance`)
  cargo xtask corpus [--pagination] [DIR]  generate, clippy and document a crate for every document in DIR
                                       (default tests/corpus); prints a table, fails if any fails
  cargo xtask bench [--quick]          time each stage of generation on large and synthetic documents
  cargo xtask bench --compile          time cargo check of generated crates: ours against progenitor
                                       0.15.1, and with all features and single ones
  cargo xtask conformance [--all] [[--judge prism|express] FILE...]
                                       call every operation of specs/ and of corpus documents (--all: of the
                                       whole corpus; or of FILEs) through the generated clients against a judge:
                                       Stoplight Prism or express-openapi-validator (installed with npm)
  cargo xtask evolution [--semver-checks]
                                       prove that callers of a client survive the additive spec changes of
                                       tests/evolution/ (--semver-checks: and that cargo-semver-checks agrees)
  cargo xtask test                     run every test of the workspace, then the conformance suite
  cargo xtask TASK --help              the options of one task";

/// Each task's `--help`: its usage line, what it does, and each option.
const HELP: &[(&str, &str)] = &[
    (
        "codegen",
        "usage: cargo xtask codegen [--check] [--verbose]

Regenerates generated/ from the documents of specs/, writing only the files that change.
When any file changes, writes generated/CHANGES.md: what the change does to the crate's
public API (items added, changed, removed) and the semver level it needs, also printed.
An OpenAPI Overlay beside a document (specs/NAME.overlay.yaml beside specs/NAME.yaml) is
applied to it before it is read.

options:
  --check       write nothing; fail if generated/ is not what codegen would write, with
                the public API change codegen would make
  --verbose     print the notes of each document too (which list operations page, and
                how), not only a line counting them
  -h, --help    print this help",
    ),
    (
        "changes",
        "usage: cargo xtask changes OLD_DIR NEW_DIR

Prints what changes in the public API from the crate in OLD_DIR to the crate in NEW_DIR:
the items added, changed and removed, each breaking change with its reason, by the rules
of cargo-semver-checks. The first line is `semver: major`, `semver: minor` or
`semver: patch`. Each folder holds a crate's Cargo.toml and src/; the source is read, not
compiled.

options:
  -h, --help    print this help",
    ),
    (
        "generate",
        "usage: cargo xtask generate --spec FILE --out DIR --name CRATE [--overlay FILE]... [--conformance] [--own-workspace] [--verbose]

Writes a standalone client crate for one OpenAPI document. DIR must be new, empty, or a
crate this command wrote before. When a folder above DIR holds a Cargo.toml with a
[workspace] table, the crate is written as a member of that workspace (its Cargo.toml
has no [workspace] of its own, and the workspace must list it); otherwise, or with
--own-workspace, it is a workspace of its own.

options:
  --spec FILE       the OpenAPI document (3.0 or 3.1, YAML or JSON)
  --out DIR         the folder the crate is written to
  --name CRATE      the crate's name: ASCII letters, digits, `-` and `_`, starting with a letter
  --overlay FILE    an OpenAPI Overlay (1.0) applied to the document before it is read;
                    repeat it to apply several, in order
  --conformance     also write tests/conformance.rs, run by `cargo xtask conformance`
  --own-workspace   keep the crate a workspace of its own inside another workspace
  --verbose         print the document's notes (which list operations page, and how), not
                    only a line counting them
  -h, --help        print this help",
    ),
    (
        "corpus",
        "usage: cargo xtask corpus [--pagination] [DIR]

Generates, clippies and documents a crate for every document in DIR (default tests/corpus);
prints a table (with the operations that page, by scheme), and fails if any document fails.

options:
  --pagination  only say, per document, which operations page and by which scheme
                (no crate is compiled)
  -h, --help    print this help",
    ),
    (
        "bench",
        "usage: cargo xtask bench [--quick | --compile]

Times each stage of generation on large and synthetic documents, in a release build.

options:
  --quick       one quick round, to prove the bench runs
  --compile     time cargo check of generated crates: ours against progenitor 0.15.1 (installed
                pinned into target/tools/), and with all features and single features
  -h, --help    print this help",
    ),
    (
        "conformance",
        "usage: cargo xtask conformance [--all] [[--judge prism|express] FILE...]

Calls every operation of specs/ and of corpus documents through the generated clients
against a judge: Stoplight Prism or express-openapi-validator (installed with npm).

options:
  --all                    every document of the corpus
  --judge prism|express    the judge of the FILEs that follow
  -h, --help               print this help",
    ),
    (
        "evolution",
        "usage: cargo xtask evolution [--semver-checks]

Generates the client of each v1.yaml and v2.yaml in tests/evolution/, checks that the API
change report classifies each pair as its `semver` file says, that every caller.rs
compiles against v1 and, for the pairs marked `minor`, unchanged against v2.

options:
  --semver-checks   also check that cargo-semver-checks (installed pinned into target/tools/)
                    finds a breaking change in exactly the pairs marked `major`
  -h, --help        print this help",
    ),
    (
        "test",
        "usage: cargo xtask test

Runs every test of the workspace, then the conformance suite.

options:
  -h, --help    print this help",
    ),
];

/// The help of `task` when `args` (what follows the task's name) ask for it: `--help` or
/// `-h` anywhere, as the other arguments may be the mistake the user wants help with.
fn help_for(task: &str, args: &[String]) -> Option<&'static str> {
    if !args.iter().any(|arg| arg == "--help" || arg == "-h") {
        return None;
    }
    HELP.iter().find(|(name, _)| *name == task).map(|(_, help)| *help)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(help) = args.split_first().and_then(|(task, rest)| help_for(task, rest)) {
        println!("{help}");
        return ExitCode::SUCCESS;
    }
    let result = match args.first().map(String::as_str) {
        Some("codegen") => parse_codegen(&args[1..]).and_then(codegen::run),
        Some("changes") => changes::run(&args[1..]),
        Some("generate") => generate::Options::parse(&args[1..]).and_then(generate::run),
        Some("corpus") => corpus::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("conformance") => conformance::run(&args[1..]),
        Some("evolution") => evolution::run(&args[1..]),
        Some("bench-one") => bench::one(&args[1..]),
        Some("bench-floor") => bench::floor(&args[1..]),
        Some("test") => no_arguments("test", &args[1..]).and_then(|()| test::run()),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown task `{other}`\n{USAGE}")),
        None => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_codegen(args: &[String]) -> Result<(codegen::Mode, bool), String> {
    let verbose = args.iter().any(|arg| arg == "--verbose");
    let rest: Vec<&String> = args.iter().filter(|arg| *arg != "--verbose").collect();
    match rest.as_slice() {
        [] => Ok((codegen::Mode::Write, verbose)),
        [flag] if *flag == "--check" => Ok((codegen::Mode::Check, verbose)),
        _ => Err(format!(
            "unexpected arguments for `codegen`: {}; see `cargo xtask codegen --help`",
            args.join(" ")
        )),
    }
}

fn no_arguments(task: &str, args: &[String]) -> Result<(), String> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "unexpected arguments for `{task}`: {}; see `cargo xtask {task} --help`",
            args.join(" ")
        ))
    }
}

/// The real-world documents the corpus command, the bench and the conformance suite read.
fn corpus_dir() -> PathBuf {
    workspace_root().join("tests").join("corpus")
}

/// The workspace root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn every_task_has_help_and_the_overview_lists_every_task() {
        for (task, help) in HELP {
            assert!(help.starts_with(&format!("usage: cargo xtask {task}")), "{help}");
            let last = help.lines().last().unwrap_or_default();
            assert!(
                last.starts_with("  -h, --help ") && last.ends_with(" print this help"),
                "{help}"
            );
            assert!(USAGE.contains(&format!("cargo xtask {task}")), "{task}");
        }
    }

    #[test]
    fn generate_help_is_asked_for_with_either_flag_anywhere() {
        let expected =
            "usage: cargo xtask generate --spec FILE --out DIR --name CRATE [--overlay FILE]... [--conformance] [--own-workspace] [--verbose]

Writes a standalone client crate for one OpenAPI document. DIR must be new, empty, or a
crate this command wrote before. When a folder above DIR holds a Cargo.toml with a
[workspace] table, the crate is written as a member of that workspace (its Cargo.toml
has no [workspace] of its own, and the workspace must list it); otherwise, or with
--own-workspace, it is a workspace of its own.

options:
  --spec FILE       the OpenAPI document (3.0 or 3.1, YAML or JSON)
  --out DIR         the folder the crate is written to
  --name CRATE      the crate's name: ASCII letters, digits, `-` and `_`, starting with a letter
  --overlay FILE    an OpenAPI Overlay (1.0) applied to the document before it is read;
                    repeat it to apply several, in order
  --conformance     also write tests/conformance.rs, run by `cargo xtask conformance`
  --own-workspace   keep the crate a workspace of its own inside another workspace
  --verbose         print the document's notes (which list operations page, and how), not
                    only a line counting them
  -h, --help        print this help";
        assert_eq!(help_for("generate", &strings(&["--help"])), Some(expected));
        assert_eq!(help_for("generate", &strings(&["--spec", "a.yaml", "-h"])), Some(expected));
        assert_eq!(help_for("generate", &strings(&["--spec", "a.yaml"])), None);
        assert_eq!(help_for("nonsense", &strings(&["--help"])), None);
    }

    #[test]
    fn an_unexpected_argument_is_named_with_where_to_find_help() {
        assert_eq!(
            parse_codegen(&strings(&["--chek"])).err().as_deref(),
            Some("unexpected arguments for `codegen`: --chek; see `cargo xtask codegen --help`")
        );
        assert_eq!(
            no_arguments("test", &strings(&["--fast"])).err().as_deref(),
            Some("unexpected arguments for `test`: --fast; see `cargo xtask test --help`")
        );
    }
}
