//! `unused-suppression`: a suppression comment that silences nothing.
//!
//! This rule is reported by the engine after suppressions are applied (it needs to know which
//! ones were used), so its `check` has nothing to do; its metadata and message live here.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::suppress::Suppression;

pub(crate) struct UnusedSuppression;

static META: RuleMeta = RuleMeta {
    id: super::UNUSED_SUPPRESSION,
    summary: "a tactful-disable comment that silences nothing, so it can be removed",
    default_severity: Severity::Info,
    fixable: true,
    docs: DOCS,
    options: &[],
};

const DOCS: &str = "\
## What it flags

A `<!-- tactful-disable… -->` comment under which no finding of the named rules was silenced.

## Why it matters to the customer

Suppressions rot: the sentence they excused gets rewritten, and the comment stays, ready to hide
the next real problem on that line from the next reader. Removing dead ones keeps the check honest.

## How it decides

After every rule has run, each suppression that silenced no finding is reported, pointing at
the comment. The quick fix removes the comment.

## Example

    <!-- tactful-disable-next-line jargon -->
    Thanks for your patience while we looked into this.

Nothing on that line is jargon: the comment can go.
";

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _cx: &Context<'_>, _out: &mut Vec<Diagnostic>) {}
}

/// The finding for one unused suppression.
pub(crate) fn finding(s: &Suppression) -> Diagnostic {
    let unknown: Vec<&String> = s
        .rules
        .iter()
        .flatten()
        .filter(|id| crate::rules::meta(id).is_none())
        .collect();
    if let Some(id) = unknown.first() {
        return Diagnostic {
            rule: META.id,
            severity: META.default_severity,
            message: format!("`{id}` in this suppression is not a rule, so it silences nothing."),
            note: "A misspelt rule id looks like it works while the finding it was meant to silence still appears, or worse, stays silenced elsewhere by mistake.".into(),
            help: format!("Use one of: {}.", crate::rules::ids().join(", ")),
            range: s.comment,
            related: Vec::new(),
            fixes: Vec::new(),
        };
    }
    let rules = s.rules.as_ref().map_or_else(
        || "any rule".to_string(),
        |r| {
            r.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        },
    );
    Diagnostic {
        rule: META.id,
        severity: META.default_severity,
        message: format!("This suppression silences nothing: there is no finding of {rules} where it applies."),
        note: "A suppression left behind after the text changed can hide the next real problem there from the next reader.".into(),
        help: "Remove the comment.".into(),
        range: s.comment,
        related: Vec::new(),
        fixes: vec![Fix {
            title: "Remove the unused suppression".into(),
            edits: vec![Edit {
                range: s.comment,
                replacement: String::new(),
            }],
        }],
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Audience;
    use crate::rules::testing::flagged;

    #[test]
    fn unused_and_used_suppressions() {
        let draft = "<!-- tactful-disable-next-line jargon -->\nThanks for waiting.\n\n<!-- tactful-disable-next-line jargon -->\nYour DNS is fine.\n";
        let found = flagged("unused-suppression", None, draft, Audience::General);
        assert_eq!(found, ["<!-- tactful-disable-next-line jargon -->"]);
        assert!(flagged("jargon", None, draft, Audience::General).is_empty());
    }
}
