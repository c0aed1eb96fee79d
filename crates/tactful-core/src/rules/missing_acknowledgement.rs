//! `missing-acknowledgement`: the ticket calls for acknowledgement and the draft's opening gives none.

use crate::analysis::TextAnalysis;
use crate::analysis::acknowledgement::{Cue, Given, Need};
use crate::config::Mode;
use crate::diagnostic::{Diagnostic, Edit, Fix, Related, Severity};
use crate::rules::{Context, OptionKind, OptionMeta, Rule, RuleMeta, quote};
use crate::text::TextRange;

pub(crate) struct MissingAcknowledgement;

static META: RuleMeta = RuleMeta {
    id: "missing-acknowledgement",
    summary: "the customer is frustrated, rushed or has lost time, and the draft's opening doesn't acknowledge it",
    default_severity: Severity::Warning,
    fixable: true,
    docs: DOCS,
    options: &[OptionMeta {
        key: "without-ticket",
        kind: OptionKind::Bool,
        default: 0.0,
        doc: "in template mode, without a ticket, flag a response whose opening acknowledges nothing (info)",
    }],
};

const DOCS: &str = "\
## What it flags

A draft that opens with instructions or explanation when the customer's message calls for a word
of acknowledgement first. The finding points at the draft's opening and offers an opening line
built from what the customer said.

## Why it matters to the customer

People bring an emotional problem alongside the technical one: a launch on Monday, six hours
already lost, a client waiting. A reply that skips straight to steps reads as if nobody noticed,
and a customer who feels unheard reads the rest of the reply less charitably.

## How it decides

- Need: cues in the ticket, in the words customers really use, each kind counted once with its
  weight: frustration, distress, urgency or a deadline, stakes (a client, a launch, lost sales),
  their own customers affected, effort already spent (\"I've spent six hours\", \"tried
  everything\"), repeated contact and no reply, loss (\"my notes are gone\"), being locked out,
  theft, money taken or not returned, something arriving broken or wrong, illness, injury or
  bereavement, someone vulnerable, dependence (\"I rely on it for work\"), capitals for emphasis
  and shouting. Some only add to others: a plain \"worried\", how long it has gone on, a
  vulnerable relative, young children at home.
  A sum of money of 100 or more in the ticket adds half a cue. Words of distress add too,
  whatever the phrasing: each word of the ticket's own prose is looked up in a valence lexicon
  (VADER's), negative words summed, a negated one (\"no problem\", \"not bad\") left out, a
  negated positive one (\"not happy\") counted, intensifiers, capitals and \"!!\" boosting; the
  score adds in proportion to the pack's `mild` and `strong` thresholds (a score of `mild` counts
  as a full cue), so it can raise the need the cues found, never lower it. Quoted earlier mail
  and code are not read. `--explain-findings` shows the score and the words behind it.
  Below 1 the ticket is calm and nothing is reported; from 1 the need is mild; from 2, strong.
- Given: the opening (the first three sentences after the greeting) is read for acknowledgement.
  Real empathy, reassurance (\"don't worry, your data is safe\") and responsibility (\"this was our
  mistake\") count; a line naming the customer's situation counts most. Boilerplate (\"We apologize
  for any inconvenience\", \"Thank you for contacting us\", \"I understand your concern\") is no
  acknowledgement, even of a mild need; a stock apology is reported by `generic-apology`, any
  other stock opening here.
- Severity grows with the need: `info` for a mild need or a boilerplate-only opening, `warning`
  for a strong need met with nothing.
- Without a ticket nothing is reported, unless `without-ticket = true` in template mode.

## Example

Ticket: \"Your update broke my website. I'm launching on Monday and I've already spent six hours on it.\"
Draft: \"The update moved your site to PHP 8.2, which removed a function your theme used.\"

Suggested opening: \"I'm sorry about this — I know you're launching on Monday, and you've already
spent six hours on it.\"

## Options

- `without-ticket` (switch, default false)
";

impl Rule for MissingAcknowledgement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let ack = cx.acknowledgement;
        if cx.draft.words.is_empty() {
            return;
        }
        let Some(ticket) = cx.ticket else {
            if cx.settings.mode == Mode::Template
                && cx.settings.flag(META.id, "without-ticket")
                && ack.given == Given::None
            {
                out.push(Diagnostic {
                    rule: META.id,
                    severity: Severity::Info,
                    message: "This response opens without any acknowledgement of the customer.".into(),
                    note: "Canned responses are often sent to people who are already frustrated; a cold opening reads as a form letter.".into(),
                    help: "Open with a line that recognises the customer's situation, then answer.".into(),
                    range: ack.opening,
                    related: Vec::new(),
                    fixes: Vec::new(),
                });
            }
            return;
        };
        let (severity, message) = match (ack.need, ack.given) {
            (Need::None, _) | (_, Given::Genuine | Given::Specific) => return,
            // A stock phrase ("Thank you for contacting us") is no acknowledgement, even of a
            // mild need; `generic-apology` reports the stock apologies, this the rest.
            (Need::Mild, Given::Boilerplate) if stock_apology(cx) => return,
            (Need::Mild, Given::Boilerplate) => (
                Severity::Info,
                "The customer's message shows some strain, and the draft opens only with a stock phrase.",
            ),
            (Need::Mild, Given::None | Given::Late) => (
                Severity::Info,
                "The customer's message shows some strain, and the draft's opening doesn't acknowledge it.",
            ),
            (Need::Strong, Given::Boilerplate) => (
                Severity::Info,
                "The draft opens with a stock apology, but the customer's situation calls for more than that.",
            ),
            (Need::Strong, Given::Late) => (
                Severity::Info,
                "The draft acknowledges the customer only after the opening, once they have read the instructions.",
            ),
            (Need::Strong, Given::None) => (
                Severity::Warning,
                "The customer is under pressure, and the draft jumps straight in without acknowledging it.",
            ),
        };
        // The strongest cues first: they are what the customer most needs to hear named. A
        // word of distress says less about their situation than any cue ("what is wrong" beside
        // "launching tomorrow"): it is quoted only when nothing else is.
        let mut cues: Vec<&Cue> = ack.cues.iter().collect();
        if cues.iter().any(|c| c.kind != "distress") {
            cues.retain(|c| c.kind != "distress");
        }
        cues.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.range.cmp(&b.range)));
        let seen = seen_in_ticket(ticket, &cues);
        let opener = opener(ticket, &ack.cues);
        out.push(Diagnostic {
            rule: META.id,
            severity,
            message: format!("{message} {seen}"),
            note: "People bring an emotional problem alongside the technical one; a reply that skips it reads as if nobody noticed, and the rest of it is read less charitably.".into(),
            help: format!("Open by naming their situation before the answer, for example: “{opener}”"),
            range: ack.opening,
            related: cues
                .iter()
                .take(3)
                .map(|c| Related {
                    origin: cx.ticket_origin,
                    range: c.range,
                    message: format!("{} here", describe_kind(&c.kind)),
                })
                .collect(),
            fixes: vec![Fix {
                title: "Open with an acknowledgement".into(),
                edits: vec![Edit {
                    range: TextRange::empty(ack.insert_at),
                    replacement: opener_replacement(cx, &opener, ack.insert_at),
                }],
            }],
        });
    }
}

/// Whether the draft holds a stock apology that `generic-apology` reports: the two rules
/// don't both speak about the same opening.
fn stock_apology(cx: &Context<'_>) -> bool {
    let prose = cx.draft.view.masked.as_str();
    cx.engine
        .tone
        .iter()
        .any(|(rule, regex)| rule == "generic-apology" && regex.is_match(prose))
}

fn describe_kind(kind: &str) -> &str {
    match kind {
        "deadline" => "a deadline",
        "urgency" => "urgency",
        "effort" => "time and effort already spent",
        "stakes" => "what is at stake",
        "frustration" => "frustration",
        "repeat" => "repeated contact",
        "loss" => "something lost",
        "lost-business" => "business already lost",
        "expectation" => "a promise not kept",
        "lockout" => "locked out",
        "money" => "money",
        "dependence" => "depending on it",
        "breakage" => "something broke",
        "shouting" => "shouting",
        "safety" => "health or safety",
        "worry" => "worry",
        "duration" => "how long this has gone on",
        "loyalty" => "a long-standing customer",
        "impact" => "their own customers affected",
        "ignored" => "no reply to them",
        "theft" => "something stolen or broken into",
        "faulty" => "something arrived broken or wrong",
        "hardship" => "illness, injury or hardship",
        "bereavement" => "a bereavement",
        "condition" => "a health condition",
        "vulnerable" => "someone vulnerable",
        "dependants" => "young children at home",
        "concern" => "concern",
        "emphasis" => "words in capitals",
        "missed" => "something missed that can't be had again",
        "runaround" => "being passed from one side to the other",
        "contact-history" => "how often they have chased",
        "let-down" => "being let down",
        "sarcasm" => "sarcasm",
        "family" => "their family affected",
        "distress" => "words of distress",
        "amount" => "a sum of money",
        other => other,
    }
}

/// The opener as inserted: its own paragraph when the draft's opening starts a paragraph.
fn opener_replacement(cx: &Context<'_>, opener: &str, at: usize) -> String {
    let starts_block = cx.draft.view.blocks.iter().any(|b| b.range.start == at);
    if starts_block {
        let newline = if cx.draft.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        format!("{opener}{newline}{newline}")
    } else {
        format!("{opener} ")
    }
}

fn seen_in_ticket(ticket: &TextAnalysis<'_>, cues: &[&Cue]) -> String {
    let quoted: Vec<String> = cues
        .iter()
        .take(3)
        .map(|c| quote(ticket.prose(c.range), 40))
        .collect();
    if quoted.is_empty() {
        String::new()
    } else {
        format!("They wrote {}.", quoted.join(", "))
    }
}

/// Kinds of cue worth naming back, in order of preference.
const OPENER_KINDS: &[&str] = &[
    "safety",
    "deadline",
    "missed",
    "effort",
    "loss",
    "lost-business",
    "impact",
    "stakes",
    "theft",
    "lockout",
    "money",
    "faulty",
    "ignored",
    "repeat",
    "dependence",
    "duration",
    "worry",
];

/// Words a clause said back after "I know" may open with: a subject or its determiner.
const CLAUSE_OPENERS: &[&str] = &[
    "you",
    "you're",
    "you've",
    "you'd",
    "you'll",
    "your",
    "we",
    "we're",
    "we've",
    "we'd",
    "our",
    "it",
    "it's",
    "its",
    "this",
    "that",
    "these",
    "those",
    "there",
    "there's",
    "the",
    "that's",
    "a",
    "an",
    "they",
    "they're",
    "they've",
    "their",
    "he",
    "she",
    "his",
    "her",
    "everything",
    "something",
    "someone",
    "somebody",
    "anything",
    "anyone",
    "anybody",
    "nothing",
    "everyone",
    "nobody",
    "no",
    "every",
    "all",
    "both",
    "some",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "half",
];

/// Words that may come before a clause's subject ("now you can't log in").
const LEADING_ADVERBS: &[&str] = &["now", "still", "also", "even", "already", "again", "then"];

/// An opening line built from what the ticket said, in the second person.
pub(crate) fn opener(ticket: &TextAnalysis<'_>, cues: &[Cue]) -> String {
    let mut clauses: Vec<String> = Vec::new();
    for kind in OPENER_KINDS {
        if clauses.len() == 2 {
            break;
        }
        // The first cue of this kind whose clause can be said back.
        if let Some(clause) = cues
            .iter()
            .filter(|c| c.kind == *kind)
            .filter_map(|c| clause_around(ticket, c.range))
            .find(|clause| !clauses.contains(clause))
        {
            clauses.push(clause);
        }
    }
    match clauses.as_slice() {
        [] => "I'm sorry about the trouble this has caused you.".to_string(),
        [one] => format!("I'm sorry about this — I know {one}."),
        [one, two, ..] => format!("I'm sorry about this — I know {one}, and {two}."),
    }
}

/// The clause of the ticket holding a cue, turned to the second person ("I've spent" → "you've spent").
fn clause_around(ticket: &TextAnalysis<'_>, range: TextRange) -> Option<String> {
    let sentence = ticket
        .sentences
        .iter()
        .find(|s| s.range.contains_range(range))?;
    let text = ticket.prose(sentence.range);
    let at = range.start - sentence.range.start;
    let is_break = |s: &str| {
        s.starts_with(", ")
            || s.starts_with("; ")
            || s.starts_with(" - ")
            || s.starts_with(" — ")
            || s.starts_with(" and ")
            || s.starts_with(" but ")
            || s.starts_with(" so ")
            || s.starts_with(". ")
            || s.starts_with("! ")
    };
    let mut start = 0;
    let mut end = text.len();
    for (i, _) in text.char_indices() {
        if is_break(&text[i..]) {
            if i < at {
                start = i;
            } else if i >= at + range.len().min(text.len() - at) {
                end = i;
                break;
            }
        }
    }
    let clause = text[start..end]
        .trim_start_matches([',', ';', ' ', '-', '—', '.', '!'])
        .trim_start_matches("and ")
        .trim_start_matches("but ")
        .trim_start_matches("so ")
        .trim_end_matches(['.', '!', '?', ',', ' ']);
    // An email header's label ("Subject: Checkout broken…") is not part of what they said.
    let clause = match clause.split_once(": ") {
        Some((label, rest)) if !label.is_empty() && !label.contains(' ') && !rest.is_empty() => {
            rest
        }
        _ => clause,
    };
    // A clause written in capitals is said back in lower case: the customer may shout, the
    // reply should not shout back ("I know YOU CHARGED ME TWICE" reads as mockery).
    let (caps, small) = clause.chars().fold((0, 0), |(caps, small), c| {
        (
            caps + usize::from(c.is_uppercase()),
            small + usize::from(c.is_lowercase()),
        )
    });
    let lowered;
    let clause = if caps >= 6 && caps > small * 2 {
        lowered = clause.to_lowercase();
        lowered.as_str()
    } else {
        clause
    };
    let words: Vec<&str> = clause.split_whitespace().collect();
    if words.is_empty() || words.len() > 14 {
        return None;
    }
    // A clause that asks ("can I get a refund if the next flight isn't until Thursday?") can't
    // be said back as something we know.
    let asks = words.first().is_some_and(|w| {
        let w = w.to_lowercase();
        ASKING.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()))
    });
    if asks || text[end..].trim_start().starts_with('?') {
        return None;
    }
    let swapped: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            // A word shouted in a calm clause ("from my account TWICE") is said calmly; a
            // short one may be an acronym ("VAT") and stays.
            if w.chars().filter(|c| c.is_uppercase()).count() >= 5
                && !w.chars().any(char::is_lowercase)
            {
                second_person(&w.to_lowercase(), i == 0)
            } else {
                second_person(w, i == 0)
            }
        })
        .collect();
    // "I know …" needs a clause with its subject: "you took £240 twice", "your site is down",
    // not a fragment such as a subject line ("charged twice again").
    // (after an adverb: "now you can't log in at all")
    let first = swapped
        .iter()
        .map(|w| w.to_lowercase())
        .find(|w| !LEADING_ADVERBS.contains(&w.as_str()))?;
    let first = first.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    if !(CLAUSE_OPENERS.contains(&first)
        || first.starts_with(|c: char| c.is_ascii_digit())
        || swapped
            .first()
            .is_some_and(|w| w.starts_with(['£', '$', '€'])))
    {
        return None;
    }
    Some(swapped.join(" "))
}

/// Words that open a question.
const ASKING: &[&str] = &[
    "can", "could", "will", "would", "is", "are", "do", "does", "did", "should", "shall", "may",
    "what", "when", "where", "why", "how", "which", "who", "if",
];

fn second_person(word: &str, first: bool) -> String {
    let trimmed = word.trim_end_matches([',', '.', '!', '?']);
    let tail = &word[trimmed.len()..];
    let normal = trimmed.replace('’', "'");
    let lower = normal.to_lowercase();
    let swapped = match lower.as_str() {
        "i" => "you",
        "i'm" | "im" => "you're",
        "i've" | "ive" => "you've",
        "i'd" => "you'd",
        "i'll" => "you'll",
        "me" | "us" => "you",
        "my" | "our" => "your",
        "mine" | "ours" => "yours",
        "myself" | "ourselves" => "yourself",
        "we" => "you",
        "we're" => "you're",
        "we've" => "you've",
        "am" => "are",
        "was" if first => "were",
        "you" => "we",
        "your" => "our",
        "you're" => "we're",
        "you've" => "we've",
        _ => {
            let keep = if first && trimmed.chars().nth(1).is_some_and(char::is_lowercase) {
                let mut c = trimmed.chars();
                c.next()
                    .map(|f| f.to_lowercase().chain(c).collect())
                    .unwrap_or_default()
            } else {
                trimmed.to_string()
            };
            return format!("{keep}{tail}");
        }
    };
    format!("{swapped}{tail}")
}

#[cfg(test)]
mod tests {
    use crate::config::Audience;
    use crate::diagnostic::Severity;
    use crate::rules::testing::findings;

    const URGENT: &str = "Your update broke my website!! I'm launching on Monday and I've already spent six hours on this. What happened?";

    fn fires(ticket: &str, draft: &str) -> bool {
        !findings(
            "missing-acknowledgement",
            Some(ticket),
            draft,
            Audience::General,
        )
        .is_empty()
    }

    #[test]
    fn strain_in_ordinary_words_calls_for_acknowledgement() {
        let cold = "Hi,\n\nHere is what to do next.";
        // A card declined abroad with no other way to pay.
        assert!(fires(
            "I'm in Lisbon for work and my card has been declined at the hotel tonight. I have no other card with me. Can you unblock it?",
            cold
        ));
        // A bill that went up, from a customer of nine years.
        assert!(fires(
            "Why has my bill gone up by £6 a month? I've been with you for nine years. Can I leave without the exit fee?",
            cold
        ));
        // Paying for something that should come with the booking.
        assert!(fires(
            "Why do I have to pay £14 each to choose seats next to my wife? We're on the same booking!",
            cold
        ));
        // Needed for study, and already tried the obvious.
        assert!(fires(
            "My notes don't sync anymore, it worked fine until last week. I use Jotwell for my uni lectures. I already tried logging out and in.",
            cold
        ));
        // Loss of work, money or time, in plain words.
        for ticket in [
            "My whole team can't work until this is fixed. What do we do?",
            "I'm a student and this is all the money I have. Can I get it back?",
            "It's been three weeks and nobody has got back to me. Where is my refund?",
            "I've been on hold for over an hour twice now. How do I cancel?",
            "I've missed two days of work waiting in for the delivery. When will it come?",
            "I can't afford to pay this twice. Can you reverse it?",
            // Help promised and not given, a pensioner who can't pay, a hazard at home.
            "I got an invoice for $480, but my insurance was supposed to cover most of it. What happened?",
            "My water bill is £640 for three months. I'm a pensioner and I can't pay this.",
            "This is the third week in a row my bin hasn't been emptied. The bin is attracting rats.",
            // Locked out for days, in learners' English, by someone who earns a living from it.
            "I have problem with my account since 3 days. When I try to login it show error 502. I am freelancer and I need it for send invoices to my clients.",
        ] {
            assert!(fires(ticket, cold), "{ticket}");
        }
        // How long a fault has lasted is not effort spent on it.
        assert!(!fires(
            "My solar app shows 0 kWh generated since yesterday even though it's sunny. Is something broken?",
            cold
        ));
        // A calm question needs none.
        assert!(!fires(
            "Hi, how much does the Pro plan cost per month, and can I pay yearly?",
            cold
        ));
    }

    #[test]
    fn a_plain_sorry_is_acknowledgement() {
        assert!(!fires(
            "order #4471 still hasnt arrived and its been 12 days now. where is it.",
            "Hi,\n\nSorry it's taking so long. Your parcel is at the depot and arrives tomorrow."
        ));
    }

    #[test]
    fn a_sorry_inside_a_stock_phrase_is_still_the_stock_phrase() {
        let ticket = "This is the third week my bin hasn't been collected. I've reported it twice and nothing happens. This is unacceptable.";
        for draft in [
            "Dear resident,\n\nWe are sorry for any inconvenience caused. Your report has been logged.",
            "Hi,\n\nSorry for any inconvenience this has caused. Your report has been logged.",
        ] {
            let report = crate::rules::testing::report(Some(ticket), draft, Audience::General);
            assert_eq!(
                report.acknowledgement.given,
                crate::Given::Boilerplate,
                "{draft}"
            );
            let flagged = report
                .diagnostics
                .iter()
                .any(|d| d.rule == "missing-acknowledgement" || d.rule == "generic-apology");
            assert!(flagged, "{draft}");
        }
        // A real apology is not made stock by the words around it.
        assert!(!fires(
            ticket,
            "Hi,\n\nI'm so sorry — three weeks of missed collections is not good enough. Your bin will be emptied tomorrow."
        ));
    }

    #[test]
    fn the_suggested_opener_never_repeats_a_question() {
        let ticket = "Our flight was cancelled and I'm at the airport with two kids. What flight can you put us on? Can I get a refund instead if the next flight isn't until Thursday?";
        let d = findings(
            "missing-acknowledgement",
            Some(ticket),
            "Dear customer,\n\nWe have rebooked you on WX 486 tomorrow.",
            Audience::General,
        );
        assert_eq!(d.len(), 1);
        let opener = &d[0].fixes[0].edits[0].replacement;
        assert!(!opener.contains("can you get a refund"), "{opener}");
    }

    #[test]
    fn urgent_ticket_and_cold_draft() {
        let draft =
            "Hi,\n\nThe update moved your site to a newer PHP version. Switch it back in Settings.";
        let d = findings(
            "missing-acknowledgement",
            Some(URGENT),
            draft,
            Audience::General,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Warning);
        let opener = &d[0].fixes[0].edits[0].replacement;
        assert!(opener.contains("you're launching on Monday"), "{opener}");
        assert!(
            opener.contains("you've already spent six hours"),
            "{opener}"
        );
        assert_eq!(
            d[0].range.slice(draft).split_whitespace().next(),
            Some("The")
        );
    }

    #[test]
    fn a_shouted_cue_is_not_shouted_back() {
        let ticket = "YOU HAVE CHARGED ME TWICE AGAIN!!! I want my money back today.";
        let d = findings(
            "missing-acknowledgement",
            Some(ticket),
            "Hi,\n\nThe second payment will be refunded.",
            Audience::General,
        );
        assert_eq!(d.len(), 1, "{d:?}");
        let opener = &d[0].fixes[0].edits[0].replacement;
        assert!(
            opener.contains("we have charged you twice again"),
            "{opener}"
        );
        assert!(!opener.contains("CHARGED"), "{opener}");
    }

    #[test]
    fn a_specific_acknowledgement_passes() {
        let draft = "Hi Ana,\n\nI'm so sorry — with your launch on Monday, six lost hours is the last thing you needed. Here's the fix.";
        assert!(
            findings(
                "missing-acknowledgement",
                Some(URGENT),
                draft,
                Audience::General
            )
            .is_empty()
        );
    }

    #[test]
    fn boilerplate_alone_is_not_enough_for_a_strong_need() {
        let draft = "We apologize for any inconvenience. The update moved your site to a newer PHP version.";
        let d = findings(
            "missing-acknowledgement",
            Some(URGENT),
            draft,
            Audience::General,
        );
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, Severity::Info);
    }

    #[test]
    fn a_calm_question_needs_nothing() {
        let ticket =
            "Hi, how much does the Pro plan cost per month? I still have the trial. Thanks!";
        let draft = "The Pro plan is $12 a month.";
        assert!(
            findings(
                "missing-acknowledgement",
                Some(ticket),
                draft,
                Audience::General
            )
            .is_empty()
        );
    }

    fn ack(ticket: &str) -> crate::Acknowledgement {
        crate::rules::testing::report(
            Some(ticket),
            "Hi,\n\nHere is what to do.",
            Audience::General,
        )
        .acknowledgement
    }

    fn kinds(ticket: &str) -> Vec<String> {
        ack(ticket).cues.into_iter().map(|c| c.kind).collect()
    }

    #[test]
    fn a_sum_of_money_at_stake_is_a_cue() {
        for ticket in [
            "Got back from holiday to a bill of $1,600. Can you explain it?",
            "I sent £450 to the wrong account yesterday. Can you reverse it?",
            "They took 400 euros from my card. Why?",
            "The bill is €1.234,50 this month. Why?",
        ] {
            assert!(kinds(ticket).contains(&"amount".to_string()), "{ticket}");
        }
        for ticket in [
            "Is the Pro plan $12 a month or $99 a year?",
            "Can I pay the 50 dollars by card?",
            // A sum the customer only imagines.
            "If the repair costs more than $500, do I get a replacement instead?",
            "I have 3 accounts and 200 users. Which plan fits?",
        ] {
            assert!(!kinds(ticket).contains(&"amount".to_string()), "{ticket}");
        }
    }

    #[test]
    fn a_sum_of_money_alone_is_no_need() {
        assert_eq!(
            ack("Can you send me an invoice for the $1,200 I paid last week?").need,
            crate::Need::None
        );
    }

    #[test]
    fn distress_in_words_no_cue_lists_raises_the_need() {
        // No phrase of the packs here: the lexicon's words carry it.
        let a = ack(
            "The replacement is defective, the casing is cracked and the screen flickers. Dreadful, honestly. Can you send another?",
        );
        assert_ne!(a.need, crate::Need::None, "{a:?}");
        assert!(a.distress.score > 0.0);
        assert!(a.cues.iter().any(|c| c.kind == "distress"));
        // Polite and calm, with negated negatives: nothing.
        for ticket in [
            "No problem at all if it takes a while, not a bad price either. Can I pay by card?",
            "Hi, how much does the Pro plan cost per month, and can I pay yearly? Thanks!",
            "Great job on the new dashboard! Can I export it to PDF?",
        ] {
            let a = ack(ticket);
            assert_eq!(a.need, crate::Need::None, "{ticket}: {a:?}");
            assert!(!a.cues.iter().any(|c| c.kind == "distress"), "{ticket}");
        }
    }

    /// A word of distress is quoted and pointed at only when no cue says more.
    #[test]
    fn distress_words_are_quoted_only_when_no_cue_is() {
        let cold = "Hi,\n\nHere is what to do next.";
        let with_cues = findings(
            "missing-acknowledgement",
            Some(
                "Our shop launches tomorrow at 9am and I have spent six hours on this already. Please tell me what is wrong.",
            ),
            cold,
            Audience::General,
        );
        let d = with_cues.first().expect("a strong need, nothing given");
        assert!(!d.message.contains("“wrong”"), "{}", d.message);
        assert!(
            d.related
                .iter()
                .all(|r| r.message != "words of distress here"),
            "{:?}",
            d.related
        );
        let alone = findings(
            "missing-acknowledgement",
            Some(
                "The colours are ugly, the sound is sad and the finish is tragic. Can I return it?",
            ),
            cold,
            Audience::General,
        );
        let d = alone.first().expect("distress alone raises a need");
        assert!(d.message.contains("“ugly”"), "{}", d.message);
        assert!(
            d.related
                .iter()
                .any(|r| r.message == "words of distress here"),
            "{:?}",
            d.related
        );
    }

    #[test]
    fn distress_never_lowers_what_the_cues_found() {
        // Happy words beside a strong need do not take it away.
        let a = ack(
            "Wonderful. My whole team can't work until this is fixed and our launch is on Monday. Great, just great.",
        );
        assert_eq!(a.need, crate::Need::Strong, "{a:?}");
    }

    #[test]
    fn quoted_mail_is_not_read_for_distress() {
        let a = ack(
            "Hi, any news on my refund?\n\n> On 3 May you wrote:\n> This is a disgrace, a dreadful, horrible, disgusting mess.\n",
        );
        assert_eq!(a.distress.score, 0.0, "{a:?}");
    }

    #[test]
    fn a_ticket_quoted_in_the_draft_is_read_for_distress() {
        let draft = "Hi,\n\nHere is what to do.\n\nOn Tue, 3 Mar 2026, Dana wrote:\n> The casing is cracked, defective and dreadful. Can you send another?\n>\n> On 1 Mar, you wrote:\n>> We are delighted, a horrible disgusting awful mess.\n";
        let report = crate::rules::testing::report(None, draft, Audience::General);
        let d = &report.acknowledgement.distress;
        assert!(d.score > 0.0, "{d:?}");
        // Only the customer's own words, not the mail they quote.
        let words: Vec<&str> = d.words.iter().map(|(r, _)| r.slice(draft)).collect();
        assert!(words.contains(&"defective"), "{words:?}");
        assert!(!words.contains(&"horrible"), "{words:?}");
    }

    #[test]
    fn second_person_swaps() {
        assert_eq!(super::second_person("I've", true), "you've");
        assert_eq!(super::second_person("my", false), "your");
        assert_eq!(super::second_person("Monday,", false), "Monday,");
        assert_eq!(super::second_person("Launching", true), "launching");
    }
}
