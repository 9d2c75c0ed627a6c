//! The demo sample is what a new user sees first and what the benchmarks load: it must be
//! rich, sound, and scale.

use std::collections::HashSet;

use super::day;
use crate::demo::sample;
use crate::model::{Horizon, SprintState, StoryStatus};

#[test]
fn the_sample_has_everything_the_views_need() {
    let today = day(2026, 11, 23);
    let p = sample(today, 40).unwrap();
    assert_eq!(p.problems(), []);
    assert_eq!(p.stories().len(), crate::demo::BASE_STORIES);

    let statuses: HashSet<StoryStatus> = p.stories().iter().map(|s| s.status).collect();
    assert_eq!(statuses.len(), StoryStatus::ALL.len(), "{statuses:?}");
    let complete = p
        .stories()
        .iter()
        .filter(|s| {
            !s.as_a.is_empty()
                && !s.i_want.is_empty()
                && !s.so_that.is_empty()
                && !s.acceptance_criteria.is_empty()
                && s.points.is_some()
        })
        .count();
    assert!(complete > 40, "only {complete} stories are complete");

    assert_eq!(p.visions().len(), 2);
    for v in p.visions() {
        assert!(!v.goals.is_empty(), "{} has no goals", v.id);
        assert!(
            v.goals
                .iter()
                .any(|g| g.metric.is_some() && g.target.is_some())
        );
    }

    assert_eq!(p.epics().len(), 6);
    let horizons: HashSet<Horizon> = p.epics().iter().map(|e| e.horizon).collect();
    assert_eq!(horizons.len(), 3);
    assert!(p.epics().iter().all(|e| e.rice.is_some()));
    assert!(p.epics().iter().all(|e| p.epic_progress(e.id).stories > 0));

    let states: Vec<SprintState> = p.sprints().iter().map(|s| s.state).collect();
    let mut expected = vec![SprintState::Closed; 6];
    expected.extend([SprintState::Active, SprintState::Planned]);
    assert_eq!(states, expected, "six closed sprints to forecast from");
    assert!(p.stories().iter().any(|s| !s.blocked_by.is_empty()));
}

#[test]
fn every_closed_sprint_has_a_real_burndown() {
    let today = day(2026, 11, 23);
    let p = sample(today, 40).unwrap();
    let closed = p
        .sprints()
        .iter()
        .filter(|s| s.state == SprintState::Closed);
    for closed in closed.map(|s| s.id) {
        let days = p.burndown(closed, today);
        let remaining: Vec<u32> = days.iter().map(|d| d.remaining.unwrap()).collect();
        let committed = p.sprint_progress(closed).points_total;
        assert!(committed > 0);
        assert!(remaining.windows(2).all(|w| w[1] <= w[0]), "{remaining:?}");
        let distinct: HashSet<u32> = remaining.iter().copied().collect();
        assert!(
            distinct.len() >= 4,
            "{closed}: a flat burndown: {remaining:?}"
        );
        assert_eq!(remaining[0], committed, "{closed}");
        assert_eq!(*remaining.last().unwrap(), 0, "{closed}");
    }

    let active = p.active_sprint().unwrap().id;
    let days = p.burndown(active, today);
    assert!(days.iter().any(|d| d.remaining.is_none()), "future days");
    assert!(days.iter().any(|d| d.remaining.is_some()), "past days");
}

#[test]
fn the_sample_records_a_result_and_a_baseline() {
    let p = sample(day(2026, 11, 23), 40).unwrap();
    let [closed, active] = [5, 6].map(|i| &p.sprints()[i]);
    let result = closed.result.as_ref().unwrap();
    assert!(result.done > 0 && result.done <= result.committed);
    assert_eq!(result.carried_to, None);
    assert_eq!(active.state, SprintState::Active);
    assert!(active.baseline.as_ref().unwrap().points() > 0);
    // An uneven pace, so a forecast has a spread to show.
    let done: Vec<u32> = p.closed_sprint_points().iter().map(|(_, d)| *d).collect();
    assert_eq!(done, [16, 21, 14, 19, 22, 26]);
}

#[test]
fn the_sample_is_the_same_for_the_same_day() {
    let today = day(2026, 11, 23);
    assert_eq!(sample(today, 60).unwrap(), sample(today, 60).unwrap());
    assert_eq!(
        sample(today, 10).unwrap().stories().len(),
        crate::demo::BASE_STORIES
    );
}

/// The benchmark size: must build (and check) in a few seconds even in a debug build.
#[test]
fn the_sample_scales_to_100_000_stories() {
    let p = sample(day(2026, 11, 23), 100_000).unwrap();
    assert_eq!(p.stories().len(), 100_000);
    assert_eq!(p.problems(), []);
    let ids: HashSet<u32> = p.stories().iter().map(|s| s.id.0).collect();
    assert_eq!(ids.len(), 100_000);
}
