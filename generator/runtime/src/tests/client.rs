//! The client core: where a request's URL may lead, which headers are marked sensitive, and
//! the defaults every client starts from.

use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName};
use reqwest::{Method, Url};

use crate::RequestOptions;
use crate::client::{ClientSettings, Credential, Prepared, same_origin, url_under};
use crate::options::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT};
use crate::request::Request;

fn url(text: &str) -> Url {
    Url::parse(text).expect("a URL")
}

#[test]
fn a_path_goes_under_the_base_urls_own_path() {
    let base = url("https://api.example.com/v1");
    let joined = url_under(&base, "/users/u%2F1/tokens").expect("joins");
    assert_eq!(joined.as_str(), "https://api.example.com/v1/users/u%2F1/tokens");
    let root = url("http://127.0.0.1:8080");
    assert_eq!(url_under(&root, "/items").expect("joins").as_str(), "http://127.0.0.1:8080/items");
    let with_query = url("https://api.example.com/v1?api-version=2");
    assert_eq!(
        url_under(&with_query, "/users").expect("joins").as_str(),
        "https://api.example.com/v1/users?api-version=2"
    );
}

#[test]
fn no_path_leaves_the_base_urls_host() {
    let base = url("https://api.example.com");
    assert_eq!(
        url_under(&base, "@attacker.example/steal"),
        Err("the path `@attacker.example/steal` does not start with `/`".to_owned())
    );
    for (path, sent) in [
        ("//attacker.example/x", "https://api.example.com//attacker.example/x"),
        ("/..//attacker", "https://api.example.com//attacker"),
        ("/@attacker.example/steal", "https://api.example.com/@attacker.example/steal"),
        ("/a?admin=1#top", "https://api.example.com/a%3Fadmin=1%23top"),
        ("/a\\\\attacker.example", "https://api.example.com/a//attacker.example"),
    ] {
        let joined = url_under(&base, path).expect("stays on the host");
        assert_eq!(joined.as_str(), sent, "{path}");
        assert_eq!((joined.host_str(), joined.query()), (Some("api.example.com"), None));
    }
}

#[test]
fn dot_segments_cannot_climb_out_of_the_base_path() {
    let base = url("https://api.example.com/v1");
    assert_eq!(
        url_under(&base, "/users/../../admin"),
        Err("the path `/users/../../admin` leads to `/admin`, outside the base URL's path `/v1/`"
            .to_owned())
    );
    assert_eq!(
        url_under(&base, "/%2e%2e/admin"),
        Err("the path `/%2e%2e/admin` leads to `/admin`, outside the base URL's path `/v1/`"
            .to_owned())
    );
    assert_eq!(
        url_under(&base, "/a/../b").expect("stays").as_str(),
        "https://api.example.com/v1/b"
    );
}

#[test]
fn a_url_on_another_origin_is_refused() {
    let base = url("https://api.example.com/v1");
    assert_eq!(same_origin(&base, &url("https://api.example.com/other")), Ok(()));
    for other in [
        "https://attacker.example/v1",
        "http://api.example.com/v1",
        "https://api.example.com:8443/v1",
        "https://api.example.com@attacker.example/v1",
    ] {
        let origin = url(other).origin().ascii_serialization();
        assert_eq!(
            same_origin(&base, &url(other)),
            Err(format!(
                "the request would go to `{origin}` instead of the base URL's `https://api.example.com`"
            )),
            "{other}"
        );
    }
}

/// A client with one credential of each kind, the scheme at index `i` being the `i`th.
fn client_with_every_credential() -> crate::ClientCore {
    let mut settings = ClientSettings::new("https://api.example.com/v1", 5, "test");
    settings.credential(0, Credential::Bearer("bearer-secret".to_owned()));
    settings.credential(
        1,
        Credential::Basic { username: "ann".to_owned(), password: "basic-secret".to_owned() },
    );
    settings.credential(
        2,
        Credential::HeaderKey { name: "X-Api-Key", value: "header-secret".to_owned() },
    );
    settings
        .credential(3, Credential::QueryKey { name: "api_key", value: "query-secret".to_owned() });
    settings.credential(
        4,
        Credential::CookieKey { name: "session", value: "cookie-secret".to_owned() },
    );
    settings.build().expect("builds")
}

fn prepared(security: &'static [&'static [usize]], options: &RequestOptions) -> Prepared {
    let client = client_with_every_credential();
    let request = Request::new(Method::GET, "/items", security).cookie("theme", Some("dark"));
    client.inner.prepare(request, options).expect("prepares")
}

/// The header's values, each with whether it is sensitive, and the `Debug` text of the map.
fn sent(headers: &HeaderMap, name: &str) -> (Vec<(String, bool)>, String) {
    let values = headers
        .get_all(HeaderName::from_bytes(name.as_bytes()).expect("a name"))
        .iter()
        .map(|value| (String::from_utf8_lossy(value.as_bytes()).into_owned(), value.is_sensitive()))
        .collect();
    (values, format!("{headers:?}"))
}

#[test]
fn every_credential_header_is_sensitive_and_left_out_of_debug_output() {
    let cases: [(&'static [&'static [usize]], &str, &str, &str); 4] = [
        (&[&[0]], "authorization", "Bearer bearer-secret", "bearer-secret"),
        (&[&[1]], "authorization", "Basic YW5uOmJhc2ljLXNlY3JldA==", "YW5uOmJhc2ljLXNlY3JldA=="),
        (&[&[2]], "x-api-key", "header-secret", "header-secret"),
        (&[&[4]], "cookie", "theme=dark; session=cookie-secret", "cookie-secret"),
    ];
    for (security, name, value, secret) in cases {
        let prepared = prepared(security, &RequestOptions::new());
        let (values, debug) = sent(&prepared.headers, name);
        assert_eq!(values, [(value.to_owned(), true)], "{name}");
        assert!(!debug.contains(secret) && debug.contains("Sensitive"), "{debug}");
    }
    // A key in the query cannot be marked: the URL carries it, and errors leave the URL out.
    let prepared = prepared(&[&[3]], &RequestOptions::new());
    assert_eq!(prepared.url.query(), Some("api_key=query-secret"));
    assert!(prepared.secret_url);
}

#[test]
fn secret_headers_set_by_the_caller_are_sensitive_too() {
    let mut settings = ClientSettings::new("https://api.example.com", 0, "test");
    settings.default_header("Authorization".to_owned(), "Token default-secret".to_owned());
    settings.default_header("X-Tenant".to_owned(), "acme".to_owned());
    let client = settings.build().expect("builds");
    assert!(!format!("{client:?}").contains("default-secret"), "{client:?}");
    let options = RequestOptions::new().header("Proxy-Authorization", "Basic proxy-secret");
    let prepared =
        client.inner.prepare(Request::new(Method::GET, "/", &[]), &options).expect("prepares");
    let (values, debug) = sent(&prepared.headers, "authorization");
    assert_eq!(values, [("Token default-secret".to_owned(), true)]);
    assert_eq!(
        sent(&prepared.headers, "proxy-authorization").0,
        [("Basic proxy-secret".to_owned(), true)]
    );
    assert_eq!(sent(&prepared.headers, "x-tenant").0, [("acme".to_owned(), false)]);
    assert!(!debug.contains("default-secret") && !debug.contains("proxy-secret"), "{debug}");
}

#[test]
fn the_defaults_are_the_documented_ones() {
    assert_eq!(DEFAULT_TIMEOUT, Duration::from_secs(60));
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
    assert_eq!(DEFAULT_MAX_RESPONSE_SIZE, 64 * 1024 * 1024);
    let settings = ClientSettings::new("https://api.example.com", 0, "test");
    assert_eq!(
        (settings.timeout, settings.connect_timeout),
        (DEFAULT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT)
    );
    let options = RequestOptions::new();
    assert_eq!((options.timeout, options.max_response_size), (None, None));
}
