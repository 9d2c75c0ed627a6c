//! Lead time, cycle time, percentiles, throughput and the age of work in progress.

use chrono::Duration;

use super::{at, day, now, stories};
use crate::model::{
    EpicDraft, EpicId, FlowFilter, ModelError, Product, StoryId, StoryPatch, StoryStatus,
    percentile,
};

fn status(p: &mut Product, id: StoryId, to: StoryStatus, d: u32) {
    p.set_story_status(id, to, at(2026, 3, d, 9)).unwrap();
}

#[test]
fn nearest_rank_percentiles_on_known_data() {
    // The textbook example of the nearest-rank method.
    let five = [15, 20, 35, 40, 50];
    assert_eq!(percentile(&five, 5), Some(15));
    assert_eq!(percentile(&five, 30), Some(20));
    assert_eq!(percentile(&five, 40), Some(20));
    assert_eq!(percentile(&five, 50), Some(35));
    assert_eq!(percentile(&five, 100), Some(50));
    let twenty: Vec<u32> = (1..=20).collect();
    assert_eq!(percentile(&twenty, 50), Some(10));
    assert_eq!(percentile(&twenty, 85), Some(17));
    assert_eq!(percentile(&twenty, 95), Some(19));
    assert_eq!(percentile(&[7], 95), Some(7));
    assert_eq!(percentile::<u32>(&[], 50), None);
}

#[test]
fn a_reopened_story_keeps_its_first_start() {
    let mut p = Product::new("Flow");
    let id = stories(&mut p, &["Reopened"])[0];
    status(&mut p, id, StoryStatus::InProgress, 2);
    status(&mut p, id, StoryStatus::Done, 4);
    let first = p.story(id).unwrap();
    assert_eq!(first.lead_time(), Some(Duration::days(3)));
    assert_eq!(first.cycle_time(), Some(Duration::days(2)));

    status(&mut p, id, StoryStatus::InProgress, 5);
    let reopened = p.story(id).unwrap();
    assert_eq!(reopened.lead_time(), None, "re-opened: not finished");
    assert_eq!(reopened.cycle_time(), None);
    assert_eq!(reopened.in_status_since(), at(2026, 3, 5, 9));

    status(&mut p, id, StoryStatus::Review, 6);
    status(&mut p, id, StoryStatus::Done, 7);
    let s = p.story(id).unwrap();
    assert_eq!(s.finished_at(), Some(at(2026, 3, 7, 9)));
    assert_eq!(s.lead_time(), Some(Duration::days(6)));
    assert_eq!(
        s.cycle_time(),
        Some(Duration::days(5)),
        "from the first start"
    );
}

#[test]
fn a_story_done_without_starting_has_a_lead_time_only() {
    let mut p = Product::new("Flow");
    let ids = stories(&mut p, &["Straight to done", "Via review"]);
    status(&mut p, ids[0], StoryStatus::Done, 3);
    status(&mut p, ids[1], StoryStatus::Review, 2);
    status(&mut p, ids[1], StoryStatus::Done, 3);
    let flow = p.flow(&FlowFilter::default(), at(2026, 3, 8, 9)).unwrap();
    assert_eq!(flow.lead.count, 2);
    assert_eq!(flow.cycle.count, 1, "only the started one has a cycle time");
    assert_eq!(flow.cycle.p50, Some(Duration::days(1)));
}

#[test]
fn the_report_gives_percentiles_throughput_and_aging_work() {
    let mut p = Product::new("Flow");
    let e = p.add_epic(epic("Checkout")).unwrap();
    let ids = stories(&mut p, &["a", "b", "c", "d", "e"]);
    // Created on Sunday 2026-03-01; finished after 1, 2, 3 and 9 days of work.
    for (i, done_day) in [(0, 3), (1, 4), (2, 5), (3, 11)] {
        status(&mut p, ids[i], StoryStatus::InProgress, 2);
        status(&mut p, ids[i], StoryStatus::Done, done_day);
    }
    status(&mut p, ids[4], StoryStatus::Review, 6);
    let patch = StoryPatch {
        epic: Some(Some(e)),
        labels: Some(vec!["pay".into()]),
        ..StoryPatch::default()
    };
    p.update_story(ids[3], patch, now()).unwrap();

    let today = at(2026, 3, 12, 9);
    let flow = p.flow(&FlowFilter::default(), today).unwrap();
    let days = |n| Some(Duration::days(n));
    assert_eq!(flow.cycle.all(), [days(2), days(9), days(9)]);
    assert_eq!(flow.lead.all(), [days(3), days(10), days(10)]);
    // Weeks start on Monday, from the first finish's week to today's.
    let weeks: Vec<_> = flow
        .throughput
        .iter()
        .map(|w| (w.monday, w.finished))
        .collect();
    assert_eq!(weeks, [(day(2026, 3, 2), 3), (day(2026, 3, 9), 1)]);
    assert!((flow.mean_throughput() - 2.0).abs() < 1e-9);
    assert_eq!(flow.in_progress.len(), 1);
    assert_eq!(flow.in_progress[0].story, ids[4]);
    assert_eq!(flow.in_progress[0].status, StoryStatus::Review);
    assert_eq!(flow.in_progress[0].age, Duration::days(6));

    let by_epic = FlowFilter {
        epic: Some(e),
        ..FlowFilter::default()
    };
    let flow = p.flow(&by_epic, today).unwrap();
    let only: Vec<_> = flow.finished.iter().map(|f| f.story).collect();
    assert_eq!(only, [ids[3]]);
    assert!(flow.in_progress.is_empty());
    let by_label = FlowFilter {
        label: Some("pay".into()),
        ..FlowFilter::default()
    };
    assert_eq!(p.flow(&by_label, today).unwrap().finished.len(), 1);

    let since = FlowFilter {
        since: Some(day(2026, 3, 5)),
        ..FlowFilter::default()
    };
    let flow = p.flow(&since, today).unwrap();
    assert_eq!(flow.finished.len(), 2, "finished on or after 03-05");
    assert_eq!(flow.throughput[0].monday, day(2026, 3, 2));
    assert_eq!(flow.in_progress.len(), 1, "work in progress is never cut");
}

#[test]
fn an_unknown_epic_is_refused() {
    let p = Product::new("Flow");
    let filter = FlowFilter {
        epic: Some(EpicId(9)),
        ..FlowFilter::default()
    };
    assert!(matches!(
        p.flow(&filter, now()),
        Err(ModelError::NotFound { .. })
    ));
    let empty = p.flow(&FlowFilter::default(), now()).unwrap();
    assert!(empty.throughput.is_empty() && empty.lead.p50.is_none());
}

fn epic(title: &str) -> EpicDraft {
    EpicDraft {
        title: title.into(),
        ..EpicDraft::default()
    }
}
