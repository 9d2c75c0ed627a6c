//! The Sprint view's chart area: the burndown (ideal line, points left, today, scope-change
//! marks), the burnup (done against scope) or the velocity bar chart.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, Paragraph,
};

use super::super::action::{Action, SprintAction};
use super::super::app::App;
use super::super::keymap::{Context, key_for};
use super::Chart as Which;
use crate::model::BurndownDay;

mod flow;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    match app.sprint.chart {
        Which::Velocity => velocity(frame, area, app),
        Which::Burndown => line_chart(frame, area, app, Lines::Burndown),
        Which::Burnup => line_chart(frame, area, app, Lines::Burnup),
        Which::Flow => flow::draw(frame, area, app),
    }
}

/// The two line charts: points left against the ideal, or done against scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lines {
    Burndown,
    Burnup,
}

/// "] burnup": the key to the next chart, and which one that is.
pub(super) fn next_hint(app: &App) -> String {
    let key = key_for(Context::Sprint, &Action::Sprint(SprintAction::NextChart));
    format!("{key} {}", app.sprint.chart.cycle(1).name())
}

fn points(days: &[BurndownDay], value: impl Fn(&BurndownDay) -> Option<f64>) -> Vec<(f64, f64)> {
    days.iter()
        .enumerate()
        .filter_map(|(i, d)| value(d).map(|v| (i as f64, v)))
        .collect()
}

/// The series a line chart plots, each as (day, points).
struct Series {
    names: (&'static str, &'static str),
    /// The ideal line, or the scope.
    first: Vec<(f64, f64)>,
    /// The points left, or done.
    second: Vec<(f64, f64)>,
    /// Scope changes, on the line that jumps with them.
    marks: Vec<(f64, f64)>,
}

impl Series {
    fn of(days: &[BurndownDay], lines: Lines) -> Series {
        let (names, first, second) = match lines {
            Lines::Burnup => (
                ("scope", "done"),
                points(days, |d| d.scope.map(f64::from)),
                points(days, |d| d.done.map(f64::from)),
            ),
            Lines::Burndown => (
                ("ideal", "left"),
                points(days, |d| Some(d.ideal)),
                points(days, |d| d.remaining.map(f64::from)),
            ),
        };
        // Scope changes sit on the actual line, so the eye finds them where the line jumps.
        let marks = days
            .iter()
            .enumerate()
            .filter(|(_, d)| d.scope_changed)
            .filter_map(|(i, d)| {
                let v = match lines {
                    Lines::Burnup => d.scope,
                    Lines::Burndown => d.remaining,
                };
                v.map(|v| (i as f64, f64::from(v)))
            })
            .collect();
        Series {
            names,
            first,
            second,
            marks,
        }
    }

    fn top(&self) -> f64 {
        self.first
            .iter()
            .chain(&self.second)
            .map(|(_, v)| *v)
            .fold(1.0, f64::max)
    }
}

fn line_chart(frame: &mut Frame, area: Rect, app: &App, lines: Lines) {
    let days = app.derived.burndown(&app.product);
    let title = match lines {
        Lines::Burnup => format!(" Burnup: done / scope ({}) ", next_hint(app)),
        Lines::Burndown => format!(" Burndown ({}) ", next_hint(app)),
    };
    let block = Block::bordered().title(Line::styled(title, app.theme.title));
    if days.is_empty() {
        frame.render_widget(Paragraph::new("no sprint to chart").block(block), area);
        return;
    }
    let series = Series::of(days, lines);
    let top = series.top();
    let today: Vec<(f64, f64)> = days
        .iter()
        .position(|d| d.date == app.today)
        .map(|i| vec![(i as f64, 0.0), (i as f64, top)])
        .unwrap_or_default();
    let t = &app.theme;
    let line = |name, marker, style, data| {
        Dataset::default()
            .name(name)
            .marker(marker)
            .graph_type(GraphType::Line)
            .style(style)
            .data(data)
    };
    let datasets = vec![
        // A different marker, not only a different colour, tells the lines apart.
        line(series.names.0, Marker::Dot, t.ideal, &series.first),
        line(series.names.1, Marker::Braille, t.actual, &series.second),
        line("today", Marker::Braille, t.today, &today),
        Dataset::default()
            .name("scope changed")
            .marker(Marker::Block)
            .graph_type(GraphType::Scatter)
            .style(t.warn)
            .data(&series.marks),
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
            let long = format!(
                " Velocity {mean:.1} = mean of {} ",
                figures.velocity.parts()
            );
            // In a narrow pane the bars below already name each sprint's points.
            if long.chars().count() + 2 <= usize::from(area.width) {
                long
            } else {
                format!(
                    " Velocity {mean:.1}, mean of the last {} ",
                    figures.velocity.sprints.len()
                )
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
