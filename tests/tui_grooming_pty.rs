//! Grooming end to end: the real binary in a pseudo-terminal (portable-pty), the screen read
//! through vt100 (never the raw stream), then assertions on the file on disk. The harness is
//! the one of `tui_pty.rs`, shared in `support/pty.rs`.
#![allow(clippy::unwrap_used)]

#[path = "support/pty.rs"]
mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use pty::{TIMEOUT, Tui, demo_dir};

/// Waits until the file on disk satisfies `ok`, then returns it parsed.
fn wait_doc(file: &Path, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    while start.elapsed() < TIMEOUT {
        if let Some(doc) = std::fs::read(file)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            && ok(&doc)
        {
            return doc;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("timed out waiting for the file: {what}");
}

fn story<'a>(doc: &'a Value, id: &str) -> Option<&'a Value> {
    doc["stories"].as_array()?.iter().find(|s| s["id"] == id)
}

/// Where story `id` is in the document's rank order.
fn rank(doc: &Value, id: &str) -> Option<usize> {
    doc["stories"]
        .as_array()?
        .iter()
        .position(|s| s["id"] == id)
}

/// The first story not done: the top of the Backlog, which hides done stories.
fn first_open(doc: &Value) -> &Value {
    let stories = doc["stories"].as_array().unwrap();
    stories.iter().find(|s| s["status"] != "done").unwrap()
}

#[test]
fn a_grooming_session_ends_up_in_the_file() {
    let (_dir, file) = demo_dir();
    let mut tui = Tui::start(&file);

    tui.send("n");
    tui.wait_for("New story");
    tui.send("Refund as a voucher\tshopper\tto take a voucher instead of a refund");
    tui.send("\tI can buy again at once\x13");
    tui.wait_for("created S-67");

    tui.send("c");
    tui.wait_for("Criteria of S-67");
    for (n, text) in ["Voucher emailed", "Worth the full price", "Valid a year"]
        .iter()
        .enumerate()
    {
        tui.send("a");
        tui.wait_for("Enter keep");
        tui.send(&format!("{text}\r"));
        tui.wait_for(&format!("added criterion {}", n + 1));
    }
    tui.esc("? help");

    tui.send("p");
    tui.wait_for("Points for S-67");
    tui.send("5\r");
    tui.wait_for("S-67: 5 points");

    // Created under the selected first story, so one K puts it on top (of the open ones:
    // the Backlog hides the done).
    tui.send("K");
    tui.wait_for("moved S-67");

    tui.send(">");
    tui.wait_for("Plan S-67 into");
    tui.wait_for("of 28 pts left");
    tui.send("16\r");
    tui.wait_for("S-67 planned into SP-8");

    let doc = wait_doc(&file, "the groomed story", |d| {
        first_open(d)["id"] == "S-67" && first_open(d)["sprint"] == "SP-8"
    });
    let s = first_open(&doc);
    assert_eq!(s["title"], "Refund as a voucher");
    assert_eq!(s["as_a"], "shopper");
    assert_eq!(s["i_want"], "to take a voucher instead of a refund");
    assert_eq!(s["so_that"], "I can buy again at once");
    assert_eq!(s["points"], 5);
    let criteria = s["acceptance_criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 3);
    assert_eq!(criteria[2]["text"], "Valid a year");

    tui.send("x");
    tui.wait_for("Split S-67");
    tui.send(" ");
    tui.wait_for("→ new");
    tui.send("\r");
    tui.wait_for("split S-67 into S-68");
    let doc = wait_doc(&file, "the split", |d| story(d, "S-68").is_some());
    assert_eq!(rank(&doc, "S-68"), rank(&doc, "S-67").map(|r| r + 1));
    assert_eq!(
        story(&doc, "S-67").unwrap()["acceptance_criteria"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    tui.send("u");
    tui.wait_for("undid: split S-67");
    let doc = wait_doc(&file, "the undone split", |d| story(d, "S-68").is_none());
    let s = story(&doc, "S-67").unwrap();
    assert_eq!(s["acceptance_criteria"].as_array().unwrap().len(), 3);
    assert_eq!(first_open(&doc)["id"], "S-67");
    tui.send("q");
}

#[test]
fn a_roadmap_review_creates_an_epic_scores_it_and_sorts_by_score() {
    let (_dir, file) = demo_dir();
    let mut tui = Tui::start(&file);

    // Top of the roadmap is the visions' group; two groups on is Next.
    tui.send("1");
    tui.wait_for("t timeline");
    tui.send("gll");
    tui.send("n");
    tui.wait_for("New epic in next");
    tui.send("Gift cards");
    // Title, Description, Vision, Status, Horizon, Start, Target, Labels: Reach is ninth.
    tui.send(&"\t".repeat(8));
    // The WSJF inputs follow; Ctrl-s saves from any field.
    tui.send("500\t2\t80\t4\x13");
    tui.wait_for("created E-7");
    let doc = wait_doc(&file, "the new epic", |d| {
        d["epics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == "E-7")
    });
    let e7 = doc["epics"].as_array().unwrap().last().unwrap();
    assert_eq!(e7["horizon"], "next");
    assert_eq!(e7["rice"]["reach"], 500.0);
    assert_eq!(e7["rice"]["effort"], 4.0);

    tui.send("H");
    tui.wait_for("moved E-7 to now");
    wait_doc(&file, "E-7 in Now", |d| {
        d["epics"].as_array().unwrap().last().unwrap()["horizon"] == "now"
    });

    tui.send("o");
    tui.wait_for("roadmap sorted by score");
    tui.wait_for("1 Roadmap · by score");
    // Now: E-1 (score 4.8k), E-6 (2.7k), E-2 (2.1k), E-7 (200).
    let screen = tui.screen();
    let at = |id: &str| screen.find(&format!("{id} ")).unwrap();
    assert!(
        at("E-1") < at("E-6") && at("E-6") < at("E-2") && at("E-2") < at("E-7"),
        "{screen}"
    );
    tui.send("q");
}

#[test]
fn e_opens_the_story_in_the_editor_and_reads_it_back() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, file) = demo_dir();
    // A scripted "editor": renames the story and adds a criterion.
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/^# .*/# Edited in the editor/' \"$1\"\necho '- [ ] From the editor' >> \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut tui = Tui::start_with(&file, &[("EDITOR", editor.to_str().unwrap())]);
    tui.send("E");
    // The Backlog's first row: S-8 to S-10 are done, and hidden.
    tui.wait_for("edited S-11 in the editor");
    let doc = wait_doc(&file, "the edited story", |d| {
        story(d, "S-11").is_some_and(|s| s["title"] == "Edited in the editor")
    });
    let criteria = story(&doc, "S-11").unwrap()["acceptance_criteria"]
        .as_array()
        .unwrap();
    assert_eq!(criteria.last().unwrap()["text"], "From the editor");
    // Back in the UI, keys work again.
    tui.send("j");
    tui.wait_for("Story S-12");
    tui.send("q");
}

#[test]
fn under_no_color_the_form_and_picker_use_no_colour_and_keep_a_reversed_cursor() {
    let (_dir, file) = demo_dir();
    let mut tui = Tui::start_with(&file, &[("NO_COLOR", "1")]);
    let check = |tui: &Tui, what: &str| {
        let start = Instant::now();
        loop {
            let (coloured, reversed) = {
                let parser = tui.parser.lock().unwrap();
                let s = parser.screen();
                let (rows, cols) = s.size();
                let mut coloured = false;
                let mut reversed = false;
                for r in 0..rows.get() {
                    for c in 0..cols.get() {
                        if let Some(cell) = s.cell(r, c) {
                            coloured |= cell.fgcolor() != vt100::Color::Default
                                || cell.bgcolor() != vt100::Color::Default;
                            reversed |= cell.inverse();
                        }
                    }
                }
                (coloured, reversed)
            };
            if !coloured && reversed {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "{what}: colour or no cursor:\n{}",
                tui.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    tui.send("n");
    tui.wait_for("New story");
    check(&tui, "the story form");
    tui.esc("? help");
    tui.send(">");
    tui.wait_for("Plan S-11 into");
    check(&tui, "the sprint picker");
    tui.esc("? help");
    tui.send("q");
}
