//! Server-sent events (`text/event-stream`): `Parser`, the wire format as the WHATWG HTML
//! standard's "event stream interpretation" reads it, and `EventStream`, a response's events
//! decoded as they arrive.

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;

use super::stream::{ByteStream, StreamError};

/// One server-sent event with its `data` decoded.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event's type: its `event` field, `message` when it has none.
    pub event: String,
    /// Its `id` field, when it has one; [`EventStream::last_event_id`] keeps the last one
    /// seen, as `Last-Event-ID` wants it for resuming.
    pub id: Option<String>,
    /// Its `retry` field (the reconnection time the server asks for), when it has one.
    pub retry: Option<Duration>,
    /// Its `data` lines, joined with line feeds, decoded as the document describes them.
    pub data: T,
}

/// An event as the parser dispatches it, before its data is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawEvent {
    pub(super) event: String,
    pub(super) id: Option<String>,
    pub(super) retry: Option<Duration>,
    pub(super) data: String,
}

/// The event stream interpretation of the WHATWG HTML standard, fed chunks as they arrive,
/// split anywhere: lines end with CRLF, LF or CR (a CR at the end of one chunk and an LF at
/// the start of the next are one line end), a leading byte order mark is skipped, invalid
/// UTF-8 is replaced, and an event is dispatched at a blank line.
#[derive(Debug)]
pub(super) struct Parser {
    /// The bytes of the line not yet ended.
    line: Vec<u8>,
    /// The last chunk ended with CR: an LF starting the next one ends no line.
    after_cr: bool,
    /// No line has ended yet: the first one may start with a byte order mark.
    first_line: bool,
    data: String,
    event: String,
    id: Option<String>,
    retry: Option<Duration>,
    last_event_id: Option<String>,
    reconnection_time: Option<Duration>,
    /// The most bytes one event may hold while it is read.
    limit: u64,
}

impl Parser {
    pub(super) fn new(limit: u64) -> Self {
        Parser {
            line: Vec::new(),
            after_cr: false,
            first_line: true,
            data: String::new(),
            event: String::new(),
            id: None,
            retry: None,
            last_event_id: None,
            reconnection_time: None,
            limit,
        }
    }

    /// Reads `chunk`, adding the events it completes to `events`.
    pub(super) fn feed(
        &mut self,
        chunk: &[u8],
        events: &mut VecDeque<RawEvent>,
    ) -> Result<(), StreamError> {
        let mut rest = chunk;
        if self.after_cr {
            self.after_cr = false;
            if let Some(after) = rest.strip_prefix(b"\n") {
                rest = after;
            }
        }
        while let Some(end) = rest.iter().position(|&byte| byte == b'\n' || byte == b'\r') {
            self.line.extend_from_slice(&rest[..end]);
            let line = std::mem::take(&mut self.line);
            self.line_ended(&line, events);
            match rest.get(end..) {
                Some([b'\r', b'\n', after @ ..]) => rest = after,
                Some([b'\r']) => {
                    self.after_cr = true;
                    rest = &[];
                }
                _ => rest = &rest[end + 1..],
            }
        }
        self.line.extend_from_slice(rest);
        let held = self.line.len() + self.data.len() + self.event.len();
        if u64::try_from(held).map_or(true, |held| held > self.limit) {
            return Err(StreamError::EventTooLarge { limit: self.limit });
        }
        Ok(())
    }

    /// The last `id` the stream set, which a new request sends as `Last-Event-ID`.
    pub(super) fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// The last reconnection time the stream asked for with `retry`.
    pub(super) fn reconnection_time(&self) -> Option<Duration> {
        self.reconnection_time
    }

    fn line_ended(&mut self, line: &[u8], events: &mut VecDeque<RawEvent>) {
        let line = if std::mem::replace(&mut self.first_line, false) {
            line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line)
        } else {
            line
        };
        if line.is_empty() {
            self.dispatch(events);
            return;
        }
        let line = String::from_utf8_lossy(line);
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            // An id with a NUL is ignored, so that it can always be sent back in a header.
            "id" if !value.contains('\0') => {
                self.last_event_id = Some(value.to_owned()).filter(|id| !id.is_empty());
                self.id = Some(value.to_owned());
            }
            "retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                let time = value.parse().map_or(Duration::MAX, Duration::from_millis);
                self.reconnection_time = Some(time);
                self.retry = Some(time);
            }
            _ => {}
        }
    }

    /// A blank line: the event read so far, unless it has no data.
    fn dispatch(&mut self, events: &mut VecDeque<RawEvent>) {
        let event = std::mem::take(&mut self.event);
        let id = self.id.take();
        let retry = self.retry.take();
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        let event = if event.is_empty() { "message".to_owned() } else { event };
        events.push_back(RawEvent { event, id, retry, data });
    }
}

/// The events of a `text/event-stream` response, each decoded as it arrives; the stream
/// ends when the server closes the connection (an event not finished by a blank line is
/// dropped, as browsers drop it), or, for JSON data, at an event whose data is `[DONE]`,
/// which streaming APIs send last. Read it with `while let Some(event) =
/// stream.next().await` (`StreamExt` is re-exported by the runtime).
pub struct EventStream<T> {
    bytes: ByteStream,
    parser: Parser,
    ready: VecDeque<RawEvent>,
    /// Decodes an event's data, given its type and data.
    decode: fn(&str, &str) -> Result<T, String>,
    /// Whether `[DONE]` ends the stream.
    sentinel: bool,
    finished: bool,
    value: PhantomData<fn() -> T>,
}

impl<T> EventStream<T> {
    /// The events of `bytes`, each at most `limit` bytes while read, their data decoded by
    /// `decode` (given each event's type and data); `sentinel`: an event whose data is
    /// `[DONE]` ends the stream.
    pub(super) fn new(
        bytes: ByteStream,
        limit: u64,
        decode: fn(&str, &str) -> Result<T, String>,
        sentinel: bool,
    ) -> Self {
        EventStream {
            bytes,
            parser: Parser::new(limit),
            ready: VecDeque::new(),
            decode,
            sentinel,
            finished: false,
            value: PhantomData,
        }
    }

    /// The last event id the server set (its last non-empty `id` field so far): send it as
    /// `Last-Event-ID` to resume after it, with
    /// [`RequestOptions::last_event_id`](super::RequestOptions::last_event_id).
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_event_id()
    }

    /// The last reconnection time the server asked for with a `retry` field.
    pub fn retry(&self) -> Option<Duration> {
        self.parser.reconnection_time()
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if self.finished {
                return Poll::Ready(None);
            }
            if let Some(raw) = self.ready.pop_front() {
                if self.sentinel && raw.data == "[DONE]" {
                    self.finished = true;
                    return Poll::Ready(None);
                }
                let RawEvent { event, id, retry, data } = raw;
                let decoded = match (self.decode)(&event, &data) {
                    Ok(data) => Ok(Event { event, id, retry, data }),
                    Err(reason) => Err(StreamError::Decode { data, reason }),
                };
                return Poll::Ready(Some(decoded));
            }
            let this = &mut *self;
            match Pin::new(&mut this.bytes).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    if let Err(error) = this.parser.feed(&chunk, &mut this.ready) {
                        this.finished = true;
                        return Poll::Ready(Some(Err(error)));
                    }
                }
                Poll::Ready(Some(Err(error))) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(error)));
                }
                Poll::Ready(None) => {
                    this.finished = true;
                    return Poll::Ready(None);
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// An operation's enum of server-sent events whose type (their `event` field) says what
/// their data is, as OpenAPI 3.2's `itemSchema` describes them.
#[cfg(feature = "keyed-events")]
pub trait KeyedEvent: Sized {
    /// The data of an event of type `event`, or why it does not decode.
    fn decode(event: &str, data: &str) -> Result<Self, String>;
}

/// The data of an event as JSON of type `T`, for the variants of a [`KeyedEvent`].
#[cfg(feature = "keyed-events")]
pub fn json_data<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, String> {
    serde_json::from_str(data).map_err(|error| error.to_string())
}

/// Shows where the stream is; the events are not known until read.
impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("last_event_id", &self.parser.last_event_id())
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}
