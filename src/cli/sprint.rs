//! `roadlog sprint ...`: time boxes, the stories planned into them, and their life cycle.

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};

use super::args::{self, OrNone, or_none};
use super::in_file;
use super::json::{self, SprintView};
use super::table::{Table, or_dash, print_fields};
use crate::model::{Product, Sprint, SprintDraft, SprintId, SprintPatch, StoryId};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum SprintCmd {
    /// Add a planned sprint
    Add {
        /// What the sprint is called, e.g. "Sprint 15"
        name: String,
        /// Its first day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", value_parser = args::date)]
        start: NaiveDate,
        /// Its last day (YYYY-MM-DD), on or after the start
        #[arg(long, value_name = "DATE", value_parser = args::date)]
        end: NaiveDate,
        /// How many points the team expects to finish
        #[arg(long, value_name = "N", value_parser = args::points, allow_hyphen_values = true)]
        capacity: Option<u32>,
        /// What the sprint should achieve
        #[arg(long, value_name = "T")]
        goal: Option<String>,
    },
    /// Plan stories into a sprint
    Plan {
        id: SprintId,
        #[arg(required = true, value_name = "STORY")]
        stories: Vec<StoryId>,
    },
    /// Take stories out of a sprint, back to the backlog
    Unplan {
        id: SprintId,
        #[arg(required = true, value_name = "STORY")]
        stories: Vec<StoryId>,
    },
    /// Start a planned sprint (only one may be active)
    Start { id: SprintId },
    /// Close the active sprint; unfinished stories go back to the top of the backlog
    Close {
        id: SprintId,
        /// Carry unfinished stories over into this sprint instead
        #[arg(long, value_name = "ID")]
        carry_over_to: Option<SprintId>,
    },
    /// List sprints
    List {
        /// Print JSON instead of columns
        #[arg(long)]
        json: bool,
    },
    /// Show one sprint and its stories
    Show {
        id: SprintId,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Change a sprint's fields
    // The generated usage would list every option of the "at least one change" group.
    #[command(override_usage = "roadlog sprint edit <ID> <CHANGE>...")]
    Edit {
        id: SprintId,
        #[command(flatten)]
        changes: SprintChanges,
    },
}

/// At least one change is required, so a bare `sprint edit SP-1` is a usage error.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct SprintChanges {
    /// A new name
    #[arg(long)]
    name: Option<String>,
    /// What the sprint should achieve
    #[arg(long, value_name = "T")]
    goal: Option<String>,
    /// Its first day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    start: Option<NaiveDate>,
    /// Its last day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    end: Option<NaiveDate>,
    /// The capacity in points, or `none`
    #[arg(long, value_name = "N|none", value_parser = or_none(args::points), allow_hyphen_values = true)]
    capacity: Option<OrNone<u32>>,
}

fn ids(stories: &[StoryId]) -> String {
    stories
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn run(cmd: SprintCmd, store: &Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    match cmd {
        SprintCmd::Add {
            name,
            start,
            end,
            capacity,
            goal,
        } => {
            let draft = SprintDraft {
                name,
                goal: goal.unwrap_or_default(),
                start,
                end,
                capacity,
            };
            let (id, _) = store.update(|p| p.add_sprint(draft))?;
            outln!("added {id}");
        }
        SprintCmd::Plan { id, stories } => {
            let (_, saved) = store.update(|p| p.plan_stories(id, &stories, now))?;
            outln!("planned {} into {id}", ids(&stories));
            // The number a planner checks next: does the sprint still fit its capacity?
            let committed = saved.product.sprint_progress(id).points_total;
            match saved.product.sprint(id).ok().and_then(|s| s.capacity) {
                Some(capacity) => outln!("{committed} points committed of {capacity}"),
                None => outln!("{committed} points committed"),
            }
        }
        SprintCmd::Unplan { id, stories } => {
            store.update(|p| p.unplan_stories(id, &stories, now))?;
            outln!("took {} out of {id}", ids(&stories));
        }
        SprintCmd::Start { id } => {
            store.update(|p| p.start_sprint(id, now))?;
            outln!("started {id}");
        }
        SprintCmd::Close { id, carry_over_to } => {
            let (outcome, _) = store.update(|p| p.close_sprint(id, carry_over_to, now))?;
            let n = outcome.carried_over.len();
            match outcome.to {
                Some(to) => outln!("closed {id}; {n} unfinished stories carried over to {to}"),
                None => {
                    outln!("closed {id}; {n} unfinished stories back at the top of the backlog")
                }
            }
        }
        SprintCmd::List { json } => {
            let product = store.load()?.product;
            if json {
                let views: Vec<SprintView> = product
                    .sprints()
                    .iter()
                    .map(|s| SprintView::new(&product, s))
                    .collect();
                json::print(&views)?;
            } else {
                print_list(&product);
            }
        }
        SprintCmd::Show { id, json } => {
            let product = store.load()?.product;
            let sprint = in_file(store, product.sprint(id))?;
            if json {
                json::print(&SprintView::new(&product, sprint))?;
            } else {
                print_sprint(&product, sprint);
            }
        }
        SprintCmd::Edit { id, changes } => {
            let patch = SprintPatch {
                name: changes.name,
                goal: changes.goal,
                start: changes.start,
                end: changes.end,
                capacity: changes.capacity.map(|c| c.0),
            };
            store.update(|p| p.update_sprint(id, patch))?;
            outln!("updated {id}");
        }
    }
    Ok(())
}

fn print_list(product: &Product) {
    let mut table = Table::new(
        &[
            "ID",
            "STATE",
            "START",
            "END",
            "CAPACITY",
            "COMMITTED",
            "DONE",
            "NAME",
        ],
        7,
    );
    for s in product.sprints() {
        let progress = product.sprint_progress(s.id);
        table.row(vec![
            s.id.to_string(),
            s.state.to_string(),
            s.start.to_string(),
            s.end.to_string(),
            or_dash(s.capacity),
            progress.points_total.to_string(),
            progress.points_done.to_string(),
            s.name.clone(),
        ]);
    }
    if table.is_empty() {
        outln!("no sprints");
    } else {
        table.print();
    }
}

fn print_sprint(product: &Product, s: &Sprint) {
    outln!("{}  {}", s.id, s.name);
    let progress = product.sprint_progress(s.id);
    print_fields(&[
        ("state", s.state.to_string()),
        ("dates", format!("{} .. {}", s.start, s.end)),
        ("goal", s.goal.clone()),
        ("capacity", or_dash(s.capacity)),
        ("committed", format!("{} points", progress.points_total)),
        ("done", format!("{} points", progress.points_done)),
    ]);
    let stories = product
        .stories()
        .iter()
        .enumerate()
        .filter(|(_, st)| st.sprint == Some(s.id))
        .map(|(i, st)| (i + 1, st));
    outln!("");
    super::story::print_list(product, stories);
}
