//! The four kinds of thing a product holds. Plain values: the [`Product`](super::Product)
//! decides which changes are allowed. Every entity keeps the fields it does not know in
//! `extra`, so a file written by a newer roadlog survives a save by this one.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::goals::{Goal, GoalRef};
use super::scope::{Baseline, ScopeChange, SprintResult};
use super::{EpicId, EpicStatus, Horizon, SprintId, SprintState, StoryId, StoryStatus, VisionId};

/// Fields this version does not know, kept as they were.
pub type Extra = BTreeMap<String, Value>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Vision {
    pub id: VisionId,
    pub title: String,
    #[serde(default)]
    pub statement: String,
    #[serde(default)]
    pub target_group: String,
    #[serde(default)]
    pub needs: String,
    #[serde(default)]
    pub product: String,
    #[serde(default)]
    pub goals: Vec<Goal>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// RICE inputs: reach (people per period), impact (0.25 to 3), confidence (percent), effort
/// (person-months). The score is reach x impact x confidence / effort.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rice {
    pub reach: f64,
    pub impact: f64,
    pub confidence: f64,
    pub effort: f64,
}

impl Rice {
    pub fn score(&self) -> f64 {
        if self.effort <= 0.0 {
            return 0.0;
        }
        self.reach * self.impact * (self.confidence / 100.0) / self.effort
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Epic {
    pub id: EpicId,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub vision: Option<VisionId>,
    pub status: EpicStatus,
    pub horizon: Horizon,
    #[serde(default)]
    pub start: Option<NaiveDate>,
    #[serde(default)]
    pub target: Option<NaiveDate>,
    #[serde(default)]
    pub rice: Option<Rice>,
    /// Skipped when unset, so files from before WSJF save unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wsjf: Option<super::Wsjf>,
    #[serde(default)]
    pub labels: Vec<String>,
    /// What the source an epic was imported from calls it (a milestone id, a Jira key, a
    /// Taskwarrior project): a re-import finds it by this. Skipped when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_key: Option<String>,
    /// The business goals this epic moves; skipped when none, so older files save unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<GoalRef>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Epic {
    pub fn score(&self) -> Option<f64> {
        self.rice.map(|r| r.score())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Criterion {
    pub text: String,
    #[serde(default)]
    pub done: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// When a story entered a status; the sprint burndown is drawn from these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StatusChange {
    pub status: StoryStatus,
    #[serde(deserialize_with = "super::dates::deserialize_utc")]
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Story {
    pub id: StoryId,
    pub title: String,
    #[serde(default)]
    pub as_a: String,
    #[serde(default)]
    pub i_want: String,
    #[serde(default)]
    pub so_that: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub acceptance_criteria: Vec<Criterion>,
    #[serde(default)]
    pub points: Option<u32>,
    pub status: StoryStatus,
    #[serde(default)]
    pub epic: Option<EpicId>,
    #[serde(default)]
    pub sprint: Option<SprintId>,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub blocked_by: Vec<StoryId>,
    #[serde(deserialize_with = "super::dates::deserialize_utc")]
    pub created: DateTime<Utc>,
    #[serde(deserialize_with = "super::dates::deserialize_utc")]
    pub updated: DateTime<Utc>,
    #[serde(default)]
    pub history: Vec<StatusChange>,
    /// What the source a story was imported from calls it (`BACK-12`, `PROJ-7`, a
    /// Taskwarrior uuid): a re-import updates the story it finds by this instead of adding a
    /// second one. Skipped when unset, so documents without imports save unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_key: Option<String>,
    /// The Definition of Done items ticked on this story, by their text, so a tick survives
    /// the checklist being reordered. Left out of the file while empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dod_done: Vec<String>,
    /// Git commits whose messages name this story (`roadlog commits scan`), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commits: Vec<super::CommitLink>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Story {
    /// Ready for planning: it says what "done" means and how big it is.
    pub fn is_ready(&self) -> bool {
        !self.acceptance_criteria.is_empty() && self.points.is_some()
    }

    pub fn is_done(&self) -> bool {
        self.status == StoryStatus::Done
    }

    /// The status the story had at the end of `moment`, from its history. Stories whose
    /// history starts later did not exist yet and report `None`.
    pub fn status_at(&self, moment: DateTime<Utc>) -> Option<StoryStatus> {
        if self.history.is_empty() {
            return (self.created <= moment).then_some(self.status);
        }
        self.history
            .iter()
            .take_while(|c| c.at <= moment)
            .last()
            .map(|c| c.status)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Sprint {
    pub id: SprintId,
    pub name: String,
    #[serde(default)]
    pub goal: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(default)]
    pub capacity: Option<u32>,
    pub state: SprintState,
    /// Taken at the start; older files and planned sprints have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scope_changes: Vec<ScopeChange>,
    /// Recorded at the close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<SprintResult>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Sprint {
    /// Days left including today: none once closed or past its end; an active sprint
    /// counts from today even if it was started before its start date.
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        if self.state == SprintState::Closed || today > self.end {
            return 0;
        }
        let from = if self.state == SprintState::Active {
            today
        } else {
            today.max(self.start)
        };
        (self.end - from).num_days() + 1
    }
}
