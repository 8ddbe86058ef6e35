//! One test per synthesis rule, on small inline documents, and a sweep over the corpus.

use std::path::{Path, PathBuf};

use serde_json::{Value as Json, json};

use super::validate::{Part, hides, siblings_apply, to_json};
use super::{Direction, conforms, instance};
use crate::load::{Node, load_file, load_str};

/// The root of a YAML document.
fn document(yaml: &str) -> Node {
    match load_str(Path::new("test.yaml"), yaml.to_owned()) {
        Ok(loaded) => loaded.document.root,
        Err(report) => panic!("{report}"),
    }
}

/// A 3.0 document with `schemas` (YAML indented for `components.schemas`).
fn with_schemas(version: &str, schemas: &str) -> Node {
    document(&format!(
        "openapi: {version}\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    ))
}

/// The value of the component schema `name` of a 3.0 document with `schemas`, for a request.
fn value(schemas: &str, name: &str) -> Option<Json> {
    value_in("3.0.3", schemas, name, Direction::Request)
}

/// The same for a 3.1 document.
fn value_31(schemas: &str, name: &str) -> Option<Json> {
    value_in("3.1.0", schemas, name, Direction::Request)
}

fn value_in(version: &str, schemas: &str, name: &str, direction: Direction) -> Option<Json> {
    let document = with_schemas(version, schemas);
    let schema = document.pointer(&format!("/components/schemas/{name}")).unwrap();
    let produced = instance(&document, schema, direction);
    if let Some(produced) = &produced {
        assert!(conforms(&document, schema, produced, direction), "{produced} does not conform");
    }
    produced
}

/// The value of an inline schema (YAML, a flow mapping) in a document with `schemas`.
fn inline(schemas: &str, schema: &str) -> Option<Json> {
    let document = with_schemas("3.1.0", schemas);
    let schema = self::document(schema);
    instance(&document, &schema, Direction::Request)
}

#[test]
fn refs_follow_escaped_pointers_and_chains() {
    let schemas = "
    a/b~c: {type: integer, minimum: 7}
    'with space': {type: string, format: date}
    First: {$ref: '#/components/schemas/Second'}
    Second: {$ref: '#/components/schemas/a~1b~0c'}
";
    assert_eq!(value(schemas, "First"), Some(json!(7)));
    assert_eq!(
        inline(schemas, "$ref: '#/components/schemas/with%20space'"),
        Some(json!("2024-01-02"))
    );
    assert_eq!(inline(schemas, "$ref: '#/components/schemas/Missing'"), None);
    assert_eq!(inline(schemas, "$ref: 'other.yaml#/components/schemas/First'"), None);
    // A chain that loops never reaches a schema.
    let looping = "
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
";
    assert_eq!(value(looping, "A"), None);
}

#[test]
fn siblings_of_a_ref_apply_too() {
    let schemas = "
    Base: {type: object, required: [a], properties: {a: {type: string}}}
    Extended:
      $ref: '#/components/schemas/Base'
      required: [b]
      properties: {b: {type: integer, minimum: 3}}
";
    assert_eq!(value_31(schemas, "Extended"), Some(json!({"a": "example", "b": 3})));
}

#[test]
fn keywords_beside_a_ref_mostly_do_not_apply_in_3_0() {
    let schemas = "
    Amount:
      type: object
      required: [value]
      properties: {value: {type: number}}
    Task:
      type: object
      required: [rate]
      properties:
        rate: {$ref: '#/components/schemas/Amount', type: number, description: per hour}
";
    // 3.0 ignores `type: number` beside the `$ref`; 3.1 applies it, and it contradicts.
    assert_eq!(value(schemas, "Task"), Some(json!({"rate": {"value": 1.0}})));
    assert_eq!(value_31(schemas, "Task"), None);
}

#[test]
fn huge_sizes_give_none_quickly() {
    let schemas = "
    Items: {type: array, minItems: 1000000000, items: {type: integer}}
    Text: {type: string, minLength: 1000000000}
    Repeated: {type: string, pattern: '^(a?){1000}b{1000}$', maxLength: 5}
";
    assert_eq!(value(schemas, "Items"), None);
    assert_eq!(value(schemas, "Text"), None);
    assert_eq!(value(schemas, "Repeated"), None);
}

#[test]
fn conforms_rejects_read_only_members_of_requests() {
    let document = with_schemas(
        "3.0.3",
        "    Pet: {type: object, properties: {id: {type: integer, readOnly: true}}}\n",
    );
    let pet = document.pointer("/components/schemas/Pet").unwrap();
    assert!(!conforms(&document, pet, &json!({"id": 1}), Direction::Request));
    assert!(conforms(&document, pet, &json!({"id": 1}), Direction::Response));
    assert!(conforms(&document, pet, &json!({}), Direction::Request));
}

#[test]
fn a_nullable_ref_gives_the_target_or_null_when_it_recurses() {
    let schemas = "
    Day: {type: string, format: date}
    Token:
      type: object
      required: [expiry]
      properties:
        expiry: {$ref: '#/components/schemas/Day', nullable: true}
    Tree:
      type: object
      required: [parent]
      properties:
        parent: {$ref: '#/components/schemas/Tree', nullable: true}
    WrappedTree:
      type: object
      required: [parent]
      properties:
        parent:
          nullable: true
          allOf: [{$ref: '#/components/schemas/WrappedTree'}]
";
    assert_eq!(value(schemas, "Token"), Some(json!({"expiry": "2024-01-02"})));
    assert_eq!(value(schemas, "Tree"), Some(json!({"parent": null})));
    assert_eq!(value(schemas, "WrappedTree"), Some(json!({"parent": null})));
}

#[test]
fn type_lists_take_the_first_non_null_type() {
    let schemas = "
    NullFirst: {type: ['null', string], maxLength: 3}
    Number: {type: [integer, 'null'], minimum: 5}
    OnlyNull: {type: 'null'}
    Nullable30: {type: string, nullable: true, format: uuid}
";
    assert_eq!(value_31(schemas, "NullFirst"), Some(json!("exa")));
    assert_eq!(value_31(schemas, "Number"), Some(json!(5)));
    assert_eq!(value_31(schemas, "OnlyNull"), Some(Json::Null));
    assert_eq!(value(schemas, "Nullable30"), Some(json!("123e4567-e89b-12d3-a456-426614174000")));
}

#[test]
fn examples_defaults_and_enums_come_first_when_valid() {
    let schemas = "
    WithExample: {type: string, example: hello, default: bye, enum: [bye, hello]}
    WithDefault: {type: integer, default: 42}
    InvalidExample: {type: integer, minimum: 10, example: 'ten', default: 3}
    FirstEnum: {type: string, enum: [red, green]}
    SkipsInvalidEnum: {type: string, enum: [1, blue]}
    NoValidEnum: {type: string, enum: [1, 2]}
    Const: {const: fixed}
    Examples31: {type: integer, examples: ['a', 5, 6]}
    NullableEnum: {type: string, nullable: true, enum: [a]}
";
    assert_eq!(value(schemas, "WithExample"), Some(json!("hello")));
    assert_eq!(value(schemas, "WithDefault"), Some(json!(42)));
    assert_eq!(value(schemas, "InvalidExample"), Some(json!(10)));
    assert_eq!(value(schemas, "FirstEnum"), Some(json!("red")));
    assert_eq!(value(schemas, "SkipsInvalidEnum"), Some(json!("blue")));
    assert_eq!(value(schemas, "NoValidEnum"), None);
    assert_eq!(value_31(schemas, "Const"), Some(json!("fixed")));
    assert_eq!(value_31(schemas, "Examples31"), Some(json!(5)));
    assert_eq!(value(schemas, "NullableEnum"), Some(json!("a")));
}

#[test]
fn an_enclosing_example_fills_properties_when_it_is_not_valid_as_a_whole() {
    let schemas = "
    Pet:
      type: object
      required: [id, name, status]
      properties:
        id: {type: integer, readOnly: true}
        name: {type: string}
        status: {type: string, enum: [available, sold]}
      example: {id: 10, name: doggie, status: sold}
";
    // `id` is read-only, so the example is not a valid request body; its other members are.
    assert_eq!(value(schemas, "Pet"), Some(json!({"name": "doggie", "status": "sold"})));
    let response = value_in("3.0.3", schemas, "Pet", Direction::Response);
    assert_eq!(response, Some(json!({"id": 10, "name": "doggie", "status": "sold"})));
}

#[test]
fn all_of_merges_properties_and_every_required_list() {
    let schemas = "
    Base:
      type: object
      required: [id]
      properties:
        id: {type: integer, minimum: 100}
        note: {type: string}
    Named:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [name]
          properties:
            name: {type: string, minLength: 9}
      required: [note]
    Narrowed:
      allOf:
        - {type: integer, minimum: 3}
        - {type: integer, maximum: 10, multipleOf: 4}
";
    assert_eq!(
        value(schemas, "Named"),
        Some(json!({"id": 100, "name": "exampleaa", "note": "example"}))
    );
    assert_eq!(value(schemas, "Narrowed"), Some(json!(4)));
}

#[test]
fn unions_take_the_first_alternative_that_works() {
    let schemas = "
    Either:
      oneOf:
        - {type: integer, minimum: 5, maximum: 1}
        - {type: string, format: email}
    Nullable31:
      oneOf: [{type: 'null'}, {type: boolean}]
    AnyOf:
      anyOf: [{type: object, required: [a], properties: {a: {type: boolean}}}, {type: string}]
    Ambiguous:
      oneOf:
        - {type: string, maxLength: 3}
        - {type: string}
";
    assert_eq!(value_31(schemas, "Either"), Some(json!("user@example.com")));
    assert_eq!(value_31(schemas, "Nullable31"), Some(json!(true)));
    assert_eq!(value_31(schemas, "AnyOf"), Some(json!({"a": true})));
    // `"exa"` would match both alternatives of the `oneOf`; `"example"` only the second.
    assert_eq!(value_31(schemas, "Ambiguous"), Some(json!("example")));
}

#[test]
fn constraint_only_alternatives_are_satisfied() {
    // GitHub's check runs: the alternatives only narrow a property's `enum` and require
    // members, which the value must then carry.
    let schemas = "
    Create:
      type: object
      required: [name]
      properties:
        name: {type: string}
        status: {type: string, enum: [queued, in_progress, completed]}
        conclusion: {type: string, enum: [success, failure]}
      oneOf:
        - properties: {status: {enum: [completed]}}
          required: [status, conclusion]
        - properties: {status: {enum: [queued, in_progress]}}
    Update:
      type: object
      properties:
        status: {type: string, enum: [completed, queued]}
        conclusion: {type: string, enum: [success, failure]}
      anyOf:
        - properties: {status: {enum: [completed]}}
          required: [status, conclusion]
        - properties: {status: {enum: [queued]}}
          required: [status]
    Bare:
      oneOf:
        - required: [kind]
          properties: {kind: {enum: [a]}}
        - required: [other]
";
    assert_eq!(
        value(schemas, "Create"),
        Some(json!({"name": "example", "status": "completed", "conclusion": "success"}))
    );
    assert_eq!(
        value(schemas, "Update"),
        Some(json!({"status": "completed", "conclusion": "success"}))
    );
    assert_eq!(value(schemas, "Bare"), Some(json!({"kind": "a"})));
}

#[test]
fn a_discriminator_names_the_chosen_alternative() {
    let schemas = "
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: petType
        mapping:
          kitty: '#/components/schemas/Cat'
          doggo: Dog
    Unmapped:
      oneOf:
        - $ref: '#/components/schemas/Dog'
      discriminator: {propertyName: petType}
    Cat:
      type: object
      required: [petType, lives]
      properties:
        petType: {type: string}
        lives: {type: integer, minimum: 9}
    Dog:
      type: object
      required: [petType, bark]
      properties:
        petType: {type: string}
        bark: {type: boolean}
    Animal:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
      discriminator:
        propertyName: kind
        mapping:
          lizard: '#/components/schemas/Lizard'
    Lizard:
      allOf:
        - $ref: '#/components/schemas/Animal'
        - type: object
          properties:
            scales: {type: integer}
    Bird:
      allOf:
        - $ref: '#/components/schemas/Animal'
";
    assert_eq!(value(schemas, "Pet"), Some(json!({"petType": "kitty", "lives": 9})));
    assert_eq!(value(schemas, "Unmapped"), Some(json!({"petType": "Dog", "bark": true})));
    assert_eq!(value(schemas, "Lizard"), Some(json!({"kind": "lizard"})));
    assert_eq!(value(schemas, "Bird"), Some(json!({"kind": "Bird"})));
    assert_eq!(value(schemas, "Animal"), Some(json!({"kind": "Animal"})));
}

#[test]
fn strings_follow_their_format() {
    let cases = [
        ("date-time", json!("2024-01-02T03:04:05Z")),
        ("date", json!("2024-01-02")),
        ("time", json!("03:04:05Z")),
        ("duration", json!("P1D")),
        ("uuid", json!("123e4567-e89b-12d3-a456-426614174000")),
        ("email", json!("user@example.com")),
        ("uri", json!("https://example.com")),
        ("url", json!("https://example.com")),
        ("hostname", json!("example.com")),
        ("ipv4", json!("192.0.2.1")),
        ("ipv6", json!("2001:db8::1")),
        ("byte", json!("ZXhhbXBsZQ==")),
        ("binary", json!("example")),
        ("int64", json!("1")),
        ("password", json!("example")),
    ];
    for (format, expected) in cases {
        let schemas = format!("    S: {{type: string, format: {format}}}\n");
        assert_eq!(value(&schemas, "S"), Some(expected), "{format}");
    }
    let schemas = "
    Long: {type: string, minLength: 10}
    Short: {type: string, maxLength: 3}
    Empty: {type: string, maxLength: 0}
    LongUri: {type: string, format: uri, minLength: 25}
    Impossible: {type: string, minLength: 5, maxLength: 4}
    Base64Content: {type: string, contentEncoding: base64}
";
    assert_eq!(value(schemas, "Long"), Some(json!("exampleaaa")));
    assert_eq!(value(schemas, "Short"), Some(json!("exa")));
    assert_eq!(value(schemas, "Empty"), Some(json!("")));
    assert_eq!(value(schemas, "LongUri"), Some(json!("https://example.com/aaaaa")));
    assert_eq!(value(schemas, "Impossible"), None);
    assert_eq!(value_31(schemas, "Base64Content"), Some(json!("ZXhhbXBsZQ==")));
}

#[test]
fn strings_match_their_pattern() {
    let schemas = r"
    Code: {type: string, pattern: '^[a-z]{3}-[0-9]+$'}
    Padded: {type: string, pattern: '^[A-Z]+$', minLength: 4}
    Choice: {type: string, pattern: '^(json|xml)$'}
    Digits: {type: string, pattern: '^\d{4}$', maxLength: 3}
    Unanchored: {type: string, pattern: 'v[0-9]'}
    NotTriple: {type: string, pattern: '^(?!aaa$)[a-z]{3}$'}
    NotUuid: {type: string, pattern: '^(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)^[a-z][a-z0-9-]*[a-zA-Z0-9]$'}
    Lookbehind: {type: string, pattern: '(?<=a)b'}
    NeedsDigit: {type: string, pattern: '^(?=.*[0-9]).{8,}$'}
    Dated: {type: string, format: date, pattern: '^\d{4}-\d{2}-\d{2}$'}
";
    let code = value(schemas, "Code").unwrap();
    assert_eq!(code, json!("aaa-0"));
    let regex = regex::Regex::new("^[a-z]{3}-[0-9]+$").unwrap();
    assert!(regex.is_match(code.as_str().unwrap()));
    assert_eq!(value(schemas, "Padded"), Some(json!("AAAA")));
    assert_eq!(value(schemas, "Choice"), Some(json!("json")));
    assert_eq!(value(schemas, "Digits"), None);
    assert_eq!(value(schemas, "Unanchored"), Some(json!("v0")));
    // Look-aheads at the start are checked apart from the rest of the pattern.
    assert_eq!(value(schemas, "NotTriple"), Some(json!("baa")));
    assert_eq!(value(schemas, "NotUuid"), Some(json!("aa")));
    // Other look-arounds cannot be checked, so no value is offered; nor is one built to meet
    // a look-ahead that asks for more than the rest of the pattern gives.
    assert_eq!(value(schemas, "Lookbehind"), None);
    assert_eq!(value(schemas, "NeedsDigit"), None);
    // The format's value matches the pattern, and is a real date, unlike `0000-00-00`.
    assert_eq!(value(schemas, "Dated"), Some(json!("2024-01-02")));
}

#[test]
fn integers_honour_bounds_in_both_dialects() {
    let schemas = "
    Plain: {type: integer}
    AtLeast: {type: integer, minimum: 10}
    AtMost: {type: integer, maximum: -3}
    Exclusive30: {type: integer, minimum: 1, exclusiveMinimum: true}
    ExclusiveMax30: {type: integer, maximum: 0, exclusiveMaximum: true}
    Multiple: {type: integer, minimum: 10, multipleOf: 7}
    MultipleBelow: {type: integer, maximum: -1, multipleOf: 5}
    Contradiction: {type: integer, minimum: 5, maximum: 3}
    NoMultipleInside: {type: integer, minimum: 1, maximum: 6, multipleOf: 7}
    TooLargeForInt32: {type: integer, format: int32, minimum: 3000000000}
    Unsigned: {type: integer, format: uint8, maximum: -1}
";
    assert_eq!(value(schemas, "Plain"), Some(json!(1)));
    assert_eq!(value(schemas, "AtLeast"), Some(json!(10)));
    assert_eq!(value(schemas, "AtMost"), Some(json!(-3)));
    assert_eq!(value(schemas, "Exclusive30"), Some(json!(2)));
    assert_eq!(value(schemas, "ExclusiveMax30"), Some(json!(-1)));
    assert_eq!(value(schemas, "Multiple"), Some(json!(14)));
    assert_eq!(value(schemas, "MultipleBelow"), Some(json!(-5)));
    assert_eq!(value(schemas, "Contradiction"), None);
    assert_eq!(value(schemas, "NoMultipleInside"), None);
    assert_eq!(value(schemas, "TooLargeForInt32"), None);
    assert_eq!(value(schemas, "Unsigned"), None);
    let schemas_31 = "
    Exclusive31: {type: integer, exclusiveMinimum: 5}
    Between31: {type: integer, exclusiveMinimum: 5, exclusiveMaximum: 7}
    Empty31: {type: integer, exclusiveMinimum: 5, exclusiveMaximum: 6}
";
    assert_eq!(value_31(schemas_31, "Exclusive31"), Some(json!(6)));
    assert_eq!(value_31(schemas_31, "Between31"), Some(json!(6)));
    assert_eq!(value_31(schemas_31, "Empty31"), None);
}

#[test]
fn numbers_honour_bounds_and_multiples() {
    let schemas = "
    Plain: {type: number}
    AtLeast: {type: number, minimum: 2.5}
    Exclusive31: {type: number, exclusiveMinimum: 2.5}
    Between: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 0.5}
    Cents: {type: number, minimum: 1.1, multipleOf: 0.25}
    Exclusive30: {type: number, maximum: 1, exclusiveMaximum: true}
";
    assert_eq!(value_31(schemas, "Plain"), Some(json!(1.0)));
    assert_eq!(value_31(schemas, "AtLeast"), Some(json!(2.5)));
    assert_eq!(value_31(schemas, "Exclusive31"), Some(json!(3.5)));
    assert_eq!(value_31(schemas, "Between"), Some(json!(0.25)));
    assert_eq!(value_31(schemas, "Cents"), Some(json!(1.25)));
    assert_eq!(value(schemas, "Exclusive30"), Some(json!(0.0)));
}

#[test]
fn arrays_have_min_items_and_distinct_unique_items() {
    let schemas = "
    One: {type: array, items: {type: boolean}}
    Three: {type: array, minItems: 3, items: {type: integer}}
    None: {type: array, maxItems: 0, items: {type: integer}}
    Colours: {type: array, minItems: 2, uniqueItems: true, items: {type: string, enum: [red, green, blue]}}
    Words: {type: array, minItems: 3, uniqueItems: true, items: {type: string}}
    Numbers: {type: array, minItems: 2, uniqueItems: true, items: {type: integer, maximum: 1}}
    TooFew: {type: array, minItems: 3, uniqueItems: true, items: {type: boolean}}
    Tuple: {type: array, prefixItems: [{type: string, format: date}, {type: integer}], items: false}
    Untyped: {items: {type: integer, minimum: 4}}
";
    assert_eq!(value_31(schemas, "One"), Some(json!([true])));
    assert_eq!(value_31(schemas, "Three"), Some(json!([1, 1, 1])));
    assert_eq!(value_31(schemas, "None"), Some(json!([])));
    assert_eq!(value_31(schemas, "Colours"), Some(json!(["red", "green"])));
    assert_eq!(value_31(schemas, "Words"), Some(json!(["example", "example1", "example2"])));
    assert_eq!(value_31(schemas, "Numbers"), Some(json!([1, 0])));
    assert_eq!(value_31(schemas, "TooFew"), None);
    assert_eq!(value_31(schemas, "Tuple"), Some(json!(["2024-01-02", 1])));
    assert_eq!(value_31(schemas, "Untyped"), Some(json!([4])));
}

#[test]
fn objects_have_required_properties_and_min_properties() {
    let schemas = "
    Account:
      type: object
      required: [id, password, name]
      properties:
        id: {type: string, readOnly: true}
        password: {type: string, writeOnly: true, minLength: 8}
        name: {type: string}
        nickname: {type: string}
    Padded:
      type: object
      minProperties: 3
      properties:
        a: {type: integer}
      additionalProperties: {type: boolean}
    Closed:
      type: object
      required: [x]
      properties: {a: {type: integer}}
      additionalProperties: false
    Untyped:
      properties: {a: {type: integer}}
      required: [a]
    Free: {type: object}
";
    assert_eq!(value(schemas, "Account"), Some(json!({"password": "examplea", "name": "example"})));
    let response = value_in("3.0.3", schemas, "Account", Direction::Response);
    assert_eq!(response, Some(json!({"id": "example", "name": "example"})));
    assert_eq!(
        value(schemas, "Padded"),
        Some(json!({"a": 1, "additionalProp1": true, "additionalProp2": true}))
    );
    assert_eq!(value(schemas, "Closed"), None);
    assert_eq!(value(schemas, "Untyped"), Some(json!({"a": 1})));
    assert_eq!(value(schemas, "Free"), Some(json!({})));
}

#[test]
fn read_only_members_of_an_all_of_sibling_are_not_required_in_requests() {
    let schemas = "
    Stored:
      type: object
      properties:
        id: {type: string, readOnly: true}
    Item:
      allOf:
        - $ref: '#/components/schemas/Stored'
        - type: object
          required: [id, title]
          properties:
            title: {type: string}
";
    assert_eq!(value(schemas, "Item"), Some(json!({"title": "example"})));
}

#[test]
fn recursion_ends_in_empty_arrays_null_or_none() {
    let schemas = "
    Node:
      type: object
      required: [name, children]
      properties:
        name: {type: string}
        children:
          type: array
          items: {$ref: '#/components/schemas/Node'}
    NonEmpty:
      type: object
      required: [children]
      properties:
        children:
          type: array
          minItems: 1
          items: {$ref: '#/components/schemas/NonEmpty'}
    Chain:
      type: object
      required: [next]
      properties:
        next: {$ref: '#/components/schemas/Chain'}
    Optional:
      type: object
      properties:
        next: {$ref: '#/components/schemas/Optional'}
    Expression:
      oneOf:
        - type: object
          required: [sum]
          properties:
            sum: {type: array, minItems: 2, items: {$ref: '#/components/schemas/Expression'}}
        - {type: integer}
    Wrapper:
      type: object
      required: [inner]
      properties:
        inner: {$ref: '#/components/schemas/Expression'}
";
    assert_eq!(value(schemas, "Node"), Some(json!({"name": "example", "children": []})));
    assert_eq!(value(schemas, "NonEmpty"), None);
    assert_eq!(value(schemas, "Chain"), None);
    assert_eq!(value(schemas, "Optional"), Some(json!({})));
    // `sum` would recurse into the union itself, so its second alternative is taken.
    assert_eq!(value(schemas, "Expression"), Some(json!(1)));
    assert_eq!(value(schemas, "Wrapper"), Some(json!({"inner": 1})));
}

#[test]
fn a_schema_that_allows_anything_gives_a_string() {
    let document = with_schemas("3.1.0", "    Any: {}\n    Described: {description: anything}\n");
    assert_eq!(
        instance(
            &document,
            &document.pointer("/components/schemas/Any").unwrap().clone(),
            Direction::Request
        ),
        Some(json!("example"))
    );
    assert_eq!(
        value_31("    Described: {description: anything}\n", "Described"),
        Some(json!("example"))
    );
    assert_eq!(inline("    A: {}\n", "true"), Some(json!("example")));
    assert_eq!(inline("    A: {}\n", "false"), None);
    assert_eq!(value_31("    NotString: {not: {type: string}}\n", "NotString"), Some(json!(1)));
}

#[test]
fn an_empty_object_of_a_form_body_gets_a_member() {
    // Stripe's account sessions: `components` is required and all its members are optional;
    // `{}` would not be sent at all in a form.
    let yaml = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /sessions:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [components]
              properties:
                components:
                  type: object
                  properties:
                    onboarding:
                      anyOf:
                        - type: object
                          required: [enabled]
                          properties: {enabled: {type: boolean}}
                        - {type: string, enum: ['']}
      responses:
        '200': {description: ok}
";
    let document = document(yaml);
    let model = crate::model_from_str(Path::new("test.yaml"), yaml.to_owned())
        .unwrap_or_else(|report| panic!("{report}"));
    let cases = super::cases(&document, &model.api);
    assert_eq!(cases[0].body, Some(json!({"components": {"onboarding": {"enabled": true}}})));
}

#[test]
fn petstore_pet() {
    let path = corpus().join("oai-petstore.yaml");
    if !path.is_file() {
        eprintln!("skipped: {} is not there", path.display());
        return;
    }
    let document = load_file(&path).unwrap_or_else(|report| panic!("{report}")).document.root;
    let pet = document.pointer("/components/schemas/Pet").unwrap();
    assert_eq!(
        instance(&document, pet, Direction::Request),
        Some(json!({"id": 1, "name": "example"}))
    );
    let pets = document.pointer("/components/schemas/Pets").unwrap();
    assert_eq!(
        instance(&document, pets, Direction::Response),
        Some(json!([{"id": 1, "name": "example"}]))
    );
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus")
}

/// Every schema of `components.schemas` of every corpus document, in both directions: no
/// panic, at least 95% give a value, and each value is valid for the `jsonschema` crate too
/// (after turning the 3.0 dialect into JSON Schema 2020-12).
#[test]
fn corpus_schemas_yield_values() {
    let root = corpus();
    let mut paths = Vec::new();
    for dir in [root.clone(), root.join("openapi-3.1")] {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")) {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let (mut total, mut failed, mut checked, mut rejected) = (0, 0, 0, 0);
    for path in &paths {
        let document = load_file(path).unwrap_or_else(|report| panic!("{report}")).document.root;
        let Some(schemas) = document.pointer("/components/schemas").and_then(Node::as_object)
        else {
            continue;
        };
        let started = std::time::Instant::now();
        let mut none = Vec::new();
        let mut disagreements = Vec::new();
        for direction in [Direction::Request, Direction::Response] {
            // One object with a member per schema, checked at once against a schema with a
            // property per schema: `jsonschema` compiles the document once.
            let mut produced = serde_json::Map::new();
            let mut properties = serde_json::Map::new();
            for (name, schema) in schemas {
                total += 1;
                let Some(value) = instance(&document, schema, direction) else {
                    failed += 1;
                    none.push(format!("{name} ({direction:?})"));
                    continue;
                };
                let pointer =
                    crate::load::Pointer::root().join("components").join("schemas").join(name);
                let reference = format!("urn:document{}", percent_encode(pointer.as_str()));
                properties.insert(name.clone(), json!({"$ref": reference}));
                produced.insert(name.clone(), value);
            }
            let converted = json_schema(&document, &document, direction);
            let registry = jsonschema::Registry::new()
                .draft(jsonschema::Draft::Draft202012)
                .add("urn:document", &converted)
                .and_then(|builder| builder.prepare())
                .unwrap();
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .with_registry(&registry)
                .should_validate_formats(true)
                .build(&json!({"type": "object", "properties": properties}))
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            checked += produced.len();
            // The check is not vacuous: each object schema rejects a number.
            for (name, schema) in schemas {
                if produced.contains_key(name)
                    && schema.get("type").and_then(Node::as_str) == Some("object")
                {
                    assert!(
                        !validator.is_valid(&json!({name.clone(): 0.5})),
                        "{name} accepts anything"
                    );
                }
            }
            let produced = Json::Object(produced);
            let mut names = std::collections::BTreeSet::new();
            for error in validator.iter_errors(&produced) {
                let location = error.instance_path().to_string();
                let name = location.split('/').nth(1).unwrap_or_default().to_owned();
                if names.insert(name) {
                    disagreements.push(format!("{direction:?}: {error} at {location}"));
                }
            }
            rejected += names.len();
        }
        let relative = path.strip_prefix(&root).unwrap_or(path).display();
        eprintln!(
            "{relative}: {} schemas x 2 directions, {} without a value, {} rejected by jsonschema, {:.1}s",
            schemas.len(),
            none.len(),
            disagreements.len(),
            started.elapsed().as_secs_f64()
        );
        for name in none.iter().take(20) {
            eprintln!("    none: {name}");
        }
        for disagreement in disagreements.iter().take(10) {
            eprintln!("    rejected: {disagreement}");
        }
    }
    eprintln!(
        "total: {total}, without a value: {failed}, checked by jsonschema: {checked}, rejected: {rejected}"
    );
    assert!(total > 0);
    assert!(failed * 20 <= total, "{failed} of {total} schemas gave no value");
    assert_eq!(rejected, 0, "values that jsonschema rejects");
}

/// Percent-encodes what a URI fragment cannot hold as it is.
fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"#/-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The document as JSON Schema 2020-12 sees it: 3.0 `nullable` as a `null` alternative,
/// without the keywords beside a 3.0 `$ref` that do not apply,
/// boolean `exclusiveMinimum`/`exclusiveMaximum` as numbers, and property names that the
/// direction leaves out dropped from `required` lists.
fn json_schema(document: &Node, node: &Node, direction: Direction) -> Json {
    match &node.value {
        crate::load::Value::Array(items) => {
            Json::Array(items.iter().map(|item| json_schema(document, item, direction)).collect())
        }
        crate::load::Value::Object(members) => {
            let mut out = serde_json::Map::new();
            // In 3.0, most keywords beside a `$ref` do not apply.
            let part = Part::new(node, siblings_apply(document));
            for (key, member) in members.iter().filter(|(key, _)| part.get(key).is_some()) {
                out.insert(key.clone(), json_schema(document, member, direction));
            }
            for (flag, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")]
            {
                match out.get(flag).and_then(Json::as_bool) {
                    Some(true) => {
                        if let Some(limit) = out.remove(bound) {
                            out.insert(flag.to_owned(), limit);
                        }
                    }
                    Some(false) => {
                        out.remove(flag);
                    }
                    None => {}
                }
            }
            let properties = node.get("properties").and_then(Node::as_object);
            if let (Some(Json::Array(required)), Some(properties)) =
                (out.get_mut("required"), properties)
            {
                required.retain(|name| {
                    let property = name.as_str().and_then(|name| properties.get(name));
                    !property.is_some_and(|property| hides(document, property, direction))
                });
            }
            if out.get("nullable").and_then(Json::as_bool) == Some(true) {
                out.remove("nullable");
                return json!({"anyOf": [{"type": "null"}, Json::Object(out)]});
            }
            Json::Object(out)
        }
        _ => to_json(node).unwrap_or(Json::Null),
    }
}
