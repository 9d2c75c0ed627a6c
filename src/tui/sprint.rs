//! The Sprint view: the sprint's facts (days left, who has what, what is blocked), its
//! stories by status, or planning (the backlog beside the sprint); and a chart: burndown,
//! burnup, velocity or flow. Closing asks which unfinished stories carry over, and where, in
//! a box over the view.

mod charts;
mod close;
mod planning;
mod update;

pub use close::{CloseChecklist, draw as draw_close};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::model::{Product, Sprint, SprintState, StoryId};

use super::action::{Action, SprintAction};
use super::app::{App, Pane, SprintState as ViewState};
use super::build;
use super::derived::Derived;
use super::keymap::{Context, key_for};
use super::layout;
use super::list::Group;
use super::widgets::{RowDrawing, cell, draw_list, pad, pane_block, safe_lines};

/// What the chart area shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Chart {
    #[default]
    Burndown,
    /// Done against scope: for sprints whose scope changed.
    Burnup,
    /// Done points per closed sprint.
    Velocity,
    /// Cycle time per finished story over time, with the 85th percentile, and the oldest
    /// work in progress.
    Flow,
}

impl Chart {
    const ALL: [Chart; 4] = [Chart::Burndown, Chart::Burnup, Chart::Velocity, Chart::Flow];

    /// The chart `by` steps on, round the four.
    pub fn cycle(self, by: isize) -> Chart {
        let i = Chart::ALL.iter().position(|c| *c == self).unwrap_or(0);
        let n = Chart::ALL.len() as isize;
        let at = (i as isize + by).rem_euclid(n) as usize;
        Chart::ALL.get(at).copied().unwrap_or(self)
    }

    /// What the title calls it.
    pub fn name(self) -> &'static str {
        match self {
            Chart::Burndown => "burndown",
            Chart::Burnup => "burnup",
            Chart::Velocity => "velocity",
            Chart::Flow => "cycle time",
        }
    }
}

/// The lists the view navigates: the status board, or in planning the candidates and the
/// sprint being planned.
pub fn groups(product: &Product, derived: &Derived, view: &ViewState) -> Vec<Group<StoryId>> {
    if view.planning {
        let target = derived
            .sprints
            .target
            .and_then(|id| product.sprint(id).ok());
        planning::groups(product, target, &view.filter)
    } else {
        build::sprint_board(product, derived.sprint, &view.filter)
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let shown = if app.sprint.planning {
        app.derived.sprints.target
    } else {
        app.derived.sprint
    };
    let sprint = shown.and_then(|id| app.product.sprint(id).ok());
    let parts = layout::sprint_parts(area);
    let lines = if app.sprint.planning {
        planning_info(app, sprint)
    } else {
        info(app, sprint)
    };
    frame.render_widget(
        Paragraph::new(safe_lines(lines))
            .block(Block::bordered().title(Line::styled(" 3 Sprint ", app.theme.focus)))
            .wrap(Wrap { trim: true }),
        parts.info,
    );
    let title = match (app.sprint.planning, sprint) {
        (true, Some(s)) => {
            let plan = Action::Sprint(SprintAction::PlanToggle);
            let key = key_for(Context::Sprint, &plan);
            format!("Planning · {} · {key} in/out", s.name)
        }
        (true, None) => "Planning".to_string(),
        (false, s) => s.map_or("Board".to_string(), |s| format!("Board · {}", s.name)),
    };
    frame.render_widget(
        pane_block(
            &app.theme,
            app.focus_of(Pane::Sprint),
            title,
            &app.sprint.filter,
        ),
        parts.board,
    );
    let inner = layout::inner(parts.board);
    if app.sprint.planning {
        planning::draw(frame, inner, app, sprint);
    } else if let Some(columns) = layout::sprint_columns(inner, heads(&app.sprint.list.groups)) {
        board_columns(frame, app, columns);
    } else {
        let none = |_: u16| Line::default();
        let item = |id: &StoryId, width: u16| story_line(app, *id, width);
        let rows = RowDrawing {
            marker: &none,
            item: &item,
        };
        let focus = app.focus_of(Pane::Sprint);
        draw_list(frame, inner, &app.theme, &app.sprint.list, focus, &rows);
    }
    charts::draw(frame, parts.chart, app);
}

/// One column per status, a line per story, each column windowed around the cursor.
fn board_columns(frame: &mut Frame, app: &App, columns: [Rect; 5]) {
    let list = &app.sprint.list;
    let highlight = app.focus_of(Pane::Sprint).highlight(&app.theme);
    for (g, col) in columns.iter().enumerate() {
        let Some(group) = list.groups.get(g) else {
            continue;
        };
        let cursor = (list.group == g).then_some(list.index);
        let (rows, start) = column_head(frame, app, group, *col, cursor);
        let width = col.width.saturating_sub(1);
        // Where the column has the rows, a title goes on over more.
        let per = layout::board_rows_per_story(rows, group.items.len());
        for (k, id) in group.items.iter().skip(start).take(rows / per).enumerate() {
            let rect = Rect::new(col.x, col.y + 1 + (k * per) as u16, width, per as u16);
            let lines = if per > 1 {
                story_lines(app, *id, width, per)
            } else {
                vec![story_line(app, *id, width)]
            };
            frame.render_widget(Paragraph::new(lines), rect);
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
    let f = &app.derived.sprints;
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
                app.dates.date(s.start),
                app.dates.date(s.end),
                s.days_left(app.today)
            )),
        ]));
    }
    lines.push(Line::from(format!("Goal: {}", s.goal)));
    let capacity = s.capacity.map_or("-".to_string(), |c| c.to_string());
    // Once started, "committed" is the baseline; the scope may have moved since.
    let committed = match f.committed {
        Some(c) if c != p.points_total => format!("committed {c} (scope now {})", p.points_total),
        Some(c) => format!("committed {c}"),
        None => format!("committed {}", p.points_total),
    };
    // Over capacity is allowed, but never quiet.
    let (fill, style) = match s.capacity {
        Some(c) if p.points_total > c => (
            format!(
                "Capacity {capacity} · {committed}, {} over · ",
                p.points_total - c
            ),
            t.warn,
        ),
        _ => (
            format!("Capacity {capacity} · {committed} · "),
            ratatui::style::Style::new(),
        ),
    };
    lines.push(Line::from(vec![
        Span::styled(fill, style),
        Span::styled(format!("done {} pts", p.points_done), t.good),
        Span::raw(format!(" · {}/{} stories", p.stories_done, p.stories)),
    ]));
    let owners: Vec<String> = f
        .owners
        .iter()
        .map(|(who, n, pts)| format!("{who} {n}/{pts}p"))
        .collect();
    let blocked: Vec<String> = f.blocked.iter().map(ToString::to_string).collect();
    lines.push(Line::from(vec![
        Span::styled("Open: ", t.dim),
        Span::raw(owners.join(", ")),
        Span::styled(" · blocked: ", t.dim),
        Span::styled(
            if blocked.is_empty() {
                "none".to_string()
            } else {
                blocked.join(", ")
            },
            if blocked.is_empty() { t.dim } else { t.bad },
        ),
    ]));
    lines
}

/// Planning's facts: what is being planned, its capacity against what is in it, and the
/// velocity with the sprints it comes from.
fn planning_info(app: &App, sprint: Option<&Sprint>) -> Vec<Line<'static>> {
    let t = &app.theme;
    let Some(s) = sprint else {
        return vec![Line::styled(
            "No sprint to plan: add one with roadlog sprint add …",
            t.warn,
        )];
    };
    let f = &app.derived.sprints;
    let committed = f.target_progress.points_total;
    let fill = match s.capacity {
        Some(c) if committed > c => Span::styled(
            format!(
                "committed {committed} of {c} · {} over capacity",
                committed - c
            ),
            t.warn,
        ),
        Some(c) => Span::raw(format!("committed {committed} of capacity {c}")),
        None => Span::raw(format!("committed {committed} (no capacity set)")),
    };
    let velocity = match f.velocity.mean() {
        Some(mean) => format!("Velocity {mean:.1} = mean of {}", f.velocity.parts()),
        None => "Velocity: no closed sprint yet".to_string(),
    };
    vec![
        Line::from(vec![
            Span::styled(format!("Planning {} {}", s.id, s.name), t.title),
            Span::raw(format!(
                " · {} → {} · {}",
                app.dates.date(s.start),
                app.dates.date(s.end),
                s.state
            )),
        ]),
        Line::from(fill),
        Line::from(velocity),
        Line::styled(
            "? no points: not ready, estimate it first · + past the capacity",
            t.dim,
        ),
    ]
}

/// A story over `rows` rows: its title broken at spaces, the rows after the first from the
/// title's column to the right edge, what does not fit the last row cut with an ellipsis;
/// in a narrow column, a row left over shows the assignee.
fn story_lines(app: &App, id: StoryId, width: u16, rows: usize) -> Vec<Line<'static>> {
    story_rows(app, id, width, rows)
}

fn story_line(app: &App, id: StoryId, width: u16) -> Line<'static> {
    story_rows(app, id, width, 1)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// The title's rest after its first `taken` characters, without the space it broke at,
/// and that rest's offset in the title (in characters).
fn title_rest(title: &str, taken: usize) -> (&str, usize) {
    let skip = title
        .char_indices()
        .nth(taken)
        .map_or(title.len(), |(i, _)| i);
    let rest = title[skip..].trim_start();
    (rest, title.chars().count() - rest.chars().count())
}

/// `!S-14 Screen reader…  3 dara`: the blocked mark, the id, the title, the points and (in a
/// roomy column) the assignee, over `rows` rows; the filter's letters marked.
fn story_rows(app: &App, id: StoryId, width: u16, rows: usize) -> Vec<Line<'static>> {
    let Some(s) = app.story_by_id(id) else {
        return vec![Line::from(id.to_string())];
    };
    let points = s.points.map_or("?".into(), |p| p.to_string());
    let who = s.assignee.clone().unwrap_or_default();
    // Board columns are narrow: there the assignee goes, the title stays.
    let roomy = width >= 30;
    let tail = if roomy {
        format!(" {points:>2} {}", pad(&who, 5))
    } else {
        format!(" {points:>2}")
    };
    let blocked = app.derived.blocked.contains(&id);
    // The widest id in the document, so ids are whole and rows line up; before it the
    // backlog's `!` for a blocked story, so colour is never the only sign.
    let id_w = app.derived.story_id_width + 1;
    let w = usize::from(width).saturating_sub(1 + id_w + tail.chars().count());
    let id_text = id.to_string();
    let [sign, cell] = super::settle::titled(app, id, &s.title, w);
    let title_w = cell.content.chars().count();
    let first = if rows > 1 {
        super::widgets::wrap(&s.title, title_w)
            .into_iter()
            .next()
            .unwrap_or_default()
    } else {
        s.title.clone()
    };
    let filter = &app.sprint.filter;
    let marks = super::fuzzy::TextFilter::new(filter).title_marks(&id_text, &s.title, &s.labels);
    let mut line = vec![
        Span::styled(if blocked { "!" } else { " " }, app.theme.bad),
        Span::styled(pad(&id_text, id_w), app.theme.dim),
        sign,
    ];
    line.extend(super::fuzzy::marked(
        &pad(&first, title_w),
        &s.title,
        &marks,
        cell.style,
    ));
    line.push(Span::raw(tail.clone()));
    let style = if blocked {
        app.theme.bad
    } else {
        ratatui::style::Style::new()
    };
    let mut out = vec![Line::from(line).style(style)];
    if rows < 2 {
        return out;
    }
    // The rows after the first go on under the title and over the points' place.
    let indent = usize::from(width).saturating_sub(title_w + tail.chars().count());
    let row_w = usize::from(width).saturating_sub(indent);
    let (rest, offset) = title_rest(&s.title, first.chars().count());
    let mut pieces = super::widgets::wrap(rest, row_w);
    if rest.is_empty() {
        pieces.clear();
    }
    let assignee = (!roomy && !who.is_empty()).then_some(who);
    let room = rows - 1 - usize::from(assignee.is_some() && pieces.len() < rows - 1);
    let mut taken = 0;
    for (k, piece) in pieces.iter().enumerate().take(room) {
        // The last row holds what is left, cut with an ellipsis.
        let text = if k + 1 == room {
            pieces[k..].join(" ")
        } else {
            piece.clone()
        };
        let (tail_of_title, at) = title_rest(rest, taken);
        let at = offset + at;
        let row_marks: Vec<usize> = marks.iter().filter_map(|m| m.checked_sub(at)).collect();
        let mut row = vec![Span::raw(" ".repeat(indent))];
        row.extend(super::fuzzy::marked(
            &pad(&text, row_w),
            tail_of_title,
            &row_marks,
            cell.style,
        ));
        out.push(Line::from(row).style(style));
        taken += piece.chars().count();
    }
    if let Some(who) = assignee
        && out.len() < rows
    {
        let shown = pad(&who, row_w);
        out.push(Line::from(vec![
            Span::raw(" ".repeat(usize::from(width).saturating_sub(shown.chars().count()))),
            Span::styled(shown, app.theme.dim),
        ]));
    }
    out
}

/// The widths of the board's empty columns: their heading and a gap; `None` for the others.
pub(super) fn heads(groups: &[Group<StoryId>]) -> [Option<u16>; 5] {
    std::array::from_fn(|g| {
        groups
            .get(g)
            .filter(|grp| grp.items.is_empty())
            .map(|grp| (head(grp).width() + 1) as u16)
    })
}

/// `Ready (3)`: a board column's heading.
fn head(group: &Group<StoryId>) -> Line<'static> {
    Line::from(vec![
        Span::raw(cell(&group.title)),
        Span::raw(format!(" ({})", group.items.len())),
    ])
}

/// Draws a board column's title with its count and returns how many rows the column shows
/// and the first item in view, so the cursor (if in this column) stays visible.
pub(super) fn column_head(
    frame: &mut Frame,
    app: &App,
    group: &super::list::Group<StoryId>,
    col: Rect,
    cursor: Option<usize>,
) -> (usize, usize) {
    let mut head = head(group);
    head.spans[0].style = app.theme.title;
    head.spans[1].style = app.theme.dim;
    frame.render_widget(head, Rect { height: 1, ..col });
    let rows = usize::from(col.height.saturating_sub(1));
    (rows, layout::run_start(cursor, rows, group.items.len()))
}
