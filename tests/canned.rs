//! The CI use case end to end: `tactful check` over `examples/canned/`, a small repository of
//! saved replies with front matter, placeholders, suppressions, HTML exports, excluded drafts
//! and a few real problems. The SARIF and the summary are snapshotted; what each file must and
//! must not report is asserted; a baseline written today hides today's findings tomorrow, even
//! after lines move.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn run(cwd: &Path, args: &[&str]) -> (u8, String, String) {
    tactful_tests::run_in(cwd, args)
}

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Rules reported per file, from SARIF.
fn rules_by_file(sarif: &serde_json::Value) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in sarif["runs"][0]["results"].as_array().unwrap() {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        out.entry(uri.to_string())
            .or_default()
            .insert(r["ruleId"].as_str().unwrap().to_string());
    }
    out
}

#[test]
fn canned_responses_in_ci() {
    let root = root();
    let (code, sarif, stderr) = run(
        &root,
        &["check", "examples/canned", "--format", "sarif", "--summary"],
    );
    // One leftover TODO is an error even in template mode.
    assert_eq!(code, 1, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(value["version"], "2.1.0");
    let artifacts: Vec<&str> = value["runs"][0]["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["location"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(artifacts.len(), 28, "{artifacts:#?}");
    for skipped in ["drafts/", ".draft-notes", ".bak"] {
        assert!(
            !artifacts.iter().any(|a| a.contains(skipped)),
            "{skipped} must not be checked"
        );
    }
    let found = rules_by_file(&value);
    let file = |name: &str| format!("examples/canned/{name}");
    let expect: &[(&str, &[&str])] = &[
        (
            "hosting/point-your-domain.md",
            &["jargon", "jargon-density"],
        ),
        ("shop/cancel-an-order.md", &["unanswered-question"]),
        (
            "outages/site-down-investigating.md",
            &["missing-acknowledgement"],
        ),
        ("shop/returns-policy.md", &["lecture-length"]),
        ("shop/gift-card-balance.md", &["unfilled-placeholder"]),
        ("email/add-a-mailbox.md", &["unused-suppression"]),
    ];
    for (name, rules) in expect {
        let got = found.get(&file(name)).cloned().unwrap_or_default();
        let want: BTreeSet<String> = rules.iter().map(|r| (*r).to_string()).collect();
        assert_eq!(got, want, "{name}");
    }
    let with_problems: BTreeSet<String> = expect.iter().map(|(n, _)| file(n)).collect();
    for (path, rules) in &found {
        assert!(
            with_problems.contains(path),
            "{path} should be clean, got {rules:?}"
        );
    }
    insta::assert_snapshot!("canned_sarif", sarif);
    insta::assert_snapshot!("canned_summary", stderr);
}

#[test]
fn a_baseline_hides_known_findings_even_after_lines_move() {
    let tmp = tempfile::tempdir().unwrap();
    let copy = tmp.path().join("canned");
    copy_dir(&root().join("examples/canned"), &copy);
    let (_, _, stderr) = run(
        tmp.path(),
        &[
            "check",
            "canned",
            "--write-baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    );
    assert!(
        stderr.contains("wrote baseline.json with 22 findings"),
        "{stderr}"
    );
    // Lines move: a new paragraph above every finding in one file.
    let moved = copy.join("hosting/point-your-domain.md");
    let text = std::fs::read_to_string(&moved).unwrap();
    let at = text.find("\n\n").unwrap();
    std::fs::write(
        &moved,
        format!(
            "{}\n\nThanks for your patience.{}",
            &text[..at],
            &text[at..]
        ),
    )
    .unwrap();
    let (code, json, _) = run(
        tmp.path(),
        &[
            "check",
            "canned",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let total: u64 = ["errors", "warnings", "infos", "hints"]
        .iter()
        .map(|k| value["summary"][*k].as_u64().unwrap())
        .sum();
    assert_eq!(total, 0, "{json}");
    assert_eq!(code, 0);
    // A new problem is still reported.
    std::fs::write(
        copy.join("shop/new.md"),
        "Hi,\n\nYour SMTP relay rejected the mail. TODO\n",
    )
    .unwrap();
    let (code, json, _) = run(
        tmp.path(),
        &[
            "check",
            "canned",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1, "{json}");
    assert!(json.contains("SMTP"));
}

#[test]
fn thresholds_for_teams_tightening_the_bar() {
    let root = root();
    let (code, _, stderr) = run(
        &root,
        &[
            "check",
            "examples/canned/hosting",
            "--deny-warnings",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("--deny-warnings"), "{stderr}");
    let (code, _, _) = run(
        &root,
        &[
            "check",
            "examples/canned/hosting",
            "--max-warnings",
            "100",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let (code, _, stderr) = run(
        &root,
        &[
            "check",
            "examples/canned/hosting",
            "--max-warnings",
            "1",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1);
    assert!(stderr.contains("more than --max-warnings 1"), "{stderr}");
    let (_, github, _) = run(
        &root,
        &[
            "check",
            "examples/canned/hosting/point-your-domain.md",
            "--format",
            "github",
            "--mode",
            "template",
        ],
    );
    assert!(github.lines().all(|l| l.starts_with("::")), "{github}");
    assert!(github.contains("file=examples/canned/hosting/point-your-domain.md"));
    let (_, only_txt, _) = run(
        &root,
        &[
            "check",
            "examples/canned",
            "--include",
            "**/*.txt",
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(&only_txt).unwrap();
    assert_eq!(value["summary"]["files"], 3);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
