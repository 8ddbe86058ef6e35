//! `cargo xtask generate --spec FILE --out DIR --name CRATE`: a standalone crate.

use std::path::{Path, PathBuf};

use generator::emit;

use crate::files;

/// The arguments of `generate`.
pub struct Options {
    spec: PathBuf,
    out: PathBuf,
    name: String,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Options, String> {
        let (mut spec, mut out, mut name) = (None, None, None);
        let mut args = args.iter();
        while let Some(flag) = args.next() {
            let slot = match flag.as_str() {
                "--spec" => &mut spec,
                "--out" => &mut out,
                "--name" => &mut name,
                other => return Err(format!("unknown option `{other}` for `generate`\n{}", crate::USAGE)),
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
        Ok(Options { spec: PathBuf::from(spec.unwrap_or_default()), out: PathBuf::from(out.unwrap_or_default()), name })
    }
}

pub fn run(options: Options) -> Result<(), String> {
    let model = generator::model_from_file(&options.spec).map_err(|report| report.to_string())?;
    if !model.warnings.diagnostics.is_empty() {
        eprintln!("{}\n", model.warnings);
    }
    let source = options.spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tree = emit::standalone_crate(&options.name, &model.api, &source);
    let owned = |path: &Path| tree.contains_key(path) || path.starts_with("src");
    let difference = files::compare(&options.out, &tree, owned).map_err(|e| e.to_string())?;
    files::apply(&options.out, &tree, &difference).map_err(|e| e.to_string())?;
    println!("wrote crate `{}` to {}", options.name, options.out.display());
    Ok(())
}

fn valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
