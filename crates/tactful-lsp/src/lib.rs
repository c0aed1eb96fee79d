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
mod transport;
mod worker;

use lsp_server::{Connection, ErrorCode, Message, RequestId, Response};
use tactful_core::{Engine, Input, Report, Settings};

/// How a session ended, for the process's exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The client asked to shut down, then said exit.
    Shutdown,
    /// The client said exit without asking to shut down first: the protocol wants exit
    /// status 1 then, so a client can tell an orderly stop from an abrupt one.
    ExitWithoutShutdown,
    /// The client went away (its end of the connection closed) without saying exit.
    ClientGone,
}

impl Ending {
    /// The process exit status for this ending: 1 for an exit without shutdown, else 0.
    pub fn exit_status(self) -> u8 {
        match self {
            Ending::ExitWithoutShutdown => 1,
            Ending::Shutdown | Ending::ClientGone => 0,
        }
    }
}

/// Runs the server over stdio until the client says exit (or goes away).
pub fn run_stdio() -> anyhow::Result<Ending> {
    let (connection, io_threads) = transport::stdio()?;
    let ending = run(connection)?;
    io_threads.join();
    Ok(ending)
}

/// Runs the server over any connection (stdio, or an in-memory one in tests).
pub fn run(connection: Connection) -> anyhow::Result<Ending> {
    run_with(connection, Options::default())
}

/// Checks one document: the URI it is open under, the packs, its settings and its text.
pub type CheckFn = fn(&lsp_types::Uri, &Engine, &Settings, &Input<'_>) -> Report;

/// How the server runs; [`Options::default`] is the real server.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The check run on each document, on the worker thread ([`tactful_core::check`] by
    /// default). Tests put a stand-in here, for example one that panics, to see the server
    /// report the failure and keep serving.
    pub check: CheckFn,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            check: |_, engine, settings, input| tactful_core::check(engine, settings, input),
        }
    }
}

/// [`run`] with options.
pub fn run_with(connection: Connection, options: Options) -> anyhow::Result<Ending> {
    // Compiling the rule packs is most of the time to the first diagnostics; start it now, on
    // its own thread, so it overlaps the handshake and the client's first messages. The main
    // loop's own request for the packs waits for this one rather than compiling twice. The
    // patterns a check compiles only once it meets a ticket follow at once: an editor's drafts
    // mostly have one, and the server runs long enough for them to be needed.
    std::thread::spawn(|| {
        if let Ok(engine) = Engine::embedded() {
            engine.compile_deferred();
        }
    });
    let (id, params) = match wait_for_initialize(&connection) {
        Ok(request) => request,
        // The client said exit, or left, before initializing.
        Err(ending) => return Ok(ending),
    };
    let raw = params.clone();
    let params: lsp_types::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let init = server::initialize(&params, &raw);
    let result = serde_json::to_value(&init.result)?;
    if connection
        .sender
        .send(Response::new_ok(id, result).into())
        .is_err()
    {
        return Ok(Ending::ClientGone);
    }
    // The `initialized` notification that should follow is not waited for: whatever the
    // client sends next goes to the main loop, which ignores that notification.
    main_loop::run(connection, params, init, options)
}

/// Waits for the `initialize` request. Other requests get a ServerNotInitialized error;
/// notifications and responses are dropped; `exit`, or the client going away, ends the wait
/// with how the session ended.
fn wait_for_initialize(connection: &Connection) -> Result<(RequestId, serde_json::Value), Ending> {
    loop {
        let Ok(message) = connection.receiver.recv() else {
            return Err(Ending::ClientGone);
        };
        match message {
            Message::Request(req) if req.method == "initialize" => {
                return Ok((req.id, req.params));
            }
            Message::Request(req) => {
                let refusal = Response::new_err(
                    req.id,
                    ErrorCode::ServerNotInitialized as i32,
                    format!(
                        "`{}` before `initialize`: the server answers requests once it is initialized",
                        req.method
                    ),
                );
                if connection.sender.send(refusal.into()).is_err() {
                    return Err(Ending::ClientGone);
                }
            }
            Message::Notification(n) if n.method == "exit" => {
                return Err(Ending::ExitWithoutShutdown);
            }
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
}
