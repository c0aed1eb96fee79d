//! Renderers: one per output format, over the same reports.
//!
//! Each renderer is fed the checked drafts one at a time, in order, and writes what it can as
//! soon as it can ([`Stream::file`]); [`Stream::finish`] writes what needs the whole run (totals,
//! the end of a document). A renderer keeps running counts, never the drafts themselves.

mod excerpt;
pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
mod pretty;
pub(crate) mod sarif;
pub(crate) mod summary;

use std::io::Write;

use tactful_core::{Diagnostic, Severity};

use crate::commands::check::Checked;

/// A renderer fed one checked draft at a time.
pub(crate) trait Stream {
    /// Renders one checked draft; drafts come in the order they are listed.
    fn file(&mut self, c: &Checked, out: &mut dyn Write) -> anyhow::Result<()>;
    /// Writes what comes after the last draft.
    fn finish(&mut self, out: &mut dyn Write) -> anyhow::Result<()>;
}

/// Renders every draft and finishes: the whole output for `checked`, for tests.
#[cfg(test)]
pub(crate) fn render_all(
    stream: &mut dyn Stream,
    checked: &[Checked],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    for c in checked {
        stream.file(c, out)?;
    }
    stream.finish(out)
}

/// Counts of findings by severity.
#[derive(Default, Debug, Clone, Copy)]
pub(crate) struct Counts {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) infos: usize,
    pub(crate) hints: usize,
}

impl Counts {
    pub(crate) fn add(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
                Severity::Hint => self.hints += 1,
            }
        }
    }

    pub(crate) fn total(&self) -> usize {
        self.errors + self.warnings + self.infos + self.hints
    }
}

/// A checked draft for renderer tests: `ticket` is an optional (name, text) pair.
#[cfg(test)]
pub(crate) fn checked_for_test(
    name: &str,
    draft: &str,
    ticket: Option<(&str, &str)>,
) -> crate::commands::check::Checked {
    use crate::commands::check::{Checked, Named};
    use tactful_core::{Engine, Format, Input, Settings, check};
    let engine = Engine::embedded().unwrap_or_else(|e| panic!("the shipped packs load: {e}"));
    let input = Input {
        draft,
        format: Format::Markdown,
        ticket: ticket.map(|(_, t)| (t, Format::Markdown)),
    };
    Checked {
        draft: Named {
            name: name.into(),
            text: draft.into(),
        },
        ticket: ticket.map(|(n, t)| {
            std::sync::Arc::new(Named {
                name: n.into(),
                text: t.into(),
            })
        }),
        report: check(engine, &Settings::default(), &input),
    }
}
