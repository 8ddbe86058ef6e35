//! The example at the top of a crate's docs: a client built and one operation called, as a
//! doctest that compiles (`no_run`: it would need the API's server and credentials).
//!
//! The operation is the first one whose required arguments can all be written as literals,
//! so that the example is valid for any document without knowing its values.

use crate::ir::{Primitive, TypeRef};

use super::context::ApiContext;
use super::operations::{Passing, Payload, Plan, passing};

/// The `# Example` section of a crate's docs, calling the first operation of `apis` (each
/// with the Rust path of its module, `generated::courier`) that literals can call; an API
/// without one gets an example that only builds its client. `None` without an API.
pub fn crate_example(apis: &[(String, &ApiContext<'_>)]) -> Option<String> {
    let chosen = apis.iter().find_map(|(path, context)| {
        context.plans.iter().find_map(call).map(|call| (path, *context, Some(call)))
    });
    let (path, context, call) = chosen.or_else(|| apis.first().map(|(p, c)| (p, *c, None)))?;
    let api = context.api;
    let client = if !api.security_schemes.is_empty() {
        // Reads the credentials (and a base URL) from the variables its docs name, so the
        // example holds none.
        "Client::from_env()?".to_owned()
    } else if api.servers.first().and_then(|server| server.default_url.as_ref()).is_some() {
        "Client::builder().build()?".to_owned()
    } else {
        "Client::builder().base_url(\"https://api.example.com\").build()?".to_owned()
    };
    let mut lines = vec![
        "# Example".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        format!("use {path}::prelude::*;"),
        String::new(),
        "async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        format!("    let client = {client};"),
    ];
    match call {
        Some(call) => {
            lines.push(format!("    let response = client.{call}.await?;"));
            lines.push("    println!(\"{}\", response.status());".to_owned());
        }
        None => lines.push("    println!(\"{}\", client.base_url());".to_owned()),
    }
    lines.extend(["    Ok(())".to_owned(), "}".to_owned(), "```".to_owned()]);
    Some(lines.join("\n"))
}

/// The method call of `plan` with a literal for each argument (`get_user("id")`), when every
/// one can be written as one: a string, number, boolean or empty list; an optional body and
/// the optional parameters are left unset.
fn call(plan: &Plan<'_>) -> Option<String> {
    let mut arguments = Vec::new();
    for (parameter, argument) in &plan.arguments {
        arguments.push(match (passing(&parameter.ty), &parameter.ty) {
            // The argument's Rust name, which holds no character a string or a code block
            // would have to escape, as a placeholder value.
            (Passing::Str, _) => format!("\"{}\"", argument.trim_start_matches("r#")),
            (Passing::Slice, _) => "&[]".to_owned(),
            (Passing::Value, TypeRef::Primitive(Primitive::Bool)) => "false".to_owned(),
            (Passing::Value, TypeRef::Primitive(Primitive::F32 | Primitive::F64)) => {
                "1.0".to_owned()
            }
            (Passing::Value, TypeRef::Primitive(Primitive::Uuid)) => return None,
            (Passing::Value, _) => "1".to_owned(),
            (Passing::Reference, _) => return None,
        });
    }
    // An optional body is a setter of the call, left unset like the optional parameters.
    if let Some((payload, _, true)) = &plan.body {
        if *payload != Payload::Empty {
            return None;
        }
    }
    let method = &plan.operation.name;
    Some(format!("{method}({})", arguments.join(", ")))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn example_of(source: &str) -> Option<String> {
        let model = crate::model_from_str(Path::new("api.yaml"), source.to_owned())
            .map_err(|report| report.to_string())
            .expect("the document generates");
        let context = ApiContext::new(&model.api, None);
        crate_example(&[("my_api".to_owned(), &context)])
    }

    #[test]
    fn the_example_calls_the_first_operation_literals_can_call() {
        let example = example_of(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\ncomponents:\n  securitySchemes: {token: {type: http, scheme: bearer}}\n  schemas:\n    Pet: {type: object, required: [name], properties: {name: {type: string}}}\nsecurity: [{token: []}]\npaths:\n  /pets:\n    post:\n      operationId: addPet\n      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\n      responses: {'204': {description: ok}}\n  /pets/{kind}:\n    get:\n      operationId: byKind\n      parameters: [{name: kind, in: path, schema: {type: string, enum: [cat, dog]}}]\n      responses: {'204': {description: ok}}\n  /pets/{petId}/visits:\n    put:\n      operationId: visit\n      parameters:\n        - {name: petId, in: path, schema: {type: string}}\n        - {name: count, in: query, required: true, schema: {type: integer}}\n        - {name: weight, in: query, required: true, schema: {type: number}}\n        - {name: urgent, in: query, required: true, schema: {type: boolean}}\n        - {name: tags, in: query, required: true, schema: {type: array, items: {type: string}}}\n        - {name: note, in: query, schema: {type: string}}\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}\n      responses: {'204': {description: ok}}\n",
        );
        assert_eq!(
            example.as_deref(),
            Some(
                r#"# Example

```no_run
use my_api::prelude::*;

async fn example() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let response = client.visit("pet_id", 1, 1.0, false, &[]).await?;
    println!("{}", response.status());
    Ok(())
}
```"#
            )
        );
    }

    #[test]
    fn without_such_an_operation_the_example_builds_the_client_at_a_base_url() {
        let example = example_of(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /pets/{id}:\n    get:\n      parameters: [{name: id, in: path, schema: {type: string, format: uuid}}]\n      responses: {'204': {description: ok}}\n",
        );
        assert_eq!(
            example.as_deref(),
            Some(
                r#"# Example

```no_run
use my_api::prelude::*;

async fn example() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder().base_url("https://api.example.com").build()?;
    println!("{}", client.base_url());
    Ok(())
}
```"#
            )
        );
    }
}
