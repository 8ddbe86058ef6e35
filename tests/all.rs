//! Every test of the workspace outside the generator's unit tests, in one binary so the
//! 2-core CI machine links once.

mod architecture;
mod courier_roundtrip;
mod courier_wire;
mod decoding;
mod diagnostics;
mod fixture_crates;
mod fuzz;
mod hooks;
mod hostile;
mod losant;
mod names;
mod oauth;
mod overlays;
mod pagination;
mod personal_access_tokens;
mod resilience;
mod rustfmt;
mod snapshots;
mod streams;
mod support;
mod tidy;
mod users;
mod wire;
