//! Compiled pack patterns: the regex crate's own meta engine, configured for start-up time.
//!
//! Compiling the shipped packs' patterns is most of tactful's start-up, and start-up is what a
//! language server's first diagnostics and a pre-send check wait for. The `regex` crate's
//! `Regex` always extracts literal prefilters from a pattern; for the packs' large
//! case-insensitive alternations that extraction is about 40% of compiling, while searching
//! with them runs as fast without a prefilter (measured with the shipped cue patterns over
//! `../shared/corpus/small`). So patterns are built with `regex_automata::meta` directly, with
//! no capture groups and a prefilter only where the caller asks (patterns scanned over whole
//! texts, such as placeholders and code tokens, gain from one), behind the small part of
//! `regex::Regex`'s interface tactful uses.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, hybrid, meta};
use thread_local::ThreadLocal;

/// How a pattern is compiled.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    pub(crate) case_insensitive: bool,
    /// The compiled program's size limit, in bytes.
    pub(crate) size_limit: usize,
    /// The lazy DFA's cache per pattern and thread, in bytes.
    pub(crate) dfa_size_limit: usize,
    /// How deeply groups and repetitions may nest.
    pub(crate) nest_limit: u32,
    /// Whether to look for a literal prefilter: worth it for patterns run over whole texts
    /// that start with rare literals (`{{`, `TODO`, `://`), not for cue alternations run on
    /// short sentences.
    pub(crate) prefilter: bool,
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Regex(Inner);

#[derive(Clone, Debug)]
enum Inner {
    /// The regex crate's meta engine: finds where matches start and end.
    Full(Arc<Full>),
    /// A forward lazy DFA only, for patterns that are only asked whether they match.
    MatchOnly(Arc<Forward>),
    /// Compiled on first use ([`Regex::deferred`]).
    Deferred(Arc<Deferred>),
    /// Compiled on first use by a given builder ([`Regex::lazy`]).
    Lazy(Arc<Lazy>),
}

/// A pattern built on first use, or when [`compile_now`] is asked, by the builder it was
/// given (a match-only one, say, where [`Deferred`] always builds the full regex).
struct Lazy {
    source: String,
    build: fn(&str) -> Result<Regex, regex::Error>,
    compiled: OnceLock<Option<Regex>>,
}

impl Lazy {
    fn regex(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| (self.build)(&self.source).ok())
            .as_ref()
    }
}

impl std::fmt::Debug for Lazy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lazy")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// A pattern not compiled until it is first used, or until [`compile_now`] is asked.
struct Deferred {
    source: String,
    options: Options,
    full: OnceLock<Option<Full>>,
}

impl Deferred {
    fn full(&self) -> Option<&Full> {
        self.full
            .get_or_init(|| build_meta(&self.source, self.options).ok().map(Full::new))
            .as_ref()
    }
}

impl std::fmt::Debug for Deferred {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deferred")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// Compiles every deferred or lazy pattern among `regexes` that is not compiled yet, side by
/// side on one thread a core, with `first` done on the same threads before any pattern (it is
/// taken to cost more than any one of them).
pub(crate) fn compile_now(regexes: &[&Regex], first: &(dyn Fn() + Sync)) {
    enum Waiting<'a> {
        First,
        Deferred(&'a Deferred),
        Lazy(&'a Lazy),
    }
    let mut waiting: Vec<(usize, Waiting<'_>)> = regexes
        .iter()
        .filter_map(|r| match &r.0 {
            Inner::Deferred(d) if d.full.get().is_none() => {
                Some((d.source.len(), Waiting::Deferred(d)))
            }
            Inner::Lazy(l) if l.compiled.get().is_none() => {
                Some((l.source.len(), Waiting::Lazy(l)))
            }
            _ => None,
        })
        .collect();
    waiting.push((usize::MAX, Waiting::First));
    // The longest first, so the threads finish together rather than one waiting on a long
    // pattern taken last (the costliest shipped cue takes a seventh of the time alone).
    waiting.sort_by_key(|(len, _)| std::cmp::Reverse(*len));
    crate::parallel::map(&waiting, |(_, w)| match w {
        Waiting::First => {
            first();
            true
        }
        Waiting::Deferred(d) => d.full().is_some(),
        Waiting::Lazy(l) => l.regex().is_some(),
    });
}

/// Whether a pattern matches, from one forward lazy DFA. A full regex also compiles the
/// pattern backwards (to find where a match starts); for the cue patterns only ever asked
/// whether a sentence matches, that reverse half was about half of compiling them.
struct Forward {
    dfa: hybrid::dfa::DFA,
    /// Each thread's scratch space for the DFA (its states, built lazily).
    caches: ThreadLocal<RefCell<hybrid::dfa::Cache>>,
    /// The pattern and options, for a full regex should one be asked for after all.
    source: String,
    options: Options,
    full: OnceLock<Option<Full>>,
}

/// A meta regex with each thread's scratch space beside it. The regex crate keeps its own
/// scratch spaces in a pool, which every thread but the first takes from (and gives back to)
/// behind a lock on every search; here each thread finds its own, with no lock, on the path
/// every check runs many times.
struct Full {
    regex: meta::Regex,
    caches: ThreadLocal<RefCell<meta::Cache>>,
}

impl Full {
    fn new(regex: meta::Regex) -> Full {
        Full {
            regex,
            caches: ThreadLocal::new(),
        }
    }

    /// Runs `f` with this thread's scratch space (a fresh one should this thread's be in use
    /// already, which a search inside a search would need).
    fn with_cache<R>(&self, f: impl FnOnce(&meta::Regex, &mut meta::Cache) -> R) -> R {
        let cell = self
            .caches
            .get_or(|| RefCell::new(self.regex.create_cache()));
        match cell.try_borrow_mut() {
            Ok(mut cache) => f(&self.regex, &mut cache),
            Err(_) => f(&self.regex, &mut self.regex.create_cache()),
        }
    }

    fn search(&self, input: &Input<'_>) -> Option<regex_automata::Match> {
        self.with_cache(|regex, cache| regex.search_with(cache, input))
    }

    fn is_match(&self, haystack: &str) -> bool {
        let input = Input::new(haystack).earliest(true);
        self.with_cache(|regex, cache| regex.search_half_with(cache, &input).is_some())
    }

    /// Every successive non-overlapping match, as the regex crate's `find_iter` finds them.
    fn find_all(&self, haystack: &str) -> Vec<regex_automata::Match> {
        self.with_cache(|regex, cache| {
            let mut searcher = regex_automata::util::iter::Searcher::new(Input::new(haystack));
            let mut out = Vec::new();
            while let Some(m) = searcher.advance(|input| Ok(regex.search_with(cache, input))) {
                out.push(m);
            }
            out
        })
    }
}

impl std::fmt::Debug for Full {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.regex.fmt(f)
    }
}

impl std::fmt::Debug for Forward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forward")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl Forward {
    /// The full regex, compiled on first use.
    fn full(&self) -> Option<&Full> {
        self.full
            .get_or_init(|| match build_meta(&self.source, self.options) {
                Ok(regex) => Some(Full::new(regex)),
                _ => None,
            })
            .as_ref()
    }
}

/// One match of a pattern in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    /// Byte offset where the match starts.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset where the match ends.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The byte range of the match.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// Whether the match is empty.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// The matched text.
    pub fn as_str(&self) -> &'h str {
        // The engine runs in UTF-8 mode on a `&str`, so matches fall on char boundaries.
        self.haystack.get(self.start..self.end).unwrap_or("")
    }
}

/// Rewrites a pack pattern into what is compiled:
///
/// - a straight apostrophe also matches a curly one, so `don't` finds `don’t`;
/// - `\b`, `\w`, `\s` and `\d` outside brackets are their ASCII forms. An ASCII `\b` lets
///   the fast DFA engines run (a Unicode one forces the slow engines on every cue), and the
///   Unicode classes, repeated as in `(?:\w+ ){0,3}`, multiply the compiled program's size:
///   ASCII forms cut compiling the shipped packs by about 30%. Inside brackets they stay
///   Unicode.
/// - `\W`, `\S` and `\D` outside brackets are the complements of those ASCII forms, written
///   as classes of whole characters (`[^0-9A-Za-z_]`): a plain `(?-u:\W)` would match half
///   of a character, and Unicode's `\W`, a class of hundreds of ranges, made patterns opening
///   with `^\W*` five times as costly to compile. A letter like "é" is not a word character
///   for `\b` either, so the two stay consistent.
pub(crate) fn prepare(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    // Depth of `[...]`: nested classes (`[a[b]]`) are allowed in Rust regex syntax.
    let mut class_depth = 0usize;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let at_class_start = std::mem::take(&mut class_start);
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                if class_depth == 0 && matches!(next, 'b' | 'w' | 's' | 'd') {
                    out.push_str("(?-u:\\");
                    out.push(next);
                    out.push(')');
                } else if class_depth == 0 && matches!(next, 'W' | 'S' | 'D') {
                    // The complements of the ASCII forms, as classes of whole characters.
                    out.push_str(match next {
                        'W' => "[^0-9A-Za-z_]",
                        'S' => "[^\\t\\n\\x0B\\x0C\\r ]",
                        _ => "[^0-9]",
                    });
                } else {
                    out.push('\\');
                    out.push(next);
                }
            }
            '[' => {
                out.push(c);
                // `[[:alpha:]]`-style names are not nested classes.
                if chars.peek() == Some(&':') && class_depth > 0 {
                    for n in chars.by_ref() {
                        out.push(n);
                        if n == ']' {
                            break;
                        }
                    }
                    continue;
                }
                class_depth += 1;
                class_start = true;
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
            }
            // A `]` first in a class is a literal.
            ']' if class_depth > 0 && !at_class_start => {
                class_depth -= 1;
                out.push(c);
            }
            '\'' if class_depth > 0 => out.push_str("'\u{2019}"),
            '\'' => out.push_str("(?:'|\u{2019})"),
            _ => out.push(c),
        }
    }
    out
}

/// The meta engine's configuration for a pattern under `options`: no capture groups, and a
/// prefilter only when asked.
fn meta_config(options: Options) -> meta::Config {
    meta::Config::new()
        .auto_prefilter(options.prefilter)
        .which_captures(WhichCaptures::Implicit)
        .nfa_size_limit(Some(options.size_limit))
        .hybrid_cache_capacity(options.dfa_size_limit)
}

fn syntax_config(options: Options) -> syntax::Config {
    syntax::Config::new()
        .case_insensitive(options.case_insensitive)
        .nest_limit(options.nest_limit)
}

/// Compiles `pattern` with the meta engine; an error is the engine's message.
fn build_meta(pattern: &str, options: Options) -> Result<meta::Regex, String> {
    meta::Builder::new()
        .configure(meta_config(options))
        .syntax(syntax_config(options))
        .build(pattern)
        .map_err(|e| e.to_string())
}

impl Regex {
    /// Compiles `pattern`. Errors are the `regex` crate's for the same pattern and limits (its
    /// messages point into the pattern), or the engine's own, as a syntax error, in the
    /// unlikely case the `regex` crate accepts what the engine refused.
    pub(crate) fn build(pattern: &str, options: Options) -> Result<Regex, regex::Error> {
        match build_meta(pattern, options) {
            Ok(regex) => Ok(Regex(Inner::Full(Arc::new(Full::new(regex))))),
            Err(error) => {
                let from_regex = regex::RegexBuilder::new(pattern)
                    .case_insensitive(options.case_insensitive)
                    .size_limit(options.size_limit)
                    .dfa_size_limit(options.dfa_size_limit)
                    .nest_limit(options.nest_limit)
                    .build()
                    .err();
                Err(from_regex.unwrap_or(regex::Error::Syntax(error)))
            }
        }
    }

    /// Compiles a pattern written into tactful itself rather than read from a pack: prepared
    /// as pack patterns are ([`prepare`]), case-sensitive unless it says `(?i)`, and built
    /// for [`Regex::is_match`] ([`Regex::build_match_only`]), which is all such patterns are
    /// asked; within the pack patterns' limits.
    pub(crate) fn new(pattern: &str) -> Result<Regex, regex::Error> {
        Regex::build_match_only(
            &prepare(pattern),
            crate::packs::pattern_options(false, false),
        )
    }

    /// Compiles `pattern` for [`Regex::is_match`] alone: one forward lazy DFA, about half
    /// the work of [`Regex::build`]. Asked for matches' positions after all, it compiles the
    /// full regex then. Patterns the forward DFA can't run alone (Unicode word boundaries),
    /// and patterns that fail to compile (for the error), go to [`Regex::build`].
    pub(crate) fn build_match_only(pattern: &str, options: Options) -> Result<Regex, regex::Error> {
        let syntax = syntax_config(options);
        let nfa = thompson::Compiler::new()
            .syntax(syntax)
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(options.size_limit))
                    .which_captures(WhichCaptures::None),
            )
            .build(pattern);
        let Ok(nfa) = nfa else {
            return Regex::build(pattern, options);
        };
        if nfa.look_set_any().contains_word_unicode() {
            return Regex::build(pattern, options);
        }
        let dfa = hybrid::dfa::DFA::builder()
            .configure(hybrid::dfa::Config::new().cache_capacity(options.dfa_size_limit))
            .build_from_nfa(nfa);
        let Ok(dfa) = dfa else {
            return Regex::build(pattern, options);
        };
        Ok(Regex(Inner::MatchOnly(Arc::new(Forward {
            dfa,
            caches: ThreadLocal::new(),
            source: pattern.to_string(),
            options,
            full: OnceLock::new(),
        }))))
    }

    /// A pattern compiled as [`Regex::build`] would, but only when first used (or by
    /// [`compile_now`]): for patterns that only some checks need, already known to compile.
    /// One that fails to compile after all matches nothing.
    pub(crate) fn deferred(pattern: &str, options: Options) -> Regex {
        Regex(Inner::Deferred(Arc::new(Deferred {
            source: pattern.to_string(),
            options,
            full: OnceLock::new(),
        })))
    }

    /// A pattern built by `build` when first used (or by [`compile_now`]): for patterns that
    /// only some checks need, already known to build. One that fails to build after all
    /// matches nothing.
    pub(crate) fn lazy(pattern: &str, build: fn(&str) -> Result<Regex, regex::Error>) -> Regex {
        Regex(Inner::Lazy(Arc::new(Lazy {
            source: pattern.to_string(),
            build,
            compiled: OnceLock::new(),
        })))
    }

    /// Whether the pattern is compiled (a deferred or lazy one may not be yet).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        match &self.0 {
            Inner::Full(_) | Inner::MatchOnly(_) => true,
            Inner::Deferred(d) => d.full.get().is_some(),
            Inner::Lazy(l) => l.compiled.get().is_some(),
        }
    }

    /// Whether the pattern compiles (compiling a deferred one now).
    #[cfg(test)]
    pub(crate) fn compiles(&self) -> bool {
        self.full().is_some()
    }

    /// The full regex, compiling it now if this one was built for matching alone or deferred.
    fn full(&self) -> Option<&Full> {
        match &self.0 {
            Inner::Full(regex) => Some(regex),
            Inner::MatchOnly(forward) => forward.full(),
            Inner::Deferred(deferred) => deferred.full(),
            Inner::Lazy(lazy) => lazy.regex()?.full(),
        }
    }

    /// The first match in `haystack`.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.full()?.search(&Input::new(haystack)).map(|m| Match {
            haystack,
            start: m.start(),
            end: m.end(),
        })
    }

    /// Every successive non-overlapping match in `haystack`.
    pub fn find_iter<'h>(&self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> + use<'h> {
        self.full()
            .map(|full| full.find_all(haystack))
            .unwrap_or_default()
            .into_iter()
            .map(move |m| Match {
                haystack,
                start: m.start(),
                end: m.end(),
            })
    }

    /// The match starting exactly at byte `at` of `haystack`, if there is one. The text
    /// before `at` still counts for `\b` and `^`.
    pub(crate) fn find_at_start<'h>(&self, haystack: &'h str, at: usize) -> Option<Match<'h>> {
        if at > haystack.len() {
            return None;
        }
        let input = Input::new(haystack).range(at..).anchored(Anchored::Yes);
        self.full()?.search(&input).map(|m| Match {
            haystack,
            start: m.start(),
            end: m.end(),
        })
    }

    /// Whether the pattern matches anywhere in `haystack`.
    pub fn is_match(&self, haystack: &str) -> bool {
        match &self.0 {
            Inner::Full(full) => full.is_match(haystack),
            Inner::Deferred(deferred) => deferred.full().is_some_and(|f| f.is_match(haystack)),
            Inner::Lazy(lazy) => lazy.regex().is_some_and(|r| r.is_match(haystack)),
            Inner::MatchOnly(forward) => {
                let input = Input::new(haystack).earliest(true);
                let cell = forward
                    .caches
                    .get_or(|| RefCell::new(forward.dfa.create_cache()));
                let found = match cell.try_borrow_mut() {
                    Ok(mut cache) => forward.dfa.try_search_fwd(&mut cache, &input),
                    Err(_) => forward
                        .dfa
                        .try_search_fwd(&mut forward.dfa.create_cache(), &input),
                };
                match found {
                    Ok(found) => found.is_some(),
                    // The DFA gave up (it is not configured to, but should it): ask the full
                    // regex.
                    Err(_) => forward.full().is_some_and(|r| r.is_match(haystack)),
                }
            }
        }
    }
}

/// Several patterns searched together, for where the next match of any of them starts: one
/// pass over a text instead of one a pattern. [`Starts::next`] with [`Regex::find_at_start`]
/// on each pattern gives every pattern's matches, as its own `find_iter` would.
#[derive(Clone, Debug)]
pub(crate) struct Starts(Arc<Full>);

impl Starts {
    /// Compiles `patterns` (already [`prepare`]d) together, under `options`.
    pub(crate) fn build(patterns: &[String], options: Options) -> Result<Starts, regex::Error> {
        let config = meta_config(options);
        let syntax = syntax_config(options);
        meta::Builder::new()
            .configure(config)
            .syntax(syntax)
            .build_many(patterns)
            .map(|regex| Starts(Arc::new(Full::new(regex))))
            .map_err(|e| regex::Error::Syntax(e.to_string()))
    }

    /// Where the leftmost match of any of the patterns starting at or after byte `from`
    /// starts.
    pub(crate) fn next(&self, haystack: &str, from: usize) -> Option<usize> {
        if from > haystack.len() {
            return None;
        }
        self.0
            .search(&Input::new(haystack).range(from..))
            .map(|m| m.start())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: Options = Options {
        case_insensitive: true,
        size_limit: 4 << 20,
        dfa_size_limit: 8 << 20,
        nest_limit: 64,
        prefilter: false,
    };

    #[test]
    fn match_only_patterns_match_like_full_ones() {
        let patterns = [
            r"(?-u:\b)(?:log ?in|sign(?:ed)? in)(?-u:\b)",
            r"^[^0-9A-Za-z_]*(?:hi|hello)[^0-9A-Za-z_]*$",
            r"caf\u{e9}|na\u{ef}ve",
            r"\d{2,}",
        ];
        let texts = [
            "I can't LOG IN since 9:30",
            "  Hello!! ",
            "hello there",
            "Zoë’s café 👋",
            "naïve question\r\n",
            "",
            "4",
        ];
        for pattern in patterns {
            let full = Regex::build(pattern, OPTIONS).unwrap();
            let forward = Regex::build_match_only(pattern, OPTIONS).unwrap();
            assert!(matches!(forward.0, Inner::MatchOnly(_)), "{pattern}");
            for text in texts {
                assert_eq!(
                    forward.is_match(text),
                    full.is_match(text),
                    "{pattern} on {text:?}"
                );
                // Asked where the matches are after all, it answers as the full one does.
                let a: Vec<_> = forward.find_iter(text).map(|m| m.range()).collect();
                let b: Vec<_> = full.find_iter(text).map(|m| m.range()).collect();
                assert_eq!(a, b, "{pattern} on {text:?}");
            }
        }
        // A Unicode word boundary needs the full engine on non-ASCII text.
        let unicode = Regex::build_match_only(r"\bcafé\b", OPTIONS).unwrap();
        assert!(matches!(unicode.0, Inner::Full(_)));
        assert!(unicode.is_match("un café noir"));
        // A bad pattern gets the same error as from a full build.
        assert_eq!(
            Regex::build_match_only("(unclosed", OPTIONS)
                .unwrap_err()
                .to_string(),
            Regex::build("(unclosed", OPTIONS).unwrap_err().to_string()
        );
    }

    #[test]
    fn finds_like_the_regex_crate() {
        let pattern = r"(?-u:\b)(?:log ?in|sign(?:ed)? in)(?-u:\b)|(?-u:\b)\d{1,2}:\d\d";
        let ours = Regex::build(pattern, OPTIONS).unwrap();
        let theirs = regex::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .unwrap();
        let text = "I can't LOG IN since 9:30 — Zoë signed in at 10:05, café login";
        let a: Vec<_> = ours
            .find_iter(text)
            .map(|m| (m.range(), m.as_str()))
            .collect();
        let b: Vec<_> = theirs
            .find_iter(text)
            .map(|m| (m.range(), m.as_str()))
            .collect();
        assert_eq!(a, b);
        assert_eq!(a.len(), 5);
        assert!(ours.is_match("Sign in please"));
        assert_eq!(ours.find("at 7:15").map(|m| m.as_str()), Some("7:15"));
    }

    #[test]
    fn prepare_makes_classes_ascii_outside_brackets_only() {
        assert_eq!(
            prepare(r"\bour (?:\w+ ){0,3}revenue\b"),
            r"(?-u:\b)our (?:(?-u:\w)+ ){0,3}revenue(?-u:\b)"
        );
        assert_eq!(prepare(r"[\w.+-]+@\d"), r"[\w.+-]+@(?-u:\d)");
        // Their complements are classes of whole characters, so they never split one.
        assert_eq!(
            prepare(r"^\W*\S\D"),
            r"^[^0-9A-Za-z_]*[^\t\n\x0B\x0C\r ][^0-9]"
        );
        assert_eq!(prepare(r"[\W]\W"), r"[\W][^0-9A-Za-z_]");
        assert_eq!(prepare(r"can't"), "can(?:'|\u{2019})t");
        assert_eq!(prepare(r"[^'a]"), "[^'\u{2019}a]");
        assert_eq!(prepare(r"[]\w]\w"), r"[]\w](?-u:\w)");
        assert_eq!(prepare(r"[[:alpha:]\s]\s"), r"[[:alpha:]\s](?-u:\s)");
        assert_eq!(prepare(r"\\w"), r"\\w");
        assert_eq!(prepare("trailing\\"), "trailing\\");
    }

    #[test]
    fn prepared_patterns_match_ascii_prose_as_before() {
        let text = "Our small bakery revenue — we can’t log in; I can't either. Zoë, 12 days.";
        for pattern in [
            r"\bour (?:\w+ ){0,3}revenue\b",
            r"\bcan't (?:log|sign) in\b",
            r"\b\d+\s+days\b",
            r"[^.!?]{0,20}\bdays\b",
            r"\W+we\W",
            r"\bdays\S",
            r";\D+",
        ] {
            let ours = Regex::build(&prepare(pattern), OPTIONS).unwrap();
            let unicode = regex::RegexBuilder::new(&pattern.replace('\'', "(?:'|\u{2019})"))
                .case_insensitive(true)
                .build()
                .unwrap();
            let a: Vec<_> = ours.find_iter(text).map(|m| m.range()).collect();
            let b: Vec<_> = unicode.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(a, b, "{pattern}");
            assert!(!a.is_empty(), "{pattern}");
        }
    }

    #[test]
    fn errors_point_into_the_pattern() {
        let err = Regex::build("(unclosed", OPTIONS).unwrap_err();
        assert!(matches!(err, regex::Error::Syntax(_)));
        assert!(err.to_string().contains("unclosed group"), "{err}");
        let huge = Regex::build(
            "(x{1000}){1000}",
            Options {
                size_limit: 1 << 16,
                ..OPTIONS
            },
        )
        .unwrap_err();
        assert!(huge.to_string().contains("exceeds size limit"), "{huge}");
    }
}
