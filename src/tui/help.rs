//! The help overlay, generated from the key map: the bindings of the current context, then
//! the global ones, and a legend of the marks the panes use.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::action::{Action, HelpAction};
use super::app::App;
use super::keymap::{self, Context};

/// The help of the focused pane, from its `scroll`th line (clamped to what there is).
pub fn draw(frame: &mut Frame, area: Rect, app: &App, scroll: usize) {
    let context = app.pane_context();
    let bindings: Vec<_> = keymap::help_for(context).collect();
    let width = area.width.saturating_sub(4).min(96);
    let columns: usize = if width >= 70 { 2 } else { 1 };
    let per_column = bindings.len().div_ceil(columns);
    let height = (per_column as u16 + 4).min(area.height.saturating_sub(2));
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let col_w = usize::from(width.saturating_sub(2)) / columns;
    let mut lines: Vec<Line> = (0..per_column)
        .map(|row| {
            let mut spans = Vec::new();
            for col in 0..columns {
                if let Some(b) = bindings.get(col * per_column + row) {
                    let keys = keymap::keys_label(b);
                    let text = format!(" {:<11}{}", keys, b.help);
                    spans.push(Span::styled(
                        format!("{:<col_w$}", truncate(&text, col_w)),
                        if b.context == Context::Global {
                            app.theme.dim
                        } else {
                            app.theme.title
                        },
                    ));
                }
            }
            Line::from(spans)
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::from(
        " marks: ✓ ready  ! blocked  ≠ conflict  ── waterline  ▶ active  ○ planned  · proposed  ✓ done",
    ));
    // Small terminals: scroll with j/k rather than lose the bottom of the list.
    let visible = usize::from(height.saturating_sub(2));
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

/// "j/↓": the line keys that scroll the help down (the page key goes without saying).
fn more_keys() -> String {
    let down = Action::Help(HelpAction::ScrollDown);
    let binding = keymap::BINDINGS
        .iter()
        .find(|b| b.context == Context::Help && b.action == down);
    binding.map_or_else(String::new, |b| {
        let keys: Vec<String> = b.keys.iter().take(2).map(keymap::key_label).collect();
        keys.join("/")
    })
}

fn truncate(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}
