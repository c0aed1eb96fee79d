//! tactful-core: the engine of tactful, a linter for draft customer-support replies.
//!
//! The core reads text it is handed and returns findings; it does no printing and no file
//! walking. Front ends (the `tactful` CLI, the language server) wrap it.
//!
//! ```
//! use tactful_core::{check, Engine, Format, Input, Settings};
//!
//! let engine = Engine::embedded().expect("the shipped packs load");
//! let input = Input {
//!     draft: "Hi Ana,\n\nYour MX records still point at the old host.",
//!     format: Format::Markdown,
//!     ticket: Some(("My email stopped arriving after I moved. What happened?", Format::PlainText)),
//! };
//! let report = check(engine, &Settings::default(), &input);
//! assert!(report.diagnostics.iter().any(|d| d.rule == "jargon"));
//! ```
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod analysis;
pub mod config;
pub mod diagnostic;
pub mod document;
pub mod front_matter;
mod html;
pub mod layout;
pub mod packs;
mod parallel;
pub mod pattern;
mod quoted;
mod rarity;
pub mod rules;
pub mod suppress;
mod terms;
pub mod text;
mod valence;
mod words;

use std::panic::{AssertUnwindSafe, catch_unwind};

pub use analysis::acknowledgement::{Assessment as Acknowledgement, Given, Need};
pub use analysis::questions::Question;
pub use config::{Audience, Config, ConfigError, Level, Mode, Settings};
pub use diagnostic::{Diagnostic, Edit, Fix, Metrics, Origin, Related, Severity};
pub use document::{Document, Format};
pub use packs::{Engine, PackError, PackSource};
pub use text::{LineIndex, Position, TextRange};

use analysis::TextAnalysis;
use analysis::questions::DraftIndex;

/// What to check: a draft and, optionally, the customer's message it answers.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The draft reply's text.
    pub draft: &'a str,
    /// How the draft is written.
    pub format: Format,
    /// The customer's message, when it is a separate text. When `None`, a message quoted in
    /// the draft email style is used instead.
    pub ticket: Option<(&'a str, Format)>,
}

/// Where the ticket came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TicketSource {
    /// No ticket: the checks that need one said nothing.
    None,
    /// Quoted inside the draft, email style.
    Quoted,
    /// A separate text.
    Separate,
    /// The questions a canned response declares in its front matter.
    Declared,
}

/// The result of checking one draft.
#[derive(Clone, Debug)]
pub struct Report {
    /// Findings, in order of position, then rule.
    pub diagnostics: Vec<Diagnostic>,
    /// Figures about the draft.
    pub metrics: Metrics,
    /// Where the ticket came from.
    pub ticket: TicketSource,
    /// Every question found in the ticket, with the verdict and the evidence.
    pub questions: Vec<Question>,
    /// The acknowledgement verdict.
    pub acknowledgement: Acknowledgement,
    /// Rules that failed internally (a bug in tactful), reported instead of crashing.
    pub internal_errors: Vec<String>,
    /// Whether the draft had no prose to check (empty, or only code).
    pub no_prose: bool,
}

/// A view of a file showing only the questions its front matter declares, one block each.
fn declared_view(text: &str, questions: &[TextRange]) -> document::View {
    let mut bytes: Vec<u8> = text
        .bytes()
        .map(|b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    let mut blocks = Vec::new();
    for q in questions {
        let (start, end) = (q.start.min(text.len()), q.end.min(text.len()));
        bytes[start..end].copy_from_slice(&text.as_bytes()[start..end]);
        blocks.push(document::Block {
            range: TextRange::new(start, end),
            kind: document::BlockKind::Paragraph,
        });
    }
    document::View {
        masked: String::from_utf8(bytes).unwrap_or_default(),
        blocks,
        placeholders: Vec::new(),
    }
}

/// Checks a draft. Never fails and never panics on any text: every rule runs under
/// `catch_unwind`, and a rule that fails is reported in [`Report::internal_errors`].
pub fn check(engine: &Engine, settings: &Settings, input: &Input<'_>) -> Report {
    // Rules are guarded one by one below; this guards parsing and analysis too, so a bug
    // there costs one report, not the caller (an editor, a CI run over hundreds of files).
    catch_unwind(AssertUnwindSafe(|| check_guarded(engine, settings, input))).unwrap_or_else(|_| {
        Report {
            diagnostics: Vec::new(),
            metrics: Metrics::default(),
            ticket: TicketSource::None,
            questions: Vec::new(),
            acknowledgement: Acknowledgement {
                need: Need::None,
                score: 0.0,
                cues: Vec::new(),
                distress: Default::default(),
                given: Given::None,
                phrase: None,
                opening: TextRange::default(),
                insert_at: 0,
            },
            internal_errors: vec![
                "checking this text failed inside tactful (a bug; please report it with the text)"
                    .into(),
            ],
            no_prose: false,
        }
    })
}

fn check_guarded(engine: &Engine, settings: &Settings, input: &Input<'_>) -> Report {
    // A quoted customer message is never part of the draft; a separate ticket, when given,
    // wins over it.
    let document = Document::parse(input.draft, input.format, engine, true);
    let separate = input
        .ticket
        .map(|(text, format)| (text, Document::parse(text, format, engine, false)));
    let draft = TextAnalysis::new(input.draft, &document.draft, engine);
    // A canned response may declare the questions it answers in its front matter.
    let declared = match (&separate, &document.quoted_ticket) {
        (None, None) => front_matter::parse(input.draft)
            .ok()
            .flatten()
            .filter(|fm| !fm.questions.is_empty())
            .map(|fm| declared_view(input.draft, &fm.questions)),
        _ => None,
    };
    let (ticket, source, origin) = match (&separate, &document.quoted_ticket, &declared) {
        (Some((text, doc)), _, _) => (
            Some(TextAnalysis::new(text, &doc.draft, engine)),
            TicketSource::Separate,
            Origin::Ticket,
        ),
        (None, Some(view), _) => (
            Some(TextAnalysis::new(input.draft, view, engine)),
            TicketSource::Quoted,
            Origin::Draft,
        ),
        (None, None, Some(view)) => (
            Some(TextAnalysis::new(input.draft, view, engine)),
            TicketSource::Declared,
            Origin::Draft,
        ),
        (None, None, None) => (None, TicketSource::None, Origin::Ticket),
    };
    let ticket = ticket.filter(|t| !t.words.is_empty());
    if ticket.is_some() {
        // What only a ticket needs compiles side by side before it is read.
        engine.ticket_ready();
    }
    let source = if ticket.is_some() {
        source
    } else {
        TicketSource::None
    };

    let ticket_terms = ticket
        .as_ref()
        .map(|t| analysis::jargon::terms_in(engine, &t.view.masked))
        .unwrap_or_default();
    let jargon = analysis::jargon::find(
        engine,
        settings,
        &draft,
        &ticket_terms,
        ticket.as_ref().map(|t| t.view.masked.as_str()),
    );
    let questions = match &ticket {
        Some(t) if !draft.words.is_empty() => {
            let index = DraftIndex::new(engine, &draft);
            let threshold = settings.number("unanswered-question", "threshold");
            analysis::questions::assess(
                engine,
                t,
                &draft,
                &index,
                threshold,
                source == TicketSource::Declared,
            )
        }
        Some(t) => analysis::questions::extract(engine, t, source == TicketSource::Declared)
            .into_iter()
            .map(|found| Question {
                range: found.range,
                kind: found.kind,
                direct: found.direct,
                addressed: false,
                score: 0.0,
                matched: Vec::new(),
                missing: Vec::new(),
                evidence: None,
                first_answer: None,
                answer: None,
            })
            .collect(),
        None => Vec::new(),
    };
    // Declared questions are the customer's words as the response's author imagined them:
    // "my site has been down since this morning" calls for acknowledgement there too.
    let mood = ticket.as_ref();
    let acknowledgement = analysis::acknowledgement::assess(engine, mood, &draft);

    let cx = rules::Context {
        engine,
        settings,
        draft: &draft,
        ticket: ticket.as_ref(),
        ticket_origin: origin,
        jargon: &jargon,
        questions: &questions,
        acknowledgement: &acknowledgement,
    };
    let mut diagnostics = Vec::new();
    let mut internal_errors = Vec::new();
    for rule in rules::RULES {
        let meta = rule.meta();
        let level = settings.level(meta.id);
        if level == Some(Level::Off) {
            continue;
        }
        let mut found = Vec::new();
        let outcome = catch_unwind(AssertUnwindSafe(|| rule.check(&cx, &mut found)));
        if outcome.is_err() {
            internal_errors.push(format!(
                "the `{}` rule failed on this text (a bug in tactful; please report it with the text)",
                meta.id
            ));
            continue;
        }
        if let Some(Level::On(severity)) = level {
            for d in &mut found {
                d.severity = severity;
            }
        }
        diagnostics.extend(found);
    }
    // A draft with no prose (empty, or only code) has nothing to judge but its placeholders.
    if draft.words.is_empty() {
        diagnostics.retain(|d| d.rule == "unfilled-placeholder");
    }
    let suppressions = suppress::find(input.draft, &document.code);
    let used = suppress::apply(&mut diagnostics, &suppressions);
    if settings.enabled(rules::UNUSED_SUPPRESSION) {
        let level = settings.level(rules::UNUSED_SUPPRESSION);
        for (s, used) in suppressions.iter().zip(used) {
            if !used {
                let mut d = rules::unused_suppression::finding(s);
                if let Some(Level::On(severity)) = level {
                    d.severity = severity;
                }
                diagnostics.push(d);
            }
        }
    }
    diagnostics.sort_by(|a, b| a.range.start.cmp(&b.range.start).then(a.rule.cmp(b.rule)));

    let words = draft.words.len();
    let flagged = jargon.iter().filter(|h| !h.explained).count();
    let per_100 = if words == 0 {
        0.0
    } else {
        flagged as f64 * 100.0 / words as f64
    };
    let metrics = Metrics {
        words,
        sentences: draft.sentences.len(),
        reading_grade: draft.reading_grade(),
        jargon_per_100_words: (per_100 * 10.0).round() / 10.0,
        questions_in_ticket: questions.len(),
        questions_answered: questions.iter().filter(|q| q.addressed).count(),
    };
    Report {
        diagnostics,
        metrics,
        ticket: source,
        questions,
        acknowledgement,
        internal_errors,
        no_prose: words == 0,
    }
}
