//! Three orders of one list made into one: the backlog, the epic ranking, a story's labels.
//!
//! The other side's order is the skeleton. Every item our side placed (added, or moved
//! relative to the base) is then put right after the item that precedes it in our order, so
//! a moved item keeps its new place relative to its neighbours whatever the other side
//! moved. Items both sides added after the same neighbour come theirs first, ours after:
//! ours is the later writer, as when two people add at the bottom in turn (at the very top,
//! the later writer's comes first).
//!
//! Near linear: "moved" is everything off a longest increasing subsequence of base
//! positions (O(n log n)), and the list is a linked list over indices.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

const HEAD: usize = 0;

/// The merged order of the items in `kept`, each once.
pub(super) fn merge<K: Eq + Hash + Clone>(
    base: &[K],
    ours: &[K],
    theirs: &[K],
    kept: &HashSet<K>,
) -> Vec<K> {
    let base_pos: HashMap<&K, usize> = base.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let in_ours: HashSet<&K> = ours.iter().collect();
    let moved = moved(&base_pos, ours);
    let mut list = Linked::default();
    for k in theirs.iter().filter(|k| kept.contains(*k)) {
        list.insert_after(list.last(), k);
    }
    let mut anchor = HEAD;
    for (i, k) in ours.iter().enumerate() {
        if !kept.contains(k) {
            continue;
        }
        let placed_by_ours = !base_pos.contains_key(k) || moved.contains(&i) || !list.contains(k);
        if placed_by_ours {
            list.unlink(k);
            let mut at = anchor;
            // Only an item our side put at the very top goes before theirs there; one
            // whose neighbours above are gone follows what theirs put in their place.
            if at != HEAD || i > 0 {
                while let Some(next) = list.next_key(at)
                    && !base_pos.contains_key(next)
                    && !in_ours.contains(next)
                {
                    at = list.node(next);
                }
            }
            list.insert_after(at, k);
        }
        anchor = list.node(k);
    }
    list.into_keys()
}

/// Positions in `side` of the items in the base that `side` moved: those off a longest
/// subsequence still in base order.
fn moved<K: Eq + Hash>(base_pos: &HashMap<&K, usize>, side: &[K]) -> HashSet<usize> {
    let common: Vec<(usize, usize)> = side
        .iter()
        .enumerate()
        .filter_map(|(i, k)| base_pos.get(k).map(|&b| (i, b)))
        .collect();
    let stay = increasing_subsequence(&common);
    common
        .iter()
        .enumerate()
        .filter(|(j, _)| !stay.contains(j))
        .map(|(_, (i, _))| *i)
        .collect()
}

/// How many of `items` (index, position elsewhere) are off a longest run still in order:
/// the number of moves that tell the two orders apart.
pub(super) fn moved_count(items: &[(usize, usize)]) -> usize {
    items.len() - increasing_subsequence(items).len()
}

/// Indices into `items` of a longest subsequence increasing in the second field (patience
/// sorting with back links).
fn increasing_subsequence(items: &[(usize, usize)]) -> HashSet<usize> {
    let mut tails: Vec<usize> = Vec::new();
    let mut back: Vec<Option<usize>> = vec![None; items.len()];
    for (j, &(_, value)) in items.iter().enumerate() {
        let slot = tails.partition_point(|&t| items[t].1 < value);
        back[j] = slot.checked_sub(1).map(|s| tails[s]);
        if slot == tails.len() {
            tails.push(j);
        } else {
            tails[slot] = j;
        }
    }
    let mut stay = HashSet::new();
    let mut at = tails.last().copied();
    while let Some(j) = at {
        stay.insert(j);
        at = back[j];
    }
    stay
}

/// A doubly linked list of keys over a vector; node 0 is the head.
struct Linked<'a, K> {
    keys: Vec<Option<&'a K>>,
    prev: Vec<usize>,
    next: Vec<Option<usize>>,
    index: HashMap<&'a K, usize>,
    linked: Vec<bool>,
    tail: usize,
}

impl<K> Default for Linked<'_, K> {
    fn default() -> Self {
        Linked {
            keys: vec![None],
            prev: vec![HEAD],
            next: vec![None],
            index: HashMap::new(),
            linked: vec![true],
            tail: HEAD,
        }
    }
}

impl<'a, K: Eq + Hash + Clone> Linked<'a, K> {
    fn contains(&self, k: &K) -> bool {
        self.index.get(k).is_some_and(|&n| self.linked[n])
    }

    fn last(&self) -> usize {
        self.tail
    }

    /// The node of a key in the list (the head for one that is not).
    fn node(&self, k: &K) -> usize {
        self.index.get(k).copied().unwrap_or(HEAD)
    }

    fn next_key(&self, at: usize) -> Option<&'a K> {
        self.next[at].and_then(|n| self.keys[n])
    }

    fn insert_after(&mut self, at: usize, k: &'a K) {
        let n = match self.index.get(k) {
            Some(&n) => n,
            None => {
                self.keys.push(Some(k));
                self.prev.push(HEAD);
                self.next.push(None);
                self.linked.push(false);
                let n = self.keys.len() - 1;
                self.index.insert(k, n);
                n
            }
        };
        let after = self.next[at];
        self.prev[n] = at;
        self.next[n] = after;
        self.next[at] = Some(n);
        match after {
            Some(a) => self.prev[a] = n,
            None => self.tail = n,
        }
        self.linked[n] = true;
    }

    fn unlink(&mut self, k: &K) {
        let Some(&n) = self.index.get(k) else {
            return;
        };
        if !self.linked[n] {
            return;
        }
        let (p, after) = (self.prev[n], self.next[n]);
        self.next[p] = after;
        match after {
            Some(a) => self.prev[a] = p,
            None => self.tail = p,
        }
        self.linked[n] = false;
    }

    fn into_keys(self) -> Vec<K> {
        let mut out = Vec::with_capacity(self.index.len());
        let mut at = self.next[HEAD];
        while let Some(n) = at {
            if let Some(k) = self.keys[n] {
                out.push(k.clone());
            }
            at = self.next[n];
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(base: &str, ours: &str, theirs: &str) -> String {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        let (b, o, t) = (chars(base), chars(ours), chars(theirs));
        // Kept: what both still have, plus what either added.
        let kept: HashSet<char> = o
            .iter()
            .chain(&t)
            .filter(|c| {
                let gone_from = |side: &[char]| b.contains(c) && !side.contains(c);
                !gone_from(&o) && !gone_from(&t)
            })
            .copied()
            .collect();
        merge(&b, &o, &t, &kept).into_iter().collect()
    }

    #[test]
    fn a_move_on_each_side_keeps_both() {
        // Ours moved e to the top, theirs moved b after d.
        assert_eq!(run("abcde", "eabcd", "acdbe"), "eacdb");
    }

    #[test]
    fn an_item_moved_on_one_side_keeps_its_neighbours() {
        assert_eq!(run("abcdef", "abdecf", "abcdef"), "abdecf");
        assert_eq!(run("abcdef", "abcdef", "abdecf"), "abdecf");
    }

    #[test]
    fn additions_at_the_bottom_come_theirs_then_ours() {
        assert_eq!(run("abc", "abcx", "abcy"), "abcyx");
        // At the top, the later writer's comes first.
        assert_eq!(run("abc", "xabc", "yabc"), "xyabc");
    }

    #[test]
    fn deletions_on_either_side_go_and_neighbours_hold() {
        assert_eq!(run("abcde", "abde", "abcd"), "abd");
        // Ours added after an item theirs deleted: it goes after the one before that.
        assert_eq!(run("abcd", "abcxd", "abd"), "abxd");
    }

    #[test]
    fn the_same_move_on_both_sides_is_made_once() {
        assert_eq!(run("abcd", "dabc", "dabc"), "dabc");
    }

    #[test]
    fn a_longest_run_in_order_stays() {
        let items: Vec<(usize, usize)> = [3, 1, 2, 0, 4].iter().copied().enumerate().collect();
        let stay = increasing_subsequence(&items);
        assert_eq!(stay.len(), 3); // 1, 2, 4
        assert!(stay.contains(&1) && stay.contains(&2) && stay.contains(&4));
    }
}
