//! Changing visions and epics: the product manager's side of the document.

use chrono::NaiveDate;

use super::entities::{Epic, Extra, Rice, Vision};
use super::goals::Goal;
use super::limits;
use super::product::{Place, reorder};
use super::stories::{clean_labels, required_title};
use super::{EpicId, EpicStatus, Horizon, ModelError, Product, VisionId};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisionDraft {
    pub title: String,
    pub statement: String,
    pub target_group: String,
    pub needs: String,
    pub product: String,
    pub goals: Vec<Goal>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisionPatch {
    pub title: Option<String>,
    pub statement: Option<String>,
    pub target_group: Option<String>,
    pub needs: Option<String>,
    pub product: Option<String>,
    pub goals: Option<Vec<Goal>>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct EpicDraft {
    pub title: String,
    pub description: String,
    pub vision: Option<VisionId>,
    pub status: Option<EpicStatus>,
    pub horizon: Option<Horizon>,
    pub start: Option<NaiveDate>,
    pub target: Option<NaiveDate>,
    pub rice: Option<Rice>,
    pub labels: Vec<String>,
}

/// A change to some of an epic's fields; `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EpicPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub vision: Option<Option<VisionId>>,
    pub status: Option<EpicStatus>,
    pub horizon: Option<Horizon>,
    pub start: Option<Option<NaiveDate>>,
    pub target: Option<Option<NaiveDate>>,
    pub rice: Option<Option<Rice>>,
    pub labels: Option<Vec<String>>,
}

/// What happens to an epic's stories when the epic is removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpicStories {
    Detach,
    Delete,
}

impl Product {
    pub fn add_vision(&mut self, draft: VisionDraft) -> Result<VisionId, ModelError> {
        let title = required_title(&draft.title)?;
        let id = self.alloc_vision()?;
        self.visions.push(Vision {
            id,
            title,
            statement: draft.statement,
            target_group: draft.target_group,
            needs: draft.needs,
            product: draft.product,
            goals: draft.goals,
            extra: Extra::new(),
        });
        Ok(id)
    }

    pub fn update_vision(&mut self, id: VisionId, patch: VisionPatch) -> Result<(), ModelError> {
        let i = self.vision_index(id)?;
        let title = patch.title.as_deref().map(required_title).transpose()?;
        let v = &mut self.visions[i];
        if let Some(t) = title {
            v.title = t;
        }
        replace(&mut v.statement, patch.statement);
        replace(&mut v.target_group, patch.target_group);
        replace(&mut v.needs, patch.needs);
        replace(&mut v.product, patch.product);
        if let Some(goals) = patch.goals {
            self.replace_goals(i, goals);
        }
        Ok(())
    }

    /// Removes a vision; epics that served it keep existing without one (and no longer
    /// serve its goals). Returns them.
    pub fn remove_vision(&mut self, id: VisionId) -> Result<Vec<EpicId>, ModelError> {
        let i = self.vision_index(id)?;
        self.visions.remove(i);
        let mut detached = Vec::new();
        for e in &mut self.epics {
            e.serves.retain(|g| g.vision != id);
            if e.vision == Some(id) {
                e.vision = None;
                detached.push(e.id);
            }
        }
        Ok(detached)
    }

    /// Adds an epic at the bottom of the ranking.
    pub fn add_epic(&mut self, draft: EpicDraft) -> Result<EpicId, ModelError> {
        let title = required_title(&draft.title)?;
        if let Some(v) = draft.vision {
            self.vision(v)?;
        }
        check_dates(draft.start, draft.target)?;
        if let Some(r) = &draft.rice {
            limits::check_rice(r)?;
        }
        let id = self.alloc_epic()?;
        self.epics.push(Epic {
            id,
            title,
            description: draft.description,
            vision: draft.vision,
            status: draft.status.unwrap_or(EpicStatus::Proposed),
            horizon: draft.horizon.unwrap_or(Horizon::Later),
            start: draft.start,
            target: draft.target,
            rice: draft.rice,
            wsjf: None,
            labels: clean_labels(draft.labels),
            external_key: None,
            serves: Vec::new(),
            extra: Extra::new(),
        });
        Ok(id)
    }

    pub fn update_epic(&mut self, id: EpicId, patch: EpicPatch) -> Result<(), ModelError> {
        let i = self.epic_index(id)?;
        let current = &self.epics[i];
        let title = patch.title.as_deref().map(required_title).transpose()?;
        if let Some(Some(v)) = patch.vision {
            self.vision(v)?;
        }
        let start = patch.start.unwrap_or(current.start);
        let target = patch.target.unwrap_or(current.target);
        check_dates(start, target)?;
        if let Some(Some(r)) = &patch.rice {
            limits::check_rice(r)?;
        }
        let e = &mut self.epics[i];
        if let Some(t) = title {
            e.title = t;
        }
        replace(&mut e.description, patch.description);
        replace(&mut e.vision, patch.vision);
        replace(&mut e.status, patch.status);
        replace(&mut e.horizon, patch.horizon);
        replace(&mut e.rice, patch.rice);
        e.start = start;
        e.target = target;
        if let Some(labels) = patch.labels {
            e.labels = clean_labels(labels);
        }
        Ok(())
    }

    pub fn move_epic(&mut self, id: EpicId, place: Place<EpicId>) -> Result<(), ModelError> {
        let from = self.epic_index(id)?;
        reorder(&mut self.epics, from, id, place, |epics, anchor| {
            epics
                .iter()
                .position(|e| e.id == anchor)
                .ok_or_else(|| ModelError::not_found(EpicId::KIND, anchor))
        })
    }

    /// Removes an epic; its stories are detached or deleted as asked. Returns the stories
    /// that were affected.
    pub fn remove_epic(
        &mut self,
        id: EpicId,
        stories: EpicStories,
    ) -> Result<Vec<crate::model::StoryId>, ModelError> {
        let i = self.epic_index(id)?;
        self.epics.remove(i);
        let affected: Vec<_> = self
            .stories
            .iter()
            .filter(|s| s.epic == Some(id))
            .map(|s| s.id)
            .collect();
        match stories {
            EpicStories::Detach => {
                self.stories
                    .change_where(|s| s.epic == Some(id), |s| s.epic = None);
            }
            EpicStories::Delete => {
                for s in &affected {
                    self.remove_story(*s)?;
                }
            }
        }
        Ok(affected)
    }

    /// The epics that serve a vision, in rank order.
    pub fn vision_epics(&self, id: VisionId) -> Vec<&Epic> {
        self.epics.iter().filter(|e| e.vision == Some(id)).collect()
    }
}

fn replace<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}

fn check_dates(start: Option<NaiveDate>, target: Option<NaiveDate>) -> Result<(), ModelError> {
    limits::check_optional_date("start date", start)?;
    limits::check_optional_date("target date", target)?;
    match (start, target) {
        (Some(s), Some(t)) if t < s => Err(ModelError::OutOfRange {
            what: "an epic's target date",
            rule: "on or after its start",
            value: format!("{t} (start {s})"),
        }),
        _ => Ok(()),
    }
}
