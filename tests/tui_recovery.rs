//! What a recovery file kept, offered back at the next start, driven through a real session
//! on a real file: the question comes first, "restore" brings the form back as typed and
//! saves unsaved edits merged with what others saved since, "discard" deletes the file, Esc
//! keeps it; read-only and unusable files are only named.
#![allow(clippy::unwrap_used)]

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::model::{Place, StoryDraft};
use roadlog::store::{Draft, DraftField, Recovery, Store};
use roadlog::tui::session::{Flow, Msg, Session};
use roadlog::tui::theme::Theme;
use roadlog::tui::view;

use support::{parse as key_events, today};

const TIMEOUT: Duration = Duration::from_secs(30);

/// The 40-story sample saved in `dir/demo.json`.
fn document(dir: &Path) -> Store {
    let store = Store::at(dir.join("demo.json"));
    store
        .create(&roadlog::demo::sample(today(), 40).unwrap())
        .unwrap();
    store
}

fn open(store: &Store, read_only: bool) -> Session {
    let mut s = Session::open(store.clone(), read_only, today(), Theme::colour()).unwrap();
    s.handle(Msg::Term(Event::Resize(80, 24)));
    s
}

/// What a hang-up leaves with a new-story form open: the title half typed.
fn new_story_draft(title: &str) -> Draft {
    Draft {
        what: "New story".into(),
        form: Some("new-story".into()),
        focus: Some("Title".into()),
        fields: vec![
            DraftField {
                name: "Title".into(),
                text: title.into(),
            },
            DraftField {
                name: "Description".into(),
                text: "two\nlines".into(),
            },
        ],
    }
}

fn keep(
    store: &Store,
    draft: Option<&Draft>,
    edits: Option<(&roadlog::model::Product, &[u8])>,
) -> PathBuf {
    store
        .write_recovery(&Recovery {
            product: edits.map(|e| e.0),
            base: edits.map(|e| e.1),
            draft,
            reason: "the terminal went away with a form open",
            written: today().and_hms_opt(9, 30, 0).unwrap().and_utc(),
        })
        .unwrap()
}

fn press(s: &mut Session, keys: &str) {
    for key in key_events(keys) {
        let flow = s.handle(Msg::Term(Event::Key(key)));
        assert!(!matches!(flow, Flow::Exit(_)), "ended on {key:?}");
    }
}

fn screen(s: &Session) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| view::draw(f, &s.app)).unwrap();
    terminal.backend().to_string()
}

/// Hands the session its messages until `done` holds.
fn until(s: &mut Session, what: &str, done: impl Fn(&Session) -> bool) {
    let start = Instant::now();
    while !done(s) {
        match s.recv(Duration::from_millis(100)) {
            Ok(msg) => {
                s.handle(msg);
            }
            Err(_) => {
                s.settle();
            }
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "timed out waiting for {what}:\n{}",
            screen(s)
        );
    }
}

fn titles(store: &Store) -> Vec<String> {
    let product = store.load().unwrap().product;
    product.stories().iter().map(|s| s.title.clone()).collect()
}

#[test]
fn the_question_comes_first_and_yes_brings_the_form_back_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    let kept = keep(&store, Some(&new_story_draft("Pay by bank transfer")), None);
    let mut s = open(&store, false);
    let shown = screen(&s);
    assert!(
        shown.contains("Restore the story you were writing?"),
        "{shown}"
    );
    assert!(
        shown.contains("(new story · Pay by bank transfer)"),
        "{shown}"
    );
    assert!(shown.contains("Kept in demo.json.recovery"), "{shown}");
    assert!(
        shown.contains("y restore · n discard it · Esc not now"),
        "{shown}"
    );
    s.app.location = "demo.json".into();
    insta::assert_snapshot!("recovery_question_80x24", screen(&s));
    press(&mut s, "y");
    let form = s.app.form().expect("the form is open again");
    let values: Vec<String> = form.fields().list.iter().map(|f| f.value()).collect();
    assert_eq!(values[0], "Pay by bank transfer");
    assert!(values.contains(&"two\nlines".to_string()), "{values:?}");
    assert!(!kept.exists(), "its text is in the form now: the file goes");
    assert!(screen(&s).contains("restored the story you were writing"));
    // The title has the focus and the cursor is at its end: typing goes on where it stopped.
    press(&mut s, " (SEPA)<C-s>");
    until(&mut s, "the story saved", |_| {
        titles(&store).contains(&"Pay by bank transfer (SEPA)".to_string())
    });
}

#[test]
fn n_discards_the_file_and_the_footer_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    let before = fs::read(store.path()).unwrap();
    let kept = keep(&store, Some(&new_story_draft("Gone for good")), None);
    let mut s = open(&store, false);
    press(&mut s, "n");
    assert!(!kept.exists());
    assert!(s.app.form().is_none());
    let shown = screen(&s);
    assert!(shown.contains("discarded demo.json.recovery"), "{shown}");
    assert_eq!(
        fs::read(store.path()).unwrap(),
        before,
        "the document untouched"
    );
}

#[test]
fn esc_keeps_the_file_for_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    let kept = keep(&store, Some(&new_story_draft("Later")), None);
    let bytes = fs::read(&kept).unwrap();
    let mut s = open(&store, false);
    press(&mut s, "<Esc>");
    assert_eq!(fs::read(&kept).unwrap(), bytes);
    assert!(screen(&s).contains("kept demo.json.recovery: offered again at the next start"));
    drop(s);
    let s = open(&store, false);
    assert!(screen(&s).contains("Restore the story you were writing?"));
}

/// Edits that could not be saved are merged with what another program saved since, like any
/// save; the file goes once they are on disk.
#[test]
fn restored_edits_are_saved_merged_with_changes_made_since() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    let base = fs::read(store.path()).unwrap();
    let mut ours = store.load().unwrap().product;
    let now = today().and_hms_opt(9, 0, 0).unwrap().and_utc();
    let draft = |title: &str| StoryDraft {
        title: title.into(),
        ..StoryDraft::default()
    };
    ours.add_story(draft("Typed before the hang-up"), Place::Bottom, now)
        .unwrap();
    let kept = keep(&store, None, Some((&ours, &base)));
    store
        .update(|p| {
            p.add_story(draft("Added by the CLI since"), Place::Bottom, now)
                .map(drop)
        })
        .unwrap();
    let mut s = open(&store, false);
    let shown = screen(&s);
    assert!(
        shown.contains("Restore the edits that were not saved?"),
        "{shown}"
    );
    // What they change, as `roadlog backups` says it.
    assert!(shown.contains("Not saved: added S-67."), "{shown}");
    press(&mut s, "y");
    until(&mut s, "the merged save and the file gone", |_| {
        !kept.exists()
    });
    let on_disk = titles(&store);
    assert!(
        on_disk.contains(&"Typed before the hang-up".to_string()),
        "{on_disk:?}"
    );
    assert!(
        on_disk.contains(&"Added by the CLI since".to_string()),
        "{on_disk:?}"
    );
}

#[test]
fn read_only_names_the_file_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    let kept = keep(&store, Some(&new_story_draft("Keep me")), None);
    let before = support_listing(dir.path());
    let s = open(
        &store.clone().with_access(roadlog::store::Access::ReadOnly),
        true,
    );
    assert!(s.app.overlays.is_empty(), "no question read-only");
    let shown = screen(&s);
    assert!(
        shown.contains("demo.json.recovery kept: restore it without --read-only"),
        "{shown}"
    );
    assert!(kept.exists());
    drop(s);
    assert_eq!(support_listing(dir.path()), before);
}

#[test]
fn a_corrupt_recovery_file_is_named_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    let bad = dir.path().join("demo.json.recovery");
    fs::write(&bad, "{\"roadlog_recovery\": 1, \"dra").unwrap();
    let s = open(&store, false);
    assert!(s.app.overlays.is_empty());
    let shown = screen(&s);
    assert!(
        shown.contains("demo.json.recovery kept, not used: it is not valid JSON (line 1,"),
        "{shown}"
    );
    drop(s);
    assert_eq!(
        fs::read_to_string(&bad).unwrap(),
        "{\"roadlog_recovery\": 1, \"dra"
    );
}

fn support_listing(dir: &Path) -> Vec<(std::ffi::OsString, Vec<u8>)> {
    let mut out: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name(), fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// However the reason wraps, the box is as tall as its text: the answers stay on screen.
#[test]
fn a_long_reason_still_leaves_the_answers_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    // Words too long to share a row of 68: with "Kept in … UTC: " before them, four rows,
    // where counting columns alone says three.
    let word = |c: char| c.to_string().repeat(40);
    let reason = format!("{} {} {}", word('b'), word('c'), word('d'));
    store
        .write_recovery(&Recovery {
            product: None,
            base: None,
            draft: Some(&new_story_draft("Long")),
            reason: &reason,
            written: today().and_hms_opt(9, 30, 0).unwrap().and_utc(),
        })
        .unwrap();
    let s = open(&store, false);
    let shown = screen(&s);
    assert!(shown.contains(&word('d')), "{shown}");
    assert!(shown.contains("y restore · n discard it"), "{shown}");
}

/// After a panic the loop keeps what would be lost the same way: the typed form and any
/// unsaved edit, offered back at the next start.
#[test]
fn what_a_panic_would_lose_is_kept_and_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    let mut s = open(&store, false);
    assert!(s.keep_after_panic().is_none(), "nothing to keep yet");
    press(&mut s, "nTyped when it broke");
    let Some(roadlog::tui::session::Exit::Unsaved { why, recovery }) = s.keep_after_panic() else {
        panic!("the form is kept");
    };
    assert!(why.contains("internal error"), "{why}");
    let path = recovery.unwrap();
    let kept = store.read_recovery(&path).unwrap();
    assert!(kept.edits.is_none(), "every edit was saved");
    let title = &kept.draft.unwrap().fields[0];
    assert_eq!(
        (title.name.as_str(), title.text.as_str()),
        ("Title", "Typed when it broke")
    );
    drop(s);
    let s = open(&store, false);
    assert!(
        screen(&s).contains("(new story · Typed when it broke)"),
        "{}",
        screen(&s)
    );
}

/// An edit form whose item is gone meanwhile cannot come back: the file, which alone holds
/// the text, stays, and the footer says why.
#[test]
fn a_form_for_an_item_deleted_since_keeps_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    let mut draft = new_story_draft("Edited before it was deleted");
    draft.what = "Edit S-999".into();
    draft.form = Some("story S-999".into());
    let kept = keep(&store, Some(&draft), None);
    let mut s = open(&store, false);
    assert!(screen(&s).contains("(S-999 · Edited before it was deleted)"));
    press(&mut s, "y");
    assert!(s.app.form().is_none());
    assert!(kept.exists());
    let shown = screen(&s);
    assert!(
        shown.contains("demo.json.recovery kept: S-999 is gone, so its form cannot come back"),
        "{shown}"
    );
}

/// An edit form comes back over the item as it is now: only the fields typed into are put
/// back, so a field another program changed meanwhile keeps its new value through the save.
#[test]
fn an_edit_form_comes_back_over_what_others_saved_since() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    let mut s = open(&store, false);
    let id = s.app.backlog.list.selected().unwrap();
    let title = s.app.product.story(id).unwrap().title.clone();
    press(&mut s, "e (typed)");
    assert!(s.keep_after_panic().is_some());
    drop(s);
    store
        .update(|p| {
            let patch = roadlog::model::StoryPatch {
                description: Some("Written by the CLI meanwhile".into()),
                ..Default::default()
            };
            p.update_story(id, patch, chrono::Utc::now()).map(drop)
        })
        .unwrap();
    let mut s = open(&store, false);
    let shown = screen(&s);
    assert!(
        shown.contains(&format!("({id} · {title} (typed))")),
        "{shown}"
    );
    press(&mut s, "y<C-s>");
    until(&mut s, "the form saved", |s| {
        s.app.form().is_none() && !s.app.sync.unsaved()
    });
    let story = store.load().unwrap().product.story(id).unwrap().clone();
    assert_eq!(story.title, format!("{title} (typed)"));
    assert_eq!(story.description, "Written by the CLI meanwhile");
}

/// Two recovery files: the oldest is asked about first and the question says one more
/// waits; it is asked about at the next start.
#[test]
fn several_recovery_files_are_offered_one_start_at_a_time_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    let first = keep(&store, Some(&new_story_draft("The older one")), None);
    let second = keep(&store, Some(&new_story_draft("The newer one")), None);
    let mut s = open(&store, false);
    let shown = screen(&s);
    assert!(shown.contains("(new story · The older one)"), "{shown}");
    assert!(
        shown.contains("1 more recovery file waits for the next start."),
        "{shown}"
    );
    press(&mut s, "n");
    assert!(!first.exists() && second.exists());
    drop(s);
    let s = open(&store, false);
    let shown = screen(&s);
    assert!(shown.contains("(new story · The newer one)"), "{shown}");
    assert!(!shown.contains("more recovery file"), "{shown}");
}

/// The recovery question gives the file's time in the configured date format, as every
/// other date on screen is.
#[test]
fn the_question_says_when_in_the_configured_date_format() {
    let dir = tempfile::tempdir().unwrap();
    let store = document(dir.path());
    keep(&store, Some(&new_story_draft("Pay by bank transfer")), None);
    let dates = roadlog::config::DateFormat::new("%d %b %Y").unwrap();
    let mut s = Session::open_with(store.clone(), false, today(), Theme::colour(), dates).unwrap();
    s.handle(Msg::Term(Event::Resize(80, 24)));
    let shown = screen(&s);
    let when = format!("at {} 09:30 UTC", today().format("%d %b %Y"));
    assert!(shown.contains(&when), "{when} in:\n{shown}");
    assert!(!shown.contains(&today().to_string()), "{shown}");

    // Without a config the time stays ISO.
    let iso = screen(&open(&store, false));
    assert!(iso.contains(&format!("at {} 09:30 UTC", today())), "{iso}");
}
