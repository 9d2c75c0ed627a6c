//! Open conflicts: fields two writers changed to different values at once. The later
//! writer's value stands in the entity; the other is kept here, in the document, until
//! someone settles it (`roadlog resolve`), so a merge never silently drops an edit.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Extra, Product};

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
}
