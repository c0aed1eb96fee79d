//! The ticket's questions, and whether the draft addresses each one.
//!
//! Questions are sentences with a "?" and sentences that ask without one ("I'd like to know
//! whether…", "please let me know how…", "can you check…"), minus pleasantries and rhetorical
//! outbursts. Each gets a type (yes/no, how, when, where, how much, why, what, request).
//!
//! A question counts as addressed when some window of the draft (a sentence and its
//! neighbours) covers enough of the question's content words (stemmed, synonyms folded, rare
//! words weighing more than common ones) and, better, when a sentence there gives the kind of
//! answer the question asks for: a yes or no, steps, a cause, a price, a time, a place, a
//! refusal, or an explicit deferral ("I'll check on the invoice and get back to you").

use std::collections::{HashMap, HashSet};

use crate::analysis::{TextAnalysis, stem};
use crate::packs::{AnswerKind, Engine, QuestionKind};
use crate::text::TextRange;

/// A question found in the ticket and the verdict on it.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// Where it is in the ticket.
    pub range: TextRange,
    /// What kind of answer it asks for.
    pub kind: QuestionKind,
    /// Whether it ends in "?" (otherwise it was found by an indirect cue).
    pub direct: bool,
    /// Whether the draft addresses it.
    pub addressed: bool,
    /// The best score found (0 to about 1.5).
    pub score: f64,
    /// Content words of the question found in the best window of the draft.
    pub matched: Vec<String>,
    /// Content words of the question not found there.
    pub missing: Vec<String>,
    /// The draft sentence that best answers it, if any.
    pub evidence: Option<TextRange>,
    /// The kind of answer found in the evidence, if it matched the question.
    pub answer: Option<AnswerKind>,
}

/// A content word of a question: its stem (synonyms folded), how it was written, its weight.
struct Content {
    stem: String,
    word: String,
    weight: f64,
}

/// The draft, prepared once for matching every question.
pub(crate) struct DraftIndex {
    /// For each sentence: its folded stems.
    stems: Vec<HashSet<String>>,
    /// For each sentence: the kinds of answer it gives.
    answers: Vec<Vec<AnswerKind>>,
}

impl DraftIndex {
    pub(crate) fn new(engine: &Engine, draft: &TextAnalysis<'_>) -> Self {
        let mut buf = String::new();
        let mut stems = Vec::with_capacity(draft.sentences.len());
        let mut answers = Vec::with_capacity(draft.sentences.len());
        for sentence in &draft.sentences {
            let mut set = HashSet::new();
            let mut previous = String::new();
            for word in draft.sentence_words(sentence) {
                let s = stem(word.range.slice(&draft.view.masked), &mut buf).into_owned();
                if !previous.is_empty() {
                    let pair = format!("{previous} {s}");
                    if let Some(head) = engine.synonyms.get(&pair) {
                        set.insert(head.clone());
                    }
                }
                let folded = engine.synonyms.get(&s).cloned();
                set.insert(folded.unwrap_or_else(|| s.clone()));
                previous = s;
            }
            stems.push(set);
            let text = draft.prose(sentence.range);
            answers.push(
                engine
                    .answer_cues
                    .iter()
                    .filter(|(_, r)| r.is_match(text))
                    .map(|(k, _)| *k)
                    .collect(),
            );
        }
        Self { stems, answers }
    }
}

/// Finds the ticket's questions.
pub(crate) fn extract(
    engine: &Engine,
    ticket: &TextAnalysis<'_>,
) -> Vec<(TextRange, QuestionKind, bool)> {
    let mut out: Vec<(TextRange, QuestionKind, bool)> = Vec::new();
    for sentence in &ticket.sentences {
        let text = ticket.prose(sentence.range);
        let direct = text.contains('?');
        let indirect = if direct {
            None
        } else {
            engine
                .indirect_questions
                .iter()
                .find(|(_, r)| r.is_match(text))
                .map(|(k, _)| *k)
        };
        if !direct && indirect.is_none() {
            continue;
        }
        if engine
            .not_a_question
            .as_ref()
            .is_some_and(|r| r.is_match(text))
        {
            continue;
        }
        let kind = engine
            .question_types
            .iter()
            .find(|(_, r, _)| r.is_match(text))
            .map(|(k, _, _)| *k)
            .or(indirect)
            .unwrap_or(QuestionKind::Generic);
        out.push((sentence.range, kind, direct));
    }
    out
}

fn content_words(engine: &Engine, ticket: &TextAnalysis<'_>, range: TextRange) -> Vec<Content> {
    let mut buf = String::new();
    let mut out: Vec<Content> = Vec::new();
    let words: Vec<&str> = ticket
        .words
        .iter()
        .filter(|w| range.contains_range(w.range))
        .map(|w| w.range.slice(&ticket.view.masked))
        .collect();
    let mut skip_next = false;
    for (i, written) in words.iter().copied().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        // A two-word synonym ("money back") counts as one content word.
        if let Some(next) = words.get(i + 1) {
            let first = stem(written, &mut buf).into_owned();
            let pair = format!("{first} {}", stem(next, &mut buf));
            if let Some(head) = engine.synonyms.get(&pair) {
                if !out.iter().any(|c| &c.stem == head) {
                    out.push(Content {
                        stem: head.clone(),
                        word: format!("{written} {next}"),
                        weight: 1.0,
                    });
                }
                skip_next = true;
                continue;
            }
        }
        let lower = written.to_lowercase().replace('\u{2019}', "'");
        if engine.stopwords.contains(&lower)
            || lower.chars().all(|c| c.is_ascii_digit()) && lower.len() < 3
        {
            continue;
        }
        let s = stem(written, &mut buf).into_owned();
        let weight = if engine.common_words.contains(&s) {
            0.5
        } else {
            1.0
        };
        let folded = engine.synonyms.get(&s).cloned().unwrap_or(s);
        if out.iter().any(|c| c.stem == folded) {
            continue;
        }
        out.push(Content {
            stem: folded,
            word: written.to_string(),
            weight,
        });
    }
    out
}

/// How strongly an answer of this kind counts for a question.
fn type_bonus(accepted: &[AnswerKind], given: &[AnswerKind]) -> Option<AnswerKind> {
    given.iter().copied().find(|g| accepted.contains(g))
}

/// Judges every question against the draft. `threshold` is the score needed to count as addressed.
pub(crate) fn assess(
    engine: &Engine,
    ticket: &TextAnalysis<'_>,
    draft: &TextAnalysis<'_>,
    index: &DraftIndex,
    threshold: f64,
) -> Vec<Question> {
    let found = extract(engine, ticket);
    let single = found.len() == 1;
    let accepted_for: HashMap<QuestionKind, &[AnswerKind]> = engine
        .question_types
        .iter()
        .map(|(k, _, a)| (*k, a.as_slice()))
        .collect();
    // A word shared by several questions does not tell them apart: it weighs less in each.
    let contents: Vec<Vec<Content>> = found
        .iter()
        .map(|(range, _, _)| content_words(engine, ticket, *range))
        .collect();
    let mut shared: HashMap<&str, f64> = HashMap::new();
    for content in &contents {
        for c in content {
            *shared.entry(c.stem.as_str()).or_default() += 1.0;
        }
    }
    let contents: Vec<Vec<Content>> = contents
        .iter()
        .map(|content| {
            content
                .iter()
                .map(|c| Content {
                    stem: c.stem.clone(),
                    word: c.word.clone(),
                    weight: c.weight / shared.get(c.stem.as_str()).copied().unwrap_or(1.0),
                })
                .collect()
        })
        .collect();
    let mut out = Vec::with_capacity(found.len());
    for ((range, kind, direct), content) in found.into_iter().zip(contents) {
        let total: f64 = content.iter().map(|c| c.weight).sum();
        let accepted: &[AnswerKind] = accepted_for.get(&kind).copied().unwrap_or(GENERIC_ANSWERS);
        let mut best = (0.0f64, None::<usize>, None::<AnswerKind>, 0.0f64);
        for i in 0..index.stems.len() {
            let lo = i.saturating_sub(1);
            let hi = (i + 2).min(index.stems.len());
            let covered: f64 = content
                .iter()
                .filter(|c| index.stems[lo..hi].iter().any(|s| s.contains(&c.stem)))
                .map(|c| c.weight)
                .sum();
            let coverage = if total > 0.0 { covered / total } else { 0.0 };
            let answer = type_bonus(accepted, &index.answers[i]);
            let mut score = coverage;
            if answer.is_some() {
                // The right kind of answer counts in proportion to how on-topic it is, so one
                // "Yes, …" does not answer every yes/no question in the ticket.
                score += if total > 0.0 {
                    0.35 * (coverage / 0.5).min(1.0)
                } else {
                    0.6
                };
                if single {
                    score += 0.2;
                }
            }
            if score > best.0 {
                best = (score, Some(i), answer, coverage);
            }
        }
        let (score, at, answer, _) = best;
        let window: Vec<&HashSet<String>> = match at {
            Some(i) => index.stems[i.saturating_sub(1)..(i + 2).min(index.stems.len())]
                .iter()
                .collect(),
            None => Vec::new(),
        };
        let (matched, missing): (Vec<&Content>, Vec<&Content>) = content
            .iter()
            .partition(|c| window.iter().any(|s| s.contains(&c.stem)));
        out.push(Question {
            range,
            kind,
            direct,
            addressed: score >= threshold,
            score: (score * 100.0).round() / 100.0,
            matched: matched.iter().map(|c| c.word.clone()).collect(),
            missing: missing.iter().map(|c| c.word.clone()).collect(),
            evidence: at.and_then(|i| draft.sentences.get(i)).map(|s| s.range),
            answer,
        });
    }
    out
}

/// Answers accepted for a question type the packs do not list.
const GENERIC_ANSWERS: &[AnswerKind] = &[
    AnswerKind::Instructions,
    AnswerKind::Cause,
    AnswerKind::Action,
    AnswerKind::Deferral,
    AnswerKind::Polar,
];
