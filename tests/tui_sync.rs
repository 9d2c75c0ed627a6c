//! The sync of a running UI with its file, driven through a real session: keys through the
//! key map, a real file, a real lock held by the test, the real writer thread. Nothing is
//! mocked; every wait polls the session's messages with a generous timeout.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs::File;
use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::store::{Store, encode};
use roadlog::tui::session::{Exit, Flow, Session};
use roadlog::tui::sync::Badge;
use roadlog::tui::theme::Theme;
use roadlog::tui::view;

use support::{parse as key_events, today};

const TIMEOUT: Duration = Duration::from_secs(30);

/// A session on the 40-story sample saved in `dir/demo.json`.
fn session(dir: &Path) -> Session {
    let file = dir.join("demo.json");
    Store::at(&file)
        .create(&roadlog::demo::sample(today(), 40).unwrap())
        .unwrap();
    let mut s = Session::open(Store::at(&file), false, today(), Theme::colour()).unwrap();
    // The test decides when the lock is free; quitting must wait for it however slow the
    // machine is.
    s.quit_grace = Duration::from_secs(600);
    s.handle(roadlog::tui::session::Msg::Term(Event::Resize(80, 24)));
    s
}

fn press(s: &mut Session, keys: &str) -> Flow {
    let mut last = Flow::Go;
    for key in key_events(keys) {
        last = s.handle(roadlog::tui::session::Msg::Term(Event::Key(key)));
        assert!(!matches!(last, Flow::Exit(_)), "ended on {key:?}");
    }
    last
}

fn screen(s: &Session) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| view::draw(f, &s.app)).unwrap();
    terminal.backend().to_string()
}

/// Hands the session its messages until `done` holds; the last flow.
fn until(s: &mut Session, what: &str, done: impl Fn(&Session, &Flow) -> bool) -> Flow {
    let start = Instant::now();
    loop {
        let flow = match s.recv(Duration::from_millis(100)) {
            Ok(msg) => s.handle(msg),
            Err(_) => s.settle(),
        };
        if done(s, &flow) {
            return flow;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "timed out waiting for {what}:\n{}",
            screen(s)
        );
    }
}

fn selected(s: &Session) -> roadlog::model::StoryId {
    s.app.backlog.list.selected().unwrap()
}

#[test]
fn keys_are_answered_while_a_save_waits_for_the_lock_and_the_latest_state_lands() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let file = dir.path().join("demo.json");
    let original = std::fs::read(&file).unwrap();
    let held = File::create(dir.path().join("demo.json.lock")).unwrap();
    held.lock().unwrap();

    press(&mut s, "J");
    assert!(screen(&s).contains("[saving…]"), "{}", screen(&s));
    until(&mut s, "the wait to show", |s, _| {
        matches!(s.app.sync.badge(), Badge::WaitingForLock(_))
    });
    assert!(screen(&s).contains("[waiting for lock"), "{}", screen(&s));

    // The keys still work: the help opens and closes, the cursor moves.
    press(&mut s, "?");
    assert!(screen(&s).contains("Help · Backlog"), "{}", screen(&s));
    press(&mut s, "<Esc>");
    let before = selected(&s);
    press(&mut s, "j");
    assert_ne!(selected(&s), before, "the cursor moved");
    // A second edit while the first save waits: saved together, later.
    press(&mut s, "J");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        original,
        "nothing written yet"
    );

    // Quitting waits for the save rather than ending without it.
    let flow = press(&mut s, "q");
    assert!(matches!(flow, Flow::Go), "{flow:?}");
    assert!(
        screen(&s).contains("saving before quitting"),
        "{}",
        screen(&s)
    );

    held.unlock().unwrap();
    let flow = until(&mut s, "the session to end", |_, flow| {
        matches!(flow, Flow::Exit(_))
    });
    assert!(matches!(flow, Flow::Exit(Exit::Saved)), "{flow:?}");
    assert_eq!(std::fs::read(&file).unwrap(), encode(&s.app.product));
    assert_ne!(std::fs::read(&file).unwrap(), original);
}

/// Another program's change, made through the store as `roadlog story edit` makes it.
fn elsewhere(file: &Path, change: impl FnOnce(&mut roadlog::model::Product)) {
    Store::at(file)
        .update(|p| {
            change(p);
            Ok(())
        })
        .unwrap();
}

fn retitle(p: &mut roadlog::model::Product, id: roadlog::model::StoryId, title: &str) {
    let patch = roadlog::model::StoryPatch {
        title: Some(title.into()),
        ..Default::default()
    };
    p.update_story(id, patch, chrono::Utc::now()).unwrap();
}

/// The story ranked just above `id`.
fn story_above(
    p: &roadlog::model::Product,
    id: roadlog::model::StoryId,
) -> roadlog::model::StoryId {
    let at = p.stories().iter().position(|s| s.id == id).unwrap();
    p.stories()[at - 1].id
}

fn on_disk(file: &Path) -> roadlog::model::Product {
    Store::at(file).load().unwrap().product
}

#[test]
fn an_edit_right_after_another_programs_save_is_merged_with_it_and_the_badge_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let file = dir.path().join("demo.json");
    let mine = selected(&s);
    let rank = s.app.product.story_rank(mine).unwrap();
    let theirs = s.app.product.stories().last().unwrap().id;
    assert_ne!(mine, theirs);

    // Saved before the UI has seen it: the edit below is made on the old version.
    elsewhere(&file, |p| retitle(p, theirs, "Renamed elsewhere"));
    press(&mut s, "J");
    until(&mut s, "the merged save", |s, _| {
        matches!(s.app.sync.badge(), Badge::Merged { .. })
    });

    let disk = on_disk(&file);
    assert_eq!(disk.story(theirs).unwrap().title, "Renamed elsewhere");
    assert_eq!(
        disk.story_rank(mine).unwrap(),
        rank + 1,
        "our move is on disk too"
    );
    // The UI shows the merge, on the same story.
    assert_eq!(encode(&s.app.product), std::fs::read(&file).unwrap());
    assert_eq!(selected(&s), mine);
    let screen = screen(&s);
    assert!(screen.contains("[merged 1 change]"), "{screen}");
    assert!(
        screen.contains("merged 1 change from another program"),
        "{screen}"
    );
    assert!(!screen.contains("changed on disk"), "{screen}");
}

#[test]
fn a_form_saved_after_an_outside_change_lands_with_one_ctrl_s() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let file = dir.path().join("demo.json");
    let mine = selected(&s);
    let theirs = s.app.product.stories().last().unwrap().id;

    press(&mut s, "e");
    let go = support::to_field(&s.app, "Title");
    press(&mut s, &go);
    press(&mut s, support::CLEAR);
    press(&mut s, "Typed here");
    // Another program edits another field of the same story, and another story.
    elsewhere(&file, |p| {
        let patch = roadlog::model::StoryPatch {
            description: Some("Written elsewhere".into()),
            ..Default::default()
        };
        p.update_story(mine, patch, chrono::Utc::now()).unwrap();
        retitle(p, theirs, "Renamed elsewhere");
    });
    // The UI notices, says so in the footer, and keeps the form as typed.
    until(&mut s, "the change to be noticed", |s, _| {
        s.app
            .message
            .as_deref()
            .is_some_and(|m| m.contains("changed on disk"))
    });
    assert!(s.app.form().is_some());

    press(&mut s, "<C-s>");
    until(&mut s, "the merged save", |s, _| {
        matches!(s.app.sync.badge(), Badge::Merged { .. })
    });
    assert!(s.app.form().is_none(), "saved, not reopened");
    let disk = on_disk(&file);
    let story = disk.story(mine).unwrap();
    assert_eq!(story.title, "Typed here");
    assert_eq!(story.description, "Written elsewhere");
    assert_eq!(disk.story(theirs).unwrap().title, "Renamed elsewhere");
    assert_eq!(
        s.app.product.story(theirs).unwrap().title,
        "Renamed elsewhere"
    );
}

#[test]
fn edits_made_while_a_merging_save_waits_are_kept_on_top_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let file = dir.path().join("demo.json");
    let before = s.app.product.stories().len();
    let held = File::create(dir.path().join("demo.json.lock")).unwrap();
    held.lock().unwrap();

    // A new story here; its save waits for the lock.
    press(&mut s, "nMine<C-s>");
    let ours = selected(&s);
    until(&mut s, "the wait to show", |s, _| {
        matches!(s.app.sync.badge(), Badge::WaitingForLock(_))
    });
    // Meanwhile a program that ignores the lock adds a story of the same id.
    let mut other = on_disk(&file);
    let theirs = other
        .add_story(
            roadlog::model::StoryDraft {
                title: "Theirs".into(),
                ..Default::default()
            },
            roadlog::model::Place::Top,
            chrono::Utc::now(),
        )
        .unwrap();
    assert_eq!(theirs, ours, "both made the same id");
    std::fs::write(&file, encode(&other)).unwrap();
    // And an edit here while the first save still waits: our new story moves down.
    press(&mut s, "J");
    let above = story_above(&s.app.product, ours);

    held.unlock().unwrap();
    until(&mut s, "everything saved", |s, _| {
        !s.app.sync.unsaved() && matches!(s.app.sync.badge(), Badge::Saved | Badge::Merged { .. })
    });
    let disk = on_disk(&file);
    assert_eq!(
        disk.stories().len(),
        before + 2,
        "both new stories, once each"
    );
    assert_eq!(disk.story(theirs).unwrap().title, "Theirs");
    let mine = s.app.backlog.list.selected().unwrap();
    assert_ne!(
        mine, ours,
        "ours was renumbered, and the selection followed it"
    );
    assert_eq!(disk.story(mine).unwrap().title, "Mine");
    assert_eq!(story_above(&disk, mine), above, "the later move is kept");
    assert_eq!(encode(&s.app.product), std::fs::read(&file).unwrap());
}

/// `dir/demo.json` holding one open conflict on the first story's title: saved "Ours" over
/// another program's "Theirs", as two writers at once leave it.
fn conflicted(dir: &Path) -> (std::path::PathBuf, roadlog::model::StoryId) {
    let file = dir.join("demo.json");
    let store = Store::at(&file);
    store
        .create(&roadlog::demo::sample(today(), 40).unwrap())
        .unwrap();
    let mine = store.load().unwrap();
    // The first open story: the Backlog's first row, done stories being hidden.
    let id = mine
        .product
        .stories()
        .iter()
        .find(|s| s.status != roadlog::model::StoryStatus::Done)
        .unwrap()
        .id;
    elsewhere(&file, |p| retitle(p, id, "Theirs"));
    let mut ours = mine.product.clone();
    retitle(&mut ours, id, "Ours");
    let saved = store.save_merged(&ours, &mine.bytes).unwrap();
    assert_eq!(saved.merged.unwrap().1.conflicts.len(), 1);
    (file, id)
}

fn open(file: &Path) -> Session {
    let mut s = Session::open(Store::at(file), false, today(), Theme::colour()).unwrap();
    s.quit_grace = Duration::from_secs(600);
    s.handle(roadlog::tui::session::Msg::Term(Event::Resize(80, 24)));
    s
}

#[test]
fn an_open_conflict_is_marked_in_the_list_and_the_detail_shows_both_values() {
    let dir = tempfile::tempdir().unwrap();
    let (file, id) = conflicted(dir.path());
    let s = open(&file);
    let screen = screen(&s);
    let row = screen
        .lines()
        .find(|l| l.contains(&format!("{id} ")) && l.contains("Ours"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("≠ Ours"), "{row}");
    assert!(
        screen.contains("≠ conflict on title: ours 'Ours' · theirs 'Theirs' (M settles)"),
        "{screen}"
    );
    // Other stories carry no sign.
    assert_eq!(screen.matches('≠').count(), 2, "{screen}");
}

/// The overlay at 80x24 and 120x40, with the file's name and the conflict's time fixed.
fn snapshots(s: &mut Session) {
    s.app.location = "demo.json".into();
    let mut open = s.app.product.conflicts().to_vec();
    open[0].at = support::today().and_hms_opt(9, 30, 0).unwrap().and_utc();
    s.app.product.restore_conflicts(open);
    for (w, h, name) in [
        (80, 24, "settle_overlay_80x24"),
        (120, 40, "settle_overlay_120x40"),
    ] {
        s.handle(roadlog::tui::session::Msg::Term(Event::Resize(w, h)));
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| view::draw(f, &s.app)).unwrap();
        insta::assert_snapshot!(name, terminal.backend());
    }
    s.handle(roadlog::tui::session::Msg::Term(Event::Resize(80, 24)));
}

#[test]
fn the_settle_overlay_takes_theirs_through_the_save_and_undo_reopens_it() {
    let dir = tempfile::tempdir().unwrap();
    let (file, id) = conflicted(dir.path());
    let mut s = open(&file);
    press(&mut s, "M");
    let shown = screen(&s);
    assert!(shown.contains("Settle a conflict · 1 of 1"), "{shown}");
    assert!(shown.contains("ours (stands now): 'Ours'"), "{shown}");
    assert!(
        shown.contains("theirs (the other writer's): 'Theirs'"),
        "{shown}"
    );
    snapshots(&mut s);

    press(&mut s, "t");
    until(&mut s, "the settled save", |s, _| !s.app.sync.unsaved());
    let disk = on_disk(&file);
    assert_eq!(disk.story(id).unwrap().title, "Theirs");
    assert!(disk.conflicts().is_empty(), "settled on disk");
    let shown = screen(&s);
    assert!(!shown.contains('≠'), "{shown}");
    assert!(shown.contains("no open conflicts left"), "{shown}");

    press(&mut s, "u");
    until(&mut s, "the undo saved", |s, _| !s.app.sync.unsaved());
    let disk = on_disk(&file);
    assert_eq!(disk.story(id).unwrap().title, "Ours");
    assert_eq!(disk.conflicts().len(), 1, "the undo reopens the conflict");
}

#[test]
fn a_typed_value_settles_the_conflict_as_roadlog_resolve_would() {
    let dir = tempfile::tempdir().unwrap();
    let (file, id) = conflicted(dir.path());
    let mut s = open(&file);
    press(&mut s, "Me");
    assert!(screen(&s).contains("value: Ours"), "{}", screen(&s));
    press(&mut s, "<BS><BS><BS><BS>Both of us<Enter>");
    until(&mut s, "the settled save", |s, _| !s.app.sync.unsaved());
    let disk = on_disk(&file);
    assert_eq!(disk.story(id).unwrap().title, "Both of us");
    assert!(disk.conflicts().is_empty());
    // Nothing open: r says so rather than opening an empty overlay.
    press(&mut s, "M");
    assert!(screen(&s).contains("no open conflicts"), "{}", screen(&s));
}

#[test]
fn settling_is_refused_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let (file, id) = conflicted(dir.path());
    let before = std::fs::read(&file).unwrap();
    let mut s = Session::open(Store::at(&file), true, today(), Theme::colour()).unwrap();
    s.handle(roadlog::tui::session::Msg::Term(Event::Resize(80, 24)));
    press(&mut s, "Mt");
    assert!(screen(&s).contains("read-only"), "{}", screen(&s));
    assert_eq!(s.app.product.story(id).unwrap().title, "Ours");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

/// Once the lock is free and the save lands, the footer stops saying it waits: the stale
/// "waiting for the lock held by pid …: saving once it is free" stood beside `[saved]`.
#[test]
fn the_lock_wait_message_gives_way_once_the_save_lands() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let held = File::create(dir.path().join("demo.json.lock")).unwrap();
    held.lock().unwrap();
    press(&mut s, "J");
    until(&mut s, "the wait to show", |s, _| {
        matches!(s.app.sync.badge(), Badge::WaitingForLock(_))
    });
    assert!(
        screen(&s).contains("saving once it is free"),
        "{}",
        screen(&s)
    );

    held.unlock().unwrap();
    until(&mut s, "the save to land", |s, _| {
        s.app.sync.badge() == Badge::Saved
    });
    let shown = screen(&s);
    assert!(shown.contains("[saved]"), "{shown}");
    assert!(!shown.contains("saving once it is free"), "{shown}");
    assert!(shown.contains("saved: the lock is free"), "{shown}");
}

/// A conflict on the document's own fields (its name, its settings), settled and undone:
/// the undo puts the value that stood back, not only the open conflict.
#[test]
fn undoing_a_settle_on_a_document_field_puts_its_value_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("demo.json");
    let store = Store::at(&file);
    store
        .create(&roadlog::demo::sample(today(), 40).unwrap())
        .unwrap();
    let mine = store.load().unwrap();
    elsewhere(&file, |p| {
        p.rename("Theirs shop");
        p.set_backups_kept(5);
    });
    let mut ours = mine.product.clone();
    ours.rename("Ours shop");
    ours.set_backups_kept(9);
    let saved = store.save_merged(&ours, &mine.bytes).unwrap();
    assert_eq!(saved.merged.unwrap().1.conflicts.len(), 2);
    let mut s = open(&file);
    assert_eq!(s.app.product.name(), "Ours shop");

    // Take theirs on each, newest step last.
    press(&mut s, "Mt");
    press(&mut s, "Mt");
    until(&mut s, "the settled saves", |s, _| !s.app.sync.unsaved());
    let disk = on_disk(&file);
    assert_eq!(disk.name(), "Theirs shop");
    assert_eq!(disk.backups_kept(), 5);
    assert!(disk.conflicts().is_empty());

    press(&mut s, "u");
    until(&mut s, "the first undo saved", |s, _| !s.app.sync.unsaved());
    let disk = on_disk(&file);
    assert_eq!(disk.conflicts().len(), 1);
    let reopened = disk.conflicts()[0].field.clone();
    if reopened == "name" {
        assert_eq!(disk.name(), "Ours shop");
        assert_eq!(disk.backups_kept(), 5);
    } else {
        assert_eq!(disk.backups_kept(), 9, "{reopened}");
        assert_eq!(disk.name(), "Theirs shop");
    }
    press(&mut s, "u");
    until(&mut s, "the second undo saved", |s, _| {
        !s.app.sync.unsaved()
    });
    let disk = on_disk(&file);
    assert_eq!(disk.name(), "Ours shop");
    assert_eq!(disk.backups_kept(), 9);
    assert_eq!(disk.conflicts().len(), 2);
    assert!(screen(&s).contains("Ours shop"), "{}", screen(&s));
}

/// A reload of another program's change empties the undo history (its steps refer to the
/// old document); `u` then says that, with the time of the reload, not only "nothing".
#[test]
fn after_an_automatic_reload_undo_says_the_reload_cleared_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    let file = dir.path().join("demo.json");
    press(&mut s, "J");
    until(&mut s, "the save", |s, _| {
        matches!(s.app.sync.badge(), Badge::Saved) && !s.app.sync.unsaved()
    });
    let theirs = s.app.product.stories().last().unwrap().id;
    elsewhere(&file, |p| retitle(p, theirs, "Renamed elsewhere"));
    until(&mut s, "the reload", |s, _| {
        s.app.product.story(theirs).unwrap().title == "Renamed elsewhere"
    });
    assert!(screen(&s).contains("reloaded: demo.json changed on disk"));
    // The session's clock when the reload arrived (the next key moves it on).
    let reloaded_at = s.app.now.format("%H:%M UTC").to_string();
    press(&mut s, "u");
    let said = format!("nothing to undo since the reload of {reloaded_at}");
    assert!(screen(&s).contains(&said), "{}", screen(&s));
    assert_eq!(
        s.app.product.story(theirs).unwrap().title,
        "Renamed elsewhere"
    );
}
