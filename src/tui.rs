//! The terminal UI. The loop: terminal event -> key map -> [`Action`] -> `App::update` ->
//! effect -> the writer thread (save) -> draw. Module map:
//!
//! - [`session`]: one running UI without its terminal, the step from a message to the App
//!   and the disk; [`sync`]: where the document stands against its file, and the writer
//!   thread that does the disk work.
//! - [`app`]: all UI state; [`update`]: `App::update`, routing each action to its owner;
//!   [`overlay`]: the stack of overlays over the panes; [`history`] + [`diff`]: edits and undo.
//! - [`action`]: the action tree; [`keymap`]: the one table of keys (dispatch, help, hints);
//!   [`input`]: terminal events into actions; [`pane`]: the panes.
//! - [`build`], [`list`], [`derived`]: the lists and figures panes show, rebuilt on change;
//!   [`fuzzy`]: the `/` filter's matching and the letters it matched.
//! - [`mouse`]: wheel and click, hit-tested through [`layout`].
//! - [`wrap`]: text into rows of a width, counted exactly, for scrolled views and boxes.
//! - [`view`] draws a frame from [`layout`] and the overlay stack; one module per pane:
//!   [`roadmap`] (+ [`timeline`], [`vision_board`]), [`backlog`], [`sprint`], [`detail`], [`help`]; shared
//!   drawing in [`widgets`]; [`theme`] for colour or NO_COLOR.
//! - Overlays and what they change: [`form`], [`question`] (+ [`finish`], the question
//!   before done with items open), [`picker`] + [`quick`] +
//!   [`jump`], [`criteria`], [`command`], [`reading`]; [`long_text`] + [`editor`] +
//!   [`markdown`] for `E`; [`settle`]: open merge conflicts, their sign in lists and the
//!   overlay that settles them; [`recovery`]: at start, what a recovery file kept offered
//!   back.
//!
//! Terminal safety: input is read on its own thread and signals (SIGHUP, SIGTERM, SIGINT,
//! SIGQUIT) on another, both into one channel; the loop waits with a timeout and checks every
//! second that the terminal still exists, because a dropped SSH link otherwise leaves
//! crossterm spinning forever. On any of these it waits briefly for the last save (what it
//! cannot save goes to a recovery file) and restores the terminal.

pub mod action;
pub mod app;
mod backlog;
mod build;
mod command;
mod criteria;
mod derived;
mod detail;
mod diff;
mod editor;
mod finish;
pub mod form;
mod fuzzy;
pub mod help;
mod history;
mod input;
mod jump;
pub mod keymap;
pub mod layout;
mod list;
mod long_text;
mod markdown;
mod mouse;
pub mod overlay;
pub mod pane;
mod picker;
mod question;
mod quick;
mod reading;
mod recovery;
mod roadmap;
mod search_rows;
pub mod session;
mod settle;
mod sprint;
pub mod sync;
pub mod theme;
mod timeline;
mod update;
pub mod view;
mod vision_board;
mod widgets;
mod wrap;

use std::io::{IsTerminal, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::DefaultTerminal;

use crate::config::{Config, DateFormat, Problem, ThemeColours};
use crate::store::Store;
use editor::EditorRequest;
use session::{Exit, Flow, Msg, Session};

pub use action::Action;
pub use app::{App, Effect, Pane, ReportFile};
pub use build::RoadItem;
pub use input::translate;

/// What the config file sets for the UI, checked before the terminal is taken over: the
/// key map with its remaps, the theme's colours, the date format.
#[derive(Debug, Clone)]
pub struct Prefs {
    keys: keymap::KeyMap,
    colours: ThemeColours,
    dates: DateFormat,
}

impl Prefs {
    /// Refuses remaps the key map cannot take (naming their line); the rest of the config
    /// was checked when it was read.
    pub fn from_config(config: &Config) -> Result<Prefs, Problem> {
        Ok(Prefs {
            keys: keymap::KeyMap::build(&config.remaps)?,
            colours: config.theme,
            dates: config.date_format.clone(),
        })
    }
}

/// The built-in keys and colours, for a session without a config file.
impl Default for Prefs {
    fn default() -> Prefs {
        Prefs {
            keys: keymap::KeyMap::defaults().clone(),
            colours: ThemeColours::default(),
            dates: DateFormat::default(),
        }
    }
}

/// Opens the UI on the store's document until the user quits or the terminal goes away.
pub fn run(store: Store, read_only: bool, prefs: Prefs) -> anyhow::Result<()> {
    refuse_unusable_terminal()?;
    let today = chrono::Local::now().date_naive();
    let theme = theme::Theme::from_env(&prefs.colours);
    // The keys and dates first: a recovery question is drawn as the session opens.
    keymap::install(prefs.keys);
    let mut session = Session::open_with(store, read_only, today, theme, prefs.dates)?;
    spawn_signals(session.sender())?;

    install_panic_hook();
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    let _ = crossterm::execute!(stdout(), EnableMouseCapture, EnableBracketedPaste);
    let pause = Arc::new(Pause::default());
    spawn_input(session.sender(), Arc::clone(&pause));
    // A panic's message is printed by the hook (after ratatui's restores the terminal); what
    // it would lose is kept here before the program ends.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        event_loop(&mut terminal, &mut session, &pause)
    }));
    restore();
    let result = match result {
        Ok(result) => result,
        Err(panic) => match session.keep_after_panic() {
            Some(exit) => Ok(exit),
            None => std::panic::resume_unwind(panic),
        },
    };
    match result? {
        Exit::Saved => Ok(()),
        Exit::Unsaved { why, recovery } => {
            bail!(session::farewell(&session.app.location, &why, &recovery))
        }
    }
}

fn refuse_unusable_terminal() -> anyhow::Result<()> {
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        bail!(
            "TERM is 'dumb', so the full-screen UI cannot run; use the subcommands (roadlog --help)"
        );
    }
    if !stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the full-screen UI needs a terminal; use the subcommands (roadlog --help)");
    }
    Ok(())
}

/// ratatui's hook (installed by `try_init`, after this one) restores the screen and raw mode
/// and then calls this, which undoes what ratatui does not know we turned on.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        previous(info);
    }));
}

/// Best effort: the terminal may already be gone.
fn restore() {
    let _ = crossterm::execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// Lets the loop stop the input thread reading while $EDITOR owns the terminal, which
/// would otherwise lose keys to it.
#[derive(Default)]
struct Pause {
    requested: AtomicBool,
    /// The input thread has seen the request and reads nothing.
    parked: AtomicBool,
}

fn spawn_input(tx: Sender<Msg>, pause: Arc<Pause>) {
    std::thread::spawn(move || {
        loop {
            if pause.requested.load(Ordering::SeqCst) {
                pause.parked.store(true, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
            pause.parked.store(false, Ordering::SeqCst);
            // A short poll rather than a blocking read, so a pause is seen within 50 ms.
            let msg = match crossterm::event::poll(Duration::from_millis(50)) {
                Ok(false) => continue,
                Ok(true) => match crossterm::event::read() {
                    Ok(ev) => Msg::Term(ev),
                    Err(_) => Msg::InputGone,
                },
                Err(_) => Msg::InputGone,
            };
            let gone = matches!(msg, Msg::InputGone);
            if tx.send(msg).is_err() || gone {
                return;
            }
        }
    });
}

fn spawn_signals(tx: Sender<Msg>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])
        .context("cannot listen for signals")?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            if tx.send(Msg::Signal).is_err() {
                return;
            }
        }
    });
    Ok(())
}

/// True when stdin reports hang-up or is no longer a valid descriptor.
fn terminal_gone() -> bool {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let zero = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match poll(&mut fds, Some(&zero)) {
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => true,
    }
}

/// Draws when something changed, waits for the next message (at most a second, so the
/// terminal-gone check runs), and hands it to the session. Once the terminal is gone it
/// draws no more, and the session ends as soon as its last save is done.
fn event_loop(
    terminal: &mut DefaultTerminal,
    session: &mut Session,
    pause: &Pause,
) -> anyhow::Result<Exit> {
    if let Ok(size) = terminal.size() {
        session.app.update(Action::Resize {
            width: size.width,
            height: size.height,
        });
    }
    let mut gone = false;
    let mut last_check = Instant::now();
    loop {
        // Redraw only after a change: idle frames cost bandwidth over SSH.
        let drawn = !session.take_redraw()
            || gone
            || terminal.draw(|f| view::draw(f, &session.app)).is_ok();
        let flow = if !drawn {
            gone = true;
            session.handle(Msg::InputGone)
        } else {
            match session.recv(Duration::from_secs(1)) {
                Ok(msg) => {
                    gone |= matches!(msg, Msg::InputGone);
                    session.handle(msg)
                }
                Err(RecvTimeoutError::Timeout) => {
                    session.tick();
                    session.settle()
                }
                Err(RecvTimeoutError::Disconnected) => session.handle(Msg::InputGone),
            }
        };
        let flow = match flow {
            Flow::Editor(request) => {
                let effect = run_editor(terminal, &mut session.app, pause, request);
                session.perform(effect);
                session.settle()
            }
            other => other,
        };
        if let Flow::Exit(exit) = flow {
            return Ok(exit);
        }
        if !gone && last_check.elapsed() >= Duration::from_secs(1) {
            last_check = Instant::now();
            if terminal_gone() {
                gone = true;
                if let Flow::Exit(exit) = session.handle(Msg::InputGone) {
                    return Ok(exit);
                }
            }
        }
    }
}

/// Suspends the UI, runs $EDITOR on the request's text, restores the UI and hands the
/// result back to the app; returns what the app then asks of the disk.
fn run_editor(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    pause: &Pause,
    request: EditorRequest,
) -> Effect {
    pause.requested.store(true, Ordering::SeqCst);
    let start = Instant::now();
    while !pause.parked.load(Ordering::SeqCst) && start.elapsed() < Duration::from_secs(1) {
        std::thread::sleep(Duration::from_millis(5));
    }
    restore();
    let result = editor::edit(&request.text);
    let back = (|| -> std::io::Result<()> {
        crossterm::terminal::enable_raw_mode()?;
        crossterm::execute!(
            stdout(),
            crossterm::terminal::EnterAlternateScreen,
            crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
            EnableMouseCapture,
            EnableBracketedPaste
        )?;
        // Both buffers emptied, so the next draw repaints every cell. (`Terminal::clear`
        // would ask the terminal for the cursor position and wait for an answer that not
        // every terminal gives.)
        terminal.swap_buffers();
        terminal.swap_buffers();
        Ok(())
    })();
    pause.requested.store(false, Ordering::SeqCst);
    if let Err(e) = back {
        app.message = Some(format!("cannot restore the terminal: {e}"));
    }
    app.now = chrono::Utc::now();
    app.update(Action::EditorClosed {
        request,
        outcome: result.map_err(|e| format!("{e:#}")),
    })
}
