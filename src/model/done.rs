//! What "done" means: the team's Definition of Done (a checklist in the settings that every
//! story shares), each story's ticks against it, and what is still open on a story (unticked
//! acceptance criteria and DoD items), which a move to done is checked against.

use std::fmt;

use super::{ModelError, Product, Story, StoryId, StoryStatus};

/// Something still open on a story that is, or is about to be, done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenItem {
    /// An acceptance criterion not ticked off: its 1-based number and text.
    Criterion(usize, String),
    /// A Definition of Done item not ticked on this story.
    Dod(String),
}

impl fmt::Display for OpenItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenItem::Criterion(n, text) => write!(f, "criterion {n} '{text}'"),
            OpenItem::Dod(text) => write!(f, "DoD item '{text}'"),
        }
    }
}

/// Whether a move to done may leave items open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoneRule {
    /// Refuse the move while anything is open.
    Checked,
    /// Move anyway (`--force`); the sprint review lists it as done with exceptions.
    Forced,
}

impl Product {
    /// The Definition of Done, in its order.
    pub fn definition_of_done(&self) -> &[String] {
        &self.settings.definition_of_done
    }

    /// Replaces the Definition of Done. Items are trimmed; empty and repeated ones dropped.
    /// Stories keep their ticks by item text, so an item kept across a change stays ticked.
    pub fn set_definition_of_done(&mut self, items: Vec<String>) {
        let mut out: Vec<String> = Vec::new();
        for item in items {
            let item = item.trim();
            if !item.is_empty() && !out.iter().any(|o| o == item) {
                out.push(item.to_string());
            }
        }
        self.settings.definition_of_done = out;
    }

    /// The story's DoD checklist: each item of the Definition of Done and whether it is ticked.
    pub fn dod_checklist<'a>(&'a self, story: &'a Story) -> impl Iterator<Item = (&'a str, bool)> {
        self.settings
            .definition_of_done
            .iter()
            .map(|item| (item.as_str(), story.dod_done.contains(item)))
    }

    /// Everything open on the story: unticked criteria, then unticked DoD items.
    pub fn open_items(&self, story: &Story) -> Vec<OpenItem> {
        let criteria = story
            .acceptance_criteria
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.done)
            .map(|(i, c)| OpenItem::Criterion(i + 1, c.text.clone()));
        let dod = self
            .dod_checklist(story)
            .filter(|(_, done)| !done)
            .map(|(item, _)| OpenItem::Dod(item.to_string()));
        criteria.chain(dod).collect()
    }

    /// Refuses to finish `story` (as it would be after the change) while items are open,
    /// unless the rule is [`DoneRule::Forced`]. Only a move into done is checked: editing a
    /// story that is already done is not a new claim that it is finished.
    pub(super) fn check_finish(
        &self,
        before: StoryStatus,
        after: &Story,
        rule: DoneRule,
    ) -> Result<(), ModelError> {
        if rule == DoneRule::Forced || before == StoryStatus::Done || !after.is_done() {
            return Ok(());
        }
        let open = self.open_items(after);
        if open.is_empty() {
            return Ok(());
        }
        let criteria = open
            .iter()
            .filter(|o| matches!(o, OpenItem::Criterion(..)))
            .count();
        Err(ModelError::OpenAtDone {
            story: after.id.to_string(),
            open: open
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            criteria,
            dod: open.len() - criteria,
        })
    }

    /// The number of a DoD item, checked: 1-based, within the current Definition of Done.
    pub(super) fn dod_item(&self, story: StoryId, number: usize) -> Result<&str, ModelError> {
        let count = self.settings.definition_of_done.len();
        number
            .checked_sub(1)
            .and_then(|i| self.settings.definition_of_done.get(i))
            .map(String::as_str)
            .ok_or(ModelError::NoDodItem {
                story: story.to_string(),
                number,
                count,
            })
    }
}
