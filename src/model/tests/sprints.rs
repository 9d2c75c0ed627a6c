//! The sprint cycle's records and figures: the baseline taken at the start, scope changes,
//! the result kept at the close, velocity, and the burndown built from them.

use super::{at, day, now};
use crate::model::{
    Place, Product, ScopeChangeKind, Settings, SprintDraft, SprintId, StoryDraft, StoryId,
    StoryStatus,
};

fn sprint(p: &mut Product, start: (u32, u32), end: (u32, u32)) -> SprintId {
    p.add_sprint(SprintDraft {
        name: "s".into(),
        goal: String::new(),
        start: day(2026, start.0, start.1),
        end: day(2026, end.0, end.1),
        capacity: None,
    })
    .unwrap()
}

fn story(p: &mut Product, points: u32) -> StoryId {
    let draft = StoryDraft {
        title: "s".into(),
        points: Some(points),
        status: Some(StoryStatus::Ready),
        ..StoryDraft::default()
    };
    p.add_story(draft, Place::Bottom, at(2026, 2, 27, 9))
        .unwrap()
}

/// Mon 2 March to Tue 10 March 2026 with A=5, B=3, C=4 committed (12 points). A is done on
/// Tue 3rd; C is taken out on Wed 4th; on Sat 7th D=2 comes in and on Sun 8th B is done.
fn sprint_with_a_scope_change(skip_weekends: bool) -> (Product, SprintId) {
    let mut p = Product::new("shop");
    p.set_settings(Settings {
        skip_weekends,
        ..Settings::default()
    });
    let sp = sprint(&mut p, (3, 2), (3, 10));
    let [a, b, c, d] = [5, 3, 4, 2].map(|points| story(&mut p, points));
    p.plan_stories(sp, &[a, b, c], now()).unwrap();
    p.start_sprint(sp, now()).unwrap();
    p.set_story_status(a, StoryStatus::Done, at(2026, 3, 3, 10))
        .unwrap();
    p.unplan_stories(sp, &[c], at(2026, 3, 4, 15)).unwrap();
    p.plan_stories(sp, &[d], at(2026, 3, 7, 11)).unwrap();
    p.set_story_status(b, StoryStatus::Done, at(2026, 3, 8, 16))
        .unwrap();
    (p, sp)
}

type Row = (u32, f64, Option<u32>, Option<u32>, Option<u32>, bool);

fn rows(p: &Product, sp: SprintId) -> Vec<Row> {
    p.burndown(sp, day(2026, 3, 9))
        .into_iter()
        .map(|d| {
            let n = d.date.format("%d").to_string().parse().unwrap();
            (n, d.ideal, d.remaining, d.done, d.scope, d.scope_changed)
        })
        .collect()
}

#[test]
fn burndown_by_hand_with_a_scope_change_and_a_weekend_skipped() {
    let (p, sp) = sprint_with_a_scope_change(true);
    // Seven working days: the ideal falls 12 / 6 = 2 a day. The weekend's changes show on
    // Monday 9th: D's 2 points in scope, B's 3 done.
    let expected: Vec<Row> = vec![
        (2, 12.0, Some(12), Some(0), Some(12), false),
        (3, 10.0, Some(7), Some(5), Some(12), false),
        (4, 8.0, Some(3), Some(5), Some(8), true),
        (5, 6.0, Some(3), Some(5), Some(8), false),
        (6, 4.0, Some(3), Some(5), Some(8), false),
        (9, 2.0, Some(2), Some(8), Some(10), true),
        (10, 0.0, None, None, None, false),
    ];
    assert_eq!(rows(&p, sp), expected);
}

#[test]
fn burndown_keeps_weekends_unless_the_setting_skips_them() {
    let (p, sp) = sprint_with_a_scope_change(false);
    let rows = rows(&p, sp);
    let days: Vec<u32> = rows.iter().map(|r| r.0).collect();
    assert_eq!(days, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Saturday carries D's arrival, Sunday B's finish; Monday changes nothing.
    assert_eq!(rows[5], (7, 4.5, Some(5), Some(5), Some(10), true));
    assert_eq!(rows[6], (8, 3.0, Some(2), Some(8), Some(10), false));
    assert_eq!(rows[7], (9, 1.5, Some(2), Some(8), Some(10), false));
}

#[test]
fn starting_records_the_baseline_and_later_planning_is_a_scope_change() {
    let (p, sp) = sprint_with_a_scope_change(false);
    let s = p.sprint(sp).unwrap();
    let baseline = s.baseline.as_ref().unwrap();
    assert_eq!(baseline.at, now());
    assert_eq!(baseline.points(), 12);
    let changes: Vec<(u32, ScopeChangeKind)> = s
        .scope_changes
        .iter()
        .map(|c| (c.story.0, c.change))
        .collect();
    assert_eq!(
        changes,
        [(3, ScopeChangeKind::Removed), (4, ScopeChangeKind::Added)]
    );
    assert_eq!(p.committed_points(s), 12);
}

#[test]
fn planning_before_the_start_is_not_a_scope_change() {
    let mut p = Product::new("shop");
    let sp = sprint(&mut p, (3, 2), (3, 6));
    let a = story(&mut p, 1);
    p.plan_stories(sp, &[a], now()).unwrap();
    p.unplan_stories(sp, &[a], now()).unwrap();
    assert!(p.sprint(sp).unwrap().scope_changes.is_empty());
    assert!(p.sprint(sp).unwrap().baseline.is_none());
}

#[test]
fn closing_records_the_result_and_the_burndown_still_counts_carried_stories() {
    let (mut p, sp) = sprint_with_a_scope_change(false);
    let next = sprint(&mut p, (3, 11), (3, 20));
    p.close_sprint(sp, Some(next), at(2026, 3, 10, 17)).unwrap();
    let result = p.sprint(sp).unwrap().result.clone().unwrap();
    assert_eq!(result.committed, 10);
    assert_eq!(result.done, 8);
    assert_eq!(result.done_stories, [StoryId(1), StoryId(2)]);
    assert_eq!(result.carried_over, [StoryId(4)]);
    assert_eq!(result.carried_points, 2);
    assert_eq!(result.carried_to, Some(next));
    // D left with the close, yet it was this sprint's scope.
    let last = p.burndown(sp, day(2026, 3, 10))[8];
    assert_eq!((last.remaining, last.scope), (Some(2), Some(10)));
}

#[test]
fn velocity_is_the_mean_of_the_last_three_closed_sprints() {
    let mut p = Product::new("shop");
    assert_eq!(p.velocity().mean(), None);
    // Added out of date order: velocity follows the dates, not the ids.
    let dates = [((3, 16), (3, 27)), ((3, 2), (3, 13)), ((3, 30), (4, 10))];
    let mut sprints: Vec<SprintId> = dates.iter().map(|(s, e)| sprint(&mut p, *s, *e)).collect();
    sprints.push(sprint(&mut p, (2, 16), (2, 27)));
    for (sp, points) in sprints.iter().zip([10, 6, 12, 8]) {
        let s = story(&mut p, points);
        p.plan_stories(*sp, &[s], now()).unwrap();
        p.set_story_status(s, StoryStatus::Done, now()).unwrap();
        p.start_sprint(*sp, now()).unwrap();
        p.close_sprint(*sp, None, now()).unwrap();
    }
    let v = p.velocity();
    let figures: Vec<(u32, u32)> = v.sprints.iter().map(|(id, n)| (id.0, *n)).collect();
    assert_eq!(figures, [(2, 6), (1, 10), (3, 12)]);
    assert_eq!(v.mean(), Some(28.0 / 3.0));
    assert_eq!(p.closed_sprint_points().len(), 4);
}

#[test]
fn a_sprint_from_an_older_file_saves_as_it_was() {
    let text = r#"{"id":"SP-1","name":"s","start":"2026-03-02","end":"2026-03-06","state":"closed","x":1}"#;
    let sprint: crate::model::Sprint = serde_json::from_str(text).unwrap();
    assert!(sprint.baseline.is_none() && sprint.result.is_none());
    let again = serde_json::to_string(&sprint).unwrap();
    assert!(!again.contains("baseline") && !again.contains("result"));
    assert!(again.contains(r#""x":1"#));
    assert!(Product::new("p").settings().is_default());
}

#[test]
fn an_early_start_moves_the_sprint_to_today_keeping_its_length() {
    let mut p = Product::new("shop");
    // Two weeks, 9 to 22 March; started on 28 February, 9 days early.
    let sp = sprint(&mut p, (3, 9), (3, 22));
    let today = day(2026, 2, 28);
    let early = p.sprint(sp).unwrap().early_start(today).unwrap();
    assert_eq!(early.days_early, 9);
    p.start_sprint_on(sp, today, now()).unwrap();
    let s = p.sprint(sp).unwrap();
    assert_eq!((s.start, s.end), (today, day(2026, 3, 13)));
    assert_eq!(s.days_left(today), 14);
    // On or after its start date the dates stay.
    let late = sprint(&mut p, (3, 23), (4, 5));
    assert_eq!(p.sprint(late).unwrap().early_start(day(2026, 3, 23)), None);
}

#[test]
fn a_refused_early_start_moves_nothing() {
    let mut p = Product::new("shop");
    let a = sprint(&mut p, (3, 2), (3, 13));
    let b = sprint(&mut p, (3, 16), (3, 27));
    p.start_sprint(a, now()).unwrap();
    assert!(p.start_sprint_on(b, day(2026, 3, 2), now()).is_err());
    let s = p.sprint(b).unwrap();
    assert_eq!((s.start, s.end), (day(2026, 3, 16), day(2026, 3, 27)));
}

#[test]
fn closing_carries_only_the_chosen_stories_and_leaves_the_rest_not_done() {
    let (mut p, sp) = sprint_with_a_scope_change(false);
    let e = story(&mut p, 3);
    p.plan_stories(sp, &[e], at(2026, 3, 9, 9)).unwrap();
    // D (2 points) and E (3 points) are unfinished; only E goes back to the backlog.
    let outcome = p
        .close_sprint_carrying(sp, &[e], None, at(2026, 3, 10, 17))
        .unwrap();
    assert_eq!(outcome.carried_over, [e]);
    let result = p.sprint(sp).unwrap().result.clone().unwrap();
    assert_eq!(
        (result.carried_over.clone(), result.carried_points),
        (vec![e], 3)
    );
    assert_eq!(p.story(StoryId(4)).unwrap().sprint, Some(sp));
    assert_eq!(p.story(e).unwrap().sprint, None);
    assert_eq!(p.stories()[0].id, e, "back at the top of the backlog");
    assert!(p.problems().is_empty());
}

#[test]
fn closing_refuses_to_carry_a_story_not_unfinished_in_the_sprint() {
    let (mut p, sp) = sprint_with_a_scope_change(false);
    let before = p.clone();
    // A is done; C was taken out.
    for wrong in [StoryId(1), StoryId(3)] {
        assert!(p.close_sprint_carrying(sp, &[wrong], None, now()).is_err());
        assert_eq!(p, before);
    }
}

#[test]
fn only_the_undo_of_a_start_puts_a_sprint_back_across_it() {
    let mut p = Product::new("shop");
    let sp = sprint(&mut p, (3, 9), (3, 22));
    let planned = p.sprint(sp).unwrap().clone();
    p.start_sprint_on(sp, day(2026, 3, 2), now()).unwrap();
    assert!(p.restore_sprint(planned.clone(), 1).is_err());
    p.restore_sprint_across(planned.clone(), 1).unwrap();
    assert_eq!(p.sprint(sp).unwrap(), &planned);
}
