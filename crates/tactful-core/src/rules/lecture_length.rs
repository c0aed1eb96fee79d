//! `lecture-length`: far longer than what was asked needs, walls of text, the answer buried.

use crate::config::{Audience, Mode};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::text::TextRange;

pub(crate) struct LectureLength;

/// What any reply needs (a greeting, a sign-off, a line of context), in words.
const BASE_WORDS: f64 = 35.0;
/// What each question adds to the budget: a direct answer is a sentence or two.
const WORDS_PER_QUESTION: f64 = 10.0;
/// What each word of the ticket adds: a customer who explains at length has more to answer
/// than one who asks in a line, and a one-line question rarely needs more than a paragraph.
const WORDS_PER_TICKET_WORD: f64 = 0.75;
/// The budget is never less than this.
const MIN_BUDGET: f64 = 50.0;

static META: RuleMeta = RuleMeta {
    id: "lecture-length",
    summary: "a draft far longer than what was asked needs, a wall of text, or the answer buried",
    default_severity: Severity::Warning,
    fixable: false,
    docs: DOCS,
    options: &[
        OptionMeta {
            key: "factor",
            kind: OptionKind::Number {
                min: 1.0,
                max: 20.0,
            },
            default: 2.0,
            doc: "flag a draft longer than this many times its length budget",
        },
        OptionMeta {
            key: "max-words-without-ticket",
            kind: OptionKind::Number {
                min: 20.0,
                max: 100_000.0,
            },
            default: 350.0,
            doc: "without a ticket, flag a draft longer than this",
        },
        OptionMeta {
            key: "paragraph-words",
            kind: OptionKind::Number {
                min: 20.0,
                max: 10_000.0,
            },
            default: 120.0,
            doc: "a paragraph longer than this is a wall of text",
        },
        OptionMeta {
            key: "sentence-words",
            kind: OptionKind::Number {
                min: 10.0,
                max: 1_000.0,
            },
            default: 40.0,
            doc: "a sentence longer than this is hard to follow",
        },
        OptionMeta {
            key: "grade-margin",
            kind: OptionKind::Number {
                min: 0.0,
                max: 20.0,
            },
            default: 4.0,
            doc: "flag a reading grade this far above the audience's (novice 6, general 8, technical 11)",
        },
        OptionMeta {
            key: "preamble-words",
            kind: OptionKind::Number {
                min: 10.0,
                max: 10_000.0,
            },
            default: 80.0,
            doc: "flag an answer that starts after this many words of preamble",
        },
    ],
};

const DOCS: &str = "\
## What it flags

- A draft far longer than what was asked needs (by default more than twice its length budget);
  the finding covers the part past the budget.
- Walls of text (paragraphs over 120 words), very long sentences (over 40 words), a reading grade
  far above the audience's, and an answer buried behind a long preamble.

## Why it matters to the customer

Customers skim. The longer the reply, the likelier they miss the one step that matters, and a
lecture on how things work, when they asked how to fix them, reads as talking down. Support
emails of 50 to 125 words get the most replies.

## How it decides

The length budget comes from what was asked: 35 words, plus 10 for each question in the ticket,
plus three quarters of the ticket's length in words (a customer who explains at length has more
to answer than one who asks in a line), times 0.9 for a novice reader and 1.2 for a technical
one, and never less than 50: a one-line question gets a budget of about 60 words, so a reply
past about 120 words is flagged. In template mode a canned response stands alone and answers
everyone who asks, so its budget is 40 words, plus 40 for each question, plus a fifth of the
question text, and never less than 80. Without a ticket the budget is
`max-words-without-ticket`.

The answer is buried when the first sentence that answers a question comes after
`preamble-words` words and past 40% of the draft. The reading grade is Flesch-Kincaid, checked on drafts of 60
words or more against grade 6 (novice), 8 (general) or 11 (technical) plus `grade-margin`.

## Example

A 420-word history of the platform's PHP upgrade, in reply to \"How do I get my site back?\"

## Options

- `factor` (default 2.0), `max-words-without-ticket` (350), `paragraph-words` (120),
  `sentence-words` (40), `grade-margin` (4), `preamble-words` (80)
";

impl Rule for LectureLength {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let draft = cx.draft;
        let words = draft.words.len();
        if words == 0 {
            return;
        }
        let audience_factor = match cx.settings.audience {
            Audience::Novice => 0.9,
            Audience::General => 1.0,
            Audience::Technical => 1.2,
        };
        let (budget, limit) = match cx.ticket {
            Some(ticket) => {
                let questions = cx.questions.len().max(1) as f64;
                let ticket_words = ticket.words.len() as f64;
                let budget = if cx.settings.mode == Mode::Template {
                    // A canned response answers everyone who asks, so it stands alone and
                    // explains more than a reply to one message.
                    ((40.0 + 40.0 * questions + 0.2 * ticket_words) * audience_factor).max(80.0)
                } else {
                    ((BASE_WORDS
                        + WORDS_PER_QUESTION * questions
                        + WORDS_PER_TICKET_WORD * ticket_words)
                        * audience_factor)
                        .max(MIN_BUDGET)
                };
                (budget, budget * cx.number(&META, "factor"))
            }
            None => {
                let limit = cx.number(&META, "max-words-without-ticket");
                (limit, limit)
            }
        };
        if words as f64 > limit {
            // Point at the part past the budget.
            let cut = draft
                .words
                .get(budget as usize)
                .map_or(0, |w| w.range.start);
            let start = draft
                .sentences
                .iter()
                .find(|s| s.range.end > cut)
                .map_or(cut, |s| s.range.start);
            let end = draft.sentences.last().map_or(start, |s| s.range.end);
            let asked = if cx.ticket.is_some() {
                format!(
                    "what was asked ({} question{}) needs about {:.0}",
                    cx.questions.len(),
                    if cx.questions.len() == 1 { "" } else { "s" },
                    budget
                )
            } else {
                format!("the limit without a ticket is {limit:.0}")
            };
            out.push(Diagnostic {
                rule: META.id,
                severity: META.default_severity,
                message: format!("This reply is {words} words; {asked}."),
                note: "Customers skim: in a long reply they miss the step that matters, and a lecture they didn't ask for reads as talking down.".into(),
                help: "Lead with the answer, cut background the customer didn't ask for, and offer details as a link or a follow-up.".into(),
                range: TextRange::new(start, end),
                related: Vec::new(),
                fixes: Vec::new(),
            });
        }

        let paragraph_words = cx.number(&META, "paragraph-words");
        for (index, block) in draft.view.blocks.iter().enumerate() {
            let n = draft.block_word_count(index);
            if n as f64 > paragraph_words {
                out.push(info(
                    block.range,
                    format!("This paragraph is a wall of text: {n} words (the limit is {paragraph_words:.0}, option `paragraph-words`)."),
                    "Long paragraphs are where readers give up; the answer hidden in one is the answer never read.",
                    "Split it into short paragraphs of one idea each, or turn steps into a numbered list.",
                ));
            }
        }

        let sentence_words = cx.number(&META, "sentence-words");
        for s in &draft.sentences {
            let n = s.words.len();
            if n as f64 > sentence_words {
                out.push(info(
                    s.range,
                    format!("This sentence is {n} words long (the limit is {sentence_words:.0}, option `sentence-words`)."),
                    "By the end of a very long sentence the reader has lost its beginning; plain-language guidance keeps sentences to 15–20 words on average.",
                    "Break it into two or three sentences, one point each.",
                ));
            }
        }

        let target = match cx.settings.audience {
            Audience::Novice => 6.0,
            Audience::General => 8.0,
            Audience::Technical => 11.0,
        };
        let grade = draft.reading_grade();
        let margin = cx.number(&META, "grade-margin");
        if words >= 60 && grade > target + margin {
            let range = draft
                .sentences
                .first()
                .zip(draft.sentences.last())
                .map_or_else(TextRange::default, |(a, b)| a.range.cover(b.range));
            out.push(info(
                range,
                format!("The draft reads at grade {grade:.1}; this audience reads comfortably at grade {target:.0}."),
                "Hard reading makes a customer work for the answer, and many won't.",
                "Use shorter sentences and everyday words.",
            ));
        }

        // The answer buried behind a preamble.
        let preamble = cx.number(&META, "preamble-words");
        let first_answer = cx
            .questions
            .iter()
            .filter(|q| q.addressed)
            .filter_map(|q| q.first_answer)
            .min();
        if let Some(evidence) = first_answer {
            let before = draft
                .words
                .iter()
                .take_while(|w| w.range.end <= evidence.start)
                .count();
            if before as f64 > preamble && before as f64 > 0.4 * words as f64 {
                out.push(info(
                    evidence,
                    format!("The answer starts only after {before} words of preamble."),
                    "A customer who has to read a lecture before the answer may never reach it.",
                    "Move this answer to the top; keep background after it, or drop it.",
                ));
            }
        }
    }
}

fn info(range: TextRange, message: String, note: &str, help: &str) -> Diagnostic {
    Diagnostic {
        rule: META.id,
        severity: Severity::Info,
        message,
        note: note.into(),
        help: help.into(),
        range,
        related: Vec::new(),
        fixes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Audience;
    use crate::rules::testing::findings;

    #[test]
    fn an_essay_for_a_one_line_question() {
        let ticket = "How do I reset my password?";
        let sentence =
            "Our authentication system was redesigned last year to improve security for everyone. ";
        let draft = format!(
            "Hi,\n\n{}\n\nClick Forgot password on the sign-in page.",
            sentence.repeat(14)
        );
        let d = findings("lecture-length", Some(ticket), &draft, Audience::General);
        assert!(
            d.iter().any(|d| d.message.starts_with("This reply is")),
            "{d:?}"
        );
    }

    /// Whether the over-budget finding fires, in reply mode or template mode.
    fn over_budget(ticket: &str, draft: &str, template: bool) -> bool {
        let engine = crate::packs::Engine::embedded().unwrap();
        let settings = crate::config::Settings {
            mode: if template {
                crate::config::Mode::Template
            } else {
                crate::config::Mode::Reply
            },
            ..crate::config::Settings::default()
        };
        let input = crate::Input {
            draft,
            format: crate::document::Format::Markdown,
            ticket: Some((ticket, crate::document::Format::Markdown)),
        };
        crate::check(engine, &settings, &input)
            .diagnostics
            .iter()
            .any(|d| d.rule == "lecture-length" && d.message.starts_with("This reply is"))
    }

    #[test]
    fn the_budget_follows_the_ticket() {
        let background = "Regular readings keep your bills accurate, because without them we estimate from past usage and seasonal averages. ";
        let answer = "To send a reading, sign in and open Meter readings.";
        // 130 words for a one-line question: a lecture.
        let lecture = format!("Hi,\n\n{}{answer}", background.repeat(7));
        let one_line = "how do i submit a meter reading";
        assert!(over_budget(one_line, &lecture, false));
        // The same length for a customer who wrote a detailed message is fine.
        let detailed = "Hi, I moved into the flat last month and the previous tenant left no readings. \
            The meter is in a cupboard by the door and has two rows of numbers, one of them red, \
            and the app asks for a reading every month but I never know which row to use. My \
            first bill looked far too high. How do I submit a meter reading, and which row counts?";
        assert!(!over_budget(detailed, &lecture, false));
        // A canned response stands alone and may explain more.
        assert!(!over_budget(one_line, &lecture, true));
    }

    #[test]
    fn a_short_answer_is_fine() {
        let ticket = "How do I reset my password?";
        let draft = "Hi Søren! Click “Forgot password” on the sign-in page and follow the email we send you. 🙂";
        assert!(findings("lecture-length", Some(ticket), draft, Audience::General).is_empty());
    }

    #[test]
    fn long_sentences_are_flagged() {
        let draft = "This is a sentence that goes on and on with one clause after another and then another clause and yet another one until the reader has entirely forgotten where it started and why it was ever written down in the first place.";
        let d = findings("lecture-length", None, draft, Audience::General);
        assert_eq!(d.len(), 1, "{d:?}");
    }
}
