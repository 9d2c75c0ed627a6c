//! End to end: the real binary in a pseudo-terminal, its output parsed by vt100, assertions on
//! the screen it shows (never on the raw byte stream, which ratatui splits with cursor moves).
//! Every wait polls with a generous timeout; no sleep is an assertion.
#![allow(clippy::unwrap_used)]

#[path = "support/pty.rs"]
mod pty;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use pty::{BIN, TIMEOUT, Tui, cli, demo_dir, listing, open_titles, started, wait_file};

#[test]
fn navigate_filter_edit_undo_resize_and_quit() {
    let (_dir, file) = demo_dir();
    let original = std::fs::read(&file).unwrap();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    tui.wait_until("the alternate screen", |s| s.alternate_screen());

    tui.send("?");
    tui.wait_for("Help · Backlog");
    tui.send("\x1b");
    tui.wait_until("help to close", |s| {
        !s.contents().contains("Help · Backlog")
    });

    tui.send("/apple");
    tui.wait_for("filter: apple");
    tui.wait_until("the filtered list", |s| {
        let c = s.contents();
        c.contains("Apple Pay button") && !c.contains("S-11 ")
    });
    tui.send("\r");
    tui.wait_for("/apple");
    tui.send("\x1b");
    tui.wait_for("S-11 ");

    tui.send("J");
    wait_file(&file, "J saved a new order", |b| b != original.as_slice());
    // The selection followed Apple Pay (S-13) through the filter: it is the story moved.
    tui.wait_for("moved S-13");
    tui.send("u");
    wait_file(&file, "u restored the bytes", |b| b == original.as_slice());
    tui.wait_for("undid");

    tui.resize(5, 20);
    tui.wait_for("need 40x12");
    tui.resize(24, 80);
    tui.wait_for("2 Backlog");

    tui.send("q");
    tui.wait_exit();
    tui.wait_left_alternate_screen();
    assert_eq!(std::fs::read(&file).unwrap(), original);
}

#[test]
fn read_only_leaves_the_file_byte_identical() {
    let (dir, file) = demo_dir();
    let original = std::fs::read(&file).unwrap();
    let before = listing(dir.path());
    let mut tui = started(&file, &["--read-only"]);
    tui.wait_for("[read-only]");
    for key in ["J", "K", "s", "u", "\x12", "1", "J", "H", "L"] {
        tui.send(key);
    }
    tui.wait_for("edits are off");
    tui.send("q");
    tui.wait_exit();
    tui.wait_left_alternate_screen();
    assert_eq!(std::fs::read(&file).unwrap(), original);
    // Nothing else changed beside it either (no new file, no temporary).
    assert_eq!(listing(dir.path()), before);
}

fn signal_saves_and_restores(signal: &str) {
    let (_dir, file) = demo_dir();
    let original = std::fs::read(&file).unwrap();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    tui.send("J");
    tui.wait_for("moved S-11");
    wait_file(&file, "the edit saved", |b| b != original.as_slice());
    tui.signal(signal);
    tui.wait_exit();
    tui.wait_left_alternate_screen();
    let text = String::from_utf8(std::fs::read(&file).unwrap()).unwrap();
    let s1 = text.find("\"S-11\"").unwrap();
    let s2 = text.find("\"S-12\"").unwrap();
    assert!(s2 < s1, "the move was kept");
}

#[test]
fn sigterm_saves_and_restores_the_terminal() {
    signal_saves_and_restores("TERM");
}

#[test]
fn sighup_saves_and_restores_the_terminal() {
    signal_saves_and_restores("HUP");
}

#[test]
fn a_dumb_terminal_is_refused_with_a_pointer_to_the_cli() {
    let (_dir, file) = demo_dir();
    let out = std::process::Command::new(BIN)
        .arg("--file")
        .arg(&file)
        .env("TERM", "dumb")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("roadlog --help"), "{err}");
}

/// A dropped SSH link: the terminal disappears under the program. It must exit (not spin)
/// with its edits on disk.
#[test]
fn closing_the_terminal_exits_and_keeps_the_edit() {
    let (_dir, file) = demo_dir();
    let original = std::fs::read(&file).unwrap();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    tui.send("J");
    wait_file(&file, "the edit saved", |b| b != original.as_slice());
    // Every handle on the terminal's master side must close for the kernel to hang up: the
    // reader thread lets go after the redraw this key causes.
    tui.hang_up.store(true, Ordering::SeqCst);
    tui.send("j");
    tui.writer = None;
    tui.master = None;
    let start = Instant::now();
    while tui.child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < TIMEOUT,
            "still running after the terminal closed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_ne!(std::fs::read(&file).unwrap(), original);
}

/// Another program changes the file while the UI sits idle: the new story shows without a
/// key (the filter typed before stays in force), and the next edit saves over that version,
/// so the file holds both.
#[test]
fn a_change_by_another_program_shows_without_a_key_and_the_next_edit_keeps_it() {
    let (_dir, file) = demo_dir();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    // New stories go to the bottom: a filter brings it on screen once it exists.
    tui.send("/from the cli\r");
    tui.wait_for("/from the cli");
    let first = open_titles(&file)[0].clone();

    cli(&file, &["story", "add", "From the CLI"]);
    tui.wait_for("From the CLI");
    tui.wait_for("reloaded: demo.json changed on disk");
    tui.wait_for("[saved]");
    let theirs = std::fs::read(&file).unwrap();

    tui.send("\x1b");
    tui.wait_until("the filter to clear", |s| {
        !s.contents().contains("/from the cli")
    });
    tui.send("g");
    let first_id = roadlog::store::Store::at(&file)
        .load()
        .unwrap()
        .product
        .stories()
        .iter()
        .find(|s| !s.is_done())
        .unwrap()
        .id;
    tui.wait_for(&format!("Story {first_id} "));
    tui.send("J");
    wait_file(&file, "J saved over the other program's version", |b| {
        b != theirs.as_slice()
    });
    tui.wait_for("[saved]");
    let now = open_titles(&file);
    assert!(now.contains(&"From the CLI".to_string()), "{now:?}");
    assert_eq!(now[1], first, "J moved the first story down: {now:?}");
    tui.send("q");
    tui.wait_exit();
    tui.wait_left_alternate_screen();
}

/// Read-only cannot conflict with anyone: it follows the file too.
#[test]
fn read_only_follows_a_change_by_another_program() {
    let (_dir, file) = demo_dir();
    let mut tui = started(&file, &["--read-only"]);
    tui.wait_for("read-only");
    tui.send("/from the cli\r");
    tui.wait_for("/from the cli");
    cli(&file, &["story", "add", "From the CLI"]);
    tui.wait_for("From the CLI");
    tui.wait_for("reloaded: demo.json changed on disk");
    tui.send("q");
    tui.wait_exit();
    tui.wait_left_alternate_screen();
}

/// Under NO_COLOR no cell has a colour, and the selected row is still visible (reversed):
/// a coloured highlight would lose its reverse there.
#[test]
fn no_color_shows_the_selection_without_any_colour() {
    let (_dir, file) = demo_dir();
    let mut tui = Tui::spawn_with(&file, &[], &[("NO_COLOR", "1")]);
    tui.wait_for("2 Backlog");
    tui.send("jj");
    tui.wait_for("Story S-13");
    tui.wait_until("a reversed S-13 row and no colour", |s| {
        let (rows, cols) = s.size();
        let (rows, cols) = (rows.get(), cols.get());
        let mut coloured = false;
        let mut s10_reversed = false;
        for r in 0..rows {
            let line = s.contents_between(r, 0, r, cols);
            for c in 0..cols {
                if let Some(cell) = s.cell(r, c) {
                    coloured |= cell.fgcolor() != vt100::Color::Default
                        || cell.bgcolor() != vt100::Color::Default;
                    if line.contains("S-13 ") && c > 45 && c < 75 {
                        s10_reversed |= cell.inverse();
                    }
                }
            }
        }
        !coloured && s10_reversed
    });
    tui.send("q");
    tui.wait_exit();
}

/// A file the user cannot write opens read-only, says so, and stays as it was.
#[test]
fn an_unwritable_file_opens_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, file) = demo_dir();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let original = std::fs::read(&file).unwrap();
    let mut tui = started(&file, &[]);
    tui.wait_for("[read-only]");
    tui.wait_for("not writable");
    tui.send("J");
    tui.wait_for("edits are off");
    tui.send("q");
    tui.wait_exit();
    assert_eq!(std::fs::read(&file).unwrap(), original);
}

#[test]
fn closing_the_demo_sprint_carries_over_to_the_planned_one_and_x_writes_the_review() {
    let (dir, file) = demo_dir();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    tui.send("3");
    tui.wait_for("SP-7 Sprint 15");
    tui.send("C");
    tui.wait_for("7 of 7 unfinished carry over");
    tui.send("n");
    tui.wait_for("closed SP-7; 7 unfinished stories to SP-8");
    wait_file(&file, "the close saved", |b| {
        String::from_utf8_lossy(b).contains("\"carried_to\": \"SP-8\"")
    });
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let sprints = doc["sprints"].as_array().unwrap();
    assert_eq!(sprints[6]["state"], "closed");
    assert_eq!(
        sprints[6]["result"]["carried_over"]
            .as_array()
            .unwrap()
            .len(),
        7
    );
    let in_planned = doc["stories"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["sprint"] == "SP-8")
        .count();
    assert_eq!(
        in_planned,
        7 + 3,
        "the carried stories joined the 3 planned ones"
    );

    tui.send("X");
    tui.wait_for("Write the review of");
    tui.send("\r");
    tui.wait_for("wrote the review to");
    let review = std::fs::read_to_string(dir.path().join("SP-7-review.md")).unwrap();
    assert!(
        review.contains("# Sprint 15 (SP-7): sprint review"),
        "{review}"
    );
    assert!(review.contains("to SP-8"), "{review}");
    tui.send("q");
    tui.wait_exit();
}

#[test]
fn x_exports_the_roadmap_beside_the_document_and_never_over_a_file() {
    let (dir, file) = demo_dir();
    let mine = dir.path().join("roadmap.md");
    std::fs::write(&mine, "my own notes").unwrap();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    tui.send("1X");
    tui.wait_for("roadmap-2.md");
    assert!(
        tui.screen().contains("wrote the roadmap to"),
        "{}",
        tui.screen()
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my own notes");
    let written = std::fs::read_to_string(dir.path().join("roadmap-2.md")).unwrap();
    assert!(
        written.starts_with("# Harbour Goods web shop: roadmap"),
        "{written}"
    );
    assert!(
        written.contains("## Now") && written.contains("### Guest checkout (E-1)"),
        "{written}"
    );
    tui.send("q");
    tui.wait_exit();
}
