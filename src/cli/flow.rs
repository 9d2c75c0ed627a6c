//! `roadlog report flow`: lead and cycle time percentiles, throughput per week and the age
//! of the work in progress, from the stories' status histories.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use clap::Subcommand;
use serde::Serialize;

use super::args;
use super::in_file;
use super::table::Table;
use crate::model::{EpicId, Flow, FlowFilter, Product, Spread, StoryId, StoryStatus};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum ReportCmd {
    /// Lead and cycle time (50th / 85th / 95th percentiles), throughput per week and the
    /// work in progress by age
    Flow {
        /// Only stories finished on or after this day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE", value_parser = args::date)]
        since: Option<NaiveDate>,
        /// Only stories of this epic
        #[arg(long, value_name = "ID")]
        epic: Option<EpicId>,
        /// Only stories with this label
        #[arg(long, value_name = "L")]
        label: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: ReportCmd, store: &Store, now: DateTime<Utc>) -> anyhow::Result<()> {
    let ReportCmd::Flow {
        since,
        epic,
        label,
        json,
    } = cmd;
    let product = store.load()?.product;
    let filter = FlowFilter { since, epic, label };
    let flow = in_file(store, product.flow(&filter, now))?;
    if json {
        super::json::print(&FlowView::new(&product, &filter, &flow))?;
    } else {
        print_flow(&product, &filter, &flow);
    }
    Ok(())
}

/// Days with two decimals: precise enough for any chart, short enough to read.
fn days(d: Duration) -> f64 {
    (d.num_seconds() as f64 / 864.0).round() / 100.0
}

fn days_text(d: Option<Duration>) -> String {
    d.map_or_else(|| "-".to_string(), |d| format!("{:.1} days", days(d)))
}

fn print_flow(product: &Product, filter: &FlowFilter, flow: &Flow) {
    let mut scope = Vec::new();
    if let Some(d) = filter.since {
        scope.push(format!("since {}", super::dates().date(d)));
    }
    if let Some(e) = filter.epic {
        scope.push(format!("epic {e}"));
    }
    if let Some(l) = &filter.label {
        scope.push(format!("label {}", crate::safe_text::line(l)));
    }
    let scope = if scope.is_empty() {
        String::new()
    } else {
        format!(" ({})", scope.join(", "))
    };
    outln!("Flow: {} stories finished{scope}", flow.finished.len());
    outln!("");
    let mut table = Table::new(&["", "50%", "85%", "95%", "STORIES"], 0);
    for (name, spread) in [("lead time", &flow.lead), ("cycle time", &flow.cycle)] {
        let mut row = vec![name.to_string()];
        row.extend(spread.all().map(days_text));
        row.push(spread.count.to_string());
        table.row(row);
    }
    table.print();
    outln!("");
    outln!("Throughput: {:.1} stories a week", flow.mean_throughput());
    let widest = flow
        .throughput
        .iter()
        .map(|w| w.finished)
        .max()
        .unwrap_or(0);
    for w in &flow.throughput {
        // Bars scale to 30 characters, so a busy week does not wrap the line.
        let bar = (w.finished * 30).div_ceil(widest.max(30));
        outln!(
            "week of {}  {:<30}  {}",
            w.monday,
            "#".repeat(bar.max(usize::from(w.finished > 0))),
            w.finished
        );
    }
    outln!("");
    if flow.in_progress.is_empty() {
        outln!("Work in progress: none");
        return;
    }
    outln!("Work in progress by age");
    let mut table = Table::new(&["ID", "STATUS", "IN STATUS", "SINCE", "TITLE"], 4);
    for a in &flow.in_progress {
        let title = product.story(a.story).map_or("", |s| s.title.as_str());
        table.row(vec![
            a.story.to_string(),
            a.status.to_string(),
            days_text(Some(a.age)),
            super::dates().date(a.since.date_naive()),
            crate::safe_text::line(title).into_owned(),
        ]);
    }
    table.print();
}

#[derive(Serialize)]
struct FlowView<'a> {
    since: Option<NaiveDate>,
    epic: Option<EpicId>,
    label: Option<&'a str>,
    lead_time_days: SpreadView,
    cycle_time_days: SpreadView,
    throughput_per_week: f64,
    weeks: Vec<WeekView>,
    finished: Vec<FinishedView>,
    in_progress: Vec<AgingView<'a>>,
}

#[derive(Serialize)]
struct SpreadView {
    count: usize,
    p50: Option<f64>,
    p85: Option<f64>,
    p95: Option<f64>,
}

#[derive(Serialize)]
struct WeekView {
    monday: NaiveDate,
    finished: usize,
}

#[derive(Serialize)]
struct FinishedView {
    id: StoryId,
    finished: DateTime<Utc>,
    lead_time_days: f64,
    cycle_time_days: Option<f64>,
}

#[derive(Serialize)]
struct AgingView<'a> {
    id: StoryId,
    title: &'a str,
    status: StoryStatus,
    since: DateTime<Utc>,
    age_days: f64,
}

impl SpreadView {
    fn new(s: &Spread) -> SpreadView {
        SpreadView {
            count: s.count,
            p50: s.p50.map(days),
            p85: s.p85.map(days),
            p95: s.p95.map(days),
        }
    }
}

impl<'a> FlowView<'a> {
    fn new(product: &'a Product, filter: &'a FlowFilter, flow: &Flow) -> Self {
        FlowView {
            since: filter.since,
            epic: filter.epic,
            label: filter.label.as_deref(),
            lead_time_days: SpreadView::new(&flow.lead),
            cycle_time_days: SpreadView::new(&flow.cycle),
            throughput_per_week: (flow.mean_throughput() * 100.0).round() / 100.0,
            weeks: flow
                .throughput
                .iter()
                .map(|w| WeekView {
                    monday: w.monday,
                    finished: w.finished,
                })
                .collect(),
            finished: flow
                .finished
                .iter()
                .map(|f| FinishedView {
                    id: f.story,
                    finished: f.finished,
                    lead_time_days: days(f.lead),
                    cycle_time_days: f.cycle.map(days),
                })
                .collect(),
            in_progress: flow
                .in_progress
                .iter()
                .map(|a| AgingView {
                    id: a.story,
                    title: product.story(a.story).map_or("", |s| s.title.as_str()),
                    status: a.status,
                    since: a.since,
                    age_days: days(a.age),
                })
                .collect(),
        }
    }
}
