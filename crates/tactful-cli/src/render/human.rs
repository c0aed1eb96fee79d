//! Human output: rustc-like snippets through codespan-reporting, a note on why each finding
//! matters to the customer and help on what to do, then a one-line summary per file.

use std::io::Write;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::term::{self, Config, termcolor::Ansi};
use tactful_core::{Given, Need, Origin, Severity, TicketSource};

use crate::commands::check::Checked;
use crate::render::excerpt::{Text, excerpt};
use crate::render::{Counts, Stream};

/// Snippets shown per file; past this a draft needs rewriting, not more snippets.
const MAX_SHOWN_PER_FILE: usize = 200;

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
        Severity::Hint => Level::Help,
    }
}

/// The human renderer: each draft's findings and its summary line as it comes, then the totals.
pub(crate) struct Human {
    explain: bool,
    color: bool,
    config: Config,
    counts: Counts,
    files: usize,
    without_ticket: usize,
}

impl Human {
    pub(crate) fn new(explain: bool, color: bool) -> Self {
        Self {
            explain,
            color,
            config: Config::default(),
            counts: Counts::default(),
            files: 0,
            without_ticket: 0,
        }
    }
}

impl Stream for Human {
    fn file(&mut self, c: &Checked, out: &mut dyn Write) -> anyhow::Result<()> {
        self.files += 1;
        self.counts.add(&c.report.diagnostics);
        // Labels point into these texts (file id = index); each diagnostic is rendered from an
        // excerpt of them, so long Markdown lines and whole-paragraph ranges stay readable.
        let mut texts = vec![Text::new(c.draft.name.as_str(), c.draft.text.as_str())];
        let draft_id = 0;
        let ticket_id = c.ticket.as_ref().map(|t| {
            texts.push(Text::new(t.name.as_str(), t.text.as_str()));
            texts.len() - 1
        });
        let shown = c.report.diagnostics.len().min(MAX_SHOWN_PER_FILE);
        for d in &c.report.diagnostics[..shown] {
            let mut labels = vec![Label::primary(draft_id, d.range.start..d.range.end)];
            for r in &d.related {
                let file = match (r.origin, ticket_id) {
                    (Origin::Ticket, Some(id)) => id,
                    _ => draft_id,
                };
                labels.push(
                    Label::secondary(file, r.range.start..r.range.end)
                        .with_message(r.message.clone()),
                );
            }
            let shown = excerpt(&texts, &labels);
            let files = shown.files;
            let mut notes = shown.notes;
            notes.push(format!("why: {}", d.note));
            notes.push(format!("help: {}", d.help));
            let diagnostic = Report::new(level(d.severity))
                .with_code(d.rule)
                .with_message(d.message.clone())
                .with_labels(shown.labels)
                .with_notes(notes);
            if self.color {
                let mut ansi = Ansi::new(&mut *out);
                term::emit_to_write_style(&mut ansi, &self.config, &files, &diagnostic)?;
            } else {
                term::emit_to_io_write(&mut *out, &self.config, &files, &diagnostic)?;
            }
        }
        if shown < c.report.diagnostics.len() {
            writeln!(
                out,
                "… and {} more findings in {}, not shown here; `--format json` lists them all.\n",
                c.report.diagnostics.len() - shown,
                c.draft.name
            )?;
        }
        if self.explain {
            explain_decisions(c, out)?;
        }
        summary_line(c, out)?;
        if c.report.ticket == TicketSource::None {
            self.without_ticket += 1;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> anyhow::Result<()> {
        let (counts, files, without_ticket) = (self.counts, self.files, self.without_ticket);
        writeln!(out)?;
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        if counts.total() == 0 {
            writeln!(out, "No problems found in {}.", plural(files, "file"))?;
        } else {
            writeln!(
                out,
                "{} checked: {}, {}, {}, {}.",
                plural(files, "file"),
                plural(counts.errors, "error"),
                plural(counts.warnings, "warning"),
                plural(counts.infos, "info"),
                plural(counts.hints, "hint")
            )?;
        }
        if without_ticket > 0 && files > 0 {
            writeln!(
                out,
                "note: {} had no ticket, so unanswered questions and missing acknowledgement were not checked; pass --ticket FILE, keep the customer's message quoted below the draft, put it beside the draft as NAME.ticket.md, or, for a canned response, list the questions it answers in its front matter (`questions: [...]`).",
                if without_ticket == files && files == 1 {
                    "the draft".to_string()
                } else {
                    plural(without_ticket, "draft")
                }
            )?;
        }
        Ok(())
    }
}

fn summary_line(c: &Checked, out: &mut dyn Write) -> anyhow::Result<()> {
    let m = &c.report.metrics;
    if c.report.no_prose {
        writeln!(
            out,
            "{}: nothing to check: the draft has no prose{}.",
            c.draft.name,
            if c.draft.text.trim().is_empty() {
                " (it is empty)"
            } else {
                " outside code, links and markup"
            }
        )?;
        return Ok(());
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let questions = if c.report.ticket == TicketSource::None {
        "no ticket".to_string()
    } else {
        format!(
            "{} of {} answered",
            m.questions_answered,
            plural(m.questions_in_ticket, "question")
        )
    };
    writeln!(
        out,
        "{}: {} · {} · grade {:.1} · jargon {:.1}/100 words · {}",
        c.draft.name,
        plural(m.words, "word"),
        plural(m.sentences, "sentence"),
        m.reading_grade,
        m.jargon_per_100_words,
        questions
    )?;
    Ok(())
}

fn explain_decisions(c: &Checked, out: &mut dyn Write) -> anyhow::Result<()> {
    let ticket_text = match (&c.ticket, c.report.ticket) {
        (Some(t), _) => t.text.as_str(),
        (None, TicketSource::Quoted | TicketSource::Declared) => c.draft.text.as_str(),
        _ => {
            writeln!(
                out,
                "{}: decisions: no ticket, so no questions or acknowledgement to judge.",
                c.draft.name
            )?;
            return Ok(());
        }
    };
    writeln!(out, "{}: decisions:", c.draft.name)?;
    for q in &c.report.questions {
        let asked: String = q
            .range
            .slice(ticket_text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        writeln!(
            out,
            "  question “{asked}” ({}, {}): {} (score {:.2})",
            q.kind.name(),
            if q.direct { "direct" } else { "indirect" },
            if q.addressed {
                "answered"
            } else {
                "not answered"
            },
            q.score
        )?;
        writeln!(
            out,
            "    matched: {}; missing: {}",
            if q.matched.is_empty() {
                "nothing".into()
            } else {
                q.matched.join(", ")
            },
            if q.missing.is_empty() {
                "nothing".into()
            } else {
                q.missing.join(", ")
            }
        )?;
        if let Some(e) = q.evidence {
            let said: String = e
                .slice(&c.draft.text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let kind = q
                .answer
                .map_or(String::new(), |a| format!(" [{a:?} answer]").to_lowercase());
            writeln!(out, "    best match in draft: “{said}”{kind}")?;
        }
    }
    let ack = &c.report.acknowledgement;
    let need = match ack.need {
        Need::None => "none",
        Need::Mild => "mild",
        Need::Strong => "strong",
    };
    let cues: Vec<String> = ack
        .cues
        .iter()
        .map(|cue| format!("{} “{}”", cue.kind, cue.range.slice(ticket_text)))
        .collect();
    writeln!(
        out,
        "  acknowledgement needed: {need} (score {:.2}{}{})",
        ack.score,
        if cues.is_empty() { "" } else { ": " },
        cues.join(", ")
    )?;
    if !ack.distress.words.is_empty() {
        let words: Vec<String> = ack
            .distress
            .words
            .iter()
            .map(|(r, adds)| format!("{} {adds:.1}", r.slice(ticket_text)))
            .collect();
        writeln!(
            out,
            "  distress words: score {:.2}, adds {:.2} to the need ({})",
            ack.distress.score,
            ack.distress.weight,
            words.join(", ")
        )?;
    }
    let given = match ack.given {
        Given::None => "none",
        Given::Boilerplate => "boilerplate only",
        Given::Late => "after the opening only",
        Given::Genuine => "genuine",
        Given::Specific => "genuine, naming their situation",
    };
    let phrase = ack
        .phrase
        .map(|r| format!(" (“{}”)", r.slice(&c.draft.text)))
        .unwrap_or_default();
    writeln!(out, "  acknowledgement given: {given}{phrase}")?;
    Ok(())
}
