//! The tactful command line: `check`, `rules`, `explain`, `init`, `lsp`.
//!
//! [`run`] takes the arguments and the three streams and returns the exit code, so tests can
//! drive the whole CLI in process. Exit codes: 0 nothing at error level, 1 at least one
//! error-level finding, 2 a usage, I/O or configuration problem.
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod args;
mod baseline;
mod commands;
mod fingerprint;
mod inputs;
mod render;

use std::ffi::OsString;
use std::io::{Read, Write};

use clap::Parser;

/// Nothing at error level.
pub const EXIT_OK: u8 = 0;
/// At least one error-level finding.
pub const EXIT_FINDINGS: u8 = 1;
/// Usage, I/O or configuration error.
pub const EXIT_TROUBLE: u8 = 2;

/// The streams a run reads and writes.
pub struct Io<'a> {
    /// Standard input (for `tactful check -`).
    pub stdin: &'a mut dyn Read,
    /// Standard output: findings and reports.
    pub stdout: &'a mut dyn Write,
    /// Standard error: problems with the run itself.
    pub stderr: &'a mut dyn Write,
    /// Whether stdout is a terminal that wants colour (and `NO_COLOR` is unset).
    pub terminal_color: bool,
}

/// Runs the CLI and returns the process exit code.
pub fn run(args: Vec<OsString>, io: &mut Io<'_>) -> u8 {
    let cli = match args::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let code = match err.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    EXIT_OK
                }
                _ => EXIT_TROUBLE,
            };
            let out: &mut dyn Write = if code == EXIT_OK {
                io.stdout
            } else {
                io.stderr
            };
            let _ = write!(out, "{}", err.render());
            return code;
        }
    };
    let result = match cli.command {
        args::Command::Check(check) => commands::check::run(&check, io),
        args::Command::Rules => commands::rules::list(io),
        args::Command::Explain { rule } => commands::rules::explain(&rule, io),
        args::Command::Init { path, force } => commands::init::run(path.as_deref(), force, io),
        args::Command::Eval { dir, verbose } => commands::eval::run(&dir, verbose, io),
        args::Command::Lsp => tactful_lsp::run_stdio().map(tactful_lsp::Ending::exit_status),
    };
    match result {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => EXIT_OK,
        Err(err) => {
            let _ = writeln!(io.stderr, "error: {err:#}");
            EXIT_TROUBLE
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
