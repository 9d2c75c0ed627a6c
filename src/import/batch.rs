//! The format-neutral result of reading a source, and putting it into a product.

use std::collections::{HashMap, HashSet};
use std::fmt;

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::summary::{Skipped, StoryLine, Summary};
use crate::model::{
    EpicRecord, ModelError, Product, Put, SprintDraft, SprintId, SprintState, StoryId, StoryRecord,
};

/// Where in the source something came from, for messages: `tasks/back-3.md line 1`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} line {}", self.file, self.line)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct IncomingEpic {
    pub record: EpicRecord,
    pub origin: Origin,
}

/// A story as its source gives it. Links are by the source's keys; [`Batch::apply`]
/// turns them into ids once every story of the batch exists.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingStory {
    /// `epic`, `sprint` are filled in from the fields below.
    pub record: StoryRecord,
    /// The external key of the epic: one of the batch's, or one already in the document.
    pub epic: Option<String>,
    /// The sprint's name, if the source says.
    pub sprint: Option<Option<String>>,
    /// External keys of the stories this one waits for; `None` when the source does not say.
    pub blocked_by: Option<Vec<String>>,
    pub origin: Origin,
}

/// Everything one source holds, in the order its stories should be ranked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Batch {
    pub epics: Vec<IncomingEpic>,
    pub stories: Vec<IncomingStory>,
    pub skipped: Vec<Skipped>,
    /// Things worth knowing that did not stop the import (an unknown status, a dropped link).
    pub notes: Vec<String>,
    /// Keys may be roadlog's own ids (`S-3`, `E-2`): the source is roadlog's own export, and
    /// a key naming a story or epic that was in the document before and has no external
    /// key is that one, so a spreadsheet edit imported back updates in place.
    pub own_ids: bool,
}

/// How long a sprint made from a name alone lasts, until someone sets its dates.
const PLACEHOLDER_SPRINT_DAYS: u64 = 13;

impl Batch {
    pub fn skip(&mut self, what: impl Into<String>, reason: &'static str) {
        self.skipped.push(Skipped {
            what: what.into(),
            reason,
        });
    }

    /// Puts the batch into `product`: epics first, then sprints by name, then the stories
    /// (new ones at the bottom of the backlog, in the batch's order), then their blocked-by
    /// links. Stories and epics already imported are matched by their external key and
    /// updated. A refusal names the source line; the caller then saves nothing.
    pub fn apply(
        self,
        product: &mut Product,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Summary, ModelError> {
        let mut summary = Summary {
            skipped: self.skipped,
            notes: self.notes,
            ..Summary::default()
        };
        let mut epic_ids = product.epic_keys();
        let mut story_ids = product.story_keys();
        if self.own_ids {
            for e in product.epics().iter().filter(|e| e.external_key.is_none()) {
                epic_ids.entry(e.id.to_string()).or_insert(e.id);
            }
            for s in product
                .stories()
                .iter()
                .filter(|s| s.external_key.is_none())
            {
                story_ids.entry(s.id.to_string()).or_insert(s.id);
            }
        }
        for incoming in self.epics {
            let key = incoming.record.external_key.clone();
            let title = incoming.record.title.clone();
            let existing = epic_ids.get(&key).copied();
            let (id, put) = product
                .put_epic(existing, incoming.record)
                .map_err(|e| at(&incoming.origin, e))?;
            epic_ids.insert(key, id);
            summary.epics.push((put, id, title));
        }

        let mut sprint_ids: HashMap<String, SprintId> = HashMap::new();
        // Looked up once: per story, a search of the whole backlog would make a large
        // import quadratic.
        let sprint_of: HashMap<StoryId, Option<SprintId>> =
            product.stories().iter().map(|s| (s.id, s.sprint)).collect();
        let mut seen_keys: HashSet<String> = HashSet::new();
        let mut records = Vec::new();
        let mut rest: Vec<(Option<Vec<String>>, Origin)> = Vec::new();
        for incoming in self.stories {
            let IncomingStory {
                mut record,
                epic,
                sprint,
                blocked_by,
                origin,
            } = incoming;
            if !seen_keys.insert(record.external_key.clone()) {
                summary.notes.push(format!(
                    "{origin}: '{}' came earlier in the source too; this one was left out",
                    record.external_key
                ));
                continue;
            }
            record.epic = match epic {
                None => record.epic,
                Some(key) => match epic_ids.get(&key) {
                    Some(id) => Some(Some(*id)),
                    None => {
                        summary.notes.push(format!(
                            "{}: no epic '{key}' in the source or the document; left without one",
                            record.external_key
                        ));
                        Some(None)
                    }
                },
            };
            record.sprint = match sprint {
                None => None,
                Some(None) => Some(None),
                Some(Some(name)) => {
                    let id = sprint_named(product, &mut sprint_ids, &name, today, &mut summary)
                        .map_err(|e| at(&origin, e))?;
                    Some(Some(id))
                }
            };
            let existing = story_ids.get(&record.external_key).copied();
            if let (Some(Some(sp)), Some(id)) = (record.sprint, existing) {
                // A story cannot be planned into a closed sprint; one that is not in it
                // already stays where the team put it.
                let closed = product
                    .sprint(sp)
                    .is_ok_and(|s| s.state == SprintState::Closed);
                if closed && sprint_of.get(&id).is_some_and(|now_in| *now_in != Some(sp)) {
                    record.sprint = None;
                }
            }
            records.push((existing, record));
            rest.push((blocked_by, origin));
        }
        let titles: Vec<(String, String)> = records
            .iter()
            .map(|(_, r)| (r.external_key.clone(), r.title.clone()))
            .collect();
        let puts = product
            .put_stories(records, now)
            .map_err(|(n, e)| at(&rest[n].1, e))?;

        let mut links = Vec::new();
        let mut link_origins = Vec::new();
        for (((id, put), (key, title)), (blocked_by, origin)) in
            puts.into_iter().zip(titles).zip(rest)
        {
            story_ids.insert(key.clone(), id);
            summary.stories.push(StoryLine {
                put,
                id,
                key,
                title,
            });
            if let Some(keys) = blocked_by {
                links.push((id, keys));
                link_origins.push(origin);
            }
        }
        let mut resolved = Vec::new();
        for ((id, keys), origin) in links.into_iter().zip(&link_origins) {
            let mut blockers = Vec::new();
            for key in keys {
                match story_ids.get(&key) {
                    Some(b) if *b != id => blockers.push(*b),
                    Some(_) => {}
                    None => summary.notes.push(format!(
                        "{origin}: depends on '{key}', which is not imported (archived or missing); link left out"
                    )),
                }
            }
            resolved.push((id, blockers));
        }
        let ids: Vec<StoryId> = resolved.iter().map(|(id, _)| *id).collect();
        let results = product.put_blockers(resolved);
        let mut updated = HashSet::new();
        for ((id, result), origin) in ids.into_iter().zip(results).zip(&link_origins) {
            match result {
                Ok(Put::Unchanged) => {}
                Ok(_) => {
                    updated.insert(id);
                }
                Err(ModelError::BlockedByCycle { path }) => summary.notes.push(format!(
                    "{origin}: its dependencies would make a loop ({path}); links left out"
                )),
                Err(e) => return Err(at(origin, e)),
            }
        }
        summary.mark_updated(&updated);
        Ok(summary)
    }
}

/// The sprint called `name`: one the document has (an open one before a closed one), or
/// a new planned one with placeholder dates, since sources name sprints without dates.
fn sprint_named(
    product: &mut Product,
    known: &mut HashMap<String, SprintId>,
    name: &str,
    today: NaiveDate,
    summary: &mut Summary,
) -> Result<SprintId, ModelError> {
    if let Some(id) = known.get(name) {
        return Ok(*id);
    }
    let same_name = || product.sprints().iter().filter(|s| s.name == name);
    let found = same_name()
        .find(|s| s.state != SprintState::Closed)
        .or_else(|| same_name().next())
        .map(|s| s.id);
    let id = match found {
        Some(id) => id,
        None => {
            let end = today
                .checked_add_days(Days::new(PLACEHOLDER_SPRINT_DAYS))
                .unwrap_or(today);
            let id = product.add_sprint(SprintDraft {
                name: name.to_string(),
                goal: String::new(),
                start: today,
                end,
                capacity: None,
            })?;
            summary.sprints.push((id, name.to_string()));
            id
        }
    };
    known.insert(name.to_string(), id);
    Ok(id)
}

fn at(origin: &Origin, e: ModelError) -> ModelError {
    ModelError::FromSource {
        place: origin.to_string(),
        source: Box::new(e),
    }
}
