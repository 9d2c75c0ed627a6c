//! Which file a command works on: `--file`, else `$ROADLOG_FILE`, else a `roadlog.json` in
//! this folder or the nearest parent (a backlog kept in a repository), else the config
//! file's `document`, else the platform's data folder.

use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "roadlog.json";

/// The chosen path and how it was found, so messages can say why that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    Flag(PathBuf),
    Env(PathBuf),
    Ancestor(PathBuf),
    /// The config file's `document`.
    Config(PathBuf),
    DataDir(PathBuf),
}

impl Located {
    pub fn path(&self) -> &Path {
        match self {
            Located::Flag(p)
            | Located::Env(p)
            | Located::Ancestor(p)
            | Located::Config(p)
            | Located::DataDir(p) => p,
        }
    }

    pub fn into_path(self) -> PathBuf {
        match self {
            Located::Flag(p)
            | Located::Env(p)
            | Located::Ancestor(p)
            | Located::Config(p)
            | Located::DataDir(p) => p,
        }
    }
}

/// `flag`, `env` and `config` are passed in (not read here) so the rule is testable.
pub fn locate(
    flag: Option<&Path>,
    env: Option<&Path>,
    config: Option<&Path>,
    cwd: &Path,
) -> Located {
    if let Some(p) = flag {
        return Located::Flag(p.to_path_buf());
    }
    if let Some(p) = env.filter(|p| !p.as_os_str().is_empty()) {
        return Located::Env(p.to_path_buf());
    }
    if let Some(found) = cwd
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
    {
        return Located::Ancestor(found);
    }
    if let Some(p) = config {
        return Located::Config(p.to_path_buf());
    }
    let data = directories::ProjectDirs::from("", "", "roadlog")
        .map(|d| d.data_dir().join(FILE_NAME))
        .unwrap_or_else(|| cwd.join(FILE_NAME));
    Located::DataDir(data)
}
