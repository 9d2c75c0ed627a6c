//! Everything the UI can be asked to do. Keys, the mouse and paste become one of these; only
//! `App::update` interprets them, so tests can drive the UI without a terminal.

/// One request to the UI. Unit variants are what the key map binds; the rest carry input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Leave the program (edits are already saved).
    Quit,
    /// Focus the Roadmap pane (home screen).
    FocusRoadmap,
    /// Focus the Backlog pane (home screen).
    FocusBacklog,
    /// Show the Sprint view.
    FocusSprint,
    /// Cycle focus forwards: Roadmap, Backlog, Sprint.
    FocusNext,
    /// Cycle focus backwards.
    FocusPrev,
    /// Select the previous row.
    Up,
    /// Select the next row.
    Down,
    /// Select the first row.
    Top,
    /// Select the last row.
    Bottom,
    /// Move the selection up a page.
    PageUp,
    /// Move the selection down a page.
    PageDown,
    /// Previous board column (or group).
    Left,
    /// Next board column (or group).
    Right,
    /// Start typing an incremental filter for the focused list.
    StartFilter,
    /// A character typed into the filter.
    FilterChar(char),
    /// Text pasted (bracketed paste) into the filter.
    FilterPaste(String),
    /// Delete the filter's last character.
    FilterBackspace,
    /// Keep the filter and go back to navigating.
    FilterKeep,
    /// Clear the filter.
    FilterClear,
    /// Enter: on an epic, show the backlog filtered to it.
    Open,
    /// Roadmap: switch between the Now/Next/Later board and the timeline.
    ToggleTimeline,
    /// Backlog: switch between rank order and grouping by epic.
    ToggleGroup,
    /// Move the selected story or epic down one rank.
    MoveDown,
    /// Move the selected story or epic up one rank.
    MoveUp,
    /// Move the selected epic to the previous horizon.
    HorizonPrev,
    /// Move the selected epic to the next horizon.
    HorizonNext,
    /// Cycle the selected story's status.
    CycleStatus,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Open the help overlay.
    Help,
    /// Close the overlay, or clear the filter.
    Close,
    /// Reload the document from disk (after it changed there).
    Reload,
    // sprints
    /// Sprint view: show the planning columns (backlog candidates beside the sprint), or the board.
    TogglePlanning,
    /// Planning: plan the selected candidate into the sprint, or take a sprint story out.
    PlanToggle,
    /// Start the sprint shown (a planned one, when none is active).
    StartSprint,
    /// Ask where the active sprint's unfinished stories go, to close it.
    AskCloseSprint,
    /// Close the active sprint, carrying unfinished stories over to the next planned one.
    CloseToNextSprint,
    /// Close the active sprint, putting unfinished stories at the top of the backlog.
    CloseToBacklog,
    /// Write the sprint review report to a file beside the document.
    WriteReport,
    /// Sprint view: the velocity bar chart instead of the burndown, or back.
    ToggleVelocity,
    /// Sprint view: the burnup (done against scope) instead of the burndown, or back.
    ToggleBurnup,
    /// The mouse wheel turned over a pane (negative is up).
    Scroll { column: u16, row: u16, down: bool },
    /// A left click at a screen cell.
    Click { column: u16, row: u16 },
    /// The terminal changed size.
    Resize { width: u16, height: u16 },
}

impl Action {
    /// Whether this action changes the document (and so is refused when read-only).
    pub fn is_edit(&self) -> bool {
        matches!(
            self,
            Action::MoveDown
                | Action::MoveUp
                | Action::HorizonPrev
                | Action::HorizonNext
                | Action::CycleStatus
                | Action::Undo
                | Action::Redo
                // sprints
                | Action::PlanToggle
                | Action::StartSprint
                | Action::AskCloseSprint
                | Action::CloseToNextSprint
                | Action::CloseToBacklog
        )
    }
}
