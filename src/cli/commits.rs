//! `roadlog commits ...`: git commits linked to the stories their messages name.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::{Subcommand, ValueEnum};

use super::WriteChange;
use crate::model::{CloseOn, StoryStatus};
use crate::safe_text;
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum CommitsCmd {
    /// Link the commits of the document's git repository to the stories they name
    /// (S-42, [S-42], fixes S-42); running it again adds only new links
    Scan {
        /// Only commits after this revision (a hash, tag or branch): `REV..HEAD`
        #[arg(long, value_name = "REV")]
        since: Option<String>,
    },
    /// Whether a `fixes S-n` commit moves S-n on when scanned, and where to
    CloseOn {
        /// `fixes` to move stories named as fixed, `never` to only link
        #[arg(value_enum)]
        rule: CloseRule,
        /// Where to move them: review (the default) or done
        #[arg(long, value_enum, default_value = "review")]
        to: CloseTo,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CloseRule {
    Fixes,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CloseTo {
    Review,
    Done,
}

pub fn run(cmd: CommitsCmd, store: &Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    match cmd {
        CommitsCmd::Scan { since } => scan(store, since.as_deref(), now),
        CommitsCmd::CloseOn { rule, to } => {
            let close_on = match rule {
                CloseRule::Fixes => Some(CloseOn::Fixes),
                CloseRule::Never => None,
            };
            let to = match to {
                CloseTo::Review => StoryStatus::Review,
                CloseTo::Done => StoryStatus::Done,
            };
            store.write_change(|p| p.set_commit_settings(close_on, to))?;
            match close_on {
                Some(_) => outln!("a `fixes S-n` commit now moves S-n to {to} when scanned"),
                None => outln!("commits now only link to stories"),
            }
            Ok(())
        }
    }
}

/// The folder git is asked about: the document's own, through a link to where it really is.
fn repository_dir(store: &Store) -> PathBuf {
    let path = std::fs::canonicalize(store.path()).unwrap_or_else(|_| store.path().to_path_buf());
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    }
}

fn scan(store: &Store, since: Option<&str>, now: DateTime<Utc>) -> anyhow::Result<()> {
    // The document must be sound before git is asked anything: a missing file says so first.
    store.load()?;
    // Read outside the lock: git may take a while on a large history, and nobody waits.
    let log = crate::git::log(&repository_dir(store), since)?;
    let outcome = store.write_change(|p| Ok(p.link_commits(&log, now)))?;
    if outcome.linked.is_empty() {
        outln!("no new links ({} commit(s) read)", log.len());
    } else {
        outln!(
            "linked {} commit(s) from {} read:",
            outcome.linked.len(),
            log.len()
        );
        for (story, hash) in &outcome.linked {
            let subject = log
                .iter()
                .find(|c| &c.hash == hash)
                .map_or("", |c| c.subject.as_str());
            outln!("  {story}  {}  {}", short(hash), safe_text::line(subject));
        }
    }
    for (story, status) in &outcome.moved {
        outln!("moved {story} to {status}");
    }
    for (_, why) in &outcome.not_moved {
        outln!("not moved: {why}");
    }
    for (story, hash) in &outcome.unknown {
        outln!(
            "skipped: {} names {story}, which this document does not have",
            short(hash)
        );
    }
    Ok(())
}

/// The abbreviated hash people recognise from `git log --oneline`.
pub fn short(hash: &str) -> &str {
    hash.get(..10).unwrap_or(hash)
}
