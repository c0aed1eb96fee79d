//! `tactful check`: resolve inputs, run the core on each draft, render the findings.

use std::path::{Path, PathBuf};

use tactful_core::{Audience, Format, Input, Mode, Report, check, front_matter};

use crate::args::{AudienceArg, CheckArgs, ColorChoice, Format as OutputFormat, ModeArg};
use crate::inputs::{self, Configs, Target};
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
    /// A separate ticket file, when one was used.
    pub(crate) ticket: Option<Named>,
    pub(crate) report: Report,
}

pub(crate) fn run(args: &CheckArgs, io: &mut Io<'_>) -> anyhow::Result<u8> {
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
            Ok(t) => Some(t),
            Err(message) => {
                writeln!(io.stderr, "error: {message}; nothing was checked")?;
                return Ok(EXIT_TROUBLE);
            }
        },
        None => None,
    };

    let mut targets = Vec::new();
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
        // A file named twice, or named and also inside a directory given, is checked once.
        for target in found {
            let seen = targets.iter().any(|t: &Target| match (t, &target) {
                (Target::File(a), Target::File(b)) => a == b,
                _ => false,
            });
            if !seen {
                targets.push(target);
            }
        }
    }

    // Prepare every draft in order (reading files, resolving settings and tickets), then
    // check them in parallel: checking is pure CPU work over texts already in memory.
    let mut jobs: Vec<Job> = Vec::new();
    let mut config_errors: Vec<String> = Vec::new();
    for target in targets {
        let (path, text) = match &target {
            Target::Stdin => {
                let mut bytes = Vec::new();
                if let Err(err) = io.stdin.read_to_end(&mut bytes) {
                    writeln!(io.stderr, "error: <stdin>: cannot read: {err}")?;
                    trouble = true;
                    continue;
                }
                match inputs::decode(bytes) {
                    Ok(text) => (None, text),
                    Err(why) => {
                        writeln!(io.stderr, "error: <stdin>: {why}")?;
                        trouble = true;
                        continue;
                    }
                }
            }
            Target::File(path) => match inputs::read_text(path) {
                Ok(text) => (Some(path.as_path()), text),
                Err(message) => {
                    writeln!(io.stderr, "error: {message}")?;
                    trouble = true;
                    continue;
                }
            },
        };
        let loaded = match configs.for_path(path) {
            Ok(l) => l,
            Err(message) => {
                if !config_errors.contains(&message) {
                    writeln!(io.stderr, "error: {message}")?;
                    config_errors.push(message);
                }
                trouble = true;
                continue;
            }
        };
        // Settings: the config file, then the file's own front matter, then the command line.
        let relative = path.map_or_else(String::new, |p| inputs::relative_to(p, &loaded.dir));
        let mut settings = loaded.config.settings_for(&relative);
        let front_matter = match front_matter::parse(&text) {
            Ok(fm) => fm,
            Err(err) => {
                writeln!(
                    io.stderr,
                    "error: {}: the front matter cannot be read ({err}); the file was not checked",
                    target.display()
                )?;
                trouble = true;
                continue;
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
        let beside = match (&ticket, path) {
            (None, Some(p)) => front_matter
                .as_ref()
                .and_then(|fm| fm.ticket.as_ref())
                .and_then(|t| p.parent().map(|dir| dir.join(t)))
                .or_else(|| inputs::sibling_ticket(p)),
            _ => None,
        };
        let ticket_named: Option<Named> = match (&ticket, beside) {
            (Some(t), _) => Some(Named {
                name: t.0.display().to_string(),
                text: t.1.clone(),
            }),
            (None, Some(p)) => match inputs::read_text(&p) {
                Ok(text) => Some(Named {
                    name: p.display().to_string(),
                    text,
                }),
                Err(message) => {
                    writeln!(
                        io.stderr,
                        "error: {message}\n  (this is the ticket for {}; the draft was checked without it)",
                        target.display()
                    )?;
                    trouble = true;
                    None
                }
            },
            (None, None) => None,
        };
        let ticket_format = ticket_named
            .as_ref()
            .map_or(Format::Markdown, |n| Format::from_path(&n.name));
        jobs.push(Job {
            draft: Named {
                name: target.display(),
                text,
            },
            format: inputs::format_of(path),
            ticket: ticket_named,
            ticket_format,
            settings,
            engine: loaded.engine.clone(),
        });
    }
    let mut checked = run_parallel(jobs);

    // Baselines: record today's findings, or report only findings that are not in one.
    if let Some(path) = &args.write_baseline {
        match baseline::write(path, &checked) {
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
    if let Some(path) = &args.baseline {
        match baseline::load(path) {
            Ok(known) => {
                let hidden = baseline::filter(&mut checked, &known);
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
            Err(message) => {
                writeln!(io.stderr, "error: {message}")?;
                return Ok(EXIT_TROUBLE);
            }
        }
    }

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io.terminal_color,
    };
    match args.format {
        // Nothing was checked because of the problems already reported: a summary such as
        // "No problems found in 0 files" would only mislead.
        OutputFormat::Human if checked.is_empty() && trouble => {}
        OutputFormat::Human => {
            render::human::render(&checked, args.explain_findings, color, io.stdout)?
        }
        OutputFormat::Json => render::json::render(&checked, io.stdout)?,
        OutputFormat::Sarif => render::sarif::render(&checked, io.stdout)?,
        OutputFormat::Github => render::github::render(&checked, io.stdout)?,
    }
    if args.summary {
        // Machine-readable output stays parseable: the table goes to stderr then.
        if args.format == OutputFormat::Human {
            writeln!(io.stdout)?;
            render::summary::render(&checked, io.stdout)?;
        } else {
            render::summary::render(&checked, io.stderr)?;
        }
    }
    for c in &checked {
        for internal in &c.report.internal_errors {
            writeln!(io.stderr, "error: {}: {internal}", c.draft.name)?;
            trouble = true;
        }
    }
    if trouble {
        return Ok(EXIT_TROUBLE);
    }
    let mut counts = render::Counts::default();
    for c in &checked {
        counts.add(&c.report.diagnostics);
    }
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

/// A draft ready to check.
struct Job {
    draft: Named,
    format: Format,
    ticket: Option<Named>,
    ticket_format: Format,
    settings: tactful_core::Settings,
    engine: std::sync::Arc<inputs::EngineRef>,
}

/// Checks drafts on every core, keeping their order.
fn run_parallel(jobs: Vec<Job>) -> Vec<Checked> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(jobs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<Job>>> = jobs
        .into_iter()
        .map(|j| std::sync::Mutex::new(Some(j)))
        .collect();
    let results: Vec<std::sync::Mutex<Option<Checked>>> =
        slots.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(slot) = slots.get(i) else { break };
                    let Some(job) = slot.lock().ok().and_then(|mut s| s.take()) else {
                        continue;
                    };
                    let report = {
                        let input = Input {
                            draft: &job.draft.text,
                            format: job.format,
                            ticket: job
                                .ticket
                                .as_ref()
                                .map(|t| (t.text.as_str(), job.ticket_format)),
                        };
                        check(job.engine.get(), &job.settings, &input)
                    };
                    if let Ok(mut r) = results[i].lock() {
                        *r = Some(Checked {
                            draft: job.draft,
                            ticket: job.ticket,
                            report,
                        });
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .filter_map(|r| r.into_inner().ok().flatten())
        .collect()
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
