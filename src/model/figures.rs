//! Figures derived from the document: progress, committed and done points, velocity.
//! Computed on demand, never stored, so they cannot disagree with the stories.

use std::collections::BTreeMap;

use super::{EpicId, Product, SprintId, SprintState, Story};

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
            p.count(s);
            p
        })
    }

    /// Counts one more story, its points and whether it is done.
    pub fn count(&mut self, s: &Story) {
        let points = s.points.unwrap_or(0);
        self.stories += 1;
        // Saturating: points are any u32 a user typed, and a sum must not overflow.
        self.points_total = self.points_total.saturating_add(points);
        if s.is_done() {
            self.stories_done += 1;
            self.points_done = self.points_done.saturating_add(points);
        }
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

/// The team's velocity: the mean done points of the last three closed sprints, with the
/// figures it comes from, so a planner can see what the mean hides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Velocity {
    /// Oldest first.
    pub sprints: Vec<(SprintId, u32)>,
}

impl Velocity {
    /// How many closed sprints the mean is taken over.
    pub const WINDOW: usize = 3;

    /// What the mean is taken of, oldest first: `SP-1 10, SP-2 6, SP-3 12`.
    pub fn parts(&self) -> String {
        let parts: Vec<String> = self
            .sprints
            .iter()
            .map(|(id, p)| format!("{id} {p}"))
            .collect();
        parts.join(", ")
    }

    /// `None` until a sprint has closed.
    pub fn mean(&self) -> Option<f64> {
        let sum: f64 = self.sprints.iter().map(|(_, p)| f64::from(*p)).sum();
        (!self.sprints.is_empty()).then(|| sum / self.sprints.len() as f64)
    }
}

/// One person's open work in a sprint: a line of "who has what".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// `None`: stories nobody has taken.
    pub assignee: Option<String>,
    pub stories: usize,
    /// Unestimated stories count as 0.
    pub points: u32,
}

impl Product {
    /// Who has what in a sprint: its open (not done) stories per assignee, by name, with
    /// the unassigned ones last. Done work is nobody's load, so it is not counted. The one
    /// definition the CLI and the TUI show.
    pub fn open_work(&self, id: SprintId) -> Vec<Workload> {
        let mut by_name: BTreeMap<Option<&str>, (usize, u32)> = BTreeMap::new();
        for s in self.sprint_stories(id).filter(|s| !s.is_done()) {
            let entry = by_name.entry(s.assignee.as_deref()).or_default();
            entry.0 += 1;
            entry.1 = entry.1.saturating_add(s.points.unwrap_or(0));
        }
        let mut work: Vec<Workload> = by_name
            .into_iter()
            .map(|(who, (stories, points))| Workload {
                assignee: who.map(str::to_string),
                stories,
                points,
            })
            .collect();
        // `None` sorts first in the map; nobody's stories read best at the end.
        if work.first().is_some_and(|w| w.assignee.is_none()) {
            work.rotate_left(1);
        }
        work
    }

    pub fn epic_progress(&self, id: EpicId) -> Progress {
        Progress::of(self.stories.iter().filter(|s| s.epic == Some(id)))
    }

    /// Committed (all planned) and done points of a sprint.
    pub fn sprint_progress(&self, id: SprintId) -> Progress {
        Progress::of(self.sprint_stories(id))
    }

    /// Done points of a sprint: its recorded result once closed, else its done stories.
    pub fn done_points(&self, id: SprintId) -> u32 {
        match self.sprint(id).ok().and_then(|s| s.result.as_ref()) {
            Some(r) => r.done,
            None => self.sprint_progress(id).points_done,
        }
    }

    /// Done points of every closed sprint, in the order they ended: the velocity chart.
    pub fn closed_sprint_points(&self) -> Vec<(SprintId, u32)> {
        let mut closed: Vec<_> = self
            .sprints
            .iter()
            .filter(|s| s.state == SprintState::Closed)
            .collect();
        closed.sort_by_key(|s| (s.end, s.id));
        closed
            .into_iter()
            .map(|s| (s.id, self.done_points(s.id)))
            .collect()
    }

    pub fn velocity(&self) -> Velocity {
        let all = self.closed_sprint_points();
        let from = all.len().saturating_sub(Velocity::WINDOW);
        Velocity {
            sprints: all[from..].to_vec(),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};

    use super::Workload;

    #[test]
    fn who_has_what_counts_open_stories_by_name_with_nobody_last() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date");
        let p = crate::demo::sample(today, 40).expect("the sample");
        let active = p.active_sprint().expect("an active sprint").id;
        let work = p.open_work(active);
        let names: Vec<Option<&str>> = work.iter().map(|w| w.assignee.as_deref()).collect();
        assert_eq!(names.last(), Some(&None), "nobody comes last: {names:?}");
        let open: Vec<_> = p.sprint_stories(active).filter(|s| !s.is_done()).collect();
        assert_eq!(work.iter().map(|w| w.stories).sum::<usize>(), open.len());
        assert!(
            p.sprint_stories(active).any(|s| s.is_done()),
            "the sample has done work"
        );
        for w in &work {
            let theirs = open.iter().filter(|s| s.assignee == w.assignee);
            let points = theirs
                .clone()
                .filter_map(|s| s.points)
                .fold(0u32, u32::saturating_add);
            assert_eq!((w.stories, w.points), (theirs.count(), points), "{w:?}");
        }
        assert_eq!(
            p.open_work(crate::model::SprintId(999)),
            Vec::<Workload>::new()
        );
    }

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
                points: Some(1),
                sprint: Some(sprint),
                ..StoryDraft::default()
            };
            p.add_story(draft, Place::Bottom, now)
                .expect("a valid story");
        }
        // Refused on input, but a file can hold them (`check` reports it).
        p.stories
            .change_where(|_| true, |s| s.points = Some(u32::MAX - 1));
        assert_eq!(p.sprint_progress(sprint).points_total, u32::MAX);
        assert_eq!(p.burndown(sprint, start)[0].remaining, Some(u32::MAX));
    }
}
