//! Grooming without forms on ratatui's TestBackend: pickers (quick keys, 1,000 options),
//! the criteria checklist, split, bulk marks, the `:` line, the global jump, and a proptest
//! that any grooming session undoes back to the start.
#![allow(clippy::unwrap_used)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::model::{EpicId, StoryId};
use roadlog::tui::keymap::Context;
use roadlog::tui::theme::Theme;
use roadlog::tui::{App, view};

mod support;
use support::*;

/// Closing a sprint is its own undo step: the first undo after it reopens the sprint with
/// its stories, the next one undoes the plan made before (never the plan alone, which
/// would reopen it and lose its result).
#[test]
fn undo_after_closing_a_sprint_undoes_the_close_then_the_plan() {
    use roadlog::model::{SprintId, SprintState};
    let mut a = app();
    keys(&mut a, "2");
    let id = unplanned(&mut a);
    // Plan it into the active sprint (SP-7) through the picker.
    keys(&mut a, ">15");
    assert!(keys(&mut a, "<Enter>").is_save());
    assert_eq!(a.product.story(id).unwrap().sprint, Some(SprintId(7)));
    keys(&mut a, "3Cb");
    let closed = a.product.sprint(SprintId(7)).unwrap().clone();
    assert_eq!(closed.state, SprintState::Closed);
    keys(&mut a, "2u");
    let reopened = a.product.sprint(SprintId(7)).unwrap();
    assert_eq!(
        (reopened.state, &reopened.result),
        (SprintState::Active, &None)
    );
    assert_eq!(a.product.story(id).unwrap().sprint, Some(SprintId(7)));
    keys(&mut a, "u");
    assert_eq!(a.product.story(id).unwrap().sprint, None);
    assert_eq!(
        a.product.sprint(SprintId(7)).unwrap().state,
        SprintState::Active
    );
}

#[test]
fn the_sprint_picker_shows_remaining_capacity_and_plans_the_story() {
    let mut a = app();
    keys(&mut a, "2");
    let id = unplanned(&mut a);
    keys(&mut a, ">");
    assert_eq!(a.context(), Context::Picker);
    let s = screen(&a);
    assert!(
        s.contains("SP-8 Sprint 16 · planned · 15 of 28 pts left"),
        "{s}"
    );
    assert!(
        !s.contains("Sprint 14"),
        "a closed sprint is not offered: {s}"
    );
    keys(&mut a, "16");
    assert!(keys(&mut a, "<Enter>").is_save());
    assert_eq!(
        a.product.story(id).unwrap().sprint,
        Some(roadlog::model::SprintId(8))
    );
    keys(&mut a, "u");
    assert_eq!(a.product.story(id).unwrap().sprint, None);
}

#[test]
fn points_assignee_epic_and_blocker_pickers() {
    let mut a = app();
    keys(&mut a, "2");
    let id = unplanned(&mut a);
    keys(&mut a, "p");
    assert!(screen(&a).contains("? not estimated"));
    keys(&mut a, "13<Enter>");
    assert_eq!(a.product.story(id).unwrap().points, Some(13));

    keys(&mut a, "azoe");
    assert!(screen(&a).contains("Enter: use 'zoe'"));
    keys(&mut a, "<Enter>");
    assert_eq!(
        a.product.story(id).unwrap().assignee.as_deref(),
        Some("zoe")
    );

    keys(&mut a, "mloyalty<Enter>");
    assert_eq!(a.product.story(id).unwrap().epic, Some(EpicId(5)));

    keys(&mut a, "bS-17<Enter>");
    assert_eq!(a.product.story(id).unwrap().blocked_by, vec![StoryId(17)]);
    // Esc leaves everything as it was.
    keys(&mut a, "p<Down><Up><Down><Esc>");
    assert_eq!(a.context(), Context::Backlog);
    assert_eq!(a.product.story(id).unwrap().points, Some(13));
}

#[test]
fn criteria_are_added_edited_reordered_and_ticked_in_the_detail_panel() {
    let mut a = app();
    keys(&mut a, "2");
    let id = unplanned(&mut a);
    let before = a.product.story(id).unwrap().acceptance_criteria.clone();
    keys(&mut a, "ca");
    assert_eq!(a.context(), Context::CriterionInput);
    keys(&mut a, "Works offline<Enter>");
    let list = |a: &App| a.product.story(id).unwrap().acceptance_criteria.clone();
    assert_eq!(list(&a).len(), before.len() + 1);
    assert_eq!(list(&a).last().unwrap().text, "Works offline");
    let s = screen(&a);
    assert!(s.contains(&format!("Criteria of {id}")), "{s}");
    assert!(s.contains("[ ] Works offline"), "{s}");
    keys(&mut a, " K");
    assert!(list(&a)[list(&a).len() - 2].done);
    keys(&mut a, "<Enter>");
    paste(&mut a, " too");
    keys(&mut a, "<Enter>");
    assert_eq!(list(&a)[list(&a).len() - 2].text, "Works offline too");
    // A text dropped with Esc changes nothing.
    keys(&mut a, "adropped<Esc>");
    assert_eq!(a.context(), Context::Criteria);
    keys(&mut a, "<Esc>");
    assert_eq!(a.context(), Context::Backlog);
    keys(&mut a, "uuuu");
    assert_eq!(list(&a), before, "four edits, four undo steps");
}

#[test]
fn split_takes_the_marked_criteria_to_a_new_story_after_it_and_undo_restores() {
    let mut a = app();
    keys(&mut a, "2");
    let id = unplanned(&mut a);
    let before = a.product.clone();
    let original = before.story(id).unwrap().clone();
    assert!(!original.acceptance_criteria.is_empty());
    keys(&mut a, "x ");
    let s = screen(&a);
    assert!(s.contains("→ new"), "{s}");
    assert!(s.contains("Space marks what moves, Enter splits"), "{s}");
    assert!(keys(&mut a, "<Enter>").is_save());
    let rank = a.product.story_rank(id).unwrap();
    let new = a.product.stories()[rank].clone();
    assert_eq!(new.epic, original.epic);
    assert_eq!(new.labels, original.labels);
    assert_eq!(new.acceptance_criteria, original.acceptance_criteria[..1]);
    assert_eq!(
        a.product.story(id).unwrap().acceptance_criteria,
        original.acceptance_criteria[1..]
    );
    keys(&mut a, "u");
    // The id counter stays past the undone story: ids are never handed out twice.
    assert!(
        a.product.stories() == before.stories(),
        "undo of a split restores both stories"
    );
    assert_eq!(
        a.backlog.list.selected(),
        Some(id),
        "undo shows the story it restored"
    );
    // Away and back: a redo puts the cursor on the part it brought back.
    keys(&mut a, "<Home><C-r>");
    assert_eq!(a.backlog.list.selected(), Some(new.id));
}

#[test]
fn the_command_line_filters_the_backlog_shows_it_in_the_header_and_esc_clears_it() {
    let mut a = app();
    keys(&mut a, "1:");
    assert_eq!(a.context(), Context::Command);
    keys(&mut a, "status:ready epic:E-3 points:>=5");
    let s = screen(&a);
    assert!(s.contains(":status:ready epic:E-3 points:>=5"), "{s}");
    assert!(s.contains("Enter apply · Esc close"), "{s}");
    keys(&mut a, "<Enter>");
    assert_eq!(a.context(), Context::Backlog);
    assert_eq!(a.focus, roadlog::tui::Pane::Backlog);
    let s = screen(&a);
    assert!(s.contains("where status:ready epic:E-3 points:>=5"), "{s}");
    assert!(
        s.contains("S-17") && s.contains("S-25") && !s.contains("S-18 "),
        "{s}"
    );
    keys(&mut a, "<Esc>");
    assert!(a.backlog.query.is_none());
    assert!(!screen(&a).contains("· where status"));

    keys(&mut a, ":");
    paste(&mut a, "colour:red");
    keys(&mut a, "<Enter>");
    assert_eq!(
        a.context(),
        Context::Command,
        "a bad expression keeps the line open"
    );
    let s = screen(&a);
    assert!(s.contains("unknown filter 'colour:'"), "{s}");
    assert!(
        s.contains(" :colour:red▏"),
        "the line stays visible beside the error: {s}"
    );
}

#[test]
fn the_global_jump_finds_stories_epics_visions_and_sprints_by_id_and_title() {
    let mut a = app();
    keys(&mut a, "2");
    // A filter that hides the target is cleared by the jump.
    keys(&mut a, "/z<Enter>");
    keys(&mut a, "<C-p>");
    assert!(screen(&a).contains("Jump to"));
    keys(&mut a, "loyalty tiers<Enter>");
    assert_eq!(a.focus, roadlog::tui::Pane::Backlog);
    assert_eq!(a.backlog.list.selected(), Some(StoryId(30)));

    keys(&mut a, "<C-p>e-5<Enter>");
    assert_eq!(a.focus, roadlog::tui::Pane::Roadmap);
    assert_eq!(a.roadmap.list.selected(), Some(roadlog_item(EpicId(5))));

    keys(&mut a, "<C-p>sprint 14<Enter>");
    assert!(
        screen(&a).contains("Edit SP-6"),
        "a sprint not on show opens in its form"
    );
}

#[test]
fn marked_stories_take_status_epic_sprint_labels_and_delete_as_one_undo_step_each() {
    let mut a = app();
    keys(&mut a, "2");
    unplanned(&mut a);
    let before = a.product.clone();
    keys(&mut a, "vvv");
    assert_eq!(a.marked.len(), 3);
    let marked: Vec<StoryId> = a.marked.iter().copied().collect();
    let s = screen(&a);
    assert!(
        s.contains("3 marked: s p a m > + d apply to all; Esc clears"),
        "{s}"
    );

    keys(&mut a, "s");
    assert!(screen(&a).contains("Status of 3 marked stories"));
    keys(&mut a, "review<Enter>");
    let status = |a: &App, id| a.product.story(id).unwrap().status;
    assert!(
        marked
            .iter()
            .all(|id| status(&a, *id) == roadlog::model::StoryStatus::Review)
    );

    keys(&mut a, "mE-5<Enter>");
    keys(&mut a, ">16<Enter>");
    keys(&mut a, "+brand-new<Enter>");
    for id in &marked {
        let s = a.product.story(*id).unwrap();
        assert_eq!(s.epic, Some(EpicId(5)));
        assert_eq!(s.sprint, Some(roadlog::model::SprintId(8)));
        assert!(s.labels.contains(&"brand-new".to_string()));
    }
    keys(&mut a, "d");
    assert!(screen(&a).contains("Delete 3 marked stories"));
    keys(&mut a, "y");
    assert!(marked.iter().all(|id| a.product.story(*id).is_err()));
    assert!(a.marked.is_empty());
    keys(&mut a, "uuuuu");
    assert!(
        a.product.stories() == before.stories(),
        "five bulk edits, five undo steps"
    );
}

#[test]
fn a_picker_over_a_thousand_stories_finds_one_and_draws_only_its_window() {
    let product = roadlog::demo::sample(today(), 1000).unwrap();
    let mut a = App::new(product, today(), "big.json".into(), Theme::colour());
    resize(&mut a, 80, 24);
    keys(&mut a, "2b");
    let s = screen(&a);
    assert!(s.contains("/999"), "{s}");
    keys(&mut a, "S-990");
    let s = screen(&a);
    assert!(s.contains("S-990 "), "{s}");
    keys(&mut a, "<Enter>");
    let id = a.backlog.list.selected().unwrap();
    assert_eq!(a.product.story(id).unwrap().blocked_by, vec![StoryId(990)]);
}

#[test]
fn g_then_slash_opens_the_jump_and_slash_alone_still_filters() {
    let mut a = app();
    keys(&mut a, "2jjg");
    assert_eq!(a.backlog.list.index, 0, "g alone is the first row");
    keys(&mut a, "/");
    assert_eq!(a.context(), Context::Picker);
    assert!(screen(&a).contains("Jump to"));
    keys(&mut a, "<Esc>/");
    assert_eq!(a.context(), Context::Filter);
    // After `g`, any other key does what it always does.
    keys(&mut a, "<Esc>gj");
    assert_eq!(a.backlog.list.index, 1);
}

#[test]
fn with_one_story_marked_d_deletes_that_one_not_the_selection() {
    let mut a = app();
    keys(&mut a, "2v");
    let marked = *a.marked.iter().next().unwrap();
    let selected = a.backlog.list.selected().unwrap();
    assert_ne!(marked, selected);
    keys(&mut a, "d");
    assert!(screen(&a).contains(&format!("Delete 1 marked story: {marked}?")));
    keys(&mut a, "y");
    assert!(a.product.story(marked).is_err());
    assert!(a.product.story(selected).is_ok());
}

mod random {
    use super::*;
    use proptest::prelude::*;

    /// Grooming steps, each a short run of keys a user could type, on the Backlog, the
    /// Roadmap or the Sprint view (closing, starting, planning in and out).
    fn step() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "j",
            "k",
            "1",
            "2",
            "l",
            "u",
            "<C-r>",
            "v",
            "K",
            "H",
            "W",
            "o",
            "z",
            "T",
            "B",
            "3Cn",
            "3Cj b",
            "3Sy",
            "3P P",
            "nx<C-s><Esc>",
            "ey<C-s><Esc>",
            "dy",
            "dD",
            "p<Down><Enter>",
            "><Enter>",
            "m<Down><Enter>",
            "b<Down><Enter>",
            "+q<Enter>",
            "s<Enter>",
            "x <Enter>",
            "cac<Enter> Kd<Esc>",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Any run of grooming steps keeps drawing, and undoing everything gives back every
        /// story, epic, vision and sprint as they were.
        #[test]
        fn any_grooming_session_undoes_back_to_the_start(
            steps in prop::collection::vec(step(), 0..30),
        ) {
            let mut a = app();
            let start = a.product.clone();
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            for s in steps {
                keys(&mut a, s);
                terminal.draw(|f| view::draw(f, &a)).unwrap();
            }
            // Whatever is still open closes: a form (asking, or already asking), a
            // question, a list. A fixed `<Esc>y` would type `y` into a form whose discard
            // question was already open.
            for _ in 0..6 {
                let discarding = support::screen(&a).contains("Discard the changes");
                keys(&mut a, if discarding { "y" } else { "<Esc>" });
            }
            keys(&mut a, &"u".repeat(300));
            prop_assert!(a.product.stories() == start.stories());
            prop_assert!(a.product.epics() == start.epics());
            prop_assert!(a.product.visions() == start.visions());
            prop_assert!(a.product.sprints() == start.sprints());
            prop_assert_eq!(a.product.scoring(), start.scoring());
        }
    }
}

#[test]
fn the_points_picker_offers_the_documents_own_scale() {
    let product = roadlog::demo::sample(today(), 40).unwrap();
    let mut doc = serde_json::to_value(&product).unwrap();
    doc["settings"] = serde_json::json!({ "points_scale": [1, 2, 4, 8] });
    let product = serde_json::from_value(doc).unwrap();
    let mut a = App::new(product, today(), "team.json".into(), Theme::colour());
    resize(&mut a, 80, 24);
    keys(&mut a, "2p");
    let s = screen(&a);
    assert!(s.contains("4 points") && !s.contains("13 points"), "{s}");
    assert!(s.contains("5/5"), "four points and '?': {s}");
}

/// Enter on a search that matches nothing keeps the list open and says so; changing the
/// search then chooses as usual.
#[test]
fn enter_on_a_search_with_no_match_keeps_the_list_and_says_no_match() {
    let mut a = app();
    keys(&mut a, "2");
    let id = unplanned(&mut a);
    let before = a.product.clone();
    keys(&mut a, ">zzzz");
    assert!(screen(&a).contains("no match"), "{}", screen(&a));
    let effect = keys(&mut a, "<Enter>");
    assert!(!effect.is_save());
    assert_eq!(a.context(), Context::Picker, "the list stays open");
    assert_eq!(a.product, before, "nothing chosen");
    let s = screen(&a);
    assert!(
        s.contains("no match for 'zzzz': Backspace changes the search, Esc closes"),
        "{s}"
    );
    keys(&mut a, "<BS><BS><BS><BS>16");
    assert!(keys(&mut a, "<Enter>").is_save());
    assert_eq!(
        a.product.story(id).unwrap().sprint,
        Some(roadlog::model::SprintId(8))
    );
    assert_eq!(a.context(), Context::Backlog);
}

/// Enter on what the story already has (the pick list opens on it) is no edit: nothing is
/// saved, no undo step is recorded, and the footer says the story already has it.
#[test]
fn choosing_what_the_story_already_has_records_no_edit_and_says_so() {
    let mut a = app();
    keys(&mut a, "2");
    let id = unplanned(&mut a);
    let first_epic = a.product.story(id).unwrap().epic;
    // Give it a value of each kind first, so each picker has a current one to choose.
    keys(&mut a, "p8<Enter>");
    keys(&mut a, "azoe<Enter>");
    keys(&mut a, "mloyalty<Enter>");
    let story = a.product.story(id).unwrap().clone();
    assert_eq!(story.points, Some(8));
    let epic = story.epic.unwrap();
    let before = a.product.clone();
    let cases = [
        ("p", format!("{id} already has 8 points")),
        ("a", format!("{id} is already assigned to zoe")),
        ("m", format!("{id} is already in {epic}")),
        (">", format!("{id} is already in the backlog")),
    ];
    for (key, said) in cases {
        keys(&mut a, key);
        assert_eq!(a.context(), Context::Picker, "{key} opens its picker");
        assert!(!keys(&mut a, "<Enter>").is_save(), "{key}: nothing to save");
        assert_eq!(a.context(), Context::Backlog);
        assert!(screen(&a).contains(&said), "{key}: {}", screen(&a));
        assert_eq!(a.product, before, "{key} changed nothing");
    }
    // The last undo step is the last real edit, the epic, not a choice that changed nothing.
    assert_ne!(first_epic, story.epic, "the epic move was a change");
    keys(&mut a, "u");
    assert_eq!(a.product.story(id).unwrap().epic, first_epic);
    assert_eq!(
        a.product.story(id).unwrap().assignee.as_deref(),
        Some("zoe")
    );
}
