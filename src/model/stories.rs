//! Changing stories: add, edit, reorder, remove, tick acceptance criteria.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::entities::{Criterion, Extra, StatusChange, Story};
use super::product::{Place, reorder, whole_seconds};
use super::{DoneRule, EpicId, ModelError, Product, SprintId, SprintState, StoryId, StoryStatus};

/// Everything a new story may start with; `title` is the only required part.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryDraft {
    pub title: String,
    pub as_a: String,
    pub i_want: String,
    pub so_that: String,
    pub description: String,
    pub acceptance_criteria: Vec<String>,
    pub points: Option<u32>,
    pub status: Option<StoryStatus>,
    pub epic: Option<EpicId>,
    pub sprint: Option<SprintId>,
    pub labels: Vec<String>,
    pub assignee: Option<String>,
    pub blocked_by: Vec<StoryId>,
}

/// A change to some of a story's fields; `None` leaves a field as it is. For the optional
/// fields, `Some(None)` clears them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryPatch {
    pub title: Option<String>,
    pub as_a: Option<String>,
    pub i_want: Option<String>,
    pub so_that: Option<String>,
    pub description: Option<String>,
    pub points: Option<Option<u32>>,
    pub status: Option<StoryStatus>,
    pub epic: Option<Option<EpicId>>,
    pub sprint: Option<Option<SprintId>>,
    pub labels: Option<Vec<String>>,
    pub assignee: Option<Option<String>>,
    pub blocked_by: Option<Vec<StoryId>>,
    /// Criteria appended at the end.
    pub add_criteria: Vec<String>,
    /// 1-based criterion numbers to mark done or not done.
    pub criteria_done: Vec<(usize, bool)>,
    /// 1-based Definition of Done item numbers to tick or untick on this story.
    pub dod_done: Vec<(usize, bool)>,
}

impl StoryPatch {
    pub fn is_empty(&self) -> bool {
        self == &StoryPatch::default()
    }
}

impl Product {
    /// Adds a story at `place` in the backlog and returns its new id.
    pub fn add_story(
        &mut self,
        draft: StoryDraft,
        place: Place<StoryId>,
        now: DateTime<Utc>,
    ) -> Result<StoryId, ModelError> {
        let now = whole_seconds(now);
        let title = required_title(&draft.title)?;
        super::limits::check_points(draft.points, self.points_scale())?;
        self.check_story_links(None, draft.epic, draft.sprint, &draft.blocked_by)?;
        if let Place::Before(anchor) | Place::After(anchor) = place {
            self.story_index(anchor)?;
        }
        let status = draft.status.unwrap_or(StoryStatus::Draft);
        let id = self.alloc_story()?;
        let story = Story {
            id,
            title,
            as_a: draft.as_a,
            i_want: draft.i_want,
            so_that: draft.so_that,
            description: draft.description,
            acceptance_criteria: draft
                .acceptance_criteria
                .into_iter()
                .map(|text| Criterion {
                    text,
                    done: false,
                    extra: Extra::new(),
                })
                .collect(),
            points: draft.points,
            status,
            epic: draft.epic,
            sprint: draft.sprint,
            labels: clean_labels(draft.labels),
            assignee: draft.assignee.filter(|a| !a.trim().is_empty()),
            blocked_by: dedup(draft.blocked_by),
            created: now,
            updated: now,
            history: vec![StatusChange {
                status,
                at: now,
                extra: Extra::new(),
            }],
            external_key: None,
            dod_done: Vec::new(),
            commits: Vec::new(),
            extra: Extra::new(),
        };
        self.stories.push(story);
        let last = self.stories.len() - 1;
        reorder(self.stories.ranked_mut(), last, id, place, find_story)?;
        self.note_sprint_move(id, None, draft.sprint, now);
        Ok(id)
    }

    /// Applies a patch; nothing changes if any part of it is refused. A move to done is not
    /// checked against open items: callers that enforce that use [`update_story_checked`].
    ///
    /// [`update_story_checked`]: Product::update_story_checked
    pub fn update_story(
        &mut self,
        id: StoryId,
        patch: StoryPatch,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        self.update_story_checked(id, patch, now, DoneRule::Forced)
    }

    /// Applies a patch; with [`DoneRule::Checked`] a move to done is refused while the story,
    /// as the patch leaves it, has open criteria or unticked DoD items. The patch is applied
    /// to a copy of the story first, so nothing changes if any part of it is refused.
    pub fn update_story_checked(
        &mut self,
        id: StoryId,
        patch: StoryPatch,
        now: DateTime<Utc>,
        rule: DoneRule,
    ) -> Result<(), ModelError> {
        let i = self.story_index(id)?;
        let now = whole_seconds(now);
        let current = &self.stories[i];
        let epic = patch.epic.unwrap_or(current.epic);
        let sprint = patch.sprint.unwrap_or(current.sprint);
        let blocked = patch
            .blocked_by
            .clone()
            .unwrap_or_else(|| current.blocked_by.clone());
        let current_sprint = current.sprint;
        let sprint_changed = sprint != current_sprint;
        self.check_story_links(Some(id), epic, sprint.filter(|_| sprint_changed), &blocked)?;
        let title = patch.title.as_deref().map(required_title).transpose()?;
        if let Some(points) = patch.points {
            super::limits::check_points(points, self.points_scale())?;
        }
        let count = current.acceptance_criteria.len() + patch.add_criteria.len();
        for &(number, _) in &patch.criteria_done {
            if number == 0 || number > count {
                return Err(ModelError::NoCriterion {
                    story: id.to_string(),
                    number,
                    count,
                });
            }
        }
        let dod_ticks = patch
            .dod_done
            .iter()
            .map(|&(number, done)| Ok((self.dod_item(id, number)?.to_string(), done)))
            .collect::<Result<Vec<_>, ModelError>>()?;

        let before = current.status;
        let mut story = current.clone();
        if let Some(t) = title {
            story.title = t;
        }
        set(&mut story.as_a, patch.as_a);
        set(&mut story.i_want, patch.i_want);
        set(&mut story.so_that, patch.so_that);
        set(&mut story.description, patch.description);
        set(&mut story.points, patch.points);
        story.epic = epic;
        story.sprint = sprint;
        if let Some(labels) = patch.labels {
            story.labels = clean_labels(labels);
        }
        if let Some(assignee) = patch.assignee {
            story.assignee = assignee.filter(|a| !a.trim().is_empty());
        }
        story.blocked_by = dedup(blocked);
        story
            .acceptance_criteria
            .extend(patch.add_criteria.into_iter().map(|text| Criterion {
                text,
                done: false,
                extra: Extra::new(),
            }));
        for (number, done) in patch.criteria_done {
            story.acceptance_criteria[number - 1].done = done;
        }
        for (item, done) in dod_ticks {
            story.dod_done.retain(|d| *d != item);
            if done {
                story.dod_done.push(item);
            }
        }
        if let Some(status) = patch.status {
            enter_status(&mut story, status, now);
        }
        if story == self.stories[i] {
            // Nothing changed: no new `updated` either, so a command repeated saves nothing.
            return Ok(());
        }
        story.updated = now;
        self.check_finish(before, &story, rule)?;
        self.stories[i] = story;
        self.note_sprint_move(id, current_sprint, sprint, now);
        Ok(())
    }

    /// Sets a story's status, recording when it entered it.
    pub fn set_story_status(
        &mut self,
        id: StoryId,
        status: StoryStatus,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let i = self.story_index(id)?;
        let story = &mut self.stories[i];
        let now = whole_seconds(now);
        enter_status(story, status, now);
        story.updated = now;
        Ok(())
    }

    /// Moves a story to another place in the backlog.
    pub fn move_story(&mut self, id: StoryId, place: Place<StoryId>) -> Result<(), ModelError> {
        let from = self.story_index(id)?;
        reorder(self.stories.ranked_mut(), from, id, place, find_story)
    }

    /// Removes a story and every blocked-by link to it. Returns the removed story and its
    /// former 1-based rank, so callers can offer undo.
    pub fn remove_story(&mut self, id: StoryId) -> Result<(Story, usize), ModelError> {
        let i = self.story_index(id)?;
        let story = self.stories.remove(i);
        self.stories.change_where(
            |other| other.blocked_by.contains(&id),
            |other| other.blocked_by.retain(|b| *b != id),
        );
        Ok((story, i + 1))
    }

    /// Puts back a story exactly as it was, at a 1-based rank: the inverse of a removal or of
    /// an edit, for undo. Its links are checked again, since other things may have changed.
    pub fn restore_story(&mut self, story: Story, rank: usize) -> Result<(), ModelError> {
        let exists = self.story_index(story.id).ok();
        // A story put back into a sprint that closed since (undoing its deletion) was
        // planned there while it was open: only the sprint's existence is checked.
        if let Some(sp) = story.sprint {
            self.sprint(sp)?;
        }
        self.check_story_links(Some(story.id), story.epic, None, &story.blocked_by)?;
        if let Some(i) = exists {
            self.stories.remove(i);
        }
        self.next_ids.story = self.next_ids.story.max(story.id.0.saturating_add(1));
        let at = rank.saturating_sub(1).min(self.stories.len());
        self.stories.insert(at, story);
        Ok(())
    }

    /// Stories that have `id` in their blocked-by list.
    pub fn stories_blocked_by(&self, id: StoryId) -> Vec<StoryId> {
        self.stories
            .iter()
            .filter(|s| s.blocked_by.contains(&id))
            .map(|s| s.id)
            .collect()
    }

    /// True when one of the story's blockers is not done yet.
    pub fn is_blocked(&self, story: &Story) -> bool {
        story
            .blocked_by
            .iter()
            .any(|b| self.story(*b).is_ok_and(|s| !s.is_done()))
    }

    /// Checks that a story's links point at things that exist, that a newly chosen sprint
    /// accepts stories, and that blocked-by stays acyclic.
    pub(super) fn check_story_links(
        &self,
        story: Option<StoryId>,
        epic: Option<EpicId>,
        new_sprint: Option<SprintId>,
        blocked_by: &[StoryId],
    ) -> Result<(), ModelError> {
        if let Some(e) = epic {
            self.epic(e)?;
        }
        if let Some(sp) = new_sprint {
            let sprint = self.sprint(sp)?;
            if sprint.state == SprintState::Closed {
                return Err(ModelError::SprintState {
                    sprint: sp.to_string(),
                    state: "closed",
                    action: "plan stories into it",
                });
            }
        }
        for b in blocked_by {
            if Some(*b) == story {
                return Err(ModelError::BlockedBySelf {
                    story: b.to_string(),
                });
            }
            self.story(*b)?;
        }
        if let Some(id) = story
            && let Some(path) = self.cycle_through(id, blocked_by)
        {
            return Err(ModelError::BlockedByCycle { path });
        }
        Ok(())
    }

    /// If `id` were blocked by `blockers`, would `id` end up waiting on itself? Returns the
    /// loop as `S-1 -> S-2 -> S-1`.
    fn cycle_through(&self, id: StoryId, blockers: &[StoryId]) -> Option<String> {
        if blockers.is_empty() {
            return None;
        }
        let edges: HashMap<StoryId, &[StoryId]> = self
            .stories
            .iter()
            .map(|s| (s.id, s.blocked_by.as_slice()))
            .collect();
        loop_through(id, blockers, |at| {
            edges.get(&at).copied().unwrap_or_default()
        })
    }
}

/// The blocked-by loop `id` would be on if it waited for `blockers`, given what each story
/// waits for (`waits_for`), as `S-1 -> S-2 -> S-1`.
pub(super) fn loop_through<'a>(
    id: StoryId,
    blockers: &[StoryId],
    waits_for: impl Fn(StoryId) -> &'a [StoryId],
) -> Option<String> {
    let mut seen = HashSet::new();
    // Depth-first search with an explicit path, so the message can show the loop.
    let mut stack: Vec<(StoryId, Vec<StoryId>)> =
        blockers.iter().map(|b| (*b, vec![id, *b])).collect();
    while let Some((at, path)) = stack.pop() {
        if at == id {
            let names: Vec<String> = path.iter().map(ToString::to_string).collect();
            return Some(names.join(" -> "));
        }
        if !seen.insert(at) {
            continue;
        }
        for next in waits_for(at) {
            let mut longer = path.clone();
            longer.push(*next);
            stack.push((*next, longer));
        }
    }
    None
}

fn find_story(stories: &[Arc<Story>], id: StoryId) -> Result<usize, ModelError> {
    stories
        .iter()
        .position(|s| s.id == id)
        .ok_or_else(|| ModelError::not_found(StoryId::KIND, id))
}

pub(super) fn enter_status(story: &mut Story, status: StoryStatus, now: DateTime<Utc>) {
    if story.status != status {
        story.status = status;
        story.history.push(StatusChange {
            status,
            at: now,
            extra: Extra::new(),
        });
    }
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}

pub(super) fn required_title(title: &str) -> Result<String, ModelError> {
    let t = title.trim();
    if t.is_empty() {
        return Err(ModelError::Empty { what: "a title" });
    }
    Ok(t.to_string())
}

/// Labels are trimmed, empty ones dropped, duplicates removed, first spelling kept.
pub(super) fn clean_labels(labels: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in labels {
        let l = l.trim();
        if !l.is_empty() && !out.iter().any(|o| o == l) {
            out.push(l.to_string());
        }
    }
    out
}

pub(super) fn dedup(ids: Vec<StoryId>) -> Vec<StoryId> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}
