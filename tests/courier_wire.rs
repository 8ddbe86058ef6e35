//! The Courier client against a local HTTP server: exact requests, every documented
//! response decoded to its type, and undocumented ones reaching the caller intact.

use generated::courier::Client;
use generated::courier::operations::{UsersTokensAddError, UsersTokensUpdateError};
use generated::courier::types::{
    BadRequestType, UsersAddSingleTokenBody, UsersDevice, UsersExpiryDate, UsersPatchOperation,
    UsersPatchUserTokenOpts, UsersProviderKey,
};
use generated::runtime::{ApiError, Error, Tristate};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, only_request};

const TOKEN: &str = "sk_test_courier_0123456789";

async fn serve(response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    let client =
        Client::builder().base_url(server.uri()).bearer_auth(TOKEN).build().expect("client builds");
    (server, client)
}

fn add_body() -> UsersAddSingleTokenBody {
    UsersAddSingleTokenBody::new(UsersProviderKey::FirebaseFcm)
        .with_expiry_date(UsersExpiryDate::Bool(false))
        .with_device(UsersDevice::default().with_platform("ios").with_app_id(Tristate::Null))
        .with_tracking(Tristate::Null)
}

#[tokio::test]
async fn add_single_token_sends_the_documented_request() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let response = client
        .users_tokens_add("user/with slash", "tök/../en", &add_body())
        .await
        .expect("204 is a success");
    assert_eq!(response.status(), 204);

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/users/user%2Fwith%20slash/tokens/t%C3%B6k%2F..%2Fen");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "authorization"), Some("Bearer sk_test_courier_0123456789"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(
        header(&request, "user-agent"),
        Some("generated/0.1.0 (courier; openapi-rust-generator)")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        r#"{"provider_key":"firebase-fcm","expiry_date":false,"device":{"app_id":null,"platform":"ios"},"tracking":null}"#
    );
}

#[tokio::test]
async fn update_token_sends_a_json_patch() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let patch = UsersPatchUserTokenOpts::new(vec![
        UsersPatchOperation::new("replace", "/status").with_value("revoked"),
        UsersPatchOperation::new("remove", "/device"),
    ]);
    client.users_tokens_update("u1", "t1", &patch).await.expect("204 is a success");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/users/u1/tokens/t1");
    assert_eq!(header(&request, "authorization"), Some("Bearer sk_test_courier_0123456789"));
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        r#"{"patch":[{"op":"replace","path":"/status","value":"revoked"},{"op":"remove","path":"/device"}]}"#
    );
}

#[tokio::test]
async fn a_400_decodes_to_bad_request() {
    let body = r#"{"type":"invalid_request_error","message":"Invalid provider key"}"#;
    let (_server, client) =
        serve(ResponseTemplate::new(400).set_body_raw(body, "application/json")).await;
    let error =
        client.users_tokens_add("u1", "t1", &add_body()).await.expect_err("400 is an error");
    assert_eq!(error.to_string(), "400 Bad Request: Invalid provider key");
    let Error::Api(api_error) = error else {
        panic!("expected the documented 400, got {error:?}");
    };
    let ApiError { status, body: UsersTokensAddError::BadRequest(bad_request), raw_body, .. } =
        *api_error
    else {
        panic!("400 is documented as BadRequest");
    };
    assert_eq!(status, 400);
    assert_eq!(bad_request.message, "Invalid provider key");
    assert_eq!(bad_request.r#type, BadRequestType::InvalidRequestError);
    assert_eq!(raw_body, body.as_bytes());

    let (_server, client) =
        serve(ResponseTemplate::new(400).set_body_raw(body, "application/json")).await;
    let patch = UsersPatchUserTokenOpts::new(Vec::new());
    let error = client.users_tokens_update("u1", "t1", &patch).await.expect_err("400 is an error");
    assert!(
        matches!(&error, Error::Api(api_error) if matches!(api_error.body, UsersTokensUpdateError::BadRequest(_))),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_undocumented_500_with_a_text_body_reaches_the_caller() {
    let response = ResponseTemplate::new(500)
        .set_body_raw("upstream exploded", "text/plain")
        .insert_header("x-request-id", "req-42");
    let (_server, client) = serve(response).await;
    let error =
        client.users_tokens_add("u1", "t1", &add_body()).await.expect_err("500 is not documented");
    assert_eq!(
        error.to_string(),
        "unexpected response 500 Internal Server Error: upstream exploded"
    );
    let Error::UnexpectedResponse(response) = error else {
        panic!("expected an unexpected response, got {error:?}");
    };
    assert_eq!(response.status, 500);
    assert_eq!(response.headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("req-42"));
    assert_eq!(response.body, b"upstream exploded");
    assert_eq!(response.decode_error, None);
}

#[tokio::test]
async fn a_documented_status_with_an_undecodable_body_keeps_the_raw_body() {
    let (_server, client) =
        serve(ResponseTemplate::new(400).set_body_raw("<html>bad</html>", "text/html")).await;
    let error =
        client.users_tokens_add("u1", "t1", &add_body()).await.expect_err("400 is an error");
    let Error::UnexpectedResponse(response) = error else {
        panic!("expected an unexpected response, got {error:?}");
    };
    assert_eq!(response.status, 400);
    assert_eq!(response.body, b"<html>bad</html>");
    assert_eq!(response.decode_error.as_deref(), Some("expected value at line 1 column 1"));
}

#[tokio::test]
async fn a_dot_dot_path_parameter_is_refused_before_sending() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let error =
        client.users_tokens_add("..", "t1", &add_body()).await.expect_err("`..` would climb");
    assert_eq!(
        error.to_string(),
        "invalid request: path parameter `user_id` is `..`, which would change the path"
    );
    assert!(server.received_requests().await.expect("recording is on").is_empty());
}

#[test]
fn debug_output_never_shows_the_token() {
    let client = Client::builder().bearer_auth(TOKEN).build().expect("client builds");
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("Bearer(<redacted>)"), "{debug}");
    assert_eq!(client.base_url(), "https://api.courier.com");
}
