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
