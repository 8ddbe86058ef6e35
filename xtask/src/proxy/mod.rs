//! The judging proxy: a small HTTP/1.1 server on 127.0.0.1 between a conformance test and its
//! judge (Prism, or the express-openapi-validator judge), which adds two checks to whatever
//! the judge finds:
//!
//! - the request's query names against the operation's declared parameters
//!   ([`query::Declared`]): Prism accepts undeclared ones, so a deepObject parameter sent as
//!   bare member pairs would pass it;
//! - the field names of a form body against the body's properties and `encoding`
//!   ([`form::FormFields`]): the express judge reads `name[member]` brackets whatever the
//!   document declares;
//! - the judge's answer against its response schema ([`answer::fault`]), so that a client
//!   that cannot decode an answer the document does not allow is not blamed for it.
//!
//! The test names the operation of each call in the `conformance-operation` header
//! (`GET /items`), which the proxy removes before forwarding; the proxy reports what it finds
//! in a `conformance-violations` header of the answer, in the shape of Prism's
//! `sl-violations` (`[{"location": ["request", "query"], "severity": "Error", "message":
//! "..."}]`). Each connection carries one request: the proxy answers with
//! `Connection: close`.

mod answer;
mod form;
mod http;
mod names;
mod query;

use std::io::BufReader;
use std::net::{Ipv4Addr, Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use generator::emit::{CONFORMANCE_OPERATION_HEADER, CONFORMANCE_VIOLATIONS_HEADER};
use generator::load::Node;
use serde_json::json;

use form::{FORM, FormFields};
use http::{Message, Unframed};
use query::Declared;

/// How long the proxy waits for the judge's answer: the express judge compiles its
/// validators on the first request, which takes 2.4 s for Stripe.
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(120);

/// A running proxy; dropping it stops it.
pub struct Proxy {
    port: u16,
    stop: Arc<AtomicBool>,
    accepting: Option<JoinHandle<()>>,
}

impl Proxy {
    /// Starts a proxy on a free port of 127.0.0.1 that judges requests and answers by
    /// `document` and forwards them to the judge listening at 127.0.0.1:`upstream`.
    pub fn start(document: Arc<Node>, upstream: u16) -> Result<Proxy, String> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .map_err(|e| format!("cannot bind the judging proxy to 127.0.0.1:0: {e}"))?;
        let port = listener
            .local_addr()
            .map_err(|e| format!("cannot read the judging proxy's port: {e}"))?
            .port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let accepting = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let document = Arc::clone(&document);
                std::thread::spawn(move || serve(stream, &document, upstream));
            }
        });
        Ok(Proxy { port, stop, accepting: Some(accepting) })
    }

    /// The URL the test calls instead of the judge's.
    pub fn base_url(&self) -> String {
        format!("http://{}:{}", Ipv4Addr::LOCALHOST, self.port)
    }
}

impl Drop for Proxy {
    /// Stops accepting: the flag is seen by the accept loop once a connection wakes it.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port));
        if let Some(accepting) = self.accepting.take() {
            let _ = accepting.join();
        }
    }
}

/// Reads one request from `stream`, judges and forwards it, and writes the answer back. A
/// connection that breaks is left: the test sees the broken call and reports it.
fn serve(stream: TcpStream, document: &Node, upstream: u16) {
    let Ok(reading) = stream.try_clone() else { return };
    let Ok(Some(request)) = Message::read(&mut BufReader::new(reading), Unframed::Empty) else {
        return;
    };
    let answer = judge(document, upstream, request);
    let _ = answer.write(&mut &stream);
    let _ = stream.shutdown(Shutdown::Both);
}

/// The judge's answer to `request`, with what the proxy finds added in the violations header.
fn judge(document: &Node, upstream: u16, mut request: Message) -> Message {
    let named = request.take_header(CONFORMANCE_OPERATION_HEADER);
    let operation = named.as_deref().and_then(|named| named.split_once(' '));
    let mut violations = request_violations(document, operation, &request);
    let head = request.start.starts_with("HEAD ");
    let mut answer = match forward(upstream, &request, head) {
        Ok(answer) => answer,
        Err(error) => Message {
            start: "HTTP/1.1 502 Bad Gateway".to_owned(),
            headers: vec![("Content-Type".to_owned(), "text/plain".to_owned())],
            body: format!("the judging proxy got no answer from the judge: {error}").into_bytes(),
        },
    };
    if let (Some(operation), Some(status)) = (operation, answer.status()) {
        let content_type = answer.header("content-type");
        if let Some(fault) = answer::fault(document, operation, status, content_type, &answer.body)
        {
            violations.push(violation(&["response", "body"], fault));
        }
    }
    if !violations.is_empty() {
        // The express judge reports in the same header: one list holds both, its own first.
        let reported = answer.take_header(CONFORMANCE_VIOLATIONS_HEADER);
        let mut all: Vec<serde_json::Value> =
            reported.and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default();
        all.extend(violations);
        let header = ascii_json(&serde_json::Value::Array(all));
        answer.headers.push((CONFORMANCE_VIOLATIONS_HEADER.to_owned(), header));
    }
    answer
}

/// What is wrong with `request` to `operation` (method and path template, as the test names
/// it): query names the operation does not declare, and form fields its body does not take
/// as sent.
fn request_violations(
    document: &Node,
    operation: Option<(&str, &str)>,
    request: &Message,
) -> Vec<serde_json::Value> {
    let Some((method, path)) = operation else {
        let message =
            format!("the request names no operation in a `{CONFORMANCE_OPERATION_HEADER}` header");
        return vec![violation(&["request"], message)];
    };
    let Some(declared) = Declared::of(document, path, method) else {
        let message = format!("the test names {method} {path}, which the document does not have");
        return vec![violation(&["request"], message)];
    };
    let target = request.start.split(' ').nth(1).unwrap_or_default();
    let query = target.split_once('?').map(|(_, query)| query).unwrap_or_default();
    let mut violations: Vec<serde_json::Value> = declared
        .undeclared(query)
        .into_iter()
        .map(|message| violation(&["request", "query"], message))
        .collect();
    let form = request.header("content-type").is_some_and(|media_type| {
        media_type
            .split(';')
            .next()
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(FORM))
    });
    if let Some(fields) = FormFields::of(document, path, method).filter(|_| form) {
        let body = String::from_utf8_lossy(&request.body);
        violations.extend(
            fields.unfit(&body).into_iter().map(|message| violation(&["request", "body"], message)),
        );
    }
    violations
}

/// One violation at `location`, in the shape of Prism's `sl-violations` entries.
fn violation(location: &[&str], message: String) -> serde_json::Value {
    json!({"location": location, "severity": "Error", "message": message})
}

/// Sends `request` to the judge at 127.0.0.1:`upstream` and reads its whole answer.
fn forward(upstream: u16, request: &Message, head: bool) -> std::io::Result<Message> {
    let stream = TcpStream::connect((Ipv4Addr::LOCALHOST, upstream))?;
    stream.set_read_timeout(Some(UPSTREAM_TIMEOUT))?;
    request.write(&mut &stream)?;
    let unframed = if head { Unframed::NoBody } else { Unframed::ToEnd };
    Message::read(&mut BufReader::new(&stream), unframed)?.ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the judge closed without answering")
    })
}

/// `value` as JSON text with every character outside ASCII escaped (`\u00e9`), so that it is
/// a valid header value.
fn ascii_json(value: &serde_json::Value) -> String {
    let mut text = String::new();
    for character in value.to_string().chars() {
        if character.is_ascii() {
            text.push(character);
        } else {
            let mut units = [0u16; 2];
            for unit in character.encode_utf16(&mut units) {
                text.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read as _, Write as _};

    const DOCUMENT: &str = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/items": {"get": {
            "parameters": [{"name": "filter", "in": "query", "style": "deepObject",
                "schema": {"type": "object", "properties": {"status": {"type": "string"}}}}],
            "responses": {"200": {"description": "ok", "content": {"application/json":
                {"schema": {"type": "object", "required": ["id"]}}}}}}}}}"##;

    /// A judge that answers every request with `answer` and hands back the request it got.
    fn judge_once(answer: &'static str) -> (u16, JoinHandle<String>) {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a port");
        let port = listener.local_addr().expect("a bound port").port();
        let judged = std::thread::spawn(move || {
            let (stream, _) = listener.accept().expect("a connection");
            let request = Message::read(&mut BufReader::new(&stream), Unframed::Empty)
                .expect("a request")
                .expect("not the end");
            (&stream).write_all(answer.as_bytes()).expect("answer");
            let names: String =
                request.headers.iter().map(|(name, _)| format!(" {name}")).collect();
            format!("{}{names}", request.start)
        });
        (port, judged)
    }

    fn call(proxy: &Proxy, request: &str) -> String {
        let authority = proxy.base_url().replace("http://", "");
        let mut stream = TcpStream::connect(authority).expect("connect to the proxy");
        stream.write_all(request.as_bytes()).expect("send");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("read the answer");
        answer
    }

    fn document() -> Arc<Node> {
        let loaded = generator::load::load_str(std::path::Path::new("t.json"), DOCUMENT.into())
            .expect("the test document loads");
        Arc::new(loaded.document.root)
    }

    #[test]
    fn bare_deep_object_members_and_an_answer_its_schema_rejects_are_reported() {
        let (port, judged) = judge_once(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
        );
        let proxy = Proxy::start(document(), port).expect("start the proxy");
        let answer = call(
            &proxy,
            "GET /items?status=open HTTP/1.1\r\nHost: x\r\nConformance-Operation: GET /items\r\n\r\n",
        );
        assert_eq!(
            judged.join().expect("the judge thread"),
            "GET /items?status=open HTTP/1.1 Host Content-Length Connection"
        );
        assert_eq!(
            answer,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nconformance-violations: [{\"location\":[\"request\",\"query\"],\"message\":\"query parameter `status` is not declared by GET /items\",\"severity\":\"Error\"},{\"location\":[\"response\",\"body\"],\"message\":\"the mock answered with a body its schema rejects\",\"severity\":\"Error\"}]\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
        );
    }

    #[test]
    fn a_request_the_operation_declares_passes_untouched() {
        let (port, judged) = judge_once(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n{\"id\":1}",
        );
        let proxy = Proxy::start(document(), port).expect("start the proxy");
        let answer = call(
            &proxy,
            "GET /items?filter%5Bstatus%5D=open HTTP/1.1\r\nConformance-Operation: GET /items\r\n\r\n",
        );
        assert_eq!(
            judged.join().expect("the judge thread"),
            "GET /items?filter%5Bstatus%5D=open HTTP/1.1 Content-Length Connection"
        );
        assert_eq!(
            answer,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\nConnection: close\r\n\r\n{\"id\":1}"
        );
    }

    #[test]
    fn non_ascii_is_escaped_in_the_header() {
        assert_eq!(ascii_json(&json!(["é𝄞"])), r#"["\u00e9\ud834\udd1e"]"#);
    }
}
