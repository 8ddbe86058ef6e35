//! What the tests share: reading back what the local server received, checking that
//! emitted files are Rust, and a seeded random generator for the property tests.

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

/// xorshift64*: small, deterministic, good enough to pick mutations and hostile names.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
