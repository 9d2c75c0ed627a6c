//! The help overlay, generated from the key map: the bindings of the current context, then
//! the global ones, and a legend of the marks the panes use, wrapped to fit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::action::{Action, HelpAction};
use super::app::App;
use super::keymap::{self, Context};
use super::wrap;

/// The key column's width: the widest key list and a gap.
const KEYS: usize = 12;

/// The help of the focused pane, from its `scroll`th row (clamped to what there is). Each
/// line is wrapped at its column, so nothing is cut at 80 or 120 columns.
/// The marks the lists draw and what each means: the help's last line (docs/TUI.md lists
/// the same, which a test checks). Stories' first, then epics' status marks.
pub const MARKS: [(&str, &str); 9] = [
    ("✓", "ready"),
    ("!", "blocked"),
    ("≠", "conflict"),
    ("──", "waterline"),
    ("▶", "active"),
    ("○", "planned"),
    ("·", "proposed"),
    ("✓", "done"),
    ("✗", "dropped"),
];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let context = app.pane_context();
    let (rect, mut lines) = layout(app, area);
    // Small terminals: scroll with j/k rather than lose the bottom of the list.
    let visible = usize::from(rect.height.saturating_sub(2));
    let top = scroll.min(lines.len().saturating_sub(visible));
    if top + visible < lines.len() && visible > 0 {
        lines.truncate(top + visible);
        if let Some(last) = lines.last_mut() {
            *last = Line::styled(format!(" … {} for more", more_keys()), app.theme.dim);
        }
    }
    let lines: Vec<Line> = lines.into_iter().skip(top).collect();
    let close = keymap::key_for(Context::Help, &Action::Help(HelpAction::Close));
    let title = format!(" Help · {context:?} · {close} closes ");
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(Line::styled(title, app.theme.focus))),
        rect,
    );
}

/// How far the help can scroll on a screen of `size`: its rows less those it shows.
pub fn scroll_limit(app: &App, size: Rect) -> usize {
    let (rect, lines) = layout(app, size);
    lines
        .len()
        .saturating_sub(usize::from(rect.height.saturating_sub(2)))
}

/// The help's box in `area` and all its rows: the bindings in one or two columns, each
/// wrapped inside its column, then the legend of marks.
fn layout(app: &App, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let bindings: Vec<_> = keymap::help_for(app.pane_context()).collect();
    let width = area.width.saturating_sub(4).min(96);
    let columns: usize = if width >= 70 { 2 } else { 1 };
    let per_column = bindings.len().div_ceil(columns);
    let col_w = usize::from(width.saturating_sub(2)) / columns;
    let entry = |b: &keymap::Bound| -> Vec<Line<'static>> {
        let style = if b.context == Context::Global {
            app.theme.dim
        } else {
            app.theme.title
        };
        let text = format!(" {:<w$}{}", keymap::keys_label(b), b.help, w = KEYS - 1);
        // A column's last cell stays blank, so the two columns never touch.
        wrap::wrap(&Line::styled(text, style), col_w.saturating_sub(1), KEYS)
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    for row in 0..per_column {
        let cells: Vec<Vec<Line<'static>>> = (0..columns)
            .filter_map(|col| bindings.get(col * per_column + row).map(|b| entry(b)))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(0);
        for r in 0..height {
            let mut spans: Vec<Span<'static>> = Vec::new();
            for cell in &cells {
                let part = cell.get(r).cloned().unwrap_or_default();
                let fill = col_w.saturating_sub(part.width());
                spans.extend(part.spans);
                spans.push(Span::raw(" ".repeat(fill)));
            }
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::default());
    let marks: Vec<String> = MARKS
        .iter()
        .map(|(m, what)| format!("{m} {what}"))
        .collect();
    let legend = Line::from(format!(" marks: {}", marks.join("  ")));
    lines.extend(wrap::wrap(&legend, usize::from(width.saturating_sub(2)), 8));
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    (rect, lines)
}

/// "j/↓": the line keys that scroll the help down (the page key goes without saying).
fn more_keys() -> String {
    let down = Action::Help(HelpAction::ScrollDown);
    let binding = keymap::active()
        .bindings()
        .iter()
        .find(|b| b.context == Context::Help && b.action == down);
    binding.map_or_else(String::new, |b| {
        let keys: Vec<String> = b.keys.iter().take(2).map(keymap::key_label).collect();
        keys.join("/")
    })
}
