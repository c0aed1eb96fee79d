//! Abuse of the language server: what a broken, hostile or careless client may send. The real
//! binary over stdio takes bytes that are not messages (garbage, bad lengths, bad JSON) and a
//! client that vanishes; an in-memory connection takes requests before `initialize`, edits
//! with impossible ranges or versions, ten thousand edits in a burst, and a check that panics.
//! protocol.rs covers ordinary use; nothing here repeats it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};
use tactful_core::text::{Encoding, WirePosition};
use tactful_core::{Engine, Format, Input, LineIndex, Settings};

const WAIT: Duration = Duration::from_secs(30);

fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// The real binary over stdio

/// `tactful-lsp` as a child process; the test writes raw bytes and reads framed messages.
struct Process {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    /// Messages received while waiting for another.
    seen: Vec<Value>,
    stderr: Option<JoinHandle<String>>,
}

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Process {
    fn start() -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tactful-lsp"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let (tx, messages) = crossbeam_channel::unbounded();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if out.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("the server frames its messages")];
                out.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Self {
            child,
            stdin,
            messages,
            seen: Vec::new(),
            stderr: Some(stderr),
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: Value) {
        self.write(&frame(&message.to_string()));
    }

    /// The first message from the server matching `wanted`, whether it came already (and was
    /// passed over) or comes within the wait.
    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(&wanted) {
            return self.seen.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let message = self.messages.recv_timeout(left).unwrap_or_else(|e| {
                panic!("no wanted message within 30 s ({e}); had {:?}", self.seen)
            });
            if wanted(&message) {
                return message;
            }
            self.seen.push(message);
        }
    }

    fn response(&mut self, id: i64) -> Value {
        self.wait_for(|m| m["id"] == id && m.get("method").is_none())
    }

    fn initialize(&mut self) {
        self.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}));
        assert!(self.response(1)["result"]["capabilities"].is_object());
        self.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    }

    /// Closes stdin, then waits (polling, bounded) for the process to end; returns its exit
    /// code and what it wrote to stderr. A process still running after the wait is killed and
    /// the test fails: it would have been an orphan.
    fn close_and_wait(mut self) -> (Option<i32>, String) {
        drop(self.stdin.take());
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("the server was still running 30 s after its client went away");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = self.stderr.take().unwrap().join().unwrap();
        (status.code(), stderr)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // A test that failed part-way leaves no process behind.
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn bytes_that_are_not_messages_are_skipped_and_the_server_keeps_answering() {
    let mut p = Process::start();
    p.initialize();
    let unknown =
        |id: i64| json!({"jsonrpc": "2.0", "id": id, "method": "tactful/unknown", "params": {}});

    // Garbage, then a good request.
    p.write(b"\x00\xff garbage that is not a header\r\n\r\nmore garbage\n");
    p.send(unknown(2));
    assert_eq!(
        p.response(2)["error"]["code"],
        ErrorCode::MethodNotFound as i32
    );

    // A Content-Length that is not a number, with a body; then a good request.
    p.write(b"Content-Length: ten\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"x\"}\r\n");
    p.send(unknown(3));
    assert_eq!(
        p.response(3)["error"]["code"],
        ErrorCode::MethodNotFound as i32
    );

    // A frame that is not JSON; one that is JSON but not JSON-RPC (answered, it has an id).
    p.write(&frame("{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": "));
    p.write(&frame(
        r#"{"jsonrpc": "2.0", "id": 5, "method": ["not", "a", "name"]}"#,
    ));
    assert_eq!(
        p.response(5)["error"]["code"],
        ErrorCode::InvalidRequest as i32
    );
    p.send(unknown(6));
    assert_eq!(
        p.response(6)["error"]["code"],
        ErrorCode::MethodNotFound as i32
    );

    // A valid frame with a method nobody knows, as a notification: ignored.
    p.send(json!({"jsonrpc": "2.0", "method": "$/tactful/unknown", "params": [1, 2]}));

    // Each problem was logged to the client as it happened.
    let logged = p.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap()
                .contains("not JSON")
    });
    assert_eq!(logged["params"]["type"], 1);

    // A normal exit after all that.
    p.send(json!({"jsonrpc": "2.0", "id": 7, "method": "shutdown"}));
    assert!(p.response(7)["result"].is_null());
    p.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let (code, stderr) = p.close_and_wait();
    assert_eq!(code, Some(0), "{stderr}");
    for problem in [
        "were not a message header",
        "Content-Length is not a byte count",
        "not JSON",
        "not a JSON-RPC request",
    ] {
        assert!(stderr.contains(problem), "{problem}: {stderr}");
    }
}

#[test]
fn a_huge_content_length_is_never_allocated() {
    for length in ["99999999999999", "18446744073709551615"] {
        let mut p = Process::start();
        p.initialize();
        p.write(format!("Content-Length: {length}\r\n\r\n{{}}").as_bytes());
        // The server reads past the promised bytes instead of allocating them; when the
        // client goes away first, it ends normally (not by an abort or a panic).
        let (code, stderr) = p.close_and_wait();
        assert_eq!(code, Some(0), "{length}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A length over the limit with its bytes really sent is skipped, and the next message read.
    let mut p = Process::start();
    p.initialize();
    let big = 256usize << 20;
    let mut bytes = format!("Content-Length: {}\r\n\r\n", big + 1).into_bytes();
    bytes.resize(bytes.len() + big + 1, b' ');
    p.write(&bytes);
    drop(bytes);
    p.send(json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}));
    assert!(p.response(2)["result"].is_null());
    let (code, stderr) = p.close_and_wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("over the limit of 256 MiB"), "{stderr}");
}

#[test]
fn requests_before_initialize_are_refused_over_stdio_and_the_server_stays_up() {
    let mut p = Process::start();
    p.send(json!({"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {}}));
    let refused = p.response(1);
    assert_eq!(
        refused["error"]["code"],
        ErrorCode::ServerNotInitialized as i32
    );
    p.send(
        json!({"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {"capabilities": {}}}),
    );
    assert_eq!(p.response(2)["result"]["serverInfo"]["name"], "tactful");
}

#[test]
fn the_process_exits_when_its_client_vanishes() {
    // Mid-session, with a document open and a check under way.
    let mut p = Process::start();
    p.initialize();
    let dir = tempfile::tempdir().unwrap();
    p.send(
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri(&dir.path().join("reply.md")), "languageId": "markdown", "version": 1,
        "text": "Your DNS records point at the old host. ".repeat(2_000)}}}),
    );
    let (code, stderr) = p.close_and_wait();
    assert_eq!(code, Some(0), "{stderr}");

    // Before initializing; and in the middle of a message.
    let p = Process::start();
    assert_eq!(p.close_and_wait().0, Some(0), "before initializing");
    let mut p = Process::start();
    p.initialize();
    p.write(b"Content-Length: 500\r\n\r\n{\"jsonrpc\": \"2.0\", ");
    let (code, stderr) = p.close_and_wait();
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("the input ended 19 bytes into a message of 500 bytes"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// In memory

struct Client {
    conn: Connection,
    server: Option<JoinHandle<anyhow::Result<tactful_lsp::Ending>>>,
    next: i32,
    inbox: VecDeque<Message>,
}

impl Client {
    /// A server over an in-memory connection, not yet initialized.
    fn connect(options: tactful_lsp::Options) -> Self {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || tactful_lsp::run_with(server, options));
        Client {
            conn: client,
            server: Some(handle),
            next: 0,
            inbox: VecDeque::new(),
        }
    }

    fn start(options: tactful_lsp::Options, capabilities: Value) -> Self {
        let mut c = Self::connect(options);
        c.request("initialize", json!({"capabilities": capabilities}))
            .unwrap();
        c.notify("initialized", json!({}));
        c
    }

    fn recv(&mut self) -> Message {
        self.conn
            .receiver
            .recv_timeout(WAIT)
            .expect("the server answers within 30 s")
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, lsp_server::ResponseError> {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .unwrap();
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return r.response_result,
                other => self.inbox.push_back(other),
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.into(), params).into())
            .unwrap();
    }

    /// The next notification with this method matching `wanted` (others are kept).
    fn notification(&mut self, method: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let queued = self.inbox.iter().position(
            |m| matches!(m, Message::Notification(n) if n.method == method && wanted(&n.params)),
        );
        if let Some(Message::Notification(n)) = queued.and_then(|i| self.inbox.remove(i)) {
            return n.params;
        }
        loop {
            match self.recv() {
                Message::Notification(n) if n.method == method && wanted(&n.params) => {
                    return n.params;
                }
                other => self.inbox.push_back(other),
            }
        }
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        params["diagnostics"].as_array().cloned().unwrap()
    }

    fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": version, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// Whether anything received so far (without waiting) is diagnostics for `uri`.
    fn published_for(&mut self, uri: &str) -> bool {
        while let Ok(m) = self.conn.receiver.try_recv() {
            self.inbox.push_back(m);
        }
        self.inbox.iter().any(|m| {
            matches!(m, Message::Notification(n)
                if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri)
        })
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        if let Some(handle) = self.server.take() {
            let result = handle.join().expect("the server thread does not panic");
            assert!(
                matches!(result, Ok(tactful_lsp::Ending::Shutdown)),
                "{result:?}"
            );
        }
    }
}

fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}

/// A fresh check of `text` with no ticket and default settings, as the server should run it.
fn check_fresh(text: &str) -> tactful_core::Report {
    tactful_core::check(
        Engine::embedded().unwrap(),
        &Settings::default(),
        &Input {
            draft: text,
            format: Format::Markdown,
            ticket: None,
        },
    )
}

/// One finding: rule, UTF-16 range, message.
type Finding = (String, [u32; 4], String);

/// What a fresh check of `text` should publish, sorted.
fn fresh(text: &str) -> Vec<Finding> {
    let report = check_fresh(text);
    let index = LineIndex::new(text);
    let at = |o| index.wire_position(text, o, Encoding::Utf16);
    let mut out: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            let (s, e): (WirePosition, WirePosition) = (at(d.range.start), at(d.range.end));
            (
                d.rule.to_string(),
                [s.line, s.character, e.line, e.character],
                d.message.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The same, from published diagnostics.
fn published(diagnostics: &[Value]) -> Vec<Finding> {
    let n = |v: &Value| v.as_u64().unwrap() as u32;
    let mut out: Vec<_> = diagnostics
        .iter()
        .map(|d| {
            let r = &d["range"];
            let message = d["message"].as_str().unwrap();
            (
                d["code"].as_str().unwrap().to_string(),
                [
                    n(&r["start"]["line"]),
                    n(&r["start"]["character"]),
                    n(&r["end"]["line"]),
                    n(&r["end"]["character"]),
                ],
                message.to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Published findings are those of a fresh check: the same rules at the same ranges, each
/// message the core's (the server adds the why and the help after it).
#[track_caller]
fn assert_matches(published: &[Finding], fresh: &[Finding]) {
    let key = |f: &[Finding]| {
        f.iter()
            .map(|(r, at, _)| (r.clone(), *at))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(published), key(fresh));
    for ((_, _, shown), (_, _, message)) in published.iter().zip(fresh) {
        assert!(
            shown.starts_with(message.as_str()),
            "{shown:?} vs {message:?}"
        );
    }
}

#[test]
fn requests_before_initialize_get_server_not_initialized_and_a_second_initialize_is_refused() {
    let mut c = Client::connect(tactful_lsp::Options::default());
    let err = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": "file:///a.md"}}),
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ServerNotInitialized as i32);
    assert!(
        err.message.contains("textDocument/codeLens"),
        "{}",
        err.message
    );
    // Notifications and stray responses before initialize are dropped without harm.
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": "file:///x/a.md", "languageId": "markdown", "version": 1, "text": "Your DNS is down."}}));
    c.conn
        .sender
        .send(Response::new_ok(RequestId::from(77), Value::Null).into())
        .unwrap();
    let result = c
        .request("initialize", json!({"capabilities": {}}))
        .unwrap();
    assert_eq!(result["serverInfo"]["name"], "tactful");
    // The document sent too early was not opened.
    let err = c.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": "file:///x/a.md"}}),
    );
    assert_eq!(err.unwrap(), json!([]));
    // A client that skips `initialized` and goes straight to work is served.
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    c.open(&u, "Your DNS records point at the old host.", 1);
    assert_eq!(published(&c.diagnostics(&u, 1)).len(), 1);
    let err = c
        .request("initialize", json!({"capabilities": {}}))
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidRequest as i32);
}

#[test]
fn exit_before_initialize_ends_the_server_cleanly() {
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || tactful_lsp::run(server));
    client
        .sender
        .send(Notification::new("exit".into(), Value::Null).into())
        .unwrap();
    assert_eq!(
        handle.join().unwrap().unwrap(),
        tactful_lsp::Ending::ExitWithoutShutdown
    );
}

#[test]
fn exit_without_shutdown_is_exit_status_1_as_the_protocol_says() {
    // Initialized, then exit with no shutdown first.
    let mut p = Process::start();
    p.initialize();
    p.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let (code, stderr) = p.close_and_wait();
    assert_eq!(code, Some(1), "{stderr}");
    // Before initializing, too.
    let mut p = Process::start();
    p.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    assert_eq!(p.close_and_wait().0, Some(1));
}

#[test]
fn out_of_range_inverted_and_mid_character_edits_land_where_documented() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    let mut c = Client::start(tactful_lsp::Options::default(), json!({}));
    let mut text = String::from("Hi 🙂 Zoë,\n\nThanks for writing in.\n");
    c.open(&u, &text, 1);
    assert_matches(&published(&c.diagnostics(&u, 1)), &fresh(&text));

    // A line far past the end: the end of the text.
    c.change(
        &u,
        2,
        json!([{"range": range((999, 5), (1_000_000, 0)), "text": "Your DNS records moved."}]),
    );
    text.push_str("Your DNS records moved.");
    assert_matches(&published(&c.diagnostics(&u, 2)), &fresh(&text));

    // A column far past the end of its line: the end of that line (before its break).
    c.change(
        &u,
        3,
        json!([{"range": range((2, 4_000_000_000), (2, u32::MAX)), "text": " Ask me anything."}]),
    );
    text.insert_str(text.find(" in.").unwrap() + 4, " Ask me anything.");
    assert_matches(&published(&c.diagnostics(&u, 3)), &fresh(&text));

    // An inverted range is put the right way round: replaces "Thanks" on line 2.
    c.change(
        &u,
        4,
        json!([{"range": range((2, 6), (2, 0)), "text": "Many thanks"}]),
    );
    text = text.replacen("Thanks", "Many thanks", 1);
    assert_matches(&published(&c.diagnostics(&u, 4)), &fresh(&text));

    // Half of the emoji's surrogate pair: both ends move to the emoji's start, so the text
    // goes in before it and the emoji is kept whole.
    c.change(
        &u,
        5,
        json!([{"range": range((0, 4), (0, 4)), "text": "there "}]),
    );
    text = text.replacen("🙂", "there 🙂", 1);
    assert_matches(&published(&c.diagnostics(&u, 5)), &fresh(&text));

    // Several changes in one notification, each against the text the previous one left.
    c.change(
        &u,
        6,
        json!([
            {"range": range((0, 0), (0, 2)), "text": "Hello"},
            {"range": range((0, 0), (0, 5)), "text": "Dear"},
            {"range": range((0, 4), (0, 10)), "text": " SMTP"}
        ]),
    );
    text = text.replacen("Hi there", "Dear SMTP", 1);
    assert!(text.starts_with("Dear SMTP 🙂 Zoë,"), "{text}");
    assert_matches(&published(&c.diagnostics(&u, 6)), &fresh(&text));

    // From past the end back to the start: everything goes.
    c.change(
        &u,
        7,
        json!([{"range": range((u32::MAX, u32::MAX), (0, 0)), "text": ""}]),
    );
    assert!(c.diagnostics(&u, 7).is_empty());
    // Into the empty document, anywhere: at its start.
    c.change(
        &u,
        8,
        json!([{"range": range((5, 5), (9, 9)), "text": "Your DNS records moved."}]),
    );
    assert_matches(
        &published(&c.diagnostics(&u, 8)),
        &fresh("Your DNS records moved."),
    );
}

#[test]
fn versions_going_backwards_or_repeating_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    let mut c = Client::start(tactful_lsp::Options::default(), json!({}));
    c.open(&u, "Thanks for writing in.", 10);
    c.diagnostics(&u, 10);
    // Older and equal versions, and a negative one, would have added jargon: ignored.
    for v in [9, 10, -1, i64::from(i32::MIN)] {
        c.change(&u, v, json!([{"text": "Your SMTP relay is down."}]));
    }
    c.change(
        &u,
        11,
        json!([{"range": range((0, 0), (0, 0)), "text": "Hello. "}]),
    );
    let diagnostics = c.diagnostics(&u, 11);
    assert_matches(
        &published(&diagnostics),
        &fresh("Hello. Thanks for writing in."),
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    // A version that does not fit the protocol's integer is a bad notification: logged, and
    // the document is unchanged.
    c.change(
        &u,
        1_i64 << 40,
        json!([{"text": "Your SMTP relay is down."}]),
    );
    let logged = c.notification("window/logMessage", |p| {
        p["message"]
            .as_str()
            .unwrap()
            .contains("textDocument/didChange")
    });
    assert!(logged["message"].is_string());
    c.change(
        &u,
        12,
        json!([{"range": range((0, 0), (0, 0)), "text": "Hi. "}]),
    );
    assert!(c.diagnostics(&u, 12).is_empty());
}

#[test]
fn changes_and_closes_for_documents_that_are_not_open_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ghost = uri(&dir.path().join("ghost.md"));
    let real = uri(&dir.path().join("real.md"));
    let mut c = Client::start(tactful_lsp::Options::default(), json!({}));
    c.change(
        &ghost,
        2,
        json!([{"range": range((0, 0), (0, 0)), "text": "Your DNS is down."}]),
    );
    c.change(&ghost, 3, json!([{"text": "Your DNS is down."}]));
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": ghost}}),
    );
    // Checks are published in the order they were asked for, so once the real document's
    // diagnostics arrive, any for the ghost would have come first.
    c.open(&real, "Your DNS records moved.", 1);
    assert_eq!(published(&c.diagnostics(&real, 1)).len(), 1);
    assert!(!c.published_for(&ghost));
    // Closing it is answered with an empty set (harmless), and it stays closed.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": ghost}}),
    );
    let cleared = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == ghost.as_str()
    });
    assert_eq!(cleared["diagnostics"], json!([]));
    let lens = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": ghost}}),
        )
        .unwrap();
    assert_eq!(lens, json!([]));
}

#[test]
fn ten_thousand_rapid_edits_end_with_diagnostics_for_the_final_text() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    let mut c = Client::start(tactful_lsp::Options::default(), json!({}));
    let mut text = String::from("Hi Ana,\n\n");
    c.open(&u, &text, 1);
    // Typing, character by character, with a backspace now and then and a paragraph break
    // every so often; every edit a separate notification, none waited for.
    let typed = "Your DNS records and the SMTP relay were fixed today, so mail flows again. Can you check? ";
    let mut chars = typed.chars().cycle();
    let mut version = 1;
    let (mut line, mut column) = (2u32, 0u32);
    while version < 10_001 {
        version += 1;
        if version % 97 == 0 && column > 0 {
            text.pop();
            c.change(
                &u,
                version,
                json!([{"range": range((line, column - 1), (line, column)), "text": ""}]),
            );
            column -= 1;
        } else if version % 1_000 == 0 {
            text.push_str("\n\n");
            c.change(
                &u,
                version,
                json!([{"range": range((line, column), (line, column)), "text": "\n\n"}]),
            );
            line += 2;
            column = 0;
        } else {
            let ch = chars.next().unwrap();
            text.push(ch);
            c.change(
                &u,
                version,
                json!([{"range": range((line, column), (line, column)), "text": ch.to_string()}]),
            );
            column += 1;
        }
    }
    let last = c.diagnostics(&u, version);
    let expected = fresh(&text);
    assert!(
        expected.len() > 10,
        "the final text has findings: {expected:?}"
    );
    assert_matches(&published(&last), &expected);
    // Its metrics lens agrees with the same text.
    let lens = c
        .request("textDocument/codeLens", json!({"textDocument": {"uri": u}}))
        .unwrap();
    let words = check_fresh(&text).metrics.words;
    assert!(
        lens[0]["command"]["title"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{words} words")),
        "{lens} vs {words}"
    );
}

/// A check that fails inside for one document, and is the real check for every other.
fn panics_on_boom(
    uri: &lsp_types::Uri,
    engine: &Engine,
    settings: &Settings,
    input: &Input<'_>,
) -> tactful_core::Report {
    if uri.as_str().ends_with("/boom.md") {
        panic!("injected failure for {}", uri.as_str());
    }
    tactful_core::check(engine, settings, input)
}

#[test]
fn a_check_that_panics_is_reported_and_other_documents_are_still_served() {
    let dir = tempfile::tempdir().unwrap();
    let boom = uri(&dir.path().join("boom.md"));
    let fine = uri(&dir.path().join("fine.md"));
    let options = tactful_lsp::Options {
        check: panics_on_boom,
    };
    let mut c = Client::start(options, json!({}));
    c.open(&boom, "Your DNS records moved.", 1);
    let shown = c.notification("window/showMessage", |_| true);
    assert_eq!(shown["type"], 1, "an error: {shown}");
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains("failed inside tactful") && message.contains("injected failure"),
        "{message}"
    );
    let logged = c.notification("window/logMessage", |p| {
        p["message"].as_str().unwrap().contains("injected failure")
    });
    assert!(logged.is_object());

    c.open(&fine, "Your DNS records moved.", 1);
    assert_matches(
        &published(&c.diagnostics(&fine, 1)),
        &fresh("Your DNS records moved."),
    );
    // The failing document keeps failing on each edit, and the other keeps working.
    for v in 2..=4 {
        c.change(
            &boom,
            v,
            json!([{"text": format!("Edit {v}: your DNS records moved.")}]),
        );
        c.notification("window/showMessage", |p| {
            p["message"].as_str().unwrap().contains("injected failure")
        });
        let text = format!("Edit {v}: the SMTP relay is fixed.");
        c.change(&fine, v, json!([{"text": text}]));
        assert_matches(&published(&c.diagnostics(&fine, v)), &fresh(&text));
    }
    assert!(
        !c.published_for(&boom),
        "nothing is published for the failed document"
    );
}

#[test]
fn pulls_for_a_document_whose_check_panics_are_answered_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let boom = uri(&dir.path().join("boom.md"));
    let fine = uri(&dir.path().join("fine.md"));
    let options = tactful_lsp::Options {
        check: panics_on_boom,
    };
    let mut c = Client::start(options, json!({"textDocument": {"diagnostic": {}}}));
    c.open(&boom, "Your DNS records moved.", 1);
    c.open(&fine, "Your DNS records moved.", 1);
    // Each pull gets an answer, also after the first failure (not a wait for a check that
    // will never come).
    for _ in 0..3 {
        let report = c
            .request(
                "textDocument/diagnostic",
                json!({"textDocument": {"uri": boom}}),
            )
            .unwrap();
        assert_eq!(report["items"], json!([]), "{report}");
    }
    let report = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": fine}}),
        )
        .unwrap();
    assert_matches(
        &published(report["items"].as_array().unwrap()),
        &fresh("Your DNS records moved."),
    );
}
