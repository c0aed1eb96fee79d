//! Configuration: `tactful.toml` parsed strictly, then resolved into [`Settings`] per file.
//!
//! `Options` mirror the file (every key optional, unknown keys rejected); [`Config::parse`]
//! validates them against the rule registry; [`Config::settings_for`] applies the per-glob
//! overrides for one file and fills in defaults. The core reads no files: the caller finds the
//! config (nearest `tactful.toml` upward, or `--config`) and hands its text here.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::rules::{self, OptionKind};

/// Who will read the reply.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Not comfortable with computers: flag even everyday technical words.
    Novice,
    /// The general public (the default).
    #[default]
    General,
    /// Developers and IT staff: flag only specialised terms.
    Technical,
}

impl Audience {
    /// The name used in config files.
    pub fn name(self) -> &'static str {
        match self {
            Audience::Novice => "novice",
            Audience::General => "general",
            Audience::Technical => "technical",
        }
    }
}

/// What is being checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A draft about to be sent: an unfilled placeholder is an error (the CLI's default).
    #[default]
    Reply,
    /// A canned response: placeholders are expected.
    Template,
}

impl Mode {
    /// The name used in config files.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Reply => "reply",
            Mode::Template => "template",
        }
    }
}

/// A rule's level: a severity, or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The rule does not run.
    Off,
    /// The rule reports at this severity.
    On(Severity),
}

/// A value of a rule option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptionValue {
    /// A number.
    Number(f64),
    /// A switch.
    Bool(bool),
}

/// One rule's settings.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleSettings {
    /// The level set in config, if any (otherwise the rule decides, from its default).
    pub level: Option<Level>,
    /// Options set in config.
    pub options: BTreeMap<String, OptionValue>,
}

/// Everything a check needs to know, resolved for one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Who reads the reply.
    pub audience: Audience,
    /// Reply or template.
    pub mode: Mode,
    /// Per-rule settings, by rule id.
    pub rules: BTreeMap<String, RuleSettings>,
    /// Terms never flagged as jargon, lowercased.
    pub allow: HashSet<String>,
}

impl Settings {
    /// The configured level of a rule, if set.
    pub fn level(&self, rule: &str) -> Option<Level> {
        self.rules.get(rule).and_then(|r| r.level)
    }

    /// Whether a rule runs at all.
    pub fn enabled(&self, rule: &str) -> bool {
        self.level(rule) != Some(Level::Off)
    }

    /// A numeric option, or the rule's declared default.
    pub fn number(&self, rule: &str, key: &str) -> f64 {
        match self.rules.get(rule).and_then(|r| r.options.get(key)) {
            Some(OptionValue::Number(n)) => *n,
            _ => rules::option_default(rule, key).unwrap_or(0.0),
        }
    }

    /// A boolean option, or the rule's declared default.
    pub fn flag(&self, rule: &str, key: &str) -> bool {
        match self.rules.get(rule).and_then(|r| r.options.get(key)) {
            Some(OptionValue::Bool(b)) => *b,
            _ => rules::option_default(rule, key).is_some_and(|d| d != 0.0),
        }
    }
}

/// A configuration that cannot be used: which file, where, which key, and what would be valid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The config file's name as the caller gave it.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The key at fault, dotted (`rules.jargon-density.per-100-words`), when known.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// The values or keys that would be accepted.
    pub valid: Vec<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.path, self.line, self.column)?;
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if !self.valid.is_empty() {
            write!(f, "\n  valid: {}", self.valid.join(", "))?;
        }
        Ok(())
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    audience: Option<Spanned<String>>,
    mode: Option<Spanned<String>>,
    exclude: Option<Vec<String>>,
    include: Option<Vec<String>>,
    packs: Option<Vec<String>>,
    rules: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    jargon: Option<JargonOptions>,
    overrides: Option<Vec<OverrideOptions>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct JargonOptions {
    allow: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideOptions {
    files: Spanned<Vec<String>>,
    audience: Option<Spanned<String>>,
    mode: Option<Spanned<String>>,
    rules: Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
    jargon: Option<JargonOptions>,
}

/// The top-level keys of `tactful.toml`, for messages.
pub const TOP_LEVEL_KEYS: &[&str] = &[
    "audience",
    "mode",
    "exclude",
    "include",
    "packs",
    "rules",
    "jargon",
    "overrides",
];

/// Settings a layer may set (the file, an override, the command line).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layer {
    /// Audience, if set.
    pub audience: Option<Audience>,
    /// Mode, if set.
    pub mode: Option<Mode>,
    /// Rule settings, if set.
    pub rules: BTreeMap<String, RuleSettings>,
    /// Allowed terms.
    pub allow: Vec<String>,
}

impl Layer {
    /// Applies this layer on top of settings.
    pub fn apply(&self, settings: &mut Settings) {
        if let Some(a) = self.audience {
            settings.audience = a;
        }
        if let Some(m) = self.mode {
            settings.mode = m;
        }
        for (id, rule) in &self.rules {
            let entry = settings.rules.entry(id.clone()).or_default();
            if rule.level.is_some() {
                entry.level = rule.level;
            }
            for (k, v) in &rule.options {
                entry.options.insert(k.clone(), *v);
            }
        }
        settings
            .allow
            .extend(self.allow.iter().map(|a| a.to_lowercase()));
    }
}

#[derive(Debug)]
struct Override {
    globs: GlobSet,
    layer: Layer,
}

/// A parsed, validated `tactful.toml`.
#[derive(Debug, Default)]
pub struct Config {
    /// The file's name, for messages.
    pub path: String,
    /// Extra exclude globs for tree walks.
    pub exclude: Vec<String>,
    /// Include globs for tree walks (empty: the default file types).
    pub include: Vec<String>,
    /// Extra packs, relative to the config file.
    pub packs: Vec<String>,
    base: Layer,
    overrides: Vec<Override>,
}

struct Ctx<'a> {
    path: &'a str,
    text: &'a str,
}

impl Ctx<'_> {
    fn error(
        &self,
        offset: usize,
        key: Option<String>,
        message: impl Into<String>,
        valid: Vec<String>,
    ) -> ConfigError {
        let before = self.text.get(..offset.min(self.text.len())).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ConfigError {
            path: self.path.to_string(),
            line,
            column,
            key,
            message: message.into(),
            valid,
        }
    }

    fn enumerated<T: for<'de> Deserialize<'de>>(
        &self,
        value: &Option<Spanned<String>>,
        key: &str,
        valid: &[&str],
    ) -> Result<Option<T>, ConfigError> {
        let Some(value) = value else { return Ok(None) };
        let de = serde::de::value::StrDeserializer::<serde::de::value::Error>::new(value.get_ref());
        T::deserialize(de).map(Some).map_err(|_| {
            self.error(
                value.span().start,
                Some(key.to_string()),
                format!("`{}` is not a known {key}", clip(value.get_ref())),
                valid.iter().map(|v| (*v).to_string()).collect(),
            )
        })
    }

    fn rules(
        &self,
        table: &Option<BTreeMap<Spanned<String>, Spanned<toml::Value>>>,
        prefix: &str,
    ) -> Result<BTreeMap<String, RuleSettings>, ConfigError> {
        let mut out = BTreeMap::new();
        let Some(table) = table else { return Ok(out) };
        let levels: Vec<String> = ["off", "hint", "info", "warning", "error"]
            .iter()
            .map(|s| (*s).to_string())
            .collect();
        for (id, value) in table {
            let key = format!("{prefix}rules.{}", clip(id.get_ref()));
            let Some(meta) = rules::meta(id.get_ref()) else {
                let message = match rules::redirect(id.get_ref()) {
                    Some(new) => format!("the rule `{}` is now called `{new}`", id.get_ref()),
                    None => format!("there is no rule called `{}`", clip(id.get_ref())),
                };
                return Err(self.error(id.span().start, Some(key), message, rules::ids()));
            };
            let mut settings = RuleSettings::default();
            let parse_level =
                |v: &toml::Value, span: usize, key: &str| -> Result<Level, ConfigError> {
                    match v.as_str().and_then(parse_level) {
                        Some(level) => Ok(level),
                        None => Err(self.error(
                            span,
                            Some(key.to_string()),
                            format!("{} is not a severity", describe(v)),
                            levels.clone(),
                        )),
                    }
                };
            match value.get_ref() {
                toml::Value::String(_) => {
                    settings.level = Some(parse_level(value.get_ref(), value.span().start, &key)?);
                }
                toml::Value::Table(options) => {
                    for (name, v) in options {
                        let option_key = format!("{key}.{}", clip(name));
                        let at = find_key(self.text, value.span(), name);
                        if name == "severity" {
                            settings.level = Some(parse_level(v, at, &option_key)?);
                            continue;
                        }
                        let Some(option) = meta.options.iter().find(|o| o.key == name) else {
                            let mut valid: Vec<String> = vec!["severity".into()];
                            valid.extend(meta.options.iter().map(|o| o.key.to_string()));
                            return Err(self.error(
                                at,
                                Some(option_key),
                                format!("the rule `{}` has no option `{}`", meta.id, clip(name)),
                                valid,
                            ));
                        };
                        let parsed = match (option.kind, v) {
                            (OptionKind::Number { min, max }, toml::Value::Float(f)) => {
                                number(*f, &show_number(*f), min, max)
                            }
                            (OptionKind::Number { min, max }, toml::Value::Integer(i)) => {
                                number(*i as f64, &i.to_string(), min, max)
                            }
                            (OptionKind::Bool, toml::Value::Boolean(b)) => {
                                Ok(OptionValue::Bool(*b))
                            }
                            (OptionKind::Number { min, max }, _) => Err(format!(
                                "expected a number from {min} to {max}, found {}",
                                describe(v)
                            )),
                            (OptionKind::Bool, _) => {
                                Err(format!("expected true or false, found {}", describe(v)))
                            }
                        };
                        let parsed = parsed.map_err(|message| {
                            self.error(
                                at,
                                Some(option_key.clone()),
                                message,
                                vec![option.doc.to_string()],
                            )
                        })?;
                        settings.options.insert(name.clone(), parsed);
                    }
                }
                other => {
                    return Err(self.error(
                        value.span().start,
                        Some(key),
                        format!(
                            "expected a severity or a table such as {{ severity = \"warning\" }}, found {}",
                            describe(other)
                        ),
                        levels.clone(),
                    ));
                }
            }
            out.insert(meta.id.to_string(), settings);
        }
        Ok(out)
    }
}

/// Checks a rule option's number against its range. `shown` is the value as the message
/// gives it back (the integer as written, a float compactly).
fn number(value: f64, shown: &str, min: f64, max: f64) -> Result<OptionValue, String> {
    if value.is_nan() {
        Err(format!(
            "{shown} is not a number: use a number from {min} to {max}"
        ))
    } else if value.is_finite() && value >= min && value <= max {
        Ok(OptionValue::Number(value))
    } else {
        Err(format!(
            "{shown} is out of range: use a number from {min} to {max}"
        ))
    }
}

/// A float for a message: plain when it is of ordinary size, in exponent form when printing
/// it in full would take dozens of digits (`1e300`, not three hundred of them).
pub(crate) fn show_number(value: f64) -> String {
    let magnitude = value.abs();
    if value.is_finite() && magnitude != 0.0 && !(1e-6..1e15).contains(&magnitude) {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

/// The longest stretch of a user's string echoed back in a message.
const ECHO_CHARS: usize = 60;

/// A string from the config for a message, cut short if it is long.
fn clip(s: &str) -> String {
    clip_to(s, ECHO_CHARS)
}

fn clip_to(s: &str, chars: usize) -> String {
    match s.char_indices().nth(chars) {
        Some((end, _)) => format!("{}… ({} characters)", &s[..end], s.chars().count()),
        None => s.to_string(),
    }
}

fn parse_level(s: &str) -> Option<Level> {
    Some(match s {
        "off" => Level::Off,
        "hint" => Level::On(Severity::Hint),
        "info" => Level::On(Severity::Info),
        "warning" => Level::On(Severity::Warning),
        "error" => Level::On(Severity::Error),
        _ => return None,
    })
}

fn describe(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => format!("\"{}\"", clip(s)),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => show_number(*f),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::Array(_) => "a list".into(),
        toml::Value::Table(_) => "a table".into(),
    }
}

/// Where `key` is written in a rule's table: inside an inline table's span, or, for a
/// `[rules.NAME]` table, on the lines after its header up to the next header. Falls back to
/// the table's start.
fn find_key(text: &str, span: std::ops::Range<usize>, key: &str) -> usize {
    let mut offset = span.start.min(text.len());
    let Some(rest) = text.get(offset..) else {
        return span.start;
    };
    for (n, line) in rest.split_inclusive('\n').enumerate() {
        if n > 0 && offset >= span.end && line.trim_start().starts_with('[') {
            break;
        }
        if let Some(i) = key_in_line(line, key) {
            return offset + i;
        }
        offset += line.len();
    }
    span.start
}

/// Where `key` is written as a key on this line (`key =`, `"key" =`, `{ key =`, `, key =`).
fn key_in_line(line: &str, key: &str) -> Option<usize> {
    line.match_indices(key)
        .find(|(i, _)| {
            let before = line[..*i].trim_end_matches(['"', '\'']).trim_end();
            let after = line[i + key.len()..]
                .trim_start_matches(['"', '\''])
                .trim_start();
            (before.is_empty() || before.ends_with(['{', ','])) && after.starts_with('=')
        })
        .map(|(i, _)| i)
}

const AUDIENCES: &[&str] = &["novice", "general", "technical"];
const MODES: &[&str] = &["reply", "template"];

impl Config {
    /// Parses and validates a config file's text. `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let ctx = Ctx { path, text };
        let options: Options = toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            // toml's own messages may quote a value; a huge one is cut short.
            let message = clip_to(e.message().trim(), 400);
            let table = table_at(text, offset);
            let dotted = |k: &str| match &table {
                Some(t) => format!("{t}.{k}"),
                None => k.to_string(),
            };
            if message.starts_with("unknown field") {
                let key = clip(message.split('`').nth(1).unwrap_or("this"));
                return ctx.error(
                    offset,
                    Some(dotted(&key)),
                    format!("`{key}` is not a key tactful knows here"),
                    valid_keys_for(&message),
                );
            }
            // A value of the wrong type: name the key on that line and what it takes.
            let key = key_at(text, offset);
            let valid = key.as_deref().map(expected_value).unwrap_or_default();
            ctx.error(offset, key.as_deref().map(dotted), message, valid)
        })?;
        let base = Layer {
            audience: ctx.enumerated(&options.audience, "audience", AUDIENCES)?,
            mode: ctx.enumerated(&options.mode, "mode", MODES)?,
            rules: ctx.rules(&options.rules, "")?,
            allow: options.jargon.and_then(|j| j.allow).unwrap_or_default(),
        };
        let mut overrides = Vec::new();
        for (i, o) in options
            .overrides
            .unwrap_or_default()
            .into_iter()
            .enumerate()
        {
            let prefix = format!("overrides[{i}].");
            let mut builder = GlobSetBuilder::new();
            for pattern in o.files.get_ref() {
                let glob = Glob::new(pattern).map_err(|e| {
                    ctx.error(
                        o.files.span().start,
                        Some(format!("{prefix}files")),
                        format!("`{}` is not a valid glob: {e}", clip(pattern)),
                        vec!["globs such as \"internal/**\" or \"*.txt\"".into()],
                    )
                })?;
                builder.add(glob);
            }
            let globs = builder.build().map_err(|e| {
                ctx.error(
                    o.files.span().start,
                    Some(format!("{prefix}files")),
                    e.to_string(),
                    Vec::new(),
                )
            })?;
            overrides.push(Override {
                globs,
                layer: Layer {
                    audience: ctx.enumerated(&o.audience, "audience", AUDIENCES)?,
                    mode: ctx.enumerated(&o.mode, "mode", MODES)?,
                    rules: ctx.rules(&o.rules, &prefix)?,
                    allow: o.jargon.and_then(|j| j.allow).unwrap_or_default(),
                },
            });
        }
        Ok(Config {
            path: path.to_string(),
            exclude: options.exclude.unwrap_or_default(),
            include: options.include.unwrap_or_default(),
            packs: options.packs.unwrap_or_default(),
            base,
            overrides,
        })
    }

    /// Settings for a file, given its path relative to the config file's directory.
    pub fn settings_for(&self, relative_path: &str) -> Settings {
        let mut settings = Settings::default();
        self.base.apply(&mut settings);
        for o in &self.overrides {
            if o.globs.is_match(relative_path) {
                o.layer.apply(&mut settings);
            }
        }
        settings
    }
}

/// The `[table]` (or `[[array]]`) a byte offset is in, if any.
fn table_at(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset.min(text.len()))?;
    before.lines().rev().find_map(|line| {
        let t = line.trim();
        t.starts_with('[')
            .then(|| t.trim_matches(['[', ']']).trim().to_string())
    })
}

/// The key written on the line holding a byte offset (`mode = 3` → `mode`).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let start = text
        .get(..offset.min(text.len()))?
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text.get(start..)?.lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"');
    (!key.is_empty()).then(|| clip(key))
}

/// What a key takes, for messages.
fn expected_value(key: &str) -> Vec<String> {
    match key {
        "audience" => AUDIENCES.iter().map(|v| (*v).to_string()).collect(),
        "mode" => MODES.iter().map(|v| (*v).to_string()).collect(),
        "exclude" | "include" => vec!["a list of globs, such as [\"drafts/**\"]".into()],
        "packs" => vec!["a list of paths, such as [\"rules/our-product.toml\"]".into()],
        "allow" => vec!["a list of terms, such as [\"WordPress\"]".into()],
        "files" => vec!["a list of globs, such as [\"internal/**\"]".into()],
        _ => Vec::new(),
    }
}

impl Config {
    /// The engine for this config: `None` when it adds no packs (use the embedded engine).
    /// Pack paths are relative to `dir`, the config file's folder; `read` reads a file (the
    /// core itself does no I/O).
    pub fn pack_engine(
        &self,
        dir: &std::path::Path,
        read: impl Fn(&std::path::Path) -> std::io::Result<String>,
    ) -> Result<Option<crate::Engine>, String> {
        if self.packs.is_empty() {
            return Ok(None);
        }
        let mut sources = Vec::new();
        for pack in &self.packs {
            let path = dir.join(pack);
            let text = read(&path).map_err(|err| {
                format!(
                    "{}: the pack `{pack}` listed in `packs` cannot be read ({err}); pack paths are relative to the config file",
                    self.path
                )
            })?;
            sources.push(crate::PackSource {
                path: path.display().to_string(),
                text,
            });
        }
        crate::Engine::load(&sources)
            .map(Some)
            .map_err(|e| format!("{e}\n  (a pack listed in `packs` in {})", self.path))
    }
}

/// Which keys were valid where toml reported an unknown field ("expected one of …").
fn valid_keys_for(message: &str) -> Vec<String> {
    match message.split_once("expected") {
        Some((_, rest)) => rest
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect(),
        None => TOP_LEVEL_KEYS.iter().map(|k| (*k).to_string()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_gives_defaults() {
        let config = Config::parse("", "tactful.toml").unwrap();
        let s = config.settings_for("reply.md");
        assert_eq!(s.audience, Audience::General);
        assert_eq!(s.mode, Mode::Reply);
        assert!(s.enabled("jargon"));
    }

    #[test]
    fn design_example_parses() {
        let text = r#"
audience = "general"
mode = "template"
exclude = ["drafts/**"]
packs = ["rules/our-product.toml"]

[rules]
lecture-length = "off"
jargon-density = { severity = "warning", per-100-words = 4.0 }

[jargon]
allow = ["WordPress", "WooCommerce"]

[[overrides]]
files = ["internal/**"]
audience = "technical"
"#;
        let config = Config::parse(text, "tactful.toml").unwrap();
        let s = config.settings_for("internal/a.md");
        assert_eq!(s.audience, Audience::Technical);
        assert_eq!(s.mode, Mode::Template);
        assert!(!s.enabled("lecture-length"));
        assert!((s.number("jargon-density", "per-100-words") - 4.0).abs() < f64::EPSILON);
        assert!(s.allow.contains("wordpress"));
        assert_eq!(
            config.settings_for("public/a.md").audience,
            Audience::General
        );
    }

    #[test]
    fn unknown_top_level_key_names_line_and_valid_keys() {
        let err =
            Config::parse("audience = \"general\"\naudiance = \"x\"\n", "t.toml").unwrap_err();
        assert_eq!((err.line, err.key.as_deref()), (2, Some("audiance")));
        assert!(err.valid.contains(&"audience".to_string()), "{err}");
    }

    #[test]
    fn bad_values_name_the_key_and_choices() {
        let err = Config::parse("\n\naudience = \"experts\"", "t.toml").unwrap_err();
        assert_eq!(err.line, 3);
        assert_eq!(err.valid, ["novice", "general", "technical"]);
        let err = Config::parse("[rules]\njargn = \"off\"", "t.toml").unwrap_err();
        assert_eq!(err.key.as_deref(), Some("rules.jargn"));
        assert!(err.valid.contains(&"jargon".to_string()));
        let err = Config::parse("[rules]\njargon = \"loud\"", "t.toml").unwrap_err();
        assert!(err.valid.contains(&"warning".to_string()));
        let err = Config::parse(
            "[rules]\njargon-density = { per-100-words = 1e12 }",
            "t.toml",
        )
        .unwrap_err();
        assert!(err.message.contains("out of range"), "{err}");
        let err = Config::parse("[rules]\njargon-density = { colour = 1 }", "t.toml").unwrap_err();
        assert!(err.valid.contains(&"per-100-words".to_string()));
    }

    fn option_error(value: &str) -> ConfigError {
        let text = format!("[rules]\njargon-density = {{ per-100-words = {value} }}\n");
        Config::parse(&text, "t.toml").unwrap_err()
    }

    #[test]
    fn hostile_numbers_are_refused_with_the_range_and_shown_compactly() {
        for (value, message) in [
            (
                "1e300",
                "1e300 is out of range: use a number from 0.5 to 100",
            ),
            (
                "-1e300",
                "-1e300 is out of range: use a number from 0.5 to 100",
            ),
            (
                "1e-300",
                "1e-300 is out of range: use a number from 0.5 to 100",
            ),
            (
                "10_000_000_000",
                "10000000000 is out of range: use a number from 0.5 to 100",
            ),
            ("-3", "-3 is out of range: use a number from 0.5 to 100"),
            ("-0.5", "-0.5 is out of range: use a number from 0.5 to 100"),
            ("nan", "NaN is not a number: use a number from 0.5 to 100"),
            ("inf", "inf is out of range: use a number from 0.5 to 100"),
            ("-inf", "-inf is out of range: use a number from 0.5 to 100"),
            (
                "\"10 GB\"",
                "expected a number from 0.5 to 100, found \"10 GB\"",
            ),
        ] {
            let err = option_error(value);
            assert_eq!(err.message, message, "for {value}");
            assert_eq!((err.line, err.column), (2, 20), "for {value}");
            assert_eq!(
                err.key.as_deref(),
                Some("rules.jargon-density.per-100-words")
            );
        }
        // In range it is accepted, at both ends.
        for value in ["0.5", "100", "4"] {
            let text = format!("[rules]\njargon-density = {{ per-100-words = {value} }}\n");
            assert!(Config::parse(&text, "t.toml").is_ok(), "{value}");
        }
    }

    #[test]
    fn an_option_in_a_rule_table_is_located_on_its_own_line() {
        let text = "[rules.lecture-length]\nseverity = \"info\"\n\n# budget\nmax-words-without-ticket = 1e300\n";
        let err = Config::parse(text, "t.toml").unwrap_err();
        assert_eq!((err.line, err.column), (5, 1), "{err}");
        assert_eq!(
            err.to_string(),
            "t.toml:5:1: `rules.lecture-length.max-words-without-ticket`: 1e300 is out of range: use a number from 20 to 100000\n  valid: without a ticket, flag a draft longer than this"
        );
        // The key is found as a key, not inside a longer one that shares its start.
        let text = "[rules.lecture-length]\nparagraph-words-x = 1\nparagraph-words = -1\n";
        let err = Config::parse(text, "t.toml").unwrap_err();
        assert_eq!(
            (err.line, err.key.as_deref()),
            (3, Some("rules.lecture-length.paragraph-words")),
            "{err}"
        );
        let text = "[rules.lecture-length]\nsentence-words = 40\nparagraph-words = -1\n";
        let err = Config::parse(text, "t.toml").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
    }

    #[test]
    fn huge_strings_are_cut_short_in_messages() {
        let long = "x".repeat(100_000);
        let err = Config::parse(&format!("audience = \"{long}\""), "t.toml").unwrap_err();
        assert!(err.message.len() < 200, "{}", err.message.len());
        assert!(
            err.message.contains("(100000 characters)"),
            "{}",
            err.message
        );
        let err = Config::parse(&format!("[rules]\n{long} = \"off\""), "t.toml").unwrap_err();
        assert!(err.to_string().len() < 1_000, "{}", err.to_string().len());
        let err = Config::parse(&format!("exclude = \"{long}\""), "t.toml").unwrap_err();
        assert!(err.to_string().len() < 1_000, "{}", err.to_string().len());
        assert_eq!(err.key.as_deref(), Some("exclude"));
    }
}
