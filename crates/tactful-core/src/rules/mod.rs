//! The rules: one module each, with their metadata beside the code, registered in [`RULES`].
//!
//! Adding a rule means writing its module (a [`RuleMeta`] constant, a unit struct implementing
//! [`Rule`], its docs and tests) and adding one line to [`RULES`]. Everything else (the
//! `rules` and `explain` commands, config validation, JSON) reads the registry.

mod condescension;
mod generic_apology;
mod jargon;
mod jargon_density;
mod lecture_length;
mod missing_acknowledgement;
mod unanswered_question;
mod unfilled_placeholder;
pub(crate) mod unused_suppression;

/// The id of the rule reporting suppression comments that silence nothing.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

use crate::analysis::TextAnalysis;
use crate::analysis::acknowledgement::Assessment;
use crate::analysis::jargon::JargonHit;
use crate::analysis::questions::Question;
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, Origin, Severity};
use crate::packs::Engine;

/// The kind of value a rule option takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptionKind {
    /// A number in a range.
    Number {
        /// Smallest accepted value.
        min: f64,
        /// Largest accepted value.
        max: f64,
    },
    /// A switch.
    Bool,
}

/// A rule option: its key in `tactful.toml`, type, default and meaning.
#[derive(Clone, Copy, Debug)]
pub struct OptionMeta {
    /// The key, kebab-case.
    pub key: &'static str,
    /// Its type.
    pub kind: OptionKind,
    /// The default (1.0 / 0.0 for switches).
    pub default: f64,
    /// One line on what it does.
    pub doc: &'static str,
}

/// What a rule is: id, default severity, summary, long docs, options.
#[derive(Clone, Copy, Debug)]
pub struct RuleMeta {
    /// The stable kebab-case id.
    pub id: &'static str,
    /// One line: what it flags.
    pub summary: &'static str,
    /// Severity when the config says nothing.
    pub default_severity: Severity,
    /// Whether it can suggest fixes.
    pub fixable: bool,
    /// The long explanation (Markdown): what it flags, why it matters, how it decides, example.
    pub docs: &'static str,
    /// Its options.
    pub options: &'static [OptionMeta],
}

/// Everything a rule may look at, computed once per check.
pub struct Context<'a> {
    /// The compiled packs.
    pub engine: &'a Engine,
    /// The resolved settings for this file.
    pub settings: &'a Settings,
    /// The draft's prose.
    pub draft: &'a TextAnalysis<'a>,
    /// The ticket's prose, when there is a ticket.
    pub ticket: Option<&'a TextAnalysis<'a>>,
    /// Which text ticket ranges point into.
    pub ticket_origin: Origin,
    /// Jargon found in the draft (for this audience).
    pub jargon: &'a [JargonHit],
    /// The ticket's questions and verdicts.
    pub questions: &'a [Question],
    /// The acknowledgement verdict.
    pub acknowledgement: &'a Assessment,
}

impl Context<'_> {
    /// A numeric option of a rule.
    pub fn number(&self, rule: &RuleMeta, key: &str) -> f64 {
        self.settings.number(rule.id, key)
    }
}

/// A rule: metadata and a check.
pub trait Rule: Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;
    /// Reports findings; severity is the rule's own choice, the config may override it.
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
}

/// Every rule, in the order they are reported and listed.
pub static RULES: &[&dyn Rule] = &[
    &unanswered_question::UnansweredQuestion,
    &missing_acknowledgement::MissingAcknowledgement,
    &jargon::Jargon,
    &jargon_density::JargonDensity,
    &lecture_length::LectureLength,
    &unfilled_placeholder::UnfilledPlaceholder,
    &unused_suppression::UnusedSuppression,
    &condescension::Condescension,
    &generic_apology::GenericApology,
];

/// Old rule ids and what they are called now.
const REDIRECTS: &[(&str, &str)] = &[
    ("unanswered-questions", "unanswered-question"),
    ("acknowledgement", "missing-acknowledgement"),
    ("placeholder", "unfilled-placeholder"),
];

/// The metadata of a rule by id.
pub fn meta(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().map(|r| r.meta()).find(|m| m.id == id)
}

/// The new id of a renamed rule.
pub fn redirect(id: &str) -> Option<&'static str> {
    REDIRECTS
        .iter()
        .find(|(old, _)| *old == id)
        .map(|(_, new)| *new)
}

/// Every rule id.
pub fn ids() -> Vec<String> {
    RULES.iter().map(|r| r.meta().id.to_string()).collect()
}

/// The default of a rule's option.
pub fn option_default(rule: &str, key: &str) -> Option<f64> {
    meta(rule)?
        .options
        .iter()
        .find(|o| o.key == key)
        .map(|o| o.default)
}

/// Quotes a piece of text for a message: whitespace collapsed, long text cut at a word.
pub(crate) fn quote(text: &str, max_chars: usize) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max_chars {
        return format!("“{collapsed}”");
    }
    let mut cut: String = collapsed.chars().take(max_chars).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    format!("“{cut}…”")
}

#[cfg(test)]
pub(crate) mod testing;
