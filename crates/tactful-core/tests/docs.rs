//! `docs/rules.md` is generated from the rule registry; this test keeps it in step.
//! Run with `UPDATE_DOCS=1` to rewrite it after changing a rule's docs.

use std::fmt::Write as _;

use tactful_core::rules::{OptionKind, RULES};

fn render() -> String {
    let mut s = String::from(
        "# tactful rules\n\n<!-- Generated from the rule registry by `UPDATE_DOCS=1 cargo test -p tactful-core --test docs`; do not edit by hand. -->\n\n",
    );
    for rule in RULES {
        let m = rule.meta();
        let _ = writeln!(s, "- [`{}`](#{}): {}", m.id, m.id, m.summary);
    }
    for rule in RULES {
        let m = rule.meta();
        let _ = write!(
            s,
            "\n<a id=\"{id}\"></a>\n\n## {id}\n\n{summary}.\n\nDefault severity: `{sev}`. Quick fixes: {fix}.\n\n",
            id = m.id,
            summary = capitalised(m.summary),
            sev = m.default_severity.name(),
            fix = if m.fixable { "yes" } else { "no" },
        );
        // Demote the rule's own headings one level under the rule's heading.
        for line in m.docs.lines() {
            if let Some(rest) = line.strip_prefix("## ") {
                let _ = writeln!(s, "### {rest}");
            } else {
                let _ = writeln!(s, "{line}");
            }
        }
        if !m.options.is_empty() {
            let _ = writeln!(
                s,
                "\n| option | type | default | meaning |\n|---|---|---|---|"
            );
            for o in m.options {
                let (kind, default) = match o.kind {
                    OptionKind::Bool => ("switch".to_string(), (o.default != 0.0).to_string()),
                    OptionKind::Number { min, max } => {
                        (format!("number, {min} to {max}"), o.default.to_string())
                    }
                };
                let _ = writeln!(s, "| `{}` | {kind} | {default} | {} |", o.key, o.doc);
            }
        }
    }
    s
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[test]
fn rules_reference_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let expected = render();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).expect("docs/rules.md is writable");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is out of date: run `UPDATE_DOCS=1 cargo test -p tactful-core --test docs`"
    );
}

#[test]
fn every_rule_is_documented() {
    for rule in RULES {
        let m = rule.meta();
        for section in [
            "## What it flags",
            "## Why it matters",
            "## How it decides",
            "## Example",
        ] {
            assert!(m.docs.contains(section), "{} lacks “{section}”", m.id);
        }
        assert!(
            m.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is not kebab-case",
            m.id
        );
    }
}
