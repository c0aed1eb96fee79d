//! `unfilled-placeholder`: a template placeholder left in a draft about to be sent.

use crate::config::Mode;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta, quote};

pub(crate) struct UnfilledPlaceholder;

static META: RuleMeta = RuleMeta {
    id: "unfilled-placeholder",
    summary: "a template placeholder such as {{first_name}} or [Customer Name] left in a reply about to be sent",
    default_severity: Severity::Error,
    fixable: false,
    docs: DOCS,
    options: &[],
};

const DOCS: &str = "\
## What it flags

A template placeholder left in a draft that is about to be sent: `{{ticket.requester.first_name}}`,
`{{ first_name | fallback: \"there\" }}`, `{% if … %}`, `{%customer.firstName%}`, `[Customer Name]`,
`<NAME>`, `XXX`, `TODO`. The syntaxes are listed in `rules/placeholders.toml`.

## Why it matters to the customer

A customer who reads \"Hi [Customer Name]\" learns that nobody wrote to them: they got a form letter,
and probably nobody read their message either. It undoes every kind word in the reply.

## How it decides

In `reply` mode (the default for a single draft) every placeholder is an error. In `template` mode
(canned responses, macros) template variables are expected and not reported, but leftover notes
(`TODO`, `TBD`, `XXX`, `FIXME`) still are: no customer should receive them. Placeholders are
never counted as words and never taken for jargon.

## Example

    Hi {{ticket.requester.first_name}}, your refund is on its way.

Fill in the name, or in a canned-responses repository set `mode = \"template\"`.
";

impl Rule for UnfilledPlaceholder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let template = cx.settings.mode == Mode::Template;
        for p in cx
            .draft
            .view
            .placeholders
            .iter()
            .filter(|p| !template || p.always)
        {
            let text = p.range.slice(cx.draft.text);
            out.push(Diagnostic {
                rule: META.id,
                severity: META.default_severity,
                message: format!("{} is a template placeholder that was never filled in.", quote(text, 60)),
                note: "The customer would see it as written, which tells them the reply is a form letter and that nobody read their message.".into(),
                help: "Replace it with the real value, or reword the sentence without it; if this file is a canned response, set `mode = \"template\"`.".into(),
                range: p.range,
                related: Vec::new(),
                fixes: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Audience;
    use crate::rules::testing::flagged;

    #[test]
    fn flags_each_placeholder_syntax() {
        let draft = "Hi {{ticket.requester.first_name}}, I'm [Agent Name]. {%customer.firstName%} <NAME> XXX";
        assert_eq!(
            flagged("unfilled-placeholder", None, draft, Audience::General),
            [
                "{{ticket.requester.first_name}}",
                "[Agent Name]",
                "{%customer.firstName%}",
                "<NAME>",
                "XXX"
            ]
        );
    }

    #[test]
    fn a_filled_reply_and_code_are_fine() {
        let draft = "Hi Zoë, the setting is `{{name}}` in the template editor. [Here](https://example.com) it is.";
        assert!(flagged("unfilled-placeholder", None, draft, Audience::General).is_empty());
    }
}
