//! Renderers: one per output format, over the same reports.

mod excerpt;
pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod sarif;
pub(crate) mod summary;

use tactful_core::{Diagnostic, Severity};

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
        ticket: ticket.map(|(n, t)| Named {
            name: n.into(),
            text: t.into(),
        }),
        report: check(engine, &Settings::default(), &input),
    }
}
