//! Baselines: adopt tactful in a repository that already has hundreds of responses.
//!
//! `--write-baseline FILE` records today's findings; `--baseline FILE` then reports only
//! findings that are not in it. A finding is known by a fingerprint of its rule, its file and
//! the text it flags (plus which occurrence of that text it is), never by line numbers, so
//! findings survive lines moving above them.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::commands::check::Checked;

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    tool: String,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    rule: String,
    fingerprint: String,
    /// For people reading the file; not used for matching.
    message: String,
}

/// Fingerprints of a checked draft's findings, in order (the same as SARIF's).
pub(crate) fn fingerprints(c: &Checked) -> Vec<String> {
    crate::fingerprint::for_file(&c.draft.name, &c.draft.text, &c.report.diagnostics)
}

/// The findings of a run, gathered one draft at a time, for `--write-baseline`.
#[derive(Default)]
pub(crate) struct Recorder {
    findings: Vec<Entry>,
}

impl Recorder {
    /// Records a draft's findings; `prints` are its [`fingerprints`].
    pub(crate) fn add(&mut self, c: &Checked, prints: &[String]) {
        let path = c.draft.name.replace('\\', "/");
        for (d, print) in c.report.diagnostics.iter().zip(prints) {
            self.findings.push(Entry {
                path: path.clone(),
                rule: d.rule.to_string(),
                fingerprint: print.clone(),
                message: d.message.clone(),
            });
        }
    }

    /// Writes the baseline; returns how many findings it holds.
    pub(crate) fn write(self, path: &Path) -> Result<usize, String> {
        let n = self.findings.len();
        let file = File {
            version: 1,
            tool: format!("tactful {}", env!("CARGO_PKG_VERSION")),
            findings: self.findings,
        };
        let json = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
        std::fs::write(path, json + "\n")
            .map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))?;
        Ok(n)
    }
}

/// Known findings: (path, fingerprint) → how many times.
pub(crate) type Known = HashMap<(String, String), usize>;

/// Reads a baseline written by `--write-baseline`.
pub(crate) fn load(path: &Path) -> Result<Known, String> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read the baseline {}: {e}; create one with `--write-baseline {}`",
            path.display(),
            path.display()
        )
    })?;
    let file: File = serde_json::from_str(&text).map_err(|e| {
        format!(
            "{} is not a tactful baseline ({e}); create one with `--write-baseline`",
            path.display()
        )
    })?;
    if file.version != 1 {
        return Err(format!(
            "{} is a version {} baseline; this tactful reads version 1",
            path.display(),
            file.version
        ));
    }
    let mut known = Known::new();
    for e in file.findings {
        *known.entry((e.path, e.fingerprint)).or_default() += 1;
    }
    Ok(known)
}

/// Hides findings a baseline knows, one draft at a time. A finding known n times hides its
/// first n matches in the run.
pub(crate) struct Filter {
    budget: Known,
    /// How many findings were hidden so far.
    pub(crate) hidden: usize,
}

impl Filter {
    pub(crate) fn new(known: Known) -> Self {
        Self {
            budget: known,
            hidden: 0,
        }
    }

    /// Drops the draft's findings the baseline knows; `prints` are its [`fingerprints`].
    pub(crate) fn apply(&mut self, c: &mut Checked, prints: Vec<String>) {
        let path = c.draft.name.replace('\\', "/");
        let mut keep =
            prints
                .into_iter()
                .map(|print| match self.budget.get_mut(&(path.clone(), print)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                });
        let before = c.report.diagnostics.len();
        c.report.diagnostics.retain(|_| keep.next().unwrap_or(true));
        self.hidden += before - c.report.diagnostics.len();
    }
}
