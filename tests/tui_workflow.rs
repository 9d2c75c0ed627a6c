//! A story's way to done in the TUI, on ratatui's TestBackend: the detail lists its linked
//! commits and its Definition of Done checklist, `c` ticks DoD items through the normal
//! edit path (undo, save).
#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use roadlog::model::{Commit, StoryId};
use roadlog::tui::App;
use roadlog::tui::keymap::Context;

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
    let tick = roadlog::model::StoryPatch {
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

/// The screen's text with borders and line ends gone, so a phrase the panel wraps is one.
fn squeeze(screen: &str) -> String {
    let text: String = screen
        .chars()
        .map(|c| if "│\"\n".contains(c) { ' ' } else { c })
        .collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
