//! Flow metrics from the status history: lead time, cycle time, throughput and the age of
//! the work in progress. Derived on demand like every figure, with `now` passed in.
//!
//! - Lead time runs from the story's creation to the moment it last entered `done`.
//! - Cycle time runs from the first time work started on it (it first entered `in-progress`,
//!   or `review` if it skipped that) to the same moment. A story re-opened and finished again
//!   keeps its first start: the re-work is part of its cycle.
//! - A story counts as finished only while its status is `done`; one re-opened since is
//!   work in progress again.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::{EpicId, ModelError, Product, Story, StoryId, StoryStatus};

impl Story {
    /// When the story last entered `done`, if it is done now and its history says when.
    pub fn finished_at(&self) -> Option<DateTime<Utc>> {
        if !self.is_done() {
            return None;
        }
        self.history
            .iter()
            .rev()
            .find(|c| c.status == StoryStatus::Done)
            .map(|c| c.at)
    }

    /// When work on the story first started: its first entry into `in-progress` or `review`.
    pub fn started_at(&self) -> Option<DateTime<Utc>> {
        self.history
            .iter()
            .find(|c| matches!(c.status, StoryStatus::InProgress | StoryStatus::Review))
            .map(|c| c.at)
    }

    /// Created to finished.
    pub fn lead_time(&self) -> Option<Duration> {
        self.finished_at().map(|done| done - self.created)
    }

    /// First started to finished; `None` for a story that went to done without starting.
    pub fn cycle_time(&self) -> Option<Duration> {
        let done = self.finished_at()?;
        self.started_at()
            .filter(|start| *start <= done)
            .map(|start| done - start)
    }

    /// When the story entered the status it has now: the last history entry for it, or its
    /// creation for a story whose history does not record it (files from before histories).
    pub fn in_status_since(&self) -> DateTime<Utc> {
        self.history
            .iter()
            .rev()
            .find(|c| c.status == self.status)
            .map_or(self.created, |c| c.at)
    }
}

/// The nearest-rank percentile: the smallest value that at least `p` percent of the values
/// are less than or equal to, i.e. the value at 1-based rank ceil(p/100 * n) of the sorted
/// values. It is always one of the values measured, never an interpolation between two.
/// `sorted` must be in ascending order; `None` when it is empty.
pub fn percentile<T: Copy>(sorted: &[T], p: u32) -> Option<T> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let p = p.clamp(1, 100) as usize;
    let rank = (p * n).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// Which stories the flow report looks at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowFilter {
    /// Only stories finished on or after this day (UTC); work in progress is never cut.
    pub since: Option<NaiveDate>,
    pub epic: Option<EpicId>,
    pub label: Option<String>,
}

impl FlowFilter {
    fn keeps(&self, s: &Story) -> bool {
        self.epic.is_none_or(|e| s.epic == Some(e))
            && self.label.as_ref().is_none_or(|l| s.labels.contains(l))
    }
}

/// One finished story's times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    pub story: StoryId,
    pub finished: DateTime<Utc>,
    pub lead: Duration,
    pub cycle: Option<Duration>,
}

/// The percentiles teams quote ("85% of our stories finish within 6 days") of a set of
/// durations; `None` when there are none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spread {
    /// How many durations the percentiles are taken over.
    pub count: usize,
    pub p50: Option<Duration>,
    pub p85: Option<Duration>,
    pub p95: Option<Duration>,
}

impl Spread {
    fn of(mut values: Vec<Duration>) -> Spread {
        values.sort_unstable();
        Spread {
            count: values.len(),
            p50: percentile(&values, 50),
            p85: percentile(&values, 85),
            p95: percentile(&values, 95),
        }
    }

    /// The three percentiles, lowest first.
    pub fn all(&self) -> [Option<Duration>; 3] {
        [self.p50, self.p85, self.p95]
    }
}

/// Stories finished in one calendar week (Monday to Sunday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Week {
    pub monday: NaiveDate,
    pub finished: usize,
}

/// A story in progress and how long it has been in its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aging {
    pub story: StoryId,
    pub status: StoryStatus,
    pub since: DateTime<Utc>,
    pub age: Duration,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Flow {
    /// Finished stories, earliest finish first.
    pub finished: Vec<Finished>,
    pub lead: Spread,
    pub cycle: Spread,
    /// Every week from the first counted (the `since` day's, else the first finish's) to
    /// this one, including weeks when nothing finished.
    pub throughput: Vec<Week>,
    /// Stories in progress or in review, longest in their status first.
    pub in_progress: Vec<Aging>,
}

impl Flow {
    /// Mean stories finished per week over [`Flow::throughput`].
    pub fn mean_throughput(&self) -> f64 {
        if self.throughput.is_empty() {
            return 0.0;
        }
        let total: usize = self.throughput.iter().map(|w| w.finished).sum();
        total as f64 / self.throughput.len() as f64
    }
}

fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

impl Product {
    /// The flow report over the stories the filter keeps, as of `now`. An epic that does not
    /// exist is refused: a typo, not an empty report.
    pub fn flow(&self, filter: &FlowFilter, now: DateTime<Utc>) -> Result<Flow, ModelError> {
        if let Some(e) = filter.epic {
            self.epic(e)?;
        }
        let kept = || self.stories().iter().filter(|s| filter.keeps(s));
        let mut finished: Vec<Finished> = kept()
            .filter_map(|s| {
                let at = s.finished_at()?;
                let counted = filter.since.is_none_or(|d| at.date_naive() >= d);
                counted.then(|| Finished {
                    story: s.id,
                    finished: at,
                    lead: at - s.created,
                    cycle: s.cycle_time(),
                })
            })
            .collect();
        finished.sort_by_key(|f| (f.finished, f.story));
        let lead = Spread::of(finished.iter().map(|f| f.lead).collect());
        let cycle = Spread::of(finished.iter().filter_map(|f| f.cycle).collect());
        let throughput = weeks(&finished, filter.since, now.date_naive());
        let mut in_progress: Vec<Aging> = kept()
            .filter(|s| matches!(s.status, StoryStatus::InProgress | StoryStatus::Review))
            .map(|s| {
                let since = s.in_status_since();
                Aging {
                    story: s.id,
                    status: s.status,
                    since,
                    age: now - since,
                }
            })
            .collect();
        in_progress.sort_by_key(|a| (std::cmp::Reverse(a.age), a.story));
        Ok(Flow {
            finished,
            lead,
            cycle,
            throughput,
            in_progress,
        })
    }
}

fn weeks(finished: &[Finished], since: Option<NaiveDate>, today: NaiveDate) -> Vec<Week> {
    let first = since.or_else(|| finished.first().map(|f| f.finished.date_naive()));
    let Some(first) = first else {
        return Vec::new();
    };
    let start = monday_of(first);
    let count = (monday_of(today.max(first)) - start).num_days() / 7 + 1;
    let mut out: Vec<Week> = (0..count)
        .map(|i| Week {
            monday: start + Duration::days(7 * i),
            finished: 0,
        })
        .collect();
    for f in finished {
        let i = (f.finished.date_naive() - start).num_days().div_euclid(7);
        if let Some(week) = usize::try_from(i).ok().and_then(|i| out.get_mut(i)) {
            week.finished += 1;
        }
    }
    out
}
