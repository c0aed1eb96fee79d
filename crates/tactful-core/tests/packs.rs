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

/// Every pack file under `rules/`, parsed as plain TOML.
fn pack_files() -> Vec<(String, toml::Table)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir)
            .expect("rules/ is readable")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules");
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("pack is readable");
            let table: toml::Table = toml::from_str(&text).expect("pack is TOML");
            (p.display().to_string(), table)
        })
        .collect()
}

#[test]
fn packs_are_canonical() {
    let mut spellings: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut ids = std::collections::HashSet::new();
    let mut synonym_words: std::collections::HashMap<String, String> =
        std::collections::HashMap::new();
    let mut problems = Vec::new();
    for (path, table) in pack_files() {
        let id = table["pack"]["id"].as_str().unwrap_or_default().to_string();
        if !ids.insert(id.clone()) {
            problems.push(format!("{path}: pack id `{id}` is used twice"));
        }
        let terms = table
            .get("term")
            .and_then(|t| t.as_array())
            .cloned()
            .unwrap_or_default();
        let mut previous = String::new();
        for term in &terms {
            let name = term["term"].as_str().unwrap_or_default();
            if name.to_lowercase() < previous {
                problems.push(format!(
                    "{path}: `{name}` is out of order (terms are sorted)"
                ));
            }
            previous = name.to_lowercase();
            let also = term
                .get("also")
                .and_then(|a| a.as_array())
                .cloned()
                .unwrap_or_default();
            for spelling in std::iter::once(name).chain(also.iter().filter_map(|a| a.as_str())) {
                if let Some(first) = spellings.insert(spelling.to_lowercase(), path.clone()) {
                    problems.push(format!("{path}: `{spelling}` is also in {first}"));
                }
            }
        }
        if let Some(groups) = table
            .get("words")
            .and_then(|w| w.get("synonyms"))
            .and_then(|s| s.as_array())
        {
            for group in groups {
                for word in group
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|w| w.as_str())
                {
                    if let Some(other) = synonym_words.insert(word.to_string(), path.clone()) {
                        problems.push(format!(
                            "{path}: synonym `{word}` is in two groups ({other})"
                        ));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// An added pack with a shipped pack's id replaces it, and a later added pack with an earlier
/// one's id replaces that one.
#[test]
fn added_packs_replace_packs_with_their_id() {
    let draft = "Set WP_DEBUG in wp_config and look for the word Zorblax in the log.";
    let flagged = |extra: &[tactful_core::PackSource]| -> Vec<String> {
        let engine = tactful_core::Engine::load(extra).expect("the packs load");
        let input = Input {
            draft,
            format: Format::Markdown,
            ticket: None,
        };
        check(&engine, &Settings::default(), &input)
            .diagnostics
            .iter()
            .filter(|d| d.rule == "jargon")
            .map(|d| draft[d.range.start..d.range.end].to_string())
            .collect()
    };
    let pack = |path: &str, text: &str| tactful_core::PackSource {
        path: path.into(),
        text: text.into(),
    };
    let shipped = flagged(&[]);
    assert!(shipped.iter().any(|t| t == "wp_config"), "{shipped:?}");
    // The shipped code-token pack replaced by one with no patterns: no code tokens.
    let empty = pack(
        "empty.toml",
        "[pack]\nid = \"code-tokens\"\ndescription = \"none\"\n",
    );
    let replaced = flagged(std::slice::from_ref(&empty));
    assert!(!replaced.iter().any(|t| t == "wp_config"), "{replaced:?}");
    // Two added packs with one id: the later one counts.
    let zorblax = pack(
        "zorblax.toml",
        "[pack]\nid = \"mine\"\ndescription = \"one term\"\n\n[[term]]\nterm = \"Zorblax\"\nplain = \"the tool\"\nexplain = \"our build tool\"\nunknown-to = \"technical\"\n",
    );
    let nothing = pack(
        "nothing.toml",
        "[pack]\nid = \"mine\"\ndescription = \"none\"\n",
    );
    let first = flagged(&[nothing.clone(), zorblax.clone()]);
    assert!(first.iter().any(|t| t == "Zorblax"), "{first:?}");
    let second = flagged(&[zorblax, nothing]);
    assert!(!second.iter().any(|t| t == "Zorblax"), "{second:?}");
}
