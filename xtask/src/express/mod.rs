//! The conformance suite's second judge, for the documents Prism cannot load (Stripe's never
//! finishes loading, GitHub's makes it fetch URLs found in examples): an express server
//! (`xtask/express-judge.js`) that validates each request with express-openapi-validator and
//! answers with the document's example or a value openapi-sampler builds from the schema.
//! This module installs its packages, pinned, with npm into `target/tools/express-judge` and
//! starts it for one document.
//!
//! Facts this module relies on (checked by hand and by the control of `cargo xtask
//! conformance`): the judge is one `node` process that forks nothing, and prints
//! `express-openapi-validator judge listening on http://127.0.0.1:PORT` once it listens.

use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::load::Node;

use crate::server::{Launch, Server};

mod answers;

/// The packages the judge's script requires, each pinned: the validator, the web server it
/// is a middleware of, the YAML parser and the sampler of values for answers.
pub const PACKAGES: &[&str] = &[
    "express-openapi-validator@5.6.2",
    "express@4.22.3",
    "js-yaml@4.3.2",
    "openapi-sampler@1.7.9",
];

/// Installs [`PACKAGES`] into `target/tools/express-judge` under the workspace root `root`,
/// unless exactly those are already there (npm's `package.json` lists what was installed),
/// and returns the folder of its `node_modules`.
pub fn install(root: &Path) -> Result<PathBuf, String> {
    let prefix = root.join("target").join("tools").join("express-judge");
    let modules = prefix.join("node_modules");
    if installed(&prefix) {
        return Ok(modules);
    }
    let packages: Vec<String> = PACKAGES.iter().map(|package| (*package).to_owned()).collect();
    let shown = crate::npm::install(&prefix, &packages)?;
    if installed(&prefix) {
        Ok(modules)
    } else {
        Err(format!("{shown} succeeded but {} does not list {PACKAGES:?}", prefix.display()))
    }
}

/// Whether the `package.json` npm wrote into `prefix` names exactly the versions of
/// [`PACKAGES`].
fn installed(prefix: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(prefix.join("package.json")) else {
        return false;
    };
    let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else {
        return false;
    };
    PACKAGES.iter().all(|package| {
        let (name, version) = package.rsplit_once('@').unwrap_or((package, ""));
        manifest["dependencies"][name] == version
    })
}

/// Starts the judge for the document `spec` (loaded as `document`) with its output in the
/// file `log` and its answers (see [`answers`]) beside it, using the packages in `modules`
/// (from [`install`]), and waits until it listens.
pub fn start(
    root: &Path,
    modules: &Path,
    (spec, document): (&Path, &Node),
    log: &Path,
) -> Result<Server, String> {
    let script = root.join("xtask").join("express-judge.js");
    let answers = log.with_extension("answers.json");
    std::fs::write(&answers, answers::answers(document).to_string())
        .map_err(|e| format!("cannot write {}: {e}", answers.display()))?;
    let command = |port: u16| {
        let mut command = Command::new("node");
        command.arg(&script).arg(spec).arg(port.to_string()).arg(&answers);
        command.env("NODE_PATH", modules);
        command
    };
    let ready_line = |port: u16| {
        format!(
            "express-openapi-validator judge listening on http://{}:{port}",
            Ipv4Addr::LOCALHOST
        )
    };
    Server::start(&Launch { command: &command, ready_line: &ready_line }, log)
}
