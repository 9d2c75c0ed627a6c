//! What a command pays on disk at 1k / 10k / 100k stories (1M with `ROADLOG_BENCH_1M`): the
//! parse floor (serde into `IgnoredAny`), load (read + parse + schema), load + every
//! invariant, check (the same verdict, the stories judged piece by piece), encode, save
//! (lock, compare, check, encode, atomic durable write), the TUI's first save of one edit,
//! and one edit as the CLI makes it (`Store::update`: lock, load, change, check, save).
//! Run with `cargo bench --bench store` (or `-- 100000` for one size).

#![allow(clippy::unwrap_used)]

mod common;

use std::hint::black_box;
use std::time::Duration;

use chrono::Utc;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use serde::de::IgnoredAny;

use roadlog::model::{Place, StoryId, StoryPatch};
use roadlog::store::{Encoded, Store, encode, encode_after};

fn store(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("store");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for n in common::sizes() {
        let p = common::product(n);
        let path = dir.path().join(format!("roadlog-{n}.json"));
        let store = Store::at(&path);
        let mut bytes = store.create(&p).unwrap();
        eprintln!("{n} stories: {} bytes on disk", bytes.len());

        group.bench_function(
            BenchmarkId::new("floor: read + parse into IgnoredAny", n),
            |b| {
                b.iter(|| {
                    let bytes = std::fs::read(&path).unwrap();
                    black_box(serde_json::from_slice::<IgnoredAny>(&bytes).unwrap())
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("load", n), &store, |b, s| {
            b.iter(|| black_box(s.load().unwrap()))
        });
        group.bench_with_input(BenchmarkId::new("load + problems", n), &store, |b, s| {
            b.iter(|| black_box(s.load().unwrap().product.problems()))
        });
        // What `roadlog check` runs: the stories judged piece by piece, never held whole.
        group.bench_with_input(
            BenchmarkId::new("check (Store::check)", n),
            &store,
            |b, s| b.iter(|| black_box(s.check().unwrap())),
        );
        group.bench_with_input(BenchmarkId::new("encode", n), &p, |b, p| {
            b.iter(|| black_box(encode(p)))
        });
        // What a CLI edit adds to the load to save only what changed: the story places.
        group.bench_function(
            BenchmarkId::new("find story places (Encoded::read)", n),
            |b| {
                b.iter_batched(
                    || bytes.clone(),
                    |bytes| black_box(Encoded::read(&p, bytes)),
                    BatchSize::LargeInput,
                )
            },
        );
        let placed = Encoded::read(&p, bytes.clone());
        let mut edited = p.clone();
        let first = edited.stories()[0].id;
        edited
            .update_story(
                first,
                StoryPatch {
                    title: Some("One story edited".into()),
                    ..StoryPatch::default()
                },
                Utc::now(),
            )
            .unwrap();
        group.bench_function(
            BenchmarkId::new("encode after one edit (spliced)", n),
            |b| b.iter(|| black_box(encode_after(&edited, Some(&placed)))),
        );
        // Two products that differ by their name, saved in turn, so every save writes.
        let mut other = p.clone();
        other.rename("Harbour Goods web shop (renamed)");
        let pair = [p.clone(), other];
        let mut turn = 0;
        group.bench_function(BenchmarkId::new("save", n), |b| {
            b.iter(|| {
                turn = 1 - turn;
                bytes = store.save_over(&pair[turn], &bytes).unwrap();
            })
        });
        // The TUI writer's first save after opening a file roadlog saved: one story's title
        // edited, from the bytes opened with their stories placed by the note
        // (`Store::placed`, counted in the save), and as it was before: every story encoded.
        let mut opened = 0;
        for (name, use_note) in [
            ("TUI first save (noted file)", true),
            ("TUI first save (unplaced)", false),
        ] {
            group.bench_function(BenchmarkId::new(name, n), |b| {
                b.iter_batched(
                    || {
                        opened += 1;
                        let loaded = store.load().unwrap();
                        let mut edited = loaded.product.clone();
                        let patch = StoryPatch {
                            title: Some(format!("Edited in the TUI {opened}")),
                            ..StoryPatch::default()
                        };
                        edited.update_story(first, patch, Utc::now()).unwrap();
                        (loaded, edited)
                    },
                    |(loaded, edited)| {
                        let read = std::sync::Arc::new(loaded.bytes);
                        let base = if use_note {
                            store.placed(&loaded.product, read)
                        } else {
                            Encoded::unplaced(read)
                        };
                        black_box(store.save_merged_after(&edited, &base).unwrap())
                    },
                    BatchSize::PerIteration,
                )
            });
        }
        let last = StoryId(p.stories().iter().map(|s| s.id.0).max().unwrap());
        group.bench_function(BenchmarkId::new("update (move a story)", n), |b| {
            b.iter(|| store.update(|p| p.move_story(last, Place::Top)).unwrap())
        });
        // What `story edit S-N --title ...` does: one field of one story, alternating so
        // every edit writes.
        let mut title = 0;
        group.bench_function(BenchmarkId::new("update (edit a title)", n), |b| {
            b.iter(|| {
                title = 1 - title;
                let patch = StoryPatch {
                    title: Some(format!("Edited title {title}")),
                    ..StoryPatch::default()
                };
                store
                    .update(|p| p.update_story(last, patch, Utc::now()))
                    .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, store);
criterion_main!(benches);
