//! `roadlog sprint ...`: time boxes, the stories planned into them, and their life cycle.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};

use super::WriteChange;
use super::args::{self, OrNone, or_none};
use super::in_file;
use super::json::{self, SprintListView, SprintShowView};
use super::table::{Table, or_dash};
use crate::model::{Product, Sprint, SprintDraft, SprintId, SprintPatch, StoryId};
use crate::review::Report;
use crate::store::{IfTaken, Store, StoreError};
use crate::wording::counted;

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
    /// Close the active sprint, saying where its unfinished stories go
    Close {
        id: SprintId,
        /// Carry unfinished stories over into this (planned or active) sprint
        #[arg(long, value_name = "ID")]
        carry_over_to: Option<SprintId>,
        /// Put unfinished stories back at the top of the backlog, in their order
        #[arg(long, conflicts_with = "carry_over_to")]
        to_backlog: bool,
    },
    /// Print the sprint review: goal, dates, committed vs done, stories, carry-over, scope
    /// changes and the burndown
    Report {
        id: SprintId,
        #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
        format: ReportFormat,
        /// Write it to this file instead (with the document's permissions); if the name is
        /// taken, to NAME-2.EXT, NAME-3.EXT, ..., never over an existing file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Skip weekends in burndowns, or count them (a setting of the document)
    Weekends {
        #[arg(value_enum)]
        choice: Weekends,
    },
    /// How many of the last closed sprints forecasts draw from (a setting of the document;
    /// 6 until set, at least 3)
    ForecastWindow { sprints: usize },
    /// List sprints
    List {
        /// Print JSON instead of columns
        #[arg(long)]
        json: bool,
    },
    /// Show one sprint: its stories, who has what, what is blocked, days left
    Show {
        #[arg(required_unless_present = "current")]
        id: Option<SprintId>,
        /// The active sprint
        #[arg(long, conflicts_with = "id")]
        current: bool,
        /// Only the stories assigned to NAME
        #[arg(long, value_name = "NAME")]
        assignee: Option<String>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Weekends {
    Skip,
    Count,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Json,
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

/// Closing needs a decision about unfinished stories; a bare `sprint close` would make it
/// silently, so it is refused while there are any.
fn ask_where_unfinished_go(store: &Store, id: SprintId) -> anyhow::Result<()> {
    let product = store.load()?.product;
    let open = product.sprint_stories(id).filter(|s| !s.is_done()).count();
    if open > 0 {
        anyhow::bail!(
            "sprint {id} has {}; say where they go: --carry-over-to ID or --to-backlog",
            counted(open, "unfinished story", "unfinished stories")
        );
    }
    Ok(())
}

fn ids(stories: &[StoryId]) -> String {
    stories
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Plans stories into a sprint; says what it did and the points now committed, the number a
/// planner checks next. Shared by `sprint plan` and the MCP server.
pub fn plan(
    store: &Store,
    id: SprintId,
    stories: &[StoryId],
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let (_, saved) = store.update(|p| p.plan_stories(id, stories, now))?;
    let committed = saved.sprint_progress(id).points_total;
    let points = match saved.sprint(id).ok().and_then(|s| s.capacity) {
        Some(capacity) => format!(
            "{} committed of {capacity}",
            counted(committed, "point", "points")
        ),
        None => format!("{} committed", counted(committed, "point", "points")),
    };
    super::release(saved);
    Ok(format!("planned {} into {id}\n{points}", ids(stories)))
}

/// Takes stories out of a sprint, back to the backlog.
pub fn unplan(
    store: &Store,
    id: SprintId,
    stories: &[StoryId],
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    store.write_change(|p| p.unplan_stories(id, stories, now))?;
    Ok(format!("took {} out of {id}", ids(stories)))
}

/// The active sprint, or the error `sprint show --current` gives without one.
pub fn active<'a>(store: &Store, product: &'a Product) -> anyhow::Result<&'a Sprint> {
    product
        .active_sprint()
        .ok_or_else(|| anyhow::anyhow!("no sprint is active in {}", store.path().display()))
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
            let id = store.write_change(|p| p.add_sprint(draft))?;
            outln!("added {id}");
        }
        SprintCmd::Plan { id, stories } => outln!("{}", plan(store, id, &stories, now)?),
        SprintCmd::Unplan { id, stories } => outln!("{}", unplan(store, id, &stories, now)?),
        SprintCmd::Start { id } => {
            // The user's calendar day, as the TUI counts it.
            let today = now.with_timezone(&chrono::Local).date_naive();
            let sprint = store.write_change(|p| {
                let sprint = p.sprint(id)?.clone();
                p.start_sprint_on(id, today, now).map(|()| sprint)
            })?;
            let days = |n: i64| counted(n, "day", "days");
            match (sprint.early_start(today), sprint.days_late(today)) {
                (Some(e), _) => outln!(
                    "started {id}, {} before its start date: it now runs from {} to {}",
                    days(e.days_early),
                    e.start,
                    e.end
                ),
                (None, 0) => outln!("started {id}"),
                (None, late) => outln!(
                    "started {id}, {} late: it runs from {} to {}, {}",
                    days(late),
                    sprint.start,
                    sprint.end,
                    counted(sprint.days_left(today), "day left", "days left")
                ),
            }
        }
        SprintCmd::Close {
            id,
            carry_over_to,
            to_backlog,
        } => {
            if carry_over_to.is_none() && !to_backlog {
                ask_where_unfinished_go(store, id)?;
            }
            let outcome = store.write_change(|p| p.close_sprint(id, carry_over_to, now))?;
            let n = counted(
                outcome.carried_over.len(),
                "unfinished story",
                "unfinished stories",
            );
            match outcome.to {
                Some(to) => outln!("closed {id}; {n} carried over to {to}"),
                None => outln!("closed {id}; {n} back at the top of the backlog"),
            }
        }
        SprintCmd::ForecastWindow { sprints } => {
            store.write_change(|p| p.set_forecast_window(sprints))?;
            outln!("forecasts now draw from the last {sprints} closed sprints");
        }
        SprintCmd::Weekends { choice } => {
            let skip = choice == Weekends::Skip;
            store.write_change(|p| {
                let mut settings = p.settings().clone();
                settings.skip_weekends = skip;
                p.set_settings(settings);
                Ok(())
            })?;
            outln!(
                "burndowns now {} weekends",
                if skip { "skip" } else { "count" }
            );
        }
        SprintCmd::List { json } => {
            let product = store.load()?.product;
            if json {
                json::print(&SprintListView::new(&product, now.date_naive()))?;
            } else {
                print_list(&product);
                super::sprint_show::print_velocity(&product);
            }
        }
        SprintCmd::Show {
            id,
            current,
            assignee,
            json,
        } => {
            let product = store.load()?.product;
            let sprint = match (id, current) {
                (Some(id), _) => in_file(store, product.sprint(id))?,
                (None, _) => active(store, &product)?,
            };
            let today = now.date_naive();
            if json {
                let view = SprintShowView::new(&product, sprint, today, assignee.as_deref());
                json::print(&view)?;
            } else {
                super::sprint_show::print(&product, sprint, today, assignee.as_deref());
            }
        }
        SprintCmd::Report { id, format, out } => {
            let product = store.load()?.product;
            let report = in_file(store, Report::build(&product, id, now))?;
            let text = match format {
                ReportFormat::Markdown => report.markdown(),
                ReportFormat::Json => format!("{}\n", report.json()),
            };
            match out {
                Some(path) => {
                    let written =
                        store.write_side_file(&path, text.as_bytes(), IfTaken::NextFree)?;
                    outln!("wrote the review of {id} to {}", written.display());
                }
                None => outln!("{}", text.trim_end()),
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
            store.write_change(|p| p.update_sprint(id, patch))?;
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
        // The same figures as `sprint show` and the report: the baseline once started,
        // the recorded result once closed.
        table.row(vec![
            s.id.to_string(),
            s.state.to_string(),
            super::dates().date(s.start),
            super::dates().date(s.end),
            or_dash(s.capacity),
            product.committed_points(s).to_string(),
            product.done_points(s.id).to_string(),
            s.name.clone(),
        ]);
    }
    table.print_or(
        "no sprints yet; add one with \
         `roadlog sprint add \"Sprint 1\" --start YYYY-MM-DD --end YYYY-MM-DD`",
    );
}
