//! Rust syntax as the text a public API is compared by: types, generics and signatures
//! printed the way rustfmt writes them, and the attributes that change what an item offers
//! (`cfg`, `derive`, `non_exhaustive`, `doc(hidden)`).

use std::collections::BTreeSet;

use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{
    Attribute, Expr, FnArg, GenericArgument, GenericParam, Generics, Lit, Meta, Path,
    PathArguments, ReceiverKind, ReturnType, Signature, Token, Type, TypeParamBound,
    WherePredicate,
};

/// A type as rustfmt writes it: `Result<Response<ApiToken>, Error<E>>`, `&'a str`.
pub fn ty(ty: &Type) -> String {
    match ty {
        Type::Array(array) => format!("[{}; {}]", self::ty(&array.elem), expr(&array.len)),
        Type::FnPtr(pointer) => {
            let inputs: Vec<String> = pointer.inputs.iter().map(|arg| self::ty(&arg.ty)).collect();
            let unsafety = if pointer.unsafety.is_some() { "unsafe " } else { "" };
            format!("{unsafety}fn({}){}", inputs.join(", "), output(&pointer.output))
        }
        Type::Group(group) => self::ty(&group.elem),
        Type::ImplTrait(bounds) => format!("impl {}", self::bounds(&bounds.bounds)),
        Type::Infer(_) => "_".to_owned(),
        Type::Never(_) => "!".to_owned(),
        Type::Paren(paren) => format!("({})", self::ty(&paren.elem)),
        Type::Path(path) => match &path.qself {
            Some(qself) => {
                let segments: Vec<String> = path.path.segments.iter().map(segment).collect();
                let (as_trait, rest) = segments.split_at(qself.position.min(segments.len()));
                let head = if as_trait.is_empty() {
                    format!("<{}>", self::ty(&qself.ty))
                } else {
                    format!("<{} as {}>", self::ty(&qself.ty), as_trait.join("::"))
                };
                std::iter::once(head).chain(rest.iter().cloned()).collect::<Vec<_>>().join("::")
            }
            None => self::path(&path.path),
        },
        Type::Ptr(pointer) => {
            let mutability = match pointer.mutability {
                syn::PointerMutability::Mut(_) => "mut",
                syn::PointerMutability::Const(_) => "const",
            };
            format!("*{mutability} {}", self::ty(&pointer.elem))
        }
        Type::Reference(reference) => {
            let lifetime =
                reference.lifetime.as_ref().map(|l| format!("'{} ", l.ident)).unwrap_or_default();
            let mutability = if reference.mutability.is_some() { "mut " } else { "" };
            format!("&{lifetime}{mutability}{}", self::ty(&reference.elem))
        }
        Type::Slice(slice) => format!("[{}]", self::ty(&slice.elem)),
        Type::TraitObject(object) => format!("dyn {}", bounds(&object.bounds)),
        Type::Tuple(tuple) if tuple.elems.len() == 1 => {
            format!("({},)", tuple.elems.iter().map(self::ty).collect::<String>())
        }
        Type::Tuple(tuple) => {
            format!("({})", tuple.elems.iter().map(self::ty).collect::<Vec<_>>().join(", "))
        }
        // Macros in type position and syntax syn does not model: their tokens, which are
        // what the comparison needs even if the spacing is not rustfmt's.
        other => tokens(other),
    }
}

/// A path with its generic arguments: `std::result::Result<T, E>`.
pub fn path(path: &Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(segment).collect();
    let leading = if path.leading_colon.is_some() { "::" } else { "" };
    format!("{leading}{}", segments.join("::"))
}

/// The last segment of a path with its arguments: the name a trait impl is known by
/// (`fmt::Display` and `std::fmt::Display` are both `Display`).
pub fn last_segment(path: &Path) -> String {
    path.segments.last().map(segment).unwrap_or_default()
}

/// The trait an impl block implements, as its last path segment without lifetime
/// arguments: `impl<'de> Deserialize<'de>` implements the `Deserialize` a derive names.
pub fn trait_name(path: &Path) -> String {
    let Some(last) = path.segments.last() else { return String::new() };
    let PathArguments::AngleBracketed(arguments) = &last.arguments else { return segment(last) };
    let kept: Vec<String> = arguments
        .args
        .iter()
        .filter(|argument| !matches!(argument, GenericArgument::Lifetime(_)))
        .map(generic_argument)
        .collect();
    if kept.is_empty() {
        last.ident.to_string()
    } else {
        format!("{}<{}>", last.ident, kept.join(", "))
    }
}

fn segment(segment: &syn::PathSegment) -> String {
    let name = segment.ident.to_string();
    match &segment.arguments {
        PathArguments::None => name,
        PathArguments::AngleBracketed(arguments) => {
            format!("{name}{}", angle_arguments(arguments))
        }
        PathArguments::Parenthesized(arguments) => {
            let inputs: Vec<String> = arguments.inputs.iter().map(|arg| ty(&arg.ty)).collect();
            format!("{name}({}){}", inputs.join(", "), output(&arguments.output))
        }
    }
}

fn angle_arguments(arguments: &syn::AngleBracketedGenericArguments) -> String {
    let printed: Vec<String> = arguments.args.iter().map(generic_argument).collect();
    format!("<{}>", printed.join(", "))
}

fn generic_argument(argument: &GenericArgument) -> String {
    let with_generics =
        |ident: &syn::Ident, generics: &Option<syn::AngleBracketedGenericArguments>| {
            format!("{ident}{}", generics.as_ref().map(angle_arguments).unwrap_or_default())
        };
    match argument {
        GenericArgument::Lifetime(lifetime) => format!("'{}", lifetime.ident),
        GenericArgument::Type(argument) => ty(argument),
        GenericArgument::Const(value) => expr(value),
        GenericArgument::AssocType(assoc) => {
            format!("{} = {}", with_generics(&assoc.ident, &assoc.generics), ty(&assoc.ty))
        }
        GenericArgument::AssocConst(assoc) => {
            format!("{} = {}", with_generics(&assoc.ident, &assoc.generics), expr(&assoc.value))
        }
        GenericArgument::Constraint(constraint) => format!(
            "{}: {}",
            with_generics(&constraint.ident, &constraint.generics),
            bounds(&constraint.bounds)
        ),
        other => tokens(other),
    }
}

fn output(output: &ReturnType) -> String {
    match output {
        ReturnType::Default => String::new(),
        ReturnType::Type(_, returned) => format!(" -> {}", ty(returned)),
    }
}

/// Bounds joined with ` + `: `Future<Output = T> + Send + 'a`.
pub fn bounds(bounds: &Punctuated<TypeParamBound, Token![+]>) -> String {
    bounds.iter().map(bound).collect::<Vec<_>>().join(" + ")
}

fn bound(bound: &TypeParamBound) -> String {
    match bound {
        TypeParamBound::Trait(bound) => {
            let lifetimes = bound
                .lifetimes
                .as_ref()
                .map(|bound| format!("for{} ", generic_params(&bound.lifetimes)))
                .unwrap_or_default();
            let maybe = if bound.maybe.is_some() { "?" } else { "" };
            format!("{lifetimes}{maybe}{}", path(&bound.path))
        }
        TypeParamBound::Lifetime(lifetime) => format!("'{}", lifetime.ident),
        other => tokens(other),
    }
}

fn generic_params(params: &Punctuated<GenericParam, Token![,]>) -> String {
    if params.is_empty() {
        return String::new();
    }
    let printed: Vec<String> = params
        .iter()
        .map(|param| match param {
            GenericParam::Lifetime(param) => {
                let bounds: Vec<String> =
                    param.bounds.iter().map(|l| format!("'{}", l.ident)).collect();
                let name = format!("'{}", param.lifetime.ident);
                if bounds.is_empty() { name } else { format!("{name}: {}", bounds.join(" + ")) }
            }
            GenericParam::Type(param) => {
                let mut text = param.ident.to_string();
                if !param.bounds.is_empty() {
                    text.push_str(&format!(": {}", bounds(&param.bounds)));
                }
                if let Some((_, default)) = &param.default {
                    text.push_str(&format!(" = {}", ty(default)));
                }
                text
            }
            GenericParam::Const(param) => {
                let mut text = format!("const {}: {}", param.ident, ty(&param.ty));
                if let Some((_, default)) = &param.default {
                    text.push_str(&format!(" = {}", expr(default)));
                }
                text
            }
        })
        .collect();
    format!("<{}>", printed.join(", "))
}

/// A declaration's generic parameters: `<'a, T: Clone>`, empty when there are none.
pub fn generics(generics: &Generics) -> String {
    generic_params(&generics.params)
}

/// A declaration's `where` clause with its leading space, empty when there is none.
pub fn where_clause(generics: &Generics) -> String {
    let Some(clause) = &generics.where_clause else { return String::new() };
    if clause.predicates.is_empty() {
        return String::new();
    }
    let predicates: Vec<String> = clause
        .predicates
        .iter()
        .map(|predicate| match predicate {
            WherePredicate::Lifetime(predicate) => {
                let bounds: Vec<String> =
                    predicate.bounds.iter().map(|l| format!("'{}", l.ident)).collect();
                format!("'{}: {}", predicate.lifetime.ident, bounds.join(" + "))
            }
            WherePredicate::Type(predicate) => {
                let lifetimes = predicate
                    .lifetimes
                    .as_ref()
                    .map(|bound| format!("for{} ", generic_params(&bound.lifetimes)))
                    .unwrap_or_default();
                format!("{lifetimes}{}: {}", ty(&predicate.bounded_ty), bounds(&predicate.bounds))
            }
            other => tokens(other),
        })
        .collect();
    format!(" where {}", predicates.join(", "))
}

/// A function's signature, once with its parameters' names for people and once without,
/// for comparing: renaming a parameter breaks no caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FnSignature {
    /// `async fn get(&self, id: &str) -> Result<T, E>`.
    pub text: String,
    /// `const`, `async`, `unsafe` and `extern` qualifiers, as written.
    pub qualifiers: String,
    /// Generic parameters and `where` clause.
    pub generics: String,
    /// Each parameter's type (`&self` for the receiver).
    pub params: Vec<String>,
    /// The return type, `()` when none is written.
    pub output: String,
}

/// The signature of `sig`.
pub fn signature(sig: &Signature) -> FnSignature {
    let mut qualifiers = String::new();
    if sig.constness.is_some() {
        qualifiers.push_str("const ");
    }
    if sig.asyncness.is_some() {
        qualifiers.push_str("async ");
    }
    if matches!(sig.safety, syn::Safety::Unsafe(_)) {
        qualifiers.push_str("unsafe ");
    }
    if let Some(abi) = &sig.abi {
        let name = abi.name.as_ref().map(|name| format!(" {:?}", name.value())).unwrap_or_default();
        qualifiers.push_str(&format!("extern{name} "));
    }
    let mut params = Vec::new();
    let mut named = Vec::new();
    for input in &sig.inputs {
        match input {
            FnArg::Receiver(receiver) => {
                // `mut self` is the body's business: callers pass `self` either way.
                let text = match &receiver.kind {
                    ReceiverKind::Reference(_, lifetime, mutability) => {
                        let lifetime =
                            lifetime.as_ref().map(|l| format!("'{} ", l.ident)).unwrap_or_default();
                        let mutability = if mutability.is_some() { "mut " } else { "" };
                        format!("&{lifetime}{mutability}self")
                    }
                    ReceiverKind::Typed(_, typed) => format!("self: {}", ty(typed)),
                    _ => "self".to_owned(),
                };
                params.push(text.clone());
                named.push(text);
            }
            FnArg::Typed(typed) => {
                let printed = ty(&typed.ty);
                named.push(format!("{}: {printed}", pattern(&typed.pat)));
                params.push(printed);
            }
        }
    }
    if sig.variadic.is_some() {
        params.push("...".to_owned());
        named.push("...".to_owned());
    }
    let generics = format!("{}{}", self::generics(&sig.generics), where_clause(&sig.generics));
    let returned = output(&sig.output);
    FnSignature {
        text: format!(
            "{qualifiers}fn {}{}({}){returned}{}",
            sig.ident,
            self::generics(&sig.generics),
            named.join(", "),
            where_clause(&sig.generics)
        ),
        qualifiers,
        generics,
        params,
        output: returned.strip_prefix(" -> ").unwrap_or("()").to_owned(),
    }
}

/// A parameter's pattern as written, without `mut`: `api_token_id`, `_`.
fn pattern(pat: &syn::Pat) -> String {
    match pat {
        syn::Pat::Ident(ident) => ident.ident.to_string(),
        syn::Pat::Wild(_) => "_".to_owned(),
        other => tokens(other),
    }
}

/// An expression, for the rare places a signature holds one (an array length, a const
/// argument): its tokens.
fn expr(expr: &Expr) -> String {
    match expr {
        Expr::Lit(literal) => tokens(&literal.lit),
        Expr::Path(path) if path.qself.is_none() => self::path(&path.path),
        other => tokens(other),
    }
}

fn tokens(node: &impl ToTokens) -> String {
    node.to_token_stream().to_string()
}

/// What the `cfg` attributes of an item ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cfg {
    /// Compiled only for the crate's own tests: not part of its API.
    Test,
    /// Compiled when every one of these holds: a feature name for `feature = "x"`, the
    /// predicate's text for anything else (`any(feature = "a", feature = "b")`).
    Needs(BTreeSet<String>),
}

/// The conditions of every `#[cfg(...)]` on an item.
pub fn cfg(attrs: &[Attribute]) -> Cfg {
    let mut needs = BTreeSet::new();
    for attr in attrs {
        let Meta::List(list) = &attr.meta else { continue };
        if !list.path.is_ident("cfg") {
            continue;
        }
        let Ok(predicate) = list.parse_args::<Meta>() else {
            needs.insert(tokens(&list.tokens));
            continue;
        };
        if conjuncts(&predicate, &mut needs) {
            return Cfg::Test;
        }
    }
    Cfg::Needs(needs)
}

/// Adds what `predicate` requires to `needs`; true when it requires `test`.
fn conjuncts(predicate: &Meta, needs: &mut BTreeSet<String>) -> bool {
    match predicate {
        Meta::Path(path) if path.is_ident("test") => true,
        Meta::NameValue(pair) if pair.path.is_ident("feature") => {
            needs.insert(match &pair.value {
                Expr::Lit(syn::ExprLit { lit: Lit::Str(name), .. }) => name.value(),
                other => tokens(other),
            });
            false
        }
        Meta::List(list) if list.path.is_ident("all") => {
            match list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
                Ok(inner) => {
                    let mut test = false;
                    for predicate in &inner {
                        test |= conjuncts(predicate, needs);
                    }
                    test
                }
                Err(_) => {
                    needs.insert(tokens(predicate));
                    false
                }
            }
        }
        other => {
            needs.insert(meta(other));
            false
        }
    }
}

/// A cfg predicate as written: `any(feature = "a", feature = "b")`.
fn meta(meta: &Meta) -> String {
    match meta {
        Meta::Path(path) => self::path(path),
        Meta::NameValue(pair) => format!("{} = {}", path(&pair.path), expr(&pair.value)),
        Meta::List(list) => {
            match list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated) {
                Ok(inner) => format!(
                    "{}({})",
                    path(&list.path),
                    inner.iter().map(self::meta).collect::<Vec<_>>().join(", ")
                ),
                Err(_) => tokens(list),
            }
        }
    }
}

/// The traits of the item's `#[derive(...)]` attributes, by their last segment.
pub fn derives(attrs: &[Attribute]) -> Vec<String> {
    let mut traits = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("derive") {
            continue;
        }
        if let Ok(paths) = attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated) {
            traits.extend(paths.iter().map(last_segment));
        }
    }
    traits
}

/// Whether the item is `#[non_exhaustive]`.
pub fn non_exhaustive(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| matches!(&attr.meta, Meta::Path(path) if path.is_ident("non_exhaustive")))
}

/// Whether the item is `#[doc(hidden)]`, which takes it out of the public API as rustdoc
/// and cargo-semver-checks see it.
pub fn doc_hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| match &attr.meta {
        Meta::List(list) if list.path.is_ident("doc") => {
            list.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated).is_ok_and(
                |inner| inner.iter().any(|m| matches!(m, Meta::Path(p) if p.is_ident("hidden"))),
            )
        }
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature_of(source: &str) -> FnSignature {
        let item: syn::ItemFn = syn::parse_str(source).expect("parses");
        signature(&item.sig)
    }

    #[test]
    fn types_print_as_rustfmt_writes_them() {
        let cases = [
            "Result<Response<ApiToken>, Error<UserApiTokenGetError>>",
            "Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'a>>",
            "&'a mut [u8; 4]",
            "impl Into<String>",
            "<T as Iterator>::Item",
            "fn(&str) -> bool",
            "(u8,)",
            "&'static [&'static [usize]]",
            "Box<dyn for<'b> Fn(&'b str) -> String + Send>",
        ];
        for case in cases {
            let parsed: Type = syn::parse_str(case).expect("parses");
            assert_eq!(ty(&parsed), case);
        }
    }

    #[test]
    fn a_signature_has_its_names_for_people_and_only_types_for_comparing() {
        let sig = signature_of(
            "pub async fn get<'a, T: Clone>(&'a self, mut id: &str, _: T) -> Option<T> where T: Send {}",
        );
        assert_eq!(
            sig.text,
            "async fn get<'a, T: Clone>(&'a self, id: &str, _: T) -> Option<T> where T: Send"
        );
        assert_eq!(sig.qualifiers, "async ");
        assert_eq!(sig.generics, "<'a, T: Clone> where T: Send");
        assert_eq!(sig.params, ["&'a self", "&str", "T"]);
        assert_eq!(sig.output, "Option<T>");
        assert_eq!(signature_of("fn f(mut self) {}").params, ["self"]);
    }

    #[test]
    fn cfg_attributes_give_features_and_test_is_set_apart() {
        let item: syn::ItemStruct = syn::parse_str(
            "#[cfg(feature = \"a\")] #[cfg(all(feature = \"b\", any(feature = \"c\", unix)))] struct S;",
        )
        .expect("parses");
        let expected: BTreeSet<String> =
            ["a", "any(feature = \"c\", unix)", "b"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(cfg(&item.attrs), Cfg::Needs(expected));
        let test: syn::ItemMod = syn::parse_str("#[cfg(test)] mod tests {}").expect("parses");
        assert_eq!(cfg(&test.attrs), Cfg::Test);
    }
}
