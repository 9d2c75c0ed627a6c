//! Reporting out: the document as files for people and programs that will never open
//! roadlog. Each format is a pure function from the product to text (`markdown.rs` for
//! stakeholders, `csv.rs` for spreadsheets and Jira, `schema.rs` for validators); the CLI
//! prints it or hands it to the store, which writes it beside nothing it would replace.

mod csv;
mod markdown;
mod schema;

pub use csv::csv;
pub use markdown::markdown;
pub use schema::schema;

use crate::model::Product;

/// The document exactly as the store saves it.
pub fn json(product: &Product) -> String {
    String::from_utf8_lossy(&crate::store::encode(product)).into_owned()
}
