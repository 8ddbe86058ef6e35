//! Responses read as they arrive: `StreamedResponse`, a response whose head has come and
//! whose body has not been read, `ByteStream`, its body as chunks with an idle timeout per
//! chunk, and `StreamError`, why a stream ended early.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::client::SendError;
use super::response::RawResponse;

/// Why a streamed body ended before its end.
#[derive(Debug)]
#[non_exhaustive]
pub enum StreamError {
    /// The connection failed or closed before the body's end (a `Content-Length` or a
    /// chunked body not finished).
    Transport(reqwest::Error),
    /// No chunk arrived for this long: the call's timeout (60 s unless set), applied to each
    /// chunk rather than to the whole body, so a long stream is not cut while data flows.
    Idle(Duration),
    /// One server-sent event (its lines so far) grew past the call's response size limit
    /// ([`RequestOptions::max_response_size`](super::RequestOptions::max_response_size),
    /// 64 MiB unless set).
    EventTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// An event's `data` does not decode as the document describes it; the stream goes on
    /// with the next event.
    Decode {
        /// The event's `data`.
        data: String,
        /// Why it does not decode.
        reason: String,
    },
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Transport(error) => write!(f, "the stream broke off: {error}"),
            StreamError::Idle(after) => {
                write!(f, "the stream stalled: nothing received for {} ms", after.as_millis())
            }
            StreamError::EventTooLarge { limit } => write!(
                f,
                "an event is larger than the limit of {limit} bytes \
                 (`RequestOptions::max_response_size`)"
            ),
            StreamError::Decode { data, reason } => {
                write!(f, "an event's data does not decode ({reason}): {data}")
            }
        }
    }
}

impl std::error::Error for StreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StreamError::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// A response body as chunks of bytes, in the order they arrive, never held whole: memory
/// stays flat however large the body. Each chunk must arrive within the call's timeout of
/// the one before ([`StreamError::Idle`]); the body has no size limit. Read it with
/// `StreamExt::next` (re-exported by the runtime).
pub struct ByteStream {
    chunks: Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>,
    idle: Duration,
    timer: Pin<Box<tokio::time::Sleep>>,
    finished: bool,
}

impl ByteStream {
    fn new(response: reqwest::Response, idle: Duration) -> Self {
        ByteStream {
            chunks: Box::pin(response.bytes_stream()),
            idle,
            timer: Box::pin(tokio::time::sleep(idle)),
            finished: false,
        }
    }
}

/// Why no chunk came: what [`StreamError`] says of a body in bytes.
enum Stall {
    Transport(reqwest::Error),
    Idle(Duration),
}

impl ByteStream {
    /// The next chunk, `None` at the body's end; after an error, `None` too.
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, Stall>>> {
        if self.finished {
            return Poll::Ready(None);
        }
        match self.chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                let deadline = tokio::time::Instant::now() + self.idle;
                self.timer.as_mut().reset(deadline);
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(error))) => {
                self.finished = true;
                Poll::Ready(Some(Err(Stall::Transport(error))))
            }
            Poll::Ready(None) => {
                self.finished = true;
                Poll::Ready(None)
            }
            Poll::Pending => match self.timer.as_mut().poll(cx) {
                Poll::Ready(()) => {
                    self.finished = true;
                    Poll::Ready(Some(Err(Stall::Idle(self.idle))))
                }
                Poll::Pending => Poll::Pending,
            },
        }
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.poll_chunk(cx).map(|chunk| {
            chunk.map(|chunk| {
                chunk.map_err(|stall| match stall {
                    Stall::Transport(error) => StreamError::Transport(error),
                    Stall::Idle(after) => StreamError::Idle(after),
                })
            })
        })
    }
}

/// Shows the idle timeout; the chunks are not known until read.
impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("idle", &self.idle)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// A response whose head has arrived and whose body is still to be read: as a stream for
/// the status the operation streams, read whole (within the size limit) for the others.
#[derive(Debug)]
pub struct StreamedResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    body: ByteStream,
    limit: u64,
}

impl StreamedResponse {
    /// `response`, whose body is read with `idle` as the timeout of each chunk, and read
    /// whole up to `limit` bytes.
    pub(super) fn new(mut response: reqwest::Response, idle: Duration, limit: u64) -> Self {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        StreamedResponse { status, headers, body: ByteStream::new(response, idle), limit }
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response with its body read whole, to decode as a buffered call does: an error
    /// status's body, or one the operation does not stream.
    pub async fn read(self) -> Result<RawResponse, SendError> {
        let StreamedResponse { status, headers, body: mut chunks, limit } = self;
        let declared = headers
            .get(reqwest::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok()?.parse::<u64>().ok())
            .unwrap_or(0);
        if declared > limit {
            return Err(SendError::ResponseTooLarge { status, limit });
        }
        let mut body = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
        while let Some(chunk) = std::future::poll_fn(|cx| chunks.poll_chunk(cx)).await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(Stall::Idle(after)) => return Err(SendError::HeadTimeout(after)),
                Err(Stall::Transport(error)) => return Err(SendError::Transport(error)),
            };
            if u64::try_from(body.len() + chunk.len()).map_or(true, |length| length > limit) {
                return Err(SendError::ResponseTooLarge { status, limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse { status, headers, body })
    }

    /// A success whose body the caller reads as a stream of bytes.
    #[cfg(feature = "bytes-stream")]
    pub fn bytes_stream<E>(
        self,
    ) -> Result<super::response::Response<ByteStream>, super::error::Error<E>> {
        Ok(super::response::Response::streamed(self.status, self.headers, self.body))
    }

    /// A success whose body is server-sent events with JSON `data` of type `T`; an event
    /// whose data is `[DONE]`, which is never JSON, ends the stream.
    #[cfg(feature = "events")]
    pub fn events<T: serde::de::DeserializeOwned, E>(
        self,
    ) -> Result<super::response::Response<super::events::EventStream<T>>, super::error::Error<E>>
    {
        let decode =
            |_: &str, data: &str| serde_json::from_str(data).map_err(|error| error.to_string());
        let events = super::events::EventStream::new(self.body, self.limit, decode, true);
        Ok(super::response::Response::streamed(self.status, self.headers, events))
    }

    /// A success whose body is server-sent events whose type says what their data is: the
    /// variants of the operation's enum `T` of them. `[DONE]` ends the stream, as for
    /// [`StreamedResponse::events`].
    #[cfg(feature = "keyed-events")]
    pub fn keyed_events<T: super::events::KeyedEvent, E>(
        self,
    ) -> Result<super::response::Response<super::events::EventStream<T>>, super::error::Error<E>>
    {
        let events = super::events::EventStream::new(self.body, self.limit, T::decode, true);
        Ok(super::response::Response::streamed(self.status, self.headers, events))
    }

    /// A success whose body is server-sent events with text `data`.
    #[cfg(feature = "text-events")]
    pub fn text_events<E>(
        self,
    ) -> Result<super::response::Response<super::events::EventStream<String>>, super::error::Error<E>>
    {
        let decode = |_: &str, data: &str| Ok(data.to_owned());
        let events = super::events::EventStream::new(self.body, self.limit, decode, false);
        Ok(super::response::Response::streamed(self.status, self.headers, events))
    }
}
