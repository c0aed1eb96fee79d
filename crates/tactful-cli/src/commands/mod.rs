//! One module per subcommand.

pub(crate) mod check;
pub(crate) mod eval;
pub(crate) mod init;
pub(crate) mod rules;
