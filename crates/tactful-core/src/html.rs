//! HTML drafts (help-centre and saved-reply exports): text is prose, tags are not.
//!
//! A small scanner, not a full HTML parser: it keeps the text between tags at its offsets,
//! blanks tags, comments and character references (`&amp;`, `&nbsp;`), treats `<script>`,
//! `<style>` and `<pre>`/`<code>` contents as non-prose, and ends a block of prose at block-level
//! tags (`<p>`, `<li>`, `<h1>`–`<h6>`, `<div>`, `<br>`, table cells).

use crate::document::{Block, BlockKind, Parsed};
use crate::text::TextRange;

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "td",
    "th",
    "tr",
    "table",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "hr",
    "dd",
    "dt",
    "body",
    "html",
    "title",
    "figcaption",
    "main",
    "nav",
];
const RAW_TAGS: &[&str] = &["script", "style", "pre", "code", "textarea", "head"];

fn tag_name(tag: &str) -> (String, bool) {
    let inner = tag.trim_start_matches('<');
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    (name, closing)
}

/// Where `</name` next starts at or after `from` (case-insensitive), or the end of the text.
fn find_close(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while i + 1 < bytes.len() {
        if bytes[i] == b'<'
            && bytes[i + 1] == b'/'
            && bytes
                .get(i + 2..i + 2 + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

pub(crate) fn parse(text: &str) -> Parsed {
    let bytes = text.as_bytes();
    let mut masked: Vec<u8> = bytes
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    let mut blocks: Vec<Block> = Vec::new();
    let mut code = Vec::new();
    let mut current: Option<(TextRange, BlockKind)> = None;
    let mut kind = BlockKind::Paragraph;
    let mut i = 0;
    let close = |current: &mut Option<(TextRange, BlockKind)>, blocks: &mut Vec<Block>| {
        if let Some((range, kind)) = current.take() {
            blocks.push(Block { range, kind });
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'<' if text[i..].starts_with("<!--") => {
                let end = text[i..].find("-->").map_or(bytes.len(), |e| i + e + 3);
                i = end;
            }
            b'<' if bytes
                .get(i + 1)
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!') =>
            {
                let end = text[i..].find('>').map_or(bytes.len(), |e| i + e + 1);
                let (name, closing) = tag_name(&text[i..end]);
                if BLOCK_TAGS.contains(&name.as_str()) {
                    close(&mut current, &mut blocks);
                    kind = match name.as_str() {
                        "li" | "dd" | "dt" if !closing => BlockKind::ListItem,
                        "td" | "th" if !closing => BlockKind::TableCell,
                        n if !closing
                            && n.len() == 2
                            && n.starts_with('h')
                            && n.as_bytes()[1].is_ascii_digit() =>
                        {
                            BlockKind::Heading
                        }
                        _ => BlockKind::Paragraph,
                    };
                }
                if !closing && RAW_TAGS.contains(&name.as_str()) {
                    // Skip to the matching close tag; its contents are not prose.
                    let stop = find_close(bytes, end, name.as_bytes());
                    if name == "pre" || name == "code" {
                        code.push(TextRange::new(i, stop));
                    }
                    i = stop;
                    continue;
                }
                i = end;
            }
            b'&' => {
                // A character reference: blanked, never a word.
                let end = text[i..]
                    .char_indices()
                    .take(12)
                    .find(|(_, c)| *c == ';' || c.is_whitespace())
                    .map_or(i + 1, |(e, c)| if c == ';' { i + e + 1 } else { i + 1 });
                i = end;
            }
            _ => {
                let start = i;
                // Always move on: a `<` that opens no tag ("a < b", "I <3 it") is text.
                if bytes[i] == b'<' {
                    i += 1;
                }
                while i < bytes.len() && bytes[i] != b'<' && bytes[i] != b'&' {
                    i += 1;
                }
                masked[start..i].copy_from_slice(&bytes[start..i]);
                if !text[start..i].trim().is_empty() {
                    let range = TextRange::new(start, i);
                    current = Some(match current {
                        Some((r, k)) => (r.cover(range), k),
                        None => (range, kind),
                    });
                }
            }
        }
    }
    close(&mut current, &mut blocks);
    let has_code = !code.is_empty();
    Parsed {
        masked,
        blocks,
        code_only: code.clone(),
        code,
        front_matter: None,
        has_code,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_lone_angle_bracket_is_text_not_a_hang() {
        let engine = Engine::embedded().unwrap();
        for text in [
            "price < 10",
            "I <3 it",
            "ends with <",
            "<",
            "a <> b",
            "<pre>never closed",
        ] {
            let doc = Document::parse(text, Format::Html, engine, true);
            assert_eq!(doc.draft.masked.len(), text.len());
        }
    }

    use crate::document::{Document, Format};
    use crate::packs::Engine;

    #[test]
    fn text_is_prose_and_tags_are_not() {
        let text = "<html><head><style>p { color: red }</style></head><body><h1>Refund</h1><p>Hi {{first_name}},&nbsp;your <strong>refund</strong> is on its way.</p><ul><li>Check your bank app</li><li>Wait 5 days</li></ul><script>var DNS = 1;</script><pre>SMTP relay</pre></body></html>";
        let engine = Engine::embedded().unwrap();
        let doc = Document::parse(text, Format::Html, engine, true);
        let view = &doc.draft;
        assert_eq!(view.masked.len(), text.len());
        let blocks: Vec<&str> = view
            .blocks
            .iter()
            .map(|b| b.range.slice(&view.masked).trim())
            .collect();
        assert_eq!(blocks[0], "Refund");
        assert!(
            blocks[1].starts_with("Hi") && blocks[1].ends_with("way."),
            "{blocks:?}"
        );
        assert_eq!(&blocks[2..], ["Check your bank app", "Wait 5 days"]);
        assert!(
            !view.masked.contains("color")
                && !view.masked.contains("DNS")
                && !view.masked.contains("SMTP")
        );
        assert!(!view.masked.contains("nbsp") && !view.masked.contains("strong"));
        assert_eq!(view.placeholders.len(), 1);
    }
}
