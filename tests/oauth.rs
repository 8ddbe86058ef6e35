//! OAuth 2.0 client credentials against a local server that is both the API and its token
//! endpoint (`fixtures/oauth.yaml`): the exact token request, one fetch shared by concurrent
//! calls, a token per scope set, renewal when a token expires and once when the API refuses
//! one, the token endpoint's refusal as a typed error, no secret sent to a plain-HTTP token
//! URL on another host, and no secret or token in `Debug` or log output.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_runtime::{Error, TokenError};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use tests::oauth_fixture::Client;
use tests::oauth_fixture::types::Thing;

use crate::support::header;

/// A token endpoint: `tok-1`, `tok-2`... in the order asked, each living `expires_in`
/// seconds, every request kept.
struct TokenEndpoint {
    issued: AtomicUsize,
    expires_in: u64,
    /// How long it takes to answer, so that concurrent calls overlap while it does.
    delay: Duration,
}

impl Respond for TokenEndpoint {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let number = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        let body = format!(
            r#"{{"access_token":"tok-{number}","token_type":"Bearer","expires_in":{}}}"#,
            self.expires_in
        );
        ResponseTemplate::new(200).set_body_raw(body, "application/json").set_delay(self.delay)
    }
}

/// The API: `[]` for a request whose bearer token is not in `refused`, 401 otherwise.
struct Api {
    refused: Vec<&'static str>,
}

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let token = header(request, "authorization").unwrap_or_default();
        if self.refused.iter().any(|refused| token == format!("Bearer {refused}")) {
            return ResponseTemplate::new(401);
        }
        match request.method.as_str() {
            "POST" => {
                ResponseTemplate::new(201).set_body_raw(request.body.clone(), "application/json")
            }
            _ => ResponseTemplate::new(200).set_body_raw("[]", "application/json"),
        }
    }
}

/// A server whose token endpoint issues tokens living `expires_in` seconds, and whose API
/// refuses the tokens in `refused`.
async fn serve(expires_in: u64, refused: Vec<&'static str>) -> MockServer {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint { issued: AtomicUsize::new(0), expires_in, delay: Duration::ZERO };
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(tokens).mount(&server).await;
    Mock::given(path("/v1/things"))
        .respond_with(Api { refused: refused.clone() })
        .mount(&server)
        .await;
    Mock::given(path("/v1/status")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

/// A client of `server`'s API under `/v1`, with a client id and secret that form-encoding
/// changes.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .oauth_client_credentials("my id", "sé/cret:x")
        .build()
        .expect("the client builds")
}

/// The requests `server` received at `at`, in order.
async fn received(server: &MockServer, at: &str) -> Vec<Request> {
    let requests = server.received_requests().await.expect("recording is on");
    requests.into_iter().filter(|request| request.url.path() == at).collect()
}

fn body(request: &Request) -> String {
    String::from_utf8(request.body.clone()).expect("utf-8")
}

#[tokio::test]
async fn the_token_request_is_rfc_6749s_form_with_the_client_in_a_basic_header() {
    let server = serve(3600, vec![]).await;
    client(&server).list_things().await.expect("the call succeeds");
    let tokens = received(&server, "/oauth/token").await;
    assert_eq!(tokens.len(), 1);
    let token = &tokens[0];
    assert_eq!(token.method.as_str(), "POST");
    assert_eq!(body(token), "grant_type=client_credentials&scope=things%3Aread");
    assert_eq!(header(token, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(header(token, "accept"), Some("application/json"));
    // base64 of `my+id:s%C3%A9%2Fcret%3Ax`: each form-encoded, as RFC 6749 §2.3.1 asks.
    assert_eq!(header(token, "authorization"), Some("Basic bXkraWQ6cyVDMyVBOSUyRmNyZXQlM0F4"));
    let calls = received(&server, "/v1/things").await;
    assert_eq!(header(&calls[0], "authorization"), Some("Bearer tok-1"));
}

#[tokio::test]
async fn client_secret_post_sends_the_client_in_the_form_body_and_no_basic_header() {
    let server = serve(3600, vec![]).await;
    let client = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .oauth_client_secret_post("my id", "sé/cret:x")
        .build()
        .expect("the client builds");
    client.list_things().await.expect("the call succeeds");
    let tokens = received(&server, "/oauth/token").await;
    assert_eq!(
        body(&tokens[0]),
        "grant_type=client_credentials&scope=things%3Aread&client_id=my+id&client_secret=s%C3%A9%2Fcret%3Ax"
    );
    assert_eq!(header(&tokens[0], "authorization"), None);
}

#[tokio::test]
async fn ten_concurrent_calls_share_one_token_fetch() {
    let server = MockServer::start().await;
    let tokens = TokenEndpoint {
        issued: AtomicUsize::new(0),
        expires_in: 3600,
        delay: Duration::from_millis(200),
    };
    Mock::given(path("/oauth/token")).respond_with(tokens).mount(&server).await;
    Mock::given(path("/v1/things")).respond_with(Api { refused: vec![] }).mount(&server).await;
    let client = client(&server);
    let calls = (0..10).map(|_| client.list_things().send());
    for outcome in futures_util::future::join_all(calls).await {
        outcome.expect("every call succeeds");
    }
    assert_eq!(received(&server, "/oauth/token").await.len(), 1);
    let calls = received(&server, "/v1/things").await;
    assert_eq!(calls.len(), 10);
    assert!(calls.iter().all(|call| header(call, "authorization") == Some("Bearer tok-1")));
}

#[tokio::test]
async fn each_operation_asks_its_own_scopes_and_a_token_is_cached_per_scope_set() {
    let server = serve(3600, vec![]).await;
    let client = client(&server);
    client.list_things().await.expect("list");
    client.create_thing(&Thing::new("a")).await.expect("create");
    client.get_status().await.expect("status");
    client.list_things().await.expect("list again");
    client.create_thing(&Thing::new("b")).await.expect("create again");
    let forms: Vec<String> = received(&server, "/oauth/token").await.iter().map(body).collect();
    assert_eq!(
        forms,
        [
            "grant_type=client_credentials&scope=things%3Aread",
            "grant_type=client_credentials&scope=things%3Aread+things%3Awrite",
            "grant_type=client_credentials",
        ]
    );
    let sent: Vec<Option<String>> = received(&server, "/v1/things")
        .await
        .iter()
        .map(|call| header(call, "authorization").map(str::to_owned))
        .collect();
    let bearer = |token: &str| Some(format!("Bearer {token}"));
    assert_eq!(sent, [bearer("tok-1"), bearer("tok-2"), bearer("tok-1"), bearer("tok-2")]);
    let status = received(&server, "/v1/status").await;
    assert_eq!(header(&status[0], "authorization"), Some("Bearer tok-3"));
}

/// `expires_in: 0`: the token is stale as soon as it arrives, so each call fetches one.
#[tokio::test]
async fn an_expired_token_is_fetched_again() {
    let server = serve(0, vec![]).await;
    let client = client(&server);
    client.list_things().await.expect("first");
    client.list_things().await.expect("second");
    assert_eq!(received(&server, "/oauth/token").await.len(), 2);
    let calls = received(&server, "/v1/things").await;
    assert_eq!(header(&calls[0], "authorization"), Some("Bearer tok-1"));
    assert_eq!(header(&calls[1], "authorization"), Some("Bearer tok-2"));
}

#[tokio::test]
async fn a_refused_token_is_renewed_and_the_call_sent_again_once() {
    let server = serve(3600, vec!["tok-1"]).await;
    let client = client(&server);
    // A POST, which is not retried otherwise: a 401 means the API did not act on it.
    let created = client.create_thing(&Thing::new("a")).await.expect("sent again, it succeeds");
    assert_eq!(created.name, "a");
    assert_eq!(received(&server, "/oauth/token").await.len(), 2);
    let calls = received(&server, "/v1/things").await;
    assert_eq!(calls.len(), 2);
    assert_eq!(header(&calls[0], "authorization"), Some("Bearer tok-1"));
    assert_eq!(header(&calls[1], "authorization"), Some("Bearer tok-2"));
    assert_eq!(body(&calls[1]), r#"{"name":"a"}"#);
    // The new token is cached for the next call.
    client.create_thing(&Thing::new("b")).await.expect("the new token is kept");
    assert_eq!(received(&server, "/oauth/token").await.len(), 2);
}

#[tokio::test]
async fn a_second_401_is_the_calls_answer() {
    let server = serve(3600, vec!["tok-1", "tok-2"]).await;
    let error = client(&server).list_things().await.expect_err("both tokens are refused");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert!(matches!(error, Error::UnexpectedResponse(_)), "{error:?}");
    assert_eq!(received(&server, "/oauth/token").await.len(), 2);
    assert_eq!(received(&server, "/v1/things").await.len(), 2);
}

#[tokio::test]
async fn a_refusal_of_the_token_endpoint_is_a_typed_error_naming_it_and_its_code() {
    let server = MockServer::start().await;
    let refusal =
        r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#;
    Mock::given(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(refusal, "application/json"))
        .mount(&server)
        .await;
    let error = client(&server).list_things().await.expect_err("no token, no call");
    assert_eq!(
        error.to_string(),
        format!(
            "the token endpoint `{}/oauth/token` refused the client credentials (401 Unauthorized): invalid_client: Client authentication failed",
            server.uri()
        )
    );
    match error {
        Error::Token(TokenError::Refused { status, error, description, .. }) => {
            assert_eq!(status.as_u16(), 401);
            assert_eq!(error.as_deref(), Some("invalid_client"));
            assert_eq!(description.as_deref(), Some("Client authentication failed"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(received(&server, "/v1/things").await.is_empty(), "the API is not called");
}

#[tokio::test]
async fn a_success_without_a_bearer_token_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"access_token":"t","token_type":"mac"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let error = client(&server).list_things().await.expect_err("no bearer token");
    assert_eq!(
        error.to_string(),
        format!(
            "the token endpoint `{}/oauth/token` gave no usable access token: its `token_type` is not `Bearer`",
            server.uri()
        )
    );
}

/// The document's `partner` scheme names `http://tokens.example.net/token`: the client id
/// and secret would cross the network in plain text to a host the caller never chose.
#[tokio::test]
async fn no_secret_is_sent_to_a_plain_http_token_url_on_another_host() {
    let server = serve(3600, vec![]).await;
    let client = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .partner_client_credentials("id", "secret")
        .build()
        .expect("the client builds");
    let error = client.get_partner().await.expect_err("refused before sending");
    assert_eq!(
        error.to_string(),
        "the token endpoint `http://tokens.example.net/token` is neither https nor on the base URL's origin; the client secret is not sent to it"
    );
    assert!(matches!(error, Error::Token(TokenError::InsecureEndpoint { .. })), "{error:?}");
    assert!(server.received_requests().await.expect("recording is on").is_empty());
}

/// A `tracing` writer that keeps what it is given.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn neither_the_secret_nor_a_token_shows_in_debug_or_log_output() {
    let server = serve(3600, vec!["tok-1"]).await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // See `resilience::logs_and_debug_output_never_contain_the_token`.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = client(&server);
    client.list_things().await.expect("renewed once, the call succeeds");
    let logs = String::from_utf8(captured.0.lock().expect("not poisoned").clone()).expect("utf-8");
    assert!(
        logs.contains("token fetched") && logs.contains("access token refused: renewing it"),
        "{logs}"
    );
    let debug = format!("{client:?}");
    assert!(
        debug.contains(
            r#"ClientCredentials { token_url: "/oauth/token", client_id: "my id", client_secret: "<redacted>", authentication: Basic, .. }"#
        ),
        "{debug}"
    );
    for secret in ["sé/cret", "s%C3%A9", "bXkraWQ6", "tok-1", "tok-2"] {
        assert!(!logs.contains(secret), "{secret} in {logs}");
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
}
