//! `cargo xtask`: the project's tasks, runnable on a fresh machine with nothing but cargo.
//!
//! - `cargo xtask codegen [--check]` regenerates `generated/` from `specs/`.
//! - `cargo xtask generate --spec FILE --out DIR --name CRATE` writes a standalone crate.
//! - `cargo xtask corpus [DIR]` proves every document of a folder generates a clean crate.
//! - `cargo xtask conformance [--all]` checks the generated clients' requests with the judges.
//! - `cargo xtask test` runs every test.

mod bench;
mod codegen;
mod conformance;
mod corpus;
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
  cargo xtask codegen [--check]        regenerate generated/ from specs/ (--check: fail if stale)
  cargo xtask generate --spec FILE --out DIR --name CRATE [--conformance]
                                       write a standalone client crate for one document
                                       (--conformance: with tests/conformance.rs, run by `cargo xtask conformance`)
  cargo xtask corpus [DIR]             generate, clippy and document a crate for every document in DIR
                                       (default tests/corpus); prints a table, fails if any fails
  cargo xtask bench [--quick]          time each stage of generation on large and synthetic documents
  cargo xtask bench --compile          time cargo check/build of generated crates, all features and one tag
  cargo xtask conformance [--all] [[--judge prism|express] FILE...]
                                       call every operation of specs/ and of corpus documents (--all: of the
                                       whole corpus; or of FILEs) through the generated clients against a judge:
                                       Stoplight Prism or express-openapi-validator (installed with npm)
  cargo xtask test                     run every test of the workspace, then the conformance suite";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => parse_codegen(&args[1..]).and_then(codegen::run),
        Some("generate") => generate::Options::parse(&args[1..]).and_then(generate::run),
        Some("corpus") => corpus::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("conformance") => conformance::run(&args[1..]),
        Some("bench-one") => bench::one(&args[1..]),
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

fn parse_codegen(args: &[String]) -> Result<codegen::Mode, String> {
    match args {
        [] => Ok(codegen::Mode::Write),
        [flag] if flag == "--check" => Ok(codegen::Mode::Check),
        _ => Err(format!("unexpected arguments for `codegen`: {}\n{USAGE}", args.join(" "))),
    }
}

fn no_arguments(task: &str, args: &[String]) -> Result<(), String> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(format!("unexpected arguments for `{task}`: {}\n{USAGE}", args.join(" ")))
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
