//! Finding lexicon terms in prose: an Aho-Corasick automaton run only where a term can start.
//!
//! A term counts only where it starts a word (the character before it is not a letter, digit
//! or underscore), so the automaton is not run over every byte of the text: it is run
//! anchored, once at each word start whose first byte begins some term, and stops as soon as
//! no spelling can continue.
//!
//! Matches are what an unanchored leftmost-longest pass would report at those starts: the
//! longest term at a start, then the search goes on after its end. (An unanchored pass could
//! also report a match starting inside a word, which the callers then drop; such a match
//! could hide a term starting inside it after a space or hyphen. This one does not.)

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous;
use aho_corasick::{Anchored, MatchKind};

/// The lexicon's spellings, compiled.
#[derive(Clone, Debug)]
pub(crate) struct TermMatcher {
    automaton: contiguous::NFA,
    /// The automaton's anchored start state.
    start: StateID,
    /// Whether a byte can start a spelling, in either ASCII case.
    first: [bool; 256],
}

/// One spelling found: its byte range and its index among the spellings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TermMatch {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) pattern: usize,
}

impl TermMatcher {
    /// Compiles `spellings`, matched ignoring ASCII case.
    pub(crate) fn new(spellings: &[String]) -> Result<TermMatcher, String> {
        let automaton = contiguous::Builder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(spellings)
            .map_err(|e| e.to_string())?;
        let start = automaton
            .start_state(Anchored::Yes)
            .map_err(|e| e.to_string())?;
        let mut first = [false; 256];
        for spelling in spellings {
            if let Some(&b) = spelling.as_bytes().first() {
                first[usize::from(b)] = true;
                first[usize::from(b.to_ascii_lowercase())] = true;
                first[usize::from(b.to_ascii_uppercase())] = true;
            }
        }
        Ok(TermMatcher {
            automaton,
            start,
            first,
        })
    }

    /// The longest spelling starting at `at`: its end and index.
    fn longest_at(&self, bytes: &[u8], at: usize) -> Option<(usize, usize)> {
        let nfa = &self.automaton;
        let mut sid = self.start;
        let mut found = None;
        for (i, &b) in bytes.get(at..)?.iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_special(sid) {
                if nfa.is_dead(sid) {
                    break;
                }
                if nfa.is_match(sid) {
                    // A state can also hold spellings that end here but start later (suffixes
                    // of the path); only one starting at `at` counts.
                    let len = i + 1;
                    if let Some(pid) = (0..nfa.match_len(sid))
                        .map(|k| nfa.match_pattern(sid, k))
                        .find(|&pid| nfa.pattern_len(pid) == len)
                    {
                        found = Some((at + len, pid.as_usize()));
                    }
                }
            }
        }
        found
    }

    /// The spellings found in `text`, in order, none overlapping.
    pub(crate) fn find_iter(&self, text: &str) -> std::vec::IntoIter<TermMatch> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        // Whether the character before `at` is a letter, digit or underscore.
        let mut in_word = false;
        while let Some(&b) = bytes.get(at) {
            let here = at;
            let was_in_word = in_word;
            if b < 0x80 {
                in_word = WORD_BYTE[usize::from(b)];
                at += 1;
            } else {
                // A character of two to four bytes, decoded once.
                let c = text.get(here..).and_then(|t| t.chars().next());
                in_word = c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                at += c.map_or(1, char::len_utf8);
            }
            if was_in_word || !self.first[usize::from(b)] {
                continue;
            }
            if let Some((end, pattern)) = self.longest_at(bytes, here) {
                // Go on after the match. Spellings are whole strings, so their ends fall on
                // character boundaries.
                at = end;
                in_word = text
                    .get(..end)
                    .and_then(|t| t.chars().next_back())
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                out.push(TermMatch {
                    start: here,
                    end,
                    pattern,
                });
            }
        }
        out.into_iter()
    }
}

/// ASCII letters, digits and the underscore: the bytes that continue a word.
const WORD_BYTE: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    table
};

#[cfg(test)]
/// Whether a word may start at byte `at`: it is a character boundary and the character before
/// is not a letter, digit or underscore.
fn starts_word(text: &str, at: usize) -> bool {
    if !text.is_char_boundary(at) {
        return false;
    }
    let Some(before) = text.get(..at) else {
        return false;
    };
    match before.as_bytes().last() {
        None => true,
        Some(&b) if b.is_ascii() => !(b.is_ascii_alphanumeric() || b == b'_'),
        Some(_) => !before
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn matcher(spellings: &[&str]) -> TermMatcher {
        let spellings: Vec<String> = spellings.iter().map(|s| s.to_string()).collect();
        TermMatcher::new(&spellings).expect("compiles")
    }

    fn found(m: &TermMatcher, text: &str) -> Vec<(usize, usize, usize)> {
        m.find_iter(text)
            .map(|t| (t.start, t.end, t.pattern))
            .collect()
    }

    /// What the callers kept from an unanchored leftmost-longest pass: matches starting a word.
    fn reference(spellings: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
        use aho_corasick::AhoCorasickBuilder;
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(spellings)
            .expect("compiles");
        ac.find_iter(text)
            .filter(|m| starts_word(text, m.start()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    #[test]
    fn finds_terms_at_word_starts_only() {
        let m = matcher(&["DNS", "DNS record", "app", ".htaccess", "café"]);
        assert_eq!(
            found(
                &m,
                "Add a dns record; the webapp's .htaccess and the café app."
            ),
            [(6, 16, 1), (31, 40, 3), (49, 54, 4), (55, 58, 2)]
        );
        // After an accented letter, a digit or an underscore no word starts.
        assert!(found(&m, "éapp 2app _app").is_empty());
        // Emoji, curly quotes and CRLF around terms.
        assert_eq!(found(&m, "👋 “DNS”\r\napp"), [(8, 11, 0), (16, 19, 2)]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Where no spelling holds a character that ends a word, a match can't start inside
        /// a word and end past a word start, so the two searches agree exactly.
        #[test]
        fn agrees_with_an_unanchored_pass(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "dns", "DNS", "record", "app", "apps", "webapp", "ssl", "SSL", "tls",
                    "café", "Zoë", "the", "a", "x1", "_y", "👋", "“", "”", "’",
                ]),
                0..14,
            ),
            seps in proptest::collection::vec(
                proptest::sample::select(vec![" ", "", "-", ".", ",", "\r\n", "(", "'"]),
                14,
            ),
        ) {
            let spellings = ["dns", "DNSrecord", "app", "ssl", "tls", "webapp", "café", "e"];
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            prop_assert_eq!(found(&matcher(&spellings), &text), reference(&spellings, &text));
        }
    }
}
