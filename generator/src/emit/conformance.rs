//! `tests/conformance.rs` of a standalone crate: every operation called against a mock
//! server that validates requests against the document (Stoplight Prism, which
//! `cargo xtask conformance` starts), once per documented status, checking that the client
//! decodes each answer into the documented value or error.
//!
//! Arguments are written as the JSON that [`crate::conformance`] made for them and decoded
//! into the generated types at run time, so the test also proves that the types accept
//! what the schemas allow.

use serde_json::Value as Json;

use crate::conformance::Case;
use crate::ir::{Api, Primitive, SecurityKind, Status, TypeKind, TypeRef};
use crate::naming::Scope;

use super::code::{Code, string_literal};
use super::imports::Imports;
use super::operations::{Outcome, Passing, Payload, Plan, passing};

/// The environment variable holding the mock server's URL.
pub const BASE_URL_VARIABLE: &str = "CONFORMANCE_BASE_URL";

/// The header naming each call's operation (`GET /items`) for the judging proxy of
/// `cargo xtask conformance`, which removes it before the request reaches the mock.
pub const OPERATION_HEADER: &str = "conformance-operation";

/// The header in which the judging proxy (and the express-openapi-validator judge) report what
/// they find, in the shape of Prism's `sl-violations`.
pub const VIOLATIONS_HEADER: &str = "conformance-violations";

/// The text of `tests/conformance.rs` for the crate `crate_name`, calling the operations
/// of `plans` with the arguments of `cases` (one per operation, in the same order).
pub fn conformance_test(api: &Api, crate_name: &str, plans: &[Plan<'_>], cases: &[Case]) -> Code {
    let krate = crate_name.replace('-', "_");
    let mut code = Code::new();
    code.inner_docs(&format!(
        "Calls every operation of {} against a mock server that validates each request\nagainst the document (`cargo xtask conformance` starts Stoplight Prism and sets\n`{BASE_URL_VARIABLE}`), once per documented status, and checks that the client decodes\neach answer into the documented value or error.",
        super::docs::prose(&api.title)
    ));
    code.blank();
    code.line("use std::fmt::Debug;");
    code.blank();
    // The crate's name decides where its imports sort among the others. The prelude has
    // `operations` only when the crate has that module, as the test uses it only then.
    let mut imports = Imports::new(Vec::new());
    imports.path(&format!("{krate}::prelude::*"));
    imports.path("serde::de::DeserializeOwned");
    imports.write_uses(&mut code);
    support(&mut code);

    code.blank();
    code.line("#[tokio::test]");
    code.open("async fn every_operation_conforms() {");
    code.open(&format!(
        "let Ok(base_url) = std::env::var({}) else {{",
        string_literal(BASE_URL_VARIABLE)
    ));
    code.line_fmt(format_args!(
        "panic!(\"set {BASE_URL_VARIABLE} to a mock server's URL (cargo xtask conformance does)\");"
    ));
    code.close("};");
    let mut builder = vec![".base_url(base_url)".to_owned(), ".max_retries(0)".to_owned()];
    for scheme in &api.security_schemes {
        builder.push(match scheme.kind {
            SecurityKind::Bearer { .. } => format!(".{}(\"conformance-token\")", scheme.setter),
            SecurityKind::Basic => format!(".{}(\"conformance\", \"secret\")", scheme.setter),
            SecurityKind::ApiKey { .. } => format!(".{}(\"conformance-key\")", scheme.setter),
        });
    }
    builder.push(".build()".to_owned());
    code.statement(&format!("let client = Client::builder(){};", builder.concat()));
    code.line("let client = client.expect(\"the client builds\");");
    code.line("let mut report = Report::default();");
    for plan in plans {
        let name = plan.operation.name.trim_start_matches("r#");
        code.statement(&format!(
            "let result = {}(&client, &mut report).await;",
            plan.operation.name
        ));
        code.statement(&format!("report.run({}, result);", string_literal(name)));
    }
    code.line("report.finish();");
    code.close("}");

    for (plan, case) in plans.iter().zip(cases) {
        code.blank();
        operation(&mut code, api, plan, case);
    }
    code
}

/// The helpers every conformance test has, as rustfmt lays them out.
fn support(code: &mut Code) {
    const SUPPORT: &str = r#"/// Decodes an argument from the JSON the generator made for it.
fn arg<T: DeserializeOwned>(name: &str, json: &str) -> Result<T, String> {
    serde_json::from_str(json)
        .map_err(|error| format!("`{name}` does not decode from {json}: {error}"))
}

/// Options naming the operation called for the judging proxy and asking the mock server to
/// answer with `status`.
fn judged(operation: &str, status: u16) -> RequestOptions {
    RequestOptions::new()
        .header("conformance-operation", operation)
        .header("Prefer", format!("code={status}"))
}

/// What the calls found.
#[derive(Default)]
struct Report {
    operations: usize,
    calls: usize,
    failures: Vec<String>,
    mock_faults: Vec<String>,
    skipped: Vec<String>,
}

/// What the test knows of one call besides its outcome.
struct Judged {
    /// The client decoded the answer as documented for the status asked for.
    decoded: bool,
    /// The request has a form body.
    form: bool,
    /// The document's example for this response, which the mock sends, fits its schema.
    example_valid: bool,
}

/// The starts of the `type` of the problems the judges write themselves: Prism's, and the
/// express judge's when it cannot judge or answer a call.
const JUDGE_PROBLEMS: &[&str] = &["https://stoplight.io/prism/errors#", "urn:conformance:judge#"];

/// Prism's problems that say the request is wrong; its other problems (it cannot write the
/// documented answer, say) are its own.
const REQUEST_PROBLEMS: &[&str] = &[
    "UNPROCESSABLE_ENTITY",
    "UNAUTHORIZED",
    "NO_PATH_MATCHED_ERROR",
    "NO_METHOD_MATCHED_ERROR",
    "INVALID_CONTENT_TYPE",
    "NOT_ACCEPTABLE",
];

impl Report {
    /// Records one call: it passes when the mock server finds nothing wrong with the
    /// request and the client decoded the answer as documented for `status`.
    fn check<T: Debug, E: Debug>(
        &mut self,
        operation: &str,
        status: u16,
        outcome: &Result<Response<T>, Error<E>>,
        judged: Judged,
    ) {
        let Judged { decoded, form, example_valid } = judged;
        self.calls += 1;
        let (headers, body) = match outcome {
            Ok(response) => (Some(response.headers()), response.raw_body()),
            Err(Error::Api(error)) => (Some(&error.headers), error.raw_body.as_slice()),
            Err(Error::UnexpectedResponse(response)) => {
                (Some(&response.headers), response.body.as_slice())
            }
            Err(_) => (None, &[][..]),
        };
        // Prism reports what it finds in an `sl-violations` header, or, when the document
        // has no response for invalid requests, in a problem of its own; the judging proxy
        // and the express judge in `conformance-violations`.
        let mut violations: Vec<serde_json::Value> = ["sl-violations", "conformance-violations"]
            .into_iter()
            .filter_map(|name| headers.and_then(|headers| headers.get(name)))
            .filter_map(|value| serde_json::from_slice::<Vec<_>>(value.as_bytes()).ok())
            .flatten()
            .collect();
        violations.retain(|violation| violation["severity"] == "Error");
        let (mut of_request, of_response): (Vec<_>, Vec<_>) =
            violations.iter().partition(|violation| violation["location"][0] == "request");
        let problem: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        let judge_problem = problem["type"]
            .as_str()
            .and_then(|kind| JUDGE_PROBLEMS.iter().find_map(|prefix| kind.strip_prefix(prefix)));
        // A problem that is not about the request says the judge cannot judge or answer the
        // call; what it or the proxy found wrong with the request still fails it.
        let cannot_answer = match judge_problem {
            Some(kind) if REQUEST_PROBLEMS.contains(&kind) => {
                of_request.extend(problem["validation"].as_array().into_iter().flatten());
                if of_request.is_empty() {
                    of_request.push(&problem["detail"]);
                }
                None
            }
            Some(kind) => Some(format!("({kind}): {}", problem["detail"].as_str().unwrap_or("?"))),
            None => None,
        };
        let messages = |violations: &[&serde_json::Value]| {
            violations
                .iter()
                .map(|v| v["message"].as_str().or(v.as_str()).unwrap_or("?").to_owned())
                .collect::<Vec<_>>()
                .join("; ")
        };
        // Prism cannot read an array in a form body however it is sent (repeated keys,
        // `name[]`, commas): stoplightio/prism#2473. Only that rejection is the mock's.
        let prism_cannot_read = |v: &&serde_json::Value| {
            form && v["message"].as_str().is_some_and(|m| {
                m.starts_with("Request body property") && m.ends_with("must be array")
            })
        };
        if !of_request.is_empty() && of_request.iter().all(prism_cannot_read) {
            self.mock_faults.push(format!(
                "{operation}, status {status}: Prism cannot read form arrays: {}",
                messages(&of_request)
            ));
        } else if !of_request.is_empty() {
            self.failures.push(format!(
                "{operation}, status {status}: the mock server rejects the request: {}",
                messages(&of_request)
            ));
        } else if let Some(why) = cannot_answer {
            self.mock_faults
                .push(format!("{operation}, status {status}: the mock cannot answer {why}"));
        } else if decoded {
            // Passed.
        } else if !example_valid {
            // The document's own example for this response breaks its schema.
            self.mock_faults.push(format!(
                "{operation}, status {status}: the document's example does not fit its schema"
            ));
        } else if !of_response.is_empty() {
            // Prism's static mock can answer with a body its own validator rejects: it fills a
            // string with a `pattern` or `format: byte` with "string", and copies examples
            // that disagree with their schemas. The client cannot decode what the document
            // does not allow, so such answers are counted apart, not as the client's failures.
            self.mock_faults.push(format!(
                "{operation}, status {status}: the mock answers outside the document: {}",
                messages(&of_response)
            ));
        } else {
            let described = match outcome {
                Err(Error::UnexpectedResponse(response)) => format!(
                    "unexpected response {}{}: {}",
                    response.status,
                    response
                        .decode_error
                        .as_deref()
                        .map(|error| format!(" ({error})"))
                        .unwrap_or_default(),
                    String::from_utf8_lossy(&response.body)
                ),
                other => format!("{other:?}"),
            };
            let mut text = format!("{operation}, status {status}: {described}");
            if text.len() > 2000 {
                let end = (0..=2000).rev().find(|&index| text.is_char_boundary(index)).unwrap_or(0);
                text.truncate(end);
                text.push_str("...");
            }
            self.failures.push(text);
        }
    }

    /// Records the end of one operation's calls; `Err` says why it could not be called.
    fn run(&mut self, operation: &str, result: Result<(), String>) {
        self.operations += 1;
        if let Err(reason) = result {
            self.skipped.push(format!("{operation}: {reason}"));
        }
    }

    /// Prints the summary line and the mock server's own faults, and fails on any failure
    /// or operation not called.
    fn finish(self) {
        println!(
            "conformance: {} operations, {} calls, {} passed, {} failed, {} not judged for faults of the mock or the document, {} operations not called",
            self.operations,
            self.calls,
            self.calls - self.failures.len() - self.mock_faults.len(),
            self.failures.len(),
            self.mock_faults.len(),
            self.skipped.len()
        );
        for fault in &self.mock_faults {
            println!("not judged: {fault}");
        }
        let problems: Vec<String> = self.failures.into_iter().chain(self.skipped).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}"#;
    code.blank();
    for line in SUPPORT.lines() {
        code.line(line);
    }
}

fn operation(code: &mut Code, api: &Api, plan: &Plan<'_>, case: &Case) {
    let operation = plan.operation;
    let mut locals = Scope::new();
    for (_, argument) in &plan.arguments {
        locals.claim(argument);
    }
    let client = locals.claim("client");
    let report = locals.claim("report");
    let status = locals.claim("status");
    let outcome = locals.claim("outcome");
    let decoded = locals.claim("decoded");
    let body_local = locals.claim("body");

    code.raw_docs(&format!("`{} {}`", operation.method, operation.path));
    code.open_fn(
        &format!("async fn {}", operation.name),
        &[format!("{client}: &Client"), format!("{report}: &mut Report")],
        Some("Result<(), String>"),
    );
    let value_of = |parameter: &crate::ir::Parameter| {
        let index = operation.parameters.iter().position(|p| p == parameter)?;
        let mut value = case.parameters.get(index).cloned().flatten()?;
        rust_form(api, &parameter.ty, &mut value, 0);
        Some(value)
    };
    let mut call = Vec::new();
    for (parameter, argument) in &plan.arguments {
        let Some(value) = value_of(parameter) else {
            code.statement(&format!(
                "Err({}.to_owned())",
                string_literal(&format!(
                    "no value for the required parameter `{}`",
                    parameter.wire_name
                ))
            ));
            code.close("}");
            return;
        };
        let json = json_literal(&value);
        let wire = string_literal(&parameter.wire_name);
        match passing(&parameter.ty) {
            Passing::Str => {
                code.statement(&format!("let {argument}: String = arg({wire}, {json})?;"));
                call.push(format!("&{argument}"));
            }
            Passing::Value => {
                code.statement(&format!("let {argument} = arg({wire}, {json})?;"));
                call.push(argument.clone());
            }
            Passing::Slice => {
                code.statement(&format!("let {argument}: Vec<_> = arg({wire}, {json})?;"));
                call.push(format!("{argument}.as_slice()"));
            }
            Passing::Reference => {
                code.statement(&format!("let {argument} = arg({wire}, {json})?;"));
                call.push(format!("&{argument}"));
            }
        }
    }
    let mut setters = Vec::new();
    let mut per_call_body = None;
    if let Some((payload, body_setter, required)) = &plan.body {
        let mut value = case.body.clone().unwrap_or(Json::Null);
        match payload {
            Payload::Json(ty) | Payload::Form(ty, _) => rust_form(api, ty, &mut value, 0),
            Payload::Multipart(Some((structure, _))) => {
                rust_form(api, &TypeRef::Named(structure.clone()), &mut value, 0)
            }
            _ => {}
        }
        let mut pass = |expression: String| {
            if *required {
                call.push(expression);
            } else {
                setters.push(format!(".{body_setter}({expression})"));
            }
        };
        match payload {
            Payload::Json(_) | Payload::Form(..) | Payload::Multipart(Some(_)) => {
                if case.body.is_none() {
                    code.line("Err(\"no value for the request body\".to_owned())");
                    code.close("}");
                    return;
                }
                code.statement(&format!(
                    "let {body_local} = arg(\"body\", {})?;",
                    json_literal(&value)
                ));
                pass(format!("&{body_local}"));
            }
            Payload::Multipart(None) => {
                let parts: String = match &value {
                    Json::Object(members) => members
                        .iter()
                        .map(|(name, member)| {
                            format!(
                                ".text({}, {})",
                                string_literal(name),
                                string_literal(&text_of(member))
                            )
                        })
                        .collect(),
                    _ => String::new(),
                };
                per_call_body = Some(format!("reqwest::multipart::Form::new(){parts}"));
                pass(body_local.clone());
            }
            Payload::Text(_) => {
                code.statement(&format!(
                    "let {body_local} = {};",
                    string_literal(&text_of(&value))
                ));
                pass(body_local.clone());
            }
            Payload::Bytes(_) => {
                per_call_body =
                    Some(format!("{}.as_bytes().to_vec()", string_literal(&text_of(&value))));
                pass(body_local.clone());
            }
            Payload::Events(..) | Payload::Empty => {}
        }
    }
    for (parameter, setter) in &plan.optional {
        if let Some(value) = value_of(parameter) {
            // The setter of a string takes `impl Into<String>`, which names no type to decode.
            let turbofish = if parameter.ty == TypeRef::Primitive(Primitive::String) {
                "::<String>"
            } else {
                ""
            };
            setters.push(format!(
                ".{setter}(arg{turbofish}({}, {})?)",
                string_literal(&parameter.wire_name),
                json_literal(&value)
            ));
        }
    }

    let outcomes: Vec<(&Outcome, bool)> = plan
        .successes
        .iter()
        .map(|o| (o, true))
        .chain(plan.errors.iter().map(|o| (o, false)))
        .collect();
    let statuses: Vec<(u16, &Outcome, bool)> = outcomes
        .iter()
        .filter_map(|(outcome, success)| {
            Some((requested_status(outcome.status, &outcomes)?, *outcome, *success))
        })
        .collect();
    let mut codes: Vec<String> = statuses.iter().map(|(code, _, _)| code.to_string()).collect();
    if codes.is_empty() {
        // The document lists no response (a fault of the document: Oxide's buildomat, the
        // OpenAPI examples' non-OAuth scopes): one call still has its request judged, and any
        // answer is as documented as another.
        codes.push("200".to_owned());
    }
    code.open(&format!("for {status} in [{}] {{", codes.join(", ")));
    if let Some(expression) = &per_call_body {
        code.statement(&format!("let {body_local} = {expression};"));
    }
    let stray: String = case
        .stray_query
        .iter()
        .map(|(name, value)| format!(".query({}, {})", string_literal(name), string_literal(value)))
        .collect();
    let named = string_literal(&format!("{} {}", operation.method, operation.path));
    code.statement(&format!(
        "let {outcome} = {client}.with_options(judged({named}, {status}){stray}).{}({}){}.await;",
        operation.name,
        call.join(", "),
        setters.concat()
    ));
    if statuses.is_empty() {
        code.statement(&format!("let {decoded} = true;"));
    } else {
        code.open(&format!("let {decoded} = match ({status}, &{outcome}) {{"));
        for (requested, outcome_doc, success) in &statuses {
            let variant = &outcome_doc.variant;
            let has_payload =
                !matches!(outcome_doc.payload, Payload::Empty | Payload::Multipart(_));
            let pattern = |enumeration: &str| {
                if has_payload {
                    format!("{}::{variant}(..)", operation_type(enumeration))
                } else {
                    format!("{}::{variant}", operation_type(enumeration))
                }
            };
            let (pattern, body) = match (success, &plan.success_type, &plan.error_type) {
                (true, Some(enumeration), _) => (
                    format!("({requested}, Ok(response))"),
                    format!("matches!(&**response, {})", pattern(enumeration)),
                ),
                (true, None, _) => (format!("({requested}, Ok(_))"), "true".to_owned()),
                (false, _, enumeration) => (
                    format!("({requested}, Err(Error::Api(error)))"),
                    format!("matches!(error.body, {})", pattern(enumeration)),
                ),
            };
            code.arm(&pattern, &body);
        }
        code.line("_ => false,");
        code.close("};");
    }
    let form = matches!(&plan.body, Some((Payload::Form(..), _, _)));
    let invalid: Vec<String> = statuses
        .iter()
        .filter(|(_, outcome, _)| case.invalid_examples.contains(&outcome.status))
        .map(|(requested, _, _)| requested.to_string())
        .collect();
    let example_valid = match invalid.as_slice() {
        [] => "true".to_owned(),
        codes => format!("![{}].contains(&{status})", codes.join(", ")),
    };
    let judged = format!(
        "Judged {{ {}, form: {form}, example_valid: {example_valid} }}",
        if decoded == "decoded" { decoded.clone() } else { format!("decoded: {decoded}") }
    );
    code.statement(&format!(
        "{report}.check({}, {status}, &{outcome}, {judged});",
        string_literal(operation.name.trim_start_matches("r#"))
    ));
    code.close("}");
    code.line("Ok(())");
    code.close("}");
}

/// The path of an operation type in the test, which is outside the crate.
fn operation_type(name: &str) -> String {
    format!("operations::{name}")
}

/// The status to ask the mock server for, to get the response documented under `status`:
/// the code itself, the first code of a range that no other response lists, or for
/// `default` a code that nothing else covers.
fn requested_status(status: Status, outcomes: &[(&Outcome, bool)]) -> Option<u16> {
    let listed = |code: u16| {
        outcomes.iter().any(|(outcome, _)| match outcome.status {
            Status::Code(listed) => listed == code,
            Status::Range(class) => u16::from(class) == code / 100,
            Status::Default => false,
        })
    };
    match status {
        Status::Code(code) => Some(code),
        Status::Range(class) => {
            let low = u16::from(class) * 100;
            (low..low + 100)
                .find(|&code| !outcomes.iter().any(|(o, _)| o.status == Status::Code(code)))
        }
        Status::Default => [500, 400, 418, 503, 422, 409].into_iter().find(|&code| !listed(code)),
    }
}

/// Rewrites a value from its form on the wire to the JSON its Rust type decodes from, where
/// they differ: `format: binary` is text on the wire (a multipart file's content) and
/// `Vec<u8>`, a JSON array of numbers, in Rust.
fn rust_form(api: &Api, ty: &TypeRef, value: &mut Json, depth: usize) {
    const MAX_DEPTH: usize = 48;
    if depth > MAX_DEPTH {
        return;
    }
    let depth = depth + 1;
    match (ty, value) {
        (TypeRef::Primitive(Primitive::Binary), value) => {
            if let Json::String(text) = value {
                *value = Json::Array(text.bytes().map(Json::from).collect());
            }
        }
        (TypeRef::Array(item), Json::Array(items)) => {
            items.iter_mut().for_each(|value| rust_form(api, item, value, depth))
        }
        (TypeRef::Map(item), Json::Object(members)) => {
            members.values_mut().for_each(|value| rust_form(api, item, value, depth))
        }
        (TypeRef::Tuple(types), Json::Array(items)) => {
            types.iter().zip(items).for_each(|(ty, value)| rust_form(api, ty, value, depth))
        }
        (TypeRef::Nullable(inner), value) => rust_form(api, inner, value, depth),
        (TypeRef::Named(name), value) => match api.types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(structure)) => {
                for field in &structure.fields {
                    if field.flatten {
                        rust_form(api, &field.ty, value, depth);
                    } else if let Some(member) = value.get_mut(&field.wire_name) {
                        rust_form(api, &field.ty, member, depth);
                    }
                }
            }
            Some(TypeKind::Alias(inner)) => rust_form(api, inner, value, depth),
            Some(TypeKind::Newtype(newtype)) => rust_form(api, &newtype.ty, value, depth),
            Some(TypeKind::Enum(_) | TypeKind::Union(_)) | None => {}
        },
        _ => {}
    }
}

/// A Rust string literal holding `value` as JSON text, raw when that reads better.
fn json_literal(value: &Json) -> String {
    let text = value.to_string();
    let hashes = (0..)
        .map(|n| "#".repeat(n))
        .find(|hashes| !text.contains(&format!("\"{hashes}")))
        .unwrap_or_default();
    if text.contains('"') || text.contains('\\') {
        format!("r{hashes}\"{text}\"{hashes}")
    } else {
        string_literal(&text)
    }
}

/// The text of a value sent as text: a string as it is, anything else as JSON.
fn text_of(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_literals_are_raw_strings_with_enough_hashes() {
        assert_eq!(json_literal(&serde_json::json!(12)), "\"12\"");
        assert_eq!(json_literal(&serde_json::json!({"a": "b"})), r##"r#"{"a":"b"}"#"##);
        assert_eq!(json_literal(&serde_json::json!("say \"#hi\"")), r###"r##""say \"#hi\"""##"###);
    }

    #[test]
    fn default_responses_are_asked_for_with_a_code_nothing_else_lists() {
        let outcome = |status| Outcome {
            status,
            variant: String::new(),
            payload: Payload::Empty,
            docs: None,
        };
        let (ok, server, default) =
            (outcome(Status::Code(200)), outcome(Status::Range(5)), outcome(Status::Default));
        let outcomes = [(&ok, true), (&server, false), (&default, false)];
        assert_eq!(requested_status(Status::Default, &outcomes), Some(400));
        assert_eq!(requested_status(Status::Range(5), &outcomes), Some(500));
        assert_eq!(requested_status(Status::Code(200), &outcomes), Some(200));
    }
}
