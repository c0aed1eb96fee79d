//! A real editor as the client: headless Neovim runs `tests/neovim/driver.lua`, which starts
//! `tactful-lsp` with Neovim's own LSP client, opens the bakery example, asks for the quick
//! fixes of its first jargon term and applies one. The driver only records what Neovim
//! received; the assertions are here.
//!
//! Needs `nvim` on PATH (Debian's 0.7.2 is enough); without it the test says so and passes.
#![allow(clippy::unwrap_used)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The whole Neovim run, server included, must finish within this.
const NVIM_TIMEOUT: Duration = Duration::from_secs(60);

/// Rules the example reply must trigger in the editor.
const EXPECTED_RULES: [&str; 3] = ["missing-acknowledgement", "jargon", "lecture-length"];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// How the server and Neovim count columns.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    fn from_lsp(name: &str) -> Encoding {
        match name {
            "utf-8" => Encoding::Utf8,
            "utf-16" => Encoding::Utf16,
            "utf-32" => Encoding::Utf32,
            other => panic!("Neovim uses an unknown offset encoding {other:?}"),
        }
    }

    /// The column of `prefix`'s end, in this encoding.
    fn column(self, prefix: &str) -> usize {
        match self {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
            Encoding::Utf32 => prefix.chars().count(),
        }
    }
}

/// A position: line and column, with the column in some encoding.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Pos {
    line: usize,
    col: usize,
}

/// The position of byte `offset` of `text`.
fn position_of(text: &str, offset: usize, encoding: Encoding) -> Pos {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line,
        col: encoding.column(&text[line_start..offset]),
    }
}

/// The byte offset of a position, or None if it is not inside `text` or splits a character.
fn offset_of(text: &str, pos: Pos, encoding: Encoding) -> Option<usize> {
    let line_start = if pos.line == 0 {
        0
    } else {
        text.match_indices('\n').nth(pos.line - 1)?.0 + 1
    };
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text[line_start..line_end];
    let mut col = 0;
    for (i, c) in line.char_indices() {
        if col == pos.col {
            return Some(line_start + i);
        }
        if col > pos.col {
            return None;
        }
        col += match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        };
    }
    (col == pos.col).then_some(line_end)
}

fn num(v: &Value) -> usize {
    let n = v
        .as_u64()
        .unwrap_or_else(|| panic!("expected a number, got {v}"));
    usize::try_from(n).unwrap()
}

/// The start and end of an LSP range as Neovim received it.
fn lsp_range(range: &Value) -> (Pos, Pos) {
    let pos = |p: &Value| Pos {
        line: num(&p["line"]),
        col: num(&p["character"]),
    };
    (pos(&range["start"]), pos(&range["end"]))
}

/// The start and end of a `vim.diagnostic` item (columns in bytes: Neovim's own).
fn vim_range(d: &Value) -> (Pos, Pos) {
    (
        Pos {
            line: num(&d["lnum"]),
            col: num(&d["col"]),
        },
        Pos {
            line: num(&d["end_lnum"]),
            col: num(&d["end_col"]),
        },
    )
}

/// The text a range covers, or None if the range is not inside `text`.
fn slice(text: &str, (start, end): (Pos, Pos), encoding: Encoding) -> Option<&str> {
    let s = offset_of(text, start, encoding)?;
    let e = offset_of(text, end, encoding)?;
    text.get(s..e)
}

/// The term a jargon message is about: `“PHP version” is jargon …` → `PHP version`.
fn quoted_term(message: &str) -> Option<&str> {
    message.strip_prefix('“')?.split_once('”').map(|(t, _)| t)
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Every jargon diagnostic covers the very term its message names, in both the raw LSP
/// ranges (negotiated encoding) and Neovim's converted ones (bytes).
fn assert_ranges_cover_terms(what: &str, text: &str, lsp: &Value, vim: &Value, enc: Encoding) {
    let lsp = lsp
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d, lsp_range(&d["range"]), enc));
    let vim = vim
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d, vim_range(d), Encoding::Utf8));
    let mut checked = 0;
    for (d, range, encoding) in lsp.chain(vim) {
        if d["code"] != "jargon" {
            continue;
        }
        let Some(term) = quoted_term(d["message"].as_str().unwrap()) else {
            continue;
        };
        assert_eq!(
            slice(text, range, encoding),
            Some(term),
            "{what}: a jargon diagnostic's range ({range:?}, {encoding:?} columns) does not \
             cover the term its message names\n{d:#}"
        );
        checked += 1;
    }
    assert!(checked > 0, "{what}: no jargon diagnostic was checked");
}

/// Runs Neovim on the drafts and returns the driver's record and how long it took.
fn run_neovim(nvim: &Path, dir: &Path, drafts: &[PathBuf]) -> (Value, Duration) {
    let out = dir.join("nvim-result.json");
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/neovim/driver.lua");
    let drafts = drafts
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let xdg = dir.join("xdg");
    let started = Instant::now();
    let mut child = Command::new(nvim)
        .args([
            "--headless",
            "--clean",
            "-n",
            "-c",
            "lua dofile(os.getenv('TACTFUL_NVIM_DRIVER'))",
        ])
        .current_dir(dir)
        .env("TACTFUL_NVIM_DRIVER", &driver)
        .env("TACTFUL_NVIM_SERVER", env!("CARGO_BIN_EXE_tactful-lsp"))
        .env("TACTFUL_NVIM_ROOT", dir)
        .env("TACTFUL_NVIM_DRAFTS", &drafts)
        .env("TACTFUL_NVIM_OUT", &out)
        // Keep Neovim's files (the LSP log among them) inside the temp dir.
        .env("XDG_CONFIG_HOME", xdg.join("config"))
        .env("XDG_DATA_HOME", xdg.join("data"))
        .env("XDG_CACHE_HOME", xdg.join("cache"))
        .env("XDG_STATE_HOME", xdg.join("state"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {}: {e}", nvim.display()));
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let status = wait_with_timeout(&mut child, NVIM_TIMEOUT);
    let elapsed = started.elapsed();
    let stdout = stdout.join().unwrap();
    let stderr = stderr.join().unwrap();
    let lsp_log = std::fs::read_to_string(xdg.join("cache/nvim/lsp.log")).unwrap_or_default();
    let record = std::fs::read_to_string(&out).ok();
    let context = format!(
        "--- nvim stderr:\n{stderr}\n--- nvim stdout:\n{stdout}\n--- Neovim's LSP log:\n{lsp_log}\n\
         --- driver record:\n{}",
        record.as_deref().unwrap_or("(none written)")
    );
    let Some(status) = status else {
        panic!("headless Neovim did not finish within {NVIM_TIMEOUT:?} and was killed\n{context}");
    };
    let Some(record) = record else {
        panic!("headless Neovim ({status}) wrote no record\n{context}");
    };
    let record: Value = serde_json::from_str(&record)
        .unwrap_or_else(|e| panic!("the driver's record is not JSON ({e})\n{context}"));
    if let Some(error) = record["error"].as_str() {
        panic!("the Neovim driver failed: {error}\n{context}");
    }
    for draft in record["drafts"].as_array().unwrap() {
        if let Some(error) = draft["error"].as_str() {
            panic!(
                "the Neovim driver failed on {}: {error}\n{context}",
                draft["path"]
            );
        }
    }
    assert!(
        status.success(),
        "headless Neovim exited with {status}\n{context}"
    );
    (record, elapsed)
}

fn drain(mut pipe: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The exit status, or None after killing the process when it runs past `timeout`.
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// What one draft's run must show: the first jargon term is where Rust finds it, and its
/// quick fix, applied by Neovim, replaces exactly that term.
fn check_fix(what: &str, text: &str, draft: &Value, enc: Encoding) {
    let before = &draft["before"];
    assert_ranges_cover_terms(
        &format!("{what}, as opened"),
        text,
        &before["lsp"],
        &before["vim"],
        enc,
    );

    // The first jargon diagnostic is at the first place the term is in the file.
    let target = &draft["target"];
    let term = quoted_term(target["message"].as_str().unwrap())
        .unwrap_or_else(|| panic!("{what}: a jargon message without a quoted term: {target:#}"));
    let start = text
        .find(term)
        .unwrap_or_else(|| panic!("{what}: the term {term:?} is not in the file"));
    let end = start + term.len();
    let expected = (position_of(text, start, enc), position_of(text, end, enc));
    assert_eq!(
        lsp_range(&target["range"]),
        expected,
        "{what}: the first jargon diagnostic ({term:?}) is not where the term is ({enc:?} columns)"
    );
    let bytes = (
        position_of(text, start, Encoding::Utf8),
        position_of(text, end, Encoding::Utf8),
    );
    let in_vim = before["vim"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "jargon" && d["message"] == target["message"])
        .unwrap_or_else(|| panic!("{what}: vim.diagnostic lacks the first jargon diagnostic"));
    assert_eq!(
        vim_range(in_vim),
        bytes,
        "{what}: Neovim placed the jargon diagnostic at other byte columns than the term's"
    );

    // The fix Neovim applied: one edit, on the term, replacing it.
    let applied = num(&draft["applied"]);
    let action = &draft["actions"][applied - 1];
    assert!(
        action["for_target"] == true && action["kind"] == "quickfix",
        "{what}: {action:#}"
    );
    let edits = action["edits"].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{what}: the quick fix {action:#}");
    assert_eq!(
        lsp_range(&edits[0]["range"]),
        expected,
        "{what}: the quick fix does not edit the term's range: {action:#}"
    );
    let replacement = edits[0]["newText"].as_str().unwrap();
    assert!(
        !replacement.is_empty() && !replacement.contains(term),
        "{what}: the quick fix does not replace {term:?}: {action:#}"
    );

    // The buffer after the fix: the term replaced in place, everything else untouched.
    let after: Vec<&str> = draft["lines_after"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let expected_text = format!("{}{replacement}{}", &text[..start], &text[end..]);
    let expected_lines: Vec<&str> = expected_text.lines().collect();
    assert_eq!(
        after, expected_lines,
        "{what}: the buffer after Neovim applied the fix is not the file with {term:?} replaced"
    );
    let line = expected.0.line;
    let col = bytes.0.col;
    assert!(
        after[line][col..].starts_with(replacement) && !after[line][col..].starts_with(term),
        "{what}: line {line} after the fix: {:?}",
        after[line]
    );

    // The server checked the edited buffer, and the term's finding there is gone.
    let after_diags = &draft["after"];
    assert!(
        num(&after_diags["version"]) > num(&before["version"]),
        "{what}: no diagnostics for the edited version: {after_diags:#}"
    );
    assert_eq!(
        num(&after_diags["version"]),
        num(&draft["edited_version"]),
        "{what}: the last diagnostics are not for the buffer's version"
    );
    // (A later use of the same term may now be its first one, and flagged as such.)
    let still = after_diags["lsp"].as_array().unwrap().iter().find(|d| {
        d["code"] == "jargon"
            && lsp_range(&d["range"]).0 == expected.0
            && d["message"].as_str().and_then(quoted_term) == Some(term)
    });
    assert!(
        still.is_none(),
        "{what}: the term is still flagged after the fix: {still:#?}"
    );
    assert_ranges_cover_terms(
        &format!("{what}, after the fix"),
        &expected_text,
        &after_diags["lsp"],
        &after_diags["vim"],
        enc,
    );
}

#[test]
fn neovim_shows_diagnostics_and_applies_a_quick_fix() {
    let Some(nvim) = find_on_path("nvim") else {
        eprintln!("SKIPPED: headless Neovim test: nvim is not installed (apt-get install neovim)");
        return;
    };
    let example = repo_root().join("examples/broke-my-website");
    let reply = std::fs::read_to_string(example.join("reply.md")).unwrap();
    let ticket = std::fs::read_to_string(example.join("ticket.md")).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("reply.md");
    std::fs::write(&draft, &reply).unwrap();
    std::fs::write(dir.path().join("reply.ticket.md"), &ticket).unwrap();

    // The same reply with characters that UTF-8, UTF-16 and Neovim's byte columns count
    // differently, before the first jargon term on its line.
    let accented_text = reply.replacen(
        "we upgraded the default",
        "(Zoë's café 🎂 day) we upgraded the default",
        1,
    );
    assert_ne!(
        accented_text, reply,
        "the example reply changed; update this test"
    );
    let accented = dir.path().join("accented.md");
    std::fs::write(&accented, &accented_text).unwrap();
    std::fs::write(dir.path().join("accented.ticket.md"), &ticket).unwrap();

    let (record, elapsed) = run_neovim(&nvim, dir.path(), &[draft, accented]);
    let version = record["nvim_version"].as_str().unwrap_or("?");
    eprintln!("headless Neovim {version} ran tactful-lsp in {elapsed:.2?}");

    // Initialization: the encoding the server chose is the one Neovim uses.
    let position_encoding = record["position_encoding"].as_str().unwrap();
    assert_eq!(
        record["offset_encoding"], position_encoding,
        "Neovim does not use the encoding the server negotiated"
    );
    let enc = Encoding::from_lsp(position_encoding);
    assert_eq!(record["server_info"]["name"], "tactful");
    assert!(
        record["shown"].as_array().unwrap().is_empty(),
        "the server showed messages to the user: {:#}",
        record["shown"]
    );

    let drafts = record["drafts"].as_array().unwrap();
    assert_eq!(drafts.len(), 2, "{record:#}");

    // The example reply, as Neovim received its diagnostics.
    let plain = &drafts[0];
    assert_eq!(plain["filetype"], "markdown");
    let lsp = &plain["before"]["lsp"];
    let vim = &plain["before"]["vim"];
    assert_eq!(
        lsp.as_array().unwrap().len(),
        vim.as_array().unwrap().len(),
        "vim.diagnostic does not hold every diagnostic the server published"
    );
    let vim_codes = codes(vim);
    for rule in EXPECTED_RULES {
        assert!(
            vim_codes.iter().any(|c| c == rule),
            "Neovim shows no `{rule}` diagnostic; it shows {vim_codes:?}"
        );
    }
    assert!(
        !vim_codes.iter().any(|c| c == "unanswered-question"),
        "the example reply answers all three questions, yet Neovim shows `unanswered-question`:\n{}",
        vim.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "unanswered-question")
            .map(|d| format!("{d:#}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        vim.as_array()
            .unwrap()
            .iter()
            .all(|d| d["source"] == "tactful"),
        "diagnostics without source `tactful`: {vim:#}"
    );
    // The sibling `reply.ticket.md` was found: the acknowledgement finding quotes it.
    let acknowledgement = vim
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "missing-acknowledgement")
        .unwrap();
    let message = acknowledgement["message"].as_str().unwrap();
    let quoted: Vec<&str> = message
        .split('“')
        .skip(1)
        .filter_map(|s| s.split_once('”').map(|(q, _)| q.trim_end_matches('…')))
        .collect();
    assert!(
        quoted.iter().any(|q| !q.is_empty() && ticket.contains(q)),
        "`missing-acknowledgement` quotes nothing from reply.ticket.md: {message}"
    );
    check_fix("reply.md", &reply, plain, enc);

    // The accented copy: the same, with columns that differ between encodings.
    let accented_run = &drafts[1];
    let target = lsp_range(&accented_run["target"]["range"]).0;
    let start = offset_of(&accented_text, target, enc).unwrap();
    assert_ne!(
        position_of(&accented_text, start, Encoding::Utf8).col,
        position_of(&accented_text, start, Encoding::Utf16).col,
        "accented.md: the first jargon term is not after the non-ASCII text"
    );
    check_fix("accented.md", &accented_text, accented_run, enc);

    // Neovim stopped the server (shutdown, exit), and it exited cleanly.
    assert_eq!(
        record["exit"]["code"], 0,
        "the server's exit after shutdown: {:#}",
        record["exit"]
    );
    assert_eq!(record["exit"]["signal"], 0);
}
