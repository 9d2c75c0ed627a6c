//! Grooming on ratatui's TestBackend: the create/edit forms (snapshots of the story and
//! epic forms at 80x24), their validation messages, deletion questions, and that each save
//! or deletion is one undo step.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::model::{EpicId, Horizon, StoryId};
use roadlog::tui::theme::Theme;
use roadlog::tui::{Action, App, Effect, Mode, view};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn app() -> App {
    let product = roadlog::demo::sample(today(), 40).unwrap();
    let mut app = App::new(product, today(), "demo.json".into(), Theme::colour());
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    app
}

fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    terminal.backend().to_string()
}

fn drive(app: &mut App, actions: &[Action]) -> Effect {
    let mut last = Effect::None;
    for a in actions {
        last = app.update(a.clone());
    }
    last
}

/// Types into the focused field (as a paste, which the form takes like typing).
fn typed(text: &str) -> Action {
    Action::FormPaste(text.into())
}

/// Empties the focused single-line field (End, then the editor's Ctrl-j: delete to the
/// start of the line).
fn clear() -> Vec<Action> {
    vec![
        Action::FormKey(KeyEvent::from(KeyCode::End)),
        Action::FormKey(KeyEvent::from(KeyCode::Char('j')).into_ctrl()),
    ]
}

trait Ctrl {
    fn into_ctrl(self) -> KeyEvent;
}

impl Ctrl for KeyEvent {
    fn into_ctrl(mut self) -> KeyEvent {
        self.modifiers = crossterm::event::KeyModifiers::CONTROL;
        self
    }
}

/// Tabs to the field labelled `label` from the first one.
fn to_field(app: &App, label: &str) -> Vec<Action> {
    let form = app.form.as_ref().unwrap();
    let i = form.fields.iter().position(|f| f.label == label).unwrap();
    let n = (i + form.fields.len() - form.focus) % form.fields.len();
    vec![Action::FormNext; n]
}

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
    assert_eq!(effect, Effect::Save);
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
    assert_eq!(
        drive(&mut a, &[typed("-3"), Action::FormSave]),
        Effect::None
    );
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
    assert_eq!(drive(&mut a, &[Action::ConfirmAll]), Effect::Save);
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

fn roadlog_item(id: EpicId) -> roadlog::tui::RoadItem {
    roadlog::tui::RoadItem::Epic(id)
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
        s.contains("SP-3 Sprint 16 · planned · 13 of 28 pts left"),
        "{s}"
    );
    assert!(
        !s.contains("Sprint 14"),
        "a closed sprint is not offered: {s}"
    );
    drive(&mut a, &[Action::PickerChar('1'), Action::PickerChar('6')]);
    assert_eq!(drive(&mut a, &[Action::PickerChoose]), Effect::Save);
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

/// Selects the first backlog story planned into no sprint.
fn unplanned(a: &mut App) -> StoryId {
    a.update(Action::Top);
    loop {
        let id = a.backlog.list.selected().unwrap();
        if a.product.story(id).unwrap().sprint.is_none() {
            return id;
        }
        a.update(Action::Down);
    }
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
    assert_eq!(drive(&mut a, &[Action::SplitNow]), Effect::Save);
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
    assert!(screen(&a).contains("unknown filter 'colour:'"));
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

    assert_eq!(drive(&mut a, &[Action::ToggleScoring]), Effect::Save);
    assert_eq!(a.product.scoring(), roadlog::model::Scoring::Wsjf);
    assert!(screen(&a).contains("W4 "), "{}", screen(&a));
    drive(&mut a, &[Action::Undo]);
    assert_eq!(a.product.scoring(), roadlog::model::Scoring::Rice);

    drive(&mut a, &[Action::FocusBacklog, Action::ToggleEpicScore]);
    assert!(a.backlog.epic_score);
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
