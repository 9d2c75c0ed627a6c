//! `roadlog export csv`: one row per story, in backlog order, with every field under a
//! Jira column name (and `As a`, `I want`, `So that`, `Acceptance Criteria` for what Jira
//! has no column for), so `roadlog import csv` reads it back exactly. Repeated fields
//! (labels, criteria, blockers) take as many same-named columns as the longest needs, as
//! Jira writes them. Every cell a spreadsheet would run as a formula is guarded.

use crate::import::{csv_column as column, neutralise_cell};
use crate::model::{Product, Story, StoryStatus};

pub fn csv(product: &Product) -> Result<String, ::csv::Error> {
    let stories = product.stories();
    let widest = |count: fn(&Story) -> usize| stories.iter().map(count).max().unwrap_or(0).max(1);
    let labels = widest(|s| s.labels.len());
    let criteria = widest(|s| s.acceptance_criteria.len());
    let blockers = widest(|s| s.blocked_by.len());

    let mut header: Vec<&str> = vec![
        column::KEY,
        column::SUMMARY,
        column::STATUS,
        column::STATUS_CATEGORY,
        column::POINTS,
        column::ASSIGNEE,
    ];
    header.extend(std::iter::repeat_n(column::LABELS, labels));
    header.extend([
        column::SPRINT,
        column::EPIC_LINK,
        column::PARENT_SUMMARY,
        column::DESCRIPTION,
        column::AS_A,
        column::I_WANT,
        column::SO_THAT,
    ]);
    header.extend(std::iter::repeat_n(column::CRITERIA, criteria));
    header.extend(std::iter::repeat_n(column::BLOCKED_BY, blockers));
    header.extend([column::CREATED, column::UPDATED]);

    let mut out = ::csv::Writer::from_writer(Vec::new());
    out.write_record(&header)?;
    let key = |s: &Story| s.external_key.clone().unwrap_or_else(|| s.id.to_string());
    for s in stories {
        let epic = s.epic.and_then(|e| product.epic(e).ok());
        let sprint = s.sprint.and_then(|sp| product.sprint(sp).ok());
        let mut row: Vec<String> = vec![
            key(s),
            s.title.clone(),
            s.status.to_string(),
            category(s.status).to_string(),
            s.points.map(|p| p.to_string()).unwrap_or_default(),
            s.assignee.clone().unwrap_or_default(),
        ];
        row.extend(padded(s.labels.iter().cloned(), labels));
        row.extend([
            sprint.map(|sp| sp.name.clone()).unwrap_or_default(),
            epic.map(|e| e.external_key.clone().unwrap_or_else(|| e.id.to_string()))
                .unwrap_or_default(),
            epic.map(|e| e.title.clone()).unwrap_or_default(),
            s.description.clone(),
            s.as_a.clone(),
            s.i_want.clone(),
            s.so_that.clone(),
        ]);
        let ticks = s.acceptance_criteria.iter().map(|c| {
            let mark = if c.done { "[x]" } else { "[ ]" };
            format!("{mark} {}", c.text)
        });
        row.extend(padded(ticks, criteria));
        let blocking = s
            .blocked_by
            .iter()
            .map(|b| product.story(*b).map_or_else(|_| b.to_string(), key));
        row.extend(padded(blocking, blockers));
        row.extend([time(s.created), time(s.updated)]);
        let guarded: Vec<_> = row.iter().map(|cell| neutralise_cell(cell)).collect();
        out.write_record(guarded.iter().map(|c| c.as_ref()))?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| ::csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Jira's three status categories, for tools that know only those.
fn category(status: StoryStatus) -> &'static str {
    match status {
        StoryStatus::Draft | StoryStatus::Ready => "To Do",
        StoryStatus::InProgress | StoryStatus::Review => "In Progress",
        StoryStatus::Done => "Done",
    }
}

fn padded(cells: impl Iterator<Item = String>, width: usize) -> Vec<String> {
    let mut cells: Vec<String> = cells.collect();
    cells.resize(width, String::new());
    cells
}

fn time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
