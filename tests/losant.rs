//! The Losant user API token client (seed 002) against a local HTTP server.

use chrono::{DateTime, Utc};
use generated::losant::Client;
use generated::losant::operations::{
    UserApiTokenDeleteError, UserApiTokenGetError, UserApiTokenPatchError,
};
use generated::losant::types::{
    ApiToken, ApiTokenCreatorType, ApiTokenOwnerType, ApiTokenPatch, ApiTokenStatus,
    Error as LosantError,
};
use generated::runtime::Error;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, only_request};

const ID: &str = "575ec7417ae143cd83dc4a95";

/// The documented example API token.
const TOKEN_JSON: &str = r#"{"id": "575ec7417ae143cd83dc4a95", "apiTokenId": "575ec7417ae143cd83dc4a95", "creatorId": "575ed70c7ae143cd83dc4aa9", "creatorType": "user", "ownerId": "575ec8687ae143cd83dc4a97", "ownerType": "application", "name": "My API Token", "creationDate": "2016-06-13T04:00:00.000Z", "lastUpdated": "2016-06-13T04:00:00.000Z", "expirationDate": "2017-06-13T04:00:00.000Z", "scope": ["all.Application"], "status": "active", "token": "the_actual_token_string"}"#;

const NOT_FOUND: &str = r#"{"type": "NotFound", "message": "Application was not found"}"#;

async fn serve(response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_auth("losant-access-token")
        .build()
        .expect("client builds");
    (server, client)
}

fn at(text: &str) -> Option<DateTime<Utc>> {
    Some(text.parse().expect("a date-time"))
}

/// A token is only ever received, so it has no constructor: its fields are set one by one
/// (every field is optional, so it has a `Default`).
fn documented_token() -> ApiToken {
    let mut token = ApiToken::default();
    token.id = Some(ID.to_owned());
    token.api_token_id = Some(ID.to_owned());
    token.owner_id = Some("575ec8687ae143cd83dc4a97".to_owned());
    token.owner_type = Some(ApiTokenOwnerType::Application);
    token.creator_id = Some("575ed70c7ae143cd83dc4aa9".to_owned());
    token.creator_type = Some(ApiTokenCreatorType::User);
    token.name = Some("My API Token".to_owned());
    token.creation_date = at("2016-06-13T04:00:00Z");
    token.last_updated = at("2016-06-13T04:00:00Z");
    token.expiration_date = at("2017-06-13T04:00:00Z");
    token.scope = Some(vec!["all.Application".to_owned()]);
    token.status = Some(ApiTokenStatus::Active);
    token.token = Some("the_actual_token_string".to_owned());
    token
}

fn losant_error(kind: &str, message: &str) -> LosantError {
    let mut error = LosantError::default();
    error.r#type = Some(kind.to_owned());
    error.message = Some(message.to_owned());
    error
}

fn not_found() -> LosantError {
    losant_error("NotFound", "Application was not found")
}

#[tokio::test]
async fn get_decodes_the_documented_token_and_sends_only_what_was_set() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(TOKEN_JSON, "application/json")).await;
    let token = client.user_api_token_get(ID).await.expect("200");
    assert_eq!(token.into_inner(), documented_token());
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/me/tokens/575ec7417ae143cd83dc4a95");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "losantdomain"), None);
    assert_eq!(header(&request, "authorization"), Some("Bearer losant-access-token"));
}

#[tokio::test]
async fn get_sends_the_domain_header_and_the_resource_flags() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(TOKEN_JSON, "application/json")).await;
    client
        .user_api_token_get(ID)
        .losantdomain("example.com")
        .actions(false)
        .links(true)
        .embedded(true)
        .await
        .expect("200");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("_actions=false&_links=true&_embedded=true"));
    assert_eq!(header(&request, "losantdomain"), Some("example.com"));
}

#[tokio::test]
async fn get_decodes_both_documented_errors() {
    let (_server, client) =
        serve(ResponseTemplate::new(404).set_body_raw(NOT_FOUND, "application/json")).await;
    let error = client.user_api_token_get(ID).await.expect_err("404");
    assert_eq!(error.to_string(), "404 Not Found: Application was not found");
    assert!(
        matches!(&error, Error::Api(api) if api.body == UserApiTokenGetError::NotFound(not_found())),
        "{error:?}"
    );

    let malformed = r#"{"type": "Validation", "message": "apiTokenId is invalid"}"#;
    let (_server, client) =
        serve(ResponseTemplate::new(400).set_body_raw(malformed, "application/json")).await;
    let error = client.user_api_token_get("nope").await.expect_err("400");
    let expected = losant_error("Validation", "apiTokenId is invalid");
    assert!(
        matches!(&error, Error::Api(api) if api.body == UserApiTokenGetError::BadRequest(expected.clone())),
        "{error:?}"
    );
}

/// Issue 17: the token's `status` and the patch's were two enums with the same values, so a
/// status read could not be sent back; identical inline schemas are now one type.
#[tokio::test]
async fn a_status_read_from_a_token_is_sent_back_in_a_patch() {
    let (_server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(TOKEN_JSON, "application/json")).await;
    let token = client.user_api_token_get(ID).await.expect("200");
    assert_eq!(token.status, Some(ApiTokenStatus::Active));
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(TOKEN_JSON, "application/json")).await;
    let mut patch = ApiTokenPatch::default();
    patch.status = token.into_inner().status;
    client.user_api_token_patch(ID, &patch).await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(String::from_utf8_lossy(&request.body), r#"{"status":"active"}"#);
}

#[tokio::test]
async fn patch_sends_only_the_fields_to_change() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(TOKEN_JSON, "application/json")).await;
    let patch = ApiTokenPatch::default()
        .with_name("My Updated API Token")
        .with_status(ApiTokenStatus::Inactive);
    let token = client.user_api_token_patch(ID, &patch).await.expect("200");
    assert_eq!(token.status(), 200);
    assert_eq!(token.name.as_deref(), Some("My API Token"));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/me/tokens/575ec7417ae143cd83dc4a95");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        r#"{"name":"My Updated API Token","status":"inactive"}"#
    );

    let (_server, client) =
        serve(ResponseTemplate::new(404).set_body_raw(NOT_FOUND, "application/json")).await;
    let error = client.user_api_token_patch(ID, &patch).await.expect_err("404");
    assert!(
        matches!(&error, Error::Api(api) if api.body == UserApiTokenPatchError::NotFound(not_found())),
        "{error:?}"
    );
}

#[tokio::test]
async fn delete_decodes_success_and_errors() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(r#"{"success": true}"#, "application/json"))
            .await;
    let deleted = client.user_api_token_delete(ID).await.expect("200");
    assert_eq!(deleted.into_inner().success, Some(true));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), "/me/tokens/575ec7417ae143cd83dc4a95");
    assert!(request.body.is_empty());

    let (_server, client) =
        serve(ResponseTemplate::new(400).set_body_raw(NOT_FOUND, "application/json")).await;
    let error = client.user_api_token_delete(ID).await.expect_err("400");
    assert!(
        matches!(&error, Error::Api(api) if api.body == UserApiTokenDeleteError::BadRequest(not_found())),
        "{error:?}"
    );
}

/// One `use` of the prelude is enough for a call and its errors: the prelude's `Error` is the
/// runtime's, and Losant's schema of the same name stays `types::Error`.
mod prelude {
    use generated::losant::prelude::*;
    use wiremock::ResponseTemplate;

    use super::{ID, NOT_FOUND, not_found, serve};

    #[tokio::test]
    async fn one_use_of_the_prelude_calls_and_matches_errors() {
        let (_server, client) =
            serve(ResponseTemplate::new(404).set_body_raw(NOT_FOUND, "application/json")).await;
        let client: Client = client;
        let result: Result<Response<types::ApiToken>, Error<_>> =
            client.user_api_token_get(ID).await;
        let expected: types::Error = not_found();
        match result {
            Err(Error::Api(error)) => {
                assert_eq!(error.body, operations::UserApiTokenGetError::NotFound(expected));
            }
            other => panic!("expected a documented 404, got {other:?}"),
        }
    }
}
