//! Human output: aligned columns that fit the terminal, and "label  value" blocks for `show`.
//! One flexible column (the title) takes the width the others leave and is cut with an
//! ellipsis; widths are display widths, so wide characters line up too.

use std::io::IsTerminal;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const GAP: &str = "  ";
/// Used when neither the terminal nor $COLUMNS says how wide the output may be.
const FALLBACK_WIDTH: usize = 100;
/// The flexible column never shrinks below this, even if the line then wraps.
const MIN_FLEX: usize = 12;

/// The terminal's width when stdout is one, else $COLUMNS, else 100.
pub fn output_width() -> usize {
    if std::io::stdout().is_terminal()
        && let Ok((w, _)) = crossterm::terminal::size()
        && w > 0
    {
        return usize::from(w);
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|w| *w > 0)
        .unwrap_or(FALLBACK_WIDTH)
}

pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    flex: usize,
}

impl Table {
    /// `flex` is the index of the column that gives way when the line is too long.
    pub fn new(headers: &[&'static str], flex: usize) -> Table {
        Table {
            headers: headers.to_vec(),
            rows: Vec::new(),
            flex,
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self, width: usize) -> String {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        let others: usize = widths
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != self.flex)
            .map(|(_, w)| w)
            .sum::<usize>()
            + GAP.len() * columns.saturating_sub(1);
        if let Some(flex) = widths.get_mut(self.flex) {
            *flex = (*flex).min(width.saturating_sub(others).max(MIN_FLEX));
        }
        let header: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
        let mut out = String::new();
        for row in std::iter::once(&header).chain(&self.rows) {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, w)| pad(&truncate(cell, *w), *w))
                .collect();
            out.push_str(cells.join(GAP).trim_end());
            out.push('\n');
        }
        out
    }

    pub fn print(&self) {
        outln!("{}", self.render(output_width()).trim_end());
    }
}

/// Cuts `text` to at most `width` columns, ending in an ellipsis when something was cut.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

/// Prints `label  value` lines with the values aligned; empty values are left out.
pub fn print_fields(fields: &[(&str, String)]) {
    let width = fields.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    for (label, value) in fields.iter().filter(|(_, v)| !v.is_empty()) {
        outln!("{}{GAP}{value}", pad(label, width));
    }
}

/// `-` for a missing value, so columns never look shifted.
pub fn or_dash(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate("checkout", 8), "checkout");
        assert_eq!(truncate("checkout", 6), "check…");
        // Each of these characters is two columns wide.
        assert_eq!(truncate("日本語テキスト", 7), "日本語…");
    }

    #[test]
    fn the_flexible_column_gives_way() {
        let mut t = Table::new(&["ID", "TITLE", "PTS"], 1);
        t.row(vec![
            "S-1".into(),
            "a very long title indeed".into(),
            "5".into(),
        ]);
        let text = t.render(24);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ID   TITLE           PTS");
        assert_eq!(lines[1], "S-1  a very long t…  5");
        assert!(lines.iter().all(|l| l.width() <= 24));
    }
}
