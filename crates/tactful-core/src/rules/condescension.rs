//! `condescension`: phrases that talk down to a customer who is stuck.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::text::TextRange;

pub(crate) struct Condescension;

static META: RuleMeta = RuleMeta {
    id: "condescension",
    summary: "a phrase that makes the customer's problem sound trivial or their fault (just, simply, obviously, as I said before)",
    default_severity: Severity::Info,
    fixable: false,
    docs: DOCS,
    options: &[],
};

const DOCS: &str = "\
## What it flags

Phrases that tell a customer who is stuck that the fix is trivial, or that they should have
known: \"just click\", \"simply restart\", \"obviously\", \"as I said before\", \"per my last email\",
\"you should have read\", \"it's easy\", \"all you have to do is\". The list is in `rules/tone.toml`.

## Why it matters to the customer

If it were easy, they would not have written. Minimising words read as blame, and \"as I said
before\" tells them they are a nuisance; both make the rest of the reply harder to take in.

## How it decides

Each phrase in the list is matched in the draft's prose. \"Just\" and \"simply\" count only
before an instruction (\"just click\"), not in \"I just checked\" or \"not just the fee\".

## Example

    Just click Settings. As clearly stated in our guide, Reset is there.

Say \"Click Settings, then choose Reset.\"
";

impl Rule for Condescension {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let prose = cx.draft.view.masked.as_str();
        for (rule, regex) in &cx.engine.tone {
            if rule != META.id {
                continue;
            }
            for m in regex.find_iter(prose) {
                let range = TextRange::new(m.start(), m.end());
                let found = range.slice(cx.draft.text);
                out.push(Diagnostic {
                    rule: META.id,
                    severity: META.default_severity,
                    message: format!("“{found}” can read as talking down to the customer."),
                    note: "If it were easy they would not have written; words like this sound like blame and make the rest of the reply harder to take in.".into(),
                    help: "Give the step plainly without the minimising word, or drop the reminder of what was said before.".into(),
                    range,
                    related: Vec::new(),
                    fixes: Vec::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Audience;
    use crate::rules::testing::flagged;

    #[test]
    fn minimisers_and_reminders() {
        let draft =
            "As I said before, just click Reset. It's easy, as clearly stated in the guide.";
        assert_eq!(
            flagged("condescension", None, draft, Audience::General),
            [
                "As I said before",
                "just click",
                "It's easy",
                "clearly stated"
            ]
        );
    }

    #[test]
    fn plain_uses_of_just_are_fine() {
        let draft = "I just checked: the refund is on its way, and not just the fee. The crack is clearly visible in your photo.";
        assert!(flagged("condescension", None, draft, Audience::General).is_empty());
    }
}
