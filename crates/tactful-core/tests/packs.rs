//! Every `[[example]]` in every shipped pack is a test: its expected rules fire, the others don't.

use tactful_core::{Format, Input, Settings, check};

#[test]
fn pack_examples_hold() {
    let engine = tactful_core::Engine::embedded().expect("the shipped packs load");
    let mut failures = Vec::new();
    assert!(!engine.examples().is_empty());
    for (pack, example) in engine.examples() {
        let settings = Settings {
            audience: example.audience.unwrap_or_default(),
            ..Settings::default()
        };
        let input = Input {
            draft: &example.draft,
            format: Format::Markdown,
            ticket: example.ticket.as_deref().map(|t| (t, Format::Markdown)),
        };
        let report = check(engine, &settings, &input);
        let fired: Vec<&str> = report.diagnostics.iter().map(|d| d.rule).collect();
        for rule in &example.expect {
            if !fired.contains(&rule.as_str()) {
                failures.push(format!(
                    "{pack}: expected {rule} on {:?}; fired {fired:?}",
                    example.draft
                ));
            }
        }
        for rule in &example.expect_not {
            if fired.contains(&rule.as_str()) {
                failures.push(format!(
                    "{pack}: did not expect {rule} on {:?}; fired {fired:?}",
                    example.draft
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn jargon_lexicons_are_large_and_complete() {
    let engine = tactful_core::Engine::embedded().expect("the shipped packs load");
    let terms = engine.terms();
    assert!(terms.len() >= 400, "only {} jargon terms", terms.len());
    for term in terms {
        assert!(
            !term.plain.trim().is_empty(),
            "{} has no plain alternative",
            term.term
        );
        assert!(
            !term.explain.trim().is_empty(),
            "{} has no explanation",
            term.term
        );
    }
}
