//! End-to-end tests for tactful. The tests live beside this crate: `fixtures.rs` runs every
//! ticket/draft pair under `fixtures/` and `../examples/` through the CLI, `canned.rs` the
//! canned-responses repository, `corpus.rs` real articles, `eval.rs` the accuracy floors.
//! This library holds what they share.

use std::path::Path;
use std::sync::Mutex;

/// The working directory is process-wide: runs in one test binary take turns.
static CWD: Mutex<()> = Mutex::new(());

/// Runs the CLI in process from `dir` with `args`; returns (exit code, stdout, stderr).
///
/// # Panics
///
/// When `dir` cannot be entered or the output is not UTF-8 (a test failure either way).
pub fn run_in(dir: &Path, args: &[&str]) -> (u8, String, String) {
    let _guard = CWD
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let previous = std::env::current_dir().unwrap_or_else(|e| panic!("no current directory: {e}"));
    std::env::set_current_dir(dir)
        .unwrap_or_else(|e| panic!("cannot enter {}: {e}", dir.display()));
    let mut argv = vec!["tactful".into()];
    argv.extend(args.iter().map(std::ffi::OsString::from));
    let mut stdin: &[u8] = &[];
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let code = tactful::run(
        argv,
        &mut tactful::Io {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            terminal_color: false,
        },
    );
    std::env::set_current_dir(previous).unwrap_or_else(|e| panic!("cannot go back: {e}"));
    let text = |bytes: Vec<u8>| {
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("output is not UTF-8: {e}"))
    };
    (code, text(stdout), text(stderr))
}
