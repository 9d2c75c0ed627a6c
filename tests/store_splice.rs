//! Spliced saves: a save that re-encodes only the stories changed since the last save (or
//! the load) and copies the rest from the old bytes must write exactly what a full encode
//! writes, for any edit, in the TUI's writer and in CLI edits through the note of the last
//! save; a file not in canonical form is still saved canonical, note or not; and what the
//! new code saves is the document the old shape reads.

#![allow(clippy::unwrap_used)]

use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use serde::Deserialize;

use roadlog::demo::sample;
use roadlog::model::{
    EpicStories, Place, Product, Story, StoryDraft, StoryId, StoryPatch, StoryStatus,
};
use roadlog::store::{Encoded, FILE_NAME, Store, decode, encode, encode_after, encode_in_chunks};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> DateTime<Utc> {
    today().and_hms_opt(12, 0, 0).unwrap().and_utc()
}

/// One edit, its story picked by position (modulo the backlog's length at the time).
#[derive(Debug, Clone)]
enum Edit {
    Title(usize, String),
    Points(usize, Option<u32>),
    Status(usize, StoryStatus),
    Move(usize, usize),
    ToTop(usize),
    Remove(usize),
    Add(String),
    /// Removed, then put back elsewhere: a different `Arc`, an equal story.
    PutBack(usize, usize),
    Rename(String),
    /// Touches many stories at once: each of the epic's stories loses its epic.
    DropEpic(usize),
    /// The file read back in the middle: the next saves start from read places.
    Reread,
}

fn edit() -> impl Strategy<Value = Edit> {
    let text = "[a-zA-Z0-9 é\"\\\\\n\t{}\\[\\],]{1,12}";
    prop_oneof![
        (any::<usize>(), text).prop_map(|(i, t)| Edit::Title(i, t)),
        (any::<usize>(), proptest::option::of(0u32..40)).prop_map(|(i, p)| Edit::Points(i, p)),
        (any::<usize>(), 0usize..5).prop_map(|(i, s)| {
            let all = [
                StoryStatus::Draft,
                StoryStatus::Ready,
                StoryStatus::InProgress,
                StoryStatus::Review,
                StoryStatus::Done,
            ];
            Edit::Status(i, all[s])
        }),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::Move(i, j)),
        any::<usize>().prop_map(Edit::ToTop),
        any::<usize>().prop_map(Edit::Remove),
        text.prop_map(Edit::Add),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Edit::PutBack(i, j)),
        text.prop_map(Edit::Rename),
        any::<usize>().prop_map(Edit::DropEpic),
        Just(Edit::Reread),
    ]
}

fn nth(p: &Product, i: usize) -> Option<StoryId> {
    let n = p.stories().len();
    (n > 0).then(|| p.stories()[i % n].id)
}

/// Applies an edit; a refused one (a rule of the model) changes nothing, as in the app.
fn apply(p: &mut Product, edit: &Edit) {
    let patch = |f: fn(&mut StoryPatch)| {
        let mut patch = StoryPatch::default();
        f(&mut patch);
        patch
    };
    let _ = match edit {
        Edit::Title(i, t) => nth(p, *i).map(|id| {
            let mut change = patch(|_| ());
            change.title = Some(t.clone());
            p.update_story(id, change, now()).map(drop)
        }),
        Edit::Points(i, points) => nth(p, *i).map(|id| {
            let mut change = patch(|_| ());
            change.points = Some(*points);
            p.update_story(id, change, now()).map(drop)
        }),
        Edit::Status(i, s) => nth(p, *i).map(|id| p.set_story_status(id, *s, now())),
        Edit::Move(i, j) => nth(p, *i)
            .zip(nth(p, *j))
            .map(|(a, b)| p.move_story(a, Place::After(b))),
        Edit::ToTop(i) => nth(p, *i).map(|id| p.move_story(id, Place::Top)),
        Edit::Remove(i) => nth(p, *i).map(|id| p.remove_story(id).map(drop)),
        Edit::Add(t) => Some(
            p.add_story(
                StoryDraft {
                    title: format!("new {t}"),
                    ..StoryDraft::default()
                },
                Place::Top,
                now(),
            )
            .map(drop),
        ),
        Edit::PutBack(i, j) => nth(p, *i).map(|id| {
            let (story, _) = p.remove_story(id)?;
            p.restore_story(story, j % 50 + 1)
        }),
        Edit::Rename(t) => {
            p.rename(format!("shop {t}"));
            None
        }
        Edit::DropEpic(i) => {
            let epics: Vec<_> = p.epics().iter().map(|e| e.id).collect();
            (!epics.is_empty()).then(|| {
                p.remove_epic(epics[i % epics.len()], EpicStories::Detach)
                    .map(drop)
            })
        }
        Edit::Reread => None,
    };
}

/// Where two encodings part, with a little of each around it.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let at = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let around = |x: &[u8]| {
        String::from_utf8_lossy(&x[at.saturating_sub(60)..(at + 60).min(x.len())]).into_owned()
    };
    format!("byte {at}: spliced {:?}, full {:?}", around(a), around(b))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Save after save, each from the last one's places (as the TUI's writer does), or
    /// from a file read back (as every CLI edit does): always the full encode's bytes.
    #[test]
    fn a_spliced_save_of_any_edits_is_the_full_encode(
        edits in proptest::collection::vec(edit(), 1..12),
        size in 0usize..60,
        per_chunk in 1usize..6,
    ) {
        let mut product = sample(today(), size.max(1)).unwrap();
        if size == 0 {
            while let Some(s) = product.stories().first() {
                let id = s.id;
                product.remove_story(id).unwrap();
            }
        }
        let mut last = Encoded::read(&product, encode(&product));
        prop_assert_eq!(last.placed(), product.stories().len());
        for e in &edits {
            if let Edit::Reread = e {
                let bytes = last.bytes().to_vec();
                product = decode(std::path::Path::new("mem.json"), &bytes).unwrap();
                last = Encoded::read(&product, bytes);
                prop_assert_eq!(last.placed(), product.stories().len());
                continue;
            }
            apply(&mut product, e);
            let spliced = encode_after(&product, Some(&last));
            let full = encode(&product);
            prop_assert!(
                **spliced.bytes() == full,
                "after {:?}: {}", e, first_difference(spliced.bytes(), &full)
            );
            prop_assert_eq!(spliced.placed(), product.stories().len());
            // What every CLI edit writes: the stories in chunks, on every core.
            let chunked = encode_in_chunks(&product, per_chunk, 0);
            prop_assert!(
                chunked == full,
                "in chunks of {} after {:?}: {}", per_chunk, e, first_difference(&chunked, &full)
            );
            last = spliced;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// CLI edits one after the other on a real file (`Store::update`), each splicing
    /// into the file the last one wrote when the note says it is ours, with other tools
    /// rewriting the file now and then (compact, or indented their own way): the file is
    /// always the full encode of the product the edit returns.
    #[test]
    fn cli_edits_through_the_note_write_the_full_encode(
        edits in proptest::collection::vec(edit(), 1..12),
        size in 1usize..60,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path().join(FILE_NAME));
        store.create(&sample(today(), size).unwrap()).unwrap();
        let mut foreign = 0;
        for e in &edits {
            if let Edit::Reread = e {
                // Another tool writes the same document its own way.
                let product = store.load().unwrap().product;
                foreign += 1;
                let theirs = if foreign % 2 == 0 {
                    serde_json::to_vec(&product).unwrap()
                } else {
                    serde_json::to_string_pretty(&product).unwrap().replace("\n  ", "\n   ").into_bytes()
                };
                std::fs::write(store.path(), theirs).unwrap();
                continue;
            }
            let (_, product) = store.update(|p| { apply(p, e); Ok(()) }).unwrap();
            let on_disk = std::fs::read(store.path()).unwrap();
            let full = encode(&product);
            prop_assert!(on_disk == full, "after {:?}: {}", e, first_difference(&on_disk, &full));
            prop_assert_eq!(store.load().unwrap().product, product);
        }
    }
}

/// The note of a canonical save, as `roadlog` sets it on the file, for the bytes `of`.
fn note_for(of: &[u8]) -> String {
    format!(
        "roadlog {} canonical save\n{} {:032x}",
        env!("CARGO_PKG_VERSION"),
        of.len(),
        xxhash_rust::xxh3::xxh3_128(of)
    )
}

const NOTE: &str = "user.roadlog.canonical";

/// The note on the file at `path`, if it has one.
fn note_on(path: &std::path::Path) -> Option<String> {
    let mut value = [0u8; 256];
    let len = rustix::fs::getxattr(path, NOTE, &mut value[..]).ok()?;
    Some(String::from_utf8_lossy(&value[..len]).into_owned())
}

/// `encode(product)` with the first letter of one story's title written as a `\u` escape,
/// as other JSON tools may write it: laid out canonically, the same document, and not
/// canonical. Returns the text and the canonical title line.
fn with_one_escaped_title(product: &Product) -> (String, String) {
    let text = String::from_utf8(encode(product)).unwrap();
    let story = &product.stories()[20];
    let first = story.title.chars().next().unwrap();
    assert!(first.is_ascii_alphanumeric(), "{:?}", story.title);
    let canonical = format!("\"title\": \"{}", story.title);
    let escaped = format!(
        "\"title\": \"\\u{:04x}{}",
        u32::from(first),
        &story.title[1..]
    );
    assert_eq!(text.matches(&canonical).count(), 1);
    let written = text.replacen(&canonical, &escaped, 1);
    assert_eq!(
        decode(std::path::Path::new("mem.json"), written.as_bytes()).unwrap(),
        *product
    );
    (written, canonical)
}

/// The note is what an edit trusts: with a note forged for a file that is laid out
/// canonically but holds one story written another way, an edit of another story copies
/// that story's bytes as they are (which shows the edit spliced rather than encoded it all).
/// Without a note, or with the note of another version, a cut one, or one naming other
/// bytes, the same edit writes the whole file canonical. On a file system without user
/// attributes there is never a note, and every edit writes the whole file canonical.
#[test]
fn an_edit_splices_only_into_the_file_its_note_names() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join(FILE_NAME));
    store.create(&sample(today(), 40).unwrap()).unwrap();
    let product = store.load().unwrap().product;
    let notes = note_on(store.path()).is_some();
    if notes {
        assert_eq!(note_on(store.path()), Some(note_for(&encode(&product))));
    }
    let (written, canonical) = with_one_escaped_title(&product);
    let forged = note_for(written.as_bytes());
    let (version, digest) = forged.split_once('\n').unwrap();
    let other_version = format!("{}\n{digest}", version.replace("roadlog ", "roadlog 0."));
    for (note, spliced) in [
        (Some(forged.clone()), notes),
        (None, false),
        (Some(other_version), false),
        (Some(forged[..forged.len() - 3].to_string()), false),
        (Some(note_for(&encode(&product))), false),
    ] {
        std::fs::write(store.path(), &written).unwrap();
        let _ = rustix::fs::removexattr(store.path(), NOTE);
        if let Some(text) = &note {
            let set = rustix::fs::setxattr(
                store.path(),
                NOTE,
                text.as_bytes(),
                rustix::fs::XattrFlags::empty(),
            );
            assert_eq!(set.is_ok(), notes, "{set:?}");
        }
        let (_, edited) = store
            .update(|p| p.move_story(StoryId(5), Place::Top))
            .unwrap();
        let on_disk = String::from_utf8(std::fs::read(store.path()).unwrap()).unwrap();
        assert_eq!(!on_disk.contains(&canonical), spliced, "note {note:?}");
        if !spliced {
            assert_eq!(on_disk.as_bytes(), encode(&edited), "note {note:?}");
        }
        // Whichever way it went, the edit is in, and the note names what was written.
        assert_eq!(edited.stories()[0].id, StoryId(5));
        if notes {
            assert_eq!(note_on(store.path()), Some(note_for(on_disk.as_bytes())));
        }
    }
}

/// The TUI's writer starts from the places a note gives, as a CLI edit does: its first save
/// copies the stories the user did not change. Shown as above with a forged note on a file
/// holding one story written another way, whose bytes the save then keeps as they are;
/// without the note nothing is placed and the save writes the whole file canonical.
#[test]
fn the_tui_writers_first_save_splices_only_into_the_file_its_note_names() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join(FILE_NAME));
    store.create(&sample(today(), 40).unwrap()).unwrap();
    let notes = note_on(store.path()).is_some();
    let loaded = store.load().unwrap();
    let stories = loaded.product.stories().len();
    let placed = store.placed(&loaded.product, std::sync::Arc::new(loaded.bytes));
    assert_eq!(placed.placed(), if notes { stories } else { 0 });

    let (written, canonical) = with_one_escaped_title(&loaded.product);
    for noted in [true, false] {
        std::fs::write(store.path(), &written).unwrap();
        let _ = rustix::fs::removexattr(store.path(), NOTE);
        if noted {
            let note = note_for(written.as_bytes());
            let flags = rustix::fs::XattrFlags::empty();
            let set = rustix::fs::setxattr(store.path(), NOTE, note.as_bytes(), flags);
            assert_eq!(set.is_ok(), notes, "{set:?}");
        }
        let read = store.load().unwrap();
        let base = store.placed(&read.product, std::sync::Arc::new(read.bytes));
        let spliced = noted && notes;
        assert_eq!(base.placed(), if spliced { stories } else { 0 });
        let mut edited = read.product.clone();
        edited.move_story(StoryId(5), Place::Top).unwrap();
        let (saved, merged) = store.save_merged_after(&edited, &base).unwrap();
        assert!(merged.is_none());
        let on_disk = std::fs::read(store.path()).unwrap();
        assert_eq!(on_disk, **saved.bytes());
        let text = String::from_utf8(on_disk).unwrap();
        assert_eq!(!text.contains(&canonical), spliced, "noted {noted}");
        assert_eq!(decode(store.path(), text.as_bytes()).unwrap(), edited);
        if !spliced {
            assert_eq!(text.as_bytes(), encode(&edited));
        }
    }
}

/// A restored backup is written as it was kept, so it gets no note: a hand-written
/// backup is not canonical, and the next edit must write the whole file canonical.
#[test]
fn a_restored_backup_carries_no_note() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join(FILE_NAME));
    store.create(&sample(today(), 40).unwrap()).unwrap();
    let product = store.load().unwrap().product;
    let (written, canonical) = with_one_escaped_title(&product);
    std::fs::write(store.path(), &written).unwrap();
    store
        .update(|p| p.move_story(StoryId(5), Place::Top))
        .unwrap();
    store.restore(1).unwrap();
    assert_eq!(std::fs::read_to_string(store.path()).unwrap(), written);
    assert_eq!(note_on(store.path()), None);
    let (_, edited) = store
        .update(|p| p.move_story(StoryId(7), Place::Top))
        .unwrap();
    let on_disk = std::fs::read(store.path()).unwrap();
    assert_eq!(on_disk, encode(&edited));
    assert!(String::from_utf8(on_disk).unwrap().contains(&canonical));
}

#[test]
fn a_large_document_encoded_in_chunks_on_every_core_is_the_full_encode() {
    let product = sample(today(), 5_000).unwrap();
    let full = encode(&product);
    // Many rounds of small chunks, a last chunk shorter than the rest, and one chunk of all.
    for per_chunk in [1, 7, 2048, 5_000, 10_000] {
        let chunked = encode_in_chunks(&product, per_chunk, full.len());
        assert!(
            chunked == full,
            "in chunks of {per_chunk}: {}",
            first_difference(&chunked, &full)
        );
    }
}

/// The document as the model before `Stories` read it: a plain list of stories.
#[derive(Deserialize)]
struct OldShape {
    schema: u32,
    name: String,
    stories: Vec<Story>,
}

#[test]
fn a_document_saved_by_splicing_reads_in_the_old_shape() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join(FILE_NAME));
    store.create(&sample(today(), 300).unwrap()).unwrap();
    let id = StoryId(150);
    // `create` notes the file canonical, so both edits splice.
    store
        .update(|p| p.move_story(StoryId(3), Place::Top))
        .unwrap();
    let (_, loaded) = store
        .update(|p| {
            let change = StoryPatch {
                title: Some("Edited through a spliced save".into()),
                ..StoryPatch::default()
            };
            p.update_story(id, change, now())
        })
        .unwrap();
    let on_disk = std::fs::read(store.path()).unwrap();
    assert_eq!(on_disk, encode(&loaded), "not the full encode");
    let old: OldShape = serde_json::from_slice(&on_disk).unwrap();
    assert_eq!((old.schema, old.name.as_str()), (1, loaded.name()));
    let now_read: Vec<Story> = loaded.stories().iter().cloned().collect();
    assert_eq!(old.stories, now_read);
    let edited = old.stories.iter().find(|s| s.id == id).unwrap();
    assert_eq!(edited.title, "Edited through a spliced save");
}

/// A file written by another tool (here: on one line, or with its head indented its own
/// way) has no canonical places to reuse; the next save writes it canonical, whole.
#[test]
fn a_file_not_in_canonical_form_is_saved_canonical() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join(FILE_NAME));
    let product = sample(today(), 40).unwrap();
    let compact = serde_json::to_vec(&product).unwrap();
    let text = String::from_utf8(encode(&product)).unwrap();
    let reindented = text.replacen("\n  \"name\"", "\n    \"name\"", 1);
    assert_ne!(reindented, text);
    for written in [compact, reindented.into_bytes()] {
        std::fs::write(store.path(), &written).unwrap();
        let (_, loaded) = store
            .update(|p| p.move_story(StoryId(3), Place::Top))
            .unwrap();
        let on_disk = std::fs::read(store.path()).unwrap();
        assert_eq!(on_disk, encode(&loaded));
    }
}

/// A file laid out exactly as `encode` lays it out, with one story written another way
/// (a letter of its title as a `\u` escape, as other JSON tools may write it): an edit of
/// another story must still write the whole file canonical, not copy that story's bytes
/// as they were found.
#[test]
fn a_story_not_in_canonical_form_is_saved_canonical_by_an_edit_of_another() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join(FILE_NAME));
    let product = sample(today(), 40).unwrap();
    // Saved, so the file carries a note; written over in place below, it names other bytes.
    store.create(&product).unwrap();
    store
        .update(|p| p.move_story(StoryId(3), Place::Top))
        .unwrap();
    let product = store.load().unwrap().product;
    let (written, canonical) = with_one_escaped_title(&product);
    std::fs::write(store.path(), &written).unwrap();

    let (_, loaded) = store
        .update(|p| p.move_story(StoryId(3), Place::Top))
        .unwrap();

    let on_disk = String::from_utf8(std::fs::read(store.path()).unwrap()).unwrap();
    assert!(
        on_disk.contains(&canonical),
        "the escaped title was kept as found"
    );
    assert_eq!(on_disk.into_bytes(), encode(&loaded));
}

/// An edit that leaves the document as it was writes nothing (the file keeps its inode, no
/// backup is kept), through the note or without it, and when its stories moved and came
/// back, so the pieces copied from the file are out of their order and then in it again.
#[test]
fn an_edit_that_changes_nothing_writes_nothing() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::at(dir.path().join(FILE_NAME));
    store.create(&sample(today(), 3000).unwrap()).unwrap();
    let before = std::fs::read(store.path()).unwrap();
    let there_and_back = |p: &mut Product| {
        p.move_story(StoryId(5), Place::Top)?;
        p.move_story(StoryId(5), Place::After(StoryId(4)))
    };
    let names = || {
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    for noted in [true, false] {
        if !noted {
            let _ = rustix::fs::removexattr(store.path(), NOTE);
        }
        let inode = std::fs::metadata(store.path()).unwrap().ino();
        let files = names();
        store.update(|_| Ok(())).unwrap();
        store.update(there_and_back).unwrap();
        assert_eq!(std::fs::metadata(store.path()).unwrap().ino(), inode);
        assert_eq!(std::fs::read(store.path()).unwrap(), before);
        // The bytes were written to tell, and their temporary file is gone.
        assert_eq!(names(), files, "noted: {noted}");
        assert!(store.backups().unwrap().is_empty(), "noted: {noted}");
    }
    // A change that is one: written, and a backup kept.
    store
        .update(|p| p.move_story(StoryId(5), Place::Top))
        .unwrap();
    assert_ne!(std::fs::read(store.path()).unwrap(), before);
    assert_eq!(store.backups().unwrap().len(), 1);
}
