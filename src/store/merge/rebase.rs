//! Edits made while a save was merging, moved onto what it wrote. A running UI sends a
//! snapshot to be saved and goes on editing; if that save merged another program's changes
//! in, the UI's document is behind the file on one side and ahead of it on the other. The
//! edits made since the snapshot are merged onto the saved document, so neither is lost and
//! the next save starts from the file as it is.

use chrono::{DateTime, Utc};

use super::{merge, renumber};
use crate::model::Product;

/// The UI's document moved onto a merged save, and the ids that changed on the way.
#[derive(Debug, Clone)]
pub struct Rebased {
    pub product: Product,
    /// (old, new), in the order to apply them to an id: first our newer entities that
    /// collided with the merge, then the ones the save itself renumbered.
    pub renumbered: Vec<(String, String)>,
}

/// `current` (made from `sent`, the snapshot a save wrote as `saved` after merging another
/// program's changes in, renumbering `save_renumbered`) moved onto `saved`: `saved` plus
/// everything that changed from `sent` to `current`. `at` stamps new conflicts.
pub fn rebase(
    sent: &Product,
    current: &Product,
    saved: &Product,
    save_renumbered: &[(String, String)],
    at: DateTime<Utc>,
) -> Result<Rebased, serde_json::Error> {
    let sent = serde_json::to_value(sent)?;
    let current = serde_json::to_value(current)?;
    let saved = serde_json::to_value(saved)?;
    // Entities created since the snapshot whose ids the save now uses for something else
    // move first, so renumbering the snapshot's ids below cannot make two of one id.
    let (current, mut renumbered) = renumber::collisions(&sent, &current, &saved);
    renumbered.extend(save_renumbered.iter().cloned());
    let sent = renumber::renamed(&sent, save_renumbered);
    let current = renumber::renamed(&current, save_renumbered);
    let merged = merge(&sent, &current, &saved, at);
    renumbered.extend(merged.report.renumbered);
    let mut product: Product = serde_json::from_value(merged.document)?;
    product.repair_counters();
    Ok(Rebased {
        product,
        renumbered,
    })
}

/// `id` after the renumbering, applied in order.
pub fn follow(id: &str, renumbered: &[(String, String)]) -> String {
    renumbered.iter().fold(
        id.to_string(),
        |id, (old, new)| if id == *old { new.clone() } else { id },
    )
}
