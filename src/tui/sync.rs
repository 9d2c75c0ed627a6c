//! Where the document stands against its file: which version of the file it is based on,
//! which edits are on disk, which one the writer thread is saving, whether someone else
//! changed the file, and so what the header's badge says. Pure state: the disk work is done
//! by the [`writer`] thread, whose reports come back here; the session (`session.rs`) sends
//! the jobs this asks for and applies to the App what it returns.
//!
//! Saves are coalesced: at most one is being written; edits made meanwhile are saved
//! together by the next one, from the latest document. So every state shown as saved is on
//! disk, and a slow save (a large file, a lock held elsewhere) never queues a backlog.

pub mod writer;

use std::sync::Arc;

use crate::model::Product;
use crate::store::LockWait;

pub use writer::{Job, Report, Version, Writer};

/// What the badge says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Badge {
    Saved,
    /// An edit is being written, or waits for the one being written.
    Saving,
    /// The save in progress waits for a lock another program holds.
    WaitingForLock(LockWait),
    /// `R`: the file is being read again.
    Reloading,
    /// The last save failed for a reason other than another writer.
    Failed,
    /// Someone else wrote the file; nothing more is saved until a reload.
    ChangedOnDisk,
}

impl Badge {
    pub fn text(&self) -> String {
        match self {
            Badge::Saved => "saved".into(),
            Badge::Saving => "saving…".into(),
            Badge::WaitingForLock(LockWait { holder: Some(pid) }) => {
                format!("waiting for lock · pid {pid}")
            }
            Badge::WaitingForLock(LockWait { holder: None }) => "waiting for lock".into(),
            Badge::Reloading => "reloading…".into(),
            Badge::Failed => "save failed".into(),
            Badge::ChangedOnDisk => "changed on disk".into(),
        }
    }
}

/// What went wrong with the file, until a save or reload puts it right.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Trouble {
    /// The last save failed; the next edit (or "save again") tries again.
    Failed(String),
    /// Someone else wrote the file: saving over it would lose their change.
    ChangedOnDisk,
}

/// What the session must do with the App after a report.
#[derive(Debug)]
pub enum Next {
    Nothing,
    /// Say this in the footer.
    Say(String),
    /// The document is now this version of the file: `R` asked for it, or someone else
    /// changed the file and nothing here would be lost by following.
    Replace(Product, Replaced),
    /// Someone else changed the file while something is open or unsaved: say so before
    /// the user edits.
    ChangedOnDisk,
    /// A save was refused because the file changed on disk; `now` is the file as it is (the
    /// session reopens over it the form a pending save came from, if any).
    Refused {
        now: Version,
    },
}

/// Why the document was replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replaced {
    /// `R`.
    Asked,
    /// Another program changed the file while nothing was open or unsaved.
    Outside,
}

#[derive(Debug, Default)]
pub struct Sync {
    /// The bytes of the file version the document is based on: a save is refused unless the
    /// file still holds them.
    base: Arc<Vec<u8>>,
    /// Edits made so far; each edit is numbered by this count.
    edits: u64,
    /// The last edit the file holds.
    on_disk: u64,
    /// The edit the writer is saving.
    writing: Option<u64>,
    /// That save waits for a lock held elsewhere.
    lock_wait: Option<LockWait>,
    trouble: Option<Trouble>,
    /// A newer version of the file, kept until nothing open or unsaved would be lost by
    /// following it.
    newer: Option<Version>,
    reloading: bool,
}

impl Sync {
    /// Based on the file as loaded.
    pub fn new(base: Arc<Vec<u8>>) -> Sync {
        Sync {
            base,
            ..Sync::default()
        }
    }

    pub fn badge(&self) -> Badge {
        match (&self.trouble, &self.lock_wait) {
            (Some(Trouble::ChangedOnDisk), _) => Badge::ChangedOnDisk,
            (Some(Trouble::Failed(_)), _) => Badge::Failed,
            (None, Some(wait)) => Badge::WaitingForLock(wait.clone()),
            (None, None) if self.reloading => Badge::Reloading,
            (None, None) if self.unsaved() => Badge::Saving,
            (None, None) => Badge::Saved,
        }
    }

    /// Edits not on disk yet.
    pub fn unsaved(&self) -> bool {
        self.edits > self.on_disk
    }

    /// `R` asked for the file and it has not come yet: edits wait, or it would drop them.
    pub fn reloading(&self) -> bool {
        self.reloading
    }

    pub fn changed_on_disk(&self) -> bool {
        self.trouble == Some(Trouble::ChangedOnDisk)
    }

    /// Unsaved edits that the last save failed or was refused to write: quitting now would
    /// lose them.
    pub fn at_risk(&self) -> bool {
        self.unsaved() && self.trouble.is_some()
    }

    /// Why the unsaved edits are not on disk, in words for a message or a recovery file.
    pub fn why_unsaved(&self) -> String {
        match (&self.trouble, &self.lock_wait) {
            (Some(Trouble::Failed(why)), _) => why.clone(),
            (Some(Trouble::ChangedOnDisk), _) => {
                "the file changed on disk, and saving over it would lose that change".into()
            }
            (None, Some(wait)) => wait.to_string(),
            (None, None) => "the save did not finish in time".into(),
        }
    }

    /// The UI made an edit. A failed save is tried again with it.
    pub fn edited(&mut self) -> u64 {
        self.edits += 1;
        if matches!(self.trouble, Some(Trouble::Failed(_))) {
            self.trouble = None;
        }
        self.edits
    }

    /// The number of the latest edit.
    pub fn latest_edit(&self) -> u64 {
        self.edits
    }

    /// "Quit anyway": the edits not on disk are given up.
    pub fn discard(&mut self) {
        self.on_disk = self.edits;
    }

    /// Lets the next [`Sync::next_save`] try again after a failure or a refusal: "save
    /// again", a form saved over a change (its refusal reopens it over the new version), the
    /// last chance before the program ends. The store still refuses to overwrite another
    /// program's change.
    pub fn retry(&mut self) {
        self.trouble = None;
    }

    /// The save to send to the writer now, if one is due: the latest edit and the bytes the
    /// file must still hold. None while another is being written (it is coalesced into the
    /// next), while a reload is on its way, or while a save could only fail or be refused.
    pub fn next_save(&mut self) -> Option<(u64, Arc<Vec<u8>>)> {
        if self.writing.is_some() || self.reloading || self.trouble.is_some() || !self.unsaved() {
            return None;
        }
        self.writing = Some(self.edits);
        Some((self.edits, Arc::clone(&self.base)))
    }

    /// `R`: whether to ask the writer to read the file again (not while it already is).
    pub fn start_reload(&mut self) -> bool {
        !std::mem::replace(&mut self.reloading, true)
    }

    /// The document now is `version`'s, with nothing unsaved: after a reload, or a form
    /// reopened over the file's new version.
    pub fn adopt(&mut self, bytes: Arc<Vec<u8>>) {
        self.base = bytes;
        self.on_disk = self.edits;
        self.trouble = None;
        self.newer = None;
    }

    /// Takes in what the writer reports. `quiet` says whether the UI has nothing open that a
    /// new document would pull from under the user (see `App::may_reload_quietly`).
    pub fn report(&mut self, report: Report, quiet: bool) -> Next {
        match report {
            Report::LockWait(wait) => {
                let say = format!("{wait}: saving once it is free");
                self.lock_wait = self.writing.map(|_| wait);
                Next::Say(say)
            }
            Report::Saved { edit, bytes } => {
                self.done_writing();
                self.base = bytes;
                self.on_disk = self.on_disk.max(edit);
                Next::Nothing
            }
            Report::Refused { now, .. } => {
                self.done_writing();
                self.trouble = Some(Trouble::ChangedOnDisk);
                match now {
                    Ok(now) => Next::Refused { now },
                    Err(e) => Next::Say(format!(
                        "the file changed on disk and cannot be read: {e}; your edit is kept here"
                    )),
                }
            }
            Report::Failed { error, .. } => {
                self.done_writing();
                let why = error.to_string();
                self.trouble = Some(Trouble::Failed(why.clone()));
                Next::Say(format!("not saved: {why}"))
            }
            Report::Outside(Ok(version)) => self.outside(version, quiet),
            Report::Outside(Err(e)) => {
                // Unreadable or broken now: nothing is saved over it, and the user is told.
                self.newer = None;
                self.trouble = Some(Trouble::ChangedOnDisk);
                Next::Say(format!(
                    "the file changed on disk and cannot be loaded: {e}"
                ))
            }
            Report::Back { bytes } => {
                // The file holds again what the writer last saw; if that is our version, the
                // trouble is over.
                if same(&bytes, &self.base) {
                    self.newer = None;
                    if self.changed_on_disk() && !self.unsaved() {
                        self.trouble = None;
                    }
                }
                Next::Nothing
            }
            Report::Reloaded(result) => {
                self.reloading = false;
                match result {
                    Ok(version) => {
                        self.adopt(version.bytes);
                        Next::Replace(version.product, Replaced::Asked)
                    }
                    Err(e) => Next::Say(format!("cannot reload: {e}")),
                }
            }
        }
    }

    /// A newer version kept while something was open is followed once it is safe.
    pub fn follow_when_safe(&mut self, quiet: bool) -> Next {
        if self.may_follow(quiet)
            && let Some(version) = self.newer.take()
        {
            return self.replace_from_outside(version);
        }
        Next::Nothing
    }

    fn outside(&mut self, version: Version, quiet: bool) -> Next {
        if same(&version.bytes, &self.base) {
            // Back to what we know: nothing to follow.
            self.newer = None;
            if self.changed_on_disk() && !self.unsaved() {
                self.trouble = None;
            }
            return Next::Nothing;
        }
        if self.may_follow(quiet) {
            return self.replace_from_outside(version);
        }
        self.newer = Some(version);
        if self.changed_on_disk() {
            Next::Nothing
        } else {
            self.trouble = Some(Trouble::ChangedOnDisk);
            Next::ChangedOnDisk
        }
    }

    fn may_follow(&self, quiet: bool) -> bool {
        quiet && !self.unsaved() && self.writing.is_none() && !self.reloading
    }

    fn replace_from_outside(&mut self, version: Version) -> Next {
        self.adopt(version.bytes);
        Next::Replace(version.product, Replaced::Outside)
    }

    fn done_writing(&mut self) {
        self.writing = None;
        self.lock_wait = None;
    }
}

/// The same bytes; the pointer test first, since both usually come from the writer's one
/// copy and a comparison costs milliseconds at 100k stories.
fn same(a: &Arc<Vec<u8>>, b: &Arc<Vec<u8>>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// The document as the App holds it: shared with the writer thread, which saves a snapshot
/// of it while the UI goes on. A snapshot is a pointer copy; the first change after one
/// copies the document only if the writer still holds that snapshot (copy on write), so
/// an edit made while no save is running copies nothing. Reading goes through `Deref` and
/// changing through `DerefMut`, so the product's own methods are called as on a `Product`.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedProduct(Arc<Product>);

impl SharedProduct {
    pub fn new(product: Product) -> SharedProduct {
        SharedProduct(Arc::new(product))
    }

    /// What the writer saves: the document as it is now, whatever the UI does next.
    pub fn snapshot(&self) -> Arc<Product> {
        Arc::clone(&self.0)
    }
}

impl std::ops::Deref for SharedProduct {
    type Target = Product;

    fn deref(&self) -> &Product {
        &self.0
    }
}

impl std::ops::DerefMut for SharedProduct {
    fn deref_mut(&mut self) -> &mut Product {
        Arc::make_mut(&mut self.0)
    }
}

#[cfg(test)]
mod tests;
