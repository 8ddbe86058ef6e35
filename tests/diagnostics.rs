//! Bad documents get one clear message per problem: file, line, column, JSON pointer.

use std::path::Path;

fn errors(name: &str, source: &str) -> String {
    match generator::model_from_str(Path::new(name), source.to_owned()) {
        Ok(_) => panic!("{name} should not generate"),
        Err(report) => report.to_string(),
    }
}

#[test]
fn a_broken_ref_names_the_file_the_ref_and_where_it_is() {
    let source = "openapi: 3.0.3
info: {title: Broken, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        owner:
          $ref: '#/components/schemas/Owner'
";
    assert_eq!(
        errors("specs/broken.yaml", source),
        "error: `$ref` target `#/components/schemas/Owner` does not exist
  --> specs/broken.yaml:10:17
   |
10 |           $ref: '#/components/schemas/Owner'
   |                 ^
   = at: #/components/schemas/Pet/properties/owner/$ref
   = help: define `Owner` under `components/schemas`, or fix the reference"
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let source = r##"{"openapi": "3.0.3", "info": {"title": "Two", "version": "1"}, "paths": {},
"components": {"schemas": {"A": {"$ref": "#/components/schemas/Missing"}, "B": {"$ref": "#/nowhere"}}}}"##;
    let report = errors("two.json", source);
    assert_eq!(report.matches("error: ").count(), 2, "{report}");
    assert!(
        report.contains("`$ref` target `#/components/schemas/Missing` does not exist"),
        "{report}"
    );
    assert!(report.contains("`$ref` target `#/nowhere` does not exist"), "{report}");
}

#[test]
fn an_unsupported_version_says_which_are_supported() {
    let source = "swagger: '2.0'\ninfo: {title: Old, version: '1'}\npaths: {}\n";
    assert_eq!(
        errors("old.yaml", source),
        "error: Swagger 2.0 documents are not supported
 --> old.yaml:1:10
  |
1 | swagger: '2.0'
  |          ^
  = at: #/swagger
  = help: supported versions are OpenAPI 3.0.x, 3.1.x and 3.2.x; convert the document first (for example with swagger2openapi)"
    );
}

#[test]
fn a_ref_cycle_without_content_is_an_error() {
    let source = "openapi: 3.0.3
info: {title: Cycle, version: '1'}
paths: {}
components:
  schemas:
    A:
      $ref: '#/components/schemas/B'
    B:
      $ref: '#/components/schemas/A'
";
    let report = errors("cycle.yaml", source);
    assert!(
        report.starts_with(
            "error: `$ref` cycle that cannot be boxed: A, B refer to each other and never reach a schema with content\n --> cycle.yaml:7:7"
        ),
        "{report}"
    );
}

#[test]
fn an_unknown_openapi_version_says_which_are_supported() {
    assert_eq!(
        errors("new.yaml", "openapi: 4.0.0\ninfo: {title: New, version: '1'}\npaths: {}\n"),
        "error: unsupported OpenAPI version `4.0.0`; supported versions are OpenAPI 3.0.x, 3.1.x and 3.2.x
 --> new.yaml:1:10
  |
1 | openapi: 4.0.0
  |          ^
  = at: #/openapi"
    );
    let missing = errors("bare.yaml", "info: {title: Bare, version: '1'}\npaths: {}\n");
    assert!(
        missing
            .starts_with("error: the document has no `openapi` version field\n --> bare.yaml:1:1"),
        "{missing}"
    );
    assert!(missing.ends_with("= help: add `openapi: 3.0.3` or `openapi: 3.1.0`; supported versions are OpenAPI 3.0.x, 3.1.x and 3.2.x"), "{missing}");
}

fn warnings(name: &str, source: &str) -> String {
    match generator::model_from_str(Path::new(name), source.to_owned()) {
        Ok(model) => model.warnings.to_string(),
        Err(report) => panic!("{name} should generate: {report}"),
    }
}

#[test]
fn invalid_yaml_is_located() {
    assert_eq!(
        errors(
            "bad.yaml",
            "openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: '1'\npaths: {}\n"
        ),
        "error: invalid YAML: illegal placement of `:` indicator
 --> bad.yaml:4:10
  |
4 |   version: '1'
  |          ^
  = at: #/info/title/0"
    );
}

#[test]
fn invalid_json_is_located() {
    let source = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"},\n \"paths\": {\"/a\": {\"get\": }}}\n";
    assert_eq!(
        errors("bad.json", source),
        "error: expected a value, found `}`
 --> bad.json:2:26
  |
2 |  \"paths\": {\"/a\": {\"get\": }}}
  |                          ^
  = at: #/paths/~1a/get"
    );
}

#[test]
fn a_path_parameter_missing_from_the_template_is_reported_and_ignored() {
    let source = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /users:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}
";
    assert_eq!(
        warnings("path.yaml", source),
        "warning: path parameter `id` does not appear in the path template `/users`; ignoring it
 --> path.yaml:7:11
  |
7 |         - {name: id, in: path, required: true, schema: {type: string}}
  |           ^
  = at: #/paths/~1users/get/parameters/0
  = help: add `{id}` to the path, or declare the parameter `in: query`"
    );
}

#[test]
fn duplicate_operation_ids_get_distinct_methods_and_a_warning() {
    let source = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: list
      responses: {'200': {description: ok}}
  /b:
    get:
      operationId: list
      responses: {'200': {description: ok}}
";
    assert_eq!(
        warnings("dup.yaml", source),
        "warning: duplicate operationId `list`, also used by `GET /a`; this operation's method is named `list_2`
  --> dup.yaml:10:20
   |
10 |       operationId: list
   |                    ^
   = at: #/paths/~1b/get/operationId
   = help: give every operation a unique `operationId`"
    );
}

#[test]
fn a_path_that_could_leave_the_server_s_host_is_refused() {
    let source = "openapi: 3.0.3
info: {title: Steal, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  '@attacker.example/steal':
    get: {responses: {'200': {description: ok}}}
";
    assert_eq!(
        errors("steal.yaml", source),
        "error: path `@attacker.example/steal` does not start with `/`
 --> steal.yaml:6:5
  |
6 |     get: {responses: {'200': {description: ok}}}
  |     ^
  = at: #/paths/@attacker.example~1steal
  = help: a path is appended to the server URL and must start with `/` (`/users/{id}`); any other start could send the request, with its credentials, to another host"
    );
}
/// A key holding `ESC [2J` (clear the screen) and a C1 control, and a `$ref` holding a
/// right-to-left override, would act on the terminal if printed as they are: every part of
/// the diagnostic (file name, message, snippet, pointer, help) shows them as escapes, and the
/// caret still points at the value.
#[test]
fn control_characters_of_a_document_are_escaped_in_diagnostics() {
    let source = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"}, \"paths\": {},
\"components\": {\"schemas\": {\"Pet\\u001b[2J\u{9b}2J\": {\"$ref\": \"#/components/schemas/Owner\u{202e}\"}}}}
";
    assert_eq!(
        errors("specs/evil\u{1b}[2J.json", source),
        "error: `$ref` target `#/components/schemas/Owner\\u{202e}` does not exist
 --> specs/evil\\u{1b}[2J.json:2:56
  |
2 | \"components\": {\"schemas\": {\"Pet\\u001b[2J\\u{9b}2J\": {\"$ref\": \"#/components/schemas/Owner\\u{202e}\"}}}}
  |                                                             ^
  = at: #/components/schemas/Pet\\u{1b}[2J\\u{9b}2J/$ref
  = help: define `Owner\\u{202e}` under `components/schemas`, or fix the reference"
    );
}

/// Runs the generator, up to the emitted files, on a thread with the 2 MiB stack test
/// threads have by default (the `xtask` binary's main thread has 8), and gives the report.
fn on_small_stack(name: &'static str, source: String) -> Result<(), String> {
    let generate = move || match generator::model_from_str(Path::new(name), source) {
        Ok(model) => {
            generator::emit::standalone_crate("hostile", &model.api, name);
            Ok(())
        }
        Err(report) => Err(report.to_string()),
    };
    let thread = std::thread::Builder::new().stack_size(2 << 20).spawn(generate);
    thread.expect("a thread starts").join().expect("the generator does not panic")
}

/// The first `lines` lines of a report.
fn head(report: &str, lines: usize) -> String {
    report.lines().take(lines).collect::<Vec<_>>().join("\n")
}

const HOSTILE_HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";

/// Schemas reached through `$ref`s outside `components/schemas` are read where they are used,
/// one inside another: a chain of thousands used to overflow the stack. Each level here is
/// two schemas, the object and its property.
#[test]
fn a_long_chain_of_refs_outside_the_components_is_a_located_error() {
    let chain = |length: usize| {
        let mut source = format!(
            "{HOSTILE_HEAD}components:\n  schemas:\n    Root: {{$ref: '#/x-defs/a1'}}\nx-defs:\n"
        );
        for i in 1..length {
            source.push_str(&format!(
                "  a{i}: {{properties: {{next: {{$ref: '#/x-defs/a{}'}}}}}}\n",
                i + 1
            ));
        }
        source.push_str(&format!("  a{length}: {{type: string}}\n"));
        source
    };
    let report = on_small_stack("chain.yaml", chain(5_000)).unwrap_err();
    assert_eq!(
        report,
        "error: schemas nest more than 64 levels deep here, counting the `$ref`s followed on the way
  --> chain.yaml:39:28
   |
39 |   a32: {properties: {next: {$ref: '#/x-defs/a33'}}}
   |                            ^
   = at: #/x-defs/a32/properties/next
   = help: give the nested schemas names under `components/schemas`: a `$ref` to a component does not nest"
    );
    // Within the bound, the whole chain becomes one type, and its code is written.
    assert_eq!(on_small_stack("chain.yaml", chain(32)), Ok(()));
    assert!(on_small_stack("chain.yaml", chain(33)).is_err());
}

/// The same through other sections (parameters, `paths`), and with `oneOf`s, which read two
/// schemas per level.
#[test]
fn chains_of_refs_through_any_section_are_bounded() {
    let mut source = format!(
        "{HOSTILE_HEAD}components:\n  schemas:\n    Root: {{$ref: '#/components/parameters/p1/schema'}}\n  parameters:\n"
    );
    for i in 1..3_000 {
        source.push_str(&format!(
            "    p{i}: {{name: p, in: query, schema: {{oneOf: [{{$ref: '#/components/parameters/p{}/schema'}}, {{type: string}}]}}}}\n",
            i + 1
        ));
    }
    let report = on_small_stack("params.yaml", source).unwrap_err();
    assert_eq!(
        head(&report, 2),
        "error: schemas nest more than 64 levels deep here, counting the `$ref`s followed on the way
  --> params.yaml:39:48"
    );
    assert!(report.contains("= at: #/components/parameters/p32/schema/oneOf/0\n"), "{report}");
    // Reported once, not for each sibling and path that meets the bound.
    assert_eq!(report.matches("error: ").count(), 1, "{report}");
}

/// Schemas nested in place are bounded by the loader's limit on nesting, which comes first.
#[test]
fn ten_thousand_nested_one_ofs_are_a_located_error() {
    let nested = |depth: usize| {
        let mut source = format!("{HOSTILE_HEAD}components:\n  schemas:\n    A:\n");
        for level in 0..depth {
            let indent = "  ".repeat(level + 3);
            source.push_str(&format!("{indent}oneOf:\n{indent}- type: string\n{indent}-\n"));
        }
        source
    };
    let report = on_small_stack("nested.yaml", nested(10_000)).unwrap_err();
    assert_eq!(
        head(&report, 2),
        "error: mappings and sequences are nested more than 512 levels deep\n   --> nested.yaml:770:517"
    );
    let report = on_small_stack("nested.yaml", nested(200)).unwrap_err();
    assert_eq!(
        head(&report, 2),
        "error: schemas nest more than 64 levels deep here, counting the `$ref`s followed on the way\n   --> nested.yaml:197:135"
    );
}

/// Components refer to each other by name without nesting while they are read, but the model's
/// types nest, and the emitters walk them: a chain of 10,000 `oneOf`s of the next one is
/// refused where it starts.
#[test]
fn ten_thousand_components_each_inside_the_next_are_a_located_error() {
    let chain = |length: usize| {
        let mut source = format!("{HOSTILE_HEAD}components:\n  schemas:\n");
        for i in 1..length {
            source.push_str(&format!(
                "    S{i}: {{oneOf: [{{$ref: '#/components/schemas/S{}'}}, {{type: string}}]}}\n",
                i + 1
            ));
        }
        source.push_str(&format!("    S{length}: {{type: integer}}\n"));
        source
    };
    let report = on_small_stack("components.yaml", chain(10_000)).unwrap_err();
    assert_eq!(
        report,
        "error: types nest more than 512 levels deep: `S1` contains `S2`, which contains `S3`, and so on
 --> components.yaml:6:9
  |
6 |     S1: {oneOf: [{$ref: '#/components/schemas/S2'}, {type: string}]}
  |         ^
  = at: #/components/schemas/S1
  = help: shorten the chain: a type can refer to another through an array or a map only as deep as the types nest"
    );
    assert_eq!(on_small_stack("components.yaml", chain(512)), Ok(()));
    assert!(on_small_stack("components.yaml", chain(513)).is_err());
}

/// A name given by `x-rust-name` is used as written, so one that is not an identifier of the
/// case its item needs is an error at the extension.
#[test]
fn an_invalid_rust_name_is_an_error_at_the_extension() {
    let source = "openapi: 3.0.3
info: {title: Names, version: '1'}
paths:
  /pets:
    get:
      x-rust-name: listPets
      parameters:
        - {name: limit, in: query, schema: {type: integer}, x-rust-name: type}
      responses: {'204': {description: none}}
components:
  schemas:
    Pet:
      x-rust-name: pet_record
      type: object
      properties:
        id: {type: string, x-rust-name: 2fa}
        owner: {type: object, x-rust-name: Some}
";
    assert_eq!(
        errors("names.yaml", source),
        "error: `x-rust-name: pet_record` is not a Rust type name in UpperCamelCase; it names a type here
  --> names.yaml:13:20
   |
13 |       x-rust-name: pet_record
   |                    ^
   = at: #/components/schemas/Pet/x-rust-name
   = help: write ASCII letters and digits, starting with a capital letter (`PetOwner`)
error: `x-rust-name: 2fa` is not a Rust name in snake_case; it names a field here
  --> names.yaml:16:41
   |
16 |         id: {type: string, x-rust-name: 2fa}
   |                                         ^
   = at: #/components/schemas/Pet/properties/id/x-rust-name
   = help: write lower case ASCII letters and digits in words joined by `_` (`owner_id`)
error: `x-rust-name: Some` is a name the generated code uses itself; it cannot name a type
  --> names.yaml:17:44
   |
17 |         owner: {type: object, x-rust-name: Some}
   |                                            ^
   = at: #/components/schemas/Pet/properties/owner/x-rust-name
   = help: write ASCII letters and digits, starting with a capital letter (`PetOwner`)
error: `x-rust-name: listPets` is not a Rust name in snake_case; it names a method here
 --> names.yaml:6:20
  |
6 |       x-rust-name: listPets
  |                    ^
  = at: #/paths/~1pets/get/x-rust-name
  = help: write lower case ASCII letters and digits in words joined by `_` (`owner_id`)
error: `x-rust-name: type` is a Rust keyword; it cannot name a parameter
 --> names.yaml:8:74
  |
8 |         - {name: limit, in: query, schema: {type: integer}, x-rust-name: type}
  |                                                                          ^
  = at: #/paths/~1pets/get/parameters/0/x-rust-name
  = help: write lower case ASCII letters and digits in words joined by `_` (`owner_id`)"
    );
}

/// `x-rust-type` must name a type path, and in its object form one inside its crate.
#[test]
fn an_invalid_rust_type_is_an_error_at_the_extension() {
    let source = "openapi: 3.0.3
info: {title: Types, version: '1'}
paths: {}
components:
  schemas:
    When:
      type: string
      x-rust-type: '&str'
    Amount:
      type: string
      x-rust-type: {crate: rust_decimal, version: '1', path: 'decimal::Decimal'}
    Id:
      type: string
      x-rust-type: {crate: my_ids, path: 'my_ids::Id'}
";
    assert_eq!(
        errors("types.yaml", source),
        "error: `x-rust-type: &str` is not a Rust type path: only a path to a type is accepted, not a reference, tuple or other type
 --> types.yaml:8:20
  |
8 |       x-rust-type: '&str'
  |                    ^
  = at: #/components/schemas/When/x-rust-type
  = help: write the path of a type the generated crate can name, such as `chrono::DateTime<chrono::Utc>`
error: `x-rust-type` path `decimal::Decimal` is not in its crate `rust_decimal`; it must start with `rust_decimal::`
  --> types.yaml:11:62
   |
11 |       x-rust-type: {crate: rust_decimal, version: '1', path: 'decimal::Decimal'}
   |                                                              ^
   = at: #/components/schemas/Amount/x-rust-type/path
error: `x-rust-type` as an object needs `crate`, `version` and `path`, each a string
  --> types.yaml:14:20
   |
14 |       x-rust-type: {crate: my_ids, path: 'my_ids::Id'}
   |                    ^
   = at: #/components/schemas/Id/x-rust-type
   = help: write `{crate: chrono, version: '0.4', path: 'chrono::DateTime<chrono::Utc>'}`, or the path alone"
    );
}
