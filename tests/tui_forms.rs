//! Grooming forms on ratatui's TestBackend: create and edit (snapshots of the story and
//! epic forms at 80x24), validation messages at the field, discard and delete questions,
//! WSJF, and that each save or deletion is one undo step.
#![allow(clippy::unwrap_used)]

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::model::{EpicId, Horizon, StoryId};
use roadlog::tui::keymap::Context;
use roadlog::tui::{Effect, view};

mod support;
use support::*;

#[test]
fn story_form_snapshot() {
    let mut a = app();
    keys(&mut a, "2je");
    insta::assert_snapshot!("story_form_80x24", screen(&a));
}

#[test]
fn epic_form_snapshot_scrolled_to_rice() {
    let mut a = app();
    // The first epic of the Now column.
    keys(&mut a, "1gle");
    let go = to_field(&a, "Effort");
    keys(&mut a, &go);
    let s = screen(&a);
    assert!(s.contains("Effort"), "{s}");
    insta::assert_snapshot!("epic_form_80x24", s);
}

#[test]
fn a_new_story_goes_under_the_selection_and_is_one_undo_step() {
    let mut a = app();
    keys(&mut a, "2j");
    let selected = a.backlog.list.selected().unwrap();
    let before = a.product.clone();
    // Typed keys go to the field: `q` and `j` are text there, not quit and down.
    keys(&mut a, "nPay by card");
    assert_eq!(a.context(), Context::Form);
    let go = to_field(&a, "Criteria");
    keys(&mut a, &go);
    // Enter is a new line in a multi-line field.
    keys(&mut a, "one<Enter>[x] two");
    let go = to_field(&a, "Points");
    keys(&mut a, &go);
    let effect = keys(&mut a, "5<C-s>");
    // The form closes on save; a change on disk meanwhile is merged by the save.
    assert!(matches!(effect, Effect::Save));
    assert_eq!(a.context(), Context::Backlog);
    let rank = a.product.story_rank(selected).unwrap();
    let new = &a.product.stories()[rank];
    assert_eq!(new.title, "Pay by card");
    assert_eq!(new.points, Some(5));
    assert_eq!(new.acceptance_criteria.len(), 2);
    assert!(new.acceptance_criteria[1].done);
    assert_eq!(a.backlog.list.selected(), Some(new.id));
    keys(&mut a, "u");
    assert_eq!(a.product.stories(), before.stories());
    keys(&mut a, "<C-r>");
    assert_eq!(a.product.stories()[rank].title, "Pay by card");
}

#[test]
fn invalid_points_and_dates_are_shown_at_the_field_and_the_form_stays_open() {
    let mut a = app();
    keys(&mut a, "2nx");
    let go = to_field(&a, "Points");
    keys(&mut a, &go);
    assert!(matches!(keys(&mut a, "-3<C-s>"), Effect::None));
    assert_eq!(a.context(), Context::Form);
    let s = screen(&a);
    assert!(s.contains("'-3' is not a whole number of points"), "{s}");

    let mut a = app();
    keys(&mut a, "1gle");
    let go = to_field(&a, "Start");
    keys(&mut a, &go);
    keys(&mut a, CLEAR);
    keys(&mut a, "2026-13-01<C-s>");
    assert!(screen(&a).contains("'2026-13-01' is not a date (YYYY-MM-DD)"));
    keys(&mut a, CLEAR);
    keys(&mut a, "26-12-16<C-s>");
    assert!(screen(&a).contains("'26-12-16' is not a date (YYYY-MM-DD)"));
    keys(&mut a, CLEAR);
    keys(&mut a, "2027-06-01<Tab>");
    keys(&mut a, CLEAR);
    keys(&mut a, "2027-01-01<C-s>");
    assert_eq!(a.context(), Context::Form);
    assert!(screen(&a).contains("the target 2027-01-01 is before the start 2027-06-01"));

    let mut a = app();
    keys(&mut a, "3nSprint X");
    let go = to_field(&a, "End");
    keys(&mut a, &go);
    keys(&mut a, CLEAR);
    keys(&mut a, "2026-01-01<C-s>");
    assert!(screen(&a).contains("is before the start"), "{}", screen(&a));
    let go = to_field(&a, "Capacity");
    keys(&mut a, &go);
    keys(&mut a, "lots<C-s>");
    assert!(screen(&a).contains("'lots' is not a whole number"));
}

#[test]
fn esc_asks_before_discarding_typed_text() {
    let mut a = app();
    keys(&mut a, "2n<Esc>");
    assert_eq!(
        a.context(),
        Context::Backlog,
        "an untouched form closes at once"
    );
    keys(&mut a, "nhalf a thought<Esc>");
    assert_eq!(a.context(), Context::Confirm);
    let s = screen(&a);
    assert!(s.contains("Discard the changes"), "{s}");
    assert!(s.contains("y discard · n keep editing"), "{s}");
    keys(&mut a, "n");
    assert_eq!(a.context(), Context::Form);
    assert!(
        screen(&a).contains("half a thought"),
        "the form is back as typed"
    );
    keys(&mut a, "<Esc>y");
    assert_eq!(a.context(), Context::Backlog);
    assert!(a.form().is_none());
}

#[test]
fn a_new_epic_goes_into_the_selected_horizon_and_rice_is_checked() {
    let mut a = app();
    // Roadmap groups: Visions, Now, Next, Later; `l` moves to the next group.
    keys(&mut a, "1gll");
    keys(&mut a, "nGift cards");
    assert!(screen(&a).contains("New epic in next"));
    let go = to_field(&a, "Reach");
    keys(&mut a, &go);
    keys(&mut a, "500<C-s>");
    assert!(screen(&a).contains("needed with the other RICE inputs"));
    // The refusal focused the first field in error, Impact.
    keys(&mut a, "2<Tab>80<Tab>4<C-s>");
    assert_eq!(a.context(), Context::Roadmap);
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
    keys(&mut a, "1g");
    while a.roadmap.list.selected() != Some(roadlog_item(epic)) {
        keys(&mut a, "j");
    }
    keys(&mut a, "d");
    let s = screen(&a);
    assert!(s.contains("Delete E-1"), "{s}");
    assert!(s.contains(&format!("{n} stories belong to it")), "{s}");
    assert!(
        s.contains("y delete, detach its stories · D delete them too · n keep"),
        "{s}"
    );
    assert!(keys(&mut a, "D").is_save());
    assert!(a.product.epic(epic).is_err());
    assert_eq!(a.product.stories().len(), before.stories().len() - n);
    keys(&mut a, "u");
    assert_eq!(a.message.as_deref(), Some("undid: deleted E-1"));
    assert!(a.product == before, "undo did not restore the document");
}

#[test]
fn deleting_a_story_asks_first_and_no_keeps_it() {
    let mut a = app();
    keys(&mut a, "2d");
    let id: StoryId = a.backlog.list.selected().unwrap();
    let s = screen(&a);
    assert!(s.contains(&format!("Delete {id}")), "{s}");
    assert!(s.contains("y delete · n keep"), "{s}");
    keys(&mut a, "n");
    assert!(a.product.story(id).is_ok());
    keys(&mut a, "d<Esc>");
    assert!(a.product.story(id).is_ok(), "Esc is no, too");
    keys(&mut a, "dy");
    assert!(a.product.story(id).is_err());
}

#[test]
fn wsjf_inputs_in_the_epic_form_and_the_document_choosing_wsjf() {
    let mut a = app();
    keys(&mut a, "1gle");
    let id = match a.roadmap.list.selected().unwrap() {
        roadlog::tui::RoadItem::Epic(id) => id,
        other => panic!("{other:?}"),
    };
    let go = to_field(&a, "Value");
    keys(&mut a, &go);
    keys(&mut a, "8<Tab>5<Tab>3<Tab>0<C-s>");
    assert!(
        screen(&a).contains("must be more than zero"),
        "{}",
        screen(&a)
    );
    keys(&mut a, CLEAR);
    keys(&mut a, "4<C-s>");
    assert_eq!(a.context(), Context::Roadmap);
    let w = a.product.epic(id).unwrap().wsjf.unwrap();
    assert_eq!(w.score(), 4.0);

    assert!(keys(&mut a, "W").is_save());
    assert_eq!(a.product.scoring(), roadlog::model::Scoring::Wsjf);
    assert!(screen(&a).contains("W4 "), "{}", screen(&a));
    keys(&mut a, "u");
    assert_eq!(a.product.scoring(), roadlog::model::Scoring::Rice);

    keys(&mut a, "2%");
    assert!(a.backlog.epic_score);
}

#[test]
fn a_vision_is_created_from_the_visions_group_with_its_goals() {
    let mut a = app();
    keys(&mut a, "1gn");
    assert!(screen(&a).contains("New vision"));
    keys(&mut a, "<C-s>");
    assert!(screen(&a).contains("title is required"));
    paste(&mut a, "Trusted returns");
    let go = to_field(&a, "Goals");
    keys(&mut a, &go);
    paste(&mut a, "Return rate: 12% -> 8%");
    keys(&mut a, "<C-s>");
    assert_eq!(a.context(), Context::Roadmap);
    let v = a.product.visions().last().unwrap();
    assert_eq!(v.title, "Trusted returns");
    assert_eq!(v.goals[0].target.as_ref().map(|t| t.as_str()), Some("8%"));
}

#[test]
fn every_overlay_draws_at_the_smallest_sizes_without_panicking() {
    // Each opens an overlay; the second string then moves inside it.
    let overlays = [
        ("2n", "<Tab>"),
        ("2e<C-s>", "<Tab>"),
        ("1gle", "<Tab>"),
        ("3n", "<Tab>"),
        ("2S", "<Down>"),
        ("2ca", "x"),
        ("2c", "j"),
        ("2x", "j"),
        ("1gld", "n"),
        ("2:", "x"),
        ("<C-p>", "<Down>"),
        ("3C", "<Esc>"),
        ("?", "j"),
    ];
    for (w, h) in [(40, 12), (45, 13), (69, 20), (80, 24), (200, 60)] {
        for (open, inside) in overlays {
            let mut a = sized(w, h);
            keys(&mut a, open);
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| view::draw(f, &a)).unwrap();
            keys(&mut a, &inside.repeat(20));
            terminal.draw(|f| view::draw(f, &a)).unwrap();
        }
    }
}

#[test]
fn deleting_a_blocker_names_its_dependants_and_undo_restores_their_links() {
    let mut a = app();
    let before = a.product.clone();
    keys(&mut a, "2");
    down_to(&mut a, StoryId(11));
    keys(&mut a, "d");
    assert!(screen(&a).contains("It blocks S-14"), "{}", screen(&a));
    keys(&mut a, "<Enter>");
    assert!(a.product.story(StoryId(14)).unwrap().blocked_by.is_empty());
    keys(&mut a, "u");
    assert!(a.product.stories() == before.stories());
    keys(&mut a, "<C-r>");
    assert!(a.product.story(StoryId(11)).is_err());
}

/// A form saves only what the user changed: if the document was reloaded under an open
/// edit form (another program wrote it), the fields left alone keep the document's values.
#[test]
fn an_edit_form_saves_only_the_fields_the_user_changed() {
    let mut a = app();
    keys(&mut a, "2je");
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
    set_field(&mut a, "Title", "A new title");
    keys(&mut a, "<C-s>");
    assert_eq!(a.context(), Context::Backlog);
    let s = a.product.story(id).unwrap();
    assert_eq!(s.title, "A new title");
    assert_eq!(
        s.assignee.as_deref(),
        Some("zoe"),
        "the untouched field kept the new value"
    );
}

/// The epic form, too, saves only what was changed: a description, RICE and WSJF inputs
/// written by someone else while the form is open survive a save of the title.
#[test]
fn an_epic_form_saves_only_the_fields_the_user_changed() {
    use roadlog::model::{EpicPatch, Rice, Wsjf};
    let mut a = app();
    keys(&mut a, "1gle");
    let id = match a.roadmap.list.selected().unwrap() {
        roadlog::tui::RoadItem::Epic(id) => id,
        other => panic!("{other:?}"),
    };
    let rice = Rice {
        reach: 10.0,
        impact: 1.0,
        confidence: 50.0,
        effort: 2.0,
    };
    let wsjf = Wsjf {
        business_value: 1.0,
        time_criticality: 2.0,
        risk_reduction: 3.0,
        job_size: 4.0,
    };
    let outside = EpicPatch {
        description: Some("written elsewhere".into()),
        rice: Some(Some(rice)),
        ..EpicPatch::default()
    };
    a.product.update_epic(id, outside).unwrap();
    a.product.set_epic_wsjf(id, Some(wsjf)).unwrap();
    set_field(&mut a, "Title", "Checkout for guests");
    keys(&mut a, "<C-s>");
    assert_eq!(a.context(), Context::Roadmap);
    let e = a.product.epic(id).unwrap();
    assert_eq!(e.title, "Checkout for guests");
    assert_eq!(e.description, "written elsewhere");
    assert_eq!(e.rice, Some(rice));
    assert_eq!(e.wsjf, Some(wsjf));
}

/// The vision form saves only what was changed.
#[test]
fn a_vision_form_saves_only_the_fields_the_user_changed() {
    use roadlog::model::{VisionId, VisionPatch};
    let mut a = app();
    keys(&mut a, "1ge");
    let id = VisionId(1);
    assert!(screen(&a).contains("Edit V-1"), "{}", screen(&a));
    let outside = VisionPatch {
        statement: Some("a statement from elsewhere".into()),
        needs: Some("fewer steps".into()),
        ..VisionPatch::default()
    };
    a.product.update_vision(id, outside).unwrap();
    set_field(&mut a, "Title", "Checkout in one breath");
    keys(&mut a, "<C-s>");
    assert_eq!(a.context(), Context::Roadmap);
    let v = a.product.vision(id).unwrap();
    assert_eq!(v.title, "Checkout in one breath");
    assert_eq!(v.statement, "a statement from elsewhere");
    assert_eq!(v.needs, "fewer steps");
}

/// The sprint form saves only what was changed.
#[test]
fn a_sprint_form_saves_only_the_fields_the_user_changed() {
    use roadlog::model::SprintPatch;
    let mut a = app();
    let id = a
        .product
        .sprints()
        .iter()
        .find(|s| s.name == "Sprint 16")
        .unwrap()
        .id;
    // The planned sprint is not on show: the jump opens it in its form.
    keys(&mut a, "<C-p>sprint 16<Enter>");
    assert!(screen(&a).contains(&format!("Edit {id}")), "{}", screen(&a));
    let outside = SprintPatch {
        goal: Some("a goal from elsewhere".into()),
        capacity: Some(Some(40)),
        ..SprintPatch::default()
    };
    a.product.update_sprint(id, outside).unwrap();
    set_field(&mut a, "Name", "Sprint sixteen");
    keys(&mut a, "<C-s>");
    let s = a.product.sprint(id).unwrap();
    assert_eq!(s.name, "Sprint sixteen");
    assert_eq!(s.goal, "a goal from elsewhere");
    assert_eq!(s.capacity, Some(40));
}

/// Typing in a filled field adds to its end (as in every editor and the criterion input):
/// with the cursor left at the start, " (v2)" typed after opening the form went in front
/// of the title.
#[test]
fn typing_in_a_filled_field_appends_at_its_end() {
    let mut a = app();
    keys(&mut a, "2je");
    let id = a.backlog.list.selected().unwrap();
    let title = a.product.story(id).unwrap().title.clone();
    keys(&mut a, " v2");
    let go = to_field(&a, "Criteria");
    keys(&mut a, &go);
    keys(&mut a, "<Enter>one more");
    keys(&mut a, "<C-s>");
    assert_eq!(a.context(), Context::Backlog);
    let s = a.product.story(id).unwrap();
    assert_eq!(s.title, format!("{title} v2"));
    let last = s.acceptance_criteria.last().unwrap();
    assert_eq!(last.text, "one more");
}

/// A refusal longer than the editor is wrapped under its field, not cut at the edge: at
/// 80x24 the list of statuses the field accepts ran off after "in-pr".
#[test]
fn a_long_refusal_is_shown_whole_under_its_field_at_80x24() {
    let mut a = app();
    keys(&mut a, "2je");
    set_field(&mut a, "Status", "donereview");
    assert!(matches!(keys(&mut a, "<C-s>"), Effect::None));
    assert_eq!(a.context(), Context::Form);
    let s = screen(&a);
    assert!(s.contains("'donereview' is not a story status"), "{s}");
    assert!(s.contains("review, done)"), "{s}");
    // The field after it is still drawn whole below the message.
    assert!(s.contains("Epic"), "{s}");
}
