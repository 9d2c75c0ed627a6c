//! Saving only what changed. A document's canonical bytes are known together with where each
//! story's encoding lies in them ([`Encoded`]); the next save encodes the product without its
//! stories (the few visions, epics and sprints), and copies in the old bytes of every story
//! that is the same `Arc` as before (see `model::Stories`: a story changed since is a new
//! `Arc`), encoding only the others. The result is byte for byte what a full encode gives,
//! because a full encode writes each story the same way wherever it stands: pretty JSON
//! indented by two levels, and JSON strings never hold a raw newline, so indenting a story
//! is putting four spaces after each of its newlines.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::model::{Product, Story};

/// Where the story list sits in a canonical document without stories: `"stories": []` as
/// a key of the top-level object, the only place with that indentation.
const EMPTY_LIST: &[u8] = b"\n  \"stories\": []";
/// Before the first story, between two stories, after the last.
const OPEN: &[u8] = b"[\n    ";
const BETWEEN: &[u8] = b",\n    ";
const CLOSE: &[u8] = b"\n  ]";

/// A document's canonical bytes, with each story's place in them when known.
#[derive(Debug, Clone, Default)]
pub struct Encoded {
    bytes: Arc<Vec<u8>>,
    /// The product's stories in order, each with the range of its encoding in `bytes`.
    /// Empty when the places are not known (then the next save encodes every story).
    stories: Vec<(Arc<Story>, Range<usize>)>,
}

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

/// Whether `bytes` are what [`encode_after`] writes for `product` with its stories at
/// `ranges`: the head encoded now, the list's brackets and separators where a full encode
/// puts them, and each story as it encodes. Compared in place, one story at a time, so a
/// large file is not built a second time to check it.
fn laid_out(product: &Product, bytes: &[u8], ranges: &[Range<usize>]) -> bool {
    if ranges.len() != product.stories().len() {
        return false;
    }
    let head = pretty(&product.without_stories());
    let Some(at) = find(&head, EMPTY_LIST).map(|i| i + EMPTY_LIST.len() - b"[]".len()) else {
        return false;
    };
    let (Some(first), Some(last)) = (ranges.first(), ranges.last()) else {
        return bytes.strip_suffix(b"\n") == Some(head.as_slice());
    };
    let before = [&head[..at], OPEN].concat();
    let after = [CLOSE, &head[at + b"[]".len()..], b"\n"].concat();
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
    let head = pretty(&product.without_stories());
    // `stories` is never skipped, even when empty; were it missing, encode it all.
    let Some(at) = find(&head, EMPTY_LIST).map(|i| i + EMPTY_LIST.len() - b"[]".len()) else {
        let mut all = pretty(product);
        all.push(b'\n');
        return Encoded::unplaced(Arc::new(all));
    };
    let stories = product.stories().shared();
    let size = base.map_or(head.len() + stories.len() * 1024, |b| b.bytes.len() + 4096);
    let mut out = Vec::with_capacity(size);
    let mut placed = Vec::with_capacity(stories.len());
    if stories.is_empty() {
        out.extend_from_slice(&head);
    } else {
        out.extend_from_slice(&head[..at]);
        out.extend_from_slice(OPEN);
        let mut reuse = Reuse::new(base);
        for (i, story) in stories.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(BETWEEN);
            }
            let start = out.len();
            match reuse.bytes_of(i, story) {
                Some(old) => out.extend_from_slice(old),
                None => indented(&mut out, story),
            }
            placed.push((Arc::clone(story), start..out.len()));
        }
        out.extend_from_slice(CLOSE);
        out.extend_from_slice(&head[at + b"[]".len()..]);
    }
    out.push(b'\n');
    Encoded {
        bytes: Arc::new(out),
        stories: placed,
    }
}

/// The canonical encoding of `product` (what [`encode`](super::encode) writes), its
/// stories encoded on every core: in rounds of one chunk of `per_chunk` stories per core,
/// this thread encoding the first straight into the output and each other core its own
/// into a buffer appended after it. A round's buffers are all that is held beside the
/// output, so memory stays that of one encode. `size` is the expected length (the file's,
/// say), reserved at once so the output is never moved.
pub fn encode_in_chunks(product: &Product, per_chunk: usize, size: usize) -> Vec<u8> {
    let head = pretty(&product.without_stories());
    let Some(at) = find(&head, EMPTY_LIST).map(|i| i + EMPTY_LIST.len() - b"[]".len()) else {
        let mut all = pretty(product);
        all.push(b'\n');
        return all;
    };
    let stories = product.stories().shared();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut out = Vec::with_capacity(size.max(head.len() + 1));
    if stories.is_empty() {
        out.extend_from_slice(&head);
    } else {
        out.extend_from_slice(&head[..at]);
        out.extend_from_slice(OPEN);
        let chunks: Vec<&[Arc<Story>]> = stories.chunks(per_chunk.max(1)).collect();
        for (round, chunks) in chunks.chunks(cores).enumerate() {
            let Some((first, others)) = chunks.split_first() else {
                continue;
            };
            let encoded: Vec<Vec<u8>> = std::thread::scope(|scope| {
                let workers: Vec<_> = others
                    .iter()
                    .map(|chunk| {
                        scope.spawn(move || {
                            let mut buffer = Vec::with_capacity(chunk.len() * 1024);
                            write_stories(&mut buffer, chunk);
                            buffer
                        })
                    })
                    .collect();
                if round > 0 {
                    out.extend_from_slice(BETWEEN);
                }
                write_stories(&mut out, first);
                workers
                    .into_iter()
                    .map(|w| {
                        w.join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    })
                    .collect()
            });
            for buffer in encoded {
                out.extend_from_slice(BETWEEN);
                out.extend_from_slice(&buffer);
            }
        }
        out.extend_from_slice(CLOSE);
        out.extend_from_slice(&head[at + b"[]".len()..]);
    }
    out.push(b'\n');
    out
}

/// Stories one after the other as they stand inside the document's list.
fn write_stories(out: &mut Vec<u8>, stories: &[Arc<Story>]) {
    for (i, story) in stories.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(BETWEEN);
        }
        indented(out, story);
    }
}

/// Finds the old bytes of a story: first at the same place in the base (the usual case:
/// an edit changes one story and moves none), else by pointer anywhere in it.
struct Reuse<'a> {
    base: Option<&'a Encoded>,
    by_pointer: Option<HashMap<*const Story, Range<usize>>>,
}

impl<'a> Reuse<'a> {
    fn new(base: Option<&'a Encoded>) -> Reuse<'a> {
        Reuse {
            base,
            by_pointer: None,
        }
    }

    fn bytes_of(&mut self, i: usize, story: &Arc<Story>) -> Option<&'a [u8]> {
        let base = self.base?;
        if let Some((old, range)) = base.stories.get(i)
            && Arc::ptr_eq(old, story)
        {
            return base.bytes.get(range.clone());
        }
        // The base holds every one of its stories, so no address in this map can belong
        // to another story while it lives: the same address is the same, unchanged story.
        let map = self.by_pointer.get_or_insert_with(|| {
            base.stories
                .iter()
                .map(|(s, r)| (Arc::as_ptr(s), r.clone()))
                .collect()
        });
        let range = map.get(&Arc::as_ptr(story))?;
        base.bytes.get(range.clone())
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
