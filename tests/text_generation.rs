//! The client generated from `corpus/hf-text-generation-inference.json` by `build.rs`, whose
//! event streams the README's example reads, laid out as in a generated
//! crate (`crate::runtime` is the runtime crate, `client-runtime`, imported in `lib.rs`).

pub mod client {
    include!(concat!(env!("OUT_DIR"), "/text_generation/client.rs"));
}

pub mod operations {
    include!(concat!(env!("OUT_DIR"), "/text_generation/operations.rs"));
}

pub mod types {
    include!(concat!(env!("OUT_DIR"), "/text_generation/types.rs"));
}

pub use client::Client;

/// The runtime, where a generated crate has it (`tgi::runtime::StreamExt`), so the README's
/// example names it as a user of such a crate would.
pub use client_runtime as runtime;
