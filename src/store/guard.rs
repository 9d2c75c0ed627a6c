//! What the store agrees to open: regular files only (or links to one), of a bounded size,
//! and where a link points even when its target does not exist yet.
//!
//! `--file /dev/zero` would be read until memory runs out and a FIFO would block forever, so
//! the file type and size are checked before a byte is read, and again on the opened file in
//! case the path was swapped in between.

use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// How large a document may be unless configured otherwise: 1 GiB, room for well over a
/// million stories (about 800 bytes each).
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;

/// Links followed before giving up, as the kernel does (its limit is 40).
const MAX_LINKS: usize = 40;

/// Why a document was not read.
#[derive(Debug)]
pub(super) enum Refusal {
    Io(io::Error),
    NotRegular(&'static str),
    TooLarge(u64),
}

impl From<io::Error> for Refusal {
    fn from(e: io::Error) -> Refusal {
        Refusal::Io(e)
    }
}

/// Reads `path` whole if it is a regular file (or a link to one) of at most `max_bytes`.
pub(super) fn read_regular(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Refusal> {
    let (file, size) = open_regular(path, max_bytes)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // One byte more than allowed tells a file that grew past the limit while being read.
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    if read > max_bytes {
        return Err(Refusal::TooLarge(read));
    }
    Ok(bytes)
}

/// Opens `path` for reading if it is a regular file (or a link to one) of at most
/// `max_bytes`, with its size when opened. Reading it may still find it grown since.
pub(super) fn open_regular(path: &Path, max_bytes: u64) -> Result<(fs::File, u64), Refusal> {
    // Refused before opening: opening a FIFO blocks, and opening a device may do things.
    check(&fs::metadata(path)?, max_bytes)?;
    // Non-blocking, so a FIFO swapped in after the check does not hang the open.
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    let size = check(&file.metadata()?, max_bytes)?;
    Ok((file, size))
}

/// Whether two paths name one file (through a link, or as hard links of it).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    let id = |p: &Path| fs::metadata(p).ok().map(|m| (m.dev(), m.ino()));
    id(a).is_some_and(|file| Some(file) == id(b))
}

fn check(meta: &fs::Metadata, max_bytes: u64) -> Result<u64, Refusal> {
    let kind = meta.file_type();
    if !kind.is_file() {
        return Err(Refusal::NotRegular(if kind.is_dir() {
            "a folder"
        } else if kind.is_fifo() {
            "a named pipe (FIFO)"
        } else if kind.is_char_device() {
            "a character device"
        } else if kind.is_block_device() {
            "a block device"
        } else if kind.is_socket() {
            "a socket"
        } else {
            "not a regular file"
        }));
    }
    if meta.len() > max_bytes {
        return Err(Refusal::TooLarge(meta.len()));
    }
    Ok(meta.len())
}

/// The file `path` stands for: itself, or where its chain of symbolic links ends, even if
/// that file does not exist yet (a dangling link), so that creating the document creates the
/// link's target and keeps the link. `canonicalize` cannot do this: it fails on a dangling
/// link.
pub(super) fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&path)?;
                // A relative target is relative to the link's folder; `join` keeps an
                // absolute one as it is.
                path = match path.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row (a loop?)"
    )))
}

/// Opens nothing: tells whether `path` names something that exists, links included (a
/// dangling link is taken, and is not to be written through by a file that must be new).
pub(super) fn is_taken(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}
