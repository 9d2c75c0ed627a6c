//! Reading a large document for an edit without holding its text. An edit needs the whole
//! product, but the file's text only where a story changes, so the file is read in windows:
//! each window's stories are parsed on all cores (`parallel.rs`) and its text dropped, and
//! the digest is taken as the bytes pass. Memory is then the product's and one window's,
//! not the product's and the file's.
//!
//! Each window is cut at the last place the canonical layout puts between two stories (a
//! comma, then `    {` on the next line), and the proof is `parallel.rs`'s: every run cut
//! this way parses as a non-empty list of stories, and the document without the array's
//! interior parses with its one `stories` value the `[]` left where the array was. Then the
//! runs joined by the commas cut at are the interior, and the product is exactly what the
//! whole text parses to. Anything else gives `None`, and the caller reads the file whole.
//!
//! Where each story's bytes lie is noted on the way ([`Layout`]), for a save that copies the
//! unchanged ones from the file (`splice.rs`).

use std::io::Read;
use std::ops::Range;

use memchr::memmem;

use super::parallel::{
    NEXT_KEY, OPEN, PIECE_BYTES, cores, on_cores, pieces, stories_at, stories_of,
};
use crate::model::{Product, Stories};
use crate::store::digest::{Digest, Digester};
use crate::store::splice::{BETWEEN, STORY_END};

/// Bytes of text gathered before they are cut and parsed: a few pieces per core, and small
/// beside a large file.
const WINDOW: usize = 8 << 20;
/// Bytes asked of the file at a time, at the most.
const BLOCK: usize = 1 << 20;
/// Where the canonical layout cuts between two stories: the comma, then the next one's line.
const CUT: &[u8] = b",\n    {";
/// How a run of stories cut at commas opens, before the first story's `{`.
const STORY_START: &[u8] = b"\n    ";
/// What follows the last story before the array's `]`.
const LAST: &[u8] = b"\n  ";

/// A document read as it streamed past.
pub(in crate::store) struct Streamed {
    pub product: Product,
    pub digest: Digest,
    /// `None` where the stories are not laid out as `encode` writes them.
    pub layout: Option<Layout>,
}

/// Where the stories lay in the file read: each story's byte range, in order, and the bytes
/// before the first story and after the last. Found by the lines that open and close each
/// story, so only true of a file that is `encode`'s output: the caller knows that from the
/// note of the last save.
pub(in crate::store) struct Layout {
    pub head: Vec<u8>,
    pub ranges: Vec<Range<usize>>,
    pub tail: Vec<u8>,
}

/// The document `source` yields, if read in windows it is proved the same as the whole text
/// parsed; `None` otherwise, and on any read error or past `max_bytes`.
pub(super) fn read(source: impl Read, max_bytes: u64) -> Option<Streamed> {
    read_in(source, max_bytes, WINDOW, cores(), PIECE_BYTES)
}

/// [`read`] in windows of `window` bytes (read in blocks no larger), on `threads` threads, in
/// pieces of `piece_bytes`.
pub(super) fn read_in(
    source: impl Read,
    max_bytes: u64,
    window: usize,
    threads: usize,
    piece_bytes: usize,
) -> Option<Streamed> {
    let block = BLOCK.min(window).max(1);
    let mut input = Input {
        source,
        digester: Digester::default(),
        left: max_bytes,
        block,
    };
    let mut buf = Vec::with_capacity(window + block);
    let open = loop {
        let from = buf.len().saturating_sub(OPEN.len());
        if !input.more(&mut buf)? {
            return None;
        }
        if let Some(at) = memmem::find(&buf[from..], OPEN.as_bytes()) {
            break from + at + OPEN.len() - 1;
        }
    };
    let head = std::str::from_utf8(&buf[..=open]).ok()?.to_string();
    if !head.trim_start().starts_with('{') {
        return None;
    }
    buf.drain(..=open);
    // The file's offset of `buf[0]`; `buf[..seen]` holds no cut and no next key.
    let (mut at, mut seen) = (open + 1, 0_usize);
    let mut runs = Vec::new();
    let mut placing = Placing::default();
    let mut cutting = true;
    while input.more(&mut buf)? {
        if !cutting || buf.len() < window {
            continue;
        }
        // The stories end before the next key: from there on the rest is read whole.
        let from = seen.saturating_sub(NEXT_KEY.len());
        if memmem::find(&buf[from..], NEXT_KEY.as_bytes()).is_some() {
            cutting = false;
            continue;
        }
        let from = seen.saturating_sub(CUT.len());
        let cut = memmem::rfind(&buf[from..], CUT).map(|c| from + c);
        seen = buf.len();
        let Some(cut) = cut else {
            continue;
        };
        read_run(&mut runs, &buf[..cut], threads, piece_bytes)?;
        placing.place(&buf[..cut], at, false);
        buf.drain(..=cut);
        at += cut + 1;
        seen = buf.len();
    }
    let text = std::str::from_utf8(&buf).ok()?;
    let next = text.rfind(NEXT_KEY)?;
    let before = &text[..next];
    let before = before.strip_suffix('\r').unwrap_or(before);
    let close = before.strip_suffix(',')?.strip_suffix("\n  ]")?.len() + "\n  ".len();
    read_run(&mut runs, &buf[..close], threads, piece_bytes)?;
    placing.place(&buf[..close], at, true);
    let skeleton = [head.as_str(), &text[close..]].concat();
    if !stories_at(&skeleton, open) {
        return None;
    }
    let mut product: Product = serde_json::from_str(&skeleton).ok()?;
    for stories in runs {
        product.append_read_stories(stories);
    }
    Some(Streamed {
        product,
        digest: input.digester.finish(),
        layout: placing.finish(head.as_bytes(), &buf[close..]),
    })
}

/// The file read block by block, digested as it passes, and no further than its limit.
struct Input<R> {
    source: R,
    digester: Digester,
    left: u64,
    block: usize,
}

impl<R: Read> Input<R> {
    /// Appends the next block to `buf`: `Some(false)` at the end of the file, `None` on an
    /// error or past the limit.
    fn more(&mut self, buf: &mut Vec<u8>) -> Option<bool> {
        let start = buf.len();
        buf.resize(start + self.block, 0);
        let read = loop {
            match self.source.read(&mut buf[start..]) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                other => break other,
            }
        };
        buf.truncate(start + read.as_ref().map_or(0, |n| *n));
        let n = read.ok()?;
        self.left = self.left.checked_sub(n as u64)?;
        self.digester.update(&buf[start..]);
        Some(n > 0)
    }
}

/// Adds to `out` the stories of a run of the array's interior cut at commas, parsed on all
/// cores.
fn read_run(out: &mut Vec<Stories>, run: &[u8], threads: usize, piece_bytes: usize) -> Option<()> {
    let text = std::str::from_utf8(run).ok()?;
    let cuts = pieces(run, 0, run.len(), piece_bytes);
    let ((), read) = on_cores(text, &cuts, threads, || (), stories_of)?;
    out.extend(read);
    Some(())
}

/// The stories' places, run by run, while every run is laid out canonically.
#[derive(Default)]
struct Placing {
    ranges: Vec<Range<usize>>,
    broken: bool,
}

impl Placing {
    /// Places the stories of `run`, which starts at offset `at` of the file; the last run
    /// ends where the array's `]` is, the others at the comma they were cut at.
    fn place(&mut self, run: &[u8], at: usize, last: bool) {
        if !self.broken && self.try_place(run, at, last).is_none() {
            self.broken = true;
            self.ranges = Vec::new();
        }
    }

    fn try_place(&mut self, run: &[u8], at: usize, last: bool) -> Option<()> {
        if !run.starts_with(STORY_START) {
            return None;
        }
        let mut start = STORY_START.len();
        loop {
            let end = start + memmem::find(run.get(start..)?, STORY_END)? + STORY_END.len();
            self.ranges.push(at + start..at + end);
            let rest = run.get(end..)?;
            if rest == if last { LAST } else { b"" } {
                return Some(());
            }
            if !rest.starts_with(BETWEEN) {
                return None;
            }
            start = end + BETWEEN.len();
        }
    }

    /// The layout, given the bytes up to the array's `[` and from its `]`.
    fn finish(self, head: &[u8], tail: &[u8]) -> Option<Layout> {
        (!self.broken).then(|| Layout {
            head: [head, STORY_START].concat(),
            ranges: self.ranges,
            tail: [LAST, tail].concat(),
        })
    }
}
