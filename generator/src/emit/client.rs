//! The `client` module: `Client`, its builder with one credential setter per security
//! scheme, and one async method per operation following its [`Plan`].

use std::collections::BTreeSet;

use crate::ir::{Api, Parameter, ParameterLocation, SecurityKind, Status, Style};
use crate::naming::{self, Scope};

use super::code::{Code, string_literal};
use super::docs::{prose, prose_line};
use super::features::{Features, write_cfg};
use super::imports::{Imports, Item};
use super::operations::{
    ArmStatuses, Decoding, Passing, Payload, Plan, argument_type, body_type, call_result,
    is_success, outcome_type, passing, payload_type, status_pattern, status_text, success_type,
};
use super::pagination;
use super::types::TypeWriter;

/// What the default `User-Agent` says after the crate's name and version: the API's module
/// in a crate of several (a crate of its own is named after its API already), and the
/// generator, so an API's operators can tell generated clients' traffic apart.
fn user_agent_comment(module: Option<&str>) -> String {
    match module {
        Some(module) => format!("{}; {GENERATOR}", module.trim_start_matches("r#")),
        None => GENERATOR.to_owned(),
    }
}

/// The generator's name in the default `User-Agent`.
const GENERATOR: &str = "openapi-rust-generator";

/// `client.rs`: the client, its builder, and a `mod` for each of `tags`, which
/// [`tag_module`] writes. `env_prefix` names the environment variables `Client::from_env` reads
/// (`COURIER` -> `COURIER_BEARER_AUTH`); `module` is the API's module in a crate of several,
/// `None` in a crate of its own.
pub fn client_module(
    api: &Api,
    tags: &[TagModule<'_, '_>],
    env_prefix: &str,
    module: Option<&str>,
) -> Code {
    let mut imports = Imports::new(["Client".to_owned(), "ClientBuilder".to_owned()]);
    let mut writer = TypeWriter::new(&mut imports, "super::types");
    let mut items = Code::new();
    // rustfmt sorts adjacent `mod` declarations by name.
    let mut declarations: Vec<&TagModule<'_, '_>> = tags.iter().collect();
    declarations.sort_by_key(|tag| tag.module.trim_start_matches("r#"));
    for tag in declarations {
        write_cfg(&mut items, Some(&BTreeSet::from([tag.feature.clone()])));
        items.line_fmt(format_args!("mod {};", tag.module));
    }
    let client_core = writer.item(Item::ClientCore);
    let settings = writer.item(Item::ClientSettings);
    let options = writer.item(Item::RequestOptions);
    items.blank();
    items.raw_docs(&format!(
        "A client for the {} API.\n\nBuild one with [`Client::builder`]; clones share one connection pool and its settings.",
        prose(&api.title)
    ));
    items.line("#[derive(Debug, Clone)]");
    items.open("pub struct Client {");
    items.line_fmt(format_args!("core: {client_core},"));
    items.line_fmt(format_args!("options: {options},"));
    items.close("}");
    builder(&mut items, &mut writer, api);

    let default_url = api.servers.first().and_then(|server| server.default_url.clone());
    items.blank();
    items.open("impl Client {");
    items.raw_docs(&match &default_url {
        Some(url) => format!("A builder for a client that sends requests to `{url}` unless told otherwise."),
        None => "A builder for a client; the document names no absolute server URL, so set one with [`ClientBuilder::base_url`].".to_owned(),
    });
    items.open("pub fn builder() -> ClientBuilder {");
    let default_url = string_literal(&default_url.unwrap_or_default());
    items.statement(&format!(
        "ClientBuilder {{ settings: {settings}::new({default_url}, {}, {}) }}",
        api.security_schemes.len(),
        string_literal(&user_agent_comment(module))
    ));
    items.close("}");
    from_env(&mut items, &mut writer, api, env_prefix);
    items.blank();
    items.line("/// The base URL requests are sent to.");
    items.open("pub fn base_url(&self) -> &str {");
    items.line("self.core.base_url()");
    items.close("}");
    items.blank();
    items
        .line("/// A handle on the same client whose calls use `options` (extra headers and query");
    items.line(
        "/// parameters, a timeout, a retry count, an idempotency key, a response size limit);",
    );
    items.line("/// the calls of this one are unchanged.");
    items.open_fn(
        "pub fn with_options",
        &["&self".to_owned(), format!("options: {options}")],
        Some("Client"),
    );
    items.line("Client { core: self.core.clone(), options }");
    items.close("}");
    raw_request(&mut items, &mut writer, api);
    items.close("}");

    let mut uses = Code::new();
    imports.write_uses(&mut uses);
    items.preceded_by(uses)
}

/// The operations of one feature, in a module of their own (`client/<module>.rs`).
pub struct TagModule<'p, 'a> {
    /// The module's name.
    pub module: String,
    feature: String,
    plans: Vec<&'p Plan<'a>>,
}

/// Groups the plans by feature, in the order features first appear; module names are the
/// features in snake case.
pub fn tag_modules<'p, 'a>(plans: &'p [Plan<'a>], features: &Features) -> Vec<TagModule<'p, 'a>> {
    let mut modules: Vec<TagModule<'p, 'a>> = Vec::new();
    let mut names = Scope::modules();
    for (index, plan) in plans.iter().enumerate() {
        let feature = features.operation(index);
        match modules.iter_mut().find(|m| m.feature == feature) {
            Some(module) => module.plans.push(plan),
            None => {
                let module =
                    names.claim(&naming::field_name(features.operation_tag(index), "operations"));
                modules.push(TagModule { module, feature: feature.to_owned(), plans: vec![plan] });
            }
        }
    }
    modules
}

/// `client/<module>.rs`: the methods of one feature's operations.
pub fn tag_module(tag: &TagModule<'_, '_>) -> Code {
    let mut imports = Imports::new(Vec::new());
    imports.path("super::Client");
    let mut writer = TypeWriter::nested(&mut imports);
    let mut methods = Code::new();
    methods.open("impl Client {");
    for plan in &tag.plans {
        methods.blank();
        method(&mut methods, &mut writer, plan);
    }
    methods.close("}");
    for plan in &tag.plans {
        methods.blank();
        send(&mut methods, &mut writer, plan);
        if let Some(pagination) = &plan.operation.pagination {
            methods.blank();
            pagination::streams(&mut methods, &mut writer, plan, pagination);
        }
    }
    writer.write_aliases(&mut methods, None);
    let mut code = Code::new();
    code.inner_docs(&format!("The operations of the `{}` feature.", tag.feature));
    code.blank();
    imports.write_uses(&mut code);
    methods.preceded_by(code)
}

fn builder(code: &mut Code, writer: &mut TypeWriter<'_>, api: &Api) {
    let settings = writer.item(Item::ClientSettings);
    let duration = writer.item(Item::Duration);
    let string = writer.item(Item::String);
    let result = writer.item(Item::Result);
    let build_error = writer.item(Item::BuildError);
    let retry_policy = writer.item(Item::RetryPolicy);
    code.blank();
    code.line("/// Collects a [`Client`]'s settings.");
    code.line("#[derive(Debug, Clone)]");
    code.open("pub struct ClientBuilder {");
    code.line_fmt(format_args!("settings: {settings},"));
    code.close("}");
    code.blank();
    code.open("impl ClientBuilder {");
    // A builder method `name(mut self, parameters) -> Self` that calls `settings.call`.
    let setter = |code: &mut Code, docs: &str, name: &str, parameters: &[String], call: &str| {
        code.blank();
        code.raw_docs(docs);
        let parameters: Vec<String> =
            ["mut self".to_owned()].into_iter().chain(parameters.iter().cloned()).collect();
        code.open_fn(&format!("pub fn {name}"), &parameters, Some("Self"));
        code.statement(&format!("self.settings.{call};"));
        code.line("self");
        code.close("}");
    };
    setter(
        code,
        "Sends requests to `url` (for example a staging server or a local mock) instead of the default.",
        "base_url",
        &[format!("url: impl Into<{string}>")],
        "base_url(url.into())",
    );
    setter(
        code,
        "Fails an attempt that takes longer than `timeout`, from sending to the end of the body\n(60 s unless set; a call's `RequestOptions::timeout` overrides it). A body read as a\nstream (events, `send_streaming`) is timed up to the response's head, then chunk by chunk.",
        "timeout",
        &[format!("timeout: {duration}")],
        "timeout(timeout)",
    );
    setter(
        code,
        "Sends `user_agent` as `User-Agent` instead of this crate's name and version, with the API\nand the generator named in a comment.",
        "user_agent",
        &[format!("user_agent: impl Into<{string}>")],
        "user_agent(user_agent.into())",
    );
    setter(
        code,
        "Sends a header with every request.",
        "default_header",
        &[format!("name: impl Into<{string}>"), format!("value: impl Into<{string}>")],
        "default_header(name.into(), value.into())",
    );
    setter(
        code,
        "Sends requests with `client` (its connection pool, proxies, TLS and redirect settings;\nthe default client follows no redirects, so that each status reaches its documented\nvariant, and gives up connecting after 10 s).",
        "http_client",
        &["client: reqwest::Client".to_owned()],
        "http_client(client)",
    );
    setter(
        code,
        "Sends at most `requests` requests every `period`, spaced evenly (`period / requests`\napart), counting every attempt of every call: retries and the pages of a list too. Clones\nand `with_options` share the limit.",
        "rate_limit",
        &["requests: u32".to_owned(), format!("period: {duration}")],
        "rate_limit(requests, period)",
    );
    let hook = writer.item(Item::Hook);
    let arc = writer.item(Item::Arc);
    setter(
        code,
        "Runs `hook` on every attempt of every call, after the hooks set before it: it sees each\nrequest as it is about to be sent (credentials and body included) and may change or\nrefuse it, and sees each response.",
        "hook",
        &[format!("hook: impl {hook} + 'static")],
        &format!("hook({arc}::new(hook))"),
    );
    for (index, scheme) in api.security_schemes.iter().enumerate() {
        let credential = writer.item(Item::Credential);
        let key = &scheme.key;
        let (mut doc, arguments, value) = match &scheme.kind {
            SecurityKind::Bearer { format } => {
                let what = format.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
                (
                    format!(
                        "The token{what} for the `{key}` scheme, sent as `Authorization: Bearer <token>` by the operations that use it."
                    ),
                    vec![format!("token: impl Into<{string}>")],
                    format!("{credential}::Bearer(token.into())"),
                )
            }
            SecurityKind::Basic => (
                format!(
                    "The user name and password for the `{key}` scheme (HTTP basic), sent by the operations that use it."
                ),
                vec![
                    format!("username: impl Into<{string}>"),
                    format!("password: impl Into<{string}>"),
                ],
                format!(
                    "{credential}::Basic {{ username: username.into(), password: password.into() }}"
                ),
            ),
            SecurityKind::ApiKey { location, name } => {
                let (variant, place) = match location {
                    ParameterLocation::Query => ("QueryKey", "query parameter"),
                    ParameterLocation::Cookie => ("CookieKey", "cookie"),
                    ParameterLocation::Header | ParameterLocation::Path => ("HeaderKey", "header"),
                };
                (
                    format!(
                        "The API key for the `{key}` scheme, sent in the `{name}` {place} by the operations that use it."
                    ),
                    vec![format!("key: impl Into<{string}>")],
                    format!(
                        "{credential}::{variant} {{ name: {}, value: key.into() }}",
                        string_literal(name)
                    ),
                )
            }
        };
        if let Some(description) = &scheme.docs {
            doc.push_str("\n\n");
            doc.push_str(&prose(description));
        }
        setter(code, &doc, &scheme.setter, &arguments, &format!("credential({index}, {value})"));
        if let Some(flow) = &scheme.client_credentials {
            let authentication = writer.item(Item::ClientAuthentication);
            let token_url = &flow.token_url;
            let arguments = [
                format!("client_id: impl Into<{string}>"),
                format!("client_secret: impl Into<{string}>"),
            ];
            let ways = [
                (&flow.setter, "Basic", "in an `Authorization: Basic` header"),
                (
                    &flow.post_setter,
                    "Post",
                    "in the form body (`client_secret_post`, for endpoints that ask for it)",
                ),
            ];
            for (name, variant, how) in ways {
                let doc = format!(
                    "The client id and secret of the `{key}` scheme's OAuth 2.0 client credentials flow,\nsent to its token endpoint `{token_url}` {how}.\n\nThe operations that use the scheme send access tokens fetched with them for the scopes\neach operation asks, cached per set of scopes and shared by the calls waiting for one,\nrenewed before they expire and once when the API refuses one. The secret is sent only\nover `https` or to the base URL's own scheme, host and port."
                );
                let value = format!(
                    "{credential}::client_credentials({}, client_id.into(), client_secret.into(), {authentication}::{variant})",
                    string_literal(token_url)
                );
                setter(code, &doc, name, &arguments, &format!("credential({index}, {value})"));
            }
        }
    }
    code.blank();
    code.line(
        "/// Retries a failed request at most `retries` times (default 2; `0` turns retrying",
    );
    code.line("/// off). Only idempotent methods and requests with an idempotency key are retried");
    code.line("/// unless a call's options say otherwise.");
    code.open("pub fn max_retries(mut self, retries: u32) -> Self {");
    code.statement(&format!(
        "let policy = {retry_policy} {{ max_retries: retries, ..self.settings.current_retry_policy() }};"
    ));
    code.line("self.settings.retry_policy(policy);");
    code.line("self");
    code.close("}");
    setter(
        code,
        "Sets every retry setting: the number of retries, the first backoff delay and the\nlongest wait (also for a server's `Retry-After`).",
        "retry_policy",
        &[format!("policy: {retry_policy}")],
        "retry_policy(policy)",
    );
    code.blank();
    code.line(
        "/// The client. Fails if the base URL is not an absolute `http(s)` URL or a default",
    );
    code.line("/// header is invalid.");
    code.open_fn(
        "pub fn build",
        &["self".to_owned()],
        Some(&format!("{result}<Client, {build_error}>")),
    );
    code.line("Ok(Client { core: self.settings.build()?, options: Default::default() })");
    code.close("}");
    code.close("}");
}

/// `Client::from_env`: one environment variable per security scheme, named after the API
/// and the scheme.
fn from_env(code: &mut Code, writer: &mut TypeWriter<'_>, api: &Api, prefix: &str) {
    if api.security_schemes.is_empty() {
        return;
    }
    let prefix = prefix.trim_start_matches("r#").to_uppercase().replace('-', "_");
    let result = writer.item(Item::Result);
    let build_error = writer.item(Item::BuildError);
    let string = writer.item(Item::String);
    let option = writer.item(Item::Option);
    let variable =
        |setter: &str| format!("{prefix}_{}", setter.trim_start_matches("r#").to_uppercase());
    let names: Vec<String> = api
        .security_schemes
        .iter()
        .map(|scheme| match scheme.kind {
            SecurityKind::Basic => {
                format!("`{0}_USERNAME` and `{0}_PASSWORD`", variable(&scheme.setter))
            }
            _ => format!("`{}`", variable(&scheme.setter)),
        })
        .collect();
    let base_url_variable = format!("{prefix}_BASE_URL");
    let listed = names.join(", ");
    let missing = string_literal(&format!("no credentials in the environment: set {listed}"));
    code.blank();
    code.raw_docs(&format!(
        "A client with the credentials found in the environment: {listed} (one per security scheme), and the base URL in `{base_url_variable}` if set.\n\n# Errors\n\nFails when none of the credential variables is set, or as [`ClientBuilder::build`] does."
    ));
    code.open_fn("pub fn from_env", &[], Some(&format!("{result}<Client, {build_error}>")));
    code.line("Client::from_env_with(|name| std::env::var(name).ok())");
    code.close("}");
    code.blank();
    code.line(
        "/// [`Client::from_env`] with variables read by `lookup` instead of from the process",
    );
    code.line("/// environment (a configuration file, a secret store, a test).");
    code.open_fn(
        "pub fn from_env_with",
        &[format!("lookup: impl Fn(&str) -> {option}<{string}>")],
        Some(&format!("{result}<Client, {build_error}>")),
    );
    code.line("let mut builder = Client::builder();");
    code.line("let mut found = false;");
    for scheme in &api.security_schemes {
        let variable = variable(&scheme.setter);
        let setter = &scheme.setter;
        match scheme.kind {
            SecurityKind::Basic => {
                let user = string_literal(&format!("{variable}_USERNAME"));
                let password = string_literal(&format!("{variable}_PASSWORD"));
                code.open_if_let(
                    "(Some(username), Some(password))",
                    &format!("(lookup({user}), lookup({password}))"),
                );
                code.statement(&format!("builder = builder.{setter}(username, password);"));
            }
            _ => {
                code.open_if_let("Some(value)", &format!("lookup({})", string_literal(&variable)));
                code.statement(&format!("builder = builder.{setter}(value);"));
            }
        }
        code.line("found = true;");
        code.close("}");
    }
    code.open("if !found {");
    code.statement(&format!(
        "return Err({build_error}::MissingCredentials({missing}.to_owned()));"
    ));
    code.close("}");
    code.open_if_let("Some(url)", &format!("lookup({})", string_literal(&base_url_variable)));
    code.line("builder = builder.base_url(url);");
    code.close("}");
    code.line("builder.build()");
    code.close("}");
}

/// `Client::send_raw`: any request through the client's base URL, credentials and retries.
fn raw_request(code: &mut Code, writer: &mut TypeWriter<'_>, api: &Api) {
    let request = writer.item(Item::Request);
    let result = writer.item(Item::Result);
    let response = writer.item(Item::Response);
    let error = writer.item(Item::Error);
    let vec = writer.item(Item::Vec);
    let infallible = writer.item(Item::Infallible);
    let alternatives: Vec<String> =
        (0..api.security_schemes.len()).map(|index| format!("&[{index}]")).collect();
    code.blank();
    code.line(
        "/// The credentials a request built for [`Client::send_raw`] may use: each scheme the",
    );
    code.line("/// client has a credential for, the first one set being sent.");
    code.statement(&format!(
        "pub const ANY_CREDENTIAL: &'static [&'static [usize]] = &[{}];",
        alternatives.join(", ")
    ));
    code.blank();
    code.line("/// Sends a request the document does not describe, with the client's base URL,");
    code.line("/// credentials, options and retries, and returns any response with its raw body:");
    code.line("/// `client.send_raw(Request::new(Method::GET, \"/v2/beta/{id}\", Client::ANY_CREDENTIAL).path(\"id\", \"42\"))`.");
    code.line("///");
    code.line("/// # Errors");
    code.line("///");
    code.line("/// [`Error::Timeout`], [`Error::Transport`], [`Error::ResponseTooLarge`] and");
    code.line("/// [`Error::InvalidRequest`] only: every status is a response.");
    code.open_fn(
        "pub async fn send_raw",
        &["&self".to_owned(), format!("request: {request}")],
        Some(&format!("{result}<{response}<{vec}<u8>>, {error}<{infallible}>>")),
    );
    code.line("let response = self.core.send(request, &self.options).await?;");
    code.line("response.into_raw()");
    code.close("}");
}

/// The client's method of an operation: it takes the required arguments and returns the
/// operation's call, with every optional parameter unset.
fn method(code: &mut Code, writer: &mut TypeWriter<'_>, plan: &Plan<'_>) {
    let operation = plan.operation;
    let method_name = operation.name.trim_start_matches("r#");
    let method_type_name = naming::type_name(method_name, "Operation");
    let mut arguments = Vec::new();
    let mut fields = vec!["client: self".to_owned()];
    for (parameter, argument) in &plan.arguments {
        let ty = argument_type(writer, &parameter.ty);
        let hint = format!("{method_type_name}{}", naming::type_name(argument, "Argument"));
        let of = format!(
            "the `{}` argument of `Client::{method_name}`",
            argument.trim_start_matches("r#")
        );
        let ty = writer.simple(ty, &hint, &of);
        arguments.push(format!("{argument}: {ty}"));
        fields.push(argument.clone());
    }
    for (_, field) in &plan.optional {
        fields.push(format!("{field}: None"));
    }
    if let Some((payload, body, required)) = &plan.body {
        if *payload != Payload::Empty {
            if *required {
                if let Some(ty) = body_type(writer, payload) {
                    if matches!(payload, Payload::Bytes(_)) {
                        // Bytes, a stream or a file.
                        arguments.push(format!("{body}: impl Into<{ty}>"));
                        fields.push(format!("{body}: {body}.into()"));
                    } else {
                        arguments.push(format!("{body}: {ty}"));
                        fields.push(body.clone());
                    }
                }
            } else {
                fields.push(format!("{body}: None"));
            }
        }
    }
    for (_, stream) in plan.part_streams() {
        fields.push(format!("{stream}: None"));
    }
    let call = writer.operation_type(&plan.call_type);
    // `'a` ties the call to the client and to each borrowed argument; with no borrowed
    // argument, the elided lifetime of `&self` says the same.
    let borrows = arguments.iter().any(|argument| argument.contains("'a"));
    let (generics, receiver, returned) = if borrows {
        ("<'a>", "&'a self", format!("{call}<'a>"))
    } else {
        ("", "&self", format!("{call}<'_>"))
    };
    let parameters: Vec<String> =
        std::iter::once(receiver.to_owned()).chain(arguments.iter().cloned()).collect();

    let docs = method_docs(writer, plan);
    code.raw_docs(&docs);
    if operation.deprecated {
        code.line("#[deprecated]");
    }
    if parameters.len() > 7 {
        code.line("#[allow(clippy::too_many_arguments)]");
    }
    code.open_fn(&format!("pub fn {}{generics}", operation.name), &parameters, Some(&returned));
    code.statement(&format!("{call} {{ {} }}", fields.join(", ")));
    code.close("}");
}

/// `send` of an operation's call: builds the request from the call's fields, sends it, and
/// decodes the response by status.
fn send(code: &mut Code, writer: &mut TypeWriter<'_>, plan: &Plan<'_>) {
    let operation = plan.operation;
    let method_name = operation.name.trim_start_matches("r#");
    let mut steps = Vec::new();
    if let Some(accept) = &plan.accept {
        steps.push(format!(".accept({})", string_literal(accept)));
    }
    for (parameter, argument) in &plan.arguments {
        let value = match passing(&parameter.ty) {
            Passing::Value => format!("&self.{argument}"),
            Passing::Str | Passing::Slice | Passing::Reference => format!("self.{argument}"),
        };
        steps.push(parameter_step(writer, parameter, &value, true));
    }
    for (parameter, field) in &plan.optional {
        steps.push(parameter_step(writer, parameter, &format!("self.{field}.as_ref()"), false));
    }
    let mut optional_body = None;
    if let Some((payload, body, required)) = &plan.body {
        if *required {
            steps.extend(body_step(writer, payload, &format!("self.{body}")));
        } else if let Some(step) = body_step(writer, payload, body) {
            optional_body = Some((body, step));
        }
    }
    let call = writer.operation_type(&plan.call_type);
    let success = success_type(writer, plan);
    let error = writer.operation_type(&plan.error_type);
    let returned = outcome_type(writer, plan, &success, &error);
    let request_type = writer.item(Item::Request);
    let method_type = writer.item(Item::Method);
    let alternatives: Vec<String> = operation
        .security
        .iter()
        .map(|schemes| {
            format!("&[{}]", schemes.iter().map(usize::to_string).collect::<Vec<_>>().join(", "))
        })
        .collect();
    let security = format!("&[{}]", alternatives.join(", "));
    if !operation.scopes.is_empty() {
        let scopes: Vec<String> = operation
            .scopes
            .iter()
            .map(|asked| {
                let names: Vec<String> = asked.scopes.iter().map(|s| string_literal(s)).collect();
                format!("({}, &[{}])", asked.scheme, names.join(", "))
            })
            .collect();
        steps.push(format!(".scopes(&[{}])", scopes.join(", ")));
    }

    code.open(&format!("impl<'a> {call}<'a> {{"));
    // Not `#[deprecated]` even for a deprecated operation: the client's method that makes
    // the call is, and `IntoFuture` calls this one.
    code.raw_docs(&format!(
        "Sends the request, as `.await` on the call does; [`Client::{method_name}`](super::Client::{method_name}) lists what it returns and its errors."
    ));
    let build = Build {
        binding: if optional_body.is_some() { "let mut request" } else { "let request" },
        new_request: format!("{request_type}::new"),
        request_args: vec![
            format!("{method_type}::{}", operation.method),
            string_literal(&operation.path),
            security,
        ],
        steps,
        optional_body,
    };
    let reading = if plan.streams() { Reading::Streamed } else { Reading::Whole };
    if reading == Reading::Whole {
        let call_future = writer.item(Item::CallFuture);
        let future = writer.simple_in(
            success.clone(),
            |success| format!("{call_future}<'a, {success}, {error}>"),
            &format!("{}Value", naming::type_name(method_name, "Operation")),
            &format!("what `Client::{method_name}` gives"),
        );
        send_fn(code, writer, plan, "send", &future, &build, reading);
        decode_fn(code, writer, plan, &returned);
    } else {
        send_fn(code, writer, plan, "send", &returned, &build, reading);
    }
    if let (Some(events), Some(accept)) = (&plan.events, &plan.accept) {
        let success = payload_type(writer, events).unwrap_or_default();
        let returned = call_result(writer, &success, &error);
        let accept_events = format!("text/event-stream, {accept}");
        let accepts = format!(".accept({})", string_literal(accept));
        let mut steps = build.steps.clone();
        if let Some(step) = steps.iter_mut().find(|step| **step == accepts) {
            *step = format!(".accept({})", string_literal(&accept_events));
        }
        let events_build = Build {
            binding: build.binding,
            new_request: build.new_request.clone(),
            request_args: build.request_args.clone(),
            steps,
            optional_body: build.optional_body.clone(),
        };
        code.blank();
        code.raw_docs(&format!(
            "Sends the request as [`send`]({call}::send) does, asking for the success as server-sent events (`text/event-stream`), which the API may also need the request to ask for, and gives them as a stream, each decoded as it arrives; retries and the timeout cover the request up to the response's head, and then each chunk must come within the timeout. An error status's body is read whole, as `send` reads it."
        ));
        send_fn(code, writer, plan, "send_events", &returned, &events_build, Reading::Alternate);
    }
    if plan.downloads() {
        let byte_stream = writer.item(Item::ByteStream);
        let returned = call_result(writer, &byte_stream, &error);
        code.blank();
        code.raw_docs(&format!(
            "Sends the request as [`send`]({call}::send) does, and gives the body as a stream of chunks, read as they arrive, so that memory stays flat however large it is; retries and the timeout cover the request up to the response's head, and then each chunk must come within the timeout. An error status's body is read whole, as `send` reads it."
        ));
        send_fn(code, writer, plan, "send_streaming", &returned, &build, Reading::Bytes);
    }
    code.close("}");
}

/// `decode` of a call whose response is read whole: the response decoded by status, as
/// [`Plan::response_arms`] orders the statuses.
fn decode_fn(code: &mut Code, writer: &mut TypeWriter<'_>, plan: &Plan<'_>, returned: &str) {
    let raw_response = writer.item(Item::RawResponse);
    code.blank();
    code.open_fn("fn decode", &[format!("response: {raw_response}")], Some(returned));
    code.open("match response.status() {");
    response_arms(code, writer, plan, Reading::Whole);
    code.close("}");
    code.close("}");
}

/// The statement that builds an operation's request, and the optional body added after.
struct Build<'p> {
    binding: &'static str,
    /// `Request::new`, and what it is called with: the method, the path, the security.
    new_request: String,
    request_args: Vec<String>,
    /// The methods called on it, each a link of the chain (`.path("id", self.id)`).
    steps: Vec<String>,
    optional_body: Option<(&'p String, String)>,
}

/// How a `send` function reads the response.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Whole, then decoded by status.
    Whole,
    /// Its head, then the success as a stream of events, other statuses whole.
    Streamed,
    /// Its head, then the success as a stream of bytes, other statuses whole.
    Bytes,
    /// Its head, then the success as a stream of the events it offers beside the media
    /// type `send` decodes ([`Plan::events`]), other statuses whole.
    Alternate,
}

/// One function of the call that sends the request and decodes the response by status.
fn send_fn(
    code: &mut Code,
    writer: &mut TypeWriter<'_>,
    plan: &Plan<'_>,
    name: &str,
    returned: &str,
    build: &Build<'_>,
    reading: Reading,
) {
    // A deprecated operation's client method says so where callers start a call; on `send`
    // the attribute would warn in the call's own `IntoFuture`, which calls it.
    // A call that pages sends each page through `send_page`, which changes the request
    // the call builds to ask for that page.
    let paged = name == "send" && plan.operation.pagination.is_some();
    // What reads the response whole returns the call's boxed future (`ClientCore::call`);
    // what streams it is an `async fn` that reads the head, then the rest as it decides.
    let asynchronous = if reading == Reading::Whole { "" } else { "async " };
    if paged {
        pagination::send_first_page(code, writer, returned);
        code.open_fn(
            &format!("{asynchronous}fn send_page"),
            &pagination::send_page_parameters(writer),
            Some(returned),
        );
    } else {
        code.open_fn(&format!("pub {asynchronous}fn {name}"), &["self".to_owned()], Some(returned));
    }
    let request = (build.new_request.as_str(), build.request_args.as_slice());
    code.chain(&format!("{} = ", build.binding), request, &build.steps);
    if let Some((body, step)) = &build.optional_body {
        code.open_if_let(&format!("Some({body})"), &format!("self.{body}"));
        code.statement(&format!("request = request{step};"));
        code.close("}");
    }
    if paged {
        code.line("let request = page.apply(request, self.client.base_url());");
    }
    if reading == Reading::Whole {
        code.line("self.client.core.call(request, &self.client.options, Self::decode)");
    } else {
        code.statement(
            "let response = self.client.core.send_streaming(request, &self.client.options).await?;",
        );
        code.open("match response.status() {");
        response_arms(code, writer, plan, reading);
        code.close("}");
    }
    code.close("}");
}

/// The request step that sends a parameter; `value` is a reference, or an `Option` of one
/// when the parameter is not `required`. A parameter in its location's default style takes
/// the short form (`.path(name, value)`); the query always names its style.
fn parameter_step(
    writer: &mut TypeWriter<'_>,
    parameter: &Parameter,
    value: &str,
    required: bool,
) -> String {
    let wire = string_literal(&parameter.wire_name);
    let value = if required && parameter.location != ParameterLocation::Path {
        format!("Some({value})")
    } else {
        value.to_owned()
    };
    let default = parameter.style == parameter.location.default_style();
    let method = match (parameter.location, default) {
        (ParameterLocation::Path, true) => return format!(".path({wire}, {value})"),
        (ParameterLocation::Header, true) => return format!(".header({wire}, {value})"),
        (ParameterLocation::Cookie, true) => return format!(".cookie({wire}, {value})"),
        (ParameterLocation::Path, false) => "path_styled",
        (ParameterLocation::Header, false) => "header_styled",
        (ParameterLocation::Cookie, false) => "cookie_styled",
        (ParameterLocation::Query, _) if parameter.allow_reserved => "query_reserved",
        (ParameterLocation::Query, _) => "query",
    };
    format!(".{method}({wire}, {value}, {})", style_value(writer, parameter.style))
}

/// A `runtime::Style` value, as Rust.
fn style_value(writer: &mut TypeWriter<'_>, style: Style) -> String {
    let ty = writer.item(Item::Style);
    match style {
        Style::Simple { explode } => format!("{ty}::Simple {{ explode: {explode} }}"),
        Style::Label { explode } => format!("{ty}::Label {{ explode: {explode} }}"),
        Style::Matrix { explode } => format!("{ty}::Matrix {{ explode: {explode} }}"),
        Style::Form { explode } => format!("{ty}::Form {{ explode: {explode} }}"),
        Style::SpaceDelimited => format!("{ty}::SpaceDelimited"),
        Style::PipeDelimited => format!("{ty}::PipeDelimited"),
        Style::DeepObject => format!("{ty}::DeepObject"),
        Style::Json => format!("{ty}::Json"),
    }
}

/// The request step that sends the body `body` (an expression); `None` when nothing is
/// sent.
fn body_step(writer: &mut TypeWriter<'_>, payload: &Payload, body: &str) -> Option<String> {
    Some(match payload {
        Payload::Json(_) => format!(".json_body({body})"),
        Payload::Form(_, encodings) => {
            let encodings: Vec<String> = encodings
                .iter()
                .map(|(property, style)| {
                    format!("({}, {})", string_literal(property), style_value(writer, *style))
                })
                .collect();
            format!(".form_body({body}, &[{}])", encodings.join(", "))
        }
        Payload::Multipart(Some((_, fields))) => {
            let multipart = writer.item(Item::Multipart);
            let parts: String = fields
                .iter()
                .map(|field| {
                    let wire = string_literal(&field.wire_name);
                    let name = &field.field;
                    let value = if field.always_present {
                        format!("Some(&{body}.{name})")
                    } else {
                        format!("{body}.{name}.as_ref()")
                    };
                    if field.binary {
                        let content_type = field.content_type.as_deref();
                        let content_type =
                            string_literal(content_type.unwrap_or("application/octet-stream"));
                        match &field.stream {
                            Some(stream) => {
                                format!(
                                    ".file_or_body({wire}, {value}, self.{stream}, {content_type})"
                                )
                            }
                            None => format!(".file({wire}, {value}, {content_type})"),
                        }
                    } else {
                        format!(".text({wire}, {value})")
                    }
                })
                .collect();
            format!(".multipart_body({multipart}::new(){parts}.into_form())")
        }
        Payload::Multipart(None) => format!(".multipart_body({body})"),
        Payload::Text(media_type) => format!(".raw_body({}, {body})", string_literal(media_type)),
        Payload::Bytes(media_type) => {
            format!(".binary_body({}, {body})", string_literal(media_type))
        }
        Payload::Events(..) | Payload::Empty => return None,
    })
}

/// The `match` arms on the status, as [`Plan::response_arms`] orders and decodes them; on
/// a streamed response, the statuses that are not streamed are read whole first.
fn response_arms(code: &mut Code, writer: &mut TypeWriter<'_>, plan: &Plan<'_>, reading: Reading) {
    let success_enum = plan.success_type.as_ref().map(|name| writer.operation_type(name));
    let error_enum = writer.operation_type(&plan.error_type);
    for arm in plan.response_arms() {
        let pattern = match arm.statuses {
            ArmStatuses::AnySuccess => "200..=299".to_owned(),
            ArmStatuses::Documented(status) => status_pattern(status),
            ArmStatuses::Rest => "_".to_owned(),
        };
        let streamed = matches!(
            (reading, arm.decoding),
            (Reading::Streamed, Decoding::Events | Decoding::TextEvents | Decoding::KeyedEvents)
                | (Reading::Bytes, Decoding::Bytes)
        );
        let alternate = match (reading, arm.outcome, &plan.events) {
            (Reading::Alternate, Some(outcome), Some(Payload::Events(_, data)))
                if is_success(outcome.status) =>
            {
                Some(data.decoding())
            }
            _ => None,
        };
        let streamed = streamed || alternate.is_some();
        let method = match alternate {
            Some(decoding) => decoding.method(),
            None if reading == Reading::Bytes && streamed => "bytes_stream",
            None => arm.decoding.method(),
        };
        let response = if reading == Reading::Whole || streamed {
            "response"
        } else {
            "response.read().await?"
        };
        let call = match (alternate.unwrap_or(arm.decoding), arm.outcome, &success_enum) {
            (Decoding::Unexpected, _, _) => format!("Err({response}.{method}())"),
            (
                Decoding::ApiJson | Decoding::ApiText | Decoding::ApiBytes | Decoding::ApiEmpty,
                Some(outcome),
                _,
            ) => {
                format!("Err({response}.{method}({error_enum}::{}))", outcome.variant)
            }
            (_, Some(outcome), Some(enumeration)) => {
                format!("{response}.{method}({enumeration}::{})", outcome.variant)
            }
            (Decoding::Empty, _, _) => format!("{response}.{method}(())"),
            _ => format!("{response}.{method}()"),
        };
        code.arm(&pattern, &call);
    }
}

fn method_docs(writer: &mut TypeWriter<'_>, plan: &Plan<'_>) -> String {
    let operation = plan.operation;
    let mut sections = Vec::new();
    if let Some(summary) = &operation.summary {
        sections.push(prose(summary));
    }
    if let Some(description) =
        operation.description.as_ref().filter(|d| Some(*d) != operation.summary.as_ref())
    {
        sections.push(prose(description));
    }
    sections.push(format!("`{} {}`", operation.method, operation.path));
    let mut arguments = Vec::new();
    for (parameter, argument) in &plan.arguments {
        arguments.push(argument_doc(argument, parameter.docs.as_deref()));
    }
    let call = writer.operation_type(&plan.call_type);
    let mut setters = Vec::new();
    if let Some((_, argument, required)) = &plan.body {
        let docs = operation
            .body
            .as_ref()
            .and_then(|body| body.docs.as_deref())
            .unwrap_or("The request body.");
        if *required {
            arguments.push(argument_doc(argument, Some(docs)));
        } else {
            setters.push(setter_doc(&call, argument, Some(docs)));
        }
    }
    for (parameter, field) in &plan.optional {
        setters.push(setter_doc(&call, field, parameter.docs.as_deref()));
    }
    if plan.streams() {
        sections.push("The success is a stream of server-sent events, each decoded as it arrives: read it with `while let Some(event) = stream.next().await` (`runtime::StreamExt`). Retries and the timeout cover the request up to the response's head; then each chunk must come within the timeout of the one before.".to_owned());
    } else if plan.events.is_some() {
        let call = writer.operation_type(&plan.call_type);
        sections.push(format!("`.await` decodes the success as one body; [`send_events`]({call}::send_events) asks for it as server-sent events and gives them as a stream."));
    } else if plan.downloads() {
        let call = writer.operation_type(&plan.call_type);
        sections.push(format!("The body is read whole by `.await`, up to the response size limit; [`send_streaming`]({call}::send_streaming) gives it as a stream of chunks instead, for a body of any size."));
    }
    if !arguments.is_empty() {
        sections.push(format!("# Arguments\n\n{}", arguments.join("\n")));
    }
    if !setters.is_empty() {
        sections.push(format!(
            "# Optional parameters\n\nSet with the call's methods before `.await`:\n\n{}",
            setters.join("\n")
        ));
    }
    let error = writer.item(Item::Error);
    let mut errors = Vec::new();
    {
        let path = writer.operation_type(&plan.error_type);
        for outcome in &plan.errors {
            let what = match outcome.status {
                Status::Default => "any other status".to_owned(),
                status => format!("status {}", status_text(status)),
            };
            errors.push(format!(
                "- [`{error}::Api`] with [`{path}::{}`] for {what}",
                outcome.variant
            ));
        }
    }
    errors.push(format!("- [`{error}::UnexpectedResponse`] for an undocumented status or a body that does not decode as documented"));
    if plan.streams() {
        errors.push(format!(
            "- [`{error}::HeadTimeout`] when no response head arrives in time, after any retries"
        ));
    } else {
        errors.push(format!(
            "- [`{error}::Timeout`] when no response arrives in time, after any retries"
        ));
    }
    errors.push(format!(
        "- [`{error}::Transport`] when the request cannot be sent or the response cannot be read"
    ));
    errors.push(format!("- [`{error}::InvalidRequest`] when an argument cannot be encoded"));
    sections.push(format!("# Errors\n\n{}", errors.join("\n")));
    sections.join("\n\n")
}

/// The line of an optional parameter's setter in a method's docs.
fn setter_doc(call: &str, setter: &str, docs: Option<&str>) -> String {
    let setter = setter.trim_start_matches("r#");
    let link = format!("[`{setter}`]({call}::{setter})");
    match docs {
        Some(docs) => format!("- {link}: {}", prose_line(docs)),
        None => format!("- {link}"),
    }
}

fn argument_doc(argument: &str, docs: Option<&str>) -> String {
    let argument = argument.trim_start_matches("r#");
    match docs {
        // One line: a line break of any kind would end the list item.
        Some(docs) => format!("- `{argument}`: {}", prose_line(docs)),
        None => format!("- `{argument}`"),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn a_request_rustfmt_cannot_break_within_the_width_stays_on_one_line() {
        let document = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /organizations/{organization}/teams/{team}/discussions/{discussion}/comments/{comment}/reactions:
    get:
      operationId: listReactions
      parameters:
        - {name: organization, in: path, required: true, schema: {type: string}}
        - {name: team, in: path, required: true, schema: {type: string}}
        - {name: discussion, in: path, required: true, schema: {type: string}}
        - {name: comment, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: none}
";
        let model = crate::model_from_str(Path::new("long.yaml"), document.to_owned())
            .unwrap_or_else(|report| panic!("{report}"));
        let files = super::super::standalone_crate("long", &model.api, "long.yaml");
        let code = &files[Path::new("src/client/untagged.rs")];
        // rustfmt finds no layout of this chain within 100 columns (the path alone is
        // wider) and leaves it as written, so the emitter writes it on one line too.
        let expected = r#"        let request = Request::new(Method::GET, "/organizations/{organization}/teams/{team}/discussions/{discussion}/comments/{comment}/reactions", &[]).path("organization", self.organization).path("team", self.team).path("discussion", self.discussion).path("comment", self.comment);
"#;
        assert!(code.contains(expected), "{code}");
    }
}
