//! Retries, timeouts, per-call options, credentials from the environment, raw access and
//! logs, against a local HTTP server; and servers that misbehave: silent, cut off mid-body,
//! too large, or asked for by a hostile path.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generated::courier::types::UsersPatchUserTokenOpts;
use reqwest::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

use client_runtime::{Error, Request, RequestOptions, RetryPolicy, Style};
use tests::wire_fixture::Client;
use tests::wire_fixture::types::NewItem;

const ITEM: &str = r#"{"id":"i1","name":"Lamp"}"#;

/// Quick retries, so the tests wait milliseconds rather than seconds.
fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(3),
    }
}

/// Answers with the responses in order (the last one again once they run out), noting
/// when each request arrived.
struct Script {
    responses: Vec<ResponseTemplate>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Respond for Script {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().expect("not poisoned");
        arrivals.push(Instant::now());
        let index = (arrivals.len() - 1).min(self.responses.len() - 1);
        self.responses[index].clone()
    }
}

async fn scripted(responses: Vec<ResponseTemplate>) -> (MockServer, Arc<Mutex<Vec<Instant>>>) {
    let server = MockServer::start().await;
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    Mock::given(any())
        .respond_with(Script { responses, arrivals: arrivals.clone() })
        .mount(&server)
        .await;
    (server, arrivals)
}

fn client(server: &MockServer, retries: u32) -> Client {
    Client::builder()
        .base_url(server.uri())
        .token("secret-token-4711")
        .retry_policy(fast_retries(retries))
        .build()
        .expect("client builds")
}

fn ok_item() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(ITEM, "application/json")
}

#[tokio::test]
async fn two_503s_then_a_200_take_three_attempts() {
    let (server, arrivals) =
        scripted(vec![ResponseTemplate::new(503), ResponseTemplate::new(503), ok_item()]).await;
    let item = client(&server, 2).get_item("i1", &[]).await.expect("the third attempt succeeds");
    assert_eq!(item.name, "Lamp");
    assert_eq!(arrivals.lock().expect("not poisoned").len(), 3);
}

#[tokio::test]
async fn retry_after_is_waited_for() {
    let busy = ResponseTemplate::new(429).insert_header("retry-after", "1");
    let (server, arrivals) = scripted(vec![busy, ok_item()]).await;
    client(&server, 2).get_item("i1", &[]).await.expect("the retry succeeds");
    let arrivals = arrivals.lock().expect("not poisoned");
    assert_eq!(arrivals.len(), 2);
    let waited = arrivals[1] - arrivals[0];
    assert!(
        waited >= Duration::from_millis(950) && waited < Duration::from_millis(2500),
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn a_patch_is_not_retried_unless_asked() {
    let (server, arrivals) = scripted(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(503),
        ResponseTemplate::new(204),
    ])
    .await;
    // A client of `generated`, whose runtime types are its own, not the runtime crate's.
    let fast = fast_retries(2);
    let fast = generated::runtime::RetryPolicy {
        max_retries: fast.max_retries,
        initial_delay: fast.initial_delay,
        max_delay: fast.max_delay,
    };
    let courier = generated::courier::Client::builder()
        .base_url(server.uri())
        .retry_policy(fast)
        .build()
        .expect("client builds");
    let patch = UsersPatchUserTokenOpts::new(Vec::new());
    let error =
        courier.users_tokens_update("u1", "t1", &patch).await.expect_err("503, not retried");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(arrivals.lock().expect("not poisoned").len(), 1);

    let keyed =
        courier.with_options(generated::runtime::RequestOptions::new().idempotency_key("patch-77"));
    keyed.users_tokens_update("u1", "t1", &patch).await.expect("retried with an idempotency key");
    assert_eq!(arrivals.lock().expect("not poisoned").len(), 3);
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests[2].headers.get("idempotency-key").and_then(|v| v.to_str().ok()),
        Some("patch-77")
    );
}

#[tokio::test]
async fn the_last_error_is_returned_with_its_body_at_the_attempt_limit() {
    let responses = (1..=4)
        .map(|n| ResponseTemplate::new(503).set_body_raw(format!("busy {n}"), "text/plain"))
        .collect();
    let (server, arrivals) = scripted(responses).await;
    let error = client(&server, 2).get_item("i1", &[]).await.expect_err("still 503");
    assert_eq!(arrivals.lock().expect("not poisoned").len(), 3);
    let Error::UnexpectedResponse(response) = error else {
        panic!("expected the last 503, got {error:?}")
    };
    assert_eq!(response.status, 503);
    assert_eq!(response.body, b"busy 3");

    let (server, arrivals) = scripted(vec![ResponseTemplate::new(503)]).await;
    let no_retries = client(&server, 2).with_options(RequestOptions::new().max_retries(0));
    no_retries.get_item("i1", &[]).await.expect_err("503");
    assert_eq!(arrivals.lock().expect("not poisoned").len(), 1, "0 turns retrying off");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let (server, _) = scripted(vec![ok_item().set_delay(Duration::from_secs(30))]).await;
    let client = Client::builder()
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .expect("builds");
    let started = Instant::now();
    let error = client.get_item("i1", &[]).await.expect_err("times out");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(error.to_string().starts_with("request timed out"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(5));

    let patient = Client::builder().base_url(server.uri()).max_retries(0).build().expect("builds");
    let hurried = patient.with_options(RequestOptions::new().timeout(Duration::from_millis(100)));
    let error = hurried.get_item("i1", &[]).await.expect_err("the call's own timeout");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
}

#[tokio::test]
async fn per_call_headers_and_query_parameters_arrive() {
    let (server, _) = scripted(vec![ok_item()]).await;
    let options = RequestOptions::new().header("X-Trace-Id", "trace-9").query("debug", "1");
    client(&server, 0).with_options(options).get_item("i1", &["id".to_owned()]).await.expect("200");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(
        requests[0].headers.get("x-trace-id").and_then(|v| v.to_str().ok()),
        Some("trace-9")
    );
    assert_eq!(requests[0].url.query(), Some("fields=id&debug=1"));
}

#[tokio::test]
async fn any_request_goes_through_the_same_client() {
    let (server, _) =
        scripted(vec![ResponseTemplate::new(418).set_body_raw("short and stout", "text/plain")])
            .await;
    // The method through the generated crate's re-export of `reqwest`.
    let get = generated::runtime::reqwest::Method::GET;
    let request = Request::new(get, "/v2/beta/{id}", Client::ANY_CREDENTIAL)
        .path("id", "a b")
        .query("x", Some("1"), Style::Form { explode: true });
    let response = client(&server, 2).send_raw(request).await.expect("every status is a response");
    assert_eq!(response.status(), 418);
    assert_eq!(response.into_inner(), b"short and stout");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "418 is not retried");
    assert_eq!(requests[0].url.path(), "/v2/beta/a%20b");
    assert_eq!(requests[0].url.query(), Some("x=1"));
    assert_eq!(
        requests[0].headers.get("authorization").and_then(|v| v.to_str().ok()),
        Some("Bearer secret-token-4711")
    );
}

#[tokio::test]
async fn a_redirect_reaches_the_caller_instead_of_being_followed() {
    let moved = ResponseTemplate::new(302).insert_header("location", "/elsewhere");
    let (server, arrivals) = scripted(vec![moved, ok_item()]).await;
    let error = client(&server, 0).get_item("i1", &[]).await.expect_err("302 is not documented");
    let Error::UnexpectedResponse(response) = error else {
        panic!("expected the 302 itself, got {error:?}");
    };
    assert_eq!(
        (response.status.as_u16(), response.headers.get("location").and_then(|v| v.to_str().ok())),
        (302, Some("/elsewhere"))
    );
    assert_eq!(arrivals.lock().expect("not poisoned").len(), 1, "the redirect was not followed");
}

#[tokio::test]
async fn a_typed_response_keeps_its_raw_body() {
    let (server, _) = scripted(vec![ok_item()]).await;
    let item = client(&server, 0).get_item("i1", &[]).await.expect("200");
    assert_eq!(item.raw_body(), ITEM.as_bytes());
}

#[test]
fn credentials_come_from_variables_named_after_the_api() {
    let variables = |name: &str| match name {
        "WIRE_TOKEN" => Some("from-env".to_owned()),
        "WIRE_BASE_URL" => Some("http://127.0.0.1:9".to_owned()),
        _ => None,
    };
    let client = Client::from_env_with(variables).expect("a token is set");
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
    assert!(format!("{client:?}").contains("Bearer(<redacted>)"));

    let wire_variables_set = std::env::vars().any(|(name, _)| name.starts_with("WIRE_"));
    if !wire_variables_set {
        let error = Client::from_env().expect_err("no WIRE_ variable in this environment");
        assert!(
            error.to_string().starts_with("no credentials in the environment: set `WIRE_TOKEN`"),
            "{error}"
        );
    }
    let error = Client::from_env_with(|_| None).expect_err("nothing is set");
    assert_eq!(
        error.to_string(),
        "no credentials in the environment: set `WIRE_TOKEN`, `WIRE_BASIC_USERNAME` and `WIRE_BASIC_PASSWORD`, `WIRE_HEADER_KEY`, `WIRE_QUERY_KEY`, `WIRE_COOKIE_KEY`"
    );
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
async fn logs_and_debug_output_never_contain_the_token() {
    let (server, _) = scripted(vec![ResponseTemplate::new(503), ok_item()]).await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // While one dispatcher exists, tracing-core caches a callsite's interest as the subscriber
    // of the thread that reaches it first says: a test on another thread sending first would
    // turn the runtime's spans off for good. With two, every live one is asked.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = client(&server, 2);
    client.get_item("i1", &[]).await.expect("the retry succeeds");
    let logs = String::from_utf8(captured.0.lock().expect("not poisoned").clone()).expect("utf-8");
    assert!(
        logs.contains("path=/items/{item_id}")
            && logs.contains("attempt=2")
            && logs.contains("status=200"),
        "{logs}"
    );
    assert!(!logs.contains("secret-token-4711"), "{logs}");
    assert!(!format!("{client:?}").contains("secret-token-4711"));
}

/// Reads one request from `stream`: its head, then as many body bytes as it declares.
async fn read_request(stream: &mut TcpStream) -> std::io::Result<()> {
    let mut received = Vec::new();
    let mut buffer = [0; 4096];
    let head_end = loop {
        if let Some(end) = received.windows(4).position(|window| window == b"\r\n\r\n") {
            break end + 4;
        }
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Ok(());
        }
        received.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&received[..head_end]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse::<usize>().ok())
        .unwrap_or(0);
    while received.len() < head_end + length {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            break;
        }
        received.extend_from_slice(&buffer[..read]);
    }
    Ok(())
}

/// A server on this test's runtime that answers the `n`th connection's request with the bytes
/// of `answers[n]` (the last again once they run out) and closes the connection; with the
/// base URL and the number of requests it read.
async fn raw_server(answers: Vec<&'static [u8]>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            if read_request(&mut stream).await.is_err() {
                continue;
            }
            let index = counted.fetch_add(1, Ordering::SeqCst).min(answers.len() - 1);
            // The client may have given up already; the next connection is answered anyway.
            let _ = stream.write_all(answers[index]).await;
            let _ = stream.shutdown().await;
        }
    });
    (base, requests)
}

/// Headers that promise 100 bytes, then 10 of them and the connection closed.
const CUT_OFF: &[u8] =
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\":\"i1\"";

const WHOLE: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 25\r\nconnection: close\r\n\r\n{\"id\":\"i1\",\"name\":\"Lamp\"}";

#[tokio::test]
async fn a_get_cut_off_mid_body_is_retried() {
    let (base, requests) = raw_server(vec![CUT_OFF, WHOLE]).await;
    let client = Client::builder()
        .base_url(base)
        .retry_policy(fast_retries(2))
        .build()
        .expect("client builds");
    let item = client.get_item("i1", &[]).await.expect("the second attempt reads the whole body");
    assert_eq!((item.id.as_str(), item.name.as_str()), ("i1", "Lamp"));
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_post_cut_off_mid_body_is_not_retried() {
    let created = b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\":\"i1\"";
    let (base, requests) = raw_server(vec![created, WHOLE]).await;
    let client = Client::builder()
        .base_url(base)
        .retry_policy(fast_retries(2))
        .build()
        .expect("client builds");
    let error = client
        .create_item(&NewItem::new("Lamp"))
        .await
        .expect_err("the server may have acted on it: not sent again");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.to_string(), "request failed: error decoding response body");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_server_that_accepts_and_never_answers_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    tokio::spawn(async move {
        if let Ok((mut stream, _)) = listener.accept().await {
            // Reads the request and whatever follows until the client hangs up; says nothing.
            let mut sink = Vec::new();
            let _ = stream.read_to_end(&mut sink).await;
        }
    });
    let client = Client::builder()
        .base_url(base)
        .timeout(Duration::from_millis(300))
        .max_retries(0)
        .build()
        .expect("builds");
    let started = Instant::now();
    let error = client.get_item("i1", &[]).await.expect_err("silence");
    let waited = started.elapsed();
    let Error::Timeout(cause) = &error else { panic!("expected a timeout, got {error:?}") };
    assert!(cause.is_timeout(), "{cause:?}");
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(3),
        "waited {waited:?}"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_and_one_within_it_decodes() {
    let (server, arrivals) = scripted(vec![ok_item()]).await;
    let limit = u64::try_from(ITEM.len()).expect("small");
    let client = client(&server, 2);
    let item = client
        .with_options(RequestOptions::new().max_response_size(limit))
        .get_item("i1", &[])
        .await
        .expect("exactly at the limit");
    assert_eq!((item.id.as_str(), item.name.as_str()), ("i1", "Lamp"));

    let error = client
        .with_options(RequestOptions::new().max_response_size(limit - 1))
        .get_item("i1", &[])
        .await
        .expect_err("one byte over");
    let Error::ResponseTooLarge { status, limit: reported } = error else {
        panic!("expected the limit, got {error:?}")
    };
    assert_eq!((status, reported), (StatusCode::OK, limit - 1));
    assert_eq!(
        error.to_string(),
        "response 200 OK has a body larger than the limit of 24 bytes (`RequestOptions::max_response_size`)"
    );
    assert_eq!(arrivals.lock().expect("not poisoned").len(), 2, "too large is not retried");
}

#[tokio::test]
async fn a_body_without_a_length_is_cut_at_the_limit_while_streaming() {
    // Chunked: no `Content-Length` to refuse up front, and more chunks than the limit allows.
    let chunked: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n10\r\n{\"id\":\"i1\",\"name\r\n9\r\n\":\"Lamp\"}\r\n0\r\n\r\n";
    let (base, requests) = raw_server(vec![chunked]).await;
    let client = Client::builder().base_url(base).max_retries(0).build().expect("builds");
    let error = client
        .with_options(RequestOptions::new().max_response_size(20))
        .get_item("i1", &[])
        .await
        .expect_err("25 bytes arrive in chunks of 16 and 9");
    assert!(
        matches!(error, Error::ResponseTooLarge { status: StatusCode::OK, limit: 20 }),
        "{error:?}"
    );
    let item = client
        .with_options(RequestOptions::new().max_response_size(25))
        .get_item("i1", &[])
        .await
        .expect("within the limit");
    assert_eq!(item.raw_body(), ITEM.as_bytes());
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_base_url_with_a_path_prefixes_every_request() {
    let (server, _) = scripted(vec![ok_item()]).await;
    let client = Client::builder()
        .base_url(format!("{}/api/v1/", server.uri()))
        .max_retries(0)
        .build()
        .expect("builds");
    client.get_item("a b/c", &[]).await.expect("200");
    let request = crate::support::only_request(&server).await;
    assert_eq!(request.url.path(), "/api/v1/items/a%20b%2Fc");
}

#[tokio::test]
async fn a_hostile_path_never_leaves_the_base_urls_host() {
    let (server, _) = scripted(vec![ResponseTemplate::new(204)]).await;
    let client = client(&server, 0);
    let error = client
        .send_raw(Request::new(Method::GET, "@attacker.example/steal", Client::ANY_CREDENTIAL))
        .await
        .expect_err("refused before sending");
    assert_eq!(
        error.to_string(),
        "invalid request: the path `@attacker.example/steal` does not start with `/`"
    );
    for path in ["//attacker.example/x", "/..//attacker"] {
        let request = Request::new(Method::GET, path, Client::ANY_CREDENTIAL);
        client.send_raw(request).await.expect("sent to the base URL's host");
    }
    let requests = server.received_requests().await.expect("recording is on");
    // Both arrived here, as paths.
    let received: Vec<&str> = requests.iter().map(|request| request.url.path()).collect();
    assert_eq!(received, ["//attacker.example/x", "//attacker"]);
}

#[tokio::test]
async fn errors_leave_out_a_url_that_carries_an_api_key() {
    // Port 1 (tcpmux) is reserved and closed on any test machine.
    let client = Client::builder()
        .base_url("http://127.0.0.1:1")
        .query_key("query-secret-31")
        .max_retries(0)
        .build()
        .expect("builds");
    let error = client.get_file("a.bin").await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(error.to_string(), "request failed: error sending request");
    assert!(!format!("{error:?}").contains("query-secret-31"), "{error:?}");
}
