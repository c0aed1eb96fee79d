//! `lsp`: an arbitrary session against the language server on an in-memory connection:
//! documents opened, edited (ranges in and out of the text, inverted, in UTF-16 or UTF-8
//! positions, versions forward, repeated and backward), closed and saved; settings changed;
//! pulls, hovers, code actions and lenses asked for, some with parameters that don't parse.
//! The server must not panic or hang, must answer every request exactly once (well-formed
//! ones with a result, others with the right error), and must shut down and exit cleanly.
#![no_main]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

/// How long the server may take to answer anything before it counts as hung. A check of a
/// small document takes milliseconds.
const PATIENCE: Duration = Duration::from_secs(10);
/// Bounds that keep one iteration cheap.
const MAX_OPS: usize = 24;
const MAX_TEXT: usize = 400;

/// A folder with a ticket file (so a draft beside it is checked against it) and a sub-folder
/// with a `tactful.toml`, made once per process.
fn workspace() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tactful-fuzz-lsp-{}", std::process::id()));
        let cfg = dir.join("cfg");
        std::fs::create_dir_all(&cfg).expect("the fuzz workspace can be made");
        std::fs::write(
            dir.join("reply.ticket.md"),
            "Hi,\n\nMy site has been down since this morning and we launch on Monday. \
             Why did this happen? Can you fix it today?\n",
        )
        .expect("the ticket file can be written");
        std::fs::write(
            cfg.join("tactful.toml"),
            "audience = \"novice\"\n[rules]\njargon = \"hint\"\n",
        )
        .expect("the config can be written");
        dir
    })
}

/// The documents a session can touch: (URI, language id).
fn documents() -> &'static [(String, &'static str)] {
    static DOCS: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let base = format!("file://{}", workspace().display());
        vec![
            (format!("{base}/reply.md"), "markdown"),
            (format!("{base}/reply.ticket.md"), "markdown"),
            (format!("{base}/cfg/notes.txt"), "plaintext"),
            (format!("{base}/cfg/tactful.toml"), "toml"),
            (format!("{base}/page.html"), "html"),
            ("untitled:Untitled-1".to_string(), "markdown"),
            (
                "file:///tactful-fuzz-nowhere/%C3%A9t%C3%A9/r%20eply.md".to_string(),
                "text",
            ),
            // A drive letter, a host and a query: a valid URI of an unusual shape.
            (
                "file://localhost/C:/tactful-fuzz-nowhere/R%C3%A9ply.MD?x=1".to_string(),
                "weird",
            ),
        ]
    })
}

#[derive(Arbitrary, Debug)]
struct Session {
    /// Offer UTF-8 positions (else the server uses UTF-16).
    utf8: bool,
    /// Pull diagnostics (else they are pushed).
    pull: bool,
    refresh: bool,
    related: bool,
    watch: bool,
    /// Send the temporary folder as the workspace root.
    root: bool,
    options: Option<ClientOptions>,
    ops: Vec<Op>,
}

#[derive(Arbitrary, Debug)]
struct ClientOptions {
    audience: u8,
    mode: u8,
    rule: u8,
    level: u8,
    nested: bool,
}

impl ClientOptions {
    fn to_json(&self) -> Value {
        const AUDIENCES: [&str; 4] = ["novice", "general", "technical", "experts"];
        const MODES: [&str; 3] = ["reply", "template", "draft"];
        const RULES: [&str; 5] = [
            "jargon",
            "unanswered-question",
            "lecture-length",
            "unfilled-placeholder",
            "no-such-rule",
        ];
        const LEVELS: [&str; 6] = ["off", "hint", "info", "warning", "error", "loud"];
        let settings = json!({
            "audience": AUDIENCES[usize::from(self.audience) % AUDIENCES.len()],
            "mode": MODES[usize::from(self.mode) % MODES.len()],
            "rules": { RULES[usize::from(self.rule) % RULES.len()]:
                LEVELS[usize::from(self.level) % LEVELS.len()] },
        });
        if self.nested {
            json!({ "tactful": settings })
        } else {
            settings
        }
    }
}

/// A coordinate: usually small (inside a small document), sometimes anything.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Coord {
    Small(u8),
    Any(u32),
}

impl Coord {
    fn get(self) -> u32 {
        match self {
            Coord::Small(n) => u32::from(n % 16),
            Coord::Any(n) => n,
        }
    }
}

#[derive(Arbitrary, Debug, Clone, Copy)]
struct Pos {
    line: Coord,
    character: Coord,
}

impl Pos {
    fn to_json(self) -> Value {
        json!({"line": self.line.get(), "character": self.character.get()})
    }
}

#[derive(Arbitrary, Debug)]
enum Version {
    Next,
    Same,
    Older,
    Any(i32),
}

#[derive(Arbitrary, Debug)]
struct Change {
    /// `None` replaces the whole text; ranges may be inverted or out of the text.
    range: Option<(Pos, Pos)>,
    text: String,
}

#[derive(Arbitrary, Debug)]
enum Op {
    Open {
        doc: u8,
        version: i32,
        text: String,
    },
    Change {
        doc: u8,
        version: Version,
        changes: Vec<Change>,
    },
    Close {
        doc: u8,
    },
    Save {
        doc: u8,
    },
    WatchedFile {
        doc: u8,
    },
    Configure(Option<ClientOptions>),
    /// A diagnostic pull; when `wait`, the client waits for the answer (so the document has
    /// been checked before the next request).
    Pull {
        doc: u8,
        wait: bool,
    },
    Hover {
        doc: u8,
        at: Pos,
    },
    CodeAction {
        doc: u8,
        start: Pos,
        end: Pos,
    },
    CodeLens {
        doc: u8,
    },
    /// A request the server does not handle.
    Unknown,
    /// A request the server handles, with parameters that are not what it takes.
    BadParams {
        method: u8,
    },
}

/// What the answer to a request must be.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Result,
    MethodNotFound,
    InvalidParams,
    /// After shutdown every request is refused.
    Refused,
}

fn cut(mut text: String) -> String {
    if text.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Every range in a diagnostics list runs forwards.
fn check_diagnostics(items: &Value, context: &str) {
    let Some(items) = items.as_array() else {
        panic!("diagnostics are not a list in {context}");
    };
    for d in items {
        let r = &d["range"];
        let at = |p: &Value| {
            (
                p["line"].as_u64().expect("a line number"),
                p["character"].as_u64().expect("a character number"),
            )
        };
        assert!(
            at(&r["start"]) <= at(&r["end"]),
            "a diagnostic's range runs backwards in {context}: {d}"
        );
    }
}

struct Client {
    conn: Connection,
    server: Option<JoinHandle<anyhow::Result<tactful_lsp::Ending>>>,
    next: i32,
    /// Requests sent and not yet answered, with what their answer must be.
    outstanding: HashMap<RequestId, (String, Expect)>,
    versions: HashMap<usize, i32>,
}

impl Client {
    fn start(session: &Session) -> Self {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || tactful_lsp::run(server));
        let mut c = Client {
            conn: client,
            server: Some(handle),
            next: 0,
            outstanding: HashMap::new(),
            versions: HashMap::new(),
        };
        let mut text_document = json!({});
        if session.pull {
            text_document["diagnostic"] = json!({});
        }
        if session.related {
            text_document["publishDiagnostics"] = json!({"relatedInformation": true});
        }
        let encodings = if session.utf8 {
            json!(["utf-8", "utf-16"])
        } else {
            json!(["utf-16"])
        };
        let mut params = json!({
            "capabilities": {
                "general": {"positionEncodings": encodings},
                "textDocument": text_document,
                "workspace": {
                    "didChangeWatchedFiles": {"dynamicRegistration": session.watch},
                    "diagnostics": {"refreshSupport": session.refresh},
                },
            },
        });
        if let Some(options) = &session.options {
            params["initializationOptions"] = options.to_json();
        }
        if session.root {
            params["rootUri"] = json!(format!("file://{}", workspace().display()));
        }
        let id = c.request("initialize", params, Expect::Result);
        c.wait_for(&id);
        c.notify("initialized", json!({}));
        c
    }

    fn request(&mut self, method: &str, params: Value, expect: Expect) -> RequestId {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.outstanding
            .insert(id.clone(), (method.to_string(), expect));
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .expect("the server's end of the connection is open");
        id
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.into(), params).into())
            .expect("the server's end of the connection is open");
    }

    /// Handles one message from the server.
    fn handle(&mut self, message: Message) {
        match message {
            Message::Response(Response {
                id,
                response_result,
            }) => {
                let Some((method, expect)) = self.outstanding.remove(&id) else {
                    panic!(
                        "an answer to a request that was not asked or was already answered: {id:?}"
                    );
                };
                match (expect, &response_result) {
                    (Expect::Result, Ok(value)) => {
                        if method == "textDocument/diagnostic" {
                            check_diagnostics(&value["items"], &method);
                        }
                    }
                    (Expect::MethodNotFound, Err(e)) => assert_eq!(
                        e.code,
                        lsp_server::ErrorCode::MethodNotFound as i32,
                        "{method}: {e:?}"
                    ),
                    (Expect::InvalidParams, Err(e)) => assert_eq!(
                        e.code,
                        lsp_server::ErrorCode::InvalidParams as i32,
                        "{method}: {e:?}"
                    ),
                    (Expect::Refused, Err(_)) => {}
                    _ => panic!("{method} was answered {response_result:?}, expected {expect:?}"),
                }
            }
            Message::Request(req) => {
                // Watcher registration, diagnostic refresh: accept.
                self.conn
                    .sender
                    .send(Response::new_ok(req.id, Value::Null).into())
                    .expect("the server's end of the connection is open");
            }
            Message::Notification(n) => {
                if n.method == "textDocument/publishDiagnostics" {
                    check_diagnostics(&n.params["diagnostics"], &n.method);
                }
            }
        }
    }

    /// Handles whatever the server has sent so far, without waiting.
    fn drain(&mut self) {
        while let Ok(message) = self.conn.receiver.try_recv() {
            self.handle(message);
        }
    }

    /// Handles messages until the request is answered.
    fn wait_for(&mut self, id: &RequestId) {
        let deadline = Instant::now() + PATIENCE;
        while self.outstanding.contains_key(id) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.conn.receiver.recv_timeout(left) {
                Ok(message) => self.handle(message),
                Err(_) => panic!(
                    "the server did not answer {:?} within {PATIENCE:?}",
                    self.outstanding.get(id)
                ),
            }
        }
    }

    fn doc(&self, doc: u8) -> (usize, &'static str, &'static str) {
        let docs = documents();
        let i = usize::from(doc) % docs.len();
        (i, docs[i].0.as_str(), docs[i].1)
    }

    fn run(&mut self, op: Op) {
        match op {
            Op::Open { doc, version, text } => {
                let (i, uri, language) = self.doc(doc);
                self.versions.insert(i, version);
                self.notify(
                    "textDocument/didOpen",
                    json!({"textDocument": {"uri": uri, "languageId": language,
                        "version": version, "text": cut(text)}}),
                );
            }
            Op::Change {
                doc,
                version,
                changes,
            } => {
                let (i, uri, _) = self.doc(doc);
                let current = self.versions.get(&i).copied().unwrap_or(0);
                let version = match version {
                    Version::Next => current.saturating_add(1),
                    Version::Same => current,
                    Version::Older => current.saturating_sub(1),
                    Version::Any(v) => v,
                };
                self.versions.insert(i, version.max(current));
                let changes: Vec<Value> = changes
                    .into_iter()
                    .take(4)
                    .map(|c| match c.range {
                        Some((start, end)) => json!({
                            "range": {"start": start.to_json(), "end": end.to_json()},
                            "text": cut(c.text),
                        }),
                        None => json!({"text": cut(c.text)}),
                    })
                    .collect();
                self.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version},
                        "contentChanges": changes}),
                );
            }
            Op::Close { doc } => {
                let (i, uri, _) = self.doc(doc);
                self.versions.remove(&i);
                self.notify(
                    "textDocument/didClose",
                    json!({"textDocument": {"uri": uri}}),
                );
            }
            Op::Save { doc } => {
                let (_, uri, _) = self.doc(doc);
                self.notify(
                    "textDocument/didSave",
                    json!({"textDocument": {"uri": uri}}),
                );
            }
            Op::WatchedFile { doc } => {
                let (_, uri, _) = self.doc(doc);
                self.notify(
                    "workspace/didChangeWatchedFiles",
                    json!({"changes": [{"uri": uri, "type": 2}]}),
                );
            }
            Op::Configure(options) => {
                let settings = options.map_or(Value::Null, |o| o.to_json());
                self.notify(
                    "workspace/didChangeConfiguration",
                    json!({ "settings": settings }),
                );
            }
            Op::Pull { doc, wait } => {
                let (_, uri, _) = self.doc(doc);
                let id = self.request(
                    "textDocument/diagnostic",
                    json!({"textDocument": {"uri": uri}}),
                    Expect::Result,
                );
                if wait {
                    self.wait_for(&id);
                }
            }
            Op::Hover { doc, at } => {
                let (_, uri, _) = self.doc(doc);
                self.request(
                    "textDocument/hover",
                    json!({"textDocument": {"uri": uri}, "position": at.to_json()}),
                    Expect::Result,
                );
            }
            Op::CodeAction { doc, start, end } => {
                let (_, uri, _) = self.doc(doc);
                self.request(
                    "textDocument/codeAction",
                    json!({"textDocument": {"uri": uri},
                        "range": {"start": start.to_json(), "end": end.to_json()},
                        "context": {"diagnostics": []}}),
                    Expect::Result,
                );
            }
            Op::CodeLens { doc } => {
                let (_, uri, _) = self.doc(doc);
                self.request(
                    "textDocument/codeLens",
                    json!({"textDocument": {"uri": uri}}),
                    Expect::Result,
                );
            }
            Op::Unknown => {
                self.request("textDocument/completion", json!({}), Expect::MethodNotFound);
            }
            Op::BadParams { method } => {
                const METHODS: [&str; 4] = [
                    "textDocument/diagnostic",
                    "textDocument/hover",
                    "textDocument/codeAction",
                    "textDocument/codeLens",
                ];
                let method = METHODS[usize::from(method) % METHODS.len()];
                self.request(method, json!({"textDocument": 7}), Expect::InvalidParams);
            }
        }
        self.drain();
    }

    /// Shutdown (every earlier request answered first), a refused request, then exit; the
    /// server's thread must end with `Ok`.
    fn finish(mut self) {
        let shutdown = self.request("shutdown", Value::Null, Expect::Result);
        self.wait_for(&shutdown);
        let late = self.request("textDocument/codeLens", json!({}), Expect::Refused);
        self.wait_for(&late);
        let deadline = Instant::now() + PATIENCE;
        while let Some(id) = self.outstanding.keys().next().cloned() {
            if Instant::now() > deadline {
                panic!("requests never answered: {:?}", self.outstanding);
            }
            self.wait_for(&id);
        }
        self.notify("exit", Value::Null);
        let handle = self.server.take().expect("the server thread is there");
        while !handle.is_finished() {
            assert!(
                Instant::now() < deadline + PATIENCE,
                "the server did not stop after exit"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        let result = handle.join().expect("the server thread does not panic");
        assert!(result.is_ok(), "the server ended with an error: {result:?}");
    }
}

fuzz_target!(|session: Session| {
    let mut client = Client::start(&session);
    for op in session.ops.into_iter().take(MAX_OPS) {
        client.run(op);
    }
    client.finish();
});
