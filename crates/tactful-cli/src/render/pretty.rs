//! Pretty-printed JSON written a piece at a time.
//!
//! The JSON and SARIF documents hold one long array (files, results) that is written item by
//! item as the drafts are checked, so no document is ever held whole in memory. The bytes must be
//! exactly those `serde_json::to_writer_pretty` gives for the whole document: two spaces per
//! level, `": "` after a key, `[]` and `{}` when empty. [`write_at`] writes a value as it would
//! appear nested `depth` levels deep, and [`Array`] writes an array's brackets and separators
//! around items written one at a time.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// serde_json's pretty layout, starting `depth` levels in.
struct Nested {
    depth: usize,
    has_value: bool,
}

/// A newline and then spaces enough for the deepest level written at once.
const NEWLINE_AND_SPACES: &[u8; 65] =
    b"\n                                                                ";

fn newline_and_indent<W: ?Sized + Write>(w: &mut W, depth: usize) -> io::Result<()> {
    let mut spaces = depth * 2;
    let first = spaces.min(NEWLINE_AND_SPACES.len() - 1);
    w.write_all(&NEWLINE_AND_SPACES[..=first])?;
    spaces -= first;
    while spaces > 0 {
        let more = spaces.min(NEWLINE_AND_SPACES.len() - 1);
        w.write_all(&NEWLINE_AND_SPACES[1..=more])?;
        spaces -= more;
    }
    Ok(())
}

impl Nested {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            newline_and_indent(w, self.depth)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        newline_and_indent(w, self.depth)
    }
}

impl Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.item(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes `value` pretty-printed as it appears nested `depth` levels deep in a pretty document
/// (its inner lines indented by `depth` levels more; its first line is not indented).
pub(crate) fn write_at<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
    depth: usize,
) -> anyhow::Result<()> {
    // Serialized into memory first and written at once: `out` is a `dyn Write`, and serde_json
    // makes a call on it for every bracket, key, quote and indent (measured: writing the large
    // corpus's findings this way took more instructions than serializing them).
    let mut buffer = Vec::with_capacity(1024);
    let mut serializer = serde_json::Serializer::with_formatter(
        &mut buffer,
        Nested {
            depth,
            has_value: false,
        },
    );
    value
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)?;
    // As an io::Error, so that a closed pipe is recognised as one.
    out.write_all(&buffer)?;
    Ok(())
}

/// An array `depth` levels deep, written an item at a time: [`Array::open`], then
/// [`Array::item`] for each item, then [`Array::close`]. The writer may differ between calls (the
/// items may go to a spool that is copied out later), as long as the bytes end up in order.
pub(crate) struct Array {
    depth: usize,
    items: usize,
}

impl Array {
    pub(crate) fn new(depth: usize) -> Self {
        Self { depth, items: 0 }
    }

    pub(crate) fn open(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    pub(crate) fn item<T: Serialize + ?Sized>(
        &mut self,
        out: &mut dyn Write,
        value: &T,
    ) -> anyhow::Result<()> {
        if self.items > 0 {
            out.write_all(b",")?;
        }
        newline_and_indent(out, self.depth + 1)?;
        write_at(out, value, self.depth + 1)?;
        self.items += 1;
        Ok(())
    }

    pub(crate) fn close(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.items > 0 {
            newline_and_indent(out, self.depth)?;
        }
        out.write_all(b"]")
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;

    #[derive(Serialize, Clone)]
    struct Leaf {
        name: &'static str,
        empty_list: Vec<u8>,
        empty_map: std::collections::BTreeMap<String, u8>,
        numbers: Vec<f64>,
        nested: Vec<Vec<u8>>,
        text: &'static str,
        none: Option<u8>,
    }

    fn leaf(i: u8) -> Leaf {
        Leaf {
            name: "a \"quoted\"\nname ✓",
            empty_list: Vec::new(),
            empty_map: std::collections::BTreeMap::new(),
            numbers: vec![1.5, f64::from(i), -0.25],
            nested: vec![vec![], vec![i, 2], vec![]],
            text: "\u{1}\t\\",
            none: None,
        }
    }

    #[derive(Serialize)]
    struct Whole {
        version: u32,
        items: Vec<Leaf>,
        after: Leaf,
    }

    /// The document written piece by piece, as the renderers do.
    fn streamed(items: &[Leaf]) -> String {
        let mut out = Vec::new();
        out.extend_from_slice(b"{\n  \"version\": 1,\n  \"items\": ");
        let mut array = Array::new(1);
        array.open(&mut out).unwrap();
        for item in items {
            array.item(&mut out, item).unwrap();
        }
        array.close(&mut out).unwrap();
        out.extend_from_slice(b",\n  \"after\": ");
        write_at(&mut out, &leaf(9), 1).unwrap();
        out.extend_from_slice(b"\n}");
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn pieces_make_the_same_bytes_as_the_whole_document() {
        for n in [0, 1, 2, 5] {
            let items: Vec<Leaf> = (0..n).map(leaf).collect();
            let whole = serde_json::to_string_pretty(&Whole {
                version: 1,
                items: items.clone(),
                after: leaf(9),
            })
            .unwrap();
            assert_eq!(streamed(&items), whole, "{n} items");
        }
    }

    /// A reader that went away.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_stays_an_io_error() {
        let err = write_at(&mut Closed, &leaf(1), 2).unwrap_err();
        let io = err.downcast_ref::<io::Error>().expect("an io::Error");
        assert_eq!(io.kind(), io::ErrorKind::BrokenPipe);
        let err = Array::new(1).item(&mut Closed, &leaf(1)).unwrap_err();
        assert_eq!(
            err.downcast_ref::<io::Error>().map(io::Error::kind),
            Some(io::ErrorKind::BrokenPipe)
        );
    }

    #[test]
    fn a_value_at_depth_zero_is_plain_pretty_json() {
        let mut out = Vec::new();
        write_at(&mut out, &leaf(3), 0).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&leaf(3)).unwrap()
        );
        let mut out = Vec::new();
        write_at(&mut out, &vec![vec![1, 2], vec![]], 2).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "[\n      [\n        1,\n        2\n      ],\n      []\n    ]"
        );
    }

    /// Indents deeper than the block of spaces written at once (32 levels) come out whole.
    #[test]
    fn deep_nesting_is_indented_like_serde_json() {
        let mut value = serde_json::json!([1]);
        for _ in 0..70 {
            value = serde_json::json!([value, {"k": []}]);
        }
        let mut out = Vec::new();
        write_at(&mut out, &value, 0).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
        let mut out = Vec::new();
        let mut array = Array::new(40);
        array.open(&mut out).unwrap();
        array.item(&mut out, &value).unwrap();
        array.close(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with(&format!("[\n{}[", " ".repeat(82))));
        assert!(text.ends_with(&format!("\n{}]", " ".repeat(80))));
    }
}
