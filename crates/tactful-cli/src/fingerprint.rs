//! Stable fingerprints of findings, so a finding can be recognised across runs (SARIF's
//! `partialFingerprints`, the baseline).
//!
//! A fingerprint hashes the rule id, the file's path, the flagged text and the occurrence index
//! of that (rule, text) pair in the file, so it survives edits elsewhere in the file that move
//! the finding to another line. It must never change for the same input: the hash is FNV-1a
//! 64-bit, written here, rather than `std`'s `DefaultHasher`, whose output may change between
//! Rust versions. The path is read with `/` separators and without a leading `./`, and the
//! flagged text with each whitespace run (line breaks included, so CRLF and LF checkouts agree
//! and re-wrapping a paragraph does not matter) as one space, trimmed at both ends.
//!
//! The format of a fingerprint is 16 lowercase hexadecimal digits. Changing anything about how
//! it is computed means a new key (`tactful/v2`), as baselines saved with the old one would no
//! longer match.

use tactful_core::Diagnostic;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits, fed piece by piece.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Self(FNV_OFFSET)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }

    /// A field, closed by a length suffix so that no two different field lists feed the same bytes.
    fn field(&mut self, bytes: &[u8]) {
        self.bytes(bytes);
        self.bytes(&(bytes.len() as u64).to_le_bytes());
    }
}

/// The flagged text as it is hashed and counted: whitespace runs as one space, trimmed.
pub(crate) fn normalize_text(flagged: &str) -> String {
    flagged.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The path as it is hashed: `/` separators, no leading `./`.
fn normalize_path(path: &str) -> String {
    let mut path = path.replace('\\', "/");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    path
}

/// The fingerprint of a finding: the `rule` id, the `path` of the file it is in, the `flagged`
/// text and its `occurrence` (0-based) among the findings of the same rule on the same
/// (normalised) text in that file, in order of position. 16 lowercase hex digits.
pub(crate) fn fingerprint(rule: &str, path: &str, flagged: &str, occurrence: usize) -> String {
    let mut hash = Fnv1a::new();
    hash.field(rule.as_bytes());
    hash.field(normalize_path(path).as_bytes());
    hash.field(normalize_text(flagged).as_bytes());
    hash.field(&(occurrence as u64).to_le_bytes());
    format!("{:016x}", hash.0)
}

/// The fingerprints of a file's findings, in the same order: each finding's occurrence index
/// counts the earlier findings of the same rule on the same normalised text. `text` is the text
/// the diagnostics' ranges point into.
pub(crate) fn for_file(path: &str, text: &str, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: Vec<(&str, String, usize)> = Vec::new();
    diagnostics
        .iter()
        .map(|d| {
            let flagged = normalize_text(d.range.slice(text));
            let occurrence = match seen
                .iter_mut()
                .find(|(rule, t, _)| *rule == d.rule && *t == flagged)
            {
                Some(entry) => {
                    entry.2 += 1;
                    entry.2
                }
                None => {
                    seen.push((d.rule, flagged.clone(), 0));
                    0
                }
            };
            fingerprint(d.rule, path, &flagged, occurrence)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_test_vectors() {
        // From the FNV reference test suite (draft-eastlake-fnv).
        for (input, expected) in [
            ("", 0xcbf2_9ce4_8422_2325_u64),
            ("a", 0xaf63_dc4c_8601_ec8c),
            ("foobar", 0x8594_4171_f739_67e8),
        ] {
            let mut h = Fnv1a::new();
            h.bytes(input.as_bytes());
            assert_eq!(h.0, expected, "{input:?}");
        }
    }

    #[test]
    fn fingerprints_are_fixed_for_all_time() {
        // These values are stored in users' baselines and code-scanning histories: if this test
        // fails, the fingerprint changed and needs a new key, not a new expected value.
        let fixed = fingerprint("jargon", "replies/dns.md", "MX records", 0);
        assert_eq!(fixed.len(), 16);
        assert!(
            fixed
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        // Worked out independently (a few lines of Python over the same bytes).
        assert_eq!(fixed, "cd761d681a523120");
    }

    #[test]
    fn every_part_counts() {
        let base = fingerprint("jargon", "a.md", "DNS", 0);
        assert_ne!(base, fingerprint("jargon-density", "a.md", "DNS", 0));
        assert_ne!(base, fingerprint("jargon", "b.md", "DNS", 0));
        assert_ne!(base, fingerprint("jargon", "a.md", "MX", 0));
        assert_ne!(base, fingerprint("jargon", "a.md", "DNS", 1));
        // Field boundaries are part of the hash.
        assert_ne!(
            fingerprint("ab", "c", "x", 0),
            fingerprint("a", "bc", "x", 0)
        );
    }

    #[test]
    fn separators_line_breaks_and_wrapping_do_not_count() {
        let base = fingerprint("jargon-density", "replies/a.md", "one two\nthree", 0);
        assert_eq!(
            base,
            fingerprint("jargon-density", "replies\\a.md", "one two\r\nthree", 0)
        );
        assert_eq!(
            base,
            fingerprint("jargon-density", "./replies/a.md", "one two\nthree", 0)
        );
        assert_eq!(
            base,
            fingerprint("jargon-density", "replies/a.md", " one\ttwo   three\n", 0)
        );
    }

    #[test]
    fn occurrences_count_per_rule_and_text() {
        use tactful_core::{Engine, Format, Input, Settings, check};
        let text = "Your DNS is fine. The DNS change and the DNS cache are done. MX too, MX.";
        let engine = Engine::embedded().unwrap();
        let input = Input {
            draft: text,
            format: Format::PlainText,
            ticket: None,
        };
        let report = check(engine, &Settings::default(), &input);
        let dns: Vec<usize> = report
            .diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| d.rule == "jargon" && d.range.slice(text) == "DNS")
            .map(|(i, _)| i)
            .collect();
        assert!(dns.len() >= 2, "{:#?}", report.diagnostics);
        let prints = for_file("a.md", text, &report.diagnostics);
        assert_eq!(prints.len(), report.diagnostics.len());
        for (n, &i) in dns.iter().enumerate() {
            assert_eq!(prints[i], fingerprint("jargon", "a.md", "DNS", n));
        }
        let mut unique = prints.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), prints.len(), "fingerprints collide");
    }
}
