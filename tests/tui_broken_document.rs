//! A document that loads but breaks a rule (a file edited by hand, an older roadlog) opens
//! in the TUI, since the fix may be an edit made there, but the store refuses every save
//! until it is whole. Found while fuzzing the loader: the TUI used to open such a file
//! silently and say so only after the first edit failed to save.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::store::Store;
use roadlog::tui::session::{Msg, Session};
use roadlog::tui::theme::Theme;
use roadlog::tui::view;

use support::today;

fn opened(fixture: &str, read_only: bool) -> (tempfile::TempDir, String) {
    opened_at(fixture, read_only, 120, 30)
}

fn opened_at(fixture: &str, read_only: bool, w: u16, h: u16) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.json");
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    std::fs::copy(from, &file).unwrap();
    let mut s = Session::open(Store::at(&file), read_only, today(), Theme::colour()).unwrap();
    s.handle(Msg::Term(Event::Resize(w, h)));
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::draw(f, &s.app)).unwrap();
    (dir, terminal.backend().to_string())
}

#[test]
fn a_document_that_breaks_a_rule_says_so_on_opening() {
    let (_dir, screen) = opened("invalid/sprint-end-out-of-range.json", false);
    assert!(
        screen.contains(
            "edits will not save until this is fixed: sprint SP-1 has end date +262142-12-31; it must be in the years"
        ),
        "{screen}"
    );
    let (_dir, screen) = opened("invalid/two-active-sprints.json", false);
    assert!(
        screen.contains("edits will not save until this is fixed:"),
        "{screen}"
    );
}

#[test]
fn a_sound_or_read_only_document_opens_without_the_warning() {
    let (_dir, screen) = opened("valid/small.json", false);
    assert!(!screen.contains("will not save"), "{screen}");
    // Read-only saves nothing anyway; its own badge says so.
    let (_dir, screen) = opened("invalid/sprint-end-out-of-range.json", true);
    assert!(!screen.contains("will not save"), "{screen}");
    assert!(screen.contains("read-only"), "{screen}");
}

/// At 80x24 the warning is wrapped above the footer and can be read whole.
#[test]
fn the_opening_warning_is_whole_at_80x24() {
    let (_dir, screen) = opened_at("invalid/sprint-end-out-of-range.json", false, 80, 24);
    let text: Vec<String> = screen
        .lines()
        .map(|l| l.trim_matches('"').trim().to_string())
        .collect();
    let text = text.join(" ");
    assert!(
        text.contains(
            "sprint SP-1 has end date +262142-12-31; it must be in the years 1900 to 2200"
        ),
        "{screen}"
    );
}
