//! Finding the customer's message quoted inside a draft, email style.
//!
//! Support engineers often write their reply above (top-posting) or below (bottom-posting) the
//! customer's message, quoted with `> ` and introduced by a line such as
//! "On Tue, 3 Mar 2026 at 09:12, Dana <dana@example.com> wrote:". Outlook's
//! "-----Original Message-----" divider is understood too. A quote in the middle of a draft with
//! no attribution line (a quoted help-centre passage, say) is left as part of the draft.

use crate::text::TextRange;

/// Where the quoted ticket is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Quote {
    /// The quoted customer's message, line ranges in order.
    pub(crate) ticket: Vec<TextRange>,
    /// Everything the draft view must not show: the ticket and its attribution lines.
    pub(crate) hidden_from_draft: Vec<TextRange>,
    /// Quote markers (`> `) and mail headers, hidden from both views.
    pub(crate) markers: Vec<TextRange>,
}

struct Line<'a> {
    range: TextRange,
    text: &'a str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let content = raw.trim_end_matches(['\n', '\r']);
        out.push(Line {
            range: TextRange::new(offset, offset + content.len()),
            text: content,
        });
        offset += raw.len();
    }
    out
}

/// Length of the quote marker at the start of a line (`>`, `> >`, `>>` with up to three spaces
/// of indentation), or `None` when the line is not quoted.
fn quote_marker(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 || !line[indent..].starts_with('>') {
        return None;
    }
    let mut end = indent;
    let bytes = line.as_bytes();
    while end < bytes.len() && (bytes[end] == b'>' || bytes[end] == b' ' || bytes[end] == b'\t') {
        end += 1;
    }
    Some(end)
}

fn is_attribution(line: &str) -> bool {
    let t = line.trim();
    (t.ends_with("wrote:") || t.ends_with("writes:")) && t.len() < 240
}

fn is_divider(line: &str) -> bool {
    let t = line.trim();
    t.eq_ignore_ascii_case("-----Original Message-----")
        || (t.len() >= 10 && t.bytes().all(|b| b == b'_'))
}

fn is_mail_header(line: &str) -> bool {
    ["From:", "Sent:", "To:", "Cc:", "Subject:", "Date:"]
        .iter()
        .any(|h| line.trim_start().starts_with(h))
}

/// Finds the quoted customer message, if the text has one.
pub(crate) fn find_quoted_ticket(text: &str, front_matter: Option<TextRange>) -> Option<Quote> {
    // A quote needs a `>` marker or a divider line: most drafts have neither, and splitting
    // them into lines would be wasted.
    if !text.contains('>') && !text.contains("-----") && !text.contains("__________") {
        return None;
    }
    let lines = lines(text);
    let skip_until = front_matter.map_or(0, |r| r.end);
    let body: Vec<&Line<'_>> = lines
        .iter()
        .filter(|l| l.range.start >= skip_until)
        .collect();

    if let Some(quote) = outlook_divider(&body) {
        return Some(quote);
    }

    // Group quoted lines into blocks; blank lines between quoted lines belong to the block.
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        if quote_marker(body[i].text).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i + 1;
        while j < body.len() {
            if quote_marker(body[j].text).is_some() {
                end = j;
            } else if !body[j].text.trim().is_empty() {
                break;
            }
            j += 1;
        }
        blocks.push((start, end));
        i = end + 1;
    }
    if blocks.is_empty() {
        return None;
    }

    let first_content = body.iter().position(|l| !l.text.trim().is_empty())?;
    let last_content = body.iter().rposition(|l| !l.text.trim().is_empty())?;
    let attribution_before = |start: usize| -> Option<(usize, usize)> {
        // The attribution is the nearest non-blank line above, possibly wrapped over two lines.
        let above = (0..start)
            .rev()
            .find(|&k| !body[k].text.trim().is_empty())?;
        if !is_attribution(body[above].text) {
            return None;
        }
        let from = match (0..above).rev().find(|&k| !body[k].text.trim().is_empty()) {
            Some(k)
                if above == k + 1
                    && body[k].text.trim_start().starts_with("On ")
                    && !body[above].text.trim_start().starts_with("On ") =>
            {
                k
            }
            _ => above,
        };
        Some((from, above))
    };

    let mut quote = Quote::default();
    let any_at_top = blocks.first().is_some_and(|&(s, _)| {
        s == first_content || attribution_before(s).is_some_and(|(from, _)| from == first_content)
    });
    for &(start, end) in &blocks {
        let attribution = attribution_before(start);
        let qualifies = any_at_top || attribution.is_some() || end == last_content;
        if !qualifies {
            continue;
        }
        if let Some((from, to)) = attribution {
            quote
                .hidden_from_draft
                .push(body[from].range.cover(body[to].range));
        }
        let range = body[start].range.cover(body[end].range);
        quote.ticket.push(range);
        quote.hidden_from_draft.push(range);
        for line in &body[start..=end] {
            if let Some(len) = quote_marker(line.text) {
                quote
                    .markers
                    .push(TextRange::new(line.range.start, line.range.start + len));
            }
        }
    }
    if quote.ticket.is_empty() {
        None
    } else {
        Some(quote)
    }
}

/// Outlook style: everything after "-----Original Message-----" is the customer's message, and
/// the From:/Sent:/To:/Subject: header lines right after the divider are hidden.
fn outlook_divider(body: &[&Line<'_>]) -> Option<Quote> {
    let at = body.iter().position(|l| is_divider(l.text))?;
    let rest = &body[at + 1..];
    if !rest.iter().take(3).any(|l| is_mail_header(l.text)) {
        return None;
    }
    let last = body.last()?;
    let mut quote = Quote::default();
    let range = TextRange::new(body[at].range.start, last.range.end);
    quote.hidden_from_draft.push(range);
    quote.markers.push(body[at].range);
    quote.markers.extend(
        rest.iter()
            .take_while(|l| is_mail_header(l.text) || l.text.trim().is_empty())
            .map(|l| l.range),
    );
    quote.ticket.push(range);
    Some(quote)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket_text(text: &str) -> Vec<&str> {
        find_quoted_ticket(text, None)
            .map(|q| q.ticket.iter().map(|r| r.slice(text)).collect())
            .unwrap_or_default()
    }

    #[test]
    fn top_posted_reply_with_attribution() {
        let text = "Hi Dana,\n\nYes, you can.\n\nOn Tue, 3 Mar 2026 at 09:12, Dana <d@example.com> wrote:\n> Can I export?\n>\n> Thanks";
        assert_eq!(ticket_text(text), ["> Can I export?\n>\n> Thanks"]);
        let q = find_quoted_ticket(text, None).unwrap_or_default();
        assert_eq!(q.hidden_from_draft.len(), 2);
    }

    #[test]
    fn bottom_posted_without_attribution() {
        let text = "> My card is blocked.\n> What now?\n\nHello Søren,\n\nI unblocked it.";
        assert_eq!(ticket_text(text), ["> My card is blocked.\n> What now?"]);
    }

    #[test]
    fn mid_draft_quote_is_part_of_the_draft() {
        let text = "Hi,\n\nOur guide says:\n\n> Restart the router.\n\nThat should fix it.";
        assert!(ticket_text(text).is_empty());
    }

    #[test]
    fn wrapped_attribution_and_crlf() {
        let text = "Thanks!\r\n\r\nOn Tue, 3 Mar 2026 at 09:12, Dana Whitfield\r\n<dana@example.com> wrote:\r\n> Is it down?\r\n";
        let q = find_quoted_ticket(text, None).unwrap_or_default();
        assert_eq!(q.ticket.len(), 1);
        assert!(q.hidden_from_draft[0].slice(text).starts_with("On Tue"));
    }

    #[test]
    fn outlook_original_message() {
        let text = "Done.\n\n-----Original Message-----\nFrom: A\nSent: today\nSubject: x\n\nWhere is my refund?";
        let q = find_quoted_ticket(text, None).unwrap_or_default();
        assert_eq!(q.ticket.len(), 1);
        assert!(q.ticket[0].slice(text).ends_with("refund?"));
    }
}
