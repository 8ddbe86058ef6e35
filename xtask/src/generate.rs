//! `cargo xtask generate --spec FILE --out DIR --name CRATE [--overlay FILE]... [--conformance]
//! [--own-workspace]`: a standalone crate, with each `--overlay` applied to the document first,
//! with `--conformance` also its conformance test (`tests/conformance.rs`).
//! Written inside another workspace, the crate is made a member of it unless
//! `--own-workspace` says otherwise.

use std::path::{Path, PathBuf};

use generator::emit;

use crate::files;

/// The arguments of `generate`.
pub struct Options {
    spec: PathBuf,
    /// Overlays to apply to the document, in the order given.
    overlays: Vec<PathBuf>,
    out: PathBuf,
    name: String,
    conformance: bool,
    /// Keep `[workspace]` in the crate's manifest even inside another workspace.
    own_workspace: bool,
    /// Print the document's notes (which list operations page, and how), not only their count.
    verbose: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let (mut spec, mut out, mut name) = (None, None, None);
        let (mut conformance, mut own_workspace, mut verbose) = (false, false, false);
        let mut overlays = Vec::new();
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let slot = match flag.as_str() {
                "--overlay" => {
                    let value = args.next().ok_or_else(|| format!("`{flag}` needs a value"))?;
                    overlays.push(PathBuf::from(value));
                    continue;
                }
                "--conformance" => {
                    conformance = true;
                    continue;
                }
                "--own-workspace" => {
                    own_workspace = true;
                    continue;
                }
                "--verbose" => {
                    verbose = true;
                    continue;
                }
                "--spec" => &mut spec,
                "--out" => &mut out,
                "--name" => &mut name,
                other => {
                    return Err(format!(
                        "unknown option `{other}` for `generate`; see `cargo xtask generate --help`"
                    ));
                }
            };
            let value = args.next().ok_or_else(|| format!("`{flag}` needs a value"))?;
            *slot = Some(value.clone());
        }
        let missing: Vec<&str> = [("--spec", &spec), ("--out", &out), ("--name", &name)]
            .iter()
            .filter(|(_, value)| value.is_none())
            .map(|(flag, _)| *flag)
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "`generate` needs {}; see `cargo xtask generate --help`",
                missing.join(", ")
            ));
        }
        let name = name.unwrap_or_default();
        if !valid_crate_name(&name) {
            return Err(format!(
                "`{name}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter"
            ));
        }
        Ok(Options {
            spec: PathBuf::from(spec.unwrap_or_default()),
            overlays,
            out: PathBuf::from(out.unwrap_or_default()),
            name,
            conformance,
            own_workspace,
            verbose,
        })
    }
}

pub fn run(options: Options) -> Result<(), String> {
    let (model, cases) = if options.conformance {
        let (model, cases) =
            generator::conformance_model_from_file(&options.spec, &options.overlays)
                .map_err(|report| report.to_string())?;
        (model, Some(cases))
    } else {
        let model = generator::model_from_file_with_overlays(&options.spec, &options.overlays);
        (model.map_err(|report| report.to_string())?, None)
    };
    let unprinted = crate::codegen::print_diagnostics(&model.warnings, options.verbose);
    if let Some(summary) = crate::codegen::notes_summary(unprinted) {
        eprintln!("{summary}\n");
    }
    let source =
        options.spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut tree = match &cases {
        Some(cases) => emit::conformance_crate(&options.name, &model.api, &source, cases),
        None => emit::standalone_crate(&options.name, &model.api, &source),
    };
    check_destination(&options.out)?;
    let workspace = if options.own_workspace { None } else { enclosing_workspace(&options.out) };
    if workspace.is_some() {
        emit::into_workspace_member(&mut tree);
    }
    // `src/` is the generated module tree; in `tests/` only files we wrote are ours.
    let owned = |path: &Path| {
        tree.contains_key(path)
            || path.starts_with("src")
            || (path.starts_with("tests") && carries_marker(&options.out.join(path)))
    };
    let difference = files::compare(&options.out, &tree, owned).map_err(|e| e.to_string())?;
    files::apply(&options.out, &tree, &difference).map_err(|e| e.to_string())?;
    println!("wrote crate `{}` to {}", options.name, options.out.display());
    if let Some(root) = workspace {
        println!("{}", member_note(&root, &options.out));
    }
    Ok(())
}

/// The manifest of the workspace a crate written to `out` would be in: the nearest
/// `Cargo.toml` above `out` with a `[workspace]` table, as cargo looks for it.
fn enclosing_workspace(out: &Path) -> Option<PathBuf> {
    let out = std::path::absolute(out).ok()?;
    out.ancestors().skip(1).map(|dir| dir.join("Cargo.toml")).find(|manifest| {
        std::fs::read_to_string(manifest).is_ok_and(|text| {
            text.lines().map(str::trim).any(|line| {
                line == "[workspace]" || (line.starts_with("[workspace.") && line.ends_with(']'))
            })
        })
    })
}

/// What a crate made a member of the workspace of `root` asks of its user: cargo refuses a
/// crate inside a workspace that does not list it.
fn member_note(root: &Path, out: &Path) -> String {
    format!(
        "`{}` declares a workspace, so the crate is one of its members, without a `[workspace]` of its own: list `{}` in its `members` unless an entry covers it already, or run again with `--own-workspace` for a crate that stands alone",
        root.display(),
        out.display()
    )
}

/// How every file this command writes from Rust source starts.
const MARKER: &str = "// @generated by `cargo xtask generate`";

/// Refuses a destination that holds anything but a crate this command generated: `out` may
/// be missing, an empty folder, or a folder whose `src/lib.rs` starts with [`MARKER`].
fn check_destination(out: &Path) -> Result<(), String> {
    let mut entries = match std::fs::read_dir(out) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(_) if out.exists() && !out.is_dir() => {
            return Err(format!("`{}` is a file; `--out` takes a folder", out.display()));
        }
        Err(error) => return Err(format!("cannot read `{}`: {error}", out.display())),
    };
    if entries.next().is_none() || carries_marker(&out.join("src").join("lib.rs")) {
        return Ok(());
    }
    Err(format!(
        "`{}` is not empty and holds no crate that `cargo xtask generate` wrote (its `src/lib.rs` would start with `{MARKER}`); nothing was written: choose a new or empty folder",
        out.display()
    ))
}

/// Whether the file at `path` starts with [`MARKER`].
fn carries_marker(path: &Path) -> bool {
    use std::io::Read;
    let mut start = [0; MARKER.len()];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut start))
        .is_ok_and(|()| start == MARKER.as_bytes())
}

fn valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    const SPEC: &str = "openapi: 3.0.3
info: {title: Small, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /ping: {get: {operationId: ping, responses: {'204': {description: pong}}}}
";

    /// A fresh folder holding `spec.yaml`, and the options that generate it into `out`.
    fn scratch(name: &str) -> (PathBuf, Options) {
        let dir =
            std::env::temp_dir().join(format!("xtask-generate-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("creates scratch directory");
        fs::write(dir.join("spec.yaml"), SPEC).expect("writes the spec");
        let options = Options {
            spec: dir.join("spec.yaml"),
            overlays: Vec::new(),
            out: dir.join("out"),
            name: "small".to_owned(),
            conformance: false,
            own_workspace: false,
            verbose: false,
        };
        (dir, options)
    }

    fn again(options: &Options) -> Options {
        Options {
            spec: options.spec.clone(),
            overlays: options.overlays.clone(),
            out: options.out.clone(),
            name: options.name.clone(),
            conformance: false,
            own_workspace: options.own_workspace,
            verbose: false,
        }
    }

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn each_overlay_is_kept_in_the_order_given() {
        let args = ["--spec", "a.yaml", "--overlay", "b.yaml", "--out", "x", "--overlay", "c.yaml"];
        let options = Options::parse(&strings(&[&args[..], &["--name", "x"]].concat())).unwrap();
        assert_eq!(options.overlays, [PathBuf::from("b.yaml"), PathBuf::from("c.yaml")]);
        let error = Options::parse(&strings(&["--spec", "a.yaml", "--overlay"])).err();
        assert_eq!(error.as_deref(), Some("`--overlay` needs a value"));
    }

    #[test]
    fn an_unknown_flag_is_named() {
        let error = Options::parse(&strings(&["--spec", "a.yaml", "--output", "x"])).err();
        assert_eq!(
            error.as_deref(),
            Some("unknown option `--output` for `generate`; see `cargo xtask generate --help`")
        );
        let error = Options::parse(&strings(&["--spec", "a.yaml"])).err();
        assert_eq!(
            error.as_deref(),
            Some("`generate` needs --out, --name; see `cargo xtask generate --help`")
        );
    }

    /// The end of the manifest of a crate that is a workspace of its own.
    const OWN_WORKSPACE: &str =
        "\n# A crate of its own, even when generated inside another workspace.\n[workspace]\n";

    #[test]
    fn outside_any_workspace_the_crate_is_a_workspace_of_its_own() {
        let (dir, options) = scratch("alone");
        assert_eq!(enclosing_workspace(&options.out), None);
        run(again(&options)).expect("generates");
        let manifest = fs::read_to_string(options.out.join("Cargo.toml")).expect("manifest");
        assert!(manifest.ends_with(OWN_WORKSPACE), "{manifest}");
        fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[test]
    fn inside_a_workspace_the_crate_is_a_member_unless_told_otherwise() {
        let (dir, options) = scratch("member");
        // A workspace two folders up, declared by a sub-table only.
        let root = dir.join("Cargo.toml");
        fs::write(&root, "[workspace.package]\nedition = \"2024\"\n").expect("write");
        let nested = Options { out: dir.join("crates").join("small"), ..again(&options) };
        assert_eq!(enclosing_workspace(&nested.out), Some(root.clone()));
        run(again(&nested)).expect("generates");
        let manifest = fs::read_to_string(nested.out.join("Cargo.toml")).expect("manifest");
        assert!(!manifest.contains("[workspace]"), "{manifest}");
        assert!(manifest.starts_with("# Generated; do not edit by hand.\n[package]\n"));
        assert_eq!(
            member_note(&root, &nested.out),
            format!(
                "`{}` declares a workspace, so the crate is one of its members, without a `[workspace]` of its own: list `{}` in its `members` unless an entry covers it already, or run again with `--own-workspace` for a crate that stands alone",
                root.display(),
                nested.out.display()
            )
        );

        let alone = Options { own_workspace: true, ..again(&nested) };
        run(alone).expect("regenerates");
        let manifest = fs::read_to_string(nested.out.join("Cargo.toml")).expect("manifest");
        assert!(manifest.ends_with(OWN_WORKSPACE), "{manifest}");
        fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[test]
    fn a_table_that_only_mentions_workspace_is_not_one() {
        let (dir, options) = scratch("not-workspace");
        let text = "[package]\nname = \"x\"\nworkspace = \"..\"\n[workspace-tools]\n";
        fs::write(dir.join("Cargo.toml"), text).expect("write");
        assert_eq!(enclosing_workspace(&options.out), None);
        fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[test]
    fn a_folder_holding_other_work_is_refused_and_left_as_it_was() {
        let (dir, options) = scratch("refused");
        fs::create_dir_all(options.out.join("src")).expect("mkdir");
        fs::write(options.out.join("src/main.rs"), "fn main() {}\n").expect("write");
        fs::write(options.out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").expect("write");
        let error = run(again(&options)).expect_err("refuses the folder");
        assert_eq!(
            error,
            format!(
                "`{}` is not empty and holds no crate that `cargo xtask generate` wrote (its `src/lib.rs` would start with `// @generated by `cargo xtask generate``); nothing was written: choose a new or empty folder",
                options.out.display()
            )
        );
        assert_eq!(
            fs::read_to_string(options.out.join("src/main.rs")).expect("kept"),
            "fn main() {}\n"
        );
        assert_eq!(
            fs::read_to_string(options.out.join("Cargo.toml")).expect("kept"),
            "[package]\nname = \"mine\"\n"
        );
        assert!(!options.out.join("src/lib.rs").exists());
        fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[test]
    fn a_file_is_refused() {
        let (dir, options) = scratch("file");
        fs::write(&options.out, "notes").expect("write");
        let error = run(again(&options)).expect_err("refuses a file");
        assert_eq!(error, format!("`{}` is a file; `--out` takes a folder", options.out.display()));
        assert_eq!(fs::read_to_string(&options.out).expect("kept"), "notes");
        fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[test]
    fn a_crate_generated_before_is_replaced_and_the_user_s_own_tests_are_kept() {
        let (dir, options) = scratch("replaced");
        fs::create_dir_all(&options.out).expect("an empty folder is accepted");
        run(again(&options)).expect("generates into an empty folder");
        let lib = fs::read_to_string(options.out.join("src/lib.rs")).expect("lib.rs");
        assert!(lib.starts_with(MARKER), "{lib}");
        fs::write(options.out.join("src/stale.rs"), "// left from an older spec\n").expect("write");
        fs::create_dir_all(options.out.join("tests")).expect("mkdir");
        fs::write(options.out.join("tests/mine.rs"), "#[test]\nfn mine() {}\n").expect("write");
        let old = format!("{MARKER}; do not edit by hand.\n");
        fs::write(options.out.join("tests/conformance.rs"), &old).expect("write");
        run(again(&options)).expect("replaces its own crate");
        assert!(!options.out.join("src/stale.rs").exists(), "a stale generated file is removed");
        assert!(!options.out.join("tests/conformance.rs").exists(), "a generated test is removed");
        assert_eq!(
            fs::read_to_string(options.out.join("tests/mine.rs")).expect("kept"),
            "#[test]\nfn mine() {}\n"
        );
        fs::remove_dir_all(&dir).expect("cleans up");
    }
}
