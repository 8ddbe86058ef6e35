//! Auto-pagination: the stream of a list operation's pages, each request built from the
//! caller's call with only the cursor, offset, page number or URL of the next page changed,
//! and sent through the client like any call (options, credentials, retries).

use std::future::Future;
use std::pin::Pin;

use futures_util::stream::{self, Stream, StreamExt};
use reqwest::Url;
use reqwest::header::{HeaderMap, LINK};
use serde_json::Value;

use super::client::same_origin;
use super::error::Error;
use super::request::Request;
use super::response::Response;
use super::style;

/// The pages of a list, as `.pages()` on an operation's call gives them: each page's response,
/// in order, until the last; an error ends the stream after it is given.
pub type Pages<'a, T, E> = Pin<Box<dyn Stream<Item = Result<Response<T>, Error<E>>> + Send + 'a>>;

/// The items of every page of a list, as `.items()` on an operation's call gives them; an
/// error ends the stream after it is given.
pub type Items<'a, T, E> = Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'a>>;

/// How the pages of one operation follow one another: the scheme, and the members of the body
/// and the caller's settings it reads. Member and parameter names are as on the wire.
#[derive(Debug, Clone)]
pub struct Paging {
    scheme: Scheme,
    /// The body's member holding the items; `None`: the body is the list.
    items: Option<&'static str>,
    /// The body's boolean member that is `false` on the last page.
    has_more: Option<&'static str>,
    /// The offset or page number the caller's own request asks for.
    start: Option<i64>,
    /// The page size the caller asked for: a shorter page of an offset or page-number list
    /// is its last.
    size: Option<i64>,
}

#[derive(Debug, Clone)]
enum Scheme {
    ItemCursor { parameter: &'static str, id: &'static str },
    BodyCursor { parameter: &'static str, field: &'static str },
    NextUrl { field: &'static str },
    LinkHeader,
    Offset { parameter: &'static str },
    PageNumber { parameter: &'static str, first: i64 },
}

impl Paging {
    fn new(scheme: Scheme) -> Self {
        Paging { scheme, items: None, has_more: None, start: None, size: None }
    }

    /// The query parameter `parameter` takes the member `id` of the last item.
    pub fn item_cursor(parameter: &'static str, id: &'static str) -> Self {
        Paging::new(Scheme::ItemCursor { parameter, id })
    }

    /// The query parameter `parameter` takes the body's member `field`.
    pub fn body_cursor(parameter: &'static str, field: &'static str) -> Self {
        Paging::new(Scheme::BodyCursor { parameter, field })
    }

    /// The body's member `field` is the next page's URL.
    pub fn next_url(field: &'static str) -> Self {
        Paging::new(Scheme::NextUrl { field })
    }

    /// The `Link` header's `rel="next"` is the next page's URL.
    pub fn link_header() -> Self {
        Paging::new(Scheme::LinkHeader)
    }

    /// The query parameter `parameter` is the offset of the page's first item.
    pub fn offset(parameter: &'static str) -> Self {
        Paging::new(Scheme::Offset { parameter })
    }

    /// The query parameter `parameter` is the page number, the first page being `first`.
    pub fn page_number(parameter: &'static str, first: i64) -> Self {
        Paging::new(Scheme::PageNumber { parameter, first })
    }

    /// The items are the body's member `member`.
    pub fn items(mut self, member: &'static str) -> Self {
        self.items = Some(member);
        self
    }

    /// The body's boolean member `member` is `false` on the last page.
    pub fn has_more(mut self, member: &'static str) -> Self {
        self.has_more = Some(member);
        self
    }

    /// The offset or page number the caller's request asks for, if set.
    pub fn start<N: TryInto<i64>>(mut self, value: Option<N>) -> Self {
        self.start = value.and_then(|value| value.try_into().ok());
        self
    }

    /// The page size the caller asked for, if set.
    pub fn size<N: TryInto<i64>>(mut self, value: Option<N>) -> Self {
        self.size = value.and_then(|value| value.try_into().ok());
        self
    }

    /// The request after `page`, which answered `asked`: `None` at the end of the list.
    fn after<T>(&self, asked: &PageRequest, page: &Response<T>) -> Option<PageRequest> {
        let body: Value = serde_json::from_slice(page.raw_body()).unwrap_or(Value::Null);
        let member = |name: &str| body.get(name);
        if self.has_more.and_then(member) == Some(&Value::Bool(false)) {
            return None;
        }
        let list = match self.items {
            Some(name) => member(name),
            None => Some(&body),
        };
        let list = list.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        let count = i64::try_from(list.len()).ok()?;
        let short = count == 0 || self.size.is_some_and(|size| count < size);
        let next = match self.scheme {
            Scheme::ItemCursor { parameter, id } => {
                let value = text(list.last()?.get(id)?)?;
                PageRequest { next: Some(Next::Query { parameter, value }), position: None }
            }
            Scheme::BodyCursor { parameter, field } => {
                let value = text(member(field)?)?;
                PageRequest { next: Some(Next::Query { parameter, value }), position: None }
            }
            Scheme::NextUrl { field } => {
                let url = member(field)?.as_str().filter(|url| !url.is_empty())?;
                PageRequest { next: Some(Next::Url(url.to_owned())), position: None }
            }
            Scheme::LinkHeader => {
                let url = next_link(page.headers())?;
                PageRequest { next: Some(Next::Url(url)), position: None }
            }
            Scheme::Offset { parameter } if !short => {
                let at = asked.position.or(self.start).unwrap_or(0).checked_add(count)?;
                let value = at.to_string();
                PageRequest { next: Some(Next::Query { parameter, value }), position: Some(at) }
            }
            Scheme::PageNumber { parameter, first } if !short => {
                let at = asked.position.or(self.start).unwrap_or(first).checked_add(1)?;
                let value = at.to_string();
                PageRequest { next: Some(Next::Query { parameter, value }), position: Some(at) }
            }
            Scheme::Offset { .. } | Scheme::PageNumber { .. } => return None,
        };
        // A server that gives the same cursor or URL again would be asked forever.
        (next.next != asked.next).then_some(next)
    }
}

/// A member's value as a query parameter's: a string as it is, a number in decimal; `None`
/// for anything else, or an empty string, which ends the list.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Which page a request asks for: the caller's own (the first), or the one after a page.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    next: Option<Next>,
    /// The offset or page number asked for, to count on from.
    position: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
enum Next {
    /// The query parameter `parameter` set to `value`.
    Query { parameter: &'static str, value: String },
    /// The URL a page gave for the next one.
    Url(String),
}

impl PageRequest {
    /// The caller's request as built from the call (every parameter, header and body kept),
    /// changed to ask for this page: its cursor, offset or page number set, or its path and
    /// query replaced by the next page's URL. That URL must be under `base_url` (its scheme,
    /// host and port, and its path as a prefix), or the request fails as invalid.
    pub fn apply(&self, mut request: Request, base_url: &str) -> Request {
        match &self.next {
            None => {}
            Some(Next::Query { parameter, value }) => {
                let pair = style::form_pair(parameter, value);
                let prefix = style::form_pair(parameter, "");
                match request.query.iter().position(|p| p.starts_with(&prefix)) {
                    Some(at) => {
                        request.query.retain(|p| !p.starts_with(&prefix));
                        request.query.insert(at.min(request.query.len()), pair);
                    }
                    None => request.query.push(pair),
                }
            }
            Some(Next::Url(next)) => match under(base_url, next) {
                Ok((path, query)) => {
                    request.path = path;
                    request.query = query;
                }
                Err(problem) => {
                    request
                        .problem
                        .get_or_insert(format!("the next page's URL is refused: {problem}"));
                }
            },
        }
        request
    }
}

/// The path under `base_url`'s path and the query pairs of `next`, an absolute URL or one
/// relative to the base URL; an error when it leaves the base URL's origin or path.
fn under(base_url: &str, next: &str) -> Result<(String, Vec<String>), String> {
    let base = Url::parse(base_url).map_err(|error| error.to_string())?;
    let url = base.join(next).map_err(|error| format!("`{next}` is not a URL: {error}"))?;
    same_origin(&base, &url)?;
    let prefix = base.path().trim_end_matches('/');
    let path = url.path().strip_prefix(prefix).filter(|rest| rest.starts_with('/'));
    let Some(path) = path else {
        return Err(format!("`{}` is outside the base URL's path `{prefix}/`", url.path()));
    };
    let query = url.query().unwrap_or_default().split('&').filter(|p| !p.is_empty());
    Ok((path.to_owned(), query.map(str::to_owned).collect()))
}

/// The `rel="next"` target of the `Link` headers (RFC 8288), if any.
fn next_link(headers: &HeaderMap) -> Option<String> {
    headers.get_all(LINK).iter().filter_map(|value| value.to_str().ok()).find_map(|value| {
        let mut rest = value;
        while let Some(open) = rest.find('<') {
            let close = open + rest[open..].find('>')?;
            let target = &rest[open + 1..close];
            // The link's parameters run to the next `,` outside a quoted string.
            let mut quoted = false;
            let end = rest[close..]
                .char_indices()
                .find(|&(_, c)| {
                    quoted ^= c == '"';
                    c == ',' && !quoted
                })
                .map_or(rest.len(), |(at, _)| close + at);
            let next = rest[close + 1..end].split(';').any(|parameter| {
                let Some((name, relations)) = parameter.split_once('=') else {
                    return false;
                };
                name.trim().eq_ignore_ascii_case("rel")
                    && relations
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|relation| relation.eq_ignore_ascii_case("next"))
            });
            if next {
                return Some(target.to_owned());
            }
            rest = &rest[end..];
        }
        None
    })
}

/// The stream of pages: `send` sends the call asking for a page; the first is the caller's
/// own request, and each next one follows from the page before by `paging`.
pub fn pages<'a, T, E, S, F>(paging: Paging, send: S) -> Pages<'a, T, E>
where
    T: Send + 'a,
    E: Send + 'a,
    S: FnMut(PageRequest) -> F + Send + 'a,
    F: Future<Output = Result<Response<T>, Error<E>>> + Send + 'a,
{
    let first = Some(PageRequest::default());
    Box::pin(stream::unfold((first, paging, send), |(asked, paging, mut send)| async move {
        let asked = asked?;
        match send(asked.clone()).await {
            Ok(page) => {
                let next = paging.after(&asked, &page);
                Some((Ok(page), (next, paging, send)))
            }
            Err(error) => Some((Err(error), (None, paging, send))),
        }
    }))
}

/// The stream of the items of `pages`, taken from each page by `items`.
pub fn items<'a, T, E, I, F>(pages: Pages<'a, T, E>, mut items: F) -> Items<'a, I, E>
where
    T: Send + 'a,
    E: Send + 'a,
    I: Send + 'a,
    F: FnMut(Response<T>) -> Vec<I> + Send + 'a,
{
    Box::pin(pages.flat_map(move |page| {
        let each: Vec<Result<I, Error<E>>> = match page {
            Ok(page) => items(page).into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        stream::iter(each)
    }))
}
