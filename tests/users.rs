//! The "Update User" client (seed 003) against a local HTTP server.

use std::collections::BTreeMap;

use generated::runtime::{ApiError, Error};
use generated::users::Client;
use generated::users::operations::UpdateUserError;
use generated::users::types::{Error as UserError, User, UserUpdate};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, only_request};

async fn serve(response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key("YOUR_API_KEY")
        .build()
        .expect("client builds");
    (server, client)
}

/// The documented example request: three of the five fields.
fn documented_update() -> UserUpdate {
    UserUpdate::default()
        .with_email("newemail@example.com")
        .with_first_name("Jane")
        .with_last_name("Smith")
}

const USER: &str = r#"{
  "id": "usr_123abc456def",
  "email": "newemail@example.com",
  "username": "newusername",
  "first_name": "Jane",
  "last_name": "Smith",
  "role": "admin",
  "created_at": "2023-01-01T12:00:00Z",
  "updated_at": "2023-01-01T13:00:00Z"
}"#;

#[tokio::test]
async fn update_sends_only_the_fields_to_change_and_decodes_the_user() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(USER, "application/json")).await;
    let user = client
        .update_user("usr_123abc456def", &documented_update())
        .await
        .expect("200")
        .into_inner();
    // A user is only received, so it has no constructor: it is built from its `Default`.
    let mut expected = User::default();
    expected.id = Some("usr_123abc456def".to_owned());
    expected.email = Some("newemail@example.com".to_owned());
    expected.username = Some("newusername".to_owned());
    expected.first_name = Some("Jane".to_owned());
    expected.last_name = Some("Smith".to_owned());
    expected.role = Some("admin".to_owned());
    expected.created_at = Some("2023-01-01T12:00:00Z".parse().expect("date-time"));
    expected.updated_at = Some("2023-01-01T13:00:00Z".parse().expect("date-time"));
    assert_eq!(user, expected);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/v1/users/usr_123abc456def");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "authorization"), Some("Bearer YOUR_API_KEY"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        r#"{"email":"newemail@example.com","first_name":"Jane","last_name":"Smith"}"#
    );
}

#[tokio::test]
async fn an_oauth_token_is_sent_when_no_api_key_is_set() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(USER, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .oauth2("oauth-access-token")
        .build()
        .expect("client builds");
    client.update_user("usr_1", &UserUpdate::default()).await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "authorization"), Some("Bearer oauth-access-token"));
    assert_eq!(String::from_utf8_lossy(&request.body), "{}");
}

#[tokio::test]
async fn a_400_carries_the_details_of_each_field() {
    let body = r#"{"error": "validation_error", "message": "Invalid request parameters", "details": {"email": ["Invalid email format"]}}"#;
    let (_server, client) =
        serve(ResponseTemplate::new(400).set_body_raw(body, "application/json")).await;
    let error = client.update_user("usr_1", &documented_update()).await.expect_err("400");
    assert_eq!(error.to_string(), "400 Bad Request: Invalid request parameters");
    let Error::Api(api) = error else { panic!("expected the documented 400") };
    let ApiError { status, body: UpdateUserError::BadRequest(validation), .. } = *api else {
        panic!("expected BadRequest")
    };
    assert_eq!(status, 400);
    assert_eq!(validation.error.as_deref(), Some("validation_error"));
    assert_eq!(validation.message.as_deref(), Some("Invalid request parameters"));
    assert_eq!(
        validation.details,
        Some(BTreeMap::from([("email".to_owned(), vec!["Invalid email format".to_owned()])]))
    );
}

#[tokio::test]
async fn a_404_and_a_409_decode_to_their_variants() {
    let cases = [
        (
            404,
            r#"{"error": "not_found", "message": "User not found"}"#,
            "not_found",
            "User not found",
        ),
        (
            409,
            r#"{"error": "conflict", "message": "Username already taken"}"#,
            "conflict",
            "Username already taken",
        ),
    ];
    for (status, body, code, message) in cases {
        let (_server, client) =
            serve(ResponseTemplate::new(status).set_body_raw(body, "application/json")).await;
        let error =
            client.update_user("usr_1", &documented_update()).await.expect_err("an error status");
        let mut expected = UserError::default();
        expected.error = Some(code.to_owned());
        expected.message = Some(message.to_owned());
        let expected = if status == 404 {
            UpdateUserError::NotFound(expected)
        } else {
            UpdateUserError::Conflict(expected)
        };
        assert!(
            matches!(&error, Error::Api(api) if api.status == status && api.body == expected),
            "{error:?}"
        );
    }
}

#[test]
fn the_default_server_is_the_documented_one() {
    assert_eq!(
        Client::builder().build().expect("client builds").base_url(),
        "https://api.example.com"
    );
}
