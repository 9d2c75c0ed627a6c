//! A base for a splice that stays in its file: an edit of a large document reads the file in
//! windows (`codec/stream.rs`) and holds the product, not the file's bytes, so the unchanged
//! stories are copied from the file as the new one is written. The file is the one the edit
//! read (its open descriptor, so a rename over the document does not change it), and only
//! the bytes around the story list are held.
//!
//! A program that takes no lock can still write into that file in place. So the file's
//! digest is taken again after the copy ([`OnDisk::unchanged`]); when it is no longer what
//! was read, the copy is thrown away and the product encoded whole (`save.rs`).

use std::fs::File;
use std::io::{self, Seek};
use std::ops::Range;
use std::os::unix::fs::FileExt;

use super::{BETWEEN, CLOSE, OPEN, Placed, frame, pretty};
use crate::model::Product;
use crate::store::codec::Layout;
use crate::store::digest::Digest;

/// Bytes copied from the file at a time.
const BLOCK: usize = 1 << 20;

/// The file an edit read, known to be the canonical encoding of the product it read.
#[derive(Debug)]
pub(in crate::store) struct OnDisk {
    file: File,
    digest: Digest,
    /// The bytes before the first story.
    head: Vec<u8>,
    /// Where the bytes after the last story start, and those bytes.
    tail_at: usize,
    tail: Vec<u8>,
    stories: Vec<Placed>,
}

impl OnDisk {
    /// `file`, whose bytes digest to `digest` and which the note of the last save says is
    /// the canonical encoding of `product`, with its stories at `layout`. As with
    /// [`Encoded::own`](super::Encoded::own), the bytes around the stories and their count
    /// are compared with the product; `None` if any of them differs.
    pub fn new(product: &Product, layout: Layout, file: File, digest: Digest) -> Option<OnDisk> {
        let head = pretty(&product.without_stories());
        let (before, after) = frame(&head)?;
        let shared = product.stories().shared();
        let sound = layout.head == [before, OPEN].concat()
            && layout.tail == [CLOSE, after, b"\n"].concat()
            && layout.ranges.len() == shared.len();
        let tail_at = layout.ranges.last()?.end;
        sound.then(|| OnDisk {
            file,
            digest,
            head: layout.head,
            tail_at,
            tail: layout.tail,
            stories: shared.iter().cloned().zip(layout.ranges).collect(),
        })
    }

    pub fn stories(&self) -> &[Placed] {
        &self.stories
    }

    /// The bytes at `range` where they are known without reading the file: in the head, in
    /// the tail, or the separator after a story that is not the last (laid out canonically,
    /// stories are separated by nothing else).
    pub fn get(&self, range: Range<usize>) -> Option<&[u8]> {
        if range.end <= self.head.len() {
            return self.head.get(range);
        }
        if range.start >= self.tail_at {
            return self
                .tail
                .get(range.start - self.tail_at..range.end - self.tail_at);
        }
        let after_story = self
            .stories
            .binary_search_by_key(&range.start, |(_, r)| r.end)
            .is_ok();
        (after_story && range.len() == BETWEEN.len()).then_some(BETWEEN)
    }

    /// Hands `each` the file's bytes at `range`, a block at a time.
    pub fn each(
        &self,
        range: Range<usize>,
        each: &mut impl FnMut(&[u8]) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut block = vec![0; BLOCK.min(range.len())];
        let mut at = range.start;
        while at < range.end {
            let part = &mut block[..BLOCK.min(range.end - at)];
            self.file.read_exact_at(part, at as u64)?;
            each(part)?;
            at += part.len();
        }
        Ok(())
    }

    /// Whether the file still holds the bytes it was read as.
    pub fn unchanged(&self) -> bool {
        let mut file = &self.file;
        file.rewind().is_ok() && Digest::of_reader(file).is_ok_and(|now| now == self.digest)
    }
}
