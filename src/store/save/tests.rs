#![allow(clippy::unwrap_used)]

use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::sync::Arc;

use chrono::NaiveDate;

use super::{OnDisk, Outgoing, splice_on_disk};
use crate::demo::sample;
use crate::model::{Place, StoryId};
use crate::store::digest::Digest;
use crate::store::{codec, encode};

/// The bytes `out` writes into a new file.
fn written(out: &Outgoing, dir: &std::path::Path) -> Vec<u8> {
    let path = dir.join("new.json");
    let mut file = File::create(&path).unwrap();
    out.write_into(&mut file).unwrap();
    fs::read(&path).unwrap()
}

/// An edit read from a file copies its unchanged stories from that file as it writes, and
/// what it writes is the full encode; once a program that takes no lock has written into
/// the file in place (here: one letter of a story the edit did not change), nothing is
/// copied from it any more, and what is written is still the full encode, not their letter.
#[test]
fn a_file_written_in_place_after_the_edit_read_it_is_not_copied_from() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.json");
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    fs::write(&path, encode(&sample(today, 300).unwrap())).unwrap();
    let file = File::open(&path).unwrap();
    let read = codec::decode_streamed(&file, u64::MAX).unwrap();
    let mut product = read.product;
    let disk = OnDisk::new(&product, read.layout.unwrap(), file, read.digest).unwrap();
    product.move_story(StoryId(200), Place::Top).unwrap();
    let spliced = splice_on_disk(&product, Arc::new(disk)).unwrap();
    let out = Outgoing::on_disk(spliced, &product);
    let full = encode(&product);
    assert_eq!(written(&out, dir.path()), full);

    let text = fs::read_to_string(&path).unwrap();
    let title = &product.stories()[150].title;
    let at = text.find(&format!("\"title\": \"{title}\"")).unwrap() + "\"title\": \"".len();
    let other = if title.starts_with('X') { b"Y" } else { b"X" };
    let theirs = OpenOptions::new().write(true).open(&path).unwrap();
    theirs.write_at(other, at as u64).unwrap();
    assert_eq!(written(&out, dir.path()), full);
    assert_eq!(out.bytes().as_slice(), full);
}

/// An edit of a file without the note of the last save encodes the product as it writes
/// it, chunk by chunk on every core and over several rounds here (5,000 stories): what
/// lands in the file is the full encode, and the digest it notes is that of those bytes.
#[test]
fn a_product_encoded_as_it_is_written_is_its_full_encode() {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let mut product = sample(today, 5000).unwrap();
    product.move_story(StoryId(4321), Place::Top).unwrap();
    let out = Outgoing::streamed(&product);
    let path = dir.path().join("new.json");
    let mut file = File::create(&path).unwrap();
    let digest = out.write_into(&mut file).unwrap();
    let bytes = fs::read(&path).unwrap();
    assert_eq!(bytes, encode(&product));
    assert_eq!(digest, Digest::of(&bytes));
}

/// A save whose exchange displaced another program's version writes the merge over the
/// version it had just put on the disk; a program that takes no lock may have written into
/// that one meanwhile in a way the merge cannot tell from ours (it wrote back the bytes we
/// wrote), so it is kept as a backup before the merge replaces it, beside the backup of
/// the version the save started from.
#[test]
fn a_merge_written_after_an_exchange_keeps_what_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::store::Store::at(dir.path().join("roadlog.json"));
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let theirs = sample(today, 30).unwrap();
    store.create(&theirs).unwrap();
    // What the save read (the file held it then), and its own change on top of it.
    let mut read = theirs.clone();
    read.move_story(StoryId(3), Place::Top).unwrap();
    let mut ours = read.clone();
    ours.move_story(StoryId(9), Place::Top).unwrap();
    let mut lock = store.lock().unwrap();
    let expected = super::Expected::bytes(encode(&read));
    let draft = Outgoing::new(Arc::new(encode(&ours)));
    let saved = store.commit(&mut lock, expected, draft, 5).unwrap();
    assert!(
        saved.merged.is_some(),
        "the displaced version was merged in"
    );
    let kept: Vec<Vec<u8>> = fs::read_dir(store.backup_folder())
        .unwrap()
        .map(|entry| fs::read(entry.unwrap().path()).unwrap())
        .collect();
    assert_eq!(kept.len(), 2);
    assert!(
        kept.contains(&encode(&theirs)),
        "the version the save started from"
    );
    assert!(
        kept.contains(&encode(&ours)),
        "the version the merge replaced"
    );
    assert_eq!(fs::read(store.path()).unwrap(), saved.bytes().as_slice());
}
