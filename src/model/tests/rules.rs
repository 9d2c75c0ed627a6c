//! Each change either keeps every rule or is refused, naming what was wrong, and leaves
//! the product as it was.

use super::{at, day, now, order, stories, titled};
use crate::model::{
    EpicDraft, EpicId, EpicPatch, EpicStories, ModelError, Place, Product, Rice, SprintDraft,
    SprintId, SprintPatch, SprintState, StoryId, StoryPatch, StoryStatus, VisionDraft, VisionId,
};

fn epic(p: &mut Product, title: &str) -> EpicId {
    p.add_epic(EpicDraft {
        title: title.into(),
        ..EpicDraft::default()
    })
    .unwrap()
}

fn vision(p: &mut Product, title: &str) -> VisionId {
    p.add_vision(VisionDraft {
        title: title.into(),
        ..VisionDraft::default()
    })
    .unwrap()
}

fn sprint(p: &mut Product, name: &str) -> SprintId {
    p.add_sprint(SprintDraft {
        name: name.into(),
        goal: String::new(),
        start: day(2026, 3, 2),
        end: day(2026, 3, 13),
        capacity: None,
    })
    .unwrap()
}

fn not_found(kind: &'static str, id: &str) -> ModelError {
    ModelError::NotFound {
        kind,
        id: id.into(),
    }
}

#[test]
fn ids_are_never_reused_after_deletion() {
    let mut p = Product::new("shop");
    let ids = stories(&mut p, &["a", "b", "c"]);
    assert_eq!(ids, [StoryId(1), StoryId(2), StoryId(3)]);
    p.remove_story(ids[2]).unwrap();
    p.remove_story(ids[1]).unwrap();
    assert_eq!(stories(&mut p, &["d"]), [StoryId(4)]);

    let e1 = epic(&mut p, "one");
    p.remove_epic(e1, EpicStories::Detach).unwrap();
    assert_eq!(epic(&mut p, "two"), EpicId(2));

    let v1 = vision(&mut p, "one");
    p.remove_vision(v1).unwrap();
    assert_eq!(vision(&mut p, "two"), VisionId(2));

    // The counters travel with the document.
    let json = serde_json::to_string(&p).unwrap();
    let mut reloaded: Product = serde_json::from_str(&json).unwrap();
    assert_eq!(stories(&mut reloaded, &["e"]), [StoryId(5)]);
}

#[test]
fn counters_behind_the_ids_are_repaired_before_handing_out_a_used_id() {
    let mut p = Product::new("shop");
    stories(&mut p, &["a", "b", "c"]);
    let mut doc = serde_json::to_value(&p).unwrap();
    doc["next_ids"]["story"] = 1.into();
    let mut p: Product = serde_json::from_value(doc).unwrap();
    p.repair_counters();
    assert_eq!(stories(&mut p, &["d"]), [StoryId(4)]);
    assert!(p.problems().is_empty());
}

#[test]
fn restoring_a_removed_story_puts_it_back_and_keeps_its_id_taken() {
    let mut p = Product::new("shop");
    let ids = stories(&mut p, &["a", "b", "c"]);
    let (removed, rank) = p.remove_story(ids[2]).unwrap();
    assert_eq!(rank, 3);
    p.restore_story(removed, rank).unwrap();
    assert_eq!(order(&p), [1, 2, 3]);
    assert_eq!(stories(&mut p, &["d"]), [StoryId(4)]);
}

#[test]
fn references_to_missing_things_are_refused() {
    let mut p = Product::new("shop");
    let ids = stories(&mut p, &["a"]);
    let before = p.clone();

    let with_epic = crate::model::StoryDraft {
        epic: Some(EpicId(9)),
        ..titled("x")
    };
    assert_eq!(
        p.add_story(with_epic, Place::Bottom, now()),
        Err(not_found("epic", "E-9"))
    );
    let with_sprint = crate::model::StoryDraft {
        sprint: Some(SprintId(9)),
        ..titled("x")
    };
    assert_eq!(
        p.add_story(with_sprint, Place::Bottom, now()),
        Err(not_found("sprint", "SP-9"))
    );
    let blocked = crate::model::StoryDraft {
        blocked_by: vec![StoryId(9)],
        ..titled("x")
    };
    assert_eq!(
        p.add_story(blocked, Place::Bottom, now()),
        Err(not_found("story", "S-9"))
    );
    assert_eq!(
        p.add_story(titled("x"), Place::After(StoryId(9)), now()),
        Err(not_found("story", "S-9"))
    );
    let serving = EpicDraft {
        title: "e".into(),
        vision: Some(VisionId(9)),
        ..EpicDraft::default()
    };
    assert_eq!(p.add_epic(serving), Err(not_found("vision", "V-9")));
    let patch = StoryPatch {
        epic: Some(Some(EpicId(9))),
        ..StoryPatch::default()
    };
    assert_eq!(
        p.update_story(ids[0], patch, now()),
        Err(not_found("epic", "E-9"))
    );
    assert_eq!(
        p.plan_stories(SprintId(9), &ids, now()),
        Err(not_found("sprint", "SP-9"))
    );
    assert_eq!(
        p.update_story(StoryId(9), StoryPatch::default(), now()),
        Err(not_found("story", "S-9"))
    );
    assert_eq!(p, before, "a refused change must change nothing");
    // A refused add does not use up an id either.
    assert_eq!(stories(&mut p, &["b"]), [StoryId(2)]);
}

#[test]
fn a_story_cannot_be_blocked_by_itself() {
    let mut p = Product::new("shop");
    let ids = stories(&mut p, &["a"]);
    let patch = StoryPatch {
        blocked_by: Some(vec![ids[0]]),
        ..StoryPatch::default()
    };
    let err = p.update_story(ids[0], patch, now()).unwrap_err();
    assert_eq!(err.to_string(), "S-1 cannot be blocked by itself");
    assert!(p.story(ids[0]).unwrap().blocked_by.is_empty());
}

#[test]
fn a_blocked_by_cycle_is_refused_and_the_loop_named() {
    let mut p = Product::new("shop");
    let ids = stories(&mut p, &["a", "b", "c"]);
    let block = |p: &mut Product, who: usize, by: usize| {
        let patch = StoryPatch {
            blocked_by: Some(vec![ids[by]]),
            ..StoryPatch::default()
        };
        p.update_story(ids[who], patch, now())
    };
    block(&mut p, 0, 1).unwrap();
    block(&mut p, 1, 2).unwrap();
    let before = p.clone();
    let err = block(&mut p, 2, 0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "blocked-by cycle: S-3 -> S-1 -> S-2 -> S-3"
    );
    assert_eq!(p, before);
    // Two stories waiting on each other is the shortest loop.
    let err = block(&mut p, 1, 0).unwrap_err();
    assert_eq!(err.to_string(), "blocked-by cycle: S-2 -> S-1 -> S-2");
    // A diamond is not a cycle.
    let patch = StoryPatch {
        blocked_by: Some(vec![ids[1], ids[2]]),
        ..StoryPatch::default()
    };
    p.update_story(ids[0], patch, now()).unwrap();
    assert!(p.problems().is_empty());
}

#[test]
fn a_sprint_cannot_end_before_it_starts() {
    let mut p = Product::new("shop");
    let draft = SprintDraft {
        name: "S1".into(),
        goal: String::new(),
        start: day(2026, 3, 10),
        end: day(2026, 3, 9),
        capacity: None,
    };
    let err = p.add_sprint(draft.clone()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sprint SP-1 would end (2026-03-09) before it starts (2026-03-10)"
    );
    assert!(p.sprints().is_empty());
    let one_day = SprintDraft {
        end: draft.start,
        ..draft
    };
    let id = p.add_sprint(one_day).unwrap();
    assert_eq!(id, SprintId(1), "a refused sprint does not use up an id");
    let patch = SprintPatch {
        end: Some(day(2026, 3, 1)),
        ..SprintPatch::default()
    };
    assert!(matches!(
        p.update_sprint(id, patch),
        Err(ModelError::EndBeforeStart { .. })
    ));
    assert_eq!(p.sprint(id).unwrap().end, day(2026, 3, 10));
}

#[test]
fn only_one_sprint_may_be_active() {
    let mut p = Product::new("shop");
    let a = sprint(&mut p, "A");
    let b = sprint(&mut p, "B");
    p.start_sprint(a, now()).unwrap();
    let err = p.start_sprint(b, now()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sprint SP-1 is already active; close it before starting SP-2"
    );
    // Starting the running sprint again is no second sprint: it says it runs.
    let err = p.start_sprint(a, now()).unwrap_err();
    assert_eq!(err.to_string(), "sprint SP-1 is already running");
    assert_eq!(p.sprint(b).unwrap().state, SprintState::Planned);
    p.close_sprint(a, None, now()).unwrap();
    p.start_sprint(b, now()).unwrap();
    // A closed sprint does not start again.
    p.close_sprint(b, None, now()).unwrap();
    assert!(matches!(
        p.start_sprint(a, now()),
        Err(ModelError::SprintState { .. })
    ));
}

#[test]
fn nothing_is_planned_into_a_closed_sprint() {
    let mut p = Product::new("shop");
    let ids = stories(&mut p, &["a", "b"]);
    let sp = sprint(&mut p, "A");
    p.plan_stories(sp, &ids[..1], now()).unwrap();
    p.set_story_status(ids[0], StoryStatus::Done, now())
        .unwrap();
    p.start_sprint(sp, now()).unwrap();
    p.close_sprint(sp, None, now()).unwrap();
    let before = p.clone();

    let err = p.plan_stories(sp, &ids[1..], now()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sprint SP-1 is closed; cannot plan stories into it"
    );
    let into_closed = StoryPatch {
        sprint: Some(Some(sp)),
        ..StoryPatch::default()
    };
    assert!(p.update_story(ids[1], into_closed, now()).is_err());
    let new = crate::model::StoryDraft {
        sprint: Some(sp),
        ..titled("c")
    };
    assert!(p.add_story(new, Place::Bottom, now()).is_err());
    assert_eq!(p, before);

    // A story already in the closed sprint can still be edited.
    let rename = StoryPatch {
        title: Some("a, renamed".into()),
        ..StoryPatch::default()
    };
    p.update_story(ids[0], rename, now()).unwrap();
    assert_eq!(p.story(ids[0]).unwrap().sprint, Some(sp));
}

#[test]
fn only_the_active_sprint_can_be_closed() {
    let mut p = Product::new("shop");
    let a = sprint(&mut p, "A");
    let err = p.close_sprint(a, None, now()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "sprint SP-1 is planned; cannot close it (only the active sprint can be closed)"
    );
    p.start_sprint(a, now()).unwrap();
    p.close_sprint(a, None, now()).unwrap();
    assert!(p.close_sprint(a, None, now()).is_err());
    assert_eq!(p.sprint(a).unwrap().state, SprintState::Closed);
}

/// Backlog S-1..S-5; S-2 (done), S-3 and S-5 are in the active sprint.
fn sprint_to_close() -> (Product, SprintId, SprintId) {
    let mut p = Product::new("shop");
    let ids = stories(&mut p, &["a", "b", "c", "d", "e"]);
    let a = sprint(&mut p, "A");
    let b = sprint(&mut p, "B");
    p.plan_stories(a, &[ids[1], ids[2], ids[4]], now()).unwrap();
    p.set_story_status(ids[1], StoryStatus::Done, now())
        .unwrap();
    p.start_sprint(a, now()).unwrap();
    (p, a, b)
}

#[test]
fn closing_carries_unfinished_stories_over_to_the_next_sprint() {
    let (mut p, a, b) = sprint_to_close();
    let outcome = p.close_sprint(a, Some(b), now()).unwrap();
    assert_eq!(outcome.carried_over, [StoryId(3), StoryId(5)]);
    assert_eq!(outcome.to, Some(b));
    let sprint_of = |n: u32| p.story(StoryId(n)).unwrap().sprint;
    assert_eq!(sprint_of(2), Some(a), "done stories stay in the sprint");
    assert_eq!(sprint_of(3), Some(b));
    assert_eq!(sprint_of(5), Some(b));
    assert_eq!(order(&p), [1, 2, 3, 4, 5]);
    assert_eq!(p.sprint(a).unwrap().state, SprintState::Closed);
}

#[test]
fn closing_without_a_target_puts_unfinished_stories_on_top_in_their_order() {
    let (mut p, a, _) = sprint_to_close();
    let outcome = p.close_sprint(a, None, now()).unwrap();
    assert_eq!(outcome.carried_over, [StoryId(3), StoryId(5)]);
    assert_eq!(order(&p), [3, 5, 1, 2, 4]);
    assert_eq!(p.story(StoryId(3)).unwrap().sprint, None);
    assert_eq!(p.story(StoryId(5)).unwrap().sprint, None);
    assert!(p.problems().is_empty());
}

#[test]
fn carrying_over_into_the_closing_or_a_closed_sprint_is_refused() {
    let (mut p, a, _) = sprint_to_close();
    let before = p.clone();
    assert!(p.close_sprint(a, Some(a), now()).is_err());
    assert_eq!(
        p.close_sprint(a, Some(SprintId(9)), now()),
        Err(not_found("sprint", "SP-9"))
    );
    assert_eq!(p, before);
}

#[test]
fn unplanning_a_story_that_is_not_in_the_sprint_changes_nothing() {
    let (mut p, a, _) = sprint_to_close();
    let before = p.clone();
    assert!(
        p.unplan_stories(a, &[StoryId(3), StoryId(1)], now())
            .is_err()
    );
    assert_eq!(p, before);
    p.unplan_stories(a, &[StoryId(3)], now()).unwrap();
    assert_eq!(p.story(StoryId(3)).unwrap().sprint, None);
}

#[test]
fn stories_move_to_every_kind_of_place() {
    let mut p = Product::new("shop");
    stories(&mut p, &["a", "b", "c", "d"]);
    let s = StoryId;
    p.move_story(s(3), Place::Top).unwrap();
    assert_eq!(order(&p), [3, 1, 2, 4]);
    p.move_story(s(3), Place::Bottom).unwrap();
    assert_eq!(order(&p), [1, 2, 4, 3]);
    p.move_story(s(1), Place::After(s(4))).unwrap();
    assert_eq!(order(&p), [2, 4, 1, 3]);
    p.move_story(s(3), Place::Before(s(2))).unwrap();
    assert_eq!(order(&p), [3, 2, 4, 1]);
    p.move_story(s(1), Place::After(s(3))).unwrap();
    assert_eq!(order(&p), [3, 1, 2, 4]);
    // Already in place: nothing moves.
    p.move_story(s(1), Place::Before(s(2))).unwrap();
    p.move_story(s(3), Place::Top).unwrap();
    p.move_story(s(4), Place::Bottom).unwrap();
    assert_eq!(order(&p), [3, 1, 2, 4]);
    assert_eq!(p.story_rank(s(2)), Ok(3));

    let before = p.clone();
    for place in [Place::Before(s(2)), Place::After(s(2))] {
        assert_eq!(
            p.move_story(s(2), place).unwrap_err().to_string(),
            "cannot place S-2 relative to itself"
        );
    }
    assert_eq!(
        p.move_story(s(2), Place::After(s(9))),
        Err(not_found("story", "S-9"))
    );
    assert_eq!(
        p.move_story(s(9), Place::Top),
        Err(not_found("story", "S-9"))
    );
    assert_eq!(p, before);
}

#[test]
fn new_stories_go_where_they_are_asked() {
    let mut p = Product::new("shop");
    stories(&mut p, &["a", "b"]);
    p.add_story(titled("c"), Place::Top, now()).unwrap();
    p.add_story(titled("d"), Place::After(StoryId(1)), now())
        .unwrap();
    p.add_story(titled("e"), Place::Before(StoryId(2)), now())
        .unwrap();
    assert_eq!(order(&p), [3, 1, 4, 5, 2]);
}

#[test]
fn epics_move_to_every_kind_of_place() {
    let mut p = Product::new("shop");
    for t in ["a", "b", "c", "d"] {
        epic(&mut p, t);
    }
    let ranks = |p: &Product| p.epics().iter().map(|e| e.id.0).collect::<Vec<_>>();
    let e = EpicId;
    p.move_epic(e(4), Place::Top).unwrap();
    assert_eq!(ranks(&p), [4, 1, 2, 3]);
    p.move_epic(e(4), Place::Bottom).unwrap();
    assert_eq!(ranks(&p), [1, 2, 3, 4]);
    p.move_epic(e(1), Place::After(e(3))).unwrap();
    assert_eq!(ranks(&p), [2, 3, 1, 4]);
    p.move_epic(e(4), Place::Before(e(2))).unwrap();
    assert_eq!(ranks(&p), [4, 2, 3, 1]);
    assert_eq!(p.epic_rank(e(3)), Ok(3));
    let before = p.clone();
    assert!(matches!(
        p.move_epic(e(2), Place::Before(e(2))),
        Err(ModelError::MoveRelativeToSelf { .. })
    ));
    assert!(matches!(
        p.move_epic(e(2), Place::After(e(2))),
        Err(ModelError::MoveRelativeToSelf { .. })
    ));
    assert_eq!(
        p.move_epic(e(2), Place::Before(e(7))),
        Err(not_found("epic", "E-7"))
    );
    assert_eq!(p, before);
}

#[test]
fn removing_a_story_removes_the_links_to_it() {
    let mut p = Product::new("shop");
    let ids = stories(&mut p, &["a", "b", "c"]);
    let patch = StoryPatch {
        blocked_by: Some(vec![ids[0], ids[1]]),
        ..StoryPatch::default()
    };
    p.update_story(ids[2], patch, now()).unwrap();
    let (removed, rank) = p.remove_story(ids[0]).unwrap();
    assert_eq!((removed.id, rank), (ids[0], 1));
    assert_eq!(p.story(ids[2]).unwrap().blocked_by, [ids[1]]);
    assert!(p.problems().is_empty());
    assert_eq!(p.remove_story(ids[0]), Err(not_found("story", "S-1")));
}

#[test]
fn removing_an_epic_detaches_or_deletes_its_stories() {
    let build = || {
        let mut p = Product::new("shop");
        let e = epic(&mut p, "e");
        let other = epic(&mut p, "other");
        for (title, of) in [("a", e), ("b", other), ("c", e)] {
            let draft = crate::model::StoryDraft {
                epic: Some(of),
                ..titled(title)
            };
            p.add_story(draft, Place::Bottom, now()).unwrap();
        }
        // S-2 waits on S-3, which goes with the epic when it is deleted.
        let patch = StoryPatch {
            blocked_by: Some(vec![StoryId(3)]),
            ..StoryPatch::default()
        };
        p.update_story(StoryId(2), patch, now()).unwrap();
        (p, e)
    };
    let (mut p, e) = build();
    let affected = p.remove_epic(e, EpicStories::Detach).unwrap();
    assert_eq!(affected, [StoryId(1), StoryId(3)]);
    assert_eq!(order(&p), [1, 2, 3]);
    assert!(p.stories().iter().all(|s| s.epic != Some(e)));
    assert_eq!(p.story(StoryId(2)).unwrap().epic, Some(EpicId(2)));
    assert!(p.problems().is_empty());

    let (mut p, e) = build();
    let affected = p.remove_epic(e, EpicStories::Delete).unwrap();
    assert_eq!(affected, [StoryId(1), StoryId(3)]);
    assert_eq!(order(&p), [2]);
    assert!(p.story(StoryId(2)).unwrap().blocked_by.is_empty());
    assert!(p.problems().is_empty());
    assert_eq!(p.epics().len(), 1);
}

#[test]
fn removing_a_vision_detaches_its_epics() {
    let mut p = Product::new("shop");
    let v = vision(&mut p, "v");
    let keep = vision(&mut p, "keep");
    for (t, of) in [("a", v), ("b", keep), ("c", v)] {
        p.add_epic(EpicDraft {
            title: t.into(),
            vision: Some(of),
            ..EpicDraft::default()
        })
        .unwrap();
    }
    assert_eq!(p.remove_vision(v).unwrap(), [EpicId(1), EpicId(3)]);
    assert_eq!(p.epics().len(), 3);
    assert_eq!(p.epic(EpicId(1)).unwrap().vision, None);
    assert_eq!(p.epic(EpicId(2)).unwrap().vision, Some(keep));
    assert!(p.problems().is_empty());
    assert_eq!(p.remove_vision(v), Err(not_found("vision", "V-1")));
}

#[test]
fn a_refused_story_patch_changes_nothing() {
    let mut p = Product::new("shop");
    let e = epic(&mut p, "e");
    let draft = crate::model::StoryDraft {
        acceptance_criteria: vec!["one".into()],
        ..titled("a")
    };
    let id = p.add_story(draft, Place::Bottom, now()).unwrap();
    let before = p.clone();
    let good = StoryPatch {
        title: Some("new title".into()),
        points: Some(Some(5)),
        status: Some(StoryStatus::Ready),
        epic: Some(Some(e)),
        add_criteria: vec!["two".into()],
        labels: Some(vec!["x".into()]),
        ..StoryPatch::default()
    };
    let refusals = [
        StoryPatch {
            criteria_done: vec![(1, true), (3, true)],
            ..good.clone()
        },
        StoryPatch {
            criteria_done: vec![(0, true)],
            ..good.clone()
        },
        StoryPatch {
            title: Some("   ".into()),
            ..good.clone()
        },
        StoryPatch {
            epic: Some(Some(EpicId(9))),
            ..good.clone()
        },
        StoryPatch {
            sprint: Some(Some(SprintId(9))),
            ..good.clone()
        },
        StoryPatch {
            blocked_by: Some(vec![id]),
            ..good.clone()
        },
    ];
    for patch in refusals {
        let later = at(2026, 3, 5, 9);
        assert!(
            p.update_story(id, patch.clone(), later).is_err(),
            "{patch:?}"
        );
        assert_eq!(p, before, "{patch:?} was refused but changed the story");
    }
    // The second criterion exists once the patch adds it.
    let ok = StoryPatch {
        criteria_done: vec![(2, true)],
        ..good
    };
    p.update_story(id, ok, now()).unwrap();
    let s = p.story(id).unwrap();
    assert_eq!(s.title, "new title");
    assert_eq!(
        s.acceptance_criteria
            .iter()
            .map(|c| c.done)
            .collect::<Vec<_>>(),
        [false, true]
    );
    assert_eq!(
        p.update_story(
            id,
            StoryPatch {
                criteria_done: vec![(3, true)],
                ..StoryPatch::default()
            },
            now()
        )
        .unwrap_err()
        .to_string(),
        "S-1 has no acceptance criterion 3 (it has 2)"
    );
}

#[test]
fn each_status_change_is_recorded_with_its_moment() {
    let mut p = Product::new("shop");
    let id = p
        .add_story(titled("a"), Place::Bottom, at(2026, 3, 1, 9))
        .unwrap();
    p.set_story_status(id, StoryStatus::Ready, at(2026, 3, 2, 9))
        .unwrap();
    // Setting the status it already has is not a change.
    p.set_story_status(id, StoryStatus::Ready, at(2026, 3, 3, 9))
        .unwrap();
    let patch = StoryPatch {
        status: Some(StoryStatus::InProgress),
        ..StoryPatch::default()
    };
    p.update_story(id, patch, at(2026, 3, 4, 9)).unwrap();
    // Sub-second parts are dropped so files stay small and stable.
    let odd = at(2026, 3, 5, 9) + chrono::Duration::milliseconds(750);
    p.set_story_status(id, StoryStatus::Done, odd).unwrap();
    let s = p.story(id).unwrap();
    let history: Vec<_> = s.history.iter().map(|c| (c.status, c.at)).collect();
    assert_eq!(
        history,
        [
            (StoryStatus::Draft, at(2026, 3, 1, 9)),
            (StoryStatus::Ready, at(2026, 3, 2, 9)),
            (StoryStatus::InProgress, at(2026, 3, 4, 9)),
            (StoryStatus::Done, at(2026, 3, 5, 9)),
        ]
    );
    assert_eq!(s.created, at(2026, 3, 1, 9));
    assert_eq!(s.updated, at(2026, 3, 5, 9));
    assert_eq!(s.status, StoryStatus::Done);
    assert_eq!(s.status_at(at(2026, 3, 3, 23)), Some(StoryStatus::Ready));
    assert_eq!(s.status_at(at(2026, 2, 28, 9)), None, "not created yet");
}

#[test]
fn epic_dates_and_rice_inputs_are_checked() {
    let mut p = Product::new("shop");
    let bad_dates = EpicDraft {
        title: "e".into(),
        start: Some(day(2026, 5, 1)),
        target: Some(day(2026, 4, 1)),
        ..EpicDraft::default()
    };
    assert!(p.add_epic(bad_dates).is_err());
    let rice = |reach, impact, confidence, effort| EpicDraft {
        title: "e".into(),
        rice: Some(Rice {
            reach,
            impact,
            confidence,
            effort,
        }),
        ..EpicDraft::default()
    };
    for (draft, what) in [
        (rice(100.0, 1.0, 50.0, 0.0), "RICE effort"),
        (rice(100.0, 1.0, 150.0, 1.0), "RICE confidence"),
        (rice(-1.0, 1.0, 50.0, 1.0), "RICE reach"),
        (rice(f64::NAN, 1.0, 50.0, 1.0), "RICE reach"),
        (rice(100.0, 99.0, 50.0, 1.0), "RICE impact"),
        (rice(100.0, 0.1, 50.0, 1.0), "RICE impact"),
    ] {
        match p.add_epic(draft) {
            Err(ModelError::OutOfRange { what: w, .. }) => assert_eq!(w, what),
            other => panic!("expected {what} refused, got {other:?}"),
        }
    }
    assert!(p.epics().is_empty());
    let id = p.add_epic(rice(100.0, 1.0, 50.0, 2.0)).unwrap();
    let patch = EpicPatch {
        target: Some(Some(day(2026, 1, 1))),
        start: Some(Some(day(2026, 2, 1))),
        ..EpicPatch::default()
    };
    assert!(p.update_epic(id, patch).is_err());
    assert_eq!(p.epic(id).unwrap().start, None);
}

#[test]
fn ids_run_out_with_a_refusal_rather_than_a_repeat() {
    let mut p = Product::new("shop");
    stories(&mut p, &["a"]);
    let mut doc = serde_json::to_value(&p).unwrap();
    doc["stories"][0]["id"] = serde_json::json!("S-4294967294");
    let mut p: Product = serde_json::from_value(doc).unwrap();
    p.repair_counters();
    let before = p.clone();
    for title in ["b", "c"] {
        let err = p
            .add_story(titled(title), Place::Bottom, now())
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "a new story id must be below S-4294967295, not S-4294967295"
        );
    }
    assert_eq!(p, before);
    assert!(p.problems().is_empty());
}

#[test]
fn a_patch_that_changes_nothing_leaves_the_story_and_its_updated_time_alone() {
    let mut p = Product::new("shop");
    let ids = stories(&mut p, &["a"]);
    let points = StoryPatch {
        points: Some(Some(3)),
        ..StoryPatch::default()
    };
    p.update_story(ids[0], points.clone(), now()).unwrap();
    let before = p.clone();
    let later = now() + chrono::Duration::seconds(5);
    p.update_story(ids[0], points, later).unwrap();
    assert_eq!(
        p, before,
        "the same points again must not stamp a new `updated`"
    );
    let retitle = StoryPatch {
        title: Some("b".into()),
        ..StoryPatch::default()
    };
    p.update_story(ids[0], retitle, later).unwrap();
    assert_eq!(p.story(ids[0]).unwrap().updated, later);
}
