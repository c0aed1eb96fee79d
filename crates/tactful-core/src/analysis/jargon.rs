//! Finding jargon in a draft: lexicon terms, unexplained acronyms and code-like tokens.
//!
//! Lexicon terms are found by walking a trie of their spellings from each word start
//! ([`crate::terms`]). A term the draft explains (a parenthesis, "which means", "that is",
//! "— in other words", "known as") is not flagged from there on, and a term the customer used
//! in the ticket is theirs, not jargon.

use std::collections::{HashMap, HashSet};

use crate::analysis::TextAnalysis;
use crate::config::{Audience, Settings};
use crate::packs::Engine;
use crate::text::TextRange;

/// What kind of jargon a hit is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HitKind {
    /// A lexicon term (index into [`Engine::terms`]).
    Term(usize),
    /// An acronym that is neither common nor spelled out.
    Acronym,
    /// A code-like token (the name of the pattern that matched).
    Code(String),
    /// A word that is not common English (see [`crate::rarity`]), written in lowercase in
    /// the middle of prose, that the customer did not use.
    Rare,
}

/// One occurrence of jargon in the draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JargonHit {
    /// Where it is.
    pub range: TextRange,
    /// What it is.
    pub kind: HitKind,
    /// Whether the draft explains it here or earlier.
    pub explained: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether `range` sits on word boundaries in `text`, allowing a plural or possessive suffix;
/// returns the range extended over that suffix.
fn on_boundaries(text: &str, range: TextRange) -> Option<TextRange> {
    if text
        .get(..range.start)?
        .chars()
        .next_back()
        .is_some_and(is_word_char)
    {
        return None;
    }
    let rest = text.get(range.end..)?;
    let mut end = range.end;
    for suffix in ["es", "s", "'s", "\u{2019}s"] {
        if let Some(after) = rest.strip_prefix(suffix)
            && !after.chars().next().is_some_and(is_word_char)
        {
            end = range.end + suffix.len();
            break;
        }
    }
    if text.get(end..)?.chars().next().is_some_and(is_word_char) {
        return None;
    }
    Some(TextRange::new(range.start, end))
}

/// Terms the ticket itself uses: the customer knows their own words.
pub(crate) fn terms_in(engine: &Engine, text: &str) -> HashSet<usize> {
    let mut out = HashSet::new();
    let Some(matcher) = &engine.term_matcher else {
        return out;
    };
    for m in matcher.find_iter(text) {
        let range = TextRange::new(m.start, m.end);
        if on_boundaries(text, range).is_some()
            && let Some(&term) = engine.term_of_pattern.get(m.pattern)
        {
            out.insert(term);
        }
    }
    out
}

/// Whether the prose right around `range` explains it. The explanation may follow the term
/// directly or the phrase it heads ("DNS settings (the part of your account that …)").
fn explained_here(engine: &Engine, prose: &str, range: TextRange, sentence: TextRange) -> bool {
    let mut after_end = (range.end + 100)
        .min(sentence.end.max(range.end))
        .min(prose.len());
    while after_end > range.end && !prose.is_char_boundary(after_end) {
        after_end -= 1;
    }
    let after = prose.get(range.end..after_end).unwrap_or("");
    let mut starts = vec![0];
    let mut rest = after;
    for _ in 0..2 {
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let word_len = trimmed
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\''))
            .unwrap_or(trimmed.len());
        if word_len == 0 {
            break;
        }
        let consumed = rest.len() - trimmed.len() + word_len;
        starts.push(after.len() - rest.len() + consumed);
        rest = &rest[consumed..];
    }
    if let Some(regex) = &engine.explained_after {
        // "The red light on your ONT means …": a verb after a term that a preposition governs
        // says something about the phrase's head ("light"), not about the term.
        let governed = governed_by_preposition(prose.get(sentence.start..range.start));
        for start in starts {
            let tail = after.get(start..).unwrap_or("");
            let verb = tail
                .trim_start_matches([' ', '\t'])
                .starts_with(|c: char| c.is_alphabetic())
                && tail.starts_with([' ', '\t']);
            if regex.find(tail).is_some_and(|m| m.start() == 0)
                && !detail_in_brackets(tail)
                && !(verb && governed)
            {
                return true;
            }
        }
    }
    let before_start = range.start.saturating_sub(40).max(sentence.start);
    let mut start = before_start;
    while start < range.start && !prose.is_char_boundary(start) {
        start += 1;
    }
    let before = prose.get(start..range.start).unwrap_or("");
    engine
        .explained_before
        .as_ref()
        .is_some_and(|r| r.find_iter(before).any(|m| m.end() == before.len()))
}

/// Finds jargon in the draft for the configured audience. `ticket_terms` are terms the
/// customer used themselves; `ticket_prose` is the ticket's prose for acronyms and code.
pub(crate) fn find(
    engine: &Engine,
    settings: &Settings,
    draft: &TextAnalysis<'_>,
    ticket_terms: &HashSet<usize>,
    ticket_prose: Option<&str>,
) -> Vec<JargonHit> {
    let prose = draft.view.masked.as_str();
    let audience = settings.audience;
    let mut hits: Vec<JargonHit> = Vec::new();
    let sentence_of = |offset: usize| -> TextRange {
        let i = draft.sentences.partition_point(|s| s.range.end <= offset);
        draft
            .sentences
            .get(i)
            .map_or(TextRange::new(offset, offset), |s| s.range)
    };
    let allowed = |s: &str| settings.allow.contains(&s.to_lowercase());
    let ticket_words = ticket_prose.map(WordsCi::new);
    // "…clear the DNS cache. This is a list your computer keeps…": a term that ends its
    // sentence (alone or heading a word or two) explained by the sentence after it.
    let glossed_next = |range: TextRange| -> bool {
        if engine.explained_next.is_empty() {
            return false;
        }
        let i = draft
            .sentences
            .partition_point(|s| s.range.end <= range.start);
        let (Some(own), Some(next)) = (draft.sentences.get(i), draft.sentences.get(i + 1)) else {
            return false;
        };
        let rest = prose.get(range.end..own.range.end).unwrap_or("");
        let words = rest
            .trim_end_matches(['.', '!', ';', ':', ' ', ')', '"', '\'', '”', '’'])
            .split_whitespace()
            .count();
        let text = draft.prose(next.range);
        own.block == next.block
            && words <= 2
            && engine
                .explained_next
                .iter()
                .any(|r| r.find(text).is_some_and(|m| m.start() == 0))
    };

    // Lexicon terms. Every match is remembered, flagged or not: a term this audience knows
    // ("HTML" for a general reader) is not an unknown acronym either.
    let mut explained_terms: HashSet<usize> = HashSet::new();
    let mut lexicon: Vec<TextRange> = Vec::new();
    if let Some(matcher) = &engine.term_matcher {
        for m in matcher.find_iter(prose) {
            let Some(&index) = engine.term_of_pattern.get(m.pattern) else {
                continue;
            };
            let Some(term) = engine.terms.get(index) else {
                continue;
            };
            let raw = TextRange::new(m.start, m.end);
            let Some(range) = on_boundaries(prose, raw) else {
                continue;
            };
            if term.case_sensitive && !term_spellings_match(engine, index, raw.slice(prose)) {
                continue;
            }
            lexicon.push(range);
            if audience > term.unknown_to
                || ticket_terms.contains(&index)
                || allowed(&term.term)
                || allowed(raw.slice(prose))
                || ticket_words
                    .as_ref()
                    .is_some_and(|t| customer_words(t, raw.slice(prose)))
            {
                continue;
            }
            let explained = explained_terms.contains(&index)
                || explained_here(engine, prose, range, sentence_of(range.start))
                || glossed_next(range);
            if explained && explained_terms.insert(index) {
                // Explaining "DNS records" explains "DNS", and the other way round.
                explained_terms.extend(related_terms(engine, index));
            }
            hits.push(JargonHit {
                range,
                kind: HitKind::Term(index),
                explained,
            });
        }
    }

    settle_late_explanations(draft, &mut hits, |h| match h.kind {
        HitKind::Term(index) => Some(index.to_string()),
        _ => None,
    });

    // Names of internal systems ("the SKU-graph resolver", "our fan-in relay"): no audience
    // outside the company knows them.
    for range in internal_names(engine, prose) {
        // A known term that ends the phrase ("a third-party payment gateway") is the finding.
        if lexicon
            .iter()
            .any(|r| r.contains_range(range) || (r.end == range.end && r.start > range.start))
            || allowed(range.slice(prose))
            || ticket_words
                .as_ref()
                .is_some_and(|t| t.contains(range.slice(prose)))
        {
            continue;
        }
        // The whole name is the finding, not a known term inside it ("runtime" in
        // "hx-runtime shim").
        hits.retain(|h| !h.range.overlaps(range));
        hits.push(JargonHit {
            range,
            kind: HitKind::Code(INTERNAL_NAME.to_string()),
            explained: explained_here(engine, prose, range, sentence_of(range.start)),
        });
    }

    if audience == Audience::Technical {
        hits.sort_by_key(|h| h.range);
        return hits;
    }

    // Acronyms: two to six capitals (digits allowed), optionally with a plural "s". Term hits
    // are sorted by position; acronyms are collected apart and merged after.
    let term_hits = std::mem::take(&mut hits);
    let mut explained_acronyms: HashSet<String> = HashSet::new();
    let shouting = shouting_sentences(draft);
    for (si, sentence) in draft.sentences.iter().enumerate() {
        if shouting.contains(&si) {
            continue;
        }
        for word in draft.sentence_words(sentence) {
            let text = word.range.slice(prose);
            let core = text
                .strip_suffix('s')
                .filter(|c| c.len() >= 2)
                .unwrap_or(text);
            if !looks_like_acronym(core) || engine.names.contains(core) {
                continue;
            }
            // "RF-20931", "#AB12": an identifier, not an acronym.
            let before = prose
                .get(..word.range.start)
                .and_then(|s| s.chars().next_back());
            let after = prose.get(word.range.end..).unwrap_or("");
            let identifier = before == Some('#')
                || ((after.starts_with('-') || after.starts_with('_'))
                    && after[1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric()));
            // "Text PAC to 65075", "reply STOP": a word to type, not a term to understand.
            let keyword = prose
                .get(..word.range.start)
                .and_then(|b| b.trim_end().rsplit(|c: char| !c.is_alphanumeric()).next())
                .is_some_and(|w| engine.keyword_verbs.contains(&w.to_lowercase()));
            // "100MB", "5GB": a number glued to a unit everyone reads.
            let unit = core
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches('.');
            let quantity = unit.len() < core.len() && engine.common_acronyms.contains(unit);
            if identifier
                || keyword
                || quantity
                || engine.common_acronyms.contains(core)
                || allowed(core)
                || overlaps_any(&term_hits, word.range)
                || overlaps_range(&lexicon, word.range)
                || ticket_prose.is_some_and(|t| contains_word(t, core))
                || ticket_words.as_ref().is_some_and(|t| t.contains(core))
            {
                continue;
            }
            let explained = explained_acronyms.contains(core)
                || explained_here(engine, prose, word.range, sentence.range)
                || glossed_next(word.range);
            if explained {
                explained_acronyms.insert(core.to_string());
            }
            hits.push(JargonHit {
                range: word.range,
                kind: HitKind::Acronym,
                explained,
            });
        }
    }

    settle_late_explanations(draft, &mut hits, |h| match h.kind {
        HitKind::Acronym => Some(h.range.slice(prose).trim_end_matches('s').to_string()),
        _ => None,
    });

    // Code-like tokens written in prose: every pattern's candidates, sorted, the earliest
    // and longest kept where they overlap, and none inside a term or acronym already found.
    hits.extend(term_hits);
    hits.sort_by_key(|h| h.range);
    let mut candidates: Vec<(TextRange, &str)> = code_token_candidates(engine, prose)
        .into_iter()
        .filter_map(|(m, name)| {
            // Patterns may match the space or parenthesis before a token; the token starts after.
            let token = m.as_str();
            let lead = token.len() - token.trim_start_matches([' ', '\t', '\n', '\r', '(']).len();
            let trail = token.len()
                - token
                    .trim_end_matches(['.', ',', ';', ':', '!', '?', ')'])
                    .len();
            (lead + trail < token.len())
                .then(|| (TextRange::new(m.start() + lead, m.end() - trail), name))
        })
        .collect();
    candidates.extend(
        function_calls(prose)
            .into_iter()
            .map(|r| (r, FUNCTION_CALL)),
    );
    candidates.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut code_hits: Vec<JargonHit> = Vec::new();
    for (range, name) in candidates {
        let text = range.slice(prose);
        if code_hits.last().is_some_and(|h| h.range.overlaps(range))
            || overlaps_any(&hits, range)
            || engine.names.contains(text)
            || allowed(text)
            || ticket_prose.is_some_and(|t| t.contains(text))
            || after_domain(prose, range)
        {
            continue;
        }
        code_hits.push(JargonHit {
            range,
            kind: HitKind::Code(name.to_string()),
            explained: explained_here(engine, prose, range, sentence_of(range.start)),
        });
    }
    hits.extend(code_hits);
    hits.sort_by_key(|h| h.range);

    // Uncommon words: a word that is not common English (nor an inflection, a prefixed form
    // or a compound of common words), written in lowercase (so not a name or a product), of
    // five letters or more, that the customer did not use and the draft does not explain.
    if engine.has_english() {
        let mut rare_hits: Vec<JargonHit> = Vec::new();
        let mut ticket_stems: Option<HashSet<String>> = None;
        let mut buf = String::new();
        for sentence in &draft.sentences {
            for word in draft.sentence_words(sentence) {
                // Most words are short or capitalised: the first byte and the length tell.
                if word.range.end - word.range.start < RARE_MIN_LETTERS
                    || prose
                        .as_bytes()
                        .get(word.range.start)
                        .is_none_or(|&b| b < 0x80 && !b.is_ascii_lowercase())
                {
                    continue;
                }
                let Some(range) = rare_candidate(prose, word.range) else {
                    continue;
                };
                let text = range.slice(prose);
                let english = engine.english();
                let common = if text.is_ascii() {
                    english.is_common_lowercase(text.as_bytes())
                } else {
                    english.is_common(text)
                };
                // A letter three times running is a placeholder or a cry ("xxxxx", "sooo").
                if common
                    || text
                        .as_bytes()
                        .windows(3)
                        .any(|w| w[0] == w[1] && w[1] == w[2])
                    || overlaps_any(&hits, range)
                    || overlaps_range(&lexicon, range)
                    || allowed(text)
                    || ticket_words.as_ref().is_some_and(|t| t.contains(text))
                {
                    continue;
                }
                // The customer's word in another form ("prorated" for their "proration") or
                // spelling ("coeliac" for their "celiac").
                if let Some(ticket) = ticket_prose {
                    let stems = ticket_stems.get_or_insert_with(|| {
                        let mut stems = HashSet::new();
                        let mut buf = String::new();
                        crate::words::for_each_word(ticket, |start, end| {
                            if let Some(w) = ticket.get(start..end)
                                && w.len() >= 3
                            {
                                stems.insert(spelling_stem(w, &mut buf));
                            }
                        });
                        stems
                    });
                    if stems.contains(&spelling_stem(text, &mut buf)) {
                        continue;
                    }
                }
                rare_hits.push(JargonHit {
                    range,
                    kind: HitKind::Rare,
                    explained: explained_here(engine, prose, range, sentence.range)
                        || glossed_next(range),
                });
            }
        }
        // A word explained at one use is explained at the others.
        let mut explained_words: HashSet<String> = HashSet::new();
        for h in rare_hits.iter().filter(|h| h.explained) {
            explained_words.insert(h.range.slice(prose).to_lowercase());
        }
        for h in &mut rare_hits {
            if explained_words.contains(&h.range.slice(prose).to_lowercase()) {
                h.explained = true;
            }
        }
        settle_late_explanations(draft, &mut rare_hits, |h| match h.kind {
            HitKind::Rare => Some(h.range.slice(prose).to_lowercase()),
            _ => None,
        });
        if !rare_hits.is_empty() {
            hits.extend(rare_hits);
            hits.sort_by_key(|h| h.range);
        }
    }
    hits
}

/// A word's stem with British and American spellings levelled, before and after stemming
/// ("unsanforised" and "unsanforized", "coeliac" and "celiac" share one).
fn spelling_stem(word: &str, buf: &mut String) -> String {
    let key = crate::rarity::spelling_key(word);
    crate::rarity::spelling_key(&crate::analysis::stem(&key, buf))
}

/// The fewest letters of a word the rarity signal looks at: shorter uncommon words are
/// mostly abbreviations and clipped words ("thx", "config"), and acronyms are judged apart.
const RARE_MIN_LETTERS: usize = 5;

/// A word the rarity signal may judge, without a possessive ending: lowercase letters only
/// (a capital marks a name, a product or the start of a sentence, which may be either), at
/// least [`RARE_MIN_LETTERS`] of them, and not part of an address, a path, a handle or an
/// identifier ("evri.com", "/feedsync", "@shop", "#refund", "wp_cron").
fn rare_candidate(prose: &str, range: TextRange) -> Option<TextRange> {
    let word = range.slice(prose);
    let core = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word);
    let letters = if core.bytes().all(|b| b.is_ascii_lowercase()) {
        core.len()
    } else if core.chars().all(|c| c.is_alphabetic() && c.is_lowercase()) {
        core.chars().count()
    } else {
        return None;
    };
    if letters < RARE_MIN_LETTERS {
        return None;
    }
    let joins = |c: char| {
        matches!(
            c,
            '.' | '/' | '\\' | '@' | '#' | '_' | '=' | '&' | '~' | ':'
        )
    };
    let before = prose.get(..range.start)?.chars().next_back();
    let mut after = prose.get(range.start + core.len()..)?.chars();
    let next = after.next();
    if before.is_some_and(joins)
        || next.is_some_and(|c| {
            matches!(c, '/' | '\\' | '@' | '_' | '=' | '&')
                || (matches!(c, '.' | ':') && after.next().is_some_and(char::is_alphanumeric))
        })
    {
        return None;
    }
    Some(TextRange::new(range.start, range.start + core.len()))
}

/// Every code-token pattern's matches in `prose`, as each pattern's own `find_iter` finds
/// them, ordered by where they start (then by pattern). Rather than scanning the text once a
/// pattern, one search of all of them together finds the next place any of them matches; each
/// pattern is then tried at that place alone, unless its previous match is still going on
/// there.
fn code_token_candidates<'e, 'p>(
    engine: &'e Engine,
    prose: &'p str,
) -> Vec<(crate::pattern::Match<'p>, &'e str)> {
    let Some(starts) = &engine.code_token_starts else {
        return code_token_candidates_one_by_one(engine, prose);
    };
    let mut out = Vec::new();
    // Per pattern: where its next match may start (the end of its last one).
    let mut resume = vec![0usize; engine.code_tokens.len()];
    let mut from = 0;
    while let Some(at) = starts.next(prose, from) {
        for ((name, regex), resume) in engine.code_tokens.iter().zip(resume.iter_mut()) {
            if at < *resume {
                continue;
            }
            let Some(m) = regex.find_at_start(prose, at) else {
                continue;
            };
            if m.is_empty() {
                // As `find_iter` does, the next match starts past an empty one.
                *resume = at + 1;
                continue;
            }
            *resume = m.end();
            out.push((m, name.as_str()));
        }
        from = at
            + prose
                .get(at..)
                .and_then(|t| t.chars().next())
                .map_or(1, char::len_utf8);
    }
    out
}

/// [`code_token_candidates`] the slow way, one scan a pattern: used when the patterns could
/// not be compiled together, and to test the fast way against.
fn code_token_candidates_one_by_one<'e, 'p>(
    engine: &'e Engine,
    prose: &'p str,
) -> Vec<(crate::pattern::Match<'p>, &'e str)> {
    let mut out: Vec<_> = engine
        .code_tokens
        .iter()
        .flat_map(|(name, regex)| regex.find_iter(prose).map(move |m| (m, name.as_str())))
        .filter(|(m, _)| !m.is_empty())
        .collect();
    out.sort_by_key(|(m, _)| m.start());
    out
}

/// Whether a word is shaped like an acronym: two to six letters, mostly capitals ("AML",
/// "SoF", "eGFR"), and at most three digits ("SA100", "FOGRA39"). Four digits or more make an
/// identifier (a flight "KL1029", a model number), and a word with as many small letters as
/// capitals is a name ("WiFi").
fn looks_like_acronym(core: &str) -> bool {
    // Six letters and three digits at most: a longer word is none.
    if core.len() > 9 {
        return false;
    }
    let (mut caps, mut small, mut digits) = (0usize, 0usize, 0usize);
    for b in core.bytes() {
        if b.is_ascii_uppercase() {
            caps += 1;
        } else if b.is_ascii_lowercase() {
            small += 1;
        } else if b.is_ascii_digit() {
            digits += 1;
        } else {
            return false;
        }
    }
    if !((2..=6).contains(&(caps + small)) && caps >= 2 && caps > small && digits <= 3) {
        return false;
    }
    // A digit between letters in a longer word makes a reference, not an acronym: a booking
    // code "QX7TRE", against "B2B" or "P2P".
    let inner_digit = core.len() >= 5
        && core
            .trim_matches(|c: char| c.is_ascii_digit())
            .contains(|c: char| c.is_ascii_digit());
    !inner_digit
}

/// Terms that contain this term as whole words, or that it contains.
fn related_terms(engine: &Engine, index: usize) -> Vec<usize> {
    let Some(own) = engine.term_words.get(index) else {
        return Vec::new();
    };
    let within = |small: &[String], big: &[String]| {
        !small.is_empty() && small.len() < big.len() && big.windows(small.len()).any(|w| w == small)
    };
    engine
        .term_words
        .iter()
        .enumerate()
        .filter(|(i, theirs)| *i != index && (within(own, theirs) || within(theirs, own)))
        .map(|(i, _)| i)
        .collect()
}

fn term_spellings_match(engine: &Engine, index: usize, found: &str) -> bool {
    let Some(term) = engine.terms.get(index) else {
        return false;
    };
    found == term.term || engine.term_spellings(index).any(|s| s == found)
}

/// The kind named for an internal system's name.
const INTERNAL_NAME: &str = "the name of an internal system";

/// A hyphenated coinage, perhaps with one more noun, before the name of a system part:
/// "SKU-graph resolver", "Tier-B quota pool", "issuer-side risk rule". Everyday compounds
/// with numbers ("the 14-day rule") are left alone.
fn internal_names(engine: &Engine, prose: &str) -> Vec<TextRange> {
    let coined = |t: &str| coined(engine, t);
    let is_part = |t: &str| is_system_part(engine, t);
    let clean = |from: usize, to: usize| only_words_between(prose, from, to);
    // A token is a run of letters, digits, hyphens and underscores. Every coinage holds a
    // hyphen, so the search starts from the hyphens rather than from every token.
    let is_tok = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let token_around = |at: usize| -> TextRange {
        let start = prose[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_tok(c))
            .last()
            .map_or(at, |(i, _)| i);
        let end = prose[at..]
            .char_indices()
            .find(|&(_, c)| !is_tok(c))
            .map_or(prose.len(), |(i, _)| at + i);
        TextRange::new(start, end)
    };
    let next_token = |from: usize| -> Option<TextRange> {
        let (i, _) = prose
            .get(from..)?
            .char_indices()
            .find(|&(_, c)| is_tok(c))?;
        Some(token_around(from + i))
    };
    // (the part's start, the name), one per part, in the order the parts come.
    let mut found: Vec<(usize, TextRange)> = Vec::new();
    let mut seen_to = 0;
    for (at, _) in prose.match_indices('-') {
        if at < seen_to {
            continue;
        }
        let coinage = token_around(at);
        seen_to = coinage.end;
        if !coined(coinage.slice(prose)) {
            continue;
        }
        let Some(first) = next_token(coinage.end) else {
            continue;
        };
        if is_part(first.slice(prose)) && clean(coinage.end, first.start) {
            found.push((first.start, TextRange::new(coinage.start, first.end)));
        }
        let Some(second) = next_token(first.end) else {
            continue;
        };
        // Only words between: a nearer coinage would break `clean`, and names the part itself.
        if is_part(second.slice(prose)) && clean(coinage.end, second.start) {
            found.push((second.start, TextRange::new(coinage.start, second.end)));
        }
    }
    found.sort_by_key(|&(part, _)| part);
    found.dedup_by_key(|&mut (part, _)| part);
    found.into_iter().map(|(_, name)| name).collect()
}

/// A hyphenated coinage of two alphabetic halves ("SKU-graph", "fan-in"), unless its first
/// half opens everyday compounds ("third-party", "built-in").
fn coined(engine: &Engine, token: &str) -> bool {
    let mut parts = token.split('-');
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    [a, b]
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic))
        && !engine
            .everyday_prefixes
            .iter()
            .any(|e| e.eq_ignore_ascii_case(a))
}

/// Whether a word names a part of a system ("resolver", "relays").
fn is_system_part(engine: &Engine, token: &str) -> bool {
    let singular = token.strip_suffix(['s', 'S']).unwrap_or(token);
    engine
        .system_parts
        .iter()
        .any(|p| p.eq_ignore_ascii_case(token) || p.eq_ignore_ascii_case(singular))
}

/// Whether only words stand between two offsets: no punctuation between a coinage and the
/// part it names.
fn only_words_between(prose: &str, from: usize, to: usize) -> bool {
    prose
        .get(from..to)
        .is_some_and(|b| b.chars().all(|c| c.is_alphanumeric() || c.is_whitespace()))
}

/// Whether the words of a term ("port 465") are all words the customer used ("which port").
fn customer_words(ticket: &WordsCi<'_>, found: &str) -> bool {
    let mut words = found
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .peekable();
    words.peek().is_some() && words.all(|w| ticket.contains(w))
}

/// The kind named for a function written into prose.
const FUNCTION_CALL: &str = "a function call";

/// Function calls written into prose: a name straight before "()" ("PHP mail()", "fetch()").
fn function_calls(prose: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    // A search for the one byte `(` is much faster than one for the two-byte string `()`.
    for (at, _) in prose.match_indices('(') {
        if prose.as_bytes().get(at + 1) != Some(&b')') {
            continue;
        }
        let before = prose.get(..at).unwrap_or("");
        let name_len = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
            .map(char::len_utf8)
            .sum::<usize>();
        let name = &before[before.len() - name_len..];
        if name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            out.push(TextRange::new(at - name_len, at + 2));
        }
    }
    out
}

/// Whether a token continues a web address written without "https://" ("evri.com/track/…").
fn after_domain(prose: &str, range: TextRange) -> bool {
    let before = prose.get(..range.start).unwrap_or("");
    let token = before
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("")
        .trim_start_matches(['(', '"', '“', '\'']);
    token.contains('.')
        && token.ends_with(|c: char| c.is_ascii_alphanumeric())
        && token
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// Whether the text after a term opens brackets holding a detail rather than an explanation:
/// a number, a version, a date, a code or a reference ("a hotfix (build 5.8.2)", "(ref.
/// TR-88120)", "(D2392)").
/// Whether the text before a term ends with a preposition and perhaps a determiner ("the
/// light on your", "a change in the"), so the term is the object of that preposition.
fn governed_by_preposition(before: Option<&str>) -> bool {
    const PREPOSITIONS: &[&str] = &[
        "on", "in", "of", "at", "from", "to", "with", "by", "for", "into", "onto", "through",
        "under", "over", "via", "about", "behind", "inside",
    ];
    const DETERMINERS: &[&str] = &[
        "the", "a", "an", "your", "our", "their", "my", "his", "her", "its", "this", "that",
    ];
    let Some(before) = before else {
        return false;
    };
    let mut words = before
        .split_whitespace()
        .rev()
        .map(|w| w.to_ascii_lowercase());
    let Some(mut last) = words.next() else {
        return false;
    };
    if DETERMINERS.contains(&last.as_str()) {
        let Some(previous) = words.next() else {
            return false;
        };
        last = previous;
    }
    PREPOSITIONS.contains(&last.as_str())
}

fn detail_in_brackets(tail: &str) -> bool {
    let Some(inside) = tail.trim_start().strip_prefix('(') else {
        return false;
    };
    let inside = inside.split(')').next().unwrap_or(inside);
    let digits = inside.chars().filter(char::is_ascii_digit).count();
    // "(build 5.8.2)", and a bare code or number: "the CDT code (D2392)".
    digits > 0 && (inside.split_whitespace().count() >= 2 || digits >= 3)
}

/// A term explained soon after its first use ("the difference between AER and the gross rate.
/// … AER shows what you'd earn") was explained for the reader: earlier uses in the same
/// paragraph, or up to two sentences before, count as explained too.
fn settle_late_explanations(
    draft: &TextAnalysis<'_>,
    hits: &mut [JargonHit],
    family: impl Fn(&JargonHit) -> Option<String>,
) {
    let sentence_index = |offset: usize| draft.sentences.partition_point(|s| s.range.end <= offset);
    let block_of = |offset: usize| draft.sentences.get(sentence_index(offset)).map(|s| s.block);
    // Where each family is explained, in order (hits are in order within their kind).
    let mut explained: HashMap<String, Vec<usize>> = HashMap::new();
    for h in hits.iter().filter(|h| h.explained) {
        if let Some(f) = family(h) {
            explained.entry(f).or_default().push(h.range.start);
        }
    }
    if explained.is_empty() {
        return;
    }
    for positions in explained.values_mut() {
        positions.sort_unstable();
    }
    for hit in hits.iter_mut().filter(|h| !h.explained) {
        let Some(positions) = family(hit).and_then(|f| explained.get(&f)) else {
            continue;
        };
        let at = hit.range.start;
        // The nearest explanation after this use decides.
        let Some(&later) = positions.get(positions.partition_point(|&p| p <= at)) else {
            continue;
        };
        hit.explained =
            block_of(later) == block_of(at) || sentence_index(later) <= sentence_index(at) + 2;
    }
}

/// Whether a range overlaps any of `ranges` (in any order).
fn overlaps_range(ranges: &[TextRange], range: TextRange) -> bool {
    ranges.iter().any(|r| r.overlaps(range))
}

/// `contains_word`, ignoring ASCII case ("php" in the ticket is "PHP" in the draft).
/// The words of a text, for asking whether it holds a word in any ASCII case. The text is
/// split once, on first use, however many words are asked about.
struct WordsCi<'a> {
    text: &'a str,
    words: std::cell::OnceCell<HashSet<String>>,
}

impl<'a> WordsCi<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            words: std::cell::OnceCell::new(),
        }
    }

    /// Whether `word` is one of the text's words, ignoring ASCII case. A `word` holding a
    /// character that splits words (a space, a hyphen) is never one of them.
    fn contains(&self, word: &str) -> bool {
        self.words
            .get_or_init(|| {
                self.text
                    .split(|c: char| !is_word_char(c))
                    .filter(|w| !w.is_empty())
                    .map(str::to_ascii_lowercase)
                    .collect()
            })
            .contains(&word.to_ascii_lowercase())
    }
}

/// Whether a range overlaps any hit; `hits` is sorted by start and non-overlapping.
fn overlaps_any(hits: &[JargonHit], range: TextRange) -> bool {
    let i = hits.partition_point(|h| h.range.end <= range.start);
    hits.get(i).is_some_and(|h| h.range.overlaps(range))
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_word_char) && !after.is_some_and(|c| is_word_char(c) && c != 's')
    })
}

/// Sentences written mostly in capitals (shouting, headings in caps): their words are not acronyms.
fn shouting_sentences(a: &TextAnalysis<'_>) -> HashSet<usize> {
    let mut out = HashSet::new();
    for (i, s) in a.sentences.iter().enumerate() {
        let words = a.sentence_words(s);
        let caps = words
            .iter()
            .filter(|w| {
                let t = w.range.slice(&a.view.masked);
                t.len() >= 2 && t.chars().all(|c| !c.is_lowercase())
            })
            .count();
        if words.len() >= 3 && caps * 2 > words.len() {
            out.insert(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::config::Audience;
    use crate::packs::Engine;
    use crate::rules::testing::flagged;
    use crate::text::TextRange;

    fn jargon(ticket: Option<&str>, draft: &str, audience: Audience) -> Vec<String> {
        flagged("jargon", ticket, draft, audience)
    }

    #[test]
    fn a_term_this_audience_knows_is_not_an_unknown_acronym_either() {
        // "HTML" and "CSV" are lexicon terms a general reader knows.
        assert!(
            jargon(
                None,
                "Export it as HTML or as a CSV file.",
                Audience::General
            )
            .is_empty()
        );
        // The customer wrote "php": "PHP" is their word.
        assert!(
            jargon(
                Some("how do i change the php version?"),
                "Open Settings and pick a newer PHP version.",
                Audience::General
            )
            .is_empty()
        );
        // A term made only of the customer's own words: they asked "which port".
        assert!(
            jargon(
                Some("Which server and which port do I use?"),
                "Use mail.example.com, port 465.",
                Audience::General
            )
            .is_empty()
        );
    }

    #[test]
    fn internal_system_names_are_flagged_for_every_audience() {
        for audience in [Audience::General, Audience::Technical] {
            assert_eq!(
                jargon(
                    None,
                    "Writes go through the SKU-graph resolver first, then the fan-in relay.",
                    audience
                ),
                ["SKU-graph resolver", "fan-in relay"]
            );
        }
        // Everyday hyphenated words and numbers are not system names.
        assert!(
            jargon(
                None,
                "The 14-day rule applies, and a follow-up email is on its way.",
                Audience::Technical
            )
            .is_empty()
        );
        assert!(
            jargon(
                None,
                "Our anti-spam rule and the built-in proxy both stay on.",
                Audience::Technical
            )
            .is_empty()
        );
    }

    #[test]
    fn function_calls_in_prose_are_code() {
        assert_eq!(
            jargon(
                None,
                "Your site still sends through mail() from the old host.",
                Audience::General
            ),
            ["mail()"]
        );
    }

    #[test]
    fn a_bracketed_number_is_a_detail_not_an_explanation() {
        assert_eq!(
            jargon(
                None,
                "A hotfix (build 5.8.2) is on its way.",
                Audience::General
            ),
            ["hotfix"]
        );
        assert!(
            jargon(
                None,
                "A hotfix (a small urgent update) is on its way.",
                Audience::General
            )
            .is_empty()
        );
    }

    #[test]
    fn which_is_why_explains_nothing() {
        assert_eq!(
            jargon(
                None,
                "The display pairs over the HAN, which is why it shows no connection.",
                Audience::General
            ),
            ["HAN"]
        );
    }

    #[test]
    fn an_explanation_in_the_next_sentence_counts_for_the_first_use() {
        let draft = "Compare AER with the gross rate. AER shows what you would earn over a year.";
        assert!(jargon(None, draft, Audience::General).is_empty());
    }

    #[test]
    fn acronyms_in_mixed_case_and_with_digits() {
        assert!(super::looks_like_acronym("AML"));
        assert!(super::looks_like_acronym("SoF"));
        assert!(super::looks_like_acronym("eGFR"));
        assert!(super::looks_like_acronym("FOGRA39"));
        assert!(super::looks_like_acronym("SA100"));
        // Identifiers, names and words.
        assert!(!super::looks_like_acronym("KL1029"));
        assert!(!super::looks_like_acronym("WiFi"));
        assert!(!super::looks_like_acronym("Hello"));
        assert!(!super::looks_like_acronym("P45"));
        assert_eq!(
            jargon(
                None,
                "We need SoF documents, and your eGFR came back fine. Flight KL1029 lands at 6pm.",
                Audience::General
            ),
            ["SoF", "eGFR"]
        );
        // iOS is a name, not an acronym to explain.
        assert!(
            jargon(
                None,
                "Update your iPhone to the latest iOS.",
                Audience::General
            )
            .is_empty()
        );
    }

    #[test]
    fn everyday_words_that_spell_an_acronym_are_not_flagged() {
        assert!(
            jargon(
                None,
                "You can swop your ticket for a later date, and it took hours of toil to sow the new seeds, the cop said.",
                Audience::General
            )
            .is_empty()
        );
        assert_eq!(
            jargon(
                None,
                "Your TOIL balance and the SoF documents are in the portal.",
                Audience::General
            ),
            ["TOIL", "SoF"]
        );
    }

    #[test]
    fn a_word_to_text_or_type_is_not_jargon() {
        assert!(
            jargon(
                None,
                "Text PAC to 65075 from your phone, or reply STOP to opt out.",
                Audience::General
            )
            .is_empty()
        );
    }

    #[test]
    fn glosses_in_everyday_forms_explain_a_term() {
        for draft in [
            "Your inverter — the box in your loft that turns sunlight into power — has switched off.",
            "Your inverter, i.e. the box in your loft, has switched off.",
            "Your inverter (that's the box in your loft) has switched off.",
            "Your inverter has switched off. The inverter is the box in your loft that turns sunlight into power.",
            "The box in your loft, known as an inverter, has switched off.",
            "Your inverter, the box in your loft that turns sunlight into power, has switched off.",
            "It looks like a fault in your inverter. This is the box in your loft that turns sunlight into power.",
            "It looks like a fault in your inverter. It's basically a box in your loft that turns sunlight into power.",
        ] {
            assert!(jargon(None, draft, Audience::General).is_empty(), "{draft}");
        }
        assert_eq!(
            jargon(None, "Your inverter has switched off.", Audience::General),
            ["inverter"]
        );
        // Pointing at a name is not explaining it.
        assert_eq!(
            jargon(
                None,
                "Paste it as a new DKIM record. That's the name their settings page uses.",
                Audience::General
            ),
            ["DKIM record"]
        );
    }

    #[test]
    fn more_everyday_gloss_forms_explain_a_term() {
        for draft in [
            "Teachers post it on the VLE (short for virtual learning environment).",
            "Teachers post it on the VLE, short for virtual learning environment: the homework website.",
            "Your line is on CGNAT – which is a setup where several homes share one address.",
            "Your line uses a setup where homes share one address, also called CGNAT.",
            "Each order reaches us through what we call a webhook: a message your shop sends us.",
            "The bank raised a chargeback, meaning the customer disputed the payment.",
            "Check the cable into your ONT, that's the white box by your front door.",
            "The money comes as a SEPA transfer, the standard way to send euros between banks.",
            "You'll need to set up port forwarding. In other words, you tell your router which device gets outside calls.",
            "The engine control unit, or ECU for short, needs an update.",
            "Your ONT is like a modem for fibre, so leave it switched on.",
            "Restart your ONT – think of it as the fibre version of a modem.",
            "Check your ONT: that's the white box where the fibre comes in.",
            "Restart your ONT – it's the white box where the fibre comes in.",
            "Restart your ONT. Think of it as the fibre version of a modem.",
            "Demurrage is when the port charges for a container left there too long.",
        ] {
            assert!(jargon(None, draft, Audience::General).is_empty(), "{draft}");
        }
    }

    #[test]
    fn what_looks_like_a_gloss_but_is_not_one() {
        // The light means something; the ONT is only where it sits.
        assert_eq!(
            jargon(
                None,
                "The red light on your ONT means the signal isn't reaching it.",
                Audience::General
            ),
            ["ONT"]
        );
        // The term is the subject: its own verb defines it.
        assert!(
            jargon(
                None,
                "Your ONT is the white box by your front door where the fibre comes in.",
                Audience::General
            )
            .is_empty()
        );
        // An appositive that only points at which one is meant.
        assert_eq!(
            jargon(
                None,
                "We returned your SEPA transfer, the one from Monday, this morning.",
                Audience::General
            ),
            ["SEPA transfer"]
        );
        // "Like" that compares what the reader does, not what the term is.
        assert_eq!(
            jargon(
                None,
                "Restart your ONT like you did last week.",
                Audience::General
            ),
            ["ONT"]
        );
        // A dash that goes on with the reply, not with the term.
        assert_eq!(
            jargon(
                None,
                "Restart your ONT – it should come back within five minutes.",
                Audience::General
            ),
            ["ONT"]
        );
        // "Is when" that gives a time, not a definition.
        assert_eq!(
            jargon(
                None,
                "The demurrage deadline is when we need the payment by.",
                Audience::General
            ),
            ["demurrage"]
        );
        // A next sentence that moves on explains nothing.
        assert_eq!(
            jargon(
                None,
                "You'll need to set up port forwarding. In the meantime, restart the camera.",
                Audience::General
            ),
            ["port forwarding"]
        );
    }

    #[test]
    fn an_uncommon_word_is_jargon_for_a_general_reader() {
        let draft = "Your jeans are cut from selvedge denim, so expect them to shrink a little.";
        assert_eq!(jargon(None, draft, Audience::General), ["selvedge"]);
        assert_eq!(jargon(None, draft, Audience::Novice), ["selvedge"]);
        // A technical reader is not told about words, only about terms and internal names.
        assert!(jargon(None, draft, Audience::Technical).is_empty());
        // Possessives (straight and curly), emoji beside the word, CRLF line ends.
        for draft in [
            "Check the selvedge's edge before you wash them.",
            "Check the selvedge’s edge before you wash them.",
            "They are selvedge👖 jeans, so wash them cold.",
            "Hi Sam,\r\n\r\nThey are selvedge jeans,\r\nso wash them cold.\r\n",
        ] {
            assert_eq!(
                jargon(None, draft, Audience::General),
                ["selvedge"],
                "{draft}"
            );
        }
    }

    #[test]
    fn what_the_rarity_signal_leaves_alone() {
        for draft in [
            // Common words, their inflections, British and American spellings, accents.
            "We've organised a replacement and the colours will match; the café reopens today.",
            "I rebooked your flight, unplugged the router and scanned the barcode at the helpdesk.",
            // Names and products: capitalised, wherever they stand.
            "Your Selvedge order ships from our Stackforge warehouse with Zoë.",
            "Selvedge jeans are hard-wearing.",
            // Placeholders and drawn-out words.
            "Your reference is xxxxxxxx and it's sooooo close now.",
            // Short words, words with digits, addresses, paths, handles and code.
            "Run cron at 5pm, see shop.selvedge.com or /selvedge/denim, ask @selvedge, or use `selvedge`.",
            // Explained where it is used.
            "They are selvedge (a tightly woven edge that stops fraying) jeans.",
        ] {
            let found = jargon(None, draft, Audience::General);
            assert!(
                !found.iter().any(|f| f.eq_ignore_ascii_case("selvedge")
                    || [
                        "rebooked",
                        "unplugged",
                        "barcode",
                        "helpdesk",
                        "organised",
                        "café"
                    ]
                    .contains(&f.as_str())),
                "{draft}: {found:?}"
            );
        }
        // The customer's own word, in another form or another country's spelling.
        assert!(
            jargon(
                Some("Are these selvedge jeans?"),
                "Yes, all our jeans have a selvedge.",
                Audience::General
            )
            .is_empty()
        );
        assert!(
            jargon(
                Some("My daughter has celiac disease."),
                "I understand how serious coeliac disease is.",
                Audience::General
            )
            .is_empty()
        );
        assert_eq!(
            jargon(
                None,
                "I understand how serious coeliac disease is.",
                Audience::General
            ),
            ["coeliac"]
        );
        // A word the config allows.
        let engine = Engine::embedded().expect("shipped packs load");
        let mut settings = crate::config::Settings::default();
        settings.allow.insert("selvedge".into());
        let doc = crate::document::Document::parse(
            "Our jeans are selvedge denim.",
            crate::document::Format::Markdown,
            engine,
            false,
        );
        let draft =
            crate::analysis::TextAnalysis::new("Our jeans are selvedge denim.", &doc.draft, engine);
        assert!(super::find(engine, &settings, &draft, &Default::default(), None).is_empty());
    }

    #[test]
    fn an_uncommon_word_again_is_a_hint() {
        let found = crate::rules::testing::findings(
            "jargon",
            None,
            "Selvedge aside, our selvedge denim is woven with a selvedge edge.",
            Audience::General,
        );
        let severities: Vec<_> = found.iter().map(|d| d.severity).collect();
        assert_eq!(
            severities,
            [
                crate::diagnostic::Severity::Info,
                crate::diagnostic::Severity::Hint
            ]
        );
    }

    #[test]
    fn a_booking_code_is_not_an_acronym() {
        assert!(!super::looks_like_acronym("QX7TRE"));
        assert!(!super::looks_like_acronym("AB3CD"));
        assert!(super::looks_like_acronym("B2B"));
        assert!(super::looks_like_acronym("SMETS2"));
        assert!(super::looks_like_acronym("COVID19"));
        assert!(
            jargon(
                None,
                "Your booking reference is QX7TRE; keep it for check-in.",
                Audience::General
            )
            .is_empty()
        );
    }

    #[test]
    fn a_web_address_without_its_scheme_is_not_a_file_path() {
        assert!(
            jargon(
                None,
                "Track it at evri.com/track/H01A2B3C4D5E6F until it arrives.",
                Audience::General
            )
            .is_empty()
        );
    }

    /// The first version of `internal_names`: every token, in order, with the two before it.
    /// The predicates are shared; what is compared is the walk over the tokens.
    fn internal_names_reference(engine: &Engine, prose: &str) -> Vec<TextRange> {
        let coined = |t: &str| super::coined(engine, t);
        let is_part = |t: &str| super::is_system_part(engine, t);
        let clean = |from: usize, to: usize| super::only_words_between(prose, from, to);
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in prose.char_indices().chain([(prose.len(), ' ')]) {
            let part = c.is_alphanumeric() || c == '-' || c == '_';
            match (part && i < prose.len(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    tokens.push((s, &prose[s..i]));
                    start = None;
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for (k, &(at, token)) in tokens.iter().enumerate() {
            if !is_part(token) {
                continue;
            }
            let before = [k.checked_sub(1), k.checked_sub(2)];
            for (c_at, c_tok) in before.into_iter().flatten().map(|j| tokens[j]) {
                if coined(c_tok) && clean(c_at + c_tok.len(), at) {
                    out.push(TextRange::new(c_at, at + token.len()));
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn internal_names_in_context() {
        let engine = Engine::embedded().expect("shipped packs load");
        let names = |text: &str| -> Vec<String> {
            super::internal_names(engine, text)
                .into_iter()
                .map(|r| r.slice(text).to_string())
                .collect()
        };
        assert_eq!(
            names("the SKU-graph resolver failed"),
            ["SKU-graph resolver"]
        );
        assert_eq!(
            names("our Tier-B quota pool, and the fan-in relay."),
            ["Tier-B quota pool", "fan-in relay"]
        );
        // Each part names its nearest coinage; a longer name follows a shorter one.
        assert_eq!(
            names("the hx-runtime resolver pool"),
            ["hx-runtime resolver", "hx-runtime resolver pool"]
        );
        assert!(names("the 14-day rule, a well-known service").is_empty());
        assert!(names("the SKU-graph, resolver").is_empty());
        assert!(names("Zoë’s café-bar résumé 👋 sku-graph resolver").len() == 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn internal_names_match_the_token_by_token_reading(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "SKU-graph", "fan-in", "Tier-B", "hx-runtime", "14-day", "well-known",
                    "re-run", "a-b-c", "-x", "x-", "resolver", "relay", "pool", "engines",
                    "quota", "the", "our", "café-bar", "naïve", "_", "é-é",
                ]),
                0..12,
            ),
            seps in proptest::collection::vec(
                proptest::sample::select(vec![" ", "  ", ", ", ". ", "\n", "—", "(", " 👋 ", "’"]),
                12,
            ),
        ) {
            let engine = Engine::embedded().expect("shipped packs load");
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            proptest::prop_assert_eq!(
                super::internal_names(engine, &text),
                internal_names_reference(engine, &text),
                "{:?}", text
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn code_tokens_found_together_match_each_pattern_found_alone(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "wp_config", "WP_DEBUG", "getUserName", "MyCoolWidgetThing", "/var/log/x.log",
                    "../a/b", "C:\\Temp\\x", "setup.php", ".htaccess", "--force", "-v",
                    "0xDEADBEEF", "ECONNREFUSED", "ERR_SSL", "a_b_c_", "x", "the", "é", "👋",
                    "iPhone", "_", "/", "-", ".", "(", ")", "__init__", "v2_api_key",
                ]),
                0..14,
            ),
            seps in proptest::collection::vec(
                proptest::sample::select(vec!["", " ", "  ", "\n", "(", ") ", ". ", ", ", "/", "-", "’", "\r\n"]),
                14,
            ),
        ) {
            let engine = Engine::embedded().expect("shipped packs load");
            let mut text = String::new();
            for (p, s) in pieces.iter().zip(&seps) {
                text.push_str(p);
                text.push_str(s);
            }
            let found = |c: Vec<(crate::pattern::Match<'_>, &str)>| -> Vec<(usize, usize, String)> {
                c.into_iter().map(|(m, n)| (m.start(), m.end(), n.to_string())).collect()
            };
            proptest::prop_assert!(engine.code_token_starts.is_some());
            proptest::prop_assert_eq!(
                found(super::code_token_candidates(engine, &text)),
                found(super::code_token_candidates_one_by_one(engine, &text)),
                "{:?}", text
            );
        }
    }
}
