//! The commands of docs/PERFORMANCE.md's table, timed as a user meets them: the release
//! binary run on a document of 1k / 10k / 100k stories (1M with `ROADLOG_BENCH_1M`), output
//! to /dev/null. Process start, reading the file and printing are all in the figure.
//! Run with `cargo bench --bench cli` (or `-- 100000` for one size).

#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};

use roadlog::store::Store;

fn run(file: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_roadlog"))
        .arg("--file")
        .arg(file)
        .args(args)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "roadlog {args:?} failed");
}

fn cli(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("cli");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for n in common::sizes() {
        let product = common::product(n);
        let file = dir.path().join(format!("roadlog-{n}.json"));
        Store::at(&file).create(&product).unwrap();
        let last = product.stories().last().unwrap().id.to_string();

        group.bench_function(BenchmarkId::new("check", n), |b| {
            b.iter(|| run(&file, &["check"]))
        });
        group.bench_function(BenchmarkId::new("story list --json", n), |b| {
            b.iter(|| run(&file, &["story", "list", "--json"]))
        });
        group.bench_function(BenchmarkId::new("story list", n), |b| {
            b.iter(|| run(&file, &["story", "list"]))
        });
        let mut turn = 0;
        group.bench_function(BenchmarkId::new("story edit --title", n), |b| {
            b.iter(|| {
                turn = 1 - turn;
                let title = format!("Edited title {turn}");
                run(&file, &["story", "edit", &last, "--title", &title])
            })
        });
    }
    group.finish();
}

criterion_group!(benches, cli);
criterion_main!(benches);
