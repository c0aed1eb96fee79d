//! Analysis: sentences, words and stems of a view, computed once and shared by every rule.

pub(crate) mod acknowledgement;
pub(crate) mod jargon;
pub(crate) mod questions;

use std::borrow::Cow;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::document::{Block, BlockKind, View};
use crate::packs::Engine;
use crate::text::TextRange;

/// A sentence of prose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Where it is, trimmed.
    pub range: TextRange,
    /// Index of its block.
    pub block: usize,
    /// Indices of its words in [`TextAnalysis::words`].
    pub words: std::ops::Range<usize>,
}

/// A word of prose (letters or digits, apostrophes inside).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// Where it is.
    pub range: TextRange,
}

/// The analysed prose of one view (the draft, or the ticket).
#[derive(Debug)]
pub struct TextAnalysis<'a> {
    /// The original text the view was made from.
    pub text: &'a str,
    /// The masked view: read prose from here.
    pub view: &'a View,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
    /// Words in order.
    pub words: Vec<Word>,
    /// Words per block, by block index.
    block_words: Vec<usize>,
    /// The reading grade, computed on first use.
    grade: std::sync::OnceLock<f64>,
}

/// Builds the patterns and tables the analysis keeps outside the packs (the stemmer, the
/// suppression comment) now rather than in the first check. Engine loading calls it on a
/// thread of its own while the packs compile. (The question patterns wait for a ticket:
/// [`crate::Engine::ticket_ready`].)
pub(crate) fn prepare() {
    stemmer();
    crate::suppress::directive();
}

pub(crate) fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Lowercases a word into `buf` (normalising curly apostrophes) and returns its stem.
///
/// Stemming is costly (a few thousand instructions a word) and prose repeats its words, so
/// stems are remembered per thread; the memory is bounded (the cache starts afresh past
/// [`STEM_CACHE_WORDS`] words), which matters in a language server that runs for days.
pub(crate) fn stem<'b>(word: &str, buf: &'b mut String) -> Cow<'b, str> {
    buf.clear();
    for ch in word.chars() {
        match ch {
            '\u{2019}' | '\u{2018}' => buf.push('\''),
            c => buf.extend(c.to_lowercase()),
        }
    }
    STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(stem) = cache.get(buf.as_str()) {
            buf.clear();
            buf.push_str(stem);
            return;
        }
        let stem = stemmer().stem(buf).into_owned();
        if cache.len() >= STEM_CACHE_WORDS {
            cache.clear();
        }
        cache.insert(buf.as_str().into(), stem.as_str().into());
        *buf = stem;
    });
    Cow::Borrowed(buf.as_str())
}

/// How many words' stems a thread remembers at most.
const STEM_CACHE_WORDS: usize = 20_000;

thread_local! {
    static STEMS: std::cell::RefCell<std::collections::HashMap<Box<str>, Box<str>, BuildFnv>> =
        std::cell::RefCell::new(std::collections::HashMap::default());
}

/// FNV-1a: a fast hash for short keys such as words (no hostile keys to fear in a cache that
/// only ever holds the words of texts being checked, and starts afresh when full).
#[derive(Default, Clone, Copy)]
struct BuildFnv;

impl std::hash::BuildHasher for BuildFnv {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl<'a> TextAnalysis<'a> {
    /// Segments a view into sentences and words; the packs say which abbreviations a period
    /// does not end a sentence after.
    pub fn new(text: &'a str, view: &'a View, engine: &Engine) -> Self {
        let mut sentences = Vec::new();
        let mut words = Vec::new();
        for (index, block) in view.blocks.iter().enumerate() {
            for range in split_sentences(engine, &view.masked, block) {
                let first = words.len();
                let slice = range.slice(&view.masked);
                crate::words::for_each_word(slice, |start, end| {
                    words.push(Word {
                        range: TextRange::new(range.start + start, range.start + end),
                    });
                });
                if words.len() > first {
                    sentences.push(Sentence {
                        range,
                        block: index,
                        words: first..words.len(),
                    });
                }
            }
        }
        let mut block_words = vec![0; view.blocks.len()];
        for s in &sentences {
            if let Some(n) = block_words.get_mut(s.block) {
                *n += s.words.len();
            }
        }
        Self {
            text,
            view,
            sentences,
            words,
            block_words,
            grade: std::sync::OnceLock::new(),
        }
    }

    /// The prose of a range, as the view shows it (masked parts are spaces).
    pub fn prose(&self, range: TextRange) -> &str {
        range.slice(&self.view.masked)
    }

    /// The words of a sentence.
    pub fn sentence_words(&self, sentence: &Sentence) -> &[Word] {
        self.words.get(sentence.words.clone()).unwrap_or(&[])
    }

    /// The number of words in a block.
    pub fn block_word_count(&self, block: usize) -> usize {
        self.block_words.get(block).copied().unwrap_or(0)
    }

    /// Flesch-Kincaid grade level of the whole view (0 when there are no words).
    pub fn reading_grade(&self) -> f64 {
        *self.grade.get_or_init(|| self.compute_grade())
    }

    fn compute_grade(&self) -> f64 {
        let words = self.words.len();
        let sentences = self.sentences.len();
        if words == 0 || sentences == 0 {
            return 0.0;
        }
        let syllables: usize = self
            .words
            .iter()
            .map(|w| syllables(w.range.slice(&self.view.masked)))
            .sum();
        let grade = 0.39 * (words as f64 / sentences as f64)
            + 11.8 * (syllables as f64 / words as f64)
            - 15.59;
        (grade.max(0.0) * 10.0).round() / 10.0
    }
}

/// Splits a block into sentences at `.`, `!`, `?` and `…` followed by space, skipping
/// abbreviations and lowercase continuations after a period. Headings are one sentence.
fn split_sentences(engine: &Engine, masked: &str, block: &Block) -> Vec<TextRange> {
    let mut out = Vec::new();
    let Some(text) = masked.get(block.range.start..block.range.end) else {
        return out;
    };
    if block.kind == BlockKind::Heading {
        out.push(block.range);
        return out;
    }
    let mut start = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, ch)) = iter.next() {
        if !matches!(ch, '.' | '!' | '?' | '…') {
            continue;
        }
        // Swallow runs of terminators and closing quotes or brackets.
        let mut end = i + ch.len_utf8();
        while let Some(&(j, c)) = iter.peek() {
            if matches!(
                c,
                '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']'
            ) {
                end = j + c.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let rest = &text[end..];
        let next = rest.trim_start();
        if !rest.is_empty() && next.len() == rest.len() {
            continue; // no whitespace after: "3.5", "example.com"
        }
        if ch == '…' && next.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        if ch == '.' {
            let before = text[start..i]
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("");
            let word = before.trim_start_matches(['(', '"', '“']).to_lowercase();
            if engine.abbreviations.contains(&word) {
                continue;
            }
            // A lowercase word after the period continues the sentence only after something
            // that looks abbreviated ("approx. two", "J. smith"); a customer who writes all in
            // lowercase still ends sentences ("its been 12 days now. where is it.").
            let abbreviated = word.chars().count() <= 1
                || word.contains('.')
                || engine.continuing_abbreviations.contains(&word);
            if abbreviated && next.chars().next().is_some_and(char::is_lowercase) {
                continue;
            }
        }
        push_trimmed(&mut out, text, block.range.start, start, end);
        start = end;
    }
    push_trimmed(&mut out, text, block.range.start, start, text.len());
    out
}

fn push_trimmed(out: &mut Vec<TextRange>, text: &str, base: usize, start: usize, end: usize) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(TextRange::new(base + start + lead, base + end - trail));
    }
}

pub(crate) use crate::words::syllables;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_the_same_from_the_cache() {
        let mut buf = String::new();
        let words = [
            "Connecting",
            "connected",
            "Customer’s",
            "running",
            "Connecting",
            "ZOË",
        ];
        let first: Vec<String> = words
            .iter()
            .map(|w| stem(w, &mut buf).into_owned())
            .collect();
        let again: Vec<String> = words
            .iter()
            .map(|w| stem(w, &mut buf).into_owned())
            .collect();
        assert_eq!(first, again);
        assert_eq!(first[0], "connect");
        assert_eq!(first[1], "connect");
        assert_eq!(first[2], stemmer().stem("customer's"));
        assert_eq!(first[5], "zoë");
    }
    use crate::document::{Document, Format};

    fn sentences(text: &str) -> Vec<String> {
        let engine = Engine::embedded().unwrap();
        let doc = Document::parse(text, Format::Markdown, engine, false);
        let a = TextAnalysis::new(text, &doc.draft, engine);
        a.sentences
            .iter()
            .map(|s| a.prose(s.range).to_string())
            .collect()
    }

    #[test]
    fn splits_sentences_but_not_abbreviations_or_numbers() {
        assert_eq!(
            sentences("Hi Zoë! Version 3.5 is out, e.g. today. Is it fixed? Yes… it is."),
            [
                "Hi Zoë!",
                "Version 3.5 is out, e.g. today.",
                "Is it fixed?",
                "Yes… it is."
            ]
        );
    }

    #[test]
    fn lowercase_writing_still_ends_sentences() {
        assert_eq!(
            sentences(
                "order 4471 still hasnt arrived, its been 12 days now. where is it. this was meant to be a present"
            ),
            [
                "order 4471 still hasnt arrived, its been 12 days now.",
                "where is it.",
                "this was meant to be a present"
            ]
        );
        // After an abbreviation, a lowercase word goes on with the sentence.
        assert_eq!(
            sentences("Cables, plugs etc. are included."),
            ["Cables, plugs etc. are included."]
        );
    }

    #[test]
    fn headings_and_list_items_are_their_own_sentences() {
        assert_eq!(
            sentences("# Steps\n\n- Open it\n- Close it"),
            ["Steps", "Open it", "Close it"]
        );
    }

    #[test]
    fn curly_quotes_close_a_sentence() {
        assert_eq!(
            sentences("She said “done.” Then left."),
            ["She said “done.”", "Then left."]
        );
    }

    #[test]
    fn syllable_heuristic() {
        assert_eq!(syllables("the"), 1);
        assert_eq!(syllables("customer"), 3);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("2026"), 1);
    }
}
