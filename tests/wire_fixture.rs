//! The client generated from `fixtures/wire.yaml` by `build.rs`, laid out as in a generated
//! crate (`crate::runtime` is the runtime crate, `client-runtime`, imported in `lib.rs`).

pub mod client {
    include!(concat!(env!("OUT_DIR"), "/wire/client.rs"));
}

pub mod operations {
    include!(concat!(env!("OUT_DIR"), "/wire/operations.rs"));
}

pub mod types {
    include!(concat!(env!("OUT_DIR"), "/wire/types.rs"));
}

pub use client::Client;
