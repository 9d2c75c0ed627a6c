//! The only code that touches disk: finding the document, loading it, and saving it so that
//! no edit is ever lost.
//!
//! - Saves are atomic and durable (`atomic.rs`), so a kill at any moment leaves the old or
//!   the new document.
//! - Every write runs under an exclusive lock on `<file>.lock` beside the document
//!   (`lock.rs`) and re-reads the file inside it. The lock is on a separate file because a
//!   save renames a new file over the document, which would leave a lock on the document
//!   itself guarding nothing.
//! - A file that does not parse or breaks the model's rules is never overwritten.

mod atomic;
mod backups;
mod codec;
pub mod config_file;
mod digest;
mod error;
mod git;
mod guard;
mod last_save;
mod locate;
mod lock;
pub mod merge;
mod proc_locks;
mod recovery;
mod save;
mod side_file;
mod source;
mod splice;

use std::fs::{self, OpenOptions};
use std::io::ErrorKind;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

pub use backups::{Backup, summary as backup_summary};
pub use codec::{Checked, decode, encode};
pub use error::StoreError;
pub use git::{GitMerge, Resolved, side_file_patterns};
pub use guard::DEFAULT_MAX_BYTES;
pub use locate::{FILE_NAME, Located, locate};
pub use lock::{DEFAULT_TIMEOUT as DEFAULT_LOCK_TIMEOUT, LockWait, LockWaitHook};
pub use recovery::{Draft, DraftField, RECOVERY_SUFFIX, Recovered, Recovery};
pub use save::{MergeHook, Saved};
pub use side_file::IfTaken;
pub use source::{SourceFile, read_markdown_folders, read_source};
pub use splice::{Encoded, encode_after, encode_in_chunks};

use crate::model::Product;
use atomic::Pending;
use guard::Refusal;
use lock::{Held, LockFailure, LockPolicy};

/// A loaded document and the exact bytes it came from; the bytes tell a later save whether
/// someone else wrote the file in between (timestamps miss fast successive writes).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub product: Product,
    pub bytes: Vec<u8>,
}

/// Whether a store may write. `--read-only` is enforced here, where every write goes
/// through, so no command can forget it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadWrite,
    ReadOnly,
}

/// One document on disk, how its writers wait for each other, and who hears of a merge.
#[derive(Clone)]
pub struct Store {
    path: PathBuf,
    max_bytes: u64,
    access: Access,
    lock: LockPolicy,
    merge_hook: Option<MergeHook>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("access", &self.access)
            .field("lock", &self.lock)
            .finish_non_exhaustive()
    }
}

impl Store {
    pub fn at(path: impl Into<PathBuf>) -> Store {
        Store {
            path: path.into(),
            max_bytes: DEFAULT_MAX_BYTES,
            access: Access::ReadWrite,
            lock: LockPolicy::default(),
            merge_hook: None,
        }
    }

    /// Refuse documents larger than `max_bytes` ([`DEFAULT_MAX_BYTES`] unless set), before
    /// reading them.
    pub fn with_size_limit(self, max_bytes: u64) -> Store {
        Store { max_bytes, ..self }
    }

    /// The same document with the given access: a read-only store refuses every write
    /// (document, lock file, side files) before touching the disk.
    pub fn with_access(self, access: Access) -> Store {
        Store { access, ..self }
    }

    pub fn access(&self) -> Access {
        self.access
    }

    /// Another document with the same access and limits: git's temporary files for the
    /// merge driver are read and written as carefully as the document itself.
    pub fn at_same_limits(&self, path: impl Into<PathBuf>) -> Store {
        Store {
            path: path.into(),
            ..self.clone()
        }
    }

    /// How long a write waits for the lock held by another process before it gives up
    /// ([`DEFAULT_LOCK_TIMEOUT`] unless set).
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Store {
        self.lock.timeout = timeout;
        self
    }

    /// Tells `hook` when a write has waited more than a moment for the lock, and whom for.
    /// It runs on the waiting thread and must not block.
    pub fn on_lock_wait(mut self, hook: LockWaitHook) -> Store {
        self.lock.hook = Some(hook);
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the document without locking: readers never wait for writers, and a save's
    /// rename means a reader sees either the whole old or the whole new file.
    pub fn load(&self) -> Result<Loaded, StoreError> {
        let bytes = self.read_bytes()?;
        let product = decode(&self.path, &bytes)?;
        Ok(Loaded { product, bytes })
    }

    /// The document's broken rules and open conflicts, as [`Product::problems`] and
    /// [`Product::conflicts`] tell them of [`load`](Store::load)'s product, which a large
    /// file's check does not build whole ([`codec::judge`]).
    pub fn check(&self) -> Result<Checked, StoreError> {
        codec::judge(&self.path, &self.read_bytes()?)
    }

    /// The file's modification time and length, from its metadata alone (no read): a cheap
    /// way for a watcher to notice that the file may have changed. `None` when it cannot be
    /// read (missing, say). Not proof either way: only the bytes are (see [`Loaded`]).
    pub fn disk_stamp(&self) -> Option<(SystemTime, u64)> {
        let meta = fs::metadata(&self.path).ok()?;
        Some((meta.modified().ok()?, meta.len()))
    }

    /// Loads the document only if the file no longer holds exactly `known` (the bytes last
    /// loaded or saved); `None` when it still does.
    pub fn load_if_changed(&self, known: &[u8]) -> Result<Option<Loaded>, StoreError> {
        let bytes = self.read_bytes()?;
        if bytes == known {
            return Ok(None);
        }
        let product = decode(&self.path, &bytes)?;
        Ok(Some(Loaded { product, bytes }))
    }

    /// Writes a new document; refuses if the file exists.
    pub fn create(&self, product: &Product) -> Result<Vec<u8>, StoreError> {
        self.refuse_read_only()?;
        self.ensure_parent()?;
        let _lock = self.lock()?;
        // Through a dangling link the target is what is created (the link stays); a link
        // that still leads nowhere after resolving is a loop, and taken.
        if guard::is_taken(&self.real_path()) {
            return Err(StoreError::Exists {
                path: self.path.clone(),
            });
        }
        let bytes = encode(product);
        let write = |file: &mut fs::File| {
            std::io::Write::write_all(file, &bytes)?;
            last_save::mark(file, digest::Digest::of(&bytes));
            Ok(())
        };
        Pending::write_with(&self.real_path(), write)
            .and_then(Pending::commit)
            .map_err(|e| self.io("save", e))?;
        Ok(bytes)
    }

    /// Writes a report (the sprint review) beside the document and returns where: under
    /// `file_name`, or `stem-2.ext`, `stem-3.ext`, ... if that is taken, so a report never
    /// replaces a file someone may have edited by hand.
    pub fn write_report(&self, file_name: &str, text: &str) -> Result<PathBuf, StoreError> {
        let path = self.real_path().with_file_name(file_name);
        self.write_side_file(&path, text.as_bytes(), IfTaken::NextFree)
    }

    /// Keeps what could not be saved in a new recovery file beside the document (see
    /// `store/recovery.rs` for its name and format) and returns where. Takes no lock: it
    /// never touches the document, and it must work while another process holds the lock.
    pub fn write_recovery(&self, recovery: &Recovery) -> Result<PathBuf, StoreError> {
        let real = self.real_path();
        let mut name = real.file_name().unwrap_or_default().to_os_string();
        name.push(RECOVERY_SUFFIX);
        let bytes = recovery::encode(&real, recovery);
        self.write_side_file(&real.with_file_name(name), &bytes, IfTaken::NextFree)
    }

    /// The recovery files beside the document, oldest first (`NAME.recovery`, then
    /// `NAME-2.recovery`, ...). A folder that cannot be listed has none to offer.
    pub fn recoveries(&self) -> Vec<PathBuf> {
        let real = self.real_path();
        let name = real.file_name().unwrap_or_default().to_string_lossy();
        let folder = match real.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let Ok(entries) = fs::read_dir(folder) else {
            return Vec::new();
        };
        let mut found: Vec<(u32, PathBuf)> = entries
            .flatten()
            .filter_map(|e| {
                let n = recovery::number(&name, &e.file_name().to_string_lossy())?;
                Some((n, e.path()))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, path)| path).collect()
    }

    /// Reads a recovery file of this document. One that does not parse, is not a recovery
    /// file, is from a newer roadlog or names another document is refused, and left as it
    /// is.
    pub fn read_recovery(&self, path: &Path) -> Result<Recovered, StoreError> {
        let bad = |why: String| StoreError::BadRecovery {
            path: path.to_path_buf(),
            why,
        };
        let bytes =
            guard::read_regular(path, self.max_bytes.saturating_mul(3)).map_err(|refusal| {
                match refusal {
                    Refusal::Io(source) => StoreError::Io {
                        action: "read",
                        path: path.to_path_buf(),
                        source,
                    },
                    Refusal::NotRegular(what) => bad(format!("it is {what}, not a regular file")),
                    Refusal::TooLarge(size) => bad(format!("it is too large ({size} bytes)")),
                }
            })?;
        recovery::read(path, &self.real_path(), &bytes).map_err(bad)
    }

    /// Deletes a recovery file of this document once what it kept is back. Only a file
    /// named as this document's recovery files are is deleted.
    pub fn delete_recovery(&self, path: &Path) -> Result<(), StoreError> {
        self.refuse_read_only()?;
        let real = self.real_path();
        let ours = real.parent() == path.parent()
            && path.file_name().is_some_and(|f| {
                let name = real.file_name().unwrap_or_default().to_string_lossy();
                recovery::number(&name, &f.to_string_lossy()).is_some()
            });
        if !ours {
            return Err(StoreError::BadRecovery {
                path: path.to_path_buf(),
                why: "it is not a recovery file of this document".into(),
            });
        }
        fs::remove_file(path).map_err(|source| StoreError::Io {
            action: "delete",
            path: path.to_path_buf(),
            source,
        })
    }

    /// Writes a file that is not the document (a backup, a recovery file, a report, an
    /// export) atomically, with the document's permission bits so it is no more readable
    /// than the document (the umask's default when there is no document yet), and returns
    /// where it went. Every file roadlog writes besides the document goes through here.
    pub fn write_side_file(
        &self,
        path: &Path,
        bytes: &[u8],
        if_taken: IfTaken,
    ) -> Result<PathBuf, StoreError> {
        self.refuse_read_only()?;
        // A numbered name passes over the document as over any other file that is there.
        if if_taken != IfTaken::NextFree && self.is_the_document(path) {
            return Err(StoreError::IsTheDocument {
                path: path.to_path_buf(),
            });
        }
        side_file::write(path, bytes, self.mode(), if_taken).map_err(|source| {
            if source.kind() == ErrorKind::AlreadyExists && if_taken == IfTaken::Refuse {
                StoreError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                StoreError::Io {
                    action: "write",
                    path: path.to_path_buf(),
                    source,
                }
            }
        })
    }

    /// Whether this process may write the document: false for a read-only file or folder.
    pub fn is_writable(&self) -> bool {
        if self.access == Access::ReadOnly {
            return false;
        }
        let file_ok = fs::metadata(&self.path).is_ok_and(|m| !m.permissions().readonly())
            && OpenOptions::new().append(true).open(&self.path).is_ok();
        file_ok && self.lock_path_writable()
    }

    fn lock_path_writable(&self) -> bool {
        lock::can_open(&self.lock_path(), self.mode())
    }

    /// The document's permission bits, for the files made beside it; `None` before it exists.
    fn mode(&self) -> Option<u32> {
        fs::metadata(self.real_path())
            .ok()
            .map(|m| m.mode() & 0o7777)
    }

    /// Called first by every writing path: the lock (which every document write takes)
    /// and [`Store::write_side_file`].
    fn refuse_read_only(&self) -> Result<(), StoreError> {
        match self.access {
            Access::ReadWrite => Ok(()),
            Access::ReadOnly => Err(StoreError::ReadOnly {
                path: self.path.clone(),
            }),
        }
    }

    fn refuse_invalid(&self, product: &Product) -> Result<(), StoreError> {
        self.refuse_problems(product.problems())
    }

    fn refuse_problems(&self, problems: Vec<crate::model::Problem>) -> Result<(), StoreError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Invalid {
                path: self.path.clone(),
                problems,
            })
        }
    }

    fn read_bytes(&self) -> Result<Vec<u8>, StoreError> {
        guard::read_regular(&self.path, self.max_bytes).map_err(|refusal| match refusal {
            Refusal::Io(source) if source.kind() == ErrorKind::NotFound => StoreError::Missing {
                path: self.path.clone(),
            },
            Refusal::Io(source) => self.io("read", source),
            Refusal::NotRegular(what) => StoreError::NotRegular {
                path: self.path.clone(),
                what,
            },
            Refusal::TooLarge(size) => StoreError::TooLarge {
                path: self.path.clone(),
                size,
                limit: self.max_bytes,
            },
        })
    }

    /// The file a save replaces. Through a symlink that is the link's target, even one that
    /// does not exist yet: renaming over the link itself would turn it into a plain file
    /// (with the link's own mode, 0777) and leave the real document behind. Locking beside
    /// the target also makes writers that use either name share one lock.
    /// Whether `path` is the document's own file (by its name, through a link, or as a hard
    /// link), which no side file may replace: `export csv --out roadlog.json --force` would
    /// otherwise put a CSV where the backlog was.
    fn is_the_document(&self, path: &Path) -> bool {
        guard::same_file(path, &self.path)
    }

    fn real_path(&self) -> PathBuf {
        guard::resolve_links(&self.path).unwrap_or_else(|_| self.path.clone())
    }

    fn lock_path(&self) -> PathBuf {
        let path = self.real_path();
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        path.with_file_name(name)
    }

    /// Takes the exclusive write lock. Temporary files left by killed writers are removed
    /// here: while we hold the lock, no other save can be in progress.
    fn lock(&self) -> Result<Held, StoreError> {
        self.refuse_read_only()?;
        let held =
            lock::acquire(&self.lock_path(), self.mode(), &self.lock).map_err(|e| match e {
                // No folder for the lock file: there is no document either, and that
                // (with how to make one) is what the user needs to hear.
                LockFailure::Io(_, source) if source.kind() == ErrorKind::NotFound => {
                    StoreError::Missing {
                        path: self.path.clone(),
                    }
                }
                LockFailure::Io(action, source) => self.io(action, source),
                LockFailure::TimedOut { holder } => StoreError::LockTimeout {
                    path: self.path.clone(),
                    holder,
                    waited: self.lock.timeout,
                },
            })?;
        atomic::remove_stale(&self.real_path());
        Ok(held)
    }

    fn write_atomically(&self, bytes: &[u8]) -> Result<(), StoreError> {
        atomic::replace(&self.real_path(), bytes).map_err(|e| self.io("save", e))
    }

    fn ensure_parent(&self) -> Result<(), StoreError> {
        match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => {
                fs::create_dir_all(dir).map_err(|e| self.io("create the folder of", e))
            }
            _ => Ok(()),
        }
    }

    fn io(&self, action: &'static str, source: std::io::Error) -> StoreError {
        StoreError::Io {
            action,
            path: self.path.clone(),
            source,
        }
    }
}
