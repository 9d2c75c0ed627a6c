//! The write lock: an exclusive `flock` on `<document>.lock` beside the document.
//!
//! - Airtight against a lock file deleted while writers wait or write (`git clean -x`,
//!   `rm *.lock`): after locking, the descriptor's inode is compared with the path's, and a
//!   writer that locked a file no longer at the path starts again. A writer inside checks the
//!   same before it writes ([`Held::still_ours`]).
//! - A waiter polls rather than blocks, so it can say whom it waits for (the holder writes
//!   its pid into the file) and give up after a timeout instead of hanging a script forever.
//! - The kernel drops a dead holder's lock at once, so a crash never blocks anyone.

use std::fmt;
use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// What a writer waiting for the lock is told once the wait lasts more than a moment, and
/// again whenever the holder changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockWait {
    /// The holder's process id: the one it wrote in the lock file, else the one Linux lists
    /// for the lock (an old roadlog or `flock(1)` writes none); `None` when neither says.
    pub holder: Option<u32>,
}

impl fmt::Display for LockWait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.holder {
            Some(pid) => write!(f, "waiting for the lock held by pid {pid}"),
            None => f.write_str("waiting for the lock held by another program"),
        }
    }
}

/// Called from the waiting thread; must not block (the TUI sends it to its loop).
pub type LockWaitHook = Arc<dyn Fn(&LockWait) + Send + Sync>;

/// How long to wait for the lock, and whom to tell about a wait.
#[derive(Clone)]
pub(super) struct LockPolicy {
    pub timeout: Duration,
    pub notice_after: Duration,
    pub hook: Option<LockWaitHook>,
}

impl Default for LockPolicy {
    fn default() -> LockPolicy {
        LockPolicy {
            timeout: DEFAULT_TIMEOUT,
            notice_after: Duration::from_secs(1),
            hook: None,
        }
    }
}

impl fmt::Debug for LockPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockPolicy")
            .field("timeout", &self.timeout)
            .field("notice_after", &self.notice_after)
            .field("hook", &self.hook.as_ref().map(|_| "set"))
            .finish()
    }
}

/// Long enough for any save (16 ms usually, seconds at 100k stories on a loaded machine),
/// short enough that a script behind a forgotten editor session fails rather than hangs.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Why the lock could not be taken.
#[derive(Debug)]
pub(super) enum LockFailure {
    Io(&'static str, std::io::Error),
    TimedOut { holder: Option<u32> },
}

/// The lock, held until dropped.
#[derive(Debug)]
pub(super) struct Held {
    file: File,
    path: PathBuf,
    wrote_pid: bool,
}

impl Held {
    /// Whether the locked file is still the one at the lock path. False once someone deleted
    /// or replaced it: another writer may then hold a lock on the new file.
    pub fn still_ours(&self) -> bool {
        same_file(&self.file, &self.path)
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        // A pid left behind would name a process that no longer holds anything.
        if self.wrote_pid && self.still_ours() {
            let _ = self.file.set_len(0);
        }
    }
}

/// Takes the lock at `path`. A new lock file gets `mode`, the document's: whoever may write
/// the document must be able to lock it, and nobody else needs to read it. Without a
/// document yet (`None`), it follows the umask as the new document will.
pub(super) fn acquire(
    path: &Path,
    mode: Option<u32>,
    policy: &LockPolicy,
) -> Result<Held, LockFailure> {
    let started = Instant::now();
    let mut told: Option<Option<u32>> = None;
    loop {
        let (file, writable) = open(path, mode)?;
        wait_for(&file, path, started, policy, &mut told)?;
        if !same_file(&file, path) {
            // Deleted or replaced while we waited: a lock on it guards nothing.
            continue;
        }
        let wrote_pid = writable && write_pid(&file).is_ok();
        return Ok(Held {
            file,
            path: path.to_path_buf(),
            wrote_pid,
        });
    }
}

/// Whether this process can take the lock at all (create or open the lock file). A lock
/// file it may not write is still lockable, read-only.
pub(super) fn can_open(path: &Path, mode: Option<u32>) -> bool {
    open(path, mode).is_ok()
}

fn open(path: &Path, mode: Option<u32>) -> Result<(File, bool), LockFailure> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(if mode.is_some() { 0o600 } else { 0o666 })
        .open(path)
    {
        Ok(file) => {
            // Set after creation, so the umask cannot make it narrower than the document's.
            if let Some(mode) = mode {
                file.set_permissions(Permissions::from_mode(mode & 0o666))
                    .map_err(|e| LockFailure::Io("set the mode of the lock file of", e))?;
            }
            return Ok((file, true));
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
        Err(e) => return Err(LockFailure::Io("create the lock file of", e)),
    }
    match OpenOptions::new().write(true).open(path) {
        Ok(file) => Ok((file, true)),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => File::open(path)
            .map(|f| (f, false))
            .map_err(|e| LockFailure::Io("open the lock file of", e)),
        // Deleted between the two opens: the next round creates it.
        Err(e) if e.kind() == ErrorKind::NotFound => open(path, mode),
        Err(e) => Err(LockFailure::Io("open the lock file of", e)),
    }
}

/// Polls for the lock with a growing pause (1 ms to 25 ms): a save takes milliseconds, and
/// polling lets the wait be reported and bounded.
fn wait_for(
    file: &File,
    path: &Path,
    started: Instant,
    policy: &LockPolicy,
    told: &mut Option<Option<u32>>,
) -> Result<(), LockFailure> {
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => return Err(LockFailure::Io("lock", e)),
        }
        let waited = started.elapsed();
        if waited >= policy.timeout {
            return Err(LockFailure::TimedOut {
                holder: holder(path),
            });
        }
        // Waiting on a lock file someone deleted or replaced: whoever is at the path now is
        // not whom this waits for, and a moment with no file would name nobody. The next
        // round, on the file at the path, says whom.
        if waited >= policy.notice_after && same_file(file, path) {
            let now = holder(path);
            if *told != Some(now) {
                *told = Some(now);
                if let Some(hook) = &policy.hook {
                    hook(&LockWait { holder: now });
                }
            }
        }
        thread::sleep(pause.min(policy.timeout.saturating_sub(waited)));
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

fn write_pid(mut file: &File) -> std::io::Result<()> {
    file.set_len(0)?;
    file.write_all(format!("{}\n", std::process::id()).as_bytes())
}

/// The pid the holder wrote, else the one the system lists for the lock, if any.
fn holder(path: &Path) -> Option<u32> {
    let written = fs::read_to_string(path).ok()?.trim().parse().ok();
    written.or_else(|| super::proc_locks::holder(path))
}

fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::metadata(path)) {
        (Ok(held), Ok(at_path)) => held.dev() == at_path.dev() && held.ino() == at_path.ino(),
        _ => false,
    }
}
