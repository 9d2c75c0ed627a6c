//! Putting visions, epics and sprints back exactly as they were, and removing a sprint: the
//! inverses the UI's undo needs for creations and deletions (stories have theirs in
//! `stories.rs`). Links are checked again, since other things may have changed meanwhile.

use super::entities::{Epic, Sprint, Vision};
use super::{ModelError, Product, SprintId};

impl Product {
    /// Puts an epic back at a 1-based rank, replacing the one with its id if there is one.
    pub fn restore_epic(&mut self, epic: Epic, rank: usize) -> Result<(), ModelError> {
        if let Some(v) = epic.vision {
            self.vision(v)?;
        }
        if let (Some(s), Some(t)) = (epic.start, epic.target)
            && t < s
        {
            return Err(ModelError::OutOfRange {
                what: "an epic's target date",
                rule: "on or after its start",
                value: format!("{t} (start {s})"),
            });
        }
        if let Ok(i) = self.epic_index(epic.id) {
            self.epics.remove(i);
        }
        self.next_ids.epic = self.next_ids.epic.max(epic.id.0.saturating_add(1));
        let at = rank.saturating_sub(1).min(self.epics.len());
        self.epics.insert(at, epic);
        Ok(())
    }

    /// Puts a vision back at a 1-based position.
    pub fn restore_vision(&mut self, vision: Vision, position: usize) -> Result<(), ModelError> {
        if let Ok(i) = self.vision_index(vision.id) {
            self.visions.remove(i);
        }
        self.next_ids.vision = self.next_ids.vision.max(vision.id.0.saturating_add(1));
        let at = position.saturating_sub(1).min(self.visions.len());
        self.visions.insert(at, vision);
        Ok(())
    }

    /// Puts a sprint back at a 1-based position. A second active sprint is refused.
    pub fn restore_sprint(&mut self, sprint: Sprint, position: usize) -> Result<(), ModelError> {
        if let Ok(i) = self.sprint_index(sprint.id) {
            // An image taken before a sprint was started or closed must not undo that (a
            // close's result and carried-over stories would be lost): only the undo of the
            // start or close itself may, through `restore_sprint_across`.
            let state = self.sprints[i].state;
            if state != sprint.state {
                return Err(ModelError::SprintState {
                    sprint: sprint.id.to_string(),
                    state: state.as_str(),
                    action: "undo across its start or close",
                });
            }
        }
        self.restore_sprint_across(sprint, position)
    }

    /// Puts a sprint back at a 1-based position whatever its state now: the undo (and redo)
    /// of starting or closing it. A second active sprint is still refused.
    pub fn restore_sprint_across(
        &mut self,
        sprint: Sprint,
        position: usize,
    ) -> Result<(), ModelError> {
        if sprint.end < sprint.start {
            return Err(ModelError::EndBeforeStart {
                sprint: sprint.id.to_string(),
                start: sprint.start,
                end: sprint.end,
            });
        }
        if sprint.state == super::SprintState::Active
            && let Some(active) = self.active_sprint().filter(|a| a.id != sprint.id)
        {
            return Err(ModelError::SecondActiveSprint {
                active: active.id.to_string(),
                wanted: sprint.id.to_string(),
            });
        }
        if let Ok(i) = self.sprint_index(sprint.id) {
            self.sprints.remove(i);
        }
        self.next_ids.sprint = self.next_ids.sprint.max(sprint.id.0.saturating_add(1));
        let at = position.saturating_sub(1).min(self.sprints.len());
        self.sprints.insert(at, sprint);
        Ok(())
    }

    /// Removes a sprint; its stories go back to the backlog. Returns them.
    pub fn remove_sprint(&mut self, id: SprintId) -> Result<Vec<super::StoryId>, ModelError> {
        let i = self.sprint_index(id)?;
        self.sprints.remove(i);
        let mut freed = Vec::new();
        self.stories.change_where(
            |s| s.sprint == Some(id),
            |s| {
                s.sprint = None;
                freed.push(s.id);
            },
        );
        Ok(freed)
    }
}
