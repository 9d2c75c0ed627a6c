//! Terminal events into actions: key presses through the key map (for the top overlay, else
//! the focused pane), the mouse, bracketed paste and resizes. The one way input reaches
//! `App::update`, for the loop and for the tests alike.

use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};

use super::action::{
    Action, CommandAction, CriterionAction, FilterAction, FormAction, MouseAction, SettleAction,
    Wheel,
};
use super::app::App;
use super::overlay::Overlay;

/// The action a terminal event asks for, if any.
pub fn translate(app: &App, event: Event) -> Option<Action> {
    match event {
        // Releases and repeats would double every key on terminals that report them.
        Event::Key(key) if key.kind == KeyEventKind::Press => app.key_action(&key),
        Event::Key(_) => None,
        Event::Mouse(m) => {
            let (column, row) = (m.column, m.row);
            let wheel = |wheel| Some(Action::Mouse(MouseAction::Scroll { column, row, wheel }));
            match m.kind {
                MouseEventKind::ScrollDown => wheel(Wheel::Down),
                MouseEventKind::ScrollUp => wheel(Wheel::Up),
                MouseEventKind::Down(MouseButton::Left) => {
                    Some(Action::Mouse(MouseAction::Click { column, row }))
                }
                _ => None,
            }
        }
        Event::Paste(text) => paste(app, text),
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::FocusGained | Event::FocusLost => None,
    }
}

/// Pasted text goes to whatever on top takes text.
fn paste(app: &App, text: String) -> Option<Action> {
    match app.overlays.top()? {
        Overlay::Filter => Some(Action::Filter(FilterAction::Paste(text))),
        Overlay::Form(_) => Some(Action::Form(FormAction::Paste(text))),
        Overlay::CriterionInput(_) => Some(Action::Criterion(CriterionAction::Paste(text))),
        Overlay::Command(_) => Some(Action::Command(CommandAction::Paste(text))),
        Overlay::Settle(s) if s.typing.is_some() => Some(Action::Settle(SettleAction::Paste(text))),
        Overlay::Help { .. }
        | Overlay::Detail { .. }
        | Overlay::Question(_)
        | Overlay::CloseSprint(_)
        | Overlay::Picker(_)
        | Overlay::Checklist(_)
        | Overlay::AfterG
        | Overlay::Settle(_)
        | Overlay::Recovery(_) => None,
    }
}
