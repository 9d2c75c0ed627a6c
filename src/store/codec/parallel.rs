//! Reading a large document's stories on all cores. The backlog is nearly all of a file and
//! serde reads it on one core, so the `stories` array is cut into pieces at element
//! boundaries, the pieces are parsed on one thread per core, and the rest of the document
//! (the skeleton: the text with the array's interior removed) on the calling thread.
//!
//! Where to cut is guessed from the canonical layout (the array opens on the line
//! `  "stories": [` and closes on `  ],` before `  "sprints": [`; its elements are separated by
//! `    },` / `    {`), but a hand-edited file's layout can lie, so the guess is proved, not
//! trusted, and a success is exactly what the whole text parses to:
//! - the skeleton parses, and its one top-level `stories` value is the `[]` left where the
//!   array was: everything outside the interior then reads as it does in the whole text;
//! - every piece, put between brackets, parses completely as a non-empty list of stories: the
//!   interior is then the pieces joined by the commas cut at, which reads as their stories in
//!   order (JSON is unambiguous). A piece is parsed at the depth its stories have in the
//!   document, so serde's nesting limit stops the same stories.
//!
//! Anything else (no such lines, a part that does not parse, a small backlog) gives `None`
//! and the caller parses the whole text itself: every error stays what it was.

use std::num::NonZeroUsize;
use std::thread;

use serde::Deserializer;
use serde::de::{MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::model::{Problem, Product, Stories, Story, StoryPass};

/// About this many bytes of stories are parsed at a time: a copy this size (between brackets)
/// stays in a core's cache, and a backlog of less than two such pieces is not worth a thread.
pub(super) const PIECE_BYTES: usize = 1 << 20;

pub(super) const OPEN: &str = "\n  \"stories\": [";
pub(super) const NEXT_KEY: &str = "\n  \"sprints\": [";
/// What follows the comma between two stories, after an optional `\r`.
const NEXT_STORY: &[u8] = b"\n    {";

pub(super) fn parse(text: &str) -> Option<Product> {
    parse_in(text, cores(), PIECE_BYTES)
}

/// The broken rules of the document in `text`, as [`Product::problems`] tells them of its
/// [`parse`], beside the document without its stories. No more than a piece of the stories
/// is held at a time, only what the rules need of each ([`crate::model::StoryPass`]), so a
/// check's memory is the file's and little more. `None` where `parse` gives `None`.
pub(super) fn judge(text: &str) -> Option<(Product, Vec<Problem>)> {
    judge_in(text, cores(), PIECE_BYTES)
}

pub(super) fn cores() -> usize {
    thread::available_parallelism().map_or(1, NonZeroUsize::get)
}

/// `parse` on `threads` threads (the calling one included), in pieces of about `piece_bytes`.
fn parse_in(text: &str, threads: usize, piece_bytes: usize) -> Option<Product> {
    let cut = cut(text, threads, piece_bytes)?;
    let skeleton = || serde_json::from_str::<Product>(&cut.skeleton).ok();
    let (product, pieces) = on_cores(text, &cut.pieces, threads, skeleton, stories_of)?;
    let mut product = product?;
    for stories in pieces {
        product.append_read_stories(stories);
    }
    Some(product)
}

/// The stories of a piece put between brackets (see [`each_piece`]), if it parses as a
/// non-empty list of them.
pub(super) fn stories_of(wrapped: &str) -> Option<Stories> {
    let (stories,): (Stories,) = serde_json::from_str(wrapped).ok()?;
    (!stories.is_empty()).then_some(stories)
}

/// `judge` on `threads` threads (the calling one included), in pieces of about `piece_bytes`.
/// The rules are made from the skeleton first: the pieces' stories are judged by them.
fn judge_in(text: &str, threads: usize, piece_bytes: usize) -> Option<(Product, Vec<Problem>)> {
    let cut = cut(text, threads, piece_bytes)?;
    let skeleton = serde_json::from_str::<Product>(&cut.skeleton).ok()?;
    let rules = skeleton.rules();
    let ((), passes) = on_cores(
        text,
        &cut.pieces,
        threads,
        || (),
        |wrapped| {
            let (stories,): (Vec<Story>,) = serde_json::from_str(wrapped).ok()?;
            let mut pass = StoryPass::default();
            for story in &stories {
                rules.add(&mut pass, story);
            }
            (!stories.is_empty()).then_some(pass)
        },
    )?;
    let mut whole = StoryPass::default();
    for pass in passes {
        whole.append(pass);
    }
    let problems = rules.judge(whole);
    Some((skeleton, problems))
}

/// The text with the stories array's interior removed, and the pieces of that interior.
struct Cut {
    skeleton: String,
    pieces: Vec<(usize, usize)>,
}

/// `text` cut for reading on `threads` threads, if its layout allows and it is worth it.
fn cut(text: &str, threads: usize, piece_bytes: usize) -> Option<Cut> {
    let (open, close) = stories_array(text)?;
    let pieces = pieces(text.as_bytes(), open + 1, close, piece_bytes);
    if threads < 2 || pieces.len() < 2 {
        return None;
    }
    let skeleton = [&text[..=open], &text[close..]].concat();
    stories_at(&skeleton, open).then_some(Cut { skeleton, pieces })
}

/// `each` of the pieces (between brackets, see [`each_piece`]) in shares of one per
/// thread, the calling thread taking the first after running `beside`. The pieces' results
/// come in order; `None` if any piece gives `None`.
pub(super) fn on_cores<B, T: Send>(
    text: &str,
    pieces: &[(usize, usize)],
    threads: usize,
    beside: impl FnOnce() -> B,
    each: impl Fn(&str) -> Option<T> + Sync,
) -> Option<(B, Vec<T>)> {
    let per_thread = pieces.len().div_ceil(threads);
    let mut shares = pieces.chunks(per_thread);
    let own = shares.next()?;
    let each = &each;
    thread::scope(|scope| {
        let others: Vec<_> = shares
            .map(|share| scope.spawn(move || each_piece(text, share, each)))
            .collect();
        let beside = beside();
        let mut out = each_piece(text, own, each);
        for handle in others {
            let theirs = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            if let (Some(out), Some(theirs)) = (&mut out, theirs) {
                out.extend(theirs);
            } else {
                out = None;
            }
        }
        out.map(|out| (beside, out))
    })
}

/// The byte offsets of the guessed `[` and `]` of the top-level `stories` array.
fn stories_array(text: &str) -> Option<(usize, usize)> {
    let open = text.find(OPEN)? + OPEN.len() - 1;
    // Searched from the end: the few sprints and settings follow the backlog.
    let next = text.rfind(NEXT_KEY)?;
    let before = text.get(..next)?;
    let before = before.strip_suffix('\r').unwrap_or(before);
    let before = before.strip_suffix(',')?;
    if !before.ends_with("\n  ]") {
        return None;
    }
    let close = before.len() - 1;
    (close > open + 1).then_some((open, close))
}

/// Byte ranges that together with the commas between them make `start..close` (the array's
/// interior, or a run of it cut at a comma), each starting at a story's place and about
/// `size` bytes long.
pub(super) fn pieces(bytes: &[u8], start: usize, close: usize, size: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = start;
    while let Some(comma) = next_comma(bytes, start.saturating_add(size.max(1)), start, close) {
        out.push((start, comma));
        start = comma + 1;
    }
    out.push((start, close));
    out
}

/// The comma before the first line `    {` at or after `from`, if it is after `after` and
/// before `close`.
fn next_comma(bytes: &[u8], from: usize, after: usize, close: usize) -> Option<usize> {
    let window = bytes.get(from..close)?;
    let mut lines = window.iter().enumerate().filter(|(_, b)| **b == b'\n');
    lines.find_map(|(i, _)| {
        let at = from + i;
        if !bytes.get(at..close)?.starts_with(NEXT_STORY) {
            return None;
        }
        let end = if bytes.get(at.checked_sub(1)?) == Some(&b'\r') {
            at - 1
        } else {
            at
        };
        let comma = end.checked_sub(1)?;
        (bytes.get(comma) == Some(&b',') && comma > after).then_some(comma)
    })
}

/// `each` of the ranges of `text`, each put between two brackets: its stories then sit as
/// deep as in the document (object, array), so serde's nesting limit stops the same stories.
fn each_piece<T>(
    text: &str,
    ranges: &[(usize, usize)],
    each: impl Fn(&str) -> Option<T>,
) -> Option<Vec<T>> {
    let mut wrapped = String::new();
    let mut out = Vec::with_capacity(ranges.len());
    for &(start, end) in ranges {
        wrapped.clear();
        wrapped.push_str("[[");
        wrapped.push_str(text.get(start..end)?);
        wrapped.push_str("]]");
        out.push(each(&wrapped)?);
    }
    Some(out)
}

/// Whether `skeleton` is an object with one top-level `stories` key, whose value is the
/// `[]` at byte `open`.
pub(super) fn stories_at(skeleton: &str, open: usize) -> bool {
    struct Top<'a> {
        skeleton: &'a str,
        open: usize,
    }
    impl<'de> Visitor<'de> for Top<'de> {
        type Value = bool;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a document")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut found = Vec::new();
            while let Some(key) = map.next_key::<String>()? {
                let value: &'de RawValue = map.next_value()?;
                if key == "stories" {
                    found.push(value.get());
                }
            }
            let at = self.skeleton.get(self.open..).map(str::as_ptr);
            Ok(matches!(found[..], [one] if one == "[]" && Some(one.as_ptr()) == at))
        }
    }
    let mut de = serde_json::Deserializer::from_str(skeleton);
    let top = Top { skeleton, open };
    de.deserialize_map(top)
        .and_then(|found| de.end().map(|()| found))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests;
