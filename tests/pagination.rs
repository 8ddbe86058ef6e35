//! `.pages()` and `.items()` of the client generated from `fixtures/pagination.yaml` against a
//! local server that serves three pages per scheme: each request's exact query or URL, the
//! items in order, the caller's filters, headers and options on every page, the first error
//! ending the stream, retries of a page, and a next URL that leaves the base URL refused.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use client_runtime::{Error, Items, RequestOptions, RetryPolicy, StreamExt};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use tests::pagination_fixture::Client;
use tests::pagination_fixture::operations::ListCallsError;
use tests::pagination_fixture::types::Thing;

/// Answers with the responses in order, whatever was asked: the tests then check what was
/// asked.
struct Script {
    responses: Vec<ResponseTemplate>,
    next: AtomicUsize,
}

impl Respond for Script {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let at = self.next.fetch_add(1, Ordering::SeqCst);
        self.responses.get(at).cloned().unwrap_or_else(|| ResponseTemplate::new(599))
    }
}

fn json(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json")
}

/// `[{"id":"t1","name":"n1"},...]` for the given numbers.
fn things(numbers: &[u32]) -> String {
    let each: Vec<String> =
        numbers.iter().map(|n| format!(r#"{{"id":"t{n}","name":"n{n}"}}"#)).collect();
    format!("[{}]", each.join(","))
}

/// A server answering `responses` in order, and a client of it whose base URL is `/v1` on it.
async fn serve(responses: Vec<ResponseTemplate>) -> (MockServer, Client) {
    let server = MockServer::start().await;
    answer(&server, responses).await;
    let client = client_of(&server);
    (server, client)
}

/// Makes `server` answer `responses` in order.
async fn answer(server: &MockServer, responses: Vec<ResponseTemplate>) {
    let script = Script { responses, next: AtomicUsize::new(0) };
    Mock::given(any()).respond_with(script).mount(server).await;
}

/// A client whose base URL is `/v1` on `server`, retrying quickly.
fn client_of(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .retry_policy(RetryPolicy {
            max_retries: 2,
            initial_delay: Duration::from_millis(5),
            max_delay: Duration::from_millis(50),
        })
        .build()
        .expect("client builds")
}

/// Each request the server received, as `path?query`.
async fn asked(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.expect("recording is on");
    requests
        .iter()
        .map(|r| match r.url.query() {
            Some(query) => format!("{}?{query}", r.url.path()),
            None => r.url.path().to_owned(),
        })
        .collect()
}

/// Every item of `items`, each expected to arrive.
async fn every_item<E: std::fmt::Debug>(items: Items<'_, Thing, E>) -> Vec<Thing> {
    items.map(|item| item.expect("an item")).collect().await
}

fn ids(items: &[Thing]) -> Vec<&str> {
    items.iter().map(|item| item.id.as_str()).collect()
}

#[tokio::test]
async fn a_cursor_from_the_last_item_keeps_every_filter_header_and_option() {
    let page = |numbers: &[u32], more: bool| {
        json(format!(r#"{{"object":"list","data":{},"has_more":{more}}}"#, things(numbers)))
    };
    let (server, client) =
        serve(vec![page(&[1, 2], true), page(&[3, 4], true), page(&[5], false)]).await;
    let options = RequestOptions::new().header("X-Trace", "tr-1").query("debug", "1");
    let client = client.with_options(options);
    let mut items = client.list_customers().email("a@b.c").limit(2).x_tenant("acme").items();
    let mut received = Vec::new();
    while let Some(item) = items.next().await {
        received.push(item.expect("an item"));
    }
    assert_eq!(ids(&received), ["t1", "t2", "t3", "t4", "t5"]);
    assert_eq!(
        asked(&server).await,
        [
            "/v1/customers?email=a%40b.c&limit=2&debug=1",
            "/v1/customers?email=a%40b.c&limit=2&starting_after=t2&debug=1",
            "/v1/customers?email=a%40b.c&limit=2&starting_after=t4&debug=1",
        ]
    );
    for request in server.received_requests().await.expect("recording is on") {
        assert_eq!(request.headers.get("x-tenant").map(|v| v.as_bytes()), Some(&b"acme"[..]));
        assert_eq!(request.headers.get("x-trace").map(|v| v.as_bytes()), Some(&b"tr-1"[..]));
    }
}

#[tokio::test]
async fn a_cursor_in_the_body_is_sent_until_it_is_null() {
    let page = |numbers: &[u32], next: &str| {
        json(format!(r#"{{"items":{},"next_page":{next}}}"#, things(numbers)))
    };
    let (server, client) =
        serve(vec![page(&[1, 2], r#""c 2""#), page(&[3], r#""c3""#), page(&[4], "null")]).await;
    let mut pages = client.list_tokens().kind("k").pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("a page").into_inner();
        seen.push(ids(page.items.as_deref().unwrap_or_default()).join(","));
    }
    assert_eq!(seen, ["t1,t2", "t3", "t4"]);
    assert_eq!(
        asked(&server).await,
        [
            "/v1/tokens?kind=k",
            "/v1/tokens?kind=k&page_token=c%202",
            "/v1/tokens?kind=k&page_token=c3"
        ]
    );
}

#[tokio::test]
async fn a_next_url_in_the_body_relative_or_absolute_is_followed() {
    let server = MockServer::start().await;
    let client = client_of(&server);
    let base = server.uri();
    let page = |numbers: &[u32], next: String| {
        json(format!(r#"{{"calls":{},"next_page_uri":{next},"page":0}}"#, things(numbers)))
    };
    let responses = vec![
        page(&[1, 2], r#""/v1/calls?Status=busy&PageSize=2&Page=1&PageToken=PA1""#.to_owned()),
        page(&[3, 4], format!(r#""{base}/v1/calls?Status=busy&PageSize=2&Page=2&PageToken=PA2""#)),
        page(&[5], "null".to_owned()),
    ];
    answer(&server, responses).await;
    let items = every_item(client.list_calls().status("busy").page_size(2).items()).await;
    assert_eq!(ids(&items), ["t1", "t2", "t3", "t4", "t5"]);
    assert_eq!(
        asked(&server).await,
        [
            "/v1/calls?Status=busy&PageSize=2",
            "/v1/calls?Status=busy&PageSize=2&Page=1&PageToken=PA1",
            "/v1/calls?Status=busy&PageSize=2&Page=2&PageToken=PA2",
        ]
    );
}

#[tokio::test]
async fn the_link_headers_next_is_followed_and_a_failed_page_is_retried() {
    let server = MockServer::start().await;
    let client = client_of(&server);
    let base = format!("{}/v1", server.uri());
    let link = |next: Option<u32>| {
        let mut links =
            vec![format!(r#"<{base}/repos?sort=updated&per_page=2&page=1>; rel="first""#)];
        if let Some(next) = next {
            // A quoted parameter holding a comma must not end the link early.
            links.push(format!(
                r#"<{base}/repos?sort=updated&per_page=2&page={next}>; title="a, b"; rel="next last""#
            ));
        }
        links.join(", ")
    };
    let responses = vec![
        json(things(&[1, 2])).insert_header("link", link(Some(2)).as_str()),
        ResponseTemplate::new(503),
        json(things(&[3, 4])).insert_header("link", link(Some(3)).as_str()),
        json(things(&[5])).insert_header("link", link(None).as_str()),
    ];
    answer(&server, responses).await;
    let items = every_item(client.list_repos().sort("updated").per_page(2).items()).await;
    assert_eq!(ids(&items), ["t1", "t2", "t3", "t4", "t5"]);
    assert_eq!(
        asked(&server).await,
        [
            "/v1/repos?sort=updated&per_page=2",
            "/v1/repos?sort=updated&per_page=2&page=2",
            "/v1/repos?sort=updated&per_page=2&page=2",
            "/v1/repos?sort=updated&per_page=2&page=3",
        ]
    );
}

#[tokio::test]
async fn an_offset_moves_past_the_items_from_the_callers_own_until_a_short_page() {
    let page = |numbers: &[u32]| json(format!(r#"{{"records":{},"total":15}}"#, things(numbers)));
    let (server, client) = serve(vec![page(&[1, 2]), page(&[3, 4]), page(&[5])]).await;
    let items = every_item(client.list_records().q("x y").offset(10).limit(2).items()).await;
    assert_eq!(ids(&items), ["t1", "t2", "t3", "t4", "t5"]);
    assert_eq!(
        asked(&server).await,
        [
            "/v1/records?q=x%20y&offset=10&limit=2",
            "/v1/records?q=x%20y&offset=12&limit=2",
            "/v1/records?q=x%20y&offset=14&limit=2",
        ]
    );
}

#[tokio::test]
async fn page_numbers_count_from_the_parameters_minimum_until_an_empty_page() {
    let page = |numbers: &[u32]| json(format!(r#"{{"results":{}}}"#, things(numbers)));
    let (server, client) = serve(vec![page(&[1, 2]), page(&[3, 4]), page(&[])]).await;
    let items = every_item(client.list_articles().q("x").items()).await;
    assert_eq!(ids(&items), ["t1", "t2", "t3", "t4"]);
    assert_eq!(
        asked(&server).await,
        ["/v1/articles?q=x", "/v1/articles?q=x&page=1", "/v1/articles?q=x&page=2"]
    );
}

#[tokio::test]
async fn a_scheme_stated_by_x_pagination_is_followed() {
    let page = |numbers: &[u32], next: &str| {
        json(format!(r#"{{"entries":{},"continuation":{next}}}"#, things(numbers)))
    };
    let (server, client) =
        serve(vec![page(&[1], r#""k2""#), page(&[2], r#""k3""#), page(&[3], r#""""#)]).await;
    let items = every_item(client.list_entries().items()).await;
    assert_eq!(ids(&items), ["t1", "t2", "t3"]);
    assert_eq!(asked(&server).await, ["/v1/entries", "/v1/entries?from=k2", "/v1/entries?from=k3"]);
}

#[tokio::test]
async fn an_error_on_the_second_page_is_given_and_ends_the_stream() {
    let first =
        json(format!(r#"{{"calls":{},"next_page_uri":"/v1/calls?Page=1"}}"#, things(&[1, 2])));
    let problem =
        ResponseTemplate::new(400).set_body_raw(r#"{"message":"bad page"}"#, "application/json");
    let (server, client) = serve(vec![first, problem, json(things(&[3]))]).await;
    let mut items = client.list_calls().items();
    assert_eq!(items.next().await.map(|i| i.expect("t1").id), Some("t1".to_owned()));
    assert_eq!(items.next().await.map(|i| i.expect("t2").id), Some("t2".to_owned()));
    match items.next().await {
        Some(Err(Error::Api(error))) => match error.body {
            ListCallsError::BadRequest(problem) => {
                assert_eq!(problem.message.as_deref(), Some("bad page"))
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert!(items.next().await.is_none());
    assert_eq!(asked(&server).await, ["/v1/calls", "/v1/calls?Page=1"]);
}

#[tokio::test]
async fn a_next_url_outside_the_base_url_is_refused_and_never_requested() {
    let hostile =
        |next: &str| json(format!(r#"{{"calls":{},"next_page_uri":"{next}"}}"#, things(&[1])));
    for (next, refusal) in [
        (
            "https://evil.example/v1/calls?Page=1",
            "the request would go to `https://evil.example` instead of the base URL's `{origin}`",
        ),
        ("/admin/calls?Page=1", "`/admin/calls` is outside the base URL's path `/v1/`"),
        (
            "//evil.example/v1/calls",
            "the request would go to `http://evil.example` instead of the base URL's `{origin}`",
        ),
    ] {
        let (server, client) = serve(vec![hostile(next), json(things(&[2]))]).await;
        let origin = server.uri();
        let mut pages = client.list_calls().pages();
        assert!(matches!(pages.next().await, Some(Ok(_))));
        match pages.next().await {
            Some(Err(Error::InvalidRequest(message))) => assert_eq!(
                message,
                format!("the next page's URL is refused: {}", refusal.replace("{origin}", &origin))
            ),
            other => panic!("{next}: {other:?}"),
        }
        assert!(pages.next().await.is_none());
        assert_eq!(asked(&server).await, ["/v1/calls"], "{next}");
    }
}

#[tokio::test]
async fn a_rate_limited_client_pages_through_every_page_and_a_limit_of_nothing_is_refused() {
    let page = |numbers: &[u32], more: bool| {
        json(format!(r#"{{"object":"list","data":{},"has_more":{more}}}"#, things(numbers)))
    };
    let server = MockServer::start().await;
    answer(&server, vec![page(&[1, 2], true), page(&[3], false)]).await;
    let client = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .rate_limit(1000, Duration::from_secs(1))
        .build()
        .expect("client builds");
    let items = every_item(client.list_customers().items()).await;
    assert_eq!(ids(&items), ["t1", "t2", "t3"]);

    let refused = Client::builder().rate_limit(0, Duration::from_secs(1)).build();
    assert_eq!(
        refused.map(|_| ()).map_err(|error| error.to_string()),
        Err("a rate limit of 0 requests every 1s allows none; leave it unset for no limit"
            .to_owned())
    );
}
