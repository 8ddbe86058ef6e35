//! Generated structs decode through the runtime's `Object` instead of serde's derive (issue
//! 20, for compile time). They must decode what the derive decoded, to the same values, and
//! fail on what it failed on, with the same errors: each input here is decoded both by the
//! wire fixture's `Record` and by a struct deriving `Deserialize` with the attributes the
//! generator wrote before.

use std::collections::BTreeMap;

use client_runtime::Tristate;
use tests::wire_fixture::types::{Record, RecordOwner, Tally};

/// `Record` as serde's derive decodes it.
mod derived {
    use client_runtime::Tristate;
    use serde::Deserialize;

    #[derive(Deserialize)]
    pub struct Record {
        pub id: String,
        #[serde(rename = "createdAt")]
        pub created_at: String,
        pub count: Option<i64>,
        #[serde(default)]
        pub note: Tristate<String>,
        pub parent: Option<String>,
        pub child: Option<Box<Record>>,
        pub fields: i64,
        pub index: bool,
        pub tags: Option<Vec<String>>,
        pub owner: Option<RecordOwner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    pub enum RecordOwner {
        Integer(i64),
        String(String),
        StringList(Vec<String>),
    }
}

/// Every field of a decoded record, printed, to compare the two decodings' values.
trait Fields {
    fn fields(&self) -> String;
}

/// `Record` and `derived::Record` have the same fields; `$record` is either.
macro_rules! fields_of {
    ($record:ty) => {
        impl Fields for $record {
            fn fields(&self) -> String {
                format!(
                    "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                    self.id,
                    self.created_at,
                    self.count,
                    self.note,
                    self.parent,
                    self.child.as_ref().map(|child| child.fields()),
                    self.fields,
                    self.index,
                    self.tags,
                    self.owner.as_ref().map(|owner| owner.text())
                )
            }
        }
    };
}

fields_of!(Record);
fields_of!(derived::Record);

/// The alternative an `owner` decoded as, and its value.
trait Text {
    fn text(&self) -> String;
}

impl Text for RecordOwner {
    fn text(&self) -> String {
        match self {
            RecordOwner::Integer(number) => format!("integer {number}"),
            RecordOwner::String(text) => format!("string {text:?}"),
            RecordOwner::StringList(list) => format!("list {list:?}"),
            other => format!("an alternative this test does not know: {other:?}"),
        }
    }
}

impl Text for derived::RecordOwner {
    fn text(&self) -> String {
        match self {
            derived::RecordOwner::Integer(number) => format!("integer {number}"),
            derived::RecordOwner::String(text) => format!("string {text:?}"),
            derived::RecordOwner::StringList(list) => format!("list {list:?}"),
        }
    }
}

/// A decoded value's fields or the error's text.
fn outcome<T: Fields + serde::de::DeserializeOwned>(json: &str) -> String {
    match serde_json::from_str::<T>(json) {
        Ok(value) => value.fields(),
        Err(error) => format!("error: {error}"),
    }
}

const COMPLETE: &str = r#"{"id":"r1","createdAt":"2026-11-30","count":3,"note":"n","parent":"p","child":{"id":"r2","createdAt":"c","parent":null,"fields":2,"index":false},"fields":1,"index":true,"tags":["a","b"]}"#;

#[test]
fn records_decode_as_serde_s_derive_decodes_them() {
    let inputs = [
        COMPLETE,
        // Only what is required; `parent` is required but nullable, and may be left out as
        // the derive allows.
        r#"{"id":"r1","createdAt":"c","fields":1,"index":true}"#,
        // Properties the struct does not know are skipped, whatever their value.
        r#"{"unknown":{"deep":[1,{"x":null}]},"id":"r1","createdAt":"c","fields":1,"index":true,"more":"x"}"#,
        // `null` for the nullable and the optional fields.
        r#"{"id":"r1","createdAt":"c","note":null,"parent":null,"count":null,"child":null,"tags":null,"fields":1,"index":true}"#,
        // A required field missing: the first in declaration order is named.
        r#"{"createdAt":"c","fields":1}"#,
        r#"{"id":"r1","createdAt":"c","fields":1}"#,
        r#"{"id":"r1","fields":1,"index":true}"#,
        // A value of the wrong type is the error, not the required fields missing after it.
        r#"{"fields":"one"}"#,
        // A required field given `null`.
        r#"{"id":null,"createdAt":"c","fields":1,"index":true}"#,
        // A property given twice.
        r#"{"id":"r1","createdAt":"c","id":"r2","fields":1,"index":true}"#,
        // A value of the wrong type, at the top and in a nested record.
        r#"{"id":"r1","createdAt":"c","fields":"one","index":true}"#,
        r#"{"id":"r1","createdAt":"c","fields":1,"index":true,"child":{"id":7}}"#,
        r#""a record""#,
        "null",
        "{}",
        // Malformed JSON inside the object.
        r#"{"id":"r1","createdAt":"c","fields":1,"index":tru}"#,
        r#"{"id":"r1","createdAt"#,
        // Each alternative of the untagged union `owner`, and a value none of them is.
        r#"{"id":"r1","createdAt":"c","fields":1,"index":true,"owner":7}"#,
        r#"{"id":"r1","createdAt":"c","fields":1,"index":true,"owner":"o"}"#,
        r#"{"id":"r1","createdAt":"c","fields":1,"index":true,"owner":["o","p"]}"#,
        r#"{"id":"r1","createdAt":"c","fields":1,"index":true,"owner":null}"#,
        r#"{"id":"r1","createdAt":"c","fields":1,"index":true,"owner":1.5}"#,
        r#"{"id":"r1","createdAt":"c","fields":1,"index":true,"owner":{"a":1}}"#,
        r#"{"id":"r1","createdAt":"c","fields":1,"index":true,"owner":[1]}"#,
    ];
    for input in inputs {
        assert_eq!(outcome::<Record>(input), outcome::<derived::Record>(input), "{input}");
    }
}

#[test]
fn a_record_decodes_to_exact_values() {
    let record: Record = serde_json::from_str(COMPLETE).expect("decodes");
    assert_eq!(record.id, "r1");
    assert_eq!(record.created_at, "2026-11-30");
    assert_eq!(record.count, Some(3));
    assert_eq!(record.note, Tristate::Value("n".to_owned()));
    assert_eq!(record.parent.as_deref(), Some("p"));
    assert_eq!(record.fields, 1);
    assert!(record.index);
    assert_eq!(record.tags, Some(vec!["a".to_owned(), "b".to_owned()]));
    let child = record.child.expect("has a child");
    assert_eq!((child.id.as_str(), child.parent, child.note), ("r2", None, Tristate::Absent));

    let nulls = r#"{"id":"r1","createdAt":"c","note":null,"fields":1,"index":true}"#;
    let record: Record = serde_json::from_str(nulls).expect("decodes");
    assert_eq!(record.note, Tristate::Null);
}

#[test]
fn errors_name_the_field_and_the_place() {
    let cases = [
        (r#"{"createdAt":"c","fields":1}"#, "missing field `id` at line 1 column 28"),
        (r#"{"id":"r1","createdAt":"c","id":"r2"}"#, "duplicate field `id` at line 1 column 31"),
        (
            r#"{"id":"r1","createdAt":"c","fields":"one"}"#,
            "invalid type: string \"one\", expected i64 at line 1 column 41",
        ),
        (
            r#""a record""#,
            "invalid type: string \"a record\", expected struct Record at line 1 column 10",
        ),
        // The one difference from serde's derive, which reads a struct from an array of its
        // fields in order ("invalid length 0, expected struct Record with 9 elements"): no
        // OpenAPI object is an array.
        ("[]", "invalid type: sequence, expected struct Record at line 1 column 2"),
    ];
    for (input, error) in cases {
        let decoded = serde_json::from_str::<Record>(input).expect_err(input);
        assert_eq!(decoded.to_string(), error, "{input}");
    }
}

#[test]
fn an_untagged_union_decodes_as_its_first_fitting_alternative() {
    let owner = |json: &str| serde_json::from_str::<RecordOwner>(json);
    assert_eq!(owner("7").ok(), Some(RecordOwner::Integer(7)));
    assert_eq!(owner("\"7\"").ok(), Some(RecordOwner::String("7".to_owned())));
    assert_eq!(owner("[\"7\"]").ok(), Some(RecordOwner::StringList(vec!["7".to_owned()])));
    let error = owner("{\"a\": 1}").expect_err("no alternative is an object");
    let derived = serde_json::from_str::<derived::RecordOwner>("{\"a\": 1}").expect_err("same");
    assert_eq!(error.to_string(), "data did not match any variant of untagged enum RecordOwner");
    assert_eq!(error.to_string(), derived.to_string());
}

#[test]
fn properties_a_struct_does_not_name_are_kept_in_its_map_of_others() {
    let tally: Tally =
        serde_json::from_str(r#"{"apples":3,"total":5,"pears":2}"#).expect("decodes");
    assert_eq!(tally.total, 5);
    assert_eq!(
        tally.additional_properties,
        BTreeMap::from([("apples".to_owned(), 3), ("pears".to_owned(), 2)])
    );

    let error =
        serde_json::from_str::<Tally>(r#"{"total":5,"plums":"many"}"#).expect_err("not a count");
    assert_eq!(
        error.to_string(),
        "invalid type: string \"many\", expected i64 at line 1 column 25"
    );
    let error = serde_json::from_str::<Tally>(r#"{"apples":3}"#).expect_err("no total");
    assert_eq!(error.to_string(), "missing field `total` at line 1 column 12");
}
