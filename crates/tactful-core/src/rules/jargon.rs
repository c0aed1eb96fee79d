//! `jargon`: terms, acronyms and code-like tokens the customer won't know.

use crate::analysis::jargon::HitKind;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct Jargon;

static META: RuleMeta = RuleMeta {
    id: "jargon",
    summary: "a technical term, unexplained acronym or code-like name the customer may not know",
    default_severity: Severity::Warning,
    fixable: true,
    docs: DOCS,
    options: &[],
};

const DOCS: &str = "\
## What it flags

Each occurrence of a term this customer is unlikely to know:

- terms from the jargon lexicons in `rules/jargon/` (web hosting and domains, email delivery,
  networking, accounts and security, billing, software), each with a plain alternative;
- acronyms that are neither everyday (`PDF`, `ASAP`) nor spelled out in the draft;
- code-like names written into prose: `CamelCase`, `snake_case`, file paths, command-line flags,
  error codes, function calls such as `mail()`;
- names of internal systems (\"the SKU-graph resolver\", \"our fan-in relay\"), which no one
  outside the company knows, whatever the audience;
- for `novice` and `general` readers, uncommon words no lexicon lists (\"selvedge\",
  \"curtilage\"), at `info` level: a word of five letters or more, written in lowercase (a
  capital marks a name or a product), that is not common English (`rules/english-words.toml`,
  from SCOWL, and `rules/everyday-words.toml`; inflections, everyday prefixes such as \"re\" and
  \"un\", and two common words joined, as in \"barcode\", count as common).

## Why it matters to the customer

Readers need to know nearly every word to follow a text. A customer who meets a term they don't
know has to stop, guess or search; many give up and write back, and some feel talked down to.

## How it decides

- The audience decides which terms count: `novice` flags even everyday technical words,
  `general` (the default) flags what the public doesn't know, `technical` only specialised terms
  and internal names (no acronyms or code names).
- A term the draft explains is not flagged from there on: `DNS (the internet's address book)`,
  `the address book (DNS)`, `DNS, which means …`, `DNS — in other words …`, `known as DNS`.
- A term the customer used in their own message is theirs, and not flagged (in any case, and a
  term made only of their words: \"which port\" makes \"port 465\" theirs). An uncommon word
  is theirs in any form or spelling they used (\"celiac\" makes \"coeliac\" theirs). A term this audience
  knows (\"HTML\" for a general reader) is not an unknown acronym either.
- An explanation a sentence or two after the first use counts for it; brackets holding a
  number or a reference (\"a hotfix (build 5.8.2)\") explain nothing.
- Inline code and code blocks are not checked: put exact commands there.
- `[jargon] allow = [\"WordPress\"]` in `tactful.toml` never flags those terms.

## Example

    Your MX records still point at the old host, so propagation hasn't finished.

`MX records` and `propagation` are flagged; the quick fix replaces a term with its plain
alternative (\"the settings that route your email\").
";

impl Rule for Jargon {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let text = cx.draft.text;
        let audience = cx.settings.audience.name();
        // The first use of a term is a warning; later uses of the same term are hints, so a
        // reply that says "PHP" ten times gets one finding worth reading, not ten.
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        for hit in cx.jargon.iter().filter(|h| !h.explained) {
            let found = hit.range.slice(text);
            let family = match &hit.kind {
                HitKind::Term(index) => format!("term:{index}"),
                _ => found.trim_end_matches('s').to_string(),
            };
            if !seen.insert(family) {
                out.push(Diagnostic {
                    rule: META.id,
                    severity: Severity::Hint,
                    message: format!("“{found}” again: this term is still unexplained."),
                    note: "Each use of a term the customer doesn't know is another place they may stop reading.".into(),
                    help: "Explain it at its first use, or use plain words throughout.".into(),
                    range: hit.range,
                    related: Vec::new(),
                    fixes: Vec::new(),
                });
                continue;
            }
            let (message, note, help, fixes) = match &hit.kind {
                HitKind::Term(index) => {
                    let Some(term) = cx.engine.terms.get(*index) else { continue };
                    let plain = match_case(&fit_determiner(&term.plain, text, hit.range.start), found);
                    (
                        format!("“{found}” is jargon a {audience} reader may not know."),
                        format!(
                            "A customer who doesn't know a term has to guess or search, and the answer gets lost. {}",
                            term.explain
                        ),
                        format!("Say “{plain}” instead, or explain the term in a few words the first time you use it."),
                        {
                            let mut fixes = vec![Fix {
                                title: format!("Replace “{found}” with “{plain}”"),
                                edits: vec![Edit {
                                    range: hit.range,
                                    replacement: plain,
                                }],
                            }];
                            if let Some(expansion) = expansion(cx, *index, found) {
                                fixes.push(Fix {
                                    title: format!("Spell out “{found}” as “{expansion} ({found})”"),
                                    edits: vec![Edit {
                                        range: hit.range,
                                        replacement: format!("{expansion} ({found})"),
                                    }],
                                });
                            }
                            fixes
                        },
                    )
                }
                HitKind::Acronym => (
                    format!("“{found}” is an acronym the draft never spells out."),
                    "Most customers don't know support acronyms, and one they can't decode makes the whole sentence hard to follow.".to_string(),
                    format!("Spell it out the first time, as in “full words ({found})”, or use plain words instead."),
                    Vec::new(),
                ),
                HitKind::Rare => (
                    format!("“{found}” is an uncommon word a {audience} reader may not know."),
                    "A customer who doesn't know a word has to guess or search, and the answer gets lost. This one is not among the common English words tactful knows, and the customer didn't use it.".to_string(),
                    "Use everyday words instead, or explain it in a few words the first time you use it. If your customers know it, add it to `[jargon] allow` in tactful.toml.".to_string(),
                    Vec::new(),
                ),
                HitKind::Code(kind) => (
                    format!("“{found}” looks like {kind} written into the prose."),
                    "Names from code and configuration mean nothing to most customers, and they can't tell whether they are supposed to type them.".to_string(),
                    "Describe what it is in plain words; if the customer must type it exactly, put it in `backticks` or a code block.".to_string(),
                    Vec::new(),
                ),
            };
            // A word that is only uncommon is a guess, not a known term: one level lower.
            let severity = if hit.kind == HitKind::Rare {
                Severity::Info
            } else {
                META.default_severity
            };
            out.push(Diagnostic {
                rule: META.id,
                severity,
                message,
                note,
                help,
                range: hit.range,
                related: Vec::new(),
                fixes,
            });
        }
    }
}

/// The spelled-out form of an acronym term: a spelling of it whose words' initials are its letters.
fn expansion(cx: &Context<'_>, index: usize, found: &str) -> Option<String> {
    let letters: String = found
        .trim_end_matches(['s', '\''])
        .chars()
        .filter(char::is_ascii_alphabetic)
        .collect();
    if letters.len() < 2 || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    cx.engine
        .term_spellings(index)
        .filter(|s| s.contains(' ') || s.contains('-'))
        .find(|s| {
            let initials: String = s
                .split([' ', '-'])
                .filter_map(|w| w.chars().next())
                .collect();
            initials.eq_ignore_ascii_case(&letters)
        })
        .map(str::to_string)
}

const DETERMINERS: &[&str] = &[
    "the", "your", "a", "an", "my", "our", "this", "that", "their", "its",
];

/// Drops the plain alternative's leading determiner when the draft already has one before the
/// term ("your DNS" → "your domain's address settings", not "your your …").
fn fit_determiner(plain: &str, text: &str, at: usize) -> String {
    let before = text.get(..at).unwrap_or("").trim_end();
    let previous = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    if !DETERMINERS.contains(&previous.as_str()) {
        return plain.to_string();
    }
    match plain.split_once(' ') {
        Some((first, rest)) if DETERMINERS.contains(&first.to_lowercase().as_str()) => {
            rest.to_string()
        }
        _ => plain.to_string(),
    }
}

/// Capitalises a replacement when the replaced text starts with a capital and is not an acronym.
fn match_case(plain: &str, found: &str) -> String {
    let mut chars = found.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let acronym = found.chars().filter(|c| c.is_uppercase()).count() > 1;
    if first_upper && !acronym {
        let mut p = plain.chars();
        p.next()
            .map(|c| c.to_uppercase().chain(p).collect())
            .unwrap_or_default()
    } else {
        plain.to_string()
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Audience;
    use crate::rules::testing::{findings, flagged};

    #[test]
    fn flags_terms_acronyms_and_code() {
        let draft = "Your MX record points at the old host. Check the QZX panel and edit wp_options in /var/www/html.";
        let found = flagged("jargon", None, draft, Audience::General);
        assert!(found.contains(&"MX record".to_string()), "{found:?}");
        assert!(found.contains(&"QZX".to_string()), "{found:?}");
        assert!(found.contains(&"wp_options".to_string()), "{found:?}");
        assert!(found.iter().any(|f| f.starts_with("/var/www")), "{found:?}");
    }

    #[test]
    fn a_defined_acronym_is_not_flagged_after_its_definition() {
        let draft = "Turn on two-step sign-in (2FA) in Settings. After that, 2FA asks for a code.";
        let found = flagged("jargon", None, draft, Audience::General);
        assert!(!found.iter().any(|f| f == "2FA"), "{found:?}");
    }

    #[test]
    fn a_plain_reply_and_common_acronyms_pass() {
        let draft = "Hi José, I've refunded the order. You'll see the money in 3–5 days. The PDF receipt is attached. Thanks!";
        assert!(flagged("jargon", None, draft, Audience::General).is_empty());
    }

    #[test]
    fn technical_readers_are_not_told_about_dns() {
        let draft =
            "Your DNS points at the old server, so the SSL certificate fails. Update the A record.";
        assert!(!flagged("jargon", None, draft, Audience::General).is_empty());
        assert!(flagged("jargon", None, draft, Audience::Technical).is_empty());
    }

    #[test]
    fn a_term_the_customer_used_is_theirs() {
        let ticket = "I changed my DNS settings yesterday and now email is down. What happened?";
        let draft = "The DNS change removed the settings for your email. I've put them back.";
        assert!(
            !flagged("jargon", Some(ticket), draft, Audience::General)
                .iter()
                .any(|f| f == "DNS")
        );
    }

    #[test]
    fn fix_replaces_with_plain_words() {
        let draft = "Propagation can take a day.";
        let d = findings("jargon", None, draft, Audience::General);
        let fix = d
            .first()
            .and_then(|d| d.fixes.first())
            .map(|f| f.edits[0].replacement.clone());
        assert!(fix.is_some_and(|r| r.chars().next().is_some_and(char::is_uppercase)));
    }
}
