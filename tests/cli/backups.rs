//! Backups: before each save the version it replaces is kept beside the document, the last
//! `settings.backups` of them; `roadlog backups` lists them and `roadlog restore N` brings
//! one back, itself a save, so restoring again undoes it.

#![allow(clippy::unwrap_used)]

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use super::Doc;

fn folder(doc: &Doc) -> PathBuf {
    doc.dir.path().join(".roadlog.json.backups")
}

fn count(doc: &Doc) -> usize {
    std::fs::read_dir(folder(doc)).map_or(0, |d| d.count())
}

fn titles(doc: &Doc) -> Vec<String> {
    let list = doc.json(&["story", "list"]);
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn each_save_keeps_the_version_it_replaced_listed_newest_first() {
    let doc = Doc::new();
    assert_eq!(count(&doc), 0, "creating a document replaces nothing");
    let empty = doc.ok(&["backups"]);
    assert!(empty.contains("no backups of"), "{empty}");
    assert!(empty.contains("the last 20"), "{empty}");
    let first = doc.add(&["story", "add", "First"]);
    let second = doc.add(&["story", "add", "Second"]);
    doc.ok(&["story", "edit", &first, "--points", "3"]);
    assert_eq!(count(&doc), 3);
    let out = doc.ok(&["backups"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    // Each line: its number, when, and what the next version changed.
    assert!(lines[0].trim_start().starts_with("1  "), "{out}");
    assert!(
        lines[0].contains(&format!("changed {first} (points)")),
        "{out}"
    );
    assert!(lines[1].contains(&format!("added {second}")), "{out}");
    assert!(lines[2].contains(&format!("added {first}")), "{out}");
    assert!(lines[0].contains(" UTC "), "{out}");
    let json = doc.json(&["backups"]);
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert_eq!(json[0]["number"], 1);
    // A command that changes nothing keeps nothing.
    doc.ok(&["story", "edit", &first, "--points", "3"]);
    assert_eq!(count(&doc), 3);
}

#[test]
fn restore_brings_a_version_back_and_restoring_again_undoes_it() {
    let doc = Doc::new();
    doc.add(&["story", "add", "Keep me"]);
    doc.add(&["story", "add", "Added by mistake"]);
    let before_restore = doc.bytes();
    // Backup 1 is the version before the mistake.
    let out = doc.ok(&["restore", "1"]);
    assert!(out.contains("restored backup 1"), "{out}");
    assert!(out.contains("roadlog restore 1"), "{out}");
    assert_eq!(titles(&doc), ["Keep me"]);
    // The restore was a save: what it replaced is backup 1 now, and restoring it undoes.
    doc.ok(&["restore", "1"]);
    assert_eq!(titles(&doc), ["Keep me", "Added by mistake"]);
    assert_eq!(doc.bytes(), before_restore);
    // An older one by number, and one that is not there.
    let listed = doc.json(&["backups"]);
    let n = listed.as_array().unwrap().len();
    let missing = doc.fails(1, &["restore", &(n + 1).to_string()]);
    assert!(
        missing.contains(&format!("no backup {} of", n + 1))
            && missing.contains(&format!("there are {n}")),
        "{missing}"
    );
    doc.fails(1, &["restore", "0"]);
}

#[test]
fn backups_have_the_documents_permissions() {
    let doc = Doc::new();
    std::fs::set_permissions(doc.path(), std::fs::Permissions::from_mode(0o640)).unwrap();
    doc.add(&["story", "add", "Private"]);
    let entries: Vec<_> = std::fs::read_dir(folder(&doc)).unwrap().collect();
    assert_eq!(entries.len(), 1);
    for e in entries {
        let mode = e.unwrap().metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    let dir = std::fs::metadata(folder(&doc))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir, 0o750, "the folder opens to whom the document does");
}

#[test]
fn the_oldest_are_pruned_past_the_count_the_settings_keep() {
    let doc = Doc::new();
    doc.ok(&["backups", "--keep", "3"]);
    assert!(
        doc.bytes().windows(11).any(|w| w == b"\"backups\": "),
        "saved in the settings"
    );
    for n in 0..6 {
        doc.add(&["story", "add", &format!("Story {n}")]);
    }
    assert_eq!(count(&doc), 3);
    let out = doc.ok(&["backups"]);
    assert!(out.contains("added S-6"), "{out}");
    assert!(!out.contains("added S-3"), "the oldest went: {out}");
    // A file in the folder that is not one of ours is neither listed nor pruned.
    let mine = folder(&doc).join("notes.txt");
    std::fs::write(&mine, "mine").unwrap();
    doc.add(&["story", "add", "One more"]);
    assert!(mine.exists());
    assert_eq!(doc.ok(&["backups"]).lines().count(), 3);
    // None kept: the folder empties at the next save.
    doc.ok(&["backups", "--keep", "0"]);
    doc.add(&["story", "add", "Unkept"]);
    assert_eq!(count(&doc), 1, "only notes.txt is left");
}

#[test]
fn read_only_lists_but_refuses_restore_and_keep() {
    let doc = Doc::new();
    doc.add(&["story", "add", "Something"]);
    let listed = doc.ok(&["--read-only", "backups"]);
    assert!(listed.contains("added S-1"), "{listed}");
    let before = count(&doc);
    let refused = doc.fails(1, &["--read-only", "restore", "1"]);
    assert!(refused.contains("--read-only"), "{refused}");
    doc.fails(1, &["--read-only", "backups", "--keep", "5"]);
    assert_eq!(count(&doc), before);
}

#[test]
fn git_setup_ignores_the_backups() {
    let patterns = roadlog::store::side_file_patterns("roadlog.json");
    assert!(patterns.contains(&".roadlog.json.backups/".to_string()));
}
