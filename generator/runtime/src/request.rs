//! `Request`: an operation's request as the generated method builds it, with parameters
//! encoded as their `style` asks, and its body.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

/// Everything but RFC 3986's unreserved characters is escaped in a path segment, so a value
/// like `a/b` stays one segment (`a%2Fb`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// An operation's request, built by the generated method and sent by the client.
///
/// Argument problems (a header value with a line break...) are kept and reported when the
/// request is sent, so the generated code can build the request in one expression.
#[derive(Debug)]
pub struct Request {
    pub(super) method: Method,
    pub(super) template: String,
    pub(super) path: String,
    pub(super) query: Vec<(String, String)>,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) cookies: Vec<(String, String)>,
    pub(super) body: Body,
    pub(super) security: &'static [&'static [usize]],
    pub(super) problem: Option<String>,
}

/// A request body, encoded.
#[derive(Debug)]
pub enum Body {
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
}

impl Body {
    /// A copy to send again; `None` for a multipart form, which streams once.
    pub(super) fn clone_for_retry(&self) -> Option<Body> {
        match self {
            Body::None => Some(Body::None),
            Body::Encoded { content_type, data } => {
                Some(Body::Encoded { content_type: content_type.clone(), data: data.clone() })
            }
            Body::Multipart(_) => None,
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
            body: Body::None,
            security,
            problem: None,
        }
    }

    /// Fills `{name}` in the path with `value`, percent-encoded as one segment.
    pub fn path<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let text = self.text(name, value);
        if text == "." || text == ".." {
            // Every spelling of a dot segment (`%2e%2E`...) is removed by URL parsers, which
            // would send the request to another path.
            self.problem.get_or_insert(format!(
                "path parameter `{name}` is `{text}`, which would change the path"
            ));
        }
        let encoded = utf8_percent_encode(&text, SEGMENT).to_string();
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
        self
    }

    /// Adds a query parameter, unless `value` is `None`. Arrays are sent as repeated pairs
    /// when `explode` is set, else comma-separated; objects as their members' pairs when
    /// `explode` is set, else as `name=key,value,...`.
    pub fn query<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        value: Option<&T>,
        explode: bool,
    ) -> Self {
        let Some(value) = value else {
            return self;
        };
        match self.json(name, value) {
            Value::Array(items) if explode => {
                for item in items {
                    self.query.push((name.to_owned(), scalar_text(&item)));
                }
            }
            Value::Object(members) if explode => {
                for (key, member) in members {
                    self.query.push((key, scalar_text(&member)));
                }
            }
            other => {
                let text = simple_text(other);
                self.query.push((name.to_owned(), text));
            }
        }
        self
    }

    /// Adds a header, unless `value` is `None`.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &'static str, value: Option<&T>) -> Self {
        let Some(value) = value else {
            return self;
        };
        let text = self.text(name, value);
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&text)) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            _ => {
                self.problem
                    .get_or_insert(format!("header `{name}` cannot carry the value {text:?}"));
            }
        }
        self
    }

    /// Adds a cookie, unless `value` is `None`.
    pub fn cookie<T: Serialize + ?Sized>(mut self, name: &str, value: Option<&T>) -> Self {
        if let Some(value) = value {
            let text = self.text(name, value);
            self.cookies.push((name.to_owned(), text));
        }
        self
    }

    /// A JSON body.
    pub fn json_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(data) => {
                self.body = Body::Encoded { content_type: "application/json".to_owned(), data }
            }
            Err(error) => {
                self.problem.get_or_insert(format!("the body cannot be encoded as JSON: {error}"));
            }
        }
        self
    }

    /// An `application/x-www-form-urlencoded` body: each property a pair, arrays as
    /// repeated pairs, nested objects with bracketed names (`address[city]=Paris`).
    pub fn form_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        let pairs = match serde_json::to_value(body) {
            Ok(Value::Object(members)) => {
                let mut pairs = Vec::new();
                for (name, value) in members {
                    form_pairs(name, value, &mut pairs);
                }
                pairs
            }
            Ok(other) => {
                self.problem.get_or_insert(format!("a form body must be an object, not {other}"));
                return self;
            }
            Err(error) => {
                self.problem.get_or_insert(format!("the body cannot be form-encoded: {error}"));
                return self;
            }
        };
        match serde_urlencoded::to_string(&pairs) {
            Ok(text) => {
                let content_type = "application/x-www-form-urlencoded".to_owned();
                self.body = Body::Encoded { content_type, data: text.into_bytes() };
            }
            Err(error) => {
                self.problem.get_or_insert(format!("the body cannot be form-encoded: {error}"));
            }
        }
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
        self.body = Body::Encoded { content_type: content_type.to_owned(), data: data.into() };
        self
    }

    /// A `multipart/form-data` body.
    pub fn multipart_body(mut self, form: reqwest::multipart::Form) -> Self {
        self.body = Body::Multipart(form);
        self
    }

    fn json<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Value {
        serde_json::to_value(value).unwrap_or_else(|error| {
            self.problem.get_or_insert(format!("parameter `{name}` cannot be encoded: {error}"));
            Value::Null
        })
    }

    /// A parameter as text: scalars as written, arrays and objects comma-separated (the
    /// `simple` style of path and header parameters).
    fn text<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> String {
        let json = self.json(name, value);
        simple_text(json)
    }
}

/// The pairs of one form property: a scalar as one pair, an array as one pair per item, an
/// object as its members' pairs under `name[member]`; `null` as nothing.
fn form_pairs(name: String, value: Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(_) | Value::Array(_) => {
                        pairs.push((name.clone(), item.to_string()))
                    }
                    scalar => pairs.push((name.clone(), scalar_text(&scalar))),
                }
            }
        }
        Value::Object(members) => {
            for (member, value) in members {
                form_pairs(format!("{name}[{member}]"), value, pairs);
            }
        }
        scalar => pairs.push((name, scalar_text(&scalar))),
    }
}

/// A value in the `simple` style (and `form` without `explode`): scalars as written,
/// arrays and objects as comma-separated items or key, value pairs.
fn simple_text(value: Value) -> String {
    match value {
        Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
        Value::Object(members) => members
            .iter()
            .flat_map(|(key, value)| [key.clone(), scalar_text(value)])
            .collect::<Vec<_>>()
            .join(","),
        other => scalar_text(&other),
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
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

    /// A text part, unless `value` is `None`: strings as they are, other values as JSON.
    pub fn text<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        let Some(value) = value else {
            return self;
        };
        let text = match serde_json::to_value(value) {
            Ok(Value::String(text)) => text,
            Ok(other) => other.to_string(),
            Err(_) => String::new(),
        };
        Multipart { form: self.form.text(name.to_owned(), text) }
    }

    /// A file part, unless `value` is `None`.
    pub fn file(self, name: &str, value: Option<&Vec<u8>>) -> Self {
        let Some(bytes) = value else {
            return self;
        };
        // A file part names its type: some servers (and Prism) cannot read one that does not.
        let part = || reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_owned());
        let part = part().mime_str("application/octet-stream").unwrap_or_else(|_| part());
        Multipart { form: self.form.part(name.to_owned(), part) }
    }

    /// The form.
    pub fn into_form(self) -> reqwest::multipart::Form {
        self.form
    }
}
