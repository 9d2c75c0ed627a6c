//! What a sprint committed to and what became of it: the baseline taken at the start, the
//! stories added or removed after it, and the result recorded at the close. Stored in the
//! sprint, because the stories alone forget: a carried-over story no longer names the
//! sprint it was in, and a story planned mid-sprint looks as if it was there from day 1.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::entities::Extra;
use super::{Product, SprintId, SprintState, StoryId};

/// The committed scope when the sprint started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Baseline {
    pub at: DateTime<Utc>,
    pub stories: Vec<Committed>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Baseline {
    pub fn points(&self) -> u32 {
        self.stories
            .iter()
            .fold(0, |sum, c| sum.saturating_add(c.points.unwrap_or(0)))
    }

    pub fn contains(&self, id: StoryId) -> bool {
        self.stories.iter().any(|c| c.story == id)
    }
}

/// One story of a baseline with its estimate then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Committed {
    pub story: StoryId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ScopeChangeKind {
    Added,
    Removed,
}

/// A story planned into or taken out of a sprint after it started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ScopeChange {
    pub story: StoryId,
    pub change: ScopeChangeKind,
    pub at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// What a closed sprint achieved, kept because closing moves its unfinished stories away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SprintResult {
    pub closed: DateTime<Utc>,
    /// Points in the sprint when it closed (the baseline plus and minus scope changes).
    pub committed: u32,
    pub done: u32,
    pub done_stories: Vec<StoryId>,
    pub carried_over: Vec<StoryId>,
    /// Points of the carried-over stories.
    pub carried_points: u32,
    /// The sprint they went to; `None` means the top of the backlog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carried_to: Option<SprintId>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Product {
    /// Records that `story` left sprint `from` and joined sprint `to`, for every started
    /// sprint involved. Called by each change that can move a story between sprints.
    pub(super) fn note_sprint_move(
        &mut self,
        story: StoryId,
        from: Option<SprintId>,
        to: Option<SprintId>,
        at: DateTime<Utc>,
    ) {
        if from == to {
            return;
        }
        let points = self.story(story).ok().and_then(|s| s.points);
        for (sprint, change) in [
            (from, ScopeChangeKind::Removed),
            (to, ScopeChangeKind::Added),
        ] {
            let Some(s) = sprint.and_then(|id| self.sprints.iter_mut().find(|s| s.id == id)) else {
                continue;
            };
            if s.state == SprintState::Active && s.baseline.is_some() {
                s.scope_changes.push(ScopeChange {
                    story,
                    change,
                    at,
                    points,
                    extra: Extra::new(),
                });
            }
        }
    }
}
