//! The main loop: owns the state, handles every message, never runs a check itself.

use std::collections::HashMap;
use std::path::PathBuf;

use crossbeam_channel::{Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, LogMessage, Notification as _, PublishDiagnostics,
    ShowMessage,
};
use lsp_types::request::{
    CodeActionRequest, CodeLensRequest, DocumentDiagnosticRequest, HoverRequest,
    RegisterCapability, Request as _,
};
use lsp_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    LogMessageParams, MessageType, PublishDiagnosticsParams, Registration, RegistrationParams,
    ShowMessageParams, Uri,
};
use tactful_core::text::Encoding;
use tactful_core::{Engine, Format};

use crate::Ending;
use crate::documents::Document;
use crate::server::Init;
use crate::session::{ClientSettings, Configs};
use crate::worker::{self, Done, Job, TicketSnapshot};
use crate::{convert, handlers, paths, session};

/// Everything the server knows.
pub(crate) struct State {
    pub(crate) sender: Sender<Message>,
    pub(crate) encoding: Encoding,
    pub(crate) pull: bool,
    pub(crate) related_information: bool,
    /// Whether a pulling client supports `workspace/diagnostic/refresh`.
    refresh: bool,
    pub(crate) documents: HashMap<Uri, Document>,
    client: ClientSettings,
    configs: Configs,
    jobs: Sender<Job>,
    /// Draft → the ticket file it was last checked with.
    tickets: HashMap<Uri, PathBuf>,
    /// Pull requests waiting for a document's next check.
    waiting: HashMap<Uri, Vec<RequestId>>,
    shutting_down: bool,
    /// The workspace folders: tickets named in drafts must lie inside them.
    roots: Vec<PathBuf>,
}

enum Flow {
    Continue,
    Exit,
}

pub(crate) fn run(
    connection: Connection,
    params: InitializeParams,
    init: Init,
    options: crate::Options,
) -> anyhow::Result<Ending> {
    let engine: &'static Engine = match Engine::embedded() {
        Ok(e) => e,
        Err(err) => anyhow::bail!("the built-in rule packs failed to load: {err}"),
    };
    let (jobs, done) = worker::spawn(options.check);
    let (client, problems) = params
        .initialization_options
        .as_ref()
        .map(ClientSettings::from_json)
        .unwrap_or_default();
    let mut state = State {
        sender: connection.sender.clone(),
        encoding: init.encoding,
        pull: init.pull,
        related_information: init.related_information,
        refresh: init.refresh,
        documents: HashMap::new(),
        client,
        configs: Configs::new(engine),
        jobs,
        tickets: HashMap::new(),
        waiting: HashMap::new(),
        shutting_down: false,
        roots: workspace_roots(&params),
    };
    for p in problems {
        state.show(MessageType::WARNING, p);
    }
    if init.watch_files {
        state.watch_files();
    }
    state.log(format!(
        "tactful {} started (positions in {:?}, diagnostics {})",
        env!("CARGO_PKG_VERSION"),
        state.encoding,
        if state.pull {
            "pulled by the client"
        } else {
            "pushed"
        }
    ));
    loop {
        select! {
            recv(connection.receiver) -> message => {
                let Ok(message) = message else {
                    // The client went away without saying exit: stop, leave no orphan.
                    return Ok(Ending::ClientGone);
                };
                if let Flow::Exit = state.handle(message) {
                    return Ok(if state.shutting_down {
                        Ending::Shutdown
                    } else {
                        Ending::ExitWithoutShutdown
                    });
                }
            }
            recv(done) -> result => {
                if let Ok(result) = result {
                    state.finished(result);
                }
            }
        }
    }
}

/// The folders the client opened (workspace folders, else the root URI).
#[allow(deprecated)] // root_uri is deprecated in favour of workspace folders, which come first
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| paths::to_path(&f.uri))
        .collect();
    if !folders.is_empty() {
        return folders;
    }
    params
        .root_uri
        .as_ref()
        .and_then(paths::to_path)
        .into_iter()
        .collect()
}

impl State {
    pub(crate) fn send(&self, message: impl Into<Message>) {
        // A closed channel means the client is gone; the loop ends on the next receive.
        let _ = self.sender.send(message.into());
    }

    pub(crate) fn log(&self, message: String) {
        self.send(Notification::new(
            LogMessage::METHOD.into(),
            LogMessageParams {
                typ: MessageType::LOG,
                message,
            },
        ));
    }

    pub(crate) fn show(&self, typ: MessageType, message: String) {
        self.log(message.clone());
        self.send(Notification::new(
            ShowMessage::METHOD.into(),
            ShowMessageParams { typ, message },
        ));
    }

    fn watch_files(&self) {
        let watchers = [
            "**/tactful.toml",
            "**/*.ticket.md",
            "**/*.ticket.txt",
            "**/*.md",
            "**/*.txt",
        ]
        .iter()
        .map(|g| FileSystemWatcher {
            glob_pattern: GlobPattern::String((*g).into()),
            kind: None,
        })
        .collect();
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "tactful-watch".into(),
                method: DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            }],
        };
        self.send(Request::new(
            RequestId::from("tactful-register-watchers".to_string()),
            RegisterCapability::METHOD.into(),
            params,
        ));
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(req) => {
                if self.shutting_down {
                    self.send(Response::new_err(
                        req.id,
                        ErrorCode::InvalidRequest as i32,
                        "the server is shutting down".into(),
                    ));
                    return Flow::Continue;
                }
                if req.method == "shutdown" {
                    self.shutting_down = true;
                    self.send(Response::new_ok(req.id, serde_json::Value::Null));
                    return Flow::Continue;
                }
                self.request(req);
                Flow::Continue
            }
            Message::Notification(n) if n.method == "exit" => Flow::Exit,
            Message::Notification(n) => {
                self.notification(n);
                Flow::Continue
            }
            // Replies to our own requests (watcher registration) need no action.
            Message::Response(_) => Flow::Continue,
        }
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let outcome = match req.method.as_str() {
            DocumentDiagnosticRequest::METHOD => handlers::pull_diagnostics(self, req),
            CodeActionRequest::METHOD => handlers::code_actions(self, req),
            HoverRequest::METHOD => handlers::hover(self, req),
            CodeLensRequest::METHOD => handlers::code_lens(self, req),
            "initialize" => {
                self.send(Response::new_err(
                    id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is already initialized".into(),
                ));
                return;
            }
            method => Err(handlers::Failure::NotFound(method.to_string())),
        };
        match outcome {
            Ok(Some(value)) => self.send(Response::new_ok(id, value)),
            Ok(None) => {} // answered later (a pull waiting for its check)
            Err(handlers::Failure::NotFound(method)) => self.send(Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("tactful does not handle `{method}`"),
            )),
            Err(handlers::Failure::BadParams(why)) => self.send(Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("the parameters could not be read: {why}"),
            )),
        }
    }

    fn notification(&mut self, n: Notification) {
        let method = n.method.clone();
        let result = match method.as_str() {
            DidOpenTextDocument::METHOD => n
                .extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                .map(|p| {
                    let doc = p.text_document;
                    let document =
                        Document::new(doc.text, doc.version, &doc.language_id, doc.uri.as_str());
                    self.documents.insert(doc.uri.clone(), document);
                    self.changed(&doc.uri);
                }),
            DidChangeTextDocument::METHOD => n
                .extract::<lsp_types::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                .map(|p| {
                    let uri = p.text_document.uri;
                    let encoding = self.encoding;
                    match self.documents.get_mut(&uri) {
                        // Versions only go forward; an older change is out of order and dropped.
                        Some(doc) if p.text_document.version > doc.version => {
                            doc.apply(p.content_changes, p.text_document.version, encoding);
                            self.changed(&uri);
                        }
                        Some(_) => self.log(format!(
                            "ignored a change to {} with an old version ({})",
                            uri.as_str(),
                            p.text_document.version
                        )),
                        None => self.log(format!(
                            "ignored a change to {}, which is not open",
                            uri.as_str()
                        )),
                    }
                }),
            DidCloseTextDocument::METHOD => n
                .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                .map(|p| {
                    let uri = p.text_document.uri;
                    self.documents.remove(&uri);
                    self.tickets.remove(&uri);
                    self.answer_waiting(&uri, Vec::new());
                    if !self.pull {
                        self.publish(&uri, Vec::new(), None);
                    }
                    // Drafts that used this buffer as their ticket fall back to the file on disk.
                    self.recheck_dependents(&uri);
                }),
            DidSaveTextDocument::METHOD => n
                .extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                .map(|p| {
                    if p.text_document.uri.as_str().ends_with("tactful.toml") {
                        self.configs.invalidate();
                        self.recheck_all();
                    }
                }),
            DidChangeConfiguration::METHOD => n
                .extract::<lsp_types::DidChangeConfigurationParams>(DidChangeConfiguration::METHOD)
                .map(|p| {
                    let (client, problems) = ClientSettings::from_json(&p.settings);
                    for problem in problems {
                        self.show(MessageType::WARNING, problem);
                    }
                    // A client that sends nothing of ours (null, `{}`, another server's
                    // settings) keeps what it had, e.g. its initialization options.
                    if ClientSettings::mentions_tactful(&p.settings) {
                        self.client = client;
                    }
                    self.configs.invalidate();
                    self.recheck_all();
                }),
            DidChangeWatchedFiles::METHOD => n
                .extract::<lsp_types::DidChangeWatchedFilesParams>(DidChangeWatchedFiles::METHOD)
                .map(|p| {
                    let config = p
                        .changes
                        .iter()
                        .any(|c| c.uri.as_str().ends_with("tactful.toml"));
                    if config {
                        self.configs.invalidate();
                        self.recheck_all();
                    } else {
                        for change in &p.changes {
                            self.recheck_dependents(&change.uri);
                        }
                    }
                }),
            _ => Ok(()),
        };
        if let Err(err) = result {
            self.log(format!("could not read a `{method}` notification: {err}"));
        }
    }

    /// A document changed: check it, and the drafts that use it as their ticket.
    fn changed(&mut self, uri: &Uri) {
        self.schedule(uri);
        self.recheck_dependents(uri);
    }

    fn recheck_dependents(&mut self, ticket: &Uri) {
        let Some(path) = paths::to_path(ticket) else {
            return;
        };
        let dependents: Vec<Uri> = self
            .tickets
            .iter()
            .filter(|(draft, t)| **t == path && *draft != ticket)
            .map(|(draft, _)| draft.clone())
            .collect();
        for draft in dependents {
            self.schedule(&draft);
        }
    }

    fn recheck_all(&mut self) {
        let uris: Vec<Uri> = self.documents.keys().cloned().collect();
        for uri in uris {
            self.schedule(&uri);
        }
    }

    /// Sends a check of the document's current version to the worker.
    pub(crate) fn schedule(&mut self, uri: &Uri) {
        match self.documents.get_mut(uri) {
            Some(doc) => {
                doc.generation += 1;
                doc.pending = true;
            }
            None => return,
        }
        let Some(doc) = self.documents.get(uri) else {
            return;
        };
        let path = paths::to_path(uri);
        if path.as_deref().is_some_and(session::is_ticket_file) {
            return; // a ticket is the customer's text, not a draft
        }
        let mut problems = Vec::new();
        let (settings, engine) = self
            .configs
            .resolve(path.as_deref(), &self.client, &mut problems);
        let ticket_path = path
            .as_deref()
            .and_then(|p| session::ticket_for(p, &doc.text, &self.roots));
        let ticket = ticket_path.as_ref().and_then(|p| self.ticket_text(p));
        let job = Job {
            uri: uri.clone(),
            version: doc.version,
            generation: doc.generation,
            text: doc.text.clone(),
            index: doc.index.clone(),
            format: doc.format,
            ticket,
            settings,
            engine,
        };
        match ticket_path {
            Some(p) => self.tickets.insert(uri.clone(), p),
            None => self.tickets.remove(uri),
        };
        for problem in problems {
            self.show(MessageType::ERROR, problem);
        }
        if self.jobs.send(job).is_err() {
            self.show(
                MessageType::ERROR,
                "tactful's checking thread has stopped; restart the language server".into(),
            );
        }
    }

    /// The ticket for a job: the editor's buffer when it is open, else the path for the
    /// worker to read.
    fn ticket_text(&self, path: &std::path::Path) -> Option<TicketSnapshot> {
        let uri = paths::to_uri(path)?;
        let format = Format::from_path(&path.to_string_lossy());
        let text = self.documents.get(&uri).map(|doc| doc.text.clone());
        Some(TicketSnapshot {
            uri,
            text,
            path: path.to_path_buf(),
            format,
        })
    }

    /// A check finished: keep it if it is for the current version, publish, answer pulls.
    fn finished(&mut self, done: Done) {
        let Done {
            uri,
            version,
            generation,
            outcome,
        } = done;
        let checked = match outcome {
            Ok(c) => c,
            Err(message) => {
                self.show(MessageType::ERROR, message);
                // Nobody waits for ever: pulls for this document get an empty report, and a
                // later pull asks for a new check instead of waiting for this one.
                if let Some(doc) = self.documents.get_mut(&uri)
                    && doc.version == version
                    && doc.generation == generation
                {
                    doc.pending = false;
                }
                self.answer_waiting(&uri, Vec::new());
                return;
            }
        };
        for problem in &checked.report.internal_errors {
            self.log(problem.clone());
        }
        let Some(doc) = self.documents.get_mut(&uri) else {
            return;
        };
        if checked.version != doc.version || checked.generation != doc.generation {
            return; // stale: a newer check is on its way
        }
        doc.pending = false;
        let refreshed = doc
            .checked
            .as_ref()
            .is_some_and(|c| c.version == checked.version);
        let diagnostics =
            convert::diagnostics(&uri, &checked, self.encoding, self.related_information);
        let version = checked.version;
        doc.checked = Some(checked);
        self.answer_waiting(&uri, diagnostics.clone());
        if !self.pull {
            self.publish(&uri, diagnostics, Some(version));
        } else if refreshed {
            // The text did not change but the findings may have (settings, config, ticket): a
            // pulling client must be told to ask again, or be sent them.
            if self.refresh {
                self.send(Request::new(
                    RequestId::from(format!("tactful-refresh-{}", uri.as_str())),
                    "workspace/diagnostic/refresh".into(),
                    serde_json::Value::Null,
                ));
            } else {
                self.publish(&uri, diagnostics, Some(version));
            }
        }
    }

    fn publish(&self, uri: &Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.send(Notification::new(
            PublishDiagnostics::METHOD.into(),
            PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics,
                version,
            },
        ));
    }

    /// Registers a pull request to be answered after the document's next check (scheduling
    /// one only if none is on its way, so a pull never doubles the work of an edit).
    pub(crate) fn wait_for_check(&mut self, uri: Uri, id: RequestId) {
        self.waiting.entry(uri.clone()).or_default().push(id);
        let pending = self.documents.get(&uri).is_some_and(|d| d.pending);
        if !pending {
            self.schedule(&uri);
        }
    }

    /// Answers the pull requests waiting for a document.
    fn answer_waiting(&mut self, uri: &Uri, diagnostics: Vec<lsp_types::Diagnostic>) {
        if let Some(waiting) = self.waiting.remove(uri) {
            for id in waiting {
                self.send(Response::new_ok(
                    id,
                    handlers::full_report(diagnostics.clone()),
                ));
            }
        }
    }
}
