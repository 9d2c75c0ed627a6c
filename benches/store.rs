//! What a command pays on disk at 1k / 10k / 100k stories: load (read + parse + check of
//! the schema), encode, save (encode + atomic durable write under the lock) and a whole
//! `update` (lock, load, change, check, save). Run with `cargo bench --bench store`.

#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use roadlog::demo::sample;
use roadlog::model::{Place, Product, StoryId};
use roadlog::store::{Store, encode};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn product(stories: usize) -> Product {
    sample(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), stories).unwrap()
}

fn store(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("store");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for n in SIZES {
        let p = product(n);
        let path = dir.path().join(format!("roadlog-{n}.json"));
        let store = Store::at(&path);
        let mut bytes = store.create(&p).unwrap();
        eprintln!("{n} stories: {} bytes on disk", bytes.len());

        group.bench_with_input(BenchmarkId::new("load", n), &store, |b, s| {
            b.iter(|| black_box(s.load().unwrap()))
        });
        group.bench_with_input(BenchmarkId::new("encode", n), &p, |b, p| {
            b.iter(|| black_box(encode(p)))
        });
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
        let last = StoryId(p.stories().iter().map(|s| s.id.0).max().unwrap());
        group.bench_function(BenchmarkId::new("update (move a story)", n), |b| {
            b.iter(|| store.update(|p| p.move_story(last, Place::Top)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, store);
criterion_main!(benches);
