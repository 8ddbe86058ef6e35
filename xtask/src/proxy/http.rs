//! Just enough HTTP/1.1 for the judging proxy: one message read from a stream (the head,
//! then a body by `Content-Length`, by chunks, or up to the end of the stream), and written
//! back whole with a `Content-Length` and `Connection: close`.

use std::io::{self, BufRead, Read as _, Write};

/// The most a head or a body may hold; more is an error rather than memory exhausted.
const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// One HTTP/1.1 request or response.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The start line without its line end: `GET /path?query HTTP/1.1` or `HTTP/1.1 200 OK`.
    pub start: String,
    /// The headers in the order they came, names as they were written.
    pub headers: Vec<(String, String)>,
    /// The body, decoded from its chunks when it came in chunks.
    pub body: Vec<u8>,
}

/// How the end of a message's body is found when it has neither `Content-Length` nor chunks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unframed {
    /// A request: such a body is empty.
    Empty,
    /// A response: its body runs to the end of the stream, unless its status has no body
    /// (1xx, 204, 304).
    ToEnd,
    /// A response to `HEAD`: no body, whatever its headers say.
    NoBody,
}

impl Message {
    /// Reads one message from `stream`; `None` when the stream ends before a start line.
    pub fn read(stream: &mut impl BufRead, unframed: Unframed) -> io::Result<Option<Message>> {
        let mut start = String::new();
        if stream.read_line(&mut start)? == 0 {
            return Ok(None);
        }
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            if stream.read_line(&mut line)? == 0 {
                return Err(invalid("the stream ended inside the head"));
            }
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            let (name, value) =
                line.split_once(':').ok_or_else(|| invalid("a header line without a colon"))?;
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        let mut message = Message {
            start: start.trim_end_matches(['\r', '\n']).to_owned(),
            headers,
            body: Vec::new(),
        };
        let chunked = message
            .header("transfer-encoding")
            .is_some_and(|coding| coding.to_ascii_lowercase().contains("chunked"));
        let length = message.header("content-length").map(str::parse::<u64>).transpose();
        let length = length.map_err(|_| invalid("a Content-Length that is not a number"))?;
        let bodiless = matches!(message.status(), Some(100..=199 | 204 | 304));
        let unframed =
            if unframed == Unframed::ToEnd && bodiless { Unframed::NoBody } else { unframed };
        message.body = match (unframed, chunked, length) {
            (Unframed::NoBody, _, _) => Vec::new(),
            (_, true, _) => read_chunks(stream)?,
            (_, false, Some(length)) => read_exactly(stream, length)?,
            (Unframed::Empty, false, None) => Vec::new(),
            (Unframed::ToEnd, false, None) => {
                let mut body = Vec::new();
                stream.take(MAX_BYTES).read_to_end(&mut body)?;
                body
            }
        };
        Ok(Some(message))
    }

    /// The value of the first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Removes every header named `name` (any case) and returns the first one's value.
    pub fn take_header(&mut self, name: &str) -> Option<String> {
        let value = self.header(name).map(str::to_owned);
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        value
    }

    /// The status code of a response's start line.
    pub fn status(&self) -> Option<u16> {
        self.start.split(' ').nth(1)?.parse().ok()
    }

    /// Writes the message with its body framed by `Content-Length` and `Connection: close`,
    /// in place of the framing it came with.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let framing = ["content-length", "transfer-encoding", "connection", "keep-alive"];
        let mut head = format!("{}\r\n", self.start);
        for (name, value) in &self.headers {
            if !framing.iter().any(|framed| name.eq_ignore_ascii_case(framed)) {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
        }
        head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", self.body.len()));
        out.write_all(head.as_bytes())?;
        out.write_all(&self.body)?;
        out.flush()
    }
}

/// `length` bytes of `stream`.
fn read_exactly(stream: &mut impl BufRead, length: u64) -> io::Result<Vec<u8>> {
    if length > MAX_BYTES {
        return Err(invalid("a body larger than 256 MiB"));
    }
    let mut body = Vec::new();
    stream.take(length).read_to_end(&mut body)?;
    if body.len() as u64 == length {
        Ok(body)
    } else {
        Err(invalid("the stream ended inside the body"))
    }
}

/// A chunked body, decoded; trailers are read and dropped.
fn read_chunks(stream: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        stream.read_line(&mut size_line)?;
        let size = size_line.trim().split(';').next().unwrap_or_default();
        let size =
            u64::from_str_radix(size, 16).map_err(|_| invalid("a chunk size that is not hex"))?;
        if size == 0 {
            break;
        }
        if body.len() as u64 + size > MAX_BYTES {
            return Err(invalid("a body larger than 256 MiB"));
        }
        body.extend(read_exactly(stream, size)?);
        let mut end = String::new();
        stream.read_line(&mut end)?;
    }
    loop {
        let mut trailer = String::new();
        if stream.read_line(&mut trailer)? == 0 || trailer.trim().is_empty() {
            return Ok(body);
        }
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, unframed: Unframed) -> Message {
        Message::read(&mut text.as_bytes(), unframed)
            .expect("a valid message")
            .expect("a message, not the end")
    }

    #[test]
    fn a_request_body_is_read_by_its_length() {
        let message = read(
            "POST /items?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello, and more",
            Unframed::Empty,
        );
        assert_eq!(message.start, "POST /items?a=1 HTTP/1.1");
        assert_eq!(message.header("host"), Some("x"));
        assert_eq!(message.body, b"hello");
    }

    #[test]
    fn chunks_are_decoded_and_written_back_with_a_length() {
        let message = read(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n",
            Unframed::ToEnd,
        );
        assert_eq!(message.status(), Some(200));
        assert_eq!(message.body, b"abcde");
        let mut written = Vec::new();
        message.write(&mut written).expect("write to memory");
        assert_eq!(
            String::from_utf8_lossy(&written),
            "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde"
        );
    }

    #[test]
    fn an_unframed_response_runs_to_the_end_but_a_head_answer_has_no_body() {
        let text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it";
        assert_eq!(read(text, Unframed::ToEnd).body, b"all of it");
        let head = "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n";
        assert_eq!(read(head, Unframed::NoBody).body, b"");
        assert_eq!(read("GET / HTTP/1.1\r\n\r\n", Unframed::Empty).body, b"");
    }

    #[test]
    fn a_taken_header_is_gone_in_every_case() {
        let mut message = read(
            "GET / HTTP/1.1\r\nConformance-Operation: GET /\r\nconformance-operation: x\r\n\r\n",
            Unframed::Empty,
        );
        assert_eq!(message.take_header("conformance-operation").as_deref(), Some("GET /"));
        assert!(message.headers.is_empty());
    }

    #[test]
    fn a_truncated_body_is_an_error() {
        let text = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort";
        assert!(Message::read(&mut text.as_bytes(), Unframed::ToEnd).is_err());
    }
}
