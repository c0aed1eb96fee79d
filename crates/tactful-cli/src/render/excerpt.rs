//! Excerpts: what codespan-reporting is shown instead of whole texts.
//!
//! Drafts are Markdown, where a paragraph is one line of 500–1500 characters, and some findings
//! cover a paragraph or the whole draft. Shown whole, one finding fills the terminal. So each
//! diagnostic gets its own small file set ([`Excerpts`]) whose sources hold only the lines its
//! labels are on, long lines cut to a window around each label with `…` at a cut end, and a
//! label running over several lines (or longer than [`LONG_LABEL`] characters) is shown on its
//! first line only, with a note saying how much it covers.
//!
//! The [`Files`] implementation maps every excerpt position back to the real 1-based line and
//! column (columns in Unicode scalar values, as in the JSON output), so the `┌─ name:line:col`
//! header, the line numbers in the gutter and the `·` for skipped lines tell the truth.
//! The core's ranges are not changed; only what is displayed is.

use std::collections::BTreeMap;
use std::ops::Range;

use codespan_reporting::diagnostic::{Label, LabelStyle};
use codespan_reporting::files::{Error, Files};
use tactful_core::LineIndex;

/// Lines up to this many characters are shown whole.
const MAX_LINE: usize = 100;
/// Characters of context kept before a label on a long line.
const BEFORE: usize = 30;
/// Characters of context kept after a label on a long line.
const AFTER: usize = 40;
/// Labels longer than this (in characters) are cut, on a long line, at the end of their window.
const LONG_LABEL: usize = 80;
/// How far a cut may move to land on a space, and how near an end a cut is not worth making.
const SNAP: usize = 10;
/// Above this many characters, a line with several labels keeps less context around each.
const WIDE: usize = 120;
/// The context kept around each label then.
const TIGHT: usize = 12;
/// Windows on one line closer than this (in characters) are joined into one.
const JOIN: usize = 8;
/// Marks a cut.
const ELLIPSIS: &str = "…";

/// One real text that labels may point into, with its line index.
pub(crate) struct Text<'a> {
    name: &'a str,
    text: &'a str,
    index: LineIndex,
    /// The last line whose characters were indexed: findings come in order, and many on one
    /// long line (a one-line draft of megabytes) would otherwise index it once each.
    last_line: std::cell::RefCell<Option<(usize, std::rc::Rc<LineChars>)>>,
}

impl<'a> Text<'a> {
    pub(crate) fn new(name: &'a str, text: &'a str) -> Self {
        Self {
            name,
            text,
            last_line: std::cell::RefCell::new(None),
            index: LineIndex::new(text),
        }
    }
}

/// The excerpt of one diagnostic: the file set to render, its labels (ranges into the excerpt
/// sources) and notes on labels that are shown only in part.
pub(crate) struct Excerpted {
    pub(crate) files: Excerpts,
    pub(crate) labels: Vec<Label<usize>>,
    pub(crate) notes: Vec<String>,
}

/// A per-diagnostic file set whose sources are windows of the real texts.
#[derive(Debug, Default)]
pub(crate) struct Excerpts {
    files: Vec<ExcerptFile>,
}

#[derive(Debug)]
struct ExcerptFile {
    name: String,
    source: String,
    /// Byte offset in `source` where each excerpt line starts.
    starts: Vec<usize>,
    lines: Vec<ExcerptLine>,
}

#[derive(Debug)]
struct ExcerptLine {
    /// The real 1-based line number.
    number: usize,
    /// The windows of the real line shown on this excerpt line, in order.
    segments: Vec<Segment>,
    /// The real column of a label starting inside the line break (between `\r` and `\n`),
    /// which the excerpt can only show at the line's end.
    end_column: Option<usize>,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    /// Byte offset in the excerpt source where the window's text starts.
    at: usize,
    /// The real 1-based column of the window's first character.
    column: usize,
}

/// Builds the excerpt for one diagnostic. `labels` point into `texts` (file id = index, range =
/// byte offsets into that text); the result's labels point into the excerpt files. Labels naming
/// a text that is not there are dropped.
pub(crate) fn excerpt(texts: &[Text<'_>], labels: &[Label<usize>]) -> Excerpted {
    // Files in order of first use, so the snippets come out in the order codespan would use.
    let mut order: Vec<usize> = Vec::new();
    for label in labels {
        if label.file_id < texts.len() && !order.contains(&label.file_id) {
            order.push(label.file_id);
        }
    }
    let mut files = Vec::new();
    let mut out_labels: Vec<Option<Label<usize>>> = vec![None; labels.len()];
    let mut notes = Vec::new();
    for (new_id, &text_id) in order.iter().enumerate() {
        let text = &texts[text_id];
        let mine: Vec<(usize, &Label<usize>)> = labels
            .iter()
            .enumerate()
            .filter(|(_, l)| l.file_id == text_id)
            .collect();
        let built = build_file(text, &mine);
        for (i, range) in built.ranges {
            let label = &labels[i];
            out_labels[i] = Some(Label {
                style: label.style,
                file_id: new_id,
                range,
                message: label.message.clone(),
            });
        }
        notes.extend(built.notes);
        files.push(built.file);
    }
    Excerpted {
        files: Excerpts { files },
        labels: out_labels.into_iter().flatten().collect(),
        notes,
    }
}

/// The characters of one real line.
struct LineChars {
    /// Byte offset of the line's first character in the text.
    start: usize,
    /// Byte offset (relative to `start`) of every character, then the line's length.
    offsets: Vec<usize>,
}

impl LineChars {
    /// The characters of `line`, reusing the last line indexed when it is the same one.
    fn of(text: &Text<'_>, line: usize) -> std::rc::Rc<Self> {
        let mut memo = text.last_line.borrow_mut();
        if let Some((l, chars)) = memo.as_ref()
            && *l == line
        {
            return std::rc::Rc::clone(chars);
        }
        let chars = std::rc::Rc::new(Self::new(text, line));
        *memo = Some((line, std::rc::Rc::clone(&chars)));
        chars
    }

    fn new(text: &Text<'_>, line: usize) -> Self {
        let range = text
            .index
            .line_range(text.text, line)
            .unwrap_or_else(|| tactful_core::TextRange::empty(text.text.len()));
        let content = text.text.get(range.start..range.end).unwrap_or("");
        let mut offsets: Vec<usize> = content.char_indices().map(|(i, _)| i).collect();
        offsets.push(content.len());
        Self {
            start: range.start,
            offsets,
        }
    }

    /// Number of characters.
    fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Byte offset in the text of character `i` (the line's end past the last).
    fn byte(&self, i: usize) -> usize {
        self.start + self.offsets[i.min(self.len())]
    }

    /// Character index of a byte offset in the text, clamped to the line.
    fn char_at(&self, byte: usize) -> usize {
        let rel = byte.saturating_sub(self.start);
        self.offsets.partition_point(|&o| o < rel).min(self.len())
    }

    fn is_space(&self, text: &str, i: usize) -> bool {
        if i >= self.len() {
            return false;
        }
        text.get(self.byte(i)..)
            .and_then(|s| s.chars().next())
            .is_some_and(char::is_whitespace)
    }
}

/// One label as placed on the first real line it touches.
struct Piece {
    /// Index of the label in the diagnostic.
    label: usize,
    /// Character range of the label on the line (to the line's end if it continues).
    start: usize,
    end: usize,
    /// Whether the label goes on past this line.
    multi: bool,
    /// The label's last real line (0-based).
    last: usize,
    /// The label's whole length in characters.
    count: usize,
    /// Where the label is shown to end (set once windows are known).
    shown_end: usize,
    /// The real column of a start inside the line break (between `\r` and `\n`).
    in_break: Option<usize>,
}

/// A window of a line, in characters.
#[derive(Clone, Copy)]
struct Window {
    start: usize,
    end: usize,
}

struct Built {
    file: ExcerptFile,
    ranges: Vec<(usize, Range<usize>)>,
    notes: Vec<String>,
}

fn build_file(text: &Text<'_>, labels: &[(usize, &Label<usize>)]) -> Built {
    let src = text.text;
    let index = &text.index;
    let mut lines: BTreeMap<usize, (std::rc::Rc<LineChars>, Vec<Piece>)> = BTreeMap::new();
    let mut notes = Vec::new();

    for &(i, label) in labels {
        let start = index.clamp(src, label.range.start);
        let end = index.clamp(src, label.range.end).max(start);
        let first = index.line_of(start);
        let mut last = index.line_of(end);
        // A range ending just after a line break ends on the line before.
        if last > first && index.line_range(src, last).is_some_and(|r| end <= r.start) {
            last -= 1;
        }
        let multi = last > first;
        let (chars, pieces) = lines
            .entry(first)
            .or_insert_with(|| (LineChars::of(text, first), Vec::new()));
        let a = chars.char_at(start);
        let b = if multi {
            chars.len()
        } else {
            chars.char_at(end).max(a)
        };
        pieces.push(Piece {
            label: i,
            start: a,
            end: b,
            multi,
            last,
            count: src.get(start..end).map_or(0, |s| s.chars().count()),
            shown_end: b,
            in_break: (start > chars.byte(chars.len())).then(|| index.position(src, start).column),
        });
    }

    // Windows per line, and where each label is shown to end.
    let mut windows: BTreeMap<usize, Vec<Window>> = BTreeMap::new();
    for (&line, (chars, pieces)) in &mut lines {
        let n = chars.len();
        if n <= MAX_LINE {
            windows.insert(line, vec![Window { start: 0, end: n }]);
            continue;
        }
        let mut joined = place_windows(src, chars, pieces, BEFORE, AFTER);
        let width: usize = joined.iter().map(|w| w.end - w.start + 3).sum();
        if pieces.len() > 1 && width > WIDE {
            // Several labels spread over one line: keep less context around each.
            joined = place_windows(src, chars, pieces, TIGHT, TIGHT);
        }
        windows.insert(line, joined);
    }

    // Notes for labels shown in part.
    for (&line, (_, pieces)) in &lines {
        for p in pieces {
            let what = if p.multi {
                format!("lines {}–{}", line + 1, p.last + 1)
            } else if p.shown_end < p.end {
                format!("{} characters of line {}", p.count, line + 1)
            } else {
                continue;
            };
            let Some((_, label)) = labels.iter().find(|(i, _)| *i == p.label) else {
                continue;
            };
            notes.push(if label.style == LabelStyle::Primary {
                format!("covers {what}")
            } else if label.message.is_empty() {
                format!("the label in {} covers {what}", text.name)
            } else {
                format!("“{}” in {} covers {what}", label.message, text.name)
            });
        }
    }

    // The excerpt source.
    let mut source = String::new();
    let mut starts = Vec::new();
    let mut excerpt_lines = Vec::new();
    let mut ranges = Vec::new();
    let mut previous: Option<usize> = None;
    for (&line, (chars, pieces)) in &lines {
        if let Some(prev) = previous {
            let gap = line - prev;
            let middle = (gap == 2)
                .then(|| LineChars::new(text, prev + 1))
                .filter(|m| m.len() <= MAX_LINE);
            if let Some(middle) = middle {
                // codespan shows a single skipped line rather than a `·`: give it the real one.
                starts.push(source.len());
                let at = source.len();
                source.push_str(
                    src.get(middle.byte(0)..middle.byte(middle.len()))
                        .unwrap_or(""),
                );
                source.push('\n');
                excerpt_lines.push(ExcerptLine {
                    number: prev + 2,
                    segments: vec![Segment { at, column: 1 }],
                    end_column: None,
                });
            } else if gap >= 2 {
                // Two unlabelled placeholder lines: codespan then draws `·` for the gap.
                for k in 0..2 {
                    starts.push(source.len());
                    source.push('\n');
                    excerpt_lines.push(ExcerptLine {
                        number: prev + 2 + k,
                        segments: Vec::new(),
                        end_column: None,
                    });
                }
            }
        }
        previous = Some(line);

        starts.push(source.len());
        let mut segments = Vec::new();
        let wins = windows.get(&line).map_or(&[][..], Vec::as_slice);
        let n = chars.len();
        let mut placed: Vec<(Window, usize)> = Vec::new();
        for (k, w) in wins.iter().enumerate() {
            if k == 0 && w.start > 0 {
                source.push_str(ELLIPSIS);
            }
            if k > 0 {
                source.push(' ');
                source.push_str(ELLIPSIS);
                source.push(' ');
            }
            let at = source.len();
            segments.push(Segment {
                at,
                column: w.start + 1,
            });
            placed.push((*w, at));
            source.push_str(
                src.get(chars.byte(w.start)..chars.byte(w.end))
                    .unwrap_or(""),
            );
            if k + 1 == wins.len() && w.end < n {
                source.push_str(ELLIPSIS);
            }
        }
        for p in pieces {
            let (w, at) = placed
                .iter()
                .find(|(w, _)| w.start <= p.start && p.start <= w.end)
                .or(placed.first())
                .copied()
                .unwrap_or((Window { start: 0, end: 0 }, source.len()));
            let a = p.start.clamp(w.start, w.end);
            let e = p.shown_end.clamp(a, w.end);
            let base = chars.byte(w.start);
            ranges.push((
                p.label,
                at + (chars.byte(a) - base)..at + (chars.byte(e) - base),
            ));
        }
        source.push('\n');
        let end_column = pieces.iter().find_map(|p| p.in_break);
        excerpt_lines.push(ExcerptLine {
            number: line + 1,
            segments,
            end_column,
        });
    }
    if starts.is_empty() {
        starts.push(0);
        excerpt_lines.push(ExcerptLine {
            number: 1,
            segments: Vec::new(),
            end_column: None,
        });
    }

    Built {
        file: ExcerptFile {
            name: text.name.to_string(),
            source,
            starts,
            lines: excerpt_lines,
        },
        ranges,
        notes,
    }
}

/// The windows of a long line for its labels, with `before` and `after` characters of context
/// around each, joined where they meet; sets where each label is shown to end.
fn place_windows(
    src: &str,
    chars: &LineChars,
    pieces: &mut [Piece],
    before: usize,
    after: usize,
) -> Vec<Window> {
    let mut ws: Vec<Window> = pieces
        .iter_mut()
        .map(|p| {
            p.shown_end = p.end;
            let start = snap_start(src, chars, p.start, before);
            let end = if p.end - p.start > LONG_LABEL {
                p.shown_end = snap_label_end(src, chars, p.start);
                p.shown_end
            } else if p.multi {
                p.end
            } else {
                snap_end(src, chars, p.end + after, p.end)
            };
            Window { start, end }
        })
        .collect();
    ws.sort_by_key(|w| (w.start, w.end));
    let mut joined: Vec<Window> = Vec::new();
    for w in ws {
        match joined.last_mut() {
            Some(last) if w.start <= last.end + JOIN => last.end = last.end.max(w.end),
            _ => joined.push(w),
        }
    }
    // A cut label whose window was widened by a neighbour is shown to the window's end.
    for p in pieces.iter_mut() {
        if let Some(w) = joined
            .iter()
            .find(|w| w.start <= p.start && p.start <= w.end)
        {
            p.shown_end = p.end.min(w.end).max(p.shown_end);
        }
    }
    joined
}

/// Where a window starts, for a label starting at character `a`: about `before` characters
/// earlier, just after a space if one is near.
fn snap_start(src: &str, chars: &LineChars, a: usize, before: usize) -> usize {
    if a <= before + SNAP {
        return 0;
    }
    let want = a - before;
    let after_space = (want.saturating_sub(SNAP)..=want)
        .rev()
        .chain(want + 1..(want + SNAP).min(a))
        .find(|&i| chars.is_space(src, i))
        .map(|i| i + 1);
    let mut start = after_space.unwrap_or(want).min(a);
    while start < a && chars.is_space(src, start) {
        start += 1;
    }
    start
}

/// Where a window ends, wanted at character `want` and never before `min`: just before a space
/// if one is near, or the line's end if that is near.
fn snap_end(src: &str, chars: &LineChars, want: usize, min: usize) -> usize {
    let n = chars.len();
    if want + SNAP >= n {
        return n;
    }
    let at_space = (want.saturating_sub(SNAP + 5).max(min)..=want)
        .rev()
        .chain(want + 1..(want + SNAP).min(n))
        .find(|&i| chars.is_space(src, i));
    let mut end = at_space.unwrap_or(want).max(min);
    while end > min && chars.is_space(src, end - 1) {
        end -= 1;
    }
    end.min(n)
}

/// Where a label too long to show whole is cut: about [`LONG_LABEL`] characters after its start,
/// before a space if one is near.
fn snap_label_end(src: &str, chars: &LineChars, a: usize) -> usize {
    let want = (a + LONG_LABEL).min(chars.len());
    let floor = a + LONG_LABEL / 2;
    let at_space = (floor..=want).rev().find(|&i| chars.is_space(src, i));
    let mut end = at_space.unwrap_or(want);
    while end > a + 1 && chars.is_space(src, end - 1) {
        end -= 1;
    }
    end
}

impl Excerpts {
    fn file(&self, id: usize) -> Result<&ExcerptFile, Error> {
        self.files.get(id).ok_or(Error::FileMissing)
    }
}

impl<'a> Files<'a> for Excerpts {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(self.file(id)?.name.as_str())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(self.file(id)?.source.as_str())
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let file = self.file(id)?;
        Ok(match file.starts.binary_search(&byte_index) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        })
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, Error> {
        let file = self.file(id)?;
        file.lines
            .get(line_index)
            .map(|l| l.number)
            .ok_or(Error::LineTooLarge {
                given: line_index,
                max: file.lines.len().saturating_sub(1),
            })
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let file = self.file(id)?;
        let range = self.line_range(id, line_index)?;
        let byte_index = byte_index.clamp(range.start, range.end);
        let line = file.lines.get(line_index);
        let text_end = range.start
            + file
                .source
                .get(range.clone())
                .map_or(0, |s| s.trim_end_matches('\n').len());
        if let Some(column) = line.and_then(|l| l.end_column)
            && byte_index >= text_end
        {
            return Ok(column);
        }
        let segments = line.map_or(&[][..], |l| l.segments.as_slice());
        let segment = segments
            .iter()
            .rev()
            .find(|s| s.at <= byte_index)
            .or(segments.first())
            .copied()
            .unwrap_or(Segment {
                at: range.start,
                column: 1,
            });
        let counted = file
            .source
            .get(segment.at.min(byte_index)..byte_index)
            .map_or(0, |s| s.chars().filter(|&c| c != '\n').count());
        Ok(segment.column + counted)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let file = self.file(id)?;
        let start = *file.starts.get(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: file.starts.len().saturating_sub(1),
        })?;
        let end = file
            .starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.source.len());
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use codespan_reporting::diagnostic::Diagnostic;
    use codespan_reporting::term::{self, Config};

    use super::*;

    fn render(texts: &[Text<'_>], labels: &[Label<usize>]) -> String {
        let shown = excerpt(texts, labels);
        let diagnostic = Diagnostic::warning()
            .with_code("test")
            .with_message("message")
            .with_labels(shown.labels)
            .with_notes(shown.notes);
        let mut out = String::new();
        term::emit_to_string(&mut out, &Config::default(), &shown.files, &diagnostic)
            .expect("renders");
        out
    }

    /// Terminal columns of a string, as codespan counts them (the test texts' only wide
    /// characters are emoji and ✨).
    fn width(s: &str) -> usize {
        s.chars()
            .map(|c| {
                if c as u32 >= 0x1F000 || c == '✨' {
                    2
                } else {
                    1
                }
            })
            .sum()
    }

    /// The rendered source line for real line `number`, and the caret line under it.
    fn snippet(out: &str, number: usize) -> (String, String) {
        let lines: Vec<&str> = out.lines().collect();
        let prefix = format!("{number} │ ");
        let i = lines
            .iter()
            .position(|l| l.trim_start().starts_with(&prefix))
            .unwrap_or_else(|| panic!("no line {number} in:\n{out}"));
        let source = lines[i].trim_start()[prefix.len()..].to_string();
        let gutter = lines[i].len() - lines[i].trim_start().len() + prefix.len();
        let carets = lines
            .get(i + 1)
            .map_or("", |l| l.get(gutter..).unwrap_or(""));
        (source, carets.to_string())
    }

    /// Asserts that the carets sit exactly under `word` in the rendered line `number`.
    fn assert_caret_under(out: &str, number: usize, word: &str, mark: char) {
        let (source, carets) = snippet(out, number);
        let at = source
            .find(word)
            .unwrap_or_else(|| panic!("{word:?} not shown in:\n{out}"));
        let col = width(&source[..at]);
        let first = carets
            .find(mark)
            .unwrap_or_else(|| panic!("no {mark:?} under line {number} in:\n{out}"));
        assert_eq!(width(&carets[..first]), col, "caret misplaced in:\n{out}");
        let marks = carets[first..].chars().take_while(|&c| c == mark).count();
        assert_eq!(marks, width(word), "caret length wrong in:\n{out}");
    }

    /// The source text shown above the carets of line `number`.
    fn underlined(out: &str, number: usize) -> String {
        let (source, carets) = snippet(out, number);
        let Some(first) = carets.find('^') else {
            return String::new();
        };
        let from = width(&carets[..first]);
        let to = from + carets[first..].chars().take_while(|&c| c == '^').count();
        let mut col = 0;
        let mut under = String::new();
        for c in source.chars() {
            if col >= from && col < to {
                under.push(c);
            }
            col += width(c.encode_utf8(&mut [0; 4]));
        }
        under
    }

    fn header(out: &str) -> &str {
        out.lines()
            .find_map(|l| l.trim_start().strip_prefix("┌─ "))
            .expect("has a header")
    }

    fn location(text: &str, offset: usize) -> String {
        let p = LineIndex::new(text).position(text, offset);
        format!("{}:{}", p.line, p.column)
    }

    fn max_width(out: &str) -> usize {
        out.lines().map(width).max().unwrap_or(0)
    }

    fn paragraph(chars: usize) -> String {
        let words = [
            "we", "upgraded", "the", "default", "version", "on", "all", "servers", "so", "your",
            "site", "now", "runs", "newer", "code",
        ];
        let mut out = String::new();
        let mut i = 0;
        while out.chars().count() < chars {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(words[i % words.len()]);
            i += 1;
        }
        out
    }

    #[test]
    fn a_label_in_the_middle_of_a_long_line_shows_a_window() {
        let text = format!(
            "Hi Marta,\n\n{} Kubernetes {}.\n\nKind regards,\n",
            paragraph(500),
            paragraph(490)
        );
        let start = text.find("Kubernetes").expect("there");
        let out = render(
            &[Text::new("reply.md", &text)],
            &[Label::primary(0, start..start + "Kubernetes".len())],
        );
        assert!(max_width(&out) < 140, "too wide:\n{out}");
        assert_eq!(header(&out), format!("reply.md:{}", location(&text, start)));
        assert!(header(&out).starts_with("reply.md:3:"));
        assert_caret_under(&out, 3, "Kubernetes", '^');
        let (source, _) = snippet(&out, 3);
        assert!(source.starts_with('…') && source.ends_with('…'), "{source}");
        assert!(!out.contains("covers"), "{out}");
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let text = "Hi Marta,\n\nSorry about the outage today.\n";
        let start = text.find("outage").expect("there");
        let out = render(
            &[Text::new("reply.md", text)],
            &[Label::primary(0, start..start + 6)],
        );
        assert_eq!(header(&out), "reply.md:3:17");
        let (source, _) = snippet(&out, 3);
        assert_eq!(source, "Sorry about the outage today.");
        assert_caret_under(&out, 3, "outage", '^');
    }

    #[test]
    fn a_multi_line_range_shows_its_first_line_and_a_note() {
        let mut text = String::from("Hi Marta,\n\n");
        for i in 3..=12 {
            text.push_str(&format!("Line {i} says something short.\n"));
        }
        let start = text.find("Line 3").expect("there");
        let end = text.len() - 1;
        let out = render(
            &[Text::new("reply.md", &text)],
            &[Label::primary(0, start..end)],
        );
        let source_lines = out
            .lines()
            .filter(|l| {
                l.trim_start()
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit())
            })
            .count();
        assert_eq!(source_lines, 1, "{out}");
        assert!(out.contains("= covers lines 3–12"), "{out}");
        assert!(!out.contains('╭'), "{out}");
        assert_eq!(header(&out), "reply.md:3:1");
        assert_caret_under(&out, 3, "Line 3 says something short.", '^');
    }

    #[test]
    fn a_whole_paragraph_on_one_long_line_is_cut_with_a_note() {
        let text = format!("Hi Marta,\n\n{}\n", paragraph(1000));
        let start = text.find("we upgraded").expect("there");
        let end = text.len() - 1;
        let count = text[start..end].chars().count();
        let out = render(
            &[Text::new("reply.md", &text)],
            &[Label::primary(0, start..end)],
        );
        assert!(max_width(&out) < 140, "too wide:\n{out}");
        assert!(
            out.contains(&format!("= covers {count} characters of line 3")),
            "{out}"
        );
        let (source, carets) = snippet(&out, 3);
        assert!(source.ends_with('…'), "{source}");
        // Underlined from the start to the end of the window, the `…` excepted.
        assert_eq!(
            carets.trim_end().chars().count(),
            width(&source) - 1,
            "{out}"
        );
    }

    #[test]
    fn a_long_range_ending_with_its_line_break_is_one_line() {
        let text = "Hi Marta,\n\nThanks for your patience.\n\nKind regards,\n";
        let start = text.find("Thanks").expect("there");
        let end = text.find("\n\nKind").expect("there") + 1;
        let out = render(
            &[Text::new("reply.md", text)],
            &[Label::primary(0, start..end)],
        );
        assert!(!out.contains("covers"), "{out}");
        assert_caret_under(&out, 3, "Thanks for your patience.", '^');
    }

    #[test]
    fn unicode_and_crlf_are_cut_cleanly() {
        let line = format!(
            "“Zoë” 😀 said the café’s site was down 🙁 — {} naïve “résumé” ✨ {} 🎉 end",
            paragraph(120),
            paragraph(120)
        );
        let text = format!("Hi Zoë,\r\n\r\n{line}\r\nThanks 😀\r\n");
        let target = "résumé";
        let start = text.find(target).expect("there");
        let out = render(
            &[Text::new("reply.md", &text)],
            &[Label::primary(0, start..start + target.len())],
        );
        assert!(!out.contains('\r'), "{out:?}");
        assert_eq!(header(&out), format!("reply.md:{}", location(&text, start)));
        assert_caret_under(&out, 3, target, '^');

        // Near the emoji and quotes at the start of the line.
        let start = text.find("café").expect("there");
        let out = render(
            &[Text::new("reply.md", &text)],
            &[Label::primary(0, start..start + "café’s".len())],
        );
        assert_eq!(header(&out), format!("reply.md:{}", location(&text, start)));
        assert_caret_under(&out, 3, "café’s", '^');
        assert!(!out.contains('\r'), "{out:?}");
    }

    #[test]
    fn every_range_renders_without_panicking_and_with_the_real_location() {
        let line = format!("“Zoë” 😀 {} 🙁 “naïve” ✨ {}", paragraph(90), paragraph(60));
        let text = format!("Hi Zoë,\r\n\r\n{line}\r\n\nlone\rcr 🎉\n");
        let ends = |s: usize| [s, s + 1, s + 3, s + 40, s + 130, text.len(), text.len() + 9];
        for start in 0..text.len() + 2 {
            for end in ends(start) {
                let out = render(
                    &[Text::new("reply.md", &text)],
                    &[Label::primary(0, start..end)],
                );
                assert!(!out.contains('\r'));
                if text.is_char_boundary(start.min(text.len())) {
                    assert_eq!(
                        header(&out),
                        format!("reply.md:{}", location(&text, start)),
                        "range {start}..{end}:\n{out}"
                    );
                }
                if text.is_char_boundary(start.min(text.len()))
                    && text.is_char_boundary(end.min(text.len()))
                    && start <= end
                {
                    let index = LineIndex::new(&text);
                    let s = start.min(text.len());
                    let line = index.line_of(s);
                    let content = index.line_range(&text, line).expect("line");
                    let wanted = text
                        .get(s.min(content.end)..end.min(text.len()).min(content.end))
                        .unwrap_or("");
                    let under = underlined(&out, line + 1);
                    if wanted.is_empty() {
                        assert!(under.chars().count() <= 1, "{start}..{end}:\n{out}");
                    } else if out.contains("covers") {
                        assert!(
                            !under.is_empty() && wanted.starts_with(&under),
                            "{start}..{end}: {under:?} / {wanted:?}\n{out}"
                        );
                    } else {
                        assert_eq!(under, wanted, "{start}..{end}:\n{out}");
                    }
                }
            }
        }
        // Reversed ranges, and labels naming no file.
        render(
            &[Text::new("reply.md", &text)],
            &[Label::primary(0, Range { start: 30, end: 10 })],
        );
        render(&[Text::new("reply.md", &text)], &[Label::primary(3, 0..1)]);
        render(&[Text::new("empty.md", "")], &[Label::primary(0, 0..5)]);
    }

    #[test]
    fn a_range_at_the_very_end() {
        let text = "Thanks for waiting.";
        let out = render(
            &[Text::new("reply.md", text)],
            &[Label::primary(0, text.len()..text.len())],
        );
        assert_eq!(header(&out), "reply.md:1:20");
        let (_, carets) = snippet(&out, 1);
        assert_eq!(carets.trim_end(), format!("{}^", " ".repeat(19)));

        let long = format!("{}.", paragraph(400));
        let out = render(
            &[Text::new("reply.md", &long)],
            &[Label::primary(0, long.len() - 1..long.len())],
        );
        assert_eq!(header(&out), format!("reply.md:1:{}", long.chars().count()));
        assert_caret_under(&out, 1, ".", '^');
        let (source, _) = snippet(&out, 1);
        assert!(
            source.starts_with('…') && !source.ends_with('…'),
            "{source}"
        );

        let text = "Thanks.\n";
        let out = render(
            &[Text::new("reply.md", text)],
            &[Label::primary(0, text.len()..text.len())],
        );
        assert_eq!(header(&out), "reply.md:2:1");
    }

    #[test]
    fn an_empty_range_gets_one_caret() {
        let text = format!("{} HERE {}", paragraph(300), paragraph(300));
        let at = text.find("HERE").expect("there");
        let out = render(
            &[Text::new("reply.md", &text)],
            &[Label::primary(0, at..at)],
        );
        assert_eq!(header(&out), format!("reply.md:1:{}", at + 1));
        assert_caret_under(&out, 1, "H", '^');
        assert!(max_width(&out) < 140, "{out}");
    }

    #[test]
    fn secondary_labels_in_another_file_and_far_apart() {
        let draft = format!("Hi Marta,\n\n{}\n", paragraph(600));
        let ticket = format!(
            "Hello,\n\n{} launching on Monday {} spent six hours {}\n\nfirst\nsecond\nthird\n\nI'm really frustrated.\n",
            paragraph(20),
            paragraph(300),
            paragraph(200)
        );
        let range = |t: &str, w: &str| {
            let s = t.find(w).expect("there");
            s..s + w.len()
        };
        let d = draft.find("we").expect("there");
        let labels = [
            Label::primary(0, d..draft.len() - 1),
            Label::secondary(1, range(&ticket, "launching on Monday")).with_message("a deadline"),
            Label::secondary(1, range(&ticket, "spent six hours")).with_message("time spent"),
            Label::secondary(1, range(&ticket, "frustrated")).with_message("frustration"),
        ];
        let texts = [
            Text::new("reply.md", &draft),
            Text::new("ticket.md", &ticket),
        ];
        let out = render(&texts, &labels);
        assert!(max_width(&out) < 160, "too wide:\n{out}");
        assert!(out.contains("reply.md:3:1"), "{out}");
        let at = ticket.find("launching").expect("there");
        assert!(
            out.contains(&format!("ticket.md:{}", location(&ticket, at))),
            "{out}"
        );
        let out = &out[out.find("ticket.md").expect("ticket shown")..];
        assert_caret_under(out, 3, "launching on Monday", '-');
        let (source, carets) = snippet(out, 3);
        let spent = source.find("spent six hours").expect("shown");
        let dash = carets
            .char_indices()
            .filter(|&(_, c)| c == '-')
            .map(|(i, _)| i)
            .find(|&i| carets[..i].chars().count() >= width(&source[..spent]))
            .expect("second label underlined");
        assert_eq!(
            carets[..dash].chars().count(),
            width(&source[..spent]),
            "{out}"
        );
        assert!(source.contains(" … "), "{source}");
        assert_caret_under(out, 9, "frustrated", '-');
        // Lines 4–8 are skipped with a `·`.
        assert!(out.lines().any(|l| l.trim() == "·"), "{out}");
    }

    #[test]
    fn a_single_skipped_line_is_shown_when_short() {
        let text = "One thing.\n\nAnother thing.\n";
        let a = text.find("thing").expect("there");
        let b = text.rfind("thing").expect("there");
        let out = render(
            &[Text::new("reply.md", text)],
            &[Label::primary(0, a..a + 5), Label::secondary(0, b..b + 5)],
        );
        assert!(out.contains("2 │"), "{out}");
        assert_caret_under(&out, 1, "thing", '^');
        assert_caret_under(&out, 3, "thing", '-');
    }
}
