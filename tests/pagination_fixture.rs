//! The client generated from `fixtures/pagination.yaml` by `build.rs`, laid out as in a
//! generated crate (`crate::runtime` is the runtime crate, `client-runtime`, imported in
//! `lib.rs`).

pub mod client {
    include!(concat!(env!("OUT_DIR"), "/pagination/client.rs"));
}

pub mod operations {
    include!(concat!(env!("OUT_DIR"), "/pagination/operations.rs"));
}

pub mod types {
    include!(concat!(env!("OUT_DIR"), "/pagination/types.rs"));
}

pub use client::Client;

/// The runtime, where a generated crate has it (its `StreamExt`, `Pages`, `Items`).
pub use client_runtime as runtime;
