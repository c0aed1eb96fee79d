//! End-to-end tests for tactful live in `tests/`.
