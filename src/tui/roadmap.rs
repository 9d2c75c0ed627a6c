//! The Roadmap pane: visions, then the epics of each horizon (Now / Next / Later) with status,
//! progress and RICE score; or, with `t`, a timeline of the dated epics.

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::model::{EpicId, EpicStatus};

use super::app::{App, Pane};
use super::build::RoadItem;
use super::layout;
use super::timeline;
use super::view::{bar, draw_list, pad, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let state = &app.roadmap;
    let title = if state.timeline {
        "1 Roadmap · timeline"
    } else {
        "1 Roadmap · now/next/later"
    };
    frame.render_widget(
        pane_block(app, Pane::Roadmap, title.to_string(), &state.filter),
        area,
    );
    let list_area = layout::roadmap_list(area, state.timeline);
    let scale = state
        .timeline
        .then(|| timeline::scale(app, list_area.width))
        .flatten();
    if let Some(scale) = &scale {
        let top = Rect {
            y: list_area.y.saturating_sub(1),
            height: 1,
            ..list_area
        };
        frame.render_widget(timeline::header(app, scale, top.width), top);
    }
    let none = |_: u16| Line::default();
    let item = |it: &RoadItem, width: u16| match (it, &scale) {
        (RoadItem::Vision(v), _) => vision_line(app, *v, width),
        (RoadItem::Epic(e), Some(s)) => timeline::epic_line(app, *e, s, width),
        (RoadItem::Epic(e), None) => epic_line(app, *e, width),
    };
    draw_list(
        frame,
        list_area,
        app,
        &state.list,
        app.focus == Pane::Roadmap,
        &none,
        &item,
    );
}

fn vision_line(app: &App, id: crate::model::VisionId, width: u16) -> Line<'static> {
    let Some(v) = app
        .derived
        .vision_at
        .get(&id)
        .and_then(|i| app.product.visions().get(*i))
    else {
        return Line::from(id.to_string());
    };
    let goals = format!(" {} goals", v.goals.len());
    let w = usize::from(width).saturating_sub(goals.chars().count() + 6);
    Line::from(vec![
        Span::styled("◆ ", app.theme.title),
        Span::styled(format!("{:<4}", id.to_string()), app.theme.dim),
        Span::raw(pad(&v.title, w)),
        Span::styled(goals, app.theme.dim),
    ])
}

pub fn status_mark(s: EpicStatus) -> &'static str {
    match s {
        EpicStatus::Proposed => "·",
        EpicStatus::Planned => "○",
        EpicStatus::Active => "▶",
        EpicStatus::Done => "✓",
        EpicStatus::Dropped => "✗",
    }
}

/// `▶ E-2  Title…  ▰▰▱▱ 8/21 4s R96`
fn epic_line(app: &App, id: EpicId, width: u16) -> Line<'static> {
    let t = &app.theme;
    let Some(e) = app
        .derived
        .epic_at
        .get(&id)
        .and_then(|i| app.product.epics().get(*i))
    else {
        return Line::from(id.to_string());
    };
    let p = app
        .derived
        .epic_progress
        .get(&id)
        .copied()
        .unwrap_or_default();
    let (done, todo) = bar(p.ratio(), 4);
    let figures = format!(
        " {:>5} {:>2}s",
        format!("{}/{}", p.points_done, p.points_total),
        p.stories
    );
    let rice = format!(" R{:<4}", e.score().map_or("-".to_string(), compact));
    let tail = 1 + 4 + figures.chars().count() + rice.chars().count();
    let title_w = usize::from(width).saturating_sub(7 + tail);
    Line::from(vec![
        Span::styled(status_mark(e.status), t.title),
        Span::raw(" "),
        Span::styled(pad(&id.to_string(), 5), t.dim),
        Span::raw(pad(&e.title, title_w)),
        Span::raw(" "),
        Span::styled(done, t.bar_done),
        Span::styled(todo, t.bar_todo),
        Span::raw(figures),
        Span::styled(rice, t.dim),
    ])
}

/// The first day of the month after `d`.
pub fn next_month(d: NaiveDate) -> Option<NaiveDate> {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
}

/// RICE scores run from tens to thousands; four characters keep the column straight.
fn compact(score: f64) -> String {
    if score >= 9_999.5 {
        format!("{:.0}k", score / 1000.0)
    } else if score >= 999.5 {
        format!("{:.1}k", score / 1000.0)
    } else {
        format!("{score:.0}")
    }
}
