//! Draws the form as an overlay: a label column, one editor per field, and the message of a
//! refused field under it (the footer shows the keys). When the fields are taller than the overlay
//! (an 80x24 terminal), the view scrolls so the focused field is always whole on screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear};

use super::super::theme::Theme;
use super::super::widgets::{cell, wrap};
use super::{AnyForm, Field, Fields};

const LABEL: u16 = 13;

pub fn draw(frame: &mut Frame, area: Rect, t: &Theme, form: &AnyForm) {
    let title = form.target().title();
    let small = matches!(form, AnyForm::Reading(_));
    let form = form.fields();
    // Between the header and the footer (which shows the form's keys), full width: at
    // 80x24 every row counts. The reading form takes only the rows it needs, so the goal
    // it is about stays in view on the board below.
    // The editors' width: the overlay's, less its borders and the label column.
    let editors = area.width.saturating_sub(2 + LABEL);
    let needs: u16 = form.list.iter().map(|f| height(f, editors)).sum::<u16>() + 3;
    let full = area.height.saturating_sub(2);
    let rect = Rect {
        y: area.y + 1,
        height: if small { full.min(needs) } else { full },
        ..area
    };
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .border_style(t.focus)
        .title(Line::styled(format!(" {} ", cell(&title)), t.focus));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    if inner.height < 2 || inner.width <= LABEL + 2 {
        return;
    }
    let view = inner.height - 1;
    let width = inner.width - LABEL;
    let offset = scroll(form, view, width);
    let mut y = 0u16;
    let (mut above, mut below) = (false, false);
    for (i, field) in form.list.iter().enumerate() {
        let errors = error_lines(field, width);
        let h = field.body_height() + errors.len() as u16;
        let top = y;
        y += h;
        if top < offset {
            above = true;
            continue;
        }
        if top + h > offset + view {
            below = true;
            continue;
        }
        let row = inner.y + top - offset;
        let focused = i == form.focus;
        let (mark, style) = if focused {
            ("▸", t.focus)
        } else {
            (" ", t.dim)
        };
        let label = Line::from(Span::styled(
            format!("{mark}{:<w$}", field.label, w = usize::from(LABEL - 1)),
            style,
        ));
        frame.render_widget(label, Rect::new(inner.x, row, LABEL, 1));
        let body = field.body_height();
        let edit = Rect::new(inner.x + LABEL, row, width, body);
        if field.text.is_empty() {
            frame.render_widget(placeholder(t, field), edit);
        } else {
            frame.render_widget(&field.text, edit);
        }
        for (k, text) in errors.into_iter().enumerate() {
            let at = Rect::new(inner.x + LABEL, row + body + k as u16, width, 1);
            frame.render_widget(Line::styled(text, t.bad), at);
        }
    }
    let status = Rect::new(inner.x, inner.y + view, inner.width, 1);
    if let Some(e) = &form.error {
        frame.render_widget(Line::styled(format!("⚠ {}", cell(e)), t.bad), status);
    } else if above || below {
        let more = match (above, below) {
            (true, true) => "↑↓ more fields",
            (true, false) => "↑ more fields above",
            _ => "↓ more fields below",
        };
        frame.render_widget(Line::styled(more, t.dim), status);
    }
}

/// Why the field was refused, wrapped to the editor's `width`: a message cut at the edge
/// would hide the very values the field accepts.
fn error_lines(field: &Field, width: u16) -> Vec<String> {
    field
        .error
        .as_deref()
        .map_or_else(Vec::new, |e| wrap(&format!("⚠ {e}"), usize::from(width)))
}

/// Rows the field takes, its wrapped message included.
fn height(field: &Field, width: u16) -> u16 {
    field.body_height() + error_lines(field, width).len() as u16
}

/// The first form row shown: as near the top as possible with the focused field whole.
fn scroll(form: &Fields, view: u16, width: u16) -> u16 {
    let top: u16 = form
        .list
        .iter()
        .take(form.focus)
        .map(|f| height(f, width))
        .sum();
    let h = form.list.get(form.focus).map_or(1, |f| height(f, width));
    (top + h).saturating_sub(view).min(top)
}

/// An empty field's hint, drawn here rather than by the editor, which puts it one column
/// right of the cursor and in a colour (which NO_COLOR forbids): the cursor sits on the
/// hint's first letter, the hint is dim.
fn placeholder(t: &Theme, field: &Field) -> Line<'static> {
    let hint = cell(field.text.placeholder_text());
    let mut chars = hint.chars();
    let first = chars.next().map_or(" ".to_string(), String::from);
    Line::from(vec![
        Span::styled(first, t.dim.patch(field.text.cursor_style())),
        Span::styled(chars.as_str().to_string(), t.dim),
    ])
}
