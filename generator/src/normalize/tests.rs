//! One test per normalisation rule, each on a small inline document.

use std::path::Path;

use crate::ir::{Api, EnumValue, Field, Primitive, Status, TypeKind, TypeRef, UnionVariant};

fn api(yaml: &str) -> Api {
    match crate::model_from_str(Path::new("test.yaml"), yaml.to_owned()) {
        Ok(model) => model.api,
        Err(report) => panic!("{report}"),
    }
}

fn warnings(yaml: &str) -> Vec<String> {
    match crate::model_from_str(Path::new("test.yaml"), yaml.to_owned()) {
        Ok(model) => located(model.warnings.diagnostics.into_iter()),
        Err(report) => panic!("{report}"),
    }
}

/// Each diagnostic as `pointer: message`.
fn located(diagnostics: impl Iterator<Item = crate::diagnostic::Diagnostic>) -> Vec<String> {
    diagnostics
        .map(|d| {
            format!(
                "{}: {}",
                d.location.map(|l| l.pointer.to_string()).unwrap_or_default(),
                d.message
            )
        })
        .collect()
}

/// A document with `schemas` (YAML indented for `components.schemas`) and no paths.
fn schemas(schemas: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

fn kind<'a>(api: &'a Api, name: &str) -> &'a TypeKind {
    match api.types.get(name) {
        Some(def) => &def.kind,
        None => panic!("no type `{name}`; types: {:?}", api.types.keys().collect::<Vec<_>>()),
    }
}

fn fields<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    match kind(api, name) {
        TypeKind::Struct(structure) => &structure.fields,
        other => panic!("`{name}` is not a struct: {other:?}"),
    }
}

fn field<'a>(api: &'a Api, name: &str, wire: &str) -> &'a Field {
    fields(api, name)
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no field `{wire}` in `{name}`"))
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

fn string() -> TypeRef {
    TypeRef::Primitive(Primitive::String)
}

fn variants(api: &Api, name: &str) -> Vec<(String, TypeRef, Option<String>)> {
    match kind(api, name) {
        TypeKind::Union(union) => union
            .variants
            .iter()
            .map(|UnionVariant { name, ty, tag_value, .. }| {
                (name.clone(), ty.clone(), tag_value.clone())
            })
            .collect(),
        other => panic!("`{name}` is not a union: {other:?}"),
    }
}

#[test]
fn refs_to_components_of_every_kind_resolve() {
    let api = api("openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /nodes/{id}:
    parameters:
      - $ref: '#/components/parameters/NodeId'
    put:
      operationId: replaceNode
      requestBody:
        $ref: '#/components/requestBodies/NodeBody'
      responses:
        '200':
          $ref: '#/components/responses/NodeResponse'
components:
  parameters:
    NodeId: {name: id, in: path, required: true, schema: {$ref: '#/components/schemas/Id'}}
  requestBodies:
    NodeBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
  responses:
    NodeResponse: {description: The node., content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}
  schemas:
    Id: {$ref: '#/components/schemas/Identifier'}
    Identifier: {type: string}
    Node: {type: object, properties: {id: {$ref: '#/components/schemas/Id'}}}
");
    let operation = &api.operations[0];
    assert_eq!((operation.name.as_str(), operation.method.as_str()), ("replace_node", "PUT"));
    assert_eq!(operation.parameters[0].wire_name, "id");
    assert_eq!(operation.parameters[0].ty, named("Id"));
    let body = operation.body.as_ref().expect("body");
    assert!(body.required);
    assert_eq!(body.contents[0].ty, Some(named("Node")));
    assert_eq!(operation.responses[0].status, Status::Code(200));
    assert_eq!(operation.responses[0].docs.as_deref(), Some("The node."));
    assert_eq!(operation.responses[0].contents[0].ty, Some(named("Node")));
    // A chain of refs: each component keeps its name, as an alias of the next.
    assert_eq!(kind(&api, "Id"), &TypeKind::Alias(named("Identifier")));
    assert_eq!(kind(&api, "Identifier"), &TypeKind::Alias(string()));
    assert_eq!(field(&api, "Node", "id").ty, named("Id"));
}

#[test]
fn recursive_types_are_boxed_where_they_contain_themselves_directly() {
    let api = api(&schemas(
        "    Node:
      type: object
      properties:
        parent: {$ref: '#/components/schemas/Node'}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        next: {$ref: '#/components/schemas/Link'}
    Link:
      type: object
      properties:
        target: {$ref: '#/components/schemas/Node'}
    Forest:
      type: array
      items: {$ref: '#/components/schemas/Forest'}
",
    ));
    assert!(field(&api, "Node", "parent").boxed);
    assert!(!field(&api, "Node", "children").boxed, "a Vec already allocates");
    assert!(field(&api, "Node", "next").boxed);
    assert!(field(&api, "Link", "target").boxed);
    // `type Forest = Vec<Forest>` is not Rust; a newtype is.
    match kind(&api, "Forest") {
        TypeKind::Newtype(newtype) => {
            assert_eq!(newtype.ty, TypeRef::Array(Box::new(named("Forest"))))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn nullable_and_description_beside_a_ref_are_honoured() {
    let api = api(&schemas(
        "    Expiry:
      oneOf: [{type: string}, {type: boolean}]
    Device: {type: object, properties: {model: {type: string}}}
    Token:
      type: object
      required: [expiry]
      properties:
        expiry:
          $ref: '#/components/schemas/Expiry'
          nullable: true
          description: When it expires.
        device:
          $ref: '#/components/schemas/Device'
        wrapped:
          allOf: [{$ref: '#/components/schemas/Device'}]
          nullable: true
        tags: {type: array, items: {type: string, nullable: true}}
        maybe: {type: [string, 'null']}
",
    ));
    let expiry = field(&api, "Token", "expiry");
    assert_eq!((&expiry.ty, expiry.required, expiry.nullable), (&named("Expiry"), true, true));
    assert_eq!(expiry.docs.as_deref(), Some("When it expires."));
    let device = field(&api, "Token", "device");
    assert_eq!((&device.ty, device.nullable), (&named("Device"), false));
    let wrapped = field(&api, "Token", "wrapped");
    assert_eq!((&wrapped.ty, wrapped.nullable), (&named("Device"), true));
    assert_eq!(
        field(&api, "Token", "tags").ty,
        TypeRef::Array(Box::new(TypeRef::Nullable(Box::new(string()))))
    );
    let maybe = field(&api, "Token", "maybe");
    assert_eq!((&maybe.ty, maybe.nullable), (&string(), true));
}

#[test]
fn presence_is_read_from_required_and_nullable() {
    let api = api(&schemas(
        "    Patch:
      type: object
      required: [a, b]
      properties:
        a: {type: string}
        b: {type: string, nullable: true}
        c: {type: string}
        d: {type: string, nullable: true}
",
    ));
    let presence: Vec<(bool, bool)> =
        fields(&api, "Patch").iter().map(|f| (f.required, f.nullable)).collect();
    assert_eq!(presence, [(true, false), (true, true), (false, false), (false, true)]);
}

#[test]
fn one_of_primitives_is_an_untagged_union() {
    let api = api(&schemas(
        "    UsersExpiryDate:
      oneOf: [{type: string}, {type: boolean}, {type: string}]
",
    ));
    assert_eq!(
        variants(&api, "UsersExpiryDate"),
        [
            ("String".to_owned(), string(), None),
            ("Bool".to_owned(), TypeRef::Primitive(Primitive::Bool), None)
        ]
    );
}

#[test]
fn one_of_refs_has_a_variant_per_ref_and_a_discriminator_tags_them() {
    let api = api(&schemas("    Dog: {type: object, properties: {kind: {type: string}}}
    Cat: {type: object, properties: {kind: {type: string}}}
    Bird: {type: object, properties: {kind: {type: string}}}
    AnyPet:
      anyOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}]
    Pet:
      oneOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Bird'}]
      discriminator:
        propertyName: kind
        mapping: {dog: '#/components/schemas/Dog', cat: Cat}
"));
    assert_eq!(
        variants(&api, "AnyPet"),
        [("Dog".to_owned(), named("Dog"), None), ("Cat".to_owned(), named("Cat"), None)]
    );
    assert_eq!(
        variants(&api, "Pet"),
        [
            ("Dog".to_owned(), named("Dog"), Some("dog".to_owned())),
            ("Cat".to_owned(), named("Cat"), Some("cat".to_owned())),
            ("Bird".to_owned(), named("Bird"), Some("Bird".to_owned())),
        ]
    );
    match kind(&api, "Pet") {
        TypeKind::Union(union) => assert_eq!(union.tag.as_deref(), Some("kind")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn without_a_mapping_an_alternative_s_single_tag_value_names_it() {
    let api = api(&schemas("    Track: {type: object, properties: {type: {type: string, enum: [track]}}}
    Episode:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - {type: object, properties: {type: {const: episode}}}
    Base: {type: object, properties: {id: {type: string}}}
    Chapter: {type: object, properties: {type: {type: string, enum: [chapter, part]}}}
    Item:
      oneOf: [{$ref: '#/components/schemas/Track'}, {$ref: '#/components/schemas/Episode'}, {$ref: '#/components/schemas/Chapter'}]
      discriminator: {propertyName: type}
"));
    let tags: Vec<Option<String>> =
        variants(&api, "Item").into_iter().map(|(_, _, tag)| tag).collect();
    assert_eq!(
        tags,
        [Some("track".to_owned()), Some("episode".to_owned()), Some("Chapter".to_owned())],
        "two values say nothing"
    );
}

#[test]
fn an_untagged_union_tries_the_variant_that_accepts_least_first() {
    let api = api(&schemas("    Loose: {type: object, properties: {note: {type: string}}}
    Pet: {type: object, required: [name], properties: {name: {type: string}}}
    Dated: {type: object, required: [name, at], properties: {name: {type: string}, at: {type: string}}}
    Value:
      oneOf:
        - {type: object, additionalProperties: true}
        - {$ref: '#/components/schemas/Loose'}
        - {$ref: '#/components/schemas/Pet'}
        - {type: string}
        - {type: number}
        - {$ref: '#/components/schemas/Dated'}
        - {type: string, format: date-time}
        - {type: integer}
"));
    let order: Vec<String> = variants(&api, "Value").into_iter().map(|(name, _, _)| name).collect();
    assert_eq!(
        order,
        ["Dated", "Pet", "Loose", "ValueMap", "DateTime", "String", "Integer", "Number"]
    );
}

#[test]
fn a_null_member_makes_a_union_nullable() {
    let api = api(&schemas(
        "    Holder:
      type: object
      properties:
        value:
          oneOf: [{type: 'null'}, {type: integer}]
",
    ));
    let value = field(&api, "Holder", "value");
    assert_eq!((&value.ty, value.nullable), (&TypeRef::Primitive(Primitive::I64), true));
}

#[test]
fn all_of_merges_members_sibling_properties_and_required() {
    let api = api(&schemas(
        "    BadRequest:
      type: object
      properties:
        type: {type: string, enum: [invalid_request_error]}
      required: [type]
      allOf:
        - $ref: '#/components/schemas/BaseError'
    BaseError:
      type: object
      properties:
        message: {type: string}
      required: [message]
    Timestamped:
      allOf:
        - $ref: '#/components/schemas/BadRequest'
        - type: object
          required: [at]
          properties:
            at: {type: string, format: date-time}
",
    ));
    let merged: Vec<(&str, bool)> =
        fields(&api, "BadRequest").iter().map(|f| (f.wire_name.as_str(), f.required)).collect();
    assert_eq!(merged, [("message", true), ("type", true)]);
    assert_eq!(field(&api, "BadRequest", "type").ty, named("BadRequestType"));
    let nested: Vec<&str> =
        fields(&api, "Timestamped").iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(nested, ["message", "type", "at"]);
    assert_eq!(field(&api, "Timestamped", "at").ty, TypeRef::Primitive(Primitive::DateTime));
}

#[test]
fn string_enums_get_identifier_names_and_a_fallback() {
    let api = api(&schemas(
        "    Key:
      type: string
      enum: [firebase-fcm, apn, '!=', Etc/GMT+0, Etc/GMT-0, ASC, asc, Unknown]
",
    ));
    let TypeKind::Enum(enumeration) = kind(&api, "Key") else { panic!("not an enum") };
    let names: Vec<(&str, &EnumValue)> =
        enumeration.variants.iter().map(|v| (v.name.as_str(), &v.value)).collect();
    let s = |v: &str| EnumValue::String(v.to_owned());
    assert_eq!(
        names,
        [
            ("FirebaseFcm", &s("firebase-fcm")),
            ("Apn", &s("apn")),
            ("NotEq", &s("!=")),
            ("EtcGmtPlus0", &s("Etc/GMT+0")),
            ("EtcGmt0", &s("Etc/GMT-0")),
            ("Asc", &s("ASC")),
            ("Asc2", &s("asc")),
            ("Unknown", &s("Unknown")),
        ]
    );
    assert_eq!(enumeration.fallback, "Other");
}

#[test]
fn integer_enums_and_given_variant_names() {
    let api = api(&schemas(
        "    Priority: {type: integer, enum: [1, -1]}
    Level:
      type: integer
      enum: [10, 20]
      x-enum-varnames: [Low, High]
      x-enum-descriptions: [Not urgent., Wake someone up.]
    Confirmed: {type: boolean, enum: [true]}
",
    ));
    let TypeKind::Enum(priority) = kind(&api, "Priority") else { panic!("not an enum") };
    let names: Vec<&str> = priority.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Value1", "Minus1"]);
    assert_eq!(priority.variants[1].value, EnumValue::Integer(-1));
    let TypeKind::Enum(level) = kind(&api, "Level") else { panic!("not an enum") };
    assert_eq!(level.variants[1].name, "High");
    assert_eq!(level.variants[1].docs.as_deref(), Some("Wake someone up."));
    assert_eq!(kind(&api, "Confirmed"), &TypeKind::Alias(TypeRef::Primitive(Primitive::Bool)));
}

#[test]
fn an_empty_enum_is_the_plain_type_with_a_warning() {
    let yaml = schemas("    Nothing: {type: string, enum: []}\n");
    assert_eq!(kind(&api(&yaml), "Nothing"), &TypeKind::Alias(string()));
    assert_eq!(
        warnings(&yaml),
        [
            "#/components/schemas/Nothing/enum: `enum: []` allows no value; generating the plain type"
        ]
    );
}

#[test]
fn free_form_values_maps_and_formats() {
    let api = api(&schemas(
        "    Anything: {}
    Metadata: {type: object}
    Labels: {type: object, additionalProperties: {type: string}}
    Record:
      type: object
      properties:
        id: {type: string, format: uuid}
        at: {type: string, format: date-time}
        day: {type: string, format: date}
        small: {type: integer, format: int32}
        big: {type: integer, format: int64}
        plain: {type: integer}
        ratio: {type: number, format: float}
        precise: {type: number, format: double}
        digest: {type: string, format: byte}
        file: {type: string, format: binary}
        uri: {type: string, format: uri}
      additionalProperties: {type: integer}
",
    ));
    assert_eq!(kind(&api, "Anything"), &TypeKind::Alias(TypeRef::Any));
    assert_eq!(kind(&api, "Metadata"), &TypeKind::Alias(TypeRef::Map(Box::new(TypeRef::Any))));
    assert_eq!(kind(&api, "Labels"), &TypeKind::Alias(TypeRef::Map(Box::new(string()))));
    let types: Vec<TypeRef> = fields(&api, "Record").iter().map(|f| f.ty.clone()).collect();
    use Primitive::*;
    let expected: Vec<TypeRef> =
        [Uuid, DateTime, Date, I32, I64, I64, F32, F64, Base64, Binary, String]
            .into_iter()
            .map(TypeRef::Primitive)
            .collect();
    assert_eq!(types, expected);
    let TypeKind::Struct(record) = kind(&api, "Record") else { panic!("not a struct") };
    let additional = record.additional.as_ref().expect("additional properties");
    assert_eq!(
        (additional.name.as_str(), &additional.ty),
        ("additional_properties", &TypeRef::Primitive(I64))
    );
}

#[test]
fn names_are_cased_escaped_and_made_unique() {
    let api = api(&schemas(
        "    usersTracking:
      type: object
      properties:
        type: {type: string}
        self: {type: string}
        authTime: {type: integer}
        auth_time: {type: integer}
        status: {type: string, enum: [active]}
        address: {type: object, properties: {city: {type: string}}}
    UsersTrackingStatus: {type: string}
",
    ));
    let names: Vec<(&str, &str)> = fields(&api, "UsersTracking")
        .iter()
        .map(|f| (f.name.as_str(), f.wire_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("r#type", "type"),
            ("self_", "self"),
            ("auth_time", "authTime"),
            ("auth_time_2", "auth_time"),
            ("status", "status"),
            ("address", "address")
        ]
    );
    // The component keeps its name; the inline enum named after the same words gets a suffix.
    assert_eq!(field(&api, "UsersTracking", "status").ty, named("UsersTrackingStatus2"));
    assert_eq!(field(&api, "UsersTracking", "address").ty, named("UsersTrackingAddress"));
    assert_eq!(kind(&api, "UsersTrackingStatus"), &TypeKind::Alias(string()));
}

#[test]
fn titles_and_descriptions_become_docs() {
    let api = api(&schemas(
        "    Documented:
      title: A documented type
      description: What it is.
      type: object
      properties:
        a: {description: The field., type: string}
    Plain:
      title: Plain
      description: Only the description; the title repeats the name.
      type: object
      properties:
        b: {type: string}
",
    ));
    assert_eq!(api.types["Documented"].docs.as_deref(), Some("A documented type\n\nWhat it is."));
    assert_eq!(field(&api, "Documented", "a").docs.as_deref(), Some("The field."));
    assert_eq!(
        api.types["Plain"].docs.as_deref(),
        Some("Only the description; the title repeats the name.")
    );
}

#[test]
fn required_true_on_a_property_is_accepted_with_a_located_warning() {
    let yaml = schemas(
        "    Thing:\n      type: object\n      properties:\n        id: {type: string, required: true}\n",
    );
    assert!(field(&api(&yaml), "Thing", "id").required);
    assert_eq!(
        warnings(&yaml),
        [
            "#/components/schemas/Thing/properties/id/required: `required: true` on a property schema is not OpenAPI; taking the property as required"
        ]
    );
}

#[test]
fn inline_schemas_of_operations_are_named_after_the_operation() {
    let api = api("openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /users/{id}:
    patch:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: sort, in: query, schema: {type: string, enum: [asc, desc]}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
");
    let operation = &api.operations[0];
    assert_eq!(operation.name, "patch_users_by_id");
    assert_eq!(operation.parameters[1].ty, named("PatchUsersByIdSort"));
    assert_eq!(
        operation.body.as_ref().expect("body").contents[0].ty,
        Some(named("PatchUsersByIdBody"))
    );
    assert_eq!(operation.responses[0].contents[0].ty, Some(named("PatchUsersByIdResponse")));
}

#[test]
fn a_one_of_that_allows_anything_beside_all_of_changes_nothing() {
    let yaml = schemas(
        "    Task: {type: object, properties: {id: {type: string}}}
    Holder:
      type: object
      properties:
        task:
          nullable: true
          allOf: [{$ref: '#/components/schemas/Task'}]
          oneOf: [{}]
",
    );
    let api = api(&yaml);
    let task = field(&api, "Holder", "task");
    assert_eq!((&task.ty, task.nullable), (&named("Task"), true));
    assert!(warnings(&yaml).is_empty());
}

fn document_31(body: &str) -> String {
    format!("openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\n{body}")
}

#[test]
fn prefix_items_closed_by_items_false_is_a_tuple() {
    let api = api(&document_31(
        "components:
  schemas:
    Point:
      type: array
      prefixItems: [{type: number}, {type: number}, {type: [string, 'null']}]
      items: false
",
    ));
    let number = TypeRef::Primitive(Primitive::F64);
    assert_eq!(
        kind(&api, "Point"),
        &TypeKind::Alias(TypeRef::Tuple(vec![
            number.clone(),
            number,
            TypeRef::Nullable(Box::new(string()))
        ]))
    );
}

#[test]
fn open_prefix_items_degrade_to_a_list_of_values_with_a_warning() {
    let yaml = document_31(
        "components:\n  schemas:\n    Row: {type: array, prefixItems: [{type: string}]}\n",
    );
    assert_eq!(kind(&api(&yaml), "Row"), &TypeKind::Alias(TypeRef::Array(Box::new(TypeRef::Any))));
    assert_eq!(
        warnings(&yaml),
        [
            "#/components/schemas/Row/prefixItems: `prefixItems` without `items: false` allows more items than it describes; generating a list of any JSON value"
        ]
    );
}

#[test]
fn conditional_keywords_are_reported_where_they_are() {
    let yaml = document_31(
        "components:\n  schemas:\n    Thing:\n      type: object\n      properties: {a: {type: string}}\n      if: {required: [a]}\n      then: {required: [b]}\n",
    );
    assert_eq!(field(&api(&yaml), "Thing", "a").ty, string());
    assert_eq!(
        warnings(&yaml),
        [
            "#/components/schemas/Thing/if: `if` cannot be mapped to a Rust type; it is ignored here",
            "#/components/schemas/Thing/then: `then` cannot be mapped to a Rust type; it is ignored here"
        ]
    );
}

#[test]
fn a_ref_with_properties_beside_it_merges_both() {
    let api = api(&document_31(
        "components:
  schemas:
    Base: {type: object, required: [id], properties: {id: {type: string}}}
    Extended:
      $ref: '#/components/schemas/Base'
      properties:
        extra: {type: integer}
",
    ));
    let merged: Vec<(&str, bool)> =
        fields(&api, "Extended").iter().map(|f| (f.wire_name.as_str(), f.required)).collect();
    assert_eq!(merged, [("id", true), ("extra", false)]);
}

#[test]
fn webhooks_x_webhooks_and_callbacks_are_events() {
    let api = api("openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /subscriptions:
    post:
      operationId: subscribe
      responses: {'201': {description: ok}}
      callbacks:
        onData:
          '{$request.body#/callbackUrl}':
            post:
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {value: {type: integer}}}
              responses: {'200': {description: ok}}
x-webhooks:
  pet.adopted:
    post:
      summary: A pet found a home.
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Adoption'}
components:
  schemas:
    Adoption: {type: object, properties: {pet: {type: string}}}
");
    let events: Vec<(&str, &str, &TypeRef)> =
        api.webhooks.iter().map(|w| (w.name.as_str(), w.variant.as_str(), &w.payload)).collect();
    assert_eq!(
        events,
        [
            ("pet.adopted", "PetAdopted", &named("Adoption")),
            ("onData", "OnData", &named("OnDataPayload"))
        ]
    );
    assert_eq!(api.webhooks[0].docs.as_deref(), Some("A pet found a home."));
    assert_eq!(api.webhook_tag, None, "the payloads carry no property naming the event");
}

#[test]
fn a_single_valued_property_shared_by_every_payload_tags_the_events() {
    let api = api(&document_31("webhooks:
  a.created:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Created'}}}}
  a.deleted:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Deleted'}}}}
components:
  schemas:
    Created: {type: object, required: [kind, event], properties: {kind: {const: a}, event: {type: string, const: a.created}}}
    Deleted: {type: object, required: [kind, event], properties: {kind: {const: a}, event: {type: string, const: a.deleted}}}
"));
    assert_eq!(
        api.webhook_tag.as_deref(),
        Some("event"),
        "`kind` has the same value in both, so it cannot tell them apart"
    );
    let tags: Vec<Option<&str>> = api.webhooks.iter().map(|w| w.tag_value.as_deref()).collect();
    assert_eq!(tags, [Some("a.created"), Some("a.deleted")]);
}

#[test]
fn security_requirements_pick_schemes_by_index() {
    let api = api("openapi: 3.0.3
info: {title: T, version: '1'}
security: [{token: []}]
paths:
  /a:
    get: {responses: {'200': {description: ok}}}
  /b:
    get: {security: [], responses: {'200': {description: ok}}}
  /c:
    get: {security: [{key: []}, {}], responses: {'200': {description: ok}}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer, bearerFormat: JWT}
    key: {type: apiKey, in: header, name: X-Key}
    mtls: {type: mutualTLS}
");
    let security: Vec<&Vec<Vec<usize>>> = api.operations.iter().map(|o| &o.security).collect();
    assert_eq!(security, [&vec![vec![0]], &vec![], &vec![vec![1], vec![]]]);
    let setters: Vec<&str> = api.security_schemes.iter().map(|s| s.setter.as_str()).collect();
    assert_eq!(setters, ["token", "key"]);
}

#[test]
fn a_client_credentials_flow_gets_setters_and_operations_the_scopes_they_ask() {
    let yaml = "openapi: 3.0.3
info: {title: T, version: '1'}
security: [{oauth: [read]}]
paths:
  /a:
    get: {responses: {'200': {description: ok}}}
  /b:
    get: {security: [{oauth: [write, read]}, {oauth: [admin, read]}], responses: {'200': {description: ok}}}
  /c:
    get: {security: [{oauth: []}, {implicit: [read]}], responses: {'200': {description: ok}}}
components:
  securitySchemes:
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: /oauth/token, scopes: {}}}}
    implicit: {type: oauth2, flows: {implicit: {authorizationUrl: 'https://a.example/auth', scopes: {}}}}
";
    let api = api(yaml);
    let scopes: Vec<Vec<(usize, Vec<String>)>> = api
        .operations
        .iter()
        .map(|o| o.scopes.iter().map(|s| (s.scheme, s.scopes.clone())).collect())
        .collect();
    let owned = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        scopes,
        [vec![(0, owned(&["read"]))], vec![(0, owned(&["write", "read", "admin"]))], vec![],],
        "merged per scheme; none for a scheme without the flow"
    );
    let flows: Vec<Option<(&str, &str, &str)>> = api
        .security_schemes
        .iter()
        .map(|s| {
            s.client_credentials
                .as_ref()
                .map(|f| (f.token_url.as_str(), f.setter.as_str(), f.post_setter.as_str()))
        })
        .collect();
    assert_eq!(
        flows,
        [Some(("/oauth/token", "oauth_client_credentials", "oauth_client_secret_post")), None]
    );
}

#[test]
fn a_token_url_that_could_be_misread_gets_no_client_credentials() {
    let scheme = |url: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: T, version: '1'}}
paths: {{}}
components:
  securitySchemes:
    oauth: {{type: oauth2, flows: {{clientCredentials: {{tokenUrl: '{url}', scopes: {{}}}}}}}}
"
        )
    };
    for good in ["https://auth.example.com/token", "http://localhost:8080/token", "/token"] {
        let api = api(&scheme(good));
        assert!(api.security_schemes[0].client_credentials.is_some(), "{good}");
        assert_eq!(warnings(&scheme(good)), Vec::<String>::new(), "{good}");
    }
    let bad = [
        ("https://user@evil.example/token", "has user information before its host"),
        (
            "https://api.example.com\\@evil.example/token",
            "holds a backslash, which URL parsers read as `/`",
        ),
        ("//evil.example/token", "is neither an absolute http(s) URL nor a path"),
        ("ftp://files.example/token", "is neither an absolute http(s) URL nor a path"),
        ("token", "is neither an absolute http(s) URL nor a path"),
        ("https:///token", "has no host"),
        ("/token#x", "has a fragment"),
    ];
    for (url, problem) in bad {
        let api = api(&scheme(url));
        assert_eq!(api.security_schemes[0].client_credentials, None, "{url}");
        assert_eq!(
            warnings(&scheme(url)),
            [format!(
                "#/components/securitySchemes/oauth/flows/clientCredentials/tokenUrl: token URL `{url}` {problem}; the client does not fetch tokens from it, and callers set a token themselves"
            )]
        );
    }
}

#[test]
fn operations_never_take_the_names_of_the_clients_own_methods() {
    let yaml = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /builder:
    post: {operationId: builder, responses: {'204': {description: ok}}}
  /send:
    post: {operationId: sendRaw, responses: {'204': {description: ok}}}
";
    let names: Vec<String> = api(yaml).operations.into_iter().map(|o| o.name).collect();
    assert_eq!(names, ["builder_2", "send_raw_2"]);
    assert_eq!(
        warnings(yaml),
        [
            "#/paths/~1builder/post/operationId: duplicate operationId `builder`, also used by the client's own method of that name; this operation's method is named `builder_2`",
            "#/paths/~1send/post/operationId: duplicate operationId `sendRaw`, also used by the client's own method of that name; this operation's method is named `send_raw_2`"
        ]
    );
}

#[test]
fn parameter_styles_are_read_with_their_locations_defaults() {
    use crate::ir::Style;
    let yaml = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, style: label, schema: {type: array, items: {type: string}}}
        - {name: created, in: query, style: deepObject, explode: true, schema: {type: object, properties: {gte: {type: integer}}}}
        - {name: words, in: query, style: spaceDelimited, schema: {type: array, items: {type: string}}}
        - {name: tags, in: query, style: pipeDelimited, explode: true, schema: {type: array, items: {type: string}}}
        - {name: plain, in: query, schema: {type: string}}
        - {name: next, in: query, allowReserved: true, schema: {type: string}}
        - {name: where, in: query, content: {application/json: {schema: {type: object}}}}
        - {name: X-Ids, in: header, explode: true, schema: {type: array, items: {type: integer}}}
        - {name: session, in: cookie, schema: {type: string}}
      responses: {'204': {description: ok}}
";
    assert_eq!(warnings(yaml), Vec::<String>::new());
    let api = api(yaml);
    let styles: Vec<(&str, Style, bool)> = api.operations[0]
        .parameters
        .iter()
        .map(|p| (p.wire_name.as_str(), p.style, p.allow_reserved))
        .collect();
    assert_eq!(
        styles,
        [
            ("id", Style::Label { explode: false }, false),
            ("created", Style::DeepObject, false),
            ("words", Style::SpaceDelimited, false),
            // Exploded, the delimited styles are the exploded `form` style.
            ("tags", Style::Form { explode: true }, false),
            ("plain", Style::Form { explode: true }, false),
            ("next", Style::Form { explode: true }, true),
            ("where", Style::Json, false),
            ("X-Ids", Style::Simple { explode: true }, false),
            ("session", Style::Form { explode: true }, false),
        ]
    );
}

#[test]
fn what_cannot_be_sent_as_asked_is_a_located_warning() {
    let yaml = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a/{id}:
    post:
      parameters:
        - {name: id, in: path, required: true, allowReserved: true, schema: {type: string}}
        - {name: X-Filter, in: header, style: deepObject, schema: {type: object}}
        - {name: note, in: query, content: {text/plain: {schema: {type: string}}}}
        - {name: rows, in: query, schema: {type: array, items: {type: object}}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties:
                name: {type: string}
                address: {type: object, properties: {city: {type: string}}}
                items: {type: array, items: {$ref: '#/components/schemas/Item'}}
                tags: {type: array, items: {type: string}}
                photo: {type: string}
                extra: {type: object}
            encoding:
              photo: {style: matrix, allowReserved: true, headers: {X-Rate: {schema: {type: integer}}}}
              extra: {style: deepObject}
      responses: {'204': {description: ok}}
components:
  schemas:
    Item: {type: object, properties: {id: {type: string}}}
";
    let at = "#/paths/~1a~1{id}/post";
    assert_eq!(
        warnings(yaml),
        [
            format!(
                "{at}/parameters/0/allowReserved: `allowReserved` applies to query parameters only; `id` is sent percent-encoded"
            ),
            format!(
                "{at}/parameters/1/style: style `deepObject` is not defined for header parameters; sending `X-Filter` in the `simple` style"
            ),
            format!(
                "{at}/parameters/2/content: parameter `note` is described by `content` of type `text/plain`; sending its value as text"
            ),
            format!(
                "{at}/parameters/3/schema: parameter `rows` holds arrays or objects inside its value, which the `form` style does not define; each is sent as its JSON text"
            ),
            format!(
                "{at}/requestBody/content/application~1x-www-form-urlencoded/encoding/photo/headers: the headers of property `photo`'s part are not sent by the client"
            ),
            format!(
                "{at}/requestBody/content/application~1x-www-form-urlencoded/encoding/photo/allowReserved: `allowReserved` is not applied to form property `photo`; its value is sent percent-encoded"
            ),
            format!(
                "{at}/requestBody/content/application~1x-www-form-urlencoded/encoding/photo/style: style `matrix` is not defined for form properties; sending `photo` in the `form` style"
            ),
            format!(
                "{at}/requestBody/content/application~1x-www-form-urlencoded/schema/properties/address: form property `address` is an object or holds objects, which the `form` style does not define; it is sent in the bracket form (`address[key]=value`, `address[0][key]=value`)"
            ),
            format!(
                "{at}/requestBody/content/application~1x-www-form-urlencoded/schema/properties/items: form property `items` is an object or holds objects, which the `form` style does not define; it is sent in the bracket form (`items[key]=value`, `items[0][key]=value`)"
            ),
        ]
    );
}

#[test]
fn alternatives_that_only_constrain_an_objects_properties_leave_the_object() {
    let yaml = schemas(
        "    CheckRun:
      type: object
      required: [name]
      properties:
        name: {type: string}
        status: {type: string, enum: [queued, completed]}
        conclusion: {type: string}
      oneOf:
        - properties: {status: {enum: [completed]}}
          required: [status, conclusion]
          additionalProperties: true
        - properties: {status: {enum: [queued]}}
    Either:
      type: object
      properties:
        name: {type: string}
      oneOf:
        - properties: {size: {type: integer}}
        - properties: {name: {enum: [a]}}
",
    );
    let api = api(&yaml);
    let names: Vec<(&str, bool)> =
        fields(&api, "CheckRun").iter().map(|f| (f.wire_name.as_str(), f.required)).collect();
    assert_eq!(names, [("name", true), ("status", false), ("conclusion", false)]);
    // An alternative with a property of its own describes another value: still a union.
    assert!(matches!(kind(&api, "Either"), TypeKind::Union(_)), "{:?}", kind(&api, "Either"));
}

/// The messages of the errors that stop `yaml` from generating, each with its pointer.
fn errors(yaml: &str) -> Vec<String> {
    match crate::model_from_str(Path::new("test.yaml"), yaml.to_owned()) {
        Ok(_) => panic!("the document should not generate"),
        Err(report) => located(report.diagnostics.into_iter().filter(|d| d.is_error())),
    }
}

#[test]
fn a_union_among_its_own_alternatives_keeps_only_those_that_lead_elsewhere() {
    let document = schemas(
        "    A:
      oneOf: [{$ref: '#/components/schemas/A'}, {type: string}]
",
    );
    assert_eq!(variants(&api(&document), "A"), [("String".to_owned(), string(), None)]);
    assert_eq!(
        warnings(&document),
        [
            "#/components/schemas/A: union `A` is among its own alternatives (through `A`): decoding would try it forever, so the alternatives that lead elsewhere take its place"
        ]
    );
}

#[test]
fn unions_that_are_each_other_s_alternatives_all_take_the_alternatives_leaving_the_cycle() {
    let document = schemas(
        "    A:
      oneOf: [{$ref: '#/components/schemas/B'}, {type: string}]
    B:
      oneOf: [{$ref: '#/components/schemas/C'}, {type: boolean}]
    C:
      $ref: '#/components/schemas/A'
",
    );
    let api = api(&document);
    let boolean = TypeRef::Primitive(Primitive::Bool);
    assert_eq!(
        variants(&api, "A"),
        [("String".to_owned(), string(), None), ("Bool".to_owned(), boolean.clone(), None)]
    );
    assert_eq!(
        variants(&api, "B"),
        [("Bool".to_owned(), boolean, None), ("String".to_owned(), string(), None)]
    );
    assert_eq!(kind(&api, "C"), &TypeKind::Alias(named("A")));
    assert_eq!(warnings(&document).len(), 2, "{:?}", warnings(&document));
}

#[test]
fn unions_with_no_alternative_outside_their_cycle_are_an_error() {
    let document = schemas(
        "    A:
      oneOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/C'}]
    B:
      anyOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/C'}]
    C:
      anyOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]
",
    );
    assert_eq!(
        errors(&document),
        [
            "#/components/schemas/A: union `A` has no alternative that is not itself or one of A, B, C: it describes no value"
        ]
    );
}

#[test]
fn a_schema_that_is_a_ref_to_itself_is_an_error() {
    let document = schemas("    A: {$ref: '#/components/schemas/A'}\n");
    assert_eq!(
        errors(&document),
        ["#/components/schemas/A/$ref: schema `A` is a `$ref` to itself and describes no value"]
    );
}

#[test]
fn a_path_that_does_not_start_with_a_slash_is_an_error() {
    let document = "openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: 'https://api.example.com'}]
x-notes: ignored
paths:
  '@attacker.example/steal': {get: {responses: {'200': {description: ok}}}}
  x-internal: {}
  /fine: {get: {responses: {'200': {description: ok}}}}
";
    assert_eq!(
        errors(document),
        [
            "#/paths/@attacker.example~1steal: path `@attacker.example/steal` does not start with `/`"
        ]
    );
}

/// A document whose only server is `server` (YAML flow).
fn served(server: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\nservers: [{server}]\npaths: {{}}\n")
}

#[test]
fn a_server_variable_without_a_default_is_an_error() {
    let document =
        served("{url: 'https://{region}.example.com', variables: {region: {enum: [eu, us]}}}");
    assert_eq!(
        errors(&document),
        ["#/servers/0/variables/region: server variable `region` has no `default`"]
    );
}

#[test]
fn the_first_server_s_url_at_its_defaults_is_the_default_base_url() {
    let document = served(
        "{url: 'https://{region}.example.com:{port}/v1/', variables: {region: {default: eu, enum: [eu, us]}, port: {default: 8443}}}",
    );
    let model = api(&document);
    assert_eq!(model.servers[0].default_url.as_deref(), Some("https://eu.example.com:8443/v1"));
    assert!(warnings(&document).is_empty(), "{:?}", warnings(&document));
    let relative = api(&served("{url: /api/v3}"));
    assert_eq!(relative.servers[0].default_url, None);
}

#[test]
fn a_server_url_that_could_be_misread_is_no_default_base_url() {
    for (url, problem) in [
        ("https://{tenant}.example.com", "uses `{tenant}`, which `variables` does not declare"),
        ("https://{tenant.example.com", "has a `{` that is never closed"),
        (
            "\"https://api.example.com\\r/v1\"",
            "holds the character \\u{d}; the client has no default base URL",
        ),
        (
            "'https://api.example.com@attacker.example'",
            "has user information before its host; the client has no default base URL",
        ),
        (
            "'https://api.example.com\\@attacker.example'",
            "holds a backslash, which URL parsers read as `/`; the client has no default base URL",
        ),
        ("'https://'", "has no host; the client has no default base URL"),
        (
            "'https://api.example.com/v1?key=1'",
            "has a query or fragment, to which no path can be appended; the client has no default base URL",
        ),
    ] {
        let quoted = if url.starts_with(['"', '\'']) { url.to_owned() } else { format!("'{url}'") };
        let document = served(&format!("{{url: {quoted}}}"));
        assert_eq!(api(&document).servers[0].default_url, None, "{url}");
        let warnings = warnings(&document);
        assert_eq!(warnings.len(), 1, "{url}: {warnings:?}");
        assert!(warnings[0].starts_with("#/servers/0/url: server URL `"), "{}", warnings[0]);
        assert!(warnings[0].ends_with(problem), "{url}: {}", warnings[0]);
    }
}

#[test]
fn a_discriminator_mapping_that_names_no_alternative_is_reported() {
    let document = schemas(
        "    Dog: {type: object, properties: {kind: {type: string}}}
    Cat: {type: object, properties: {kind: {type: string}}}
    Fish: {type: object, properties: {kind: {type: string}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Fish'}]
      discriminator:
        propertyName: kind
        mapping: {dog: '#/components/schemas/Dog', cat: Cat, bird: '#/components/schemas/Bird'}
",
    );
    assert_eq!(
        warnings(&document),
        [
            "#/components/schemas/Pet/discriminator/mapping/cat: discriminator `mapping` sends the tag value `cat` to `Cat`, which is not one of the alternatives; that value decodes as the fallback variant",
            "#/components/schemas/Pet/discriminator/mapping/bird: discriminator `mapping` sends the tag value `bird` to `#/components/schemas/Bird`, which does not exist; that value decodes as the fallback variant",
        ]
    );
}

#[test]
fn what_a_union_accepts_is_known_through_any_depth_of_unions() {
    // Forty unions deep, `D0` still accepts only strings, so an integer, which accepts no
    // string, is not moved ahead of it.
    let mut yaml =
        String::from("    U:\n      oneOf: [{$ref: '#/components/schemas/D0'}, {type: integer}]\n");
    for depth in 0..40 {
        yaml.push_str(&format!(
            "    D{depth}:\n      oneOf: [{{$ref: '#/components/schemas/D{}'}}, {{type: string, format: date}}]\n",
            depth + 1
        ));
    }
    yaml.push_str("    D40: {type: string, format: uuid}\n");
    let names: Vec<String> =
        variants(&api(&schemas(&yaml)), "U").into_iter().map(|(name, ..)| name).collect();
    assert_eq!(names, ["D0", "Integer"]);
}

#[test]
fn a_path_with_a_query_is_reported() {
    let document = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /search?kind=user: {get: {responses: {'200': {description: ok}}}}
";
    assert_eq!(
        warnings(document),
        [
            "#/paths/~1search?kind=user: path `/search?kind=user` holds a `?` or `#`, which the client sends percent-encoded as part of the path"
        ]
    );
}

/// Repeated values are dropped after their first listing, and the given names and docs stay
/// with the value they were written beside; a list of 100,000 values (every one twice) reads
/// in linear time (`cargo xtask bench` measures it).
#[test]
fn repeated_enum_values_keep_their_first_place_and_name() {
    let short = api(&schemas(
        "    Level:
      type: string
      enum: [low, high, low, mid, high]
      x-enum-varnames: [Low, High, Again, Mid, Twice]
",
    ));
    let TypeKind::Enum(level) = kind(&short, "Level") else { panic!("not an enum") };
    let names: Vec<(&str, &EnumValue)> =
        level.variants.iter().map(|v| (v.name.as_str(), &v.value)).collect();
    let s = |v: &str| EnumValue::String(v.to_owned());
    assert_eq!(names, [("Low", &s("low")), ("High", &s("high")), ("Mid", &s("mid"))]);

    let values: Vec<String> = (0..100_000).map(|i| format!("v{}", i % 50_000)).collect();
    let long_api =
        api(&schemas(&format!("    Long: {{type: string, enum: [{}]}}\n", values.join(", "))));
    let TypeKind::Enum(long) = kind(&long_api, "Long") else { panic!("not an enum") };
    assert_eq!(long.variants.len(), 50_000);
    assert_eq!(long.variants[49_999].value, s("v49999"));
}

/// A schema read through a `$ref` outside `components/schemas` is read once, however many
/// paths reach it: here each level refers twice to the next, so reading each path would
/// report the last level's warning eight times.
#[test]
fn an_unnamed_ref_target_is_read_once() {
    assert_eq!(
        warnings(&doubling(3, "  a3: {type: string, if: {}}\n")),
        ["#/x-defs/a3/if: `if` cannot be mapped to a Rust type; it is ignored here"]
    );
}

/// `levels` levels of tuples, each of two `$ref`s to the next, and `last`.
fn doubling(levels: usize, last: &str) -> String {
    let mut yaml = String::from(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Root: {$ref: '#/x-defs/a0'}\nx-defs:\n",
    );
    for level in 0..levels {
        let next = format!("{{$ref: '#/x-defs/a{}'}}", level + 1);
        yaml.push_str(&format!("  a{level}: {{prefixItems: [{next}, {next}], items: false}}\n"));
    }
    yaml.push_str(last);
    yaml
}

/// A tuple is the one unnamed type with several parts: tuples of tuples of the same schema
/// double in size at each level, and 30 levels would be 2^30 parts. The deepest tuple past
/// the bound is reported, `a17` of 2^14 - 1 parts, and is then a list, which the levels above
/// double again until `a5`.
#[test]
fn a_tuple_that_doubles_at_each_level_is_bounded() {
    let report =
        match crate::model_from_str(Path::new("t.yaml"), doubling(30, "  a30: {type: string}\n")) {
            Ok(_) => panic!("a tuple of 2^30 parts should not generate"),
            Err(report) => report,
        };
    let errors: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.message.as_str(), d.location.as_ref().map_or("", |l| l.pointer.as_str())))
        .collect();
    let message = "this tuple's type has more than 10000 parts: its items repeat schemas whose items repeat others; generating a list of any JSON value";
    assert_eq!(errors, [(message, "#/x-defs/a17"), (message, "#/x-defs/a5")]);
}

#[test]
fn shared_responses_bodies_and_parameters_are_named_after_their_components() {
    let document = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /albums:
    post:
      operationId: createAlbum
      parameters: [{$ref: '#/components/parameters/Market'}]
      requestBody: {$ref: '#/components/requestBodies/NewThing'}
      responses:
        '201': {$ref: '#/components/responses/ManyTracks'}
        '401': {$ref: '#/components/responses/Unauthorized'}
  /tracks:
    post:
      operationId: createTrack
      parameters: [{$ref: '#/components/parameters/Market'}]
      requestBody: {$ref: '#/components/requestBodies/NewThing'}
      responses:
        '201': {$ref: '#/components/responses/ManyTracks'}
        '401': {$ref: '#/components/responses/Unauthorized'}
components:
  parameters:
    Market: {name: market, in: query, schema: {type: string, enum: [ES, US]}}
  requestBodies:
    NewThing:
      content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
  responses:
    ManyTracks:
      description: tracks
      content: {application/json: {schema: {type: object, properties: {tracks: {type: array, items: {type: string}}}}}}
    Unauthorized:
      description: no
      content: {application/json: {schema: {type: object, properties: {error: {type: string}}}}}
";
    let api = api(document);
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    assert_eq!(names, ["ManyTracks", "Market", "NewThing", "Unauthorized"]);
    for operation in &api.operations {
        let types: Vec<Option<&TypeRef>> = operation
            .responses
            .iter()
            .map(|response| response.contents.first().and_then(|content| content.ty.as_ref()))
            .collect();
        assert_eq!(types, [Some(&named("ManyTracks")), Some(&named("Unauthorized"))]);
    }
}

#[test]
fn allowed_values_are_listed_only_where_the_type_does_not_list_them() {
    let api = api(&format!(
        "{}\npaths:\n  /w:\n    get:\n      parameters:\n        - {{name: order, in: query, schema: {{$ref: '#/components/schemas/Order'}}}}\n      responses: {{'204': {{description: none}}}}\n",
        schemas(
            "    Order: {type: string, enum: [asc, desc]}\n    W:\n      type: object\n      properties:\n        kind: {type: string, enum: [a, b], description: The kind.}\n        on: {type: boolean, enum: [true]}\n        ratio: {type: number, enum: [0.5, 1.5]}"
        )
        .replace("paths: {}\n", "")
    ));
    assert_eq!(field(&api, "W", "kind").docs.as_deref(), Some("The kind."));
    assert_eq!(field(&api, "W", "on").docs.as_deref(), Some("One of: `true`."));
    assert_eq!(field(&api, "W", "ratio").docs.as_deref(), Some("One of: `0.5`, `1.5`."));
    assert_eq!(api.operations[0].parameters[0].docs, None);
}

/// The types each operation's responses are read as, in document order.
fn response_types(api: &Api) -> Vec<Vec<Option<TypeRef>>> {
    api.operations
        .iter()
        .map(|operation| {
            operation
                .responses
                .iter()
                .map(|response| response.contents.first().and_then(|c| c.ty.clone()))
                .collect()
        })
        .collect()
}

/// Issue 17: Losant's `ApiTokenStatus` and `ApiTokenPatchStatus` had the same values, so a
/// status read from a token could not be sent back in a patch.
#[test]
fn inline_schemas_that_are_the_same_type_are_one_type_named_after_the_first() {
    let api = api(&schemas(
        "    Token:
      type: object
      properties:
        status: {type: string, enum: [active, inactive], description: The token's state.}
        owner: {type: object, description: Who owns it., properties: {kind: {type: string, enum: [user, app]}}}
    TokenPatch:
      type: object
      properties:
        status: {type: string, enum: [active, inactive], description: The new state.}
        owner: {type: object, description: Who will own it., properties: {kind: {type: string, enum: [user, app]}}}
        order: {type: string, enum: [inactive, active]}
        required: {type: object, required: [kind], properties: {kind: {type: string}}}
        optional: {type: object, properties: {kind: {type: string}}}
",
    ));
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Token",
            "TokenOwner",
            "TokenOwnerKind",
            "TokenPatch",
            "TokenPatchOptional",
            "TokenPatchOrder",
            "TokenPatchRequired",
            "TokenStatus",
        ]
    );
    // The members merge first, which makes their parents (`owner`) the same in turn.
    assert_eq!(field(&api, "TokenPatch", "status").ty, named("TokenStatus"));
    assert_eq!(field(&api, "TokenPatch", "owner").ty, named("TokenOwner"));
    assert_eq!(field(&api, "TokenOwner", "kind").ty, named("TokenOwnerKind"));
    // Prose does not make another type: the field's own docs stay with the field, and the
    // merged type keeps the first's (the values are the enum's variants, not listed again).
    let docs = |name: &str, wire: &str| field(&api, name, wire).docs.clone();
    assert_eq!(docs("TokenPatch", "status").as_deref(), Some("The new state."));
    assert_eq!(docs("Token", "status").as_deref(), Some("The token's state."));
    assert_eq!(docs("TokenPatch", "owner").as_deref(), Some("Who will own it."));
    let owner = api.types.get("TokenOwner").and_then(|def| def.docs.as_deref());
    assert_eq!(owner, Some("Who owns it."));
}

#[test]
fn an_inline_schema_that_is_the_same_as_a_component_is_the_component() {
    let document = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
        '404': {description: no, content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}}
components:
  schemas:
    Error: {type: object, properties: {message: {type: string}}}
    Problem: {type: object, properties: {message: {type: string}}}
";
    let api = api(document);
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    // Components are the document's names: `Problem` stays beside `Error`.
    assert_eq!(names, ["Error", "GetAResponse", "Problem"]);
    assert_eq!(response_types(&api), [[Some(named("GetAResponse")), Some(named("Error"))]]);
}

/// Names stay when a document grows: a schema added after the same one is merged into it,
/// and the types that were there keep their names.
#[test]
fn a_schema_added_later_never_renames_the_type_it_is_the_same_as() {
    let operation = |path: &str, id: &str| {
        format!(
            "  /{path}:
    get:
      operationId: {id}
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{type: object, properties: {{id: {{type: string}}}}}}}}}}}}
        '401': {{description: no, content: {{application/json: {{schema: {{type: object, properties: {{error: {{type: string}}}}}}}}}}}}
"
        )
    };
    let head = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n";
    let before = api(&format!("{head}{}", operation("b", "getB")));
    let after = api(&format!("{head}{}{}", operation("b", "getB"), operation("c", "getC")));
    let names = |api: &Api| api.types.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&before), ["GetBResponse", "GetBResponse401"]);
    assert_eq!(names(&after), names(&before));
    let types = [Some(named("GetBResponse")), Some(named("GetBResponse401"))];
    assert_eq!(response_types(&after), [types.clone(), types]);
}

/// Issue 17: `PersonalAccessTokenUpdatedEventEvent`, `CommitCommit`, `AutoMergeMergeMethod`:
/// a nested type's name said its parent's last words again.
#[test]
fn nested_types_do_not_repeat_their_parents_last_words() {
    let api = api(&schemas(
        "    UpdatedEvent:
      type: object
      properties:
        event: {type: string, const: token.updated}
    Commit:
      type: object
      properties:
        commit: {type: object, properties: {message: {type: string}}}
    GitTree:
      type: object
      properties:
        tree: {type: array, items: {type: object, properties: {path: {type: string}}}}
    AutoMerge:
      type: object
      properties:
        merge_method: {type: string, enum: [merge, squash]}
    Payment:
      type: object
      properties:
        paymentType: {type: string, enum: [card, bank]}
        type: {type: string, enum: [in, out]}
    Dispute:
      type: object
      properties:
        canceled:
          anyOf:
            - {title: canceled, type: object, properties: {at: {type: integer}}}
            - {type: string, enum: ['']}
    Status:
      type: object
      properties:
        status: {type: string, enum: [open, closed]}
        kind: {type: string, enum: [a, b]}
",
    ));
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "AutoMerge",
            "AutoMergeMethod",
            "Commit",
            "CommitDetails",
            "Dispute",
            "DisputeCanceled",
            "DisputeCanceledDetails",
            "DisputeCanceledVariant2",
            "GitTree",
            "GitTreeItem",
            // `paymentType` is not `PaymentType`: `type` would be.
            "Payment",
            "PaymentPaymentType",
            "PaymentType",
            // `StatusKind` is the name of `kind`'s type.
            "Status",
            "StatusKind",
            "StatusStatus",
            "UpdatedEvent",
            "UpdatedEventKind",
        ]
    );
    assert_eq!(field(&api, "Status", "kind").ty, named("StatusKind"));
    assert_eq!(field(&api, "Status", "status").ty, named("StatusStatus"));
    assert_eq!(
        variants(&api, "DisputeCanceled"),
        [
            ("Canceled".to_owned(), named("DisputeCanceledDetails"), None),
            ("Variant2".to_owned(), named("DisputeCanceledVariant2"), None),
        ]
    );
}

/// Issue 17: Discord's `CreateThreadBody2` and `CreateThreadBody3` were its form and
/// multipart bodies; a number said nothing of which was which.
#[test]
fn bodies_of_other_media_types_are_named_by_their_kind() {
    let document = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /threads:
    post:
      operationId: createThread
      requestBody:
        content:
          multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}
          application/json: {schema: {type: object, properties: {name: {type: string}}}}
          application/x-www-form-urlencoded: {schema: {type: object, properties: {name: {type: string}}}}
      responses:
        '200':
          description: ok
          content:
            text/plain: {schema: {type: object, properties: {id: {type: integer}}}}
            application/json: {schema: {$ref: '#/components/schemas/Thread'}}
components:
  schemas:
    Thread: {type: object, properties: {id: {type: string}}}
";
    let api = api(document);
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    // The form body is the JSON body's type: the same schema is one type.
    assert_eq!(
        names,
        ["CreateThreadBody", "CreateThreadBodyMultipart", "CreateThreadResponseText", "Thread"]
    );
    let body: Vec<Option<&TypeRef>> = api.operations[0]
        .body
        .iter()
        .flat_map(|body| body.contents.iter().map(|content| content.ty.as_ref()))
        .collect();
    let (multipart, json) = (named("CreateThreadBodyMultipart"), named("CreateThreadBody"));
    assert_eq!(body, [Some(&multipart), Some(&json), Some(&json)]);
}

/// Issue 17: GitHub's `package-visibility` parameter was `PackageVisibility2`, beside
/// `package`'s `visibility`.
#[test]
fn a_shared_component_whose_name_is_taken_adds_its_kind() {
    let document = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /packages:
    get:
      operationId: listPackages
      parameters: [{$ref: '#/components/parameters/package-visibility'}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/package'}}}}
  /user/packages:
    get:
      operationId: listUserPackages
      parameters: [{$ref: '#/components/parameters/package-visibility'}]
      responses:
        '200': {description: ok}
components:
  parameters:
    package-visibility: {name: visibility, in: query, schema: {type: string, enum: [public, private, internal]}}
  schemas:
    package: {type: object, properties: {visibility: {type: string, enum: [public, private]}}}
";
    let api = api(document);
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    assert_eq!(names, ["Package", "PackageVisibility", "PackageVisibilityParameter"]);
    for operation in &api.operations {
        assert_eq!(operation.parameters[0].ty, named("PackageVisibilityParameter"));
    }
}

/// An event stream whose `itemSchema` has the alternatives `alternatives` (YAML flow list).
fn event_stream(alternatives: &str) -> String {
    format!(
        "openapi: 3.2.0
info: {{title: T, version: '1'}}
paths:
  /chat:
    get:
      operationId: chat
      responses:
        '200':
          description: ok
          content:
            text/event-stream:
              itemSchema:
                type: object
                properties: {{data: {{type: string, contentMediaType: application/json, contentSchema: {{$ref: '#/components/schemas/Common'}}}}}}
                oneOf: {alternatives}
components:
  schemas:
    Common: {{type: object, properties: {{n: {{type: integer}}}}}}
    Usage: {{type: object, properties: {{tokens: {{type: integer}}}}}}
"
    )
}

/// `(event, variant, data)` of the keyed events of the first operation's first response.
fn keyed_events(api: &Api) -> Vec<(String, String, Option<TypeRef>)> {
    let content = &api.operations[0].responses[0].contents[0];
    content.events.iter().map(|e| (e.event.clone(), e.variant.clone(), e.data.clone())).collect()
}

#[test]
fn event_stream_alternatives_that_each_name_their_event_type_are_keyed_by_it() {
    let api = api(&event_stream(
        "[{properties: {event: {const: usage}, data: {contentMediaType: application/json, contentSchema: {$ref: '#/components/schemas/Usage'}}}}, \
          {properties: {event: {enum: [common]}}}, \
          {properties: {event: {const: note}, data: {contentMediaType: text/plain, contentSchema: {type: string}}}}, \
          {properties: {event: {const: unknown}}}]",
    ));
    assert_eq!(
        keyed_events(&api),
        [
            ("usage".to_owned(), "Usage".to_owned(), Some(named("Usage"))),
            ("common".to_owned(), "Common".to_owned(), Some(named("Common"))),
            ("note".to_owned(), "Note".to_owned(), None),
            ("unknown".to_owned(), "Unknown2".to_owned(), Some(named("Common"))),
        ]
    );
}

#[test]
fn event_stream_alternatives_the_client_cannot_tell_apart_by_event_type_are_not_keyed() {
    let unnamed = event_stream(
        "[{properties: {event: {const: usage}}}, {properties: {event: {type: string}}}]",
    );
    assert_eq!(keyed_events(&api(&unnamed)), []);
    let repeated = event_stream(
        "[{properties: {event: {const: usage}}}, {properties: {event: {const: usage}}}]",
    );
    assert_eq!(keyed_events(&api(&repeated)), []);
}

#[test]
fn operations_of_openapi_3_2_beyond_the_3_1_methods_are_left_out_with_a_warning() {
    let document = "openapi: 3.2.0
info: {title: T, version: '1'}
paths:
  /search:
    get: {operationId: search, responses: {'204': {description: ok}}}
    query: {operationId: searchByQuery, responses: {'204': {description: ok}}}
    additionalOperations:
      LINK: {operationId: link, responses: {'204': {description: ok}}}
";
    assert_eq!(
        warnings(document),
        [
            "#/paths/~1search/query: `query` operations of `/search` are left out: the client supports the methods of OpenAPI 3.1",
            "#/paths/~1search/additionalOperations: `additionalOperations` operations of `/search` are left out: the client supports the methods of OpenAPI 3.1",
        ]
    );
    let api = api(document);
    let names: Vec<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["search"]);
}
