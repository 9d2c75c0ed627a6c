//! The proptest configuration of the random-input suites: a fixed seed, so a run repeats
//! and a failure can be replayed; `PROPTEST_CASES` and `PROPTEST_RNG_SEED` override it for
//! a longer or a different run.

use proptest::test_runner::{Config, RngSeed};

/// `cases` cases (unless `PROPTEST_CASES` says otherwise) from `seed` (unless
/// `PROPTEST_RNG_SEED` names another).
pub fn config(cases: u32, seed: u64) -> Config {
    let default = Config::default();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    let rng_seed = match default.rng_seed {
        RngSeed::Random => RngSeed::Fixed(seed),
        seed => seed,
    };
    Config {
        cases,
        rng_seed,
        ..default
    }
}
