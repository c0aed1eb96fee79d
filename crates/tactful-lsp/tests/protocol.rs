//! Protocol tests over an in-memory connection: the server runs on a thread, the test plays
//! the client.
#![allow(clippy::unwrap_used)]

use std::collections::VecDeque;
use std::path::Path;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

const DRAFT: &str = "Hi Zoë 🙂,\n\nYour DNS records still point at the old host, so propagation hasn't finished.\n\nBest,\nAna";

struct Client {
    conn: Connection,
    server: Option<JoinHandle<anyhow::Result<tactful_lsp::Ending>>>,
    next: i32,
    inbox: VecDeque<Message>,
}

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

impl Client {
    fn start(capabilities: Value, options: Value) -> (Self, Value) {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || tactful_lsp::run(server));
        let mut c = Client {
            conn: client,
            server: Some(handle),
            next: 0,
            inbox: VecDeque::new(),
        };
        let result = c.request(
            "initialize",
            json!({"capabilities": capabilities, "initializationOptions": options}),
        );
        c.notify("initialized", json!({}));
        (c, result)
    }

    fn recv(&mut self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        match self.request_raw(method, params) {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {e:?}"),
        }
    }

    fn request_raw(
        &mut self,
        method: &str,
        params: Value,
    ) -> Result<Value, lsp_server::ResponseError> {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .unwrap();
        loop {
            match self.recv() {
                Message::Response(Response {
                    id: rid,
                    response_result,
                }) if rid == id => return response_result,
                Message::Request(req) => {
                    // Registration of file watchers: accept it.
                    self.conn
                        .sender
                        .send(Response::new_ok(req.id, Value::Null).into())
                        .unwrap();
                }
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

    /// The next notification with this method (earlier ones of other kinds are kept).
    fn notification(&mut self, method: &str, matches: impl Fn(&Value) -> bool) -> Value {
        let queued = self.inbox.iter().position(
            |m| matches!(m, Message::Notification(n) if n.method == method && matches(&n.params)),
        );
        if let Some(Message::Notification(n)) = queued.and_then(|i| self.inbox.remove(i)) {
            return n.params;
        }
        loop {
            match self.recv() {
                Message::Notification(n) if n.method == method && matches(&n.params) => {
                    return n.params;
                }
                Message::Request(req) => {
                    self.conn
                        .sender
                        .send(Response::new_ok(req.id, Value::Null).into())
                        .unwrap();
                }
                other => self.inbox.push_back(other),
            }
        }
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let params = self.notification("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["version"] == version
        });
        params["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
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
}

impl Drop for Client {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let _ = self.request_raw("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        if let Some(handle) = self.server.take() {
            let result = handle.join().expect("the server thread does not panic");
            assert!(result.is_ok(), "{result:?}");
        }
    }
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn find<'a>(diagnostics: &'a [Value], code: &str, text_starts: &str, text: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| {
            d["code"] == code && {
                let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
                let line_text = text.lines().nth(line).unwrap_or("");
                let ch = d["range"]["start"]["character"].as_u64().unwrap() as usize;
                let units: Vec<u16> = line_text.encode_utf16().collect();
                String::from_utf16_lossy(&units[ch.min(units.len())..]).starts_with(text_starts)
            }
        })
        .unwrap_or_else(|| panic!("no {code} at “{text_starts}” in {diagnostics:#?}"))
}

#[test]
fn initialize_negotiates_encoding_and_incremental_sync() {
    let (_c, result) = Client::start(json!({}), Value::Null);
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(result["capabilities"]["textDocumentSync"]["change"], 2);
    assert_eq!(result["serverInfo"]["name"], "tactful");
    let (_c, result) = Client::start(
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        Value::Null,
    );
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
}

#[test]
fn diagnostics_on_open_with_utf16_ranges_and_incremental_edits() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    let (mut c, _) = Client::start(json!({}), Value::Null);
    c.open(&u, DRAFT, 1);
    let diags = c.diagnostics(&u, 1);
    let dns = find(&diags, "jargon", "DNS records", DRAFT);
    assert_eq!(dns["source"], "tactful");
    assert_eq!(dns["range"]["start"], json!({"line": 2, "character": 5}));
    assert_eq!(dns["range"]["end"], json!({"line": 2, "character": 16}));
    assert!(
        dns["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("#jargon")
    );

    // Replace "DNS records" with plain words, in one incremental change.
    c.change(&u, 2, json!([{"range": {"start": {"line": 2, "character": 5}, "end": {"line": 2, "character": 16}}, "text": "address settings"}]));
    let diags = c.diagnostics(&u, 2);
    assert!(
        !diags
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("DNS")),
        "{diags:#?}"
    );
}

#[test]
fn utf8_positions_when_negotiated() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    let (mut c, _) = Client::start(
        json!({"general": {"positionEncodings": ["utf-8"]}}),
        Value::Null,
    );
    let text = "Hi Zoë 🙂 your DNS is fine.";
    c.open(&u, text, 1);
    let diags = c.diagnostics(&u, 1);
    let dns = diags.iter().find(|d| d["code"] == "jargon").unwrap();
    assert_eq!(
        dns["range"]["start"]["character"].as_u64().unwrap() as usize,
        text.find("DNS").unwrap()
    );
}

#[test]
fn a_burst_of_edits_ends_with_the_last_versions_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    let (mut c, _) = Client::start(json!({}), Value::Null);
    c.open(&u, "Hello.", 1);
    for v in 2..=60 {
        c.change(&u, v, json!([{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]));
    }
    c.change(&u, 61, json!([{"text": "Your SMTP relay is down."}]));
    let diags = c.diagnostics(&u, 61);
    assert_eq!(codes(&diags), ["jargon"]);
    // Out-of-order and unknown documents are ignored without harm.
    c.change(&u, 5, json!([{"text": "old"}]));
    c.change("file:///nowhere.md", 3, json!([{"text": "x"}]));
    let lens = c.request("textDocument/codeLens", json!({"textDocument": {"uri": u}}));
    assert!(
        lens[0]["command"]["title"]
            .as_str()
            .unwrap()
            .contains("words"),
        "{lens}"
    );
}

#[test]
fn quick_fix_replaces_jargon_and_hover_explains() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    let (mut c, _) = Client::start(json!({}), Value::Null);
    let text = "Propagation can take a day.";
    c.open(&u, text, 1);
    let diags = c.diagnostics(&u, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "jargon")
        .unwrap()
        .clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    let edit = &fix["edit"]["changes"][&u][0];
    let start = edit["range"]["start"]["character"].as_u64().unwrap() as usize;
    let end = edit["range"]["end"]["character"].as_u64().unwrap() as usize;
    let fixed = format!(
        "{}{}{}",
        &text[..start],
        edit["newText"].as_str().unwrap(),
        &text[end..]
    );
    assert!(!fixed.to_lowercase().contains("propagation"), "{fixed}");
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Disable jargon for this line"),
        "{titles:?}"
    );

    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 3}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("jargon") && value.contains("Why it matters"),
        "{value}"
    );
}

#[test]
fn pull_diagnostics_for_clients_that_ask() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    let (mut c, result) = Client::start(json!({"textDocument": {"diagnostic": {}}}), Value::Null);
    assert_eq!(
        result["capabilities"]["diagnosticProvider"]["identifier"],
        "tactful"
    );
    c.open(&u, "Check the MX record.", 1);
    let report = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(report["kind"], "full");
    assert!(codes(report["items"].as_array().unwrap()).contains(&"jargon".to_string()));
}

#[test]
fn ticket_beside_the_draft_and_its_edits() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("reply.md");
    let ticket = dir.path().join("reply.ticket.md");
    std::fs::write(
        &ticket,
        "Can I export my invoices? And can I change the billing email?",
    )
    .unwrap();
    let (mut c, _) = Client::start(
        json!({"textDocument": {"publishDiagnostics": {"relatedInformation": true}}}),
        Value::Null,
    );
    let u = uri(&draft);
    c.open(
        &u,
        "Yes: open Billing and click Export invoices to download them all.",
        1,
    );
    let diags = c.diagnostics(&u, 1);
    let unanswered = diags
        .iter()
        .find(|d| d["code"] == "unanswered-question")
        .unwrap();
    let related = &unanswered["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], uri(&ticket));
    assert_eq!(related["message"], "asked here");

    // The customer's message edited in the editor: the draft is checked again.
    let t = uri(&ticket);
    c.open(&t, "Can I export my invoices?", 1);
    let params = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == u.as_str()
    });
    assert!(
        !codes(params["diagnostics"].as_array().unwrap())
            .contains(&"unanswered-question".to_string())
    );
}

#[test]
fn config_file_client_settings_and_a_broken_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("tactful.toml");
    std::fs::write(&config, "audience = \"technical\"\n").unwrap();
    let (mut c, _) = Client::start(
        json!({}),
        json!({"tactful": {"rules": {"lecture-length": "off"}}}),
    );
    let u = uri(&dir.path().join("reply.md"));
    c.open(&u, "Your DNS points at the old server.", 1);
    assert!(c.diagnostics(&u, 1).is_empty());

    // The client overrides the file.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"tactful": {"audience": "general"}}}),
    );
    let params = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == u.as_str()
    });
    assert_eq!(codes(params["diagnostics"].as_array().unwrap()), ["jargon"]);

    // A broken config is shown with its file, line and key; the last good one stays.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"tactful": {}}}),
    );
    let _ = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == u.as_str()
    });
    std::fs::write(&config, "audience = \"technical\"\naudiance = 1\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    let shown = c.notification("window/showMessage", |_| true);
    let message = shown["message"].as_str().unwrap();
    assert!(
        message.contains("tactful.toml:2") && message.contains("audiance"),
        "{message}"
    );
    let params = c.notification("textDocument/publishDiagnostics", |p| {
        p["uri"] == u.as_str()
    });
    assert!(
        params["diagnostics"].as_array().unwrap().is_empty(),
        "technical still in force"
    );
}

#[test]
fn unknown_methods_and_bad_params() {
    let (mut c, _) = Client::start(json!({}), Value::Null);
    let err = c
        .request_raw("textDocument/definition", json!({}))
        .unwrap_err();
    assert_eq!(err.code, lsp_server::ErrorCode::MethodNotFound as i32);
    let err = c
        .request_raw("textDocument/hover", json!({"nonsense": true}))
        .unwrap_err();
    assert_eq!(err.code, lsp_server::ErrorCode::InvalidParams as i32);
    // Notifications the server does not know are ignored; it still answers afterwards.
    c.notify("$/unknown", json!({}));
    let err = c
        .request_raw("workspace/symbol", json!({"query": ""}))
        .unwrap_err();
    assert_eq!(err.code, lsp_server::ErrorCode::MethodNotFound as i32);
}

#[test]
fn the_server_stops_when_the_client_vanishes() {
    let (server, client) = Connection::memory();
    let handle = std::thread::spawn(move || tactful_lsp::run(server));
    client
        .sender
        .send(
            Request::new(
                RequestId::from(1),
                "initialize".into(),
                json!({"capabilities": {}}),
            )
            .into(),
        )
        .unwrap();
    let _ = client
        .receiver
        .recv_timeout(Duration::from_secs(10))
        .unwrap();
    client
        .sender
        .send(Notification::new("initialized".into(), json!({})).into())
        .unwrap();
    drop(client);
    assert_eq!(
        handle.join().unwrap().unwrap(),
        tactful_lsp::Ending::ClientGone
    );
}

#[test]
fn empty_settings_keep_the_initialization_options() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    let (mut c, _) = Client::start(json!({}), json!({"tactful": {"audience": "technical"}}));
    c.notify("workspace/didChangeConfiguration", json!({"settings": {}}));
    c.open(&u, "Your DNS points at the old server.", 1);
    assert!(c.diagnostics(&u, 1).is_empty(), "technical still in force");
}

#[test]
fn pulling_clients_are_asked_to_refresh_when_settings_change() {
    let dir = tempfile::tempdir().unwrap();
    let u = uri(&dir.path().join("reply.md"));
    let caps = json!({"textDocument": {"diagnostic": {}}, "workspace": {"diagnostics": {"refreshSupport": true}}});
    let (mut c, _) = Client::start(caps, Value::Null);
    c.open(&u, "Your DNS points at the old server.", 1);
    let report = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(codes(report["items"].as_array().unwrap()), ["jargon"]);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"tactful": {"audience": "technical"}}}),
    );
    // The server asks the client to pull again; the new pull sees the new settings.
    loop {
        match c.recv() {
            Message::Request(req) if req.method == "workspace/diagnostic/refresh" => {
                c.conn
                    .sender
                    .send(Response::new_ok(req.id, Value::Null).into())
                    .unwrap();
                break;
            }
            Message::Request(req) => {
                c.conn
                    .sender
                    .send(Response::new_ok(req.id, Value::Null).into())
                    .unwrap();
            }
            _ => {}
        }
    }
    let report = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    assert!(report["items"].as_array().unwrap().is_empty(), "{report}");
}

#[test]
fn a_folders_ticket_md_is_the_drafts_ticket_and_is_not_checked_itself() {
    let dir = tempfile::tempdir().unwrap();
    let ticket = dir.path().join("ticket.md");
    std::fs::write(
        &ticket,
        "Can I export my invoices? And can I change the billing email?",
    )
    .unwrap();
    let (mut c, _) = Client::start(json!({}), Value::Null);
    let u = uri(&dir.path().join("reply.md"));
    c.open(
        &u,
        "Yes: open Billing and click Export invoices to download them all.",
        1,
    );
    assert!(codes(&c.diagnostics(&u, 1)).contains(&"unanswered-question".to_string()));
}

#[test]
fn a_draft_cannot_make_the_server_read_outside_its_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let workspace = dir.path().join("workspace");
    std::fs::create_dir_all(&workspace).unwrap();
    // A file outside the workspace, named by the draft's front matter.
    std::fs::write(dir.path().join("secret.md"), "What is the admin password?").unwrap();
    let (mut c, _) = Client::start(json!({}), Value::Null);
    let u = uri(&workspace.join("reply.md"));
    c.open(
        &u,
        "---\nticket: ../secret.md\n---\nThanks for writing in.",
        1,
    );
    let diags = c.diagnostics(&u, 1);
    assert!(
        !codes(&diags).contains(&"unanswered-question".to_string()),
        "{diags:#?}"
    );
    // Inside the draft's folder it is used.
    std::fs::write(workspace.join("t.md"), "What is the admin password?").unwrap();
    c.change(
        &u,
        2,
        json!([{"text": "---\nticket: t.md\n---\nThanks for writing in."}]),
    );
    assert!(codes(&c.diagnostics(&u, 2)).contains(&"unanswered-question".to_string()));
}

#[test]
fn pulls_for_a_ticket_file_are_answered_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let t = uri(&dir.path().join("reply.ticket.md"));
    let (mut c, _) = Client::start(json!({"textDocument": {"diagnostic": {}}}), Value::Null);
    c.open(&t, "Can I export my invoices?", 1);
    let report = c.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": t}}),
    );
    assert!(report["items"].as_array().unwrap().is_empty(), "{report}");
}
