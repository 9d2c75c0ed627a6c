//! `roadlog commits scan` in a real, temporary git repository.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::Doc;

/// Runs git in `dir` with a fixed identity, whatever the machine's configuration says.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Ana Lima",
            "-c",
            "user.email=ana@example.com",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn commit(doc: &Doc, file: &str, message: &str) {
    std::fs::write(doc.dir.path().join(file), message).expect("writable");
    git(doc.dir.path(), &["add", file]);
    git(doc.dir.path(), &["commit", "-q", "-m", message]);
}

fn hashes(story: &Value) -> Vec<&str> {
    story["commits"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c["subject"].as_str().expect("a subject"))
        .collect()
}

#[test]
fn scanning_twice_links_each_commit_once() {
    let doc = Doc::new();
    for title in ["Pay", "Refund", "Ship"] {
        doc.add(&["story", "add", title]);
    }
    git(doc.dir.path(), &["init", "-q"]);
    commit(&doc, "a", "S-1: card form");
    commit(
        &doc,
        "b",
        "Refund form [s-2]\n\nAlso moves S-1 along; not S-10 nor PS-3",
    );
    commit(&doc, "c", "Unrelated tidy-up");

    let first = doc.ok(&["commits", "scan"]);
    assert!(
        first.starts_with("linked 3 commit(s) from 3 read:"),
        "{first}"
    );
    let second = doc.ok(&["commits", "scan"]);
    assert!(
        second.starts_with("no new links (3 commit(s) read)\n"),
        "{second}"
    );
    assert!(
        second.contains("names S-10, which this document does not have"),
        "{second}"
    );

    let pay = doc.json(&["story", "show", "S-1"]);
    assert_eq!(
        hashes(&pay),
        ["S-1: card form", "Refund form [s-2]"],
        "each commit once, oldest first"
    );
    let link = &pay["commits"][0];
    assert_eq!(link["author"], "Ana Lima");
    assert_eq!(link["hash"].as_str().map(str::len), Some(40));
    assert!(link["date"].as_str().is_some_and(|d| d.ends_with('Z')));
    assert_eq!(
        hashes(&doc.json(&["story", "show", "S-2"])),
        ["Refund form [s-2]"]
    );
    assert!(hashes(&doc.json(&["story", "show", "S-3"])).is_empty());
    let text = doc.ok(&["story", "show", "S-1"]);
    assert!(
        text.contains("commits\n") && text.contains("Ana Lima  S-1: card form"),
        "{text}"
    );

    // A fixing commit moves its story once the document asks for it.
    doc.ok(&["commits", "close-on", "fixes"]);
    commit(&doc, "d", "Fixes S-3: parcel labels");
    let moved = doc.ok(&["commits", "scan", "--since", "HEAD~1"]);
    assert!(moved.contains("moved S-3 to review"), "{moved}");
    assert_eq!(doc.json(&["story", "show", "S-3"])["status"], "review");
}

#[test]
fn scan_refuses_a_folder_without_git_a_bad_revision_and_read_only() {
    let doc = Doc::new();
    let outside = doc.fails(1, &["commits", "scan"]);
    assert!(outside.contains("is not in a git repository"), "{outside}");
    git(doc.dir.path(), &["init", "-q"]);
    assert_eq!(
        doc.ok(&["commits", "scan"]),
        "no new links (0 commit(s) read)\n"
    );
    commit(&doc, "a", "S-1 first");
    let bad = doc.fails(1, &["commits", "scan", "--since", "no-such-tag"]);
    assert!(bad.contains("no commit 'no-such-tag'"), "{bad}");
    let option = doc.fails(1, &["commits", "scan", "--since=--output=x"]);
    assert!(option.contains("no commit '--output=x'"), "{option}");
    doc.add(&["story", "add", "Pay"]);
    let read_only = doc.fails(1, &["--read-only", "commits", "scan"]);
    assert!(read_only.contains("--read-only"), "{read_only}");
}
