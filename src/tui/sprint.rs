//! The Sprint view: the sprint's facts, its stories by status and a burndown chart (ideal
//! line against the points actually left each day, from the stories' status history).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Wrap};

use crate::model::{Sprint, SprintState, StoryId};

use super::app::{App, Pane};
use super::layout;
use super::view::{draw_list, pad, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let sprint = app
        .derived
        .sprint
        .and_then(|id| app.product.sprint(id).ok());
    let parts = layout::sprint_parts(area);
    frame.render_widget(
        Paragraph::new(info(app, sprint))
            .block(Block::bordered().title(Line::styled(" 3 Sprint ", app.theme.focus)))
            .wrap(Wrap { trim: true }),
        parts.info,
    );
    let title = sprint.map_or("Board".to_string(), |s| format!("Board · {}", s.name));
    frame.render_widget(
        pane_block(app, Pane::Sprint, title, &app.sprint.filter),
        parts.board,
    );
    let inner = layout::inner(parts.board);
    if let Some(columns) = layout::sprint_columns(inner) {
        board_columns(frame, app, columns);
    } else {
        let none = |_: u16| Line::default();
        let item = |id: &StoryId, width: u16| story_line(app, *id, width);
        draw_list(
            frame,
            inner,
            app,
            &app.sprint.list,
            app.focus == Pane::Sprint,
            &none,
            &item,
        );
    }
    burndown(frame, parts.chart, app);
}

/// One column per status, a line per story, each column windowed around the cursor.
fn board_columns(frame: &mut Frame, app: &App, columns: [Rect; 5]) {
    let list = &app.sprint.list;
    let highlight = if app.focus == Pane::Sprint {
        app.theme.selected
    } else {
        app.theme.title
    };
    for (g, col) in columns.iter().enumerate() {
        let Some(group) = list.groups.get(g) else {
            continue;
        };
        let head = Line::from(vec![
            Span::styled(group.title.clone(), app.theme.title),
            Span::styled(format!(" ({})", group.items.len()), app.theme.dim),
        ]);
        frame.render_widget(head, Rect { height: 1, ..*col });
        let rows = usize::from(col.height.saturating_sub(1));
        let cursor = (list.group == g).then_some(list.index);
        let start = layout::run_start(cursor, rows, group.items.len());
        let width = col.width.saturating_sub(1);
        for (k, id) in group.items.iter().skip(start).take(rows).enumerate() {
            let rect = Rect::new(col.x, col.y + 1 + k as u16, width, 1);
            frame.render_widget(story_line(app, *id, width), rect);
            if cursor == Some(start + k) {
                frame.buffer_mut().set_style(rect, highlight);
            }
        }
    }
}

fn info(app: &App, sprint: Option<&Sprint>) -> Vec<Line<'static>> {
    let t = &app.theme;
    let Some(s) = sprint else {
        return vec![
            Line::styled("No active sprint, and none planned.", t.title),
            Line::from("Plan one with the CLI: roadlog sprint add …"),
        ];
    };
    let p = app.derived.sprint_progress;
    let mut lines = Vec::new();
    if s.state != SprintState::Active {
        lines.push(Line::styled(
            format!("No active sprint. Next planned: {} {}", s.id, s.name),
            t.warn,
        ));
    } else {
        lines.push(Line::from(vec![
            Span::styled(format!("{} {}", s.id, s.name), t.title),
            Span::raw(format!(
                " · {} → {} · {} days left",
                s.start,
                s.end,
                s.days_left(app.today)
            )),
        ]));
    }
    lines.push(Line::from(format!("Goal: {}", s.goal)));
    let capacity = s.capacity.map_or("-".to_string(), |c| c.to_string());
    lines.push(Line::from(vec![
        Span::raw(format!(
            "Capacity {capacity} · committed {} · ",
            p.points_total
        )),
        Span::styled(format!("done {} pts", p.points_done), t.good),
        Span::raw(format!(" · {}/{} stories", p.stories_done, p.stories)),
    ]));
    lines
}

fn story_line(app: &App, id: StoryId, width: u16) -> Line<'static> {
    let Some(s) = app
        .derived
        .story_at
        .get(&id)
        .and_then(|i| app.product.stories().get(*i))
    else {
        return Line::from(id.to_string());
    };
    let points = s.points.map_or("?".into(), |p| p.to_string());
    // Board columns are narrow: there the assignee goes, the title stays.
    let tail = if width >= 30 {
        let who = s.assignee.clone().unwrap_or_default();
        format!(" {points:>2} {}", pad(&who, 5))
    } else {
        format!(" {points:>2}")
    };
    let id_w = id.to_string().chars().count() + 1;
    let w = usize::from(width).saturating_sub(id_w + tail.chars().count());
    Line::from(vec![
        Span::styled(pad(&id.to_string(), id_w), app.theme.dim),
        Span::raw(pad(&s.title, w)),
        Span::raw(tail),
    ])
    .style(if app.derived.blocked.contains(&id) {
        app.theme.bad
    } else {
        ratatui::style::Style::new()
    })
}

fn burndown(frame: &mut Frame, area: Rect, app: &App) {
    let days = &app.derived.burndown;
    let block = Block::bordered().title(Line::styled(" Burndown ", app.theme.title));
    if days.is_empty() {
        frame.render_widget(Paragraph::new("no sprint to chart").block(block), area);
        return;
    }
    let ideal: Vec<(f64, f64)> = days
        .iter()
        .enumerate()
        .map(|(i, d)| (i as f64, d.ideal))
        .collect();
    let actual: Vec<(f64, f64)> = days
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.remaining.map(|r| (i as f64, f64::from(r))))
        .collect();
    let top = days
        .first()
        .map_or(0.0, |d| d.ideal)
        .max(actual.iter().map(|(_, r)| *r).fold(0.0, f64::max));
    let last = (days.len().saturating_sub(1)) as f64;
    let first_day = days.first().map(|d| d.date.format("%b %d").to_string());
    let last_day = days.last().map(|d| d.date.format("%b %d").to_string());
    let datasets = vec![
        Dataset::default()
            .name("ideal")
            // A different marker, not only a different colour, tells the lines apart.
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(app.theme.ideal)
            .data(&ideal),
        Dataset::default()
            .name("left")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(app.theme.actual)
            .data(&actual),
    ];
    let chart = Chart::new(datasets)
        .block(block)
        .hidden_legend_constraints((Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)))
        .x_axis(
            Axis::default()
                .bounds([0.0, last.max(1.0)])
                .labels([first_day.unwrap_or_default(), last_day.unwrap_or_default()]),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top.max(1.0)])
                .labels(["0".to_string(), format!("{}", top.round() as i64)]),
        );
    frame.render_widget(chart, area);
}
