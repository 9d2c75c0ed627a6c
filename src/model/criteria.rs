//! Replacing a story's acceptance criteria as a whole: what the UI's form and checklist
//! editing need (add, edit, reorder, tick), as one change.

use chrono::{DateTime, Utc};

use super::entities::Criterion;
use super::product::whole_seconds;
use super::{ModelError, Product, StoryId};

impl Product {
    /// Sets the story's criteria to `criteria`, dropping empty ones.
    pub fn set_criteria(
        &mut self,
        id: StoryId,
        criteria: Vec<Criterion>,
        now: DateTime<Utc>,
    ) -> Result<(), ModelError> {
        let i = self.story_index(id)?;
        let story = &mut self.stories[i];
        let criteria: Vec<Criterion> = criteria
            .into_iter()
            .filter(|c| !c.text.trim().is_empty())
            .collect();
        if story.acceptance_criteria != criteria {
            story.acceptance_criteria = criteria;
            story.updated = whole_seconds(now);
        }
        Ok(())
    }
}
