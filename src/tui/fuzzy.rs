//! The `/` filter's matching: fuzzy, as the pick lists are (nucleo-matcher), so `gftcrd`
//! finds "Gift card"; each word of the filter must match the item's id, title or labels,
//! and fzf's marks work (`'exact`, `^start`, `end$`, `!not`). It also gives the letters a
//! row matched, which the lists draw bold and underlined: visible without colour.

use std::cell::RefCell;
use std::fmt::{Display, Write as _};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;

thread_local! {
    // One matcher per thread: it holds a large scratch buffer, too dear to make per row.
    static MATCHER: RefCell<Matcher> = RefCell::new(Matcher::new(Config::DEFAULT));
}

/// How the letters a filter matched are drawn, on top of the row's own style.
pub const MATCHED: Modifier = Modifier::BOLD.union(Modifier::UNDERLINED);

/// A filter parsed once for a whole list.
pub struct TextFilter {
    pattern: Option<Pattern>,
    /// The row being matched and its characters, kept from row to row: a list of 100k
    /// stories is matched on every letter typed, and two allocations per row were a third
    /// of that letter's cost.
    scratch: RefCell<(String, Vec<char>)>,
}

impl TextFilter {
    /// A blank filter matches everything.
    pub fn new(filter: &str) -> TextFilter {
        let pattern = (!filter.trim().is_empty())
            .then(|| Pattern::parse(filter, CaseMatching::Ignore, Normalization::Smart));
        TextFilter {
            pattern,
            scratch: RefCell::default(),
        }
    }

    /// Whether the row `id`, `title`, `labels` matches. The id is written out only when
    /// there is a filter: a blank one (every list but the one being filtered) costs nothing.
    pub fn matches(&self, id: impl Display, title: &str, labels: &[String]) -> bool {
        if self.pattern.is_none() {
            return true;
        }
        let mut hay = std::mem::take(&mut self.scratch.borrow_mut().0);
        hay.clear();
        write_row(&mut hay, id, title, labels);
        let found = self.matches_text(&hay);
        self.scratch.borrow_mut().0 = hay;
        found
    }

    /// Whether a row whose text ([`write_row`]'s) is `hay` matches.
    pub fn matches_text(&self, hay: &str) -> bool {
        let Some(pattern) = &self.pattern else {
            return true;
        };
        let mut scratch = self.scratch.borrow_mut();
        let chars = &mut scratch.1;
        MATCHER.with_borrow_mut(|m| pattern.score(Utf32Str::new(hay, chars), m).is_some())
    }

    /// Which graphemes of `title` the filter matched (in the row `id`, `title`, `labels`),
    /// in order; none when the filter is blank or does not match.
    pub fn title_marks(&self, id: &str, title: &str, labels: &[String]) -> Vec<usize> {
        let Some(pattern) = &self.pattern else {
            return Vec::new();
        };
        let hay = hay(id, title, labels);
        let mut buf = Vec::new();
        let mut at: Vec<u32> = Vec::new();
        let found =
            MATCHER.with_borrow_mut(|m| pattern.indices(Utf32Str::new(&hay, &mut buf), m, &mut at));
        if found.is_none() {
            return Vec::new();
        }
        at.sort_unstable();
        at.dedup();
        let from = id.graphemes(true).count() + 1;
        let len = title.graphemes(true).count();
        at.into_iter()
            .map(|i| i as usize)
            .filter(|i| (from..from + len).contains(i))
            .map(|i| i - from)
            .collect()
    }
}

/// A row's title cell (`cell`, as [`super::settle::titled`] made it) with the letters
/// `filter` matched marked.
pub fn title_cell(
    filter: &str,
    id: &str,
    title: &str,
    labels: &[String],
    cell: Span<'static>,
) -> Vec<Span<'static>> {
    let marks = TextFilter::new(filter).title_marks(id, title, labels);
    marked(&cell.content, title, &marks, cell.style)
}

/// What a row is matched against: its id, title and labels, a space apart.
fn hay(id: &str, title: &str, labels: &[String]) -> String {
    let mut hay = String::new();
    write_row(&mut hay, id, title, labels);
    hay
}

/// Appends what a row is matched against to `out`: its id, title and labels, a space apart.
pub fn write_row(out: &mut String, id: impl Display, title: &str, labels: &[String]) {
    // Writing into a String cannot fail.
    let _ = write!(out, "{id} {title}");
    for label in labels {
        out.push(' ');
        out.push_str(label);
    }
}

/// `shown` (a title as drawn: fitted to its cell, maybe cut with `…`) in `style`, its
/// graphemes at `marks` in the matched style. Drawn text that differs from the title (made
/// safe, say) keeps its marks only as far as the two agree.
pub fn marked(shown: &str, title: &str, marks: &[usize], style: Style) -> Vec<Span<'static>> {
    if marks.is_empty() {
        return vec![Span::styled(shown.to_string(), style)];
    }
    let hit = style.add_modifier(MATCHED);
    let original: Vec<&str> = title.graphemes(true).collect();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (i, g) in shown.graphemes(true).enumerate() {
        let is_hit = marks.binary_search(&i).is_ok() && original.get(i) == Some(&g);
        if is_hit != run_hit && !run.is_empty() {
            let s = if run_hit { hit } else { style };
            spans.push(Span::styled(std::mem::take(&mut run), s));
        }
        run_hit = is_hit;
        run.push_str(g);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hit { hit } else { style }));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_in_order_match_across_words() {
        let f = TextFilter::new("gftcrd");
        assert!(f.matches("S-3", "Gift card at checkout", &[]));
        assert!(!f.matches("S-3", "Card gift", &[]));
        let words = TextFilter::new("card pay");
        assert!(words.matches("S-1", "Gift card", &["payments".into()]));
        assert!(TextFilter::new("  ").matches("S-1", "", &[]));
    }

    #[test]
    fn marks_are_the_titles_matched_letters() {
        let f = TextFilter::new("gftcrd");
        assert_eq!(
            f.title_marks("S-3", "Gift card", &[]),
            vec![0, 2, 3, 5, 7, 8]
        );
        // Matched in the id: nothing of the title is marked.
        assert_eq!(
            TextFilter::new("S-3").title_marks("S-3", "Gift", &[]),
            Vec::<usize>::new()
        );
        let spans = marked("Gift c…", "Gift card", &[0, 2, 3, 5, 7, 8], Style::new());
        let hit: String = spans
            .iter()
            .filter(|s| s.style.add_modifier.contains(MATCHED))
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(hit, "Gftc");
    }
}
