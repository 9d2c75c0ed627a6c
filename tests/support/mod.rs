//! Helpers shared by the grooming tests (TestBackend on the demo sample, today fixed).
// Each test crate uses a subset of these.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::model::{EpicId, StoryId};
use roadlog::tui::theme::Theme;
use roadlog::tui::{Action, App, Effect, view};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

pub fn app() -> App {
    let product = roadlog::demo::sample(today(), 40).unwrap();
    let mut app = App::new(product, today(), "demo.json".into(), Theme::colour());
    app.update(Action::Resize {
        width: 80,
        height: 24,
    });
    app
}

pub fn screen(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    terminal.backend().to_string()
}

pub fn drive(app: &mut App, actions: &[Action]) -> Effect {
    let mut last = Effect::None;
    for a in actions {
        last = app.update(a.clone());
    }
    last
}

/// Types into the focused field (as a paste, which the form takes like typing).
pub fn typed(text: &str) -> Action {
    Action::FormPaste(text.into())
}

/// Empties the focused single-line field (End, then the editor's Ctrl-j: delete to the
/// start of the line).
pub fn clear() -> Vec<Action> {
    vec![
        Action::FormKey(KeyEvent::from(KeyCode::End)),
        Action::FormKey(KeyEvent::from(KeyCode::Char('j')).into_ctrl()),
    ]
}

pub trait Ctrl {
    fn into_ctrl(self) -> KeyEvent;
}

impl Ctrl for KeyEvent {
    fn into_ctrl(mut self) -> KeyEvent {
        self.modifiers = crossterm::event::KeyModifiers::CONTROL;
        self
    }
}

/// Tabs to the field labelled `label` from the first one.
pub fn to_field(app: &App, label: &str) -> Vec<Action> {
    let form = app.form.as_ref().unwrap();
    let i = form.fields.iter().position(|f| f.label == label).unwrap();
    let n = (i + form.fields.len() - form.focus) % form.fields.len();
    vec![Action::FormNext; n]
}

pub fn roadlog_item(id: EpicId) -> roadlog::tui::RoadItem {
    roadlog::tui::RoadItem::Epic(id)
}

/// Selects the first backlog story planned into no sprint.
pub fn unplanned(a: &mut App) -> StoryId {
    a.update(Action::Top);
    loop {
        let id = a.backlog.list.selected().unwrap();
        if a.product.story(id).unwrap().sprint.is_none() {
            return id;
        }
        a.update(Action::Down);
    }
}
