//! `tactful-lsp`: the tactful language server over stdio.

use std::process::ExitCode;

fn main() -> ExitCode {
    match tactful_lsp::run_stdio() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("tactful-lsp: {err:#}");
            ExitCode::FAILURE
        }
    }
}
