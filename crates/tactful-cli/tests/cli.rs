//! End-to-end tests of the `tactful` binary: every clause of the CLI contract in
//! /work/shared/DESIGN.md (exit codes, inputs, tickets, directories, bad input, config, the
//! JSON output, colour) checked on the built binary. Each test builds its inputs in its own
//! temporary directory and runs the binary there; nothing is written into the repository.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers

/// A temporary directory to run in, with files written into it.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file (creating its folders) and returns its full path.
    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> std::path::PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folders");
        }
        fs::write(&path, contents).expect("write a file");
        path
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.dir.path().join(name)).expect("read a file")
    }

    /// `tactful ARGS` run in this directory, with `NO_COLOR` removed from the environment.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("tactful").expect("the tactful binary is built");
        cmd.current_dir(self.path())
            .env_remove("NO_COLOR")
            .args(args);
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::of(&mut self.cmd(args))
    }

    fn run_with_stdin(&self, args: &[&str], stdin: &str) -> Run {
        let mut cmd = self.cmd(args);
        cmd.write_stdin(stdin.to_string());
        Run::of(&mut cmd)
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(cmd: &mut Command) -> Self {
        let output = cmd.output().expect("the binary runs");
        Self {
            code: output
                .status
                .code()
                .expect("the binary exits normally, not by a signal"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Asserts the exit code, showing both streams when it is wrong.
    fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "unexpected exit code\n--- stdout:\n{}\n--- stderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    fn no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked:\n{}",
            self.stderr
        );
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// The keys of a JSON object, as a set.
fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("expected an object, found {value}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn set<'a>(items: &[&'a str]) -> BTreeSet<&'a str> {
    items.iter().copied().collect()
}

/// The diagnostics of the `n`th file of a JSON report.
fn diagnostics(report: &Value, n: usize) -> &Vec<Value> {
    report["files"][n]["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
}

fn rules_of(report: &Value, n: usize) -> Vec<&str> {
    diagnostics(report, n)
        .iter()
        .map(|d| d["rule"].as_str().expect("rule is a string"))
        .collect()
}

fn paths_of(report: &Value) -> Vec<&str> {
    report["files"]
        .as_array()
        .expect("files is an array")
        .iter()
        .map(|f| f["path"].as_str().expect("path is a string"))
        .collect()
}

/// The 1-based line and column (in Unicode scalar values) of a byte offset, computed here
/// independently of tactful's line index.
fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u64, column as u64)
}

/// Checks that a JSON position is `offset` in `text`, with the line and column that match it.
fn assert_position(position: &Value, text: &str, offset: usize) {
    let (line, column) = line_column(text, offset);
    assert_eq!(
        keys(position),
        set(&["line", "column", "offset"]),
        "{position}"
    );
    assert_eq!(position["offset"], offset as u64, "offset of {position}");
    assert_eq!(position["line"], line, "line of {position}");
    assert_eq!(position["column"], column, "column of {position}");
}

/// The byte range `[start, end)` of a JSON range, after checking both ends are consistent
/// with `text` (line and column derived from the offset, on a character boundary).
fn byte_range(range: &Value, text: &str) -> (usize, usize) {
    assert_eq!(keys(range), set(&["start", "end"]), "{range}");
    let start = range["start"]["offset"].as_u64().expect("offset") as usize;
    let end = range["end"]["offset"].as_u64().expect("offset") as usize;
    assert!(
        start <= end && end <= text.len(),
        "range {range} out of the text"
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "range {range} splits a character"
    );
    assert_position(&range["start"], text, start);
    assert_position(&range["end"], text, end);
    (start, end)
}

/// Sets a file's modification time well in the past, so a rewrite would show.
fn age(path: &Path) -> SystemTime {
    let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    fs::File::options()
        .write(true)
        .open(path)
        .expect("open for setting the time")
        .set_modified(past)
        .expect("set the modification time");
    fs::metadata(path)
        .expect("metadata")
        .modified()
        .expect("mtime")
}

// ---------------------------------------------------------------------------------------------
// Texts

/// A reply that answers its ticket plainly.
const CLEAN_REPLY: &str = "Hi Ana,\n\nYour refund has been sent today. It should arrive in three to five days.\n\nThanks,\nSam\n";
const CLEAN_TICKET: &str = "When will my refund arrive?\n";

/// A reply with an unfilled placeholder.
const PLACEHOLDER_REPLY: &str = "Hi {{first_name}},\n\nYour refund has been sent today. It should arrive in three to five days.\n\nThanks,\nSam\n";

/// A reply that answers the first of two questions, not the second.
const PARTIAL_REPLY: &str = "Hi Ana,\n\nYour refund has been sent today.\n\nThanks,\nSam\n";
const TWO_QUESTIONS: &str = "Hello,\n\nWhen will my refund arrive?\n\nAlso, can I change the billing address on my invoices to my new office in Lyon?\n";
const SECOND_QUESTION: &str =
    "Also, can I change the billing address on my invoices to my new office in Lyon?";

/// A reply with one piece of jargon (DNS) and nothing else to say about it.
const DNS_REPLY: &str = "Hi Ana,\n\nI changed the DNS settings for your domain, so your site loads again.\n\nThanks,\nSam\n";

/// A reply quoting the customer's email below it.
const QUOTING_REPLY: &str = "Hi Dana,

Your refund has been sent today.

Thanks,
Sam

On Tue, 3 Mar 2026 at 09:12, Dana <d@example.com> wrote:
> Hello,
>
> When will my refund arrive?
>
> Also, can I change the billing address on my invoices to my new office in Lyon?
";

// ---------------------------------------------------------------------------------------------
// Exit codes

#[test]
fn clean_reply_exits_0_and_says_so() {
    let s = Sandbox::new();
    s.write("reply.md", CLEAN_REPLY);
    s.write("ticket.md", CLEAN_TICKET);
    let run = s.run(&["check", "reply.md", "--ticket", "ticket.md"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("No problems found in 1 file."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("1 of 1 question answered"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn unfilled_placeholder_in_reply_mode_exits_1() {
    let s = Sandbox::new();
    s.write("reply.md", PLACEHOLDER_REPLY);
    let run = s.run(&["check", "reply.md"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("error[unfilled-placeholder]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("{{first_name}}"), "{}", run.stdout);
    assert!(run.stdout.contains("reply.md:1:4"), "{}", run.stdout);
    assert!(run.stdout.contains("1 error"), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    let json = s.run(&["check", "reply.md", "--format", "json"]);
    json.expect_code(1);
    let report = json.json();
    let placeholder = diagnostics(&report, 0)
        .iter()
        .find(|d| d["rule"] == "unfilled-placeholder")
        .expect("an unfilled-placeholder finding");
    assert_eq!(placeholder["severity"], "error");
    let (start, end) = byte_range(&placeholder["range"], PLACEHOLDER_REPLY);
    assert_eq!(&PLACEHOLDER_REPLY[start..end], "{{first_name}}");
    assert_eq!(report["summary"]["errors"], 1);
}

#[test]
fn same_placeholder_in_template_mode_exits_0() {
    let s = Sandbox::new();
    s.write("reply.md", PLACEHOLDER_REPLY);
    let run = s.run(&["check", "reply.md", "--mode", "template"]);
    run.expect_code(0);
    assert!(
        !run.stdout.contains("unfilled-placeholder"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("No problems found in 1 file."),
        "{}",
        run.stdout
    );

    // The same through the config file.
    s.write("tactful.toml", "mode = \"template\"\n");
    s.run(&["check", "reply.md"]).expect_code(0);
    // The flag overrides the config.
    s.run(&["check", "reply.md", "--mode", "reply"])
        .expect_code(1);
}

// ---------------------------------------------------------------------------------------------
// stdin

#[test]
fn dash_reads_the_draft_from_stdin() {
    let s = Sandbox::new();
    s.write("t.md", TWO_QUESTIONS);
    let run = s.run_with_stdin(
        &["check", "-", "--ticket", "t.md", "--format", "json"],
        PARTIAL_REPLY,
    );
    run.expect_code(0);
    let report = run.json();
    assert_eq!(paths_of(&report), ["<stdin>"]);
    assert_eq!(report["files"][0]["metrics"]["questions_in_ticket"], 2);
    assert_eq!(report["files"][0]["metrics"]["questions_answered"], 1);
    let unanswered = &diagnostics(&report, 0)[0];
    assert_eq!(unanswered["rule"], "unanswered-question");
    assert_eq!(unanswered["related"][0]["path"], "t.md");
    let (start, end) = byte_range(&unanswered["related"][0]["range"], TWO_QUESTIONS);
    assert_eq!(&TWO_QUESTIONS[start..end], SECOND_QUESTION);

    // And the placeholder rule works on stdin as on a file.
    let placeholder = s.run_with_stdin(&["check", "-"], PLACEHOLDER_REPLY);
    placeholder.expect_code(1);
    assert!(
        placeholder.stdout.contains("<stdin>:1:4"),
        "{}",
        placeholder.stdout
    );
}

#[test]
fn ticket_dash_reads_the_ticket_from_stdin() {
    let s = Sandbox::new();
    s.write("reply.md", PARTIAL_REPLY);
    let run = s.run_with_stdin(
        &["check", "reply.md", "--ticket", "-", "--format", "json"],
        TWO_QUESTIONS,
    );
    run.expect_code(0);
    let report = run.json();
    assert_eq!(paths_of(&report), ["reply.md"]);
    assert_eq!(report["files"][0]["metrics"]["questions_in_ticket"], 2);
    let unanswered = &diagnostics(&report, 0)[0];
    assert_eq!(unanswered["rule"], "unanswered-question");
    assert_eq!(unanswered["related"][0]["path"], "<stdin>");
    let (start, end) = byte_range(&unanswered["related"][0]["range"], TWO_QUESTIONS);
    assert_eq!(&TWO_QUESTIONS[start..end], SECOND_QUESTION);
}

#[test]
fn dash_for_both_the_draft_and_the_ticket_is_a_usage_error() {
    let s = Sandbox::new();
    let run = s.run_with_stdin(&["check", "-", "--ticket", "-"], PARTIAL_REPLY);
    run.expect_code(2);
    assert!(run.stderr.contains("stdin"), "{}", run.stderr);
    assert!(run.stderr.contains("--ticket"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// The JSON contract

#[test]
fn json_output_follows_the_contract() {
    let s = Sandbox::new();
    s.write("reply.md", format!("{DNS_REPLY}\n{{{{first_name}}}}\n"));
    s.write("ticket.md", TWO_QUESTIONS);
    let run = s.run(&[
        "check",
        "reply.md",
        "--ticket",
        "ticket.md",
        "--format",
        "json",
    ]);
    run.expect_code(1);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let report = run.json();
    let text = s.read("reply.md");

    assert_eq!(keys(&report), set(&["version", "files", "summary"]));
    assert_eq!(report["version"], 1);
    assert_eq!(
        keys(&report["summary"]),
        set(&["files", "errors", "warnings", "infos", "hints"])
    );

    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 1);
    let file = &files[0];
    assert_eq!(keys(file), set(&["path", "metrics", "diagnostics"]));
    assert_eq!(file["path"], "reply.md");

    let metrics = &file["metrics"];
    assert_eq!(
        keys(metrics),
        set(&[
            "words",
            "sentences",
            "reading_grade",
            "jargon_per_100_words",
            "questions_in_ticket",
            "questions_answered",
        ])
    );
    assert!(metrics["words"].as_u64().expect("words") > 10, "{metrics}");
    assert!(
        metrics["sentences"].as_u64().expect("sentences") >= 2,
        "{metrics}"
    );
    assert!(metrics["reading_grade"].as_f64().is_some(), "{metrics}");
    assert!(
        metrics["jargon_per_100_words"].as_f64().expect("density") > 0.0,
        "{metrics}"
    );
    assert_eq!(metrics["questions_in_ticket"], 2);
    assert!(metrics["questions_answered"].as_u64().expect("answered") <= 2);

    let diags = diagnostics(&report, 0);
    let mut counts = [0u64; 4];
    for d in diags {
        assert_eq!(
            keys(d),
            set(&["rule", "severity", "message", "range", "related", "fixes"]),
            "{d}"
        );
        let rule = d["rule"].as_str().expect("rule");
        assert!(
            [
                "jargon",
                "jargon-density",
                "unanswered-question",
                "missing-acknowledgement",
                "lecture-length",
                "unfilled-placeholder"
            ]
            .contains(&rule),
            "unknown rule id {rule}"
        );
        let severity = d["severity"].as_str().expect("severity");
        let slot = ["error", "warning", "info", "hint"]
            .iter()
            .position(|s| *s == severity)
            .unwrap_or_else(|| panic!("unknown severity {severity}"));
        counts[slot] += 1;
        assert!(!d["message"].as_str().expect("message").is_empty());
        byte_range(&d["range"], &text);
        for related in d["related"].as_array().expect("related") {
            assert_eq!(
                keys(related),
                set(&["path", "range", "message"]),
                "{related}"
            );
        }
        for fix in d["fixes"].as_array().expect("fixes") {
            assert_eq!(keys(fix), set(&["title", "edits"]), "{fix}");
            assert!(!fix["title"].as_str().expect("title").is_empty());
            for edit in fix["edits"].as_array().expect("edits") {
                assert_eq!(keys(edit), set(&["range", "replacement"]), "{edit}");
                byte_range(&edit["range"], &text);
                assert!(edit["replacement"].is_string());
            }
        }
    }
    let summary = &report["summary"];
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["errors"], counts[0]);
    assert_eq!(summary["warnings"], counts[1]);
    assert_eq!(summary["infos"], counts[2]);
    assert_eq!(summary["hints"], counts[3]);

    // The findings the texts call for, with their ranges.
    let jargon = diags
        .iter()
        .find(|d| d["rule"] == "jargon")
        .expect("DNS is flagged");
    let (start, end) = byte_range(&jargon["range"], &text);
    assert_eq!(&text[start..end], "DNS");
    assert_eq!(start, text.find("DNS").expect("DNS is in the text"));
    let fix = &jargon["fixes"][0]["edits"][0];
    assert_eq!(byte_range(&fix["range"], &text), (start, end));

    // The refund question is not answered (the draft is about DNS).
    let unanswered = diags
        .iter()
        .find(|d| {
            d["rule"] == "unanswered-question"
                && d["message"].as_str().unwrap_or("").contains("refund")
        })
        .expect("the refund question is unanswered");
    let related = &unanswered["related"][0];
    assert_eq!(related["path"], "ticket.md");
    assert!(!related["message"].as_str().expect("message").is_empty());
    let (start, end) = byte_range(&related["range"], TWO_QUESTIONS);
    assert_eq!(&TWO_QUESTIONS[start..end], "When will my refund arrive?");

    assert!(rules_of(&report, 0).contains(&"unfilled-placeholder"));
}

#[test]
fn json_positions_count_unicode_scalars_and_bytes_across_crlf() {
    let s = Sandbox::new();
    let draft = "Hi Zoë,\r\n\r\nI’m sorry 🙏 — José at “Café Ñandú” fixed the DNS records.\r\n\r\nThe CDN is fine too.\r\n";
    let ticket = "Hi,\r\n\r\nMy café’s site 🙁 is down! When will it work again?\r\n\r\nAlso, can I change the billing address on my invoices to my new office in Lyon?\r\n";
    s.write("reply.md", draft);
    s.write("ticket.md", ticket);
    let run = s.run(&[
        "check",
        "reply.md",
        "--ticket",
        "ticket.md",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let report = run.json();
    let diags = diagnostics(&report, 0);

    // Every range, related range and fix range is consistent: offsets on character
    // boundaries, lines and columns matching the offsets.
    for d in diags {
        byte_range(&d["range"], draft);
        for related in d["related"].as_array().expect("related") {
            let text = if related["path"] == "ticket.md" {
                ticket
            } else {
                draft
            };
            byte_range(&related["range"], text);
        }
        for fix in d["fixes"].as_array().expect("fixes") {
            for edit in fix["edits"].as_array().expect("edits") {
                byte_range(&edit["range"], draft);
            }
        }
    }

    // CDN: on line 5, after two CRLF paragraphs with emoji, curly quotes and accents.
    let cdn = diags
        .iter()
        .find(|d| d["rule"] == "jargon" && d["message"].as_str().unwrap_or("").contains("CDN"))
        .expect("CDN is flagged");
    let offset = draft.find("CDN").expect("CDN");
    assert_eq!(cdn["range"]["start"]["offset"], offset as u64);
    assert_eq!(cdn["range"]["start"]["line"], 5);
    assert_eq!(cdn["range"]["start"]["column"], 5);
    assert_eq!(cdn["range"]["end"]["offset"], (offset + 3) as u64);
    assert_eq!(cdn["range"]["end"]["column"], 8);

    // DNS: on line 3, after “ ’ 🙏 — é Ñ ú ”: columns count scalars, offsets count bytes.
    let dns = diags
        .iter()
        .find(|d| d["rule"] == "jargon" && d["message"].as_str().unwrap_or("").contains("DNS"))
        .expect("DNS is flagged");
    let offset = draft.find("DNS").expect("DNS");
    let line_start = draft[..offset].rfind('\n').expect("a line before") + 1;
    let column = draft[line_start..offset].chars().count() + 1;
    assert_eq!(dns["range"]["start"]["offset"], offset as u64);
    assert_eq!(dns["range"]["start"]["line"], 3);
    assert_eq!(dns["range"]["start"]["column"], column as u64);
    assert_ne!(
        column,
        offset - line_start + 1,
        "the line has multi-byte characters"
    );

    // The unanswered question points into the CRLF ticket, past its emoji.
    let unanswered = diags
        .iter()
        .find(|d| {
            d["rule"] == "unanswered-question"
                && d["message"].as_str().unwrap_or("").contains("Lyon")
        })
        .expect("the billing-address question is unanswered");
    let related = &unanswered["related"][0];
    assert_eq!(related["path"], "ticket.md");
    let (start, end) = byte_range(&related["range"], ticket);
    assert_eq!(&ticket[start..end], SECOND_QUESTION);
    assert_eq!(start, ticket.find("Also,").expect("the question"));
    assert_eq!(related["range"]["start"]["line"], 5);
    assert_eq!(related["range"]["start"]["column"], 1);
    assert_eq!(
        related["range"]["end"]["column"],
        (SECOND_QUESTION.chars().count() + 1) as u64
    );
}

// ---------------------------------------------------------------------------------------------
// Tickets: quoted, separate, sibling

#[test]
fn quoted_customer_email_is_split_off_and_its_questions_checked() {
    let s = Sandbox::new();
    s.write("reply.md", QUOTING_REPLY);
    let run = s.run(&["check", "reply.md", "--format", "json"]);
    run.expect_code(0);
    let report = run.json();
    let metrics = &report["files"][0]["metrics"];
    assert_eq!(metrics["questions_in_ticket"], 2);
    assert_eq!(metrics["questions_answered"], 1);
    // Only the draft's own words are counted: "Hi Dana, Your refund has been sent today.
    // Thanks, Sam".
    assert_eq!(metrics["words"], 10);

    let quote_start = QUOTING_REPLY.find("On Tue").expect("the attribution line");
    let diags = diagnostics(&report, 0);
    assert_eq!(rules_of(&report, 0), ["unanswered-question"]);
    let unanswered = &diags[0];
    let (start, _) = byte_range(&unanswered["range"], QUOTING_REPLY);
    assert!(
        start < quote_start,
        "the finding is in the draft, not in the quote"
    );
    let related = &unanswered["related"][0];
    assert_eq!(
        related["path"], "reply.md",
        "the quoted ticket is in the draft itself"
    );
    let (start, end) = byte_range(&related["range"], QUOTING_REPLY);
    assert_eq!(&QUOTING_REPLY[start..end], SECOND_QUESTION);
    assert_eq!(related["range"]["start"]["line"], 13);
    assert_eq!(
        related["range"]["start"]["column"], 3,
        "after the `> ` marker"
    );
}

#[test]
fn a_ticket_flag_wins_over_a_quoted_ticket() {
    let s = Sandbox::new();
    s.write("reply.md", QUOTING_REPLY);
    let other =
        "Hello,\n\nDo you ship to Norway?\n\nAnd how long is the warranty on the blue lamp?\n";
    s.write("other.md", other);
    let run = s.run(&[
        "check", "reply.md", "--ticket", "other.md", "--format", "json",
    ]);
    run.expect_code(0);
    let report = run.json();
    assert_eq!(report["files"][0]["metrics"]["questions_in_ticket"], 2);
    let asked: Vec<&str> = diagnostics(&report, 0)
        .iter()
        .filter(|d| d["rule"] == "unanswered-question")
        .map(|d| {
            assert_eq!(d["related"][0]["path"], "other.md");
            let (start, end) = byte_range(&d["related"][0]["range"], other);
            &other[start..end]
        })
        .collect();
    assert_eq!(
        asked,
        [
            "Do you ship to Norway?",
            "And how long is the warranty on the blue lamp?"
        ]
    );
    assert!(
        !run.stdout.contains("Lyon"),
        "the quoted questions were not used"
    );
}

#[test]
fn a_sibling_ticket_file_is_used_when_no_ticket_is_given() {
    let s = Sandbox::new();
    s.write("replies/reply.md", PARTIAL_REPLY);
    s.write("replies/reply.ticket.md", TWO_QUESTIONS);
    let run = s.run(&["check", "replies/reply.md", "--format", "json"]);
    run.expect_code(0);
    let report = run.json();
    assert_eq!(report["files"][0]["metrics"]["questions_in_ticket"], 2);
    let unanswered = &diagnostics(&report, 0)[0];
    assert_eq!(unanswered["rule"], "unanswered-question");
    assert_eq!(unanswered["related"][0]["path"], "replies/reply.ticket.md");
    let (start, end) = byte_range(&unanswered["related"][0]["range"], TWO_QUESTIONS);
    assert_eq!(&TWO_QUESTIONS[start..end], SECOND_QUESTION);

    // Human output names the sibling too, and does not claim there was no ticket.
    let human = s.run(&["check", "replies/reply.md"]);
    human.expect_code(0);
    assert!(
        human.stdout.contains("replies/reply.ticket.md:5:1"),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains("1 of 2 questions answered"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("had no ticket"), "{}", human.stdout);

    // --ticket wins over the sibling.
    s.write("clean-ticket.md", CLEAN_TICKET);
    let flagged = s.run(&[
        "check",
        "replies/reply.md",
        "--ticket",
        "clean-ticket.md",
        "--format",
        "json",
    ]);
    flagged.expect_code(0);
    assert_eq!(
        flagged.json()["files"][0]["metrics"]["questions_in_ticket"],
        1
    );
}

#[test]
fn an_unreadable_sibling_ticket_is_reported_not_silently_skipped() {
    let s = Sandbox::new();
    s.write("reply.md", PARTIAL_REPLY);
    s.write("reply.ticket.md", b"Caf\xe9 ferm\xe9?\n");
    let run = s.run(&["check", "reply.md"]);
    run.expect_code(2);
    assert!(run.stderr.contains("reply.ticket.md"), "{}", run.stderr);
    assert!(run.stderr.contains("UTF-8"), "{}", run.stderr);
    // The draft itself was still checked.
    assert!(run.stdout.contains("reply.md: 10 words"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// Directories

/// A tree of canned responses with files that must and must not be checked.
fn responses_tree(s: &Sandbox) {
    s.write(
        "responses/billing/refund.md",
        "Hi {{first_name}}, your refund is on its way.\n",
    );
    s.write(
        "responses/billing/refund.ticket.md",
        "When will my refund arrive?\n",
    );
    s.write(
        "responses/a-welcome.txt",
        "Hi {{first_name}}, thanks for your order.\n",
    );
    s.write(
        "responses/zz/nested/deep.markdown",
        "Hi [Customer Name], thanks for waiting.\n",
    );
    s.write("responses/.hidden.md", "Hi {{first_name}}, hidden file.\n");
    s.write(
        "responses/.drafts/h.md",
        "Hi {{first_name}}, hidden folder.\n",
    );
    s.write(
        "responses/old/ignored.md",
        "Hi {{first_name}}, git-ignored folder.\n",
    );
    s.write(
        "responses/scratch.md",
        "Hi {{first_name}}, git-ignored file.\n",
    );
    s.write("responses/.gitignore", "old/\nscratch.md\n");
    s.write("responses/data.json", "{\"not\": \"a draft\"}\n");
    s.write(
        "responses/notes.ticket.txt",
        "A ticket without its draft, not a draft.\n",
    );
}

#[test]
fn a_directory_is_walked_recursively_sorted_and_stable() {
    let s = Sandbox::new();
    responses_tree(&s);
    let run = s.run(&[
        "check",
        "responses/",
        "--mode",
        "template",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let report = run.json();
    assert_eq!(
        paths_of(&report),
        [
            "responses/a-welcome.txt",
            "responses/billing/refund.md",
            "responses/zz/nested/deep.markdown",
        ]
    );
    assert_eq!(report["summary"]["files"], 3);
    // The sibling ticket was used for the draft beside it.
    assert_eq!(report["files"][1]["metrics"]["questions_in_ticket"], 1);

    // Again, and in human form: the same output every time.
    let again = s.run(&[
        "check",
        "responses/",
        "--mode",
        "template",
        "--format",
        "json",
    ]);
    assert_eq!(again.stdout, run.stdout);
    let human = s.run(&["check", "responses/", "--mode", "template"]);
    human.expect_code(0);
    let human_again = s.run(&["check", "responses/", "--mode", "template"]);
    assert_eq!(human.stdout, human_again.stdout);
    let a = human
        .stdout
        .find("responses/a-welcome.txt:")
        .expect("a-welcome.txt");
    let b = human
        .stdout
        .find("responses/billing/refund.md:")
        .expect("refund.md");
    let z = human
        .stdout
        .find("responses/zz/nested/deep.markdown:")
        .expect("deep.markdown");
    assert!(a < b && b < z, "{}", human.stdout);
    assert!(!human.stdout.contains("hidden"), "{}", human.stdout);
    assert!(!human.stdout.contains("ignored"), "{}", human.stdout);

    // In reply mode the placeholders in the three drafts are errors.
    let reply = s.run(&["check", "responses", "--format", "json"]);
    reply.expect_code(1);
    assert_eq!(reply.json()["summary"]["errors"], 3);
}

/// A tree of 50 drafts of very different lengths (so they finish checking out of order), two
/// of them unreadable, written in reverse order of their names.
fn fifty_drafts(s: &Sandbox) -> Vec<std::path::PathBuf> {
    let mut names = Vec::new();
    for i in (0..50).rev() {
        // "a" and "a-x" folders, and unpadded numbers: sorted by path, not by when written.
        let folder = ["a", "a-x", "b/deep", "c"][i % 4];
        let name = format!("tree/{folder}/{i}.md");
        let contents: Vec<u8> = match i {
            7 => b"\x00\x01binary".to_vec(),
            31 => b"caf\xe9 au lait\n".to_vec(),
            _ => {
                // Every fifth draft is long, the rest are one line.
                let paragraph = format!(
                    "Your DNS records for site {i} are fine, and the TTL will expire soon.\n\n"
                );
                let repeat = if i % 5 == 0 { 60 } else { 1 };
                format!(
                    "Hi {{{{first_name}}}},\n\n{}Thanks!\n",
                    paragraph.repeat(repeat)
                )
                .into_bytes()
            }
        };
        s.write(&name, contents);
        names.push(std::path::PathBuf::from(name));
    }
    names.sort();
    names
}

#[test]
fn fifty_drafts_come_out_in_path_order_and_the_same_every_run() {
    let s = Sandbox::new();
    let sorted = fifty_drafts(&s);
    let shown = |p: &std::path::PathBuf| p.display().to_string();
    let unreadable = ["tree/c/7.md", "tree/c/31.md"];
    let checked: Vec<String> = sorted
        .iter()
        .map(shown)
        .filter(|p| !unreadable.contains(&p.as_str()))
        .collect();
    assert_eq!(checked.len(), 48);

    let json = s.run(&["check", "tree", "--format", "json"]);
    json.expect_code(2).no_panic();
    let report = json.json();
    assert_eq!(paths_of(&report), checked);
    assert_eq!(report["summary"]["files"], 48);
    assert_eq!(report["summary"]["errors"], 48, "one placeholder in each");
    // The problems are reported in the order of the files too.
    let errors: Vec<&str> = json.stderr.lines().collect();
    assert_eq!(errors.len(), 2, "{}", json.stderr);
    let (at_31, at_7) = (
        sorted.iter().position(|p| shown(p) == "tree/c/31.md"),
        sorted.iter().position(|p| shown(p) == "tree/c/7.md"),
    );
    assert!(at_31 < at_7);
    assert!(
        errors[0].starts_with("error: tree/c/31.md: is not valid UTF-8"),
        "{}",
        json.stderr
    );
    assert!(
        errors[1].starts_with("error: tree/c/7.md: looks like a binary file"),
        "{}",
        json.stderr
    );

    for format in ["json", "human", "sarif", "github"] {
        let first = s.run(&["check", "tree", "--format", format, "--summary"]);
        for _ in 0..2 {
            let again = s.run(&["check", "tree", "--format", format, "--summary"]);
            assert_eq!(again.code, first.code, "{format}");
            assert_eq!(again.stdout, first.stdout, "{format}");
            assert_eq!(again.stderr, first.stderr, "{format}");
        }
    }

    // In human form, each draft's summary line comes in path order.
    let human = s.run(&["check", "tree"]);
    let mut last = 0;
    for name in &checked {
        let at = human
            .stdout
            .find(&format!("\n{name}: "))
            .unwrap_or_else(|| panic!("no summary line for {name}:\n{}", human.stdout));
        assert!(at > last, "{name} out of order:\n{}", human.stdout);
        last = at;
    }
    // The totals, from running counts, agree with the JSON summary.
    let count = |key: &str| report["summary"][key].as_u64().unwrap();
    let totals = format!(
        "\n48 files checked: {} errors, {} warnings, {} infos, {} hints.\nnote: 48 drafts had no ticket,",
        count("errors"),
        count("warnings"),
        count("infos"),
        count("hints")
    );
    assert!(
        human.stdout[last..].contains(&totals),
        "{totals}\n{}",
        &human.stdout[last..]
    );

    // SARIF lists the drafts as artifacts in the same order.
    let sarif: Value =
        serde_json::from_str(&s.run(&["check", "tree", "--format", "sarif"]).stdout).unwrap();
    let artifacts: Vec<&str> = sarif["runs"][0]["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["location"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(artifacts, checked);
}

#[test]
fn a_file_named_twice_or_inside_a_named_directory_is_checked_once() {
    let s = Sandbox::new();
    responses_tree(&s);
    let run = s.run(&[
        "check",
        "responses/a-welcome.txt",
        "responses",
        "responses/a-welcome.txt",
        "--format",
        "json",
    ]);
    run.expect_code(1);
    let report = run.json();
    assert_eq!(
        paths_of(&report),
        [
            "responses/a-welcome.txt",
            "responses/billing/refund.md",
            "responses/zz/nested/deep.markdown",
        ]
    );
    assert_eq!(report["summary"]["files"], 3);
    assert_eq!(report["summary"]["errors"], 3);
}

#[test]
fn a_config_exclude_skips_files_in_a_walk() {
    let s = Sandbox::new();
    responses_tree(&s);
    s.write("responses/tactful.toml", "exclude = [\"zz/**\"]\n");
    let run = s.run(&[
        "check",
        "responses",
        "--mode",
        "template",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    assert_eq!(
        paths_of(&run.json()),
        ["responses/a-welcome.txt", "responses/billing/refund.md"]
    );
}

#[test]
fn a_directory_without_drafts_exits_2_naming_it() {
    let s = Sandbox::new();
    s.write("empty/data.json", "{}\n");
    s.write("empty/.hidden.md", "Hi there.\n");
    let run = s.run(&["check", "empty"]);
    run.expect_code(2);
    assert!(run.stderr.contains("empty"), "{}", run.stderr);
    assert!(run.stderr.contains("no drafts found"), "{}", run.stderr);
    assert!(
        run.stderr.contains(".md"),
        "says which files it looks for: {}",
        run.stderr
    );
    assert!(
        !run.stdout.contains("No problems found"),
        "nothing was checked, so nothing should be called fine: {}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[test]
fn a_missing_file_exits_2_and_the_others_are_still_checked() {
    let s = Sandbox::new();
    s.write("good.md", PLACEHOLDER_REPLY);
    let run = s.run(&["check", "missing.md", "good.md"]);
    run.expect_code(2);
    assert!(run.stderr.contains("missing.md"), "{}", run.stderr);
    assert!(run.stderr.contains("no such file"), "{}", run.stderr);
    assert!(run.stdout.contains("good.md:1:4"), "{}", run.stdout);
    assert!(
        run.stdout.contains("error[unfilled-placeholder]"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("1 file checked"), "{}", run.stdout);
}

#[test]
fn a_binary_file_exits_2_and_the_others_are_still_checked() {
    let s = Sandbox::new();
    s.write("good.md", DNS_REPLY);
    s.write("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    let run = s.run(&["check", "image.md", "good.md", "--format", "json"]);
    run.expect_code(2);
    assert!(run.stderr.contains("image.md"), "{}", run.stderr);
    assert!(run.stderr.contains("binary"), "{}", run.stderr);
    let report = run.json();
    assert_eq!(paths_of(&report), ["good.md"]);
    assert_eq!(rules_of(&report, 0), ["jargon"]);
}

#[test]
fn a_non_utf8_file_exits_2_and_the_others_are_still_checked() {
    let s = Sandbox::new();
    s.write("good.md", DNS_REPLY);
    s.write(
        "latin1.md",
        b"Bonjour Ren\xe9e,\n\nVotre commande est partie.\n",
    );
    let run = s.run(&["check", "good.md", "latin1.md"]);
    run.expect_code(2);
    assert!(run.stderr.contains("latin1.md"), "{}", run.stderr);
    assert!(run.stderr.contains("not valid UTF-8"), "{}", run.stderr);
    assert!(
        run.stderr.contains("offset 11"),
        "says where: {}",
        run.stderr
    );
    assert!(run.stdout.contains("good.md:"), "{}", run.stdout);
    assert!(run.stdout.contains("warning[jargon]"), "{}", run.stdout);

    // The same in a directory walk.
    s.write("dir/good.md", DNS_REPLY);
    s.write("dir/latin1.txt", b"Ren\xe9e\n");
    let walk = s.run(&["check", "dir", "--format", "json"]);
    walk.expect_code(2);
    assert!(walk.stderr.contains("latin1.txt"), "{}", walk.stderr);
    assert_eq!(paths_of(&walk.json()), ["dir/good.md"]);
}

#[test]
fn an_empty_draft_has_nothing_to_check() {
    let s = Sandbox::new();
    s.write("empty.md", "");
    s.write("blank.md", "\n   \n\n");
    let run = s.run(&["check", "empty.md", "blank.md"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("empty.md: nothing to check: the draft has no prose (it is empty)."),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("blank.md: nothing to check"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn a_draft_of_only_a_code_block_has_nothing_to_check() {
    let s = Sandbox::new();
    s.write(
        "code.md",
        "```\ndig +short MX example.com\nsystemctl restart nginx\n```\n",
    );
    let run = s.run(&["check", "code.md"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("code.md: nothing to check: the draft has no prose outside code"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("[jargon]"), "{}", run.stdout);
    let json = s.run(&["check", "code.md", "--format", "json"]);
    json.expect_code(0);
    let report = json.json();
    assert_eq!(report["files"][0]["metrics"]["words"], 0);
    assert!(diagnostics(&report, 0).is_empty());
}

#[test]
fn a_ten_megabyte_draft_finishes_without_panicking() {
    let s = Sandbox::new();
    let paragraphs = [
        "Thanks for waiting. Your refund was sent today and should arrive within five days.",
        "If it does not arrive, reply to this email and I will chase it with the bank for you.",
        "I also checked your account settings, and nothing else needs to change on your side.",
        "I changed the DNS settings for your domain, so your site should load again soon.",
    ];
    let mut draft = String::from("Hi Ana,\n\n");
    let mut i = 0;
    while draft.len() < 10 * 1024 * 1024 {
        draft.push_str(paragraphs[i % paragraphs.len()]);
        draft.push_str(if i % 7 == 6 { "\n\n" } else { " " });
        i += 1;
    }
    s.write("big.md", &draft);
    // The default (human) output: the path a person at a terminal takes.
    let run = s.run(&["check", "big.md"]);
    run.no_panic();
    assert!(
        [0, 1].contains(&run.code),
        "exit {}: {}",
        run.code,
        run.stderr
    );
    assert!(run.stdout.contains("[jargon]"), "the rules ran");
    let summary = run
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("big.md: "))
        .expect("a summary line for big.md");
    let words: u64 = summary
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a word count in {summary:?}"));
    assert!(words > 1_500_000, "{summary}");
}

#[test]
fn a_missing_ticket_file_exits_2_and_says_so() {
    let s = Sandbox::new();
    s.write("reply.md", CLEAN_REPLY);
    let run = s.run(&["check", "reply.md", "--ticket", "nope.md"]);
    run.expect_code(2);
    assert!(run.stderr.contains("nope.md"), "{}", run.stderr);
    assert!(run.stderr.contains("ticket"), "{}", run.stderr);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn a_ticket_that_is_a_directory_exits_2_and_says_so() {
    let s = Sandbox::new();
    s.write("reply.md", CLEAN_REPLY);
    s.write("tickets/one.md", CLEAN_TICKET);
    let run = s.run(&["check", "reply.md", "--ticket", "tickets"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("the ticket tickets is a directory"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn a_binary_ticket_file_exits_2_and_says_so() {
    let s = Sandbox::new();
    s.write("reply.md", CLEAN_REPLY);
    s.write("ticket.md", b"\x00\x01\x02\x03");
    let run = s.run(&["check", "reply.md", "--ticket", "ticket.md"]);
    run.expect_code(2);
    assert!(run.stderr.contains("ticket.md"), "{}", run.stderr);
    assert!(run.stderr.contains("binary"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Configuration

#[test]
fn tactful_toml_is_found_walking_up_from_the_checked_file() {
    let s = Sandbox::new();
    s.write("team/replies/deep/reply.md", DNS_REPLY);
    let before = s.run(&["check", "team/replies/deep/reply.md", "--format", "json"]);
    before.expect_code(0);
    assert_eq!(rules_of(&before.json(), 0), ["jargon"]);

    s.write("team/tactful.toml", "audience = \"technical\"\n");
    let after = s.run(&["check", "team/replies/deep/reply.md", "--format", "json"]);
    after.expect_code(0);
    assert!(rules_of(&after.json(), 0).is_empty(), "{}", after.stdout);

    // Also when run from inside the tree, and on stdin (from the current directory).
    let inside = Run::of(
        s.cmd(&["check", "reply.md", "--format", "json"])
            .current_dir(s.path().join("team/replies/deep")),
    );
    inside.expect_code(0);
    assert!(rules_of(&inside.json(), 0).is_empty(), "{}", inside.stdout);
    let mut stdin = s.cmd(&["check", "-", "--format", "json"]);
    stdin
        .current_dir(s.path().join("team"))
        .write_stdin(DNS_REPLY);
    let stdin = Run::of(&mut stdin);
    stdin.expect_code(0);
    assert!(rules_of(&stdin.json(), 0).is_empty(), "{}", stdin.stdout);
}

#[test]
fn config_flag_uses_that_file_instead_of_the_nearest() {
    let s = Sandbox::new();
    s.write("replies/reply.md", DNS_REPLY);
    s.write("replies/tactful.toml", "audience = \"technical\"\n");
    s.write("strict.toml", "[rules]\njargon = \"error\"\n");
    let run = s.run(&["check", "replies/reply.md", "--config", "strict.toml"]);
    run.expect_code(1);
    assert!(run.stdout.contains("error[jargon]"), "{}", run.stdout);
    assert!(run.stdout.contains("DNS"), "{}", run.stdout);
}

#[test]
fn a_missing_config_flag_file_exits_2_and_says_so() {
    let s = Sandbox::new();
    s.write("reply.md", CLEAN_REPLY);
    let run = s.run(&["check", "reply.md", "--config", "nope.toml"]);
    run.expect_code(2);
    assert!(run.stderr.contains("nope.toml"), "{}", run.stderr);
    assert!(run.stderr.contains("--config"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn isolated_ignores_every_config_file() {
    let s = Sandbox::new();
    s.write("reply.md", DNS_REPLY);
    s.write("tactful.toml", "audience = \"technical\"\n");
    let run = s.run(&["check", "reply.md", "--isolated", "--format", "json"]);
    run.expect_code(0);
    assert_eq!(rules_of(&run.json(), 0), ["jargon"]);

    // Even a broken one.
    s.write("tactful.toml", "audiance = \"technical\"\n");
    let broken = s.run(&["check", "reply.md", "--isolated"]);
    broken.expect_code(0);
    assert!(broken.stderr.is_empty(), "{}", broken.stderr);
    assert!(
        broken.stdout.contains("warning[jargon]"),
        "{}",
        broken.stdout
    );

    // --isolated and --config together make no sense.
    s.write("other.toml", "");
    let both = s.run(&["check", "reply.md", "--isolated", "--config", "other.toml"]);
    both.expect_code(2);
    assert!(both.stderr.contains("--isolated"), "{}", both.stderr);
}

/// Runs `check` under a broken `tactful.toml` and returns the run (exit 2 asserted).
fn with_bad_config(config: &str) -> (Sandbox, Run) {
    let s = Sandbox::new();
    s.write("replies/reply.md", CLEAN_REPLY);
    s.write("replies/tactful.toml", config);
    let run = s.run(&["check", "replies/reply.md"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("tactful.toml"),
        "names the file: {}",
        run.stderr
    );
    assert!(
        !run.stdout.contains("No problems found"),
        "nothing was checked, so nothing should be called fine: {}",
        run.stdout
    );
    (s, run)
}

#[test]
fn a_config_with_an_unknown_key_names_file_line_key_and_valid_keys() {
    let (_s, run) = with_bad_config("audience = \"general\"\naudiance = \"novice\"\n");
    assert!(
        run.stderr.contains("tactful.toml:2:"),
        "line 2: {}",
        run.stderr
    );
    assert!(run.stderr.contains("`audiance`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("valid: audience, mode, exclude"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_config_with_a_bad_value_names_file_line_key_and_valid_values() {
    let (_s, run) = with_bad_config("\n\naudience = \"experts\"\n");
    assert!(
        run.stderr.contains("tactful.toml:3:"),
        "line 3: {}",
        run.stderr
    );
    assert!(run.stderr.contains("audience"), "{}", run.stderr);
    assert!(run.stderr.contains("experts"), "{}", run.stderr);
    assert!(
        run.stderr.contains("novice, general, technical"),
        "{}",
        run.stderr
    );

    let (_s, run) = with_bad_config("[rules]\njargon = \"loud\"\n");
    assert!(
        run.stderr.contains("tactful.toml:2:"),
        "line 2: {}",
        run.stderr
    );
    assert!(run.stderr.contains("rules.jargon"), "{}", run.stderr);
    assert!(
        run.stderr.contains("off, hint, info, warning, error"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_config_value_of_the_wrong_type_names_the_key_and_valid_values() {
    let (_s, run) = with_bad_config("mode = 3\n");
    assert!(
        run.stderr.contains("tactful.toml:1:"),
        "line 1: {}",
        run.stderr
    );
    assert!(run.stderr.contains("mode"), "names the key: {}", run.stderr);
    assert!(
        run.stderr.contains("reply, template"),
        "lists the valid values: {}",
        run.stderr
    );
}

#[test]
fn a_config_with_an_unknown_rule_names_file_line_key_and_valid_ids() {
    let (_s, run) = with_bad_config("[rules]\njargn = \"off\"\n");
    assert!(
        run.stderr.contains("tactful.toml:2:"),
        "line 2: {}",
        run.stderr
    );
    assert!(run.stderr.contains("rules.jargn"), "{}", run.stderr);
    for id in ALL_RULES {
        assert!(run.stderr.contains(id), "lists {id}: {}", run.stderr);
    }
}

#[test]
fn a_bad_config_only_stops_the_files_it_governs() {
    let s = Sandbox::new();
    s.write("bad/reply.md", CLEAN_REPLY);
    s.write("bad/tactful.toml", "mode = \"sent\"\n");
    s.write("good/reply.md", PLACEHOLDER_REPLY);
    let run = s.run(&["check", "bad/reply.md", "good/reply.md", "bad"]);
    run.expect_code(2);
    assert_eq!(
        run.stderr.matches("`sent`").count(),
        1,
        "the config error is reported once: {}",
        run.stderr
    );
    assert!(run.stdout.contains("good/reply.md:1:4"), "{}", run.stdout);
    assert!(!run.stdout.contains("bad/reply.md"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// rules, explain, init

const ALL_RULES: [&str; 6] = [
    "jargon",
    "jargon-density",
    "unanswered-question",
    "missing-acknowledgement",
    "lecture-length",
    "unfilled-placeholder",
];

#[test]
fn rules_lists_all_six_rules_with_their_severity() {
    let s = Sandbox::new();
    let run = s.run(&["rules"]);
    run.expect_code(0);
    let listed: BTreeSet<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|id| ALL_RULES.contains(id))
        .collect();
    assert_eq!(listed, ALL_RULES.into_iter().collect());
    let placeholder = run
        .stdout
        .lines()
        .find(|l| l.starts_with("unfilled-placeholder"))
        .expect("unfilled-placeholder is listed");
    assert!(placeholder.contains("error"), "{placeholder}");
    let jargon = run
        .stdout
        .lines()
        .find(|l| l.starts_with("jargon "))
        .expect("jargon is listed");
    assert!(jargon.contains("warning"), "{jargon}");
    assert!(run.stdout.contains("tactful explain"), "{}", run.stdout);
}

#[test]
fn explain_prints_a_rules_documentation() {
    let s = Sandbox::new();
    let run = s.run(&["explain", "unanswered-question"]);
    run.expect_code(0);
    assert!(
        run.stdout.starts_with("# unanswered-question\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Default severity: warning."),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("## What it flags"), "{}", run.stdout);
    assert!(run.stdout.contains("ticket"), "{}", run.stdout);
    for id in ALL_RULES {
        let run = s.run(&["explain", id]);
        run.expect_code(0);
        assert!(
            run.stdout.starts_with(&format!("# {id}\n")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn explain_an_unknown_rule_exits_2_listing_the_valid_ids() {
    let s = Sandbox::new();
    let run = s.run(&["explain", "nope"]);
    run.expect_code(2);
    assert!(run.stderr.contains("`nope`"), "{}", run.stderr);
    for id in ALL_RULES {
        assert!(run.stderr.contains(id), "lists {id}: {}", run.stderr);
    }
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn init_writes_a_config_that_check_then_uses() {
    let s = Sandbox::new();
    let run = s.run(&["init"]);
    run.expect_code(0);
    assert!(run.stdout.contains("Wrote tactful.toml"), "{}", run.stdout);
    let written = s.read("tactful.toml");
    assert!(written.contains("[rules]"), "{written}");
    for id in ALL_RULES {
        assert!(written.contains(id), "documents {id}: {written}");
    }

    // Found walking up, and given with --config: it parses, and the defaults apply.
    s.write("replies/reply.md", PLACEHOLDER_REPLY);
    let found = s.run(&["check", "replies/reply.md"]);
    found.expect_code(1);
    assert!(found.stderr.is_empty(), "{}", found.stderr);
    assert!(
        found.stdout.contains("error[unfilled-placeholder]"),
        "{}",
        found.stdout
    );
    let given = s.run(&[
        "check",
        "replies/reply.md",
        "--config",
        "tactful.toml",
        "--mode",
        "template",
    ]);
    given.expect_code(0);
    assert!(given.stderr.is_empty(), "{}", given.stderr);

    // A path can be given; a missing folder is explained, not created.
    let elsewhere = s.run(&["init", "conf/team.toml"]);
    elsewhere.expect_code(2);
    assert!(
        elsewhere.stderr.contains("conf/team.toml"),
        "{}",
        elsewhere.stderr
    );
    assert!(
        elsewhere.stderr.contains("the folder conf does not exist"),
        "{}",
        elsewhere.stderr
    );
    fs::create_dir(s.path().join("conf")).expect("mkdir");
    s.run(&["init", "conf/team.toml"]).expect_code(0);
    s.run(&["check", "replies/reply.md", "--config", "conf/team.toml"])
        .expect_code(1);
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let s = Sandbox::new();
    s.write("tactful.toml", "audience = \"technical\"\n");
    let run = s.run(&["init"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("tactful.toml already exists"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(s.read("tactful.toml"), "audience = \"technical\"\n");

    let forced = s.run(&["init", "--force"]);
    forced.expect_code(0);
    assert!(s.read("tactful.toml").contains("[rules]"));
}

// ---------------------------------------------------------------------------------------------
// Colour

const ESC: char = '\u{1b}';

#[test]
fn no_colour_when_stdout_is_not_a_terminal_or_with_color_never() {
    let s = Sandbox::new();
    s.write("reply.md", PLACEHOLDER_REPLY);
    let piped = s.run(&["check", "reply.md"]);
    piped.expect_code(1);
    assert!(
        piped.stdout.contains("error[unfilled-placeholder]"),
        "{}",
        piped.stdout
    );
    assert!(!piped.stdout.contains(ESC), "{:?}", piped.stdout);
    assert!(!piped.stderr.contains(ESC), "{:?}", piped.stderr);

    let never = s.run(&["check", "reply.md", "--color", "never"]);
    never.expect_code(1);
    assert!(
        never.stdout.contains("error[unfilled-placeholder]"),
        "{}",
        never.stdout
    );
    assert!(!never.stdout.contains(ESC), "{:?}", never.stdout);
}

#[test]
fn colour_with_color_always() {
    let s = Sandbox::new();
    s.write("reply.md", PLACEHOLDER_REPLY);
    let run = s.run(&["check", "reply.md", "--color", "always"]);
    run.expect_code(1);
    assert!(run.stdout.contains(&format!("{ESC}[")), "{:?}", run.stdout);
    assert!(
        run.stdout.contains("unfilled-placeholder"),
        "{}",
        run.stdout
    );

    // JSON is never coloured.
    let json = s.run(&["check", "reply.md", "--color", "always", "--format", "json"]);
    json.expect_code(1);
    assert!(!json.stdout.contains(ESC), "{:?}", json.stdout);
    json.json();
}

// ---------------------------------------------------------------------------------------------
// Checked files are left alone

#[test]
fn checked_files_are_never_modified() {
    let s = Sandbox::new();
    let files = [
        ("reply.md", PLACEHOLDER_REPLY.replace('\n', "\r\n")),
        ("reply.ticket.md", TWO_QUESTIONS.to_string()),
        ("quoting.md", QUOTING_REPLY.to_string()),
        ("dns.txt", DNS_REPLY.to_string()),
        ("ticket.md", CLEAN_TICKET.to_string()),
        (
            "tactful.toml",
            "[jargon]\nallow = [\"WordPress\"]\n".to_string(),
        ),
    ];
    let mut before = Vec::new();
    for (name, text) in &files {
        let path = s.write(name, text);
        before.push((path.clone(), fs::read(&path).expect("read"), age(&path)));
    }
    for args in [
        &["check", "."][..],
        &["check", "reply.md", "dns.txt", "quoting.md"],
        &["check", ".", "--format", "json"],
        &[
            "check",
            "reply.md",
            "--ticket",
            "ticket.md",
            "--mode",
            "template",
        ],
        &[
            "check",
            "dns.txt",
            "--config",
            "tactful.toml",
            "--explain-findings",
        ],
    ] {
        let run = s.run(args);
        assert!([0, 1].contains(&run.code), "{args:?}: {run:?}");
        assert!(!run.stdout.is_empty(), "{args:?} printed nothing");
    }
    for (path, bytes, mtime) in before {
        assert_eq!(
            fs::read(&path).expect("read"),
            bytes,
            "{} changed",
            path.display()
        );
        assert_eq!(
            fs::metadata(&path)
                .expect("metadata")
                .modified()
                .expect("mtime"),
            mtime,
            "{} was rewritten",
            path.display()
        );
    }
    let mut names: Vec<String> = fs::read_dir(s.path())
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = files.iter().map(|(n, _)| (*n).to_string()).collect();
    expected.sort();
    assert_eq!(names, expected, "no files were added");
}

// ---------------------------------------------------------------------------------------------
// Human output wording

#[test]
fn the_human_summary_line_uses_the_singular_for_one() {
    let s = Sandbox::new();
    s.write("reply.md", "Hi Ana, your refund was sent today.\n");
    let run = s.run(&["check", "reply.md"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("reply.md: 7 words · 1 sentence ·"),
        "{}",
        run.stdout
    );
}
