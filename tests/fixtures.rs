//! Every folder under `tests/fixtures/` is a ticket/draft pair with a reviewer's expectations.
//!
//! Each folder holds `reply.md`, optionally `ticket.md` (otherwise the customer's message is
//! quoted in the reply), optionally `tactful.toml`, and `expect.toml`:
//!
//! ```toml
//! audience = "general"
//! fires = ["jargon"]                  # rule ids that must be reported
//! silent = ["unanswered-question"]    # rule ids that must not be reported
//! ```
//!
//! The test runs `tactful check` in process, from the fixture's folder, asserts the
//! expectations, and snapshots the JSON and the human output (insta; `cargo insta review`).
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[allow(dead_code)]
    audience: String,
    fires: Vec<String>,
    silent: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExampleExpect {
    #[allow(dead_code)]
    audience: String,
    reply_fires: Vec<String>,
    reply_silent: Vec<String>,
    rewritten_fires: Vec<String>,
    rewritten_silent: Vec<String>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Runs the CLI in `dir` with `args`; returns (exit code, stdout). Nothing may reach stderr.
fn run_in(dir: &Path, args: &[&str]) -> (u8, String) {
    let (code, stdout, stderr) = tactful_tests::run_in(dir, args);
    assert!(stderr.is_empty(), "{}: stderr: {stderr}", dir.display());
    (code, stdout)
}

fn fired(json: &str) -> BTreeSet<String> {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    value["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

fn check_expectations(
    name: &str,
    fired: &BTreeSet<String>,
    fires: &[String],
    silent: &[String],
) -> Vec<String> {
    let mut problems = Vec::new();
    for rule in fires {
        if !fired.contains(rule) {
            problems.push(format!("{name}: expected `{rule}`, got {fired:?}"));
        }
    }
    for rule in silent {
        if fired.contains(rule) {
            problems.push(format!("{name}: `{rule}` must stay silent, got {fired:?}"));
        }
    }
    problems
}

fn args_for(dir: &Path, reply: &str) -> Vec<String> {
    let mut args = vec!["check".to_string(), reply.to_string()];
    if dir.join("ticket.md").is_file() {
        args.push("--ticket".into());
        args.push("ticket.md".into());
    }
    args
}

#[test]
fn fixtures() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 30, "only {} fixtures", dirs.len());
    let mut problems = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let expect: Expect =
            toml::from_str(&std::fs::read_to_string(dir.join("expect.toml")).unwrap()).unwrap();
        let args = args_for(dir, "reply.md");
        let mut json_args: Vec<&str> = args.iter().map(String::as_str).collect();
        json_args.extend(["--format", "json"]);
        let (code, json) = run_in(dir, &json_args);
        let fired = fired(&json);
        problems.extend(check_expectations(
            &name,
            &fired,
            &expect.fires,
            &expect.silent,
        ));
        let has_error =
            fired.contains("unfilled-placeholder") && json.contains("\"severity\": \"error\"");
        assert_eq!(code, u8::from(has_error), "{name}: exit code");
        let (_, human) = run_in(dir, &args.iter().map(String::as_str).collect::<Vec<_>>());
        insta::with_settings!({ snapshot_suffix => name.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("json", json);
            insta::assert_snapshot!("human", human);
        });
    }
    assert!(
        problems.is_empty(),
        "{} fixtures disagree with their expectations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn shipped_example() {
    let dir = root().join("../examples/broke-my-website");
    let expect: ExampleExpect =
        toml::from_str(&std::fs::read_to_string(dir.join("expect.toml")).unwrap()).unwrap();
    let mut problems = Vec::new();
    for (reply, fires, silent) in [
        ("reply.md", &expect.reply_fires, &expect.reply_silent),
        (
            "reply-rewritten.md",
            &expect.rewritten_fires,
            &expect.rewritten_silent,
        ),
    ] {
        let (_, json) = run_in(
            &dir,
            &["check", reply, "--ticket", "ticket.md", "--format", "json"],
        );
        problems.extend(check_expectations(reply, &fired(&json), fires, silent));
    }
    let (code, json) = run_in(
        &dir,
        &[
            "check",
            "reply-rewritten.md",
            "--ticket",
            "ticket.md",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["files"][0]["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "the rewritten reply passes clean:\n{json}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
