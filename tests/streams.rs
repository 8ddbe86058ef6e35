//! Streamed bodies on the wire, through the generated client of `fixtures/wire.yaml`:
//! server-sent events delivered in chunks split mid-line and mid-event (CRLF, comments,
//! multi-line data, `retry`, `id`, `[DONE]`, a server that closes early or stalls), downloads
//! read as a stream of bytes, and uploads from a stream or a file, all against a local
//! HTTP/1.1 server that writes exactly the bytes each test gives it.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use client_runtime::{Body, Error, Event, RequestOptions, RetryPolicy, StreamError, StreamExt};
use tests::wire_fixture::Client;
use tests::wire_fixture::operations::{StreamChatEvent, StreamItemsError};
use tests::wire_fixture::types::{Item, UploadBody};

/// What the server writes after reading a request.
enum Reply {
    /// A `200` of `content_type` with each piece sent as its own HTTP chunk, flushed and
    /// followed by a short pause so the client reads it apart from the next; then the last
    /// chunk, unless `close_early`, when the connection is closed mid-body instead.
    Chunked { content_type: &'static str, pieces: Vec<Vec<u8>>, close_early: bool },
    /// These bytes, then the connection closed.
    Raw(Vec<u8>),
    /// Nothing: the connection stays open and silent.
    Silent,
}

/// The request as the server read it: its head, and its body's length and bytes (kept up
/// to 1 MiB; the length counts all).
struct Received {
    head: String,
    length: u64,
    body: Vec<u8>,
}

/// A server for one request, answered with `reply`; its task gives what it read.
async fn serve_once(reply: Reply) -> (String, tokio::task::JoinHandle<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    let task = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("a connection");
        let received = read_request(&mut stream).await;
        match reply {
            Reply::Chunked { content_type, pieces, close_early } => {
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n"
                );
                stream.write_all(head.as_bytes()).await.expect("head written");
                for piece in pieces {
                    let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
                    chunk.extend_from_slice(&piece);
                    chunk.extend_from_slice(b"\r\n");
                    // The client may have stopped reading (after `[DONE]`).
                    if stream.write_all(&chunk).await.is_err() {
                        return received;
                    }
                    let _ = stream.flush().await;
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                if !close_early {
                    let _ = stream.write_all(b"0\r\n\r\n").await;
                }
                let _ = stream.shutdown().await;
            }
            Reply::Raw(bytes) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
            }
            Reply::Silent => tokio::time::sleep(Duration::from_secs(30)).await,
        }
        received
    });
    (base, task)
}

/// Reads a request's head and its `Content-Length` body (a chunked one is not expected).
async fn read_request(stream: &mut TcpStream) -> Received {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.expect("readable") == 0 {
            break;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let declared: u64 = head
        .lines()
        .find_map(|line| {
            line.to_ascii_lowercase().strip_prefix("content-length: ").map(str::to_owned)
        })
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    let mut body = Vec::new();
    let mut length = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    while length < declared {
        let read = stream.read(&mut buffer).await.expect("readable");
        if read == 0 {
            break;
        }
        length += read as u64;
        let room = (1usize << 20).saturating_sub(body.len()).min(read);
        body.extend_from_slice(&buffer[..room]);
    }
    Received { head, length, body }
}

fn client(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .token("tok")
        .header_key("hk")
        .query_key("qk")
        .retry_policy(RetryPolicy {
            max_retries: 0,
            initial_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(10),
        })
        .build()
        .expect("client builds")
}

/// An event's fields and its item's, to compare whole.
fn item_event(event: Event<Item>) -> (String, Option<String>, Option<Duration>, String, String) {
    (event.event, event.id, event.retry, event.data.id, event.data.name)
}

fn expected(
    event: &str,
    id: Option<&str>,
    retry: Option<u64>,
    item: (&str, &str),
) -> (String, Option<String>, Option<Duration>, String, String) {
    (
        event.to_owned(),
        id.map(str::to_owned),
        retry.map(Duration::from_millis),
        item.0.to_owned(),
        item.1.to_owned(),
    )
}

fn pieces(pieces: &[&str]) -> Vec<Vec<u8>> {
    pieces.iter().map(|piece| piece.as_bytes().to_vec()).collect()
}

#[tokio::test]
async fn server_sent_events_split_mid_line_and_mid_event_decode_exactly_and_done_ends_them() {
    let reply = Reply::Chunked {
        content_type: "text/event-stream",
        pieces: pieces(&[
            ": keep-alive comment\r\n\r\nretry: 3000\r\n",
            "id: 1\r\ndata: {\"id\":\"i1\",",
            "\"name\":\"Lamp\"}\r",
            "\n\r\nevent: update\nid: 2\ndata: {\"id\":\"i2\",\ndata: \"na",
            "me\":\"Desk\"}\n",
            ": a comment between events\n\ndata: {\"id\":\"i3\",\"name\":\"Chair\"}\n\n",
            "data: [DONE]\n\n",
            "data: {\"id\":\"i4\",\"name\":\"never read\"}\n\n",
        ]),
        close_early: false,
    };
    let (base, server) = serve_once(reply).await;
    let response = client(&base).stream_items().await.expect("a stream");
    assert_eq!(response.status(), 200);
    let mut stream = response.into_inner();
    let mut events = Vec::new();
    while let Some(event) = stream.next().await {
        events.push(item_event(event.expect("an event")));
    }
    assert_eq!(
        events,
        [
            // `retry` came in the first event's lines.
            expected("message", Some("1"), Some(3000), ("i1", "Lamp")),
            expected("update", Some("2"), None, ("i2", "Desk")),
            expected("message", None, None, ("i3", "Chair")),
        ]
    );
    assert_eq!(stream.last_event_id(), Some("2"));
    assert_eq!(stream.retry(), Some(Duration::from_millis(3000)));
    let request = server.await.expect("served");
    assert!(request.head.starts_with("GET /feed HTTP/1.1\r\n"), "{}", request.head);
    assert!(
        request.head.contains("\r\naccept: text/event-stream, application/json\r\n"),
        "{}",
        request.head
    );
}

#[tokio::test]
async fn a_server_that_closes_mid_event_ends_the_stream_without_that_event() {
    let reply = Reply::Chunked {
        content_type: "text/event-stream",
        pieces: pieces(&[
            "data: first\n\ndata: [DONE]\n\n",
            "data: multi\ndata: line\n\ndata: cut o",
        ]),
        close_early: false,
    };
    let (base, _server) = serve_once(reply).await;
    let mut stream = client(&base).tail_log().await.expect("a stream").into_inner();
    let mut data = Vec::new();
    while let Some(event) = stream.next().await {
        data.push(event.expect("an event").data);
    }
    // Text data has no sentinel: `[DONE]` is an event like any other.
    assert_eq!(data, ["first", "[DONE]", "multi\nline"]);
}

#[tokio::test]
async fn a_connection_cut_inside_a_chunk_is_a_transport_error_after_the_events_before() {
    let reply = Reply::Chunked {
        content_type: "text/event-stream",
        pieces: pieces(&["data: one\n\n"]),
        close_early: true,
    };
    let (base, _server) = serve_once(reply).await;
    let mut stream = client(&base).tail_log().await.expect("a stream").into_inner();
    assert_eq!(stream.next().await.expect("an event").expect("decoded").data, "one");
    let error = stream.next().await.expect("an error").expect_err("the body broke off");
    assert!(matches!(error, StreamError::Transport(_)), "{error:?}");
    assert!(error.to_string().starts_with("the stream broke off: "), "{error}");
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn item_schema_data_decodes_and_an_undecodable_event_is_an_error_the_stream_survives() {
    let reply = Reply::Chunked {
        content_type: "text/event-stream",
        pieces: pieces(&[
            "data: {\"id\":\"i1\"}\n\n",
            "data: {\"id\":\"i2\",\"name\":\"Desk\"}\n\n",
        ]),
        close_early: false,
    };
    let (base, _server) = serve_once(reply).await;
    let mut stream = client(&base).stream_ticks().await.expect("a stream").into_inner();
    let error = stream.next().await.expect("an item").expect_err("no name");
    assert_eq!(
        error.to_string(),
        "an event's data does not decode (missing field `name` at line 1 column 11): {\"id\":\"i1\"}"
    );
    let event = stream.next().await.expect("an item").expect("decoded");
    assert_eq!(item_event(event), expected("message", None, None, ("i2", "Desk")));
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn events_keyed_by_their_type_decode_into_the_variant_the_document_gives_that_type() {
    let reply = Reply::Chunked {
        content_type: "text/event-stream",
        pieces: pieces(&[
            "event: delta\ndata: {\"text\":\"Hel\"}\n\nevent: note\nda",
            "ta: mind the\ndata: {gap}\n\nevent: delta\nid: 7\ndata: {\"text\":\"lo\"}\n\n",
            "event: delta\ndata: {\"txt\":1}\n\nevent: ping\ndata: {}\n\n",
            "event: usage\ndata: {\"tokens\":42}\n\ndata: [DONE]\n\nevent: delta\ndata: {\"text\":\"!\"}\n\n",
        ]),
        close_early: false,
    };
    let (base, _server) = serve_once(reply).await;
    let mut stream = client(&base).stream_chat().await.expect("a stream").into_inner();
    let mut seen = Vec::new();
    while let Some(event) = stream.next().await {
        seen.push(match event {
            Ok(event) => match event.data {
                StreamChatEvent::Delta(delta) => format!("delta {:?}: {}", event.id, delta.text),
                StreamChatEvent::Usage(usage) => format!("usage: {}", usage.tokens),
                StreamChatEvent::Note(note) => format!("note: {note}"),
                StreamChatEvent::Unknown(data) => format!("unknown {}: {data}", event.event),
                other => format!("{other:?}"),
            },
            Err(error) => format!("error: {error}"),
        });
    }
    assert_eq!(
        seen,
        [
            "delta None: Hel",
            "note: mind the\n{gap}",
            "delta Some(\"7\"): lo",
            "error: an event's data does not decode (missing field `text` at line 1 column 9): {\"txt\":1}",
            "unknown ping: {}",
            "usage: 42",
        ]
    );
    assert_eq!(stream.last_event_id(), Some("7"));
}

#[tokio::test]
async fn an_error_status_of_a_streaming_call_is_read_whole_and_decoded() {
    let body = r#"{"title":"no such feed"}"#;
    let reply = Reply::Raw(
        format!(
            "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    );
    let (base, _server) = serve_once(reply).await;
    match client(&base).stream_items().await {
        Err(Error::Api(error)) => {
            let StreamItemsError::NotFound(problem) = &error.body else {
                panic!("{:?}", error.body)
            };
            assert_eq!(problem.title.as_deref(), Some("no such feed"));
            assert_eq!(error.raw_body, body.as_bytes());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn last_event_id_is_sent_to_resume_a_stream() {
    let reply = Reply::Chunked {
        content_type: "text/event-stream",
        pieces: Vec::new(),
        close_early: false,
    };
    let (base, server) = serve_once(reply).await;
    let resumed = client(&base).with_options(RequestOptions::new().last_event_id("2"));
    let mut stream = resumed.tail_log().await.expect("a stream").into_inner();
    assert!(stream.next().await.is_none());
    let request = server.await.expect("served");
    assert!(request.head.contains("\r\nlast-event-id: 2\r\n"), "{}", request.head);
}

#[tokio::test]
async fn a_stream_outlives_its_timeout_while_events_flow_and_fails_when_it_stalls() {
    // 40 events 5 ms apart take longer than the 100 ms timeout, which applies to each chunk.
    let mut flowing: Vec<Vec<u8>> =
        (0..40).map(|n| format!("data: {n}\n\n").into_bytes()).collect();
    flowing.push(b"data: last\n\n".to_vec());
    let reply =
        Reply::Chunked { content_type: "text/event-stream", pieces: flowing, close_early: false };
    let (base, _server) = serve_once(reply).await;
    let timed =
        client(&base).with_options(RequestOptions::new().timeout(Duration::from_millis(100)));
    let mut stream = timed.tail_log().await.expect("a stream").into_inner();
    let mut count = 0;
    while let Some(event) = stream.next().await {
        event.expect("an event within the timeout of the one before");
        count += 1;
    }
    assert_eq!(count, 41);

    // One event, then silence: the stream ends with `Idle` after the event.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a local port");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("a connection");
        read_request(&mut stream).await;
        let head = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\nc\r\ndata: only\n\n\r\n";
        stream.write_all(head).await.expect("written");
        tokio::time::sleep(Duration::from_secs(30)).await;
    });
    let timed =
        client(&base).with_options(RequestOptions::new().timeout(Duration::from_millis(100)));
    let mut stream = timed.tail_log().await.expect("a stream").into_inner();
    assert_eq!(stream.next().await.expect("an event").expect("decoded").data, "only");
    let error = stream.next().await.expect("an error").expect_err("stalled");
    assert!(
        matches!(error, StreamError::Idle(after) if after == Duration::from_millis(100)),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "the stream stalled: nothing received for 100 ms");
}

#[tokio::test]
async fn a_streaming_call_without_a_response_head_times_out() {
    let (base, _server) = serve_once(Reply::Silent).await;
    let timed =
        client(&base).with_options(RequestOptions::new().timeout(Duration::from_millis(100)));
    match timed.tail_log().await {
        Err(error @ Error::HeadTimeout(after)) => {
            assert_eq!(after, Duration::from_millis(100));
            assert_eq!(error.to_string(), "request timed out: no response within 100 ms");
        }
        other => panic!("{other:?}"),
    }
}

/// Bytes that say where they are, so a chunk out of place shows.
fn pattern(length: usize) -> Vec<u8> {
    (0..length).map(|index| (index % 251) as u8).collect()
}

#[tokio::test]
async fn a_download_reads_as_a_stream_of_the_exact_bytes_or_whole() {
    let body = pattern(300_000);
    let pieces: Vec<Vec<u8>> = body.chunks(50_000).map(<[u8]>::to_vec).collect();
    let reply =
        Reply::Chunked { content_type: "application/octet-stream", pieces, close_early: false };
    let (base, server) = serve_once(reply).await;
    let response = client(&base).get_file("big.bin").send_streaming().await.expect("200");
    assert!(response.raw_body().is_empty());
    let mut stream = response.into_inner();
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = stream.next().await {
        received.extend_from_slice(&chunk.expect("a chunk"));
        chunks += 1;
    }
    assert_eq!(received, body);
    assert!(chunks > 1, "the body came in {chunks} chunk");
    let request = server.await.expect("served");
    assert!(
        request.head.starts_with("GET /files/big.bin?api_key=qk HTTP/1.1\r\n"),
        "{}",
        request.head
    );

    let reply = Reply::Chunked {
        content_type: "application/octet-stream",
        pieces: vec![body.clone()],
        close_early: false,
    };
    let (base, _server) = serve_once(reply).await;
    assert_eq!(client(&base).get_file("big.bin").await.expect("200").into_inner(), body);
}

#[tokio::test]
async fn an_upload_from_a_stream_or_a_file_sends_the_exact_bytes_with_their_length() {
    let ok = || {
        Reply::Raw(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nok".to_vec(),
        )
    };
    let body = pattern(200_000);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        body.chunks(30_000).map(|chunk| Ok(chunk.to_vec())).collect();
    let (base, server) = serve_once(ok()).await;
    let stream = futures_util::stream::iter(chunks);
    let receipt =
        client(&base).put_file("up.bin", Body::from_stream(200_000, stream)).await.expect("200");
    assert_eq!(receipt.into_inner(), "ok");
    let request = server.await.expect("served");
    assert!(request.head.starts_with("PUT /files/up.bin HTTP/1.1\r\n"), "{}", request.head);
    assert!(request.head.contains("\r\ncontent-length: 200000\r\n"), "{}", request.head);
    assert!(
        request.head.contains("\r\ncontent-type: application/octet-stream\r\n"),
        "{}",
        request.head
    );
    assert!(!request.head.contains("transfer-encoding"), "{}", request.head);
    assert_eq!((request.length, request.body), (200_000, body.clone()));

    let path = tests::workspace_root().join("target").join("streams-upload.bin");
    std::fs::write(&path, &body).expect("a scratch file");
    let file = tokio::fs::File::open(&path).await.expect("the scratch file");
    let (base, server) = serve_once(ok()).await;
    let upload = Body::from_file(file).await.expect("its length");
    assert_eq!(format!("{upload:?}"), "Body::Stream(200000 bytes)");
    client(&base).put_file("up.bin", upload).await.expect("200");
    let request = server.await.expect("served");
    assert!(request.head.contains("\r\ncontent-length: 200000\r\n"), "{}", request.head);
    assert_eq!((request.length, request.body), (200_000, body));
    std::fs::remove_file(&path).expect("removed");
}

#[tokio::test]
async fn a_multipart_file_part_from_a_stream_is_sent_as_read_with_the_form_length() {
    let ok = || Reply::Raw(b"HTTP/1.1 204 No Content\r\n\r\n".to_vec());
    let file = pattern(100_000);
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        file.chunks(30_000).map(|chunk| Ok(chunk.to_vec())).collect();
    let (base, server) = serve_once(ok()).await;
    // The struct's bytes are replaced by the stream.
    let body = UploadBody::new(b"unused".to_vec()).with_caption("cat");
    let stream = Body::from_stream(100_000, futures_util::stream::iter(chunks));
    client(&base).upload(&body).file_stream(stream).await.expect("204");
    let request = server.await.expect("served");
    let head = request.head.to_lowercase();
    let boundary = head
        .split("\r\ncontent-type: multipart/form-data; boundary=")
        .nth(1)
        .and_then(|rest| rest.split("\r\n").next())
        .expect("a multipart body");
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\ncontent-type: image/png\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&file);
    expected.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\ncat\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    assert!(head.contains(&format!("\r\ncontent-length: {}\r\n", expected.len())), "{head}");
    assert_eq!(request.length, u64::try_from(expected.len()).expect("small"));
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn an_operation_that_also_offers_events_streams_them_with_send_events() {
    let reply = Reply::Chunked {
        content_type: "text/event-stream",
        pieces: pieces(&["data: {\"id\":\"q1\",\"name\":\"up\"}\n\n", "data: [DONE]\n\n"]),
        close_early: false,
    };
    let (base, server) = serve_once(reply).await;
    let mut stream = client(&base).get_quote().send_events().await.expect("a stream").into_inner();
    let event = stream.next().await.expect("an event").expect("decoded");
    assert_eq!(item_event(event), expected("message", None, None, ("q1", "up")));
    assert!(stream.next().await.is_none());
    let request = server.await.expect("served");
    assert!(
        request.head.contains("\r\naccept: text/event-stream, application/json\r\n"),
        "{}",
        request.head
    );

    // `.await` still asks for and decodes the one JSON body.
    let body = r#"{"id":"q1","name":"up"}"#;
    let reply = Reply::Raw(
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes(),
    );
    let (base, server) = serve_once(reply).await;
    assert_eq!(client(&base).get_quote().await.expect("200").name, "up");
    let request = server.await.expect("served");
    assert!(request.head.contains("\r\naccept: application/json\r\n"), "{}", request.head);
}

#[test]
fn the_text_generation_document_streams_each_of_its_event_endpoints() {
    let path = tests::workspace_root().join("tests/corpus/hf-text-generation-inference.json");
    let model = generator::model_from_file(&path).unwrap_or_else(|report| panic!("{report}"));
    // `generate_stream` answers only with events; the chat, completion, sagemaker and
    // compatibility endpoints answer with JSON or, when the body asks, events.
    let expected =
        generator::emit::Streaming { events: 1, events_on_request: 4, ..Default::default() };
    assert_eq!(generator::emit::streaming(&model.api), expected);
}
