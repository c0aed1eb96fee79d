//! `tactful check`: resolve inputs, run the core on each draft, render the findings.

use std::path::{Path, PathBuf};

use tactful_core::{Audience, Format, Input, Mode, Report, Severity, check};

use crate::args::{AudienceArg, CheckArgs, ColorChoice, Format as OutputFormat, ModeArg};
use crate::inputs::{self, Configs, Target};
use crate::render;
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE, Io};

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
        let excludes = if path.is_dir() {
            match configs.for_path(Some(&path.join("_"))) {
                Ok(loaded) => loaded.config.exclude.clone(),
                Err(_) => Vec::new(),
            }
        } else {
            Vec::new()
        };
        let (found, problems) = inputs::expand(std::slice::from_ref(path), &excludes);
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

    let mut checked = Vec::new();
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
        let relative = path.map_or_else(String::new, |p| inputs::relative_to(p, &loaded.dir));
        let mut settings = loaded.config.settings_for(&relative);
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
        let sibling = match (&ticket, path) {
            (None, Some(p)) => {
                match inputs::sibling_ticket(p).map(|t| (inputs::read_text(&t), t)) {
                    Some((Ok(text), t)) => Some((t, text)),
                    Some((Err(message), _)) => {
                        writeln!(
                            io.stderr,
                            "error: {message}\n  (this is the ticket beside {}; the draft was checked without it)",
                            p.display()
                        )?;
                        trouble = true;
                        None
                    }
                    None => None,
                }
            }
            _ => None,
        };
        let ticket_named: Option<Named> = match (&ticket, sibling) {
            (Some(t), _) => Some(Named {
                name: t.0.display().to_string(),
                text: t.1.clone(),
            }),
            (None, Some((p, text))) => Some(Named {
                name: p.display().to_string(),
                text,
            }),
            (None, None) => None,
        };
        let ticket_format = match (&ticket, &ticket_named) {
            (Some(t), _) => inputs::format_of(Some(&t.0)),
            (None, Some(n)) => Format::from_path(&n.name),
            _ => Format::Markdown,
        };
        let input = Input {
            draft: &text,
            format: inputs::format_of(path),
            ticket: ticket_named
                .as_ref()
                .map(|t| (t.text.as_str(), ticket_format)),
        };
        let report = check(loaded.engine.get(), &settings, &input);
        checked.push(Checked {
            draft: Named {
                name: target.display(),
                text: text.clone(),
            },
            ticket: ticket_named,
            report,
        });
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
    let errors = checked
        .iter()
        .flat_map(|c| &c.report.diagnostics)
        .any(|d| d.severity == Severity::Error);
    Ok(if errors { EXIT_FINDINGS } else { EXIT_OK })
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
