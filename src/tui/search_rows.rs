//! The Backlog's stories as its list build reads them: each story's id, epic, whether it is
//! done, and the text its `/` filter matches (`fuzzy::write_row`'s), in rank order and with all
//! the text in one buffer. A filter letter over 100k stories then reads a few MB in order
//! instead of three or four allocations per story lying apart in memory (a cache miss
//! each: 39 ms a letter, docs/PERFORMANCE.md). Brought up to date before each build by
//! comparing the stories' `Arc`s: a changed story is a new `Arc` (`model/story_list.rs`).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::model::{EpicId, Story, StoryId};

#[derive(Debug, Clone)]
pub struct Row {
    pub id: StoryId,
    pub epic: Option<EpicId>,
    pub done: bool,
    text: Range<usize>,
}

#[derive(Debug, Default)]
pub struct SearchRows {
    /// The stories the rows were made from. Holding them is what makes the comparison
    /// sound: a story shared with this list is copied when it changes (`Arc::make_mut`)
    /// rather than changed in place, and no other story can be given its address.
    made_from: Vec<Arc<Story>>,
    rows: Vec<Row>,
    text: String,
}

impl SearchRows {
    /// Makes the rows those of `stories`, in their order. Rows of stories still there are
    /// kept; only new or changed stories are read.
    pub fn refresh(&mut self, stories: &[Arc<Story>]) {
        if self.made_from.len() == stories.len() && self.refresh_in_place(stories) {
            return;
        }
        // Stories moved, came or went: each kept row is found by its story's address.
        let old: HashMap<*const Story, usize> = self
            .made_from
            .iter()
            .enumerate()
            .map(|(i, s)| (Arc::as_ptr(s), i))
            .collect();
        let mut rows = Vec::with_capacity(stories.len());
        for s in stories {
            let row = match old.get(&Arc::as_ptr(s)) {
                Some(&i) => self.rows[i].clone(),
                None => self.push(s),
            };
            rows.push(row);
        }
        self.rows = rows;
        self.made_from = stories.to_vec();
        self.compact();
    }

    /// The common case after an edit: the same number of stories, nearly all at their
    /// places; the few that differ are read again. False (nothing changed) when too many
    /// differ for that to pay.
    fn refresh_in_place(&mut self, stories: &[Arc<Story>]) -> bool {
        const FEW: usize = 64;
        let differ: Vec<usize> = (0..stories.len())
            .filter(|&i| !Arc::ptr_eq(&self.made_from[i], &stories[i]))
            .take(FEW + 1)
            .collect();
        if differ.len() > FEW {
            return false;
        }
        for i in differ {
            self.rows[i] = self.push(&stories[i]);
            self.made_from[i] = Arc::clone(&stories[i]);
        }
        self.compact();
        true
    }

    /// Text of stories gone or changed piles up; past half the buffer, start afresh.
    fn compact(&mut self) {
        let live: usize = self.rows.iter().map(|r| r.text.len()).sum();
        if self.text.len() > 2 * live + 4096 {
            self.text.clear();
            let stories = std::mem::take(&mut self.made_from);
            self.rows = stories.iter().map(|s| self.push(s)).collect();
            self.made_from = stories;
        }
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The text `row`'s filter matches.
    pub fn text(&self, row: &Row) -> &str {
        self.text.get(row.text.clone()).unwrap_or_default()
    }

    fn push(&mut self, s: &Story) -> Row {
        let from = self.text.len();
        super::fuzzy::write_row(&mut self.text, s.id, &s.title, &s.labels);
        Row {
            id: s.id,
            epic: s.epic,
            done: s.is_done(),
            text: from..self.text.len(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{Place, Product, StoryPatch, StoryStatus};

    /// Every row as a fresh build makes it.
    fn fresh(p: &Product) -> Vec<(StoryId, Option<EpicId>, bool, String)> {
        let mut rows = SearchRows::default();
        rows.refresh(p.stories().shared());
        seen(&rows)
    }

    fn seen(rows: &SearchRows) -> Vec<(StoryId, Option<EpicId>, bool, String)> {
        rows.rows()
            .iter()
            .map(|r| (r.id, r.epic, r.done, rows.text(r).to_string()))
            .collect()
    }

    #[test]
    fn kept_rows_follow_every_kind_of_change() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let now = today.and_hms_opt(9, 0, 0).unwrap().and_utc();
        let mut p = crate::demo::sample(today, 300).unwrap();
        let mut kept = SearchRows::default();
        kept.refresh(p.stories().shared());
        let ids: Vec<StoryId> = p.stories().iter().map(|s| s.id).collect();
        let row_of = |rows: &SearchRows, id| {
            let r = rows.rows().iter().find(|r| r.id == id).unwrap();
            rows.text(r).to_string()
        };
        assert!(row_of(&kept, ids[3]).starts_with(&format!("{} ", ids[3])));
        for round in 0..40 {
            let id = ids[(round * 7) % ids.len()];
            match round % 4 {
                0 => {
                    let patch = StoryPatch {
                        title: Some(format!("retitled {round}")),
                        ..Default::default()
                    };
                    p.update_story(id, patch, now).unwrap();
                }
                1 => p.set_story_status(id, StoryStatus::Done, now).unwrap(),
                2 => p.move_story(id, Place::Top).unwrap(),
                _ => {
                    let (story, rank) = p.remove_story(id).unwrap();
                    p.restore_story(story, rank).unwrap();
                }
            }
            kept.refresh(p.stories().shared());
            assert_eq!(seen(&kept), fresh(&p), "after round {round}");
        }
        assert!(row_of(&kept, ids[0]).contains("retitled"));
        // The text of changed stories was let go of on the way.
        assert!(kept.text.len() < 3 * fresh(&p).iter().map(|r| r.3.len()).sum::<usize>());
    }
}
