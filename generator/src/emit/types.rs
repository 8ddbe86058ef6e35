//! The `types` module: one Rust item per [`TypeDef`], deriving only what each needs.

use std::collections::HashMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, Enum, EnumValue, Field, Newtype, Primitive, Struct, TypeDef, TypeKind, TypeRef, Union};

use super::docs::doc_attrs;
use super::imports::{Imports, Item};
use super::features::{Features, cfg};
use super::layout::Layout;

/// The items of the `types` module of `api`, with their `use`s.
pub fn types_module(api: &Api, features: &Features) -> TokenStream {
    let mut imports = Imports::new(api.types.keys().cloned());
    let defaults = defaultable(api);
    let layout = Layout::new(api);
    let items: Vec<TokenStream> = api
        .types
        .values()
        .map(|def| {
            let needs = features.of_type(&def.name);
            imports.set_features(needs);
            let cfg = cfg(needs);
            TypeEmitter { writer: TypeWriter::new(&mut imports, ""), defaults: &defaults, layout: &layout, cfg }.item(def)
        })
        .collect();
    let uses = imports.uses();
    quote! {
        #uses
        #(#items)*
    }
}

struct TypeEmitter<'a> {
    writer: TypeWriter<'a>,
    defaults: &'a HashMap<String, bool>,
    layout: &'a Layout<'a>,
    /// The `#[cfg]` every item of the type carries.
    cfg: TokenStream,
}

/// Writes type expressions, importing what they need.
pub struct TypeWriter<'a> {
    imports: &'a mut Imports,
    /// Path of the module defining the named types (`super::types`), or empty when the
    /// file is that module.
    types_module: &'static str,
    /// Path of the module defining the operations' own types.
    operations_module: &'static str,
}

impl<'a> TypeWriter<'a> {
    /// A writer for a file whose named types live in `types_module` (empty: in the file).
    pub fn new(imports: &'a mut Imports, types_module: &'static str) -> Self {
        TypeWriter { imports, types_module, operations_module: "super::operations" }
    }

    /// A writer for a file two levels below the API's module (a tag's client module).
    pub fn nested(imports: &'a mut Imports) -> Self {
        TypeWriter { imports, types_module: "super::super::types", operations_module: "super::super::operations" }
    }

    /// An operation type (`UsersTokensAddError`), imported when possible.
    pub fn operation_type(&mut self, name: &str) -> TokenStream {
        self.imports.path(&format!("{}::{name}", self.operations_module))
    }

    /// The same as [`TypeWriter::operation_type`], as text for doc links.
    pub fn operation_type_text(&mut self, name: &str) -> String {
        self.operation_type(name).to_string().replace(' ', "")
    }

    /// How to write `item` in this file.
    pub fn item(&mut self, item: Item) -> TokenStream {
        self.imports.get(item)
    }

    /// The same as [`TypeWriter::item`], as text.
    pub fn item_text(&mut self, item: Item) -> String {
        self.imports.text(item)
    }

    /// A named type of the API.
    pub fn named(&mut self, name: &str) -> TokenStream {
        if self.types_module.is_empty() {
            let name = ident(name);
            quote! { #name }
        } else {
            self.imports.path(&format!("{}::{name}", self.types_module))
        }
    }

    /// The Rust type of a use of a type.
    pub fn ty(&mut self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(name) => self.named(name),
            TypeRef::Primitive(primitive) => self.primitive(*primitive),
            TypeRef::Any => self.imports.get(Item::Value),
            TypeRef::Array(item) => {
                let vec = self.imports.get(Item::Vec);
                let item = self.ty(item);
                quote! { #vec<#item> }
            }
            TypeRef::Map(value) => {
                let map = self.imports.get(Item::BTreeMap);
                let string = self.imports.get(Item::String);
                let value = self.ty(value);
                quote! { #map<#string, #value> }
            }
            TypeRef::Nullable(inner) => {
                let option = self.imports.get(Item::Option);
                let inner = self.ty(inner);
                quote! { #option<#inner> }
            }
            TypeRef::Tuple(items) => {
                let items: Vec<TokenStream> = items.iter().map(|item| self.ty(item)).collect();
                quote! { (#(#items,)*) }
            }
        }
    }

    fn primitive(&mut self, primitive: Primitive) -> TokenStream {
        match primitive {
            Primitive::String => self.imports.get(Item::String),
            Primitive::Bool => quote! { bool },
            Primitive::I8 => quote! { i8 },
            Primitive::I16 => quote! { i16 },
            Primitive::I32 => quote! { i32 },
            Primitive::I64 => quote! { i64 },
            Primitive::U8 => quote! { u8 },
            Primitive::U16 => quote! { u16 },
            Primitive::U32 => quote! { u32 },
            Primitive::U64 => quote! { u64 },
            Primitive::F32 => quote! { f32 },
            Primitive::F64 => quote! { f64 },
            Primitive::DateTime => {
                let date_time = self.imports.get(Item::DateTime);
                let utc = self.imports.get(Item::Utc);
                quote! { #date_time<#utc> }
            }
            Primitive::Date => self.imports.get(Item::NaiveDate),
            Primitive::Uuid => self.imports.get(Item::Uuid),
            Primitive::Base64 => self.imports.get(Item::Base64),
            Primitive::Binary => {
                let vec = self.imports.get(Item::Vec);
                quote! { #vec<u8> }
            }
        }
    }
}

impl TypeEmitter<'_> {
    fn item(&mut self, def: &TypeDef) -> TokenStream {
        let docs = doc_attrs(def.docs.as_deref());
        let name = ident(&def.name);
        let body = match &def.kind {
            TypeKind::Struct(structure) => self.structure(&name, structure),
            TypeKind::Enum(enumeration) => self.enumeration(&name, enumeration),
            TypeKind::Union(union) => self.union(&name, union),
            TypeKind::Alias(ty) => {
                let ty = self.writer.ty(ty);
                let cfg = &self.cfg;
                quote! { #cfg pub type #name = #ty; }
            }
            TypeKind::Newtype(newtype) => self.newtype(&name, newtype),
        };
        quote! { #docs #body }
    }

    fn derives(&mut self, with_default: bool) -> TokenStream {
        let serialize = self.writer.item(Item::Serialize);
        let deserialize = self.writer.item(Item::Deserialize);
        let default = with_default.then(|| quote! { Default, });
        quote! { #[derive(Debug, Clone, PartialEq, #default #serialize, #deserialize)] }
    }

    fn structure(&mut self, name: &Ident, structure: &Struct) -> TokenStream {
        let derives = self.derives(self.defaults.get(&name.to_string()).copied().unwrap_or(false));
        let rule = rename_rule(&structure.fields);
        let rename_all = rule.map(|rule| {
            let text = rule.attribute();
            quote! { #[serde(rename_all = #text)] }
        });
        let fields: Vec<TokenStream> = structure.fields.iter().map(|field| self.field(field, rule)).collect();
        let additional = structure.additional.as_ref().map(|additional| {
            let field = ident(&additional.name);
            let map = self.writer.item(Item::BTreeMap);
            let string = self.writer.item(Item::String);
            let value = self.writer.ty(&additional.ty);
            quote! {
                /// Properties not declared by the schema.
                #[serde(flatten)]
                pub #field: #map<#string, #value>,
            }
        });
        let cfg = &self.cfg;
        quote! {
            #cfg
            #derives
            #rename_all
            pub struct #name {
                #(#fields)*
                #additional
            }
        }
    }

    fn field(&mut self, field: &Field, rule: Option<RenameRule>) -> TokenStream {
        let docs = doc_attrs(field.docs.as_deref());
        let name = ident(&field.name);
        let mut ty = self.writer.ty(&field.ty);
        if field.boxed {
            let boxed = self.writer.item(Item::Box);
            ty = quote! { #boxed<#ty> };
        }
        if field.flatten {
            return quote! { #docs #[serde(flatten)] pub #name: #ty, };
        }
        let mut serde = Vec::new();
        let unraw = field.name.strip_prefix("r#").unwrap_or(&field.name);
        let default_wire = rule.map_or_else(|| unraw.to_owned(), |rule| rule.apply(unraw));
        if default_wire != field.wire_name {
            let wire = &field.wire_name;
            serde.push(quote! { rename = #wire });
        }
        let ty = match (field.required, field.nullable) {
            (true, false) => ty,
            (true, true) => {
                let option = self.writer.item(Item::Option);
                quote! { #option<#ty> }
            }
            (false, false) => {
                let option = self.writer.item(Item::Option);
                let skip = format!("{}::is_none", self.writer.item_text(Item::Option));
                serde.push(quote! { skip_serializing_if = #skip });
                quote! { #option<#ty> }
            }
            (false, true) => {
                let tristate = self.writer.item(Item::Tristate);
                let skip = format!("{}::is_absent", self.writer.item_text(Item::Tristate));
                serde.push(quote! { default, skip_serializing_if = #skip });
                quote! { #tristate<#ty> }
            }
        };
        let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
        quote! { #docs #serde pub #name: #ty, }
    }

    fn enumeration(&mut self, name: &Ident, enumeration: &Enum) -> TokenStream {
        let cfg = self.cfg.clone();
        let fallback = ident(&enumeration.fallback);
        let variants: Vec<TokenStream> = enumeration
            .variants
            .iter()
            .map(|variant| {
                let variant_name = ident(&variant.name);
                let wire = match &variant.value {
                    EnumValue::String(text) => format!("`{text}`"),
                    EnumValue::Integer(number) => format!("`{number}`"),
                };
                let docs = match &variant.docs {
                    Some(docs) => doc_attrs(Some(&format!("{wire}: {docs}"))),
                    None => doc_attrs(Some(&wire)),
                };
                quote! { #docs #variant_name, }
            })
            .collect();
        let names: Vec<Ident> = enumeration.variants.iter().map(|v| ident(&v.name)).collect();
        let string_enum = enumeration.variants.iter().all(|v| matches!(v.value, EnumValue::String(_)));
        let result = self.writer.item(Item::Result);
        let fmt = self.writer.item(Item::Fmt);
        let serialize = self.writer.item(Item::Serialize);
        let serializer = self.writer.item(Item::Serializer);
        let deserialize = self.writer.item(Item::Deserialize);
        let deserializer = self.writer.item(Item::Deserializer);
        if string_enum {
            let values: Vec<&str> = enumeration
                .variants
                .iter()
                .filter_map(|v| match &v.value {
                    EnumValue::String(text) => Some(text.as_str()),
                    EnumValue::Integer(_) => None,
                })
                .collect();
            let string = self.writer.item(Item::String);
            let from_str = self.writer.item(Item::FromStr);
            let infallible = self.writer.item(Item::Infallible);
            let runtime = self.writer.item(Item::Runtime);
            quote! {
                #cfg
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub enum #name {
                    #(#variants)*
                    /// A value not known when this client was generated, kept as received.
                    #fallback(#string),
                }

                #cfg
                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(Self::#names => #values,)*
                            Self::#fallback(value) => value,
                        }
                    }
                }

                #cfg
                impl #from_str for #name {
                    type Err = #infallible;

                    fn from_str(value: &str) -> #result<Self, Self::Err> {
                        match value {
                            #(#values => Ok(Self::#names),)*
                            other => Ok(Self::#fallback(other.to_owned())),
                        }
                    }
                }

                #cfg
                impl #fmt::Display for #name {
                    fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                #cfg
                impl #serialize for #name {
                    fn serialize<S: #serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                #cfg
                impl<'de> #deserialize<'de> for #name {
                    fn deserialize<D: #deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                        #runtime::deserialize_string_enum(deserializer)
                    }
                }
            }
        } else {
            let values: Vec<i64> = enumeration
                .variants
                .iter()
                .filter_map(|v| match v.value {
                    EnumValue::Integer(number) => Some(number),
                    EnumValue::String(_) => None,
                })
                .collect();
            quote! {
                #cfg
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum #name {
                    #(#variants)*
                    /// A value not known when this client was generated, kept as received.
                    #fallback(i64),
                }

                #cfg
                impl #name {
                    /// The value as sent on the wire.
                    pub fn value(self) -> i64 {
                        match self {
                            #(Self::#names => #values,)*
                            Self::#fallback(value) => value,
                        }
                    }
                }

                #cfg
                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #(#values => Self::#names,)*
                            other => Self::#fallback(other),
                        }
                    }
                }

                #cfg
                impl #fmt::Display for #name {
                    fn fmt(&self, f: &mut #fmt::Formatter<'_>) -> #fmt::Result {
                        write!(f, "{}", self.value())
                    }
                }

                #cfg
                impl #serialize for #name {
                    fn serialize<S: #serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.value())
                    }
                }

                #cfg
                impl<'de> #deserialize<'de> for #name {
                    fn deserialize<D: #deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                        i64::deserialize(deserializer).map(Self::from)
                    }
                }
            }
        }
    }

    fn union(&mut self, name: &Ident, union: &Union) -> TokenStream {
        let variants: Vec<TokenStream> = union
            .variants
            .iter()
            .map(|variant| {
                let variant_name = ident(&variant.name);
                let mut ty = self.writer.ty(&variant.ty);
                if variant.boxed || self.layout.is_large(&variant.ty) {
                    let boxed = self.writer.item(Item::Box);
                    ty = quote! { #boxed<#ty> };
                }
                let docs = variant.tag_value.as_ref().map(|tag| doc_attrs(Some(&format!("`{tag}`"))));
                quote! { #docs #variant_name(#ty), }
            })
            .collect();
        let cfg = self.cfg.clone();
        let Some(tag) = &union.tag else {
            let derives = self.derives(false);
            return quote! {
                #cfg
                #derives
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
            };
        };
        let names: Vec<Ident> = union.variants.iter().map(|v| ident(&v.name)).collect();
        let tag_values: Vec<&str> = union.variants.iter().filter_map(|v| v.tag_value.as_deref()).collect();
        let result = self.writer.item(Item::Result);
        let serialize = self.writer.item(Item::Serialize);
        let serializer = self.writer.item(Item::Serializer);
        let deserialize = self.writer.item(Item::Deserialize);
        let deserializer = self.writer.item(Item::Deserializer);
        let tagged = self.writer.item(Item::Tagged);
        let runtime = self.writer.item(Item::Runtime);
        quote! {
            #cfg
            #[derive(Debug, Clone, PartialEq)]
            pub enum #name {
                #(#variants)*
            }

            #cfg
            impl #serialize for #name {
                fn serialize<S: #serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                    match self {
                        #(Self::#names(value) => #runtime::serialize_tagged(serializer, #tag, #tag_values, value),)*
                    }
                }
            }

            #cfg
            impl<'de> #deserialize<'de> for #name {
                fn deserialize<D: #deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                    let tagged = #tagged::deserialize(deserializer, #tag)?;
                    match tagged.tag() {
                        #(#tag_values => tagged.into_variant().map(Self::#names),)*
                        _ => Err(tagged.unknown(&[#(#tag_values),*])),
                    }
                }
            }
        }
    }

    fn newtype(&mut self, name: &Ident, newtype: &Newtype) -> TokenStream {
        let derives = self.derives(false);
        let mut ty = self.writer.ty(&newtype.ty);
        if newtype.boxed {
            let boxed = self.writer.item(Item::Box);
            ty = quote! { #boxed<#ty> };
        }
        let cfg = &self.cfg;
        quote! {
            #cfg
            #derives
            #[serde(transparent)]
            pub struct #name(pub #ty);
        }
    }
}

/// An identifier, raw when the name is a keyword (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// serde's `rename_all` rules, as serde applies them to snake-case field names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RenameRule {
    Camel,
    Pascal,
    Kebab,
    ScreamingSnake,
}

impl RenameRule {
    const ALL: [RenameRule; 4] = [RenameRule::Camel, RenameRule::Pascal, RenameRule::Kebab, RenameRule::ScreamingSnake];

    fn attribute(self) -> &'static str {
        match self {
            RenameRule::Camel => "camelCase",
            RenameRule::Pascal => "PascalCase",
            RenameRule::Kebab => "kebab-case",
            RenameRule::ScreamingSnake => "SCREAMING_SNAKE_CASE",
        }
    }

    /// What serde makes of a field name under this rule (serde_derive's `RenameRule`).
    fn apply(self, field: &str) -> String {
        match self {
            RenameRule::Pascal | RenameRule::Camel => {
                let mut pascal = String::with_capacity(field.len());
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                if self == RenameRule::Camel {
                    let mut chars = pascal.chars();
                    chars.next().map_or_else(String::new, |first| first.to_ascii_lowercase().to_string() + chars.as_str())
                } else {
                    pascal
                }
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
        }
    }
}

/// The `rename_all` rule that leaves the fewest fields needing their own `rename`, if it
/// leaves fewer than no rule does.
fn rename_rule(fields: &[Field]) -> Option<RenameRule> {
    let named: Vec<(&str, &str)> = fields
        .iter()
        .filter(|f| !f.flatten)
        .map(|f| (f.name.strip_prefix("r#").unwrap_or(&f.name), f.wire_name.as_str()))
        .collect();
    let misses = |rule: Option<RenameRule>| {
        named
            .iter()
            .filter(|(name, wire)| rule.map_or_else(|| (*name).to_owned(), |rule| rule.apply(name)) != *wire)
            .count()
    };
    let plain = misses(None);
    RenameRule::ALL
        .into_iter()
        .map(|rule| (misses(Some(rule)), rule))
        .filter(|(count, _)| *count < plain)
        .min_by_key(|(count, _)| *count)
        .map(|(_, rule)| rule)
}

/// Which types can derive `Default`: structs whose every always-present field has a
/// default, so that request bodies can be built with `..Default::default()`.
fn defaultable(api: &Api) -> HashMap<String, bool> {
    let mut result: HashMap<String, bool> = api
        .types
        .values()
        .map(|def| (def.name.clone(), matches!(def.kind, TypeKind::Struct(_) | TypeKind::Alias(_))))
        .collect();
    loop {
        let mut changed = false;
        for def in api.types.values() {
            if !result.get(&def.name).copied().unwrap_or(false) {
                continue;
            }
            let ok = match &def.kind {
                TypeKind::Struct(structure) => structure
                    .fields
                    .iter()
                    .filter(|f| f.required && !f.nullable)
                    .all(|f| ty_has_default(&f.ty, &result)),
                TypeKind::Alias(ty) => ty_has_default(ty, &result),
                _ => false,
            };
            if !ok {
                result.insert(def.name.clone(), false);
                changed = true;
            }
        }
        if !changed {
            return result;
        }
    }
}

fn ty_has_default(ty: &TypeRef, defaults: &HashMap<String, bool>) -> bool {
    match ty {
        TypeRef::Named(name) => defaults.get(name).copied().unwrap_or(false),
        TypeRef::Primitive(_) | TypeRef::Any | TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Nullable(_) => true,
        TypeRef::Tuple(items) => items.iter().all(|item| ty_has_default(item, defaults)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rename_rules_match_serde() {
        assert_eq!(RenameRule::Camel.apply("api_token_id"), "apiTokenId");
        assert_eq!(RenameRule::Pascal.apply("api_token_id"), "ApiTokenId");
        assert_eq!(RenameRule::Kebab.apply("api_token_id"), "api-token-id");
        assert_eq!(RenameRule::ScreamingSnake.apply("api_token_id"), "API_TOKEN_ID");
    }
}
