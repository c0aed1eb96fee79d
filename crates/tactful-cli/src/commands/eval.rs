//! `tactful eval DIR`: how often each check is right, against a labelled set.
//!
//! `DIR` holds one folder per case with `ticket.md`, `reply.md` and `labels.toml` (format in
//! `tests/eval/README.md`). Scores:
//!
//! - `unanswered-question`, per question: a finding is a true positive when its related range
//!   overlaps a question labelled `answered = false`;
//! - question extraction, per labelled question: recall of questions tactful found at all;
//! - `missing-acknowledgement`, per case: positive when acknowledgement is needed and not given.
//!   A case counts as flagged when `missing-acknowledgement` or `generic-apology` fires: a reply
//!   whose only acknowledgement is a stock apology ("sorry for any inconvenience") gives none,
//!   and tactful says so through `generic-apology` rather than `missing-acknowledgement`;
//! - `lecture-length`, per case: positive when labelled `too_long` (the over-budget finding,
//!   not the walls-of-text or long-sentence notes);
//! - `jargon`, per term: a first-use finding overlapping a labelled term.

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use tactful_core::{Audience, Engine, Format, Input, Settings, Severity, TextRange, check};

use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_TROUBLE, Io};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    audience: Audience,
    #[serde(default)]
    question: Vec<QuestionLabel>,
    acknowledgement: AckLabel,
    jargon: JargonLabel,
    length: LengthLabel,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionLabel {
    text: String,
    answered: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AckLabel {
    needed: String,
    given: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JargonLabel {
    terms: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LengthLabel {
    too_long: bool,
}

/// Counts for one check.
#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct Score {
    pub(crate) tp: usize,
    pub(crate) fp: usize,
    pub(crate) fn_: usize,
}

impl Score {
    pub(crate) fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub(crate) fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub(crate) fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The scores over a labelled set.
#[derive(Default, Debug)]
pub(crate) struct Scores {
    pub(crate) cases: usize,
    pub(crate) unanswered: Score,
    pub(crate) extraction: Score,
    pub(crate) acknowledgement: Score,
    pub(crate) length: Score,
    pub(crate) jargon: Score,
    /// Per-case mistakes, for `--verbose`.
    pub(crate) mistakes: Vec<String>,
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    a.start < b.end && b.start < a.end
}

/// Scores every case folder under `dir`.
pub(crate) fn score(dir: &Path) -> Result<Scores, String> {
    let engine = Engine::embedded().map_err(|e| e.to_string())?;
    let mut cases: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: cannot read the folder: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("labels.toml").is_file())
        .collect();
    cases.sort();
    if cases.is_empty() {
        return Err(format!(
            "{}: no cases found (each case is a folder with ticket.md, reply.md and labels.toml)",
            dir.display()
        ));
    }
    let mut s = Scores::default();
    for case in &cases {
        let name = case
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let read = |f: &str| {
            std::fs::read_to_string(case.join(f))
                .map_err(|e| format!("{}: {e}", case.join(f).display()))
        };
        let (ticket, reply) = (read("ticket.md")?, read("reply.md")?);
        let labels: Labels = toml::from_str(&read("labels.toml")?)
            .map_err(|e| format!("{}: {e}", case.join("labels.toml").display()))?;
        // A label that names text the case does not hold would drop out of the scores
        // unseen (a question never counted, a term always missed): refuse the set instead.
        let labels_path = case.join("labels.toml");
        for q in &labels.question {
            if q.text.trim().is_empty() || !ticket.contains(q.text.as_str()) {
                return Err(format!(
                    "{}: the question “{}” is not in ticket.md; a question's `text` must be copied exactly from the ticket (same spaces, quotes and line breaks)",
                    labels_path.display(),
                    q.text
                ));
            }
        }
        for term in &labels.jargon.terms {
            if term.trim().is_empty() || !reply.contains(term.as_str()) {
                return Err(format!(
                    "{}: the jargon term “{term}” is not in reply.md; a term must be copied exactly from the reply",
                    labels_path.display()
                ));
            }
        }
        let settings = Settings {
            audience: labels.audience,
            ..Settings::default()
        };
        let input = Input {
            draft: &reply,
            format: Format::Markdown,
            ticket: Some((&ticket, Format::Markdown)),
        };
        let report = check(engine, &settings, &input);
        s.cases += 1;

        // Questions.
        let labelled: Vec<(TextRange, bool, &str)> = labels
            .question
            .iter()
            .filter_map(|q| {
                ticket.find(&q.text).map(|i| {
                    (
                        TextRange::new(i, i + q.text.len()),
                        q.answered,
                        q.text.as_str(),
                    )
                })
            })
            .collect();
        for (range, _, text) in &labelled {
            if report.questions.iter().any(|q| overlaps(q.range, *range)) {
                s.extraction.tp += 1;
            } else {
                s.extraction.fn_ += 1;
                s.mistakes
                    .push(format!("{name}: question not found: “{text}”"));
            }
        }
        let flagged: Vec<TextRange> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "unanswered-question")
            .filter_map(|d| d.related.first().map(|r| r.range))
            .collect();
        for (range, answered, text) in &labelled {
            let hit = flagged.iter().any(|f| overlaps(*f, *range));
            match (hit, answered) {
                (true, false) => s.unanswered.tp += 1,
                (true, true) => {
                    s.unanswered.fp += 1;
                    s.mistakes.push(format!(
                        "{name}: flagged as unanswered, but answered: “{text}”"
                    ));
                }
                (false, false) => {
                    s.unanswered.fn_ += 1;
                    s.mistakes
                        .push(format!("{name}: missed an unanswered question: “{text}”"));
                }
                (false, true) => {}
            }
        }
        for f in &flagged {
            if !labelled.iter().any(|(r, _, _)| overlaps(*f, *r)) {
                s.unanswered.fp += 1;
                s.mistakes.push(format!(
                    "{name}: flagged something that is not a labelled question: “{}”",
                    f.slice(&ticket).trim()
                ));
            }
        }

        // Acknowledgement, per case.
        let wanted = labels.acknowledgement.needed != "none" && !labels.acknowledgement.given;
        // A stock apology is reported as `generic-apology`, not as a missing acknowledgement;
        // either finding tells the writer the reply does not acknowledge the customer.
        let fired = report
            .diagnostics
            .iter()
            .any(|d| ACKNOWLEDGEMENT_RULES.contains(&d.rule));
        tally(
            &mut s.acknowledgement,
            wanted,
            fired,
            &mut s.mistakes,
            &name,
            "missing-acknowledgement",
        );

        // Length, per case: the over-budget finding only.
        let long = report
            .diagnostics
            .iter()
            .any(|d| d.rule == "lecture-length" && d.severity >= Severity::Warning);
        tally(
            &mut s.length,
            labels.length.too_long,
            long,
            &mut s.mistakes,
            &name,
            "lecture-length",
        );

        // Jargon, per term.
        let found: Vec<TextRange> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "jargon" && d.severity > Severity::Hint)
            .map(|d| d.range)
            .collect();
        let mut matched = vec![false; found.len()];
        for term in &labels.jargon.terms {
            let occurrences: Vec<TextRange> = reply
                .match_indices(term.as_str())
                .map(|(i, t)| TextRange::new(i, i + t.len()))
                .collect();
            let mut hit = false;
            for (i, f) in found.iter().enumerate() {
                if occurrences.iter().any(|o| overlaps(*o, *f)) {
                    matched[i] = true;
                    hit = true;
                }
            }
            if hit {
                s.jargon.tp += 1;
            } else {
                s.jargon.fn_ += 1;
                s.mistakes.push(format!("{name}: jargon missed: “{term}”"));
            }
        }
        for (i, f) in found.iter().enumerate() {
            if !matched[i] {
                s.jargon.fp += 1;
                s.mistakes.push(format!(
                    "{name}: jargon flagged but not labelled: “{}”",
                    f.slice(&reply)
                ));
            }
        }
    }
    Ok(s)
}

/// The findings that count as flagging a case for missing acknowledgement.
const ACKNOWLEDGEMENT_RULES: &[&str] = &["missing-acknowledgement", "generic-apology"];

fn tally(
    score: &mut Score,
    wanted: bool,
    fired: bool,
    mistakes: &mut Vec<String>,
    name: &str,
    rule: &str,
) {
    match (wanted, fired) {
        (true, true) => score.tp += 1,
        (false, true) => {
            score.fp += 1;
            mistakes.push(format!("{name}: {rule} fired but should not"));
        }
        (true, false) => {
            score.fn_ += 1;
            mistakes.push(format!("{name}: {rule} should have fired"));
        }
        (false, false) => {}
    }
}

/// The table of scores.
pub(crate) fn table(s: &Scores) -> String {
    let mut out = format!("tactful eval: {} cases\n\n", s.cases);
    let _ = writeln!(
        out,
        "| check | unit | precision | recall | F1 | tp | fp | fn |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
    for (name, unit, sc) in [
        ("unanswered-question", "question", s.unanswered),
        ("question extraction", "question", s.extraction),
        ("missing-acknowledgement", "case", s.acknowledgement),
        ("lecture-length", "case", s.length),
        ("jargon", "term", s.jargon),
    ] {
        let _ = writeln!(
            out,
            "| {name} | {unit} | {:.2} | {:.2} | {:.2} | {} | {} | {} |",
            sc.precision(),
            sc.recall(),
            sc.f1(),
            sc.tp,
            sc.fp,
            sc.fn_
        );
    }
    let _ = writeln!(
        out,
        "\nmissing-acknowledgement: a case counts as flagged when `missing-acknowledgement` or `generic-apology` fires (a stock apology is no acknowledgement)."
    );
    out
}

pub(crate) fn run(dir: &Path, verbose: bool, io: &mut Io<'_>) -> anyhow::Result<u8> {
    match score(dir) {
        Ok(s) => {
            write!(io.stdout, "{}", table(&s))?;
            if verbose {
                writeln!(io.stdout)?;
                for m in &s.mistakes {
                    writeln!(io.stdout, "{m}")?;
                }
            }
            Ok(if s.cases > 0 { EXIT_OK } else { EXIT_FINDINGS })
        }
        Err(message) => {
            writeln!(io.stderr, "error: {message}")?;
            Ok(EXIT_TROUBLE)
        }
    }
}
