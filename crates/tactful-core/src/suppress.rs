//! Inline suppressions: HTML comments that switch rules off for a line or a region.
//!
//! - `<!-- tactful-disable-next-line jargon -->` silences the listed rules on the next line
//!   that has text;
//! - `<!-- tactful-disable jargon, lecture-length -->` … `<!-- tactful-enable jargon -->`
//!   silences them in between (to the end of the file without an enable);
//! - with no rule listed, or `all`, every rule is silenced.
//!
//! Comments inside code blocks and inline code are not directives.

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostic::Diagnostic;
use crate::text::TextRange;

/// One suppression: which rules (all when `None`) and where findings are silenced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// Rule ids, or `None` for every rule.
    pub rules: Option<Vec<String>>,
    /// Findings starting in this range are silenced.
    pub region: TextRange,
    /// The comment itself.
    pub comment: TextRange,
}

pub(crate) fn directive() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"<!--\s*tactful-(disable-next-line|disable|enable)\b([^>]*?)-->")
            .expect("a constant pattern compiles")
    })
}

fn rules_of(list: &str) -> Option<Vec<String>> {
    let rules: Vec<String> = list
        .split([',', ' ', '\t', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|r| crate::rules::redirect(r).unwrap_or(r).to_string())
        .collect();
    if rules.is_empty() || rules.iter().any(|r| r == "all") {
        None
    } else {
        Some(rules)
    }
}

/// Finds the suppression comments of a text. `code` ranges hold no directives.
pub fn find(text: &str, code: &[TextRange]) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut open: Vec<(Option<Vec<String>>, usize, TextRange)> = Vec::new();
    for caps in directive().captures_iter(text) {
        let (Some(all), Some(kind)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let comment = TextRange::new(all.start(), all.end());
        if code.iter().any(|c| c.overlaps(comment)) {
            continue;
        }
        let rules = rules_of(caps.get(2).map_or("", |m| m.as_str()));
        match kind.as_str() {
            "disable-next-line" => {
                // The next line with text after the comment's line.
                let after = text[all.end()..]
                    .find('\n')
                    .map_or(text.len(), |i| all.end() + i + 1);
                let mut start = after;
                for line in text[after..].split_inclusive('\n') {
                    if !line.trim().is_empty() {
                        break;
                    }
                    start += line.len();
                }
                let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                out.push(Suppression {
                    rules,
                    region: TextRange::new(start, end),
                    comment,
                });
            }
            "disable" => open.push((rules, all.end(), comment)),
            _ => {
                // enable: close what it names, in any order; a partial enable closes those
                // rules and leaves the others disabled.
                let mut still_open = Vec::new();
                for (open_rules, start, opened_by) in open.drain(..) {
                    match (&rules, open_rules) {
                        (None, open_rules) => out.push(Suppression {
                            rules: open_rules,
                            region: TextRange::new(start, all.start()),
                            comment: opened_by,
                        }),
                        (Some(_), None) => still_open.push((None, start, opened_by)),
                        (Some(closing), Some(list)) => {
                            let (closed, kept): (Vec<String>, Vec<String>) =
                                list.into_iter().partition(|r| closing.contains(r));
                            if !closed.is_empty() {
                                out.push(Suppression {
                                    rules: Some(closed),
                                    region: TextRange::new(start, all.start()),
                                    comment: opened_by,
                                });
                            }
                            if !kept.is_empty() {
                                still_open.push((Some(kept), start, opened_by));
                            }
                        }
                    }
                }
                open = still_open;
            }
        }
    }
    for (rules, start, comment) in open {
        out.push(Suppression {
            rules,
            region: TextRange::new(start, text.len()),
            comment,
        });
    }
    out
}

/// Drops the diagnostics a suppression covers; returns, for each suppression, whether it
/// silenced anything.
pub fn apply(diagnostics: &mut Vec<Diagnostic>, suppressions: &[Suppression]) -> Vec<bool> {
    let mut used = vec![false; suppressions.len()];
    diagnostics.retain(|d| {
        let mut keep = true;
        for (i, s) in suppressions.iter().enumerate() {
            if s.region.start <= d.range.start
                && d.range.start <= s.region.end
                && s.rules
                    .as_ref()
                    .is_none_or(|r| r.iter().any(|id| id == d.rule))
            {
                used[i] = true;
                keep = false;
            }
        }
        keep
    });
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_line_region_and_file_wide() {
        let text = "<!-- tactful-disable-next-line jargon -->\n\nThe DNS.\nMore.\n<!-- tactful-disable -->\nRest";
        let s = find(text, &[]);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].region.slice(text), "The DNS.");
        assert_eq!(s[0].rules, Some(vec!["jargon".to_string()]));
        assert_eq!(s[1].region.slice(text), "\nRest");
        assert_eq!(s[1].rules, None);
    }

    #[test]
    fn enable_in_another_order_or_in_part() {
        let text = "<!-- tactful-disable jargon, condescension -->a<!-- tactful-enable condescension -->b<!-- tactful-enable jargon -->c";
        let s = find(text, &[]);
        let regions: Vec<(&str, Vec<String>)> = s
            .iter()
            .map(|s| (s.region.slice(text), s.rules.clone().unwrap_or_default()))
            .collect();
        assert!(
            regions.contains(&("a", vec!["condescension".to_string()])),
            "{regions:?}"
        );
        assert!(
            regions.iter().any(|(r, ids)| r.starts_with('a')
                && r.ends_with('b')
                && ids == &["jargon".to_string()]),
            "{regions:?}"
        );
    }

    #[test]
    fn enable_closes_a_region() {
        let text = "<!-- tactful-disable lecture-length, jargon -->a<!-- tactful-enable lecture-length, jargon -->b";
        let s = find(text, &[]);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].region.slice(text), "a");
    }
}
