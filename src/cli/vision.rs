//! `roadlog vision ...`: product visions and their business goals.

use clap::{Args, Subcommand};

use super::args::{self, OrNone, or_none, replace_list};
use super::in_file;
use super::json::{self, VisionView};
use super::table::{Table, print_fields};
use crate::model::{Goal, Product, Vision, VisionDraft, VisionId, VisionPatch};
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
    /// A business goal, optionally measured: "TEXT: METRIC -> TARGET" (repeat for more)
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

fn goals(texts: Vec<String>) -> Vec<Goal> {
    texts.iter().map(|t| Goal::parse(t)).collect()
}

pub fn run(cmd: VisionCmd, store: &Store) -> anyhow::Result<()> {
    match cmd {
        VisionCmd::Add { title, fields } => {
            let draft = VisionDraft {
                title,
                statement: fields.statement.unwrap_or_default(),
                target_group: fields.target_group.unwrap_or_default(),
                needs: fields.needs.unwrap_or_default(),
                product: fields.product.unwrap_or_default(),
                goals: goals(fields.goals),
            };
            let (id, _) = store.update(|p| p.add_vision(draft))?;
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
                print_vision(&product, vision);
            }
        }
        VisionCmd::Edit { id, changes } => {
            let patch = VisionPatch {
                title: changes.title,
                statement: changes.statement,
                target_group: changes.target_group,
                needs: changes.needs,
                product: changes.product,
                goals: replace_list(changes.goals).map(goals),
            };
            store.update(|p| p.update_vision(id, patch))?;
            outln!("updated {id}");
        }
        VisionCmd::Rm { id } => {
            let (detached, _) = store.update(|p| p.remove_vision(id))?;
            outln!("removed {id}; {} epics now serve no vision", detached.len());
        }
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
    if table.is_empty() {
        outln!("no visions");
    } else {
        table.print();
    }
}

fn print_vision(product: &Product, v: &Vision) {
    outln!("{}  {}", v.id, v.title);
    print_fields(&[
        ("statement", v.statement.clone()),
        ("target group", v.target_group.clone()),
        ("needs", v.needs.clone()),
        ("product", v.product.clone()),
    ]);
    if !v.goals.is_empty() {
        outln!("goals");
        for g in &v.goals {
            outln!("  - {g}");
        }
    }
    let epics = product.vision_epics(v.id);
    if !epics.is_empty() {
        outln!("");
        super::epic::print_list(product, epics.into_iter());
    }
}
