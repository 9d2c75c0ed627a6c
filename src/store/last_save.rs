//! The note of a canonical save: an extended attribute on the document's file
//! (`user.roadlog.canonical`) holding the digest of the bytes roadlog wrote into it as the
//! canonical encoding of a product, and the roadlog version that wrote them. A writer whose
//! file digests to what its note says holds exactly those bytes, so it knows the file is
//! canonical and where each story lies in it without checking every story (`splice.rs`):
//! an edit then encodes only what it changed.
//!
//! Why on the file itself: the note is set on the new file before it is synced and swapped
//! in, so it reaches the disk with the bytes it names and never names bytes that did not.
//! It travels with that file and nowhere else: git, editors and other tools that write a
//! new file leave it off; one that writes into the file in place keeps a note that no
//! longer matches the digest; a copy that keeps attributes copies a note that still does.
//! A note that is stale, cut short, of another version or not ours matches nothing, and a
//! file system without user attributes keeps none: the edit then encodes every story, as
//! without a note. Nothing is added to the document's folder, so nothing more for git.

use std::fs::File;
use std::path::Path;

use super::digest::Digest;

const ATTRIBUTE: &str = "user.roadlog.canonical";

/// The note's text for bytes digesting to `digest`.
fn text(digest: Digest) -> String {
    format!(
        "roadlog {} canonical save\n{}",
        env!("CARGO_PKG_VERSION"),
        digest.to_text()
    )
}

/// Notes on `file` (a new document before it is synced) that it holds the canonical bytes
/// digesting to `digest`. A note that cannot be set (a file system without user attributes)
/// is no loss: the next edit encodes every story. So failures are ignored.
pub(super) fn mark(file: &File, digest: Digest) {
    let _ = rustix::fs::fsetxattr(
        file,
        ATTRIBUTE,
        text(digest).as_bytes(),
        rustix::fs::XattrFlags::empty(),
    );
}

/// [`mark`] on the file at `path`: a document found canonical as it is. Opened for reading
/// only: setting an attribute asks for the right to write the file, not a writable handle.
pub(super) fn mark_path(path: &Path, digest: Digest) {
    if let Ok(file) = File::open(path) {
        mark(&file, digest);
    }
}

/// Whether the file at `path` carries the note of bytes digesting to `digest`.
pub(super) fn is_marked(path: &Path, digest: Digest) -> bool {
    let mut value = [0u8; 160];
    let read = rustix::fs::getxattr(path, ATTRIBUTE, &mut value[..]);
    names(&value, read, digest)
}

/// [`is_marked`] of an open file: the one whose bytes were digested, even if another file
/// has been renamed over its path since.
pub(super) fn is_marked_file(file: &File, digest: Digest) -> bool {
    let mut value = [0u8; 160];
    let read = rustix::fs::fgetxattr(file, ATTRIBUTE, &mut value[..]);
    names(&value, read, digest)
}

/// Whether the note read into `value` names `digest`.
fn names(value: &[u8], read: rustix::io::Result<usize>, digest: Digest) -> bool {
    read.is_ok_and(|len| value.get(..len) == Some(text(digest).as_bytes()))
}
