//! A struct's `Deserialize` through the runtime's `Object`: the runtime reads the object's
//! keys, and the struct's own code is a `match` from a key's position in its list of wire
//! names to the field it fills. serde's derive writes a whole visitor into each struct, whose
//! type checking was most of the time a generated crate took to check (the README's compile
//! time section has the numbers).

use crate::ir::Struct;
use crate::naming::Scope;

use super::super::code::string_literal;
use super::super::imports::Item;
use super::{TypeEmitter, member};

/// Whether `structure` is decoded through the runtime's `Object`: all but the structs with
/// a flattened member, which serde's derive decodes from the properties the others leave.
pub fn decodes_as_object(structure: &Struct) -> bool {
    !structure.fields.iter().any(|field| field.flatten)
}

/// The runtime features that decoding `structure` uses: none when serde's derive decodes
/// it, else `decode-objects` and those of the `Fields` methods its kinds of fields call.
pub fn decoding_features(structure: &Struct) -> Vec<&'static str> {
    if !decodes_as_object(structure) {
        return Vec::new();
    }
    let mut features = vec!["decode-objects"];
    let (required, optional): (Vec<_>, Vec<_>) =
        structure.fields.iter().partition(|field| field.required && !field.nullable);
    if !optional.is_empty() {
        features.push("decode-optional");
    }
    if !required.is_empty() {
        features.push("decode-required");
    }
    if structure.additional.is_some() {
        features.push("decode-others");
    }
    features
}

/// How one field is read: its local's starting value, the `Fields` method that reads it, and
/// how the struct takes it at the end.
struct Reading {
    local: String,
    start: String,
    read: &'static str,
    required: bool,
}

impl TypeEmitter<'_> {
    /// `impl Deserialize for name` calling the runtime with the struct's name and wire
    /// names, and `impl Object for name` with its `decode`.
    pub(super) fn object_decoding(&mut self, name: &str, structure: &Struct) {
        if self.open_deserialize_impl(name) {
            let runtime = self.writer.item(Item::Runtime);
            let wire_names: Vec<String> =
                structure.fields.iter().map(|field| string_literal(&field.wire_name)).collect();
            self.code.statement(&format!(
                "{runtime}::deserialize_object(deserializer, {}, &[{}])",
                string_literal(name),
                wire_names.join(", ")
            ));
            self.code.close("}");
            self.code.close("}");
        }
        let mut locals = Scope::new();
        let mut readings = Vec::new();
        for field in &structure.fields {
            let local = locals.claim(&field.name);
            let (start, read, required) = match (field.required, field.nullable) {
                (true, false) => ("None".to_owned(), "set_some", true),
                (false, true) => {
                    (format!("{}::Absent", self.writer.item(Item::Tristate)), "set", false)
                }
                (true, true) | (false, false) => ("None".to_owned(), "set", false),
            };
            readings.push(Reading { local, start, read, required });
        }
        let others = structure.additional.as_ref().map(|additional| Reading {
            local: locals.claim(&additional.name),
            start: format!("{}::new()", self.writer.item(Item::BTreeMap)),
            read: "keep",
            required: false,
        });
        let fields_local = locals.claim("fields");
        let index = locals.claim("index");

        let object = self.writer.item(Item::Object);
        let fields_type = self.writer.item(Item::Fields);
        let map_access = self.writer.item(Item::MapAccess);
        let option = self.writer.item(Item::Option);
        self.open_impl("", Some(&object), name);
        if others.is_some() {
            self.code.line("const KEEPS_OTHERS: bool = true;");
            self.code.blank();
        }
        self.code.open_fn(
            &format!("fn decode<'de, A: {map_access}<'de>>"),
            &[format!("{fields_local}: &mut {fields_type}<'de, A>")],
            Some(&format!("{option}<Self>")),
        );
        let all = || readings.iter().chain(&others);
        for reading in all() {
            self.code.statement(&format!("let mut {} = {};", reading.local, reading.start));
        }
        let mut only = all();
        if let (Some(reading), None) = (only.next(), only.next()) {
            // Every property `next_property` gives is this one.
            self.code.open(&format!("while {fields_local}.next_property().is_some() {{"));
            self.code
                .statement(&format!("{fields_local}.{}(&mut {});", reading.read, reading.local));
            self.code.close("}");
        } else if all().next().is_none() {
            self.code.line_fmt(format_args!("while {fields_local}.next_property().is_some() {{}}"));
        } else {
            self.code.open(&format!("while let Some({index}) = {fields_local}.next_property() {{"));
            self.code.open(&format!("match {index} {{"));
            for (position, reading) in all().enumerate() {
                self.code.arm(
                    &position.to_string(),
                    &format!("{fields_local}.{}(&mut {})", reading.read, reading.local),
                );
            }
            self.code.line("_ => {}");
            self.code.close("}");
            self.code.close("}");
        }
        let checked = self.required_check(&readings, &mut locals, &fields_local);
        let members: Vec<String> =
            structure
                .fields
                .iter()
                .zip(&readings)
                .enumerate()
                .map(|(position, (field, reading))| {
                    let value = if reading.required && !checked {
                        format!("{fields_local}.required({}, {position})?", reading.local)
                    } else {
                        reading.local.clone()
                    };
                    member(&field.name, value)
                })
                .chain(
                    structure.additional.iter().zip(&others).map(|(additional, reading)| {
                        member(&additional.name, reading.local.clone())
                    }),
                )
                .collect();
        self.code.call_with_struct("Some", "Self", &members);
        self.code.close("}");
        self.code.close("}");
    }

    /// `let (Some(a), Some(b)) = (a, b) else { return fields.missing(&[0, 3]); };`, taking
    /// the values of the required fields out of their `Option`s; `false` when there are none,
    /// or when a field's name is too long for rustfmt's layouts of that statement, and the
    /// struct takes each with `fields.required(a, 0)?` instead. One `else` is cheaper to
    /// check than a `?` per field, each of which drops every local read so far (Stripe's
    /// `customers` feature: 0.15 s of 5).
    fn required_check(&mut self, readings: &[Reading], locals: &mut Scope, fields: &str) -> bool {
        let required: Vec<(usize, &Reading)> =
            readings.iter().enumerate().filter(|(_, reading)| reading.required).collect();
        if required.is_empty() {
            return false;
        }
        let patterns: Vec<String> =
            required.iter().map(|(_, reading)| format!("Some({})", reading.local)).collect();
        let values: Vec<String> =
            required.iter().map(|(_, reading)| reading.local.clone()).collect();
        let positions: Vec<String> =
            required.iter().map(|(position, _)| position.to_string()).collect();
        let positions = positions.join(", ");
        let call = format!("return {fields}.missing(&[{positions}]);");
        // rustfmt breaks a `return` a column before the line's end.
        let body = if self.code.fits_inside(call.len() + 1) {
            vec![call]
        } else {
            // rustfmt would break the call itself; a list of its own is laid out as a `let`.
            let list = locals.claim("required");
            vec![
                format!("let {list} = [{positions}];"),
                format!("return {fields}.missing(&{list});"),
            ]
        };
        self.code.let_else(&patterns, &values, &body)
    }
}
