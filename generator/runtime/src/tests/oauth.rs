//! Where the client credentials may be sent, and how they are encoded.

use reqwest::Url;

use crate::oauth::{endpoint, form_encode};

fn base() -> Url {
    Url::parse("http://127.0.0.1:8080/v1").expect("a URL")
}

#[test]
fn a_relative_token_url_is_resolved_against_the_base_url() {
    let url = endpoint(&base(), "/oauth/token").expect("same origin");
    assert_eq!(url.as_str(), "http://127.0.0.1:8080/oauth/token");
}

#[test]
fn https_goes_anywhere_and_plain_http_only_to_the_base_urls_origin() {
    let url = endpoint(&base(), "https://auth.example.com/token").expect("https");
    assert_eq!(url.as_str(), "https://auth.example.com/token");
    endpoint(&base(), "http://127.0.0.1:8080/token").expect("the base URL's origin");
    for refused in [
        "http://auth.example.com/token",
        "http://127.0.0.1:8081/token",
        "https://user:pass@auth.example.com/token",
        "//auth.example.com/token",
    ] {
        let error = endpoint(&base(), refused).expect_err(refused);
        assert!(error.to_string().ends_with("the client secret is not sent to it"), "{error}");
    }
}

#[test]
fn the_client_id_and_secret_are_form_encoded() {
    assert_eq!(form_encode("a b+c/d:é*-._~"), "a+b%2Bc%2Fd%3A%C3%A9*-._%7E");
}
