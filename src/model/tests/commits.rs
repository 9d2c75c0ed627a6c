//! Story names in commit messages, and linking commits once each.

use chrono::Duration;

use super::{at, now, stories};
use crate::model::{CloseOn, Commit, Mention, Product, StoryId, StoryStatus, mentions};

fn named(message: &str) -> Vec<(u32, bool)> {
    mentions(message)
        .into_iter()
        .map(|Mention { story, fixes }| (story.0, fixes))
        .collect()
}

#[test]
fn stories_are_named_alone_in_any_case() {
    assert_eq!(named("S-42 pay by card"), [(42, false)]);
    assert_eq!(named("[S-42] pay by card"), [(42, false)]);
    assert_eq!(named("pay (s-42), see s-7."), [(42, false), (7, false)]);
    assert_eq!(named("Fixes S-42"), [(42, true)]);
    assert_eq!(named("fix: [s-42]"), [(42, true)]);
    assert_eq!(named("fixed #S-3 and S-4"), [(3, true), (4, false)]);
    assert_eq!(
        named("S-420 is not S-42's friend"),
        [(420, false), (42, false)]
    );
    assert!(named("PS-42 S-42a xS-1 S- S-x SP-3 prefixes S-1x").is_empty());
    assert_eq!(named("S-5 then fixes S-5"), [(5, true)], "once, fixing");
    assert_eq!(
        named("bugfixes S-6"),
        [(6, false)],
        "a word ending in fixes"
    );
    assert_eq!(
        named("S-99999999999 S-2"),
        [(2, false)],
        "too big for an id"
    );
}

fn commit(hash: &str, day: u32, message: &str) -> Commit {
    Commit {
        hash: hash.into(),
        author: "Ana".into(),
        date: at(2026, 3, day, 12),
        subject: message.lines().next().unwrap_or_default().into(),
        message: message.into(),
    }
}

#[test]
fn scanning_twice_links_each_commit_once() {
    let mut p = Product::new("C");
    let ids = stories(&mut p, &["Pay", "Refund"]);
    let log = [
        commit("bbb", 3, "Refund form S-2\n\nAlso touches [S-1]"),
        commit("aaa", 2, "S-1: card form"),
        commit("ccc", 4, "S-9 is gone"),
    ];
    let first = p.link_commits(&log, now());
    assert_eq!(
        first.linked,
        [
            (ids[0], "aaa".to_string()),
            (ids[1], "bbb".to_string()),
            (ids[0], "bbb".to_string())
        ],
        "oldest commit first"
    );
    assert_eq!(first.unknown, [(StoryId(9), "ccc".to_string())]);
    let before = p.clone();
    let again = p.link_commits(&log, now());
    assert!(again.linked.is_empty() && again.moved.is_empty());
    assert_eq!(p, before, "a second scan changes nothing");
    let pay = p.story(ids[0]).unwrap();
    let hashes: Vec<&str> = pay.commits.iter().map(|c| c.hash.as_str()).collect();
    assert_eq!(hashes, ["aaa", "bbb"]);
    assert_eq!(pay.commits[0].subject, "S-1: card form");
    assert_eq!(pay.commits[0].author, "Ana");
}

#[test]
fn a_fixes_commit_moves_the_story_forward_only_when_the_document_asks() {
    let mut p = Product::new("C");
    let ids = stories(&mut p, &["Pay", "Refund", "Done already"]);
    p.set_story_status(ids[2], StoryStatus::Done, now())
        .unwrap();
    let log = [commit("aaa", 2, "fixes S-1"), commit("ddd", 2, "fixes S-3")];
    p.link_commits(&log, now());
    assert_eq!(
        p.story(ids[0]).unwrap().status,
        StoryStatus::Draft,
        "no setting: link only"
    );

    p.set_commit_settings(Some(CloseOn::Fixes), StoryStatus::Review)
        .unwrap();
    let later = now() + Duration::hours(1);
    let out = p.link_commits(
        &[commit("bbb", 3, "Fixes [S-2]"), commit("eee", 3, "fix S-3")],
        later,
    );
    assert_eq!(out.moved, [(ids[1], StoryStatus::Review)]);
    assert_eq!(p.story(ids[1]).unwrap().in_status_since(), later);
    assert!(p.story(ids[2]).unwrap().is_done(), "never back to review");

    assert!(
        p.set_commit_settings(Some(CloseOn::Fixes), StoryStatus::Ready)
            .is_err()
    );
    p.set_commit_settings(Some(CloseOn::Fixes), StoryStatus::Done)
        .unwrap();
    p.set_definition_of_done(vec!["Code reviewed".into()]);
    let out = p.link_commits(&[commit("ccc", 4, "fixes S-1")], later);
    assert!(out.moved.is_empty());
    assert_eq!(out.not_moved.len(), 1, "open DoD item: linked, not moved");
    assert_eq!(p.story(ids[0]).unwrap().commits.len(), 2);
    assert_eq!(p.story(ids[0]).unwrap().status, StoryStatus::Draft);
}
