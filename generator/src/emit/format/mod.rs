//! The part of rustfmt's layout rules (with the project's `.rustfmt.toml`: 100 columns,
//! small heuristics at their maximum) that generated code needs, so that emitted crates are
//! exactly as `cargo fmt` would leave them without running it: statements, match arms,
//! function signatures, fields, variants, attributes and item headers.
//!
//! Each function takes the one-line text an emitter would write and the indentation it is
//! written at, and returns the text as rustfmt lays it out: the first line without its
//! indentation, the others with theirs. Where rustfmt cannot lay a construct out within the
//! width it leaves the source as it is, and so does this module, returning the one-line
//! text.

mod expr;
mod shape;
mod syntax;

use expr::Rewriter;
pub use shape::{MAX_WIDTH, TAB};
use shape::{Shape, first_line_width, fits, last_line_width, newline};
use syntax::{Expr, parse_expr, parse_type};

/// A statement (`let x = ...;`, `x = ...;`, `return ...;`, `expr;`) or a block's tail
/// expression (no `;`).
pub fn statement(text: &str, indent: usize) -> String {
    if fits_on_one_line(text, indent) {
        return text.to_owned();
    }
    try_statement(text, indent).unwrap_or_else(|| text.to_owned())
}

/// Whether one-line text fits at `indent`; rustfmt (with every width heuristic at the
/// maximum) keeps such statements, arms, fields and signatures on their line, so the
/// common case needs no parsing.
fn fits_on_one_line(text: &str, indent: usize) -> bool {
    indent + text.len() <= MAX_WIDTH
}

fn try_statement(text: &str, indent: usize) -> Option<String> {
    let shape = Shape::indented(indent);
    let (body, semicolon) = match text.strip_suffix(';') {
        Some(body) => (body, ";"),
        None => (text, ""),
    };
    let shape = shape.sub_width(semicolon.len())?;
    let rewriter = Rewriter::new();
    let declaration = ["let ", "pub const ", "const "].iter().any(|kw| body.starts_with(kw));
    let laid_out = if declaration {
        let (lhs, value) = body.split_once(" = ")?;
        assign(&rewriter, &format!("{lhs} ="), &parse_expr(value)?, shape)?
    } else if let Some(value) = body.strip_prefix("return ") {
        format!("return {}", rewriter.expr(&parse_expr(value)?, shape.offset_left(7)?)?)
    } else if let Some((target, value)) =
        body.split_once(" = ").filter(|(target, _)| is_place(target))
    {
        assign(&rewriter, &format!("{target} ="), &parse_expr(value)?, shape)?
    } else {
        rewriter.expr(&parse_expr(body)?, shape)?
    };
    Some(format!("{laid_out}{semicolon}"))
}

/// Whether `text` is a place an assignment can write to: a name or a field.
fn is_place(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

/// `lhs` (ending with `=` or `:`) and the value after it: rustfmt's `rewrite_assign_rhs`.
fn assign(rewriter: &Rewriter, lhs: &str, value: &Expr, shape: Shape) -> Option<String> {
    let rhs = choose_rhs(lhs, shape, |shape| rewriter.expr(value, shape))?;
    Some(format!("{lhs}{rhs}"))
}

/// rustfmt's `choose_rhs`: the right-hand side after `lhs`, on its line or on the next.
fn choose_rhs(
    lhs: &str,
    shape: Shape,
    rewrite: impl Fn(Shape) -> Option<String>,
) -> Option<String> {
    let orig_shape = shape.offset_left(last_line_width(lhs) + 1).unwrap_or(Shape {
        width: 0,
        offset: shape.offset + last_line_width(lhs) + 1,
        ..shape
    });
    let orig = rewrite(orig_shape);
    if let Some(orig) = &orig {
        if !orig.contains('\n') && orig.len() <= orig_shape.width {
            return Some(format!(" {orig}"));
        }
    }
    let next_shape =
        Shape::indented(orig_shape.indent + TAB).sub_width(orig_shape.rhs_overhead())?;
    let next = rewrite(next_shape);
    let next_line = newline(next_shape.indent);
    match (orig, next) {
        (Some(orig), Some(next)) if !fits(&next, next_shape) => Some(format!(" {orig}")),
        (Some(orig), Some(next)) if prefer_next_line(&orig, &next) => {
            Some(format!("{next_line}{next}"))
        }
        (None, Some(next)) => Some(format!("{next_line}{next}")),
        (None, None) => None,
        (Some(orig), _) => Some(format!(" {orig}")),
    }
}

/// rustfmt's `prefer_next_line`.
fn prefer_next_line(orig: &str, next: &str) -> bool {
    let first_line_ends_with =
        |text: &str, c: char| text.split('\n').next().is_some_and(|line| line.ends_with(c));
    !next.contains('\n')
        || orig.matches('\n').count() > next.matches('\n').count() + 1
        || ['(', '{', '[']
            .iter()
            .any(|&c| first_line_ends_with(orig, c) && !first_line_ends_with(next, c))
}

/// A match arm `pattern => body,` at `indent`.
pub fn match_arm(pattern: &str, body: &str, indent: usize) -> String {
    let one_line = format!("{pattern} => {body},");
    if fits_on_one_line(&one_line, indent) {
        return one_line;
    }
    try_match_arm(pattern, body, indent).unwrap_or(one_line)
}

/// rustfmt's `rewrite_match_body` for a body that is not a block.
fn try_match_arm(pattern: &str, body: &str, indent: usize) -> Option<String> {
    let body = parse_expr(body)?;
    let rewriter = Rewriter::new();
    let shape = Shape::indented(indent);
    let same_line = format!("{pattern} => ");
    let orig_shape = shape.offset_left(same_line.len()).and_then(|shape| shape.sub_width(1));
    let orig = orig_shape.and_then(|shape| rewriter.expr(&body, shape));
    if let (Some(orig), Some(orig_shape)) = (&orig, orig_shape) {
        if !orig.contains('\n') && orig.len() <= orig_shape.width {
            return Some(format!("{same_line}{orig},"));
        }
    }
    let budget = orig_shape.map_or(0, |shape| shape.width);
    let next = rewriter.expr(&body, Shape::indented(indent + TAB));
    let block =
        |next: &str| format!("{pattern} => {{{}{next}{}}}", newline(indent + TAB), newline(indent));
    match (orig, next) {
        (Some(orig), Some(next)) if prefer_next_line(&orig, &next) => Some(block(&next)),
        (Some(orig), _) if can_flatten_block_around(&body) && first_line_width(&orig) <= budget => {
            Some(format!("{same_line}{orig},"))
        }
        (Some(orig), Some(next)) if orig.contains('\n') => Some(block(&next)),
        (None, Some(next)) => Some(block(&next)),
        (None, None) => None,
        (Some(orig), _) => Some(format!("{same_line}{orig},")),
    }
}

/// Whether a match arm's body may start on the arm's line and continue below it.
fn can_flatten_block_around(body: &Expr) -> bool {
    match body {
        Expr::Call(..)
        | Expr::MethodCall(..)
        | Expr::Struct(..)
        | Expr::Tuple(_)
        | Expr::Array(_) => true,
        Expr::Unary(_, inner) | Expr::Try(inner) => can_flatten_block_around(inner),
        _ => false,
    }
}

/// `if let pattern = value {` at `indent`, the `{` included.
pub fn if_let(pattern: &str, value: &str, indent: usize) -> String {
    let one_line = format!("if let {pattern} = {value} {{");
    if fits_on_one_line(&one_line, indent) {
        return one_line;
    }
    try_if_let(pattern, value, indent).unwrap_or(one_line)
}

/// rustfmt's `ControlFlow::rewrite_pat_expr` and brace placement for `if let`.
fn try_if_let(pattern: &str, value: &str, indent: usize) -> Option<String> {
    let value = parse_expr(value)?;
    let rewriter = Rewriter::new();
    // The condition starts after `if `; rustfmt leaves no room for the ` {` here, but
    // moves the brace to a line of its own below when the condition does not fit.
    let shape = Shape::indented(indent).offset_left(3)?;
    let lhs = format!("let {pattern} =");
    let condition =
        format!("{lhs}{}", choose_rhs(&lhs, shape, |shape| rewriter.expr(&value, shape))?);
    let one_line_budget = MAX_WIDTH.saturating_sub(indent + 3 + 2);
    let last_line_offset = condition.contains('\n') && {
        let last = condition.rsplit('\n').next().unwrap_or_default();
        last.len() - last.trim_start().len() > indent
    };
    let multi_line = condition.contains('\n') || condition.len() > one_line_budget;
    let brace_below = multi_line && (!shape::last_line_extendable(&condition) || last_line_offset);
    let brace = if brace_below { format!("{}{{", newline(indent)) } else { " {".to_owned() };
    Some(format!("if {condition}{brace}"))
}

/// A struct field `prefix ty,` (`prefix` is `pub name:`), at `indent`.
pub fn field(prefix: &str, ty: &str, indent: usize) -> Option<String> {
    let one_line = format!("{prefix} {ty},");
    if fits_on_one_line(&one_line, indent) {
        return Some(one_line);
    }
    let shape = Shape::indented(indent).sub_width(1)?;
    Some(format!("{},", struct_field(prefix, " ", ty, shape)?))
}

/// rustfmt's `rewrite_struct_field`: `prefix` (`pub name:`, `pub ` or nothing), `spacing`
/// and the type, which moves to the next line or breaks as an assignment's value would.
fn struct_field(prefix: &str, spacing: &str, ty: &str, shape: Shape) -> Option<String> {
    let ty = parse_type(ty);
    let rewriter = Rewriter::new();
    let overhead = prefix.trim().len() + spacing.len();
    let orig = shape.offset_left(overhead).and_then(|shape| rewriter.ty(&ty, shape));
    if let Some(orig) = orig.filter(|orig| !orig.contains('\n')) {
        return Some(format!("{prefix}{spacing}{orig}"));
    }
    // As rustfmt writes it: a tuple struct's `pub ` and the space before the value make
    // `pub  Type<`, with two spaces.
    let rhs = choose_rhs(prefix, shape, |shape| rewriter.ty(&ty, shape))?;
    let field = format!("{prefix}{rhs}");
    Some(if prefix.is_empty() { field.trim_start().to_owned() } else { field })
}

/// A tuple variant or tuple struct `head(fields)` followed by `tail` (`,` or `;`), at
/// `indent`; `None` where rustfmt gives up.
pub fn tuple(head: &str, fields: &[String], tail: &str, indent: usize) -> Option<String> {
    let one_line = format!("{head}({}){tail}", fields.join(", "));
    if indent + one_line.len() <= MAX_WIDTH {
        return Some(one_line);
    }
    let nested = Shape::indented(indent + TAB).sub_width(1)?;
    let mut lines = Vec::new();
    for field in fields {
        let (prefix, ty) = match field.strip_prefix("pub ") {
            Some(ty) => ("pub ", ty),
            None => ("", field.as_str()),
        };
        let field = struct_field(prefix, "", ty, nested)?;
        lines.push(format!("{}{field},", " ".repeat(nested.indent)));
    }
    Some(format!("{head}(\n{}\n{}){tail}", lines.join("\n"), " ".repeat(indent)))
}

/// An attribute laid out with one item per line, as rustfmt lays out one that does not fit.
pub fn attribute_broken(open: &str, items: &[String], close: &str, indent: usize) -> String {
    let separator = format!(",{}", newline(indent + TAB));
    format!("{open}{}{}{}{close}", newline(indent + TAB), items.join(&separator), newline(indent))
}

/// The header of a struct or enum with fields, `{` included: the brace goes on a line of
/// its own when the header is too long.
pub fn item_header(head: &str, indent: usize) -> String {
    if indent + head.len() + 2 <= MAX_WIDTH {
        format!("{head} {{")
    } else {
        format!("{head}{}{{", newline(indent))
    }
}

/// A struct without fields, `head {}`.
pub fn empty_struct(head: &str, indent: usize) -> String {
    let one_line = indent + head.len() + 3;
    if one_line <= MAX_WIDTH - 2 {
        format!("{head} {{}}")
    } else if one_line <= MAX_WIDTH {
        format!("{head} {{{}}}", newline(indent))
    } else {
        format!("{head}{}{{}}", newline(indent))
    }
}

/// `impl {target} {` or `impl {trait_} for {target} {`, `{` included.
pub fn impl_header(generics: &str, trait_: Option<&str>, target: &str, indent: usize) -> String {
    let one_line = match trait_ {
        Some(trait_) => format!("impl{generics} {trait_} for {target} {{"),
        None => format!("impl{generics} {target} {{"),
    };
    if indent + one_line.len() <= MAX_WIDTH {
        return one_line;
    }
    let (first, second) = match trait_ {
        Some(trait_) => (format!("impl{generics} {trait_}"), format!("for {target}")),
        None => (format!("impl{generics}"), target.to_owned()),
    };
    if indent + TAB + second.len() > MAX_WIDTH {
        return one_line;
    }
    format!("{first}{}{second}{}{{", newline(indent + TAB), newline(indent))
}

/// `pub type name = ty;` at `indent`.
pub fn type_alias(head: &str, ty: &str, indent: usize) -> String {
    let one_line = format!("{head} = {ty};");
    if indent + one_line.len() <= MAX_WIDTH {
        return one_line;
    }
    let rewriter = Rewriter::new();
    let parsed = parse_type(ty);
    let lhs = format!("{head} =");
    Shape::indented(indent)
        .sub_width(1)
        .and_then(|shape| choose_rhs(&lhs, shape, |shape| rewriter.ty(&parsed, shape)))
        .map_or(one_line, |rhs| format!("{lhs}{rhs};"))
}

/// A function signature `head(params) -> ret` and its `{`, at `indent` (rustfmt's
/// `rewrite_fn_base` without generics or where clauses; `head` is `pub fn name` and may
/// end with generics that fit).
pub fn signature(head: &str, params: &[String], ret: Option<&str>, indent: usize) -> String {
    let arrow = ret.map(|ret| format!(" -> {ret}")).unwrap_or_default();
    let one_line = format!("{head}({}){arrow} {{", params.join(", "));
    if fits_on_one_line(&one_line, indent) {
        return one_line;
    }
    let rewriter = Rewriter::new();
    let ret = ret.map(parse_type);
    let ret_shape = Shape::indented(indent);
    let rewrite_ret = |shape: Shape| -> Option<String> {
        let ty = ret.as_ref()?;
        Some(format!("-> {}", rewriter.ty(ty, shape.offset_left(3)?)?))
    };
    let ret_text = ret.as_ref().and_then(|_| rewrite_ret(ret_shape));
    if ret.is_some() && ret_text.is_none() {
        // rustfmt leaves a signature whose return type it cannot fit as it was written, but
        // for the space before the brace, which it drops.
        return format!("{head}({}){arrow}{{", params.join(", "));
    }
    let multi_line_ret = ret_text.as_deref().is_some_and(|text| text.contains('\n'));
    let ret_len = if multi_line_ret { 0 } else { ret_text.as_deref().map_or(0, str::len) };
    let param_indent = indent + TAB;
    let one_line_budget = if multi_line_ret {
        0
    } else {
        let overhead = if ret_len == 0 { 2 } else { 3 };
        MAX_WIDTH.saturating_sub(indent + head.len() + ret_len + overhead + 2)
    };
    let multi_line_budget = MAX_WIDTH.saturating_sub(param_indent + 1);
    let param_shape = Shape { width: multi_line_budget, indent: param_indent, offset: 0 };
    let laid_params: Vec<String> =
        params.iter().map(|param| rewrite_param(&rewriter, param, param_shape)).collect();
    let total = laid_params.iter().map(String::len).sum::<usize>()
        + 2 * laid_params.len().saturating_sub(1);
    let horizontal = total <= one_line_budget && !laid_params.iter().any(|p| p.contains('\n'));
    let param_text = if horizontal {
        laid_params.join(", ")
    } else {
        let separator = format!(",{}", newline(param_indent));
        format!("{},", laid_params.join(&separator))
    };
    let in_block =
        (param_text.contains('\n') || param_text.len() > one_line_budget) && !params.is_empty();
    let mut result = format!("{head}(");
    // rustfmt breaks after `()` rather than let an empty list pass the width.
    let mut paren_overflow = false;
    if in_block {
        result.push_str(&newline(param_indent));
        result.push_str(&param_text);
        result.push_str(&newline(indent));
        result.push(')');
    } else {
        result.push_str(&param_text);
        let used = line_end(&result, indent) + ret_text.as_deref().map_or(0, first_line_width);
        result.push(')');
        if params.is_empty() && used + 1 > MAX_WIDTH {
            result.push_str(&newline(indent));
            paren_overflow = true;
        }
    }
    if let Some(ret_text) = ret_text {
        let indent_ret = !in_block
            && !params.is_empty()
            && (result.contains('\n')
                || multi_line_ret
                || result.len() + indent + ret_len + 3 > MAX_WIDTH);
        let shape = if indent_ret {
            result.push_str(&newline(indent));
            ret_shape
        } else {
            if !paren_overflow {
                result.push(' ');
            }
            ret_shape.offset_left(last_line_width(&result)).unwrap_or(ret_shape)
        };
        if multi_line_ret || indent_ret {
            result.push_str(&rewrite_ret(shape).unwrap_or(ret_text));
        } else {
            result.push_str(&ret_text);
        }
    }
    if last_line_width(&result) + 2 > MAX_WIDTH - indent {
        format!("{result}{}{{", newline(indent))
    } else {
        format!("{result} {{")
    }
}

/// The column a line of laid-out text ends at, when its first line starts at `indent`.
fn line_end(text: &str, indent: usize) -> usize {
    if text.contains('\n') { last_line_width(text) } else { indent + text.len() }
}

/// A parameter `name: Type`, or `self` and its kin, laid out as rustfmt's `Param`.
fn rewrite_param(rewriter: &Rewriter, param: &str, shape: Shape) -> String {
    let Some((name, ty)) = param.split_once(": ") else {
        return param.to_owned();
    };
    let overhead = name.len() + 2;
    let ty_shape = Shape {
        width: shape.width.saturating_sub(overhead),
        indent: shape.indent,
        offset: overhead,
    };
    match rewriter.ty(&parse_type(ty), ty_shape) {
        Some(ty) => format!("{name}: {ty}"),
        None => param.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    //! Expected texts are rustfmt's own output for the same code.

    use super::*;

    #[test]
    fn a_chain_too_long_for_its_line_moves_below_the_let_before_breaking() {
        let text = r#"let request = Request::new(Method::GET, "/orgs/{org}/actions/permissions/repositories", &[]).accept("application/json").path("org", org);"#;
        assert_eq!(
            statement(text, 8),
            r#"let request =
            Request::new(Method::GET, "/orgs/{org}/actions/permissions/repositories", &[])
                .accept("application/json")
                .path("org", org);"#
        );
    }

    #[test]
    fn a_call_with_a_turbofish_is_laid_out_as_a_chain_link() {
        let text = r##"let outcome = client.with_options(judged("GET /me/tokens/{apiTokenId}", status)).user_api_token_get(&api_token_id).losantdomain(arg::<String>("losantdomain", r#""example.com""#)?).await;"##;
        assert_eq!(
            statement(text, 8),
            r##"let outcome = client
            .with_options(judged("GET /me/tokens/{apiTokenId}", status))
            .user_api_token_get(&api_token_id)
            .losantdomain(arg::<String>("losantdomain", r#""example.com""#)?)
            .await;"##
        );
    }

    #[test]
    fn an_arm_body_that_does_not_fit_goes_into_a_block() {
        let body =
            "Err(response.api_json(MigrationsStartForAuthenticatedUserError::UnprocessableEntity))";
        assert_eq!(
            match_arm("422", body, 12),
            "422 => {
                Err(response
                    .api_json(MigrationsStartForAuthenticatedUserError::UnprocessableEntity))
            }"
        );
        assert_eq!(
            match_arm("_", "Err(response.unexpected())", 12),
            "_ => Err(response.unexpected()),"
        );
    }

    #[test]
    fn a_long_return_type_breaks_its_generic_arguments() {
        let ret = "Result<Response<ActionsListSelectedRepositoriesEnabledGithubActionsOrganizationResponse>, Error<Infallible>>";
        let head =
            "pub async fn actions_list_selected_repositories_enabled_github_actions_organization";
        assert_eq!(
            signature(head, &["&self".to_owned(), "org: &str".to_owned()], Some(ret), 4),
            format!(
                "{head}(
        &self,
        org: &str,
    ) -> Result<
        Response<ActionsListSelectedRepositoriesEnabledGithubActionsOrganizationResponse>,
        Error<Infallible>,
    > {{"
            )
        );
    }

    /// Twilio's `fetch_incoming_phone_number_assigned_add_on_extension`: the type inside
    /// `Response<…>` alone passes the width, so rustfmt cannot lay the signature out and
    /// leaves it as written, without the space before `{`; dropping the return type instead
    /// made the crate not compile.
    #[test]
    fn a_return_type_that_cannot_fit_keeps_the_signature_as_written() {
        let ty = "ApiV2010AccountIncomingPhoneNumberIncomingPhoneNumberAssignedAddOnIncomingPhoneNumberAssignedAddOnExtension";
        let ret = format!("Result<Response<{ty}>, Error<Infallible>>");
        let head = "pub async fn fetch_incoming_phone_number_assigned_add_on_extension";
        let params = ["&self".to_owned(), "account_sid: &str".to_owned(), "sid: &str".to_owned()];
        assert_eq!(
            signature(head, &params, Some(&ret), 4),
            format!("{head}(&self, account_sid: &str, sid: &str) -> {ret}{{")
        );
    }

    #[test]
    fn a_field_type_moves_to_the_next_line_or_breaks_its_generics() {
        assert_eq!(
            field(
                "pub adjusted_for_overdraft:",
                "Option<Box<CustomerBalanceResourceCashBalanceTransactionResourceAdjustedForOverdraft>>",
                4
            )
            .as_deref(),
            Some(
                "pub adjusted_for_overdraft:
        Option<Box<CustomerBalanceResourceCashBalanceTransactionResourceAdjustedForOverdraft>>,"
            )
        );
        assert_eq!(
            field(
                "pub applied_to_payment:",
                "Option<Box<CustomerBalanceResourceCashBalanceTransactionResourceAppliedToPaymentTransaction>>",
                4
            )
            .as_deref(),
            Some(
                "pub applied_to_payment: Option<
        Box<CustomerBalanceResourceCashBalanceTransactionResourceAppliedToPaymentTransaction>,
    >,"
            )
        );
    }

    #[test]
    fn a_field_that_cannot_fit_is_not_laid_out() {
        assert_eq!(field("pub field:", &"T".repeat(99), 4), None);
    }

    #[test]
    fn an_impl_header_breaks_before_for_unless_even_that_does_not_fit() {
        let name = "A".repeat(80);
        assert_eq!(
            impl_header("", Some("fmt::Display"), &name, 0),
            format!("impl fmt::Display\n    for {name}\n{{")
        );
        let longer = "A".repeat(93);
        assert_eq!(
            impl_header("", Some("fmt::Display"), &longer, 0),
            format!("impl fmt::Display for {longer} {{")
        );
    }

    #[test]
    fn text_outside_the_parsed_subset_is_left_as_written() {
        assert_eq!(statement("let x = |a| a;", 0), "let x = |a| a;");
    }
}
