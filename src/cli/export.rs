//! `roadlog export markdown|csv|json [--out FILE] [--force]` and `roadlog schema`: the
//! document for people and programs outside roadlog. Printed, or written by the store as a
//! side file (atomically, with the document's permission bits, never over an existing file
//! unless `--force`).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use crate::export;
use crate::store::{IfTaken, Store};

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// The roadmap for stakeholders: visions, Now / Next / Later, the active sprint
    Markdown {
        #[command(flatten)]
        out: Out,
    },
    /// One row per story with every field, in Jira's column names; `import csv` reads it back
    Csv {
        #[command(flatten)]
        out: Out,
    },
    /// The document exactly as roadlog saves it
    Json {
        #[command(flatten)]
        out: Out,
    },
}

#[derive(Debug, Args)]
pub struct Out {
    /// Write to FILE instead of standard output; an existing FILE is kept unless --force
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace FILE if it exists
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(cmd: ExportCmd, store: &Store, today: NaiveDate) -> anyhow::Result<()> {
    let product = store.load()?.product;
    let (text, out) = match cmd {
        ExportCmd::Markdown { out } => (export::markdown(&product, today), out),
        ExportCmd::Csv { out } => (export::csv(&product)?, out),
        ExportCmd::Json { out } => (export::json(&product), out),
    };
    match out.out {
        None => print_exactly(&text),
        Some(path) => {
            let if_taken = if out.force {
                IfTaken::Replace
            } else {
                IfTaken::Refuse
            };
            let written = store.write_side_file(&path, text.as_bytes(), if_taken)?;
            outln!("wrote {}", written.display());
        }
    }
    Ok(())
}

/// `roadlog schema`: the JSON Schema of the document.
pub fn schema() -> anyhow::Result<()> {
    print_exactly(&export::schema());
    Ok(())
}

/// Prints `text` byte for byte (its final line break included) through the CLI's writer.
fn print_exactly(text: &str) {
    super::write_exactly(text);
}
