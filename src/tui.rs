//! The terminal UI. The loop: terminal event -> key map -> [`Action`] -> `App::update` ->
//! store (save) -> draw. Module map:
//!
//! - [`app`]: all UI state; [`update`]: `App::update`, routing each action to its owner;
//!   [`overlay`]: the stack of overlays over the panes; [`history`] + [`diff`]: edits and undo.
//! - [`action`]: the action tree; [`keymap`]: the one table of keys (dispatch, help, hints);
//!   [`input`]: terminal events into actions; [`pane`]: the panes.
//! - [`build`], [`list`], [`derived`]: the lists and figures panes show, rebuilt on change.
//! - [`mouse`]: wheel and click, hit-tested through [`layout`].
//! - [`view`] draws a frame from [`layout`] and the overlay stack; one module per pane:
//!   [`roadmap`] (+ [`timeline`]), [`backlog`], [`sprint`], [`detail`], [`help`]; shared
//!   drawing in [`widgets`]; [`theme`] for colour or NO_COLOR.
//! - Overlays and what they change: [`form`], [`question`], [`picker`] + [`quick`] +
//!   [`jump`], [`criteria`], [`command`]; [`long_text`] + [`editor`] + [`markdown`] for `E`.
//!
//! Terminal safety: input is read on its own thread and signals (SIGHUP, SIGTERM, SIGINT,
//! SIGQUIT) on another, both into one channel; the loop waits with a timeout and checks every
//! second that the terminal still exists, because a dropped SSH link otherwise leaves
//! crossterm spinning forever. On any of these it saves and restores the terminal.

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
pub mod form;
mod help;
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
mod roadmap;
mod sprint;
pub mod theme;
mod timeline;
mod update;
pub mod view;
mod widgets;

use std::io::{IsTerminal, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context as _, bail};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
};
use ratatui::DefaultTerminal;

use crate::store::{Store, StoreError};
use editor::EditorRequest;
use form::AnyForm;

pub use action::Action;
pub use app::{App, Effect, Pane, ReportFile, SaveState};
pub use build::RoadItem;
pub use input::translate;

/// What the loop waits for.
enum Msg {
    Term(Event),
    /// A termination signal.
    Signal,
    /// Reading the terminal failed: it is gone.
    InputGone,
}

/// Opens the UI on the store's document until the user quits or the terminal goes away.
pub fn run(store: Store, read_only: bool) -> anyhow::Result<()> {
    refuse_unusable_terminal()?;
    // Stamped before reading: a write in between then shows as a new stamp, never a missed one.
    let stamp = store.disk_stamp();
    let loaded = store.load()?;
    // Checking writability creates the lock file beside the document; --read-only must
    // not create anything, so it skips the check.
    let writable = !read_only && store.is_writable();
    let today = chrono::Local::now().date_naive();
    let mut app = App::new(
        loaded.product,
        today,
        store.path().display().to_string(),
        theme::Theme::from_env(),
    );
    app.read_only = read_only || !writable;
    if !read_only && !writable {
        app.message = Some("the file is not writable: opened read-only".into());
    }
    let (tx, rx) = mpsc::channel();
    spawn_signals(tx.clone())?;

    install_panic_hook();
    let mut terminal = ratatui::try_init().context("cannot set up the terminal")?;
    let _ = crossterm::execute!(stdout(), EnableMouseCapture, EnableBracketedPaste);
    let pause = Arc::new(Pause::default());
    spawn_input(tx, Arc::clone(&pause));
    let looped = Loop {
        store: &store,
        rx: &rx,
        pause: &pause,
    };
    let mut disk = Disk {
        bytes: loaded.bytes,
        stamp,
        differs: false,
    };
    let result = event_loop(&mut terminal, &mut app, &mut disk, &looped);
    restore();
    result
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

/// What the loop works with besides the terminal and the app.
struct Loop<'a> {
    store: &'a Store,
    rx: &'a Receiver<Msg>,
    pause: &'a Pause,
}

/// What the loop knows of the file: the bytes last loaded or saved (a save is refused unless
/// the file still holds them), the metadata stamp taken just before, and whether the file is
/// known to hold something else now.
struct Disk {
    bytes: Vec<u8>,
    stamp: Option<(SystemTime, u64)>,
    differs: bool,
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    disk: &mut Disk,
    looped: &Loop,
) -> anyhow::Result<()> {
    let (store, rx) = (looped.store, looped.rx);
    if let Ok(size) = terminal.size() {
        app.update(Action::Resize {
            width: size.width,
            height: size.height,
        });
    }
    let mut changed = true;
    let mut last_check = Instant::now();
    loop {
        // Redraw only after a change: idle frames cost bandwidth over SSH.
        if changed {
            terminal.draw(|f| view::draw(f, app))?;
            changed = false;
        }
        if app.quit {
            return Ok(());
        }
        match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(Msg::Term(event)) => {
                if let Some(action) = translate(app, event) {
                    app.now = chrono::Utc::now();
                    let mut effect = app.update(action);
                    if let Effect::Editor(request) = effect {
                        effect = run_editor(terminal, app, looped.pause, request);
                    }
                    if !matches!(effect, Effect::None) {
                        // Show "saving" while the write runs.
                        terminal.draw(|f| view::draw(f, app))?;
                        perform(effect, app, store, disk);
                    }
                    changed = true;
                }
            }
            Ok(Msg::Signal) | Ok(Msg::InputGone) | Err(RecvTimeoutError::Disconnected) => {
                save_pending(app, store, disk);
                return Ok(());
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        if last_check.elapsed() >= Duration::from_secs(1) {
            last_check = Instant::now();
            if terminal_gone() {
                save_pending(app, store, disk);
                return Ok(());
            }
            changed |= watch(app, store, disk);
        }
    }
}

/// Once a second: has someone else changed the file? The metadata stamp is cheap; only when
/// it moved are the bytes read and compared. A change is reloaded at once when nothing would
/// be lost (see [`App::may_reload_quietly`]); otherwise the badge says so before the user
/// edits, and the reload waits until it is safe or the user presses R. Returns whether the
/// screen changed.
fn watch(app: &mut App, store: &Store, disk: &mut Disk) -> bool {
    let stamp = store.disk_stamp();
    let mut changed = false;
    if stamp != disk.stamp {
        disk.stamp = stamp;
        match store.load_if_changed(&disk.bytes) {
            Ok(None) => {
                // Back to what we know (or only touched): nothing to reload.
                if disk.differs && !app.unsaved && app.save == SaveState::ChangedOnDisk {
                    app.save = SaveState::Saved;
                    changed = true;
                }
                disk.differs = false;
            }
            Ok(Some(loaded)) if app.may_reload_quietly() => {
                disk.bytes = loaded.bytes;
                disk.differs = false;
                app.reloaded_from_outside(loaded.product);
                return true;
            }
            Ok(Some(_)) => disk.differs = true,
            Err(e) => {
                // Unreadable or broken now: nothing is saved over it, and the user is told.
                disk.differs = true;
                app.save = SaveState::ChangedOnDisk;
                app.message = Some(format!(
                    "the file changed on disk and cannot be loaded: {e}"
                ));
                return true;
            }
        }
    }
    if disk.differs {
        if app.may_reload_quietly() {
            // What was open has closed: now nothing is lost by reloading.
            if let Ok(product) = reload(store, disk) {
                app.reloaded_from_outside(product);
                return true;
            }
        } else if app.save != SaveState::ChangedOnDisk {
            app.changed_on_disk();
            return true;
        }
    }
    changed
}

/// Loads the file as it is now, stamped just before.
fn reload(store: &Store, disk: &mut Disk) -> Result<crate::model::Product, StoreError> {
    let stamp = store.disk_stamp();
    let loaded = store.load()?;
    disk.stamp = stamp;
    disk.bytes = loaded.bytes;
    disk.differs = false;
    Ok(loaded.product)
}

/// Does what `update` asked of the disk, through the store, and updates the badge.
fn perform(effect: Effect, app: &mut App, store: &Store, disk: &mut Disk) {
    match effect {
        Effect::None => {}
        Effect::Save { reopen } => save(app, store, disk, reopen),
        // Handled in the loop, which owns the terminal.
        Effect::Editor(_) => {}
        Effect::Reload => match reload(store, disk) {
            Ok(product) => app.reloaded(product),
            Err(e) => app.message = Some(format!("cannot reload: {e}")),
        },
        Effect::WriteReport(report) => match store.write_report(&report.file_name, &report.text) {
            Ok(path) => app.message = Some(format!("wrote the review to {}", path.display())),
            Err(e) => app.message = Some(format!("cannot write the review: {e}")),
        },
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

fn save(app: &mut App, store: &Store, disk: &mut Disk, form: Option<Box<AnyForm>>) {
    // Before the write, so the next tick reads the file once and sees our own bytes.
    let stamp = store.disk_stamp();
    match store.save_over(&app.product, &disk.bytes) {
        Ok(new) => {
            disk.bytes = new;
            disk.stamp = stamp;
            app.save = SaveState::Saved;
            app.unsaved = false;
        }
        Err(StoreError::ChangedOnDisk { .. }) if form.is_some() => {
            // What was typed must survive: reload, and open the form again over the file's
            // version; if even the reload fails, the form still opens with the edit in memory.
            match (reload(store, disk), form) {
                (Ok(product), Some(form)) => app.reopen_form_over(product, form),
                (Err(e), Some(form)) => {
                    app.save = SaveState::ChangedOnDisk;
                    app.message = Some(format!(
                        "the file changed on disk and cannot be reloaded: {e}"
                    ));
                    app.reopen_form(form);
                }
                _ => {}
            }
        }
        Err(StoreError::ChangedOnDisk { .. }) => {
            app.save = SaveState::ChangedOnDisk;
            app.message =
                Some("the file changed on disk; your last edit was not saved. R reloads it".into());
        }
        Err(e) => {
            app.save = SaveState::Failed;
            app.message = Some(format!("not saved: {e}"));
        }
    }
}

/// On the way out (signal, hang-up): write what is not written yet, unless another writer
/// changed the file, which must not be overwritten.
fn save_pending(app: &mut App, store: &Store, disk: &mut Disk) {
    if app.unsaved && !app.read_only && app.save != SaveState::ChangedOnDisk {
        save(app, store, disk, None);
    }
}
