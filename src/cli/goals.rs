//! `roadlog vision measure` and `roadlog vision goals`: business goals measured over time,
//! and where each stands against the straight line from its baseline to its target.

use chrono::NaiveDate;
use serde::Serialize;

use super::in_file;
use super::json::{self, ReadingView};
use super::table::{Table, or_dash};
use crate::model::{Amount, EpicId, Goal, GoalRef, GoalStatus, Product, Track, Vision, VisionId};
use crate::safe_text;
use crate::store::Store;

/// `vision measure V-1 GOAL VALUE [--date D] [--note T]`.
pub fn measure(
    store: &Store,
    vision: VisionId,
    goal: &str,
    value: &str,
    date: NaiveDate,
    today: NaiveDate,
    note: Option<String>,
) -> anyhow::Result<()> {
    let ((goal, measured), loaded) = store.update(|p| {
        let goal = p.find_goal(vision, goal)?;
        let measured = p.measure_goal(goal, value, date, today, note)?;
        Ok((goal, measured))
    })?;
    let g = in_file(store, loaded.goal(goal))?;
    let shown = g.format(measured.value);
    let date = super::dates().date(date);
    match &measured.replaced {
        Some(old) => outln!(
            "replaced the reading of {goal} on {date} ({}) with {shown}",
            g.format(old.value)
        ),
        None => outln!("recorded {shown} for {goal} on {date}"),
    }
    outln!("{}", standing(g, &g.status(today)));
    super::release(loaded);
    Ok(())
}

/// "Checkout conversion, latest 3.6% (2026-12-02): 56% of the way from 3.1% to 4% by
/// 2027-06-20, on-track (the line is at 38%)".
fn standing(g: &Goal, s: &GoalStatus) -> String {
    let mut text = safe_text::line(&g.text).into_owned();
    if let Some(latest) = s.latest {
        text.push_str(&format!(
            ", latest {} ({})",
            g.format(latest.value),
            super::dates().date(latest.date)
        ));
    }
    let Some(progress) = s.progress else {
        return format!("{text}: {}", track_text(s.track));
    };
    text.push_str(&format!(": {} of the way", percent(progress)));
    if let (Some(b), Some(t)) = (&g.metric, &g.target) {
        let (b, t) = (safe_text::line(b.as_str()), safe_text::line(t.as_str()));
        text.push_str(&format!(" from {b} to {t}"));
    }
    if let Some(due) = g.due {
        text.push_str(&format!(" by {}", super::dates().date(due)));
    }
    text.push_str(&format!(", {}", track_text(s.track)));
    if let (Some(expected), false) = (s.expected, matches!(s.track, Track::Unknown(_))) {
        text.push_str(&format!(" (the line is at {})", percent(expected)));
    }
    text
}

fn track_text(track: Track) -> String {
    match track {
        Track::Unknown(why) => format!("no track state: {}", why.as_str()),
        known => known.as_str().to_string(),
    }
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// The goals of `vision show`: each as written, then where it stands and who serves it.
pub fn print_goals(product: &Product, v: &Vision, today: NaiveDate) {
    if v.goals.is_empty() {
        return;
    }
    outln!("goals");
    for (i, g) in v.goals.iter().enumerate() {
        let r = GoalRef::new(v.id, i + 1);
        outln!("  {}. {}", i + 1, safe_text::line(&g.to_string()));
        let s = g.status(today);
        let mut facts = Vec::new();
        if let Some(l) = s.latest {
            facts.push(format!("latest {} on {}", g.format(l.value), l.date));
        }
        if let Some(p) = s.progress {
            facts.push(format!("{} of the way", percent(p)));
        }
        if s.latest.is_some() || g.unit().is_some() {
            facts.push(track_text(s.track));
        }
        let epics: Vec<String> = product
            .goal_epics(r)
            .iter()
            .map(|e| e.id.to_string())
            .collect();
        if !epics.is_empty() {
            facts.push(format!("served by {}", epics.join(", ")));
        }
        if !facts.is_empty() {
            outln!("     {}", facts.join(" · "));
        }
    }
}

/// `vision goals [--json]`: every goal of every vision.
pub fn list(store: &Store, today: NaiveDate, json: bool) -> anyhow::Result<()> {
    let product = store.load()?.product;
    let goals: Vec<(GoalRef, &Goal)> = product
        .visions()
        .iter()
        .flat_map(|v| {
            v.goals
                .iter()
                .enumerate()
                .map(move |(i, g)| (GoalRef::new(v.id, i + 1), g))
        })
        .collect();
    if json {
        let views: Vec<GoalStatusView> = goals
            .iter()
            .map(|(r, g)| GoalStatusView::new(&product, *r, g, today))
            .collect();
        return json::print(&views);
    }
    if goals.is_empty() {
        outln!(
            "no goals (add them with `roadlog vision edit V-1 --goal \"TEXT: 3.1% -> 4% by DATE\"`)"
        );
        return Ok(());
    }
    let mut table = Table::new(
        &[
            "GOAL", "BASELINE", "LATEST", "TARGET", "DUE", "PROGRESS", "TRACK", "TEXT",
        ],
        7,
    );
    let mut unknown = Vec::new();
    for (r, g) in &goals {
        let s = g.status(today);
        let written = |a: &Option<Amount>| or_dash(a.as_ref().map(|a| safe_text::line(a.as_str())));
        table.row(vec![
            r.to_string(),
            written(&g.metric),
            or_dash(s.latest.map(|l| g.format(l.value))),
            written(&g.target),
            or_dash(g.due.map(|d| super::dates().date(d))),
            or_dash(s.progress.map(percent)),
            match s.track {
                Track::Unknown(why) => {
                    unknown.push(format!("{r}: {}", why.as_str()));
                    "-".to_string()
                }
                known => known.as_str().to_string(),
            },
            safe_text::line(&g.text).into_owned(),
        ]);
    }
    table.print();
    if !unknown.is_empty() {
        outln!("");
        outln!("no track state for {}", unknown.join("; "));
    }
    Ok(())
}

/// One goal in `vision goals --json`: as written, typed, and where it stands.
#[derive(Serialize)]
struct GoalStatusView<'a> {
    goal: GoalRef,
    vision: VisionId,
    text: &'a str,
    /// As written.
    metric: Option<&'a str>,
    target: Option<&'a str>,
    /// Typed: the numbers, their unit and which way the metric should move.
    baseline_value: Option<f64>,
    target_value: Option<f64>,
    unit: Option<String>,
    direction: Option<&'static str>,
    due: Option<NaiveDate>,
    since: Option<NaiveDate>,
    latest: Option<ReadingView<'a>>,
    progress: Option<f64>,
    expected: Option<f64>,
    track: Option<&'static str>,
    track_unknown: Option<&'static str>,
    readings: Vec<ReadingView<'a>>,
    served_by: Vec<EpicId>,
}

impl<'a> GoalStatusView<'a> {
    fn new(product: &Product, r: GoalRef, g: &'a Goal, today: NaiveDate) -> Self {
        let s = g.status(today);
        let (track, track_unknown) = match s.track {
            Track::Unknown(why) => (None, Some(why.as_str())),
            known => (Some(known.as_str()), None),
        };
        GoalStatusView {
            goal: r,
            vision: r.vision,
            text: &g.text,
            metric: g.metric.as_ref().map(Amount::as_str),
            target: g.target.as_ref().map(Amount::as_str),
            baseline_value: g.baseline().map(|q| q.value),
            target_value: g.target_quantity().map(|q| q.value),
            unit: g.unit().map(|u| u.name()),
            direction: g.direction().map(|d| d.as_str()),
            due: g.due,
            since: g.since,
            latest: s.latest.map(ReadingView::new),
            progress: s.progress,
            expected: s.expected,
            track,
            track_unknown,
            readings: g.readings.iter().map(ReadingView::new).collect(),
            served_by: product.goal_epics(r).iter().map(|e| e.id).collect(),
        }
    }
}
