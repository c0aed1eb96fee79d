//! GitHub Actions workflow commands: one annotation per finding, shown on the pull request's
//! changed lines and in the run's summary.
//!
//! `::warning file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=tactful RULE::MESSAGE`, with
//! `::error` for errors and `::notice` for infos and hints. Lines and columns are 1-based,
//! columns in Unicode scalar values. GitHub takes columns only for a finding on one line, so a
//! finding over several lines (a paragraph) gives `line` and `endLine` alone. The message is the
//! whole explanation (what, why, what to do). Values are escaped as GitHub's runner expects:
//! `%`, CR and LF everywhere, and `:` and `,` in the properties too.

use std::fmt::Write as _;
use std::io::Write;

use tactful_core::{LineIndex, Severity};

use crate::commands::check::Checked;
use crate::render::Stream;
use crate::render::sarif::slash_path;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// Escapes a command's message (its data).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The GitHub renderer: one line per finding, written as each draft comes; nothing at the end.
pub(crate) struct Github;

impl Stream for Github {
    fn file(&mut self, c: &Checked, out: &mut dyn Write) -> anyhow::Result<()> {
        let file = escape_property(&slash_path(&c.draft.name));
        let index = LineIndex::new(&c.draft.text);
        for d in &c.report.diagnostics {
            let start = index.position(&c.draft.text, d.range.start);
            let end = index.position(&c.draft.text, d.range.end);
            let mut properties = format!("file={file},line={}", start.line);
            if start.line == end.line {
                write!(properties, ",col={}", start.column)?;
            }
            write!(properties, ",endLine={}", end.line)?;
            if start.line == end.line {
                write!(properties, ",endColumn={}", end.column)?;
            }
            writeln!(
                out,
                "::{} {properties},title={}::{}",
                command(d.severity),
                escape_property(&format!("tactful {}", d.rule)),
                escape_data(&d.full_message())
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut dyn Write) -> anyhow::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {

    use super::*;

    fn checked(name: &str, draft: &str) -> Checked {
        crate::render::checked_for_test(name, draft, None)
    }

    fn github(checked: &[Checked]) -> String {
        let mut out = Vec::new();
        crate::render::render_all(&mut Github, checked, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(
            escape_data("50% off\r\nnow: a, b"),
            "50%25 off%0D%0Anow: a, b"
        );
        assert_eq!(
            escape_property("50% off\r\nnow: a, b"),
            "50%25 off%0D%0Anow%3A a%2C b"
        );
        // `%` first, so an escape is never escaped again.
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_property("a%2Cb"), "a%252Cb");
    }

    #[test]
    fn one_command_per_finding_with_its_level_and_place() {
        let draft = "Héllo 👋 {{first_name}},\n\nYour MX records are fine, and the MX records of the old host too.\n\n<!-- tactful-disable-next-line jargon -->\nThanks for waiting.\n";
        let c = checked("replies/dns.md", draft);
        let out = github(std::slice::from_ref(&c));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), c.report.diagnostics.len(), "{out}");
        assert!(out.ends_with('\n'));
        for (line, d) in lines.iter().zip(&c.report.diagnostics) {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            assert!(
                line.starts_with(&format!("::{level} file=replies/dns.md,line=")),
                "{line}"
            );
            assert!(
                line.contains(&format!(",title=tactful {}::", d.rule)),
                "{line}"
            );
            assert!(line.ends_with(&escape_data(&d.full_message())), "{line}");
        }
        let placeholder = lines
            .iter()
            .find(|l| l.contains("title=tactful unfilled-placeholder::"))
            .expect("placeholder flagged");
        // "Héllo 👋 " is 8 scalars: the placeholder starts at column 9 and is 14 long.
        assert!(
            placeholder.starts_with(
                "::error file=replies/dns.md,line=1,col=9,endLine=1,endColumn=23,title=tactful unfilled-placeholder::"
            ),
            "{placeholder}"
        );
        let mx: Vec<&&str> = lines
            .iter()
            .filter(|l| l.contains("title=tactful jargon::") && l.contains("line=3,"))
            .collect();
        assert!(
            mx.iter().any(|l| l
                .starts_with("::warning file=replies/dns.md,line=3,col=6,endLine=3,endColumn=16,")),
            "{out}"
        );
        // The repeated term is a hint, shown as a notice; so is the unused suppression (info).
        assert!(
            mx.iter()
                .any(|l| l.starts_with("::notice file=replies/dns.md,line=3,col=35,")),
            "{out}"
        );
        assert!(
            out.contains(
                "::notice file=replies/dns.md,line=5,col=1,endLine=5,endColumn=42,title=tactful unused-suppression::"
            ),
            "{out}"
        );
    }

    #[test]
    fn paths_and_messages_are_escaped_and_multi_line_ranges_drop_columns() {
        let mut c = checked("a, b: c.md", "Your MX records are fine.\n");
        let d = c
            .report
            .diagnostics
            .iter_mut()
            .find(|d| d.rule == "jargon")
            .expect("MX records flagged");
        d.message = "100% sure:\r\nline two, really.".into();
        d.note = String::new();
        d.help = String::new();
        let out = github(&[c]);
        assert!(
            out.contains(
                "::warning file=a%2C b%3A c.md,line=1,col=6,endLine=1,endColumn=16,title=tactful jargon::100%25 sure:%0D%0Aline two, really.\n"
            ),
            "{out}"
        );

        let mut c = checked("b.md", "Your MX records are fine.\nThanks.\n");
        let d = c
            .report
            .diagnostics
            .iter_mut()
            .find(|d| d.rule == "jargon")
            .expect("MX records flagged");
        d.range.end = "Your MX records are fine.\nThanks".len();
        let out = github(&[c]);
        assert!(
            out.starts_with("::warning file=b.md,line=1,endLine=2,title=tactful jargon::"),
            "{out}"
        );
    }

    #[test]
    fn nothing_found_prints_nothing() {
        assert_eq!(github(&[checked("ok.md", "Thanks, Sam! It's done.\n")]), "");
    }
}
