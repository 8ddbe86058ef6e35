//! Hostile names: documents whose schema, property, enum, parameter, operation, tag,
//! security scheme and webhook names, titles, URLs and descriptions are the strings that
//! break generators (non-ASCII, keywords, names the generated code uses itself, digits and
//! symbols only, names equal once cased, bidi and control characters, quotes, backslashes,
//! comment ends, empty and very long strings), picked and combined by a seeded random
//! generator. Every document must generate without an error, and its crate must pass
//! `cargo clippy -- -D warnings` and be as rustfmt writes it.
//!
//! A few documents each hold many cases, so that the whole test is two `cargo clippy` runs:
//! one crate of all the documents as modules (`cargo xtask codegen`'s layout) and the
//! standalone crate of the first (`cargo xtask generate`'s). Another seed is tried with
//! `HOSTILE_SEED=n cargo test -p tests hostile`.

use std::path::Path;
use std::process::Command;

use serde_json::{Map, Value, json};

use crate::support::{Rng, unparsable_file};

/// The seeds of the documents checked by default.
const SEEDS: [u64; 3] = [1, 2, 3];

/// Names the generated code could trip on; every schema, property, enum value, operation
/// and parameter name is drawn from here.
const NAMES: &[&str] = &[
    // Non-ASCII, with and without case.
    "名前",
    "Données",
    "naïve",
    "straße",
    "İstanbul",
    "ǅemal",
    "Ωmega",
    "😀",
    // Keywords, and those that cannot be raw identifiers.
    "self",
    "Self",
    "crate",
    "super",
    "_",
    "type",
    "async",
    "gen",
    "try",
    "union",
    "r#type",
    // Digits and symbols only.
    "123",
    "0",
    "1st",
    "!!",
    "***",
    "+",
    "-",
    "$",
    "...",
    " ",
    "",
    // Equal once cased.
    "fooBar",
    "foo_bar",
    "FooBar",
    "foo-bar",
    "FOO_BAR",
    "firstName",
    "lastName",
    // Names the generated code uses itself.
    "Result",
    "Option",
    "Vec",
    "String",
    "Box",
    "Error",
    "Response",
    "Request",
    "Client",
    "ClientBuilder",
    "From",
    "Into",
    "Default",
    "Serialize",
    "Deserialize",
    "Serializer",
    "Deserializer",
    "HashMap",
    "BTreeMap",
    "Value",
    "Ok",
    "Err",
    "Some",
    "None",
    "Event",
    "Tristate",
    "Base64",
    "Method",
    "Infallible",
    "FromStr",
    "fmt",
    "Utc",
    "DateTime",
    "NaiveDate",
    "Uuid",
    "Duration",
    "Style",
    "Multipart",
    "Form",
    "Credential",
    "ClientCore",
    "ClientSettings",
    "BuildError",
    "RetryPolicy",
    "RequestOptions",
    "WebhookBody",
    "WebhookError",
    "Tagged",
    "runtime",
    "types",
    "operations",
    "client",
    "std",
    "serde",
    "core",
    "Send",
    "Sized",
    "Clone",
    "Debug",
    "PartialEq",
    "Fn",
    "Unknown",
    "Display",
    "Formatter",
    // Quotes, backslashes, comment and attribute syntax.
    "a\"quote",
    "back\\slash",
    "*/",
    "/*",
    "#",
    "#![x]",
    "//",
    // Bidi, invisible and control characters.
    "\u{202E}evil",
    "\u{2066}iso\u{2069}",
    "rlm\u{200F}",
    "alm\u{061C}",
    "nul\u{0}",
    "cr\rlf",
    "tab\t",
    "line\nbreak",
    "zero\u{200B}width",
    "bom\u{FEFF}",
];

/// Tags: besides [`NAMES`], the feature names cargo reserves or refuses, and tags equal
/// once cased.
const TAGS: &[&str] = &[
    "Données",
    "default",
    "Default",
    "DEFAULT",
    "pets",
    "Pets",
    "PETS",
    "",
    "123",
    "+",
    "-x",
    "self",
    "crate",
    "a\u{202E}b",
    "quote\"tag",
    "back\\slash",
    "new\nline",
    "cr\rtag",
    "名前",
    "Client",
    "untagged",
    "dep:x",
    "a.b",
    "a+b",
];

/// Prose fragments for titles and descriptions.
const PROSE: &[&str] = &[
    "Plain words.",
    "Quotes \" and backslashes \\ and `code`.",
    "A comment end */ and start /* and a doc marker //! and #![attr].",
    "Right-to-left \u{202E}override\u{202C} and \u{2067}isolate\u{2069}, marks \u{200E}\u{200F}\u{061C}.",
    "Bare CR\rhere, NUL \u{0} there, bell \u{7}, escape \u{1b}[31m, delete \u{7f}.",
    "Line\nbreaks\r\nof\u{2028}every\u{2029}kind \u{85}next.",
    "```rust\nfn broken( {\n```",
    "<script>alert(1)</script> [link](crate::nothing) [a][b] http://x.io",
    "# Heading\n\n- list\ncontinued",
    "Tabs\tand a zero\u{200B}width and a \u{FEFF}BOM.",
    "",
];

/// A document of hostile cases, the same for the same seed.
fn document(seed: u64) -> Value {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut schemas = Map::new();
    let mut structs: Vec<String> = Vec::new();
    let mut all: Vec<String> = Vec::new();
    let mut names: Vec<&str> = NAMES.to_vec();
    shuffle(&mut rng, &mut names);

    // Always present: each case of the issue in its plainest form.
    schemas.insert(
        "名前Holder".to_owned(),
        json!({"type": "object", "required": ["firstName", "名前"], "properties": {
            "firstName": {"type": "string"}, "lastName": {"type": "string"},
            "名前": {"type": "string"}, "ǅemal": {"type": "string"}, "straße": {"type": "string"},
        }}),
    );
    schemas.insert(
        "Nested".to_owned(),
        json!({"type": "object", "properties": {
            "deep": {"type": "array", "items": {"type": "object", "additionalProperties": {
                "type": "array", "items": {"type": ["array", "null"], "items": {
                    "type": "object", "additionalProperties": {"type": "array", "items": {
                        "type": "string", "format": "date-time"}}}}}}},
            "pair": {"type": "array", "prefixItems": [
                {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "integer"}}},
                {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                {"type": ["string", "null"], "format": "date-time"},
                {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "number"}}},
                {"type": "array", "items": {"type": ["array", "null"], "items": {"type": "boolean"}}},
            ], "items": false},
        }}),
    );
    let big: Map<String, Value> =
        (0..24).map(|i| (format!("field{i}"), json!({"type": "string"}))).collect();
    let big_required: Vec<String> = big.keys().cloned().collect();
    schemas.insert(
        "Big".to_owned(),
        json!({"type": "object", "required": big_required, "properties": big}),
    );
    for fixed in ["名前Holder", "Nested", "Big"] {
        structs.push(fixed.to_owned());
        all.push(fixed.to_owned());
    }

    for (index, name) in names.iter().enumerate() {
        let description = prose(&mut rng);
        let schema = match rng.below(6) {
            0 | 1 => {
                let mut properties = Map::new();
                let mut required = Vec::new();
                for _ in 0..3 + rng.below(6) {
                    let property = NAMES[rng.below(NAMES.len())];
                    let ty = property_type(&mut rng, &all);
                    properties.insert(property.to_owned(), ty);
                    if rng.below(2) == 0 && !required.contains(&property) {
                        required.push(property);
                    }
                }
                structs.push((*name).to_owned());
                json!({"type": "object", "description": description, "required": required,
                    "properties": properties})
            }
            2 => {
                let mut values: Vec<&str> = Vec::new();
                for _ in 0..2 + rng.below(6) {
                    let value = NAMES[rng.below(NAMES.len())];
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
                json!({"type": "string", "description": description, "enum": values})
            }
            3 => json!({"type": "integer", "description": description, "enum": [0, 1, -3, 42]}),
            4 if !structs.is_empty() => {
                let other = &structs[rng.below(structs.len())];
                json!({"description": description, "oneOf": [
                    {"type": "string"}, {"type": "integer"}, reference(other)]})
            }
            4 => json!({"type": "array", "items": {"type": "string"}}),
            _ => tagged_union(&mut rng, &mut schemas, name, index, &description),
        };
        schemas.insert((*name).to_owned(), schema);
        all.push((*name).to_owned());
    }

    let mut paths = Map::new();
    let mut tags: Vec<&str> = TAGS.to_vec();
    shuffle(&mut rng, &mut tags);
    for (index, tag) in tags.iter().enumerate() {
        let parameter = ["名前", "self", "type", "fooBar", "foo_bar", "Self", "crate", "123", "Ok"]
            [rng.below(9)];
        let mut parameters = vec![json!({"name": parameter, "in": "path", "required": true,
            "description": prose(&mut rng), "schema": {"type": "string"}})];
        for _ in 0..rng.below(4) {
            let name = NAMES[rng.below(NAMES.len())];
            parameters.push(json!({"name": name, "in": "query", "required": rng.below(2) == 0,
                "description": prose(&mut rng), "schema": property_type(&mut rng, &all)}));
        }
        let mut operation = json!({
            "operationId": NAMES[rng.below(NAMES.len())],
            "summary": prose(&mut rng),
            "description": prose(&mut rng),
            "tags": [tag],
            "parameters": parameters,
            "responses": {
                "200": {"description": prose(&mut rng), "content": {"application/json": {
                    "schema": property_type(&mut rng, &all)}}},
                "404": {"description": prose(&mut rng), "content": {"application/json": {
                    "schema": reference(&all[rng.below(all.len())])}}},
                "default": {"description": prose(&mut rng)},
            },
        });
        if rng.below(2) == 0 {
            operation["responses"]["201"] = json!({"description": prose(&mut rng),
                "content": {"application/json": {"schema": reference("Nested")}}});
        }
        let method = ["get", "post", "put", "patch", "delete"][rng.below(5)];
        if method != "get" && method != "delete" {
            operation["requestBody"] = json!({"required": rng.below(2) == 0,
                "description": prose(&mut rng),
                "content": {"application/json": {"schema": reference(&all[rng.below(all.len())])}}});
        }
        paths.insert(format!("/t{index}/{{{parameter}}}"), json!({ method: operation }));
    }

    let mut webhooks = Map::new();
    let payloads = ["Big", "", "名前Holder", "Nested"];
    for (index, event) in
        ["big", "small", "名前\u{202E}", "Event", "cr\rlf", "a\"b"].iter().enumerate()
    {
        let schema = match payloads.get(index) {
            Some(&"") | None => json!({"type": "string"}),
            Some(name) => reference(name),
        };
        webhooks.insert(
            (*event).to_owned(),
            json!({"post": {"description": prose(&mut rng), "requestBody": {"content": {
                "application/json": {"schema": schema}}},
                "responses": {"200": {"description": prose(&mut rng)}}}}),
        );
    }

    json!({
        "openapi": "3.1.0",
        "info": {
            // Always control characters and line breaks, which `Cargo.toml` must escape
            // (and cargo cannot pass on a NUL), besides the random prose.
            "title": format!("Hostile {seed}: {} {} {}", PROSE[4], PROSE[5], prose(&mut rng)),
            "version": prose(&mut rng),
            "description": prose(&mut rng),
        },
        "servers": [{"url": "https://example.com/v1\r\u{202E}\"", "description": prose(&mut rng)}],
        "tags": tags.iter().map(|tag| json!({"name": tag, "description": "x\u{202E}\r"})).collect::<Vec<_>>(),
        "security": [{"key\rname": []}],
        "paths": paths,
        "webhooks": webhooks,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "key\rname": {"type": "http", "scheme": "bearer", "bearerFormat": "J\rWT\u{202E}",
                    "description": prose(&mut rng)},
                "Données\u{2066}": {"type": "apiKey", "in": "header", "name": "X-K\"ey",
                    "description": prose(&mut rng)},
                "self": {"type": "http", "scheme": "basic"},
            },
        },
    })
}

/// A union whose alternatives each declare the one value of the tag property `name`
/// (drawn from [`NAMES`]) that stands for them.
fn tagged_union(
    rng: &mut Rng,
    schemas: &mut Map<String, Value>,
    name: &str,
    index: usize,
    description: &str,
) -> Value {
    let property = NAMES[rng.below(NAMES.len())];
    let mut alternatives = Vec::new();
    let mut values: Vec<&str> = Vec::new();
    for alternative in 0..2 + rng.below(2) {
        let value = NAMES[rng.below(NAMES.len())];
        if values.contains(&value) {
            continue;
        }
        values.push(value);
        let alternative_name = format!("{name}{index}\u{202E}{alternative}");
        schemas.insert(
            alternative_name.clone(),
            json!({"type": "object", "required": [property], "properties": {
                property: {"type": "string", "enum": [value]},
                "other": {"type": "string", "description": prose(rng)},
            }}),
        );
        alternatives.push(reference(&alternative_name));
    }
    json!({"description": description, "oneOf": alternatives,
        "discriminator": {"propertyName": property}})
}

/// A property or parameter schema: a primitive, a reference, or containers of them.
fn property_type(rng: &mut Rng, named: &[String]) -> Value {
    match rng.below(9) {
        0 => json!({"type": "string", "description": prose(rng)}),
        1 => json!({"type": "integer", "format": "int32"}),
        2 => json!({"type": ["boolean", "null"]}),
        3 => json!({"type": "string", "format": "date-time"}),
        4 | 5 if !named.is_empty() => reference(&named[rng.below(named.len())]),
        6 if !named.is_empty() => {
            json!({"type": "array", "items": reference(&named[rng.below(named.len())])})
        }
        7 => json!({"type": "object", "additionalProperties": {"type": "array", "items": {
            "type": ["array", "null"], "items": {"type": "string", "format": "uuid"}}}}),
        _ => json!({"type": "string", "enum": [NAMES[rng.below(NAMES.len())], "plain"]}),
    }
}

/// One to three prose fragments, joined.
fn prose(rng: &mut Rng) -> String {
    let count = 1 + rng.below(3);
    (0..count).map(|_| PROSE[rng.below(PROSE.len())]).collect::<Vec<_>>().join(" ")
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// `{"$ref": ...}` to a component schema, its name escaped for a JSON pointer and then
/// percent-encoded for a URI fragment.
fn reference(name: &str) -> Value {
    let mut fragment = String::from("#/components/schemas/");
    for byte in name.replace('~', "~0").replace('/', "~1").bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            fragment.push(byte as char);
        } else {
            fragment.push_str(&format!("%{byte:02X}"));
        }
    }
    json!({"$ref": fragment})
}

fn write(dir: &Path, files: &generator::emit::Files) {
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("the old crate can be removed");
    }
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("files are in a folder"))
            .expect("the scratch folder is writable");
        std::fs::write(&path, text).expect("the scratch folder is writable");
    }
}

/// `cargo clippy -- -D warnings` in `dir`; `Err` holds what it printed.
fn clippy(dir: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(&cargo)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", tests::workspace_root().join("target").join("standalone-target"))
        .args(["clippy", "--quiet", "--", "-D", "warnings"])
        .output()
        .expect("runs cargo clippy");
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{}:\n{}", dir.display(), String::from_utf8_lossy(&output.stderr)))
    }
}

/// `rustfmt --check` on the crate root `lib` (and the modules it declares).
fn rustfmt(lib: &Path) -> Result<(), String> {
    let output = Command::new("rustfmt")
        .args(["--check", "--edition", "2024", "--config-path"])
        .arg(tests::workspace_root().join(".rustfmt.toml"))
        .arg(lib)
        .output()
        .expect("runs rustfmt");
    if output.status.success() {
        Ok(())
    } else {
        let diff = String::from_utf8_lossy(&output.stdout);
        let shown: Vec<&str> = diff.lines().take(200).collect();
        Err(format!("rustfmt would change {}:\n{}", lib.display(), shown.join("\n")))
    }
}

#[test]
fn hostile_names_generate_crates_that_pass_clippy() {
    let seeds: Vec<u64> = match std::env::var("HOSTILE_SEED") {
        Ok(seed) => vec![seed.parse().expect("HOSTILE_SEED is a number")],
        Err(_) => SEEDS.to_vec(),
    };
    let scratch = tests::workspace_root().join("target").join("hostile-crates");
    std::fs::create_dir_all(&scratch).expect("the scratch folder is writable");
    let mut models = Vec::new();
    for seed in &seeds {
        let source = format!("hostile-{seed}.json");
        let text = serde_json::to_string_pretty(&document(*seed)).expect("serialises");
        std::fs::write(scratch.join(&source), &text).expect("the scratch folder is writable");
        let model = generator::model_from_str(Path::new(&source), text)
            .unwrap_or_else(|report| panic!("{source} (in {}): {report}", scratch.display()));
        models.push((format!("hostile_{seed}"), source, model));
    }

    let standalone = generator::emit::standalone_crate("hostile", &models[0].2.api, &models[0].1);
    let modules: Vec<generator::emit::SpecModule<'_>> = models
        .iter()
        .map(|(name, source, model)| generator::emit::SpecModule {
            name: name.clone(),
            api: &model.api,
            source: source.clone(),
        })
        .collect();
    let several = generator::emit::workspace_crate("hostile-modules", &modules);
    for files in [&standalone, &several] {
        if let Some(error) = unparsable_file(files) {
            panic!("emitted code does not parse: {error}");
        }
    }
    let standalone_dir = scratch.join("standalone");
    write(&standalone_dir, &standalone);
    // The crate of several modules has no `[workspace]` of its own, as it is meant to be a
    // member of one; this is its workspace.
    let modules_dir = scratch.join("modules");
    write(&modules_dir.join("crate"), &several);
    std::fs::write(
        modules_dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"crate\"]\nresolver = \"3\"\n",
    )
    .expect("the scratch folder is writable");

    let failures: Vec<String> = [
        rustfmt(&standalone_dir.join("src").join("lib.rs")),
        rustfmt(&modules_dir.join("crate").join("src").join("lib.rs")),
        clippy(&standalone_dir),
        clippy(&modules_dir.join("crate")),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
