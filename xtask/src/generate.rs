//! `cargo xtask generate --spec FILE --out DIR --name CRATE [--conformance]`: a standalone
//! crate, with `--conformance` also its conformance test (`tests/conformance.rs`).

use std::path::{Path, PathBuf};

use generator::emit;

use crate::files;

/// The arguments of `generate`.
pub struct Options {
    spec: PathBuf,
    out: PathBuf,
    name: String,
    conformance: bool,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let (mut spec, mut out, mut name) = (None, None, None);
        let mut conformance = false;
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let slot = match flag.as_str() {
                "--conformance" => {
                    conformance = true;
                    continue;
                }
                "--spec" => &mut spec,
                "--out" => &mut out,
                "--name" => &mut name,
                other => {
                    return Err(format!(
                        "unknown option `{other}` for `generate`\n{}",
                        crate::USAGE
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
            return Err(format!("`generate` needs {}\n{}", missing.join(", "), crate::USAGE));
        }
        let name = name.unwrap_or_default();
        if !valid_crate_name(&name) {
            return Err(format!(
                "`{name}` is not a valid crate name: use ASCII letters, digits, `-` and `_`, starting with a letter"
            ));
        }
        Ok(Options {
            spec: PathBuf::from(spec.unwrap_or_default()),
            out: PathBuf::from(out.unwrap_or_default()),
            name,
            conformance,
        })
    }
}

pub fn run(options: Options) -> Result<(), String> {
    let (model, cases) = if options.conformance {
        let (model, cases) = generator::conformance_model_from_file(&options.spec)
            .map_err(|report| report.to_string())?;
        (model, Some(cases))
    } else {
        (generator::model_from_file(&options.spec).map_err(|report| report.to_string())?, None)
    };
    if !model.warnings.diagnostics.is_empty() {
        eprintln!("{}\n", model.warnings);
    }
    let source =
        options.spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tree = match &cases {
        Some(cases) => emit::conformance_crate(&options.name, &model.api, &source, cases),
        None => emit::standalone_crate(&options.name, &model.api, &source),
    };
    let owned = |path: &Path| {
        tree.contains_key(path) || path.starts_with("src") || path.starts_with("tests")
    };
    let difference = files::compare(&options.out, &tree, owned).map_err(|e| e.to_string())?;
    files::apply(&options.out, &tree, &difference).map_err(|e| e.to_string())?;
    println!("wrote crate `{}` to {}", options.name, options.out.display());
    Ok(())
}

fn valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
