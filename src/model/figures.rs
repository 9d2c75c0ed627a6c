//! Figures derived from the document: progress, committed and done points, the burndown.
//! Computed on demand, never stored, so they cannot disagree with the stories.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::{EpicId, Product, SprintId, Story};

/// How far an epic (or any set of stories) has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub stories: usize,
    pub stories_done: usize,
    pub points_total: u32,
    pub points_done: u32,
}

impl Progress {
    pub fn of<'a>(stories: impl Iterator<Item = &'a Story>) -> Progress {
        stories.fold(Progress::default(), |mut p, s| {
            let points = s.points.unwrap_or(0);
            p.stories += 1;
            // Saturating: points are any u32 a user typed, and a sum must not overflow.
            p.points_total = p.points_total.saturating_add(points);
            if s.is_done() {
                p.stories_done += 1;
                p.points_done = p.points_done.saturating_add(points);
            }
            p
        })
    }

    /// Done share of the points, 0.0 to 1.0; by story count when nothing is estimated.
    pub fn ratio(&self) -> f64 {
        if self.points_total > 0 {
            f64::from(self.points_done) / f64::from(self.points_total)
        } else if self.stories > 0 {
            self.stories_done as f64 / self.stories as f64
        } else {
            0.0
        }
    }
}

/// One day of a burndown: points still open at the end of that day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurndownDay {
    pub date: NaiveDate,
    /// What the straight line from committed to zero says should be left.
    pub ideal: f64,
    /// What was left; `None` for days still to come.
    pub remaining: Option<u32>,
}

impl Product {
    pub fn epic_progress(&self, id: EpicId) -> Progress {
        Progress::of(self.stories.iter().filter(|s| s.epic == Some(id)))
    }

    /// Committed (all planned) and done points of a sprint.
    pub fn sprint_progress(&self, id: SprintId) -> Progress {
        Progress::of(self.sprint_stories(id))
    }

    /// Remaining points per day from the sprint's start to its end, read from each story's
    /// status history. Days after `today` have no actual figure yet.
    pub fn burndown(&self, id: SprintId, today: NaiveDate) -> Vec<BurndownDay> {
        let Ok(sprint) = self.sprint(id) else {
            return Vec::new();
        };
        let stories: Vec<&Story> = self.sprint_stories(id).collect();
        let committed = sum_points(stories.iter().copied());
        let days = (sprint.end - sprint.start).num_days().max(0);
        let mut out = Vec::with_capacity(days as usize + 1);
        for (n, date) in sprint.start.iter_days().take(days as usize + 1).enumerate() {
            let ideal = if days == 0 {
                0.0
            } else {
                f64::from(committed) * (1.0 - n as f64 / days as f64)
            };
            let remaining = (date <= today).then(|| {
                let end_of_day = end_of(date);
                sum_points(
                    stories
                        .iter()
                        .copied()
                        .filter(|s| s.status_at(end_of_day) != Some(super::StoryStatus::Done)),
                )
            });
            out.push(BurndownDay {
                date,
                ideal,
                remaining,
            });
        }
        out
    }
}

fn sum_points<'a>(stories: impl Iterator<Item = &'a Story>) -> u32 {
    stories.fold(0, |sum, s| sum.saturating_add(s.points.unwrap_or(0)))
}

fn end_of(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
        .and_utc()
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use crate::model::{Place, Product, SprintDraft, StoryDraft};

    #[test]
    fn huge_estimates_saturate_instead_of_overflowing() {
        let mut p = Product::new("t");
        let now = Utc
            .with_ymd_and_hms(2026, 1, 5, 9, 0, 0)
            .single()
            .expect("a valid time");
        let start = NaiveDate::from_ymd_opt(2026, 1, 5).expect("a valid date");
        let sprint = p
            .add_sprint(SprintDraft {
                name: "s".into(),
                goal: String::new(),
                start,
                end: start,
                capacity: None,
            })
            .expect("a valid sprint");
        for title in ["a", "b"] {
            let draft = StoryDraft {
                title: title.into(),
                points: Some(u32::MAX - 1),
                sprint: Some(sprint),
                ..StoryDraft::default()
            };
            p.add_story(draft, Place::Bottom, now)
                .expect("a valid story");
        }
        assert_eq!(p.sprint_progress(sprint).points_total, u32::MAX);
        assert_eq!(p.burndown(sprint, start)[0].remaining, Some(u32::MAX));
    }
}
