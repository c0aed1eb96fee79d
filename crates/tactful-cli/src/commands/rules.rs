//! `tactful rules` and `tactful explain`.

use tactful_core::rules::{self, RULES};

use crate::{EXIT_OK, EXIT_TROUBLE, Io};

pub(crate) fn list(io: &mut Io<'_>) -> anyhow::Result<u8> {
    let width = RULES.iter().map(|r| r.meta().id.len()).max().unwrap_or(0);
    for rule in RULES {
        let m = rule.meta();
        writeln!(
            io.stdout,
            "{:width$}  {:7}  {}",
            m.id,
            m.default_severity.name(),
            m.summary
        )?;
    }
    writeln!(
        io.stdout,
        "\nRun `tactful explain RULE` for what a rule flags, why it matters and how it decides."
    )?;
    Ok(EXIT_OK)
}

pub(crate) fn explain(id: &str, io: &mut Io<'_>) -> anyhow::Result<u8> {
    let Some(meta) = rules::meta(id).or_else(|| rules::redirect(id).and_then(rules::meta)) else {
        writeln!(
            io.stderr,
            "error: there is no rule called `{id}`\n  valid: {}",
            rules::ids().join(", ")
        )?;
        return Ok(EXIT_TROUBLE);
    };
    writeln!(
        io.stdout,
        "# {}\n\n{}\n\nDefault severity: {}.",
        meta.id,
        meta.summary,
        meta.default_severity.name()
    )?;
    writeln!(io.stdout, "\n{}", meta.docs.trim_end())?;
    Ok(EXIT_OK)
}
