//! Mutated real documents: whatever the mutation, the generator returns a model or
//! diagnostics and never panics, and every model it returns emits code that parses.
//!
//! Runs for `FUZZ_SECONDS` (default 15) in CI; a longer run is
//! `FUZZ_SECONDS=600 cargo test --release -p tests fuzz -- --nocapture`. A failing document
//! is written to `target/fuzz-failures/` with the seed that made it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::time::{Duration, Instant};

use generator::load::{Node, Value as NodeValue};

use crate::support::{Rng, unparsable_file};
use serde_json::{Map, Value};

fn to_json(node: &Node) -> Value {
    match &node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(b) => Value::Bool(*b),
        NodeValue::Integer(i) => Value::from(*i),
        NodeValue::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        NodeValue::String(s) => Value::String(s.clone()),
        NodeValue::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeValue::Object(members) => {
            Value::Object(members.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// The corpus documents small enough to mutate many times a second in a debug build.
fn documents() -> Vec<(String, Value)> {
    let corpus = tests::workspace_root().join("tests").join("corpus");
    let mut out = Vec::new();
    for dir in [corpus.clone(), corpus.join("openapi-3.1")] {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            let small = std::fs::metadata(&path).map(|m| m.len() < 60_000).unwrap_or(false);
            let document = path.extension().is_some_and(|e| e == "yaml" || e == "json");
            if small && document {
                let loaded = generator::load::load_file(&path).expect("corpus documents load");
                out.push((path.display().to_string(), to_json(&loaded.document.root)));
            }
        }
    }
    out.push(("specs/courier.yaml".to_owned(), {
        let path = tests::workspace_root().join("specs").join("courier.yaml");
        to_json(&generator::load::load_file(&path).expect("courier loads").document.root)
    }));
    out
}

const BOGUS_REFS: &[&str] = &[
    "#/components/schemas/Nope",
    "#/components/schemas",
    "#",
    "#/paths",
    "not a pointer",
    "other.yaml#/x",
    "#/components/schemas/%ZZ",
];

/// A random value of a random kind.
fn random_value(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::from(rng.next() as i64),
        3 => Value::from(-1.5e300),
        4 => Value::String(
            ["", "object", "array", "string", "null", "{id}", "💥"][rng.below(7)].to_owned(),
        ),
        5 => Value::Array(vec![Value::String("null".to_owned()), Value::from(1)]),
        6 => Value::Object(Map::new()),
        7 => serde_json::json!({"$ref": BOGUS_REFS[rng.below(BOGUS_REFS.len())]}),
        _ => {
            serde_json::json!({"type": ["string", "null", "object"], "enum": [], "allOf": [{}], "oneOf": []})
        }
    }
}

/// Applies one mutation at a random place of `value`.
fn mutate(value: &mut Value, rng: &mut Rng, donor: &Value) {
    let depth = rng.below(8);
    let mut pointer = String::new();
    let mut node: &Value = value;
    for _ in 0..depth {
        match node {
            Value::Object(members) if !members.is_empty() => {
                let (key, next) =
                    members.iter().nth(rng.below(members.len())).expect("index is in range");
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                node = next;
            }
            Value::Array(items) if !items.is_empty() => {
                let index = rng.below(items.len());
                pointer.push_str(&format!("/{index}"));
                node = &items[index];
            }
            _ => break,
        }
    }
    let Some(current) = value.pointer_mut(&pointer) else { return };
    match (rng.below(6), current) {
        (0, Value::Object(members)) if !members.is_empty() => {
            let key = members.keys().nth(rng.below(members.len())).cloned().unwrap_or_default();
            members.remove(&key);
        }
        (1, Value::Object(members)) => {
            members.insert(
                "$ref".to_owned(),
                Value::String(BOGUS_REFS[rng.below(BOGUS_REFS.len())].to_owned()),
            );
        }
        (2, Value::Object(members)) => {
            let key = [
                "type",
                "required",
                "items",
                "properties",
                "allOf",
                "nullable",
                "discriminator",
                "parameters",
                "content",
            ][rng.below(9)];
            members.insert(key.to_owned(), random_value(rng));
        }
        (3, slot) => *slot = donor.clone(),
        (4, Value::Array(items)) => items.clear(),
        (_, slot) => *slot = random_value(rng),
    }
}

/// A self-reference, to make cycles: some component schema becomes a `$ref` to another.
fn add_cycle(value: &mut Value, rng: &mut Rng) {
    let Some(schemas) = value.pointer_mut("/components/schemas").and_then(Value::as_object_mut)
    else {
        return;
    };
    let names: Vec<String> = schemas.keys().cloned().collect();
    if names.is_empty() {
        return;
    }
    let from = &names[rng.below(names.len())];
    let to = &names[rng.below(names.len())];
    schemas.insert(from.clone(), serde_json::json!({"$ref": format!("#/components/schemas/{to}")}));
}

#[test]
fn mutated_documents_never_panic_the_generator() {
    let budget = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(15);
    let deadline = Instant::now() + Duration::from_secs(budget);
    let documents = documents();
    assert_eq!(documents.len(), 15, "small documents in tests/corpus/, and specs/courier.yaml");
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut runs = 0u64;
    let (mut models, mut rejected) = (0u64, 0u64);
    while Instant::now() < deadline {
        seed = seed.wrapping_add(1);
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let (name, original) = &documents[rng.below(documents.len())];
        let mut document = original.clone();
        let donor = documents[rng.below(documents.len())]
            .1
            .pointer("/components/schemas")
            .cloned()
            .unwrap_or(Value::Null);
        for _ in 0..=rng.below(4) {
            mutate(&mut document, &mut rng, &donor);
        }
        if rng.below(4) == 0 {
            add_cycle(&mut document, &mut rng);
        }
        let text = serde_json::to_string(&document).expect("serialises");
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            match generator::model_from_str(Path::new("fuzz.json"), text.clone()) {
                Ok(model) => unparsable_file(&generator::emit::standalone_crate(
                    "fuzz",
                    &model.api,
                    "fuzz.json",
                ))
                .map_or(Ok(true), Err),
                Err(_) => Ok(false),
            }
        }));
        let failure = match outcome {
            Ok(Ok(true)) => {
                models += 1;
                None
            }
            Ok(Ok(false)) => {
                rejected += 1;
                None
            }
            Ok(Err(emit_error)) => Some(format!("emitted code does not parse: {emit_error}")),
            Err(_) => Some("panicked".to_owned()),
        };
        if let Some(failure) = failure {
            let dir = tests::workspace_root().join("target").join("fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{seed}.json"));
            let _ = std::fs::write(&file, &text);
            panic!(
                "{failure} on a mutation of {name} (seed {seed}), written to {}",
                file.display()
            );
        }
        runs += 1;
    }
    println!("{runs} mutated documents: {models} generated, {rejected} rejected with diagnostics");
    assert!(runs > 0);
}
