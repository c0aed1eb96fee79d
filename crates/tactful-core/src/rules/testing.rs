//! Helpers for rule tests: run the whole check on a ticket and draft written inline.

use crate::config::{Audience, Settings};
use crate::diagnostic::Diagnostic;
use crate::document::Format;
use crate::packs::Engine;
use crate::{Input, check};

/// Runs every rule and returns the whole report.
pub(crate) fn report(ticket: Option<&str>, draft: &str, audience: Audience) -> crate::Report {
    let engine = Engine::embedded().unwrap();
    let settings = Settings {
        audience,
        ..Settings::default()
    };
    let input = Input {
        draft,
        format: Format::Markdown,
        ticket: ticket.map(|t| (t, Format::Markdown)),
    };
    check(engine, &settings, &input)
}

/// Runs every rule and returns the findings of one rule.
pub(crate) fn findings(
    rule: &str,
    ticket: Option<&str>,
    draft: &str,
    audience: Audience,
) -> Vec<Diagnostic> {
    report(ticket, draft, audience)
        .diagnostics
        .into_iter()
        .filter(|d| d.rule == rule)
        .collect()
}

/// The flagged texts of one rule.
pub(crate) fn flagged(
    rule: &str,
    ticket: Option<&str>,
    draft: &str,
    audience: Audience,
) -> Vec<String> {
    findings(rule, ticket, draft, audience)
        .iter()
        .map(|d| d.range.slice(draft).to_string())
        .collect()
}
