//! Styled text broken into rows of a width: at spaces where it can, inside a word only when
//! the word is longer than the row, continuation rows indented. Done here rather than by
//! ratatui's `Wrap` so the caller knows exactly how many rows there are: a scrolled view
//! can then always reach its last row, and a box can be made as tall as its text.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The rows `line` takes at `width` columns; rows after the first start with `indent`
/// spaces. An empty line is one empty row.
pub fn wrap(line: &Line, width: usize, indent: usize) -> Vec<Line<'static>> {
    let indent = indent.min(width / 2);
    // Graphemes, measured as ratatui places them, so an emoji joined by ZWJ stays whole.
    let cells: Vec<(&str, Style)> = line
        .spans
        .iter()
        .flat_map(|s| {
            let style = line.style.patch(s.style);
            s.content.graphemes(true).map(move |g| (g, style))
        })
        .collect();
    let mut rows: Vec<Vec<(&str, Style)>> = Vec::new();
    let mut row: Vec<(&str, Style)> = Vec::new();
    let mut used = 0;
    let cell_w = |c: &str| c.width();
    for (c, style) in cells {
        let w = cell_w(c);
        if used + w > width.max(1) && !row.is_empty() {
            if c == " " {
                // The space the row ends at goes with the break.
                rows.push(std::mem::replace(
                    &mut row,
                    vec![(" ", Style::new()); indent],
                ));
                used = indent;
                continue;
            }
            // Break after the row's last space, carrying the word begun over.
            let start = if rows.is_empty() { 0 } else { indent };
            let cut = row
                .iter()
                .rposition(|(c, _)| *c == " ")
                .filter(|p| *p > start);
            let carry = match cut {
                Some(p) => {
                    let carry = row.split_off(p + 1);
                    row.pop();
                    carry
                }
                None => Vec::new(),
            };
            rows.push(std::mem::take(&mut row));
            row = vec![(" ", Style::new()); indent];
            row.extend(carry);
            used = row.iter().map(|(c, _)| cell_w(c)).sum();
        }
        if c == " " && used == indent && !rows.is_empty() && row.len() == indent {
            // No row after the first starts with the space a break fell on.
            continue;
        }
        row.push((c, style));
        used += w;
    }
    rows.push(row);
    rows.into_iter().map(|r| spans(&r)).collect()
}

/// All `lines` wrapped to `width`, as the rows to draw.
pub fn wrap_all(lines: &[Line], width: usize, indent: usize) -> Vec<Line<'static>> {
    lines.iter().flat_map(|l| wrap(l, width, indent)).collect()
}

/// Cells back into spans, one per run of a style.
fn spans(cells: &[(&str, Style)]) -> Line<'static> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = None;
    for (c, s) in cells {
        if style.is_some_and(|st| st != *s) {
            out.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(*s);
        text.push_str(c);
    }
    if !text.is_empty() {
        out.push(Span::styled(text, style.unwrap_or_default()));
    }
    Line::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, width: usize, indent: usize) -> Vec<String> {
        wrap(&Line::from(text.to_string()), width, indent)
            .iter()
            .map(|l| l.to_string())
            .collect()
    }

    #[test]
    fn breaks_at_spaces_and_indents_what_follows() {
        assert_eq!(
            rows("show its stories in the backlog", 12, 2),
            ["show its", "  stories in", "  the", "  backlog"]
        );
        assert_eq!(rows("one two", 7, 0), ["one two"]);
        assert_eq!(rows("", 5, 0), [""]);
    }

    #[test]
    fn cuts_a_word_only_when_it_is_longer_than_the_row() {
        assert_eq!(rows("abcdefgh ij", 4, 0), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn keeps_each_style() {
        let line = Line::from(vec![
            Span::styled("key ", Style::new().bold()),
            Span::raw("does a thing"),
        ]);
        let out = wrap(&line, 8, 0);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].spans[0].style, Style::new().bold());
        assert_eq!(out[1].to_string(), "a thing");
    }
}
