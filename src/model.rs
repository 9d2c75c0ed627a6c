//! The product: ids, visions, epics, stories and sprints, the [`Product`] aggregate that is
//! the only thing that changes them, and the figures derived from them.
//!
//! Pure by rule: nothing here reads a file, a terminal or the clock. The current time is
//! passed in, so every result is reproducible in tests.

mod amount;
mod burndown;
mod choice;
mod commits;
mod conflicts;
mod criteria;
mod dates;
mod done;
mod entities;
mod error;
mod figures;
mod flow;
mod forecast;
mod goals;
mod ids;
mod imported;
mod invariants;
pub mod limits;
mod measuring;
mod product;
mod restore;
mod roadmap;
mod scope;
mod scoring;
mod settings;
mod sprints;
mod stories;
mod story_list;
mod templates;
mod track;

pub use amount::{Amount, Quantity, Unit};
pub use burndown::BurndownDay;
pub use choice::{EpicStatus, Horizon, SprintRef, SprintState, StoryStatus};
pub use commits::{CloseOn, Commit, CommitLink, CommitSettings, Mention, ScanOutcome, mentions};
pub use conflicts::{Conflict, PRODUCT_ENTITY, Settled, Take};
pub use dates::parse_date;
pub use done::{DoneRule, OpenItem};
pub use entities::{Criterion, Epic, Extra, Rice, Sprint, StatusChange, Story, Vision};
pub use error::ModelError;
pub use figures::{Progress, Velocity, Workload};
pub use flow::{Aging, Finished, Flow, FlowFilter, Spread, Week, percentile};
pub use forecast::{
    ByDate, Calendar, CannotForecast, DRAWS, EpicForecast, EpicOutlook, Forecast, HORIZON, Landing,
    MIN_CLOSED_SPRINTS, Step, sprint_range,
};
pub use goals::{Direction, Goal, GoalRef, Reading};
pub use ids::{EpicId, NextIds, SprintId, StoryId, VisionId};
pub use imported::{EpicRecord, Put, StoryRecord};
pub use invariants::{Problem, Rules, StoryPass};
pub use measuring::Measured;
pub use product::{Head, Place, Product, SCHEMA_VERSION};
pub use roadmap::{EpicDraft, EpicPatch, EpicStories, VisionDraft, VisionPatch};
pub use scope::{Baseline, Committed, ScopeChange, ScopeChangeKind, SprintResult};
pub use scoring::{Scoring, Wsjf};
pub use settings::{DEFAULT_FORECAST_WINDOW, Settings};
pub use sprints::{CloseOutcome, EarlyStart, SprintDraft, SprintPatch};
pub use stories::{StoryDraft, StoryPatch};
pub use story_list::Stories;
pub use templates::{Template, TemplatePatch};
pub use track::{AT_RISK_BAND, GoalStatus, Track, Unknown};

#[cfg(test)]
mod tests;
