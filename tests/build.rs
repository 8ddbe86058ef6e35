//! Generates the client of `fixtures/wire.yaml` into `OUT_DIR`, where `wire_fixture.rs`
//! includes it, so the wire tests exercise every request and response form on real
//! generated code without adding a test API to `generated/`; and that of
//! `fixtures/pagination.yaml` into `OUT_DIR/pagination/`, for `pagination_fixture.rs`.
//!
//! The tag modules of `client/` are inlined into `client.rs`, since `mod name;` inside an
//! included file would be looked for next to the test sources; their `#[cfg(feature)]`s
//! refer to this crate's features, which mirror the fixture's.

use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    generate(Path::new("fixtures/wire.yaml"), Path::new(&out_dir));
    let pagination = Path::new(&out_dir).join("pagination");
    std::fs::create_dir_all(&pagination).expect("OUT_DIR is writable");
    generate(Path::new("fixtures/pagination.yaml"), &pagination);
}

/// The client, operations and types of `spec`, written into `out_dir`.
fn generate(spec: &Path, out_dir: &Path) {
    println!("cargo::rerun-if-changed={}", spec.display());
    let model = match generator::model_from_file(spec) {
        Ok(model) => model,
        Err(report) => panic!("{report}"),
    };
    let name = spec.file_stem().and_then(|n| n.to_str()).unwrap_or_default();
    let source = spec.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let files = generator::emit::standalone_crate(name, &model.api, source);
    let mut client = files[Path::new("src/client.rs")].clone();
    for (path, text) in &files {
        if let (Ok(module), Some("rs")) =
            (path.strip_prefix("src/client"), path.extension().and_then(|e| e.to_str()))
        {
            let name = module.file_stem().and_then(|s| s.to_str()).expect("a module name");
            client = client.replace(&format!("mod {name};"), &format!("mod {name} {{\n{text}\n}}"));
        }
    }
    std::fs::write(out_dir.join("client.rs"), client).expect("OUT_DIR is writable");
    for module in ["operations.rs", "types.rs"] {
        let text = &files[Path::new("src").join(module).as_path()];
        std::fs::write(out_dir.join(module), text).expect("OUT_DIR is writable");
    }
}
