//! Finding, parsing and validating the config file. Every problem is reported with file, key
//! and line, not only the first one.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::Config;

/// Environment variable naming the config file when `--config` is not given.
pub const CONFIG_ENV: &str = "CENTRALITA_CONFIG";

/// What a secret must look like; said instead of a parse error that would quote the value.
const SECRET_SHAPE: &str =
    "must be { env = \"NAME\" } or { file = \"/path\" }; secrets are never written inline";

/// Most problems collected from one file before giving up.
const MAX_PROBLEMS: usize = 50;

/// A loaded configuration and the file it came from (`None`: no file, defaults).
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub source: Option<PathBuf>,
}

/// One thing wrong with a config file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// Dotted key path, e.g. `queue.queues.default.concurrency`; empty for the whole file.
    pub key: String,
    pub message: String,
}

/// Why a configuration could not be loaded: one or more [`Problem`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    problems: Vec<Problem>,
}

impl ConfigError {
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    fn single(file: &Path, message: String) -> Self {
        Self {
            problems: vec![Problem {
                file: file.to_path_buf(),
                line: None,
                key: String::new(),
                message,
            }],
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if self.key.is_empty() {
            write!(f, ": {}", self.message)
        } else {
            write!(f, ": {}: {}", self.key, self.message)
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.problems.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// Finds and loads the configuration: `explicit` (from `--config`), else `$CENTRALITA_CONFIG`,
/// else `config.toml` in the XDG config dir, else `/etc/centralita/config.toml`, else the
/// defaults. A file named by the flag or the variable must exist.
pub fn load(explicit: Option<&Path>) -> Result<Loaded, ConfigError> {
    load_with(explicit, |name| std::env::var_os(name))
}

/// [`load`] with the environment passed in, so tests need not change the process's.
pub fn load_with(
    explicit: Option<&Path>,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<Loaded, ConfigError> {
    let named = explicit
        .map(Path::to_path_buf)
        .or_else(|| env(CONFIG_ENV).map(PathBuf::from));
    let path = match named {
        Some(path) => path,
        None => match candidates().into_iter().find(|path| path.is_file()) {
            Some(path) => path,
            None => {
                return Ok(Loaded {
                    config: Config::default(),
                    source: None,
                });
            }
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|error| {
        ConfigError::single(&path, format!("cannot read the config file: {error}"))
    })?;
    let config = parse_with(&text, &path, &env)?;
    Ok(Loaded {
        config,
        source: Some(path),
    })
}

/// The user's own config file (`config.toml` in the XDG config dir), else the defaults: what a
/// client reads to find the socket when no config is named. Never
/// `/etc/centralita/config.toml`, which operators cannot read.
pub fn load_user() -> Result<Loaded, ConfigError> {
    let user = directories::ProjectDirs::from("", "", "centralita")
        .map(|dirs| dirs.config_dir().join("config.toml"))
        .filter(|path| path.is_file());
    match user {
        Some(path) => load_with(Some(&path), |name| std::env::var_os(name)),
        None => Ok(Loaded {
            config: Config::default(),
            source: None,
        }),
    }
}

/// The files looked up when none is named, in order.
pub fn candidates() -> Vec<PathBuf> {
    let mut paths = Vec::new();
    if let Some(dirs) = directories::ProjectDirs::from("", "", "centralita") {
        paths.push(dirs.config_dir().join("config.toml"));
    }
    paths.push(PathBuf::from("/etc/centralita/config.toml"));
    paths
}

/// Parses and validates `text`; `origin` names the file in messages.
pub fn parse(text: &str, origin: &Path) -> Result<Config, ConfigError> {
    parse_with(text, origin, &|name: &str| std::env::var_os(name))
}

#[cfg(test)]
pub(crate) fn parse_for_tests(
    text: &str,
    origin: &Path,
    env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<Config, ConfigError> {
    parse_with(text, origin, env)
}

fn parse_with(
    text: &str,
    origin: &Path,
    env: &dyn Fn(&str) -> Option<std::ffi::OsString>,
) -> Result<Config, ConfigError> {
    let mut problems = Vec::new();
    // Deserialize; on each error, record it, blank the offending entry (keeping every line
    // where it was) and try again, so one run reports every bad key.
    let mut current = text.to_owned();
    let config = loop {
        let error = match toml::from_str::<Config>(&current) {
            Ok(config) => break Some(config),
            Err(error) => error,
        };
        let spans = entry_spans(&current);
        let place = error.span().and_then(|span| {
            spans
                .iter()
                .filter(|entry| overlaps(&entry.range, &span))
                .min_by_key(|entry| entry.range.len())
        });
        let line = error.span().map(|span| line_of(text, span.start));
        let key = place.map(|entry| entry.key.clone()).unwrap_or_default();
        // serde quotes the offending value; for a secret that would print the secret.
        let message = if key.split('.').any(|part| part.contains("secret")) {
            SECRET_SHAPE.to_owned()
        } else {
            first_line(error.message())
        };
        problems.push(Problem {
            file: origin.to_path_buf(),
            line,
            key,
            message,
        });
        match place {
            Some(entry) if entry.is_leaf && problems.len() < MAX_PROBLEMS => {
                blank(&mut current, &entry.range);
            }
            _ => break None,
        }
    };
    if let Some(config) = &config {
        let spans = entry_spans(text);
        for (key, message) in crate::validate::problems(config, env) {
            let line = spans
                .iter()
                .find(|entry| entry.key == key)
                .map(|entry| line_of(text, entry.range.start));
            problems.push(Problem {
                file: origin.to_path_buf(),
                line,
                key,
                message,
            });
        }
    }
    match config {
        Some(config) if problems.is_empty() => Ok(config),
        _ => Err(ConfigError { problems }),
    }
}

/// A key of the file with the byte range of its entry (`key = value`, or a whole table).
struct Entry {
    key: String,
    range: Range<usize>,
    is_leaf: bool,
}

fn entry_spans(text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    // toml_edit 0.23 panics ("all items have spans") on some malformed files, such as
    // `={="` then `[]` then `.` (found by the config fuzz target); the spans only place the
    // messages, so such a file is reported without line numbers rather than crashing.
    let parsed = std::panic::catch_unwind(|| toml_edit::Document::parse(text).ok());
    if let Ok(Some(document)) = parsed {
        walk_table(document.as_table(), "", &mut entries);
    }
    entries
}

fn walk_table(table: &toml_edit::Table, prefix: &str, entries: &mut Vec<Entry>) {
    for (name, item) in table {
        let path = if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        };
        let key_span = table.key(name).and_then(toml_edit::Key::span);
        match item {
            toml_edit::Item::Table(child) => {
                if let Some(span) = child.span().or(key_span) {
                    entries.push(Entry {
                        key: path.clone(),
                        range: span,
                        is_leaf: false,
                    });
                }
                walk_table(child, &path, entries);
            }
            toml_edit::Item::Value(value) => walk_value(value, key_span.as_ref(), &path, entries),
            _ => {
                if let Some(span) = key_span {
                    entries.push(Entry {
                        key: path,
                        range: span,
                        is_leaf: false,
                    });
                }
            }
        }
    }
}

fn walk_value(
    value: &toml_edit::Value,
    key_span: Option<&Range<usize>>,
    path: &str,
    entries: &mut Vec<Entry>,
) {
    if let (Some(key), Some(value_span)) = (key_span, value.span()) {
        entries.push(Entry {
            key: path.to_owned(),
            range: key.start..value_span.end,
            is_leaf: true,
        });
    }
    if let toml_edit::Value::InlineTable(inline) = value {
        for (name, child) in inline {
            let child_key = inline.key(name).and_then(toml_edit::Key::span);
            walk_value(
                child,
                child_key.as_ref(),
                &format!("{path}.{name}"),
                entries,
            );
        }
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.start && b.start < a.end.max(a.start + 1) || b.start <= a.start && a.start < b.end
}

/// Replaces a byte range with spaces, keeping newlines, so later lines keep their numbers.
fn blank(text: &mut String, range: &Range<usize>) {
    let blanked: String = text[range.clone()]
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    text.replace_range(range.clone(), &blanked);
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}
