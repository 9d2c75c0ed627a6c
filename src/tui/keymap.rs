//! The one key map: a table of (context, keys, action, help). Dispatch reads it to turn a
//! key into an [`Action`]; the help overlay and the footer hints read the same table, so the
//! help can never disagree with the keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;

/// Where a binding applies. Pane contexts are tried before `Global`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Roadmap,
    Backlog,
    Sprint,
    /// Typing a filter: other printable keys are filter text.
    Filter,
    /// The help overlay is open.
    Help,
    // sprints
    /// Closing a sprint: asking where its unfinished stories go.
    CloseSprint,
    // grooming
    /// A create/edit form is open: other keys go to the focused field.
    Form,
    /// A yes/no question is open.
    Confirm,
    /// A pick list is open: other printable keys search it.
    Picker,
    /// The acceptance-criteria checklist is open.
    Criteria,
    /// Choosing the criteria a split takes.
    Split,
    /// Typing a criterion: other keys go to its editor.
    CriterionInput,
    /// Typing on the `:` line: other printable keys are text.
    Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// What the help overlay says.
    pub help: &'static str,
    /// A short word for the footer; `None` keeps the binding out of the footer.
    pub hint: Option<&'static str>,
}

const fn b(
    context: Context,
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        help,
        hint,
    }
}

use Context::{
    Backlog, CloseSprint, Command, Confirm, Criteria, CriterionInput, Filter, Form, Global, Help,
    Picker, Roadmap, Split, Sprint,
};

/// Every binding. Order is the order of the help overlay and the footer.
pub static BINDINGS: &[Binding] = &[
    b(
        Help,
        &[code(KeyCode::Esc), k('?'), k('q')],
        Action::Close,
        "close help",
        Some("close"),
    ),
    b(
        Help,
        &[k('j'), code(KeyCode::Down), code(KeyCode::PageDown)],
        Action::Down,
        "scroll help down",
        Some("scroll"),
    ),
    b(
        Help,
        &[k('k'), code(KeyCode::Up), code(KeyCode::PageUp)],
        Action::Up,
        "scroll help up",
        None,
    ),
    b(
        Filter,
        &[code(KeyCode::Enter)],
        Action::FilterKeep,
        "keep the filter",
        Some("keep"),
    ),
    b(
        Filter,
        &[code(KeyCode::Esc)],
        Action::FilterClear,
        "clear the filter",
        Some("clear"),
    ),
    b(
        Filter,
        &[code(KeyCode::Backspace)],
        Action::FilterBackspace,
        "delete a character",
        None,
    ),
    b(
        Roadmap,
        &[code(KeyCode::Enter)],
        Action::Open,
        "show its stories in the backlog",
        Some("stories"),
    ),
    b(
        Roadmap,
        &[k('t')],
        Action::ToggleTimeline,
        "board / timeline",
        Some("timeline"),
    ),
    b(
        Roadmap,
        &[k('J')],
        Action::MoveDown,
        "rank the epic lower",
        Some("rank"),
    ),
    b(
        Roadmap,
        &[k('K')],
        Action::MoveUp,
        "rank the epic higher",
        None,
    ),
    b(
        Roadmap,
        &[k('H')],
        Action::HorizonPrev,
        "epic to previous horizon",
        Some("horizon"),
    ),
    b(
        Roadmap,
        &[k('L')],
        Action::HorizonNext,
        "epic to next horizon",
        None,
    ),
    b(
        Backlog,
        &[k('J')],
        Action::MoveDown,
        "move the story down",
        Some("rank"),
    ),
    b(
        Backlog,
        &[k('K')],
        Action::MoveUp,
        "move the story up",
        None,
    ),
    b(
        Backlog,
        &[k('s')],
        Action::CycleStatus,
        "cycle the story's status",
        Some("status"),
    ),
    b(
        Backlog,
        &[k('o')],
        Action::ToggleGroup,
        "group by epic, or not",
        Some("group"),
    ),
    b(
        Sprint,
        &[k('s')],
        Action::CycleStatus,
        "cycle the story's status",
        Some("status"),
    ),
    // sprints
    b(
        CloseSprint,
        &[k('n')],
        Action::CloseToNextSprint,
        "unfinished: next sprint",
        Some("next sprint"),
    ),
    b(
        CloseSprint,
        &[k('b')],
        Action::CloseToBacklog,
        "unfinished: backlog top",
        Some("backlog"),
    ),
    b(
        CloseSprint,
        &[code(KeyCode::Esc)],
        Action::Close,
        "do not close the sprint",
        Some("cancel"),
    ),
    b(
        Sprint,
        &[k('p')],
        Action::TogglePlanning,
        "planning view / board",
        Some("plan"),
    ),
    b(
        Sprint,
        &[code(KeyCode::Enter)],
        Action::PlanToggle,
        "plan in / take out",
        None,
    ),
    b(
        Sprint,
        &[k('S')],
        Action::StartSprint,
        "start the sprint",
        None,
    ),
    b(
        Sprint,
        &[k('C')],
        Action::AskCloseSprint,
        "close the active sprint",
        Some("close"),
    ),
    b(
        Sprint,
        &[k('R')],
        Action::WriteReport,
        "write the sprint review",
        Some("report"),
    ),
    b(
        Sprint,
        &[k('v')],
        Action::ToggleVelocity,
        "velocity chart on/off",
        None,
    ),
    b(
        Sprint,
        &[k('b')],
        Action::ToggleBurnup,
        "burnup / burndown",
        None,
    ),
    // grooming
    b(
        Form,
        &[ctrl('s')],
        Action::FormSave,
        "save the form",
        Some("save"),
    ),
    b(
        Form,
        &[code(KeyCode::Tab)],
        Action::FormNext,
        "next field",
        Some("next"),
    ),
    b(
        Form,
        &[code(KeyCode::BackTab)],
        Action::FormPrev,
        "previous field",
        None,
    ),
    b(
        Form,
        &[code(KeyCode::Enter)],
        Action::FormEnter,
        "next field (saves on the last; a new line in a text)",
        None,
    ),
    b(
        Form,
        &[code(KeyCode::Esc)],
        Action::FormCancel,
        "cancel (asks if anything changed)",
        Some("cancel"),
    ),
    b(
        Confirm,
        &[k('y'), code(KeyCode::Enter)],
        Action::ConfirmYes,
        "yes",
        Some("yes"),
    ),
    b(
        Confirm,
        &[k('D')],
        Action::ConfirmAll,
        "delete the epic's stories too",
        None,
    ),
    b(
        Confirm,
        &[k('n'), code(KeyCode::Esc)],
        Action::ConfirmNo,
        "no",
        Some("no"),
    ),
    b(
        Picker,
        &[code(KeyCode::Enter)],
        Action::PickerChoose,
        "choose",
        Some("choose"),
    ),
    b(
        Picker,
        &[code(KeyCode::Esc)],
        Action::PickerClose,
        "close",
        Some("close"),
    ),
    b(
        Picker,
        &[code(KeyCode::Up), ctrl('p')],
        Action::PickerUp,
        "previous option",
        None,
    ),
    b(
        Picker,
        &[code(KeyCode::Down), ctrl('n')],
        Action::PickerDown,
        "next option",
        None,
    ),
    b(
        Picker,
        &[code(KeyCode::Backspace)],
        Action::PickerBackspace,
        "delete a search character",
        None,
    ),
    b(
        Criteria,
        &[k('k'), code(KeyCode::Up)],
        Action::CritUp,
        "previous criterion",
        None,
    ),
    b(
        Criteria,
        &[k('j'), code(KeyCode::Down)],
        Action::CritDown,
        "next criterion",
        None,
    ),
    b(
        Criteria,
        &[k(' ')],
        Action::CritToggle,
        "tick off / reopen",
        Some("done"),
    ),
    b(
        Criteria,
        &[k('a')],
        Action::CritAdd,
        "add a criterion",
        Some("add"),
    ),
    b(
        Criteria,
        &[code(KeyCode::Enter)],
        Action::CritEdit,
        "edit its text",
        Some("edit"),
    ),
    b(
        Criteria,
        &[k('K')],
        Action::CritMoveUp,
        "move it up",
        Some("reorder"),
    ),
    b(
        Criteria,
        &[k('J')],
        Action::CritMoveDown,
        "move it down",
        None,
    ),
    b(Criteria, &[k('d')], Action::CritDelete, "remove it", None),
    b(
        Criteria,
        &[code(KeyCode::Esc), k('q')],
        Action::CritClose,
        "close the checklist",
        Some("close"),
    ),
    b(
        Split,
        &[k('k'), code(KeyCode::Up)],
        Action::CritUp,
        "previous criterion",
        None,
    ),
    b(
        Split,
        &[k('j'), code(KeyCode::Down)],
        Action::CritDown,
        "next criterion",
        None,
    ),
    b(
        Split,
        &[k(' ')],
        Action::CritToggle,
        "mark it to move to the new story",
        Some("mark"),
    ),
    b(
        Split,
        &[code(KeyCode::Enter)],
        Action::SplitNow,
        "split",
        Some("split"),
    ),
    b(
        Split,
        &[code(KeyCode::Esc)],
        Action::CritClose,
        "cancel",
        Some("cancel"),
    ),
    b(
        CriterionInput,
        &[code(KeyCode::Enter)],
        Action::CritKeep,
        "keep the text",
        Some("keep"),
    ),
    b(
        CriterionInput,
        &[code(KeyCode::Esc)],
        Action::CritDiscard,
        "drop the text",
        Some("drop"),
    ),
    b(
        Command,
        &[code(KeyCode::Enter)],
        Action::CommandRun,
        "apply the filter",
        Some("apply"),
    ),
    b(
        Command,
        &[code(KeyCode::Esc)],
        Action::CommandCancel,
        "close the line",
        Some("close"),
    ),
    b(
        Command,
        &[code(KeyCode::Backspace)],
        Action::CommandBackspace,
        "delete a character",
        None,
    ),
    b(
        Global,
        &[k(':')],
        Action::StartCommand,
        "filter expression (status:ready epic:E-2 …)",
        None,
    ),
    b(
        Global,
        &[ctrl('p')],
        Action::Jump,
        "jump to any story, epic, vision or sprint",
        None,
    ),
    b(
        Roadmap,
        &[k('W')],
        Action::ToggleScoring,
        "score epics by RICE or WSJF (saved)",
        None,
    ),
    b(
        Backlog,
        &[k('%')],
        Action::ToggleEpicScore,
        "show the epic score by each story",
        None,
    ),
    b(
        Global,
        &[k('v')],
        Action::Mark,
        "mark the story for a bulk change (Esc clears)",
        None,
    ),
    b(
        Global,
        &[k('+')],
        Action::Labels,
        "add or remove a label (picker)",
        None,
    ),
    b(
        Global,
        &[k('E')],
        Action::ExternalEdit,
        "edit the long text in $EDITOR",
        None,
    ),
    b(
        Roadmap,
        &[k('o')],
        Action::CycleSort,
        "sort: rank / score / target date",
        Some("sort"),
    ),
    b(
        Global,
        &[k('c')],
        Action::Criteria,
        "acceptance criteria checklist",
        None,
    ),
    b(Global, &[k('x')], Action::Split, "split the story", None),
    b(
        Global,
        &[k('p')],
        Action::Points,
        "story points (picker)",
        None,
    ),
    b(
        Global,
        &[k('a')],
        Action::Assignee,
        "assignee (picker)",
        None,
    ),
    b(
        Global,
        &[k('m')],
        Action::MoveToEpic,
        "move the story to an epic",
        None,
    ),
    b(
        Global,
        &[k('S')],
        Action::PlanSprint,
        "plan the story into a sprint",
        None,
    ),
    b(
        Global,
        &[k('b')],
        Action::BlockedBy,
        "blocked by (picker)",
        None,
    ),
    b(
        Global,
        &[k('n')],
        Action::New,
        "new item in this pane",
        Some("new"),
    ),
    b(
        Global,
        &[k('e')],
        Action::Edit,
        "edit the selected item",
        Some("edit"),
    ),
    b(
        Global,
        &[k('d')],
        Action::Delete,
        "delete the selected item",
        None,
    ),
    b(
        Global,
        &[k('1')],
        Action::FocusRoadmap,
        "Roadmap pane",
        None,
    ),
    b(
        Global,
        &[k('2')],
        Action::FocusBacklog,
        "Backlog pane",
        None,
    ),
    b(
        Global,
        &[k('3')],
        Action::FocusSprint,
        "Sprint view",
        Some("sprint"),
    ),
    b(
        Global,
        &[code(KeyCode::Tab)],
        Action::FocusNext,
        "next pane",
        None,
    ),
    b(
        Global,
        &[code(KeyCode::BackTab)],
        Action::FocusPrev,
        "previous pane",
        None,
    ),
    b(
        Global,
        &[k('j'), code(KeyCode::Down)],
        Action::Down,
        "down",
        None,
    ),
    b(Global, &[k('k'), code(KeyCode::Up)], Action::Up, "up", None),
    b(
        Global,
        &[k('h'), code(KeyCode::Left)],
        Action::Left,
        "previous group",
        None,
    ),
    b(
        Global,
        &[k('l'), code(KeyCode::Right)],
        Action::Right,
        "next group",
        None,
    ),
    b(
        Global,
        &[k('g')],
        Action::TopOrJump,
        "first row (g then / jumps anywhere)",
        None,
    ),
    b(
        Global,
        &[code(KeyCode::Home)],
        Action::Top,
        "first row",
        None,
    ),
    b(
        Global,
        &[k('G'), code(KeyCode::End)],
        Action::Bottom,
        "last row",
        None,
    ),
    b(
        Global,
        &[code(KeyCode::PageUp)],
        Action::PageUp,
        "page up",
        None,
    ),
    b(
        Global,
        &[code(KeyCode::PageDown)],
        Action::PageDown,
        "page down",
        None,
    ),
    b(
        Global,
        &[k('/')],
        Action::StartFilter,
        "filter the list",
        Some("filter"),
    ),
    b(Global, &[k('u')], Action::Undo, "undo", Some("undo")),
    b(Global, &[ctrl('r')], Action::Redo, "redo", None),
    b(Global, &[k('R')], Action::Reload, "reload from disk", None),
    b(
        Global,
        &[code(KeyCode::Esc)],
        Action::Close,
        "clear the filters",
        None,
    ),
    b(Global, &[k('?')], Action::Help, "help", Some("help")),
    b(
        Global,
        &[k('q'), ctrl('c')],
        Action::Quit,
        "quit",
        Some("quit"),
    ),
];

/// The contexts that apply, most specific first.
pub fn contexts(primary: Context) -> &'static [Context] {
    match primary {
        Help => &[Help],
        Filter => &[Filter],
        Form => &[Form],
        Confirm => &[Confirm],
        Picker => &[Picker],
        Criteria => &[Criteria],
        Split => &[Split],
        CriterionInput => &[CriterionInput],
        Command => &[Command],
        Roadmap => &[Roadmap, Global],
        Backlog => &[Backlog, Global],
        Sprint => &[Sprint, Global],
        Global => &[Global],
        // sprints
        CloseSprint => &[CloseSprint],
    }
}

fn matches(key: &Key, event: &KeyEvent) -> bool {
    // Shift is part of the character ('J'), so only Ctrl is compared.
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    key.code == event.code && key.ctrl == ctrl
}

/// The action a key press asks for in `context`, if any.
pub fn dispatch(context: Context, event: &KeyEvent) -> Option<Action> {
    let found = contexts(context).iter().find_map(|ctx| {
        BINDINGS
            .iter()
            .filter(|b| b.context == *ctx)
            .find(|b| b.keys.iter().any(|key| matches(key, event)))
            .map(|b| b.action.clone())
    });
    if found.is_some() {
        return found;
    }
    if context == Form {
        return Some(Action::FormKey(*event));
    }
    if context == Command {
        return match event.code {
            KeyCode::Char(c) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::CommandChar(c))
            }
            _ => None,
        };
    }
    if context == CriterionInput {
        return Some(Action::CritKey(*event));
    }
    if context == Picker {
        return match event.code {
            KeyCode::Char(c) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
                Some(Action::PickerChar(c))
            }
            _ => None,
        };
    }
    if context != Filter {
        return None;
    }
    match event.code {
        KeyCode::Char(c) if !event.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(Action::FilterChar(c))
        }
        _ => None,
    }
}

/// How a key is written in help and hints.
pub fn key_label(key: &Key) -> String {
    let name = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        other => format!("{other:?}"),
    };
    if key.ctrl {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

pub fn keys_label(binding: &Binding) -> String {
    binding
        .keys
        .iter()
        .map(key_label)
        .collect::<Vec<_>>()
        .join("/")
}

/// The bindings the help overlay lists for `context`, most specific first. A binding whose
/// keys a more specific context takes (the Sprint view's `R`) is left out: it would not run.
pub fn help_for(context: Context) -> impl Iterator<Item = &'static Binding> {
    let all = contexts(context);
    all.iter().enumerate().flat_map(move |(i, ctx)| {
        BINDINGS.iter().filter(move |b| {
            b.context == *ctx
                && !b.keys.iter().all(|key| {
                    BINDINGS
                        .iter()
                        .any(|o| all[..i].contains(&o.context) && o.keys.contains(key))
                })
        })
    })
}

/// Footer hints for `context`: "key word" pairs.
pub fn hints_for(context: Context) -> Vec<(String, &'static str)> {
    help_for(context)
        .filter_map(|b| {
            let first = b.keys.first()?;
            Some((key_label(first), b.hint?))
        })
        .collect()
}

/// The key list as a Markdown table, for docs/TUI.md (a test keeps the two in step).
pub fn markdown() -> String {
    let mut out = String::from("| Where | Keys | What |\n|---|---|---|\n");
    for b in BINDINGS {
        let keys = keys_label(b).replace('|', "\\|");
        out.push_str(&format!("| {:?} | `{keys}` | {} |\n", b.context, b.help));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn pane_bindings_win_over_global_ones() {
        let s = press(KeyCode::Char('s'), KeyModifiers::NONE);
        assert_eq!(dispatch(Backlog, &s), Some(Action::CycleStatus));
        assert_eq!(dispatch(Roadmap, &s), None);
        let big_j = press(KeyCode::Char('J'), KeyModifiers::SHIFT);
        assert_eq!(dispatch(Roadmap, &big_j), Some(Action::MoveDown));
        let ctrl_r = press(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(dispatch(Sprint, &ctrl_r), Some(Action::Redo));
    }

    #[test]
    fn help_leaves_out_global_keys_a_pane_takes() {
        let big_r = press(KeyCode::Char('R'), KeyModifiers::SHIFT);
        assert_eq!(dispatch(Sprint, &big_r), Some(Action::WriteReport));
        let lists = |ctx| help_for(ctx).any(|b| b.action == Action::Reload);
        assert!(!lists(Sprint), "R in the Sprint view writes the report");
        assert!(lists(Backlog));
    }

    #[test]
    fn filter_mode_types_text() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(dispatch(Filter, &q), Some(Action::FilterChar('q')));
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(dispatch(Filter, &esc), Some(Action::FilterClear));
    }

    #[test]
    fn every_binding_has_help_and_no_key_is_bound_twice_in_a_context() {
        for a in BINDINGS {
            assert!(!a.help.is_empty());
            for b in BINDINGS {
                if std::ptr::eq(a, b) || a.context != b.context {
                    continue;
                }
                assert!(
                    !a.keys.iter().any(|key| b.keys.contains(key)),
                    "{} bound twice",
                    keys_label(a)
                );
            }
        }
    }
}
