//! The sprint burndown (and burnup): per working day, the points left, done and in scope.
//! Scope is replayed from the baseline and the recorded scope changes, so a story planned
//! mid-sprint counts from the day it came in, and a story carried over at the close still
//! counts for the sprint it was in.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};

use super::scope::ScopeChangeKind;
use super::{Product, Sprint, SprintId, Story, StoryId, StoryStatus};

/// One day of a burndown, as things stood at the end of that day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurndownDay {
    pub date: NaiveDate,
    /// What the straight line from the committed points to zero says should be left.
    pub ideal: f64,
    /// Points not done; `None` for days still to come (as are the next two).
    pub remaining: Option<u32>,
    /// Points done: the burnup's lower line.
    pub done: Option<u32>,
    /// Points in scope: the burnup's upper line.
    pub scope: Option<u32>,
    /// Stories came in or went out since the day before (or since the start).
    pub scope_changed: bool,
}

impl Product {
    /// The burndown of a sprint from its start to its end date; weekends are left out when
    /// the document's settings say so. Days after `today` have no actual figures yet.
    pub fn burndown(&self, id: SprintId, today: NaiveDate) -> Vec<BurndownDay> {
        let Ok(sprint) = self.sprint(id) else {
            return Vec::new();
        };
        let days = working_days(sprint.start, sprint.end, self.settings.skip_weekends);
        let committed = self.committed_points(sprint);
        let last = days.len().saturating_sub(1);
        let start = self.start_scope(sprint);
        let pool = self.scope_pool(&start, sprint);
        let mut previous: Option<DateTime<Utc>> = None;
        let mut out = Vec::with_capacity(days.len());
        for (n, date) in days.into_iter().enumerate() {
            let ideal = if last == 0 {
                0.0
            } else {
                // Multiply before dividing: whole numbers stay whole (12 * 1 / 6 is 2.0).
                f64::from(committed) * (last - n) as f64 / last as f64
            };
            let end = end_of(date);
            let mut day = BurndownDay {
                date,
                ideal,
                remaining: None,
                done: None,
                scope: None,
                scope_changed: false,
            };
            if date <= today {
                let in_scope = replay(start.clone(), sprint, end);
                let (done, scope) = Product::done_and_scope(&pool, &in_scope, end);
                day.remaining = Some(scope.saturating_sub(done));
                day.done = Some(done);
                day.scope = Some(scope);
                day.scope_changed = sprint
                    .scope_changes
                    .iter()
                    .any(|c| c.at <= end && previous.is_none_or(|p| c.at > p));
            }
            previous = Some(end);
            out.push(day);
        }
        out
    }

    /// The points the sprint committed to: its baseline once started, else what is planned.
    pub fn committed_points(&self, sprint: &Sprint) -> u32 {
        match (&sprint.baseline, &sprint.result) {
            (Some(b), _) => b.points(),
            (None, Some(r)) => r.committed,
            (None, None) => self.sprint_progress(sprint.id).points_total,
        }
    }

    /// The stories in the sprint's scope at `moment`.
    pub fn scope_at(&self, sprint: &Sprint, moment: DateTime<Utc>) -> BTreeSet<StoryId> {
        replay(self.start_scope(sprint), sprint, moment)
    }

    /// The scope before any recorded change: the baseline, or without one (a file from
    /// before baselines, or a sprint not started) the sprint's own stories and those its
    /// close carried away, the best record there is.
    fn start_scope(&self, sprint: &Sprint) -> BTreeSet<StoryId> {
        match &sprint.baseline {
            Some(b) => b.stories.iter().map(|c| c.story).collect(),
            None => self
                .sprint_stories(sprint.id)
                .map(|s| s.id)
                .chain(sprint.result.iter().flat_map(|r| r.carried_over.clone()))
                .collect(),
        }
    }

    /// Every story in the sprint's scope on some day: one pass over the backlog, so each
    /// day of the chart only looks at these (backlogs run to 100k stories).
    fn scope_pool(&self, start: &BTreeSet<StoryId>, sprint: &Sprint) -> Vec<&Story> {
        let mut ids = start.clone();
        ids.extend(sprint.scope_changes.iter().map(|c| c.story));
        self.stories
            .iter()
            .filter(|s| ids.contains(&s.id))
            .collect()
    }

    fn done_and_scope(
        pool: &[&Story],
        scope: &BTreeSet<StoryId>,
        moment: DateTime<Utc>,
    ) -> (u32, u32) {
        pool.iter()
            .filter(|s| scope.contains(&s.id))
            .fold((0u32, 0u32), |(done, all), s| {
                let points = s.points.unwrap_or(0);
                let is_done = s.status_at(moment) == Some(StoryStatus::Done);
                (
                    if is_done {
                        done.saturating_add(points)
                    } else {
                        done
                    },
                    all.saturating_add(points),
                )
            })
    }
}

/// Applies the scope changes up to `moment`. Only a baseline has changes after it: without
/// one, the stories' own sprint is all there is.
fn replay(
    mut scope: BTreeSet<StoryId>,
    sprint: &Sprint,
    moment: DateTime<Utc>,
) -> BTreeSet<StoryId> {
    if sprint.baseline.is_some() {
        for c in sprint.scope_changes.iter().filter(|c| c.at <= moment) {
            match c.change {
                ScopeChangeKind::Added => scope.insert(c.story),
                ScopeChangeKind::Removed => scope.remove(&c.story),
            };
        }
    }
    scope
}

/// The dates from `start` to `end`, without Saturdays and Sundays when asked. A sprint that
/// lies wholly on a weekend keeps its days, so it still has a chart. A file may say a sprint
/// ends in the year 262142 (`check` reports it): the chart then stops after the longest
/// sprint allowed, rather than filling memory with days.
fn working_days(start: NaiveDate, end: NaiveDate, skip_weekends: bool) -> Vec<NaiveDate> {
    let count = (end - start)
        .num_days()
        .clamp(0, super::limits::MAX_SPRINT_DAYS - 1) as usize
        + 1;
    let all: Vec<NaiveDate> = start.iter_days().take(count).collect();
    if !skip_weekends {
        return all;
    }
    let working: Vec<NaiveDate> = all
        .iter()
        .copied()
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect();
    if working.is_empty() { all } else { working }
}

fn end_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
        .and_utc()
}
