//! The `tactful` binary: a thin shell over [`tactful::run`].

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// mimalloc instead of the system allocator. Compiling the packs' patterns at start-up makes
/// and frees hundreds of thousands of small blocks; with glibc's malloc those calls were a
/// third of start-up's instructions. (Its settings are in `.cargo/config.toml`.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let color = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // The streams are not locked for the whole run: `tactful lsp` hands stdin and stdout to the
    // language server's own reader and writer threads.
    let mut stdin = std::io::stdin();
    let mut stdout = std::io::BufWriter::new(std::io::stdout());
    let mut stderr = std::io::stderr();
    let code = {
        let mut io = tactful::Io {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
            terminal_color: color,
        };
        tactful::run(args, &mut io)
    };
    // A closed pipe (`tactful check … | head`) is not an error worth reporting.
    let _ = stdout.flush();
    ExitCode::from(code)
}
