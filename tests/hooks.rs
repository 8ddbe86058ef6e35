//! Request hooks on the wire: a signer whose header the server checks byte for byte, a hook
//! that refuses (nothing reaches the server), retried attempts passing through the hooks
//! again, responses seen whole or streamed and counted, and a hook that tries to send the
//! request elsewhere.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_runtime::{AttemptResponse, Error, Hook, HookError, RetryPolicy};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::header::HeaderValue;
use sha2::Sha256;
use tests::wire_fixture::Client;
use tests::wire_fixture::types::NewItem;
use wiremock::matchers::{any, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ITEM: &str = r#"{"id":"i2","name":"Desk & chair"}"#;

/// Adds the time the request is signed at, as the first of two hooks.
struct Timestamp(&'static str);

impl Hook for Timestamp {
    fn before_send(&self, request: &mut reqwest::Request) -> Result<(), HookError> {
        request.headers_mut().insert("x-timestamp", HeaderValue::from_static(self.0));
        Ok(())
    }
}

/// Signs method, path, `Authorization`, `x-timestamp` and body, each on a line, with
/// HMAC-SHA256 into `x-signature` (hex): what a custom request-signing scheme does.
struct Signer(&'static [u8]);

impl Hook for Signer {
    fn before_send(&self, request: &mut reqwest::Request) -> Result<(), HookError> {
        let text = |name: &str| {
            request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
        };
        let body = request.body().and_then(|body| body.as_bytes()).unwrap_or(b"");
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0)
            .map_err(|error| HookError::with_source("bad signing key", error.to_string()))?;
        let head = format!(
            "{}\n{}\n{}\n{}\n",
            request.method(),
            request.url().path(),
            text("authorization"),
            text("x-timestamp")
        );
        mac.update(head.as_bytes());
        mac.update(body);
        let hex: String =
            mac.finalize().into_bytes().iter().map(|byte| format!("{byte:02x}")).collect();
        let value = HeaderValue::from_str(&hex).map_err(|_| HookError::new("unsendable"))?;
        request.headers_mut().insert("x-signature", value);
        Ok(())
    }
}

fn builder(server: &MockServer) -> tests::wire_fixture::client::ClientBuilder {
    Client::builder().base_url(server.uri()).basic("ada", "s3cret").token("tok")
}

#[tokio::test]
async fn a_signing_hook_signs_the_final_headers_and_body_and_the_server_checks_it() {
    let server = MockServer::start().await;
    // HMAC-SHA256 with key "hook-signing-key" of
    // "POST\n/items\nBasic YWRhOnMzY3JldA==\n1700000000\nname=Desk%20%26%20chair&price=120.0",
    // computed with Python's `hmac`: only a request carrying exactly it is answered 201.
    let expected = "538828d6cd6fd72cbb026ddd130de3ac219b3d296322586aefb5af2588e93a6f";
    Mock::given(method("POST"))
        .and(path("/items"))
        .and(header("x-timestamp", "1700000000"))
        .and(header("x-signature", expected))
        .respond_with(ResponseTemplate::new(201).set_body_raw(ITEM, "application/json"))
        .mount(&server)
        .await;
    // Signed in order: the signer, second, sees the timestamp the first hook added.
    let client = builder(&server)
        .hook(Timestamp("1700000000"))
        .hook(Signer(b"hook-signing-key"))
        .build()
        .expect("client builds");
    let created = client
        .create_item(&NewItem::new("Desk & chair").with_price(120.0))
        .await
        .expect("the server accepts the signature");
    assert_eq!(created.name, "Desk & chair");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1);
    let signature = requests[0].headers.get("x-signature").and_then(|v| v.to_str().ok());
    assert_eq!(signature, Some(expected));
}

/// Refuses every request, counting how often it was asked.
struct Refuse(Arc<AtomicU32>);

impl Hook for Refuse {
    fn before_send(&self, request: &mut reqwest::Request) -> Result<(), HookError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Err(HookError::new(format!("no signing key for {}", request.url().path())))
    }
}

#[tokio::test]
async fn a_refusing_hook_sends_nothing_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let asked = Arc::new(AtomicU32::new(0));
    let client = builder(&server).hook(Refuse(asked.clone())).build().expect("client builds");
    let error = client.get_item("i1", &[]).await.expect_err("refused");
    assert_eq!(error.to_string(), "request refused by a hook: no signing key for /items/i1");
    let Error::Refused(refusal) = &error else { panic!("expected a refusal, got {error:?}") };
    assert_eq!(refusal.message(), "no signing key for /items/i1");
    assert_eq!(error.status(), None);
    // A GET is retried twice by default; a refusal is final.
    assert_eq!(asked.load(Ordering::SeqCst), 1);
    assert!(server.received_requests().await.expect("recording is on").is_empty());
}

/// Numbers each attempt in `x-attempt`, and notes what each response was.
#[derive(Default)]
struct Attempts {
    sent: AtomicU32,
    /// `GET /items/i1 #1: 503, 4 bytes`, or `body streamed` for a body read as a stream.
    seen: Mutex<Vec<String>>,
}

impl Hook for Attempts {
    fn before_send(&self, request: &mut reqwest::Request) -> Result<(), HookError> {
        let number = self.sent.fetch_add(1, Ordering::SeqCst) + 1;
        request.headers_mut().insert("x-attempt", HeaderValue::from(number));
        Ok(())
    }

    fn after_response(&self, response: &AttemptResponse<'_>) {
        let mut seen = self.seen.lock().expect("not poisoned");
        seen.push(format!(
            "{} {} #{}: {}, {}",
            response.method(),
            response.path(),
            response.attempt(),
            response.status().as_u16(),
            response.body().map_or("body streamed".to_owned(), |b| format!("{} bytes", b.len())),
        ));
    }
}

#[tokio::test]
async fn each_retried_attempt_passes_through_the_hook_again() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_raw("busy", "text/plain"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id":"i1","name":"Lamp"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let attempts = Arc::new(Attempts::default());
    let retry = RetryPolicy {
        max_retries: 2,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_secs(1),
    };
    let client =
        builder(&server).retry_policy(retry).hook(attempts.clone()).build().expect("client builds");
    let item = client.get_item("i1", &[]).await.expect("the retry succeeds");
    assert_eq!(item.name, "Lamp");
    let requests = server.received_requests().await.expect("recording is on");
    let numbers: Vec<_> =
        requests.iter().map(|r| r.headers.get("x-attempt").and_then(|v| v.to_str().ok())).collect();
    assert_eq!(numbers, [Some("1"), Some("2")]);
    let seen = attempts.seen.lock().expect("not poisoned").clone();
    assert_eq!(seen, ["GET /items/i1 #1: 503, 4 bytes", "GET /items/i1 #2: 200, 25 bytes"]);
}

#[tokio::test]
async fn a_hook_sees_a_streamed_response_without_its_body_and_a_whole_one_with_it() {
    let server = MockServer::start().await;
    Mock::given(path("/files/big.bin"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![7u8; 1000], "application/octet-stream"),
        )
        .mount(&server)
        .await;
    let attempts = Arc::new(Attempts::default());
    let client = builder(&server).hook(attempts.clone()).build().expect("client builds");
    let streamed = client.get_file("big.bin").send_streaming().await.expect("200");
    drop(streamed);
    let whole = client.get_file("big.bin").await.expect("200");
    assert_eq!(whole.len(), 1000);
    let seen = attempts.seen.lock().expect("not poisoned").clone();
    assert_eq!(
        seen,
        ["GET /files/big.bin #1: 200, body streamed", "GET /files/big.bin #1: 200, 1000 bytes"]
    );
}

/// Counts responses by class.
#[derive(Default)]
struct Counter {
    ok: AtomicU32,
    failed: AtomicU32,
}

impl Hook for Counter {
    fn after_response(&self, response: &AttemptResponse<'_>) {
        let class = if response.status().is_success() { &self.ok } else { &self.failed };
        class.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_counting_hook_sees_every_response_error_statuses_included() {
    let server = MockServer::start().await;
    Mock::given(path("/items/gone")).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"id":"i1","name":"Lamp"}"#, "application/json"),
        )
        .mount(&server)
        .await;
    let counter = Arc::new(Counter::default());
    let client = builder(&server).hook(counter.clone()).build().expect("client builds");
    client.get_item("i1", &[]).await.expect("200");
    client.get_item("i2", &[]).await.expect("200");
    client.get_item("gone", &[]).await.expect_err("404");
    assert_eq!(counter.ok.load(Ordering::SeqCst), 2);
    assert_eq!(counter.failed.load(Ordering::SeqCst), 1);
}

/// Points the request at another host.
struct Redirect;

impl Hook for Redirect {
    fn before_send(&self, request: &mut reqwest::Request) -> Result<(), HookError> {
        *request.url_mut() = "http://attacker.example/collect".parse().expect("a URL");
        Ok(())
    }
}

#[tokio::test]
async fn a_hook_cannot_send_the_request_to_another_host() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = builder(&server).hook(Redirect).build().expect("client builds");
    let error = client.get_item("i1", &[]).await.expect_err("refused");
    let Error::InvalidRequest(message) = &error else { panic!("got {error:?}") };
    assert_eq!(
        *message,
        format!(
            "the request would go to `http://attacker.example` instead of the base URL's `{}`",
            server.uri()
        )
    );
    assert!(server.received_requests().await.expect("recording is on").is_empty());
}
