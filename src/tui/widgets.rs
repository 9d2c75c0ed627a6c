//! Drawing shared by several panes: a pane's frame, a windowed grouped list, text padded to
//! a width, a progress bar. It knows no pane: each is given what to draw.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::list::{Groups, Row, window_start};
use super::theme::Theme;

/// Whether a pane has the keys: its frame and selection are drawn louder then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Focused,
    Unfocused,
}

impl Focus {
    pub fn of(focused: bool) -> Focus {
        if focused {
            Focus::Focused
        } else {
            Focus::Unfocused
        }
    }

    /// The selected row's style: unfocused panes keep a visible but quieter selection.
    pub fn highlight(self, theme: &Theme) -> Style {
        match self {
            Focus::Focused => theme.selected,
            Focus::Unfocused => theme.title,
        }
    }
}

/// A pane's frame: numbered title, highlighted when focused, with the active filter.
pub fn pane_block<'a>(theme: &Theme, focus: Focus, title: String, filter: &str) -> Block<'a> {
    let style = match focus {
        Focus::Focused => theme.focus,
        Focus::Unfocused => theme.title,
    };
    let mut spans = vec![Span::styled(format!(" {title} "), style)];
    if !filter.is_empty() {
        spans.push(Span::styled(format!("/{filter} "), theme.warn));
    }
    let block = Block::bordered().title(Line::from(spans));
    match focus {
        Focus::Focused => block.border_style(theme.focus),
        Focus::Unfocused => block,
    }
}

/// How a grouped list's rows are drawn: the marker row (the backlog's waterline) and an
/// item, each for a width.
pub struct RowDrawing<'a, T> {
    pub marker: &'a dyn Fn(u16) -> Line<'static>,
    pub item: &'a dyn Fn(&T, u16) -> Line<'static>,
}

/// Draws the visible window of a grouped list, one line per row. Only the rows on screen
/// are visited, whatever the list's length.
pub fn draw_list<T>(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    list: &Groups<T>,
    focus: Focus,
    rows: &RowDrawing<T>,
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
                    Span::styled(title.to_string(), theme.title),
                    Span::styled(format!(" ({count})"), theme.dim),
                ]);
                frame.render_widget(line, rect);
            }
            Row::Marker => frame.render_widget((rows.marker)(area.width), rect),
            Row::Item { item: it, selected } => {
                frame.render_widget((rows.item)(it, area.width), rect);
                if selected {
                    frame.buffer_mut().set_style(rect, focus.highlight(theme));
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
