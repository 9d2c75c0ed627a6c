//! The user's config file on disk: where it is (`$ROADLOG_CONFIG`, else `config.toml` in the
//! platform config folder), reading it, and writing the commented default. Parsing is
//! [`crate::config`]'s; this is only the disk.

use std::ffi::OsStr;
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use crate::config::{self, Config, ConfigError};

pub const CONFIG_NAME: &str = "config.toml";

/// A config larger than this is not a config: refused before it is read.
const MAX_BYTES: u64 = 1 << 20;

/// The config file in use and why that one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigPath {
    /// Named by `$ROADLOG_CONFIG`.
    Env(PathBuf),
    /// The platform's config folder (`~/.config/roadlog/config.toml` on Linux).
    Platform(PathBuf),
}

impl ConfigPath {
    pub fn path(&self) -> &Path {
        match self {
            ConfigPath::Env(p) | ConfigPath::Platform(p) => p,
        }
    }

    /// `env` is `$ROADLOG_CONFIG`, passed in so the rule is testable; empty counts as unset.
    pub fn find(env: Option<&OsStr>) -> ConfigPath {
        match env.filter(|p| !p.is_empty()) {
            Some(p) => ConfigPath::Env(PathBuf::from(p)),
            None => ConfigPath::Platform(
                directories::ProjectDirs::from("", "", "roadlog")
                    .map(|d| d.config_dir().join(CONFIG_NAME))
                    // No home folder at all: a config beside where roadlog runs.
                    .unwrap_or_else(|| PathBuf::from(CONFIG_NAME)),
            ),
        }
    }
}

/// Whether there is a config file at `path`, for `roadlog config path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    File,
    Missing,
    /// Something that is not a file (a folder): reading it is refused.
    NotAFile,
}

pub fn presence(path: &Path) -> Presence {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Presence::File,
        Ok(_) => Presence::NotAFile,
        Err(_) => Presence::Missing,
    }
}

/// The config at `path`; no file is the defaults (a config is optional), anything else
/// that stops it being read is an error naming the file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let problem = |message: String| ConfigError::whole_file(path, message);
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Config::default()),
        Err(e) => return Err(problem(format!("cannot read the config file: {e}"))),
    };
    let meta = file
        .metadata()
        .map_err(|e| problem(format!("cannot read the config file: {e}")))?;
    if !meta.is_file() {
        return Err(problem(
            "is not a file; $ROADLOG_CONFIG names a config file".into(),
        ));
    }
    let mut text = String::new();
    file.take(MAX_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidData => problem("is not UTF-8 text".into()),
            _ => problem(format!("cannot read the config file: {e}")),
        })?;
    if text.len() as u64 > MAX_BYTES {
        return Err(problem("is over 1 MiB: not a config file".into()));
    }
    config::parse(&text).map_err(|p| ConfigError::new(path, p))
}

/// The home folder, for `~/` in the config's paths.
pub fn home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
}

/// Writes the commented default at `path`, creating its folder; never over an existing
/// file. The new file follows the umask, as new documents do.
pub fn init(path: &Path) -> Result<(), ConfigError> {
    let problem = |message: String| ConfigError::whole_file(path, message);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| problem(format!("cannot create the folder {}: {e}", dir.display())))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => problem(
                "exists already; roadlog leaves it as it is (edit it, or remove it first)".into(),
            ),
            _ => problem(format!("cannot create the config file: {e}")),
        })?;
    file.write_all(config::DEFAULT_FILE.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| problem(format!("cannot write the config file: {e}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_env_names_the_file_unless_empty() {
        let named = ConfigPath::find(Some(OsStr::new("/tmp/x.toml")));
        assert_eq!(named, ConfigPath::Env(PathBuf::from("/tmp/x.toml")));
        let platform = ConfigPath::find(Some(OsStr::new("")));
        assert!(matches!(platform, ConfigPath::Platform(_)));
        assert!(platform.path().ends_with("roadlog/config.toml"));
    }

    #[test]
    fn no_file_is_the_defaults_and_a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(&dir.path().join("none.toml")), Ok(Config::default()));
        let e = load(dir.path()).unwrap_err();
        assert!(e.to_string().contains("is not a file"), "{e}");
        assert_eq!(presence(dir.path()), Presence::NotAFile);
        assert_eq!(presence(&dir.path().join("none.toml")), Presence::Missing);
    }

    #[test]
    fn init_writes_a_default_that_loads_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/er/config.toml");
        init(&path).unwrap();
        assert_eq!(load(&path), Ok(Config::default()));
        std::fs::write(&path, "date_format = \"%d %b\"\n").unwrap();
        let e = init(&path).unwrap_err();
        assert!(e.to_string().contains("exists already"), "{e}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "date_format = \"%d %b\"\n"
        );
    }
}
