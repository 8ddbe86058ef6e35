//! The client generated from `fixtures/oauth.yaml` by `build.rs`, laid out as in a
//! generated crate (`crate::runtime` is the runtime crate, `client-runtime`, imported in
//! `lib.rs`).

pub mod client {
    include!(concat!(env!("OUT_DIR"), "/oauth/client.rs"));
}

pub mod operations {
    include!(concat!(env!("OUT_DIR"), "/oauth/operations.rs"));
}

pub mod types {
    include!(concat!(env!("OUT_DIR"), "/oauth/types.rs"));
}

pub use client::Client;

/// The runtime, where a generated crate has it (its `Error`, `TokenError`).
pub use client_runtime as runtime;
