//! Memory of the language server over a long editing session, in process.
//!
//! `cargo bench -p tactful-lsp --bench memory` runs the server over an in-memory connection,
//! opens a ~5 KB draft whose ticket sits beside it, then applies 10,000 single-character
//! edits (typing a character, then deleting it, so the text stays the same size), waiting for
//! the diagnostics of every 100th version. It prints the process's resident memory (VmRSS
//! from /proc/self/status) after the open, after 1,000 edits and after 10,000, and the growth
//! between the last two: memory that a long session keeps for good would show there. Linux
//! only (it reads /proc).
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

/// Waits for the diagnostics of `version`; returns how many there were.
fn wait_diagnostics(c: &Connection, version: i64) -> usize {
    loop {
        match c.receiver.recv_timeout(Duration::from_secs(60)).unwrap() {
            Message::Notification(n)
                if n.method == "textDocument/publishDiagnostics"
                    && n.params["version"] == version =>
            {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len);
            }
            _ => {}
        }
    }
}

/// A field of /proc/self/status, in kB.
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn mib(kb: u64) -> f64 {
    kb as f64 / 1024.0
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
    let before_start = status_kb("VmRSS:");

    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || tactful_lsp::run(server));
    send_request(&client, 1, "initialize", json!({"capabilities": {}}));
    loop {
        if let Message::Response(_) = client
            .receiver
            .recv_timeout(Duration::from_secs(60))
            .unwrap()
        {
            break;
        }
    }
    notify(&client, "initialized", json!({}));
    notify(
        &client,
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": draft}}),
    );
    let findings = wait_diagnostics(&client, 1);
    let after_open = status_kb("VmRSS:");

    // Edits at the start of the last line: odd versions type a character, even ones delete it.
    let last_line = draft.lines().count() as u32 - 1;
    let at = json!({"line": last_line, "character": 0});
    let after_char = json!({"line": last_line, "character": 1});
    let start = Instant::now();
    let mut after_1000 = 0;
    for v in 2..=10_001i64 {
        let change = if v % 2 == 0 {
            json!({"range": {"start": at, "end": at}, "text": "a"})
        } else {
            json!({"range": {"start": at, "end": after_char}, "text": ""})
        };
        notify(
            &client,
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v}, "contentChanges": [change]}),
        );
        let edits = v - 1;
        if edits % 100 == 0 {
            wait_diagnostics(&client, v);
        }
        if edits == 1_000 {
            after_1000 = status_kb("VmRSS:");
        }
    }
    let after_10000 = status_kb("VmRSS:");
    let elapsed = start.elapsed();
    let peak = status_kb("VmHWM:");

    println!(
        "draft: {} bytes, ticket: {} bytes, {findings} findings on open",
        draft.len(),
        ticket.len()
    );
    println!(
        "RSS before the server: {:.1} MiB; after open: {:.1} MiB",
        mib(before_start),
        mib(after_open)
    );
    println!(
        "RSS after 1,000 edits: {:.1} MiB; after 10,000 edits: {:.1} MiB",
        mib(after_1000),
        mib(after_10000)
    );
    println!(
        "growth, open → 10,000 edits: {:+.1} MiB; 1,000 → 10,000 edits: {:+.1} MiB ({:+.2} KiB per edit)",
        mib(after_10000) - mib(after_open),
        mib(after_10000) - mib(after_1000),
        (after_10000 as f64 - after_1000 as f64) / 9_000.0
    );
    println!(
        "peak RSS (VmHWM): {:.1} MiB; 10,000 edits in {elapsed:?} ({:?} per edit)",
        mib(peak),
        elapsed / 10_000
    );
    send_request(&client, 2, "shutdown", Value::Null);
    notify(&client, "exit", Value::Null);
    drop(client);
    let _ = handle.join();
}
