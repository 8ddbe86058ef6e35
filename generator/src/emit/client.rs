//! The `client` module: `Client`, its builder with one credential setter per security
//! scheme, and one async method per operation following its [`Plan`].

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Api, Parameter, ParameterLocation, Primitive, SecurityKind, TypeRef};

use std::collections::BTreeSet;

use crate::naming::{self, Scope};

use super::docs::{prose, raw_doc_attrs};
use super::features::{Features, cfg};
use super::imports::{Imports, Item};
use super::operations::{Outcome, Payload, Plan, payload_type, status_pattern, status_text};
use super::types::{TypeWriter, ident};

/// The items of the `client` module.
/// `env_prefix` names the environment variables `Client::from_env` reads
/// (`COURIER` -> `COURIER_BEARER_AUTH`).
pub fn client_module(api: &Api, plans: &[Plan<'_>], env_prefix: &str, features: &Features) -> ClientModule {
    let tags = tag_modules(plans, features);
    let mut imports = Imports::new(["Client".to_owned(), "ClientBuilder".to_owned()]);
    let mut writer = TypeWriter::new(&mut imports, "super::types");
    let builder = builder(&mut writer, api);
    let module_declarations: Vec<TokenStream> = tags
        .iter()
        .map(|tag| {
            let name = ident(&tag.module);
            let cfg = cfg(Some(&BTreeSet::from([tag.feature.clone()])));
            quote! { #cfg mod #name; }
        })
        .collect();
    let client_core = writer.item(Item::ClientCore);
    let settings = writer.item(Item::ClientSettings);
    let options = writer.item(Item::RequestOptions);
    let from_env = from_env(&mut writer, api, env_prefix);
    let raw = raw_request(&mut writer, api);
    let default_url = default_base_url(api);
    let schemes = proc_macro2::Literal::usize_unsuffixed(api.security_schemes.len());
    let client_doc = raw_doc_attrs(&format!(
        "A client for the {} API.\n\nBuild one with [`Client::builder`]; clones share one connection pool and its settings.",
        prose(&api.title)
    ));
    let builder_doc = match &default_url {
        Some(url) => format!("A builder for a client that sends requests to `{url}` unless told otherwise."),
        None => "A builder for a client; the document names no absolute server URL, so set one with [`ClientBuilder::base_url`].".to_owned(),
    };
    let builder_doc = raw_doc_attrs(&builder_doc);
    let default_url = default_url.unwrap_or_default();
    let uses = imports.uses();
    let root = quote! {
        #uses

        #(#module_declarations)*

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: #client_core,
            options: #options,
        }

        #builder

        impl Client {
            #builder_doc
            pub fn builder() -> ClientBuilder {
                ClientBuilder { settings: #settings::new(#default_url, #schemes) }
            }

            #from_env

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

            /// A handle on the same client whose calls use `options` (extra headers and query
            /// parameters, a timeout, a retry count, an idempotency key); the calls of this one
            /// are unchanged.
            pub fn with_options(&self, options: #options) -> Client {
                Client { core: self.core.clone(), options }
            }

            #raw
        }
    };
    let modules = tags.into_iter().map(|tag| (tag.module.clone(), tag_module(&tag))).collect();
    ClientModule { root, modules }
}

/// The client's files: `client.rs` and one module per tag with that tag's methods.
pub struct ClientModule {
    /// `client.rs`.
    pub root: TokenStream,
    /// `client/<module>.rs`, by module name.
    pub modules: Vec<(String, TokenStream)>,
}

/// The operations of one feature, in a module of their own.
struct TagModule<'p, 'a> {
    module: String,
    feature: String,
    plans: Vec<&'p Plan<'a>>,
}

/// Groups the plans by feature, in the order features first appear; module names are the
/// features in snake case.
fn tag_modules<'p, 'a>(plans: &'p [Plan<'a>], features: &Features) -> Vec<TagModule<'p, 'a>> {
    let mut modules: Vec<TagModule<'p, 'a>> = Vec::new();
    let mut names = Scope::new();
    for (index, plan) in plans.iter().enumerate() {
        let feature = features.operation(index);
        match modules.iter_mut().find(|m| m.feature == feature) {
            Some(module) => module.plans.push(plan),
            None => {
                let module = names.claim(&naming::field_name(features.operation_tag(index), "operations"));
                modules.push(TagModule { module, feature: feature.to_owned(), plans: vec![plan] });
            }
        }
    }
    modules
}

/// `client/<module>.rs`: the methods of one feature's operations.
fn tag_module(tag: &TagModule<'_, '_>) -> TokenStream {
    let mut imports = Imports::new(Vec::new());
    let mut writer = TypeWriter::nested(&mut imports);
    let methods: Vec<TokenStream> = tag.plans.iter().map(|plan| method(&mut writer, plan)).collect();
    let uses = imports.uses();
    let doc = format!(" The operations of the `{}` feature.", tag.feature);
    quote! {
        #![doc = #doc]
        #uses
        use super::Client;

        impl Client {
            #(#methods)*
        }
    }
}

/// `servers[0]` with its variables replaced by their defaults, if it is absolute.
fn default_base_url(api: &Api) -> Option<String> {
    let server = api.servers.first()?;
    let mut url = server.url.clone();
    for variable in &server.variables {
        url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
    }
    (url.starts_with("http://") || url.starts_with("https://")).then(|| url.trim_end_matches('/').to_owned())
}

fn builder(writer: &mut TypeWriter<'_>, api: &Api) -> TokenStream {
    let settings = writer.item(Item::ClientSettings);
    let duration = writer.item(Item::Duration);
    let string = writer.item(Item::String);
    let result = writer.item(Item::Result);
    let build_error = writer.item(Item::BuildError);
    let retry_policy = writer.item(Item::RetryPolicy);
    let setters: Vec<TokenStream> = api.security_schemes.iter().enumerate().map(|(index, scheme)| {
        let credential = writer.item(Item::Credential);
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let setter = ident(&scheme.setter);
        let key = &scheme.key;
        let (doc, arguments, value) = match &scheme.kind {
            SecurityKind::Bearer { format } => {
                let what = format.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
                (
                    format!("The token{what} for the `{key}` scheme, sent as `Authorization: Bearer <token>` by the operations that use it."),
                    quote! { token: impl Into<#string> },
                    quote! { #credential::Bearer(token.into()) },
                )
            }
            SecurityKind::Basic => (
                format!("The user name and password for the `{key}` scheme (HTTP basic), sent by the operations that use it."),
                quote! { username: impl Into<#string>, password: impl Into<#string> },
                quote! { #credential::Basic { username: username.into(), password: password.into() } },
            ),
            SecurityKind::ApiKey { location, name } => {
                let (variant, place) = match location {
                    ParameterLocation::Query => (format_ident!("QueryKey"), "query parameter"),
                    ParameterLocation::Cookie => (format_ident!("CookieKey"), "cookie"),
                    ParameterLocation::Header | ParameterLocation::Path => (format_ident!("HeaderKey"), "header"),
                };
                (
                    format!("The API key for the `{key}` scheme, sent in the `{name}` {place} by the operations that use it."),
                    quote! { key: impl Into<#string> },
                    quote! { #credential::#variant { name: #name, value: key.into() } },
                )
            }
        };
        let mut doc = doc;
        if let Some(description) = &scheme.docs {
            doc.push_str("\n\n");
            doc.push_str(&prose(description));
        }
        let docs = raw_doc_attrs(&doc);
        quote! {
            #docs
            pub fn #setter(mut self, #arguments) -> Self {
                self.settings.credential(#index, #value);
                self
            }
        }
    }).collect();
    quote! {
        /// Collects a [`Client`]'s settings.
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            settings: #settings,
        }

        impl ClientBuilder {
            /// Sends requests to `url` (for example a staging server or a local mock) instead of the default.
            pub fn base_url(mut self, url: impl Into<#string>) -> Self {
                self.settings.base_url(url.into());
                self
            }

            /// Fails any request that takes longer than `timeout`, from sending to the end of the body.
            pub fn timeout(mut self, timeout: #duration) -> Self {
                self.settings.timeout(timeout);
                self
            }

            /// Sends `user_agent` as `User-Agent` instead of this crate's name and version.
            pub fn user_agent(mut self, user_agent: impl Into<#string>) -> Self {
                self.settings.user_agent(user_agent.into());
                self
            }

            /// Sends a header with every request.
            pub fn default_header(mut self, name: impl Into<#string>, value: impl Into<#string>) -> Self {
                self.settings.default_header(name.into(), value.into());
                self
            }

            /// Sends requests with `client` (its connection pool, proxies and TLS settings).
            pub fn http_client(mut self, client: reqwest::Client) -> Self {
                self.settings.http_client(client);
                self
            }

            #(#setters)*

            /// Retries a failed request at most `retries` times (default 2; `0` turns retrying
            /// off). Only idempotent methods and requests with an idempotency key are retried
            /// unless a call's options say otherwise.
            pub fn max_retries(mut self, retries: u32) -> Self {
                let policy = #retry_policy { max_retries: retries, ..self.settings.current_retry_policy() };
                self.settings.retry_policy(policy);
                self
            }

            /// Sets every retry setting: the number of retries, the first backoff delay and the
            /// longest wait (also for a server's `Retry-After`).
            pub fn retry_policy(mut self, policy: #retry_policy) -> Self {
                self.settings.retry_policy(policy);
                self
            }

            /// The client. Fails if the base URL is not an absolute `http(s)` URL or a default
            /// header is invalid.
            pub fn build(self) -> #result<Client, #build_error> {
                Ok(Client { core: self.settings.build()?, options: Default::default() })
            }
        }
    }
}

/// `Client::from_env`: one environment variable per security scheme, named after the API
/// and the scheme.
fn from_env(writer: &mut TypeWriter<'_>, api: &Api, prefix: &str) -> Option<TokenStream> {
    if api.security_schemes.is_empty() {
        return None;
    }
    let prefix = prefix.trim_start_matches("r#").to_uppercase().replace('-', "_");
    let result = writer.item(Item::Result);
    let build_error = writer.item(Item::BuildError);
    let mut names = Vec::new();
    let mut reads = Vec::new();
    for scheme in &api.security_schemes {
        let variable = format!("{prefix}_{}", scheme.setter.trim_start_matches("r#").to_uppercase());
        let setter = ident(&scheme.setter);
        match scheme.kind {
            SecurityKind::Basic => {
                let (user, password) = (format!("{variable}_USERNAME"), format!("{variable}_PASSWORD"));
                reads.push(quote! {
                    if let (Some(username), Some(password)) = (lookup(#user), lookup(#password)) {
                        builder = builder.#setter(username, password);
                        found = true;
                    }
                });
                names.push(format!("`{user}` and `{password}`"));
            }
            _ => {
                reads.push(quote! {
                    if let Some(value) = lookup(#variable) {
                        builder = builder.#setter(value);
                        found = true;
                    }
                });
                names.push(format!("`{variable}`"));
            }
        }
    }
    let base_url_variable = format!("{prefix}_BASE_URL");
    let listed = names.join(", ");
    let missing = format!("no credentials in the environment: set {listed}");
    let doc = raw_doc_attrs(&format!(
        "A client with the credentials found in the environment: {listed} (one per security scheme), and the base URL in `{base_url_variable}` if set.\n\n# Errors\n\nFails when none of the credential variables is set, or as [`ClientBuilder::build`] does."
    ));
    let string = writer.item(Item::String);
    let option = writer.item(Item::Option);
    Some(quote! {
        #doc
        pub fn from_env() -> #result<Client, #build_error> {
            Client::from_env_with(|name| std::env::var(name).ok())
        }

        /// [`Client::from_env`] with variables read by `lookup` instead of from the process
        /// environment (a configuration file, a secret store, a test).
        pub fn from_env_with(lookup: impl Fn(&str) -> #option<#string>) -> #result<Client, #build_error> {
            let mut builder = Client::builder();
            let mut found = false;
            #(#reads)*
            if !found {
                return Err(#build_error::MissingCredentials(#missing.to_owned()));
            }
            if let Some(url) = lookup(#base_url_variable) {
                builder = builder.base_url(url);
            }
            builder.build()
        }
    })
}

/// `Client::send_raw`: any request through the client's base URL, credentials and retries.
fn raw_request(writer: &mut TypeWriter<'_>, api: &Api) -> TokenStream {
    let request = writer.item(Item::Request);
    let result = writer.item(Item::Result);
    let response = writer.item(Item::Response);
    let error = writer.item(Item::Error);
    let vec = writer.item(Item::Vec);
    let infallible = writer.item(Item::Infallible);
    let alternatives = (0..api.security_schemes.len()).map(|index| {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        quote! { &[#index] }
    });
    quote! {
        /// The credentials a request built for [`Client::send_raw`] may use: each scheme the
        /// client has a credential for, the first one set being sent.
        pub const ANY_CREDENTIAL: &'static [&'static [usize]] = &[#(#alternatives),*];

        /// Sends a request the document does not describe, with the client's base URL,
        /// credentials, options and retries, and returns any response with its raw body:
        /// `client.send_raw(Request::new(Method::GET, "/v2/beta/{id}", Client::ANY_CREDENTIAL).path("id", "42"))`.
        ///
        /// # Errors
        ///
        /// [`Error::Timeout`], [`Error::Transport`] and [`Error::InvalidRequest`] only: every
        /// status is a response.
        pub async fn send_raw(&self, request: #request) -> #result<#response<#vec<u8>>, #error<#infallible>> {
            let response = self.core.send(request, &self.options).await?;
            response.into_raw()
        }
    }
}

/// How a required parameter is taken: strings as `&str`, numbers and booleans by value,
/// anything else by reference.
enum Passing {
    Str,
    Value,
    Slice,
    Reference,
}

fn passing(ty: &TypeRef) -> Passing {
    match ty {
        TypeRef::Primitive(Primitive::String) => Passing::Str,
        TypeRef::Primitive(
            Primitive::Bool
            | Primitive::I8
            | Primitive::I16
            | Primitive::I32
            | Primitive::I64
            | Primitive::U8
            | Primitive::U16
            | Primitive::U32
            | Primitive::U64
            | Primitive::F32
            | Primitive::F64
            | Primitive::Uuid,
        ) => Passing::Value,
        TypeRef::Array(_) => Passing::Slice,
        _ => Passing::Reference,
    }
}

fn method(writer: &mut TypeWriter<'_>, plan: &Plan<'_>) -> TokenStream {
    let operation = plan.operation;
    let name = ident(&operation.name);
    let mut arguments = Vec::new();
    let mut steps = Vec::new();
    for (parameter, argument) in &plan.arguments {
        let argument_ident = ident(argument);
        let (ty, value) = match passing(&parameter.ty) {
            Passing::Str => (quote! { &str }, quote! { #argument_ident }),
            Passing::Value => (writer.ty(&parameter.ty), quote! { &#argument_ident }),
            Passing::Slice => {
                let item = match &parameter.ty {
                    TypeRef::Array(item) => writer.ty(item),
                    other => writer.ty(other),
                };
                (quote! { &[#item] }, quote! { #argument_ident })
            }
            Passing::Reference => {
                let ty = writer.ty(&parameter.ty);
                (quote! { &#ty }, quote! { #argument_ident })
            }
        };
        arguments.push(quote! { #argument_ident: #ty });
        steps.push(parameter_step(parameter, value, true));
    }
    for parameter in &plan.optional {
        let field = ident(&parameter.name);
        steps.push(parameter_step(parameter, quote! { params.#field.as_ref() }, false));
    }
    let mut optional_body = None;
    if let Some((payload, argument, required)) = &plan.body {
        let body = ident(argument);
        let (ty, step) = body_step(writer, payload, &body);
        if let Some(ty) = ty {
            if *required {
                arguments.push(quote! { #body: #ty });
                steps.push(step);
            } else {
                let option = writer.item(Item::Option);
                arguments.push(quote! { #body: #option<#ty> });
                optional_body = Some(quote! {
                    if let Some(#body) = #body {
                        request = request #step;
                    }
                });
            }
        }
    }
    if let Some(params_type) = &plan.params_type {
        let params_type = writer.operation_type(params_type);
        arguments.push(quote! { params: #params_type });
    }

    let success = success_type(writer, plan);
    let error = match &plan.error_type {
        Some(name) => writer.operation_type(name),
        None => writer.item(Item::Infallible),
    };
    let result = writer.item(Item::Result);
    let response = writer.item(Item::Response);
    let error_type = writer.item(Item::Error);
    let request_type = writer.item(Item::Request);
    let method_type = writer.item(Item::Method);
    let http_method = format_ident!("{}", operation.method);
    let path = &operation.path;
    let alternatives = operation.security.iter().map(|schemes| {
        let schemes = schemes.iter().map(|&index| proc_macro2::Literal::usize_unsuffixed(index));
        quote! { &[#(#schemes),*] }
    });
    let security = quote! { &[#(#alternatives),*] };
    let arms = response_arms(writer, plan);

    let request = match &optional_body {
        Some(body) => quote! {
            let mut request = #request_type::new(#method_type::#http_method, #path, #security) #(#steps)*;
            #body
        },
        None => quote! {
            let request = #request_type::new(#method_type::#http_method, #path, #security) #(#steps)*;
        },
    };
    let docs = raw_doc_attrs(&method_docs(writer, plan));
    let deprecated = operation.deprecated.then(|| quote! { #[deprecated] });
    let many_arguments = (arguments.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #docs
        #deprecated
        #many_arguments
        pub async fn #name(&self, #(#arguments),*) -> #result<#response<#success>, #error_type<#error>> {
            #request
            let response = self.core.send(request, &self.options).await?;
            match response.status() {
                #(#arms)*
            }
        }
    }
}

/// The request step that sends a parameter; `value` is a reference, or an `Option` of one
/// when the parameter is not `required`.
fn parameter_step(parameter: &Parameter, value: TokenStream, required: bool) -> TokenStream {
    let wire = &parameter.wire_name;
    let value = if required && parameter.location != ParameterLocation::Path { quote! { Some(#value) } } else { value };
    match parameter.location {
        ParameterLocation::Path => quote! { .path(#wire, #value) },
        ParameterLocation::Query => {
            let explode = parameter.explode;
            quote! { .query(#wire, #value, #explode) }
        }
        ParameterLocation::Header => quote! { .header(#wire, #value) },
        ParameterLocation::Cookie => quote! { .cookie(#wire, #value) },
    }
}

/// The body argument's type and the request step that sends it.
fn body_step(writer: &mut TypeWriter<'_>, payload: &Payload, body: &proc_macro2::Ident) -> (Option<TokenStream>, TokenStream) {
    match payload {
        Payload::Json(ty) => {
            let ty = writer.ty(ty);
            (Some(quote! { &#ty }), quote! { .json_body(#body) })
        }
        Payload::Form(ty) => {
            let ty = writer.ty(ty);
            (Some(quote! { &#ty }), quote! { .form_body(#body) })
        }
        Payload::Multipart(Some((structure, fields))) => {
            let ty = writer.named(structure);
            let multipart = writer.item(Item::Multipart);
            let parts = fields.iter().map(|field| {
                let wire = &field.wire_name;
                let name = ident(&field.field);
                let value = if field.always_present { quote! { Some(&#body.#name) } } else { quote! { #body.#name.as_ref() } };
                if field.binary { quote! { .file(#wire, #value) } } else { quote! { .text(#wire, #value) } }
            });
            (Some(quote! { &#ty }), quote! { .multipart_body(#multipart::new() #(#parts)* .into_form()) })
        }
        Payload::Multipart(None) => {
            let form = writer.item(Item::Form);
            (Some(form), quote! { .multipart_body(#body) })
        }
        Payload::Text(media_type) => (Some(quote! { &str }), quote! { .raw_body(#media_type, #body) }),
        Payload::Bytes(media_type) => {
            let vec = writer.item(Item::Vec);
            (Some(quote! { #vec<u8> }), quote! { .raw_body(#media_type, #body) })
        }
        Payload::Empty => (None, TokenStream::new()),
    }
}

fn success_type(writer: &mut TypeWriter<'_>, plan: &Plan<'_>) -> TokenStream {
    match (&plan.success_type, plan.successes.as_slice()) {
        (Some(name), _) => writer.operation_type(name),
        (None, [single]) => payload_type(writer, &single.payload).unwrap_or_else(|| quote! { () }),
        (None, _) => quote! { () },
    }
}

/// The `match` arms on the status: exact codes, then ranges, then `default` or the
/// unexpected-response fallback.
fn response_arms(writer: &mut TypeWriter<'_>, plan: &Plan<'_>) -> Vec<TokenStream> {
    let mut outcomes: Vec<(&Outcome, bool)> =
        plan.successes.iter().map(|o| (o, true)).chain(plan.errors.iter().map(|o| (o, false))).collect();
    outcomes.sort_by_key(|(outcome, _)| match outcome.status {
        crate::ir::Status::Code(_) => 0,
        crate::ir::Status::Range(_) => 1,
        crate::ir::Status::Default => 2,
    });
    let success_enum = plan.success_type.as_ref().map(|name| writer.operation_type(name));
    let error_enum = plan.error_type.as_ref().map(|name| writer.operation_type(name));
    let mut arms = Vec::new();
    if plan.successes.is_empty() {
        arms.push(quote! { 200..=299 => response.empty(()), });
    }
    let mut has_default = false;
    for (outcome, success) in outcomes {
        let pattern = status_pattern(outcome.status);
        has_default |= outcome.status == crate::ir::Status::Default;
        let variant = ident(&outcome.variant);
        let arm = if success {
            match &success_enum {
                Some(enumeration) => match &outcome.payload {
                    Payload::Json(_) | Payload::Form(_) => quote! { response.json_with(#enumeration::#variant) },
                    Payload::Text(_) => quote! { response.text_with(#enumeration::#variant) },
                    Payload::Bytes(_) => quote! { response.bytes_with(#enumeration::#variant) },
                    Payload::Multipart(_) | Payload::Empty => quote! { response.empty(#enumeration::#variant) },
                },
                None => match &outcome.payload {
                    Payload::Json(_) | Payload::Form(_) => quote! { response.json() },
                    Payload::Text(_) => quote! { response.text() },
                    Payload::Bytes(_) => quote! { response.bytes() },
                    Payload::Multipart(_) | Payload::Empty => quote! { response.empty(()) },
                },
            }
        } else {
            let enumeration = error_enum.clone().unwrap_or_default();
            match &outcome.payload {
                Payload::Json(_) | Payload::Form(_) => quote! { Err(response.api_json(#enumeration::#variant)) },
                Payload::Text(_) => quote! { Err(response.api_text(#enumeration::#variant)) },
                Payload::Bytes(_) => quote! { Err(response.api_bytes(#enumeration::#variant)) },
                Payload::Multipart(_) | Payload::Empty => quote! { Err(response.api_empty(#enumeration::#variant)) },
            }
        };
        arms.push(quote! { #pattern => #arm, });
    }
    if !has_default {
        arms.push(quote! { _ => Err(response.unexpected()), });
    }
    arms
}

fn method_docs(writer: &mut TypeWriter<'_>, plan: &Plan<'_>) -> String {
    let operation = plan.operation;
    let mut sections = Vec::new();
    if let Some(summary) = &operation.summary {
        sections.push(prose(summary));
    }
    if let Some(description) = operation.description.as_ref().filter(|d| Some(*d) != operation.summary.as_ref()) {
        sections.push(prose(description));
    }
    sections.push(format!("`{} {}`", operation.method, operation.path));
    let mut arguments = Vec::new();
    for (parameter, argument) in &plan.arguments {
        arguments.push(argument_doc(argument, parameter.docs.as_deref()));
    }
    if let Some((_, argument, _)) = &plan.body {
        let docs = operation.body.as_ref().and_then(|body| body.docs.as_deref()).unwrap_or("The request body.");
        arguments.push(argument_doc(argument, Some(docs)));
    }
    if let Some(params_type) = &plan.params_type {
        let path = writer.operation_type_text(params_type);
        let names: Vec<String> = plan.optional.iter().map(|p| format!("`{}`", p.wire_name)).collect();
        arguments.push(format!("- `params`: the optional parameters {} (see [`{path}`]).", names.join(", ")));
    }
    if !arguments.is_empty() {
        sections.push(format!("# Arguments\n\n{}", arguments.join("\n")));
    }
    let error = writer.item_text(Item::Error);
    let mut errors = Vec::new();
    if let Some(error_type) = &plan.error_type {
        let path = writer.operation_type_text(error_type);
        for outcome in &plan.errors {
            let what = match outcome.status {
                crate::ir::Status::Default => "any other status".to_owned(),
                status => format!("status {}", status_text(status)),
            };
            errors.push(format!("- [`{error}::Api`] with [`{path}::{}`] for {what}", outcome.variant));
        }
    }
    errors.push(format!("- [`{error}::UnexpectedResponse`] for an undocumented status or a body that does not decode as documented"));
    errors.push(format!("- [`{error}::Timeout`] when no response arrives in time, after any retries"));
    errors.push(format!("- [`{error}::Transport`] when the request cannot be sent or the response cannot be read"));
    errors.push(format!("- [`{error}::InvalidRequest`] when an argument cannot be encoded"));
    sections.push(format!("# Errors\n\n{}", errors.join("\n")));
    sections.join("\n\n")
}

fn argument_doc(argument: &str, docs: Option<&str>) -> String {
    let argument = argument.trim_start_matches("r#");
    match docs {
        Some(docs) => format!("- `{argument}`: {}", prose(&docs.trim().replace('\n', " "))),
        None => format!("- `{argument}`"),
    }
}
