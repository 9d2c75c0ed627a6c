//! Everything the UI can be asked to do, as a tree: a small top-level [`Action`] whose
//! variants name who handles the request (the panes, or one overlay), each carrying that
//! owner's own enum. Keys, the mouse and paste become one of these; only `App::update`
//! interprets them, and every match on them is exhaustive, so an action that nothing
//! handles does not compile.

use crossterm::event::KeyEvent;

use super::editor::EditorRequest;
use super::pane::Pane;

/// One request to the UI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Leave the program (edits are already saved).
    Quit,
    Nav(NavAction),
    Global(GlobalAction),
    Item(ItemAction),
    Story(StoryAction),
    Roadmap(RoadmapAction),
    Backlog(BacklogAction),
    Sprint(SprintAction),
    Help(HelpAction),
    Detail(DetailAction),
    Filter(FilterAction),
    Form(FormAction),
    Question(QuestionAction),
    CloseSprint(CloseSprintAction),
    Picker(PickerAction),
    Checklist(ChecklistAction),
    Criterion(CriterionAction),
    Command(CommandAction),
    Settle(SettleAction),
    Mouse(MouseAction),
    /// The terminal changed size.
    Resize {
        width: u16,
        height: u16,
    },
    /// $EDITOR closed on what [`Effect::Editor`](super::app::Effect::Editor) asked for:
    /// the saved text, or why it failed.
    EditorClosed {
        request: EditorRequest,
        outcome: Result<String, String>,
    },
}

/// Moving about the panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavAction {
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
    /// `g`: the first row, and if `/` follows, the jump (`g/`).
    TopOrJump,
    /// Focus a pane (the Sprint view has the screen to itself).
    Focus(Pane),
    /// Cycle focus forwards: Roadmap, Backlog, Sprint.
    FocusNext,
    /// Cycle focus backwards.
    FocusPrev,
    /// Esc: clear the innermost of the filter, the epic shown, the marks, the `:` filter.
    Clear,
}

/// Keys that do the same in every pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalAction {
    /// Open the help overlay.
    Help,
    /// Start typing an incremental filter for the focused list.
    Filter,
    /// Open the `:` command line (filter expressions for the backlog).
    Command,
    /// Jump anywhere: fuzzy search over every story, epic, vision and sprint.
    Jump,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Reload the document from disk (after it changed there).
    Reload,
    /// The detail of the selected item over the whole screen, scrollable.
    Detail,
    /// Settle an open merge conflict: take ours, theirs, or a typed value.
    Settle,
}

/// The focused pane's selected item, whatever its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemAction {
    /// Create an item of the kind the pane shows (a form).
    New,
    /// Edit the selected item in a form.
    Edit,
    /// Delete the selected item, after a question.
    Delete,
    /// Open the selected item's long text in $EDITOR (a story whole, as Markdown).
    EditText,
}

/// The selected story, or every story marked with `v`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryAction {
    /// Cycle the story's status (with marks: choose one for all).
    CycleStatus,
    /// Set the points from the scale (a picker).
    Points,
    /// Set the assignee (a picker; a new name can be typed).
    Assignee,
    /// Move to an epic (a picker).
    MoveToEpic,
    /// Plan into a sprint (a picker showing remaining capacity).
    PlanSprint,
    /// Add or remove a blocker (a picker).
    BlockedBy,
    /// Add or remove a label (a picker; a new label can be typed).
    Labels,
    /// Open the acceptance criteria as a checklist in the detail panel.
    Criteria,
    /// Split the story: choose the criteria the new story takes.
    Split,
    /// Mark or unmark the story for a bulk change.
    Mark,
}

/// The Roadmap pane's own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoadmapAction {
    /// Enter on an epic: show the backlog filtered to it.
    ShowStories,
    /// Switch between the Now/Next/Later board and the timeline.
    ToggleTimeline,
    /// Switch between the Now/Next/Later board and the vision board of business goals.
    ToggleGoals,
    /// Record a reading of the selected goal's metric (a form).
    RecordReading,
    /// Order each horizon by rank, score or target date.
    CycleSort,
    /// Rank the selected epic lower.
    RankDown,
    /// Rank the selected epic higher.
    RankUp,
    /// Rank the selected epic first.
    RankTop,
    /// Rank the selected epic last.
    RankBottom,
    /// Move the selected epic to the previous horizon.
    HorizonPrev,
    /// Move the selected epic to the next horizon.
    HorizonNext,
    /// Switch the document's epic scoring between RICE and WSJF (saved in the file).
    ToggleScoring,
    /// Write the roadmap as Markdown to a file beside the document, never over one.
    ExportMarkdown,
}

/// The Backlog pane's own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BacklogAction {
    /// Move the selected story down one rank.
    RankDown,
    /// Move the selected story up one rank.
    RankUp,
    /// Move the selected story to the top of the backlog.
    RankTop,
    /// Move the selected story to the bottom of the backlog.
    RankBottom,
    /// Switch between rank order and grouping by epic.
    ToggleGroup,
    /// Show each story's epic score, or not.
    ToggleEpicScore,
    /// Draw the waterline at a date (opens the `:` line on `by `), or back at the next sprint.
    Waterline,
    /// Show the done stories, or hide them again (hidden by default).
    ToggleDone,
}

/// The Sprint view's own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SprintAction {
    /// Show the planning columns (backlog candidates beside the sprint), or the board.
    TogglePlanning,
    /// Planning: plan the selected candidate into the sprint, or take a sprint story out.
    PlanToggle,
    /// Start the sprint shown (a planned one, when none is active).
    Start,
    /// Ask where the active sprint's unfinished stories go, to close it.
    AskClose,
    /// Write the sprint review report to a file beside the document.
    WriteReport,
    /// The next chart: burndown, burnup (done against scope), velocity, flow (cycle time
    /// per finished story, oldest work in progress), then the burndown again.
    NextChart,
    /// The previous chart.
    PrevChart,
    /// A key that ranks in the Backlog (`J`, `K`, `T`, `B` as it binds them): the Sprint view
    /// lists its stories in backlog order, so it says ranking happens there.
    RankInBacklog,
}

/// The help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpAction {
    Close,
    ScrollDown,
    ScrollUp,
}

/// The detail over the whole screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetailAction {
    Close,
    ScrollDown,
    ScrollUp,
}

/// Typing the focused pane's filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterAction {
    /// A character typed into the filter.
    Char(char),
    /// Text pasted (bracketed paste).
    Paste(String),
    /// Delete the last character.
    Backspace,
    /// Keep the filter and go back to navigating.
    Keep,
    /// Clear the filter.
    Clear,
}

/// The create/edit form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormAction {
    /// The next field.
    Next,
    /// The previous field.
    Prev,
    /// Save (stays open, with the reasons, if a field is refused).
    Save,
    /// Enter: a new line in a multi-line field, else the next field, or save on the last.
    Enter,
    /// Close, asking first if anything changed.
    Cancel,
    /// A key for the focused field's editor.
    Key(KeyEvent),
    /// Text pasted into the focused field.
    Paste(String),
}

/// A question before something is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionAction {
    Yes,
    /// The stronger yes: an epic's stories are deleted too.
    All,
    No,
    /// Quit without the edits a failed save could not write.
    QuitAnyway,
    /// Not now: a no, except that a recovery file offered back is kept for the next start.
    Later,
}

/// The close checklist: which unfinished stories carry over, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseSprintAction {
    /// The previous story.
    Up,
    /// The next story.
    Down,
    /// Carry the story over, or leave it in the closed sprint.
    Toggle,
    /// Close, carrying the ticked stories over to the next planned sprint.
    ToNextSprint,
    /// Close, putting the ticked stories at the top of the backlog.
    ToBacklog,
    /// Do not close the sprint.
    Cancel,
}

/// A pick list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerAction {
    /// A character of the search.
    Char(char),
    /// Delete the search's last character.
    Backspace,
    /// The previous option.
    Up,
    /// The next option.
    Down,
    /// Apply the highlighted option.
    Choose,
    /// Close without a change.
    Close,
}

/// The acceptance-criteria checklist (editing, or choosing what a split takes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChecklistAction {
    /// The previous criterion.
    Up,
    /// The next criterion.
    Down,
    /// Tick the criterion off or on (splitting: mark it to move).
    Toggle,
    /// Type a new criterion.
    Add,
    /// Edit the criterion's text.
    Edit,
    /// Remove the criterion.
    Delete,
    /// Move the criterion up.
    MoveUp,
    /// Move the criterion down.
    MoveDown,
    /// Split: make the new story with the marked criteria.
    Split,
    /// Close the checklist.
    Close,
}

/// Typing a criterion's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CriterionAction {
    /// A key for its editor.
    Key(KeyEvent),
    /// Pasted text.
    Paste(String),
    /// Keep the text.
    Keep,
    /// Drop the text.
    Discard,
}

/// The `:` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandAction {
    /// A character typed.
    Char(char),
    /// Text pasted.
    Paste(String),
    /// Delete the last character.
    Backspace,
    /// Apply the expression.
    Run,
    /// Close the line, keeping the filter in force.
    Cancel,
}

/// The settle overlay: an open merge conflict and its two values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettleAction {
    /// The previous open conflict.
    Up,
    /// The next open conflict.
    Down,
    /// Keep the value that stands (ours, the later writer's).
    Ours,
    /// Put the other writer's value back.
    Theirs,
    /// Start typing a value of one's own.
    Type,
    /// A character typed into the value.
    Char(char),
    /// Text pasted into the value.
    Paste(String),
    /// Delete the value's last character.
    Backspace,
    /// Settle with the typed value.
    Apply,
    /// Stop typing, back to the choices.
    Back,
    /// Close the overlay, settling nothing.
    Close,
}

/// Which way the mouse wheel turned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wheel {
    Up,
    Down,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MouseAction {
    /// The wheel turned over a pane.
    Scroll { column: u16, row: u16, wheel: Wheel },
    /// A left click at a screen cell.
    Click { column: u16, row: u16 },
}

impl Action {
    /// Whether this action changes the document or writes beside it (and so is refused when
    /// read-only).
    pub fn is_edit(&self) -> bool {
        match self {
            Action::Global(a) => matches!(a, GlobalAction::Undo | GlobalAction::Redo),
            Action::Settle(a) => matches!(
                a,
                SettleAction::Ours | SettleAction::Theirs | SettleAction::Apply
            ),
            Action::Item(_) => true,
            Action::Story(a) => *a != StoryAction::Mark,
            Action::Roadmap(a) => matches!(
                a,
                RoadmapAction::RankDown
                    | RoadmapAction::RankUp
                    | RoadmapAction::RankTop
                    | RoadmapAction::RankBottom
                    | RoadmapAction::HorizonPrev
                    | RoadmapAction::HorizonNext
                    | RoadmapAction::ToggleScoring
                    | RoadmapAction::ExportMarkdown
                    | RoadmapAction::RecordReading
            ),
            Action::Backlog(a) => matches!(
                a,
                BacklogAction::RankDown
                    | BacklogAction::RankUp
                    | BacklogAction::RankTop
                    | BacklogAction::RankBottom
            ),
            Action::Sprint(a) => matches!(
                a,
                SprintAction::PlanToggle
                    | SprintAction::Start
                    | SprintAction::AskClose
                    | SprintAction::WriteReport
            ),
            Action::CloseSprint(a) => matches!(
                a,
                CloseSprintAction::ToNextSprint | CloseSprintAction::ToBacklog
            ),
            Action::Quit
            | Action::Nav(_)
            | Action::Help(_)
            | Action::Detail(_)
            | Action::Filter(_)
            | Action::Form(_)
            | Action::Question(_)
            | Action::Picker(_)
            | Action::Checklist(_)
            | Action::Criterion(_)
            | Action::Command(_)
            | Action::Mouse(_)
            | Action::Resize { .. }
            | Action::EditorClosed { .. } => false,
        }
    }
}
