//! Helpers shared by the fuzz targets: turning raw bytes into a check's input, and the
//! invariants every report must satisfy (the same ones the property tests in
//! `crates/tactful-core/tests/properties.rs` assert, as plain panics so libFuzzer sees them).

use tactful_core::{Audience, Format, Input, Mode, Origin, Report, Settings, TextRange};

/// A check's input decoded from fuzz bytes.
#[derive(Debug)]
pub struct CheckCase {
    pub draft: String,
    pub ticket: Option<String>,
    pub format: Format,
    pub ticket_format: Format,
    pub settings: Settings,
}

const FORMATS: [Format; 3] = [Format::Markdown, Format::PlainText, Format::Html];
const AUDIENCES: [Audience; 3] = [Audience::Novice, Audience::General, Audience::Technical];

impl CheckCase {
    /// The first byte picks the draft's format, the ticket's format, the audience and the
    /// mode; the rest is the draft, then, after the first 0xFF byte (never part of UTF-8
    /// text), the ticket. Invalid UTF-8 is replaced, so every input is a valid case.
    pub fn decode(data: &[u8]) -> Option<CheckCase> {
        let (&head, rest) = data.split_first()?;
        let head = usize::from(head);
        let (draft, ticket) = match rest.iter().position(|&b| b == 0xFF) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let settings = Settings {
            audience: AUDIENCES[(head / 3) % 3],
            mode: if (head / 9) % 2 == 0 {
                Mode::Reply
            } else {
                Mode::Template
            },
            ..Settings::default()
        };
        Some(CheckCase {
            draft: String::from_utf8_lossy(draft).into_owned(),
            ticket: ticket.map(|t| String::from_utf8_lossy(t).into_owned()),
            format: FORMATS[head % 3],
            ticket_format: FORMATS[(head / 18) % 3],
            settings,
        })
    }

    pub fn input(&self) -> Input<'_> {
        Input {
            draft: &self.draft,
            format: self.format,
            ticket: self.ticket.as_deref().map(|t| (t, self.ticket_format)),
        }
    }
}

/// Whether a range lies inside `text`, the right way round, on character boundaries.
pub fn valid(text: &str, r: TextRange) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

/// Panics, naming the broken invariant, unless the report is sound for its input:
/// no internal errors; every diagnostic range inside the draft on character boundaries;
/// related ranges inside the text they point into; fix edits in bounds, in order and not
/// overlapping; question and acknowledgement ranges inside their texts; finite metrics.
pub fn assert_sound(input: &Input<'_>, report: &Report) {
    let draft = input.draft;
    assert!(
        report.internal_errors.is_empty(),
        "internal errors: {:?}",
        report.internal_errors
    );
    let text_of = |origin: Origin| match (origin, input.ticket) {
        (Origin::Ticket, Some((ticket, _))) => ticket,
        _ => draft,
    };
    for d in &report.diagnostics {
        assert!(
            valid(draft, d.range),
            "diagnostic range outside the draft: {d:?}"
        );
        for r in &d.related {
            assert!(
                valid(text_of(r.origin), r.range),
                "related range outside its text: {r:?} of {d:?}"
            );
        }
        for fix in &d.fixes {
            let mut last = 0;
            for e in &fix.edits {
                assert!(valid(draft, e.range), "fix edit outside the draft: {fix:?}");
                assert!(
                    e.range.start >= last,
                    "fix edits overlap or are out of order: {fix:?}"
                );
                last = e.range.end;
            }
        }
    }
    // Questions and cues are in the separate ticket when there is one, else in the draft
    // (quoted or declared in front matter); the evidence for an answer is always in the draft.
    let ticket_text = match (report.ticket, input.ticket) {
        (tactful_core::TicketSource::Separate, Some((ticket, _))) => ticket,
        _ => draft,
    };
    for q in &report.questions {
        assert!(
            valid(ticket_text, q.range),
            "question range outside its text: {q:?}"
        );
        for r in q.evidence.iter().chain(&q.first_answer) {
            assert!(valid(draft, *r), "answer evidence outside the draft: {q:?}");
        }
    }
    let ack = &report.acknowledgement;
    for cue in &ack.cues {
        assert!(
            valid(ticket_text, cue.range),
            "cue range outside its text: {cue:?}"
        );
    }
    assert!(
        valid(draft, ack.opening),
        "opening outside the draft: {ack:?}"
    );
    assert!(
        ack.insert_at <= draft.len() && draft.is_char_boundary(ack.insert_at),
        "acknowledgement insertion point outside the draft: {ack:?}"
    );
    if let Some(p) = ack.phrase {
        assert!(
            valid(draft, p),
            "acknowledgement phrase outside the draft: {ack:?}"
        );
    }
    let m = &report.metrics;
    assert!(
        m.reading_grade.is_finite() && m.jargon_per_100_words.is_finite(),
        "metrics not finite: {m:?}"
    );
    assert!(
        m.questions_answered <= m.questions_in_ticket,
        "more questions answered than asked: {m:?}"
    );
}

/// Panics unless two reports of the same input are the same (compared through `Debug`, so
/// a NaN equals itself and every field counts).
pub fn assert_same(first: &Report, second: &Report) {
    let (a, b) = (format!("{first:?}"), format!("{second:?}"));
    assert!(
        a == b,
        "checking twice gave different reports:\n{a}\n---\n{b}"
    );
}
