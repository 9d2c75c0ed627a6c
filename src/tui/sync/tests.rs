#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use super::*;
use crate::store::StoreError;
use crate::store::merge::MergeReport;

fn product() -> Product {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    crate::demo::sample(today, 40).unwrap()
}

fn bytes(text: &str) -> Arc<Vec<u8>> {
    Arc::new(text.as_bytes().to_vec())
}

fn version(text: &str) -> Version {
    Version {
        product: product(),
        bytes: bytes(text),
    }
}

fn failure() -> StoreError {
    StoreError::Io {
        action: "save",
        path: PathBuf::from("demo.json"),
        source: std::io::Error::other("No space left on device"),
    }
}

#[test]
fn edits_made_during_a_save_are_saved_together_by_the_next() {
    let mut sync = Sync::new(bytes("v0"));
    assert_eq!(sync.badge(), Badge::Saved);
    sync.edited();
    let (edit, expected) = sync.next_save().unwrap();
    assert_eq!((edit, expected.as_slice()), (1, b"v0".as_slice()));
    sync.edited();
    sync.edited();
    assert_eq!(sync.next_save(), None, "one save at a time");
    assert_eq!(sync.badge(), Badge::Saving);

    let saved = sync.report(
        Report::Saved {
            edit: 1,
            bytes: bytes("v1"),
            merged: None,
        },
        true,
    );
    assert!(matches!(saved, Next::Nothing));
    // Edit 1 is on disk, but not the two after it: not "saved" yet.
    assert_eq!(sync.badge(), Badge::Saving);
    let (edit, expected) = sync.next_save().unwrap();
    assert_eq!((edit, expected.as_slice()), (3, b"v1".as_slice()));
    sync.report(
        Report::Saved {
            edit: 3,
            bytes: bytes("v3"),
            merged: None,
        },
        true,
    );
    assert_eq!(sync.badge(), Badge::Saved);
    assert!(!sync.unsaved());
    assert_eq!(sync.next_save(), None);
}

#[test]
fn a_wait_for_the_lock_shows_until_the_save_lands() {
    let mut sync = Sync::new(bytes("v0"));
    let holder = LockWait { holder: Some(4242) };
    // A late report after the save ended shows nothing.
    sync.report(Report::LockWait(holder.clone()), true);
    assert_eq!(sync.badge(), Badge::Saved);

    sync.edited();
    sync.next_save().unwrap();
    let said = sync.report(Report::LockWait(holder.clone()), true);
    assert!(matches!(said, Next::Say(s) if s.contains("pid 4242")));
    assert_eq!(sync.badge(), Badge::WaitingForLock(holder));
    assert_eq!(sync.badge().text(), "waiting for lock · pid 4242");
    assert!(sync.why_unsaved().contains("pid 4242"));
    assert!(!sync.at_risk(), "waiting is not failing");
    sync.report(
        Report::Saved {
            edit: 1,
            bytes: bytes("v1"),
            merged: None,
        },
        true,
    );
    assert_eq!(sync.badge(), Badge::Saved);
}

#[test]
fn a_failed_save_is_at_risk_until_an_edit_or_save_again_retries_it() {
    let mut sync = Sync::new(bytes("v0"));
    sync.edited();
    sync.next_save().unwrap();
    let said = sync.report(
        Report::Failed {
            edit: 1,
            error: failure(),
        },
        true,
    );
    assert!(matches!(said, Next::Say(s) if s.contains("No space left")));
    assert_eq!(sync.badge(), Badge::Failed);
    assert!(sync.at_risk());
    assert_eq!(sync.next_save(), None, "no retry on its own");
    sync.retry();
    assert_eq!(sync.next_save().map(|(e, _)| e), Some(1));
    sync.report(
        Report::Failed {
            edit: 1,
            error: failure(),
        },
        true,
    );
    sync.edited();
    assert_eq!(
        sync.next_save().map(|(e, _)| e),
        Some(2),
        "the edit retries"
    );
}

fn merge_report(taken: usize) -> MergeReport {
    MergeReport {
        taken,
        ..MergeReport::default()
    }
}

#[test]
fn a_merged_save_is_adopted_and_the_badge_says_what_came_in() {
    let mut sync = Sync::new(bytes("v0"));
    sync.edited();
    sync.next_save().unwrap();
    let next = sync.report(
        Report::Saved {
            edit: 1,
            bytes: bytes("merged"),
            merged: Some(Box::new((product(), merge_report(3)))),
        },
        true,
    );
    let Next::Merged { report, behind, .. } = next else {
        panic!("{next:?}");
    };
    assert_eq!(report.taken, 3);
    assert!(
        behind.is_none(),
        "nothing was edited since: adopt as written"
    );
    assert_eq!(sync.badge().text(), "merged 3 changes");
    assert!(!sync.at_risk());
    // The next save is based on what the merge wrote, and the badge moves on.
    sync.edited();
    assert_eq!(sync.badge(), Badge::Saving);
    assert_eq!(sync.next_save().unwrap().1.as_slice(), b"merged");
}

#[test]
fn edits_made_during_a_merged_save_wait_for_the_rebase() {
    let mut sync = Sync::new(bytes("v0"));
    sync.edited();
    sync.next_save().unwrap();
    sync.edited();
    let next = sync.report(
        Report::Saved {
            edit: 1,
            bytes: bytes("merged"),
            merged: Some(Box::new((product(), merge_report(1)))),
        },
        true,
    );
    let Next::Merged {
        behind: Some(written),
        ..
    } = next
    else {
        panic!("{next:?}");
    };
    assert!(sync.unsaved(), "edit 2 is not on disk");
    // The session moves edit 2 onto the merge; the next save starts from what it wrote.
    sync.rebased(written);
    assert_eq!(sync.next_save().unwrap(), (2, bytes("merged")));
}

#[test]
fn a_change_by_others_is_followed_only_when_nothing_would_be_lost() {
    let mut sync = Sync::new(bytes("v0"));
    let next = sync.report(Report::Outside(Ok(version("theirs"))), true);
    assert!(matches!(next, Next::Replace(_, Replaced::Outside)));
    assert_eq!(sync.badge(), Badge::Saved);

    // A form is open (not quiet): kept aside, said once, and edits go on.
    let next = sync.report(Report::Outside(Ok(version("theirs 2"))), false);
    assert!(matches!(next, Next::Held));
    assert_eq!(sync.badge(), Badge::Saved);
    let next = sync.report(Report::Outside(Ok(version("theirs 3"))), false);
    assert!(matches!(next, Next::Nothing));
    assert!(matches!(sync.follow_when_safe(false), Next::Nothing));
    // The form closed: followed now.
    assert!(matches!(
        sync.follow_when_safe(true),
        Next::Replace(_, Replaced::Outside)
    ));
    assert_eq!(sync.badge(), Badge::Saved);
    sync.edited();
    assert_eq!(sync.next_save().unwrap().1.as_slice(), b"theirs 3");
}

#[test]
fn unsaved_edits_are_never_replaced_by_a_change_from_outside_but_merged_with_it() {
    let mut sync = Sync::new(bytes("v0"));
    sync.edited();
    let next = sync.report(Report::Outside(Ok(version("theirs"))), true);
    assert!(matches!(next, Next::Nothing));
    assert!(matches!(sync.follow_when_safe(true), Next::Nothing));
    assert!(!sync.at_risk());
    // The save goes out on the version the edit was made on: the store merges theirs in.
    assert_eq!(sync.next_save().unwrap(), (1, bytes("v0")));
    sync.report(
        Report::Saved {
            edit: 1,
            bytes: bytes("merged"),
            merged: Some(Box::new((product(), merge_report(1)))),
        },
        true,
    );
    assert!(
        matches!(sync.follow_when_safe(true), Next::Nothing),
        "the save merged the version kept aside: nothing older to follow"
    );
}

#[test]
fn the_file_back_to_our_version_ends_the_trouble() {
    let mut sync = Sync::new(bytes("v0"));
    let broken = StoreError::Missing {
        path: PathBuf::from("demo.json"),
    };
    let next = sync.report(Report::Outside(Err(broken)), true);
    assert!(matches!(next, Next::Say(s) if s.contains("cannot be loaded")));
    assert_eq!(sync.badge(), Badge::Unreadable);
    assert!(sync.unreadable().is_some());
    sync.edited();
    assert_eq!(
        sync.next_save(),
        None,
        "nothing is saved over an unreadable file"
    );
    assert!(sync.at_risk());
    sync.discard();
    sync.report(Report::Back { bytes: bytes("v0") }, true);
    assert_eq!(sync.badge(), Badge::Saved);

    sync.report(Report::Outside(Ok(version("theirs"))), false);
    sync.report(Report::Outside(Ok(version("v0"))), false);
    assert_eq!(sync.badge(), Badge::Saved);
    assert!(matches!(sync.follow_when_safe(true), Next::Nothing));
}

#[test]
fn a_reload_refuses_edits_until_it_comes() {
    let mut sync = Sync::new(bytes("v0"));
    sync.report(Report::Outside(Ok(version("theirs"))), false);
    assert!(sync.start_reload());
    assert!(!sync.start_reload(), "one at a time");
    let next = sync.report(Report::Reloaded(Ok(version("theirs"))), false);
    assert!(matches!(next, Next::Replace(_, Replaced::Asked)));
    assert_eq!(sync.badge(), Badge::Saved);
    assert!(!sync.reloading() && sync.unreadable().is_none());

    sync.start_reload();
    assert_eq!(sync.badge(), Badge::Reloading);
    assert!(sync.reloading());
}

#[test]
fn quitting_anyway_gives_up_the_unsaved_edits() {
    let mut sync = Sync::new(bytes("v0"));
    sync.edited();
    sync.discard();
    assert!(!sync.unsaved());
    assert_eq!(sync.next_save(), None);
}

#[test]
fn a_snapshot_stays_as_it_was_and_an_edit_without_one_copies_nothing() {
    let mut doc = SharedProduct::new(product());
    let before = doc.stories().clone();
    let snapshot = doc.snapshot();
    let first = doc.stories()[0].id;
    doc.remove_story(first).unwrap();
    assert_eq!(snapshot.stories(), &before);
    assert_eq!(doc.stories().len(), before.len() - 1);
    drop(snapshot);

    let at = Arc::as_ptr(&doc.snapshot());
    let second = doc.stories()[0].id;
    doc.remove_story(second).unwrap();
    assert_eq!(Arc::as_ptr(&doc.snapshot()), at, "changed in place");
}
