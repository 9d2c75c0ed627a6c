//! The Backlog pane: stories in rank order (or grouped by epic), with readiness and blocked
//! marks and the waterline: the next planned sprint's capacity, or what gets done by a date.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::model::{StoryId, StoryStatus};

use super::action::{Action, BacklogAction, ItemAction, NavAction};
use super::app::{App, Pane};
use super::derived::{Waterline, WaterlineAt};
use super::fuzzy;
use super::keymap::{Context, key_for};
use super::layout;
use super::widgets::{RowDrawing, draw_list, pad, pane_block};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let state = &app.backlog;
    let mut title = String::from("2 Backlog");
    if state.grouped {
        title.push_str(" by epic");
    }
    if let Some(e) = state.epic {
        let clear = key_for(Context::Backlog, &Action::Nav(NavAction::Clear));
        title.push_str(&format!(" · epic {e} ({clear} clears)"));
    }
    if !state.grouped {
        title.push_str(&waterline_heading(app));
    }
    let focus = app.focus_of(Pane::Backlog);
    let block = pane_block(&app.theme, focus, title, &state.filter);
    frame.render_widget(block, area);
    let inner = layout::inner(area);
    if state.list.is_empty() {
        frame.render_widget(Line::styled(empty_message(app), app.theme.dim), inner);
        return;
    }
    let marker = |width: u16| waterline(app, width);
    let item = |id: &StoryId, width: u16| story_line(app, *id, width);
    let rows = RowDrawing {
        marker: &marker,
        item: &item,
    };
    draw_list(frame, inner, &app.theme, &state.list, focus, &rows);
}

/// Which waterline the pane shows, for its heading: ` · fits SP-8`, ` · by 2027-03-31`, or
/// why a date's cannot be drawn. Short, so a filter still fits beside it at 80 columns.
fn waterline_heading(app: &App) -> String {
    match (app.backlog.waterline, app.derived.waterline) {
        (_, Some(Waterline::Sprint { sprint, .. })) => format!(" · fits {sprint}"),
        (_, Some(Waterline::Date { date, .. })) => format!(" · by {}", app.dates.date(date)),
        (WaterlineAt::Date(date), None) => {
            format!(" · by {}: no forecast yet", app.dates.date(date))
        }
        (WaterlineAt::NextSprint, None) => String::new(),
    }
}

/// Why the list is empty, and the key that changes it.
fn empty_message(app: &App) -> String {
    let state = &app.backlog;
    let narrowed = !state.filter.is_empty() || state.epic.is_some() || state.query.is_some();
    if app.product.stories().is_empty() {
        if app.read_only {
            return "no stories yet (read-only)".into();
        }
        let new = key_for(Context::Backlog, &Action::Item(ItemAction::New));
        return format!("no stories yet: press {new} to add one");
    }
    if state.hidden_done > 0 {
        let show = key_for(
            Context::Backlog,
            &Action::Backlog(BacklogAction::ToggleDone),
        );
        let what = if narrowed { "that match " } else { "" };
        return format!(
            "the {} stories {what}are done: {show} shows them",
            state.hidden_done
        );
    }
    "no story matches".into()
}

fn waterline(app: &App, width: u16) -> Line<'static> {
    let text = match app.derived.waterline {
        Some(Waterline::Sprint {
            sprint,
            capacity,
            points,
            ..
        }) => format!("── waterline: {points} pts of {capacity} fit {sprint} "),
        Some(Waterline::Date {
            date,
            sprints,
            points,
            stories,
            ..
        }) => {
            let date = app.dates.date(date);
            format!("── by {date}: {stories} stories at 85%, {points:.0} pts in {sprints} sprints ")
        }
        None => String::new(),
    };
    let fill = usize::from(width).saturating_sub(text.chars().count());
    Line::styled(
        pad(&format!("{text}{}", "─".repeat(fill)), usize::from(width)),
        app.theme.waterline,
    )
}

/// Short enough for a narrow pane, still words rather than colours.
pub fn status_word(s: StoryStatus) -> &'static str {
    match s {
        StoryStatus::Draft => "draft",
        StoryStatus::Ready => "ready",
        StoryStatus::InProgress => "doing",
        StoryStatus::Review => "review",
        StoryStatus::Done => "done",
    }
}

/// The inside width of the backlog from which each row has room for its epic's score.
pub const SCORE_WIDTH: usize = 34;

/// Whether rows `width` wide show the epic score (`%`).
pub fn score_fits(width: usize) -> bool {
    width >= SCORE_WIDTH
}

/// `✓! S-12  Title…  5 doing  E-3`: ready mark, blocked mark, id, title, points, status, epic.
pub fn story_line(app: &App, id: StoryId, width: u16) -> Line<'static> {
    let t = &app.theme;
    let Some(story) = app.story_by_id(id) else {
        return Line::from(id.to_string());
    };
    let width = usize::from(width);
    let ready = if story.is_ready() { "✓" } else { " " };
    let blocked = app.derived.blocked.contains(&id);
    let points = story.points.map_or("?".to_string(), |p| p.to_string());
    let show_epic = width >= 42;
    // The epic score (`%`), in the width the title would otherwise have.
    let show_score = app.backlog.epic_score && score_fits(width);
    // The id is never cut: on a long backlog `S-19…` rows could not be told apart.
    let id_w = app.derived.story_id_width.max(5);
    let fixed = 2
        + 1
        + id_w
        + 1
        + 1
        + 2
        + 1
        + 6
        + if show_epic { 5 } else { 0 }
        + if show_score { 6 } else { 0 };
    let title_w = width.saturating_sub(fixed);
    let status_style = match story.status {
        StoryStatus::Done => t.good,
        StoryStatus::InProgress | StoryStatus::Review => t.warn,
        _ => t.dim,
    };
    let [sign, title] = super::settle::titled(app, id, &story.title, title_w);
    let mut spans = vec![
        Span::styled(ready, t.good),
        Span::styled(if blocked { "!" } else { " " }, t.bad),
        // Marked for a bulk change (`v`).
        Span::styled(if app.marked.contains(&id) { "•" } else { " " }, t.focus),
        Span::styled(pad(&id.to_string(), id_w), t.dim),
        Span::raw(" "),
        sign,
    ];
    let id_text = id.to_string();
    let filter = &app.backlog.filter;
    spans.extend(fuzzy::title_cell(
        filter,
        &id_text,
        &story.title,
        &story.labels,
        title,
    ));
    spans.extend([
        Span::raw(format!(" {points:>2} ")),
        Span::styled(pad(status_word(story.status), 6), status_style),
    ]);
    if show_epic {
        let epic = story.epic.map(|e| e.to_string()).unwrap_or_default();
        spans.push(Span::styled(format!(" {}", pad(&epic, 4)), t.dim));
    }
    if show_score {
        let score = story
            .epic
            .and_then(|e| app.product.epic(e).ok())
            .and_then(|e| app.product.epic_score(e))
            .map_or("-".to_string(), super::roadmap::compact);
        // `R4.8k`: the letter says which score it is where no heading does.
        let letter = super::roadmap::score_letter(app);
        spans.push(Span::styled(format!(" {letter}{score:>4}"), t.dim));
    }
    Line::from(spans)
}
