//! Rule packs: the data tactful's checks run on, loaded from TOML and compiled once.
//!
//! Every file under `rules/` is a pack, embedded at build time. A configuration may add packs;
//! a pack whose `[pack] id` equals an embedded pack's replaces it. The format is described in
//! `rules/README.md`. Loading compiles everything once (one trie for all jargon terms, one
//! regex per cue group), so checking a file never compiles a pack pattern. (A cue pattern
//! built for matching alone compiles its full form on first use if ever asked for positions;
//! none of the shipped checks ask.)

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::pattern::{Options, Regex};
use serde::Deserialize;
use toml::Spanned;

use crate::config::Audience;

include!(concat!(env!("OUT_DIR"), "/embedded_packs.rs"));

/// A pack that could not be loaded: which file, where, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct PackError {
    /// The pack's file name as the caller gave it.
    pub path: String,
    /// 1-based line of the problem (1 when unknown).
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

/// A pack's text and the name to use for it in messages.
#[derive(Debug, Clone)]
pub struct PackSource {
    /// File name for messages (relative to the config that listed it, or to `rules/`).
    pub path: String,
    /// The TOML text.
    pub text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PackFile {
    pack: PackHeader,
    #[serde(default)]
    term: Vec<TermDef>,
    #[serde(default)]
    common: Option<CommonDef>,
    #[serde(default)]
    placeholder: Vec<PlaceholderDef>,
    #[serde(default)]
    code_token: Vec<PlaceholderDef>,
    #[serde(default)]
    question_type: Vec<QuestionTypeDef>,
    #[serde(default)]
    indirect_question: Vec<KindPatterns<QuestionKind>>,
    #[serde(default)]
    not_a_question: Option<PatternsDef>,
    #[serde(default)]
    question_opener: Option<OpenerDef>,
    #[serde(default)]
    answer_cue: Vec<KindPatterns<AnswerKind>>,
    #[serde(default)]
    need_cue: Vec<NeedCueDef>,
    #[serde(default)]
    ack_phrase: Vec<AckPhraseDef>,
    #[serde(default)]
    explanation: Option<ExplanationDef>,
    #[serde(default)]
    words: Option<WordsDef>,
    #[serde(default)]
    tone: Vec<ToneDef>,
    /// Common English words, joined by spaces (any keys: the shipped list has one a letter).
    #[serde(default)]
    english_words: std::collections::BTreeMap<String, Spanned<String>>,
    /// Word valences and how to read them, for the distress signal.
    #[serde(default)]
    valence: Option<ValenceDef>,
    /// A sum of money written in the ticket, from a size up.
    #[serde(default)]
    amount_cue: Option<AmountCueDef>,
    #[serde(default)]
    lexicon: Option<LexiconDef>,
    #[serde(default)]
    example: Vec<Example>,
}

/// Words related in meaning (`[lexicon]`), one group a line, words separated by spaces.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconDef {
    /// Derivational families, the head first ("register registration").
    #[serde(default)]
    families: String,
    /// The words sharing one dominant sense, a sense a line ("cease halt stop").
    #[serde(default)]
    related: String,
}

/// The packs' `[lexicon]`, stemmed: built on first use ([`Engine::lexicon`]).
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    /// Stem → the stem of its family's head ("registr" for "registration").
    pub(crate) family: HashMap<String, String>,
    /// Stem (family folded) → stems of words sharing one of its most frequent senses.
    pub(crate) related: HashMap<String, Vec<String>>,
}

/// The `[amount-cue]` table: a sum of money in the ticket as a need cue.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AmountCueDef {
    weight: Spanned<f64>,
    /// The smallest sum that counts.
    at_least: f64,
    /// Currency signs written before the number ("$", "£"), joined by spaces.
    signs: String,
    /// Currency words written after it ("dollars", "eur"), joined by spaces.
    #[serde(default)]
    units: String,
}

/// A sum of money in the ticket, as a need cue (`[amount-cue]`).
#[derive(Debug, Clone)]
pub struct AmountCue {
    /// How much it adds to the need.
    pub weight: f64,
    /// The smallest sum that counts.
    pub at_least: f64,
    /// Currency signs written before the number.
    pub signs: Vec<String>,
    /// Currency words written after it, lowercase.
    pub units: HashSet<String>,
}

/// The `[valence]` table: the distress signal's settings and its lexicon.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ValenceDef {
    mild: Spanned<f64>,
    strong: Spanned<f64>,
    negation_window: usize,
    negated_positive: f64,
    intensified: f64,
    capitals: f64,
    exclamation: f64,
    #[serde(default)]
    negators: String,
    #[serde(default)]
    intensifiers: String,
    #[serde(default)]
    conditionals: String,
    /// "word:valence" pairs joined by spaces (any keys: the shipped lexicon has one a letter).
    #[serde(default)]
    words: std::collections::BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ToneDef {
    /// The rule these phrases belong to.
    rule: String,
    patterns: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PackHeader {
    id: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TermDef {
    term: String,
    #[serde(default)]
    also: Vec<String>,
    plain: String,
    explain: String,
    unknown_to: Audience,
    #[serde(default)]
    case_sensitive: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CommonDef {
    #[serde(default)]
    acronyms: Vec<String>,
    #[serde(default)]
    names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PlaceholderDef {
    name: String,
    pattern: Spanned<String>,
    /// Reported in template mode too (leftover notes such as TODO, not template variables).
    #[serde(default)]
    always: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct QuestionTypeDef {
    kind: QuestionKind,
    patterns: Vec<Spanned<String>>,
    answered_by: Vec<AnswerKind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KindPatterns<K> {
    kind: K,
    patterns: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PatternsDef {
    patterns: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OpenerDef {
    pattern: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct NeedCueDef {
    kind: String,
    weight: Spanned<f64>,
    /// Whether the cue's words name the customer's situation, so that echoing them in the
    /// draft's opening ("your launch on Monday") shows they were heard.
    #[serde(default)]
    names_situation: bool,
    /// How the cue reads in an acknowledgement ("your launch"); optional.
    #[serde(default)]
    describe: Option<String>,
    /// How many times its patterns must match in the ticket for the cue to count (default 1):
    /// "called", "emailed" and "wrote" each say little, all three tell a history of chasing.
    #[serde(default)]
    min_matches: Option<usize>,
    patterns: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AckPhraseDef {
    strength: AckStrength,
    patterns: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ExplanationDef {
    after: Vec<Spanned<String>>,
    before: Vec<Spanned<String>>,
    /// Matched at the start of the sentence after one that ends with the term ("…clear the
    /// DNS cache. This is a list your computer keeps of…").
    #[serde(default)]
    next: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct WordsDef {
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    common: Vec<String>,
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
    #[serde(default)]
    situation: Vec<String>,
    #[serde(default)]
    system_parts: Vec<String>,
    #[serde(default)]
    everyday_prefixes: Vec<String>,
    #[serde(default)]
    lead_words: Vec<String>,
    #[serde(default)]
    keyword_verbs: Vec<String>,
    #[serde(default)]
    abbreviations: Vec<String>,
    #[serde(default)]
    continuing_abbreviations: Vec<String>,
    #[serde(default)]
    answer_classes: Option<AnswerClassesDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct AnswerClassesDef {
    #[serde(default)]
    time: Vec<String>,
    #[serde(default)]
    money: Vec<String>,
    #[serde(default)]
    reason: Vec<String>,
    /// Class words that name what a question asks whatever its kind ("time slot", "fee").
    #[serde(default)]
    named: Vec<String>,
}

/// A kind of answer a word in a question names: "what date" is answered by a time, "the
/// price" by an amount of money, "the reason" by a cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AnswerClass {
    /// A date, a day or a time of day.
    Time,
    /// A price, a fee, a charge (an amount of money, or "free").
    Money,
    /// A reason.
    Reason,
}

/// A worked example inside a pack; the test suite runs every one.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Example {
    /// The draft reply.
    pub draft: String,
    /// The customer's message, if any.
    #[serde(default)]
    pub ticket: Option<String>,
    /// Audience to check for (default general).
    #[serde(default)]
    pub audience: Option<Audience>,
    /// Rule ids that must fire.
    #[serde(default)]
    pub expect: Vec<String>,
    /// Rule ids that must not fire.
    #[serde(default)]
    pub expect_not: Vec<String>,
}

/// What kind of answer a question asks for.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// Yes or no ("Can I…?", "Is there…?").
    Polar,
    /// How to do something.
    How,
    /// When something happens.
    When,
    /// Where something is.
    Where,
    /// How much or how many.
    Quantity,
    /// Why, or what happened.
    Why,
    /// What or which.
    What,
    /// Who.
    Who,
    /// A request for the support team to do something ("can you check…").
    Request,
    /// A question without content of its own ("Any ideas?").
    Generic,
}

impl QuestionKind {
    /// The name used in packs and in explanations.
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Polar => "yes/no",
            QuestionKind::How => "how",
            QuestionKind::When => "when",
            QuestionKind::Where => "where",
            QuestionKind::Quantity => "how much",
            QuestionKind::Why => "why",
            QuestionKind::What => "what",
            QuestionKind::Who => "who",
            QuestionKind::Request => "request",
            QuestionKind::Generic => "general",
        }
    }
}

/// What kind of answer a draft sentence gives.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerKind {
    /// "Yes, …", "No, …".
    Polar,
    /// Steps or "you can …".
    Instructions,
    /// "because …", "this happened when …".
    Cause,
    /// A price, a number, an amount.
    Quantity,
    /// A date, a time, a duration.
    Time,
    /// How long something takes or lasts ("three to five working days", "about an hour",
    /// "instantly"): what "how long…?" asks, where a bare "today" says nothing.
    Duration,
    /// A place: a page, a menu, a link.
    Place,
    /// "we can't", "that isn't possible".
    Refusal,
    /// "I'll check and get back to you". Alone it answers nothing: only with a commitment, an
    /// enquiry, or naming what was asked does it count for a question.
    Deferral,
    /// A specific time something will happen by ("by Friday", "within 48 hours"): it makes a
    /// deferral a commitment.
    Commitment,
    /// Asking the customer for what is needed to go on ("Could you send us a log?").
    Enquiry,
    /// "I've refunded", "we have reset".
    Action,
    /// Any statement ("it is …"), for what-questions.
    Statement,
    /// A yes or no in its own words ("your daughter is welcome to", "there's no need to"): it
    /// answers the yes/no question whose subject it names.
    Verdict,
    /// A team, a role or a desk that deals with it ("our billing team can change that"), for
    /// who-questions.
    Person,
}

/// How much an acknowledgement phrase counts.
#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum AckStrength {
    /// Stock phrases ("We apologize for any inconvenience").
    Boilerplate,
    /// A real acknowledgement: empathy, reassurance, responsibility.
    Genuine,
}

/// A jargon term with its plain alternative.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as usually written.
    pub term: String,
    /// Plain words that can replace it.
    pub plain: String,
    /// One plain sentence explaining it.
    pub explain: String,
    /// The most expert audience that still needs it explained.
    pub unknown_to: Audience,
    /// Whether only the exact case counts.
    pub case_sensitive: bool,
    /// The pack it came from.
    pub pack: String,
}

/// A cue in a ticket that calls for acknowledgement.
#[derive(Debug, Clone)]
pub struct NeedCue {
    /// frustration, deadline, effort, loss, …
    pub kind: String,
    /// How much it adds to the need.
    pub weight: f64,
    /// How to name it back to the customer.
    pub describe: Option<String>,
    /// Whether its words name the customer's situation (a launch, six hours, a client).
    pub names_situation: bool,
    /// How many matches it takes to count (at least 1).
    pub min_matches: usize,
    /// The compiled patterns.
    pub regex: Regex,
}

/// Everything the checks need from the packs, compiled once per run.
#[derive(Debug)]
pub struct Engine {
    pub(crate) terms: Vec<Term>,
    /// Pattern index → term index.
    pub(crate) term_of_pattern: Vec<usize>,
    /// Every spelling given to the matcher, by pattern index.
    pub(crate) spellings: Vec<String>,
    /// Each term's words, lowercased (split at spaces and hyphens), by term index: which
    /// terms contain which is asked on every explained term, so it is worked out once.
    pub(crate) term_words: Vec<Vec<String>>,
    pub(crate) term_matcher: Option<crate::terms::TermMatcher>,
    pub(crate) common_acronyms: HashSet<String>,
    pub(crate) names: HashSet<String>,
    pub(crate) placeholders: Vec<(String, Regex, bool)>,
    pub(crate) code_tokens: Vec<(String, Regex)>,
    /// The code-token patterns as compiled, in the same order, and all of them searched
    /// together: where the next code token of any kind starts.
    code_token_patterns: Vec<String>,
    pub(crate) code_token_starts: Option<crate::pattern::Starts>,
    pub(crate) question_types: Vec<(QuestionKind, Regex, Vec<AnswerKind>)>,
    pub(crate) indirect_questions: Vec<(QuestionKind, Regex)>,
    pub(crate) not_a_question: Option<Regex>,
    pub(crate) answer_cues: Vec<(AnswerKind, Regex)>,
    pub(crate) need_cues: Vec<NeedCue>,
    /// Set once [`Engine::ticket_ready`] has compiled what reading a ticket needs.
    ticket_compiled: OnceLock<()>,
    pub(crate) ack_phrases: Vec<(AckStrength, Regex)>,
    pub(crate) explained_after: Option<Regex>,
    pub(crate) explained_before: Option<Regex>,
    /// Patterns opening a sentence that explains the term the sentence before ends with.
    pub(crate) explained_next: Vec<Regex>,
    pub(crate) stopwords: HashSet<String>,
    pub(crate) common_words: HashSet<String>,
    /// Stems of words that name a customer's situation (launch, Monday, hours).
    pub(crate) situation_words: HashSet<String>,
    /// Nouns that end the names of a system's parts ("quota pool", "fan-in relay"), lowercase.
    pub(crate) system_parts: Vec<String>,
    /// First halves of everyday hyphenated words ("third-party"), lowercase.
    pub(crate) everyday_prefixes: Vec<String>,
    /// Stem → the stem of its synonym group's first word.
    pub(crate) synonyms: HashMap<String, String>,
    /// Words before the verb of a question that don't change what it asks ("and", "also"), lowercase.
    pub(crate) lead_words: HashSet<String>,
    /// Words before a word to type or text ("text PAC to 65075"), lowercase.
    pub(crate) keyword_verbs: HashSet<String>,
    /// Abbreviations a period does not end a sentence after ("e.g", "mr"), lowercase.
    pub(crate) abbreviations: HashSet<String>,
    /// Abbreviations a sentence often goes on after when a lowercase word follows ("etc").
    pub(crate) continuing_abbreviations: HashSet<String>,
    /// Stems of words that name a kind of answer ("date", "price", "reason").
    pub(crate) answer_classes: HashMap<String, AnswerClass>,
    /// Stems of the class words that name what any question asks ("slot", "fee").
    pub(crate) named_classes: HashSet<String>,
    /// The opening of an interrogative clause, compiled into the two patterns that use it:
    /// two questions joined in one sentence, and a sentence that opens by asking.
    pub(crate) question_opener: Option<QuestionOpener>,
    pub(crate) examples: Vec<(String, Example)>,
    /// Tone phrases by rule id (condescension, generic-apology).
    pub(crate) tone: Vec<(String, Regex)>,
    /// Common English words, as the packs' `[english-words]` lists wrote them (words joined
    /// by spaces): turned into a set on first use ([`Engine::english`]).
    english_lists: Vec<String>,
    english: OnceLock<crate::rarity::WordSet>,
    /// The packs' `[lexicon]` tables as written (families, related), stemmed on first use.
    lexicon_lists: Vec<(String, String)>,
    lexicon: OnceLock<Lexicon>,
    /// The distress signal's lexicon and settings (`[valence]`), when a pack gives them.
    pub(crate) valence: Option<crate::valence::Valence>,
    /// A sum of money in the ticket as a need cue, when a pack gives one.
    pub(crate) amount_cue: Option<AmountCue>,
    url: std::sync::Arc<[Regex; 2]>,
}

/// The patterns built from the opening of an interrogative clause (`[question-opener]`).
/// They use a capture group, so they are compiled with the `regex` crate. A shipped pack's
/// opener is compiled when a ticket is first read (a draft checked alone never reads one, and
/// the two patterns were a fifteenth of the start-up of a check without a ticket); a user's
/// pack's is compiled at once, so that an error names its file and line.
#[derive(Debug, Clone)]
pub(crate) struct QuestionOpener {
    opener: String,
    compiled: OnceLock<Option<OpenerRegexes>>,
}

/// The two patterns built around the `[question-opener]` pattern.
#[derive(Debug, Clone)]
pub(crate) struct OpenerRegexes {
    /// Two questions joined in one sentence ("Is there a charge, and can he stay?"); the
    /// group `q` is where the second one starts.
    pub(crate) clause_break: regex::Regex,
    /// A sentence that opens by asking, after any greeting or signpost ("Firstly, does…").
    pub(crate) opens_asking: regex::Regex,
}

impl OpenerRegexes {
    fn compile(opener: &str) -> Result<Self, regex::Error> {
        Ok(OpenerRegexes {
            clause_break: regex::Regex::new(&format!(
                r"(?i)(?:[,;]\s+(?:(?:and|but|also|plus)\s+)?(?:also\s+)?|\s+(?:and|but)\s+(?:also\s+)?)(?P<q>{opener})"
            ))?,
            opens_asking: regex::Regex::new(&format!(
                r"(?i)^\W*(?:(?:hi|hello|hey|ok|okay|so|and|but|also|plus|then|firstly|secondly|thirdly|lastly|finally)\b[\s,]*)*{opener}"
            ))?,
        })
    }
}

impl QuestionOpener {
    /// The opener `opener`, compiled now or (`now` false, for shipped packs, which a test
    /// holds to compiling) when first used.
    fn new(opener: &str, now: bool) -> Result<Self, regex::Error> {
        let compiled = OnceLock::new();
        if now {
            let _ = compiled.set(Some(OpenerRegexes::compile(opener)?));
        }
        Ok(QuestionOpener {
            opener: opener.to_string(),
            compiled,
        })
    }

    /// The compiled patterns, compiling them if they aren't yet; `None` if they fail to
    /// compile after all (then sentences are not split into questions).
    pub(crate) fn regexes(&self) -> Option<&OpenerRegexes> {
        self.compiled
            .get_or_init(|| OpenerRegexes::compile(&self.opener).ok())
            .as_ref()
    }

    fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }
}

/// One pack compiled on its own, before merging.
#[derive(Default)]
struct Part {
    engine: Engine,
    /// The pack's file name when it is not one of the embedded packs.
    extra: Option<String>,
    patterns: Vec<String>,
    not_q: Vec<String>,
    after: Vec<String>,
    before: Vec<String>,
}

impl Default for Engine {
    fn default() -> Self {
        // An engine with nothing in it; `url` is replaced before use.
        let nothing = compile_cased("$^").unwrap_or_else(|_| unreachable_regex());
        Engine::empty(std::sync::Arc::new([nothing.clone(), nothing]))
    }
}

#[allow(clippy::expect_used)]
fn unreachable_regex() -> Regex {
    compile_cased("a^").expect("a constant pattern compiles")
}

impl Engine {
    fn empty(url: std::sync::Arc<[Regex; 2]>) -> Engine {
        Engine {
            terms: Vec::new(),
            term_of_pattern: Vec::new(),
            spellings: Vec::new(),
            term_words: Vec::new(),
            term_matcher: None,
            common_acronyms: HashSet::new(),
            names: HashSet::new(),
            placeholders: Vec::new(),
            code_tokens: Vec::new(),
            code_token_patterns: Vec::new(),
            code_token_starts: None,
            question_types: Vec::new(),
            indirect_questions: Vec::new(),
            not_a_question: None,
            answer_cues: Vec::new(),
            need_cues: Vec::new(),
            ticket_compiled: OnceLock::new(),
            ack_phrases: Vec::new(),
            explained_after: None,
            explained_before: None,
            explained_next: Vec::new(),
            stopwords: HashSet::new(),
            common_words: HashSet::new(),
            situation_words: HashSet::new(),
            system_parts: Vec::new(),
            everyday_prefixes: Vec::new(),
            synonyms: HashMap::new(),
            lead_words: HashSet::new(),
            keyword_verbs: HashSet::new(),
            abbreviations: HashSet::new(),
            continuing_abbreviations: HashSet::new(),
            answer_classes: HashMap::new(),
            named_classes: HashSet::new(),
            question_opener: None,
            examples: Vec::new(),
            tone: Vec::new(),
            english_lists: Vec::new(),
            english: OnceLock::new(),
            lexicon_lists: Vec::new(),
            lexicon: OnceLock::new(),
            valence: None,
            amount_cue: None,
            url,
        }
    }

    /// Appends a pack compiled on its own; earlier packs win where they conflict.
    fn merge(&mut self, other: Engine) {
        let offset = self.terms.len();
        self.term_of_pattern
            .extend(other.term_of_pattern.iter().map(|i| i + offset));
        self.terms.extend(other.terms);
        self.common_acronyms.extend(other.common_acronyms);
        self.names.extend(other.names);
        self.placeholders.extend(other.placeholders);
        self.code_tokens.extend(other.code_tokens);
        self.code_token_patterns.extend(other.code_token_patterns);
        self.question_types.extend(other.question_types);
        self.indirect_questions.extend(other.indirect_questions);
        self.answer_cues.extend(other.answer_cues);
        self.need_cues.extend(other.need_cues);
        self.ack_phrases.extend(other.ack_phrases);
        self.explained_next.extend(other.explained_next);
        self.stopwords.extend(other.stopwords);
        self.common_words.extend(other.common_words);
        self.situation_words.extend(other.situation_words);
        self.system_parts.extend(other.system_parts);
        self.everyday_prefixes.extend(other.everyday_prefixes);
        for (k, v) in other.synonyms {
            self.synonyms.entry(k).or_insert(v);
        }
        self.lead_words.extend(other.lead_words);
        self.keyword_verbs.extend(other.keyword_verbs);
        self.abbreviations.extend(other.abbreviations);
        self.continuing_abbreviations
            .extend(other.continuing_abbreviations);
        for (k, v) in other.answer_classes {
            self.answer_classes.entry(k).or_insert(v);
        }
        self.named_classes.extend(other.named_classes);
        if self.question_opener.is_none() {
            self.question_opener = other.question_opener;
        }
        self.examples.extend(other.examples);
        self.tone.extend(other.tone);
        self.english_lists.extend(other.english_lists);
        self.lexicon_lists.extend(other.lexicon_lists);
        if self.valence.is_none() {
            self.valence = other.valence;
        }
        if self.amount_cue.is_none() {
            self.amount_cue = other.amount_cue;
        }
    }

    /// The packs' words related in meaning, stemmed on first use (a check with a ticket asks;
    /// it costs a few million instructions, once).
    pub(crate) fn lexicon(&self) -> &Lexicon {
        self.lexicon.get_or_init(|| {
            let stemmer = crate::analysis::stemmer();
            let mut lexicon = Lexicon::default();
            for (families, _) in &self.lexicon_lists {
                for line in families.lines() {
                    let mut words = line.split_ascii_whitespace().map(|w| stemmer.stem(w));
                    let Some(head) = words.next() else { continue };
                    for word in words {
                        if word != head {
                            lexicon
                                .family
                                .entry(word.into_owned())
                                .or_insert_with(|| head.clone().into_owned());
                        }
                    }
                }
            }
            let fold = |w: &str| {
                let s = stemmer.stem(w);
                lexicon
                    .family
                    .get(s.as_ref())
                    .cloned()
                    .unwrap_or_else(|| s.into_owned())
            };
            let mut related: HashMap<String, Vec<String>> = HashMap::new();
            for (_, lines) in &self.lexicon_lists {
                for line in lines.lines() {
                    let words: Vec<String> = line.split_ascii_whitespace().map(fold).collect();
                    for word in &words {
                        let list = related.entry(word.clone()).or_default();
                        for other in &words {
                            if other != word && !list.contains(other) {
                                list.push(other.clone());
                            }
                        }
                    }
                }
            }
            related.retain(|_, list| !list.is_empty());
            lexicon.related = related;
            lexicon
        })
    }

    /// The common English words of the packs, as a set built on first use: only a check for
    /// a reader who is not technical asks, and it costs a few million instructions.
    pub(crate) fn english(&self) -> &crate::rarity::WordSet {
        self.english.get_or_init(|| {
            crate::rarity::WordSet::new(self.english_lists.iter().map(String::as_str))
        })
    }

    /// Whether the packs list any common English words (without them, every word would
    /// look rare, so the rarity signal stays off).
    pub(crate) fn has_english(&self) -> bool {
        !self.english_lists.is_empty()
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map_or(1, |s| s.bytes().filter(|&b| b == b'\n').count() + 1)
}

struct Loader<'a> {
    source: &'a PackSource,
    /// Whether the pack ships with tactful (its patterns are compiled by the test suite, so
    /// checking them again one pack at a time would only cost start-up time).
    embedded: bool,
    /// Characters of pattern text read so far from this pack.
    pattern_chars: std::cell::Cell<usize>,
}

impl Loader<'_> {
    fn error(&self, offset: usize, message: impl Into<String>) -> PackError {
        PackError {
            path: self.source.path.clone(),
            line: line_of(&self.source.text, offset),
            message: message.into(),
        }
    }

    /// Counts a pattern against the size limits, refusing one too long or one that takes the
    /// pack past its total. (Compiled size is limited too, but a long list of plain words
    /// compiles small and still costs memory in proportion to its length.)
    fn measure(&self, pattern: &Spanned<String>) -> Result<(), PackError> {
        let chars = pattern.get_ref().chars().count();
        if chars > MAX_PATTERN_CHARS {
            return Err(self.error(
                pattern.span().start,
                format!(
                    "the pattern `{}` is {chars} characters long, over the limit of {MAX_PATTERN_CHARS}; split it into several patterns (a list of words is better as jargon terms)",
                    clip(pattern.get_ref())
                ),
            ));
        }
        let total = self.pattern_chars.get() + chars;
        self.pattern_chars.set(total);
        if total > MAX_PACK_PATTERN_CHARS {
            return Err(self.error(
                pattern.span().start,
                format!(
                    "the patterns up to here come to {total} characters, over the limit of {MAX_PACK_PATTERN_CHARS} for one pack; split the pack into several"
                ),
            ));
        }
        Ok(())
    }

    fn regex(&self, patterns: &[Spanned<String>]) -> Result<Option<Regex>, PackError> {
        self.regex_with(patterns, compile)
    }

    /// As [`Loader::regex`], for patterns only ever asked whether they match.
    fn matcher(&self, patterns: &[Spanned<String>]) -> Result<Option<Regex>, PackError> {
        self.regex_with(patterns, compile_match_only)
    }

    /// As [`Loader::matcher`], for patterns only a ticket is asked about (question kinds,
    /// answer kinds): a shipped pack's compile when a ticket is first read
    /// ([`Engine::ticket_ready`]), a user's at once, so that an error names its file and line.
    fn ticket_matcher(&self, patterns: &[Spanned<String>]) -> Result<Option<Regex>, PackError> {
        if !self.embedded {
            return self.matcher(patterns);
        }
        if patterns.is_empty() {
            return Ok(None);
        }
        for p in patterns {
            self.measure(p)?;
        }
        Ok(Some(Regex::lazy(
            &join_patterns(patterns),
            compile_match_only,
        )))
    }

    fn regex_with(
        &self,
        patterns: &[Spanned<String>],
        build: fn(&str) -> Result<Regex, regex::Error>,
    ) -> Result<Option<Regex>, PackError> {
        if patterns.is_empty() {
            return Ok(None);
        }
        for p in patterns {
            self.measure(p)?;
        }
        match build(&join_patterns(patterns)) {
            Ok(regex) => Ok(Some(regex)),
            Err(joined_error) => Err(self.compile_error(patterns, &joined_error)),
        }
    }

    /// As [`Loader::regex`] for each of several groups of patterns, compiled side by side on
    /// as many threads as there are cores: the acknowledgement pack alone holds a third of
    /// all the pattern text, and compiled one group after another it kept one thread busy
    /// long after the others had finished.
    fn regexes(&self, groups: &[&[Spanned<String>]]) -> Result<Vec<Option<Regex>>, PackError> {
        for group in groups {
            for p in group.iter() {
                self.measure(p)?;
            }
        }
        let joined: Vec<Option<String>> = groups
            .iter()
            .map(|g| (!g.is_empty()).then(|| join_patterns(g)))
            .collect();
        let compiled = crate::parallel::map(&joined, |one| one.as_deref().map(compile));
        groups
            .iter()
            .zip(compiled)
            .map(|(group, result)| match result {
                Some(Some(Ok(regex))) => Ok(Some(regex)),
                Some(Some(Err(error))) => Err(self.compile_error(group, &error)),
                Some(None) => Ok(None),
                // Lost with a thread that failed: compiled here.
                None => match compile(&join_patterns(group)) {
                    Ok(regex) => Ok(Some(regex)),
                    Err(error) => Err(self.compile_error(group, &error)),
                },
            })
            .collect()
    }

    /// Why a group of patterns was refused: the first pattern refused on its own, with its
    /// line, or the group as a whole.
    fn compile_error(
        &self,
        patterns: &[Spanned<String>],
        joined_error: &regex::Error,
    ) -> PackError {
        for p in patterns {
            if let Err(e) = compile(p.get_ref()) {
                return self.error(p.span().start, pattern_error(p.get_ref(), &e));
            }
        }
        let first = patterns.first().map_or(0, |p| p.span().start);
        let last = patterns.last().map_or(0, |p| p.span().start);
        let (a, b) = (
            line_of(&self.source.text, first),
            line_of(&self.source.text, last),
        );
        let lines = if a == b {
            format!("line {a}")
        } else {
            format!("lines {a} to {b}")
        };
        let what = format!("the {} patterns on {lines} are", patterns.len());
        self.error(first, group_error(&what, joined_error))
    }

    /// Checks the patterns and returns them for joining with other packs' later. A user's
    /// pack is compiled here, so an error names its file and line; a shipped pack is only
    /// measured (the joined set is compiled once all packs are in).
    fn patterns(&self, patterns: &[Spanned<String>]) -> Result<Vec<String>, PackError> {
        if self.embedded {
            for p in patterns {
                self.measure(p)?;
            }
        } else if let Some(regex) = self.regex(patterns)? {
            drop(regex);
        }
        Ok(patterns.iter().map(|p| p.get_ref().clone()).collect())
    }
}

/// A group of patterns as one alternation.
fn join_patterns(patterns: &[Spanned<String>]) -> String {
    join_alternatives(patterns.iter().map(|p| p.get_ref().as_str()))
}

/// Compiles a pack pattern: case-insensitive, bounded in size, rewritten by
/// [`crate::pattern::prepare`] (curly apostrophes; ASCII `\b`, `\w`, `\s`, `\d`).
fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    compile_with(pattern, false)
}

/// As [`compile`], for a pattern only asked whether it matches ([`Regex::build_match_only`]).
fn compile_match_only(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::build_match_only(
        &crate::pattern::prepare(pattern),
        pattern_options(true, false),
    )
}

/// As [`compile`], with a literal prefilter when `prefilter` (for patterns scanned over whole
/// texts rather than run on single sentences).
fn compile_with(pattern: &str, prefilter: bool) -> Result<Regex, regex::Error> {
    Regex::build(
        &crate::pattern::prepare(pattern),
        pattern_options(true, prefilter),
    )
}

/// The options every pack pattern compiles with, under the size and nesting limits below.
pub(crate) fn pattern_options(case_insensitive: bool, prefilter: bool) -> Options {
    Options {
        case_insensitive,
        size_limit: PATTERN_SIZE_LIMIT,
        dfa_size_limit: PATTERN_DFA_SIZE_LIMIT,
        nest_limit: PATTERN_NEST_LIMIT,
        prefilter,
    }
}

/// A pack pattern's compiled size limit. The regex crate matches in linear time whatever the
/// pattern, but a pattern such as `(x{1000}){1000}` or a megabyte of alternatives compiles to
/// an enormous program; past this size it is refused with a message naming it.
pub const PATTERN_SIZE_LIMIT: usize = 4 << 20;
/// The lazy DFA's cache per pattern and thread: past it the cache starts afresh (and, if that
/// keeps happening, matching falls back to a slower linear engine). The answer cues, with
/// their bounded repetitions, are what fill it. Measured on the small corpus checked twice:
/// at 1 MiB the second pass still rebuilt states (352M instructions against 327M at 2 or
/// 4 MiB); at 8 MiB `tactful check` over the large corpus peaked at 47 MB against 44 MB at 2.
const PATTERN_DFA_SIZE_LIMIT: usize = 2 << 20;
/// How deeply groups and repetitions may nest in a pack pattern.
pub const PATTERN_NEST_LIMIT: u32 = 64;
/// The longest pack pattern, in characters (the shipped packs' longest is about 1,200).
pub const MAX_PATTERN_CHARS: usize = 10_000;
/// The most pattern text in one pack, in characters (the shipped packs' largest has 7,600).
pub const MAX_PACK_PATTERN_CHARS: usize = 100_000;

/// The longest stretch of a pattern quoted back in a message.
const ECHO_CHARS: usize = 80;

fn clip(pattern: &str) -> String {
    match pattern.char_indices().nth(ECHO_CHARS) {
        Some((end, _)) => format!(
            "{}… ({} characters)",
            &pattern[..end],
            pattern.chars().count()
        ),
        None => pattern.to_string(),
    }
}

/// Why one pattern was refused, quoting it.
fn pattern_error(pattern: &str, error: &regex::Error) -> String {
    group_error(&format!("the pattern `{}` is", clip(pattern)), error)
}

/// Why a pattern, or a group of patterns compiled together, was refused; `what` names it and
/// ends with its verb ("the pattern `…` is", "the 3 patterns on lines 4 to 6 are").
fn group_error(what: &str, error: &regex::Error) -> String {
    match error {
        regex::Error::CompiledTooBig(limit) => format!(
            "{what} too big once compiled (over the limit of {} MiB); use fewer or shorter alternatives and smaller repetition counts, or split them into several groups",
            limit >> 20
        ),
        _ => {
            let why = error.to_string();
            let why = why.lines().last().unwrap_or("invalid").trim();
            let why = why.strip_prefix("error: ").unwrap_or(why);
            format!(
                "{what} not a valid regular expression ({why}); patterns use Rust regex syntax (see https://docs.rs/regex), nested at most {PATTERN_NEST_LIMIT} deep"
            )
        }
    }
}

fn parse_pack(source: &PackSource) -> Result<PackFile, PackError> {
    toml::from_str::<PackFile>(&source.text).map_err(|e| PackError {
        path: source.path.clone(),
        line: e.span().map_or(1, |s| line_of(&source.text, s.start)),
        message: format!(
            "{}; the pack format is described in rules/README.md",
            e.message().trim_end_matches('\n')
        ),
    })
}

static EMBEDDED_ENGINE: OnceLock<Result<Engine, PackError>> = OnceLock::new();

impl Engine {
    /// The packs shipped with tactful, compiled once per process.
    pub fn embedded() -> Result<&'static Engine, PackError> {
        EMBEDDED_ENGINE
            .get_or_init(|| Engine::load(&[]))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The embedded packs plus `extra` packs (a pack with an embedded pack's id replaces it).
    pub fn load(extra: &[PackSource]) -> Result<Engine, PackError> {
        let embedded: Vec<PackSource> = EMBEDDED
            .iter()
            .map(|(path, text)| PackSource {
                path: format!("rules/{path}"),
                text: (*text).to_string(),
            })
            .collect();
        // Added packs are parsed first, here: one with an embedded pack's id replaces it (as
        // does a later added pack with an earlier one's id), and what is replaced need not be
        // compiled.
        let mut added: Vec<(&PackSource, PackFile)> = Vec::new();
        for source in extra {
            let file = parse_pack(source)?;
            added.retain(|(_, p)| p.pack.id != file.pack.id);
            added.push((source, file));
        }
        let replaced: HashSet<String> = added.iter().map(|(_, p)| p.pack.id.clone()).collect();
        let added: Vec<std::sync::Mutex<Option<(&PackSource, PackFile)>>> = added
            .into_iter()
            .map(|a| std::sync::Mutex::new(Some(a)))
            .collect();
        let url = URL_PATTERNS.map(|pattern| {
            compile_with(pattern, true).map_err(|e| PackError {
                path: "built-in URL pattern".into(),
                line: 1,
                message: pattern_error(pattern, &e),
            })
        });
        let [web, email] = url;
        let url = std::sync::Arc::new([web?, email?]);
        // Packs parse and compile independently (their regexes are most of the start-up
        // cost), so a few threads, one a core, take them in turn; the parts are then merged
        // in pack order. (A thread a pack cost more memory: each thread that allocates gets
        // its own allocator arena.)
        let count = embedded.len() + added.len();
        // The largest shipped packs first, so that no thread is left compiling a large one
        // alone at the end (their text is a fair guide to their compiling time); added packs
        // come last.
        let mut order: Vec<usize> = (0..count).collect();
        order.sort_by_key(|&i| {
            std::cmp::Reverse(embedded.get(i).map_or(0, |source| source.text.len()))
        });
        let compile_one = |index: usize| -> Result<Option<Part>, PackError> {
            let (source, file, is_embedded) = match embedded.get(index) {
                Some(source) => {
                    let file = parse_pack(source)?;
                    if replaced.contains(&file.pack.id) {
                        return Ok(None);
                    }
                    (source, file, true)
                }
                None => {
                    let taken = added
                        .get(index - embedded.len())
                        .and_then(|slot| slot.lock().ok()?.take());
                    let Some((source, file)) = taken else {
                        return Ok(None);
                    };
                    (source, file, false)
                }
            };
            let loader = Loader {
                source,
                embedded: is_embedded,
                pattern_chars: std::cell::Cell::new(0),
            };
            let mut part = Part {
                engine: Engine::empty(url.clone()),
                extra: (!is_embedded).then(|| source.path.clone()),
                ..Part::default()
            };
            part.engine.add(
                &loader,
                file,
                &mut part.patterns,
                &mut part.not_q,
                &mut part.after,
                &mut part.before,
            )?;
            Ok(Some(part))
        };
        let compiled = std::thread::scope(|scope| {
            // The analysis's own patterns compile alongside; a first check would wait for them.
            scope.spawn(crate::analysis::prepare);
            crate::parallel::map(&order, |&index| compile_one(index))
        });
        let mut done: Vec<(usize, Result<Option<Part>, PackError>)> = order
            .iter()
            .zip(compiled)
            .map(|(&index, part)| {
                (
                    index,
                    part.unwrap_or_else(|| {
                        Err(PackError {
                            path: "rules".into(),
                            line: 1,
                            message: "compiling a pack failed inside tactful; this is a bug".into(),
                        })
                    }),
                )
            })
            .collect();
        done.sort_by_key(|(index, _)| *index);
        let parts: Vec<Result<Part, PackError>> = done
            .into_iter()
            .filter_map(|(_, part)| part.transpose())
            .collect();
        let mut engine = Engine::empty(url);
        let mut patterns: Vec<String> = Vec::new();
        let mut not_q: Vec<String> = Vec::new();
        let mut after: Vec<String> = Vec::new();
        let mut before: Vec<String> = Vec::new();
        // The added packs contributing to each set of patterns joined across packs, to name
        // them if the joined set is refused.
        let mut contributors: [Vec<String>; 3] = Default::default();
        for part in parts {
            let part = part?;
            if let Some(path) = &part.extra {
                for (list, added) in
                    contributors
                        .iter_mut()
                        .zip([&part.not_q, &part.after, &part.before])
                {
                    if !added.is_empty() {
                        list.push(path.clone());
                    }
                }
            }
            patterns.extend(part.patterns);
            not_q.extend(part.not_q);
            after.extend(part.after);
            before.extend(part.before);
            engine.merge(part.engine);
        }
        let [not_q_from, after_from, before_from] = &contributors;
        // The term matcher and the patterns joined across packs are independent: build the
        // matcher on a second thread while this one compiles the joined patterns.
        let code_token_patterns = &engine.code_token_patterns;
        let (matcher, joined) = std::thread::scope(|scope| {
            let matcher = scope.spawn(|| {
                // Each code-token pattern compiled on its own, so together they compile too;
                // should the whole be refused all the same (it is larger), each is searched
                // on its own.
                let starts = if code_token_patterns.is_empty() {
                    None
                } else {
                    crate::pattern::Starts::build(code_token_patterns, pattern_options(false, true))
                        .ok()
                };
                if patterns.is_empty() {
                    return (Ok(None), starts);
                }
                let matcher = crate::terms::TermMatcher::new(&patterns)
                    .map(Some)
                    .map_err(|e| PackError {
                        path: "jargon terms".into(),
                        line: 1,
                        message: format!(
                            "the jargon terms of all packs together could not be compiled: {e}; remove terms from the added packs"
                        ),
                    });
                (matcher, starts)
            });
            // The three joined sets compile side by side too.
            // Only a ticket's sentences are asked whether they are questions: the shipped
            // patterns compile when a ticket is first read; with a user's among them, now,
            // so that a refused set is reported at load.
            let not_q = scope.spawn(|| {
                if not_q_from.is_empty() {
                    Ok((!not_q.is_empty()).then(|| {
                        Regex::lazy(
                            &join_alternatives(not_q.iter().map(String::as_str)),
                            compile_match_only,
                        )
                    }))
                } else {
                    join_regexes(&not_q, "not-a-question", not_q_from, compile_match_only)
                }
            });
            let after =
                scope.spawn(|| join_regexes(&after, "explanation.after", after_from, compile));
            let before = join_regexes(&before, "explanation.before", before_from, compile);
            let failed = || {
                Err(PackError {
                    path: "rules".into(),
                    line: 1,
                    message: "compiling the joined patterns failed inside tactful; this is a bug"
                        .into(),
                })
            };
            let joined = (|| {
                Ok::<_, PackError>((
                    not_q.join().unwrap_or_else(|_| failed())?,
                    after.join().unwrap_or_else(|_| failed())?,
                    before?,
                ))
            })();
            let matcher = matcher.join().unwrap_or_else(|_| {
                (
                    Err(PackError {
                        path: "jargon terms".into(),
                        line: 1,
                        message: "compiling the jargon terms failed inside tactful; this is a bug"
                            .into(),
                    }),
                    None,
                )
            });
            (matcher, joined)
        });
        (
            engine.not_a_question,
            engine.explained_after,
            engine.explained_before,
        ) = joined?;
        let (matcher, starts) = matcher;
        engine.term_matcher = matcher?;
        engine.code_token_starts = starts;
        engine.spellings = patterns;
        engine.term_words = engine
            .terms
            .iter()
            .map(|t| {
                t.term
                    .to_lowercase()
                    .split([' ', '-'])
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        Ok(engine)
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        loader: &Loader<'_>,
        file: PackFile,
        patterns: &mut Vec<String>,
        not_q: &mut Vec<String>,
        after: &mut Vec<String>,
        before: &mut Vec<String>,
    ) -> Result<(), PackError> {
        let pack_id = file.pack.id.clone();
        for def in file.term {
            let index = self.terms.len();
            for spelling in std::iter::once(&def.term).chain(def.also.iter()) {
                let spelling = spelling.trim();
                if spelling.is_empty() {
                    continue;
                }
                patterns.push(spelling.to_string());
                self.term_of_pattern.push(index);
            }
            self.terms.push(Term {
                term: def.term,
                plain: def.plain,
                explain: def.explain,
                unknown_to: def.unknown_to,
                case_sensitive: def.case_sensitive,
                pack: pack_id.clone(),
            });
        }
        if let Some(lexicon) = file.lexicon {
            self.lexicon_lists.push((lexicon.families, lexicon.related));
        }
        for list in file.english_words.into_values() {
            let span = list.span();
            let list = list.into_inner();
            // The shipped lists are checked by the test suite, not at every start.
            if !loader.embedded
                && let Some(word) = list
                    .split_ascii_whitespace()
                    .find(|w| !w.bytes().all(|b| b.is_ascii_lowercase()))
            {
                return Err(loader.error(
                    span.start,
                    format!(
                        "“{word}” in [english-words] is not a word of lowercase letters a-z; write words in lowercase without accents, separated by spaces"
                    ),
                ));
            }
            self.english_lists.push(list);
        }
        if let Some(def) = file.amount_cue {
            let weight = *def.weight.get_ref();
            if !(0.0..=MAX_CUE_WEIGHT).contains(&weight) {
                return Err(loader.error(
                    def.weight.span().start,
                    format!(
                        "`weight` {} is out of range: use a number from 0 to {MAX_CUE_WEIGHT}",
                        crate::config::show_number(weight)
                    ),
                ));
            }
            self.amount_cue = Some(AmountCue {
                weight,
                at_least: def.at_least,
                signs: def.signs.split_whitespace().map(str::to_string).collect(),
                units: def
                    .units
                    .split_whitespace()
                    .map(str::to_lowercase)
                    .collect(),
            });
        }
        if let Some(def) = file.valence {
            let (mild, strong) = (*def.mild.get_ref(), *def.strong.get_ref());
            if !(mild > 0.0 && mild.is_finite()) {
                return Err(loader.error(
                    def.mild.span().start,
                    "`mild` must be a number above 0: the distress score at which the signal alone is a mild need",
                ));
            }
            if !(strong >= mild && strong.is_finite()) {
                return Err(loader.error(
                    def.strong.span().start,
                    "`strong` must be a number no lower than `mild`: the distress score at which the signal alone is a strong need",
                ));
            }
            let mut lists = Vec::new();
            for list in def.words.into_values() {
                let span = list.span();
                let list = list.into_inner();
                // The shipped lexicon is checked by the test suite, not at every start.
                if !loader.embedded
                    && let Some(entry) = crate::valence::Valence::bad_entry(&list)
                {
                    return Err(loader.error(
                        span.start,
                        format!(
                            "“{entry}” in [valence.words] is not a lowercase word and its valence (write `word:-2.1`, separated by spaces)"
                        ),
                    ));
                }
                lists.push(list);
            }
            self.valence = Some(crate::valence::Valence::new(
                mild,
                strong,
                def.negation_window,
                def.negated_positive,
                def.intensified,
                def.capitals,
                def.exclamation,
                &def.negators,
                &def.intensifiers,
                &def.conditionals,
                lists,
            ));
        }
        if let Some(common) = file.common {
            self.common_acronyms.extend(common.acronyms);
            self.names.extend(common.names);
        }
        for def in file.placeholder {
            loader.measure(&def.pattern)?;
            let regex = compile_cased(def.pattern.get_ref()).map_err(|e| {
                loader.error(
                    def.pattern.span().start,
                    pattern_error(def.pattern.get_ref(), &e),
                )
            })?;
            self.placeholders.push((def.name, regex, def.always));
        }
        for def in file.code_token {
            loader.measure(&def.pattern)?;
            let regex = compile_cased(def.pattern.get_ref()).map_err(|e| {
                loader.error(
                    def.pattern.span().start,
                    pattern_error(def.pattern.get_ref(), &e),
                )
            })?;
            self.code_tokens.push((def.name, regex));
            self.code_token_patterns
                .push(crate::pattern::prepare(def.pattern.get_ref()));
        }
        for def in file.question_type {
            if let Some(regex) = loader.ticket_matcher(&def.patterns)? {
                self.question_types.push((def.kind, regex, def.answered_by));
            }
        }
        for def in file.indirect_question {
            if let Some(regex) = loader.ticket_matcher(&def.patterns)? {
                self.indirect_questions.push((def.kind, regex));
            }
        }
        if let Some(def) = file.not_a_question {
            not_q.extend(loader.patterns(&def.patterns)?);
        }
        if let Some(def) = file.question_opener {
            loader.measure(&def.pattern)?;
            let opener =
                QuestionOpener::new(def.pattern.get_ref(), !loader.embedded).map_err(|e| {
                    loader.error(
                        def.pattern.span().start,
                        pattern_error(def.pattern.get_ref(), &e),
                    )
                })?;
            self.question_opener = Some(opener);
        }
        for def in file.answer_cue {
            if let Some(regex) = loader.ticket_matcher(&def.patterns)? {
                self.answer_cues.push((def.kind, regex));
            }
        }
        let need_groups: Vec<&[Spanned<String>]> = file
            .need_cue
            .iter()
            .map(|d| d.patterns.as_slice())
            .collect();
        let ack_groups: Vec<&[Spanned<String>]> = file
            .ack_phrase
            .iter()
            .map(|d| d.patterns.as_slice())
            .collect();
        for def in &file.need_cue {
            let weight = *def.weight.get_ref();
            if !(0.0..=MAX_CUE_WEIGHT).contains(&weight) {
                return Err(loader.error(
                    def.weight.span().start,
                    format!(
                        "`weight` {} is out of range: use a number from 0 to {MAX_CUE_WEIGHT} (1 or more in total is a mild need, 2 or more a strong one)",
                        crate::config::show_number(weight)
                    ),
                ));
            }
        }
        // A shipped pack's cues are compiled when a ticket first needs them (a draft checked
        // without one never does: canned responses in CI, the corpus); a user's pack is
        // compiled now, so that an error names its file and line at once.
        let groups = [need_groups, ack_groups.clone()].concat();
        let mut compiled = if loader.embedded {
            for group in &groups {
                for p in group.iter() {
                    loader.measure(p)?;
                }
            }
            groups
                .iter()
                .map(|g| {
                    (!g.is_empty()).then(|| {
                        Regex::deferred(
                            &crate::pattern::prepare(&join_patterns(g)),
                            pattern_options(true, false),
                        )
                    })
                })
                .collect::<Vec<_>>()
        } else {
            loader.regexes(&groups)?
        }
        .into_iter();
        let need_regexes: Vec<Option<Regex>> =
            compiled.by_ref().take(file.need_cue.len()).collect();
        let ack_regexes: Vec<Option<Regex>> = compiled.collect();
        for (def, regex) in file.need_cue.into_iter().zip(need_regexes) {
            let weight = *def.weight.get_ref();
            if let Some(regex) = regex {
                self.need_cues.push(NeedCue {
                    kind: def.kind,
                    weight,
                    describe: def.describe,
                    names_situation: def.names_situation,
                    min_matches: def.min_matches.unwrap_or(1).max(1),
                    regex,
                });
            }
        }
        for (def, regex) in file.ack_phrase.into_iter().zip(ack_regexes) {
            if let Some(regex) = regex {
                self.ack_phrases.push((def.strength, regex));
            }
        }
        if let Some(def) = file.explanation {
            after.extend(loader.patterns(&def.after)?);
            before.extend(loader.patterns(&def.before)?);
            if let Some(regex) = loader.regex(&def.next)? {
                self.explained_next.push(regex);
            }
        }
        if let Some(words) = file.words {
            let stemmer = crate::analysis::stemmer();
            self.stopwords
                .extend(words.stopwords.iter().map(|w| w.to_lowercase()));
            self.common_words.extend(
                words
                    .common
                    .iter()
                    .map(|w| stemmer.stem(&w.to_lowercase()).into_owned()),
            );
            self.system_parts
                .extend(words.system_parts.iter().map(|w| w.to_lowercase()));
            self.everyday_prefixes
                .extend(words.everyday_prefixes.iter().map(|w| w.to_lowercase()));
            self.lead_words
                .extend(words.lead_words.iter().map(|w| w.to_lowercase()));
            self.keyword_verbs
                .extend(words.keyword_verbs.iter().map(|w| w.to_lowercase()));
            self.abbreviations
                .extend(words.abbreviations.iter().map(|w| w.to_lowercase()));
            self.continuing_abbreviations.extend(
                words
                    .continuing_abbreviations
                    .iter()
                    .map(|w| w.to_lowercase()),
            );
            if let Some(classes) = &words.answer_classes {
                for (class, list) in [
                    (AnswerClass::Time, &classes.time),
                    (AnswerClass::Money, &classes.money),
                    (AnswerClass::Reason, &classes.reason),
                ] {
                    for w in list {
                        let stem = stemmer.stem(&w.to_lowercase()).into_owned();
                        self.answer_classes.entry(stem).or_insert(class);
                    }
                }
                self.named_classes.extend(
                    classes
                        .named
                        .iter()
                        .map(|w| stemmer.stem(&w.to_lowercase()).into_owned()),
                );
            }
            self.situation_words.extend(
                words
                    .situation
                    .iter()
                    .map(|w| stemmer.stem(&w.to_lowercase()).into_owned()),
            );
            for group in words.synonyms {
                // Multi-word entries ("money back") are stemmed word by word, joined by a space.
                let mut stems = group.iter().map(|w| {
                    w.to_lowercase()
                        .split_whitespace()
                        .map(|part| stemmer.stem(part).into_owned())
                        .collect::<Vec<_>>()
                        .join(" ")
                });
                let Some(head) = stems.next() else { continue };
                for stem in stems {
                    self.synonyms.entry(stem).or_insert_with(|| head.clone());
                }
            }
        }
        for def in file.tone {
            if crate::rules::meta(&def.rule).is_none() {
                return Err(loader.error(
                    def.patterns.first().map_or(0, |p| p.span().start),
                    format!("`{}` is not a rule id; tone phrases belong to condescension or generic-apology", def.rule),
                ));
            }
            if let Some(regex) = loader.regex(&def.patterns)? {
                self.tone.push((def.rule, regex));
            }
        }
        for example in file.example {
            self.examples.push((loader.source.path.clone(), example));
        }
        Ok(())
    }

    /// Every jargon term loaded.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Every spelling of a term (its `term` and `also` entries).
    pub(crate) fn term_spellings(&self, index: usize) -> impl Iterator<Item = &str> {
        self.spellings
            .iter()
            .zip(&self.term_of_pattern)
            .filter(move |(_, t)| **t == index)
            .map(|(s, _)| s.as_str())
    }

    /// The worked examples of every pack, with the pack's file name.
    pub fn examples(&self) -> &[(String, Example)] {
        &self.examples
    }

    /// Compiles now what is otherwise compiled when a check first reads a ticket (the
    /// patterns only a ticket is asked about, and the stemmed lexicon of words related in
    /// meaning: [`Engine::ticket_ready`]). For a long-running front end such as the language
    /// server: called on a thread of its own once the engine is loaded, it takes that work
    /// out of the first check with a ticket.
    /// A check that needs them meanwhile waits for this compilation rather than repeating it.
    pub fn compile_deferred(&self) {
        self.ticket_ready();
    }

    /// Compiles what only reading a ticket needs, which the shipped packs leave until then
    /// (question and answer kinds, the question opener, the need cues and acknowledgement
    /// phrases, the analysis's question patterns, the stemmed lexicon of words related in
    /// meaning, the distress lexicon), side by side, if it isn't yet: called
    /// before a ticket is first read, and by a language server as soon as it starts.
    pub(crate) fn ticket_ready(&self) {
        self.ticket_compiled.get_or_init(|| {
            let opener = self
                .question_opener
                .as_ref()
                .filter(|opener| !opener.is_compiled());
            let regexes: Vec<&Regex> = self
                .question_types
                .iter()
                .map(|(_, r, _)| r)
                .chain(self.indirect_questions.iter().map(|(_, r)| r))
                .chain(self.answer_cues.iter().map(|(_, r)| r))
                .chain(self.not_a_question.iter())
                .chain(self.need_cues.iter().map(|c| &c.regex))
                .chain(self.ack_phrases.iter().map(|(_, r)| r))
                .collect();
            // What is not a pack pattern (about as long to build as the costliest pattern)
            // is one more job for the same threads.
            crate::pattern::compile_now(&regexes, &|| {
                crate::analysis::questions::prepare();
                if let Some(opener) = opener {
                    opener.regexes();
                }
                self.lexicon();
                if let Some(valence) = &self.valence {
                    valence.words();
                }
            });
        });
    }

    /// The patterns of bare URLs and web addresses, and of email addresses.
    pub(crate) fn url_patterns(&self) -> &[Regex] {
        self.url.as_slice()
    }

    pub(crate) fn placeholder_patterns(&self) -> impl Iterator<Item = (&str, &Regex, bool)> {
        self.placeholders
            .iter()
            .map(|(n, r, a)| (n.as_str(), r, *a))
    }
}

/// Placeholder and code-token patterns are case-sensitive (`TODO` is, `todo` is not).
fn compile_cased(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::build(
        &crate::pattern::prepare(pattern),
        pattern_options(false, true),
    )
}

/// The largest weight a need cue may carry.
const MAX_CUE_WEIGHT: f64 = 10.0;

/// Joins one kind of pattern from every pack into one regex; `added` names the packs beyond
/// the embedded ones that contributed, for the message if the whole is refused.
fn join_regexes(
    patterns: &[String],
    what: &str,
    added: &[String],
    build: fn(&str) -> Result<Regex, regex::Error>,
) -> Result<Option<Regex>, PackError> {
    if patterns.is_empty() {
        return Ok(None);
    }
    build(&join_alternatives(patterns.iter().map(String::as_str)))
        .map(Some)
        .map_err(|e| PackError {
            path: if added.is_empty() {
                "rules".into()
            } else {
                added.join(", ")
            },
            line: 1,
            message: group_error(
                &format!(
                    "the `{what}` patterns of all packs together ({} patterns) are",
                    patterns.len()
                ),
                &e,
            ),
        })
}

/// Patterns as one alternation.
fn join_alternatives<'a>(patterns: impl IntoIterator<Item = &'a str>) -> String {
    patterns
        .into_iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|")
}

/// Bare URLs and web addresses written in prose, then email addresses. They are two patterns,
/// not one alternation: each then has a literal to look for first ("http", "www.", the "@"),
/// where together they had to run an automaton over every byte.
const URL_PATTERNS: [&str; 2] = [
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>()\[\]]+",
    r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped packs' need cues and acknowledgement phrases are compiled only when a
    /// ticket needs them, so nothing at start-up says whether they compile: this does.
    #[test]
    fn deferred_shipped_patterns_compile() {
        let engine = Engine::load(&[]).expect("the shipped packs load");
        let opener = engine
            .question_opener
            .as_ref()
            .expect("the shipped packs have a question opener");
        assert!(
            !opener.is_compiled(),
            "the shipped opener waits for a ticket"
        );
        assert!(opener.regexes().is_some(), "the shipped opener compiles");
        // Question and answer kinds wait for a ticket too, and compile.
        let ticket_only: Vec<&Regex> = engine
            .question_types
            .iter()
            .map(|(_, r, _)| r)
            .chain(engine.indirect_questions.iter().map(|(_, r)| r))
            .chain(engine.answer_cues.iter().map(|(_, r)| r))
            .chain(engine.not_a_question.iter())
            .collect();
        assert!(ticket_only.len() > 10);
        for regex in &ticket_only {
            assert!(!regex.is_compiled(), "{regex:?} waits for a ticket");
        }
        engine.ticket_ready();
        for regex in &ticket_only {
            assert!(
                regex.is_compiled(),
                "{regex:?} is compiled once a ticket is read"
            );
            assert!(regex.compiles(), "{regex:?} compiles");
        }
        assert!(!engine.need_cues.is_empty());
        assert!(!engine.ack_phrases.is_empty());
        for cue in &engine.need_cues {
            assert!(
                cue.regex.compiles(),
                "need cue {} does not compile",
                cue.kind
            );
        }
        for (strength, regex) in &engine.ack_phrases {
            assert!(regex.compiles(), "{strength:?} phrase does not compile");
        }
    }

    /// A user's pack is compiled at once, so a bad cue names its file and line.
    #[test]
    fn a_bad_cue_in_a_user_pack_is_reported_at_load() {
        let pack = PackSource {
            path: "mine.toml".into(),
            text: "[pack]\nid = \"mine\"\ndescription = \"one cue\"\n\n[[need-cue]]\nkind = \"money\"\nweight = 1.0\npatterns = ['(unclosed']\n".into(),
        };
        let error =
            Engine::load(std::slice::from_ref(&pack)).expect_err("a bad pattern is refused");
        assert_eq!(error.path, "mine.toml");
        assert_eq!(error.line, 8, "{error:?}");
        assert!(error.message.contains("(unclosed"), "{}", error.message);
    }

    /// A user's question and answer kinds compile at load (the shipped ones wait for a
    /// ticket), so a bad pattern names its file and line.
    #[test]
    fn a_bad_question_kind_in_a_user_pack_is_reported_at_load() {
        let pack = PackSource {
            path: "kinds.toml".into(),
            text: "[pack]\nid = \"kinds\"\n\n[[question-type]]\nkind = \"quantity\"\npatterns = ['how (long']\nanswered-by = [\"duration\"]\n".into(),
        };
        let error =
            Engine::load(std::slice::from_ref(&pack)).expect_err("a bad pattern is refused");
        assert_eq!(
            (error.path.as_str(), error.line),
            ("kinds.toml", 6),
            "{error:?}"
        );
        let good = PackSource {
            path: "kinds.toml".into(),
            text: "[pack]\nid = \"kinds\"\n\n[[question-type]]\nkind = \"quantity\"\npatterns = ['how long']\nanswered-by = [\"duration\"]\n".into(),
        };
        let engine = Engine::load(std::slice::from_ref(&good)).expect("loads");
        let (_, added, _) = engine.question_types.last().expect("a question type");
        assert!(added.is_compiled(), "a user's pattern is compiled at load");
    }

    /// A user's question opener (here in a pack replacing the shipped `questions` pack) is
    /// compiled at load (the shipped one waits for a ticket), and a good one is used.
    #[test]
    fn a_user_question_opener_is_compiled_at_load() {
        let pack = |pattern: &str| PackSource {
            path: "opener.toml".into(),
            text: format!(
                "[pack]\nid = \"questions\"\n\n[question-opener]\npattern = '{pattern}'\n"
            ),
        };
        let error = Engine::load(&[pack("(can you")]).expect_err("a bad opener is refused");
        assert_eq!(
            (error.path.as_str(), error.line),
            ("opener.toml", 5),
            "{error:?}"
        );
        let engine = Engine::load(&[pack("can you")]).expect("loads");
        let opener = engine.question_opener.as_ref().expect("an opener");
        assert!(opener.is_compiled());
        let regexes = opener.regexes().expect("compiled");
        assert!(regexes.opens_asking.is_match("Hi, can you help?"));
    }

    /// The shipped common-word lists hold only lowercase words a-z (a user's lists are
    /// checked at load; the shipped ones here, not at every start).
    #[test]
    fn shipped_english_words_are_lowercase_words() {
        let engine = Engine::load(&[]).expect("the shipped packs load");
        assert!(engine.has_english());
        for list in &engine.english_lists {
            for word in list.split_ascii_whitespace() {
                assert!(word.bytes().all(|b| b.is_ascii_lowercase()), "{word:?}");
            }
        }
    }

    /// A user's common words are added to the shipped ones; a word that is not lowercase
    /// a-z is refused with its line; replacing the shipped lists with empty ones turns the
    /// rarity signal off.
    #[test]
    fn english_words_in_a_user_pack() {
        let pack = |text: &str| PackSource {
            path: "words.toml".into(),
            text: text.into(),
        };
        let added = pack("[pack]\nid = \"ours\"\n\n[english-words]\nours = 'selvedge denim'\n");
        let engine = Engine::load(std::slice::from_ref(&added)).expect("loads");
        assert!(engine.english().is_common("selvedge"));
        let bad = pack("[pack]\nid = \"ours\"\n\n[english-words]\nours = 'fine Café'\n");
        let error = Engine::load(std::slice::from_ref(&bad)).expect_err("refused");
        assert_eq!(
            (error.path.as_str(), error.line),
            ("words.toml", 5),
            "{error:?}"
        );
        assert!(error.message.contains("Café"), "{}", error.message);
        let off = [
            pack("[pack]\nid = \"english-words\"\n"),
            pack("[pack]\nid = \"everyday-words\"\n"),
        ];
        assert!(!Engine::load(&off).expect("loads").has_english());
    }
    /// The shipped valence lexicon parses whole: every entry a lowercase word and a finite
    /// valence, the negative words in it, the calm support words left out.
    #[test]
    fn shipped_valence_lexicon_is_well_formed() {
        let engine = Engine::load(&[]).expect("the shipped packs load");
        let valence = engine
            .valence
            .as_ref()
            .expect("the shipped packs have a lexicon");
        for list in &valence.lists {
            assert_eq!(crate::valence::Valence::bad_entry(list), None);
        }
        let words = valence.words();
        let entries: usize = valence
            .lists
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum();
        assert_eq!(words.len(), entries, "no word is listed twice");
        assert!(words.get("furious").is_some_and(|v| *v < -2.0));
        assert!(words.get("happy").is_some_and(|v| *v > 1.5));
        // Mildly negative words that name what a calm request is about are not read.
        for calm in ["pay", "leave", "offline", "sorry"] {
            assert!(!words.contains_key(calm), "{calm}");
        }
        assert!(valence.mild > 0.0 && valence.strong >= valence.mild);
        assert!(engine.amount_cue.is_some());
    }

    /// A user's pack may replace the lexicon and the amount cue; a malformed entry or
    /// threshold is refused with its line; an empty pack of the same id turns the signal off.
    #[test]
    fn valence_in_a_user_pack() {
        let pack = |text: &str| PackSource {
            path: "valence.toml".into(),
            text: text.into(),
        };
        let table = "[pack]\nid = \"valence\"\n\n[valence]\nmild = 2.0\nstrong = 4.0\nnegation-window = 3\nnegated-positive = 0.7\nintensified = 1.3\ncapitals = 1.5\nexclamation = 0.5\nnegators = \"not\"\n\n[valence.words]\n";
        let ours = pack(&format!("{table}w = 'woeful:-2.5 wretched:-3'\n"));
        let engine = Engine::load(std::slice::from_ref(&ours)).expect("loads");
        let valence = engine.valence.as_ref().expect("replaced");
        assert_eq!(valence.mild, 2.0);
        assert_eq!(valence.words().len(), 2);
        let bad = pack(&format!("{table}w = 'woeful:-2.5 Wretched'\n"));
        let error = Engine::load(std::slice::from_ref(&bad)).expect_err("refused");
        assert_eq!(error.line, 15, "{error:?}");
        assert!(error.message.contains("Wretched"), "{}", error.message);
        let low = pack(&table.replace("strong = 4.0", "strong = 1.0"));
        let error = Engine::load(std::slice::from_ref(&low)).expect_err("refused");
        assert!(error.message.contains("`strong`"), "{}", error.message);
        let off = Engine::load(&[pack("[pack]\nid = \"valence\"\n")]).expect("loads");
        assert!(off.valence.is_none());
    }
}
