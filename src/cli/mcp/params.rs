//! The inputs of the MCP tools: plain JSON with a JSON Schema each (from schemars), ids and
//! words as text read by the model's own parsers, so a bad value gets the CLI's message.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::model::{
    EpicId, ModelError, Place, SprintId, StoryDraft, StoryId, StoryPatch, StoryStatus,
};

fn parse<T: std::str::FromStr<Err = ModelError>>(text: &str) -> Result<T, ModelError> {
    text.parse()
}

fn parse_all<T: std::str::FromStr<Err = ModelError>>(
    texts: &[String],
) -> Result<Vec<T>, ModelError> {
    texts.iter().map(|t| parse(t)).collect()
}

fn parse_opt<T: std::str::FromStr<Err = ModelError>>(
    text: Option<&String>,
) -> Result<Option<T>, ModelError> {
    text.map(|t| parse(t)).transpose()
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ListStories {
    /// A filter in roadlog's `--where` language, e.g. `status:ready epic:E-2 points:>3
    /// sprint:none label:payments assignee:ana checkout` (keys combine; a key given twice
    /// means either; bare words must appear in the id or title). Empty or left out: every story.
    #[serde(default, rename = "where")]
    pub where_: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct ById {
    /// The id, like S-12, E-3 or SP-2 (case does not matter)
    pub id: String,
}

/// The fields `add_story` and `edit_story` share; each left out is left as it is (or, in a
/// new story, empty).
#[derive(Debug, Deserialize, JsonSchema)]
pub struct StoryFields {
    /// The epic it belongs to, like E-2
    #[serde(default)]
    pub epic: Option<String>,
    /// The estimate in points
    #[serde(default)]
    pub points: Option<u32>,
    /// Who wants it: "As a ..."
    #[serde(default)]
    pub as_a: Option<String>,
    /// What they want: "I want ..."
    #[serde(default)]
    pub i_want: Option<String>,
    /// Why: "so that ..."
    #[serde(default)]
    pub so_that: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub assignee: Option<String>,
    /// The sprint, like SP-3 (a new story is planned straight into it)
    #[serde(default)]
    pub sprint: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct AddStory {
    /// What the story is called in lists
    pub title: String,
    /// Start from this story template (see the document's templates); the fields given win,
    /// labels and criteria add to the template's
    #[serde(default)]
    pub template: Option<String>,
    #[serde(flatten)]
    pub fields: StoryFields,
    /// Acceptance criteria, in order
    #[serde(default)]
    pub criteria: Vec<String>,
    #[serde(default)]
    pub labels: Vec<String>,
    /// Stories that must be done first, like ["S-4"]
    #[serde(default)]
    pub blocked_by: Vec<String>,
}

impl AddStory {
    pub fn draft(&self) -> Result<StoryDraft, ModelError> {
        let f = &self.fields;
        Ok(StoryDraft {
            title: self.title.clone(),
            as_a: f.as_a.clone().unwrap_or_default(),
            i_want: f.i_want.clone().unwrap_or_default(),
            so_that: f.so_that.clone().unwrap_or_default(),
            description: f.description.clone().unwrap_or_default(),
            acceptance_criteria: self.criteria.clone(),
            points: f.points,
            epic: parse_opt::<EpicId>(f.epic.as_ref())?,
            sprint: parse_opt::<SprintId>(f.sprint.as_ref())?,
            labels: self.labels.clone(),
            assignee: f.assignee.clone(),
            blocked_by: parse_all(&self.blocked_by)?,
            ..StoryDraft::default()
        })
    }
}

/// A field `edit_story` can empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Clearable {
    Points,
    Epic,
    Sprint,
    Assignee,
    Labels,
    BlockedBy,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct EditStory {
    /// The story, like S-12
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    /// draft, ready, in-progress, review or done. A move to done is refused while
    /// acceptance criteria or Definition of Done items are open, unless `force` is true
    #[serde(default)]
    pub status: Option<String>,
    /// Move it to done even with open criteria or DoD items
    #[serde(default)]
    pub force: bool,
    #[serde(flatten)]
    pub fields: StoryFields,
    /// Criteria appended at the end
    #[serde(default)]
    pub add_criteria: Vec<String>,
    /// Replaces the labels
    #[serde(default)]
    pub labels: Option<Vec<String>>,
    /// Replaces the blockers
    #[serde(default)]
    pub blocked_by: Option<Vec<String>>,
    /// Fields to empty: points, epic, sprint (back to the backlog), assignee, labels, blocked_by
    #[serde(default)]
    pub clear: Vec<Clearable>,
}

impl EditStory {
    pub fn patch(&self) -> Result<StoryPatch, ModelError> {
        let cleared = |f| self.clear.contains(&f);
        let f = &self.fields;
        Ok(StoryPatch {
            title: self.title.clone(),
            as_a: f.as_a.clone(),
            i_want: f.i_want.clone(),
            so_that: f.so_that.clone(),
            description: f.description.clone(),
            points: or_clear(cleared(Clearable::Points), f.points),
            status: parse_opt::<StoryStatus>(self.status.as_ref())?,
            epic: or_clear(
                cleared(Clearable::Epic),
                parse_opt::<EpicId>(f.epic.as_ref())?,
            ),
            sprint: or_clear(
                cleared(Clearable::Sprint),
                parse_opt::<SprintId>(f.sprint.as_ref())?,
            ),
            labels: if cleared(Clearable::Labels) {
                Some(Vec::new())
            } else {
                self.labels.clone()
            },
            assignee: or_clear(cleared(Clearable::Assignee), f.assignee.clone()),
            blocked_by: if cleared(Clearable::BlockedBy) {
                Some(Vec::new())
            } else {
                self.blocked_by.as_deref().map(parse_all).transpose()?
            },
            add_criteria: self.add_criteria.clone(),
            ..StoryPatch::default()
        })
    }
}

/// A field's change: cleared, set to a value, or (`None`) left as it is.
fn or_clear<T>(cleared: bool, value: Option<T>) -> Option<Option<T>> {
    if cleared { Some(None) } else { value.map(Some) }
}

/// Where `move_story` puts a story in the backlog.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Top,
    Bottom,
    Before,
    After,
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct MoveStory {
    /// The story, like S-12
    pub id: String,
    /// top, bottom, or before / after the `anchor` story
    pub to: Position,
    /// The story to move it before or after
    #[serde(default)]
    pub anchor: Option<String>,
}

impl MoveStory {
    pub fn place(&self) -> Result<Place<StoryId>, String> {
        let anchor = || -> Result<StoryId, String> {
            let text = self
                .anchor
                .as_deref()
                .ok_or("'before' and 'after' need an anchor story, like S-3")?;
            text.parse().map_err(|e: ModelError| e.to_string())
        };
        Ok(match self.to {
            Position::Top => Place::Top,
            Position::Bottom => Place::Bottom,
            Position::Before => Place::Before(anchor()?),
            Position::After => Place::After(anchor()?),
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct PlanStories {
    /// The sprint, like SP-3
    pub sprint: String,
    /// The stories, like ["S-4", "S-7"]
    pub stories: Vec<String>,
}

impl PlanStories {
    pub fn ids(&self) -> Result<(SprintId, Vec<StoryId>), ModelError> {
        Ok((parse(&self.sprint)?, parse_all(&self.stories)?))
    }
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize, JsonSchema)]
pub struct Tick {
    /// The story, like S-12
    pub id: String,
    /// Acceptance criteria to tick, by 1-based number
    #[serde(default)]
    pub criteria: Vec<usize>,
    /// Definition of Done items to tick on this story, by 1-based number
    #[serde(default)]
    pub dod_items: Vec<usize>,
    /// true ticks them (the default), false unticks them
    #[serde(default = "yes")]
    pub done: bool,
}

impl Tick {
    pub fn patch(&self) -> StoryPatch {
        StoryPatch {
            criteria_done: self.criteria.iter().map(|n| (*n, self.done)).collect(),
            dod_done: self.dod_items.iter().map(|n| (*n, self.done)).collect(),
            ..StoryPatch::default()
        }
    }
}
