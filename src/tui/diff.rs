//! Edits as differences between two products. A form save, a split or a bulk change
//! touches several things at once; instead of writing an inverse by hand for each, the edit runs on the
//! product and the entities it changed are compared with their before-images. The history
//! keeps only those images (never the whole document), as one [`Op::Batch`] each way.

use std::collections::HashMap;
use std::hash::Hash;

use crate::model::{Product, Sprint, Story};

use super::history::Op;

/// The operations that turn `before` into `after` (redo) and back (undo).
pub fn diff(before: &Product, after: &Product) -> (Op, Op) {
    (steps(before, after), steps(after, before))
}

/// Containers (visions, epics, sprints) are put back before the stories that point at them
/// and removed after the stories that stopped pointing at them; stories that do not exist
/// yet are put back before changed ones, since a changed one may be blocked by them.
fn steps(from: &Product, to: &Product) -> Op {
    let mut ops = Vec::new();
    // The document's own fields: a settle on `settings.backups` changes nothing else.
    if !from.same_head(to) {
        ops.push(Op::Head(Box::new(to.head())));
    }
    let visions = Changes::of(from.visions(), to.visions(), |v| v.id);
    let epics = Changes::of(from.epics(), to.epics(), |e| e.id);
    let sprints = Changes::of(from.sprints(), to.sprints(), |s: &Sprint| s.id);
    let stories = Changes::of(from.stories().shared(), to.stories().shared(), |s| s.id);
    for (v, at, _) in visions.put {
        ops.push(Op::Vision(Box::new(v.clone()), at));
    }
    for (e, at, _) in epics.put {
        ops.push(Op::Epic(Box::new(e.clone()), at));
    }
    for (s, at, _) in sprints.put {
        ops.push(Op::Sprint(Box::new(s.clone()), at));
    }
    ops.extend(stories.gone.into_iter().map(Op::RemoveStory));
    let (new, changed): (Vec<_>, Vec<_>) = stories.put.into_iter().partition(|(_, _, new)| *new);
    // Stories coming back may be blocked by each other: first put them all back without
    // their blockers, then as they were.
    for (s, at, _) in &new {
        let mut bare = Story::clone(s);
        bare.blocked_by.clear();
        ops.push(Op::Story(Box::new(bare), *at));
    }
    for (s, at, _) in new
        .into_iter()
        .filter(|(s, _, _)| !s.blocked_by.is_empty())
        .chain(changed)
    {
        ops.push(Op::Story(Box::new(Story::clone(s)), at));
    }
    ops.extend(sprints.gone.into_iter().map(Op::RemoveSprint));
    ops.extend(epics.gone.into_iter().map(Op::RemoveEpic));
    ops.extend(visions.gone.into_iter().map(Op::RemoveVision));
    Op::Batch(ops)
}

struct Changes<'a, T, Id> {
    /// Items of `to` that are new or differ (content, or the item before them, so an
    /// insertion touches two items rather than every one below it), in `to`'s order, with
    /// their 1-based position and whether they are missing from `from`.
    put: Vec<(&'a T, usize, bool)>,
    /// Ids in `from` that `to` no longer has.
    gone: Vec<Id>,
}

impl<'a, T: PartialEq, Id: Copy + Eq + Hash> Changes<'a, T, Id> {
    fn of(from: &'a [T], to: &'a [T], id: impl Fn(&T) -> Id) -> Self {
        let before = |list: &'a [T]| -> HashMap<Id, (Option<Id>, &'a T)> {
            let mut prev = None;
            let mut map = HashMap::with_capacity(list.len());
            for x in list {
                map.insert(id(x), (prev, x));
                prev = Some(id(x));
            }
            map
        };
        let old = before(from);
        let new = before(to);
        let put = to
            .iter()
            .enumerate()
            .filter_map(|(i, x)| {
                let prev = new.get(&id(x)).and_then(|(p, _)| *p);
                match old.get(&id(x)) {
                    Some((p, y)) if *p == prev && *y == x => None,
                    Some(_) => Some((x, i + 1, false)),
                    None => Some((x, i + 1, true)),
                }
            })
            .collect();
        let gone = from
            .iter()
            .map(&id)
            .filter(|k| !new.contains_key(k))
            .collect();
        Changes { put, gone }
    }
}
