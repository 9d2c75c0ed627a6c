//! Goals measured over time: readings through the product, the track state by the straight
//! line from baseline to target for goals going up and down, goals replaced without losing
//! their readings, and epics serving goals.

use super::day;
use crate::model::{
    EpicDraft, Goal, GoalRef, ModelError, Product, Track, Unknown, VisionDraft, VisionId,
    VisionPatch,
};

/// One vision whose goals are the given texts, with the baseline holding on 2026-01-01.
fn product(goals: &[&str]) -> (Product, VisionId) {
    let mut p = Product::new("shop");
    let goals = goals
        .iter()
        .map(|t| Goal {
            since: Some(day(2026, 1, 1)),
            ..Goal::parse(t)
        })
        .collect();
    let v = p
        .add_vision(VisionDraft {
            title: "v".into(),
            goals,
            ..VisionDraft::default()
        })
        .unwrap();
    (p, v)
}

/// The track of goal 1 after one reading on `date`, judged on `today`.
fn track_after(goal: &str, value: &str, date: (u32, u32), today: (i32, u32, u32)) -> Track {
    let (mut p, v) = product(&[goal]);
    let today = day(today.0, today.1, today.2);
    let date = day(2026, date.0, date.1);
    p.measure_goal(GoalRef::new(v, 1), value, date, today, None)
        .unwrap();
    p.goal(GoalRef::new(v, 1)).unwrap().status(today).track
}

// 2026-01-01 to 2027-01-01 is 365 days; 2026-07-02 is day 182, so the line is at 49.9%.
const UP: &str = "Conversion: 3% -> 4% by 2027-01-01";
const DOWN: &str = "Tickets: 1200/month -> 400/month by 2027-01-01";
const MID_YEAR: (u32, u32) = (7, 2);
const TODAY: (i32, u32, u32) = (2026, 7, 10);

#[test]
fn a_goal_going_up_is_on_track_at_risk_or_off_track_by_the_line() {
    assert_eq!(track_after(UP, "3.5%", MID_YEAR, TODAY), Track::OnTrack);
    // 45% of the way where the line is at 49.9%: behind by less than a tenth.
    assert_eq!(track_after(UP, "3.45", MID_YEAR, TODAY), Track::AtRisk);
    // 39%: behind by more than a tenth.
    assert_eq!(track_after(UP, "3.39%", MID_YEAR, TODAY), Track::OffTrack);
    // Worse than the baseline.
    assert_eq!(track_after(UP, "2.9%", MID_YEAR, TODAY), Track::OffTrack);
}

#[test]
fn a_goal_going_down_is_judged_the_same_way() {
    assert_eq!(track_after(DOWN, "800", MID_YEAR, TODAY), Track::OnTrack);
    assert_eq!(
        track_after(DOWN, "850/month", MID_YEAR, TODAY),
        Track::AtRisk
    );
    assert_eq!(
        track_after(DOWN, "900/month", MID_YEAR, TODAY),
        Track::OffTrack
    );
    // Going up is going the wrong way.
    assert_eq!(track_after(DOWN, "1300", MID_YEAR, TODAY), Track::OffTrack);
}

#[test]
fn at_the_due_date_only_the_target_reached_is_on_track() {
    let after_due = (2027, 1, 2);
    assert_eq!(track_after(UP, "4.1%", (12, 31), after_due), Track::OnTrack);
    // Just short, and the due date has passed: missed, not merely at risk.
    assert_eq!(
        track_after(UP, "3.95%", (12, 31), after_due),
        Track::OffTrack
    );
    assert_eq!(
        track_after(DOWN, "420", (12, 31), after_due),
        Track::OffTrack
    );
    assert_eq!(
        track_after(DOWN, "390", (12, 31), after_due),
        Track::OnTrack
    );
    // Reaching the target early is on track whatever the line says.
    assert_eq!(track_after(UP, "4%", (2, 1), TODAY), Track::OnTrack);
}

#[test]
fn progress_runs_from_baseline_to_target_in_either_direction() {
    let (mut p, v) = product(&[UP, DOWN]);
    let today = day(2026, 7, 10);
    p.measure_goal(GoalRef::new(v, 1), "3.25%", day(2026, 7, 2), today, None)
        .unwrap();
    p.measure_goal(GoalRef::new(v, 2), "1000", day(2026, 7, 2), today, None)
        .unwrap();
    let status = |n| p.goal(GoalRef::new(v, n)).unwrap().status(today);
    assert_eq!(status(1).progress, Some(0.25));
    assert_eq!(status(2).progress, Some(0.25));
    let expected = status(1).expected.unwrap();
    assert!((expected - 182.0 / 365.0).abs() < 1e-9, "{expected}");
}

#[test]
fn what_a_goal_lacks_is_named_instead_of_a_track() {
    let today = day(2026, 7, 10);
    let unknown = |goal: &str, reading: Option<&str>| {
        let (mut p, v) = product(&[goal]);
        if let Some(value) = reading {
            p.measure_goal(GoalRef::new(v, 1), value, day(2026, 7, 1), today, None)
                .unwrap();
        }
        let g = p.goal(GoalRef::new(v, 1)).unwrap().clone();
        (g.status(today).track, g.status(today).progress)
    };
    let unknown_because = |u| Track::Unknown(u);
    assert_eq!(
        unknown("Conversion: 3% -> 4%", Some("3.5")),
        (unknown_because(Unknown::NoDueDate), Some(0.5))
    );
    assert_eq!(
        unknown(UP, None),
        (unknown_because(Unknown::NoReading), None)
    );
    assert_eq!(
        unknown("Time: 2m40s -> 60s by 2027-01-01", Some("90s")).0,
        unknown_because(Unknown::NoNumericBaseline)
    );
    assert_eq!(
        unknown("Mixed: 3% -> 4 pts by 2027-01-01", Some("3 pts")).0,
        unknown_because(Unknown::UnitsDiffer)
    );
    assert_eq!(
        unknown("Hold: 2% -> 2% by 2027-01-01", Some("2%")).0,
        unknown_because(Unknown::BaselineIsTarget)
    );
}

#[test]
fn without_a_baseline_day_the_line_starts_at_the_first_reading() {
    let mut p = Product::new("shop");
    let v = p
        .add_vision(VisionDraft {
            title: "v".into(),
            goals: vec![Goal::parse("Conversion: 3% -> 4% by 2026-12-31")],
            ..VisionDraft::default()
        })
        .unwrap();
    let g = GoalRef::new(v, 1);
    let today = day(2026, 12, 1);
    // The first reading is on the line's start, where nothing is expected yet.
    p.measure_goal(g, "3%", day(2026, 1, 1), today, None)
        .unwrap();
    assert_eq!(p.goal(g).unwrap().status(today).track, Track::OnTrack);
    // Half-way through the year, no move at all: off track.
    p.measure_goal(g, "3%", day(2026, 7, 2), today, None)
        .unwrap();
    assert_eq!(p.goal(g).unwrap().status(today).track, Track::OffTrack);
}

#[test]
fn bad_readings_are_refused_naming_the_goal_and_what_was_expected() {
    let (mut p, v) = product(&[UP, "Delight shoppers", "Faster pages: p95 load time"]);
    let today = day(2026, 7, 10);
    let err = |p: &mut Product, goal, value: &str, date| {
        p.measure_goal(GoalRef::new(v, goal), value, date, today, None)
            .unwrap_err()
            .to_string()
    };
    let before = p.clone();
    assert_eq!(
        err(&mut p, 1, "abc", today),
        "'abc' is not a reading of goal V-1:1: write a number, like 12.5%"
    );
    assert_eq!(
        err(&mut p, 1, "3 pts", today),
        "'3 pts' is not a reading of goal V-1:1: the goal is measured in '%'"
    );
    assert!(err(&mut p, 2, "3", today).starts_with(
        "goal V-1:2 ('Delight shoppers') cannot take readings: neither its metric nor its target is a number"
    ));
    assert!(err(&mut p, 3, "800", today).contains("cannot take readings"));
    assert_eq!(
        err(&mut p, 1, "3.5", day(2026, 7, 11)),
        "a reading's date must be today or earlier, not 2026-07-11"
    );
    assert_eq!(err(&mut p, 4, "3", today), "V-1 has no goal 4 (it has 3)");
    assert_eq!(p, before, "nothing was recorded");
}

#[test]
fn goals_are_found_by_number_or_text() {
    let (p, v) = product(&[UP, DOWN]);
    assert_eq!(p.find_goal(v, "2").unwrap(), GoalRef::new(v, 2));
    assert_eq!(p.find_goal(v, " tickets ").unwrap(), GoalRef::new(v, 2));
    assert_eq!(
        p.find_goal(v, "0").unwrap_err(),
        ModelError::NoGoal {
            vision: "V-1".into(),
            number: 0,
            count: 2
        }
    );
    assert_eq!(
        p.find_goal(v, "Revenue").unwrap_err().to_string(),
        "no goal 'Revenue' in V-1"
    );
    assert_eq!(
        p.find_goal(VisionId(9), "1").unwrap_err().to_string(),
        "no vision V-9"
    );
}

#[test]
fn replacing_goals_keeps_readings_and_the_epics_serving_them() {
    let (mut p, v) = product(&[UP, DOWN]);
    let today = day(2026, 7, 10);
    p.measure_goal(
        GoalRef::new(v, 2),
        "900",
        day(2026, 7, 1),
        today,
        Some("June".into()),
    )
    .unwrap();
    let e = p
        .add_epic(EpicDraft {
            title: "e".into(),
            ..EpicDraft::default()
        })
        .unwrap();
    p.set_epic_serves(e, vec![GoalRef::new(v, 2), GoalRef::new(v, 1)])
        .unwrap();
    let set_goals = |p: &mut Product, goals: &[&str]| {
        let goals = goals.iter().map(|t| Goal::parse(t)).collect();
        p.update_vision(
            v,
            VisionPatch {
                goals: Some(goals),
                ..VisionPatch::default()
            },
        )
        .unwrap();
    };
    // Reordered, one retargeted (and written in another case): found by their text.
    set_goals(
        &mut p,
        &["tickets: 1200/month -> 300/month by 2027-01-01", UP],
    );
    let tickets = p.goal(GoalRef::new(v, 1)).unwrap();
    assert_eq!(tickets.readings.len(), 1);
    assert_eq!(tickets.readings[0].note.as_deref(), Some("June"));
    assert_eq!(tickets.since, Some(day(2026, 1, 1)));
    assert_eq!(tickets.target_quantity().map(|q| q.value), Some(300.0));
    let serves = |p: &Product| p.epic(e).unwrap().serves.clone();
    assert_eq!(serves(&p), [GoalRef::new(v, 1), GoalRef::new(v, 2)]);
    // Renamed in place: found by its place.
    set_goals(
        &mut p,
        &[
            "Tickets: 1200/month -> 300/month",
            "Conversion rate: 3% -> 4%",
        ],
    );
    assert_eq!(serves(&p), [GoalRef::new(v, 1), GoalRef::new(v, 2)]);
    assert_eq!(p.goal(GoalRef::new(v, 1)).unwrap().readings.len(), 1);
    assert_eq!(p.problems(), []);
    // Removed: the epic stops serving it.
    set_goals(&mut p, &["Tickets: 1200/month -> 300/month"]);
    assert_eq!(serves(&p), [GoalRef::new(v, 1)]);
    p.remove_vision(v).unwrap();
    assert_eq!(p.epic(e).unwrap().serves, []);
    assert_eq!(p.problems(), []);
}

#[test]
fn an_epic_serves_only_goals_that_exist() {
    let (mut p, v) = product(&[UP]);
    let e = p
        .add_epic(EpicDraft {
            title: "e".into(),
            ..EpicDraft::default()
        })
        .unwrap();
    let err = p.set_epic_serves(e, vec![GoalRef::new(v, 2)]).unwrap_err();
    assert_eq!(err.to_string(), "V-1 has no goal 2 (it has 1)");
    let err = p
        .set_epic_serves(e, vec![GoalRef::new(VisionId(7), 1)])
        .unwrap_err();
    assert_eq!(err.to_string(), "no vision V-7");
    p.set_epic_serves(e, vec![GoalRef::new(v, 1), GoalRef::new(v, 1)])
        .unwrap();
    assert_eq!(p.epic(e).unwrap().serves, [GoalRef::new(v, 1)]);
    assert_eq!(p.goal_epics(GoalRef::new(v, 1)).len(), 1);
}
