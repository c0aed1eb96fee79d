//! File conventions shared by every front end: which file is a ticket, and which ticket a
//! draft answers. Pure path arithmetic: the caller decides whether the files exist.

use std::path::{Path, PathBuf};

/// Whether a file holds a customer's message rather than a draft: `ticket.md`, or
/// `NAME.ticket.md` kept beside the draft `NAME.md` (`.txt` likewise).
pub fn is_ticket_file(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s == "ticket" || s.ends_with(".ticket"))
}

/// The files that may hold the ticket a draft answers, best first: the front matter's
/// `ticket` (relative to the draft), then `NAME.ticket.md` / `.txt` beside it, then the
/// folder's own `ticket.md` / `.txt` (one exchange per folder). A ticket has no ticket.
pub fn ticket_candidates(draft: &Path, declared: Option<&str>) -> Vec<PathBuf> {
    if is_ticket_file(draft) {
        return Vec::new();
    }
    let Some(dir) = draft.parent() else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = declared.map(|d| dir.join(d)).into_iter().collect();
    if let Some(stem) = draft.file_stem().and_then(|s| s.to_str()) {
        out.extend(
            ["md", "txt"]
                .iter()
                .map(|ext| dir.join(format!("{stem}.ticket.{ext}"))),
        );
    }
    out.extend(
        ["md", "txt"]
            .iter()
            .map(|ext| dir.join(format!("ticket.{ext}"))),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_and_their_candidates() {
        assert!(is_ticket_file(Path::new("a/reply.ticket.md")));
        assert!(is_ticket_file(Path::new("a/ticket.txt")));
        assert!(!is_ticket_file(Path::new("a/reply.md")));
        let c = ticket_candidates(Path::new("a/reply.md"), Some("t/7.md"));
        assert_eq!(c[0], Path::new("a/t/7.md"));
        assert_eq!(c[1], Path::new("a/reply.ticket.md"));
        assert_eq!(
            c.last().map(PathBuf::as_path),
            Some(Path::new("a/ticket.txt"))
        );
        assert!(ticket_candidates(Path::new("a/ticket.md"), None).is_empty());
    }
}
