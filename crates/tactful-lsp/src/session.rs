//! Settings for each document: the workspace's `tactful.toml` (nearest one upward from the
//! file), overridden by the client's settings; and the ticket each draft answers.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tactful_core::{Audience, Config, Engine, Level, Mode, Settings, Severity};

/// The compiled packs a document is checked with.
#[derive(Clone)]
pub(crate) enum EngineRef {
    Embedded(&'static Engine),
    Owned(Arc<Engine>),
}

impl EngineRef {
    pub(crate) fn get(&self) -> &Engine {
        match self {
            EngineRef::Embedded(e) => e,
            EngineRef::Owned(e) => e,
        }
    }
}

/// Settings the editor sends (initialization options and `workspace/didChangeConfiguration`).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ClientSettings {
    pub(crate) audience: Option<Audience>,
    pub(crate) mode: Option<Mode>,
    pub(crate) rules: BTreeMap<String, Level>,
}

impl ClientSettings {
    /// Whether a settings payload says anything for tactful.
    pub(crate) fn mentions_tactful(value: &serde_json::Value) -> bool {
        value.get("tactful").is_some()
            || ["audience", "mode", "rules"]
                .iter()
                .any(|k| value.get(k).is_some())
    }

    /// Reads `{"tactful": {...}}` or `{...}`; returns the settings and the problems found.
    pub(crate) fn from_json(value: &serde_json::Value) -> (Self, Vec<String>) {
        let value = value.get("tactful").unwrap_or(value);
        let mut problems = Vec::new();
        let mut out = Self::default();
        if let Some(a) = value.get("audience").and_then(|v| v.as_str()) {
            match a {
                "novice" => out.audience = Some(Audience::Novice),
                "general" => out.audience = Some(Audience::General),
                "technical" => out.audience = Some(Audience::Technical),
                other => problems.push(format!(
                    "tactful.audience `{other}` is not an audience; use novice, general or technical"
                )),
            }
        }
        if let Some(m) = value.get("mode").and_then(|v| v.as_str()) {
            match m {
                "reply" => out.mode = Some(Mode::Reply),
                "template" => out.mode = Some(Mode::Template),
                other => problems.push(format!(
                    "tactful.mode `{other}` is not a mode; use reply or template"
                )),
            }
        }
        if let Some(rules) = value.get("rules").and_then(|v| v.as_object()) {
            for (id, level) in rules {
                if tactful_core::rules::meta(id).is_none() {
                    problems.push(format!(
                        "tactful.rules: there is no rule called `{id}`; rules are {}",
                        tactful_core::rules::ids().join(", ")
                    ));
                    continue;
                }
                let level = match level.as_str() {
                    Some("off") => Level::Off,
                    Some("hint") => Level::On(Severity::Hint),
                    Some("info") => Level::On(Severity::Info),
                    Some("warning") => Level::On(Severity::Warning),
                    Some("error") => Level::On(Severity::Error),
                    _ => {
                        problems.push(format!(
                            "tactful.rules.{id}: {level} is not a level; use off, hint, info, warning or error"
                        ));
                        continue;
                    }
                };
                out.rules.insert(id.clone(), level);
            }
        }
        (out, problems)
    }

    fn apply(&self, settings: &mut Settings) {
        if let Some(a) = self.audience {
            settings.audience = a;
        }
        if let Some(m) = self.mode {
            settings.mode = m;
        }
        for (id, level) in &self.rules {
            settings.rules.entry(id.clone()).or_default().level = Some(*level);
        }
    }
}

/// A loaded config file and its engine.
struct Loaded {
    config: Config,
    dir: PathBuf,
    engine: EngineRef,
}

/// Finds, loads and caches configs. A broken config keeps the last good one in force.
pub(crate) struct Configs {
    embedded: EngineRef,
    /// Config path → the last good load.
    good: HashMap<PathBuf, Arc<Loaded>>,
    /// Config paths whose current text is known (good or bad) since the last invalidation.
    fresh: HashMap<PathBuf, Option<String>>,
}

impl Configs {
    pub(crate) fn new(embedded: &'static Engine) -> Self {
        Self {
            embedded: EngineRef::Embedded(embedded),
            good: HashMap::new(),
            fresh: HashMap::new(),
        }
    }

    /// Forgets what was read, so the next check reads config files again.
    pub(crate) fn invalidate(&mut self) {
        self.fresh.clear();
    }

    /// Settings and engine for a document; `problems` receives new config errors to show.
    pub(crate) fn resolve(
        &mut self,
        path: Option<&Path>,
        client: &ClientSettings,
        problems: &mut Vec<String>,
    ) -> (Settings, EngineRef) {
        let found = path.and_then(find_config);
        let mut settings = Settings::default();
        let mut engine = self.embedded.clone();
        if let Some(config_path) = found {
            if !self.fresh.contains_key(&config_path) {
                match load(&config_path) {
                    Ok(loaded) => {
                        self.good.insert(config_path.clone(), Arc::new(loaded));
                        self.fresh.insert(config_path.clone(), None);
                    }
                    Err(message) => {
                        let kept = if self.good.contains_key(&config_path) {
                            " The last good configuration stays in force until this is fixed."
                        } else {
                            " tactful uses its defaults until this is fixed."
                        };
                        problems.push(format!("{message}{kept}"));
                        self.fresh.insert(config_path.clone(), Some(message));
                    }
                }
            }
            if let Some(loaded) = self.good.get(&config_path) {
                let relative = path
                    .and_then(|p| p.strip_prefix(&loaded.dir).ok())
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                settings = loaded.config.settings_for(&relative);
                engine = loaded.engine.clone();
            }
        }
        client.apply(&mut settings);
        (settings, engine)
    }
}

fn find_config(path: &Path) -> Option<PathBuf> {
    path.parent()?
        .ancestors()
        .map(|dir| dir.join("tactful.toml"))
        .find(|candidate| candidate.is_file())
}

/// Whether `path` lies inside `root` (both made absolute, `..` resolved through the file
/// system when the file exists).
pub(crate) fn inside(path: &Path, root: &Path) -> bool {
    let canon = |p: &Path| std::fs::canonicalize(p).or_else(|_| std::path::absolute(p));
    match (canon(path), canon(root)) {
        (Ok(p), Ok(r)) => p.starts_with(r),
        _ => false,
    }
}

fn load(path: &Path) -> Result<Loaded, String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read it: {e}"))?;
    let config = Config::parse(&text, &name).map_err(|e| e.to_string())?;
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    // A workspace's config may only pull packs from inside its own folder: opening a project
    // must not make the server read files elsewhere on the machine.
    let read = |p: &Path| {
        if inside(p, &dir) {
            std::fs::read_to_string(p)
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the language server reads packs only from the config file's folder and below",
            ))
        }
    };
    let engine = match config.pack_engine(&dir, read)? {
        None => EngineRef::Embedded(Engine::embedded().map_err(|e| e.to_string())?),
        Some(engine) => EngineRef::Owned(Arc::new(engine)),
    };
    Ok(Loaded {
        config,
        dir,
        engine,
    })
}

pub(crate) use tactful_core::layout::is_ticket_file;

/// The ticket a draft answers, if its file exists: front matter `ticket = "path"` (or
/// `ticket: path`), else `NAME.ticket.md` beside it, else the folder's `ticket.md`. A quoted
/// message inside the draft is found by the core itself.
pub(crate) fn ticket_for(path: &Path, text: &str, roots: &[PathBuf]) -> Option<PathBuf> {
    let declared = tactful_core::front_matter::parse(text)
        .ok()
        .flatten()
        .and_then(|fm| fm.ticket);
    // A ticket named in front matter must stay inside the workspace (or, without one, the
    // draft's own folder): a file can't make the server read what lies outside it.
    let draft_dir = path.parent().map(Path::to_path_buf);
    let allowed = |p: &Path| {
        if roots.is_empty() {
            draft_dir.as_deref().is_some_and(|d| inside(p, d))
        } else {
            roots.iter().any(|r| inside(p, r))
        }
    };
    tactful_core::layout::ticket_candidates(path, declared.as_deref())
        .into_iter()
        .find(|p| p.is_file() && allowed(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_settings_with_problems() {
        let value = serde_json::json!({"tactful": {"audience": "technical", "mode": "x", "rules": {"jargon": "off", "nope": "info"}}});
        let (s, problems) = ClientSettings::from_json(&value);
        assert_eq!(s.audience, Some(Audience::Technical));
        assert_eq!(s.rules.get("jargon"), Some(&Level::Off));
        assert_eq!(problems.len(), 2, "{problems:?}");
    }
}
