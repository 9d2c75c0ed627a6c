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
