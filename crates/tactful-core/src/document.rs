//! The document model: one parse per text, prose kept at its original byte offsets.
//!
//! A text (a draft, or a ticket) is parsed once. The result is a *view*: a copy of the text of
//! exactly the same length in which everything that is not prose (code, URLs, HTML, front
//! matter, placeholders, quote markers) is replaced by spaces, so every offset into the view is
//! an offset into the original. Line breaks are kept. Rules never see a rewritten string.
//!
//! A draft that quotes the customer email style (`> ` lines, optionally after an
//! "On …, … wrote:" line) is split into two views over the same text: the draft and the ticket.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::packs::Engine;
use crate::text::TextRange;

/// How a text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// CommonMark with tables, strikethrough, task lists and front matter.
    Markdown,
    /// Plain text: paragraphs separated by blank lines.
    PlainText,
    /// HTML (help-centre and saved-reply exports): the text is checked, tags are not.
    Html,
}

impl Format {
    /// The format a file name suggests: `.txt`, `.text` and `.eml` are plain text, the rest Markdown.
    pub fn from_path(path: &str) -> Self {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".txt") || lower.ends_with(".text") || lower.ends_with(".eml") {
            Format::PlainText
        } else if lower.ends_with(".html") || lower.ends_with(".htm") {
            Format::Html
        } else {
            Format::Markdown
        }
    }
}

/// The kind of a block of prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph of running text.
    Paragraph,
    /// A heading.
    Heading,
    /// An item of a list.
    ListItem,
    /// A table cell.
    TableCell,
}

/// A block of prose: the unit for paragraph-level checks (density, walls of text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// Where the block's prose starts and ends.
    pub range: TextRange,
    /// What kind of block it is.
    pub kind: BlockKind,
}

/// A template placeholder such as `{{ticket.requester.first_name}}` or `[Customer Name]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    /// Where it is.
    pub range: TextRange,
    /// The name of the syntax that matched (from the placeholder pack).
    pub syntax: String,
    /// A leftover note (TODO, XXX) rather than a template variable: wrong in templates too.
    pub always: bool,
}

/// Prose of one part (draft or ticket) of a text, at the text's own offsets.
#[derive(Clone, Debug)]
pub struct View {
    /// The masked copy of the text: prose where prose was, spaces elsewhere, line breaks kept.
    pub masked: String,
    /// The blocks of prose in this view, in order.
    pub blocks: Vec<Block>,
    /// The placeholders in this view.
    pub placeholders: Vec<Placeholder>,
}

impl View {
    /// Whether the view holds no prose at all.
    pub fn is_blank(&self) -> bool {
        self.blocks.is_empty()
    }
}

/// A parsed text: the draft view and, when the text quotes the customer, the ticket view.
#[derive(Clone, Debug)]
pub struct Document {
    /// The draft's prose (the whole text when nothing is quoted).
    pub draft: View,
    /// The customer's quoted message, when the text quotes one email style.
    pub quoted_ticket: Option<View>,
    /// The front matter block, when there is one.
    pub front_matter: Option<TextRange>,
    /// Whether the text holds anything but prose (code, HTML): used to explain an empty check.
    pub has_code: bool,
    /// Code blocks, inline code and front matter.
    pub code: Vec<TextRange>,
}

/// What one parse of a text yields before it is split into draft and ticket.
pub(crate) struct Parsed {
    /// Prose bytes copied, the rest spaces.
    pub(crate) masked: Vec<u8>,
    pub(crate) blocks: Vec<Block>,
    /// Code and other ranges in which placeholders are not looked for.
    pub(crate) code: Vec<TextRange>,
    /// Code only (code blocks, inline code, front matter).
    pub(crate) code_only: Vec<TextRange>,
    pub(crate) front_matter: Option<TextRange>,
    pub(crate) has_code: bool,
}

impl Document {
    /// Parses a text once. `split_quoted` looks for an email-quoted customer message.
    pub fn parse(text: &str, format: Format, engine: &Engine, split_quoted: bool) -> Self {
        let parsed = match format {
            Format::Markdown => parse_markdown(text),
            Format::PlainText => parse_plain(text),
            Format::Html => crate::html::parse(text),
        };
        let Parsed {
            mut masked,
            blocks,
            code,
            code_only,
            front_matter,
            has_code,
        } = parsed;
        mask_urls(text, &mut masked, engine);
        // Suppression comments are instructions to tactful, not prose (Markdown and HTML
        // already hide comments).
        if format == Format::PlainText {
            for m in crate::suppress::directive().find_iter(text) {
                blank(&mut masked, TextRange::new(m.start(), m.end()));
            }
        }
        let placeholders = find_placeholders(text, &code, &mut masked, engine);

        let quote = if split_quoted {
            crate::quoted::find_quoted_ticket(text, front_matter)
        } else {
            None
        };
        let Some(quote) = quote else {
            let masked = into_string(masked);
            let blocks = visible_blocks(&masked, &blocks);
            return Self {
                draft: View {
                    masked,
                    blocks,
                    placeholders,
                },
                quoted_ticket: None,
                front_matter,
                has_code,
                code: code_only,
            };
        };

        let mut draft_bytes = masked.clone();
        let mut ticket_bytes = masked;
        for range in &quote.hidden_from_draft {
            blank(&mut draft_bytes, *range);
        }
        let mut cursor = 0;
        for range in &quote.ticket {
            blank(&mut ticket_bytes, TextRange::new(cursor, range.start));
            cursor = range.end;
        }
        blank(&mut ticket_bytes, TextRange::new(cursor, text.len()));
        for marker in &quote.markers {
            blank(&mut ticket_bytes, *marker);
            blank(&mut draft_bytes, *marker);
        }
        let (ticket_ph, draft_ph): (Vec<_>, Vec<_>) = placeholders
            .into_iter()
            .partition(|p| quote.ticket.iter().any(|t| t.contains_range(p.range)));
        let draft_masked = into_string(draft_bytes);
        let ticket_masked = into_string(ticket_bytes);
        Self {
            draft: View {
                blocks: visible_blocks(&draft_masked, &blocks),
                masked: draft_masked,
                placeholders: draft_ph,
            },
            quoted_ticket: Some(View {
                blocks: visible_blocks(&ticket_masked, &blocks),
                masked: ticket_masked,
                placeholders: ticket_ph,
            }),
            front_matter,
            has_code,
            code: code_only,
        }
    }
}

/// Turns masked bytes back into a string. Masking replaces whole characters by ASCII spaces, so
/// the bytes stay valid UTF-8; should that ever fail, every non-ASCII byte becomes a space.
fn into_string(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(err) => {
            let bytes = err.into_bytes();
            bytes
                .iter()
                .map(|&b| if b.is_ascii() { b as char } else { ' ' })
                .collect()
        }
    }
}

/// Replaces a range with spaces, keeping line breaks.
pub(crate) fn blank(bytes: &mut [u8], range: TextRange) {
    let end = range.end.min(bytes.len());
    let start = range.start.min(end);
    for b in &mut bytes[start..end] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Copies a range of the original text into the masked bytes.
fn reveal(text: &str, bytes: &mut [u8], range: TextRange) {
    let end = range.end.min(bytes.len()).min(text.len());
    let start = range.start.min(end);
    bytes[start..end].copy_from_slice(&text.as_bytes()[start..end]);
}

/// The blocks that still hold prose in a view, trimmed to their first and last visible byte.
fn visible_blocks(masked: &str, blocks: &[Block]) -> Vec<Block> {
    let bytes = masked.as_bytes();
    blocks
        .iter()
        .filter_map(|block| {
            let end = block.range.end.min(bytes.len());
            let slice = bytes.get(block.range.start..end)?;
            let first = slice.iter().position(|b| !b.is_ascii_whitespace())?;
            let last = slice.iter().rposition(|b| !b.is_ascii_whitespace())?;
            Some(Block {
                range: TextRange::new(block.range.start + first, block.range.start + last + 1),
                kind: block.kind,
            })
        })
        .collect()
}

fn parse_markdown(text: &str) -> Parsed {
    let mut masked = vec![b' '; text.len()];
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' || b == b'\r' {
            masked[i] = b;
        }
    }
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut blocks: Vec<Block> = Vec::new();
    // Innermost open leaf-ish block; text is attributed to it.
    let mut open: Vec<(BlockKind, usize)> = Vec::new();
    let mut code = Vec::new();
    let mut code_only = Vec::new();
    let mut front_matter = None;
    let mut has_code = false;
    // Depth of constructs whose text is not prose (autolinks, images, code, metadata).
    let mut hidden = 0usize;
    // For each open link or image: whether it raised `hidden`.
    let mut links: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let range = TextRange::new(range.start, range.end.min(text.len()));
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => open.push((BlockKind::Paragraph, blocks.len())),
                Tag::Heading { .. } => open.push((BlockKind::Heading, blocks.len())),
                Tag::Item => open.push((BlockKind::ListItem, blocks.len())),
                Tag::TableCell => open.push((BlockKind::TableCell, blocks.len())),
                Tag::CodeBlock(_) => {
                    code.push(range);
                    code_only.push(range);
                    has_code = true;
                    hidden += 1;
                }
                Tag::HtmlBlock => {
                    code.push(range);
                    has_code = true;
                }
                Tag::MetadataBlock(_) => {
                    front_matter = Some(range);
                    code.push(range);
                    code_only.push(range);
                    hidden += 1;
                }
                Tag::Link { link_type, .. } => {
                    let bare = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    hidden += usize::from(bare);
                    links.push(bare);
                }
                Tag::Image { .. } => {
                    hidden += 1;
                    links.push(true);
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell => {
                    open.pop();
                }
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => hidden = hidden.saturating_sub(1),
                TagEnd::Link | TagEnd::Image if links.pop() == Some(true) => {
                    hidden = hidden.saturating_sub(1);
                }
                _ => {}
            },
            Event::Text(_) if hidden == 0 => {
                reveal(text, &mut masked, range);
                attribute(&mut blocks, &mut open, range);
            }
            Event::Code(_) => {
                code.push(range);
                code_only.push(range);
                has_code = true;
            }
            Event::Html(_) | Event::InlineHtml(_) => code.push(range),
            _ => {}
        }
    }
    Parsed {
        masked,
        blocks,
        code,
        code_only,
        front_matter,
        has_code,
    }
}

/// Extends the innermost open block with a range of text, creating the block on first text.
fn attribute(blocks: &mut Vec<Block>, open: &mut [(BlockKind, usize)], range: TextRange) {
    let kind = open.last().map_or(BlockKind::Paragraph, |(kind, _)| *kind);
    match open.last_mut() {
        Some((_, index)) if *index < blocks.len() => {
            let block = &mut blocks[*index];
            block.range = block.range.cover(range);
        }
        Some((_, index)) => {
            *index = blocks.len();
            blocks.push(Block { range, kind });
        }
        None => blocks.push(Block { range, kind }),
    }
}

fn parse_plain(text: &str) -> Parsed {
    let masked = text.as_bytes().to_vec();
    let mut blocks = Vec::new();
    let mut current: Option<TextRange> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let range = TextRange::new(offset, offset + content.len());
        offset += line.len();
        let trimmed = content.trim_start();
        let is_item = trimmed.starts_with("- ")
            || trimmed.starts_with("* ")
            || trimmed.split_once(". ").is_some_and(|(n, _)| {
                !n.is_empty() && n.len() < 3 && n.bytes().all(|b| b.is_ascii_digit())
            });
        if content.trim().is_empty() || is_item {
            if let Some(block) = current.take() {
                blocks.push(Block {
                    range: block,
                    kind: BlockKind::Paragraph,
                });
            }
            if is_item {
                current = Some(range);
            }
            continue;
        }
        current = Some(current.map_or(range, |c| c.cover(range)));
    }
    if let Some(block) = current {
        blocks.push(Block {
            range: block,
            kind: BlockKind::Paragraph,
        });
    }
    Parsed {
        masked,
        blocks,
        code: Vec::new(),
        code_only: Vec::new(),
        front_matter: None,
        has_code: false,
    }
}

/// Masks bare URLs, email addresses and domain-like tokens written in prose.
fn mask_urls(text: &str, masked: &mut [u8], engine: &Engine) {
    // The mask is valid UTF-8 (it only ever turns whole characters into spaces); found
    // ranges are collected first, then blanked.
    let Ok(snapshot) = std::str::from_utf8(masked) else {
        return;
    };
    if snapshot.len() != text.len() {
        return;
    }
    let found: Vec<TextRange> = engine
        .url_patterns()
        .iter()
        .flat_map(|regex| regex.find_iter(snapshot))
        .map(|m| {
            let mut end = m.end();
            // Sentence punctuation after a URL is not part of it.
            while end > m.start()
                && matches!(
                    snapshot.as_bytes()[end - 1],
                    b'.' | b',' | b')' | b'!' | b'?' | b':' | b';'
                )
            {
                end -= 1;
            }
            TextRange::new(m.start(), end)
        })
        .collect();
    for range in found {
        blank(masked, range);
    }
}

/// Finds template placeholders outside code and masks them as opaque tokens.
fn find_placeholders(
    text: &str,
    code: &[TextRange],
    masked: &mut [u8],
    engine: &Engine,
) -> Vec<Placeholder> {
    let mut found: Vec<Placeholder> = Vec::new();
    for (syntax, regex, always) in engine.placeholder_patterns() {
        for m in regex.find_iter(text) {
            let range = TextRange::new(m.start(), m.end());
            if code
                .iter()
                .any(|c| c.overlaps(range) && !is_inline_html_like(c, text))
            {
                continue;
            }
            if found.iter().any(|p| p.range.overlaps(range)) || is_html_element(m.as_str()) {
                continue;
            }
            // "[text](url)", "[text][ref]" and "[ref]: url" are links, not placeholders.
            let after = text.get(range.end..).unwrap_or("");
            if m.as_str().starts_with('[')
                && (after.starts_with('(') || after.starts_with('[') || after.starts_with(':'))
            {
                continue;
            }
            found.push(Placeholder {
                range,
                syntax: syntax.to_string(),
                always,
            });
        }
    }
    found.sort_by_key(|p| p.range);
    for p in &found {
        blank(masked, p.range);
    }
    found
}

/// `<BR>`, `<P>`: an HTML element written in capitals, not a placeholder.
fn is_html_element(s: &str) -> bool {
    const ELEMENTS: &[&str] = &[
        "a", "b", "i", "u", "p", "br", "hr", "em", "strong", "span", "div", "li", "ul", "ol", "td",
        "tr", "th", "table", "body", "html", "head", "title", "font", "center", "small", "big",
        "sup", "sub", "img", "pre", "code", "h1", "h2", "h3", "h4", "h5", "h6",
    ];
    s.strip_prefix('<')
        .and_then(|r| r.strip_suffix('>'))
        .is_some_and(|name| ELEMENTS.contains(&name.trim().to_ascii_lowercase().as_str()))
}

/// `<NAME>` parses as inline HTML; such a range may still be a placeholder.
fn is_inline_html_like(range: &TextRange, text: &str) -> bool {
    let s = range.slice(text);
    s.starts_with('<') && s.ends_with('>') && !s.contains('\n') && s.len() < 64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, format: Format) -> Document {
        let engine = Engine::embedded().unwrap();
        Document::parse(text, format, engine, true)
    }

    #[test]
    fn code_urls_and_html_are_masked_in_place() {
        let text =
            "Run `dig mx` then see https://example.com/x.\n\n```\nA record\n```\n\n<b>x</b> done";
        let doc = parse(text, Format::Markdown);
        assert_eq!(doc.draft.masked.len(), text.len());
        assert!(!doc.draft.masked.contains("dig"));
        assert!(!doc.draft.masked.contains("example.com"));
        assert!(!doc.draft.masked.contains("A record"));
        assert!(doc.draft.masked.contains("then see"));
        assert!(doc.draft.masked.contains("done"));
        assert!(doc.has_code);
    }

    #[test]
    fn link_text_is_prose_and_front_matter_is_not() {
        let text = "---\ntitle: DNS\n---\nSee the [billing page](https://example.com/billing).";
        let doc = parse(text, Format::Markdown);
        assert!(doc.draft.masked.contains("billing page"));
        assert!(!doc.draft.masked.contains("title"));
        assert!(!doc.draft.masked.contains("https"));
        assert!(doc.front_matter.is_some());
    }

    #[test]
    fn placeholders_are_found_and_masked() {
        let text =
            "Hi {{ first_name | fallback: \"there\" }}, thanks [Customer Name] and <NAME>. TODO";
        let doc = parse(text, Format::Markdown);
        let syntaxes: Vec<_> = doc
            .draft
            .placeholders
            .iter()
            .map(|p| p.range.slice(text))
            .collect();
        assert_eq!(
            syntaxes,
            [
                "{{ first_name | fallback: \"there\" }}",
                "[Customer Name]",
                "<NAME>",
                "TODO"
            ]
        );
        assert!(!doc.draft.masked.contains("first_name"));
    }

    #[test]
    fn plain_text_keeps_everything_but_urls() {
        let text = "Hello Zoë,\r\nvisit www.example.com today.\r\n\r\n- one\r\n- two";
        let doc = parse(text, Format::PlainText);
        assert!(!doc.draft.masked.contains("example"));
        assert_eq!(doc.draft.blocks.len(), 3);
    }
}
