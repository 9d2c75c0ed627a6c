//! The flow chart (`f`): the cycle time of each finished story (first start to done) as a
//! scatter over the day it finished, the 85th percentile as a line across it, and beside it
//! the stories in progress longest in their status. From the figures `Derived` keeps, so a
//! frame costs what is drawn. Where there is nothing to plot it says what is missing.

use chrono::{DateTime, Duration, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Wrap};

use super::super::super::app::App;
use super::next_hint;
use crate::model::{Aging, Flow};

/// Below this inner width the list of old work goes under the chart, not beside it.
const SIDE_BY_SIDE: u16 = 56;
/// The list's width beside the chart.
const LIST_WIDTH: u16 = 24;

fn days(d: Duration) -> f64 {
    d.num_seconds() as f64 / 86_400.0
}

/// "3d", "5h": an age or a duration, short.
fn short(d: Duration) -> String {
    if d.num_days() >= 1 {
        format!("{}d", d.num_days())
    } else {
        format!("{}h", d.num_hours().max(0))
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let flow = app.derived.flow(&app.product);
    let p85 = flow.and_then(|f| f.cycle.p85);
    let key = next_hint(app);
    let title = match p85 {
        Some(p) => {
            let long = format!(" Cycle time • story ─ 85% within {} ({key}) ", short(p));
            // Narrow (80x24): the key to the marks gives way to the figure.
            if long.chars().count() + 2 <= usize::from(area.width) {
                long
            } else {
                format!(" Cycle time, 85% ≤ {} ({key}) ", short(p))
            }
        }
        None => format!(" Cycle time ({key}) "),
    };
    let block = Block::bordered().title(Line::styled(title, app.theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(flow) = flow.filter(|f| f.finished.iter().any(|s| s.cycle.is_some())) else {
        let text = "no cycle times yet: a story gets one when it is done after being in \
                    progress (its status history records both)";
        let mut lines = vec![Line::styled(text, app.theme.dim)];
        lines.extend(flow.map(|f| oldest_line(app, &f.in_progress)));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        return;
    };
    if inner.width >= SIDE_BY_SIDE {
        let [chart, list] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(LIST_WIDTH)]).areas(inner);
        scatter(frame, chart, app, flow);
        oldest_list(frame, list, app, &flow.in_progress);
    } else {
        // Narrow (80x24): the oldest work on the chart's last row.
        let [chart, list] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
        scatter(frame, chart, app, flow);
        frame.render_widget(oldest_line(app, &flow.in_progress), list);
    }
}

fn scatter(frame: &mut Frame, area: Rect, app: &App, flow: &Flow) {
    let t = &app.theme;
    let done: Vec<(DateTime<Utc>, f64)> = flow
        .finished
        .iter()
        .filter_map(|f| f.cycle.map(|c| (f.finished, days(c))))
        .collect();
    let (Some(first), Some(last)) = (done.first(), done.last()) else {
        return;
    };
    let (first, last) = (first.0, last.0);
    let points: Vec<(f64, f64)> = done.iter().map(|(at, c)| (days(*at - first), *c)).collect();
    let right = days(last - first).max(1.0);
    let p85 = flow.cycle.p85.map(days);
    let top = points
        .iter()
        .map(|(_, c)| *c)
        .chain(p85)
        .fold(1.0, f64::max)
        .ceil();
    let line: Vec<(f64, f64)> = p85.map_or_else(Vec::new, |p| vec![(0.0, p), (right, p)]);
    let datasets = vec![
        // A different marker, not only a colour, tells the line from the stories.
        Dataset::default()
            .name("85%")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.warn)
            .data(&line),
        Dataset::default()
            .name("story")
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(t.actual)
            .data(&points),
    ];
    let day = |at: DateTime<Utc>| at.format("%b %d").to_string();
    let chart = Chart::new(datasets)
        // The title names the dots and the line: a legend would cover the dots.
        .legend_position(None)
        .x_axis(
            Axis::default()
                .bounds([0.0, right])
                .labels([day(first), day(last)]),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(["0d".to_string(), format!("{top}d")]),
        );
    frame.render_widget(chart, area);
}

/// "oldest: S-13 9d review · S-14 5d in-progress", for a single row.
fn oldest_line(app: &App, aging: &[Aging]) -> Line<'static> {
    if aging.is_empty() {
        return Line::styled("nothing in progress", app.theme.dim);
    }
    let each: Vec<String> = aging
        .iter()
        .take(4)
        .map(|a| format!("{} {}", a.story, short(a.age)))
        .collect();
    Line::from(vec![
        Span::styled("oldest: ", app.theme.dim),
        Span::raw(each.join(" · ")),
    ])
}

/// The stories in progress longest in their status, one a row, as many as fit.
fn oldest_list(frame: &mut Frame, area: Rect, app: &App, aging: &[Aging]) {
    let mut lines = vec![Line::styled("Oldest in progress", app.theme.dim)];
    if aging.is_empty() {
        lines.push(Line::styled("nothing in progress", app.theme.dim));
    }
    let rows = usize::from(area.height).saturating_sub(1);
    lines.extend(aging.iter().take(rows).map(|a| {
        Line::from(vec![
            Span::raw(format!("{:<6}", a.story.to_string())),
            Span::styled(format!("{:>4} ", short(a.age)), app.theme.warn),
            Span::styled(a.status.to_string(), app.theme.dim),
        ])
    }));
    frame.render_widget(Paragraph::new(lines), area);
}
