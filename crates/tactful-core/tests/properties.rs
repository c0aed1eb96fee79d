//! Invariants over arbitrary text and arbitrary Markdown: no panic; every range inside the
//! text and on character boundaries; fixes whose edits apply cleanly and never overlap; the
//! same input gives the same output; byte offset → (line, column) → byte offset and
//! byte offset → UTF-16 / UTF-8 / UTF-32 position → byte offset round-trip.

use proptest::prelude::*;
use tactful_core::text::{Encoding, WirePosition};
use tactful_core::{Engine, Format, Input, LineIndex, Settings, TextRange, check};

/// Text built from the pieces that trip linters up: Markdown syntax, quotes, emoji, CJK,
/// combining marks, every kind of line break, placeholders, jargon and questions.
fn texty() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Hi Zoë",
        " ",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "> ",
        ">> ",
        "# ",
        "- ",
        "1. ",
        "`code`",
        "```\nfenced\n```\n",
        "**bold**",
        "[link](https://example.com)",
        "<b>",
        "<!-- tactful-disable jargon -->",
        "{{first_name}}",
        "[Customer Name]",
        "TODO",
        "DNS",
        "MX record",
        "propagation",
        "?",
        "!",
        ".",
        "…",
        "“quoted”",
        "it’s",
        "🙂",
        "👩‍💻",
        "中文",
        "e\u{301}",
        "café",
        "Can I export my invoices?",
        "I'd like to know whether",
        "I'm launching on Monday",
        "spent six hours",
        "On Tue, 3 Mar 2026, Dana wrote:",
        "---\nquestions: [\"Why?\"]\n---\n",
        "+++\n",
        "|a|b|\n|-|-|\n",
        "\t",
        "\u{0}",
        "<p>",
        "</p>",
        "<script>x</script>",
        "<pre>",
        "&amp;",
        "&",
        "<",
        "a < b",
        "<br>",
        "<!--",
        "-->",
        "wp_options",
        "/var/www/html",
        "--force",
        "ERR_SSL",
        "www.example.com",
        "a@b.co",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn valid(text: &str, r: TextRange) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn checks_never_panic_and_ranges_are_sound(draft in texty(), ticket in texty(), which in 0u8..3) {
        let engine = Engine::embedded().expect("packs load");
        let format = [Format::Markdown, Format::PlainText, Format::Html][usize::from(which)];
        for ticket in [None, Some((ticket.as_str(), Format::Markdown))] {
            let input = Input { draft: &draft, format, ticket };
            let report = check(engine, &Settings::default(), &input);
            let again = check(engine, &Settings::default(), &input);
            prop_assert_eq!(&report.diagnostics, &again.diagnostics);
            prop_assert!(report.internal_errors.is_empty(), "{:?}", report.internal_errors);
            for d in &report.diagnostics {
                prop_assert!(valid(&draft, d.range), "{:?} in {:?}", d, draft);
                for r in &d.related {
                    let text = match (r.origin, ticket) {
                        (tactful_core::Origin::Ticket, Some((t, _))) => t,
                        _ => draft.as_str(),
                    };
                    prop_assert!(valid(text, r.range), "{:?}", d);
                }
                for fix in &d.fixes {
                    let mut last = 0;
                    let mut fixed = String::new();
                    for e in &fix.edits {
                        prop_assert!(valid(&draft, e.range) && e.range.start >= last, "{:?}", fix);
                        fixed.push_str(&draft[last..e.range.start]);
                        fixed.push_str(&e.replacement);
                        last = e.range.end;
                    }
                    fixed.push_str(&draft[last..]);
                    prop_assert!(fixed.len() + 1 > 0);
                }
            }
        }
    }

    #[test]
    fn positions_round_trip(text in texty()) {
        let index = LineIndex::new(&text);
        for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            // A position between \r and \n is not a place in the text.
            if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                continue;
            }
            let p = index.position(&text, offset);
            prop_assert_eq!(p.offset, offset);
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let wire = index.wire_position(&text, offset, encoding);
                prop_assert_eq!(index.offset_of(&text, wire, encoding), offset, "{:?} at {}", encoding, offset);
            }
        }
        // Any wire position, however wrong, maps inside the text on a boundary.
        for line in 0..index.line_count() as u32 + 2 {
            for character in [0u32, 1, 2, 7, 1000] {
                let o = index.offset_of(&text, WirePosition { line, character }, Encoding::Utf16);
                prop_assert!(o <= text.len() && text.is_char_boundary(o));
            }
        }
    }
}
