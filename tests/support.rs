//! What the tests share: reading back what the local server received, and checking that
//! emitted files are Rust.

use wiremock::{MockServer, Request};

/// The one request `server` received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    requests.remove(0)
}

/// A header of `request` as text.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|value| value.to_str().ok())
}

/// The first emitted `.rs` file that does not parse as Rust, with syn's error.
pub fn unparsable_file(files: &generator::emit::Files) -> Option<String> {
    files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|extension| extension == "rs"))
        .find_map(|(path, text)| {
            syn::parse_file(text).err().map(|error| format!("{}: {error}", path.display()))
        })
}
