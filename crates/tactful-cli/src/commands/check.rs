//! `tactful check`: resolve inputs, run the core on each draft, render the findings.
//!
//! Drafts stream through three stages, so memory stays bounded however large the tree: a
//! producer thread reads and prepares the drafts in order (settings, front matter, ticket), a
//! pool of workers checks them, and this thread renders each draft as soon as every earlier
//! one is rendered, then drops its text and report. Problems met while preparing a draft travel
//! in the same ordered stream, so messages come out in the order of the drafts, as the output
//! does. At most a few drafts per worker are in flight at any time.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};
use tactful_core::{Audience, Format, Input, Mode, Report, check, front_matter};

use crate::args::{AudienceArg, CheckArgs, ColorChoice, Format as OutputFormat, ModeArg};
use crate::inputs::{self, Configs, Target};
use crate::render::Stream;
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE, Io};
use crate::{baseline, render};

/// A text and the name it is shown under.
pub(crate) struct Named {
    pub(crate) name: String,
    pub(crate) text: String,
}

/// One checked draft.
pub(crate) struct Checked {
    pub(crate) draft: Named,
    /// A separate ticket file, when one was used (shared by every draft when given once with
    /// `--ticket`).
    pub(crate) ticket: Option<Arc<Named>>,
    pub(crate) report: Report,
}

/// Drafts waiting for a worker, and results waiting to be rendered, per worker thread.
const IN_FLIGHT_PER_THREAD: usize = 4;

pub(crate) fn run(args: &CheckArgs, io: &mut Io<'_>) -> anyhow::Result<u8> {
    // Compiling the built-in packs takes a while; it overlaps finding and reading the drafts.
    inputs::warm_up();
    let mut trouble = false;
    let mut configs = match Configs::new(args.config.as_deref(), args.isolated) {
        Ok(c) => c,
        Err(message) => {
            writeln!(io.stderr, "error: {message}")?;
            return Ok(EXIT_TROUBLE);
        }
    };
    let stdin_count = args.paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin_count > 1 {
        writeln!(io.stderr, "error: `-` (stdin) can be given only once")?;
        return Ok(EXIT_TROUBLE);
    }
    if stdin_count == 1 && args.ticket.as_ref().is_some_and(|t| t.as_os_str() == "-") {
        writeln!(
            io.stderr,
            "error: `-` was given both as the draft and as --ticket, but stdin can hold only one \
             of them; put the ticket or the draft in a file"
        )?;
        return Ok(EXIT_TROUBLE);
    }
    let ticket = match &args.ticket {
        Some(path) => match read_ticket(path, io) {
            Ok((path, text)) => Some(Arc::new(Named {
                name: path.display().to_string(),
                text,
            })),
            Err(message) => {
                writeln!(io.stderr, "error: {message}; nothing was checked")?;
                return Ok(EXIT_TROUBLE);
            }
        },
        None => None,
    };

    let mut targets = Vec::new();
    // A file named twice, or named and also inside a directory given, is checked once.
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for path in &args.paths {
        let (mut includes, mut excludes) = if path.is_dir() {
            match configs.for_path(Some(&path.join("_"))) {
                Ok(loaded) => (loaded.config.include.clone(), loaded.config.exclude.clone()),
                Err(_) => (Vec::new(), Vec::new()),
            }
        } else {
            (Vec::new(), Vec::new())
        };
        includes.extend(args.include.iter().cloned());
        excludes.extend(args.exclude.iter().cloned());
        let (found, problems) = inputs::expand(std::slice::from_ref(path), &includes, &excludes);
        for problem in problems {
            writeln!(io.stderr, "error: {problem}")?;
            trouble = true;
        }
        for target in found {
            let new = match &target {
                Target::File(p) => seen.insert(p.clone()),
                Target::Stdin => true,
            };
            if new {
                targets.push(target);
            }
        }
    }

    // The baseline is read before anything is checked: each draft is filtered as it comes.
    let filter = match &args.baseline {
        Some(path) => match baseline::load(path) {
            Ok(known) => Some(baseline::Filter::new(known)),
            Err(message) => {
                writeln!(io.stderr, "error: {message}")?;
                return Ok(EXIT_TROUBLE);
            }
        },
        None => None,
    };
    let stdin = targets
        .iter()
        .any(|t| matches!(t, Target::Stdin))
        .then(|| read_stdin_draft(io));

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io.terminal_color,
    };
    let mut renderer: Box<dyn Stream> = match args.format {
        OutputFormat::Human => Box::new(render::human::Human::new(args.explain_findings, color)),
        OutputFormat::Json => Box::new(render::json::Json::new()),
        OutputFormat::Sarif => Box::new(render::sarif::Sarif::new()),
        OutputFormat::Github => Box::new(render::github::Github),
    };
    let mut tally = Tally {
        trouble,
        files: 0,
        counts: render::Counts::default(),
        printed_once: HashSet::new(),
        internal_errors: Vec::new(),
        recorder: args
            .write_baseline
            .as_ref()
            .map(|_| baseline::Recorder::default()),
        filter,
        summary: args.summary.then(render::summary::Summary::default),
    };
    let prep = Prep {
        args,
        configs,
        ticket,
        stdin,
    };
    stream(targets, prep, &mut tally, &mut *renderer, io)?;
    let mut trouble = tally.trouble;

    // Baselines: record today's findings, or say how many a baseline hid.
    if let (Some(path), Some(recorder)) = (&args.write_baseline, tally.recorder.take()) {
        match recorder.write(path) {
            Ok(n) => writeln!(
                io.stderr,
                "wrote {} with {n} finding{}; check with `--baseline {}` to see only new ones",
                path.display(),
                if n == 1 { "" } else { "s" },
                path.display()
            )?,
            Err(message) => {
                writeln!(io.stderr, "error: {message}")?;
                trouble = true;
            }
        }
    }
    if let (Some(path), Some(filter)) = (&args.baseline, &tally.filter) {
        let hidden = filter.hidden;
        if hidden > 0 && args.format == OutputFormat::Human {
            writeln!(
                io.stderr,
                "note: {hidden} finding{} already in the baseline {} {} not shown",
                if hidden == 1 { "" } else { "s" },
                path.display(),
                if hidden == 1 { "is" } else { "are" }
            )?;
        }
    }

    match args.format {
        // Nothing was checked because of the problems already reported: a summary such as
        // "No problems found in 0 files" would only mislead.
        OutputFormat::Human if tally.files == 0 && trouble => {}
        _ => renderer.finish(io.stdout)?,
    }
    if let Some(summary) = &tally.summary {
        // Machine-readable output stays parseable: the table goes to stderr then.
        if args.format == OutputFormat::Human {
            writeln!(io.stdout)?;
            summary.render(io.stdout)?;
        } else {
            summary.render(io.stderr)?;
        }
    }
    for internal in &tally.internal_errors {
        writeln!(io.stderr, "error: {internal}")?;
        trouble = true;
    }
    if trouble {
        return Ok(EXIT_TROUBLE);
    }
    let counts = tally.counts;
    if counts.errors > 0 {
        return Ok(EXIT_FINDINGS);
    }
    if args.deny_warnings && counts.warnings > 0 {
        writeln!(
            io.stderr,
            "error: {} warning{} and --deny-warnings is set",
            counts.warnings,
            if counts.warnings == 1 { "" } else { "s" }
        )?;
        return Ok(EXIT_FINDINGS);
    }
    if let Some(max) = args.max_warnings
        && counts.warnings > max
    {
        writeln!(
            io.stderr,
            "error: {} warnings, more than --max-warnings {max}",
            counts.warnings
        )?;
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}

/// The draft on stdin, read before the drafts stream (the streams stay on this thread).
fn read_stdin_draft(io: &mut Io<'_>) -> Result<String, String> {
    let mut bytes = Vec::new();
    io.stdin
        .read_to_end(&mut bytes)
        .map_err(|err| format!("<stdin>: cannot read: {err}"))?;
    inputs::decode(bytes).map_err(|why| format!("<stdin>: {why}"))
}

/// A problem that stops one draft from being checked (the run exits 2).
enum Problem {
    /// Printed for each draft it stops.
    Each(String),
    /// Printed once however many drafts it stops (a bad config governs a whole folder).
    Once(String),
}

/// A draft ready to check.
struct Job {
    draft: Named,
    format: Format,
    ticket: Option<Arc<Named>>,
    ticket_format: Format,
    settings: tactful_core::Settings,
    engine: Arc<inputs::EngineRef>,
    /// Problems met preparing it that did not stop it (an unreadable ticket).
    notes: Vec<String>,
}

impl Job {
    fn check(self) -> Outcome {
        let engine = match self.engine.get() {
            Ok(engine) => engine,
            Err(message) => {
                let mut problems: Vec<Problem> =
                    self.notes.into_iter().map(Problem::Each).collect();
                problems.push(Problem::Once(message));
                return Outcome::Skipped(problems);
            }
        };
        let report = {
            let input = Input {
                draft: &self.draft.text,
                format: self.format,
                ticket: self
                    .ticket
                    .as_ref()
                    .map(|t| (t.text.as_str(), self.ticket_format)),
            };
            check(engine, &self.settings, &input)
        };
        Outcome::Checked {
            checked: Box::new(Checked {
                draft: self.draft,
                ticket: self.ticket,
                report,
            }),
            notes: self.notes,
        }
    }
}

/// What preparing a draft gives.
enum Prepared {
    Job(Box<Job>),
    Skipped(Vec<Problem>),
}

/// What arrives, in order, to be reported.
enum Outcome {
    Checked {
        checked: Box<Checked>,
        notes: Vec<String>,
    },
    Skipped(Vec<Problem>),
}

/// Everything needed to prepare drafts, owned by the producer thread.
struct Prep<'a> {
    args: &'a CheckArgs,
    configs: Configs,
    /// `--ticket`, read once.
    ticket: Option<Arc<Named>>,
    /// The draft on stdin, when `-` was given.
    stdin: Option<Result<String, String>>,
}

impl Prep<'_> {
    /// Reads a draft and resolves its settings and ticket.
    fn prepare(&mut self, target: &Target) -> Prepared {
        let args = self.args;
        let (path, text) = match target {
            Target::Stdin => match self.stdin.take() {
                Some(Ok(text)) => (None, text),
                Some(Err(message)) => return skip(message),
                None => return skip("<stdin>: cannot read: stdin was already read".into()),
            },
            Target::File(path) => match inputs::read_text(path) {
                Ok(text) => (Some(path.as_path()), text),
                Err(message) => return skip(message),
            },
        };
        let loaded = match self.configs.for_path(path) {
            Ok(l) => l,
            Err(message) => return Prepared::Skipped(vec![Problem::Once(message)]),
        };
        // Settings: the config file, then the file's own front matter, then the command line.
        let relative = path.map_or_else(String::new, |p| inputs::relative_to(p, &loaded.dir));
        let mut settings = loaded.config.settings_for(&relative);
        let front_matter = match front_matter::parse(&text) {
            Ok(fm) => fm,
            Err(err) => {
                return skip(format!(
                    "{}: the front matter cannot be read ({err}); the file was not checked",
                    target.display()
                ));
            }
        };
        if let Some(fm) = &front_matter {
            fm.layer.apply(&mut settings);
        }
        if let Some(mode) = args.mode {
            settings.mode = match mode {
                ModeArg::Reply => Mode::Reply,
                ModeArg::Template => Mode::Template,
            };
        }
        if let Some(audience) = args.audience {
            settings.audience = match audience {
                AudienceArg::Novice => Audience::Novice,
                AudienceArg::General => Audience::General,
                AudienceArg::Technical => Audience::Technical,
            };
        }
        // The ticket: --ticket, else the front matter's `ticket`, else NAME.ticket.md beside it.
        let beside = match (&self.ticket, path) {
            (None, Some(p)) => front_matter
                .as_ref()
                .and_then(|fm| fm.ticket.as_ref())
                .and_then(|t| p.parent().map(|dir| dir.join(t)))
                .or_else(|| inputs::sibling_ticket(p)),
            _ => None,
        };
        let mut notes = Vec::new();
        let ticket: Option<Arc<Named>> = match (&self.ticket, beside) {
            (Some(t), _) => Some(t.clone()),
            (None, Some(p)) => match inputs::read_text(&p) {
                Ok(text) => Some(Arc::new(Named {
                    name: p.display().to_string(),
                    text,
                })),
                Err(message) => {
                    notes.push(format!(
                        "{message}\n  (this is the ticket for {}; the draft was checked without it)",
                        target.display()
                    ));
                    None
                }
            },
            (None, None) => None,
        };
        let ticket_format = ticket
            .as_ref()
            .map_or(Format::Markdown, |n| Format::from_path(&n.name));
        Prepared::Job(Box::new(Job {
            draft: Named {
                name: target.display(),
                text,
            },
            format: inputs::format_of(path),
            ticket,
            ticket_format,
            settings,
            engine: loaded.engine.clone(),
            notes,
        }))
    }
}

fn skip(message: String) -> Prepared {
    Prepared::Skipped(vec![Problem::Each(message)])
}

/// What the run has seen so far: running counts, never the drafts themselves.
struct Tally {
    trouble: bool,
    /// Drafts checked.
    files: usize,
    counts: render::Counts,
    printed_once: HashSet<String>,
    /// Kept for the end of the run, after the output, as `error: NAME: WHAT` lines.
    internal_errors: Vec<String>,
    recorder: Option<baseline::Recorder>,
    filter: Option<baseline::Filter>,
    summary: Option<render::summary::Summary>,
}

impl Tally {
    /// Reports one draft's outcome: its problems, then its findings.
    fn take(
        &mut self,
        outcome: Outcome,
        renderer: &mut dyn Stream,
        io: &mut Io<'_>,
    ) -> anyhow::Result<()> {
        match outcome {
            Outcome::Skipped(problems) => {
                self.trouble = true;
                for problem in problems {
                    match problem {
                        Problem::Each(message) => writeln!(io.stderr, "error: {message}")?,
                        Problem::Once(message) => {
                            if !self.printed_once.contains(&message) {
                                writeln!(io.stderr, "error: {message}")?;
                                self.printed_once.insert(message);
                            }
                        }
                    }
                }
            }
            Outcome::Checked { mut checked, notes } => {
                for note in notes {
                    writeln!(io.stderr, "error: {note}")?;
                    self.trouble = true;
                }
                if self.recorder.is_some() || self.filter.is_some() {
                    let prints = baseline::fingerprints(&checked);
                    if let Some(recorder) = &mut self.recorder {
                        recorder.add(&checked, &prints);
                    }
                    if let Some(filter) = &mut self.filter {
                        filter.apply(&mut checked, prints);
                    }
                }
                self.files += 1;
                self.counts.add(&checked.report.diagnostics);
                if let Some(summary) = &mut self.summary {
                    summary.add(&checked);
                }
                for internal in &checked.report.internal_errors {
                    self.internal_errors
                        .push(format!("{}: {internal}", checked.draft.name));
                }
                renderer.file(&checked, io.stdout)?;
            }
        }
        Ok(())
    }
}

/// Prepares, checks and reports every target, in order, with a bounded number in flight.
fn stream(
    targets: Vec<Target>,
    mut prep: Prep<'_>,
    tally: &mut Tally,
    renderer: &mut dyn Stream,
    io: &mut Io<'_>,
) -> anyhow::Result<()> {
    if targets.is_empty() {
        return Ok(());
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(targets.len());
    let capacity = IN_FLIGHT_PER_THREAD * threads;
    std::thread::scope(|scope| {
        let (jobs_tx, jobs_rx) = crossbeam_channel::bounded::<(usize, Box<Job>)>(capacity);
        let (done_tx, done_rx) = crossbeam_channel::bounded::<(usize, Outcome)>(capacity);
        let mut workers = 0;
        let mut failure = None;
        for _ in 0..threads {
            let (jobs, done) = (jobs_rx.clone(), done_tx.clone());
            match std::thread::Builder::new()
                .name("tactful-check".into())
                .spawn_scoped(scope, move || work(&jobs, &done))
            {
                Ok(_) => workers += 1,
                Err(err) => failure = Some(err),
            }
        }
        drop(jobs_rx);
        if workers == 0 {
            return Err(anyhow::anyhow!(
                "cannot start a thread to check drafts on: {}",
                failure.map_or_else(String::new, |e| e.to_string())
            ));
        }
        let producer_done = done_tx.clone();
        drop(done_tx);
        std::thread::Builder::new()
            .name("tactful-read".into())
            .spawn_scoped(scope, move || {
                for (i, target) in targets.iter().enumerate() {
                    let sent = match prep.prepare(target) {
                        Prepared::Job(job) => jobs_tx.send((i, job)).is_ok(),
                        Prepared::Skipped(problems) => {
                            producer_done.send((i, Outcome::Skipped(problems))).is_ok()
                        }
                    };
                    // Nobody is listening any more: the output failed (a closed pipe).
                    if !sent {
                        break;
                    }
                }
            })
            .map_err(|e| anyhow::anyhow!("cannot start a thread to read drafts on: {e}"))?;
        report_in_order(done_rx, tally, renderer, io)
    })
}

/// A worker: checks drafts until there are no more, or nobody wants the results.
fn work(jobs: &Receiver<(usize, Box<Job>)>, done: &Sender<(usize, Outcome)>) {
    for (i, job) in jobs {
        if done.send((i, job.check())).is_err() {
            break;
        }
    }
}

/// Reports outcomes in the order of their targets: one that arrives early waits in a small
/// buffer until every earlier one is reported.
fn report_in_order(
    done: Receiver<(usize, Outcome)>,
    tally: &mut Tally,
    renderer: &mut dyn Stream,
    io: &mut Io<'_>,
) -> anyhow::Result<()> {
    let mut waiting: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut next = 0;
    for (i, outcome) in &done {
        waiting.insert(i, outcome);
        while let Some(outcome) = waiting.remove(&next) {
            tally.take(outcome, renderer, io)?;
            next += 1;
        }
    }
    // Every target sends exactly one outcome, so nothing is left here unless a thread died;
    // whatever did arrive is still reported, in order.
    for (_, outcome) in waiting {
        tally.take(outcome, renderer, io)?;
    }
    Ok(())
}

fn read_ticket(path: &Path, io: &mut Io<'_>) -> Result<(PathBuf, String), String> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io.stdin
            .read_to_end(&mut bytes)
            .map_err(|e| format!("<stdin>: cannot read the ticket: {e}"))?;
        return inputs::decode(bytes)
            .map(|t| (PathBuf::from("<stdin>"), t))
            .map_err(|why| format!("the ticket on stdin {why}"));
    }
    if !path.exists() {
        return Err(format!(
            "the ticket file {} does not exist; check the path given to --ticket",
            path.display()
        ));
    }
    if path.is_dir() {
        return Err(format!(
            "the ticket {} is a directory; --ticket takes one file, the customer's message",
            path.display()
        ));
    }
    inputs::read_text(path).map(|t| (path.to_path_buf(), t))
}
