//! The ticket's questions, and whether the draft addresses each one.
//!
//! Questions are sentences with a "?" and sentences that ask without one ("I'd like to know
//! whether…", "please let me know how…", "can you check…"), minus pleasantries, rhetorical
//! outbursts and examples of the question before; two questions joined in one sentence are
//! split. Each gets a type (yes/no, how, when, where, how much, why, what, request).
//!
//! A question counts as addressed when some window of the draft (a sentence and its
//! neighbours) covers enough of the question's content words (stemmed, synonyms folded, rare
//! words weighing more than common ones, words naming a kind of answer covered by that kind)
//! and, better, when a sentence there gives the kind of answer the question asks for: a yes or
//! no, steps, a cause, a price, a time, a place, a refusal, or an explicit deferral ("I'll check
//! on the invoice and get back to you"). An answer counts for the question it is about: one
//! "Yes, …" answers the yes/no question it shares most words with, and a sentence that plainly
//! answers one question does not answer its neighbour too.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::pattern::Regex;

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
    /// The kind of answer that stands for this word ("date" is answered by a time).
    class: Option<Class>,
    /// Whether the word names what the question asks whatever its kind ("an earlier time
    /// slot?"), rather than being a detail of it ("tomorrow").
    names_class: bool,
    /// Borrowed from the sentence before (what "it" or "one" refers to).
    borrowed: bool,
    /// Counts when the draft has it, and is not missed when it doesn't (a short number).
    bonus: bool,
    /// Folded stems of words sharing one of its most frequent senses ("price" for "cost"):
    /// the draft may answer in other words.
    alts: Vec<String>,
}

impl Content {
    /// Whether a sentence's folded stems have this word, or a word related to it in meaning.
    fn in_set(&self, stems: &HashSet<String>) -> bool {
        stems.contains(&self.stem) || self.alts.iter().any(|a| stems.contains(a))
    }
}

/// A stem folded: a synonym group's head ("reimburs" → "refund"), or else its derivational
/// family's head ("registr" → "regist"). A family does not lead into a synonym group: "sign"
/// is in the group of "login", and "signature" is not.
pub(crate) fn fold(engine: &Engine, stem: String) -> String {
    if let Some(head) = engine.synonyms.get(&stem) {
        return head.clone();
    }
    engine.lexicon().family.get(&stem).cloned().unwrap_or(stem)
}

/// The folded stems of the words that share one of this stem's most frequent senses.
fn related(engine: &Engine, stem: &str, folded: &str) -> Vec<String> {
    let lexicon = engine.lexicon();
    let key = lexicon.family.get(stem).map_or(stem, String::as_str);
    lexicon.related.get(key).map_or_else(Vec::new, |list| {
        let mut out: Vec<String> = Vec::with_capacity(list.len());
        for r in list {
            let r = engine.synonyms.get(r).unwrap_or(r);
            if r != folded && !out.contains(r) {
                out.push(r.clone());
            }
        }
        out
    })
}

// The answer classes a word of a question can name (`[words.answer-classes]`): "what date",
// "the price", "the reason". An answer of that kind covers the word without repeating it ("I
// want a date" is answered by "by 9 May"; "would it be more expensive?" by "£6.50 a month").
use crate::packs::AnswerClass as Class;

/// Whether a question of this kind asks for this class ("I want a date" asks when), so a word
/// of the class is what the question is about, not a side detail ("how do I pay the hotel
/// tomorrow?" asks how, and "tomorrow" is only when).
fn asked_by(class: Class, kind: QuestionKind) -> bool {
    matches!(
        (class, kind),
        (Class::Time, QuestionKind::When)
            | (Class::Money, QuestionKind::Quantity)
            | (Class::Reason, QuestionKind::Why)
    )
}

/// The class of a word, by its (unfolded) stem.
fn class_of(engine: &Engine, word_stem: &str) -> Option<Class> {
    engine.answer_classes.get(word_stem).copied()
}

/// An amount of money, or "free", in a draft sentence.
fn money_regex() -> Option<&'static Regex> {
    static MONEY: OnceLock<Option<Regex>> = OnceLock::new();
    MONEY
        .get_or_init(|| {
            Regex::new(
                r"(?i)[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|(?:dollars?|euros?|pounds?|usd|eur|gbp|cad|aud|chf)\b)|\b(?:free|no (?:extra )?(?:charge|cost|fee)|at no (?:extra )?cost|costs? nothing|(?:is|are|it's|they're) (?:already |all )?included|(?:is|are|'s|'re) on us|on the house|complimentary)\b|\d\s?(?:%|percent\b|per cent\b)",
            )
            .ok()
        })
        .as_ref()
}

/// The family of an auxiliary verb, as a bit: "would" and "wouldn't" are one family, "do",
/// "does", "did" and their negations another. 0 for any other word.
fn aux_family(word: &str) -> u8 {
    let mut lower = [0u8; 8];
    let mut len = 0;
    for c in word.chars() {
        let c = if c == '\u{2019}' { '\'' } else { c };
        if !c.is_ascii() || len == lower.len() {
            return 0;
        }
        lower[len] = c.to_ascii_lowercase() as u8;
        len += 1;
    }
    match &lower[..len] {
        b"would" | b"wouldn't" => 1,
        b"will" | b"won't" => 1 << 1,
        b"can" | b"can't" | b"cannot" | b"could" | b"couldn't" => 1 << 2,
        b"is" | b"isn't" | b"are" | b"aren't" | b"was" | b"wasn't" | b"were" | b"weren't" => 1 << 3,
        b"do" | b"does" | b"did" | b"don't" | b"doesn't" | b"didn't" => 1 << 4,
        b"has" | b"have" | b"had" | b"hasn't" | b"haven't" | b"hadn't" => 1 << 5,
        b"should" | b"shouldn't" | b"shall" => 1 << 6,
        _ => 0,
    }
}

/// The auxiliary a yes/no question opens with ("Would upgrading fix it?" → "would"), as a bit,
/// after any words that don't change what it asks (`lead-words`: "And", "Also,", "Hi").
fn opening_aux(engine: &Engine, text: &str) -> u8 {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .filter(|w| !w.is_empty())
        .find(|w| !engine.lead_words.contains(&w.to_lowercase()))
        .map_or(0, aux_family)
}

/// A sentence opening with a yes or a no, after any list number or "Topic:" label.
fn yes_no_regex() -> Option<&'static Regex> {
    static YES_NO: OnceLock<Option<Regex>> = OnceLock::new();
    YES_NO
        .get_or_init(|| {
            Regex::new(
                r"(?i)^\W*(?:\d+[.)]\s*)?(?:[^.!?:]{1,40}:\s*)?(?:yes|yep|yeah|no|nope|not yet|absolutely|definitely|of course|certainly)\b",
            )
            .ok()
        })
        .as_ref()
}

/// A bit for the kinds of question a draft sentence can name.
fn kind_bit(kind: QuestionKind) -> u8 {
    match kind {
        QuestionKind::Why => 1,
        QuestionKind::When => 1 << 1,
        QuestionKind::Quantity => 1 << 2,
        QuestionKind::Polar => 1 << 3,
        QuestionKind::How => 1 << 4,
        QuestionKind::Where => 1 << 5,
        QuestionKind::What => 1 << 6,
        _ => 0,
    }
}

/// A draft sentence naming what a question asks: "why it happened", "I'll find out when",
/// "let you know how much", "check whether".
fn named_kind_regexes() -> &'static [(QuestionKind, Regex)] {
    static NAMED: OnceLock<Vec<(QuestionKind, Regex)>> = OnceLock::new();
    // The verb, then at most a few words ("checking with the claims team when…"), of ASCII
    // letters as `\w` is elsewhere in the patterns: a Unicode word class repeated five times
    // made these patterns cost as much to compile as a whole pack.
    const VERBS: &str = "(?:find(?:ing)? out|check(?:ing)?|confirm(?:ing)?|look(?:ing)? into|investigat(?:e|ing)|ask(?:ing)?|see|let you know|tell you|update you on)(?:\\s+[0-9A-Za-z_']+){0,5}?";
    NAMED.get_or_init(|| {
        [
            (
                QuestionKind::Why,
                r"(?i)\bwhy\b|\bwhat (?:happened|went wrong|caused)\b".to_string(),
            ),
            (QuestionKind::When, format!(r"(?i)\b(?:{VERBS}) when\b")),
            (
                QuestionKind::Quantity,
                format!(r"(?i)\b(?:{VERBS}) (?:how much|how many|how long)\b"),
            ),
            (
                QuestionKind::Polar,
                format!(r"(?i)\b(?:{VERBS}) (?:whether|if)\b"),
            ),
            (QuestionKind::How, format!(r"(?i)\b(?:{VERBS}) how\b")),
            (QuestionKind::Where, format!(r"(?i)\b(?:{VERBS}) where\b")),
            (
                QuestionKind::What,
                format!(r"(?i)\b(?:{VERBS}) (?:what|which)\b"),
            ),
        ]
        .into_iter()
        .filter_map(|(kind, pattern)| Regex::new(&pattern).ok().map(|r| (kind, r)))
        .collect()
    })
}

/// A question that depends on the answer to the one before ("And if not, could you add one?").
fn conditional_regex() -> Option<&'static Regex> {
    static CONDITIONAL: OnceLock<Option<Regex>> = OnceLock::new();
    CONDITIONAL
        .get_or_init(|| Regex::new(r"(?i)^\W*(?:(?:and|but|or|so)\s+)?if (?:not|so|yes|no)\b").ok())
        .as_ref()
}

/// A pronoun standing for something named earlier ("is it", "are they").
fn pronoun_regex() -> Option<&'static Regex> {
    static PRONOUN: OnceLock<Option<Regex>> = OnceLock::new();
    PRONOUN
        .get_or_init(|| Regex::new(r"(?i)\b(?:it|this|that|they|them|these|those)\b").ok())
        .as_ref()
}

/// A number short enough to be repeated in a reply (a size, a price, a count), digits only:
/// "£14" and "14" are the same number, "1,840" and "1.840" too. Order and reference numbers
/// (five digits or more) are identifiers a reply rarely repeats, and are left out.
fn short_number(word: &str) -> Option<String> {
    if !word
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let digits: String = word.chars().filter(char::is_ascii_digit).collect();
    (1..=4).contains(&digits.len()).then_some(digits)
}

/// A clock time written as one word: "10am", "5:30pm", "9.15am".
fn clock_time(word: &str) -> bool {
    let Some(digits) = word.strip_suffix("am").or_else(|| word.strip_suffix("pm")) else {
        return false;
    };
    let (hours, minutes) = digits
        .split_once([':', '.'])
        .map_or((digits, "00"), |(h, m)| (h, m));
    (1..=2).contains(&hours.len())
        && minutes.len() == 2
        && hours
            .chars()
            .chain(minutes.chars())
            .all(|c| c.is_ascii_digit())
}

/// The draft, prepared once for matching every question.
pub(crate) struct DraftIndex {
    /// For each sentence: its folded stems (and its short numbers, digits only).
    stems: Vec<HashSet<String>>,
    /// For each sentence: the kinds of answer it gives.
    answers: Vec<Vec<AnswerKind>>,
    /// For each sentence: the kinds of answer it gives to a question it does not name, without
    /// a bare deferral ("I've passed this to our claims team, who will be in touch"): putting
    /// a question off answers it only with a time ("by Friday"), an enquiry ("could you send
    /// us…"), or by naming what was asked ("I'll find out when"); nor does the team it names
    /// answer "who…?".
    answers_unnamed: Vec<Vec<AnswerKind>>,
    /// For each sentence: whether it names an amount of money (or says "free").
    money: Vec<bool>,
    /// For each sentence: the auxiliary verbs it uses, as a mask of [`aux_family`] bits.
    auxiliaries: Vec<u8>,
    /// For each sentence: whether it opens with a yes or a no ("Yes, …", "Moving the site: no, …").
    yes_no: Vec<bool>,
    /// For each sentence: the kinds of question it names ("why it happened", "check whether"),
    /// as a mask of [`kind_bit`] bits.
    names_kind: Vec<u8>,
    /// For each sentence: whether it is a line of sympathy that answers nothing. Its words show
    /// what a passage is about, but don't cover a question's content.
    sympathy: Vec<bool>,
    /// For each sentence: the sentences it is read with (its paragraph, or a few neighbours).
    windows: Vec<std::ops::Range<usize>>,
}

/// Words that introduce a noun, telling a question's subject from its verb.
const DETERMINERS: [&str; 9] = ["my", "our", "the", "a", "an", "your", "his", "her", "their"];

/// How much topic coverage alone counts for a question that asks for a specific kind of answer.
const UNTYPED_SHARE: f64 = 0.55;

/// How far a window reaches past a sentence inside a long paragraph.
const WINDOW_REACH: usize = 3;

impl DraftIndex {
    pub(crate) fn new(engine: &Engine, draft: &TextAnalysis<'_>) -> Self {
        engine.ticket_ready();
        let mut buf = String::new();
        let n = draft.sentences.len();
        let mut stems = Vec::with_capacity(n);
        let mut answers = Vec::with_capacity(n);
        let mut answers_unnamed = Vec::with_capacity(n);
        let mut money = Vec::with_capacity(n);
        let mut auxiliaries = Vec::with_capacity(n);
        let mut yes_no = Vec::with_capacity(n);
        let mut names_kind = Vec::with_capacity(n);
        let mut sympathy = Vec::with_capacity(n);
        for sentence in &draft.sentences {
            let mut set = HashSet::new();
            // Folded stems in order; a two-word synonym ("working days", "money back") counts
            // as one word, as it does in a question, and its words don't count on their own.
            let mut list: Vec<String> = Vec::new();
            let mut previous: Option<String> = None;
            let mut aux = 0u8;
            for word in draft.sentence_words(sentence) {
                let written = word.range.slice(&draft.view.masked);
                aux |= aux_family(written);
                if let Some(number) = short_number(written) {
                    set.insert(number);
                }
                let s = stem(written, &mut buf).into_owned();
                if let Some(p) = previous.take()
                    && let Some(head) = engine.synonyms.get(&format!("{p} {s}"))
                {
                    list.pop();
                    list.push(head.clone());
                    continue;
                }
                list.push(fold(engine, s.clone()));
                previous = Some(s);
            }
            set.extend(list);
            let text = draft.prose(sentence.range);
            let kinds: Vec<AnswerKind> = engine
                .answer_cues
                .iter()
                .filter(|(_, r)| r.is_match(text))
                .map(|(k, _)| *k)
                .collect();
            // "I'm sorry the lamp arrived broken": a line of sympathy repeats the customer's
            // words without answering anything they asked.
            // An apology that says the customer's situation back to them ("I'm sorry the new
            // date doesn't work for you") gives no yes or no, though its "doesn't" looks like one;
            // reassurance ("Don't worry, your notes aren't lost") and "sorry, but…" do.
            let apology = || {
                let lower = text.to_lowercase();
                lower.contains("sorry") && !lower.contains(" but ") && !lower.contains("however")
            };
            let kinds: Vec<AnswerKind> = if kinds
                .iter()
                .all(|k| matches!(k, AnswerKind::Statement | AnswerKind::Polar))
                && engine.ack_phrases.iter().any(|(_, r)| r.is_match(text))
                && (!kinds.contains(&AnswerKind::Polar) || apology())
            {
                sympathy.push(true);
                kinds
                    .into_iter()
                    .filter(|k| *k == AnswerKind::Statement)
                    .collect()
            } else {
                sympathy.push(false);
                kinds
            };
            stems.push(set);
            auxiliaries.push(aux);
            money.push(money_regex().is_some_and(|r| r.is_match(text)));
            yes_no.push(yes_no_regex().is_some_and(|r| r.is_match(text)));
            names_kind.push(
                named_kind_regexes()
                    .iter()
                    .filter(|(_, r)| r.is_match(text))
                    .fold(0, |mask, (kind, _)| mask | kind_bit(*kind)),
            );
            let bare = kinds.contains(&AnswerKind::Deferral)
                && !kinds.contains(&AnswerKind::Commitment)
                && !kinds.contains(&AnswerKind::Enquiry);
            // In a bare deferral, "I have passed your query to our claims team" is no action
            // done for the customer: an action counts only outside the hand-off's words.
            let handed_off = bare && {
                let deferrals: Vec<std::ops::Range<usize>> = engine
                    .answer_cues
                    .iter()
                    .filter(|(k, _)| *k == AnswerKind::Deferral)
                    .flat_map(|(_, r)| r.find_iter(text).map(|m| m.range()))
                    .collect();
                engine
                    .answer_cues
                    .iter()
                    .filter(|(k, _)| *k == AnswerKind::Action)
                    .flat_map(|(_, r)| r.find_iter(text))
                    .all(|m| {
                        deferrals
                            .iter()
                            .any(|d| d.start < m.end() && m.start() < d.end)
                    })
            };
            answers_unnamed.push(
                kinds
                    .iter()
                    .copied()
                    .filter(|k| {
                        !(bare && matches!(*k, AnswerKind::Deferral | AnswerKind::Person)
                            || handed_off && *k == AnswerKind::Action)
                    })
                    .collect(),
            );
            answers.push(kinds);
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
            answers_unnamed,
            money,
            auxiliaries,
            yes_no,
            names_kind,
            sympathy,
            windows,
        }
    }
}

impl DraftIndex {
    /// The kinds of answer sentence `i` gives to a question of this kind: a bare deferral
    /// counts only where the sentence names what such a question asks ("I'll find out when").
    fn answers_for(&self, i: usize, kind: QuestionKind) -> &[AnswerKind] {
        let named = self.names_kind.get(i).copied().unwrap_or(0) & kind_bit(kind) != 0;
        let list = if named {
            self.answers.get(i)
        } else {
            self.answers_unnamed.get(i)
        };
        list.map_or(&[], Vec::as_slice)
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

/// The questions of one sentence, as ranges relative to it: the whole sentence, or each of the
/// questions it joins. A lead-in that asks nothing ("I've seen the new flats have full fibre, is
/// that something you provide there, and would it cost more?") stays with the question after it.
/// Where a question opens is the `[question-opener]` pattern of the packs.
fn clauses(engine: &Engine, text: &str) -> Vec<(usize, usize)> {
    let Some(opener) = engine.question_opener.as_ref().and_then(|o| o.regexes()) else {
        return vec![(0, text.len())];
    };
    let breaks = &opener.clause_break;
    let mut out = Vec::new();
    let mut start = 0;
    // Whether the current part took in a question after a lead-in that asked nothing.
    let mut merged = false;
    for caps in breaks.captures_iter(text) {
        let (Some(whole), Some(next)) = (caps.get(0), caps.name("q")) else {
            continue;
        };
        let part = text.get(start..whole.start()).unwrap_or("");
        if merged || opener.opens_asking.is_match(part) {
            out.push((start, whole.start()));
            start = next.start();
            merged = false;
        } else {
            merged = true;
        }
    }
    out.push((start, text.len()));
    out
}

/// At most this many questions of a ticket are judged (a real ticket asks a handful; a pasted
/// log full of "?" must not make the check slow).
pub(crate) const MAX_QUESTIONS: usize = 100;

/// Finds the ticket's questions.
/// With `declared`, every block is a question (the questions a canned response's front matter
/// says it answers, phrased however the author liked).
pub(crate) fn extract(engine: &Engine, ticket: &TextAnalysis<'_>, declared: bool) -> Vec<Found> {
    let mut out = Vec::new();
    // (range, whether it asks with a "?" or was declared a question)
    let units: Vec<(TextRange, bool)> = if declared {
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
                units.push((block.range, true));
            } else {
                units.extend(asking.into_iter().map(|r| (r, true)));
            }
        }
        units
    } else {
        let mut units = Vec::with_capacity(ticket.sentences.len());
        for s in &ticket.sentences {
            let text = ticket.prose(s.range);
            if !text.contains('?') {
                units.push((s.range, false));
                continue;
            }
            // A question joined to another in one sentence is direct even before the "?".
            for (a, b) in clauses(engine, text) {
                let Some(part) = text.get(a..b) else { continue };
                let lead = part.len() - part.trim_start().len();
                let trail = part.len() - part.trim_end_matches([' ', ',', ';']).len();
                if lead + trail < part.len() {
                    let range = TextRange::new(s.range.start + a + lead, s.range.start + b - trail);
                    units.push((range, true));
                }
            }
        }
        units
    };
    for (range, direct) in units {
        if out.len() == MAX_QUESTIONS {
            break;
        }
        // "Subject: Can I change…?": the label is not part of the question.
        let range = ticket
            .prose(range)
            .get(..8)
            .filter(|h| h.eq_ignore_ascii_case("subject:"))
            .and_then(|_| {
                let rest = ticket.prose(range).get(8..)?;
                let start = range.start + 8 + (rest.len() - rest.trim_start().len());
                (start < range.end).then(|| TextRange::new(start, range.end))
            })
            .unwrap_or(range);
        let text = ticket.prose(range);
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
    if !declared {
        drop_restated(ticket.text, &mut out);
    }
    out
}

/// Where a question sits in an email: how deep in quoted earlier mail (`>` markers before its
/// line), and whether it is on the subject line.
fn mail_place(text: &str, range: TextRange) -> (usize, bool) {
    let end = range.end.saturating_sub(1).min(text.len());
    let start = text
        .get(..end)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = text.get(start..).unwrap_or("");
    let body = line.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
    let depth = line
        .get(..line.len() - body.len())
        .map_or(0, |m| m.matches('>').count());
    let head = body
        .get(..8)
        .is_some_and(|h| h.eq_ignore_ascii_case("subject:"));
    (depth, head)
}

/// A customer's new message restates what its subject line and the earlier mail it quotes
/// asked ("Subject: refund?", "> On 4 Nov, … wrote: …"): when the new message asks anything
/// itself, only its own questions are judged.
fn drop_restated(text: &str, found: &mut Vec<Found>) {
    let places: Vec<(usize, bool)> = found.iter().map(|f| mail_place(text, f.range)).collect();
    let Some(depth) = places.iter().filter(|p| !p.1).map(|p| p.0).min() else {
        return;
    };
    let mut places = places.into_iter();
    found.retain(|_| places.next().is_none_or(|(d, head)| !head && d == depth));
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
                        class: None,
                        names_class: false,
                        borrowed: false,
                        bonus: false,
                        alts: Vec::new(),
                    });
                }
                skip_next = true;
                continue;
            }
        }
        let lower = written.to_lowercase().replace('\u{2019}', "'");
        // A short number (a size, a price) counts when the reply repeats it, and is not missed
        // when it doesn't.
        if let Some(number) = short_number(written) {
            if !out.iter().any(|c| c.stem == number) {
                out.push(Content {
                    stem: number,
                    word: written.to_string(),
                    weight: 0.5,
                    class: None,
                    names_class: false,
                    borrowed: false,
                    bonus: true,
                    alts: Vec::new(),
                });
            }
            continue;
        }
        // Function words, and identifiers such as order numbers (a reply rarely repeats them).
        // A clock time ("before 10am", "after 5:30pm") asks about a time: any time in the
        // reply covers it, as "what time" does.
        if clock_time(&lower) {
            if !out.iter().any(|c| c.stem == lower) {
                out.push(Content {
                    stem: lower,
                    word: written.to_string(),
                    weight: 1.0,
                    class: Some(Class::Time),
                    names_class: true,
                    borrowed: false,
                    bonus: false,
                    alts: Vec::new(),
                });
            }
            continue;
        }
        if engine.stopwords.contains(&lower) || lower.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let s = stem(written, &mut buf).into_owned();
        let class = class_of(engine, &s);
        let names_class = class.is_some() && engine.named_classes.contains(&s);
        let weight = if engine.common_words.contains(&s) {
            0.5
        } else {
            1.0
        };
        let folded = fold(engine, s.clone());
        if out.iter().any(|c| c.stem == folded) {
            continue;
        }
        let alts = related(engine, &s, &folded);
        out.push(Content {
            stem: folded,
            word: written.to_string(),
            weight,
            class,
            names_class,
            borrowed: false,
            bonus: false,
            alts,
        });
    }
    out
}

/// Kinds of answer specific enough to answer their question without repeating its words: a
/// time, an amount, a cause, a deferral or a refusal to anything that accepts them; steps to
/// "how do I…", a place to "where…", something done to a request ("I've refunded it") and to
/// "when will it be fixed?" ("we have lifted the suspension": it is done).
fn distinctive(question: QuestionKind, kind: AnswerKind) -> bool {
    match kind {
        AnswerKind::Time
        | AnswerKind::Duration
        | AnswerKind::Quantity
        | AnswerKind::Cause
        | AnswerKind::Deferral
        | AnswerKind::Refusal => true,
        // "Who should I contact?": "Ring reception on…".
        AnswerKind::Instructions => matches!(
            question,
            QuestionKind::How | QuestionKind::Where | QuestionKind::Who
        ),
        AnswerKind::Place => question == QuestionKind::Where,
        AnswerKind::Person => question == QuestionKind::Who,
        AnswerKind::Action => matches!(question, QuestionKind::Request | QuestionKind::When),
        AnswerKind::Polar
        | AnswerKind::Verdict
        | AnswerKind::Statement
        | AnswerKind::Commitment
        | AnswerKind::Enquiry => false,
    }
}

/// The first answer kind given that the question accepts, preferring a distinctive one.
fn type_match(
    question: QuestionKind,
    accepted: &[AnswerKind],
    given: &[AnswerKind],
) -> Option<AnswerKind> {
    let mut matching = given.iter().copied().filter(|g| accepted.contains(g));
    let first = matching.next()?;
    Some(
        std::iter::once(first)
            .chain(matching)
            .find(|k| distinctive(question, *k))
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
    // this question asks. Words no other question uses are its key words.
    let mut buf = String::new();
    let mut sentences_with: HashMap<String, usize> = HashMap::new();
    for sentence in &ticket.sentences {
        let mut seen: HashSet<String> = HashSet::new();
        for word in ticket.sentence_words(sentence) {
            let s = stem(word.range.slice(&ticket.view.masked), &mut buf).into_owned();
            seen.insert(fold(engine, s));
        }
        for s in seen {
            *sentences_with.entry(s).or_default() += 1;
        }
    }
    let mut questions_with: HashMap<String, usize> = HashMap::new();
    for content in &contents {
        for c in content {
            *questions_with.entry(c.stem.clone()).or_default() += 1;
        }
    }
    // Key words, by index into the question's content words.
    let mut keys: Vec<Vec<usize>> = Vec::with_capacity(contents.len());
    for content in &mut contents {
        let mut key = Vec::new();
        for (i, c) in content.iter_mut().enumerate() {
            let n = sentences_with.get(&c.stem).copied().unwrap_or(1).max(1);
            if !c.bonus && c.weight >= 1.0 && questions_with.get(&c.stem).copied() == Some(1) {
                key.push(i);
            }
            c.weight /= (n as f64).sqrt();
        }
        keys.push(key);
    }

    // A short question leans on what came before it ("My card is blocked. How do I get back
    // in?", "Is there a way to share it? If not, could you add one?"): borrow the content words
    // of the question it is joined to, or of the sentence before (or the one before that when
    // that one says nothing), sharing half a word's weight between them.
    // Where each question borrowed from.
    let mut leans: Vec<Vec<TextRange>> = vec![Vec::new(); found.len()];
    for ((f, content), lean) in found.iter().zip(contents.iter_mut()).zip(leans.iter_mut()) {
        let weight: f64 = content.iter().filter(|c| !c.bonus).map(|c| c.weight).sum();
        if weight >= 1.5 {
            continue;
        }
        let at = ticket
            .sentences
            .partition_point(|s| s.range.start <= f.range.start);
        let mut contexts = Vec::with_capacity(3);
        if let Some(own) = at.checked_sub(1).and_then(|i| ticket.sentences.get(i))
            && own.range.start < f.range.start
        {
            contexts.push(TextRange::new(own.range.start, f.range.start));
        }
        for back in 2..=3 {
            if let Some(previous) = at.checked_sub(back).and_then(|i| ticket.sentences.get(i)) {
                contexts.push(previous.range);
            }
        }
        let mut borrowed = Vec::new();
        for context in contexts {
            borrowed = content_words(engine, ticket, context)
                .into_iter()
                .filter(|c| !c.bonus && !content.iter().any(|d| d.stem == c.stem))
                .collect();
            if !borrowed.is_empty() {
                lean.push(context);
                break;
            }
        }
        let share = 0.5 / borrowed.len().max(1) as f64;
        content.extend(borrowed.into_iter().map(|mut c| {
            c.weight = share;
            c.borrowed = true;
            c
        }));
        // "When will it be fixed?": "it" is usually the problem the ticket opens with.
        if pronoun_regex().is_some_and(|r| r.is_match(ticket.prose(f.range))) {
            let opening = ticket
                .sentences
                .iter()
                .take_while(|s| s.range.end <= f.range.start)
                .map(|s| (s.range, content_words(engine, ticket, s.range)))
                .find(|(_, c)| c.iter().any(|c| !c.bonus));
            if let Some((range, _)) = &opening {
                lean.push(*range);
            }
            let topic: Vec<Content> = opening
                .map(|(_, c)| c)
                .unwrap_or_default()
                .into_iter()
                .filter(|c| !c.bonus && !content.iter().any(|d| d.stem == c.stem))
                .collect();
            let share = 0.25 / topic.len().max(1) as f64;
            content.extend(topic.into_iter().map(|mut c| {
                c.weight = share;
                c.borrowed = true;
                c
            }));
        }
    }

    // One "Yes, …" answers one yes/no question: the one it shares most words with. A bare "Of
    // course!" says what it is about in the sentence after it ("Of course! Start an exchange
    // from your order page"), so that sentence decides when the yes shares nothing itself.
    let owner_by = |stems: &HashSet<String>| {
        let mut owner = None;
        let mut most = 0.0;
        for (q, (f, content)) in found.iter().zip(&contents).enumerate() {
            if f.kind != QuestionKind::Polar {
                continue;
            }
            let shared: f64 = content
                .iter()
                .filter(|c| !c.borrowed && !c.bonus && c.in_set(stems))
                .map(|c| c.weight)
                .sum();
            if shared > most + 1e-9 {
                most = shared;
                owner = Some(q);
            }
        }
        owner
    };
    let yes_no_owner: Vec<Option<usize>> = (0..index.stems.len())
        .map(|i| {
            if !index.yes_no[i] {
                return None;
            }
            owner_by(&index.stems[i]).or_else(|| {
                index
                    .stems
                    .get(i + 1)
                    .filter(|_| index.windows[i].contains(&(i + 1)))
                    .and_then(owner_by)
            })
        })
        .collect();
    // How much of each question each draft sentence covers by itself, and the most any
    // question gets from a sentence that gives it a kind of answer it accepts: a price, a
    // cause or a "we'll check" belongs to the question it is about ("A bulk endpoint is planned for Q3"
    // answers "Could you add a bulk endpoint?", not the webhook question beside it).
    let share: Vec<Vec<f64>> = contents
        .iter()
        .map(|content| {
            let total: f64 = content
                .iter()
                .filter(|c| !c.borrowed && !c.bonus)
                .map(|c| c.weight)
                .sum();
            index
                .stems
                .iter()
                .map(|stems| {
                    let shared: f64 = content
                        .iter()
                        .filter(|c| !c.borrowed && !c.bonus && c.in_set(stems))
                        .map(|c| c.weight)
                        .sum();
                    if total > 0.0 { shared / total } else { 0.0 }
                })
                .collect()
        })
        .collect();
    let most_share: Vec<f64> = (0..index.stems.len())
        .map(|i| {
            found
                .iter()
                .zip(&share)
                .filter(|(f, _)| {
                    type_match(f.kind, &f.accepted, index.answers_for(i, f.kind)).is_some()
                })
                .map(|(_, s)| s[i])
                .fold(0.0, f64::max)
        })
        .collect();
    // "Is there a way to share it? And if not, could you add one?": a question asked only if
    // the one before is answered no shares that answer ("Not yet, but it's planned").
    // So does a short question that leans on an earlier one ("What is wrong with it and when
    // will it be fixed?").
    let parents: Vec<Vec<usize>> = found
        .iter()
        .enumerate()
        .map(|(q, f)| {
            let conditional =
                conditional_regex().is_some_and(|r| r.is_match(ticket.prose(f.range)));
            let mut parents: Vec<usize> = q
                .checked_sub(1)
                .filter(|_| conditional)
                .into_iter()
                .collect();
            for (p, other) in found.iter().enumerate() {
                let leaned = leans[q]
                    .iter()
                    .any(|r| r.start < other.range.end && other.range.start < r.end);
                if p != q && leaned && !parents.contains(&p) {
                    parents.push(p);
                }
            }
            parents
        })
        .collect();
    let kinds: Vec<QuestionKind> = found.iter().map(|f| f.kind).collect();
    let accepts: Vec<Vec<AnswerKind>> = found.iter().map(|f| f.accepted.clone()).collect();
    // A sentence that names what a question asks ("I'm checking why it happened, and I'll get
    // back to you about the refund") answers it as well as the question it shares most with.
    let owns = |q: usize, i: usize| {
        let most = most_share.get(i).copied().unwrap_or(0.0);
        index.names_kind[i] & kind_bit(kinds[q]) != 0
            || std::iter::once(q)
                .chain(parents[q].iter().copied())
                .any(|p| share[p][i] + 1e-9 >= most)
    };
    let single = found.len() == 1;
    let mut out = Vec::with_capacity(found.len());
    for (q, ((f, content), key)) in found.into_iter().zip(contents).zip(keys).enumerate() {
        // Short numbers count only where the draft repeats them.
        let base_total: f64 = content.iter().filter(|c| !c.bonus).map(|c| c.weight).sum();
        let own: Vec<f64> = index
            .stems
            .iter()
            .map(|s| {
                content
                    .iter()
                    .filter(|c| c.in_set(s))
                    .map(|c| c.weight)
                    .sum()
            })
            .collect();
        // Covers a word: a sentence of the window that answers something uses it.
        let in_window = |window: &std::ops::Range<usize>, c: &Content| {
            window
                .clone()
                .any(|j| !index.sympathy[j] && c.in_set(&index.stems[j]))
        };
        // Mentions a word: any sentence of the window uses it.
        let mentions = |window: &std::ops::Range<usize>, c: &Content| {
            index.stems[window.clone()].iter().any(|s| c.in_set(s))
        };
        // A yes/no question is answered by a sentence that says yes or no about one of its
        // words, or that echoes its subject with its auxiliary ("Would upgrading fix it?" —
        // "Upgrading wouldn't help much").
        let aux = if f.kind == QuestionKind::Polar {
            opening_aux(engine, ticket.prose(f.range))
        } else {
            0
        };
        let subject = content.iter().find(|c| !c.borrowed && !c.bonus);
        let echoes = |window: &std::ops::Range<usize>| {
            f.kind == QuestionKind::Polar
                && window.clone().any(|j| {
                    let stems = &index.stems[j];
                    (aux != 0
                        && index.auxiliaries[j] & aux != 0
                        && subject.is_some_and(|c| c.in_set(stems)))
                        || yes_no_owner[j] == Some(q)
                })
        };
        // "Can my daughter collect it?" — "Your daughter is welcome to come in for it": a
        // sentence that says yes or no in its own words ("is welcome to", "there's no need to")
        // about the thing this question alone asks about.
        // Its subject: in a short question its first content word ("does he have to restart
        // the course?"), in a longer one the first that a determiner introduces ("do I need to
        // send the broken lamp back…?": the lamp, not sending).
        let own_words: Vec<&Content> = content.iter().filter(|c| !c.borrowed && !c.bonus).collect();
        let asked_lower = ticket.prose(f.range).to_lowercase();
        let introduced = |c: &&Content| {
            let word = c.word.to_lowercase();
            DETERMINERS
                .iter()
                .any(|d| asked_lower.contains(&format!("{d} {word}")))
        };
        let polar_subject = if own_words.len() <= 3 {
            own_words.first().copied()
        } else {
            own_words.iter().find(|c| introduced(c)).copied()
        };
        let subject_key = polar_subject.filter(|c| {
            single
                || key
                    .iter()
                    .any(|&k| content.get(k).is_some_and(|d| d.stem == c.stem))
        });
        let polar_about = |i: usize| {
            f.kind == QuestionKind::Polar
                && subject_key.is_some_and(|c| c.in_set(&index.stems[i]))
                && index.answers_for(i, f.kind).contains(&AnswerKind::Verdict)
                && yes_no_owner[i].is_none_or(|o| o == q)
        };
        // "Who do I speak to?" — "Our reception team can move it for you": the kind of answer
        // only this question asks for (a person, a place, a time, an amount), in a sentence no
        // other question that takes that kind of answer has much of a claim on, answers it
        // without repeating its words.
        let signature = match f.kind {
            QuestionKind::Who => Some(AnswerKind::Person),
            QuestionKind::Where => Some(AnswerKind::Place),
            QuestionKind::When => Some(AnswerKind::Time),
            // "How long does it take?" asks for a duration, not for any amount.
            QuestionKind::Quantity if f.accepted.contains(&AnswerKind::Duration) => {
                Some(AnswerKind::Duration)
            }
            QuestionKind::Quantity => Some(AnswerKind::Quantity),
            _ => None,
        };
        let alone_of_kind = kinds.iter().filter(|k| **k == f.kind).count() == 1;
        let exclusive = |i: usize| {
            alone_of_kind
                && signature.is_some_and(|sig| index.answers_for(i, f.kind).contains(&sig))
                && (0..kinds.len()).all(|p| {
                    p == q
                        || share[p][i] < 0.5
                        || signature.is_some_and(|sig| !accepts[p].contains(&sig))
                })
        };
        let gives = |window: &std::ops::Range<usize>, kind: AnswerKind| {
            index.answers[window.clone()]
                .iter()
                .any(|a| a.contains(&kind))
        };
        // A word is covered when the window uses it, or gives the kind of answer it names.
        let hit = |window: &std::ops::Range<usize>, c: &Content| {
            in_window(window, c)
                || match c.class {
                    Some(Class::Time) => gives(window, AnswerKind::Time),
                    Some(Class::Money) => index.money[window.clone()].iter().any(|m| *m),
                    Some(Class::Reason) => gives(window, AnswerKind::Cause),
                    None => false,
                }
        };
        let coverage_in = |window: &std::ops::Range<usize>| {
            let (mut covered, mut total) = (0.0, base_total);
            for c in content.iter().filter(|c| hit(window, c)) {
                covered += c.weight;
                if c.bonus {
                    total += c.weight;
                }
            }
            if total > 0.0 { covered / total } else { 0.0 }
        };
        // On the question's topic: the window names the thing this question alone asks about,
        // what its "it" or "one" refers to, or a number it gives, or covers much of it anyway.
        // (A word matched only by the kind of answer it names — "today" by any time — is not
        // its topic.)
        let on_topic = |window: &std::ops::Range<usize>| {
            key.is_empty()
                || key.iter().any(|&k| {
                    content.get(k).is_some_and(|c| {
                        mentions(window, c)
                            || (c
                                .class
                                .is_some_and(|class| c.names_class || asked_by(class, f.kind))
                                && hit(window, c))
                    })
                })
                || content
                    .iter()
                    .any(|c| (c.borrowed || c.bonus) && mentions(window, c))
                // "How much time will it take?": any word naming the kind of answer asked for
                // ("time", "fee"), given that kind of answer.
                || content
                    .iter()
                    .any(|c| c.names_class && !c.borrowed && hit(window, c))
                || echoes(window)
        };
        // "Where…?", "when…?" and "how much…?" ask for a place, a time or an amount: a passage
        // that only mentions the topic ("any questions about billing") without giving any counts
        // for little. (Causes and steps come in too many forms to ask the same of "why" and
        // "how".) (A wish stated
        // without a question mark, "I want to cancel before then", is looser.)
        let untyped = if f.direct
            && matches!(
                f.kind,
                QuestionKind::Where | QuestionKind::When | QuestionKind::Quantity
            ) {
            UNTYPED_SHARE
        } else {
            1.0
        };
        // "Are we charged for the full month or pro rata?" — "Pro rata: you're charged only for
        // the days left": a sentence that opens by naming one of the alternatives picks it,
        // which answers the question as a yes or no does.
        let alternatives = if f.kind == QuestionKind::Polar {
            alternatives(&asked_lower, &own_words)
        } else {
            Vec::new()
        };
        let picks = |i: usize| {
            !alternatives.is_empty()
                && draft.sentences.get(i).is_some_and(|sentence| {
                    let opening = opening_stems(engine, draft.prose(sentence.range));
                    alternatives
                        .iter()
                        .any(|alt| alt.iter().all(|c| c.in_set(&opening)))
                })
        };
        // (score, sentence, answer kind)
        let mut best = (0.0f64, None::<usize>, None::<AnswerKind>);
        let mut first = None;
        for (i, window) in index.windows.iter().enumerate() {
            let coverage = coverage_in(window);
            let picked = picks(i);
            let answer = type_match(f.kind, &f.accepted, index.answers_for(i, f.kind))
                .or_else(|| picked.then_some(AnswerKind::Polar));
            // The thing this question alone asks about must be mentioned for an answer of the
            // right kind to count (unless the ticket asks only this).
            let key_ok = single || on_topic(window) || exclusive(i) || polar_about(i);
            // "Yes, we changed the limits on Tuesday": an explicit yes or no about one of the
            // question's words is its answer.
            let says_yes_no = yes_no_owner[i] == Some(q) || picked;
            let typed_here = answer.is_some() && key_ok;
            let mut score = if typed_here {
                coverage
            } else {
                coverage * untyped
            };
            if typed_here {
                // The right kind of answer counts in proportion to how on-topic it is, so one
                // "Yes, …" does not answer every yes/no question in the ticket; a ticket with
                // one question is almost always the topic of the whole reply.
                score += if base_total <= 0.0 {
                    0.6
                } else if (single && answer != Some(AnswerKind::Statement))
                    || (answer.is_some_and(|a| distinctive(f.kind, a)) && owns(q, i))
                    || says_yes_no
                    || polar_about(i)
                    || exclusive(i)
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
        if base_total > 0.0 {
            let typed = on_topic(&all)
                && all.clone().any(|i| {
                    type_match(f.kind, &f.accepted, index.answers_for(i, f.kind)).is_some()
                });
            let global = if typed {
                0.85 * coverage_in(&all) + 0.2
            } else {
                0.85 * coverage_in(&all) * untyped
            };
            if global > best.0 {
                best.0 = global;
            }
        }
        let (score, at, answer) = best;
        let window = at.map_or(0..0, |i| index.windows[i].clone());
        let (matched, missing): (Vec<&Content>, Vec<&Content>) = content
            .iter()
            .filter(|c| !c.bonus || hit(&window, c))
            .partition(|c| hit(&window, c));
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
    // "Can we both have accounts? Or do we have to share one login?": the other half of an
    // either-or is answered by whatever answers the first half.
    for q in 1..out.len() {
        let alternative = ticket
            .prose(out[q].range)
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .get(..3)
            .is_some_and(|w| w.eq_ignore_ascii_case("or "));
        if alternative && out[q - 1].addressed && !out[q].addressed {
            let (score, evidence, first, answer) = (
                out[q - 1].score,
                out[q - 1].evidence,
                out[q - 1].first_answer,
                out[q - 1].answer,
            );
            let question = &mut out[q];
            question.addressed = true;
            question.score = question.score.max(score);
            question.evidence = evidence;
            question.first_answer = first;
            question.answer = answer;
        }
    }
    out
}

/// The alternatives of an either-or question ("…the full month or pro rata?"): the content
/// words of the last few words before its last " or ", and of the words after it. Empty when
/// the question offers no choice or either side has no content word.
fn alternatives<'c>(asked_lower: &str, own: &[&'c Content]) -> Vec<Vec<&'c Content>> {
    let Some(at) = asked_lower.rfind(" or ") else {
        return Vec::new();
    };
    let (before, after) = (&asked_lower[..at], &asked_lower[at + 4..]);
    // The other alternative is the end of the clause before "or", at most three words.
    let clause = before.rsplit([',', ';', ':']).next().unwrap_or(before);
    let before: Vec<&str> = clause.split_whitespace().rev().take(3).collect();
    let after: Vec<&str> = after.split_whitespace().collect();
    let side = |words: &[&str]| -> Vec<&'c Content> {
        own.iter()
            .copied()
            .filter(|c| {
                let word = c.word.to_lowercase();
                words.iter().any(|w| {
                    w.trim_matches(|ch: char| !ch.is_alphanumeric()) == word
                        || word.split(' ').any(|part| part == *w)
                })
            })
            .collect()
    };
    let (first, second) = (side(&before), side(&after));
    if first.is_empty() || second.is_empty() {
        return Vec::new();
    }
    vec![first, second]
}

/// The folded stems of a sentence's opening: its words before the first comma, colon,
/// semicolon or dash, at most five.
fn opening_stems(engine: &Engine, text: &str) -> HashSet<String> {
    let mut buf = String::new();
    let opening = text
        .split([',', ':', ';', '\u{2014}', '\u{2013}', '.', '!'])
        .next()
        .unwrap_or(text);
    opening
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .take(5)
        .map(|w| fold(engine, stem(w, &mut buf).into_owned()))
        .collect()
}

/// Answers accepted for a question type the packs do not list.
const GENERIC_ANSWERS: &[AnswerKind] = &[
    AnswerKind::Instructions,
    AnswerKind::Cause,
    AnswerKind::Action,
    AnswerKind::Deferral,
    AnswerKind::Polar,
];

/// Builds this module's built-in patterns now, so a first check doesn't wait for them: called
/// while the packs compile.
pub(crate) fn prepare() {
    let _ = (
        money_regex(),
        yes_no_regex(),
        named_kind_regexes(),
        conditional_regex(),
        pronoun_regex(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    use crate::document::Format;
    use crate::{Input, check};

    /// Each question found: its text, its kind, and whether the draft addresses it.
    fn judged(ticket: &str, draft: &str) -> Vec<(String, QuestionKind, bool)> {
        let engine = Engine::embedded().unwrap();
        let input = Input {
            draft,
            format: Format::Markdown,
            ticket: Some((ticket, Format::Markdown)),
        };
        check(engine, &Settings::default(), &input)
            .questions
            .iter()
            .map(|q| (q.range.slice(ticket).to_string(), q.kind, q.addressed))
            .collect()
    }

    fn asked(ticket: &str) -> Vec<String> {
        judged(ticket, "Thanks for writing in.")
            .into_iter()
            .map(|(q, _, _)| q)
            .collect()
    }

    fn answered(ticket: &str, draft: &str) -> Vec<bool> {
        judged(ticket, draft).into_iter().map(|q| q.2).collect()
    }

    fn part(text: &str) -> Vec<&str> {
        clauses(Engine::embedded().unwrap(), text)
            .into_iter()
            .map(|(a, b)| &text[a..b])
            .collect()
    }

    #[test]
    fn joined_questions_are_split_but_alternatives_are_not() {
        assert_eq!(
            part("Is there a charge, and can he stay in the room?"),
            ["Is there a charge", "can he stay in the room?"]
        );
        assert_eq!(
            part("What is wrong with it and when will it be fixed??"),
            ["What is wrong with it", "when will it be fixed??"]
        );
        // "X, or Y?" is one question with two possible answers.
        assert_eq!(
            part("Can we take our broadband with us or does it count as a new contract?").len(),
            1
        );
        assert_eq!(
            part("Will you move the site for us, or do I have to do it myself?").len(),
            1
        );
        // A greeting or a condition before the question is not a question of its own.
        assert_eq!(part("Hi, are dogs allowed at the hotel?").len(), 1);
        assert_eq!(part("If A, are the IPs stable or do they change?").len(), 1);
        // A lead-in that asks nothing stays with the question after it.
        assert_eq!(
            part(
                "I've seen the flats have fibre, is that something you provide there, and would it cost more?"
            ),
            [
                "I've seen the flats have fibre, is that something you provide there",
                "would it cost more?"
            ]
        );
    }

    #[test]
    fn when_opening_a_condition_does_not_ask_when() {
        let q = judged(
            "And when I come back to paid again in spring, everything will be like before?",
            "Yes.",
        );
        assert_eq!(q.len(), 1);
        assert_ne!(q[0].1, QuestionKind::When);
        let q = judged("When I will receive the money?", "Soon.");
        assert_eq!(q[0].1, QuestionKind::When);
    }

    #[test]
    fn statements_examples_and_pleas_are_not_questions() {
        assert!(asked("I've restarted everything I know how to restart.").is_empty());
        assert!(asked("My site is down. Please help.").is_empty());
        assert_eq!(
            asked("Are events delivered in order? e.g. can we get `opened` before `delivered`?"),
            ["Are events delivered in order?"]
        );
        assert!(asked("Will it arrive before Saturday? If not I need to know today so I can buy one locally.").len() == 1);
    }

    #[test]
    fn questions_without_a_mark_in_everyday_phrasings() {
        for ticket in [
            "Any advice on getting my account back would be great.",
            "What's the best way to transfer my files to a new laptop.",
            "Can someone call me back on 07700 900123.",
            "Just checking whether my application was received.",
            "Kindly confirm receipt of my documents.",
            "Looking for information on your cancellation policy.",
            "My laptop can't connect to the wifi and I have an exam tomorrow, what should I do",
            "The thermostat keeps resetting every night, is that normal or a fault",
        ] {
            assert_eq!(asked(ticket).len(), 1, "{ticket}");
        }
        // An offer, a plea and a story are not questions.
        for ticket in [
            "Let me know if you need anything else from me.",
            "Appreciate any help with this.",
            "People keep emailing me asking if I took their money.",
        ] {
            assert!(asked(ticket).is_empty(), "{ticket}");
        }
    }

    #[test]
    fn requests_with_spelling_slips_and_without_a_mark_are_questions() {
        assert_eq!(
            asked("hi i need to chnage the adress on my order 88213, i moved last week").len(),
            1
        );
        assert_eq!(
            asked("my son bought it by mistake 😩 can i get a refund please, we dont need it")
                .len(),
            1
        );
    }

    #[test]
    fn a_yes_no_question_is_answered_by_echoing_its_subject() {
        let ticket = "Our site got slow. Would upgrading fix it? And will our email addresses keep working if we upgrade?";
        let draft = "The slowness comes from the size of your photos. So upgrading wouldn't help much on its own.";
        assert_eq!(answered(ticket, draft), [true, false]);
    }

    #[test]
    fn one_yes_answers_the_yes_no_question_it_is_about() {
        let ticket =
            "Can I move my domain to another host? And will my email keep working during the move?";
        let draft = "Yes, you can move your domain at any time from the Domains page.";
        assert_eq!(answered(ticket, draft), [true, false]);
        let ticket = "Did you lower the rate limits? And what is the limit per key now?";
        let draft = "Yes, we changed the limits on Tuesday. Limits are now 600 requests per minute per key.";
        assert_eq!(answered(ticket, draft), [true, true]);
    }

    #[test]
    fn a_word_naming_a_kind_of_answer_is_covered_by_that_kind() {
        // "a date" is answered by a date, "more expensive" by a price.
        let ticket = "Where is my refund? I want a date, not another excuse.";
        let draft =
            "Your refund was sent today, and your bank will show it by 9 May at the latest.";
        assert_eq!(answered(ticket, draft), [true, true]);
        let ticket = "Can we keep our number when we move? Would the new plan be more expensive?";
        let draft = "Yes, you keep your number when you move. The new plan is £32 a month, the same as now.";
        assert_eq!(answered(ticket, draft), [true, true]);
        // A date that is only a detail of the question is not what it asks for.
        let ticket = "My card was declined twice tonight. Can you unblock it? And how do I pay the hotel tomorrow if it still fails?";
        let draft = "I've unblocked your card now, so payments should go through.";
        assert_eq!(answered(ticket, draft), [true, false]);
    }

    #[test]
    fn a_repeated_number_counts_and_a_missing_one_does_not() {
        assert_eq!(short_number("£14"), None);
        assert_eq!(short_number("14").as_deref(), Some("14"));
        assert_eq!(short_number("1,840").as_deref(), Some("1840"));
        assert_eq!(short_number("88213"), None);
        let ticket = "I ordered size 41 by mistake. How can I change for the 42? Must I pay the shipping again?";
        let draft = "To exchange them, please open the returns portal and pick the new size. We'll send you the 42 as soon as the parcel is scanned. Exchanges are free, so you won't pay for shipping.";
        assert_eq!(answered(ticket, draft), [true, true]);
    }

    #[test]
    fn it_refers_to_the_problem_the_ticket_opens_with() {
        let ticket = "My account was suspended this morning with no warning. I pay every month. When will it be back?";
        let draft = "We have lifted the suspension on your account, and your shop is online again.";
        assert_eq!(answered(ticket, draft), [true]);
    }

    #[test]
    fn a_line_of_sympathy_answers_nothing() {
        let ticket = "My lamp arrived broken. Can I get a replacement? Do I need to send the broken lamp back, or can I throw it away?";
        let draft = "I'm sorry the lamp arrived broken. Yes, we can send you a replacement, and I've placed the order.";
        assert_eq!(answered(ticket, draft), [true, false]);
    }

    #[test]
    fn a_two_word_synonym_does_not_count_as_its_words() {
        // "working days" says nothing about whether a code "works".
        let ticket =
            "Could you apply the discount to my order? Also, does the code work on sale items?";
        let draft = "I've applied the discount to your order and refunded the difference. You'll see it within 3 to 5 working days.";
        assert_eq!(answered(ticket, draft), [true, false]);
    }
}

#[cfg(test)]
mod other_words {
    use super::tests_support::answered;

    #[test]
    fn a_yes_or_no_in_its_own_words_about_the_subject_answers() {
        assert_eq!(
            answered(
                "When can I pick it up? And can my daughter collect it for me, as I'm not driving?",
                "It will be ready from 2pm on Thursday. Your daughter is welcome to come in for it with her own ID."
            ),
            [true, true]
        );
        assert_eq!(
            answered(
                "The booster was due in January. Does he have to restart the whole course? How much will that be?",
                "As it's been less than three months, there's no need to start again. A booster is £58."
            ),
            [true, true]
        );
        // Saying yes or no about something else does not answer it.
        assert_eq!(
            answered(
                "Can I get the seat fee back? Also, will my kids still be seated next to me on the return flight?",
                "The £25 seat fee will go back to your card within 7 working days."
            ),
            [true, false]
        );
    }

    #[test]
    fn a_bare_yes_is_about_the_sentence_after_it() {
        assert_eq!(
            answered(
                "Can I bring a guest to the lounge on Friday? Also, the printer keeps jamming, is someone going to fix it?",
                "Of course! Each member can bring up to two visitors a day; just sign them in at reception."
            ),
            [true, false]
        );
    }

    #[test]
    fn who_is_answered_by_a_team_or_a_role() {
        assert_eq!(
            answered(
                "Who do I speak to about rescheduling? And do you have anything on a Saturday morning?",
                "Our reception team can move it for you: call 020 7946 0321. There's a slot at 10:30 on Saturday the 22nd."
            ),
            [true, true]
        );
        // A hand-off that names a team is still no answer to where or why.
        assert_eq!(
            answered(
                "Who do I speak to about rescheduling? Why was my booking cancelled?",
                "Thanks for your message. Our team will be in touch in due course."
            ),
            [false, false]
        );
    }

    #[test]
    fn doing_it_for_the_customer_answers_a_request() {
        assert_eq!(
            answered(
                "I need to move my check-up on the 14th. Will it cost anything to cancel later?",
                "Our reception team can move it for you: call 020 7946 0321."
            ),
            [true, false]
        );
    }

    #[test]
    fn the_only_question_asking_for_a_place_takes_the_place() {
        assert_eq!(
            answered(
                "Where do I find the wifi password? Also who do I talk to about moving my landline number over?",
                "It's printed on the card in the box, and you can see it in the app under Home > Wi-Fi details. Our switching team handles this: call them on 0800 123 456."
            ),
            [true, true]
        );
    }

    /// Derivational families (`rules/lexicon.toml`) fold like synonyms; a family does not lead
    /// into a synonym group ("sign" is "login", "signature" is not).
    #[test]
    fn derivational_families_fold() {
        use crate::analysis::questions::fold;
        use crate::analysis::stem;
        let engine = crate::packs::Engine::embedded().unwrap();
        let mut buf = String::new();
        let folded = |w: &str, buf: &mut String| fold(engine, stem(w, buf).into_owned());
        assert_eq!(
            folded("registration", &mut buf),
            folded("registering", &mut buf)
        );
        assert_eq!(folded("arrival", &mut buf), folded("arrive", &mut buf));
        assert_ne!(folded("signature", &mut buf), folded("sign", &mut buf));
        // Agent nouns are not in an act's family.
        assert_ne!(folded("user", &mut buf), folded("use", &mut buf));
        assert_ne!(folded("charger", &mut buf), folded("charge", &mut buf));
        // Comparatives and superlatives join their word; a noun spelt like one does not.
        assert_eq!(folded("earliest", &mut buf), folded("early", &mut buf));
        assert_eq!(folded("sooner", &mut buf), folded("soon", &mut buf));
        assert_ne!(folded("number", &mut buf), folded("numb", &mut buf));
        // Irregular past forms (rules/words.toml) join their verb.
        assert_eq!(folded("told", &mut buf), folded("telling", &mut buf));
    }

    /// A sentence opening with one alternative of an either-or question picks it; a sentence
    /// that doesn't name either, or names it further in, doesn't.
    #[test]
    fn naming_an_alternative_answers_an_either_or_question() {
        let ticket = "If I add a 26th person, are we charged for the full month or pro rata? And can guests join the calls?";
        assert_eq!(
            answered(
                ticket,
                "Pro rata: you're charged only for the days left in your billing month."
            ),
            [true, false]
        );
        assert_eq!(
            answered(
                ticket,
                "The full month, I'm afraid: each seat is billed from the first of the month."
            ),
            [true, false]
        );
        assert_eq!(
            answered(
                "Are we charged for the full month or pro rata?",
                "Thanks for writing in. Our office is closed on public holidays."
            ),
            [false]
        );
    }

    /// "Sooner" is answered by "the earliest…", and a reply about something else still
    /// leaves it unanswered.
    #[test]
    fn comparatives_answer_in_other_words() {
        assert_eq!(
            answered(
                "The earliest slot is in 10 days. Is there anything sooner? And can the engineer bring the part?",
                "The engineer will bring the part with him."
            ),
            [false, true]
        );
        assert_eq!(
            answered(
                "The earliest slot is in 10 days. Is there anything sooner? And can the engineer bring the part?",
                "We've found an earlier appointment on Friday at 9am. The engineer will bring the part with him."
            ),
            [true, true]
        );
    }

    /// A word sharing a dominant sense with the question's answers it in other words; a
    /// reply that gives its topic but not what it asks still does not.
    #[test]
    fn related_words_answer_in_other_words() {
        assert_eq!(
            answered(
                "What's the deadline for registering for the 5k, and is the fault in the results fixed?",
                "Registration closes on 28 March. Yes, the mistake in the results has been corrected."
            ),
            [true, true]
        );
        assert_eq!(
            answered(
                "Is the fault in the results fixed? And can I bring my dog to the race?",
                "Yes, the mistake in the results has been corrected."
            ),
            [true, false]
        );
        // Rare senses don't count: "last" shares a sense with "close" only rarely, "bill" with
        // "beak" only for birds.
        let engine = crate::packs::Engine::embedded().unwrap();
        let related = |w: &str| engine.lexicon().related.get(w).cloned().unwrap_or_default();
        assert!(related("stop").contains(&"ceas".to_string()));
        assert!(!related("last").contains(&"close".to_string()));
        assert!(!related("bill").contains(&"beak".to_string()));
    }

    #[test]
    fn free_in_other_words_and_synonyms() {
        assert_eq!(
            answered(
                "Is that covered under warranty? Do I have to pay for the return postage?",
                "Frames carry a lifetime guarantee, so that is something we'll replace. Returns are on us: the prepaid label is in the email."
            ),
            [true, true]
        );
        // Talking about money elsewhere is not saying what the fees are.
        assert_eq!(
            answered(
                "Do I need to tell you before I use my card in Japan? And are there any charges for paying in yen?",
                "There's no need to let us know: your card works abroad automatically. We're looking into our overseas fees at the moment."
            ),
            [true, false]
        );
    }
}

#[cfg(test)]
mod ownership {
    use super::tests_support::answered;

    #[test]
    fn a_distinctive_answer_belongs_to_the_question_it_is_about() {
        // The plan for a bulk endpoint answers the request for one, not the webhook question.
        let ticket = "Does the stock webhook fire when a bundle's component changes? Could you add a bulk endpoint for inventory updates?";
        let draft = "A bulk inventory endpoint is planned for Q3. Until then, you can update up to 50 items per request.";
        assert_eq!(answered(ticket, draft), [false, true]);
    }

    #[test]
    fn a_question_asked_only_if_the_first_is_answered_no_shares_its_answer() {
        let ticket = "Is there a way to share my wishlist with family? I couldn't find a button for it. And if not, could you add one?";
        let draft = "Sharing isn't possible yet, but it's planned for early November. You'll get a Share button at the top of your wishlist.";
        assert_eq!(answered(ticket, draft), [true, true]);
    }

    #[test]
    fn a_deferral_naming_what_was_asked_answers_it() {
        let ticket =
            "Why was I charged twice this month? I'd like to know whether I'll get the money back.";
        let draft = "I'm sorry about the double charge. I'm checking with our billing team why it happened, and I'll get back to you by Friday about the refund.";
        assert_eq!(answered(ticket, draft), [true, true]);
    }
}

#[cfg(test)]
mod tests_support {
    use crate::config::Settings;
    use crate::document::Format;
    use crate::packs::Engine;
    use crate::{Input, check};

    /// Whether the draft addresses each question found in the ticket, in order.
    pub(super) fn answered(ticket: &str, draft: &str) -> Vec<bool> {
        let engine = Engine::embedded().unwrap();
        let input = Input {
            draft,
            format: Format::Markdown,
            ticket: Some((ticket, Format::Markdown)),
        };
        check(engine, &Settings::default(), &input)
            .questions
            .iter()
            .map(|q| q.addressed)
            .collect()
    }
}

#[cfg(test)]
mod answer_kinds {
    use super::tests_support::answered;

    #[test]
    fn a_passage_that_only_names_the_topic_does_not_answer_where_or_when() {
        // Mentioning billing is not saying where the invoices are.
        assert_eq!(
            answered(
                "Where can I find my invoices?",
                "Thanks for getting in touch. Our team is always happy to help with any questions about billing."
            ),
            [false]
        );
        assert_eq!(
            answered(
                "When will the bug with notifications be fixed?",
                "The notification bug is on our list and the developers are aware of it."
            ),
            [false]
        );
        // Given a time or a place, they are answered.
        assert_eq!(
            answered(
                "When does my subscription renew?",
                "Your subscription renews on the 14th of each month."
            ),
            [true]
        );
        assert_eq!(
            answered(
                "When will the new dashboard be available for team accounts?",
                "The new dashboard is rolling out to all team accounts over the next two weeks."
            ),
            [true]
        );
    }

    #[test]
    fn causes_and_advice_come_in_many_forms() {
        // An explanation without "because".
        assert_eq!(
            answered(
                "Why is my invoice higher this month?",
                "This month's invoice includes the two extra seats you added on the 3rd."
            ),
            [true]
        );
        assert_eq!(
            answered(
                "Why was I logged out of the app on all my devices?",
                "We signed everyone out on Tuesday after a security update, to make sure every session uses the new encryption."
            ),
            [true]
        );
        // Advice rather than numbered steps.
        assert_eq!(
            answered(
                "How can I speed up my website? It takes ages to load.",
                "The biggest win will be compressing your images, which are 5 MB each."
            ),
            [true]
        );
        // How something works is answered by describing it.
        assert_eq!(
            answered(
                "How does the free trial work?",
                "The free trial gives you every Pro feature for 14 days, then moves you to the free plan."
            ),
            [true]
        );
    }

    #[test]
    fn what_does_it_mean_is_answered_by_what_it_means() {
        assert_eq!(
            answered(
                "My printer shows error E-04 and won't print. What does it mean?",
                "E-04 means the paper feed is jammed."
            ),
            [true]
        );
    }

    #[test]
    fn asking_for_what_is_needed_to_look_into_it_is_a_deferral() {
        assert_eq!(
            answered(
                "Why is my battery draining so fast since the last update?",
                "Could you send us a log from Settings so we can look into it?"
            ),
            [true]
        );
    }

    #[test]
    fn please_confirm_is_answered_by_what_was_done() {
        assert_eq!(
            answered(
                "Can you delete my account and all my data? And please confirm when it's done.",
                "Your account and all associated data have been permanently deleted as of today."
            ),
            [true, true]
        );
    }
}

#[cfg(test)]
mod generalisation {
    use super::tests_support::answered;
    use crate::config::Settings;
    use crate::document::Format;
    use crate::packs::{Engine, QuestionKind};
    use crate::{Input, check};

    fn asked(ticket: &str) -> Vec<(String, QuestionKind)> {
        let engine = Engine::embedded().unwrap();
        let input = Input {
            draft: "Thanks for writing in.",
            format: Format::Markdown,
            ticket: Some((ticket, Format::Markdown)),
        };
        check(engine, &Settings::default(), &input)
            .questions
            .iter()
            .map(|q| (q.range.slice(ticket).to_string(), q.kind))
            .collect()
    }

    #[test]
    fn imperatives_and_learners_phrasings_are_questions() {
        for ticket in [
            "Send me the wifi password for the meeting rooms.",
            "Please freeze my membership from today.",
            "Make sure this never happens again.",
            "Tell me how I keep my number when I switch.",
            "Please say me if the doctor has signed it.",
            "Please advise what documents I need to bring.",
            "Kindly inform me when the parcel will be delivered.",
            "1. when I will get my P45",
            "how I can download my old payslips after my account is closed",
            "the holiday I did not take, it will be paid in last salary or not",
            "also will the export include the notes on each contact",
            "and until when we must give the money for the trip",
        ] {
            assert_eq!(asked(ticket).len(), 1, "{ticket}");
        }
    }

    #[test]
    fn statements_and_rhetoric_are_not_questions() {
        for ticket in [
            "I want a straight answer this time, not a script.",
            "I want a straight answer this time.",
            "I wonder if anyone even reads these.",
            "Please find attached my latest bill.",
            "Please note that I moved house in May.",
            "When I came home the box was gone.",
            "Is this how you treat loyal customers?",
            "What kind of company is this?",
            "Check the attached screenshot.",
            "I'm not sure if this is the right place to ask.",
            "Sorry if this has been asked before.",
            "Does that make sense?",
            "Can you believe it?",
        ] {
            assert!(asked(ticket).is_empty(), "{ticket}");
        }
    }

    #[test]
    fn asking_for_the_reason_asks_why() {
        for ticket in [
            "What is the reason of this charge?",
            "I would be grateful if you could explain the reason for this increase.",
            "How can it be this high?",
            "Please check what is the problem and revert back asap.",
        ] {
            let found = asked(ticket);
            assert_eq!(found.len(), 1, "{ticket}");
            assert_eq!(found[0].1, QuestionKind::Why, "{ticket}");
        }
    }

    #[test]
    fn a_bare_deferral_answers_nothing() {
        for draft in [
            "I have passed your query to our claims team, who will be in touch with you in due course.",
            "I'll check your account and get back to you.",
            "We have passed this on to the landlord. We will be in touch as soon as we hear back.",
            "Your report has been logged and forwarded to the operations team, who will look into it.",
        ] {
            assert_eq!(
                answered(
                    "My claim was filed five weeks ago. When will the claim be paid? And why is it taking so long?",
                    draft
                ),
                [false, false],
                "{draft}"
            );
        }
    }

    #[test]
    fn a_deferral_with_a_time_an_enquiry_or_naming_the_question_answers_it() {
        let ticket = "My claim was filed five weeks ago. When will the claim be paid?";
        for draft in [
            "I've asked the claims team to review it, and I'll get back to you by Friday.",
            "I'm checking with the claims team when it will be paid.",
            "Could you send us the police report so we can look into the claim?",
        ] {
            assert_eq!(answered(ticket, draft), [true], "{draft}");
        }
    }

    #[test]
    fn answers_in_other_words() {
        // A time slot is answered by a new time.
        assert_eq!(
            answered(
                "Is there an earlier time slot that day? Also does she need to fast before the appointment?",
                "I've moved the booking to Thursday at 9:15am, our first appointment of the day. There's no need to fast, so she can eat as usual."
            ),
            [true, true]
        );
        // Inside the house, indoors.
        assert_eq!(
            answered(
                "Do you have a date for the installation yet? And will the engineer need to come inside the house?",
                "Your installation is booked for Wednesday 21 May. The engineer will need about 30 minutes indoors to fit the socket."
            ),
            [true, true]
        );
        // A workaround is what to do until then.
        assert_eq!(
            answered(
                "Is this a known bug and is there a workaround before the filing deadline?",
                "Yes, it's a known regression, fixed in Thursday's release. Until then, you can override box 6 by hand before submitting."
            ),
            [true, true]
        );
    }

    #[test]
    fn how_much_time_is_answered_by_a_time() {
        assert_eq!(
            answered(
                "My account has been locked since Monday. Why did this happen? And how much time will it take for a fix?",
                "It was locked after three failed sign-ins. I've unlocked it now, so you can sign in straight away."
            ),
            [true, true]
        );
    }

    #[test]
    fn prices_people_and_counts_in_other_words() {
        assert_eq!(
            answered(
                "Do I have to pay extra for the parking at the hotel? Also who should I contact about the late check-in?",
                "Parking is included in your room rate. For late arrivals, ring reception on 01632 960 100."
            ),
            [true, true]
        );
        assert_eq!(
            answered(
                "How many devices can I use with one licence? And where do I find my licence key?",
                "One licence covers up to five devices. Your key is in the order confirmation email."
            ),
            [true, true]
        );
    }

    #[test]
    fn the_other_half_of_an_either_or_shares_its_answer() {
        assert_eq!(
            answered(
                "Can my husband and I both log in with separate accounts? Or do we have to share one login?",
                "Each parent can have their own account: ask the school office to add your husband as a second contact."
            ),
            [true, true]
        );
    }
}
