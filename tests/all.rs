//! Every test of the workspace outside the generator's unit tests, in one binary so the
//! 2-core CI machine links once.

mod courier_roundtrip;
mod diagnostics;
mod fixture_crates;
mod snapshots;
