//! Maps and sets keyed by ids, hashed cheaply. The derived figures index all 100k stories
//! of a large backlog on every change; SipHash (std's default) made those tables most of
//! the cost. Ids are numbers the document itself numbers, so a multiply spreads them well;
//! the table's resistance to chosen keys buys nothing against one's own file.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

/// A multiply-xorshift hash of the integers an id is made of.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdHasher(u64);

/// An odd constant with its bits well mixed (2^64 divided by the golden ratio).
const SPREAD: u64 = 0x9e37_79b9_7f4a_7c15;

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(SPREAD);
    }

    /// The high bits fold into the low ones, which pick the bucket.
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// Each id with its position, in a table sized once.
pub fn enumerate<K: std::hash::Hash + Eq>(
    ids: impl ExactSizeIterator<Item = K>,
) -> IdMap<K, usize> {
    let mut map = IdMap::with_capacity_and_hasher(ids.len(), BuildHasherDefault::default());
    map.extend(ids.enumerate().map(|(i, id)| (id, i)));
    map
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::StoryId;

    #[test]
    fn ids_find_their_positions_and_nothing_else() {
        let map = enumerate((1..1001).map(StoryId));
        assert_eq!(map.len(), 1000);
        assert_eq!(map.get(&StoryId(1)), Some(&0));
        assert_eq!(map.get(&StoryId(1000)), Some(&999));
        assert_eq!(map.get(&StoryId(1001)), None);
    }
}
