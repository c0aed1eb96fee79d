//! `generic-apology`: a stock apology where the ticket calls for a real acknowledgement.

use crate::analysis::acknowledgement::{Given, Need};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::TextRange;

pub(crate) struct GenericApology;

static META: RuleMeta = RuleMeta {
    id: "generic-apology",
    summary: "a stock apology (\"we apologize for any inconvenience\") to a customer whose situation calls for a real one",
    default_severity: Severity::Info,
    fixable: true,
    docs: DOCS,
    options: &[],
};

const DOCS: &str = "\
## What it flags

A boilerplate apology (\"We apologize for any inconvenience\", \"Sorry for the trouble this may
have caused\", \"We value your business\") in a reply to a customer whose message calls for
acknowledgement: frustration, a deadline, lost time or money. The phrases are in
`rules/tone.toml`.

## Why it matters to the customer

A form-letter apology to someone who has lost a day's sales says the opposite of what it means:
that nobody read what happened to them. One sentence naming their actual situation does more.

## How it decides

Only when the ticket calls for acknowledgement (the same need the `missing-acknowledgement`
rule measures) and the draft's opening gives no real acknowledgement beside the stock phrase; a
calm question with a polite stock apology is left alone, and so is \"Sorry for the trouble — I
can see how confusing that message is\". The quick fix
replaces the sentence with an opening built from what the customer wrote.

## Example

Ticket: \"You charged me twice!! That was my rent money.\"
Draft: \"We apologize for any inconvenience. The second charge has been refunded.\"
";

impl Rule for GenericApology {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let (Some(ticket), Need::Mild | Need::Strong) = (cx.ticket, cx.acknowledgement.need) else {
            return;
        };
        // A stock phrase beside a real acknowledgement in the opening ("Sorry for the trouble —
        // I can see how confusing that message is") does no harm: the customer was heard.
        if cx.acknowledgement.given >= Given::Genuine {
            return;
        }
        let prose = cx.draft.view.masked.as_str();
        let found: Vec<TextRange> = cx
            .engine
            .tone
            .iter()
            .filter(|(rule, _)| rule == META.id)
            .flat_map(|(_, regex)| regex.find_iter(prose))
            .map(|m| TextRange::new(m.start(), m.end()))
            .collect();
        if found.is_empty() {
            return;
        }
        // Built only when there is a stock apology to replace.
        let opener = super::missing_acknowledgement::opener(ticket, &cx.acknowledgement.cues);
        for range in found {
            // Replace the whole sentence only when the stock phrase is nearly all of it
            // ("We apologize for any inconvenience."); otherwise only the phrase, so news
            // in the same sentence ("…, and the $40 has been refunded") is kept.
            let sentence = cx
                .draft
                .sentences
                .iter()
                .find(|s| s.range.contains_range(range))
                .map_or(range, |s| s.range);
            let sentence = if sentence.len() <= range.len() + 12 {
                sentence
            } else {
                range
            };
            out.push(Diagnostic {
                    rule: META.id,
                    severity: META.default_severity,
                    message: format!(
                        "“{}” is a stock apology, and this customer's situation calls for a real one.",
                        range.slice(cx.draft.text)
                    ),
                    note: "A form-letter apology tells someone who has lost time or money that nobody read what happened to them.".into(),
                    help: format!("Name what happened to them instead, for example: “{opener}”"),
                    range,
                    related: Vec::new(),
                    fixes: vec![Fix {
                        title: "Replace the stock apology with one that names their situation".into(),
                        edits: vec![Edit {
                            range: sentence,
                            replacement: if sentence == range {
                                opener.trim_end_matches('.').to_string()
                            } else {
                                opener.clone()
                            },
                        }],
                    }],
                });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Audience;
    use crate::rules::testing::{findings, flagged};

    #[test]
    fn a_stock_apology_to_an_upset_customer() {
        let ticket = "You charged me twice!! I'm furious, that was my rent money and I've spent two hours on the phone.";
        let draft = "We apologize for any inconvenience. The second charge has been refunded.";
        let d = findings("generic-apology", Some(ticket), draft, Audience::General);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].fixes[0].edits[0].range.slice(draft),
            "We apologize for any inconvenience."
        );
    }

    #[test]
    fn the_fix_keeps_news_in_the_same_sentence() {
        let ticket = "You charged me twice!! I'm furious, that was my rent money and I've spent two hours on the phone.";
        let draft = "We apologize for any inconvenience, and the $40 has been refunded.";
        let d = findings("generic-apology", Some(ticket), draft, Audience::General);
        let edit = &d[0].fixes[0].edits[0];
        let mut fixed = draft.to_string();
        fixed.replace_range(edit.range.start..edit.range.end, &edit.replacement);
        assert!(
            fixed.ends_with(", and the $40 has been refunded."),
            "{fixed}"
        );
    }

    #[test]
    fn a_stock_phrase_beside_a_real_acknowledgement_is_left_alone() {
        let ticket = "You charged me twice!! I'm furious, that was my rent money.";
        let draft = "Sorry for the trouble — I can see how worrying a double charge on your rent money is. The second charge has been refunded.";
        assert!(flagged("generic-apology", Some(ticket), draft, Audience::General).is_empty());
    }

    #[test]
    fn a_calm_question_is_left_alone() {
        let ticket = "How do I change my billing email?";
        let draft = "Sorry for any confusion in our docs. Open Billing and edit the email field.";
        assert!(flagged("generic-apology", Some(ticket), draft, Audience::General).is_empty());
    }
}
