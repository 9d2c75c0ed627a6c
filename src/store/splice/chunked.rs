//! The full canonical encode on every core, handed out in pieces as it is made: a CLI edit
//! of a file with no note of the last save streams it into the new file, so no buffer the
//! size of the document is ever held beside the product.

use std::io;
use std::sync::Arc;

use super::{BETWEEN, CLOSE, OPEN, frame, indented, pretty};
use crate::model::{Product, Story};

/// The canonical encoding of `product` (what [`encode`](crate::store::encode) writes),
/// in one buffer of `size` bytes reserved at once (the file's length, say): see
/// [`encode_chunked_into`].
pub fn encode_in_chunks(product: &Product, per_chunk: usize, size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(size);
    let written = encode_chunked_into(product, per_chunk, &mut |part| {
        out.extend_from_slice(part);
        Ok(())
    });
    debug_assert!(written.is_ok(), "a buffer takes every piece");
    out
}

/// The canonical encoding of `product` handed to `out` piece by piece, in order, its
/// stories encoded on every core: in rounds of one chunk of `per_chunk` stories per core,
/// each into its own buffer. While the other cores encode a round, this thread hands out
/// the round before and then encodes its own chunk, so a slow `out` (a file) is mostly
/// hidden behind the encode. Two rounds of buffers are all that is held. Stops at the
/// first error of `out`.
pub(in crate::store) fn encode_chunked_into(
    product: &Product,
    per_chunk: usize,
    out: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let head = pretty(&product.without_stories());
    let Some((before, after)) = frame(&head) else {
        out(&pretty(product))?;
        return out(b"\n");
    };
    let stories = product.stories().shared();
    if stories.is_empty() {
        out(&head)?;
        return out(b"\n");
    }
    out(before)?;
    out(OPEN)?;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunks: Vec<&[Arc<Story>]> = stories.chunks(per_chunk.max(1)).collect();
    let mut ready: Vec<Vec<u8>> = Vec::new();
    let mut first = true;
    for round in chunks.chunks(cores) {
        let Some((mine, others)) = round.split_first() else {
            continue;
        };
        ready = std::thread::scope(|scope| -> io::Result<Vec<Vec<u8>>> {
            let workers: Vec<_> = others
                .iter()
                .map(|chunk| scope.spawn(move || encoded(chunk)))
                .collect();
            hand_out(&ready, &mut first, out)?;
            let mut done = vec![encoded(mine)];
            for worker in workers {
                done.push(
                    worker
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            Ok(done)
        })?;
    }
    hand_out(&ready, &mut first, out)?;
    out(CLOSE)?;
    out(after)?;
    out(b"\n")
}

/// Chunks of stories to `out`, a separator before each but the very first.
fn hand_out(
    chunks: &[Vec<u8>],
    first: &mut bool,
    out: &mut dyn FnMut(&[u8]) -> io::Result<()>,
) -> io::Result<()> {
    for chunk in chunks {
        if !std::mem::take(first) {
            out(BETWEEN)?;
        }
        out(chunk)?;
    }
    Ok(())
}

/// Stories one after the other as they stand inside the document's list.
fn encoded(stories: &[Arc<Story>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(stories.len() * 1024);
    for (i, story) in stories.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(BETWEEN);
        }
        indented(&mut out, story);
    }
    out
}
