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
use crate::store::merge::MergeReport;

pub use writer::{Job, Report, Version, Writer};

/// What the badge says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Badge {
    Saved,
    /// Saved, and the save merged what another program had written: how many of its
    /// changes, and how many fields both changed (its values kept as open conflicts).
    Merged {
        changes: usize,
        conflicts: usize,
    },
    /// An edit is being written, or waits for the one being written.
    Saving,
    /// The save in progress waits for a lock another program holds.
    WaitingForLock(LockWait),
    /// `R`: the file is being read again.
    Reloading,
    /// The last save failed.
    Failed,
    /// Another program left the file unreadable; nothing is saved over it until it reads
    /// again.
    Unreadable,
}

impl Badge {
    pub fn text(&self) -> String {
        match self {
            Badge::Saved => "saved".into(),
            Badge::Merged { changes, conflicts } => {
                let mut text = match changes {
                    1 => "merged 1 change".to_string(),
                    n => format!("merged {n} changes"),
                };
                match conflicts {
                    0 => {}
                    1 => text.push_str(" · 1 conflict"),
                    n => text.push_str(&format!(" · {n} conflicts")),
                }
                text
            }
            Badge::Saving => "saving…".into(),
            Badge::WaitingForLock(LockWait { holder: Some(pid) }) => {
                format!("waiting for lock · pid {pid}")
            }
            Badge::WaitingForLock(LockWait { holder: None }) => "waiting for lock".into(),
            Badge::Reloading => "reloading…".into(),
            Badge::Failed => "save failed".into(),
            Badge::Unreadable => "file unreadable".into(),
        }
    }
}

/// What went wrong with the file, until a save or a readable file puts it right.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Trouble {
    /// The last save failed; the next edit (or "save again") tries again.
    Failed(String),
    /// Another program left the file unreadable (why): saving would fail, and reading it
    /// again is what ends this.
    Unreadable(String),
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
    /// Someone else changed the file while something is open that refers to the document:
    /// it shows once that closes, and a save meanwhile merges with it.
    Held,
    /// A save merged another program's changes in; `product` is what it wrote. When edits
    /// were made after the saved snapshot, `behind` holds the bytes written: the session
    /// moves those edits onto `product` ([`crate::store::merge::rebase`]) and then calls
    /// [`Sync::rebased`] with them. Otherwise the document simply becomes `product`.
    Merged {
        product: Product,
        report: MergeReport,
        behind: Option<Arc<Vec<u8>>>,
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
    /// The bytes of the file version the document is based on: the base of the three-way
    /// merge when another program wrote the file since.
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
    /// A newer version of the file, kept until nothing open would be pulled from under the
    /// user by following it.
    newer: Option<Version>,
    reloading: bool,
    /// What the last save merged in, for the badge until the next edit.
    merged: Option<(usize, usize)>,
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
            (Some(Trouble::Unreadable(_)), _) => Badge::Unreadable,
            (Some(Trouble::Failed(_)), _) => Badge::Failed,
            (None, Some(wait)) => Badge::WaitingForLock(wait.clone()),
            (None, None) if self.reloading => Badge::Reloading,
            (None, None) if self.unsaved() => Badge::Saving,
            (None, None) => match self.merged {
                Some((changes, conflicts)) => Badge::Merged { changes, conflicts },
                None => Badge::Saved,
            },
        }
    }

    /// The bytes of the file version the document is based on.
    pub fn base(&self) -> &[u8] {
        &self.base
    }

    /// Edits not on disk yet.
    pub fn unsaved(&self) -> bool {
        self.edits > self.on_disk
    }

    /// `R` asked for the file and it has not come yet: edits wait, or it would drop them.
    pub fn reloading(&self) -> bool {
        self.reloading
    }

    /// Why the file cannot be read now, while another program has left it so.
    pub fn unreadable(&self) -> Option<&str> {
        match &self.trouble {
            Some(Trouble::Unreadable(why)) => Some(why),
            _ => None,
        }
    }

    /// Unsaved edits that the last save failed to write, or that cannot be saved over an
    /// unreadable file: quitting now would lose them.
    pub fn at_risk(&self) -> bool {
        self.unsaved() && self.trouble.is_some()
    }

    /// Why the unsaved edits are not on disk, in words for a message or a recovery file.
    pub fn why_unsaved(&self) -> String {
        match (&self.trouble, &self.lock_wait) {
            (Some(Trouble::Failed(why)), _) => why.clone(),
            (Some(Trouble::Unreadable(why)), _) => {
                format!("the file cannot be read ({why}), and saving over it would lose it")
            }
            (None, Some(wait)) => wait.to_string(),
            (None, None) => "the save did not finish in time".into(),
        }
    }

    /// The UI made an edit. A failed save is tried again with it.
    pub fn edited(&mut self) -> u64 {
        self.edits += 1;
        self.merged = None;
        if matches!(self.trouble, Some(Trouble::Failed(_))) {
            self.trouble = None;
        }
        self.edits
    }

    /// The document is now edits brought back from a recovery file, made on the file version
    /// `base`: saved like any edit, so merged with the file as it is now. Their edit number.
    pub fn restored(&mut self, base: Arc<Vec<u8>>) -> u64 {
        self.base = base;
        self.edited()
    }

    /// Whether edit number `edit` is on disk.
    pub fn saved_through(&self, edit: u64) -> bool {
        self.on_disk >= edit
    }

    /// "Quit anyway": the edits not on disk are given up.
    pub fn discard(&mut self) {
        self.on_disk = self.edits;
    }

    /// Lets the next [`Sync::next_save`] try again after a failure: "save again", the last
    /// chance before the program ends. A file still unreadable fails the save again, and
    /// nothing is written over it.
    pub fn retry(&mut self) {
        self.trouble = None;
    }

    /// The save to send to the writer now, if one is due: the latest edit and the bytes it
    /// is based on. None while another is being written (it is coalesced into the next),
    /// while a reload is on its way, or while a save could only fail.
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

    /// The document now is `version`'s, with nothing unsaved: after a reload.
    pub fn adopt(&mut self, bytes: Arc<Vec<u8>>) {
        self.base = bytes;
        self.on_disk = self.edits;
        self.trouble = None;
        self.newer = None;
        self.merged = None;
    }

    /// The edits made after a merged save's snapshot are on the merged document now
    /// (`bytes`, what that save wrote, is its base); they are still to be saved.
    pub fn rebased(&mut self, bytes: Arc<Vec<u8>>) {
        self.base = bytes;
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
            Report::Saved {
                edit,
                bytes,
                merged,
            } => self.saved(edit, bytes, merged.map(|m| *m)),
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
                let why = e.to_string();
                self.trouble = Some(Trouble::Unreadable(why.clone()));
                Next::Say(format!(
                    "the file changed on disk and cannot be loaded: {why}"
                ))
            }
            Report::Back { bytes } => {
                // Readable again, as the writer last saw it: a save may go ahead, and merges
                // if that is not our version.
                self.end_unreadable();
                if same(&bytes, &self.base) {
                    self.newer = None;
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

    fn saved(
        &mut self,
        edit: u64,
        bytes: Arc<Vec<u8>>,
        merged: Option<(Product, MergeReport)>,
    ) -> Next {
        // The footer still says the save waits; it must not stand beside `[saved]`.
        let waited = self.lock_wait.is_some();
        self.done_writing();
        self.on_disk = self.on_disk.max(edit);
        // The save read the file after every change the writer reported before it, and
        // merged them: none is newer than what is on disk now.
        self.newer = None;
        let Some((product, report)) = merged else {
            self.base = bytes;
            return if waited {
                Next::Say("saved: the lock is free".into())
            } else {
                Next::Nothing
            };
        };
        self.merged = Some((report.taken, report.conflicts.len()));
        if self.edits > edit {
            return Next::Merged {
                product,
                report,
                behind: Some(bytes),
            };
        }
        self.base = bytes;
        Next::Merged {
            product,
            report,
            behind: None,
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
        self.end_unreadable();
        if same(&version.bytes, &self.base) {
            // Back to what we know: nothing to follow.
            self.newer = None;
            return Next::Nothing;
        }
        if self.may_follow(quiet) {
            return self.replace_from_outside(version);
        }
        let first = self.newer.replace(version).is_none();
        // Unsaved edits are on their way to a save that merges this; only something open
        // keeps it from showing.
        if first && !self.unsaved() && self.writing.is_none() && !self.reloading {
            Next::Held
        } else {
            Next::Nothing
        }
    }

    fn end_unreadable(&mut self) {
        if matches!(self.trouble, Some(Trouble::Unreadable(_))) {
            self.trouble = None;
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
