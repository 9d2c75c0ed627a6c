//! The Sprint view's chart area: the burndown (ideal line, points left, today, scope-change
//! marks), the burnup (done against scope) or the velocity bar chart.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, Paragraph,
};

use super::super::app::App;
use super::Chart as Which;
use crate::model::BurndownDay;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    match app.sprint.chart {
        Which::Velocity => velocity(frame, area, app),
        which => line_chart(frame, area, app, which == Which::Burnup),
    }
}

fn points(days: &[BurndownDay], value: impl Fn(&BurndownDay) -> Option<f64>) -> Vec<(f64, f64)> {
    days.iter()
        .enumerate()
        .filter_map(|(i, d)| value(d).map(|v| (i as f64, v)))
        .collect()
}

fn line_chart(frame: &mut Frame, area: Rect, app: &App, burnup: bool) {
    let days = &app.derived.burndown;
    let title = if burnup {
        " Burnup: done / scope (b) "
    } else {
        " Burndown (b burnup, v velocity) "
    };
    let block = Block::bordered().title(Line::styled(title, app.theme.title));
    if days.is_empty() {
        frame.render_widget(Paragraph::new("no sprint to chart").block(block), area);
        return;
    }
    let (first, second) = if burnup {
        (
            points(days, |d| d.scope.map(f64::from)),
            points(days, |d| d.done.map(f64::from)),
        )
    } else {
        (
            points(days, |d| Some(d.ideal)),
            points(days, |d| d.remaining.map(f64::from)),
        )
    };
    let top = first
        .iter()
        .chain(&second)
        .map(|(_, v)| *v)
        .fold(1.0, f64::max);
    // Scope changes sit on the actual line, so the eye finds them where the line jumps.
    let marks: Vec<(f64, f64)> = days
        .iter()
        .enumerate()
        .filter(|(_, d)| d.scope_changed)
        .filter_map(|(i, d)| {
            let v = if burnup { d.scope } else { d.remaining };
            v.map(|v| (i as f64, f64::from(v)))
        })
        .collect();
    let today: Vec<(f64, f64)> = days
        .iter()
        .position(|d| d.date == app.today)
        .map(|i| vec![(i as f64, 0.0), (i as f64, top)])
        .unwrap_or_default();
    let (first_name, second_name) = if burnup {
        ("scope", "done")
    } else {
        ("ideal", "left")
    };
    let datasets = vec![
        Dataset::default()
            .name(first_name)
            // A different marker, not only a different colour, tells the lines apart.
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(app.theme.ideal)
            .data(&first),
        Dataset::default()
            .name(second_name)
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(app.theme.actual)
            .data(&second),
        Dataset::default()
            .name("today")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(app.theme.today)
            .data(&today),
        Dataset::default()
            .name("scope changed")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(app.theme.warn)
            .data(&marks),
    ];
    let last = days.len().saturating_sub(1) as f64;
    let day = |d: Option<&BurndownDay>| d.map(|d| d.date.format("%b %d").to_string());
    let chart = Chart::new(datasets)
        .block(block)
        .hidden_legend_constraints((Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)))
        .x_axis(Axis::default().bounds([0.0, last.max(1.0)]).labels([
            day(days.first()).unwrap_or_default(),
            day(days.last()).unwrap_or_default(),
        ]))
        .y_axis(
            Axis::default()
                .bounds([0.0, top])
                .labels(["0".to_string(), format!("{}", top.round() as i64)]),
        );
    frame.render_widget(chart, area);
}

fn velocity(frame: &mut Frame, area: Rect, app: &App) {
    let figures = &app.derived.sprints;
    // The mean with the sprints it comes from, as planning shows it.
    let title = match figures.velocity.mean() {
        Some(mean) => {
            let parts: Vec<String> = figures
                .velocity
                .sprints
                .iter()
                .map(|(id, p)| format!("{id} {p}"))
                .collect();
            let long = format!(" Velocity {mean:.1} = mean of {} ", parts.join(", "));
            // In a narrow pane the bars below already name each sprint's points.
            if long.chars().count() + 2 <= usize::from(area.width) {
                long
            } else {
                format!(" Velocity {mean:.1}, mean of the last {} ", parts.len())
            }
        }
        None => " Velocity ".to_string(),
    };
    let block = Block::bordered().title(Line::styled(title, app.theme.title));
    if figures.closed.is_empty() {
        frame.render_widget(Paragraph::new("no closed sprint yet").block(block), area);
        return;
    }
    let bars: Vec<Bar> = figures
        .closed
        .iter()
        .map(|(id, points)| {
            Bar::default()
                .label(Line::from(id.to_string()))
                .value(u64::from(*points))
                .style(app.theme.bar_done)
        })
        .collect();
    let chart = BarChart::default()
        .block(block)
        .data(BarGroup::default().bars(&bars))
        .bar_width(5)
        .bar_gap(1);
    frame.render_widget(chart, area);
}
