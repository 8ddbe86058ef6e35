//! The Losant user API token client (seed 002) against a local HTTP server.

use chrono::{DateTime, Utc};
use generated::losant::Client;
use generated::losant::operations::{
    UserApiTokenDeleteError, UserApiTokenDeleteParams, UserApiTokenGetError, UserApiTokenGetParams,
    UserApiTokenPatchError, UserApiTokenPatchParams,
};
use generated::losant::types::{
    ApiToken, ApiTokenCreatorType, ApiTokenOwnerType, ApiTokenPatch, ApiTokenStatus,
    Error as LosantError, Success,
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

fn documented_token() -> ApiToken {
    ApiToken {
        id: Some(ID.to_owned()),
        api_token_id: Some(ID.to_owned()),
        owner_id: Some("575ec8687ae143cd83dc4a97".to_owned()),
        owner_type: Some(ApiTokenOwnerType::Application),
        creator_id: Some("575ed70c7ae143cd83dc4aa9".to_owned()),
        creator_type: Some(ApiTokenCreatorType::User),
        creator_name: None,
        name: Some("My API Token".to_owned()),
        description: None,
        creation_date: at("2016-06-13T04:00:00Z"),
        last_updated: at("2016-06-13T04:00:00Z"),
        expiration_date: at("2017-06-13T04:00:00Z"),
        scope: Some(vec!["all.Application".to_owned()]),
        status: Some(ApiTokenStatus::Active),
        token: Some("the_actual_token_string".to_owned()),
    }
}

fn not_found() -> LosantError {
    LosantError {
        r#type: Some("NotFound".to_owned()),
        message: Some("Application was not found".to_owned()),
    }
}

#[tokio::test]
async fn get_decodes_the_documented_token_and_sends_only_what_was_set() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(TOKEN_JSON, "application/json")).await;
    let token = client.user_api_token_get(ID, UserApiTokenGetParams::default()).await.expect("200");
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
    let params = UserApiTokenGetParams {
        losantdomain: Some("example.com".to_owned()),
        actions: Some(false),
        links: Some(true),
        embedded: Some(true),
    };
    client.user_api_token_get(ID, params).await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("_actions=false&_links=true&_embedded=true"));
    assert_eq!(header(&request, "losantdomain"), Some("example.com"));
}

#[tokio::test]
async fn get_decodes_both_documented_errors() {
    let (_server, client) =
        serve(ResponseTemplate::new(404).set_body_raw(NOT_FOUND, "application/json")).await;
    let error =
        client.user_api_token_get(ID, UserApiTokenGetParams::default()).await.expect_err("404");
    assert_eq!(error.to_string(), "404 Not Found: Application was not found");
    assert!(
        matches!(&error, Error::Api(api) if api.body == UserApiTokenGetError::NotFound(not_found())),
        "{error:?}"
    );

    let malformed = r#"{"type": "Validation", "message": "apiTokenId is invalid"}"#;
    let (_server, client) =
        serve(ResponseTemplate::new(400).set_body_raw(malformed, "application/json")).await;
    let error =
        client.user_api_token_get("nope", UserApiTokenGetParams::default()).await.expect_err("400");
    let expected = LosantError {
        r#type: Some("Validation".to_owned()),
        message: Some("apiTokenId is invalid".to_owned()),
    };
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
    let token = client.user_api_token_get(ID, UserApiTokenGetParams::default()).await.expect("200");
    assert_eq!(token.status, Some(ApiTokenStatus::Active));
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(TOKEN_JSON, "application/json")).await;
    let patch = ApiTokenPatch { name: None, status: token.into_inner().status, description: None };
    client.user_api_token_patch(ID, &patch, UserApiTokenPatchParams::default()).await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(String::from_utf8_lossy(&request.body), r#"{"status":"active"}"#);
}

#[tokio::test]
async fn patch_sends_only_the_fields_to_change() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(TOKEN_JSON, "application/json")).await;
    let patch = ApiTokenPatch {
        name: Some("My Updated API Token".to_owned()),
        status: Some(ApiTokenStatus::Inactive),
        description: None,
    };
    let token = client
        .user_api_token_patch(ID, &patch, UserApiTokenPatchParams::default())
        .await
        .expect("200");
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
    let error = client
        .user_api_token_patch(ID, &patch, UserApiTokenPatchParams::default())
        .await
        .expect_err("404");
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
    let deleted =
        client.user_api_token_delete(ID, UserApiTokenDeleteParams::default()).await.expect("200");
    assert_eq!(deleted.into_inner(), Success { success: Some(true) });
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), "/me/tokens/575ec7417ae143cd83dc4a95");
    assert!(request.body.is_empty());

    let (_server, client) =
        serve(ResponseTemplate::new(400).set_body_raw(NOT_FOUND, "application/json")).await;
    let error = client
        .user_api_token_delete(ID, UserApiTokenDeleteParams::default())
        .await
        .expect_err("400");
    assert!(
        matches!(&error, Error::Api(api) if api.body == UserApiTokenDeleteError::BadRequest(not_found())),
        "{error:?}"
    );
}
