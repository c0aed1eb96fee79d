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
    /// The first draft sentence that answers it (for the buried-answer check).
    pub first_answer: Option<TextRange>,
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
    /// For each sentence: the sentences it is read with (its paragraph, or a few neighbours).
    windows: Vec<std::ops::Range<usize>>,
}

/// How far a window reaches past a sentence inside a long paragraph.
const WINDOW_REACH: usize = 3;

impl DraftIndex {
    pub(crate) fn new(engine: &Engine, draft: &TextAnalysis<'_>) -> Self {
        let mut buf = String::new();
        let n = draft.sentences.len();
        let mut stems = Vec::with_capacity(n);
        let mut answers = Vec::with_capacity(n);
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
        // A sentence is read with its neighbours and the rest of its paragraph (a list item
        // answering question 2 is one paragraph), but never more than a few sentences away.
        let windows = (0..n)
            .map(|i| {
                let block = draft.sentences[i].block;
                let mut lo = i.saturating_sub(1);
                while lo > 0 && i - lo < WINDOW_REACH && draft.sentences[lo - 1].block == block {
                    lo -= 1;
                }
                let mut hi = (i + 2).min(n);
                while hi < n && hi - i <= WINDOW_REACH && draft.sentences[hi].block == block {
                    hi += 1;
                }
                lo..hi
            })
            .collect();
        Self {
            stems,
            answers,
            windows,
        }
    }
}

/// A question found in the ticket, before it is judged.
pub(crate) struct Found {
    pub(crate) range: TextRange,
    pub(crate) kind: QuestionKind,
    pub(crate) direct: bool,
    /// Every kind of answer that would answer it (a compound question takes several).
    accepted: Vec<AnswerKind>,
}

/// At most this many questions of a ticket are judged (a real ticket asks a handful; a pasted
/// log full of "?" must not make the check slow).
pub(crate) const MAX_QUESTIONS: usize = 100;

/// Finds the ticket's questions.
/// With `declared`, every block is a question (the questions a canned response's front matter
/// says it answers, phrased however the author liked).
pub(crate) fn extract(engine: &Engine, ticket: &TextAnalysis<'_>, declared: bool) -> Vec<Found> {
    let mut out = Vec::new();
    let units: Vec<TextRange> = if declared {
        // Each declared entry is a question; when it tells a little story first ("My shop has
        // been down since this morning. Why is my site down?"), the sentences asking are the
        // question and the rest is its context.
        let mut units = Vec::new();
        for (i, block) in ticket.view.blocks.iter().enumerate() {
            let asking: Vec<TextRange> = ticket
                .sentences
                .iter()
                .filter(|s| s.block == i && ticket.prose(s.range).contains('?'))
                .map(|s| s.range)
                .collect();
            if asking.is_empty() {
                units.push(block.range);
            } else {
                units.extend(asking);
            }
        }
        units
    } else {
        ticket.sentences.iter().map(|s| s.range).collect()
    };
    for range in units {
        if out.len() == MAX_QUESTIONS {
            break;
        }
        let text = ticket.prose(range);
        let direct = declared || text.contains('?');
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
        let mut kind = None;
        let mut accepted: Vec<AnswerKind> = Vec::new();
        for (k, regex, answered_by) in &engine.question_types {
            if regex.is_match(text) {
                kind.get_or_insert(*k);
                for a in answered_by {
                    if !accepted.contains(a) {
                        accepted.push(*a);
                    }
                }
            }
        }
        let kind = kind.or(indirect).unwrap_or(QuestionKind::Generic);
        if accepted.is_empty() {
            accepted = engine
                .question_types
                .iter()
                .find(|(k, _, _)| *k == kind)
                .map_or_else(|| GENERIC_ANSWERS.to_vec(), |(_, _, a)| a.clone());
        }
        out.push(Found {
            range,
            kind,
            direct,
            accepted,
        });
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
        // Function words, and identifiers such as order numbers (a reply rarely repeats them).
        if engine.stopwords.contains(&lower) || lower.chars().any(|c| c.is_ascii_digit()) {
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

/// Kinds of answer specific enough to answer their question without repeating its words: a
/// time for "when", an amount for "how much", a cause for "why", a deferral, a refusal.
fn distinctive(kind: AnswerKind) -> bool {
    matches!(
        kind,
        AnswerKind::Time
            | AnswerKind::Quantity
            | AnswerKind::Cause
            | AnswerKind::Deferral
            | AnswerKind::Refusal
    )
}

/// The first answer kind given that the question accepts.
fn type_match(accepted: &[AnswerKind], given: &[AnswerKind]) -> Option<AnswerKind> {
    let mut matching = given.iter().copied().filter(|g| accepted.contains(g));
    let first = matching.next()?;
    Some(
        std::iter::once(first)
            .chain(matching)
            .find(|k| distinctive(*k))
            .unwrap_or(first),
    )
}

/// Judges every question against the draft. `threshold` is the score needed to count as addressed.
pub(crate) fn assess(
    engine: &Engine,
    ticket: &TextAnalysis<'_>,
    draft: &TextAnalysis<'_>,
    index: &DraftIndex,
    threshold: f64,
    declared: bool,
) -> Vec<Question> {
    let mut found = extract(engine, ticket, declared);
    let mut contents: Vec<Vec<Content>> = found
        .iter()
        .map(|f| content_words(engine, ticket, f.range))
        .collect();
    // "I'd like to move my site to you. How do I move it over?": an indirect question that a
    // direct one repeats is the same question.
    let mut keep = vec![true; found.len()];
    for i in 0..found.len() {
        if found[i].direct || contents[i].is_empty() {
            continue;
        }
        let repeated = (0..found.len()).any(|j| {
            j != i
                && keep[j]
                && (found[j].direct || contents[j].len() >= contents[i].len())
                && found[j].range.start.abs_diff(found[i].range.end) < 400
                && {
                    let shared = contents[i]
                        .iter()
                        .filter(|c| contents[j].iter().any(|d| d.stem == c.stem))
                        .count();
                    // Every word the other question asks about is in this one, and they share
                    // at least half of the shorter one's words.
                    !contents[j].is_empty()
                        && shared == contents[j].len()
                        && shared * 2 >= contents[i].len().min(contents[j].len())
                }
        });
        keep[i] = !repeated;
    }
    let mut k = keep.iter();
    found.retain(|_| k.next().copied().unwrap_or(true));
    let mut k = keep.iter();
    contents.retain(|_| k.next().copied().unwrap_or(true));

    // Rare words weigh more: a word the ticket uses in many sentences is its topic, not what
    // this question asks. Words used in this question only are its key words.
    let mut buf = String::new();
    let mut sentences_with: HashMap<String, usize> = HashMap::new();
    for sentence in &ticket.sentences {
        let mut seen: HashSet<String> = HashSet::new();
        for word in ticket.sentence_words(sentence) {
            let s = stem(word.range.slice(&ticket.view.masked), &mut buf).into_owned();
            seen.insert(engine.synonyms.get(&s).cloned().unwrap_or(s));
        }
        for s in seen {
            *sentences_with.entry(s).or_default() += 1;
        }
    }
    let mut keys: Vec<Vec<String>> = Vec::with_capacity(contents.len());
    for content in &mut contents {
        let mut key = Vec::new();
        for c in content.iter_mut() {
            let n = sentences_with.get(&c.stem).copied().unwrap_or(1).max(1);
            if n == 1 && c.weight >= 1.0 {
                key.push(c.stem.clone());
            }
            c.weight /= (n as f64).sqrt();
        }
        keys.push(key);
    }

    // A short question leans on the sentence before it ("My card is blocked. How do I get back
    // in?"): borrow that sentence's content words, sharing half a word's weight between them.
    for (f, content) in found.iter().zip(contents.iter_mut()) {
        let weight: f64 = content.iter().map(|c| c.weight).sum();
        if weight >= 1.5 {
            continue;
        }
        let at = ticket
            .sentences
            .partition_point(|s| s.range.start < f.range.start);
        let Some(previous) = at.checked_sub(1).and_then(|i| ticket.sentences.get(i)) else {
            continue;
        };
        let borrowed: Vec<Content> = content_words(engine, ticket, previous.range)
            .into_iter()
            .filter(|c| !content.iter().any(|d| d.stem == c.stem))
            .collect();
        let share = 0.5 / borrowed.len().max(1) as f64;
        content.extend(borrowed.into_iter().map(|mut c| {
            c.weight = share;
            c
        }));
    }

    let single = found.len() == 1;
    let mut out = Vec::with_capacity(found.len());
    for ((f, content), key) in found.into_iter().zip(contents).zip(keys) {
        let total: f64 = content.iter().map(|c| c.weight).sum();
        let own: Vec<f64> = index
            .stems
            .iter()
            .map(|s| {
                content
                    .iter()
                    .filter(|c| s.contains(&c.stem))
                    .map(|c| c.weight)
                    .sum()
            })
            .collect();
        let in_window = |window: &std::ops::Range<usize>, stem: &str| {
            index.stems[window.clone()].iter().any(|s| s.contains(stem))
        };
        // (score, sentence, answer kind)
        let mut best = (0.0f64, None::<usize>, None::<AnswerKind>);
        let mut first = None;
        for (i, window) in index.windows.iter().enumerate() {
            let covered: f64 = content
                .iter()
                .filter(|c| in_window(window, &c.stem))
                .map(|c| c.weight)
                .sum();
            let coverage = if total > 0.0 { covered / total } else { 0.0 };
            let answer = type_match(&f.accepted, &index.answers[i]);
            // The thing this question alone asks about must be mentioned for an answer of the
            // right kind to count (unless the ticket asks only this).
            let key_ok = single || key.is_empty() || key.iter().any(|k| in_window(window, k));
            let mut score = coverage;
            if answer.is_some() && key_ok {
                // The right kind of answer counts in proportion to how on-topic it is, so one
                // "Yes, …" does not answer every yes/no question in the ticket; a ticket with
                // one question is almost always the topic of the whole reply.
                score += if total <= 0.0 {
                    0.6
                } else if (single && answer != Some(AnswerKind::Statement))
                    || answer.is_some_and(distinctive)
                {
                    // A specific kind of answer (steps, a cause, a price, a date…) to a ticket
                    // that asks one thing is almost always about that thing; a bare statement
                    // must share some of its words.
                    0.6
                } else {
                    0.35 * (coverage / 0.5).min(1.0)
                };
            }
            if score >= threshold && first.is_none() {
                first = Some(i);
            }
            let better = score > best.0 + 1e-9
                || (score > best.0 - 1e-9 && best.1.is_some_and(|b| own[i] > own[b]));
            if better {
                best = (score, Some(i), answer);
            }
        }
        // The draft as a whole: a question answered across the reply rather than in one place.
        let all = 0..index.stems.len();
        if total > 0.0 {
            let global_covered: f64 = content
                .iter()
                .filter(|c| in_window(&all, &c.stem))
                .map(|c| c.weight)
                .sum();
            let key_ok = key.is_empty() || key.iter().any(|k| in_window(&all, k));
            let typed = key_ok
                && index
                    .answers
                    .iter()
                    .any(|a| type_match(&f.accepted, a).is_some());
            let global = 0.85 * global_covered / total + if typed { 0.2 } else { 0.0 };
            if global > best.0 {
                best.0 = global;
            }
        }
        let (score, at, answer) = best;
        let window = at.map_or(0..0, |i| index.windows[i].clone());
        let (matched, missing): (Vec<&Content>, Vec<&Content>) =
            content.iter().partition(|c| in_window(&window, &c.stem));
        let addressed = score >= threshold;
        out.push(Question {
            range: f.range,
            kind: f.kind,
            direct: f.direct,
            addressed,
            score: (score * 100.0).round() / 100.0,
            matched: matched.iter().map(|c| c.word.clone()).collect(),
            missing: missing.iter().map(|c| c.word.clone()).collect(),
            evidence: at.and_then(|i| draft.sentences.get(i)).map(|s| s.range),
            first_answer: first
                .or(at.filter(|_| addressed))
                .and_then(|i| draft.sentences.get(i))
                .map(|s| s.range),
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
