//! The conversions into `Tristate`, which each decide which of its three states a value is.

use crate::Tristate;

#[test]
fn a_value_converts_to_value() {
    let field: Tristate<u32> = 7.into();
    assert_eq!(field, Tristate::Value(7));
}

#[test]
fn some_is_a_value_and_none_is_null_not_absent() {
    let some: Tristate<u32> = Some(7).into();
    let none: Tristate<u32> = None.into();
    assert_eq!(some, Tristate::Value(7));
    assert_eq!(none, Tristate::Null);
    assert_eq!(serde_json::to_string(&none).unwrap(), "null");
}

#[test]
fn a_string_literal_converts_to_a_string_value() {
    let field: Tristate<String> = "hello".into();
    assert_eq!(field, Tristate::Value("hello".to_owned()));
}

#[test]
fn an_option_of_an_option_is_still_one_level() {
    // `From<T>` and `From<Option<T>>` both apply to `Tristate<Option<u32>>`'s arguments at
    // different levels: `Some(1)` is its `T`, `Some(Some(1))` its `Option<T>`.
    let inner: Tristate<Option<u32>> = Some(1).into();
    let outer: Tristate<Option<u32>> = Some(Some(1)).into();
    let null: Tristate<Option<u32>> = None::<Option<u32>>.into();
    assert_eq!(inner, Tristate::Value(Some(1)));
    assert_eq!(outer, Tristate::Value(Some(1)));
    assert_eq!(null, Tristate::Null);
}
