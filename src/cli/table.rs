//! Human output: aligned columns that fit the terminal, and "label  value" blocks for `show`.
//! One flexible column (the title) takes the width the others leave and is cut with an
//! ellipsis. Every cell and value goes through [`safe_text`], so document text can neither
//! reach the terminal as a control nor break a row, and widths are display columns, so
//! CJK, emoji and zero-width text line up too.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::io::{self, IsTerminal};

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

/// Where a table's rows put their cells, one row after another. A table asks for its rows
/// twice, once to measure the columns and once to write them, so a list of 100k stories is
/// never held as cells: each line goes to the output as it is made.
pub trait Cells {
    /// A cell of text: made safe and fitted to its column as it is written.
    fn text(&mut self, cell: &str);
    /// A cell shown through `Display`, written without a `String` of its own.
    fn show(&mut self, cell: &dyn fmt::Display) {
        let mut scratch = std::mem::take(self.scratch());
        scratch.clear();
        // Writing into a String cannot fail.
        let _ = write!(scratch, "{cell}");
        self.text(&scratch);
        *self.scratch() = scratch;
    }
    /// The buffer [`Cells::show`] writes into, kept from cell to cell.
    fn scratch(&mut self) -> &mut String;
    /// A cell of `prefix` then `n` in decimal (ranks, points, and ids split by
    /// [`id_prefix`]): a list writes several a row, and digits cost less than `Display` each time.
    fn number(&mut self, prefix: &str, n: u64);
    /// Ends the row.
    fn end_row(&mut self) -> io::Result<()>;
}

/// What a kind of typed id shows before its number (`S-` for `S-12`), taken from how it
/// shows its id 0, so [`Cells::number`] writes ids as their `Display` does.
pub fn id_prefix(zero: impl fmt::Display) -> String {
    let mut shown = zero.to_string();
    shown.pop();
    shown
}

/// `prefix` and `n`, or `-` for a missing value, so columns never look shifted.
pub fn number_or_dash(cells: &mut dyn Cells, prefix: &str, n: Option<u32>) {
    match n {
        Some(n) => cells.number(prefix, u64::from(n)),
        None => cells.text("-"),
    }
}

/// `n` in decimal, as `Display` writes it.
pub(super) fn digits(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        // A digit is ASCII: `n % 10` is below 10.
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[at..]).unwrap_or_default()
}

/// A table whose rows come from `rows`, called twice (see [`Cells`]).
pub struct Streamed<'h, R> {
    headers: &'h [&'h str],
    flex: usize,
    rows: R,
}

impl<'h, R> Streamed<'h, R>
where
    R: Fn(&mut dyn Cells) -> io::Result<()>,
{
    /// `flex` is the index of the column that gives way when the line is too long.
    pub fn new(headers: &'h [&'h str], flex: usize, rows: R) -> Self {
        Streamed {
            headers,
            flex,
            rows,
        }
    }

    /// Prints the table to stdout, or `empty` when it has no rows (a header alone says
    /// nothing).
    pub fn print_or(&self, empty: &str) {
        let measured = self.measure(output_width());
        if measured.rows == 0 {
            outln!("{empty}");
        } else {
            self.print_measured(&measured);
        }
    }

    /// Prints the table to stdout, its header even when it has no rows.
    pub fn print(&self) {
        self.print_measured(&self.measure(output_width()));
    }

    fn print_measured(&self, measured: &Measured) {
        crate::cli::write_out_with(|out| {
            self.write(&measured.widths, &mut |line, plain| {
                // Cells are made safe as they are fitted; a line with any cell that was not
                // printable ASCII also goes through the last pass of `write_out`.
                if plain {
                    out.write_all(line.as_bytes())?;
                } else {
                    out.write_all(safe_text::block(line).as_bytes())?;
                }
                out.write_all(b"\n")
            })
        });
    }

    fn measure(&self, width: usize) -> Measured {
        let mut m = Measure {
            widths: self.headers.iter().map(|h| cell_width(h)).collect(),
            col: 0,
            rows: 0,
            scratch: String::new(),
        };
        // Measuring cannot fail: only writing does.
        let _ = (self.rows)(&mut m);
        let mut widths = m.widths;
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
            + GAP.len() * self.headers.len().saturating_sub(1);
        if let Some(flex) = widths.get_mut(self.flex) {
            *flex = (*flex).min(width.saturating_sub(others).max(MIN_FLEX));
        }
        Measured {
            widths,
            rows: m.rows,
        }
    }

    /// Hands each line, without trailing blanks, to `emit` with whether every cell in it
    /// was printable ASCII: the header, then the rows.
    fn write(
        &self,
        widths: &[usize],
        emit: &mut dyn FnMut(&str, bool) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut w = Fill {
            widths,
            line: String::new(),
            scratch: String::new(),
            col: 0,
            plain: true,
            emit,
        };
        for h in self.headers {
            w.text(h);
        }
        w.end_row()?;
        (self.rows)(&mut w)
    }

    fn render(&self, width: usize) -> String {
        let measured = self.measure(width);
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = self.write(&measured.widths, &mut |line, _| {
            out.push_str(line);
            out.push('\n');
            Ok(())
        });
        out
    }
}

struct Measured {
    widths: Vec<usize>,
    rows: usize,
}

/// The first pass: the widest cell of each column.
struct Measure {
    widths: Vec<usize>,
    col: usize,
    rows: usize,
    scratch: String,
}

impl Cells for Measure {
    fn text(&mut self, cell: &str) {
        if let Some(w) = self.widths.get_mut(self.col) {
            *w = (*w).max(cell_width(cell));
        }
        self.col += 1;
    }

    fn scratch(&mut self) -> &mut String {
        &mut self.scratch
    }

    fn number(&mut self, prefix: &str, n: u64) {
        if let Some(w) = self.widths.get_mut(self.col) {
            *w = (*w).max(cell_width(prefix) + digits(n, &mut [0; 20]).len());
        }
        self.col += 1;
    }

    fn end_row(&mut self) -> io::Result<()> {
        self.col = 0;
        self.rows += 1;
        Ok(())
    }
}

/// The second pass: each cell fitted to its column into one line, reused from row to row.
struct Fill<'w> {
    widths: &'w [usize],
    line: String,
    scratch: String,
    col: usize,
    plain: bool,
    emit: &'w mut dyn FnMut(&str, bool) -> io::Result<()>,
}

impl Cells for Fill<'_> {
    fn text(&mut self, cell: &str) {
        let Some(&w) = self.widths.get(self.col) else {
            return;
        };
        if self.col > 0 {
            self.line.push_str(GAP);
        }
        self.col += 1;
        let used = if is_plain(cell) {
            // What `safe_text::truncate` gives for printable ASCII, one column a byte.
            if cell.len() <= w {
                self.line.push_str(cell);
                cell.len()
            } else if w == 0 {
                0
            } else {
                self.line.push_str(&cell[..w - 1]);
                self.line.push(safe_text::ELLIPSIS);
                w
            }
        } else {
            self.plain = false;
            let cut = safe_text::truncate(cell, w);
            self.line.push_str(&cut);
            cut.width()
        };
        self.line
            .extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    }

    fn scratch(&mut self) -> &mut String {
        &mut self.scratch
    }

    fn number(&mut self, prefix: &str, n: u64) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        scratch.push_str(prefix);
        scratch.push_str(digits(n, &mut [0; 20]));
        self.text(&scratch);
        self.scratch = scratch;
    }

    fn end_row(&mut self) -> io::Result<()> {
        let written = (self.emit)(self.line.trim_end(), self.plain);
        self.line.clear();
        self.col = 0;
        self.plain = true;
        written
    }
}

/// A table built row by row, for the short lists (epics, sprints, visions): its cells are
/// kept, then written as a [`Streamed`] table.
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
        self.streamed().render(width)
    }

    /// Prints the table, or `empty` when it has no rows (a header alone says nothing).
    pub fn print_or(&self, empty: &str) {
        self.streamed().print_or(empty);
    }

    /// Prints the table, its header even when it has no rows.
    pub fn print(&self) {
        self.streamed().print();
    }

    fn streamed(&self) -> Streamed<'_, impl Fn(&mut dyn Cells) -> io::Result<()>> {
        Streamed::new(&self.headers, self.flex, |cells: &mut dyn Cells| {
            for row in &self.rows {
                for cell in row {
                    cells.text(cell);
                }
                cells.end_row()?;
            }
            Ok(())
        })
    }
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
    fn cells_are_cut_as_safe_text_cuts_them_at_every_width() {
        let cells = [
            "plain ascii title",
            "日本語のタイトル",
            "tab\there",
            "",
            "x",
        ];
        for cell in cells {
            for w in 0..20 {
                let widths = [w];
                let mut lines = Vec::new();
                let mut fill = Fill {
                    widths: &widths,
                    line: String::new(),
                    scratch: String::new(),
                    col: 0,
                    plain: true,
                    emit: &mut |line: &str, _| {
                        lines.push(line.to_string());
                        Ok(())
                    },
                };
                fill.text(cell);
                fill.end_row().expect("a Vec takes every line");
                assert_eq!(
                    lines,
                    [safe_text::fit(cell, w).trim_end()],
                    "{cell:?} at {w}"
                );
            }
        }
    }

    #[test]
    fn numbers_and_ids_show_as_display_shows_them() {
        for n in [0, 7, 10, 99, 12_345, u64::from(u32::MAX), u64::MAX] {
            assert_eq!(digits(n, &mut [0; 20]), n.to_string());
        }
        assert_eq!(id_prefix(crate::model::StoryId(0)), "S-");
        assert_eq!(id_prefix(crate::model::SprintId(0)), "SP-");
        let t = Streamed::new(&["ID", "PTS"], 0, |cells: &mut dyn Cells| {
            cells.number(&id_prefix(crate::model::StoryId(0)), 12);
            number_or_dash(cells, "", None);
            cells.end_row()?;
            cells.number("", 100_000);
            number_or_dash(cells, "", Some(3));
            cells.end_row()
        });
        assert_eq!(t.render(80), "ID      PTS\nS-12    -\n100000  3\n");
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
