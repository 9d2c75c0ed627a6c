//! Drawing the whole frame: header, the panes of the current screen, footer, overlays. A
//! pure function of the [`App`] (which carries `today`), so snapshots are deterministic.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::action::{
    Action, BacklogAction, CommandAction, FilterAction, GlobalAction, NavAction, QuestionAction,
};
use super::app::{App, Pane};
use super::keymap::{self, Context, hint};
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::overlay::Overlay;
use super::sync::Badge;
use super::widgets::{cell, pad, wrap};
use super::{backlog, criteria, detail, form, help, picker, question, roadmap, sprint};

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if layout::too_small(area) {
        too_small(frame, area);
        return;
    }
    let areas = layout::areas(area, app.focus, app.roadmap.view);
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
    overlays(frame, area, app);
    message_above(frame, areas.footer, app);
}

/// A question's answers, or the message in rows of the footer's width: a message never
/// pushes a question's keys out of the footer, and a long one is wrapped, not cut.
fn message_rows(app: &App, width: u16) -> Vec<String> {
    let Some(msg) = &app.message else {
        return Vec::new();
    };
    wrap(msg, usize::from(width.saturating_sub(1)).max(1))
        .into_iter()
        .map(|row| format!(" {row}"))
        .collect()
}

/// Whether the footer row belongs to the top overlay whatever the message: a question's
/// keys, or the `:` line being typed.
fn asks(app: &App) -> bool {
    matches!(
        app.context(),
        Context::Confirm | Context::CloseSprint | Context::Command
    )
}

/// The rows of a message that do not fit the footer, drawn just above it, over whatever is
/// there: all of it while a question's keys hold the footer, else all but its last row.
fn message_above(frame: &mut Frame, footer: Rect, app: &App) {
    let mut rows = message_rows(app, footer.width);
    if !asks(app) {
        rows.pop();
    }
    let n = (rows.len() as u16).min(footer.y);
    if n == 0 {
        return;
    }
    let rect = Rect::new(footer.x, footer.y - n, footer.width, n);
    let skip = rows.len() - usize::from(n);
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(skip)
        .map(|r| {
            Line::from(Span::styled(
                pad(&r, usize::from(footer.width)),
                app.theme.warn,
            ))
        })
        .collect();
    frame.render_widget(ratatui::widgets::Clear, rect);
    frame.render_widget(Paragraph::new(lines), rect);
}

/// The overlays, bottom to top, each over what is under it.
fn overlays(frame: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    for (i, overlay) in app.overlays.iter().enumerate() {
        match overlay {
            Overlay::Help { scroll } => help::draw(frame, area, app, *scroll),
            Overlay::Detail { scroll } => detail::draw_full(frame, area, app, *scroll),
            Overlay::Form(f) => form::draw::draw(frame, area, t, f),
            Overlay::Question(q) => question::draw(frame, area, t, &q.box_lines()),
            Overlay::Recovery(offer) => question::draw(frame, area, t, &offer.lines),
            Overlay::CloseSprint(list) => sprint::draw_close(frame, area, app, list),
            Overlay::Picker(p) => picker::draw(frame, area, t, p),
            Overlay::Checklist(c) => {
                let input = match app.overlays.above(i) {
                    Some(Overlay::CriterionInput(input)) => Some(&**input),
                    _ => None,
                };
                criteria::draw(frame, area, app, c, input);
            }
            // Drawn by the checklist under it, in its row.
            Overlay::CriterionInput(_) => {}
            // In the footer.
            Overlay::Filter | Overlay::Command(_) => {}
            Overlay::AfterG => {}
            Overlay::Settle(s) => super::settle::draw(frame, area, app, s),
        }
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from(format!("too small: {}x{}", area.width, area.height)),
        Line::from(format!("need {MIN_WIDTH}x{MIN_HEIGHT}")),
        Line::from(format!(
            "{} quits",
            keymap::key_for(Context::Global, &Action::Quit)
        )),
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

fn badge(app: &App) -> (String, Style) {
    let t = &app.theme;
    if app.read_only {
        return ("read-only".into(), t.warn);
    }
    let badge = app.sync.badge();
    let style = match badge {
        Badge::Saved | Badge::Merged { .. } => t.good,
        Badge::Saving | Badge::WaitingForLock(_) | Badge::Reloading => t.warn,
        Badge::Failed | Badge::Unreadable => t.bad,
    };
    (badge.text(), style)
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
    let top = app.overlays.top();
    // The `:` line stays visible while it has the keys, its error (like any message) drawn
    // whole above the footer: hiding the line behind the message would let the next keys
    // go into a line nobody can see.
    let line = if let Some(Overlay::Command(text)) = top {
        Line::from(vec![
            Span::styled(" :", t.title),
            Span::raw(cell(text)),
            Span::styled("▏", t.focus),
            Span::styled(format!("  {}", command_keys()), t.dim),
        ])
    } else if let (Some(last), false) = (message_rows(app, area.width).pop(), asks(app)) {
        // The message's last row; the rows before it are drawn above the footer.
        Line::from(Span::styled(last, t.warn))
    } else if let Some(Overlay::Filter) = top {
        Line::from(vec![
            Span::styled(" filter: ", t.title),
            Span::raw(cell(app_filter(app))),
            Span::styled("▏", t.focus),
            Span::styled(format!("  {}", filter_keys()), t.dim),
        ])
    } else if let Some(Overlay::AfterG) = top {
        after_g(app)
    } else if let Some(Overlay::Question(q)) = top {
        answers_line(app, &q.answers)
    } else {
        hints_line(app, app.context(), usize::from(area.width))
    };
    frame.render_widget(line, area);
}

/// Right after `g`: that it waits for its `/`, and that any other key means what it
/// always does (the pending `g` gives up on it, or after a second).
fn after_g(app: &App) -> Line<'static> {
    let t = &app.theme;
    let g = keymap::key_for(app.pane_context(), &Action::Nav(NavAction::TopOrJump));
    let jump = keymap::key_for(Context::AfterG, &Action::Global(GlobalAction::Jump));
    let help = Action::Global(GlobalAction::Help);
    Line::from(vec![
        Span::styled(format!(" {g}… "), t.title),
        Span::styled(jump, t.title),
        Span::styled(" jump anywhere", t.dim),
        Span::styled("  · other keys as usual  ", t.dim),
        Span::styled(keymap::key_for(app.pane_context(), &help), t.title),
        Span::styled(" help", t.dim),
    ])
}

/// The pane's key hints in the width there is: whole hints only (a cut "? hel" helps
/// nobody), the help key always last and never dropped, no edit key when read-only; in the
/// Backlog, first, how many done stories are hidden and the key that shows them.
fn hints_line(app: &App, context: Context, width: usize) -> Line<'static> {
    let t = &app.theme;
    let help = Action::Global(GlobalAction::Help);
    let hints: Vec<(String, &str)> = keymap::help_for(context)
        .filter(|b| !(app.read_only && b.action.is_edit()))
        .filter_map(|b| Some((keymap::key_label(b.keys.first()?), b.hint?, &b.action)))
        .filter(|(_, _, action)| **action != help)
        .map(|(key, word, _)| (key, word))
        .collect();
    // Where no key opens the help (a form takes `?` as text), it is not offered.
    let help_hint = keymap::bound_key(context, &help).map(|key| (key, "help"));
    let size = |(key, word): &(String, &str)| key.chars().count() + word.chars().count() + 3;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1 + help_hint.as_ref().map_or(0, size);
    if context == Context::Backlog && app.backlog.hidden_done > 0 {
        let show = keymap::key_for(context, &Action::Backlog(BacklogAction::ToggleDone));
        let note = format!("{} done hidden ({show} shows)  ", app.backlog.hidden_done);
        used += note.chars().count();
        spans.push(Span::styled(note, t.warn));
    }
    for hint in hints {
        used += size(&hint);
        if used > width {
            break;
        }
        spans.push(Span::styled(hint.0, t.title));
        spans.push(Span::styled(format!(" {}  ", hint.1), t.dim));
    }
    if let Some((key, word)) = help_hint {
        spans.push(Span::styled(key, t.title));
        spans.push(Span::styled(format!(" {word}"), t.dim));
    }
    Line::from(spans)
}

/// A question's answers in its own words, as the box says them ("y start  n not now"),
/// each with the key the key map binds, then the help key.
fn answers_line(app: &App, answers: &[(QuestionAction, String)]) -> Line<'static> {
    let t = &app.theme;
    let mut spans = vec![Span::raw(" ")];
    for (answer, word) in answers {
        let key = keymap::key_for(Context::Confirm, &Action::Question(*answer));
        spans.push(Span::styled(key, t.title));
        spans.push(Span::styled(format!(" {word}  "), t.dim));
    }
    let help = Action::Global(GlobalAction::Help);
    if let Some(key) = keymap::bound_key(Context::Confirm, &help) {
        spans.push(Span::styled(key, t.title));
        spans.push(Span::styled(" help", t.dim));
    }
    Line::from(spans)
}

/// "Enter apply · Esc close", as the `:` line binds them.
fn command_keys() -> String {
    let key = |action, word| hint(Context::Command, &Action::Command(action), word);
    let run = key(CommandAction::Run, "apply");
    format!("{run} · {}", key(CommandAction::Cancel, "close"))
}

/// "Enter keep · Esc clear", as the filter binds them.
fn filter_keys() -> String {
    let key = |action, word| hint(Context::Filter, &Action::Filter(action), word);
    format!(
        "{} · {}",
        key(FilterAction::Keep, "keep"),
        key(FilterAction::Clear, "clear")
    )
}

fn app_filter(app: &App) -> &str {
    match app.focus {
        Pane::Roadmap => &app.roadmap.filter,
        Pane::Backlog => &app.backlog.filter,
        Pane::Sprint => &app.sprint.filter,
    }
}
