//! The tactful language server: warnings inline while a support reply is written.
//!
//! Built on `lsp-server` and `lsp-types`. The main loop ([`main_loop`]) owns all state and
//! never runs a check itself: checks run on a worker thread ([`worker`]) against a snapshot of
//! the document, results come back as events and are published only if the document has not
//! changed since (so bursts of edits coalesce and stale results are dropped).
#![cfg_attr(test, allow(clippy::unwrap_used))]
// `lsp_types::Uri` hashes and compares by its string; its interior cache does not change that.
#![allow(clippy::mutable_key_type)]

mod convert;
mod documents;
mod handlers;
mod main_loop;
mod paths;
mod server;
mod session;
mod worker;

use lsp_server::Connection;

/// Runs the server over stdio until the client says exit (or goes away).
pub fn run_stdio() -> anyhow::Result<()> {
    let (connection, io_threads) = Connection::stdio();
    run(connection)?;
    io_threads.join()?;
    Ok(())
}

/// Runs the server over any connection (stdio, or an in-memory one in tests).
pub fn run(connection: Connection) -> anyhow::Result<()> {
    let (id, params) = connection.initialize_start()?;
    let raw = params.clone();
    let params: lsp_types::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let init = server::initialize(&params, &raw);
    connection.initialize_finish(id, serde_json::to_value(&init.result)?)?;
    main_loop::run(connection, params, init)
}
