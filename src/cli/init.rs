//! `init` and `demo --out`: the two commands that create a document.

use chrono::NaiveDate;

use crate::model::Product;
use crate::store::Store;

pub fn init(store: Store, name: &str) -> anyhow::Result<()> {
    store.create(&Product::new(name.trim()))?;
    outln!("created {}", store.path().display());
    outln!("add a first story with `roadlog story add \"TITLE\"`, or open it with `roadlog`");
    Ok(())
}

/// Writes the sample; `announce` is false when the TUI opens on a temporary copy, since a
/// path printed then would name a file that is gone by the time the user reads it.
pub fn demo(store: &Store, today: NaiveDate, stories: usize, announce: bool) -> anyhow::Result<()> {
    let product = crate::demo::sample(today, stories.max(crate::demo::BASE_STORIES))?;
    store.create(&product)?;
    if !announce {
        return Ok(());
    }
    outln!(
        "wrote the sample product ({} stories) to {}",
        product.stories().len(),
        store.path().display()
    );
    Ok(())
}
