//! `roadlog epic ...`: the ranked epics that make up the roadmap.

use clap::{Args, Subcommand};

use super::WriteChange;
use super::args::{self, OrNone, PlaceArgs, or_none, replace_list};
use super::in_file;
use super::json::{self, EpicView};
use super::table::{Field, Table, or_dash, print_fields};
use crate::model::{
    Epic, EpicDraft, EpicId, EpicPatch, EpicStatus, EpicStories, GoalRef, Horizon, Product, Rice,
    Scoring, VisionId, Wsjf,
};
use crate::safe_text;
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum EpicCmd {
    /// Add an epic at the bottom of the ranking
    Add {
        /// What the epic is called on the roadmap
        title: String,
        #[command(flatten)]
        fields: NewEpic,
    },
    /// List epics in rank order
    List {
        /// Print JSON instead of columns
        #[arg(long)]
        json: bool,
    },
    /// Show one epic and its stories
    Show {
        id: EpicId,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Change an epic's fields
    // The generated usage would list every option of the "at least one change" group.
    #[command(override_usage = "roadlog epic edit <ID> <CHANGE>...")]
    Edit {
        id: EpicId,
        #[command(flatten)]
        changes: EpicChanges,
    },
    /// Move an epic in the ranking
    Move {
        id: EpicId,
        #[command(flatten)]
        place: PlaceArgs<EpicId>,
    },
    /// Score epics by RICE or WSJF (a setting of the document; both inputs stay on every epic)
    Scoring {
        #[arg(value_enum)]
        method: ScoringMethod,
    },
    /// Delete an epic; its stories stay in the backlog without an epic
    Rm {
        id: EpicId,
        /// Delete its stories too
        #[arg(long)]
        delete_stories: bool,
    },
}

#[derive(Debug, Args)]
pub struct NewEpic {
    /// Free text
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// The vision it serves
    #[arg(long, value_name = "ID")]
    vision: Option<VisionId>,
    /// now, next or later [default: later]
    #[arg(long, value_parser = args::parsed::<Horizon>)]
    horizon: Option<Horizon>,
    /// proposed, planned, active, done or dropped [default: proposed]
    #[arg(long, value_parser = args::parsed::<EpicStatus>)]
    status: Option<EpicStatus>,
    /// When work starts (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    start: Option<chrono::NaiveDate>,
    /// When it should be done (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    target: Option<chrono::NaiveDate>,
    #[command(flatten)]
    rice: RiceArgs,
    #[command(flatten)]
    wsjf: WsjfArgs,
    /// A label (repeat for more)
    #[arg(long = "label", value_name = "L")]
    labels: Vec<String>,
    /// A business goal it serves: the vision and the goal's number, V-1:2 (repeat for more)
    #[arg(long = "serves", value_name = "V-n:GOAL", value_parser = args::parsed::<GoalRef>)]
    serves: Vec<GoalRef>,
}

/// At least one change is required, so a bare `epic edit E-1` is a usage error.
#[derive(Debug, Args)]
#[group(required = true, multiple = true)]
pub struct EpicChanges {
    /// A new title
    #[arg(long)]
    title: Option<String>,
    /// Free text
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// The vision it serves, or `none`
    #[arg(long, value_name = "ID|none", value_parser = or_none(args::parsed::<VisionId>))]
    vision: Option<OrNone<VisionId>>,
    /// now, next or later
    #[arg(long, value_parser = args::parsed::<Horizon>)]
    horizon: Option<Horizon>,
    /// proposed, planned, active, done or dropped
    #[arg(long, value_parser = args::parsed::<EpicStatus>)]
    status: Option<EpicStatus>,
    /// The start date, or `none`
    #[arg(long, value_name = "DATE|none", value_parser = or_none(args::date))]
    start: Option<OrNone<chrono::NaiveDate>>,
    /// The target date, or `none`
    #[arg(long, value_name = "DATE|none", value_parser = or_none(args::date))]
    target: Option<OrNone<chrono::NaiveDate>>,
    // The RICE inputs are spelled out here rather than flattened: clap's "at least one
    // change" group only sees this struct's own fields.
    /// RICE reach: people affected per period (all four RICE inputs go together)
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["impact", "confidence", "effort"])]
    reach: Option<f64>,
    /// RICE impact (0.25 minimal .. 3 massive)
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["reach", "confidence", "effort"])]
    impact: Option<f64>,
    /// RICE confidence in percent
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["reach", "impact", "effort"])]
    confidence: Option<f64>,
    /// RICE effort in person-months
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["reach", "impact", "confidence"])]
    effort: Option<f64>,
    /// Remove the RICE inputs and score
    #[arg(long, conflicts_with = "reach")]
    no_rice: bool,
    /// WSJF business value, on the team's relative scale (all four WSJF inputs go together)
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["time_criticality", "risk_reduction", "job_size"])]
    business_value: Option<f64>,
    /// WSJF time criticality
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["business_value", "risk_reduction", "job_size"])]
    time_criticality: Option<f64>,
    /// WSJF risk reduction or opportunity enablement
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["business_value", "time_criticality", "job_size"])]
    risk_reduction: Option<f64>,
    /// WSJF job size (more than zero)
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["business_value", "time_criticality", "risk_reduction"])]
    job_size: Option<f64>,
    /// Remove the WSJF inputs and score
    #[arg(long, conflicts_with = "business_value")]
    no_wsjf: bool,
    /// Replace the labels (repeat for more; `none` removes all)
    #[arg(long = "label", value_name = "L|none", value_parser = or_none(args::text))]
    labels: Vec<OrNone<String>>,
    /// Replace the goals it serves, V-1:2 (repeat for more; `none` removes all)
    #[arg(long = "serves", value_name = "V-n:GOAL|none", value_parser = or_none(args::parsed::<GoalRef>))]
    serves: Vec<OrNone<GoalRef>>,
}

#[derive(Debug, Args)]
pub struct RiceArgs {
    /// RICE reach: people affected per period (all four RICE inputs go together)
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["impact", "confidence", "effort"])]
    reach: Option<f64>,
    /// RICE impact (0.25 minimal .. 3 massive)
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["reach", "confidence", "effort"])]
    impact: Option<f64>,
    /// RICE confidence in percent
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["reach", "impact", "effort"])]
    confidence: Option<f64>,
    /// RICE effort in person-months
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["reach", "impact", "confidence"])]
    effort: Option<f64>,
}

#[derive(Debug, Args)]
pub struct WsjfArgs {
    /// WSJF business value, on the team's relative scale (all four WSJF inputs go together)
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["time_criticality", "risk_reduction", "job_size"])]
    business_value: Option<f64>,
    /// WSJF time criticality
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["business_value", "risk_reduction", "job_size"])]
    time_criticality: Option<f64>,
    /// WSJF risk reduction or opportunity enablement
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["business_value", "time_criticality", "job_size"])]
    risk_reduction: Option<f64>,
    /// WSJF job size (more than zero)
    #[arg(long, value_name = "N", allow_hyphen_values = true, requires_all = ["business_value", "time_criticality", "risk_reduction"])]
    job_size: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoringMethod {
    Rice,
    Wsjf,
}

/// The four WSJF inputs, when all were given (clap makes them go together).
fn wsjf(
    business_value: Option<f64>,
    time_criticality: Option<f64>,
    risk_reduction: Option<f64>,
    job_size: Option<f64>,
) -> Option<Wsjf> {
    Some(Wsjf {
        business_value: business_value?,
        time_criticality: time_criticality?,
        risk_reduction: risk_reduction?,
        job_size: job_size?,
    })
}

/// The four inputs, when all were given (clap makes them go together).
fn rice(
    reach: Option<f64>,
    impact: Option<f64>,
    confidence: Option<f64>,
    effort: Option<f64>,
) -> Option<Rice> {
    Some(Rice {
        reach: reach?,
        impact: impact?,
        confidence: confidence?,
        effort: effort?,
    })
}

impl From<NewEpic> for EpicDraft {
    fn from(f: NewEpic) -> EpicDraft {
        let r = f.rice;
        EpicDraft {
            description: f.description.unwrap_or_default(),
            vision: f.vision,
            status: f.status,
            horizon: f.horizon,
            start: f.start,
            target: f.target,
            rice: rice(r.reach, r.impact, r.confidence, r.effort),
            labels: f.labels,
            ..EpicDraft::default()
        }
    }
}

impl EpicChanges {
    /// The WSJF change, which the model sets apart from the patch: `Some(None)` clears it.
    fn wsjf(&self) -> Option<Option<Wsjf>> {
        if self.no_wsjf {
            return Some(None);
        }
        wsjf(
            self.business_value,
            self.time_criticality,
            self.risk_reduction,
            self.job_size,
        )
        .map(Some)
    }
}

impl From<EpicChanges> for EpicPatch {
    fn from(c: EpicChanges) -> EpicPatch {
        let new_rice = rice(c.reach, c.impact, c.confidence, c.effort);
        EpicPatch {
            title: c.title,
            description: c.description,
            vision: c.vision.map(|v| v.0),
            status: c.status,
            horizon: c.horizon,
            start: c.start.map(|d| d.0),
            target: c.target.map(|d| d.0),
            rice: if c.no_rice {
                Some(None)
            } else {
                new_rice.map(Some)
            },
            labels: replace_list(c.labels),
        }
    }
}

pub fn run(cmd: EpicCmd, store: &Store) -> anyhow::Result<()> {
    match cmd {
        EpicCmd::Add { title, mut fields } => {
            let serves = std::mem::take(&mut fields.serves);
            let w = &fields.wsjf;
            let inputs = wsjf(
                w.business_value,
                w.time_criticality,
                w.risk_reduction,
                w.job_size,
            );
            let draft = EpicDraft {
                title,
                ..fields.into()
            };
            // One update: a refused WSJF input or goal leaves no half-made epic behind.
            let id = store.write_change(|p| {
                let id = p.add_epic(draft)?;
                if !serves.is_empty() {
                    p.set_epic_serves(id, serves)?;
                }
                if inputs.is_some() {
                    p.set_epic_wsjf(id, inputs)?;
                }
                Ok(id)
            })?;
            outln!("added {id}");
        }
        EpicCmd::List { json } => {
            let product = store.load()?.product;
            if json {
                let views = EpicView::all(&product);
                json::print(&views)?;
            } else {
                print_list(&product, product.epics().iter());
            }
        }
        EpicCmd::Show { id, json } => {
            let product = store.load()?.product;
            let epic = in_file(store, product.epic(id))?;
            let rank = in_file(store, product.epic_rank(id))?;
            if json {
                json::print(&EpicView::new(&product, epic, rank))?;
            } else {
                print_epic(&product, epic, rank);
            }
        }
        EpicCmd::Edit { id, mut changes } => {
            let serves = replace_list(std::mem::take(&mut changes.serves));
            let wsjf = changes.wsjf();
            store.write_change(|p| {
                p.update_epic(id, changes.into())?;
                if let Some(serves) = serves {
                    p.set_epic_serves(id, serves)?;
                }
                match wsjf {
                    Some(w) => p.set_epic_wsjf(id, w),
                    None => Ok(()),
                }
            })?;
            outln!("updated {id}");
        }
        EpicCmd::Scoring { method } => {
            let scoring = match method {
                ScoringMethod::Rice => Scoring::Rice,
                ScoringMethod::Wsjf => Scoring::Wsjf,
            };
            store.write_change(|p| {
                p.set_scoring(scoring);
                Ok(())
            })?;
            outln!("epics are now scored by {}", scoring.as_str());
        }
        EpicCmd::Move { id, place } => {
            let rank = store.write_change(|p| {
                p.move_epic(id, place.place())?;
                p.epic_rank(id)
            })?;
            outln!("moved {id} to rank {rank}");
        }
        EpicCmd::Rm { id, delete_stories } => {
            let how = if delete_stories {
                EpicStories::Delete
            } else {
                EpicStories::Detach
            };
            let affected = store.write_change(|p| p.remove_epic(id, how))?;
            let what = if delete_stories {
                "deleted"
            } else {
                "kept without an epic"
            };
            outln!("removed {id}; {} stories {what}", affected.len());
        }
    }
    Ok(())
}

/// "done/total stories, done/total points", the progress shown wherever epics are listed.
pub fn progress_text(product: &Product, id: EpicId) -> String {
    let p = product.epic_progress(id);
    format!(
        "{}/{} st, {}/{} pts ({:.0}%)",
        p.stories_done,
        p.stories,
        p.points_done,
        p.points_total,
        p.ratio() * 100.0
    )
}

/// The epic's score under the document's method (the column headed by [`score_heading`]).
pub fn score_text(product: &Product, epic: &Epic) -> String {
    or_dash(product.epic_score(epic).map(|s| format!("{s:.1}")))
}

/// `RICE` or `WSJF`: a score column says which score it shows.
pub fn score_heading(product: &Product) -> &'static str {
    product.scoring().as_str()
}

pub fn print_list<'a>(product: &Product, epics: impl Iterator<Item = &'a Epic>) {
    let mut table = Table::new(
        &[
            "RANK",
            "ID",
            "HORIZON",
            "STATUS",
            score_heading(product),
            "PROGRESS",
            "TARGET",
            "TITLE",
        ],
        7,
    );
    for e in epics {
        table.row(vec![
            or_dash(product.epic_rank(e.id).ok()),
            e.id.to_string(),
            e.horizon.to_string(),
            e.status.to_string(),
            score_text(product, e),
            progress_text(product, e.id),
            or_dash(e.target.map(|d| super::dates().date(d))),
            e.title.clone(),
        ]);
    }
    table.print_or(if product.epics().is_empty() {
        "no epics yet; add one with `roadlog epic add \"TITLE\" --horizon now`"
    } else {
        "no epics"
    });
}

/// "V-1:1 Checkout conversion, V-2:2 Repeat purchase rate".
fn serves_text(product: &Product, e: &Epic) -> String {
    let named: Vec<String> = e
        .serves
        .iter()
        .map(|g| match product.goal(*g) {
            Ok(goal) => format!("{g} {}", crate::safe_text::line(&goal.text)),
            Err(_) => g.to_string(),
        })
        .collect();
    named.join(", ")
}

fn print_epic(product: &Product, e: &Epic, rank: usize) {
    outln!("{}  {}", e.id, safe_text::line(&e.title));
    let vision = e.vision.map(|v| match product.vision(v) {
        Ok(vision) => format!("{v} {}", vision.title),
        Err(_) => v.to_string(),
    });
    let rice = e.rice.map(|r| {
        format!(
            "{:.1} = reach {} x impact {} x confidence {}% / effort {}",
            r.score(),
            r.reach,
            r.impact,
            r.confidence,
            r.effort
        )
    });
    let wsjf = e.wsjf.map(|w| {
        format!(
            "{:.1} = (business value {} + time criticality {} + risk reduction {}) / job size {}",
            w.score(),
            w.business_value,
            w.time_criticality,
            w.risk_reduction,
            w.job_size
        )
    });
    print_fields(&[
        Field::line("rank", rank.to_string()),
        Field::line("status", e.status.to_string()),
        Field::line("horizon", e.horizon.to_string()),
        Field::line("vision", vision.unwrap_or_default()),
        Field::line(
            "start",
            e.start.map(|d| super::dates().date(d)).unwrap_or_default(),
        ),
        Field::line(
            "target",
            e.target.map(|d| super::dates().date(d)).unwrap_or_default(),
        ),
        Field::line(
            "score",
            product
                .epic_score(e)
                .map(|s| format!("{s:.1} ({})", score_heading(product)))
                .unwrap_or_default(),
        ),
        Field::line("rice", rice.unwrap_or_default()),
        Field::line("wsjf", wsjf.unwrap_or_default()),
        Field::line("labels", e.labels.join(", ")),
        Field::line("serves", serves_text(product, e)),
        Field::line("progress", progress_text(product, e.id)),
        Field::text("description", e.description.clone()),
        Field::line("imported as", e.external_key.clone().unwrap_or_default()),
    ]);
    let stories = product
        .stories()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.epic == Some(e.id))
        .map(|(i, s)| (i + 1, s));
    outln!("");
    super::story::print_list(product, stories);
}
