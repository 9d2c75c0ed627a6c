//! The writer thread: all the disk work of a running UI, off the thread that answers keys.
//! It saves the snapshots it is sent, reads the file again when asked (`R`), and once a
//! second, when idle, watches the file for changes by other programs. Being one thread, it
//! never reads the file half-way through its own save. It reports into the loop's channel.
//!
//! A save that finds the file changed by another program merges (the store's
//! [`Store::save_merged`]): both sides' edits are written, and the merged document comes
//! back in the report for the UI to adopt.

use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use crate::model::Product;
use crate::store::merge::MergeReport;
use crate::store::{Encoded, LockWait, Store, StoreError};

/// How often the file is checked for changes by others.
const WATCH_EVERY: Duration = Duration::from_secs(1);

/// A version of the file: the product and the exact bytes it came from.
#[derive(Debug)]
pub struct Version {
    pub product: Product,
    pub bytes: Arc<Vec<u8>>,
}

/// What the UI asks of the writer.
#[derive(Debug)]
pub enum Job {
    /// Save `product` (edit number `edit`), made from the file as it was in `base`: what
    /// another program wrote since is merged in.
    Save {
        edit: u64,
        product: Arc<Product>,
        base: Arc<Vec<u8>>,
    },
    /// Read the file again as it is now.
    Reload,
}

/// What the writer tells the UI.
#[derive(Debug)]
pub enum Report {
    /// The save in progress waits for a lock another program holds.
    LockWait(LockWait),
    /// `bytes` are on disk now. `merged` is set when another program had changed the file:
    /// the merged document (what `bytes` hold) and what came from the other side.
    Saved {
        edit: u64,
        bytes: Arc<Vec<u8>>,
        merged: Option<Box<(Product, MergeReport)>>,
    },
    Failed {
        edit: u64,
        error: StoreError,
    },
    /// Another program changed the file (or broke it).
    Outside(Result<Version, StoreError>),
    /// After a change that could not be read, the file holds again what was last seen.
    Back {
        bytes: Arc<Vec<u8>>,
    },
    /// The answer to [`Job::Reload`].
    Reloaded(Result<Version, StoreError>),
}

/// The UI's end of the writer thread. Dropping it lets the thread end after its current
/// job; nothing waits for it (a save stuck on a lock must not hold up quitting).
pub struct Writer {
    jobs: Sender<Job>,
}

impl Writer {
    /// Starts the thread on `store`, whose file held `opened` at `stamp` (taken before the
    /// read, so a write in between shows as a new stamp). Reports go into `out`.
    pub fn spawn<M: From<Report> + Send + 'static>(
        store: Store,
        opened: Version,
        stamp: Option<(SystemTime, u64)>,
        out: Sender<M>,
    ) -> Writer {
        let (jobs, inbox) = mpsc::channel();
        let waits = out.clone();
        let store = store.on_lock_wait(Arc::new(move |wait: &LockWait| {
            let _ = waits.send(M::from(Report::LockWait(wait.clone())));
        }));
        let mut thread = Thread {
            seen: Arc::clone(&opened.bytes),
            opened: Some(opened),
            store,
            stamp,
            unreadable: false,
            saved: None,
        };
        std::thread::spawn(move || {
            let mut last_watch = Instant::now();
            loop {
                let wait = WATCH_EVERY.saturating_sub(last_watch.elapsed());
                let report = match inbox.recv_timeout(wait) {
                    Ok(job) => Some(thread.run(job)),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                };
                if let Some(report) = report
                    && out.send(M::from(report)).is_err()
                {
                    return;
                }
                // Also between jobs, so a stream of saves does not starve the watch.
                if last_watch.elapsed() >= WATCH_EVERY {
                    last_watch = Instant::now();
                    if let Some(report) = thread.watch()
                        && out.send(M::from(report)).is_err()
                    {
                        return;
                    }
                }
            }
        });
        Writer { jobs }
    }

    pub fn send(&self, job: Job) {
        // The thread ends only when this end is dropped, so sending cannot fail while the
        // UI runs; if it did, the save would show as never finished, never as saved.
        let _ = self.jobs.send(job);
    }
}

/// The writer's own knowledge of the file.
struct Thread {
    store: Store,
    /// The bytes last read or written by this program.
    seen: Arc<Vec<u8>>,
    /// The file's metadata stamp when `seen` was taken.
    stamp: Option<(SystemTime, u64)>,
    /// The last change found could not be read.
    unreadable: bool,
    /// The last save, with where each story lies in it: the next save from those bytes
    /// encodes only the stories changed since.
    saved: Option<Encoded>,
    /// Until the first save: the product the file held when opened or read again, with
    /// those bytes. That save places its stories if the note names the bytes
    /// (`Store::placed`), so it too encodes only the stories the user changed; not sooner,
    /// since the UI is drawing its first frame on the other core then.
    opened: Option<Version>,
}

impl Thread {
    fn run(&mut self, job: Job) -> Report {
        match job {
            Job::Save {
                edit,
                product,
                base,
            } => self.save(edit, &product, &base),
            Job::Reload => Report::Reloaded(self.read()),
        }
    }

    fn save(&mut self, edit: u64, product: &Product, base: &Arc<Vec<u8>>) -> Report {
        // Before the write, so the next watch reads the file once and sees our own bytes.
        let stamp = self.store.disk_stamp();
        let base = match (self.saved.take(), self.opened.take()) {
            (Some(saved), _) if Arc::ptr_eq(saved.bytes(), base) => saved,
            (_, Some(opened)) if Arc::ptr_eq(&opened.bytes, base) => {
                self.store.placed(&opened.product, opened.bytes)
            }
            _ => Encoded::unplaced(Arc::clone(base)),
        };
        match self.store.save_merged_after(product, &base) {
            Ok((saved, merged)) => {
                let bytes = Arc::clone(saved.bytes());
                self.saved = Some(saved);
                self.seen = Arc::clone(&bytes);
                self.stamp = stamp;
                self.unreadable = false;
                Report::Saved {
                    edit,
                    bytes,
                    merged: merged.map(Box::new),
                }
            }
            Err(error) => Report::Failed { edit, error },
        }
    }

    /// The file as it is now, stamped just before.
    fn read(&mut self) -> Result<Version, StoreError> {
        // The next save starts from this read: the last save's places serve it no more.
        self.saved = None;
        self.opened = None;
        let stamp = self.store.disk_stamp();
        let loaded = self.store.load()?;
        let bytes = Arc::new(loaded.bytes);
        self.opened = Some(Version {
            product: loaded.product.clone(),
            bytes: Arc::clone(&bytes),
        });
        self.seen = Arc::clone(&bytes);
        self.stamp = stamp;
        self.unreadable = false;
        Ok(Version {
            product: loaded.product,
            bytes,
        })
    }

    /// Has someone else changed the file? The metadata stamp is cheap; only when it moved
    /// are the bytes read and compared (a stamp alone misses nothing it should see, but
    /// moves when only touched).
    fn watch(&mut self) -> Option<Report> {
        let stamp = self.store.disk_stamp();
        if stamp == self.stamp {
            return None;
        }
        self.stamp = stamp;
        match self.store.load_if_changed(&self.seen) {
            Ok(None) if self.unreadable => {
                self.unreadable = false;
                Some(Report::Back {
                    bytes: Arc::clone(&self.seen),
                })
            }
            Ok(None) => None,
            Ok(Some(loaded)) => {
                let bytes = Arc::new(loaded.bytes);
                self.seen = Arc::clone(&bytes);
                self.unreadable = false;
                Some(Report::Outside(Ok(Version {
                    product: loaded.product,
                    bytes,
                })))
            }
            Err(e) => {
                self.unreadable = true;
                Some(Report::Outside(Err(e)))
            }
        }
    }
}
