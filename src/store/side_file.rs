//! Files the store writes besides the document: backups, recovery files, reports, exports.
//!
//! Each gets the document's permission bits (a report on a private backlog is private too;
//! without a document, the umask decides, never wider than `0666 & !umask`), is written
//! atomically (temporary file in the same folder, fsync, rename, fsync the folder), and
//! replaces an existing file only when asked to. "Never replace" is the kernel's no-replace
//! rename, not a check before writing, so a file appearing meanwhile is not lost either.

use std::fs::{File, Permissions};
use std::io::{self, ErrorKind, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::guard::{is_taken, resolve_links};

/// What writing a side file does when its name is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfTaken {
    /// Refuse ([`super::StoreError::Exists`]): an export's `--out` without `--force`.
    Refuse,
    /// Write `stem-2.ext`, `stem-3.ext`, ..., the first free name: a report, since someone
    /// may have added notes to the last one.
    NextFree,
    /// Replace it atomically; through a symbolic link, replace the link's target.
    Replace,
}

/// Writes `bytes` as a new file at `path` (or the next free name) with permission bits
/// `mode` (the umask's default when `None`) and returns where it went.
pub(super) fn write(
    path: &Path,
    bytes: &[u8],
    mode: Option<u32>,
    if_taken: IfTaken,
) -> io::Result<PathBuf> {
    // The temporary file must be in the folder of the file it becomes: a rename cannot
    // cross file systems.
    let target = match if_taken {
        IfTaken::Replace => resolve_links(path)?,
        IfTaken::Refuse | IfTaken::NextFree => path.to_path_buf(),
    };
    let temp = filled_temp(&target, bytes, mode)?;
    let written = match if_taken {
        IfTaken::Replace => {
            temp.persist(&target).map_err(|e| e.error)?;
            path.to_path_buf()
        }
        IfTaken::Refuse => {
            temp.persist_noclobber(path).map_err(|e| e.error)?;
            path.to_path_buf()
        }
        IfTaken::NextFree => persist_at_free_name(temp, path)?,
    };
    File::open(folder(&target))?.sync_all()?;
    Ok(written)
}

fn filled_temp(path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<NamedTempFile> {
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(path.file_name().unwrap_or_default());
    prefix.push(".");
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        // Created as 0666, which the kernel narrows by the umask.
        .permissions(Permissions::from_mode(0o666))
        .tempfile_in(folder(path))?;
    if let Some(mode) = mode {
        // Read and write bits only: a side file is never executable, nor setuid.
        temp.as_file()
            .set_permissions(Permissions::from_mode(mode & 0o666))?;
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

fn persist_at_free_name(mut temp: NamedTempFile, path: &Path) -> io::Result<PathBuf> {
    for candidate in candidates(path) {
        // A cheap look first; the no-replace rename is what guarantees it.
        if is_taken(&candidate) {
            continue;
        }
        match temp.persist_noclobber(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(e) if e.error.kind() == ErrorKind::AlreadyExists => temp = e.file,
            Err(e) => return Err(e.error),
        }
    }
    Err(io::Error::new(
        ErrorKind::AlreadyExists,
        "every numbered name for it is taken",
    ))
}

/// Gives the file at `from` a second name, `path` or the next free one: a new name for
/// the same bytes, none of them copied. A taken name is the kernel's refusal, so a file
/// appearing meanwhile is not replaced. The caller syncs the folder.
pub(super) fn link_at_free_name(from: &Path, path: &Path) -> io::Result<PathBuf> {
    for candidate in candidates(path) {
        match std::fs::hard_link(from, &candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        ErrorKind::AlreadyExists,
        "every numbered name for it is taken",
    ))
}

/// `path`, then `stem-2.ext`, `stem-3.ext`, ... (`name-2` for a name without extension).
fn candidates(path: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
        _ => (name.clone(), String::new()),
    };
    std::iter::once(path.to_path_buf())
        .chain((2..=u32::MAX).map(move |n| path.with_file_name(format!("{stem}-{n}{ext}"))))
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_names_keep_the_extension() {
        let names: Vec<PathBuf> = candidates(Path::new("d/SP-2-review.md")).take(3).collect();
        assert_eq!(
            names,
            [
                "d/SP-2-review.md",
                "d/SP-2-review-2.md",
                "d/SP-2-review-3.md"
            ]
            .map(PathBuf::from)
        );
        let bare: Vec<PathBuf> = candidates(Path::new("notes")).skip(1).take(1).collect();
        assert_eq!(bare, [PathBuf::from("notes-2")]);
        let dotfile: Vec<PathBuf> = candidates(Path::new(".plan")).skip(1).take(1).collect();
        assert_eq!(dotfile, [PathBuf::from(".plan-2")]);
    }
}
