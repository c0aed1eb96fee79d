//! Word segmentation and syllable counting, the two per-character loops of analysis.
//!
//! Words follow Unicode's word boundaries (UAX #29) and only segments holding a letter or a
//! digit count. Most support prose is ASCII, so ASCII text takes a hand-written path that
//! applies the same boundary rules byte by byte (a property test holds it equal to
//! `unicode-segmentation` on ASCII input); any other text goes through `unicode-segmentation`.

use unicode_segmentation::UnicodeSegmentation;

/// The word-break classes UAX #29 gives ASCII characters, as far as they matter for words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// `_` (ExtendNumLet): joins letters, digits and itself on either side.
    Connector,
    /// `:` (MidLetter): joins two letters.
    MidLetter,
    /// `,` `;` (MidNum): join two digits.
    MidNum,
    /// `.` `'` (MidNumLet, Single_Quote): join two letters or two digits.
    MidBoth,
    Other,
}

const fn class_of(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Digit,
        b'_' => Class::Connector,
        b':' => Class::MidLetter,
        b',' | b';' => Class::MidNum,
        b'.' | b'\'' => Class::MidBoth,
        _ => Class::Other,
    }
}

/// [`class_of`] for every byte, looked up rather than matched in the per-byte loop.
static CLASSES: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = class_of(b as u8);
        b += 1;
    }
    table
};

#[inline]
fn class(b: u8) -> Class {
    CLASSES[usize::from(b)]
}

fn is_word(c: Class) -> bool {
    matches!(c, Class::Letter | Class::Digit | Class::Connector)
}

/// Calls `f(start, end)` with the byte range of every word of `text`, in order.
#[inline]
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(usize, usize)) {
    if !text.is_ascii() {
        for (offset, token) in text.split_word_bound_indices() {
            if token.chars().any(char::is_alphanumeric) {
                f(offset, offset + token.len());
            }
        }
        return;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let first = class(bytes[i]);
        if !is_word(first) {
            i += 1;
            continue;
        }
        let start = i;
        let mut has_alnum = first != Class::Connector;
        let mut prev = first;
        i += 1;
        while i < bytes.len() {
            let c = class(bytes[i]);
            if is_word(c) {
                has_alnum |= c != Class::Connector;
                prev = c;
                i += 1;
                continue;
            }
            // A middle character joins only between two letters (`:` `.` `'`) or two digits
            // (`,` `;` `.` `'`), judged on the characters right beside it.
            let next = bytes.get(i + 1).map_or(Class::Other, |&b| class(b));
            let joins = match c {
                Class::MidLetter => prev == Class::Letter && next == Class::Letter,
                Class::MidNum => prev == Class::Digit && next == Class::Digit,
                Class::MidBoth => {
                    (prev == Class::Letter && next == Class::Letter)
                        || (prev == Class::Digit && next == Class::Digit)
                }
                _ => false,
            };
            if !joins {
                break;
            }
            prev = next;
            i += 2;
        }
        if has_alnum {
            f(start, i);
        }
    }
}

/// Syllables in a word, by vowel groups (English heuristics; at least one). No allocation.
pub(crate) fn syllables(word: &str) -> usize {
    if word.is_ascii() {
        return ascii_syllables(word.as_bytes());
    }
    count_syllables(word.chars().flat_map(char::to_lowercase))
}

/// [`count_syllables`] for an ASCII word, on its bytes: the reading grade counts the
/// syllables of every word of a draft.
fn ascii_syllables(word: &[u8]) -> usize {
    // `| 0x20` lowercases a capital; no other ASCII byte becomes a vowel by it.
    let vowel = |b: u8| matches!(b | 0x20, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut count = 0;
    let mut prev_vowel = false;
    for &b in word {
        let v = vowel(b);
        if v && !prev_vowel {
            count += 1;
        }
        prev_vowel = v;
    }
    // A silent final "e" ("table" keeps it: -le is a syllable).
    if let [.., before_last, last] = word
        && word.len() > 2
        && *last | 0x20 == b'e'
        && !before_last.eq_ignore_ascii_case(&b'l')
        && count > 1
    {
        count -= 1;
    }
    count.max(1)
}

fn count_syllables(chars: impl Iterator<Item = char>) -> usize {
    let is_vowel = |c: char| {
        matches!(
            c,
            'a' | 'e'
                | 'i'
                | 'o'
                | 'u'
                | 'y'
                | 'à'
                | 'á'
                | 'â'
                | 'ä'
                | 'è'
                | 'é'
                | 'ê'
                | 'ë'
                | 'ì'
                | 'í'
                | 'î'
                | 'ï'
                | 'ò'
                | 'ó'
                | 'ô'
                | 'ö'
                | 'ù'
                | 'ú'
                | 'û'
                | 'ü'
        )
    };
    let mut count = 0;
    let mut prev_vowel = false;
    let mut len = 0;
    let (mut last, mut before_last) = (' ', ' ');
    for c in chars {
        let v = is_vowel(c);
        if v && !prev_vowel {
            count += 1;
        }
        prev_vowel = v;
        before_last = last;
        last = c;
        len += 1;
    }
    // A silent final "e" ("table" keeps it: -le is a syllable).
    if len > 2 && last == 'e' && before_last != 'l' && count > 1 {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(text: &str) -> Vec<(usize, usize)> {
        text.split_word_bound_indices()
            .filter(|(_, t)| t.chars().any(char::is_alphanumeric))
            .map(|(o, t)| (o, o + t.len()))
            .collect()
    }

    fn fast(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for_each_word(text, |s, e| out.push((s, e)));
        out
    }

    #[test]
    fn joins_like_unicode_word_boundaries() {
        for text in [
            "don't stop",
            "e.g. example.com 3.5 1,000,000 a:b a1.b 1.a",
            "snake_case __init__ _ __ a_ _1",
            "it's 'quoted' rock'n'roll o'clock",
            "end. Next, then; 12;34 x,y",
            "trailing. ",
            "a.",
            "",
            "   ",
        ] {
            assert_eq!(fast(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn non_ascii_text_uses_unicode_rules() {
        let text = "Zoë’s café — naïve 👋 test’s";
        assert_eq!(fast(text), reference(text));
        assert_eq!(fast(text).len(), 4);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn ascii_fast_path_matches_unicode_segmentation(
            text in "[a-zA-Z0-9_:,;.' \\-\"!?()\t\r\n]{0,40}"
        ) {
            prop_assert_eq!(fast(&text), reference(&text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn ascii_syllables_match_the_char_count(word in "[a-zA-Z0-9'_@`^-]{0,12}") {
            prop_assert_eq!(
                ascii_syllables(word.as_bytes()),
                count_syllables(word.chars().flat_map(char::to_lowercase))
            );
        }
    }

    #[test]
    fn syllables_by_vowel_groups() {
        assert_eq!(syllables("the"), 1);
        assert_eq!(syllables("customer"), 3);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("2026"), 1);
        assert_eq!(syllables("CUSTOMER"), 3);
        assert_eq!(syllables("café"), 2);
        assert_eq!(syllables("résumé"), 3);
    }
}
