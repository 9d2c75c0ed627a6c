//! Grooming without forms on ratatui's TestBackend: pickers (quick keys, 1,000 options),
//! the criteria checklist, split, bulk marks, the `:` line, the global jump, and a proptest
//! that any grooming session undoes back to the start.
#![allow(clippy::unwrap_used)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::model::{EpicId, StoryId};
use roadlog::tui::theme::Theme;
use roadlog::tui::{Action, App, Mode, view};

mod support;
use support::*;

/// Closing a sprint is not undone: undoing an earlier plan into it must not reopen it (its
/// result and carried-over stories would be lost), and unrelated edits still undo.
#[test]
fn undo_after_closing_a_sprint_never_reopens_it() {
    use roadlog::model::{SprintId, SprintState};
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog]);
    let id = unplanned(&mut a);
    // Plan it into the active sprint (SP-2) through the picker.
    drive(
        &mut a,
        &[
            Action::PlanSprint,
            Action::PickerChar('1'),
            Action::PickerChar('5'),
        ],
    );
    assert!(drive(&mut a, &[Action::PickerChoose]).is_save());
    assert_eq!(a.product.story(id).unwrap().sprint, Some(SprintId(2)));
    drive(
        &mut a,
        &[
            Action::FocusSprint,
            Action::AskCloseSprint,
            Action::CloseToBacklog,
        ],
    );
    let closed = a.product.sprint(SprintId(2)).unwrap().clone();
    assert_eq!(closed.state, SprintState::Closed);
    let before_undo = a.product.clone();
    drive(&mut a, &[Action::FocusBacklog, Action::Undo]);
    assert_eq!(a.product, before_undo, "the refused undo changed nothing");
    assert!(
        screen(&a).contains("cannot undo across its start or close"),
        "{}",
        screen(&a)
    );
}

#[test]
fn the_sprint_picker_shows_remaining_capacity_and_plans_the_story() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog]);
    let id = unplanned(&mut a);
    drive(&mut a, &[Action::PlanSprint]);
    assert_eq!(a.mode, Mode::Picker);
    let s = screen(&a);
    assert!(
        s.contains("SP-3 Sprint 16 · planned · 15 of 28 pts left"),
        "{s}"
    );
    assert!(
        !s.contains("Sprint 14"),
        "a closed sprint is not offered: {s}"
    );
    drive(&mut a, &[Action::PickerChar('1'), Action::PickerChar('6')]);
    assert!(drive(&mut a, &[Action::PickerChoose]).is_save());
    assert_eq!(
        a.product.story(id).unwrap().sprint,
        Some(roadlog::model::SprintId(3))
    );
    drive(&mut a, &[Action::Undo]);
    assert_eq!(a.product.story(id).unwrap().sprint, None);
}

#[test]
fn points_assignee_epic_and_blocker_pickers() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog]);
    let id = unplanned(&mut a);
    drive(&mut a, &[Action::Points]);
    assert!(screen(&a).contains("? not estimated"));
    drive(&mut a, &[Action::PickerChar('1'), Action::PickerChar('3')]);
    drive(&mut a, &[Action::PickerChoose]);
    assert_eq!(a.product.story(id).unwrap().points, Some(13));

    drive(&mut a, &[Action::Assignee]);
    for c in "zoe".chars() {
        a.update(Action::PickerChar(c));
    }
    assert!(screen(&a).contains("Enter: use 'zoe'"));
    drive(&mut a, &[Action::PickerChoose]);
    assert_eq!(
        a.product.story(id).unwrap().assignee.as_deref(),
        Some("zoe")
    );

    drive(&mut a, &[Action::MoveToEpic]);
    for c in "loyalty".chars() {
        a.update(Action::PickerChar(c));
    }
    drive(&mut a, &[Action::PickerChoose]);
    assert_eq!(a.product.story(id).unwrap().epic, Some(EpicId(5)));

    drive(&mut a, &[Action::BlockedBy]);
    for c in "S-17".chars() {
        a.update(Action::PickerChar(c));
    }
    drive(&mut a, &[Action::PickerChoose]);
    assert_eq!(a.product.story(id).unwrap().blocked_by, vec![StoryId(17)]);
    // Esc leaves everything as it was.
    drive(
        &mut a,
        &[Action::Points, Action::PickerDown, Action::PickerClose],
    );
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.product.story(id).unwrap().points, Some(13));
}

#[test]
fn criteria_are_added_edited_reordered_and_ticked_in_the_detail_panel() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog]);
    let id = unplanned(&mut a);
    let before = a.product.story(id).unwrap().acceptance_criteria.clone();
    drive(&mut a, &[Action::Criteria, Action::CritAdd]);
    assert_eq!(a.mode, Mode::CriterionInput);
    drive(
        &mut a,
        &[Action::CritPaste("Works offline".into()), Action::CritKeep],
    );
    let list = |a: &App| a.product.story(id).unwrap().acceptance_criteria.clone();
    assert_eq!(list(&a).len(), before.len() + 1);
    assert_eq!(list(&a).last().unwrap().text, "Works offline");
    let s = screen(&a);
    assert!(s.contains(&format!("Criteria of {id}")), "{s}");
    assert!(s.contains("[ ] Works offline"), "{s}");
    drive(&mut a, &[Action::CritToggle, Action::CritMoveUp]);
    assert!(list(&a)[list(&a).len() - 2].done);
    drive(&mut a, &[Action::CritEdit]);
    drive(
        &mut a,
        &[Action::CritPaste(" too".into()), Action::CritKeep],
    );
    assert_eq!(list(&a)[list(&a).len() - 2].text, "Works offline too");
    drive(&mut a, &[Action::CritClose]);
    assert_eq!(a.mode, Mode::Normal);
    for _ in 0..4 {
        a.update(Action::Undo);
    }
    assert_eq!(list(&a), before, "four edits, four undo steps");
}

#[test]
fn split_takes_the_marked_criteria_to_a_new_story_after_it_and_undo_restores() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog]);
    let id = unplanned(&mut a);
    let before = a.product.clone();
    let original = before.story(id).unwrap().clone();
    assert!(!original.acceptance_criteria.is_empty());
    drive(&mut a, &[Action::Split, Action::CritToggle]);
    assert!(screen(&a).contains("→ new"));
    assert!(drive(&mut a, &[Action::SplitNow]).is_save());
    let rank = a.product.story_rank(id).unwrap();
    let new = a.product.stories()[rank].clone();
    assert_eq!(new.epic, original.epic);
    assert_eq!(new.labels, original.labels);
    assert_eq!(new.acceptance_criteria, original.acceptance_criteria[..1]);
    assert_eq!(
        a.product.story(id).unwrap().acceptance_criteria,
        original.acceptance_criteria[1..]
    );
    drive(&mut a, &[Action::Undo]);
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
    drive(&mut a, &[Action::Top, Action::Redo]);
    assert_eq!(a.backlog.list.selected(), Some(new.id));
}

#[test]
fn the_command_line_filters_the_backlog_shows_it_in_the_header_and_esc_clears_it() {
    let mut a = app();
    drive(&mut a, &[Action::FocusRoadmap, Action::StartCommand]);
    assert_eq!(a.mode, Mode::Command);
    for c in "status:ready epic:E-3 points:>=5".chars() {
        a.update(Action::CommandChar(c));
    }
    assert!(screen(&a).contains(":status:ready epic:E-3 points:>=5"));
    drive(&mut a, &[Action::CommandRun]);
    assert_eq!(a.mode, Mode::Normal);
    assert_eq!(a.focus, roadlog::tui::Pane::Backlog);
    let s = screen(&a);
    assert!(s.contains("where status:ready epic:E-3 points:>=5"), "{s}");
    assert!(
        s.contains("S-17") && s.contains("S-25") && !s.contains("S-18 "),
        "{s}"
    );
    drive(&mut a, &[Action::Close]);
    assert!(a.backlog.query.is_none());
    assert!(!screen(&a).contains("· where status"));

    drive(
        &mut a,
        &[
            Action::StartCommand,
            Action::CommandPaste("colour:red".into()),
        ],
    );
    drive(&mut a, &[Action::CommandRun]);
    assert_eq!(
        a.mode,
        Mode::Command,
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
    drive(&mut a, &[Action::FocusBacklog]);
    // A filter that hides the target is cleared by the jump.
    drive(
        &mut a,
        &[
            Action::StartFilter,
            Action::FilterChar('z'),
            Action::FilterKeep,
        ],
    );
    drive(&mut a, &[Action::Jump]);
    assert!(screen(&a).contains("Jump to"));
    for c in "loyalty tiers".chars() {
        a.update(Action::PickerChar(c));
    }
    drive(&mut a, &[Action::PickerChoose]);
    assert_eq!(a.focus, roadlog::tui::Pane::Backlog);
    assert_eq!(a.backlog.list.selected(), Some(StoryId(30)));

    drive(&mut a, &[Action::Jump]);
    for c in "e-5".chars() {
        a.update(Action::PickerChar(c));
    }
    drive(&mut a, &[Action::PickerChoose]);
    assert_eq!(a.focus, roadlog::tui::Pane::Roadmap);
    assert_eq!(a.roadmap.list.selected(), Some(roadlog_item(EpicId(5))));

    drive(&mut a, &[Action::Jump]);
    for c in "sprint 14".chars() {
        a.update(Action::PickerChar(c));
    }
    drive(&mut a, &[Action::PickerChoose]);
    assert!(
        screen(&a).contains("Edit SP-1"),
        "a sprint not on show opens in its form"
    );
}

#[test]
fn marked_stories_take_status_epic_sprint_labels_and_delete_as_one_undo_step_each() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog]);
    unplanned(&mut a);
    let before = a.product.clone();
    drive(&mut a, &[Action::Mark, Action::Mark, Action::Mark]);
    assert_eq!(a.marked.len(), 3);
    let marked: Vec<StoryId> = a.marked.iter().copied().collect();
    assert!(screen(&a).contains("3 marked"));

    drive(&mut a, &[Action::CycleStatus]);
    assert!(screen(&a).contains("Status of 3 marked stories"));
    for c in "review".chars() {
        a.update(Action::PickerChar(c));
    }
    drive(&mut a, &[Action::PickerChoose]);
    let status = |a: &App, id| a.product.story(id).unwrap().status;
    assert!(
        marked
            .iter()
            .all(|id| status(&a, *id) == roadlog::model::StoryStatus::Review)
    );

    drive(
        &mut a,
        &[
            Action::MoveToEpic,
            Action::PickerChar('E'),
            Action::PickerChar('-'),
        ],
    );
    drive(&mut a, &[Action::PickerChar('5'), Action::PickerChoose]);
    drive(
        &mut a,
        &[
            Action::PlanSprint,
            Action::PickerChar('1'),
            Action::PickerChar('6'),
        ],
    );
    drive(&mut a, &[Action::PickerChoose, Action::Labels]);
    for c in "brand-new".chars() {
        a.update(Action::PickerChar(c));
    }
    drive(&mut a, &[Action::PickerChoose]);
    for id in &marked {
        let s = a.product.story(*id).unwrap();
        assert_eq!(s.epic, Some(EpicId(5)));
        assert_eq!(s.sprint, Some(roadlog::model::SprintId(3)));
        assert!(s.labels.contains(&"brand-new".to_string()));
    }
    drive(&mut a, &[Action::Delete]);
    assert!(screen(&a).contains("Delete 3 marked stories"));
    drive(&mut a, &[Action::ConfirmYes]);
    assert!(marked.iter().all(|id| a.product.story(*id).is_err()));
    assert!(a.marked.is_empty());
    for _ in 0..5 {
        a.update(Action::Undo);
    }
    assert!(
        a.product.stories() == before.stories(),
        "five bulk edits, five undo steps"
    );
}

#[test]
fn a_picker_over_a_thousand_stories_finds_one_and_draws_only_its_window() {
    let product = roadlog::demo::sample(today(), 1000).unwrap();
    let mut a = App::new(product, today(), "big.json".into(), Theme::colour());
    a.update(Action::Resize {
        width: 80,
        height: 24,
    });
    drive(&mut a, &[Action::FocusBacklog, Action::BlockedBy]);
    let s = screen(&a);
    assert!(s.contains("/999"), "{s}");
    for c in "S-990".chars() {
        a.update(Action::PickerChar(c));
    }
    let s = screen(&a);
    assert!(s.contains("S-990 "), "{s}");
    drive(&mut a, &[Action::PickerChoose]);
    let id = a.backlog.list.selected().unwrap();
    assert_eq!(a.product.story(id).unwrap().blocked_by, vec![StoryId(990)]);
}

#[test]
fn g_then_slash_opens_the_jump_and_slash_alone_still_filters() {
    let mut a = app();
    drive(
        &mut a,
        &[Action::FocusBacklog, Action::TopOrJump, Action::StartFilter],
    );
    assert_eq!(a.mode, Mode::Picker);
    assert!(screen(&a).contains("Jump to"));
    drive(&mut a, &[Action::PickerClose, Action::StartFilter]);
    assert_eq!(a.mode, Mode::Filter);
}

#[test]
fn with_one_story_marked_d_deletes_that_one_not_the_selection() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog, Action::Mark]);
    let marked = *a.marked.iter().next().unwrap();
    let selected = a.backlog.list.selected().unwrap();
    assert_ne!(marked, selected);
    drive(&mut a, &[Action::Delete]);
    assert!(screen(&a).contains(&format!("Delete 1 marked story: {marked}?")));
    drive(&mut a, &[Action::ConfirmYes]);
    assert!(a.product.story(marked).is_err());
    assert!(a.product.story(selected).is_ok());
}

mod random {
    use super::*;
    use proptest::prelude::*;

    /// Grooming steps, each a short key sequence a user could type.
    fn step() -> impl Strategy<Value = Vec<Action>> {
        let one = |a: Action| Just(vec![a]);
        prop_oneof![
            one(Action::Down),
            one(Action::Up),
            one(Action::FocusNext),
            one(Action::Right),
            one(Action::Undo),
            one(Action::Redo),
            one(Action::Mark),
            one(Action::MoveUp),
            one(Action::HorizonPrev),
            one(Action::ToggleScoring),
            one(Action::CycleSort),
            Just(vec![
                Action::New,
                typed("x"),
                Action::FormSave,
                Action::FormCancel
            ]),
            Just(vec![
                Action::Edit,
                typed("y"),
                Action::FormSave,
                Action::FormCancel
            ]),
            Just(vec![Action::Delete, Action::ConfirmYes]),
            Just(vec![Action::Delete, Action::ConfirmAll]),
            Just(vec![
                Action::Points,
                Action::PickerDown,
                Action::PickerChoose
            ]),
            Just(vec![Action::PlanSprint, Action::PickerChoose]),
            Just(vec![
                Action::MoveToEpic,
                Action::PickerDown,
                Action::PickerChoose
            ]),
            Just(vec![
                Action::BlockedBy,
                Action::PickerDown,
                Action::PickerChoose
            ]),
            Just(vec![
                Action::Labels,
                Action::PickerChar('q'),
                Action::PickerChoose
            ]),
            Just(vec![Action::CycleStatus, Action::PickerChoose]),
            Just(vec![Action::Split, Action::CritToggle, Action::SplitNow]),
            Just(vec![
                Action::Criteria,
                Action::CritAdd,
                typed("c"),
                Action::CritKeep,
                Action::CritToggle,
                Action::CritMoveUp,
                Action::CritDelete,
                Action::CritClose,
            ]),
        ]
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
                for act in s {
                    a.update(act);
                }
                terminal.draw(|f| view::draw(f, &a)).unwrap();
            }
            drive(&mut a, &[Action::FormCancel, Action::ConfirmYes, Action::PickerClose]);
            drive(&mut a, &[Action::CritClose]);
            for _ in 0..300 {
                a.update(Action::Undo);
            }
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
    drive(&mut a, &[Action::FocusBacklog, Action::Points]);
    let s = screen(&a);
    assert!(s.contains("4 points") && !s.contains("13 points"), "{s}");
    assert!(s.contains("5/5"), "four points and '?': {s}");
}
