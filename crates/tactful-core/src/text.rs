//! Byte ranges and the line index.
//!
//! Everything inside tactful works on byte offsets into the original text. Lines, columns and
//! UTF-16 positions exist only at the edges (the CLI's renderers and the language server), and
//! they are computed here, through one [`LineIndex`] built once per text.

use serde::Serialize;

/// A half-open byte range `start..end` into a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct TextRange {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl TextRange {
    /// A range from `start` to `end`; the ends are swapped if given the wrong way round.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Self { start, end }
        } else {
            Self {
                start: end,
                end: start,
            }
        }
    }

    /// An empty range at `offset`.
    pub fn empty(offset: usize) -> Self {
        Self {
            start: offset,
            end: offset,
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the range covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies entirely inside this range.
    pub fn contains_range(&self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two ranges share at least one byte.
    pub fn overlaps(&self, other: TextRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest range covering both.
    pub fn cover(&self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The text this range covers, or `""` if it does not fit the text.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A 1-based line and column for people (CLI, JSON): the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values (`char`s).
    pub column: usize,
    /// 0-based byte offset.
    pub offset: usize,
}

/// The unit a wire column is counted in (the language server negotiates one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Unicode scalar values.
    Utf32,
}

/// A 0-based line and a 0-based column in some [`Encoding`], as the language server protocol uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WirePosition {
    /// 0-based line.
    pub line: u32,
    /// 0-based column in the negotiated encoding.
    pub character: u32,
}

/// Where each line starts. Line breaks are `\n`, `\r\n` and a lone `\r`, as in the LSP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the first byte of every line; always starts with 0.
    starts: Vec<usize>,
    /// Length of the text in bytes.
    len: usize,
    /// Whether the whole text is ASCII (then every column unit equals a byte).
    ascii: bool,
}

impl LineIndex {
    /// Builds the index in one pass over the text.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        Self {
            starts,
            len: text.len(),
            ascii: text.is_ascii(),
        }
    }

    /// Updates the index for an edit: `removed` bytes at `start` were replaced by
    /// `inserted` bytes, and `text` is the text after it. Only the edited stretch is scanned
    /// (and the byte before it, whose `\r` may now meet a `\n`); the lines after it move by
    /// the difference. The result equals [`LineIndex::new`] on `text`.
    pub fn edit(&mut self, text: &str, start: usize, removed: usize, inserted: usize) {
        let bytes = text.as_bytes();
        let old_end = start.saturating_add(removed);
        let new_end = start.saturating_add(inserted);
        if new_end > bytes.len()
            || old_end > self.len
            || bytes.len() + removed != self.len + inserted
        {
            // Not an edit of this text: index it afresh.
            *self = LineIndex::new(text);
            return;
        }
        let scan_from = start.saturating_sub(1);
        let keep = self.starts.partition_point(|&s| s <= scan_from);
        let tail_from = self.starts.partition_point(|&s| s <= old_end + 1);
        let tail: Vec<usize> = self.starts[tail_from..]
            .iter()
            .map(|&s| s - removed + inserted)
            .collect();
        self.starts.truncate(keep);
        let scan_to = (new_end + 1).min(bytes.len());
        for i in scan_from..scan_to {
            match bytes[i] {
                b'\n' => self.starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => self.starts.push(i + 1),
                _ => {}
            }
        }
        self.starts.extend(tail);
        self.len = text.len();
        self.ascii = text.is_ascii();
    }

    /// Number of lines (a text ending in a line break has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding `offset` (offsets past the end belong to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The byte range of a 0-based line, without its line break; `None` past the last line.
    pub fn line_range(&self, text: &str, line: usize) -> Option<TextRange> {
        let start = *self.starts.get(line)?;
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(TextRange::new(start, end))
    }

    /// Clamps an offset into the text and back onto a character boundary.
    pub fn clamp(&self, text: &str, offset: usize) -> usize {
        let mut offset = offset.min(self.len).min(text.len());
        while offset > 0 && !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The 1-based line and scalar column of a byte offset, for people.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = self.clamp(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line.min(self.starts.len() - 1)];
        let column = if self.ascii {
            offset - start
        } else {
            text.get(start..offset).map_or(0, |s| s.chars().count())
        };
        Position {
            line: line + 1,
            column: column + 1,
            offset,
        }
    }

    /// The 0-based wire position of a byte offset in the given encoding.
    pub fn wire_position(&self, text: &str, offset: usize, encoding: Encoding) -> WirePosition {
        let offset = self.clamp(text, offset);
        let line = self.line_of(offset);
        let start = self.starts[line.min(self.starts.len() - 1)];
        let prefix = text.get(start..offset).unwrap_or("");
        let character = if self.ascii {
            prefix.len()
        } else {
            match encoding {
                Encoding::Utf8 => prefix.len(),
                Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
                Encoding::Utf32 => prefix.chars().count(),
            }
        };
        WirePosition {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of a wire position. A line past the end maps to the end of the text; a
    /// column past the end of its line maps to the end of that line; a column inside a character
    /// (half of a surrogate pair, the middle of a UTF-8 sequence) maps to the start of it.
    pub fn offset_of(&self, text: &str, position: WirePosition, encoding: Encoding) -> usize {
        let Some(range) = self.line_range(text, position.line as usize) else {
            return self.len.min(text.len());
        };
        let line = range.slice(text);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, ch) in line.char_indices() {
            let width = match encoding {
                Encoding::Utf8 => ch.len_utf8(),
                Encoding::Utf16 => ch.len_utf16(),
                Encoding::Utf32 => 1,
            };
            if units + width > wanted {
                return range.start + i;
            }
            units += width;
        }
        range.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_with_every_kind_of_break() {
        let text = "a\r\nb\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.position(text, 3).line, 2);
        assert_eq!(index.position(text, 5).line, 3);
        assert_eq!(
            index.position(text, 7),
            Position {
                line: 4,
                column: 1,
                offset: 7
            }
        );
        assert_eq!(index.line_range(text, 0), Some(TextRange::new(0, 1)));
        assert_eq!(index.line_range(text, 9), None);
    }

    #[test]
    fn columns_count_scalars_and_utf16_units() {
        let text = "Zoë 🙂 “ok”\r\nnext";
        let index = LineIndex::new(text);
        let ok = text.find("ok").unwrap_or_default();
        assert_eq!(index.position(text, ok).column, 8);
        let wire = index.wire_position(text, ok, Encoding::Utf16);
        assert_eq!(
            wire,
            WirePosition {
                line: 0,
                character: 8
            }
        );
        assert_eq!(
            index.wire_position(text, ok, Encoding::Utf8).character as usize,
            ok
        );
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (offset, _) in text
                .char_indices()
                .filter(|(i, _)| !text[..*i].ends_with('\r') || !text[*i..].starts_with('\n'))
            {
                let wire = index.wire_position(text, offset, encoding);
                assert_eq!(
                    index.offset_of(text, wire, encoding),
                    offset,
                    "{encoding:?} {offset}"
                );
            }
        }
    }

    #[test]
    fn hostile_positions_are_clamped() {
        let text = "🙂x";
        let index = LineIndex::new(text);
        assert_eq!(index.clamp(text, 2), 0);
        assert_eq!(index.position(text, 99).offset, text.len());
        let inside_pair = WirePosition {
            line: 0,
            character: 1,
        };
        assert_eq!(index.offset_of(text, inside_pair, Encoding::Utf16), 0);
        let past = WirePosition {
            line: 7,
            character: 3,
        };
        assert_eq!(index.offset_of(text, past, Encoding::Utf16), text.len());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// An index updated for an edit equals one built afresh on the edited text.
        #[test]
        fn an_edited_index_equals_a_fresh_one(
            before in "[ab\r\né👋]{0,24}",
            inserted in "[ab\r\né]{0,8}",
            from in 0usize..30,
            len in 0usize..10,
        ) {
            let boundaries: Vec<usize> =
                (0..=before.len()).filter(|&i| before.is_char_boundary(i)).collect();
            let start = boundaries[from % boundaries.len()];
            let end = boundaries
                .iter()
                .copied()
                .filter(|&b| b >= start)
                .nth(len % 3)
                .unwrap_or(start);
            let mut after = before.clone();
            after.replace_range(start..end, &inserted);
            let mut index = LineIndex::new(&before);
            index.edit(&after, start, end - start, inserted.len());
            proptest::prop_assert_eq!(index, LineIndex::new(&after));
        }
    }
}
