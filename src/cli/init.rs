//! `init` and `demo --out`: the two commands that create a document.

use chrono::NaiveDate;

use crate::model::Product;
use crate::store::Store;

pub fn init(store: Store, name: &str) -> anyhow::Result<()> {
    store.create(&Product::new(name.trim()))?;
    outln!("created {}", store.path().display());
    Ok(())
}

pub fn demo(store: &Store, today: NaiveDate, stories: usize) -> anyhow::Result<()> {
    let product = crate::demo::sample(today, stories.max(crate::demo::BASE_STORIES))?;
    store.create(&product)?;
    outln!(
        "wrote the sample product ({} stories) to {}",
        product.stories().len(),
        store.path().display()
    );
    Ok(())
}
