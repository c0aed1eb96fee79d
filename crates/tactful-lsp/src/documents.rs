//! Open documents: text, version and line index, kept in step with the client's edits.

use std::sync::Arc;

use lsp_types::{Position, TextDocumentContentChangeEvent};
use tactful_core::text::{Encoding, WirePosition};
use tactful_core::{Format, LineIndex, Report};

/// The last check of a document, with the text it was made on.
pub(crate) struct Checked {
    pub(crate) version: i32,
    /// Which scheduling of the document this is (settings or the ticket may have changed
    /// while the text did not).
    pub(crate) generation: u64,
    pub(crate) text: Arc<str>,
    pub(crate) index: Arc<LineIndex>,
    pub(crate) report: Report,
    /// The ticket's text and index when it is a separate file, for related locations.
    pub(crate) ticket: Option<(lsp_types::Uri, Arc<str>, Arc<LineIndex>)>,
}

/// An open document.
pub(crate) struct Document {
    pub(crate) text: Arc<str>,
    pub(crate) version: i32,
    pub(crate) index: Arc<LineIndex>,
    pub(crate) format: Format,
    pub(crate) checked: Option<Checked>,
    /// Incremented each time a check is scheduled.
    pub(crate) generation: u64,
    /// Whether a check of the current generation is on its way.
    pub(crate) pending: bool,
}

impl Document {
    pub(crate) fn new(text: String, version: i32, language: &str, uri: &str) -> Self {
        let format = if language == "plaintext" || language == "text" {
            Format::PlainText
        } else if language == "markdown" {
            Format::Markdown
        } else if language == "html" {
            Format::Html
        } else {
            Format::from_path(uri)
        };
        let index = Arc::new(LineIndex::new(&text));
        Self {
            text: text.into(),
            version,
            index,
            format,
            checked: None,
            generation: 0,
            pending: false,
        }
    }

    /// Applies the client's changes in order. A change without a range replaces the whole
    /// text; ranges are converted with the negotiated encoding, clamped into the text and put
    /// the right way round, so no edit can panic or land inside a character.
    pub(crate) fn apply(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: Encoding,
    ) {
        let mut text: String = self.text.to_string();
        // The index is updated edit by edit over the edited lines only, so a notification
        // carrying many edits costs nothing like a fresh index per edit.
        let mut index = (*self.index).clone();
        for change in changes {
            match change.range {
                None => {
                    text = change.text;
                    index = LineIndex::new(&text);
                }
                Some(range) => {
                    let start = offset(&index, &text, range.start, encoding);
                    let end = offset(&index, &text, range.end, encoding);
                    let (start, end) = if start <= end {
                        (start, end)
                    } else {
                        (end, start)
                    };
                    text.replace_range(start..end, &change.text);
                    index.edit(&text, start, end - start, change.text.len());
                }
            }
        }
        self.text = text.into();
        self.index = Arc::new(index);
        self.version = version;
    }
}

pub(crate) fn offset(
    index: &LineIndex,
    text: &str,
    position: Position,
    encoding: Encoding,
) -> usize {
    index.offset_of(
        text,
        WirePosition {
            line: position.line,
            character: position.character,
        },
        encoding,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Range;

    fn change(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(start.0, start.1),
                Position::new(end.0, end.1),
            )),
            range_length: None,
            text: text.into(),
        }
    }

    #[test]
    fn incremental_edits_in_utf16_after_emoji() {
        let mut doc = Document::new(
            "Hi 🙂 Zoë,\r\nyour DNS is fine.".into(),
            1,
            "markdown",
            "a.md",
        );
        // "DNS" starts at UTF-16 column 5 of line 1.
        doc.apply(
            vec![change((1, 5), (1, 8), "address settings")],
            2,
            Encoding::Utf16,
        );
        assert_eq!(&*doc.text, "Hi 🙂 Zoë,\r\nyour address settings is fine.");
        // Replace the emoji (two UTF-16 units) on line 0.
        doc.apply(vec![change((0, 3), (0, 5), "😀")], 3, Encoding::Utf16);
        assert!(doc.text.starts_with("Hi 😀 Zoë"));
        assert_eq!(doc.version, 3);
    }

    #[test]
    fn hostile_ranges_are_clamped_and_ordered() {
        let mut doc = Document::new("abc".into(), 1, "markdown", "a.md");
        doc.apply(vec![change((9, 9), (0, 1), "X")], 2, Encoding::Utf16);
        assert_eq!(&*doc.text, "aX");
        doc.apply(
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "new".into(),
            }],
            3,
            Encoding::Utf8,
        );
        assert_eq!(&*doc.text, "new");
    }

    /// One notification with several edits, each positioned in the text the edits before it
    /// left, some adding and removing line breaks (CRLF among them).
    #[test]
    fn several_edits_in_one_notification() {
        let mut doc = Document::new(
            "Dear Zoë,\r\nthe DNS is fine.\nThanks 👋".into(),
            1,
            "markdown",
            "a.md",
        );
        doc.apply(
            vec![
                // Split line 1 in two.
                change((1, 4), (1, 4), "new\r\n"),
                // Now line 2 is "DNS is fine.": replace "DNS".
                change((2, 0), (2, 3), "address book"),
                // Join lines 0 and 1.
                change((0, 9), (1, 0), " "),
                // Line 2 is still "Thanks 👋" (two UTF-16 units for the emoji).
                change((2, 7), (2, 9), "🙂"),
            ],
            2,
            Encoding::Utf16,
        );
        assert_eq!(
            &*doc.text,
            "Dear Zoë, the new\r\naddress book is fine.\nThanks 🙂"
        );
        assert_eq!(*doc.index, LineIndex::new(&doc.text));
    }
}
