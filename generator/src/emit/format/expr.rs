//! rustfmt's layout of expressions and types (its `overflow.rs`, `chains.rs`, `lists.rs`
//! and the parts of `expr.rs` generated code needs), ported rule for rule: a generated
//! crate is only left alone by `cargo fmt` if every choice between one line, an
//! overflowing last argument and one item per line is made the same way.

use std::cell::Cell;

use super::shape::{
    MAX_WIDTH, Shape, TAB, first_line_width, last_line_extendable, last_line_width, newline, wrap,
};
use super::syntax::{Expr, Type};

/// How the items of a list are placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tactic {
    Horizontal,
    Vertical,
    /// As many items per line as fit.
    Mixed,
}

/// Lays out expressions and types; one per statement, as its state is rustfmt's
/// per-statement `force_one_line_chain`.
pub struct Rewriter {
    /// Set while trying a method call as an overflowing last argument, where rustfmt
    /// allows no chain to break.
    one_line_chain: Cell<bool>,
    /// How many expressions and types were laid out, to prove that the work grows with
    /// the size of the text and not with the number of ways of laying it out.
    #[cfg(test)]
    layouts: Cell<usize>,
}

/// An element of a delimited list: an argument, an array item, a generic argument.
trait ListElement {
    fn rewrite(&self, rewriter: &Rewriter, shape: Shape) -> Option<String>;
    fn is_expr(&self) -> bool;
    fn is_simple(&self) -> bool;
    fn can_overflow(&self, count: usize) -> bool;
    fn is_nested_call(&self) -> bool;
    fn is_method_call(&self) -> bool;
}

impl ListElement for Expr {
    fn rewrite(&self, rewriter: &Rewriter, shape: Shape) -> Option<String> {
        rewriter.expr(self, shape)
    }

    fn is_expr(&self) -> bool {
        true
    }

    fn is_simple(&self) -> bool {
        match self {
            Expr::Lit(_) => true,
            Expr::Path(path) => !path.contains("::"),
            Expr::Unary(_, inner) | Expr::Field(inner, _) | Expr::Try(inner) => inner.is_simple(),
            _ => false,
        }
    }

    fn can_overflow(&self, count: usize) -> bool {
        match self {
            Expr::Struct(..) | Expr::Array(_) | Expr::Call(..) | Expr::MethodCall(..) => count == 1,
            Expr::Tuple(_) => count == 1,
            Expr::Unary(_, inner) | Expr::Try(inner) => inner.can_overflow(count),
            _ => false,
        }
    }

    fn is_nested_call(&self) -> bool {
        match self {
            Expr::Call(..) => true,
            Expr::Unary(_, inner) | Expr::Try(inner) => inner.is_nested_call(),
            _ => false,
        }
    }

    fn is_method_call(&self) -> bool {
        match self {
            Expr::MethodCall(..) => true,
            Expr::Unary(_, inner) | Expr::Try(inner) => inner.is_method_call(),
            _ => false,
        }
    }
}

impl ListElement for Type {
    fn rewrite(&self, rewriter: &Rewriter, shape: Shape) -> Option<String> {
        rewriter.ty(self, shape)
    }

    fn is_expr(&self) -> bool {
        false
    }

    fn is_simple(&self) -> bool {
        false
    }

    fn can_overflow(&self, count: usize) -> bool {
        match self {
            Type::Tuple(_) => count == 1,
            Type::Ref(_, inner) => inner.can_overflow(count),
            _ => false,
        }
    }

    fn is_nested_call(&self) -> bool {
        false
    }

    fn is_method_call(&self) -> bool {
        false
    }
}

/// A delimited list being laid out after `ident` (rustfmt's `overflow::Context`).
struct Delimited<'a, T> {
    items: &'a [T],
    ident: &'a str,
    open: &'static str,
    close: &'static str,
    shape: Shape,
    one_line_shape: Shape,
    nested_shape: Shape,
    one_line_width: usize,
    /// Whether the last item has a comma after it.
    trailing_comma: TrailingComma,
}

impl<'a, T: ListElement> Delimited<'a, T> {
    fn new(
        items: &'a [T],
        ident: &'a str,
        delimiters: (&'static str, &'static str),
        shape: Shape,
    ) -> Self {
        let used = if ident.contains('\n') {
            last_line_width(ident).saturating_sub(shape.used_width())
        } else {
            ident.len()
        };
        let one_line_width = shape.width.saturating_sub(used + 2);
        let one_line_shape = shape
            .offset_left(last_line_width(ident) + 1)
            .and_then(|shape| shape.sub_width(1))
            .unwrap_or(Shape { width: 0, ..shape });
        let nested = shape.block_indent(TAB).with_max_width();
        let nested_shape = Shape { width: nested.width.saturating_sub(1), ..nested };
        Delimited {
            items,
            ident,
            open: delimiters.0,
            close: delimiters.1,
            shape,
            one_line_shape,
            nested_shape,
            one_line_width,
            trailing_comma: TrailingComma::WhenVertical,
        }
    }

    fn rewrite(&self, rewriter: &Rewriter) -> Option<String> {
        let (extendable, items) = self.rewrite_items(rewriter)?;
        Some(self.wrap_items(&items, extendable))
    }

    fn rewrite_items(&self, rewriter: &Rewriter) -> Option<(bool, String)> {
        let mut list: Vec<Option<String>> =
            self.items.iter().map(|item| item.rewrite(rewriter, self.nested_shape)).collect();
        // The last item on its own line, kept for when overflowing it does not win: laying
        // it out again doubled the work at every level of a nested list (a type
        // `Vec<Vec<…>>` 20 deep took 2²¹ - 1 layouts, a second).
        let last_nested = list.last().cloned().flatten();
        let tactic = self.try_overflow_last_item(rewriter, &mut list, last_nested);
        let trailing = match self.trailing_comma {
            TrailingComma::WhenVertical => tactic != Tactic::Horizontal,
            TrailingComma::Always => true,
            TrailingComma::Never => false,
        };
        let text = write_list(&list, tactic, self.nested_shape, trailing)?;
        Some((tactic == Tactic::Horizontal, text))
    }

    /// rustfmt's `try_overflow_last_item`: lets the last item start on the line of the
    /// others and continue below when it can, else picks one line or one item per line.
    /// `last_nested` is the last item laid out in `nested_shape`, as `list` had it first.
    fn try_overflow_last_item(
        &self,
        rewriter: &Rewriter,
        list: &mut [Option<String>],
        last_nested: Option<String>,
    ) -> Tactic {
        let count = self.items.len();
        let combine_with_callee = count == 1 && self.items[0].is_expr() && self.ident.len() < TAB;
        let overflow_last =
            combine_with_callee || self.items.last().is_some_and(|last| last.can_overflow(count));
        let overflowed = if overflow_last {
            self.overflow_last_item(rewriter, list, combine_with_callee)
        } else {
            None
        };
        let tactic = definitive_tactic(list, MAX_WIDTH.min(self.one_line_width));
        match (tactic, overflowed) {
            (Tactic::Horizontal, Some(overflowed)) if count == 1 => {
                // A call overflowing by one line reads better on one line of its own.
                let nested = last_nested.filter(|single| {
                    overflowed.matches('\n').count() == 1 && !single.contains('\n')
                });
                list[0] = Some(nested.unwrap_or(overflowed));
                tactic
            }
            (Tactic::Horizontal, Some(overflowed)) => {
                list[count - 1] = Some(overflowed);
                tactic
            }
            _ if count > 0 => self.tactic_without_overflow(list, last_nested),
            _ => tactic,
        }
    }

    /// The last item laid out from where the others end; `list` gets its first line, to
    /// see whether the items fit on one line with it.
    fn overflow_last_item(
        &self,
        rewriter: &Rewriter,
        list: &mut [Option<String>],
        combine_with_callee: bool,
    ) -> Option<String> {
        let last = self.items.last()?;
        let saved = rewriter.one_line_chain.get();
        if !combine_with_callee && last.is_method_call() {
            rewriter.one_line_chain.set(true);
        }
        let overflowed = self.last_item_shape(list).and_then(|shape| last.rewrite(rewriter, shape));
        rewriter.one_line_chain.set(saved);
        let overflowed = overflowed?;
        let first_line = overflowed.split('\n').next().unwrap_or_default().to_owned();
        list[list.len() - 1] = Some(first_line);
        Some(overflowed)
    }

    /// One line if the items fit, else one per line (or, for short simple items such as
    /// numbers, as many per line as fit).
    fn tactic_without_overflow(
        &self,
        list: &mut [Option<String>],
        last_nested: Option<String>,
    ) -> Tactic {
        let count = list.len();
        list[count - 1] = last_nested;
        let single = list[0]
            .as_deref()
            .is_some_and(|only| !only.contains('\n') && only.len() <= self.one_line_width);
        if count == 1 && self.one_line_width != 0 && single {
            return Tactic::Horizontal;
        }
        let tactic = definitive_tactic(list, MAX_WIDTH.min(self.one_line_width));
        let short = list.iter().all(|item| item.as_deref().is_none_or(|s| s.len() <= 10));
        if tactic == Tactic::Vertical && short && self.items.iter().all(ListElement::is_simple) {
            Tactic::Mixed
        } else {
            tactic
        }
    }

    /// The room of an overflowing last item: what the others leave on the first line.
    fn last_item_shape(&self, list: &[Option<String>]) -> Option<Shape> {
        if list.len() == 1 && !self.items[0].is_nested_call() {
            return Some(self.one_line_shape);
        }
        let before: usize =
            list[..list.len() - 1].iter().map(|item| 2 + item.as_deref().map_or(0, str::len)).sum();
        Shape { width: MAX_WIDTH.min(self.one_line_shape.width), ..self.one_line_shape }
            .offset_left(before)
    }

    fn wrap_items(&self, items: &str, extendable: bool) -> String {
        let width = self.shape.width.saturating_sub(last_line_width(self.ident));
        let extend_width = if items.is_empty() { 2 } else { first_line_width(items) + 1 };
        let mut result = format!("{}{}", self.ident, self.open);
        if extendable && extend_width <= width {
            result.push_str(items);
        } else {
            if !items.is_empty() {
                result.push_str(&newline(self.nested_shape.indent));
                result.push_str(items);
            }
            result.push_str(&newline(self.shape.indent));
        }
        result.push_str(self.close);
        result
    }
}

/// When a list's last item is followed by a comma.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TrailingComma {
    /// When the items are not on one line: calls, arrays, generics.
    WhenVertical,
    /// Always: a one-element tuple.
    Always,
    /// Never: a macro's arguments, which rustfmt keeps as written, and generated code
    /// writes without.
    Never,
}

/// rustfmt's `definitive_tactic` for a horizontal-or-vertical list: one line if the items
/// fit in `limit` and none of them spans lines.
fn definitive_tactic(list: &[Option<String>], limit: usize) -> Tactic {
    let total: usize = list.iter().map(|item| item.as_deref().map_or(0, str::len)).sum::<usize>()
        + 2 * list.len().saturating_sub(1);
    let multiline = list.iter().any(|item| item.as_deref().is_some_and(|s| s.contains('\n')));
    if total <= limit && !multiline { Tactic::Horizontal } else { Tactic::Vertical }
}

/// Joins laid-out items with commas; `None` if one of them could not be laid out.
fn write_list(
    list: &[Option<String>],
    tactic: Tactic,
    shape: Shape,
    trailing: bool,
) -> Option<String> {
    let indent = " ".repeat(shape.indent);
    let mut result = String::new();
    let mut line_len = 0;
    // Filling lines, rustfmt counts the comma after the last item only once it has
    // wrapped a line.
    let mut wrapped = false;
    for (index, item) in list.iter().enumerate() {
        let item = item.as_deref()?;
        let last = index + 1 == list.len();
        let separate = !last || trailing;
        let counted_comma = !last || wrapped || (trailing && tactic == Tactic::Vertical);
        match tactic {
            Tactic::Horizontal if index > 0 => result.push(' '),
            Tactic::Vertical if index > 0 && !item.is_empty() && !result.is_empty() => {
                result.push('\n');
                result.push_str(&indent);
            }
            Tactic::Mixed => {
                let total = item.len() + usize::from(counted_comma);
                if line_len > 0 && line_len + 1 + total > shape.width {
                    result.push('\n');
                    result.push_str(&indent);
                    line_len = 0;
                    wrapped = true;
                } else if line_len > 0 {
                    result.push(' ');
                    line_len += 1;
                }
                line_len += total;
            }
            _ => {}
        }
        result.push_str(item);
        if separate {
            result.push(',');
        }
    }
    Some(result)
}

/// A link of a method chain, with the `?`s after it.
struct Link<'a> {
    kind: LinkKind<'a>,
    tries: usize,
}

enum LinkKind<'a> {
    Parent(&'a Expr),
    Method(&'a str, &'a [Expr]),
    Field(&'a str),
    Await,
}

impl Rewriter {
    /// A rewriter for one statement.
    pub fn new() -> Self {
        Rewriter {
            one_line_chain: Cell::new(false),
            #[cfg(test)]
            layouts: Cell::new(0),
        }
    }

    /// `expr` laid out in `shape`, as rustfmt would; `None` where rustfmt fails (and leaves
    /// the original text).
    pub fn expr(&self, expr: &Expr, shape: Shape) -> Option<String> {
        #[cfg(test)]
        self.layouts.set(self.layouts.get() + 1);
        match expr {
            Expr::Lit(text) if text.starts_with('"') || text.starts_with('r') => Some(text.clone()),
            Expr::Lit(text) | Expr::Path(text) => (text.len() <= shape.width).then(|| text.clone()),
            Expr::RangeFull => (shape.width >= 2).then(|| "..".to_owned()),
            Expr::Unary(op, inner) => {
                Some(format!("{op}{}", self.expr(inner, shape.offset_left(op.len())?)?))
            }
            Expr::Call(callee, args) => {
                if callee.len() > shape.width {
                    return None;
                }
                let mut call = Delimited::new(args, callee, ("(", ")"), shape);
                if callee.ends_with('!') {
                    call.trailing_comma = TrailingComma::Never;
                }
                call.rewrite(self)
            }
            Expr::Array(items) => Delimited::new(items, "", ("[", "]"), shape).rewrite(self),
            Expr::Tuple(items) => {
                let mut tuple = Delimited::new(items, "", ("(", ")"), shape);
                if items.len() == 1 {
                    tuple.trailing_comma = TrailingComma::Always;
                }
                tuple.rewrite(self)
            }
            Expr::Struct(path, fields, base) => {
                self.struct_literal(path, fields, base.as_deref(), shape)
            }
            Expr::Field(..) | Expr::MethodCall(..) | Expr::Await(_) | Expr::Try(_) => {
                self.chain(expr, shape)
            }
        }
    }

    /// rustfmt's `rewrite_struct_lit`.
    fn struct_literal(
        &self,
        path: &str,
        fields: &[(String, Option<Expr>)],
        base: Option<&Expr>,
        shape: Shape,
    ) -> Option<String> {
        if path.len() > shape.sub_width(2)?.width {
            return None;
        }
        if fields.is_empty() && base.is_none() {
            return Some(format!("{path} {{}}"));
        }
        let v_shape = shape.block_indent(TAB).with_max_width();
        let h_shape = shape.width.checked_sub(path.len() + 5).map(|width| Shape { width, ..shape });
        let mut list: Vec<Option<String>> = fields
            .iter()
            .map(|(name, value)| {
                let field_shape = v_shape.sub_width(1)?;
                match value {
                    None => Some(name.clone()),
                    Some(value) => {
                        let value_shape = field_shape.offset_left(name.len() + 2)?;
                        match self.expr(value, value_shape) {
                            Some(text) => Some(format!("{name}: {text}")),
                            None => {
                                let next = Shape::indented(field_shape.indent + TAB);
                                let text = self.expr(value, next)?;
                                Some(format!("{name}:{}{text}", newline(next.indent)))
                            }
                        }
                    }
                }
            })
            .collect();
        if let Some(base) = base {
            list.push(
                v_shape.offset_left(2).and_then(|s| self.expr(base, s)).map(|s| format!("..{s}")),
            );
        }
        let tactic = match h_shape {
            Some(h_shape) => definitive_tactic(&list, h_shape.width),
            None => Tactic::Vertical,
        };
        let nested_shape = match (tactic, h_shape) {
            (Tactic::Horizontal, Some(h_shape)) => h_shape,
            _ => v_shape,
        };
        let trailing = tactic == Tactic::Vertical && base.is_none();
        let fields_text = write_list(&list, tactic, nested_shape, trailing)?;
        let one_line_width = h_shape.map_or(0, |shape| shape.width);
        if fields_text.contains('\n') || fields_text.len() > one_line_width {
            Some(format!(
                "{path} {{{}{fields_text}{}}}",
                newline(v_shape.indent),
                newline(shape.indent)
            ))
        } else {
            Some(format!("{path} {{ {fields_text} }}"))
        }
    }

    /// rustfmt's block-indented chain formatter.
    fn chain(&self, expr: &Expr, shape: Shape) -> Option<String> {
        let links = chain_links(expr);
        let (parent, children) = links.split_first()?;
        if children.is_empty() {
            return self.link(parent, shape);
        }
        let mut root = self.link(parent, shape)?;
        let mut root_ends_with_block = match parent.kind {
            LinkKind::Parent(
                Expr::Call(..) | Expr::MethodCall(..) | Expr::Array(_) | Expr::Struct(..),
            ) => root.contains('\n'),
            _ => false,
        };
        let tab_width = TAB.saturating_sub(shape.offset);
        let mut rest = children;
        while root.len() <= tab_width && !root.contains('\n') {
            let link_shape = shape.offset_left(root.len())?;
            match self.link(&rest[0], link_shape) {
                Some(text) => root.push_str(&text),
                None => break,
            }
            root_ends_with_block = last_line_extendable(&root);
            rest = &rest[1..];
            if rest.is_empty() {
                break;
            }
        }
        if rest.is_empty() {
            return wrap(root, shape);
        }
        let child_shape =
            shape.block_indent(if root_ends_with_block { 0 } else { TAB }).with_max_width();
        let mut rewrites = vec![root];
        let (last, middle) = rest.split_last()?;
        for link in middle {
            rewrites.push(self.link(link, child_shape)?);
        }
        let (last_text, fits_single_line) =
            self.last_link(last, &rewrites, children.len(), shape, child_shape)?;
        rewrites.push(last_text);
        let connector = if fits_single_line {
            String::new()
        } else {
            if self.one_line_chain.get() {
                return None;
            }
            newline(child_shape.indent)
        };
        wrap(rewrites.join(&connector), shape)
    }

    /// rustfmt's `format_last_child`: the last link, overflowing on the line of the others
    /// when that reads better; also says whether the whole chain is on one line.
    fn last_link(
        &self,
        last: &Link<'_>,
        rewrites: &[String],
        child_count: usize,
        shape: Shape,
        child_shape: Shape,
    ) -> Option<(String, bool)> {
        let extendable = last_line_extendable(&rewrites[0]);
        let almost_total = if extendable {
            last_line_width(&rewrites[0])
        } else {
            rewrites.iter().map(String::len).sum()
        } + last.tries;
        let budget = if child_count == 1 { shape.width } else { shape.width.min(MAX_WIDTH) };
        let one_line_budget = budget.saturating_sub(almost_total);
        let all_in_one_line = rewrites.iter().all(|s| !s.contains('\n')) && one_line_budget > 0;
        let last_shape = if all_in_one_line {
            shape.sub_width(last.tries)?
        } else if extendable {
            child_shape.sub_width(last.tries)?
        } else {
            child_shape.sub_width(shape.rhs_overhead() + last.tries)?
        };
        if all_in_one_line || extendable {
            if let Some(one_line_shape) = last_shape.offset_left(almost_total) {
                if let Some(overflowed) = self.link(last, one_line_shape) {
                    let line_count = overflowed.lines().count();
                    let could_fit = first_line_width(&overflowed) <= one_line_budget;
                    if could_fit && line_count >= 5 {
                        return Some((overflowed, all_in_one_line));
                    }
                    let own_line = child_shape.sub_width(shape.rhs_overhead() + last.tries)?;
                    return Some(match self.link(last, own_line) {
                        Some(own) if !could_fit => (own, false),
                        Some(own) if own.lines().count() >= line_count => {
                            (overflowed, could_fit && all_in_one_line)
                        }
                        Some(own) => (own, false),
                        None => (overflowed, could_fit && all_in_one_line),
                    });
                }
            }
        }
        Some((self.link(last, last_shape)?, false))
    }

    fn link(&self, link: &Link<'_>, shape: Shape) -> Option<String> {
        let shape = shape.sub_width(link.tries)?;
        let text = match link.kind {
            LinkKind::Parent(expr) => self.expr(expr, shape)?,
            LinkKind::Method(name, args) => {
                let callee = format!(".{name}");
                if callee.len() > shape.width {
                    return None;
                }
                Delimited::new(args, &callee, ("(", ")"), shape).rewrite(self)?
            }
            LinkKind::Field(name) => format!(".{name}"),
            LinkKind::Await => ".await".to_owned(),
        };
        Some(format!("{text}{}", "?".repeat(link.tries)))
    }

    /// `ty` laid out in `shape`.
    pub fn ty(&self, ty: &Type, shape: Shape) -> Option<String> {
        #[cfg(test)]
        self.layouts.set(self.layouts.get() + 1);
        match ty {
            Type::Path(head, arguments) if arguments.is_empty() => {
                (head.len() <= shape.width).then(|| head.clone())
            }
            Type::Path(head, arguments) => {
                let rest = shape.offset_left(head.len())?;
                let generics = Delimited::new(arguments, "", ("<", ">"), rest).rewrite(self)?;
                Some(format!("{head}{generics}"))
            }
            Type::Ref(lifetime, inner) => {
                let prefix = format!("&{lifetime}");
                Some(format!("{prefix}{}", self.ty(inner, shape.offset_left(prefix.len())?)?))
            }
            Type::Slice(inner) => {
                Some(format!("[{}]", self.ty(inner, shape.offset_left(1)?.sub_width(1)?)?))
            }
            Type::Tuple(items) => {
                let mut tuple = Delimited::new(items, "", ("(", ")"), shape);
                if items.len() == 1 {
                    tuple.trailing_comma = TrailingComma::Always;
                }
                tuple.rewrite(self)
            }
            Type::Verbatim(text) => (text.len() <= shape.width).then(|| text.clone()),
        }
    }
}

/// The links of a chain, parent first, each with the `?`s that follow it.
fn chain_links(expr: &Expr) -> Vec<Link<'_>> {
    let mut links = Vec::new();
    let mut tries = 0;
    let mut current = expr;
    loop {
        let (kind, next) = match current {
            Expr::Try(inner) => {
                tries += 1;
                current = inner;
                continue;
            }
            Expr::MethodCall(receiver, name, args) => {
                (LinkKind::Method(name, args), Some(receiver))
            }
            Expr::Field(receiver, name) => (LinkKind::Field(name), Some(receiver)),
            Expr::Await(receiver) => (LinkKind::Await, Some(receiver)),
            other => (LinkKind::Parent(other), None),
        };
        links.push(Link { kind, tries });
        tries = 0;
        match next {
            Some(next) => current = next,
            None => break,
        }
    }
    links.reverse();
    links
}

#[cfg(test)]
mod tests {
    use super::super::syntax::parse_type;
    use super::*;

    /// Issue 16: a generic argument that did not fit on its line was laid out twice, once
    /// for the one-line try and once more for the broken list, so `Vec<Vec<…>>` n deep
    /// took 2^(n+1) - 1 layouts (24 deep: 8.5 s): the first count asserted was 2,097,151.
    #[test]
    fn nested_generic_arguments_are_laid_out_once_each() {
        let nested = |depth: usize| {
            let text = format!("{}String{}", "Vec<".repeat(depth), ">".repeat(depth));
            let rewriter = Rewriter::new();
            let laid_out = rewriter.ty(&parse_type(&text), Shape::indented(4));
            (laid_out, rewriter.layouts.get())
        };
        // One layout per type; before, 2^depth.
        let (laid_out, layouts) = nested(20);
        assert_eq!(layouts, 21);
        let laid_out = laid_out.unwrap_or_default();
        let lines: Vec<&str> = laid_out.lines().collect();
        assert_eq!(lines.len(), 23);
        assert_eq!(lines[1], format!("{}Vec<", " ".repeat(8)));
        assert_eq!(
            lines[11],
            format!("{}{}String{},", " ".repeat(48), "Vec<".repeat(9), ">".repeat(9))
        );
        assert_eq!(lines[22], "    >");
        // The 24th type starts at column 100 and cannot be laid out, nor can those around
        // it: the text stays as written, after 24 layouts rather than 2^24.
        assert_eq!(nested(32), (None, 25));
    }
}
