//! What an import did (or, for `--dry-run`, would do), worded for the person who ran it.
//! Source text is shown through `safe_text`: a title may hold escape sequences.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::model::{EpicId, Put, SprintId, StoryId};
use crate::safe_text;

/// Something in the source that was left out on purpose, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub what: String,
    pub reason: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryLine {
    pub put: Put,
    pub id: StoryId,
    pub key: String,
    pub title: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub stories: Vec<StoryLine>,
    pub epics: Vec<(Put, EpicId, String)>,
    pub sprints: Vec<(SprintId, String)>,
    pub skipped: Vec<Skipped>,
    pub notes: Vec<String>,
}

/// Whether the summary tells what was done or what a dry run would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Done,
    DryRun,
}

/// Notes beyond this many are counted, not listed: a big import should not bury its
/// summary.
const NOTES_SHOWN: usize = 20;

impl Summary {
    /// Stories whose links changed after they were put count as updated, unless new.
    pub(super) fn mark_updated(&mut self, ids: &std::collections::HashSet<StoryId>) {
        for line in self.stories.iter_mut().filter(|l| ids.contains(&l.id)) {
            if line.put == Put::Unchanged {
                line.put = Put::Updated;
            }
        }
    }

    pub fn count(&self, put: Put) -> usize {
        self.stories.iter().filter(|l| l.put == put).count()
    }

    /// True when the import changes nothing in the document.
    pub fn is_unchanged(&self) -> bool {
        self.sprints.is_empty()
            && self.stories.iter().all(|l| l.put == Put::Unchanged)
            && self.epics.iter().all(|e| e.0 == Put::Unchanged)
    }

    /// The summary as printed. A dry run also lists each story it would create or update.
    pub fn text(&self, mode: Mode) -> String {
        let mut out = String::new();
        let (create, update) = match mode {
            Mode::Done => ("created", "updated"),
            Mode::DryRun => ("would create", "would update"),
        };
        if mode == Mode::DryRun {
            for l in self.stories.iter().filter(|l| l.put != Put::Unchanged) {
                let (word, id) = match l.put {
                    Put::Created => ("create", "new".to_string()),
                    _ => ("update", l.id.to_string()),
                };
                let (key, title) = (safe_text::line(&l.key), safe_text::line(&l.title));
                let _ = writeln!(out, "{word:<6} {id:<7} {key:<12} {title}");
            }
        }
        let _ = writeln!(
            out,
            "stories: {} {create}, {} {update}, {} unchanged",
            self.count(Put::Created),
            self.count(Put::Updated),
            self.count(Put::Unchanged)
        );
        let epic_count = |put| self.epics.iter().filter(|e| e.0 == put).count();
        if !self.epics.is_empty() {
            let _ = writeln!(
                out,
                "epics: {} {create}, {} {update}, {} unchanged",
                epic_count(Put::Created),
                epic_count(Put::Updated),
                epic_count(Put::Unchanged)
            );
        }
        if !self.sprints.is_empty() {
            let names: Vec<_> = self.sprints.iter().map(|s| safe_text::line(&s.1)).collect();
            let _ = writeln!(
                out,
                "sprints {create} (planned, two weeks from today: set their dates with `roadlog sprint edit`): {}",
                names.join(", ")
            );
        }
        if !self.skipped.is_empty() {
            let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
            for s in &self.skipped {
                *reasons.entry(s.reason).or_default() += 1;
            }
            let parts: Vec<String> = reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
            let _ = writeln!(out, "skipped: {}", parts.join(", "));
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "notes:");
            for n in self.notes.iter().take(NOTES_SHOWN) {
                let _ = writeln!(out, "  - {}", safe_text::line(n));
            }
            if self.notes.len() > NOTES_SHOWN {
                let _ = writeln!(out, "  ... and {} more", self.notes.len() - NOTES_SHOWN);
            }
        }
        out
    }
}
