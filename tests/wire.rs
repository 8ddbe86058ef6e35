//! The client generated from `fixtures/wire.yaml` against a local HTTP server: every
//! parameter location and style, every body and response form, every credential kind.

use client_runtime::{ApiError, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{header, only_request};

use tests::wire_fixture::Client;
use tests::wire_fixture::operations::{DeleteItemSuccess, GetItemError, GetSearchError};
use tests::wire_fixture::types::{
    Closed, ClosedKind, Color, CreateOrderBody, CreateOrderBodyLineItemsItem,
    CreateOrderBodyOptions, Event, GetItemTheme, NewItem, Opened, Problem, Range, UploadBody,
    UploadBodyMeta,
};

async fn serve(response: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    let client = Client::builder()
        .base_url(server.uri())
        .token("tok")
        .basic("ada", "s3cret")
        .header_key("hk")
        .query_key("qk")
        .cookie_key("ck")
        .build()
        .expect("client builds");
    (server, client)
}

fn item_json() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_raw(r#"{"id":"i1","name":"Lamp","price":9.5}"#, "application/json")
}

#[test]
fn the_default_base_url_fills_server_variables() {
    let client = Client::builder().build().expect("client builds");
    assert_eq!(client.base_url(), "https://eu.example.com/v1");
}

#[tokio::test]
async fn path_query_header_and_cookie_parameters() {
    let (server, client) = serve(item_json()).await;
    let fields = ["id".to_owned(), "name".to_owned()];
    let item = client
        .get_item("a/b ü", &fields)
        .tag(vec!["red".to_owned(), "big one".to_owned()])
        .limit(5)
        .x_request_id("req-1")
        .theme(GetItemTheme::Dark)
        .await
        .expect("200")
        .into_inner();
    assert_eq!((item.id.as_str(), item.name.as_str(), item.price), ("i1", "Lamp", Some(9.5)));

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/items/a%2Fb%20%C3%BC");
    assert_eq!(request.url.query(), Some("fields=id,name&tag=red&tag=big%20one&limit=5"));
    assert_eq!(header(&request, "x-request-id"), Some("req-1"));
    assert_eq!(header(&request, "cookie"), Some("theme=dark"));
    assert_eq!(header(&request, "authorization"), Some("Bearer tok"));
    assert_eq!(
        header(&request, "accept"),
        Some("application/json, text/plain, application/problem+json"),
        "every media type it decodes"
    );
}

#[tokio::test]
async fn optional_parameters_left_out_are_not_sent() {
    let (server, client) = serve(item_json()).await;
    client.get_item("i1", &[]).await.expect("200");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("fields="));
    assert_eq!(header(&request, "x-request-id"), None);
    assert_eq!(header(&request, "cookie"), None);
}

#[tokio::test]
async fn documented_errors_decode_by_status_and_default_catches_the_rest() {
    let (_server, client) =
        serve(ResponseTemplate::new(404).set_body_raw("no item i9", "text/plain")).await;
    let error = client.get_item("i9", &[]).await.expect_err("404");
    assert!(
        matches!(&error, Error::Api(api_error) if api_error.body == GetItemError::NotFound("no item i9".to_owned())),
        "{error:?}"
    );

    let problem = r#"{"title":"Slow down","status":429}"#;
    let (_server, client) =
        serve(ResponseTemplate::new(429).set_body_raw(problem, "application/problem+json")).await;
    let error = client.get_item("i1", &[]).await.expect_err("429");
    assert_eq!(error.to_string(), "429 Too Many Requests: Slow down");
    let Error::Api(api_error) = error else {
        panic!("expected the default error, got {error:?}");
    };
    let ApiError { status, body: GetItemError::Default(problem), .. } = *api_error else {
        panic!("expected the default error");
    };
    assert_eq!(status, 429);
    assert_eq!((problem.title.as_deref(), problem.status), (Some("Slow down"), Some(429)));
}

#[tokio::test]
async fn several_successes_are_told_apart_by_status() {
    let (server, client) =
        serve(ResponseTemplate::new(202).set_body_raw(r#"{"job_id":"j1"}"#, "application/json"))
            .await;
    let response = client.delete_item("i1").await.expect("202");
    assert_eq!(response.status(), 202);
    let DeleteItemSuccess::Accepted(job) = response.into_inner() else {
        panic!("202 is documented as Accepted");
    };
    assert_eq!(job.job_id, "j1");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(header(&request, "authorization"), None, "`security: []` sends no credentials");

    let (_server, client) = serve(ResponseTemplate::new(204)).await;
    assert_eq!(
        client.delete_item("i1").await.expect("204").into_inner(),
        DeleteItemSuccess::NoContent
    );
}

#[tokio::test]
async fn a_form_body_with_basic_auth() {
    let (server, client) = serve(
        ResponseTemplate::new(201)
            .set_body_raw(r#"{"id":"i2","name":"Desk & chair"}"#, "application/json"),
    )
    .await;
    let created =
        client.create_item(&NewItem::new("Desk & chair").with_price(120.0)).await.expect("201");
    assert_eq!(created.name, "Desk & chair");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(header(&request, "authorization"), Some("Basic YWRhOnMzY3JldA=="));
    assert_eq!(String::from_utf8_lossy(&request.body), "name=Desk%20%26%20chair&price=120.0");
}

#[tokio::test]
async fn a_binary_body_with_a_header_key_and_a_text_response() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw("stored 3 bytes", "text/plain")).await;
    let receipt = client.put_file("a.bin", vec![0, 159, 255]).await.expect("200");
    assert_eq!(receipt.into_inner(), "stored 3 bytes");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/octet-stream"));
    assert_eq!(header(&request, "x-api-key"), Some("hk"));
    assert_eq!(header(&request, "authorization"), None);
    assert_eq!(request.body, [0, 159, 255]);
}

#[tokio::test]
async fn a_binary_response_with_a_query_key() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(vec![1u8, 2, 3], "application/octet-stream"))
            .await;
    assert_eq!(client.get_file("a.bin").await.expect("200").into_inner(), [1, 2, 3]);
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("api_key=qk"));
    assert_eq!(header(&request, "accept"), Some("application/octet-stream"));
}

#[tokio::test]
async fn a_text_body_with_a_cookie_key() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client.add_note().body("remember the milk").await.expect("204");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("text/plain"));
    assert_eq!(header(&request, "cookie"), Some("session=ck"));
    assert_eq!(String::from_utf8_lossy(&request.body), "remember the milk");

    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client.add_note().await.expect("204");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn a_multipart_body_sends_files_and_text_parts() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let body = UploadBody::new(b"PNG...".to_vec())
        .with_caption("cat")
        .with_labels(vec!["a".to_owned(), "b".to_owned()])
        .with_meta(UploadBodyMeta::default().with_author("ada"));
    client.upload(&body).await.expect("204");
    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").expect("content type");
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
    // The file part has the type its `encoding` names; a list is a part per item; an object
    // is one JSON part.
    let expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\ncontent-type: image/png\r\n\r\nPNG...\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\ncat\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\na\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"labels\"\r\n\r\nb\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"author\":\"ada\"}}\r\n--{boundary}--\r\n"
    );
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}

/// Every style but the defaults, from the generated method to the bytes on the wire.
#[tokio::test]
async fn every_parameter_style_reaches_the_wire() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let color = Color::new(100, 200, 150);
    client
        .get_styled(&["a".to_owned(), "b c".to_owned()], &color)
        .created(Range::default().with_gte(1_700_000_000).with_lt(1_700_100_000))
        .expand(vec!["data.customer".to_owned()])
        .ids(vec![1, 2, 3])
        .words(vec!["a".to_owned(), "b".to_owned()])
        .next("/a/b?c=d")
        .r#where(Range::default().with_gte(1))
        .x_color(Color::new(100, 200, 150))
        .session("a; admin=1")
        .await
        .expect("204");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/styles/.a.b%20c/;matrix=R,100,G,200,B,150");
    assert_eq!(
        request.url.query(),
        Some(
            "created[gte]=1700000000&created[lt]=1700100000&expand[0]=data.customer&ids=1|2|3&words=a%20b&next=/a/b?c%3Dd&where=%7B%22gte%22%3A1%7D"
        )
    );
    assert_eq!(header(&request, "x-color"), Some("R=100,G=200,B=150"));
    assert_eq!(header(&request, "cookie"), Some("session=a%3B%20admin%3D1"));
}

/// A form body as its `encoding` asks: deepObject properties in the bracket form, a JSON
/// property as its text.
#[tokio::test]
async fn a_form_body_follows_its_encoding() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let body = CreateOrderBody::new(
        "payment",
        vec![
            CreateOrderBodyLineItemsItem::new("price_1", 2),
            CreateOrderBodyLineItemsItem::new("price 2", 1),
        ],
    )
    .with_metadata([("order".to_owned(), "6735".to_owned())].into())
    .with_options(CreateOrderBodyOptions::default().with_gift(true));
    client.create_order(&body).await.expect("204");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "mode=payment&line_items[0][price]=price_1&line_items[0][quantity]=2&line_items[1][price]=price%202&line_items[1][quantity]=1&metadata[order]=6735&options=%7B%22gift%22%3Atrue%7D"
    );
}

#[tokio::test]
async fn a_range_status_decodes_to_its_variant() {
    let (server, client) = serve(
        ResponseTemplate::new(422).set_body_raw(r#"{"title":"Bad query"}"#, "application/json"),
    )
    .await;
    let error = client.get_search("lamp & desk").await.expect_err("422");
    assert!(
        matches!(&error, Error::Api(api_error) if matches!(api_error.body, GetSearchError::ClientError(Problem { .. }))),
        "{error:?}"
    );
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/search");
    assert_eq!(request.url.query(), Some("q=lamp%20%26%20desk"));
}

#[tokio::test]
async fn a_connection_failure_is_a_transport_error() {
    // Port 1 (tcpmux) is reserved and closed on any test machine.
    let client = Client::builder().base_url("http://127.0.0.1:1").build().expect("client builds");
    let error = client.delete_item("i1").await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.to_string().starts_with("request failed: "), "{error}");
}

#[tokio::test]
async fn builder_settings_reach_the_wire() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    // Through the generated crate's re-export: its users need no `reqwest` of their own.
    let http = generated::runtime::reqwest::Client::builder().build().expect("reqwest client");
    let client = Client::builder()
        .base_url(format!("{}/", server.uri()))
        .http_client(http)
        .timeout(std::time::Duration::from_secs(5))
        .user_agent("acme-sync/2.1")
        .default_header("X-Tenant", "t-7")
        .build()
        .expect("client builds");
    client.delete_item("i1").await.expect("204");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/items/i1", "a trailing slash on the base URL is not doubled");
    assert_eq!(header(&request, "user-agent"), Some("acme-sync/2.1"));
    assert_eq!(header(&request, "x-tenant"), Some("t-7"));
}

#[tokio::test]
async fn the_default_user_agent_names_the_crate_and_the_generator() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).build().expect("client builds");
    client.delete_item("i1").await.expect("204");
    let request = only_request(&server).await;
    // A crate of its own names no module: its name is the API's. Here the crate whose name
    // and version the runtime reads is the runtime crate itself.
    assert_eq!(
        header(&request, "user-agent"),
        Some("client-runtime/0.1.0 (openapi-rust-generator)")
    );
}

#[test]
fn a_relative_base_url_is_refused() {
    let error = Client::builder().base_url("/v1").build().expect_err("not absolute");
    assert_eq!(
        error.to_string(),
        "base URL `/v1` is not an absolute http(s) URL; set one with `base_url`"
    );
}

#[tokio::test]
async fn a_tagged_union_is_sent_with_its_tag_and_keeps_kinds_it_does_not_know() {
    let reopened = serde_json::json!({"kind": "reopened", "by": "ada"});
    let (server, client) = serve(ResponseTemplate::new(200).set_body_json(&reopened)).await;
    let sent = Event::Opened(Opened::new("whatever the caller wrote", "09:00"));
    let stored = client.record_event(&sent).await.expect("200").into_inner();
    assert_eq!(
        stored,
        Event::Unknown(reopened.clone()),
        "a kind added after generation is kept as received"
    );
    assert_eq!(
        serde_json::to_value(&stored).expect("encodes"),
        reopened,
        "and sent back unchanged"
    );
    let request = only_request(&server).await;
    let body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(
        body,
        serde_json::json!({"kind": "opened", "at": "09:00"}),
        "the tag comes from the variant"
    );

    let closed: Event =
        serde_json::from_str(r#"{"kind":"closed","reason":"done"}"#).expect("decodes");
    assert_eq!(closed, Event::Closed(Closed::new(ClosedKind::Closed).with_reason("done")));
}
