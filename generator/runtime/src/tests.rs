//! Unit tests of the runtime's internals. They live here rather than beside the code so that
//! the files the generator inlines into every generated crate carry no tests.

mod client;
mod events;
mod oauth;
mod objects;
mod rate;
mod request;
mod retry;
mod style;
mod tristate;
mod verify;
