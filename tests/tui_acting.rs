//! Acting in the Sprint view and undoing it, on ratatui's TestBackend: starting asks first,
//! every edit is one undo step (start, close, planning in and out), an undo that cannot be
//! made stops there and says so.
#![allow(clippy::unwrap_used)]

use roadlog::model::{SprintId, SprintState, StoryId};
use roadlog::tui::keymap::Context;
use roadlog::tui::{App, Effect, ReportFile};

mod support;
use support::*;

const ACTIVE: SprintId = SprintId(7);
const PLANNED: SprintId = SprintId(8);

/// The demo with SP-7 closed, its unfinished stories carried over to SP-8.
fn with_sp7_closed() -> App {
    let mut a = app();
    keys(&mut a, "3Cn");
    assert_eq!(a.product.sprint(ACTIVE).unwrap().state, SprintState::Closed);
    a
}

#[test]
fn s_asks_before_starting_and_says_over_capacity_and_the_early_start() {
    let mut a = with_sp7_closed();
    let sp8 = a.product.sprint(PLANNED).unwrap().clone();
    let points = a.product.sprint_progress(PLANNED).points_total;
    let capacity = sp8.capacity.unwrap();
    assert!(points > capacity, "the carried stories overfill SP-8");
    let early = (sp8.start - today()).num_days();
    assert!(early > 0, "SP-8 starts after today in the demo");
    let length = sp8.end - sp8.start;

    keys(&mut a, "S");
    assert_eq!(a.context(), Context::Confirm);
    let s = dialog(&a);
    assert!(
        s.contains(&format!(
            "{} points over capacity {capacity}",
            points - capacity
        )),
        "{s}"
    );
    let end = today() + length;
    assert!(
        s.contains(&format!(
            "{early} days before its start date: the sprint will run from today to {end}"
        )),
        "{s}"
    );
    assert!(s.contains("y start") && s.contains("n not now"), "{s}");
    // The footer offers the same answers in the same words, not a generic yes and no.
    let shown = screen(&a);
    let footer = shown.lines().last().unwrap();
    assert!(footer.contains("y start  n not now"), "{footer}");
    assert!(!footer.contains("y yes"), "{footer}");

    // n leaves it planned, its dates as they were.
    assert!(!keys(&mut a, "n").is_save());
    assert_eq!(a.product.sprint(PLANNED).unwrap(), &sp8);

    assert!(keys(&mut a, "Sy").is_save());
    let started = a.product.sprint(PLANNED).unwrap();
    assert_eq!(started.state, SprintState::Active);
    assert_eq!((started.start, started.end), (today(), end));
    let days = length.num_days() + 1;
    let s = squeeze(&screen(&a));
    assert!(s.contains(&format!("{days} days left")), "{s}");
}

/// The demo with SP-7 closed, its stories carried over to SP-8, as seen on `day`.
fn sp8_due_on(day: chrono::NaiveDate) -> App {
    let product = roadlog::demo::sample(today(), 40).unwrap();
    let mut a = App::new(
        product,
        day,
        "demo.json".into(),
        roadlog::tui::theme::Theme::colour(),
    );
    resize(&mut a, 80, 24);
    keys(&mut a, "3Cn");
    a
}

#[test]
fn a_late_start_says_how_late_and_the_days_left_and_one_day_is_one_day() {
    let sp8 = app().product.sprint(PLANNED).unwrap().clone();
    let late = sp8.start + chrono::Days::new(4);
    let mut a = sp8_due_on(late);
    keys(&mut a, "S");
    let left = (sp8.end - late).num_days() + 1;
    let length = (sp8.end - sp8.start).num_days() + 1;
    let s = dialog(&a);
    assert!(
        s.contains(&format!(
            "It runs {} to {} ({length} days): it starts 4 days late and has {left} days left.",
            sp8.start, sp8.end
        )),
        "{s}"
    );
    keys(&mut a, "y");
    assert_eq!(a.product.sprint(PLANNED).unwrap().start, sp8.start);

    let mut a = sp8_due_on(sp8.start - chrono::Days::new(1));
    keys(&mut a, "S");
    let s = dialog(&a);
    assert!(
        s.contains("1 day before its start date: the sprint will run"),
        "{s}"
    );
}

#[test]
fn a_start_that_would_be_refused_is_refused_without_a_question() {
    let mut a = app();
    // SP-7 is active; planning shows SP-8, which cannot start beside it.
    keys(&mut a, "3PS");
    assert_ne!(a.context(), Context::Confirm);
    assert!(screen(&a).contains("SP-7"), "{}", screen(&a));
    assert_eq!(
        a.product.sprint(PLANNED).unwrap().state,
        SprintState::Planned
    );
}

/// An older edit to undo past or not: the label `older-edit` on the backlog's first open
/// story, whose id it returns.
fn older_edit(a: &mut App) -> StoryId {
    keys(a, "2<Home>");
    let first = a.backlog.list.selected().unwrap();
    keys(a, "+older-edit<Enter>");
    first
}

fn has_older_edit(a: &App, id: StoryId) -> bool {
    a.product
        .story(id)
        .unwrap()
        .labels
        .contains(&"older-edit".to_string())
}

#[test]
fn s_on_the_running_sprint_says_it_runs_with_its_days_left_and_where_the_next_is_planned() {
    let mut a = app();
    let days = a.product.sprint(ACTIVE).unwrap().days_left(today());
    assert!(days > 1, "SP-7 has days left in the demo");
    assert!(!keys(&mut a, "3S").is_save());
    assert_ne!(a.context(), Context::Confirm);
    let s = screen(&a);
    assert!(
        s.contains(&format!(
            "SP-7 is already running ({days} days left); P plans the next sprint"
        )),
        "{s}"
    );
    assert!(!s.contains("close it before starting"), "{s}");
}

#[test]
fn start_and_close_undo_one_step_each_and_never_reach_past_to_an_older_edit() {
    let mut a = app();
    let first = older_edit(&mut a);
    assert!(has_older_edit(&a, first));
    let before_close = a.product.clone();
    keys(&mut a, "3Cn");
    let before_start = a.product.clone();
    keys(&mut a, "Sy");
    assert_eq!(
        a.product.sprint(PLANNED).unwrap().state,
        SprintState::Active
    );

    keys(&mut a, "u");
    assert_eq!(
        *a.product, *before_start,
        "u undid the start, dates and all"
    );
    assert!(screen(&a).contains("undid: started SP-8"), "{}", screen(&a));
    keys(&mut a, "u");
    assert_eq!(
        *a.product, *before_close,
        "u undid the close and its carry-over"
    );
    assert!(has_older_edit(&a, first));
    keys(&mut a, "u");
    assert!(!has_older_edit(&a, first));

    // And redone, all three, in order.
    keys(&mut a, "<C-r><C-r><C-r>");
    assert_eq!(a.product.sprint(ACTIVE).unwrap().state, SprintState::Closed);
    assert_eq!(
        a.product.sprint(PLANNED).unwrap().state,
        SprintState::Active
    );
}

#[test]
fn planning_in_and_out_is_undoable() {
    let mut a = app();
    keys(&mut a, "3P");
    let top = a.sprint.list.selected().unwrap();
    assert!(keys(&mut a, " ").is_save());
    assert_eq!(a.product.story(top).unwrap().sprint, Some(PLANNED));
    assert!(screen(&a).contains(&format!("planned {top} into SP-8")));
    keys(&mut a, "u");
    assert_eq!(a.product.story(top).unwrap().sprint, None);
    keys(&mut a, "<C-r>");
    assert_eq!(a.product.story(top).unwrap().sprint, Some(PLANNED));
}

#[test]
fn an_undo_that_cannot_be_made_stays_and_says_so_instead_of_undoing_an_older_edit() {
    let mut a = app();
    let first = older_edit(&mut a);
    let id = unplanned(&mut a);
    // Planned into the active sprint: a scope change, whose undo puts SP-7 back.
    keys(&mut a, ">15<Enter>");
    assert_eq!(a.product.story(id).unwrap().sprint, Some(ACTIVE));
    // Another program closes SP-7 meanwhile (a merged save keeps the history).
    let now = a.now;
    a.product.close_sprint(ACTIVE, None, now).unwrap();
    let closed = a.product.clone();
    for _ in 0..2 {
        keys(&mut a, "u");
        assert_eq!(*a.product, *closed, "the refused undo changed nothing");
        let s = squeeze(&screen(&a));
        assert!(s.contains(&format!("cannot undo past '{id}")), "{s}");
    }
    assert!(has_older_edit(&a, first));
}

/// The active sprint's stories not done, in rank order: what its close checklist lists.
fn unfinished_in_sp7(a: &App) -> Vec<StoryId> {
    a.product
        .sprint_stories(ACTIVE)
        .filter(|s| !s.is_done())
        .map(|s| s.id)
        .collect()
}

#[test]
fn closing_carries_over_only_the_ticked_stories_and_undoes_in_one_step() {
    let mut a = app();
    let unfinished = unfinished_in_sp7(&a);
    let before = a.product.clone();
    keys(&mut a, "3C");
    assert_eq!(a.context(), Context::CloseSprint);
    let s = screen(&a);
    for id in &unfinished {
        assert!(
            s.contains(&format!("[x] {id} ")),
            "all ticked at first: {s}"
        );
    }
    // Leave the second one behind.
    keys(&mut a, "j ");
    let left = unfinished[1];
    assert!(screen(&a).contains(&format!("[ ] {left} ")));
    assert!(keys(&mut a, "n").is_save());
    assert_eq!(a.product.story(left).unwrap().sprint, Some(ACTIVE));
    assert!(!a.product.story(left).unwrap().is_done());
    for id in unfinished.iter().filter(|id| **id != left) {
        assert_eq!(a.product.story(*id).unwrap().sprint, Some(PLANNED));
    }
    let result = a.product.sprint(ACTIVE).unwrap().result.clone().unwrap();
    assert_eq!(result.carried_over.len(), unfinished.len() - 1);
    let n = unfinished.len() - 1;
    let said = format!("closed SP-7; {n} unfinished stories to SP-8, 1 left in SP-7 not done");
    assert!(squeeze(&screen(&a)).contains(&said), "{}", screen(&a));
    keys(&mut a, "u");
    assert_eq!(*a.product, *before);
}

#[test]
fn esc_keeps_the_sprint_open_and_without_a_planned_sprint_the_checklist_stays() {
    let mut a = app();
    keys(&mut a, "3C<Esc>");
    assert_eq!(a.product.sprint(ACTIVE).unwrap().state, SprintState::Active);
    // With SP-8 gone there is no sprint to carry over to: n says so, b still closes.
    let mut b = app();
    let mut product = (*b.product).clone();
    product.remove_sprint(PLANNED).unwrap();
    b.reloaded(product);
    keys(&mut b, "3Cj n");
    assert_eq!(b.context(), Context::CloseSprint);
    assert!(screen(&b).contains("no planned sprint to carry stories over to; b puts them"));
    assert!(keys(&mut b, "b").is_save());
    let result = b.product.sprint(ACTIVE).unwrap().result.clone().unwrap();
    assert_eq!(result.carried_to, None);
}

#[test]
fn x_asks_which_sprint_to_review_the_last_closed_first_then_the_active_one() {
    let mut a = app();
    keys(&mut a, "3X");
    assert_eq!(a.context(), Context::Picker);
    let s = screen(&a);
    let row = |id: &str| {
        let option = format!("│{id} Sprint");
        s.lines()
            .position(|l| l.contains(&option) && l.contains("pts done"))
    };
    let (last_closed, active) = (row("SP-6").unwrap(), row("SP-7").unwrap());
    assert!(last_closed < active, "{s}");
    assert!(
        row("SP-8").is_none(),
        "a planned sprint has nothing to review: {s}"
    );
    let Effect::WriteReport(ReportFile { file_name, .. }) = keys(&mut a, "<Enter>") else {
        panic!("Enter writes the review");
    };
    assert_eq!(file_name, "SP-6-review.md");
    // Right after closing SP-7, it comes first.
    keys(&mut a, "Cn");
    keys(&mut a, "X");
    // Its figures are its record at the close, though the carried stories have left it:
    // done against the points its start committed to (the baseline), as the review counts
    // them, not against the scope the changes made of it.
    let sp7 = a.product.sprint(ACTIVE).unwrap().clone();
    let r = sp7.result.clone().unwrap();
    let committed = a.product.committed_points(&sp7);
    assert_ne!(committed, r.committed, "SP-7's scope changed in the demo");
    let label = format!(
        "SP-7 Sprint 15 · closed {} · {} of {committed} committed pts done",
        r.closed.date_naive(),
        r.done,
    );
    assert!(screen(&a).contains(&label), "{}", screen(&a));
    let Effect::WriteReport(ReportFile { file_name, .. }) = keys(&mut a, "<Enter>") else {
        panic!("Enter writes the review");
    };
    assert_eq!(file_name, "SP-7-review.md");
}

#[test]
fn t_and_b_move_the_story_to_the_top_or_bottom_of_the_backlog_and_undo() {
    let mut a = app();
    keys(&mut a, "2<Home>jjj");
    let id = a.backlog.list.selected().unwrap();
    let rank = a.product.story_rank(id).unwrap();
    assert!(keys(&mut a, "B").is_save());
    assert_eq!(a.product.stories().last().unwrap().id, id);
    assert!(screen(&a).contains(&format!("moved {id} to the bottom of the backlog")));
    assert!(keys(&mut a, "T").is_save());
    assert_eq!(a.product.stories()[0].id, id);
    assert_eq!(
        a.backlog.list.selected(),
        Some(id),
        "the cursor goes with it"
    );
    assert!(screen(&a).contains(&format!("moved {id} to the top of the backlog")));
    keys(&mut a, "uu");
    assert_eq!(a.product.story_rank(id).unwrap(), rank);
}

#[test]
fn t_and_b_rank_the_epic_first_or_last_in_the_roadmap() {
    let mut a = app();
    keys(&mut a, "1");
    while !matches!(
        a.roadmap.list.selected(),
        Some(roadlog::tui::RoadItem::Epic(_))
    ) {
        keys(&mut a, "j");
    }
    keys(&mut a, "j");
    let Some(roadlog::tui::RoadItem::Epic(id)) = a.roadmap.list.selected() else {
        panic!("an epic is selected");
    };
    let before = a.product.clone();
    assert!(keys(&mut a, "B").is_save());
    assert_eq!(a.product.epics().last().unwrap().id, id);
    assert!(keys(&mut a, "T").is_save());
    assert_eq!(a.product.epics()[0].id, id);
    assert!(screen(&a).contains(&format!("ranked {id} at the top")));
    keys(&mut a, "uu");
    assert_eq!(*a.product, *before);
    // Sorted by score the neighbours shown are not the ranking's: T says how to get there.
    keys(&mut a, "o");
    assert!(!keys(&mut a, "T").is_save());
    assert!(screen(&a).contains("ranking works in rank order"));
}

#[test]
fn closing_to_the_backlog_undoes_and_redoes_to_the_same_ranking() {
    // The carried stories go to the top in a block; undo must put each back in its place.
    for close in ["3Cb", "3Cj b"] {
        let mut a = app();
        let before = a.product.clone();
        assert!(keys(&mut a, close).is_save());
        let after = a.product.clone();
        assert_ne!(after.stories()[0].id, before.stories()[0].id);
        keys(&mut a, "u");
        assert_eq!(*a.product, *before, "{close} undone");
        keys(&mut a, "<C-r>");
        assert_eq!(*a.product, *after, "{close} redone");
    }
}

#[test]
fn the_help_lists_s_as_the_start_in_the_sprint_view_and_the_sprint_picker_as_greater_than() {
    let mut a = sized(120, 40);
    keys(&mut a, "2?");
    let s = screen(&a);
    assert!(s.contains(">          plan the story into a sprint"), "{s}");
    assert!(!s.contains("S          plan"), "{s}");
    keys(&mut a, "<Esc>3?");
    let s = screen(&a);
    assert!(s.contains("S          start the sprint"), "{s}");
    assert!(s.contains("R          reload from disk"), "{s}");
}

#[test]
fn space_on_the_board_says_where_planning_happens() {
    let mut a = app();
    assert!(!keys(&mut a, "3 ").is_save());
    assert!(screen(&a).contains("planning happens in the planning view: press P"));
}

#[test]
fn ranking_keys_in_the_sprint_view_say_ranking_happens_in_the_backlog() {
    for key in ["J", "K", "T", "B"] {
        let mut a = app();
        keys(&mut a, "3");
        let before = a.product.clone();
        assert!(!keys(&mut a, key).is_save(), "{key}");
        assert_eq!(a.product, before, "{key} changes nothing");
        assert!(
            screen(&a).contains("ranking happens in the Backlog: press 2"),
            "{key}: {}",
            screen(&a)
        );
    }
}

#[test]
fn v_in_the_roadmap_says_marks_are_for_stories() {
    let mut a = app();
    keys(&mut a, "1v");
    assert!(a.marked.is_empty());
    assert!(
        screen(&a)
            .contains("v marks stories, not epics: in the Backlog (2) or the Sprint view (3)"),
        "{}",
        screen(&a)
    );
}

#[test]
fn a_long_close_checklist_scrolls_with_its_cursor_at_80x24() {
    let mut a = app();
    keys(&mut a, "2<Home>");
    keys(&mut a, &"v".repeat(20));
    keys(&mut a, ">15<Enter>");
    let unfinished = unfinished_in_sp7(&a);
    assert!(unfinished.len() >= 20, "{}", unfinished.len());
    keys(&mut a, "3C");
    keys(&mut a, &"j".repeat(unfinished.len() - 1));
    keys(&mut a, " ");
    let last = *unfinished.last().unwrap();
    let s = screen(&a);
    assert!(s.contains(&format!("[ ] {last} ")), "{s}");
    assert!(
        !s.contains(&format!("[x] {} ", unfinished[0])),
        "scrolled: {s}"
    );
    assert!(
        s.contains("Esc keep the sprint open"),
        "the answers stay: {s}"
    );
}
