//! `roadlog conflicts` and `roadlog resolve`: the fields two writers changed at once, kept
//! in the document by the merge until someone settles them.

use crate::model::{Conflict, Take};
use crate::safe_text;
use crate::store::Store;

/// The command that settles one conflict, as the listing and `check` print it.
pub fn settle_hint(c: &Conflict) -> String {
    format!(
        "roadlog resolve {} {} --take ours|theirs|VALUE",
        c.entity, c.field
    )
}

/// A value as JSON on one line, made safe for the terminal.
pub fn shown(value: &serde_json::Value) -> String {
    safe_text::line(&value.to_string()).into_owned()
}

pub fn list(store: &Store, json: bool) -> anyhow::Result<()> {
    let product = store.load()?.product;
    let open = product.conflicts();
    if json {
        return super::json::print(&open);
    }
    if open.is_empty() {
        outln!("no open conflicts in {}", store.path().display());
        return Ok(());
    }
    outln!(
        "{} open conflict(s) in {}: the value that stands is ours (the later writer's)",
        open.len(),
        store.path().display()
    );
    for c in open {
        outln!("");
        outln!(
            "{} {}   (met {})",
            safe_text::line(&c.entity),
            safe_text::line(&c.field),
            format!("{} UTC", super::dates().moment(c.at))
        );
        outln!("  ours (stands): {}", shown(&c.ours));
        outln!("  theirs:        {}", shown(&c.theirs));
        outln!("  settle:        {}", settle_hint(c));
    }
    Ok(())
}

pub fn resolve(store: &Store, entity: &str, field: &str, take: &str) -> anyhow::Result<()> {
    let take = match take.trim() {
        "ours" => Take::Ours,
        "theirs" => Take::Theirs,
        _ => Take::Value(take.to_string()),
    };
    let (settled, saved) = store.update(|p| p.settle_conflict(entity, field, take))?;
    let left = saved.conflicts().len();
    super::release(saved);
    let (entity, field) = (
        safe_text::line(&settled.entity),
        safe_text::line(&settled.field),
    );
    match &settled.value {
        Some(value) => outln!("settled {entity} {field}: {}", shown(value)),
        None => outln!("closed the conflict on {entity} {field}: {entity} no longer exists"),
    }
    if left > 0 {
        outln!("{left} conflict(s) still open (`roadlog conflicts`)");
    }
    Ok(())
}
