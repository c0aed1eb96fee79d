//! `tactful-lsp`: the tactful language server over stdio.

use std::process::ExitCode;

/// mimalloc instead of the system allocator, as in the `tactful` binary: compiling the packs'
/// patterns, which the first diagnostics wait for, makes and frees hundreds of thousands of
/// small blocks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("--version" | "-V") => {
            println!("tactful-lsp {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some("--help" | "-h") => {
            println!(
                "tactful-lsp {}: the tactful language server.\n\nIt speaks the Language Server Protocol over stdin and stdout; start it from your editor\n(set-ups for VS Code, Neovim, Helix, Emacs and Zed are in the repository's editors/ folder).\nIt takes no arguments. `tactful lsp` runs the same server.",
                env!("CARGO_PKG_VERSION")
            );
            return ExitCode::SUCCESS;
        }
        _ => {}
    }
    match tactful_lsp::run_stdio() {
        Ok(ending) => ExitCode::from(ending.exit_status()),
        Err(err) => {
            eprintln!("tactful-lsp: {err:#}");
            ExitCode::FAILURE
        }
    }
}
