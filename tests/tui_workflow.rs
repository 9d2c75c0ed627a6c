//! A story's way to done in the TUI, on ratatui's TestBackend: the detail lists its linked
//! commits and its Definition of Done checklist, `c` ticks DoD items through the normal
//! edit path (undo, save), and every path that sets done asks first while items are open.
#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use roadlog::model::{Commit, Criterion, StoryId, StoryPatch, StoryStatus, Template};
use roadlog::tui::keymap::Context;
use roadlog::tui::{App, Effect, ReportFile};

mod support;
use support::*;

const DOD: [&str; 3] = ["Code reviewed", "Docs updated", "Deployed to staging"];

/// The demo at `width` x `height` with a Definition of Done, the selected backlog story
/// (returned) holding two linked commits and the first DoD item ticked.
fn with_dod(width: u16, height: u16) -> (App, StoryId) {
    let mut a = sized(width, height);
    keys(&mut a, "2");
    let id = unplanned(&mut a);
    let at = |d| Utc.with_ymd_and_hms(2026, 11, d, 9, 30, 0).unwrap();
    let commit = |hash: &str, subject: &str, day| Commit {
        hash: hash.into(),
        author: "Ada Lovelace".into(),
        date: at(day),
        subject: subject.into(),
        message: subject.into(),
    };
    let p = &mut a.product;
    p.set_definition_of_done(DOD.iter().map(|s| s.to_string()).collect());
    p.link_commits(
        &[
            commit(
                "b2c3d4e5f60718293a4b5c6d7e8f901234567890",
                &format!("Retry the card check, fixes {id}"),
                20,
            ),
            commit(
                "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                &format!("[{id}] Card form skeleton"),
                18,
            ),
        ],
        at(21),
    );
    let tick = StoryPatch {
        dod_done: vec![(1, true)],
        ..Default::default()
    };
    p.update_story(id, tick, at(21)).unwrap();
    a.product_changed();
    (a, id)
}

#[test]
fn the_detail_lists_commits_and_the_dod_checklist() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (mut a, id) = with_dod(w, h);
        let s = screen(&a);
        assert!(s.contains(&format!("Story {id}")), "{s}");
        // The panel is five rows at 80x24: the counts sit on its first lines.
        let panel = squeeze(&s);
        assert!(
            panel.contains("criteria done · DoD 1/3"),
            "by the status: {s}"
        );
        assert!(
            s.contains("assignee - · 2 commits"),
            "the count by the epic: {s}"
        );
        // `i` shows the whole detail, every line of it.
        keys(&mut a, "i");
        assert_eq!(a.context(), Context::Detail);
        let s = screen(&a);
        assert!(
            squeeze(&s).contains(
                "Definition of Done (c ticks): [x] Code reviewed · [ ] Docs updated · [ ] Deployed to staging"
            ),
            "{s}"
        );
        assert!(s.contains("Commits (2):"), "{s}");
        // Newest first: the short hash, subject, author and day.
        let newest = s.find("b2c3d4e Retry the card check").unwrap();
        let oldest = s
            .find(&format!("a1b2c3d [{id}] Card form skeleton"))
            .unwrap();
        assert!(newest < oldest, "{s}");
        assert!(s.contains("· Ada Lovelace · 2026-11-20"), "{s}");
        keys(&mut a, "<Esc>");
        assert_eq!(a.context(), Context::Backlog);
    }
}

#[test]
fn the_detail_without_dod_or_commits_shows_neither() {
    let mut a = sized(120, 40);
    keys(&mut a, "2");
    unplanned(&mut a);
    let s = screen(&a);
    assert!(!s.contains("Definition of Done"), "{s}");
    assert!(!s.contains("DoD"), "{s}");
    assert!(!s.contains("Commits ("), "{s}");
}

#[test]
fn snapshots_of_the_detail_with_commits_and_dod() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (mut a, _) = with_dod(w, h);
        insta::assert_snapshot!(format!("detail_commits_dod_{w}x{h}"), render(&a).backend());
        keys(&mut a, "i");
        insta::assert_snapshot!(format!("detail_full_{w}x{h}"), render(&a).backend());
    }
}

#[test]
fn snapshots_of_the_checklist_with_dod_items() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (mut a, id) = with_dod(w, h);
        let n = a.product.story(id).unwrap().acceptance_criteria.len();
        keys(&mut a, &format!("c{}", "j".repeat(n + 1)));
        insta::assert_snapshot!(format!("checklist_dod_{w}x{h}"), render(&a).backend());
    }
}

#[test]
fn space_ticks_dod_items_in_the_checklist_as_undoable_saved_edits() {
    let (mut a, id) = with_dod(120, 40);
    let n = a.product.story(id).unwrap().acceptance_criteria.len();
    let ticked = |a: &App| a.product.story(id).unwrap().dod_done.clone();
    keys(&mut a, "c");
    let s = screen(&a);
    assert!(s.contains(&format!("Criteria and DoD of {id}")), "{s}");
    assert!(s.contains("[x] DoD: Code reviewed"), "{s}");
    assert!(s.contains("[ ] DoD: Docs updated"), "{s}");
    // Down past the criteria to the second DoD item, and tick it.
    keys(&mut a, &"j".repeat(n + 1));
    assert!(keys(&mut a, " ").is_save(), "a tick is an edit, saved");
    assert_eq!(ticked(&a), ["Code reviewed", "Docs updated"]);
    assert!(screen(&a).contains("[x] DoD: Docs updated"));
    // The first one unticks.
    keys(&mut a, "k ");
    assert_eq!(ticked(&a), ["Docs updated"]);
    // The items themselves are the team's: Enter, d and J do not change them from here.
    keys(&mut a, "<Enter>");
    assert_eq!(
        a.context(),
        Context::Criteria,
        "no text input on a DoD item"
    );
    assert!(screen(&a).contains("roadlog dod set"), "{}", screen(&a));
    keys(&mut a, "dJ");
    assert_eq!(a.product.definition_of_done(), DOD);
    // Criteria still tick from the same list.
    let criterion = a.product.story(id).unwrap().acceptance_criteria[0].done;
    keys(&mut a, &format!("{} ", "k".repeat(n + 3)));
    assert_ne!(
        a.product.story(id).unwrap().acceptance_criteria[0].done,
        criterion
    );
    keys(&mut a, "<Esc>");
    assert!(squeeze(&screen(&a)).contains("DoD 1/3"), "{}", screen(&a));
    keys(&mut a, "uuu");
    assert_eq!(
        ticked(&a),
        ["Code reviewed"],
        "three edits, three undo steps"
    );
}

/// The demo with a two-item DoD and the first story in review in the active sprint, given
/// three criteria (one ticked) and the first DoD item ticked: 2 criteria and 1 DoD item
/// open. The Sprint view (`3`) or the Backlog (`2`) has it selected.
fn in_review(pane: &str) -> (App, StoryId) {
    let mut a = app();
    let id = a
        .product
        .stories()
        .iter()
        .find(|s| {
            s.status == StoryStatus::Review && s.sprint == a.product.active_sprint().map(|sp| sp.id)
        })
        .unwrap()
        .id;
    let now = a.now;
    let p = &mut a.product;
    p.set_definition_of_done(vec!["Code reviewed".into(), "Docs updated".into()]);
    let criterion = |text: &str, done| Criterion {
        text: text.into(),
        done,
        extra: Default::default(),
    };
    let criteria = vec![
        criterion("Card declined says why", true),
        criterion("Retry keeps the basket", false),
        criterion("Works with a screen reader", false),
    ];
    p.set_criteria(id, criteria, now).unwrap();
    let tick = StoryPatch {
        dod_done: vec![(1, true)],
        ..Default::default()
    };
    p.update_story(id, tick, now).unwrap();
    a.product_changed();
    keys(&mut a, pane);
    let list = |a: &App| match pane {
        "3" => a.sprint.list.selected(),
        _ => a.backlog.list.selected(),
    };
    let mut guard = 0;
    while list(&a) != Some(id) {
        keys(&mut a, "j");
        guard += 1;
        assert!(guard < 200, "{id} not found in pane {pane}");
    }
    (a, id)
}

fn status(a: &App, id: StoryId) -> StoryStatus {
    a.product.story(id).unwrap().status
}

#[test]
fn the_status_key_asks_before_done_with_items_open_and_no_changes_nothing() {
    let (mut a, id) = in_review("2");
    let before = a.product.story(id).unwrap().clone();
    assert!(
        matches!(keys(&mut a, "s"), Effect::None),
        "nothing saved yet"
    );
    assert_eq!(a.context(), Context::Confirm);
    let s = dialog(&a);
    let asked = format!("{id} has 2 open criteria and 1 DoD item unticked: mark it done anyway?");
    assert!(s.contains(&asked), "{s}");
    assert!(
        s.contains("y mark done anyway · n leave it as it is"),
        "{s}"
    );
    keys(&mut a, "n");
    assert_eq!(a.context(), Context::Backlog);
    assert_eq!(a.product.story(id).unwrap(), &before, "no changes nothing");
    // Yes moves it, saved, as one undo step.
    keys(&mut a, "s");
    assert!(keys(&mut a, "y").is_save());
    assert_eq!(status(&a, id), StoryStatus::Done);
    keys(&mut a, "u");
    assert_eq!(status(&a, id), StoryStatus::Review);
}

#[test]
fn a_story_with_nothing_open_goes_to_done_without_a_question() {
    let (mut a, id) = in_review("2");
    let p = &mut a.product;
    let mut criteria = p.story(id).unwrap().acceptance_criteria.clone();
    criteria.iter_mut().for_each(|c| c.done = true);
    let now = a.now;
    p.set_criteria(id, criteria, now).unwrap();
    let tick = StoryPatch {
        dod_done: vec![(2, true)],
        ..Default::default()
    };
    p.update_story(id, tick, now).unwrap();
    a.product_changed();
    assert!(keys(&mut a, "s").is_save());
    assert_eq!(status(&a, id), StoryStatus::Done);
}

#[test]
fn the_sprint_board_asks_too_and_the_review_lists_the_story_done_with_exceptions() {
    let (mut a, id) = in_review("3");
    keys(&mut a, "s");
    assert_eq!(a.context(), Context::Confirm);
    assert!(dialog(&a).contains(&format!("{id} has 2 open criteria")));
    assert!(keys(&mut a, "y").is_save());
    assert_eq!(status(&a, id), StoryStatus::Done);
    // The pick list offers the last closed sprint first, then the active one.
    let Effect::WriteReport(ReportFile { text, .. }) = keys(&mut a, "X<Down><Enter>") else {
        panic!("X writes the review of the active sprint");
    };
    let section = text.split("## Done with exceptions").nth(1).unwrap();
    assert!(section.contains(&format!("- {id} ")), "{text}");
    assert!(section.contains("Retry keeps the basket"), "{text}");
    assert!(section.contains("Docs updated"), "{text}");
}

#[test]
fn the_status_picker_for_marked_stories_asks_naming_each_open_one() {
    let (mut a, id) = in_review("2");
    // Mark the story and the one after it, then choose done for both.
    keys(&mut a, "vv");
    let other = *a.marked.iter().find(|m| **m != id).unwrap();
    keys(&mut a, "sdone");
    keys(&mut a, "<Enter>");
    assert_eq!(a.context(), Context::Confirm);
    let s = dialog(&a);
    assert!(
        s.contains(&format!("{id} has 2 open criteria and 1 DoD item unticked")),
        "{s}"
    );
    // The other has every criterion open, and both DoD items, unless it is done already.
    if status(&a, other) != StoryStatus::Done {
        assert!(s.contains(&format!("{other} has ")), "{s}");
    }
    assert!(s.contains("mark them done anyway?"), "{s}");
    keys(&mut a, "n");
    assert_eq!(status(&a, id), StoryStatus::Review);
    keys(&mut a, "sdone<Enter>y");
    assert_eq!(status(&a, id), StoryStatus::Done);
    assert_eq!(status(&a, other), StoryStatus::Done);
}

#[test]
fn the_form_asks_before_saving_done_with_items_open_and_no_keeps_the_form() {
    let (mut a, id) = in_review("2");
    keys(&mut a, "e");
    set_field(&mut a, "Status", "done");
    keys(&mut a, "<C-s>");
    assert_eq!(a.context(), Context::Confirm);
    let s = dialog(&a);
    assert!(
        s.contains(&format!("{id} has 2 open criteria and 1 DoD item unticked")),
        "{s}"
    );
    keys(&mut a, "n");
    assert_eq!(
        a.context(),
        Context::Form,
        "no goes back to the form, as typed"
    );
    assert_eq!(status(&a, id), StoryStatus::Review);
    keys(&mut a, "<C-s>");
    assert!(keys(&mut a, "y").is_save());
    assert_eq!(a.context(), Context::Backlog);
    assert_eq!(status(&a, id), StoryStatus::Done);
}

#[test]
fn a_new_story_made_done_in_the_form_asks_about_the_dod() {
    let (mut a, _) = in_review("2");
    keys(&mut a, "n");
    paste(&mut a, "Hotfix the basket");
    set_field(&mut a, "Status", "done");
    keys(&mut a, "<C-s>");
    let s = dialog(&a);
    assert!(
        s.contains("the new story has 2 DoD items unticked: mark it done anyway?"),
        "{s}"
    );
    let n = a.product.stories().len();
    keys(&mut a, "y");
    assert_eq!(a.product.stories().len(), n + 1);
}

#[test]
fn snapshots_of_the_done_question() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (mut a, _) = in_review("2");
        resize(&mut a, w, h);
        keys(&mut a, "s");
        insta::assert_snapshot!(format!("done_question_{w}x{h}"), render(&a).backend());
    }
}

/// The demo with two templates, Backlog focused.
fn with_templates(width: u16, height: u16) -> App {
    let mut a = sized(width, height);
    let p = &mut a.product;
    p.add_template(Template {
        name: "bug".into(),
        as_a: "shopper hit by a defect".into(),
        i_want: "it fixed".into(),
        so_that: "I can finish my order".into(),
        description: "Steps to reproduce:".into(),
        labels: vec!["bug".into()],
        points: Some(2),
        criteria: vec!["Reproduced in a test".into(), "Fixed on staging".into()],
        extra: Default::default(),
    })
    .unwrap();
    p.add_template(Template {
        name: "spike".into(),
        as_a: String::new(),
        i_want: String::new(),
        so_that: String::new(),
        description: String::new(),
        labels: vec!["spike".into()],
        points: Some(1),
        criteria: vec!["Findings written down".into()],
        extra: Default::default(),
    })
    .unwrap();
    a.product_changed();
    keys(&mut a, "2");
    a
}

#[test]
fn a_new_story_starts_from_a_template_picked_when_the_form_opens() {
    let mut a = with_templates(80, 24);
    keys(&mut a, "n");
    assert_eq!(a.context(), Context::Picker, "the templates come first");
    let s = screen(&a);
    assert!(s.contains("New story from a template"), "{s}");
    assert!(s.contains("blank"), "{s}");
    assert!(s.contains("bug · 2 pts · 2 criteria · bug"), "{s}");
    assert!(s.contains("spike · 1 pts · 1 criteria · spike"), "{s}");
    keys(&mut a, "bug<Enter>");
    assert_eq!(a.context(), Context::Form);
    let s = screen(&a);
    assert!(s.contains("shopper hit by a defect"), "{s}");
    assert!(s.contains("[ ] Reproduced in a test"), "{s}");
    paste(&mut a, "Basket empties on retry");
    let n = a.product.stories().len();
    assert!(keys(&mut a, "<C-s>").is_save());
    assert_eq!(a.product.stories().len(), n + 1);
    let id = a.backlog.list.selected().unwrap();
    let new = a.product.story(id).unwrap();
    assert_eq!(new.title, "Basket empties on retry");
    assert_eq!(
        (new.as_a.as_str(), new.i_want.as_str(), new.so_that.as_str()),
        (
            "shopper hit by a defect",
            "it fixed",
            "I can finish my order"
        )
    );
    assert_eq!(new.description, "Steps to reproduce:");
    assert_eq!(new.labels, ["bug"]);
    assert_eq!(new.points, Some(2));
    let criteria: Vec<_> = new.acceptance_criteria.iter().map(|c| &c.text).collect();
    assert_eq!(criteria, ["Reproduced in a test", "Fixed on staging"]);
    assert!(new.acceptance_criteria.iter().all(|c| !c.done));
}

#[test]
fn blank_opens_the_empty_form_and_esc_makes_no_story() {
    let mut a = with_templates(80, 24);
    keys(&mut a, "n<Enter>");
    assert_eq!(a.context(), Context::Form);
    assert!(!screen(&a).contains("shopper hit by a defect"));
    // An untouched preset form closes without asking.
    keys(&mut a, "<Esc>");
    assert_eq!(a.context(), Context::Backlog);
    let n = a.product.stories().len();
    keys(&mut a, "n<Esc>");
    assert_eq!(a.context(), Context::Backlog);
    assert_eq!(a.product.stories().len(), n);
}

#[test]
fn without_templates_n_opens_the_form_at_once() {
    let mut a = app();
    keys(&mut a, "2n");
    assert_eq!(a.context(), Context::Form);
}

#[test]
fn snapshots_of_the_template_pick_list() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = with_templates(w, h);
        keys(&mut a, "n");
        insta::assert_snapshot!(format!("template_pick_{w}x{h}"), render(&a).backend());
        keys(&mut a, "spike<Enter>");
        insta::assert_snapshot!(format!("template_form_{w}x{h}"), render(&a).backend());
    }
}

#[test]
fn snapshots_of_the_flow_chart() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = sized(w, h);
        keys(&mut a, "3[");
        insta::assert_snapshot!(format!("flow_chart_{w}x{h}"), render(&a).backend());
    }
}

#[test]
fn the_flow_chart_shows_cycle_times_with_the_85th_percentile_and_the_oldest_work_in_progress() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut a = sized(w, h);
        let noon = today().and_hms_opt(12, 0, 0).unwrap().and_utc();
        let flow = a.product.flow(&Default::default(), noon).unwrap();
        let p85 = flow.cycle.p85.unwrap().num_days();
        let oldest = &flow.in_progress[0];
        keys(&mut a, "3[");
        let s = screen(&a);
        let title = if w >= 120 {
            format!("Cycle time • story ─ 85% within {p85}d (] burndown)")
        } else {
            format!("Cycle time, 85% ≤ {p85}d (] burndown)")
        };
        assert!(s.contains(&title), "{s}");
        let age = format!("{} {}d", oldest.story, oldest.age.num_days());
        let listed = if w >= 120 {
            s.contains("Oldest in progress") && squeeze(&s).contains(&oldest.story.to_string())
        } else {
            s.contains(&format!("oldest: {age}"))
        };
        assert!(listed, "{age} at {w}x{h}: {s}");
        // ] goes round to the burndown.
        keys(&mut a, "]");
        assert!(screen(&a).contains("Burndown"));
    }
}

#[test]
fn the_flow_chart_says_what_is_missing_without_finished_stories() {
    let product = roadlog::model::Product::new("Empty shop");
    let mut a = App::new(
        product,
        today(),
        "empty.json".into(),
        roadlog::tui::theme::Theme::colour(),
    );
    resize(&mut a, 80, 24);
    keys(&mut a, "3[");
    let s = squeeze(&screen(&a));
    assert!(s.contains("no cycle times yet"), "{s}");
    assert!(s.contains("nothing in progress"), "{s}");
}
