//! The personal-access-token API (seed 004): its `personalAccessToken.updated` webhook
//! decoded from the documented example, verified when signed, and its one operation on the
//! wire.

use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use generated::personal_access_tokens::Client;
use generated::personal_access_tokens::types::{
    Address, EmailPreference, Metadata, Organization, PersonalAccessToken,
    PersonalAccessTokenUpdate, PersonalAccessTokenUpdatedEventKind, Reseller, User, ViewPermission,
};
use generated::personal_access_tokens::webhooks::Event;
use generated::runtime::reqwest::header::HeaderMap;
use generated::runtime::{SignatureEncoding, VerifyError, WebhookError, WebhookVerifier};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const EVENT: &str = include_str!("data/personal-access-token-updated.json");
const TOKEN: &str = include_str!("data/personal-access-token.json");

fn at(text: &str) -> Option<DateTime<Utc>> {
    Some(text.parse().expect("a valid date-time"))
}

fn s(text: &str) -> Option<String> {
    Some(text.to_owned())
}

/// Builds a type that is only ever received, which has no constructor: from its `Default`
/// (every field is optional), with the fields given set.
macro_rules! build {
    ($ty:ident { $($field:ident: $value:expr),* $(,)? }) => {{
        let mut value = $ty::default();
        $(value.$field = $value;)*
        value
    }};
}

fn reseller() -> Reseller {
    build!(Reseller {
        id: s("string"),
        created_at: at("2019-08-24T14:15:22Z"),
        updated_at: at("2019-08-24T14:15:22Z"),
        name: s("string"),
        email: s("string"),
        description: s("string"),
        allowed_users: Some(0),
        allowed_organizations: Some(0),
    })
}

/// The token of the documented examples, every nested field spelled out.
fn documented_token() -> PersonalAccessToken {
    let stamp = at("2019-08-24T14:15:22Z");
    build!(PersonalAccessToken {
        id: s("string"),
        created_at: stamp,
        updated_at: stamp,
        name: s("string"),
        expires_at: stamp,
        revoked: Some(true),
        scopes: Some(vec!["string".to_owned()]),
        user_id: s("string"),
        user: Some(build!(User {
            id: s("string"),
            created_at: stamp,
            updated_at: stamp,
            name: s("string"),
            first_name: s("string"),
            last_name: s("string"),
            email: s("string"),
            role: s("string"),
            two_factor_enabled: Some(true),
            google_sso_enabled: Some(true),
            last_login_at: stamp,
            company: s("string"),
            allow_customer_portal_access: Some(true),
            roles: Some(vec!["string".to_owned()]),
            last_seen_at: stamp,
            organization_id: s("string"),
            organization: Some(build!(Organization {
                id: s("string"),
                created_at: stamp,
                updated_at: stamp,
                name: s("string"),
                email: s("string"),
                description: s("string"),
                allowed_users: Some(0),
                address: Some(build!(Address {
                    address_line1: s("string"),
                    address_line2: s("string"),
                    city: s("string"),
                    state: s("string"),
                    country: s("string"),
                    postal_code: s("string"),
                })),
                reseller_id: s("string"),
                reseller: Some(reseller()),
            })),
            reseller_id: s("string"),
            reseller: Some(reseller()),
            metadata: Some(vec![build!(Metadata {
                id: s("string"),
                created_at: stamp,
                updated_at: stamp,
                key: s("string"),
                value: s("string"),
                view_permissions: Some(vec![ViewPermission::Activation]),
                visible: Some(true),
            })]),
            tags: Some(vec!["string".to_owned()]),
            email_preference: Some(build!(EmailPreference { metrics: Some(true) })),
        })),
        last_used_at: stamp,
        last_rotated_at: stamp,
    })
}

#[test]
fn the_documented_webhook_payload_decodes_to_the_typed_event() {
    let event = Event::from_slice(EVENT.as_bytes()).expect("the documented payload decodes");
    assert_eq!(event.name(), "personalAccessToken.updated");
    let Event::PersonalAccessTokenUpdated(updated) = event else {
        panic!("expected the documented event, got {event:?}");
    };
    assert_eq!(updated.event, PersonalAccessTokenUpdatedEventKind::PersonalAccessTokenUpdated);
    assert_eq!(updated.data, documented_token());
    assert_eq!(updated.triggered_at, s("string"));
}

/// A Standard Webhooks secret (`whsec_` and the base64 of `KEY`), as a sender shows it.
const SECRET: &str = "whsec_c2lnbmluZyBrZXkgb2YgdGhlIHNlbmRlcg==";
const KEY: &[u8] = b"signing key of the sender";

/// The headers a Standard Webhooks sender signs `body` with, sent `timestamp`.
fn standard_delivery(id: &str, timestamp: &str, body: &[u8]) -> HeaderMap {
    use base64::Engine as _;
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY).expect("any key length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    let mut headers = HeaderMap::new();
    headers.insert("webhook-id", id.parse().expect("value"));
    headers.insert("webhook-timestamp", timestamp.parse().expect("value"));
    headers.insert("webhook-signature", format!("v1,{signature}").parse().expect("value"));
    headers
}

/// Seconds since 1970, by the system clock.
fn seconds_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("after 1970").as_secs()
}

fn now() -> String {
    seconds_now().to_string()
}

#[test]
fn a_signed_delivery_is_verified_then_decoded_to_the_typed_event() {
    let verifier = WebhookVerifier::standard(SECRET).expect("base64 secret");
    let headers = standard_delivery("msg_1", &now(), EVENT.as_bytes());
    let event = Event::verify_and_decode(&headers, EVENT.as_bytes(), &verifier)
        .expect("signed with the secret, just now");
    let Event::PersonalAccessTokenUpdated(updated) = event else {
        panic!("expected the documented event, got {event:?}");
    };
    assert_eq!(updated.data, documented_token());
}

#[test]
fn a_forged_or_replayed_delivery_is_rejected_before_its_body_is_read() {
    let verifier = WebhookVerifier::standard(SECRET).expect("base64 secret");
    // A body an attacker changed (the token no longer revoked) keeps the original signature.
    let headers = standard_delivery("msg_1", &now(), EVENT.as_bytes());
    let forged = EVENT.replace("\"revoked\": true", "\"revoked\": false");
    assert_ne!(forged, EVENT);
    let error = Event::verify_and_decode(&headers, forged.as_bytes(), &verifier).unwrap_err();
    assert!(matches!(error, WebhookError::Unverified(VerifyError::BadSignature)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "webhook delivery rejected: no webhook signature matches the body and the secret"
    );
    // A genuine delivery captured a day ago and sent again.
    let yesterday = (seconds_now() - 86_400).to_string();
    let replayed = standard_delivery("msg_1", &yesterday, EVENT.as_bytes());
    let error = Event::verify_and_decode(&replayed, EVENT.as_bytes(), &verifier).unwrap_err();
    assert!(
        matches!(error, WebhookError::Unverified(VerifyError::TooOld { tolerance: 300, .. })),
        "{error:?}"
    );
    // Not JSON at all, but unsigned: the signature is checked first.
    let error = Event::verify_and_decode(&HeaderMap::new(), b"not json", &verifier).unwrap_err();
    assert_eq!(
        error.to_string(),
        "webhook delivery rejected: webhook delivery has no `webhook-id` header"
    );
}

#[test]
fn a_delivery_signed_with_a_plain_hmac_header_is_verified_then_decoded() {
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY).expect("any key length");
    mac.update(EVENT.as_bytes());
    let hex: String =
        mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
    let mut headers = HeaderMap::new();
    headers.insert("x-signature", format!("sha256={hex}").parse().expect("value"));
    let verifier =
        WebhookVerifier::hmac_sha256("x-signature", KEY, SignatureEncoding::Hex).prefix("sha256=");
    let event = Event::verify_and_decode(&headers, EVENT.as_bytes(), &verifier).expect("signed");
    assert_eq!(event.name(), "personalAccessToken.updated");
}

#[test]
fn the_event_re_encodes_to_equal_json() {
    let event = Event::from_slice(EVENT.as_bytes()).expect("decodes");
    let original: serde_json::Value = serde_json::from_str(EVENT).expect("json");
    assert_eq!(serde_json::to_value(&event).expect("encodes"), original);
}

#[test]
fn the_event_can_be_decoded_by_a_name_the_delivery_gives() {
    let event =
        Event::from_named("personalAccessToken.updated", EVENT.as_bytes()).expect("decodes");
    assert!(matches!(event, Event::PersonalAccessTokenUpdated(_)));
    assert_eq!(Event::NAMES, ["personalAccessToken.updated"]);
}

#[test]
fn an_unknown_event_is_an_error_that_keeps_the_json() {
    let body = r#"{"event":"personalAccessToken.deleted","data":{"id":"pat_1"}}"#;
    let error = Event::from_slice(body.as_bytes()).expect_err("not a documented event");
    assert_eq!(error.to_string(), "unknown webhook event `personalAccessToken.deleted`");
    let WebhookError::UnknownEvent { name, payload } = error else {
        panic!("expected an unknown event, got {error:?}");
    };
    assert_eq!(name, "personalAccessToken.deleted");
    assert_eq!(
        payload,
        serde_json::json!({"event": "personalAccessToken.deleted", "data": {"id": "pat_1"}})
    );
}

#[test]
fn a_payload_that_does_not_fit_its_event_says_so() {
    let body = r#"{"event":"personalAccessToken.updated","data":{"revoked":"yes"}}"#;
    let error = Event::from_slice(body.as_bytes()).expect_err("revoked must be a boolean");
    assert_eq!(
        error.to_string(),
        "invalid payload for webhook event `personalAccessToken.updated`: invalid type: string \"yes\", expected a boolean"
    );
    let error = Event::from_slice(b"{\"data\":{}}").expect_err("no event property");
    assert_eq!(error.to_string(), "webhook payload has no string `event` naming its event");
}

#[tokio::test]
async fn update_sends_the_revoked_body_with_the_jwt_and_decodes_the_token() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(TOKEN, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .jwt("eyJhbGciOiJIUzI1NiJ9.e30.sig")
        .build()
        .expect("client builds");
    let token = client
        .update_personal_access_token("pat 1", &PersonalAccessTokenUpdate::new(true))
        .await
        .expect("200");
    assert_eq!(token.status(), 200);
    assert_eq!(token.into_inner(), documented_token());

    let requests = server.received_requests().await.expect("recording is on");
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/v3/personal-access-tokens/pat%201");
    assert_eq!(
        request.headers.get("authorization").and_then(|v| v.to_str().ok()),
        Some("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")
    );
    assert_eq!(
        request.headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/json")
    );
    assert_eq!(String::from_utf8_lossy(&request.body), r#"{"revoked":true}"#);
}
