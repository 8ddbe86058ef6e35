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
  = help: supported versions are OpenAPI 3.0.x and 3.1.x; convert the document first (for example with swagger2openapi)"
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
        "error: unsupported OpenAPI version `4.0.0`; supported versions are OpenAPI 3.0.x and 3.1.x
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
    assert!(missing.ends_with("= help: add `openapi: 3.0.3` or `openapi: 3.1.0`; supported versions are OpenAPI 3.0.x and 3.1.x"), "{missing}");
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
