//! Where everything goes for a given terminal size. A pure function of the size and the
//! screen, used by drawing and by mouse handling alike, so a click lands where it was drawn.

use ratatui::layout::{Constraint, Layout, Rect};

use super::pane::{Pane, RoadmapView};

/// Below this the UI shows only how big the terminal needs to be.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

/// The regions of one frame. Panes not shown on this screen are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    pub header: Rect,
    pub footer: Rect,
    pub roadmap: Option<Rect>,
    pub backlog: Option<Rect>,
    pub sprint: Option<Rect>,
    pub detail: Option<Rect>,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Home shows Roadmap and Backlog side by side with the detail below. Wide terminals give
/// the Roadmap half the width, room for its Now / Next / Later columns, and put the detail
/// under the Backlog; narrow ones show the focused pane alone, and the vision board (whose
/// goal cards need the width) alone too. The Sprint view has the screen to itself, with the
/// detail on the right when wide.
pub fn areas(area: Rect, focus: Pane, view: RoadmapView) -> Areas {
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut out = Areas {
        header,
        footer,
        ..Areas::default()
    };
    let wide = body.width >= 120;
    let detail_below = |rect: Rect, max: u16| {
        let h = (rect.height / 3).clamp(4, max);
        Layout::vertical([Constraint::Min(0), Constraint::Length(h)]).areas::<2>(rect)
    };
    match focus {
        Pane::Sprint if wide => {
            let [m, d] =
                Layout::horizontal([Constraint::Min(0), Constraint::Percentage(25)]).areas(body);
            out.sprint = Some(m);
            out.detail = Some(d);
        }
        Pane::Sprint => {
            let [m, d] = detail_below(body, 9);
            out.sprint = Some(m);
            out.detail = Some(d);
        }
        _ if wide => {
            let [r, right] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(body);
            let [b, d] = detail_below(right, 14);
            out.roadmap = Some(r);
            out.backlog = Some(b);
            out.detail = Some(d);
        }
        _ => {
            let [main, d] = detail_below(body, 9);
            out.detail = Some(d);
            let board_alone = focus == Pane::Roadmap && view == RoadmapView::Goals;
            if main.width >= 70 && !board_alone {
                let [r, b] =
                    Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                        .areas(main);
                out.roadmap = Some(r);
                out.backlog = Some(b);
            } else if focus == Pane::Roadmap {
                out.roadmap = Some(main);
            } else {
                out.backlog = Some(main);
            }
        }
    }
    out
}

/// Rows an epic's card takes on the board drawn as columns: title, progress, dates.
pub const EPIC_CARD: u16 = 3;

/// The Roadmap board as columns needs this many cells per column.
pub const BOARD_COLUMN: u16 = 19;

/// The board's parts when it is drawn as columns: a strip of visions on top, then one
/// column per horizon. `None` when the list is too narrow, and the board is drawn stacked.
pub fn board_columns(list: Rect, visions: usize) -> Option<(Rect, [Rect; 3])> {
    if list.width < BOARD_COLUMN * 3 {
        return None;
    }
    let strip = (visions as u16 + 1).min(list.height / 3);
    let [top, rest] = Layout::vertical([Constraint::Length(strip), Constraint::Min(0)]).areas(list);
    let cols = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(rest);
    Some((top, cols))
}

/// The first item shown of a run of `len` items in `rows` slots, keeping `cursor` (when the
/// cursor is in this run) on screen. Pure, so drawing and mouse clicks agree.
pub fn run_start(cursor: Option<usize>, rows: usize, len: usize) -> usize {
    match cursor {
        Some(c) if rows > 0 => c.saturating_sub(rows - 1).min(len.saturating_sub(rows)),
        _ => 0,
    }
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    area.inner(ratatui::layout::Margin::new(1, 1))
}

/// The Roadmap pane's list: its inside, less the timeline's scale line.
pub fn roadmap_list(area: Rect, view: RoadmapView) -> Rect {
    let inside = inner(area);
    match view {
        RoadmapView::Timeline => {
            let [_, list] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inside);
            list
        }
        RoadmapView::Board | RoadmapView::Goals => inside,
    }
}

/// The Sprint view: the sprint's facts on top, then its board and its burndown, side by side
/// when there is room.
pub struct SprintParts {
    pub info: Rect,
    pub board: Rect,
    pub chart: Rect,
}

pub fn sprint_parts(area: Rect) -> SprintParts {
    let [info, rest] = Layout::vertical([Constraint::Length(6), Constraint::Min(0)]).areas(area);
    // Wide: the board gets the full width for its five status columns, the chart below.
    let [board, chart] = if rest.width >= SPRINT_COLUMN * 5 + 2 {
        Layout::vertical([Constraint::Min(0), Constraint::Percentage(40)]).areas(rest)
    } else if rest.width >= 70 {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest)
    };
    SprintParts { info, board, chart }
}

/// Each status column of the sprint board needs this many cells.
pub const SPRINT_COLUMN: u16 = 16;

/// How many rows each story of a board column takes: as many as all of the column's `len`
/// stories can have in its `rows` (its title going on, then its assignee), up to
/// [`BOARD_STORY_ROWS`]; one when they do not fit two each.
pub fn board_rows_per_story(rows: usize, len: usize) -> usize {
    if len == 0 {
        return 1;
    }
    (rows / len).clamp(1, BOARD_STORY_ROWS)
}

/// The most rows a story takes on the board: a long title over four, and its assignee.
pub const BOARD_STORY_ROWS: usize = 5;

/// Planning's two columns: backlog candidates, then the sprint being planned.
pub fn planning_columns(board_inner: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)]).areas(board_inner)
}

/// The sprint board's five status columns, when its inside is wide enough. A column with
/// nothing in it is as wide as its heading (`heads`: that width, for the empty ones), so
/// the columns with stories share what is left and their titles get the room.
pub fn sprint_columns(board_inner: Rect, heads: [Option<u16>; 5]) -> Option<[Rect; 5]> {
    (board_inner.width >= SPRINT_COLUMN * 5).then(|| {
        let busy = heads.iter().filter(|h| h.is_none()).count() as u16;
        let fixed: u16 = heads.iter().flatten().sum();
        // The columns with stories never get narrower than an even split would make them.
        let fits = busy > 0 && board_inner.width.saturating_sub(fixed) / busy >= SPRINT_COLUMN;
        let constraints = heads.map(|h| match h {
            Some(w) if fits => Constraint::Length(w),
            _ => Constraint::Fill(1),
        });
        Layout::horizontal(constraints).areas(board_inner)
    })
}
