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

/// What the benches that time by hand read: wall time, or with `ROADLOG_BENCH_CPU` set,
/// the time this thread has spent on a core (`CLOCK_THREAD_CPUTIME_ID`, which counts up to
/// the moment it is read; `/proc/thread-self/schedstat`, read before, is brought up to date
/// only at the scheduler's ticks, and read back zero for a whole batch of `p`). On a machine
/// shared with other work, wall time mostly measures the wait for a core; the thread's CPU
/// time is what the code costs, and what a quiet machine shows as wall time for this
/// single-threaded work.
pub fn now() -> std::time::Duration {
    static ORIGIN: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    if std::env::var_os("ROADLOG_BENCH_CPU").is_some() {
        let spent = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        return std::time::Duration::new(
            u64::try_from(spent.tv_sec).unwrap(),
            u32::try_from(spent.tv_nsec).unwrap(),
        );
    }
    ORIGIN.get_or_init(std::time::Instant::now).elapsed()
}
