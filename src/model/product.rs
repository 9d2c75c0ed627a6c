//! The product aggregate: the whole document, and the only code that changes it. Every
//! change is a named method that checks what it touches, so a valid product stays valid.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::conflicts::Conflict;
use super::entities::{Epic, Extra, Sprint, Story, Vision};
use super::settings::Settings;
use super::story_list::Stories;
use super::{EpicId, ModelError, NextIds, SprintId, SprintRef, SprintState, StoryId, VisionId};

/// The shape of the document this version writes. The store migrates older shapes up to it.
pub const SCHEMA_VERSION: u32 = 1;

/// Where to put an item in an ordered list (the backlog, the epic ranking).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<Id> {
    Top,
    Bottom,
    Before(Id),
    After(Id),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Product {
    pub(super) schema: u32,
    pub(super) name: String,
    #[serde(default)]
    pub(super) next_ids: NextIds,
    #[serde(default)]
    pub(super) visions: Vec<Vision>,
    /// In rank order: the first is the most important.
    #[serde(default)]
    pub(super) epics: Vec<Epic>,
    /// The backlog, in rank order.
    #[serde(default)]
    pub(super) stories: Stories,
    #[serde(default)]
    pub(super) sprints: Vec<Sprint>,
    #[serde(default, skip_serializing_if = "Settings::is_default")]
    pub(super) settings: Settings,
    /// Written only while a merge left one open, so other documents save unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(super) conflicts: Vec<Conflict>,
    #[serde(flatten)]
    pub(super) extra: Extra,
}

/// The document's own fields, apart from its lists and its id counters: the name, the
/// settings and the top-level fields this version does not know. A change to the document
/// itself (settling a conflict on `settings.backups`, say) changes these, and its undo puts
/// them back. The counters stay out: an undone creation must not hand its id out again.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    name: String,
    settings: Settings,
    extra: Extra,
}

impl Product {
    pub fn new(name: impl Into<String>) -> Product {
        Product {
            schema: SCHEMA_VERSION,
            name: name.into(),
            next_ids: NextIds {
                vision: 1,
                epic: 1,
                story: 1,
                sprint: 1,
                extra: Extra::new(),
            },
            visions: Vec::new(),
            epics: Vec::new(),
            stories: Stories::default(),
            sprints: Vec::new(),
            settings: Settings::default(),
            conflicts: Vec::new(),
            extra: Extra::new(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn rename(&mut self, name: impl Into<String>) {
        self.name = name.into();
    }

    pub fn schema(&self) -> u32 {
        self.schema
    }

    pub fn visions(&self) -> &[Vision] {
        &self.visions
    }

    /// Epics in rank order.
    pub fn epics(&self) -> &[Epic] {
        &self.epics
    }

    /// Stories in backlog (rank) order.
    pub fn stories(&self) -> &Stories {
        &self.stories
    }

    /// Puts stories read from a file after the backlog's last one. The store parses a large
    /// file's stories apart from the rest of the document and joins them here in order, so
    /// this is part of reading a document: like any document read, the result is checked by
    /// `problems` where the store needs it, not here.
    pub fn append_read_stories(&mut self, more: Stories) {
        self.stories.append(more);
    }

    /// A copy of everything but the stories (the few visions, epics and sprints), for a
    /// save that encodes the stories apart.
    pub fn without_stories(&self) -> Product {
        Product {
            schema: self.schema,
            name: self.name.clone(),
            next_ids: self.next_ids.clone(),
            visions: self.visions.clone(),
            epics: self.epics.clone(),
            stories: Stories::default(),
            sprints: self.sprints.clone(),
            settings: self.settings.clone(),
            conflicts: self.conflicts.clone(),
            extra: self.extra.clone(),
        }
    }

    pub fn sprints(&self) -> &[Sprint] {
        &self.sprints
    }

    pub fn head(&self) -> Head {
        Head {
            name: self.name.clone(),
            settings: self.settings.clone(),
            extra: self.extra.clone(),
        }
    }

    /// Whether `other`'s own fields are this document's, without copying them.
    pub fn same_head(&self, other: &Product) -> bool {
        self.name == other.name && self.settings == other.settings && self.extra == other.extra
    }

    /// Puts the document's own fields back as they were (an undo).
    pub fn restore_head(&mut self, head: Head) {
        self.name = head.name;
        self.settings = head.settings;
        self.extra = head.extra;
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn set_settings(&mut self, settings: Settings) {
        self.settings = settings;
    }

    pub fn vision(&self, id: VisionId) -> Result<&Vision, ModelError> {
        self.visions
            .iter()
            .find(|v| v.id == id)
            .ok_or_else(|| ModelError::not_found(VisionId::KIND, id))
    }

    pub fn epic(&self, id: EpicId) -> Result<&Epic, ModelError> {
        self.epics
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| ModelError::not_found(EpicId::KIND, id))
    }

    pub fn story(&self, id: StoryId) -> Result<&Story, ModelError> {
        self.story_index(id).map(|i| &self.stories[i])
    }

    pub fn sprint(&self, id: SprintId) -> Result<&Sprint, ModelError> {
        self.sprints
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| ModelError::not_found(SprintId::KIND, id))
    }

    /// 1-based position of a story in the backlog.
    pub fn story_rank(&self, id: StoryId) -> Result<usize, ModelError> {
        self.story_index(id).map(|i| i + 1)
    }

    /// 1-based position of an epic in the epic ranking.
    pub fn epic_rank(&self, id: EpicId) -> Result<usize, ModelError> {
        self.epic_index(id).map(|i| i + 1)
    }

    pub fn active_sprint(&self) -> Option<&Sprint> {
        self.sprints.iter().find(|s| s.state == SprintState::Active)
    }

    /// The planned sprint that starts first: the one the backlog's waterline is drawn for.
    pub fn next_planned_sprint(&self) -> Option<&Sprint> {
        self.sprints
            .iter()
            .filter(|s| s.state == SprintState::Planned)
            .min_by_key(|s| (s.start, s.id))
    }

    /// The closed sprint that ended last.
    pub fn last_closed_sprint(&self) -> Option<&Sprint> {
        self.sprints
            .iter()
            .filter(|s| s.state == SprintState::Closed)
            .max_by_key(|s| (s.end, s.id))
    }

    /// The sprint a [`SprintRef`] names now, if there is one.
    pub fn sprint_at(&self, at: SprintRef) -> Option<&Sprint> {
        match at {
            SprintRef::Current => self.active_sprint(),
            SprintRef::Next => self.next_planned_sprint(),
            SprintRef::Last => self.last_closed_sprint(),
        }
    }

    pub(super) fn story_index(&self, id: StoryId) -> Result<usize, ModelError> {
        self.stories
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| ModelError::not_found(StoryId::KIND, id))
    }

    pub(super) fn epic_index(&self, id: EpicId) -> Result<usize, ModelError> {
        self.epics
            .iter()
            .position(|e| e.id == id)
            .ok_or_else(|| ModelError::not_found(EpicId::KIND, id))
    }

    pub(super) fn vision_index(&self, id: VisionId) -> Result<usize, ModelError> {
        self.visions
            .iter()
            .position(|v| v.id == id)
            .ok_or_else(|| ModelError::not_found(VisionId::KIND, id))
    }

    pub(super) fn sprint_index(&self, id: SprintId) -> Result<usize, ModelError> {
        self.sprints
            .iter()
            .position(|s| s.id == id)
            .ok_or_else(|| ModelError::not_found(SprintId::KIND, id))
    }

    /// Brings the id counters past every id in use. A hand-edited or merged file may have
    /// counters behind its ids; handing out a used id would merge two things into one.
    pub fn repair_counters(&mut self) {
        let past = |max: Option<u32>| max.map_or(1, |m| m.saturating_add(1));
        let n = &mut self.next_ids;
        n.vision = n
            .vision
            .max(past(self.visions.iter().map(|v| v.id.0).max()));
        n.epic = n.epic.max(past(self.epics.iter().map(|e| e.id.0).max()));
        n.story = n.story.max(past(self.stories.iter().map(|s| s.id.0).max()));
        n.sprint = n
            .sprint
            .max(past(self.sprints.iter().map(|s| s.id.0).max()));
    }

    pub(super) fn alloc_vision(&mut self) -> Result<VisionId, ModelError> {
        let last = "below V-4294967295";
        bump(&mut self.next_ids.vision, "a new vision id", last, VisionId)
    }

    pub(super) fn alloc_epic(&mut self) -> Result<EpicId, ModelError> {
        let last = "below E-4294967295";
        bump(&mut self.next_ids.epic, "a new epic id", last, EpicId)
    }

    pub(super) fn alloc_story(&mut self) -> Result<StoryId, ModelError> {
        let last = "below S-4294967295";
        bump(&mut self.next_ids.story, "a new story id", last, StoryId)
    }

    pub(super) fn alloc_sprint(&mut self) -> Result<SprintId, ModelError> {
        let last = "below SP-4294967295";
        bump(&mut self.next_ids.sprint, "a new sprint id", last, SprintId)
    }
}

/// Hands out the counter's number and moves it on. `u32::MAX` is never handed out: it marks
/// a kind whose ids have run out (saturating there handed the last id out again and again).
fn bump<Id: ToString>(
    counter: &mut u32,
    what: &'static str,
    rule: &'static str,
    id: impl Fn(u32) -> Id,
) -> Result<Id, ModelError> {
    let next = (*counter).max(1);
    if next == u32::MAX {
        return Err(ModelError::OutOfRange {
            what,
            rule,
            value: id(next).to_string(),
        });
    }
    *counter = next + 1;
    Ok(id(next))
}

/// Moves `items[from]` to `place`; `find` turns an anchor id into its index.
pub(super) fn reorder<T, Id: Copy + ToString + PartialEq>(
    items: &mut Vec<T>,
    from: usize,
    moving: Id,
    place: Place<Id>,
    find: impl Fn(&[T], Id) -> Result<usize, ModelError>,
) -> Result<(), ModelError> {
    if let Place::Before(anchor) | Place::After(anchor) = place {
        if anchor == moving {
            return Err(ModelError::MoveRelativeToSelf {
                id: moving.to_string(),
            });
        }
        find(items, anchor)?;
    }
    let item = items.remove(from);
    let to = match place {
        Place::Top => 0,
        Place::Bottom => items.len(),
        Place::Before(anchor) => find(items, anchor)?,
        Place::After(anchor) => find(items, anchor)? + 1,
    };
    items.insert(to, item);
    Ok(())
}

/// Keeps a timestamp to whole seconds, so files stay readable and diffs small.
pub(super) fn whole_seconds(now: DateTime<Utc>) -> DateTime<Utc> {
    DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}
