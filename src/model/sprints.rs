//! Changing sprints: add, edit, plan stories in and out, start and close.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::entities::{Extra, Sprint};
use super::product::whole_seconds;
use super::scope::{Baseline, Committed, SprintResult};
use super::{ModelError, Product, SprintId, SprintState, StoryId};

#[derive(Debug, Clone, PartialEq)]
pub struct SprintDraft {
    pub name: String,
    pub goal: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SprintPatch {
    pub name: Option<String>,
    pub goal: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub capacity: Option<Option<u32>>,
}

/// What closing a sprint did with its unfinished stories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloseOutcome {
    pub carried_over: Vec<StoryId>,
    pub to: Option<SprintId>,
}

impl Product {
    pub fn add_sprint(&mut self, draft: SprintDraft) -> Result<SprintId, ModelError> {
        let name = super::stories::required_title(&draft.name)?;
        let id = SprintId(self.next_ids.sprint.max(1));
        check_sprint_dates(id, draft.start, draft.end)?;
        super::limits::check_capacity(draft.capacity)?;
        let id = self.alloc_sprint()?;
        self.sprints.push(Sprint {
            id,
            name,
            goal: draft.goal,
            start: draft.start,
            end: draft.end,
            capacity: draft.capacity,
            state: SprintState::Planned,
            baseline: None,
            scope_changes: Vec::new(),
            result: None,
            extra: Extra::new(),
        });
        Ok(id)
    }

    pub fn update_sprint(&mut self, id: SprintId, patch: SprintPatch) -> Result<(), ModelError> {
        let i = self.sprint_index(id)?;
        let current = &self.sprints[i];
        let name = patch
            .name
            .as_deref()
            .map(super::stories::required_title)
            .transpose()?;
        let start = patch.start.unwrap_or(current.start);
        let end = patch.end.unwrap_or(current.end);
        check_sprint_dates(id, start, end)?;
        super::limits::check_capacity(patch.capacity.unwrap_or(current.capacity))?;
        let s = &mut self.sprints[i];
        if let Some(n) = name {
            s.name = n;
        }
        if let Some(g) = patch.goal {
            s.goal = g;
        }
        if let Some(c) = patch.capacity {
            s.capacity = c;
        }
        s.start = start;
        s.end = end;
        Ok(())
    }

    /// Plans stories into a sprint that is not closed. All or nothing. Into a started
    /// sprint, each is recorded as a scope change at `now`.
    pub fn plan_stories(
        &mut self,
        sprint: SprintId,
        stories: &[StoryId],
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let state = self.sprint(sprint)?.state;
        if state == SprintState::Closed {
            return Err(ModelError::SprintState {
                sprint: sprint.to_string(),
                state: "closed",
                action: "plan stories into it",
            });
        }
        let indexes = self.story_indexes(stories)?;
        for i in indexes {
            let from = self.stories[i].sprint.replace(sprint);
            self.note_sprint_move(self.stories[i].id, from, Some(sprint), whole_seconds(now));
        }
        Ok(())
    }

    /// Takes stories out of a sprint, back to the backlog. Each must be in that sprint.
    pub fn unplan_stories(
        &mut self,
        sprint: SprintId,
        stories: &[StoryId],
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        self.sprint(sprint)?;
        let indexes = self.story_indexes(stories)?;
        for &i in &indexes {
            if self.stories[i].sprint != Some(sprint) {
                return Err(ModelError::NotFound {
                    kind: "story",
                    id: format!("{} in sprint {sprint}", self.stories[i].id),
                });
            }
        }
        for i in indexes {
            self.stories[i].sprint = None;
            self.note_sprint_move(self.stories[i].id, Some(sprint), None, whole_seconds(now));
        }
        Ok(())
    }

    /// Starts a planned sprint, recording its stories and their points as the committed
    /// baseline. Only one sprint may be active at a time.
    pub fn start_sprint(&mut self, id: SprintId, now: DateTime<Utc>) -> Result<(), ModelError> {
        let i = self.sprint_index(id)?;
        if let Some(active) = self.active_sprint() {
            if active.id == id {
                return Err(ModelError::AlreadyRunning {
                    sprint: id.to_string(),
                });
            }
            return Err(ModelError::SecondActiveSprint {
                active: active.id.to_string(),
                wanted: id.to_string(),
            });
        }
        let state = self.sprints[i].state;
        if state != SprintState::Planned {
            return Err(ModelError::SprintState {
                sprint: id.to_string(),
                state: state.as_str(),
                action: "start it",
            });
        }
        let stories = self
            .sprint_stories(id)
            .map(|s| Committed {
                story: s.id,
                points: s.points,
                extra: Extra::new(),
            })
            .collect();
        let sprint = &mut self.sprints[i];
        sprint.state = SprintState::Active;
        sprint.baseline = Some(Baseline {
            at: whole_seconds(now),
            stories,
            extra: Extra::new(),
        });
        Ok(())
    }

    /// Starts a planned sprint on `today` (see [`start_sprint`](Self::start_sprint)). Started
    /// before its start date, it moves to run from today for as many days as it had, so its
    /// days left, burndown and forecasts count the days it really has; started on or after
    /// its start date, its dates stay.
    pub fn start_sprint_on(
        &mut self,
        id: SprintId,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let moved = self.sprint(id)?.early_start(today);
        self.start_sprint(id, now)?;
        if let Some(EarlyStart { start, end, .. }) = moved {
            let i = self.sprint_index(id)?;
            self.sprints[i].start = start;
            self.sprints[i].end = end;
        }
        Ok(())
    }

    /// Closes the active sprint, carrying every unfinished story over (see
    /// [`close_sprint_carrying`](Self::close_sprint_carrying)).
    pub fn close_sprint(
        &mut self,
        id: SprintId,
        carry_to: Option<SprintId>,
        now: DateTime<Utc>,
    ) -> Result<CloseOutcome, ModelError> {
        let unfinished: Vec<StoryId> = self
            .sprint_stories(id)
            .filter(|s| !s.is_done())
            .map(|s| s.id)
            .collect();
        self.close_sprint_carrying(id, &unfinished, carry_to, now)
    }

    /// Closes the active sprint. The unfinished stories in `carry` move to `carry_to` (a
    /// planned or active sprint), or else back to the top of the backlog in the order they
    /// had; the unfinished stories not in `carry` stay in the closed sprint, not done. The
    /// result (committed, done, carried over and where) is recorded in the sprint.
    pub fn close_sprint_carrying(
        &mut self,
        id: SprintId,
        carry: &[StoryId],
        carry_to: Option<SprintId>,
        now: DateTime<Utc>,
    ) -> Result<CloseOutcome, ModelError> {
        let i = self.sprint_index(id)?;
        let state = self.sprints[i].state;
        if state != SprintState::Active {
            return Err(ModelError::SprintState {
                sprint: id.to_string(),
                state: state.as_str(),
                action: "close it (only the active sprint can be closed)",
            });
        }
        if let Some(to) = carry_to {
            if to == id {
                return Err(ModelError::SprintState {
                    sprint: id.to_string(),
                    state: "being closed",
                    action: "carry stories over into it",
                });
            }
            if self.sprint(to)?.state == SprintState::Closed {
                return Err(ModelError::SprintState {
                    sprint: to.to_string(),
                    state: "closed",
                    action: "carry stories over into it",
                });
            }
        }
        for story in carry {
            let s = self.story(*story)?;
            if s.sprint != Some(id) || s.is_done() {
                return Err(ModelError::NotFound {
                    kind: "story",
                    id: format!("{story} unfinished in sprint {id}"),
                });
            }
        }
        // In backlog order, whatever order `carry` names them in.
        let unfinished: Vec<StoryId> = self
            .sprint_stories(id)
            .filter(|s| carry.contains(&s.id))
            .map(|s| s.id)
            .collect();
        let carried_points = self
            .sprint_stories(id)
            .filter(|s| carry.contains(&s.id))
            .fold(0u32, |n, s| n.saturating_add(s.points.unwrap_or(0)));
        let progress = self.sprint_progress(id);
        let result = SprintResult {
            closed: whole_seconds(now),
            committed: progress.points_total,
            done: progress.points_done,
            done_stories: self
                .sprint_stories(id)
                .filter(|s| s.is_done())
                .map(|s| s.id)
                .collect(),
            carried_over: unfinished.clone(),
            carried_points,
            carried_to: carry_to,
            extra: Extra::new(),
        };
        match carry_to {
            Some(to) => {
                self.stories
                    .change_where(|s| unfinished.contains(&s.id), |s| s.sprint = Some(to));
            }
            None => {
                // Stable partition: the unfinished ones first, each group keeping its order.
                let ranked = self.stories.ranked_mut();
                let (mut first, rest): (Vec<_>, Vec<_>) = std::mem::take(ranked)
                    .into_iter()
                    .partition(|s| unfinished.contains(&s.id));
                for s in &mut first {
                    Arc::make_mut(s).sprint = None;
                }
                first.extend(rest);
                *ranked = first;
            }
        }
        self.sprints[i].state = SprintState::Closed;
        self.sprints[i].result = Some(result);
        Ok(CloseOutcome {
            carried_over: unfinished,
            to: carry_to,
        })
    }

    /// The stories planned into a sprint, in backlog order.
    pub fn sprint_stories(&self, id: SprintId) -> impl Iterator<Item = &crate::model::Story> {
        self.stories.iter().filter(move |s| s.sprint == Some(id))
    }

    fn story_indexes(&self, ids: &[StoryId]) -> Result<Vec<usize>, ModelError> {
        ids.iter().map(|id| self.story_index(*id)).collect()
    }
}

/// How starting a sprint before its start date moves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EarlyStart {
    /// How many days before its start date it starts.
    pub days_early: i64,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Sprint {
    /// How many days after its start date `today` is (0 on or before it): how late a start
    /// on `today` would be.
    pub fn days_late(&self, today: NaiveDate) -> i64 {
        (today - self.start).num_days().max(0)
    }

    /// Where starting this sprint on `today` moves it: to run from today for as many days
    /// as it had. `None` when today is on or after its start date.
    pub fn early_start(&self, today: NaiveDate) -> Option<EarlyStart> {
        let days_early = (self.start - today).num_days();
        (days_early > 0).then(|| EarlyStart {
            days_early,
            start: today,
            end: today + (self.end - self.start),
        })
    }
}

fn check_sprint_dates(id: SprintId, start: NaiveDate, end: NaiveDate) -> Result<(), ModelError> {
    if end < start {
        return Err(ModelError::EndBeforeStart {
            sprint: id.to_string(),
            start,
            end,
        });
    }
    super::limits::check_sprint_span(start, end)
}
