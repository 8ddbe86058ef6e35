//! The streams of a list operation that pages (`ir::Pagination`): `.pages()` and `.items()`
//! on its call, and the `send_page` its `send` becomes, which asks for one page.
//!
//! Each page's request is the call's own, cloned and built by `send_page` like any call's, so
//! every parameter, header and body the caller set is kept and the client's options, retries
//! and credentials apply; the runtime's `PageRequest::apply` changes only the cursor, offset,
//! page number or URL, and its `Paging` reads from each page where the next one is.

use crate::ir::{PageScheme, Pagination, ParameterLocation};

use super::code::{Code, string_literal};
use super::imports::Item;
use super::operations::{Plan, success_type};
use super::types::TypeWriter;

/// What the call type of an operation that pages defines besides the members of every call,
/// which its parameters must not be named after.
pub(super) const CALL_MEMBERS: [&str; 3] = ["pages", "items", "send_page"];

/// `send` of a call that pages: the caller's own request, the first page.
pub(super) fn send_first_page(code: &mut Code, writer: &mut TypeWriter<'_>, returned: &str) {
    let page_request = writer.item(Item::PageRequest);
    code.open_fn("pub fn send", &["self".to_owned()], Some(returned));
    code.statement(&format!("self.send_page({page_request}::default())"));
    code.close("}");
    code.blank();
    code.line("/// Sends the call's request changed to ask for `page`, and decodes the response.");
}

/// The parameters of `send_page`.
pub(super) fn send_page_parameters(writer: &mut TypeWriter<'_>) -> Vec<String> {
    vec!["self".to_owned(), format!("page: {}", writer.item(Item::PageRequest))]
}

/// `pages` and `items` on the call of `plan`'s operation.
pub(super) fn streams(
    code: &mut Code,
    writer: &mut TypeWriter<'_>,
    plan: &Plan<'_>,
    pagination: &Pagination,
) {
    let call = writer.operation_type(&plan.call_type);
    let page = success_type(writer, plan);
    let error = writer.operation_type(&plan.error_type);
    let item = writer.ty(&pagination.item);
    let pages_type = writer.item(Item::Pages);
    let items_type = writer.item(Item::Items);
    let paging = writer.item(Item::Paging);
    let pages = writer.item(Item::PagesOf);
    let items = writer.item(Item::ItemsOf);
    let method = plan.operation.name.trim_start_matches("r#");

    let literal = |name: &str| string_literal(name);
    let mut builder = match &pagination.scheme {
        PageScheme::ItemCursor { parameter, id } => {
            format!("{paging}::item_cursor({}, {})", literal(parameter), literal(id))
        }
        PageScheme::BodyCursor { parameter, field } => {
            format!("{paging}::body_cursor({}, {})", literal(parameter), literal(field))
        }
        PageScheme::NextUrl { field } => format!("{paging}::next_url({})", literal(field)),
        PageScheme::LinkHeader => format!("{paging}::link_header()"),
        PageScheme::Offset { parameter } => {
            format!("{paging}::offset({}){}", literal(parameter), setting(plan, "start", parameter))
        }
        PageScheme::PageNumber { parameter, first } => format!(
            "{paging}::page_number({}, {first}){}",
            literal(parameter),
            setting(plan, "start", parameter)
        ),
    };
    if let Some(field) = &pagination.items {
        builder.push_str(&format!(".items({})", literal(&field.wire_name)));
    }
    if let Some(member) = &pagination.has_more {
        builder.push_str(&format!(".has_more({})", literal(member)));
    }
    if let Some(size) = &pagination.size {
        if matches!(pagination.scheme, PageScheme::Offset { .. } | PageScheme::PageNumber { .. }) {
            builder.push_str(&setting(plan, "size", size));
        }
    }
    let taken = match &pagination.items {
        None => "page.into_inner()".to_owned(),
        Some(field) => {
            let name = &field.name;
            match (field.required, field.nullable) {
                (true, false) => format!("page.into_inner().{name}"),
                (false, true) => {
                    format!("page.into_inner().{name}.into_option().unwrap_or_default()")
                }
                _ => format!("page.into_inner().{name}.unwrap_or_default()"),
            }
        }
    };

    code.open(&format!("impl<'a> {call}<'a> {{"));
    code.raw_docs(&format!(
        "Every page of the list, in order: the first is this call's request, and each next one the same request (every parameter and header kept) {}, sent like the call (with its client's options and retries). The stream ends after the last page, or after the first error, which it gives.\n\n`while let Some(page) = pages.next().await` reads it, with `StreamExt` from the `runtime` module; [`items`]({call}::items) gives the items instead. See [`Client::{method}`](super::Client::{method}) for what each page holds and its errors.",
        scheme_text(&pagination.scheme)
    ));
    code.open_fn(
        "pub fn pages",
        &["self".to_owned()],
        Some(&format!("{pages_type}<'a, {page}, {error}>")),
    );
    code.statement(&format!("let paging = {builder};"));
    code.statement(&format!("{pages}(paging, move |page| self.clone().send_page(page))"));
    code.close("}");
    code.blank();
    code.raw_docs(&format!(
        "Every item of every page, in order, as [`pages`]({call}::pages) fetches them: `while let Some(item) = items.next().await`. The stream ends after the last item, or after the first error, which it gives."
    ));
    code.open_fn(
        "pub fn items",
        &["self".to_owned()],
        Some(&format!("{items_type}<'a, {item}, {error}>")),
    );
    let one_line = format!("{items}(self.pages(), |page| {taken})");
    // The body of a method of an impl starts at column 8; a closure that does not fit
    // there gets a block, as rustfmt writes it.
    if 8 + one_line.len() <= 100 {
        code.statement(&one_line);
    } else {
        code.open(&format!("{items}(self.pages(), |page| {{"));
        code.statement(&taken);
        code.close("})");
    }
    code.close("}");
    code.close("}");
}

/// `.start(self.offset)` or `.size(self.limit)`: the call's value of the query parameter
/// `wire_name`, when the call has one.
fn setting(plan: &Plan<'_>, method: &str, wire_name: &str) -> String {
    let is = |parameter: &crate::ir::Parameter| {
        parameter.location == ParameterLocation::Query && parameter.wire_name == wire_name
    };
    if let Some((_, field)) = plan.optional.iter().find(|(parameter, _)| is(parameter)) {
        return format!(".{method}(self.{field})");
    }
    if let Some((_, argument)) = plan.arguments.iter().find(|(parameter, _)| is(parameter)) {
        return format!(".{method}(Some(self.{argument}))");
    }
    String::new()
}

/// What a next page's request changes, for the docs.
fn scheme_text(scheme: &PageScheme) -> String {
    match scheme {
        PageScheme::ItemCursor { parameter, id } => {
            format!("with `{parameter}` set to the `{id}` of the previous page's last item")
        }
        PageScheme::BodyCursor { parameter, field } => {
            format!("with `{parameter}` set to the previous page's `{field}`")
        }
        PageScheme::NextUrl { field } => {
            format!("sent to the URL in the previous page's `{field}`")
        }
        PageScheme::LinkHeader => {
            "sent to the URL of the previous page's `Link` header with `rel=\"next\"`".to_owned()
        }
        PageScheme::Offset { parameter } => {
            format!("with `{parameter}` moved past the items received")
        }
        PageScheme::PageNumber { parameter, .. } => {
            format!("with `{parameter}` one more than the previous page's")
        }
    }
}
