//! The `roadlog` binary: everything lives in the library; this only hands over the exit code.

// mimalloc rather than the system allocator: a 100k-story load allocates ~1.5 million small
// values, and mimalloc takes the memory in large pages where glibc faults in every 4 KiB
// page (docs/PERFORMANCE.md: `check` 283 -> 163 ms CPU, page faults 48,900 -> 350).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    roadlog::cli::main()
}
