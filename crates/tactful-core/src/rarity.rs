//! Word rarity: whether a word is common English, for the jargon check's rarity signal.
//!
//! The packs' `[english-words]` lists (SCOWL's common words, `rules/english-words.toml`, and
//! everyday words SCOWL is too old to hold, `rules/everyday-words.toml`) are kept as the
//! packs wrote them, words joined by spaces, and turned into a set only when a check first
//! asks (a draft for a technical reader never does). The set holds a 64-bit hash of each word
//! in an open-addressed table: no word is copied, and looking a word up allocates nothing.
//!
//! A word is common when it is listed, or is an inflection of a listed word ("connected",
//! "parties", "stopping"), or a listed word behind an everyday prefix ("unplug",
//! "rebooked"), or two listed words joined ("barcode", "helpdesk"). The lists leave out the
//! inflections the suffix rules find from a listed word (`rules/tools/english-words.py`
//! applies the same rules as [`suffix_bases`]).

/// The longest word looked up, in bytes; a longer one is never common (nor a candidate).
const MAX_WORD: usize = 48;

/// Prefixes that make everyday words of everyday words ("unplug", "rebook", "preorder").
const PREFIXES: &[&[u8]] = &[
    b"un", b"re", b"pre", b"non", b"over", b"under", b"dis", b"mis", b"sub", b"co", b"de", b"out",
    b"up", b"multi", b"self", b"anti", b"auto", b"e",
];

/// A set of words, by hash.
#[derive(Debug)]
pub(crate) struct WordSet {
    /// Hashes (never 0), at the slot their hash picks or the next free one after; 0 is empty.
    slots: Vec<u64>,
    /// `64 - log2(slots.len())`: the hash's top bits pick the slot.
    shift: u32,
}

/// A hash of a word, eight bytes at a time (words are short: one or two rounds), never 0.
#[inline]
fn hash(word: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = (word.len() as u64).wrapping_mul(K);
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(bytes)).wrapping_mul(K);
        h ^= h >> 32;
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        let mut x = 0u64;
        for (i, &b) in tail.iter().enumerate() {
            x |= u64::from(b) << (8 * i);
        }
        h = (h ^ x).wrapping_mul(K);
        h ^= h >> 32;
    }
    h | 1
}

/// Whether a byte separates the words of a list (a space, a tab, a line end).
#[inline]
fn separates(b: u8) -> bool {
    b <= b' '
}

impl WordSet {
    /// The words of `lists` (each a run of words separated by whitespace).
    pub(crate) fn new<'a>(lists: impl Iterator<Item = &'a str> + Clone) -> Self {
        // Words are at most one more than the separators between them; counting those is a
        // loop the compiler vectorises.
        let count: usize = lists
            .clone()
            .map(|l| l.bytes().filter(|&b| separates(b)).count() + 1)
            .sum();
        // At most three quarters full.
        let size = (count * 4 / 3 + 1).next_power_of_two().max(16);
        let mut set = WordSet {
            slots: vec![0; size],
            shift: 64 - size.trailing_zeros(),
        };
        for list in lists {
            let bytes = list.as_bytes();
            let mut start = 0;
            for (i, &b) in bytes.iter().enumerate() {
                if separates(b) {
                    if i > start {
                        set.insert(hash(&bytes[start..i]));
                    }
                    start = i + 1;
                }
            }
            if bytes.len() > start {
                set.insert(hash(&bytes[start..]));
            }
        }
        set
    }

    #[inline]
    fn slot(&self, h: u64) -> usize {
        // The hash's top bits, which the last multiplication mixed best.
        usize::try_from(h >> self.shift).unwrap_or(0)
    }

    fn insert(&mut self, h: u64) {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(h);
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = h;
                    return;
                }
                x if x == h => return,
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Whether the exact (lowercase, unaccented) word is listed.
    #[inline]
    fn listed(&self, word: &[u8]) -> bool {
        let h = hash(word);
        let mask = self.slots.len() - 1;
        let mut i = self.slot(h);
        loop {
            match self.slots[i] {
                0 => return false,
                x if x == h => return true,
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// Whether a word is listed or an inflection of a listed word.
    fn listed_or_inflected(&self, word: &[u8]) -> bool {
        self.listed(word) || suffix_bases(word, |base| self.listed(base))
    }

    /// Whether a word (as written: any case, accents, a possessive) is common English. A word
    /// that is not made of letters alone (digits, a hyphen inside) is common: it is not for
    /// this set to judge.
    pub(crate) fn is_common(&self, word: &str) -> bool {
        // Most words are plain lowercase ASCII: no copy for them.
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            return self.is_common_lowercase(word.as_bytes());
        }
        let mut buf = [0u8; MAX_WORD];
        let Some(len) = normalise(word, &mut buf) else {
            return true;
        };
        self.is_common_lowercase(&buf[..len])
    }

    /// [`WordSet::is_common`] for a word of lowercase ASCII letters.
    pub(crate) fn is_common_lowercase(&self, w: &[u8]) -> bool {
        // A longer "word" is not one to judge (and would cost a look a letter).
        if w.is_empty() || w.len() > MAX_WORD || self.listed_or_inflected(w) {
            return true;
        }
        // An everyday prefix before a common word of four letters or more.
        if PREFIXES.iter().any(|p| {
            w.strip_prefix(*p)
                .is_some_and(|rest| rest.len() >= 4 && self.listed_or_inflected(rest))
        }) {
            return true;
        }
        // Two common words of three letters or more joined ("barcode", "helpdesk").
        (3..w.len().saturating_sub(2))
            .any(|i| self.listed(&w[..i]) && self.listed_or_inflected(&w[i..]))
    }
}

/// Lowercases a word into `buf`, folding accented Latin letters ("café" → "cafe") and
/// dropping a possessive ("customer's", "customers’"); `None` when it holds anything but
/// letters, or is too long.
pub(crate) fn normalise(word: &str, buf: &mut [u8; MAX_WORD]) -> Option<usize> {
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .or_else(|| word.strip_suffix('\''))
        .or_else(|| word.strip_suffix('\u{2019}'))
        .unwrap_or(word);
    let mut len = 0;
    for c in word.chars() {
        let b = fold(c)?;
        *buf.get_mut(len)? = b;
        len += 1;
    }
    (len > 0).then_some(len)
}

/// A letter as a lowercase ASCII letter: accented Latin letters lose their accent.
fn fold(c: char) -> Option<u8> {
    if c.is_ascii_alphabetic() {
        return u8::try_from(c.to_ascii_lowercase()).ok();
    }
    let base = match c.to_lowercase().next()? {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ř' => 'r',
        'ł' => 'l',
        _ => return None,
    };
    u8::try_from(base).ok()
}

/// A word's spelling with British and American differences levelled ("coeliac" and
/// "celiac", "colour" and "color", "organise" and "organize", "travelled" and "traveled",
/// "centre" and "center" give the same key), for telling whether two words are the same.
pub(crate) fn spelling_key(word: &str) -> String {
    let mut key = word.to_lowercase();
    for (from, to) in [
        ("ae", "e"),
        ("oe", "e"),
        ("our", "or"),
        ("ise", "ize"),
        ("isa", "iza"),
        ("yse", "yze"),
        ("tre", "ter"),
        ("ogue", "og"),
    ] {
        if key.contains(from) {
            key = key.replace(from, to);
        }
    }
    // Doubled letters written once ("travelled", "enrolment").
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

fn doubled(stem: &[u8]) -> bool {
    matches!(stem, [.., a, b] if a == b && !b"aeiou".contains(b))
}

/// Calls `found` with each shorter word `word` may be an inflection of ("stopped" → "stop",
/// "parties" → "party", "bigger" → "big"), until it returns true; returns whether it did.
/// `rules/tools/english-words.py` has the same rules, in the same order.
pub(crate) fn suffix_bases(word: &[u8], mut found: impl FnMut(&[u8]) -> bool) -> bool {
    let n = word.len();
    let mut buf = [0u8; MAX_WORD];
    // The word without `cut` bytes, then `add`.
    let mut try_base = |cut: usize, add: &[u8]| -> bool {
        let Some(stem) = word.get(..n.saturating_sub(cut)) else {
            return false;
        };
        let len = stem.len() + add.len();
        if cut > n || !(2..=MAX_WORD).contains(&len) {
            return false;
        }
        buf[..stem.len()].copy_from_slice(stem);
        buf[stem.len()..len].copy_from_slice(add);
        found(&buf[..len])
    };
    let ends = |s: &[u8]| word.ends_with(s);
    let stem_doubled = |cut: usize| n > cut && doubled(&word[..n - cut]);
    (ends(b"ies") && n > 4 && try_base(3, b"y"))
        || (ends(b"es") && try_base(2, b""))
        || (ends(b"s") && !ends(b"ss") && try_base(1, b""))
        || (ends(b"ied") && n > 4 && try_base(3, b"y"))
        || (ends(b"ed")
            && (try_base(2, b"") || try_base(1, b"") || (stem_doubled(2) && try_base(3, b""))))
        || (ends(b"ing")
            && (try_base(3, b"") || try_base(3, b"e") || (stem_doubled(3) && try_base(4, b""))))
        || (ends(b"er")
            && (try_base(2, b"") || try_base(1, b"") || (stem_doubled(2) && try_base(3, b""))))
        || (ends(b"est") && (try_base(3, b"") || try_base(2, b"")))
        || (ends(b"ily") && n > 4 && try_base(3, b"y"))
        || (ends(b"ly") && try_base(2, b""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> &'static WordSet {
        crate::packs::Engine::embedded()
            .expect("shipped packs load")
            .english()
    }

    fn bases(word: &str) -> Vec<String> {
        let mut out = Vec::new();
        suffix_bases(word.as_bytes(), |b| {
            out.push(String::from_utf8_lossy(b).into_owned());
            false
        });
        out
    }

    #[test]
    fn inflections_of_listed_words_are_common() {
        let set = set();
        for word in [
            "connect",
            "connected",
            "connecting",
            "connects",
            "parties",
            "stopped",
            "stopping",
            "bigger",
            "biggest",
            "happily",
            "quickly",
            "boxes",
            "tried",
        ] {
            assert!(set.is_common(word), "{word}");
        }
        assert_eq!(bases("stopped"), ["stopp", "stoppe", "stop"]);
        assert!(bases("glass").is_empty());
    }

    #[test]
    fn rare_words_are_not_common() {
        let set = set();
        for word in [
            "selvedge",
            "curtilage",
            "ferritin",
            "incoterms",
            "subrogation",
        ] {
            assert!(!set.is_common(word), "{word}");
        }
    }

    #[test]
    fn case_apostrophes_and_accents() {
        let set = set();
        for word in [
            "Connected",
            "CONNECTED",
            "customer's",
            "customer’s",
            "customers'",
            "customers’",
            "café",
            "Café",
            "cafés",
            "naïve",
            "résumé",
            "cliché",
        ] {
            assert!(set.is_common(word), "{word}");
        }
        assert!(!set.is_common("selvedge’s"));
        assert!(!set.is_common("Selvedge"));
        // Two common words that happen to spell a rare one: the price of taking compounds
        // ("barcode", "helpdesk") for common.
        assert!(set.is_common("demurrage"));
    }

    #[test]
    fn british_and_american_spellings() {
        let set = set();
        for word in [
            "colour",
            "color",
            "organise",
            "organize",
            "travelled",
            "traveled",
            "centre",
            "center",
        ] {
            assert!(set.is_common(word), "{word}");
        }
    }

    #[test]
    fn prefixes_and_compounds_of_common_words() {
        let set = set();
        for word in [
            "unplugging",
            "rebooked",
            "barcode",
            "helpdesk",
            "audiobook",
            "preorder",
        ] {
            assert!(set.is_common(word), "{word}");
        }
    }

    #[test]
    fn what_is_not_a_word_is_not_judged() {
        let set = set();
        for word in ["", "3DS", "a1b2", "👋", "x_y", "wp-config", "日本語"] {
            assert!(set.is_common(word), "{word}");
        }
        let long = "a".repeat(200);
        assert!(set.is_common(&long));
    }

    #[test]
    fn everyday_words_beyond_scowl() {
        let set = set();
        for word in ["admin", "app", "apps", "wifi", "crypto", "bluetooth"] {
            assert!(set.is_common(word), "{word}");
        }
    }

    #[test]
    fn british_and_american_spellings_share_a_key() {
        for (a, b) in [
            ("coeliac", "celiac"),
            ("colour", "color"),
            ("organise", "organize"),
            ("travelled", "traveled"),
            ("centre", "center"),
            ("anaemia", "anemia"),
            ("catalogue", "catalog"),
            ("analyse", "analyze"),
            ("Enrolment", "enrollment"),
        ] {
            assert_eq!(spelling_key(a), spelling_key(b), "{a} {b}");
        }
        assert_ne!(spelling_key("selvedge"), spelling_key("sledge"));
    }

    #[test]
    fn a_set_of_a_few_words() {
        let set = WordSet::new(["alpha beta\r\ngamma", "  delta\t"].into_iter());
        for word in ["alpha", "beta", "gamma", "delta", "Gamma", "betas"] {
            assert!(set.is_common(word), "{word}");
        }
        assert!(!set.is_common("epsilon"));
        let empty = WordSet::new(std::iter::empty());
        assert!(!empty.is_common("alpha"));
    }
}
