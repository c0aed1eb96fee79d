//! `--summary`: a plain-text table of findings per rule and per file, after the normal output.
//!
//! ```text
//! rule                 errors  warnings  infos  hints  total
//! jargon                    0         3      0      1      4
//! unfilled-placeholder      1         0      0      0      1
//!
//! file                 errors  warnings  infos  hints  total
//! replies/dns.md            1         2      0      1      4
//! replies/billing.md        0         1      0      0      1
//! total (3 files)           1         3      0      1      5
//! ```
//!
//! Rules are listed in registry order (the order of `tactful rules`), only those that fired;
//! files with findings by their number of findings, most first, then by path. The total counts
//! every file checked. Columns are aligned for any path length.

use std::io::Write;

use tactful_core::rules::RULES;

use crate::commands::check::Checked;
use crate::render::Counts;

const HEADERS: [&str; 5] = ["errors", "warnings", "infos", "hints", "total"];

fn cells(counts: &Counts) -> [usize; 5] {
    [
        counts.errors,
        counts.warnings,
        counts.infos,
        counts.hints,
        counts.total(),
    ]
}

/// Where each rule stands in the registry; rules it does not know come after, by id.
fn rank(rule: &str) -> (usize, &str) {
    let at = RULES.iter().position(|r| r.meta().id == rule);
    (at.unwrap_or(RULES.len()), rule)
}

/// Counts gathered one draft at a time, rendered once every draft is in.
#[derive(Default)]
pub(crate) struct Summary {
    by_rule: Vec<(&'static str, Counts)>,
    /// Files with findings only.
    by_file: Vec<(String, Counts)>,
    total: Counts,
    files: usize,
}

impl Summary {
    pub(crate) fn add(&mut self, c: &Checked) {
        self.files += 1;
        let mut file = Counts::default();
        file.add(&c.report.diagnostics);
        self.total.add(&c.report.diagnostics);
        for d in &c.report.diagnostics {
            let at = match self.by_rule.iter().position(|(rule, _)| *rule == d.rule) {
                Some(at) => at,
                None => {
                    self.by_rule.push((d.rule, Counts::default()));
                    self.by_rule.len() - 1
                }
            };
            self.by_rule[at].1.add(std::slice::from_ref(d));
        }
        if file.total() > 0 {
            self.by_file.push((c.draft.name.clone(), file));
        }
    }

    pub(crate) fn render(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        let total = self.total;
        let files = self.files;
        let plural = if files == 1 { "" } else { "s" };
        if total.total() == 0 {
            writeln!(out, "Summary: no findings in {files} file{plural}.")?;
            return Ok(());
        }
        let mut by_rule: Vec<(&str, Counts)> = self.by_rule.clone();
        let mut by_file: Vec<(&str, Counts)> = self
            .by_file
            .iter()
            .map(|(name, counts)| (name.as_str(), *counts))
            .collect();
        by_rule.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)));
        by_file.sort_by(|a, b| b.1.total().cmp(&a.1.total()).then(a.0.cmp(b.0)));
        let total_label = format!("total ({files} file{plural})");

        // One set of column widths for both tables, so they read as one.
        let rows = by_rule.iter().chain(&by_file);
        let label_width = rows
            .clone()
            .map(|(label, _)| label.chars().count())
            .chain(["rule".len(), "file".len(), total_label.chars().count()])
            .max()
            .unwrap_or(0);
        let mut widths = HEADERS.map(str::len);
        for (_, counts) in rows {
            for (width, n) in widths.iter_mut().zip(cells(counts)) {
                *width = (*width).max(n.to_string().len());
            }
        }
        for (width, n) in widths.iter_mut().zip(cells(&total)) {
            *width = (*width).max(n.to_string().len());
        }

        let header = |out: &mut dyn Write, label: &str| -> std::io::Result<()> {
            write!(out, "{label:<label_width$}")?;
            for (h, width) in HEADERS.iter().zip(widths) {
                write!(out, "  {h:>width$}")?;
            }
            writeln!(out)
        };
        let row = |out: &mut dyn Write, label: &str, counts: &Counts| -> std::io::Result<()> {
            write!(out, "{label:<label_width$}")?;
            for (n, width) in cells(counts).iter().zip(widths) {
                write!(out, "  {n:>width$}")?;
            }
            writeln!(out)
        };
        header(out, "rule")?;
        for (rule, counts) in &by_rule {
            row(out, rule, counts)?;
        }
        writeln!(out)?;
        header(out, "file")?;
        for (file, counts) in &by_file {
            row(out, file, counts)?;
        }
        row(out, &total_label, &total)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use tactful_core::Severity;

    use super::*;

    fn checked(name: &str, draft: &str) -> Checked {
        crate::render::checked_for_test(name, draft, None)
    }

    fn summary(checked: &[Checked]) -> String {
        let mut summary = Summary::default();
        for c in checked {
            summary.add(c);
        }
        let mut out = Vec::new();
        summary.render(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The numbers of the row whose label is `label`.
    fn numbers(out: &str, label: &str) -> Vec<usize> {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("{label} ")))
            .unwrap_or_else(|| panic!("no row {label:?} in:\n{out}"));
        line[label.len()..]
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect()
    }

    fn count(c: &[Checked], rule: Option<&str>, file: Option<&str>) -> Vec<usize> {
        let mut n = [0; 5];
        for c in c.iter().filter(|c| file.is_none_or(|f| c.draft.name == f)) {
            for d in c
                .report
                .diagnostics
                .iter()
                .filter(|d| rule.is_none_or(|r| d.rule == r))
            {
                let at = match d.severity {
                    Severity::Error => 0,
                    Severity::Warning => 1,
                    Severity::Info => 2,
                    Severity::Hint => 3,
                };
                n[at] += 1;
                n[4] += 1;
            }
        }
        n.to_vec()
    }

    #[test]
    fn counts_per_rule_and_per_file_with_a_total() {
        let drafts = [
            checked(
                "b.md",
                "Your MX records are fine, and so are the MX records of the old host.\n",
            ),
            checked(
                "replies/with a long name.md",
                "Hi {{first_name}},\n\nYour DNS is fine.\n\n<!-- tactful-disable-next-line jargon -->\nThanks for waiting.\n",
            ),
            checked("a.md", "Your DNS is fine.\n"),
            checked("clean.md", "Thanks, Sam! It's done.\n"),
        ];
        let out = summary(&drafts);

        // The exact numbers, worked out by hand, then checked against the reports.
        assert_eq!(numbers(&out, "jargon"), [0, 3, 0, 1, 4], "{out}");
        assert_eq!(
            numbers(&out, "unfilled-placeholder"),
            [1, 0, 0, 0, 1],
            "{out}"
        );
        assert_eq!(
            numbers(&out, "unused-suppression"),
            [0, 0, 1, 0, 1],
            "{out}"
        );
        assert_eq!(numbers(&out, "b.md"), [0, 1, 0, 1, 2], "{out}");
        assert_eq!(numbers(&out, "a.md"), [0, 1, 0, 0, 1], "{out}");
        assert_eq!(
            numbers(&out, "replies/with a long name.md"),
            [1, 1, 1, 0, 3],
            "{out}"
        );
        assert_eq!(numbers(&out, "total (4 files)"), [1, 3, 1, 1, 6], "{out}");
        for rule in ["jargon", "unfilled-placeholder", "unused-suppression"] {
            assert_eq!(numbers(&out, rule), count(&drafts, Some(rule), None));
        }
        for file in ["a.md", "b.md", "replies/with a long name.md"] {
            assert_eq!(numbers(&out, file), count(&drafts, None, Some(file)));
        }
        assert_eq!(numbers(&out, "total (4 files)"), count(&drafts, None, None));

        // Only rules that fired, in registry order; only files with findings, most first,
        // then by path; aligned columns.
        let labels: Vec<&str> = out
            .lines()
            .map(|l| l.split("  ").next().unwrap_or("").trim_end())
            .collect();
        assert_eq!(
            labels,
            [
                "rule",
                "jargon",
                "unfilled-placeholder",
                "unused-suppression",
                "",
                "file",
                "replies/with a long name.md",
                "b.md",
                "a.md",
                "total (4 files)",
            ],
            "{out}"
        );
        assert!(!out.contains("clean.md"));
        let widths: Vec<usize> = out
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.chars().count())
            .collect();
        assert!(widths.iter().all(|&w| w == widths[0]), "{out}");
        assert_eq!(
            out.lines().next().unwrap(),
            "rule                         errors  warnings  infos  hints  total"
        );
        assert_eq!(
            out.lines().nth(1).unwrap(),
            "jargon                            0         3      0      1      4"
        );
    }

    #[test]
    fn non_ascii_paths_stay_aligned() {
        let out = summary(&[
            checked("réponses/café 😀.md", "Your DNS is fine.\n"),
            checked("b.md", "Your DNS is fine.\n"),
        ]);
        let widths: Vec<usize> = out
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.chars().count())
            .collect();
        assert!(widths.iter().all(|&w| w == widths[0]), "{out}");
        assert_eq!(numbers(&out, "réponses/café 😀.md"), [0, 1, 0, 0, 1]);
        // Equal totals: by path.
        let files: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.starts_with("file"))
            .skip(1)
            .map(|l| l.split("  ").next().unwrap_or(""))
            .collect();
        assert_eq!(files, ["b.md", "réponses/café 😀.md", "total (2 files)"]);
    }

    #[test]
    fn nothing_found() {
        assert_eq!(
            summary(&[checked("ok.md", "Thanks, Sam! It's done.\n")]),
            "Summary: no findings in 1 file.\n"
        );
        assert_eq!(summary(&[]), "Summary: no findings in 0 files.\n");
    }
}
