//! The detail panel: every field of what the focused pane has selected, acceptance criteria
//! as a checklist.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::model::{Epic, HORIZON, Landing, Sprint, Story, Vision, sprint_range};

use super::action::{Action, RoadmapAction};
use super::app::{App, Pane};
use super::build::RoadItem;
use super::keymap::{Context, key_for};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let (title, lines) = content(app);
    let block = Block::bordered().title(Line::styled(format!(" {title} "), app.theme.title));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

fn content(app: &App) -> (String, Vec<Line<'static>>) {
    let d = &app.derived;
    let story = |id| {
        d.story_at
            .get(&id)
            .and_then(|i| app.product.stories().get(*i))
    };
    match app.focus {
        Pane::Roadmap => match app.roadmap.list.selected() {
            Some(RoadItem::Vision(id)) => match d.vision_at.get(&id) {
                Some(i) => app.product.visions().get(*i).map(|v| vision(app, v)),
                None => None,
            },
            Some(RoadItem::Epic(id)) => app.epic_by_id(id).map(|e| epic(app, e)),
            None => None,
        },
        Pane::Backlog => app
            .backlog
            .list
            .selected()
            .and_then(story)
            .map(|s| story_detail(app, s)),
        Pane::Sprint => match app.sprint.list.selected().and_then(story) {
            Some(s) => Some(story_detail(app, s)),
            None => d
                .sprint
                .and_then(|id| app.product.sprint(id).ok())
                .map(|s| sprint(app, s)),
        },
    }
    .unwrap_or_else(|| ("Detail".into(), vec![Line::from("nothing selected")]))
}

fn field(app: &App, name: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name}: "), app.theme.dim),
        Span::raw(value.into()),
    ])
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map_or("-".into(), |v| v.to_string())
}

fn story_detail(app: &App, s: &Story) -> (String, Vec<Line<'static>>) {
    let mut l = vec![
        Line::styled(s.title.clone(), app.theme.title),
        field(
            app,
            "status",
            // The criteria count sits here because at 80x24 the list below is out of view.
            format!(
                "{} · {} pts · {} · {}/{} criteria done{}",
                s.status,
                opt(&s.points),
                if s.is_ready() { "ready" } else { "not ready" },
                s.acceptance_criteria.iter().filter(|c| c.done).count(),
                s.acceptance_criteria.len(),
                if app.derived.blocked.contains(&s.id) {
                    " · BLOCKED"
                } else {
                    ""
                }
            ),
        ),
        field(
            app,
            "epic",
            format!(
                "{} · sprint {} · assignee {}",
                opt(&s.epic),
                opt(&s.sprint),
                opt(&s.assignee)
            ),
        ),
    ];
    if !s.as_a.is_empty() || !s.i_want.is_empty() {
        l.push(Line::from(format!(
            "As a {}, I want {}, so that {}.",
            s.as_a, s.i_want, s.so_that
        )));
    }
    if !s.description.is_empty() {
        l.push(Line::from(s.description.clone()));
    }
    l.push(Line::styled("Acceptance criteria:", app.theme.dim));
    if s.acceptance_criteria.is_empty() {
        l.push(Line::from("  (none yet)"));
    }
    for c in &s.acceptance_criteria {
        let mark = if c.done { "[x]" } else { "[ ]" };
        l.push(Line::from(format!("  {mark} {}", c.text)));
    }
    l.push(field(app, "labels", s.labels.join(", ")));
    let blockers: Vec<String> = s.blocked_by.iter().map(|b| b.to_string()).collect();
    l.push(field(app, "blocked by", blockers.join(", ")));
    let history: Vec<String> = s
        .history
        .iter()
        .map(|h| format!("{} {}", h.status, h.at.format("%m-%d")))
        .collect();
    l.push(field(app, "history", history.join(" → ")));
    l.push(field(
        app,
        "created",
        format!(
            "{} · updated {}",
            s.created.format("%Y-%m-%d %H:%M"),
            s.updated.format("%Y-%m-%d %H:%M")
        ),
    ));
    (format!("Story {}", s.id), l)
}

fn epic(app: &App, e: &Epic) -> (String, Vec<Line<'static>>) {
    let p = app
        .derived
        .epic_progress
        .get(&e.id)
        .copied()
        .unwrap_or_default();
    let rice = e.rice.map_or("-".to_string(), |r| {
        format!(
            "{:.0} (reach {} × impact {} × {}% / effort {})",
            r.score(),
            r.reach,
            r.impact,
            r.confidence,
            r.effort
        )
    });
    let wsjf = e.wsjf.map_or("-".to_string(), |w| {
        format!(
            "{:.1} ((value {} + time {} + risk {}) / size {})",
            w.score(),
            w.business_value,
            w.time_criticality,
            w.risk_reduction,
            w.job_size
        )
    });
    let mut l = vec![
        Line::styled(e.title.clone(), app.theme.title),
        field(
            app,
            "status",
            format!(
                "{} · horizon {} · vision {}",
                e.status,
                e.horizon,
                opt(&e.vision)
            ),
        ),
        field(
            app,
            "dates",
            format!("{} → {}", opt(&e.start), opt(&e.target)),
        ),
        field(app, "RICE", rice),
        field(app, "WSJF", wsjf),
        field(
            app,
            "progress",
            format!(
                "{}/{} pts · {}/{} stories done",
                p.points_done, p.points_total, p.stories_done, p.stories
            ),
        ),
        field(app, "labels", e.labels.join(", ")),
    ];
    l.extend(forecast_lines(app, e));
    if !e.description.is_empty() {
        l.push(Line::from(e.description.clone()));
    }
    let show = Action::Roadmap(RoadmapAction::ShowStories);
    let key = key_for(Context::Roadmap, &show);
    l.push(Line::styled(
        format!("{key} shows its stories in the backlog"),
        app.theme.dim,
    ));
    (format!("Epic {}", e.id), l)
}

/// How the epic's dates were forecast: both dates against the target, and from what.
fn forecast_lines(app: &App, e: &Epic) -> Vec<Line<'static>> {
    let forecast = match &app.derived.forecast {
        Some(Ok(f)) => f,
        Some(Err(why)) => return vec![field(app, "forecast", why.to_string())],
        None => return Vec::new(),
    };
    let Some(ef) = app.derived.epic_forecast(e.id) else {
        return Vec::new();
    };
    let when = |l: Landing| match l {
        Landing::Sprint { number, end, .. } => format!("{end} ({number} sprints)"),
        Landing::Beyond => format!("beyond {HORIZON} sprints"),
    };
    let mut dates = vec![
        Span::styled("forecast: ", app.theme.dim),
        Span::raw(format!("85% {} · 50% {}", when(ef.p85), when(ef.p50))),
    ];
    match (e.target, ef.p85.date()) {
        (Some(target), Some(d)) if d > target => dates.push(Span::styled(
            format!(" · ! {} days after the target", (d - target).num_days()),
            app.theme.bad,
        )),
        (Some(_), Some(_)) => dates.push(Span::styled(" · by the target", app.theme.good)),
        (Some(_), None) => dates.push(Span::styled(" · ! after the target", app.theme.bad)),
        (None, _) => {}
    }
    let (mean, spread) = forecast.pace();
    let ids: Vec<_> = forecast.velocity.iter().map(|(id, _)| *id).collect();
    vec![
        Line::from(dates),
        field(
            app,
            "from",
            format!(
                "velocity {mean:.0} ± {spread:.0} ({}) · {:.0} pts left after {:.0} ahead · {} unestimated",
                sprint_range(&ids),
                ef.points_left,
                ef.through - ef.points_left,
                ef.unestimated
            ),
        ),
    ]
}

fn vision(app: &App, v: &Vision) -> (String, Vec<Line<'static>>) {
    let mut l = vec![
        Line::styled(v.title.clone(), app.theme.title),
        field(app, "statement", v.statement.clone()),
        field(app, "for", v.target_group.clone()),
        field(app, "needs", v.needs.clone()),
        field(app, "product", v.product.clone()),
        Line::styled("Goals:", app.theme.dim),
    ];
    for g in &v.goals {
        l.push(Line::from(format!("  • {g}")));
    }
    (format!("Vision {}", v.id), l)
}

fn sprint(app: &App, s: &Sprint) -> (String, Vec<Line<'static>>) {
    let l = vec![
        Line::styled(s.name.clone(), app.theme.title),
        field(app, "state", s.state.to_string()),
        field(app, "dates", format!("{} → {}", s.start, s.end)),
        field(app, "capacity", opt(&s.capacity)),
        field(app, "goal", s.goal.clone()),
    ];
    (format!("Sprint {}", s.id), l)
}
