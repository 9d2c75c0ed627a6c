//! The TUI under random input, on the demo, an empty document and a small fixture, driven
//! through a real session (the key map, `App::update`, the writer thread, a real file):
//! every bound key of every context, typed text with escapes, CJK and emoji, pastes, clicks, drags and wheel turns anywhere, and resizes down
//! to 1x1. After every step nothing has panicked, the frame draws at the current size, the
//! product keeps every rule and the file on disk parses; at the end, once the writer is
//! done, the file holds exactly what the UI shows. `E` asks for $EDITOR, which is stood in
//! for (the text comes back unchanged, with a line added, empty, or the editor fails); a
//! quit (`q`, Ctrl-c, "quit anyway") ends the session, which is opened again on the same
//! file, as a user would.
#![allow(clippy::unwrap_used)]

mod seeded;
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use roadlog::store::{Store, decode};
use roadlog::tui::keymap::{BINDINGS, Context};
use roadlog::tui::session::{Exit, Flow, Msg, Session};
use roadlog::tui::theme::Theme;
use roadlog::tui::{Action, view};

use support::today;

const TIMEOUT: Duration = Duration::from_secs(60);

/// Every key some binding uses.
fn bound_keys() -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = Vec::new();
    for binding in BINDINGS {
        for key in binding.keys {
            let modifiers = match key.code {
                _ if key.ctrl => KeyModifiers::CONTROL,
                KeyCode::Char(c) if c.is_uppercase() => KeyModifiers::SHIFT,
                KeyCode::BackTab => KeyModifiers::SHIFT,
                _ => KeyModifiers::NONE,
            };
            let event = KeyEvent::new(key.code, modifiers);
            if !keys.contains(&event) {
                keys.push(event);
            }
        }
    }
    keys
}

#[derive(Debug, Clone)]
enum Input {
    Key(usize),
    Esc,
    Char(char),
    Paste(String),
    Mouse(MouseEventKind, u16, u16),
    Resize(u16, u16),
}

fn input(keys: usize) -> impl Strategy<Value = Input> {
    let text = prop::sample::select(vec![
        'a', 'e', 's', 'z', '1', '5', ' ', ':', '-', '>', '.', '/', 'é', '漢', '👩', '\u{1b}',
        '\u{7}', '\u{202e}', '\u{200b}',
    ]);
    let button = prop::sample::select(vec![MouseButton::Left, MouseButton::Right]);
    let mouse = prop_oneof![
        button.clone().prop_map(MouseEventKind::Down),
        button.clone().prop_map(MouseEventKind::Up),
        button.prop_map(MouseEventKind::Drag),
        Just(MouseEventKind::Moved),
        Just(MouseEventKind::ScrollDown),
        Just(MouseEventKind::ScrollUp),
    ];
    let size = prop_oneof![1u16..6, 6u16..40, 40u16..140];
    prop_oneof![
        16 => (0..keys).prop_map(Input::Key),
        // Out of what is open, more often than a random key would: more edits land.
        3 => Just(Input::Esc),
        2 => text.prop_map(Input::Char),
        1 => "[a-z \\PC\u{1b}\n]{0,16}".prop_map(Input::Paste),
        3 => (mouse, 0u16..150, 0u16..60).prop_map(|(m, x, y)| Input::Mouse(m, x, y)),
        1 => (size.clone(), size).prop_map(|(w, h)| Input::Resize(w, h)),
    ]
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn open(file: &Path) -> Session {
    let mut s = Session::open(Store::at(file), false, today(), Theme::colour()).unwrap();
    // Quitting waits for the last save however slow the machine is.
    s.quit_grace = TIMEOUT;
    s
}

/// Hands the session what the writer reported meanwhile, without waiting.
fn drain(s: &mut Session) -> Flow {
    let mut flow = Flow::Go;
    while let Ok(msg) = s.recv(Duration::ZERO) {
        flow = s.handle(msg);
        if matches!(flow, Flow::Exit(_)) {
            return flow;
        }
    }
    flow
}

/// A quit waits for its save: messages until the session ends.
fn until_exit(s: &mut Session) -> Exit {
    let start = Instant::now();
    loop {
        let flow = match s.recv(Duration::from_millis(50)) {
            Ok(msg) => s.handle(msg),
            Err(_) => s.settle(),
        };
        if let Flow::Exit(exit) = flow {
            return exit;
        }
        assert!(start.elapsed() < TIMEOUT, "quitting did not end");
    }
}

fn press(s: &mut Session, code: KeyCode) -> Flow {
    s.handle(Msg::Term(Event::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))))
}

fn draw(s: &Session) {
    let size = s.app.size;
    let mut terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    terminal.draw(|f| view::draw(f, &s.app)).unwrap();
}

fn event(input: &Input, keys: &[KeyEvent]) -> Event {
    match input {
        Input::Key(i) => Event::Key(keys[*i]),
        Input::Esc => Event::Key(KeyEvent::from(KeyCode::Esc)),
        Input::Char(c) => Event::Key(KeyEvent::new(KeyCode::Char(*c), KeyModifiers::NONE)),
        Input::Paste(text) => Event::Paste(text.clone()),
        Input::Mouse(kind, column, row) => Event::Mouse(MouseEvent {
            kind: *kind,
            column: *column,
            row: *row,
            modifiers: KeyModifiers::NONE,
        }),
        Input::Resize(w, h) => Event::Resize(*w, *h),
    }
}

proptest! {
    #![proptest_config(seeded::config(64, 0x7275_6e64_6f6d))]

    #[test]
    fn any_input_at_any_size_keeps_the_rules_and_the_file_sound(
        doc in 0..3usize,
        start in (1u16..140, 1u16..50),
        inputs in prop::collection::vec(input(bound_keys().len()), 1..100),
    ) {
        let keys = bound_keys();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("demo.json");
        match doc {
            0 => drop(Store::at(&file).create(&roadlog::demo::sample(today(), 40).unwrap()).unwrap()),
            1 => drop(Store::at(&file).create(&roadlog::model::Product::new("empty")).unwrap()),
            _ => std::fs::copy(fixture("valid/small.json"), &file).map(drop).unwrap(),
        }
        let mut s = open(&file);
        s.handle(Msg::Term(Event::Resize(start.0, start.1)));
        let mut on_disk = std::fs::read(&file).unwrap();
        let mut editor_turns = 0usize;

        for input in &inputs {
            let mut flow = s.handle(Msg::Term(event(input, &keys)));
            if matches!(flow, Flow::Go) {
                flow = drain(&mut s);
            }
            match flow {
                Flow::Go => {}
                // `E`: the editor "returns" the text as it was, changed, emptied, or fails.
                Flow::Editor(request) => {
                    editor_turns += 1;
                    let mut request = request;
                    loop {
                        let outcome = match editor_turns % 4 {
                            0 => Ok(request.text.clone()),
                            1 => Ok(format!("{}\nadded \u{1b}[2J line\n", request.text)),
                            2 => Ok(String::new()),
                            _ => Err("editor not found".to_string()),
                        };
                        let effect = s.app.update(Action::EditorClosed { request, outcome });
                        match s.perform(effect) {
                            Some(next) => request = next,
                            None => break,
                        }
                    }
                }
                Flow::Exit(exit) => {
                    prop_assert!(matches!(exit, Exit::Saved), "{:?} ended with {:?}", input, exit);
                    let size = s.app.size;
                    drop(s);
                    s = open(&file);
                    s.handle(Msg::Term(Event::Resize(size.width, size.height)));
                }
            }
            draw(&s);
            let problems = s.app.product.problems();
            prop_assert!(problems.is_empty(), "after {:?}: {:?}", input, problems);
            let now = std::fs::read(&file).unwrap();
            if now != on_disk {
                if let Err(e) = decode(&file, &now) {
                    return Err(TestCaseError::fail(format!("after {input:?} the file does not load: {e}")));
                }
                on_disk = now;
            }
        }

        // Quit, as a user would: out of whatever is open (a question left open is answered
        // yes, as is a form's "drop what was typed?"), then `q`. The last save lands first,
        // and the file holds what was shown.
        for _ in 0..12 {
            match s.app.context() {
                Context::Roadmap | Context::Backlog | Context::Sprint => break,
                Context::Confirm => press(&mut s, KeyCode::Char('y')),
                _ => press(&mut s, KeyCode::Esc),
            };
        }
        let exit = match press(&mut s, KeyCode::Char('q')) {
            Flow::Exit(exit) => exit,
            _ => until_exit(&mut s),
        };
        prop_assert!(matches!(exit, Exit::Saved), "{:?}", exit);
        let saved = Store::at(&file).load().unwrap().product;
        prop_assert_eq!(&saved, &*s.app.product);
    }
}
