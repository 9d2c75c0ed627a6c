//! End to end at 80x24 under NO_COLOR: closing with a story left behind, starting a sprint
//! after its question, undoing the start, and choosing the sprint to review, in the real
//! binary in a pseudo-terminal; and none of it under --read-only, each key saying why.
#![allow(clippy::unwrap_used)]

#[path = "support/pty.rs"]
mod pty;

use pty::{Tui, demo_dir};

fn sprint_state(file: &std::path::Path, id: &str) -> String {
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    let sprints = doc["sprints"].as_array().unwrap();
    let s = sprints.iter().find(|s| s["id"] == id).unwrap();
    s["state"].as_str().unwrap().to_string()
}

fn wait_state(file: &std::path::Path, id: &str, state: &str) {
    pty::wait_file(file, &format!("{id} {state}"), |b| {
        serde_json::from_slice::<serde_json::Value>(b).is_ok() && sprint_state(file, id) == state
    });
}

#[test]
fn close_leaving_a_story_start_after_asking_undo_it_and_review_the_closed_sprint() {
    let (dir, file) = demo_dir();
    let mut tui = Tui::spawn_with(&file, &[], &[("NO_COLOR", "1")]);
    tui.wait_for("? help");
    tui.send("3");
    tui.wait_for("SP-7 Sprint 15");

    tui.send("C");
    tui.wait_for("7 of 7 unfinished carry over");
    tui.send("j ");
    tui.wait_for("6 of 7 unfinished carry over");
    tui.send("n");
    tui.wait_for("closed SP-7; 6 unfinished stories to SP-8, 1 left in SP-7");
    wait_state(&file, "SP-7", "closed");

    tui.send("S");
    tui.wait_for("Start SP-8 'Sprint 16'?");
    tui.wait_for("points over capacity 28");
    tui.wait_for("days before its start date:");
    tui.send("n");
    tui.wait_until("the question to close", |s| {
        !s.contents().contains("Start SP-8")
    });
    assert_eq!(sprint_state(&file, "SP-8"), "planned");
    tui.send("S");
    tui.wait_for("Start SP-8 'Sprint 16'?");
    tui.send("y");
    tui.wait_for("started SP-8");
    wait_state(&file, "SP-8", "active");
    tui.send("u");
    tui.wait_for("undid: started SP-8");
    wait_state(&file, "SP-8", "planned");

    tui.send("X");
    tui.wait_for("Write the review of");
    let screen = tui.screen();
    let first = screen
        .lines()
        .position(|l| l.contains("SP-7 Sprint 15 · closed"));
    let active = screen.lines().position(|l| l.contains("· active"));
    assert!(first.is_some() && active.is_none(), "{screen}");
    tui.send("\r");
    tui.wait_for("wrote the review to");
    let review = std::fs::read_to_string(dir.path().join("SP-7-review.md")).unwrap();
    assert!(review.contains("(SP-7): sprint review"), "{review}");
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn read_only_refuses_each_sprint_edit_and_says_why() {
    let (_dir, file) = demo_dir();
    let original = std::fs::read(&file).unwrap();
    let mut tui = Tui::spawn_with(&file, &["--read-only"], &[("NO_COLOR", "1")]);
    tui.wait_for("? help");
    // Each pane's edit keys, after the key that shows the pane.
    for (pane, shows, edits) in [
        ("3", "SP-7 Sprint 15", &["S", "C", "X", " ", "u"][..]),
        ("2", "2 Backlog", &["T", "B", "J"]),
    ] {
        tui.send(pane);
        tui.wait_for(shows);
        for key in edits {
            tui.send(key);
            tui.wait_for("read-only: edits are off");
            tui.send("j");
            tui.wait_until("the message to go", |s| {
                !s.contents().contains("edits are off")
            });
        }
    }
    tui.send("q");
    tui.wait_exit();
    assert_eq!(std::fs::read(&file).unwrap(), original);
}
