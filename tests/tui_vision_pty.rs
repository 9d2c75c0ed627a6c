//! End to end: recording a business goal's reading from the vision board of the real binary
//! in a pseudo-terminal, and finding it in the file on disk.
#![allow(clippy::unwrap_used)]

#[path = "support/pty.rs"]
mod pty;

use pty::{demo_dir, started, wait_file};

/// The readings of goal `number` of the first vision, as (date, value, note).
fn readings(bytes: &[u8], number: usize) -> Vec<(String, f64, Option<String>)> {
    let doc: serde_json::Value = serde_json::from_slice(bytes).unwrap_or_default();
    doc["visions"][0]["goals"][number - 1]["readings"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|r| {
                    (
                        r["date"].as_str().unwrap_or_default().to_string(),
                        r["value"].as_f64().unwrap_or_default(),
                        r["note"].as_str().map(str::to_string),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_reading_recorded_on_the_vision_board_is_saved_to_the_file() {
    let (_dir, file) = demo_dir();
    let before = readings(&std::fs::read(&file).unwrap(), 1);
    assert!(!before.is_empty(), "the demo's first goal has readings");
    let mut tui = started(&file, &[]);
    tui.send("1V");
    tui.wait_for("1 Roadmap · vision board");
    tui.wait_for("✓ V-1:1 Checkout conversion");
    tui.send("r");
    tui.wait_for("Reading of V-1:1");
    tui.send("nine");
    tui.send("\x13");
    tui.wait_for("'nine': write a number");
    tui.send("\x7f\x7f\x7f\x7f3.9\t\tfrom the PTY");
    tui.send("\x13");
    tui.wait_for("recorded 3.9% for V-1:1");
    let today = chrono::Local::now().date_naive().to_string();
    wait_file(&file, "the reading on disk", |b| {
        readings(b, 1).contains(&(today.clone(), 3.9, Some("from the PTY".into())))
    });
    assert_eq!(
        readings(&std::fs::read(&file).unwrap(), 1).len(),
        before.len() + 1
    );
    tui.send("q");
    tui.wait_exit();
}
