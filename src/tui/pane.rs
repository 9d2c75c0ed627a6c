//! The panes a screen shows, and the Roadmap's three views. A leaf: actions, the key map and
//! the layout name panes without knowing the state behind them.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Roadmap,
    Backlog,
    Sprint,
}

impl Pane {
    const ORDER: [Pane; 3] = [Pane::Roadmap, Pane::Backlog, Pane::Sprint];

    /// The pane `by` places further in Tab order, wrapping around.
    pub fn cycle(self, by: usize) -> Pane {
        let i = Self::ORDER.iter().position(|x| *x == self).unwrap_or(0);
        Self::ORDER[(i + by) % Self::ORDER.len()]
    }
}

/// What the Roadmap pane draws.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RoadmapView {
    /// Now / Next / Later.
    #[default]
    Board,
    /// Dated epics as bars across the months.
    Timeline,
    /// The vision board: each business goal with its readings, track and epics.
    Goals,
}

impl RoadmapView {
    /// `t`: the timeline, or back to the board.
    pub fn toggled(self) -> RoadmapView {
        match self {
            RoadmapView::Board | RoadmapView::Goals => RoadmapView::Timeline,
            RoadmapView::Timeline => RoadmapView::Board,
        }
    }

    /// `V`: the vision board, or back to the board.
    pub fn goals_toggled(self) -> RoadmapView {
        match self {
            RoadmapView::Goals => RoadmapView::Board,
            RoadmapView::Board | RoadmapView::Timeline => RoadmapView::Goals,
        }
    }
}
