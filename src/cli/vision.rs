//! `roadlog vision ...`: product visions and their business goals.

use clap::{Args, Subcommand};

use super::WriteChange;
use super::args::{self, OrNone, or_none, replace_list};
use super::in_file;
use super::json::{self, VisionView};
use super::table::{Field, Table, print_fields};
use crate::model::{Goal, Product, Vision, VisionDraft, VisionId, VisionPatch};
use crate::safe_text;
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum VisionCmd {
    /// Add a vision
    Add {
        /// The vision in a few words
        title: String,
        #[command(flatten)]
        fields: NewVision,
    },
    /// List visions
    List {
        /// Print JSON instead of columns
        #[arg(long)]
        json: bool,
    },
    /// Show one vision, its goals and its epics
    Show {
        id: VisionId,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Change a vision's fields
    // The generated usage would list every option of the "at least one change" group.
    #[command(override_usage = "roadlog vision edit <ID> <CHANGE>...")]
    Edit {
        id: VisionId,
        #[command(flatten)]
        changes: VisionChanges,
    },
    /// Delete a vision; its epics stay, serving no vision
    Rm { id: VisionId },
    /// Record a reading of a goal's metric
    Measure {
        id: VisionId,
        /// The goal: its number in the vision (1, 2, ...) or its text
        goal: String,
        /// A number, optionally with the goal's unit: 3.4 or 3.4%
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// The day it was measured [default: today]
        #[arg(long, value_name = "DATE", value_parser = args::date)]
        date: Option<chrono::NaiveDate>,
        /// Where the figure comes from, or what moved it
        #[arg(long, value_name = "T")]
        note: Option<String>,
    },
    /// Every goal: baseline, latest reading, target, progress and track state
    Goals {
        /// Print JSON instead of columns
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct NewVision {
    /// The vision statement
    #[arg(long, value_name = "T")]
    statement: Option<String>,
    /// Who it is for
    #[arg(long, value_name = "T")]
    target_group: Option<String>,
    /// What they need
    #[arg(long, value_name = "T")]
    needs: Option<String>,
    /// What the product is
    #[arg(long, value_name = "T")]
    product: Option<String>,
    /// A business goal, optionally measured: "TEXT: METRIC -> TARGET [by DATE]" (repeat for more)
    #[arg(long = "goal", value_name = "T")]
    goals: Vec<String>,
}

/// At least one change is required, so a bare `vision edit V-1` is a usage error.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct VisionChanges {
    /// A new title
    #[arg(long)]
    title: Option<String>,
    /// The vision statement
    #[arg(long, value_name = "T")]
    statement: Option<String>,
    /// Who it is for
    #[arg(long, value_name = "T")]
    target_group: Option<String>,
    /// What they need
    #[arg(long, value_name = "T")]
    needs: Option<String>,
    /// What the product is
    #[arg(long, value_name = "T")]
    product: Option<String>,
    /// Replace the goals (repeat for more; `none` removes all)
    #[arg(long = "goal", value_name = "T|none", value_parser = or_none(args::text))]
    goals: Vec<OrNone<String>>,
}

/// Goals as typed on the command line. A new goal's baseline holds from today; a goal that
/// continues one of the same text keeps that one's day (and its readings: the model does that).
fn goals(texts: Vec<String>, today: chrono::NaiveDate) -> Vec<Goal> {
    texts
        .iter()
        .map(|t| {
            let g = Goal::parse(t);
            Goal {
                since: g.baseline().map(|_| today),
                ..g
            }
        })
        .collect()
}

pub fn run(cmd: VisionCmd, store: &Store, today: chrono::NaiveDate) -> anyhow::Result<()> {
    match cmd {
        VisionCmd::Add { title, fields } => {
            let draft = VisionDraft {
                title,
                statement: fields.statement.unwrap_or_default(),
                target_group: fields.target_group.unwrap_or_default(),
                needs: fields.needs.unwrap_or_default(),
                product: fields.product.unwrap_or_default(),
                goals: goals(fields.goals, today),
            };
            let id = store.write_change(|p| p.add_vision(draft))?;
            outln!("added {id}");
        }
        VisionCmd::List { json } => {
            let product = store.load()?.product;
            if json {
                let views: Vec<VisionView> =
                    product.visions().iter().map(VisionView::new).collect();
                json::print(&views)?;
            } else {
                print_list(&product);
            }
        }
        VisionCmd::Show { id, json } => {
            let product = store.load()?.product;
            let vision = in_file(store, product.vision(id))?;
            if json {
                json::print(&VisionView::new(vision))?;
            } else {
                print_vision(&product, vision, today);
            }
        }
        VisionCmd::Edit { id, changes } => {
            let patch = VisionPatch {
                title: changes.title,
                statement: changes.statement,
                target_group: changes.target_group,
                needs: changes.needs,
                product: changes.product,
                goals: replace_list(changes.goals).map(|g| goals(g, today)),
            };
            store.write_change(|p| p.update_vision(id, patch))?;
            outln!("updated {id}");
        }
        VisionCmd::Rm { id } => {
            let detached = store.write_change(|p| p.remove_vision(id))?;
            outln!("removed {id}; {} epics now serve no vision", detached.len());
        }
        VisionCmd::Measure {
            id,
            goal,
            value,
            date,
            note,
        } => super::goals::measure(store, id, &goal, &value, date.unwrap_or(today), today, note)?,
        VisionCmd::Goals { json } => super::goals::list(store, today, json)?,
    }
    Ok(())
}

fn print_list(product: &Product) {
    let mut table = Table::new(&["ID", "EPICS", "GOALS", "TITLE"], 3);
    for v in product.visions() {
        table.row(vec![
            v.id.to_string(),
            product.vision_epics(v.id).len().to_string(),
            v.goals.len().to_string(),
            v.title.clone(),
        ]);
    }
    table.print_or("no visions yet; add one with `roadlog vision add \"TITLE\"`");
}

fn print_vision(product: &Product, v: &Vision, today: chrono::NaiveDate) {
    outln!("{}  {}", v.id, safe_text::line(&v.title));
    print_fields(&[
        Field::text("statement", v.statement.clone()),
        Field::text("target group", v.target_group.clone()),
        Field::text("needs", v.needs.clone()),
        Field::text("product", v.product.clone()),
    ]);
    super::goals::print_goals(product, v, today);
    let epics = product.vision_epics(v.id);
    if !epics.is_empty() {
        outln!("");
        super::epic::print_list(product, epics.into_iter());
    }
}
