//! What a check reports: diagnostics with byte ranges, and the metrics of a draft.

use serde::{Deserialize, Serialize};

use crate::text::TextRange;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A gentle suggestion.
    Hint,
    /// Worth knowing.
    Info,
    /// Likely to leave the customer confused or unheard.
    Warning,
    /// Must be fixed before sending (exit code 1).
    Error,
}

impl Severity {
    /// The lowercase name used in config and output.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Which text a range points into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The draft (or the file holding draft and quoted ticket).
    Draft,
    /// A separate ticket text.
    Ticket,
}

/// A secondary location, such as the ticket's question an unanswered-question finding is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Which text the range is in.
    pub origin: Origin,
    /// Where.
    pub range: TextRange,
    /// What is there ("asked here").
    pub message: String,
}

/// One text edit of a fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The draft range to replace.
    pub range: TextRange,
    /// What to put there.
    pub replacement: String,
}

/// A suggested change to the draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, for a menu.
    pub title: String,
    /// The edits, non-overlapping, in order.
    pub edits: Vec<Edit>,
}

/// A finding in the draft.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The rule id (kebab-case, stable).
    pub rule: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What was seen.
    pub message: String,
    /// Why it matters to the customer.
    pub note: String,
    /// What to do instead.
    pub help: String,
    /// Where in the draft.
    pub range: TextRange,
    /// Related places (the ticket's question).
    pub related: Vec<Related>,
    /// Suggested fixes.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// The whole explanation in one paragraph: what, why, what to do.
    pub fn full_message(&self) -> String {
        let mut out = self.message.clone();
        for part in [&self.note, &self.help] {
            if !part.is_empty() {
                out.push(' ');
                out.push_str(part);
            }
        }
        out
    }
}

/// Figures about a draft, reported with its findings.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Words of prose in the draft.
    pub words: usize,
    /// Sentences in the draft.
    pub sentences: usize,
    /// Flesch-Kincaid grade level, one decimal.
    pub reading_grade: f64,
    /// Jargon terms per 100 words, one decimal.
    pub jargon_per_100_words: f64,
    /// Questions found in the ticket.
    pub questions_in_ticket: usize,
    /// Of those, how many the draft addresses.
    pub questions_answered: usize,
}
