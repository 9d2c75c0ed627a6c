//! Where everything goes for a given terminal size. A pure function of the size and the
//! screen, used by drawing and by mouse handling alike, so a click lands where it was drawn.

use ratatui::layout::{Constraint, Layout, Rect};

use super::app::Pane;

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

/// Home shows Roadmap and Backlog side by side (three columns with the detail when wide);
/// narrow terminals show the focused pane alone. The Sprint view has the screen to itself.
pub fn areas(area: Rect, focus: Pane) -> Areas {
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
    let (main, detail) = if wide {
        let [m, d] =
            Layout::horizontal([Constraint::Min(0), Constraint::Percentage(25)]).areas(body);
        (m, d)
    } else {
        let detail_height = (body.height / 3).clamp(4, 9);
        let [m, d] =
            Layout::vertical([Constraint::Min(0), Constraint::Length(detail_height)]).areas(body);
        (m, d)
    };
    out.detail = Some(detail);
    match focus {
        Pane::Sprint => out.sprint = Some(main),
        _ if main.width >= 70 => {
            let [r, b] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(main);
            out.roadmap = Some(r);
            out.backlog = Some(b);
        }
        Pane::Roadmap => out.roadmap = Some(main),
        Pane::Backlog => out.backlog = Some(main),
    }
    out
}

/// The inside of a bordered pane.
pub fn inner(area: Rect) -> Rect {
    area.inner(ratatui::layout::Margin::new(1, 1))
}

/// The Roadmap pane's list: its inside, less the timeline's scale line.
pub fn roadmap_list(area: Rect, timeline: bool) -> Rect {
    let inside = inner(area);
    if timeline {
        let [_, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inside);
        list
    } else {
        inside
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
    let [info, rest] = Layout::vertical([Constraint::Length(5), Constraint::Min(0)]).areas(area);
    let [board, chart] = if rest.width >= 70 {
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest)
    } else {
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(rest)
    };
    SprintParts { info, board, chart }
}
