//! Unit tests of the model: every rule a change must keep, the checks of whole documents,
//! the derived figures, and the demo sample. Split by what they prove.

#![allow(clippy::unwrap_used)]

mod commits;
mod demo;
mod done;
mod figures;
mod flow;
mod forecast;
mod goals;
mod problems;
mod props;
mod rules;
mod sprints;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Place, Product, StoryDraft, StoryId};

pub(super) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub(super) fn at(y: i32, m: u32, d: u32, hour: u32) -> DateTime<Utc> {
    day(y, m, d).and_hms_opt(hour, 0, 0).unwrap().and_utc()
}

/// The moment most changes in these tests happen.
pub(super) fn now() -> DateTime<Utc> {
    at(2026, 3, 1, 9)
}

pub(super) fn titled(title: &str) -> StoryDraft {
    StoryDraft {
        title: title.into(),
        ..StoryDraft::default()
    }
}

/// Adds stories with the given titles at the bottom, returning their ids in order.
pub(super) fn stories(p: &mut Product, titles: &[&str]) -> Vec<StoryId> {
    titles
        .iter()
        .map(|t| p.add_story(titled(t), Place::Bottom, now()).unwrap())
        .collect()
}

/// The backlog as id numbers, in rank order.
pub(super) fn order(p: &Product) -> Vec<u32> {
    p.stories().iter().map(|s| s.id.0).collect()
}
