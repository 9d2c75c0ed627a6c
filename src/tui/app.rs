//! The UI's whole state: the document, what is focused and selected, the filters, the
//! overlays over the panes, the undo history and the save badge. `update` (in
//! [`update`](super::update)) is the only place an action takes effect; it never touches
//! the disk or the terminal, so tests drive it directly.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::layout::Rect;

use crate::model::{EpicId, Product, StoryId};

use super::build::{self, RoadItem};
use super::derived::Derived;
use super::editor::EditorRequest;
use super::form::AnyForm;
use super::history::History;
use super::keymap::Context;
use super::layout;
use super::list::{Groups, Headers};
use super::overlay::{Overlay, Overlays};
use super::search_rows::SearchRows;
use super::sync::{SharedProduct, Sync};
use super::theme::Theme;
use crate::config::DateFormat;

pub use super::pane::{Pane, RoadmapView};

/// What the loop must do after an update, with everything it needs for it: the App itself
/// never touches the disk or the terminal, and parks nothing for the loop to find.
#[derive(Debug, Clone)]
pub enum Effect {
    None,
    /// Write the document (merged with whatever another program wrote meanwhile).
    Save,
    Reload,
    /// Write a report (the sprint review, the roadmap) beside the document, through the
    /// store, under the next free name.
    WriteReport(ReportFile),
    /// Suspend the UI and open the text in $EDITOR; the result comes back as
    /// [`Action::EditorClosed`](super::action::Action::EditorClosed).
    Editor(EditorRequest),
    /// Delete a recovery file whose content is back, or that the user discarded.
    DropRecovery(super::recovery::DropRecovery),
}

impl Effect {
    pub const SAVE: Effect = Effect::Save;

    pub fn is_save(&self) -> bool {
        matches!(self, Effect::Save)
    }
}

/// A file to write beside the document, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    /// What it is, for the message: "the review", "the roadmap".
    pub what: &'static str,
    pub file_name: String,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct RoadmapState {
    pub list: Groups<RoadItem>,
    pub filter: String,
    pub view: RoadmapView,
    pub sort: build::RoadSort,
}

#[derive(Debug, Clone, Default)]
pub struct BacklogState {
    pub list: Groups<StoryId>,
    pub filter: String,
    /// Set by Enter on an epic in the roadmap.
    pub epic: Option<EpicId>,
    pub grouped: bool,
    /// The `:` filter expression in force.
    pub query: Option<crate::query::Query>,
    /// Show each story's epic score beside it.
    pub epic_score: bool,
    /// What the waterline measures: the next sprint, or what gets done by a date.
    pub waterline: super::derived::WaterlineAt,
    /// Done stories are out of the way unless asked for, as in Jira and Linear.
    pub done: build::DoneStories,
    /// How many done stories the list leaves out now (for the footer).
    pub hidden_done: usize,
}

#[derive(Debug, Clone, Default)]
pub struct SprintState {
    pub list: Groups<StoryId>,
    pub filter: String,
    /// The status board, or planning (candidates beside the sprint).
    pub planning: bool,
    pub chart: super::sprint::Chart,
}

pub struct App {
    /// Shared with the writer thread, which saves snapshots of it.
    pub product: SharedProduct,
    pub today: NaiveDate,
    /// The moment stamped on edits (status history); set by the loop, fixed in tests.
    pub now: DateTime<Utc>,
    /// What the header calls the file.
    pub location: String,
    pub theme: Theme,
    /// How dates are shown (the config file's `date_format`).
    pub dates: DateFormat,
    pub read_only: bool,
    pub focus: Pane,
    /// What lies over the panes; the top one has the keys.
    pub overlays: Overlays,
    /// What the Backlog's list build reads of each story, kept from build to build.
    search_rows: SearchRows,
    pub size: Rect,
    pub roadmap: RoadmapState,
    pub backlog: BacklogState,
    pub sprint: SprintState,
    pub derived: Derived,
    pub history: History,
    /// Where the document stands against its file: the save badge, unsaved edits.
    pub sync: Sync,
    /// A one-line message for the footer (refusals, undo, save errors).
    pub message: Option<String>,
    pub quit: bool,
    /// Stories marked with `v`: the quick keys, `s` and `d` then apply to all of them.
    pub marked: std::collections::BTreeSet<StoryId>,
}

impl App {
    /// Says in the footer why a change was refused; there is nothing to save.
    pub(super) fn refused(&mut self, why: impl std::fmt::Display) -> Effect {
        self.message = Some(why.to_string());
        Effect::None
    }

    /// The story with this id, found through the index the derived figures keep (O(1)).
    pub fn story_by_id(&self, id: StoryId) -> Option<&crate::model::Story> {
        self.derived
            .story_at
            .get(&id)
            .and_then(|i| self.product.stories().get(*i))
    }

    /// The epic with this id, found through the index the derived figures keep (O(1)).
    pub fn epic_by_id(&self, id: EpicId) -> Option<&crate::model::Epic> {
        self.derived
            .epic_at
            .get(&id)
            .and_then(|i| self.product.epics().get(*i))
    }

    pub fn new(product: Product, today: NaiveDate, location: String, theme: Theme) -> App {
        let mut app = App {
            product: SharedProduct::new(product),
            today,
            now: today.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc(),
            location,
            theme,
            dates: DateFormat::default(),
            read_only: false,
            focus: Pane::Backlog,
            overlays: Overlays::default(),
            search_rows: SearchRows::default(),
            size: Rect::new(0, 0, 80, 24),
            roadmap: RoadmapState::default(),
            backlog: BacklogState::default(),
            sprint: SprintState::default(),
            derived: Derived::default(),
            history: History::default(),
            sync: Sync::default(),
            message: None,
            quit: false,
            marked: std::collections::BTreeSet::new(),
        };
        app.product_changed();
        app
    }

    /// Whether `pane` has the keys, for drawing it.
    pub fn focus_of(&self, pane: Pane) -> super::widgets::Focus {
        super::widgets::Focus::of(self.focus == pane)
    }

    /// The open form, if any (a question may be over it).
    pub fn form(&self) -> Option<&AnyForm> {
        self.overlays.form()
    }

    /// Where keys go: the top overlay, else the focused pane.
    pub fn context(&self) -> Context {
        self.overlays
            .top()
            .map_or_else(|| self.pane_context(), Overlay::context)
    }

    /// The focused pane's key-map context, under any overlay.
    pub fn pane_context(&self) -> Context {
        match self.focus {
            Pane::Roadmap => Context::Roadmap,
            Pane::Backlog => Context::Backlog,
            Pane::Sprint => Context::Sprint,
        }
    }

    /// The action a key press asks for. Right after `g`, a key that is not `/` means what
    /// it means in the pane.
    pub fn key_action(&self, key: &crossterm::event::KeyEvent) -> Option<super::action::Action> {
        let context = self.context();
        let found = super::keymap::dispatch(context, key);
        if found.is_none() && context == Context::AfterG {
            return super::keymap::dispatch(self.pane_context(), key);
        }
        // The Backlog's ranking keys, pressed in the Sprint view, get an answer, not silence.
        if found.is_none() && context == Context::Sprint {
            use super::action::{Action, BacklogAction as Bl, SprintAction};
            if let Some(Action::Backlog(Bl::RankDown | Bl::RankUp | Bl::RankTop | Bl::RankBottom)) =
                super::keymap::dispatch(Context::Backlog, key)
            {
                return Some(Action::Sprint(SprintAction::RankInBacklog));
            }
        }
        found
    }

    /// Recomputes the cached figures and every list after the product changed.
    pub fn product_changed(&mut self) {
        self.derived
            .recompute(&self.product, self.today, self.backlog.waterline);
        self.rebuild_lists();
    }

    /// What [`product_changed`](Self::product_changed) gives, after a change that only
    /// moved `id` in the ranking, without its cost at 100k stories: the figures that do not
    /// depend on the order stay, the Backlog's lists keep their stories and only `id`
    /// changes place among them, and the Roadmap's lists (epics, visions, goals) stay.
    pub(super) fn story_moved(&mut self, id: StoryId) {
        self.derived
            .story_moved(&self.product, id, self.today, self.backlog.waterline);
        if self.backlog.query.is_some() {
            // A `:` expression is the model's to evaluate; the full build asks it.
            self.rebuild_backlog();
        } else {
            self.backlog_moved(id);
        }
        self.rebuild_sprint();
        self.scroll();
    }

    /// Puts `id` where its new rank places it in the Backlog's list (every list there is
    /// in rank order, and a move changes no other story's order), and the waterline where
    /// it now falls.
    fn backlog_moved(&mut self, id: StoryId) {
        let at = &self.derived.story_at;
        let rank = |s: &StoryId| at.get(s).copied().unwrap_or(usize::MAX);
        let list = &mut self.backlog.list;
        let keep = list.selected();
        let found = list.find(id);
        let mut groups = std::mem::take(&mut list.groups);
        if let Some((g, i)) = found
            && let Some(group) = groups.get_mut(g)
        {
            group.items.remove(i);
            let to = group.items.partition_point(|s| rank(s) < rank(&id));
            group.items.insert(to, id);
        }
        if !self.backlog.grouped
            && let Some(group) = groups.first_mut()
        {
            // Before the first story ranked below the last that fits, as the build has it.
            group.marker_after = self.derived.waterline.map(|w| match w.last_fitting() {
                Some(last) => group.items.partition_point(|s| rank(s) <= last),
                None => 0,
            });
        }
        let headers = list.headers;
        list.replace(groups, headers, keep);
    }

    pub fn rebuild_lists(&mut self) {
        self.rebuild_backlog();
        self.rebuild_roadmap();
        self.rebuild_sprint();
        self.scroll();
    }

    /// Rebuilds only the focused pane's list: what its filter changes. At 100k stories
    /// the other two lists cost a filter letter a third of its time for nothing.
    pub(super) fn rebuild_focused(&mut self) {
        match self.focus {
            Pane::Roadmap => self.rebuild_roadmap(),
            Pane::Backlog => self.rebuild_backlog(),
            Pane::Sprint => self.rebuild_sprint(),
        }
        self.scroll();
    }

    fn rebuild_backlog(&mut self) {
        let built = build::backlog(
            &self.product,
            &self.derived,
            &self.backlog,
            &mut self.search_rows,
        );
        self.backlog.hidden_done = built.hidden_done;
        let keep = self.backlog.list.selected();
        self.backlog.list.replace(built.groups, built.headers, keep);
    }

    fn rebuild_roadmap(&mut self) {
        let groups = match self.roadmap.view {
            RoadmapView::Timeline => build::roadmap_timeline(&self.product, &self.roadmap.filter),
            RoadmapView::Board => {
                build::roadmap_board(&self.product, &self.roadmap.filter, self.roadmap.sort)
            }
            RoadmapView::Goals => build::roadmap_goals(&self.product, &self.roadmap.filter),
        };
        let keep = self.roadmap.list.selected();
        self.roadmap.list.replace(groups, Headers::Shown, keep);
    }

    fn rebuild_sprint(&mut self) {
        let groups = super::sprint::groups(&self.product, &self.derived, &self.sprint);
        let keep = self.sprint.list.selected();
        self.sprint.list.replace(groups, Headers::Shown, keep);
    }

    /// Keeps each visible list's cursor on screen for the current size.
    pub(super) fn scroll(&mut self) {
        let areas = layout::areas(self.size, self.focus, self.roadmap.view);
        if let Some(a) = areas.roadmap {
            let h = layout::roadmap_list(a, self.roadmap.view).height;
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

    pub(super) fn focused_list_height(&self) -> usize {
        let areas = layout::areas(self.size, self.focus, self.roadmap.view);
        let h = match self.focus {
            Pane::Roadmap => areas
                .roadmap
                .map(|a| layout::roadmap_list(a, self.roadmap.view).height),
            Pane::Backlog => areas.backlog.map(|a| layout::inner(a).height),
            Pane::Sprint => areas
                .sprint
                .map(|a| layout::inner(layout::sprint_parts(a).board).height),
        };
        usize::from(h.unwrap_or(1).max(1))
    }

    pub fn list_mut(&mut self) -> ListMut<'_> {
        match self.focus {
            Pane::Roadmap => ListMut::Road(&mut self.roadmap.list),
            Pane::Backlog => ListMut::Story(&mut self.backlog.list),
            Pane::Sprint => ListMut::Story(&mut self.sprint.list),
        }
    }

    /// Enter on an epic: the backlog, showing only its stories.
    pub(super) fn show_stories(&mut self) {
        if let Some(RoadItem::Epic(id)) = self.roadmap.list.selected() {
            self.backlog.epic = Some(id);
            self.backlog.filter.clear();
            self.focus = Pane::Backlog;
            self.rebuild_lists();
            self.backlog.list.first();
        }
    }

    /// Esc on a pane: clears the innermost thing that narrows what it shows.
    pub(super) fn clear(&mut self) {
        if !self.focused_filter().is_empty() {
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
        self.product = SharedProduct::new(product);
        self.history.clear_since(self.at_now("the reload"));
        self.message = Some("reloaded from disk".into());
        self.product_changed();
    }

    /// "the reload of 14:32 UTC": an event of this moment, named for a message.
    fn at_now(&self, event: &str) -> String {
        format!("{event} of {}", self.now.format("%H:%M UTC"))
    }

    /// Whether the document may be replaced by the file's new version without asking: nothing
    /// unsaved, and nothing open that refers to the old document (a form, a pick list, a
    /// question, a checklist, the `:` line). Read-only has nothing to lose.
    pub fn may_reload_quietly(&self) -> bool {
        self.read_only || (!self.sync.unsaved() && self.overlays.survive_reload())
    }

    /// Someone else changed the file while the UI was idle: the new version, with a word.
    pub fn reloaded_from_outside(&mut self, product: Product) {
        self.reloaded(product);
        self.message = Some(format!("reloaded: {} changed on disk", self.file_name()));
    }

    /// Someone else changed the file while something is open that refers to the document:
    /// it shows once that closes, and saving merges with it.
    pub fn held_outside_change(&mut self) {
        self.message = Some(format!(
            "{} changed on disk: shown once this closes; saving merges your edit with it",
            self.file_name()
        ));
    }

    /// A save merged another program's changes in: the document becomes what it wrote (with
    /// any edits made since moved onto it), keeping the selection, the open overlays and the
    /// undo history. Ids the merge renumbered are followed by the selection and the marks;
    /// the history, whose steps name the old ids, goes then.
    pub fn merged(
        &mut self,
        product: Product,
        report: &crate::store::merge::MergeReport,
        renumbered: &[(String, String)],
    ) {
        self.product = SharedProduct::new(product);
        if renumbered.is_empty() {
            self.product_changed();
        } else {
            self.history.clear_since(self.at_now("the merge"));
            self.follow_renumbered(renumbered);
        }
        self.message = Some(report.summary("another program"));
    }

    /// The document changed under its new ids: the selected and marked stories, and the
    /// selected epic, follow them.
    fn follow_renumbered(&mut self, renumbered: &[(String, String)]) {
        use crate::store::merge::follow;
        let story = |id: StoryId| follow(&id.to_string(), renumbered).parse().unwrap_or(id);
        self.marked = self.marked.iter().map(|id| story(*id)).collect();
        let selected = [self.backlog.list.selected(), self.sprint.list.selected()];
        let epic = match self.roadmap.list.selected() {
            Some(RoadItem::Epic(id)) => {
                let moved = follow(&id.to_string(), renumbered).parse().unwrap_or(id);
                Some(moved).filter(|m| *m != id)
            }
            _ => None,
        };
        self.product_changed();
        for id in selected.into_iter().flatten() {
            let moved = story(id);
            if moved != id {
                self.select_story(moved);
            }
        }
        if let Some(epic) = epic {
            self.select_road(RoadItem::Epic(epic));
        }
    }

    fn file_name(&self) -> String {
        let path = std::path::Path::new(&self.location);
        path.file_name()
            .map_or(self.location.clone(), |n| n.to_string_lossy().into_owned())
    }
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
