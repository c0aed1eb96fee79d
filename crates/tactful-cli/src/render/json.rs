//! The JSON output contract, version 1.
//!
//! One object: `version` (1), `files` (one entry per checked draft: `path`, `metrics`,
//! `diagnostics`) and `summary` (counts). A diagnostic has `rule`, `severity`, `message` (what
//! was seen, why it matters and what to do, in one paragraph), `range`, `related` and `fixes`.
//! Ranges have `start` and `end` positions: `line` and `column` 1-based, the column counted in
//! Unicode scalar values, and `offset` a 0-based byte offset. Fields may be added in version 1;
//! none will be removed or change meaning without a new version.

use std::io::Write;

use serde::Serialize;
use tactful_core::{LineIndex, Metrics, Origin, Position, TextRange};

use crate::commands::check::Checked;
use crate::render::Counts;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    metrics: &'a Metrics,
    diagnostics: Vec<Diag<'a>>,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Diag<'a> {
    rule: &'a str,
    severity: &'a str,
    message: String,
    range: Range,
    related: Vec<RelatedOut<'a>>,
    fixes: Vec<FixOut<'a>>,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    path: &'a str,
    range: Range,
    message: &'a str,
}

#[derive(Serialize)]
struct FixOut<'a> {
    title: &'a str,
    edits: Vec<EditOut<'a>>,
}

#[derive(Serialize)]
struct EditOut<'a> {
    range: Range,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
}

fn range(index: &LineIndex, text: &str, r: TextRange) -> Range {
    Range {
        start: index.position(text, r.start),
        end: index.position(text, r.end),
    }
}

pub(crate) fn render(checked: &[Checked], out: &mut dyn Write) -> anyhow::Result<()> {
    let mut counts = Counts::default();
    let mut files = Vec::with_capacity(checked.len());
    for c in checked {
        counts.add(&c.report.diagnostics);
        let draft_index = LineIndex::new(&c.draft.text);
        let ticket_index = c.ticket.as_ref().map(|t| LineIndex::new(&t.text));
        let diagnostics = c
            .report
            .diagnostics
            .iter()
            .map(|d| Diag {
                rule: d.rule,
                severity: d.severity.name(),
                message: d.full_message(),
                range: range(&draft_index, &c.draft.text, d.range),
                related: d
                    .related
                    .iter()
                    .map(|r| {
                        let (path, index, text) = match (r.origin, &c.ticket, &ticket_index) {
                            (Origin::Ticket, Some(t), Some(i)) => {
                                (t.name.as_str(), i, t.text.as_str())
                            }
                            _ => (c.draft.name.as_str(), &draft_index, c.draft.text.as_str()),
                        };
                        RelatedOut {
                            path,
                            range: range(index, text, r.range),
                            message: &r.message,
                        }
                    })
                    .collect(),
                fixes: d
                    .fixes
                    .iter()
                    .map(|f| FixOut {
                        title: &f.title,
                        edits: f
                            .edits
                            .iter()
                            .map(|e| EditOut {
                                range: range(&draft_index, &c.draft.text, e.range),
                                replacement: &e.replacement,
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        files.push(File {
            path: &c.draft.name,
            metrics: &c.report.metrics,
            diagnostics,
        });
    }
    let output = Output {
        version: 1,
        files,
        summary: Summary {
            files: checked.len(),
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
            hints: counts.hints,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)?;
    Ok(())
}
