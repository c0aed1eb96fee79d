//! Finding what to check: files, directory trees, stdin, tickets and configs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tactful_core::{Config, Engine, Format};

/// File extensions checked when walking a directory.
pub(crate) const DRAFT_EXTENSIONS: &[&str] =
    &["md", "markdown", "mdown", "txt", "text", "html", "htm"];

/// A draft to check.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// Standard input.
    Stdin,
    /// A file, as the user named it or as found in a tree.
    File(PathBuf),
}

impl Target {
    /// The name shown in output.
    pub(crate) fn display(&self) -> String {
        match self {
            Target::Stdin => "<stdin>".into(),
            Target::File(p) => p.display().to_string(),
        }
    }
}

pub(crate) use tactful_core::layout::is_ticket_file;

/// The ticket beside a draft that exists: `NAME.ticket.md`, or the folder's `ticket.md`.
pub(crate) fn sibling_ticket(path: &Path) -> Option<PathBuf> {
    tactful_core::layout::ticket_candidates(path, None)
        .into_iter()
        .find(|p| p.is_file())
}

fn has_draft_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DRAFT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Expands the paths given on the command line into targets. Directories are walked the way
/// ripgrep does (honouring .gitignore, skipping hidden files), sorted for stable output.
/// Returns the targets and the problems met (each a complete message).
pub(crate) fn expand(
    paths: &[PathBuf],
    includes: &[String],
    excludes: &[String],
) -> (Vec<Target>, Vec<String>) {
    let mut targets = Vec::new();
    let mut problems = Vec::new();
    let mut include_set = globset::GlobSetBuilder::new();
    for glob in includes {
        match globset::Glob::new(glob) {
            Ok(g) => {
                include_set.add(g);
            }
            Err(err) => problems.push(format!(
                "include pattern `{glob}` is not a valid glob: {err}"
            )),
        }
    }
    let include_set = include_set.build().ok().filter(|_| !includes.is_empty());
    for path in paths {
        if path.as_os_str() == "-" {
            targets.push(Target::Stdin);
            continue;
        }
        if !path.exists() {
            problems.push(format!(
                "{}: no such file or directory; check the path (use `-` to read the draft from stdin)",
                path.display()
            ));
            continue;
        }
        if !path.is_dir() {
            targets.push(Target::File(path.clone()));
            continue;
        }
        let mut overrides = ignore::overrides::OverrideBuilder::new(path);
        for glob in excludes {
            if let Err(err) = overrides.add(&format!("!{glob}")) {
                problems.push(format!(
                    "exclude pattern `{glob}` is not a valid glob: {err}"
                ));
            }
        }
        let mut builder = ignore::WalkBuilder::new(path);
        builder.add_custom_ignore_filename(".tactfulignore");
        builder.require_git(false);
        if let Ok(built) = overrides.build() {
            builder.overrides(built);
        }
        // Walk in parallel; the results are sorted afterwards, so output is stable.
        let found: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());
        let walk_problems: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
        builder.build_parallel().run(|| {
            Box::new(|entry| {
                match entry {
                    Ok(entry) => {
                        let p = entry.path();
                        let included = include_set
                            .as_ref()
                            .is_none_or(|set| set.is_match(p.strip_prefix(path).unwrap_or(p)));
                        if entry.file_type().is_some_and(|t| t.is_file())
                            && has_draft_extension(p)
                            && !is_ticket_file(p)
                            && included
                            && let Ok(mut found) = found.lock()
                        {
                            found.push(p.to_path_buf());
                        }
                    }
                    Err(err) => {
                        if let Ok(mut w) = walk_problems.lock() {
                            w.push(format!("while walking {}: {err}", path.display()));
                        }
                    }
                }
                ignore::WalkState::Continue
            })
        });
        let mut found = found.into_inner().unwrap_or_default();
        let mut walk_problems = walk_problems.into_inner().unwrap_or_default();
        walk_problems.sort();
        problems.extend(walk_problems);
        if found.is_empty() {
            problems.push(format!(
                "{}: no drafts found in this directory (tactful checks files ending in {}, and skips hidden and git-ignored files)",
                path.display(),
                DRAFT_EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ")
            ));
        }
        found.sort();
        targets.extend(found.into_iter().map(Target::File));
    }
    (targets, problems)
}

/// Reads a file as UTF-8 text, or explains why it can't be checked.
pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|err| {
        let why = match err.kind() {
            std::io::ErrorKind::NotFound => "no such file; check the path".to_string(),
            std::io::ErrorKind::PermissionDenied => {
                "permission denied; tactful needs read access".to_string()
            }
            _ if path.is_dir() => "is a directory".to_string(),
            _ => err.to_string(),
        };
        format!("{}: {why}", path.display())
    })?;
    decode(bytes).map_err(|why| format!("{}: {why}", path.display()))
}

/// Checks bytes are text tactful can read.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(
            "looks like a binary file, not a draft; tactful checks Markdown and plain text".into(),
        );
    }
    String::from_utf8(bytes).map_err(|err| {
        format!(
            "is not valid UTF-8 (the first bad byte is at offset {}); save it as UTF-8, for example with `iconv -f WINDOWS-1252 -t UTF-8`",
            err.utf8_error().valid_up_to()
        )
    })
}

/// A loaded config with its engine (its packs compiled once).
pub(crate) struct Loaded {
    pub(crate) config: Config,
    pub(crate) dir: PathBuf,
    pub(crate) engine: Arc<EngineRef>,
}

/// The embedded engine, or one with a config's extra packs.
pub(crate) enum EngineRef {
    /// The built-in packs, compiled once per process by whoever asks first; later callers
    /// wait for that compilation (see [`warm_up`]).
    Embedded,
    Owned(Box<Engine>),
}

impl EngineRef {
    pub(crate) fn get(&self) -> Result<&Engine, String> {
        match self {
            EngineRef::Embedded => embedded(),
            EngineRef::Owned(e) => Ok(e),
        }
    }
}

fn embedded() -> Result<&'static Engine, String> {
    Engine::embedded().map_err(|e| {
        format!("the built-in rule packs failed to load ({e}); this is a bug in tactful")
    })
}

/// Starts compiling the built-in packs on a background thread, so that finding and reading
/// the drafts overlaps it. Nothing waits for the thread: the first check asks for the engine
/// and waits only for whatever compiling is left.
pub(crate) fn warm_up() {
    // If no thread can be started, the packs are compiled by the first check instead.
    let _ = std::thread::Builder::new()
        .name("tactful-packs".into())
        .spawn(|| {
            let _ = Engine::embedded();
        });
}

/// Finds and caches configs: the nearest `tactful.toml` upward from each file, or a fixed one.
pub(crate) struct Configs {
    fixed: Option<Arc<Loaded>>,
    isolated: bool,
    by_dir: HashMap<PathBuf, Option<Arc<Loaded>>>,
    default: Arc<Loaded>,
}

impl Configs {
    /// `fixed` is `--config`; `isolated` ignores every config file.
    pub(crate) fn new(fixed: Option<&Path>, isolated: bool) -> Result<Self, String> {
        let default = Arc::new(Loaded {
            config: Config::default(),
            dir: PathBuf::from("."),
            engine: Arc::new(EngineRef::Embedded),
        });
        let fixed = match fixed {
            Some(path) => Some(Arc::new(load(path)?)),
            None => None,
        };
        Ok(Self {
            fixed,
            isolated,
            by_dir: HashMap::new(),
            default,
        })
    }

    /// The config governing a file (or stdin, from the current directory).
    pub(crate) fn for_path(&mut self, path: Option<&Path>) -> Result<Arc<Loaded>, String> {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        if self.isolated {
            return Ok(self.default.clone());
        }
        let start = match path {
            Some(p) => std::path::absolute(p)
                .ok()
                .and_then(|p| p.parent().map(Path::to_path_buf)),
            None => std::env::current_dir().ok(),
        };
        let Some(start) = start else {
            return Ok(self.default.clone());
        };
        for dir in start.ancestors() {
            if let Some(cached) = self.by_dir.get(dir) {
                if let Some(found) = cached {
                    return Ok(found.clone());
                }
                continue;
            }
            let candidate = dir.join("tactful.toml");
            if candidate.is_file() {
                let loaded = Arc::new(load(&candidate)?);
                self.by_dir.insert(dir.to_path_buf(), Some(loaded.clone()));
                return Ok(loaded);
            }
            // No config here: the next file in this folder goes straight on to the parent
            // instead of asking the file system again (thousands of files share a few folders).
            self.by_dir.insert(dir.to_path_buf(), None);
        }
        Ok(self.default.clone())
    }
}

/// Reads, parses and validates a config file and compiles its packs.
fn load(path: &Path) -> Result<Loaded, String> {
    let text = std::fs::read_to_string(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::NotFound => format!(
            "the config file {} does not exist; check the path given to --config, or run \
             `tactful init` to create one",
            path.display()
        ),
        std::io::ErrorKind::InvalidData => {
            format!(
                "{}: this config file is not valid UTF-8; save it as UTF-8",
                path.display()
            )
        }
        _ => format!("{}: cannot read this config file: {err}", path.display()),
    })?;
    let name = path.display().to_string();
    let config = Config::parse(&text, &name).map_err(|e| e.to_string())?;
    let dir = path
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let engine = match config.pack_engine(&dir, |p| std::fs::read_to_string(p))? {
        None => EngineRef::Embedded,
        Some(engine) => EngineRef::Owned(Box::new(engine)),
    };
    Ok(Loaded {
        config,
        dir,
        engine: Arc::new(engine),
    })
}

/// The format a path suggests.
pub(crate) fn format_of(path: Option<&Path>) -> Format {
    path.map_or(Format::Markdown, |p| {
        Format::from_path(&p.to_string_lossy())
    })
}

/// A path relative to a config's directory, with `/` separators, for glob overrides.
pub(crate) fn relative_to(path: &Path, dir: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let base = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    abs.strip_prefix(&base)
        .unwrap_or(&abs)
        .to_string_lossy()
        .replace('\\', "/")
}
