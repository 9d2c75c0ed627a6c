//! Drawing shared by several panes: a pane's frame, a windowed grouped list, a box in the
//! middle of the screen, text padded to a width, a progress bar. It knows no pane: each is
//! given what to draw.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::list::{Groups, Row};
use super::theme::Theme;
use crate::safe_text;

/// A bordered box over the middle of `area`, at most `max_width` wide and exactly as tall as
/// `lines` wrapped inside it plus the border (within `area`), whatever was under it cleared:
/// the questions and the settle overlay. Wrapped by [`super::wrap`], which counts its rows,
/// so the last line (the answers, usually) is never cut off.
pub fn centered_box(frame: &mut Frame, area: Rect, max_width: u16, lines: &[Line], block: Block) {
    let width = area.width.saturating_sub(4).min(max_width);
    let rows = super::wrap::wrap_all(lines, usize::from(width.saturating_sub(2)).max(1), 0);
    let height = u16::try_from(rows.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(Paragraph::new(rows).block(block), rect);
}

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
    let mut spans = vec![Span::styled(format!(" {} ", cell(&title)), style)];
    if !filter.is_empty() {
        spans.push(Span::styled(format!("/{} ", cell(filter)), theme.warn));
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
    let offset = list.window_for(height);
    for (n, row) in list.window(offset, height).into_iter().enumerate() {
        let rect = Rect {
            y: area.y + n as u16,
            height: 1,
            ..area
        };
        match row {
            Row::Header(title, count) => {
                let line = Line::from(vec![
                    Span::styled(cell(title), theme.title),
                    Span::styled(format!(" ({count})"), theme.dim),
                ]);
                frame.render_widget(line, rect);
            }
            Row::Marker => frame.render_widget((rows.marker)(area.width), rect),
            Row::Item { item: it, selected } => {
                frame.render_widget(safe_line((rows.item)(it, area.width)), rect);
                if selected {
                    frame.buffer_mut().set_style(rect, focus.highlight(theme));
                }
            }
        }
    }
}

/// Document text as one run of cells: escapes, controls and bidi overrides shown as visible
/// text, line breaks as `⏎` ([`safe_text::line`]). Every string the TUI draws from the
/// document goes through this, [`pad`], [`safe_line`] or [`block_lines`]: ratatui would drop
/// the controls silently and count widths its own way.
pub fn cell(text: &str) -> String {
    safe_text::line(text).into_owned()
}

/// `line` with each span made safe as by [`cell`], styles kept: for lines that mix labels with
/// document text. Our own labels hold no control, so they pass unchanged.
pub fn safe_line(line: Line<'_>) -> Line<'static> {
    let spans: Vec<Span<'static>> = line
        .spans
        .into_iter()
        .map(|s| Span::styled(cell(&s.content), s.style))
        .collect();
    Line {
        spans,
        style: line.style,
        alignment: line.alignment,
    }
}

/// [`safe_line`] over every line of a paragraph.
pub fn safe_lines(lines: Vec<Line<'_>>) -> Vec<Line<'static>> {
    lines.into_iter().map(safe_line).collect()
}

/// A multi-line field (a description) as lines, each safe as by [`cell`].
pub fn block_lines(text: &str) -> Vec<Line<'static>> {
    safe_text::block(text)
        .split('\n')
        .map(|l| Line::from(l.to_string()))
        .collect()
}

/// `text` made safe ([`cell`]) and padded or cut to exactly `width` display columns, marking
/// a cut with an ellipsis: columns stay aligned whatever the text holds (CJK, emoji joined
/// by ZWJ, zero-width characters, escapes), since ratatui places each span by the same count.
pub fn pad(text: &str, width: usize) -> String {
    safe_text::fit(text, width)
}

/// `text` made safe ([`cell`]) and broken at spaces into lines of at most `width` display
/// columns; a word longer than a line is cut across lines. The number of lines is exact, so
/// a message can be given the rows it needs and nothing of it is cut off.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let shown = cell(text);
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0);
    for word in shown.split(' ') {
        if used > 0 && used + 1 + safe_text::width(word) > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for grapheme in word.graphemes(true) {
            let w = grapheme.width();
            if used > 0 && used + w > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push_str(grapheme);
            used += w;
        }
    }
    lines.push(line);
    lines
}

/// A progress bar of `width` cells: `▰` done, `▱` to do.
pub fn bar(ratio: f64, width: usize) -> (String, String) {
    let done = ((ratio.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    ("▰".repeat(done), "▱".repeat(width - done))
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrap_breaks_at_spaces_cuts_long_words_and_keeps_every_character() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        // Wide characters take two columns each and are never split.
        assert_eq!(wrap("日本語 ok", 4), vec!["日本", "語", "ok"]);
        // Escapes are shown, not sent, and count for their visible width.
        let lines = wrap("x\u{1b}[2J y", 80);
        assert_eq!(lines.len(), 1);
        assert!(!lines[0].contains('\u{1b}'), "{lines:?}");
    }
}
