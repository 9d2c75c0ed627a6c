//! Human output: aligned columns that fit the terminal, and "label  value" blocks for `show`.
//! One flexible column (the title) takes the width the others leave and is cut with an
//! ellipsis. Every cell and value goes through [`safe_text`], so document text can neither
//! reach the terminal as a control nor break a row, and widths are display columns, so
//! CJK, emoji and zero-width text line up too.

use std::borrow::Cow;
use std::io::IsTerminal;

use unicode_width::UnicodeWidthStr;

use crate::safe_text;

const GAP: &str = "  ";
/// Used when neither the terminal nor $COLUMNS says how wide the output may be.
const FALLBACK_WIDTH: usize = 100;
/// The flexible column never shrinks below this, even if the line then wraps.
const MIN_FLEX: usize = 12;
/// The other columns (names, labels) are cut here, so one long value cannot push the title
/// off the line.
const MAX_OTHER: usize = 24;

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

/// Cells borrow what they show where they can (titles, assignees), so `story list` over
/// 100k stories does not copy every title first; the lines go straight to the output.
pub struct Table<'a> {
    headers: Vec<&'static str>,
    rows: Vec<Vec<Cow<'a, str>>>,
    flex: usize,
}

impl<'a> Table<'a> {
    /// `flex` is the index of the column that gives way when the line is too long.
    pub fn new(headers: &[&'static str], flex: usize) -> Table<'a> {
        Table {
            headers: headers.to_vec(),
            rows: Vec::new(),
            flex,
        }
    }

    pub fn row<C: Into<Cow<'a, str>>>(&mut self, cells: impl IntoIterator<Item = C>) {
        self.rows.push(cells.into_iter().map(Into::into).collect());
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn render(&self, width: usize) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = self.write_lines(width, &mut |line| {
            out.push_str(line);
            out.push('\n');
            Ok(())
        });
        out
    }

    /// Writes the table to stdout line by line, each through the same last pass as
    /// [`crate::cli::write_out`].
    pub fn print(&self) {
        crate::cli::write_out_with(|out| {
            self.write_lines(output_width(), &mut |line| {
                out.write_all(safe_text::block(line).as_bytes())?;
                out.write_all(b"\n")
            })
        });
    }

    /// Prints the table, or `empty` when it has no rows (a header alone says nothing).
    pub fn print_or(&self, empty: &str) {
        if self.is_empty() {
            outln!("{empty}");
        } else {
            self.print();
        }
    }

    /// Hands each line, without trailing blanks, to `emit`: the header, then the rows.
    fn write_lines(
        &self,
        width: usize,
        emit: &mut dyn FnMut(&str) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let widths = self.widths(width);
        let mut line = String::new();
        let header = self.headers.iter().map(|h| Cow::Borrowed(*h));
        emit(line_of(header, &widths, &mut line))?;
        for row in &self.rows {
            emit(line_of(row.iter().cloned(), &widths, &mut line))?;
        }
        Ok(())
    }

    fn widths(&self, width: usize) -> Vec<usize> {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self.headers.iter().map(|h| cell_width(h)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell_width(cell));
            }
        }
        for (i, w) in widths.iter_mut().enumerate() {
            if i != self.flex {
                *w = (*w).min(MAX_OTHER);
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
        widths
    }
}

/// One line into `line` (reused from row to row): each cell made safe and fitted to its
/// column as [`safe_text::fit`] does, joined by the gap.
fn line_of<'l, 'a>(
    cells: impl Iterator<Item = Cow<'a, str>>,
    widths: &[usize],
    line: &'l mut String,
) -> &'l str {
    line.clear();
    for (i, (cell, w)) in cells.zip(widths).enumerate() {
        if i > 0 {
            line.push_str(GAP);
        }
        let used = if cell_width(&cell) <= *w && is_plain(&cell) {
            line.push_str(&cell);
            cell.len()
        } else {
            let cut = safe_text::truncate(&cell, *w);
            line.push_str(&cut);
            cut.width()
        };
        line.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    }
    line.trim_end()
}

/// [`safe_text::width`], counting printable ASCII (nearly every cell) without a lookup.
fn cell_width(cell: &str) -> usize {
    if is_plain(cell) {
        cell.len()
    } else {
        safe_text::width(cell)
    }
}

/// Printable ASCII only: safe as it is, one column a byte.
fn is_plain(cell: &str) -> bool {
    cell.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// One `label  value` line of a `show`; see [`print_fields`].
pub struct Field {
    label: &'static str,
    value: String,
    lines: Lines,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Many,
}

impl Field {
    /// A one-line value (a title, a name, a date): a line break in it shows as `⏎`.
    pub fn line(label: &'static str, value: impl Into<String>) -> Field {
        Field {
            label,
            value: value.into(),
            lines: Lines::One,
        }
    }

    /// Multi-line text (a description): its lines continue under the first, aligned.
    pub fn text(label: &'static str, value: impl Into<String>) -> Field {
        Field {
            label,
            value: value.into(),
            lines: Lines::Many,
        }
    }
}

/// Prints `label  value` lines with the values aligned; empty values are left out.
pub fn print_fields(fields: &[Field]) {
    outln!("{}", render_fields(fields).trim_end_matches('\n'));
}

fn render_fields(fields: &[Field]) -> String {
    let width = fields.iter().map(|f| f.label.len()).max().unwrap_or(0);
    let indent = " ".repeat(width + GAP.len());
    let mut out = String::new();
    for f in fields.iter().filter(|f| !f.value.trim().is_empty()) {
        let shown = match f.lines {
            Lines::One => safe_text::line(&f.value),
            Lines::Many => safe_text::block(f.value.trim_end()),
        };
        for (i, line) in shown.split('\n').enumerate() {
            let lead = if i == 0 {
                format!("{:width$}{GAP}", f.label)
            } else {
                indent.clone()
            };
            out.push_str(format!("{lead}{line}").trim_end());
            out.push('\n');
        }
    }
    out
}

/// `-` for a missing value, so columns never look shifted.
pub fn or_dash(value: Option<impl ToString>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_made_safe_and_aligned_by_display_width() {
        let mut t = Table::new(&["ID", "TITLE", "PTS"], 1);
        let family = "👨\u{200d}👩\u{200d}👧";
        t.row::<&str>(vec!["S-1", "T\u{1b}]0;PWNED\u{7}\u{1b}[2J", "1"]);
        t.row::<String>(vec!["S-2".into(), format!("{family} 日本"), "2".into()]);
        t.row::<&str>(vec!["S-3", "two\nlines", "3"]);
        let text = t.render(40);
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "a line break in a cell does not add a row");
        assert_eq!(lines[1], "S-1  T␛]0;PWNED␇␛[2J  1");
        // The title column is as wide as its widest cell, 15 columns ("T␛]0;PWNED␇␛[2J"):
        // the family emoji is 2, so 7 columns of title are padded with 8.
        assert_eq!(
            lines[2],
            format!("S-2  {family} 日本{}2", " ".repeat(8 + 2))
        );
        assert_eq!(lines[3], format!("S-3  two⏎lines{}3", " ".repeat(6 + 2)));
        assert!(lines.iter().skip(1).all(|l| safe_text::width(l) == 23));
    }

    #[test]
    fn multi_line_values_continue_aligned_and_one_line_values_mark_breaks() {
        let text = render_fields(&[
            Field::line("status", "ready"),
            Field::line("assignee", ""),
            Field::line("labels", "a\nb"),
            Field::text("description", "first\n  second\u{1b}[2J\n"),
        ]);
        assert_eq!(
            text,
            "status       ready\nlabels       a⏎b\ndescription  first\n               second␛[2J\n"
        );
    }

    #[test]
    fn the_flexible_column_gives_way() {
        let mut t = Table::new(&["ID", "TITLE", "PTS"], 1);
        t.row::<&str>(vec!["S-1", "a very long title indeed", "5"]);
        let text = t.render(24);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ID   TITLE           PTS");
        assert_eq!(lines[1], "S-1  a very long t…  5");
        assert!(lines.iter().all(|l| safe_text::width(l) <= 24));
    }
}
