//! Git commits linked to stories. Pure: the commits come in as values (read by `crate::git`),
//! and this finds which stories their messages name, records the links once each, and, when
//! the document asks for it, moves a story a `fixes S-n` commit names.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::entities::Extra;
use super::{DoneRule, ModelError, Product, StoryId, StoryPatch, StoryStatus};

/// A commit as the log gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    pub author: String,
    pub date: DateTime<Utc>,
    pub subject: String,
    /// The whole message, subject included: a story may be named in the body.
    pub message: String,
}

/// A commit linked to a story, as saved in the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CommitLink {
    pub hash: String,
    pub subject: String,
    pub author: String,
    pub date: DateTime<Utc>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A story named in a commit message; `fixes` when written `fixes S-n` (or fix, fixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub story: StoryId,
    pub fixes: bool,
}

/// Which commits move a story: the document's `settings.commits`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CommitSettings {
    /// `fixes`: a `fixes S-n` commit moves S-n on; unset, commits only link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close_on: Option<CloseOn>,
    /// Where such a commit moves the story: `review` (the default) or `done`.
    #[serde(default = "review", skip_serializing_if = "is_review")]
    pub close_to: StoryStatus,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CloseOn {
    Fixes,
}

fn review() -> StoryStatus {
    StoryStatus::Review
}

fn is_review(status: &StoryStatus) -> bool {
    *status == StoryStatus::Review
}

impl Default for CommitSettings {
    fn default() -> CommitSettings {
        CommitSettings {
            close_on: None,
            close_to: StoryStatus::Review,
            extra: Extra::new(),
        }
    }
}

impl CommitSettings {
    pub fn is_default(&self) -> bool {
        self == &CommitSettings::default()
    }
}

/// What a scan did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScanOutcome {
    /// New links, oldest commit first: the story and the commit's hash.
    pub linked: Vec<(StoryId, String)>,
    /// Stories a `fixes` commit moved, and where to.
    pub moved: Vec<(StoryId, StoryStatus)>,
    /// Stories a `fixes` commit would have moved to done but which have open items.
    pub not_moved: Vec<(StoryId, ModelError)>,
    /// Stories named in a message that this document does not have, with the hash.
    pub unknown: Vec<(StoryId, String)>,
}

/// Every story a message names, once each, in the order first named. A name is `S-` and
/// digits, in any case, standing alone: `S-42`, `[S-42]`, `(s-42)`, `S-42:`; not `S-420`
/// for S-42, not `PS-42` nor `S-42a`.
pub fn mentions(message: &str) -> Vec<Mention> {
    let bytes = message.as_bytes();
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i + 2 < bytes.len() {
        let starts_word = i == 0 || !is_word(bytes[i - 1]);
        if !(starts_word && bytes[i].eq_ignore_ascii_case(&b's') && bytes[i + 1] == b'-') {
            i += 1;
            continue;
        }
        let digits = bytes[i + 2..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = i + 2 + digits;
        let ends_word = bytes.get(end).is_none_or(|b| !is_word(*b));
        let number = message[i + 2..end].parse::<u32>().ok();
        if let (Some(n), true, true) = (number, digits > 0, ends_word) {
            let fixes = fixes_before(&message[..i]);
            match out.iter_mut().find(|m| m.story == StoryId(n)) {
                Some(m) => m.fixes |= fixes,
                None => out.push(Mention {
                    story: StoryId(n),
                    fixes,
                }),
            }
        }
        i = end.max(i + 1);
    }
    out
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// Whether the text just before a story's name ends in `fix`, `fixes` or `fixed` (any case),
/// allowing `:`, `[`, `(`, `#` and spaces between.
fn fixes_before(before: &str) -> bool {
    let trimmed = before.trim_end_matches(|c: char| c.is_whitespace() || "[(#:".contains(c));
    let word_start = trimmed
        .rfind(|c: char| !c.is_ascii_alphabetic())
        .map_or(0, |i| i + 1);
    let word = &trimmed[word_start..];
    ["fix", "fixes", "fixed"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

impl Product {
    /// Sets which commits move stories; only `review` and `done` are places to move to.
    pub fn set_commit_settings(
        &mut self,
        close_on: Option<CloseOn>,
        close_to: StoryStatus,
    ) -> Result<(), ModelError> {
        if !matches!(close_to, StoryStatus::Review | StoryStatus::Done) {
            return Err(ModelError::BadChoice {
                what: "status a fixing commit moves a story to",
                value: close_to.to_string(),
                choices: "review, done".to_string(),
            });
        }
        self.settings.commits.close_on = close_on;
        self.settings.commits.close_to = close_to;
        Ok(())
    }

    /// Links each commit to the stories its message names, skipping links already there, so
    /// scanning the same history again adds nothing. `commits` come as `git log` gives them,
    /// newest first; they are taken oldest first (by date, then in reverse log order for
    /// commits made in the same second). A story is moved (at `now`) only by a commit newly
    /// linked, and only forward: a `fixes` commit never takes a done story back to review.
    pub fn link_commits(&mut self, commits: &[Commit], now: DateTime<Utc>) -> ScanOutcome {
        let mut order: Vec<&Commit> = commits.iter().rev().collect();
        order.sort_by_key(|c| c.date);
        let mut outcome = ScanOutcome::default();
        let settings = self.settings.commits.clone();
        for commit in order {
            for m in mentions(&commit.message) {
                let Ok(i) = self.story_index(m.story) else {
                    outcome.unknown.push((m.story, commit.hash.clone()));
                    continue;
                };
                let story = &mut self.stories[i];
                if story.commits.iter().any(|c| c.hash == commit.hash) {
                    continue;
                }
                story.commits.push(CommitLink {
                    hash: commit.hash.clone(),
                    subject: commit.subject.clone(),
                    author: commit.author.clone(),
                    date: commit.date,
                    extra: Extra::new(),
                });
                outcome.linked.push((m.story, commit.hash.clone()));
                let closes = m.fixes && settings.close_on == Some(CloseOn::Fixes);
                if closes && story.status < settings.close_to {
                    let patch = StoryPatch {
                        status: Some(settings.close_to),
                        ..StoryPatch::default()
                    };
                    match self.update_story_checked(m.story, patch, now, DoneRule::Checked) {
                        Ok(()) => outcome.moved.push((m.story, settings.close_to)),
                        Err(e) => outcome.not_moved.push((m.story, e)),
                    }
                }
            }
        }
        outcome
    }
}
