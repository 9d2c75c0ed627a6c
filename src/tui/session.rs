//! One running UI without its terminal: the App, the writer thread, and the channel that
//! the writer, the input thread and the signal thread all report into. [`Session::handle`]
//! is the whole step from a message to the App, the disk and back (event -> action ->
//! `App::update` -> effect -> [`Sync`](super::sync::Sync) -> writer job), so tests drive it
//! with keys and a real file, and the loop in `tui.rs` adds only the terminal.
//!
//! Quitting never loses an edit silently: `q` waits for the last save (at most
//! [`Session::quit_grace`]); after a failed or refused save it asks first. A signal or a
//! dropped terminal waits the same; what cannot be saved in that time goes to a recovery
//! file beside the document, and the program says so.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::Event;

use crate::config::DateFormat;
use crate::store::merge::{self, MergeReport};
use crate::store::{Draft, DraftField, Recovery, Store, StoreError};

use super::app::{App, Effect};
use super::editor::EditorRequest;
use super::form::AnyForm;
use super::input::translate;
use super::sync::{Job, Next, Replaced, Report, Sync, Version, Writer};
use super::theme::Theme;

/// What the loop waits for.
#[derive(Debug)]
pub enum Msg {
    Term(Event),
    /// A termination signal (SIGHUP, SIGTERM, SIGINT, SIGQUIT).
    Signal,
    /// Reading the terminal failed, or it hung up: it is gone.
    InputGone,
    /// Boxed: a report can carry a whole document.
    Disk(Box<Report>),
}

impl From<Report> for Msg {
    fn from(report: Report) -> Msg {
        Msg::Disk(Box::new(report))
    }
}

/// What the loop does next.
#[derive(Debug)]
pub enum Flow {
    Go,
    /// Suspend the terminal for $EDITOR; hand the result to `App::update` and its effect to
    /// [`Session::perform`].
    Editor(EditorRequest),
    Exit(Exit),
}

/// How the session ended.
#[derive(Debug)]
pub enum Exit {
    /// Everything is on disk (or there was nothing to save).
    Saved,
    /// Edits or a draft could not be saved; `recovery` says where they went instead.
    Unsaved {
        why: String,
        recovery: Result<PathBuf, StoreError>,
    },
}

/// Who asked to end, which decides whether there is anyone to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Key,
    /// A signal or a dropped terminal: nobody is there to answer a question.
    Gone,
}

/// What a second signal means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Again {
    EndsNow,
    /// A terminal found gone again is the same news.
    Waits,
}

#[derive(Debug, Clone, Copy)]
struct Quitting {
    by: End,
    deadline: Instant,
}

pub struct Session {
    pub app: App,
    store: Store,
    writer: Writer,
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
    /// The snapshot the writer is saving: if that save merges another program's changes
    /// while edits go on here, those edits are moved onto what it wrote.
    sending: Option<std::sync::Arc<crate::model::Product>>,
    quitting: Option<Quitting>,
    /// A restored recovery file, deleted once the save of its edits is on disk.
    restored: Option<super::recovery::DropRecovery>,
    /// How long quitting waits for the last save before keeping it in a recovery file:
    /// short enough that a signal still ends the program within 3 s, the recovery file of
    /// a 100k-story document written too.
    pub quit_grace: Duration,
    redraw: bool,
}

impl Session {
    /// Loads the store's document and starts the writer thread on it, with dates shown in
    /// ISO form.
    pub fn open(
        store: Store,
        read_only: bool,
        today: NaiveDate,
        theme: Theme,
    ) -> Result<Session, StoreError> {
        Session::open_with(store, read_only, today, theme, DateFormat::default())
    }

    /// [`Session::open`] showing dates in `dates`, from the first question on (a recovery
    /// file's time is asked about before anything else).
    pub fn open_with(
        store: Store,
        read_only: bool,
        today: NaiveDate,
        theme: Theme,
        dates: DateFormat,
    ) -> Result<Session, StoreError> {
        // Stamped before reading: a write in between then shows as a new stamp, never a
        // missed one.
        let stamp = store.disk_stamp();
        let loaded = store.load()?;
        // Checking writability creates the lock file beside the document; --read-only must
        // not create anything, so it skips the check.
        let writable = !read_only && store.is_writable();
        let read = loaded.product.clone();
        let mut app = App::new(
            loaded.product,
            today,
            store.path().display().to_string(),
            theme,
        );
        app.dates = dates;
        app.read_only = read_only || !writable;
        if !read_only && !writable {
            app.message = Some("the file is not writable: opened read-only".into());
        }
        if !app.read_only {
            app.message = broken_rules(&app.product).or(app.message.take());
        }
        let bytes = std::sync::Arc::new(loaded.bytes);
        app.sync = Sync::new(std::sync::Arc::clone(&bytes));
        let (tx, rx) = mpsc::channel();
        let opened = Version {
            product: read,
            bytes,
        };
        let writer = Writer::spawn(store.clone(), opened, stamp, tx.clone());
        offer_recovery(&store, &mut app);
        Ok(Session {
            app,
            store,
            writer,
            tx,
            rx,
            sending: None,
            quitting: None,
            restored: None,
            quit_grace: Duration::from_millis(1500),
            redraw: true,
        })
    }

    /// For the threads that feed the loop (input, signals).
    pub fn sender(&self) -> Sender<Msg> {
        self.tx.clone()
    }

    /// The next message, waiting no longer than the next thing due (a quit's deadline) or
    /// `at_most`.
    pub fn recv(&self, at_most: Duration) -> Result<Msg, RecvTimeoutError> {
        let wait = match self.quitting {
            Some(q) => q
                .deadline
                .saturating_duration_since(Instant::now())
                .min(at_most),
            None => at_most,
        };
        self.rx.recv_timeout(wait)
    }

    /// Whether something changed on screen since the last call.
    pub fn take_redraw(&mut self) -> bool {
        std::mem::take(&mut self.redraw)
    }

    /// One message in; what the loop must do next.
    pub fn handle(&mut self, msg: Msg) -> Flow {
        match msg {
            Msg::Term(event) => {
                // While quitting, only the size matters: the answer is on its way.
                let quitting = self.quitting.is_some() && !matches!(event, Event::Resize(..));
                if let Some(action) = translate(&self.app, event).filter(|_| !quitting) {
                    self.app.now = chrono::Utc::now();
                    let effect = self.app.update(action);
                    self.redraw = true;
                    if let Some(request) = self.perform(effect) {
                        return Flow::Editor(request);
                    }
                }
            }
            Msg::Signal => self.end_gone(Again::EndsNow),
            Msg::InputGone => self.end_gone(Again::Waits),
            Msg::Disk(report) => {
                // A reload names the time it happened.
                self.app.now = chrono::Utc::now();
                self.report(*report);
                self.redraw = true;
            }
        }
        self.settle()
    }

    /// Does what `update` asked of the disk; hands an editor request back to the loop,
    /// which owns the terminal.
    pub fn perform(&mut self, effect: Effect) -> Option<EditorRequest> {
        match effect {
            Effect::None => {}
            // The save itself is sent below, with whatever else is due.
            Effect::Save => {}
            Effect::Reload => {
                if self.app.sync.start_reload() {
                    self.writer.send(Job::Reload);
                }
            }
            // Small, and it takes no lock: written here rather than queued behind a save.
            Effect::WriteReport(report) => {
                self.app.message = Some(
                    match self.store.write_report(&report.file_name, &report.text) {
                        Ok(path) => format!("wrote {} to {}", report.what, path.display()),
                        Err(e) => format!("cannot write {}: {e}", report.what),
                    },
                );
            }
            Effect::Editor(request) => return Some(request),
            Effect::DropRecovery(drop) => match drop.once_saved {
                None => self.drop_recovery(&drop.path),
                Some(_) => self.restored = Some(drop),
            },
        }
        self.send_due_save();
        None
    }

    /// A second passed with no message: what waits for a next key gives up.
    pub fn tick(&mut self) {
        if self.app.tick() {
            self.redraw = true;
        }
    }

    /// After every message and every timeout: sends the save that is due, follows a change
    /// made by others once it is safe, and decides whether quitting is done.
    pub fn settle(&mut self) -> Flow {
        let quiet = self.app.may_reload_quietly();
        let next = self.app.sync.follow_when_safe(quiet);
        self.apply(next);
        self.send_due_save();
        if self.app.quit && self.quitting.is_none() {
            self.app.quit = false;
            if let Some(flow) = self.begin_quit() {
                return flow;
            }
        }
        let Some(quitting) = self.quitting else {
            return Flow::Go;
        };
        let sync = &self.app.sync;
        if self.app.read_only || !sync.unsaved() {
            return Flow::Exit(self.exit_saved(quitting.by));
        }
        if sync.at_risk() && quitting.by == End::Key {
            // "Save again" failed again: ask again rather than end.
            self.quitting = None;
            self.app.ask_quit(sync.why_unsaved());
            self.redraw = true;
            return Flow::Go;
        }
        if sync.at_risk() || Instant::now() >= quitting.deadline {
            let why = sync.why_unsaved();
            return Flow::Exit(self.exit_unsaved(why, true));
        }
        Flow::Go
    }

    /// `q` (or the question's "save again"): ends now when everything is saved, asks when
    /// the last save failed, else waits for the save on its way.
    fn begin_quit(&mut self) -> Option<Flow> {
        let sync = &self.app.sync;
        if self.app.read_only || !sync.unsaved() {
            return Some(Flow::Exit(Exit::Saved));
        }
        if sync.at_risk() {
            self.app.ask_quit(sync.why_unsaved());
            self.redraw = true;
            return Some(Flow::Go);
        }
        self.quitting = Some(Quitting {
            by: End::Key,
            deadline: Instant::now() + self.quit_grace,
        });
        self.app.message = Some(format!("saving before quitting… {}", sync.why_unsaved()));
        self.redraw = true;
        None
    }

    /// A signal or a dropped terminal. A second signal ends at once: someone means it.
    fn end_gone(&mut self, again: Again) {
        let now = Instant::now();
        let deadline = match self.quitting {
            Some(Quitting { by: End::Gone, .. }) if again == Again::EndsNow => now,
            Some(Quitting { deadline, .. }) => deadline.min(now + self.quit_grace),
            None => now + self.quit_grace,
        };
        // One more try for a save that failed: it may work now, and there is no one to ask.
        self.app.sync.retry();
        self.quitting = Some(Quitting {
            by: End::Gone,
            deadline,
        });
        self.send_due_save();
    }

    fn exit_saved(&mut self, by: End) -> Exit {
        // Nobody is there to save an open form: keep what was typed.
        let typed = self.app.form().is_some_and(|f| f.fields().changed());
        if by == End::Gone && typed {
            return self.exit_unsaved("the terminal went away with a form open".into(), false);
        }
        Exit::Saved
    }

    fn exit_unsaved(&mut self, why: String, document: bool) -> Exit {
        let recovery = self.keep(&why, document);
        Exit::Unsaved { why, recovery }
    }

    /// Writes the typed form, and with `document` the unsaved document, to a recovery file.
    fn keep(&self, why: &str, document: bool) -> Result<PathBuf, StoreError> {
        let draft = self.app.form().filter(|f| f.fields().changed()).map(draft);
        let recovery = Recovery {
            product: document.then_some(&*self.app.product),
            base: document.then_some(self.app.sync.base()),
            draft: draft.as_ref(),
            reason: why,
            written: chrono::Utc::now(),
        };
        self.store.write_recovery(&recovery)
    }

    /// After a panic in the loop: what is not saved (edits, a typed form) goes to a recovery
    /// file at once, as on a signal but without waiting for a save, since the state a panic
    /// leaves is not to be written over the document. `None` when nothing needed keeping.
    pub fn keep_after_panic(&self) -> Option<Exit> {
        if self.app.read_only {
            return None;
        }
        let document = self.app.sync.unsaved();
        let typed = self.app.form().is_some_and(|f| f.fields().changed());
        if !document && !typed {
            return None;
        }
        let why = "roadlog stopped on an internal error".to_string();
        let recovery = self.keep(&why, document);
        Some(Exit::Unsaved { why, recovery })
    }

    /// Deletes a recovery file whose content is back; says so only if that fails.
    fn drop_recovery(&mut self, path: &std::path::Path) {
        if let Err(e) = self.store.delete_recovery(path) {
            self.app.message = Some(e.to_string());
        }
    }

    fn send_due_save(&mut self) {
        if self.app.read_only {
            return;
        }
        if let Some((edit, base)) = self.app.sync.next_save() {
            let product = self.app.product.snapshot();
            self.sending = Some(std::sync::Arc::clone(&product));
            self.writer.send(Job::Save {
                edit,
                product,
                base,
            });
        }
    }

    fn report(&mut self, report: Report) {
        // Kept only while the writer holds it too: a snapshot held longer would make every
        // edit copy the whole document.
        let sent = match &report {
            Report::Saved { .. } | Report::Failed { .. } => self.sending.take(),
            _ => None,
        };
        let quiet = self.app.may_reload_quietly();
        let next = self.app.sync.report(report, quiet);
        if let Some(restored) = self.restored.take_if(|r| {
            r.once_saved
                .is_some_and(|edit| self.app.sync.saved_through(edit))
        }) {
            self.drop_recovery(&restored.path);
        }
        match next {
            Next::Merged {
                product,
                report,
                behind: Some(bytes),
            } => self.rebase(sent, product, report, bytes),
            next => self.apply(next),
        }
    }

    /// A save merged another program's changes in while edits went on here: those edits
    /// are moved onto what it wrote, and saved by the next save. Rare (it takes a merge
    /// and an edit within one save), so done here rather than on the writer.
    fn rebase(
        &mut self,
        sent: Option<std::sync::Arc<crate::model::Product>>,
        saved: crate::model::Product,
        report: MergeReport,
        bytes: std::sync::Arc<Vec<u8>>,
    ) {
        let rebased = sent
            .ok_or_else(|| "the saved snapshot is gone".to_string())
            .and_then(|sent| {
                merge::rebase(
                    &sent,
                    &self.app.product,
                    &saved,
                    &report.renumbered,
                    chrono::Utc::now(),
                )
                .map_err(|e| e.to_string())
            });
        match rebased {
            Ok(rebased) => {
                self.app.sync.rebased(bytes);
                self.app
                    .merged(rebased.product, &report, &rebased.renumbered);
            }
            // The document stays as it is, based on the file before that save: the next
            // save merges it with the file again, so nothing is lost either way.
            Err(why) => {
                self.app.message = Some(format!(
                    "{}; your later edits are merged by the next save ({why})",
                    report.summary("another program")
                ));
            }
        }
        self.redraw = true;
    }

    fn apply(&mut self, next: Next) {
        match next {
            Next::Nothing => {}
            Next::Say(message) => self.app.message = Some(message),
            Next::Replace(product, Replaced::Asked) => self.app.reloaded(product),
            Next::Replace(product, Replaced::Outside) => self.app.reloaded_from_outside(product),
            Next::Held => self.app.held_outside_change(),
            Next::Merged {
                product, report, ..
            } => self.app.merged(product, &report, &report.renumbered),
        }
        self.redraw = true;
    }
}

/// Before anything else: what recovery files beside the document kept, offered back (the
/// oldest readable one; the others wait for later starts). Read-only, they are only named.
/// A file that cannot be used, met before it, is named with the reason and left alone.
fn offer_recovery(store: &Store, app: &mut App) {
    use super::recovery::name;
    let paths = store.recoveries();
    let Some(first) = paths.first() else {
        return;
    };
    if app.read_only {
        let more = match paths.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        // Short enough for 80 columns: the footer is one line. Why the file opened
        // read-only, when it was not asked for, comes first.
        let note = format!("{}{more} kept: restore it without --read-only", name(first));
        app.message = Some(match app.message.take() {
            Some(why) => format!("{why}; {note}"),
            None => note,
        });
        return;
    }
    let mut problems = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        match store.read_recovery(path) {
            // The later ones are read when their turn comes: each may hold a whole
            // document.
            Ok(recovered) => {
                app.offer_recovery(recovered, paths.len() - i - 1);
                break;
            }
            // The file's name is enough: it is beside the document the header names.
            Err(StoreError::BadRecovery { path, why }) => {
                problems.push(format!("{} kept, not used: {why}", name(&path)));
            }
            Err(e) => problems.push(e.to_string()),
        }
    }
    if let Some(first) = problems.first() {
        app.message = Some(match problems.len() {
            1 => first.clone(),
            n => format!("{first} (+{} more)", n - 1),
        });
    }
}

/// An open form as the store keeps it: its title, its key, and each changed field's text by
/// label.
fn draft(form: &AnyForm) -> Draft {
    Draft {
        what: form.target().title(),
        form: Some(form.target().key()),
        focus: form
            .fields()
            .list
            .get(form.fields().focus)
            .map(|f| f.label.to_string()),
        // Only what was typed: restored over the item as it is then, the fields left alone
        // show what others may have saved since, and saving the form keeps it.
        fields: form
            .fields()
            .list
            .iter()
            .filter(|f| f.changed())
            .map(|f| DraftField {
                name: f.label.to_string(),
                text: f.value(),
            })
            .collect(),
    }
}

/// A document that breaks a rule opens (the fix may be an edit made here), but the store
/// refuses every save until it is whole: say so on opening, not after the first edit.
fn broken_rules(product: &crate::model::Product) -> Option<String> {
    let problems = product.problems();
    let first = problems.first()?;
    let more = match problems.len() {
        1 => String::new(),
        n => format!(" (and {} more: `roadlog check` lists them)", n - 1),
    };
    Some(format!(
        "edits will not save until this is fixed: {first}{more}"
    ))
}

/// What the program says on the way out when something could not be saved.
pub fn farewell(file: &str, why: &str, recovery: &Result<PathBuf, StoreError>) -> String {
    match recovery {
        Ok(path) => format!(
            "{file} was not saved ({why}); what was not saved is kept in {}",
            path.display()
        ),
        Err(e) => {
            format!("{file} was not saved ({why}), and no recovery file could be written: {e}")
        }
    }
}
