//! How strongly a ticket calls for acknowledgement, and whether the draft's opening gives it.
//!
//! Need comes from cues in the ticket, in the words customers really use: frustration, a
//! deadline, stakes (a client, a launch, lost sales), effort already spent, repeated contact,
//! loss, being locked out, money taken, dependence, and shouting. Each kind counts once, with
//! its weight; the sum decides the need (none, mild, strong).
//!
//! The draft's opening (its first sentences after the greeting) is read for acknowledgement
//! phrases. Boilerplate ("We apologize for any inconvenience") counts for less than genuine
//! empathy, reassurance or responsibility, and a line that names the customer's situation
//! (the launch, the six hours) counts most.

use std::collections::HashSet;

use crate::analysis::{TextAnalysis, stem};
use crate::packs::{AckStrength, Engine};
use crate::text::TextRange;
use crate::valence::Distress;

/// How much acknowledgement the ticket calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    /// A calm question: none needed.
    None,
    /// Some strain: a line of acknowledgement helps.
    Mild,
    /// Frustration, stakes or lost time: acknowledgement is needed.
    Strong,
}

/// How well the draft acknowledges the customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Given {
    /// Nothing.
    None,
    /// Only stock phrases.
    Boilerplate,
    /// Real empathy, reassurance or responsibility, but only after the opening.
    Late,
    /// Real empathy, reassurance or responsibility in the opening.
    Genuine,
    /// Names the customer's actual situation.
    Specific,
}

/// A cue in the ticket.
#[derive(Clone, Debug, PartialEq)]
pub struct Cue {
    /// Its kind (deadline, effort, …).
    pub kind: String,
    /// Where in the ticket.
    pub range: TextRange,
    /// Its weight.
    pub weight: f64,
}

/// The verdict on acknowledgement.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// The need and its score.
    pub need: Need,
    /// The summed weight of the cues.
    pub score: f64,
    /// The cues found (first of each kind).
    pub cues: Vec<Cue>,
    /// The distress signal: negative words of the ticket, scored with the valence lexicon
    /// (its weight is part of `score`, and a cue of kind `distress` points at its strongest word).
    pub distress: Distress,
    /// What the draft gives.
    pub given: Given,
    /// The draft phrase that counted, if any.
    pub phrase: Option<TextRange>,
    /// The draft's opening: where a finding points and where an opener goes.
    pub opening: TextRange,
    /// Where to insert an acknowledgement (after the greeting).
    pub insert_at: usize,
}

/// Scores the ticket's need for acknowledgement.
pub(crate) fn need(engine: &Engine, ticket: &TextAnalysis<'_>) -> (Need, f64, Vec<Cue>, Distress) {
    engine.ticket_ready();
    let prose = ticket.view.masked.as_str();
    let hypothetical = hypothetical_parts(ticket);
    let mut cues: Vec<Cue> = Vec::new();
    for cue in &engine.need_cues {
        if cues.iter().any(|c| c.kind == cue.kind) {
            continue;
        }
        let mut real = cue.regex.find_iter(prose).filter(|m| {
            !hypothetical
                .iter()
                .any(|h| h.contains_range(TextRange::new(m.start(), m.end())))
        });
        let found = real.next();
        if cue.min_matches > 1 && real.take(cue.min_matches - 1).count() + 1 < cue.min_matches {
            continue;
        }
        if let Some(m) = found {
            cues.push(Cue {
                kind: cue.kind.clone(),
                range: TextRange::new(m.start(), m.end()),
                weight: cue.weight,
            });
        }
    }
    if let Some(range) = shouting(engine, ticket) {
        cues.push(Cue {
            kind: "shouting".into(),
            range,
            weight: 1.0,
        });
    }
    // The broad signals below read only what the customer wrote now: not a case they only
    // imagine, nor earlier mail quoted below.
    let unread: Vec<TextRange> = hypothetical
        .iter()
        .copied()
        .chain(earlier_mail(ticket))
        .collect();
    if let Some(amount) = &engine.amount_cue
        && let Some(range) = sum_of_money(amount, ticket, &unread)
    {
        cues.push(Cue {
            kind: "amount".into(),
            range,
            weight: amount.weight,
        });
    }
    // The distress signal adds to the cues in proportion to its score: broad where the cues
    // are phrases, so it can raise the need they found, never lower it.
    let distress = engine.valence.as_ref().map_or_else(Distress::default, |v| {
        v.score(
            prose,
            ticket
                .sentences
                .iter()
                .map(|s| (s.range, ticket.sentence_words(s))),
            // A word a cue matched on its own ("worried" as a concern, "awful" as
            // frustration) is not counted a second time.
            |r| unread.iter().any(|h| h.contains_range(r)) || cues.iter().any(|c| c.range == r),
        )
    });
    if distress.weight > 0.0
        && let Some(&(range, _)) = distress.words.first()
    {
        cues.push(Cue {
            kind: "distress".into(),
            range,
            weight: distress.weight,
        });
    }
    let score: f64 = cues.iter().map(|c| c.weight).sum();
    let need = if score >= 2.0 {
        Need::Strong
    } else if score >= 1.0 {
        Need::Mild
    } else {
        Need::None
    };
    cues.sort_by_key(|c| c.range);
    (need, score, cues, distress)
}

/// Earlier mail quoted in the ticket: lines quoted one level deeper than the ticket's own
/// prose (">" in a ticket file, ">>" in a ticket quoted in the draft), and everything after a
/// line that introduces the earlier message ("On 3 Oct, Dev wrote:").
fn earlier_mail(ticket: &TextAnalysis<'_>) -> Vec<TextRange> {
    let text = ticket.text;
    let masked = ticket.view.masked.as_str();
    // Each line with its quote depth and what follows the markers.
    let lines = || {
        let mut at = 0;
        text.split_inclusive('\n').map(move |line| {
            let range = TextRange::new(at, at + line.len());
            at += line.len();
            let mut depth = 0;
            let mut rest = line.trim_start();
            while let Some(r) = rest.strip_prefix('>') {
                depth += 1;
                rest = r.trim_start();
            }
            (range, depth, rest.trim_end())
        })
    };
    let own = lines()
        .filter(|(r, _, _)| {
            masked
                .get(r.start..r.end)
                .is_some_and(|p| !p.trim().is_empty())
        })
        .map(|(_, depth, _)| depth)
        .min()
        .unwrap_or(0);
    let mut out: Vec<TextRange> = Vec::new();
    for (range, depth, rest) in lines() {
        if depth > own {
            match out.last_mut() {
                Some(last) if last.end == range.start => *last = last.cover(range),
                _ => out.push(range),
            }
        } else if depth == own && rest.ends_with("wrote:") && rest.len() < 200 {
            out.push(TextRange::new(range.start, text.len()));
            break;
        }
    }
    out
}

/// The first sum of money in the ticket's prose of at least the cue's size: a currency sign
/// before a number ("$1,600", "£ 450.50") or a currency word after one ("400 dollars"). What
/// is at stake, in the customer's own figures; not in a case they only imagine.
fn sum_of_money(
    cue: &crate::packs::AmountCue,
    ticket: &TextAnalysis<'_>,
    hypothetical: &[TextRange],
) -> Option<TextRange> {
    let prose = ticket.view.masked.as_str();
    let real = |r: TextRange| !hypothetical.iter().any(|h| h.contains_range(r));
    // The number starting at `at` (digits, with "," and "." inside), and where it ends.
    let number_at = |at: usize| -> Option<(f64, usize)> {
        let rest = prose.get(at..)?;
        let len = rest
            .char_indices()
            .take_while(|&(i, c)| {
                c.is_ascii_digit()
                    || ((c == ',' || c == '.')
                        && i > 0
                        && rest[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
            })
            .map(|(i, c)| i + c.len_utf8())
            .last()?;
        // "1,600", "2.500" and "1.234,50": a separator before three digits groups
        // thousands; any other starts the decimals, which don't matter here.
        let mut groups = rest[..len].split([',', '.']);
        let mut value: f64 = groups.next()?.parse().ok()?;
        for group in groups {
            if group.len() != 3 {
                break;
            }
            value = value * 1000.0 + group.parse::<f64>().ok()?;
        }
        Some((value, at + len))
    };
    for sign in &cue.signs {
        for (at, _) in prose.match_indices(sign.as_str()) {
            let mut start = at + sign.len();
            if prose[start..].starts_with(' ') {
                start += 1;
            }
            if let Some((value, end)) = number_at(start) {
                let range = TextRange::new(at, end);
                if value >= cue.at_least && real(range) {
                    return Some(range);
                }
            }
        }
    }
    if !cue.units.is_empty() {
        let mut buf = String::new();
        for pair in ticket.words.windows(2) {
            let [number, unit] = pair else { continue };
            buf.clear();
            buf.push_str(unit.range.slice(prose));
            buf.make_ascii_lowercase();
            if !cue.units.contains(buf.as_str()) {
                continue;
            }
            if let Some((value, end)) = number_at(number.range.start)
                && end == number.range.end
            {
                let range = TextRange::new(number.range.start, unit.range.end);
                if value >= cue.at_least && real(range) {
                    return Some(range);
                }
            }
        }
    }
    None
}

/// The parts of the ticket's questions that follow an "if" ("If the airline cancels my flight,
/// do I get back the $35 I paid for my bag?"): a cue there is a case the customer imagines, not
/// something that happened to them. Only questions: "if this isn't fixed by Friday I'll go to my
/// bank" is a threat, and stays a cue.
fn hypothetical_parts(ticket: &TextAnalysis<'_>) -> Vec<TextRange> {
    ticket
        .sentences
        .iter()
        .filter_map(|s| {
            let text = ticket.prose(s.range);
            if !text.trim_end().ends_with('?') {
                return None;
            }
            let lower = text.to_ascii_lowercase();
            let at = ["if ", "in case ", "suppose ", "supposing "]
                .iter()
                .filter_map(|w| {
                    lower.match_indices(w).find_map(|(i, _)| {
                        let starts_word = lower[..i]
                            .chars()
                            .next_back()
                            .is_none_or(|c| !c.is_alphanumeric());
                        starts_word.then_some(i)
                    })
                })
                .min()?;
            Some(TextRange::new(s.range.start + at, s.range.end))
        })
        .collect()
}

/// Three or more words in capitals that are not acronyms, in one sentence: the customer is
/// shouting. Counted per sentence so that a technical ticket naming a few capitalised protocol
/// words in different sentences ("the REST API", "GET /contacts", "PATCH /contacts") is not
/// taken for shouting; a single word in capitals for emphasis is a cue in the packs.
fn shouting(engine: &Engine, ticket: &TextAnalysis<'_>) -> Option<TextRange> {
    ticket.sentences.iter().find_map(|s| {
        let mut first = None;
        let mut count = 0;
        for w in ticket.sentence_words(s) {
            let t = w.range.slice(&ticket.view.masked);
            if t.chars().count() >= 3
                && t.chars().all(|c| c.is_uppercase() || c == '\'')
                && !engine.common_acronyms.contains(t)
                && !engine.terms.iter().any(|term| term.term == t)
            {
                count += 1;
                first.get_or_insert(w.range);
            }
        }
        (count >= 3).then_some(first).flatten()
    })
}

/// Is this sentence only a greeting ("Hi Dana,", "Hello there!")?
fn is_greeting(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let first_two = words.iter().take(2).copied().collect::<Vec<_>>().join(" ");
    let greets = [
        "hi",
        "hello",
        "hey",
        "dear",
        "greetings",
        "hiya",
        "morning",
        "afternoon",
        "evening",
    ];
    let pairs = [
        "good morning",
        "good afternoon",
        "good evening",
        "hello there",
        "hi there",
    ];
    words.len() <= 5
        && (words.first().is_some_and(|w| greets.contains(w))
            || pairs.contains(&first_two.as_str()))
}

/// Judges the draft's acknowledgement against the need.
pub(crate) fn assess(
    engine: &Engine,
    ticket: Option<&TextAnalysis<'_>>,
    draft: &TextAnalysis<'_>,
) -> Assessment {
    let (need, score, cues, distress) = match ticket {
        Some(t) => need(engine, t),
        None => (Need::None, 0.0, Vec::new(), Distress::default()),
    };
    // The opening: up to three sentences or 60 words after a greeting.
    let mut skip = 0;
    let mut opening: Option<TextRange> = None;
    let mut insert_at = draft.sentences.first().map_or(0, |s| s.range.start);
    let mut words = 0;
    let mut count = 0;
    for (i, s) in draft.sentences.iter().enumerate() {
        let text = draft.prose(s.range);
        if i == skip && is_greeting(text) {
            skip += 1;
            if let Some(next) = draft.sentences.get(i + 1) {
                insert_at = next.range.start;
            }
            continue;
        }
        if count >= 3 || words >= 60 {
            break;
        }
        if count == 0 {
            insert_at = s.range.start;
        }
        opening = Some(opening.map_or(s.range, |o| o.cover(s.range)));
        words += s.words.len();
        count += 1;
    }
    let opening = opening
        .or_else(|| draft.sentences.first().map(|s| s.range))
        .unwrap_or_default();
    // With no customer message there is nothing to acknowledge, and nothing reads what the
    // draft gives (a canned response checked on its own): skip searching it.
    if ticket.is_none() {
        return Assessment {
            need,
            score,
            cues,
            distress,
            given: Given::None,
            phrase: None,
            opening,
            insert_at,
        };
    }

    // Situation words the ticket's cues used ("launching on Monday" → launch, monday).
    let situation: HashSet<String> = match ticket {
        Some(t) => {
            let mut buf = String::new();
            cues.iter()
                // Cue kinds whose words, echoed in the draft's opening, show the customer was
                // heard (`names-situation` in the packs).
                .filter(|c| {
                    engine
                        .need_cues
                        .iter()
                        .any(|n| n.names_situation && n.kind == c.kind)
                })
                .flat_map(|c| {
                    t.words
                        .iter()
                        .filter(move |w| c.range.contains_range(w.range))
                })
                .map(|w| stem(w.range.slice(&t.view.masked), &mut buf).into_owned())
                .filter(|s| engine.situation_words.contains(s))
                .collect()
        }
        None => HashSet::new(),
    };

    let mut given = Given::None;
    let mut phrase = None;
    let prose = draft.view.masked.as_str();
    // Stock phrases: "We are sorry for any inconvenience" holds a "we are sorry", but it is
    // the stock phrase all the same. Searched for only once some phrase is found (most drafts
    // hold none), over the whole draft, as a phrase late in it counts too.
    let stock_ranges = std::cell::OnceCell::new();
    let stock = || -> &Vec<TextRange> {
        stock_ranges.get_or_init(|| {
            engine
                .ack_phrases
                .iter()
                .filter(|(strength, _)| *strength == AckStrength::Boilerplate)
                .map(|(_, regex)| regex)
                .chain(
                    engine
                        .tone
                        .iter()
                        .filter(|(rule, _)| rule == "generic-apology")
                        .map(|(_, regex)| regex),
                )
                .flat_map(|regex| regex.find_iter(prose))
                .map(|m| TextRange::new(m.start(), m.end()))
                .collect()
        })
    };
    for (strength, regex) in &engine.ack_phrases {
        for m in regex.find_iter(prose) {
            let range = TextRange::new(m.start(), m.end());
            let in_opening = opening.overlaps(range);
            let strength = if stock().iter().any(|s| s.overlaps(range)) {
                &AckStrength::Boilerplate
            } else {
                strength
            };
            let level = match (strength, in_opening) {
                (AckStrength::Boilerplate, true) => Given::Boilerplate,
                (AckStrength::Boilerplate, false) => continue,
                (AckStrength::Genuine, false) => Given::Late,
                (AckStrength::Genuine, true) => Given::Genuine,
            };
            if level > given {
                given = level;
                phrase = Some(range);
            }
        }
    }
    // An opening sentence that names the customer's situation to them ("your launch on
    // Monday", "the six hours you've spent") is the strongest acknowledgement, with or without
    // a stock phrase.
    let mut buf = String::new();
    let names_it = draft
        .sentences
        .iter()
        .filter(|s| opening.contains_range(s.range))
        .find_map(|s| {
            let words = draft.sentence_words(s);
            let addressed = words.iter().any(|w| {
                let t = w.range.slice(prose).to_lowercase().replace('\u{2019}', "'");
                matches!(t.as_str(), "you" | "your" | "you're" | "you've" | "yours")
            });
            let named = words
                .iter()
                .find(|w| situation.contains(stem(w.range.slice(prose), &mut buf).as_ref()));
            named.filter(|_| addressed).map(|w| w.range)
        });
    if let Some(range) = names_it {
        given = match given {
            Given::Genuine | Given::Specific => Given::Specific,
            Given::None | Given::Boilerplate | Given::Late => Given::Genuine,
        };
        phrase.get_or_insert(range);
    }
    Assessment {
        need,
        score: (score * 100.0).round() / 100.0,
        cues,
        distress,
        given,
        phrase,
        opening,
        insert_at,
    }
}
