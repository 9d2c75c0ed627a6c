//! `App::update`: the one place an [`Action`] takes effect. The top-level match routes each
//! action to its owner (a pane, or the overlay on top) and every match is exhaustive, so an
//! action nothing handles does not compile. The panes' small keys are handled here; each
//! overlay's in its own module.

use ratatui::layout::Rect;

use super::action::{
    Action, BacklogAction, DetailAction, FilterAction, GlobalAction, HelpAction, ItemAction,
    MouseAction, NavAction, RoadmapAction, StoryAction, Wheel,
};
use super::app::{App, Effect, ReportFile};
use super::criteria::Purpose;
use super::history::End;
use super::overlay::Overlay;
use super::quick::Quick;

impl App {
    /// A tick of the event loop's clock: a second passed with no key. A pending `g` gives
    /// up, so a `/` typed long after it filters rather than jumps. Whether the screen
    /// changed.
    pub fn tick(&mut self) -> bool {
        let pending = matches!(self.overlays.top(), Some(Overlay::AfterG));
        if pending {
            self.overlays.pop();
        }
        pending
    }

    /// Applies one action. Returns what the loop must do with the disk or the terminal.
    pub fn update(&mut self, action: Action) -> Effect {
        let resize = matches!(action, Action::Resize { .. });
        if !resize {
            self.message = None;
        }
        // `g` lasts one key: whatever comes next, the pending jump is gone.
        if !resize && matches!(self.overlays.top(), Some(Overlay::AfterG)) {
            self.overlays.pop();
        }
        if action.is_edit()
            && let Some(why) = self.edit_refusal()
        {
            self.message = Some(why);
            return Effect::None;
        }
        let effect = self.apply(action);
        self.scroll();
        effect
    }

    fn edit_refusal(&self) -> Option<String> {
        if self.read_only {
            let why =
                "read-only: edits are off (opened with --read-only, or the file is not writable)";
            Some(why.into())
        } else if let Some(why) = self.sync.unreadable() {
            // Saving would fail, and the edit would wait in memory with nothing to show.
            Some(format!(
                "the file cannot be read now ({why}): edits wait until it reads again"
            ))
        } else if self.sync.reloading() {
            Some("reloading the file: edits wait until it is read".into())
        } else {
            None
        }
    }

    fn apply(&mut self, action: Action) -> Effect {
        // The panes' keys reach the panes only when nothing lies over them.
        let panes = self.overlays.is_empty();
        match action {
            Action::Quit if panes => self.quit = true,
            Action::Nav(a) if panes => self.nav(a),
            Action::Global(a) if panes => return self.global(a),
            Action::Item(a) if panes => return self.item(a),
            Action::Story(a) if panes => return self.story(a),
            Action::Roadmap(a) if panes => return self.roadmap_key(a),
            Action::Backlog(a) if panes => return self.backlog_key(a),
            Action::Sprint(a) if panes => return self.sprint_key(a),
            Action::Quit
            | Action::Nav(_)
            | Action::Global(_)
            | Action::Item(_)
            | Action::Story(_)
            | Action::Roadmap(_)
            | Action::Backlog(_)
            | Action::Sprint(_) => {}
            Action::Help(a) => self.help_key(a),
            Action::Detail(a) => self.detail_key(a),
            Action::Filter(a) => self.filter_key(a),
            Action::Form(a) => return self.form_key(a),
            Action::Question(a) if matches!(self.overlays.top(), Some(Overlay::Recovery(_))) => {
                return self.answer_recovery(a);
            }
            Action::Question(a) => return self.answer(a),
            Action::CloseSprint(a) => return self.close_sprint_key(a),
            Action::Picker(a) => return self.picker_key(a),
            Action::Checklist(a) => return self.checklist_key(a),
            Action::Criterion(a) => return self.criterion_key(a),
            Action::Command(a) => self.command_key(a),
            Action::Settle(a) => return self.settle_key(a),
            Action::Mouse(a) if self.overlays.let_mouse_through() => self.mouse(a),
            Action::Mouse(_) => {}
            Action::Resize { width, height } => self.size = Rect::new(0, 0, width, height),
            Action::EditorClosed { request, outcome } => {
                return self.editor_closed(request, outcome);
            }
        }
        Effect::None
    }

    fn nav(&mut self, action: NavAction) {
        match action {
            NavAction::Up => self.list_mut().step(-1),
            NavAction::Down => self.list_mut().step(1),
            NavAction::Top => self.list_mut().first(),
            NavAction::Bottom => self.list_mut().last(),
            NavAction::PageUp | NavAction::PageDown => {
                let page = self.focused_list_height().saturating_sub(1).max(1) as isize;
                let dir = if action == NavAction::PageUp { -1 } else { 1 };
                self.list_mut().step(dir * page);
            }
            NavAction::Left => self.list_mut().jump_group(-1),
            NavAction::Right => self.list_mut().jump_group(1),
            NavAction::TopOrJump => {
                self.list_mut().first();
                self.overlays.push(Overlay::AfterG);
            }
            NavAction::Focus(pane) => self.focus = pane,
            NavAction::FocusNext => self.focus = self.focus.cycle(1),
            NavAction::FocusPrev => self.focus = self.focus.cycle(2),
            NavAction::Clear => self.clear(),
        }
    }

    fn global(&mut self, action: GlobalAction) -> Effect {
        match action {
            GlobalAction::Help => self.overlays.push(Overlay::Help { scroll: 0 }),
            GlobalAction::Detail => self.overlays.push(Overlay::Detail { scroll: 0 }),
            GlobalAction::Filter => self.overlays.push(Overlay::Filter),
            GlobalAction::Command => self.start_command(),
            GlobalAction::Jump => self.open_jump(),
            GlobalAction::Undo => return self.undo(),
            GlobalAction::Redo => return self.redo(),
            GlobalAction::Reload => return Effect::Reload,
            GlobalAction::Settle => self.open_settle(),
        }
        Effect::None
    }

    fn item(&mut self, action: ItemAction) -> Effect {
        match action {
            ItemAction::New => self.new_item(),
            ItemAction::Edit => self.edit_item(),
            ItemAction::Delete => self.ask_delete(),
            ItemAction::EditText => return self.request_editor(),
        }
        Effect::None
    }

    fn story(&mut self, action: StoryAction) -> Effect {
        match action {
            StoryAction::CycleStatus if !self.marked.is_empty() => {
                self.open_picker(Quick::Status);
            }
            StoryAction::CycleStatus => return self.cycle_status(),
            StoryAction::Points => self.open_picker(Quick::Points),
            StoryAction::Assignee => self.open_picker(Quick::Assignee),
            StoryAction::MoveToEpic => self.open_picker(Quick::Epic),
            StoryAction::PlanSprint => self.open_picker(Quick::Sprint),
            StoryAction::BlockedBy => self.open_picker(Quick::BlockedBy),
            StoryAction::Labels => self.open_picker(Quick::Label),
            StoryAction::Criteria => return self.open_checklist(Purpose::Edit),
            StoryAction::Split => return self.open_checklist(Purpose::Split),
            StoryAction::Mark => self.toggle_mark(),
        }
        Effect::None
    }

    fn roadmap_key(&mut self, action: RoadmapAction) -> Effect {
        match action {
            RoadmapAction::ShowStories => self.show_stories(),
            RoadmapAction::ToggleTimeline => {
                self.roadmap.view = self.roadmap.view.toggled();
                self.rebuild_lists();
            }
            RoadmapAction::ToggleGoals => {
                self.roadmap.view = self.roadmap.view.goals_toggled();
                self.rebuild_lists();
            }
            RoadmapAction::RecordReading => self.record_reading(),
            RoadmapAction::CycleSort => {
                self.roadmap.sort = self.roadmap.sort.next();
                self.message = Some(format!("roadmap sorted {}", self.roadmap.sort.word()));
                self.rebuild_lists();
            }
            RoadmapAction::RankDown => return self.rank_epic(1),
            RoadmapAction::RankUp => return self.rank_epic(-1),
            RoadmapAction::RankTop => return self.rank_epic_to(End::Top),
            RoadmapAction::RankBottom => return self.rank_epic_to(End::Bottom),
            RoadmapAction::HorizonPrev => return self.shift_horizon(-1),
            RoadmapAction::HorizonNext => return self.shift_horizon(1),
            RoadmapAction::ToggleScoring => return self.toggle_scoring(),
            RoadmapAction::ExportMarkdown => {
                return Effect::WriteReport(ReportFile {
                    what: "the roadmap",
                    file_name: "roadmap.md".to_string(),
                    text: crate::export::markdown(&self.product, self.today),
                });
            }
        }
        Effect::None
    }

    fn backlog_key(&mut self, action: BacklogAction) -> Effect {
        match action {
            BacklogAction::RankDown => return self.rank_story(1),
            BacklogAction::RankUp => return self.rank_story(-1),
            BacklogAction::RankTop => return self.rank_story_to(End::Top),
            BacklogAction::RankBottom => return self.rank_story_to(End::Bottom),
            BacklogAction::ToggleGroup => {
                self.backlog.grouped = !self.backlog.grouped;
                self.rebuild_lists();
            }
            BacklogAction::ToggleEpicScore => {
                self.backlog.epic_score = !self.backlog.epic_score;
                self.message = Some(self.epic_score_message());
            }
            BacklogAction::Waterline => self.waterline_key(),
            BacklogAction::ToggleDone => {
                self.backlog.done = self.backlog.done.toggled();
                self.rebuild_lists();
            }
        }
        Effect::None
    }

    /// What `%` did, said in the footer: the score shown where it is, or why it is not.
    fn epic_score_message(&self) -> String {
        let scoring = self.product.scoring().as_str();
        let key = super::keymap::key_for(
            super::keymap::Context::Backlog,
            &Action::Backlog(BacklogAction::ToggleEpicScore),
        );
        let areas = super::layout::areas(self.size, self.focus, self.roadmap.view);
        let inside = areas
            .backlog
            .map_or(0, |r| usize::from(r.width.saturating_sub(2)));
        if !self.backlog.epic_score {
            format!("epic scores hidden ({key} shows them)")
        } else if super::backlog::score_fits(inside) {
            format!("each story's epic {scoring} score at the row's end ({key} hides it)")
        } else {
            format!(
                "no room for epic scores: the backlog is {inside} columns wide, they need {}",
                super::backlog::SCORE_WIDTH
            )
        }
    }

    fn help_key(&mut self, action: HelpAction) {
        // Clamped here, not only in drawing, so `k` moves at once after scrolling past the end.
        let limit = super::help::scroll_limit(self, self.size);
        let Some(Overlay::Help { scroll }) = self.overlays.top_mut() else {
            return;
        };
        match action {
            HelpAction::ScrollUp => *scroll = scroll.saturating_sub(1).min(limit),
            HelpAction::ScrollDown => *scroll = (*scroll + 1).min(limit),
            HelpAction::Close => {
                self.overlays.pop();
            }
        }
    }

    fn detail_key(&mut self, action: DetailAction) {
        // Clamped here, not only in drawing, so `k` moves at once after scrolling past the end.
        let limit = super::detail::full_scroll_limit(self, self.size);
        let Some(Overlay::Detail { scroll }) = self.overlays.top_mut() else {
            return;
        };
        match action {
            DetailAction::ScrollUp => *scroll = scroll.saturating_sub(1).min(limit),
            DetailAction::ScrollDown => *scroll = (*scroll + 1).min(limit),
            DetailAction::Close => {
                self.overlays.pop();
            }
        }
    }

    fn filter_key(&mut self, action: FilterAction) {
        if !matches!(self.overlays.top(), Some(Overlay::Filter)) {
            return;
        }
        match action {
            FilterAction::Char(c) => self.focused_filter().push(c),
            FilterAction::Paste(text) => {
                let clean: String = text.chars().filter(|c| !c.is_control()).collect();
                self.focused_filter().push_str(&clean);
            }
            FilterAction::Backspace => {
                self.focused_filter().pop();
            }
            FilterAction::Keep => {
                self.overlays.pop();
                return;
            }
            FilterAction::Clear => {
                self.overlays.pop();
                self.focused_filter().clear();
            }
        }
        // Only the focused pane's filter changed.
        self.rebuild_focused();
    }

    fn mouse(&mut self, action: MouseAction) {
        match action {
            MouseAction::Scroll { column, row, wheel } => {
                self.focus_at(column, row);
                self.list_mut().step(match wheel {
                    Wheel::Down => 3,
                    Wheel::Up => -3,
                });
            }
            MouseAction::Click { column, row } => self.click(column, row),
        }
    }
}
