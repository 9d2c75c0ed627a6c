//! The Roadmap pane: visions, then the epics of each horizon (Now / Next / Later) with status,
//! progress, score and forecast; with `t`, a timeline of the dated epics; with `V`, the
//! vision board of business goals ([`vision_board`](super::vision_board)).

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::model::{EpicId, EpicOutlook, EpicStatus};

use super::app::{App, Pane, RoadmapView};
use super::build::{RoadItem, RoadSort};
use super::fuzzy;
use super::layout;
use super::timeline;
use super::vision_board;
use super::widgets::{RowDrawing, bar, cell, draw_list, pad, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let state = &app.roadmap;
    let timeline = state.view == RoadmapView::Timeline;
    let title = if state.view == RoadmapView::Goals {
        "1 Roadmap · vision board".to_string()
    } else if timeline {
        "1 Roadmap · timeline".to_string()
    } else if state.sort == RoadSort::Rank {
        "1 Roadmap · now/next/later".to_string()
    } else {
        format!("1 Roadmap · {}", state.sort.word())
    };
    let focus = app.focus_of(Pane::Roadmap);
    let block = pane_block(&app.theme, focus, title, &state.filter);
    frame.render_widget(block, area);
    let list_area = layout::roadmap_list(area, state.view);
    let scale = timeline
        .then(|| timeline::scale(app, list_area.width))
        .flatten();
    if let Some(scale) = &scale {
        let top = Rect {
            y: list_area.y.saturating_sub(1),
            height: 1,
            ..list_area
        };
        frame.render_widget(timeline::header(app, scale), top);
    }
    if state.view == RoadmapView::Goals {
        vision_board::draw(frame, list_area, app);
        return;
    }
    let visions = state.list.groups.first().map_or(0, |g| g.items.len());
    if !timeline && let Some((strip, columns)) = layout::board_columns(list_area, visions) {
        board(frame, app, strip, columns);
        return;
    }
    let none = |_: u16| Line::default();
    let item = |it: &RoadItem, width: u16| match (it, &scale) {
        (RoadItem::Vision(v), _) => vision_line(app, *v, width),
        (RoadItem::Epic(e), Some(s)) => timeline::epic_line(app, *e, s),
        (RoadItem::Epic(e), None) => epic_line(app, *e, width),
        (RoadItem::Goal(r), _) => Line::from(r.to_string()),
    };
    let rows = RowDrawing {
        marker: &none,
        item: &item,
    };
    draw_list(frame, list_area, &app.theme, &state.list, focus, &rows);
}

/// The board as columns: visions in a strip on top, then Now / Next / Later side by side,
/// each epic a card of [`layout::EPIC_CARD`] lines. Each run shows a window around the cursor.
fn board(frame: &mut Frame, app: &App, strip: Rect, columns: [Rect; 3]) {
    let list = &app.roadmap.list;
    let cursor_in = |g: usize| (list.group == g).then_some(list.index);
    let highlight = app.focus_of(Pane::Roadmap).highlight(&app.theme);
    let header = |title: &str, n: usize| {
        Line::from(vec![
            Span::styled(cell(title), app.theme.title),
            Span::styled(format!(" ({n})"), app.theme.dim),
        ])
    };
    if let Some(g) = list.groups.first() {
        frame.render_widget(header(&g.title, g.items.len()), strip);
        let rows = usize::from(strip.height.saturating_sub(1));
        let start = layout::run_start(cursor_in(0), rows, g.items.len());
        for (k, item) in g.items.iter().skip(start).take(rows).enumerate() {
            let rect = Rect::new(strip.x, strip.y + 1 + k as u16, strip.width, 1);
            if let RoadItem::Vision(v) = item {
                frame.render_widget(vision_line(app, *v, rect.width), rect);
            }
            if cursor_in(0) == Some(start + k) {
                frame.buffer_mut().set_style(rect, highlight);
            }
        }
    }
    for (c, col) in columns.iter().enumerate() {
        let g = c + 1;
        let Some(group) = list.groups.get(g) else {
            continue;
        };
        let head = Rect { height: 1, ..*col };
        frame.render_widget(header(&group.title, group.items.len()), head);
        // A one-cell gap keeps neighbouring cards apart.
        let width = col.width.saturating_sub(1);
        let rows = layout::EPIC_CARD;
        let slots = usize::from(col.height.saturating_sub(1) / rows);
        let start = layout::run_start(cursor_in(g), slots, group.items.len());
        for (k, item) in group.items.iter().skip(start).take(slots).enumerate() {
            let RoadItem::Epic(id) = item else { continue };
            let rect = Rect::new(col.x, col.y + 1 + rows * k as u16, width, rows);
            for (n, line) in card(app, *id, width).into_iter().enumerate() {
                let row = Rect {
                    y: rect.y + n as u16,
                    height: 1,
                    ..rect
                };
                frame.render_widget(line, row);
            }
            if cursor_in(g) == Some(start + k) {
                frame.buffer_mut().set_style(rect, highlight);
            }
        }
    }
}

/// `▶ E-1 Guest checkout` over `▰▰▱▱ 18/32 9s R4.8k` over `→03-31 ◆04-14`; `▶!E-1` when
/// the 85% date falls after the target.
fn card(app: &App, id: EpicId, width: u16) -> [Line<'static>; 3] {
    let t = &app.theme;
    let Some(e) = app.epic_by_id(id) else {
        return [Line::from(id.to_string()), Line::default(), Line::default()];
    };
    let p = app.derived.epic_progress(id);
    let (done, todo) = bar(p.ratio(), 3);
    let head = format!("{id} ");
    let rest = usize::from(width).saturating_sub(2 + head.chars().count());
    let [sign, title] = super::settle::titled(app, id, &e.title, rest);
    let rice = app.product.epic_score(e).map_or("-".to_string(), compact);
    let letter = score_letter(app);
    let mut top = vec![
        Span::styled(status_mark(e.status), t.title),
        Span::styled(timeline::late_mark(app, e), t.bad),
        Span::styled(head, t.title),
        sign,
    ];
    let filter = &app.roadmap.filter;
    let id_text = id.to_string();
    top.extend(fuzzy::title_cell(
        filter,
        &id_text,
        &e.title,
        &e.labels,
        title.style(t.title),
    ));
    [
        Line::from(top),
        Line::from(vec![
            Span::styled(done, t.bar_done),
            Span::styled(todo, t.bar_todo),
            Span::raw(format!(
                " {}/{} {}s",
                p.points_done, p.points_total, p.stories
            )),
            Span::styled(format!(" {letter}{rice}"), t.dim),
        ]),
        Line::from(forecast_dates(app, e)),
    ]
}

/// `→03-31 ◆04-14`: the epic's target beside its 85% forecast date (month and day, as the
/// story history writes them; the detail has the whole dates), the forecast in the bad
/// style when it falls after the target. Always 13 columns, so the rows stay aligned.
fn forecast_dates(app: &App, e: &crate::model::Epic) -> Vec<Span<'static>> {
    let t = &app.theme;
    let day = |d: chrono::NaiveDate| d.format("%m-%d").to_string();
    let target = e.target.map_or_else(|| "  -  ".to_string(), day);
    let forecast = match &app.derived.forecast {
        Some(Ok(f)) => match f.epic(e.id) {
            EpicOutlook::Done => " done".to_string(),
            EpicOutlook::NoStories => "  -  ".to_string(),
            EpicOutlook::Forecast(ef) => ef.p85.date().map_or_else(|| " far ".to_string(), day),
        },
        _ => "  -  ".to_string(),
    };
    let style = if app.derived.late(e) { t.bad } else { t.good };
    vec![
        Span::styled(format!("→{target} "), t.dim),
        Span::styled(format!("◆{forecast}"), style),
    ]
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
    let [sign, title] = super::settle::titled(app, id, &v.title, w);
    Line::from(vec![
        Span::styled("◆ ", app.theme.title),
        Span::styled(format!("{:<4}", id.to_string()), app.theme.dim),
        sign,
        title,
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
    let Some(e) = app.epic_by_id(id) else {
        return Line::from(id.to_string());
    };
    let p = app.derived.epic_progress(id);
    // In a narrow pane (the split home screen at 80 columns) the dates and the score stay;
    // the bar and the figures give way (the detail has them).
    let roomy = width >= 48;
    let (done, todo) = if roomy {
        bar(p.ratio(), 4)
    } else {
        (String::new(), String::new())
    };
    let points = format!("{}/{}", p.points_done, p.points_total);
    let figures = if roomy {
        format!(" {points:>5} {:>2}s", p.stories)
    } else {
        String::new()
    };
    let rice = format!(
        " {}{:<4}",
        score_letter(app),
        app.product.epic_score(e).map_or("-".to_string(), compact)
    );
    let dates = forecast_dates(app, e);
    let tail = 1
        + usize::from(roomy)
        + done.chars().count()
        + todo.chars().count()
        + figures.chars().count()
        + dates
            .iter()
            .map(|s| s.content.chars().count())
            .sum::<usize>()
        + rice.chars().count();
    let id_w = app.derived.epic_id_width.max(4) + 1;
    let title_w = usize::from(width).saturating_sub(2 + id_w + tail);
    let [sign, title] = super::settle::titled(app, id, &e.title, title_w);
    let id_text = id.to_string();
    let mut spans = vec![
        Span::styled(status_mark(e.status), t.title),
        Span::styled(timeline::late_mark(app, e), t.bad),
        Span::styled(pad(&id_text, id_w), t.dim),
        sign,
    ];
    let filter = &app.roadmap.filter;
    spans.extend(fuzzy::title_cell(
        filter, &id_text, &e.title, &e.labels, title,
    ));
    spans.extend([
        Span::raw(" "),
        Span::styled(done, t.bar_done),
        Span::styled(todo, t.bar_todo),
        Span::raw(figures),
    ]);
    if roomy {
        spans.push(Span::raw(" "));
    }
    spans.extend(dates);
    spans.push(Span::styled(rice, t.dim));
    Line::from(spans)
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

/// R for a RICE score, W for WSJF: the document's choice.
pub(super) fn score_letter(app: &App) -> char {
    match app.product.scoring() {
        crate::model::Scoring::Rice => 'R',
        crate::model::Scoring::Wsjf => 'W',
    }
}

/// RICE scores run from tens to thousands; four characters keep the column straight.
pub(super) fn compact(score: f64) -> String {
    if score >= 9_999.5 {
        format!("{:.0}k", score / 1000.0)
    } else if score >= 999.5 {
        format!("{:.1}k", score / 1000.0)
    } else {
        format!("{score:.0}")
    }
}
