//! `jargon-density`: a paragraph (or the whole draft) too dense with jargon.

use crate::config::Audience;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, OptionKind, OptionMeta, Rule, RuleMeta};
use crate::text::TextRange;

pub(crate) struct JargonDensity;

static META: RuleMeta = RuleMeta {
    id: "jargon-density",
    summary: "a paragraph with too many jargon terms per 100 words",
    default_severity: Severity::Warning,
    fixable: false,
    docs: DOCS,
    options: &[
        OptionMeta {
            key: "per-100-words",
            kind: OptionKind::Number {
                min: 0.5,
                max: 100.0,
            },
            default: 5.0,
            doc: "jargon terms per 100 words allowed for a general reader (novice: 0.6×, technical: 2×)",
        },
        OptionMeta {
            key: "min-terms",
            kind: OptionKind::Number {
                min: 1.0,
                max: 100.0,
            },
            default: 3.0,
            doc: "a paragraph needs at least this many unexplained terms to be flagged",
        },
    ],
};

const DOCS: &str = "\
## What it flags

A paragraph whose unexplained jargon terms per 100 words exceed the audience's threshold, or a
whole draft over it when no single paragraph is.

## Why it matters to the customer

One unfamiliar term can be guessed from context; three in a paragraph cannot. Dense paragraphs are
where customers stop reading, and the answer is usually in one of them.

## How it decides

Density = unexplained jargon terms (as the `jargon` rule finds them) per 100 words of the
paragraph. The threshold is `per-100-words` (default 5) for a general reader, 0.6× that for a
novice and 2× for a technical reader, and a paragraph needs at least `min-terms` (default 3)
terms, so a short sentence with one term is left to the `jargon` rule.

## Example

    Your A record and CNAME point at the old IP, the TTL is 86400, and the MX still uses the legacy relay.

Four terms in twenty words: rewrite it as a sentence or two of plain words.

## Options

- `per-100-words` (number, default 5.0)
- `min-terms` (number, default 3)
";

impl Rule for JargonDensity {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let scale = match cx.settings.audience {
            Audience::Novice => 0.6,
            Audience::General => 1.0,
            Audience::Technical => 2.0,
        };
        let threshold = cx.number(&META, "per-100-words") * scale;
        let min_terms = cx.number(&META, "min-terms");
        let flagged: Vec<TextRange> = cx
            .jargon
            .iter()
            .filter(|h| !h.explained)
            .map(|h| h.range)
            .collect();
        let mut any = false;
        for (index, block) in cx.draft.view.blocks.iter().enumerate() {
            let words = cx.draft.block_word_count(index);
            // `flagged` is sorted by position: count the hits inside the block by bisection.
            let from = flagged.partition_point(|r| r.start < block.range.start);
            let to = flagged.partition_point(|r| r.start < block.range.end);
            let terms = flagged[from..to]
                .iter()
                .filter(|r| r.end <= block.range.end)
                .count();
            if words == 0 || (terms as f64) < min_terms {
                continue;
            }
            let density = terms as f64 * 100.0 / words as f64;
            if density <= threshold {
                continue;
            }
            any = true;
            out.push(finding(
                block.range,
                terms,
                words,
                density,
                threshold,
                "This paragraph",
            ));
        }
        let words = cx.draft.words.len();
        if !any && words > 0 && flagged.len() as f64 >= min_terms * 2.0 {
            let density = flagged.len() as f64 * 100.0 / words as f64;
            if density > threshold {
                let range = cx
                    .draft
                    .view
                    .blocks
                    .first()
                    .zip(cx.draft.view.blocks.last())
                    .map_or_else(TextRange::default, |(a, b)| a.range.cover(b.range));
                out.push(finding(
                    range,
                    flagged.len(),
                    words,
                    density,
                    threshold,
                    "The draft",
                ));
            }
        }
    }
}

fn finding(
    range: TextRange,
    terms: usize,
    words: usize,
    density: f64,
    threshold: f64,
    what: &str,
) -> Diagnostic {
    Diagnostic {
        rule: META.id,
        severity: META.default_severity,
        message: format!(
            "{what} has {terms} jargon terms in {words} words ({density:.1} per 100 words; the limit for this audience is {threshold:.1})."
        ),
        note: "One unfamiliar term can be guessed from context; several together can't, and this is where customers stop reading.".into(),
        help: "Keep the one or two terms the customer needs, explain them, and say the rest in plain words.".into(),
        range,
        related: Vec::new(),
        fixes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Audience;
    use crate::rules::testing::flagged;

    #[test]
    fn a_dense_paragraph_is_flagged() {
        let draft = "Your A record and CNAME point at the old IP address, the TTL is high, and the MX record still uses the SMTP relay.\n\nThanks!";
        let found = flagged("jargon-density", None, draft, Audience::General);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("Your A record"));
    }

    #[test]
    fn one_term_in_a_paragraph_is_not_dense() {
        let draft = "Your website's address settings (DNS) are fine now. It may take an hour to show everywhere.";
        assert!(flagged("jargon-density", None, draft, Audience::General).is_empty());
    }
}
