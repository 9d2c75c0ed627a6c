//! Replacing a file atomically and durably: a temporary file in the same folder, fsync,
//! rename over the target, fsync the folder. A kill at any moment leaves the old or the new
//! file, never a mix.
//!
//! The temporary file's name says who made it, `.<name>.roadlog-<pid>-<n>.tmp`, so the
//! clean-up after a kill removes exactly the files a dead roadlog left, never a user's
//! `.roadlog.json.backup` and never a file another live roadlog is still writing.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::digest::Digest;

/// Numbers this process's temporary files, so two threads never pick the same name.
static NEXT: AtomicU32 = AtomicU32::new(1);

/// A written, synced temporary file waiting to be renamed over its target. Dropped without
/// [`Pending::commit`], it is removed.
#[derive(Debug)]
pub(super) struct Pending {
    temp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Pending {
    /// Writes `bytes` beside `target` with the target's mode and owner (a new file follows
    /// the umask), and syncs it to disk.
    pub fn write(target: &Path, bytes: &[u8]) -> std::io::Result<Pending> {
        Pending::write_with(target, |file| file.write_all(bytes))
    }

    /// [`Pending::write`] of what `fill` writes into the file, in as many writes as it
    /// likes: a spliced save writes its pieces without joining them first.
    pub fn write_with(
        target: &Path,
        fill: impl FnOnce(&mut File) -> std::io::Result<()>,
    ) -> std::io::Result<Pending> {
        let (mut file, pending) = Pending::create(target)?;
        fill(&mut file)?;
        file.sync_all()?;
        Ok(pending)
    }

    /// [`Pending::write_with`], unless `fill` finds it wrote what the target holds already:
    /// then `None`, and the temporary file is removed without the cost of a sync.
    pub fn write_unless_same(
        target: &Path,
        fill: impl FnOnce(&mut File) -> std::io::Result<bool>,
    ) -> std::io::Result<Option<Pending>> {
        let (mut file, pending) = Pending::create(target)?;
        if fill(&mut file)? {
            return Ok(None);
        }
        file.sync_all()?;
        Ok(Some(pending))
    }

    /// The temporary file beside `target`, with the target's mode and owner.
    fn create(target: &Path) -> std::io::Result<(File, Pending)> {
        let (file, temp) = create_temp(target)?;
        let pending = Pending {
            temp,
            target: target.to_path_buf(),
            committed: false,
        };
        if let Ok(meta) = fs::metadata(target) {
            file.set_permissions(Permissions::from_mode(meta.mode() & 0o7777))?;
            // Only root may give a file away; anyone else keeps their own ownership.
            match std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid())) {
                Err(e) if e.kind() != ErrorKind::PermissionDenied => return Err(e),
                _ => {}
            }
        }
        Ok((file, pending))
    }

    /// Renames the temporary file over the target and syncs the folder, so the rename
    /// itself survives a power cut.
    pub fn commit(mut self) -> std::io::Result<()> {
        fs::rename(&self.temp, &self.target)?;
        self.committed = true;
        sync_folder(&self.target)
    }

    /// Puts the new file in place by swapping it with the old one in one step
    /// (`RENAME_EXCHANGE`), and hands back the file it replaced: what was really on disk at
    /// that instant, so a writer can tell whether anyone wrote since it read. `None` when no
    /// file was there or the file system cannot swap (then it is a plain rename).
    pub fn exchange(mut self) -> std::io::Result<Option<Displaced>> {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, &self.temp, CWD, &self.target, RenameFlags::EXCHANGE) {
            Ok(()) => {
                // The temporary name now holds the old document; `Displaced` removes it.
                self.committed = true;
                let displaced = Displaced {
                    path: std::mem::take(&mut self.temp),
                };
                sync_folder(&self.target)?;
                Ok(Some(displaced))
            }
            // No target to swap with (a first save), or a file system without the swap.
            Err(e) if e == Errno::NOENT && self.temp.exists() => self.commit().map(|()| None),
            Err(e) if e == Errno::INVAL || e == Errno::NOSYS => self.commit().map(|()| None),
            Err(e) => Err(e.into()),
        }
    }
}

/// The document an exchange took off the disk, still under the temporary name, which is
/// removed when this is dropped. Compared by digest, so a large file is read in blocks
/// rather than into memory; read whole only when it differs (another writer's, to merge).
#[derive(Debug)]
pub(super) struct Displaced {
    path: PathBuf,
}

impl Displaced {
    pub fn digest(&self) -> std::io::Result<Digest> {
        Digest::of_file(&self.path)
    }

    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        fs::read(&self.path)
    }
}

impl Drop for Displaced {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Writes `bytes` to `target` atomically.
pub(super) fn replace(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    Pending::write(target, bytes)?.commit()
}

fn sync_folder(target: &Path) -> std::io::Result<()> {
    File::open(folder(target))?.sync_all()
}

fn create_temp(target: &Path) -> std::io::Result<(File, PathBuf)> {
    let pid = std::process::id();
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let mut name = prefix(target);
        name.push(format!("{pid}-{n}.tmp"));
        let temp = folder(target).join(name);
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o666)
            .open(&temp)
        {
            Ok(file) => return Ok((file, temp)),
            // Left by an earlier process that had our pid: take the next number.
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Removes the temporary files of `target` left by roadlog processes that are gone (killed
/// mid-save). Call it holding the lock, so no save of a live writer is in between.
pub(super) fn remove_stale(target: &Path) {
    let Ok(entries) = fs::read_dir(folder(target)) else {
        return;
    };
    let prefix = prefix(target);
    for entry in entries.flatten() {
        if let Some(pid) = temp_owner(&entry.file_name(), &prefix)
            && !alive(pid)
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `.<name>.roadlog-`: what every temporary file of `target` starts with.
fn prefix(target: &Path) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(target.file_name().unwrap_or_default());
    prefix.push(".roadlog-");
    prefix
}

/// The pid in a name of exactly the form `<prefix><pid>-<n>.tmp`; `None` for anything else.
fn temp_owner(name: &std::ffi::OsStr, prefix: &OsString) -> Option<u32> {
    let rest = name
        .as_encoded_bytes()
        .strip_prefix(prefix.as_encoded_bytes())?;
    let rest = std::str::from_utf8(rest).ok()?.strip_suffix(".tmp")?;
    let (pid, n) = rest.split_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(pid) && digits(n))
        .then(|| pid.parse().ok())
        .flatten()
}

fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // EPERM means it exists but belongs to someone else.
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

fn folder(target: &Path) -> &Path {
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_exchange_hands_back_what_it_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("doc.json");
        fs::write(&target, "old").unwrap();
        let displaced = Pending::write(&target, b"new").unwrap().exchange().unwrap();
        let displaced = displaced.unwrap();
        assert_eq!(displaced.read().unwrap(), b"old");
        assert_eq!(displaced.digest().unwrap(), Digest::of(b"old"));
        drop(displaced);
        assert_eq!(fs::read(&target).unwrap(), b"new");
        // Nothing is left beside it, and a first save has nothing to hand back.
        let first = dir.path().join("first.json");
        assert_eq!(
            Pending::write(&first, b"1")
                .unwrap()
                .exchange()
                .unwrap()
                .map(|d| d.read().unwrap()),
            None
        );
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["doc.json", "first.json"]);
    }

    #[test]
    fn only_names_of_exactly_our_form_are_ours() {
        let prefix = prefix(Path::new("dir/roadlog.json"));
        let owner = |name: &str| temp_owner(std::ffi::OsStr::new(name), &prefix);
        assert_eq!(owner(".roadlog.json.roadlog-123-4.tmp"), Some(123));
        for theirs in [
            ".roadlog.json.backup",
            ".roadlog.json.a1B2c3",
            ".roadlog.json.roadlog-123-4.tmp~",
            ".roadlog.json.roadlog-123.tmp",
            ".roadlog.json.roadlog--4.tmp",
            ".roadlog.json.roadlog-12a-4.tmp",
            ".other.json.roadlog-123-4.tmp",
            "roadlog.json.roadlog-123-4.tmp",
        ] {
            assert_eq!(owner(theirs), None, "{theirs}");
        }
    }
}
