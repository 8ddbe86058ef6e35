//! The `types` module: one Rust item per [`TypeDef`], deriving only what each needs.

use std::collections::BTreeSet;

use foldhash::{HashMap, HashMapExt};

use crate::ir::{
    Api, Enum, EnumValue, Field, Newtype, Primitive, Struct, TypeDef, TypeKind, TypeRef, Union,
};

use crate::naming::{self, Scope};

use super::code::{Code, string_literal};
use super::features::{Directions, Features, write_cfg};
use super::imports::{Imports, Item};
use super::layout::Layout;

mod objects;

pub use objects::decoding_features;

/// The `types` module of `api`, with its `use`s.
/// `directions` says which types a request carries, which get a constructor and setters,
/// and which serde traits each type implements.
pub fn types_module(api: &Api, features: &Features, directions: &Directions) -> Code {
    let mut imports = Imports::new(api.types.keys().cloned());
    let defaults = defaultable(api);
    let layout = Layout::new(api);
    let mut items = Code::new();
    for def in api.types.values() {
        let needs = features.of_type(&def.name);
        imports.set_features(needs);
        let mut emitter = TypeEmitter {
            writer: TypeWriter::new(&mut imports, ""),
            defaults: &defaults,
            layout: &layout,
            directions,
            cfg: needs,
            code: &mut items,
            owner: def.name.clone(),
            runtime_decodes: false,
        };
        emitter.item(def);
        emitter.writer.write_aliases(emitter.code, needs);
    }
    let mut uses = Code::new();
    imports.write_uses(&mut uses);
    items.preceded_by(uses)
}

struct TypeEmitter<'a> {
    writer: TypeWriter<'a>,
    defaults: &'a HashMap<String, bool>,
    layout: &'a Layout<'a>,
    /// The types a request carries, and those a response does.
    directions: &'a Directions,
    /// The features every item of the type needs.
    cfg: Option<&'a BTreeSet<String>>,
    code: &'a mut Code,
    /// The name of the type being written.
    owner: String,
    /// Whether the type being written is decoded through the runtime (a struct's `Object`,
    /// an untagged union's `Alternatives`) rather than serde's derive.
    runtime_decodes: bool,
}

/// Writes type expressions, importing what they need.
pub struct TypeWriter<'a> {
    imports: &'a mut Imports,
    /// Path of the module defining the named types (`super::types`), or empty when the
    /// file is that module.
    types_module: &'static str,
    /// Path of the module defining the operations' own types.
    operations_module: &'static str,
    /// Type aliases introduced by [`TypeWriter::simple`] and not written yet: name, type,
    /// and what the type is of.
    aliases: Vec<(String, String, String)>,
}

/// clippy's `type_complexity` threshold: a field, variant or signature whose type scores
/// more than this is written with a type alias instead.
const COMPLEXITY_LIMIT: usize = 250;

/// The score clippy's `type_complexity` gives a type as written: each path, tuple or slice
/// counts ten times its nesting depth (its generic arguments are one level deeper), each
/// reference one.
fn complexity(ty: &str) -> usize {
    let mut score = 0;
    let mut nest = 1;
    let mut chars = ty.char_indices().peekable();
    while let Some((start, ch)) = chars.next() {
        match ch {
            '<' => nest += 1,
            '(' | '[' => {
                score += 10 * nest;
                nest += 1;
            }
            '>' | ')' | ']' => nest -= 1,
            '&' => score += 1,
            '\'' => {
                // A lifetime is no type.
                while chars.next_if(|(_, c)| c.is_alphanumeric() || *c == '_').is_some() {}
            }
            c if c.is_alphanumeric() || c == '_' => {
                let mut end = start + c.len_utf8();
                while let Some((at, next)) =
                    chars.next_if(|(_, c)| c.is_alphanumeric() || "_:#".contains(*c))
                {
                    end = at + next.len_utf8();
                }
                if !matches!(&ty[start..end], "impl" | "dyn" | "mut") {
                    score += 10 * nest;
                }
            }
            _ => {}
        }
    }
    score
}

impl<'a> TypeWriter<'a> {
    /// A writer for a file whose named types live in `types_module` (empty: in the file).
    pub fn new(imports: &'a mut Imports, types_module: &'static str) -> Self {
        TypeWriter {
            imports,
            types_module,
            operations_module: "super::operations",
            aliases: Vec::new(),
        }
    }

    /// A writer for a file two levels below the API's module (a tag's client module).
    pub fn nested(imports: &'a mut Imports) -> Self {
        TypeWriter {
            imports,
            types_module: "super::super::types",
            operations_module: "super::super::operations",
            aliases: Vec::new(),
        }
    }

    /// `ty` as the type of a field, variant or signature, the places clippy's
    /// `type_complexity` looks at: as written when simple enough, else a type alias named
    /// `hint` (made unique in the file) that [`TypeWriter::write_aliases`] declares; `of`
    /// says what the type is of, for the alias's doc.
    pub fn simple(&mut self, ty: String, hint: &str, of: &str) -> String {
        if complexity(&ty) <= COMPLEXITY_LIMIT {
            return ty;
        }
        let name = self.imports.define(hint);
        self.aliases.push((name.clone(), ty, of.to_owned()));
        name
    }

    /// `wrap(ty)` when simple enough for clippy, else `wrap` of an alias of `ty` named `hint`
    /// (as [`TypeWriter::simple`] names it): for a type whose wrapper has a lifetime, which
    /// an alias of the whole could not take.
    pub fn simple_in(
        &mut self,
        ty: String,
        wrap: impl Fn(&str) -> String,
        hint: &str,
        of: &str,
    ) -> String {
        let wrapped = wrap(&ty);
        if complexity(&wrapped) <= COMPLEXITY_LIMIT {
            return wrapped;
        }
        let name = self.imports.define(hint);
        self.aliases.push((name.clone(), ty, of.to_owned()));
        wrap(&name)
    }

    /// Declares the aliases [`TypeWriter::simple`] introduced since the last call, each
    /// under `cfg`, the features of the item that uses it.
    pub fn write_aliases(&mut self, code: &mut Code, cfg: Option<&BTreeSet<String>>) {
        for (name, ty, of) in self.aliases.drain(..) {
            code.blank();
            code.raw_docs(&format!(
                "The type of {of}, named as it is too complex to read in place."
            ));
            write_cfg(code, cfg);
            code.type_alias(&format!("pub type {name}"), &ty);
        }
    }

    /// A writer for the `operations` module, which defines the operation types.
    pub fn operations(imports: &'a mut Imports) -> Self {
        TypeWriter { operations_module: "", ..TypeWriter::new(imports, "super::types") }
    }

    /// An operation type (`UsersTokensAddError`), imported when possible.
    pub fn operation_type(&mut self, name: &str) -> String {
        if self.operations_module.is_empty() {
            return name.to_owned();
        }
        self.imports.path(&format!("{}::{name}", self.operations_module))
    }

    /// How to write the item at `path` (`super::Client`) in this file.
    pub fn path(&mut self, path: &str) -> String {
        self.imports.path(path)
    }

    /// How to write `item` in this file.
    pub fn item(&mut self, item: Item) -> String {
        self.imports.get(item)
    }

    /// A named type of the API.
    pub fn named(&mut self, name: &str) -> String {
        if self.types_module.is_empty() {
            name.to_owned()
        } else {
            self.imports.path(&format!("{}::{name}", self.types_module))
        }
    }

    /// The Rust type of a use of a type.
    pub fn ty(&mut self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(name) => self.named(name),
            TypeRef::Primitive(primitive) => self.primitive(*primitive),
            TypeRef::Any => self.imports.get(Item::Value),
            TypeRef::External(path) => path.clone(),
            TypeRef::Array(item) => {
                let vec = self.imports.get(Item::Vec);
                format!("{vec}<{}>", self.ty(item))
            }
            TypeRef::Map(value) => {
                let map = self.imports.get(Item::BTreeMap);
                let string = self.imports.get(Item::String);
                format!("{map}<{string}, {}>", self.ty(value))
            }
            TypeRef::Nullable(inner) => {
                let option = self.imports.get(Item::Option);
                format!("{option}<{}>", self.ty(inner))
            }
            TypeRef::Tuple(items) => {
                let items: Vec<String> = items.iter().map(|item| self.ty(item)).collect();
                match items.as_slice() {
                    [single] => format!("({single},)"),
                    several => format!("({})", several.join(", ")),
                }
            }
        }
    }

    /// `Box<ty>`, or `ty` unless `boxed`.
    pub fn boxed(&mut self, ty: String, boxed: bool) -> String {
        if boxed { format!("{}<{ty}>", self.imports.get(Item::Box)) } else { ty }
    }

    fn primitive(&mut self, primitive: Primitive) -> String {
        let name = match primitive {
            Primitive::String => return self.imports.get(Item::String),
            Primitive::Bool => "bool",
            Primitive::I8 => "i8",
            Primitive::I16 => "i16",
            Primitive::I32 => "i32",
            Primitive::I64 => "i64",
            Primitive::U8 => "u8",
            Primitive::U16 => "u16",
            Primitive::U32 => "u32",
            Primitive::U64 => "u64",
            Primitive::F32 => "f32",
            Primitive::F64 => "f64",
            Primitive::DateTime => {
                let date_time = self.imports.get(Item::DateTime);
                let utc = self.imports.get(Item::Utc);
                return format!("{date_time}<{utc}>");
            }
            Primitive::Date => return self.imports.get(Item::NaiveDate),
            Primitive::Uuid => return self.imports.get(Item::Uuid),
            Primitive::Base64 => return self.imports.get(Item::Base64),
            Primitive::Binary => return format!("{}<u8>", self.imports.get(Item::Vec)),
        };
        name.to_owned()
    }
}

impl TypeEmitter<'_> {
    fn item(&mut self, def: &TypeDef) {
        self.code.blank();
        self.code.docs(def.docs.as_deref());
        let name = def.name.as_str();
        match &def.kind {
            TypeKind::Struct(structure) => self.structure(name, structure),
            TypeKind::Enum(enumeration) => self.enumeration(name, enumeration),
            TypeKind::Union(union) => self.union(name, union),
            TypeKind::Alias(ty) => {
                let ty = self.writer.ty(ty);
                write_cfg(self.code, self.cfg);
                self.code.type_alias(&format!("pub type {name}"), &ty);
            }
            TypeKind::Newtype(newtype) => self.newtype(name, newtype),
        }
    }

    /// The start of an impl block, after the blank line and `#[cfg]` every item has:
    /// `impl{generics} {trait_} for {target} {`, or `impl {target} {` without a trait.
    fn open_impl(&mut self, generics: &str, trait_: Option<&str>, target: &str) {
        self.code.blank();
        write_cfg(self.code, self.cfg);
        self.code.open_impl(generics, trait_, target);
    }

    /// `#[derive(...)]` of a struct or an untagged union: `Default` when `with_default`, and
    /// the serde traits of the directions the type is carried in.
    fn derives(&mut self, with_default: bool) {
        let mut derives = vec!["Debug", "Clone", "PartialEq"];
        if with_default {
            derives.push("Default");
        }
        let serialize = self.serializes().then(|| self.writer.item(Item::Serialize));
        let deserialize = self.derives_deserialize().then(|| self.writer.item(Item::Deserialize));
        derives.extend(serialize.as_deref());
        derives.extend(deserialize.as_deref());
        self.code.line_fmt(format_args!("#[derive({})]", derives.join(", ")));
    }

    /// Whether the type being written implements `Serialize`.
    fn serializes(&self) -> bool {
        self.directions.serializes(&self.owner)
    }

    /// Whether the type being written implements `Deserialize`.
    fn deserializes(&self) -> bool {
        self.directions.deserializes(&self.owner)
    }

    /// Whether the type being written derives `Deserialize`, rather than implementing it
    /// through the runtime or not at all.
    fn derives_deserialize(&self) -> bool {
        self.deserializes() && !self.runtime_decodes
    }

    /// Whether the type being written derives a serde trait, which reads its `#[serde]`
    /// attributes: without one, they would not compile.
    fn derives_serde(&self) -> bool {
        self.serializes() || self.derives_deserialize()
    }

    fn structure(&mut self, name: &str, structure: &Struct) {
        self.runtime_decodes = self.deserializes() && objects::decodes_as_object(structure);
        write_cfg(self.code, self.cfg);
        self.derives(self.defaults.get(name).copied().unwrap_or(false));
        let rule = rename_rule(&structure.fields).filter(|_| self.derives_serde());
        if let Some(rule) = rule {
            self.code.line_fmt(format_args!("#[serde(rename_all = \"{}\")]", rule.attribute()));
        }
        // A field the document adds later must not break the code that builds or matches
        // this struct: outside the crate it is built with `new` or `Default` and setters.
        self.code.line("#[non_exhaustive]");
        if structure.fields.is_empty() && structure.additional.is_none() {
            self.code.empty_struct(&format!("pub struct {name}"));
        } else {
            self.struct_body(name, structure, rule);
            if self.directions.is_sent(name) {
                self.constructors(name, structure);
            }
        }
        if self.runtime_decodes {
            self.object_decoding(name, structure);
        }
        self.runtime_decodes = false;
    }

    fn struct_body(&mut self, name: &str, structure: &Struct, rule: Option<RenameRule>) {
        self.code.open_struct(&format!("pub struct {name}"));
        for field in &structure.fields {
            self.field(field, rule);
        }
        if let Some(additional) = &structure.additional {
            let map = self.writer.item(Item::BTreeMap);
            let string = self.writer.item(Item::String);
            let value = self.writer.ty(&additional.ty);
            self.code.line("/// Properties not declared by the schema.");
            if self.derives_serde() {
                self.code.line("#[serde(flatten)]");
            }
            let ty = self.site(format!("{map}<{string}, {value}>"), &additional.name);
            self.code.field(&additional.name, &ty);
        }
        self.code.close_body();
    }

    /// `new`, taking the fields every value has (when there are any: otherwise `Default`
    /// builds it), and a `with_` setter per field, the ways to build a `#[non_exhaustive]`
    /// struct outside its crate. A field the document adds later is one more setter, or, when
    /// it is required, a new argument of `new`, as a request without it would be refused.
    fn constructors(&mut self, name: &str, structure: &Struct) {
        let string = self.writer.item(Item::String);
        let present = |field: &Field| field.flatten || (field.required && !field.nullable);
        // A setter's or constructor's argument and the field's value made of it.
        let argument = |writer: &mut TypeWriter<'_>, field: &Field| {
            let (ty, value) = match &field.ty {
                TypeRef::Primitive(Primitive::String) => {
                    (format!("impl Into<{string}>"), format!("{}.into()", field.name))
                }
                ty => (writer.ty(ty), field.name.clone()),
            };
            let value = if field.boxed {
                format!("{}::new({value})", writer.item(Item::Box))
            } else {
                value
            };
            (ty, value)
        };
        self.open_impl("", None, name);
        if structure.fields.iter().any(present) {
            let mut arguments = Vec::new();
            let mut values = Vec::new();
            for field in &structure.fields {
                let field_name = &field.name;
                if present(field) {
                    let (ty, value) = argument(&mut self.writer, field);
                    let ty = self.site(ty, field_name);
                    arguments.push(format!("{field_name}: {ty}"));
                    values.push(member(field_name, value));
                } else if field.nullable && !field.required {
                    let tristate = self.writer.item(Item::Tristate);
                    values.push(format!("{field_name}: {tristate}::Absent"));
                } else {
                    values.push(format!("{field_name}: None"));
                }
            }
            if let Some(additional) = &structure.additional {
                let map = self.writer.item(Item::BTreeMap);
                values.push(format!("{}: {map}::new()", additional.name));
            }
            self.code.raw_docs(&format!(
                "A `{name}` with the fields every value has; the others are left out until set with the `with_` methods."
            ));
            if arguments.len() > 7 {
                self.code.line("#[allow(clippy::too_many_arguments)]");
            }
            self.code.open_fn("pub fn new", &arguments, Some("Self"));
            self.code.statement(&format!("{name} {{ {} }}", values.join(", ")));
            self.code.close("}");
        }
        // `with_` and the field's name without its leading underscores (`_1st` -> `with_1st`,
        // as `with__1st` is not snake case), unique among the struct's setters.
        let mut setters = Scope::new();
        for field in structure.fields.iter().filter(|field| !field.flatten) {
            let field_name = &field.name;
            let setter = setters.claim(&format!(
                "with_{}",
                field_name.trim_start_matches("r#").trim_start_matches('_')
            ));
            let (ty, value) = match (field.required, field.nullable) {
                // A value, `None` or `Tristate::Null`: what converts into the field, as
                // `Tristate` takes a value, an `Option` and (for text) a `&str`.
                (false, true) if !field.boxed => {
                    let tristate = self.writer.item(Item::Tristate);
                    let inner = self.writer.ty(&field.ty);
                    (format!("impl Into<{tristate}<{inner}>>"), format!("{field_name}.into()"))
                }
                (false, true) => {
                    let (ty, value) = argument(&mut self.writer, field);
                    (ty, format!("{}::Value({value})", self.writer.item(Item::Tristate)))
                }
                (true, false) => argument(&mut self.writer, field),
                (true, true) | (false, false) => {
                    let (ty, value) = argument(&mut self.writer, field);
                    (ty, format!("Some({value})"))
                }
            };
            let ty = self.site(ty, field_name);
            let unraw = field_name.trim_start_matches("r#");
            self.code.blank();
            self.code.raw_docs(&format!("Sets `{unraw}`."));
            self.code.open_fn(
                &format!("pub fn {setter}"),
                &["mut self".to_owned(), format!("{field_name}: {ty}")],
                Some("Self"),
            );
            self.code.statement(&format!("self.{field_name} = {value};"));
            self.code.line("self");
            self.code.close("}");
        }
        self.code.close("}");
    }

    fn field(&mut self, field: &Field, rule: Option<RenameRule>) {
        self.code.docs(field.docs.as_deref());
        let name = &field.name;
        let ty = self.writer.ty(&field.ty);
        let ty = self.writer.boxed(ty, field.boxed);
        if field.flatten {
            self.code.line("#[serde(flatten)]");
            let ty = self.site(ty, name);
            self.code.field(name, &ty);
            return;
        }
        let mut serde = Vec::new();
        let unraw = name.strip_prefix("r#").unwrap_or(name);
        let default_wire = rule.map_or(Some(unraw.to_owned()), |rule| rule.apply(unraw));
        if default_wire.as_deref() != Some(field.wire_name.as_str()) && self.derives_serde() {
            serde.push(format!("rename = {}", string_literal(&field.wire_name)));
        }
        let ty = match (field.required, field.nullable) {
            (true, false) => ty,
            (true, true) => format!("{}<{ty}>", self.writer.item(Item::Option)),
            (false, false) => {
                let option = self.writer.item(Item::Option);
                if self.serializes() {
                    serde.push(format!("skip_serializing_if = \"{option}::is_none\""));
                }
                format!("{option}<{ty}>")
            }
            (false, true) => {
                let tristate = self.writer.item(Item::Tristate);
                if self.derives_deserialize() {
                    serde.push("default".to_owned());
                }
                if self.serializes() {
                    serde.push(format!("skip_serializing_if = \"{tristate}::is_absent\""));
                }
                format!("{tristate}<{ty}>")
            }
        };
        if !serde.is_empty() {
            self.code.attribute("#[serde(", &serde, ")]");
        }
        let ty = self.site(ty, &field.name);
        self.code.field(name, &ty);
    }

    /// [`TypeWriter::simple`] for the field or variant `member` of the type being written.
    fn site(&mut self, ty: String, member: &str) -> String {
        if complexity(&ty) <= COMPLEXITY_LIMIT {
            return ty;
        }
        let owner = self.owner.clone();
        let hint = format!("{owner}{}", naming::type_name(member, "Member"));
        self.writer.simple(
            ty,
            &hint,
            &format!("[`{owner}`]'s `{}`", member.trim_start_matches("r#")),
        )
    }

    fn enumeration(&mut self, name: &str, enumeration: &Enum) {
        let fallback = &enumeration.fallback;
        let string_enum = enumeration.holds_strings();
        let values: Vec<String> = enumeration
            .variants
            .iter()
            .map(|v| match &v.value {
                EnumValue::String(text) => string_literal(text),
                EnumValue::Integer(number) => number.to_string(),
            })
            .collect();
        let result = self.writer.item(Item::Result);
        let fmt = self.writer.item(Item::Fmt);
        let (derives, value_type) = if string_enum {
            ("#[derive(Debug, Clone, PartialEq, Eq, Hash)]", self.writer.item(Item::String))
        } else {
            ("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]", "i64".to_owned())
        };
        write_cfg(self.code, self.cfg);
        self.code.line(derives);
        self.code.line("#[non_exhaustive]");
        self.code.open_enum(&format!("pub enum {name}"));
        for variant in &enumeration.variants {
            let wire = match &variant.value {
                EnumValue::String(text) => format!("`{text}`"),
                EnumValue::Integer(number) => format!("`{number}`"),
            };
            match &variant.docs {
                Some(docs) => self.code.docs(Some(&format!("{wire}: {docs}"))),
                None => self.code.docs(Some(&wire)),
            }
            self.code.line_fmt(format_args!("{},", variant.name));
        }
        self.code.line("/// A value not known when this client was generated, kept as received.");
        self.code.tuple(fallback, std::slice::from_ref(&value_type), ",");
        self.code.close_body();

        // Each arm as a pattern and a body, from a variant's name and its value.
        let arms = |code: &mut Code, arm: &dyn Fn(&str, &str) -> (String, String)| {
            for (variant, value) in enumeration.variants.iter().zip(&values) {
                let (pattern, body) = arm(&variant.name, value);
                code.arm(&pattern, &body);
            }
        };
        if string_enum {
            let from_str = self.writer.item(Item::FromStr);
            let infallible = self.writer.item(Item::Infallible);
            self.open_impl("", None, name);
            self.code.line("/// The value as sent on the wire.");
            self.code.open("pub fn as_str(&self) -> &str {");
            self.code.open("match self {");
            arms(self.code, &|variant, value| (format!("Self::{variant}"), value.to_owned()));
            self.code.arm(&format!("Self::{fallback}(value)"), "value");
            self.close_fn_match();
            self.code.close("}");

            self.open_impl("", Some(&from_str), name);
            self.code.line_fmt(format_args!("type Err = {infallible};"));
            self.code.blank();
            self.code.open_fn(
                "fn from_str",
                &["value: &str".to_owned()],
                Some(&format!("{result}<Self, {infallible}>")),
            );
            self.code.open("match value {");
            arms(self.code, &|variant, value| (value.to_owned(), format!("Ok(Self::{variant})")));
            self.code.arm("other", &format!("Ok(Self::{fallback}(other.to_owned()))"));
            self.close_fn_match();
            self.code.close("}");

            self.display_impl(name, &fmt);
            self.code.line("f.write_str(self.as_str())");
            self.code.close("}");
            self.code.close("}");

            if self.open_serialize_impl(name) {
                self.code.line("serializer.serialize_str(self.as_str())");
                self.code.close("}");
                self.code.close("}");
            }
            if self.open_deserialize_impl(name) {
                let runtime = self.writer.item(Item::Runtime);
                self.code.statement(&format!("{runtime}::deserialize_string_enum(deserializer)"));
                self.code.close("}");
                self.code.close("}");
            }
        } else {
            self.open_impl("", None, name);
            self.code.line("/// The value as sent on the wire.");
            self.code.open("pub fn value(self) -> i64 {");
            self.code.open("match self {");
            arms(self.code, &|variant, value| (format!("Self::{variant}"), value.to_owned()));
            self.code.arm(&format!("Self::{fallback}(value)"), "value");
            self.close_fn_match();
            self.code.close("}");

            self.open_impl("", Some("From<i64>"), name);
            self.code.open("fn from(value: i64) -> Self {");
            self.code.open("match value {");
            arms(self.code, &|variant, value| (value.to_owned(), format!("Self::{variant}")));
            self.code.arm("other", &format!("Self::{fallback}(other)"));
            self.close_fn_match();
            self.code.close("}");

            self.display_impl(name, &fmt);
            self.code.line("write!(f, \"{}\", self.value())");
            self.code.close("}");
            self.code.close("}");

            if self.open_serialize_impl(name) {
                self.code.line("serializer.serialize_i64(self.value())");
                self.code.close("}");
                self.code.close("}");
            }
            if self.open_deserialize_impl(name) {
                self.code.line("i64::deserialize(deserializer).map(Self::from)");
                self.code.close("}");
                self.code.close("}");
            }
        }
    }

    /// Opens `impl fmt::Display for name` and its `fmt`.
    fn display_impl(&mut self, name: &str, fmt: &str) {
        self.open_impl("", Some(&format!("{fmt}::Display")), name);
        self.code.open_fn(
            "fn fmt",
            &["&self".to_owned(), format!("f: &mut {fmt}::Formatter<'_>")],
            Some(&format!("{fmt}::Result")),
        );
    }

    /// Opens `impl Serialize for name` and its `fn serialize`, when the type is sent: whether
    /// it did.
    fn open_serialize_impl(&mut self, name: &str) -> bool {
        if !self.serializes() {
            return false;
        }
        let serialize = self.writer.item(Item::Serialize);
        let serializer = self.writer.item(Item::Serializer);
        let result = self.writer.item(Item::Result);
        self.open_impl("", Some(&serialize), name);
        self.code.open_fn(
            &format!("fn serialize<S: {serializer}>"),
            &["&self".to_owned(), "serializer: S".to_owned()],
            Some(&format!("{result}<S::Ok, S::Error>")),
        );
        true
    }

    /// Opens `impl Deserialize for name` and its `fn deserialize`, when the type is received:
    /// whether it did.
    fn open_deserialize_impl(&mut self, name: &str) -> bool {
        if !self.deserializes() {
            return false;
        }
        let deserialize = self.writer.item(Item::Deserialize);
        let deserializer = self.writer.item(Item::Deserializer);
        let result = self.writer.item(Item::Result);
        self.open_impl("<'de>", Some(&format!("{deserialize}<'de>")), name);
        self.code.open_fn(
            &format!("fn deserialize<D: {deserializer}<'de>>"),
            &["deserializer: D".to_owned()],
            Some(&format!("{result}<Self, D::Error>")),
        );
        true
    }

    /// Ends a `match` and the function it is the body of.
    fn close_fn_match(&mut self) {
        self.code.close("}");
        self.code.close("}");
    }

    fn union(&mut self, name: &str, union: &Union) {
        let variants: Vec<(String, String)> = union
            .variants
            .iter()
            .map(|variant| {
                let ty = self.writer.ty(&variant.ty);
                let ty = self.writer.boxed(ty, variant.boxed || self.layout.is_large(&variant.ty));
                (variant.name.clone(), self.site(ty, &variant.name))
            })
            .collect();
        write_cfg(self.code, self.cfg);
        let Some(tag) = &union.tag else {
            self.runtime_decodes = self.deserializes();
            self.derives(false);
            if self.derives_serde() {
                self.code.line("#[serde(untagged)]");
            }
            self.code.line("#[non_exhaustive]");
            self.code.open_enum(&format!("pub enum {name}"));
            for (variant, ty) in &variants {
                self.code.tuple(variant, std::slice::from_ref(ty), ",");
            }
            self.code.close_body();
            if self.open_deserialize_impl(name) {
                let alternatives = self.writer.item(Item::Alternatives);
                self.code.statement(&format!(
                    "let alternatives = {alternatives}::deserialize(deserializer)?;"
                ));
                for (variant, _) in &variants {
                    self.code.open("if let Some(variant) = alternatives.to() {");
                    self.code.statement(&format!("return Ok(Self::{variant}(variant));"));
                    self.code.close("}");
                }
                self.code
                    .statement(&format!("Err(alternatives.mismatch({}))", string_literal(name)));
                self.code.close("}");
                self.code.close("}");
            }
            self.runtime_decodes = false;
            return;
        };
        let fallback = union.fallback.as_deref().unwrap_or("Unknown");
        let value_type = self.writer.item(Item::Value);
        let tag_doc = format!(
            "An object whose `{tag}` names no variant known when this client was generated, kept as received."
        );
        let tag = string_literal(tag);
        let tag_values: Vec<String> = union
            .variants
            .iter()
            .map(|v| string_literal(v.tag_value.as_deref().unwrap_or_default()))
            .collect();
        self.code.line("#[derive(Debug, Clone, PartialEq)]");
        self.code.line("#[non_exhaustive]");
        self.code.open_enum(&format!("pub enum {name}"));
        for ((variant, ty), definition) in variants.iter().zip(&union.variants) {
            if let Some(tag_value) = &definition.tag_value {
                self.code.docs(Some(&format!("`{tag_value}`")));
            }
            self.code.tuple(variant, std::slice::from_ref(ty), ",");
        }
        self.code.raw_docs(&tag_doc);
        self.code.tuple(fallback, &[value_type], ",");
        self.code.close_body();

        if self.open_serialize_impl(name) {
            let runtime = self.writer.item(Item::Runtime);
            let serialize = self.writer.item(Item::Serialize);
            self.code.open("match self {");
            for ((variant, _), tag_value) in variants.iter().zip(&tag_values) {
                self.code.arm(
                    &format!("Self::{variant}(value)"),
                    &format!("{runtime}::serialize_tagged(serializer, {tag}, {tag_value}, value)"),
                );
            }
            self.code.arm(
                &format!("Self::{fallback}(value)"),
                &format!("{serialize}::serialize(value, serializer)"),
            );
            self.close_fn_match();
            self.code.close("}");
        }
        if self.open_deserialize_impl(name) {
            let tagged = self.writer.item(Item::Tagged);
            self.code
                .statement(&format!("let tagged = {tagged}::deserialize(deserializer, {tag})?;"));
            self.code.open("match tagged.tag() {");
            for ((variant, _), tag_value) in variants.iter().zip(&tag_values) {
                self.code.arm(tag_value, &format!("tagged.into_variant().map(Self::{variant})"));
            }
            self.code.arm("_", &format!("Ok(Self::{fallback}(tagged.into_value()))"));
            self.close_fn_match();
            self.code.close("}");
        }
    }

    fn newtype(&mut self, name: &str, newtype: &Newtype) {
        write_cfg(self.code, self.cfg);
        self.derives(false);
        let ty = self.writer.ty(&newtype.ty);
        let ty = self.writer.boxed(ty, newtype.boxed);
        let ty = self.site(ty, "inner");
        self.code.line("#[serde(transparent)]");
        self.code.tuple(&format!("pub struct {name}"), &[format!("pub {ty}")], ";");
    }
}

/// A member of a struct literal: `name: value`, or `name` alone when the value is a local of
/// that name.
fn member(name: &str, value: String) -> String {
    if value == name { value } else { format!("{name}: {value}") }
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
    const ALL: [RenameRule; 4] =
        [RenameRule::Camel, RenameRule::Pascal, RenameRule::Kebab, RenameRule::ScreamingSnake];

    fn attribute(self) -> &'static str {
        match self {
            RenameRule::Camel => "camelCase",
            RenameRule::Pascal => "PascalCase",
            RenameRule::Kebab => "kebab-case",
            RenameRule::ScreamingSnake => "SCREAMING_SNAKE_CASE",
        }
    }

    /// What serde makes of a field name under this rule (serde_derive's `RenameRule`), or
    /// `None` where serde's derive would panic: its camel case lowercases the first byte of
    /// the Pascal-case name, so a name that does not start with an ASCII character (`名前`)
    /// cannot take that rule.
    fn apply(self, field: &str) -> Option<String> {
        Some(match self {
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
                    let first = pascal.chars().next().filter(char::is_ascii)?;
                    first.to_ascii_lowercase().to_string() + &pascal[1..]
                } else {
                    pascal
                }
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
        })
    }
}

/// The `rename_all` rule that gives every field its wire name, if one does and some field's
/// wire name differs from its Rust name; otherwise each such field has its own `rename`. A
/// rule that leaves some fields needing a `rename` is not used: a reader would take the
/// rule for the wire format of them all.
fn rename_rule(fields: &[Field]) -> Option<RenameRule> {
    let named: Vec<(&str, &str)> = fields
        .iter()
        .filter(|f| !f.flatten)
        .map(|f| (f.name.strip_prefix("r#").unwrap_or(&f.name), f.wire_name.as_str()))
        .collect();
    if named.iter().all(|(name, wire)| name == wire) {
        return None;
    }
    RenameRule::ALL.into_iter().find(|rule| {
        named.iter().all(|(name, wire)| rule.apply(name).is_some_and(|renamed| renamed == *wire))
    })
}

/// Which types can derive `Default`: structs whose every always-present field has a
/// default, so that request bodies can be built with `..Default::default()`.
fn defaultable(api: &Api) -> HashMap<String, bool> {
    defaultable_counting(api).0
}

/// [`defaultable`], and how many dependencies between types it followed. A type that
/// cannot have a default is found once and its dependents told through a reverse index,
/// so each dependency is followed once; a fixpoint over every type, repeated until
/// nothing changed, cost types × the length of the longest chain of fields.
fn defaultable_counting(api: &Api) -> (HashMap<String, bool>, usize) {
    let mut result: HashMap<String, bool> = api
        .types
        .values()
        .map(|def| (def.name.clone(), matches!(def.kind, TypeKind::Struct(_) | TypeKind::Alias(_))))
        .collect();
    // For each type, the types whose default needs its own.
    let mut dependents: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut without_default: Vec<&str> = Vec::new();
    for def in api.types.values() {
        let mut needs = Vec::new();
        match &def.kind {
            TypeKind::Struct(structure) => structure
                .fields
                .iter()
                .filter(|f| f.required && !f.nullable)
                .for_each(|f| named_defaults_needed(&f.ty, &mut needs)),
            TypeKind::Alias(ty) => named_defaults_needed(ty, &mut needs),
            _ => {
                without_default.push(&def.name);
                continue;
            }
        }
        for name in needs {
            if result.contains_key(name) {
                dependents.entry(name).or_default().push(&def.name);
            } else if result.insert(def.name.clone(), false) == Some(true) {
                // A name the model does not define has no default.
                without_default.push(&def.name);
            }
        }
    }
    let mut followed = 0;
    while let Some(name) = without_default.pop() {
        for dependent in dependents.get(name).into_iter().flatten() {
            followed += 1;
            if let Some(has_default) = result.get_mut(*dependent) {
                if *has_default {
                    *has_default = false;
                    without_default.push(dependent);
                }
            }
        }
    }
    (result, followed)
}

/// The named types whose defaults `ty` needs to have one: those it is made of but for
/// what is empty by default (options, arrays, maps).
fn named_defaults_needed<'a>(ty: &'a TypeRef, needs: &mut Vec<&'a str>) {
    match ty {
        // Whether another crate's type has a default is not known: as a name the model does
        // not define, it has none.
        TypeRef::Named(name) | TypeRef::External(name) => needs.push(name),
        TypeRef::Primitive(_)
        | TypeRef::Any
        | TypeRef::Array(_)
        | TypeRef::Map(_)
        | TypeRef::Nullable(_) => {}
        TypeRef::Tuple(items) => items.iter().for_each(|item| named_defaults_needed(item, needs)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn complexity_scores_as_clippy_does() {
        // Option 10, Vec 20, String 30.
        assert_eq!(complexity("Option<Vec<String>>"), 60);
        // The tuple 10, its items 20 each, `u8` 30, and a reference 1.
        assert_eq!(complexity("(String, &Vec<u8>)"), 81);
        assert_eq!(complexity("Tagged<'de>"), 10);
        assert_eq!(
            complexity(
                "std::option::Option<std::vec::Vec<std::collections::BTreeMap<std::string::String, std::vec::Vec<std::option::Option<std::collections::BTreeMap<std::string::String, std::vec::Vec<chrono::DateTime<chrono::Utc>>>>>>>>"
            ),
            560
        );
    }

    #[test]
    fn rename_rules_match_serde() {
        assert_eq!(RenameRule::Camel.apply("api_token_id").as_deref(), Some("apiTokenId"));
        assert_eq!(RenameRule::Pascal.apply("api_token_id").as_deref(), Some("ApiTokenId"));
        assert_eq!(RenameRule::Kebab.apply("api_token_id").as_deref(), Some("api-token-id"));
        assert_eq!(
            RenameRule::ScreamingSnake.apply("api_token_id").as_deref(),
            Some("API_TOKEN_ID")
        );
        assert_eq!(RenameRule::Camel.apply("名前"), None);
        assert_eq!(RenameRule::Pascal.apply("名前").as_deref(), Some("名前"));
    }

    fn field(name: &str, wire_name: &str) -> Field {
        Field {
            name: name.to_owned(),
            wire_name: wire_name.to_owned(),
            docs: None,
            ty: TypeRef::Primitive(Primitive::String),
            required: true,
            nullable: false,
            boxed: false,
            flatten: false,
        }
    }

    #[test]
    fn a_rule_is_chosen_only_when_it_gives_every_wire_name() {
        let camel = [field("first_name", "firstName"), field("last_name", "lastName")];
        assert_eq!(rename_rule(&camel), Some(RenameRule::Camel));
        // serde's camel case would panic on `名前`, and no rule gives `firstName` and
        // `名前` both.
        let beside = [field("first_name", "firstName"), field("名前", "名前")];
        assert_eq!(rename_rule(&beside), None);
        let mixed = [field("first_name", "firstName"), field("last_name", "last-name")];
        assert_eq!(rename_rule(&mixed), None);
        let plain = [field("id", "id"), field("r#type", "type")];
        assert_eq!(rename_rule(&plain), None);
    }

    /// Issue 16: a type without a default at the end of a chain of required fields was
    /// found by a fixpoint that went over every type once per link of the chain; each
    /// dependency is now followed once.
    #[test]
    fn defaults_follow_each_dependency_once() {
        let (chains, length) = (4, 300);
        let mut schemas = String::new();
        for chain in 0..chains {
            for link in 0..length {
                schemas.push_str(&format!(
                    "    C{chain}L{link}: {{type: object, required: [next], properties: {{next: {{$ref: '#/components/schemas/C{chain}L{}'}}}}}}\n",
                    link + 1
                ));
            }
            // Chains 0 and 2 end on an enum, which has no default; 1 and 3 on a string.
            let end =
                if chain % 2 == 0 { "{type: string, enum: [a, b]}" } else { "{type: string}" };
            schemas.push_str(&format!("    C{chain}L{length}: {end}\n"));
        }
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let api = match crate::model_from_str(std::path::Path::new("test.yaml"), yaml) {
            Ok(model) => model.api,
            Err(report) => panic!("{report}"),
        };
        let (defaults, followed) = defaultable_counting(&api);
        for chain in 0..chains {
            for link in 0..length {
                // The type of `C0L1` is `C0l1`.
                let name = format!("C{chain}l{link}");
                assert_eq!(defaults.get(&name), Some(&(chain % 2 == 1)), "{name}");
            }
        }
        // The links of chains 0 and 2, once each; before, 300 passes over 1,204 types.
        assert_eq!(followed, 2 * length);
    }
}
