//! The mouse: the wheel scrolls the pane under the pointer, a click focuses a pane and
//! selects the row or card under it. Hit-testing uses the same pure layout functions as the
//! drawing, so a click lands on what was drawn there.

use ratatui::layout::Rect;

use super::app::{App, ListMut, Pane, RoadmapView};
use super::layout;

impl App {
    pub(super) fn focus_at(&mut self, column: u16, row: u16) {
        let areas = layout::areas(self.size, self.focus, self.roadmap.view);
        let hit = |a: Option<Rect>| a.is_some_and(|a| a.contains((column, row).into()));
        if hit(areas.roadmap) {
            self.focus = Pane::Roadmap;
        } else if hit(areas.backlog) {
            self.focus = Pane::Backlog;
        }
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        self.focus_at(column, row);
        let areas = layout::areas(self.size, self.focus, self.roadmap.view);
        let list = match self.focus {
            Pane::Roadmap => areas
                .roadmap
                .map(|a| layout::roadmap_list(a, self.roadmap.view)),
            Pane::Backlog => areas.backlog.map(layout::inner),
            Pane::Sprint => areas
                .sprint
                .map(|a| layout::inner(layout::sprint_parts(a).board)),
        };
        let Some(list) = list.filter(|l| l.contains((column, row).into())) else {
            return;
        };
        if self.focus == Pane::Roadmap && self.roadmap.view == RoadmapView::Goals {
            let hit = super::vision_board::hit(&self.roadmap.list, list.height, row - list.y);
            if let Some(at) = hit {
                self.roadmap.list.select(at);
            }
            return;
        }
        if self.focus == Pane::Roadmap
            && let Some(hit) = self.board_hit(list, column, row)
        {
            self.roadmap.list.select(hit);
            return;
        }
        // The same column geometry the Sprint view draws: planning's two, or the board's five.
        let columns = if self.sprint.planning {
            Some(layout::planning_columns(list).to_vec())
        } else {
            layout::sprint_columns(list, super::sprint::heads(&self.sprint.list.groups))
                .map(|c| c.to_vec())
        };
        if self.focus == Pane::Sprint
            && let Some(cols) = columns
        {
            let Some(g) = cols.iter().position(|r| r.contains((column, row).into())) else {
                return;
            };
            let l = &mut self.sprint.list;
            let len = l.groups.get(g).map_or(0, |grp| grp.items.len());
            let cursor = (l.group == g).then_some(l.index);
            let rows = usize::from(cols[g].height.saturating_sub(1));
            let per = if self.sprint.planning {
                1
            } else {
                layout::board_rows_per_story(rows, len)
            };
            if let Some(k) = usize::from(row - cols[g].y).checked_sub(1).map(|k| k / per) {
                let at = layout::run_start(cursor, rows, len) + k;
                if at < len {
                    l.select((g, at));
                }
            }
            return;
        }
        let line = usize::from(row - list.y);
        match self.list_mut() {
            ListMut::Road(l) => {
                if let Some(at) = l.item_at_row(l.offset + line) {
                    l.select(at);
                }
            }
            ListMut::Story(l) => {
                if let Some(at) = l.item_at_row(l.offset + line) {
                    l.select(at);
                }
            }
        }
    }

    /// The item under a click when the roadmap is drawn as columns, by the same geometry
    /// the drawing uses.
    fn board_hit(&self, list: Rect, column: u16, row: u16) -> Option<(usize, usize)> {
        if self.roadmap.view != RoadmapView::Board {
            return None;
        }
        let groups = &self.roadmap.list.groups;
        let cursor = |g: usize| (self.roadmap.list.group == g).then_some(self.roadmap.list.index);
        let visions = groups.first().map_or(0, |g| g.items.len());
        let (strip, cols) = layout::board_columns(list, visions)?;
        if strip.contains((column, row).into()) {
            let rows = usize::from(strip.height.saturating_sub(1));
            let k = usize::from(row - strip.y).checked_sub(1)?;
            let at = layout::run_start(cursor(0), rows, visions) + k;
            return (at < visions).then_some((0, at));
        }
        let c = cols.iter().position(|r| r.contains((column, row).into()))?;
        let g = c + 1;
        let len = groups.get(g)?.items.len();
        let slots = usize::from(cols[c].height.saturating_sub(1) / layout::EPIC_CARD);
        let k = usize::from(row - cols[c].y).checked_sub(1)? / usize::from(layout::EPIC_CARD);
        let at = layout::run_start(cursor(g), slots, len) + k;
        // A click on an empty column still moves there, to its first card if any.
        (at < len).then_some((g, at))
    }
}
