//! Generates the client of `fixtures/wire.yaml` into `OUT_DIR`, where `wire_fixture.rs`
//! includes it, so the wire tests exercise every request and response form on real
//! generated code without adding a test API to `generated/`; the client of
//! `fixtures/pagination.yaml`, which `pagination_fixture.rs` includes; the client of
//! `fixtures/oauth.yaml`, which `oauth_fixture.rs` includes; and the client of the
//! corpus's text-generation document, which `text_generation.rs` includes, so that the
//! README's example of its event stream is compiled.
//!
//! The tag modules of `client/` are inlined into `client.rs`, since `mod name;` inside an
//! included file would be looked for next to the test sources; their `#[cfg(feature)]`s
//! refer to this crate's features, which mirror the fixtures'.

use std::path::Path;

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    generate(Path::new("fixtures/wire.yaml"), "wire", &Path::new(&out_dir).join("wire"));
    generate(
        Path::new("fixtures/pagination.yaml"),
        "pagination",
        &Path::new(&out_dir).join("pagination"),
    );
    generate(Path::new("fixtures/oauth.yaml"), "oauth", &Path::new(&out_dir).join("oauth"));
    generate(
        Path::new("corpus/hf-text-generation-inference.json"),
        "text-generation",
        &Path::new(&out_dir).join("text_generation"),
    );
}

/// Writes the client, operations and types of `spec` into `out`.
fn generate(spec: &Path, name: &str, out: &Path) {
    println!("cargo::rerun-if-changed={}", spec.display());
    let model = match generator::model_from_file(spec) {
        Ok(model) => model,
        Err(report) => panic!("{report}"),
    };
    let source = spec.file_name().and_then(|n| n.to_str()).unwrap_or(name);
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
    std::fs::create_dir_all(out).expect("OUT_DIR is writable");
    std::fs::write(out.join("client.rs"), client).expect("OUT_DIR is writable");
    for module in ["operations.rs", "types.rs"] {
        let text = &files[Path::new("src").join(module).as_path()];
        std::fs::write(out.join(module), text).expect("OUT_DIR is writable");
    }
}
