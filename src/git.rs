//! Reads the commit log of the git repository a document lives in, for `roadlog commits
//! scan`. The only code that runs git: the `git` binary with plain arguments (no shell, so no
//! quoting of a revision a user typed can run anything), its output parsed into
//! [`Commit`]s for the model to link.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::model::Commit;

#[derive(Debug, Error)]
pub enum GitError {
    #[error("cannot run git to read the commits of {dir}: {source}", dir = .dir.display())]
    NotRun {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("{dir} is not in a git repository (commits scan reads the repository the document lives in)", dir = .dir.display())]
    NotARepository { dir: PathBuf },
    #[error("no commit '{rev}' in the repository at {dir}", dir = .dir.display())]
    NoRevision { rev: String, dir: PathBuf },
    #[error("git log failed in {dir}: {message}", dir = .dir.display())]
    Failed { dir: PathBuf, message: String },
}

/// Field and record separators of the log format: bytes no commit message holds.
const FIELD: char = '\u{1f}';
const RECORD: char = '\u{1e}';
const FORMAT: &str = "--format=%H%x1f%an%x1f%aI%x1f%s%x1f%B%x1e";

/// The commits reachable from HEAD in the repository holding `dir`, newest first; with
/// `since`, only those after that revision (`since..HEAD`). A repository without commits
/// has none.
pub fn log(dir: &Path, since: Option<&str>) -> Result<Vec<Commit>, GitError> {
    let inside = git(dir, &["rev-parse", "--is-inside-work-tree"])?;
    if !inside.status.success() {
        return Err(GitError::NotARepository {
            dir: dir.to_path_buf(),
        });
    }
    if !verify(dir, "HEAD")? {
        return Ok(Vec::new());
    }
    let range = match since {
        // A revision that starts with `-` would be read as an option.
        Some(rev) if rev.starts_with('-') || !verify(dir, rev)? => {
            return Err(GitError::NoRevision {
                rev: rev.to_string(),
                dir: dir.to_path_buf(),
            });
        }
        Some(rev) => format!("{rev}..HEAD"),
        None => "HEAD".to_string(),
    };
    let out = git(dir, &["log", "--no-color", FORMAT, &range, "--"])?;
    if !out.status.success() {
        return Err(GitError::Failed {
            dir: dir.to_path_buf(),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(parse(&String::from_utf8_lossy(&out.stdout)))
}

/// Whether `rev` names a commit.
fn verify(dir: &Path, rev: &str) -> Result<bool, GitError> {
    let commit = format!("{rev}^{{commit}}");
    let out = git(dir, &["rev-parse", "--verify", "--quiet", &commit])?;
    Ok(out.status.success())
}

fn git(dir: &Path, args: &[&str]) -> Result<Output, GitError> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // Never wait for a password prompt or a pager: nobody may be there to answer.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|source| GitError::NotRun {
            dir: dir.to_path_buf(),
            source: if source.kind() == ErrorKind::NotFound {
                std::io::Error::new(ErrorKind::NotFound, "git is not installed or not on PATH")
            } else {
                source
            },
        })
}

/// Records of `FORMAT`; a record that does not have every field (it cannot happen with
/// this format) is skipped rather than linked half-read.
fn parse(text: &str) -> Vec<Commit> {
    text.split(RECORD)
        .filter_map(|record| {
            let record = record.trim_start_matches('\n');
            let mut fields = record.splitn(5, FIELD);
            let hash = fields.next()?.trim();
            let author = fields.next()?;
            let date = DateTime::parse_from_rfc3339(fields.next()?).ok()?;
            let subject = fields.next()?;
            let message = fields.next()?;
            (!hash.is_empty()).then(|| Commit {
                hash: hash.to_string(),
                author: author.to_string(),
                date: date.with_timezone(&Utc),
                subject: subject.to_string(),
                message: message.trim_end().to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_log_format() {
        let text = "abc\u{1f}Ana Lima\u{1f}2026-03-02T10:00:00+01:00\u{1f}S-1: pay\u{1f}S-1: pay\n\nfixes S-2\n\u{1e}\n\
                    def\u{1f}Bo\u{1f}2026-03-01T09:00:00Z\u{1f}first\u{1f}first\n\u{1e}\n";
        let commits = parse(text);
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].hash, "abc");
        assert_eq!(commits[0].author, "Ana Lima");
        assert_eq!(commits[0].date.to_rfc3339(), "2026-03-02T09:00:00+00:00");
        assert_eq!(commits[0].subject, "S-1: pay");
        assert_eq!(commits[0].message, "S-1: pay\n\nfixes S-2");
        assert_eq!(commits[1].hash, "def");
        assert!(parse("garbage").is_empty());
    }
}
