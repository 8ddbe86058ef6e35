//! `Body`: a binary request body, either bytes in memory (sent again when a call is retried)
//! or a stream or file of known length, sent once as it is read, so that uploading a file
//! far larger than memory keeps memory flat.

use std::fmt;

use bytes::Bytes;

/// A binary request body (`application/octet-stream`, images...): bytes in memory, a stream
/// of chunks, or a file. Operations that send one take `impl Into<Body>`, so a `Vec<u8>`
/// is passed as before.
///
/// Bytes in memory are sent again when the call is retried; a stream or a file is read once,
/// as it is sent, so a call with one is not retried.
pub struct Body {
    pub(super) inner: Inner,
}

pub(super) enum Inner {
    Bytes(Bytes),
    Stream { body: reqwest::Body, length: Option<u64> },
}

impl Body {
    /// A body read from `stream` as it is sent, `length` bytes long in all: sent with that
    /// `Content-Length`, so servers that refuse chunked uploads take it.
    pub fn from_stream<S, B, E>(length: u64, stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<B, E>> + Send + 'static,
        Bytes: From<B>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Body { inner: Inner::Stream { body: wrap(stream), length: Some(length) } }
    }

    /// A body read from `stream` as it is sent, of a length not known in advance: sent with
    /// chunked transfer encoding.
    pub fn from_unsized_stream<S, B, E>(stream: S) -> Self
    where
        S: futures_core::Stream<Item = Result<B, E>> + Send + 'static,
        Bytes: From<B>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Body { inner: Inner::Stream { body: wrap(stream), length: None } }
    }

    /// The contents of `file` from its current position to its end, read as they are sent,
    /// with the file's length as `Content-Length`.
    ///
    /// # Errors
    ///
    /// When the file's metadata (its length) cannot be read.
    pub async fn from_file(file: tokio::fs::File) -> std::io::Result<Self> {
        use tokio::io::AsyncSeekExt as _;
        let mut file = file;
        let length = file.metadata().await?.len();
        let position = file.stream_position().await?;
        let body = reqwest::Body::from(file);
        Ok(Body { inner: Inner::Stream { body, length: Some(length.saturating_sub(position)) } })
    }

    /// The body's length, when known.
    pub fn length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(bytes) => u64::try_from(bytes.len()).ok(),
            Inner::Stream { length, .. } => *length,
        }
    }
}

/// `stream` as the HTTP client's body type.
fn wrap<S, B, E>(stream: S) -> reqwest::Body
where
    S: futures_core::Stream<Item = Result<B, E>> + Send + 'static,
    Bytes: From<B>,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    reqwest::Body::wrap_stream(stream)
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body { inner: Inner::Bytes(Bytes::from(bytes)) }
    }
}

impl From<&'static [u8]> for Body {
    fn from(bytes: &'static [u8]) -> Self {
        Body { inner: Inner::Bytes(Bytes::from_static(bytes)) }
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Self {
        Body { inner: Inner::Bytes(bytes) }
    }
}

/// Shows the kind and length, never the contents, which may be large.
impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Bytes(bytes) => write!(f, "Body::Bytes({} bytes)", bytes.len()),
            Inner::Stream { length: Some(length), .. } => {
                write!(f, "Body::Stream({length} bytes)")
            }
            Inner::Stream { length: None, .. } => f.write_str("Body::Stream(length unknown)"),
        }
    }
}
