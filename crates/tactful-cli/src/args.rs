//! Command-line arguments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// tactful: a linter for draft customer-support replies.
///
/// It points at what will leave the customer confused or unheard: jargon, questions left
/// unanswered, a missing acknowledgement of their situation, and replies that lecture.
#[derive(Debug, Parser)]
#[command(name = "tactful", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check drafts: files, directories of canned responses, or `-` for stdin.
    Check(CheckArgs),
    /// List every rule with its default severity.
    Rules,
    /// Explain a rule: what it flags, why it matters, how it decides, an example.
    Explain {
        /// The rule id, such as `unanswered-question`.
        rule: String,
    },
    /// Score the checks against a labelled set (folders of ticket.md, reply.md, labels.toml).
    Eval {
        /// The folder of cases, such as tests/eval.
        dir: PathBuf,
        /// Also list every case where a check and its label disagree.
        #[arg(long)]
        verbose: bool,
    },
    /// Run the language server over stdio (the same server as `tactful-lsp`).
    Lsp,
    /// Write a commented default tactful.toml.
    Init {
        /// Where to write it (default: ./tactful.toml).
        path: Option<PathBuf>,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Snippets with notes and help, for people.
    Human,
    /// The JSON contract (version 1), for tools.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions annotations (`::warning file=…`) on the changed lines.
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ModeArg {
    /// A draft about to be sent: placeholders are errors.
    Reply,
    /// Canned responses: placeholders are expected.
    Template,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AudienceArg {
    /// Not comfortable with computers.
    Novice,
    /// The general public.
    General,
    /// Developers and IT staff.
    Technical,
}

#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// Drafts to check: files, directories, or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,
    /// The customer's message the draft answers (otherwise a quoted message in the draft, or a
    /// sibling NAME.ticket.md, is used).
    #[arg(long, value_name = "FILE")]
    pub(crate) ticket: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// reply (default) or template; overrides the config.
    #[arg(long, value_enum)]
    pub(crate) mode: Option<ModeArg>,
    /// Who reads the reply; overrides the config.
    #[arg(long, value_enum)]
    pub(crate) audience: Option<AudienceArg>,
    /// Use this config file instead of looking for tactful.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub(crate) config: Option<PathBuf>,
    /// Ignore every tactful.toml: defaults only.
    #[arg(long)]
    pub(crate) isolated: bool,
    /// Show why each decision was made: each question's matched words and score, the
    /// acknowledgement cues found.
    #[arg(long)]
    pub(crate) explain_findings: bool,
    /// Also print a table of findings per rule and per file.
    #[arg(long)]
    pub(crate) summary: bool,
    /// Exit 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub(crate) max_warnings: Option<usize>,
    /// Exit 1 on any warning.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Only check files matching these globs when walking a directory (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub(crate) include: Vec<String>,
    /// Skip files matching these globs when walking a directory (repeatable), beside the config's `exclude`.
    #[arg(long, value_name = "GLOB")]
    pub(crate) exclude: Vec<String>,
    /// Record today's findings in FILE, so later runs with --baseline show only new ones.
    #[arg(long, value_name = "FILE")]
    pub(crate) write_baseline: Option<PathBuf>,
    /// Report only findings that are not in this baseline (written by --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(crate) color: ColorChoice,
}
