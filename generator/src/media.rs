//! Media types: what kind of body each names, and which of a body's media types the client
//! sends or decodes. The emitters and the conformance cases both choose with these, so a
//! test argument is always made for the body the client actually sends.

/// The kind of body a media type names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaKind {
    /// `application/json` and `+json` types.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/*`.
    Multipart,
    /// `text/*` and `application/xml`.
    Text,
    /// Anything else, sent and read as bytes.
    Bytes,
}

/// The order in which a request body's media types are preferred.
pub(crate) const REQUEST_PREFERENCE: [MediaKind; 5] =
    [MediaKind::Json, MediaKind::Form, MediaKind::Multipart, MediaKind::Bytes, MediaKind::Text];

/// The order in which a response body's media types are preferred; any other comes after,
/// in document order, and is read as bytes.
pub(crate) const RESPONSE_PREFERENCE: [MediaKind; 2] = [MediaKind::Json, MediaKind::Text];

/// The kind of body `media_type` names (parameters such as `; charset=utf-8` ignored).
pub(crate) fn media_kind(media_type: &str) -> MediaKind {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if essence.starts_with("multipart/") {
        MediaKind::Multipart
    } else if essence.starts_with("text/") || essence == "application/xml" {
        MediaKind::Text
    } else {
        MediaKind::Bytes
    }
}

/// Whether `media_type` is `text/event-stream`, server-sent events, whose responses the
/// client reads as a stream of events rather than as one text.
pub(crate) fn is_event_stream(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("text/event-stream")
}

/// The entry of `contents` whose media type (given by `media_type`) comes first in
/// `preference`, else the first entry.
pub(crate) fn preferred<'c, C>(
    contents: &'c [C],
    media_type: impl Fn(&C) -> &str,
    preference: &[MediaKind],
) -> Option<&'c C> {
    preference
        .iter()
        .find_map(|kind| contents.iter().find(|content| media_kind(media_type(content)) == *kind))
        .or_else(|| contents.first())
}
