//! End to end, the real binary in a pseudo-terminal: a form half typed when the terminal goes
//! away is kept in a recovery file, and the next start offers it back before anything else.
//! "y" puts the form back as typed, and Ctrl-s saves it; "n" deletes the file.
#![allow(clippy::unwrap_used)]

#[path = "support/pty.rs"]
mod pty;

use pty::{Tui, demo_dir, recovery_files, started, titles, wait_file};
use std::path::Path;

/// Opens a new-story form and types `title` into it.
fn type_a_new_story(tui: &mut Tui, title: &str) {
    tui.wait_for("[saved]");
    tui.send("n");
    tui.wait_for("New story");
    tui.send(title);
    tui.wait_for(title);
}

/// Starts on `file` and waits for the recovery question (no "? help" under it: the question
/// comes before anything else).
fn asked(file: &Path) -> Tui {
    let tui = Tui::spawn(file, &[]);
    tui.wait_for("Restore the story you were writing?");
    tui
}

#[test]
fn a_form_typed_when_the_terminal_closed_comes_back_and_saves_with_ctrl_s() {
    let (dir, file) = demo_dir();
    let mut tui = started(&file, &[]);
    type_a_new_story(&mut tui, "Typed before the link dropped");
    // A dropped SSH link. (Closing portable-pty's writer would type "\n\x04" first, which
    // a form reads as Ctrl-J, delete to the line's start: so the hang-up is the signal.)
    tui.signal("HUP");
    tui.wait_exit();
    let kept = recovery_files(dir.path());
    assert_eq!(kept, [dir.path().join("demo.json.recovery")]);

    let mut tui = asked(&file);
    tui.wait_for("(new story · Typed before the link dropped)");
    tui.send("y");
    tui.wait_for("restored the story you were writing");
    tui.wait_for("Typed before the link dropped");
    assert!(
        recovery_files(dir.path()).is_empty(),
        "its text is back in the form"
    );
    // The cursor is at the end of the title: typing goes on where it stopped.
    tui.send(" Saved");
    tui.send("\x13");
    wait_file(&file, "the story saved", |b| {
        String::from_utf8_lossy(b).contains("Typed before the link dropped Saved")
    });
    assert!(
        titles(&file).contains(&"Typed before the link dropped Saved".to_string()),
        "{:?}",
        titles(&file)
    );
    assert!(recovery_files(dir.path()).is_empty());
}

#[test]
fn n_at_the_question_deletes_the_recovery_file() {
    let (dir, file) = demo_dir();
    let original = std::fs::read(&file).unwrap();
    let mut tui = started(&file, &[]);
    type_a_new_story(&mut tui, "Not wanted after all");
    tui.signal("HUP");
    tui.wait_exit();
    assert_eq!(recovery_files(dir.path()).len(), 1);

    let mut tui = asked(&file);
    tui.send("n");
    tui.wait_for("discarded demo.json.recovery");
    tui.wait_for("2 Backlog");
    assert!(recovery_files(dir.path()).is_empty());
    assert!(!tui.screen().contains("New story"), "no form");
    tui.send("q");
    tui.wait_exit();
    assert_eq!(std::fs::read(&file).unwrap(), original);
}
