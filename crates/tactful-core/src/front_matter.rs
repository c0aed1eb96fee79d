//! Front matter of canned responses: the questions a response answers, and per-file settings.
//!
//! Two syntaxes, the simple forms of each:
//!
//! ```text
//! ---                                   +++
//! title: Refund on its way              title = "Refund on its way"
//! questions:                            questions = ["When will I get my money back?"]
//!   - "When will I get my money back?"  audience = "general"
//! audience: general                     [rules]
//! rules: { lecture-length: "off" }      lecture-length = "off"
//! ---                                   +++
//! ```
//!
//! Keys tactful reads: `questions`, `audience`, `mode`, `ticket`, `rules`; any other key (a
//! title, tags) belongs to the help desk and is left alone. A front matter tactful cannot read
//! is an error for that file, with its line.

use std::collections::BTreeMap;

use crate::config::{Audience, Layer, Level, Mode, RuleSettings};
use crate::diagnostic::Severity;
use crate::text::TextRange;

/// What a file's front matter says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontMatter {
    /// Where the whole block is.
    pub range: TextRange,
    /// The questions this response answers, with where each is written.
    pub questions: Vec<TextRange>,
    /// Settings for this file.
    pub layer: Layer,
    /// A ticket file this draft answers, relative to the file.
    pub ticket: Option<String>,
}

/// A front matter that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct FrontMatterError {
    /// 1-based line in the file.
    pub line: usize,
    /// What is wrong and what would be right.
    pub message: String,
}

/// Parses a file's front matter, if it starts with one. `Ok(None)`: no front matter.
pub fn parse(text: &str) -> Result<Option<FrontMatter>, FrontMatterError> {
    let fence = if text.starts_with("---\n") || text.starts_with("---\r\n") {
        "---"
    } else if text.starts_with("+++\n") || text.starts_with("+++\r\n") {
        "+++"
    } else {
        return Ok(None);
    };
    let mut offset = 0;
    let mut body_start = 0;
    let mut end = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i == 0 {
            body_start = line.len();
        } else if line.trim_end() == fence {
            end = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((body_end, block_end)) = end else {
        return Err(FrontMatterError {
            line: 1,
            message: format!(
                "the front matter opened with `{fence}` is never closed; end it with a `{fence}` line"
            ),
        });
    };
    let body = TextRange::new(body_start, body_end);
    let mut fm = if fence == "+++" {
        parse_toml(text, body)?
    } else {
        parse_yaml(text, body)?
    };
    fm.range = TextRange::new(0, block_end);
    Ok(Some(fm))
}

fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |s| s.matches('\n').count() + 1)
}

fn set(fm: &mut FrontMatter, key: &str, value: &str) {
    match key {
        "audience" => {
            // Help centres use `audience` for their own purposes (`ITPro`, `Admin`): only
            // tactful's values count, anything else is left to its owner.
            match value {
                "novice" => fm.layer.audience = Some(Audience::Novice),
                "general" => fm.layer.audience = Some(Audience::General),
                "technical" => fm.layer.audience = Some(Audience::Technical),
                _ => {}
            }
        }
        "mode" => match value {
            "reply" => fm.layer.mode = Some(Mode::Reply),
            "template" => fm.layer.mode = Some(Mode::Template),
            _ => {}
        },
        "ticket" => fm.ticket = Some(value.to_string()),
        _ => {}
    }
}

fn set_rule(
    fm: &mut FrontMatter,
    text: &str,
    at: usize,
    id: &str,
    level: &str,
) -> Result<(), FrontMatterError> {
    let err = |message: String| FrontMatterError {
        line: line_at(text, at),
        message,
    };
    if crate::rules::meta(id).is_none() {
        return Err(err(format!(
            "there is no rule called `{id}`; rules are {}",
            crate::rules::ids().join(", ")
        )));
    }
    let level = match level {
        "off" => Level::Off,
        "hint" => Level::On(Severity::Hint),
        "info" => Level::On(Severity::Info),
        "warning" => Level::On(Severity::Warning),
        "error" => Level::On(Severity::Error),
        other => {
            return Err(err(format!(
                "`{other}` is not a level for `{id}`; use off, hint, info, warning or error"
            )));
        }
    };
    fm.layer.rules.insert(
        id.to_string(),
        RuleSettings {
            level: Some(level),
            options: BTreeMap::new(),
        },
    );
    Ok(())
}

/// A quoted or bare scalar: its text and range (inside the quotes).
fn scalar(text: &str, range: TextRange) -> (String, TextRange) {
    let raw = range.slice(text);
    let trimmed = raw.trim();
    let lead = raw.len() - raw.trim_start().len();
    let start = range.start + lead;
    for quote in ['"', '\''] {
        if trimmed.len() >= 2 && trimmed.starts_with(quote) && trimmed.ends_with(quote) {
            let inner = TextRange::new(start + 1, start + trimmed.len() - 1);
            return (inner.slice(text).to_string(), inner);
        }
    }
    (
        trimmed.to_string(),
        TextRange::new(start, start + trimmed.len()),
    )
}

/// Splits an inline list `[a, "b, c", d]` into item ranges.
fn inline_list(text: &str, inner: TextRange) -> Vec<TextRange> {
    let s = inner.slice(text);
    let mut items = Vec::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    for (i, ch) in s.char_indices() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, ',') => {
                items.push(TextRange::new(inner.start + start, inner.start + i));
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(TextRange::new(inner.start + start, inner.end));
    items
        .into_iter()
        .filter(|r| !r.slice(text).trim().is_empty())
        .collect()
}

fn lines_of(text: &str, body: TextRange) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut offset = body.start;
    for line in body.slice(text).split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        out.push(TextRange::new(offset, offset + content.len()));
        offset += line.len();
    }
    out
}

fn parse_yaml(text: &str, body: TextRange) -> Result<FrontMatter, FrontMatterError> {
    let mut fm = FrontMatter::default();
    let mut list_key: Option<String> = None;
    for line in lines_of(text, body) {
        let s = line.slice(text);
        if s.trim().is_empty() || s.trim_start().starts_with('#') {
            continue;
        }
        // List items may sit at the key's own indentation ("- item"), which YAML allows.
        let indented = s.starts_with(' ') || s.starts_with('\t') || s.starts_with("- ") || s == "-";
        if indented {
            let item = s.trim_start();
            let Some(rest) = item
                .strip_prefix("- ")
                .or_else(|| (item == "-").then_some(""))
            else {
                // A nested mapping under `rules:`.
                if list_key.as_deref() == Some("rules")
                    && let Some((k, v)) = item.split_once(':')
                {
                    let at = line.start + (s.len() - item.len());
                    set_rule(
                        &mut fm,
                        text,
                        at,
                        k.trim(),
                        v.trim().trim_matches(['"', '\'']),
                    )?;
                }
                continue;
            };
            if list_key.as_deref() == Some("questions") {
                let start = line.end - rest.len();
                let (_, range) = scalar(text, TextRange::new(start, line.end));
                if !range.is_empty() {
                    fm.questions.push(range);
                }
            }
            continue;
        }
        let Some((key, _)) = s.split_once(':') else {
            return Err(FrontMatterError {
                line: line_at(text, line.start),
                message: format!(
                    "`{}` is not a `key: value` line; front matter between `---` lines is YAML",
                    s.trim()
                ),
            });
        };
        let key = key.trim().to_string();
        let value_start = line.start + key.len() + 1 + (s.len() - s.trim_start().len());
        let value_range = TextRange::new(value_start.min(line.end), line.end);
        let value_text = value_range.slice(text).trim();
        list_key = Some(key.clone());
        if value_text.is_empty() {
            continue; // a list or mapping follows
        }
        if key == "questions" {
            let Some(inner) = bracketed(text, value_range, '[', ']') else {
                let (_, range) = scalar(text, value_range);
                fm.questions.push(range);
                continue;
            };
            for item in inline_list(text, inner) {
                fm.questions.push(scalar(text, item).1);
            }
        } else if key == "rules" {
            let Some(inner) = bracketed(text, value_range, '{', '}') else {
                return Err(FrontMatterError {
                    line: line_at(text, line.start),
                    message: "`rules` takes a mapping such as `rules: { lecture-length: off }`"
                        .into(),
                });
            };
            for item in inline_list(text, inner) {
                let pair = item.slice(text);
                let Some((k, v)) = pair.split_once(':') else {
                    continue;
                };
                set_rule(
                    &mut fm,
                    text,
                    item.start,
                    k.trim().trim_matches(['"', '\'']),
                    v.trim().trim_matches(['"', '\'']),
                )?;
            }
        } else {
            let (value, _) = scalar(text, value_range);
            set(&mut fm, &key, &value);
        }
    }
    Ok(fm)
}

fn bracketed(text: &str, range: TextRange, open: char, close: char) -> Option<TextRange> {
    let raw = range.slice(text);
    let lead = raw.len() - raw.trim_start().len();
    let trimmed = raw.trim();
    (trimmed.starts_with(open) && trimmed.ends_with(close)).then(|| {
        let start = range.start + lead + open.len_utf8();
        TextRange::new(start, range.start + lead + trimmed.len() - close.len_utf8())
    })
}

/// The inside of the next `"…"` string literal in `text[from..end]`, escapes skipped over.
fn next_string_literal(text: &str, from: usize, end: usize) -> Option<TextRange> {
    let bytes = text.as_bytes();
    let open = from + text.get(from..end)?.find('"')?;
    let mut i = open + 1;
    while i < end {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(TextRange::new(open + 1, i)),
            _ => i += 1,
        }
    }
    None
}

fn parse_toml(text: &str, body: TextRange) -> Result<FrontMatter, FrontMatterError> {
    let source = body.slice(text);
    let table: toml::Table = toml::from_str(source).map_err(|e| FrontMatterError {
        line: line_at(text, body.start + e.span().map_or(0, |s| s.start)),
        message: format!(
            "{}; front matter between `+++` lines is TOML",
            e.message().trim()
        ),
    })?;
    let mut fm = FrontMatter::default();
    for (key, value) in &table {
        let at = source
            .find(key.as_str())
            .map_or(body.start, |i| body.start + i);
        match (key.as_str(), value) {
            ("questions", toml::Value::Array(items)) => {
                let mut search_from = at;
                for item in items {
                    let Some(q) = item.as_str() else { continue };
                    // Find the question's text after the key, to point at it.
                    if let Some(i) = text.get(search_from..body.end).and_then(|s| s.find(q)) {
                        let start = search_from + i;
                        fm.questions.push(TextRange::new(start, start + q.len()));
                        search_from = start + q.len();
                    } else if let Some(literal) = next_string_literal(text, search_from, body.end) {
                        // Escapes (\" or \u00e9) make the decoded text differ from the file:
                        // point at the string as written.
                        fm.questions.push(literal);
                        search_from = literal.end + 1;
                    }
                }
            }
            ("rules", toml::Value::Table(rules)) => {
                for (id, level) in rules {
                    let level = level.as_str().unwrap_or("");
                    set_rule(&mut fm, text, at, id, level)?;
                }
            }
            ("questions" | "rules", _) => {
                return Err(FrontMatterError {
                    line: line_at(text, at),
                    message: format!(
                        "`{key}` takes {}",
                        if key == "rules" {
                            "a table of rule levels"
                        } else {
                            "a list of strings"
                        }
                    ),
                });
            }
            (_, toml::Value::String(s)) => set(&mut fm, key, s),
            _ => {}
        }
    }
    Ok(fm)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_lists_inline_lists_and_rules() {
        let text = "---\ntitle: Refund\nquestions:\n  - \"When will I get my money back?\"\n  - Can I get store credit?\naudience: technical\nrules: { lecture-length: \"off\" }\n---\nBody";
        let fm = parse(text).unwrap().unwrap();
        let qs: Vec<&str> = fm.questions.iter().map(|r| r.slice(text)).collect();
        assert_eq!(
            qs,
            ["When will I get my money back?", "Can I get store credit?"]
        );
        assert_eq!(fm.layer.audience, Some(Audience::Technical));
        assert_eq!(fm.layer.rules["lecture-length"].level, Some(Level::Off));
        assert_eq!(
            fm.range.slice(text),
            "---\ntitle: Refund\nquestions:\n  - \"When will I get my money back?\"\n  - Can I get store credit?\naudience: technical\nrules: { lecture-length: \"off\" }\n---\n"
        );
        let text = "---\nquestions: [\"A, b?\", 'C?']\n---\n";
        let qs: Vec<String> = parse(text)
            .unwrap()
            .unwrap()
            .questions
            .iter()
            .map(|r| r.slice(text).to_string())
            .collect();
        assert_eq!(qs, ["A, b?", "C?"]);
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Reset\"\nquestions = [\"I never got the email\", \"How do I reset it?\"]\nmode = \"template\"\n[rules]\njargon = \"off\"\n+++\r\nHi";
        let fm = parse(text).unwrap().unwrap();
        assert_eq!(fm.questions.len(), 2);
        assert_eq!(fm.questions[1].slice(text), "How do I reset it?");
        assert_eq!(fm.layer.mode, Some(Mode::Template));
        assert_eq!(fm.layer.rules["jargon"].level, Some(Level::Off));
    }

    #[test]
    fn toml_questions_with_escapes_are_kept() {
        let text =
            "+++\nquestions = [\"Can I get a \\\"refund\\\" now?\", \"Caf\\u00e9?\"]\n+++\nHi";
        let fm = parse(text).unwrap().unwrap();
        assert_eq!(fm.questions.len(), 2, "{fm:?}");
    }

    #[test]
    fn broken_front_matter_names_the_line() {
        assert_eq!(parse("---\ntitle: x\n").unwrap_err().line, 1);
        assert_eq!(
            parse("---\ntitle: x\nrules: { jargon: loud }\n---\n")
                .unwrap_err()
                .line,
            3
        );
        // Another tool's `audience` is not tactful's to judge.
        let other = parse("---\naudience: ITPro\n---\n").unwrap().unwrap();
        assert_eq!(other.layer.audience, None);
        assert_eq!(parse("+++\ntitle = \n+++\n").unwrap_err().line, 2);
        assert!(
            parse("---\nrules: { nope: off }\n---\n")
                .unwrap_err()
                .message
                .contains("no rule")
        );
        assert_eq!(parse("No front matter").unwrap(), None);
    }
}
