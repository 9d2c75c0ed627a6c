//! `roadlog conflicts`, `resolve` and `check` on open conflicts, as a user meets them after
//! a merge; and the merge driver run by hand on three files.

use serde_json::{Value, json};

use super::Doc;

/// Two open conflicts, as a merge records them: S-2's title and S-3's points.
pub(super) fn with_conflicts(doc: &Doc) {
    doc.edit_raw(|d| {
        let title = story(d, "S-2")["title"].clone();
        let points = story(d, "S-3")["points"].clone();
        d["conflicts"] = json!([
            {"entity": "S-2", "field": "title", "ours": title, "theirs": "Their title",
             "at": "2026-11-23T12:00:00Z"},
            {"entity": "S-3", "field": "points", "ours": points, "theirs": 8,
             "at": "2026-11-23T12:00:00Z"},
        ]);
    });
}

fn story<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .find(|s| s["id"] == id)
        .expect("the story")
}

fn document(doc: &Doc) -> Value {
    serde_json::from_slice(&doc.bytes()).expect("JSON")
}

#[test]
fn conflicts_lists_each_with_both_values_and_how_to_settle_it() {
    let doc = Doc::demo();
    assert!(doc.ok(&["conflicts"]).starts_with("no open conflicts in"));
    with_conflicts(&doc);
    let out = doc.ok(&["conflicts"]);
    assert!(out.starts_with("2 open conflict(s) in"), "{out}");
    assert!(
        out.contains("S-2 title   (met 2026-11-23 12:00 UTC)"),
        "{out}"
    );
    assert!(out.contains("  theirs:        \"Their title\""), "{out}");
    assert!(
        out.contains("roadlog resolve S-3 points --take ours|theirs|VALUE"),
        "{out}"
    );
    let listed = doc.json(&["conflicts"]);
    assert_eq!(listed[1]["theirs"], 8);
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
}

#[test]
fn check_lists_open_conflicts_and_fails_until_they_are_settled() {
    let doc = Doc::demo();
    with_conflicts(&doc);
    let out = doc.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("open conflict on S-2 title"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 open conflict(s) in"), "{stderr}");

    doc.ok(&["resolve", "S-2", "title", "--take", "ours"]);
    doc.ok(&["resolve", "S-3", "points", "--take", "theirs"]);
    assert!(doc.ok(&["check"]).contains("no problems"));
}

#[test]
fn resolve_takes_ours_theirs_or_a_value_of_the_fields_type() {
    let doc = Doc::demo();
    with_conflicts(&doc);
    let before = story(&document(&doc), "S-2")["title"].clone();
    let out = doc.ok(&["resolve", "s-2", "title", "--take", "ours"]);
    assert_eq!(
        out.lines().next(),
        Some(format!("settled S-2 title: {before}").as_str())
    );
    assert!(out.contains("1 conflict(s) still open"), "{out}");
    assert_eq!(story(&document(&doc), "S-2")["title"], before);

    // A number typed for points is a number; the record goes with it.
    doc.ok(&["resolve", "S-3", "points", "--take", "13"]);
    let d = document(&doc);
    assert_eq!(story(&d, "S-3")["points"], 13);
    assert!(d.get("conflicts").is_none(), "no empty list left behind");

    // Text typed for a title stays text, even when it reads as a number.
    with_conflicts(&doc);
    doc.ok(&["resolve", "S-2", "title", "--take", "42"]);
    assert_eq!(story(&document(&doc), "S-2")["title"], "42");
    doc.ok(&["resolve", "S-3", "points", "--take", "theirs"]);
    assert_eq!(story(&document(&doc), "S-3")["points"], 8);
}

#[test]
fn resolve_refuses_a_missing_conflict_and_a_value_the_field_cannot_hold() {
    let doc = Doc::demo();
    let err = doc.fails(1, &["resolve", "S-2", "title", "--take", "ours"]);
    assert!(err.contains("no open conflict on S-2 'title'"), "{err}");
    with_conflicts(&doc);
    let err = doc.fails(1, &["resolve", "S-3", "points", "--take", "lots"]);
    assert!(err.contains("'lots' cannot be S-3 'points'"), "{err}");
    let err = doc.fails(1, &["resolve", "S-3", "title", "--take", "ours"]);
    assert!(err.contains("no open conflict on S-3 'title'"), "{err}");
}

#[test]
fn a_conflict_on_a_story_deleted_since_is_closed() {
    let doc = Doc::demo();
    with_conflicts(&doc);
    doc.ok(&["story", "rm", "S-3"]);
    let out = doc.ok(&["resolve", "S-3", "points", "--take", "theirs"]);
    assert!(out.contains("S-3 no longer exists"), "{out}");
    assert_eq!(
        document(&doc)["conflicts"].as_array().map(Vec::len),
        Some(1)
    );
}

/// The driver by hand: base, ours and theirs files; ours receives the merge.
#[test]
fn merge_driver_run_by_hand_merges_into_ours() {
    let doc = Doc::demo();
    let dir = doc.dir.path();
    std::fs::copy(doc.path(), dir.join("base.json")).expect("copy");
    doc.ok(&["story", "edit", "S-1", "--title", "Ours"]);
    std::fs::copy(doc.path(), dir.join("ours.json")).expect("copy");
    std::fs::copy(dir.join("base.json"), doc.path()).expect("copy");
    doc.ok(&["story", "edit", "S-1", "--points", "13"]);
    std::fs::copy(doc.path(), dir.join("theirs.json")).expect("copy");

    let out = doc.run(&["merge-driver", "base.json", "ours.json", "theirs.json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("merged 1 change from the other branch"),
        "{stderr}"
    );
    let merged: Value =
        serde_json::from_slice(&std::fs::read(dir.join("ours.json")).expect("read")).expect("JSON");
    assert_eq!(story(&merged, "S-1")["title"], "Ours");
    assert_eq!(story(&merged, "S-1")["points"], 13);
}

/// Runs git in the document's folder, with no user configuration needed.
pub(super) fn git(doc: &Doc, args: &[&str]) -> bool {
    std::process::Command::new("git")
        .current_dir(doc.dir.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .args(["-c", "user.name=Tess", "-c", "user.email=tess@example.com"])
        .args(args)
        .output()
        .expect("git runs")
        .status
        .success()
}

/// The document's folder as a git repository with the document committed.
pub(super) fn in_repository(doc: &Doc) {
    assert!(git(doc, &["init", "-q", "-b", "main", "."]));
    assert!(git(doc, &["add", "roadlog.json"]));
    assert!(git(doc, &["commit", "-q", "-m", "backlog"]));
}

/// A merge git did as text, leaving conflict markers in the document.
pub(super) fn merged_as_text(doc: &Doc) {
    in_repository(doc);
    assert!(git(doc, &["checkout", "-q", "-b", "other"]));
    doc.ok(&["story", "edit", "S-1", "--title", "Per other"]);
    assert!(git(doc, &["commit", "-q", "-am", "other"]));
    assert!(git(doc, &["checkout", "-q", "main"]));
    doc.ok(&["story", "edit", "S-1", "--as", "returning shopper"]);
    assert!(git(doc, &["commit", "-q", "-am", "main"]));
    assert!(!git(doc, &["merge", "--no-edit", "other"]), "git merged it");
}

/// A base and a theirs beside the document for `merge-driver base.json roadlog.json
/// theirs.json`: theirs renamed S-1.
pub(super) fn driver_inputs(doc: &Doc) {
    let dir = doc.dir.path();
    std::fs::copy(doc.path(), dir.join("base.json")).expect("copy");
    let mut theirs = document(doc);
    for s in theirs["stories"].as_array_mut().expect("stories") {
        if s["id"] == "S-1" {
            s["title"] = json!("Renamed there");
        }
    }
    let text = serde_json::to_vec_pretty(&theirs).expect("JSON");
    std::fs::write(dir.join("theirs.json"), text).expect("write");
}
