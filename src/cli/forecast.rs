//! `roadlog forecast [--json] [--epic ID] [--by DATE]`: when epics will be done, from the
//! team's real pace, and what fits by a date; always with how the forecast was made.

use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::args;
use super::in_file;
use super::json;
use super::table::{Table, or_dash};
use crate::model::{
    DRAWS, Epic, EpicId, EpicOutlook, Forecast, Landing, Product, SprintId, StoryId, sprint_range,
};
use crate::safe_text;
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ForecastArgs {
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
    /// Only this epic, with how its dates were made
    #[arg(long, value_name = "ID")]
    epic: Option<EpicId>,
    /// List the stories done by the end of DATE with 85% confidence
    #[arg(long, value_name = "DATE", value_parser = args::date)]
    by: Option<NaiveDate>,
}

pub fn run(a: ForecastArgs, store: &Store, today: NaiveDate) -> anyhow::Result<()> {
    let product = store.load()?.product;
    let epics: Vec<&Epic> = match a.epic {
        Some(id) => vec![in_file(store, product.epic(id))?],
        None => product.epics().iter().collect(),
    };
    let forecast = match product.forecast(today) {
        Ok(f) => f,
        Err(why) => {
            if a.json {
                json::print(&NotReady {
                    ready: false,
                    reason: why.to_string(),
                })?;
            } else {
                outln!("{why}");
            }
            return Ok(());
        }
    };
    let by = a.by.map(|date| (date, forecast.by(date)));
    if a.json {
        let views = epics.iter().map(|e| EpicView::new(&forecast, e)).collect();
        let by = by.map(|(date, by)| ByView {
            date,
            sprints: by.sprints,
            points: by.points,
            stories: by
                .stories
                .into_iter()
                .filter(|s| in_epic(&product, *s, a.epic))
                .collect(),
        });
        return json::print(&ForecastView::new(&forecast, views, by));
    }
    print_method(&forecast);
    outln!("");
    match (by, a.epic) {
        (Some((date, by)), epic) => {
            print_by(&product, &forecast, date, &by.stories, by.points, epic)
        }
        (None, Some(_)) => epics.iter().for_each(|e| print_epic(&forecast, e)),
        (None, None) => print_epics(&product, &forecast, &epics),
    }
    Ok(())
}

fn in_epic(product: &Product, story: StoryId, epic: Option<EpicId>) -> bool {
    epic.is_none() || product.story(story).is_ok_and(|s| s.epic == epic)
}

/// "velocity 20 ± 4 from SP-1..SP-6".
fn velocity_text(f: &Forecast) -> String {
    let (mean, spread) = f.pace();
    let ids: Vec<SprintId> = f.velocity.iter().map(|(id, _)| *id).collect();
    format!(
        "velocity {mean:.0} ± {spread:.0} from {}",
        sprint_range(&ids)
    )
}

fn print_method(f: &Forecast) {
    let points: Vec<String> = f.velocity.iter().map(|(_, p)| p.to_string()).collect();
    outln!(
        "Forecast from {} draws: {} (done points {})",
        group(DRAWS),
        velocity_text(f),
        points.join(", ")
    );
    let mut ahead: Vec<String> = f
        .calendar
        .known()
        .iter()
        .map(|(id, end)| format!("{id} to {}", super::dates().date(*end)))
        .collect();
    ahead.push(format!("then sprints of {} days", f.calendar.sprint_days));
    outln!("sprints ahead: {}", ahead.join(", "));
    if f.already_done > 0 {
        outln!(
            "the active sprint has done {} points; its draw counts only what is left",
            f.already_done
        );
    }
    match (f.unestimated(), f.mean_story) {
        (0, _) => {}
        (n, Some(mean)) => outln!(
            "{n} {} unestimated, counted at the mean estimate of {mean:.1} points",
            stories(n)
        ),
        (n, None) => outln!(
            "{n} {} unestimated and nothing estimated: counted as 0",
            stories(n)
        ),
    }
}

fn stories(n: usize) -> &'static str {
    if n == 1 { "story" } else { "stories" }
}

/// 10000 as "10,000".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn landing_text(l: Landing) -> String {
    match l {
        Landing::Sprint { end, .. } => super::dates().date(end),
        Landing::Beyond => format!("beyond {} sprints", crate::model::HORIZON),
    }
}

fn print_epics(product: &Product, f: &Forecast, epics: &[&Epic]) {
    let mut table = Table::new(
        &["RANK", "EPIC", "LEFT", "50%", "85%", "TARGET", "TITLE"],
        6,
    );
    for e in epics {
        let (left, p50, p85) = match f.epic(e.id) {
            EpicOutlook::Forecast(ef) => (
                format!("{:.0} pts, {} st", ef.points_left, ef.stories_left),
                landing_text(ef.p50),
                landing_text(ef.p85),
            ),
            EpicOutlook::Done => ("done".into(), "-".into(), "-".into()),
            EpicOutlook::NoStories => ("no stories".into(), "-".into(), "-".into()),
        };
        let target = match (e.target, f.late(e)) {
            (Some(t), true) => format!("{} late", super::dates().date(t)),
            (t, false) => or_dash(t.map(|t| super::dates().date(t))),
            (None, true) => "-".into(),
        };
        table.row(vec![
            or_dash(product.epic_rank(e.id).ok()),
            e.id.to_string(),
            left,
            p50,
            p85,
            target,
            safe_text::line(&e.title).into_owned(),
        ]);
    }
    table.print_or("no epics");
}

/// One epic, and how its dates were made.
fn print_epic(f: &Forecast, e: &Epic) {
    let title = safe_text::line(&e.title);
    let ef = match f.epic(e.id) {
        EpicOutlook::Forecast(ef) => ef,
        EpicOutlook::Done => return outln!("{} {title}: done", e.id),
        EpicOutlook::NoStories => {
            return outln!("{} {title}: no stories, so nothing to forecast", e.id);
        }
    };
    let ahead = ef.through - ef.points_left;
    outln!(
        "{} {title}: {:.0} points left in {} {}, after {ahead:.0} points of other work ahead of it",
        e.id,
        ef.points_left,
        ef.stories_left,
        stories(ef.stories_left)
    );
    outln!("50%: {}", landing_line(ef.p50));
    outln!(
        "85%: {}, {}, {} {} unestimated",
        landing_line(ef.p85),
        velocity_text(f),
        ef.unestimated,
        stories(ef.unestimated)
    );
    if let Some(target) = e.target {
        let verdict = match ef.p85.date() {
            Some(d) if d > target => {
                format!("the 85% date is {} days after it", (d - target).num_days())
            }
            Some(_) => "the 85% date is on or before it".to_string(),
            None => "the 85% date is beyond the forecast".to_string(),
        };
        outln!("target {}: {verdict}", super::dates().date(target));
    }
}

/// "2027-02-14, 6 sprints (the last SP-8)".
fn landing_line(l: Landing) -> String {
    match l {
        Landing::Sprint {
            number,
            sprint,
            end,
        } => {
            let n = if number == 1 { "sprint" } else { "sprints" };
            let end = super::dates().date(end);
            match sprint {
                Some(id) => format!("{end}, {number} {n} (the end of {id})"),
                None => format!("{end}, {number} {n}"),
            }
        }
        Landing::Beyond => landing_text(l),
    }
}

fn print_by(
    product: &Product,
    f: &Forecast,
    date: NaiveDate,
    ids: &[StoryId],
    points: f64,
    epic: Option<EpicId>,
) {
    let sprints = f.calendar.sprints_by(date);
    let date = super::dates().date(date);
    if sprints == 0 {
        outln!("by {date}: no sprint ahead ends by then, so nothing is done by then for sure");
        return;
    }
    let (_, last) = f.calendar.sprint(sprints);
    let last = super::dates().date(last);
    outln!(
        "by {date}: {sprints} {} end by then (the last on {last}); in 85% of the draws at least \
         {points:.0} points get done, reaching these stories:",
        if sprints == 1 { "sprint" } else { "sprints" }
    );
    let mut table = Table::new(&["RANK", "ID", "PTS", "EPIC", "TITLE"], 4);
    for id in ids.iter().filter(|s| in_epic(product, **s, epic)) {
        let Ok(s) = product.story(*id) else { continue };
        table.row(vec![
            or_dash(product.story_rank(*id).ok()),
            id.to_string(),
            s.points.map_or_else(|| "?".into(), |p| p.to_string()),
            or_dash(s.epic),
            safe_text::line(&s.title).into_owned(),
        ]);
    }
    table.print_or("(none)");
}

#[derive(Serialize)]
struct NotReady {
    ready: bool,
    reason: String,
}

#[derive(Serialize)]
struct ForecastView<'a> {
    ready: bool,
    draws: usize,
    velocity: VelocityView,
    already_done: u32,
    sprint_days: u64,
    known_sprints: Vec<KnownSprint>,
    mean_story_points: Option<f64>,
    unestimated_stories: usize,
    epics: Vec<EpicView<'a>>,
    by: Option<ByView>,
}

#[derive(Serialize)]
struct VelocityView {
    sprints: Vec<SprintId>,
    points: Vec<u32>,
    mean: f64,
    spread: f64,
}

#[derive(Serialize)]
struct KnownSprint {
    sprint: SprintId,
    end: NaiveDate,
}

#[derive(Serialize)]
struct EpicView<'a> {
    epic: EpicId,
    title: &'a str,
    /// `forecast`, `done` or `no-stories`.
    state: &'static str,
    points_left: f64,
    stories_left: usize,
    unestimated: usize,
    p50: Option<LandingView>,
    p85: Option<LandingView>,
    target: Option<NaiveDate>,
    late: bool,
}

#[derive(Serialize)]
struct LandingView {
    date: NaiveDate,
    sprints: usize,
    sprint: Option<SprintId>,
}

#[derive(Serialize)]
struct ByView {
    date: NaiveDate,
    sprints: usize,
    points: f64,
    stories: Vec<StoryId>,
}

impl<'a> ForecastView<'a> {
    fn new(f: &Forecast, epics: Vec<EpicView<'a>>, by: Option<ByView>) -> Self {
        let (mean, spread) = f.pace();
        ForecastView {
            ready: true,
            draws: DRAWS,
            velocity: VelocityView {
                sprints: f.velocity.iter().map(|(id, _)| *id).collect(),
                points: f.velocity.iter().map(|(_, p)| *p).collect(),
                mean,
                spread,
            },
            already_done: f.already_done,
            sprint_days: f.calendar.sprint_days,
            known_sprints: f
                .calendar
                .known()
                .iter()
                .map(|(sprint, end)| KnownSprint {
                    sprint: *sprint,
                    end: *end,
                })
                .collect(),
            mean_story_points: f.mean_story,
            unestimated_stories: f.unestimated(),
            epics,
            by,
        }
    }
}

fn landing_view(l: Landing) -> Option<LandingView> {
    match l {
        Landing::Sprint {
            number,
            sprint,
            end,
        } => Some(LandingView {
            date: end,
            sprints: number,
            sprint,
        }),
        Landing::Beyond => None,
    }
}

impl<'a> EpicView<'a> {
    fn new(f: &Forecast, e: &'a Epic) -> Self {
        let mut view = EpicView {
            epic: e.id,
            title: &e.title,
            state: "forecast",
            points_left: 0.0,
            stories_left: 0,
            unestimated: 0,
            p50: None,
            p85: None,
            target: e.target,
            late: f.late(e),
        };
        match f.epic(e.id) {
            EpicOutlook::Forecast(ef) => {
                view.points_left = ef.points_left;
                view.stories_left = ef.stories_left;
                view.unestimated = ef.unestimated;
                view.p50 = landing_view(ef.p50);
                view.p85 = landing_view(ef.p85);
            }
            EpicOutlook::Done => view.state = "done",
            EpicOutlook::NoStories => view.state = "no-stories",
        }
        view
    }
}
