//! What can go wrong between roadlog and the disk. Every message names the file.

use std::path::PathBuf;
use std::time::Duration;

use thiserror::Error;

use crate::model::{ModelError, Problem};

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("no roadlog document at {path} (create one with `roadlog init`)", path = .path.display())]
    Missing { path: PathBuf },
    #[error("{path} already exists; refusing to overwrite it", path = .path.display())]
    Exists { path: PathBuf },
    #[error("{path} is the document itself; nothing was written (choose another file for --out)", path = .path.display())]
    IsTheDocument { path: PathBuf },
    #[error("{path} is {what}, not a regular file; roadlog opens only regular files (or links to one)", path = .path.display())]
    NotRegular { path: PathBuf, what: &'static str },
    #[error("{path} is {size}, over the limit of {limit}; nothing was read (allow more with ROADLOG_MAX_FILE_MB=N)", path = .path.display(), size = mib(*.size), limit = mib(*.limit))]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("cannot {action} {path}: {source} ({hint})", path = .path.display(), hint = io_hint(.source))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} has git conflict markers at line {line}: git merged it as text. `roadlog git-resolve` merges it by entity from git's three versions (and `roadlog git-setup`, run once, lets git do that itself); nothing was changed", path = .path.display())]
    ConflictMarkers { path: PathBuf, line: usize },
    #[error("{path} is not valid roadlog JSON at line {line}, column {column}: {message} (nothing was changed)", path = .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path} is not a roadlog document: {why}", path = .path.display())]
    Foreign { path: PathBuf, why: String },
    #[error("{path} was written by a newer roadlog (schema {found}; this one reads up to {supported}); nothing was changed", path = .path.display())]
    NewerSchema {
        path: PathBuf,
        found: u64,
        supported: u32,
    },
    #[error("{path} breaks {count} rule(s), so it was not changed (run `roadlog check`):\n{list}", path = .path.display(), count = .problems.len(), list = list(.problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
    #[error("{source} in {path}", path = .path.display())]
    Model { path: PathBuf, source: ModelError },
    #[error("--read-only: {path} was not changed (leave out --read-only to make this change)", path = .path.display())]
    ReadOnly { path: PathBuf },
    #[error("no backup {number} of {path} (there are {count}; `roadlog backups` lists them)", path = .path.display())]
    NoBackup {
        path: PathBuf,
        number: usize,
        count: usize,
    },
    #[error("{path} changed on disk since it was loaded; not overwritten", path = .path.display())]
    ChangedOnDisk { path: PathBuf },
    #[error("gave up after {secs} s waiting for the lock on {path} held by {who}; nothing was changed (wait longer with ROADLOG_LOCK_TIMEOUT=SECONDS)", path = .path.display(), secs = .waited.as_secs_f64(), who = holder_text(*.holder))]
    LockTimeout {
        path: PathBuf,
        holder: Option<u32>,
        waited: Duration,
    },
    #[error("cannot import {path}: {why}", path = .path.display())]
    Source { path: PathBuf, why: String },
    #[error("another program changed {path} at the same time, and the two changes together would break {count} rule(s), so yours was not saved:\n{list}", path = .path.display(), count = .problems.len(), list = list(.problems))]
    MergeBreaksRules {
        path: PathBuf,
        problems: Vec<Problem>,
    },
    #[error("{path} is not in a git repository (run `git init` first, or use --file)", path = .path.display())]
    NotInRepository { path: PathBuf },
    #[error("git has no conflicting versions of {path} (no stages 2 and 3 in its index): nothing to resolve", path = .path.display())]
    NotConflicted { path: PathBuf },
    #[error("`{command}` failed for {path}: {why}", path = .path.display())]
    Git {
        path: PathBuf,
        command: String,
        why: String,
    },
    #[error("cannot use the recovery file {path}: {why}; it is kept as it is", path = .path.display())]
    BadRecovery { path: PathBuf, why: String },
    #[error("cannot merge the changes another program made to {path}: {why}; yours was not saved", path = .path.display())]
    Merge { path: PathBuf, why: String },
}

fn holder_text(holder: Option<u32>) -> String {
    match holder {
        Some(pid) => format!("pid {pid}"),
        None => "another program".to_string(),
    }
}

/// Sizes in MiB, the unit of ROADLOG_MAX_FILE_MB; exact bytes when under one.
fn mib(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{bytes} bytes")
    } else {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What to do about an OS error, so none reaches the user as a bare errno text.
fn io_hint(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied => {
            "check the permissions of the file and its folder, or choose another file with --file PATH; nothing was changed"
        }
        K::ReadOnlyFilesystem => {
            "the file system is read-only: look with --read-only, or copy the document somewhere writable"
        }
        K::StorageFull | K::QuotaExceeded => {
            "the disk is full: free some space and try again; nothing was changed"
        }
        K::NotADirectory | K::AlreadyExists => {
            "a part of the path is a file where a folder should be: choose another path with --file PATH"
        }
        K::IsADirectory => "that is a folder: name a file, e.g. FOLDER/roadlog.json",
        K::NotFound => {
            "a folder on the way does not exist: create it or choose another path with --file PATH"
        }
        _ => "nothing was changed; try again, or choose another file with --file PATH",
    }
}
