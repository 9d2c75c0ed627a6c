//! Helpers shared by the TestBackend suites: the demo sample with `today` fixed, and input
//! sent the way the terminal sends it, through the key map, so a changed binding fails here
//! as it would for a user.
// Each test crate uses a subset of these.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::NaiveDate;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::model::{EpicId, StoryId};
use roadlog::tui::theme::Theme;
use roadlog::tui::{App, Effect, translate, view};

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The demo sample at `width` x `height`.
pub fn sized(width: u16, height: u16) -> App {
    let product = roadlog::demo::sample(today(), 40).unwrap();
    let mut app = App::new(product, today(), "demo.json".into(), Theme::colour());
    resize(&mut app, width, height);
    app
}

pub fn app() -> App {
    sized(80, 24)
}

/// A frame of `app` at its own size.
pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    terminal
}

pub fn screen(app: &App) -> String {
    render(app).backend().to_string()
}

/// The words of `text`, one space between each, so a phrase wrapped over rows is one.
pub fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The screen's text with borders, quotes and line ends gone, so a phrase a box wraps is one.
pub fn squeeze(screen: &str) -> String {
    let text: String = screen
        .chars()
        .map(|c| if "│\"\n".contains(c) { ' ' } else { c })
        .collect();
    words(&text)
}

/// The text of the open question's box, its rows joined as one line.
pub fn dialog(a: &App) -> String {
    let screen = screen(a);
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let top = rows
        .iter()
        .position(|r| r.iter().collect::<String>().contains("┌ Confirm"))
        .unwrap_or_else(|| panic!("no question open:\n{screen}"));
    let left = rows[top].iter().position(|c| *c == '┌').unwrap();
    let right = rows[top].iter().position(|c| *c == '┐').unwrap();
    let inside: Vec<String> = rows[top + 1..]
        .iter()
        .take_while(|r| r[left] != '└')
        .map(|r| r[left + 1..right].iter().collect())
        .collect();
    squeeze(&inside.join(" "))
}

/// Sends one terminal event through `translate` (the key map, for keys) and `update`.
pub fn send(app: &mut App, event: Event) -> Effect {
    match translate(app, event) {
        Some(action) => app.update(action),
        None => Effect::None,
    }
}

/// Presses keys as a terminal sends them and returns the last key's effect. Each character
/// is a key; `<...>` names the others: `<Esc>`, `<Enter>`, `<Tab>`, `<S-Tab>`, `<BS>`,
/// `<Up>`, `<Down>`, `<Left>`, `<Right>`, `<Home>`, `<End>`, `<PgUp>`, `<PgDn>`, and `<C-x>`
/// for Ctrl with a letter.
pub fn keys(app: &mut App, keys: &str) -> Effect {
    let mut last = Effect::None;
    for key in parse(keys) {
        last = send(app, Event::Key(key));
    }
    last
}

pub fn parse(keys: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut chars = keys.chars();
    while let Some(c) = chars.next() {
        if c != '<' {
            let shift = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            out.push(KeyEvent::new(KeyCode::Char(c), shift));
            continue;
        }
        let name: String = chars.by_ref().take_while(|c| *c != '>').collect();
        let key = match name.as_str() {
            "Esc" => KeyEvent::from(KeyCode::Esc),
            "Enter" => KeyEvent::from(KeyCode::Enter),
            "Tab" => KeyEvent::from(KeyCode::Tab),
            "S-Tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            "BS" => KeyEvent::from(KeyCode::Backspace),
            "Up" => KeyEvent::from(KeyCode::Up),
            "Down" => KeyEvent::from(KeyCode::Down),
            "Left" => KeyEvent::from(KeyCode::Left),
            "Right" => KeyEvent::from(KeyCode::Right),
            "Home" => KeyEvent::from(KeyCode::Home),
            "End" => KeyEvent::from(KeyCode::End),
            "PgUp" => KeyEvent::from(KeyCode::PageUp),
            "PgDn" => KeyEvent::from(KeyCode::PageDown),
            ctrl => {
                let letter = ctrl.strip_prefix("C-").and_then(|l| l.chars().next());
                let letter = letter.unwrap_or_else(|| panic!("unknown key <{name}>"));
                KeyEvent::new(KeyCode::Char(letter), KeyModifiers::CONTROL)
            }
        };
        out.push(key);
    }
    out
}

/// Bracketed paste: the terminal sends the text in one event.
pub fn paste(app: &mut App, text: &str) -> Effect {
    send(app, Event::Paste(text.into()))
}

pub fn resize(app: &mut App, width: u16, height: u16) {
    send(app, Event::Resize(width, height));
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

pub fn click(app: &mut App, column: u16, row: u16) {
    send(
        app,
        mouse(MouseEventKind::Down(MouseButton::Left), column, row),
    );
}

pub fn wheel_down(app: &mut App, column: u16, row: u16) {
    send(app, mouse(MouseEventKind::ScrollDown, column, row));
}

pub fn wheel_up(app: &mut App, column: u16, row: u16) {
    send(app, mouse(MouseEventKind::ScrollUp, column, row));
}

/// Empties the focused single-line field: End, then the field editor's Ctrl-j (delete to
/// the start of the line).
pub const CLEAR: &str = "<End><C-j>";

/// The Tab presses from the focused form field to the one labelled `label`.
pub fn to_field(app: &App, label: &str) -> String {
    let form = app.form().unwrap().fields();
    let labels = form.labels();
    let i = labels.iter().position(|l| *l == label).unwrap();
    let n = (i + labels.len() - form.focus) % labels.len();
    "<Tab>".repeat(n)
}

/// Tabs to the field labelled `label`, empties it and types `text` there.
pub fn set_field(app: &mut App, label: &str, text: &str) {
    let go = to_field(app, label);
    keys(app, &go);
    keys(app, CLEAR);
    paste(app, text);
}

pub fn roadlog_item(id: EpicId) -> roadlog::tui::RoadItem {
    roadlog::tui::RoadItem::Epic(id)
}

/// Selects the first backlog story planned into no sprint (the Backlog has the focus).
pub fn unplanned(a: &mut App) -> StoryId {
    keys(a, "<Home>");
    loop {
        let id = a.backlog.list.selected().unwrap();
        if a.product.story(id).unwrap().sprint.is_none() {
            return id;
        }
        keys(a, "j");
    }
}

/// Moves the backlog cursor down to story `id`.
pub fn down_to(a: &mut App, id: StoryId) {
    while a.backlog.list.selected() != Some(id) {
        keys(a, "j");
    }
}
