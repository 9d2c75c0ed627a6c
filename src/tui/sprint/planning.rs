//! Planning in the Sprint view: the top of the backlog beside the sprint being planned,
//! with capacity, committed points and velocity. Going over capacity is allowed, and shown:
//! the stories past the capacity line (marked `+`) and the total are in warning style. A
//! story without points shows `?` for them: not ready.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::model::{Product, Sprint, StoryId};

use super::super::app::{App, Pane};
use super::super::fuzzy::TextFilter;
use super::super::layout;
use super::super::list::Group;
use super::super::widgets::pad;

/// The candidates (backlog stories not done and in no sprint, in rank order) and the stories
/// already planned into `target`, both under the view's filter.
pub fn groups(product: &Product, target: Option<&Sprint>, filter: &str) -> Vec<Group<StoryId>> {
    let text = TextFilter::new(filter);
    let shown = |s: &&crate::model::Story| text.matches(s.id, &s.title, &s.labels);
    let candidates = product
        .stories()
        .iter()
        .filter(|s| s.sprint.is_none() && !s.is_done())
        .filter(shown)
        .map(|s| s.id)
        .collect();
    let planned = target.map_or_else(Vec::new, |t| {
        product
            .sprint_stories(t.id)
            .filter(shown)
            .map(|s| s.id)
            .collect()
    });
    let title = target.map_or("No sprint to plan".to_string(), |t| format!("In {}", t.id));
    vec![
        Group::new("Backlog", candidates),
        Group::new(title, planned),
    ]
}

/// The two lists side by side, each windowed around its cursor.
pub fn draw(frame: &mut Frame, inner: Rect, app: &App, target: Option<&Sprint>) {
    let columns = layout::planning_columns(inner);
    let list = &app.sprint.list;
    let highlight = app.focus_of(Pane::Sprint).highlight(&app.theme);
    let capacity = target.and_then(|t| t.capacity);
    for (g, col) in columns.iter().enumerate() {
        let Some(group) = list.groups.get(g) else {
            continue;
        };
        let cursor = (list.group == g).then_some(list.index);
        let (rows, start) = super::column_head(frame, app, group, *col, cursor);
        // Points before the window, so the capacity line is right for every row shown.
        let mut sum = group
            .items
            .iter()
            .take(start)
            .map(|id| points_of(app, *id))
            .fold(0u32, u32::saturating_add);
        let width = col.width.saturating_sub(1);
        for (k, id) in group.items.iter().skip(start).take(rows).enumerate() {
            sum = sum.saturating_add(points_of(app, *id));
            // Past the capacity line: in warning style.
            // Past the capacity line: in warning style and marked `+`, so it shows without
            // colour too.
            let past = g == 1 && capacity.is_some_and(|c| sum > c);
            let mark = match (g, past) {
                (1, true) => Some("+"),
                (1, false) => Some(" "),
                _ => None,
            };
            let style = if past { app.theme.warn } else { Style::new() };
            let rect = Rect::new(col.x, col.y + 1 + k as u16, width, 1);
            frame.render_widget(line(app, *id, width, mark).style(style), rect);
            if cursor == Some(start + k) {
                frame.buffer_mut().set_style(rect, highlight);
            }
        }
    }
}

fn points_of(app: &App, id: StoryId) -> u32 {
    app.story_by_id(id).and_then(|s| s.points).unwrap_or(0)
}

/// `S-27 Exchange instead of refund  ?`: the id, the title, the points (`?` in warning
/// style when there are none: not ready, as the legend says) and, in the sprint's column,
/// `mark` (`+` past the capacity).
fn line(app: &App, id: StoryId, width: u16, mark: Option<&'static str>) -> Line<'static> {
    let Some(s) = app.story_by_id(id) else {
        return Line::from(id.to_string());
    };
    let points = match s.points {
        Some(p) => Span::raw(format!(" {p:>2}")),
        None => Span::styled("  ?", app.theme.warn),
    };
    // The widest id in the document, so ids are whole and rows line up.
    let id_w = app.derived.story_id_width + 1;
    let mark_w = mark.map_or(0, |m| m.chars().count());
    let w = usize::from(width).saturating_sub(id_w + 3 + mark_w);
    let [sign, title] = super::super::settle::titled(app, id, &s.title, w);
    let mut spans = vec![
        Span::styled(pad(&id.to_string(), id_w), app.theme.dim),
        sign,
        title,
        points,
    ];
    if let Some(m) = mark {
        spans.push(Span::raw(m));
    }
    Line::from(spans)
}
