//! `roadlog backups` and `roadlog restore N`: the versions the store keeps before each save
//! (see `store/backups.rs`), newest first, and bringing one back.

use serde::Serialize;

use super::WriteChange;
use crate::safe_text;
use crate::store::{Backup, Store};

#[derive(Serialize)]
struct BackupView<'a> {
    number: usize,
    taken: String,
    summary: &'a str,
    path: String,
}

fn taken(b: &Backup) -> String {
    b.taken.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Lists the backups, newest first, or sets how many are kept.
pub fn run(keep: Option<u16>, json: bool, store: &Store) -> anyhow::Result<()> {
    if let Some(count) = keep {
        let count = usize::from(count);
        store.write_change(|p| {
            p.set_backups_kept(count);
            Ok(())
        })?;
        match count {
            0 => outln!("no backups will be kept of {}", store.path().display()),
            n => outln!(
                "the last {n} versions of {} will be kept",
                store.path().display()
            ),
        }
        return Ok(());
    }
    let backups = store.backups()?;
    if json {
        let views: Vec<BackupView> = backups
            .iter()
            .map(|b| BackupView {
                number: b.number,
                taken: b.taken.to_rfc3339(),
                summary: &b.summary,
                path: b.path.display().to_string(),
            })
            .collect();
        outln!(
            "{}",
            safe_text::json(&serde_json::to_string_pretty(&views)?)
        );
        return Ok(());
    }
    if backups.is_empty() {
        let keep = store.load()?.product.backups_kept();
        outln!(
            "no backups of {} yet: the version each save replaces is kept (the last {keep})",
            store.path().display()
        );
        return Ok(());
    }
    for b in &backups {
        outln!(
            "{:>3}  {}  {}",
            b.number,
            taken(b),
            safe_text::line(&b.summary)
        );
    }
    Ok(())
}

/// Brings backup `number` back, as a save.
pub fn restore(store: &Store, number: usize) -> anyhow::Result<()> {
    let b = store.restore(number)?;
    outln!(
        "restored backup {} (kept {}) as {}: {}",
        b.number,
        taken(&b),
        store.path().display(),
        safe_text::line(&b.summary)
    );
    outln!("the version it replaced is backup 1 now: `roadlog restore 1` undoes this");
    Ok(())
}
