//! What a save compares where only equality is asked ("did anyone write since I read?",
//! "is the new encoding the old one?"): the length and a keyed 64-bit hash of the bytes,
//! rather than a second copy of a file that may be tens of megabytes. The key is random per
//! process, so no file can be made to collide on purpose; an accidental collision of two
//! different files of the same length is a 1 in 2^64 chance.

use std::fs::File;
use std::hash::{BuildHasher, DefaultHasher, Hasher, RandomState};
use std::io::{self, Read};
use std::path::Path;
use std::sync::OnceLock;

/// The length and hash of some bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Digest {
    len: u64,
    hash: u64,
}

/// One key for the whole process, so digests taken at different times compare.
fn hasher() -> DefaultHasher {
    static KEY: OnceLock<RandomState> = OnceLock::new();
    KEY.get_or_init(RandomState::new).build_hasher()
}

impl Digest {
    pub fn of(bytes: &[u8]) -> Digest {
        let mut h = hasher();
        h.write(bytes);
        Digest {
            len: bytes.len() as u64,
            hash: h.finish(),
        }
    }

    /// The digest of a file's bytes, read in blocks: the same as [`Digest::of`] its
    /// contents (SipHash is a stream: the blocks' edges do not change the hash).
    pub fn of_file(path: &Path) -> io::Result<Digest> {
        let mut file = File::open(path)?;
        let mut block = vec![0; 1 << 20];
        let mut h = hasher();
        let mut len = 0;
        loop {
            match file.read(&mut block) {
                Ok(0) => break,
                Ok(n) => {
                    h.write(&block[..n]);
                    len += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Digest {
            len,
            hash: h.finish(),
        })
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
        // Longer than one block, and not a multiple of it, nor of SipHash's 8 bytes.
        let bytes: Vec<u8> = (0..(1 << 20) * 2 + 13)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(Digest::of_file(&path).unwrap(), Digest::of(&bytes));
        let mut changed = bytes.clone();
        changed[1 << 20] ^= 1;
        assert_ne!(Digest::of(&changed), Digest::of(&bytes));
        assert_ne!(Digest::of(&bytes[1..]), Digest::of(&bytes));
    }
}
