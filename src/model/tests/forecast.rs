//! The Monte Carlo forecast on fixed velocities: exact with its fixed seed, deterministic at
//! a constant pace, never earlier for more work, and honest about what it cannot say.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::{at, day};
use crate::model::{
    CannotForecast, EpicDraft, EpicId, EpicOutlook, Forecast, Landing, Place, Product, Settings,
    SprintDraft, SprintId, StoryDraft, StoryStatus,
};

/// Two-week sprints from Monday 5 January 2026, closed with these done points each; the
/// last ends on day `14 * n` (Sunday). Their stories belong to no epic.
fn history(velocities: &[u32]) -> Product {
    let mut p = Product::new("shop");
    // A sprint's done points stand in one story here, so the scale reaches the limit.
    p.settings.points_scale = vec![0, crate::model::limits::MAX_POINTS];
    for (i, points) in velocities.iter().enumerate() {
        let start = day(2026, 1, 5) + chrono::Days::new(14 * i as u64);
        let end = start + chrono::Days::new(13);
        let sp = sprint(&mut p, start, end);
        let s = p
            .add_story(
                StoryDraft {
                    title: format!("done in sprint {}", i + 1),
                    points: Some(*points),
                    sprint: Some(sp),
                    ..StoryDraft::default()
                },
                Place::Bottom,
                at(2026, 1, 1, 9),
            )
            .unwrap();
        let moment = |d: NaiveDate, h| d.and_hms_opt(h, 0, 0).unwrap().and_utc();
        p.start_sprint(sp, moment(start, 9)).unwrap();
        p.set_story_status(s, StoryStatus::Done, moment(end, 12))
            .unwrap();
        p.close_sprint(sp, None, moment(end, 17)).unwrap();
    }
    p
}

fn sprint(p: &mut Product, start: NaiveDate, end: NaiveDate) -> SprintId {
    p.add_sprint(SprintDraft {
        name: format!("from {start}"),
        goal: String::new(),
        start,
        end,
        capacity: None,
    })
    .unwrap()
}

/// An epic with stories of these estimates (`None`: unestimated) at the bottom of the backlog.
fn epic(p: &mut Product, title: &str, points: &[Option<u32>]) -> EpicId {
    let e = p
        .add_epic(EpicDraft {
            title: title.into(),
            ..EpicDraft::default()
        })
        .unwrap();
    for (i, pts) in points.iter().enumerate() {
        let draft = StoryDraft {
            title: format!("{title} {i}"),
            points: *pts,
            epic: Some(e),
            ..StoryDraft::default()
        };
        p.add_story(draft, Place::Bottom, at(2026, 1, 2, 9))
            .unwrap();
    }
    e
}

fn outlook(f: &Forecast, e: EpicId) -> (Landing, Landing) {
    match f.epic(e) {
        EpicOutlook::Forecast(ef) => (ef.p50, ef.p85),
        other => panic!("no forecast for {e}: {other:?}"),
    }
}

fn ends(landing: Landing) -> (usize, NaiveDate) {
    match landing {
        Landing::Sprint { number, end, .. } => (number, end),
        Landing::Beyond => panic!("beyond the horizon"),
    }
}

// Three sprints closed: the last ends Sunday 15 February; the forecast starts Monday 16th.
const TODAY: (i32, u32, u32) = (2026, 2, 16);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

#[test]
fn a_constant_pace_gives_the_deterministic_answer() {
    let mut p = history(&[20, 20, 20]);
    let a = epic(&mut p, "a", &[Some(10), Some(10), Some(10)]);
    let b = epic(&mut p, "b", &[Some(25)]);
    let f = p.forecast(today()).unwrap();
    assert_eq!(f.pace(), (20.0, 0.0));
    // a: 30 points, 20 a sprint: the second sprint, ending Sunday 15 March.
    let (p50, p85) = outlook(&f, a);
    assert_eq!(p50, p85);
    assert_eq!(ends(p85), (2, day(2026, 3, 15)));
    assert_eq!(
        p85,
        Landing::Sprint {
            number: 2,
            sprint: None,
            end: day(2026, 3, 15)
        }
    );
    // b comes after a: 55 points, the third sprint.
    assert_eq!(ends(outlook(&f, b).1), (3, day(2026, 3, 29)));
}

#[test]
fn uneven_velocities_give_exact_dates_with_the_fixed_seed() {
    // Sprints of 10, 20 or 30 points, equally likely: 60 points are done within 2 sprints in
    // 1/9 of futures, within 3 in 17/27 (63%), within 4 in 76/81 (94%). So half the draws are
    // done in the third sprint and 85% in the fourth.
    let mut p = history(&[10, 20, 30]);
    let e = epic(&mut p, "e", &[Some(20), Some(20), Some(20)]);
    let f = p.forecast(today()).unwrap();
    let (p50, p85) = outlook(&f, e);
    assert_eq!(ends(p50), (3, day(2026, 3, 29)));
    assert_eq!(ends(p85), (4, day(2026, 4, 12)));
    let (mean, spread) = f.pace();
    assert_eq!((mean, spread), (20.0, 10.0));
    // The same seed, the same answer.
    assert_eq!(p.forecast(today()).unwrap(), f);
}

#[test]
fn the_active_sprint_counts_less_what_it_has_done_and_planned_sprints_keep_their_dates() {
    let mut p = history(&[20, 20, 20]);
    // Active 16 Feb - 1 Mar with 8 points already done; a one-week planned sprint next.
    let active = sprint(&mut p, day(2026, 2, 16), day(2026, 3, 1));
    let planned = sprint(&mut p, day(2026, 3, 2), day(2026, 3, 8));
    let done = p
        .add_story(
            StoryDraft {
                title: "done already".into(),
                points: Some(8),
                sprint: Some(active),
                ..StoryDraft::default()
            },
            Place::Bottom,
            at(2026, 2, 16, 9),
        )
        .unwrap();
    p.start_sprint(active, at(2026, 2, 16, 9)).unwrap();
    p.set_story_status(done, StoryStatus::Done, at(2026, 2, 18, 9))
        .unwrap();
    // 12 points fit what is left of the active sprint; 32 need the planned one too; 52 a
    // third, of the planned one's length (a week), ending Sunday 15 March.
    let a = epic(&mut p, "a", &[Some(12)]);
    let b = epic(&mut p, "b", &[Some(20)]);
    let c = epic(&mut p, "c", &[Some(20)]);
    let f = p.forecast(day(2026, 2, 20)).unwrap();
    assert_eq!(f.already_done, 8);
    assert_eq!(
        outlook(&f, a).1,
        Landing::Sprint {
            number: 1,
            sprint: Some(active),
            end: day(2026, 3, 1)
        }
    );
    assert_eq!(
        outlook(&f, b).1,
        Landing::Sprint {
            number: 2,
            sprint: Some(planned),
            end: day(2026, 3, 8)
        }
    );
    assert_eq!(ends(outlook(&f, c).1), (3, day(2026, 3, 15)));
    assert_eq!(f.calendar.sprint_days, 7);
}

#[test]
fn unestimated_stories_count_at_the_mean_estimate_and_are_flagged() {
    // Estimates so far: 20, 20, 20 (history), 10 and 30: a mean of 20.
    let mut p = history(&[20, 20, 20]);
    let a = epic(&mut p, "a", &[Some(10), None]);
    let b = epic(&mut p, "b", &[Some(30)]);
    let f = p.forecast(today()).unwrap();
    assert_eq!(f.mean_story, Some(20.0));
    assert_eq!(f.unestimated(), 1);
    let EpicOutlook::Forecast(fa) = f.epic(a) else {
        panic!("a has work left")
    };
    assert_eq!(
        (fa.points_left, fa.stories_left, fa.unestimated),
        (30.0, 2, 1)
    );
    let EpicOutlook::Forecast(fb) = f.epic(b) else {
        panic!("b has work left")
    };
    // b's date depends on a's unestimated story too: it is ahead of it.
    assert_eq!(fb.unestimated, 1);
    assert_eq!(ends(fb.p85), (3, day(2026, 3, 29)));
}

#[test]
fn what_fits_by_a_date_is_read_from_the_same_draws() {
    let mut p = history(&[10, 20, 30]);
    let a = epic(&mut p, "a", &[Some(20), Some(20), Some(20)]);
    let f = p.forecast(today()).unwrap();
    let ids: Vec<_> = p
        .stories()
        .iter()
        .filter(|s| s.epic == Some(a))
        .map(|s| s.id)
        .collect();
    // By the fourth sprint's end all 60 points are done in 85% of the draws (at least 60 in
    // 76 of 81 four-sprint futures; 70 only in 66 of 81) ...
    let by = f.by(day(2026, 4, 12));
    assert_eq!(by.sprints, 4);
    assert_eq!(by.points, 60.0);
    assert_eq!(by.stories, ids);
    // ... by the second's, 30 points in 85% of them (8 of 9 two-sprint futures reach 30, only
    // 6 of 9 reach 40): the first story.
    let by = f.by(day(2026, 3, 15));
    assert_eq!(by.sprints, 2);
    assert_eq!(by.points, 30.0);
    assert_eq!(by.stories, ids[..1]);
    // Before the first sprint ends, nothing.
    let by = f.by(day(2026, 2, 20));
    assert_eq!((by.sprints, by.points, by.stories.len()), (0, 0.0, 0));
}

#[test]
fn too_little_history_says_why_there_is_no_forecast() {
    let p = history(&[20, 20]);
    let err = p.forecast(today()).unwrap_err();
    assert_eq!(
        err,
        CannotForecast::TooFewSprints {
            closed: vec![SprintId(1), SprintId(2)]
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot forecast yet: only 2 sprints have closed (SP-1, SP-2), and a forecast needs \
         the done points of at least 3 to draw the team's pace from"
    );
    assert!(
        Product::new("new")
            .forecast(today())
            .unwrap_err()
            .to_string()
            .starts_with("cannot forecast yet: no sprint has closed yet")
    );
    let err = history(&[0, 0, 0]).forecast(today()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot forecast: SP-1..SP-3 finished no points, so no number of sprints finishes the backlog"
    );
}

#[test]
fn the_window_setting_chooses_how_many_sprints_are_drawn_from() {
    let mut p = history(&[1, 1, 1, 20, 20, 20]);
    let e = epic(&mut p, "e", &[Some(40)]);
    let f = p.forecast(today() + chrono::Days::new(42)).unwrap();
    assert_eq!(f.velocity.len(), 6);
    p.set_settings(Settings {
        forecast_window: 3,
        ..Settings::default()
    });
    let f = p.forecast(today() + chrono::Days::new(42)).unwrap();
    assert_eq!(
        f.velocity.iter().map(|(_, v)| *v).collect::<Vec<_>>(),
        [20, 20, 20]
    );
    assert_eq!(ends(outlook(&f, e).1).0, 2);
}

#[test]
fn done_epics_and_epics_without_stories_are_told_apart() {
    let mut p = history(&[20, 20, 20]);
    let empty = epic(&mut p, "empty", &[]);
    let done = epic(&mut p, "done", &[Some(3)]);
    let s = p.stories().last().unwrap().id;
    p.set_story_status(s, StoryStatus::Done, at(2026, 2, 10, 9))
        .unwrap();
    let f = p.forecast(today()).unwrap();
    assert_eq!(f.epic(empty), EpicOutlook::NoStories);
    assert_eq!(f.epic(done), EpicOutlook::Done);
    assert!(f.epics().is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// More remaining points never gives an earlier date, at 50% or at 85%.
    #[test]
    fn more_work_never_gives_an_earlier_date(
        velocities in proptest::collection::vec(0u32..30, 3..6),
        stories in proptest::collection::vec(0u32..13, 1..8),
        which in 0usize..8,
        extra in 1u32..20,
    ) {
        prop_assume!(velocities.iter().any(|v| *v > 0));
        let mut p = history(&velocities);
        let points: Vec<Option<u32>> = stories.iter().map(|s| Some(*s)).collect();
        let e = epic(&mut p, "e", &points);
        let before = p.forecast(today()).unwrap();
        // More points on one of the epic's stories.
        let ids: Vec<_> = p.stories().iter().filter(|s| s.epic == Some(e)).map(|s| s.id).collect();
        let id = ids[which % ids.len()];
        let old = p.story(id).unwrap().points.unwrap_or(0);
        p.update_story(
            id,
            crate::model::StoryPatch { points: Some(Some(old + extra)), ..Default::default() },
            at(2026, 2, 16, 9),
        ).unwrap();
        let after = p.forecast(today()).unwrap();
        let date = |l: Landing| l.date().unwrap_or(NaiveDate::MAX);
        let (b50, b85) = outlook(&before, e);
        let (a50, a85) = outlook(&after, e);
        prop_assert!(date(a50) >= date(b50), "{b50:?} then {a50:?}");
        prop_assert!(date(a85) >= date(b85), "{b85:?} then {a85:?}");
    }
}
