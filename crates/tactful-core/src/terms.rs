//! Finding lexicon terms in prose: a trie of the spellings walked from each word start.
//!
//! A term counts only where it starts a word (the character before it is not a letter, digit
//! or underscore), so the spellings are not searched at every byte: from each word start whose
//! first byte begins some spelling, a trie is walked for as long as some spelling goes on, and
//! the longest spelling ending on the way is the match. An Aho-Corasick automaton would also
//! find the spellings, but it costs more to build (its failure links serve only searches that
//! may start anywhere) and start-up is what a language server's first diagnostics wait for.
//!
//! Matches are what an unanchored leftmost-longest search would report at those starts: the
//! longest spelling at a start (the first-listed of equal ones), then the search goes on after
//! its end. (An unanchored search could also report a match starting inside a word, which the
//! callers then drop; such a match could hide a term starting inside it after a space or a
//! hyphen. This one does not.) Spellings match ignoring ASCII case.

/// No spelling ends at a node; no child for a byte.
const NONE: u32 = u32::MAX;

/// The lexicon's spellings, compiled.
#[derive(Clone, Debug)]
pub(crate) struct TermMatcher {
    /// The root's child for each (ASCII-lowercased) byte.
    root: Box<[u32; 256]>,
    nodes: Vec<Node>,
    /// Child tables by byte of the nodes with many children (those near the root, which
    /// most walks pass through), where a binary search of their children cost most of a walk.
    dense: Vec<[u32; 256]>,
}

/// A node with this many children or more looks them up in a table by byte.
const DENSE_CHILDREN: usize = 6;

#[derive(Clone, Debug)]
struct Node {
    /// Children by byte (ASCII-lowercased), sorted.
    children: Vec<(u8, u32)>,
    /// The spelling ending here, if any.
    pattern: u32,
    /// Its table in `dense`, or `NONE` when its children are few.
    dense: u32,
}

/// One spelling found: its byte range and its index among the spellings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TermMatch {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) pattern: usize,
}

impl TermMatcher {
    /// Compiles `spellings`, matched ignoring ASCII case. Empty spellings never match.
    pub(crate) fn new(spellings: &[String]) -> Result<TermMatcher, String> {
        if u32::try_from(spellings.len()).is_err() {
            return Err(format!(
                "{} spellings are more than one matcher can hold (4,294,967,295)",
                spellings.len()
            ));
        }
        let mut root = Box::new([NONE; 256]);
        let mut nodes: Vec<Node> = Vec::new();
        for (index, spelling) in spellings.iter().enumerate() {
            let mut bytes = spelling.bytes().map(|b| b.to_ascii_lowercase());
            let Some(first) = bytes.next() else {
                continue;
            };
            let mut node = match root[usize::from(first)] {
                NONE => {
                    let id = new_node(&mut nodes)?;
                    root[usize::from(first)] = id;
                    id
                }
                id => id,
            };
            for b in bytes {
                let children = &nodes[node as usize].children;
                node = match children.binary_search_by_key(&b, |&(c, _)| c) {
                    Ok(i) => children[i].1,
                    Err(i) => {
                        let id = new_node(&mut nodes)?;
                        nodes[node as usize].children.insert(i, (b, id));
                        id
                    }
                };
            }
            let end = &mut nodes[node as usize].pattern;
            if *end == NONE {
                // Of equal spellings, the first listed is the one found.
                *end = index as u32;
            }
        }
        let mut dense = Vec::new();
        for node in &mut nodes {
            if node.children.len() >= DENSE_CHILDREN
                && let Ok(index) = u32::try_from(dense.len())
            {
                let mut table = [NONE; 256];
                for &(b, child) in &node.children {
                    table[usize::from(b)] = child;
                }
                dense.push(table);
                node.dense = index;
            }
        }
        Ok(TermMatcher { root, nodes, dense })
    }

    /// The longest spelling starting at `at`: its end and index.
    fn longest_at(&self, bytes: &[u8], at: usize) -> Option<(usize, usize)> {
        let first = *bytes.get(at)?;
        let mut node = self.root[usize::from(first.to_ascii_lowercase())];
        let mut found = None;
        let mut end = at + 1;
        while let Some(n) = self.nodes.get(node as usize) {
            if n.pattern != NONE {
                found = Some((end, n.pattern as usize));
            }
            let Some(&b) = bytes.get(end) else {
                break;
            };
            let b = b.to_ascii_lowercase();
            node = match self.dense.get(n.dense as usize) {
                Some(table) => match table[usize::from(b)] {
                    NONE => break,
                    child => child,
                },
                None => match n.children.binary_search_by_key(&b, |&(c, _)| c) {
                    Ok(i) => n.children[i].1,
                    Err(_) => break,
                },
            };
            end += 1;
        }
        found
    }

    /// Whether some spelling starts with this byte.
    fn starts_some(&self, b: u8) -> bool {
        self.root[usize::from(b.to_ascii_lowercase())] != NONE
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
            if was_in_word || !self.starts_some(b) {
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

fn new_node(nodes: &mut Vec<Node>) -> Result<u32, String> {
    let id = u32::try_from(nodes.len())
        .ok()
        .filter(|&id| id != NONE)
        .ok_or("their letters come to more than 4,294,967,294 trie nodes")?;
    nodes.push(Node {
        children: Vec::new(),
        pattern: NONE,
        dense: NONE,
    });
    Ok(id)
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
        use aho_corasick::{AhoCorasickBuilder, MatchKind};
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

    /// Nodes with many children look them up in a table: the same matches as the others.
    #[test]
    fn nodes_with_many_children_find_the_same() {
        let spellings = [
            "ssl", "sla", "slb", "slc", "sld", "sle", "slf", "slg", "slh", "sl", "sso", "sftp",
        ];
        let m = matcher(&spellings);
        assert!(!m.dense.is_empty(), "some node has a table");
        let text = "SLA, slh and sl; sftp, SSO, sli, slx, ssl sle.";
        assert_eq!(found(&m, text), reference(&spellings, text));
        assert_eq!(
            found(&m, text)
                .iter()
                .map(|&(s, e, _)| &text[s..e])
                .collect::<Vec<_>>(),
            ["SLA", "slh", "sl", "sftp", "SSO", "sl", "sl", "ssl", "sle"]
        );
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
            let spellings = ["dns", "DNSrecord", "app", "ssl", "tls", "webapp", "café", "e", "APP"];
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            prop_assert_eq!(found(&matcher(&spellings), &text), reference(&spellings, &text));
        }
    }
}
