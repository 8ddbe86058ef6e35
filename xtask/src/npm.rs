//! Installing the judges' npm packages, pinned, into a folder of `target/tools/`.

use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `npm install` of `packages` (each `name@version`, exact) into the folder `prefix`,
/// creating it, and returns the command as shown in messages.
pub fn install(prefix: &Path, packages: &[String]) -> Result<String, String> {
    println!("installing {} into {}", packages.join(" "), prefix.display());
    std::fs::create_dir_all(prefix)
        .map_err(|e| format!("cannot create {}: {e}", prefix.display()))?;
    let mut npm = Command::new("npm");
    npm.arg("install")
        .arg("--prefix")
        .arg(prefix)
        .args(["--no-audit", "--no-fund", "--save-exact", "--loglevel=error"])
        .args(packages)
        .stdin(Stdio::null());
    let shown = format!("{npm:?}");
    let output = npm
        .output()
        .map_err(|e| format!("cannot run {shown}: {e} (the judges need Node.js 20 with npm)"))?;
    if output.status.success() {
        Ok(shown)
    } else {
        Err(format!(
            "{shown} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}
