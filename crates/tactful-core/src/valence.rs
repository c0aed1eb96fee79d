//! The distress signal: how much negative feeling a ticket's own words carry, read from a
//! word-valence lexicon (`rules/valence.toml`, generated from VADER).
//!
//! It is broad on purpose. The need cues of `rules/acknowledgement.toml` are phrases, and a
//! phrase list misses mail worded in ways nobody wrote down; a lexicon of a few thousand
//! rated words reads any wording at the cost of a hash lookup per word. On its own it is a
//! weak signal (support mail is about problems even when calm), so its score only adds to the
//! cues' sum, in proportion to the pack's `mild` and `strong` thresholds.
//!
//! Reading, one pass over the words of each sentence:
//! - a negative word adds minus its valence ("wrong" 2.1, "furious" 2.8);
//! - after a negator within `negation_window` words of the same sentence it adds nothing ("not
//!   bad", "no problem");
//! - a negated positive word adds `negated_positive` times its valence ("not happy");
//! - after an intensifier ("very", "so") a word counts `intensified` times, and written in
//!   capitals `capitals` times;
//! - each run of two or more "!" or "?" adds `exclamation` (at most three runs), once some
//!   word counted;
//! - a word counts once, however often the ticket says it or another form of it ("rejected …
//!   rejects": the topic repeated is not more feeling);
//! - words in a clause that imagines a case ("if I ever lose my phone"), up to its comma, are
//!   not read, nor a word that is part of a hyphenated compound ("drop-down", "cut-over").

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::text::TextRange;

/// The lexicon and how to read it, as the pack's `[valence]` table gave them.
#[derive(Debug)]
pub(crate) struct Valence {
    /// A score this high alone is a mild need (weight 1).
    pub(crate) mild: f64,
    /// A score this high alone is a strong need (weight 2).
    pub(crate) strong: f64,
    pub(crate) negation_window: usize,
    pub(crate) negated_positive: f64,
    pub(crate) intensified: f64,
    pub(crate) capitals: f64,
    pub(crate) exclamation: f64,
    pub(crate) negators: HashSet<String>,
    pub(crate) intensifiers: HashSet<String>,
    /// Words that open a clause imagining a case ("if", "unless"): its words are not read.
    pub(crate) conditionals: HashSet<String>,
    /// The `[valence.words]` lists as written ("word:-2.1 word:1.5 …"), parsed on first use.
    pub(crate) lists: Vec<String>,
    words: OnceLock<HashMap<String, f32>>,
}

/// What the signal found in a ticket.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Distress {
    /// The summed score.
    pub score: f64,
    /// What it adds to the need cues' sum (0 to 2).
    pub weight: f64,
    /// The words that counted, with what each added, strongest first (at most five).
    pub words: Vec<(TextRange, f64)>,
}

impl Valence {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        mild: f64,
        strong: f64,
        negation_window: usize,
        negated_positive: f64,
        intensified: f64,
        capitals: f64,
        exclamation: f64,
        negators: &str,
        intensifiers: &str,
        conditionals: &str,
        lists: Vec<String>,
    ) -> Valence {
        let set = |s: &str| s.split_whitespace().map(str::to_lowercase).collect();
        Valence {
            mild,
            strong,
            negation_window,
            negated_positive,
            intensified,
            capitals,
            exclamation,
            negators: set(negators),
            intensifiers: set(intensifiers),
            conditionals: set(conditionals),
            lists,
            words: OnceLock::new(),
        }
    }

    /// The lexicon, built on first use (a ticket is needed before anything reads it).
    pub(crate) fn words(&self) -> &HashMap<String, f32> {
        self.words.get_or_init(|| parse_lists(&self.lists))
    }

    /// The first malformed entry of a list, if any (for loading a user's pack).
    pub(crate) fn bad_entry(list: &str) -> Option<&str> {
        list.split_whitespace().find(|item| {
            item.rsplit_once(':').is_none_or(|(w, v)| {
                w.is_empty()
                    || w.chars().any(|c| c.is_uppercase() || c.is_whitespace())
                    || v.parse::<f32>().map_or(true, |v| !v.is_finite())
            })
        })
    }

    /// What the score adds to the need: in proportion up to `mild` (weight 1), then on to
    /// `strong` (weight 2), and no more.
    pub(crate) fn weight(&self, score: f64) -> f64 {
        if score.is_nan() || score <= 0.0 || self.mild.is_nan() || self.mild <= 0.0 {
            return 0.0;
        }
        if score <= self.mild {
            return score / self.mild;
        }
        let span = self.strong - self.mild;
        if span <= 0.0 {
            return 2.0;
        }
        (1.0 + (score - self.mild) / span).min(2.0)
    }

    /// Scores the words of a text's sentences. `sentences` gives each sentence's words'
    /// ranges in order; `skip` says whether a word is to be left out (a case the customer
    /// only imagines); `prose` is the masked text the ranges point into.
    pub(crate) fn score<'a>(
        &self,
        prose: &str,
        sentences: impl Iterator<Item = (TextRange, &'a [crate::analysis::Word])>,
        skip: impl Fn(TextRange) -> bool,
    ) -> Distress {
        let lexicon = self.words();
        let mut score = 0.0;
        let mut counted: Vec<(TextRange, f64)> = Vec::new();
        let mut runs = 0usize;
        let mut buf = String::new();
        let mut stem_buf = String::new();
        // Stems already counted: a word said again ("rejected … rejects") is the topic
        // repeated, not more feeling.
        let mut seen: Vec<String> = Vec::new();
        for (sentence, words) in sentences {
            // Words since the last negator in this sentence (None: no negator yet).
            let mut since_negator: Option<usize> = None;
            let mut after_intensifier = false;
            // Inside a clause that imagines ("if I ever lose my phone"), up to its comma.
            let mut imagined = false;
            let mut previous_end = sentence.start;
            for w in words {
                let text = w.range.slice(prose);
                let gap = prose.get(previous_end..w.range.start).unwrap_or("");
                previous_end = w.range.end;
                if gap.contains([',', ';', ':', '\u{2014}']) {
                    imagined = false;
                }
                buf.clear();
                buf.extend(
                    text.chars()
                        .flat_map(char::to_lowercase)
                        .map(|c| if c == '\u{2019}' { '\'' } else { c }),
                );
                let negated = since_negator.is_some_and(|n| n < self.negation_window);
                let intensified = after_intensifier;
                since_negator = since_negator.map(|n| n + 1);
                after_intensifier = false;
                if self.negators.contains(buf.as_str()) {
                    since_negator = Some(0);
                    continue;
                }
                if self.intensifiers.contains(buf.as_str()) {
                    after_intensifier = true;
                    continue;
                }
                if self.conditionals.contains(buf.as_str()) {
                    imagined = true;
                    continue;
                }
                let Some(&valence) = lexicon.get(buf.as_str()) else {
                    continue;
                };
                // Part of a compound ("drop-down", "cut-over", "fail-safe"): not the word's
                // own sense.
                let joined = prose[..w.range.start].ends_with('-')
                    || prose[w.range.end..]
                        .strip_prefix('-')
                        .is_some_and(|r| r.starts_with(char::is_alphabetic));
                if imagined || joined || skip(w.range) {
                    continue;
                }
                let stem = crate::analysis::stem(text, &mut stem_buf);
                if seen.iter().any(|s| s == stem.as_ref()) {
                    continue;
                }
                seen.push(stem.into_owned());
                let valence = f64::from(valence);
                let mut adds = match (valence < 0.0, negated) {
                    (true, false) => -valence,
                    (false, true) => valence * self.negated_positive,
                    // "not bad", "no problem"; and a positive word said plainly.
                    _ => continue,
                };
                if intensified {
                    adds *= self.intensified;
                }
                if text.chars().count() >= 3 && text.chars().all(|c| !c.is_lowercase()) {
                    adds *= self.capitals;
                }
                score += adds;
                counted.push((w.range, adds));
            }
            // Runs of "!!" or "??" in the sentence.
            let mut run = 0;
            for c in sentence.slice(prose).chars() {
                if c == '!' || c == '?' {
                    run += 1;
                } else {
                    runs += usize::from(run >= 2);
                    run = 0;
                }
            }
            runs += usize::from(run >= 2);
        }
        if !counted.is_empty() {
            score += self.exclamation * runs.min(3) as f64;
        }
        counted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        counted.truncate(5);
        let score = (score * 100.0).round() / 100.0;
        Distress {
            score,
            weight: (self.weight(score) * 100.0).round() / 100.0,
            words: counted,
        }
    }
}

fn parse_lists(lists: &[String]) -> HashMap<String, f32> {
    // Sized once (one entry a colon), so that building it never rehashes.
    let entries = lists
        .iter()
        .map(|l| l.bytes().filter(|&b| b == b':').count())
        .sum();
    let mut map = HashMap::with_capacity(entries);
    for item in lists.iter().flat_map(|l| l.split_ascii_whitespace()) {
        let Some(colon) = item.bytes().rposition(|b| b == b':') else {
            continue;
        };
        let (word, value) = (&item[..colon], &item[colon + 1..]);
        if let Some(value) = parse_valence(value) {
            map.insert(word.to_string(), value);
        }
    }
    map
}

/// A valence as the lexicon writes it ("-2.1", "3", "0.74"), read without the general float
/// parser; anything else goes to it.
fn parse_valence(text: &str) -> Option<f32> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, tenths) = digits.split_once('.').unwrap_or((digits, ""));
    let simple = !whole.is_empty()
        && whole.len() <= 2
        && tenths.len() <= 2
        && whole
            .bytes()
            .chain(tenths.bytes())
            .all(|b| b.is_ascii_digit());
    if !simple {
        return text.parse::<f32>().ok().filter(|v| v.is_finite());
    }
    let mut value = 0u32;
    for b in whole.bytes() {
        value = value * 10 + u32::from(b - b'0');
    }
    let mut scale = 1u32;
    for b in tenths.bytes() {
        value = value * 10 + u32::from(b - b'0');
        scale *= 10;
    }
    #[allow(clippy::cast_precision_loss)]
    let value = value as f32 / scale as f32;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Valence {
        Valence::new(
            3.3,
            6.6,
            3,
            0.74,
            1.3,
            1.5,
            0.5,
            "not no never don't",
            "very so",
            "if unless",
            vec!["bad:-2.5 wrong:-2.1 problem:-1.7 worried:-1.2 happy:2.7 furious:-2.8".into()],
        )
    }

    /// Scores a text with one sentence per line, words split at spaces.
    fn score(v: &Valence, text: &str) -> Distress {
        let mut sentences = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let mut words = Vec::new();
            let mut at = start;
            for piece in line.split_inclusive(|c: char| c.is_whitespace()) {
                let word = piece.trim_end().trim_end_matches(['!', '?', '.', ',']);
                if !word.is_empty() {
                    words.push(crate::analysis::Word {
                        range: TextRange::new(at, at + word.len()),
                    });
                }
                at += piece.len();
            }
            sentences.push((TextRange::new(start, start + line.len()), words));
            start += line.len();
        }
        v.score(
            text,
            sentences.iter().map(|(r, w)| (*r, w.as_slice())),
            |_| false,
        )
    }

    #[test]
    fn negative_words_add_up() {
        let v = lexicon();
        let d = score(&v, "the total is wrong and I am worried");
        assert!((d.score - 3.3).abs() < 1e-9, "{d:?}");
        assert!((d.weight - 1.0).abs() < 1e-9);
        assert_eq!(d.words.len(), 2);
        assert_eq!(
            d.words[0].0.slice("the total is wrong and I am worried"),
            "wrong"
        );
    }

    #[test]
    fn negation_cancels_a_negative_word_and_turns_a_positive_one() {
        let v = lexicon();
        assert_eq!(score(&v, "no problem at all, not bad").score, 0.0);
        assert_eq!(score(&v, "I am happy with it").score, 0.0);
        let d = score(&v, "I am not happy");
        assert!((d.score - 2.7 * 0.74).abs() < 0.01, "{d:?}");
        // A negator reaches only so far, and not into the next sentence.
        assert!(score(&v, "not that it is a very big deal but wrong").score > 0.0);
        assert!(score(&v, "I do not know\nwrong").score > 0.0);
    }

    #[test]
    fn intensifiers_capitals_and_exclamations_boost() {
        let v = lexicon();
        let plain = score(&v, "this is wrong").score;
        assert!(score(&v, "this is very wrong").score > plain);
        assert!(score(&v, "this is WRONG").score > plain);
        assert!(score(&v, "this is wrong!!").score > plain);
        // Exclamation marks alone are not distress: they need a word to boost.
        assert_eq!(score(&v, "thanks so much!!").score, 0.0);
    }

    #[test]
    fn a_word_counts_once_and_imagined_cases_not_at_all() {
        let v = lexicon();
        let once = score(&v, "the value is wrong").score;
        assert_eq!(
            score(&v, "the value is wrong\nstill wrong, wrong").score,
            once
        );
        assert_eq!(score(&v, "call me if anything is wrong").score, 0.0);
        // The clause ends at its comma.
        assert!(score(&v, "if you can, fix it, it is wrong").score > 0.0);
    }

    #[test]
    fn a_word_inside_a_compound_is_not_read() {
        let v = lexicon();
        assert_eq!(score(&v, "pick it from the bad-debt list").score, 0.0);
        assert_eq!(score(&v, "a wrong-way sign").score, 0.0);
        assert!(score(&v, "it went wrong - again").score > 0.0);
    }

    #[test]
    fn calm_text_scores_nothing() {
        let v = lexicon();
        let d = score(&v, "How much does the Pro plan cost per month?");
        assert_eq!(d, Distress::default());
    }

    #[test]
    fn weight_is_proportional_and_capped() {
        let v = lexicon();
        assert_eq!(v.weight(0.0), 0.0);
        assert!((v.weight(1.65) - 0.5).abs() < 1e-9);
        assert!((v.weight(3.3) - 1.0).abs() < 1e-9);
        assert!((v.weight(4.95) - 1.5).abs() < 1e-9);
        assert_eq!(v.weight(100.0), 2.0);
        assert_eq!(v.weight(f64::NAN), 0.0);
    }

    #[test]
    fn valences_are_read() {
        assert_eq!(parse_valence("-2.1"), Some(-2.1));
        assert_eq!(parse_valence("3"), Some(3.0));
        assert_eq!(parse_valence("0.74"), Some(0.74));
        assert_eq!(parse_valence("1e1"), Some(10.0));
        assert_eq!(parse_valence("x"), None);
        assert_eq!(parse_valence("inf"), None);
        assert_eq!(parse_valence("-"), None);
        let map = parse_lists(&["bad:-2.5 odd good:1.5 a:b:-1".into()]);
        assert_eq!(map.len(), 3);
        assert_eq!(map.get("a:b"), Some(&-1.0));
    }

    #[test]
    fn malformed_entries_are_found() {
        assert_eq!(Valence::bad_entry("bad:-2.5 wrong:-2.1"), None);
        assert_eq!(Valence::bad_entry("bad:-2.5 wrong"), Some("wrong"));
        assert_eq!(Valence::bad_entry("Bad:-2"), Some("Bad:-2"));
        assert_eq!(Valence::bad_entry("bad:x"), Some("bad:x"));
        assert_eq!(Valence::bad_entry("bad:inf"), Some("bad:inf"));
    }
}
