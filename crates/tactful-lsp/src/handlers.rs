//! Request handlers: pull diagnostics, quick fixes, hover, the metrics code lens.

use std::collections::HashMap;

use lsp_server::Request;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeLens, CodeLensParams,
    Command, DocumentDiagnosticParams, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    FullDocumentDiagnosticReport, Hover, HoverContents, HoverParams, MarkupContent, MarkupKind,
    Position, Range, RelatedFullDocumentDiagnosticReport, TextEdit, WorkspaceEdit,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use tactful_core::{Diagnostic, TicketSource};

use crate::convert;
use crate::documents::{Checked, offset};
use crate::main_loop::State;

/// Why a request could not be answered.
pub(crate) enum Failure {
    NotFound(String),
    BadParams(String),
}

type Outcome = Result<Option<Value>, Failure>;

fn params<P: DeserializeOwned>(req: Request) -> Result<P, Failure> {
    serde_json::from_value(req.params).map_err(|e| Failure::BadParams(e.to_string()))
}

fn to_value(v: impl serde::Serialize) -> Outcome {
    serde_json::to_value(v)
        .map(Some)
        .map_err(|e| Failure::BadParams(e.to_string()))
}

pub(crate) fn full_report(items: Vec<lsp_types::Diagnostic>) -> Value {
    let report = DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
        RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        },
    ));
    serde_json::to_value(report).unwrap_or(Value::Null)
}

/// The document's last check, if it is for the current version.
fn current<'a>(state: &'a State, uri: &lsp_types::Uri) -> Option<&'a Checked> {
    let doc = state.documents.get(uri)?;
    doc.checked
        .as_ref()
        .filter(|c| c.version == doc.version && c.generation == doc.generation)
}

pub(crate) fn pull_diagnostics(state: &mut State, req: Request) -> Outcome {
    let id = req.id.clone();
    let p: DocumentDiagnosticParams = params(req)?;
    let uri = p.text_document.uri;
    // Not open, or the customer's message rather than a draft: nothing to report.
    let is_ticket = crate::paths::to_path(&uri).is_some_and(|p| crate::session::is_ticket_file(&p));
    if !state.documents.contains_key(&uri) || is_ticket {
        return Ok(Some(full_report(Vec::new())));
    }
    if let Some(checked) = current(state, &uri) {
        let items = convert::diagnostics(&uri, checked, state.encoding, state.related_information);
        return Ok(Some(full_report(items)));
    }
    state.wait_for_check(uri, id);
    Ok(None)
}

pub(crate) fn code_actions(state: &mut State, req: Request) -> Outcome {
    let p: CodeActionParams = params(req)?;
    let uri = p.text_document.uri;
    let Some(checked) = current(state, &uri) else {
        return to_value(Vec::<CodeActionOrCommand>::new());
    };
    let text = &*checked.text;
    let index = &*checked.index;
    let start = offset(index, text, p.range.start, state.encoding);
    let end = offset(index, text, p.range.end, state.encoding);
    let touches = |d: &Diagnostic| d.range.start <= end && start <= d.range.end;
    let all = convert::diagnostics(&uri, checked, state.encoding, state.related_information);
    // Fixes for the narrowest finding under the cursor come first (the jargon term before its
    // paragraph's density finding); suppressions come last.
    let mut touched: Vec<(&Diagnostic, lsp_types::Diagnostic)> = checked
        .report
        .diagnostics
        .iter()
        .zip(all)
        .filter(|(d, _)| touches(d))
        .collect();
    touched.sort_by_key(|(d, _)| d.range.len());
    let mut actions = Vec::new();
    let mut quiet = Vec::new();
    let mut seen_rules = Vec::new();
    for (d, lsp) in touched {
        for (i, fix) in d.fixes.iter().enumerate() {
            let edits = fix
                .edits
                .iter()
                .map(|e| TextEdit {
                    range: convert::range(index, text, e.range, state.encoding),
                    new_text: e.replacement.clone(),
                })
                .collect();
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                is_preferred: Some(i == 0 && actions.is_empty()),
                ..CodeAction::default()
            }));
        }
        if !seen_rules.contains(&d.rule) {
            seen_rules.push(d.rule);
            quiet.extend(suppressions(checked, d, &lsp, &uri, state));
        }
    }
    actions.extend(quiet);
    to_value(actions)
}

/// "Disable RULE for this line" and "… for this file": suppression comments.
fn suppressions(
    checked: &Checked,
    d: &Diagnostic,
    lsp: &lsp_types::Diagnostic,
    uri: &lsp_types::Uri,
    state: &State,
) -> Vec<CodeActionOrCommand> {
    let text = &*checked.text;
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line = checked.index.line_of(d.range.start);
    let line_start = checked.index.line_range(text, line).map_or(0, |r| r.start);
    let file_start = front_matter_end(text);
    let action = |title: String, at: usize, comment: String| {
        let position = convert::position(&checked.index, text, at, state.encoding);
        CodeActionOrCommand::CodeAction(CodeAction {
            title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![lsp.clone()]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(
                    uri.clone(),
                    vec![TextEdit {
                        range: Range::new(position, position),
                        new_text: comment,
                    }],
                )])),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        })
    };
    vec![
        action(
            format!("Disable {} for this line", d.rule),
            line_start,
            format!("<!-- tactful-disable-next-line {} -->{newline}", d.rule),
        ),
        action(
            format!("Disable {} for this file", d.rule),
            file_start,
            format!("<!-- tactful-disable {} -->{newline}{newline}", d.rule),
        ),
    ]
}

/// Where a file's body starts: after its front matter, if any.
fn front_matter_end(text: &str) -> usize {
    let Some(fence) = ["---", "+++"].into_iter().find(|f| text.starts_with(f)) else {
        return 0;
    };
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        offset += line.len();
        if i > 0 && line.trim_end() == fence {
            return offset;
        }
    }
    0
}

pub(crate) fn hover(state: &mut State, req: Request) -> Outcome {
    let p: HoverParams = params(req)?;
    let uri = p.text_document_position_params.text_document.uri;
    let Some(checked) = current(state, &uri) else {
        return Ok(Some(Value::Null));
    };
    let text = &*checked.text;
    let at = offset(
        &checked.index,
        text,
        p.text_document_position_params.position,
        state.encoding,
    );
    // The narrowest finding under the cursor: a term rather than its whole paragraph.
    let found = checked
        .report
        .diagnostics
        .iter()
        .filter(|d| d.range.start <= at && at <= d.range.end)
        .min_by_key(|d| d.range.len());
    let Some(d) = found else {
        return Ok(Some(Value::Null));
    };
    let mut value = format!(
        "**tactful: {}** ({})\n\n{}\n\n*Why it matters:* {}\n\n*Instead:* {}",
        d.rule,
        d.severity.name(),
        d.message,
        d.note,
        d.help
    );
    if let Some(fix) = d.fixes.first() {
        value.push_str(&format!("\n\n*Quick fix:* {}", fix.title));
    }
    to_value(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(convert::range(
            &checked.index,
            text,
            d.range,
            state.encoding,
        )),
    })
}

/// The draft's metrics as a lens on its first line.
pub(crate) fn code_lens(state: &mut State, req: Request) -> Outcome {
    let p: CodeLensParams = params(req)?;
    let Some(checked) = current(state, &p.text_document.uri) else {
        return to_value(Vec::<CodeLens>::new());
    };
    let m = &checked.report.metrics;
    let questions = if checked.report.ticket == TicketSource::None {
        "no ticket".to_string()
    } else {
        format!(
            "{} of {} questions answered",
            m.questions_answered, m.questions_in_ticket
        )
    };
    let title = format!(
        "{} words · grade {:.0} · {} · jargon {:.1}/100",
        m.words, m.reading_grade, questions, m.jargon_per_100_words
    );
    to_value(vec![CodeLens {
        range: Range::new(Position::new(0, 0), Position::new(0, 0)),
        command: Some(Command {
            title,
            command: String::new(),
            arguments: None,
        }),
        data: None,
    }])
}
