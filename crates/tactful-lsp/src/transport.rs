//! The stdio transport: LSP frames in on stdin, out on stdout.
//!
//! `lsp_server`'s own stdio transport stops the server at the first malformed frame and trusts
//! `Content-Length` to size its buffer, so one bogus length aborts the process. This one trusts
//! nothing the client sends: a frame that is not JSON, or not a JSON-RPC message, is skipped
//! (answered with an error when it carries a request id); bytes that are not a header are
//! skipped up to the next header; a length over [`MAX_MESSAGE`] is read past, never allocated.
//! Every problem is reported on stderr, and to the client as a log message once it has asked
//! to initialize. Reading ends at end of input or after the `exit` notification.

use std::io::{self, BufRead, Read};
use std::thread::JoinHandle;

use crossbeam_channel::Sender;
use lsp_server::{Connection, ErrorCode, Message, Notification, RequestId, Response};
use lsp_types::notification::{LogMessage, Notification as _};
use lsp_types::{LogMessageParams, MessageType};
use serde_json::Value;

/// The largest message accepted. Editors send a document's whole text when it opens, so
/// this is far above any draft, and far below what would exhaust memory.
pub(crate) const MAX_MESSAGE: usize = 256 << 20;

/// The longest header line; a longer line is not a header.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// The reader and writer threads.
pub(crate) struct IoThreads {
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl IoThreads {
    /// Waits for both threads (the reader has stopped once the server loop has returned; the
    /// writer stops once everything queued is written).
    pub(crate) fn join(self) {
        let _ = self.reader.join();
        let _ = self.writer.join();
    }
}

/// A connection over this process's stdin and stdout.
pub(crate) fn stdio() -> io::Result<(Connection, IoThreads)> {
    let (to_client, outgoing) = crossbeam_channel::bounded::<Message>(0);
    let (incoming, from_client) = crossbeam_channel::bounded::<Message>(0);
    let writer = std::thread::Builder::new()
        .name("tactful-lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            for message in outgoing {
                // The client closed its end: nothing more can be said to it.
                if message.write(&mut out).is_err() {
                    return;
                }
            }
        })?;
    let replies = to_client.clone();
    let reader = std::thread::Builder::new()
        .name("tactful-lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            read_loop(&mut stdin.lock(), &incoming, &replies);
        })?;
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    Ok((connection, IoThreads { reader, writer }))
}

/// Reads messages and hands them to the server until the input ends or the client says exit.
fn read_loop(input: &mut impl BufRead, server: &Sender<Message>, client: &Sender<Message>) {
    // Log messages may go to the client only once it has asked to initialize.
    let mut initializing = false;
    let report = |problem: String, initializing: bool| {
        eprintln!("tactful-lsp: {problem}");
        if initializing {
            let _ = client.send(
                Notification::new(
                    LogMessage::METHOD.into(),
                    LogMessageParams {
                        typ: MessageType::ERROR,
                        message: problem,
                    },
                )
                .into(),
            );
        }
    };
    loop {
        let body = match read_frame(input, &mut |p| report(p, initializing)) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(err) => {
                report(
                    format!("reading from the client failed: {err}"),
                    initializing,
                );
                return;
            }
        };
        match decode(&body) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if matches!(&message, Message::Request(r) if r.method == "initialize") {
                    initializing = true;
                }
                if server.send(message).is_err() || exit {
                    return;
                }
            }
            Err(Undecodable { problem, id }) => {
                if let Some(id) = id {
                    let _ = client.send(
                        Response::new_err(id, ErrorCode::InvalidRequest as i32, problem.clone())
                            .into(),
                    );
                }
                report(problem, initializing);
            }
        }
    }
}

/// A frame whose body is not a message.
struct Undecodable {
    problem: String,
    /// The request id, when the body is JSON with one.
    id: Option<RequestId>,
}

fn decode(body: &[u8]) -> Result<Message, Undecodable> {
    let value: Value = serde_json::from_slice(body).map_err(|e| Undecodable {
        problem: format!("skipped a message that is not JSON ({e})"),
        id: None,
    })?;
    let id = match value.get("id") {
        Some(Value::Number(n)) => n
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
            .map(RequestId::from),
        Some(Value::String(s)) => Some(RequestId::from(s.clone())),
        _ => None,
    };
    serde_json::from_value::<Message>(value).map_err(|e| Undecodable {
        problem: format!(
            "skipped a message that is not a JSON-RPC request, notification or response ({e})"
        ),
        id,
    })
}

/// How a block of header lines ended.
enum HeaderEnd {
    /// The blank line before a body.
    Blank,
    /// The end of input.
    Eof,
}

/// Reads the next frame's body, skipping (and reporting) whatever is not a well-formed frame.
/// `None` at the end of input.
fn read_frame(
    input: &mut impl BufRead,
    report: &mut impl FnMut(String),
) -> io::Result<Option<Vec<u8>>> {
    let mut skipped = 0usize;
    let mut line = Vec::new();
    loop {
        let mut length: Option<Result<usize, String>> = None;
        let mut header_bytes = 0usize;
        let end = loop {
            line.clear();
            let n = input
                .by_ref()
                .take(MAX_HEADER_LINE)
                .read_until(b'\n', &mut line)?;
            if n == 0 {
                break HeaderEnd::Eof;
            }
            if !line.ends_with(b"\n") {
                // Longer than any header (or the last bytes of the input): not a header.
                skipped += header_bytes + n;
                header_bytes = 0;
                length = None;
                continue;
            }
            let text = line.strip_suffix(b"\n").unwrap_or(&line);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            if text.is_empty() {
                if header_bytes == 0 {
                    skipped += n;
                    continue;
                }
                break HeaderEnd::Blank;
            }
            match header(text) {
                Some((name, value)) => {
                    header_bytes += n;
                    if name.eq_ignore_ascii_case(b"content-length") {
                        length = Some(parse_length(value));
                    }
                }
                None => {
                    skipped += header_bytes + n;
                    header_bytes = 0;
                    length = None;
                }
            }
        };
        if skipped > 0 {
            report(format!(
                "skipped {skipped} bytes from the client that were not a message header"
            ));
            skipped = 0;
        }
        if let HeaderEnd::Eof = end {
            if header_bytes > 0 {
                report("the input ended inside a message header".into());
            }
            return Ok(None);
        }
        match length {
            None => report(
                "skipped a message without a Content-Length header (its body, if any, is skipped as it is read)"
                    .into(),
            ),
            Some(Err(value)) => report(format!(
                "skipped a message whose Content-Length is not a byte count: {value:?}"
            )),
            Some(Ok(n)) if n > MAX_MESSAGE => {
                let passed = io::copy(&mut input.by_ref().take(n as u64), &mut io::sink())?;
                report(format!(
                    "skipped a message of {n} bytes, over the limit of {} MiB",
                    MAX_MESSAGE >> 20
                ));
                if passed < n as u64 {
                    return Ok(None);
                }
            }
            Some(Ok(n)) => {
                // Grown as the bytes arrive, not sized from the header up front.
                let mut body = Vec::with_capacity(n.min(1 << 20));
                input.by_ref().take(n as u64).read_to_end(&mut body)?;
                if body.len() < n {
                    report(format!(
                        "the input ended {} bytes into a message of {n} bytes",
                        body.len()
                    ));
                    return Ok(None);
                }
                return Ok(Some(body));
            }
        }
    }
}

/// `Name: value` with a name of letters, digits and dashes.
fn header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = line.iter().position(|&b| b == b':')?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    let token = !name.is_empty() && name.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-');
    token.then_some((name, value))
}

fn parse_length(value: &[u8]) -> Result<usize, String> {
    let text = String::from_utf8_lossy(value);
    let text = text.trim();
    match text.parse::<usize>() {
        Ok(n) if text.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(text.chars().take(40).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the reader over `bytes`; returns what reached the server and what went back.
    fn read(bytes: &[u8]) -> (Vec<Message>, Vec<Message>) {
        let (server_tx, server_rx) = crossbeam_channel::unbounded();
        let (client_tx, client_rx) = crossbeam_channel::unbounded();
        let mut input = bytes;
        read_loop(&mut input, &server_tx, &client_tx);
        (
            server_rx.try_iter().collect(),
            client_rx.try_iter().collect(),
        )
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const INIT: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#;
    const HOVER: &str = r#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{}}"#;

    fn methods(messages: &[Message]) -> Vec<String> {
        messages
            .iter()
            .map(|m| match m {
                Message::Request(r) => r.method.clone(),
                Message::Notification(n) => n.method.clone(),
                Message::Response(r) => format!("response {:?}", r.id),
            })
            .collect()
    }

    #[test]
    fn good_frames_pass_through_and_exit_ends_reading() {
        let exit = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let input = format!(
            "{}{}{}{}",
            frame(INIT),
            frame(HOVER),
            frame(exit),
            frame(HOVER)
        );
        let (server, client) = read(input.as_bytes());
        assert_eq!(
            methods(&server),
            ["initialize", "textDocument/hover", "exit"]
        );
        assert!(client.is_empty());
    }

    #[test]
    fn garbage_between_frames_is_skipped() {
        let input = format!(
            "hello\r\n\r\n\x00\x01\x02 not a header\n{}{}\r\n{}",
            frame(INIT),
            "x".repeat(100_000),
            frame(HOVER)
        );
        let (server, client) = read(input.as_bytes());
        assert_eq!(methods(&server), ["initialize", "textDocument/hover"]);
        // The garbage after initialize is reported to the client too.
        assert_eq!(methods(&client), ["window/logMessage"]);
    }

    #[test]
    fn bad_lengths_are_skipped_without_allocating_them() {
        for length in [
            "99999999999999",
            "18446744073709551615",
            "99999999999999999999999",
            "-5",
            "ten",
            "",
        ] {
            let input = format!("Content-Length: {length}\r\n\r\n{{}}\r\n{}", frame(HOVER));
            let (server, _) = read(input.as_bytes());
            // A huge length swallows the rest of the input (it is read past, not stored);
            // an unreadable one is skipped and the next frame read.
            let huge = length
                .parse::<u128>()
                .is_ok_and(|n| n > MAX_MESSAGE as u128)
                && length.parse::<usize>().is_ok();
            if huge {
                assert!(server.is_empty(), "{length}");
            } else {
                assert_eq!(methods(&server), ["textDocument/hover"], "{length}");
            }
        }
        // A length longer than what follows: the input ends inside the body.
        let (server, _) = read(b"Content-Length: 50\r\n\r\n{}");
        assert!(server.is_empty());
    }

    #[test]
    fn frames_that_are_not_messages_are_skipped_and_requests_answered() {
        let input = format!(
            "{}{}{}{}{}",
            frame(INIT),
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            frame(r#"[1, 2, 3]"#),
            frame(HOVER)
        );
        let (server, client) = read(input.as_bytes());
        assert_eq!(methods(&server), ["initialize", "textDocument/hover"]);
        let answered: Vec<&Response> = client
            .iter()
            .filter_map(|m| match m {
                Message::Response(r) => Some(r),
                _ => None,
            })
            .collect();
        assert_eq!(answered.len(), 1);
        assert_eq!(answered[0].id, RequestId::from(7));
        assert_eq!(
            answered[0].response_result.as_ref().err().map(|e| e.code),
            Some(ErrorCode::InvalidRequest as i32)
        );
    }

    #[test]
    fn nothing_is_sent_to_the_client_before_it_asks_to_initialize() {
        let input = format!("garbage\r\n{}", frame("{not json"));
        let (server, client) = read(input.as_bytes());
        assert!(server.is_empty() && client.is_empty());
    }
}
