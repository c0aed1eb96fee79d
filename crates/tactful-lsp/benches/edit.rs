//! Edit-to-diagnostics latency of the language server, over an in-memory connection.
//!
//! `cargo bench -p tactful-lsp --bench edit` opens a ~5 KB draft whose ticket sits beside it,
//! then makes 500 single-character edits one at a time, each time waiting for the diagnostics
//! of the new version, and prints p50/p90/p99/max. It also times server start (initialize to
//! initialized) and the first diagnostics after opening. Timing targets live here, not in tests.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

/// The allocator the `tactful-lsp` binary uses, so the figures are its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn send_request(c: &Connection, id: i32, method: &str, params: Value) {
    c.sender
        .send(Request::new(RequestId::from(id), method.into(), params).into())
        .unwrap();
}

fn notify(c: &Connection, method: &str, params: Value) {
    c.sender
        .send(Notification::new(method.into(), params).into())
        .unwrap();
}

fn wait_diagnostics(c: &Connection, version: i64) {
    loop {
        match c.receiver.recv_timeout(Duration::from_secs(30)).unwrap() {
            Message::Notification(n)
                if n.method == "textDocument/publishDiagnostics"
                    && n.params["version"] == version =>
            {
                return;
            }
            _ => {}
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let reply = std::fs::read_to_string(root.join("examples/broke-my-website/reply.md")).unwrap();
    let ticket = std::fs::read_to_string(root.join("examples/broke-my-website/ticket.md")).unwrap();
    // About 5 KB of draft: the example reply, twice, plus a closing paragraph.
    let draft = format!("{reply}\n\n{reply}\n\nThanks again for your patience.\n");
    let dir = tempfile::tempdir().unwrap();
    let draft_path = dir.path().join("reply.md");
    std::fs::write(dir.path().join("reply.ticket.md"), &ticket).unwrap();
    let uri = format!("file://{}", draft_path.display());

    let start = Instant::now();
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || tactful_lsp::run(server));
    send_request(&client, 1, "initialize", json!({"capabilities": {}}));
    loop {
        if let Message::Response(_) = client
            .receiver
            .recv_timeout(Duration::from_secs(30))
            .unwrap()
        {
            break;
        }
    }
    notify(&client, "initialized", json!({}));
    let started = start.elapsed();

    let open = Instant::now();
    notify(
        &client,
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": draft}}),
    );
    wait_diagnostics(&client, 1);
    let first = open.elapsed();
    let from_start = start.elapsed();

    let mut times = Vec::new();
    let last_line = draft.lines().count() as u32 - 1;
    for v in 2..=501i64 {
        let t = Instant::now();
        notify(
            &client,
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v},
                   "contentChanges": [{"range": {"start": {"line": last_line, "character": 0}, "end": {"line": last_line, "character": 0}}, "text": "a"}]}),
        );
        wait_diagnostics(&client, v);
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "draft: {} bytes, ticket: {} bytes",
        draft.len(),
        ticket.len()
    );
    println!("server start (initialize → initialized): {started:?}");
    println!("open → first diagnostics: {first:?}");
    println!(
        "server start → first diagnostics (initialize, initialized, didOpen at once): {from_start:?}"
    );
    println!(
        "edit → diagnostics over {} edits: p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        percentile(&times, 0.99),
        times[times.len() - 1]
    );
    send_request(&client, 2, "shutdown", Value::Null);
    notify(&client, "exit", Value::Null);
    drop(client);
    let _ = handle.join();
}
