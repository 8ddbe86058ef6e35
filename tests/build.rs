//! Generates the client of `fixtures/wire.yaml` into `OUT_DIR`, where `wire_fixture.rs`
//! includes it, so the wire tests exercise every request and response form on real
//! generated code without adding a test API to `generated/`.

use std::path::Path;

fn main() {
    let spec = Path::new("fixtures/wire.yaml");
    println!("cargo::rerun-if-changed={}", spec.display());
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let model = match generator::model_from_file(spec) {
        Ok(model) => model,
        Err(report) => panic!("{report}"),
    };
    let files = generator::emit::standalone_crate("wire", &model.api, "wire.yaml").expect("the wire fixture emits");
    for module in ["client.rs", "operations.rs", "types.rs"] {
        let text = &files[Path::new("src").join(module).as_path()];
        std::fs::write(Path::new(&out_dir).join(module), text).expect("OUT_DIR is writable");
    }
}
