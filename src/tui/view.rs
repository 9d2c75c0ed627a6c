//! Drawing the whole frame: header, the panes of the current screen, footer, overlays. A
//! pure function of the [`App`] (which carries `today`), so snapshots are deterministic.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::app::{App, Mode, Pane, SaveState};
use super::keymap;
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::list::{Groups, Row, window_start};
use super::{backlog, detail, help, roadmap, sprint};

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if layout::too_small(area) {
        too_small(frame, area);
        return;
    }
    let areas = layout::areas(area, app.focus);
    header(frame, areas.header, app);
    if let Some(a) = areas.roadmap {
        roadmap::draw(frame, a, app);
    }
    if let Some(a) = areas.backlog {
        backlog::draw(frame, a, app);
    }
    if let Some(a) = areas.sprint {
        sprint::draw(frame, a, app);
    }
    if let Some(a) = areas.detail {
        detail::draw(frame, a, app);
    }
    footer(frame, areas.footer, app);
    if app.mode == Mode::Help {
        help::draw(frame, area, app);
    }
    // grooming
    if app.form.is_some() {
        super::form::draw::draw(frame, area, app);
    }
    if matches!(app.mode, Mode::Criteria | Mode::CriterionInput) {
        super::criteria::draw(frame, area, app);
    }
    if app.mode == Mode::Picker {
        super::picker::draw(frame, area, app);
    }
    if app.mode == Mode::Confirm {
        super::confirm::draw(frame, area, app);
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from(format!("too small: {}x{}", area.width, area.height)),
        Line::from(format!("need {MIN_WIDTH}x{MIN_HEIGHT}")),
        Line::from("q quits"),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let rect = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}

fn badge(app: &App) -> (&'static str, Style) {
    let t = &app.theme;
    if app.read_only {
        return ("read-only", t.warn);
    }
    match app.save {
        SaveState::Saved => ("saved", t.good),
        SaveState::Saving => ("saving…", t.warn),
        SaveState::Failed => ("save failed", t.bad),
        SaveState::ChangedOnDisk => ("changed on disk", t.bad),
    }
}

fn header(frame: &mut Frame, area: Rect, app: &App) {
    let (word, style) = badge(app);
    let right = format!(" [{word}] ");
    let left = match &app.backlog.query {
        // Before the location, which is the part to cut on a narrow screen.
        Some(q) => format!(" {} · where {q} · {}", app.product.name(), app.location),
        None => format!(" {} · {}", app.product.name(), app.location),
    };
    let room = usize::from(area.width).saturating_sub(right.chars().count());
    let line = Line::from(vec![
        Span::styled(pad(&left, room), app.theme.header),
        Span::styled(right, style.patch(app.theme.title)),
    ]);
    frame.render_widget(line, area);
}

fn footer(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    // The `:` line stays visible while it has the keys, with any error beside it: hiding
    // it behind the message would let the next keys go into a line nobody can see.
    let line = if let (Mode::Command, Some(text)) = (app.mode, &app.command) {
        let after = match &app.message {
            Some(msg) => Span::styled(format!("  {msg}"), t.warn),
            None => Span::styled("  Enter apply · Esc close", t.dim),
        };
        Line::from(vec![
            Span::styled(" :", t.title),
            Span::raw(text.clone()),
            Span::styled("▏", t.focus),
            after,
        ])
    } else if let Some(msg) = &app.message {
        Line::from(Span::styled(format!(" {msg}"), t.warn))
    } else if app.mode == Mode::Filter {
        Line::from(vec![
            Span::styled(" filter: ", t.title),
            Span::raw(app_filter(app).to_string()),
            Span::styled("▏", t.focus),
            Span::styled("  Enter keep · Esc clear", t.dim),
        ])
    } else {
        let mut spans = vec![Span::raw(" ")];
        let mut used = 1;
        for (key, word) in keymap::hints_for(app.context()) {
            // Whole hints only: a cut "? hel" helps nobody.
            used += key.chars().count() + word.chars().count() + 3;
            if used > usize::from(area.width) {
                break;
            }
            spans.push(Span::styled(key, t.title));
            spans.push(Span::styled(format!(" {word}  "), t.dim));
        }
        Line::from(spans)
    };
    frame.render_widget(line, area);
}

fn app_filter(app: &App) -> &str {
    match app.focus {
        Pane::Roadmap => &app.roadmap.filter,
        Pane::Backlog => &app.backlog.filter,
        Pane::Sprint => &app.sprint.filter,
    }
}

/// A pane's frame: numbered title, highlighted when focused, with the active filter.
pub fn pane_block<'a>(app: &App, pane: Pane, title: String, filter: &str) -> Block<'a> {
    let focused = app.focus == pane;
    let style = if focused {
        app.theme.focus
    } else {
        app.theme.title
    };
    let mut spans = vec![Span::styled(format!(" {title} "), style)];
    if !filter.is_empty() {
        spans.push(Span::styled(format!("/{filter} "), app.theme.warn));
    }
    let block = Block::bordered().title(Line::from(spans));
    if focused {
        block.border_style(app.theme.focus)
    } else {
        block
    }
}

/// Draws the visible window of a grouped list, one line per row. Only the rows on screen
/// are visited, whatever the list's length.
pub fn draw_list<T>(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    list: &Groups<T>,
    focused: bool,
    marker: &dyn Fn(u16) -> Line<'static>,
    item: &dyn Fn(&T, u16) -> Line<'static>,
) where
    T: Copy + PartialEq,
{
    let height = usize::from(area.height);
    let offset = window_start(list.offset, list.cursor_row(), height, list.total_rows());
    for (n, row) in list.window(offset, height).into_iter().enumerate() {
        let rect = Rect {
            y: area.y + n as u16,
            height: 1,
            ..area
        };
        match row {
            Row::Header(title, count) => {
                let line = Line::from(vec![
                    Span::styled(title.to_string(), app.theme.title),
                    Span::styled(format!(" ({count})"), app.theme.dim),
                ]);
                frame.render_widget(line, rect);
            }
            Row::Marker => frame.render_widget(marker(area.width), rect),
            Row::Item { item: it, selected } => {
                frame.render_widget(item(it, area.width), rect);
                if selected {
                    // Unfocused panes keep a visible but quieter selection.
                    let style = if focused {
                        app.theme.selected
                    } else {
                        app.theme.title
                    };
                    frame.buffer_mut().set_style(rect, style);
                }
            }
        }
    }
}

/// Pads or cuts `text` to exactly `width` columns, marking a cut with an ellipsis.
pub fn pad(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut out = String::new();
    let mut used = 0;
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    let limit = if total > width {
        width.saturating_sub(1)
    } else {
        width
    };
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > limit {
            break;
        }
        out.push(c);
        used += w;
    }
    if total > width && width > 0 {
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// A progress bar of `width` cells: `▰` done, `▱` to do.
pub fn bar(ratio: f64, width: usize) -> (String, String) {
    let done = ((ratio.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    ("▰".repeat(done), "▱".repeat(width - done))
}
