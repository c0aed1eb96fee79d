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
use crate::render::pretty::{Array, write_at};
use crate::render::{Counts, Stream};

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

/// The JSON renderer: the document's opening, then one `files` entry per draft as it comes,
/// then the summary. The bytes are those of the whole document pretty-printed at once.
pub(crate) struct Json {
    counts: Counts,
    files: Array,
    count: usize,
    opened: bool,
}

impl Json {
    pub(crate) fn new() -> Self {
        Self {
            counts: Counts::default(),
            // `files` is one level into the document.
            files: Array::new(1),
            count: 0,
            opened: false,
        }
    }

    fn open(&mut self, out: &mut dyn Write) -> anyhow::Result<()> {
        if !self.opened {
            self.opened = true;
            out.write_all(b"{\n  \"version\": ")?;
            write_at(out, &VERSION, 1)?;
            out.write_all(b",\n  \"files\": ")?;
            self.files.open(out)?;
        }
        Ok(())
    }
}

/// The version of the output contract.
const VERSION: u32 = 1;

/// A draft's entry in `files`.
fn entry(c: &Checked) -> File<'_> {
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
                        (Origin::Ticket, Some(t), Some(i)) => (t.name.as_str(), i, t.text.as_str()),
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
    File {
        path: &c.draft.name,
        metrics: &c.report.metrics,
        diagnostics,
    }
}

impl Stream for Json {
    fn file(&mut self, c: &Checked, out: &mut dyn Write) -> anyhow::Result<()> {
        self.open(out)?;
        self.counts.add(&c.report.diagnostics);
        self.count += 1;
        self.files.item(out, &entry(c))?;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> anyhow::Result<()> {
        self.open(out)?;
        self.files.close(out)?;
        out.write_all(b",\n  \"summary\": ")?;
        let summary = Summary {
            files: self.count,
            errors: self.counts.errors,
            warnings: self.counts.warnings,
            infos: self.counts.infos,
            hints: self.counts.hints,
        };
        write_at(out, &summary, 1)?;
        out.write_all(b"\n}\n")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole document at once, as the renderer wrote it before it streamed.
    #[derive(Serialize)]
    struct Output<'a> {
        version: u32,
        files: Vec<File<'a>>,
        summary: Summary,
    }

    fn whole(checked: &[Checked]) -> String {
        let mut counts = Counts::default();
        for c in checked {
            counts.add(&c.report.diagnostics);
        }
        let output = Output {
            version: 1,
            files: checked.iter().map(entry).collect(),
            summary: Summary {
                files: checked.len(),
                errors: counts.errors,
                warnings: counts.warnings,
                infos: counts.infos,
                hints: counts.hints,
            },
        };
        serde_json::to_string_pretty(&output).unwrap() + "\n"
    }

    fn streamed(checked: &[Checked]) -> String {
        let mut out = Vec::new();
        crate::render::render_all(&mut Json::new(), checked, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn streamed_output_is_the_whole_document_byte_for_byte() {
        let ticket = "My site is down and I launch on Monday. What happened? Can you fix it today?";
        let drafts = [
            crate::render::checked_for_test(
                "replies/a.md",
                "Hi {{first_name}},\n\nYour MX records and DNS are fine.\n",
                Some(("replies/a.ticket.md", ticket)),
            ),
            crate::render::checked_for_test("b.md", "Thanks, Sam! It's done.\n", None),
            crate::render::checked_for_test("c \"quoted\".md", "", None),
        ];
        for n in 0..=drafts.len() {
            let checked = &drafts[..n];
            assert_eq!(streamed(checked), whole(checked), "{n} drafts");
        }
        let value: serde_json::Value = serde_json::from_str(&streamed(&drafts)).unwrap();
        assert_eq!(value["summary"]["files"], 3);
        assert_eq!(value["files"][2]["path"], "c \"quoted\".md");
        // The ticket's questions are related locations in the ticket file.
        assert!(
            value["files"][0]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["related"][0]["path"] == "replies/a.ticket.md"),
            "{value:#}"
        );
        assert_eq!(
            streamed(&[]),
            "{\n  \"version\": 1,\n  \"files\": [],\n  \"summary\": {\n    \"files\": 0,\n    \"errors\": 0,\n    \"warnings\": 0,\n    \"infos\": 0,\n    \"hints\": 0\n  }\n}\n"
        );
    }
}
