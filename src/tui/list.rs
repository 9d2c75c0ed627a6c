//! Grouped, windowed lists: the shape shared by the backlog (one group, or one per epic), the
//! roadmap (visions, then Now / Next / Later) and the sprint board (one group per status).
//!
//! Items are indexes into the product's vectors, rebuilt only when the product or a filter
//! changes; drawing walks the groups (a handful) and then only the visible rows, so a frame
//! costs the same with 40 stories or 100,000.

/// A titled run of items.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group<T> {
    pub title: String,
    pub items: Vec<T>,
    /// Draw a marker row (the backlog's waterline) after this many items.
    pub marker_after: Option<usize>,
}

impl<T> Group<T> {
    pub fn new(title: impl Into<String>, items: Vec<T>) -> Group<T> {
        Group {
            title: title.into(),
            items,
            marker_after: None,
        }
    }

    fn rows(&self, headers: Headers) -> usize {
        headers.rows() + self.items.len() + usize::from(self.marker_after.is_some())
    }
}

/// Whether each group starts with a title row (the backlog in rank order has none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Headers {
    #[default]
    Shown,
    Hidden,
}

impl Headers {
    /// The rows a header takes.
    fn rows(self) -> usize {
        match self {
            Headers::Shown => 1,
            Headers::Hidden => 0,
        }
    }
}

/// One drawn row of a flattened list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row<'a, T> {
    Header(&'a str, usize),
    Item { item: &'a T, selected: bool },
    Marker,
}

/// Groups plus a cursor (group, index) and a scroll offset in rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Groups<T> {
    pub groups: Vec<Group<T>>,
    pub headers: Headers,
    pub group: usize,
    pub index: usize,
    pub offset: usize,
}

impl<T> Default for Groups<T> {
    fn default() -> Self {
        Groups {
            groups: Vec::new(),
            headers: Headers::Shown,
            group: 0,
            index: 0,
            offset: 0,
        }
    }
}

impl<T: Copy + PartialEq> Groups<T> {
    /// Replaces the content, keeping the cursor on `keep` if it is still there and otherwise
    /// near where it was: the selection follows the item, not the position.
    pub fn replace(&mut self, groups: Vec<Group<T>>, headers: Headers, keep: Option<T>) {
        self.groups = groups;
        self.headers = headers;
        if let Some(at) = keep.and_then(|k| self.find(k)) {
            (self.group, self.index) = at;
        }
        self.clamp();
    }

    pub fn find(&self, item: T) -> Option<(usize, usize)> {
        self.groups
            .iter()
            .enumerate()
            .find_map(|(g, grp)| grp.items.iter().position(|i| *i == item).map(|i| (g, i)))
    }

    pub fn selected(&self) -> Option<T> {
        self.groups.get(self.group)?.items.get(self.index).copied()
    }

    pub fn len(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Keeps the cursor on an item: a selection past the end of a list must not survive a
    /// shrink, whether or not the list is drawn.
    pub fn clamp(&mut self) {
        if self.groups.is_empty() {
            (self.group, self.index) = (0, 0);
            return;
        }
        self.group = self.group.min(self.groups.len() - 1);
        if self.groups[self.group].items.is_empty() {
            // Prefer the nearest non-empty group after, then before.
            let after = (self.group..self.groups.len()).find(|g| !self.groups[*g].items.is_empty());
            let before = (0..self.group)
                .rev()
                .find(|g| !self.groups[*g].items.is_empty());
            if let Some(g) = after.or(before) {
                self.group = g;
            }
            self.index = 0;
            return;
        }
        self.index = self.index.min(self.groups[self.group].items.len() - 1);
    }

    /// Moves `by` items forwards (or backwards), flowing across groups.
    pub fn step(&mut self, by: isize) {
        let total = self.len();
        if total == 0 {
            return;
        }
        let now = self.flat_item();
        let to = (now as isize + by).clamp(0, total as isize - 1) as usize;
        self.set_flat_item(to);
    }

    pub fn first(&mut self) {
        self.set_flat_item(0);
    }

    pub fn last(&mut self) {
        self.set_flat_item(self.len().saturating_sub(1));
    }

    /// Jumps to the previous (`-1`) or next (`1`) non-empty group, keeping the row index
    /// where it can (moving across board columns).
    pub fn jump_group(&mut self, dir: isize) {
        let mut g = self.group as isize;
        loop {
            g += dir;
            if g < 0 || g >= self.groups.len() as isize {
                return;
            }
            if !self.groups[g as usize].items.is_empty() {
                self.group = g as usize;
                self.clamp();
                return;
            }
        }
    }

    fn flat_item(&self) -> usize {
        let before: usize = self.groups[..self.group.min(self.groups.len())]
            .iter()
            .map(|g| g.items.len())
            .sum();
        before + self.index
    }

    fn set_flat_item(&mut self, mut n: usize) {
        for (g, grp) in self.groups.iter().enumerate() {
            if n < grp.items.len() {
                (self.group, self.index) = (g, n);
                return;
            }
            n -= grp.items.len();
        }
        self.clamp();
    }

    /// The row (counting headers and markers) the cursor is on.
    pub fn cursor_row(&self) -> usize {
        let mut row = 0;
        for grp in &self.groups[..self.group.min(self.groups.len())] {
            row += grp.rows(self.headers);
        }
        let Some(grp) = self.groups.get(self.group) else {
            return row;
        };
        row += self.headers.rows() + self.index;
        if grp.marker_after.is_some_and(|m| m <= self.index) {
            row += 1;
        }
        row
    }

    pub fn total_rows(&self) -> usize {
        self.groups.iter().map(|g| g.rows(self.headers)).sum()
    }

    /// Scrolls so the cursor is inside a window of `height` rows.
    pub fn scroll_into_view(&mut self, height: usize) {
        self.offset = self.window_for(height);
    }

    /// The first row of a window of `height` that shows the cursor and, when the cursor is on
    /// a group's first item, that group's header too: a group never starts headless at the
    /// top (`g` in the backlog grouped by epic shows the first epic's name).
    pub fn window_for(&self, height: usize) -> usize {
        let cursor = self.cursor_row();
        let start = window_start(self.offset, cursor, height, self.total_rows());
        let header = self.headers.rows();
        if self.index == 0 && header > 0 && cursor == start && height > header {
            return start - header.min(start);
        }
        start
    }

    /// The rows of the window `[offset, offset + height)`.
    pub fn window<'a>(&'a self, offset: usize, height: usize) -> Vec<Row<'a, T>> {
        let mut out = Vec::with_capacity(height);
        let mut row = 0;
        for (g, grp) in self.groups.iter().enumerate() {
            let rows = grp.rows(self.headers);
            if row + rows <= offset {
                row += rows;
                continue;
            }
            let push = |r: Row<'a, T>, row: &mut usize, out: &mut Vec<Row<'a, T>>| {
                if *row >= offset && out.len() < height {
                    out.push(r);
                }
                *row += 1;
            };
            if self.headers == Headers::Shown {
                push(Row::Header(&grp.title, grp.items.len()), &mut row, &mut out);
            }
            // Skip straight to the first visible item instead of walking the hidden ones.
            let hidden = offset.saturating_sub(row);
            let marker_hidden = grp.marker_after.is_some_and(|m| m < hidden);
            let skip = (hidden - usize::from(marker_hidden)).min(grp.items.len());
            row += skip + usize::from(marker_hidden);
            for (i, item) in grp.items.iter().enumerate().skip(skip) {
                if out.len() >= height {
                    return out;
                }
                if grp.marker_after == Some(i) {
                    push(Row::Marker, &mut row, &mut out);
                }
                let selected = g == self.group && i == self.index;
                push(Row::Item { item, selected }, &mut row, &mut out);
            }
            if grp.marker_after == Some(grp.items.len()) && !marker_hidden {
                push(Row::Marker, &mut row, &mut out);
            }
            if out.len() >= height {
                break;
            }
        }
        out
    }

    /// The item drawn at `row` of a window starting at `offset`, for mouse clicks.
    pub fn item_at_row(&self, row: usize) -> Option<(usize, usize)> {
        let mut r = 0;
        for (g, grp) in self.groups.iter().enumerate() {
            let rows = grp.rows(self.headers);
            if row >= r + rows {
                r += rows;
                continue;
            }
            let mut at = row - r;
            if self.headers == Headers::Shown {
                at = at.checked_sub(1)?;
            }
            match grp.marker_after {
                Some(m) if at == m => return None,
                Some(m) if at > m => at -= 1,
                _ => {}
            }
            return (at < grp.items.len()).then_some((g, at));
        }
        None
    }

    pub fn select(&mut self, at: (usize, usize)) {
        (self.group, self.index) = at;
        self.clamp();
    }
}

/// The first row of a window of `height` that shows `cursor`, moving as little as possible
/// from `offset` so the list does not jump while the cursor moves inside the window.
pub fn window_start(offset: usize, cursor: usize, height: usize, total: usize) -> usize {
    if height == 0 {
        return offset.min(cursor);
    }
    let mut start = offset;
    if cursor < start {
        start = cursor;
    } else if cursor >= start + height {
        start = cursor + 1 - height;
    }
    start.min(total.saturating_sub(height)).min(cursor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_groups() -> Groups<u32> {
        let mut g = Groups::default();
        let mut a = Group::new("a", vec![1, 2, 3]);
        a.marker_after = Some(2);
        g.replace(vec![a, Group::new("b", vec![4, 5])], Headers::Shown, None);
        g
    }

    #[test]
    fn steps_flow_across_groups_and_clamp() {
        let mut g = two_groups();
        g.step(3);
        assert_eq!(g.selected(), Some(4));
        g.step(10);
        assert_eq!(g.selected(), Some(5));
        g.step(-100);
        assert_eq!(g.selected(), Some(1));
    }

    #[test]
    fn window_counts_headers_and_markers() {
        let mut g = two_groups();
        g.select((0, 2));
        // rows: a, 1, 2, ~, 3, b, 4, 5
        assert_eq!(g.cursor_row(), 4);
        assert_eq!(g.total_rows(), 8);
        let w = g.window(3, 3);
        assert_eq!(w[0], Row::Marker);
        assert!(matches!(
            w[1],
            Row::Item {
                item: 3,
                selected: true
            }
        ));
        assert!(matches!(w[2], Row::Header("b", 2)));
        assert_eq!(g.item_at_row(4), Some((0, 2)));
        assert_eq!(g.item_at_row(3), None);
        assert_eq!(g.item_at_row(7), Some((1, 1)));
    }

    #[test]
    fn the_first_item_of_a_group_brings_its_header_into_view() {
        let mut g = two_groups();
        g.select((1, 1));
        g.scroll_into_view(2);
        assert_eq!(g.offset, 6);
        g.first();
        g.scroll_into_view(2);
        assert_eq!(g.offset, 0, "the header of group a shows");
        assert!(matches!(g.window(g.offset, 2)[0], Row::Header("a", 3)));
    }

    #[test]
    fn selection_follows_the_item() {
        let mut g = two_groups();
        g.select((1, 0));
        g.replace(vec![Group::new("b", vec![9, 4])], Headers::Shown, Some(4));
        assert_eq!(g.selected(), Some(4));
        g.replace(vec![Group::new("b", vec![])], Headers::Shown, Some(4));
        assert_eq!(g.selected(), None);
    }
}
