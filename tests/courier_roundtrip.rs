//! The generated Courier types encode exactly what the API expects and decode what it sends;
//! a request's types only encode, a response's only decode.

use generated::courier::types::{
    BadRequest, BadRequestType, UsersAddSingleTokenBody, UsersDevice, UsersExpiryDate,
    UsersPatchOperation, UsersPatchUserTokenOpts, UsersProviderKey,
};
use generated::runtime::Tristate;

fn decode<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|error| panic!("{json}: {error}"))
}

fn encode<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("encodes")
}

#[test]
fn expiry_date_false_is_the_boolean_variant() {
    let body = UsersAddSingleTokenBody::new(UsersProviderKey::Apn)
        .with_expiry_date(UsersExpiryDate::Bool(false));
    assert_eq!(encode(&body), r#"{"provider_key":"apn","expiry_date":false}"#);
}

#[test]
fn expiry_date_string_is_the_string_variant() {
    let body = UsersAddSingleTokenBody::new(UsersProviderKey::Expo)
        .with_expiry_date(UsersExpiryDate::String("2026-01-31T00:00:00Z".to_owned()));
    assert_eq!(encode(&body), r#"{"provider_key":"expo","expiry_date":"2026-01-31T00:00:00Z"}"#);
}

#[test]
fn null_absent_and_value_stay_distinct() {
    let body = UsersAddSingleTokenBody::new(UsersProviderKey::FirebaseFcm)
        .with_expiry_date(Tristate::Null)
        .with_properties(serde_json::json!({"a": 1}))
        .with_device(UsersDevice::default().with_app_id(Tristate::Null).with_model("Pixel"));
    assert_eq!(body.tracking, Tristate::Absent);
    assert_eq!(
        encode(&body),
        r#"{"provider_key":"firebase-fcm","expiry_date":null,"properties":{"a":1},"device":{"app_id":null,"model":"Pixel"}}"#
    );
}

#[test]
fn a_built_body_sends_only_what_was_set_and_null_to_clear() {
    let body = UsersAddSingleTokenBody::new(UsersProviderKey::Onesignal)
        .with_expiry_date(Tristate::Null)
        .with_device(UsersDevice::default().with_platform("ios"));
    assert_eq!(
        encode(&body),
        r#"{"provider_key":"onesignal","expiry_date":null,"device":{"platform":"ios"}}"#
    );
}

#[test]
fn an_unknown_provider_key_parses_to_the_fallback_and_is_sent_as_it_was() {
    let key: UsersProviderKey = "pigeon-post".parse().expect("infallible");
    assert_eq!(key, UsersProviderKey::Unknown("pigeon-post".to_owned()));
    assert_eq!(key.to_string(), "pigeon-post");
    assert_eq!(encode(&UsersAddSingleTokenBody::new(key)), r#"{"provider_key":"pigeon-post"}"#);
}

#[test]
fn provider_keys_parse_and_display_their_wire_values() {
    assert_eq!("firebase-fcm".parse::<UsersProviderKey>(), Ok(UsersProviderKey::FirebaseFcm));
    assert_eq!(UsersProviderKey::FirebaseFcm.as_str(), "firebase-fcm");
    assert_eq!(UsersProviderKey::FirebaseFcm.to_string(), "firebase-fcm");
}

#[test]
fn a_missing_required_field_is_an_error() {
    let error = serde_json::from_str::<BadRequest>(r#"{"type":"invalid_request_error"}"#)
        .expect_err("message is required");
    assert_eq!(error.to_string(), "missing field `message` at line 1 column 32");
}

#[test]
fn bad_request_merges_its_own_type_with_the_base_error_message() {
    let json = r#"{"message":"Invalid token","type":"invalid_request_error"}"#;
    let error: BadRequest = decode(json);
    assert_eq!(error.message, "Invalid token");
    assert_eq!(error.r#type, BadRequestType::InvalidRequestError);
}

#[test]
fn a_json_patch_encodes_null_values_only_when_asked() {
    let patch = UsersPatchUserTokenOpts::new(vec![
        UsersPatchOperation::new("replace", "/status").with_value("revoked"),
        UsersPatchOperation::new("remove", "/properties"),
        UsersPatchOperation::new("replace", "/device").with_value(Tristate::Null),
    ]);
    assert_eq!(
        encode(&patch),
        r#"{"patch":[{"op":"replace","path":"/status","value":"revoked"},{"op":"remove","path":"/properties"},{"op":"replace","path":"/device","value":null}]}"#
    );
}
