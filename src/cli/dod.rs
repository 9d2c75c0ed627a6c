//! `roadlog dod ...`: the team's Definition of Done, the checklist every story meets before
//! it is done. Stories tick its items with `story edit --dod-done N`.

use clap::Subcommand;
use serde::Serialize;

use super::WriteChange;
use super::args::{self, OrNone, or_none};
use super::in_file;
use crate::model::StoryId;
use crate::safe_text;
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum DodCmd {
    /// Replace the Definition of Done with these items, in order (`none` alone empties it)
    Set {
        #[arg(required = true, value_name = "ITEM", value_parser = or_none(args::text))]
        items: Vec<OrNone<String>>,
    },
    /// Print the Definition of Done, or one story's ticks against it
    List {
        /// Show which items this story has ticked
        #[arg(long, value_name = "ID")]
        story: Option<StoryId>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct ItemView<'a> {
    number: usize,
    text: &'a str,
    /// Only with `--story`.
    #[serde(skip_serializing_if = "Option::is_none")]
    done: Option<bool>,
}

pub fn run(cmd: DodCmd, store: &Store) -> anyhow::Result<()> {
    match cmd {
        DodCmd::Set { items } => {
            let items: Vec<String> = items.into_iter().filter_map(|i| i.0).collect();
            let count = store.write_change(|p| {
                p.set_definition_of_done(items);
                Ok(p.definition_of_done().len())
            })?;
            if count == 0 {
                outln!("the Definition of Done is empty");
            } else {
                outln!("the Definition of Done has {count} item(s)");
            }
        }
        DodCmd::List { story, json } => {
            let product = store.load()?.product;
            let items: Vec<ItemView> = match story {
                Some(id) => {
                    let s = in_file(store, product.story(id))?;
                    product
                        .dod_checklist(s)
                        .enumerate()
                        .map(|(i, (text, done))| ItemView {
                            number: i + 1,
                            text,
                            done: Some(done),
                        })
                        .collect()
                }
                None => product
                    .definition_of_done()
                    .iter()
                    .enumerate()
                    .map(|(i, text)| ItemView {
                        number: i + 1,
                        text,
                        done: None,
                    })
                    .collect(),
            };
            if json {
                super::json::print(&items)?;
            } else if items.is_empty() {
                outln!("no Definition of Done (set one with `roadlog dod set ITEM...`)");
            } else {
                for i in &items {
                    let tick = match i.done {
                        Some(true) => "[x] ",
                        Some(false) => "[ ] ",
                        None => "",
                    };
                    outln!("{}. {tick}{}", i.number, safe_text::line(i.text));
                }
            }
        }
    }
    Ok(())
}
