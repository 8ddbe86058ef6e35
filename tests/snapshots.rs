//! What a change does, as a reviewer sees it: the generated code of each per-rule fixture
//! in `tests/fixtures/`, and the model of every document in `specs/`.

use std::path::Path;

use tests::{fixture, workspace_root};

/// The warnings and the generated `types.rs` for one fixture.
fn generated_types(name: &str) -> String {
    let shown = format!("tests/fixtures/{name}");
    let source = std::fs::read_to_string(fixture(name)).expect("fixture is readable");
    let model = match generator::model_from_str(Path::new(&shown), source) {
        Ok(model) => model,
        Err(report) => panic!("{report}"),
    };
    let files = generator::emit::standalone_crate("fixture", &model.api, name).expect("emits");
    let types = &files[Path::new("src/types.rs")];
    if model.warnings.diagnostics.is_empty() {
        types.clone()
    } else {
        format!("/* warnings:\n{}\n*/\n{types}", model.warnings)
    }
}

macro_rules! fixture_snapshots {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                insta::assert_snapshot!(stringify!($test), generated_types($file));
            }
        )*
    };
}

fixture_snapshots! {
    refs => "refs.yaml",
    nullable => "nullable.yaml",
    presence => "presence.yaml",
    one_of => "one-of.yaml",
    all_of => "all-of.yaml",
    enums => "enums.yaml",
    free_form => "free-form.yaml",
    names => "names.yaml",
    docs => "docs.yaml",
}

#[test]
fn model_of_every_spec() {
    let specs = workspace_root().join("specs");
    let mut names: Vec<_> = std::fs::read_dir(&specs)
        .expect("specs/ is readable")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let source = std::fs::read_to_string(specs.join(&name)).expect("spec is readable");
        let model = generator::model_from_str(Path::new(&format!("specs/{name}")), source).unwrap_or_else(|report| panic!("{report}"));
        insta::assert_yaml_snapshot!(format!("model_{name}"), model.api);
    }
}
