//! The model's own costs at 1k / 10k / 100k stories: a backlog move, a full `problems()`
//! check (run on every save), the derived figures and building the demo sample.
//! 1M with `ROADLOG_BENCH_1M`. Run with `cargo bench --bench model`.

#![allow(clippy::unwrap_used)]

mod common;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use common::today;
use roadlog::demo::sample;
use roadlog::model::{Place, StoryId};

fn model(c: &mut Criterion) {
    let mut group = c.benchmark_group("model");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for n in common::sizes() {
        let mut p = common::product(n);
        let last = StoryId(p.stories().iter().map(|s| s.id.0).max().unwrap());
        // Two moves per iteration, each across the whole backlog: the worst case.
        group.bench_function(BenchmarkId::new("move story to top and back", n), |b| {
            b.iter(|| {
                p.move_story(last, Place::Top).unwrap();
                p.move_story(last, Place::Bottom).unwrap();
            })
        });
        group.bench_function(BenchmarkId::new("problems", n), |b| {
            b.iter(|| black_box(p.problems()))
        });
        let epics: Vec<_> = p.epics().iter().map(|e| e.id).collect();
        let active = p.active_sprint().unwrap().id;
        group.bench_function(BenchmarkId::new("figures", n), |b| {
            b.iter(|| {
                for e in &epics {
                    black_box(p.epic_progress(*e));
                }
                black_box(p.burndown(active, today()))
            })
        });
        group.bench_with_input(BenchmarkId::new("demo sample", n), &n, |b, n| {
            b.iter(|| black_box(sample(today(), *n).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, model);
criterion_main!(benches);
