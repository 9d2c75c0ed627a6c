//! Grooming forms on ratatui's TestBackend: create and edit (snapshots of the story and
//! epic forms at 80x24), validation messages at the field, discard and delete questions,
//! WSJF, and that each save or deletion is one undo step.
#![allow(clippy::unwrap_used)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::model::{EpicId, Horizon, StoryId};
use roadlog::tui::{Action, Effect, Mode, view};

mod support;
use support::*;

#[test]
fn story_form_snapshot() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog, Action::Down, Action::Edit]);
    insta::assert_snapshot!("story_form_80x24", screen(&a));
}

#[test]
fn epic_form_snapshot_scrolled_to_rice() {
    let mut a = app();
    // The first epic of the Now column.
    drive(
        &mut a,
        &[
            Action::FocusRoadmap,
            Action::Top,
            Action::Right,
            Action::Edit,
        ],
    );
    let go = to_field(&a, "Effort");
    drive(&mut a, &go);
    let s = screen(&a);
    assert!(s.contains("Effort"), "{s}");
    insta::assert_snapshot!("epic_form_80x24", s);
}

#[test]
fn a_new_story_goes_under_the_selection_and_is_one_undo_step() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog, Action::Down]);
    let selected = a.backlog.list.selected().unwrap();
    let before = a.product.clone();
    drive(&mut a, &[Action::New, typed("Pay by card")]);
    assert_eq!(a.mode, Mode::Form);
    let go = to_field(&a, "Criteria");
    drive(&mut a, &go);
    drive(&mut a, &[typed("one\n[x] two")]);
    let go = to_field(&a, "Points");
    drive(&mut a, &go);
    let effect = drive(&mut a, &[typed("5"), Action::FormSave]);
    // A form's save carries the form, to open again if the file changed meanwhile.
    assert!(matches!(effect, Effect::Save { reopen: Some(_) }));
    assert_eq!(a.mode, Mode::Normal);
    let rank = a.product.story_rank(selected).unwrap();
    let new = &a.product.stories()[rank];
    assert_eq!(new.title, "Pay by card");
    assert_eq!(new.points, Some(5));
    assert_eq!(new.acceptance_criteria.len(), 2);
    assert!(new.acceptance_criteria[1].done);
    assert_eq!(a.backlog.list.selected(), Some(new.id));
    drive(&mut a, &[Action::Undo]);
    assert_eq!(a.product.stories(), before.stories());
    drive(&mut a, &[Action::Redo]);
    assert_eq!(a.product.stories()[rank].title, "Pay by card");
}

#[test]
fn invalid_points_and_dates_are_shown_at_the_field_and_the_form_stays_open() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog, Action::New, typed("x")]);
    let go = to_field(&a, "Points");
    drive(&mut a, &go);
    assert!(matches!(
        drive(&mut a, &[typed("-3"), Action::FormSave]),
        Effect::None
    ));
    assert_eq!(a.mode, Mode::Form);
    let s = screen(&a);
    assert!(s.contains("'-3' is not a whole number of points"), "{s}");

    let mut a = app();
    drive(
        &mut a,
        &[
            Action::FocusRoadmap,
            Action::Top,
            Action::Right,
            Action::Edit,
        ],
    );
    let go = to_field(&a, "Start");
    drive(&mut a, &go);
    drive(&mut a, &clear());
    drive(&mut a, &[typed("2026-13-01"), Action::FormSave]);
    assert!(screen(&a).contains("'2026-13-01' is not a date (YYYY-MM-DD)"));
    drive(&mut a, &clear());
    drive(&mut a, &[typed("26-12-16"), Action::FormSave]);
    assert!(screen(&a).contains("'26-12-16' is not a date (YYYY-MM-DD)"));
    drive(&mut a, &clear());
    drive(&mut a, &[typed("2027-06-01"), Action::FormNext]);
    drive(&mut a, &clear());
    drive(&mut a, &[typed("2027-01-01"), Action::FormSave]);
    assert_eq!(a.mode, Mode::Form);
    assert!(screen(&a).contains("the target 2027-01-01 is before the start 2027-06-01"));

    let mut a = app();
    drive(
        &mut a,
        &[Action::FocusSprint, Action::New, typed("Sprint X")],
    );
    let go = to_field(&a, "End");
    drive(&mut a, &go);
    drive(&mut a, &clear());
    drive(&mut a, &[typed("2026-01-01"), Action::FormSave]);
    assert!(screen(&a).contains("is before the start"), "{}", screen(&a));
    let go = to_field(&a, "Capacity");
    drive(&mut a, &go);
    drive(&mut a, &[typed("lots"), Action::FormSave]);
    assert!(screen(&a).contains("'lots' is not a whole number"));
}

#[test]
fn esc_asks_before_discarding_typed_text() {
    let mut a = app();
    drive(
        &mut a,
        &[Action::FocusBacklog, Action::New, Action::FormCancel],
    );
    assert_eq!(a.mode, Mode::Normal, "an untouched form closes at once");
    drive(
        &mut a,
        &[Action::New, typed("half a thought"), Action::FormCancel],
    );
    assert_eq!(a.mode, Mode::Confirm);
    assert!(screen(&a).contains("Discard the changes"));
    drive(&mut a, &[Action::ConfirmNo]);
    assert_eq!(a.mode, Mode::Form);
    drive(&mut a, &[Action::FormCancel, Action::ConfirmYes]);
    assert_eq!(a.mode, Mode::Normal);
    assert!(a.form.is_none());
}

#[test]
fn a_new_epic_goes_into_the_selected_horizon_and_rice_is_checked() {
    let mut a = app();
    // Roadmap groups: Visions, Now, Next, Later; `l` moves to the next group.
    drive(
        &mut a,
        &[
            Action::FocusRoadmap,
            Action::Top,
            Action::Right,
            Action::Right,
        ],
    );
    drive(&mut a, &[Action::New, typed("Gift cards")]);
    assert!(screen(&a).contains("New epic in next"));
    let go = to_field(&a, "Reach");
    drive(&mut a, &go);
    drive(&mut a, &[typed("500"), Action::FormSave]);
    assert!(screen(&a).contains("needed with the other RICE inputs"));
    // The refusal focused the first field in error, Impact.
    drive(&mut a, &[typed("2"), Action::FormNext, typed("80")]);
    drive(&mut a, &[Action::FormNext, typed("4"), Action::FormSave]);
    assert_eq!(a.mode, Mode::Normal);
    let e = a.product.epics().last().unwrap();
    assert_eq!(e.title, "Gift cards");
    assert_eq!(e.horizon, Horizon::Next);
    assert_eq!(e.score(), Some(200.0));
}

#[test]
fn deleting_an_epic_names_its_stories_and_undo_brings_everything_back() {
    let mut a = app();
    let before = a.product.clone();
    let epic = EpicId(1);
    let n = before
        .stories()
        .iter()
        .filter(|s| s.epic == Some(epic))
        .count();
    assert!(n > 0);
    drive(&mut a, &[Action::FocusRoadmap, Action::Top]);
    while a.roadmap.list.selected() != Some(roadlog_item(epic)) {
        a.update(Action::Down);
    }
    drive(&mut a, &[Action::Delete]);
    let s = screen(&a);
    assert!(s.contains("Delete E-1"), "{s}");
    assert!(s.contains(&format!("{n} stories belong to it")), "{s}");
    assert!(drive(&mut a, &[Action::ConfirmAll]).is_save());
    assert!(a.product.epic(epic).is_err());
    assert_eq!(a.product.stories().len(), before.stories().len() - n);
    drive(&mut a, &[Action::Undo]);
    assert_eq!(a.message.as_deref(), Some("undid: deleted E-1"));
    assert!(a.product == before, "undo did not restore the document");
}

#[test]
fn deleting_a_story_asks_first_and_no_keeps_it() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog, Action::Delete]);
    let id: StoryId = a.backlog.list.selected().unwrap();
    assert!(screen(&a).contains(&format!("Delete {id}")));
    drive(&mut a, &[Action::ConfirmNo]);
    assert!(a.product.story(id).is_ok());
    drive(&mut a, &[Action::Delete, Action::ConfirmYes]);
    assert!(a.product.story(id).is_err());
}

#[test]
fn wsjf_inputs_in_the_epic_form_and_the_document_choosing_wsjf() {
    let mut a = app();
    drive(
        &mut a,
        &[
            Action::FocusRoadmap,
            Action::Top,
            Action::Right,
            Action::Edit,
        ],
    );
    let id = match a.roadmap.list.selected().unwrap() {
        roadlog::tui::RoadItem::Epic(id) => id,
        other => panic!("{other:?}"),
    };
    let go = to_field(&a, "Value");
    drive(&mut a, &go);
    drive(
        &mut a,
        &[typed("8"), Action::FormNext, typed("5"), Action::FormNext],
    );
    drive(
        &mut a,
        &[typed("3"), Action::FormNext, typed("0"), Action::FormSave],
    );
    assert!(
        screen(&a).contains("must be more than zero"),
        "{}",
        screen(&a)
    );
    drive(&mut a, &clear());
    drive(&mut a, &[typed("4"), Action::FormSave]);
    assert_eq!(a.mode, Mode::Normal);
    let w = a.product.epic(id).unwrap().wsjf.unwrap();
    assert_eq!(w.score(), 4.0);

    assert!(drive(&mut a, &[Action::ToggleScoring]).is_save());
    assert_eq!(a.product.scoring(), roadlog::model::Scoring::Wsjf);
    assert!(screen(&a).contains("W4 "), "{}", screen(&a));
    drive(&mut a, &[Action::Undo]);
    assert_eq!(a.product.scoring(), roadlog::model::Scoring::Rice);

    drive(&mut a, &[Action::FocusBacklog, Action::ToggleEpicScore]);
    assert!(a.backlog.epic_score);
}

#[test]
fn a_vision_is_created_from_the_visions_group_with_its_goals() {
    let mut a = app();
    drive(&mut a, &[Action::FocusRoadmap, Action::Top, Action::New]);
    assert!(screen(&a).contains("New vision"));
    drive(&mut a, &[Action::FormSave]);
    assert!(screen(&a).contains("title is required"));
    drive(&mut a, &[typed("Trusted returns")]);
    let go = to_field(&a, "Goals");
    drive(&mut a, &go);
    drive(&mut a, &[typed("Return rate: 12% -> 8%"), Action::FormSave]);
    assert_eq!(a.mode, Mode::Normal);
    let v = a.product.visions().last().unwrap();
    assert_eq!(v.title, "Trusted returns");
    assert_eq!(v.goals[0].target.as_deref(), Some("8%"));
}

#[test]
fn every_overlay_draws_at_the_smallest_sizes_without_panicking() {
    let overlays: Vec<Vec<Action>> = vec![
        vec![Action::FocusBacklog, Action::New],
        vec![Action::FocusBacklog, Action::Edit, Action::FormSave],
        vec![
            Action::FocusRoadmap,
            Action::Top,
            Action::Right,
            Action::Edit,
        ],
        vec![Action::FocusSprint, Action::New],
        vec![Action::FocusBacklog, Action::PlanSprint],
        vec![Action::FocusBacklog, Action::Criteria, Action::CritAdd],
        vec![Action::FocusBacklog, Action::Split],
        vec![
            Action::FocusRoadmap,
            Action::Top,
            Action::Right,
            Action::Delete,
        ],
        vec![Action::FocusBacklog, Action::StartCommand],
        vec![Action::Jump],
    ];
    for (w, h) in [(40, 12), (45, 13), (69, 20), (80, 24), (200, 60)] {
        for actions in &overlays {
            let mut a = app();
            a.update(Action::Resize {
                width: w,
                height: h,
            });
            drive(&mut a, actions);
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| view::draw(f, &a)).unwrap();
            for _ in 0..20 {
                a.update(Action::FormNext);
                a.update(Action::CritDown);
                a.update(Action::PickerDown);
            }
            terminal.draw(|f| view::draw(f, &a)).unwrap();
        }
    }
}

#[test]
fn deleting_a_blocker_names_its_dependants_and_undo_restores_their_links() {
    let mut a = app();
    let before = a.product.clone();
    drive(&mut a, &[Action::FocusBacklog]);
    while a.backlog.list.selected() != Some(StoryId(11)) {
        a.update(Action::Down);
    }
    drive(&mut a, &[Action::Delete]);
    assert!(screen(&a).contains("It blocks S-14"), "{}", screen(&a));
    drive(&mut a, &[Action::ConfirmYes]);
    assert!(a.product.story(StoryId(14)).unwrap().blocked_by.is_empty());
    drive(&mut a, &[Action::Undo]);
    assert!(a.product.stories() == before.stories());
    drive(&mut a, &[Action::Redo]);
    assert!(a.product.story(StoryId(11)).is_err());
}

/// A form saves only what the user changed: if the document was reloaded under an open
/// edit form (another program wrote it), the fields left alone keep the document's values.
#[test]
fn an_edit_form_saves_only_the_fields_the_user_changed() {
    let mut a = app();
    drive(&mut a, &[Action::FocusBacklog, Action::Down, Action::Edit]);
    let id = a.backlog.list.selected().unwrap();
    // Someone else assigns the story while the form is open.
    let now = chrono::Utc::now();
    a.product
        .update_story(
            id,
            roadlog::model::StoryPatch {
                assignee: Some(Some("zoe".into())),
                ..Default::default()
            },
            now,
        )
        .unwrap();
    let go = to_field(&a, "Title");
    drive(&mut a, &go);
    drive(&mut a, &clear());
    drive(&mut a, &[typed("A new title"), Action::FormSave]);
    assert_eq!(a.mode, Mode::Normal);
    let s = a.product.story(id).unwrap();
    assert_eq!(s.title, "A new title");
    assert_eq!(
        s.assignee.as_deref(),
        Some("zoe"),
        "the untouched field kept the new value"
    );
}
