//! The backlog's storage: stories in rank order, each behind its own `Arc`.
//!
//! Copying a product (a save's snapshot, an undo image) then copies one pointer per story,
//! not the story: 100k stories clone in about a millisecond instead of a tenth of a second.
//! A change copies only the story it touches, and only while a copy is shared
//! (`Arc::make_mut`), so a story whose `Arc` is the same as in an older copy of the product
//! is unchanged since that copy: the store relies on that to re-encode only what changed.

use std::ops::{Index, IndexMut};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Story;

#[derive(Debug, Clone, Default, PartialEq, JsonSchema)]
#[schemars(transparent)]
pub struct Stories(Vec<Arc<Story>>);

/// Stories in rank order, as plain references.
pub type Iter<'a> = std::iter::Map<std::slice::Iter<'a, Arc<Story>>, fn(&Arc<Story>) -> &Story>;

impl Stories {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> Iter<'_> {
        self.0.iter().map(|s| &**s)
    }

    pub fn get(&self, i: usize) -> Option<&Story> {
        self.0.get(i).map(|s| &**s)
    }

    pub fn first(&self) -> Option<&Story> {
        self.get(0)
    }

    pub fn last(&self) -> Option<&Story> {
        self.0.last().map(|s| &**s)
    }

    /// The stories as the shared pointers they are kept in: two products whose story at
    /// some place is the same `Arc` hold the same story there (see the module's doc).
    pub fn shared(&self) -> &[Arc<Story>] {
        &self.0
    }

    /// Puts `more` after the stories already here, in order: the store parses a large
    /// backlog in pieces and joins them, which is the same list as parsing it whole.
    pub(super) fn append(&mut self, more: Stories) {
        self.0.extend(more.0);
    }

    pub(super) fn push(&mut self, story: Story) {
        self.0.push(Arc::new(story));
    }

    pub(super) fn insert(&mut self, at: usize, story: Story) {
        self.0.insert(at, Arc::new(story));
    }

    pub(super) fn remove(&mut self, at: usize) -> Story {
        Arc::unwrap_or_clone(self.0.remove(at))
    }

    /// The list itself, to reorder it: moving a story copies no story.
    pub(super) fn ranked_mut(&mut self) -> &mut Vec<Arc<Story>> {
        &mut self.0
    }

    /// Runs `change` on every story `which` picks. Stories not picked are not touched, so
    /// they stay shared with any copy of the product.
    pub(super) fn change_where(
        &mut self,
        which: impl Fn(&Story) -> bool,
        mut change: impl FnMut(&mut Story),
    ) {
        for s in &mut self.0 {
            if which(s) {
                change(Arc::make_mut(s));
            }
        }
    }
}

impl Index<usize> for Stories {
    type Output = Story;

    fn index(&self, i: usize) -> &Story {
        &self.0[i]
    }
}

/// Changing a story in place copies it first if an older product still shares it.
impl IndexMut<usize> for Stories {
    fn index_mut(&mut self, i: usize) -> &mut Story {
        Arc::make_mut(&mut self.0[i])
    }
}

impl<'a> IntoIterator for &'a Stories {
    type Item = &'a Story;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl FromIterator<Story> for Stories {
    fn from_iter<I: IntoIterator<Item = Story>>(stories: I) -> Stories {
        Stories(stories.into_iter().map(Arc::new).collect())
    }
}

impl Serialize for Stories {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Each story goes straight into its `Arc`, with no list of bare stories in between (at
/// 100k stories that list would be 40 MB more to fill and free).
impl<'de> Deserialize<'de> for Stories {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Stories, D::Error> {
        struct Seq;
        impl<'de> Visitor<'de> for Seq {
            type Value = Stories;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of stories")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Stories, A::Error> {
                let mut stories = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(story) = seq.next_element::<Story>()? {
                    stories.push(Arc::new(story));
                }
                Ok(Stories(stories))
            }
        }
        deserializer.deserialize_seq(Seq)
    }
}
