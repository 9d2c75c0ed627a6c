//! The UI's whole state: the document, what is focused and selected, the filters, the undo
//! history and the save badge. `update` is the only place an [`Action`] takes effect; it
//! never touches the disk or the terminal, so tests drive it directly.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::layout::Rect;

use crate::model::{EpicId, Product, StoryId};

use super::action::Action;
use super::build::{self, RoadItem};
use super::confirm::Confirm;
use super::criteria::{Checklist, Purpose};
use super::derived::Derived;
use super::edit::History;
use super::editor::EditorRequest;
use super::form::Form;
use super::keymap::Context;
use super::layout;
use super::list::Groups;
use super::picker::Picker;
use super::quick::Quick;
use super::theme::Theme;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Roadmap,
    Backlog,
    Sprint,
}

/// What keys currently go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// Typing the focused pane's filter.
    Filter,
    Help,
    // sprints
    /// Asking where a closing sprint's unfinished stories go.
    CloseSprint,
    // grooming
    /// A create/edit form has the keys.
    Form,
    /// A question waits for its answer (over a form, if one is open).
    Confirm,
    /// A pick list has the keys.
    Picker,
    /// The detail panel's acceptance-criteria checklist has the keys (editing or splitting).
    Criteria,
    /// Typing a criterion's text.
    CriterionInput,
    /// Typing a `:` filter expression.
    Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoadmapView {
    Board,
    Timeline,
}

/// The header badge: where the document stands against the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    /// An edit is being written (or waits to be).
    Saving,
    /// The last save failed for a reason other than another writer.
    Failed,
    /// Someone else wrote the file; nothing more is saved until a reload.
    ChangedOnDisk,
}

/// What the loop must do after an update, with everything it needs for it: the App itself
/// never touches the disk or the terminal, and parks nothing for the loop to find.
#[derive(Debug, Clone)]
pub enum Effect {
    None,
    /// Write the document. `reopen` is the form this save comes from: if the file changed on
    /// disk meanwhile, the form opens again over the reloaded document, so nothing typed is
    /// lost.
    Save {
        reopen: Option<Box<Form>>,
    },
    Reload,
    /// Write a report beside the document, through the store.
    WriteReport(ReportFile),
    /// Suspend the UI and open the text in $EDITOR; the result comes back as
    /// [`Action::EditorClosed`].
    Editor(EditorRequest),
}

impl Effect {
    /// A save that reopens no form: what every edit but a form's asks for.
    pub const SAVE: Effect = Effect::Save { reopen: None };

    pub fn is_save(&self) -> bool {
        matches!(self, Effect::Save { .. })
    }
}

/// A file to write beside the document, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    pub file_name: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct RoadmapState {
    pub list: Groups<RoadItem>,
    pub filter: String,
    pub timeline: bool,
    // grooming
    pub sort: build::RoadSort,
}

#[derive(Debug, Clone, Default)]
pub struct BacklogState {
    pub list: Groups<StoryId>,
    pub filter: String,
    /// Set by Enter on an epic in the roadmap.
    pub epic: Option<EpicId>,
    pub grouped: bool,
    // grooming
    /// The `:` filter expression in force.
    pub query: Option<crate::query::Query>,
    /// Show each story's epic score beside it.
    pub epic_score: bool,
}

#[derive(Debug, Clone, Default)]
pub struct SprintState {
    pub list: Groups<StoryId>,
    pub filter: String,
    // sprints
    /// The status board, or planning (candidates beside the sprint).
    pub planning: bool,
    pub chart: super::sprint::Chart,
}

pub struct App {
    pub product: Product,
    pub today: NaiveDate,
    /// The moment stamped on edits (status history); set by the loop, fixed in tests.
    pub now: DateTime<Utc>,
    /// What the header calls the file.
    pub location: String,
    pub theme: Theme,
    pub read_only: bool,
    pub focus: Pane,
    pub mode: Mode,
    pub size: Rect,
    pub roadmap: RoadmapState,
    pub backlog: BacklogState,
    pub sprint: SprintState,
    pub derived: Derived,
    pub history: History,
    pub save: SaveState,
    /// A one-line message for the footer (refusals, undo, save errors).
    pub message: Option<String>,
    pub quit: bool,
    /// First help line shown, when the help is taller than the terminal (clamped in drawing).
    pub help_scroll: usize,
    /// Edits not yet written to the file.
    pub unsaved: bool,
    // grooming
    /// The open create/edit form.
    pub form: Option<Box<Form>>,
    /// The open question.
    pub confirm: Option<Confirm>,
    /// The open pick list.
    pub picker: Option<Box<Picker>>,
    /// The open acceptance-criteria checklist.
    pub checklist: Option<Checklist>,
    /// The `:` line being typed.
    pub command: Option<String>,
    /// Stories marked with `v`: the quick keys, `s` and `d` then apply to all of them.
    pub marked: std::collections::BTreeSet<StoryId>,
    /// The last key was `g`, so `/` now means the jump.
    pub after_g: bool,
}

impl App {
    /// The epic with this id, found through the index the derived figures keep (O(1)).
    pub fn epic_by_id(&self, id: EpicId) -> Option<&crate::model::Epic> {
        self.derived
            .epic_at
            .get(&id)
            .and_then(|i| self.product.epics().get(*i))
    }

    pub fn new(product: Product, today: NaiveDate, location: String, theme: Theme) -> App {
        let mut app = App {
            product,
            today,
            now: today.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc(),
            location,
            theme,
            read_only: false,
            focus: Pane::Backlog,
            mode: Mode::Normal,
            size: Rect::new(0, 0, 80, 24),
            roadmap: RoadmapState::default(),
            backlog: BacklogState::default(),
            sprint: SprintState::default(),
            derived: Derived::default(),
            history: History::default(),
            save: SaveState::Saved,
            message: None,
            quit: false,
            help_scroll: 0,
            unsaved: false,
            form: None,
            confirm: None,
            picker: None,
            checklist: None,
            command: None,
            marked: std::collections::BTreeSet::new(),
            after_g: false,
        };
        app.product_changed();
        app
    }

    /// The open form, if any.
    pub fn form(&self) -> Option<&Form> {
        self.form.as_deref()
    }

    /// The key-map context for the current mode and focus.
    pub fn context(&self) -> Context {
        match (self.mode, self.focus) {
            (Mode::Help, _) => Context::Help,
            (Mode::Filter, _) => Context::Filter,
            (Mode::Form, _) => Context::Form,
            (Mode::Confirm, _) => Context::Confirm,
            (Mode::Picker, _) => Context::Picker,
            (Mode::Criteria, _) => match self.checklist.as_ref().map(|c| c.purpose) {
                Some(Purpose::Split) => Context::Split,
                _ => Context::Criteria,
            },
            (Mode::CriterionInput, _) => Context::CriterionInput,
            (Mode::Command, _) => Context::Command,
            (Mode::Normal, Pane::Roadmap) => Context::Roadmap,
            (Mode::Normal, Pane::Backlog) => Context::Backlog,
            (Mode::Normal, Pane::Sprint) => Context::Sprint,
            // sprints
            (Mode::CloseSprint, _) => Context::CloseSprint,
        }
    }

    /// Recomputes the cached figures and every list after the product changed.
    pub fn product_changed(&mut self) {
        self.derived = Derived::compute(&self.product, self.today);
        self.rebuild_lists();
    }

    pub fn rebuild_lists(&mut self) {
        let (groups, headers) = build::backlog(
            &self.product,
            &self.derived,
            &self.backlog.filter,
            self.backlog.epic,
            self.backlog.grouped,
            self.backlog.query.as_ref(),
        );
        let keep = self.backlog.list.selected();
        self.backlog.list.replace(groups, headers, keep);
        let groups = if self.roadmap.timeline {
            build::roadmap_timeline(&self.product, &self.roadmap.filter)
        } else {
            build::roadmap_board(&self.product, &self.roadmap.filter, self.roadmap.sort)
        };
        let keep = self.roadmap.list.selected();
        self.roadmap.list.replace(groups, true, keep);
        let groups = super::sprint::groups(&self.product, &self.derived, &self.sprint);
        let keep = self.sprint.list.selected();
        self.sprint.list.replace(groups, true, keep);
        self.scroll();
    }

    /// Keeps each visible list's cursor on screen for the current size.
    fn scroll(&mut self) {
        let areas = layout::areas(self.size, self.focus);
        if let Some(a) = areas.roadmap {
            let h = layout::roadmap_list(a, self.roadmap.timeline).height;
            self.roadmap.list.scroll_into_view(h as usize);
        }
        if let Some(a) = areas.backlog {
            let h = layout::inner(a).height;
            self.backlog.list.scroll_into_view(h as usize);
        }
        if let Some(a) = areas.sprint {
            let h = layout::inner(layout::sprint_parts(a).board).height;
            self.sprint.list.scroll_into_view(h as usize);
        }
    }

    pub fn focused_filter(&mut self) -> &mut String {
        match self.focus {
            Pane::Roadmap => &mut self.roadmap.filter,
            Pane::Backlog => &mut self.backlog.filter,
            Pane::Sprint => &mut self.sprint.filter,
        }
    }

    fn focused_list_height(&self) -> usize {
        let areas = layout::areas(self.size, self.focus);
        let h = match self.focus {
            Pane::Roadmap => areas
                .roadmap
                .map(|a| layout::roadmap_list(a, self.roadmap.timeline).height),
            Pane::Backlog => areas.backlog.map(|a| layout::inner(a).height),
            Pane::Sprint => areas
                .sprint
                .map(|a| layout::inner(layout::sprint_parts(a).board).height),
        };
        usize::from(h.unwrap_or(1).max(1))
    }

    /// Applies one action. Returns what the loop must do with the disk.
    pub fn update(&mut self, action: Action) -> Effect {
        if !matches!(action, Action::Resize { .. }) {
            self.message = None;
        }
        if action.is_edit()
            && let Some(why) = self.edit_refusal()
        {
            self.message = Some(why.to_string());
            return Effect::None;
        }
        // `g/` is the jump: `/` right after `g` opens it instead of the filter.
        let after_g = std::mem::take(&mut self.after_g);
        let action = match action {
            Action::StartFilter if after_g => Action::Jump,
            other => other,
        };
        let effect = self.apply(action);
        self.scroll();
        effect
    }

    fn edit_refusal(&self) -> Option<&'static str> {
        if self.read_only {
            Some("read-only: edits are off (opened with --read-only, or the file is not writable)")
        } else if self.save == SaveState::ChangedOnDisk {
            Some("the file changed on disk: press R to reload it before editing")
        } else {
            None
        }
    }

    fn apply(&mut self, action: Action) -> Effect {
        match action {
            Action::Quit => self.quit = true,
            Action::FocusRoadmap => self.focus = Pane::Roadmap,
            Action::FocusBacklog => self.focus = Pane::Backlog,
            Action::FocusSprint => self.focus = Pane::Sprint,
            Action::FocusNext => self.focus = cycle(self.focus, 1),
            Action::FocusPrev => self.focus = cycle(self.focus, 2),
            Action::Up if self.mode == Mode::Help => {
                self.help_scroll = self.help_scroll.saturating_sub(1);
            }
            Action::Down if self.mode == Mode::Help => self.help_scroll += 1,
            Action::Up => self.list_mut().step(-1),
            Action::Down => self.list_mut().step(1),
            Action::Top => self.list_mut().first(),
            Action::Bottom => self.list_mut().last(),
            Action::PageUp | Action::PageDown => {
                let page = self.focused_list_height().saturating_sub(1).max(1) as isize;
                let dir = if action == Action::PageUp { -1 } else { 1 };
                self.list_mut().step(dir * page);
            }
            Action::Left => self.list_mut().jump_group(-1),
            Action::Right => self.list_mut().jump_group(1),
            Action::StartFilter => self.mode = Mode::Filter,
            Action::FilterChar(c) => {
                self.focused_filter().push(c);
                self.rebuild_lists();
            }
            Action::FilterPaste(text) => {
                let clean: String = text.chars().filter(|c| !c.is_control()).collect();
                self.focused_filter().push_str(&clean);
                self.rebuild_lists();
            }
            Action::FilterBackspace => {
                self.focused_filter().pop();
                self.rebuild_lists();
            }
            Action::FilterKeep => self.mode = Mode::Normal,
            Action::FilterClear => {
                self.mode = Mode::Normal;
                self.focused_filter().clear();
                self.rebuild_lists();
            }
            Action::Open => self.open(),
            Action::ToggleTimeline => {
                self.roadmap.timeline = !self.roadmap.timeline;
                self.rebuild_lists();
            }
            Action::ToggleGroup => {
                self.backlog.grouped = !self.backlog.grouped;
                self.rebuild_lists();
            }
            Action::MoveDown => return self.move_selected(1),
            Action::MoveUp => return self.move_selected(-1),
            Action::HorizonPrev => return self.shift_horizon(-1),
            Action::HorizonNext => return self.shift_horizon(1),
            Action::CycleStatus if !self.marked.is_empty() => self.open_picker(Quick::Status),
            Action::CycleStatus => return self.cycle_status(),
            Action::Undo => return self.undo(),
            Action::Redo => return self.redo(),
            Action::Help => {
                self.mode = Mode::Help;
                self.help_scroll = 0;
            }
            Action::Close => self.close(),
            Action::Reload => return Effect::Reload,
            // sprints
            Action::TogglePlanning
            | Action::PlanToggle
            | Action::StartSprint
            | Action::AskCloseSprint
            | Action::CloseToNextSprint
            | Action::CloseToBacklog
            | Action::WriteReport
            | Action::ToggleVelocity
            | Action::ToggleBurnup => return self.sprint_action(&action),
            Action::Scroll { column, row, down } => {
                self.focus_at(column, row);
                self.list_mut().step(if down { 3 } else { -3 });
            }
            Action::Click { column, row } => self.click(column, row),
            Action::Resize { width, height } => self.size = Rect::new(0, 0, width, height),
            // grooming: forms, pickers, checklists, bulk, filters (grooming.rs)
            other => return self.apply_grooming(other),
        }
        Effect::None
    }

    pub fn list_mut(&mut self) -> ListMut<'_> {
        match self.focus {
            Pane::Roadmap => ListMut::Road(&mut self.roadmap.list),
            Pane::Backlog => ListMut::Story(&mut self.backlog.list),
            Pane::Sprint => ListMut::Story(&mut self.sprint.list),
        }
    }

    fn open(&mut self) {
        if let Some(RoadItem::Epic(id)) = self.roadmap.list.selected() {
            self.backlog.epic = Some(id);
            self.backlog.filter.clear();
            self.focus = Pane::Backlog;
            self.rebuild_lists();
            self.backlog.list.first();
        }
    }

    /// Esc: closes the innermost thing that is open.
    fn close(&mut self) {
        if self.mode != Mode::Normal {
            self.mode = Mode::Normal;
        } else if !self.focused_filter().is_empty() {
            self.focused_filter().clear();
            self.rebuild_lists();
        } else if self.focus == Pane::Backlog && self.backlog.epic.is_some() {
            self.backlog.epic = None;
            self.rebuild_lists();
        } else if !self.marked.is_empty() {
            self.marked.clear();
        } else if self.backlog.query.is_some() {
            self.backlog.query = None;
            self.rebuild_lists();
        }
    }

    /// Replaces the document with the one on disk (after it changed there). The undo history
    /// refers to the old document, so it goes.
    pub fn reloaded(&mut self, product: Product) {
        self.product = product;
        self.history.clear();
        self.save = SaveState::Saved;
        self.unsaved = false;
        self.message = Some("reloaded from disk".into());
        self.product_changed();
    }

    /// Whether the document may be replaced by the file's new version without asking: nothing
    /// unsaved, and nothing open that refers to the old document (a form, a pick list, a
    /// question, a checklist, the `:` line). Read-only has nothing to lose.
    pub fn may_reload_quietly(&self) -> bool {
        self.read_only
            || (!self.unsaved && matches!(self.mode, Mode::Normal | Mode::Help | Mode::Filter))
    }

    /// Someone else changed the file while the UI was idle: the new version, with a word.
    pub fn reloaded_from_outside(&mut self, product: Product) {
        self.reloaded(product);
        self.message = Some(format!("reloaded: {} changed on disk", self.file_name()));
    }

    /// Someone else changed the file while something is open or unsaved: the badge says so
    /// before the user edits, and no save is tried until a reload.
    pub fn changed_on_disk(&mut self) {
        self.save = SaveState::ChangedOnDisk;
        let then = if self.form.is_some() {
            "Ctrl-s reloads it and keeps your form open"
        } else {
            "R reloads it (an edit now would not be saved)"
        };
        self.message = Some(format!("{} changed on disk: {then}", self.file_name()));
    }

    /// A form's save was refused because the file changed on disk: the document is the file's
    /// new version and the form opens again as typed, so Ctrl-s applies it to that version.
    pub fn reopen_form_over(&mut self, product: Product, mut form: Box<Form>) {
        self.reloaded(product);
        let why = "the file changed on disk: reloaded it; your form is kept, Ctrl-s saves it";
        form.error = Some(why.into());
        self.message = Some(why.into());
        self.form = Some(form);
        self.mode = Mode::Form;
    }

    fn file_name(&self) -> String {
        let path = std::path::Path::new(&self.location);
        path.file_name()
            .map_or(self.location.clone(), |n| n.to_string_lossy().into_owned())
    }
}

fn cycle(p: Pane, by: usize) -> Pane {
    const ORDER: [Pane; 3] = [Pane::Roadmap, Pane::Backlog, Pane::Sprint];
    let i = ORDER.iter().position(|x| *x == p).unwrap_or(0);
    ORDER[(i + by) % ORDER.len()]
}

/// The focused list, whatever its item type, for navigation.
pub enum ListMut<'a> {
    Road(&'a mut Groups<RoadItem>),
    Story(&'a mut Groups<StoryId>),
}

impl ListMut<'_> {
    pub fn step(self, by: isize) {
        match self {
            ListMut::Road(l) => l.step(by),
            ListMut::Story(l) => l.step(by),
        }
    }
    pub fn first(self) {
        match self {
            ListMut::Road(l) => l.first(),
            ListMut::Story(l) => l.first(),
        }
    }
    pub fn last(self) {
        match self {
            ListMut::Road(l) => l.last(),
            ListMut::Story(l) => l.last(),
        }
    }
    pub fn jump_group(self, dir: isize) {
        match self {
            ListMut::Road(l) => l.jump_group(dir),
            ListMut::Story(l) => l.jump_group(dir),
        }
    }
}
