//! End to end, the real binary in a pseudo-terminal: another program writing the file while
//! the UI runs (its change shows, and the UI's edits are merged with it, never refused), a
//! save waiting for a lock that another process holds, and a save that fails. The keys must
//! keep working, and no edit may be lost silently, on `q` or on a signal.
#![allow(clippy::unwrap_used)]

#[path = "support/pty.rs"]
mod pty;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Instant;

use pty::{TIMEOUT, cli, demo_dir, open_titles, recovery_files, started, titles, wait_file};

/// `flock FILE.lock sleep 30`: a real other process holding the document's lock, until the
/// test ends.
struct LockHolder(Child);

impl LockHolder {
    fn hold(lock: &Path) -> LockHolder {
        // Owned at once, so the process is killed and reaped however the test ends.
        let holder = LockHolder(
            Command::new("flock")
                .arg(lock)
                .args(["sleep", "30"])
                .spawn()
                .unwrap(),
        );
        // Held once a try of our own would block.
        let start = Instant::now();
        loop {
            let file = File::options()
                .create(true)
                .truncate(false)
                .write(true)
                .open(lock)
                .unwrap();
            if matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)) {
                return holder;
            }
            drop(file);
            assert!(start.elapsed() < TIMEOUT, "flock never took the lock");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    fn still_holds(&mut self) -> bool {
        self.0.try_wait().unwrap().is_none()
    }
}

impl Drop for LockHolder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `chattr +i`: the document cannot be replaced, so every save fails (as root, permission
/// bits would not stop it). Undone however the test ends.
struct Immutable(PathBuf);

impl Immutable {
    fn set(file: &Path) -> Immutable {
        let ok = Command::new("chattr").arg("+i").arg(file).status().unwrap();
        assert!(ok.success(), "chattr +i failed");
        Immutable(file.to_path_buf())
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

/// The order of the stories in a document, by id.
fn order(doc: &serde_json::Value) -> Vec<String> {
    doc["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_lock_held_elsewhere_keeps_the_keys_answered_and_sigterm_keeps_the_edit_aside() {
    let (dir, file) = demo_dir();
    let original = std::fs::read(&file).unwrap();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    let mut holder = LockHolder::hold(&dir.path().join("demo.json.lock"));

    tui.send("J");
    tui.wait_for("moved S-11");
    // flock(1) writes no pid in the file: the system's list of locks names it.
    tui.wait_for(&format!("[waiting for lock · pid {}]", holder.0.id()));
    // The keys still work while the save waits.
    tui.send("?");
    tui.wait_for("Help · Backlog");
    tui.esc("2 Backlog");
    // S-11 went below S-12 and the cursor with it: two rows down is S-14. (Waiting for
    // S-11 here passed only when the screen was read before the keys arrived.)
    tui.send("jj");
    tui.wait_for("Story S-14");

    tui.signal("TERM");
    tui.wait_exit();
    assert!(
        holder.still_holds(),
        "it ended without waiting for the lock"
    );
    tui.wait_left_alternate_screen();
    tui.wait_for("demo.json.recovery");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        original,
        "the file is untouched"
    );
    let kept = recovery_files(dir.path());
    assert_eq!(kept, [dir.path().join("demo.json.recovery")]);
    let recovery: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&kept[0]).unwrap()).unwrap();
    assert!(
        recovery["reason"].as_str().unwrap().contains("lock"),
        "{recovery}"
    );
    let doc: serde_json::Value = serde_json::from_slice(&original).unwrap();
    let (before, after) = (order(&doc), order(&recovery["product"]));
    let at = |list: &[String], id: &str| list.iter().position(|s| s == id).unwrap();
    assert!(at(&before, "S-11") < at(&before, "S-12"));
    assert!(
        at(&after, "S-12") < at(&after, "S-11"),
        "the move is in the recovery file"
    );
}

#[test]
fn q_after_a_failed_save_asks_and_save_again_saves_once_it_can() {
    let (dir, file) = demo_dir();
    let original = std::fs::read(&file).unwrap();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    let immutable = Immutable::set(&file);

    tui.send("J");
    tui.wait_for("[save failed]");
    tui.send("q");
    tui.wait_for("Your last edits are not saved.");
    tui.wait_for("y save again · q quit anyway · n stay");
    tui.send("n");
    tui.wait_until("the question to close", |s| {
        !s.contents().contains("not saved.")
    });
    tui.wait_for("[save failed]");

    // Save again while it still fails: asked again, still running.
    tui.send("q");
    tui.wait_for("Your last edits are not saved.");
    tui.send("y");
    tui.wait_for("Your last edits are not saved.");
    assert!(tui.child.try_wait().unwrap().is_none(), "still running");

    drop(immutable);
    tui.send("y");
    tui.wait_exit();
    tui.wait_left_alternate_screen();
    let saved = std::fs::read(&file).unwrap();
    assert_ne!(saved, original, "the edit was saved");
    assert!(recovery_files(dir.path()).is_empty());
}

#[test]
fn quit_anyway_after_a_failed_save_leaves_the_file_as_it_was() {
    let (dir, file) = demo_dir();
    let original = std::fs::read(&file).unwrap();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    let _immutable = Immutable::set(&file);
    tui.send("J");
    tui.wait_for("[save failed]");
    tui.send("q");
    tui.wait_for("q quit anyway");
    tui.send("q");
    tui.wait_exit();
    tui.wait_left_alternate_screen();
    assert_eq!(std::fs::read(&file).unwrap(), original);
    assert!(
        recovery_files(dir.path()).is_empty(),
        "the user chose to drop it"
    );
}

/// A dropped link with a form half typed: nothing was saved yet, but what was typed is kept.
#[test]
fn a_hang_up_with_a_form_open_keeps_what_was_typed_in_the_recovery_file() {
    let (dir, file) = demo_dir();
    let original = std::fs::read(&file).unwrap();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    tui.send("n");
    tui.wait_for("New story");
    tui.send("Typed before the link dropped");
    tui.wait_for("Typed before the link dropped");
    tui.signal("HUP");
    tui.wait_exit();
    assert_eq!(std::fs::read(&file).unwrap(), original);
    let kept = recovery_files(dir.path());
    assert_eq!(kept.len(), 1, "{kept:?}");
    let recovery: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&kept[0]).unwrap()).unwrap();
    assert!(
        recovery.get("product").is_none(),
        "nothing else was unsaved"
    );
    assert_eq!(recovery["draft"]["what"], "New story");
    let typed = recovery["draft"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["text"] == "Typed before the link dropped");
    assert!(typed, "{recovery}");
}

/// `roadlog story edit` changes a story the UI shows: the UI shows the change by itself,
/// within 2 s (it looks at the file once a second).
#[test]
fn a_story_edited_by_the_cli_shows_within_two_seconds() {
    let (_dir, file) = demo_dir();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    tui.wait_for("Story S-11 ");
    cli(
        &file,
        &["story", "edit", "S-11", "--title", "Edited by the CLI"],
    );
    let saved = Instant::now();
    tui.wait_for("Edited by the CLI");
    let took = saved.elapsed();
    assert!(took.as_millis() < 2000, "shown after {took:?}");
    tui.wait_for("reloaded: demo.json changed on disk");
    tui.send("q");
    tui.wait_exit();
}

/// An edit made 100 ms after another program saved (before the UI may have looked at the
/// file) is saved together with that program's change.
#[test]
fn an_edit_made_100_ms_after_an_outside_save_is_kept_with_it() {
    let (_dir, file) = demo_dir();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    tui.wait_for("Story S-11 ");
    let first = open_titles(&file)[0].clone();
    cli(
        &file,
        &["story", "edit", "S-12", "--title", "Renamed by the CLI"],
    );
    std::thread::sleep(std::time::Duration::from_millis(100));
    // S-11 down, below the story the CLI renamed.
    tui.send("J");
    wait_file(&file, "the move saved", |_| {
        open_titles(&file).get(1) == Some(&first)
    });
    let now = open_titles(&file);
    assert_eq!(now[0], "Renamed by the CLI", "{now:?}");
    tui.wait_for("Renamed by the CLI");
    tui.wait_until("the save to settle", |s| {
        let text = s.contents();
        text.contains("[saved]") || text.contains("[merged")
    });
    assert!(!tui.screen().contains("not saved"), "{}", tui.screen());
    tui.send("q");
    tui.wait_exit();
    assert_eq!(open_titles(&file), now, "nothing changed on the way out");
}

/// A change the once-a-second look cannot see (same length, same modification time) is
/// found by the save itself, which merges it rather than writing over it: one key, both
/// changes on disk, and the badge and footer say what was merged.
#[test]
fn a_change_the_watch_cannot_see_is_merged_by_the_next_save() {
    let (_dir, file) = demo_dir();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    tui.wait_for("Story S-11 ");
    let before = std::fs::metadata(&file).unwrap();
    let name = "Renamed elsewhere, now";
    assert_eq!(name.len(), "Harbour Goods web shop".len());
    roadlog::store::Store::at(&file)
        .update(|p| {
            p.rename(name);
            Ok(())
        })
        .unwrap();
    File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(before.modified().unwrap())
        .unwrap();
    let first = open_titles(&file)[0].clone();
    tui.send("J");
    tui.wait_for("[merged 1 change]");
    tui.wait_for("merged 1 change from another program");
    tui.wait_for(name);
    let doc = roadlog::store::Store::at(&file).load().unwrap().product;
    assert_eq!(doc.name(), name);
    assert_eq!(open_titles(&file)[1], first, "the move is on disk too");
    tui.send("q");
    tui.wait_exit();
}

/// A New-story form is open when another program adds a story: the footer says so, and one
/// Ctrl-s saves the form merged with it. Both stories are on disk, with different ids.
#[test]
fn a_form_saved_after_an_outside_change_lands_with_one_ctrl_s() {
    let (_dir, file) = demo_dir();
    let mut tui = started(&file, &[]);
    tui.wait_for("[saved]");
    tui.send("n");
    tui.wait_for("New story");
    tui.send("Typed in the form");
    cli(&file, &["story", "add", "From the CLI"]);
    tui.wait_for("changed on disk: shown once this closes");
    tui.wait_for("Typed in the form");

    tui.send("\x13");
    wait_file(&file, "the form saved", |_| {
        titles(&file).contains(&"Typed in the form".to_string())
    });
    tui.wait_for("[merged");
    let doc = roadlog::store::Store::at(&file).load().unwrap().product;
    let ids: std::collections::BTreeSet<_> = doc.stories().iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), doc.stories().len(), "unique ids");
    let now = titles(&file);
    assert!(now.contains(&"From the CLI".to_string()), "{now:?}");
    tui.wait_until("the form to close", |s| !s.contents().contains("New story"));
    tui.send("q");
    tui.wait_exit();
}
