//! Bounded runs of the fuzz targets under `cargo test`: the very bodies the cargo-fuzz
//! binaries run (fuzz/src/lib.rs, included here), fed arbitrary bytes and random mutations
//! of the fixtures' valid files, plus every input a fuzzer once crashed on
//! (tests/fixtures/fuzz/<target>/). Long runs: "Fuzzing" in docs/ARCHITECTURE.md.
#![allow(clippy::unwrap_used)]

#[path = "../fuzz/src/lib.rs"]
mod bodies;
mod seeded;

use std::path::Path;

use proptest::prelude::*;

/// One change to a seed's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    /// Copies a stretch of the input elsewhere (splicing, as fuzzers do).
    Copy {
        from: usize,
        len: usize,
        to: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), 1..64usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), 1..128usize, any::<usize>()).prop_map(|(from, len, to)| Mutation::Copy {
            from,
            len,
            to
        }),
    ]
}

fn mutate(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for m in mutations {
        let n = bytes.len().max(1);
        match m {
            Mutation::Flip(at, b) => {
                if let Some(x) = bytes.get_mut(at % n) {
                    *x = *b;
                }
            }
            Mutation::Insert(at, b) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, b.iter().copied());
            }
            Mutation::Delete(at, len) => {
                let at = at % n;
                let end = (at + len).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            Mutation::Copy { from, len, to } => {
                let from = from % n;
                let end = (from + len).min(bytes.len());
                let piece = bytes[from.min(end)..end].to_vec();
                let to = to % (bytes.len() + 1);
                bytes.splice(to..to, piece);
            }
        }
    }
    bytes
}

fn seed(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// Every input kept in tests/fixtures/fuzz/<target>/ still runs through the target.
fn regressions(target: &str, body: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        body(&std::fs::read(&path).unwrap());
    }
}

#[test]
fn inputs_that_once_crashed_a_target_pass() {
    regressions("loader", bodies::loader);
    regressions("loader_mutated", bodies::loader_mutated);
    regressions("query", bodies::query);
    regressions("import_csv", bodies::import_csv);
    regressions("import_taskwarrior", bodies::import_taskwarrior);
    regressions("import_backlog_md", bodies::import_backlog_md);
}

proptest! {
    #![proptest_config(seeded::config(128, 0x6675_7a7a))]

    #[test]
    fn loader_takes_any_bytes(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        bodies::loader(&data);
    }

    #[test]
    fn loader_takes_mutated_valid_documents(
        pick in 0..bodies::SEEDS.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        bodies::loader(&mutate(bodies::SEEDS[pick], &mutations));
    }

    #[test]
    fn loader_takes_documents_with_values_changed(
        data in proptest::collection::vec(any::<u8>(), 1..16),
    ) {
        bodies::loader_mutated(&data);
    }

    #[test]
    fn the_where_parser_takes_any_text(data in proptest::collection::vec(any::<u8>(), 0..64)) {
        bodies::query(&data);
    }

    #[test]
    fn the_where_parser_takes_mutated_queries(
        pick in 0..4usize,
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let queries = ["status:ready epic:E-1", "points:>3 sprint:SP-8 card", "-label:x assignee:ana", "sprint:none points:1..5"];
        bodies::query(&mutate(queries[pick].as_bytes(), &mutations));
    }

    #[test]
    fn the_csv_importer_takes_any_bytes(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        bodies::import_csv(&data);
    }

    #[test]
    fn the_csv_importer_takes_mutated_exports(mutations in proptest::collection::vec(mutation(), 1..6)) {
        bodies::import_csv(&mutate(&seed("tests/fixtures/import/jira.csv"), &mutations));
    }

    #[test]
    fn the_taskwarrior_importer_takes_any_bytes(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        bodies::import_taskwarrior(&data);
    }

    #[test]
    fn the_taskwarrior_importer_takes_mutated_exports(mutations in proptest::collection::vec(mutation(), 1..6)) {
        bodies::import_taskwarrior(&mutate(&seed("tests/fixtures/import/taskwarrior.json"), &mutations));
    }

    #[test]
    fn the_backlog_md_importer_takes_any_bytes(data in proptest::collection::vec(any::<u8>(), 0..512)) {
        bodies::import_backlog_md(&data);
    }

    #[test]
    fn the_backlog_md_importer_takes_mutated_folders(mutations in proptest::collection::vec(mutation(), 1..6)) {
        let mut folder = vec![0u8];
        folder.extend(seed("tests/fixtures/import/backlog-md/tasks/task-1 - Import-me.md"));
        bodies::import_backlog_md(&mutate(&folder, &mutations));
    }
}
