//! Webhook signature verification: the Standard Webhooks specification's published test
//! vector (its libraries' `sign` tests, e.g. `libraries/go/webhook_test.go`), key rotation,
//! forgeries, replays, missing and malformed headers, and GitHub-style plain HMAC.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

use crate::{SignatureEncoding, VerifyError, WebhookError, WebhookVerifier};

/// The specification's vector: this secret, id, timestamp and payload sign to [`SIGNED`].
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const TIMESTAMP: u64 = 1614265330;
const PAYLOAD: &[u8] = br#"{"test": 2432232314}"#;
const SIGNED: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

/// A signature of the same length that is not the payload's (another key's).
const OTHER: &str = "v1,dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=";

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.insert(*name, value.parse().expect("header value"));
    }
    map
}

fn delivery(signature: &str) -> HeaderMap {
    headers(&[
        ("webhook-id", ID),
        ("webhook-timestamp", &TIMESTAMP.to_string()),
        ("webhook-signature", signature),
    ])
}

/// The moment `offset` seconds after the vector's timestamp.
fn at(offset: i64) -> SystemTime {
    let base = UNIX_EPOCH + Duration::from_secs(TIMESTAMP);
    match u64::try_from(offset) {
        Ok(later) => base + Duration::from_secs(later),
        Err(_) => base - Duration::from_secs(offset.unsigned_abs()),
    }
}

fn standard() -> WebhookVerifier {
    WebhookVerifier::standard(SECRET).expect("the vector's secret is base64")
}

#[test]
fn the_specifications_test_vector_verifies_with_or_without_the_prefix() {
    assert_eq!(standard().verify_at(&delivery(SIGNED), PAYLOAD, at(0)), Ok(()));
    let bare = WebhookVerifier::standard("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("base64");
    assert_eq!(bare.verify_at(&delivery(SIGNED), PAYLOAD, at(0)), Ok(()));
}

#[test]
fn one_matching_signature_among_several_is_enough() {
    let rotating = format!("v1a,c2lnbmF0dXJl {OTHER} v1,not*base64 {SIGNED}");
    assert_eq!(standard().verify_at(&delivery(&rotating), PAYLOAD, at(0)), Ok(()));
    let none = format!("{OTHER} v2,{}", &SIGNED[3..]);
    assert_eq!(
        standard().verify_at(&delivery(&none), PAYLOAD, at(0)),
        Err(VerifyError::BadSignature)
    );
}

#[test]
fn a_wrong_secret_or_a_changed_body_or_id_is_a_bad_signature() {
    let other = WebhookVerifier::standard("whsec_c2VjcmV0IG9mIGFub3RoZXIgc2VuZGVy").expect("b64");
    let error = other.verify_at(&delivery(SIGNED), PAYLOAD, at(0)).unwrap_err();
    assert_eq!(error, VerifyError::BadSignature);
    assert_eq!(error.to_string(), "no webhook signature matches the body and the secret");
    assert_eq!(
        standard().verify_at(&delivery(SIGNED), br#"{"test": 2432232315}"#, at(0)),
        Err(VerifyError::BadSignature)
    );
    let mut moved = delivery(SIGNED);
    moved.insert("webhook-id", "msg_another".parse().expect("value"));
    assert_eq!(standard().verify_at(&moved, PAYLOAD, at(0)), Err(VerifyError::BadSignature));
}

#[test]
fn a_timestamp_outside_the_tolerance_is_a_replay_either_way() {
    let verifier = standard();
    assert_eq!(verifier.verify_at(&delivery(SIGNED), PAYLOAD, at(300)), Ok(()));
    assert_eq!(verifier.verify_at(&delivery(SIGNED), PAYLOAD, at(-300)), Ok(()));
    let old = verifier.verify_at(&delivery(SIGNED), PAYLOAD, at(301)).unwrap_err();
    assert_eq!(old, VerifyError::TooOld { age: 301, tolerance: 300 });
    assert_eq!(
        old.to_string(),
        "webhook timestamp is 301 s old, more than the 300 s tolerated (a replay?)"
    );
    let new = verifier.verify_at(&delivery(SIGNED), PAYLOAD, at(-301)).unwrap_err();
    assert_eq!(new, VerifyError::TooNew { ahead: 301, tolerance: 300 });
    assert_eq!(
        new.to_string(),
        "webhook timestamp is 301 s in the future, more than the 300 s tolerated"
    );
    let wide = standard().tolerance(Duration::from_secs(3600));
    assert_eq!(wide.verify_at(&delivery(SIGNED), PAYLOAD, at(3600)), Ok(()));
    assert_eq!(
        wide.verify_at(&delivery(SIGNED), PAYLOAD, at(-3601)),
        Err(VerifyError::TooNew { ahead: 3601, tolerance: 3600 })
    );
}

#[test]
fn a_replay_is_refused_even_with_a_valid_signature_and_the_system_clock() {
    // The vector was signed in 2021: by the system clock it is years old.
    let error = standard().verify(&delivery(SIGNED), PAYLOAD).unwrap_err();
    assert!(matches!(error, VerifyError::TooOld { tolerance: 300, .. }), "{error:?}");
}

#[test]
fn each_missing_header_is_named() {
    let timestamp = TIMESTAMP.to_string();
    let all = [
        ("webhook-id", ID),
        ("webhook-timestamp", timestamp.as_str()),
        ("webhook-signature", SIGNED),
    ];
    for missing in 0..all.len() {
        let present: Vec<_> =
            all.iter().enumerate().filter(|(i, _)| *i != missing).map(|(_, p)| *p).collect();
        let error = standard().verify_at(&headers(&present), PAYLOAD, at(0)).unwrap_err();
        let name = all[missing].0;
        assert_eq!(error, VerifyError::MissingHeader(name.to_owned()));
        assert_eq!(error.to_string(), format!("webhook delivery has no `{name}` header"));
    }
}

#[test]
fn a_timestamp_that_is_not_a_number_is_malformed() {
    let mut bad = delivery(SIGNED);
    bad.insert("webhook-timestamp", "2021-02-21T15:42:10Z".parse().expect("value"));
    let error = standard().verify_at(&bad, PAYLOAD, at(0)).unwrap_err();
    assert_eq!(
        error.to_string(),
        "webhook header `webhook-timestamp` is malformed: not a whole number of seconds since 1970"
    );
    // A timestamp far outside any clock is a replay, not an overflow.
    bad.insert("webhook-timestamp", "-9223372036854775808".parse().expect("value"));
    let error = standard().verify_at(&bad, PAYLOAD, at(0)).unwrap_err();
    assert!(matches!(error, VerifyError::TooOld { .. }), "{error:?}");
}

#[test]
fn a_secret_that_is_not_base64_is_a_typed_error() {
    let error = WebhookVerifier::standard("whsec_not base64!").unwrap_err();
    assert!(matches!(error, VerifyError::BadSecret(_)), "{error:?}");
    assert!(error.to_string().starts_with("invalid webhook secret: not base64: "), "{error}");
    let empty = WebhookVerifier::standard("whsec_").unwrap_err();
    assert_eq!(empty.to_string(), "invalid webhook secret: empty");
}

#[test]
fn the_secret_is_never_printed() {
    let printed = format!("{:?}", standard());
    assert!(!printed.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), "{printed}");
    assert!(printed.contains("<redacted>"), "{printed}");
}

/// GitHub's documented example: secret "It's a Secret to Everybody" and payload
/// "Hello, World!" give this `X-Hub-Signature-256` (also computed with Python's `hmac`).
const GITHUB_SECRET: &str = "It's a Secret to Everybody";
const GITHUB_BODY: &[u8] = b"Hello, World!";
const GITHUB_SIGNATURE: &str =
    "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

fn github() -> WebhookVerifier {
    WebhookVerifier::hmac_sha256("X-Hub-Signature-256", GITHUB_SECRET, SignatureEncoding::Hex)
        .prefix("sha256=")
}

#[test]
fn a_github_style_hex_signature_with_its_prefix_verifies() {
    let signed = headers(&[("x-hub-signature-256", GITHUB_SIGNATURE)]);
    assert_eq!(github().verify_at(&signed, GITHUB_BODY, UNIX_EPOCH), Ok(()));
    assert_eq!(github().verify(&signed, GITHUB_BODY), Ok(()));
    let upper = headers(&[("x-hub-signature-256", &GITHUB_SIGNATURE.to_uppercase()[..])]);
    let upper_prefix = github().verify(&upper, GITHUB_BODY).unwrap_err();
    assert_eq!(
        upper_prefix.to_string(),
        "webhook header `X-Hub-Signature-256` is malformed: does not start with `sha256=`"
    );
    assert_eq!(github().verify(&signed, b"Hello, World?"), Err(VerifyError::BadSignature));
    let wrong =
        WebhookVerifier::hmac_sha256("x-hub-signature-256", "guess", SignatureEncoding::Hex)
            .prefix("sha256=");
    assert_eq!(wrong.verify(&signed, GITHUB_BODY), Err(VerifyError::BadSignature));
}

#[test]
fn a_plain_hmac_header_that_is_missing_or_not_hex_is_an_error() {
    let error = github().verify(&HeaderMap::new(), GITHUB_BODY).unwrap_err();
    assert_eq!(error.to_string(), "webhook delivery has no `X-Hub-Signature-256` header");
    let odd = headers(&[("x-hub-signature-256", "sha256=757")]);
    assert_eq!(
        github().verify(&odd, GITHUB_BODY).unwrap_err().to_string(),
        "webhook header `X-Hub-Signature-256` is malformed: not hexadecimal"
    );
    let short = headers(&[("x-hub-signature-256", "sha256=757107ea")]);
    assert_eq!(github().verify(&short, GITHUB_BODY), Err(VerifyError::BadSignature));
}

#[test]
fn a_base64_hmac_without_a_prefix_verifies() {
    // Python: base64(hmac_sha256(b"It's a Secret to Everybody", b"Hello, World!")).
    let verifier = WebhookVerifier::hmac_sha256(
        "x-shopify-hmac-sha256",
        GITHUB_SECRET.as_bytes(),
        SignatureEncoding::Base64,
    );
    let signed =
        headers(&[("x-shopify-hmac-sha256", "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=")]);
    assert_eq!(verifier.verify(&signed, GITHUB_BODY), Ok(()));
    // Hex digits are base64 letters too: the hex MAC decodes, to bytes that do not match.
    let hex = headers(&[("x-shopify-hmac-sha256", &GITHUB_SIGNATURE[7..])]);
    assert_eq!(verifier.verify(&hex, GITHUB_BODY), Err(VerifyError::BadSignature));
    let prefixed = headers(&[("x-shopify-hmac-sha256", GITHUB_SIGNATURE)]);
    let error = verifier.verify(&prefixed, GITHUB_BODY).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("webhook header `x-shopify-hmac-sha256` is malformed: not base64: "),
        "{error}"
    );
}

#[test]
fn a_rejected_delivery_is_a_webhook_error_that_says_why() {
    let error = WebhookError::from(VerifyError::BadSignature);
    assert_eq!(
        error.to_string(),
        "webhook delivery rejected: no webhook signature matches the body and the secret"
    );
    assert!(std::error::Error::source(&error).is_some());
}
