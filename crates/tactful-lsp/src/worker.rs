//! The worker: runs checks off the main loop, newest version of each document first.
//!
//! Jobs queue up while a check runs; the worker then takes all of them at once and keeps only
//! the latest job per document, so a burst of keystrokes costs one check. A check that panics
//! is caught and reported; the worker and the server keep running.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};
use lsp_types::Uri;
use tactful_core::{Format, Input, LineIndex, Settings};

use crate::CheckFn;
use crate::documents::Checked;
use crate::session::EngineRef;

/// A separate ticket for a job: the editor's buffer when it is open, else its file, read by
/// the worker so the main loop never waits on the disk.
pub(crate) struct TicketSnapshot {
    pub(crate) uri: Uri,
    pub(crate) text: Option<Arc<str>>,
    pub(crate) path: std::path::PathBuf,
    pub(crate) format: Format,
}

impl TicketSnapshot {
    /// The ticket's text; a file that can't be read as UTF-8 means no ticket.
    fn load(self) -> Option<(Uri, Arc<str>, Format)> {
        let text = match self.text {
            Some(text) => text,
            None => Arc::from(String::from_utf8(std::fs::read(&self.path).ok()?).ok()?),
        };
        Some((self.uri, text, self.format))
    }
}

/// A check to run.
pub(crate) struct Job {
    pub(crate) uri: Uri,
    pub(crate) version: i32,
    pub(crate) generation: u64,
    pub(crate) text: Arc<str>,
    pub(crate) index: Arc<LineIndex>,
    pub(crate) format: Format,
    pub(crate) ticket: Option<TicketSnapshot>,
    pub(crate) settings: Settings,
    pub(crate) engine: EngineRef,
}

/// A finished check.
pub(crate) struct Done {
    pub(crate) uri: Uri,
    /// The version and generation checked (also in `Checked`, but needed when it failed).
    pub(crate) version: i32,
    pub(crate) generation: u64,
    pub(crate) outcome: Result<Checked, String>,
}

/// Starts the worker thread; it ends when the job sender is dropped.
pub(crate) fn spawn(check: CheckFn) -> (Sender<Job>, Receiver<Done>) {
    let (job_tx, job_rx) = crossbeam_channel::unbounded::<Job>();
    let (done_tx, done_rx) = crossbeam_channel::unbounded::<Done>();
    let spawned = std::thread::Builder::new()
        .name("tactful-check".into())
        .spawn(move || {
            while let Ok(first) = job_rx.recv() {
                let mut latest: HashMap<Uri, Job> = HashMap::new();
                let mut order: Vec<Uri> = Vec::new();
                for job in std::iter::once(first).chain(job_rx.try_iter()) {
                    if !latest.contains_key(&job.uri) {
                        order.push(job.uri.clone());
                    }
                    latest.insert(job.uri.clone(), job);
                }
                for uri in order {
                    let Some(job) = latest.remove(&uri) else {
                        continue;
                    };
                    let (version, generation) = (job.version, job.generation);
                    let outcome = run(job, check);
                    let done = Done {
                        uri,
                        version,
                        generation,
                        outcome,
                    };
                    if done_tx.send(done).is_err() {
                        return;
                    }
                }
            }
        });
    if spawned.is_err() {
        // Without a worker nothing can be checked; the main loop reports it when sending.
    }
    (job_tx, done_rx)
}

fn run(job: Job, check: CheckFn) -> Result<Checked, String> {
    let Job {
        uri,
        version,
        generation,
        text,
        index,
        format,
        ticket,
        settings,
        engine,
    } = job;
    let ticket = ticket.and_then(TicketSnapshot::load);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let input = Input {
            draft: &text,
            format,
            ticket: ticket.as_ref().map(|(_, text, format)| (&**text, *format)),
        };
        check(&uri, engine.get(), &settings, &input)
    }));
    match outcome {
        Ok(report) => Ok(Checked {
            version,
            generation,
            text,
            index,
            report,
            ticket: ticket.map(|(uri, text, _)| {
                let index = Arc::new(LineIndex::new(&text));
                (uri, text, index)
            }),
        }),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(format!(
                "checking this document failed inside tactful ({what}); this is a bug, please report it with the text"
            ))
        }
    }
}
