//! Each entity's fields, in the order the form shows them, filled from the entity (or
//! defaults for a new one). Reading them back is [`read`](super::read)'s job.

use chrono::NaiveDate;

use crate::model::{Epic, EpicStatus, Horizon, Rice, Sprint, Story, StoryStatus, Vision, Wsjf};

use super::Field;

/// How dates are written, in hints and in messages.
pub(super) const DATE: &str = "YYYY-MM-DD";

pub fn story(s: Option<&Story>) -> Vec<Field> {
    let criteria = s.map_or(String::new(), |s| {
        s.acceptance_criteria
            .iter()
            .map(|c| format!("[{}] {}", if c.done { 'x' } else { ' ' }, c.text))
            .collect::<Vec<_>>()
            .join("\n")
    });
    let opt = |v: Option<String>| v.unwrap_or_default();
    vec![
        Field::new("Title", s.map_or("", |s| &s.title), "required"),
        Field::new("As a", s.map_or("", |s| &s.as_a), "who wants it"),
        Field::new("I want", s.map_or("", |s| &s.i_want), "what they want"),
        Field::new("So that", s.map_or("", |s| &s.so_that), "why"),
        Field::multiline("Description", s.map_or("", |s| &s.description), ""),
        Field::multiline("Criteria", &criteria, "one per line; [x] marks done"),
        Field::new(
            "Points",
            &opt(s.and_then(|s| s.points).map(|p| p.to_string())),
            "0 1 2 3 5 8 13 21, empty for ?",
        ),
        Field::new(
            "Status",
            s.map_or(StoryStatus::Draft.as_str(), |s| s.status.as_str()),
            &choices(StoryStatus::ALL),
        ),
        Field::new(
            "Epic",
            &opt(s.and_then(|s| s.epic).map(|e| e.to_string())),
            "E-n",
        ),
        Field::new(
            "Sprint",
            &opt(s.and_then(|s| s.sprint).map(|e| e.to_string())),
            "SP-n",
        ),
        Field::new(
            "Labels",
            &s.map_or(String::new(), |s| s.labels.join(", ")),
            "a, b",
        ),
        Field::new("Assignee", &opt(s.and_then(|s| s.assignee.clone())), ""),
        Field::new(
            "Blocked by",
            &s.map_or(String::new(), |s| join(&s.blocked_by)),
            "S-n, S-m",
        ),
    ]
}

pub fn epic(e: Option<&Epic>, horizon: Horizon) -> Vec<Field> {
    let rice = e.and_then(|e| e.rice);
    let num = |f: fn(&Rice) -> f64| rice.as_ref().map_or(String::new(), |r| f(r).to_string());
    let date = |d: Option<NaiveDate>| d.map_or(String::new(), |d| d.to_string());
    let w = e.and_then(|e| e.wsjf);
    let wsjf = |f: fn(&Wsjf) -> f64| w.as_ref().map_or(String::new(), |w| f(w).to_string());
    vec![
        Field::new("Title", e.map_or("", |e| &e.title), "required"),
        Field::multiline("Description", e.map_or("", |e| &e.description), ""),
        Field::new(
            "Vision",
            &e.and_then(|e| e.vision)
                .map_or(String::new(), |v| v.to_string()),
            "V-n",
        ),
        Field::new(
            "Status",
            e.map_or(EpicStatus::Proposed.as_str(), |e| e.status.as_str()),
            &choices(EpicStatus::ALL),
        ),
        Field::new(
            "Horizon",
            e.map_or(horizon, |e| e.horizon).as_str(),
            &choices(Horizon::ALL),
        ),
        Field::new("Start", &date(e.and_then(|e| e.start)), DATE),
        Field::new("Target", &date(e.and_then(|e| e.target)), DATE),
        Field::new(
            "Labels",
            &e.map_or(String::new(), |e| e.labels.join(", ")),
            "a, b",
        ),
        Field::new("Reach", &num(|r| r.reach), "people per period"),
        Field::new("Impact", &num(|r| r.impact), "0.25 to 3"),
        Field::new("Confidence", &num(|r| r.confidence), "percent"),
        Field::new("Effort", &num(|r| r.effort), "person-months"),
        Field::new("Value", &wsjf(|w| w.business_value), "WSJF business value"),
        Field::new(
            "Time crit.",
            &wsjf(|w| w.time_criticality),
            "WSJF time criticality",
        ),
        Field::new(
            "Risk red.",
            &wsjf(|w| w.risk_reduction),
            "WSJF risk reduction",
        ),
        Field::new("Job size", &wsjf(|w| w.job_size), "WSJF job size"),
    ]
}

pub fn vision(v: Option<&Vision>) -> Vec<Field> {
    let goals = v.map_or(String::new(), |v| {
        v.goals
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    });
    vec![
        Field::new("Title", v.map_or("", |v| &v.title), "required"),
        Field::multiline("Statement", v.map_or("", |v| &v.statement), ""),
        Field::new("For", v.map_or("", |v| &v.target_group), "target group"),
        Field::new("Needs", v.map_or("", |v| &v.needs), ""),
        Field::new("Product", v.map_or("", |v| &v.product), ""),
        Field::multiline("Goals", &goals, "one per line: text: metric -> target"),
    ]
}

pub fn sprint(s: Option<&Sprint>, today: NaiveDate) -> Vec<Field> {
    let start = s.map_or(today, |s| s.start);
    let end = s.map_or(today + chrono::Days::new(13), |s| s.end);
    vec![
        Field::new("Name", s.map_or("", |s| &s.name), "required"),
        Field::multiline("Goal", s.map_or("", |s| &s.goal), ""),
        Field::new("Start", &start.to_string(), DATE),
        Field::new("End", &end.to_string(), DATE),
        Field::new(
            "Capacity",
            &s.and_then(|s| s.capacity)
                .map_or(String::new(), |c| c.to_string()),
            "points",
        ),
    ]
}

fn choices<T: std::fmt::Display>(all: &[T]) -> String {
    all.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

fn join<T: ToString>(ids: &[T]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
