//! The one key map: a table of (context, keys, action, help). Dispatch reads it to turn a
//! key into an [`Action`]; the help overlay and the footer hints read the same table, so the
//! help can never disagree with the keys. The config file's remaps are applied on top of the
//! table ([`remap`]); everything here reads the session's map, remaps included.

mod remap;

pub use remap::{Bound, KeyMap, action_id, active, context_id, install, parse_key};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use Context::{
    AfterG, Backlog, CloseSprint, Command, Confirm, Criteria, CriterionInput, Detail, Filter, Form,
    Global, Help, Picker, Roadmap, Settle, SettleValue, Split, Sprint,
};
// Short names keep each binding on one line.
use super::action::{
    Action, BacklogAction as Bl, ChecklistAction as Cl, CloseSprintAction as Cs,
    CommandAction as Cmd, CriterionAction as Cr, DetailAction as Dt, FilterAction as Fi,
    FormAction as Fo, GlobalAction as G, HelpAction as He, ItemAction as It, NavAction as N,
    PickerAction as Pi, QuestionAction as Q, RoadmapAction as Rm, SettleAction as Se,
    SprintAction as Sp, StoryAction as St,
};
use super::pane::Pane;
use KeyCode::{
    BackTab, Backspace, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

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
    /// The detail is open over the whole screen.
    Detail,
    /// Closing a sprint: asking where its unfinished stories go.
    CloseSprint,
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
    /// Right after `g`: `/` is the jump; other keys mean what they mean in the pane.
    AfterG,
    /// The settle overlay: choosing how an open merge conflict ends.
    Settle,
    /// Typing a conflict's value: other printable keys are text.
    SettleValue,
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

/// Every binding, one a line. Order is the order of the help overlay and the footer.
#[rustfmt::skip]
pub static BINDINGS: &[Binding] = &[
    b(Help, &[code(Esc), k('?'), k('q')], Action::Help(He::Close), "close help", Some("close")),
    b(Help, &[k('j'), code(Down), code(PageDown)], Action::Help(He::ScrollDown), "scroll help down", Some("scroll")),
    b(Help, &[k('k'), code(Up), code(PageUp)], Action::Help(He::ScrollUp), "scroll help up", None),
    b(Detail, &[code(Esc), k('i'), k('q')], Action::Detail(Dt::Close), "close the detail", Some("close")),
    b(Detail, &[k('j'), code(Down), code(PageDown)], Action::Detail(Dt::ScrollDown), "scroll the detail down", Some("scroll")),
    b(Detail, &[k('k'), code(Up), code(PageUp)], Action::Detail(Dt::ScrollUp), "scroll the detail up", None),
    b(Filter, &[code(Enter)], Action::Filter(Fi::Keep), "keep the filter", Some("keep")),
    b(Filter, &[code(Esc)], Action::Filter(Fi::Clear), "clear the filter", Some("clear")),
    b(Filter, &[code(Backspace)], Action::Filter(Fi::Backspace), "delete a character", None),
    b(Roadmap, &[code(Enter)], Action::Roadmap(Rm::ShowStories), "show its stories in the backlog", Some("stories")),
    b(Roadmap, &[k('t')], Action::Roadmap(Rm::ToggleTimeline), "board / timeline", Some("timeline")),
    b(Roadmap, &[k('V')], Action::Roadmap(Rm::ToggleGoals), "board / vision board (business goals)", Some("goals")),
    b(Roadmap, &[k('r')], Action::Roadmap(Rm::RecordReading), "record a reading of the goal (vision board)", None),
    b(Roadmap, &[k('J')], Action::Roadmap(Rm::RankDown), "rank the epic lower", Some("rank")),
    b(Roadmap, &[k('K')], Action::Roadmap(Rm::RankUp), "rank the epic higher", None),
    b(Roadmap, &[k('T')], Action::Roadmap(Rm::RankTop), "rank the epic first", None),
    b(Roadmap, &[k('B')], Action::Roadmap(Rm::RankBottom), "rank the epic last", None),
    b(Roadmap, &[k('H')], Action::Roadmap(Rm::HorizonPrev), "epic to previous horizon", Some("horizon")),
    b(Roadmap, &[k('L')], Action::Roadmap(Rm::HorizonNext), "epic to next horizon", None),
    b(Backlog, &[k('J')], Action::Backlog(Bl::RankDown), "move the story down", Some("rank")),
    b(Backlog, &[k('K')], Action::Backlog(Bl::RankUp), "move the story up", None),
    b(Backlog, &[k('T')], Action::Backlog(Bl::RankTop), "move the story to the top of the backlog", None),
    b(Backlog, &[k('B')], Action::Backlog(Bl::RankBottom), "move the story to the bottom of the backlog", None),
    b(Backlog, &[k('s')], Action::Story(St::CycleStatus), "cycle the story's status", Some("status")),
    b(Backlog, &[k('z')], Action::Backlog(Bl::ToggleGroup), "group by epic, or not", Some("group")),
    b(Backlog, &[k('w')], Action::Backlog(Bl::Waterline), "waterline at a date (:by DATE) / the next sprint", Some("waterline")),
    b(Sprint, &[k('s')], Action::Story(St::CycleStatus), "cycle the story's status", Some("status")),
    b(CloseSprint, &[k('k'), code(Up)], Action::CloseSprint(Cs::Up), "previous unfinished story", None),
    b(CloseSprint, &[k('j'), code(Down)], Action::CloseSprint(Cs::Down), "next unfinished story", None),
    b(CloseSprint, &[k(' ')], Action::CloseSprint(Cs::Toggle), "carry the story over, or leave it in the closed sprint", Some("carry")),
    b(CloseSprint, &[k('n')], Action::CloseSprint(Cs::ToNextSprint), "close; ticked stories to the next sprint", Some("next sprint")),
    b(CloseSprint, &[k('b')], Action::CloseSprint(Cs::ToBacklog), "close; ticked stories to the backlog top", Some("backlog")),
    b(CloseSprint, &[code(Esc)], Action::CloseSprint(Cs::Cancel), "do not close the sprint", Some("cancel")),
    b(Sprint, &[k('P')], Action::Sprint(Sp::TogglePlanning), "planning view / board", Some("plan")),
    b(Sprint, &[k(' ')], Action::Sprint(Sp::PlanToggle), "plan in / take out (planning view)", None),
    b(Sprint, &[k('S')], Action::Sprint(Sp::Start), "start the sprint", None),
    b(Sprint, &[k('C')], Action::Sprint(Sp::AskClose), "close the active sprint", Some("close")),
    b(Sprint, &[k('X')], Action::Sprint(Sp::WriteReport), "sprint review to Markdown", Some("review")),
    b(Sprint, &[k(']')], Action::Sprint(Sp::NextChart), "next chart: burndown, burnup, velocity, flow", None),
    b(Sprint, &[k('[')], Action::Sprint(Sp::PrevChart), "previous chart", None),
    b(Form, &[ctrl('s')], Action::Form(Fo::Save), "save the form", Some("save")),
    b(Form, &[code(Tab)], Action::Form(Fo::Next), "next field", Some("next")),
    b(Form, &[code(BackTab)], Action::Form(Fo::Prev), "previous field", None),
    b(Form, &[code(Enter)], Action::Form(Fo::Enter), "next field (saves on the last; a new line in a text)", None),
    b(Form, &[code(Esc)], Action::Form(Fo::Cancel), "cancel (asks if anything changed)", Some("cancel")),
    b(Confirm, &[k('y'), code(Enter)], Action::Question(Q::Yes), "yes", Some("yes")),
    b(Confirm, &[k('D')], Action::Question(Q::All), "delete the epic's stories too", None),
    b(Confirm, &[k('n')], Action::Question(Q::No), "no (a recovery file offered back: delete it)", Some("no")),
    b(Confirm, &[code(Esc)], Action::Question(Q::Later), "no (a recovery file offered back: keep it for the next start)", None),
    b(Confirm, &[k('q')], Action::Question(Q::QuitAnyway), "quit without the unsaved edits (after a failed save)", None),
    b(Picker, &[code(Enter)], Action::Picker(Pi::Choose), "choose", Some("choose")),
    b(Picker, &[code(Esc)], Action::Picker(Pi::Close), "close", Some("close")),
    b(Picker, &[code(Up), ctrl('p')], Action::Picker(Pi::Up), "previous option", None),
    b(Picker, &[code(Down), ctrl('n')], Action::Picker(Pi::Down), "next option", None),
    b(Picker, &[code(Backspace)], Action::Picker(Pi::Backspace), "delete a search character", None),
    b(Criteria, &[k('k'), code(Up)], Action::Checklist(Cl::Up), "previous criterion", None),
    b(Criteria, &[k('j'), code(Down)], Action::Checklist(Cl::Down), "next criterion", None),
    b(Criteria, &[k(' ')], Action::Checklist(Cl::Toggle), "tick off / reopen", Some("done")),
    b(Criteria, &[k('a')], Action::Checklist(Cl::Add), "add a criterion", Some("add")),
    b(Criteria, &[code(Enter)], Action::Checklist(Cl::Edit), "edit its text", Some("edit")),
    b(Criteria, &[k('K')], Action::Checklist(Cl::MoveUp), "move it up", Some("reorder")),
    b(Criteria, &[k('J')], Action::Checklist(Cl::MoveDown), "move it down", None),
    b(Criteria, &[k('d')], Action::Checklist(Cl::Delete), "remove it", None),
    b(Criteria, &[code(Esc), k('q')], Action::Checklist(Cl::Close), "close the checklist", Some("close")),
    b(Split, &[k('k'), code(Up)], Action::Checklist(Cl::Up), "previous criterion", None),
    b(Split, &[k('j'), code(Down)], Action::Checklist(Cl::Down), "next criterion", None),
    b(Split, &[k(' ')], Action::Checklist(Cl::Toggle), "mark it to move to the new story", Some("mark")),
    b(Split, &[code(Enter)], Action::Checklist(Cl::Split), "split", Some("split")),
    b(Split, &[code(Esc)], Action::Checklist(Cl::Close), "cancel", Some("cancel")),
    b(CriterionInput, &[code(Enter)], Action::Criterion(Cr::Keep), "keep the text", Some("keep")),
    b(CriterionInput, &[code(Esc)], Action::Criterion(Cr::Discard), "drop the text", Some("drop")),
    b(Command, &[code(Enter)], Action::Command(Cmd::Run), "apply the filter", Some("apply")),
    b(Command, &[code(Esc)], Action::Command(Cmd::Cancel), "close the line", Some("close")),
    b(Command, &[code(Backspace)], Action::Command(Cmd::Backspace), "delete a character", None),
    b(Settle, &[k('o')], Action::Settle(Se::Ours), "take ours (the value that stands)", Some("ours")),
    b(Settle, &[k('t')], Action::Settle(Se::Theirs), "take theirs (the other writer's value)", Some("theirs")),
    b(Settle, &[k('e')], Action::Settle(Se::Type), "type a value of your own", Some("type")),
    b(Settle, &[k('j'), code(Down)], Action::Settle(Se::Down), "next open conflict", Some("next")),
    b(Settle, &[k('k'), code(Up)], Action::Settle(Se::Up), "previous open conflict", None),
    b(Settle, &[code(Esc), k('q')], Action::Settle(Se::Close), "close, settling nothing", Some("close")),
    b(SettleValue, &[code(Enter)], Action::Settle(Se::Apply), "settle with the typed value", Some("settle")),
    b(SettleValue, &[code(Esc)], Action::Settle(Se::Back), "back to the choices", Some("back")),
    b(SettleValue, &[code(Backspace)], Action::Settle(Se::Backspace), "delete a character", None),
    b(AfterG, &[k('/')], Action::Global(G::Jump), "jump anywhere (g then /)", None),
    b(Global, &[k(':')], Action::Global(G::Command), "filter expression (status:ready epic:E-2 …)", None),
    b(Global, &[ctrl('p')], Action::Global(G::Jump), "jump to any story, epic, vision or sprint", None),
    b(Roadmap, &[k('W')], Action::Roadmap(Rm::ToggleScoring), "score epics by RICE or WSJF (saved)", None),
    b(Backlog, &[k('%')], Action::Backlog(Bl::ToggleEpicScore), "show the epic score by each story", None),
    b(Backlog, &[k('.')], Action::Backlog(Bl::ToggleDone), "show the done stories, or hide them", None),
    b(Global, &[k('v')], Action::Story(St::Mark), "mark the story for a bulk change (Esc clears)", None),
    b(Global, &[k('+')], Action::Story(St::Labels), "add or remove a label (picker)", None),
    b(Global, &[k('E')], Action::Item(It::EditText), "edit the long text in $EDITOR", None),
    b(Roadmap, &[k('o')], Action::Roadmap(Rm::CycleSort), "sort: rank / score / target date", Some("sort")),
    b(Roadmap, &[k('X')], Action::Roadmap(Rm::ExportMarkdown), "roadmap to Markdown", None),
    b(Global, &[k('c')], Action::Story(St::Criteria), "criteria and DoD checklist (ticks)", None),
    b(Global, &[k('x')], Action::Story(St::Split), "split the story", None),
    b(Global, &[k('p')], Action::Story(St::Points), "story points (picker)", None),
    b(Global, &[k('a')], Action::Story(St::Assignee), "assignee (picker)", None),
    b(Global, &[k('m')], Action::Story(St::MoveToEpic), "move the story to an epic", None),
    b(Global, &[k('>')], Action::Story(St::PlanSprint), "plan the story into a sprint", None),
    b(Global, &[k('b')], Action::Story(St::BlockedBy), "blocked by (picker)", None),
    b(Global, &[k('n')], Action::Item(It::New), "new item in this pane", Some("new")),
    b(Global, &[k('e')], Action::Item(It::Edit), "edit the selected item", Some("edit")),
    b(Global, &[k('d')], Action::Item(It::Delete), "delete the selected item", None),
    b(Global, &[k('1')], Action::Nav(N::Focus(Pane::Roadmap)), "Roadmap pane", None),
    b(Global, &[k('2')], Action::Nav(N::Focus(Pane::Backlog)), "Backlog pane", None),
    b(Global, &[k('3')], Action::Nav(N::Focus(Pane::Sprint)), "Sprint view", Some("sprint")),
    b(Global, &[code(Tab)], Action::Nav(N::FocusNext), "next pane", None),
    b(Global, &[code(BackTab)], Action::Nav(N::FocusPrev), "previous pane", None),
    b(Global, &[k('j'), code(Down)], Action::Nav(N::Down), "down", None),
    b(Global, &[k('k'), code(Up)], Action::Nav(N::Up), "up", None),
    b(Global, &[k('h'), code(Left)], Action::Nav(N::Left), "previous group", None),
    b(Global, &[k('l'), code(Right)], Action::Nav(N::Right), "next group", None),
    b(Global, &[k('g')], Action::Nav(N::TopOrJump), "first row (g then / jumps anywhere)", None),
    b(Global, &[code(Home)], Action::Nav(N::Top), "first row", None),
    b(Global, &[k('G'), code(End)], Action::Nav(N::Bottom), "last row", None),
    b(Global, &[code(PageUp)], Action::Nav(N::PageUp), "page up", None),
    b(Global, &[code(PageDown)], Action::Nav(N::PageDown), "page down", None),
    b(Global, &[k('/')], Action::Global(G::Filter), "filter the list", Some("filter")),
    b(Global, &[k('u')], Action::Global(G::Undo), "undo", Some("undo")),
    b(Global, &[ctrl('r')], Action::Global(G::Redo), "redo", None),
    b(Global, &[k('R')], Action::Global(G::Reload), "reload from disk", None),
    b(Global, &[k('M')], Action::Global(G::Settle), "settle a merge conflict (≠): ours, theirs or a value", None),
    b(Global, &[code(Esc)], Action::Nav(N::Clear), "clear the filters", None),
    b(Global, &[k('i')], Action::Global(G::Detail), "the whole detail (commits, DoD)", None),
    b(Global, &[k('?')], Action::Global(G::Help), "help", Some("help")),
    b(Global, &[k('q'), ctrl('c')], Action::Quit, "quit", Some("quit")),
];

/// The contexts that apply, most specific first.
pub fn contexts(primary: Context) -> &'static [Context] {
    match primary {
        Help => &[Help],
        Detail => &[Detail],
        Filter => &[Filter],
        Form => &[Form],
        Confirm => &[Confirm],
        Picker => &[Picker],
        Criteria => &[Criteria],
        Split => &[Split],
        CriterionInput => &[CriterionInput],
        Command => &[Command],
        AfterG => &[AfterG],
        CloseSprint => &[CloseSprint],
        Settle => &[Settle],
        SettleValue => &[SettleValue],
        Roadmap => &[Roadmap, Global],
        Backlog => &[Backlog, Global],
        Sprint => &[Sprint, Global],
        Global => &[Global],
    }
}

fn matches(key: &Key, event: &KeyEvent) -> bool {
    // Shift is part of the character ('J'), so only Ctrl is compared.
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    key.code == event.code && key.ctrl == ctrl
}

/// The action a key press asks for in `context`, if any.
pub fn dispatch(context: Context, event: &KeyEvent) -> Option<Action> {
    let bound = contexts(context).iter().find_map(|ctx| {
        remap::active()
            .bindings()
            .iter()
            .filter(|b| b.context == *ctx)
            .find(|b| b.keys.iter().any(|key| matches(key, event)))
            .map(|b| b.action.clone())
    });
    bound.or_else(|| typed(context, event))
}

/// What an unbound key means where keys are text: a character of a filter, a search or the
/// `:` line, or any key for a form field's or a criterion's editor.
fn typed(context: Context, event: &KeyEvent) -> Option<Action> {
    let char = match event.code {
        KeyCode::Char(c) if !event.modifiers.contains(KeyModifiers::CONTROL) => Some(c),
        _ => None,
    };
    match context {
        Form => Some(Action::Form(Fo::Key(*event))),
        CriterionInput => Some(Action::Criterion(Cr::Key(*event))),
        Command => char.map(|c| Action::Command(Cmd::Char(c))),
        Picker => char.map(|c| Action::Picker(Pi::Char(c))),
        Filter => char.map(|c| Action::Filter(Fi::Char(c))),
        SettleValue => char.map(|c| Action::Settle(Se::Char(c))),
        Global | Roadmap | Backlog | Sprint | Help | Detail | CloseSprint | Confirm | Criteria
        | Split | AfterG | Settle => None,
    }
}

/// How the first key bound to `action` in `context` is written ("y", "Esc"), for the
/// hints in questions, titles and messages, so they never disagree with the keys.
pub fn key_for(context: Context, action: &Action) -> String {
    bound_key(context, action).unwrap_or_else(|| "(unbound)".to_string())
}

/// [`key_for`], or `None` where no key does `action` in `context` (the help inside a form).
pub fn bound_key(context: Context, action: &Action) -> Option<String> {
    contexts(context)
        .iter()
        .find_map(|ctx| {
            remap::active()
                .bindings()
                .iter()
                .find(|b| b.context == *ctx && b.action == *action)
        })
        .and_then(|b| b.keys.first())
        .map(key_label)
}

/// "y discard": the key for `action` in `context`, then what it does there.
pub fn hint(context: Context, action: &Action, word: &str) -> String {
    format!("{} {word}", key_for(context, action))
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
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.ctrl {
        format!("Ctrl-{name}")
    } else {
        name
    }
}

pub fn keys_label(binding: &Bound) -> String {
    label_keys(&binding.keys)
}

/// "j/↓": keys as the help writes them.
pub fn label_keys(keys: &[Key]) -> String {
    keys.iter().map(key_label).collect::<Vec<_>>().join("/")
}

/// The bindings the help overlay lists for `context`, most specific first. A binding whose
/// keys a more specific context takes (the Sprint view's `R`) is left out: it would not run.
pub fn help_for(context: Context) -> impl Iterator<Item = &'static Bound> {
    let all = contexts(context);
    let bindings = remap::active().bindings();
    all.iter().enumerate().flat_map(move |(i, ctx)| {
        bindings.iter().filter(move |b| {
            b.context == *ctx
                && !b.keys.iter().all(|key| {
                    bindings
                        .iter()
                        .any(|o| all[..i].contains(&o.context) && o.keys.contains(key))
                })
        })
    })
}

/// The built-in keys as a Markdown table, for docs/TUI.md (a test keeps the two in step);
/// the last column is the name a remap in the config file gives.
pub fn markdown() -> String {
    let mut out = String::from("| Where | Keys | What | Config |\n|---|---|---|---|\n");
    for b in KeyMap::defaults().bindings() {
        let keys = keys_label(b).replace('|', "\\|");
        let id = b.id();
        out.push_str(&format!(
            "| {:?} | `{keys}` | {} | `{id}` |\n",
            b.context, b.help
        ));
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
        assert_eq!(dispatch(Backlog, &s), Some(Action::Story(St::CycleStatus)));
        assert_eq!(dispatch(Roadmap, &s), None);
        let big_j = press(KeyCode::Char('J'), KeyModifiers::SHIFT);
        assert_eq!(
            dispatch(Roadmap, &big_j),
            Some(Action::Roadmap(Rm::RankDown))
        );
        let ctrl_r = press(KeyCode::Char('r'), KeyModifiers::CONTROL);
        assert_eq!(dispatch(Sprint, &ctrl_r), Some(Action::Global(G::Redo)));
    }

    #[test]
    fn r_reloads_in_every_pane_and_every_help_lists_it() {
        let big_r = press(KeyCode::Char('R'), KeyModifiers::SHIFT);
        for pane in [Roadmap, Backlog, Sprint] {
            assert_eq!(dispatch(pane, &big_r), Some(Action::Global(G::Reload)));
            assert!(help_for(pane).any(|b| b.action == Action::Global(G::Reload)));
        }
    }

    #[test]
    fn s_starts_a_sprint_and_no_help_lists_it_for_anything_else() {
        let big_s = k('S');
        for pane in [Roadmap, Backlog, Sprint] {
            let listed: Vec<&Action> = help_for(pane)
                .filter(|b| b.keys.contains(&big_s))
                .map(|b| &b.action)
                .collect();
            let want: Vec<&Action> = match pane {
                Sprint => vec![&Action::Sprint(Sp::Start)],
                _ => Vec::new(),
            };
            assert_eq!(listed, want, "{pane:?}");
        }
        let plan = Action::Story(St::PlanSprint);
        assert_eq!(key_for(Backlog, &plan), ">");
    }

    /// What a binding does, with the pane taken out where the same deed is done to the
    /// pane's own kind of item (ranking an epic or a story is one meaning; so is writing
    /// the pane out as Markdown).
    fn meaning(action: &Action) -> String {
        match action {
            Action::Roadmap(Rm::ExportMarkdown) | Action::Sprint(Sp::WriteReport) => {
                "to Markdown".into()
            }
            Action::Roadmap(Rm::RankDown) | Action::Backlog(Bl::RankDown) => "rank down".into(),
            Action::Roadmap(Rm::RankUp) | Action::Backlog(Bl::RankUp) => "rank up".into(),
            Action::Roadmap(Rm::RankTop) | Action::Backlog(Bl::RankTop) => "rank first".into(),
            Action::Roadmap(Rm::RankBottom) | Action::Backlog(Bl::RankBottom) => "rank last".into(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn no_key_means_two_things_across_panes() {
        let panes = [Roadmap, Backlog, Sprint];
        let keys = BINDINGS
            .iter()
            .filter(|b| matches!(b.context, Global | Roadmap | Backlog | Sprint))
            .flat_map(|b| b.keys.iter());
        for key in keys {
            let modifiers = if key.ctrl {
                KeyModifiers::CONTROL
            } else {
                KeyModifiers::NONE
            };
            let event = press(key.code, modifiers);
            let mut meanings: Vec<(Context, String)> = panes
                .iter()
                .filter_map(|p| dispatch(*p, &event).map(|a| (*p, meaning(&a))))
                .collect();
            meanings.dedup_by(|a, b| a.1 == b.1);
            assert!(meanings.len() <= 1, "{} means {meanings:?}", key_label(key));
        }
    }

    #[test]
    fn filter_mode_types_text() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(dispatch(Filter, &q), Some(Action::Filter(Fi::Char('q'))));
        let esc = press(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(dispatch(Filter, &esc), Some(Action::Filter(Fi::Clear)));
    }

    #[test]
    fn hints_name_the_bound_key() {
        assert_eq!(
            hint(Confirm, &Action::Question(Q::Yes), "delete"),
            "y delete"
        );
        assert_eq!(key_for(Command, &Action::Command(Cmd::Cancel)), "Esc");
        assert_eq!(key_for(Backlog, &Action::Global(G::Reload)), "R");
        assert_eq!(key_for(Help, &Action::Quit), "(unbound)");
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
                    label_keys(a.keys)
                );
            }
        }
    }
}
