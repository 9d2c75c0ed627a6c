//! Saving only what changed. A document's canonical bytes are known together with where each
//! story's encoding lies in them ([`Encoded`]); the next save encodes the product without its
//! stories (the few visions, epics and sprints), and copies in the old bytes of every story
//! that is the same `Arc` as before (see `model::Stories`: a story changed since is a new
//! `Arc`), encoding only the others. The result is byte for byte what a full encode gives,
//! because a full encode writes each story the same way wherever it stands: pretty JSON
//! indented by two levels, and JSON strings never hold a raw newline, so indenting a story
//! is putting four spaces after each of its newlines.
//!
//! A CLI edit starts from a file, not from its own last save: when the note of the last save
//! (`last_save.rs`) says the file is exactly what roadlog wrote, its stories are placed by
//! their closing lines ([`Encoded::own`]) and the edit is written as [`Spliced`] pieces,
//! runs of the file's own bytes around what was encoded again, straight into the new file.

mod chunked;
mod on_disk;

use std::collections::HashMap;
use std::io;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::{Product, Story};
pub(super) use chunked::encode_chunked_into;
pub use chunked::encode_in_chunks;
pub(super) use on_disk::OnDisk;

/// Where the story list sits in a canonical document without stories: `"stories": []` as
/// a key of the top-level object, the only place with that indentation.
const EMPTY_LIST: &[u8] = b"\n  \"stories\": []";
/// Before the first story, between two stories, after the last.
const OPEN: &[u8] = b"[\n    ";
pub(in crate::store) const BETWEEN: &[u8] = b",\n    ";
const CLOSE: &[u8] = b"\n  ]";
/// The line that closes a story, from the newline before it.
pub(in crate::store) const STORY_END: &[u8] = b"\n    }";

/// A document's canonical bytes, with each story's place in them when known.
#[derive(Debug, Clone, Default)]
pub struct Encoded {
    bytes: Arc<Vec<u8>>,
    /// The product's stories in order, each with the range of its encoding in `bytes`.
    /// Empty when the places are not known (then the next save encodes every story).
    stories: Vec<Placed>,
}

/// A story with the range of its encoding in some bytes.
type Placed = (Arc<Story>, Range<usize>);

impl Encoded {
    pub fn bytes(&self) -> &Arc<Vec<u8>> {
        &self.bytes
    }

    /// How many stories have a known place: all of them after a save, or after reading a
    /// file in canonical form; none otherwise.
    pub fn placed(&self) -> usize {
        self.stories.len()
    }

    pub fn into_bytes(self) -> Vec<u8> {
        Arc::unwrap_or_clone(self.bytes)
    }

    /// Bytes whose story places are unknown (a full encode, or a file read): the next save
    /// from them encodes every story.
    pub fn unplaced(bytes: Arc<Vec<u8>>) -> Encoded {
        Encoded {
            bytes,
            stories: Vec::new(),
        }
    }

    /// `bytes` as read from a file, parsed into `product`, with its stories placed if the
    /// file is exactly what `encode` writes for `product`, so a save from it can reuse
    /// them. A file written any other way (by hand, by another tool) is re-encoded whole by
    /// its next save, as before. Checking that costs an encode of every story: a file laid
    /// out canonically may still hold a story written another way (keys in another order,
    /// a `\u` escape), whose bytes must not be copied into a canonical save.
    pub fn read(product: &Product, bytes: Vec<u8>) -> Encoded {
        let bytes = Arc::new(bytes);
        let shared = product.stories().shared();
        match story_ranges(&bytes) {
            Some(ranges) if laid_out(product, &bytes, &ranges) => Encoded {
                stories: shared.iter().cloned().zip(ranges).collect(),
                bytes,
            },
            _ => Encoded::unplaced(bytes),
        }
    }
}

impl Encoded {
    /// `bytes` known to be the canonical encoding of `product` (the note of the last save
    /// says so), with its stories placed by the lines that close them: in canonical form a
    /// story opens on `    {` and closes on `    }` at exactly that indentation, since JSON
    /// strings never hold a raw newline and all a story holds is indented deeper. So no
    /// story is encoded to find it. The head, the brackets, the separators and the count of
    /// stories are still compared with the product; `None` if any of them differs.
    pub(super) fn own(product: &Product, bytes: &Arc<Vec<u8>>) -> Option<Encoded> {
        let head = pretty(&product.without_stories());
        let (before, after) = frame(&head)?;
        let shared = product.stories().shared();
        if shared.is_empty() {
            let whole = bytes.strip_suffix(b"\n") == Some(head.as_slice());
            return whole.then(|| Encoded::unplaced(Arc::clone(bytes)));
        }
        let (open, close) = ([before, OPEN].concat(), [CLOSE, after, b"\n"].concat());
        if !bytes.starts_with(&open) || !bytes.ends_with(&close) {
            return None;
        }
        let interior = open.len()..bytes.len().checked_sub(close.len())?;
        let ends = memchr::memmem::find_iter(bytes.get(interior.clone())?, STORY_END)
            .map(|at| interior.start + at + STORY_END.len());
        let mut ranges = Vec::with_capacity(shared.len());
        let mut start = interior.start;
        for end in ends {
            ranges.push(start..end);
            if end == interior.end {
                break;
            }
            start = end + BETWEEN.len();
            if bytes.get(end..start) != Some(BETWEEN) {
                return None;
            }
        }
        let complete = ranges.last().is_some_and(|r| r.end == interior.end);
        (complete && ranges.len() == shared.len()).then(|| Encoded {
            stories: shared.iter().cloned().zip(ranges).collect(),
            bytes: Arc::clone(bytes),
        })
    }
}

/// The head of a canonical document without stories split around its empty story list:
/// what comes before the list's `[` and after its `]`. `None` if it has no such list.
fn frame(head: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = find(head, EMPTY_LIST)? + EMPTY_LIST.len() - b"[]".len();
    Some((&head[..at], &head[at + b"[]".len()..]))
}

/// Whether `bytes` are what [`encode_after`] writes for `product` with its stories at
/// `ranges`: the head encoded now, the list's brackets and separators where a full encode
/// puts them, and each story as it encodes. Compared in place, one story at a time, so a
/// large file is not built a second time to check it.
fn laid_out(product: &Product, bytes: &[u8], ranges: &[Range<usize>]) -> bool {
    if ranges.len() != product.stories().len() {
        return false;
    }
    let head = pretty(&product.without_stories());
    let Some((head_before, head_after)) = frame(&head) else {
        return false;
    };
    let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
        return bytes.strip_suffix(b"\n") == Some(head.as_slice());
    };
    let before = [head_before, OPEN].concat();
    let after = [CLOSE, head_after, b"\n"].concat();
    let mut canonical = Vec::new();
    bytes.get(..first.start) == Some(before.as_slice())
        && bytes.get(last.end..) == Some(after.as_slice())
        && ranges
            .windows(2)
            .all(|w| bytes.get(w[0].end..w[1].start) == Some(BETWEEN))
        && ranges
            .iter()
            .zip(product.stories().shared())
            .all(|(range, story)| {
                canonical.clear();
                indented(&mut canonical, story);
                bytes.get(range.clone()) == Some(canonical.as_slice())
            })
}

/// The canonical encoding of `product`, reusing the bytes of every story that `base` holds
/// unchanged (the same `Arc`). With no base, every story is encoded.
pub fn encode_after(product: &Product, base: Option<&Encoded>) -> Encoded {
    let size = base.map_or(product.stories().len() * 1024, |b| b.bytes.len() + 4096);
    let mut sink = Buffer {
        out: Vec::with_capacity(size),
        placed: Vec::with_capacity(product.stories().len()),
        base: base.map_or(&[][..], |b| b.bytes.as_slice()),
    };
    let stories = base.map(|b| b.stories.as_slice());
    if !lay_out(product, stories, &mut sink) {
        // `stories` is never skipped, even when empty; were it missing, encode it all.
        let mut all = pretty(product);
        all.push(b'\n');
        return Encoded::unplaced(Arc::new(all));
    }
    Encoded {
        bytes: Arc::new(sink.out),
        stories: sink.placed,
    }
}

/// The canonical encoding of `product` as pieces: runs of `base`'s bytes wherever its
/// stories are unchanged (the same `Arc`), and what was encoded again. `None` when the
/// product has no place for stories (never, for a product roadlog made).
pub(super) fn splice(product: &Product, base: &Encoded) -> Option<Spliced> {
    let mut sink = Spliced {
        base: Base::Memory(Arc::clone(&base.bytes)),
        pieces: Vec::new(),
    };
    lay_out(product, Some(&base.stories), &mut sink).then_some(sink)
}

/// [`splice`] around the bytes of the file `base` was read from, which are copied from it
/// when written ([`Spliced::each`]) rather than held.
pub(super) fn splice_on_disk(product: &Product, base: Arc<OnDisk>) -> Option<Spliced> {
    let mut sink = Spliced {
        pieces: Vec::new(),
        base: Base::Disk(Arc::clone(&base)),
    };
    lay_out(product, Some(base.stories()), &mut sink).then_some(sink)
}

/// Where [`lay_out`] writes: bytes encoded now, and stories with their old bytes if known.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
    /// `story`, from the bytes at `old` in the base where it is unchanged there.
    fn story(&mut self, story: &Arc<Story>, old: Option<Range<usize>>);
}

/// A whole encoding in one buffer, with where each story went.
struct Buffer<'a> {
    out: Vec<u8>,
    placed: Vec<(Arc<Story>, Range<usize>)>,
    base: &'a [u8],
}

impl Sink for Buffer<'_> {
    fn put(&mut self, bytes: &[u8]) {
        self.out.extend_from_slice(bytes);
    }

    fn story(&mut self, story: &Arc<Story>, old: Option<Range<usize>>) {
        let start = self.out.len();
        match old.and_then(|range| self.base.get(range)) {
            Some(bytes) => self.out.extend_from_slice(bytes),
            None => indented(&mut self.out, story),
        }
        self.placed.push((Arc::clone(story), start..self.out.len()));
    }
}

/// An encoding as runs of a base's bytes and bytes encoded now, in order: an edit of one
/// story in a large file is three pieces around it, written without building the file.
#[derive(Debug)]
pub(super) struct Spliced {
    base: Base,
    pieces: Vec<Piece>,
}

/// The bytes a splice copies from: held, or in the file they were read from.
#[derive(Debug)]
enum Base {
    Memory(Arc<Vec<u8>>),
    Disk(Arc<OnDisk>),
}

impl Base {
    /// The bytes at `range` where known without reading the file.
    fn get(&self, range: Range<usize>) -> Option<&[u8]> {
        match self {
            Base::Memory(bytes) => bytes.get(range),
            Base::Disk(file) => file.get(range),
        }
    }
}

#[derive(Debug)]
enum Piece {
    Old(Range<usize>),
    New(Vec<u8>),
}

impl Spliced {
    /// Hands `each` the bytes in order, in parts: the pieces, and the runs of a base on disk
    /// read block by block. Fails where `each` fails or the base's file cannot be read.
    pub fn each(&self, mut each: impl FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
        for piece in &self.pieces {
            match (piece, &self.base) {
                (Piece::New(bytes), _) => each(bytes)?,
                (Piece::Old(range), Base::Memory(bytes)) => {
                    each(bytes.get(range.clone()).unwrap_or_default())?;
                }
                (Piece::Old(range), Base::Disk(file)) => file.each(range.clone(), &mut each)?,
            }
        }
        Ok(())
    }

    /// The bytes in one buffer (for a merge, which reads them as a document); `None` if the
    /// base's file cannot be read.
    pub fn to_vec(&self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        self.each(|part| {
            out.extend_from_slice(part);
            Ok(())
        })
        .ok()?;
        Some(out)
    }

    /// Whether the bytes copied from a base on disk are still those it was read as: false
    /// once a program that takes no lock has written into the file in place.
    pub fn base_unchanged(&self) -> bool {
        match &self.base {
            Base::Memory(_) => true,
            Base::Disk(file) => file.unchanged(),
        }
    }

    /// Appends `range` of the base, joined to the run before it if it follows on.
    fn old(&mut self, range: Range<usize>) {
        match self.pieces.last_mut() {
            Some(Piece::Old(run)) if run.end == range.start => run.end = range.end,
            _ => self.pieces.push(Piece::Old(range)),
        }
    }
}

impl Sink for Spliced {
    /// Bytes that follow on in the base where the last run ends (the separator between two
    /// unchanged stories) extend that run, so unchanged stories make one piece.
    fn put(&mut self, bytes: &[u8]) {
        match self.pieces.last_mut() {
            Some(Piece::Old(run))
                if self.base.get(run.end..run.end + bytes.len()) == Some(bytes) =>
            {
                run.end += bytes.len();
            }
            Some(Piece::New(last)) => last.extend_from_slice(bytes),
            _ => self.pieces.push(Piece::New(bytes.to_vec())),
        }
    }

    fn story(&mut self, story: &Arc<Story>, old: Option<Range<usize>>) {
        match old {
            Some(range) => self.old(range),
            None => {
                let mut bytes = Vec::new();
                indented(&mut bytes, story);
                self.put(&bytes);
            }
        }
    }
}

/// Lays out the canonical encoding of `product` into `sink`, each story from its bytes in
/// `base` if it is unchanged there. False (nothing laid out) when the product has no place
/// for stories.
fn lay_out(product: &Product, base: Option<&[Placed]>, sink: &mut impl Sink) -> bool {
    let head = pretty(&product.without_stories());
    let Some((before, after)) = frame(&head) else {
        return false;
    };
    let stories = product.stories().shared();
    if stories.is_empty() {
        sink.put(&head);
    } else {
        sink.put(before);
        sink.put(OPEN);
        let mut reuse = Reuse::new(base);
        for (i, story) in stories.iter().enumerate() {
            if i > 0 {
                sink.put(BETWEEN);
            }
            sink.story(story, reuse.bytes_of(i, story));
        }
        sink.put(CLOSE);
        sink.put(after);
    }
    sink.put(b"\n");
    true
}

/// Finds the old bytes of a story: first at the same place in the base (the usual case:
/// an edit changes one story and moves none), else by pointer anywhere in it.
struct Reuse<'a> {
    base: Option<&'a [Placed]>,
    by_pointer: Option<HashMap<*const Story, Range<usize>>>,
}

impl<'a> Reuse<'a> {
    fn new(base: Option<&'a [Placed]>) -> Reuse<'a> {
        Reuse {
            base,
            by_pointer: None,
        }
    }

    fn bytes_of(&mut self, i: usize, story: &Arc<Story>) -> Option<Range<usize>> {
        let base = self.base?;
        if let Some((old, range)) = base.get(i)
            && Arc::ptr_eq(old, story)
        {
            return Some(range.clone());
        }
        // The base holds every one of its stories, so no address in this map can belong
        // to another story while it lives: the same address is the same, unchanged story.
        let map = self.by_pointer.get_or_insert_with(|| {
            base.iter()
                .map(|(s, r)| (Arc::as_ptr(s), r.clone()))
                .collect()
        });
        map.get(&Arc::as_ptr(story)).cloned()
    }
}

/// A story as a full encode writes it inside the document: pretty JSON, two levels in.
fn indented(out: &mut Vec<u8>, story: &Story) {
    for (i, line) in pretty(story).split(|b| *b == b'\n').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\n    ");
        }
        out.extend_from_slice(line);
    }
}

fn pretty<T: serde::Serialize>(value: &T) -> Vec<u8> {
    // Serialising plain data structs into a Vec cannot fail: no I/O, string keys only.
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The byte range of each element of the top-level `stories` list, as serde_json's own
/// parser delimits them. `None` if the bytes are not such a document.
fn story_ranges(bytes: &[u8]) -> Option<Vec<Range<usize>>> {
    #[derive(Deserialize)]
    struct Top<'a> {
        #[serde(borrow, default)]
        stories: Vec<&'a RawValue>,
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let top: Top = serde_json::from_str(text).ok()?;
    let base = text.as_ptr() as usize;
    Some(
        top.stories
            .iter()
            .map(|raw| {
                let start = raw.get().as_ptr() as usize - base;
                start..start + raw.get().len()
            })
            .collect(),
    )
}
