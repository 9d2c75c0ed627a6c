//! The grooming actions (issue 4) dispatched from `App::apply`: forms, confirmations,
//! pickers, the criteria checklist, split, bulk marks, the `:` line, the jump, sorting and
//! scoring. Kept apart so the navigation core in `app.rs` stays short.

use super::action::Action;
use super::app::{App, Effect};
use super::criteria::Purpose;
use super::form::Form;
use super::picker::Picker;
use super::quick::Quick;

impl App {
    pub(super) fn apply_grooming(&mut self, action: Action) -> Effect {
        match action {
            Action::New => self.new_item(),
            Action::Edit => self.edit_item(),
            Action::Delete => self.ask_delete(),
            Action::FormNext => self.with_form(Form::next),
            Action::FormPrev => self.with_form(Form::prev),
            Action::FormSave => return self.save_form(),
            Action::FormEnter => return self.form_enter(),
            Action::FormCancel => self.cancel_form(),
            Action::FormKey(key) => self.with_form(|f| f.key(key)),
            Action::FormPaste(text) => self.with_form(|f| f.paste(&text)),
            Action::ConfirmYes => return self.answer(true, false),
            Action::ConfirmAll => return self.answer(true, true),
            Action::ConfirmNo => return self.answer(false, false),
            Action::Points => self.open_picker(Quick::Points),
            Action::Assignee => self.open_picker(Quick::Assignee),
            Action::MoveToEpic => self.open_picker(Quick::Epic),
            Action::PlanSprint => self.open_picker(Quick::Sprint),
            Action::BlockedBy => self.open_picker(Quick::BlockedBy),
            Action::PickerChar(c) => self.with_picker(|p| p.type_char(c)),
            Action::PickerBackspace => self.with_picker(Picker::backspace),
            Action::PickerUp => self.with_picker(|p| p.step(-1)),
            Action::PickerDown => self.with_picker(|p| p.step(1)),
            Action::PickerChoose => return self.choose(),
            Action::PickerClose => self.close_picker(),
            Action::Criteria => self.open_checklist(Purpose::Edit),
            Action::Split => self.open_checklist(Purpose::Split),
            Action::CritUp => self.checklist_step(-1),
            Action::CritDown => self.checklist_step(1),
            Action::CritToggle => return self.checklist_toggle(),
            Action::CritAdd => self.checklist_input(true),
            Action::CritEdit => self.checklist_input(false),
            Action::CritDelete => return self.checklist_delete(),
            Action::CritMoveUp => return self.checklist_move(-1),
            Action::CritMoveDown => return self.checklist_move(1),
            Action::CritClose => self.close_checklist(),
            Action::SplitNow => return self.split(),
            Action::CritKey(key) => self.criterion_key(key),
            Action::CritPaste(text) => self.criterion_paste(&text),
            Action::CritKeep => return self.criterion_done(true),
            Action::CritDiscard => return self.criterion_done(false),
            Action::Jump => self.open_jump(),
            Action::TopOrJump => {
                self.list_mut().first();
                self.after_g = true;
            }
            Action::ExternalEdit => return self.request_editor(),
            Action::EditorClosed { request, outcome } => {
                return self.editor_closed(request, outcome);
            }
            Action::Mark => self.toggle_mark(),
            Action::Labels => self.open_picker(Quick::Label),
            Action::ToggleScoring => return self.toggle_scoring(),
            Action::ToggleEpicScore => self.backlog.epic_score = !self.backlog.epic_score,
            Action::StartCommand => self.start_command(),
            Action::CommandChar(c) => self.command_text(&c.to_string()),
            Action::CommandPaste(text) => self.command_text(&text),
            Action::CommandBackspace => self.command_backspace(),
            Action::CommandRun => self.run_command(),
            Action::CommandCancel => self.cancel_command(),
            Action::CycleSort => {
                self.roadmap.sort = self.roadmap.sort.next();
                self.message = Some(format!("roadmap sorted {}", self.roadmap.sort.word()));
                self.rebuild_lists();
            }
            // Navigation and the issue-3 edits are handled in `App::apply`.
            _ => {}
        }
        Effect::None
    }

    fn with_form(&mut self, f: impl FnOnce(&mut Form)) {
        if let Some(form) = self.form.as_deref_mut() {
            f(form);
        }
    }

    fn with_picker(&mut self, f: impl FnOnce(&mut Picker)) {
        if let Some(p) = self.picker.as_deref_mut() {
            f(p);
        }
    }

    fn form_enter(&mut self) -> Effect {
        let Some(form) = self.form.as_deref_mut() else {
            return Effect::None;
        };
        if form.focused_is_multiline() {
            form.key(crossterm::event::KeyEvent::from(
                crossterm::event::KeyCode::Enter,
            ));
        } else if form.on_last() {
            return self.save_form();
        } else {
            form.next();
        }
        Effect::None
    }
}
