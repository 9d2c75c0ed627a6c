//! What a save compares where only equality is asked ("did anyone write since I read?",
//! "is the new encoding the old one?", "is this the file roadlog last saved?"): the length
//! and the 128-bit xxh3 hash of the bytes, rather than a second copy of a file that may be
//! tens of megabytes. The hash is fixed (one seed, one algorithm), so a digest written down
//! by one process (the note of a save, `last_save.rs`) compares with one taken by another. It is not a
//! cryptographic hash: it guards against accidents, and an accidental collision of two
//! files of the same length is a 1 in 2^128 chance; someone able to forge one can write the
//! document anyway.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use xxhash_rust::xxh3::Xxh3;

/// The length and hash of some bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Digest {
    len: u64,
    hash: u128,
}

impl Digest {
    pub fn of(bytes: &[u8]) -> Digest {
        Digest::of_parts([bytes])
    }

    /// The digest of `parts` one after the other: the same as [`Digest::of`] their
    /// concatenation (xxh3 streams: where the parts end does not change the hash).
    pub fn of_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Digest {
        let mut h = Xxh3::new();
        let mut len = 0;
        for part in parts {
            h.update(part);
            len += part.len() as u64;
        }
        Digest {
            len,
            hash: h.digest128(),
        }
    }

    /// The digest of a file's bytes, read in blocks: the same as [`Digest::of`] its
    /// contents.
    pub fn of_file(path: &Path) -> io::Result<Digest> {
        let mut file = File::open(path)?;
        let mut block = vec![0; 1 << 20];
        let mut h = Xxh3::new();
        let mut len = 0;
        loop {
            match file.read(&mut block) {
                Ok(0) => break,
                Ok(n) => {
                    h.update(&block[..n]);
                    len += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Digest {
            len,
            hash: h.digest128(),
        })
    }

    /// As written in the note of a save: `<length> <32 hex digits>`, the same for the same
    /// bytes in every process.
    pub fn to_text(self) -> String {
        format!("{} {:032x}", self.len, self.hash)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_in_blocks_digests_as_its_bytes_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        // Longer than one block, and not a multiple of it, nor of xxh3's 64-byte stripes.
        let bytes: Vec<u8> = (0..(1 << 20) * 2 + 13)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(Digest::of_file(&path).unwrap(), Digest::of(&bytes));
        let (a, b) = bytes.split_at(1 << 20 | 5);
        let (b, c) = b.split_at(3);
        assert_eq!(Digest::of_parts([a, b, &[], c]), Digest::of(&bytes));
        let mut changed = bytes.clone();
        changed[1 << 20] ^= 1;
        assert_ne!(Digest::of(&changed), Digest::of(&bytes));
        assert_ne!(Digest::of(&bytes[1..]), Digest::of(&bytes));
    }
}
