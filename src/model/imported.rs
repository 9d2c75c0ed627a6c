//! Stories and epics that come from another tool. Each keeps the key its source calls it
//! by, so importing the same source again updates what the first import made instead of
//! adding it twice, and leaves untouched what the source does not say.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::entities::{Criterion, Epic, Extra, StatusChange, Story};
use super::product::whole_seconds;
use super::stories::{clean_labels, dedup, enter_status, loop_through, required_title};
use super::{EpicId, EpicStatus, Horizon, ModelError, Product, SprintId, StoryId, StoryStatus};

/// What a source says about one story. `None` means the source does not say, so an
/// update keeps the story's own value (a Backlog.md task has no points, say); for the
/// optional fields `Some(None)` means the source says there is none.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryRecord {
    pub external_key: String,
    pub title: String,
    pub status: StoryStatus,
    pub as_a: Option<String>,
    pub i_want: Option<String>,
    pub so_that: Option<String>,
    pub description: Option<String>,
    pub acceptance_criteria: Option<Vec<Criterion>>,
    pub points: Option<Option<u32>>,
    pub epic: Option<Option<EpicId>>,
    pub sprint: Option<Option<SprintId>>,
    pub labels: Option<Vec<String>>,
    pub assignee: Option<Option<String>>,
    pub created: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    /// When a done story was finished, if the source knows: a new story's history then
    /// says ready from `created` and done from this, as flow figures need.
    pub finished: Option<DateTime<Utc>>,
}

impl StoryRecord {
    /// A record that says only the key, title and status; sources fill in what they know.
    pub fn new(
        external_key: impl Into<String>,
        title: impl Into<String>,
        status: StoryStatus,
    ) -> Self {
        StoryRecord {
            external_key: external_key.into(),
            title: title.into(),
            status,
            as_a: None,
            i_want: None,
            so_that: None,
            description: None,
            acceptance_criteria: None,
            points: None,
            epic: None,
            sprint: None,
            labels: None,
            assignee: None,
            created: None,
            updated: None,
            finished: None,
        }
    }
}

/// What a source says about one epic (a milestone, a Jira epic, a Taskwarrior project).
#[derive(Debug, Clone, PartialEq)]
pub struct EpicRecord {
    pub external_key: String,
    pub title: String,
    pub description: Option<String>,
    pub status: Option<EpicStatus>,
}

/// What putting a record into the product did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Put {
    Created,
    Updated,
    Unchanged,
}

impl Product {
    /// Every story's external key, for matching a whole import at once.
    pub fn story_keys(&self) -> HashMap<String, StoryId> {
        self.stories
            .iter()
            .filter_map(|s| Some((s.external_key.clone()?, s.id)))
            .collect()
    }

    /// Every epic's external key.
    pub fn epic_keys(&self) -> HashMap<String, EpicId> {
        self.epics
            .iter()
            .filter_map(|e| Some((e.external_key.clone()?, e.id)))
            .collect()
    }

    /// Adds the epic a record describes, or brings the one with its key up to date. A new
    /// epic goes to the bottom of the ranking, on the Later horizon.
    pub fn put_epic(
        &mut self,
        existing: Option<EpicId>,
        record: EpicRecord,
    ) -> Result<(EpicId, Put), ModelError> {
        let title = required_title(&record.title)?;
        if let Some(id) = existing {
            let i = self.epic_index(id)?;
            let e = &mut self.epics[i];
            let mut changed = replace_if(&mut e.title, Some(title));
            changed |= replace_if(&mut e.description, record.description);
            changed |= replace_if(&mut e.status, record.status);
            let put = if changed {
                Put::Updated
            } else {
                Put::Unchanged
            };
            return Ok((id, put));
        }
        let id = self.alloc_epic()?;
        self.epics.push(Epic {
            id,
            title,
            description: record.description.unwrap_or_default(),
            vision: None,
            status: record.status.unwrap_or(EpicStatus::Proposed),
            horizon: Horizon::Later,
            start: None,
            target: None,
            rice: None,
            wsjf: None,
            labels: Vec::new(),
            external_key: Some(record.external_key),
            serves: Vec::new(),
            extra: Extra::new(),
        });
        Ok((id, Put::Created))
    }

    /// Puts each record in turn: a new story at the bottom of the backlog, or the one given
    /// brought up to date (its place in the backlog is the team's and stays; its `updated`
    /// moves only when something did change). All at once, so a large import looks each
    /// story up once. On a refusal, the number of the record refused.
    pub fn put_stories(
        &mut self,
        records: Vec<(Option<StoryId>, StoryRecord)>,
        now: DateTime<Utc>,
    ) -> Result<Vec<(StoryId, Put)>, (usize, ModelError)> {
        let at = self.positions();
        let mut out = Vec::with_capacity(records.len());
        for (n, (existing, record)) in records.into_iter().enumerate() {
            let existing = match existing {
                None => None,
                Some(id) => Some((
                    id,
                    at.get(&id)
                        .copied()
                        .ok_or_else(|| (n, ModelError::not_found(StoryId::KIND, id)))?,
                )),
            };
            out.push(self.put_story(existing, record, now).map_err(|e| (n, e))?);
        }
        Ok(out)
    }

    fn put_story(
        &mut self,
        existing: Option<(StoryId, usize)>,
        record: StoryRecord,
        now: DateTime<Utc>,
    ) -> Result<(StoryId, Put), ModelError> {
        let now = whole_seconds(now);
        let title = required_title(&record.title)?;
        // A source is held to the ranges an edit is, so a date typed as 40480602 or points
        // off the scale are refused with the source's line, not found by the save's check
        // after the import, as rules the document breaks.
        let dates = [
            ("created", record.created),
            ("updated", record.updated),
            ("finished", record.finished),
        ];
        for (what, at) in dates {
            super::limits::check_optional_date(what, at.map(|at| at.date_naive()))?;
        }
        if let Some(points) = record.points {
            super::limits::check_points(points, self.points_scale())?;
        }
        let criteria = record.acceptance_criteria.map(|list| {
            list.into_iter()
                .filter(|c| !c.text.trim().is_empty())
                .collect::<Vec<_>>()
        });
        let labels = record.labels.map(clean_labels);
        let assignee = record.assignee.map(|a| a.filter(|a| !a.trim().is_empty()));
        match existing {
            None => {
                let epic = record.epic.flatten();
                let sprint = record.sprint.flatten();
                self.check_story_links(None, epic, sprint, &[])?;
                let created = record.created.map_or(now, whole_seconds);
                let updated = record.updated.map_or(created, whole_seconds);
                let id = self.alloc_story()?;
                self.stories.push(Story {
                    id,
                    title,
                    as_a: record.as_a.unwrap_or_default(),
                    i_want: record.i_want.unwrap_or_default(),
                    so_that: record.so_that.unwrap_or_default(),
                    description: record.description.unwrap_or_default(),
                    acceptance_criteria: criteria.unwrap_or_default(),
                    points: record.points.flatten(),
                    status: record.status,
                    epic,
                    sprint,
                    labels: labels.unwrap_or_default(),
                    assignee: assignee.flatten(),
                    blocked_by: Vec::new(),
                    created,
                    updated,
                    history: first_history(record.status, created, record.finished),
                    external_key: Some(record.external_key),
                    dod_done: Vec::new(),
                    commits: Vec::new(),
                    extra: Extra::new(),
                });
                self.note_sprint_move(id, None, sprint, now);
                Ok((id, Put::Created))
            }
            Some((id, i)) => {
                let current = &self.stories[i];
                let old_sprint = current.sprint;
                let new_sprint = record.sprint.filter(|sp| *sp != old_sprint);
                let epic = record.epic.unwrap_or(current.epic);
                self.check_story_links(Some(id), epic, new_sprint.flatten(), &[])?;
                let s = &mut self.stories[i];
                let mut changed = replace_if(&mut s.title, Some(title));
                changed |= replace_if(&mut s.as_a, record.as_a);
                changed |= replace_if(&mut s.i_want, record.i_want);
                changed |= replace_if(&mut s.so_that, record.so_that);
                changed |= replace_if(&mut s.description, record.description);
                changed |= replace_if(&mut s.acceptance_criteria, criteria);
                changed |= replace_if(&mut s.points, record.points);
                changed |= replace_if(&mut s.epic, record.epic);
                changed |= replace_if(&mut s.sprint, new_sprint);
                changed |= replace_if(&mut s.labels, labels);
                changed |= replace_if(&mut s.assignee, assignee);
                changed |= replace_if(&mut s.created, record.created.map(whole_seconds));
                let at = record.updated.map_or(now, whole_seconds);
                if s.status != record.status {
                    enter_status(s, record.status, at);
                    changed = true;
                }
                if !changed {
                    return Ok((id, Put::Unchanged));
                }
                s.updated = at;
                if let Some(to) = new_sprint {
                    self.note_sprint_move(id, old_sprint, to, now);
                }
                Ok((id, Put::Updated))
            }
        }
    }

    /// Sets the stories each imported story waits for, refusing a loop as any edit would:
    /// each link set is put or refused on its own, and the results come back in order.
    pub fn put_blockers(
        &mut self,
        links: Vec<(StoryId, Vec<StoryId>)>,
    ) -> Vec<Result<Put, ModelError>> {
        let at = self.positions();
        let mut waits: HashMap<StoryId, Vec<StoryId>> = self
            .stories
            .iter()
            .filter(|s| !s.blocked_by.is_empty())
            .map(|s| (s.id, s.blocked_by.clone()))
            .collect();
        let mut out = Vec::with_capacity(links.len());
        for (id, blocked_by) in links {
            let blocked_by = dedup(blocked_by);
            let result = (|| {
                let i = *at
                    .get(&id)
                    .ok_or_else(|| ModelError::not_found(StoryId::KIND, id))?;
                if self.stories[i].blocked_by == blocked_by {
                    return Ok(Put::Unchanged);
                }
                for b in &blocked_by {
                    if *b == id {
                        return Err(ModelError::BlockedBySelf {
                            story: id.to_string(),
                        });
                    }
                    if !at.contains_key(b) {
                        return Err(ModelError::not_found(StoryId::KIND, b));
                    }
                }
                let found = loop_through(id, &blocked_by, |s| {
                    waits.get(&s).map_or(&[][..], Vec::as_slice)
                });
                if let Some(path) = found {
                    return Err(ModelError::BlockedByCycle { path });
                }
                waits.insert(id, blocked_by.clone());
                self.stories[i].blocked_by = blocked_by;
                Ok(Put::Updated)
            })();
            out.push(result);
        }
        out
    }
}

fn first_history(
    status: StoryStatus,
    created: DateTime<Utc>,
    finished: Option<DateTime<Utc>>,
) -> Vec<StatusChange> {
    let change = |status, at| StatusChange {
        status,
        at,
        extra: Extra::new(),
    };
    match finished.map(whole_seconds) {
        Some(end) if status == StoryStatus::Done && end > created => {
            vec![change(StoryStatus::Ready, created), change(status, end)]
        }
        _ => vec![change(status, created)],
    }
}

impl Product {
    /// Each story's place in the backlog, looked up once for a whole batch.
    fn positions(&self) -> HashMap<StoryId, usize> {
        self.stories
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect()
    }
}

/// Sets `field` to `value` if one is given and differs; says whether it changed.
fn replace_if<T: PartialEq>(field: &mut T, value: Option<T>) -> bool {
    match value {
        Some(v) if *field != v => {
            *field = v;
            true
        }
        _ => false,
    }
}
