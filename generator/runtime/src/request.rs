//! `Request`: an operation's request as the generated method builds it, with parameters
//! encoded as their `style` asks, and its body.

use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;

use super::style::{self, Style, Tree};

/// An operation's request, built by the generated method and sent by the client.
///
/// Argument problems (a header value with a line break...) are kept and reported when the
/// request is sent, so the generated code can build the request in one expression.
#[derive(Debug)]
pub struct Request {
    pub(super) method: Method,
    pub(super) template: String,
    pub(super) path: String,
    /// `name=value` pairs, percent-encoded as their style asks.
    pub(super) query: Vec<String>,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    /// `name=value` pairs of the `Cookie` header, their values percent-encoded.
    pub(super) cookies: Vec<String>,
    pub(super) body: Payload,
    pub(super) security: &'static [&'static [usize]],
    /// The OAuth 2.0 scopes the security requirements ask of each client-credentials scheme,
    /// by the scheme's index.
    #[cfg(feature = "client-credentials")]
    pub(super) scopes: &'static [(usize, &'static [&'static str])],
    pub(super) problem: Option<String>,
}

/// A request body, encoded.
#[derive(Debug)]
pub enum Payload {
    /// No body.
    None,
    /// Bytes with their media type.
    Encoded {
        /// The `Content-Type`.
        content_type: String,
        /// The encoded body.
        data: Vec<u8>,
    },
    /// A `multipart/form-data` form.
    Multipart(reqwest::multipart::Form),
    /// A stream or file, read once as it is sent.
    #[cfg(feature = "body")]
    Streamed {
        /// The `Content-Type`.
        content_type: String,
        /// The chunks.
        body: reqwest::Body,
        /// The `Content-Length`, when known.
        length: Option<u64>,
    },
}

impl Payload {
    /// A copy to send again; `None` for a multipart form or a stream, which are read once.
    pub(super) fn clone_for_retry(&self) -> Option<Payload> {
        match self {
            Payload::None => Some(Payload::None),
            Payload::Encoded { content_type, data } => {
                Some(Payload::Encoded { content_type: content_type.clone(), data: data.clone() })
            }
            Payload::Multipart(_) => None,
            #[cfg(feature = "body")]
            Payload::Streamed { .. } => None,
        }
    }
}

impl Request {
    /// A request for `method` on the path template `path` (`/users/{id}`); `security`
    /// lists the alternatives of the operation's security requirements, each the indexes of
    /// the schemes it needs together.
    pub fn new(method: Method, path: &str, security: &'static [&'static [usize]]) -> Self {
        Request {
            method,
            template: path.to_owned(),
            path: path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: Payload::None,
            security,
            #[cfg(feature = "client-credentials")]
            scopes: &[],
            problem: None,
        }
    }

    /// Sets the OAuth 2.0 scopes the operation's security requirements ask of each scheme
    /// with a client-credentials flow (by the scheme's index), which its token is fetched for.
    #[cfg(feature = "client-credentials")]
    pub fn scopes(mut self, scopes: &'static [(usize, &'static [&'static str])]) -> Self {
        self.scopes = scopes;
        self
    }

    /// Fills `{name}` in the path with `value`, percent-encoded as one segment (the `simple`
    /// style: `a,b` for a list).
    pub fn path<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        self.path_styled(name, value, Style::Simple { explode: false })
    }

    /// Fills `{name}` in the path with `value` written in `style` (`label`: `.a.b`, `matrix`:
    /// `;name=a`), percent-encoded.
    pub fn path_styled<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: &T,
        style: Style,
    ) -> Self {
        let tree = self.tree(name, value);
        let encoded = style::path_value(name, &tree, style);
        if encoded == "." || encoded == ".." {
            // Every spelling of a dot segment (`%2e%2E`...) is removed by URL parsers, which
            // would send the request to another path.
            self.problem.get_or_insert(format!(
                "path parameter `{name}` is `{encoded}`, which would change the path"
            ));
        }
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
        self
    }

    /// Adds a query parameter written in `style`, unless `value` is `None`.
    pub fn query<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>, style: Style) -> Self {
        self.query_pairs(name, value, style, false)
    }

    /// [`Request::query`] for a parameter with `allowReserved`: RFC 3986's reserved characters
    /// (`/`, `:`, `,`...) and `%XX` triples of its value are sent as they are.
    pub fn query_reserved<T: Serialize + ?Sized>(
        self,
        name: &str,
        value: Option<&T>,
        style: Style,
    ) -> Self {
        self.query_pairs(name, value, style, true)
    }

    fn query_pairs<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: Option<&T>,
        style: Style,
        allow_reserved: bool,
    ) -> Self {
        if let Some(value) = value {
            let tree = self.tree(name, value);
            self.query.extend(style::query_pairs(name, &tree, style, allow_reserved));
        }
        self
    }

    /// Adds a header, unless `value` is `None` (the `simple` style: `a,b` for a list).
    pub fn header<T: Serialize + ?Sized>(self, name: &'static str, value: Option<&T>) -> Self {
        self.header_styled(name, value, Style::Simple { explode: false })
    }

    /// Adds a header written in `style`, unless `value` is `None`.
    pub fn header_styled<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: Option<&T>,
        style: Style,
    ) -> Self {
        let Some(value) = value else {
            return self;
        };
        let tree = self.tree(name, value);
        let text = style::header_value(&tree, style);
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&text)) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            _ => {
                self.problem
                    .get_or_insert(format!("header `{name}` cannot carry the value {text:?}"));
            }
        }
        self
    }

    /// Adds a cookie, unless `value` is `None` (the `form` style, its value percent-encoded
    /// so that a `;` in it cannot start another cookie).
    pub fn cookie<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        self.cookie_styled(name, value, Style::Form { explode: true })
    }

    /// Adds a cookie written in `style`, unless `value` is `None`.
    pub fn cookie_styled<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: Option<&T>,
        style: Style,
    ) -> Self {
        if let Some(value) = value {
            let tree = self.tree(name, value);
            self.cookies.extend(style::cookie_pairs(name, &tree, style));
        }
        self
    }

    /// A JSON body.
    pub fn json_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(data) => {
                self.body = Payload::Encoded { content_type: "application/json".to_owned(), data }
            }
            Err(error) => {
                self.problem.get_or_insert(format!("the body cannot be encoded as JSON: {error}"));
            }
        }
        self
    }

    /// An `application/x-www-form-urlencoded` body: each property written in the style its
    /// `encoding` gives (`encodings`, by property name), else in the `form` style, arrays as
    /// repeated pairs, with objects and arrays of objects in the bracket form
    /// (`address[city]=Paris`, `items[0][price]=5`).
    pub fn form_body<T: Serialize + ?Sized>(
        mut self,
        body: &T,
        encodings: &[(&str, Style)],
    ) -> Self {
        let members = match self.tree("body", body) {
            Tree::Object(members) => members,
            Tree::Null => return self,
            other => {
                self.problem
                    .get_or_insert(format!("a form body must be an object, not {}", other.kind()));
                return self;
            }
        };
        let mut pairs: Vec<String> = Vec::new();
        for (name, value) in &members {
            let declared = encodings.iter().find(|(property, _)| property == name);
            let style = match declared {
                Some((_, style)) => *style,
                None if value.is_nested() => Style::DeepObject,
                None => Style::Form { explode: true },
            };
            pairs.extend(style::query_pairs(name, value, style, false));
        }
        let content_type = "application/x-www-form-urlencoded".to_owned();
        self.body = Payload::Encoded { content_type, data: pairs.join("&").into_bytes() };
        self
    }

    /// Asks for the media types the operation decodes (`Accept`), so that a server able to
    /// answer in several picks one of them.
    pub fn accept(mut self, media_types: &str) -> Self {
        // A media type a header cannot carry is the document's mistake: ask for anything.
        if let Ok(value) = HeaderValue::from_str(media_types) {
            self.headers.push((reqwest::header::ACCEPT, value));
        }
        self
    }

    /// A body sent as given, with its media type (`application/octet-stream`, `text/plain`...).
    pub fn raw_body(mut self, content_type: &str, data: impl Into<Vec<u8>>) -> Self {
        self.body = Payload::Encoded { content_type: content_type.to_owned(), data: data.into() };
        self
    }

    /// A binary body with its media type: bytes in memory, or a stream or file read as it is
    /// sent.
    #[cfg(feature = "body")]
    pub fn binary_body(mut self, content_type: &str, body: super::Body) -> Self {
        let content_type = content_type.to_owned();
        self.body = match body.inner {
            super::body::Inner::Bytes(data) => Payload::Encoded { content_type, data: data.into() },
            super::body::Inner::Stream { body, length } => {
                Payload::Streamed { content_type, body, length }
            }
        };
        self
    }

    /// A `multipart/form-data` body.
    pub fn multipart_body(mut self, form: reqwest::multipart::Form) -> Self {
        self.body = Payload::Multipart(form);
        self
    }

    /// `value` as the encoders read it, with object members in the order they are written.
    fn tree<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Tree {
        match serde_json::to_string(value).and_then(|json| serde_json::from_str(&json)) {
            Ok(tree) => tree,
            Err(error) => {
                self.problem
                    .get_or_insert(format!("parameter `{name}` cannot be encoded: {error}"));
                Tree::Null
            }
        }
    }
}

/// Parts of a `multipart/form-data` body, added by the generated code field by field.
#[derive(Debug, Default)]
pub struct Multipart {
    form: reqwest::multipart::Form,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Multipart::default()
    }

    /// The parts of a property, unless `value` is `None`: a string, number or boolean as a
    /// text part, an array of them as one text part per item, and an object (or an array
    /// holding objects) as one `application/json` part, as OpenAPI's defaults for
    /// `multipart/form-data` have it.
    pub fn text<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        let Some(value) = value else {
            return self;
        };
        let tree = serde_json::to_string(value)
            .and_then(|json| serde_json::from_str::<Tree>(&json))
            .unwrap_or(Tree::Null);
        let mut form = self.form;
        match tree {
            Tree::Null => {}
            Tree::Array(items) if !items.iter().any(Tree::is_nested) => {
                for item in items {
                    form = form.text(name.to_owned(), item.text());
                }
            }
            nested @ (Tree::Array(_) | Tree::Object(_)) => {
                let part = || reqwest::multipart::Part::text(nested.json());
                let part = part().mime_str("application/json").unwrap_or_else(|_| part());
                form = form.part(name.to_owned(), part);
            }
            scalar => form = form.text(name.to_owned(), scalar.text()),
        }
        Multipart { form }
    }

    /// A file part of type `content_type` (`application/octet-stream` unless the body's
    /// `encoding` names another), unless `value` is `None`.
    pub fn file(self, name: &str, value: Option<&Vec<u8>>, content_type: &str) -> Self {
        let Some(bytes) = value else {
            return self;
        };
        self.file_part(name, reqwest::multipart::Part::bytes(bytes.clone()), content_type)
    }

    /// `part` as the file `name` of type `content_type`.
    fn file_part(self, name: &str, part: reqwest::multipart::Part, content_type: &str) -> Self {
        // A file part names its type: some servers (and Prism) cannot read one that does not.
        // It is a header of the part, which a type that is no header value leaves out, where
        // `mime_str` would take the part with it on failure.
        let mut headers = reqwest::header::HeaderMap::new();
        if let Ok(value) = reqwest::header::HeaderValue::from_str(content_type) {
            headers.insert(reqwest::header::CONTENT_TYPE, value);
        }
        let part = part.file_name(name.to_owned()).headers(headers);
        Multipart { form: self.form.part(name.to_owned(), part) }
    }

    /// A file part of type `content_type` from `body` when the call was given one (a
    /// stream or a file is read once, as it is sent, with its length when known), else from
    /// `value`, unless that is `None`.
    #[cfg(feature = "part-body")]
    pub fn file_or_body(
        self,
        name: &str,
        value: Option<&Vec<u8>>,
        body: Option<super::Body>,
        content_type: &str,
    ) -> Self {
        let Some(body) = body else {
            return self.file(name, value, content_type);
        };
        let part = match body.inner {
            super::body::Inner::Bytes(bytes) => reqwest::multipart::Part::bytes(Vec::from(bytes)),
            super::body::Inner::Stream { body, length: Some(length) } => {
                reqwest::multipart::Part::stream_with_length(body, length)
            }
            super::body::Inner::Stream { body, length: None } => {
                reqwest::multipart::Part::stream(body)
            }
        };
        self.file_part(name, part, content_type)
    }

    /// The form.
    pub fn into_form(self) -> reqwest::multipart::Form {
        self.form
    }
}
