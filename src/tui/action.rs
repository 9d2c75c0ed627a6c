//! Everything the UI can be asked to do. Keys, the mouse and paste become one of these; only
//! `App::update` interprets them, so tests can drive the UI without a terminal.

use super::editor::EditorRequest;

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
    // grooming
    /// Create an item in the focused pane (a form).
    New,
    /// Edit the selected item in a form.
    Edit,
    /// Delete the selected item, after a confirmation.
    Delete,
    /// Form: the next field.
    FormNext,
    /// Form: the previous field.
    FormPrev,
    /// Form: save (stays open, with the reasons, if a field is refused).
    FormSave,
    /// Form: Enter, a new line in a multi-line field, else the next field or save on the last.
    FormEnter,
    /// Form: close, asking first if anything changed.
    FormCancel,
    /// Form: a key for the focused field's editor.
    FormKey(crossterm::event::KeyEvent),
    /// Form: text pasted into the focused field.
    FormPaste(String),
    /// Confirmation: yes.
    ConfirmYes,
    /// Confirmation: the stronger yes (an epic's stories are deleted too).
    ConfirmAll,
    /// Confirmation: no.
    ConfirmNo,
    /// Set the selected story's points from the scale (a picker).
    Points,
    /// Set the selected story's assignee (a picker; a new name can be typed).
    Assignee,
    /// Move the selected story to an epic (a picker).
    MoveToEpic,
    /// Plan the selected story into a sprint (a picker showing remaining capacity).
    PlanSprint,
    /// Add or remove a blocker of the selected story (a picker).
    BlockedBy,
    /// Picker: a character of the search.
    PickerChar(char),
    /// Picker: delete the search's last character.
    PickerBackspace,
    /// Picker: the previous option.
    PickerUp,
    /// Picker: the next option.
    PickerDown,
    /// Picker: apply the highlighted option.
    PickerChoose,
    /// Picker: close without a change.
    PickerClose,
    /// Open the selected story's acceptance criteria as a checklist in the detail panel.
    Criteria,
    /// Split the selected story: choose the criteria the new story takes.
    Split,
    /// Checklist: the previous criterion.
    CritUp,
    /// Checklist: the next criterion.
    CritDown,
    /// Checklist: tick the criterion off or on (splitting: mark it to move).
    CritToggle,
    /// Checklist: type a new criterion.
    CritAdd,
    /// Checklist: edit the criterion's text.
    CritEdit,
    /// Checklist: remove the criterion.
    CritDelete,
    /// Checklist: move the criterion up.
    CritMoveUp,
    /// Checklist: move the criterion down.
    CritMoveDown,
    /// Checklist: close it.
    CritClose,
    /// Split: make the new story with the marked criteria.
    SplitNow,
    /// Typing a criterion: a key for its editor.
    CritKey(crossterm::event::KeyEvent),
    /// Typing a criterion: pasted text.
    CritPaste(String),
    /// Typing a criterion: keep the text.
    CritKeep,
    /// Typing a criterion: drop the text.
    CritDiscard,
    /// Roadmap: order each horizon by rank, score or target date.
    CycleSort,
    /// Jump anywhere: fuzzy search over every story, epic, vision and sprint.
    Jump,
    /// `g`: the first row, and if `/` follows, the jump (`g/`).
    TopOrJump,
    /// Open the selected item's long text in $EDITOR (a story whole, as Markdown).
    ExternalEdit,
    /// $EDITOR closed on what [`Effect::Editor`](super::app::Effect::Editor) asked for:
    /// the saved text, or why it failed.
    EditorClosed {
        request: EditorRequest,
        outcome: Result<String, String>,
    },
    /// Mark or unmark the selected story for a bulk change.
    Mark,
    /// Add or remove a label (a picker; a new label can be typed).
    Labels,
    /// Switch the document's epic scoring between RICE and WSJF (saved in the file).
    ToggleScoring,
    /// Backlog: show each story's epic score, or not.
    ToggleEpicScore,
    /// Open the `:` command line (filter expressions for the backlog).
    StartCommand,
    /// A character typed on the command line.
    CommandChar(char),
    /// Text pasted on the command line.
    CommandPaste(String),
    /// Delete the command line's last character.
    CommandBackspace,
    /// Apply the expression.
    CommandRun,
    /// Close the command line, keeping the filter in force.
    CommandCancel,
}

impl Action {
    /// Whether this action changes the document or writes beside it (and so is refused when
    /// read-only).
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
                | Action::WriteReport
                | Action::New
                | Action::Edit
                | Action::Delete
                | Action::Points
                | Action::Assignee
                | Action::MoveToEpic
                | Action::PlanSprint
                | Action::BlockedBy
                | Action::Criteria
                | Action::Split
                | Action::ToggleScoring
                | Action::Labels
                | Action::ExternalEdit
        )
    }
}
