//! What every bench shares: the sizes it runs at and the documents it runs on.

#![allow(dead_code, clippy::unwrap_used)]

use chrono::NaiveDate;
use roadlog::model::Product;

/// 1k, 10k and 100k stories; 1M too when `ROADLOG_BENCH_1M` is set (that size takes
/// minutes, so a plain `cargo bench` stays short).
pub fn sizes() -> Vec<usize> {
    let mut sizes = vec![1_000, 10_000, 100_000];
    if std::env::var_os("ROADLOG_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    sizes
}

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The document `roadlog demo --stories n` writes.
pub fn product(n: usize) -> Product {
    roadlog::demo::sample(today(), n).unwrap()
}
