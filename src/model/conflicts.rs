//! Open conflicts: fields two writers changed to different values at once. The later
//! writer's value stands in the entity; the other is kept here, in the document, until
//! someone settles it (`roadlog resolve`), so a merge never silently drops an edit.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Extra, ModelError, Product};

/// The entity named in conflicts on the document's own fields (`name`, `settings.scoring`).
pub const PRODUCT_ENTITY: &str = "product";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Conflict {
    /// The entity's id (`S-2`), or `product` for the document's own fields.
    pub entity: String,
    /// Where in the entity: `title`, `rice.reach`, `settings.scoring`; `goals[G-1].target`
    /// inside a list of entities with ids.
    pub field: String,
    /// The value that stands: the later writer's (ours).
    pub ours: Value,
    /// The value it replaced, from the other writer.
    pub theirs: Value,
    /// When the merge met it.
    pub at: DateTime<Utc>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Conflict {
    /// Whether this is the conflict on `entity`'s `field` (ids in any case: `s-2`).
    pub fn is_on(&self, entity: &str, field: &str) -> bool {
        self.entity.eq_ignore_ascii_case(entity.trim()) && self.field == field.trim()
    }
}

impl Product {
    /// The open conflicts, oldest first.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// Puts the open conflicts back as they were: the undo of settling one.
    pub fn restore_conflicts(&mut self, open: Vec<Conflict>) {
        self.conflicts = open;
    }
}
/// How to settle an open conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Take {
    /// Keep the value that stands (the later writer's).
    Ours,
    /// Put the other writer's value back.
    Theirs,
    /// A value of one's own, as typed: JSON where the field holds JSON (`5`, `null`,
    /// `["a"]`), plain text where it holds text.
    Value(String),
}

/// What settling a conflict did.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    /// The conflict's entity and field, as recorded.
    pub entity: String,
    pub field: String,
    /// The value the field now holds; `None` when the entity no longer exists (the conflict
    /// is closed all the same).
    pub value: Option<Value>,
}

impl Product {
    /// Settles the open conflict on `entity`'s `field`: sets the field to the chosen value
    /// and closes the conflict. Works on the serialized form, like the merge that recorded
    /// it, so it settles fields of any kind, including ones this version does not know.
    pub fn settle_conflict(
        &mut self,
        entity: &str,
        field: &str,
        take: Take,
    ) -> Result<Settled, ModelError> {
        let i = self
            .conflicts
            .iter()
            .position(|c| c.is_on(entity, field))
            .ok_or_else(|| ModelError::NoConflict {
                entity: entity.trim().to_string(),
                field: field.trim().to_string(),
            })?;
        let c = &self.conflicts[i];
        let (entity, field) = (c.entity.clone(), c.field.clone());
        let value = match &take {
            Take::Ours => c.ours.clone(),
            Take::Theirs => c.theirs.clone(),
            Take::Value(text) => typed(text, &c.ours),
        };
        let typed_text = match &take {
            Take::Value(text) => text.clone(),
            Take::Ours | Take::Theirs => value.to_string(),
        };
        let bad = |why: String| ModelError::BadFieldValue {
            entity: entity.clone(),
            field: field.clone(),
            value: typed_text.clone(),
            why,
        };
        let mut doc = serde_json::to_value(&*self).map_err(|e| bad(e.to_string()))?;
        if let Some(Value::Array(open)) = doc.get_mut("conflicts") {
            open.remove(i);
        }
        let value = find_entity(&mut doc, &entity).map(|target| {
            set_path(target, &field, value.clone());
            value
        });
        *self = serde_json::from_value(doc).map_err(|e| bad(e.to_string()))?;
        Ok(Settled {
            entity,
            field,
            value,
        })
    }
}

/// Text typed for a field: JSON if it reads as JSON and the field does not hold text
/// (so `5` for points is a number but `5` for a title stays text), else the text itself.
fn typed(text: &str, current: &Value) -> Value {
    if current.is_string() {
        return Value::String(text.to_string());
    }
    serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()))
}

/// The object of `entity` in the document: the document itself for `product`, else the
/// element with that id in one of its top-level lists.
fn find_entity<'a>(doc: &'a mut Value, entity: &str) -> Option<&'a mut Value> {
    if entity == PRODUCT_ENTITY {
        return Some(doc);
    }
    doc.as_object_mut()?
        .values_mut()
        .filter_map(Value::as_array_mut)
        .flatten()
        .find(|v| v.get("id").and_then(Value::as_str) == Some(entity))
}

/// Sets `path` (`title`, `rice.reach`, `goals[G-1].target`) inside `target`, making the
/// objects on the way where they are missing.
fn set_path(target: &mut Value, path: &str, value: Value) {
    let mut at = target;
    let mut steps = steps(path).peekable();
    while let Some(step) = steps.next() {
        let next = match step {
            Step::Key(key) => {
                if !at.is_object() {
                    *at = Value::Object(serde_json::Map::new());
                }
                let Value::Object(map) = at else { return };
                if steps.peek().is_none() {
                    map.insert(key.to_string(), value);
                    return;
                }
                map.entry(key.to_string()).or_insert(Value::Null)
            }
            Step::Id(id) => {
                let Some(found) = at.as_array_mut().and_then(|items| {
                    items
                        .iter_mut()
                        .find(|v| v.get("id").and_then(Value::as_str) == Some(id))
                }) else {
                    return;
                };
                if steps.peek().is_none() {
                    *found = value;
                    return;
                }
                found
            }
        };
        at = next;
    }
}

enum Step<'a> {
    Key(&'a str),
    Id(&'a str),
}

fn steps(path: &str) -> impl Iterator<Item = Step<'_>> {
    path.split('.').flat_map(|part| {
        let mut pieces = part.split('[');
        let key = pieces.next().filter(|k| !k.is_empty()).map(Step::Key);
        key.into_iter()
            .chain(pieces.map(|id| Step::Id(id.trim_end_matches(']'))))
    })
}
