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
        let mut digester = Digester::default();
        for part in parts {
            digester.update(part);
        }
        digester.finish()
    }

    /// The digest of a file's bytes, read in blocks: the same as [`Digest::of`] its
    /// contents.
    pub fn of_file(path: &Path) -> io::Result<Digest> {
        Digest::of_reader(File::open(path)?)
    }

    /// The digest of everything `source` yields, read in blocks.
    pub fn of_reader(mut source: impl Read) -> io::Result<Digest> {
        let mut block = vec![0; 1 << 20];
        let mut digester = Digester::default();
        loop {
            match source.read(&mut block) {
                Ok(0) => return Ok(digester.finish()),
                Ok(n) => digester.update(&block[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// As written in the note of a save: `<length> <32 hex digits>`, the same for the same
    /// bytes in every process.
    pub fn to_text(self) -> String {
        format!("{} {:032x}", self.len, self.hash)
    }
}

/// A digest taken of bytes as they pass, part by part.
#[derive(Default)]
pub(super) struct Digester {
    hash: Xxh3,
    len: u64,
}

impl Digester {
    pub fn update(&mut self, part: &[u8]) {
        self.hash.update(part);
        self.len += part.len() as u64;
    }

    pub fn finish(&self) -> Digest {
        Digest {
            len: self.len,
            hash: self.hash.digest128(),
        }
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
