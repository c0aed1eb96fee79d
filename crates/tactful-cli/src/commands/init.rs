//! `tactful init`: write a commented default `tactful.toml`.

use std::fmt::Write as _;
use std::path::Path;

use tactful_core::rules::{OptionKind, RULES};

use crate::{EXIT_OK, EXIT_TROUBLE, Io};

/// The default config, with every key commented out at its default and explained.
pub(crate) fn default_config() -> String {
    let mut s = String::from(
        "# tactful.toml: every key is optional; the values shown commented out are the defaults.\n\
         # tactful looks for this file in the checked file's folder and its parents.\n\n\
         # Who reads the replies: novice | general | technical.\n\
         # audience = \"general\"\n\n\
         # reply: a draft about to be sent (an unfilled placeholder is an error).\n\
         # template: canned responses and macros (placeholders are expected).\n\
         # mode = \"reply\"\n\n\
         # Globs skipped when checking a directory, beside .gitignore and .tactfulignore.\n\
         # exclude = [\"drafts/**\"]\n\n\
         # Extra rule packs (TOML, same format as tactful's rules/), relative to this file.\n\
         # A pack with the same [pack] id as a built-in one replaces it.\n\
         # packs = [\"rules/our-product.toml\"]\n\n\
         [rules]\n\
         # Each rule: off | hint | info | warning | error, or a table with `severity` and options.\n",
    );
    for rule in RULES {
        let m = rule.meta();
        let _ = writeln!(s, "\n# {}: {}", m.id, m.summary);
        if m.options.is_empty() {
            let _ = writeln!(s, "# {} = \"{}\"", m.id, m.default_severity.name());
        } else {
            let options: Vec<String> = m
                .options
                .iter()
                .map(|o| match o.kind {
                    OptionKind::Bool => format!("{} = {}", o.key, o.default != 0.0),
                    OptionKind::Number { .. } => format!("{} = {:?}", o.key, o.default),
                })
                .collect();
            for o in m.options {
                let _ = writeln!(s, "#   {}: {}", o.key, o.doc);
            }
            let _ = writeln!(
                s,
                "# {} = {{ severity = \"{}\", {} }}",
                m.id,
                m.default_severity.name(),
                options.join(", ")
            );
        }
    }
    s.push_str(
        "\n[jargon]\n\
         # Terms never flagged as jargon (your product names, terms your customers know).\n\
         # allow = [\"WordPress\", \"WooCommerce\"]\n\n\
         # Settings for some files only; globs are relative to this file.\n\
         # [[overrides]]\n\
         # files = [\"internal/**\"]\n\
         # audience = \"technical\"\n",
    );
    s
}

pub(crate) fn run(path: Option<&Path>, force: bool, io: &mut Io<'_>) -> anyhow::Result<u8> {
    let path = path.unwrap_or(Path::new("tactful.toml"));
    if path.exists() && !force {
        writeln!(
            io.stderr,
            "error: {} already exists; tactful left it as it is (use --force to overwrite it)",
            path.display()
        )?;
        return Ok(EXIT_TROUBLE);
    }
    if let Some(parent) = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty() && !p.is_dir())
    {
        writeln!(
            io.stderr,
            "error: cannot write {}: the folder {} does not exist; create it first, or give \
             another path",
            path.display(),
            parent.display()
        )?;
        return Ok(EXIT_TROUBLE);
    }
    if let Err(err) = std::fs::write(path, default_config()) {
        writeln!(io.stderr, "error: cannot write {}: {err}", path.display())?;
        return Ok(EXIT_TROUBLE);
    }
    writeln!(
        io.stdout,
        "Wrote {}: every key is commented out at its default.",
        path.display()
    )?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_config_parses_and_uncommented_is_valid() {
        let text = super::default_config();
        assert!(tactful_core::Config::parse(&text, "tactful.toml").is_ok());
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ") || r.starts_with('['))
                    .unwrap_or(l)
            })
            .map(|l| {
                if l.starts_with("#   ") || l.starts_with("# ") && !l.contains(" = ") {
                    ""
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let parsed = tactful_core::Config::parse(&uncommented, "tactful.toml");
        assert!(parsed.is_ok(), "{parsed:?}\n{uncommented}");
    }
}
