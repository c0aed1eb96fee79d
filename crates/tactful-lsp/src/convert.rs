//! Core ↔ protocol: ranges, severities, diagnostics, related information.

use std::str::FromStr;

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Uri,
};
use tactful_core::text::Encoding;
use tactful_core::{LineIndex, Origin, Severity, TextRange};

use crate::documents::Checked;

/// Where rule documentation lives; each rule has an anchor.
const RULE_DOCS: &str = "https://github.com/tactful-dev/tactful/blob/main/docs/rules.md";

pub(crate) fn position(
    index: &LineIndex,
    text: &str,
    offset: usize,
    encoding: Encoding,
) -> Position {
    let p = index.wire_position(text, offset, encoding);
    Position::new(p.line, p.character)
}

pub(crate) fn range(index: &LineIndex, text: &str, r: TextRange, encoding: Encoding) -> Range {
    Range::new(
        position(index, text, r.start, encoding),
        position(index, text, r.end, encoding),
    )
}

pub(crate) fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Converts a checked document's findings for the client.
pub(crate) fn diagnostics(
    uri: &Uri,
    checked: &Checked,
    encoding: Encoding,
    related_information: bool,
) -> Vec<lsp_types::Diagnostic> {
    let text = &*checked.text;
    let index = &*checked.index;
    checked
        .report
        .diagnostics
        .iter()
        .map(|d| {
            let related: Vec<DiagnosticRelatedInformation> = d
                .related
                .iter()
                .map(|r| {
                    let (uri, range) = match (r.origin, &checked.ticket) {
                        (Origin::Ticket, Some((ticket_uri, ticket_text, ticket_index))) => (
                            ticket_uri.clone(),
                            self::range(ticket_index, ticket_text, r.range, encoding),
                        ),
                        _ => (uri.clone(), self::range(index, text, r.range, encoding)),
                    };
                    DiagnosticRelatedInformation {
                        location: Location::new(uri, range),
                        message: r.message.clone(),
                    }
                })
                .collect();
            let mut message = d.message.clone();
            if !related_information {
                // Clients without related information still learn what was asked.
                for r in &d.related {
                    if r.origin == Origin::Ticket {
                        continue;
                    }
                    let line = index.position(text, r.range.start).line;
                    message.push_str(&format!(" ({} on line {line})", r.message));
                }
            }
            message.push_str("\n\n");
            message.push_str(&d.note);
            message.push_str("\n\n");
            message.push_str(&d.help);
            lsp_types::Diagnostic {
                range: range(index, text, d.range, encoding),
                severity: Some(severity(d.severity)),
                code: Some(NumberOrString::String(d.rule.to_string())),
                code_description: Uri::from_str(&format!("{RULE_DOCS}#{}", d.rule))
                    .ok()
                    .map(|href| CodeDescription { href }),
                source: Some("tactful".into()),
                message,
                related_information: (related_information && !related.is_empty())
                    .then_some(related),
                tags: None,
                data: None,
            }
        })
        .collect()
}
