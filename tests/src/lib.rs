//! End-to-end tests for tactful. The tests live beside this crate: `fixtures.rs` runs every
//! ticket/draft pair under `fixtures/` and `../examples/` through the CLI.
