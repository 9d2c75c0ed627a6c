//! The terminal UI (being built; see issue "The TUI").

use crate::store::Store;

pub fn run(store: Store, read_only: bool) -> anyhow::Result<()> {
    let _ = read_only;
    anyhow::bail!(
        "the TUI is not built yet; use the subcommands (roadlog --help) on {}",
        store.path().display()
    )
}
